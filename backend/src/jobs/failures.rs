//! Jobs that gave up: logged with their id, kept in `failed_jobs` for an operator (`tali jobs failed`), and
//! reflected where users look (a failed email shows as failed on the Emails page).

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, DatabaseConnection, EntityTrait, QueryOrder, QuerySelect,
};

use super::{Job, JobError};
use crate::db::entities::failed_job;
use crate::email::delivery;
use crate::session::judges;
use crate::state::AppState;
use crate::workable;

pub(super) async fn record(
    state: &AppState,
    job_id: &str,
    job: &Job,
    error: &JobError,
    attempts: usize,
) {
    tracing::error!(job_id, job = job.name(), attempts, error = %error, "job failed for good");
    let message = error.to_string();
    let row = failed_job::ActiveModel {
        job_id: Set(job_id.to_string()),
        name: Set(job.name().to_string()),
        payload: Set(serde_json::to_value(job).unwrap_or_default()),
        error: Set(message.clone()),
        attempts: Set(i32::try_from(attempts).unwrap_or(i32::MAX)),
        failed_at: Set(Utc::now()),
        ..Default::default()
    };
    if let Err(err) = row.insert(&state.db).await {
        tracing::error!(job_id, error = %err, "could not record the failed job");
    }
    let reflected = match *job {
        Job::DeliverEmail { outbox_id } => delivery::give_up(&state.db, outbox_id, &message).await,
        Job::RunJudges { assessment_id } => {
            judges::give_up(&state.db, assessment_id, &message).await
        }
        Job::GradeUnderstanding { assessment_id } => {
            crate::session::understanding::grading::give_up(state, assessment_id, &message).await
        }
        Job::PostToWorkable { assessment_id } => {
            workable::posting::give_up(&state.db, assessment_id, &message).await
        }
        Job::FindSimilar { assessment_id } => {
            crate::recruiting::similarity::give_up(&state.db, assessment_id, &message).await
        }
        Job::AutoSubmitExpired
        | Job::WorkableCandidateMoved { .. }
        | Job::CloseIdleSandboxes
        | Job::PruneFinishedJobs
        | Job::ReleaseExpiredCredits
        | Job::RemindCandidates
        | Job::EraseExpiredCandidates => Ok(()),
    };
    if let Err(err) = reflected {
        tracing::error!(job_id, error = %err, "could not mark the job's subject as failed");
    }
}

/// The most recent failures first.
pub async fn list(
    db: &DatabaseConnection,
    limit: u64,
) -> Result<Vec<failed_job::Model>, sea_orm::DbErr> {
    failed_job::Entity::find()
        .order_by_desc(failed_job::Column::FailedAt)
        .order_by_desc(failed_job::Column::Id)
        .limit(limit)
        .all(db)
        .await
}
