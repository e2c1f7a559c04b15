//! RFC 6749 §4.3: the resource owner password credentials grant, for
//! clients registered with it and for integrators holding a service key.
//! A user with an authenticator app must send its current code as `otp`.

use super::super::error::OAuthError;
use super::super::issue::{Issuance, RefreshIssue, TokenResponse, UserGrant, issue_for_user};
use super::super::tokens::Authentication;
use super::{Recipient, requested_scope};
use crate::domain::authn::{LoginOutcome, login_completed, password_login};
use crate::domain::scopes::grantable_to;
use crate::domain::{Context, GrantType};
use crate::password::Password;
use crate::state::AppState;

/// What the resource owner presents (RFC 6749 §4.3.2, plus `otp`).
pub struct Login<'a> {
    pub username: &'a str,
    pub password: &'a Password,
    /// The authenticator app's current code, if the user has one.
    pub otp: Option<&'a str>,
}

/// Checks the user's password (and authenticator code, where due) and
/// issues tokens to `to`, within its allowed scope (less `admin` for users
/// who are not admins). A wrong password, an unknown user and a disabled
/// account give the same `invalid_grant` after the same work (RFC 6749
/// §5.2); a right password without a due code gives `otp_required`, and a
/// wrong or already used code `invalid_grant`.
pub async fn grant(
    state: &AppState,
    ctx: &Context,
    to: &Recipient<'_>,
    login: Login<'_>,
    scope: Option<&str>,
) -> Result<TokenResponse, OAuthError> {
    let scope = requested_scope(scope, &to.allowed)?;
    let outcome = password_login(
        &state.store,
        &state.hasher,
        state.keys.cipher(),
        &state.throttle,
        ctx,
        login.username,
        login.password,
        login.otp,
    )
    .await?;
    let user = match outcome {
        LoginOutcome::Authenticated(user) => user,
        LoginOutcome::OtpRequired => {
            tracing::info!(
                client_id = to.client_id,
                "password grant: authenticator code due"
            );
            return Err(OAuthError::OtpRequired(
                "this account has an authenticator app: send its current code as the otp \
                 parameter"
                    .into(),
            ));
        }
        LoginOutcome::InvalidOtp => {
            tracing::warn!(
                client_id = to.client_id,
                "password grant: wrong or replayed authenticator code"
            );
            return Err(OAuthError::invalid_grant(
                "the one-time code (otp) is wrong or was used already",
            ));
        }
        LoginOutcome::Refused => {
            tracing::warn!(
                client_id = to.client_id,
                "password grant: wrong credentials"
            );
            return Err(OAuthError::invalid_grant("invalid username or password"));
        }
    };
    let method = if user.totp_enabled {
        "password+totp"
    } else {
        "password"
    };
    login_completed(&state.store, ctx, &user, to.client_id, method).await?;
    let scope = grantable_to(scope, &user.roles);
    let policies = state.scopes.default_policies(&scope);
    issue_for_user(
        state,
        ctx,
        UserGrant {
            grant: Issuance::Grant(GrantType::Password),
            user: &user,
            client_id: to.client_id,
            scope,
            policies,
            auth_time: ctx.now,
            nonce: None,
            authn: Authentication::from_stored(
                if user.totp_enabled { "pwd otp" } else { "pwd" },
                None,
            ),
        },
        if to.refresh {
            RefreshIssue::NewFamily
        } else {
            RefreshIssue::None
        },
    )
    .await
}
