//! Password authentication: the one check every password login makes (the
//! `password` grant, the integrator login, and the interaction login), and
//! the second factor it may call for.

use super::authenticator::verify_login_code;
use super::context::Context;
use super::error::ApiError;
use super::users::{MAX_NAME, canonical_username};
use crate::keys::cipher::KeyCipher;
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
        Some(u) if ok && !u.disabled && u.totp_enabled => PasswordCheck::SecondFactorDue(u),
        Some(u) if ok && !u.disabled => PasswordCheck::Authenticated(u),
        _ => PasswordCheck::Refused,
    })
}

/// The outcome of a one-request password login (password and, where due,
/// the authenticator's code together).
#[derive(Debug)]
pub enum LoginOutcome {
    /// The password is right, and so is the code where one is due.
    Authenticated(UserRecord),
    /// The password is right, but the user has an authenticator and no
    /// code came with it.
    OtpRequired,
    /// The password is right, the code is wrong or was used already.
    InvalidOtp,
    /// Unknown user, wrong password or disabled account.
    Refused,
}

/// A login by username, password and (for a user with an authenticator
/// app) its current code, in one request: what the `password` grant and
/// the integrator's `/api/token/password/` both do, here once. "A user
/// with an authenticator must give its code on every password login."
pub async fn password_login(
    store: &Store,
    hasher: &PasswordHasher,
    cipher: &KeyCipher,
    ctx: &Context,
    username: &str,
    password: &Password,
    otp: Option<&str>,
) -> Result<LoginOutcome, ApiError> {
    let user = match check_password(store, hasher, username, password).await? {
        PasswordCheck::Authenticated(user) => return Ok(LoginOutcome::Authenticated(user)),
        PasswordCheck::Refused => return Ok(LoginOutcome::Refused),
        PasswordCheck::SecondFactorDue(user) => user,
    };
    let Some(code) = otp.filter(|c| !c.trim().is_empty()) else {
        return Ok(LoginOutcome::OtpRequired);
    };
    Ok(
        if verify_login_code(store, cipher, ctx, &user, code).await? {
            LoginOutcome::Authenticated(user)
        } else {
            LoginOutcome::InvalidOtp
        },
    )
}
