//! The key ring: the current signing key, the keys still trusted for
//! verification, and the JWKS (RFC 7517 §5) built from them.
//!
//! Keys live in the database so that every replica signs with the same one.
//! A rotation by another process (the CLI, another replica) is noticed by
//! [`KeyRing::refresh`], which the server polls every second.

pub mod cipher;
pub mod signer;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};

use jsonwebtoken::{Algorithm, DecodingKey};
use serde_json::{Value, json};

use crate::config::{KeyEncryptionKey, SigningAlg};
use crate::secrets::random_bytes;
use crate::storage::{SigningKeyRecord, Store, StoreError};
use cipher::{CipherError, KeyCipher};
pub use signer::{KeyError, SigningKey};

/// How long past its expiry a token's key is kept, for clock skew.
const VERIFY_LEEWAY: i64 = 60;

#[derive(Debug, thiserror::Error)]
pub enum KeyRingError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Cipher(#[from] CipherError),
    #[error(transparent)]
    Key(#[from] KeyError),
    #[error("no signing key is stored")]
    Empty,
}

/// A public key trusted for verification.
pub struct Verifier {
    pub kid: String,
    pub alg: Algorithm,
    pub key: DecodingKey,
    jwk: Value,
    /// Tokens signed by a retired key are trusted until `retired_at` plus
    /// the longest token lifetime.
    retired_at: Option<i64>,
}

struct KeySet {
    version: (i64, Option<String>),
    current: Arc<SigningKey>,
    verifiers: HashMap<String, Arc<Verifier>>,
}

pub struct KeyRing {
    store: Store,
    cipher: KeyCipher,
    /// The longest lifetime of a token signed with these keys.
    token_ttl: i64,
    set: RwLock<Arc<KeySet>>,
    /// The stored version last refused, so that it is reported once.
    refused: Mutex<Option<(i64, Option<String>)>>,
}

impl KeyRing {
    /// Loads the stored keys, generating the first one if there is none and
    /// encrypting any stored in clear when a key-encryption key is set.
    pub async fn load(
        store: Store,
        kek: Option<&KeyEncryptionKey>,
        alg: SigningAlg,
        token_ttl: i64,
        now: i64,
    ) -> Result<Self, KeyRingError> {
        let cipher = KeyCipher::new(kek);
        if store.list_signing_keys().await?.is_empty() {
            add_key(&store, &cipher, alg, now).await?;
        }
        let records = store.list_signing_keys().await?;
        // Keys stored in clear are sealed once a key-encryption key is set,
        // but only while none is sealed yet: a clear key beside sealed ones
        // was added by someone without the key-encryption key, and
        // `build_set` refuses it instead.
        if cipher.encrypts() && !records.iter().any(|r| KeyCipher::is_sealed(&r.private_key)) {
            for record in records {
                let der = cipher.open(&record.kid, &record.private_key)?;
                let sealed = cipher.seal(&record.kid, &der)?;
                store.rewrap_signing_key(&record.kid, &sealed).await?;
            }
        }
        let set = build_set(&store, &cipher).await?;
        Ok(Self {
            store,
            cipher,
            token_ttl,
            set: RwLock::new(Arc::new(set)),
            refused: Mutex::new(None),
        })
    }

    fn snapshot(&self) -> Arc<KeySet> {
        // A poisoned lock only means a panic elsewhere while swapping an Arc;
        // the value inside is still a complete key set.
        match self.set.read() {
            Ok(g) => g.clone(),
            Err(p) => p.into_inner().clone(),
        }
    }

    /// The at-rest cipher of the keys, for other secrets stored the same
    /// way (authenticator secrets).
    pub fn cipher(&self) -> &KeyCipher {
        &self.cipher
    }

    pub fn current(&self) -> Arc<SigningKey> {
        self.snapshot().current.clone()
    }

    /// The key with this `kid`, if it is still trusted at `now`.
    pub fn verifier(&self, kid: &str, now: i64) -> Option<Arc<Verifier>> {
        let v = self.snapshot().verifiers.get(kid).cloned()?;
        self.trusted(&v, now).then_some(v)
    }

    fn trusted(&self, v: &Verifier, now: i64) -> bool {
        v.retired_at
            .is_none_or(|retired| now <= retired + self.token_ttl + VERIFY_LEEWAY)
    }

    /// The JWKS document: every key still trusted at `now`, current first.
    pub fn jwks(&self, now: i64) -> Value {
        let set = self.snapshot();
        let mut keys: Vec<&Arc<Verifier>> = set
            .verifiers
            .values()
            .filter(|v| self.trusted(v, now))
            .collect();
        keys.sort_by_key(|v| (v.kid != set.current.kid, v.retired_at.map(|r| -r)));
        json!({"keys": keys.iter().map(|v| v.jwk.clone()).collect::<Vec<_>>()})
    }

    /// Reloads the key set if another process changed it; answers whether
    /// anything changed. A set that cannot be loaded (a key stored in clear
    /// beside encrypted ones) is refused once, and the current set stays.
    pub async fn refresh(&self) -> Result<bool, KeyRingError> {
        let version = self.store.signing_keys_version().await?;
        if version == self.snapshot().version {
            return Ok(false);
        }
        if let Ok(refused) = self.refused.lock()
            && refused.as_ref() == Some(&version)
        {
            return Ok(false);
        }
        let set = match build_set(&self.store, &self.cipher).await {
            Ok(set) => set,
            Err(e) => {
                if let Ok(mut refused) = self.refused.lock() {
                    *refused = Some(version);
                }
                return Err(e);
            }
        };
        match self.set.write() {
            Ok(mut g) => *g = Arc::new(set),
            Err(p) => *p.into_inner() = Arc::new(set),
        }
        Ok(true)
    }

    /// Adds a new current key (the `rotate-keys` command); answers its kid.
    /// When the stored keys are encrypted, the new one must be too, under
    /// the same key-encryption key: without it, or with another one, the
    /// rotation is refused before anything is stored.
    pub async fn rotate(
        store: &Store,
        kek: Option<&KeyEncryptionKey>,
        alg: SigningAlg,
        now: i64,
    ) -> Result<String, KeyRingError> {
        let cipher = KeyCipher::new(kek);
        if let Some(sealed) = store
            .list_signing_keys()
            .await?
            .into_iter()
            .find(|r| KeyCipher::is_sealed(&r.private_key))
        {
            cipher.open(&sealed.kid, &sealed.private_key)?;
        }
        add_key(store, &cipher, alg, now).await
    }

    /// A server-wide secret of 256 bits, created on first use and stored
    /// like the private keys; every replica gets the same one.
    pub async fn server_secret(&self, name: &str, now: i64) -> Result<Vec<u8>, KeyRingError> {
        let fresh = self.cipher.seal(name, &random_bytes::<32>())?;
        let stored = self.store.server_secret(name, &fresh, now).await?;
        let value = self.cipher.open(name, &stored)?;
        if self.cipher.encrypts() && !KeyCipher::is_sealed(&stored) {
            self.store
                .set_server_secret(name, &self.cipher.seal(name, &value)?)
                .await?;
        }
        Ok(value)
    }
}

async fn add_key(
    store: &Store,
    cipher: &KeyCipher,
    alg: SigningAlg,
    now: i64,
) -> Result<String, KeyRingError> {
    // RSA generation takes a noticeable fraction of a second: off the runtime.
    let (key, der) = tokio::task::spawn_blocking(move || SigningKey::generate(alg))
        .await
        .map_err(|_| KeyError::Generate)??;
    let record = SigningKeyRecord {
        kid: key.kid.clone(),
        alg: alg.as_str().to_string(),
        private_key: cipher.seal(&key.kid, &der)?,
        public_jwk: key.public_jwk().to_string(),
        created_at: now,
        retired_at: None,
    };
    store.insert_signing_key(&record).await?;
    Ok(key.kid.clone())
}

async fn build_set(store: &Store, cipher: &KeyCipher) -> Result<KeySet, KeyRingError> {
    let version = store.signing_keys_version().await?;
    let records = store.list_signing_keys().await?;
    if records.iter().any(|r| KeyCipher::is_sealed(&r.private_key))
        && let Some(clear) = records
            .iter()
            .find(|r| !KeyCipher::is_sealed(&r.private_key))
    {
        return Err(CipherError::UnsealedBesideSealed(clear.kid.clone()).into());
    }
    // Newest first: the current key is the newest one not retired (two
    // replicas generating a first key at once both end up agreeing on it).
    let current_record = records
        .iter()
        .find(|r| r.retired_at.is_none())
        .or(records.first())
        .ok_or(KeyRingError::Empty)?;
    let alg = signer::parse_alg(&current_record.alg)?;
    let der = cipher.open(&current_record.kid, &current_record.private_key)?;
    let current = Arc::new(SigningKey::from_pkcs8(alg, &der)?);

    let mut verifiers = HashMap::new();
    for r in &records {
        let jwk_value: Value = serde_json::from_str(&r.public_jwk)
            .map_err(|_| StoreError::Corrupt(format!("public_jwk of {}", r.kid)))?;
        let jwk: jsonwebtoken::jwk::Jwk = serde_json::from_value(jwk_value.clone())
            .map_err(|_| StoreError::Corrupt(format!("public_jwk of {}", r.kid)))?;
        let key = DecodingKey::from_jwk(&jwk).map_err(|_| KeyError::Invalid("JWK"))?;
        let alg = match signer::parse_alg(&r.alg)? {
            SigningAlg::Rs256 => Algorithm::RS256,
            SigningAlg::Es256 => Algorithm::ES256,
        };
        // Two replicas generating a first key at once leave two unretired
        // keys: the one that lost counts as retired from its creation.
        let retired_at = if r.kid == current.kid {
            None
        } else {
            r.retired_at.or(Some(r.created_at))
        };
        verifiers.insert(
            r.kid.clone(),
            Arc::new(Verifier {
                kid: r.kid.clone(),
                alg,
                key,
                jwk: jwk_value,
                retired_at,
            }),
        );
    }
    Ok(KeySet {
        version,
        current,
        verifiers,
    })
}
