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

/// Rows per INSERT statement (9 parameters each, well under both
/// backends' limits).
const ROWS_PER_INSERT: usize = 64;

impl Store {
    /// Writes the records in one transaction, as multi-row INSERTs (one
    /// statement per [`ROWS_PER_INSERT`] rows, not one per row: the batch
    /// holds SQLite's write lock for less time).
    pub async fn insert_audit(&self, records: &[AuditRecord]) -> StoreResult<()> {
        if records.is_empty() {
            return Ok(());
        }
        let mut tx = self.begin_write().await?;
        for chunk in records.chunks(ROWS_PER_INSERT) {
            let mut sql = String::from(
                "INSERT INTO audit_log (id, at, event, actor, user_id, client_id, ip, user_agent, \
                 detail) VALUES ",
            );
            for i in 0..chunk.len() {
                let p = i * 9;
                if i > 0 {
                    sql.push_str(", ");
                }
                sql.push_str(&format!(
                    "(${}, ${}, ${}, ${}, ${}, ${}, ${}, ${}, ${})",
                    p + 1,
                    p + 2,
                    p + 3,
                    p + 4,
                    p + 5,
                    p + 6,
                    p + 7,
                    p + 8,
                    p + 9
                ));
            }
            sql.push_str(" ON CONFLICT (id) DO NOTHING");
            // The text is built from placeholders only; every value is bound.
            // Not kept in the statement cache: a text per batch length would
            // push out the statements of the hot paths.
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).persistent(false);
            for r in chunk {
                q = q
                    .bind(r.id.clone())
                    .bind(r.at)
                    .bind(r.event.clone())
                    .bind(r.actor.clone())
                    .bind(r.user_id.clone())
                    .bind(r.client_id.clone())
                    .bind(r.ip.clone())
                    .bind(r.user_agent.clone())
                    .bind(r.detail.clone());
            }
            q.execute(&mut *tx).await?;
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
