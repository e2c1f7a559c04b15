//! Bearer-token checks shared by userinfo, introspection, validate-token and
//! every `/api/*` call (RFC 6750, RFC 9068 §4), and what a token may do.

use super::error::OAuthError;
use super::tokens::{AccessClaims, TokenRejection, verify_access};
use crate::domain::scopes::{ADMIN_ROLE, ADMIN_SCOPE, ScopeSet};
use crate::state::AppState;
use crate::storage::StoreError;

/// Whom an active token speaks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TokenOwner {
    /// A client acting for itself (client_credentials).
    Client,
    /// A user, as stored now.
    User {
        id: String,
        username: String,
        /// The user's roles now, not as the token remembers them.
        roles: Vec<String>,
    },
}

/// A token that passed every check.
pub struct ActiveToken {
    pub claims: AccessClaims,
    pub owner: TokenOwner,
}

impl ActiveToken {
    pub fn user_id(&self) -> Option<&str> {
        match &self.owner {
            TokenOwner::User { id, .. } => Some(id),
            TokenOwner::Client => None,
        }
    }

    pub fn username(&self) -> Option<&str> {
        match &self.owner {
            TokenOwner::User { username, .. } => Some(username),
            TokenOwner::Client => None,
        }
    }

    /// The roles of the token's user now; none for a client's token.
    pub fn current_roles(&self) -> &[String] {
        match &self.owner {
            TokenOwner::User { roles, .. } => roles,
            TokenOwner::Client => &[],
        }
    }

    pub fn scope(&self) -> ScopeSet {
        ScopeSet::from_stored(&self.claims.scope)
    }

    /// RFC 6750 §3.1 `insufficient_scope` unless the token was granted one
    /// of `any_of`; the challenge names the first.
    pub fn require_scope(&self, any_of: &[&str], what: &str) -> Result<(), OAuthError> {
        let scope = self.scope();
        if any_of.iter().any(|s| scope.contains(s)) {
            return Ok(());
        }
        Err(OAuthError::insufficient_scope(
            any_of.first().copied().unwrap_or_default(),
            format!("{what} needs the {} scope", any_of.join(" or ")),
        ))
    }
}

/// Why a token is not active.
#[derive(Debug, thiserror::Error)]
pub enum Inactive {
    #[error(transparent)]
    Rejected(#[from] TokenRejection),
    #[error("revoked")]
    Revoked,
    #[error("the client or service key it was issued to is gone or revoked")]
    IssuerGone,
    #[error("the user no longer exists")]
    UserGone,
    #[error("the user is disabled")]
    UserDisabled,
}

/// The outcome of a check that could not complete is not "inactive": a
/// database failure is the server's, answered 500, never `active: false`.
#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    #[error("token is not active: {0}")]
    Inactive(#[from] Inactive),
    #[error("token status lookup failed: {0}")]
    Store(#[from] StoreError),
}

/// Signature, claims, revocation, the issuer's and the user's state now.
pub async fn check_access_token(state: &AppState, token: &str) -> Result<ActiveToken, CheckError> {
    let now = state.now();
    let claims = verify_access(&state.keys, state.settings.issuer.as_str(), token, now)
        .map_err(Inactive::from)?;
    let user_id = (claims.sub != claims.client_id).then_some(claims.sub.as_str());
    let status = state
        .store
        .access_token_status(&claims.jti, &claims.client_id, user_id)
        .await?;
    if status.revoked {
        return Err(Inactive::Revoked.into());
    }
    if !status.issuer_live {
        return Err(Inactive::IssuerGone.into());
    }
    let owner = match (user_id, status.user) {
        (None, _) => TokenOwner::Client,
        (Some(_), None) => return Err(Inactive::UserGone.into()),
        (Some(_), Some(u)) if u.disabled => return Err(Inactive::UserDisabled.into()),
        (Some(id), Some(u)) => TokenOwner::User {
            id: id.to_string(),
            username: u.username,
            roles: u.roles,
        },
    };
    Ok(ActiveToken { claims, owner })
}

/// The same check as an RFC 6750 error for resource endpoints.
pub async fn require_bearer(
    state: &AppState,
    token: Option<&str>,
) -> Result<ActiveToken, OAuthError> {
    let token = token
        .filter(|t| !t.is_empty())
        .ok_or(OAuthError::MissingToken)?;
    check_access_token(state, token).await.map_err(|e| match e {
        CheckError::Inactive(why) => {
            tracing::info!(reason = %why, "bearer token refused");
            OAuthError::invalid_token("the access token is invalid, expired or revoked")
        }
        CheckError::Store(e) => e.into(),
    })
}

/// What the admin API needs of a token's user and scope.
#[derive(Debug, PartialEq, Eq)]
pub enum AdminRefusal {
    /// Not a user's token at all.
    NotAUser,
    /// The user's role `admin` is not current in the database (403 forbidden).
    NotAnAdmin,
    /// An admin, but the token was not granted the `admin` scope.
    MissingScope(OAuthError),
}

/// The admin API: a user whose role `admin` is current, with a token
/// granted the `admin` scope. The role is checked first: someone who is not
/// an admin is forbidden whatever their token says.
pub fn authorize_admin(token: &ActiveToken) -> Result<(), AdminRefusal> {
    if token.user_id().is_none() {
        return Err(AdminRefusal::NotAUser);
    }
    if !token.current_roles().iter().any(|r| r == ADMIN_ROLE) {
        return Err(AdminRefusal::NotAnAdmin);
    }
    token
        .require_scope(&[ADMIN_SCOPE], "the admin API")
        .map_err(AdminRefusal::MissingScope)
}
