//! Signing keys and server secrets, as stored (private parts possibly
//! encrypted: see `keys::cipher`).

use sqlx::FromRow;

use super::{Store, StoreResult};

#[derive(Clone, Debug, PartialEq, Eq, FromRow)]
pub struct SigningKeyRecord {
    pub kid: String,
    pub alg: String,
    /// PKCS#8 DER, base64, or its encrypted envelope.
    pub private_key: String,
    pub public_jwk: String,
    pub created_at: i64,
    /// When a newer key took over; verification continues until the
    /// tokens it signed have expired.
    pub retired_at: Option<i64>,
}

impl Store {
    pub async fn list_signing_keys(&self) -> StoreResult<Vec<SigningKeyRecord>> {
        Ok(sqlx::query_as(
            "SELECT kid, alg, private_key, public_jwk, created_at, retired_at FROM signing_keys \
             ORDER BY created_at DESC, kid DESC",
        )
        .fetch_all(&self.pool)
        .await?)
    }

    /// A cheap fingerprint of the key set, polled to notice a rotation made
    /// by another process.
    pub async fn signing_keys_version(&self) -> StoreResult<(i64, Option<String>)> {
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM signing_keys")
            .fetch_one(&self.pool)
            .await?;
        let newest: Option<String> = sqlx::query_scalar(
            "SELECT kid FROM signing_keys ORDER BY created_at DESC, kid DESC LIMIT 1",
        )
        .fetch_optional(&self.pool)
        .await?;
        Ok((count, newest))
    }

    /// Adds a key as the current one and retires the others, atomically.
    pub async fn insert_signing_key(&self, k: &SigningKeyRecord) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("UPDATE signing_keys SET retired_at = $1 WHERE retired_at IS NULL")
            .bind(k.created_at)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO signing_keys (kid, alg, private_key, public_jwk, created_at, retired_at) \
             VALUES ($1, $2, $3, $4, $5, NULL)",
        )
        .bind(&k.kid)
        .bind(&k.alg)
        .bind(&k.private_key)
        .bind(&k.public_jwk)
        .bind(k.created_at)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Replaces the stored private part (encrypting keys stored in clear).
    pub async fn rewrap_signing_key(&self, kid: &str, private_key: &str) -> StoreResult<()> {
        sqlx::query("UPDATE signing_keys SET private_key = $2 WHERE kid = $1")
            .bind(kid)
            .bind(private_key)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The named server secret, created with `value` if absent; every
    /// replica reads back the same one.
    pub async fn server_secret(&self, name: &str, value: &str, now: i64) -> StoreResult<String> {
        sqlx::query(
            "INSERT INTO server_secrets (name, value, created_at) VALUES ($1, $2, $3) \
             ON CONFLICT (name) DO NOTHING",
        )
        .bind(name)
        .bind(value)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(
            sqlx::query_scalar("SELECT value FROM server_secrets WHERE name = $1")
                .bind(name)
                .fetch_one(&self.pool)
                .await?,
        )
    }

    pub async fn set_server_secret(&self, name: &str, value: &str) -> StoreResult<()> {
        sqlx::query("UPDATE server_secrets SET value = $2 WHERE name = $1")
            .bind(name)
            .bind(value)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
