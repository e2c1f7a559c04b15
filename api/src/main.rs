use clap::Parser;
use clap::error::{ContextKind, ContextValue, ErrorKind};

use auth_server::cli::{Cli, run};
use auth_server::telemetry::init_logging;

fn main() {
    // `.env` is optional; variables already set win over it.
    let _ = dotenvy::dotenv();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => usage_error(e),
    };
    init_logging(cli.settings.log_format);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            std::process::exit(1);
        }
    };
    let code = runtime.block_on(run(cli));
    std::process::exit(code);
}

/// Settings whose values are secrets (`hide_env_values`): a value that does
/// not parse is not repeated in the message.
const SECRET_ARGS: [&str; 4] = [
    "--database-url",
    "--smtp-url",
    "--key-encryption-key",
    "--from",
];

/// A bad flag or environment value: clap's message on stderr (naming the
/// variable, but not a secret's value) and, with `--json`, one JSON object
/// on stdout too, as for every other failure.
fn usage_error(e: clap::Error) -> ! {
    let e = match e.get(ContextKind::InvalidArg) {
        Some(ContextValue::String(arg))
            if e.kind() == ErrorKind::ValueValidation
                && SECRET_ARGS.iter().any(|s| arg.starts_with(s)) =>
        {
            let why = std::error::Error::source(&e)
                .map(|s| format!(": {s}"))
                .unwrap_or_default();
            clap::Error::raw(
                ErrorKind::ValueValidation,
                format!("invalid value for '{arg}'{why}\n"),
            )
        }
        _ => e,
    };
    if e.use_stderr() && std::env::args_os().any(|a| a == "--json") {
        let rendered = e.to_string();
        let first = rendered.lines().next().unwrap_or_default();
        let description = first.strip_prefix("error: ").unwrap_or(first);
        println!(
            "{}",
            serde_json::json!({"error": "usage_error", "error_description": description})
        );
    }
    e.exit()
}
