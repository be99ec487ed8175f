//! Tasks: the shared template library plus each organization's own tasks. Templates are read-only, hidden
//! tests and reference solutions never leave the server.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use garde::Validate;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait,
    IntoActiveModel, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::pagination::{Page, PageParams};
use crate::app::AppState;
use crate::auth::CurrentUser;
use crate::db::entities::{assessment, task};
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiPath, ApiQuery, ValidJson, not_blank};

pub const TASK_TYPES: [&str; 5] = ["debugging", "rag", "feature", "refactoring", "data"];
pub const DIFFICULTIES: [&str; 3] = ["easy", "medium", "hard"];
const MAX_CODE_BYTES: usize = 200 * 1024;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_tasks, create_task))
        .routes(routes!(get_task, update_task, delete_task))
}

/// A task as recruiters see it: never the hidden tests or the reference solution.
#[derive(Debug, Serialize, ToSchema)]
pub struct TaskOut {
    pub id: i32,
    pub name: String,
    pub description: String,
    pub task_type: String,
    pub difficulty: String,
    pub duration_minutes: i32,
    pub starter_code: String,
    pub test_code: String,
    pub has_hidden_tests: bool,
    pub sample_data: Option<Value>,
    pub dependencies: Value,
    pub success_criteria: Option<Value>,
    pub test_weights: Option<Value>,
    pub rubric: Option<Value>,
    pub is_template: bool,
    pub is_active: bool,
    pub organization_id: Option<i32>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<task::Model> for TaskOut {
    fn from(t: task::Model) -> Self {
        Self {
            id: t.id,
            name: t.name,
            description: t.description,
            task_type: t.task_type,
            difficulty: t.difficulty,
            duration_minutes: t.duration_minutes,
            starter_code: t.starter_code,
            test_code: t.test_code,
            has_hidden_tests: t.hidden_test_code.is_some(),
            sample_data: t.sample_data,
            dependencies: t.dependencies.unwrap_or_else(|| Value::Array(Vec::new())),
            success_criteria: t.success_criteria,
            test_weights: t.test_weights,
            rubric: t.rubric,
            is_template: t.is_template,
            is_active: t.is_active,
            organization_id: t.organization_id,
            created_at: t.created_at,
            updated_at: t.updated_at,
        }
    }
}

/// Templates plus the organization's own tasks.
fn visible_to(organization_id: i32) -> Condition {
    Condition::any()
        .add(task::Column::IsTemplate.eq(true))
        .add(task::Column::OrganizationId.eq(organization_id))
}

/// A task the organization may use (a template or its own), or 404.
pub async fn find_visible(
    db: &impl ConnectionTrait,
    organization_id: i32,
    id: i32,
) -> ApiResult<task::Model> {
    task::Entity::find_by_id(id)
        .filter(visible_to(organization_id))
        .one(db)
        .await?
        .ok_or_else(|| ApiError::not_found("Task"))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct TaskQuery {
    pub task_type: Option<String>,
    pub difficulty: Option<String>,
    /// Include archived tasks (default false).
    pub include_archived: Option<bool>,
    pub limit: Option<u64>,
    pub offset: Option<u64>,
}

/// Templates and the organization's tasks, filtered by type and difficulty.
#[utoipa::path(get, path = "/tasks", tag = "tasks", params(TaskQuery),
    responses((status = 200, body = Page<TaskOut>)), security(("bearer" = [])))]
async fn list_tasks(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiQuery(query): ApiQuery<TaskQuery>,
) -> ApiResult<Json<Page<TaskOut>>> {
    let (limit, offset) = PageParams {
        limit: query.limit,
        offset: query.offset,
    }
    .resolve()?;
    let mut select = task::Entity::find().filter(visible_to(current.organization_id()));
    if let Some(kind) = &query.task_type {
        select = select.filter(task::Column::TaskType.eq(kind.as_str()));
    }
    if let Some(difficulty) = &query.difficulty {
        select = select.filter(task::Column::Difficulty.eq(difficulty.as_str()));
    }
    if !query.include_archived.unwrap_or(false) {
        select = select.filter(task::Column::IsActive.eq(true));
    }
    let total = select.clone().count(&state.db).await?;
    let rows = select
        .order_by_desc(task::Column::IsTemplate)
        .order_by_asc(task::Column::Name)
        .order_by_asc(task::Column::Id)
        .limit(limit)
        .offset(offset)
        .all(&state.db)
        .await?;
    Ok(Json(Page {
        items: rows.into_iter().map(TaskOut::from).collect(),
        total,
        limit,
        offset,
    }))
}

/// One task.
#[utoipa::path(get, path = "/tasks/{id}", tag = "tasks",
    responses((status = 200, body = TaskOut), (status = 404)), security(("bearer" = [])))]
async fn get_task(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiPath(id): ApiPath<i32>,
) -> ApiResult<Json<TaskOut>> {
    Ok(Json(
        find_visible(&state.db, current.organization_id(), id)
            .await?
            .into(),
    ))
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateTask {
    #[garde(length(chars, min = 1, max = 200), custom(not_blank))]
    pub name: String,
    #[garde(length(max = 20000))]
    pub description: String,
    #[garde(custom(one_of(&TASK_TYPES)))]
    pub task_type: String,
    #[garde(custom(one_of(&DIFFICULTIES)))]
    pub difficulty: String,
    #[garde(range(min = 5, max = 180))]
    pub duration_minutes: i32,
    #[garde(length(max = MAX_CODE_BYTES))]
    pub starter_code: String,
    #[garde(length(max = MAX_CODE_BYTES))]
    pub test_code: String,
    /// Tests run only at submit; defaults to the visible tests.
    #[garde(inner(length(max = MAX_CODE_BYTES)))]
    pub hidden_test_code: Option<String>,
    #[garde(skip)]
    pub sample_data: Option<Value>,
    #[garde(inner(length(max = 30), inner(custom(package_name))))]
    pub dependencies: Option<Vec<String>>,
    #[garde(skip)]
    pub success_criteria: Option<Value>,
    #[garde(skip)]
    pub test_weights: Option<Value>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateTask {
    #[garde(inner(length(chars, min = 1, max = 200), custom(not_blank)))]
    pub name: Option<String>,
    #[garde(inner(length(max = 20000)))]
    pub description: Option<String>,
    #[garde(inner(custom(one_of(&TASK_TYPES))))]
    pub task_type: Option<String>,
    #[garde(inner(custom(one_of(&DIFFICULTIES))))]
    pub difficulty: Option<String>,
    #[garde(inner(range(min = 5, max = 180)))]
    pub duration_minutes: Option<i32>,
    #[garde(inner(length(max = MAX_CODE_BYTES)))]
    pub starter_code: Option<String>,
    #[garde(inner(length(max = MAX_CODE_BYTES)))]
    pub test_code: Option<String>,
    #[garde(inner(length(max = MAX_CODE_BYTES)))]
    pub hidden_test_code: Option<String>,
    #[garde(skip)]
    pub sample_data: Option<Value>,
    #[garde(inner(length(max = 30), inner(custom(package_name))))]
    pub dependencies: Option<Vec<String>>,
    #[garde(skip)]
    pub success_criteria: Option<Value>,
    #[garde(skip)]
    pub test_weights: Option<Value>,
    #[garde(skip)]
    pub is_active: Option<bool>,
}

fn one_of(allowed: &'static [&'static str]) -> impl Fn(&str, &()) -> garde::Result {
    move |value, _| {
        if allowed.contains(&value) {
            Ok(())
        } else {
            Err(garde::Error::new(format!(
                "must be one of: {}",
                allowed.join(", ")
            )))
        }
    }
}

/// A pip requirement name, optionally with a version specifier (`numpy`, `requests>=2.31`); no URLs, paths or
/// shell text.
fn package_name(value: &str, _: &()) -> garde::Result {
    let name_end = value
        .find(|c: char| "<>=!~".contains(c))
        .unwrap_or(value.len());
    let name = &value[..name_end];
    let valid = !name.is_empty()
        && value.len() <= 100
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
        && value[name_end..]
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "<>=!~.,*".contains(c));
    if valid {
        Ok(())
    } else {
        Err(garde::Error::new(format!(
            "{value:?} is not a package requirement"
        )))
    }
}

/// `success_criteria` must be a JSON object and `test_weights` an object of non-negative numbers.
fn check_json_fields(
    success_criteria: Option<&Value>,
    test_weights: Option<&Value>,
    sample_data: Option<&Value>,
) -> ApiResult<()> {
    if let Some(value) = success_criteria
        && !value.is_object()
    {
        return Err(ApiError::BadRequest(
            "success_criteria must be a JSON object".into(),
        ));
    }
    if let Some(value) = sample_data
        && !value.is_object()
    {
        return Err(ApiError::BadRequest(
            "sample_data must be a JSON object".into(),
        ));
    }
    if let Some(value) = test_weights {
        let weights: Option<BTreeMap<String, f64>> = serde_json::from_value(value.clone()).ok();
        let valid = weights.is_some_and(|w| w.values().all(|v| v.is_finite() && *v >= 0.0));
        if !valid {
            return Err(ApiError::BadRequest(
                "test_weights must be a JSON object mapping test names to non-negative numbers"
                    .into(),
            ));
        }
    }
    Ok(())
}

/// Create an organization task.
#[utoipa::path(post, path = "/tasks", tag = "tasks", request_body = CreateTask,
    responses((status = 201, body = TaskOut), (status = 400), (status = 422)), security(("bearer" = [])))]
async fn create_task(
    State(state): State<AppState>,
    current: CurrentUser,
    ValidJson(body): ValidJson<CreateTask>,
) -> ApiResult<(StatusCode, Json<TaskOut>)> {
    check_json_fields(
        body.success_criteria.as_ref(),
        body.test_weights.as_ref(),
        body.sample_data.as_ref(),
    )?;
    let now = Utc::now();
    let created = task::ActiveModel {
        organization_id: Set(Some(current.organization_id())),
        slug: Set(None),
        name: Set(body.name.trim().to_string()),
        description: Set(body.description),
        task_type: Set(body.task_type),
        difficulty: Set(body.difficulty),
        duration_minutes: Set(body.duration_minutes),
        starter_code: Set(body.starter_code),
        test_code: Set(body.test_code),
        hidden_test_code: Set(body.hidden_test_code),
        reference_solution: Set(None),
        sample_data: Set(body.sample_data),
        dependencies: Set(Some(serde_json::json!(
            body.dependencies.unwrap_or_default()
        ))),
        success_criteria: Set(body.success_criteria),
        test_weights: Set(body.test_weights),
        rubric: Set(None),
        scoring_config: Set(None),
        is_template: Set(false),
        is_active: Set(true),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&state.db)
    .await?;
    Ok((StatusCode::CREATED, Json(created.into())))
}

/// The organization's own task, for changes: templates are read-only.
async fn find_own(state: &AppState, current: &CurrentUser, id: i32) -> ApiResult<task::Model> {
    let found = find_visible(&state.db, current.organization_id(), id).await?;
    if found.is_template {
        return Err(ApiError::Forbidden(
            "Template tasks are read-only; create your own task to change it".into(),
        ));
    }
    Ok(found)
}

/// Change an organization task.
#[utoipa::path(patch, path = "/tasks/{id}", tag = "tasks", request_body = UpdateTask,
    responses((status = 200, body = TaskOut), (status = 403), (status = 404)), security(("bearer" = [])))]
async fn update_task(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiPath(id): ApiPath<i32>,
    ValidJson(body): ValidJson<UpdateTask>,
) -> ApiResult<Json<TaskOut>> {
    let existing = find_own(&state, &current, id).await?;
    check_json_fields(
        body.success_criteria.as_ref(),
        body.test_weights.as_ref(),
        body.sample_data.as_ref(),
    )?;
    let mut row = existing.into_active_model();
    if let Some(v) = body.name {
        row.name = Set(v.trim().to_string());
    }
    if let Some(v) = body.description {
        row.description = Set(v);
    }
    if let Some(v) = body.task_type {
        row.task_type = Set(v);
    }
    if let Some(v) = body.difficulty {
        row.difficulty = Set(v);
    }
    if let Some(v) = body.duration_minutes {
        row.duration_minutes = Set(v);
    }
    if let Some(v) = body.starter_code {
        row.starter_code = Set(v);
    }
    if let Some(v) = body.test_code {
        row.test_code = Set(v);
    }
    if let Some(v) = body.hidden_test_code {
        row.hidden_test_code = Set(Some(v));
    }
    if let Some(v) = body.sample_data {
        row.sample_data = Set(Some(v));
    }
    if let Some(v) = body.dependencies {
        row.dependencies = Set(Some(serde_json::json!(v)));
    }
    if let Some(v) = body.success_criteria {
        row.success_criteria = Set(Some(v));
    }
    if let Some(v) = body.test_weights {
        row.test_weights = Set(Some(v));
    }
    if let Some(v) = body.is_active {
        row.is_active = Set(v);
    }
    row.updated_at = Set(Utc::now());
    Ok(Json(row.update(&state.db).await?.into()))
}

/// Delete an organization task; one that assessments use is archived instead, so their history stays whole.
#[utoipa::path(delete, path = "/tasks/{id}", tag = "tasks",
    responses((status = 204), (status = 403), (status = 404)), security(("bearer" = [])))]
async fn delete_task(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiPath(id): ApiPath<i32>,
) -> ApiResult<StatusCode> {
    let existing = find_own(&state, &current, id).await?;
    let in_use = assessment::Entity::find()
        .filter(assessment::Column::TaskId.eq(existing.id))
        .count(&state.db)
        .await?
        > 0;
    if in_use {
        let mut row = existing.into_active_model();
        row.is_active = Set(false);
        row.updated_at = Set(Utc::now());
        row.update(&state.db).await?;
    } else {
        task::Entity::delete_by_id(existing.id)
            .exec(&state.db)
            .await?;
    }
    Ok(StatusCode::NO_CONTENT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn package_names() {
        for ok in ["numpy", "requests>=2.31", "py-flakes", "a.b_c"] {
            assert!(package_name(ok, &()).is_ok(), "{ok}");
        }
        for bad in ["", "rm -rf /", "git+https://x", ">=1"] {
            assert!(package_name(bad, &()).is_err(), "{bad}");
        }
    }

    #[test]
    fn json_field_shapes() {
        let obj = serde_json::json!({"a": 1});
        assert!(check_json_fields(Some(&obj), Some(&obj), None).is_ok());
        assert!(check_json_fields(Some(&serde_json::json!([1])), None, None).is_err());
        assert!(check_json_fields(None, Some(&serde_json::json!({"t": -1})), None).is_err());
        assert!(check_json_fields(None, Some(&serde_json::json!({"t": "x"})), None).is_err());
    }
}
