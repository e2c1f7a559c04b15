//! `/api/account/grants`: connected apps, listed with scopes and levels,
//! revoked with the app's refresh tokens.

use auth_server::domain::consents;
use auth_server::domain::scopes::{Policies, ScopeSet};
use serde_json::{Value, json};

use crate::helpers::*;

#[tokio::test]
async fn a_connected_app_is_listed_and_revoking_it_ends_its_sessions() {
    let app = spawn_app().await;
    let t = app.password_tokens("alice", "alicepass").await;
    let token = t["access_token"].as_str().unwrap();
    let alice = jwt_claims(token)["sub"].as_str().unwrap().to_string();
    let ctx = app
        .state
        .local_context(auth_server::domain::Actor::User(alice.clone()));
    consents::remember(
        &app.state.store,
        &ctx,
        &alice,
        DEMO_CLIENT,
        &ScopeSet::parse("openid profile").unwrap(),
        &Policies::from([("profile".to_string(), "full".to_string())]),
    )
    .await
    .unwrap();

    let r = app.get_bearer("/api/account/grants", token).await;
    assert_eq!(r.status(), 200);
    let apps: Value = r.json().await.unwrap();
    assert_eq!(apps.as_array().unwrap().len(), 1);
    assert_eq!(apps[0]["client_id"], DEMO_CLIENT);
    assert_eq!(apps[0]["client_name"], "Demo client");
    assert_eq!(apps[0]["scopes"], json!(["openid", "profile"]));
    assert_eq!(apps[0]["policies"], json!({"profile": "full"}));
    assert!(apps[0]["granted_at"].as_i64().unwrap() > 0);

    let r = app
        .http
        .delete(app.url(&format!("/api/account/grants/{DEMO_CLIENT}")))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    let apps: Value = app
        .get_bearer("/api/account/grants", token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(apps, json!([]));
    // The app's refresh token for alice is gone with the grant.
    let rt = t["refresh_token"].as_str().unwrap();
    assert_error(app.refresh(rt).await, 400, "invalid_grant").await;
    // Revoking again: nothing to revoke.
    let r = app
        .http
        .delete(app.url(&format!("/api/account/grants/{DEMO_CLIENT}")))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_error(r, 404, "not_found").await;
}

#[tokio::test]
async fn the_account_api_needs_the_account_scope() {
    let app = spawn_app().await;
    let r = app
        .token(
            (DEMO_CLIENT, DEMO_SECRET),
            &[
                ("grant_type", "password"),
                ("username", "alice"),
                ("password", "alicepass"),
                ("scope", "openid profile"),
            ],
        )
        .await;
    let t: Value = r.json().await.unwrap();
    let r = app
        .get_bearer("/api/account/grants", t["access_token"].as_str().unwrap())
        .await;
    assert_error(r, 403, "insufficient_scope").await;
}
