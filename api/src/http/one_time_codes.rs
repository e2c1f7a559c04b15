//! Mailed one-time codes: `POST /api/request-otp/` (anyone) and
//! `POST /api/token/otp/` (integrators with an `X-Service-Key`).

use poem::Request;
use poem::web::Data;
use poem_openapi::payload::Json;
use poem_openapi::{ApiRequest, Object, OpenApi};
use serde::Deserialize;

use super::ApiTags;
use super::auth::{ServiceCaller, request_context};
use super::error::ErrorResponse;
use super::error::required;
use super::form_body::FormBody;
use super::integrator::recipient;
use super::token::TokenBody;
use crate::domain::otp::request_code;
use crate::oauth::grants::one_time_code;
use crate::state::SharedState;

#[derive(Object, Deserialize)]
pub struct CodeRequest {
    pub username: Option<String>,
}

#[derive(ApiRequest)]
pub enum CodeRequestBody {
    Form(FormBody<CodeRequest>),
    Json(Json<CodeRequest>),
}

/// The one answer to a code request, whoever asked for.
#[derive(Object)]
pub struct CodeRequested {
    pub detail: String,
}

const REQUESTED: &str = "If the account exists and has an email address, a code is on its way. It is valid for a \
     few minutes and works once.";

#[derive(Object, Deserialize)]
pub struct CodeLogin {
    pub username: Option<String>,
    /// The mailed code, or the current code of the user's authenticator.
    #[oai(write_only)]
    pub otp: Option<String>,
    /// Narrower than the key's scope, if wanted.
    pub scope: Option<String>,
}

#[derive(ApiRequest)]
pub enum CodeLoginBody {
    Form(FormBody<CodeLogin>),
    Json(Json<CodeLogin>),
}

#[derive(Default)]
pub struct OneTimeCodeApi;

#[OpenApi(tag = "ApiTags::Integrator")]
impl OneTimeCodeApi {
    /// Mail a one-time code
    ///
    /// Mails a 6-digit code valid `OTP_TTL` seconds to the user's address.
    /// The answer is the same for known and unknown users; a user's next
    /// code can be requested 30 s later; requests are throttled per address.
    #[oai(
        path = "/api/request-otp",
        method = "post",
        operation_id = "request_otp"
    )]
    async fn request_otp(
        &self,
        state: Data<&SharedState>,
        req: &Request,
        body: CodeRequestBody,
    ) -> Result<Json<CodeRequested>, ErrorResponse> {
        let (CodeRequestBody::Form(FormBody(b)) | CodeRequestBody::Json(Json(b))) = body;
        let username = required(b.username, "username")?;
        let ctx = request_context(req, &state);
        request_code(&state.store, &state.throttle, &state.codes, &ctx, &username).await?;
        Ok(Json(CodeRequested {
            detail: REQUESTED.into(),
        }))
    }

    /// Tokens by one-time code
    ///
    /// The token response of `/oauth2/token` for a mailed code (single use)
    /// or the user's current authenticator code, issued to the service key.
    #[oai(path = "/api/token/otp", method = "post", operation_id = "token_otp")]
    async fn token_otp(
        &self,
        state: Data<&SharedState>,
        caller: ServiceCaller,
        body: CodeLoginBody,
    ) -> Result<Json<TokenBody>, ErrorResponse> {
        let (CodeLoginBody::Form(FormBody(b)) | CodeLoginBody::Json(Json(b))) = body;
        let username = required(b.username, "username")?;
        let otp = required(b.otp, "otp")?;
        let to = recipient(&caller.key);
        let tokens = one_time_code::login(
            &state,
            &caller.ctx,
            &to,
            &username,
            &otp,
            b.scope.as_deref(),
        )
        .await?;
        Ok(Json(tokens.into()))
    }
}
