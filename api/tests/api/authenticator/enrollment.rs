//! Starting and confirming an enrollment, and who may.

use base64::Engine;
use reqwest::Method;
use serde_json::json;

use super::*;

#[tokio::test]
async fn enrollment_gives_a_base32_secret_its_otpauth_uri_and_a_png_qr_code() {
    let app = spawn_app().await;
    let token = app.access_token("alice").await;
    let e = start(&app, &token).await;
    let secret = e["secret"].as_str().unwrap();
    assert_eq!(secret.len(), 32, "160 bits in base32: {secret}");
    assert!(
        secret
            .chars()
            .all(|c| c.is_ascii_uppercase() || ('2'..='7').contains(&c)),
        "{secret}"
    );
    let uri = e["otpauth_uri"].as_str().unwrap();
    assert_eq!(
        uri,
        format!("otpauth://totp/127.0.0.1:alice?secret={secret}&issuer=127.0.0.1"),
        "the issuer is the host of ISSUER"
    );
    let png = e["qr_png"]
        .as_str()
        .unwrap()
        .strip_prefix("data:image/png;base64,")
        .expect("a PNG data URL");
    let png = base64::engine::general_purpose::STANDARD
        .decode(png)
        .unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");

    // Not active until confirmed: logins go on without a code.
    assert_eq!(
        status(&app, &token).await,
        json!({"enabled": false, "pending": true})
    );
    assert_eq!(grant(&app, "alice", "alicepass", None).await.status(), 200);
}

#[tokio::test]
async fn a_wrong_confirmation_code_is_invalid_otp_and_activates_nothing() {
    let app = spawn_app().await;
    let token = app.access_token("alice").await;
    let r = confirm(&app, &token, "123456").await;
    let body = assert_error(r, 400, "invalid_request").await;
    assert!(
        body["error_description"]
            .as_str()
            .unwrap()
            .contains("no authenticator enrollment is pending"),
        "{body}"
    );

    let secret = start(&app, &token).await["secret"]
        .as_str()
        .unwrap()
        .to_string();
    let r = confirm(&app, &token, &wrong_code(&secret, app.now())).await;
    assert_error(r, 400, "invalid_otp").await;
    let r = call(&app, Method::POST, CONFIRM, &token, Some(json!({}))).await;
    assert_error(r, 400, "invalid_request").await;
    assert_eq!(status(&app, &token).await["enabled"], false);
    assert_eq!(grant(&app, "alice", "alicepass", None).await.status(), 200);
}

#[tokio::test]
async fn the_right_code_activates_it_as_a_form_or_json() {
    let app = spawn_app().await;
    let token = app.access_token("alice").await;
    let secret = start(&app, &token).await["secret"]
        .as_str()
        .unwrap()
        .to_string();
    let r = app
        .http
        .post(app.url("/api/account/authenticator/confirm/"))
        .bearer_auth(&token)
        .form(&[("otp", code(&secret, app.now()))])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.json::<Value>().await.unwrap(), json!({"enabled": true}));
    let s = status(&app, &token).await;
    assert_eq!(s["enabled"], true);
    assert_eq!(s["pending"], false);
    assert_eq!(s["enabled_at"], app.now());
    let r = grant(&app, "alice", "alicepass", None).await;
    assert_error(r, 400, "otp_required").await;
}

#[tokio::test]
async fn restarting_enrollment_keeps_the_active_authenticator_until_the_new_one_is_confirmed() {
    let app = spawn_app().await;
    let (old, token) = enable(&app, "alice").await;
    let new = start(&app, &token).await["secret"]
        .as_str()
        .unwrap()
        .to_string();
    assert_ne!(old, new);
    assert_eq!(status(&app, &token).await["enabled"], true, "still active");
    let r = grant(&app, "alice", "alicepass", Some(&code(&new, app.now()))).await;
    assert_error(r, 400, "invalid_grant").await;
    let r = grant(&app, "alice", "alicepass", Some(&code(&old, app.now()))).await;
    assert_eq!(r.status(), 200, "the old authenticator still works");

    app.clock.advance(30);
    let r = confirm(&app, &token, &code(&new, app.now())).await;
    assert_eq!(r.status(), 200);
    app.clock.advance(30);
    let r = grant(&app, "alice", "alicepass", Some(&code(&old, app.now()))).await;
    assert_error(r, 400, "invalid_grant").await;
    let r = grant(&app, "alice", "alicepass", Some(&code(&new, app.now()))).await;
    assert_eq!(r.status(), 200, "the new one replaced it");
}

#[tokio::test]
async fn the_account_api_needs_a_token_with_the_account_scope() {
    let app = spawn_app().await;
    let r = app
        .token(
            (DEMO_CLIENT, DEMO_SECRET),
            &[
                ("grant_type", "password"),
                ("username", "alice"),
                ("password", "alicepass"),
                ("scope", "openid profile"),
            ],
        )
        .await;
    let narrow: Value = r.json().await.unwrap();
    let narrow = narrow["access_token"].as_str().unwrap();
    for (method, path, body) in [
        (Method::GET, PATH, None),
        (Method::POST, PATH, None),
        (Method::POST, CONFIRM, Some(json!({"otp": "123456"}))),
        (Method::DELETE, PATH, Some(json!({"password": "alicepass"}))),
    ] {
        let r = call(&app, method.clone(), path, narrow, body).await;
        let body = assert_error(r, 403, "insufficient_scope").await;
        assert!(
            body["error_description"]
                .as_str()
                .unwrap()
                .contains("account"),
            "{method} {path}: {body}"
        );
    }
    // Refused before the body is read.
    let r = app
        .http
        .post(app.url(CONFIRM))
        .bearer_auth(narrow)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_error(r, 403, "insufficient_scope").await;
    let r = app.http.post(app.url(PATH)).send().await.unwrap();
    assert_error(r, 401, "invalid_token").await;
    assert_eq!(
        app.sql_scalar("SELECT COUNT(*) FROM users WHERE totp_pending_secret IS NOT NULL")
            .await,
        0
    );
}
