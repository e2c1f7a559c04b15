//! RFC 6749 §4.3: the resource owner password credentials grant at
//! `/oauth2/token`, the tokens it issues (RFC 9068, OIDC Core §2) and the
//! client authentication methods around it (RFC 6749 §2.3).

use std::time::{Duration, Instant};

use aws_lc_rs::digest;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};

use crate::helpers::*;

pub fn password_form<'a>(username: &'a str, password: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("grant_type", "password"),
        ("username", username),
        ("password", password),
    ]
}

async fn user_id(app: &TestApp, username: &str) -> String {
    app.state
        .store
        .find_user_by_username(username)
        .await
        .expect("store")
        .expect("user")
        .id
}

/// The JWK that signed `token`, as published at the JWKS endpoint.
async fn published_key_of(app: &TestApp, token: &str) -> Value {
    let kid = jwt_header(token)["kid"]
        .as_str()
        .expect("kid in the header")
        .to_string();
    let jwks: Value = app
        .http
        .get(app.url("/.well-known/jwks.json"))
        .send()
        .await
        .expect("jwks")
        .json()
        .await
        .expect("JSON");
    jwks["keys"]
        .as_array()
        .expect("keys")
        .iter()
        .find(|k| k["kid"] == kid.as_str())
        .unwrap_or_else(|| panic!("kid {kid} is not in the JWKS {jwks}"))
        .clone()
}

/// Verifies the signature of `token` against the published key, as a
/// resource server would.
fn verify_with(jwk: &Value, token: &str, audience: &str, issuer: &str) -> Value {
    let parsed: jsonwebtoken::jwk::Jwk = serde_json::from_value(jwk.clone()).expect("a JWK");
    let key = jsonwebtoken::DecodingKey::from_jwk(&parsed).expect("a decoding key");
    let mut v = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::RS256);
    v.set_audience(&[audience]);
    v.set_issuer(&[issuer]);
    jsonwebtoken::decode::<Value>(token, &key, &v)
        .expect("the signature verifies")
        .claims
}

#[tokio::test]
async fn the_right_password_gets_access_refresh_and_id_tokens_that_are_not_cached() {
    let app = spawn_app().await;
    let r = app
        .token(
            (DEMO_CLIENT, DEMO_SECRET),
            &password_form("alice", "alicepass"),
        )
        .await;
    assert_eq!(r.status(), 200);
    assert_eq!(
        r.headers()
            .get("cache-control")
            .and_then(|v| v.to_str().ok()),
        Some("no-store")
    );
    let t: Value = r.json().await.unwrap();
    assert_eq!(t["token_type"], "Bearer");
    assert_eq!(t["expires_in"], 900);
    assert_eq!(t["scope"], ALICE_SCOPE);
    assert_eq!(t["access_token"].as_str().unwrap().split('.').count(), 3);
    assert_eq!(t["id_token"].as_str().unwrap().split('.').count(), 3);
    assert!(
        t["refresh_token"].as_str().unwrap().starts_with("rt_"),
        "{t}"
    );
}

#[tokio::test]
async fn the_access_token_carries_the_rfc_9068_claims_and_a_published_signature() {
    let app = spawn_app().await;
    let before = app.now();
    let t = app.password_tokens("alice", "alicepass").await;
    let access = t["access_token"].as_str().unwrap();

    let header = jwt_header(access);
    assert_eq!(header["typ"], "at+jwt");
    assert_eq!(header["alg"], "RS256");
    let jwk = published_key_of(&app, access).await;
    assert_eq!(jwk["alg"], "RS256");
    assert_eq!(jwk["use"], "sig");

    let claims = verify_with(&jwk, access, &app.base, &app.base);
    assert_eq!(claims, jwt_claims(access));
    assert_eq!(claims["iss"], app.base.as_str());
    assert_eq!(claims["aud"], app.base.as_str());
    assert_eq!(claims["sub"], user_id(&app, "alice").await.as_str());
    assert_eq!(claims["client_id"], DEMO_CLIENT);
    assert_eq!(claims["scope"], ALICE_SCOPE);
    assert_eq!(claims["iat"], before);
    assert_eq!(claims["exp"], before + 900);
    assert!(
        claims["jti"].as_str().is_some_and(|j| j.len() >= 16),
        "{claims}"
    );
    assert_eq!(claims["roles"], json!(["user"]));
    assert_eq!(claims["policies"], json!({"profile": "basic"}));

    // Every token has its own jti.
    let again = app.access_token("alice").await;
    assert_ne!(jwt_claims(&again)["jti"], claims["jti"]);
}

#[tokio::test]
async fn the_id_token_is_for_the_client_and_binds_the_access_token() {
    let app = spawn_app().await;
    let t = app.password_tokens("alice", "alicepass").await;
    let access = t["access_token"].as_str().unwrap();
    let id_token = t["id_token"].as_str().unwrap();

    assert_eq!(jwt_header(id_token)["typ"], "JWT");
    let jwk = published_key_of(&app, id_token).await;
    let claims = verify_with(&jwk, id_token, DEMO_CLIENT, &app.base);
    assert_eq!(claims["aud"], DEMO_CLIENT);
    assert_eq!(claims["sub"], jwt_claims(access)["sub"]);
    assert_eq!(claims["auth_time"], app.now());
    // OIDC Core §3.1.3.6: the left half of SHA-256 of the access token.
    let d = digest::digest(&digest::SHA256, access.as_bytes());
    assert_eq!(
        claims["at_hash"],
        URL_SAFE_NO_PAD.encode(&d.as_ref()[..16]).as_str()
    );
}

#[tokio::test]
async fn an_admin_token_carries_the_admin_role() {
    let app = spawn_app().await;
    let claims = jwt_claims(&app.access_token("admin").await);
    assert_eq!(claims["roles"], json!(["admin"]));
    assert_eq!(claims["sub"], user_id(&app, "admin").await.as_str());
}

#[tokio::test]
async fn a_narrower_scope_is_granted_as_asked_with_only_its_policies() {
    let app = spawn_app().await;
    let mut form = password_form("alice", "alicepass");
    form.push(("scope", "email roles"));
    let r = app.token((DEMO_CLIENT, DEMO_SECRET), &form).await;
    assert_eq!(r.status(), 200);
    let t: Value = r.json().await.unwrap();
    assert_eq!(t["scope"], "email roles");
    // No openid, no ID token.
    assert!(t.get("id_token").is_none(), "{t}");
    let claims = jwt_claims(t["access_token"].as_str().unwrap());
    assert_eq!(claims["scope"], "email roles");
    assert_eq!(claims["policies"], json!({}));
}

#[tokio::test]
async fn a_wrong_password_is_invalid_grant() {
    let app = spawn_app().await;
    let r = app
        .token((DEMO_CLIENT, DEMO_SECRET), &password_form("alice", "wrong"))
        .await;
    assert_error(r, 400, "invalid_grant").await;
}

#[tokio::test]
async fn an_unknown_user_gets_exactly_the_answer_of_a_wrong_password() {
    let app = spawn_app().await;
    let wrong = app
        .token((DEMO_CLIENT, DEMO_SECRET), &password_form("alice", "wrong"))
        .await;
    let unknown = app
        .token(
            (DEMO_CLIENT, DEMO_SECRET),
            &password_form("nobody", "wrong"),
        )
        .await;
    assert_eq!(wrong.status(), unknown.status());
    assert_eq!(
        wrong.headers().get("content-type"),
        unknown.headers().get("content-type")
    );
    let wrong = wrong.text().await.unwrap();
    let unknown = unknown.text().await.unwrap();
    assert_eq!(wrong, unknown);
    assert_eq!(
        serde_json::from_str::<Value>(&wrong).unwrap()["error"],
        "invalid_grant"
    );
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

#[tokio::test]
async fn an_unknown_user_takes_as_long_as_a_wrong_password() {
    // Many wrong attempts in a row: throttling (tested on its own) is
    // relaxed so that every attempt reaches the password check.
    let app = spawn_app_with(|s| {
        s.argon2_memory_kib = 8192;
        s.argon2_iterations = 2;
        s.throttle_free_failures = 10_000;
    })
    .await;
    let attempt = |username: &'static str| {
        let app = &app;
        async move {
            let started = Instant::now();
            let r = app
                .token(
                    (DEMO_CLIENT, DEMO_SECRET),
                    &password_form(username, "wrong"),
                )
                .await;
            let took = started.elapsed();
            assert_eq!(r.status(), 400);
            took
        }
    };
    // Warm up connections and caches, then interleave so that any load on
    // the machine falls on both alike.
    attempt("alice").await;
    attempt("nobody").await;
    let (mut wrong, mut unknown) = (Vec::new(), Vec::new());
    for _ in 0..15 {
        wrong.push(attempt("alice").await);
        unknown.push(attempt("nobody").await);
    }
    let (wrong, unknown) = (median(wrong), median(unknown));
    let ratio = wrong.as_secs_f64() / unknown.as_secs_f64();
    assert!(
        (0.5..=2.0).contains(&ratio),
        "median wrong password {wrong:?}, median unknown user {unknown:?}"
    );
}

#[tokio::test]
async fn a_client_registered_without_the_password_grant_is_unauthorized_client() {
    let app = spawn_app().await;
    let (id, secret) = app
        .client(
            "confidential",
            &["client_credentials", "refresh_token"],
            None,
        )
        .await;
    let r = app
        .token((&id, &secret), &password_form("alice", "alicepass"))
        .await;
    assert_error(r, 400, "unauthorized_client").await;
}

#[tokio::test]
async fn a_scope_the_client_does_not_have_is_invalid_scope() {
    let app = spawn_app().await;
    let mut form = password_form("alice", "alicepass");
    form.push(("scope", "openid unregistered"));
    let r = app.token((DEMO_CLIENT, DEMO_SECRET), &form).await;
    assert_error(r, 400, "invalid_scope").await;

    let (id, secret) = app
        .client("confidential", &["password"], Some("openid"))
        .await;
    let mut form = password_form("alice", "alicepass");
    form.push(("scope", "openid profile"));
    let r = app.token((&id, &secret), &form).await;
    assert_error(r, 400, "invalid_scope").await;
}

#[tokio::test]
async fn a_missing_username_or_password_is_invalid_request() {
    let app = spawn_app().await;
    let r = app
        .token(
            (DEMO_CLIENT, DEMO_SECRET),
            &[("grant_type", "password"), ("password", "alicepass")],
        )
        .await;
    assert_error(r, 400, "invalid_request").await;
    let r = app
        .token(
            (DEMO_CLIENT, DEMO_SECRET),
            &[
                ("grant_type", "password"),
                ("username", ""),
                ("password", "alicepass"),
            ],
        )
        .await;
    assert_error(r, 400, "invalid_request").await;
    let r = app
        .token(
            (DEMO_CLIENT, DEMO_SECRET),
            &[("grant_type", "password"), ("username", "alice")],
        )
        .await;
    assert_error(r, 400, "invalid_request").await;
}
