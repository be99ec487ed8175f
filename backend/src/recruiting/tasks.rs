//! Tasks: the shared template library plus each organization's own tasks. Templates are read-only; a task is
//! saved only once its proof passes (`task_check`), and its hidden tests and reference solution never leave the
//! server.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use garde::Validate;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait,
    IntoActiveModel, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use tali_sandbox::{SandboxService, WorkspaceFile};
use utoipa::ToSchema;

use super::task_check::{self, CheckError, Proof, TaskFiles};
use crate::db::entities::{assessment, task};
use crate::domain::input;
use crate::domain::input::not_blank;
use crate::domain::{Error, Result, vocabulary};

pub const MAX_CODE_BYTES: usize = 200 * 1024;

/// A new organization task. Unknown fields are ignored and numbers may come as strings, as the reference client
/// sends them; difficulty and type accept the earlier words as aliases.
#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct NewTask {
    #[garde(length(chars, min = 1, max = 200), custom(not_blank))]
    pub name: String,
    #[garde(length(max = 20000))]
    pub description: String,
    /// debugging, ai_engineering, optimization, build or refactor.
    #[serde(deserialize_with = "vocabulary::task_type_word")]
    #[garde(custom(vocabulary::task_type_rule))]
    pub task_type: String,
    /// junior, mid, senior or staff.
    #[serde(deserialize_with = "vocabulary::difficulty_word")]
    #[garde(custom(vocabulary::difficulty_rule))]
    pub difficulty: String,
    #[serde(default = "default_duration", deserialize_with = "input::number")]
    #[garde(range(min = 5, max = 180))]
    #[schema(default = 30)]
    pub duration_minutes: i32,
    /// The candidate's `solution.py` at the start.
    #[garde(length(max = MAX_CODE_BYTES))]
    pub starter_code: String,
    /// Visible pytest tests; they import the candidate's code with `from solution import ...`.
    #[garde(length(max = MAX_CODE_BYTES))]
    pub test_code: String,
    /// Tests run only at submit; defaults to the visible tests.
    #[serde(default)]
    #[garde(inner(length(max = MAX_CODE_BYTES)))]
    pub hidden_test_code: Option<String>,
    /// A solution that passes every test; never sent to a browser.
    #[serde(default)]
    #[garde(inner(length(max = MAX_CODE_BYTES)))]
    pub reference_solution: Option<String>,
    #[serde(default)]
    #[garde(skip)]
    pub sample_data: Option<Value>,
    #[serde(default)]
    #[garde(inner(length(max = 30), inner(custom(package_name))))]
    pub dependencies: Option<Vec<String>>,
    #[serde(default)]
    #[garde(skip)]
    pub success_criteria: Option<Value>,
    #[serde(default)]
    #[garde(skip)]
    pub test_weights: Option<Value>,
}

fn default_duration() -> i32 {
    30
}

/// Changes to an organization task; absent fields stay as they are.
#[derive(Debug, Default, Deserialize, Validate, ToSchema)]
#[serde(default)]
pub struct TaskChanges {
    #[garde(inner(length(chars, min = 1, max = 200), custom(not_blank)))]
    pub name: Option<String>,
    #[garde(inner(length(max = 20000)))]
    pub description: Option<String>,
    #[serde(deserialize_with = "vocabulary::optional_task_type_word")]
    #[garde(inner(custom(vocabulary::task_type_rule)))]
    pub task_type: Option<String>,
    #[serde(deserialize_with = "vocabulary::optional_difficulty_word")]
    #[garde(inner(custom(vocabulary::difficulty_rule)))]
    pub difficulty: Option<String>,
    #[serde(deserialize_with = "input::optional_number")]
    #[garde(inner(range(min = 5, max = 180)))]
    pub duration_minutes: Option<i32>,
    #[garde(inner(length(max = MAX_CODE_BYTES)))]
    pub starter_code: Option<String>,
    #[garde(inner(length(max = MAX_CODE_BYTES)))]
    pub test_code: Option<String>,
    #[garde(inner(length(max = MAX_CODE_BYTES)))]
    pub hidden_test_code: Option<String>,
    #[garde(inner(length(max = MAX_CODE_BYTES)))]
    pub reference_solution: Option<String>,
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

impl TaskChanges {
    /// Whether the change touches what the proof runs.
    fn changes_code(&self) -> bool {
        self.starter_code.is_some()
            || self.test_code.is_some()
            || self.hidden_test_code.is_some()
            || self.reference_solution.is_some()
            || self.sample_data.is_some()
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

/// `success_criteria` and `sample_data` must be JSON objects and `test_weights` an object of non-negative
/// numbers.
fn check_json_fields(
    success_criteria: Option<&Value>,
    test_weights: Option<&Value>,
    sample_data: Option<&Value>,
) -> Result<()> {
    if success_criteria.is_some_and(|v| !v.is_object()) {
        return Err(Error::invalid("success_criteria", "must be a JSON object"));
    }
    if sample_data.is_some_and(|v| !v.is_object()) {
        return Err(Error::invalid("sample_data", "must be a JSON object"));
    }
    if let Some(value) = test_weights {
        let weights: Option<BTreeMap<String, f64>> = serde_json::from_value(value.clone()).ok();
        if !weights.is_some_and(|w| w.values().all(|v| v.is_finite() && *v >= 0.0)) {
            return Err(Error::invalid(
                "test_weights",
                "must be a JSON object mapping test names to non-negative numbers",
            ));
        }
    }
    Ok(())
}

/// Workspace files of a task's `sample_data` (`{"files": {"path": "content"}}`).
pub fn sample_files(sample_data: Option<&Value>) -> Vec<WorkspaceFile> {
    sample_data
        .and_then(|d| d.get("files"))
        .and_then(Value::as_object)
        .map(|files| {
            files
                .iter()
                .filter_map(|(path, content)| {
                    content
                        .as_str()
                        .map(|c| WorkspaceFile::new(path.clone(), c.as_bytes().to_vec()))
                })
                .collect()
        })
        .unwrap_or_default()
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

/// A task the organization may use (a template or its own).
pub async fn find_visible(
    db: &impl ConnectionTrait,
    organization_id: i32,
    id: i32,
) -> Result<task::Model> {
    task::Entity::find_by_id(id)
        .filter(visible_to(organization_id))
        .one(db)
        .await?
        .ok_or_else(|| Error::not_found("Task"))
}

/// The organization's own task, for changes: templates are read-only.
async fn find_own(db: &impl ConnectionTrait, organization_id: i32, id: i32) -> Result<task::Model> {
    let found = find_visible(db, organization_id, id).await?;
    if found.is_template {
        return Err(Error::Forbidden(
            "Template tasks are read-only; create your own task to change it".into(),
        ));
    }
    Ok(found)
}

#[derive(Debug, Default)]
pub struct TaskFilter {
    pub task_type: Option<String>,
    pub difficulty: Option<String>,
    pub include_archived: bool,
    pub limit: u64,
    pub offset: u64,
}

/// Templates first, then by name; with the total before paging.
pub async fn list(
    db: &impl ConnectionTrait,
    organization_id: i32,
    filter: &TaskFilter,
) -> Result<(Vec<task::Model>, u64)> {
    let mut select = task::Entity::find().filter(visible_to(organization_id));
    if let Some(word) = &filter.task_type {
        let kind = vocabulary::task_type(word).unwrap_or(word);
        select = select.filter(task::Column::TaskType.eq(kind));
    }
    if let Some(word) = &filter.difficulty {
        let level = vocabulary::difficulty(word).unwrap_or(word);
        select = select.filter(task::Column::Difficulty.eq(level));
    }
    if !filter.include_archived {
        select = select.filter(task::Column::IsActive.eq(true));
    }
    let total = select.clone().count(db).await?;
    let rows = select
        .order_by_desc(task::Column::IsTemplate)
        .order_by_asc(task::Column::Name)
        .order_by_asc(task::Column::Id)
        .limit(filter.limit)
        .offset(filter.offset)
        .all(db)
        .await?;
    Ok((rows, total))
}

/// Proves the task in the sandbox; a task that cannot work is rejected with what to change.
pub async fn prove(
    sandbox: std::result::Result<&SandboxService, Error>,
    organization_id: i32,
    files: &TaskFiles<'_>,
) -> Result<Proof> {
    task_check::prove(sandbox?, organization_id, files)
        .await
        .map_err(|err| match err {
            CheckError::Rejected { field, message } => Error::Rejected {
                field: field.into(),
                message,
            },
            CheckError::Sandbox(err) => crate::session::sandbox_failure(err),
        })
}

/// Creates an organization task once its proof passes.
pub async fn create(
    db: &impl ConnectionTrait,
    sandbox: std::result::Result<&SandboxService, Error>,
    organization_id: i32,
    new: NewTask,
) -> Result<(task::Model, Proof)> {
    check_json_fields(
        new.success_criteria.as_ref(),
        new.test_weights.as_ref(),
        new.sample_data.as_ref(),
    )?;
    let proof = prove(
        sandbox,
        organization_id,
        &TaskFiles {
            starter_code: &new.starter_code,
            visible_tests: &new.test_code,
            hidden_tests: new.hidden_test_code.as_deref(),
            reference_solution: new.reference_solution.as_deref(),
            sample_files: sample_files(new.sample_data.as_ref()),
        },
    )
    .await?;
    let now = Utc::now();
    let created = task::ActiveModel {
        organization_id: Set(Some(organization_id)),
        slug: Set(None),
        name: Set(new.name.trim().to_string()),
        description: Set(new.description),
        task_type: Set(new.task_type),
        difficulty: Set(new.difficulty),
        duration_minutes: Set(new.duration_minutes),
        starter_code: Set(new.starter_code),
        test_code: Set(new.test_code),
        hidden_test_code: Set(new.hidden_test_code),
        reference_solution: Set(new.reference_solution),
        hidden_test_names: Set(Some(json!(proof.hidden_test_names))),
        sample_data: Set(new.sample_data),
        dependencies: Set(Some(json!(new.dependencies.unwrap_or_default()))),
        success_criteria: Set(new.success_criteria),
        test_weights: Set(new.test_weights),
        rubric: Set(None),
        scoring_config: Set(None),
        is_template: Set(false),
        is_active: Set(true),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok((created, proof))
}

/// Changes an organization task; a change to its code or tests is proved again before it is saved.
pub async fn update(
    db: &impl ConnectionTrait,
    sandbox: std::result::Result<&SandboxService, Error>,
    organization_id: i32,
    id: i32,
    changes: TaskChanges,
) -> Result<(task::Model, Option<Proof>)> {
    let existing = find_own(db, organization_id, id).await?;
    check_json_fields(
        changes.success_criteria.as_ref(),
        changes.test_weights.as_ref(),
        changes.sample_data.as_ref(),
    )?;
    let proof = if changes.changes_code() {
        let sample_data = changes
            .sample_data
            .as_ref()
            .or(existing.sample_data.as_ref());
        let proof = prove(
            sandbox,
            organization_id,
            &TaskFiles {
                starter_code: changes
                    .starter_code
                    .as_deref()
                    .unwrap_or(&existing.starter_code),
                visible_tests: changes.test_code.as_deref().unwrap_or(&existing.test_code),
                hidden_tests: changes
                    .hidden_test_code
                    .as_deref()
                    .or(existing.hidden_test_code.as_deref()),
                reference_solution: changes
                    .reference_solution
                    .as_deref()
                    .or(existing.reference_solution.as_deref()),
                sample_files: sample_files(sample_data),
            },
        )
        .await?;
        Some(proof)
    } else {
        None
    };
    let mut row = existing.into_active_model();
    if let Some(proof) = &proof {
        row.hidden_test_names = Set(Some(json!(proof.hidden_test_names)));
    }
    if let Some(v) = changes.name {
        row.name = Set(v.trim().to_string());
    }
    if let Some(v) = changes.description {
        row.description = Set(v);
    }
    if let Some(v) = changes.task_type {
        row.task_type = Set(v);
    }
    if let Some(v) = changes.difficulty {
        row.difficulty = Set(v);
    }
    if let Some(v) = changes.duration_minutes {
        row.duration_minutes = Set(v);
    }
    if let Some(v) = changes.starter_code {
        row.starter_code = Set(v);
    }
    if let Some(v) = changes.test_code {
        row.test_code = Set(v);
    }
    if let Some(v) = changes.hidden_test_code {
        row.hidden_test_code = Set(Some(v));
    }
    if let Some(v) = changes.reference_solution {
        row.reference_solution = Set(Some(v));
    }
    if let Some(v) = changes.sample_data {
        row.sample_data = Set(Some(v));
    }
    if let Some(v) = changes.dependencies {
        row.dependencies = Set(Some(json!(v)));
    }
    if let Some(v) = changes.success_criteria {
        row.success_criteria = Set(Some(v));
    }
    if let Some(v) = changes.test_weights {
        row.test_weights = Set(Some(v));
    }
    if let Some(v) = changes.is_active {
        row.is_active = Set(v);
    }
    row.updated_at = Set(Utc::now());
    Ok((row.update(db).await?, proof))
}

/// Deletes an organization task; one that assessments use is archived instead, so their history stays whole.
pub async fn delete(db: &impl ConnectionTrait, organization_id: i32, id: i32) -> Result<()> {
    let existing = find_own(db, organization_id, id).await?;
    let in_use = assessment::Entity::find()
        .filter(assessment::Column::TaskId.eq(existing.id))
        .count(db)
        .await?
        > 0;
    if in_use {
        let mut row = existing.into_active_model();
        row.is_active = Set(false);
        row.updated_at = Set(Utc::now());
        row.update(db).await?;
    } else {
        task::Entity::delete_by_id(existing.id).exec(db).await?;
    }
    Ok(())
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
        let obj = json!({"a": 1});
        assert!(check_json_fields(Some(&obj), Some(&obj), None).is_ok());
        assert!(check_json_fields(Some(&json!([1])), None, None).is_err());
        assert!(check_json_fields(None, Some(&json!({"t": -1})), None).is_err());
        assert!(check_json_fields(None, Some(&json!({"t": "x"})), None).is_err());
    }

    #[test]
    fn the_reference_clients_task_body_is_accepted() {
        let body: NewTask = serde_json::from_value(json!({
            "name": "Async bug", "description": "Fix it", "task_type": "debugging", "difficulty": "medium",
            "duration_minutes": "45", "starter_code": "x = 1", "test_code": "def test_x(): pass",
            "is_active": true, "is_template": false
        }))
        .unwrap();
        assert_eq!(
            (body.difficulty.as_str(), body.duration_minutes),
            ("mid", 45)
        );
        assert!(body.validate().is_ok());
    }
}
