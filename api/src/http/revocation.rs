//! `POST /oauth2/revoke` (RFC 7009) and `POST /oauth2/introspect` (RFC 7662).

use std::collections::BTreeMap;

use poem::Request;
use poem::web::Data;
use poem_openapi::payload::{Form, Json};
use poem_openapi::{ApiResponse, Object, OpenApi};
use serde::Deserialize;

use super::ApiTags;
use super::auth::{ClientAuth, IntrospectionAuth, presented_credentials};
use super::error::{ErrorBody, ErrorResponse, describe_parse_error};
use crate::domain::service_keys::authenticate_service_key;
use crate::oauth::client_auth::authenticate_client;
use crate::oauth::error::OAuthError;
use crate::oauth::introspect::{Introspection, Introspector, introspect};
use crate::oauth::revoke::revoke;
use crate::state::{AppState, SharedState};

#[derive(Object, Deserialize)]
pub struct TokenParam {
    /// The token to revoke or describe.
    #[oai(write_only)]
    pub token: Option<String>,
    /// `access_token` or `refresh_token`; a hint only.
    pub token_type_hint: Option<String>,
    pub client_id: Option<String>,
    #[oai(write_only)]
    pub client_secret: Option<String>,
}

#[derive(ApiResponse)]
#[oai(bad_request_handler = "revoke_bad_request")]
pub enum RevokeResponse {
    /// Revoked, or there was nothing to revoke (RFC 7009 §2.2).
    #[oai(status = 200)]
    Ok,
    #[oai(status = 400)]
    BadRequest(Json<ErrorBody>),
    #[oai(status = 401)]
    Unauthorized(Json<ErrorBody>, #[oai(header = "WWW-Authenticate")] String),
    #[oai(status = 500)]
    ServerError(Json<ErrorBody>),
}

fn revoke_bad_request(err: poem::Error) -> RevokeResponse {
    RevokeResponse::BadRequest(ErrorBody::new(
        "invalid_request",
        &describe_parse_error(&err),
    ))
}

impl From<OAuthError> for RevokeResponse {
    fn from(e: OAuthError) -> Self {
        ErrorResponse::from(e).into()
    }
}

impl From<ErrorResponse> for RevokeResponse {
    fn from(e: ErrorResponse) -> Self {
        match e {
            ErrorResponse::Unauthorized(b, h) => RevokeResponse::Unauthorized(b, h),
            ErrorResponse::Internal(b) => RevokeResponse::ServerError(b),
            ErrorResponse::BadRequest(b)
            | ErrorResponse::Forbidden(b)
            | ErrorResponse::NotFound(b)
            | ErrorResponse::Conflict(b) => RevokeResponse::BadRequest(b),
        }
    }
}

/// RFC 7662 §2.2.
#[derive(Object, Default)]
#[oai(skip_serializing_if_is_none)]
pub struct IntrospectionBody {
    pub active: bool,
    pub scope: Option<String>,
    pub client_id: Option<String>,
    pub username: Option<String>,
    pub token_type: Option<String>,
    pub exp: Option<i64>,
    pub iat: Option<i64>,
    pub sub: Option<String>,
    pub aud: Option<String>,
    pub iss: Option<String>,
    pub jti: Option<String>,
    pub roles: Option<Vec<String>>,
    /// The level chosen per scope, e.g. `{"profile": "basic"}`.
    pub policies: Option<BTreeMap<String, String>>,
}

impl From<Introspection> for IntrospectionBody {
    fn from(i: Introspection) -> Self {
        Self {
            active: i.active,
            scope: i.scope,
            client_id: i.client_id,
            username: i.username,
            token_type: i.token_type.map(str::to_string),
            exp: i.exp,
            iat: i.iat,
            sub: i.sub,
            aud: i.aud,
            iss: i.iss,
            jti: i.jti,
            roles: i.roles,
            policies: i.policies,
        }
    }
}

#[derive(ApiResponse)]
#[oai(bad_request_handler = "introspect_bad_request")]
pub enum IntrospectResponse {
    /// The token's state; `{"active": false}` for any token that is not
    /// active.
    #[oai(status = 200)]
    Ok(Json<Box<IntrospectionBody>>),
    #[oai(status = 400)]
    BadRequest(Json<ErrorBody>),
    /// The caller is neither an authenticated client nor a service key.
    #[oai(status = 401)]
    Unauthorized(Json<ErrorBody>, #[oai(header = "WWW-Authenticate")] String),
    #[oai(status = 500)]
    ServerError(Json<ErrorBody>),
}

fn introspect_bad_request(err: poem::Error) -> IntrospectResponse {
    IntrospectResponse::BadRequest(ErrorBody::new(
        "invalid_request",
        &describe_parse_error(&err),
    ))
}

impl From<ErrorResponse> for IntrospectResponse {
    fn from(e: ErrorResponse) -> Self {
        match e {
            ErrorResponse::Unauthorized(b, h) => IntrospectResponse::Unauthorized(b, h),
            ErrorResponse::Internal(b) => IntrospectResponse::ServerError(b),
            ErrorResponse::BadRequest(b)
            | ErrorResponse::Forbidden(b)
            | ErrorResponse::NotFound(b)
            | ErrorResponse::Conflict(b) => IntrospectResponse::BadRequest(b),
        }
    }
}

#[derive(Default)]
pub struct RevocationApi;

#[OpenApi(tag = "ApiTags::OAuth")]
impl RevocationApi {
    /// Revoke a token
    ///
    /// RFC 7009. An access token stops working at once everywhere; a
    /// refresh token is revoked with its whole family. Unknown tokens answer
    /// 200 as well; a token of another client is refused.
    #[oai(path = "/oauth2/revoke", method = "post", operation_id = "revoke")]
    async fn revoke(
        &self,
        state: Data<&SharedState>,
        req: &Request,
        _auth: ClientAuth,
        form: Form<TokenParam>,
    ) -> RevokeResponse {
        let form = form.0;
        let creds = presented_credentials(req, form.client_id, form.client_secret);
        let client = match authenticate_client(&state.store, creds).await {
            Ok(c) => c,
            Err(e) => return e.into(),
        };
        let Some(token) = form.token.filter(|t| !t.is_empty()) else {
            return OAuthError::invalid_request("token is required").into();
        };
        match revoke(&state, &client.client.id, &token).await {
            Ok(()) => RevokeResponse::Ok,
            Err(e) => e.into(),
        }
    }

    /// Introspect a token
    ///
    /// RFC 7662. The caller, a resource server, authenticates as a
    /// confidential client (Basic or body) or with `X-Service-Key`, and may
    /// introspect any token this server issued.
    #[oai(
        path = "/oauth2/introspect",
        method = "post",
        operation_id = "introspect"
    )]
    async fn introspect(
        &self,
        state: Data<&SharedState>,
        req: &Request,
        auth: IntrospectionAuth,
        form: Form<TokenParam>,
    ) -> IntrospectResponse {
        let form = form.0;
        let caller = match caller(&state, req, &auth, form.client_id, form.client_secret).await {
            Ok(c) => c,
            Err(e) => return e.into(),
        };
        let Some(token) = form.token.filter(|t| !t.is_empty()) else {
            return IntrospectResponse::BadRequest(ErrorBody::new(
                "invalid_request",
                "token is required",
            ));
        };
        match introspect(&state, &caller, &token).await {
            Ok(i) => IntrospectResponse::Ok(Json(Box::new(i.into()))),
            Err(e) => ErrorResponse::from(e).into(),
        }
    }
}

async fn caller(
    state: &AppState,
    req: &Request,
    auth: &IntrospectionAuth,
    client_id: Option<String>,
    client_secret: Option<String>,
) -> Result<Introspector, ErrorResponse> {
    if let IntrospectionAuth::Key(key) = auth {
        let key = authenticate_service_key(&state.store, Some(key.0.key.as_str())).await?;
        return Ok(Introspector::ServiceKey(key.id));
    }
    let creds = presented_credentials(req, client_id, client_secret);
    let client = authenticate_client(&state.store, creds).await?;
    if !client.is_confidential() {
        return Err(OAuthError::invalid_client(
            "introspection needs a confidential client or a service key",
        )
        .into());
    }
    Ok(Introspector::ConfidentialClient(client.client.id))
}
