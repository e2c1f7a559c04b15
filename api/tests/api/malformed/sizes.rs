//! Bodies, passwords, scopes and usernames over the limits.

use reqwest::header::CONTENT_TYPE;
use serde_json::{Value, json};

use super::*;
use crate::helpers::*;

#[tokio::test]
async fn a_one_megabyte_password_is_413_request_too_large() {
    let app = spawn_app().await;
    let huge = "p".repeat(1 << 20);
    let r = app
        .token(
            (DEMO_CLIENT, DEMO_SECRET),
            &[
                ("grant_type", "password"),
                ("username", "alice"),
                ("password", &huge),
            ],
        )
        .await;
    let (status, b) = assert_json_4xx(r, "/oauth2/token").await;
    assert_eq!(
        (status, b["error"].as_str()),
        (413, Some("request_too_large")),
        "{b}"
    );

    let r = app
        .post_service(
            "/api/token/password/",
            &json!({"username": "alice", "password": huge}),
        )
        .await;
    let (status, b) = assert_json_4xx(r, "/api/token/password/").await;
    assert_eq!(
        (status, b["error"].as_str()),
        (413, Some("request_too_large")),
        "{b}"
    );

    let admin = app.access_token("admin").await;
    let r = app
        .http
        .post(app.url("/api/admin/users"))
        .bearer_auth(&admin)
        .json(&json!({"username": "huge", "email": "", "password": huge, "roles": []}))
        .send()
        .await
        .unwrap();
    let (status, _) = assert_json_4xx(r, "/api/admin/users").await;
    assert_eq!(status, 413);
    let alice = app.access_token("alice").await;
    let r = app
        .http
        .patch(app.url("/api/profile"))
        .bearer_auth(&alice)
        .json(&json!({"first_name": huge}))
        .send()
        .await
        .unwrap();
    assert_eq!(assert_json_4xx(r, "/api/profile").await.0, 413);
    // Under the limit but over the field's own limit: a plain 400.
    let long = "p".repeat(2000);
    let r = app
        .http
        .post(app.url("/api/admin/users"))
        .bearer_auth(&admin)
        .json(&json!({"username": "long", "email": "", "password": long, "roles": []}))
        .send()
        .await
        .unwrap();
    assert_error(r, 400, "invalid_request").await;
    assert_alice_intact(&app).await;
}

fn chunked(total: usize, chunk: usize) -> reqwest::Body {
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> = (0..total.div_ceil(chunk))
        .map(|_| Ok(vec![b'a'; chunk]))
        .collect();
    reqwest::Body::wrap_stream(futures_util::stream::iter(chunks))
}

#[tokio::test]
async fn a_chunked_body_over_the_limit_is_413_and_a_small_one_is_read() {
    let app = spawn_app().await;
    for path in ["/oauth2/token", "/api/token/password/"] {
        let r = app
            .http
            .post(app.url(path))
            .basic_auth(DEMO_CLIENT, Some(DEMO_SECRET))
            .header("X-Service-Key", SERVICE_KEY)
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(chunked(1 << 20, 16 * 1024))
            .send()
            .await
            .unwrap();
        assert!(r.headers().get("content-length").is_none_or(|v| v != "0"));
        let (status, b) = assert_json_4xx(r, path).await;
        assert_eq!(
            (status, b["error"].as_str()),
            (413, Some("request_too_large")),
            "{path}: {b}"
        );
    }
    // A chunked form under the limit is an ordinary request.
    let form = b"grant_type=password&username=alice&password=alicepass".to_vec();
    let parts: Vec<Result<Vec<u8>, std::io::Error>> =
        form.chunks(7).map(|c| Ok(c.to_vec())).collect();
    let r = app
        .http
        .post(app.url("/oauth2/token"))
        .basic_auth(DEMO_CLIENT, Some(DEMO_SECRET))
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(reqwest::Body::wrap_stream(futures_util::stream::iter(
            parts,
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "a small chunked form is accepted");
    assert_alice_intact(&app).await;
}

#[tokio::test]
async fn a_ten_kilobyte_scope_or_username_is_refused() {
    let app = spawn_app().await;
    let one_long_token = format!("openid {}", "x".repeat(10 * 1024));
    let many_unknown: String = (0..2500)
        .map(|i| format!("s{i}"))
        .collect::<Vec<_>>()
        .join(" ");
    assert!(many_unknown.len() > 10 * 1024);
    for s in [one_long_token.as_str(), many_unknown.as_str()] {
        for grant in ["password", "client_credentials"] {
            let r = app
                .token(
                    (DEMO_CLIENT, DEMO_SECRET),
                    &[
                        ("grant_type", grant),
                        ("username", "alice"),
                        ("password", "alicepass"),
                        ("scope", s),
                    ],
                )
                .await;
            let (status, b) = assert_json_4xx(r, grant).await;
            assert_eq!(
                (status, b["error"].as_str()),
                (400, Some("invalid_scope")),
                "{b}"
            );
            assert!(
                b.to_string().len() < 2048,
                "the description does not echo the scope: {b}"
            );
        }
        let r = app
            .post_service(
                "/api/token/password",
                &json!({"username": "alice", "password": "alicepass", "scope": s}),
            )
            .await;
        assert_error(r, 400, "invalid_scope").await;
    }
    // 10 kB of one valid scope repeated is that scope, once.
    let repeated = vec!["profile"; 1500].join(" ");
    let r = app
        .token(
            (DEMO_CLIENT, DEMO_SECRET),
            &[
                ("grant_type", "password"),
                ("username", "alice"),
                ("password", "alicepass"),
                ("scope", &repeated),
            ],
        )
        .await;
    assert_eq!(r.status(), 200);
    let t: Value = r.json().await.unwrap();
    assert_eq!(t["scope"], "profile");
    let long_name = "a".repeat(10 * 1024);
    let r = app
        .token(
            (DEMO_CLIENT, DEMO_SECRET),
            &[
                ("grant_type", "password"),
                ("username", &long_name),
                ("password", "alicepass"),
            ],
        )
        .await;
    assert_error(r, 400, "invalid_grant").await;
    let admin = app.access_token("admin").await;
    let r = app
        .http
        .post(app.url("/api/admin/users"))
        .bearer_auth(&admin)
        .json(&json!({"username": long_name, "email": "", "password": "x", "roles": []}))
        .send()
        .await
        .unwrap();
    assert_error(r, 400, "invalid_request").await;
    assert_alice_intact(&app).await;
}
