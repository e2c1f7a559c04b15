//! Logging out through the API (`POST /api/logout`): the presented access
//! token and the user's refresh tokens at that client end together.

use super::bearer::ActiveToken;
use super::error::OAuthError;
use crate::domain::Context;
use crate::domain::audit::{Entry, Event};
use crate::state::AppState;
use crate::storage::Families;

/// Revokes the access token (inactive everywhere at once: its `jti` goes on
/// the deny-list) and every refresh-token family of its user at its client;
/// answers how many refresh tokens were still live. Other clients'
/// sessions of the same user stay.
pub async fn logout(
    state: &AppState,
    ctx: &Context,
    token: &ActiveToken,
) -> Result<u64, OAuthError> {
    let claims = &token.claims;
    let user_id = token
        .user_id()
        .ok_or_else(|| OAuthError::invalid_token("only a user's token can log out"))?;
    state
        .store
        .revoke_access_token(&claims.jti, claims.exp)
        .await?;
    let revoked = state
        .store
        .revoke_refresh(
            Families::UserAtClient {
                user_id,
                client_id: &claims.client_id,
            },
            ctx.now,
        )
        .await?;
    ctx.record(
        Entry::new(Event::Logout)
            .user(user_id)
            .client(&claims.client_id)
            .with("revoked_refresh_tokens", revoked),
    )
    .await;
    Ok(revoked)
}
