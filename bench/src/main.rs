//! Load generator for a running auth-server: drives client_credentials,
//! password, refresh, introspection and validate-token, and prints
//! requests/s with p50/p99 latency per flow.
//!
//! `--scenario flood` measures what matters for password floods: the p99 of
//! introspection while password logins saturate argon2 alongside it.
//!
//! Start a server with the demo data first (`just run`, or the commands in
//! the README's Performance section), then `just bench`.

mod code_flow;

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use clap::{Parser, ValueEnum};
use serde_json::Value;
use tokio::task::JoinSet;

#[derive(Parser, Debug, Clone)]
#[command(about = "Load generator for auth-server")]
struct Args {
    /// Base URL of the server.
    #[arg(long, default_value = "http://127.0.0.1:8000")]
    base: String,
    /// Seconds each flow runs.
    #[arg(long, default_value = "10")]
    duration: u64,
    /// Concurrent workers per flow.
    #[arg(long, default_value = "16")]
    concurrency: usize,
    /// Flows to run, comma-separated.
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "client-credentials,password,refresh,introspect,validate,authorization-code"
    )]
    flows: Vec<Flow>,
    /// `flows`: each flow alone; `flood`: introspection under a password flood.
    #[arg(long, default_value = "flows")]
    scenario: Scenario,
    /// Password workers in the flood scenario.
    #[arg(long, default_value = "32")]
    flood_workers: usize,
    #[arg(long, default_value = "demo-client")]
    client_id: String,
    #[arg(long, default_value = "demo-client-secret")]
    client_secret: String,
    #[arg(long, default_value = "sk_demo-service-key")]
    service_key: String,
    #[arg(long, default_value = "alice")]
    username: String,
    #[arg(long, default_value = "alicepass")]
    password: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Flow {
    ClientCredentials,
    Password,
    Refresh,
    Introspect,
    Validate,
    /// A signed-in browser's authorization (the `web` client, no consent)
    /// and the code exchange; latencies are those of the exchange.
    AuthorizationCode,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Scenario {
    Flows,
    Flood,
}

struct Ctx {
    args: Args,
    http: reqwest::Client,
    /// An access token for introspection and validation.
    access_token: String,
}

#[derive(Default)]
struct Sample {
    latencies: Vec<Duration>,
    errors: u64,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(1024)
        .timeout(Duration::from_secs(30))
        .build()?;
    let probe = password(&http, &args)
        .await
        .context("cannot log in with the demo data: is the server running and seeded?")?;
    let access_token = probe["access_token"]
        .as_str()
        .context("no access_token")?
        .to_string();
    let ctx = Arc::new(Ctx {
        args: args.clone(),
        http,
        access_token,
    });

    println!("server {}  duration {}s", args.base, args.duration);
    println!(
        "{:<20} {:>5} {:>9} {:>9} {:>8} {:>8} {:>7}",
        "flow", "conc", "requests", "req/s", "p50 ms", "p99 ms", "errors"
    );
    match args.scenario {
        Scenario::Flows => {
            for flow in &args.flows {
                let s = run_flow(ctx.clone(), *flow, args.concurrency).await?;
                report(&format!("{flow:?}"), args.concurrency, args.duration, &s);
            }
        }
        Scenario::Flood => {
            let quiet = run_flow(ctx.clone(), Flow::Introspect, args.concurrency).await?;
            report(
                "introspect (alone)",
                args.concurrency,
                args.duration,
                &quiet,
            );
            let flood = tokio::spawn(run_flow(ctx.clone(), Flow::Password, args.flood_workers));
            // Let the flood fill the hashing queue before measuring.
            tokio::time::sleep(Duration::from_millis(500)).await;
            let during = run_flow(ctx.clone(), Flow::Introspect, args.concurrency).await?;
            let flood = flood.await??;
            report(
                "introspect (flood)",
                args.concurrency,
                args.duration,
                &during,
            );
            report(
                "password (flood)",
                args.flood_workers,
                args.duration,
                &flood,
            );
        }
    }
    Ok(())
}

async fn run_flow(ctx: Arc<Ctx>, flow: Flow, concurrency: usize) -> anyhow::Result<Sample> {
    let deadline = Instant::now() + Duration::from_secs(ctx.args.duration);
    let mut set = JoinSet::new();
    for _ in 0..concurrency {
        let ctx = ctx.clone();
        set.spawn(async move { worker(ctx, flow, deadline).await });
    }
    let mut total = Sample::default();
    while let Some(r) = set.join_next().await {
        let s = r??;
        total.latencies.extend(s.latencies);
        total.errors += s.errors;
    }
    Ok(total)
}

async fn worker(ctx: Arc<Ctx>, flow: Flow, deadline: Instant) -> anyhow::Result<Sample> {
    let mut s = Sample::default();
    // The refresh flow rotates its own token chain.
    let mut refresh = match flow {
        Flow::Refresh => Some(fresh_refresh_token(&ctx).await?),
        _ => None,
    };
    // The code flow signs in one browser per worker.
    let browser = match flow {
        Flow::AuthorizationCode => Some(code_flow::signed_in_browser(&ctx.args).await?),
        _ => None,
    };
    while Instant::now() < deadline {
        let mut started = Instant::now();
        let ok = match flow {
            Flow::AuthorizationCode => {
                let b = browser.as_ref().context("browser")?;
                match code_flow::code(b, &ctx.args).await {
                    Ok((code, verifier)) => {
                        started = Instant::now();
                        code_flow::exchange(&ctx.http, &ctx.args, &code, &verifier).await
                    }
                    Err(_) => false,
                }
            }
            Flow::ClientCredentials => ok(ctx
                .http
                .post(format!("{}/oauth2/token", ctx.args.base))
                .basic_auth(&ctx.args.client_id, Some(&ctx.args.client_secret))
                .form(&[("grant_type", "client_credentials")])
                .send()
                .await),
            Flow::Password => password(&ctx.http, &ctx.args).await.is_ok(),
            Flow::Refresh => {
                let token = refresh.take().unwrap_or_default();
                let r = ctx
                    .http
                    .post(format!("{}/oauth2/token", ctx.args.base))
                    .basic_auth(&ctx.args.client_id, Some(&ctx.args.client_secret))
                    .form(&[
                        ("grant_type", "refresh_token"),
                        ("refresh_token", token.as_str()),
                    ])
                    .send()
                    .await;
                match json_ok(r).await {
                    Some(v) => {
                        refresh = v["refresh_token"].as_str().map(str::to_string);
                        true
                    }
                    None => {
                        refresh = Some(fresh_refresh_token(&ctx).await?);
                        false
                    }
                }
            }
            Flow::Introspect => {
                let r = ctx
                    .http
                    .post(format!("{}/oauth2/introspect", ctx.args.base))
                    .basic_auth(&ctx.args.client_id, Some(&ctx.args.client_secret))
                    .form(&[("token", ctx.access_token.as_str())])
                    .send()
                    .await;
                json_ok(r).await.is_some_and(|v| v["active"] == true)
            }
            Flow::Validate => {
                let r = ctx
                    .http
                    .post(format!("{}/api/validate-token", ctx.args.base))
                    .header("X-Service-Key", &ctx.args.service_key)
                    .json(&serde_json::json!({"token": ctx.access_token}))
                    .send()
                    .await;
                json_ok(r).await.is_some_and(|v| v["valid"] == true)
            }
        };
        s.latencies.push(started.elapsed());
        if !ok {
            s.errors += 1;
        }
    }
    Ok(s)
}

fn ok(r: reqwest::Result<reqwest::Response>) -> bool {
    r.is_ok_and(|r| r.status().is_success())
}

async fn json_ok(r: reqwest::Result<reqwest::Response>) -> Option<Value> {
    let r = r.ok()?;
    if !r.status().is_success() {
        return None;
    }
    r.json().await.ok()
}

async fn password(http: &reqwest::Client, args: &Args) -> anyhow::Result<Value> {
    let r = http
        .post(format!("{}/oauth2/token", args.base))
        .basic_auth(&args.client_id, Some(&args.client_secret))
        .form(&[
            ("grant_type", "password"),
            ("username", args.username.as_str()),
            ("password", args.password.as_str()),
        ])
        .send()
        .await?;
    if !r.status().is_success() {
        bail!("password grant answered {}", r.status());
    }
    Ok(r.json().await?)
}

async fn fresh_refresh_token(ctx: &Ctx) -> anyhow::Result<String> {
    let v = password(&ctx.http, &ctx.args).await?;
    Ok(v["refresh_token"]
        .as_str()
        .context("no refresh_token: does the client have the refresh_token grant?")?
        .to_string())
}

fn report(name: &str, concurrency: usize, seconds: u64, s: &Sample) {
    let mut l = s.latencies.clone();
    l.sort();
    let pct = |p: f64| -> f64 {
        if l.is_empty() {
            return 0.0;
        }
        let i = ((l.len() as f64 * p).ceil() as usize).clamp(1, l.len()) - 1;
        l[i].as_secs_f64() * 1000.0
    };
    println!(
        "{:<20} {:>5} {:>9} {:>9.0} {:>8.2} {:>8.2} {:>7}",
        name,
        concurrency,
        l.len(),
        l.len() as f64 / seconds as f64,
        pct(0.50),
        pct(0.99),
        s.errors
    );
}
