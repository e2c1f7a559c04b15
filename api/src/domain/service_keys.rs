//! Service keys: the credential of integrators (`X-Service-Key`).

use super::audit::{Entry, Event};
use super::context::Context;
use super::error::ApiError;
use super::scopes::ScopeSet;
use crate::secrets::{PlainSecret, SecretHash, random_id};
use crate::storage::{ServiceKeyRecord, Store};

/// The scope of tokens issued through a key created without one.
pub const DEFAULT_SERVICE_KEY_SCOPE: &str = "openid profile email roles";

pub struct CreatedServiceKey {
    pub record: ServiceKeyRecord,
    /// Shown once.
    pub key: PlainSecret,
}

pub async fn create_service_key(
    store: &Store,
    ctx: &Context,
    name: &str,
    scope: Option<&str>,
) -> Result<CreatedServiceKey, ApiError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 150 || name.contains(char::is_control) {
        return Err(ApiError::invalid_request(
            "name must be 1 to 150 characters without control characters",
        ));
    }
    let scope = ScopeSet::parse(scope.unwrap_or(DEFAULT_SERVICE_KEY_SCOPE))
        .map_err(|_| ApiError::invalid_request("scope contains an invalid token"))?;
    let key = PlainSecret::generate("sk_");
    let record = ServiceKeyRecord {
        id: format!("svc_{}", random_id()),
        name: name.to_string(),
        key_hash: key.hash().as_str().to_string(),
        scope: scope.to_string(),
        created_at: ctx.now,
        revoked_at: None,
    };
    store.insert_service_key(&record).await?;
    ctx.record(
        Entry::new(Event::ServiceKeyCreated)
            .client(&record.id)
            .with("name", record.name.as_str())
            .with("scope", record.scope.as_str()),
    )
    .await;
    Ok(CreatedServiceKey { record, key })
}

/// Revokes the key: it stops working at once, with every token issued
/// through it (refresh tokens are revoked, access tokens fail their check).
pub async fn revoke_service_key(store: &Store, ctx: &Context, id: &str) -> Result<(), ApiError> {
    if !store.revoke_service_key(id, ctx.now).await? {
        return Err(ApiError::not_found("no such active service key"));
    }
    ctx.record(Entry::new(Event::ServiceKeyRevoked).client(id))
        .await;
    Ok(())
}

/// The active key matching `presented`, or `invalid_service_key`.
pub async fn authenticate_service_key(
    store: &Store,
    presented: Option<&str>,
) -> Result<ServiceKeyRecord, ApiError> {
    let presented = presented
        .map(str::trim)
        .filter(|k| !k.is_empty() && k.len() <= 256)
        .ok_or_else(ApiError::invalid_service_key)?;
    let hash = SecretHash::of(presented);
    let record = store
        .find_service_key_by_hash(hash.as_str())
        .await?
        .filter(|r| r.revoked_at.is_none())
        // The row was found by this hash; compare again in constant time so
        // the check does not rest on the database's string comparison.
        .filter(|r| SecretHash::from_stored(r.key_hash.clone()).matches(presented));
    record.ok_or_else(ApiError::invalid_service_key)
}
