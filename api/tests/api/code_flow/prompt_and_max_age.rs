//! OIDC Core §3.1.2.1 `prompt` and `max_age`: a silent request is answered
//! from the session or refused to the client with `login_required` /
//! `consent_required`; `prompt=login` and a too old sign-in ask for the
//! password again.

use serde_json::Value;

use super::*;

/// Signs alice in through `rp` (consenting to what is asked); answers when.
async fn signed_in(app: &TestApp, rp: &Rp, scope: &str) -> i64 {
    let at = app.now();
    let back = code_for(app, rp, &AuthRequest::new(scope), "alice").await;
    code_of(rp, &back);
    at
}

/// Where an authorization request sends the browser.
async fn goes_to(app: &TestApp, rp: &Rp, req: &AuthRequest) -> Url {
    location(&authorize(app, rp, req).await)
}

fn asks_to_sign_in(app: &TestApp, to: &Url) -> bool {
    to.as_str().starts_with(&app.url("/login?interaction="))
}

fn refused_with(rp: &Rp, req: &AuthRequest, app: &TestApp, to: &Url, error: &str) {
    assert!(to.as_str().starts_with(&rp.redirect_uri), "{to}");
    assert_eq!(param(to, "error").as_deref(), Some(error), "{to}");
    assert_eq!(param(to, "state").as_deref(), Some(req.state.as_str()));
    assert_eq!(param(to, "iss").as_deref(), Some(app.base.as_str()));
    assert!(param(to, "code").is_none());
}

async fn id_token_of(app: &TestApp, rp: &Rp, req: &AuthRequest, back: &Url) -> Value {
    let code = code_of(rp, back);
    let r = exchange(app, rp, &code, Some(&req.pkce.as_ref().unwrap().verifier)).await;
    assert_eq!(r.status(), 200);
    let t: Value = r.json().await.unwrap();
    jwt_claims(t["id_token"].as_str().unwrap())
}

#[tokio::test]
async fn prompt_none_without_a_session_sends_login_required_back_to_the_client() {
    let app = spawn_app().await;
    let rp = register_rp(&app, "public", true).await;
    let req = AuthRequest::new("openid").with("prompt", "none");
    let to = goes_to(&app, &rp, &req).await;
    refused_with(&rp, &req, &app, &to, "login_required");
}

#[tokio::test]
async fn prompt_none_with_a_session_but_no_consent_is_consent_required() {
    let app = spawn_app().await;
    let rp = register_rp(&app, "confidential", false).await;
    signed_in(&app, &rp, "openid").await;
    let req = AuthRequest::new("openid email").with("prompt", "none");
    let to = goes_to(&app, &rp, &req).await;
    refused_with(&rp, &req, &app, &to, "consent_required");
    // Another client the user never consented to.
    let other = register_rp(&app, "confidential", false).await;
    let req = AuthRequest::new("openid").with("prompt", "none");
    let to = goes_to(&app, &other, &req).await;
    refused_with(&other, &req, &app, &to, "consent_required");
}

#[tokio::test]
async fn prompt_none_with_a_session_and_a_remembered_consent_gets_a_code() {
    let app = spawn_app().await;
    let rp = register_rp(&app, "confidential", false).await;
    let at = signed_in(&app, &rp, "openid profile").await;
    app.clock.advance(120);
    let req = AuthRequest::new("openid profile").with("prompt", "none");
    let back = goes_to(&app, &rp, &req).await;
    assert_eq!(param(&back, "state").as_deref(), Some(req.state.as_str()));
    let id = id_token_of(&app, &rp, &req, &back).await;
    assert_eq!(id["auth_time"], at);
    assert_eq!(id["nonce"], req.nonce.as_str());
}

#[tokio::test]
async fn prompt_none_cannot_be_combined_with_login_or_consent() {
    let app = spawn_app().await;
    let rp = register_rp(&app, "public", true).await;
    for prompt in ["none login", "consent none"] {
        let req = AuthRequest::new("openid").with("prompt", prompt);
        let to = goes_to(&app, &rp, &req).await;
        refused_with(&rp, &req, &app, &to, "invalid_request");
    }
}

#[tokio::test]
async fn prompt_login_asks_for_the_password_despite_a_session() {
    let app = spawn_app().await;
    let rp = register_rp(&app, "confidential", true).await;
    let first = signed_in(&app, &rp, "openid").await;
    app.clock.advance(300);
    let req = AuthRequest::new("openid").with("prompt", "login");
    let to = goes_to(&app, &rp, &req).await;
    assert!(asks_to_sign_in(&app, &to), "{to}");
    let (_, answer) = login(&app, &to, "alice", "alicepass").await;
    let id = id_token_of(&app, &rp, &req, &redirect_to(&answer)).await;
    assert_eq!(id["auth_time"], first + 300, "a fresh sign-in");
}

#[tokio::test]
async fn a_sign_in_older_than_max_age_is_asked_again_and_a_younger_one_is_not() {
    let app = spawn_app().await;
    let rp = register_rp(&app, "confidential", true).await;
    let at = signed_in(&app, &rp, "openid").await;
    app.clock.advance(100);

    let young = AuthRequest::new("openid").with("max_age", "100");
    let back = goes_to(&app, &rp, &young).await;
    let id = id_token_of(&app, &rp, &young, &back).await;
    assert_eq!(
        id["auth_time"], at,
        "OIDC Core §2: auth_time when max_age is asked"
    );

    let old = AuthRequest::new("openid").with("max_age", "99");
    let to = goes_to(&app, &rp, &old).await;
    assert!(asks_to_sign_in(&app, &to), "{to}");
    // Silent requests cannot re-authenticate.
    let silent = AuthRequest::new("openid")
        .with("max_age", "99")
        .with("prompt", "none");
    let to = goes_to(&app, &rp, &silent).await;
    refused_with(&rp, &silent, &app, &to, "login_required");

    let (_, answer) = login(&app, &to_login(&app, &rp, &old).await, "alice", "alicepass").await;
    let id = id_token_of(&app, &rp, &old, &redirect_to(&answer)).await;
    assert_eq!(id["auth_time"], at + 100);
}

async fn to_login(app: &TestApp, rp: &Rp, req: &AuthRequest) -> Url {
    let to = goes_to(app, rp, req).await;
    assert!(asks_to_sign_in(app, &to), "{to}");
    to
}

#[tokio::test]
async fn max_age_zero_always_asks_for_the_password_even_right_after_signing_in() {
    let app = spawn_app().await;
    let rp = register_rp(&app, "confidential", true).await;
    signed_in(&app, &rp, "openid").await;
    // Same second as the sign-in: OIDC Core §3.1.2.1, max_age=0 is
    // prompt=login.
    let req = AuthRequest::new("openid").with("max_age", "0");
    let to = to_login(&app, &rp, &req).await;
    let (_, answer) = login(&app, &to, "alice", "alicepass").await;
    let id = id_token_of(&app, &rp, &req, &redirect_to(&answer)).await;
    assert_eq!(id["auth_time"], app.now());
    // And again, right after that sign-in.
    let again = AuthRequest::new("openid").with("max_age", "0");
    to_login(&app, &rp, &again).await;
}

#[tokio::test]
async fn a_malformed_max_age_is_refused_to_the_client() {
    let app = spawn_app().await;
    let rp = register_rp(&app, "public", true).await;
    for max_age in ["-1", "soon", "1.5"] {
        let req = AuthRequest::new("openid").with("max_age", max_age);
        let to = goes_to(&app, &rp, &req).await;
        refused_with(&rp, &req, &app, &to, "invalid_request");
    }
    // Not an error: an unknown prompt value is ignored.
    let req = AuthRequest::new("openid").with("prompt", "select_account");
    let to = goes_to(&app, &rp, &req).await;
    assert!(asks_to_sign_in(&app, &to), "{to}");
}
