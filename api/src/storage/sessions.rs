//! Browser sessions: a signed-in browser, so that the next authorization
//! skips the login. The cookie is a 256-bit secret; the row is keyed by its
//! SHA-256. `sid` is the public id put in ID tokens (OIDC Front-Channel
//! Logout §2's claim, used here for RP-initiated logout).

use super::{Store, StoreResult};

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct SessionRecord {
    pub id: String,
    pub sid: String,
    pub user_id: String,
    pub auth_time: i64,
    pub amr: String,
    pub created_at: i64,
    pub expires_at: i64,
    pub ended_at: Option<i64>,
}

impl Store {
    pub async fn insert_session(&self, s: &SessionRecord) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO browser_sessions (id, sid, user_id, auth_time, amr, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&s.id)
        .bind(&s.sid)
        .bind(&s.user_id)
        .bind(s.auth_time)
        .bind(&s.amr)
        .bind(s.created_at)
        .bind(s.expires_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The live session with this id (the cookie's hash).
    pub async fn find_live_session(
        &self,
        id: &str,
        now: i64,
    ) -> StoreResult<Option<SessionRecord>> {
        Ok(sqlx::query_as(
            "SELECT id, sid, user_id, auth_time, amr, created_at, expires_at, ended_at \
             FROM browser_sessions WHERE id = $1 AND ended_at IS NULL AND expires_at > $2",
        )
        .bind(id)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Ends the session with this id or this `sid`; answers how many ended.
    pub async fn end_session(
        &self,
        id: Option<&str>,
        sid: Option<&str>,
        now: i64,
    ) -> StoreResult<u64> {
        let done = sqlx::query(
            "UPDATE browser_sessions SET ended_at = $3 \
             WHERE (id = $1 OR sid = $2) AND ended_at IS NULL",
        )
        .bind(id.unwrap_or(""))
        .bind(sid.unwrap_or(""))
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected())
    }
}
