//! Tasks: the shared template library plus each organization's own tasks. Templates are read-only, hidden
//! tests and reference solutions never leave the server.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::auth::CurrentUser;
use crate::error::ApiResult;
use crate::extract::{ApiPath, ApiQuery, ValidJson};
use crate::pagination::{MAX_LIMIT, PageParams, TOTAL_COUNT};
use crate::recruiting::task_check::Proof;
use crate::recruiting::task_generation::{self, GenerateTask, GeneratedTask};
use crate::recruiting::tasks::{self, NewTask, TaskChanges, TaskFilter, TaskOut};
use crate::session;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_tasks, create_task))
        .routes(routes!(get_task, update_task, delete_task))
        .routes(routes!(generate_task))
        .routes(routes!(validate_task))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct ValidateQuery {
    /// The organization's task being edited: hidden tests and a reference solution left out of the body are
    /// its stored ones, as saving would keep them.
    pub task_id: Option<i32>,
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct TaskQuery {
    /// A task type (or an earlier word for one).
    pub task_type: Option<String>,
    /// A difficulty (or an earlier word for one).
    pub difficulty: Option<String>,
    /// Include archived tasks (default false).
    pub include_archived: Option<bool>,
    /// 1 to 100, default 100.
    pub limit: Option<u64>,
    pub offset: Option<u64>,
}

/// Templates and the organization's tasks, filtered by type and difficulty: a JSON array (as the reference
/// client reads it), the total before paging in `X-Total-Count`.
#[utoipa::path(get, path = "/tasks", tag = "tasks", params(TaskQuery),
    responses((status = 200, body = Vec<TaskOut>,
        headers(("X-Total-Count" = u64, description = "Tasks matching the filter before paging")))),
    security(("bearer" = [])))]
async fn list_tasks(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiQuery(query): ApiQuery<TaskQuery>,
) -> ApiResult<impl IntoResponse> {
    let (limit, offset) = PageParams {
        limit: Some(query.limit.unwrap_or(MAX_LIMIT)),
        offset: query.offset,
        cursor: None,
    }
    .resolve()?;
    let filter = TaskFilter {
        task_type: query.task_type,
        difficulty: query.difficulty,
        include_archived: query.include_archived.unwrap_or(false),
        limit,
        offset,
    };
    let (rows, total) = tasks::list(&state.db, current.organization_id(), &filter).await?;
    let items: Vec<TaskOut> = rows.into_iter().map(TaskOut::from).collect();
    Ok(([(TOTAL_COUNT, total.to_string())], Json(items)))
}

/// One task.
#[utoipa::path(get, path = "/tasks/{id}", tag = "tasks",
    responses((status = 200, body = TaskOut), (status = 404)), security(("bearer" = [])))]
async fn get_task(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiPath(id): ApiPath<i32>,
) -> ApiResult<Json<TaskOut>> {
    let found = tasks::find_visible(&state.db, current.organization_id(), id).await?;
    Ok(Json(found.into()))
}

/// A saved task with the proof it passed.
#[derive(Debug, Serialize, ToSchema)]
pub struct SavedTask {
    #[serde(flatten)]
    pub task: TaskOut,
    /// Present when the code or tests were checked on this save.
    pub validation: Option<Proof>,
}

/// Create an organization task. Its tests are first run in the sandbox: 422 when they cannot be collected
/// against the starter code, when the starter already passes them all, or when the reference solution fails one.
#[utoipa::path(post, path = "/tasks", tag = "tasks", request_body = NewTask,
    responses((status = 201, body = SavedTask), (status = 422), (status = 503)), security(("bearer" = [])))]
async fn create_task(
    State(state): State<AppState>,
    current: CurrentUser,
    ValidJson(body): ValidJson<NewTask>,
) -> ApiResult<(StatusCode, Json<SavedTask>)> {
    let sandbox = session::sandbox_service(&state);
    let (created, proof) =
        tasks::create(&state.db, sandbox, current.organization_id(), body).await?;
    Ok((
        StatusCode::CREATED,
        Json(SavedTask {
            task: created.into(),
            validation: Some(proof),
        }),
    ))
}

/// Run a task's proof in the sandbox without saving it, the same check a save makes: the tests collect against
/// the starter code, the starter fails at least one hidden test, the reference solution passes them all. 200 with
/// the proof, 422 naming the field to fix, 503 without a sandbox.
#[utoipa::path(post, path = "/tasks/validate", tag = "tasks", request_body = NewTask, params(ValidateQuery),
    responses((status = 200, body = Proof), (status = 403), (status = 404), (status = 422), (status = 503)),
    security(("bearer" = [])))]
async fn validate_task(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiQuery(query): ApiQuery<ValidateQuery>,
    ValidJson(body): ValidJson<NewTask>,
) -> ApiResult<Json<Proof>> {
    let sandbox = session::sandbox_service(&state);
    let proof = tasks::validate(
        &state.db,
        sandbox,
        current.organization_id(),
        &body,
        query.task_id,
    )
    .await?;
    Ok(Json(proof))
}

/// Change an organization task; changed code or tests are proved again (422 as on create).
#[utoipa::path(patch, path = "/tasks/{id}", tag = "tasks", request_body = TaskChanges,
    responses((status = 200, body = SavedTask), (status = 403), (status = 404), (status = 422)),
    security(("bearer" = [])))]
async fn update_task(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiPath(id): ApiPath<i32>,
    ValidJson(body): ValidJson<TaskChanges>,
) -> ApiResult<Json<SavedTask>> {
    let sandbox = session::sandbox_service(&state);
    let (updated, proof) =
        tasks::update(&state.db, sandbox, current.organization_id(), id, body).await?;
    Ok(Json(SavedTask {
        task: updated.into(),
        validation: proof,
    }))
}

/// Delete an organization task; one that assessments use is archived instead, so their history stays whole.
#[utoipa::path(delete, path = "/tasks/{id}", tag = "tasks",
    responses((status = 204), (status = 403), (status = 404)), security(("bearer" = [])))]
async fn delete_task(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiPath(id): ApiPath<i32>,
) -> ApiResult<StatusCode> {
    tasks::delete(&state.db, current.organization_id(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Draft a task with the configured AI and prove it in the sandbox (up to two repairs); not saved. 503 without
/// an AI provider or sandbox, 502 when the model's answer is not a task, 422 when no draft passed its proof.
#[utoipa::path(post, path = "/tasks/generate", tag = "tasks", request_body = GenerateTask,
    responses((status = 200, body = GeneratedTask), (status = 422), (status = 502), (status = 503)),
    security(("bearer" = [])))]
async fn generate_task(
    State(state): State<AppState>,
    current: CurrentUser,
    ValidJson(body): ValidJson<GenerateTask>,
) -> ApiResult<Json<GeneratedTask>> {
    let generated = task_generation::generate(
        state.assistant.as_deref(),
        session::sandbox_service(&state),
        current.organization_id(),
        body,
    )
    .await?;
    Ok(Json(generated))
}
