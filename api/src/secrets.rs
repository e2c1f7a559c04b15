//! Secrets the server generates (refresh tokens, client secrets, service
//! keys): 256 random bits, shown once, stored as a SHA-256 hash and compared
//! in constant time.
//!
//! SHA-256 is enough for these (unlike passwords, they cannot be guessed:
//! a preimage search over 2^256 values is the only attack) and costs
//! microseconds, so client authentication never becomes the bottleneck of
//! client_credentials or introspection.

use std::fmt;

use aws_lc_rs::{digest, hmac, rand};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use subtle::ConstantTimeEq;

/// A secret in plain text, as handed to its owner once. `Debug` hides it.
#[derive(Clone, PartialEq, Eq)]
pub struct PlainSecret(String);

impl PlainSecret {
    /// 256 random bits, base64url, with a short prefix saying what it is
    /// (so a leaked string can be recognised by secret scanners).
    pub fn generate(prefix: &str) -> Self {
        Self(format!(
            "{prefix}{}",
            URL_SAFE_NO_PAD.encode(random_bytes::<32>())
        ))
    }

    pub fn from_presented(s: impl Into<String>) -> Self {
        Self(s.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn hash(&self) -> SecretHash {
        SecretHash::of(&self.0)
    }
}

impl fmt::Debug for PlainSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PlainSecret(…)")
    }
}

/// The stored form: lowercase hex of SHA-256.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SecretHash(String);

impl SecretHash {
    pub fn of(plain: &str) -> Self {
        Self(hex(
            digest::digest(&digest::SHA256, plain.as_bytes()).as_ref()
        ))
    }

    pub fn from_stored(s: String) -> Self {
        Self(s)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Constant-time check of a presented secret against this hash.
    pub fn matches(&self, presented: &str) -> bool {
        constant_time_eq(Self::of(presented).0.as_bytes(), self.0.as_bytes())
    }
}

pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.ct_eq(b).into()
}

#[allow(
    clippy::panic,
    reason = "without randomness no secret may be issued; there is no safe answer"
)]
pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut buf = [0u8; N];
    // The system RNG failing is not recoverable: no secret may be issued.
    if rand::fill(&mut buf).is_err() {
        panic!("system random number generator failed");
    }
    buf
}

/// A random identifier (128 bits, base64url): JWT ids, token row ids.
pub fn random_id() -> String {
    URL_SAFE_NO_PAD.encode(random_bytes::<16>())
}

pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[(b >> 4) as usize] as char);
        out.push(DIGITS[(b & 0xf) as usize] as char);
    }
    out
}

/// HMAC-SHA256 under a server secret, base64url: derives values that must be
/// reproducible by the server alone (the successor of a refresh token).
pub fn hmac_b64(key: &[u8], parts: &[&[u8]]) -> String {
    let key = hmac::Key::new(hmac::HMAC_SHA256, key);
    let mut ctx = hmac::Context::with_key(&key);
    for p in parts {
        ctx.update(&(p.len() as u64).to_be_bytes());
        ctx.update(p);
    }
    URL_SAFE_NO_PAD.encode(ctx.sign().as_ref())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_secrets_are_long_unique_and_hidden() {
        let a = PlainSecret::generate("rt_");
        let b = PlainSecret::generate("rt_");
        assert_ne!(a, b);
        assert!(a.expose().starts_with("rt_"));
        assert_eq!(a.expose().len(), 3 + 43);
        assert_eq!(format!("{a:?}"), "PlainSecret(…)");
    }

    #[test]
    fn a_hash_matches_only_its_secret() {
        let s = PlainSecret::generate("cs_");
        let h = s.hash();
        assert_eq!(h.as_str().len(), 64);
        assert!(h.matches(s.expose()));
        assert!(!h.matches("cs_wrong"));
        assert!(!h.matches(""));
    }

    #[test]
    fn sha256_is_the_standard_one() {
        assert_eq!(
            SecretHash::of("abc").as_str(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn hmac_parts_are_length_prefixed() {
        let k = [1u8; 32];
        assert_ne!(hmac_b64(&k, &[b"ab", b"c"]), hmac_b64(&k, &[b"a", b"bc"]));
        assert_eq!(hmac_b64(&k, &[b"x"]), hmac_b64(&k, &[b"x"]));
    }
}
