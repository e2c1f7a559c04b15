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
