//! The flow as a relying party sees it when all goes well.

use serde_json::{Value, json};

use super::*;

#[tokio::test]
async fn a_confidential_client_gets_tokens_through_login_and_consent() {
    let app = spawn_app().await;
    let rp = register_rp(&app, "confidential", false).await;
    let req = AuthRequest::new("openid profile email");
    let to = location(&authorize(&app, &rp, &req).await);
    assert_eq!(to.path(), "/login");
    let view = read_interaction(&app, &to).await;
    assert_eq!(view["client"]["client_id"], rp.client_id.as_str());
    assert_eq!(view["client"]["name"], "Example confidential app");
    assert_eq!(view["next"], "login");
    let names: Vec<&str> = view["scopes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["openid", "profile", "email"]);
    assert_eq!(view["scopes"][0]["required"], true);
    assert_eq!(view["scopes"][1]["levels"], json!(["basic", "full"]));
    assert_eq!(view["scopes"][1]["default_level"], "basic");
    assert_eq!(view["scopes"][2]["levels"], json!([]));

    let r = step(
        &app,
        &view,
        "login",
        json!({"username": "alice", "password": "alicepass"}),
    )
    .await;
    assert!(
        r.headers()
            .get_all("set-cookie")
            .iter()
            .any(|c| c.to_str().unwrap().starts_with("auth_session="))
    );
    let answer: Value = r.json().await.unwrap();
    assert_eq!(answer, json!({"next": "consent"}));
    let r = step(
        &app,
        &view,
        "consent",
        json!({"scopes": ["openid", "profile"], "policies": {"profile": "full"}}),
    )
    .await;
    assert_eq!(r.status(), 200);
    let back = redirect_to(&r.json().await.unwrap());
    assert!(back.as_str().starts_with(&rp.redirect_uri));
    assert_eq!(param(&back, "state").as_deref(), Some(req.state.as_str()));
    assert_eq!(param(&back, "iss").as_deref(), Some(app.base.as_str()));
    let code = param(&back, "code").unwrap();

    let r = exchange(&app, &rp, &code, Some(&req.pkce.as_ref().unwrap().verifier)).await;
    assert_eq!(r.status(), 200);
    let t: Value = r.json().await.unwrap();
    assert_eq!(t["scope"], "openid profile");
    let access = jwt_claims(t["access_token"].as_str().unwrap());
    assert_eq!(access["policies"], json!({"profile": "full"}));
    assert_eq!(access["client_id"], rp.client_id.as_str());
    let id = jwt_claims(t["id_token"].as_str().unwrap());
    assert_eq!(id["aud"], rp.client_id.as_str());
    assert_eq!(id["nonce"], req.nonce.as_str());
    assert_eq!(id["amr"], json!(["pwd"]));
    assert_eq!(id["acr"], "1");
    assert!(id["sid"].is_string());
    assert!(t["refresh_token"].is_string());
    // The tokens work.
    let info: Value = app
        .get_bearer("/oauth2/userinfo", t["access_token"].as_str().unwrap())
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(info["given_name"], "Alice");
    assert!(info.get("email").is_none(), "email was unticked");
}

#[tokio::test]
async fn a_public_client_with_pkce_gets_tokens_and_the_next_request_skips_login_and_consent() {
    let app = spawn_app().await;
    let rp = register_rp(&app, "public", false).await;
    let req = AuthRequest::new("openid profile");
    let t = tokens_for(&app, &rp, &req, "alice").await;
    assert_eq!(t["scope"], "openid profile");
    // Same browser, same request: no login (session), no consent (remembered).
    let again = AuthRequest::new("openid profile");
    let back = location(&authorize(&app, &rp, &again).await);
    assert!(back.as_str().starts_with(&rp.redirect_uri), "{back}");
    let code = param(&back, "code").unwrap();
    let r = exchange(&app, &rp, &code, Some(&again.pkce.unwrap().verifier)).await;
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn the_authorization_endpoint_takes_a_form_post_too() {
    let app = spawn_app().await;
    let rp = register_rp(&app, "public", true).await;
    let p = pkce();
    let r = app
        .http
        .post(app.url("/oauth2/authorize"))
        .form(&[
            ("response_type", "code"),
            ("client_id", rp.client_id.as_str()),
            ("redirect_uri", rp.redirect_uri.as_str()),
            ("scope", "openid"),
            ("state", "posted"),
            ("code_challenge", p.challenge.as_str()),
            ("code_challenge_method", "S256"),
        ])
        .send()
        .await
        .unwrap();
    let to = location(&r);
    assert_eq!(to.path(), "/login");
}

#[tokio::test]
async fn request_objects_and_other_response_modes_are_refused_to_the_client() {
    let app = spawn_app().await;
    let rp = register_rp(&app, "public", true).await;
    for (key, value, error) in [
        (
            "request",
            "eyJhbGciOiJub25lIn0.e30.",
            "request_not_supported",
        ),
        (
            "request_uri",
            "https://rp.example.com/req",
            "request_uri_not_supported",
        ),
        ("response_mode", "form_post", "invalid_request"),
    ] {
        let req = AuthRequest::new("openid").with(key, value);
        let back = location(&authorize(&app, &rp, &req).await);
        assert!(back.as_str().starts_with(&rp.redirect_uri), "{back}");
        assert_eq!(param(&back, "error").as_deref(), Some(error), "{key}");
        assert_eq!(param(&back, "state").as_deref(), Some(req.state.as_str()));
    }
}
