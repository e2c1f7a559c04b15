//! Authenticator apps (TOTP): enrollment and removal on the account API, an
//! admin's reset, the code every password login then needs (once per time
//! step), and the secret kept out of logs and sealed at rest. Codes are
//! computed here with totp-rs from the secret the server hands out, at the
//! server's (manual) clock.

mod enrollment;
mod login;
mod removal;
mod secrets;

use reqwest::Method;
use serde_json::{Value, json};
use totp_rs::{Algorithm, Secret, TOTP};

use crate::helpers::*;

pub const PATH: &str = "/api/account/authenticator";
pub const CONFIRM: &str = "/api/account/authenticator/confirm";

/// The code an authenticator app shows at `at` (RFC 6238, SHA-1, 6 digits,
/// 30-second steps).
pub fn code(secret: &str, at: i64) -> String {
    let bytes = Secret::Encoded(secret.to_string())
        .to_bytes()
        .expect("base32 secret");
    TOTP::new_unchecked(Algorithm::SHA1, 6, 1, 30, bytes, None, String::new()).generate(at as u64)
}

/// A code that is none of the codes of the three steps around `at`.
pub fn wrong_code(secret: &str, at: i64) -> String {
    let near: Vec<String> = [-30, 0, 30].iter().map(|d| code(secret, at + d)).collect();
    (0..1_000_000)
        .map(|n| format!("{n:06}"))
        .find(|c| !near.contains(c))
        .expect("a wrong code")
}

pub async fn call(
    app: &TestApp,
    method: Method,
    path: &str,
    token: &str,
    body: Option<Value>,
) -> reqwest::Response {
    let req = app.http.request(method, app.url(path)).bearer_auth(token);
    let req = match body {
        Some(b) => req.json(&b),
        None => req,
    };
    req.send().await.expect("request")
}

/// Starts an enrollment; answers `{secret, otpauth_uri, qr_png}`.
pub async fn start(app: &TestApp, token: &str) -> Value {
    let r = call(app, Method::POST, PATH, token, None).await;
    assert_eq!(r.status(), 200, "enrollment starts");
    r.json().await.expect("JSON")
}

pub async fn confirm(app: &TestApp, token: &str, otp: &str) -> reqwest::Response {
    call(app, Method::POST, CONFIRM, token, Some(json!({"otp": otp}))).await
}

/// `GET /api/account/authenticator`.
pub async fn status(app: &TestApp, token: &str) -> Value {
    let r = call(app, Method::GET, PATH, token, None).await;
    assert_eq!(r.status(), 200, "status");
    r.json().await.expect("JSON")
}

/// Gives `username` a confirmed authenticator; answers its secret and the
/// account token used. The confirming code's step is used up, so the clock
/// is moved on to the next step.
pub async fn enable(app: &TestApp, username: &str) -> (String, String) {
    let token = app.access_token(username).await;
    let secret = start(app, &token).await["secret"]
        .as_str()
        .expect("secret")
        .to_string();
    let r = confirm(app, &token, &code(&secret, app.now())).await;
    assert_eq!(r.status(), 200, "confirmation");
    app.clock.advance(30);
    (secret, token)
}

/// The demo client's password grant, with an `otp` if given.
pub async fn grant(
    app: &TestApp,
    username: &str,
    password: &str,
    otp: Option<&str>,
) -> reqwest::Response {
    let mut form = vec![
        ("grant_type", "password"),
        ("username", username),
        ("password", password),
    ];
    if let Some(otp) = otp {
        form.push(("otp", otp));
    }
    app.token((DEMO_CLIENT, DEMO_SECRET), &form).await
}

/// `POST /api/token/password/` with the demo service key, with an `otp` if
/// given.
pub async fn integrator(
    app: &TestApp,
    username: &str,
    password: &str,
    otp: Option<&str>,
) -> reqwest::Response {
    let mut body = json!({"username": username, "password": password});
    if let Some(otp) = otp {
        body["otp"] = json!(otp);
    }
    app.post_service("/api/token/password/", &body).await
}

pub async fn user_id(app: &TestApp, username: &str) -> String {
    app.state
        .store
        .find_user_by_username(username)
        .await
        .expect("store")
        .expect("user")
        .id
}
