//! Mailed one-time codes: stored as an HMAC, used once, voided after five
//! wrong tries, one live code per user.

use super::{Store, StoreResult};

/// The live code of a user, if any.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct OtpRecord {
    pub id: String,
    pub code_mac: String,
    pub failed_attempts: i64,
}

/// Wrong tries that void a code.
pub const MAX_FAILED_ATTEMPTS: i64 = 5;

impl Store {
    /// Stores a new code for the user unless one was issued at or after
    /// `not_since` (the minimum spacing of codes); any earlier live code is
    /// voided, so only the newest works. Answers whether it was stored.
    ///
    /// Two requests at once for the same user are serialised on the user's
    /// row (the first statement locks it on PostgreSQL; SQLite has one
    /// writer), so the spacing holds under races too.
    pub async fn insert_otp_code(
        &self,
        id: &str,
        user_id: &str,
        code_mac: &str,
        now: i64,
        expires_at: i64,
        not_since: i64,
    ) -> StoreResult<bool> {
        let mut tx = self.begin_write().await?;
        sqlx::query("UPDATE users SET updated_at = updated_at WHERE id = $1")
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        let recent: Option<i64> = sqlx::query_scalar(
            "SELECT MAX(created_at) FROM otp_codes WHERE user_id = $1 AND created_at >= $2",
        )
        .bind(user_id)
        .bind(not_since)
        .fetch_one(&mut *tx)
        .await?;
        if recent.is_some() {
            return Ok(false);
        }
        sqlx::query("UPDATE otp_codes SET used_at = $2 WHERE user_id = $1 AND used_at IS NULL")
            .bind(user_id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO otp_codes (id, user_id, code_mac, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(user_id)
        .bind(code_mac)
        .bind(now)
        .bind(expires_at)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// The user's live code: unused, unexpired, not voided.
    pub async fn live_otp_code(&self, user_id: &str, now: i64) -> StoreResult<Option<OtpRecord>> {
        Ok(sqlx::query_as(
            "SELECT id, code_mac, failed_attempts FROM otp_codes \
             WHERE user_id = $1 AND used_at IS NULL AND expires_at > $2 AND failed_attempts < $3 \
             ORDER BY created_at DESC LIMIT 1",
        )
        .bind(user_id)
        .bind(now)
        .bind(MAX_FAILED_ATTEMPTS)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Uses the code, once: of concurrent uses exactly one gets `true`.
    pub async fn use_otp_code(&self, id: &str, now: i64) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE otp_codes SET used_at = $2 \
             WHERE id = $1 AND used_at IS NULL AND expires_at > $2 AND failed_attempts < $3",
        )
        .bind(id)
        .bind(now)
        .bind(MAX_FAILED_ATTEMPTS)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Counts a wrong try against the code (the fifth voids it).
    pub async fn fail_otp_code(&self, id: &str) -> StoreResult<()> {
        sqlx::query(
            "UPDATE otp_codes SET failed_attempts = failed_attempts + 1 \
             WHERE id = $1 AND used_at IS NULL",
        )
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}
