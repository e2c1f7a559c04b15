//! migrate, seed-demo-users, configuration errors and help.

use serde_json::json;

use crate::helpers::*;

use super::*;

#[tokio::test]
async fn migrate_applies_the_migrations_once_and_then_none() {
    let db = TestDb::new();
    assert_eq!(
        cli(db.url(), &["migrate", "--json"]).await.ok_json(),
        json!({"applied": migration_count()})
    );
    assert_eq!(
        cli(db.url(), &["--json", "migrate"]).await.ok_json(),
        json!({"applied": 0})
    );
}

#[tokio::test]
async fn seed_demo_users_is_idempotent_and_its_users_can_sign_in() {
    let db = TestDb::new();
    let first = cli(db.url(), &["seed-demo-users", "--json"])
        .await
        .ok_json();
    assert_eq!(first["created"], json!(["admin", "alice"]));
    assert_eq!(first["client"]["client_id"], DEMO_CLIENT);
    assert_eq!(first["service_key"]["id"], SERVICE_KEY_ID);
    let second = cli(db.url(), &["seed-demo-users", "--json"])
        .await
        .ok_json();
    assert_eq!(second["created"], json!([]));

    // A server that seeds nothing itself.
    let app = spawn_app_on(db).await;
    let users = admin_get(&app, "/api/admin/users").await;
    let names: Vec<&str> = users
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["username"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["admin", "alice"], "each demo user exists once");
    let admin = users
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["username"] == "admin")
        .unwrap();
    assert_eq!(
        (admin["email"].as_str(), admin["roles"].clone()),
        (Some("admin@example.com"), json!(["admin"]))
    );
    let t = app.password_tokens("alice", "alicepass").await;
    assert_eq!(
        jwt_claims(t["access_token"].as_str().unwrap())["roles"],
        json!(["user"])
    );
    assert_eq!(
        password_login_via_key(&app, SERVICE_KEY).await.status(),
        200
    );
    let clients = admin_get(&app, "/api/admin/clients").await;
    assert_eq!(
        clients
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["client_id"] == DEMO_CLIENT)
            .count(),
        1
    );
}

#[tokio::test]
async fn a_bad_configuration_value_exits_non_zero_with_a_message_naming_the_variable() {
    let db = TestDb::new();
    let run = cli_env(db.url(), &["migrate"], &[("ACCESS_TOKEN_TTL", "abc")]).await;
    assert!(!run.ok);
    assert!(run.stderr.contains("ACCESS_TOKEN_TTL"), "{}", run.stderr);
    // With --json the failure is one JSON object on stdout too.
    let run = cli_env(
        db.url(),
        &["migrate", "--json"],
        &[("ACCESS_TOKEN_TTL", "abc")],
    )
    .await;
    assert!(!run.ok);
    assert!(run.stderr.contains("ACCESS_TOKEN_TTL"), "{}", run.stderr);
    let err = run.json();
    assert!(
        err["error_description"]
            .as_str()
            .unwrap()
            .contains("ACCESS_TOKEN_TTL"),
        "{err}"
    );

    // A database URL may carry a password: it is named, never printed.
    let run = cli_env(
        "mysql://user:hunter2@db.example.com/auth",
        &["migrate", "--json"],
        &[],
    )
    .await;
    assert!(!run.ok);
    assert!(run.stderr.contains("DATABASE_URL"), "{}", run.stderr);
    assert!(
        !run.stderr.contains("hunter2") && !run.stdout.contains("hunter2"),
        "{}{}",
        run.stdout,
        run.stderr
    );
    run.json();

    // Nothing was applied to the real database by the failed runs.
    assert_eq!(
        cli(db.url(), &["migrate", "--json"]).await.ok_json(),
        json!({"applied": migration_count()})
    );
}

#[tokio::test]
async fn help_lists_every_command() {
    let db = TestDb::new();
    let run = cli(db.url(), &["--help"]).await;
    assert!(run.ok, "{}", run.stderr);
    for command in [
        "serve",
        "migrate",
        "seed-demo-users",
        "create-client",
        "create-service-key",
        "rotate-keys",
    ] {
        assert!(
            run.stdout.contains(command),
            "--help does not list {command}:\n{}",
            run.stdout
        );
    }
    for variable in [
        "DATABASE_URL",
        "ISSUER",
        "BIND_ADDR",
        "ACCESS_TOKEN_TTL",
        "LOG_FORMAT",
    ] {
        assert!(
            run.stdout.contains(variable),
            "--help does not list {variable}"
        );
    }
    let run = cli(db.url(), &["create-client", "--help"]).await;
    for option in [
        "--name",
        "--type",
        "--grant-type",
        "--redirect-uri",
        "--scope",
        "--skip-consent",
    ] {
        assert!(
            run.stdout.contains(option),
            "create-client --help lacks {option}"
        );
    }
}
