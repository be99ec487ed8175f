//! Tasks: the shared template library plus each organization's own tasks. Templates are read-only; a task is
//! saved only once its proof passes (`task_check`), and its hidden tests and reference solution never leave the
//! server.

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait,
    IntoActiveModel, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde_json::json;
use tali_sandbox::SandboxService;

use super::task_check::{self, CheckError, Proof, TaskFiles};
pub use super::task_shapes::{NewTask, TaskChanges, TaskOut, sample_files};
use super::task_shapes::{check_dependencies, check_json_fields};
use crate::db::entities::{assessment, task};
use crate::domain::{Error, Result, vocabulary};

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

/// The proof `new` passes, without saving anything: the checks `create` makes before it saves. With `stored`
/// (the author's own task being edited), hidden tests and a reference solution left out are the stored ones,
/// as a save would keep them.
pub async fn validate(
    db: &impl ConnectionTrait,
    sandbox: std::result::Result<&SandboxService, Error>,
    organization_id: i32,
    new: &NewTask,
    stored: Option<i32>,
) -> Result<Proof> {
    check_json_fields(
        new.success_criteria.as_ref(),
        new.test_weights.as_ref(),
        new.sample_data.as_ref(),
    )?;
    check_dependencies(new.dependencies.as_deref())?;
    let stored = match stored {
        Some(id) => Some(find_own(db, organization_id, id).await?),
        None => None,
    };
    let kept = |given: &Option<String>, stored: Option<&Option<String>>| -> Option<String> {
        given.clone().or_else(|| stored.and_then(Clone::clone))
    };
    let hidden_tests = kept(
        &new.hidden_test_code,
        stored.as_ref().map(|t| &t.hidden_test_code),
    );
    let reference = kept(
        &new.reference_solution,
        stored.as_ref().map(|t| &t.reference_solution),
    );
    prove(
        sandbox,
        organization_id,
        &TaskFiles {
            starter_code: &new.starter_code,
            visible_tests: &new.test_code,
            hidden_tests: hidden_tests.as_deref(),
            reference_solution: reference.as_deref(),
            sample_files: sample_files(new.sample_data.as_ref()),
        },
    )
    .await
}

/// Creates an organization task once its proof passes.
pub async fn create(
    db: &impl ConnectionTrait,
    sandbox: std::result::Result<&SandboxService, Error>,
    organization_id: i32,
    new: NewTask,
) -> Result<(task::Model, Proof)> {
    let proof = validate(db, sandbox, organization_id, &new, None).await?;
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
        ai_mode: Set(new.ai_mode),
        understanding_check: Set(new.understanding_check),
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
    check_dependencies(changes.dependencies.as_deref())?;
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
    if let Some(v) = changes.ai_mode {
        row.ai_mode = Set(v);
    }
    if let Some(v) = changes.understanding_check {
        row.understanding_check = Set(v);
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
