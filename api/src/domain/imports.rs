//! Rows brought in from another system (django-oauth-toolkit): users with
//! the password hashes they had there, roles, clients with their secrets
//! as stored there, and live refresh tokens. The same rules as for rows
//! made here apply; what differs is that hashes are kept, not made.
//!
//! Each row is checked against what is here already: a row this source
//! brought in before is left alone (a second import finds nothing new)
//! unless `overwrite`; a row that was here before, under the same username
//! or client_id, is a conflict and is refused unless `overwrite`. Every
//! row written is audited with `source` in its details.

use super::audit::{Entry, Event};
use super::clients::{ClientRegistration, validated_record};
use super::context::Context;
use super::error::ApiError;
use super::roles::validate_role_name;
use super::users::{normalise_roles, validate_email, validate_person_name, validate_username};
use crate::secrets::{SecretHash, random_id};
use crate::storage::{ClientRecord, ClientUpdate, NewRefreshToken, NewUser, Store, UserUpdate};

/// What happened to one imported row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// New here.
    Imported,
    /// Here already and replaced (`overwrite`).
    Updated,
    /// Brought in by an earlier import of this source; left as it is.
    AlreadyImported,
    /// Here before, not from this source; left as it is.
    Conflict,
}

/// A user as the other system had it; `username` already canonical.
pub struct ImportedUser {
    /// The other system's primary key, for the provenance record.
    pub source_id: String,
    pub username: String,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    /// The other system's encoded hash, kept as it is (checked natively,
    /// re-hashed to argon2id at the next login).
    pub password_hash: String,
    pub disabled: bool,
    pub created_at: i64,
    pub roles: Vec<String>,
}

/// Imports one user; an invalid one is a 400 naming the field.
pub async fn import_user(
    store: &Store,
    ctx: &Context,
    source: &str,
    user: ImportedUser,
    overwrite: bool,
) -> Result<Outcome, ApiError> {
    validate_username(&user.username)?;
    validate_email(&user.email)?;
    validate_person_name("first_name", &user.first_name)?;
    validate_person_name("last_name", &user.last_name)?;
    if user.password_hash.is_empty() || user.password_hash.contains('\0') {
        return Err(ApiError::invalid_request("the password hash is empty"));
    }
    let roles = normalise_roles(store, user.roles).await?;
    let existing = store.find_user_by_username(&user.username).await?;
    let outcome = match existing {
        None => {
            let id = uuid::Uuid::new_v4().to_string();
            store
                .insert_user(
                    &NewUser {
                        id: id.clone(),
                        username: user.username.clone(),
                        email: user.email,
                        email_verified: false,
                        first_name: user.first_name,
                        last_name: user.last_name,
                        password_hash: user.password_hash,
                        roles: roles.clone(),
                        disabled: user.disabled,
                        created_at: user.created_at,
                    },
                    ctx.now,
                )
                .await?;
            ctx.record(
                Entry::new(Event::UserCreated)
                    .user(&id)
                    .with("username", user.username.as_str())
                    .with("roles", roles)
                    .with("source", source),
            )
            .await;
            Outcome::Imported
        }
        Some(here) => {
            let ours = store.is_imported(source, "user", &user.username).await?;
            if !overwrite {
                return Ok(if ours {
                    Outcome::AlreadyImported
                } else {
                    Outcome::Conflict
                });
            }
            let update = UserUpdate {
                email: Some(user.email),
                first_name: Some(user.first_name),
                last_name: Some(user.last_name),
                password_hash: Some(user.password_hash),
                disabled: Some(user.disabled),
                roles: Some(roles.clone()),
                email_verified: Some(false),
            };
            store.update_user(&here.id, &update, ctx.now).await?;
            ctx.record(
                Entry::new(Event::UserChanged)
                    .user(&here.id)
                    .with(
                        "fields",
                        vec![
                            "email",
                            "first_name",
                            "last_name",
                            "password",
                            "disabled",
                            "roles",
                        ],
                    )
                    .with("roles", roles)
                    .with("disabled", user.disabled)
                    .with("source", source),
            )
            .await;
            Outcome::Updated
        }
    };
    // After the row: a crash in between leaves a row that a re-run calls a
    // conflict (fixed by --overwrite), never a provenance without its row.
    store
        .record_import(source, "user", &user.username, &user.source_id, ctx.now)
        .await?;
    Ok(outcome)
}

/// Creates the role unless it exists; answers whether it was created.
pub async fn import_role(
    store: &Store,
    ctx: &Context,
    source: &str,
    name: &str,
    description: &str,
) -> Result<bool, ApiError> {
    validate_role_name(name)?;
    if store.find_role(name).await?.is_some() {
        return Ok(false);
    }
    store.ensure_role(name, description, ctx.now).await?;
    ctx.record(
        Entry::new(Event::RoleCreated)
            .with("role", name)
            .with("source", source),
    )
    .await;
    Ok(true)
}

/// A client's secret as the other system stored it.
pub enum ImportedSecret {
    /// None stored (public clients).
    None,
    /// In clear: stored here as SHA-256, as secrets made here are.
    Clear(String),
    /// A Django password hash (DOT's `hash_client_secret`): kept, checked
    /// on the hashing pool, stored as SHA-256 once it matched.
    DjangoHash(String),
}

pub struct ImportedClient {
    pub source_id: String,
    /// With `id` set to the client_id it had.
    pub registration: ClientRegistration,
    pub secret: ImportedSecret,
    pub created_at: i64,
}

/// Imports one client under the client_id it had; an invalid one (an
/// unusable redirect URI, a grant it cannot have) is a 400.
pub async fn import_client(
    store: &Store,
    ctx: &Context,
    source: &str,
    client: ImportedClient,
    overwrite: bool,
) -> Result<Outcome, ApiError> {
    let record = validated_record(client.registration, ctx.now)?;
    let secret_hash = match client.secret {
        _ if !record.is_confidential() => None,
        ImportedSecret::None => None,
        ImportedSecret::Clear(s) => Some(SecretHash::of(&s).as_str().to_string()),
        ImportedSecret::DjangoHash(h) => Some(h),
    };
    let record = ClientRecord {
        secret_hash,
        created_at: client.created_at,
        ..record
    };
    let grants = super::clients::grant_names(&record.grant_types);
    let outcome = match store.find_client(&record.id).await? {
        None => {
            store.insert_client(&record).await?;
            ctx.record(
                Entry::new(Event::ClientRegistered)
                    .client(&record.id)
                    .with("type", record.client_type.as_str())
                    .with("grant_types", grants)
                    .with("scope", record.scope.as_str())
                    .with("source", source),
            )
            .await;
            Outcome::Imported
        }
        Some(_) => {
            let ours = store.is_imported(source, "client", &record.id).await?;
            if !overwrite {
                return Ok(if ours {
                    Outcome::AlreadyImported
                } else {
                    Outcome::Conflict
                });
            }
            let update = ClientUpdate {
                name: Some(record.name.clone()),
                grant_types: Some(record.grant_types.clone()),
                redirect_uris: Some(record.redirect_uris.clone()),
                post_logout_redirect_uris: Some(record.post_logout_redirect_uris.clone()),
                allowed_origins: Some(record.allowed_origins.clone()),
                scope: Some(record.scope.clone()),
                skip_consent: Some(record.skip_consent),
                secret_hash: record.secret_hash.clone(),
                client_type: Some(record.client_type),
            };
            store.update_client(&record.id, &update, ctx.now).await?;
            ctx.record(
                Entry::new(Event::ClientChanged)
                    .client(&record.id)
                    .with("fields", vec!["all"])
                    .with("grant_types", grants)
                    .with("source", source),
            )
            .await;
            Outcome::Updated
        }
    };
    store
        .record_import(source, "client", &record.id, &client.source_id, ctx.now)
        .await?;
    Ok(outcome)
}

/// A live refresh token of the other system, for a user and client here.
pub struct ImportedRefreshToken<'a> {
    /// SHA-256 (hex) of the token, as tokens are stored here.
    pub token_hash: &'a str,
    pub client_id: &'a str,
    pub user_id: &'a str,
    pub scope: &'a str,
    pub issued_at: i64,
    pub expires_at: i64,
}

/// Starts a refresh-token family whose first token is the imported one:
/// the client refreshes with it once and holds one of ours from then on.
/// Answers false when it was imported before.
pub async fn import_refresh_token(
    store: &Store,
    ctx: &Context,
    source: &str,
    t: ImportedRefreshToken<'_>,
) -> Result<bool, ApiError> {
    if store.find_refresh_by_hash(t.token_hash).await?.is_some() {
        return Ok(false);
    }
    let id = random_id();
    store
        .insert_refresh_token(&NewRefreshToken {
            id: &id,
            token_hash: t.token_hash,
            client_id: t.client_id,
            user_id: t.user_id,
            scope: t.scope,
            policies: "{}",
            auth_time: t.issued_at,
            issued_at: t.issued_at,
            expires_at: t.expires_at,
        })
        .await?;
    ctx.record(
        Entry::new(Event::TokenIssued)
            .user(t.user_id)
            .client(t.client_id)
            .with("grant_type", "refresh_token")
            .with("scope", t.scope)
            .with("source", source),
    )
    .await;
    Ok(true)
}
