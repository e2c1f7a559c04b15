//! The authorization-code flow for the load generator: one browser per
//! worker signs in once through the interaction API (as the SPA does),
//! then each iteration asks for a code with a fresh PKCE pair (answered
//! from the session, since `web` needs no consent) and exchanges it.

use std::sync::atomic::{AtomicU64, Ordering};

use anyhow::{Context, bail};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::Args;

const CLIENT: &str = "web";

fn pkce() -> (String, String) {
    static N: AtomicU64 = AtomicU64::new(0);
    let n = N.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let verifier = URL_SAFE_NO_PAD.encode(format!("load-verifier-{n}-{nanos}-padding-to-43-chars"));
    let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
    (verifier, challenge)
}

fn redirect_uri(args: &Args) -> String {
    format!("{}/callback", args.base)
}

/// `GET /oauth2/authorize` for `web`; answers the redirect's `Location`.
async fn authorize(
    browser: &reqwest::Client,
    args: &Args,
    challenge: &str,
) -> anyhow::Result<String> {
    let r = browser
        .get(format!("{}/oauth2/authorize", args.base))
        .query(&[
            ("response_type", "code"),
            ("client_id", CLIENT),
            ("redirect_uri", redirect_uri(args).as_str()),
            ("scope", "openid profile"),
            ("state", "load"),
            ("code_challenge", challenge),
            ("code_challenge_method", "S256"),
        ])
        .send()
        .await?;
    Ok(r.headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .context("no redirect from /oauth2/authorize")?
        .to_string())
}

/// A client with a cookie jar that signed in through the interaction API.
pub async fn signed_in_browser(args: &Args) -> anyhow::Result<reqwest::Client> {
    let browser = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    let (_, challenge) = pkce();
    let to = authorize(&browser, args, &challenge).await?;
    let id = to
        .split("interaction=")
        .nth(1)
        .context("not sent to the login screen")?;
    let view: Value = browser
        .get(format!("{}/api/interaction/{id}", args.base))
        .send()
        .await?
        .json()
        .await?;
    let r = browser
        .post(format!("{}/api/interaction/{id}/login", args.base))
        .header(
            "X-CSRF-Token",
            view["csrf_token"].as_str().unwrap_or_default(),
        )
        .json(&serde_json::json!({"username": args.username, "password": args.password}))
        .send()
        .await?;
    if !r.status().is_success() {
        bail!("interaction login answered {}", r.status());
    }
    Ok(browser)
}

/// A fresh code (and its verifier) for the signed-in browser.
pub async fn code(browser: &reqwest::Client, args: &Args) -> anyhow::Result<(String, String)> {
    let (verifier, challenge) = pkce();
    let to = authorize(browser, args, &challenge).await?;
    let url = reqwest::Url::parse(&to)?;
    let code = url
        .query_pairs()
        .find(|(k, _)| k == "code")
        .map(|(_, v)| v.into_owned())
        .context("no code in the redirect")?;
    Ok((code, verifier))
}

/// `POST /oauth2/token` for the code; answers whether tokens came back.
pub async fn exchange(http: &reqwest::Client, args: &Args, code: &str, verifier: &str) -> bool {
    let r = http
        .post(format!("{}/oauth2/token", args.base))
        .form(&[
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", redirect_uri(args).as_str()),
            ("client_id", CLIENT),
            ("code_verifier", verifier),
        ])
        .send()
        .await;
    r.is_ok_and(|r| r.status().is_success())
}
