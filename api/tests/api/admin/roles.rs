//! Roles: create, change, delete; `admin` stays.

use reqwest::Method;
use serde_json::json;

use super::*;

#[tokio::test]
async fn an_admin_manages_roles_and_the_admin_role_cannot_be_deleted() {
    let app = spawn_app().await;
    let admin = app.access_token("admin").await;
    let made = expect(
        &app,
        &admin,
        Method::POST,
        "/api/admin/roles",
        Some(json!({"name": "editor", "description": "Edits"})),
        201,
    )
    .await;
    assert_eq!(
        (made["name"].as_str(), made["description"].as_str()),
        (Some("editor"), Some("Edits"))
    );
    let r = call(
        &app,
        Method::POST,
        "/api/admin/roles",
        Some(&admin),
        Some(json!({"name": "editor"})),
    )
    .await;
    assert_error(r, 409, "conflict").await;
    let r = call(
        &app,
        Method::POST,
        "/api/admin/roles",
        Some(&admin),
        Some(json!({"name": "Bad Name"})),
    )
    .await;
    assert_error(r, 400, "invalid_request").await;

    let roles = expect(&app, &admin, Method::GET, "/api/admin/roles", None, 200).await;
    let mut names: Vec<&str> = roles
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["admin", "editor", "user"]);

    let changed = expect(
        &app,
        &admin,
        Method::PATCH,
        "/api/admin/roles/editor",
        Some(json!({"description": "Edits articles"})),
        200,
    )
    .await;
    assert_eq!(changed["description"], "Edits articles");
    let roles = expect(&app, &admin, Method::GET, "/api/admin/roles", None, 200).await;
    assert!(
        roles
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["name"] == "editor" && r["description"] == "Edits articles")
    );

    // A role in use: users lose it when it goes.
    let alice_id = user_id(&app, &admin, "alice").await;
    let alice_path = format!("/api/admin/users/{alice_id}");
    expect(
        &app,
        &admin,
        Method::PATCH,
        &alice_path,
        Some(json!({"roles": ["user", "editor"]})),
        200,
    )
    .await;
    expect(
        &app,
        &admin,
        Method::DELETE,
        "/api/admin/roles/editor",
        None,
        204,
    )
    .await;
    let roles = expect(&app, &admin, Method::GET, "/api/admin/roles", None, 200).await;
    assert!(!roles.to_string().contains("editor"));
    assert_eq!(
        expect(&app, &admin, Method::GET, &alice_path, None, 200).await["roles"],
        json!(["user"])
    );
    assert_error(
        call(
            &app,
            Method::DELETE,
            "/api/admin/roles/editor",
            Some(&admin),
            None,
        )
        .await,
        404,
        "not_found",
    )
    .await;
    let r = call(
        &app,
        Method::PATCH,
        "/api/admin/roles/editor",
        Some(&admin),
        Some(json!({"description": "x"})),
    )
    .await;
    assert_error(r, 404, "not_found").await;

    assert_error(
        call(
            &app,
            Method::DELETE,
            "/api/admin/roles/admin",
            Some(&admin),
            None,
        )
        .await,
        400,
        "invalid_request",
    )
    .await;
    let roles = expect(&app, &admin, Method::GET, "/api/admin/roles", None, 200).await;
    assert!(
        roles
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["name"] == "admin")
    );
    // And admin still is one.
    expect(&app, &admin, Method::GET, "/api/admin/users", None, 200).await;
}
