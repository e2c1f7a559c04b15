//! The admin API: users, clients, service keys and roles, for a bearer token
//! of a user with role `admin`.

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::*;

async fn call(
    app: &TestApp,
    method: Method,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> reqwest::Response {
    let mut req = app.http.request(method, app.url(path));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    if let Some(b) = body {
        req = req.json(&b);
    }
    req.send().await.expect("request")
}

/// An admin call that must answer `status` with a JSON body (or none, 204).
async fn expect(
    app: &TestApp,
    token: &str,
    method: Method,
    path: &str,
    body: Option<Value>,
    status: u16,
) -> Value {
    let r = call(app, method.clone(), path, Some(token), body).await;
    assert_eq!(r.status().as_u16(), status, "{method} {path}");
    let text = r.text().await.unwrap();
    if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).expect("JSON body")
    }
}

async fn user_id(app: &TestApp, admin: &str, username: &str) -> String {
    let users = expect(app, admin, Method::GET, "/api/admin/users", None, 200).await;
    users
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["username"] == username)
        .unwrap_or_else(|| panic!("{username} is listed"))["id"]
        .as_str()
        .unwrap()
        .to_string()
}

async fn login(app: &TestApp, username: &str, password: &str) -> reqwest::Response {
    app.token(
        (DEMO_CLIENT, DEMO_SECRET),
        &[
            ("grant_type", "password"),
            ("username", username),
            ("password", password),
        ],
    )
    .await
}

// ---- users

#[tokio::test]
async fn an_admin_creates_a_user_who_can_then_sign_in_and_the_password_is_never_shown() {
    let app = spawn_app().await;
    let admin = app.access_token("admin").await;
    let r = call(
        &app,
        Method::POST,
        "/api/admin/users",
        Some(&admin),
        Some(json!({"username": "bob", "email": "bob@example.com", "password": "b0b-secret-pw", "roles": ["user"]})),
    )
    .await;
    assert_eq!(r.status(), 201);
    let text = r.text().await.unwrap();
    assert!(!text.contains("b0b-secret-pw"), "password in {text}");
    assert!(!text.contains("$argon2"), "hash in {text}");
    let user: Value = serde_json::from_str(&text).unwrap();
    for key in ["password", "password_hash", "hash"] {
        assert!(user.get(key).is_none(), "{key} in {text}");
    }
    assert_eq!(user["username"], "bob");
    assert_eq!(user["email"], "bob@example.com");
    assert_eq!(user["roles"], json!(["user"]));
    assert_eq!(user["disabled"], false);
    let id = user["id"].as_str().unwrap();

    let t = app.password_tokens("bob", "b0b-secret-pw").await;
    assert_eq!(jwt_claims(t["access_token"].as_str().unwrap())["sub"], id);
    assert_eq!(
        jwt_claims(t["access_token"].as_str().unwrap())["roles"],
        json!(["user"])
    );

    let got = expect(
        &app,
        &admin,
        Method::GET,
        &format!("/api/admin/users/{id}"),
        None,
        200,
    )
    .await;
    assert_eq!(got, user);
    let listed = expect(&app, &admin, Method::GET, "/api/admin/users", None, 200).await;
    let listed_text = listed.to_string();
    assert!(
        !listed_text.contains("$argon2") && !listed_text.contains("password"),
        "{listed_text}"
    );
}

#[tokio::test]
async fn a_taken_username_is_a_conflict_and_the_existing_user_is_untouched() {
    let app = spawn_app().await;
    let admin = app.access_token("admin").await;
    let r = call(
        &app,
        Method::POST,
        "/api/admin/users",
        Some(&admin),
        Some(json!({"username": "alice", "email": "evil@example.com", "password": "hijacked", "roles": ["admin"]})),
    )
    .await;
    assert_error(r, 409, "conflict").await;
    assert_eq!(login(&app, "alice", "alicepass").await.status(), 200);
    assert_error(login(&app, "alice", "hijacked").await, 400, "invalid_grant").await;
    let alice = app.access_token("alice").await;
    let p: Value = app
        .get_bearer("/api/profile", &alice)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (p["email"].as_str(), p["roles"].clone()),
        (Some("alice@example.com"), json!(["user"]))
    );
}

#[tokio::test]
async fn a_user_with_an_unknown_role_is_refused_and_not_created() {
    let app = spawn_app().await;
    let admin = app.access_token("admin").await;
    let r = call(
        &app,
        Method::POST,
        "/api/admin/users",
        Some(&admin),
        Some(json!({"username": "carol", "email": "carol@example.com", "password": "carolpass", "roles": ["wizard"]})),
    )
    .await;
    assert_error(r, 400, "invalid_request").await;
    let users = expect(&app, &admin, Method::GET, "/api/admin/users", None, 200).await;
    assert!(!users.to_string().contains("carol"));
    assert_error(
        login(&app, "carol", "carolpass").await,
        400,
        "invalid_grant",
    )
    .await;
}

#[tokio::test]
async fn an_admin_lists_gets_changes_and_deletes_users() {
    let app = spawn_app().await;
    let admin = app.access_token("admin").await;
    let users = expect(&app, &admin, Method::GET, "/api/admin/users", None, 200).await;
    let names: Vec<&str> = users
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["username"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["admin", "alice"], "ordered by username");
    let roles: Vec<&Value> = users
        .as_array()
        .unwrap()
        .iter()
        .map(|u| &u["roles"])
        .collect();
    assert_eq!(
        roles,
        [&json!(["admin"]), &json!(["user"])],
        "each user with their roles"
    );
    let second = expect(
        &app,
        &admin,
        Method::GET,
        "/api/admin/users?limit=1&offset=1",
        None,
        200,
    )
    .await;
    assert_eq!(second[0]["username"], "alice");
    assert_eq!(second[0]["roles"], json!(["user"]));
    assert_eq!(second.as_array().unwrap().len(), 1);

    let created = expect(
        &app,
        &admin,
        Method::POST,
        "/api/admin/users",
        Some(json!({"username": "dave", "email": "dave@example.com", "password": "davepass", "roles": []})),
        201,
    )
    .await;
    let id = created["id"].as_str().unwrap();
    let path = format!("/api/admin/users/{id}");

    let changed = expect(
        &app,
        &admin,
        Method::PATCH,
        &path,
        Some(json!({"roles": ["user", "admin"], "first_name": "David"})),
        200,
    )
    .await;
    assert_eq!(changed["roles"], json!(["admin", "user"]));
    assert_eq!(changed["first_name"], "David");
    assert_eq!(
        changed["email"], "dave@example.com",
        "fields not sent are unchanged"
    );
    let got = expect(&app, &admin, Method::GET, &path, None, 200).await;
    assert_eq!(got["roles"], json!(["admin", "user"]));
    // The new role takes effect: dave may now use the admin API.
    let dave = app.access_token("dave").await;
    expect(&app, &dave, Method::GET, "/api/admin/users", None, 200).await;

    let r = call(
        &app,
        Method::PATCH,
        &path,
        Some(&admin),
        Some(json!({"roles": ["nonexistent"]})),
    )
    .await;
    assert_error(r, 400, "invalid_request").await;

    assert_eq!(
        expect(&app, &admin, Method::DELETE, &path, None, 204).await,
        Value::Null
    );
    assert_error(
        call(&app, Method::GET, &path, Some(&admin), None).await,
        404,
        "not_found",
    )
    .await;
    assert_error(
        call(&app, Method::DELETE, &path, Some(&admin), None).await,
        404,
        "not_found",
    )
    .await;
    assert_error(login(&app, "dave", "davepass").await, 400, "invalid_grant").await;
    assert_error(
        app.get_bearer("/api/profile", &dave).await,
        401,
        "invalid_token",
    )
    .await;
    let names: Vec<String> = expect(&app, &admin, Method::GET, "/api/admin/users", None, 200)
        .await
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["username"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(names, ["admin", "alice"]);
}

#[tokio::test]
async fn a_disabled_user_can_no_longer_sign_in_and_their_access_token_stops_working() {
    let app = spawn_app().await;
    let admin = app.access_token("admin").await;
    let alice_tokens = app.password_tokens("alice", "alicepass").await;
    let alice = alice_tokens["access_token"].as_str().unwrap();
    let id = user_id(&app, &admin, "alice").await;
    let path = format!("/api/admin/users/{id}");

    let changed = expect(
        &app,
        &admin,
        Method::PATCH,
        &path,
        Some(json!({"disabled": true})),
        200,
    )
    .await;
    assert_eq!(changed["disabled"], true);

    assert_error(
        app.get_bearer("/api/profile", alice).await,
        401,
        "invalid_token",
    )
    .await;
    assert_error(
        login(&app, "alice", "alicepass").await,
        400,
        "invalid_grant",
    )
    .await;
    let r = app
        .post_service(
            "/api/token/password",
            &json!({"username": "alice", "password": "alicepass"}),
        )
        .await;
    assert_error(r, 400, "invalid_grant").await;
    let r = app
        .token(
            (DEMO_CLIENT, DEMO_SECRET),
            &[
                ("grant_type", "refresh_token"),
                (
                    "refresh_token",
                    alice_tokens["refresh_token"].as_str().unwrap(),
                ),
            ],
        )
        .await;
    assert_error(r, 400, "invalid_grant").await;

    expect(
        &app,
        &admin,
        Method::PATCH,
        &path,
        Some(json!({"disabled": false})),
        200,
    )
    .await;
    assert_eq!(login(&app, "alice", "alicepass").await.status(), 200);
}

// ---- clients

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

// ---- service keys

#[tokio::test]
async fn a_service_key_is_shown_once_works_is_never_listed_and_stops_when_deleted() {
    let app = spawn_app().await;
    let admin = app.access_token("admin").await;
    let made = expect(
        &app,
        &admin,
        Method::POST,
        "/api/admin/service-keys",
        Some(json!({"name": "Shop", "scope": "openid profile"})),
        201,
    )
    .await;
    let id = made["id"].as_str().unwrap();
    let key = made["key"].as_str().unwrap();
    assert_eq!(made["name"], "Shop");
    assert_eq!(made["scope"], "openid profile");

    let r = app
        .http
        .post(app.url("/api/token/password/"))
        .header("X-Service-Key", key)
        .json(&json!({"username": "alice", "password": "alicepass"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let t: Value = r.json().await.unwrap();
    let claims = jwt_claims(t["access_token"].as_str().unwrap());
    assert_eq!(claims["client_id"], id);
    assert_eq!(claims["scope"], "openid profile");

    let listed = expect(
        &app,
        &admin,
        Method::GET,
        "/api/admin/service-keys",
        None,
        200,
    )
    .await;
    let text = listed.to_string();
    assert!(!text.contains(key), "{text}");
    let mine = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["id"] == id)
        .expect("listed");
    for field in ["key", "key_hash", "hash"] {
        assert!(mine.get(field).is_none(), "{field} in {mine}");
    }
    assert!(
        listed
            .as_array()
            .unwrap()
            .iter()
            .all(|k| k.get("key").is_none() && k.get("key_hash").is_none())
    );
    assert!(mine.get("revoked_at").is_none());

    expect(
        &app,
        &admin,
        Method::DELETE,
        &format!("/api/admin/service-keys/{id}"),
        None,
        204,
    )
    .await;
    let r = app
        .http
        .post(app.url("/api/token/password/"))
        .header("X-Service-Key", key)
        .json(&json!({"username": "alice", "password": "alicepass"}))
        .send()
        .await
        .unwrap();
    assert_error(r, 401, "invalid_service_key").await;
    let listed = expect(
        &app,
        &admin,
        Method::GET,
        "/api/admin/service-keys",
        None,
        200,
    )
    .await;
    let mine = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["id"] == id)
        .expect("still listed, as revoked");
    assert!(mine["revoked_at"].as_i64().is_some(), "{mine}");
    let r = call(
        &app,
        Method::DELETE,
        &format!("/api/admin/service-keys/{id}"),
        Some(&admin),
        None,
    )
    .await;
    assert_error(r, 404, "not_found").await;
}

// ---- roles

#[tokio::test]
async fn an_admin_manages_roles_and_the_admin_role_cannot_be_deleted() {
    let app = spawn_app().await;
    let admin = app.access_token("admin").await;
    let made = expect(
        &app,
        &admin,
        Method::POST,
        "/api/admin/roles",
        Some(json!({"name": "editor", "description": "Edits"})),
        201,
    )
    .await;
    assert_eq!(
        (made["name"].as_str(), made["description"].as_str()),
        (Some("editor"), Some("Edits"))
    );
    let r = call(
        &app,
        Method::POST,
        "/api/admin/roles",
        Some(&admin),
        Some(json!({"name": "editor"})),
    )
    .await;
    assert_error(r, 409, "conflict").await;
    let r = call(
        &app,
        Method::POST,
        "/api/admin/roles",
        Some(&admin),
        Some(json!({"name": "Bad Name"})),
    )
    .await;
    assert_error(r, 400, "invalid_request").await;

    let roles = expect(&app, &admin, Method::GET, "/api/admin/roles", None, 200).await;
    let mut names: Vec<&str> = roles
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["admin", "editor", "user"]);

    let changed = expect(
        &app,
        &admin,
        Method::PATCH,
        "/api/admin/roles/editor",
        Some(json!({"description": "Edits articles"})),
        200,
    )
    .await;
    assert_eq!(changed["description"], "Edits articles");
    let roles = expect(&app, &admin, Method::GET, "/api/admin/roles", None, 200).await;
    assert!(
        roles
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["name"] == "editor" && r["description"] == "Edits articles")
    );

    // A role in use: users lose it when it goes.
    let alice_id = user_id(&app, &admin, "alice").await;
    let alice_path = format!("/api/admin/users/{alice_id}");
    expect(
        &app,
        &admin,
        Method::PATCH,
        &alice_path,
        Some(json!({"roles": ["user", "editor"]})),
        200,
    )
    .await;
    expect(
        &app,
        &admin,
        Method::DELETE,
        "/api/admin/roles/editor",
        None,
        204,
    )
    .await;
    let roles = expect(&app, &admin, Method::GET, "/api/admin/roles", None, 200).await;
    assert!(!roles.to_string().contains("editor"));
    assert_eq!(
        expect(&app, &admin, Method::GET, &alice_path, None, 200).await["roles"],
        json!(["user"])
    );
    assert_error(
        call(
            &app,
            Method::DELETE,
            "/api/admin/roles/editor",
            Some(&admin),
            None,
        )
        .await,
        404,
        "not_found",
    )
    .await;
    let r = call(
        &app,
        Method::PATCH,
        "/api/admin/roles/editor",
        Some(&admin),
        Some(json!({"description": "x"})),
    )
    .await;
    assert_error(r, 404, "not_found").await;

    assert_error(
        call(
            &app,
            Method::DELETE,
            "/api/admin/roles/admin",
            Some(&admin),
            None,
        )
        .await,
        400,
        "invalid_request",
    )
    .await;
    let roles = expect(&app, &admin, Method::GET, "/api/admin/roles", None, 200).await;
    assert!(
        roles
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["name"] == "admin")
    );
    // And admin still is one.
    expect(&app, &admin, Method::GET, "/api/admin/users", None, 200).await;
}

// ---- who may call

fn every_admin_endpoint() -> Vec<(Method, &'static str, Option<Value>)> {
    vec![
        (Method::GET, "/api/admin/users", None),
        (
            Method::POST,
            "/api/admin/users",
            Some(
                json!({"username": "mallory", "email": "m@example.com", "password": "mallorypw", "roles": ["admin"]}),
            ),
        ),
        (Method::GET, "/api/admin/users/some-id", None),
        (
            Method::PATCH,
            "/api/admin/users/some-id",
            Some(json!({"disabled": true})),
        ),
        (Method::DELETE, "/api/admin/users/some-id", None),
        (Method::GET, "/api/admin/clients", None),
        (
            Method::POST,
            "/api/admin/clients",
            Some(json!({"name": "Evil", "type": "confidential", "grant_types": ["password"]})),
        ),
        (Method::GET, "/api/admin/clients/demo-client", None),
        (
            Method::PATCH,
            "/api/admin/clients/demo-client",
            Some(json!({"name": "Pwned"})),
        ),
        (Method::DELETE, "/api/admin/clients/demo-client", None),
        (Method::POST, "/api/admin/clients/demo-client/secret", None),
        (Method::GET, "/api/admin/service-keys", None),
        (
            Method::POST,
            "/api/admin/service-keys",
            Some(json!({"name": "Evil"})),
        ),
        (Method::DELETE, "/api/admin/service-keys/svc_demo", None),
        (Method::GET, "/api/admin/roles", None),
        (
            Method::POST,
            "/api/admin/roles",
            Some(json!({"name": "evil"})),
        ),
        (
            Method::PATCH,
            "/api/admin/roles/user",
            Some(json!({"description": "pwned"})),
        ),
        (Method::DELETE, "/api/admin/roles/user", None),
    ]
}

/// Nothing the refused calls tried happened.
async fn assert_nothing_changed(app: &TestApp) {
    let admin = app.access_token("admin").await;
    let users = expect(app, &admin, Method::GET, "/api/admin/users", None, 200).await;
    assert!(!users.to_string().contains("mallory"));
    assert!(
        users
            .as_array()
            .unwrap()
            .iter()
            .all(|u| u["disabled"] == false)
    );
    let clients = expect(app, &admin, Method::GET, "/api/admin/clients", None, 200).await;
    assert!(!clients.to_string().contains("Evil") && !clients.to_string().contains("Pwned"));
    assert_eq!(
        app.token(
            (DEMO_CLIENT, DEMO_SECRET),
            &[("grant_type", "client_credentials")]
        )
        .await
        .status(),
        200
    );
    let keys = expect(
        app,
        &admin,
        Method::GET,
        "/api/admin/service-keys",
        None,
        200,
    )
    .await;
    assert_eq!(keys.as_array().unwrap().len(), 1, "{keys}");
    let roles = expect(app, &admin, Method::GET, "/api/admin/roles", None, 200).await;
    let text = roles.to_string();
    assert!(
        text.contains("\"user\"") && !text.contains("evil") && !text.contains("pwned"),
        "{text}"
    );
    let r = app
        .post_service(
            "/api/token/password",
            &json!({"username": "alice", "password": "alicepass"}),
        )
        .await;
    assert_eq!(r.status(), 200, "the demo service key still works");
}

#[tokio::test]
async fn a_user_without_the_admin_role_is_forbidden_on_every_admin_endpoint() {
    let app = spawn_app().await;
    let alice = app.access_token("alice").await;
    for (method, path, body) in every_admin_endpoint() {
        let r = call(&app, method.clone(), path, Some(&alice), body).await;
        assert_eq!(r.status(), 403, "{method} {path}");
        assert_error(r, 403, "forbidden").await;
    }
    assert_nothing_changed(&app).await;
}

#[tokio::test]
async fn admin_endpoints_without_a_valid_token_answer_401() {
    let app = spawn_app().await;
    // A client's own token has no user, so no admin either.
    let r = app
        .token(
            (DEMO_CLIENT, DEMO_SECRET),
            &[("grant_type", "client_credentials")],
        )
        .await;
    let cc: Value = r.json().await.unwrap();
    let cc_token = cc["access_token"].as_str().unwrap().to_string();
    for (method, path, body) in every_admin_endpoint() {
        for token in [None, Some("garbage"), Some(cc_token.as_str())] {
            let r = call(&app, method.clone(), path, token, body.clone()).await;
            assert!(
                r.headers().contains_key("www-authenticate"),
                "{method} {path}"
            );
            assert_error(r, 401, "invalid_token").await;
        }
    }
    assert_nothing_changed(&app).await;
}
