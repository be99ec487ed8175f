//! The session's sandbox: created at start, reconnected for every run, and rebuilt from the latest code when the
//! provider lost it.

use std::time::Duration;

use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use tali_sandbox::{SandboxError, SandboxHandle, SandboxService, WorkspaceFile};

use super::events;
use crate::db::entities::{assessment, task};
use crate::domain::{Error, Result};
use crate::recruiting::tasks::sample_files;
use crate::state::AppState;

/// Seconds a client waits before retrying a run that failed for a transient reason on our side.
const TRANSIENT_RETRY_AFTER_SECS: u64 = 2;

/// What a sandbox failure means to the caller: busy (retry shortly), bad input, or not available here.
pub fn sandbox_failure(err: SandboxError) -> Error {
    match err {
        SandboxError::Busy { retry_after_secs } => Error::Unavailable {
            detail: "All code runners are busy. Please try again in a few seconds.".into(),
            retry_after_secs: Some(retry_after_secs),
        },
        SandboxError::InvalidInput(message) => Error::invalid("code", message),
        SandboxError::NotConfigured(message) => {
            Error::unavailable(format!("Code execution is not available: {message}"))
        }
        // Transient (a sandbox that could not start under load, a lost runner): the client is told when to retry.
        SandboxError::Unavailable(message) => {
            tracing::error!(%message, "sandbox failure");
            Error::Unavailable {
                detail: "Code execution failed on our side. Your work is saved; please try again."
                    .into(),
                retry_after_secs: Some(TRANSIENT_RETRY_AFTER_SECS),
            }
        }
        SandboxError::NotFound => Error::Unavailable {
            detail:
                "The code runner for this session was lost. Your work is saved; please try again."
                    .into(),
            retry_after_secs: Some(TRANSIENT_RETRY_AFTER_SECS),
        },
    }
}

/// The sandbox service, or why code cannot run on this server.
pub fn sandbox_service(state: &AppState) -> Result<&SandboxService> {
    state.sandbox.as_ref().ok_or_else(|| {
        Error::unavailable(format!(
            "Code execution is not available on this server: {}",
            state.sandbox_problem.as_deref().unwrap_or("not configured")
        ))
    })
}

fn initial_files(task: &task::Model, code: &str) -> Vec<WorkspaceFile> {
    let mut files = sample_files(task.sample_data.as_ref());
    files.push(WorkspaceFile::new("solution.py", code.as_bytes().to_vec()));
    files
}

/// Creates the sandbox of a newly started session and stores its id.
pub async fn create(
    state: &AppState,
    assessment: &assessment::Model,
    task: &task::Model,
) -> Result<SandboxHandle> {
    let service = sandbox_service(state)?;
    let lifetime = Duration::from_secs((assessment.duration_minutes.max(1) as u64) * 60 + 15 * 60);
    let handle = service
        .create_sandbox(tali_sandbox::CreateSpec {
            assessment_id: assessment.id.into(),
            organization_id: assessment.organization_id.into(),
            lifetime,
            files: initial_files(task, &task.starter_code),
        })
        .await
        .map_err(sandbox_failure)?;
    store_id(state, assessment.id, &handle.sandbox_id).await?;
    Ok(handle)
}

async fn store_id(state: &AppState, assessment_id: i32, sandbox_id: &str) -> Result<()> {
    assessment::Entity::update_many()
        .col_expr(assessment::Column::E2bSessionId, Expr::value(sandbox_id))
        .filter(assessment::Column::Id.eq(assessment_id))
        .exec(&state.db)
        .await?;
    Ok(())
}

/// The session's sandbox, reconnected; if the provider lost it, a fresh one restored from the latest code.
pub async fn handle(
    state: &AppState,
    assessment: &assessment::Model,
    task: &task::Model,
) -> Result<SandboxHandle> {
    let service = sandbox_service(state)?;
    let Some(sandbox_id) = assessment.e2b_session_id.as_deref() else {
        return create(state, assessment, task).await;
    };
    let reconnected = service
        .reconnect(sandbox_id, assessment.id.into())
        .await
        .map_err(sandbox_failure)?;
    if reconnected.fresh {
        let code = events::latest_code(&state.db, assessment, task).await?;
        service
            .write_files(&reconnected.handle, &initial_files(task, &code))
            .await
            .map_err(sandbox_failure)?;
        store_id(state, assessment.id, &reconnected.handle.sandbox_id).await?;
    }
    Ok(reconnected.handle)
}
