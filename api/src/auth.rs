//! Authentication: a bearer JWT becomes a [`Claims`]; the algorithm is pinned to the
//! configured key (or, with a JWKS file, to the key the token's `kid` names), `exp` is
//! required, `nbf` honoured, and `iss` and `aud` required when set.

use std::{collections::HashSet, fmt, str::FromStr};

use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

use crate::config::{Config, Secret};

/// Clock skew tolerated on `exp` and `nbf`, in seconds.
const LEEWAY_SECS: u64 = 30;

/// A role named in a token's `roles` claim.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    Coordinator,
    SocialWorker,
    FgcCoordinator,
    Manager,
    Viewer,
    Service,
    Admin,
}

impl Role {
    pub const ALL: [Role; 7] = [
        Role::Coordinator,
        Role::SocialWorker,
        Role::FgcCoordinator,
        Role::Manager,
        Role::Viewer,
        Role::Service,
        Role::Admin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Coordinator => "coordinator",
            Role::SocialWorker => "social_worker",
            Role::FgcCoordinator => "fgc_coordinator",
            Role::Manager => "manager",
            Role::Viewer => "viewer",
            Role::Service => "service",
            Role::Admin => "admin",
        }
    }
}

impl FromStr for Role {
    type Err = String;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|role| role.as_str() == value)
            .ok_or_else(|| format!("unknown role `{value}`"))
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The claims kinmap reads from a token.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Claims {
    pub sub: String,
    pub org: String,
    #[serde(default)]
    pub roles: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub exp: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nbf: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iat: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iss: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aud: Option<String>,
}

impl Claims {
    /// The roles of the token that kinmap knows; unknown ones are ignored, not errors, so
    /// that an identity provider may carry roles for other systems.
    pub fn known_roles(&self) -> Vec<Role> {
        self.roles
            .iter()
            .filter_map(|role| role.parse().ok())
            .collect()
    }
}

/// Why a token was refused. The reason goes to the log, never to the client.
#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error("no bearer token")]
    Missing,
    #[error("token names key `{0}`, which is not configured")]
    UnknownKey(String),
    #[error("token refused: {0}")]
    Invalid(#[from] jsonwebtoken::errors::Error),
    #[error("token has an empty `sub` or `org`")]
    EmptySubject,
    #[error("token lives {hours} hours, more than the {max} allowed")]
    TooLong { hours: u64, max: u64 },
}

/// Why the verification key could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error(
        "no JWT key configured: set KINMAP_JWT_SECRET, KINMAP_JWT_PUBLIC_KEY_FILE or KINMAP_JWT_JWKS_FILE"
    )]
    NotConfigured,
    #[error(
        "more than one of KINMAP_JWT_SECRET, KINMAP_JWT_PUBLIC_KEY_FILE and KINMAP_JWT_JWKS_FILE is set; choose one"
    )]
    Ambiguous,
    #[error("cannot read the public key file: {0}")]
    Read(#[from] std::io::Error),
    #[error(
        "the key file holds no usable public key (an RSA or EC P-256 key in PEM, or a JWKS with at least one RSA or EC signing key with a kid)"
    )]
    UnsupportedKey,
}

/// Verifies tokens with the configured key and its one algorithm, or with the key a JWKS
/// file holds under the token's `kid`.
#[derive(Clone)]
pub struct Verifier {
    keys: Keys,
    validation: Validation,
    key_id: Option<String>,
    max_lifetime_hours: u64,
}

#[derive(Clone)]
enum Keys {
    /// One key; `validation` is pinned to its algorithm.
    One(DecodingKey),
    /// A key set, each key with its own algorithm.
    Set(std::sync::Arc<crate::jwks::KeySet>),
}

impl fmt::Debug for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verifier")
            .field("algorithms", &self.validation.algorithms)
            .field("key_id", &self.key_id)
            .finish_non_exhaustive()
    }
}

impl Verifier {
    /// Builds the verifier from the configuration, with `secret` standing in for
    /// `KINMAP_JWT_SECRET` when the caller generated a development secret.
    pub fn from_config(config: &Config, secret: Option<&Secret>) -> Result<Self, KeyError> {
        let configured = [
            secret.is_some(),
            config.jwt_public_key_file.is_some(),
            config.jwt_jwks_file.is_some(),
        ];
        let (keys, algorithm) = match configured.iter().filter(|set| **set).count() {
            0 => return Err(KeyError::NotConfigured),
            1 => match (secret, &config.jwt_public_key_file, &config.jwt_jwks_file) {
                (Some(secret), _, _) => (
                    Keys::One(DecodingKey::from_secret(secret.expose().as_bytes())),
                    Algorithm::HS256,
                ),
                (_, Some(path), _) => {
                    let pem = std::fs::read(path)?;
                    if let Ok(key) = DecodingKey::from_rsa_pem(&pem) {
                        (Keys::One(key), Algorithm::RS256)
                    } else if let Ok(key) = DecodingKey::from_ec_pem(&pem) {
                        (Keys::One(key), Algorithm::ES256)
                    } else {
                        return Err(KeyError::UnsupportedKey);
                    }
                }
                (_, _, Some(path)) => {
                    let set = crate::jwks::KeySet::open(path)?;
                    // Each token's algorithm comes from its key; this one is replaced.
                    (Keys::Set(std::sync::Arc::new(set)), Algorithm::RS256)
                }
                (None, None, None) => return Err(KeyError::NotConfigured),
            },
            _ => return Err(KeyError::Ambiguous),
        };
        let mut validation = Validation::new(algorithm);
        validation.leeway = LEEWAY_SECS;
        validation.validate_exp = true;
        validation.validate_nbf = true;
        let mut required = vec!["exp", "sub"];
        match &config.jwt_audience {
            Some(audience) => {
                validation.set_audience(&[audience]);
                required.push("aud");
            }
            None => validation.validate_aud = false,
        }
        if let Some(issuer) = &config.jwt_issuer {
            validation.set_issuer(&[issuer]);
            required.push("iss");
        }
        validation.set_required_spec_claims(&required);
        Ok(Self {
            keys,
            validation,
            key_id: config.jwt_key_id.clone(),
            max_lifetime_hours: config.jwt_max_lifetime_hours,
        })
    }

    /// Checks the token's signature and claims.
    pub fn verify(&self, token: &str) -> Result<Claims, AuthError> {
        let header = jsonwebtoken::decode_header(token)?;
        let data = match &self.keys {
            Keys::One(key) => {
                if let (Some(expected), Some(given)) = (&self.key_id, &header.kid)
                    && expected != given
                {
                    return Err(AuthError::UnknownKey(given.clone()));
                }
                jsonwebtoken::decode::<Claims>(token, key, &self.validation)?
            }
            Keys::Set(set) => {
                let kid = header.kid.unwrap_or_default();
                let (key, algorithm) = set
                    .get(&kid)
                    .ok_or_else(|| AuthError::UnknownKey(kid.clone()))?;
                let mut validation = self.validation.clone();
                validation.algorithms = vec![algorithm];
                jsonwebtoken::decode::<Claims>(token, &key, &validation)?
            }
        };
        if data.claims.sub.trim().is_empty() || data.claims.org.trim().is_empty() {
            return Err(AuthError::EmptySubject);
        }
        // A stolen long-lived token is a long-lived key to children's records.
        let issued = data
            .claims
            .iat
            .unwrap_or_else(jsonwebtoken::get_current_timestamp);
        let lifetime = data.claims.exp.saturating_sub(issued);
        if lifetime > self.max_lifetime_hours.saturating_mul(3600) + LEEWAY_SECS {
            return Err(AuthError::TooLong {
                hours: lifetime / 3600,
                max: self.max_lifetime_hours,
            });
        }
        Ok(data.claims)
    }
}

/// The token of an `Authorization` value, `Bearer <token>` (the scheme in any case); `None`
/// for another scheme or an empty token. Every way in reads the header with this.
pub fn bearer(value: &str) -> Option<&str> {
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|token| !token.is_empty())
}

/// Mints an HS256 token: for `kinmap token`, the demo, and tests.
pub fn mint(secret: &Secret, claims: &Claims) -> Result<String, jsonwebtoken::errors::Error> {
    jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        claims,
        &EncodingKey::from_secret(secret.expose().as_bytes()),
    )
}

/// The roles a token may carry, for `--help` texts and validation.
pub fn role_names() -> HashSet<&'static str> {
    Role::ALL.iter().map(|role| role.as_str()).collect()
}
