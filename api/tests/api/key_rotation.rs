//! Signing keys: rotation (old tokens keep working until they expire, the
//! JWKS carries both keys meanwhile, a running server notices within 5 s),
//! encryption at rest, and ES256.

use std::time::{Duration, Instant};

use auth_server::config::{KeyEncryptionKey, SigningAlg};
use auth_server::keys::KeyRing;
use serde_json::{Value, json};

use crate::helpers::*;

async fn jwks_kids(app: &TestApp) -> Vec<String> {
    let r = app
        .http
        .get(app.url("/.well-known/jwks.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let jwks: Value = r.json().await.unwrap();
    jwks["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["kid"].as_str().unwrap().to_string())
        .collect()
}

async fn jwk(app: &TestApp, kid: &str) -> Value {
    let jwks: Value = app
        .http
        .get(app.url("/.well-known/jwks.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    jwks["keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["kid"] == kid)
        .cloned()
        .expect("kid in the JWKS")
}

async fn is_valid(app: &TestApp, token: &str) -> bool {
    let v: Value = app
        .post_service("/api/validate-token", &json!({"token": token}))
        .await
        .json()
        .await
        .unwrap();
    v["valid"].as_bool().unwrap()
}

async fn introspected_active(app: &TestApp, token: &str) -> bool {
    app.introspect(token).await["active"].as_bool().unwrap()
}

fn kid_of(token: &str) -> String {
    jwt_header(token)["kid"].as_str().unwrap().to_string()
}

async fn rotate(app: &TestApp, alg: SigningAlg) -> String {
    KeyRing::rotate(
        &app.state.store,
        app.state.settings.key_encryption_key.as_ref(),
        alg,
        app.now(),
    )
    .await
    .expect("rotate")
}

/// Verifies `token` against its published JWK, as a resource server would.
fn verifies_against(jwk: &Value, token: &str, alg: jsonwebtoken::Algorithm) -> bool {
    let parsed: jsonwebtoken::jwk::Jwk = serde_json::from_value(jwk.clone()).unwrap();
    let key = jsonwebtoken::DecodingKey::from_jwk(&parsed).unwrap();
    let mut v = jsonwebtoken::Validation::new(alg);
    v.validate_aud = false;
    jsonwebtoken::decode::<Value>(token, &key, &v).is_ok()
}

#[tokio::test]
async fn tokens_signed_before_a_rotation_still_validate_and_new_ones_use_the_new_key() {
    let app = spawn_app().await;
    let old_token = app.access_token("alice").await;
    let old_kid = kid_of(&old_token);
    assert_eq!(jwks_kids(&app).await, vec![old_kid.clone()]);

    let new_kid = rotate(&app, SigningAlg::Rs256).await;
    assert_ne!(new_kid, old_kid);
    // What the server's poller does every second, done now.
    app.state.keys.refresh().await.unwrap();

    let new_token = app.access_token("alice").await;
    assert_eq!(kid_of(&new_token), new_kid);
    assert_eq!(
        jwks_kids(&app).await,
        vec![new_kid.clone(), old_kid.clone()],
        "current key first"
    );

    for token in [&old_token, &new_token] {
        assert!(is_valid(&app, token).await);
        assert!(introspected_active(&app, token).await);
        assert_eq!(
            app.get_bearer("/oauth2/userinfo", token).await.status(),
            200
        );
    }
    // ID tokens are signed with the new key too.
    let t = app.password_tokens("alice", "alicepass").await;
    assert_eq!(kid_of(t["id_token"].as_str().unwrap()), new_kid);
}

#[tokio::test]
async fn a_running_server_picks_up_a_rotation_within_five_seconds() {
    let app = spawn_app().await;
    let old_kid = kid_of(&app.access_token("alice").await);
    // As the CLI would: straight into the database, the server not told.
    let new_kid = rotate(&app, SigningAlg::Rs256).await;

    let started = Instant::now();
    loop {
        if jwks_kids(&app).await.contains(&new_kid) {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "the new key did not appear in the JWKS within 5 s"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(kid_of(&app.access_token("alice").await), new_kid);
    assert!(jwks_kids(&app).await.contains(&old_kid));
}

#[tokio::test]
async fn the_old_key_leaves_the_jwks_once_its_tokens_have_expired() {
    let app = spawn_app().await;
    let old_token = app.access_token("alice").await;
    let old_kid = kid_of(&old_token);
    let new_kid = rotate(&app, SigningAlg::Rs256).await;
    app.state.keys.refresh().await.unwrap();

    // Still there for the last token it could have signed, plus leeway.
    let ttl = app.state.settings.access_token_ttl;
    app.clock.advance(ttl + 60);
    assert_eq!(
        jwks_kids(&app).await,
        vec![new_kid.clone(), old_kid.clone()]
    );

    app.clock.advance(1);
    assert_eq!(jwks_kids(&app).await, vec![new_kid.clone()]);
    assert!(!is_valid(&app, &old_token).await);
    let fresh = app.access_token("alice").await;
    assert_eq!(kid_of(&fresh), new_kid);
    assert!(is_valid(&app, &fresh).await);
}

#[tokio::test]
async fn a_token_signed_by_the_retired_key_is_trusted_to_its_last_second() {
    // A token signed just before the rotation is trusted to its last second.
    let app = spawn_app().await;
    let old_token = app.access_token("alice").await;
    rotate(&app, SigningAlg::Rs256).await;
    app.state.keys.refresh().await.unwrap();
    app.clock.advance(app.state.settings.access_token_ttl - 1);
    assert!(is_valid(&app, &old_token).await);
    app.clock.advance(1);
    assert!(!is_valid(&app, &old_token).await);
}

#[tokio::test]
async fn with_a_key_encryption_key_private_keys_are_stored_encrypted_and_tokens_work() {
    let app = spawn_app_with(|s| s.key_encryption_key = Some(KeyEncryptionKey([7u8; 32]))).await;
    let keys = app.state.store.list_signing_keys().await.unwrap();
    assert_eq!(keys.len(), 1);
    assert!(
        keys[0].private_key.starts_with("v1:"),
        "{}",
        &keys[0].private_key[..8]
    );

    let token = app.access_token("alice").await;
    assert!(is_valid(&app, &token).await);
    let t = app.password_tokens("alice", "alicepass").await;
    let r = app
        .token(
            (DEMO_CLIENT, DEMO_SECRET),
            &[
                ("grant_type", "refresh_token"),
                ("refresh_token", t["refresh_token"].as_str().unwrap()),
            ],
        )
        .await;
    assert_eq!(r.status(), 200);

    let new_kid = rotate(&app, SigningAlg::Rs256).await;
    app.state.keys.refresh().await.unwrap();
    let keys = app.state.store.list_signing_keys().await.unwrap();
    assert_eq!(keys.len(), 2);
    assert!(keys.iter().all(|k| k.private_key.starts_with("v1:")));
    let fresh = app.access_token("alice").await;
    assert_eq!(kid_of(&fresh), new_kid);
    assert!(is_valid(&app, &fresh).await);
    assert!(is_valid(&app, &token).await);
}

#[tokio::test]
async fn without_a_key_encryption_key_private_keys_are_stored_plain() {
    let app = spawn_app().await;
    let keys = app.state.store.list_signing_keys().await.unwrap();
    assert!(keys.iter().all(|k| k.private_key.starts_with("plain:")));
}

#[tokio::test]
async fn an_es256_server_issues_es256_tokens_that_validate() {
    let app = spawn_app_with(|s| s.signing_alg = SigningAlg::Es256).await;
    let t = app.password_tokens("alice", "alicepass").await;
    let access = t["access_token"].as_str().unwrap();
    let header = jwt_header(access);
    assert_eq!(header["alg"], "ES256");
    assert_eq!(header["typ"], "at+jwt");

    let key = jwk(&app, header["kid"].as_str().unwrap()).await;
    assert_eq!(key["kty"], "EC");
    assert_eq!(key["crv"], "P-256");
    assert_eq!(key["alg"], "ES256");
    assert_eq!(key["use"], "sig");
    assert!(verifies_against(
        &key,
        access,
        jsonwebtoken::Algorithm::ES256
    ));
    assert!(verifies_against(
        &key,
        t["id_token"].as_str().unwrap(),
        jsonwebtoken::Algorithm::ES256
    ));

    assert!(is_valid(&app, access).await);
    assert!(introspected_active(&app, access).await);
    assert_eq!(
        app.get_bearer("/oauth2/userinfo", access).await.status(),
        200
    );
}

#[tokio::test]
async fn rotating_to_another_algorithm_keeps_old_tokens_valid() {
    let app = spawn_app().await;
    let rs = app.access_token("alice").await;
    let new_kid = rotate(&app, SigningAlg::Es256).await;
    app.state.keys.refresh().await.unwrap();
    let es = app.access_token("alice").await;
    assert_eq!(jwt_header(&es)["alg"], "ES256");
    assert_eq!(kid_of(&es), new_kid);
    assert_eq!(jwt_header(&rs)["alg"], "RS256");
    assert!(is_valid(&app, &rs).await);
    assert!(is_valid(&app, &es).await);
    assert!(verifies_against(
        &jwk(&app, &kid_of(&rs)).await,
        &rs,
        jsonwebtoken::Algorithm::RS256
    ));
    assert!(verifies_against(
        &jwk(&app, &new_kid).await,
        &es,
        jsonwebtoken::Algorithm::ES256
    ));
}

#[tokio::test]
async fn a_rotation_without_the_key_encryption_key_is_refused_when_keys_are_sealed() {
    let kek = KeyEncryptionKey([7u8; 32]);
    let app = spawn_app_with(|s| s.key_encryption_key = Some(kek.clone())).await;
    let store = &app.state.store;
    for wrong in [None, Some(KeyEncryptionKey([8u8; 32]))] {
        let err = KeyRing::rotate(store, wrong.as_ref(), SigningAlg::Rs256, app.now())
            .await
            .unwrap_err()
            .to_string();
        assert!(err.contains("KEY_ENCRYPTION_KEY"), "{err}");
    }
    assert_eq!(
        store.list_signing_keys().await.unwrap().len(),
        1,
        "nothing was stored"
    );
    KeyRing::rotate(store, Some(&kek), SigningAlg::Rs256, app.now())
        .await
        .expect("with the right key it works");
}

#[tokio::test]
async fn a_key_stored_in_clear_beside_sealed_ones_is_refused_by_running_and_new_servers() {
    let kek = KeyEncryptionKey([7u8; 32]);
    let app = spawn_app_with(|s| s.key_encryption_key = Some(kek.clone())).await;
    let before = app.access_token("alice").await;
    // What an older `rotate-keys` run without the key-encryption key left.
    let (key, der) = auth_server::keys::SigningKey::generate(SigningAlg::Rs256).unwrap();
    let plain = auth_server::keys::cipher::KeyCipher::new(None)
        .seal(&key.kid, &der)
        .unwrap();
    app.state
        .store
        .insert_signing_key(&auth_server::storage::SigningKeyRecord {
            kid: key.kid.clone(),
            alg: "RS256".into(),
            private_key: plain,
            public_jwk: key.public_jwk().to_string(),
            created_at: app.now(),
            retired_at: None,
        })
        .await
        .unwrap();

    let err = app.state.keys.refresh().await.unwrap_err().to_string();
    assert!(
        err.contains("KEY_ENCRYPTION_KEY") && err.contains(&key.kid),
        "{err}"
    );
    // The running server keeps signing with the sealed key...
    let after = app.access_token("alice").await;
    assert_eq!(kid_of(&after), kid_of(&before));
    assert!(!jwks_kids(&app).await.contains(&key.kid));
    // ...and a server starting on this database refuses to start.
    let mut settings = test_settings(app.db.url());
    settings.key_encryption_key = Some(kek);
    let err = match auth_server::startup::build_state(settings, app.clock.clone()).await {
        Ok(_) => panic!("a server must not start with a clear key beside sealed ones"),
        Err(e) => format!("{e:#}"),
    };
    assert!(err.contains("KEY_ENCRYPTION_KEY"), "{err}");
}
