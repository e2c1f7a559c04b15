//! Bytes that are not UTF-8 and control characters in names.

use reqwest::header::CONTENT_TYPE;
use serde_json::json;

use super::*;
use crate::helpers::*;

#[tokio::test]
async fn non_utf8_bytes_in_bodies_and_headers_are_refused() {
    let app = spawn_app().await;
    let forms: [&[u8]; 3] = [
        b"grant_type=password&username=alice&password=\xff\xfe",
        b"grant_type=password&username=\xc3\x28&password=alicepass",
        b"grant_type=password&username=alice&password=%FF%FE%00",
    ];
    for form in forms {
        let r = app
            .http
            .post(app.url("/oauth2/token"))
            .basic_auth(DEMO_CLIENT, Some(DEMO_SECRET))
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(form.to_vec())
            .send()
            .await
            .unwrap();
        let (status, _) = assert_json_4xx(r, &String::from_utf8_lossy(form)).await;
        assert_eq!(status, 400);
    }
    for (method, path, caller) in body_endpoints(&app).await {
        let body: &[u8] = b"{\"username\": \"ali\xffce\", \"password\": \"\xfe\", \"email\": \"\xff@example.com\", \"name\": \"\xff\"}";
        let r = raw(
            &app,
            method.clone(),
            path,
            &caller,
            Some("application/json"),
            body.to_vec(),
        )
        .await;
        assert_eq!(assert_json_4xx(r, &format!("{method} {path}")).await.0, 400);
        let r = raw(
            &app,
            method.clone(),
            path,
            &caller,
            Some("application/x-www-form-urlencoded"),
            b"username=\xff&email=\xfe&name=\xff".to_vec(),
        )
        .await;
        assert_json_4xx(r, &format!("{method} {path} form")).await;
    }
    // Opaque bytes in credentials are wrong credentials.
    let bad = reqwest::header::HeaderValue::from_bytes(b"sk_\xff\xfe").unwrap();
    let r = app
        .http
        .post(app.url("/api/token/password"))
        .header("X-Service-Key", bad)
        .json(&json!({"username": "alice", "password": "alicepass"}))
        .send()
        .await
        .unwrap();
    assert_error(r, 401, "invalid_service_key").await;
    let bad = reqwest::header::HeaderValue::from_bytes(b"Bearer \xff\xfe").unwrap();
    let r = app
        .http
        .get(app.url("/api/profile"))
        .header("Authorization", bad)
        .send()
        .await
        .unwrap();
    assert_error(r, 401, "invalid_token").await;
    let bad = reqwest::header::HeaderValue::from_bytes(b"Basic \xff\xfe").unwrap();
    let r = app
        .http
        .post(app.url("/oauth2/token"))
        .header("Authorization", bad)
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .unwrap();
    assert_error(r, 401, "invalid_client").await;
    assert_alice_intact(&app).await;
}

#[tokio::test]
async fn control_characters_in_usernames_and_identifiers_are_refused_without_a_server_error() {
    // Fourteen failed logins from one address: throttling is relaxed here.
    let app = spawn_app_with(|s| s.throttle_free_failures = 10_000).await;
    let admin = app.access_token("admin").await;
    let names = [
        "alice\u{0}",
        "ali\u{0}ce",
        "ali\nce",
        "alice\r\n",
        "\u{7f}alice",
        "al\u{1b}[31mice",
        "alice\t",
    ];
    for name in names {
        let r = app
            .token(
                (DEMO_CLIENT, DEMO_SECRET),
                &[
                    ("grant_type", "password"),
                    ("username", name),
                    ("password", "alicepass"),
                ],
            )
            .await;
        assert_error(r, 400, "invalid_grant").await;
        let r = app
            .post_service(
                "/api/token/password/",
                &json!({"username": name, "password": "alicepass"}),
            )
            .await;
        assert_error(r, 400, "invalid_grant").await;

        let r = app
            .http
            .post(app.url("/api/admin/users"))
            .bearer_auth(&admin)
            .json(&json!({"username": name, "email": "", "password": "secretpw", "roles": []}))
            .send()
            .await
            .unwrap();
        assert_error(r, 400, "invalid_request").await;
    }
    // NUL and friends in other identifiers: client ids, refresh tokens,
    // path parameters, service keys.
    let r = app
        .token(
            ("demo\u{0}client", DEMO_SECRET),
            &[("grant_type", "client_credentials")],
        )
        .await;
    assert_error(r, 401, "invalid_client").await;
    let r = app
        .http
        .post(app.url("/oauth2/token"))
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", "demo-client\u{0}"),
            ("client_secret", DEMO_SECRET),
        ])
        .send()
        .await
        .unwrap();
    assert_error(r, 401, "invalid_client").await;
    let r = app
        .token(
            (DEMO_CLIENT, DEMO_SECRET),
            &[
                ("grant_type", "refresh_token"),
                ("refresh_token", "rt_\u{0}x"),
            ],
        )
        .await;
    assert_error(r, 400, "invalid_grant").await;
    for path in [
        "/api/admin/users/a%00b",
        "/api/admin/clients/a%00b",
        "/api/admin/users/%0A",
    ] {
        let r = app.get_bearer(path, &admin).await;
        assert_error(r, 404, "not_found").await;
    }
    let r = app
        .http
        .patch(app.url("/api/admin/roles/a%00b"))
        .bearer_auth(&admin)
        .json(&json!({"description": "x"}))
        .send()
        .await
        .unwrap();
    assert_error(r, 404, "not_found").await;
    let r = app
        .http
        .delete(app.url("/api/admin/service-keys/svc%00demo"))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    assert_error(r, 404, "not_found").await;
    for (field, value) in [
        ("first_name", "A\u{0}"),
        ("last_name", "L\u{7}"),
        ("email", "alice\u{0}@example.com"),
    ] {
        let alice = app.access_token("alice").await;
        let r = app
            .http
            .patch(app.url("/api/profile"))
            .bearer_auth(&alice)
            .json(&json!({ field: value }))
            .send()
            .await
            .unwrap();
        assert_error(r, 400, "invalid_request").await;
    }
    // Text an admin sends that would be stored or looked up.
    let bodies = [
        (
            "/api/admin/roles",
            json!({"name": "ok", "description": "nul\u{0}inside"}),
        ),
        ("/api/admin/roles", json!({"name": "ok\u{0}"})),
        (
            "/api/admin/users",
            json!({"username": "frank", "email": "", "password": "frankpass", "roles": ["user\u{0}"]}),
        ),
        (
            "/api/admin/clients",
            json!({"name": "Nul\u{0}App", "type": "confidential", "grant_types": ["password"]}),
        ),
        (
            "/api/admin/clients",
            json!({"name": "App", "type": "public", "grant_types": ["authorization_code"], "redirect_uris": ["https://app.example.com/cb\u{0}"]}),
        ),
        ("/api/admin/service-keys", json!({"name": "Nul\u{0}Key"})),
        (
            "/api/admin/service-keys",
            json!({"name": "Key", "scope": "openid\u{0}"}),
        ),
    ];
    for (path, body) in bodies {
        let r = app
            .http
            .post(app.url(path))
            .bearer_auth(&admin)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_error(r, 400, "invalid_request").await;
    }
    let r = app
        .http
        .patch(app.url("/api/admin/roles/user"))
        .bearer_auth(&admin)
        .json(&json!({"description": "nul\u{0}inside"}))
        .send()
        .await
        .unwrap();
    assert_error(r, 400, "invalid_request").await;
    assert_alice_intact(&app).await;
}
