//! One Store API over SQLite and PostgreSQL.
//!
//! Why sqlx's `Any` driver with runtime-checked queries rather than the
//! compile-time `query!` macros: the macros check against one database per
//! crate, and we ship two. The schemas are kept to the types both share
//! (TEXT ids, BIGINT epoch seconds, 0/1 flags, JSON as TEXT), the SQL to what
//! both accept (`$n` placeholders, `RETURNING`, `ON CONFLICT`), so one query
//! text serves both backends and nothing above this module knows which one
//! is in use. The queries are exercised by the integration suite on both.

mod audit;
mod clients;
mod codes;
mod consents;
mod imports;
mod interactions;
mod keys;
mod mail;
mod otp;
mod refresh;
mod revoked;
mod roles;
mod service_keys;
mod sessions;
mod throttle;
mod totp;
mod users;

use std::path::Path;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::migrate::Migrator;
use sqlx::{AnyPool, Executor};

use crate::config::DatabaseUrl;

pub use audit::{AuditFilter, AuditRecord};
pub use clients::{ClientRecord, ClientType, ClientUpdate, GrantType, UnknownName};
pub use codes::{CodeRecord, Redemption};
pub use consents::ConsentRecord;
pub use interactions::{Authenticated, InteractionRecord};
pub use keys::SigningKeyRecord;
pub use mail::{NewMail, QueuedMail};
pub use otp::{MAX_FAILED_ATTEMPTS, OtpRecord};
use refresh::insert_family;
pub use refresh::{Families, NewRefreshToken, RefreshRecord, Rotation};
pub use revoked::{AccessTokenStatus, TokenUser};
pub use roles::RoleRecord;
pub use service_keys::ServiceKeyRecord;
pub use sessions::SessionRecord;
pub use totp::TotpRecord;
pub use users::{NewUser, UserRecord, UserUpdate};

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("../migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("../migrations/postgres");

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A unique constraint refused the row (a taken username, say).
    #[error("conflict: {0}")]
    Conflict(String),
    /// Text the database cannot store (PostgreSQL refuses NUL): bad input.
    #[error("text the database cannot store")]
    InvalidText,
    #[error("database error: {0}")]
    Database(sqlx::Error),
    #[error("migration error: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
    /// The change would leave no enabled user with role `admin`.
    #[error("at least one enabled admin must remain")]
    LastAdmin,
}

pub type StoreResult<T> = Result<T, StoreError>;

/// A write transaction, for the few operations whose callers (tests that
/// race two transactions) need to hold one open.
pub type StoreTx = sqlx::Transaction<'static, sqlx::Any>;

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        match &e {
            // 22021 character_not_in_repertoire (NUL in text), 22P05
            // untranslatable_character: the input, not the server, is wrong.
            // Inputs are validated above; this keeps any that slips through
            // a 400 rather than a 500.
            sqlx::Error::Database(db)
                if matches!(db.code().as_deref(), Some("22021" | "22P05")) =>
            {
                StoreError::InvalidText
            }
            _ => StoreError::Database(e),
        }
    }
}

/// Maps a unique violation to [`StoreError::Conflict`], everything else as
/// `From<sqlx::Error>` does.
fn conflict_or(e: sqlx::Error, what: &str) -> StoreError {
    match &e {
        sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::Conflict(what.into()),
        _ => StoreError::from(e),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
}

impl Store {
    /// Opens (and for SQLite, creates) the database. Nothing is migrated yet.
    pub async fn connect(url: &DatabaseUrl, max_connections: u32) -> StoreResult<Self> {
        sqlx::any::install_default_drivers();
        let backend = if url.is_postgres() {
            Backend::Postgres
        } else {
            Backend::Sqlite
        };
        if backend == Backend::Sqlite {
            create_sqlite_parent_dir(url.expose());
        }
        let options: AnyConnectOptions = url.expose().parse()?;
        let pool = AnyPoolOptions::new()
            .max_connections(max_connections.max(1))
            .acquire_timeout(Duration::from_secs(10))
            // sqlx pings a connection when it goes back to the pool, and by
            // default again before handing it out: each ping is a round trip
            // to SQLite's worker thread, as costly as a small query. A local
            // file cannot drop a connection in between, so SQLite skips the
            // second ping; PostgreSQL keeps it (a server can close idle
            // connections).
            .test_before_acquire(backend == Backend::Postgres)
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        // WAL lets readers proceed while one writer commits;
                        // the busy timeout turns lock contention into waiting
                        // instead of an error; foreign keys are off by default.
                        conn.execute(
                            "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                             PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON;",
                        )
                        .await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await?;
        Ok(Self { pool, backend })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Applies pending migrations; answers how many were applied.
    pub async fn migrate(&self) -> StoreResult<u64> {
        let before = self.applied_migrations().await;
        let migrator = match self.backend {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        };
        migrator.run(&self.pool).await?;
        Ok(self.applied_migrations().await.saturating_sub(before))
    }

    async fn applied_migrations(&self) -> u64 {
        // The table does not exist before the first run: that is zero.
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM _sqlx_migrations WHERE success = TRUE")
            .fetch_one(&self.pool)
            .await
            .map_or(0, |n| n as u64)
    }

    /// `/readyz`: can a query run now?
    pub async fn ping(&self) -> bool {
        sqlx::query_scalar::<_, i64>("SELECT 1")
            .fetch_one(&self.pool)
            .await
            .is_ok()
    }

    /// A transaction that will write. SQLite takes the write lock at BEGIN
    /// (IMMEDIATE), so two writers queue on the busy timeout instead of one
    /// failing when it upgrades a read lock mid-transaction.
    pub async fn begin_write(&self) -> StoreResult<StoreTx> {
        Ok(match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.pool.begin().await?,
        })
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

fn create_sqlite_parent_dir(url: &str) {
    let rest = url.trim_start_matches("sqlite:").trim_start_matches("//");
    let path = rest.split('?').next().unwrap_or("");
    if path.is_empty() || path.starts_with(":memory:") {
        return;
    }
    if let Some(parent) = Path::new(path)
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
    {
        // A failure shows up, with the path, as the connect error that follows.
        let _ = std::fs::create_dir_all(parent);
    }
}

/// Whether a key can be stored at all. PostgreSQL cannot hold NUL in text,
/// so no stored id, username or name contains one: a lookup, change or
/// delete by such a key is a miss on both backends, not an error on one.
fn storable(key: &str) -> bool {
    !key.contains('\0')
}

/// Lists are stored as JSON arrays of strings.
fn to_json_list(items: &[String]) -> String {
    serde_json::to_string(items).unwrap_or_else(|_| "[]".into())
}

fn from_json_list(s: &str, column: &str) -> StoreResult<Vec<String>> {
    serde_json::from_str(s).map_err(|_| StoreError::Corrupt(format!("{column} is not a JSON list")))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::path::Path;

    /// The migrations of one backend: file name → SQL without comments,
    /// with whitespace collapsed.
    fn migrations(backend: &str) -> BTreeMap<String, String> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../migrations")
            .join(backend);
        std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "sql"))
            .map(|p| {
                let sql = std::fs::read_to_string(&p).unwrap();
                let code: Vec<&str> = sql
                    .lines()
                    .map(|l| l.split("--").next().unwrap_or_default())
                    .collect();
                let name = p.file_name().unwrap().to_string_lossy().into_owned();
                (
                    name,
                    code.join(" ")
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" "),
                )
            })
            .collect()
    }

    #[test]
    fn both_backends_have_the_same_migrations_differing_only_in_integer_types() {
        let sqlite = migrations("sqlite");
        let postgres = migrations("postgres");
        assert_eq!(
            sqlite.keys().collect::<Vec<_>>(),
            postgres.keys().collect::<Vec<_>>(),
            "the same steps, with the same numbers and names"
        );
        for (name, pg) in &postgres {
            // BIGINT (PostgreSQL) is INTEGER (SQLite): both are 64-bit there.
            let as_sqlite = pg.replace("BIGINT", "INTEGER");
            assert_eq!(&as_sqlite, &sqlite[name], "{name} differs beyond its types");
        }
    }
}
