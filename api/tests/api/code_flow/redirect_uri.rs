//! RFC 9700 §4.1: the redirect URI is compared as a whole string with the
//! registered one. Anything else, however close, is untrusted: the browser
//! is sent to our own `/error` page and never to that URI, not even with
//! an error. And the token request must repeat the URI of its code.

use serde_json::Value;

use super::*;

/// Near misses of the registered `https://rp.example.com/cb`.
const LOOKALIKES: &[&str] = &[
    "https://rp.example.com/cb/",
    "https://rp.example.com/cb?next=https://evil.example",
    "https://rp.example.com/cb?",
    "https://rp.example.com/CB",
    "https://RP.example.com/cb",
    "https://rp.example.com/cb/more",
    "https://rp.example.com/cb/../cb",
    "https://rp.example.com/cb%2F..%2Fevil",
    "https://rp.example.com/cb#fragment",
    "https://rp.example.com:443/cb",
    "http://rp.example.com/cb",
    "https://rp.example.com.evil.example/cb",
    "https://evil.example/cb",
    "https://rp.example.com@evil.example/cb",
    "https://evil.example@rp.example.com/cb",
    "https://rp.example.com\\@evil.example/cb",
    " https://rp.example.com/cb",
    "https://rp.example.com/cb ",
    "//rp.example.com/cb",
    "/cb",
    "https://rp.example.com/cb/bye",
    // Its post-logout URI is not a redirect URI.
    "https://rp.example.com/bye",
];

fn sent_to_our_error_page(app: &TestApp, to: &Url, why: &str) {
    assert!(
        is_error_page(app, to, "invalid_request"),
        "{why}: the browser must go to our /error page, went to {to}"
    );
    assert_eq!(to.host_str(), Some("127.0.0.1"), "{why}");
    assert!(
        param(to, "error_description").is_some_and(|d| !d.is_empty()),
        "{why}: says what went wrong"
    );
    assert!(param(to, "code").is_none() && param(to, "state").is_none());
    assert!(
        !to.as_str().contains("evil"),
        "{why}: nothing of the URI is echoed into the Location"
    );
}

#[tokio::test]
async fn a_redirect_uri_that_is_not_exactly_the_registered_one_never_gets_the_browser() {
    let app = spawn_app().await;
    let rp = register_rp(&app, "public", true).await;
    for uri in LOOKALIKES {
        let req = AuthRequest::new("openid").with("redirect_uri", uri);
        let to = location(&authorize(&app, &rp, &req).await);
        sent_to_our_error_page(&app, &to, uri);
    }
    // The registered one itself is fine.
    let to = location(&authorize(&app, &rp, &AuthRequest::new("openid")).await);
    assert!(to.as_str().starts_with(&app.url("/login?")), "{to}");
}

#[tokio::test]
async fn a_lookalike_is_refused_even_for_a_signed_in_user_and_with_other_errors_in_the_request() {
    let app = spawn_app().await;
    let rp = register_rp(&app, "confidential", true).await;
    // A live session must not turn a lookalike into a code.
    code_of(
        &rp,
        &code_for(&app, &rp, &AuthRequest::new("openid"), "alice").await,
    );
    for uri in LOOKALIKES {
        let req = AuthRequest::new("openid").with("redirect_uri", uri);
        let to = location(&authorize(&app, &rp, &req).await);
        sent_to_our_error_page(&app, &to, uri);
        // An error the client would otherwise be told of does not go to
        // the lookalike either.
        let req = AuthRequest::new("openid")
            .with("redirect_uri", uri)
            .with("response_type", "token")
            .with("prompt", "none");
        let to = location(&authorize(&app, &rp, &req).await);
        sent_to_our_error_page(&app, &to, uri);
    }
}

#[tokio::test]
async fn a_missing_redirect_uri_or_an_unknown_client_goes_to_the_error_page() {
    let app = spawn_app().await;
    let rp = register_rp(&app, "public", true).await;
    let req = AuthRequest::new("openid").with("redirect_uri", "");
    let to = location(&authorize(&app, &rp, &req).await);
    sent_to_our_error_page(&app, &to, "no redirect_uri");

    let mut unknown = rp.clone();
    unknown.client_id = "no-such-client".into();
    let to = location(&authorize(&app, &unknown, &AuthRequest::new("openid")).await);
    sent_to_our_error_page(&app, &to, "unknown client");

    // Another client's registered URI is not this client's.
    let mut other = register_rp(&app, "public", true).await;
    other.redirect_uri = "https://other.example.com/cb".into();
    let to = location(&authorize(&app, &other, &AuthRequest::new("openid")).await);
    sent_to_our_error_page(&app, &to, "a URI of no client");
}

#[tokio::test]
async fn the_token_request_must_repeat_the_redirect_uri_of_its_code() {
    let app = spawn_app().await;
    let rp = register_rp(&app, "confidential", true).await;
    let req = AuthRequest::new("openid");
    let verifier = req.pkce.as_ref().unwrap().verifier.clone();
    let back = code_for(&app, &rp, &req, "alice").await;
    let code = code_of(&rp, &back);
    for uri in [
        Some("https://rp.example.com/cb/"),
        Some("https://rp.example.com/bye"),
        Some(""),
        None,
    ] {
        let mut form = vec![
            ("grant_type", "authorization_code"),
            ("code", code.as_str()),
            ("code_verifier", verifier.as_str()),
        ];
        if let Some(u) = uri {
            form.push(("redirect_uri", u));
        }
        let r = app
            .token((&rp.client_id, rp.secret.as_deref().unwrap()), &form)
            .await;
        assert_error(r, 400, "invalid_grant").await;
    }
    // The code was not used up by those: the right URI still redeems it.
    let r = exchange(&app, &rp, &code, Some(&verifier)).await;
    assert_eq!(r.status(), 200);
    let t: Value = r.json().await.unwrap();
    assert!(t["access_token"].is_string());
}
