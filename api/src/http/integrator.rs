//! The integrator API of the Django system this replaces: tokens by
//! password and refresh, and token validation, for callers holding an
//! `X-Service-Key`.

use std::collections::BTreeMap;

use poem::web::Data;
use poem_openapi::payload::Json;
use poem_openapi::{ApiRequest, Object, OpenApi};
use serde::Deserialize;

use super::ApiTags;
use super::auth::ServiceCaller;
use super::error::{ErrorResponse, required};
use super::form_body::FormBody;
use super::token::TokenBody;
use crate::domain::scopes::ScopeSet;
use crate::oauth::bearer::{ActiveToken, CheckError, check_access_token};
use crate::oauth::grants::{Recipient, password, refresh_token};
use crate::password::Password;
use crate::state::SharedState;
use crate::storage::ServiceKeyRecord;

#[derive(Object, Deserialize)]
pub struct PasswordLogin {
    pub username: Option<String>,
    #[oai(write_only)]
    pub password: Option<String>,
    /// For a user with an authenticator app: its current 6-digit code
    /// (without it the answer is 400 `otp_required`).
    #[oai(write_only)]
    pub otp: Option<String>,
    /// Narrower than the key's scope, if wanted.
    pub scope: Option<String>,
}

#[derive(ApiRequest)]
pub enum PasswordLoginRequest {
    Form(FormBody<PasswordLogin>),
    Json(Json<PasswordLogin>),
}

#[derive(Object, Deserialize)]
pub struct RefreshRequestBody {
    #[oai(write_only)]
    pub refresh_token: Option<String>,
    pub scope: Option<String>,
}

#[derive(ApiRequest)]
pub enum RefreshRequest {
    Form(FormBody<RefreshRequestBody>),
    Json(Json<RefreshRequestBody>),
}

#[derive(Object, Deserialize)]
pub struct TokenToValidate {
    #[oai(write_only)]
    pub token: Option<String>,
}

#[derive(ApiRequest)]
pub enum ValidateRequest {
    Form(FormBody<TokenToValidate>),
    Json(Json<TokenToValidate>),
}

/// The claims of a valid access token (RFC 9068 §2.2).
#[derive(Object)]
pub struct TokenClaims {
    pub iss: String,
    pub sub: String,
    pub aud: String,
    pub client_id: String,
    pub scope: String,
    pub exp: i64,
    pub iat: i64,
    pub jti: String,
    pub roles: Vec<String>,
    pub policies: BTreeMap<String, String>,
    #[oai(skip_serializing_if_is_none)]
    pub auth_time: Option<i64>,
}

impl From<ActiveToken> for TokenClaims {
    /// The token's claims, with `roles` the user's roles now.
    fn from(t: ActiveToken) -> Self {
        let roles = t.current_roles().to_vec();
        let c = t.claims;
        Self {
            iss: c.iss,
            sub: c.sub,
            aud: c.aud,
            client_id: c.client_id,
            scope: c.scope,
            exp: c.exp,
            iat: c.iat,
            jti: c.jti,
            roles,
            policies: c.policies,
            auth_time: c.auth_time,
        }
    }
}

/// `{"valid": true, "claims": …}`, or `{"valid": false}` without claims.
#[derive(Object)]
pub struct Validation {
    pub valid: bool,
    // Present when `valid` is true (said in the type's doc: a doc comment
    // here would wrap the reference in an `allOf` for generators).
    #[oai(skip_serializing_if_is_none)]
    pub claims: Option<TokenClaims>,
}

/// Tokens issued through a service key go to the key: its id is their
/// `client_id`, its scope what they may carry, and they come with refresh
/// tokens.
pub(super) fn recipient(key: &ServiceKeyRecord) -> Recipient<'_> {
    Recipient {
        client_id: &key.id,
        allowed: ScopeSet::from_stored(&key.scope),
        refresh: true,
    }
}

#[derive(Default)]
pub struct IntegratorApi;

#[OpenApi(tag = "ApiTags::Integrator")]
impl IntegratorApi {
    /// Tokens by username and password
    ///
    /// The token response of `/oauth2/token`, issued to the service key
    /// (`client_id` = the key's id) with the key's scope. A user with an
    /// authenticator app must send its current code as `otp`: without it
    /// the answer is 400 `otp_required`, with a wrong or used one 400
    /// `invalid_grant`.
    #[oai(
        path = "/api/token/password",
        method = "post",
        operation_id = "token_password"
    )]
    async fn token_password(
        &self,
        state: Data<&SharedState>,
        caller: ServiceCaller,
        body: PasswordLoginRequest,
    ) -> Result<Json<TokenBody>, ErrorResponse> {
        let (PasswordLoginRequest::Form(FormBody(b)) | PasswordLoginRequest::Json(Json(b))) = body;
        let username = required(b.username, "username")?;
        let pw = Password::new(required(b.password, "password")?);
        let to = recipient(&caller.key);
        let login = password::Login {
            username: &username,
            password: &pw,
            otp: b.otp.as_deref(),
        };
        let tokens = password::grant(&state, &caller.ctx, &to, login, b.scope.as_deref()).await?;
        Ok(Json(tokens.into()))
    }

    /// Rotate a refresh token
    ///
    /// For refresh tokens issued through this service key. Each refresh
    /// token works once; presenting a used one revokes its family.
    #[oai(
        path = "/api/token/refresh",
        method = "post",
        operation_id = "token_refresh"
    )]
    async fn token_refresh(
        &self,
        state: Data<&SharedState>,
        caller: ServiceCaller,
        body: RefreshRequest,
    ) -> Result<Json<TokenBody>, ErrorResponse> {
        let (RefreshRequest::Form(FormBody(b)) | RefreshRequest::Json(Json(b))) = body;
        let token = required(b.refresh_token, "refresh_token")?;
        let to = recipient(&caller.key);
        let tokens =
            refresh_token::grant(&state, &caller.ctx, &to, &token, b.scope.as_deref()).await?;
        Ok(Json(tokens.into()))
    }

    /// Validate an access token
    ///
    /// `{"valid": true, "claims": …}` for an access token of this server
    /// that is unexpired and not revoked, else `{"valid": false}`.
    #[oai(
        path = "/api/validate-token",
        method = "post",
        operation_id = "validate_token"
    )]
    async fn validate_token(
        &self,
        state: Data<&SharedState>,
        _caller: ServiceCaller,
        body: ValidateRequest,
    ) -> Result<Json<Validation>, ErrorResponse> {
        let (ValidateRequest::Form(FormBody(b)) | ValidateRequest::Json(Json(b))) = body;
        let token = required(b.token, "token")?;
        Ok(Json(match check_access_token(&state, &token).await {
            Ok(active) => Validation {
                valid: true,
                claims: Some(active.into()),
            },
            Err(CheckError::Inactive(why)) => {
                tracing::info!(reason = %why, "validate-token: invalid");
                Validation {
                    valid: false,
                    claims: None,
                }
            }
            // A check that could not run says nothing about the token.
            Err(CheckError::Store(e)) => return Err(e.into()),
        }))
    }
}
