//! The Django application's database, opened read-only with sqlx's `Any`
//! driver (SQLite or PostgreSQL, as Django's `DATABASES` had it).
//!
//! Django stores what we read in types the `Any` driver does not decode on
//! PostgreSQL (timestamptz, boolean as `bool` on one backend and integers on
//! the other), so the queries convert in SQL: times to epoch seconds,
//! flags to 0/1. Those two fragments are the only SQL that differs by
//! backend, and both are built here.

use std::time::Duration;

use anyhow::Context as _;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions, AnyRow};
use sqlx::{AnyPool, AssertSqlSafe, Executor};

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

pub struct DjangoDb {
    pool: AnyPool,
    pub backend: Backend,
}

/// A `--from` URL as sqlx wants it: SQLite opened read-only (and never
/// created) unless the URL says otherwise.
fn source_url(url: &str) -> anyhow::Result<(String, Backend)> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return Ok((url.to_string(), Backend::Postgres));
    }
    if url.starts_with("sqlite:") {
        let url = if url.contains("mode=") {
            url.to_string()
        } else if url.contains('?') {
            format!("{url}&mode=ro")
        } else {
            format!("{url}?mode=ro")
        };
        return Ok((url, Backend::Sqlite));
    }
    anyhow::bail!("--from must be a sqlite:… or postgres://… URL")
}

impl DjangoDb {
    /// Connects; every transaction on PostgreSQL is read-only, and SQLite
    /// is opened read-only: an import never writes to the Django database.
    pub async fn connect(url: &str) -> anyhow::Result<Self> {
        sqlx::any::install_default_drivers();
        let (url, backend) = source_url(url)?;
        let options: AnyConnectOptions = url
            .parse()
            .context("--from is not a database URL sqlx understands")?;
        let pool = AnyPoolOptions::new()
            .max_connections(2)
            .acquire_timeout(Duration::from_secs(10))
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if backend == Backend::Postgres {
                        conn.execute("SET default_transaction_read_only = on")
                            .await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await
            .context("cannot open the Django database (--from)")?;
        let db = Self { pool, backend };
        for table in ["auth_user", "auth_group", "auth_user_groups"] {
            if db.columns(table).await?.is_empty() {
                anyhow::bail!(
                    "the database has no table {table}: is it a Django database with \
                     django.contrib.auth migrated (and the default user model)?"
                );
            }
        }
        Ok(db)
    }

    /// The column names of `table`; empty when there is no such table.
    pub async fn columns(&self, table: &str) -> anyhow::Result<Vec<String>> {
        let sql = match self.backend {
            Backend::Sqlite => "SELECT name FROM pragma_table_info($1)",
            Backend::Postgres => {
                "SELECT CAST(column_name AS TEXT) FROM information_schema.columns \
                 WHERE table_name = $1 AND table_schema = current_schema()"
            }
        };
        sqlx::query_scalar(sql)
            .bind(table)
            .fetch_all(&self.pool)
            .await
            .with_context(|| format!("cannot read the columns of {table}"))
    }

    /// Epoch seconds of a timestamp column (Django stores UTC: naive text
    /// on SQLite with `USE_TZ = True`, timestamptz on PostgreSQL).
    pub fn epoch(&self, column: &str) -> String {
        match self.backend {
            Backend::Sqlite => format!("CAST(strftime('%s', {column}) AS BIGINT)"),
            Backend::Postgres => format!("CAST(EXTRACT(EPOCH FROM {column}) AS BIGINT)"),
        }
    }

    /// A boolean column as 0/1.
    pub fn flag(&self, column: &str) -> String {
        format!("CASE WHEN {column} THEN 1 ELSE 0 END")
    }

    /// Runs a query built from fixed fragments (table and column names of
    /// this module, never input).
    pub async fn rows(&self, sql: String) -> anyhow::Result<Vec<AnyRow>> {
        sqlx::query(AssertSqlSafe(sql.clone()))
            .fetch_all(&self.pool)
            .await
            .with_context(|| format!("cannot read the Django database: {sql}"))
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_sources_are_opened_read_only_unless_told() {
        assert_eq!(
            source_url("sqlite:///srv/app/db.sqlite3").unwrap(),
            (
                "sqlite:///srv/app/db.sqlite3?mode=ro".into(),
                Backend::Sqlite
            )
        );
        assert_eq!(
            source_url("sqlite:///x.db?cache=shared").unwrap().0,
            "sqlite:///x.db?cache=shared&mode=ro"
        );
        assert_eq!(
            source_url("sqlite:///x.db?mode=rw").unwrap().0,
            "sqlite:///x.db?mode=rw"
        );
        assert_eq!(
            source_url("postgresql://u@h/app").unwrap().1,
            Backend::Postgres
        );
        assert!(source_url("mysql://u@h/app").is_err());
    }
}
