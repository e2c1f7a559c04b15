//! RFC 6749 §6: refreshing, with rotation and reuse detection
//! (RFC 9700 §4.14.2).

use super::super::error::OAuthError;
use super::super::issue::{RefreshIssue, TokenResponse, UserGrant, issue_for_user, successor_of};
use super::super::scope::{Policies, ScopeSet, policies_for};
use super::requested_scope;
use crate::secrets::{SecretHash, random_id};
use crate::state::AppState;
use crate::storage::RefreshRecord;

fn invalid() -> OAuthError {
    OAuthError::invalid_grant("the refresh token is invalid, expired or revoked")
}

/// Rotates `presented` (issued to `client_id`) and answers new tokens.
///
/// Each refresh token works once. Presenting a used one again means two
/// parties hold it, so the whole family is revoked, unless it comes within
/// `REFRESH_GRACE_SECONDS` of the rotation (a client's own retry racing
/// itself), which gets the same successor instead.
pub async fn grant(
    state: &AppState,
    client_id: &str,
    presented: &str,
    scope: Option<&str>,
) -> Result<TokenResponse, OAuthError> {
    if presented.len() > 512 {
        return Err(invalid());
    }
    let now = state.now();
    let hash = SecretHash::of(presented);
    let record = state
        .store
        .find_refresh_by_hash(hash.as_str())
        .await?
        .ok_or_else(|| {
            tracing::warn!(client_id, "refresh: unknown token");
            invalid()
        })?;
    // RFC 6749 §6: the token must have been issued to this client. Checked,
    // like the scope, before the token is consumed.
    if record.client_id != client_id {
        tracing::warn!(client_id, owner = %record.client_id, "refresh: token of another client");
        return Err(invalid());
    }
    let granted = ScopeSet::from_stored(&record.scope);
    // RFC 6749 §6: the new scope must not include any scope not originally
    // granted.
    let scope = requested_scope(scope, &granted)?;
    if record.revoked_at.is_some() {
        tracing::warn!(client_id, family = %record.family_id, "refresh: revoked token");
        return Err(invalid());
    }
    if record.expires_at <= now {
        tracing::warn!(client_id, "refresh: expired token");
        return Err(invalid());
    }
    let user = state
        .store
        .find_user(&record.user_id)
        .await?
        .filter(|u| !u.disabled)
        .ok_or_else(|| {
            tracing::warn!(client_id, "refresh: user gone or disabled");
            invalid()
        })?;

    let successor = successor_of(state, presented);
    let rotated = match record.used_at {
        None => {
            state
                .store
                .rotate_refresh_token(
                    hash.as_str(),
                    &random_id(),
                    successor.hash().as_str(),
                    now,
                    now + state.settings.refresh_token_ttl,
                )
                .await?
        }
        Some(_) => None,
    };
    if rotated.is_none() {
        duplicate(state, &record.id, &successor, now).await?;
    }

    let stored: Policies = serde_json::from_str(&record.policies).unwrap_or_default();
    issue_for_user(
        state,
        UserGrant {
            user: &user,
            client_id,
            policies: policies_for(&stored, &scope),
            scope,
            auth_time: record.auth_time,
            nonce: None,
        },
        RefreshIssue::Rotated(successor),
    )
    .await
}

/// The token was already used: within the grace window and with its
/// successor untouched, the caller may have that successor again;
/// otherwise this is reuse and the family is revoked.
async fn duplicate(
    state: &AppState,
    id: &str,
    successor: &crate::secrets::PlainSecret,
    now: i64,
) -> Result<(), OAuthError> {
    let record: RefreshRecord = state.store.find_refresh(id).await?.ok_or_else(invalid)?;
    if record.revoked_at.is_some() {
        return Err(invalid());
    }
    let grace = state.settings.refresh_grace_seconds;
    if let (Some(used_at), Some(successor_id)) = (record.used_at, record.successor_id.as_deref())
        && grace > 0
        && now - used_at <= grace
    {
        let next = state.store.find_refresh(successor_id).await?;
        let same = next.is_some_and(|n| {
            n.used_at.is_none()
                && n.revoked_at.is_none()
                && SecretHash::from_stored(n.token_hash).matches(successor.expose())
        });
        if same {
            tracing::info!(family = %record.family_id, "refresh: duplicate within grace window");
            return Ok(());
        }
    }
    let revoked = state
        .store
        .revoke_refresh_family(&record.family_id, now)
        .await?;
    tracing::warn!(
        client_id = %record.client_id,
        family = %record.family_id,
        revoked,
        "refresh token reuse detected: family revoked"
    );
    metrics::counter!("refresh_token_reuse_total").increment(1);
    Err(invalid())
}
