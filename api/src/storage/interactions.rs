//! Interactions: authorization requests waiting for the user, with their
//! step (login → otp → consent → done), bound to one browser.

use super::{Store, StoreResult};

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct InteractionRecord {
    pub id: String,
    /// `login`, `otp` or `consent`.
    pub stage: String,
    pub client_id: String,
    pub redirect_uri: String,
    /// The scope asked for (already within the client's).
    pub scope: String,
    pub state: Option<String>,
    pub nonce: Option<String>,
    pub code_challenge: Option<String>,
    /// Space-separated `prompt` values.
    pub prompt: String,
    pub max_age: Option<i64>,
    /// SHA-256 of the browser cookie of the browser that started it.
    pub browser_hash: String,
    /// SHA-256 of its CSRF token.
    pub csrf_hash: String,
    pub user_id: Option<String>,
    pub auth_time: Option<i64>,
    /// Space-separated authentication methods (RFC 8176): `pwd`, `otp`.
    pub amr: String,
    /// The browser session the user signed in with, once known.
    pub session_id: Option<String>,
    pub created_at: i64,
    pub expires_at: i64,
    pub completed_at: Option<i64>,
}

/// Who signed in, once an interaction knows.
pub struct Authenticated<'a> {
    pub user_id: &'a str,
    pub auth_time: i64,
    pub amr: &'a str,
    pub session_id: Option<&'a str>,
}

macro_rules! select_interaction {
    ($tail:literal) => {
        concat!(
            "SELECT id, stage, client_id, redirect_uri, scope, state, nonce, code_challenge, ",
            "prompt, max_age, browser_hash, csrf_hash, user_id, auth_time, amr, session_id, ",
            "created_at, expires_at, completed_at FROM interactions ",
            $tail
        )
    };
}

impl Store {
    pub async fn insert_interaction(&self, i: &InteractionRecord) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO interactions (id, stage, client_id, redirect_uri, scope, state, nonce, \
             code_challenge, prompt, max_age, browser_hash, csrf_hash, user_id, auth_time, amr, \
             session_id, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)",
        )
        .bind(&i.id)
        .bind(&i.stage)
        .bind(&i.client_id)
        .bind(&i.redirect_uri)
        .bind(&i.scope)
        .bind(i.state.as_deref())
        .bind(i.nonce.as_deref())
        .bind(i.code_challenge.as_deref())
        .bind(&i.prompt)
        .bind(i.max_age)
        .bind(&i.browser_hash)
        .bind(&i.csrf_hash)
        .bind(i.user_id.as_deref())
        .bind(i.auth_time)
        .bind(&i.amr)
        .bind(i.session_id.as_deref())
        .bind(i.created_at)
        .bind(i.expires_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn find_interaction(&self, id: &str) -> StoreResult<Option<InteractionRecord>> {
        if !super::storable(id) {
            return Ok(None);
        }
        Ok(sqlx::query_as(select_interaction!("WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?)
    }

    /// Moves a live interaction from step `from` to `to`, recording who
    /// signed in; answers whether it moved (a second request racing the
    /// first, or one after expiry, does not).
    pub async fn advance_interaction(
        &self,
        id: &str,
        from: &str,
        to: &str,
        who: &Authenticated<'_>,
        now: i64,
    ) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE interactions SET stage = $3, user_id = $4, auth_time = $5, amr = $6, \
             session_id = COALESCE($7, session_id) \
             WHERE id = $1 AND stage = $2 AND completed_at IS NULL AND expires_at > $8",
        )
        .bind(id)
        .bind(from)
        .bind(to)
        .bind(who.user_id)
        .bind(who.auth_time)
        .bind(who.amr)
        .bind(who.session_id)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Ends a live interaction at step `stage`, once: of concurrent calls
    /// exactly one gets `true`.
    pub async fn complete_interaction(&self, id: &str, stage: &str, now: i64) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE interactions SET completed_at = $3 \
             WHERE id = $1 AND stage = $2 AND completed_at IS NULL AND expires_at > $3",
        )
        .bind(id)
        .bind(stage)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }
}
