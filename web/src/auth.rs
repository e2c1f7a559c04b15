//! The SPA as an OAuth client of its own server (public client `web`):
//! authorization code with PKCE (RFC 7636), the access token in memory
//! only (a Leptos context, never local storage), silent sign-in with
//! `prompt=none` on reload, and RP-initiated logout.
//!
//! Only the PKCE verifier, `state`, `nonce` and where to return sit in
//! session storage, and only while the browser is away at
//! `/oauth2/authorize`.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::{api, browser};

/// Registered by the server at every start (contract: the SPA).
pub const CLIENT_ID: &str = "web";
pub const SCOPE: &str = "openid profile email roles account admin";
const PENDING_KEY: &str = "auth-server.sign-in";

/// The signed-in user's tokens, in memory.
#[derive(Clone, PartialEq)]
pub struct Session {
    pub access_token: String,
    pub id_token: String,
    pub scopes: Vec<String>,
    pub username: String,
}

impl Session {
    pub fn has_scope(&self, scope: &str) -> bool {
        self.scopes.iter().any(|s| s == scope)
    }
}

/// The session of this tab, provided at the root of the app.
#[derive(Clone, Copy)]
pub struct Auth(pub RwSignal<Option<Session>>);

impl Auth {
    /// The access token for an API call (empty when signed out: the call
    /// then answers 401).
    pub fn token(&self) -> String {
        self.0
            .with_untracked(|s| s.as_ref().map(|s| s.access_token.clone()))
            .unwrap_or_default()
    }
}

pub fn provide_auth() {
    provide_context(Auth(RwSignal::new(None)));
}

pub fn use_auth() -> Auth {
    use_context::<Auth>().unwrap_or_else(|| Auth(RwSignal::new(None)))
}

/// What survives the round trip through `/oauth2/authorize`.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
struct Pending {
    state: String,
    verifier: String,
    nonce: String,
    return_to: String,
    /// Sent with `prompt=none`: on `login_required`, ask again with a prompt.
    silent: bool,
}

/// RFC 7636 §4.2: `BASE64URL(SHA256(verifier))`.
pub fn code_challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

/// 256 random bits, base64url (43 characters: a valid RFC 7636 verifier).
fn random_token() -> Option<String> {
    browser::random_bytes::<32>().map(|b| URL_SAFE_NO_PAD.encode(b))
}

/// Percent-encoding for a query component (RFC 3986 unreserved kept).
pub fn enc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `k=v&k=v`, each part encoded.
pub fn query(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

pub fn redirect_uri(origin: &str) -> String {
    format!("{origin}/callback")
}

fn authorize_url(origin: &str, p: &Pending) -> String {
    let challenge = code_challenge(&p.verifier);
    let redirect = redirect_uri(origin);
    let mut pairs = vec![
        ("response_type", "code"),
        ("client_id", CLIENT_ID),
        ("redirect_uri", redirect.as_str()),
        ("scope", SCOPE),
        ("state", p.state.as_str()),
        ("nonce", p.nonce.as_str()),
        ("code_challenge", challenge.as_str()),
        ("code_challenge_method", "S256"),
    ];
    if p.silent {
        pairs.push(("prompt", "none"));
    }
    format!("/oauth2/authorize?{}", query(&pairs))
}

/// Only a path of this SPA (`/account`), never `//evil` or a URL: the
/// return path comes back through the browser.
pub fn safe_return_path(p: &str) -> String {
    let ok = p.starts_with('/') && !p.starts_with("//") && !p.contains('\\');
    if ok { p.to_string() } else { "/account".into() }
}

/// Leaves for `/oauth2/authorize`; back at `/callback`, [`complete`]
/// finishes. `silent` tries the browser session first (`prompt=none`).
pub fn begin(return_to: &str, silent: bool) -> Result<(), String> {
    let (Some(state), Some(verifier), Some(nonce)) =
        (random_token(), random_token(), random_token())
    else {
        return Err("This browser cannot generate secure random numbers.".into());
    };
    let pending = Pending {
        state,
        verifier,
        nonce,
        return_to: safe_return_path(return_to),
        silent,
    };
    let stored = serde_json::to_string(&pending)
        .ok()
        .is_some_and(|json| browser::session_set(PENDING_KEY, &json));
    if !stored {
        return Err("This browser does not allow session storage, which signing in needs.".into());
    }
    browser::replace_with(&authorize_url(&browser::origin(), &pending));
    Ok(())
}

/// How `/callback` ended.
pub enum Outcome {
    /// Signed in: go to this path of the SPA.
    SignedIn(String),
    /// Sent to `/oauth2/authorize` again (a silent attempt found no session).
    Redirected,
    /// A message for the user.
    Failed(String),
}

/// The `nonce` and `preferred_username` claims of an ID token. Its
/// signature is not checked here: it came straight from the token
/// endpoint over TLS (OIDC Core §3.1.3.7, item 6).
fn id_token_claims(id_token: &str) -> Option<serde_json::Value> {
    let payload = id_token.split('.').nth(1)?;
    let bytes = URL_SAFE_NO_PAD.decode(payload.trim_end_matches('=')).ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// `/callback?code&state` (or `error`): checks `state`, exchanges the code
/// with the PKCE verifier, checks the ID token's `nonce`, and keeps the
/// tokens in memory.
pub async fn complete(
    auth: Auth,
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
) -> Outcome {
    let pending: Option<Pending> =
        browser::session_get(PENDING_KEY).and_then(|s| serde_json::from_str(&s).ok());
    browser::session_remove(PENDING_KEY);
    let Some(pending) = pending else {
        return Outcome::Failed(
            "This sign-in was not started here, or was already finished.".into(),
        );
    };
    if state.as_deref() != Some(pending.state.as_str()) {
        return Outcome::Failed(
            "The sign-in answer does not match the request (state). Start again.".into(),
        );
    }
    if let Some(error) = error {
        // No browser session for the silent attempt: sign in for real.
        if pending.silent
            && matches!(
                error.as_str(),
                "login_required" | "interaction_required" | "consent_required"
            )
        {
            return match begin(&pending.return_to, false) {
                Ok(()) => Outcome::Redirected,
                Err(e) => Outcome::Failed(e),
            };
        }
        return Outcome::Failed(crate::messages::explain(&error).1.to_string());
    }
    let Some(code) = code else {
        return Outcome::Failed("The sign-in answer carries no code.".into());
    };
    let tokens =
        match api::exchange_code(&code, &pending.verifier, &redirect_uri(&browser::origin())).await
        {
            Ok(t) => t,
            Err(e) => return Outcome::Failed(format!("Signing in failed: {}", e.describe())),
        };
    let Some(id_token) = tokens.id_token else {
        return Outcome::Failed("The server sent no ID token.".into());
    };
    let claims = id_token_claims(&id_token).unwrap_or_default();
    if claims.get("nonce").and_then(|n| n.as_str()) != Some(pending.nonce.as_str()) {
        return Outcome::Failed(
            "The ID token does not match the request (nonce). Start again.".into(),
        );
    }
    let username = claims
        .get("preferred_username")
        .or_else(|| claims.get("sub"))
        .and_then(|v| v.as_str())
        .unwrap_or_default()
        .to_string();
    auth.0.set(Some(Session {
        access_token: tokens.access_token,
        id_token,
        scopes: tokens
            .scope
            .split_whitespace()
            .map(str::to_string)
            .collect(),
        username,
    }));
    Outcome::SignedIn(pending.return_to)
}

/// RP-initiated logout: ends the browser session at the server too, then
/// lands on `/login` ("You are signed out").
pub fn logout_url(origin: &str, id_token: &str) -> String {
    let back = format!("{origin}/login");
    format!(
        "/oauth2/logout?{}",
        query(&[
            ("id_token_hint", id_token),
            ("post_logout_redirect_uri", &back)
        ])
    )
}

/// The page unloads, and the in-memory token with it.
pub fn sign_out(auth: Auth) {
    let id_token = auth
        .0
        .get_untracked()
        .map(|s| s.id_token)
        .unwrap_or_default();
    browser::go_to(&logout_url(&browser::origin(), &id_token));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_challenge_is_rfc_7636_appendix_b() {
        assert_eq!(
            code_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn the_authorize_request_carries_pkce_state_and_nonce() {
        let p = Pending {
            state: "s1".into(),
            verifier: "v".repeat(43),
            nonce: "n1".into(),
            return_to: "/admin".into(),
            silent: true,
        };
        let url = authorize_url("http://127.0.0.1:8000", &p);
        assert!(url.starts_with("/oauth2/authorize?response_type=code&client_id=web&"));
        assert!(url.contains("redirect_uri=http%3A%2F%2F127.0.0.1%3A8000%2Fcallback"));
        assert!(url.contains("scope=openid%20profile%20email%20roles%20account%20admin"));
        assert!(url.contains("&state=s1&nonce=n1&code_challenge="));
        assert!(url.contains("code_challenge_method=S256"));
        assert!(url.ends_with("&prompt=none"));
        let loud = Pending { silent: false, ..p };
        assert!(!authorize_url("http://x", &loud).contains("prompt"));
    }

    #[test]
    fn only_paths_of_this_app_are_returned_to() {
        assert_eq!(safe_return_path("/admin/users"), "/admin/users");
        assert_eq!(safe_return_path("//evil.example/x"), "/account");
        assert_eq!(safe_return_path("https://evil.example"), "/account");
        assert_eq!(safe_return_path("/\\evil"), "/account");
    }

    #[test]
    fn id_token_claims_are_read_from_the_payload() {
        let payload = URL_SAFE_NO_PAD.encode(br#"{"nonce":"n","preferred_username":"alice"}"#);
        let claims = id_token_claims(&format!("h.{payload}.sig")).unwrap_or_default();
        assert_eq!(claims["nonce"], "n");
        assert!(id_token_claims("garbage").is_none());
    }

    #[test]
    fn logout_returns_to_the_login_page() {
        assert_eq!(
            logout_url("http://h:1", "a.b.c"),
            "/oauth2/logout?id_token_hint=a.b.c&post_logout_redirect_uri=http%3A%2F%2Fh%3A1%2Flogin"
        );
    }
}
