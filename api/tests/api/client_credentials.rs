//! RFC 6749 §4.4: the client credentials grant, and how the token endpoint
//! answers clients that fail to authenticate or ask for what it does not do.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Value, json};

use crate::helpers::*;

const CC: &[(&str, &str)] = &[("grant_type", "client_credentials")];

async fn assert_invalid_client(r: reqwest::Response) {
    let challenge = r
        .headers()
        .get("www-authenticate")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    assert!(
        challenge.as_deref().is_some_and(|c| c.starts_with("Basic")),
        "WWW-Authenticate: {challenge:?}"
    );
    assert_error(r, 401, "invalid_client").await;
}

#[tokio::test]
async fn the_right_secret_gets_an_access_token_for_the_client_itself() {
    let app = spawn_app().await;
    let r = app.token((DEMO_CLIENT, DEMO_SECRET), CC).await;
    assert_eq!(r.status(), 200);
    assert_eq!(
        r.headers()
            .get("cache-control")
            .and_then(|v| v.to_str().ok()),
        Some("no-store")
    );
    let t: Value = r.json().await.unwrap();
    assert_eq!(t["token_type"], "Bearer");
    assert!(
        t.get("refresh_token").is_none(),
        "RFC 6749 §4.4.3: no refresh token: {t}"
    );
    assert!(t.get("id_token").is_none(), "no user, no ID token: {t}");

    let access = t["access_token"].as_str().unwrap();
    assert_eq!(jwt_header(access)["typ"], "at+jwt");
    let claims = jwt_claims(access);
    assert_eq!(claims["sub"], DEMO_CLIENT);
    assert_eq!(claims["client_id"], DEMO_CLIENT);
    assert_eq!(claims["aud"], app.base.as_str());
    assert_eq!(claims["roles"], json!([]));
    assert!(claims.get("auth_time").is_none(), "{claims}");

    // A resource server accepts it.
    let v: Value = app
        .post_service("/api/validate-token", &json!({"token": access}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["valid"], true, "{v}");
    assert_eq!(v["claims"]["sub"], DEMO_CLIENT);
}

#[tokio::test]
async fn a_requested_scope_is_granted_within_the_clients_scope() {
    let app = spawn_app().await;
    let r = app
        .token(
            (DEMO_CLIENT, DEMO_SECRET),
            &[("grant_type", "client_credentials"), ("scope", "email")],
        )
        .await;
    assert_eq!(r.status(), 200);
    let t: Value = r.json().await.unwrap();
    assert_eq!(t["scope"], "email");
    assert_eq!(
        jwt_claims(t["access_token"].as_str().unwrap())["scope"],
        "email"
    );

    let r = app
        .token(
            (DEMO_CLIENT, DEMO_SECRET),
            &[
                ("grant_type", "client_credentials"),
                ("scope", "unregistered"),
            ],
        )
        .await;
    assert_error(r, 400, "invalid_scope").await;
}

#[tokio::test]
async fn a_wrong_secret_is_invalid_client_with_a_challenge() {
    let app = spawn_app().await;
    assert_invalid_client(app.token((DEMO_CLIENT, "wrong-secret"), CC).await).await;
    assert_invalid_client(app.token((DEMO_CLIENT, ""), CC).await).await;
}

#[tokio::test]
async fn an_unknown_client_is_invalid_client() {
    let app = spawn_app().await;
    assert_invalid_client(app.token(("no-such-client", DEMO_SECRET), CC).await).await;
}

#[tokio::test]
async fn an_unknown_client_and_a_wrong_secret_look_the_same() {
    let app = spawn_app().await;
    let wrong = app.token((DEMO_CLIENT, "wrong-secret"), CC).await;
    let unknown = app.token(("no-such-client", "wrong-secret"), CC).await;
    assert_eq!(wrong.status(), unknown.status());
    assert_eq!(wrong.text().await.unwrap(), unknown.text().await.unwrap());
}

#[tokio::test]
async fn a_malformed_basic_header_is_invalid_client() {
    let app = spawn_app().await;
    for header in [
        "Basic !!!not-base64!!!".to_string(),
        format!("Basic {}", STANDARD.encode("no-colon-here")),
        format!("Basic {}", STANDARD.encode([0xff, 0xfe, b':', b'x'])),
        "Basic".to_string(),
        "Bearer some-token".to_string(),
    ] {
        let r = app
            .http
            .post(app.url("/oauth2/token"))
            .header("Authorization", &header)
            .form(CC)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 401, "{header}");
        assert_invalid_client(r).await;
    }
}

#[tokio::test]
async fn no_client_authentication_at_all_is_invalid_client() {
    let app = spawn_app().await;
    let r = app
        .http
        .post(app.url("/oauth2/token"))
        .form(CC)
        .send()
        .await
        .unwrap();
    assert_invalid_client(r).await;
}

#[tokio::test]
async fn a_client_registered_without_the_grant_is_unauthorized_client() {
    let app = spawn_app().await;
    let (id, secret) = app
        .client("confidential", &["password", "refresh_token"], None)
        .await;
    let r = app.token((&id, &secret), CC).await;
    assert_error(r, 400, "unauthorized_client").await;
}

#[tokio::test]
async fn a_grant_type_the_server_does_not_support_is_unsupported_grant_type() {
    let app = spawn_app().await;
    for grant in [
        "implicit",
        "urn:ietf:params:oauth:grant-type:device_code",
        "made-up",
    ] {
        let r = app
            .token((DEMO_CLIENT, DEMO_SECRET), &[("grant_type", grant)])
            .await;
        assert_error(r, 400, "unsupported_grant_type").await;
    }
}

#[tokio::test]
async fn a_missing_grant_type_is_invalid_request() {
    let app = spawn_app().await;
    let r = app
        .token((DEMO_CLIENT, DEMO_SECRET), &[("scope", "email")])
        .await;
    assert_error(r, 400, "invalid_request").await;
    let r = app
        .token((DEMO_CLIENT, DEMO_SECRET), &[("grant_type", "")])
        .await;
    assert_error(r, 400, "invalid_request").await;
}

#[tokio::test]
async fn a_client_credentials_token_is_no_users_token() {
    let app = spawn_app().await;
    let t: Value = app
        .token((DEMO_CLIENT, DEMO_SECRET), CC)
        .await
        .json()
        .await
        .unwrap();
    let access = t["access_token"].as_str().unwrap();
    let r = app.get_bearer("/api/profile", access).await;
    assert_eq!(r.status(), 401);
}
