//! The mail queue (`mail_outbox`): mail is inserted on the request path and
//! sent later by a background sender, which claims due rows for itself,
//! then marks each sent or schedules its retry.
//!
//! **Why two replicas never claim the same mail.** A claim is one
//! statement: `UPDATE mail_outbox SET claimed_by = me, claimed_until = lease
//! WHERE id IN (SELECT id … due and unclaimed … LIMIT n) AND <due and
//! unclaimed> RETURNING …`. The subquery picks candidates from a snapshot,
//! so two replicas may pick the same rows; the conditions repeated in the
//! outer `WHERE` are what make it safe. On PostgreSQL (READ COMMITTED) the
//! second replica's `UPDATE` waits on the row lock the first one holds,
//! and once the first commits, PostgreSQL re-evaluates the outer `WHERE`
//! on the row as committed: it now has a live `claimed_until`, so the row is
//! skipped and only the first replica returns it. (This is why no
//! `FOR UPDATE SKIP LOCKED` is needed, and one query text serves both
//! backends: the loser just claims fewer rows this round.) SQLite runs the
//! statement under its one write lock (`BEGIN IMMEDIATE`), so claims simply
//! run one after the other. A claim is a lease: should its sender die, the
//! rows become claimable again once `claimed_until` has passed.

use sqlx::FromRow;

use super::{Store, StoreResult};

/// A mail as queued.
pub struct NewMail<'a> {
    pub id: &'a str,
    pub to: &'a str,
    pub subject: &'a str,
    pub text: &'a str,
    pub html: &'a str,
    pub now: i64,
}

/// A claimed mail, to be sent by the claimer.
#[derive(Clone, Debug, PartialEq, Eq, FromRow)]
pub struct QueuedMail {
    pub id: String,
    pub to_addr: String,
    pub subject: String,
    pub text_body: String,
    pub html_body: String,
    /// Failed attempts so far.
    pub attempts: i64,
    pub claimed_until: i64,
}

impl Store {
    /// Queues a mail, due at once.
    pub async fn enqueue_mail(&self, m: &NewMail<'_>) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO mail_outbox (id, to_addr, subject, text_body, html_body, created_at, \
             attempts, next_attempt_at) VALUES ($1, $2, $3, $4, $5, $6, 0, $6)",
        )
        .bind(m.id)
        .bind(m.to)
        .bind(m.subject)
        .bind(m.text)
        .bind(m.html)
        .bind(m.now)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Claims up to `limit` due mails for `sender` until `lease_until`
    /// (oldest due first). Race-free across replicas: see the module doc.
    pub async fn claim_mail(
        &self,
        sender: &str,
        now: i64,
        lease_until: i64,
        limit: i64,
    ) -> StoreResult<Vec<QueuedMail>> {
        let mut tx = self.begin_write().await?;
        let rows = sqlx::query_as(
            "UPDATE mail_outbox SET claimed_by = $1, claimed_until = $2 \
             WHERE id IN (SELECT id FROM mail_outbox \
               WHERE sent_at IS NULL AND next_attempt_at <= $3 \
               AND (claimed_until IS NULL OR claimed_until < $3) \
               ORDER BY next_attempt_at, created_at LIMIT $4) \
             AND sent_at IS NULL AND next_attempt_at <= $3 \
             AND (claimed_until IS NULL OR claimed_until < $3) \
             RETURNING id, to_addr, subject, text_body, html_body, attempts, claimed_until",
        )
        .bind(sender)
        .bind(lease_until)
        .bind(now)
        .bind(limit)
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(rows)
    }

    /// The mail has left: it is never sent again. `claimed_by` stays, saying
    /// which sender sent it.
    pub async fn mark_mail_sent(&self, id: &str, now: i64) -> StoreResult<()> {
        sqlx::query(
            "UPDATE mail_outbox SET sent_at = $1, last_error = NULL \
             WHERE id = $2 AND sent_at IS NULL",
        )
        .bind(now)
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Records a failed attempt and releases the claim: the mail is due again
    /// at `next_attempt_at`. Only `sender`'s own claim is released, so a
    /// sender whose lease has run out cannot undo another's claim.
    /// `error` must carry no secret.
    pub async fn retry_mail_later(
        &self,
        id: &str,
        sender: &str,
        next_attempt_at: i64,
        error: &str,
    ) -> StoreResult<()> {
        sqlx::query(
            "UPDATE mail_outbox SET attempts = attempts + 1, next_attempt_at = $1, \
             last_error = $2, claimed_by = NULL, claimed_until = NULL \
             WHERE id = $3 AND claimed_by = $4 AND sent_at IS NULL",
        )
        .bind(next_attempt_at)
        .bind(error)
        .bind(id)
        .bind(sender)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Drops mail sent before `before`; unsent mail is never dropped.
    /// Answers how many rows went.
    pub async fn prune_sent_mail(&self, before: i64) -> StoreResult<u64> {
        Ok(
            sqlx::query("DELETE FROM mail_outbox WHERE sent_at IS NOT NULL AND sent_at < $1")
                .bind(before)
                .execute(&self.pool)
                .await?
                .rows_affected(),
        )
    }
}
