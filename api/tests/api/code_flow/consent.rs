//! Consent: the user unticks optional scopes and picks a level; the tokens
//! carry exactly that; the grant is remembered until the client asks for
//! more or the user revokes it on `/account`; `admin` is never granted to
//! a non-admin.

use serde_json::{Value, json};

use super::*;

/// Authorize, sign in as alice, and expect the consent step; answers the
/// interaction as the consent screen reads it.
async fn to_consent(app: &TestApp, rp: &Rp, req: &AuthRequest) -> Value {
    let to = location(&authorize(app, rp, req).await);
    let (_, answer) = login(app, &to, "alice", "alicepass").await;
    assert_eq!(answer, json!({"next": "consent"}));
    let view = read_interaction(app, &to).await;
    assert_eq!(view["next"], "consent");
    view
}

async fn exchange_for(app: &TestApp, rp: &Rp, req: &AuthRequest, back: &Url) -> Value {
    let code = code_of(rp, back);
    let r = exchange(app, rp, &code, Some(&req.pkce.as_ref().unwrap().verifier)).await;
    assert_eq!(r.status(), 200, "code exchange");
    r.json().await.unwrap()
}

fn scope_names(view: &Value) -> Vec<&str> {
    view["scopes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn a_chosen_level_and_an_unticked_scope_are_what_tokens_and_introspection_carry() {
    let app = spawn_app().await;
    let rp = register_rp(&app, "confidential", false).await;
    let req = AuthRequest::new("openid profile email");
    let view = to_consent(&app, &rp, &req).await;
    let back = consent(
        &app,
        &view,
        &["openid", "profile"],
        json!({"profile": "full"}),
    )
    .await;
    let t = exchange_for(&app, &rp, &req, &back).await;
    assert_eq!(t["scope"], "openid profile");
    let access = t["access_token"].as_str().unwrap();
    let claims = jwt_claims(access);
    assert_eq!(claims["scope"], "openid profile");
    assert_eq!(claims["policies"], json!({"profile": "full"}));
    let seen = app.introspect(access).await;
    assert_eq!(seen["active"], true);
    assert_eq!(seen["scope"], "openid profile");
    assert_eq!(seen["policies"], json!({"profile": "full"}));
    // The refreshed token keeps the choice.
    let r = refresh_as(&app, &rp, t["refresh_token"].as_str().unwrap()).await;
    assert_eq!(r.status(), 200);
    let refreshed: Value = r.json().await.unwrap();
    assert_eq!(refreshed["scope"], "openid profile");
    let claims = jwt_claims(refreshed["access_token"].as_str().unwrap());
    assert_eq!(claims["policies"], json!({"profile": "full"}));
    // And /account lists the app with that choice.
    let apps: Value = app
        .get_bearer("/api/account/grants", &app.access_token("alice").await)
        .await
        .json()
        .await
        .unwrap();
    let listed = apps
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["client_id"] == rp.client_id.as_str())
        .expect("the app is listed");
    assert_eq!(listed["scopes"], json!(["openid", "profile"]));
    assert_eq!(listed["policies"], json!({"profile": "full"}));
}

#[tokio::test]
async fn a_consent_cannot_drop_openid_add_an_unasked_scope_or_invent_a_level() {
    let app = spawn_app().await;
    let rp = register_rp(&app, "confidential", false).await;
    let req = AuthRequest::new("openid profile");
    let view = to_consent(&app, &rp, &req).await;
    for body in [
        json!({"scopes": ["profile"]}),
        json!({"scopes": ["openid", "profile", "email"]}),
        json!({"scopes": ["openid", "profile"], "policies": {"profile": "everything"}}),
    ] {
        let r = step(&app, &view, "consent", body.clone()).await;
        assert_error(r, 400, "invalid_request").await;
    }
    // Nothing was used up: a valid choice still completes the request.
    let back = consent(&app, &view, &["openid", "profile"], json!({})).await;
    let t = exchange_for(&app, &rp, &req, &back).await;
    assert_eq!(
        jwt_claims(t["access_token"].as_str().unwrap())["policies"],
        json!({"profile": "basic"})
    );
}

#[tokio::test]
async fn a_remembered_consent_is_not_asked_again_until_the_client_asks_for_more() {
    let app = spawn_app().await;
    let rp = register_rp(&app, "confidential", false).await;
    let first = AuthRequest::new("openid profile email");
    let view = to_consent(&app, &rp, &first).await;
    consent(
        &app,
        &view,
        &["openid", "profile"],
        json!({"profile": "full"}),
    )
    .await;

    // Signing in again (prompt=login): straight back to the client with the
    // remembered choice, no consent step.
    let second = AuthRequest::new("openid profile").with("prompt", "login");
    let to = location(&authorize(&app, &rp, &second).await);
    let (_, answer) = login(&app, &to, "alice", "alicepass").await;
    let t = exchange_for(&app, &rp, &second, &redirect_to(&answer)).await;
    assert_eq!(t["scope"], "openid profile");
    assert_eq!(
        jwt_claims(t["access_token"].as_str().unwrap())["policies"],
        json!({"profile": "full"}),
        "the remembered level"
    );

    // Asking for a scope the user unticked or never saw: consent again,
    // listing what is asked.
    let third = AuthRequest::new("openid profile email");
    let to = location(&authorize(&app, &rp, &third).await);
    assert_eq!(to.path(), "/consent");
    let view = read_interaction(&app, &to).await;
    assert_eq!(view["next"], "consent");
    assert_eq!(scope_names(&view), ["openid", "profile", "email"]);
    let back = consent(&app, &view, &["openid", "profile", "email"], json!({})).await;
    let t = exchange_for(&app, &rp, &third, &back).await;
    assert_eq!(t["scope"], "openid profile email");

    // prompt=consent asks even when everything is remembered.
    let fourth = AuthRequest::new("openid").with("prompt", "consent");
    let to = location(&authorize(&app, &rp, &fourth).await);
    assert_eq!(to.path(), "/consent");
}

#[tokio::test]
async fn a_revoked_grant_is_asked_again_and_its_refresh_tokens_are_dead() {
    let app = spawn_app().await;
    let rp = register_rp(&app, "public", false).await;
    let req = AuthRequest::new("openid profile offline_access");
    let view = to_consent(&app, &rp, &req).await;
    let back = consent(
        &app,
        &view,
        &["openid", "profile", "offline_access"],
        json!({}),
    )
    .await;
    let t = exchange_for(&app, &rp, &req, &back).await;
    let old_refresh = t["refresh_token"].as_str().unwrap().to_string();
    // Remembered: the next request in this browser gets a code at once.
    let again = AuthRequest::new("openid profile offline_access");
    let back = location(&authorize(&app, &rp, &again).await);
    code_of(&rp, &back);

    // Alice revokes the app on /account.
    let account = app.access_token("alice").await;
    let r = app
        .http
        .delete(app.url(&format!("/api/account/grants/{}", rp.client_id)))
        .bearer_auth(&account)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);

    let r = refresh_as(&app, &rp, &old_refresh).await;
    assert_error(r, 400, "invalid_grant").await;
    // Still signed in, but asked to consent again.
    let next = AuthRequest::new("openid profile offline_access");
    let to = location(&authorize(&app, &rp, &next).await);
    assert_eq!(to.path(), "/consent", "{to}");
    assert_eq!(read_interaction(&app, &to).await["next"], "consent");
    // prompt=none cannot get past that.
    let silent = AuthRequest::new("openid").with("prompt", "none");
    let back = location(&authorize(&app, &rp, &silent).await);
    assert_eq!(param(&back, "error").as_deref(), Some("consent_required"));
}

#[tokio::test]
async fn the_admin_scope_is_never_offered_nor_granted_to_a_non_admin() {
    let app = spawn_app().await;
    let rp = register_rp(&app, "confidential", false).await;
    let req = AuthRequest::new("openid admin");
    let view = to_consent(&app, &rp, &req).await;
    assert_eq!(scope_names(&view), ["openid"], "admin is not offered");
    // Ticking it anyway is refused.
    let r = step(
        &app,
        &view,
        "consent",
        json!({"scopes": ["openid", "admin"]}),
    )
    .await;
    assert_error(r, 400, "invalid_request").await;
    let back = consent(&app, &view, &["openid"], json!({})).await;
    let t = exchange_for(&app, &rp, &req, &back).await;
    assert_eq!(t["scope"], "openid");
    let r = app
        .get_bearer("/api/admin/users", t["access_token"].as_str().unwrap())
        .await;
    assert_eq!(r.status(), 403);

    // A skip-consent client does not slip it through either.
    let trusted = register_rp(&app, "confidential", true).await;
    let req = AuthRequest::new("openid admin");
    let back = location(&authorize(&app, &trusted, &req).await);
    let t = exchange_for(&app, &trusted, &req, &back).await;
    assert_eq!(t["scope"], "openid");
}

#[tokio::test]
async fn an_admin_is_offered_and_granted_the_admin_scope() {
    let app = spawn_app().await;
    let rp = register_rp(&app, "confidential", false).await;
    let req = AuthRequest::new("openid admin");
    let to = location(&authorize(&app, &rp, &req).await);
    let (_, answer) = login(&app, &to, "admin", "adminpass").await;
    assert_eq!(answer, json!({"next": "consent"}));
    let view = read_interaction(&app, &to).await;
    assert_eq!(scope_names(&view), ["openid", "admin"]);
    let back = consent(&app, &view, &["openid", "admin"], json!({})).await;
    let t = exchange_for(&app, &rp, &req, &back).await;
    assert_eq!(t["scope"], "openid admin");
    let r = app
        .get_bearer("/api/admin/users", t["access_token"].as_str().unwrap())
        .await;
    assert_eq!(r.status(), 200);
}
