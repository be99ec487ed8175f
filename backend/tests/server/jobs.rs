//! Background jobs end to end: email delivery through each job storage (Redis, and the app database: SQLite or,
//! with `TALI_TEST_DATABASE=postgres`, PostgreSQL), retries, failures on record, and durability across restarts
//! and processes.

use std::time::Duration;

use crate::common::TestApp;
use sea_orm::{EntityTrait, sea_query::Expr};
use tali::db::entities::{email_outbox, failed_job};
use tali_mail::mock::{ResendMock, ScriptedFailure};

#[derive(Clone, Copy)]
enum Store {
    Redis,
    Database,
}

/// Settings for `store`, with a queue of its own: tests run concurrently and share the Redis server with other
/// test runs, so each one namespaces its jobs (and never flushes anything).
fn store_env(store: Store) -> Vec<(String, String)> {
    let queue = format!("tali-test-{}", uuid::Uuid::new_v4().simple());
    let mut env = vec![
        ("JOBS_QUEUE".to_string(), queue),
        // Retries come quickly so the tests do not wait for production backoffs.
        ("JOBS_RETRY_DELAY_MS".to_string(), "100".to_string()),
    ];
    if let Store::Redis = store {
        let url = std::env::var("TALI_TEST_REDIS_URL")
            .unwrap_or_else(|_| "redis://127.0.0.1:6379".into());
        env.push(("REDIS_URL".to_string(), url));
    }
    env
}

fn with<'a>(env: &'a [(String, String)], extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    env.iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .chain(extra.iter().copied())
        .collect()
}

async fn failed_jobs(app: &TestApp) -> Vec<failed_job::Model> {
    failed_job::Entity::find().all(&app.state.db).await.unwrap()
}

/// Creates an assessment, which queues the candidate's invitation.
async fn invite(app: &TestApp, recruiter: &str) -> serde_json::Value {
    app.seed().await;
    let token = app.recruiter(recruiter).await;
    app.create_assessment(&token, "cand@example.com").await
}

async fn resend_app(store: Store, resend: &ResendMock, extra: &[(&str, &str)]) -> TestApp {
    let env = store_env(store);
    let url = resend.url();
    let mut pairs = with(&env, &[("RESEND_API_URL", url.as_str())]);
    if !extra.iter().any(|(k, _)| *k == "RESEND_API_KEY") {
        pairs.push(("RESEND_API_KEY", ResendMock::API_KEY));
    }
    pairs.extend_from_slice(extra);
    TestApp::spawn_with(&pairs).await
}

async fn delivers_an_invitation(store: Store) {
    let resend = ResendMock::start().await.unwrap();
    let app = resend_app(store, &resend, &[]).await;
    let created = invite(&app, "deliver@example.com").await;
    let rows = app.settled_outbox().await;
    assert_eq!(rows[0].status, "sent", "{:?}", rows[0].last_error);
    assert_eq!(rows[0].attempts, 1);
    let emails = resend.emails();
    assert_eq!(emails.len(), 1);
    let link = format!("#/assess/{}", created["token"].as_str().unwrap());
    assert!(emails[0].payload["html"].as_str().unwrap().contains(&link));
    assert_eq!(
        emails[0].idempotency_key.as_deref(),
        Some(rows[0].idempotency_key.as_str())
    );
    assert!(failed_jobs(&app).await.is_empty());
    // The queue's depth (the metrics' `jobs_queued`) is read from the storage: the delivery shows as done once
    // the worker has acknowledged it, and nothing is left pending.
    let mut depth = Vec::new();
    for _ in 0..100 {
        depth = app.state.jobs.depth().await.unwrap();
        if depth.iter().any(|&(state, n)| state == "done" && n >= 1.0) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        depth.iter().any(|&(state, n)| state == "done" && n >= 1.0),
        "{depth:?}"
    );
    assert!(depth.contains(&("pending", 0.0)), "{depth:?}");
}

#[tokio::test]
async fn redis_storage_delivers_an_invitation() {
    delivers_an_invitation(Store::Redis).await;
}

#[tokio::test]
async fn database_storage_delivers_an_invitation() {
    delivers_an_invitation(Store::Database).await;
}

/// Finished jobs are pruned once older than the age given, and not before.
async fn prunes_finished_jobs(store: Store) {
    let resend = ResendMock::start().await.unwrap();
    let app = resend_app(store, &resend, &[]).await;
    invite(&app, "prune@example.com").await;
    app.settled_outbox().await;
    let week = Duration::from_secs(7 * 24 * 3600);
    assert_eq!(app.state.jobs.prune_finished(week).await.unwrap(), 0);
    // The worker acknowledges a job just after its handler returns, and SQLite keeps whole seconds.
    let mut pruned = 0;
    for _ in 0..100 {
        pruned = app.state.jobs.prune_finished(Duration::ZERO).await.unwrap();
        if pruned > 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(pruned > 0, "no finished job was pruned");
}

#[tokio::test]
async fn redis_storage_prunes_finished_jobs() {
    prunes_finished_jobs(Store::Redis).await;
}

#[tokio::test]
async fn database_storage_prunes_finished_jobs() {
    prunes_finished_jobs(Store::Database).await;
}

async fn retries_twice_then_succeeds(store: Store) {
    let resend = ResendMock::start().await.unwrap();
    // The Resend client tries three times per job attempt: six failures fail the first two job attempts.
    resend.fail_next(6, ScriptedFailure::ServerError);
    let app = resend_app(store, &resend, &[]).await;
    invite(&app, "retry@example.com").await;
    let rows = app.settled_outbox().await;
    assert_eq!(rows[0].status, "sent", "{:?}", rows[0].last_error);
    assert_eq!(
        rows[0].attempts, 3,
        "two failed job attempts, then one that sent"
    );
    assert_eq!(resend.emails().len(), 1);
    assert!(failed_jobs(&app).await.is_empty());
}

#[tokio::test]
async fn redis_storage_retries_twice_then_succeeds() {
    retries_twice_then_succeeds(Store::Redis).await;
}

#[tokio::test]
async fn database_storage_retries_twice_then_succeeds() {
    retries_twice_then_succeeds(Store::Database).await;
}

async fn permanent_failure_is_recorded(store: Store) {
    let resend = ResendMock::start().await.unwrap();
    // Resend refuses a wrong key with 403: no retry can fix that.
    let app = resend_app(store, &resend, &[("RESEND_API_KEY", "re_not_the_key")]).await;
    invite(&app, "refused@example.com").await;
    let rows = app.settled_outbox().await;
    assert_eq!(rows[0].status, "failed");
    assert_eq!(rows[0].attempts, 1, "a permanent failure is not retried");
    assert!(rows[0].last_error.as_deref().unwrap().contains("invalid"));
    let failed = failed_jobs(&app).await;
    assert_eq!(failed.len(), 1, "{failed:?}");
    assert_eq!(failed[0].name, "deliver_email");
    assert_eq!(failed[0].payload["outbox_id"], rows[0].id);
    assert_eq!(failed[0].attempts, 1);
    assert!(!failed[0].job_id.is_empty());
    assert!(resend.emails().is_empty());
}

#[tokio::test]
async fn redis_storage_records_a_permanent_failure() {
    permanent_failure_is_recorded(Store::Redis).await;
}

#[tokio::test]
async fn database_storage_records_a_permanent_failure() {
    permanent_failure_is_recorded(Store::Database).await;
}

#[tokio::test]
async fn a_job_out_of_attempts_is_recorded() {
    let resend = ResendMock::start().await.unwrap();
    resend.fail_next(100, ScriptedFailure::ServerError);
    let app = resend_app(Store::Database, &resend, &[("JOBS_MAX_ATTEMPTS", "2")]).await;
    invite(&app, "outage@example.com").await;
    let rows = app.settled_outbox().await;
    assert_eq!(rows[0].status, "failed");
    assert_eq!(rows[0].attempts, 2);
    let failed = failed_jobs(&app).await;
    assert_eq!(failed.len(), 1, "{failed:?}");
    assert_eq!(failed[0].attempts, 2);
    assert!(failed[0].error.contains("transient"), "{}", failed[0].error);

    // The operator's view of it.
    let listed = std::process::Command::new(env!("CARGO_BIN_EXE_tali"))
        .args(["jobs", "failed"])
        .current_dir(std::env::temp_dir())
        .env_clear()
        .env("DATABASE_URL", app.database_url())
        .env(
            "SECRET_KEY",
            "test-secret-key-that-is-long-enough-0123456789",
        )
        .output()
        .expect("run tali jobs failed");
    assert!(listed.status.success(), "{listed:?}");
    let stdout = String::from_utf8_lossy(&listed.stdout);
    assert!(stdout.contains(&failed[0].job_id), "{stdout}");
    assert!(stdout.contains("deliver_email  attempts=2"), "{stdout}");
}

async fn a_job_survives_a_restart(store: Store) {
    let resend = ResendMock::start().await.unwrap();
    let env = store_env(store);
    let url = resend.url();
    let settings = with(
        &env,
        &[
            ("RESEND_API_KEY", ResendMock::API_KEY),
            ("RESEND_API_URL", url.as_str()),
        ],
    );
    let mut app = TestApp::spawn_with(&with_worker(&settings, "off")).await;
    invite(&app, "restart@example.com").await;
    // The server hands the email to the job storage; no worker runs it.
    let mut enqueued = false;
    for _ in 0..100 {
        let rows = app.outbox().await;
        if rows[0].enqueued_at.is_some() {
            enqueued = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(enqueued, "the relay enqueued the email");
    assert_eq!(app.outbox().await[0].status, "queued");
    assert!(resend.emails().is_empty());

    app.restart_with(&with_worker(&settings, "on")).await;
    let rows = app.settled_outbox().await;
    assert_eq!(rows[0].status, "sent", "{:?}", rows[0].last_error);
    assert_eq!(resend.emails().len(), 1);
}

fn with_worker<'a>(settings: &[(&'a str, &'a str)], worker: &'a str) -> Vec<(&'a str, &'a str)> {
    let mut pairs = settings.to_vec();
    pairs.push(("TALI_WORKER", worker));
    pairs
}

#[tokio::test]
async fn redis_storage_keeps_a_job_across_a_restart() {
    a_job_survives_a_restart(Store::Redis).await;
}

#[tokio::test]
async fn database_storage_keeps_a_job_across_a_restart() {
    a_job_survives_a_restart(Store::Database).await;
}

/// A message still queued long after it was handed to the queue (the job storage lost it) is pushed again.
#[tokio::test]
async fn a_job_the_storage_lost_is_pushed_again() {
    let lost = store_env(Store::Database);
    let mut app = TestApp::spawn_with(&with(&lost, &[("TALI_WORKER", "off")])).await;
    invite(&app, "lost@example.com").await;
    let mut enqueued = false;
    for _ in 0..100 {
        if app.outbox().await[0].enqueued_at.is_some() {
            enqueued = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(enqueued, "the relay enqueued the email");
    // The job sits in a queue no worker will read; pretend that was twenty minutes ago.
    email_outbox::Entity::update_many()
        .col_expr(
            email_outbox::Column::EnqueuedAt,
            Expr::value(chrono::Utc::now() - chrono::Duration::minutes(20)),
        )
        .exec(&app.state.db)
        .await
        .unwrap();

    let fresh = store_env(Store::Database);
    app.restart_with(&with(&fresh, &[])).await;
    let rows = app.settled_outbox().await;
    assert_eq!(rows[0].status, "stored", "{:?}", rows[0].last_error);
}

/// The server enqueues, a separate `tali worker` process (the real binary) delivers, through Redis.
#[tokio::test]
async fn a_separate_worker_process_delivers_through_redis() {
    let resend = ResendMock::start().await.unwrap();
    let env = store_env(Store::Redis);
    let app = TestApp::spawn_with(&with(&env, &[("TALI_WORKER", "off")])).await;
    invite(&app, "worker@example.com").await;

    let data_dir = std::env::temp_dir().join(format!(
        "tali-test-worker-{}",
        uuid::Uuid::new_v4().simple()
    ));
    std::fs::create_dir_all(&data_dir).unwrap();
    let mut worker = tokio::process::Command::new(env!("CARGO_BIN_EXE_tali"))
        .arg("worker")
        .current_dir(&data_dir)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .envs(env.iter().cloned())
        .env("DATABASE_URL", app.database_url())
        .env("TALI_DATA_DIR", &data_dir)
        .env("RUST_LOG", "warn")
        .env(
            "SECRET_KEY",
            "test-secret-key-that-is-long-enough-0123456789",
        )
        .env("RESEND_API_KEY", ResendMock::API_KEY)
        .env("RESEND_API_URL", resend.url())
        .kill_on_drop(true)
        .spawn()
        .expect("start tali worker");
    let rows = app.settled_outbox().await;
    assert_eq!(rows[0].status, "sent", "{:?}", rows[0].last_error);
    assert_eq!(rows[0].transport, "resend", "sent by the worker process");
    assert_eq!(resend.emails().len(), 1);

    // SIGTERM stops it gracefully.
    let pid = worker.id().expect("worker pid") as i32;
    std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .unwrap();
    let status = worker.wait().await.unwrap();
    assert!(status.success(), "worker exited with {status}");
    let _ = std::fs::remove_dir_all(&data_dir);
}
