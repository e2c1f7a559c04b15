//! RFC 6749 §4.3: the resource owner password credentials grant, for
//! clients registered with it and for integrators holding a service key.

use super::super::error::OAuthError;
use super::super::issue::{RefreshIssue, TokenResponse, UserGrant, issue_for_user};
use super::{Recipient, requested_scope};
use crate::domain::authn::{PasswordCheck, check_password, login_completed};
use crate::domain::scopes::grantable_to;
use crate::domain::{Context, GrantType};
use crate::password::Password;
use crate::state::AppState;

/// Checks the user's password and issues tokens to `to`, within its
/// allowed scope (less `admin` for users who are not admins). A wrong
/// password, an unknown user and a disabled account give the same
/// `invalid_grant` after the same work (RFC 6749 §5.2).
pub async fn grant(
    state: &AppState,
    ctx: &Context,
    to: &Recipient<'_>,
    username: &str,
    password: &Password,
    scope: Option<&str>,
) -> Result<TokenResponse, OAuthError> {
    let scope = requested_scope(scope, &to.allowed)?;
    let user = match check_password(
        &state.store,
        &state.hasher,
        &state.throttle,
        ctx,
        username,
        password,
    )
    .await?
    {
        PasswordCheck::Authenticated(user) => user,
        PasswordCheck::SecondFactorDue(_) => {
            tracing::warn!(client_id = to.client_id, actor = %ctx.actor, "password grant: one-time code missing");
            return Err(OAuthError::invalid_grant(
                "this account needs a one-time code: send it as otp",
            ));
        }
        PasswordCheck::Refused => {
            tracing::warn!(
                client_id = to.client_id,
                "password grant: wrong credentials"
            );
            return Err(OAuthError::invalid_grant("invalid username or password"));
        }
    };
    login_completed(&state.store, ctx, &user, to.client_id, "password").await?;
    let scope = grantable_to(scope, &user.roles);
    let policies = state.scopes.default_policies(&scope);
    issue_for_user(
        state,
        ctx,
        UserGrant {
            grant: GrantType::Password,
            user: &user,
            client_id: to.client_id,
            scope,
            policies,
            auth_time: ctx.now,
            nonce: None,
        },
        if to.refresh {
            RefreshIssue::NewFamily
        } else {
            RefreshIssue::None
        },
    )
    .await
}
