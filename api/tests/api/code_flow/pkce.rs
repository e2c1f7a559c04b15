//! PKCE (RFC 7636 with RFC 9700 §2.1.1): S256 only, required of public
//! clients; a code issued with a challenge needs its verifier, and one
//! issued without a challenge takes no verifier (no downgrade either way).

use serde_json::Value;

use super::*;

/// The redirect back to `rp` carries this error and the request's state.
fn refused_to_client(app: &TestApp, rp: &Rp, req: &AuthRequest, to: &Url, error: &str) {
    assert!(to.as_str().starts_with(&rp.redirect_uri), "{to}");
    assert_eq!(param(to, "error").as_deref(), Some(error), "{to}");
    assert!(param(to, "error_description").is_some());
    assert_eq!(param(to, "state").as_deref(), Some(req.state.as_str()));
    assert_eq!(param(to, "iss").as_deref(), Some(app.base.as_str()));
    assert!(param(to, "code").is_none());
}

/// A code for `req` through a skip-consent client, alice signing in.
async fn code(app: &TestApp, rp: &Rp, req: &AuthRequest) -> String {
    code_of(rp, &code_for(app, rp, req, "alice").await)
}

#[tokio::test]
async fn a_public_client_without_a_code_challenge_is_sent_back_with_invalid_request() {
    let app = spawn_app().await;
    let rp = register_rp(&app, "public", true).await;
    let req = AuthRequest::new("openid").without_pkce();
    let to = location(&authorize(&app, &rp, &req).await);
    refused_to_client(&app, &rp, &req, &to, "invalid_request");
    assert!(
        param(&to, "error_description").unwrap().contains("PKCE"),
        "{to}"
    );
    // Even for a signed-in user.
    code(&app, &rp, &AuthRequest::new("openid")).await;
    let to = location(&authorize(&app, &rp, &req).await);
    refused_to_client(&app, &rp, &req, &to, "invalid_request");
}

#[tokio::test]
async fn the_plain_method_a_missing_method_or_a_malformed_challenge_is_refused() {
    let app = spawn_app().await;
    for kind in ["public", "confidential"] {
        let rp = register_rp(&app, kind, true).await;
        let p = pkce();
        for (challenge, method) in [
            (p.verifier.as_str(), "plain"),
            (p.challenge.as_str(), "plain"),
            (p.challenge.as_str(), "s256"),
            (p.challenge.as_str(), "S512"),
            (p.challenge.as_str(), ""),
            ("", "S256"),
            ("too-short", "S256"),
            (
                "not base64url because of these: +/=+/=+/=+/=+/=+/=+/=+/=",
                "S256",
            ),
        ] {
            let req = AuthRequest::new("openid")
                .without_pkce()
                .with("code_challenge", challenge)
                .with("code_challenge_method", method);
            let to = location(&authorize(&app, &rp, &req).await);
            refused_to_client(&app, &rp, &req, &to, "invalid_request");
        }
    }
}

#[tokio::test]
async fn a_wrong_or_missing_verifier_is_invalid_grant() {
    let app = spawn_app().await;
    for kind in ["public", "confidential"] {
        let rp = register_rp(&app, kind, true).await;
        let req = AuthRequest::new("openid");
        let c = code(&app, &rp, &req).await;
        let other = pkce();
        let right = req.pkce.as_ref().unwrap();
        for wrong in [
            Some(other.verifier.as_str()),
            // The challenge itself is not the verifier.
            Some(right.challenge.as_str()),
            Some(&right.verifier[1..]),
            Some(""),
            // RFC 9700 §2.1.1 downgrade: the challenge was sent, the verifier
            // is left out.
            None,
        ] {
            let r = exchange(&app, &rp, &c, wrong).await;
            assert_error(r, 400, "invalid_grant").await;
        }
    }
}

#[tokio::test]
async fn a_code_issued_with_a_challenge_gives_tokens_only_for_its_verifier() {
    let app = spawn_app().await;
    let rp = register_rp(&app, "public", true).await;
    let req = AuthRequest::new("openid");
    let c = code(&app, &rp, &req).await;
    let r = exchange(&app, &rp, &c, Some(&pkce().verifier)).await;
    assert_error(r, 400, "invalid_grant").await;
    let r = exchange(&app, &rp, &c, Some(&req.pkce.unwrap().verifier)).await;
    assert_eq!(r.status(), 200);
    let t: Value = r.json().await.unwrap();
    assert!(t["access_token"].is_string());
}

#[tokio::test]
async fn a_verifier_for_a_code_issued_without_a_challenge_is_refused() {
    let app = spawn_app().await;
    // Confidential clients may leave PKCE out…
    let rp = register_rp(&app, "confidential", true).await;
    let req = AuthRequest::new("openid").without_pkce();
    let c = code(&app, &rp, &req).await;
    // …but then a verifier means someone stripped the challenge from the
    // request (RFC 9700 §2.1.1): refused.
    let r = exchange(&app, &rp, &c, Some(&pkce().verifier)).await;
    let body = assert_error(r, 400, "invalid_grant").await;
    assert!(
        body["error_description"]
            .as_str()
            .unwrap()
            .contains("code_challenge"),
        "{body}"
    );
    // Without one the code is good.
    let r = exchange(&app, &rp, &c, None).await;
    assert_eq!(r.status(), 200);
}
