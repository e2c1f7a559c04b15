//! RFC 7662: token introspection at `/oauth2/introspect`, for resource
//! servers authenticating as a confidential client or with a service key.

use serde_json::{Value, json};

use crate::helpers::*;

async fn introspect_as(app: &TestApp, client: (&str, &str), token: &str) -> reqwest::Response {
    app.http
        .post(app.url("/oauth2/introspect"))
        .basic_auth(client.0, Some(client.1))
        .form(&[("token", token)])
        .send()
        .await
        .expect("introspect")
}

async fn alice_id(app: &TestApp) -> String {
    app.state
        .store
        .find_user_by_username("alice")
        .await
        .unwrap()
        .unwrap()
        .id
}

#[tokio::test]
async fn an_active_access_token_is_described() {
    let app = spawn_app().await;
    let access = app.access_token("alice").await;
    let claims = jwt_claims(&access);
    let i = app.introspect(&access).await;
    assert_eq!(i["active"], true, "{i}");
    assert_eq!(i["scope"], ALICE_SCOPE);
    assert_eq!(i["client_id"], DEMO_CLIENT);
    assert_eq!(i["username"], "alice");
    assert_eq!(i["sub"], alice_id(&app).await.as_str());
    assert_eq!(i["token_type"], "Bearer");
    assert_eq!(i["exp"], claims["exp"]);
    assert_eq!(i["iat"], claims["iat"]);
    assert_eq!(i["iss"], app.base.as_str());
    assert_eq!(i["aud"], app.base.as_str());
    assert_eq!(i["jti"], claims["jti"]);
    assert_eq!(i["roles"], json!(["user"]));
    assert_eq!(i["policies"], json!({"profile": "basic"}));
}

#[tokio::test]
async fn a_client_credentials_token_is_active_without_a_username() {
    let app = spawn_app().await;
    let t: Value = app
        .token(
            (DEMO_CLIENT, DEMO_SECRET),
            &[("grant_type", "client_credentials")],
        )
        .await
        .json()
        .await
        .unwrap();
    let i = app.introspect(t["access_token"].as_str().unwrap()).await;
    assert_eq!(i["active"], true, "{i}");
    assert_eq!(i["sub"], DEMO_CLIENT);
    assert_eq!(i["client_id"], DEMO_CLIENT);
    assert!(i.get("username").is_none(), "{i}");
}

#[tokio::test]
async fn an_active_refresh_token_is_described_as_one() {
    let app = spawn_app().await;
    let t = app.password_tokens("alice", "alicepass").await;
    let i = app.introspect(t["refresh_token"].as_str().unwrap()).await;
    assert_eq!(i["active"], true, "{i}");
    assert_eq!(i["token_type"], "refresh_token");
    assert_eq!(i["client_id"], DEMO_CLIENT);
    assert_eq!(i["username"], "alice");
    assert_eq!(i["sub"], alice_id(&app).await.as_str());
    assert_eq!(i["scope"], ALICE_SCOPE);
    assert_eq!(i["exp"], app.now() + app.state.settings.refresh_token_ttl);
}

#[tokio::test]
async fn a_used_refresh_token_is_inactive() {
    let app = spawn_app().await;
    let t = app.password_tokens("alice", "alicepass").await;
    let old = t["refresh_token"].as_str().unwrap();
    let r = app
        .token(
            (DEMO_CLIENT, DEMO_SECRET),
            &[("grant_type", "refresh_token"), ("refresh_token", old)],
        )
        .await;
    assert_eq!(r.status(), 200);
    let new: Value = r.json().await.unwrap();
    assert_eq!(app.introspect(old).await, json!({"active": false}));
    assert_eq!(
        app.introspect(new["refresh_token"].as_str().unwrap()).await["active"],
        true
    );
}

#[tokio::test]
async fn an_expired_access_token_is_just_inactive() {
    let app = spawn_app().await;
    let access = app.access_token("alice").await;
    app.clock.advance(899);
    assert_eq!(app.introspect(&access).await["active"], true);
    app.clock.advance(2);
    assert_eq!(app.introspect(&access).await, json!({"active": false}));
}

#[tokio::test]
async fn an_expired_refresh_token_is_just_inactive() {
    let app = spawn_app().await;
    let t = app.password_tokens("alice", "alicepass").await;
    app.clock.advance(app.state.settings.refresh_token_ttl + 1);
    assert_eq!(
        app.introspect(t["refresh_token"].as_str().unwrap()).await,
        json!({"active": false})
    );
}

#[tokio::test]
async fn a_revoked_access_token_is_inactive() {
    let app = spawn_app().await;
    let access = app.access_token("alice").await;
    let r = app
        .http
        .post(app.url("/oauth2/revoke"))
        .basic_auth(DEMO_CLIENT, Some(DEMO_SECRET))
        .form(&[("token", access.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(app.introspect(&access).await, json!({"active": false}));
}

#[tokio::test]
async fn garbage_is_inactive() {
    let app = spawn_app().await;
    for token in ["garbage", "a.b.c", "rt_unknown", "eyJhbGciOiJub25lIn0.e30."] {
        assert_eq!(
            app.introspect(token).await,
            json!({"active": false}),
            "{token}"
        );
    }
}

#[tokio::test]
async fn a_missing_token_is_invalid_request() {
    let app = spawn_app().await;
    let r = app
        .http
        .post(app.url("/oauth2/introspect"))
        .basic_auth(DEMO_CLIENT, Some(DEMO_SECRET))
        .form(&[("token_type_hint", "access_token")])
        .send()
        .await
        .unwrap();
    assert_error(r, 400, "invalid_request").await;
}

#[tokio::test]
async fn a_resource_server_client_sees_tokens_issued_to_other_clients() {
    let app = spawn_app().await;
    let t = app.password_tokens("alice", "alicepass").await;
    let (id, secret) = app
        .client("confidential", &["client_credentials"], None)
        .await;
    for token in [&t["access_token"], &t["refresh_token"]] {
        let r = introspect_as(&app, (&id, &secret), token.as_str().unwrap()).await;
        assert_eq!(r.status(), 200);
        let i: Value = r.json().await.unwrap();
        assert_eq!(i["active"], true, "{i}");
        assert_eq!(
            i["client_id"], DEMO_CLIENT,
            "the token's client, not the caller: {i}"
        );
    }
}

#[tokio::test]
async fn a_public_client_cannot_introspect() {
    let app = spawn_app().await;
    let access = app.access_token("alice").await;
    let (id, _) = app.client("public", &["password"], None).await;
    let r = app
        .http
        .post(app.url("/oauth2/introspect"))
        .form(&[("token", access.as_str()), ("client_id", id.as_str())])
        .send()
        .await
        .unwrap();
    assert!(r.headers().contains_key("www-authenticate"));
    assert_error(r, 401, "invalid_client").await;
}

#[tokio::test]
async fn a_confidential_client_may_authenticate_in_the_body() {
    let app = spawn_app().await;
    let access = app.access_token("alice").await;
    let r = app
        .http
        .post(app.url("/oauth2/introspect"))
        .form(&[
            ("token", access.as_str()),
            ("client_id", DEMO_CLIENT),
            ("client_secret", DEMO_SECRET),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.json::<Value>().await.unwrap()["active"], true);
}

#[tokio::test]
async fn a_service_key_authenticates_the_introspection() {
    let app = spawn_app().await;
    let access = app.access_token("alice").await;
    let r = app
        .http
        .post(app.url("/oauth2/introspect"))
        .header("X-Service-Key", SERVICE_KEY)
        .form(&[("token", access.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let i: Value = r.json().await.unwrap();
    assert_eq!(i["active"], true, "{i}");
    assert_eq!(i["username"], "alice");
}

#[tokio::test]
async fn a_wrong_service_key_is_invalid_service_key() {
    let app = spawn_app().await;
    let access = app.access_token("alice").await;
    let r = app
        .http
        .post(app.url("/oauth2/introspect"))
        .header("X-Service-Key", "sk_wrong")
        .form(&[("token", access.as_str())])
        .send()
        .await
        .unwrap();
    assert!(r.headers().contains_key("www-authenticate"));
    assert_error(r, 401, "invalid_service_key").await;
}

#[tokio::test]
async fn introspection_without_any_authentication_is_refused() {
    let app = spawn_app().await;
    let access = app.access_token("alice").await;
    let r = app
        .http
        .post(app.url("/oauth2/introspect"))
        .form(&[("token", access.as_str())])
        .send()
        .await
        .unwrap();
    assert!(r.headers().contains_key("www-authenticate"));
    assert_error(r, 401, "invalid_client").await;

    let r = introspect_as(&app, (DEMO_CLIENT, "wrong-secret"), &access).await;
    assert_error(r, 401, "invalid_client").await;
}
