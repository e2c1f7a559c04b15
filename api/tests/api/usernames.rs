//! Usernames are NFKC-normalised and compared without regard to case.

use reqwest::Method;
use serde_json::json;

use crate::admin::{call, expect};
use crate::helpers::*;

#[tokio::test]
async fn a_username_signs_in_in_any_case_or_width() {
    let app = spawn_app().await;
    for spelling in [
        "alice",
        "Alice",
        "ALICE",
        "\u{ff41}\u{ff4c}\u{ff49}\u{ff43}\u{ff45}",
    ] {
        let t = app.password_tokens(spelling, "alicepass").await;
        let profile: serde_json::Value = app
            .get_bearer("/api/profile", t["access_token"].as_str().unwrap())
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(profile["username"], "alice", "{spelling}");
    }
    let r = app
        .post_service(
            "/api/token/password",
            &json!({"username": "Alice", "password": "alicepass"}),
        )
        .await;
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn creating_a_user_whose_name_differs_only_in_case_or_width_is_a_conflict() {
    let app = spawn_app().await;
    let admin = app.access_token("admin").await;
    for spelling in ["ALICE", "Alice", "\u{ff21}lice"] {
        let r = call(
            &app,
            Method::POST,
            "/api/admin/users",
            Some(&admin),
            Some(json!({"username": spelling, "password": "x-secret-pw"})),
        )
        .await;
        assert_error(r, 409, "conflict").await;
    }
    // A new user is stored in the canonical form.
    let made = expect(
        &app,
        &admin,
        Method::POST,
        "/api/admin/users",
        Some(json!({"username": "Bob", "password": "bobpass"})),
        201,
    )
    .await;
    assert_eq!(made["username"], "bob");
    app.password_tokens("BOB", "bobpass").await;
}
