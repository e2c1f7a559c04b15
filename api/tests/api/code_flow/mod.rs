//! The authorization-code flow through the interaction API, driven by a
//! test relying party that does PKCE, as a browser with cookies would.

mod basics;
mod codes;
mod consent;
mod id_token;
mod interaction;
mod openidconnect_rp;
mod pkce;
mod prompt_and_max_age;
mod redirect_uri;
mod rp_logout;
mod second_factor;

use auth_server::domain::clients::{ClientRegistration, register_client};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use reqwest::Url;
use serde_json::{Value, json};

use crate::helpers::*;

pub const RP_ORIGIN: &str = "https://rp.example.com";

/// A registered relying party.
#[derive(Clone, Debug)]
pub struct Rp {
    pub client_id: String,
    /// `None` for a public client.
    pub secret: Option<String>,
    pub redirect_uri: String,
    pub post_logout: String,
}

/// Registers a relying party (`confidential` or `public`) with a redirect
/// URI under [`RP_ORIGIN`].
pub async fn register_rp(app: &TestApp, client_type: &str, skip_consent: bool) -> Rp {
    let redirect_uri = format!("{RP_ORIGIN}/cb");
    let post_logout = format!("{RP_ORIGIN}/bye");
    let reg = ClientRegistration {
        id: None,
        name: format!("Example {client_type} app"),
        client_type: client_type.into(),
        grant_types: vec!["authorization_code".into(), "refresh_token".into()],
        redirect_uris: vec![redirect_uri.clone()],
        post_logout_redirect_uris: vec![post_logout.clone()],
        allowed_origins: None,
        scope: Some("openid profile email roles offline_access account admin".into()),
        skip_consent,
    };
    let ctx = app.state.local_context(auth_server::domain::Actor::Cli);
    let made = register_client(&app.state.store, &ctx, reg).await.unwrap();
    Rp {
        client_id: made.client.id,
        secret: made.secret.map(|s| s.expose().to_string()),
        redirect_uri,
        post_logout,
    }
}

/// A PKCE pair (RFC 7636 §4.1–4.2, S256).
#[derive(Clone, Debug)]
pub struct Pkce {
    pub verifier: String,
    pub challenge: String,
}

pub fn pkce() -> Pkce {
    let verifier = URL_SAFE_NO_PAD.encode(auth_server::secrets::random_bytes::<32>());
    let digest = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, verifier.as_bytes());
    Pkce {
        challenge: URL_SAFE_NO_PAD.encode(digest.as_ref()),
        verifier,
    }
}

/// An authorization request; `extra` overrides or adds parameters.
#[derive(Clone, Debug)]
pub struct AuthRequest {
    pub scope: String,
    pub state: String,
    pub nonce: String,
    pub pkce: Option<Pkce>,
    pub extra: Vec<(String, String)>,
}

impl AuthRequest {
    pub fn new(scope: &str) -> Self {
        Self {
            scope: scope.into(),
            state: format!("st-{}", auth_server::secrets::random_id()),
            nonce: format!("n-{}", auth_server::secrets::random_id()),
            pkce: Some(pkce()),
            extra: vec![],
        }
    }

    pub fn with(mut self, key: &str, value: &str) -> Self {
        self.extra.retain(|(k, _)| k != key);
        self.extra.push((key.into(), value.into()));
        self
    }

    pub fn without_pkce(mut self) -> Self {
        self.pkce = None;
        self
    }
}

/// `GET /oauth2/authorize` for `rp` (not following the redirect).
pub async fn authorize(app: &TestApp, rp: &Rp, r: &AuthRequest) -> reqwest::Response {
    authorize_at(app, "/oauth2/authorize", rp, r).await
}

/// [`authorize`] at another path (django-oauth-toolkit's `/o/authorize/`).
pub async fn authorize_at(
    app: &TestApp,
    path: &str,
    rp: &Rp,
    r: &AuthRequest,
) -> reqwest::Response {
    let mut q: Vec<(String, String)> = vec![
        ("response_type".into(), "code".into()),
        ("client_id".into(), rp.client_id.clone()),
        ("redirect_uri".into(), rp.redirect_uri.clone()),
        ("scope".into(), r.scope.clone()),
        ("state".into(), r.state.clone()),
        ("nonce".into(), r.nonce.clone()),
    ];
    if let Some(p) = &r.pkce {
        q.push(("code_challenge".into(), p.challenge.clone()));
        q.push(("code_challenge_method".into(), "S256".into()));
    }
    for (k, v) in &r.extra {
        q.retain(|(qk, _)| qk != k);
        if !v.is_empty() {
            q.push((k.clone(), v.clone()));
        }
    }
    app.http.get(app.url(path)).query(&q).send().await.unwrap()
}

/// The `Location` of a redirect, parsed.
pub fn location(r: &reqwest::Response) -> Url {
    assert_eq!(r.status(), 302, "a redirect");
    let l = r.headers()["location"].to_str().unwrap();
    Url::parse(l).unwrap_or_else(|_| panic!("absolute Location: {l}"))
}

pub fn param(url: &Url, name: &str) -> Option<String> {
    url.query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

/// The interaction a redirect to the SPA names, as the SPA reads it.
pub async fn read_interaction(app: &TestApp, to: &Url) -> Value {
    let id = param(to, "interaction").expect("interaction id");
    let r = app
        .http
        .get(app.url(&format!("/api/interaction/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    r.json().await.unwrap()
}

/// One step of an interaction, with its CSRF token.
pub async fn step(app: &TestApp, view: &Value, name: &str, body: Value) -> reqwest::Response {
    let id = view["id"].as_str().unwrap();
    app.http
        .post(app.url(&format!("/api/interaction/{id}/{name}")))
        .header("X-CSRF-Token", view["csrf_token"].as_str().unwrap())
        .json(&body)
        .send()
        .await
        .unwrap()
}

/// Logs in through the interaction the authorization sent the browser to;
/// answers the step's JSON answer.
pub async fn login(app: &TestApp, to: &Url, username: &str, password: &str) -> (Value, Value) {
    let view = read_interaction(app, to).await;
    assert_eq!(view["next"], "login");
    let r = step(
        app,
        &view,
        "login",
        json!({"username": username, "password": password}),
    )
    .await;
    assert_eq!(r.status(), 200, "login step");
    (view, r.json().await.unwrap())
}

/// Where an interaction step says to go next.
pub fn redirect_to(answer: &Value) -> Url {
    Url::parse(answer["redirect_to"].as_str().expect("redirect_to")).unwrap()
}

/// The full flow for `user` up to the code: authorize, log in, and consent
/// to everything asked (at default levels) when asked. Answers the redirect
/// back to the client.
pub async fn code_for(app: &TestApp, rp: &Rp, r: &AuthRequest, user: &str) -> Url {
    let to = location(&authorize(app, rp, r).await);
    if to.as_str().starts_with(&rp.redirect_uri) {
        return to;
    }
    let (view, answer) = login(app, &to, user, &format!("{user}pass")).await;
    if answer["next"] == "consent" {
        let scopes: Vec<Value> = view["scopes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["name"].clone())
            .collect();
        let r = step(app, &view, "consent", json!({"scopes": scopes})).await;
        assert_eq!(r.status(), 200, "consent step");
        return redirect_to(&r.json().await.unwrap());
    }
    redirect_to(&answer)
}

/// `POST /oauth2/token` with `grant_type=authorization_code`.
pub async fn exchange(
    app: &TestApp,
    rp: &Rp,
    code: &str,
    verifier: Option<&str>,
) -> reqwest::Response {
    let mut form = vec![
        ("grant_type", "authorization_code".to_string()),
        ("code", code.to_string()),
        ("redirect_uri", rp.redirect_uri.clone()),
    ];
    if let Some(v) = verifier {
        form.push(("code_verifier", v.to_string()));
    }
    let mut req = app.http.post(app.url("/oauth2/token"));
    match &rp.secret {
        Some(secret) => req = req.basic_auth(&rp.client_id, Some(secret)),
        None => form.push(("client_id", rp.client_id.clone())),
    }
    req.form(&form).send().await.unwrap()
}

/// The whole flow to tokens.
pub async fn tokens_for(app: &TestApp, rp: &Rp, r: &AuthRequest, user: &str) -> Value {
    let back = code_for(app, rp, r, user).await;
    let code = param(&back, "code").expect("a code");
    let r2 = exchange(app, rp, &code, r.pkce.as_ref().map(|p| p.verifier.as_str())).await;
    assert_eq!(r2.status(), 200, "code exchange");
    r2.json().await.unwrap()
}

/// Consents on an interaction at its consent step to `scopes` with
/// `policies`; answers where the browser goes next.
pub async fn consent(app: &TestApp, view: &Value, scopes: &[&str], policies: Value) -> Url {
    let r = step(
        app,
        view,
        "consent",
        json!({"scopes": scopes, "policies": policies}),
    )
    .await;
    assert_eq!(r.status(), 200, "consent step");
    redirect_to(&r.json().await.unwrap())
}

/// The code of a redirect back to the client, checking it is one.
pub fn code_of(rp: &Rp, back: &Url) -> String {
    assert!(back.as_str().starts_with(&rp.redirect_uri), "{back}");
    param(back, "code").unwrap_or_else(|| panic!("a code in {back}"))
}

/// Whether the browser was sent to the SPA's `/error` page (and so not to
/// any client), with this `error`.
pub fn is_error_page(app: &TestApp, to: &Url, error: &str) -> bool {
    to.as_str().starts_with(&app.url("/error?")) && param(to, "error").as_deref() == Some(error)
}

/// `POST /oauth2/token` with a refresh token as `rp`.
pub async fn refresh_as(app: &TestApp, rp: &Rp, refresh_token: &str) -> reqwest::Response {
    let mut form = vec![
        ("grant_type", "refresh_token".to_string()),
        ("refresh_token", refresh_token.to_string()),
    ];
    let mut req = app.http.post(app.url("/oauth2/token"));
    match &rp.secret {
        Some(secret) => req = req.basic_auth(&rp.client_id, Some(secret)),
        None => form.push(("client_id", rp.client_id.clone())),
    }
    req.form(&form).send().await.unwrap()
}
