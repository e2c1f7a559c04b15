//! RFC 6749 §4.3: the resource owner password credentials grant, for
//! clients registered with it and for integrators holding a service key.

use super::super::error::OAuthError;
use super::super::issue::{RefreshIssue, TokenResponse, UserGrant, issue_for_user};
use super::super::scope::ScopeSet;
use super::requested_scope;
use crate::domain::users::authenticate;
use crate::password::Password;
use crate::state::AppState;

/// Checks the user's password and issues tokens to `client_id`, within
/// `allowed` scope. A wrong password, an unknown user and a disabled account
/// give the same `invalid_grant` after the same work (RFC 6749 §5.2).
pub async fn grant(
    state: &AppState,
    client_id: &str,
    allowed: &ScopeSet,
    username: &str,
    password: &Password,
    scope: Option<&str>,
    issue_refresh: bool,
) -> Result<TokenResponse, OAuthError> {
    let scope = requested_scope(scope, allowed)?;
    let user = authenticate(state, username, password)
        .await?
        .ok_or_else(|| {
            tracing::warn!(client_id, "password grant: wrong credentials");
            OAuthError::invalid_grant("invalid username or password")
        })?;
    let policies = state.scopes.default_policies(&scope);
    issue_for_user(
        state,
        UserGrant {
            user: &user,
            client_id,
            scope,
            policies,
            auth_time: state.now(),
            nonce: None,
        },
        if issue_refresh {
            RefreshIssue::NewFamily
        } else {
            RefreshIssue::None
        },
    )
    .await
}
