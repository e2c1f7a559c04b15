//! Typed calls to the server's API over `fetch` (gloo-net). The bodies are
//! the server's own types (`auth-api-types`), so they cannot drift from
//! `openapi/openapi.json`. Same origin: the browser sends the interaction
//! cookies itself; account and admin calls carry the bearer token.

use auth_api_types::*;
use gloo_net::http::{Request, RequestBuilder, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::auth::{CLIENT_ID, enc, query};

/// A failed call: the server's `{"error", "error_description"}` with its
/// status (and `Retry-After`), or no answer at all.
#[derive(Clone, Debug, PartialEq)]
pub enum ApiError {
    Status {
        status: u16,
        error: String,
        description: String,
        retry_after: Option<u64>,
    },
    Network(String),
}

impl ApiError {
    pub fn status(&self) -> u16 {
        match self {
            ApiError::Status { status, .. } => *status,
            ApiError::Network(_) => 0,
        }
    }

    pub fn code(&self) -> &str {
        match self {
            ApiError::Status { error, .. } => error,
            ApiError::Network(_) => "network_error",
        }
    }

    /// A sentence for the user (the messages module knows better ones for
    /// the codes each screen expects).
    pub fn describe(&self) -> String {
        match self {
            ApiError::Network(_) => {
                "The server could not be reached. Check your connection and try again.".into()
            }
            ApiError::Status { description, .. } if !description.is_empty() => {
                crate::messages::sentence(description)
            }
            ApiError::Status { status, .. } => {
                format!("The server answered with an error ({status}).")
            }
        }
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

async fn error_of(resp: Response) -> ApiError {
    let status = resp.status();
    let retry_after = resp
        .headers()
        .get("retry-after")
        .and_then(|v| v.trim().parse().ok());
    let body: Option<ErrorBody> = resp.json().await.ok();
    let body = body.unwrap_or_default();
    ApiError::Status {
        status,
        error: body.error,
        description: body.error_description,
        retry_after,
    }
}

async fn send(req: Result<Request, gloo_net::Error>) -> ApiResult<Response> {
    let req = req.map_err(|e| ApiError::Network(e.to_string()))?;
    let resp = req
        .send()
        .await
        .map_err(|e| ApiError::Network(e.to_string()))?;
    if resp.ok() {
        Ok(resp)
    } else {
        Err(error_of(resp).await)
    }
}

async fn json<T: DeserializeOwned>(req: Result<Request, gloo_net::Error>) -> ApiResult<T> {
    let resp = send(req).await?;
    resp.json()
        .await
        .map_err(|e| ApiError::Network(format!("unexpected answer: {e}")))
}

fn authed(b: RequestBuilder, token: &str) -> RequestBuilder {
    b.header("Authorization", &format!("Bearer {token}"))
        .header("Accept", "application/json")
}

async fn get<T: DeserializeOwned>(path: &str, token: &str) -> ApiResult<T> {
    json(authed(Request::get(path), token).build()).await
}

async fn with_body<B: Serialize, T: DeserializeOwned>(
    b: RequestBuilder,
    token: &str,
    body: &B,
) -> ApiResult<T> {
    json(authed(b, token).json(body)).await
}

async fn delete(path: &str, token: &str) -> ApiResult<()> {
    send(authed(Request::delete(path), token).build())
        .await
        .map(|_| ())
}

// ------------------------------------------------------------ interaction

pub async fn interaction(id: &str) -> ApiResult<Interaction> {
    json(Request::get(&format!("/api/interaction/{}", enc(id))).build()).await
}

async fn interaction_post<B: Serialize>(
    id: &str,
    step: &str,
    csrf: &str,
    body: &B,
) -> ApiResult<InteractionAnswer> {
    let path = format!("/api/interaction/{}/{step}", enc(id));
    json(Request::post(&path).header("X-CSRF-Token", csrf).json(body)).await
}

pub async fn login(id: &str, csrf: &str, body: &LoginInput) -> ApiResult<InteractionAnswer> {
    interaction_post(id, "login", csrf, body).await
}

pub async fn otp(id: &str, csrf: &str, body: &OtpInput) -> ApiResult<InteractionAnswer> {
    interaction_post(id, "otp", csrf, body).await
}

pub async fn consent(id: &str, csrf: &str, body: &ConsentInput) -> ApiResult<InteractionAnswer> {
    interaction_post(id, "consent", csrf, body).await
}

pub async fn deny(id: &str, csrf: &str) -> ApiResult<InteractionAnswer> {
    interaction_post(id, "deny", csrf, &serde_json::json!({})).await
}

// ------------------------------------------------------------ tokens

/// RFC 6749 §4.1.3 with the PKCE verifier (RFC 7636 §4.5).
pub async fn exchange_code(code: &str, verifier: &str, redirect_uri: &str) -> ApiResult<TokenBody> {
    let form = query(&[
        ("grant_type", "authorization_code"),
        ("code", code),
        ("redirect_uri", redirect_uri),
        ("client_id", CLIENT_ID),
        ("code_verifier", verifier),
    ]);
    json(
        Request::post("/oauth2/token")
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(form),
    )
    .await
}

// ------------------------------------------------------------ account

pub async fn profile(token: &str) -> ApiResult<Profile> {
    get("/api/profile", token).await
}

pub async fn update_profile(token: &str, change: &ProfileChange) -> ApiResult<Profile> {
    with_body(Request::patch("/api/profile"), token, change).await
}

pub async fn authenticator(token: &str) -> ApiResult<AuthenticatorStatus> {
    get("/api/account/authenticator", token).await
}

pub async fn start_enrollment(token: &str) -> ApiResult<EnrollmentBody> {
    with_body(
        Request::post("/api/account/authenticator"),
        token,
        &serde_json::json!({}),
    )
    .await
}

pub async fn confirm_enrollment(token: &str, otp: &str) -> ApiResult<Confirmed> {
    let body = CodeBody {
        otp: Some(otp.to_string()),
    };
    with_body(
        Request::post("/api/account/authenticator/confirm"),
        token,
        &body,
    )
    .await
}

pub async fn remove_authenticator(token: &str, proof: &RemovalBody) -> ApiResult<()> {
    send(authed(Request::delete("/api/account/authenticator"), token).json(proof))
        .await
        .map(|_| ())
}

pub async fn grants(token: &str) -> ApiResult<Vec<ConnectedApp>> {
    get("/api/account/grants", token).await
}

pub async fn revoke_grant(token: &str, client_id: &str) -> ApiResult<()> {
    delete(&format!("/api/account/grants/{}", enc(client_id)), token).await
}

// ------------------------------------------------------------ admin

pub async fn clients(token: &str) -> ApiResult<Vec<ClientView>> {
    get("/api/admin/clients", token).await
}

pub async fn create_client(token: &str, c: &NewClient) -> ApiResult<CreatedClient> {
    with_body(Request::post("/api/admin/clients"), token, c).await
}

pub async fn update_client(token: &str, id: &str, c: &ClientChange) -> ApiResult<ClientView> {
    with_body(
        Request::patch(&format!("/api/admin/clients/{}", enc(id))),
        token,
        c,
    )
    .await
}

pub async fn rotate_secret(token: &str, id: &str) -> ApiResult<NewSecret> {
    let path = format!("/api/admin/clients/{}/secret", enc(id));
    with_body(Request::post(&path), token, &serde_json::json!({})).await
}

pub async fn delete_client(token: &str, id: &str) -> ApiResult<()> {
    delete(&format!("/api/admin/clients/{}", enc(id)), token).await
}

pub async fn users(token: &str, limit: i64, offset: i64) -> ApiResult<Vec<AdminUser>> {
    get(
        &format!("/api/admin/users?limit={limit}&offset={offset}"),
        token,
    )
    .await
}

pub async fn create_user(token: &str, u: &NewUser) -> ApiResult<AdminUser> {
    with_body(Request::post("/api/admin/users"), token, u).await
}

pub async fn update_user(token: &str, id: &str, u: &UserChange) -> ApiResult<AdminUser> {
    with_body(
        Request::patch(&format!("/api/admin/users/{}", enc(id))),
        token,
        u,
    )
    .await
}

pub async fn reset_authenticator(token: &str, id: &str) -> ApiResult<()> {
    delete(
        &format!("/api/admin/users/{}/authenticator", enc(id)),
        token,
    )
    .await
}

pub async fn roles(token: &str) -> ApiResult<Vec<Role>> {
    get("/api/admin/roles", token).await
}

pub async fn service_keys(token: &str) -> ApiResult<Vec<ServiceKeyView>> {
    get("/api/admin/service-keys", token).await
}

pub async fn create_service_key(token: &str, k: &NewServiceKey) -> ApiResult<CreatedKey> {
    with_body(Request::post("/api/admin/service-keys"), token, k).await
}

pub async fn revoke_service_key(token: &str, id: &str) -> ApiResult<()> {
    delete(&format!("/api/admin/service-keys/{}", enc(id)), token).await
}

/// `GET /api/admin/audit` with the filters that are set.
pub async fn audit(token: &str, filters: &[(&str, String)]) -> ApiResult<AuditPage> {
    let pairs: Vec<(&str, &str)> = filters
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| (*k, v.as_str()))
        .collect();
    get(&format!("/api/admin/audit?{}", query(&pairs)), token).await
}
