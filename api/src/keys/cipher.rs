//! At-rest protection of private keys and server secrets.
//!
//! With `KEY_ENCRYPTION_KEY` set, values are sealed with AES-256-GCM under a
//! random 96-bit nonce, the row's name as associated data (so a ciphertext
//! cannot be moved to another row): `v1:` + base64(nonce ‖ ciphertext ‖ tag).
//! Without it they are stored as `plain:` + base64.

use aws_lc_rs::aead::{AES_256_GCM, Aad, NONCE_LEN, Nonce, RandomizedNonceKey};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use crate::config::KeyEncryptionKey;

const SEALED: &str = "v1:";
const PLAIN: &str = "plain:";

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CipherError {
    #[error(
        "stored keys are encrypted: set KEY_ENCRYPTION_KEY to the key they were encrypted with"
    )]
    KeyMissing,
    #[error("stored keys cannot be decrypted with this KEY_ENCRYPTION_KEY")]
    WrongKey,
    #[error("stored key material is malformed")]
    Malformed,
    /// A key stored in clear beside encrypted ones: added without the
    /// key-encryption key, and not to be trusted.
    #[error(
        "signing key {0} is stored unencrypted while the others are encrypted: it was added \
         without KEY_ENCRYPTION_KEY; set KEY_ENCRYPTION_KEY and run `auth-server rotate-keys` \
         again, then delete key {0}"
    )]
    UnsealedBesideSealed(String),
}

pub struct KeyCipher {
    key: Option<RandomizedNonceKey>,
}

impl KeyCipher {
    pub fn new(kek: Option<&KeyEncryptionKey>) -> Self {
        // A 32-byte key is always accepted by AES-256-GCM.
        let key = kek.and_then(|k| RandomizedNonceKey::new(&AES_256_GCM, &k.0).ok());
        Self { key }
    }

    pub fn encrypts(&self) -> bool {
        self.key.is_some()
    }

    /// The stored form of `plain`, bound to `name`.
    pub fn seal(&self, name: &str, plain: &[u8]) -> Result<String, CipherError> {
        let Some(key) = &self.key else {
            return Ok(format!("{PLAIN}{}", STANDARD.encode(plain)));
        };
        let mut buf = plain.to_vec();
        let nonce = key
            .seal_in_place_append_tag(Aad::from(name.as_bytes()), &mut buf)
            .map_err(|_| CipherError::Malformed)?;
        let mut out = nonce.as_ref().to_vec();
        out.extend_from_slice(&buf);
        Ok(format!("{SEALED}{}", STANDARD.encode(out)))
    }

    pub fn open(&self, name: &str, stored: &str) -> Result<Vec<u8>, CipherError> {
        if let Some(b64) = stored.strip_prefix(PLAIN) {
            return STANDARD.decode(b64).map_err(|_| CipherError::Malformed);
        }
        let b64 = stored.strip_prefix(SEALED).ok_or(CipherError::Malformed)?;
        let key = self.key.as_ref().ok_or(CipherError::KeyMissing)?;
        let raw = STANDARD.decode(b64).map_err(|_| CipherError::Malformed)?;
        if raw.len() < NONCE_LEN {
            return Err(CipherError::Malformed);
        }
        let (nonce, sealed) = raw.split_at(NONCE_LEN);
        let nonce = Nonce::try_assume_unique_for_key(nonce).map_err(|_| CipherError::Malformed)?;
        let mut buf = sealed.to_vec();
        let plain = key
            .open_in_place(nonce, Aad::from(name.as_bytes()), &mut buf)
            .map_err(|_| CipherError::WrongKey)?;
        Ok(plain.to_vec())
    }

    pub fn is_sealed(stored: &str) -> bool {
        stored.starts_with(SEALED)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kek(b: u8) -> KeyEncryptionKey {
        KeyEncryptionKey([b; 32])
    }

    #[test]
    fn sealed_values_open_with_the_same_key_and_name_only() {
        let c = KeyCipher::new(Some(&kek(1)));
        let stored = c.seal("kid-1", b"secret der").unwrap();
        assert!(KeyCipher::is_sealed(&stored));
        assert!(!stored.contains("secret"));
        assert_eq!(c.open("kid-1", &stored).unwrap(), b"secret der");
        assert_eq!(c.open("kid-2", &stored), Err(CipherError::WrongKey));
        assert_eq!(
            KeyCipher::new(Some(&kek(2))).open("kid-1", &stored),
            Err(CipherError::WrongKey)
        );
        assert_eq!(
            KeyCipher::new(None).open("kid-1", &stored),
            Err(CipherError::KeyMissing)
        );
    }

    #[test]
    fn without_a_key_values_are_stored_plain_and_still_readable_later() {
        let stored = KeyCipher::new(None).seal("k", b"der").unwrap();
        assert!(stored.starts_with("plain:"));
        assert_eq!(
            KeyCipher::new(Some(&kek(1))).open("k", &stored).unwrap(),
            b"der"
        );
    }
}
