//! Provenance of imported rows: which users and clients an import (from
//! django-oauth-toolkit) brought in, by their key here (username,
//! client_id), so a later import tells its own rows from others.

use super::{Store, StoreResult};

impl Store {
    /// Whether the row `key` of `kind` was brought in from `source`.
    pub async fn is_imported(&self, source: &str, kind: &str, key: &str) -> StoreResult<bool> {
        if !super::storable(key) {
            return Ok(false);
        }
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM imported_rows WHERE source = $1 AND kind = $2 AND target_key = $3",
        )
        .bind(source)
        .bind(kind)
        .bind(key)
        .fetch_one(&self.pool)
        .await?;
        Ok(n > 0)
    }

    /// Notes that the row `key` of `kind` came from `source`'s `source_id`.
    pub async fn record_import(
        &self,
        source: &str,
        kind: &str,
        key: &str,
        source_id: &str,
        now: i64,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO imported_rows (source, kind, target_key, source_id, imported_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (source, kind, target_key) \
             DO UPDATE SET source_id = $4, imported_at = $5",
        )
        .bind(source)
        .bind(kind)
        .bind(key)
        .bind(source_id)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}
