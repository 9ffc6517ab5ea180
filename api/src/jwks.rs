//! Keys from a JSON Web Key Set file (`KINMAP_JWT_JWKS_FILE`): several public keys, each
//! chosen by the `kid` a token names. The file is looked at again at most once a second and
//! read again when it has changed, so a key rotates without a restart; a file that no longer
//! parses leaves the keys as they were. Only the file is trusted: a token's `jku` or `x5u`
//! (a place to fetch keys from) is never followed.

use std::{
    collections::HashMap,
    path::{Path, PathBuf},
    sync::{Mutex, RwLock},
    time::{Duration, Instant, SystemTime},
};

use jsonwebtoken::{
    Algorithm, DecodingKey,
    jwk::{AlgorithmParameters, EllipticCurve, JwkSet, KeyAlgorithm, PublicKeyUse},
};

use crate::auth::KeyError;

/// How often the file is looked at.
const CHECK_EVERY: Duration = Duration::from_secs(1);

/// The file's keys by `kid`, kept up to date with the file.
pub struct KeySet {
    path: PathBuf,
    loaded: RwLock<Loaded>,
    checked: Mutex<Instant>,
}

struct Loaded {
    /// When the file was last changed and how long it was, as last read.
    stamp: Option<(SystemTime, u64)>,
    keys: HashMap<String, (DecodingKey, Algorithm)>,
}

impl KeySet {
    /// Reads the file; a file that cannot be read or holds no usable key is refused.
    pub fn open(path: &Path) -> Result<Self, KeyError> {
        let stamp = stamp(path);
        let keys = parse(&std::fs::read(path)?)?;
        Ok(Self {
            path: path.to_owned(),
            loaded: RwLock::new(Loaded { stamp, keys }),
            checked: Mutex::new(Instant::now()),
        })
    }

    /// The key a token's `kid` names, and the one algorithm it verifies.
    pub fn get(&self, kid: &str) -> Option<(DecodingKey, Algorithm)> {
        self.refresh();
        let loaded = self.loaded.read().ok()?;
        loaded.keys.get(kid).cloned()
    }

    /// How many keys are in force.
    pub fn len(&self) -> usize {
        self.loaded.read().map_or(0, |loaded| loaded.keys.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn refresh(&self) {
        {
            let Ok(mut checked) = self.checked.lock() else {
                return;
            };
            if checked.elapsed() < CHECK_EVERY {
                return;
            }
            *checked = Instant::now();
        }
        let now = stamp(&self.path);
        let unchanged = self.loaded.read().is_ok_and(|loaded| loaded.stamp == now);
        if unchanged {
            return;
        }
        match std::fs::read(&self.path)
            .map_err(KeyError::from)
            .and_then(|bytes| parse(&bytes))
        {
            Ok(keys) => {
                tracing::info!(keys = keys.len(), "JWKS file read again");
                if let Ok(mut loaded) = self.loaded.write() {
                    *loaded = Loaded { stamp: now, keys };
                }
            }
            Err(error) => {
                tracing::warn!(%error, "JWKS file changed but cannot be used; keeping the keys in force");
                if let Ok(mut loaded) = self.loaded.write() {
                    loaded.stamp = now;
                }
            }
        }
    }
}

fn stamp(path: &Path) -> Option<(SystemTime, u64)> {
    let metadata = std::fs::metadata(path).ok()?;
    Some((metadata.modified().ok()?, metadata.len()))
}

/// The signing keys of a JWKS document that name a `kid`, each with its algorithm: the
/// one the key says (`alg`), or the usual one for its type (RS256 for RSA, ES256 for P-256).
/// Secret (`oct`) keys and encryption keys are left out: the file holds public keys.
fn parse(bytes: &[u8]) -> Result<HashMap<String, (DecodingKey, Algorithm)>, KeyError> {
    let set: JwkSet = serde_json::from_slice(bytes).map_err(|_| KeyError::UnsupportedKey)?;
    let mut keys = HashMap::new();
    for jwk in &set.keys {
        let Some(kid) = jwk.common.key_id.clone() else {
            continue;
        };
        if matches!(jwk.common.public_key_use, Some(PublicKeyUse::Encryption)) {
            continue;
        }
        let algorithm = match (&jwk.algorithm, jwk.common.key_algorithm) {
            (AlgorithmParameters::RSA(_), None | Some(KeyAlgorithm::RS256)) => Algorithm::RS256,
            (AlgorithmParameters::RSA(_), Some(KeyAlgorithm::RS384)) => Algorithm::RS384,
            (AlgorithmParameters::RSA(_), Some(KeyAlgorithm::RS512)) => Algorithm::RS512,
            (AlgorithmParameters::RSA(_), Some(KeyAlgorithm::PS256)) => Algorithm::PS256,
            (AlgorithmParameters::EllipticCurve(ec), None | Some(KeyAlgorithm::ES256))
                if ec.curve == EllipticCurve::P256 =>
            {
                Algorithm::ES256
            }
            (AlgorithmParameters::EllipticCurve(ec), None | Some(KeyAlgorithm::ES384))
                if ec.curve == EllipticCurve::P384 =>
            {
                Algorithm::ES384
            }
            _ => continue,
        };
        let Ok(key) = DecodingKey::from_jwk(jwk) else {
            continue;
        };
        keys.insert(kid, (key, algorithm));
    }
    if keys.is_empty() {
        return Err(KeyError::UnsupportedKey);
    }
    Ok(keys)
}
