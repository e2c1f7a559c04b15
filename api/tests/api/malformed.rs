//! Bad input of every kind: each answer is a 4xx JSON error with `error` and
//! `error_description`, never a 5xx, and nothing stored is lost.

use reqwest::Method;
use reqwest::header::CONTENT_TYPE;
use serde_json::{Value, json};

use crate::helpers::*;

/// A 4xx JSON error body with both fields; answers (status, body).
async fn assert_json_4xx(r: reqwest::Response, what: &str) -> (u16, Value) {
    let status = r.status().as_u16();
    assert!((400..500).contains(&status), "{what}: status {status}");
    let ct = r
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    assert!(
        ct.starts_with("application/json"),
        "{what}: content type {ct:?}"
    );
    let text = r.text().await.unwrap();
    let body: Value =
        serde_json::from_str(&text).unwrap_or_else(|_| panic!("{what}: not JSON: {text}"));
    assert!(
        body["error"].as_str().is_some_and(|e| !e.is_empty()),
        "{what}: {body}"
    );
    assert!(
        body["error_description"]
            .as_str()
            .is_some_and(|e| !e.is_empty()),
        "{what}: {body}"
    );
    (status, body)
}

/// Alice can still sign in, and her profile is as seeded.
async fn assert_alice_intact(app: &TestApp) {
    let token = app.access_token("alice").await;
    let r = app.get_bearer("/api/profile", &token).await;
    assert_eq!(r.status(), 200);
    let p: Value = r.json().await.unwrap();
    assert_eq!(
        p,
        json!({"username": "alice", "email": "alice@example.com", "first_name": "Alice", "last_name": "Liddell", "roles": ["user"]})
    );
    let r = app
        .post_service(
            "/api/token/password/",
            &json!({"username": "alice", "password": "alicepass"}),
        )
        .await;
    assert_eq!(
        r.status(),
        200,
        "alice signs in through the service key too"
    );
}

/// What a JSON-accepting endpoint needs besides the body.
enum Caller {
    ServiceKey,
    Bearer(String),
}

async fn raw(
    app: &TestApp,
    method: Method,
    path: &str,
    caller: &Caller,
    content_type: Option<&str>,
    body: impl Into<reqwest::Body>,
) -> reqwest::Response {
    let mut req = app.http.request(method, app.url(path));
    req = match caller {
        Caller::ServiceKey => req.header("X-Service-Key", SERVICE_KEY),
        Caller::Bearer(t) => req.bearer_auth(t),
    };
    if let Some(ct) = content_type {
        req = req.header(CONTENT_TYPE, ct);
    }
    req.body(body).send().await.expect("request")
}

/// Endpoints that take a body, with their caller.
async fn body_endpoints(app: &TestApp) -> Vec<(Method, &'static str, Caller)> {
    let alice = app.access_token("alice").await;
    let admin = app.access_token("admin").await;
    vec![
        (Method::POST, "/api/token/password/", Caller::ServiceKey),
        (Method::POST, "/api/token/refresh/", Caller::ServiceKey),
        (Method::POST, "/api/validate-token/", Caller::ServiceKey),
        (
            Method::PATCH,
            "/api/profile/",
            Caller::Bearer(alice.clone()),
        ),
        (Method::PUT, "/api/profile", Caller::Bearer(alice)),
        (
            Method::POST,
            "/api/admin/users",
            Caller::Bearer(admin.clone()),
        ),
        (
            Method::POST,
            "/api/admin/clients",
            Caller::Bearer(admin.clone()),
        ),
        (
            Method::POST,
            "/api/admin/service-keys",
            Caller::Bearer(admin.clone()),
        ),
        (Method::POST, "/api/admin/roles", Caller::Bearer(admin)),
    ]
}

#[tokio::test]
async fn malformed_json_is_a_400_json_error_everywhere() {
    let app = spawn_app().await;
    for (method, path, caller) in body_endpoints(&app).await {
        for body in [
            r#"{"username": "#,
            "{",
            r#"{"username": "alice",}"#,
            "nonsense",
        ] {
            let r = raw(
                &app,
                method.clone(),
                path,
                &caller,
                Some("application/json"),
                body,
            )
            .await;
            let (status, b) = assert_json_4xx(r, &format!("{method} {path} {body:?}")).await;
            assert_eq!(
                (status, b["error"].as_str()),
                (400, Some("invalid_request")),
                "{method} {path}: {b}"
            );
        }
    }
    assert_alice_intact(&app).await;
}

#[tokio::test]
async fn json_of_the_wrong_types_is_refused_without_echoing_the_values() {
    let app = spawn_app().await;
    // Numbers where strings belong are read as their digits (poem-openapi
    // does so), so this is a wrong password, and the answer does not
    // repeat it.
    let r = app
        .post_service(
            "/api/token/password/",
            &json!({"username": 5, "password": 123456}),
        )
        .await;
    let b = assert_error(r, 400, "invalid_grant").await;
    assert!(!b.to_string().contains("123456"), "{b}");
    let r = app
        .post_service(
            "/api/token/password/",
            &json!({"username": "alice", "password": 123456}),
        )
        .await;
    let b = assert_error(r, 400, "invalid_grant").await;
    assert!(!b.to_string().contains("123456"), "{b}");

    // Arrays, objects and bare values cannot be read as strings or as the
    // request object.
    let wrong = json!({
        "username": [123456], "password": {"secret": 123456}, "email": [123456],
        "first_name": {"x": 123456}, "name": [123456], "token": [123456],
        "refresh_token": {"v": 123456}, "type": [123456], "grant_types": 123456,
        "description": [123456],
    });
    for (method, path, caller) in body_endpoints(&app).await {
        for body in [
            wrong.clone(),
            json!({"username": "alice", "password": [123456]}),
            json!([123456]),
            json!("123456"),
            json!(123456),
        ] {
            let r = raw(
                &app,
                method.clone(),
                path,
                &caller,
                Some("application/json"),
                body.to_string(),
            )
            .await;
            let what = format!("{method} {path} {body}");
            if path.starts_with("/api/profile") && body.get("email").is_none() && body.is_object() {
                // Only unknown fields for the profile: nothing to change.
                assert_eq!(r.status(), 200, "{what}");
                continue;
            }
            let (status, b) = assert_json_4xx(r, &what).await;
            assert_eq!(
                (status, b["error"].as_str()),
                (400, Some("invalid_request")),
                "{what}: {b}"
            );
            assert!(
                !b.to_string().contains("123456"),
                "{what}: the value is echoed: {b}"
            );
        }
    }
    assert_alice_intact(&app).await;
}

#[tokio::test]
async fn a_body_of_the_wrong_content_type_is_refused() {
    let app = spawn_app().await;
    // The token, revocation and introspection endpoints take forms only
    // (RFC 6749 §3.2, RFC 7009 §2.1, RFC 7662 §2.1).
    for path in ["/oauth2/token", "/oauth2/revoke", "/oauth2/introspect"] {
        let bodies = [
            (
                "application/json",
                r#"{"grant_type": "password", "username": "alice", "password": "alicepass", "token": "x"}"#,
            ),
            (
                "text/plain",
                "grant_type=password&username=alice&password=alicepass&token=x",
            ),
            ("application/xml", "<grant_type>password</grant_type>"),
        ];
        for (ct, body) in bodies {
            let r = app
                .http
                .post(app.url(path))
                .basic_auth(DEMO_CLIENT, Some(DEMO_SECRET))
                .header(CONTENT_TYPE, ct)
                .body(body)
                .send()
                .await
                .unwrap();
            let (status, b) = assert_json_4xx(r, &format!("{path} {ct}")).await;
            assert_eq!(
                (status, b["error"].as_str()),
                (400, Some("invalid_request")),
                "{path} {ct}: {b}"
            );
        }
    }
    // The JSON-or-form endpoints refuse anything else.
    for (method, path, caller) in body_endpoints(&app).await {
        for ct in [
            "text/plain",
            "application/xml",
            "multipart/form-data; boundary=x",
        ] {
            let r = raw(
                &app,
                method.clone(),
                path,
                &caller,
                Some(ct),
                r#"{"username": "alice", "password": "alicepass"}"#,
            )
            .await;
            assert_json_4xx(r, &format!("{method} {path} {ct}")).await;
        }
    }
    assert_alice_intact(&app).await;
}

#[tokio::test]
async fn a_form_sent_to_a_json_only_admin_endpoint_is_refused_and_nothing_is_created() {
    let app = spawn_app().await;
    let admin = app.access_token("admin").await;
    let cases = [
        (
            "/api/admin/users",
            "username=eve&email=eve%40example.com&password=evepass",
        ),
        (
            "/api/admin/clients",
            "name=Eve&type=confidential&grant_types=password",
        ),
        ("/api/admin/service-keys", "name=Eve"),
        ("/api/admin/roles", "name=eve"),
    ];
    for (path, form) in cases {
        let r = raw(
            &app,
            Method::POST,
            path,
            &Caller::Bearer(admin.clone()),
            Some("application/x-www-form-urlencoded"),
            form,
        )
        .await;
        assert_json_4xx(r, path).await;
    }
    for path in [
        "/api/admin/users",
        "/api/admin/clients",
        "/api/admin/service-keys",
        "/api/admin/roles",
    ] {
        let listed = app.get_bearer(path, &admin).await.text().await.unwrap();
        assert!(!listed.to_lowercase().contains("eve"), "{path}: {listed}");
    }
    let r = app
        .token(
            (DEMO_CLIENT, DEMO_SECRET),
            &[
                ("grant_type", "password"),
                ("username", "eve"),
                ("password", "evepass"),
            ],
        )
        .await;
    assert_error(r, 400, "invalid_grant").await;
    assert_alice_intact(&app).await;
}

#[tokio::test]
async fn an_empty_body_is_refused() {
    let app = spawn_app().await;
    for (method, path, caller) in body_endpoints(&app).await {
        for ct in [
            None,
            Some("application/json"),
            Some("application/x-www-form-urlencoded"),
        ] {
            let r = raw(&app, method.clone(), path, &caller, ct, "").await;
            let what = format!("{method} {path} {ct:?}");
            if path.starts_with("/api/profile") && ct == Some("application/x-www-form-urlencoded") {
                // An empty form sends no field: nothing changes.
                assert_eq!(r.status(), 200, "{what}");
                continue;
            }
            let (status, b) = assert_json_4xx(r, &what).await;
            // Without a content type, or with a form where only JSON is
            // taken, there is nothing to parse it as: 415 will do.
            let json_only = path.starts_with("/api/admin/");
            let expected: &[u16] = if ct.is_none() || (json_only && ct != Some("application/json"))
            {
                &[400, 415]
            } else {
                &[400]
            };
            assert!(expected.contains(&status), "{what}: {b}");
        }
    }
    for path in ["/oauth2/token", "/oauth2/revoke", "/oauth2/introspect"] {
        let r = app
            .http
            .post(app.url(path))
            .basic_auth(DEMO_CLIENT, Some(DEMO_SECRET))
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .send()
            .await
            .unwrap();
        let (status, b) = assert_json_4xx(r, path).await;
        assert_eq!(
            (status, b["error"].as_str()),
            (400, Some("invalid_request")),
            "{path}: {b}"
        );
    }
    assert_alice_intact(&app).await;
}

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
async fn a_repeated_form_parameter_at_the_token_endpoint_is_invalid_request() {
    let app = spawn_app().await;
    let repeated = [
        "grant_type=password&grant_type=client_credentials&username=alice&password=alicepass",
        "grant_type=password&username=alice&username=admin&password=alicepass",
        "grant_type=password&username=alice&password=alicepass&password=adminpass",
        "grant_type=client_credentials&scope=openid&scope=roles",
        "grant_type=client_credentials&client_id=demo-client&client_id=demo-client&client_secret=demo-client-secret",
    ];
    for form in repeated {
        let mut req = app
            .http
            .post(app.url("/oauth2/token"))
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded");
        if !form.contains("client_id") {
            req = req.basic_auth(DEMO_CLIENT, Some(DEMO_SECRET));
        }
        let r = req.body(form).send().await.unwrap();
        let (status, b) = assert_json_4xx(r, form).await;
        assert_eq!(
            (status, b["error"].as_str()),
            (400, Some("invalid_request")),
            "{form}: {b}"
        );
        assert!(b.get("access_token").is_none());
    }
    assert_alice_intact(&app).await;
}

#[tokio::test]
async fn unknown_paths_under_api_and_oauth2_are_404_json() {
    let app = spawn_app().await;
    let admin = app.access_token("admin").await;
    for path in [
        "/api",
        "/api/",
        "/api/nope",
        "/api/nope/",
        "/api/admin/nope",
        "/api/profile/extra",
        "/oauth2/nope",
        "/oauth2/",
        "/.well-known/",
        "/.well-known/nope",
    ] {
        for method in [Method::GET, Method::POST] {
            let r = app
                .http
                .request(method.clone(), app.url(path))
                .bearer_auth(&admin)
                .send()
                .await
                .unwrap();
            let (status, b) = assert_json_4xx(r, &format!("{method} {path}")).await;
            assert_eq!(
                (status, b["error"].as_str()),
                (404, Some("not_found")),
                "{method} {path}: {b}"
            );
        }
    }
    let r = app
        .get_bearer("/api/admin/users/no-such-user", &admin)
        .await;
    assert_error(r, 404, "not_found").await;
}

#[tokio::test]
async fn a_wrong_method_is_405_json() {
    let app = spawn_app().await;
    let alice = app.access_token("alice").await;
    for (method, path) in [
        (Method::GET, "/oauth2/token"),
        (Method::PUT, "/oauth2/revoke"),
        (Method::GET, "/oauth2/introspect"),
        (Method::DELETE, "/oauth2/userinfo"),
        (Method::GET, "/api/token/password/"),
        (Method::GET, "/api/token/refresh"),
        (Method::DELETE, "/api/profile/"),
        (Method::POST, "/api/roles"),
        (Method::GET, "/api/logout/"),
        (Method::PUT, "/api/admin/users"),
        (Method::POST, "/.well-known/jwks.json"),
    ] {
        let r = app
            .http
            .request(method.clone(), app.url(path))
            .bearer_auth(&alice)
            .send()
            .await
            .unwrap();
        let (status, b) = assert_json_4xx(r, &format!("{method} {path}")).await;
        assert_eq!(
            (status, b["error"].as_str()),
            (405, Some("method_not_allowed")),
            "{method} {path}: {b}"
        );
    }
    assert_alice_intact(&app).await;
}

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

#[tokio::test]
async fn control_characters_in_usernames_and_identifiers_are_refused_without_a_server_error() {
    let app = spawn_app().await;
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
