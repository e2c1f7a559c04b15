//! Authenticator apps (TOTP): the signed-in user's own enrollment and
//! removal under `/api/account/authenticator` (scope `account`), and an
//! admin's reset of a user's.

use poem::web::Data;
use poem_openapi::param::Path;
use poem_openapi::payload::Json;
use poem_openapi::{ApiRequest, ApiResponse, OpenApi};

use auth_api_types::{AuthenticatorStatus, CodeBody, Confirmed, EnrollmentBody, RemovalBody};

use super::ApiTags;
use super::admin::Deleted;
use super::auth::{AccountUser, SignedInAdmin};
use super::error::ErrorResponse;
use super::form_body::FormBody;
use crate::domain::ApiError;
use crate::domain::authenticator::{
    Enrollment, RemovalProof, admin_reset, confirm_enrollment, remove, start_enrollment,
};
use crate::password::Password;
use crate::state::SharedState;

impl From<Enrollment> for EnrollmentBody {
    fn from(e: Enrollment) -> Self {
        Self {
            secret: e.secret,
            otpauth_uri: e.otpauth_uri,
            qr_png: e.qr_png,
        }
    }
}

#[derive(ApiRequest)]
pub enum CodeRequest {
    Json(Json<CodeBody>),
    Form(FormBody<CodeBody>),
}

#[derive(ApiRequest)]
pub enum RemovalRequest {
    Json(Json<RemovalBody>),
    Form(FormBody<RemovalBody>),
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
        let (CodeRequest::Json(Json(b)) | CodeRequest::Form(FormBody(b))) = body;
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
        let (RemovalRequest::Json(Json(b)) | RemovalRequest::Form(FormBody(b))) = body;
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
