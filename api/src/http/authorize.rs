//! `GET /oauth2/authorize` (RFC 6749 §4.1.1) and `GET /oauth2/logout`
//! (OIDC RP-Initiated Logout 1.0): browser redirects.

use poem::Request;
use poem::web::Data;
use poem_openapi::param::Query;
use poem_openapi::payload::Form;
use poem_openapi::{ApiResponse, Object, OpenApi};
use serde::Deserialize;

use super::ApiTags;
use super::auth::request_context;
use super::cookies::{self, SESSION_COOKIE};
use super::error::ErrorResponse;
use crate::oauth::authorize::{AuthorizeParams, authorize};
use crate::oauth::end_session::{LogoutParams, end_session};
use crate::state::{AppState, SharedState};

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

/// The parameters of an authorization request sent as a form.
#[derive(Object, Deserialize)]
pub struct AuthorizeForm {
    pub response_type: Option<String>,
    pub client_id: Option<String>,
    pub redirect_uri: Option<String>,
    pub scope: Option<String>,
    pub state: Option<String>,
    pub nonce: Option<String>,
    pub code_challenge: Option<String>,
    pub code_challenge_method: Option<String>,
    pub prompt: Option<String>,
    pub max_age: Option<String>,
    pub response_mode: Option<String>,
    pub request: Option<String>,
    pub request_uri: Option<String>,
}

async fn answer(
    state: &AppState,
    req: &Request,
    params: AuthorizeParams,
) -> Result<Redirect, ErrorResponse> {
    let ctx = request_context(req, state);
    let answer = authorize(state, &ctx, params, &cookies::browser(req)).await?;
    let cookie = answer
        .new_browser_cookie
        .map(|b| cookies::browser_cookie(&b, &state.settings.issuer));
    Ok(Redirect::Found(answer.location, cookie))
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
        response_mode: Query<Option<String>>,
        request: Query<Option<String>>,
        request_uri: Query<Option<String>>,
    ) -> Result<Redirect, ErrorResponse> {
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
            response_mode: response_mode.0,
            request: request.0,
            request_uri: request_uri.0,
        };
        answer(&state, req, params).await
    }

    /// Authorization endpoint (POST)
    ///
    /// OIDC Core §3.1.2.1: the same request as a form body.
    #[oai(
        path = "/oauth2/authorize",
        method = "post",
        operation_id = "authorize_post"
    )]
    async fn authorize_post(
        &self,
        state: Data<&SharedState>,
        req: &Request,
        form: Form<AuthorizeForm>,
    ) -> Result<Redirect, ErrorResponse> {
        let f = form.0;
        let params = AuthorizeParams {
            response_type: f.response_type,
            client_id: f.client_id,
            redirect_uri: f.redirect_uri,
            scope: f.scope,
            state: f.state,
            nonce: f.nonce,
            code_challenge: f.code_challenge,
            code_challenge_method: f.code_challenge_method,
            prompt: f.prompt,
            max_age: f.max_age,
            response_mode: f.response_mode,
            request: f.request,
            request_uri: f.request_uri,
        };
        answer(&state, req, params).await
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
