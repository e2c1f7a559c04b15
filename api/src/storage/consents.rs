//! Remembered consents: what a user granted a client (scopes and a level
//! per levelled scope), one row per user and client.

use super::{Store, StoreResult};

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct ConsentRecord {
    pub user_id: String,
    pub client_id: String,
    /// The client's name now (joined), for listings.
    pub client_name: String,
    /// Space-separated scopes.
    pub scope: String,
    /// JSON object `{scope: level}`.
    pub policies: String,
    pub granted_at: i64,
    pub updated_at: i64,
}

impl Store {
    /// Stores (or replaces) what the user granted the client.
    pub async fn upsert_consent(
        &self,
        user_id: &str,
        client_id: &str,
        scope: &str,
        policies: &str,
        now: i64,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO consents (user_id, client_id, scope, policies, granted_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT (user_id, client_id) DO UPDATE SET \
             scope = $3, policies = $4, updated_at = $5",
        )
        .bind(user_id)
        .bind(client_id)
        .bind(scope)
        .bind(policies)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn find_consent(
        &self,
        user_id: &str,
        client_id: &str,
    ) -> StoreResult<Option<ConsentRecord>> {
        if !super::storable(client_id) {
            return Ok(None);
        }
        Ok(sqlx::query_as(
            "SELECT c.user_id, c.client_id, k.name AS client_name, c.scope, c.policies, \
             c.granted_at, c.updated_at FROM consents c JOIN clients k ON k.id = c.client_id \
             WHERE c.user_id = $1 AND c.client_id = $2",
        )
        .bind(user_id)
        .bind(client_id)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// The user's consents, by client name.
    pub async fn list_consents(&self, user_id: &str) -> StoreResult<Vec<ConsentRecord>> {
        Ok(sqlx::query_as(
            "SELECT c.user_id, c.client_id, k.name AS client_name, c.scope, c.policies, \
             c.granted_at, c.updated_at FROM consents c JOIN clients k ON k.id = c.client_id \
             WHERE c.user_id = $1 ORDER BY k.name, c.client_id",
        )
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Forgets the consent; answers whether there was one.
    pub async fn delete_consent(&self, user_id: &str, client_id: &str) -> StoreResult<bool> {
        if !super::storable(client_id) {
            return Ok(false);
        }
        let done = sqlx::query("DELETE FROM consents WHERE user_id = $1 AND client_id = $2")
            .bind(user_id)
            .bind(client_id)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() > 0)
    }
}
