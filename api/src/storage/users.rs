//! Users and their role memberships.

use sqlx::FromRow;

use super::{Families, Store, StoreError, StoreResult, StoreTx, conflict_or};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserRecord {
    pub id: String,
    pub username: String,
    pub email: String,
    pub email_verified: bool,
    pub first_name: String,
    pub last_name: String,
    /// argon2id PHC string.
    pub password_hash: String,
    pub disabled: bool,
    pub created_at: i64,
    pub updated_at: i64,
    pub roles: Vec<String>,
    /// A confirmed authenticator app: every password login needs its code.
    pub totp_enabled: bool,
}

#[derive(FromRow)]
struct UserRow {
    id: String,
    username: String,
    email: String,
    email_verified: i64,
    first_name: String,
    last_name: String,
    password_hash: String,
    disabled: i64,
    created_at: i64,
    updated_at: i64,
    totp_enabled: i64,
}

impl UserRow {
    fn into_record(self, roles: Vec<String>) -> UserRecord {
        UserRecord {
            id: self.id,
            username: self.username,
            email: self.email,
            email_verified: self.email_verified != 0,
            first_name: self.first_name,
            last_name: self.last_name,
            password_hash: self.password_hash,
            disabled: self.disabled != 0,
            created_at: self.created_at,
            updated_at: self.updated_at,
            roles,
            totp_enabled: self.totp_enabled != 0,
        }
    }
}

pub struct NewUser {
    pub id: String,
    pub username: String,
    pub email: String,
    pub email_verified: bool,
    pub first_name: String,
    pub last_name: String,
    pub password_hash: String,
    pub roles: Vec<String>,
    pub disabled: bool,
    /// When the account was made (now, or its date in the system it was
    /// imported from).
    pub created_at: i64,
}

/// Fields to change; `None` leaves a field as it is.
#[derive(Default)]
pub struct UserUpdate {
    pub email: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub password_hash: Option<String>,
    pub disabled: Option<bool>,
    pub roles: Option<Vec<String>>,
    /// Set explicitly (an admin vouching, a code mailed to the address);
    /// otherwise a changed email becomes unverified.
    pub email_verified: Option<bool>,
}

/// `SELECT <every user column> FROM users <tail>`, as one static string.
macro_rules! select_users {
    ($tail:literal) => {
        concat!(
            "SELECT id, username, email, email_verified, first_name, last_name, ",
            "password_hash, disabled, created_at, updated_at, ",
            "CAST(CASE WHEN totp_secret IS NULL THEN 0 ELSE 1 END AS BIGINT) AS totp_enabled ",
            "FROM users ",
            $tail
        )
    };
}

impl Store {
    /// Creates a user with its roles in one transaction. A taken username is
    /// [`StoreError::Conflict`]; an unknown role is refused by the foreign key.
    pub async fn insert_user(&self, user: &NewUser, now: i64) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO users (id, username, email, email_verified, first_name, last_name, \
             password_hash, disabled, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(&user.id)
        .bind(&user.username)
        .bind(&user.email)
        .bind(i64::from(user.email_verified))
        .bind(&user.first_name)
        .bind(&user.last_name)
        .bind(&user.password_hash)
        .bind(i64::from(user.disabled))
        .bind(user.created_at)
        .bind(now)
        .execute(&mut *tx)
        .await
        .map_err(|e| conflict_or(e, "username is taken"))?;
        for role in &user.roles {
            sqlx::query("INSERT INTO user_roles (user_id, role) VALUES ($1, $2)")
                .bind(&user.id)
                .bind(role)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    pub async fn find_user_by_username(&self, username: &str) -> StoreResult<Option<UserRecord>> {
        if !super::storable(username) {
            return Ok(None);
        }
        let row: Option<UserRow> = sqlx::query_as(select_users!("WHERE username = $1"))
            .bind(username)
            .fetch_optional(&self.pool)
            .await?;
        self.with_roles(row).await
    }

    pub async fn find_user(&self, id: &str) -> StoreResult<Option<UserRecord>> {
        if !super::storable(id) {
            return Ok(None);
        }
        let row: Option<UserRow> = sqlx::query_as(select_users!("WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        self.with_roles(row).await
    }

    async fn with_roles(&self, row: Option<UserRow>) -> StoreResult<Option<UserRecord>> {
        match row {
            None => Ok(None),
            Some(row) => {
                let roles = self.user_roles(&row.id).await?;
                Ok(Some(row.into_record(roles)))
            }
        }
    }

    pub async fn user_roles(&self, user_id: &str) -> StoreResult<Vec<String>> {
        Ok(
            sqlx::query_scalar("SELECT role FROM user_roles WHERE user_id = $1 ORDER BY role")
                .bind(user_id)
                .fetch_all(&self.pool)
                .await?,
        )
    }

    /// Users ordered by username, a page at a time (two queries, whatever
    /// the page size).
    pub async fn list_users(&self, limit: i64, offset: i64) -> StoreResult<Vec<UserRecord>> {
        let rows: Vec<UserRow> =
            sqlx::query_as(select_users!("ORDER BY username LIMIT $1 OFFSET $2"))
                .bind(limit)
                .bind(offset)
                .fetch_all(&self.pool)
                .await?;
        let memberships: Vec<(String, String)> = sqlx::query_as(
            "SELECT user_id, role FROM user_roles WHERE user_id IN \
             (SELECT id FROM users ORDER BY username LIMIT $1 OFFSET $2) ORDER BY role",
        )
        .bind(limit)
        .bind(offset)
        .fetch_all(&self.pool)
        .await?;
        let mut roles: std::collections::HashMap<String, Vec<String>> =
            std::collections::HashMap::new();
        for (user_id, role) in memberships {
            roles.entry(user_id).or_default().push(role);
        }
        Ok(rows
            .into_iter()
            .map(|row| {
                let r = roles.remove(&row.id).unwrap_or_default();
                row.into_record(r)
            })
            .collect())
    }

    /// Applies the fields that are set, in one transaction; answers whether
    /// the user exists. A changed email is no longer verified. Disabling a
    /// user ends their refresh-token families in the same transaction, so
    /// enabling them again brings no old session back. A change that would
    /// leave no enabled admin is refused ([`StoreError::LastAdmin`]).
    pub async fn update_user(&self, id: &str, update: &UserUpdate, now: i64) -> StoreResult<bool> {
        if !super::storable(id) {
            return Ok(false);
        }
        let mut tx = self.begin_write().await?;
        let found = self.update_user_in(&mut tx, id, update, now).await?;
        if found {
            tx.commit().await?;
        }
        Ok(found)
    }

    /// [`Store::update_user`] inside the caller's transaction, which the
    /// caller commits (tests hold it open to race another admin change).
    pub async fn update_user_in(
        &self,
        tx: &mut StoreTx,
        id: &str,
        update: &UserUpdate,
        now: i64,
    ) -> StoreResult<bool> {
        let guard = if update.roles.is_some() || update.disabled.is_some() {
            Some(AdminGuard::take(tx).await?)
        } else {
            None
        };
        // COALESCE keeps the stored value where the update has none.
        let done = sqlx::query(
            "UPDATE users SET \
             email_verified = CASE WHEN $8 IS NOT NULL THEN $8 \
             WHEN $2 IS NULL OR $2 = email THEN email_verified ELSE 0 END, \
             email = COALESCE($2, email), first_name = COALESCE($3, first_name), \
             last_name = COALESCE($4, last_name), password_hash = COALESCE($5, password_hash), \
             disabled = COALESCE($6, disabled), updated_at = $7 WHERE id = $1",
        )
        .bind(id)
        .bind(update.email.as_deref())
        .bind(update.first_name.as_deref())
        .bind(update.last_name.as_deref())
        .bind(update.password_hash.as_deref())
        .bind(update.disabled.map(i64::from))
        .bind(now)
        .bind(update.email_verified.map(i64::from))
        .execute(&mut **tx)
        .await?;
        if done.rows_affected() == 0 {
            return Ok(false);
        }
        if let Some(roles) = &update.roles {
            sqlx::query("DELETE FROM user_roles WHERE user_id = $1")
                .bind(id)
                .execute(&mut **tx)
                .await?;
            for role in roles {
                sqlx::query("INSERT INTO user_roles (user_id, role) VALUES ($1, $2)")
                    .bind(id)
                    .bind(role)
                    .execute(&mut **tx)
                    .await?;
            }
        }
        if update.disabled == Some(true) {
            self.revoke_refresh_in(tx, Families::User(id), now).await?;
        }
        if let Some(guard) = guard {
            guard.check(tx).await?;
        }
        Ok(true)
    }

    /// Replaces a password hash by a stronger one of the same password
    /// (an imported Django hash by argon2id), unless it changed meanwhile.
    /// `updated_at` stays: nothing the user or an admin sees has changed.
    pub async fn upgrade_password_hash(&self, id: &str, old: &str, new: &str) -> StoreResult<bool> {
        let done =
            sqlx::query("UPDATE users SET password_hash = $3 WHERE id = $1 AND password_hash = $2")
                .bind(id)
                .bind(old)
                .bind(new)
                .execute(&self.pool)
                .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Deletes the user; their roles and refresh tokens go with them
    /// (foreign keys). Refused if it would leave no enabled admin.
    pub async fn delete_user(&self, id: &str) -> StoreResult<bool> {
        if !super::storable(id) {
            return Ok(false);
        }
        let mut tx = self.begin_write().await?;
        let guard = AdminGuard::take(&mut tx).await?;
        let done = sqlx::query("DELETE FROM users WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        guard.check(&mut tx).await?;
        tx.commit().await?;
        Ok(done.rows_affected() > 0)
    }

    /// Enabled users with role `admin`.
    pub async fn count_enabled_admins(&self) -> StoreResult<i64> {
        count_enabled_admins(&mut *self.pool.acquire().await?).await
    }
}

/// "At least one enabled admin remains", enforced inside the write.
///
/// Two admins demoting each other at once would each count the other as
/// still an admin and both commit. So every change that can reduce the
/// admins first writes the `admin` role's row: that row lock serialises
/// them on PostgreSQL (SQLite has one writer anyway), and under READ
/// COMMITTED the second one's count, a later statement, sees the first's
/// commit.
struct AdminGuard {
    before: i64,
}

impl AdminGuard {
    async fn take(tx: &mut StoreTx) -> StoreResult<Self> {
        sqlx::query("UPDATE roles SET description = description WHERE name = 'admin'")
            .execute(&mut **tx)
            .await?;
        Ok(Self {
            before: count_enabled_admins(tx).await?,
        })
    }

    /// Refuses the change if there were admins before and none after.
    async fn check(self, tx: &mut StoreTx) -> StoreResult<()> {
        if self.before > 0 && count_enabled_admins(tx).await? == 0 {
            return Err(StoreError::LastAdmin);
        }
        Ok(())
    }
}

async fn count_enabled_admins(conn: &mut sqlx::AnyConnection) -> StoreResult<i64> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM users u JOIN user_roles r ON r.user_id = u.id \
         WHERE r.role = 'admin' AND u.disabled = 0",
    )
    .fetch_one(conn)
    .await?)
}
