//! What the user reads: error codes in words a person understands, the
//! throttling wait, dates. Pure functions, tested on the host.

use crate::api::ApiError;

pub const EXPIRED: &str = "This sign-in request has expired. Go back to the app and start again.";
pub const WRONG_CREDENTIALS: &str = "Wrong username or password.";
pub const WRONG_CODE: &str =
    "That code is not right. Enter the code your authenticator app shows now.";
pub const STALE_PAGE: &str = "This page is out of date. Reload it and try again.";

/// "Too many attempts. Try again in 8 seconds."
pub fn throttled(seconds: u64) -> String {
    let unit = if seconds == 1 { "second" } else { "seconds" };
    format!("Too many attempts. Try again in {seconds} {unit}.")
}

/// A description from the server as a sentence: capital first, full stop.
pub fn sentence(s: &str) -> String {
    let s = s.trim();
    let mut chars = s.chars();
    let mut out: String = match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => return String::new(),
    };
    if !out.ends_with(['.', '!', '?']) {
        out.push('.');
    }
    out
}

/// The message for a failed sign-in or one-time-code step.
pub fn sign_in_error(e: &ApiError) -> String {
    match (e.status(), e.code()) {
        (_, "invalid_credentials") => WRONG_CREDENTIALS.into(),
        (_, "invalid_otp") => WRONG_CODE.into(),
        (429, _) => throttled(retry_after(e).unwrap_or(30)),
        (404 | 410, _) | (_, "interaction_expired") => EXPIRED.into(),
        (403, "invalid_csrf_token") => STALE_PAGE.into(),
        _ => e.describe(),
    }
}

pub fn retry_after(e: &ApiError) -> Option<u64> {
    match e {
        ApiError::Status { retry_after, .. } => *retry_after,
        ApiError::Network(_) => None,
    }
}

/// A title and an explanation for an OAuth error code (`/error`, and a
/// failed sign-in of the SPA itself).
pub fn explain(code: &str) -> (&'static str, &'static str) {
    match code {
        "invalid_client" | "unauthorized_client" => (
            "This app is not allowed to sign you in",
            "The app that sent you here is not registered with this server, or may not sign people in this way. Contact the app's support.",
        ),
        "invalid_redirect_uri" => (
            "This app sent you to the wrong address",
            "The app asked to send you back to an address it has not registered, so we did not send you there. Contact the app's support.",
        ),
        "invalid_scope" => (
            "This app asked for something we do not offer",
            "The app asked for permissions this server does not know. Contact the app's support.",
        ),
        "access_denied" => (
            "Access was not granted",
            "You (or a rule of this server) declined the app's request. Go back to the app if you want to try again.",
        ),
        "login_required" | "interaction_required" | "consent_required" => (
            "You need to sign in",
            "The app asked to continue without showing a sign-in page, but you are not signed in. Go back to the app and sign in.",
        ),
        "interaction_expired" => ("This sign-in request has expired", EXPIRED),
        "unsupported_response_type" | "invalid_request" | "invalid_request_uri" => (
            "The sign-in request is not valid",
            "The app sent a sign-in request this server cannot handle. Go back to the app and try again; if it keeps happening, contact the app's support.",
        ),
        "temporarily_unavailable" => (
            "The server is busy",
            "The server cannot handle your sign-in right now. Wait a moment and try again.",
        ),
        "server_error" => (
            "Something went wrong on our side",
            "The server failed while handling your sign-in. Try again in a moment.",
        ),
        _ => (
            "Something went wrong",
            "The sign-in could not be completed. Go back to the app and start again.",
        ),
    }
}

/// `2025-03-01 14:05 UTC` from seconds since the epoch (a proleptic
/// Gregorian civil date, after Howard Hinnant's `civil_from_days`).
pub fn format_time(epoch: i64) -> String {
    let days = epoch.div_euclid(86_400);
    let secs = epoch.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02} UTC",
        secs / 3_600,
        secs % 3_600 / 60
    )
}

/// `2025-03-01T14:05` (a `datetime-local` value, read as UTC) to seconds
/// since the epoch.
pub fn parse_time(s: &str) -> Option<i64> {
    let (date, time) = s.trim().split_once('T')?;
    let mut d = date.split('-').map(|p| p.parse::<i64>().ok());
    let (y, m, day) = (d.next()??, d.next()??, d.next()??);
    let mut t = time.split(':').map(|p| p.parse::<i64>().ok());
    let (hh, mm) = (t.next()??, t.next()??);
    if !(1..=12).contains(&m)
        || !(1..=31).contains(&day)
        || !(0..24).contains(&hh)
        || !(0..60).contains(&mm)
    {
        return None;
    }
    // days_from_civil, the inverse of format_time's algorithm.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(days * 86_400 + hh * 3_600 + mm * 60)
}

/// One value per line (or comma), trimmed, empties dropped: redirect
/// URIs, origins.
pub fn lines(s: &str) -> Vec<String> {
    s.split(['\n', ','])
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(status: u16, error: &str, retry_after: Option<u64>) -> ApiError {
        ApiError::Status {
            status,
            error: error.into(),
            description: "x".into(),
            retry_after,
        }
    }

    #[test]
    fn sign_in_errors_say_what_happened() {
        assert_eq!(
            sign_in_error(&status(400, "invalid_credentials", None)),
            WRONG_CREDENTIALS
        );
        assert_eq!(
            sign_in_error(&status(429, "too_many_requests", Some(8))),
            "Too many attempts. Try again in 8 seconds."
        );
        assert_eq!(throttled(1), "Too many attempts. Try again in 1 second.");
        assert_eq!(
            sign_in_error(&status(410, "interaction_expired", None)),
            EXPIRED
        );
        assert_eq!(sign_in_error(&status(404, "not_found", None)), EXPIRED);
        assert_eq!(sign_in_error(&status(400, "invalid_otp", None)), WRONG_CODE);
        assert_eq!(
            sign_in_error(&status(403, "invalid_csrf_token", None)),
            STALE_PAGE
        );
    }

    #[test]
    fn every_error_code_has_words() {
        assert_eq!(explain("access_denied").0, "Access was not granted");
        assert!(explain("made_up").1.contains("start again"));
    }

    #[test]
    fn times_are_utc_dates() {
        assert_eq!(format_time(0), "1970-01-01 00:00 UTC");
        assert_eq!(format_time(1_709_301_900), "2024-03-01 14:05 UTC");
        assert_eq!(parse_time("2024-03-01T14:05"), Some(1_709_301_900));
        assert_eq!(
            parse_time("2000-02-29T00:00").map(format_time).as_deref(),
            Some("2000-02-29 00:00 UTC")
        );
        assert_eq!(parse_time("soon"), None);
    }

    #[test]
    fn lists_are_one_per_line() {
        assert_eq!(
            lines(" https://a/cb \n\nhttps://b/cb, https://c"),
            ["https://a/cb", "https://b/cb", "https://c"]
        );
        assert_eq!(sentence("bad request"), "Bad request.");
    }
}
