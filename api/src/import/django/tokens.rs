//! `oauth2_provider_refreshtoken` → refresh-token families (`--refresh-tokens`).
//!
//! A DOT refresh token is live, by DOT's own test, when it is not revoked
//! and still has its access token (revoking an access token, or rotation,
//! takes it away); with `REFRESH_TOKEN_EXPIRE_SECONDS` set, also until
//! that long after its access token's expiry. Such a token of a user and
//! application imported here becomes the first token of a family here,
//! stored as its SHA-256 (DOT ≥ 3 keeps exactly that as `token_checksum`,
//! so even tokens DOT redacted at rest import): the client refreshes with
//! it once, as it would have with DOT, and holds one of ours from then on.
//! Its scope is its access token's (DOT's `get_original_scopes`).

use std::collections::HashMap;

use sqlx::Row;

use super::report::Report;
use super::source::DjangoDb;
use super::{SOURCE, Source};
use crate::domain::Context;
use crate::domain::imports::{ImportedRefreshToken, import_refresh_token};
use crate::secrets::SecretHash;
use crate::storage::Store;

const TABLE: &str = "oauth2_provider_refreshtoken";

/// Django ids of what was imported: users → username, applications →
/// client_id.
pub struct Imported<'a> {
    pub users: &'a HashMap<i64, String>,
    pub clients: &'a HashMap<i64, String>,
}

pub async fn import(
    db: &DjangoDb,
    store: &Store,
    ctx: &Context,
    src: &Source,
    imported: Imported<'_>,
    report: &mut Report,
) -> anyhow::Result<()> {
    report.refresh_tokens.requested = true;
    let columns = db.columns(TABLE).await?;
    if columns.is_empty() {
        report
            .warnings
            .push(format!("no table {TABLE}: no refresh tokens imported"));
        return Ok(());
    }
    let checksum = if columns.iter().any(|c| c == "token_checksum") {
        "rt.token_checksum"
    } else {
        "''"
    };
    let sql = format!(
        "SELECT rt.user_id, rt.application_id, rt.token, {checksum}, \
         {revoked}, at.scope, {created}, {expires} \
         FROM {TABLE} rt LEFT JOIN oauth2_provider_accesstoken at ON at.id = rt.access_token_id \
         ORDER BY rt.id",
        revoked = "CASE WHEN rt.revoked IS NULL THEN 0 ELSE 1 END",
        created = db.epoch("rt.created"),
        expires = db.epoch("at.expires"),
    );
    let mut user_ids: HashMap<String, Option<String>> = HashMap::new();
    let t = &mut report.refresh_tokens;
    for row in db.rows(sql).await? {
        let user: i64 = row.try_get(0)?;
        let app: i64 = row.try_get(1)?;
        let token: String = row.try_get::<Option<String>, _>(2)?.unwrap_or_default();
        let checksum: String = row.try_get::<Option<String>, _>(3)?.unwrap_or_default();
        let revoked: i64 = row.try_get(4)?;
        let scope: Option<String> = row.try_get(5)?;
        let created: Option<i64> = row.try_get(6)?;
        let access_expires: Option<i64> = row.try_get(7)?;
        if revoked != 0 {
            t.revoked += 1;
            continue;
        }
        let (Some(scope), Some(access_expires)) = (scope, access_expires) else {
            t.without_access_token += 1;
            continue;
        };
        let expires_at = match src.refresh_token_expire_seconds {
            Some(n) => access_expires.saturating_add(n),
            None => ctx.now + src.refresh_token_ttl,
        };
        if expires_at <= ctx.now {
            t.expired += 1;
            continue;
        }
        let (Some(username), Some(client_id)) =
            (imported.users.get(&user), imported.clients.get(&app))
        else {
            t.unmatched += 1;
            continue;
        };
        let user_id = match user_ids.get(username) {
            Some(id) => id.clone(),
            None => {
                let id = store.find_user_by_username(username).await?.map(|u| u.id);
                user_ids.insert(username.clone(), id.clone());
                id
            }
        };
        let Some(user_id) = user_id else {
            t.unmatched += 1;
            continue;
        };
        let hash = if is_sha256_hex(&checksum) {
            checksum
        } else if !token.is_empty() {
            SecretHash::of(&token).as_str().to_string()
        } else {
            // Neither the token nor its checksum: nothing to match it by.
            t.unmatched += 1;
            continue;
        };
        let new = import_refresh_token(
            store,
            ctx,
            SOURCE,
            ImportedRefreshToken {
                token_hash: &hash,
                client_id,
                user_id: &user_id,
                scope: scope.trim(),
                issued_at: created.unwrap_or(ctx.now),
                expires_at,
            },
        )
        .await
        .map_err(|e| anyhow::anyhow!("refresh token: {}", e.description()))?;
        if new {
            t.imported += 1;
        } else {
            t.already_imported += 1;
        }
    }
    Ok(())
}

fn is_sha256_hex(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}
