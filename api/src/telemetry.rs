//! Logs (tracing, `LOG_FORMAT=pretty|json`) and the Prometheus recorder.

use std::sync::OnceLock;

use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use tracing_subscriber::EnvFilter;

use crate::config::LogFormat;

/// Installs the log subscriber once; logs go to stderr so that `--json`
/// command output on stdout stays one clean object. `RUST_LOG` filters.
pub fn init_logging(format: LogFormat) {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,poem=warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    // A second call (tests starting several servers) keeps the first.
    let _ = match format {
        LogFormat::Json => builder.json().flatten_event(true).try_init(),
        LogFormat::Pretty => builder.try_init(),
    };
}

/// The process's metrics recorder. `metrics` has one recorder per process
/// by design; servers started in one test process share it.
pub fn metrics_handle() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        let buckets = [
            0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
        ];
        let recorder = PrometheusBuilder::new()
            .set_buckets_for_metric(
                Matcher::Full("http_request_duration_seconds".into()),
                &buckets,
            )
            .map(|b| b.build_recorder())
            .unwrap_or_else(|_| PrometheusBuilder::new().build_recorder());
        let handle = recorder.handle();
        // Fails only if another recorder was installed first; then that one
        // collects, and this handle renders nothing.
        let _ = metrics::set_global_recorder(recorder);
        handle
    })
}

/// Client-supplied text for a log line: control characters (a newline that
/// would forge a second log entry, terminal escapes) are shown escaped,
/// and very long values are cut.
pub fn untrusted(s: &str) -> Untrusted<'_> {
    Untrusted(s)
}

pub struct Untrusted<'a>(&'a str);

impl std::fmt::Display for Untrusted<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        const MAX: usize = 200;
        for (i, c) in self.0.chars().enumerate() {
            if i == MAX {
                return f.write_str("…");
            }
            if c.is_control() {
                write!(f, "{}", c.escape_default())?;
            } else {
                std::fmt::Write::write_char(f, c)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn untrusted_text_cannot_forge_log_lines() {
        assert_eq!(
            untrusted("evil\nINFO admin logged in\u{1b}[2J").to_string(),
            "evil\\nINFO admin logged in\\u{1b}[2J"
        );
        assert_eq!(untrusted("plain-id").to_string(), "plain-id");
        assert_eq!(untrusted(&"x".repeat(300)).to_string().chars().count(), 201);
    }
}
