//! Service keys: shown once, never listed, revocable.

use reqwest::Method;
use serde_json::{Value, json};

use super::*;

#[tokio::test]
async fn a_service_key_is_shown_once_works_is_never_listed_and_stops_when_deleted() {
    let app = spawn_app().await;
    let admin = app.access_token("admin").await;
    let made = expect(
        &app,
        &admin,
        Method::POST,
        "/api/admin/service-keys",
        Some(json!({"name": "Shop", "scope": "openid profile"})),
        201,
    )
    .await;
    let id = made["id"].as_str().unwrap();
    let key = made["key"].as_str().unwrap();
    assert_eq!(made["name"], "Shop");
    assert_eq!(made["scope"], "openid profile");

    let r = app
        .http
        .post(app.url("/api/token/password/"))
        .header("X-Service-Key", key)
        .json(&json!({"username": "alice", "password": "alicepass"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let t: Value = r.json().await.unwrap();
    let claims = jwt_claims(t["access_token"].as_str().unwrap());
    assert_eq!(claims["client_id"], id);
    assert_eq!(claims["scope"], "openid profile");

    let listed = expect(
        &app,
        &admin,
        Method::GET,
        "/api/admin/service-keys",
        None,
        200,
    )
    .await;
    let text = listed.to_string();
    assert!(!text.contains(key), "{text}");
    let mine = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["id"] == id)
        .expect("listed");
    for field in ["key", "key_hash", "hash"] {
        assert!(mine.get(field).is_none(), "{field} in {mine}");
    }
    assert!(
        listed
            .as_array()
            .unwrap()
            .iter()
            .all(|k| k.get("key").is_none() && k.get("key_hash").is_none())
    );
    assert!(mine.get("revoked_at").is_none());

    expect(
        &app,
        &admin,
        Method::DELETE,
        &format!("/api/admin/service-keys/{id}"),
        None,
        204,
    )
    .await;
    let r = app
        .http
        .post(app.url("/api/token/password/"))
        .header("X-Service-Key", key)
        .json(&json!({"username": "alice", "password": "alicepass"}))
        .send()
        .await
        .unwrap();
    assert_error(r, 401, "invalid_service_key").await;
    let listed = expect(
        &app,
        &admin,
        Method::GET,
        "/api/admin/service-keys",
        None,
        200,
    )
    .await;
    let mine = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["id"] == id)
        .expect("still listed, as revoked");
    assert!(mine["revoked_at"].as_i64().is_some(), "{mine}");
    let r = call(
        &app,
        Method::DELETE,
        &format!("/api/admin/service-keys/{id}"),
        Some(&admin),
        None,
    )
    .await;
    assert_error(r, 404, "not_found").await;
}
