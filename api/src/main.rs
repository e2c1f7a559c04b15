use clap::Parser;

use auth_server::cli::{Cli, run};
use auth_server::telemetry::init_logging;

fn main() {
    // `.env` is optional; variables already set win over it.
    let _ = dotenvy::dotenv();
    let cli = Cli::parse();
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
