//! Bearer-token checks shared by userinfo, introspection, validate-token and
//! every `/api/*` call (RFC 6750, RFC 9068 §4).

use super::error::OAuthError;
use super::tokens::{AccessClaims, verify_access};
use crate::state::AppState;

/// A token that passed every check. `username` is that of its user; none
/// for a client's own client_credentials token.
pub struct ActiveToken {
    pub claims: AccessClaims,
    pub username: Option<String>,
}

impl ActiveToken {
    pub fn user_id(&self) -> Option<&str> {
        self.username.as_ref().map(|_| self.claims.sub.as_str())
    }
}

/// Signature, claims, revocation and the user's state; the error says why
/// a token is not active, for the log only.
pub async fn check_access_token(state: &AppState, token: &str) -> Result<ActiveToken, String> {
    let now = state.now();
    let claims = verify_access(&state.keys, state.settings.issuer.as_str(), token, now)
        .map_err(|e| e.to_string())?;
    let user_id = (claims.sub != claims.client_id).then_some(claims.sub.as_str());
    let (revoked, user) = state
        .store
        .access_token_status(&claims.jti, user_id)
        .await
        .map_err(|e| format!("token status lookup failed: {e}"))?;
    if revoked {
        return Err("revoked".into());
    }
    let username = match (user_id, user) {
        (None, _) => None,
        (Some(_), None) => return Err("user no longer exists".into()),
        (Some(_), Some((_, true))) => return Err("user is disabled".into()),
        (Some(_), Some((username, false))) => Some(username),
    };
    Ok(ActiveToken { claims, username })
}

/// The same check as an RFC 6750 error for resource endpoints.
pub async fn require_bearer(
    state: &AppState,
    token: Option<&str>,
) -> Result<ActiveToken, OAuthError> {
    let token = token
        .filter(|t| !t.is_empty())
        .ok_or_else(|| OAuthError::invalid_token("a bearer access token is required"))?;
    check_access_token(state, token).await.map_err(|why| {
        tracing::info!(reason = %why, "bearer token refused");
        OAuthError::invalid_token("the access token is invalid, expired or revoked")
    })
}
