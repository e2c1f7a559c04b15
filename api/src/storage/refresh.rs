//! Refresh tokens: families, rotation and revocation (RFC 9700 §4.14.2).
//!
//! A family is one login: a row in `refresh_families`, and a row in
//! `refresh_tokens` for each token it has had. Every rotation marks its
//! parent used and adds the successor; a revocation ends the family.
//!
//! **Why rotation and revocation cannot miss each other.** Both write the
//! family row first, in the same transaction as their token writes:
//! rotation with `UPDATE refresh_families … WHERE id = $1 AND revoked_at IS
//! NULL`, revocation with `UPDATE refresh_families SET revoked_at …`. That
//! row is the one lock both take, always before any token row, so they
//! serialise and cannot deadlock:
//! - rotation first: revocation waits on the family row until the rotation
//!   commits; its token `UPDATE` is a later statement, and under PostgreSQL's
//!   READ COMMITTED every statement takes a new snapshot, so it sees (and
//!   revokes) the successor the rotation inserted;
//! - revocation first: rotation waits on the family row, PostgreSQL
//!   re-checks `revoked_at IS NULL` on the row as committed, finds it
//!   revoked, and the rotation rolls back without a successor.
//!
//! Without the family row, a revocation waiting on the parent token's lock
//! ran its `UPDATE … WHERE family_id = $1` with a snapshot taken before the
//! successor existed, and the successor stayed live. SQLite takes its one
//! write lock at `BEGIN IMMEDIATE`, so there the two simply run one after
//! the other. `api/tests/api/refresh_races.rs` holds each side's
//! transaction open and proves both orders on both backends.

use sqlx::FromRow;

use super::{Store, StoreResult, StoreTx};

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

/// The first token of a new family (a fresh login).
pub struct NewRefreshToken<'a> {
    pub id: &'a str,
    pub token_hash: &'a str,
    pub client_id: &'a str,
    pub user_id: &'a str,
    pub scope: &'a str,
    pub policies: &'a str,
    pub auth_time: i64,
    pub issued_at: i64,
    pub expires_at: i64,
}

/// One rotation: the presented token (by hash) of `family_id` is consumed
/// and `successor` takes its place.
pub struct Rotation<'a> {
    pub family_id: &'a str,
    pub hash: &'a str,
    pub successor_id: &'a str,
    pub successor_hash: &'a str,
    pub now: i64,
    pub successor_expires_at: i64,
}

/// Which families a revocation ends.
#[derive(Clone, Copy, Debug)]
pub enum Families<'a> {
    /// One family (reuse detected, a revoked refresh token).
    One(&'a str),
    /// A user's logins at one client (logout, a revoked consent).
    UserAtClient {
        user_id: &'a str,
        client_id: &'a str,
    },
    /// Every login of a user (the user was disabled).
    User(&'a str),
    /// Every login through a client or service key (it was revoked).
    Client(&'a str),
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
    /// Stores the first token of a new family, and the family.
    pub async fn insert_refresh_token(&self, t: &NewRefreshToken<'_>) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        insert_family(&mut tx, t).await?;
        tx.commit().await?;
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

    /// Rotation, atomically: consumes the token if, and only if, its family
    /// is live and the token itself is unused, unrevoked and unexpired, and
    /// adds its successor (same family, user, client, scope and policies).
    ///
    /// Of any number of concurrent calls for one token exactly one gets
    /// `Some(parent)`: the conditional UPDATE is the arbiter (PostgreSQL
    /// re-checks the WHERE after the row lock; SQLite has one writer). How
    /// it serialises with revocation is in the module comment.
    pub async fn rotate_refresh_token(
        &self,
        r: &Rotation<'_>,
    ) -> StoreResult<Option<RefreshRecord>> {
        let mut tx = self.begin_write().await?;
        let parent = self.rotate_refresh_token_in(&mut tx, r).await?;
        if parent.is_some() {
            tx.commit().await?;
        } else {
            tx.rollback().await?;
        }
        Ok(parent)
    }

    /// [`Store::rotate_refresh_token`] inside the caller's transaction,
    /// which the caller commits (tests hold it open to race a revocation).
    pub async fn rotate_refresh_token_in(
        &self,
        tx: &mut StoreTx,
        r: &Rotation<'_>,
    ) -> StoreResult<Option<RefreshRecord>> {
        // The family row first: the lock every revocation takes too.
        let live = sqlx::query(
            "UPDATE refresh_families SET last_used_at = $2 WHERE id = $1 AND revoked_at IS NULL",
        )
        .bind(r.family_id)
        .bind(r.now)
        .execute(&mut **tx)
        .await?;
        if live.rows_affected() == 0 {
            return Ok(None);
        }
        let parent: Option<RefreshRecord> = sqlx::query_as(
            "UPDATE refresh_tokens SET used_at = $2, successor_id = $3 \
             WHERE token_hash = $1 AND family_id = $4 AND used_at IS NULL \
             AND revoked_at IS NULL AND expires_at > $2 \
             RETURNING id, token_hash, family_id, client_id, user_id, scope, policies, auth_time, \
             issued_at, expires_at, used_at, successor_id, revoked_at",
        )
        .bind(r.hash)
        .bind(r.now)
        .bind(r.successor_id)
        .bind(r.family_id)
        .fetch_optional(&mut **tx)
        .await?;
        let Some(parent) = parent else {
            return Ok(None);
        };
        let successor = NewRefreshToken {
            id: r.successor_id,
            token_hash: r.successor_hash,
            client_id: &parent.client_id,
            user_id: &parent.user_id,
            scope: &parent.scope,
            policies: &parent.policies,
            auth_time: parent.auth_time,
            issued_at: r.now,
            expires_at: r.successor_expires_at,
        };
        insert_token(tx, r.family_id, &successor).await?;
        Ok(Some(parent))
    }

    /// Ends the families named by `which` and every token in them; answers
    /// how many tokens were still live.
    pub async fn revoke_refresh(&self, which: Families<'_>, now: i64) -> StoreResult<u64> {
        let mut tx = self.begin_write().await?;
        let n = self.revoke_refresh_in(&mut tx, which, now).await?;
        tx.commit().await?;
        Ok(n)
    }

    /// [`Store::revoke_refresh`] inside the caller's transaction: family
    /// rows first, then their tokens (see the module comment).
    pub async fn revoke_refresh_in(
        &self,
        tx: &mut StoreTx,
        which: Families<'_>,
        now: i64,
    ) -> StoreResult<u64> {
        let (families, tokens, a, b) = match which {
            Families::One(id) => (
                "UPDATE refresh_families SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL",
                "UPDATE refresh_tokens SET revoked_at = $1 WHERE family_id = $2 AND revoked_at IS NULL",
                id,
                None,
            ),
            Families::UserAtClient { user_id, client_id } => (
                "UPDATE refresh_families SET revoked_at = $1 \
                 WHERE user_id = $2 AND client_id = $3 AND revoked_at IS NULL",
                "UPDATE refresh_tokens SET revoked_at = $1 \
                 WHERE user_id = $2 AND client_id = $3 AND revoked_at IS NULL",
                user_id,
                Some(client_id),
            ),
            Families::User(user_id) => (
                "UPDATE refresh_families SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL",
                "UPDATE refresh_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL",
                user_id,
                None,
            ),
            Families::Client(client_id) => (
                "UPDATE refresh_families SET revoked_at = $1 \
                 WHERE client_id = $2 AND revoked_at IS NULL",
                "UPDATE refresh_tokens SET revoked_at = $1 WHERE client_id = $2 AND revoked_at IS NULL",
                client_id,
                None,
            ),
        };
        let mut done = 0;
        for sql in [families, tokens] {
            let mut q = sqlx::query(sql).bind(now).bind(a);
            if let Some(b) = b {
                q = q.bind(b);
            }
            done = q.execute(&mut **tx).await?.rows_affected();
        }
        Ok(done)
    }
}

/// A new family (its id is its first token's) with its first token, in the
/// caller's transaction.
pub(super) async fn insert_family(tx: &mut StoreTx, t: &NewRefreshToken<'_>) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO refresh_families (id, client_id, user_id, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(t.id)
    .bind(t.client_id)
    .bind(t.user_id)
    .bind(t.issued_at)
    .execute(&mut **tx)
    .await?;
    insert_token(tx, t.id, t).await
}

async fn insert_token(
    tx: &mut StoreTx,
    family_id: &str,
    t: &NewRefreshToken<'_>,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO refresh_tokens (id, token_hash, family_id, client_id, user_id, scope, \
         policies, auth_time, issued_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(t.id)
    .bind(t.token_hash)
    .bind(family_id)
    .bind(t.client_id)
    .bind(t.user_id)
    .bind(t.scope)
    .bind(t.policies)
    .bind(t.auth_time)
    .bind(t.issued_at)
    .bind(t.expires_at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
