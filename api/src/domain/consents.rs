//! Consent: what a user granted a client, remembered so that the next
//! authorization asking for no more skips the consent screen; listed and
//! revocable as the user's connected apps.

use super::audit::{Entry, Event};
use super::context::Context;
use super::error::ApiError;
use super::scopes::{Policies, ScopeSet};
use crate::storage::{ConsentRecord, Families, Store};

/// A remembered grant, as the account page shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Grant {
    pub client_id: String,
    pub client_name: String,
    pub scope: ScopeSet,
    pub policies: Policies,
    pub granted_at: i64,
}

impl From<ConsentRecord> for Grant {
    fn from(c: ConsentRecord) -> Self {
        Self {
            scope: ScopeSet::from_stored(&c.scope),
            policies: serde_json::from_str(&c.policies).unwrap_or_default(),
            client_id: c.client_id,
            client_name: c.client_name,
            granted_at: c.granted_at,
        }
    }
}

/// The user's grant to the client, if any.
pub async fn find(
    store: &Store,
    user_id: &str,
    client_id: &str,
) -> Result<Option<Grant>, ApiError> {
    Ok(store
        .find_consent(user_id, client_id)
        .await?
        .map(Grant::from))
}

/// Whether a remembered grant covers a request: every scope asked for was
/// granted (a level asked for is not part of a request; the remembered
/// one applies).
pub fn covers(grant: &Grant, asked: &ScopeSet) -> bool {
    asked.is_subset_of(&grant.scope)
}

/// Remembers what the user granted (replacing an earlier grant).
pub async fn remember(
    store: &Store,
    ctx: &Context,
    user_id: &str,
    client_id: &str,
    scope: &ScopeSet,
    policies: &Policies,
) -> Result<(), ApiError> {
    let policies_json = serde_json::to_string(policies).unwrap_or_else(|_| "{}".into());
    store
        .upsert_consent(
            user_id,
            client_id,
            &scope.to_string(),
            &policies_json,
            ctx.now,
        )
        .await?;
    ctx.record(
        Entry::new(Event::ConsentGranted)
            .user(user_id)
            .client(client_id)
            .with("scope", scope.to_string())
            .with(
                "policies",
                serde_json::to_value(policies).unwrap_or_default(),
            ),
    )
    .await;
    Ok(())
}

/// The user's connected apps.
pub async fn list(store: &Store, user_id: &str) -> Result<Vec<Grant>, ApiError> {
    Ok(store
        .list_consents(user_id)
        .await?
        .into_iter()
        .map(Grant::from)
        .collect())
}

/// Revokes the grant and the client's refresh tokens for the user: the app
/// must ask again, and its sessions end.
pub async fn revoke(
    store: &Store,
    ctx: &Context,
    user_id: &str,
    client_id: &str,
) -> Result<(), ApiError> {
    if !store.delete_consent(user_id, client_id).await? {
        return Err(ApiError::not_found("no grant to this client"));
    }
    let revoked = store
        .revoke_refresh(Families::UserAtClient { user_id, client_id }, ctx.now)
        .await?;
    ctx.record(
        Entry::new(Event::ConsentRevoked)
            .user(user_id)
            .client(client_id)
            .with("revoked_refresh_tokens", revoked),
    )
    .await;
    Ok(())
}
