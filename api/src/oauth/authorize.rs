//! `GET /oauth2/authorize` (RFC 6749 §4.1.1, OIDC Core §3.1.2): validate
//! the client, the exact redirect URI, the response type, the scope and
//! PKCE before anything else; then answer from the browser's session, or
//! hand the request to the user through an interaction.

use super::error::OAuthError;
use super::grants::requested_scope;
use super::interaction::{self, Browser};
use super::pkce;
use super::redirect::{ErrorRedirect, error_page};
use crate::domain::scopes::ScopeSet;
use crate::domain::{Context, GrantType};
use crate::state::AppState;
use crate::storage::{ClientRecord, ClientType};
use crate::telemetry::untrusted;

/// The query of an authorization request, as received.
#[derive(Clone, Debug, Default)]
pub struct AuthorizeParams {
    pub response_type: Option<String>,
    pub client_id: Option<String>,
    pub redirect_uri: Option<String>,
    pub scope: Option<String>,
    pub state: Option<String>,
    pub nonce: Option<String>,
    pub code_challenge: Option<String>,
    pub code_challenge_method: Option<String>,
    pub prompt: Option<String>,
    pub max_age: Option<String>,
    pub response_mode: Option<String>,
    /// OIDC Core §6 request objects, which are not supported.
    pub request: Option<String>,
    pub request_uri: Option<String>,
}

/// A validated authorization request: the client is known and the
/// redirect URI is one of its own, exactly, so errors may go there.
#[derive(Clone, Debug)]
pub struct ValidRequest {
    pub client: ClientRecord,
    pub redirect_uri: String,
    pub scope: ScopeSet,
    pub state: Option<String>,
    pub nonce: Option<String>,
    pub code_challenge: Option<String>,
    pub prompt: Prompt,
    pub max_age: Option<i64>,
}

/// OIDC Core §3.1.2.1 `prompt`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Prompt {
    pub none: bool,
    pub login: bool,
    pub consent: bool,
}

impl Prompt {
    pub fn as_stored(&self) -> String {
        let mut v = Vec::new();
        for (set, name) in [
            (self.none, "none"),
            (self.login, "login"),
            (self.consent, "consent"),
        ] {
            if set {
                v.push(name);
            }
        }
        v.join(" ")
    }

    pub fn parse(s: &str) -> Self {
        let has = |n| s.split(' ').any(|p| p == n);
        Self {
            none: has("none"),
            login: has("login"),
            consent: has("consent"),
        }
    }
}

/// Where the browser goes next, and the browser cookie to set if it had
/// none.
pub struct Answer {
    pub location: String,
    pub new_browser_cookie: Option<String>,
}

const MAX_STATE: usize = 2048;
const MAX_NONCE: usize = 512;

/// Handles one authorization request.
pub async fn authorize(
    state: &AppState,
    ctx: &Context,
    params: AuthorizeParams,
    browser: &Browser,
) -> Result<Answer, OAuthError> {
    let issuer = state.settings.issuer.as_str();
    let valid = match validate(state, params).await? {
        Ok(v) => v,
        Err(Refusal::Untrusted(code, description)) => {
            return Ok(Answer {
                location: error_page(issuer, code, &description),
                new_browser_cookie: None,
            });
        }
        Err(Refusal::ToClient(redirect)) => {
            return Ok(Answer {
                location: redirect.location(issuer),
                new_browser_cookie: None,
            });
        }
    };
    interaction::begin(state, ctx, valid, browser).await
}

enum Refusal {
    /// RFC 6749 §4.1.2.1: the client or redirect URI cannot be trusted:
    /// the browser goes to our error page, never to the URI.
    Untrusted(&'static str, String),
    /// Any other error goes back to the client's redirect URI.
    ToClient(ErrorRedirect),
}

/// RFC 6749 §4.1.2.1 and RFC 9700 §2.1: the checks, in the order that
/// decides where an error may be sent.
async fn validate(
    state: &AppState,
    p: AuthorizeParams,
) -> Result<Result<ValidRequest, Refusal>, OAuthError> {
    let untrusted_err = |d: &str| Ok(Err(Refusal::Untrusted("invalid_request", d.to_string())));
    let Some(client_id) = p.client_id.filter(|c| !c.is_empty()) else {
        return untrusted_err("client_id is missing");
    };
    let Some(client) = state.store.find_client(&client_id).await? else {
        tracing::warn!(client_id = %untrusted(&client_id), "authorize: unknown client");
        return untrusted_err("the client is not registered");
    };
    let Some(redirect_uri) = p.redirect_uri.filter(|r| !r.is_empty()) else {
        return untrusted_err("redirect_uri is missing");
    };
    // RFC 9700 §4.1.3: exact string matching, nothing else.
    if !client.redirect_uris.iter().any(|r| r == &redirect_uri) {
        tracing::warn!(client_id = %client.id, redirect_uri = %untrusted(&redirect_uri), "authorize: unregistered redirect URI");
        return untrusted_err("the redirect_uri is not registered for this client");
    }
    let refuse = |code: &'static str, description: &str| {
        Ok(Err(Refusal::ToClient(ErrorRedirect {
            redirect_uri: redirect_uri.clone(),
            error: code,
            description: description.to_string(),
            state: p.state.clone().filter(|s| s.len() <= MAX_STATE),
        })))
    };
    if p.state.as_ref().is_some_and(|s| s.len() > MAX_STATE) {
        return refuse("invalid_request", "state is too long");
    }
    // OIDC Core §6.1/§6.2: request objects are not offered (discovery says
    // so), and the answer says which was sent.
    if p.request.as_ref().is_some_and(|r| !r.is_empty()) {
        return refuse("request_not_supported", "request objects are not supported");
    }
    if p.request_uri.as_ref().is_some_and(|r| !r.is_empty()) {
        return refuse("request_uri_not_supported", "request_uri is not supported");
    }
    // Only the query response mode: a client expecting another would not
    // find the code where it looks.
    if p.response_mode
        .as_deref()
        .is_some_and(|m| !m.is_empty() && m != "query")
    {
        return refuse("invalid_request", "only response_mode=query is supported");
    }
    match p.response_type.as_deref() {
        Some("code") => {}
        None | Some("") => return refuse("invalid_request", "response_type is missing"),
        Some(_) => {
            return refuse(
                "unsupported_response_type",
                "only response_type=code is supported",
            );
        }
    }
    if !client.may_use(GrantType::AuthorizationCode) {
        return refuse(
            "unauthorized_client",
            "this client may not use the authorization code grant",
        );
    }
    let scope = match requested_scope(p.scope.as_deref(), &ScopeSet::from_stored(&client.scope)) {
        Ok(scope) => scope,
        Err(e) => return refuse(e.code(), e.description()),
    };
    // RFC 7636 §4.3 with RFC 9700 §2.1.1: S256 only; public clients must.
    let code_challenge = match (
        p.code_challenge.filter(|c| !c.is_empty()),
        p.code_challenge_method.as_deref(),
    ) {
        (None, None) if client.client_type == ClientType::Public => {
            return refuse(
                "invalid_request",
                "PKCE (code_challenge with S256) is required",
            );
        }
        (None, None) => None,
        (None, Some(_)) => return refuse("invalid_request", "code_challenge is missing"),
        (Some(_), None) => {
            // RFC 7636 §4.3: no method means `plain`, which is not offered.
            return refuse(
                "invalid_request",
                "code_challenge_method must be S256 (plain is not supported)",
            );
        }
        (Some(_), Some(m)) if m != "S256" => {
            return refuse(
                "invalid_request",
                "code_challenge_method must be S256 (plain is not supported)",
            );
        }
        (Some(c), Some(_)) if !pkce::valid_challenge(&c) => {
            return refuse("invalid_request", "code_challenge is malformed");
        }
        (Some(c), Some(_)) => Some(c),
    };
    let nonce = p.nonce.filter(|n| !n.is_empty());
    if nonce.as_ref().is_some_and(|n| n.len() > MAX_NONCE) {
        return refuse("invalid_request", "nonce is too long");
    }
    // OIDC Core §3.1.2.1: select_account is not offered; ignored.
    let prompt = Prompt::parse(p.prompt.as_deref().unwrap_or(""));
    if prompt.none && (prompt.login || prompt.consent) {
        return refuse("invalid_request", "prompt=none cannot be combined");
    }
    let max_age = match p.max_age.as_deref().filter(|m| !m.is_empty()) {
        None => None,
        Some(m) => match m.parse::<i64>() {
            Ok(n) if n >= 0 => Some(n),
            _ => return refuse("invalid_request", "max_age must be a number of seconds"),
        },
    };
    Ok(Ok(ValidRequest {
        client,
        redirect_uri,
        scope,
        state: p.state.filter(|s| !s.is_empty()),
        nonce,
        code_challenge,
        prompt,
        max_age,
    }))
}
