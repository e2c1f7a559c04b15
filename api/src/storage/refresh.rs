//! Refresh tokens: families, rotation and revocation (RFC 9700 §4.14.2).

use sqlx::FromRow;

use super::{Store, StoreResult};

#[derive(Clone, Debug, PartialEq, Eq, FromRow)]
pub struct RefreshRecord {
    pub id: String,
    pub token_hash: String,
    pub family_id: String,
    /// The client, or the service key, the token was issued to.
    pub client_id: String,
    pub user_id: String,
    pub scope: String,
    /// JSON object `{scope: level}`.
    pub policies: String,
    pub auth_time: i64,
    pub issued_at: i64,
    pub expires_at: i64,
    pub used_at: Option<i64>,
    pub successor_id: Option<String>,
    pub revoked_at: Option<i64>,
}

pub struct NewRefreshToken<'a> {
    pub id: &'a str,
    pub token_hash: &'a str,
    pub family_id: &'a str,
    pub client_id: &'a str,
    pub user_id: &'a str,
    pub scope: &'a str,
    pub policies: &'a str,
    pub auth_time: i64,
    pub issued_at: i64,
    pub expires_at: i64,
}

macro_rules! select_refresh {
    ($tail:literal) => {
        concat!(
            "SELECT id, token_hash, family_id, client_id, user_id, scope, policies, auth_time, ",
            "issued_at, expires_at, used_at, successor_id, revoked_at FROM refresh_tokens ",
            $tail
        )
    };
}

impl Store {
    /// Stores the first token of a new family.
    pub async fn insert_refresh_token(&self, t: &NewRefreshToken<'_>) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO refresh_tokens (id, token_hash, family_id, client_id, user_id, scope, \
             policies, auth_time, issued_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(t.id)
        .bind(t.token_hash)
        .bind(t.family_id)
        .bind(t.client_id)
        .bind(t.user_id)
        .bind(t.scope)
        .bind(t.policies)
        .bind(t.auth_time)
        .bind(t.issued_at)
        .bind(t.expires_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn find_refresh_by_hash(&self, hash: &str) -> StoreResult<Option<RefreshRecord>> {
        Ok(sqlx::query_as(select_refresh!("WHERE token_hash = $1"))
            .bind(hash)
            .fetch_optional(&self.pool)
            .await?)
    }

    pub async fn find_refresh(&self, id: &str) -> StoreResult<Option<RefreshRecord>> {
        Ok(sqlx::query_as(select_refresh!("WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?)
    }

    /// Rotation, atomically: marks the token used if, and only if, it is
    /// unused, unrevoked and unexpired, and in the same transaction adds its
    /// successor (same family, user, client, scope and policies).
    ///
    /// Of any number of concurrent calls for one token exactly one gets
    /// `Some(parent)`: the conditional UPDATE is the arbiter (PostgreSQL
    /// re-checks the WHERE after the row lock; SQLite has one writer).
    pub async fn rotate_refresh_token(
        &self,
        hash: &str,
        successor_id: &str,
        successor_hash: &str,
        now: i64,
        successor_expires_at: i64,
    ) -> StoreResult<Option<RefreshRecord>> {
        let mut tx = self.begin_write().await?;
        let parent: Option<RefreshRecord> = sqlx::query_as(
            "UPDATE refresh_tokens SET used_at = $2, successor_id = $3 \
             WHERE token_hash = $1 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > $2 \
             RETURNING id, token_hash, family_id, client_id, user_id, scope, policies, auth_time, \
             issued_at, expires_at, used_at, successor_id, revoked_at",
        )
        .bind(hash)
        .bind(now)
        .bind(successor_id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(parent) = parent else {
            tx.rollback().await?;
            return Ok(None);
        };
        sqlx::query(
            "INSERT INTO refresh_tokens (id, token_hash, family_id, client_id, user_id, scope, \
             policies, auth_time, issued_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(successor_id)
        .bind(successor_hash)
        .bind(&parent.family_id)
        .bind(&parent.client_id)
        .bind(&parent.user_id)
        .bind(&parent.scope)
        .bind(&parent.policies)
        .bind(parent.auth_time)
        .bind(now)
        .bind(successor_expires_at)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Some(parent))
    }

    /// Revokes every token of the family; answers how many were still live.
    pub async fn revoke_refresh_family(&self, family_id: &str, now: i64) -> StoreResult<u64> {
        let done = sqlx::query(
            "UPDATE refresh_tokens SET revoked_at = $2 WHERE family_id = $1 AND revoked_at IS NULL",
        )
        .bind(family_id)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected())
    }

    /// Revokes the user's refresh tokens issued to one client (logout).
    pub async fn revoke_refresh_for_user_client(
        &self,
        user_id: &str,
        client_id: &str,
        now: i64,
    ) -> StoreResult<u64> {
        let done = sqlx::query(
            "UPDATE refresh_tokens SET revoked_at = $3 \
             WHERE user_id = $1 AND client_id = $2 AND revoked_at IS NULL",
        )
        .bind(user_id)
        .bind(client_id)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected())
    }
}
