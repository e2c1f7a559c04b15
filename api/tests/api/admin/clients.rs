//! Clients: registration, changes, secrets.

use reqwest::Method;
use serde_json::{Value, json};

use super::*;

#[tokio::test]
async fn a_confidential_client_created_by_an_admin_gets_a_secret_once_that_works_at_the_token_endpoint()
 {
    let app = spawn_app().await;
    let admin = app.access_token("admin").await;
    let made = expect(
        &app,
        &admin,
        Method::POST,
        "/api/admin/clients",
        Some(json!({"name": "Billing", "type": "confidential", "grant_types": ["client_credentials"], "scope": "openid roles"})),
        201,
    )
    .await;
    let id = made["client"]["client_id"].as_str().unwrap();
    let secret = made["client_secret"]
        .as_str()
        .expect("a secret for a confidential client");
    assert_eq!(made["client"]["type"], "confidential");
    assert_eq!(made["client"]["grant_types"], json!(["client_credentials"]));

    let r = app
        .token((id, secret), &[("grant_type", "client_credentials")])
        .await;
    assert_eq!(r.status(), 200);
    let t: Value = r.json().await.unwrap();
    assert_eq!(
        jwt_claims(t["access_token"].as_str().unwrap())["client_id"],
        id
    );

    // Never shown again.
    let got = expect(
        &app,
        &admin,
        Method::GET,
        &format!("/api/admin/clients/{id}"),
        None,
        200,
    )
    .await;
    assert!(
        got.get("client_secret").is_none() && !got.to_string().contains(secret),
        "{got}"
    );
    let listed = expect(&app, &admin, Method::GET, "/api/admin/clients", None, 200).await;
    assert!(
        listed
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["client_id"] == id)
    );
    assert!(!listed.to_string().contains(secret));
}

#[tokio::test]
async fn a_public_client_gets_no_secret_and_its_origins_default_to_its_redirect_uris() {
    let app = spawn_app().await;
    let admin = app.access_token("admin").await;
    let made = expect(
        &app,
        &admin,
        Method::POST,
        "/api/admin/clients",
        Some(json!({
            "name": "Mobile",
            "type": "public",
            "grant_types": ["authorization_code", "refresh_token"],
            "redirect_uris": ["https://app.example.com/cb"]
        })),
        201,
    )
    .await;
    assert!(made.get("client_secret").is_none(), "{made}");
    assert_eq!(made["client"]["type"], "public");
    assert_eq!(
        made["client"]["redirect_uris"],
        json!(["https://app.example.com/cb"])
    );
    assert_eq!(
        made["client"]["allowed_origins"],
        json!(["https://app.example.com"])
    );
}

#[tokio::test]
async fn invalid_client_registrations_are_refused_and_nothing_is_stored() {
    let app = spawn_app().await;
    let admin = app.access_token("admin").await;
    let before = expect(&app, &admin, Method::GET, "/api/admin/clients", None, 200).await;
    let bad = [
        json!({"name": "P", "type": "public", "grant_types": ["client_credentials"]}),
        json!({"name": "C", "type": "confidential", "grant_types": ["authorization_code"]}),
        json!({"name": "F", "type": "confidential", "grant_types": ["authorization_code"], "redirect_uris": ["https://app.example.com/cb#frag"]}),
        json!({"name": "R", "type": "public", "grant_types": ["authorization_code"], "redirect_uris": ["/relative"]}),
        json!({"name": "J", "type": "public", "grant_types": ["authorization_code"], "redirect_uris": ["javascript:alert(1)"]}),
        json!({"name": "I", "type": "confidential", "grant_types": ["implicit"]}),
        json!({"name": "T", "type": "other", "grant_types": ["password"]}),
        json!({"name": "", "type": "confidential", "grant_types": ["password"]}),
    ];
    for body in bad {
        let r = call(
            &app,
            Method::POST,
            "/api/admin/clients",
            Some(&admin),
            Some(body.clone()),
        )
        .await;
        assert_error(r, 400, "invalid_request").await;
    }
    let after = expect(&app, &admin, Method::GET, "/api/admin/clients", None, 200).await;
    assert_eq!(before, after);
}

#[tokio::test]
async fn an_admin_lists_gets_changes_and_deletes_clients() {
    let app = spawn_app().await;
    let admin = app.access_token("admin").await;
    let listed = expect(&app, &admin, Method::GET, "/api/admin/clients", None, 200).await;
    assert!(
        listed
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["client_id"] == DEMO_CLIENT)
    );

    let made = expect(
        &app,
        &admin,
        Method::POST,
        "/api/admin/clients",
        Some(json!({"name": "Reports", "type": "confidential", "grant_types": ["password", "refresh_token"]})),
        201,
    )
    .await;
    let id = made["client"]["client_id"].as_str().unwrap();
    let secret = made["client_secret"].as_str().unwrap();
    let path = format!("/api/admin/clients/{id}");

    let changed = expect(
        &app,
        &admin,
        Method::PATCH,
        &path,
        Some(json!({"name": "Quarterly reports", "scope": "openid profile"})),
        200,
    )
    .await;
    assert_eq!(changed["name"], "Quarterly reports");
    assert_eq!(changed["scope"], "openid profile");
    assert_eq!(
        changed["grant_types"],
        json!(["password", "refresh_token"]),
        "not sent, unchanged"
    );
    let got = expect(&app, &admin, Method::GET, &path, None, 200).await;
    assert_eq!(got["name"], "Quarterly reports");
    // The narrower scope applies to the next token.
    let r = app
        .token(
            (id, secret),
            &[
                ("grant_type", "password"),
                ("username", "alice"),
                ("password", "alicepass"),
            ],
        )
        .await;
    assert_eq!(r.status(), 200);
    let t: Value = r.json().await.unwrap();
    assert_eq!(
        jwt_claims(t["access_token"].as_str().unwrap())["scope"],
        "openid profile"
    );

    // A change into an invalid registration is refused.
    let r = call(
        &app,
        Method::PATCH,
        &path,
        Some(&admin),
        Some(json!({"grant_types": ["authorization_code"]})),
    )
    .await;
    assert_error(r, 400, "invalid_request").await;
    assert_eq!(
        expect(&app, &admin, Method::GET, &path, None, 200).await["grant_types"],
        json!(["password", "refresh_token"])
    );

    expect(&app, &admin, Method::DELETE, &path, None, 204).await;
    assert_error(
        call(&app, Method::GET, &path, Some(&admin), None).await,
        404,
        "not_found",
    )
    .await;
    let r = app
        .token(
            (id, secret),
            &[
                ("grant_type", "password"),
                ("username", "alice"),
                ("password", "alicepass"),
            ],
        )
        .await;
    assert_error(r, 401, "invalid_client").await;
    let r = app
        .token(
            (id, secret),
            &[
                ("grant_type", "refresh_token"),
                ("refresh_token", t["refresh_token"].as_str().unwrap()),
            ],
        )
        .await;
    assert_error(r, 401, "invalid_client").await;
    let r = call(
        &app,
        Method::PATCH,
        "/api/admin/clients/no-such-client",
        Some(&admin),
        Some(json!({"name": "x"})),
    )
    .await;
    assert_error(r, 404, "not_found").await;
}

#[tokio::test]
async fn rotating_a_client_secret_retires_the_old_one_and_the_new_one_works() {
    let app = spawn_app().await;
    let admin = app.access_token("admin").await;
    let (id, old) = app
        .client("confidential", &["client_credentials"], None)
        .await;
    assert_eq!(
        app.token((&id, &old), &[("grant_type", "client_credentials")])
            .await
            .status(),
        200
    );

    let rotated = expect(
        &app,
        &admin,
        Method::POST,
        &format!("/api/admin/clients/{id}/secret"),
        None,
        200,
    )
    .await;
    let new = rotated["client_secret"].as_str().unwrap();
    assert_ne!(new, old);
    assert_error(
        app.token((&id, &old), &[("grant_type", "client_credentials")])
            .await,
        401,
        "invalid_client",
    )
    .await;
    assert_eq!(
        app.token((&id, new), &[("grant_type", "client_credentials")])
            .await
            .status(),
        200
    );

    let (public_id, _) = app.client("public", &["refresh_token"], None).await;
    let r = call(
        &app,
        Method::POST,
        &format!("/api/admin/clients/{public_id}/secret"),
        Some(&admin),
        None,
    )
    .await;
    assert_error(r, 400, "invalid_request").await;
}
