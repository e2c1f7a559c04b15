//! "At least one enabled admin remains", enforced inside the write.

use auth_server::storage::{StoreError, UserUpdate};
use reqwest::Method;
use serde_json::json;

use super::*;

/// A second admin, `ada2`, besides the seeded `admin`; answers the ids.
async fn two_admins(app: &TestApp) -> (String, String, String) {
    let admin = app.access_token("admin").await;
    let made = expect(
        app,
        &admin,
        Method::POST,
        "/api/admin/users",
        Some(json!({"username": "ada2", "password": "ada2pass", "roles": ["admin"]})),
        201,
    )
    .await;
    let first = user_id(app, &admin, "admin").await;
    (admin, first, made["id"].as_str().unwrap().to_string())
}

fn demote() -> UserUpdate {
    UserUpdate {
        roles: Some(vec!["user".into()]),
        ..UserUpdate::default()
    }
}

#[tokio::test]
async fn two_admins_demoting_each_other_at_once_leave_one_admin() {
    let app = spawn_app().await;
    let (_, first, second) = two_admins(&app).await;
    let store = app.state.store.clone();
    let now = app.now();

    // The first demotion is written and not yet committed...
    let mut tx = store.begin_write().await.unwrap();
    assert!(
        store
            .update_user_in(&mut tx, &second, &demote(), now)
            .await
            .unwrap()
    );
    // ...when the second, of the other admin, arrives and must wait.
    let racing = {
        let store = store.clone();
        let first = first.clone();
        tokio::spawn(async move { store.update_user(&first, &demote(), now).await })
    };
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(
        !racing.is_finished(),
        "the second change waits for the first"
    );
    tx.commit().await.unwrap();

    let second_change = racing.await.unwrap();
    assert!(
        matches!(second_change, Err(StoreError::LastAdmin)),
        "{second_change:?}"
    );
    assert_eq!(store.count_enabled_admins().await.unwrap(), 1);
    // The one left is the first admin, who can still administer.
    let admin = app.access_token("admin").await;
    expect(&app, &admin, Method::GET, "/api/admin/users", None, 200).await;
}

#[tokio::test]
async fn concurrent_admin_demotions_over_http_never_leave_the_server_without_an_admin() {
    let app = spawn_app().await;
    let (admin, first, second) = two_admins(&app).await;
    let t = app.password_tokens("ada2", "ada2pass").await;
    let ada2 = t["access_token"].as_str().unwrap().to_string();
    let (demote_second, demote_first) = (
        format!("/api/admin/users/{second}"),
        format!("/api/admin/users/{first}"),
    );
    let (a, b) = tokio::join!(
        call(
            &app,
            Method::PATCH,
            &demote_second,
            Some(&admin),
            Some(json!({"roles": ["user"]}))
        ),
        call(
            &app,
            Method::PATCH,
            &demote_first,
            Some(&ada2),
            Some(json!({"roles": ["user"]}))
        ),
    );
    let statuses = [a.status().as_u16(), b.status().as_u16()];
    assert!(statuses.contains(&200), "{statuses:?}");
    assert_eq!(app.state.store.count_enabled_admins().await.unwrap(), 1);
}

#[tokio::test]
async fn the_last_enabled_admin_cannot_be_disabled_demoted_or_deleted_by_another_path() {
    let app = spawn_app().await;
    let (admin, first, second) = two_admins(&app).await;
    // ada2 is disabled: `admin` is now the only enabled admin.
    expect(
        &app,
        &admin,
        Method::PATCH,
        &format!("/api/admin/users/{second}"),
        Some(json!({"disabled": true})),
        200,
    )
    .await;
    let store = &app.state.store;
    let now = app.now();
    let err = store.update_user(&first, &demote(), now).await.unwrap_err();
    assert!(matches!(err, StoreError::LastAdmin));
    let disable = UserUpdate {
        disabled: Some(true),
        ..UserUpdate::default()
    };
    assert!(matches!(
        store.update_user(&first, &disable, now).await,
        Err(StoreError::LastAdmin)
    ));
    assert!(matches!(
        store.delete_user(&first).await,
        Err(StoreError::LastAdmin)
    ));
    // Nothing of the refused changes was kept.
    let me = expect(
        &app,
        &admin,
        Method::GET,
        &format!("/api/admin/users/{first}"),
        None,
        200,
    )
    .await;
    assert_eq!(me["roles"], json!(["admin"]));
    assert_eq!(me["disabled"], false);
}
