//! The deny-list of access tokens revoked before their expiry (by `jti`).

use super::{Store, StoreResult};

impl Store {
    /// Records the revocation; revoking twice is not an error.
    pub async fn revoke_access_token(&self, jti: &str, expires_at: i64) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO revoked_access_tokens (jti, expires_at) VALUES ($1, $2) \
             ON CONFLICT (jti) DO NOTHING",
        )
        .bind(jti)
        .bind(expires_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// What every bearer check needs, in one round trip: whether `jti` is
    /// revoked and, for a user's token, the user's username and whether
    /// they are disabled (`None` when the user no longer exists).
    pub async fn access_token_status(
        &self,
        jti: &str,
        user_id: Option<&str>,
    ) -> StoreResult<(bool, Option<(String, bool)>)> {
        let Some(user_id) = user_id else {
            return Ok((self.is_access_token_revoked(jti).await?, None));
        };
        // One row when the user exists; the deny-list answer rides along.
        let row: Option<(String, i64, i64)> = sqlx::query_as(
            "SELECT username, disabled, \
             CAST(CASE WHEN EXISTS (SELECT 1 FROM revoked_access_tokens WHERE jti = $2) \
             THEN 1 ELSE 0 END AS BIGINT) FROM users WHERE id = $1",
        )
        .bind(user_id)
        .bind(jti)
        .fetch_optional(&self.pool)
        .await?;
        match row {
            Some((username, disabled, revoked)) => {
                Ok((revoked != 0, Some((username, disabled != 0))))
            }
            None => Ok((self.is_access_token_revoked(jti).await?, None)),
        }
    }

    pub async fn is_access_token_revoked(&self, jti: &str) -> StoreResult<bool> {
        let hit: Option<i64> =
            sqlx::query_scalar("SELECT 1 FROM revoked_access_tokens WHERE jti = $1")
                .bind(jti)
                .fetch_optional(&self.pool)
                .await?;
        Ok(hit.is_some())
    }

    /// Drops what can no longer matter: deny-list entries and refresh tokens
    /// past their expiry. Answers the number of rows removed.
    pub async fn prune_expired(&self, now: i64) -> StoreResult<u64> {
        let a = sqlx::query("DELETE FROM revoked_access_tokens WHERE expires_at < $1")
            .bind(now)
            .execute(&self.pool)
            .await?;
        let b = sqlx::query("DELETE FROM refresh_tokens WHERE expires_at < $1")
            .bind(now)
            .execute(&self.pool)
            .await?;
        Ok(a.rows_affected() + b.rows_affected())
    }
}
