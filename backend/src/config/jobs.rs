//! Background jobs: where they are stored, and how they run and retry.

use std::time::Duration;

use super::database::{ConnectionUrl, RedisSettings, normalize_database_url};
use super::env::Env;
use super::{ConfigError, invalid};

/// Where background jobs are stored: Redis when `REDIS_URL` is set, else beside the app's database.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JobStore {
    Redis(ConnectionUrl),
    /// The app's own PostgreSQL database (its connection pool is shared).
    Postgres,
    /// A SQLite file of its own (`JOBS_DATABASE_URL`): SQLite has one writer, so job polling stays off the app's file.
    Sqlite(String),
}

/// How background jobs run and retry.
#[derive(Clone, Debug)]
pub struct JobSettings {
    pub store: JobStore,
    /// Namespaces the queue, so several deployments (or test runs) can share one Redis.
    pub queue: String,
    /// Whether `tali serve` runs a worker in its own process (`TALI_WORKER`).
    pub run_worker: bool,
    pub concurrency: usize,
    /// Attempts in total, the first included, before a job is recorded in `failed_jobs`.
    pub max_attempts: u32,
    /// Wait before the first retry; doubled for each further one.
    pub retry_delay: Duration,
    /// Where `tali worker` serves its own `/metrics` and `/health/live` (`WORKER_METRICS_PORT`); unset, none.
    pub worker_metrics_port: Option<u16>,
    /// How often the auto-submit sweep (which also finishes lost submits) is enqueued.
    pub sweep_every: Duration,
    /// A worker's heartbeat to the job storage; the jobs of a worker silent for two of them (killed mid-job) go
    /// back to the queue for another worker.
    pub heartbeat: Duration,
}

pub(super) fn settings(
    env: &Env,
    redis: Option<&RedisSettings>,
    database_url: &ConnectionUrl,
) -> Result<JobSettings, ConfigError> {
    let sqlite_url = match env.get("JOBS_DATABASE_URL") {
        Some(url) if url.starts_with("sqlite:") => normalize_database_url(&url)?,
        Some(_) => {
            return Err(invalid(
                "JOBS_DATABASE_URL",
                "must be a sqlite: URL (jobs use Redis with REDIS_URL, or PostgreSQL with a postgres DATABASE_URL)",
            ));
        }
        None => sibling_jobs_database(database_url.as_str()),
    };
    let store = match redis {
        Some(redis) => JobStore::Redis(redis.url.clone()),
        None if database_url.as_str().starts_with("postgres") => JobStore::Postgres,
        None => JobStore::Sqlite(sqlite_url),
    };
    let run_worker = env.choice("TALI_WORKER", true, &[("on", true), ("off", false)])?;
    let queue = env.get("JOBS_QUEUE").unwrap_or_else(|| "tali".into());
    if !queue
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
    {
        return Err(invalid(
            "JOBS_QUEUE",
            "may hold only letters, digits and - _ : .",
        ));
    }
    Ok(JobSettings {
        store,
        queue,
        run_worker,
        concurrency: env.bounded("TALI_WORKER_CONCURRENCY", 4, 256)? as usize,
        // Redis re-queues failed jobs on its own below 25 attempts; our limit must stay under it.
        max_attempts: env.bounded("JOBS_MAX_ATTEMPTS", 5, 20)? as u32,
        retry_delay: Duration::from_millis(env.bounded(
            "JOBS_RETRY_DELAY_MS",
            10_000,
            3_600_000,
        )?),
        worker_metrics_port: match env.get("WORKER_METRICS_PORT") {
            Some(_) => Some(env.bounded("WORKER_METRICS_PORT", 1, u64::from(u16::MAX))? as u16),
            None => None,
        },
        sweep_every: env.seconds("JOBS_SWEEP_EVERY_SECONDS", Duration::from_secs(30), 3600)?,
        heartbeat: env.seconds("JOBS_HEARTBEAT_SECONDS", Duration::from_secs(30), 600)?,
    })
}

/// `sqlite://data/tali.db?mode=rwc` keeps its jobs in `sqlite://data/tali-jobs.db?mode=rwc`.
fn sibling_jobs_database(database_url: &str) -> String {
    let (path, query) = database_url
        .split_once('?')
        .map_or((database_url, None), |(p, q)| (p, Some(q)));
    if path.contains(":memory:") {
        return database_url.to_string();
    }
    let stem = path.strip_suffix(".db").unwrap_or(path);
    match query {
        Some(q) => format!("{stem}-jobs.db?{q}"),
        None => format!("{stem}-jobs.db"),
    }
}
