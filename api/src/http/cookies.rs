//! The browser's cookies: `auth_browser` (binds interactions to the browser
//! that started them) and `auth_session` (the signed-in session). Both are
//! `HttpOnly` and `SameSite=Lax`, and `Secure` unless the issuer is plain
//! http on a loopback address (local development, where a `Secure` cookie
//! would never come back).

use poem::Request;
use poem::http::header;

use crate::config::Issuer;
use crate::oauth::interaction::Browser;

pub const BROWSER_COOKIE: &str = "auth_browser";
pub const SESSION_COOKIE: &str = "auth_session";
/// The browser id lasts a year; it only binds interactions to the browser.
const BROWSER_MAX_AGE: i64 = 365 * 24 * 3600;

/// The cookies this server cares about, from the request.
pub fn browser(req: &Request) -> Browser {
    let mut b = Browser::default();
    for value in req.headers().get_all(header::COOKIE) {
        let Ok(value) = value.to_str() else { continue };
        for pair in value.split(';') {
            let Some((name, v)) = pair.trim().split_once('=') else {
                continue;
            };
            match name {
                BROWSER_COOKIE => b.id = Some(v.to_string()),
                SESSION_COOKIE => b.session = Some(v.to_string()),
                _ => {}
            }
        }
    }
    b
}

/// Whether cookies must be `Secure`: always, but for plain http on loopback.
pub fn secure(issuer: &Issuer) -> bool {
    !issuer.is_loopback_http()
}

/// A `Set-Cookie` value; `max_age` 0 deletes the cookie.
pub fn set(name: &str, value: &str, max_age: i64, issuer: &Issuer) -> String {
    let secure = if secure(issuer) { "; Secure" } else { "" };
    format!("{name}={value}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Lax{secure}")
}

pub fn browser_cookie(value: &str, issuer: &Issuer) -> String {
    set(BROWSER_COOKIE, value, BROWSER_MAX_AGE, issuer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_secure_except_for_plain_http_on_loopback() {
        let i = |s: &str| Issuer::new(s).unwrap();
        assert!(!secure(&i("http://127.0.0.1:8000")));
        assert!(!secure(&i("http://localhost:8000")));
        assert!(!secure(&i("http://[::1]:8000")));
        assert!(secure(&i("https://127.0.0.1:8000")));
        assert!(secure(&i("http://id.example.com")));
        assert!(secure(&i("https://id.example.com")));
        let c = set(SESSION_COOKIE, "v", 60, &i("https://id.example.com"));
        assert_eq!(
            c,
            "auth_session=v; Path=/; Max-Age=60; HttpOnly; SameSite=Lax; Secure"
        );
    }
}
