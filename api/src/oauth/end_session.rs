//! OpenID Connect RP-Initiated Logout 1.0: the client sends the browser
//! here to end the user's session, and gets it back at a registered
//! `post_logout_redirect_uri`.

use super::error::OAuthError;
use super::interaction::Browser;
use super::redirect::{error_page, with_query};
use super::tokens::verify_id_token_hint;
use crate::domain::{Context, sessions};
use crate::state::AppState;

#[derive(Clone, Debug, Default)]
pub struct LogoutParams {
    pub id_token_hint: Option<String>,
    pub post_logout_redirect_uri: Option<String>,
    pub client_id: Option<String>,
    pub state: Option<String>,
}

pub struct LogoutAnswer {
    pub location: String,
    /// Whether a session ended (its cookie is then cleared).
    pub ended: bool,
}

/// RP-Initiated Logout §2–§3: checks the hint and the redirect before
/// anything ends; a redirect not registered exactly for the client is
/// refused and the session stays.
pub async fn end_session(
    state: &AppState,
    ctx: &Context,
    p: LogoutParams,
    browser: &Browser,
) -> Result<LogoutAnswer, OAuthError> {
    let issuer = state.settings.issuer.as_str();
    let refuse = |description: &str| LogoutAnswer {
        location: error_page(issuer, "invalid_request", description),
        ended: false,
    };
    let hint = match p.id_token_hint.as_deref().filter(|h| !h.is_empty()) {
        Some(h) => match verify_id_token_hint(&state.keys, issuer, h, ctx.now) {
            Ok(claims) => Some(claims),
            Err(why) => {
                tracing::warn!(reason = %why, "logout: id_token_hint refused");
                return Ok(refuse(
                    "the id_token_hint is not an ID token of this server",
                ));
            }
        },
        None => None,
    };
    let client_id = match (
        hint.as_ref().map(|c| c.aud.clone()),
        p.client_id.filter(|c| !c.is_empty()),
    ) {
        (Some(a), Some(b)) if a != b => {
            return Ok(refuse("client_id does not match the id_token_hint"));
        }
        (Some(a), _) => Some(a),
        (None, b) => b,
    };
    let mut location = format!("{issuer}/login?logged_out=true");
    if let Some(uri) = p.post_logout_redirect_uri.filter(|u| !u.is_empty()) {
        let Some(client_id) = &client_id else {
            return Ok(refuse(
                "post_logout_redirect_uri needs an id_token_hint or a client_id",
            ));
        };
        let registered = state
            .store
            .find_client(client_id)
            .await?
            .is_some_and(|c| c.post_logout_redirect_uris.iter().any(|r| r == &uri));
        if !registered {
            tracing::warn!(client_id = %client_id, "logout: unregistered post_logout_redirect_uri");
            return Ok(refuse(
                "the post_logout_redirect_uri is not registered for this client",
            ));
        }
        location = match p.state.as_deref().filter(|s| !s.is_empty()) {
            Some(s) => with_query(&uri, &[("state", s)]),
            None => uri,
        };
    }
    let ended = sessions::end(
        &state.store,
        ctx,
        browser.session.as_deref(),
        hint.as_ref().and_then(|c| c.sid.as_deref()),
        hint.as_ref().map(|c| c.sub.as_str()),
    )
    .await?;
    Ok(LogoutAnswer {
        location,
        ended: ended || browser.session.is_some(),
    })
}
