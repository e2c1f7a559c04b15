//! The steps of an interaction: login, the second factor, consent, deny.
//! Each is one conditional update of the interaction, so a step taken
//! twice at once happens once.

use std::collections::BTreeMap;

use super::super::authorize::Prompt;
use super::super::codes::{CodeGrant, issue_code};
use super::super::redirect::ErrorRedirect;
use super::{
    Browser, CONSENT, LOGIN, OTP, Step, StepAnswer, client_of, gone, granted_without_prompt,
    load_for_step, protocol_to_api, user_of,
};
use crate::domain::authn::{
    LoginOutcome, PasswordCheck, check_password, login_completed, second_factor,
};
use crate::domain::consents;
use crate::domain::scopes::{Policies, ScopeSet, grantable_to};
use crate::domain::sessions;
use crate::domain::{ApiError, Context};
use crate::password::Password;
use crate::state::AppState;
use crate::storage::{Authenticated, ClientRecord, InteractionRecord, UserRecord};

/// `POST /api/interaction/{id}/login`: the password, throttled and audited
/// like every password login.
pub async fn login(
    state: &AppState,
    ctx: &Context,
    id: &str,
    browser: &Browser,
    csrf: Option<&str>,
    username: &str,
    password: &Password,
) -> Result<StepAnswer, ApiError> {
    let record = load_for_step(state, ctx, id, browser, csrf, Some(LOGIN)).await?;
    let user = match check_password(
        &state.store,
        &state.hasher,
        &state.throttle,
        ctx,
        username,
        password,
    )
    .await?
    {
        PasswordCheck::Refused => {
            return Err(ApiError::BadRequest {
                code: "invalid_credentials",
                description: "the username or password is wrong".into(),
            });
        }
        PasswordCheck::SecondFactorDue(user) => {
            let who = Authenticated {
                user_id: &user.id,
                auth_time: ctx.now,
                amr: "pwd",
                session_id: None,
            };
            if !state
                .store
                .advance_interaction(&record.id, LOGIN, OTP, &who, ctx.now)
                .await?
            {
                return Err(gone());
            }
            return Ok(StepAnswer {
                step: Step::Next(OTP),
                session_cookie: None,
            });
        }
        PasswordCheck::Authenticated(user) => user,
    };
    signed_in(state, ctx, record, LOGIN, user, "pwd").await
}

/// `POST /api/interaction/{id}/otp`: the authenticator's current code.
pub async fn otp(
    state: &AppState,
    ctx: &Context,
    id: &str,
    browser: &Browser,
    csrf: Option<&str>,
    code: &str,
) -> Result<StepAnswer, ApiError> {
    let record = load_for_step(state, ctx, id, browser, csrf, Some(OTP)).await?;
    let user = user_of(state, &record).await?;
    match second_factor(
        &state.store,
        state.keys.cipher(),
        &state.throttle,
        ctx,
        user,
        code.trim(),
    )
    .await?
    {
        LoginOutcome::Authenticated(user) => {
            signed_in(state, ctx, record, OTP, user, "pwd otp").await
        }
        _ => Err(ApiError::BadRequest {
            code: "invalid_otp",
            description: "the code is wrong or was used already".into(),
        }),
    }
}

/// The user is authenticated: start the browser session, then either
/// finish (nothing to consent to) or ask for consent.
async fn signed_in(
    state: &AppState,
    ctx: &Context,
    record: InteractionRecord,
    from: &'static str,
    user: UserRecord,
    amr: &str,
) -> Result<StepAnswer, ApiError> {
    let client = client_of(state, &record).await?;
    login_completed(&state.store, ctx, &user, &client.id, amr).await?;
    let session =
        sessions::start(&state.store, ctx, &user.id, amr, state.settings.session_ttl).await?;
    let asked = ScopeSet::from_stored(&record.scope);
    let prompt = Prompt::parse(&record.prompt);
    let granted = granted_without_prompt(state, &user, &client, &asked, prompt)
        .await
        .map_err(protocol_to_api)?;
    let Some((scope, policies)) = granted else {
        let who = Authenticated {
            user_id: &user.id,
            auth_time: ctx.now,
            amr,
            session_id: Some(&session.record.sid),
        };
        if !state
            .store
            .advance_interaction(&record.id, from, CONSENT, &who, ctx.now)
            .await?
        {
            return Err(gone());
        }
        return Ok(StepAnswer {
            step: Step::Next(CONSENT),
            session_cookie: Some(session.cookie),
        });
    };
    if !state
        .store
        .complete_interaction(&record.id, from, ctx.now)
        .await?
    {
        return Err(gone());
    }
    let location = code_for(
        state,
        ctx,
        &record,
        &client,
        &user,
        scope,
        policies,
        ctx.now,
        amr,
        &session.record.sid,
    )
    .await?;
    Ok(StepAnswer {
        step: Step::RedirectTo(location),
        session_cookie: Some(session.cookie),
    })
}

/// `POST /api/interaction/{id}/consent`: the scopes the user left ticked
/// and a level per levelled scope. Remembered for the next request.
pub async fn consent(
    state: &AppState,
    ctx: &Context,
    id: &str,
    browser: &Browser,
    csrf: Option<&str>,
    chosen: &[String],
    levels: &BTreeMap<String, String>,
) -> Result<StepAnswer, ApiError> {
    let record = load_for_step(state, ctx, id, browser, csrf, Some(CONSENT)).await?;
    let client = client_of(state, &record).await?;
    let user = user_of(state, &record).await?;
    let asked = grantable_to(ScopeSet::from_stored(&record.scope), &user.roles);
    let (scope, policies) = choices(state, &asked, chosen, levels)?;
    consents::remember(&state.store, ctx, &user.id, &client.id, &scope, &policies).await?;
    if !state
        .store
        .complete_interaction(&record.id, CONSENT, ctx.now)
        .await?
    {
        return Err(gone());
    }
    let auth_time = record.auth_time.unwrap_or(ctx.now);
    let sid = record.session_id.clone().unwrap_or_default();
    let location = code_for(
        state,
        ctx,
        &record,
        &client,
        &user,
        scope,
        policies,
        auth_time,
        &record.amr,
        &sid,
    )
    .await?;
    Ok(StepAnswer {
        step: Step::RedirectTo(location),
        session_cookie: None,
    })
}

/// The user's choices, checked against what was asked: a subset of it,
/// `openid` kept when asked (it cannot be unticked), and for each levelled
/// scope one of its levels (its default when none was chosen).
fn choices(
    state: &AppState,
    asked: &ScopeSet,
    chosen: &[String],
    levels: &BTreeMap<String, String>,
) -> Result<(ScopeSet, Policies), ApiError> {
    let chosen =
        ScopeSet::parse(&chosen.join(" ")).map_err(|e| ApiError::invalid_request(e.to_string()))?;
    if let Some(extra) = chosen.first_missing_from(asked) {
        return Err(ApiError::invalid_request(format!(
            "{extra:?} was not asked for"
        )));
    }
    for required in asked
        .iter()
        .filter(|s| state.scopes.get(s).is_some_and(|d| d.required))
    {
        if !chosen.contains(required) {
            return Err(ApiError::invalid_request(format!(
                "{required:?} is required"
            )));
        }
    }
    // Keep the order in which the client asked.
    let scope = asked.intersection(&chosen);
    let mut policies = state.scopes.default_policies(&scope);
    for (name, level) in levels {
        if !scope.contains(name) {
            continue;
        }
        let def = state
            .scopes
            .get(name)
            .filter(|d| d.levels.contains(level))
            .ok_or_else(|| {
                ApiError::invalid_request(format!("{level:?} is not a level of {name:?}"))
            })?;
        policies.insert(def.name.clone(), level.clone());
    }
    Ok((scope, policies))
}

/// `POST /api/interaction/{id}/deny`: the user said no (RFC 6749 §4.1.2.1
/// `access_denied`).
pub async fn deny(
    state: &AppState,
    ctx: &Context,
    id: &str,
    browser: &Browser,
    csrf: Option<&str>,
) -> Result<StepAnswer, ApiError> {
    let record = load_for_step(state, ctx, id, browser, csrf, None).await?;
    if !state
        .store
        .complete_interaction(&record.id, &record.stage, ctx.now)
        .await?
    {
        return Err(gone());
    }
    tracing::info!(interaction = %record.id, client_id = %record.client_id, "the user denied the request");
    let location = ErrorRedirect {
        redirect_uri: record.redirect_uri,
        error: "access_denied",
        description: "the user denied the request".into(),
        state: record.state,
    }
    .location(state.settings.issuer.as_str());
    Ok(StepAnswer {
        step: Step::RedirectTo(location),
        session_cookie: None,
    })
}

#[allow(clippy::too_many_arguments)]
async fn code_for(
    state: &AppState,
    ctx: &Context,
    record: &InteractionRecord,
    client: &ClientRecord,
    user: &UserRecord,
    scope: ScopeSet,
    policies: Policies,
    auth_time: i64,
    amr: &str,
    sid: &str,
) -> Result<String, ApiError> {
    issue_code(
        state,
        ctx,
        &CodeGrant {
            client,
            redirect_uri: &record.redirect_uri,
            state: record.state.as_deref(),
            nonce: record.nonce.as_deref(),
            code_challenge: record.code_challenge.as_deref(),
            user,
            scope,
            policies,
            auth_time,
            amr,
            sid: Some(sid).filter(|s| !s.is_empty()),
        },
    )
    .await
    .map_err(protocol_to_api)
}
