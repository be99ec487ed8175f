use std::str::FromStr;
use std::time::Duration;

use apalis::prelude::{TaskBuilder, TaskSink};
use apalis_core::backend::{Metrics, Vacuum};
use apalis_postgres::PostgresStorage;
use apalis_redis::{ConnectionManager, RedisStorage};
use apalis_sqlite::{SqliteConnectOptions, SqlitePoolOptions, SqliteStorage};
use chrono::Utc;
use sea_orm::DatabaseConnection;
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};

use super::{Job, JobError};
use crate::config::{JobSettings, JobStore};
use crate::db;

/// Redis forgets an idempotency key after this long; every key we use is pushed within seconds of its event.
/// Heartbeats a worker may miss before its running jobs are handed to another worker.
const MISSED_HEARTBEATS: usize = 2;
const IDEMPOTENCY_TTL: Duration = Duration::from_secs(7 * 24 * 3600);

/// The states every storage counts, with the statistic's title in apalis' overview.
const QUEUE_STATES: [(&str, &str); 4] = [
    ("pending", "PENDING_JOBS"),
    ("running", "RUNNING_JOBS"),
    ("failed", "FAILED_JOBS"),
    ("done", "DONE_JOBS"),
];

/// Where jobs are pushed and from where workers take them. Cheap to clone: the storages share their pools.
#[derive(Clone)]
pub struct JobQueue {
    storage: Storage,
    max_attempts: usize,
}

#[derive(Clone)]
pub(super) enum Storage {
    Redis(RedisStorage<Job>),
    Postgres(PostgresStorage<Job>),
    Sqlite(SqliteStorage<Job>),
}

fn storage_error(err: impl std::fmt::Display) -> JobError {
    JobError::Storage(err.to_string())
}

impl JobQueue {
    /// Opens the configured storage and creates its tables, so workers can start.
    pub async fn connect(
        settings: &JobSettings,
        db: &DatabaseConnection,
    ) -> Result<Self, JobError> {
        let storage = match &settings.store {
            JobStore::Redis(url) => {
                // Connected on first use, so the server starts (and `/health` reports it) while Redis is down.
                let client = apalis_redis::Client::open(url.as_str()).map_err(storage_error)?;
                let connection =
                    ConnectionManager::new_lazy_with_config(client, Default::default())
                        .map_err(storage_error)?;
                let config = apalis_redis::Config::default()
                    .queue(&settings.queue)
                    .idempotency_ttl(Some(IDEMPOTENCY_TTL));
                Storage::Redis(RedisStorage::new(connection).with_config(config))
            }
            JobStore::Postgres => {
                let pool = db.get_postgres_connection_pool();
                PostgresStorage::setup(pool).await.map_err(storage_error)?;
                let config = apalis_postgres::Config::default()
                    .queue(&settings.queue)
                    .heartbeat_interval(settings.heartbeat)
                    .missed_heartbeats(MISSED_HEARTBEATS);
                Storage::Postgres(PostgresStorage::new(pool).with_config(config))
            }
            JobStore::Sqlite(url) => {
                let options = db::bounded_sqlite_memory(
                    SqliteConnectOptions::from_str(url).map_err(storage_error)?,
                )
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                // WAL with NORMAL syncs at checkpoints, not at every commit. With SQLite's default (FULL) each
                // commit (every poll that claims a job, lock, ack, heartbeat and push) waited for an fsync while
                // it held the file's one write lock; under a busy disk (the soak beside a build) those fsyncs
                // took long enough that the writers queued behind them past busy_timeout ("database is
                // locked"). A commit is still safe from a crash of the process; a power cut may lose the last
                // ones, which the outbox relay and the sweeps push again. The app's file is set the same way.
                .synchronous(SqliteSynchronous::Normal)
                .busy_timeout(Duration::from_secs(5));
                // A few connections, like the app's pool: the writes (polls, pushes, acks, heartbeats) are short and
                // wait for each other through busy_timeout, while a single connection would make every one of
                // them, the worker's included, queue behind whichever holds it.
                let pool = SqlitePoolOptions::new()
                    .max_connections(4)
                    .connect_with(options)
                    .await
                    .map_err(storage_error)?;
                SqliteStorage::setup(&pool).await.map_err(storage_error)?;
                let config = apalis_sqlite::Config::default()
                    .queue(&settings.queue)
                    .heartbeat_interval(settings.heartbeat)
                    .missed_heartbeats(MISSED_HEARTBEATS);
                Storage::Sqlite(SqliteStorage::new(&pool).with_config(config))
            }
        };
        Ok(Self {
            storage,
            max_attempts: settings.max_attempts as usize,
        })
    }

    /// Stores `job` for a worker. A second push with the same key is dropped by the storage, so producers that
    /// race (two servers relaying the same email) still create one job.
    pub async fn push(&self, job: Job, idempotency_key: &str) -> Result<(), JobError> {
        let task = TaskBuilder::new(job)
            .idempotency_key(idempotency_key)
            .max_attempts(self.max_attempts)
            .build();
        match self.storage.clone() {
            Storage::Redis(mut s) => s.push_task(task).await.map_err(storage_error),
            Storage::Postgres(mut s) => s.push_task(task).await.map_err(storage_error),
            Storage::Sqlite(mut s) => s.push_task(task).await.map_err(storage_error),
        }
    }

    /// Deletes the records of jobs that finished (done, killed, or failed for good) more than `age` ago, so the
    /// storage does not grow by every periodic sweep forever; failures stay on record in `failed_jobs`.
    pub async fn prune_finished(&self, age: Duration) -> Result<usize, JobError> {
        let cutoff = Utc::now() - age;
        let deleted = match self.storage.clone() {
            Storage::Redis(mut s) => return s.vacuum_before(age).await.map_err(storage_error),
            // The SQL storages get our own query: apalis-postgres has no vacuum, and apalis-sqlite's compares its
            // integer `run_at` with a date string, which deletes every finished job whatever its age.
            Storage::Postgres(s) => sea_orm::sqlx::query(
                "DELETE FROM apalis.jobs WHERE (status IN ('Done', 'Killed') \
                 OR (status = 'Failed' AND attempts >= max_attempts)) AND run_at < $1",
            )
            .bind(cutoff)
            .execute(s.pool())
            .await
            .map(|done| done.rows_affected()),
            Storage::Sqlite(s) => sea_orm::sqlx::query(
                "DELETE FROM Jobs WHERE (status IN ('Done', 'Killed') \
                 OR (status = 'Failed' AND attempts >= max_attempts)) AND run_at < ?1",
            )
            .bind(cutoff.timestamp())
            .execute(s.pool())
            .await
            .map(|done| done.rows_affected()),
        };
        deleted.map(|n| n as usize).map_err(storage_error)
    }

    /// How many of this queue's jobs are in each state right now, read from the storage itself, so every
    /// replica and worker reports the same shared backlog: `(state, count)` for pending, running, failed, done.
    pub async fn depth(&self) -> Result<Vec<(&'static str, f64)>, JobError> {
        let stats = match &self.storage {
            Storage::Redis(s) => return redis_depth(s.clone()).await.map_err(storage_error),
            Storage::Postgres(s) => s.fetch_by_queue().await.map_err(storage_error)?,
            Storage::Sqlite(s) => s.fetch_by_queue().await.map_err(storage_error)?,
        };
        let count = |title: &str| {
            stats
                .iter()
                .find(|stat| stat.title == title)
                .and_then(|stat| stat.value.parse::<f64>().ok())
                .unwrap_or(0.0)
        };
        Ok(QUEUE_STATES
            .iter()
            .map(|&(state, title)| (state, count(title)))
            .collect())
    }

    pub(super) fn storage(&self) -> &Storage {
        &self.storage
    }
}

/// apalis-redis's own overview counts its done and dead sets with ZCARD, but they are plain sets (WRONGTYPE), so
/// the Redis depth is read from the storage's keys directly: the active list and the retry schedule are pending,
/// each registered worker's in-flight set is running, the dead set failed for good.
async fn redis_depth(
    mut storage: RedisStorage<Job>,
) -> Result<Vec<(&'static str, f64)>, redis::RedisError> {
    let config = storage.get_config().clone();
    let connection = storage.get_connection();
    let (active, scheduled, dead, done, workers): (u64, u64, u64, u64, Vec<String>) = redis::pipe()
        .llen(config.active_jobs_list())
        .zcard(config.scheduled_jobs_set())
        .scard(config.dead_jobs_set())
        .scard(config.done_jobs_set())
        .zrange(config.workers_set(), 0, -1)
        .query_async(connection)
        .await?;
    let mut in_flight = redis::pipe();
    for worker in &workers {
        in_flight.scard(format!("{}:{worker}", config.inflight_jobs_set()));
    }
    let running: Vec<u64> = in_flight.query_async(connection).await?;
    let as_count = |n: u64| n as f64;
    Ok(vec![
        ("pending", as_count(active + scheduled)),
        ("running", as_count(running.iter().sum())),
        ("failed", as_count(dead)),
        ("done", as_count(done)),
    ])
}

#[async_trait::async_trait]
impl crate::session::judges::JudgingQueue for JobQueue {
    async fn queue_judging(&self, assessment_id: i32, key: &str) -> Result<(), String> {
        self.push(Job::RunJudges { assessment_id }, key)
            .await
            .map_err(|e| e.to_string())
    }

    async fn queue_understanding_grading(
        &self,
        assessment_id: i32,
        key: &str,
    ) -> Result<(), String> {
        self.push(Job::GradeUnderstanding { assessment_id }, key)
            .await
            .map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every connection of the jobs' SQLite pool commits without an fsync per commit (WAL with NORMAL): with the
    /// default (FULL), commits held the write lock through their fsync and, on a busy disk, the others waited
    /// past busy_timeout.
    #[tokio::test]
    async fn the_sqlite_job_store_does_not_sync_every_commit() {
        let path = std::env::temp_dir().join(format!("tali-jobs-{}.db", uuid::Uuid::new_v4()));
        let settings = JobSettings {
            store: JobStore::Sqlite(format!("sqlite://{}?mode=rwc", path.display())),
            queue: "tali-test".into(),
            run_worker: false,
            concurrency: 1,
            max_attempts: 3,
            retry_delay: Duration::from_millis(100),
            worker_metrics_port: None,
            sweep_every: Duration::from_secs(30),
            heartbeat: Duration::from_secs(30),
        };
        let app_db = sea_orm::Database::connect("sqlite::memory:").await.unwrap();
        let queue = JobQueue::connect(&settings, &app_db).await.unwrap();
        let Storage::Sqlite(storage) = queue.storage() else {
            panic!("a SQLite store");
        };
        // Held at once, so each is a different connection of the pool.
        let mut held = Vec::new();
        for _ in 0..4 {
            let mut connection = storage.pool().acquire().await.unwrap();
            let (synchronous,): (i64,) = sea_orm::sqlx::query_as("PRAGMA synchronous")
                .fetch_one(&mut *connection)
                .await
                .unwrap();
            let (journal,): (String,) = sea_orm::sqlx::query_as("PRAGMA journal_mode")
                .fetch_one(&mut *connection)
                .await
                .unwrap();
            let (heap_limit,): (i64,) = sea_orm::sqlx::query_as("PRAGMA soft_heap_limit")
                .fetch_one(&mut *connection)
                .await
                .unwrap();
            // 0 is OFF (apalis' setup sets it on the connection it ran on), 1 NORMAL, 2 FULL.
            assert!(synchronous <= 1, "synchronous = {synchronous}");
            assert_eq!(heap_limit as u64, db::SQLITE_SOFT_HEAP_LIMIT_BYTES);
            assert_eq!(journal, "wal");
            held.push(connection);
        }
        drop(held);
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
    }
}
