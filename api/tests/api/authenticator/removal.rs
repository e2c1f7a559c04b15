//! Removing an authenticator: by its user with the password or a current
//! code, or by an admin.

use reqwest::Method;
use serde_json::json;

use super::*;

#[tokio::test]
async fn removal_needs_the_right_password_then_logins_need_no_code() {
    let app = spawn_app().await;
    let (secret, token) = enable(&app, "alice").await;

    let wrong = [
        (json!({"password": "wrong"}), "invalid_password"),
        (
            json!({"otp": wrong_code(&secret, app.now())}),
            "invalid_otp",
        ),
        (json!({}), "invalid_request"),
        (json!({"password": "", "otp": ""}), "invalid_request"),
    ];
    for (body, error) in wrong {
        let r = call(&app, Method::DELETE, PATH, &token, Some(body)).await;
        assert_error(r, 400, error).await;
    }
    assert_eq!(status(&app, &token).await["enabled"], true, "still there");

    let r = call(
        &app,
        Method::DELETE,
        PATH,
        &token,
        Some(json!({"password": "alicepass"})),
    )
    .await;
    assert_eq!(r.status(), 204);
    assert_eq!(
        status(&app, &token).await,
        json!({"enabled": false, "pending": false})
    );
    assert_eq!(grant(&app, "alice", "alicepass", None).await.status(), 200);
    assert_eq!(
        integrator(&app, "alice", "alicepass", None).await.status(),
        200
    );

    // Nothing left to remove.
    let r = call(
        &app,
        Method::DELETE,
        PATH,
        &token,
        Some(json!({"password": "alicepass"})),
    )
    .await;
    assert_error(r, 404, "not_found").await;
}

#[tokio::test]
async fn removal_with_a_current_code_works_once_and_as_a_form() {
    let app = spawn_app().await;
    let (secret, token) = enable(&app, "alice").await;
    let c = code(&secret, app.now());
    // The code is used for a login first: it cannot remove it after.
    assert_eq!(
        grant(&app, "alice", "alicepass", Some(&c)).await.status(),
        200
    );
    let r = call(&app, Method::DELETE, PATH, &token, Some(json!({"otp": c}))).await;
    assert_error(r, 400, "invalid_otp").await;

    app.clock.advance(30);
    let r = app
        .http
        .delete(app.url("/api/account/authenticator/"))
        .bearer_auth(&token)
        .form(&[("otp", code(&secret, app.now()))])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    assert_eq!(grant(&app, "alice", "alicepass", None).await.status(), 200);
}

#[tokio::test]
async fn a_pending_enrollment_can_be_cancelled_and_activates_nothing() {
    let app = spawn_app().await;
    let token = app.access_token("alice").await;
    let secret = start(&app, &token).await["secret"]
        .as_str()
        .unwrap()
        .to_string();
    let r = call(
        &app,
        Method::DELETE,
        PATH,
        &token,
        Some(json!({"otp": code(&secret, app.now())})),
    )
    .await;
    assert_eq!(r.status(), 204);
    assert_eq!(
        status(&app, &token).await,
        json!({"enabled": false, "pending": false})
    );
    let r = confirm(&app, &token, &code(&secret, app.now())).await;
    assert_error(r, 400, "invalid_request").await;
}

#[tokio::test]
async fn an_admin_can_reset_a_users_authenticator() {
    let app = spawn_app().await;
    let (_, alice_token) = enable(&app, "alice").await;
    let alice = user_id(&app, "alice").await;
    let path = format!("/api/admin/users/{alice}/authenticator");

    // Alice is no admin.
    let r = call(&app, Method::DELETE, &path, &alice_token, None).await;
    assert_error(r, 403, "forbidden").await;

    let admin = app.access_token("admin").await;
    let r = call(&app, Method::DELETE, &path, &admin, None).await;
    assert_eq!(r.status(), 204);
    assert_eq!(grant(&app, "alice", "alicepass", None).await.status(), 200);
    // Again: nothing to remove is no error.
    let r = call(&app, Method::DELETE, &path, &admin, None).await;
    assert_eq!(r.status(), 204);
    let r = call(
        &app,
        Method::DELETE,
        "/api/admin/users/no-such-user/authenticator",
        &admin,
        None,
    )
    .await;
    assert_error(r, 404, "not_found").await;
}
