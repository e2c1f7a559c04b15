//! Authenticator apps (TOTP): the signed-in user's own enrollment and
//! removal under `/api/account/authenticator` (scope `account`), and an
//! admin's reset of a user's.

use poem::web::Data;
use poem_openapi::param::Path;
use poem_openapi::payload::{Form, Json};
use poem_openapi::{ApiRequest, ApiResponse, Object, OpenApi};
use serde::Deserialize;

use super::ApiTags;
use super::admin::Deleted;
use super::auth::{AccountUser, SignedInAdmin};
use super::error::ErrorResponse;
use crate::domain::ApiError;
use crate::domain::authenticator::{
    Enrollment, RemovalProof, admin_reset, confirm_enrollment, remove, start_enrollment,
};
use crate::password::Password;
use crate::state::SharedState;

/// What to add to an authenticator app; shown once.
#[derive(Object)]
pub struct EnrollmentBody {
    /// The secret in base32, to type into the app.
    pub secret: String,
    /// `otpauth://totp/{issuer}:{username}?secret=…&issuer=…`
    pub otpauth_uri: String,
    /// The URI as a QR code: `data:image/png;base64,…`.
    pub qr_png: String,
}

impl From<Enrollment> for EnrollmentBody {
    fn from(e: Enrollment) -> Self {
        Self {
            secret: e.secret,
            otpauth_uri: e.otpauth_uri,
            qr_png: e.qr_png,
        }
    }
}

/// Whether the caller has an authenticator.
#[derive(Object)]
pub struct AuthenticatorStatus {
    /// A confirmed authenticator: password logins need its code.
    pub enabled: bool,
    /// When it was confirmed (seconds since the epoch).
    #[oai(skip_serializing_if_is_none)]
    pub enabled_at: Option<i64>,
    /// An enrollment was started and not yet confirmed.
    pub pending: bool,
}

#[derive(Object, Deserialize)]
pub struct CodeBody {
    /// The 6-digit code the app shows now.
    #[oai(write_only)]
    pub otp: Option<String>,
}

#[derive(ApiRequest)]
pub enum CodeRequest {
    Json(Json<CodeBody>),
    Form(Form<CodeBody>),
}

/// Either proves it is the account's owner.
#[derive(Object, Deserialize)]
pub struct RemovalBody {
    #[oai(write_only)]
    pub password: Option<String>,
    /// A current code of the authenticator.
    #[oai(write_only)]
    pub otp: Option<String>,
}

#[derive(ApiRequest)]
pub enum RemovalRequest {
    Json(Json<RemovalBody>),
    Form(Form<RemovalBody>),
}

#[derive(Object)]
pub struct Confirmed {
    /// Always true: password logins now need the app's code.
    pub enabled: bool,
}

/// 204 after the authenticator is removed.
#[derive(ApiResponse)]
pub enum Removed {
    /// Removed: password logins no longer need a code.
    #[oai(status = 204)]
    Removed,
}

fn present(v: Option<String>) -> Option<String> {
    v.filter(|s| !s.is_empty())
}

#[derive(Default)]
pub struct AuthenticatorApi;

#[OpenApi]
impl AuthenticatorApi {
    /// Own authenticator status
    #[oai(
        path = "/api/account/authenticator",
        method = "get",
        operation_id = "account_authenticator_get",
        tag = "ApiTags::Account"
    )]
    async fn status(
        &self,
        state: Data<&SharedState>,
        me: AccountUser,
    ) -> Result<Json<AuthenticatorStatus>, ErrorResponse> {
        let record = state.store.totp(&me.0.user.id).await?;
        Ok(Json(AuthenticatorStatus {
            enabled: record.as_ref().is_some_and(|r| r.secret.is_some()),
            enabled_at: record.as_ref().and_then(|r| r.enabled_at),
            pending: record.is_some_and(|r| r.pending_secret.is_some()),
        }))
    }

    /// Start authenticator enrollment
    ///
    /// A new secret for an authenticator app (base32, an `otpauth://` URI
    /// and its QR code), shown once. Not active until confirmed; starting
    /// again replaces it, and an active authenticator stays active until
    /// a new one is confirmed.
    #[oai(
        path = "/api/account/authenticator",
        method = "post",
        operation_id = "account_authenticator_start",
        tag = "ApiTags::Account"
    )]
    async fn start(
        &self,
        state: Data<&SharedState>,
        me: AccountUser,
    ) -> Result<Json<EnrollmentBody>, ErrorResponse> {
        let me = me.0;
        let enrollment = start_enrollment(
            &state.store,
            state.keys.cipher(),
            &me.ctx,
            state.settings.issuer.as_str(),
            &me.user,
        )
        .await?;
        Ok(Json(enrollment.into()))
    }

    /// Confirm authenticator enrollment
    ///
    /// With a current code of the new secret, the authenticator becomes
    /// active: every password login then needs its code. A wrong code is
    /// 400 `invalid_otp`.
    #[oai(
        path = "/api/account/authenticator/confirm",
        method = "post",
        operation_id = "account_authenticator_confirm",
        tag = "ApiTags::Account"
    )]
    async fn confirm(
        &self,
        state: Data<&SharedState>,
        me: AccountUser,
        body: CodeRequest,
    ) -> Result<Json<Confirmed>, ErrorResponse> {
        let me = me.0;
        let (CodeRequest::Json(Json(b)) | CodeRequest::Form(Form(b))) = body;
        let code = present(b.otp).ok_or_else(|| ApiError::invalid_request("otp is required"))?;
        confirm_enrollment(
            &state.store,
            state.keys.cipher(),
            &state.notify,
            &me.ctx,
            &me.user,
            &code,
        )
        .await?;
        Ok(Json(Confirmed { enabled: true }))
    }

    /// Remove own authenticator
    ///
    /// Needs the account's `password` or a current `otp` of the
    /// authenticator (a wrong one is 400 `invalid_password` or
    /// `invalid_otp`); 404 when there is none.
    #[oai(
        path = "/api/account/authenticator",
        method = "delete",
        operation_id = "account_authenticator_remove",
        tag = "ApiTags::Account"
    )]
    async fn remove(
        &self,
        state: Data<&SharedState>,
        me: AccountUser,
        body: RemovalRequest,
    ) -> Result<Removed, ErrorResponse> {
        let me = me.0;
        let (RemovalRequest::Json(Json(b)) | RemovalRequest::Form(Form(b))) = body;
        // The password when both are sent: it is the stronger proof.
        let proof = match (present(b.password), present(b.otp)) {
            (Some(p), _) => RemovalProof::Password(Password::new(p)),
            (None, Some(code)) => RemovalProof::Code(code),
            (None, None) => {
                return Err(ApiError::invalid_request("password or otp is required").into());
            }
        };
        remove(
            &state.store,
            &state.hasher,
            state.keys.cipher(),
            &state.notify,
            &me.ctx,
            &me.user,
            proof,
        )
        .await?;
        Ok(Removed::Removed)
    }

    /// Reset a user's authenticator
    ///
    /// Removes the user's authenticator (a lost phone): their password
    /// logins no longer need a code. 204 also when they had none.
    #[oai(
        path = "/api/admin/users/:id/authenticator",
        method = "delete",
        operation_id = "admin_users_authenticator_reset",
        tag = "ApiTags::Admin"
    )]
    async fn admin_reset(
        &self,
        state: Data<&SharedState>,
        admin: SignedInAdmin,
        id: Path<String>,
    ) -> Result<Deleted, ErrorResponse> {
        admin_reset(&state.store, &state.notify, &admin.0.ctx, &id).await?;
        Ok(Deleted::Deleted)
    }
}
