//! Mailed one-time codes (`POST /api/request-otp/`, `POST /api/token/otp/`):
//! six digits, valid `OTP_TTL`, single use, keyed with HMAC under a server
//! secret, voided after five wrong tries, at most one every 30 seconds per
//! user.
//!
//! Why HMAC and not a hash: there are only a million codes, so a bare
//! SHA-256 of one is reversed by trying them all; without the server
//! secret the stored MAC tells nothing.

use super::audit::{Entry, Event};
use super::authenticator::verify_login_code;
use super::authn::login_failed;
use super::context::Context;
use super::error::ApiError;
use super::throttle::{self, ThrottlePolicy};
use super::users::{MAX_NAME, canonical_username};
use crate::keys::cipher::KeyCipher;
use crate::mail::{Mailer, templates};
use crate::secrets::{constant_time_eq, hmac_b64, random_bytes, random_id};
use crate::storage::{Store, UserRecord, UserUpdate};

/// The least time between two codes for one user.
pub const CODE_SPACING: i64 = 30;

/// What issuing and checking codes need besides the store.
#[derive(Clone)]
pub struct CodeIssuer {
    pub mailer: Mailer,
    /// The HMAC key of stored codes (a server secret shared by replicas).
    pub secret: std::sync::Arc<Vec<u8>>,
    /// Seconds a code is valid (`OTP_TTL`).
    pub ttl: i64,
}

/// A uniformly random six-digit code.
fn new_code() -> String {
    // 4,294,000,000 is the largest multiple of a million below 2^32:
    // values above it are drawn again, so every code is equally likely.
    loop {
        let n = u32::from_be_bytes(random_bytes::<4>());
        if n < 4_294_000_000 {
            return format!("{:06}", n % 1_000_000);
        }
    }
}

fn code_mac(secret: &[u8], user_id: &str, code: &str) -> String {
    hmac_b64(secret, &[b"otp-code", user_id.as_bytes(), code.as_bytes()])
}

/// `POST /api/request-otp/`: throttled per address, then answered at once;
/// whether a code is mailed (the user exists, is enabled, has an address,
/// and had no code in the last 30 s) is decided in the background, so the
/// answer and its timing are the same for known and unknown users.
pub async fn request_code(
    store: &Store,
    policy: &ThrottlePolicy,
    issuer: &CodeIssuer,
    ctx: &Context,
    username: &str,
) -> Result<(), ApiError> {
    throttle::code_requested(store, policy, ctx).await?;
    let (store, issuer, ctx) = (store.clone(), issuer.clone(), ctx.clone());
    let username = username.to_string();
    tokio::spawn(async move {
        if let Err(e) = issue_code(&store, &issuer, &ctx, &username).await {
            tracing::error!(error = %e, "one-time code not issued");
        }
    });
    Ok(())
}

async fn issue_code(
    store: &Store,
    issuer: &CodeIssuer,
    ctx: &Context,
    username: &str,
) -> Result<(), ApiError> {
    if username.is_empty() || username.len() > 4 * MAX_NAME {
        return Ok(());
    }
    let Some(user) = store
        .find_user_by_username(&canonical_username(username))
        .await?
        .filter(|u| !u.disabled && !u.email.is_empty())
    else {
        return Ok(());
    };
    let code = new_code();
    let stored = store
        .insert_otp_code(
            &random_id(),
            &user.id,
            &code_mac(&issuer.secret, &user.id, &code),
            ctx.now,
            ctx.now + issuer.ttl,
            ctx.now - CODE_SPACING + 1,
        )
        .await?;
    if !stored {
        tracing::info!(user = %user.id, "one-time code not sent: one was sent less than 30 s ago");
        return Ok(());
    }
    let minutes = (issuer.ttl + 59) / 60;
    issuer
        .mailer
        .enqueue(
            &user.email,
            templates::one_time_code(&code, minutes),
            ctx.now,
        )
        .await?;
    ctx.record(Entry::new(Event::OtpRequested).user(&user.id))
        .await;
    Ok(())
}

/// A code checked for a username.
pub enum CodeCheck {
    /// The code was right: the user, and how it was proven.
    Accepted {
        user: Box<UserRecord>,
        method: &'static str,
    },
    /// Unknown user, wrong, used, expired or voided code: one answer.
    Refused,
}

/// Checks `code` for `username`: the user's current authenticator code
/// (once per time step) or the mailed code (single use; the fifth wrong
/// try voids it). Throttled like passwords; a refusal counts as a failure.
/// A mailed code proves the address, so it becomes verified.
#[allow(clippy::too_many_arguments)]
pub async fn check_code(
    store: &Store,
    cipher: &KeyCipher,
    policy: &ThrottlePolicy,
    issuer: &CodeIssuer,
    ctx: &Context,
    username: &str,
    code: &str,
) -> Result<CodeCheck, ApiError> {
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
    let well_formed = code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit());
    let usable = user.as_ref().filter(|u| !u.disabled && well_formed);
    if let Some(user) = usable.filter(|u| u.totp_enabled)
        && verify_login_code(store, cipher, ctx, user, code)
            .await?
            .is_ok()
    {
        return Ok(CodeCheck::Accepted {
            user: Box::new(user.clone()),
            method: "totp",
        });
    }
    if let Some(user) = usable
        && let Some(live) = store.live_otp_code(&user.id, ctx.now).await?
    {
        let expected = code_mac(&issuer.secret, &user.id, code);
        if constant_time_eq(expected.as_bytes(), live.code_mac.as_bytes()) {
            if store.use_otp_code(&live.id, ctx.now).await? {
                if !user.email_verified {
                    let verified = UserUpdate {
                        email_verified: Some(true),
                        ..UserUpdate::default()
                    };
                    store.update_user(&user.id, &verified, ctx.now).await?;
                }
                ctx.record(Entry::new(Event::OtpUsed).user(&user.id)).await;
                return Ok(CodeCheck::Accepted {
                    user: Box::new(user.clone()),
                    method: "otp",
                });
            }
        } else {
            store.fail_otp_code(&live.id).await?;
        }
    }
    login_failed(store, policy, ctx, &canonical, user.as_ref(), "wrong_code").await?;
    Ok(CodeCheck::Refused)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_six_digits_and_vary() {
        let codes: Vec<String> = (0..200).map(|_| new_code()).collect();
        assert!(
            codes
                .iter()
                .all(|c| c.len() == 6 && c.bytes().all(|b| b.is_ascii_digit()))
        );
        let mut distinct = codes.clone();
        distinct.sort();
        distinct.dedup();
        assert!(distinct.len() > 190);
    }

    #[test]
    fn a_code_mac_is_bound_to_the_user_and_the_secret() {
        let a = code_mac(b"k1", "u1", "123456");
        assert_ne!(a, code_mac(b"k1", "u2", "123456"));
        assert_ne!(a, code_mac(b"k2", "u1", "123456"));
        assert_eq!(a, code_mac(b"k1", "u1", "123456"));
        assert!(!a.contains("123456"));
    }
}
