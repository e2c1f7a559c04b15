//! The interaction API the SPA (or any login UI) calls: read what the
//! authorization request asks, then log in, give the second factor,
//! consent or deny. Each step needs the browser that started the request
//! (its `auth_browser` cookie) and the interaction's CSRF token in
//! `X-CSRF-Token`.

use std::collections::BTreeMap;

use poem::Request;
use poem::web::Data;
use poem_openapi::param::{Header, Path};
use poem_openapi::payload::{Form, Json};
use poem_openapi::{ApiRequest, ApiResponse, Object, OpenApi};
use serde::Deserialize;

use super::ApiTags;
use super::auth::request_context;
use super::cookies::{self, SESSION_COOKIE};
use super::error::ErrorResponse;
use crate::domain::ApiError;
use crate::oauth::interaction::{self, Step, StepAnswer, View};
use crate::password::Password;
use crate::state::{AppState, SharedState};

#[derive(Object)]
pub struct InteractionClient {
    pub client_id: String,
    pub name: String,
}

#[derive(Object)]
pub struct ScopeInfo {
    pub name: String,
    pub description: String,
    /// `openid`: cannot be unticked.
    pub required: bool,
    /// Level names, least to most; empty for a scope without levels.
    pub levels: Vec<String>,
    #[oai(skip_serializing_if_is_none)]
    pub default_level: Option<String>,
}

/// What an authorization request asks of the user.
#[derive(Object)]
pub struct Interaction {
    pub id: String,
    pub client: InteractionClient,
    pub scopes: Vec<ScopeInfo>,
    /// The step due: `login`, `otp` or `consent`.
    pub next: String,
    /// Send back as `X-CSRF-Token` with every step.
    pub csrf_token: String,
    /// Who is signing in, once known.
    #[oai(skip_serializing_if_is_none)]
    pub username: Option<String>,
}

impl From<View> for Interaction {
    fn from(v: View) -> Self {
        Self {
            id: v.id,
            client: InteractionClient {
                client_id: v.client_id,
                name: v.client_name,
            },
            scopes: v
                .scopes
                .into_iter()
                .map(|s| ScopeInfo {
                    name: s.name,
                    description: s.description,
                    required: s.required,
                    levels: s.levels,
                    default_level: s.default_level,
                })
                .collect(),
            next: v.next,
            csrf_token: v.csrf_token,
            username: v.username,
        }
    }
}

/// The answer to a step: go to `redirect_to`, or show the `next` step.
#[derive(Object)]
#[oai(skip_serializing_if_is_none)]
pub struct StepResult {
    pub redirect_to: Option<String>,
    /// `otp` or `consent`.
    pub next: Option<String>,
}

#[derive(ApiResponse)]
pub enum StepResponse {
    /// The step is done. A finished sign-in sets the session cookie.
    #[oai(status = 200)]
    Ok(
        Json<StepResult>,
        #[oai(header = "Set-Cookie")] Option<String>,
    ),
}

#[derive(Object, Deserialize)]
pub struct LoginInput {
    pub username: Option<String>,
    #[oai(write_only)]
    pub password: Option<String>,
}

#[derive(ApiRequest)]
pub enum LoginBody {
    Json(Json<LoginInput>),
    Form(Form<LoginInput>),
}

#[derive(Object, Deserialize)]
pub struct OtpInput {
    /// The authenticator app's current code.
    #[oai(write_only)]
    pub otp: Option<String>,
}

#[derive(ApiRequest)]
pub enum OtpBody {
    Json(Json<OtpInput>),
    Form(Form<OtpInput>),
}

#[derive(Object, Deserialize, Default)]
pub struct ConsentInput {
    /// The scopes left ticked (`openid`, when asked, must be among them).
    #[oai(default)]
    pub scopes: Vec<String>,
    /// A level per levelled scope, e.g. `{"profile": "full"}`; the default
    /// level where none is given.
    #[oai(default)]
    pub policies: BTreeMap<String, String>,
}

fn answer(state: &AppState, a: StepAnswer) -> StepResponse {
    let cookie = a.session_cookie.map(|c| {
        cookies::set(
            SESSION_COOKIE,
            c.expose(),
            state.settings.session_ttl,
            &state.settings.issuer,
        )
    });
    let body = match a.step {
        Step::Next(next) => StepResult {
            redirect_to: None,
            next: Some(next.to_string()),
        },
        Step::RedirectTo(url) => StepResult {
            redirect_to: Some(url),
            next: None,
        },
    };
    StepResponse::Ok(Json(body), cookie)
}

fn required(v: Option<String>, name: &str) -> Result<String, ErrorResponse> {
    v.filter(|s| !s.is_empty())
        .ok_or_else(|| ApiError::invalid_request(format!("{name} is required")).into())
}

#[derive(Default)]
pub struct InteractionApi;

#[OpenApi(tag = "ApiTags::Interaction")]
impl InteractionApi {
    /// Read an interaction
    ///
    /// The client, the scopes asked for (with descriptions and levels), the
    /// step due, and the CSRF token the steps need. Only for the browser
    /// that started the authorization request.
    #[oai(
        path = "/api/interaction/:id",
        method = "get",
        operation_id = "interaction_get"
    )]
    async fn get(
        &self,
        state: Data<&SharedState>,
        req: &Request,
        id: Path<String>,
    ) -> Result<Json<Interaction>, ErrorResponse> {
        let ctx = request_context(req, &state);
        let view = interaction::view(&state, &ctx, &id, &cookies::browser(req)).await?;
        Ok(Json(view.into()))
    }

    /// Log in
    ///
    /// Username and password. Answers `{"next": "otp"}` when the user has an
    /// authenticator, `{"next": "consent"}`, or `{"redirect_to": …}`. A
    /// wrong password is 400 `invalid_credentials`; too many is 429.
    #[oai(
        path = "/api/interaction/:id/login",
        method = "post",
        operation_id = "interaction_login"
    )]
    async fn login(
        &self,
        state: Data<&SharedState>,
        req: &Request,
        id: Path<String>,
        #[oai(name = "X-CSRF-Token")] csrf: Header<Option<String>>,
        body: LoginBody,
    ) -> Result<StepResponse, ErrorResponse> {
        let ctx = request_context(req, &state);
        let (LoginBody::Json(Json(b)) | LoginBody::Form(Form(b))) = body;
        let username = required(b.username, "username")?;
        let password = Password::new(required(b.password, "password")?);
        let a = interaction::login(
            &state,
            &ctx,
            &id,
            &cookies::browser(req),
            csrf.0.as_deref(),
            &username,
            &password,
        )
        .await?;
        Ok(answer(&state, a))
    }

    /// Second factor
    ///
    /// The authenticator app's current code; 400 `invalid_otp` when wrong.
    #[oai(
        path = "/api/interaction/:id/otp",
        method = "post",
        operation_id = "interaction_otp"
    )]
    async fn otp(
        &self,
        state: Data<&SharedState>,
        req: &Request,
        id: Path<String>,
        #[oai(name = "X-CSRF-Token")] csrf: Header<Option<String>>,
        body: OtpBody,
    ) -> Result<StepResponse, ErrorResponse> {
        let ctx = request_context(req, &state);
        let (OtpBody::Json(Json(b)) | OtpBody::Form(Form(b))) = body;
        let code = required(b.otp, "otp")?;
        let a = interaction::otp(
            &state,
            &ctx,
            &id,
            &cookies::browser(req),
            csrf.0.as_deref(),
            &code,
        )
        .await?;
        Ok(answer(&state, a))
    }

    /// Consent
    ///
    /// The scopes the user left ticked and a level per levelled scope;
    /// remembered for the next request of the same client.
    #[oai(
        path = "/api/interaction/:id/consent",
        method = "post",
        operation_id = "interaction_consent"
    )]
    async fn consent(
        &self,
        state: Data<&SharedState>,
        req: &Request,
        id: Path<String>,
        #[oai(name = "X-CSRF-Token")] csrf: Header<Option<String>>,
        body: Json<ConsentInput>,
    ) -> Result<StepResponse, ErrorResponse> {
        let ctx = request_context(req, &state);
        let a = interaction::consent(
            &state,
            &ctx,
            &id,
            &cookies::browser(req),
            csrf.0.as_deref(),
            &body.scopes,
            &body.policies,
        )
        .await?;
        Ok(answer(&state, a))
    }

    /// Deny
    ///
    /// The user says no: the client gets `access_denied`.
    #[oai(
        path = "/api/interaction/:id/deny",
        method = "post",
        operation_id = "interaction_deny"
    )]
    async fn deny(
        &self,
        state: Data<&SharedState>,
        req: &Request,
        id: Path<String>,
        #[oai(name = "X-CSRF-Token")] csrf: Header<Option<String>>,
    ) -> Result<StepResponse, ErrorResponse> {
        let ctx = request_context(req, &state);
        let a =
            interaction::deny(&state, &ctx, &id, &cookies::browser(req), csrf.0.as_deref()).await?;
        Ok(answer(&state, a))
    }
}
