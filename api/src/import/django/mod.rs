//! `auth-server import-django --from <URL>`: a django-oauth-toolkit (or
//! plain Django) application's users, groups, applications and, when asked,
//! live refresh tokens. See `docs/coming-from-django.md` for what maps to
//! what, and each module for its table.
//!
//! Idempotent: what an earlier run imported is recognised (the
//! `imported_rows` table) and left alone, so a second run reports nothing
//! new; a username or client_id that was here before is a conflict, left
//! alone unless `--overwrite`. The Django database is only read.

mod clients;
mod report;
mod source;
mod tokens;
mod users;

use crate::domain::Context;
use crate::domain::audit::{Entry, Event};
use crate::storage::Store;

pub use report::Report;
pub use source::DjangoDb;

/// The `source` of provenance records and audit entries.
pub const SOURCE: &str = "django";

/// What to import, and how.
#[derive(Clone, Debug)]
pub struct Source {
    /// Replace users and clients that exist here (same username or
    /// client_id) with Django's.
    pub overwrite: bool,
    /// Import live refresh tokens too.
    pub refresh_tokens: bool,
    /// What imported clients may ask for (DOT has no per-application scopes).
    pub client_scope: Option<String>,
    /// DOT's `REFRESH_TOKEN_EXPIRE_SECONDS`, when it was set: a refresh
    /// token then expires that long after its access token.
    pub refresh_token_expire_seconds: Option<i64>,
    /// Otherwise imported refresh tokens live `REFRESH_TOKEN_TTL` from now.
    pub refresh_token_ttl: i64,
}

/// Runs the whole import; answers its report.
pub async fn import(
    db: &DjangoDb,
    store: &Store,
    ctx: &Context,
    src: &Source,
) -> anyhow::Result<Report> {
    let mut report = Report {
        source: db.backend.name(),
        ..Report::default()
    };
    let users = users::import(db, store, ctx, src, &mut report).await?;
    let clients = clients::import(db, store, ctx, src, &mut report).await?;
    if src.refresh_tokens {
        let imported = tokens::Imported {
            users: &users,
            clients: &clients,
        };
        tokens::import(db, store, ctx, src, imported, &mut report).await?;
    }
    report.finish();
    ctx.record(
        Entry::new(Event::ImportCompleted)
            .with("source", SOURCE)
            .with("users", report.users.imported + report.users.updated)
            .with("roles", report.roles.created)
            .with("clients", report.clients.imported + report.clients.updated)
            .with("refresh_tokens", report.refresh_tokens.imported)
            .with("overwrite", src.overwrite),
    )
    .await;
    Ok(report)
}
