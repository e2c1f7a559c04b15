//! What a hostile or unlucky caller cannot do to the server: fill the
//! password-hashing queue, grow `/metrics`, burn CPU on scopes, or turn a
//! database failure into a wrong answer.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::helpers::*;

#[tokio::test]
async fn a_full_password_queue_answers_503_with_retry_after_at_once() {
    // One hashing thread, one waiting place, and a hash slow enough that a
    // burst of logins overlaps.
    let app = spawn_app_with(|s| {
        s.password_hash_concurrency = 1;
        s.password_hash_queue = 1;
        s.argon2_memory_kib = 32 * 1024;
        s.argon2_iterations = 4;
    })
    .await;
    let form = [
        ("grant_type", "password"),
        ("username", "alice"),
        ("password", "alicepass"),
    ];
    let burst = (0..12).map(|_| app.token((DEMO_CLIENT, DEMO_SECRET), &form));
    let answers = futures_util::future::join_all(burst).await;
    let mut ok = 0;
    let mut busy = 0;
    for r in answers {
        match r.status().as_u16() {
            200 => ok += 1,
            503 => {
                assert_eq!(
                    r.headers().get("retry-after").and_then(|v| v.to_str().ok()),
                    Some("1")
                );
                assert_error(r, 503, "temporarily_unavailable").await;
                busy += 1;
            }
            s => panic!("unexpected status {s}"),
        }
    }
    assert!(ok >= 1 && busy >= 1, "ok {ok}, busy {busy}");
    // The queue drains: a login after the burst works.
    app.password_tokens("alice", "alicepass").await;
}

#[tokio::test]
async fn unmatched_paths_do_not_grow_the_metrics() {
    let app = spawn_app().await;
    let big = "x".repeat(70_000);
    for i in 0..3 {
        let r = app
            .http
            .post(app.url(&format!("/api/made-up-{i}")))
            .body(big.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 413);
        let r = app
            .http
            .get(app.url(&format!("/oauth2/nothing-{i}")))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 404);
    }
    let metrics = app
        .http
        .get(app.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!metrics.contains("made-up") && !metrics.contains("nothing-"));
    assert!(metrics.contains(r#"route="unmatched""#));
}

#[tokio::test]
async fn a_scope_of_thousands_of_names_is_refused_quickly() {
    let app = spawn_app().await;
    let scope: Vec<String> = (0..6000).map(|i| format!("s{i}")).collect();
    let scope = scope.join(" ");
    assert!(scope.len() > 30_000);
    let started = Instant::now();
    let r = app
        .token(
            (DEMO_CLIENT, DEMO_SECRET),
            &[("grant_type", "client_credentials"), ("scope", &scope)],
        )
        .await;
    let body = assert_error(r, 400, "invalid_scope").await;
    assert!(started.elapsed() < Duration::from_millis(500));
    assert!(
        body["error_description"]
            .as_str()
            .unwrap()
            .contains("more than 100"),
        "{body}"
    );
}

#[tokio::test]
async fn a_database_failure_is_a_500_never_an_inactive_or_invalid_token() {
    let app = spawn_app().await;
    let token = app.access_token("alice").await;
    app.state.store.close().await;
    let r = app
        .http
        .post(app.url("/oauth2/introspect"))
        .basic_auth(DEMO_CLIENT, Some(DEMO_SECRET))
        .form(&[("token", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_error(r, 500, "server_error").await;
    let r = app
        .post_service("/api/validate-token", &json!({"token": token}))
        .await;
    assert_eq!(r.status(), 500);
    let r = app.get_bearer("/api/profile", &token).await;
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["error"], "server_error");
}
