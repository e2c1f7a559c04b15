//! What an import did, as the command prints it (`--json`: this object).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::domain::imports::Outcome;

#[derive(Debug, Default, Serialize)]
pub struct Report {
    /// `sqlite` or `postgres`: the Django database read.
    pub source: &'static str,
    pub users: UserCounts,
    pub roles: RoleCounts,
    pub clients: ClientCounts,
    pub refresh_tokens: TokenCounts,
    /// True when this run wrote nothing (everything was imported before).
    pub nothing_new: bool,
    /// Things imported with a change worth knowing (a dropped email…).
    pub warnings: Vec<String>,
}

/// A row left out, and why.
#[derive(Debug, Serialize)]
pub struct Refused {
    pub name: String,
    pub reason: String,
}

#[derive(Debug, Default, Serialize)]
pub struct UserCounts {
    pub imported: u64,
    pub updated: u64,
    pub already_imported: u64,
    /// conflicts + collisions + invalid.
    pub skipped: u64,
    /// Usernames that exist here and were not imported before (refused
    /// without `--overwrite`).
    pub conflicts: Vec<String>,
    /// Django usernames that are one username here (case, width): the
    /// first (lowest id) is imported, these are not.
    pub collisions: Vec<Refused>,
    pub invalid: Vec<Refused>,
    /// Imported users with Django's unusable password: no password login.
    pub unusable_passwords: u64,
    /// Imported users whose hash format is not checked here (Django's
    /// scrypt, MD5, SHA-1…): no password login until an admin sets one.
    pub unsupported_hashes: u64,
}

#[derive(Debug, Default, Serialize)]
pub struct RoleCounts {
    pub created: u64,
    pub existing: u64,
    /// Django group name → role name, where they differ.
    pub renamed: BTreeMap<String, String>,
    /// Role memberships of the users imported or updated now.
    pub memberships: u64,
}

#[derive(Debug, Default, Serialize)]
pub struct ClientCounts {
    pub imported: u64,
    pub updated: u64,
    pub already_imported: u64,
    pub skipped: u64,
    pub conflicts: Vec<String>,
    pub invalid: Vec<Refused>,
    /// Secrets kept as Django hashes (accepted, stored as SHA-256 at first use).
    pub hashed_secrets: u64,
    /// Secrets found in clear, stored as SHA-256.
    pub clear_secrets: u64,
}

#[derive(Debug, Default, Serialize)]
pub struct TokenCounts {
    /// Whether `--refresh-tokens` was given; all zero otherwise.
    pub requested: bool,
    pub imported: u64,
    pub already_imported: u64,
    pub skipped: u64,
    /// Revoked (used or revoked) in Django.
    pub revoked: u64,
    /// Past `--refresh-token-expire-seconds` after their access token.
    pub expired: u64,
    /// Without an access token (Django refuses those too).
    pub without_access_token: u64,
    /// Of a user or application not imported (skipped, or a conflict).
    pub unmatched: u64,
}

/// Adds an outcome of an import to the counts it belongs to.
pub fn count(
    outcome: Outcome,
    name: &str,
    imported: &mut u64,
    updated: &mut u64,
    already: &mut u64,
    conflicts: &mut Vec<String>,
) {
    match outcome {
        Outcome::Imported => *imported += 1,
        Outcome::Updated => *updated += 1,
        Outcome::AlreadyImported => *already += 1,
        Outcome::Conflict => conflicts.push(name.to_string()),
    }
}

impl Report {
    /// Sums up `skipped` and `nothing_new` once every part has run.
    pub fn finish(&mut self) {
        let u = &mut self.users;
        u.skipped = (u.conflicts.len() + u.collisions.len() + u.invalid.len()) as u64;
        let c = &mut self.clients;
        c.skipped = (c.conflicts.len() + c.invalid.len()) as u64;
        let t = &mut self.refresh_tokens;
        t.skipped = t.revoked + t.expired + t.without_access_token + t.unmatched;
        self.nothing_new = self.users.imported
            + self.users.updated
            + self.roles.created
            + self.clients.imported
            + self.clients.updated
            + self.refresh_tokens.imported
            == 0;
    }

    /// A few lines for people.
    pub fn text(&self) -> String {
        let u = &self.users;
        let c = &self.clients;
        let t = &self.refresh_tokens;
        let mut out = vec![
            format!(
                "users: {} imported, {} updated, {} imported before, {} skipped \
                 ({} conflicts, {} username collisions, {} invalid)",
                u.imported,
                u.updated,
                u.already_imported,
                u.skipped,
                u.conflicts.len(),
                u.collisions.len(),
                u.invalid.len()
            ),
            format!(
                "roles: {} created, {} existing, {} renamed, {} memberships",
                self.roles.created,
                self.roles.existing,
                self.roles.renamed.len(),
                self.roles.memberships
            ),
            format!(
                "clients: {} imported, {} updated, {} imported before, {} skipped \
                 ({} conflicts, {} invalid)",
                c.imported,
                c.updated,
                c.already_imported,
                c.skipped,
                c.conflicts.len(),
                c.invalid.len()
            ),
        ];
        if t.requested {
            out.push(format!(
                "refresh tokens: {} imported, {} imported before, {} skipped",
                t.imported, t.already_imported, t.skipped
            ));
        }
        if !u.conflicts.is_empty() || !c.conflicts.is_empty() {
            out.push(
                "conflicting rows exist here and were left as they are; \
                 --overwrite replaces them with Django's"
                    .into(),
            );
        }
        out.extend(self.warnings.iter().map(|w| format!("warning: {w}")));
        if self.nothing_new {
            out.push("nothing new to import".into());
        }
        out.join("\n")
    }
}
