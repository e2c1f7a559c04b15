//! `/api/validate-token`: what integrators ask about access tokens, and the
//! forgeries it must see through (RFC 8725 §2, §3.1; RFC 9068 §4).

use auth_server::config::SigningAlg;
use auth_server::keys::SigningKey;
use aws_lc_rs::hmac;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};

use crate::helpers::*;

async fn assert_refused(app: &TestApp, token: &str, what: &str) {
    assert_eq!(app.validate(token).await, json!({"valid": false}), "{what}");
}

fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

fn b64_json(v: &Value) -> String {
    b64(&serde_json::to_vec(v).unwrap())
}

/// `header.claims.signature` from parts the test chose.
fn compact(header: &Value, claims: &Value, signature: &[u8]) -> String {
    format!(
        "{}.{}.{}",
        b64_json(header),
        b64_json(claims),
        b64(signature)
    )
}

fn hs256(header: &Value, claims: &Value, secret: &[u8]) -> String {
    let input = format!("{}.{}", b64_json(header), b64_json(claims));
    let tag = hmac::sign(&hmac::Key::new(hmac::HMAC_SHA256, secret), input.as_bytes());
    format!("{input}.{}", b64(tag.as_ref()))
}

/// Signs `claims` with the server's own current key, to build tokens that
/// are wrong only in the way a test wants.
fn server_signed(app: &TestApp, typ: &str, claims: &Value) -> String {
    app.state
        .keys
        .current()
        .sign_jwt(typ, claims)
        .expect("sign")
}

async fn jwks(app: &TestApp) -> Value {
    app.http
        .get(app.url("/.well-known/jwks.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_valid_token_is_valid_with_its_claims() {
    let app = spawn_app().await;
    let access = app.access_token("alice").await;
    let v = app.validate(&access).await;
    assert_eq!(v["valid"], true, "{v}");
    assert_eq!(v["claims"], jwt_claims(&access));
    assert_eq!(v["claims"]["client_id"], DEMO_CLIENT);
    assert_eq!(v["claims"]["roles"], json!(["user"]));

    // Form-encoded bodies work too, as with the Django system.
    let r = app
        .http
        .post(app.url("/api/validate-token/"))
        .header("X-Service-Key", SERVICE_KEY)
        .form(&[("token", access.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.json::<Value>().await.unwrap()["valid"], true);
}

#[tokio::test]
async fn the_same_claims_signed_by_the_server_key_are_valid() {
    // The control for the forgeries below: re-signing real claims with the
    // real key is accepted, so a refusal there is the forgery's doing.
    let app = spawn_app().await;
    let claims = jwt_claims(&app.access_token("alice").await);
    let token = server_signed(&app, "at+jwt", &claims);
    assert_eq!(app.validate(&token).await["valid"], true);
}

#[tokio::test]
async fn an_unsigned_token_is_refused() {
    let app = spawn_app().await;
    let access = app.access_token("alice").await;
    let claims = jwt_claims(&access);
    let kid = jwt_header(&access)["kid"].clone();
    for alg in ["none", "None", "NONE"] {
        let header = json!({"alg": alg, "typ": "at+jwt", "kid": kid});
        assert_refused(&app, &compact(&header, &claims, b""), alg).await;
        // With the real signature left on.
        let real_sig = URL_SAFE_NO_PAD
            .decode(access.split('.').nth(2).unwrap())
            .unwrap();
        assert_refused(&app, &compact(&header, &claims, &real_sig), alg).await;
    }
    assert_refused(
        &app,
        &format!(
            "{}.{}",
            b64_json(&json!({"alg": "none"})),
            b64_json(&claims)
        ),
        "two parts",
    )
    .await;
}

#[tokio::test]
async fn an_hs256_token_keyed_with_the_public_key_is_refused() {
    let app = spawn_app().await;
    let access = app.access_token("alice").await;
    let claims = jwt_claims(&access);
    let kid = jwt_header(&access)["kid"].as_str().unwrap().to_string();
    let jwks = jwks(&app).await;
    let jwk = jwks["keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["kid"] == kid.as_str())
        .unwrap()
        .clone();
    let n = jwk["n"].as_str().unwrap();
    let secrets: Vec<Vec<u8>> = vec![
        URL_SAFE_NO_PAD.decode(n).unwrap(),
        n.as_bytes().to_vec(),
        jwk.to_string().into_bytes(),
        jwks.to_string().into_bytes(),
    ];
    for alg in ["HS256", "HS384", "HS512"] {
        let header = json!({"alg": alg, "typ": "at+jwt", "kid": kid});
        for secret in &secrets {
            assert_refused(&app, &hs256(&header, &claims, secret), alg).await;
        }
    }
}

#[tokio::test]
async fn a_token_signed_by_another_key_under_the_servers_kid_is_refused() {
    let app = spawn_app().await;
    let access = app.access_token("alice").await;
    let claims = jwt_claims(&access);
    let kid = jwt_header(&access)["kid"].as_str().unwrap().to_string();
    for alg in [SigningAlg::Rs256, SigningAlg::Es256] {
        let (mut key, _) = SigningKey::generate(alg).unwrap();
        let own = key.sign_jwt("at+jwt", &claims).unwrap();
        assert_refused(&app, &own, "another key under its own kid").await;
        key.kid = kid.clone();
        let forged = key.sign_jwt("at+jwt", &claims).unwrap();
        assert_eq!(jwt_header(&forged)["kid"], kid.as_str());
        assert_refused(&app, &forged, "another key under the server's kid").await;
    }
}

#[tokio::test]
async fn tampered_claims_under_the_original_signature_are_refused() {
    let app = spawn_app().await;
    let access = app.access_token("alice").await;
    let admin_id = app
        .state
        .store
        .find_user_by_username("admin")
        .await
        .unwrap()
        .unwrap()
        .id;
    let parts: Vec<&str> = access.split('.').collect();
    let claims = jwt_claims(&access);
    let tamper = |edit: &dyn Fn(&mut Value)| {
        let mut c = claims.clone();
        edit(&mut c);
        format!("{}.{}.{}", parts[0], b64_json(&c), parts[2])
    };
    assert_refused(&app, &tamper(&|c| c["sub"] = json!(admin_id)), "sub").await;
    assert_refused(
        &app,
        &tamper(&|c| c["scope"] = json!("openid profile email roles account")),
        "scope",
    )
    .await;
    assert_refused(&app, &tamper(&|c| c["roles"] = json!(["admin"])), "roles").await;
    assert_refused(
        &app,
        &tamper(&|c| c["exp"] = json!(claims["exp"].as_i64().unwrap() + 86_400)),
        "exp",
    )
    .await;
    // And the untouched token is still fine.
    assert_eq!(app.validate(&access).await["valid"], true);
}

#[tokio::test]
async fn an_id_token_is_not_an_access_token() {
    let app = spawn_app().await;
    let t = app.password_tokens("alice", "alicepass").await;
    assert_refused(&app, t["id_token"].as_str().unwrap(), "ID token").await;

    // Nor are access claims under another typ, or none.
    let claims = jwt_claims(t["access_token"].as_str().unwrap());
    for typ in ["JWT", "jwt", "", "id_token+jwt"] {
        assert_refused(&app, &server_signed(&app, typ, &claims), typ).await;
    }
}

#[tokio::test]
async fn a_token_for_another_issuer_or_audience_is_refused() {
    let app = spawn_app().await;
    let claims = jwt_claims(&app.access_token("alice").await);
    let edits: [(&str, Value); 5] = [
        ("iss", json!("https://evil.example")),
        ("iss", json!(format!("{}/", app.base))),
        ("aud", json!("https://api.elsewhere.example")),
        ("aud", json!([])),
        ("aud", json!(DEMO_CLIENT)),
    ];
    for (claim, value) in edits {
        let mut c = claims.clone();
        c[claim] = value.clone();
        assert_refused(
            &app,
            &server_signed(&app, "at+jwt", &c),
            &format!("{claim} = {value}"),
        )
        .await;
    }
    for claim in ["iss", "aud", "sub", "exp"] {
        let mut c = claims.clone();
        c.as_object_mut().unwrap().remove(claim);
        assert_refused(
            &app,
            &server_signed(&app, "at+jwt", &c),
            &format!("without {claim}"),
        )
        .await;
    }
}

#[tokio::test]
async fn an_expired_token_is_refused() {
    let app = spawn_app().await;
    let access = app.access_token("alice").await;
    app.clock.advance(899);
    assert_eq!(app.validate(&access).await["valid"], true);
    app.clock.advance(1);
    assert_refused(&app, &access, "at exp").await;
}

#[tokio::test]
async fn a_token_issued_in_the_future_is_refused() {
    let app = spawn_app().await;
    let mut claims = jwt_claims(&app.access_token("alice").await);
    let now = app.now();
    claims["iat"] = json!(now + 3600);
    claims["exp"] = json!(now + 3600 + 900);
    assert_refused(
        &app,
        &server_signed(&app, "at+jwt", &claims),
        "iat in the future",
    )
    .await;
}

#[tokio::test]
async fn a_token_of_an_unknown_kid_or_without_one_is_refused() {
    let app = spawn_app().await;
    let access = app.access_token("alice").await;
    let claims = jwt_claims(&access);
    let parts: Vec<&str> = access.split('.').collect();
    let mut header = jwt_header(&access);
    header["kid"] = json!("no-such-kid");
    assert_refused(
        &app,
        &format!("{}.{}.{}", b64_json(&header), parts[1], parts[2]),
        "unknown kid",
    )
    .await;
    header.as_object_mut().unwrap().remove("kid");
    assert_refused(
        &app,
        &format!("{}.{}.{}", b64_json(&header), parts[1], parts[2]),
        "no kid",
    )
    .await;
    let mut header = jwt_header(&access);
    header["alg"] = json!("ES256");
    assert_refused(&app, &compact(&header, &claims, b"\0"), "alg not the key's").await;
}

#[tokio::test]
async fn garbage_is_not_valid() {
    let app = spawn_app().await;
    for token in ["garbage", "a.b.c", "...", "eyJ.eyJ.eyJ", &"a".repeat(9000)] {
        assert_refused(&app, token, token).await;
    }
}

#[tokio::test]
async fn a_wrong_or_missing_service_key_is_invalid_service_key() {
    let app = spawn_app().await;
    let access = app.access_token("alice").await;
    let body = json!({"token": access});
    let r = app
        .http
        .post(app.url("/api/validate-token"))
        .header("X-Service-Key", "sk_wrong")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_error(r, 401, "invalid_service_key").await;
    let r = app
        .http
        .post(app.url("/api/validate-token"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_error(r, 401, "invalid_service_key").await;
    // A user's bearer token is not a service key.
    let r = app
        .http
        .post(app.url("/api/validate-token"))
        .bearer_auth(&access)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_error(r, 401, "invalid_service_key").await;
}

#[tokio::test]
async fn a_missing_token_is_invalid_request() {
    let app = spawn_app().await;
    let r = app.post_service("/api/validate-token", &json!({})).await;
    assert_error(r, 400, "invalid_request").await;
}
