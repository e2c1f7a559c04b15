//! A user's authenticator app (RFC 6238 TOTP): enrolling one (start, then
//! confirm with a code), removing it (by the user, or an admin's reset),
//! and checking a login's code, each code accepted once.
//!
//! The secret is stored sealed by the key cipher under the name
//! `totp:{user_id}` (AES-256-GCM when `KEY_ENCRYPTION_KEY` is set), so a
//! sealed secret cannot be moved to another user's row. It is shown once,
//! when enrollment starts, and never recorded, logged or returned again.

use std::fmt;

use super::audit::{Entry, Event};
use super::context::Context;
use super::error::ApiError;
use super::notify::Notifier;
use super::totp::{TotpSecret, issuer_label};
use crate::keys::cipher::{CipherError, KeyCipher};
use crate::password::{Password, PasswordHasher};
use crate::storage::{Store, UserRecord};

/// What the user needs to add the authenticator to an app.
pub struct Enrollment {
    /// Base32, for typing into the app.
    pub secret: String,
    /// `otpauth://totp/…`, what the QR code holds.
    pub otpauth_uri: String,
    /// The QR code as a `data:image/png;base64,…` URL.
    pub qr_png: String,
}

impl fmt::Debug for Enrollment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Enrollment(…)")
    }
}

/// How a user proves it is them when removing their authenticator.
pub enum RemovalProof {
    Password(Password),
    /// A current code of the authenticator (of the pending one if none is
    /// confirmed yet).
    Code(String),
}

fn invalid_otp(description: &str) -> ApiError {
    ApiError::BadRequest {
        code: "invalid_otp",
        description: description.into(),
    }
}

/// The cipher name (and AAD) of a user's secrets, pending and active alike,
/// so that confirming moves the sealed value as it is.
fn sealing_name(user_id: &str) -> String {
    format!("totp:{user_id}")
}

fn internal(e: CipherError) -> ApiError {
    tracing::error!(error = %e, "authenticator secret cannot be sealed or opened");
    ApiError::Internal
}

fn open(cipher: &KeyCipher, user_id: &str, sealed: &str) -> Result<TotpSecret, ApiError> {
    cipher
        .open(&sealing_name(user_id), sealed)
        .map(TotpSecret::from_bytes)
        .map_err(internal)
}

/// Starts an enrollment: a new secret, pending until confirmed. Starting
/// again replaces the pending secret; a confirmed authenticator stays
/// active until a new one is confirmed.
pub async fn start_enrollment(
    store: &Store,
    cipher: &KeyCipher,
    ctx: &Context,
    issuer_url: &str,
    user: &UserRecord,
) -> Result<Enrollment, ApiError> {
    let secret = TotpSecret::generate();
    let issuer = issuer_label(issuer_url);
    let qr_png = secret
        .qr_png_data_url(&issuer, &user.username)
        .map_err(|e| {
            tracing::error!(error = %e, "QR code of an authenticator URI failed");
            ApiError::Internal
        })?;
    let sealed = cipher
        .seal(&sealing_name(&user.id), secret.as_bytes())
        .map_err(internal)?;
    if !store.set_totp_pending(&user.id, &sealed).await? {
        return Err(ApiError::not_found("no such user"));
    }
    ctx.record(
        Entry::new(Event::AuthenticatorEnrollmentStarted)
            .user(&user.id)
            .with("replaces_active", user.totp_enabled),
    )
    .await;
    tracing::info!(actor = %ctx.actor, user = %user.id, "authenticator enrollment started");
    Ok(Enrollment {
        secret: secret.base32(),
        otpauth_uri: secret.otpauth_uri(&issuer, &user.username),
        qr_png,
    })
}

/// Confirms the pending enrollment with a current code of it: the new
/// secret becomes the active one (replacing any earlier), and that code's
/// step counts as used. A wrong code is 400 `invalid_otp`.
pub async fn confirm_enrollment(
    store: &Store,
    cipher: &KeyCipher,
    notify: &Notifier,
    ctx: &Context,
    user: &UserRecord,
    code: &str,
) -> Result<(), ApiError> {
    let pending = store
        .totp(&user.id)
        .await?
        .and_then(|r| r.pending_secret)
        .ok_or_else(|| {
            ApiError::invalid_request(
                "no authenticator enrollment is pending: start one with POST /api/account/authenticator",
            )
        })?;
    let Some(step) = open(cipher, &user.id, &pending)?.verify(code, ctx.now) else {
        tracing::warn!(user = %user.id, "authenticator confirmation: wrong code");
        return Err(invalid_otp(
            "the code does not match the authenticator being set up",
        ));
    };
    if !store
        .confirm_totp(&user.id, &pending, step, ctx.now)
        .await?
    {
        // Enrollment was restarted (or removed) since the code was checked.
        return Err(invalid_otp(
            "the enrollment was restarted: use a code of the new secret",
        ));
    }
    ctx.record(
        Entry::new(Event::AuthenticatorAdded)
            .user(&user.id)
            .with("replaced", user.totp_enabled),
    )
    .await;
    tracing::info!(actor = %ctx.actor, user = %user.id, "authenticator added");
    notify.authenticator_changed(ctx, user, true).await;
    Ok(())
}

/// Removes the user's authenticator (confirmed or pending), once they
/// prove it is them: their password, or a current code. Then password
/// logins no longer ask for a code.
#[allow(clippy::too_many_arguments)]
pub async fn remove(
    store: &Store,
    hasher: &PasswordHasher,
    cipher: &KeyCipher,
    notify: &Notifier,
    ctx: &Context,
    user: &UserRecord,
    proof: RemovalProof,
) -> Result<(), ApiError> {
    let record = store
        .totp(&user.id)
        .await?
        .filter(|r| r.secret.is_some() || r.pending_secret.is_some())
        .ok_or_else(|| ApiError::not_found("no authenticator is set up"))?;
    let proof_name = match proof {
        RemovalProof::Password(password) => {
            if !hasher.verify(&password, Some(&user.password_hash)).await? {
                tracing::warn!(user = %user.id, "authenticator removal: wrong password");
                return Err(ApiError::BadRequest {
                    code: "invalid_password",
                    description: "the password is wrong".into(),
                });
            }
            "password"
        }
        RemovalProof::Code(code) => {
            let accepted = match (&record.secret, &record.pending_secret) {
                (Some(active), _) => accept_code(store, cipher, ctx, user, active, &code).await?,
                // Nothing confirmed yet: nothing to replay into a login.
                (None, Some(pending)) => {
                    if open(cipher, &user.id, pending)?
                        .verify(&code, ctx.now)
                        .is_some()
                    {
                        CodeCheck::Accepted
                    } else {
                        CodeCheck::Wrong
                    }
                }
                (None, None) => CodeCheck::Wrong,
            };
            if accepted != CodeCheck::Accepted {
                tracing::warn!(user = %user.id, outcome = ?accepted, "authenticator removal: code refused");
                return Err(invalid_otp("the code is wrong or was used already"));
            }
            "otp"
        }
    };
    store.remove_totp(&user.id).await?;
    ctx.record(
        Entry::new(Event::AuthenticatorRemoved)
            .user(&user.id)
            .with("by", "user")
            .with("proof", proof_name),
    )
    .await;
    tracing::info!(actor = %ctx.actor, user = %user.id, "authenticator removed");
    if record.secret.is_some() {
        notify.authenticator_changed(ctx, user, false).await;
    }
    Ok(())
}

/// An admin removes a user's authenticator (a lost phone). Removing none
/// is no error; an unknown user is 404.
pub async fn admin_reset(
    store: &Store,
    notify: &Notifier,
    ctx: &Context,
    user_id: &str,
) -> Result<(), ApiError> {
    let Some(user) = store.find_user(user_id).await? else {
        return Err(ApiError::not_found("no such user"));
    };
    if store.remove_totp(user_id).await? {
        if user.totp_enabled {
            notify.authenticator_changed(ctx, &user, false).await;
        }
        ctx.record(
            Entry::new(Event::AuthenticatorRemoved)
                .user(user_id)
                .with("by", "admin"),
        )
        .await;
        tracing::info!(actor = %ctx.actor, user = %user_id, "authenticator reset by an admin");
    }
    Ok(())
}

/// Checks an authenticator code at login: accepted once per time step
/// (the atomic update in `storage/totp.rs`). A refusal answers why
/// (`invalid_otp` or `otp_replayed`); the caller counts it as a failed
/// login (throttle and audit, `authn::login_failed`).
pub async fn verify_login_code(
    store: &Store,
    cipher: &KeyCipher,
    ctx: &Context,
    user: &UserRecord,
    code: &str,
) -> Result<Result<(), &'static str>, ApiError> {
    let Some(active) = store.totp(&user.id).await?.and_then(|r| r.secret) else {
        return Ok(Err("invalid_otp"));
    };
    let check = accept_code(store, cipher, ctx, user, &active, code).await?;
    Ok(match check {
        CodeCheck::Accepted => Ok(()),
        CodeCheck::Replayed => {
            tracing::warn!(user = %user.id, "login: authenticator code replayed");
            Err("otp_replayed")
        }
        CodeCheck::Wrong => {
            tracing::warn!(user = %user.id, "login: wrong authenticator code");
            Err("invalid_otp")
        }
    })
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CodeCheck {
    Accepted,
    /// Not a code of the current step or one either side.
    Wrong,
    /// A right code whose step (or a later one) was already used.
    Replayed,
}

/// Checks `code` against the sealed active secret and, if it matches,
/// takes its step with the atomic once-per-step update.
async fn accept_code(
    store: &Store,
    cipher: &KeyCipher,
    ctx: &Context,
    user: &UserRecord,
    sealed: &str,
    code: &str,
) -> Result<CodeCheck, ApiError> {
    let Some(step) = open(cipher, &user.id, sealed)?.verify(code, ctx.now) else {
        return Ok(CodeCheck::Wrong);
    };
    Ok(if store.accept_totp_step(&user.id, sealed, step).await? {
        CodeCheck::Accepted
    } else {
        CodeCheck::Replayed
    })
}
