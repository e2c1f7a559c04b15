//! rotate-keys.

use serde_json::Value;

use crate::helpers::*;

use super::*;

#[tokio::test]
async fn rotate_keys_prints_the_new_kid_and_a_running_server_serves_and_signs_with_it_within_five_seconds()
 {
    let db = TestDb::new();
    cli(db.url(), &["seed-demo-users", "--json"])
        .await
        .ok_json();
    let app = spawn_app_on(db).await;
    let url = app.db.url();
    let before = app.access_token("alice").await;
    let old_kid = jwt_header(&before)["kid"].as_str().unwrap().to_string();

    let out = cli(url, &["rotate-keys", "--json"]).await.ok_json();
    let kid = out["kid"].as_str().expect("kid").to_string();
    assert_eq!(out.as_object().unwrap().len(), 1, "{out}");
    assert_ne!(kid, old_kid);

    within_five_seconds("the new kid in the JWKS", || async {
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
            .any(|k| k["kid"] == kid.as_str())
    })
    .await;
    let jwks: Value = app
        .http
        .get(app.url("/.well-known/jwks.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let kids: Vec<&str> = jwks["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["kid"].as_str().unwrap())
        .collect();
    assert_eq!(
        kids.first(),
        Some(&kid.as_str()),
        "the new key is listed first"
    );
    assert!(
        kids.contains(&old_kid.as_str()),
        "the old key stays while its tokens live"
    );

    let after = app.access_token("alice").await;
    assert_eq!(
        jwt_header(&after)["kid"],
        kid.as_str(),
        "new tokens are signed with the new key"
    );
    for token in [&before, &after] {
        assert_eq!(app.get_bearer("/api/profile", token).await.status(), 200);
    }
}

#[tokio::test]
async fn rotate_keys_without_the_key_encryption_key_is_refused_when_keys_are_sealed() {
    let db = TestDb::new();
    let kek = "BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=";
    let first = cli_env(
        db.url(),
        &["rotate-keys", "--json"],
        &[("KEY_ENCRYPTION_KEY", kek)],
    )
    .await
    .ok_json();
    let run = cli(db.url(), &["rotate-keys", "--json"]).await;
    assert!(!run.ok);
    let err = run.json();
    assert_eq!(err["error"], "command_failed");
    assert!(
        err["error_description"]
            .as_str()
            .unwrap()
            .contains("KEY_ENCRYPTION_KEY"),
        "{err}"
    );
    // With the key the rotation goes ahead, and the refused one left nothing.
    let again = cli_env(
        db.url(),
        &["rotate-keys", "--json"],
        &[("KEY_ENCRYPTION_KEY", kek)],
    )
    .await
    .ok_json();
    assert_ne!(again["kid"], first["kid"]);
    let app = spawn_app_on_with(db, |s| {
        s.key_encryption_key = Some(auth_server::config::KeyEncryptionKey([7u8; 32]))
    })
    .await;
    assert_eq!(app.state.store.list_signing_keys().await.unwrap().len(), 2);
}
