//! Password authentication: the one check every password login makes (the
//! `password` grant, the integrator login, and the interaction login).

use super::error::ApiError;
use super::users::{MAX_NAME, canonical_username};
use crate::password::{Password, PasswordHasher};
use crate::storage::{Store, UserRecord};

/// The outcome of checking a username and password.
#[derive(Debug)]
pub enum PasswordCheck {
    /// The password is right and nothing more is needed.
    Authenticated(UserRecord),
    /// The password is right, but the user has an authenticator app: the
    /// login completes only with its current code.
    SecondFactorDue(UserRecord),
    /// Unknown user, wrong password or disabled account: the same answer
    /// after the same argon2 work, so neither tells which.
    Refused,
}

/// Checks a username (in any case or width) and password.
pub async fn check_password(
    store: &Store,
    hasher: &PasswordHasher,
    username: &str,
    password: &Password,
) -> Result<PasswordCheck, ApiError> {
    let user = if username.is_empty() || username.len() > 4 * MAX_NAME {
        None
    } else {
        store
            .find_user_by_username(&canonical_username(username))
            .await?
    };
    let ok = hasher
        .verify(password, user.as_ref().map(|u| u.password_hash.as_str()))
        .await?;
    Ok(match user {
        Some(u) if ok && !u.disabled => PasswordCheck::Authenticated(u),
        _ => PasswordCheck::Refused,
    })
}
