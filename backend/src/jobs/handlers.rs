//! What each job does. Every handler is idempotent: it acts on the database's current state, so running a job
//! twice, or on two workers at once, does the work once.

use std::time::Duration;

use super::{Job, JobError};
use crate::billing;
use crate::email::delivery;
use crate::recruiting;
use crate::session;
use crate::state::AppState;
use crate::workable;

/// Sessions last at most 3 hours; a sandbox idle for longer was leaked (a crash between start and submit).
const SANDBOX_IDLE_LIMIT: Duration = Duration::from_secs(4 * 3600);
/// Finished jobs are kept this long for an operator looking into what ran.
const FINISHED_JOBS_KEPT: Duration = Duration::from_secs(7 * 24 * 3600);

pub(super) async fn handle(state: &AppState, job: &Job) -> Result<(), JobError> {
    match *job {
        Job::DeliverEmail { outbox_id } => {
            Ok(delivery::deliver(&state.db, state.mail_transport.as_deref(), outbox_id).await?)
        }
        Job::RunJudges { assessment_id } => {
            Ok(session::judges::run_job(state, assessment_id).await?)
        }
        Job::AutoSubmitExpired => {
            // Each overdue session is claimed atomically before it is submitted, so concurrent sweeps share the work.
            let submitted = session::auto_submit_expired(state)
                .await
                .map_err(|e| JobError::Transient(e.to_string()))?;
            if submitted > 0 {
                tracing::info!(submitted, "auto-submitted expired sessions");
            }
            // The same sweep finishes submits whose process died between claim and grade.
            let recovered = session::recover_lost_claims(state)
                .await
                .map_err(|e| JobError::Transient(e.to_string()))?;
            if recovered > 0 {
                tracing::warn!(recovered, "graded submits whose server stopped mid-way");
            }
            // The understanding checks' time box is the server's too: checks left open past their deadline close.
            let closed = session::understanding::close_expired(state)
                .await
                .map_err(|e| JobError::Transient(e.to_string()))?;
            if closed > 0 {
                tracing::info!(closed, "closed understanding checks whose time ran out");
            }
            Ok(())
        }
        Job::CloseIdleSandboxes => {
            let Some(sandbox) = &state.sandbox else {
                return Ok(());
            };
            let reclaimed = session::reclaim_sandboxes(state, chrono::Utc::now())
                .await
                .map_err(|e| JobError::Transient(e.to_string()))?;
            if reclaimed > 0 {
                tracing::info!(reclaimed, "closed the sandboxes of finished sessions");
            }
            // The backstop for what the database cannot name (a workspace left by a crash mid-create).
            let closed = sandbox
                .sweep_idle(SANDBOX_IDLE_LIMIT)
                .await
                .map_err(|e| JobError::Transient(e.to_string()))?;
            if closed > 0 {
                tracing::info!(closed, "closed leaked sandboxes");
            }
            Ok(())
        }
        Job::ReleaseExpiredCredits => {
            let released = billing::ledger::release_expired(&state.db, chrono::Utc::now())
                .await
                .map_err(|e| JobError::Transient(e.to_string()))?;
            if released > 0 {
                tracing::info!(released, "released the credits of expired invitations");
            }
            Ok(())
        }
        Job::RemindCandidates => {
            let queued =
                recruiting::reminders::send_due(&state.db, &state.settings, chrono::Utc::now())
                    .await
                    .map_err(|e| JobError::Transient(e.to_string()))?;
            if queued > 0 {
                tracing::info!(queued, "queued reminders of expiring links");
            }
            Ok(())
        }
        Job::EraseExpiredCandidates => {
            let erased = recruiting::privacy::retention::erase_due(state, chrono::Utc::now())
                .await
                .map_err(|e| JobError::Transient(e.to_string()))?;
            if erased > 0 {
                tracing::info!(erased, "erased candidates past their retention period");
            }
            Ok(())
        }
        Job::GradeUnderstanding { assessment_id } => {
            Ok(session::understanding::grading::run_job(state, assessment_id).await?)
        }
        Job::FindSimilar { assessment_id } => recruiting::similarity::run_job(state, assessment_id)
            .await
            .map_err(|e| JobError::Transient(e.to_string())),
        Job::PostToWorkable { assessment_id } => workable::posting::run_job(state, assessment_id)
            .await
            .map_err(workable_error),
        Job::WorkableCandidateMoved {
            organization_id,
            ref candidate_id,
        } => workable::triggers::run_job(state, organization_id, candidate_id)
            .await
            .map_err(workable_error),
        Job::PruneFinishedJobs => {
            let pruned = state.jobs.prune_finished(FINISHED_JOBS_KEPT).await?;
            if pruned > 0 {
                tracing::info!(pruned, "pruned finished jobs");
            }
            Ok(())
        }
    }
}

fn workable_error(err: crate::domain::Error) -> JobError {
    if workable::is_transient(&err) {
        JobError::Transient(err.to_string())
    } else {
        JobError::Permanent(err.to_string())
    }
}
