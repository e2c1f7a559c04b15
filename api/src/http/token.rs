//! `POST /oauth2/token` (RFC 6749 §3.2).

use poem::Request;
use poem::web::Data;
use poem_openapi::payload::Form;
use poem_openapi::{Object, OpenApi};
use serde::Deserialize;

pub use auth_api_types::TokenBody;

use super::ApiTags;
use super::auth::{ClientAuth, presented_credentials, request_context};
use super::error::OAuthResponse;
use crate::oauth::grants::{TokenParams, exchange};
use crate::oauth::issue::TokenResponse;
use crate::password::Password;
use crate::state::SharedState;

/// RFC 6749 §4.3.2, §4.4.2 and §6 parameters (unknown ones are ignored,
/// §3.2; a repeated one is an error, §3.2).
#[derive(Object, Deserialize, Default)]
pub struct TokenForm {
    /// `password`, `client_credentials` or `refresh_token`.
    pub grant_type: Option<String>,
    /// Space-separated scopes; by default what the client or grant allows.
    pub scope: Option<String>,
    /// `password` grant.
    pub username: Option<String>,
    /// `password` grant.
    #[oai(write_only)]
    pub password: Option<String>,
    /// `password` grant, for a user with an authenticator app: its current
    /// 6-digit code (without it the answer is 400 `otp_required`).
    #[oai(write_only)]
    pub otp: Option<String>,
    /// `refresh_token` grant.
    #[oai(write_only)]
    pub refresh_token: Option<String>,
    /// `authorization_code` grant: the code from the redirect.
    #[oai(write_only)]
    pub code: Option<String>,
    /// `authorization_code` grant: the redirect URI of the authorization
    /// request, exactly.
    pub redirect_uri: Option<String>,
    /// `authorization_code` grant: the PKCE verifier (RFC 7636).
    #[oai(write_only)]
    pub code_verifier: Option<String>,
    /// `client_secret_post`, or a public client naming itself.
    pub client_id: Option<String>,
    /// `client_secret_post`.
    #[oai(write_only)]
    pub client_secret: Option<String>,
}

impl From<TokenResponse> for TokenBody {
    fn from(t: TokenResponse) -> Self {
        Self {
            access_token: t.access_token,
            token_type: t.token_type.to_string(),
            expires_in: t.expires_in,
            refresh_token: t.refresh_token,
            scope: t.scope,
            id_token: t.id_token,
        }
    }
}

#[derive(Default)]
pub struct TokenApi;

#[OpenApi(tag = "ApiTags::OAuth")]
impl TokenApi {
    /// Token endpoint
    ///
    /// Issues tokens for the `password`, `client_credentials` and
    /// `refresh_token` grants. Clients authenticate with HTTP Basic
    /// (`client_secret_basic`), with `client_id`/`client_secret` in the body
    /// (`client_secret_post`), or, if public, with `client_id` alone.
    #[oai(path = "/oauth2/token", method = "post", operation_id = "token")]
    async fn token(
        &self,
        state: Data<&SharedState>,
        req: &Request,
        _auth: ClientAuth,
        form: Form<TokenForm>,
    ) -> OAuthResponse<TokenBody> {
        let form = form.0;
        let ctx = request_context(req, &state);
        let creds = presented_credentials(req, form.client_id, form.client_secret);
        let params = TokenParams {
            grant_type: form.grant_type,
            scope: form.scope,
            username: form.username,
            password: form.password.map(Password::new),
            otp: form.otp,
            refresh_token: form.refresh_token,
            code: form.code,
            redirect_uri: form.redirect_uri,
            code_verifier: form.code_verifier,
        };
        exchange(&state, &ctx, creds, params)
            .await
            .map(TokenBody::from)
            .into()
    }
}
