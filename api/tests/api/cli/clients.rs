//! create-client and create-service-key, with a server before and after.

use serde_json::{Value, json};

use crate::helpers::*;

use super::*;

#[tokio::test]
async fn create_client_takes_repeated_and_comma_separated_options_and_the_clients_work() {
    let db = TestDb::new();
    cli(db.url(), &["seed-demo-users", "--json"])
        .await
        .ok_json();
    let confidential = cli(
        db.url(),
        &[
            "create-client",
            "--json",
            "--name",
            "Billing",
            "--type",
            "confidential",
            "--grant-type",
            "password",
            "--grant-type",
            "client_credentials,refresh_token",
            "--scope",
            "openid profile",
            "--scope",
            "email",
            "--redirect-uri",
            "https://billing.example.com/cb",
        ],
    )
    .await
    .ok_json();
    let conf_id = confidential["client_id"]
        .as_str()
        .expect("client_id")
        .to_string();
    let conf_secret = confidential["client_secret"]
        .as_str()
        .expect("client_secret")
        .to_string();
    assert_eq!(confidential.as_object().unwrap().len(), 2, "{confidential}");

    let public = cli(
        db.url(),
        &[
            "create-client",
            "--json",
            "--name",
            "Single page app",
            "--type",
            "public",
            "--grant-type",
            "authorization_code,refresh_token",
            "--redirect-uri",
            "https://spa.example.com/cb",
            "--redirect-uri",
            "https://spa.example.com/other",
            "--skip-consent",
        ],
    )
    .await
    .ok_json();
    let public_id = public["client_id"].as_str().expect("client_id").to_string();
    assert!(public.get("client_secret").is_none(), "{public}");

    let refused = cli(
        db.url(),
        &[
            "create-client",
            "--json",
            "--name",
            "No redirect",
            "--type",
            "public",
            "--grant-type",
            "authorization_code",
        ],
    )
    .await;
    assert!(
        !refused.ok,
        "authorization_code without --redirect-uri must fail"
    );
    let err = refused.json();
    assert!(
        err["error"].as_str().is_some_and(|e| !e.is_empty()),
        "{err}"
    );
    assert!(
        err["error_description"]
            .as_str()
            .unwrap()
            .contains("redirect"),
        "{err}"
    );

    let app = spawn_app_on(db).await;
    let c = admin_get(&app, &format!("/api/admin/clients/{conf_id}")).await;
    assert_eq!(c["name"], "Billing");
    assert_eq!(c["type"], "confidential");
    assert_eq!(
        c["grant_types"],
        json!(["password", "client_credentials", "refresh_token"])
    );
    assert_eq!(c["scope"], "openid profile email");
    assert_eq!(
        c["redirect_uris"],
        json!(["https://billing.example.com/cb"])
    );
    assert!(
        !c.to_string().contains(&conf_secret),
        "the secret is stored hashed"
    );
    let p = admin_get(&app, &format!("/api/admin/clients/{public_id}")).await;
    assert_eq!(p["type"], "public");
    assert_eq!(
        p["grant_types"],
        json!(["authorization_code", "refresh_token"])
    );
    assert_eq!(
        p["redirect_uris"],
        json!([
            "https://spa.example.com/cb",
            "https://spa.example.com/other"
        ])
    );
    assert_eq!(p["allowed_origins"], json!(["https://spa.example.com"]));
    assert_eq!(p["skip_consent"], true);
    let clients = admin_get(&app, "/api/admin/clients").await;
    assert!(!clients.to_string().contains("No redirect"));

    let r = app
        .token(
            (&conf_id, &conf_secret),
            &[("grant_type", "client_credentials")],
        )
        .await;
    assert_eq!(r.status(), 200);
    let t: Value = r.json().await.unwrap();
    assert_eq!(t["scope"], "openid profile email");
    let r = app
        .token(
            (&conf_id, &conf_secret),
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
        jwt_claims(t["access_token"].as_str().unwrap())["client_id"],
        conf_id.as_str()
    );
    assert!(t["refresh_token"].is_string());
}

#[tokio::test]
async fn create_service_key_prints_a_key_that_works_at_the_integrator_endpoint() {
    let db = TestDb::new();
    cli(db.url(), &["seed-demo-users", "--json"])
        .await
        .ok_json();
    let made = cli(
        db.url(),
        &[
            "create-service-key",
            "--json",
            "--name",
            "Shop",
            "--scope",
            "openid,profile",
            "--scope",
            "email",
        ],
    )
    .await
    .ok_json();
    let id = made["id"].as_str().expect("id");
    let key = made["key"].as_str().expect("key");
    assert_eq!(made["name"], "Shop");
    let default = cli(
        db.url(),
        &["create-service-key", "--json", "--name", "Plain"],
    )
    .await
    .ok_json();

    let app = spawn_app_on(db).await;
    let r = password_login_via_key(&app, key).await;
    assert_eq!(r.status(), 200);
    let t: Value = r.json().await.unwrap();
    let claims = jwt_claims(t["access_token"].as_str().unwrap());
    assert_eq!(claims["client_id"], id);
    assert_eq!(claims["scope"], "openid profile email");

    let r = password_login_via_key(&app, default["key"].as_str().unwrap()).await;
    assert_eq!(r.status(), 200);
    let t: Value = r.json().await.unwrap();
    assert_eq!(t["scope"], "openid profile email roles");

    let keys = admin_get(&app, "/api/admin/service-keys").await;
    assert!(!keys.to_string().contains(key), "the key is stored hashed");
}

#[tokio::test]
async fn clients_and_service_keys_created_while_the_server_runs_work_within_five_seconds() {
    let db = TestDb::new();
    cli(db.url(), &["seed-demo-users", "--json"])
        .await
        .ok_json();
    let app = spawn_app_on(db).await;
    let url = app.db.url();

    let made = cli(
        url,
        &[
            "create-client",
            "--json",
            "--name",
            "Late",
            "--type",
            "confidential",
            "--grant-type",
            "client_credentials",
        ],
    )
    .await
    .ok_json();
    let (id, secret) = (
        made["client_id"].as_str().unwrap(),
        made["client_secret"].as_str().unwrap(),
    );
    within_five_seconds("the new client", || async {
        app.token((id, secret), &[("grant_type", "client_credentials")])
            .await
            .status()
            == 200
    })
    .await;

    let key = cli(url, &["create-service-key", "--json", "--name", "Late key"])
        .await
        .ok_json();
    let key = key["key"].as_str().unwrap();
    within_five_seconds("the new service key", || async {
        password_login_via_key(&app, key).await.status() == 200
    })
    .await;
}
