//! The login and consent state machine the SPA (or any login UI) drives,
//! like Hydra's flow: one short-lived, single-use interaction per
//! authorization request, bound to the browser that started it, moving
//! `login` → `otp` (when the user has an authenticator) → `consent` →
//! done.

mod begin;
mod steps;

use super::authorize::Prompt;
use super::error::OAuthError;
use crate::domain::ApiError;
use crate::domain::Context;
use crate::domain::consents;
use crate::domain::scopes::{Policies, ScopeSet, grantable_to};
use crate::secrets::{PlainSecret, SecretHash, hmac_b64};
use crate::state::AppState;
use crate::storage::{ClientRecord, InteractionRecord, UserRecord};

pub use begin::begin;
pub use steps::{consent, deny, login, otp};

/// The browser's cookies, as presented.
#[derive(Clone, Debug, Default)]
pub struct Browser {
    /// `auth_browser`: a random id binding interactions to this browser.
    pub id: Option<String>,
    /// `auth_session`: the signed-in session, if any.
    pub session: Option<String>,
}

pub const LOGIN: &str = "login";
pub const OTP: &str = "otp";
pub const CONSENT: &str = "consent";

/// What the user is asked, as the interaction API shows it.
pub struct View {
    pub id: String,
    pub client_id: String,
    pub client_name: String,
    pub scopes: Vec<ScopeView>,
    pub next: String,
    pub csrf_token: String,
    pub username: Option<String>,
}

pub struct ScopeView {
    pub name: String,
    pub description: String,
    pub required: bool,
    pub levels: Vec<String>,
    pub default_level: Option<String>,
}

/// The answer to a step: where to go, and a new session cookie when the
/// step completed the sign-in.
pub struct StepAnswer {
    pub step: Step,
    pub session_cookie: Option<PlainSecret>,
}

pub enum Step {
    Next(&'static str),
    RedirectTo(String),
}

/// What may be granted without asking: everything asked (but `admin` for
/// non-admins) for a skip-consent client, or what a remembered consent
/// covers, unless `prompt=consent` asks again.
pub(super) async fn granted_without_prompt(
    state: &AppState,
    user: &UserRecord,
    client: &ClientRecord,
    asked: &ScopeSet,
    prompt: Prompt,
) -> Result<Option<(ScopeSet, Policies)>, OAuthError> {
    if prompt.consent {
        return Ok(None);
    }
    let asked = grantable_to(asked.clone(), &user.roles);
    if client.skip_consent {
        let policies = state.scopes.default_policies(&asked);
        return Ok(Some((asked, policies)));
    }
    let Some(grant) = consents::find(&state.store, &user.id, &client.id).await? else {
        return Ok(None);
    };
    if !consents::covers(&grant, &asked) {
        return Ok(None);
    }
    let mut policies = state.scopes.default_policies(&asked);
    for (scope, level) in grant.policies {
        if asked.contains(&scope) {
            policies.insert(scope, level);
        }
    }
    Ok(Some((asked, policies)))
}

pub(super) fn csrf_token(state: &AppState, id: &str, browser_id: &str) -> String {
    hmac_b64(
        &state.csrf_secret,
        &[b"interaction-csrf", id.as_bytes(), browser_id.as_bytes()],
    )
}

pub(super) fn gone() -> ApiError {
    ApiError::Gone {
        code: "interaction_expired",
        description: "this sign-in request has expired or was already completed".into(),
    }
}

fn wrong_browser() -> ApiError {
    ApiError::Forbidden {
        code: "invalid_csrf_token",
        description: "this sign-in request belongs to another browser or the CSRF token is missing"
            .into(),
    }
}

/// The live interaction `id`, if this browser started it.
async fn load(
    state: &AppState,
    ctx: &Context,
    id: &str,
    browser: &Browser,
) -> Result<InteractionRecord, ApiError> {
    let record = state
        .store
        .find_interaction(id)
        .await?
        .ok_or_else(|| ApiError::not_found("no such sign-in request"))?;
    let same_browser = browser
        .id
        .as_deref()
        .is_some_and(|b| SecretHash::from_stored(record.browser_hash.clone()).matches(b));
    if !same_browser {
        tracing::warn!(interaction = %record.id, "interaction from another browser");
        return Err(wrong_browser());
    }
    if record.completed_at.is_some() || record.expires_at <= ctx.now {
        return Err(gone());
    }
    Ok(record)
}

/// [`load`] for a step: the CSRF token must be the interaction's, and the
/// interaction at `stage` when one is given (deny is allowed at any stage).
pub(super) async fn load_for_step(
    state: &AppState,
    ctx: &Context,
    id: &str,
    browser: &Browser,
    csrf: Option<&str>,
    stage: Option<&str>,
) -> Result<InteractionRecord, ApiError> {
    let record = load(state, ctx, id, browser).await?;
    let ok = csrf.is_some_and(|t| SecretHash::from_stored(record.csrf_hash.clone()).matches(t));
    if !ok {
        tracing::warn!(interaction = %record.id, "interaction step without a valid CSRF token");
        return Err(wrong_browser());
    }
    if let Some(stage) = stage
        && record.stage != stage
    {
        return Err(ApiError::invalid_request(format!(
            "this sign-in request is at the {} step",
            record.stage
        )));
    }
    Ok(record)
}

pub(super) async fn client_of(
    state: &AppState,
    record: &InteractionRecord,
) -> Result<ClientRecord, ApiError> {
    state
        .store
        .find_client(&record.client_id)
        .await?
        .ok_or_else(gone)
}

pub(super) async fn user_of(
    state: &AppState,
    record: &InteractionRecord,
) -> Result<UserRecord, ApiError> {
    let id = record.user_id.as_deref().ok_or_else(gone)?;
    state
        .store
        .find_user(id)
        .await?
        .filter(|u| !u.disabled)
        .ok_or_else(gone)
}

/// `GET /api/interaction/{id}`.
pub async fn view(
    state: &AppState,
    ctx: &Context,
    id: &str,
    browser: &Browser,
) -> Result<View, ApiError> {
    let record = load(state, ctx, id, browser).await?;
    let client = client_of(state, &record).await?;
    let user = match &record.user_id {
        Some(_) => Some(user_of(state, &record).await?),
        None => None,
    };
    let mut asked = ScopeSet::from_stored(&record.scope);
    if let Some(u) = &user {
        asked = grantable_to(asked, &u.roles);
    }
    let scopes = asked
        .iter()
        .map(|name| match state.scopes.get(name) {
            Some(def) => ScopeView {
                name: def.name.clone(),
                description: def.description.clone(),
                required: def.required,
                levels: def.levels.clone(),
                default_level: def.default_level.clone(),
            },
            None => ScopeView {
                name: name.to_string(),
                description: name.to_string(),
                required: false,
                levels: vec![],
                default_level: None,
            },
        })
        .collect();
    let browser_id = browser.id.as_deref().unwrap_or_default();
    Ok(View {
        csrf_token: csrf_token(state, &record.id, browser_id),
        id: record.id,
        client_id: client.id,
        client_name: client.name,
        scopes,
        next: record.stage,
        username: user.map(|u| u.username),
    })
}

pub(super) fn protocol_to_api(e: OAuthError) -> ApiError {
    match e {
        OAuthError::ServerError => ApiError::Internal,
        other => ApiError::invalid_request(other.description().to_string()),
    }
}
