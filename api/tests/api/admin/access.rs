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
