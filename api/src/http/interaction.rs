//! The interaction API the SPA (or any login UI) calls: read what the
//! authorization request asks, then log in, give the second factor,
//! consent or deny. Each step needs the browser that started the request
//! (its `auth_browser` cookie) and the interaction's CSRF token in
//! `X-CSRF-Token`.

use auth_api_types::{
    ConsentInput, Interaction, InteractionAnswer, InteractionClient, LoginInput, NextStep,
    OtpInput, RedirectTo, ScopeInfo, Step,
};
use poem::Request;
use poem::web::Data;
use poem_openapi::param::{Header, Path};
use poem_openapi::payload::Json;
use poem_openapi::{ApiRequest, ApiResponse, OpenApi};

use super::ApiTags;
use super::auth::request_context;
use super::cookies::{self, SESSION_COOKIE};
use super::error::{ErrorResponse, required};
use super::form_body::FormBody;
use crate::oauth::interaction::{self, StepAnswer, View};
use crate::password::Password;
use crate::state::{AppState, SharedState};

fn interaction_body(v: View) -> Interaction {
    Interaction {
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
        next: match v.next.as_str() {
            interaction::OTP => Step::Otp,
            interaction::CONSENT => Step::Consent,
            _ => Step::Login,
        },
        csrf_token: v.csrf_token,
        username: v.username,
    }
}

#[derive(ApiResponse)]
pub enum StepResponse {
    /// The step is done: `{"redirect_to": URL}` (the browser goes there) or
    /// `{"next": "otp" | "consent"}`. A finished sign-in sets the session
    /// cookie.
    #[oai(status = 200)]
    Ok(
        Json<InteractionAnswer>,
        #[oai(header = "Set-Cookie")] Option<String>,
    ),
}

#[derive(ApiRequest)]
pub enum LoginBody {
    Json(Json<LoginInput>),
    Form(FormBody<LoginInput>),
}

#[derive(ApiRequest)]
pub enum OtpBody {
    Json(Json<OtpInput>),
    Form(FormBody<OtpInput>),
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
        interaction::Step::Next(next) => InteractionAnswer::Next(NextStep {
            next: if next == interaction::OTP {
                Step::Otp
            } else {
                Step::Consent
            },
        }),
        interaction::Step::RedirectTo(url) => {
            InteractionAnswer::Redirect(RedirectTo { redirect_to: url })
        }
    };
    StepResponse::Ok(Json(body), cookie)
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
        Ok(Json(interaction_body(view)))
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
        let (LoginBody::Json(Json(b)) | LoginBody::Form(FormBody(b))) = body;
        let username = required(Some(b.username), "username")?;
        let password = Password::new(required(Some(b.password), "password")?);
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
        let (OtpBody::Json(Json(b)) | OtpBody::Form(FormBody(b))) = body;
        let code = required(Some(b.otp), "otp")?;
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
