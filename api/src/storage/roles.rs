//! Roles: names users are given, carried in the `roles` claim.

use sqlx::FromRow;

use super::{Store, StoreResult, conflict_or};

#[derive(Clone, Debug, PartialEq, Eq, FromRow)]
pub struct RoleRecord {
    pub name: String,
    pub description: String,
    pub created_at: i64,
}

impl Store {
    /// Creates the role; a taken name is a conflict.
    pub async fn insert_role(&self, name: &str, description: &str, now: i64) -> StoreResult<()> {
        sqlx::query("INSERT INTO roles (name, description, created_at) VALUES ($1, $2, $3)")
            .bind(name)
            .bind(description)
            .bind(now)
            .execute(&self.pool)
            .await
            .map_err(|e| conflict_or(e, "role exists"))?;
        Ok(())
    }

    /// Creates the role unless it exists (seeding, idempotent).
    pub async fn ensure_role(&self, name: &str, description: &str, now: i64) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO roles (name, description, created_at) VALUES ($1, $2, $3) \
             ON CONFLICT (name) DO NOTHING",
        )
        .bind(name)
        .bind(description)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn list_roles(&self) -> StoreResult<Vec<RoleRecord>> {
        Ok(
            sqlx::query_as("SELECT name, description, created_at FROM roles ORDER BY name")
                .fetch_all(&self.pool)
                .await?,
        )
    }

    pub async fn find_role(&self, name: &str) -> StoreResult<Option<RoleRecord>> {
        if !super::storable(name) {
            return Ok(None);
        }
        Ok(
            sqlx::query_as("SELECT name, description, created_at FROM roles WHERE name = $1")
                .bind(name)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    /// The names among `names` that are not roles.
    pub async fn unknown_roles(&self, names: &[String]) -> StoreResult<Vec<String>> {
        let known: Vec<String> = self
            .list_roles()
            .await?
            .into_iter()
            .map(|r| r.name)
            .collect();
        Ok(names
            .iter()
            .filter(|n| !known.contains(n))
            .cloned()
            .collect())
    }

    pub async fn update_role(&self, name: &str, description: &str) -> StoreResult<bool> {
        if !super::storable(name) {
            return Ok(false);
        }
        let done = sqlx::query("UPDATE roles SET description = $2 WHERE name = $1")
            .bind(name)
            .bind(description)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Deletes the role; memberships go with it (ON DELETE CASCADE).
    pub async fn delete_role(&self, name: &str) -> StoreResult<bool> {
        if !super::storable(name) {
            return Ok(false);
        }
        let done = sqlx::query("DELETE FROM roles WHERE name = $1")
            .bind(name)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() > 0)
    }
}
