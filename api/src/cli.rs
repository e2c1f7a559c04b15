//! The `auth-server` command line: serve (the default) and the admin
//! commands of the contract. With `--json` stdout carries exactly one JSON
//! object (an error too) and logs go to stderr.

use std::sync::Arc;

use clap::{Args, Parser, Subcommand};
use serde_json::{Value, json};

use crate::clock::{SharedClock, SystemClock};
use crate::config::{Secret, Settings};
use crate::domain::clients::{ClientRegistration, register_client};
use crate::domain::seed::seed_demo;
use crate::domain::service_keys::create_service_key;
use crate::domain::{Actor, ApiError, Context};
use crate::import::django::{self as django_import, DjangoDb};
use crate::keys::KeyRing;
use crate::startup::{build_state, open_store, shutdown_signal, start, start_audit};

#[derive(Parser, Debug)]
#[command(
    name = "auth-server",
    version,
    about = "OAuth 2.0 / OpenID Connect authorization server"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Print exactly one JSON object on stdout.
    #[arg(long, global = true)]
    pub json: bool,

    #[command(flatten)]
    pub settings: Settings,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run the server (the default).
    Serve,
    /// Print the OpenAPI document.
    #[command(hide = true)]
    Openapi,
    #[command(flatten)]
    Admin(AdminCommand),
}

/// The commands that do one thing to the database and print the result.
#[derive(Subcommand, Debug)]
pub enum AdminCommand {
    /// Apply pending database migrations.
    Migrate,
    /// Create the demo users, client and service key (idempotent).
    SeedDemoUsers,
    /// Register an OAuth client.
    CreateClient(CreateClientArgs),
    /// Create a service key for an integrator.
    CreateServiceKey(CreateServiceKeyArgs),
    /// Add a new current signing key; the old ones stay until their tokens expire.
    RotateKeys,
    /// Import users, groups, applications and (optionally) refresh tokens
    /// from a Django / django-oauth-toolkit database.
    ImportDjango(ImportDjangoArgs),
}

#[derive(Args, Debug)]
pub struct CreateClientArgs {
    #[arg(long)]
    pub name: String,
    /// `confidential` or `public`.
    #[arg(long = "type")]
    pub client_type: String,
    /// Repeatable or comma-separated: authorization_code, refresh_token, password, client_credentials.
    #[arg(long = "grant-type", value_delimiter = ',', required = true)]
    pub grant_types: Vec<String>,
    /// Repeatable or comma-separated; required with authorization_code.
    #[arg(long = "redirect-uri", value_delimiter = ',')]
    pub redirect_uris: Vec<String>,
    #[arg(long = "post-logout-redirect-uri", value_delimiter = ',')]
    pub post_logout_redirect_uris: Vec<String>,
    /// Default: the origins of the redirect URIs.
    #[arg(long = "allowed-origin", value_delimiter = ',')]
    pub allowed_origins: Vec<String>,
    /// Repeatable, comma- or space-separated.
    #[arg(long = "scope")]
    pub scope: Vec<String>,
    #[arg(long)]
    pub skip_consent: bool,
}

#[derive(Args, Debug)]
pub struct CreateServiceKeyArgs {
    #[arg(long)]
    pub name: String,
    /// Repeatable, comma- or space-separated. Default `openid profile email roles`.
    #[arg(long = "scope")]
    pub scope: Vec<String>,
}

#[derive(Args, Debug)]
pub struct ImportDjangoArgs {
    /// Database URL of the Django application (`sqlite:///abs/path/db.sqlite3`
    /// or `postgres://…`); only read.
    #[arg(long = "from", value_name = "URL", value_parser = parse_source_url)]
    pub from: Secret,
    /// Also import live refresh tokens (`oauth2_provider_refreshtoken`).
    #[arg(long)]
    pub refresh_tokens: bool,
    /// Replace users and clients that exist here (same username or
    /// client_id) with Django's; without it they are left alone and reported.
    #[arg(long)]
    pub overwrite: bool,
    /// Scopes imported clients may ask for (DOT has none per application).
    /// Default `openid profile email roles offline_access`.
    #[arg(long = "client-scope")]
    pub client_scope: Vec<String>,
    /// DOT's `REFRESH_TOKEN_EXPIRE_SECONDS`, if it was set: imported refresh
    /// tokens expire that long after their access token (else `REFRESH_TOKEN_TTL` from now).
    #[arg(long, value_name = "SECONDS")]
    pub refresh_token_expire_seconds: Option<u32>,
}

/// The URL may hold a password: checked for its scheme, never printed.
fn parse_source_url(s: &str) -> Result<Secret, String> {
    let ok = ["sqlite:", "postgres://", "postgresql://"]
        .iter()
        .any(|p| s.starts_with(p));
    if ok {
        Ok(Secret::new(s))
    } else {
        Err("expected sqlite://… or postgres://…".into())
    }
}

/// `--scope a,b --scope "c d"` → `Some("a b c d")`.
fn join_scopes(values: &[String]) -> Option<String> {
    let tokens: Vec<&str> = values
        .iter()
        .flat_map(|v| v.split([',', ' ']))
        .filter(|t| !t.is_empty())
        .collect();
    (!tokens.is_empty()).then(|| tokens.join(" "))
}

/// What a command answers: its JSON object and a line for people.
struct Outcome {
    json: Value,
    text: String,
}

pub async fn run(cli: Cli) -> i32 {
    let json_mode = cli.json;
    let clock: SharedClock = Arc::new(SystemClock);
    let result = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(cli.settings, clock).await.map(|()| None),
        Command::Openapi => {
            println!("{}", crate::http::openapi_json());
            return 0;
        }
        Command::Admin(cmd) => command(cmd, cli.settings, clock).await.map(Some),
    };
    match result {
        Ok(None) => 0,
        Ok(Some(out)) => {
            if json_mode {
                println!("{}", out.json);
            } else {
                println!("{}", out.text);
            }
            0
        }
        Err(e) => {
            if json_mode {
                println!(
                    "{}",
                    json!({"error": "command_failed", "error_description": format!("{e:#}")})
                );
            } else {
                eprintln!("error: {e:#}");
            }
            1
        }
    }
}

async fn serve(settings: Settings, clock: SharedClock) -> anyhow::Result<()> {
    let state = build_state(settings, clock).await?;
    let running = start(state.clone(), shutdown_signal()).await?;
    tracing::info!(
        addr = %running.addr,
        issuer = %state.settings.issuer,
        backend = state.store.backend().name(),
        kid = %state.keys.current().kid,
        "listening; Swagger UI at {}/docs",
        state.settings.issuer
    );
    if !state.settings.web_dist.join("index.html").is_file() {
        tracing::warn!(web_dist = %state.settings.web_dist.display(), "{}", crate::http::BUILD_HINT);
    }
    running.wait().await
}

async fn command(
    cmd: AdminCommand,
    settings: Settings,
    clock: SharedClock,
) -> anyhow::Result<Outcome> {
    let now = clock.now();
    Ok(match cmd {
        AdminCommand::Migrate => {
            let (_, applied) = open_store(&settings).await?;
            Outcome {
                json: json!({"applied": applied}),
                text: format!("applied {applied} migration(s)"),
            }
        }
        AdminCommand::SeedDemoUsers => {
            let state = build_state(settings, clock).await?;
            let ctx = state.local_context(Actor::Cli);
            let report = seed_demo(&state.store, &state.hasher, &ctx)
                .await
                .map_err(api_error)?;
            state.audit.flush().await;
            let text = format!(
                "demo users: admin/adminpass (admin), alice/alicepass (user); created now: {}\n\
                 demo client: {} / {}\ndemo service key: {} (id {})\n\
                 These credentials are public: never seed a production database.",
                if report.created.is_empty() {
                    "none".to_string()
                } else {
                    report.created.join(", ")
                },
                report.client.client_id,
                report.client.client_secret,
                report.service_key.key,
                report.service_key.id,
            );
            Outcome {
                json: serde_json::to_value(&report)?,
                text,
            }
        }
        AdminCommand::CreateClient(a) => {
            let (store, _) = open_store(&settings).await?;
            let reg = ClientRegistration {
                id: None,
                name: a.name,
                client_type: a.client_type,
                grant_types: a.grant_types,
                redirect_uris: a.redirect_uris,
                post_logout_redirect_uris: a.post_logout_redirect_uris,
                allowed_origins: (!a.allowed_origins.is_empty()).then_some(a.allowed_origins),
                scope: join_scopes(&a.scope),
                skip_consent: a.skip_consent,
            };
            let ctx = Context::local(Actor::Cli, now, start_audit(&store));
            let made = register_client(&store, &ctx, reg)
                .await
                .map_err(api_error)?;
            ctx.audit.flush().await;
            let mut json = json!({"client_id": made.client.id});
            let mut text = format!("client_id: {}", made.client.id);
            if let Some(secret) = &made.secret {
                json["client_secret"] = json!(secret.expose());
                text.push_str(&format!(
                    "\nclient_secret: {} (shown once)",
                    secret.expose()
                ));
            }
            Outcome { json, text }
        }
        AdminCommand::CreateServiceKey(a) => {
            let (store, _) = open_store(&settings).await?;
            let scope = join_scopes(&a.scope);
            let ctx = Context::local(Actor::Cli, now, start_audit(&store));
            let made = create_service_key(&store, &ctx, &a.name, scope.as_deref())
                .await
                .map_err(api_error)?;
            ctx.audit.flush().await;
            Outcome {
                json: json!({"id": made.record.id, "name": made.record.name, "key": made.key.expose()}),
                text: format!(
                    "id: {}\nkey: {} (shown once)",
                    made.record.id,
                    made.key.expose()
                ),
            }
        }
        AdminCommand::RotateKeys => {
            let (store, _) = open_store(&settings).await?;
            let kid = KeyRing::rotate(
                &store,
                settings.key_encryption_key.as_ref(),
                settings.signing_alg,
                now,
            )
            .await?;
            Outcome {
                json: json!({"kid": kid}),
                text: format!("new current key: {kid}"),
            }
        }
        AdminCommand::ImportDjango(a) => import_django(a, &settings, now).await?,
    })
}

async fn import_django(
    a: ImportDjangoArgs,
    settings: &Settings,
    now: i64,
) -> anyhow::Result<Outcome> {
    let source = DjangoDb::connect(a.from.expose()).await?;
    let (store, _) = open_store(settings).await?;
    let ctx = Context::local(Actor::Cli, now, start_audit(&store));
    let src = django_import::Source {
        overwrite: a.overwrite,
        refresh_tokens: a.refresh_tokens,
        client_scope: join_scopes(&a.client_scope),
        refresh_token_expire_seconds: a.refresh_token_expire_seconds.map(i64::from),
        refresh_token_ttl: settings.refresh_token_ttl,
    };
    let report = django_import::import(&source, &store, &ctx, &src).await;
    source.close().await;
    ctx.audit.flush().await;
    let report = report?;
    Ok(Outcome {
        json: serde_json::to_value(&report)?,
        text: report.text(),
    })
}

fn api_error(e: ApiError) -> anyhow::Error {
    anyhow::anyhow!("{}: {}", e.code(), e.description())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_may_be_repeated_comma_or_space_separated() {
        let v = vec!["openid,profile".to_string(), "email roles".to_string()];
        assert_eq!(
            join_scopes(&v).as_deref(),
            Some("openid profile email roles")
        );
        assert_eq!(join_scopes(&[]), None);
    }

    #[test]
    fn the_cli_definition_is_consistent() {
        <Cli as clap::CommandFactory>::command().debug_assert();
    }
}
