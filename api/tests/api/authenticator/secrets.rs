//! The secret is shown once, at enrollment: never in the audit log or the
//! logs, and sealed at rest when a key-encryption key is set.

use std::io;
use std::sync::{Arc, Mutex};

use auth_server::config::KeyEncryptionKey;
use base64::Engine;
use reqwest::Method;
use serde_json::json;

use super::*;

/// Every spelling of the secret that could leak: base32 (either case),
/// base64 and hex of its bytes.
fn spellings(secret: &str) -> Vec<String> {
    let bytes = Secret::Encoded(secret.to_string()).to_bytes().unwrap();
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    vec![
        secret.to_string(),
        secret.to_lowercase(),
        base64::engine::general_purpose::STANDARD.encode(&bytes),
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&bytes),
        hex,
    ]
}

/// Log output collected in memory.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Captured {
    type Writer = Captured;
    fn make_writer(&'a self) -> Captured {
        self.clone()
    }
}

#[tokio::test]
async fn the_secret_never_appears_in_the_audit_log_or_the_logs() {
    // The test's runtime has one thread, which runs the server too: every
    // log line of the server goes to this thread's subscriber.
    let logs = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(logs.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    // With one dispatcher registered, tracing-core takes it for the global
    // one and caches a log line as disabled when another test's thread
    // (which has no subscriber) reaches it first. A second, idle
    // dispatcher makes it ask every dispatcher instead.
    let _idle = tracing::Dispatch::new(tracing::subscriber::NoSubscriber::default());

    let app = spawn_app().await;
    let token = app.access_token("alice").await;
    let secret = start(&app, &token).await["secret"]
        .as_str()
        .unwrap()
        .to_string();
    let r = confirm(&app, &token, &wrong_code(&secret, app.now())).await;
    assert_error(r, 400, "invalid_otp").await;
    let r = confirm(&app, &token, &code(&secret, app.now())).await;
    assert_eq!(r.status(), 200);
    app.clock.advance(30);
    let r = grant(
        &app,
        "alice",
        "alicepass",
        Some(&wrong_code(&secret, app.now())),
    )
    .await;
    assert_error(r, 400, "invalid_grant").await;
    let c = code(&secret, app.now());
    assert_eq!(
        integrator(&app, "alice", "alicepass", Some(&c))
            .await
            .status(),
        200
    );
    let r = grant(&app, "alice", "alicepass", Some(&c)).await;
    assert_error(r, 400, "invalid_grant").await;
    let stored = app
        .sql_texts("SELECT totp_secret FROM users WHERE username = 'alice'")
        .await;
    let r = call(
        &app,
        Method::DELETE,
        PATH,
        &token,
        Some(json!({"password": "alicepass"})),
    )
    .await;
    assert_eq!(r.status(), 204);
    app.state.audit.flush().await;

    // Without a key-encryption key the secret is stored plain (but not as
    // the base32 the user saw).
    let stored = stored[0].clone().unwrap();
    assert!(stored.starts_with("plain:"), "{stored}");

    let events: Vec<String> = app
        .sql_texts("SELECT event FROM audit_log ORDER BY id")
        .await
        .into_iter()
        .flatten()
        .collect();
    for event in [
        "authenticator.enrollment_started",
        "authenticator.added",
        "login.failed",
        "authenticator.removed",
    ] {
        assert!(events.iter().any(|e| e == event), "{event} in {events:?}");
    }
    let audit: Vec<String> = app
        .sql_texts(
            "SELECT event || ' ' || actor || ' ' || COALESCE(user_id, '') || ' ' || \
             COALESCE(client_id, '') || ' ' || detail FROM audit_log",
        )
        .await
        .into_iter()
        .flatten()
        .collect();
    let audit = audit.join("\n");
    let logs = String::from_utf8_lossy(&logs.0.lock().unwrap()).into_owned();
    assert!(
        logs.contains("authenticator added"),
        "the logs were captured"
    );
    for s in spellings(&secret) {
        assert!(!audit.contains(&s), "the audit log holds the secret");
        assert!(!logs.contains(&s), "the logs hold the secret");
    }
    assert!(!logs.contains(&c), "the logs hold a code");
}

#[tokio::test]
async fn with_a_key_encryption_key_the_stored_secret_is_sealed() {
    let app = spawn_app_with(|s| s.key_encryption_key = Some(KeyEncryptionKey([7u8; 32]))).await;
    let token = app.access_token("alice").await;
    let secret = start(&app, &token).await["secret"]
        .as_str()
        .unwrap()
        .to_string();
    let pending = app
        .sql_texts("SELECT totp_pending_secret FROM users WHERE username = 'alice'")
        .await[0]
        .clone()
        .unwrap();
    assert!(pending.starts_with("v1:"), "{pending}");
    let r = confirm(&app, &token, &code(&secret, app.now())).await;
    assert_eq!(r.status(), 200);
    let active = app
        .sql_texts("SELECT totp_secret FROM users WHERE username = 'alice'")
        .await[0]
        .clone()
        .unwrap();
    assert_eq!(active, pending, "the pending secret became the active one");
    assert!(active.starts_with("v1:"), "{active}");
    for s in spellings(&secret) {
        assert!(!active.contains(&s), "the stored secret is sealed");
    }
    // And it still opens: logins with its codes work.
    app.clock.advance(30);
    let r = grant(&app, "alice", "alicepass", Some(&code(&secret, app.now()))).await;
    assert_eq!(r.status(), 200);
}
