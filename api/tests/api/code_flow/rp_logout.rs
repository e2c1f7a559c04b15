//! OpenID Connect RP-Initiated Logout 1.0 at `/oauth2/logout`: the client
//! sends the browser with its ID token; the session ends and the browser
//! comes back to a `post_logout_redirect_uri` registered exactly, with the
//! client's `state`. Anything else is refused before the session ends.

use super::*;

/// Signs alice in through `rp`; answers the ID token.
async fn signed_in(app: &TestApp, rp: &Rp) -> String {
    let t = tokens_for(app, rp, &AuthRequest::new("openid profile"), "alice").await;
    t["id_token"].as_str().unwrap().to_string()
}

async fn logout(app: &TestApp, query: &[(&str, &str)]) -> reqwest::Response {
    app.http
        .get(app.url("/oauth2/logout"))
        .query(query)
        .send()
        .await
        .unwrap()
}

/// Whether the browser's session still answers a silent request.
async fn still_signed_in(app: &TestApp, rp: &Rp) -> bool {
    let req = AuthRequest::new("openid profile").with("prompt", "none");
    let back = location(&authorize(app, rp, &req).await);
    match param(&back, "error").as_deref() {
        None => {
            code_of(rp, &back);
            true
        }
        Some("login_required") => false,
        Some(other) => panic!("unexpected {other} in {back}"),
    }
}

fn clears_the_session_cookie(r: &reqwest::Response) -> bool {
    r.headers().get_all("set-cookie").iter().any(|c| {
        let c = c.to_str().unwrap();
        c.starts_with("auth_session=;") && c.contains("Max-Age=0")
    })
}

#[tokio::test]
async fn logout_with_an_id_token_hint_ends_the_session_and_returns_to_the_registered_uri_with_state()
 {
    let app = spawn_app().await;
    let rp = register_rp(&app, "confidential", true).await;
    let id_token = signed_in(&app, &rp).await;
    assert!(still_signed_in(&app, &rp).await);

    let r = logout(
        &app,
        &[
            ("id_token_hint", id_token.as_str()),
            ("post_logout_redirect_uri", rp.post_logout.as_str()),
            ("state", "bye state&x=1"),
        ],
    )
    .await;
    assert!(clears_the_session_cookie(&r), "{:?}", r.headers());
    let to = location(&r);
    assert!(to.as_str().starts_with(&rp.post_logout), "{to}");
    assert_eq!(param(&to, "state").as_deref(), Some("bye state&x=1"));

    assert!(!still_signed_in(&app, &rp).await, "the session is over");
    let to = location(&authorize(&app, &rp, &AuthRequest::new("openid")).await);
    assert_eq!(to.path(), "/login", "the next request asks to sign in");
    assert_eq!(read_interaction(&app, &to).await["next"], "login");
}

/// A silent request from a bare client presenting `cookie` as its session:
/// whether it gets a code.
async fn cookie_signs_in(app: &TestApp, rp: &Rp, cookie: &str) -> bool {
    let bare = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let p = pkce();
    let r = bare
        .get(app.url("/oauth2/authorize"))
        .header("Cookie", cookie)
        .query(&[
            ("response_type", "code"),
            ("client_id", rp.client_id.as_str()),
            ("redirect_uri", rp.redirect_uri.as_str()),
            ("scope", "openid"),
            ("code_challenge", p.challenge.as_str()),
            ("code_challenge_method", "S256"),
            ("prompt", "none"),
        ])
        .send()
        .await
        .unwrap();
    param(&location(&r), "code").is_some()
}

#[tokio::test]
async fn a_copied_session_cookie_is_dead_after_logout() {
    let app = spawn_app().await;
    let rp = register_rp(&app, "confidential", true).await;
    let req = AuthRequest::new("openid");
    let to = location(&authorize(&app, &rp, &req).await);
    let view = read_interaction(&app, &to).await;
    let r = step(
        &app,
        &view,
        "login",
        serde_json::json!({"username": "alice", "password": "alicepass"}),
    )
    .await;
    let cookie = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|c| c.to_str().unwrap())
        .find(|c| c.starts_with("auth_session="))
        .expect("a session cookie")
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let answer: serde_json::Value = r.json().await.unwrap();
    let code = code_of(&rp, &redirect_to(&answer));
    let t: serde_json::Value = exchange(&app, &rp, &code, Some(&req.pkce.unwrap().verifier))
        .await
        .json()
        .await
        .unwrap();
    assert!(cookie_signs_in(&app, &rp, &cookie).await);

    let r = logout(&app, &[("id_token_hint", t["id_token"].as_str().unwrap())]).await;
    let to = location(&r);
    assert!(to.as_str().starts_with(&app.url("/login")), "{to}");
    assert!(
        !cookie_signs_in(&app, &rp, &cookie).await,
        "the session ended on the server, not only in this browser"
    );
}

#[tokio::test]
async fn an_unregistered_post_logout_redirect_uri_is_refused_and_the_session_stays() {
    let app = spawn_app().await;
    let rp = register_rp(&app, "confidential", true).await;
    let other = register_rp(&app, "public", true).await;
    let id_token = signed_in(&app, &rp).await;
    for uri in [
        "https://evil.example/bye",
        "https://rp.example.com/bye/",
        "https://rp.example.com/bye?next=x",
        "https://rp.example.com@evil.example/bye",
        // Its redirect URI is not a post-logout URI.
        "https://rp.example.com/cb",
    ] {
        let r = logout(
            &app,
            &[
                ("id_token_hint", id_token.as_str()),
                ("post_logout_redirect_uri", uri),
                ("state", "s"),
            ],
        )
        .await;
        assert!(!clears_the_session_cookie(&r), "{uri}");
        let to = location(&r);
        assert!(is_error_page(&app, &to, "invalid_request"), "{uri}: {to}");
        assert!(!to.as_str().contains("evil"), "{to}");
    }
    // Without a hint or client_id no URI can be checked; and a client_id
    // contradicting the hint is refused.
    for query in [
        vec![("post_logout_redirect_uri", rp.post_logout.as_str())],
        vec![
            ("id_token_hint", id_token.as_str()),
            ("client_id", other.client_id.as_str()),
            ("post_logout_redirect_uri", other.post_logout.as_str()),
        ],
    ] {
        let to = location(&logout(&app, &query).await);
        assert!(is_error_page(&app, &to, "invalid_request"), "{to}");
    }
    assert!(still_signed_in(&app, &rp).await, "nothing ended");
}

#[tokio::test]
async fn a_forged_id_token_hint_is_refused() {
    let app = spawn_app().await;
    let rp = register_rp(&app, "confidential", true).await;
    let id_token = signed_in(&app, &rp).await;
    let mut parts: Vec<&str> = id_token.split('.').collect();
    let access = tokens_for(&app, &rp, &AuthRequest::new("openid"), "alice").await;
    let other_claims = access["access_token"]
        .as_str()
        .unwrap()
        .split('.')
        .nth(1)
        .unwrap()
        .to_string();
    parts[1] = &other_claims;
    let forged = parts.join(".");
    for hint in [forged.as_str(), access["access_token"].as_str().unwrap()] {
        let to = location(
            &logout(
                &app,
                &[
                    ("id_token_hint", hint),
                    ("post_logout_redirect_uri", rp.post_logout.as_str()),
                ],
            )
            .await,
        );
        assert!(is_error_page(&app, &to, "invalid_request"), "{to}");
    }
    assert!(still_signed_in(&app, &rp).await);
}

#[tokio::test]
async fn logout_by_client_id_or_with_nothing_ends_the_session_too() {
    let app = spawn_app().await;
    let rp = register_rp(&app, "public", true).await;
    signed_in(&app, &rp).await;
    let r = logout(
        &app,
        &[
            ("client_id", rp.client_id.as_str()),
            ("post_logout_redirect_uri", rp.post_logout.as_str()),
        ],
    )
    .await;
    let to = location(&r);
    assert_eq!(to.as_str(), rp.post_logout, "no state sent, none added");
    assert!(!still_signed_in(&app, &rp).await);

    signed_in(&app, &rp).await;
    let to = location(&logout(&app, &[]).await);
    assert!(to.as_str().starts_with(&app.url("/login")), "{to}");
    assert!(!still_signed_in(&app, &rp).await);
}
