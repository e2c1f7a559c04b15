//! Users: what people type (usernames, emails, names, passwords), checked
//! and normalised, and the changes users and admins make to accounts.

use unicode_normalization::UnicodeNormalization;

use super::audit::{Entry, Event};
use super::context::Context;
use super::error::ApiError;
use super::scopes::ADMIN_ROLE;
use crate::password::{Password, PasswordHasher};
use crate::storage::{NewUser, Store, UserRecord, UserUpdate};

pub const MAX_NAME: usize = 150;
const MAX_EMAIL: usize = 254;
const MAX_PASSWORD: usize = 1024;

/// The one spelling of a username: NFKC-normalised (as Django does) and
/// case-folded, so `ａｄｍｉｎ`, `Admin` and `admin` are one user. Every
/// lookup and every new user goes through this.
pub fn canonical_username(username: &str) -> String {
    let folded: String = username.nfkc().collect::<String>().to_lowercase();
    // Lower-casing can leave a string that is no longer in NFKC.
    folded.nfkc().collect()
}

/// Django's rule: up to 150 of letters, digits and `@.+-_` (checked on
/// the canonical form).
pub fn validate_username(username: &str) -> Result<(), ApiError> {
    let ok = !username.is_empty()
        && username.chars().count() <= MAX_NAME
        && username
            .chars()
            .all(|c| c.is_alphanumeric() || "@.+-_".contains(c));
    if ok {
        Ok(())
    } else {
        Err(ApiError::invalid_request(
            "username must be 1 to 150 letters, digits or @.+-_",
        ))
    }
}

/// A plausible address: one `@`, something either side, no spaces. Whether
/// it receives mail is for the mail step to find out. Empty is allowed.
pub fn validate_email(email: &str) -> Result<(), ApiError> {
    if email.is_empty() {
        return Ok(());
    }
    let mut parts = email.split('@');
    let ok = email.len() <= MAX_EMAIL
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
        && matches!((parts.next(), parts.next(), parts.next()),
                    (Some(l), Some(d), None) if !l.is_empty() && d.contains('.') && !d.starts_with('.') && !d.ends_with('.'));
    if ok {
        Ok(())
    } else {
        Err(ApiError::invalid_request("email is not a valid address"))
    }
}

pub fn validate_person_name(field: &str, value: &str) -> Result<(), ApiError> {
    if value.chars().count() > MAX_NAME || value.chars().any(char::is_control) {
        return Err(ApiError::invalid_request(format!(
            "{field} must be at most 150 characters without control characters"
        )));
    }
    Ok(())
}

pub fn validate_password(password: &str) -> Result<(), ApiError> {
    if password.is_empty() || password.len() > MAX_PASSWORD {
        return Err(ApiError::invalid_request(
            "password must be 1 to 1024 bytes",
        ));
    }
    Ok(())
}

pub struct CreateUser {
    pub username: String,
    pub email: String,
    /// The creator vouches for the address (seeding, an admin).
    pub email_verified: bool,
    pub password: Password,
    pub first_name: String,
    pub last_name: String,
    pub roles: Vec<String>,
}

/// Creates a user; a taken username (in any case or width) is a conflict,
/// an unknown role a 400.
pub async fn create_user(
    store: &Store,
    hasher: &PasswordHasher,
    ctx: &Context,
    input: CreateUser,
) -> Result<UserRecord, ApiError> {
    let username = canonical_username(&input.username);
    validate_username(&username)?;
    let email = input.email.trim().to_string();
    validate_email(&email)?;
    validate_password(input.password.expose())?;
    validate_person_name("first_name", &input.first_name)?;
    validate_person_name("last_name", &input.last_name)?;
    let roles = normalise_roles(store, input.roles).await?;
    let hash = hasher.hash(&input.password).await?;
    let id = uuid::Uuid::new_v4().to_string();
    store
        .insert_user(
            &NewUser {
                id: id.clone(),
                username,
                email,
                email_verified: input.email_verified,
                first_name: input.first_name,
                last_name: input.last_name,
                password_hash: hash,
                roles,
                disabled: false,
                created_at: ctx.now,
            },
            ctx.now,
        )
        .await?;
    let user = store.find_user(&id).await?.ok_or(ApiError::Internal)?;
    ctx.record(
        Entry::new(Event::UserCreated)
            .user(&id)
            .with("username", user.username.as_str())
            .with("roles", user.roles.clone()),
    )
    .await;
    Ok(user)
}

/// Dedupes, sorts and checks that every role exists.
pub async fn normalise_roles(
    store: &Store,
    mut roles: Vec<String>,
) -> Result<Vec<String>, ApiError> {
    roles.sort();
    roles.dedup();
    let unknown = store.unknown_roles(&roles).await?;
    if let Some(first) = unknown.first() {
        return Err(ApiError::invalid_request(format!(
            "unknown role: {first:?}"
        )));
    }
    Ok(roles)
}

/// A change to a user's own profile or, by an admin, to any user.
#[derive(Default)]
pub struct ChangeUser {
    pub email: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub password: Option<Password>,
    pub disabled: Option<bool>,
    pub roles: Option<Vec<String>>,
    /// Set by an admin; a user's own change of address unverifies it.
    pub email_verified: Option<bool>,
}

/// Applies the fields that are set; answers the user as now stored.
///
/// Admins cannot disable themselves or drop their own admin role (they
/// would lock themselves out mid-session), and no change may leave the
/// server without an enabled admin: that is enforced inside the write, so
/// two admins demoting each other at once cannot both succeed.
pub async fn change_user(
    store: &Store,
    hasher: &PasswordHasher,
    ctx: &Context,
    id: &str,
    change: ChangeUser,
) -> Result<UserRecord, ApiError> {
    if ctx.actor.user_id() == Some(id)
        && (change.disabled == Some(true)
            || change
                .roles
                .as_ref()
                .is_some_and(|r| !r.iter().any(|r| r == ADMIN_ROLE)))
    {
        // Only an admin can change roles or the disabled flag, so the
        // actor is an admin demoting or disabling themselves.
        return Err(ApiError::invalid_request(
            "admins cannot disable themselves or drop their own admin role",
        ));
    }
    let email = change.email.map(|e| e.trim().to_string());
    if let Some(e) = &email {
        validate_email(e)?;
    }
    if let Some(n) = &change.first_name {
        validate_person_name("first_name", n)?;
    }
    if let Some(n) = &change.last_name {
        validate_person_name("last_name", n)?;
    }
    let password_hash = match &change.password {
        Some(p) => {
            validate_password(p.expose())?;
            Some(hasher.hash(p).await?)
        }
        None => None,
    };
    let roles = match change.roles {
        Some(r) => Some(normalise_roles(store, r).await?),
        None => None,
    };
    let mut changed: Vec<&str> = Vec::new();
    for (name, set) in [
        ("email", email.is_some()),
        ("first_name", change.first_name.is_some()),
        ("last_name", change.last_name.is_some()),
        ("password", password_hash.is_some()),
        ("disabled", change.disabled.is_some()),
        ("roles", roles.is_some()),
        ("email_verified", change.email_verified.is_some()),
    ] {
        if set {
            changed.push(name);
        }
    }
    let mut entry = Entry::new(Event::UserChanged)
        .user(id)
        .with("fields", changed);
    if let Some(r) = &roles {
        entry = entry.with("roles", r.clone());
    }
    if let Some(d) = change.disabled {
        entry = entry.with("disabled", d);
    }
    let update = UserUpdate {
        email,
        first_name: change.first_name,
        last_name: change.last_name,
        password_hash,
        disabled: change.disabled,
        roles,
        email_verified: change.email_verified,
    };
    if !store.update_user(id, &update, ctx.now).await? {
        return Err(ApiError::not_found("no such user"));
    }
    ctx.record(entry).await;
    store
        .find_user(id)
        .await?
        .ok_or_else(|| ApiError::not_found("no such user"))
}

/// The signed-in user's own profile change: email and names only (a
/// changed email is no longer verified).
pub async fn update_profile(
    store: &Store,
    hasher: &PasswordHasher,
    ctx: &Context,
    me: &UserRecord,
    username: Option<&str>,
    change: ChangeUser,
) -> Result<UserRecord, ApiError> {
    if username.is_some_and(|u| canonical_username(u) != me.username) {
        return Err(ApiError::invalid_request("username cannot be changed"));
    }
    let change = ChangeUser {
        email: change.email,
        first_name: change.first_name,
        last_name: change.last_name,
        ..ChangeUser::default()
    };
    change_user(store, hasher, ctx, &me.id, change).await
}

/// Deletes a user; their refresh tokens go with them and their access
/// tokens stop working. Admins cannot delete themselves, and the last
/// enabled admin cannot be deleted.
pub async fn delete_user(store: &Store, ctx: &Context, id: &str) -> Result<(), ApiError> {
    if ctx.actor.user_id() == Some(id) {
        return Err(ApiError::invalid_request("admins cannot delete themselves"));
    }
    if !store.delete_user(id).await? {
        return Err(ApiError::not_found("no such user"));
    }
    ctx.record(Entry::new(Event::UserDeleted).user(id)).await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_follow_djangos_rule() {
        assert!(validate_username("alice").is_ok());
        assert!(validate_username("a.b+c-d_e@f").is_ok());
        assert!(validate_username("").is_err());
        assert!(validate_username("has space").is_err());
        assert!(validate_username(&"x".repeat(151)).is_err());
    }

    #[test]
    fn usernames_are_one_regardless_of_width_and_case() {
        for spelling in [
            "admin",
            "Admin",
            "ADMIN",
            "\u{ff41}\u{ff44}\u{ff4d}\u{ff49}\u{ff4e}",
        ] {
            assert_eq!(canonical_username(spelling), "admin", "{spelling:?}");
        }
        // Letters beyond ASCII fold too.
        assert_eq!(canonical_username("ÉLODIE"), "élodie");
        // The compatibility ligature "ﬁ" is "fi".
        assert_eq!(canonical_username("\u{fb01}ona"), "fiona");
    }

    #[test]
    fn emails_are_checked_for_shape() {
        assert!(validate_email("alice@example.com").is_ok());
        assert!(validate_email("").is_ok());
        for bad in [
            "alice",
            "a@b",
            "@example.com",
            "a@@example.com",
            "a b@example.com",
            "a@example.",
        ] {
            assert!(validate_email(bad).is_err(), "{bad}");
        }
    }
}
