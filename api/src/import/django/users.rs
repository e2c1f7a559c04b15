//! `auth_user`, `auth_group` and `auth_user_groups` → users, roles and
//! memberships.
//!
//! - A username is canonicalised as every username here (NFKC, case
//!   folded). Django compares usernames exactly, so `Bob` and `bob` may
//!   both exist there: the one with the lower id is imported, the other
//!   reported as a collision.
//! - The password hash is kept as Django encoded it (checked natively,
//!   re-hashed to argon2id at the next login); Django's unusable password
//!   (`!…`) is kept too, and no password matches it.
//! - `is_active = false` → disabled; `is_superuser` → role `admin` (our
//!   administrators); `is_staff` → role `staff` (Django's admin-site flag
//!   has no meaning here: the role keeps the information, grants nothing).
//! - Each group → a role, its name lowered to our rule (`a-z 0-9 - _ : .`).

use std::collections::{BTreeMap, HashMap};

use sqlx::Row;
use unicode_normalization::UnicodeNormalization;

use super::report::{Refused, Report, count};
use super::source::DjangoDb;
use super::{SOURCE, Source};
use crate::domain::Context;
use crate::domain::imports::{ImportedUser, Outcome, import_role, import_user};
use crate::domain::scopes::ADMIN_ROLE;
use crate::domain::users::{canonical_username, validate_email};
use crate::password::django;
use crate::storage::Store;

/// The role of Django's `is_staff` users.
pub const STAFF_ROLE: &str = "staff";

struct DjangoUser {
    id: i64,
    username: String,
    password: String,
    email: String,
    first_name: String,
    last_name: String,
    active: bool,
    superuser: bool,
    staff: bool,
    joined: Option<i64>,
}

/// Imports roles then users; answers Django user id → username here, for
/// the users now here from Django (imported now or before, or updated).
pub async fn import(
    db: &DjangoDb,
    store: &Store,
    ctx: &Context,
    src: &Source,
    report: &mut Report,
) -> anyhow::Result<HashMap<i64, String>> {
    let groups = import_groups(db, store, ctx, report).await?;
    let mut memberships: HashMap<i64, Vec<String>> = HashMap::new();
    for row in db
        .rows("SELECT user_id, group_id FROM auth_user_groups".into())
        .await?
    {
        let (user, group): (i64, i64) = (row.try_get(0)?, row.try_get(1)?);
        if let Some(role) = groups.get(&group) {
            memberships.entry(user).or_default().push(role.clone());
        }
    }
    let sql = format!(
        "SELECT id, username, password, email, first_name, last_name, {}, {}, {}, {} \
         FROM auth_user ORDER BY id",
        db.flag("is_active"),
        db.flag("is_superuser"),
        db.flag("is_staff"),
        db.epoch("date_joined"),
    );
    let mut here: HashMap<i64, String> = HashMap::new();
    // Canonical username → the Django username imported under it.
    let mut taken: HashMap<String, String> = HashMap::new();
    for row in db.rows(sql).await? {
        let u = DjangoUser {
            id: row.try_get(0)?,
            username: row.try_get(1)?,
            password: row.try_get(2)?,
            email: row.try_get::<Option<String>, _>(3)?.unwrap_or_default(),
            first_name: row.try_get::<Option<String>, _>(4)?.unwrap_or_default(),
            last_name: row.try_get::<Option<String>, _>(5)?.unwrap_or_default(),
            active: row.try_get::<i64, _>(6)? != 0,
            superuser: row.try_get::<i64, _>(7)? != 0,
            staff: row.try_get::<i64, _>(8)? != 0,
            joined: row.try_get(9)?,
        };
        let canonical = canonical_username(&u.username);
        if let Some(kept) = taken.get(&canonical) {
            report.users.collisions.push(Refused {
                name: u.username.clone(),
                reason: format!("the same username here as {kept:?}, imported instead"),
            });
            continue;
        }
        taken.insert(canonical.clone(), u.username.clone());
        let mut roles = memberships.remove(&u.id).unwrap_or_default();
        if u.superuser {
            roles.push(ADMIN_ROLE.to_string());
        }
        if u.staff {
            roles.push(STAFF_ROLE.to_string());
        }
        let password_hash = kept_hash(&u.password, &u.username, report);
        let mut email = u.email.trim().to_string();
        if validate_email(&email).is_err() {
            report.warnings.push(format!(
                "user {:?}: email {email:?} is not a valid address and was left empty",
                u.username
            ));
            email.clear();
        }
        let imported = ImportedUser {
            source_id: u.id.to_string(),
            username: canonical.clone(),
            email,
            first_name: clip(&u.first_name),
            last_name: clip(&u.last_name),
            password_hash,
            disabled: !u.active,
            created_at: u.joined.unwrap_or(ctx.now),
            roles,
        };
        let n_roles = imported.roles.len() as u64;
        match import_user(store, ctx, SOURCE, imported, src.overwrite).await {
            Ok(outcome) => {
                let r = &mut report.users;
                count(
                    outcome,
                    &canonical,
                    &mut r.imported,
                    &mut r.updated,
                    &mut r.already_imported,
                    &mut r.conflicts,
                );
                if matches!(outcome, Outcome::Imported | Outcome::Updated) {
                    report.roles.memberships += n_roles;
                }
                if outcome != Outcome::Conflict {
                    here.insert(u.id, canonical);
                }
            }
            Err(e) => report.users.invalid.push(Refused {
                name: u.username,
                reason: e.description().to_string(),
            }),
        }
    }
    Ok(here)
}

/// The hash to store: Django's as it is; an empty one as unusable. Counts
/// those no password will match.
fn kept_hash(encoded: &str, username: &str, report: &mut Report) -> String {
    if encoded.is_empty() || django::is_unusable(encoded) {
        report.users.unusable_passwords += 1;
        return if encoded.is_empty() {
            "!".into()
        } else {
            encoded.to_string()
        };
    }
    if django::scheme_of(encoded).is_none() && !encoded.starts_with("$argon2") {
        report.users.unsupported_hashes += 1;
        let scheme = encoded.split('$').next().unwrap_or_default();
        report.warnings.push(format!(
            "user {username:?}: password hash scheme {scheme:?} is not supported; \
             no password login until one is set"
        ));
    }
    encoded.to_string()
}

/// Django's first and last names are at most 150 characters already; a
/// control character (never typed in a form) is dropped.
fn clip(name: &str) -> String {
    name.chars().filter(|c| !c.is_control()).take(150).collect()
}

/// Every group as a role, plus `admin` and `staff` where users need them;
/// answers group id → role name.
async fn import_groups(
    db: &DjangoDb,
    store: &Store,
    ctx: &Context,
    report: &mut Report,
) -> anyhow::Result<HashMap<i64, String>> {
    let mut roles: BTreeMap<String, String> = BTreeMap::new();
    let mut by_group = HashMap::new();
    for row in db
        .rows("SELECT id, name FROM auth_group ORDER BY id".into())
        .await?
    {
        let (id, name): (i64, String) = (row.try_get(0)?, row.try_get(1)?);
        let role = role_name(&name, id);
        if role != name {
            report.roles.renamed.insert(name.clone(), role.clone());
        }
        roles
            .entry(role.clone())
            .or_insert_with(|| format!("Django group {name:?}"));
        by_group.insert(id, role);
    }
    let flags = format!(
        "SELECT {}, {} FROM auth_user",
        db.flag("is_superuser"),
        db.flag("is_staff")
    );
    let (mut superusers, mut staff) = (false, false);
    for row in db.rows(flags).await? {
        superusers |= row.try_get::<i64, _>(0)? != 0;
        staff |= row.try_get::<i64, _>(1)? != 0;
    }
    if superusers {
        roles
            .entry(ADMIN_ROLE.into())
            .or_insert_with(|| "Administrators".into());
    }
    if staff {
        roles
            .entry(STAFF_ROLE.into())
            .or_insert_with(|| "Django staff (is_staff)".into());
    }
    for (name, description) in &roles {
        if import_role(store, ctx, SOURCE, name, description)
            .await
            .map_err(|e| anyhow::anyhow!("role {name:?}: {}", e.description()))?
        {
            report.roles.created += 1;
        } else {
            report.roles.existing += 1;
        }
    }
    Ok(by_group)
}

/// A Django group name under our rule for role names: lower case, every
/// run of other characters one `-`, at most 64 bytes; `group-<id>` if
/// nothing is left.
pub fn role_name(group: &str, id: i64) -> String {
    let mut out = String::new();
    // Accents come off (NFKD, then the combining marks are dropped).
    let letters = group
        .nfkd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c));
    for c in letters.flat_map(char::to_lowercase) {
        if c.is_ascii_lowercase() || c.is_ascii_digit() || "-_:.".contains(c) {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let mut out = out.trim_matches('-').to_string();
    out.truncate(64);
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        format!("group-{id}")
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_names_become_role_names() {
        assert_eq!(role_name("editors", 1), "editors");
        assert_eq!(role_name("Content Editors", 1), "content-editors");
        assert_eq!(role_name("  Ops / On-call  ", 1), "ops-on-call");
        assert_eq!(role_name("billing:read", 1), "billing:read");
        assert_eq!(role_name("Équipe Réseau", 1), "equipe-reseau");
        assert_eq!(role_name("管理者", 7), "group-7");
        assert_eq!(role_name(&"a".repeat(80), 1).len(), 64);
    }
}
