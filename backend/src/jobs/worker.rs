//! The worker side: an apalis monitor running the job handler on the configured storage, plus the schedule that
//! enqueues the periodic sweeps.

use std::time::Duration;

use apalis::layers::retry::backoff::{ExponentialBackoff, ExponentialBackoffMaker, MakeBackoff};
use apalis::layers::retry::{HasherRng, RetryPolicy};
use apalis::prelude::{BackendExt, Monitor, WorkerBuilder, WorkerBuilderExt};
use chrono::Utc;
use futures_util::FutureExt;

use super::execute::execute;
use super::queue::Storage;
use super::{Job, JobQueue};
use crate::state::AppState;

/// How often an idle worker asks the storage for work: the latency of a new invitation.
const POLL_INTERVAL: Duration = Duration::from_millis(500);
/// Jobs still running this long after a shutdown request are abandoned; the storage hands them to a worker
/// again once this one's heartbeat has lapsed.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(30);
const RESTART_PAUSE: Duration = Duration::from_secs(5);
const LONGEST_BACKOFF: Duration = Duration::from_secs(300);
const PRUNE_EVERY: Duration = Duration::from_secs(3600);
const RELEASE_CREDITS_EVERY: Duration = Duration::from_secs(600);
/// Reminders go out at most this late (the setting is in hours).
const REMIND_EVERY: Duration = Duration::from_secs(300);
/// Retention is counted in months; once a day erases data at most a day late.
const RETENTION_EVERY: Duration = Duration::from_secs(24 * 3600);

fn backoff(first_retry: Duration) -> ExponentialBackoff {
    ExponentialBackoffMaker::new(
        first_retry,
        LONGEST_BACKOFF.max(first_retry),
        0.2,
        HasherRng::default(),
    )
    .expect("the bounds are ordered and the jitter is in range")
    .make_backoff()
}

/// One worker over `$storage`: the same handler, retries and limits whichever storage the jobs live in.
macro_rules! worker {
    ($storage:expr, $state:expr) => {{
        let jobs = &$state.settings.jobs;
        WorkerBuilder::new(format!("tali-{}", uuid::Uuid::new_v4().simple()))
            .backend($storage.clone().poll_with_interval(POLL_INTERVAL))
            .data($state.clone())
            .concurrency(jobs.concurrency)
            .retry(
                RetryPolicy::retries(jobs.max_attempts as usize - 1)
                    .with_backoff(backoff(jobs.retry_delay)),
            )
            .build(execute)
    }};
}

/// Runs workers until `shutdown` resolves, then lets running jobs finish (up to a grace period). Workers that
/// stop on their own (the storage went away) are started again after a pause, so an outage of Redis or the
/// database suspends the jobs rather than ending them.
pub async fn run_workers(state: AppState, shutdown: impl Future<Output = ()> + Send + 'static) {
    let schedule = tokio::spawn(enqueue_periodic(
        state.jobs.clone(),
        state.settings.jobs.sweep_every,
    ));
    let shutdown = shutdown.boxed().shared();
    loop {
        tracing::info!("job worker started");
        let stopped = shutdown.clone();
        // With a terminator, the monitor also returns when its workers end on an error.
        let _ = monitor(&state)
            // Polled only once shutdown starts; the async block makes the grace period count from then.
            .with_terminator(async { tokio::time::sleep(SHUTDOWN_GRACE).await })
            .run_with_signal(async {
                stopped.await;
                Ok(())
            })
            .await;
        if shutdown.peek().is_some() {
            break;
        }
        tracing::error!(
            "the job worker stopped unexpectedly (is the job storage reachable?); restarting it in {} s",
            RESTART_PAUSE.as_secs()
        );
        tokio::select! {
            _ = tokio::time::sleep(RESTART_PAUSE) => {}
            _ = shutdown.clone() => break,
        }
    }
    schedule.abort();
    tracing::info!("job worker stopped");
}

fn monitor(state: &AppState) -> Monitor {
    let monitor = Monitor::new();
    let state = state.clone();
    match state.jobs.storage().clone() {
        Storage::Redis(storage) => monitor.register(move |_| worker!(storage, state)),
        Storage::Postgres(storage) => monitor.register(move |_| worker!(storage, state)),
        Storage::Sqlite(storage) => monitor.register(move |_| worker!(storage, state)),
    }
}

/// Every worker process enqueues the sweeps; the idempotency key names the period, so however many workers run,
/// each period gets one job.
async fn enqueue_periodic(queue: JobQueue, auto_submit_every: Duration) {
    let mut auto_submit = tokio::time::interval(auto_submit_every);
    // The sandbox sweep closes finished sessions' sandboxes, so it runs as often as the session sweep: a listing of
    // the open sandboxes and one query.
    let mut sandbox_sweep = tokio::time::interval(auto_submit_every);
    let mut prune = tokio::time::interval(PRUNE_EVERY);
    let mut credits = tokio::time::interval(RELEASE_CREDITS_EVERY);
    let mut reminders = tokio::time::interval(REMIND_EVERY);
    let mut retention = tokio::time::interval(RETENTION_EVERY);
    loop {
        let (job, every) = tokio::select! {
            _ = auto_submit.tick() => (Job::AutoSubmitExpired, auto_submit_every),
            _ = sandbox_sweep.tick() => (Job::CloseIdleSandboxes, auto_submit_every),
            _ = prune.tick() => (Job::PruneFinishedJobs, PRUNE_EVERY),
            _ = credits.tick() => (Job::ReleaseExpiredCredits, RELEASE_CREDITS_EVERY),
            _ = reminders.tick() => (Job::RemindCandidates, REMIND_EVERY),
            _ = retention.tick() => (Job::EraseExpiredCandidates, RETENTION_EVERY),
        };
        let period = Utc::now().timestamp() / every.as_secs() as i64;
        let key = format!("{}/{period}", job.name());
        if let Err(err) = queue.push(job, &key).await {
            tracing::warn!(error = %err, key, "could not enqueue a periodic job");
        }
    }
}
