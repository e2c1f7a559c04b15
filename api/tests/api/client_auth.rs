//! Client authentication at the token endpoint (RFC 6749 §2.3):
//! `client_secret_basic`, `client_secret_post` and `none`.

use serde_json::Value;

use crate::helpers::*;
use crate::password_grant::password_form;

#[tokio::test]
async fn client_secret_post_authenticates_with_the_secret_in_the_body() {
    let app = spawn_app().await;
    let mut form = password_form("alice", "alicepass");
    form.extend([("client_id", DEMO_CLIENT), ("client_secret", DEMO_SECRET)]);
    let r = app
        .http
        .post(app.url("/oauth2/token"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let t: Value = r.json().await.unwrap();
    assert_eq!(
        jwt_claims(t["access_token"].as_str().unwrap())["client_id"],
        DEMO_CLIENT
    );

    // A wrong secret in the body is refused like a wrong Basic secret.
    let mut form = password_form("alice", "alicepass");
    form.extend([("client_id", DEMO_CLIENT), ("client_secret", "wrong")]);
    let r = app
        .http
        .post(app.url("/oauth2/token"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert!(r.headers().contains_key("www-authenticate"));
    assert_error(r, 401, "invalid_client").await;
}

#[tokio::test]
async fn basic_credentials_and_a_body_secret_together_are_invalid_request() {
    let app = spawn_app().await;
    let mut form = password_form("alice", "alicepass");
    form.extend([("client_id", DEMO_CLIENT), ("client_secret", DEMO_SECRET)]);
    let r = app.token((DEMO_CLIENT, DEMO_SECRET), &form).await;
    assert_error(r, 400, "invalid_request").await;
}

#[tokio::test]
async fn a_public_client_authenticates_with_its_client_id_alone() {
    let app = spawn_app().await;
    let (id, secret) = app
        .client("public", &["password", "refresh_token"], None)
        .await;
    assert!(secret.is_empty());
    let mut form = password_form("alice", "alicepass");
    form.push(("client_id", &id));
    let r = app
        .http
        .post(app.url("/oauth2/token"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let t: Value = r.json().await.unwrap();
    assert_eq!(
        jwt_claims(t["access_token"].as_str().unwrap())["client_id"],
        id.as_str()
    );
    assert!(t["refresh_token"].as_str().is_some(), "{t}");

    // A public client has no secret to send; sending one is refused.
    let mut form = password_form("alice", "alicepass");
    form.extend([("client_id", id.as_str()), ("client_secret", "made-up")]);
    let r = app
        .http
        .post(app.url("/oauth2/token"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_error(r, 401, "invalid_client").await;
}

#[tokio::test]
async fn a_confidential_client_naming_itself_without_its_secret_is_invalid_client() {
    let app = spawn_app().await;
    let mut form = password_form("alice", "alicepass");
    form.push(("client_id", DEMO_CLIENT));
    let r = app
        .http
        .post(app.url("/oauth2/token"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_error(r, 401, "invalid_client").await;
}
