//! The deny-list of access tokens revoked before their expiry (by `jti`),
//! and the one query every bearer check makes.

use super::{Store, StoreResult};

/// What a bearer check needs to know beyond the signature, read at once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccessTokenStatus {
    /// The `jti` is on the deny-list.
    pub revoked: bool,
    /// The client or service key the token was issued to still exists (and
    /// the key is not revoked): a token outlives nothing that issued it.
    pub issuer_live: bool,
    /// The token's user as stored now; `None` for a client's own token or a
    /// user who no longer exists.
    pub user: Option<TokenUser>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenUser {
    pub username: String,
    pub disabled: bool,
    /// The user's roles now, not as the token remembers them.
    pub roles: Vec<String>,
}

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

    /// Everything a bearer check needs, in one round trip: the deny-list,
    /// whether the issuing client or service key is still there, and, for a
    /// user's token, the user's name, state and current roles.
    /// (`string_agg` with `ORDER BY` exists in PostgreSQL and, since 3.44,
    /// in the SQLite that sqlx bundles.)
    pub async fn access_token_status(
        &self,
        jti: &str,
        client_id: &str,
        user_id: Option<&str>,
    ) -> StoreResult<AccessTokenStatus> {
        let user_id = user_id.filter(|u| super::storable(u));
        let client_id = if super::storable(client_id) {
            client_id
        } else {
            ""
        };
        let row: (i64, i64, Option<String>, Option<i64>, Option<String>) = sqlx::query_as(
            "SELECT \
             CAST(CASE WHEN EXISTS (SELECT 1 FROM revoked_access_tokens WHERE jti = $1) \
             THEN 1 ELSE 0 END AS BIGINT), \
             CAST(CASE WHEN EXISTS (SELECT 1 FROM clients WHERE id = $2) \
             OR EXISTS (SELECT 1 FROM service_keys WHERE id = $2 AND revoked_at IS NULL) \
             THEN 1 ELSE 0 END AS BIGINT), \
             u.username, u.disabled, \
             (SELECT string_agg(r.role, ' ' ORDER BY r.role) FROM user_roles r \
             WHERE r.user_id = u.id) \
             FROM (SELECT 1 AS one) AS t LEFT JOIN users u ON u.id = $3",
        )
        .bind(jti)
        .bind(client_id)
        .bind(user_id)
        .fetch_one(&self.pool)
        .await?;
        let (revoked, issuer_live, username, disabled, roles) = row;
        let user = username.map(|username| TokenUser {
            username,
            disabled: disabled.unwrap_or(0) != 0,
            roles: roles
                .unwrap_or_default()
                .split(' ')
                .filter(|r| !r.is_empty())
                .map(str::to_string)
                .collect(),
        });
        Ok(AccessTokenStatus {
            revoked: revoked != 0,
            issuer_live: issuer_live != 0,
            user,
        })
    }

    /// Drops what can no longer matter: deny-list entries and refresh tokens
    /// past their expiry, and families with no token left. Answers the
    /// number of rows removed.
    pub async fn prune_expired(&self, now: i64) -> StoreResult<u64> {
        let mut removed = 0;
        for sql in [
            "DELETE FROM revoked_access_tokens WHERE expires_at < $1",
            "DELETE FROM refresh_tokens WHERE expires_at < $1",
            "DELETE FROM otp_codes WHERE expires_at < $1",
            "DELETE FROM refresh_families WHERE created_at < $1 AND NOT EXISTS \
             (SELECT 1 FROM refresh_tokens t WHERE t.family_id = refresh_families.id)",
        ] {
            removed += sqlx::query(sql)
                .bind(now)
                .execute(&self.pool)
                .await?
                .rows_affected();
        }
        Ok(removed)
    }
}
