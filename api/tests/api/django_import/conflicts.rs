//! What the operator notices when names collide: rows that exist here
//! already are refused unless `--overwrite`, and a run without anything
//! new says so; a source that is not a Django database is refused.

use serde_json::json;

use super::{Engine, django_db, import, password_grant};
use crate::cli::{cli, cli_env};
use crate::helpers::*;

#[tokio::test]
async fn rows_that_exist_already_are_refused_unless_overwrite_is_given() {
    let django = django_db(Engine::Sqlite, "conflict").await;
    let db = TestDb::new();
    cli(db.url(), &["seed-demo-users", "--json"])
        .await
        .ok_json();
    let first = import(db.url(), &django.url, &[]).await;
    assert_eq!(first["users"]["conflicts"], json!(["alice"]), "{first}");
    assert_eq!(first["users"]["imported"], 1, "{first}");
    assert_eq!(
        first["clients"]["conflicts"],
        json!(["demo-client"]),
        "{first}"
    );
    assert_eq!(first["clients"]["imported"], 1, "{first}");

    let app = spawn_app_on(db).await;
    // Ours are untouched; Django's new ones work.
    app.password_tokens("alice", "alicepass").await;
    let django_client = (
        "django-only-client".to_string(),
        "django-only-client-django-secret".to_string(),
    );
    let r = password_grant(&app, &django_client, "erin", "erin-django-pass").await;
    assert_eq!(r.status(), 200);

    let second = import(app.db.url(), &django.url, &[]).await;
    assert_eq!(second["nothing_new"], true, "{second}");
    assert_eq!(
        second["users"]["conflicts"],
        json!(["alice"]),
        "still refused"
    );

    let overwritten = import(app.db.url(), &django.url, &["--overwrite"]).await;
    assert_eq!(
        overwritten["users"]["updated"], 2,
        "alice, and erin again: {overwritten}"
    );
    assert_eq!(overwritten["users"]["conflicts"], json!([]));
    assert_eq!(overwritten["clients"]["updated"], 2, "{overwritten}");
    let demo = (
        "demo-client".to_string(),
        "demo-client-django-secret".to_string(),
    );
    let r = password_grant(&app, &demo, "alice", "alice-django-pass").await;
    assert_eq!(
        r.status(),
        200,
        "Django's alice, through Django's demo-client"
    );
    assert_error(
        password_grant(&app, &demo, "alice", "alicepass").await,
        400,
        "invalid_grant",
    )
    .await;
    let old = ("demo-client".to_string(), DEMO_SECRET.to_string());
    assert_error(
        password_grant(&app, &old, "alice", "alice-django-pass").await,
        401,
        "invalid_client",
    )
    .await;

    let last = import(app.db.url(), &django.url, &[]).await;
    assert_eq!(last["nothing_new"], true, "{last}");
    assert_eq!(last["users"]["already_imported"], 2, "{last}");
    assert_eq!(last["users"]["conflicts"], json!([]), "{last}");
}

#[tokio::test]
async fn a_source_that_is_not_a_django_database_is_refused_with_a_reason() {
    let db = TestDb::new();
    let r = cli(
        db.url(),
        &["import-django", "--from", "mysql://x/y", "--json"],
    )
    .await;
    assert!(!r.ok);
    assert_eq!(r.json()["error"], "usage_error");
    let dir = tempfile::tempdir().unwrap();
    let missing = format!("sqlite://{}/none.sqlite3", dir.path().display());
    let r = cli(db.url(), &["import-django", "--from", &missing, "--json"]).await;
    assert!(!r.ok);
    assert!(
        r.json()["error_description"]
            .as_str()
            .unwrap()
            .contains("cannot open the Django database"),
        "{}",
        r.stdout
    );
    // Our own database is not a Django one; the password of a URL is never shown.
    cli(db.url(), &["migrate"]).await;
    let r = cli(db.url(), &["import-django", "--from", db.url(), "--json"]).await;
    assert!(
        r.json()["error_description"]
            .as_str()
            .unwrap()
            .contains("auth_user")
    );
    let r = cli_env(
        db.url(),
        &[
            "import-django",
            "--from",
            "postgres://u:hunter2@127.0.0.1:9/x",
            "--json",
        ],
        &[],
    )
    .await;
    assert!(!r.ok);
    assert!(!r.stdout.contains("hunter2") && !r.stderr.contains("hunter2"));
}
