//! Once confirmed, every password login needs the current code, and each
//! code works once.

use serde_json::json;

use super::*;

#[tokio::test]
async fn a_password_login_without_the_code_is_otp_required_naming_the_otp_parameter() {
    let app = spawn_app().await;
    let (secret, _) = enable(&app, "alice").await;
    for r in [
        grant(&app, "alice", "alicepass", None).await,
        grant(&app, "alice", "alicepass", Some("")).await,
        integrator(&app, "alice", "alicepass", None).await,
        app.http
            .post(app.url("/api/token/password"))
            .header("X-Service-Key", SERVICE_KEY)
            .form(&[("username", "alice"), ("password", "alicepass")])
            .send()
            .await
            .unwrap(),
    ] {
        let body = assert_error(r, 400, "otp_required").await;
        assert!(
            body["error_description"].as_str().unwrap().contains("otp"),
            "{body}"
        );
    }
    // A wrong password says nothing about an authenticator.
    let r = grant(&app, "alice", "wrong", None).await;
    assert_error(r, 400, "invalid_grant").await;
    let r = integrator(&app, "alice", "wrong", Some(&code(&secret, app.now()))).await;
    assert_error(r, 400, "invalid_grant").await;
    // Other users are not concerned.
    assert_eq!(grant(&app, "admin", "adminpass", None).await.status(), 200);
}

#[tokio::test]
async fn the_right_code_gives_tokens_once_and_the_next_steps_code_works() {
    let app = spawn_app().await;
    let (secret, _) = enable(&app, "alice").await;

    let now = code(&secret, app.now());
    let r = grant(&app, "alice", "alicepass", Some(&now)).await;
    assert_eq!(r.status(), 200);
    let t: Value = r.json().await.unwrap();
    assert!(t["access_token"].is_string());

    // The same code again, in the same step, anywhere: a replay.
    let r = grant(&app, "alice", "alicepass", Some(&now)).await;
    let body = assert_error(r, 400, "invalid_grant").await;
    assert!(
        body["error_description"].as_str().unwrap().contains("otp"),
        "{body}"
    );
    let r = integrator(&app, "alice", "alicepass", Some(&now)).await;
    assert_error(r, 400, "invalid_grant").await;

    // The next step's code is a new code.
    app.clock.advance(30);
    let next = code(&secret, app.now());
    let r = integrator(&app, "alice", "alicepass", Some(&next)).await;
    assert_eq!(r.status(), 200);
    let t: Value = r.json().await.unwrap();
    assert_eq!(
        jwt_claims(t["access_token"].as_str().unwrap())["client_id"],
        json!(SERVICE_KEY_ID)
    );
    // Typed as the app shows it, with a space.
    app.clock.advance(30);
    let spaced = code(&secret, app.now());
    let spaced = format!("{} {}", &spaced[..3], &spaced[3..]);
    assert_eq!(
        grant(&app, "alice", "alicepass", Some(&spaced))
            .await
            .status(),
        200
    );
}

#[tokio::test]
async fn codes_one_step_either_side_are_accepted_but_never_an_older_one_than_used() {
    let app = spawn_app().await;
    let (secret, _) = enable(&app, "alice").await;
    app.clock.advance(30);
    let t = app.now();
    // The phone lags one step: accepted.
    let r = grant(&app, "alice", "alicepass", Some(&code(&secret, t - 30))).await;
    assert_eq!(r.status(), 200, "previous step");
    // The phone runs one step ahead: accepted.
    let r = grant(&app, "alice", "alicepass", Some(&code(&secret, t + 30))).await;
    assert_eq!(r.status(), 200, "next step");
    // The current step is older than the one just used: refused.
    let r = grant(&app, "alice", "alicepass", Some(&code(&secret, t))).await;
    assert_error(r, 400, "invalid_grant").await;
    // Two steps ahead is too far, whatever was used.
    app.clock.advance(30);
    let r = grant(
        &app,
        "alice",
        "alicepass",
        Some(&code(&secret, app.now() + 60)),
    )
    .await;
    assert_error(r, 400, "invalid_grant").await;
}

#[tokio::test]
async fn a_code_is_accepted_once_across_replicas_even_at_the_same_moment() {
    let app = spawn_app().await;
    let (secret, _) = enable(&app, "alice").await;
    let replica = app.replica().await;
    replica.clock.advance(app.now() - replica.now());

    let c = code(&secret, app.now());
    let (a, b) = tokio::join!(
        grant(&app, "alice", "alicepass", Some(&c)),
        integrator(&replica, "alice", "alicepass", Some(&c)),
    );
    let statuses = [a.status().as_u16(), b.status().as_u16()];
    assert!(
        statuses.contains(&200) && statuses.contains(&400),
        "exactly one wins: {statuses:?}"
    );
    // And afterwards on either.
    let r = integrator(&replica, "alice", "alicepass", Some(&c)).await;
    assert_error(r, 400, "invalid_grant").await;
    let r = grant(&app, "alice", "alicepass", Some(&c)).await;
    assert_error(r, 400, "invalid_grant").await;
    drop(replica);
}
