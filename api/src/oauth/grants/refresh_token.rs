//! RFC 6749 §6: refreshing, with rotation and reuse detection
//! (RFC 9700 §4.14.2).

use super::super::error::OAuthError;
use super::super::issue::{
    Issuance, RefreshIssue, TokenResponse, UserGrant, issue_for_user, successor_of,
};
use super::super::tokens::Authentication;
use super::{Recipient, requested_scope};
use crate::domain::audit::{Entry, Event};
use crate::domain::scopes::{Policies, ScopeSet, grantable_to, policies_for};
use crate::domain::{Context, GrantType};
use crate::secrets::{PlainSecret, SecretHash, random_id};
use crate::state::AppState;
use crate::storage::{Families, RefreshRecord, Rotation};

fn invalid() -> OAuthError {
    OAuthError::invalid_grant("the refresh token is invalid, expired or revoked")
}

/// Rotates `presented` (issued to `to`) and answers new tokens.
///
/// Each refresh token works once. Presenting a used one again means two
/// parties hold it, so the whole family is revoked, unless it comes within
/// `REFRESH_GRACE_SECONDS` of the rotation (a client's own retry racing
/// itself), which gets the same successor instead.
pub async fn grant(
    state: &AppState,
    ctx: &Context,
    to: &Recipient<'_>,
    presented: &str,
    scope: Option<&str>,
) -> Result<TokenResponse, OAuthError> {
    let client_id = to.client_id;
    if presented.len() > 512 {
        return Err(invalid());
    }
    let now = ctx.now;
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
    // RFC 6749 §6: the new scope must not include any scope not originally
    // granted, nor (since an admin may have narrowed the client) anything
    // the client may no longer have.
    let granted = ScopeSet::from_stored(&record.scope).intersection(&to.allowed);
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
                .rotate_refresh_token(&Rotation {
                    family_id: &record.family_id,
                    hash: hash.as_str(),
                    successor_id: &random_id(),
                    successor_hash: successor.hash().as_str(),
                    now,
                    successor_expires_at: now + state.settings.refresh_token_ttl,
                })
                .await?
        }
        Some(_) => None,
    };
    if rotated.is_none() {
        duplicate(state, ctx, &record.id, &successor).await?;
    }

    // A user demoted since the login keeps no `admin`.
    let scope = grantable_to(scope, &user.roles);
    let stored: Policies = serde_json::from_str(&record.policies).unwrap_or_default();
    issue_for_user(
        state,
        ctx,
        UserGrant {
            grant: Issuance::Grant(GrantType::RefreshToken),
            user: &user,
            client_id,
            policies: policies_for(&stored, &scope),
            scope,
            auth_time: record.auth_time,
            nonce: None,
            authn: Authentication::default(),
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
    ctx: &Context,
    id: &str,
    successor: &PlainSecret,
) -> Result<(), OAuthError> {
    let now = ctx.now;
    let record: RefreshRecord = state.store.find_refresh(id).await?.ok_or_else(invalid)?;
    if record.revoked_at.is_some() {
        return Err(invalid());
    }
    if record.used_at.is_none() {
        // Not used, so not reuse: it expired, or its family was revoked,
        // while this request was on its way.
        tracing::warn!(family = %record.family_id, "refresh: token no longer usable");
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
        .revoke_refresh(Families::One(&record.family_id), now)
        .await?;
    tracing::warn!(
        client_id = %record.client_id,
        family = %record.family_id,
        revoked,
        "refresh token reuse detected: family revoked"
    );
    metrics::counter!("refresh_token_reuse_total").increment(1);
    state
        .notify
        .session_revoked(&state.store, ctx, &record.user_id, &record.client_id)
        .await;
    ctx.record(
        Entry::new(Event::RefreshReuseDetected)
            .user(&record.user_id)
            .client(&record.client_id)
            .with("family", record.family_id.as_str())
            .with("revoked", revoked),
    )
    .await;
    Err(invalid())
}
