//! Django's password hash formats (`django.contrib.auth.hashers`), checked
//! natively so that users imported from a Django application keep their
//! passwords. Only checked, never written: a login that matches one of
//! these is re-hashed to argon2id (see `domain::authn::check_password`).
//!
//! | Django hasher | stored as |
//! |---|---|
//! | `PBKDF2PasswordHasher` (Django's default) | `pbkdf2_sha256$<iterations>$<salt>$<base64 of the 32-byte key>` |
//! | `PBKDF2SHA1PasswordHasher` | `pbkdf2_sha1$<iterations>$<salt>$<base64 of the 20-byte key>` |
//! | `Argon2PasswordHasher` | `argon2` + the PHC string of argon2-cffi (`$argon2id$v=19$m=…,t=…,p=…$<salt>$<hash>`) |
//! | `BCryptSHA256PasswordHasher` | `bcrypt_sha256$` + bcrypt of the hex SHA-256 of the password (`$2b$12$…`) |
//! | `BCryptPasswordHasher` | `bcrypt$` + bcrypt of the password itself (first 72 bytes) |
//!
//! Every function here is CPU-bound by design (Django's PBKDF2 runs a
//! million iterations): callers run them on the hashing pool, never on the
//! async runtime. Comparisons are constant-time (aws-lc's PBKDF2 verify,
//! argon2's and bcrypt's own).

use std::num::NonZeroU32;

use argon2::password_hash::PasswordVerifier as _;
use aws_lc_rs::{digest, pbkdf2};
use base64::Engine;

/// More PBKDF2 iterations than any Django release uses (1.2 million in
/// 6.0) by far: a stored value beyond this is corrupt, not a hash to spend
/// minutes on.
const MAX_PBKDF2_ITERATIONS: u32 = 20_000_000;

/// The Django hashers this server understands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scheme {
    Pbkdf2Sha256,
    Pbkdf2Sha1,
    Argon2,
    BcryptSha256,
    Bcrypt,
}

impl Scheme {
    /// Django's `algorithm` name, the prefix of the stored value.
    pub fn name(self) -> &'static str {
        match self {
            Scheme::Pbkdf2Sha256 => "pbkdf2_sha256",
            Scheme::Pbkdf2Sha1 => "pbkdf2_sha1",
            Scheme::Argon2 => "argon2",
            Scheme::BcryptSha256 => "bcrypt_sha256",
            Scheme::Bcrypt => "bcrypt",
        }
    }

    const ALL: [Scheme; 5] = [
        Scheme::Pbkdf2Sha256,
        Scheme::Pbkdf2Sha1,
        Scheme::Argon2,
        Scheme::BcryptSha256,
        Scheme::Bcrypt,
    ];
}

/// The scheme of a Django-encoded hash, by its `algorithm$` prefix (as
/// Django's `identify_hasher`); `None` for anything else.
pub fn scheme_of(encoded: &str) -> Option<Scheme> {
    let (algorithm, _) = encoded.split_once('$')?;
    Scheme::ALL.into_iter().find(|s| s.name() == algorithm)
}

/// Django's mark of an unusable password (`set_unusable_password`): `!`
/// and 40 random characters. Nothing matches it.
pub fn is_unusable(encoded: &str) -> bool {
    encoded.starts_with('!')
}

/// Whether `password` matches the Django-encoded `encoded`. A malformed
/// value, or one of another scheme, is a mismatch.
pub fn verify(password: &str, encoded: &str) -> bool {
    let Some(scheme) = scheme_of(encoded) else {
        return false;
    };
    // After `algorithm$`.
    let data = &encoded[scheme.name().len() + 1..];
    match scheme {
        Scheme::Pbkdf2Sha256 => verify_pbkdf2(pbkdf2::PBKDF2_HMAC_SHA256, 32, password, data),
        Scheme::Pbkdf2Sha1 => verify_pbkdf2(pbkdf2::PBKDF2_HMAC_SHA1, 20, password, data),
        // argon2-cffi's PHC string, whose leading `$` Django's `algorithm$`
        // separator doubles as.
        Scheme::Argon2 => argon2::Argon2::default()
            .verify_password(password.as_bytes(), format!("${data}").as_str())
            .is_ok(),
        Scheme::BcryptSha256 => {
            // Django hashes first so that bcrypt's 72-byte limit does not
            // truncate long passwords: bcrypt sees 64 hex digits.
            let sha = digest::digest(&digest::SHA256, password.as_bytes());
            let hex = crate::secrets::hex(sha.as_ref());
            bcrypt::verify(hex.as_bytes(), data).unwrap_or(false)
        }
        Scheme::Bcrypt => bcrypt::verify(password.as_bytes(), data).unwrap_or(false),
    }
}

/// `<iterations>$<salt>$<base64 key>`, the key as long as the digest.
fn verify_pbkdf2(alg: pbkdf2::Algorithm, key_len: usize, password: &str, data: &str) -> bool {
    let mut parts = data.splitn(3, '$');
    let (Some(iterations), Some(salt), Some(key)) = (parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    let Some(iterations) = iterations
        .parse::<u32>()
        .ok()
        .filter(|n| *n <= MAX_PBKDF2_ITERATIONS)
        .and_then(NonZeroU32::new)
    else {
        return false;
    };
    let Ok(key) = base64::engine::general_purpose::STANDARD.decode(key.trim()) else {
        return false;
    };
    if key.len() != key_len {
        return false;
    }
    pbkdf2::verify(alg, iterations, salt.as_bytes(), password.as_bytes(), &key).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const PASSWORD: &str = "correct horse €";

    // Made by Django 5.2 (`hasher.encode(PASSWORD, salt)`), at low cost.
    const PBKDF2_SHA256: &str =
        "pbkdf2_sha256$1000$saltsaltsalt$qJ7Q/FqN3U25uc/a69VDk1db0V6WqYpL8n3zuk67Bwg=";
    const PBKDF2_SHA1: &str = "pbkdf2_sha1$1000$saltsaltsalt$4CuES6MbnlcR0zLQQC09D2IfjII=";
    const ARGON2: &str = "argon2$argon2id$v=19$m=64,t=1,p=2$czNHT09NdThtYm9iaU15QU5oRHdsMg$9oBv9W2ubv3m2VTOrI7Pk7OwN7TlpZldJqnHJuoyheU";
    const BCRYPT_SHA256: &str =
        "bcrypt_sha256$$2b$04$3jbxsL5JdETMzR4CA6khgOVFw/aj0yoNyoZFcLBUaleHZFfhhiw46";
    const BCRYPT: &str = "bcrypt$$2b$04$I0bOBMmn20Kq.m9HZPxJseEqeMWwny4ikeHZLbiaSUdMlfBTI3nfy";

    #[test]
    fn each_django_format_verifies_its_password_only() {
        for (encoded, scheme) in [
            (PBKDF2_SHA256, Scheme::Pbkdf2Sha256),
            (PBKDF2_SHA1, Scheme::Pbkdf2Sha1),
            (ARGON2, Scheme::Argon2),
            (BCRYPT_SHA256, Scheme::BcryptSha256),
            (BCRYPT, Scheme::Bcrypt),
        ] {
            assert_eq!(scheme_of(encoded), Some(scheme), "{encoded}");
            assert!(verify(PASSWORD, encoded), "{encoded}");
            assert!(!verify("correct horse", encoded), "{encoded}");
            assert!(!verify("", encoded), "{encoded}");
        }
    }

    #[test]
    fn unusable_unknown_and_malformed_values_never_match() {
        let unusable = "!OXNsBXedNWTagvoRU9fwdmT3BBgEXLfkiKy4VbQ8";
        assert!(is_unusable(unusable));
        assert!(!verify(PASSWORD, unusable));
        assert_eq!(scheme_of("md5$salt$hash"), None);
        assert_eq!(scheme_of("$argon2id$v=19$m=64,t=1,p=1$x$y"), None);
        for bad in [
            "pbkdf2_sha256$",
            "pbkdf2_sha256$0$salt$qJ7Q/FqN3U25uc/a69VDk1db0V6WqYpL8n3zuk67Bwg=",
            "pbkdf2_sha256$99999999999$salt$qJ7Q/FqN3U25uc/a69VDk1db0V6WqYpL8n3zuk67Bwg=",
            "pbkdf2_sha256$1000$saltsaltsalt$not base64",
            "pbkdf2_sha256$1000$saltsaltsalt$AAAA",
            "argon2$argon2id$garbage",
            "bcrypt_sha256$$2b$04$short",
            "bcrypt$",
        ] {
            assert!(!verify(PASSWORD, bad), "{bad}");
        }
    }

    #[test]
    fn a_changed_salt_or_iteration_count_does_not_match() {
        assert!(!verify(
            PASSWORD,
            &PBKDF2_SHA256.replace("saltsaltsalt", "saltsaltsalx")
        ));
        assert!(!verify(
            PASSWORD,
            &PBKDF2_SHA256.replace("$1000$", "$1001$")
        ));
    }
}
