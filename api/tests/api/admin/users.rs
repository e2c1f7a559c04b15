//! Users: create, list, change, disable, delete.

use reqwest::Method;
use serde_json::{Value, json};

use super::*;

#[tokio::test]
async fn an_admin_creates_a_user_who_can_then_sign_in_and_the_password_is_never_shown() {
    let app = spawn_app().await;
    let admin = app.access_token("admin").await;
    let r = call(
        &app,
        Method::POST,
        "/api/admin/users",
        Some(&admin),
        Some(json!({"username": "bob", "email": "bob@example.com", "password": "b0b-secret-pw", "roles": ["user"]})),
    )
    .await;
    assert_eq!(r.status(), 201);
    let text = r.text().await.unwrap();
    assert!(!text.contains("b0b-secret-pw"), "password in {text}");
    assert!(!text.contains("$argon2"), "hash in {text}");
    let user: Value = serde_json::from_str(&text).unwrap();
    for key in ["password", "password_hash", "hash"] {
        assert!(user.get(key).is_none(), "{key} in {text}");
    }
    assert_eq!(user["username"], "bob");
    assert_eq!(user["email"], "bob@example.com");
    assert_eq!(user["roles"], json!(["user"]));
    assert_eq!(user["disabled"], false);
    let id = user["id"].as_str().unwrap();

    let t = app.password_tokens("bob", "b0b-secret-pw").await;
    assert_eq!(jwt_claims(t["access_token"].as_str().unwrap())["sub"], id);
    assert_eq!(
        jwt_claims(t["access_token"].as_str().unwrap())["roles"],
        json!(["user"])
    );

    let got = expect(
        &app,
        &admin,
        Method::GET,
        &format!("/api/admin/users/{id}"),
        None,
        200,
    )
    .await;
    assert_eq!(got, user);
    let listed = expect(&app, &admin, Method::GET, "/api/admin/users", None, 200).await;
    let listed_text = listed.to_string();
    assert!(
        !listed_text.contains("$argon2") && !listed_text.contains("password"),
        "{listed_text}"
    );
}

#[tokio::test]
async fn a_taken_username_is_a_conflict_and_the_existing_user_is_untouched() {
    let app = spawn_app().await;
    let admin = app.access_token("admin").await;
    let r = call(
        &app,
        Method::POST,
        "/api/admin/users",
        Some(&admin),
        Some(json!({"username": "alice", "email": "evil@example.com", "password": "hijacked", "roles": ["admin"]})),
    )
    .await;
    assert_error(r, 409, "conflict").await;
    assert_eq!(login(&app, "alice", "alicepass").await.status(), 200);
    assert_error(login(&app, "alice", "hijacked").await, 400, "invalid_grant").await;
    let alice = app.access_token("alice").await;
    let p: Value = app
        .get_bearer("/api/profile", &alice)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (p["email"].as_str(), p["roles"].clone()),
        (Some("alice@example.com"), json!(["user"]))
    );
}

#[tokio::test]
async fn a_user_with_an_unknown_role_is_refused_and_not_created() {
    let app = spawn_app().await;
    let admin = app.access_token("admin").await;
    let r = call(
        &app,
        Method::POST,
        "/api/admin/users",
        Some(&admin),
        Some(json!({"username": "carol", "email": "carol@example.com", "password": "carolpass", "roles": ["wizard"]})),
    )
    .await;
    assert_error(r, 400, "invalid_request").await;
    let users = expect(&app, &admin, Method::GET, "/api/admin/users", None, 200).await;
    assert!(!users.to_string().contains("carol"));
    assert_error(
        login(&app, "carol", "carolpass").await,
        400,
        "invalid_grant",
    )
    .await;
}

#[tokio::test]
async fn an_admin_lists_gets_changes_and_deletes_users() {
    let app = spawn_app().await;
    let admin = app.access_token("admin").await;
    let users = expect(&app, &admin, Method::GET, "/api/admin/users", None, 200).await;
    let names: Vec<&str> = users
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["username"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["admin", "alice"], "ordered by username");
    let roles: Vec<&Value> = users
        .as_array()
        .unwrap()
        .iter()
        .map(|u| &u["roles"])
        .collect();
    assert_eq!(
        roles,
        [&json!(["admin"]), &json!(["user"])],
        "each user with their roles"
    );
    let second = expect(
        &app,
        &admin,
        Method::GET,
        "/api/admin/users?limit=1&offset=1",
        None,
        200,
    )
    .await;
    assert_eq!(second[0]["username"], "alice");
    assert_eq!(second[0]["roles"], json!(["user"]));
    assert_eq!(second.as_array().unwrap().len(), 1);

    let created = expect(
        &app,
        &admin,
        Method::POST,
        "/api/admin/users",
        Some(json!({"username": "dave", "email": "dave@example.com", "password": "davepass", "roles": []})),
        201,
    )
    .await;
    let id = created["id"].as_str().unwrap();
    let path = format!("/api/admin/users/{id}");

    let changed = expect(
        &app,
        &admin,
        Method::PATCH,
        &path,
        Some(json!({"roles": ["user", "admin"], "first_name": "David"})),
        200,
    )
    .await;
    assert_eq!(changed["roles"], json!(["admin", "user"]));
    assert_eq!(changed["first_name"], "David");
    assert_eq!(
        changed["email"], "dave@example.com",
        "fields not sent are unchanged"
    );
    let got = expect(&app, &admin, Method::GET, &path, None, 200).await;
    assert_eq!(got["roles"], json!(["admin", "user"]));
    // The new role takes effect: dave may now use the admin API.
    let dave = app.access_token("dave").await;
    expect(&app, &dave, Method::GET, "/api/admin/users", None, 200).await;

    let r = call(
        &app,
        Method::PATCH,
        &path,
        Some(&admin),
        Some(json!({"roles": ["nonexistent"]})),
    )
    .await;
    assert_error(r, 400, "invalid_request").await;

    assert_eq!(
        expect(&app, &admin, Method::DELETE, &path, None, 204).await,
        Value::Null
    );
    assert_error(
        call(&app, Method::GET, &path, Some(&admin), None).await,
        404,
        "not_found",
    )
    .await;
    assert_error(
        call(&app, Method::DELETE, &path, Some(&admin), None).await,
        404,
        "not_found",
    )
    .await;
    assert_error(login(&app, "dave", "davepass").await, 400, "invalid_grant").await;
    assert_error(
        app.get_bearer("/api/profile", &dave).await,
        401,
        "invalid_token",
    )
    .await;
    let names: Vec<String> = expect(&app, &admin, Method::GET, "/api/admin/users", None, 200)
        .await
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["username"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(names, ["admin", "alice"]);
}

#[tokio::test]
async fn a_disabled_user_can_no_longer_sign_in_and_their_access_token_stops_working() {
    let app = spawn_app().await;
    let admin = app.access_token("admin").await;
    let alice_tokens = app.password_tokens("alice", "alicepass").await;
    let alice = alice_tokens["access_token"].as_str().unwrap();
    let id = user_id(&app, &admin, "alice").await;
    let path = format!("/api/admin/users/{id}");

    let changed = expect(
        &app,
        &admin,
        Method::PATCH,
        &path,
        Some(json!({"disabled": true})),
        200,
    )
    .await;
    assert_eq!(changed["disabled"], true);

    assert_error(
        app.get_bearer("/api/profile", alice).await,
        401,
        "invalid_token",
    )
    .await;
    assert_error(
        login(&app, "alice", "alicepass").await,
        400,
        "invalid_grant",
    )
    .await;
    let r = app
        .post_service(
            "/api/token/password",
            &json!({"username": "alice", "password": "alicepass"}),
        )
        .await;
    assert_error(r, 400, "invalid_grant").await;
    let r = app
        .token(
            (DEMO_CLIENT, DEMO_SECRET),
            &[
                ("grant_type", "refresh_token"),
                (
                    "refresh_token",
                    alice_tokens["refresh_token"].as_str().unwrap(),
                ),
            ],
        )
        .await;
    assert_error(r, 400, "invalid_grant").await;

    expect(
        &app,
        &admin,
        Method::PATCH,
        &path,
        Some(json!({"disabled": false})),
        200,
    )
    .await;
    assert_eq!(login(&app, "alice", "alicepass").await.status(), 200);
}
