//! The ID token of the code flow as a relying party checks it (OIDC Core
//! §3.1.3.7): signed RS256 by a key the JWKS publishes, for this client,
//! this request (`nonce`), this sign-in (`auth_time`, `sid`, `acr`, `amr`)
//! and this access token (`at_hash`).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde_json::{Value, json};

use super::*;

/// The claims of `id_token` once its signature verifies against the RSA
/// key the JWKS publishes under its `kid`, with `iss` and `aud` checked.
pub async fn verified_id_token(app: &TestApp, id_token: &str, audience: &str) -> Value {
    let header = jsonwebtoken::decode_header(id_token).unwrap();
    assert_eq!(header.alg, Algorithm::RS256);
    let kid = header.kid.expect("a kid in the header");
    let jwks: Value = app
        .http
        .get(app.url("/.well-known/jwks.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let jwk = jwks["keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["kid"] == kid.as_str())
        .unwrap_or_else(|| panic!("kid {kid} is not in the JWKS {jwks}"));
    assert_eq!(jwk["kty"], "RSA");
    assert_eq!(jwk["alg"], "RS256");
    assert_eq!(jwk["use"], "sig");
    let key =
        DecodingKey::from_rsa_components(jwk["n"].as_str().unwrap(), jwk["e"].as_str().unwrap())
            .unwrap();
    let mut v = Validation::new(Algorithm::RS256);
    v.set_audience(&[audience]);
    v.set_issuer(&[app.base.as_str()]);
    v.set_required_spec_claims(&["iss", "sub", "aud", "exp", "iat"]);
    // Expiry is checked against the server's (manual) clock by the tests.
    v.validate_exp = false;
    jsonwebtoken::decode::<Value>(id_token, &key, &v)
        .expect("the ID token's signature verifies against the JWKS")
        .claims
}

/// OIDC Core §3.1.3.6: base64url of the left half of SHA-256 of the
/// access token.
pub fn at_hash(access_token: &str) -> String {
    let d = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, access_token.as_bytes());
    URL_SAFE_NO_PAD.encode(&d.as_ref()[..16])
}

/// Signs in, waits a little before consenting (so `auth_time` and `iat`
/// differ), then checks everything the ID token must say; a second request
/// in the same browser keeps the session's `auth_time` and `sid`.
async fn an_rp_can_verify_its_id_token(client_type: &str) {
    let app = spawn_app().await;
    let rp = register_rp(&app, client_type, false).await;
    let req = AuthRequest::new("openid profile");
    let to = location(&authorize(&app, &rp, &req).await);
    let signed_in_at = app.now();
    let (view, answer) = login(&app, &to, "alice", "alicepass").await;
    assert_eq!(answer, json!({"next": "consent"}));
    app.clock.advance(7);
    let back = consent(&app, &view, &["openid", "profile"], json!({})).await;
    let code = code_of(&rp, &back);
    let r = exchange(&app, &rp, &code, Some(&req.pkce.as_ref().unwrap().verifier)).await;
    assert_eq!(r.status(), 200);
    let t: Value = r.json().await.unwrap();
    assert_eq!(t["token_type"], "Bearer");
    let access = t["access_token"].as_str().unwrap();
    let id = verified_id_token(&app, t["id_token"].as_str().unwrap(), &rp.client_id).await;

    assert_eq!(id["iss"], app.base.as_str());
    assert_eq!(id["aud"], rp.client_id.as_str());
    assert_eq!(id["sub"], jwt_claims(access)["sub"]);
    assert_eq!(id["iat"], app.now());
    assert!(id["exp"].as_i64().unwrap() > app.now(), "{id}");
    assert_eq!(id["auth_time"], signed_in_at, "when the user signed in");
    assert_eq!(id["nonce"], req.nonce.as_str());
    assert_eq!(id["at_hash"], at_hash(access).as_str());
    assert_eq!(id["acr"], "1");
    assert_eq!(id["amr"], json!(["pwd"]));
    let sid = id["sid"].as_str().expect("a sid").to_string();
    assert!(!sid.is_empty());

    // The same browser again: no sign-in, so the same session and time.
    app.clock.advance(60);
    let again = AuthRequest::new("openid profile");
    let back = location(&authorize(&app, &rp, &again).await);
    let code = code_of(&rp, &back);
    let r = exchange(&app, &rp, &code, Some(&again.pkce.unwrap().verifier)).await;
    let t2: Value = r.json().await.unwrap();
    let access2 = t2["access_token"].as_str().unwrap();
    let id2 = verified_id_token(&app, t2["id_token"].as_str().unwrap(), &rp.client_id).await;
    assert_eq!(
        id2["nonce"],
        again.nonce.as_str(),
        "each request's own nonce"
    );
    assert_eq!(id2["auth_time"], signed_in_at);
    assert_eq!(id2["sid"], sid.as_str());
    assert_eq!(id2["iat"], app.now());
    assert_eq!(id2["at_hash"], at_hash(access2).as_str());
    assert_ne!(id2["at_hash"], id["at_hash"]);
}

#[tokio::test]
async fn a_confidential_clients_id_token_verifies_against_the_jwks_and_binds_nonce_session_and_access_token()
 {
    an_rp_can_verify_its_id_token("confidential").await;
}

#[tokio::test]
async fn a_public_clients_id_token_verifies_against_the_jwks_and_binds_nonce_session_and_access_token()
 {
    an_rp_can_verify_its_id_token("public").await;
}

#[tokio::test]
async fn an_id_token_is_issued_only_when_openid_is_granted_and_without_a_nonce_carries_none() {
    let app = spawn_app().await;
    let rp = register_rp(&app, "confidential", true).await;
    let t = tokens_for(&app, &rp, &AuthRequest::new("profile email"), "alice").await;
    assert_eq!(t["scope"], "profile email");
    assert!(t.get("id_token").is_none(), "{t}");

    let req = AuthRequest::new("openid").with("nonce", "");
    let t = tokens_for(&app, &rp, &req, "alice").await;
    let id = verified_id_token(&app, t["id_token"].as_str().unwrap(), &rp.client_id).await;
    assert!(id.get("nonce").is_none(), "{id}");
}
