//! The integrator API: tokens by password and refresh for callers holding an
//! `X-Service-Key`, in both slash forms, form-encoded or JSON.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use crate::helpers::*;

const KEY_SCOPE: &str = "openid profile email roles";

fn scopes(s: &str) -> BTreeSet<&str> {
    s.split(' ').filter(|t| !t.is_empty()).collect()
}

/// `POST` with a service key (or none), form-encoded or JSON.
async fn post_key(
    app: &TestApp,
    path: &str,
    key: Option<&str>,
    body: &Value,
    as_json: bool,
) -> reqwest::Response {
    let mut req = app.http.post(app.url(path));
    if let Some(k) = key {
        req = req.header("X-Service-Key", k);
    }
    req = if as_json {
        req.json(body)
    } else {
        let pairs: Vec<(String, String)> = body
            .as_object()
            .expect("object body")
            .iter()
            .map(|(k, v)| (k.clone(), v.as_str().expect("string field").to_string()))
            .collect();
        req.form(&pairs)
    };
    req.send().await.expect("request")
}

async fn alice_tokens_via(app: &TestApp, key: &str) -> Value {
    let r = post_key(
        app,
        "/api/token/password/",
        Some(key),
        &json!({"username": "alice", "password": "alicepass"}),
        true,
    )
    .await;
    assert_eq!(r.status(), 200, "password login through the service key");
    r.json().await.expect("json")
}

/// A new service key made through the admin API: (id, key).
async fn new_service_key(app: &TestApp, name: &str) -> (String, String) {
    let admin = app.access_token("admin").await;
    let r = app
        .http
        .post(app.url("/api/admin/service-keys"))
        .bearer_auth(&admin)
        .json(&json!({"name": name}))
        .send()
        .await
        .expect("request");
    assert_eq!(r.status(), 201);
    let b: Value = r.json().await.expect("json");
    (
        b["id"].as_str().unwrap().to_string(),
        b["key"].as_str().unwrap().to_string(),
    )
}

#[tokio::test]
async fn a_service_key_gets_tokens_by_password_at_both_slash_forms_in_form_and_json() {
    let app = spawn_app().await;
    for path in ["/api/token/password/", "/api/token/password"] {
        for as_json in [false, true] {
            let r = post_key(
                &app,
                path,
                Some(SERVICE_KEY),
                &json!({"username": "alice", "password": "alicepass"}),
                as_json,
            )
            .await;
            assert_eq!(r.status(), 200, "{path} json={as_json}");
            assert_eq!(r.headers()["cache-control"], "no-store", "{path}");
            let t: Value = r.json().await.expect("json");
            assert_eq!(t["token_type"], "Bearer");
            assert!(t["expires_in"].as_i64().unwrap() > 0);
            assert_eq!(
                scopes(t["scope"].as_str().unwrap()),
                scopes(KEY_SCOPE),
                "{t}"
            );
            assert!(
                t["refresh_token"].as_str().is_some_and(|s| !s.is_empty()),
                "{t}"
            );
            let access = t["access_token"].as_str().unwrap();
            let claims = jwt_claims(access);
            assert_eq!(claims["client_id"], SERVICE_KEY_ID, "{path} json={as_json}");
            assert_eq!(scopes(claims["scope"].as_str().unwrap()), scopes(KEY_SCOPE));
            assert_eq!(claims["iss"], app.base.as_str());
            // The token is alice's and works at the resource endpoints.
            let me: Value = app
                .get_bearer("/api/profile", access)
                .await
                .json()
                .await
                .unwrap();
            assert_eq!(me["username"], "alice");
        }
    }
}

#[tokio::test]
async fn a_wrong_password_or_unknown_user_at_the_integrator_endpoint_is_invalid_grant() {
    let app = spawn_app().await;
    for (username, password) in [("alice", "wrong"), ("nobody", "alicepass")] {
        for as_json in [false, true] {
            let r = post_key(
                &app,
                "/api/token/password/",
                Some(SERVICE_KEY),
                &json!({"username": username, "password": password}),
                as_json,
            )
            .await;
            let body = assert_error(r, 400, "invalid_grant").await;
            assert!(body.get("access_token").is_none());
        }
    }
}

#[tokio::test]
async fn a_missing_or_wrong_service_key_is_refused_with_invalid_service_key() {
    let app = spawn_app().await;
    let login = json!({"username": "alice", "password": "alicepass"});
    let refresh = json!({"refresh_token": "rt_whatever"});
    for (path, body) in [
        ("/api/token/password/", &login),
        ("/api/token/password", &login),
        ("/api/token/refresh/", &refresh),
        ("/api/token/refresh", &refresh),
    ] {
        for key in [None, Some("sk_wrong"), Some(""), Some("svc_demo")] {
            let r = post_key(&app, path, key, body, true).await;
            let challenge = r
                .headers()
                .get("www-authenticate")
                .map(|v| v.to_str().unwrap().to_string());
            assert_error(r, 401, "invalid_service_key").await;
            assert!(
                challenge.is_some(),
                "{path} {key:?}: 401 without WWW-Authenticate"
            );
        }
    }
}

#[tokio::test]
async fn a_service_key_revoked_through_the_admin_api_stops_working_at_once() {
    let app = spawn_app().await;
    let (id, key) = new_service_key(&app, "Shop").await;
    let t = alice_tokens_via(&app, &key).await;
    assert_eq!(
        jwt_claims(t["access_token"].as_str().unwrap())["client_id"],
        id.as_str()
    );
    let refresh = t["refresh_token"].as_str().unwrap().to_string();

    let admin = app.access_token("admin").await;
    let r = app
        .http
        .delete(app.url(&format!("/api/admin/service-keys/{id}")))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);

    let r = post_key(
        &app,
        "/api/token/password/",
        Some(&key),
        &json!({"username": "alice", "password": "alicepass"}),
        true,
    )
    .await;
    assert_error(r, 401, "invalid_service_key").await;
    let r = post_key(
        &app,
        "/api/token/refresh/",
        Some(&key),
        &json!({"refresh_token": refresh}),
        true,
    )
    .await;
    assert_error(r, 401, "invalid_service_key").await;
    let r = post_key(
        &app,
        "/api/validate-token/",
        Some(&key),
        &json!({"token": t["access_token"]}),
        true,
    )
    .await;
    assert_error(r, 401, "invalid_service_key").await;
    // The demo key is untouched.
    alice_tokens_via(&app, SERVICE_KEY).await;
}

#[tokio::test]
async fn a_refresh_token_issued_to_the_key_is_rotated_and_a_reuse_is_refused() {
    let app = spawn_app().await;
    let first = alice_tokens_via(&app, SERVICE_KEY).await;
    let rt1 = first["refresh_token"].as_str().unwrap().to_string();

    let mut current = rt1.clone();
    for (path, as_json) in [("/api/token/refresh/", true), ("/api/token/refresh", false)] {
        let r = post_key(
            &app,
            path,
            Some(SERVICE_KEY),
            &json!({"refresh_token": current}),
            as_json,
        )
        .await;
        assert_eq!(r.status(), 200, "{path} json={as_json}");
        let t: Value = r.json().await.unwrap();
        let next = t["refresh_token"]
            .as_str()
            .expect("a new refresh token")
            .to_string();
        assert_ne!(next, current, "the refresh token is rotated");
        let claims = jwt_claims(t["access_token"].as_str().unwrap());
        assert_eq!(claims["client_id"], SERVICE_KEY_ID);
        assert_eq!(
            claims["sub"],
            jwt_claims(first["access_token"].as_str().unwrap())["sub"]
        );
        assert_eq!(scopes(t["scope"].as_str().unwrap()), scopes(KEY_SCOPE));
        current = next;
    }

    // The first token was used: presenting it again is refused...
    let r = post_key(
        &app,
        "/api/token/refresh/",
        Some(SERVICE_KEY),
        &json!({"refresh_token": rt1}),
        true,
    )
    .await;
    assert_error(r, 400, "invalid_grant").await;
    // ...and revokes its family, so the latest successor is dead too.
    let r = post_key(
        &app,
        "/api/token/refresh/",
        Some(SERVICE_KEY),
        &json!({"refresh_token": current}),
        true,
    )
    .await;
    assert_error(r, 400, "invalid_grant").await;
}

#[tokio::test]
async fn a_refresh_token_of_another_key_or_of_a_client_is_refused_and_stays_usable_by_its_owner() {
    let app = spawn_app().await;
    let (_, other_key) = new_service_key(&app, "Other integrator").await;

    // Issued to another service key.
    let theirs = alice_tokens_via(&app, &other_key).await;
    let rt = theirs["refresh_token"].as_str().unwrap();
    let r = post_key(
        &app,
        "/api/token/refresh/",
        Some(SERVICE_KEY),
        &json!({"refresh_token": rt}),
        true,
    )
    .await;
    assert_error(r, 400, "invalid_grant").await;
    let r = post_key(
        &app,
        "/api/token/refresh/",
        Some(&other_key),
        &json!({"refresh_token": rt}),
        true,
    )
    .await;
    assert_eq!(
        r.status(),
        200,
        "the refusal did not consume the owner's token"
    );

    // Issued to an OAuth client.
    let client_tokens = app.password_tokens("alice", "alicepass").await;
    let rt = client_tokens["refresh_token"].as_str().unwrap();
    let r = post_key(
        &app,
        "/api/token/refresh/",
        Some(SERVICE_KEY),
        &json!({"refresh_token": rt}),
        true,
    )
    .await;
    assert_error(r, 400, "invalid_grant").await;
    let r = app
        .token(
            (DEMO_CLIENT, DEMO_SECRET),
            &[("grant_type", "refresh_token"), ("refresh_token", rt)],
        )
        .await;
    assert_eq!(
        r.status(),
        200,
        "the client can still refresh its own token"
    );

    // And the other way round: a client cannot use a key's refresh token.
    let ours = alice_tokens_via(&app, SERVICE_KEY).await;
    let rt = ours["refresh_token"].as_str().unwrap();
    let r = app
        .token(
            (DEMO_CLIENT, DEMO_SECRET),
            &[("grant_type", "refresh_token"), ("refresh_token", rt)],
        )
        .await;
    assert_error(r, 400, "invalid_grant").await;
    let r = post_key(
        &app,
        "/api/token/refresh/",
        Some(SERVICE_KEY),
        &json!({"refresh_token": rt}),
        true,
    )
    .await;
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn an_unknown_or_missing_refresh_token_is_refused() {
    let app = spawn_app().await;
    let r = post_key(
        &app,
        "/api/token/refresh/",
        Some(SERVICE_KEY),
        &json!({"refresh_token": "rt_unknown"}),
        true,
    )
    .await;
    assert_error(r, 400, "invalid_grant").await;
    let r = post_key(
        &app,
        "/api/token/refresh/",
        Some(SERVICE_KEY),
        &json!({}),
        true,
    )
    .await;
    assert_error(r, 400, "invalid_request").await;
}
