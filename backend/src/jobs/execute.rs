//! The apalis handler around every job: runs it, and decides between a retry and giving up.

use apalis::prelude::{AbortError, Attempt, BoxDynError, Data, TaskId};

use super::{Job, failures, handlers};
use crate::state::AppState;

/// Returning an error makes the worker's retry layer run the job again after a backoff; an `AbortError` stops
/// the retries and tells the storage not to re-queue it, once the failure is on record.
pub(super) async fn execute(
    job: Job,
    state: Data<AppState>,
    attempt: Attempt,
    task_id: TaskId,
) -> Result<(), BoxDynError> {
    let attempts = attempt.current();
    let started = std::time::Instant::now();
    let result = handlers::handle(&state, &job).await;
    metrics::histogram!("job_duration_seconds", "job" => job.name())
        .record(started.elapsed().as_secs_f64());
    let finished = |state: &'static str| {
        metrics::counter!("jobs_total", "job" => job.name(), "state" => state).increment(1);
    };
    let Err(error) = result else {
        finished("done");
        return Ok(());
    };
    if error.is_permanent() || attempts >= state.settings.jobs.max_attempts as usize {
        finished("failed");
        failures::record(&state, &task_id.to_string(), &job, &error, attempts).await;
        return Err(Box::new(AbortError::new(error)));
    }
    finished("retrying");
    tracing::warn!(job_id = %task_id, job = job.name(), attempts, error = %error, "job failed; will retry");
    Err(Box::new(error))
}
