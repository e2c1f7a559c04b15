//! A standard relying party accepts this server: the `openidconnect` crate
//! discovers it from its issuer, builds the authorization request (PKCE,
//! nonce, state), exchanges the code, verifies the ID token (signature
//! against the JWKS, issuer, audience, nonce, expiry, `at_hash`) and reads
//! UserInfo. Its back-channel requests go through a client that never
//! follows redirects (the crate's own advice against SSRF).

use std::future::Future;
use std::pin::Pin;

use openidconnect::core::{
    CoreAuthenticationFlow, CoreClient, CoreProviderMetadata, CoreUserInfoClaims,
};
use openidconnect::{
    AccessTokenHash, AuthorizationCode, ClientId, ClientSecret, CsrfToken, IssuerUrl, Nonce,
    OAuth2TokenResponse, PkceCodeChallenge, RedirectUrl, Scope, TokenResponse,
};
use serde_json::json;

use super::*;

type Sent = Pin<Box<dyn Future<Output = Result<openidconnect::HttpResponse, reqwest::Error>>>>;

/// The crate's HTTP calls, made with the workspace's reqwest.
fn back_channel() -> impl Fn(openidconnect::HttpRequest) -> Sent {
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    move |request: openidconnect::HttpRequest| {
        let http = http.clone();
        Box::pin(async move {
            let (parts, body) = request.into_parts();
            let r = http
                .request(parts.method, parts.uri.to_string())
                .headers(parts.headers)
                .body(body)
                .send()
                .await?;
            let mut answer = openidconnect::http::Response::builder().status(r.status());
            for (name, value) in r.headers() {
                answer = answer.header(name, value);
            }
            let body = r.bytes().await?.to_vec();
            Ok(answer.body(body).unwrap())
        }) as Sent
    }
}

async fn an_openidconnect_rp_signs_alice_in(client_type: &str) {
    let app = spawn_app().await;
    let rp = register_rp(&app, client_type, false).await;
    let http = back_channel();

    let issuer = IssuerUrl::new(app.base.clone()).unwrap();
    let metadata = CoreProviderMetadata::discover_async(issuer, &http)
        .await
        .expect("discovery from the issuer");
    let client = CoreClient::from_provider_metadata(
        metadata,
        ClientId::new(rp.client_id.clone()),
        rp.secret.clone().map(ClientSecret::new),
    )
    .set_redirect_uri(RedirectUrl::new(rp.redirect_uri.clone()).unwrap());

    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let (auth_url, state, nonce) = client
        .authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            CsrfToken::new_random,
            Nonce::new_random,
        )
        .add_scope(Scope::new("profile".into()))
        .add_scope(Scope::new("email".into()))
        .set_pkce_challenge(challenge)
        .url();
    assert!(
        auth_url
            .as_str()
            .starts_with(&app.url("/oauth2/authorize?"))
    );

    // The browser: the login UI's steps through the interaction API.
    let r = app.http.get(auth_url.as_str()).send().await.unwrap();
    let to = location(&r);
    let (view, answer) = login(&app, &to, "alice", "alicepass").await;
    assert_eq!(answer, json!({"next": "consent"}));
    let back = consent(
        &app,
        &view,
        &["openid", "profile", "email"],
        json!({"profile": "full"}),
    )
    .await;
    assert_eq!(
        param(&back, "state").as_deref(),
        Some(state.secret().as_str())
    );
    assert_eq!(param(&back, "iss").as_deref(), Some(app.base.as_str()));
    let code = code_of(&rp, &back);

    let tokens = client
        .exchange_code(AuthorizationCode::new(code))
        .expect("a token endpoint")
        .set_pkce_verifier(verifier)
        .request_async(&http)
        .await
        .expect("the code exchange");
    let scopes: Vec<String> = tokens
        .scopes()
        .expect("the granted scope")
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(scopes, ["openid", "profile", "email"]);
    assert!(tokens.refresh_token().is_some());

    let id_token = tokens.id_token().expect("an ID token");
    let id_verifier = client.id_token_verifier();
    let claims = id_token
        .claims(&id_verifier, &nonce)
        .expect("the ID token verifies");
    assert_eq!(claims.issuer().as_str(), app.base);
    assert_eq!(claims.audiences()[0].as_str(), rp.client_id);
    assert!(claims.auth_time().is_some());
    let expected_hash = AccessTokenHash::from_token(
        tokens.access_token(),
        id_token.signing_alg().unwrap(),
        id_token.signing_key(&id_verifier).unwrap(),
    )
    .unwrap();
    assert_eq!(claims.access_token_hash(), Some(&expected_hash));
    // Another request's nonce does not verify: the check is real.
    assert!(
        id_token
            .claims(&id_verifier, &Nonce::new("another".into()))
            .is_err()
    );

    let info: CoreUserInfoClaims = client
        .user_info(
            tokens.access_token().clone(),
            Some(claims.subject().clone()),
        )
        .expect("a userinfo endpoint")
        .request_async(&http)
        .await
        .expect("userinfo");
    assert_eq!(info.subject(), claims.subject());
    assert_eq!(info.email().map(|e| e.as_str()), Some("alice@example.com"));
    assert_eq!(info.preferred_username().map(|u| u.as_str()), Some("alice"));
}

#[tokio::test]
async fn the_openidconnect_crate_signs_in_as_a_confidential_client() {
    an_openidconnect_rp_signs_alice_in("confidential").await;
}

#[tokio::test]
async fn the_openidconnect_crate_signs_in_as_a_public_client() {
    an_openidconnect_rp_signs_alice_in("public").await;
}
