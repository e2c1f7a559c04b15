//! A user with an authenticator signs in through the interaction API in
//! three steps, login → otp → consent, and the ID token says so (`amr`
//! `pwd otp`, `acr` 2).

use serde_json::{Value, json};

use super::id_token::verified_id_token;
use super::*;
use crate::authenticator::{code, enable, wrong_code};

#[tokio::test]
async fn an_enrolled_user_goes_from_login_to_otp_to_consent_and_the_id_token_says_otp() {
    let app = spawn_app().await;
    let (secret, _) = enable(&app, "alice").await;
    let rp = register_rp(&app, "confidential", false).await;
    let req = AuthRequest::new("openid profile");
    let to = location(&authorize(&app, &rp, &req).await);
    let (view, answer) = login(&app, &to, "alice", "alicepass").await;
    assert_eq!(answer, json!({"next": "otp"}));
    let now = read_interaction(&app, &to).await;
    assert_eq!(now["next"], "otp");
    assert_eq!(now["username"], "alice");

    // The password alone is no session: a new request asks to sign in.
    let other = AuthRequest::new("openid").with("prompt", "none");
    let back = location(&authorize(&app, &rp, &other).await);
    assert_eq!(param(&back, "error").as_deref(), Some("login_required"));

    // Skipping the code is refused; a wrong code too.
    let r = step(&app, &view, "consent", json!({"scopes": ["openid"]})).await;
    assert_error(r, 400, "invalid_request").await;
    let r = step(
        &app,
        &view,
        "otp",
        json!({"otp": wrong_code(&secret, app.now())}),
    )
    .await;
    assert_error(r, 400, "invalid_otp").await;
    assert_eq!(read_interaction(&app, &to).await["next"], "otp");

    let r = step(&app, &view, "otp", json!({"otp": code(&secret, app.now())})).await;
    assert_eq!(r.status(), 200);
    assert!(
        r.headers()
            .get_all("set-cookie")
            .iter()
            .any(|c| c.to_str().unwrap().starts_with("auth_session=")),
        "the second factor completes the sign-in"
    );
    let answer: Value = r.json().await.unwrap();
    assert_eq!(answer, json!({"next": "consent"}));
    let back = consent(&app, &view, &["openid", "profile"], json!({})).await;
    let code = code_of(&rp, &back);
    let r = exchange(&app, &rp, &code, Some(&req.pkce.as_ref().unwrap().verifier)).await;
    assert_eq!(r.status(), 200);
    let t: Value = r.json().await.unwrap();
    let id = verified_id_token(&app, t["id_token"].as_str().unwrap(), &rp.client_id).await;
    assert_eq!(id["amr"], json!(["pwd", "otp"]));
    assert_eq!(id["acr"], "2");

    // The session remembers how the user signed in.
    let again = AuthRequest::new("openid profile");
    let back = location(&authorize(&app, &rp, &again).await);
    let code = code_of(&rp, &back);
    let r = exchange(&app, &rp, &code, Some(&again.pkce.unwrap().verifier)).await;
    let t: Value = r.json().await.unwrap();
    let id = verified_id_token(&app, t["id_token"].as_str().unwrap(), &rp.client_id).await;
    assert_eq!(id["amr"], json!(["pwd", "otp"]));
    assert_eq!(id["acr"], "2");
}

#[tokio::test]
async fn a_code_used_once_is_refused_at_the_next_sign_in_in_the_same_step() {
    let app = spawn_app().await;
    let (secret, _) = enable(&app, "alice").await;
    let rp = register_rp(&app, "confidential", true).await;
    let now = code(&secret, app.now());

    let req = AuthRequest::new("openid").with("prompt", "login");
    let to = location(&authorize(&app, &rp, &req).await);
    let (view, _) = login(&app, &to, "alice", "alicepass").await;
    let r = step(&app, &view, "otp", json!({"otp": now})).await;
    assert_eq!(r.status(), 200);
    let answer: Value = r.json().await.unwrap();
    code_of(&rp, &redirect_to(&answer));

    // A second sign-in within the same 30 s: the same code is a replay.
    let req = AuthRequest::new("openid").with("prompt", "login");
    let to = location(&authorize(&app, &rp, &req).await);
    let (view, answer) = login(&app, &to, "alice", "alicepass").await;
    assert_eq!(answer, json!({"next": "otp"}));
    let r = step(&app, &view, "otp", json!({"otp": now})).await;
    assert_error(r, 400, "invalid_otp").await;
    app.clock.advance(30);
    let r = step(&app, &view, "otp", json!({"otp": code(&secret, app.now())})).await;
    assert_eq!(r.status(), 200);
    let answer: Value = r.json().await.unwrap();
    code_of(&rp, &redirect_to(&answer));
}

#[tokio::test]
async fn a_user_without_an_authenticator_goes_from_login_straight_to_consent() {
    let app = spawn_app().await;
    enable(&app, "admin").await;
    let rp = register_rp(&app, "confidential", false).await;
    let to = location(&authorize(&app, &rp, &AuthRequest::new("openid")).await);
    let (view, answer) = login(&app, &to, "alice", "alicepass").await;
    assert_eq!(answer, json!({"next": "consent"}));
    // No otp step to take.
    let r = step(&app, &view, "otp", json!({"otp": "123456"})).await;
    assert_error(r, 400, "invalid_request").await;
}
