//! Authorization codes (RFC 6749 §4.1.2), by SHA-256: single use, bound to
//! client, redirect URI and PKCE challenge; a replay finds what the first
//! use issued and revokes it.

use super::{NewRefreshToken, Store, StoreResult, insert_family};

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct CodeRecord {
    pub code_hash: String,
    pub client_id: String,
    pub user_id: String,
    pub redirect_uri: String,
    pub scope: String,
    pub policies: String,
    pub nonce: Option<String>,
    pub code_challenge: Option<String>,
    pub auth_time: i64,
    pub amr: String,
    pub sid: Option<String>,
    pub created_at: i64,
    pub expires_at: i64,
    pub used_at: Option<i64>,
    pub family_id: Option<String>,
    pub access_jti: Option<String>,
    pub access_expires_at: Option<i64>,
}

/// What a code's first use issued, recorded with its use.
pub struct Redemption<'a> {
    pub access_jti: &'a str,
    pub access_expires_at: i64,
    /// The first refresh token of a new family, if one is issued.
    pub refresh: Option<NewRefreshToken<'a>>,
}

impl Store {
    pub async fn insert_code(&self, c: &CodeRecord) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO authorization_codes (code_hash, client_id, user_id, redirect_uri, scope, \
             policies, nonce, code_challenge, auth_time, amr, sid, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
        )
        .bind(&c.code_hash)
        .bind(&c.client_id)
        .bind(&c.user_id)
        .bind(&c.redirect_uri)
        .bind(&c.scope)
        .bind(&c.policies)
        .bind(c.nonce.as_deref())
        .bind(c.code_challenge.as_deref())
        .bind(c.auth_time)
        .bind(&c.amr)
        .bind(c.sid.as_deref())
        .bind(c.created_at)
        .bind(c.expires_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn find_code(&self, code_hash: &str) -> StoreResult<Option<CodeRecord>> {
        Ok(sqlx::query_as(
            "SELECT code_hash, client_id, user_id, redirect_uri, scope, policies, nonce, \
             code_challenge, auth_time, amr, sid, created_at, expires_at, used_at, family_id, \
             access_jti, access_expires_at FROM authorization_codes WHERE code_hash = $1",
        )
        .bind(code_hash)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Uses the code, once, and in the same transaction stores the refresh
    /// family it issues and records what was issued (so that a replay can
    /// revoke it). Of concurrent redemptions exactly one gets `true`: the
    /// conditional UPDATE is the arbiter, as in rotation.
    pub async fn redeem_code(
        &self,
        code_hash: &str,
        now: i64,
        issued: &Redemption<'_>,
    ) -> StoreResult<bool> {
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(
            "UPDATE authorization_codes SET used_at = $2, family_id = $3, access_jti = $4, \
             access_expires_at = $5 WHERE code_hash = $1 AND used_at IS NULL AND expires_at > $2",
        )
        .bind(code_hash)
        .bind(now)
        .bind(issued.refresh.as_ref().map(|r| r.id))
        .bind(issued.access_jti)
        .bind(issued.access_expires_at)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            tx.rollback().await?;
            return Ok(false);
        }
        if let Some(r) = &issued.refresh {
            insert_family(&mut tx, r).await?;
        }
        tx.commit().await?;
        Ok(true)
    }
}
