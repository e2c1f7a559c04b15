//! Failed attempts per key and until when each key is held back, and the
//! addresses users signed in from: shared by every replica through the
//! database.

use super::{Store, StoreResult};

impl Store {
    /// The latest `blocked_until` among up to three keys (0 when none is
    /// held back), in one query.
    pub async fn throttle_blocked_until(&self, keys: &[&str]) -> StoreResult<i64> {
        let key = |i: usize| keys.get(i).copied().unwrap_or("");
        let until: Option<i64> =
            sqlx::query_scalar("SELECT MAX(blocked_until) FROM throttle WHERE key IN ($1, $2, $3)")
                .bind(key(0))
                .bind(key(1))
                .bind(key(2))
                .fetch_one(&self.pool)
                .await?;
        Ok(until.unwrap_or(0))
    }

    /// Counts a failure for `key`, starting over when the last one is older
    /// than `window_start`; answers the failures now counted.
    pub async fn throttle_fail(&self, key: &str, now: i64, window_start: i64) -> StoreResult<i64> {
        Ok(sqlx::query_scalar(
            "INSERT INTO throttle (key, failures, last_failure_at, blocked_until) \
             VALUES ($1, 1, $2, 0) ON CONFLICT (key) DO UPDATE SET \
             failures = CASE WHEN throttle.last_failure_at < $3 THEN 1 \
             ELSE throttle.failures + 1 END, last_failure_at = $2 \
             RETURNING failures",
        )
        .bind(key)
        .bind(now)
        .bind(window_start)
        .fetch_one(&self.pool)
        .await?)
    }

    /// Holds `key` back until `until` (never shortening a longer hold).
    pub async fn throttle_block(&self, key: &str, until: i64) -> StoreResult<()> {
        sqlx::query("UPDATE throttle SET blocked_until = $2 WHERE key = $1 AND blocked_until < $2")
            .bind(key)
            .bind(until)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Forgets the failures of `key` (a successful sign-in).
    pub async fn throttle_clear(&self, key: &str) -> StoreResult<()> {
        sqlx::query("DELETE FROM throttle WHERE key = $1")
            .bind(key)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Remembers that the user signed in from `ip` at `now`.
    pub async fn remember_address(&self, user_id: &str, ip: &str, now: i64) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO known_addresses (user_id, ip, last_seen_at) VALUES ($1, $2, $3) \
             ON CONFLICT (user_id, ip) DO UPDATE SET last_seen_at = $3",
        )
        .bind(user_id)
        .bind(ip)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Whether the user signed in from `ip` at `since` or later.
    pub async fn is_known_address(&self, user_id: &str, ip: &str, since: i64) -> StoreResult<bool> {
        let hit: Option<i64> = sqlx::query_scalar(
            "SELECT last_seen_at FROM known_addresses \
             WHERE user_id = $1 AND ip = $2 AND last_seen_at >= $3",
        )
        .bind(user_id)
        .bind(ip)
        .bind(since)
        .fetch_optional(&self.pool)
        .await?;
        Ok(hit.is_some())
    }

    /// Drops throttle rows nobody is held back by and whose failures have
    /// aged out, and addresses not seen since `addresses_before`.
    pub async fn prune_throttle(
        &self,
        now: i64,
        failures_before: i64,
        addresses_before: i64,
    ) -> StoreResult<u64> {
        let a =
            sqlx::query("DELETE FROM throttle WHERE blocked_until < $1 AND last_failure_at < $2")
                .bind(now)
                .bind(failures_before)
                .execute(&self.pool)
                .await?
                .rows_affected();
        let b = sqlx::query("DELETE FROM known_addresses WHERE last_seen_at < $1")
            .bind(addresses_before)
            .execute(&self.pool)
            .await?
            .rows_affected();
        Ok(a + b)
    }
}
