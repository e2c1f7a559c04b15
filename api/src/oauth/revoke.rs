//! RFC 7009: token revocation by the client the token was issued to.

use super::error::OAuthError;
use super::tokens::verify_access;
use crate::domain::Context;
use crate::domain::audit::{Entry, Event};
use crate::secrets::SecretHash;
use crate::state::AppState;
use crate::storage::Families;

/// Revokes an access token (its `jti` goes on the deny-list until it would
/// have expired) or a refresh token (its whole family). Unknown, malformed
/// and already-invalid tokens are not an error (RFC 7009 §2.2); a token of
/// another client is refused (§2.1).
pub async fn revoke(
    state: &AppState,
    ctx: &Context,
    client_id: &str,
    token: &str,
) -> Result<(), OAuthError> {
    let now = ctx.now;
    if token.is_empty() || token.len() > 8192 {
        return Ok(());
    }
    if token.matches('.').count() == 2 {
        let Ok(claims) = verify_access(&state.keys, state.settings.issuer.as_str(), token, now)
        else {
            return Ok(());
        };
        if claims.client_id != client_id {
            return Err(not_yours());
        }
        state
            .store
            .revoke_access_token(&claims.jti, claims.exp)
            .await?;
        let mut entry = Entry::new(Event::TokenRevoked)
            .client(client_id)
            .with("token_type", "access_token");
        if claims.sub != claims.client_id {
            entry = entry.user(&claims.sub);
        }
        ctx.record(entry).await;
        return Ok(());
    }
    let Some(record) = state
        .store
        .find_refresh_by_hash(SecretHash::of(token).as_str())
        .await?
    else {
        return Ok(());
    };
    if record.client_id != client_id {
        return Err(not_yours());
    }
    let n = state
        .store
        .revoke_refresh(Families::One(&record.family_id), now)
        .await?;
    ctx.record(
        Entry::new(Event::TokenRevoked)
            .user(&record.user_id)
            .client(client_id)
            .with("token_type", "refresh_token")
            .with("revoked", n),
    )
    .await;
    Ok(())
}

fn not_yours() -> OAuthError {
    OAuthError::unauthorized_client("the token was not issued to this client")
}
