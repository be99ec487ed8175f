//! The `tali` command line: one binary for the server, migrations and seed data.

use clap::{Parser, Subcommand};
use sea_orm::DatabaseConnection;

use crate::app::{self, Application};
use crate::config::{Env, Settings};
use crate::db::entities::failed_job;
use crate::state::AppState;
use crate::{db, jobs, operations, seed, telemetry};

#[derive(Parser)]
#[command(
    name = "tali",
    version,
    about = "TALI: screen engineers by how they work with AI"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Migrate, seed the template tasks, then serve the API and the web app on PORT.
    Serve {
        /// Skip seeding the template task library on start.
        #[arg(long)]
        no_seed: bool,
    },
    /// Apply pending database migrations and exit.
    Migrate,
    /// Insert or update the template task library (idempotent).
    Seed,
    /// Run background job workers only (no HTTP), until SIGTERM or SIGINT.
    Worker,
    /// Write a consistent copy of the SQLite database to PATH while the server runs (PostgreSQL: pg_dump).
    Backup {
        /// A file that does not exist yet.
        path: std::path::PathBuf,
    },
    /// Replace the SQLite database with a backup (stop every tali process first; PostgreSQL: pg_restore).
    Restore {
        /// The backup file written by `tali backup`.
        path: std::path::PathBuf,
        /// Replace the database file that is there.
        #[arg(long)]
        force: bool,
    },
    /// Check the code sandbox.
    Sandbox {
        #[command(subcommand)]
        command: SandboxCommand,
    },
    /// Inspect background jobs.
    Jobs {
        #[command(subcommand)]
        command: JobsCommand,
    },
}

#[derive(Subcommand)]
enum SandboxCommand {
    /// Start one sandbox of the configured provider and check python, pytest and pyflakes in it.
    Check,
}

#[derive(Subcommand)]
enum JobsCommand {
    /// List the jobs that gave up after their last attempt, newest first.
    Failed {
        /// How many to list.
        #[arg(long, default_value_t = 50)]
        limit: u64,
    },
}

pub async fn run() -> anyhow::Result<()> {
    let cli = Cli::parse();
    // A local .env is a development convenience; real deployments set the environment.
    let _ = dotenvy::dotenv();
    let settings = Settings::from_env(&Env::from_process())
        .map_err(|e| anyhow::anyhow!("configuration error: {e}"))?;
    let reporting = telemetry::init_error_reporting(&settings);
    telemetry::init_logging(
        settings.server.log_format,
        &settings.server.log_filter,
        reporting.is_some(),
    );
    match cli.command {
        Command::Serve { no_seed } => serve(settings, !no_seed).await,
        Command::Migrate => {
            migrated_database(&settings).await?;
            tracing::info!("migrations applied");
            Ok(())
        }
        Command::Seed => {
            let db = migrated_database(&settings).await?;
            let (created, updated) = seed::run(&db).await?;
            tracing::info!(created, updated, "template tasks seeded");
            Ok(())
        }
        Command::Worker => worker(settings).await,
        Command::Backup { path } => {
            // No migration first: a backup copies the database as it is.
            let db =
                db::connect(settings.database.url.as_str(), settings.database.pool_size).await?;
            operations::backup::backup(&db, &path).await?;
            println!("backed up to {}", path.display());
            Ok(())
        }
        Command::Restore { path, force } => {
            operations::backup::restore(&path, &settings.database.url, force).await?;
            println!(
                "restored {}; the next start applies any newer migrations",
                path.display()
            );
            Ok(())
        }
        Command::Sandbox {
            command: SandboxCommand::Check,
        } => sandbox_check(settings).await,
        Command::Jobs {
            command: JobsCommand::Failed { limit },
        } => {
            let db = migrated_database(&settings).await?;
            print_failed_jobs(&jobs::failures::list(&db, limit).await?);
            Ok(())
        }
    }
}

async fn migrated_database(settings: &Settings) -> anyhow::Result<DatabaseConnection> {
    let db = db::connect(settings.database.url.as_str(), settings.database.pool_size).await?;
    db::migrate(&db).await?;
    Ok(db)
}

async fn worker(settings: Settings) -> anyhow::Result<()> {
    tracing::info!(settings = ?settings, "starting workers");
    let metrics_port = settings.jobs.worker_metrics_port;
    let state = AppState::new(settings).await?;
    let metrics = match metrics_port {
        Some(port) => Some(serve_worker_metrics(state.clone(), port).await?),
        None => None,
    };
    let upkeep = telemetry::spawn_upkeep();
    let relay = tokio::spawn(jobs::relay::run(state.clone()));
    // Jobs change assessments (auto-submit, expiry): the servers' list totals hear of it through Redis.
    let cluster = state.spawn_cluster_relay();
    jobs::run_workers(state, app::shutdown_signal()).await;
    relay.abort();
    for task in [Some(upkeep), cluster, metrics].into_iter().flatten() {
        task.abort();
    }
    Ok(())
}

/// Binds before the workers start, so a port in use fails the start instead of going unnoticed.
async fn serve_worker_metrics(
    state: AppState,
    port: u16,
) -> anyhow::Result<tokio::task::JoinHandle<()>> {
    let address = std::net::SocketAddr::new(state.settings.server.host, port);
    let listener = tokio::net::TcpListener::bind(address)
        .await
        .map_err(|e| anyhow::anyhow!("WORKER_METRICS_PORT {port}: {e}"))?;
    tracing::info!(%address, "worker metrics on /metrics");
    let router = app::worker_router(state);
    Ok(tokio::spawn(async move {
        if let Err(err) = axum::serve(listener, router).await {
            tracing::error!(error = %err, "the worker's metrics listener stopped");
        }
    }))
}

async fn sandbox_check(settings: Settings) -> anyhow::Result<()> {
    let service = tali_sandbox::SandboxService::new(settings.sandbox)
        .await
        .map_err(|e| anyhow::anyhow!("sandbox check failed: {e}"))?;
    let found = service
        .preflight()
        .await
        .map_err(|e| anyhow::anyhow!("sandbox check failed: {e}"))?;
    let versions: Vec<String> = found
        .versions
        .iter()
        .map(|(name, version)| format!("{name} {version}"))
        .collect();
    println!("sandbox ok ({}): {}", found.provider, versions.join(", "));
    Ok(())
}

fn print_failed_jobs(failed: &[failed_job::Model]) {
    if failed.is_empty() {
        println!("no failed jobs");
        return;
    }
    for job in failed {
        println!(
            "{}  {}  {}  attempts={}  payload={}\n    {}",
            job.failed_at.format("%Y-%m-%d %H:%M:%S UTC"),
            job.job_id,
            job.name,
            job.attempts,
            job.payload,
            job.error
        );
    }
}

async fn serve(settings: Settings, seed_on_start: bool) -> anyhow::Result<()> {
    tracing::info!(settings = ?settings, "starting");
    let application = Application::build(settings).await?;
    if seed_on_start {
        let (created, updated) = seed::run(&application.state().db).await?;
        tracing::info!(created, updated, "template tasks seeded");
    }
    tracing::info!(port = application.port(), "listening");
    application.run_until(app::shutdown_signal()).await
}
