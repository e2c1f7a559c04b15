//! The signed-in user's own endpoints: profile, userinfo, logout, roles.

use serde_json::{Value, json};

use crate::helpers::*;

pub async fn profile(app: &TestApp, token: &str) -> Value {
    let r = app.get_bearer("/api/profile/", token).await;
    assert_eq!(r.status(), 200, "GET /api/profile/");
    r.json().await.expect("json")
}

enum Body<'a> {
    Json(Value),
    Form(&'a [(&'a str, &'a str)]),
}

async fn change(
    app: &TestApp,
    method: reqwest::Method,
    token: &str,
    body: Body<'_>,
) -> reqwest::Response {
    let req = app
        .http
        .request(method, app.url("/api/profile/"))
        .bearer_auth(token);
    let req = match body {
        Body::Json(v) => req.json(&v),
        Body::Form(f) => req.form(f),
    };
    req.send().await.expect("request")
}

#[tokio::test]
async fn the_profile_shows_the_signed_in_users_details() {
    let app = spawn_app().await;
    let token = app.access_token("alice").await;
    for path in ["/api/profile/", "/api/profile"] {
        let r = app.get_bearer(path, &token).await;
        assert_eq!(r.status(), 200, "{path}");
        let p: Value = r.json().await.unwrap();
        assert_eq!(
            p,
            json!({
                "username": "alice",
                "email": "alice@example.com",
                "first_name": "Alice",
                "last_name": "Liddell",
                "roles": ["user"],
            })
        );
    }
}

#[tokio::test]
async fn put_and_patch_change_only_the_fields_sent_in_json_or_form() {
    let app = spawn_app().await;
    let token = app.access_token("alice").await;

    let r = change(
        &app,
        reqwest::Method::PATCH,
        &token,
        Body::Json(json!({"first_name": "Alicia"})),
    )
    .await;
    assert_eq!(r.status(), 200);
    let answered: Value = r.json().await.unwrap();
    let p = profile(&app, &token).await;
    assert_eq!(answered, p, "the answer is the stored profile");
    assert_eq!(p["first_name"], "Alicia");
    assert_eq!(p["last_name"], "Liddell");
    assert_eq!(p["email"], "alice@example.com");

    let r = change(
        &app,
        reqwest::Method::PUT,
        &token,
        Body::Form(&[("last_name", "Pleasance")]),
    )
    .await;
    assert_eq!(r.status(), 200);
    let p = profile(&app, &token).await;
    assert_eq!(
        (p["first_name"].as_str(), p["last_name"].as_str()),
        (Some("Alicia"), Some("Pleasance"))
    );
    assert_eq!(p["email"], "alice@example.com");

    let r = change(
        &app,
        reqwest::Method::PATCH,
        &token,
        Body::Form(&[("email", "alice@wonderland.example")]),
    )
    .await;
    assert_eq!(r.status(), 200);
    let r = change(
        &app,
        reqwest::Method::PUT,
        &token,
        Body::Json(json!({"first_name": "Alice", "last_name": "Liddell"})),
    )
    .await;
    assert_eq!(r.status(), 200);
    let p = profile(&app, &token).await;
    assert_eq!(
        p,
        json!({
            "username": "alice",
            "email": "alice@wonderland.example",
            "first_name": "Alice",
            "last_name": "Liddell",
            "roles": ["user"],
        })
    );
    // The change is the user's, not the token's: a new login sees it.
    let fresh = app.access_token("alice").await;
    assert_eq!(
        profile(&app, &fresh).await["email"],
        "alice@wonderland.example"
    );
}

#[tokio::test]
async fn an_invalid_email_is_refused_and_nothing_changes() {
    let app = spawn_app().await;
    let token = app.access_token("alice").await;
    let before = profile(&app, &token).await;
    for bad in [
        "not-an-email",
        "a@b",
        "two@@example.com",
        "sp ace@example.com",
    ] {
        let r = change(
            &app,
            reqwest::Method::PATCH,
            &token,
            Body::Json(json!({"email": bad, "first_name": "Changed"})),
        )
        .await;
        assert_error(r, 400, "invalid_request").await;
        let r = change(
            &app,
            reqwest::Method::PUT,
            &token,
            Body::Form(&[("email", bad), ("last_name", "Changed")]),
        )
        .await;
        assert_error(r, 400, "invalid_request").await;
    }
    assert_eq!(profile(&app, &token).await, before);
}

#[tokio::test]
async fn the_username_cannot_be_changed() {
    let app = spawn_app().await;
    let token = app.access_token("alice").await;
    let r = change(
        &app,
        reqwest::Method::PATCH,
        &token,
        Body::Json(json!({"username": "bob", "first_name": "Bob"})),
    )
    .await;
    assert_error(r, 400, "invalid_request").await;
    let r = change(
        &app,
        reqwest::Method::PUT,
        &token,
        Body::Form(&[("username", "admin")]),
    )
    .await;
    assert_error(r, 400, "invalid_request").await;
    let p = profile(&app, &token).await;
    assert_eq!(
        (p["username"].as_str(), p["first_name"].as_str()),
        (Some("alice"), Some("Alice"))
    );
    // Sending the current username along (as a form might) is fine.
    let r = change(
        &app,
        reqwest::Method::PATCH,
        &token,
        Body::Json(json!({"username": "alice", "last_name": "L."})),
    )
    .await;
    assert_eq!(r.status(), 200);
    assert_eq!(profile(&app, &token).await["last_name"], "L.");
    // And bob cannot sign in as the renamed alice.
    let r = app
        .token(
            (DEMO_CLIENT, DEMO_SECRET),
            &[
                ("grant_type", "password"),
                ("username", "bob"),
                ("password", "alicepass"),
            ],
        )
        .await;
    assert_error(r, 400, "invalid_grant").await;
}

#[tokio::test]
async fn api_userinfo_has_the_same_claims_as_oauth2_userinfo() {
    let app = spawn_app().await;
    let token = app.access_token("alice").await;
    let ours: Value = app
        .get_bearer("/api/userinfo/", &token)
        .await
        .json()
        .await
        .unwrap();
    let oidc: Value = app
        .get_bearer("/oauth2/userinfo", &token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(ours, oidc);
    assert_eq!(ours["sub"], jwt_claims(&token)["sub"]);
    assert_eq!(ours["preferred_username"], "alice");
    assert_eq!(ours["email"], "alice@example.com");
    assert_eq!(ours["roles"], json!(["user"]));
    let no_slash: Value = app
        .get_bearer("/api/userinfo", &token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(no_slash, oidc);
}

#[tokio::test]
async fn roles_lists_own_roles_and_for_an_admin_also_every_role() {
    let app = spawn_app().await;
    let alice = app.access_token("alice").await;
    let r: Value = app
        .get_bearer("/api/roles/", &alice)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        r,
        json!({"roles": ["user"]}),
        "no `all` key for a non-admin"
    );

    let admin = app.access_token("admin").await;
    let r = app
        .http
        .post(app.url("/api/admin/roles"))
        .bearer_auth(&admin)
        .json(&json!({"name": "auditor", "description": "Reads the audit log"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let r: Value = app
        .get_bearer("/api/roles", &admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(r["roles"], json!(["admin"]));
    let mut all: Vec<&str> = r["all"]
        .as_array()
        .expect("all")
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    all.sort();
    assert_eq!(all, ["admin", "auditor", "user"]);
}

#[tokio::test]
async fn account_endpoints_without_a_valid_token_answer_401_invalid_token_with_a_challenge() {
    let app = spawn_app().await;
    let cases = [
        (reqwest::Method::GET, "/api/profile/"),
        (reqwest::Method::PUT, "/api/profile/"),
        (reqwest::Method::PATCH, "/api/profile"),
        (reqwest::Method::GET, "/api/userinfo/"),
        (reqwest::Method::POST, "/api/logout/"),
        (reqwest::Method::GET, "/api/roles/"),
    ];
    for (method, path) in cases {
        for token in [
            None,
            Some("not-a-jwt"),
            Some("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."),
        ] {
            let mut req = app.http.request(method.clone(), app.url(path));
            if let Some(t) = token {
                req = req.bearer_auth(t);
            }
            if method == reqwest::Method::PUT || method == reqwest::Method::PATCH {
                req = req.json(&json!({"first_name": "Mallory"}));
            }
            let r = req.send().await.unwrap();
            let challenge = r
                .headers()
                .get("www-authenticate")
                .map(|v| v.to_str().unwrap().to_string())
                .unwrap_or_default();
            assert_error(r, 401, "invalid_token").await;
            assert!(
                challenge.starts_with("Bearer"),
                "{method} {path}: challenge {challenge:?}"
            );
        }
    }
    let token = app.access_token("alice").await;
    assert_eq!(profile(&app, &token).await["first_name"], "Alice");
}

#[tokio::test]
async fn a_client_credentials_token_has_no_user_and_is_refused_by_the_account_endpoints() {
    let app = spawn_app().await;
    let r = app
        .token(
            (DEMO_CLIENT, DEMO_SECRET),
            &[("grant_type", "client_credentials")],
        )
        .await;
    assert_eq!(r.status(), 200);
    let t: Value = r.json().await.unwrap();
    let token = t["access_token"].as_str().unwrap();
    for path in ["/api/profile/", "/api/userinfo/", "/api/roles/"] {
        let r = app.get_bearer(path, token).await;
        assert_error(r, 401, "invalid_token").await;
    }
    let r = app
        .http
        .post(app.url("/api/logout/"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_error(r, 401, "invalid_token").await;
    // The token itself is still a valid client token.
    assert_eq!(app.introspect(token).await["active"], true);
}
