//! Notification mails: a new app signed in on the user's behalf (the first
//! time only), an authenticator added or removed, a session ended by a
//! reused refresh token; each can be turned off.

use std::time::Duration;

use auth_server::config::Secret;
use serde_json::{Value, json};

use crate::helpers::*;
use crate::support::smtp::SmtpServer;

const WAIT: Duration = Duration::from_secs(10);

async fn subjects_to(smtp: &SmtpServer, to: &str) -> Vec<String> {
    smtp.received()
        .iter()
        .filter(|m| m.envelope_to.iter().any(|t| t == to))
        .map(|m| m.parsed().subject)
        .collect()
}

#[tokio::test]
async fn the_first_tokens_for_an_app_are_announced_once() {
    let smtp = SmtpServer::start().await;
    let url = smtp.url();
    let app = spawn_app_with(move |s| s.smtp_url = Some(Secret::new(url))).await;
    app.password_tokens("alice", "alicepass").await;
    let mails = smtp.wait_for(1, WAIT).await;
    let p = mails[0].parsed();
    assert_eq!(p.to, "alice@example.com");
    assert!(p.text.contains("Demo client"), "{}", p.text);
    // Again, and through a refresh: no new mail.
    let t = app.password_tokens("alice", "alicepass").await;
    app.refresh(t["refresh_token"].as_str().unwrap()).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(subjects_to(&smtp, "alice@example.com").await.len(), 1);
    // Another app is news again.
    app.post_service(
        "/api/token/password",
        &json!({"username": "alice", "password": "alicepass"}),
    )
    .await;
    let mails = smtp.wait_for(2, WAIT).await;
    assert!(mails[1].parsed().text.contains("Demo integrator"));
}

#[tokio::test]
async fn a_reused_refresh_token_that_ends_a_session_is_announced() {
    let smtp = SmtpServer::start().await;
    let url = smtp.url();
    let app = spawn_app_with(move |s| {
        s.smtp_url = Some(Secret::new(url));
        s.notify_new_app = false;
    })
    .await;
    let t = app.password_tokens("alice", "alicepass").await;
    let rt = t["refresh_token"].as_str().unwrap();
    assert_eq!(app.refresh(rt).await.status(), 200);
    assert_eq!(app.refresh(rt).await.status(), 400);
    let mails = smtp.wait_for(1, WAIT).await;
    assert_eq!(
        mails.len(),
        1,
        "only the session mail: new-app mails are off"
    );
    let p = mails[0].parsed();
    assert_eq!(p.to, "alice@example.com");
    assert_eq!(p.subject, "A session of Demo client was signed out");
    assert!(p.text.contains("Demo client"), "{}", p.text);
    // Nothing else was queued (the new-app mail is off).
    assert_eq!(app.sql_scalar("SELECT COUNT(*) FROM mail_outbox").await, 1);
}

#[tokio::test]
async fn adding_and_removing_an_authenticator_are_announced() {
    let smtp = SmtpServer::start().await;
    let url = smtp.url();
    let app = spawn_app_with(move |s| {
        s.smtp_url = Some(Secret::new(url));
        s.notify_new_app = false;
    })
    .await;
    let alice = app.access_token("alice").await;
    let enrol: Value = app
        .http
        .post(app.url("/api/account/authenticator"))
        .bearer_auth(&alice)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let secret = enrol["secret"].as_str().unwrap();
    let code = crate::authenticator::code(secret, app.now());
    let r = app
        .http
        .post(app.url("/api/account/authenticator/confirm"))
        .bearer_auth(&alice)
        .json(&json!({"otp": code}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let added = smtp.wait_for(1, WAIT).await[0].parsed();
    let r = app
        .http
        .delete(app.url("/api/account/authenticator"))
        .bearer_auth(&alice)
        .json(&json!({"password": "alicepass"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    let removed = smtp.wait_for(2, WAIT).await[1].parsed();
    assert_ne!(added.subject, removed.subject);
    assert!(!added.text.contains(secret), "no secret in the mail");
    for p in [&added, &removed] {
        assert_eq!(p.to, "alice@example.com");
    }
}

#[tokio::test]
async fn turned_off_notifications_send_nothing() {
    let smtp = SmtpServer::start().await;
    let url = smtp.url();
    let app = spawn_app_with(move |s| {
        s.smtp_url = Some(Secret::new(url));
        s.notify_new_app = false;
        s.notify_session_revoked = false;
    })
    .await;
    let t = app.password_tokens("alice", "alicepass").await;
    let rt = t["refresh_token"].as_str().unwrap();
    assert_eq!(app.refresh(rt).await.status(), 200);
    // A reuse that ends the session: announced when turned on, not here.
    assert_eq!(app.refresh(rt).await.status(), 400);
    assert_eq!(app.sql_scalar("SELECT COUNT(*) FROM mail_outbox").await, 0);
    tokio::time::sleep(Duration::from_millis(700)).await;
    assert!(smtp.received().is_empty());
}
