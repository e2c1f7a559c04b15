//! A test relying party: a confidential client of the test server using
//! the authorization-code flow with PKCE (RFC 7636), whose redirect URI is
//! a page of the test server (the browser just lands there; the test reads
//! the code from the address bar).

use auth_server::domain::Actor;
use auth_server::domain::clients::{ClientRegistration, register_client};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::Value;

use crate::helpers::TestApp;

pub struct Rp {
    pub client_id: String,
    pub secret: String,
    pub redirect_uri: String,
    pub verifier: String,
    pub state: String,
}

fn pkce_challenge(verifier: &str) -> String {
    let digest = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, verifier.as_bytes());
    URL_SAFE_NO_PAD.encode(digest.as_ref())
}

impl Rp {
    /// Registers `name` (authorization_code + refresh_token, asking for
    /// consent) with a redirect URI on the test server.
    pub async fn register(app: &TestApp, name: &str) -> Rp {
        let redirect_uri = app.url("/rp/callback");
        let reg = ClientRegistration {
            id: None,
            name: name.into(),
            client_type: "confidential".into(),
            grant_types: vec!["authorization_code".into(), "refresh_token".into()],
            redirect_uris: vec![redirect_uri.clone()],
            post_logout_redirect_uris: vec![],
            allowed_origins: None,
            scope: Some("openid profile email roles".into()),
            skip_consent: false,
        };
        let ctx = app.state.local_context(Actor::Cli);
        let made = register_client(&app.state.store, &ctx, reg)
            .await
            .expect("client");
        Rp::existing(
            app,
            &made.client.id,
            &made
                .secret
                .map(|s| s.expose().to_string())
                .unwrap_or_default(),
        )
    }

    /// A client registered elsewhere (e.g. in /admin).
    pub fn existing(app: &TestApp, client_id: &str, secret: &str) -> Rp {
        Rp {
            client_id: client_id.into(),
            secret: secret.into(),
            redirect_uri: app.url("/rp/callback"),
            verifier: format!("verifier-{}", uuid::Uuid::new_v4().simple()).repeat(2),
            state: uuid::Uuid::new_v4().simple().to_string(),
        }
    }

    /// `/oauth2/authorize?…` asking for `scope`.
    pub fn authorize_url(&self, app: &TestApp, scope: &str) -> String {
        let q = serde_urlencoded::to_string([
            ("response_type", "code"),
            ("client_id", self.client_id.as_str()),
            ("redirect_uri", self.redirect_uri.as_str()),
            ("scope", scope),
            ("state", self.state.as_str()),
            ("nonce", "n-0S6_WzA2Mj"),
            ("code_challenge", pkce_challenge(&self.verifier).as_str()),
            ("code_challenge_method", "S256"),
        ])
        .expect("query");
        app.url(&format!("/oauth2/authorize?{q}"))
    }

    /// The query of the redirect the browser landed on, after checking
    /// `state` and `iss` (RFC 9207).
    pub fn answer(
        &self,
        app: &TestApp,
        landed: &url::Url,
    ) -> std::collections::HashMap<String, String> {
        assert!(
            landed.as_str().starts_with(&self.redirect_uri),
            "landed on {landed}"
        );
        let q: std::collections::HashMap<String, String> =
            landed.query_pairs().into_owned().collect();
        assert_eq!(
            q.get("state"),
            Some(&self.state),
            "state comes back: {landed}"
        );
        assert_eq!(
            q.get("iss").map(String::as_str),
            Some(app.base.as_str()),
            "iss: {landed}"
        );
        q
    }

    /// RFC 6749 §4.1.3 with the verifier; answers the token response.
    pub async fn exchange(&self, app: &TestApp, code: &str) -> Value {
        let r = app
            .token(
                (&self.client_id, &self.secret),
                &[
                    ("grant_type", "authorization_code"),
                    ("code", code),
                    ("redirect_uri", &self.redirect_uri),
                    ("code_verifier", &self.verifier),
                ],
            )
            .await;
        assert_eq!(r.status(), 200, "code exchange");
        r.json().await.expect("token JSON")
    }
}
