//! The start of an authorization: answered from the browser's session when
//! it is enough, else handed to the user through a new interaction.

use super::super::authorize::{Answer, ValidRequest};
use super::super::codes::{CodeGrant, issue_code};
use super::super::error::OAuthError;
use super::super::redirect::ErrorRedirect;
use super::{Browser, CONSENT, LOGIN, csrf_token, granted_without_prompt};
use crate::domain::{Context, sessions};
use crate::secrets::{PlainSecret, SecretHash, random_id};
use crate::state::AppState;
use crate::storage::{InteractionRecord, SessionRecord, UserRecord};

/// Answers an authorization request: from the browser's session when it
/// is enough, else by creating an interaction for the SPA.
pub async fn begin(
    state: &AppState,
    ctx: &Context,
    req: ValidRequest,
    browser: &Browser,
) -> Result<Answer, OAuthError> {
    let issuer = state.settings.issuer.as_str();
    let to_client = |error: &'static str, description: &str| ErrorRedirect {
        redirect_uri: req.redirect_uri.clone(),
        error,
        description: description.to_string(),
        state: req.state.clone(),
    };
    let (browser_id, new_browser_cookie) = match browser
        .id
        .as_deref()
        .filter(|b| b.len() <= 128 && !b.is_empty())
    {
        Some(id) => (id.to_string(), None),
        None => {
            let id = PlainSecret::generate("br_").expose().to_string();
            (id.clone(), Some(id))
        }
    };
    let signed_in = live_session(state, ctx, browser.session.as_deref(), &req).await?;
    let (stage, user) = match signed_in {
        Some((session, user)) => {
            if let Some((scope, policies)) =
                granted_without_prompt(state, &user, &req.client, &req.scope, req.prompt).await?
            {
                let location = issue_code(
                    state,
                    ctx,
                    &CodeGrant {
                        client: &req.client,
                        redirect_uri: &req.redirect_uri,
                        state: req.state.as_deref(),
                        nonce: req.nonce.as_deref(),
                        code_challenge: req.code_challenge.as_deref(),
                        user: &user,
                        scope,
                        policies,
                        auth_time: session.auth_time,
                        amr: &session.amr,
                        sid: Some(&session.sid),
                    },
                )
                .await?;
                return Ok(Answer {
                    location,
                    new_browser_cookie,
                });
            }
            if req.prompt.none {
                return Ok(Answer {
                    location: to_client(
                        "consent_required",
                        "the user has not consented to this client",
                    )
                    .location(issuer),
                    new_browser_cookie,
                });
            }
            (CONSENT, Some((session, user)))
        }
        None => {
            if req.prompt.none {
                return Ok(Answer {
                    location: to_client("login_required", "the user is not signed in")
                        .location(issuer),
                    new_browser_cookie,
                });
            }
            (LOGIN, None)
        }
    };
    let id = random_id();
    let csrf = csrf_token(state, &id, &browser_id);
    let record = InteractionRecord {
        id: id.clone(),
        stage: stage.to_string(),
        client_id: req.client.id.clone(),
        redirect_uri: req.redirect_uri.clone(),
        scope: req.scope.to_string(),
        state: req.state.clone(),
        nonce: req.nonce.clone(),
        code_challenge: req.code_challenge.clone(),
        prompt: req.prompt.as_stored(),
        max_age: req.max_age,
        browser_hash: SecretHash::of(&browser_id).as_str().to_string(),
        csrf_hash: SecretHash::of(&csrf).as_str().to_string(),
        user_id: user.as_ref().map(|(_, u)| u.id.clone()),
        auth_time: user.as_ref().map(|(s, _)| s.auth_time),
        amr: user
            .as_ref()
            .map(|(s, _)| s.amr.clone())
            .unwrap_or_default(),
        session_id: user.as_ref().map(|(s, _)| s.sid.clone()),
        created_at: ctx.now,
        expires_at: ctx.now + state.settings.interaction_ttl,
        completed_at: None,
    };
    state.store.insert_interaction(&record).await?;
    let page = if stage == LOGIN { "login" } else { "consent" };
    Ok(Answer {
        location: format!("{issuer}/{page}?interaction={id}"),
        new_browser_cookie,
    })
}

/// The browser's session, if it may answer this request: live, its user
/// enabled, no `prompt=login`, and not older than `max_age`.
async fn live_session(
    state: &AppState,
    ctx: &Context,
    cookie: Option<&str>,
    req: &ValidRequest,
) -> Result<Option<(SessionRecord, UserRecord)>, OAuthError> {
    if req.prompt.login {
        return Ok(None);
    }
    let Some(session) = sessions::find(&state.store, cookie, ctx.now).await? else {
        return Ok(None);
    };
    // OIDC Core §3.1.2.1 max_age: an older authentication must be redone.
    // `max_age=0` is `prompt=login` (same section): with whole-second
    // times a sign-in in this very second would otherwise pass `0 > 0`.
    if req
        .max_age
        .is_some_and(|m| m == 0 || ctx.now - session.auth_time > m)
    {
        return Ok(None);
    }
    let user = state
        .store
        .find_user(&session.user_id)
        .await?
        .filter(|u| !u.disabled);
    Ok(user.map(|u| (session, u)))
}
