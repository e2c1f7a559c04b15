//! Who may call the admin API: admins only.

use reqwest::Method;
use serde_json::{Value, json};

use super::*;

fn every_admin_endpoint() -> Vec<(Method, &'static str, Option<Value>)> {
    vec![
        (Method::GET, "/api/admin/users", None),
        (
            Method::POST,
            "/api/admin/users",
            Some(
                json!({"username": "mallory", "email": "m@example.com", "password": "mallorypw", "roles": ["admin"]}),
            ),
        ),
        (Method::GET, "/api/admin/users/some-id", None),
        (
            Method::PATCH,
            "/api/admin/users/some-id",
            Some(json!({"disabled": true})),
        ),
        (Method::DELETE, "/api/admin/users/some-id", None),
        (Method::GET, "/api/admin/clients", None),
        (
            Method::POST,
            "/api/admin/clients",
            Some(json!({"name": "Evil", "type": "confidential", "grant_types": ["password"]})),
        ),
        (Method::GET, "/api/admin/clients/demo-client", None),
        (
            Method::PATCH,
            "/api/admin/clients/demo-client",
            Some(json!({"name": "Pwned"})),
        ),
        (Method::DELETE, "/api/admin/clients/demo-client", None),
        (Method::POST, "/api/admin/clients/demo-client/secret", None),
        (Method::GET, "/api/admin/service-keys", None),
        (
            Method::POST,
            "/api/admin/service-keys",
            Some(json!({"name": "Evil"})),
        ),
        (Method::DELETE, "/api/admin/service-keys/svc_demo", None),
        (Method::GET, "/api/admin/roles", None),
        (
            Method::POST,
            "/api/admin/roles",
            Some(json!({"name": "evil"})),
        ),
        (
            Method::PATCH,
            "/api/admin/roles/user",
            Some(json!({"description": "pwned"})),
        ),
        (Method::DELETE, "/api/admin/roles/user", None),
    ]
}

/// Nothing the refused calls tried happened.
async fn assert_nothing_changed(app: &TestApp) {
    let admin = app.access_token("admin").await;
    let users = expect(app, &admin, Method::GET, "/api/admin/users", None, 200).await;
    assert!(!users.to_string().contains("mallory"));
    assert!(
        users
            .as_array()
            .unwrap()
            .iter()
            .all(|u| u["disabled"] == false)
    );
    let clients = expect(app, &admin, Method::GET, "/api/admin/clients", None, 200).await;
    assert!(!clients.to_string().contains("Evil") && !clients.to_string().contains("Pwned"));
    assert_eq!(
        app.token(
            (DEMO_CLIENT, DEMO_SECRET),
            &[("grant_type", "client_credentials")]
        )
        .await
        .status(),
        200
    );
    let keys = expect(
        app,
        &admin,
        Method::GET,
        "/api/admin/service-keys",
        None,
        200,
    )
    .await;
    assert_eq!(keys.as_array().unwrap().len(), 1, "{keys}");
    let roles = expect(app, &admin, Method::GET, "/api/admin/roles", None, 200).await;
    let text = roles.to_string();
    assert!(
        text.contains("\"user\"") && !text.contains("evil") && !text.contains("pwned"),
        "{text}"
    );
    let r = app
        .post_service(
            "/api/token/password",
            &json!({"username": "alice", "password": "alicepass"}),
        )
        .await;
    assert_eq!(r.status(), 200, "the demo service key still works");
}

#[tokio::test]
async fn a_user_without_the_admin_role_is_forbidden_on_every_admin_endpoint() {
    let app = spawn_app().await;
    let alice = app.access_token("alice").await;
    for (method, path, body) in every_admin_endpoint() {
        let r = call(&app, method.clone(), path, Some(&alice), body).await;
        assert_eq!(r.status(), 403, "{method} {path}");
        assert_error(r, 403, "forbidden").await;
    }
    assert_nothing_changed(&app).await;
}

#[tokio::test]
async fn admin_endpoints_without_a_valid_token_answer_401() {
    let app = spawn_app().await;
    // A client's own token has no user, so no admin either.
    let r = app
        .token(
            (DEMO_CLIENT, DEMO_SECRET),
            &[("grant_type", "client_credentials")],
        )
        .await;
    let cc: Value = r.json().await.unwrap();
    let cc_token = cc["access_token"].as_str().unwrap().to_string();
    for (method, path, body) in every_admin_endpoint() {
        for token in [None, Some("garbage"), Some(cc_token.as_str())] {
            let r = call(&app, method.clone(), path, token, body.clone()).await;
            assert!(
                r.headers().contains_key("www-authenticate"),
                "{method} {path}"
            );
            assert_error(r, 401, "invalid_token").await;
        }
    }
    assert_nothing_changed(&app).await;
}

#[tokio::test]
async fn an_admins_token_without_the_admin_scope_is_insufficient_scope() {
    let app = spawn_app().await;
    // The admin signs in through a service key (scope without `admin`) and
    // through the demo client asking for less than `admin`.
    let r = app
        .post_service(
            "/api/token/password",
            &json!({"username": "admin", "password": "adminpass"}),
        )
        .await;
    let via_key: Value = r.json().await.unwrap();
    let r = app
        .token(
            (DEMO_CLIENT, DEMO_SECRET),
            &[
                ("grant_type", "password"),
                ("username", "admin"),
                ("password", "adminpass"),
                ("scope", "openid profile"),
            ],
        )
        .await;
    let narrow: Value = r.json().await.unwrap();
    for t in [&via_key, &narrow] {
        let token = t["access_token"].as_str().unwrap();
        assert!(!t["scope"].as_str().unwrap().contains("admin"));
        for (method, path, body) in every_admin_endpoint() {
            let r = call(&app, method.clone(), path, Some(token), body).await;
            assert_eq!(
                r.headers()
                    .get("www-authenticate")
                    .and_then(|v| v.to_str().ok()),
                Some(r#"Bearer realm="auth-server", error="insufficient_scope", scope="admin""#),
                "{method} {path}"
            );
            assert_error(r, 403, "insufficient_scope").await;
        }
    }
    assert_nothing_changed(&app).await;
}

#[tokio::test]
async fn the_admin_scope_is_left_out_for_users_who_are_not_admins() {
    let app = spawn_app().await;
    let t = app.password_tokens("alice", "alicepass").await;
    assert_eq!(t["scope"], ALICE_SCOPE);
    // Asking for it explicitly is not an error: it is silently not granted.
    let r = app
        .token(
            (DEMO_CLIENT, DEMO_SECRET),
            &[
                ("grant_type", "password"),
                ("username", "alice"),
                ("password", "alicepass"),
                ("scope", "openid admin"),
            ],
        )
        .await;
    let t: Value = r.json().await.unwrap();
    assert_eq!(t["scope"], "openid");
    let admin = app.password_tokens("admin", "adminpass").await;
    assert!(admin["scope"].as_str().unwrap().ends_with(" admin"));
}

#[tokio::test]
async fn a_demoted_admin_is_forbidden_even_with_a_token_granted_admin() {
    let app = spawn_app().await;
    let admin = app.access_token("admin").await;
    expect(
        &app,
        &admin,
        Method::POST,
        "/api/admin/users",
        Some(json!({"username": "ada2", "password": "ada2pass", "roles": ["admin"]})),
        201,
    )
    .await;
    let t = app.password_tokens("ada2", "ada2pass").await;
    let ada2 = t["access_token"].as_str().unwrap().to_string();
    let id = user_id(&app, &admin, "ada2").await;
    expect(
        &app,
        &admin,
        Method::PATCH,
        &format!("/api/admin/users/{id}"),
        Some(json!({"roles": ["user"]})),
        200,
    )
    .await;
    let r = call(&app, Method::GET, "/api/admin/users", Some(&ada2), None).await;
    assert_error(r, 403, "forbidden").await;
}
