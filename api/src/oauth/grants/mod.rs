//! The token endpoint (RFC 6749 §3.2): authenticate the client, check that
//! it may use the grant named by `grant_type`, then hand the typed request
//! to that grant, one file per grant.

pub mod authorization_code;
pub mod client_credentials;
pub mod one_time_code;
pub mod password;
pub mod refresh_token;

use super::client_auth::{PresentedCredentials, authenticate_client};
use super::error::OAuthError;
use super::issue::TokenResponse;
use crate::domain::scopes::ScopeSet;
use crate::domain::{Actor, Context, GrantType};
use crate::password::Password;
use crate::state::AppState;
use crate::telemetry::untrusted;

/// The parameters of a token request, as received.
#[derive(Default)]
pub struct TokenParams {
    pub grant_type: Option<String>,
    pub scope: Option<String>,
    pub username: Option<String>,
    pub password: Option<Password>,
    /// The authenticator app's current code, for the `password` grant of a
    /// user who has one.
    pub otp: Option<String>,
    pub refresh_token: Option<String>,
    pub code: Option<String>,
    pub redirect_uri: Option<String>,
    pub code_verifier: Option<String>,
}

/// A token request whose grant's required parameters are present
/// (RFC 6749 §4.1.3, §4.3.2, §4.4.2, §6).
pub enum TokenRequest {
    Password {
        username: String,
        password: Password,
        otp: Option<String>,
        scope: Option<String>,
    },
    ClientCredentials {
        scope: Option<String>,
    },
    RefreshToken {
        refresh_token: String,
        scope: Option<String>,
    },
    AuthorizationCode {
        code: String,
        redirect_uri: Option<String>,
        code_verifier: Option<String>,
    },
}

impl TokenRequest {
    /// The request for `grant`, or `invalid_request` naming what is missing.
    pub fn parse(grant: GrantType, p: TokenParams) -> Result<Self, OAuthError> {
        let scope = p.scope.filter(|s| !s.trim().is_empty());
        Ok(match grant {
            GrantType::Password => TokenRequest::Password {
                username: required(p.username, "username")?,
                password: p
                    .password
                    .filter(|p| !p.expose().is_empty())
                    .ok_or_else(|| OAuthError::invalid_request("password is required"))?,
                otp: p.otp,
                scope,
            },
            GrantType::ClientCredentials => TokenRequest::ClientCredentials { scope },
            GrantType::RefreshToken => TokenRequest::RefreshToken {
                refresh_token: required(p.refresh_token, "refresh_token")?,
                scope,
            },
            GrantType::AuthorizationCode => TokenRequest::AuthorizationCode {
                code: required(p.code, "code")?,
                redirect_uri: p.redirect_uri.filter(|r| !r.is_empty()),
                code_verifier: p.code_verifier.filter(|v| !v.is_empty()),
            },
        })
    }
}

/// Whom tokens are issued to: an OAuth client, or an integrator's service
/// key (whose id is then the tokens' `client_id`).
pub struct Recipient<'a> {
    pub client_id: &'a str,
    /// What it may be granted now (its registration, or the key's scope).
    pub allowed: ScopeSet,
    /// Whether it may use the refresh_token grant.
    pub refresh: bool,
}

/// `POST /oauth2/token`: one exchange, whatever the grant.
pub async fn exchange(
    state: &AppState,
    ctx: &Context,
    creds: PresentedCredentials,
    params: TokenParams,
) -> Result<TokenResponse, OAuthError> {
    let name = params
        .grant_type
        .clone()
        .filter(|g| !g.is_empty())
        .ok_or_else(|| OAuthError::invalid_request("grant_type is required"))?;
    let client = authenticate_client(&state.store, &state.hasher, ctx, creds)
        .await?
        .client;
    let ctx = ctx.as_actor(Actor::Client(client.id.clone()));
    let grant: GrantType = name.parse().map_err(|_| {
        tracing::warn!(client_id = %client.id, grant_type = %untrusted(&name), "unsupported grant type");
        OAuthError::UnsupportedGrantType(format!("grant_type {name:?} is not supported"))
    })?;
    // RFC 6749 §5.2 `unauthorized_client`: registered without this grant.
    if !client.may_use(grant) {
        return Err(OAuthError::unauthorized_client(format!(
            "this client is not allowed to use the {grant} grant"
        )));
    }
    let request = TokenRequest::parse(grant, params)?;
    let recipient = Recipient {
        client_id: &client.id,
        allowed: ScopeSet::from_stored(&client.scope),
        refresh: client.may_use(GrantType::RefreshToken),
    };
    let response = match request {
        TokenRequest::Password {
            username,
            password,
            otp,
            scope,
        } => {
            let login = password::Login {
                username: &username,
                password: &password,
                otp: otp.as_deref(),
            };
            password::grant(state, &ctx, &recipient, login, scope.as_deref()).await?
        }
        TokenRequest::ClientCredentials { scope } => {
            client_credentials::grant(state, &ctx, &client, scope.as_deref()).await?
        }
        TokenRequest::RefreshToken {
            refresh_token,
            scope,
        } => {
            refresh_token::grant(state, &ctx, &recipient, &refresh_token, scope.as_deref()).await?
        }
        TokenRequest::AuthorizationCode {
            code,
            redirect_uri,
            code_verifier,
        } => {
            let exchange = authorization_code::CodeExchange {
                code: &code,
                redirect_uri: redirect_uri.as_deref(),
                code_verifier: code_verifier.as_deref(),
            };
            authorization_code::grant(state, &ctx, &client, exchange).await?
        }
    };
    Ok(response)
}

fn required(v: Option<String>, name: &str) -> Result<String, OAuthError> {
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
