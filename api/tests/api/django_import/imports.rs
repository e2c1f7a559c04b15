//! What users of the Django server notice after `import-django`: they sign
//! in with their Django passwords, their apps with their DOT secrets and
//! refresh tokens; and what the operator notices: counts, idempotence,
//! conflicts refused unless `--overwrite`.

use serde_json::{Value, json};

use super::{Engine, django_db, import, password_grant};
use crate::helpers::*;

/// The stored password hash of each user, by username.
async fn stored_hash(app: &TestApp, username: &str) -> String {
    app.sql_texts("SELECT username || ' ' || password_hash FROM users")
        .await
        .into_iter()
        .flatten()
        .find_map(|row| {
            let (name, hash) = row.split_once(' ')?;
            (name == username).then(|| hash.to_string())
        })
        .unwrap_or_else(|| panic!("no user {username}"))
}

async fn stored_secret(app: &TestApp, client_id: &str) -> String {
    app.sql_texts("SELECT id || ' ' || COALESCE(secret_hash, '') FROM clients")
        .await
        .into_iter()
        .flatten()
        .find_map(|row| {
            let (id, hash) = row.split_once(' ')?;
            (id == client_id).then(|| hash.to_string())
        })
        .unwrap_or_else(|| panic!("no client {client_id}"))
}

fn client(made: &Value, name: &str) -> (String, String) {
    (
        made[name]["client_id"].as_str().unwrap().to_string(),
        made[name]["client_secret"]
            .as_str()
            .unwrap_or_default()
            .to_string(),
    )
}

#[tokio::test]
async fn django_users_apps_and_sessions_keep_working_after_the_import() {
    let django = django_db(Engine::AsTheSuite, "full").await;
    let made = &django.made;
    assert!(
        made["hashes"]["Paula"]
            .as_str()
            .unwrap()
            .starts_with("pbkdf2_sha256$")
    );
    assert!(
        made["hashes"]["arthur"]
            .as_str()
            .unwrap()
            .starts_with("argon2$argon2id$")
    );
    assert!(
        made["hashes"]["bea"]
            .as_str()
            .unwrap()
            .starts_with("bcrypt_sha256$$2b$")
    );
    let db = TestDb::new();
    let report = import(db.url(), &django.url, &[]).await;
    let engine = if django.url.starts_with("postgres") {
        "postgres"
    } else {
        "sqlite"
    };
    assert_eq!(report["source"], engine);
    assert_eq!(report["users"]["imported"], 6, "{report}");
    assert_eq!(report["users"]["unusable_passwords"], 3, "{report}");
    assert_eq!(
        report["users"]["collisions"][0]["name"], "carol",
        "{report}"
    );
    assert_eq!(
        report["roles"]["renamed"],
        json!({"Content Editors": "content-editors"})
    );
    assert_eq!(report["clients"]["imported"], 3, "{report}");
    assert_eq!(report["clients"]["hashed_secrets"], 1, "{report}");
    assert_eq!(report["clients"]["clear_secrets"], 1, "{report}");
    assert_eq!(
        report["clients"]["invalid"].as_array().unwrap().len(),
        1,
        "implicit"
    );
    assert_eq!(report["refresh_tokens"]["imported"], 1, "{report}");
    assert_eq!(report["refresh_tokens"]["revoked"], 1, "{report}");
    assert_eq!(
        report["refresh_tokens"]["without_access_token"], 1,
        "{report}"
    );
    assert_eq!(report["nothing_new"], false);

    let app = spawn_app_on(db).await;
    let portal = client(made, "portal");
    assert!(
        stored_secret(&app, &portal.0)
            .await
            .starts_with("pbkdf2_sha256$")
    );
    for (username, password, stored_as) in [
        ("Paula", "paula-pbkdf2-pass", "pbkdf2_sha256$"),
        ("arthur", "arthur-argon2-pass", "argon2$argon2id$"),
        ("bea", "bea-bcrypt-pass", "bcrypt_sha256$"),
    ] {
        let canonical = username.to_lowercase();
        assert!(stored_hash(&app, &canonical).await.starts_with(stored_as));
        let wrong = password_grant(&app, &portal, username, "not-it").await;
        assert_error(wrong, 400, "invalid_grant").await;
        assert!(stored_hash(&app, &canonical).await.starts_with(stored_as));
        let r = password_grant(&app, &portal, username, password).await;
        assert_eq!(
            r.status(),
            200,
            "{username} signs in with the Django password"
        );
        assert!(
            stored_hash(&app, &canonical)
                .await
                .starts_with("$argon2id$"),
            "{username}'s hash is argon2id after the login"
        );
        let again = password_grant(&app, &portal, &canonical, password).await;
        assert_eq!(again.status(), 200, "{username} signs in again");
    }
    // The portal's DOT secret worked; it is stored as ours now.
    let secret = stored_secret(&app, &portal.0).await;
    assert_eq!(secret, sha256_hex(&portal.1));

    // Groups are roles; the superuser is an admin.
    let t: Value = password_grant(&app, &portal, "paula", "paula-pbkdf2-pass")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        jwt_claims(t["access_token"].as_str().unwrap())["roles"],
        json!(["content-editors"])
    );
    let t: Value = password_grant(&app, &portal, "arthur", "arthur-argon2-pass")
        .await
        .json()
        .await
        .unwrap();
    let admin = t["access_token"].as_str().unwrap().to_string();
    assert_eq!(jwt_claims(&admin)["roles"], json!(["admin", "staff"]));
    let users: Value = app
        .get_bearer("/api/admin/users", &admin)
        .await
        .json()
        .await
        .unwrap();
    let by_name = |n: &str| {
        users
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["username"] == n)
            .cloned()
    };
    assert_eq!(by_name("dora").unwrap()["disabled"], true);
    assert_eq!(by_name("dora").unwrap()["email"], "");
    assert_eq!(by_name("paula").unwrap()["first_name"], "Paula");
    assert_eq!(by_name("bea").unwrap()["roles"], json!(["content-editors"]));
    assert!(by_name("carol").is_some());
    assert_eq!(users.as_array().unwrap().len(), 6);
    // Unusable passwords sign in with nothing.
    for (u, p) in [("nopass", ""), ("nopass", "x"), ("carol", "!")] {
        assert_ne!(
            password_grant(&app, &portal, u, p).await.status(),
            200,
            "{u}"
        );
    }

    // The apps: a public SPA with its URIs, a backend with its clear secret.
    let clients: Value = app
        .get_bearer("/api/admin/clients", &admin)
        .await
        .json()
        .await
        .unwrap();
    let spa_id = made["spa"]["client_id"].as_str().unwrap();
    let spa = clients
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["client_id"] == spa_id)
        .unwrap();
    assert_eq!(spa["type"], "public");
    assert_eq!(spa["skip_consent"], true);
    assert_eq!(
        spa["grant_types"],
        json!(["authorization_code", "refresh_token"])
    );
    assert_eq!(
        spa["redirect_uris"],
        json!([
            "https://spa.example.com/callback",
            "https://spa.example.com/silent"
        ])
    );
    assert_eq!(
        spa["post_logout_redirect_uris"],
        json!(["https://spa.example.com/"])
    );
    assert_eq!(spa["allowed_origins"], json!(["https://spa.example.com"]));
    let backend = client(made, "backend");
    let r = app
        .token(
            (&backend.0, &backend.1),
            &[("grant_type", "client_credentials")],
        )
        .await;
    assert_eq!(
        r.status(),
        200,
        "the backend authenticates with its DOT secret"
    );

    // The live DOT refresh token works once, then ours carries on.
    let dot_refresh = made["refresh_tokens"]["live"].as_str().unwrap();
    let refresh = |token: String| {
        let portal = portal.clone();
        let app = &app;
        async move {
            app.token(
                (&portal.0, &portal.1),
                &[("grant_type", "refresh_token"), ("refresh_token", &token)],
            )
            .await
        }
    };
    let r = refresh(dot_refresh.into()).await;
    assert_eq!(r.status(), 200, "the DOT refresh token works");
    let t: Value = r.json().await.unwrap();
    let ours = t["refresh_token"].as_str().unwrap().to_string();
    assert_ne!(ours, dot_refresh, "rotated");
    assert_eq!(
        jwt_claims(t["access_token"].as_str().unwrap())["roles"],
        json!(["content-editors"])
    );
    let r = refresh(ours).await;
    assert_eq!(r.status(), 200, "our successor works");
    assert_error(refresh(dot_refresh.into()).await, 400, "invalid_grant").await;
    for dead in ["revoked", "orphan"] {
        let token = made["refresh_tokens"][dead].as_str().unwrap().to_string();
        assert_error(refresh(token).await, 400, "invalid_grant").await;
    }

    // Audited, without a secret.
    let audit = app.audit_table_text().await;
    for event in [
        "import.completed",
        "password.upgraded",
        "client.secret_upgraded",
    ] {
        assert!(audit.contains(event), "no {event} in the audit log");
    }
    for secret in [
        portal.1.as_str(),
        &backend.1,
        "paula-pbkdf2-pass",
        dot_refresh,
    ] {
        assert!(!audit.contains(secret), "a secret in the audit log");
    }

    // A second run finds nothing new.
    let again = import(app.db.url(), &django.url, &[]).await;
    assert_eq!(again["nothing_new"], true, "{again}");
    assert_eq!(again["users"]["already_imported"], 6, "{again}");
    assert_eq!(again["clients"]["already_imported"], 3, "{again}");
    assert_eq!(again["refresh_tokens"]["already_imported"], 1, "{again}");
    assert_eq!(again["roles"]["created"], 0, "{again}");
}
