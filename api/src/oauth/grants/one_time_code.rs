//! The integrator's one-time-code login (`POST /api/token/otp/`): a mailed
//! code or the user's current authenticator code instead of a password.
//! Not a grant of the token endpoint, but issued like the password grant:
//! to the service key, within its scope, with a refresh token.

use super::super::error::OAuthError;
use super::super::issue::{Issuance, RefreshIssue, TokenResponse, UserGrant, issue_for_user};
use super::super::tokens::Authentication;
use super::{Recipient, requested_scope};
use crate::domain::Context;
use crate::domain::authn::login_completed;
use crate::domain::otp::{CodeCheck, check_code};
use crate::domain::scopes::grantable_to;
use crate::state::AppState;

/// Checks `code` for `username` and issues tokens to `to`. An unknown
/// user, a wrong, used, expired or voided code all give `invalid_grant`.
pub async fn login(
    state: &AppState,
    ctx: &Context,
    to: &Recipient<'_>,
    username: &str,
    code: &str,
    scope: Option<&str>,
) -> Result<TokenResponse, OAuthError> {
    let scope = requested_scope(scope, &to.allowed)?;
    let check = check_code(
        &state.store,
        state.keys.cipher(),
        &state.throttle,
        &state.codes,
        ctx,
        username,
        code.trim(),
    )
    .await?;
    let CodeCheck::Accepted { user, method } = check else {
        tracing::warn!(client_id = to.client_id, "one-time-code login: refused");
        return Err(OAuthError::invalid_grant(
            "the one-time code is wrong, expired or used",
        ));
    };
    login_completed(&state.store, ctx, &user, to.client_id, method).await?;
    let scope = grantable_to(scope, &user.roles);
    let policies = state.scopes.default_policies(&scope);
    issue_for_user(
        state,
        ctx,
        UserGrant {
            grant: Issuance::OneTimeCode,
            user: &user,
            client_id: to.client_id,
            scope,
            policies,
            auth_time: ctx.now,
            nonce: None,
            authn: Authentication::from_stored("otp", None),
        },
        if to.refresh {
            RefreshIssue::NewFamily
        } else {
            RefreshIssue::None
        },
    )
    .await
}
