//! Authentication: every way a token can be wrong is refused with 401, and nothing runs.

use api::auth::Claims;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::json;
use tests::{TestApp, each_database, each_database_with, fixture};

use crate::support::{ORG, coordinator};

const ME: &str = "{ me { user { subject } organisation roles } }";

async fn assert_refused(app: &TestApp, token: &str) {
    let answer = app.gql(token, ME, json!({})).await;
    assert_eq!(
        answer.status, 401,
        "token should be refused: {}",
        answer.body
    );
    answer.error("UNAUTHENTICATED");
}

fn now() -> u64 {
    jsonwebtoken::get_current_timestamp()
}

fn unsigned(alg: &str) -> String {
    use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
    let encode = |text: &str| URL_SAFE_NO_PAD.encode(text);
    let header = encode(&json!({ "alg": alg, "typ": "JWT" }).to_string());
    let claims = encode(
        &json!({ "sub": "mallory", "org": ORG, "roles": ["admin"], "exp": now() + 600 })
            .to_string(),
    );
    format!("{header}.{claims}.")
}

#[tokio::test]
async fn requests_without_a_valid_token_are_refused_and_run_nothing() {
    each_database(|app| async move {
        let no_header = app
            .http()
            .post(app.url("/graphql"))
            .json(&json!({ "query": ME }))
            .send()
            .await
            .unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(no_header.status(), 401);
        assert_eq!(
            no_header
                .headers()
                .get("www-authenticate")
                .map(|v| v.as_bytes()),
            Some(&b"Bearer"[..])
        );
        assert_refused(&app, "not-a-token").await;
        let forged = jsonwebtoken::encode(
            &Header::new(Algorithm::HS256),
            &TestApp::claims(ORG, "mallory", &["admin"]),
            &EncodingKey::from_secret(b"some-other-secret-entirely"),
        )
        .unwrap_or_default();
        assert_refused(&app, &forged).await;
        assert_refused(&app, &unsigned("none")).await;
        assert_refused(&app, &unsigned("NoNe")).await;
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_event").await, 0);
        assert_eq!(app.count("SELECT COUNT(*) FROM app_user").await, 0);
    })
    .await;
}

#[tokio::test]
async fn expired_early_and_malformed_claims_are_refused() {
    each_database(|app| async move {
        let base = json!({ "sub": "alice", "org": ORG, "roles": ["coordinator"] });
        let with = |extra: serde_json::Value| {
            let mut claims = base.clone();
            if let (Some(claims), Some(extra)) = (claims.as_object_mut(), extra.as_object()) {
                claims.extend(extra.clone());
            }
            TestApp::sign(&claims)
        };
        assert_refused(&app, &with(json!({ "exp": now() - 120 }))).await;
        assert_refused(
            &app,
            &with(json!({ "exp": now() + 600, "nbf": now() + 3600 })),
        )
        .await;
        assert_refused(&app, &with(json!({ "exp": (now() + 600).to_string() }))).await;
        assert_refused(&app, &with(json!({}))).await;
        assert_refused(
            &app,
            &TestApp::sign(&json!({ "org": ORG, "exp": now() + 600 })),
        )
        .await;
        // Within the 30-second leeway is still fine.
        let answer = app
            .gql(&with(json!({ "exp": now() - 10 })), ME, json!({}))
            .await;
        answer.ok();
    })
    .await;
}

#[tokio::test]
async fn a_token_in_the_url_is_refused_even_with_a_header() {
    each_database(|app| async move {
        let token = coordinator(&app);
        let response = app
            .http()
            .post(app.url(&format!("/graphql?access_token={token}")))
            .bearer_auth(&token)
            .json(&json!({ "query": ME }))
            .send()
            .await
            .unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(response.status(), 401);
    })
    .await;
}

#[tokio::test]
async fn audience_and_issuer_are_required_when_configured() {
    each_database_with(
        |config| {
            config.jwt_audience = Some("kinmap".into());
            config.jwt_issuer = Some("https://idp.example".into());
        },
        |app| async move {
            let mut claims = TestApp::claims(ORG, "alice", &["coordinator"]);
            let sign = |claims: &Claims| {
                api::auth::mint(&api::config::Secret::new(tests::TEST_SECRET), claims)
                    .unwrap_or_default()
            };
            assert_refused(&app, &sign(&claims)).await;
            claims.iss = Some("https://idp.example".into());
            assert_refused(&app, &sign(&claims)).await;
            claims.aud = Some("other-api".into());
            assert_refused(&app, &sign(&claims)).await;
            claims.aud = Some("kinmap".into());
            claims.iss = Some("https://evil.example".into());
            assert_refused(&app, &sign(&claims)).await;
            claims.iss = Some("https://idp.example".into());
            app.gql(&sign(&claims), ME, json!({})).await.ok();
        },
    )
    .await;
}

#[tokio::test]
async fn public_key_tokens_verify_and_forgeries_with_the_public_key_fail() {
    for (public, private, algorithm) in [
        (
            "test-only-rsa-public.pem",
            "test-only-rsa-private.pem",
            Algorithm::RS256,
        ),
        (
            "test-only-ec-public.pem",
            "test-only-ec-private.pem",
            Algorithm::ES256,
        ),
    ] {
        each_database_with(
            |config| {
                config.jwt_secret = None;
                config.jwt_public_key_file = Some(fixture(public));
            },
            |app| async move {
                let claims = TestApp::claims(ORG, "alice", &["coordinator"]);
                let pem = std::fs::read(fixture(private)).unwrap_or_default();
                let key = match algorithm {
                    Algorithm::RS256 => EncodingKey::from_rsa_pem(&pem),
                    _ => EncodingKey::from_ec_pem(&pem),
                }
                .unwrap_or_else(|error| panic!("{error}"));
                let good = jsonwebtoken::encode(&Header::new(algorithm), &claims, &key)
                    .unwrap_or_default();
                app.gql(&good, ME, json!({})).await.ok();
                // The classic confusion attack: HS256 keyed with the public key's text.
                let public_pem = std::fs::read(fixture(public)).unwrap_or_default();
                let forged = jsonwebtoken::encode(
                    &Header::new(Algorithm::HS256),
                    &claims,
                    &EncodingKey::from_secret(&public_pem),
                )
                .unwrap_or_default();
                assert_refused(&app, &forged).await;
                assert_refused(&app, &app.token(ORG, "alice", &["coordinator"])).await;
            },
        )
        .await;
    }
}

#[tokio::test]
async fn a_token_naming_another_key_is_refused() {
    each_database_with(
        |config| config.jwt_key_id = Some("kinmap-2026".into()),
        |app| async move {
            let claims = TestApp::claims(ORG, "alice", &["coordinator"]);
            let sign = |kid: &str| {
                let mut header = Header::new(Algorithm::HS256);
                header.kid = Some(kid.into());
                jsonwebtoken::encode(
                    &header,
                    &claims,
                    &EncodingKey::from_secret(tests::TEST_SECRET.as_bytes()),
                )
                .unwrap_or_default()
            };
            assert_refused(&app, &sign("' OR 1=1--")).await;
            assert_refused(&app, &sign("../../etc/passwd")).await;
            app.gql(&sign("kinmap-2026"), ME, json!({})).await.ok();
        },
    )
    .await;
}

#[tokio::test]
async fn me_names_the_user_their_organisation_and_known_roles() {
    each_database(|app| async move {
        let token = app.token(ORG, "alice", &["coordinator", "some-other-system-role"]);
        let answer = app.gql(&token, ME, json!({})).await;
        assert_eq!(
            answer.ok()["me"],
            json!({ "user": { "subject": "alice" }, "organisation": ORG, "roles": ["coordinator"] })
        );
    })
    .await;
}

#[tokio::test]
async fn a_token_living_longer_than_allowed_is_refused() {
    each_database_with(
        |config| config.jwt_max_lifetime_hours = 2,
        |app| async move {
            let claims = |iat: Option<u64>, exp: u64| {
                let mut claims =
                    json!({ "sub": "alice", "org": ORG, "roles": ["coordinator"], "exp": exp });
                if let Some(iat) = iat {
                    claims["iat"] = json!(iat);
                }
                TestApp::sign(&claims)
            };
            assert_refused(&app, &claims(Some(now()), now() + 3 * 3600)).await;
            assert_refused(&app, &claims(None, now() + 3 * 3600)).await;
            // Issued long ago, still unexpired: it claims a lifetime of days.
            assert_refused(&app, &claims(Some(now() - 86_400), now() + 600)).await;
            app.gql(&claims(Some(now()), now() + 2 * 3600), ME, json!({}))
                .await
                .ok();
        },
    )
    .await;
}

#[tokio::test]
async fn a_token_naming_an_organisation_not_configured_is_refused() {
    each_database_with(
        |config| config.open_organisations = Some(false),
        |app| async move {
            let token = app.token("unknown-council", "alice", &["admin"]);
            assert_refused(&app, &token).await;
            assert_eq!(app.count("SELECT COUNT(*) FROM organisation").await, 0);
            assert_eq!(app.count("SELECT COUNT(*) FROM app_user").await, 0);
            api::service::identity::configure_organisation(
                app.db(),
                "unknown-council",
                "Unknown Council",
            )
            .await
            .unwrap_or_else(|error| panic!("{error}"));
            let answer = app.gql(&token, ME, json!({})).await;
            assert_eq!(answer.ok()["me"]["organisation"], "unknown-council");
        },
    )
    .await;
}

#[tokio::test]
async fn metrics_need_a_token_of_an_operator() {
    each_database(|app| async move {
        let status = |token: Option<String>| {
            let app = &app;
            async move {
                let mut request = app.http().get(app.url("/metrics"));
                if let Some(token) = token {
                    request = request.bearer_auth(token);
                }
                request
                    .send()
                    .await
                    .map(|response| response.status().as_u16())
                    .unwrap_or(0)
            }
        };
        assert_eq!(status(None).await, 401);
        assert_eq!(status(Some(coordinator(&app))).await, 401);
        assert_eq!(status(Some(app.token(ORG, "ops", &["admin"]))).await, 200);
        assert_eq!(
            status(Some(app.token(ORG, "scraper", &["service"]))).await,
            200
        );
    })
    .await;
}

/// Replaces the file at `path` with the fixture `name`, whole, as a deployment replaces it.
fn replace_with(path: &std::path::Path, name: &str) {
    let staged = path.with_extension("new");
    std::fs::copy(fixture(name), &staged).unwrap_or_else(|error| panic!("{error}"));
    std::fs::rename(&staged, path).unwrap_or_else(|error| panic!("{error}"));
}

#[tokio::test]
async fn a_key_rotated_in_the_jwks_file_is_used_without_a_restart() {
    let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let jwks = dir.path().join("jwks.json");
    let configured = jwks.clone();
    each_database_with(
        move |config| {
            // Each server starts with the RSA key alone.
            replace_with(&configured, "test-only-jwks-rsa.json");
            config.jwt_secret = None;
            config.jwt_jwks_file = Some(configured.clone());
        },
        |app| {
            let jwks = jwks.clone();
            async move {
                let claims = TestApp::claims(ORG, "alice", &["coordinator"]);
                let sign =
                    |kid: Option<&str>, algorithm: Algorithm, private: &str, jku: Option<&str>| {
                        let pem = std::fs::read(fixture(private)).unwrap_or_default();
                        let key = match private.contains("rsa") {
                            true => EncodingKey::from_rsa_pem(&pem),
                            false => EncodingKey::from_ec_pem(&pem),
                        }
                        .unwrap_or_else(|error| panic!("{error}"));
                        let mut header = Header::new(algorithm);
                        header.kid = kid.map(str::to_owned);
                        header.jku = jku.map(str::to_owned);
                        jsonwebtoken::encode(&header, &claims, &key).unwrap_or_default()
                    };
                const RSA: &str = "test-only-rsa-private.pem";
                const EC: &str = "test-only-ec-private.pem";
                let rsa = sign(Some("test-rsa-1"), Algorithm::RS256, RSA, None);
                let ec = sign(Some("test-ec-1"), Algorithm::ES256, EC, None);
                app.gql(&rsa, ME, json!({})).await.ok();
                assert_refused(&app, &ec).await;
                // A kid the file does not hold, or none: refused.
                assert_refused(&app, &sign(Some("test-rsa-2"), Algorithm::RS256, RSA, None)).await;
                assert_refused(&app, &sign(None, Algorithm::RS256, RSA, None)).await;
                // A place to fetch keys from is never followed: its kid is still unknown.
                let fetched = sign(
                    Some("test-ec-1"),
                    Algorithm::ES256,
                    EC,
                    Some("https://evil.example/jwks.json"),
                );
                assert_refused(&app, &fetched).await;

                // Rotate: the EC key replaces the RSA key; the running server follows.
                tokio::time::sleep(std::time::Duration::from_millis(1_100)).await;
                replace_with(&jwks, "test-only-jwks-ec.json");
                let mut followed = false;
                for _ in 0..30 {
                    if app.gql(&ec, ME, json!({})).await.status == 200 {
                        followed = true;
                        break;
                    }
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                }
                assert!(followed, "the server never took up the rotated key");
                assert_refused(&app, &rsa).await;
                // The key's algorithm, not the token's: the EC key's kid on an RS256 token fails.
                assert_refused(&app, &sign(Some("test-ec-1"), Algorithm::RS256, RSA, None)).await;
                // A broken file leaves the keys in force.
                tokio::time::sleep(std::time::Duration::from_millis(1_100)).await;
                std::fs::write(&jwks, "{ not json").unwrap_or_else(|error| panic!("{error}"));
                tokio::time::sleep(std::time::Duration::from_millis(1_100)).await;
                app.gql(&ec, ME, json!({})).await.ok();
            }
        },
    )
    .await;
}
