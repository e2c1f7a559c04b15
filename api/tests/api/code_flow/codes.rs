//! Authorization codes (RFC 6749 §4.1.2, §4.1.3; RFC 9700 §4.5): single
//! use, and a replay revokes what the first use issued; bound to the
//! client; short-lived. `state` comes back unchanged with a code and with
//! every error.

use serde_json::{Value, json};

use super::*;

/// A code for alice through a skip-consent client.
async fn code(app: &TestApp, rp: &Rp, req: &AuthRequest) -> String {
    code_of(rp, &code_for(app, rp, req, "alice").await)
}

fn verifier(req: &AuthRequest) -> &str {
    &req.pkce.as_ref().unwrap().verifier
}

#[tokio::test]
async fn a_replayed_code_is_refused_and_revokes_the_tokens_of_its_first_use() {
    let app = spawn_app().await;
    for kind in ["confidential", "public"] {
        let rp = register_rp(&app, kind, true).await;
        let req = AuthRequest::new("openid profile");
        let c = code(&app, &rp, &req).await;
        let r = exchange(&app, &rp, &c, Some(verifier(&req))).await;
        assert_eq!(r.status(), 200);
        let t: Value = r.json().await.unwrap();
        let access = t["access_token"].as_str().unwrap();
        let refresh = t["refresh_token"].as_str().unwrap();
        assert_eq!(app.introspect(access).await["active"], true);
        assert_eq!(
            app.get_bearer("/oauth2/userinfo", access).await.status(),
            200
        );

        let r = exchange(&app, &rp, &c, Some(verifier(&req))).await;
        assert_error(r, 400, "invalid_grant").await;

        assert_eq!(app.introspect(access).await, json!({"active": false}));
        assert_error(
            app.get_bearer("/oauth2/userinfo", access).await,
            401,
            "invalid_token",
        )
        .await;
        assert_eq!(app.introspect(refresh).await, json!({"active": false}));
        let r = refresh_as(&app, &rp, refresh).await;
        assert_error(r, 400, "invalid_grant").await;
        // A third try is refused the same way.
        let r = exchange(&app, &rp, &c, Some(verifier(&req))).await;
        assert_error(r, 400, "invalid_grant").await;
    }
}

#[tokio::test]
async fn a_replay_leaves_the_users_other_sessions_alone() {
    let app = spawn_app().await;
    let rp = register_rp(&app, "confidential", true).await;
    let first = AuthRequest::new("openid");
    let c1 = code(&app, &rp, &first).await;
    let second = AuthRequest::new("openid");
    let c2 = code(&app, &rp, &second).await;
    let t1: Value = exchange(&app, &rp, &c1, Some(verifier(&first)))
        .await
        .json()
        .await
        .unwrap();
    let t2: Value = exchange(&app, &rp, &c2, Some(verifier(&second)))
        .await
        .json()
        .await
        .unwrap();
    let r = exchange(&app, &rp, &c1, Some(verifier(&first))).await;
    assert_error(r, 400, "invalid_grant").await;
    let a1 = t1["access_token"].as_str().unwrap();
    let a2 = t2["access_token"].as_str().unwrap();
    assert_eq!(app.introspect(a1).await["active"], false);
    assert_eq!(app.introspect(a2).await["active"], true);
    let r = refresh_as(&app, &rp, t2["refresh_token"].as_str().unwrap()).await;
    assert_eq!(r.status(), 200, "the other code's tokens live on");
}

#[tokio::test]
async fn another_client_cannot_redeem_a_code_and_does_not_use_it_up() {
    let app = spawn_app().await;
    let rp = register_rp(&app, "confidential", true).await;
    // Same redirect URI, another client: one confidential, one public.
    let thief = register_rp(&app, "confidential", true).await;
    let public_thief = register_rp(&app, "public", true).await;
    let req = AuthRequest::new("openid");
    let c = code(&app, &rp, &req).await;
    for other in [&thief, &public_thief] {
        let r = exchange(&app, other, &c, Some(verifier(&req))).await;
        assert_error(r, 400, "invalid_grant").await;
    }
    // RFC 6749 §4.1.3 only asks that the code was issued to the caller; the
    // server keeps it for its client (a stranger's attempt must not let it
    // burn the client's code).
    let r = exchange(&app, &rp, &c, Some(verifier(&req))).await;
    assert_eq!(r.status(), 200);
    let t: Value = r.json().await.unwrap();
    assert_eq!(
        jwt_claims(t["access_token"].as_str().unwrap())["client_id"],
        rp.client_id.as_str()
    );
    // A wrong secret for the right client is not even looked at as a grant.
    let r = app
        .token(
            (&rp.client_id, "wrong-secret"),
            &[
                ("grant_type", "authorization_code"),
                ("code", c.as_str()),
                ("redirect_uri", rp.redirect_uri.as_str()),
                ("code_verifier", verifier(&req)),
            ],
        )
        .await;
    assert_error(r, 401, "invalid_client").await;
}

#[tokio::test]
async fn a_code_expires_after_auth_code_ttl() {
    let app = spawn_app().await;
    let ttl = app.state.settings.auth_code_ttl;
    assert_eq!(ttl, 60, "the default AUTH_CODE_TTL");
    let rp = register_rp(&app, "public", true).await;

    let req = AuthRequest::new("openid");
    let c = code(&app, &rp, &req).await;
    app.clock.advance(ttl - 1);
    let r = exchange(&app, &rp, &c, Some(verifier(&req))).await;
    assert_eq!(r.status(), 200, "still valid just before the end");

    let req = AuthRequest::new("openid");
    let c = code(&app, &rp, &req).await;
    app.clock.advance(ttl + 1);
    let r = exchange(&app, &rp, &c, Some(verifier(&req))).await;
    assert_error(r, 400, "invalid_grant").await;
}

#[tokio::test]
async fn an_unknown_or_malformed_code_gets_no_tokens() {
    let app = spawn_app().await;
    let rp = register_rp(&app, "public", true).await;
    let long = "a".repeat(600);
    for c in ["ac_nope", "", long.as_str()] {
        let r = exchange(&app, &rp, c, Some(&pkce().verifier)).await;
        let status = r.status().as_u16();
        let body: Value = r.json().await.unwrap();
        assert_eq!(status, 400, "{body}");
        assert!(
            ["invalid_grant", "invalid_request"].contains(&body["error"].as_str().unwrap()),
            "{body}"
        );
    }
}

#[tokio::test]
async fn state_comes_back_unchanged_with_the_code_and_with_every_error() {
    let app = spawn_app().await;
    let odd = "a b&c=d/e?f#g%20h+é€\u{1F600}";
    let trusted = register_rp(&app, "public", true).await;
    let asking = register_rp(&app, "public", false).await;

    let mut req = AuthRequest::new("openid");
    req.state = odd.into();
    let back = code_for(&app, &trusted, &req, "alice").await;
    assert_eq!(param(&back, "state").as_deref(), Some(odd));
    assert!(param(&back, "code").is_some());

    // Errors found in the request itself.
    for (key, value, error) in [
        ("response_type", "token", "unsupported_response_type"),
        ("scope", "openid telepathy", "invalid_scope"),
        ("code_challenge_method", "plain", "invalid_request"),
    ] {
        let mut req = AuthRequest::new("openid").with(key, value);
        req.state = odd.into();
        let back = location(&authorize(&app, &trusted, &req).await);
        assert_eq!(param(&back, "error").as_deref(), Some(error), "{back}");
        assert_eq!(param(&back, "state").as_deref(), Some(odd), "{key}");
    }
    // The user says no on the consent screen.
    let mut req = AuthRequest::new("openid email");
    req.state = odd.into();
    let to = location(&authorize(&app, &asking, &req).await);
    let view = read_interaction(&app, &to).await;
    assert_eq!(view["next"], "consent", "signed in already");
    let r = step(&app, &view, "deny", json!({})).await;
    assert_eq!(r.status(), 200);
    let back = redirect_to(&r.json().await.unwrap());
    assert!(back.as_str().starts_with(&asking.redirect_uri), "{back}");
    assert_eq!(param(&back, "error").as_deref(), Some("access_denied"));
    assert_eq!(param(&back, "state").as_deref(), Some(odd));
    assert_eq!(param(&back, "iss").as_deref(), Some(app.base.as_str()));

    // No state sent, none returned.
    let req = AuthRequest::new("openid").with("state", "");
    let back = location(&authorize(&app, &trusted, &req).await);
    assert!(param(&back, "code").is_some());
    assert!(param(&back, "state").is_none(), "{back}");
}
