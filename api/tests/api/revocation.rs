//! RFC 7009: token revocation at `/oauth2/revoke`, and what a revoked token
//! means to every endpoint that accepts one.

use serde_json::{Value, json};

use crate::helpers::*;

async fn revoke(app: &TestApp, client: (&str, &str), token: &str) -> reqwest::Response {
    app.http
        .post(app.url("/oauth2/revoke"))
        .basic_auth(client.0, Some(client.1))
        .form(&[("token", token)])
        .send()
        .await
        .expect("revoke")
}

/// What a user of the access token sees: introspection, both userinfo
/// endpoints, validate-token and the profile.
async fn assert_access_works(app: &TestApp, token: &str, works: bool) {
    assert_eq!(app.introspect(token).await["active"], works);
    assert_eq!(app.validate(token).await["valid"], works);
    let expected = if works { 200 } else { 401 };
    for path in ["/oauth2/userinfo", "/api/userinfo", "/api/profile"] {
        let r = app.get_bearer(path, token).await;
        assert_eq!(r.status().as_u16(), expected, "{path}");
    }
}

#[tokio::test]
async fn a_revoked_access_token_is_inactive_everywhere_at_once() {
    let app = spawn_app().await;
    let access = app.access_token("alice").await;
    assert_access_works(&app, &access, true).await;

    let r = revoke(&app, (DEMO_CLIENT, DEMO_SECRET), &access).await;
    assert_eq!(r.status(), 200);

    assert_access_works(&app, &access, false).await;
    assert_eq!(app.introspect(&access).await, json!({"active": false}));
    assert_eq!(app.validate(&access).await, json!({"valid": false}));
    let r = app.get_bearer("/api/profile", &access).await;
    assert_error(r, 401, "invalid_token").await;

    // Other tokens of the same user are untouched.
    let other = app.access_token("alice").await;
    assert_access_works(&app, &other, true).await;
}

#[tokio::test]
async fn revoking_an_access_token_twice_is_fine() {
    let app = spawn_app().await;
    let access = app.access_token("alice").await;
    assert_eq!(
        revoke(&app, (DEMO_CLIENT, DEMO_SECRET), &access)
            .await
            .status(),
        200
    );
    assert_eq!(
        revoke(&app, (DEMO_CLIENT, DEMO_SECRET), &access)
            .await
            .status(),
        200
    );
    assert_access_works(&app, &access, false).await;
}

#[tokio::test]
async fn a_revoked_refresh_token_can_no_longer_be_used() {
    let app = spawn_app().await;
    let t = app.password_tokens("alice", "alicepass").await;
    let token = t["refresh_token"].as_str().unwrap();
    assert_eq!(
        revoke(&app, (DEMO_CLIENT, DEMO_SECRET), token)
            .await
            .status(),
        200
    );
    assert_error(app.refresh(token).await, 400, "invalid_grant").await;
    assert_eq!(app.introspect(token).await, json!({"active": false}));
}

#[tokio::test]
async fn revoking_a_refresh_token_revokes_its_family() {
    let app = spawn_app().await;
    let t = app.password_tokens("alice", "alicepass").await;
    let first = t["refresh_token"].as_str().unwrap().to_string();
    let r = app.refresh(&first).await;
    assert_eq!(r.status(), 200);
    let second = r.json::<Value>().await.unwrap()["refresh_token"]
        .as_str()
        .unwrap()
        .to_string();

    // The client revokes the token it started with; the one it holds now
    // goes with it.
    let r = app
        .http
        .post(app.url("/oauth2/revoke"))
        .basic_auth(DEMO_CLIENT, Some(DEMO_SECRET))
        .form(&[
            ("token", first.as_str()),
            ("token_type_hint", "refresh_token"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(app.introspect(&second).await, json!({"active": false}));
    assert_error(app.refresh(&second).await, 400, "invalid_grant").await;

    // Another login is another family.
    let other = app.password_tokens("alice", "alicepass").await;
    assert_eq!(
        app.refresh(other["refresh_token"].as_str().unwrap())
            .await
            .status(),
        200
    );
}

#[tokio::test]
async fn an_unknown_or_garbage_token_is_revoked_without_complaint() {
    let app = spawn_app().await;
    for token in [
        "rt_unknown",
        "garbage",
        "a.b.c",
        "eyJhbGciOiJub25lIn0.e30.",
        &"x".repeat(10_000),
    ] {
        let r = revoke(&app, (DEMO_CLIENT, DEMO_SECRET), token).await;
        assert_eq!(r.status(), 200, "{token}");
    }
    let r = app
        .http
        .post(app.url("/oauth2/revoke"))
        .basic_auth(DEMO_CLIENT, Some(DEMO_SECRET))
        .form(&[
            ("token", "rt_unknown"),
            ("token_type_hint", "something_else"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn a_revocation_without_a_token_is_invalid_request() {
    let app = spawn_app().await;
    let r = app
        .http
        .post(app.url("/oauth2/revoke"))
        .basic_auth(DEMO_CLIENT, Some(DEMO_SECRET))
        .form(&[("token_type_hint", "access_token")])
        .send()
        .await
        .unwrap();
    assert_error(r, 400, "invalid_request").await;
}

#[tokio::test]
async fn another_clients_token_is_refused_and_keeps_working() {
    let app = spawn_app().await;
    let t = app.password_tokens("alice", "alicepass").await;
    let access = t["access_token"].as_str().unwrap();
    let refresh_token = t["refresh_token"].as_str().unwrap();
    let (id, secret) = app
        .client("confidential", &["client_credentials"], None)
        .await;

    assert_error(
        revoke(&app, (&id, &secret), access).await,
        400,
        "unauthorized_client",
    )
    .await;
    assert_error(
        revoke(&app, (&id, &secret), refresh_token).await,
        400,
        "unauthorized_client",
    )
    .await;

    assert_access_works(&app, access, true).await;
    assert_eq!(app.refresh(refresh_token).await.status(), 200);
}

#[tokio::test]
async fn a_revocation_without_client_authentication_is_invalid_client() {
    let app = spawn_app().await;
    let access = app.access_token("alice").await;
    let r = app
        .http
        .post(app.url("/oauth2/revoke"))
        .form(&[("token", access.as_str())])
        .send()
        .await
        .unwrap();
    assert!(r.headers().contains_key("www-authenticate"));
    assert_error(r, 401, "invalid_client").await;

    let r = revoke(&app, (DEMO_CLIENT, "wrong-secret"), &access).await;
    assert!(r.headers().contains_key("www-authenticate"));
    assert_error(r, 401, "invalid_client").await;

    assert_access_works(&app, &access, true).await;
}

#[tokio::test]
async fn a_public_client_revokes_its_own_tokens_by_naming_itself() {
    let app = spawn_app().await;
    let (id, _) = app
        .client("public", &["password", "refresh_token"], None)
        .await;
    let r = app
        .http
        .post(app.url("/oauth2/token"))
        .form(&[
            ("grant_type", "password"),
            ("username", "alice"),
            ("password", "alicepass"),
            ("client_id", &id),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let t: Value = r.json().await.unwrap();
    let refresh_token = t["refresh_token"].as_str().unwrap();

    let r = app
        .http
        .post(app.url("/oauth2/revoke"))
        .form(&[("token", refresh_token), ("client_id", &id)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let r = app
        .http
        .post(app.url("/oauth2/token"))
        .form(&[
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh_token),
            ("client_id", &id),
        ])
        .send()
        .await
        .unwrap();
    assert_error(r, 400, "invalid_grant").await;
}
