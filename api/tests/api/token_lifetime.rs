//! A token stops working when what it was issued through ends, and tells
//! the truth about its user now: the contract's "when a token stops
//! working".

use reqwest::Method;
use serde_json::{Value, json};

use crate::admin::{call, expect, user_id};
use crate::helpers::*;

/// Everything a resource server could ask about an access token.
async fn assert_dead(app: &TestApp, access: &str) {
    assert_eq!(app.validate(access).await, json!({"valid": false}));
    assert_eq!(app.introspect(access).await, json!({"active": false}));
    let r = app.get_bearer("/oauth2/userinfo", access).await;
    assert_error(r, 401, "invalid_token").await;
}

#[tokio::test]
async fn a_deleted_clients_access_and_refresh_tokens_stop_working() {
    let app = spawn_app().await;
    let admin = app.access_token("admin").await;
    let (id, secret) = app
        .client(
            "confidential",
            &["password", "client_credentials", "refresh_token"],
            None,
        )
        .await;
    let user: Value = app
        .token(
            (&id, &secret),
            &[
                ("grant_type", "password"),
                ("username", "alice"),
                ("password", "alicepass"),
            ],
        )
        .await
        .json()
        .await
        .unwrap();
    let own: Value = app
        .token((&id, &secret), &[("grant_type", "client_credentials")])
        .await
        .json()
        .await
        .unwrap();
    let access = user["access_token"].as_str().unwrap();
    assert_eq!(app.validate(access).await["valid"], true);

    expect(
        &app,
        &admin,
        Method::DELETE,
        &format!("/api/admin/clients/{id}"),
        None,
        204,
    )
    .await;
    assert_dead(&app, access).await;
    assert_eq!(
        app.introspect(own["access_token"].as_str().unwrap()).await,
        json!({"active": false})
    );
    let rt = user["refresh_token"].as_str().unwrap();
    assert_eq!(app.introspect(rt).await, json!({"active": false}));
}

#[tokio::test]
async fn tokens_issued_through_a_revoked_service_key_stop_working() {
    let app = spawn_app().await;
    let admin = app.access_token("admin").await;
    let key = expect(
        &app,
        &admin,
        Method::POST,
        "/api/admin/service-keys",
        Some(json!({"name": "Shop"})),
        201,
    )
    .await;
    let r = app
        .http
        .post(app.url("/api/token/password"))
        .header("X-Service-Key", key["key"].as_str().unwrap())
        .json(&json!({"username": "alice", "password": "alicepass"}))
        .send()
        .await
        .unwrap();
    let t: Value = r.json().await.unwrap();
    let access = t["access_token"].as_str().unwrap();
    assert_eq!(app.validate(access).await["valid"], true);

    let kid = key["id"].as_str().unwrap();
    expect(
        &app,
        &admin,
        Method::DELETE,
        &format!("/api/admin/service-keys/{kid}"),
        None,
        204,
    )
    .await;
    assert_dead(&app, access).await;
    assert_eq!(
        app.introspect(t["refresh_token"].as_str().unwrap()).await,
        json!({"active": false})
    );
}

#[tokio::test]
async fn disabling_a_user_ends_their_sessions_and_enabling_them_brings_none_back() {
    let app = spawn_app().await;
    let admin = app.access_token("admin").await;
    let t = app.password_tokens("alice", "alicepass").await;
    let rt = t["refresh_token"].as_str().unwrap();
    let alice = user_id(&app, &admin, "alice").await;
    let path = format!("/api/admin/users/{alice}");
    for disabled in [true, false] {
        expect(
            &app,
            &admin,
            Method::PATCH,
            &path,
            Some(json!({"disabled": disabled})),
            200,
        )
        .await;
    }
    assert_error(app.refresh(rt).await, 400, "invalid_grant").await;
    assert_eq!(app.introspect(rt).await, json!({"active": false}));
    // A new login works again.
    app.password_tokens("alice", "alicepass").await;
}

#[tokio::test]
async fn validate_token_and_introspection_report_the_roles_of_now() {
    let app = spawn_app().await;
    let admin = app.access_token("admin").await;
    let made = expect(
        &app,
        &admin,
        Method::POST,
        "/api/admin/users",
        Some(json!({"username": "ada2", "password": "ada2pass", "roles": ["admin"]})),
        201,
    )
    .await;
    let t = app.password_tokens("ada2", "ada2pass").await;
    let access = t["access_token"].as_str().unwrap();
    assert_eq!(jwt_claims(access)["roles"], json!(["admin"]));
    assert_eq!(
        app.validate(access).await["claims"]["roles"],
        json!(["admin"])
    );

    let id = made["id"].as_str().unwrap();
    expect(
        &app,
        &admin,
        Method::PATCH,
        &format!("/api/admin/users/{id}"),
        Some(json!({"roles": ["user"]})),
        200,
    )
    .await;
    // The token still says admin; the answers say what is true now.
    assert_eq!(jwt_claims(access)["roles"], json!(["admin"]));
    assert_eq!(
        app.validate(access).await["claims"]["roles"],
        json!(["user"])
    );
    assert_eq!(app.introspect(access).await["roles"], json!(["user"]));
    // And the admin API refuses the demoted user at once.
    let r = call(&app, Method::GET, "/api/admin/users", Some(access), None).await;
    assert_error(r, 403, "forbidden").await;
}

#[tokio::test]
async fn a_refresh_narrows_to_the_scope_an_admin_has_left_the_client() {
    let app = spawn_app().await;
    let admin = app.access_token("admin").await;
    let t = app.password_tokens("alice", "alicepass").await;
    assert!(t["scope"].as_str().unwrap().contains("email"));
    expect(
        &app,
        &admin,
        Method::PATCH,
        &format!("/api/admin/clients/{DEMO_CLIENT}"),
        Some(json!({"scope": "openid profile"})),
        200,
    )
    .await;
    let r = app.refresh(t["refresh_token"].as_str().unwrap()).await;
    assert_eq!(r.status(), 200);
    let next: Value = r.json().await.unwrap();
    assert_eq!(next["scope"], "openid profile");
    assert_eq!(
        jwt_claims(next["access_token"].as_str().unwrap())["scope"],
        "openid profile"
    );
}

#[tokio::test]
async fn a_changed_email_is_no_longer_verified() {
    let app = spawn_app().await;
    let alice = app.access_token("alice").await;
    let before: Value = app
        .get_bearer("/oauth2/userinfo", &alice)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        before["email_verified"], true,
        "seeded addresses are vouched for"
    );
    let r = app
        .http
        .patch(app.url("/api/profile"))
        .bearer_auth(&alice)
        .json(&json!({"email": "alice@new.example.com"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let after: Value = app
        .get_bearer("/oauth2/userinfo", &alice)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(after["email"], "alice@new.example.com");
    assert_eq!(after["email_verified"], false);
}

#[tokio::test]
async fn changing_a_profile_needs_the_profile_or_account_scope() {
    let app = spawn_app().await;
    let r = app
        .token(
            (DEMO_CLIENT, DEMO_SECRET),
            &[
                ("grant_type", "password"),
                ("username", "alice"),
                ("password", "alicepass"),
                ("scope", "openid email"),
            ],
        )
        .await;
    let t: Value = r.json().await.unwrap();
    let token = t["access_token"].as_str().unwrap();
    let r = app
        .http
        .patch(app.url("/api/profile"))
        .bearer_auth(token)
        .json(&json!({"first_name": "Mallory"}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.headers()
            .get("www-authenticate")
            .and_then(|v| v.to_str().ok()),
        Some(r#"Bearer realm="auth-server", error="insufficient_scope", scope="profile""#)
    );
    assert_error(r, 403, "insufficient_scope").await;
    // Reading is still allowed, and nothing changed.
    let p: Value = app
        .get_bearer("/api/profile", token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(p["first_name"], "Alice");
}
