//! `auth-server import-django` against a real Django database, made in the
//! test by Django and django-oauth-toolkit themselves (from PyPI, in a
//! virtualenv the suite creates once and then reuses), on SQLite or, when
//! `TEST_DATABASE_URL` is PostgreSQL, on a PostgreSQL database of its own.

mod conflicts;
mod imports;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use serde_json::Value;

use crate::cli::cli;
use crate::helpers::{TestApp, run_admin_sql};

/// What the virtualenv holds. Changing it makes the next run build a new one.
const PACKAGES: [&str; 5] = [
    "django>=5.2,<6",
    "django-oauth-toolkit>=3,<4",
    "argon2-cffi",
    "bcrypt",
    "psycopg[binary]",
];

const MAKE_DB: &str = include_str!("make_django_db.py");

/// `<target>/django-venv`, next to the binaries under test, so `cargo
/// clean` removes it and every run after the first reuses it.
fn venv_dir() -> PathBuf {
    let bin = Path::new(env!("CARGO_BIN_EXE_auth-server"));
    bin.ancestors()
        .nth(2)
        .expect("the target directory")
        .join("django-venv")
}

/// The virtualenv's python, made once per process (and once per target
/// directory: it is built aside and renamed into place when complete, so
/// a run cut short leaves nothing half-made behind).
fn venv_python() -> PathBuf {
    static PYTHON: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    PYTHON
        .get_or_init(make_venv)
        .clone()
        .unwrap_or_else(|e| panic!("cannot make the Django virtualenv: {e}"))
}

fn make_venv() -> Result<PathBuf, String> {
    let dir = venv_dir();
    let stamp = PACKAGES.join("\n");
    let ready = |d: &Path| std::fs::read_to_string(d.join("ready")).is_ok_and(|s| s == stamp);
    if ready(&dir) {
        return Ok(dir.join("bin/python"));
    }
    let building = dir.with_extension(format!("building-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&building);
    let run = |cmd: &mut Command, what: &str| -> Result<(), String> {
        let out = cmd
            .output()
            .map_err(|e| format!("{what}: cannot run ({e})"))?;
        if out.status.success() {
            Ok(())
        } else {
            Err(format!(
                "{what} failed ({}):\n{}{}",
                out.status,
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ))
        }
    };
    run(
        Command::new("python3").args(["-m", "venv"]).arg(&building),
        "python3 -m venv (is python3 with its venv module installed? \
         On Debian/Ubuntu: apt-get install python3-venv)",
    )?;
    run(
        Command::new(building.join("bin/pip"))
            .args(["install", "-q", "--disable-pip-version-check"])
            .args(PACKAGES)
            .env("PIP_NO_INPUT", "1"),
        "pip install of Django and django-oauth-toolkit from PyPI",
    )?;
    std::fs::write(building.join("ready"), &stamp).map_err(|e| e.to_string())?;
    // Another process may have finished first: then use its venv.
    let _ = std::fs::remove_dir_all(&dir);
    if std::fs::rename(&building, &dir).is_err() {
        let _ = std::fs::remove_dir_all(&building);
    }
    if ready(&dir) {
        Ok(dir.join("bin/python"))
    } else {
        Err(format!("{} is not complete", dir.display()))
    }
}

/// A Django application's database, made by Django, dropped after the test.
pub struct DjangoDb {
    /// `--from` for the import.
    pub url: String,
    /// What the script made: secrets and tokens in clear, stored hashes.
    pub made: Value,
    _dir: tempfile::TempDir,
    postgres: Option<(String, String)>,
}

impl Drop for DjangoDb {
    fn drop(&mut self) {
        if let Some((admin_url, name)) = &self.postgres {
            run_admin_sql(
                admin_url,
                &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
            );
        }
    }
}

/// Which database Django uses: PostgreSQL when the suite runs on it.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    /// PostgreSQL when `TEST_DATABASE_URL` names one, else SQLite.
    AsTheSuite,
}

/// Runs `migrate` and the `scenario` of `make_django_db.py` under Django.
pub async fn django_db(engine: Engine, scenario: &'static str) -> DjangoDb {
    tokio::task::spawn_blocking(move || make_django_db(engine, scenario))
        .await
        .expect("the Django database is made")
}

fn make_django_db(engine: Engine, scenario: &str) -> DjangoDb {
    let python = venv_python();
    let dir = tempfile::tempdir().expect("temp dir");
    let pg_admin = std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|u| u.starts_with("postgres") && engine == Engine::AsTheSuite);
    let (database, url, postgres) = match pg_admin {
        Some(admin_url) => {
            let name = format!("djangotest_{}", uuid::Uuid::new_v4().simple());
            run_admin_sql(&admin_url, &format!("CREATE DATABASE {name}"));
            let mut url = url::Url::parse(&admin_url).expect("TEST_DATABASE_URL is a URL");
            url.set_path(&format!("/{name}"));
            let database = serde_json::json!({
                "ENGINE": "django.db.backends.postgresql",
                "NAME": name,
                "HOST": url.host_str().unwrap_or("127.0.0.1"),
                "PORT": url.port().unwrap_or(5432),
                "USER": if url.username().is_empty() { "postgres" } else { url.username() },
                "PASSWORD": url.password().unwrap_or(""),
            });
            (database, url.to_string(), Some((admin_url, name)))
        }
        None => {
            let path = dir.path().join("db.sqlite3");
            let database = serde_json::json!({
                "ENGINE": "django.db.backends.sqlite3",
                "NAME": path,
            });
            (database, format!("sqlite://{}", path.display()), None)
        }
    };
    // A settings module as a Django project has one.
    let settings = format!(
        "SECRET_KEY = 'import-test'\n\
         INSTALLED_APPS = ['django.contrib.contenttypes', 'django.contrib.auth', 'oauth2_provider']\n\
         DATABASES = {{'default': {database}}}\n\
         USE_TZ = True\n\
         DEFAULT_AUTO_FIELD = 'django.db.models.BigAutoField'\n\
         PASSWORD_HASHERS = [\n\
             'django.contrib.auth.hashers.PBKDF2PasswordHasher',\n\
             'django.contrib.auth.hashers.Argon2PasswordHasher',\n\
             'django.contrib.auth.hashers.BCryptSHA256PasswordHasher',\n\
         ]\n"
    );
    std::fs::write(dir.path().join("test_settings.py"), settings).expect("settings");
    std::fs::write(dir.path().join("make_django_db.py"), MAKE_DB).expect("script");
    let out = Command::new(&python)
        .arg(dir.path().join("make_django_db.py"))
        .arg(scenario)
        .current_dir(dir.path())
        .env("DJANGO_SETTINGS_MODULE", "test_settings")
        .env("PYTHONPATH", dir.path())
        .output()
        .expect("run python");
    assert!(
        out.status.success(),
        "make_django_db.py {scenario} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let made: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "make_django_db.py printed no JSON ({e}):\n{}",
            String::from_utf8_lossy(&out.stdout)
        )
    });
    DjangoDb {
        url,
        made,
        _dir: dir,
        postgres,
    }
}

/// What imported clients may ask for in these tests (`admin` too, so the
/// imported superuser can use the admin API).
const CLIENT_SCOPE: &str = "openid profile email roles offline_access admin";

/// `import-django --refresh-tokens --client-scope CLIENT_SCOPE --json`, which
/// must succeed; answers its JSON.
pub async fn import(db_url: &str, from: &str, extra: &[&str]) -> Value {
    let mut args = vec![
        "import-django",
        "--from",
        from,
        "--refresh-tokens",
        "--client-scope",
        CLIENT_SCOPE,
        "--json",
    ];
    args.extend_from_slice(extra);
    cli(db_url, &args).await.ok_json()
}

/// The password grant of `client` (id, secret).
pub async fn password_grant(
    app: &TestApp,
    client: &(String, String),
    username: &str,
    password: &str,
) -> reqwest::Response {
    app.token(
        (&client.0, &client.1),
        &[
            ("grant_type", "password"),
            ("username", username),
            ("password", password),
        ],
    )
    .await
}
