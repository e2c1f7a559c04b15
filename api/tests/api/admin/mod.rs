//! The admin API: users, clients, service keys and roles, for a bearer token
//! of a user with role `admin`. One file per resource; the helpers here.

mod access;
mod clients;
mod last_admin;
mod roles;
mod service_keys;
mod users;

use reqwest::Method;
use serde_json::Value;

use crate::helpers::*;

pub async fn call(
    app: &TestApp,
    method: Method,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> reqwest::Response {
    let mut req = app.http.request(method, app.url(path));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    if let Some(b) = body {
        req = req.json(&b);
    }
    req.send().await.expect("request")
}

/// An admin call that must answer `status` with a JSON body (or none, 204).
pub async fn expect(
    app: &TestApp,
    token: &str,
    method: Method,
    path: &str,
    body: Option<Value>,
    status: u16,
) -> Value {
    let r = call(app, method.clone(), path, Some(token), body).await;
    assert_eq!(r.status().as_u16(), status, "{method} {path}");
    let text = r.text().await.unwrap();
    if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).expect("JSON body")
    }
}

pub async fn user_id(app: &TestApp, admin: &str, username: &str) -> String {
    let users = expect(app, admin, Method::GET, "/api/admin/users", None, 200).await;
    users
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["username"] == username)
        .unwrap_or_else(|| panic!("{username} is listed"))["id"]
        .as_str()
        .unwrap()
        .to_string()
}

pub async fn login(app: &TestApp, username: &str, password: &str) -> reqwest::Response {
    app.token(
        (DEMO_CLIENT, DEMO_SECRET),
        &[
            ("grant_type", "password"),
            ("username", username),
            ("password", password),
        ],
    )
    .await
}
