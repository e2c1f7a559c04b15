//! The audit log: written in batches, read newest first with filters and a
//! cursor (ids sort by time, so the last id of a page is the cursor).

use sqlx::FromRow;

use super::{Store, StoreResult};

#[derive(Clone, Debug, PartialEq, Eq, FromRow)]
pub struct AuditRecord {
    /// Sorts by time: `{at in microseconds, 16 hex}{random, 8 hex}`.
    pub id: String,
    pub at: i64,
    pub event: String,
    pub actor: String,
    pub user_id: Option<String>,
    pub client_id: Option<String>,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    /// JSON object; never a secret.
    pub detail: String,
}

/// What to list; every field narrows.
#[derive(Clone, Debug, Default)]
pub struct AuditFilter {
    pub user_id: Option<String>,
    pub client_id: Option<String>,
    pub event: Option<String>,
    pub since: Option<i64>,
    pub until: Option<i64>,
    /// Entries older than this id (the previous page's `next_cursor`).
    pub before: Option<String>,
}

impl Store {
    /// Writes the records in one transaction.
    pub async fn insert_audit(&self, records: &[AuditRecord]) -> StoreResult<()> {
        if records.is_empty() {
            return Ok(());
        }
        let mut tx = self.begin_write().await?;
        for r in records {
            sqlx::query(
                "INSERT INTO audit_log (id, at, event, actor, user_id, client_id, ip, user_agent, \
                 detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (id) DO NOTHING",
            )
            .bind(&r.id)
            .bind(r.at)
            .bind(&r.event)
            .bind(&r.actor)
            .bind(r.user_id.as_deref())
            .bind(r.client_id.as_deref())
            .bind(r.ip.as_deref())
            .bind(r.user_agent.as_deref())
            .bind(&r.detail)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Newest first, at most `limit`.
    pub async fn list_audit(&self, f: &AuditFilter, limit: i64) -> StoreResult<Vec<AuditRecord>> {
        // Each filter is "$n IS NULL OR column matches $n", so one query text
        // serves every combination.
        Ok(sqlx::query_as(
            "SELECT id, at, event, actor, user_id, client_id, ip, user_agent, detail \
             FROM audit_log \
             WHERE ($1 IS NULL OR user_id = $1) AND ($2 IS NULL OR client_id = $2) \
             AND ($3 IS NULL OR event = $3) AND ($4 IS NULL OR at >= $4) \
             AND ($5 IS NULL OR at <= $5) AND ($6 IS NULL OR id < $6) \
             ORDER BY id DESC LIMIT $7",
        )
        .bind(f.user_id.as_deref().filter(|s| super::storable(s)))
        .bind(f.client_id.as_deref().filter(|s| super::storable(s)))
        .bind(f.event.as_deref().filter(|s| super::storable(s)))
        .bind(f.since)
        .bind(f.until)
        .bind(f.before.as_deref().filter(|s| super::storable(s)))
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Drops entries older than `before` (retention); answers how many.
    pub async fn prune_audit(&self, before: i64) -> StoreResult<u64> {
        Ok(sqlx::query("DELETE FROM audit_log WHERE at < $1")
            .bind(before)
            .execute(&self.pool)
            .await?
            .rows_affected())
    }
}
