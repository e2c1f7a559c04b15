//! Bad input of every kind: each answer is a 4xx JSON error with `error` and
//! `error_description`, never a 5xx, and nothing stored is lost.

mod bodies;
mod characters;
mod routes;
mod sizes;

use reqwest::Method;
use reqwest::header::CONTENT_TYPE;
use serde_json::{Value, json};

use crate::helpers::*;

/// A 4xx JSON error body with both fields; answers (status, body).
pub async fn assert_json_4xx(r: reqwest::Response, what: &str) -> (u16, Value) {
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
pub async fn assert_alice_intact(app: &TestApp) {
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
pub enum Caller {
    ServiceKey,
    Bearer(String),
}

pub async fn raw(
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
pub async fn body_endpoints(app: &TestApp) -> Vec<(Method, &'static str, Caller)> {
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
