//! Bearer-token checks shared by userinfo, introspection, validate-token and
//! every `/api/*` call (RFC 6750, RFC 9068 §4).

use super::error::OAuthError;
use super::tokens::{AccessClaims, verify_access};
use crate::state::AppState;
use crate::storage::UserRecord;

/// A token that passed every check, and its user (none for a client's own
/// client_credentials token).
pub struct ActiveToken {
    pub claims: AccessClaims,
    pub user: Option<UserRecord>,
}

/// Why a token is not active, for the log only.
pub async fn check_access_token(state: &AppState, token: &str) -> Result<ActiveToken, String> {
    let now = state.now();
    let claims = verify_access(&state.keys, state.settings.issuer.as_str(), token, now)
        .map_err(|e| e.to_string())?;
    if state
        .store
        .is_access_token_revoked(&claims.jti)
        .await
        .map_err(|e| format!("revocation check failed: {e}"))?
    {
        return Err("revoked".into());
    }
    let user = if claims.sub == claims.client_id {
        None
    } else {
        let user = state
            .store
            .find_user(&claims.sub)
            .await
            .map_err(|e| format!("user lookup failed: {e}"))?
            .ok_or("user no longer exists")?;
        if user.disabled {
            return Err("user is disabled".into());
        }
        Some(user)
    };
    Ok(ActiveToken { claims, user })
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
