//! Checking a confidential client's secret (RFC 6749 §2.3.1).
//!
//! Secrets this server issues are stored as SHA-256 (`crate::secrets`): a
//! check costs microseconds. A client imported from django-oauth-toolkit
//! 2.x or later may instead carry its secret as a Django password hash
//! (`pbkdf2_sha256$…`, DOT's `hash_client_secret`): that check is slow by
//! design (a million PBKDF2 iterations), so it runs on the password-hashing
//! pool like a password, and once the secret matches it is stored again as
//! SHA-256, so each imported client pays the slow check once.

use super::audit::{Entry, Event};
use super::context::Context;
use super::error::ApiError;
use crate::password::{Password, PasswordHasher, django};
use crate::secrets::SecretHash;
use crate::storage::{ClientRecord, Store};

/// Whether `presented` is `client`'s secret.
pub async fn check_client_secret(
    store: &Store,
    hasher: &PasswordHasher,
    ctx: &Context,
    client: &ClientRecord,
    presented: &str,
) -> Result<bool, ApiError> {
    let Some(stored) = client.secret_hash.as_deref() else {
        return Ok(false);
    };
    if django::scheme_of(stored).is_none() {
        return Ok(SecretHash::from_stored(stored.to_string()).matches(presented));
    }
    // Django-hashed secrets are at most 255 characters in DOT; anything
    // longer is not worth a slow check.
    if presented.len() > 1024 {
        return Ok(false);
    }
    if !hasher
        .verify(&Password::new(presented), Some(stored))
        .await?
    {
        return Ok(false);
    }
    let ours = SecretHash::of(presented);
    if store
        .upgrade_client_secret_hash(&client.id, stored, ours.as_str())
        .await?
    {
        ctx.record(
            Entry::new(Event::ClientSecretUpgraded)
                .client(&client.id)
                .with("from", django::scheme_of(stored).map_or("", |s| s.name()))
                .with("to", "sha256"),
        )
        .await;
    }
    Ok(true)
}
