//! Authenticator apps: RFC 6238 time-based one-time passwords, as every
//! authenticator app computes them (HMAC-SHA-1, 6 digits, 30-second steps,
//! RFC 6238 §4 and §5.2), the secret they share with the server, and the
//! `otpauth://` URI and QR code that hand it over.
//!
//! Pure: no storage, no clock (`now` is passed in). Which step was already
//! used is storage's business ([`crate::storage`] accepts a step once).

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use totp_rs::{Algorithm, TOTP};

use crate::secrets::{constant_time_eq, random_bytes};

/// Seconds per time step (RFC 6238 §5.2 recommends 30).
pub const STEP_SECONDS: i64 = 30;
/// Digits of a code.
pub const DIGITS: usize = 6;
/// 160 bits: the length of an HMAC-SHA-1 key (RFC 4226 §4 R6).
pub const SECRET_BYTES: usize = 20;
/// Steps accepted either side of the current one, for clock skew between
/// the phone and the server (RFC 6238 §5.2: "at most one time step").
pub const SKEW_STEPS: i64 = 1;
/// The issuer shown in the app when `ISSUER` has no usable host.
pub const DEFAULT_ISSUER: &str = "auth-server";

/// The secret an authenticator app and the server share. `Debug` hides it.
#[derive(Clone, PartialEq, Eq)]
pub struct TotpSecret(Vec<u8>);

impl TotpSecret {
    /// 160 random bits from the system generator.
    pub fn generate() -> Self {
        Self(random_bytes::<SECRET_BYTES>().to_vec())
    }

    /// A secret as stored (after it was opened by the key cipher).
    pub fn from_bytes(bytes: Vec<u8>) -> Self {
        Self(bytes)
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// RFC 4648 base32 without padding, as people type it into an app.
    pub fn base32(&self) -> String {
        self.totp(DEFAULT_ISSUER, "").get_secret_base32()
    }

    fn totp(&self, issuer: &str, account: &str) -> TOTP {
        // Unchecked: the secret length is ours (160 bits), and a `:` in the
        // issuer or account would make the label ambiguous, so it is
        // replaced below instead of being refused.
        TOTP::new_unchecked(
            Algorithm::SHA1,
            DIGITS,
            SKEW_STEPS as u8,
            STEP_SECONDS as u64,
            self.0.clone(),
            Some(label_part(issuer)),
            label_part(account),
        )
    }

    /// The code of time step `step` (RFC 6238 §4.2: `T = floor(t / X)`).
    pub fn code_at_step(&self, step: i64) -> String {
        self.totp(DEFAULT_ISSUER, "")
            .generate(step.max(0) as u64 * STEP_SECONDS as u64)
    }

    /// `otpauth://totp/{issuer}:{account}?secret=…&issuer=…` (the Key Uri
    /// Format that authenticator apps read from a QR code).
    pub fn otpauth_uri(&self, issuer: &str, account: &str) -> String {
        self.totp(issuer, account).get_url()
    }

    /// The URI as a QR code: a `data:image/png;base64,…` URL an `<img>`
    /// shows as it is.
    pub fn qr_png_data_url(&self, issuer: &str, account: &str) -> Result<String, String> {
        let png = self.totp(issuer, account).get_qr_png()?;
        Ok(format!("data:image/png;base64,{}", STANDARD.encode(png)))
    }

    /// The time step whose code `code` is, among the current step at `now`
    /// and [`SKEW_STEPS`] either side, or `None`. Every candidate is
    /// computed and compared in constant time, so the answer's timing says
    /// nothing about which digits or which step matched. Should two steps
    /// share a code (one chance in a million), the later one is answered.
    pub fn verify(&self, code: &str, now: i64) -> Option<i64> {
        let code = normalise_code(code)?;
        let current = now.div_euclid(STEP_SECONDS);
        let mut matched = None;
        for step in current - SKEW_STEPS..=current + SKEW_STEPS {
            if step < 0 {
                continue;
            }
            if constant_time_eq(self.code_at_step(step).as_bytes(), code.as_bytes()) {
                matched = Some(step);
            }
        }
        matched
    }
}

impl fmt::Debug for TotpSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TotpSecret(…)")
    }
}

/// The code as typed: apps show `123 456`, people paste with spaces around.
/// Anything but six digits then is no code at all.
fn normalise_code(code: &str) -> Option<String> {
    let digits: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    (digits.len() == DIGITS && digits.bytes().all(|b| b.is_ascii_digit())).then_some(digits)
}

/// The issuer the app shows: the host of `ISSUER` (what users know the
/// server by), or [`DEFAULT_ISSUER`].
pub fn issuer_label(issuer_url: &str) -> String {
    url::Url::parse(issuer_url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .filter(|h| !h.is_empty() && !h.contains(':'))
        .unwrap_or_else(|| DEFAULT_ISSUER.to_string())
}

/// The label's `issuer:account` split on the first `:`, so neither part
/// may contain one (usernames cannot; an IPv6 issuer host could).
fn label_part(s: &str) -> String {
    s.replace(':', "_")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 Appendix B: the SHA-1 seed "12345678901234567890".
    fn rfc_secret() -> TotpSecret {
        TotpSecret::from_bytes(b"12345678901234567890".to_vec())
    }

    #[test]
    fn codes_are_those_of_rfc_6238_appendix_b() {
        // The RFC's 8-digit values, of which the app shows the last 6.
        for (t, eight) in [
            (59, "94287082"),
            (1111111109, "07081804"),
            (1111111111, "14050471"),
            (1234567890, "89005924"),
            (2000000000, "69279037"),
        ] {
            let step = t / STEP_SECONDS;
            assert_eq!(rfc_secret().code_at_step(step), &eight[2..], "t = {t}");
        }
    }

    #[test]
    fn the_current_step_and_one_either_side_are_accepted_and_named() {
        let s = TotpSecret::generate();
        let now = 1_700_000_015;
        let current = now / STEP_SECONDS;
        for step in [current - 1, current, current + 1] {
            assert_eq!(s.verify(&s.code_at_step(step), now), Some(step));
        }
        for step in [current - 2, current + 2] {
            let code = s.code_at_step(step);
            let near = [current - 1, current, current + 1].map(|n| s.code_at_step(n));
            if !near.contains(&code) {
                assert_eq!(s.verify(&code, now), None, "step {step}");
            }
        }
    }

    #[test]
    fn codes_typed_with_spaces_work_and_anything_else_does_not() {
        let s = TotpSecret::generate();
        let now = 1_700_000_000;
        let code = s.code_at_step(now / STEP_SECONDS);
        let spaced = format!(" {} {} ", &code[..3], &code[3..]);
        assert!(s.verify(&spaced, now).is_some());
        for bad in ["", "12345", "1234567", "abcdef", "１２３４５６"] {
            assert_eq!(s.verify(bad, now), None, "{bad:?}");
        }
    }

    #[test]
    fn secrets_are_160_random_bits_in_base32_and_do_not_print() {
        let a = TotpSecret::generate();
        let b = TotpSecret::generate();
        assert_ne!(a, b);
        assert_eq!(a.as_bytes().len(), 20);
        assert_eq!(a.base32().len(), 32, "160 bits are 32 base32 characters");
        assert!(
            a.base32()
                .chars()
                .all(|c| c.is_ascii_uppercase() || ('2'..='7').contains(&c))
        );
        assert_eq!(format!("{a:?}"), "TotpSecret(…)");
        assert_eq!(rfc_secret().base32(), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    }

    #[test]
    fn the_uri_names_issuer_account_and_secret() {
        let s = rfc_secret();
        assert_eq!(
            s.otpauth_uri("id.example.com", "alice"),
            "otpauth://totp/id.example.com:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ\
             &issuer=id.example.com"
        );
        // A colon would split the label in the wrong place.
        assert!(
            s.otpauth_uri("a:b", "c:d")
                .starts_with("otpauth://totp/a_b:c_d?")
        );
    }

    #[test]
    fn the_issuer_is_the_host_of_the_issuer_url() {
        assert_eq!(
            issuer_label("https://id.example.com/auth"),
            "id.example.com"
        );
        assert_eq!(issuer_label("http://127.0.0.1:8000"), "127.0.0.1");
        assert_eq!(issuer_label("http://[::1]:8000"), DEFAULT_ISSUER);
        assert_eq!(issuer_label("not a url"), DEFAULT_ISSUER);
    }

    #[test]
    fn the_qr_code_is_a_png_data_url() {
        let url = rfc_secret()
            .qr_png_data_url("id.example.com", "alice")
            .unwrap();
        let b64 = url.strip_prefix("data:image/png;base64,").unwrap();
        let png = STANDARD.decode(b64).unwrap();
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    }
}
