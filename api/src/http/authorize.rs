//! `GET /oauth2/authorize` (RFC 6749 §4.1.1) and `GET /oauth2/logout`
//! (OIDC RP-Initiated Logout 1.0): browser redirects.

use poem::Request;
use poem::web::Data;
use poem_openapi::param::Query;
use poem_openapi::{ApiResponse, OpenApi};

use super::ApiTags;
use super::auth::request_context;
use super::cookies::{self, SESSION_COOKIE};
use super::error::ErrorResponse;
use crate::oauth::authorize::{AuthorizeParams, authorize};
use crate::oauth::end_session::{LogoutParams, end_session};
use crate::state::SharedState;

#[derive(ApiResponse)]
pub enum Redirect {
    /// Where the browser goes next: the login or consent screen, the
    /// client's redirect URI with `code`, `state` and `iss` (or an error),
    /// or the error page.
    #[oai(status = 302)]
    Found(
        #[oai(header = "Location")] String,
        #[oai(header = "Set-Cookie")] Option<String>,
    ),
}

#[derive(Default)]
pub struct AuthorizeApi;

#[OpenApi(tag = "ApiTags::OAuth")]
impl AuthorizeApi {
    /// Authorization endpoint
    ///
    /// RFC 6749 §4.1.1 with PKCE (S256 only; required for public clients)
    /// and OpenID Connect (`nonce`, `prompt` = none/login/consent,
    /// `max_age`). Answers with a redirect: to the SPA's `/login` or
    /// `/consent` with an interaction, or to the registered redirect URI
    /// with `code`, `state` and `iss` (RFC 9207), or an error.
    #[allow(clippy::too_many_arguments)]
    #[oai(path = "/oauth2/authorize", method = "get", operation_id = "authorize")]
    async fn authorize(
        &self,
        state: Data<&SharedState>,
        req: &Request,
        response_type: Query<Option<String>>,
        client_id: Query<Option<String>>,
        redirect_uri: Query<Option<String>>,
        scope: Query<Option<String>>,
        #[oai(name = "state")] state_param: Query<Option<String>>,
        nonce: Query<Option<String>>,
        code_challenge: Query<Option<String>>,
        code_challenge_method: Query<Option<String>>,
        prompt: Query<Option<String>>,
        max_age: Query<Option<String>>,
    ) -> Result<Redirect, ErrorResponse> {
        let ctx = request_context(req, &state);
        let params = AuthorizeParams {
            response_type: response_type.0,
            client_id: client_id.0,
            redirect_uri: redirect_uri.0,
            scope: scope.0,
            state: state_param.0,
            nonce: nonce.0,
            code_challenge: code_challenge.0,
            code_challenge_method: code_challenge_method.0,
            prompt: prompt.0,
            max_age: max_age.0,
        };
        let answer = authorize(&state, &ctx, params, &cookies::browser(req)).await?;
        let cookie = answer
            .new_browser_cookie
            .map(|b| cookies::browser_cookie(&b, &state.settings.issuer));
        Ok(Redirect::Found(answer.location, cookie))
    }

    /// End the session (RP-initiated logout)
    ///
    /// OIDC RP-Initiated Logout 1.0: ends the browser's session and
    /// redirects to `post_logout_redirect_uri` (with `state`) when it is
    /// registered for the client named by `id_token_hint` or `client_id`;
    /// an unregistered one is refused (the browser goes to the error page
    /// and the session stays).
    #[oai(path = "/oauth2/logout", method = "get", operation_id = "end_session")]
    async fn logout(
        &self,
        state: Data<&SharedState>,
        req: &Request,
        id_token_hint: Query<Option<String>>,
        post_logout_redirect_uri: Query<Option<String>>,
        client_id: Query<Option<String>>,
        #[oai(name = "state")] state_param: Query<Option<String>>,
    ) -> Result<Redirect, ErrorResponse> {
        let ctx = request_context(req, &state);
        let params = LogoutParams {
            id_token_hint: id_token_hint.0,
            post_logout_redirect_uri: post_logout_redirect_uri.0,
            client_id: client_id.0,
            state: state_param.0,
        };
        let answer = end_session(&state, &ctx, params, &cookies::browser(req)).await?;
        let cookie = answer
            .ended
            .then(|| cookies::set(SESSION_COOKIE, "", 0, &state.settings.issuer));
        Ok(Redirect::Found(answer.location, cookie))
    }
}
