//! Authentication: a bearer JWT becomes a [`Claims`]; the algorithm is pinned to the one
//! configured key, `exp` is required, `nbf` honoured, and `iss` and `aud` required when set.

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
    #[error("no JWT key configured: set KINMAP_JWT_SECRET or KINMAP_JWT_PUBLIC_KEY_FILE")]
    NotConfigured,
    #[error("both KINMAP_JWT_SECRET and KINMAP_JWT_PUBLIC_KEY_FILE are set; choose one")]
    Ambiguous,
    #[error("cannot read the public key file: {0}")]
    Read(#[from] std::io::Error),
    #[error("the public key file holds neither an RSA nor an EC P-256 public key in PEM")]
    UnsupportedKey,
}

/// Verifies tokens with one configured key and algorithm.
#[derive(Clone)]
pub struct Verifier {
    key: DecodingKey,
    validation: Validation,
    key_id: Option<String>,
    max_lifetime_hours: u64,
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
        let (key, algorithm) = match (secret, &config.jwt_public_key_file) {
            (Some(_), Some(_)) => return Err(KeyError::Ambiguous),
            (None, None) => return Err(KeyError::NotConfigured),
            (Some(secret), None) => (
                DecodingKey::from_secret(secret.expose().as_bytes()),
                Algorithm::HS256,
            ),
            (None, Some(path)) => {
                let pem = std::fs::read(path)?;
                if let Ok(key) = DecodingKey::from_rsa_pem(&pem) {
                    (key, Algorithm::RS256)
                } else if let Ok(key) = DecodingKey::from_ec_pem(&pem) {
                    (key, Algorithm::ES256)
                } else {
                    return Err(KeyError::UnsupportedKey);
                }
            }
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
            key,
            validation,
            key_id: config.jwt_key_id.clone(),
            max_lifetime_hours: config.jwt_max_lifetime_hours,
        })
    }

    /// Checks the token's signature and claims.
    pub fn verify(&self, token: &str) -> Result<Claims, AuthError> {
        let header = jsonwebtoken::decode_header(token)?;
        if let (Some(expected), Some(given)) = (&self.key_id, &header.kid)
            && expected != given
        {
            return Err(AuthError::UnknownKey(given.clone()));
        }
        let data = jsonwebtoken::decode::<Claims>(token, &self.key, &self.validation)?;
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
