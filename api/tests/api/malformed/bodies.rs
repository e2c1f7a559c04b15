//! Bodies that do not parse, have the wrong types or content type, or are empty.

use reqwest::Method;
use reqwest::header::CONTENT_TYPE;
use serde_json::json;

use super::*;
use crate::helpers::*;

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
