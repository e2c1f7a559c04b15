//! Service keys: what integrators send as `X-Service-Key`, stored hashed.

use sqlx::FromRow;

use super::{Families, Store, StoreResult, conflict_or};

#[derive(Clone, Debug, PartialEq, Eq, FromRow)]
pub struct ServiceKeyRecord {
    pub id: String,
    pub name: String,
    /// SHA-256 of the key.
    pub key_hash: String,
    /// Space-separated scope of the tokens issued through this key.
    pub scope: String,
    pub created_at: i64,
    pub revoked_at: Option<i64>,
}

impl Store {
    pub async fn insert_service_key(&self, k: &ServiceKeyRecord) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO service_keys (id, name, key_hash, scope, created_at, revoked_at) \
             VALUES ($1, $2, $3, $4, $5, NULL)",
        )
        .bind(&k.id)
        .bind(&k.name)
        .bind(&k.key_hash)
        .bind(&k.scope)
        .bind(k.created_at)
        .execute(&self.pool)
        .await
        .map_err(|e| conflict_or(e, "service key exists"))?;
        Ok(())
    }

    /// The key whose hash this is, revoked or not (the caller checks). A
    /// lookup by SHA-256 reveals nothing about the key through its timing.
    pub async fn find_service_key_by_hash(
        &self,
        hash: &str,
    ) -> StoreResult<Option<ServiceKeyRecord>> {
        Ok(sqlx::query_as(
            "SELECT id, name, key_hash, scope, created_at, revoked_at FROM service_keys \
             WHERE key_hash = $1",
        )
        .bind(hash)
        .fetch_optional(&self.pool)
        .await?)
    }

    pub async fn list_service_keys(&self) -> StoreResult<Vec<ServiceKeyRecord>> {
        Ok(sqlx::query_as(
            "SELECT id, name, key_hash, scope, created_at, revoked_at FROM service_keys \
             ORDER BY created_at, id",
        )
        .fetch_all(&self.pool)
        .await?)
    }

    /// Revokes the key and every refresh token issued through it; answers
    /// whether an active key was revoked.
    pub async fn revoke_service_key(&self, id: &str, now: i64) -> StoreResult<bool> {
        if !super::storable(id) {
            return Ok(false);
        }
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(
            "UPDATE service_keys SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL",
        )
        .bind(id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        self.revoke_refresh_in(&mut tx, Families::Client(id), now)
            .await?;
        tx.commit().await?;
        Ok(done.rows_affected() > 0)
    }
}
