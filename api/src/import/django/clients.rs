//! `oauth2_provider_application` → clients, under the client_ids they had.
//!
//! | DOT | here |
//! |---|---|
//! | `client_type` | the same (`confidential`, `public`) |
//! | `authorization_grant_type` `authorization-code`, `openid-hybrid` | `authorization_code` + `refresh_token` |
//! | `password` | `password` + `refresh_token` |
//! | `client-credentials` | `client_credentials` (no refresh tokens, RFC 6749 §4.4.3) |
//! | `implicit`, device code | not imported (this server has neither) |
//! | `redirect_uris`, `post_logout_redirect_uris`, `allowed_origins` | lists (space-separated in DOT); origins default to the redirect URIs' |
//! | `skip_authorization` | `skip_consent` |
//! | `client_secret` | a Django hash (`hash_client_secret`, DOT ≥ 2) is kept and accepted; a secret in clear is stored as SHA-256 |
//! | `name` | the same, or the client_id when blank |
//! | `algorithm`, `user` (owner) | ignored: ID tokens are signed with the server's keys |
//!
//! DOT has no per-application scopes: every imported client may ask for
//! `--client-scope` (by default this server's default client scope).

use std::collections::HashMap;

use sqlx::Row;

use super::report::{Refused, Report, count};
use super::source::DjangoDb;
use super::{SOURCE, Source};
use crate::domain::Context;
use crate::domain::clients::ClientRegistration;
use crate::domain::imports::{ImportedClient, ImportedSecret, Outcome, import_client};
use crate::password::django;

const TABLE: &str = "oauth2_provider_application";

/// Imports every application; answers DOT application id → client_id,
/// for the clients now here from Django.
pub async fn import(
    db: &DjangoDb,
    store: &crate::storage::Store,
    ctx: &Context,
    src: &Source,
    report: &mut Report,
) -> anyhow::Result<HashMap<i64, String>> {
    let columns = db.columns(TABLE).await?;
    if columns.is_empty() {
        report
            .warnings
            .push(format!("no table {TABLE}: no clients imported"));
        return Ok(HashMap::new());
    }
    let has = |c: &str| columns.iter().any(|x| x == c);
    // Columns DOT added over the years, read when present.
    let optional = |c: &str| {
        if has(c) {
            c.to_string()
        } else {
            "''".to_string()
        }
    };
    let hash_flag = if has("hash_client_secret") {
        db.flag("hash_client_secret")
    } else {
        // Before DOT 2.0 secrets were in clear; from 2.0 to the flag's
        // arrival always hashed: the value itself tells which.
        "-1".to_string()
    };
    let created = if has("created") {
        db.epoch("created")
    } else {
        "NULL".to_string()
    };
    let sql = format!(
        "SELECT id, client_id, name, client_type, authorization_grant_type, client_secret, \
         redirect_uris, {}, {}, {}, {hash_flag}, {created} FROM {TABLE} ORDER BY id",
        optional("post_logout_redirect_uris"),
        optional("allowed_origins"),
        db.flag("skip_authorization"),
    );
    let mut here = HashMap::new();
    for row in db.rows(sql).await? {
        let id: i64 = row.try_get(0)?;
        let client_id: String = row.try_get(1)?;
        let name: String = row.try_get::<Option<String>, _>(2)?.unwrap_or_default();
        let client_type: String = row.try_get(3)?;
        let grant: String = row.try_get(4)?;
        let secret: String = row.try_get::<Option<String>, _>(5)?.unwrap_or_default();
        let list = |i: usize| -> anyhow::Result<Vec<String>> {
            Ok(row
                .try_get::<Option<String>, _>(i)?
                .unwrap_or_default()
                .split_whitespace()
                .map(str::to_string)
                .collect())
        };
        let (redirect_uris, post_logout, origins) = (list(6)?, list(7)?, list(8)?);
        let skip: i64 = row.try_get(9)?;
        let hash_flag: i64 = row.try_get(10)?;
        let created: Option<i64> = row.try_get(11)?;

        let Some(grant_types) = grant_types(&grant) else {
            report.clients.invalid.push(Refused {
                name: client_id,
                reason: format!("grant type {grant:?} is not supported here"),
            });
            continue;
        };
        let secret = match client_type.as_str() {
            "confidential" => kept_secret(secret, hash_flag, &client_id, report),
            _ => ImportedSecret::None,
        };
        let name = name.trim();
        let client = ImportedClient {
            source_id: id.to_string(),
            registration: ClientRegistration {
                id: Some(client_id.clone()),
                name: if name.is_empty() {
                    client_id.clone()
                } else {
                    name.chars().filter(|c| !c.is_control()).take(150).collect()
                },
                client_type,
                grant_types,
                redirect_uris,
                post_logout_redirect_uris: post_logout,
                allowed_origins: (!origins.is_empty()).then_some(origins),
                scope: src.client_scope.clone(),
                skip_consent: skip != 0,
            },
            secret,
            created_at: created.unwrap_or(ctx.now),
        };
        match import_client(store, ctx, SOURCE, client, src.overwrite).await {
            Ok(outcome) => {
                let c = &mut report.clients;
                count(
                    outcome,
                    &client_id,
                    &mut c.imported,
                    &mut c.updated,
                    &mut c.already_imported,
                    &mut c.conflicts,
                );
                if outcome != Outcome::Conflict {
                    here.insert(id, client_id);
                }
            }
            Err(e) => report.clients.invalid.push(Refused {
                name: client_id,
                reason: e.description().to_string(),
            }),
        }
    }
    Ok(here)
}

/// DOT's grant type → ours, with `refresh_token` where DOT issues refresh
/// tokens; `None` for grants this server does not have.
fn grant_types(dot: &str) -> Option<Vec<String>> {
    let grants: &[&str] = match dot {
        "authorization-code" | "openid-hybrid" => &["authorization_code", "refresh_token"],
        "password" => &["password", "refresh_token"],
        "client-credentials" => &["client_credentials"],
        _ => return None,
    };
    Some(grants.iter().map(|g| g.to_string()).collect())
}

/// A confidential client's secret as DOT stored it. `hash_flag`: DOT's
/// `hash_client_secret` (1/0), or -1 where the column does not exist.
fn kept_secret(
    secret: String,
    hash_flag: i64,
    client_id: &str,
    report: &mut Report,
) -> ImportedSecret {
    if secret.is_empty() {
        report.warnings.push(format!(
            "client {client_id:?} has no secret: rotate one before it can authenticate"
        ));
        return ImportedSecret::None;
    }
    let hashed = hash_flag != 0 && secret.contains('$');
    if !hashed {
        report.clients.clear_secrets += 1;
        return ImportedSecret::Clear(secret);
    }
    if django::scheme_of(&secret).is_none() {
        report.warnings.push(format!(
            "client {client_id:?}: secret hash scheme {:?} is not supported; \
             rotate its secret",
            secret.split('$').next().unwrap_or_default()
        ));
    } else {
        report.clients.hashed_secrets += 1;
    }
    ImportedSecret::DjangoHash(secret)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_grant_types_map_to_ours_with_refresh_where_dot_issues_it() {
        assert_eq!(
            grant_types("authorization-code").unwrap(),
            ["authorization_code", "refresh_token"]
        );
        assert_eq!(
            grant_types("openid-hybrid").unwrap(),
            ["authorization_code", "refresh_token"]
        );
        assert_eq!(
            grant_types("password").unwrap(),
            ["password", "refresh_token"]
        );
        assert_eq!(
            grant_types("client-credentials").unwrap(),
            ["client_credentials"]
        );
        assert_eq!(grant_types("implicit"), None);
        assert_eq!(
            grant_types("urn:ietf:params:oauth:grant-type:device_code"),
            None
        );
    }

    #[test]
    fn secrets_are_kept_hashed_or_taken_from_clear_text() {
        let mut r = Report::default();
        let h = "pbkdf2_sha256$1000000$salt$a2V5";
        assert!(matches!(
            kept_secret(h.into(), 1, "c", &mut r),
            ImportedSecret::DjangoHash(_)
        ));
        assert!(matches!(
            kept_secret(h.into(), -1, "c", &mut r),
            ImportedSecret::DjangoHash(_)
        ));
        assert!(matches!(
            kept_secret("plain".into(), -1, "c", &mut r),
            ImportedSecret::Clear(_)
        ));
        assert!(matches!(
            kept_secret(h.into(), 0, "c", &mut r),
            ImportedSecret::Clear(_)
        ));
        assert!(matches!(
            kept_secret(String::new(), 1, "c", &mut r),
            ImportedSecret::None
        ));
        assert_eq!((r.clients.hashed_secrets, r.clients.clear_secrets), (2, 2));
    }
}
