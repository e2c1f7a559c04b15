//! Password authentication: the one check every password login makes (the
//! `password` grant, the integrator login, and the interaction login), the
//! second factor it may call for, and its throttling and audit entries.

use super::audit::{Entry, Event};
use super::authenticator::verify_login_code;
use super::context::Context;
use super::error::ApiError;
use super::throttle::{self, ThrottlePolicy};
use super::users::{MAX_NAME, canonical_username};
use crate::keys::cipher::KeyCipher;
use crate::password::{Password, PasswordHasher, scheme_name};
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

/// Checks a username (in any case or width) and password. While the
/// username or the caller's address is held back by throttling the answer
/// is 429 and no password is hashed; a refusal counts as a failure.
pub async fn check_password(
    store: &Store,
    hasher: &PasswordHasher,
    policy: &ThrottlePolicy,
    ctx: &Context,
    username: &str,
    password: &Password,
) -> Result<PasswordCheck, ApiError> {
    let plausible = !username.is_empty() && username.len() <= 4 * MAX_NAME;
    let canonical = if plausible {
        canonical_username(username)
    } else {
        String::new()
    };
    let user = if plausible {
        store.find_user_by_username(&canonical).await?
    } else {
        None
    };
    throttle::check_login(store, ctx, &canonical, user.as_ref().map(|u| u.id.as_str())).await?;
    let verified = hasher
        .verify_for_login(password, user.as_ref().map(|u| u.password_hash.as_str()))
        .await?;
    let ok = verified.ok;
    if let (Some(u), Some(new_hash)) = (
        user.as_ref().filter(|u| ok && !u.disabled),
        verified.upgraded,
    ) {
        upgrade_hash(store, ctx, u, &new_hash).await?;
    }
    Ok(match user {
        Some(u) if ok && !u.disabled && u.totp_enabled => PasswordCheck::SecondFactorDue(u),
        Some(u) if ok && !u.disabled => PasswordCheck::Authenticated(u),
        user => {
            login_failed(
                store,
                policy,
                ctx,
                &canonical,
                user.as_ref(),
                "wrong_credentials",
            )
            .await?;
            PasswordCheck::Refused
        }
    })
}

/// A password that matched a hash imported from Django is stored again as
/// argon2id (the hash computed with the check, on the hashing pool), so
/// each imported user costs the slow Django check once. The update is
/// conditional on the old hash: a password changed meanwhile wins.
async fn upgrade_hash(
    store: &Store,
    ctx: &Context,
    user: &UserRecord,
    new_hash: &str,
) -> Result<(), ApiError> {
    if store
        .upgrade_password_hash(&user.id, &user.password_hash, new_hash)
        .await?
    {
        ctx.record(
            Entry::new(Event::PasswordUpgraded)
                .user(&user.id)
                .with("from", scheme_name(&user.password_hash))
                .with("to", "argon2id"),
        )
        .await;
    }
    Ok(())
}

/// Records a failed login (a wrong password or code) against the throttle
/// and in the audit log. `reason` says which check failed.
pub async fn login_failed(
    store: &Store,
    policy: &ThrottlePolicy,
    ctx: &Context,
    username: &str,
    user: Option<&UserRecord>,
    reason: &str,
) -> Result<(), ApiError> {
    throttle::login_failed(store, policy, ctx, username).await?;
    let mut entry = Entry::new(Event::LoginFailed).with("reason", reason);
    if let Some(u) = user {
        entry = entry.user(&u.id);
    }
    ctx.record(entry).await;
    Ok(())
}

/// Records a completed login: the throttle forgets the user's failures,
/// this address becomes theirs, and the audit log says how they signed in
/// and to which client.
pub async fn login_completed(
    store: &Store,
    ctx: &Context,
    user: &UserRecord,
    client_id: &str,
    method: &str,
) -> Result<(), ApiError> {
    throttle::login_succeeded(store, ctx, &user.username, &user.id).await?;
    ctx.record(
        Entry::new(Event::LoginSucceeded)
            .user(&user.id)
            .client(client_id)
            .with("method", method),
    )
    .await;
    Ok(())
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
#[allow(clippy::too_many_arguments)]
pub async fn password_login(
    store: &Store,
    hasher: &PasswordHasher,
    cipher: &KeyCipher,
    policy: &ThrottlePolicy,
    ctx: &Context,
    username: &str,
    password: &Password,
    otp: Option<&str>,
) -> Result<LoginOutcome, ApiError> {
    let user = match check_password(store, hasher, policy, ctx, username, password).await? {
        PasswordCheck::Authenticated(user) => return Ok(LoginOutcome::Authenticated(user)),
        PasswordCheck::Refused => return Ok(LoginOutcome::Refused),
        PasswordCheck::SecondFactorDue(user) => user,
    };
    let Some(code) = otp.filter(|c| !c.trim().is_empty()) else {
        return Ok(LoginOutcome::OtpRequired);
    };
    second_factor(store, cipher, policy, ctx, user, code).await
}

/// The second step of a login whose password was right: the user's current
/// authenticator code. A wrong or replayed code counts as a failed login.
pub async fn second_factor(
    store: &Store,
    cipher: &KeyCipher,
    policy: &ThrottlePolicy,
    ctx: &Context,
    user: UserRecord,
    code: &str,
) -> Result<LoginOutcome, ApiError> {
    match verify_login_code(store, cipher, ctx, &user, code).await? {
        Ok(()) => Ok(LoginOutcome::Authenticated(user)),
        Err(reason) => {
            login_failed(store, policy, ctx, &user.username, Some(&user), reason).await?;
            Ok(LoginOutcome::InvalidOtp)
        }
    }
}
