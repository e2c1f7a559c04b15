//! The token endpoint (RFC 6749 §3.2): authenticate the client, then hand
//! the request to the grant named by `grant_type`, one file per grant.

pub mod client_credentials;
pub mod password;
pub mod refresh_token;

use super::client_auth::{AuthenticatedClient, PresentedCredentials, authenticate_client};
use super::error::OAuthError;
use super::issue::{TokenResponse, count_issued};
use super::scope::ScopeSet;
use crate::password::Password;
use crate::state::AppState;

/// The parameters of a token request, as received.
#[derive(Default)]
pub struct TokenRequest {
    pub grant_type: Option<String>,
    pub scope: Option<String>,
    pub username: Option<String>,
    pub password: Option<Password>,
    pub refresh_token: Option<String>,
}

pub async fn exchange(
    state: &AppState,
    creds: PresentedCredentials,
    req: TokenRequest,
) -> Result<TokenResponse, OAuthError> {
    let grant_type = req
        .grant_type
        .clone()
        .filter(|g| !g.is_empty())
        .ok_or_else(|| OAuthError::invalid_request("grant_type is required"))?;
    let client = authenticate_client(&state.store, creds).await?;
    let (name, response) = match grant_type.as_str() {
        "password" => {
            allow(&client, "password")?;
            let allowed = ScopeSet::from_stored(&client.client.scope);
            let issue_refresh = client.may_use("refresh_token");
            let r = password::grant(
                state,
                &client.client.id,
                &allowed,
                required(req.username.as_deref(), "username")?,
                req.password
                    .as_ref()
                    .ok_or_else(|| OAuthError::invalid_request("password is required"))?,
                req.scope.as_deref(),
                issue_refresh,
            )
            .await?;
            ("password", r)
        }
        "client_credentials" => {
            allow(&client, "client_credentials")?;
            (
                "client_credentials",
                client_credentials::grant(state, &client, req.scope.as_deref())?,
            )
        }
        "refresh_token" => {
            allow(&client, "refresh_token")?;
            let token = required(req.refresh_token.as_deref(), "refresh_token")?;
            let r =
                refresh_token::grant(state, &client.client.id, token, req.scope.as_deref()).await?;
            ("refresh_token", r)
        }
        _ => {
            return Err(OAuthError::UnsupportedGrantType(format!(
                "grant_type {grant_type:?} is not supported"
            )));
        }
    };
    count_issued(name);
    Ok(response)
}

/// RFC 6749 §5.2 `unauthorized_client`: registered without this grant.
fn allow(client: &AuthenticatedClient, grant: &str) -> Result<(), OAuthError> {
    if client.may_use(grant) {
        Ok(())
    } else {
        Err(OAuthError::unauthorized_client(format!(
            "this client is not allowed to use the {grant} grant"
        )))
    }
}

pub(crate) fn required<'a>(v: Option<&'a str>, name: &str) -> Result<&'a str, OAuthError> {
    v.filter(|s| !s.is_empty())
        .ok_or_else(|| OAuthError::invalid_request(format!("{name} is required")))
}

/// RFC 6749 §3.3: the requested scope, which must be within what is
/// allowed; none requested means all that is allowed.
pub(crate) fn requested_scope(
    requested: Option<&str>,
    allowed: &ScopeSet,
) -> Result<ScopeSet, OAuthError> {
    let Some(requested) = requested.filter(|s| !s.trim().is_empty()) else {
        return Ok(allowed.clone());
    };
    let scope = ScopeSet::parse(requested)?;
    if let Some(missing) = scope.first_missing_from(allowed) {
        return Err(OAuthError::invalid_scope(format!(
            "scope {missing:?} is not allowed for this client"
        )));
    }
    Ok(scope)
}
