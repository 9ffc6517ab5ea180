//! The `kinmap` command line: `serve` (the default), `migrate`, `print-schema`, `token`,
//! `import`, `seed-demo`.

use std::time::Duration;

use anyhow::Context as _;
use clap::{Parser, Subcommand};
use migration::{Migrator, MigratorTrait};
use rand::RngCore;

use crate::{
    AppState,
    auth::{self, Claims},
    config::{Config, LogFormat, Secret},
    db::Db,
    demo,
    metrics::Metrics,
    schema, telemetry,
};

/// A GraphQL server for the family and supportive-adult networks of children in care.
#[derive(Debug, Parser)]
#[command(name = "kinmap", version, about)]
pub struct Cli {
    #[command(flatten)]
    pub config: Config,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the server (the default). Creates and migrates the database first.
    Serve {
        /// Load the demo organisation into an empty database, make a development secret
        /// when none is set, and print a token for the demo coordinator.
        #[arg(long)]
        demo: bool,
    },
    /// Apply, roll back or list migrations.
    Migrate {
        #[command(subcommand)]
        action: MigrateAction,
    },
    /// Configure the organisations whose tokens are accepted.
    Org {
        #[command(subcommand)]
        action: OrgAction,
    },
    /// Print the GraphQL schema as SDL.
    PrintSchema,
    /// Mint a token signed with the configured HS256 secret (for local use).
    Token {
        /// The user (`sub`).
        #[arg(long)]
        sub: String,
        /// The organisation's slug (`org`).
        #[arg(long)]
        org: String,
        /// A role; repeat for several.
        #[arg(long = "role", required = true)]
        roles: Vec<String>,
        /// Display name.
        #[arg(long)]
        name: Option<String>,
        /// Hours until the token expires.
        #[arg(long, default_value_t = 8)]
        hours: u64,
    },
    /// Bring a GEDCOM file (5.5.1 or 7.0), or a kinmap `people.csv` with its
    /// `relationships.csv`, into a child's network, as a practitioner who may change it.
    /// Prints the report as JSON; with `--dry-run` writes nothing.
    Import {
        /// The GEDCOM file, or `people.csv`.
        file: std::path::PathBuf,
        /// With a CSV import, `relationships.csv`.
        relationships: Option<std::path::PathBuf>,
        /// The organisation's slug.
        #[arg(long)]
        org: String,
        /// The child's case reference.
        #[arg(long)]
        child: String,
        /// The file's record of the child (`@I115@`); a kinmap CSV marks its own.
        #[arg(long)]
        child_record: Option<String>,
        /// The practitioner importing (their token's `sub`); the child must be one they
        /// may change.
        #[arg(long = "as")]
        subject: String,
        /// Plan and report, write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Load the demo organisation (fictional people) into an empty database, or with
    /// `--synthetic N` add one synthetic network of N people and print its child's id.
    SeedDemo {
        /// Size of a synthetic network to add (for benchmarks and load tests).
        #[arg(long)]
        synthetic: Option<usize>,
        /// Load the peers' benchmark data from the PostgreSQL database that
        /// `bench/peers/gen_data.sql` filled (a URL), one organisation `la<N>` per
        /// authority; prints each child's organisation, case reference, id and size.
        #[arg(long, conflicts_with = "synthetic")]
        peers: Option<String>,
        /// Organisation of the synthetic network.
        #[arg(long, default_value = demo::ORGANISATION)]
        org: String,
        /// The user assigned to the synthetic child.
        #[arg(long, default_value = demo::COORDINATOR)]
        subject: String,
    },
}

#[derive(Debug, Clone, Subcommand)]
pub enum OrgAction {
    /// Add an organisation (or rename one): tokens whose `org` is SLUG are then accepted.
    Add {
        /// What tokens name it in `org`: lower-case letters, digits and hyphens.
        slug: String,
        /// Its name, for people.
        name: String,
    },
    /// List the organisations configured.
    List,
}

#[derive(Debug, Clone, Copy, Subcommand)]
pub enum MigrateAction {
    /// Apply every pending migration.
    Up,
    /// Roll back the last migration.
    Down,
    /// List applied and pending migrations.
    Status,
}

/// Parses the command line and runs it.
pub async fn run() -> anyhow::Result<()> {
    let cli = Cli::parse();
    telemetry::init(&cli.config);
    match cli.command.unwrap_or(Command::Serve { demo: false }) {
        Command::Serve { demo } => serve(cli.config, demo).await,
        Command::Migrate { action } => migrate(&cli.config, action).await,
        Command::Org { action } => organisations(&cli.config, action).await,
        Command::PrintSchema => {
            print!("{}", schema::sdl());
            Ok(())
        }
        Command::Token {
            sub,
            org,
            roles,
            name,
            hours,
        } => {
            let secret = cli
                .config
                .jwt_secret
                .as_ref()
                .context("KINMAP_JWT_SECRET must be set to mint a token")?;
            anyhow::ensure!(
                hours <= cli.config.jwt_max_lifetime_hours,
                "a token may live at most {} hours (KINMAP_JWT_MAX_LIFETIME_HOURS)",
                cli.config.jwt_max_lifetime_hours
            );
            let known = auth::role_names();
            if let Some(unknown) = roles.iter().find(|role| !known.contains(role.as_str())) {
                anyhow::bail!("unknown role `{unknown}`; known roles: {known:?}");
            }
            let claims = token_claims(&cli.config, sub, org, roles, name, hours);
            println!("{}", auth::mint(secret, &claims)?);
            Ok(())
        }
        Command::Import {
            file,
            relationships,
            org,
            child,
            child_record,
            subject,
            dry_run,
        } => {
            let db = Db::connect(&cli.config, std::sync::Arc::new(Metrics::new())).await?;
            db.migrate().await?;
            let read = |path: &std::path::Path| -> anyhow::Result<Vec<u8>> {
                let size = std::fs::metadata(path)
                    .with_context(|| format!("cannot read {}", path.display()))?
                    .len();
                anyhow::ensure!(
                    size <= crate::imports::gedcom::MAX_FILE as u64,
                    "{} is larger than {} MB",
                    path.display(),
                    crate::imports::gedcom::MAX_FILE / 1024 / 1024
                );
                std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))
            };
            let is_csv = file
                .extension()
                .is_some_and(|extension| extension.eq_ignore_ascii_case("csv"));
            let contents = match (is_csv, &relationships) {
                (true, Some(second)) => crate::service::imports::ImportFile::Csv {
                    people: read(&file)?,
                    relationships: read(second)?,
                },
                (true, None) => {
                    anyhow::bail!("a CSV import needs relationships.csv after people.csv")
                }
                (false, None) => crate::service::imports::ImportFile::Gedcom(read(&file)?),
                (false, Some(_)) => {
                    anyhow::bail!("a GEDCOM file holds its relationships; give one file")
                }
            };
            let report = import(
                &db,
                &org,
                &subject,
                &child,
                contents,
                &file,
                child_record,
                dry_run,
            )
            .await
            .map_err(|error| anyhow::anyhow!("{} ({})", error, error.code()))?;
            println!("{}", serde_json::to_string_pretty(&report)?);
            Ok(())
        }
        Command::SeedDemo {
            synthetic,
            peers,
            org,
            subject,
        } => {
            let db = Db::connect(&cli.config, std::sync::Arc::new(Metrics::new())).await?;
            db.migrate().await?;
            if let Some(source) = peers {
                let loaded = demo::peers(&db, &source, &subject).await?;
                for child in &loaded.children {
                    println!(
                        "{}\t{}\t{}\t{}",
                        child.organisation, child.case_reference, child.id, child.members
                    );
                }
                eprintln!(
                    "loaded {} children, {} people, {} relationships ({} given another kind, \
                     {} left out as repeats)",
                    loaded.children.len(),
                    loaded.people,
                    loaded.relationships,
                    loaded.relabelled,
                    loaded.skipped
                );
            } else if let Some(size) = synthetic {
                anyhow::ensure!(
                    (1..=100_000).contains(&size),
                    "a synthetic network has 1 to 100,000 people"
                );
                println!("{}", demo::synthetic(&db, &org, &subject, size).await?);
            } else if demo::seed_if_empty(&db).await? {
                println!("loaded the demo organisation `{}`", demo::ORGANISATION);
            } else {
                println!("the database already holds data; nothing loaded");
                return Ok(());
            }
            db.analyse().await?;
            Ok(())
        }
    }
}

/// Imports as `subject` into the child with case reference `child`.
#[allow(clippy::too_many_arguments)]
async fn import(
    db: &Db,
    org: &str,
    subject: &str,
    child: &str,
    file: crate::service::imports::ImportFile,
    path: &std::path::Path,
    child_record: Option<String>,
    dry_run: bool,
) -> Result<crate::service::imports::Report, crate::error::ApiError> {
    use crate::service::{children, identity, imports};
    let viewer = identity::practitioner(&db.conn, org, subject).await?;
    let filter = children::ChildFilter {
        case_reference: Some(child.to_owned()),
        ..Default::default()
    };
    let found = children::page(&db.conn, &viewer, Some(filter), None, 1)
        .await?
        .into_iter()
        .next()
        .ok_or(crate::error::ApiError::NotFound("child"))?;
    imports::import(
        db,
        &viewer,
        imports::NewImport {
            child_id: found.id.into(),
            file,
            file_name: path
                .file_name()
                .map(|name| name.to_string_lossy().into_owned())
                .unwrap_or_default(),
            child_record,
            dry_run,
        },
    )
    .await
}

fn token_claims(
    config: &Config,
    sub: String,
    org: String,
    roles: Vec<String>,
    name: Option<String>,
    hours: u64,
) -> Claims {
    let now = jsonwebtoken::get_current_timestamp();
    Claims {
        sub,
        org,
        roles,
        name,
        exp: now + hours * 3600,
        nbf: None,
        iat: Some(now),
        iss: config.jwt_issuer.clone(),
        aud: config.jwt_audience.clone(),
    }
}

async fn organisations(config: &Config, action: OrgAction) -> anyhow::Result<()> {
    let db = Db::connect(config, std::sync::Arc::new(Metrics::new())).await?;
    db.migrate().await?;
    match action {
        OrgAction::Add { slug, name } => {
            crate::service::identity::configure_organisation(&db.conn, &slug, &name)
                .await
                .map_err(|error| anyhow::anyhow!("{error}"))?;
            println!("{slug}");
        }
        OrgAction::List => {
            use sea_orm::{EntityTrait, QueryOrder};
            let all = entity::organisation::Entity::find()
                .order_by_asc(entity::organisation::Column::Slug)
                .all(&db.conn)
                .await?;
            for organisation in all {
                println!("{}\t{}", organisation.slug, organisation.name);
            }
        }
    }
    Ok(())
}

async fn serve(mut config: Config, demo: bool) -> anyhow::Result<()> {
    if demo {
        config.open_organisations.get_or_insert(true);
    } else if config.jwt_secret.as_ref().is_some_and(Secret::is_sample) {
        anyhow::bail!(
            "KINMAP_JWT_SECRET is a published sample secret, with which anyone can sign a \
             token: set a secret of your own (or run `kinmap serve --demo` for local use)"
        );
    }
    let public_keys = config.jwt_public_key_file.is_some() || config.jwt_jwks_file.is_some();
    let secret = match (&config.jwt_secret, public_keys, demo) {
        (Some(secret), _, _) => Some(secret.clone()),
        (None, true, _) => None,
        (None, false, true) => {
            let mut bytes = [0u8; 32];
            rand::rng().fill_bytes(&mut bytes);
            let secret: String = bytes.iter().map(|byte| format!("{byte:02x}")).collect();
            telemetry::announce(
                &config,
                "KINMAP_JWT_SECRET is not set: generated a development secret for this run \
                 (tokens stop working when the server stops)",
            );
            Some(Secret::new(secret))
        }
        (None, false, false) => anyhow::bail!(
            "no JWT key configured: set KINMAP_JWT_SECRET (HS256), \
             KINMAP_JWT_PUBLIC_KEY_FILE (RS256/ES256) or KINMAP_JWT_JWKS_FILE (keys by kid), \
             or run `kinmap serve --demo`"
        ),
    };
    let mut state = AppState::new(&config, secret.as_ref()).await?;
    if demo {
        if demo::seed_if_empty(&state.db).await? {
            state.db.analyse().await?;
            telemetry::announce(
                &config,
                &format!(
                    "loaded the demo organisation `{}` (fictional people)",
                    demo::ORGANISATION
                ),
            );
        }
        if let Some(secret) = &secret {
            let hours = config.jwt_max_lifetime_hours.min(12);
            let claims = token_claims(
                &config,
                demo::COORDINATOR.into(),
                demo::ORGANISATION.into(),
                vec!["coordinator".into()],
                Some("Demo Coordinator".into()),
                hours,
            );
            let token = auth::mint(secret, &claims)?;
            // GraphiQL starts with it, so that a newcomer's first query just works.
            state.graphiql_headers = Some(
                serde_json::to_string_pretty(
                    &serde_json::json!({ "Authorization": format!("Bearer {token}") }),
                )
                .unwrap_or_default(),
            );
            telemetry::announce(
                &config,
                &match config.log_format {
                    LogFormat::Text => format!(
                        "\nlocal development token for the demo coordinator (valid {hours} hours):\n\n{token}\n"
                    ),
                    LogFormat::Json => format!(
                        "local development token for the demo coordinator (valid {hours} hours): {token}"
                    ),
                },
            );
        }
    }
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .with_context(|| format!("cannot listen on {}", config.listen))?;
    let address = listener.local_addr()?;
    telemetry::announce(
        &config,
        &format!("kinmap is listening: GraphiQL at http://{address}/graphql"),
    );
    tracing::info!(%address, "listening");
    if let Some(metrics_address) = config.metrics_listen {
        let metrics = tokio::net::TcpListener::bind(metrics_address)
            .await
            .with_context(|| format!("cannot listen on {metrics_address} for metrics"))?;
        let router = crate::http::metrics_router(state.clone());
        tokio::spawn(async move {
            if let Err(error) = axum::serve(metrics, router)
                .with_graceful_shutdown(shutdown_signal())
                .await
            {
                tracing::error!(%error, "the metrics listener stopped");
            }
        });
        tracing::info!(address = %metrics_address, "serving /metrics");
    }
    let sockets = state.sockets.clone();
    // Small writes (a subscription's events, short answers) go out at once rather than
    // wait for the client to acknowledge the one before (Nagle's algorithm).
    let listener = axum::serve::ListenerExt::tap_io(listener, |tcp| {
        if let Err(error) = tcp.set_nodelay(true) {
            tracing::debug!(%error, "could not set TCP_NODELAY");
        }
    });
    axum::serve(
        listener,
        crate::app(state).into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(async move {
        shutdown_signal().await;
        // Subscribers are told to go elsewhere (1001) rather than kept waiting.
        sockets.close_all();
    })
    .await?;
    tracing::info!("stopped");
    Ok(())
}

/// Resolves on Ctrl-C or SIGTERM; in-flight requests then finish before the process exits.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down; finishing requests in flight");
    // Give load balancers a moment to stop sending new requests.
    tokio::time::sleep(Duration::from_millis(100)).await;
}

async fn migrate(config: &Config, action: MigrateAction) -> anyhow::Result<()> {
    let db = Db::connect(config, std::sync::Arc::new(Metrics::new())).await?;
    match action {
        MigrateAction::Up => {
            Migrator::up(&db.conn, None).await?;
            println!("migrations applied");
        }
        MigrateAction::Down => {
            Migrator::down(&db.conn, Some(1)).await?;
            println!("rolled back one migration");
        }
        MigrateAction::Status => {
            for migration in Migrator::get_applied_migrations(&db.conn).await? {
                println!("applied  {}", migration.name());
            }
            for migration in Migrator::get_pending_migrations(&db.conn).await? {
                println!("pending  {}", migration.name());
            }
        }
    }
    Ok(())
}
