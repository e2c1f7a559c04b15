//! A user's authenticator app: the secret being enrolled, the confirmed
//! one (both stored as the key cipher sealed them), and the last time step
//! whose code was accepted.
//!
//! **Why a code cannot be accepted twice, not even by two replicas at
//! once.** Accepting a step is one conditional `UPDATE … SET totp_last_step
//! = $step WHERE … totp_last_step < $step`: the database checks and writes
//! in one statement, under the row's lock. Two requests presenting the
//! same code race for that row; the first moves `totp_last_step` to the
//! step and the second, re-evaluating the condition on the committed row
//! (PostgreSQL re-checks a `WHERE` after waiting on a row lock; SQLite has
//! one writer), finds it no longer below and changes nothing. Whoever sees
//! `rows_affected() == 1` accepted the code; everybody else is a replay.
//! A code of an earlier step than one already accepted is refused too, so
//! the window of a code (its step and one either side) closes as soon as
//! any code of it or a later step is used.

use sqlx::FromRow;

use super::{Store, StoreResult, storable};

/// The stored (sealed) secrets of one user.
#[derive(Clone, PartialEq, Eq, FromRow)]
pub struct TotpRecord {
    /// Being enrolled, not yet confirmed.
    pub pending_secret: Option<String>,
    /// Confirmed: every password login needs its code.
    pub secret: Option<String>,
    pub enabled_at: Option<i64>,
    /// The last time step accepted.
    pub last_step: Option<i64>,
}

impl std::fmt::Debug for TotpRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TotpRecord")
            .field("pending", &self.pending_secret.is_some())
            .field("enabled", &self.secret.is_some())
            .field("enabled_at", &self.enabled_at)
            .field("last_step", &self.last_step)
            .finish()
    }
}

impl Store {
    /// The user's authenticator columns, if the user exists.
    pub async fn totp(&self, user_id: &str) -> StoreResult<Option<TotpRecord>> {
        if !storable(user_id) {
            return Ok(None);
        }
        Ok(sqlx::query_as(
            "SELECT totp_pending_secret AS pending_secret, totp_secret AS secret, \
             totp_enabled_at AS enabled_at, totp_last_step AS last_step FROM users WHERE id = $1",
        )
        .bind(user_id)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Starts (or restarts) an enrollment: the pending secret is replaced,
    /// a confirmed one stays active. Answers whether the user exists.
    pub async fn set_totp_pending(&self, user_id: &str, sealed: &str) -> StoreResult<bool> {
        if !storable(user_id) {
            return Ok(false);
        }
        let done = sqlx::query("UPDATE users SET totp_pending_secret = $2 WHERE id = $1")
            .bind(user_id)
            .bind(sealed)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Makes the pending secret the active one, with `step` (the code that
    /// confirmed it) as already used, in one statement. Only if the pending
    /// secret is still `sealed`, the one the code was checked against: an
    /// enrollment restarted meanwhile is not confirmed by the old code.
    pub async fn confirm_totp(
        &self,
        user_id: &str,
        sealed: &str,
        step: i64,
        now: i64,
    ) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE users SET totp_secret = totp_pending_secret, totp_pending_secret = NULL, \
             totp_enabled_at = $3, totp_last_step = $4 \
             WHERE id = $1 AND totp_pending_secret = $2",
        )
        .bind(user_id)
        .bind(sealed)
        .bind(now)
        .bind(step)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Accepts the code of `step` for the active secret `sealed`, once:
    /// true for the first caller, false for any replay (see the module
    /// doc), and false if the secret was removed or replaced meanwhile.
    pub async fn accept_totp_step(
        &self,
        user_id: &str,
        sealed: &str,
        step: i64,
    ) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE users SET totp_last_step = $2 WHERE id = $1 AND totp_secret = $3 \
             AND (totp_last_step IS NULL OR totp_last_step < $2)",
        )
        .bind(user_id)
        .bind(step)
        .bind(sealed)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Removes the authenticator, confirmed or pending. Answers whether the
    /// user had either.
    pub async fn remove_totp(&self, user_id: &str) -> StoreResult<bool> {
        if !storable(user_id) {
            return Ok(false);
        }
        let done = sqlx::query(
            "UPDATE users SET totp_secret = NULL, totp_pending_secret = NULL, \
             totp_enabled_at = NULL, totp_last_step = NULL \
             WHERE id = $1 AND (totp_secret IS NOT NULL OR totp_pending_secret IS NOT NULL)",
        )
        .bind(user_id)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }
}
