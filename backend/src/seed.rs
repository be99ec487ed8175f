//! The template task library: `backend/seed/tasks/<slug>/` folders compiled into the binary and upserted by
//! slug, so `tali seed` (also run by `tali serve`) is idempotent and updates templates in place.

use std::collections::BTreeMap;

use anyhow::{Context, bail};
use chrono::Utc;
use rust_embed::Embed;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, QueryFilter,
};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::db::entities::task;
use crate::domain::vocabulary;
use crate::session::hidden::hidden_test_name;

#[derive(Embed)]
#[folder = "seed/tasks/"]
#[allow_missing = true]
struct SeedFiles;

/// `task.json` of a template.
#[derive(Debug, Deserialize)]
pub struct TaskManifest {
    pub slug: String,
    pub name: String,
    pub task_type: String,
    pub difficulty: String,
    pub duration_minutes: i32,
    #[serde(default)]
    pub dependencies: Vec<String>,
    pub test_weights: BTreeMap<String, f64>,
    pub success_criteria: Value,
    #[serde(default)]
    pub rubric: Value,
    #[serde(default)]
    pub reference_fix_lines: Option<u32>,
    #[serde(default)]
    pub token_budget: Option<u32>,
    #[serde(default)]
    pub sample_files: Vec<String>,
    /// The bugs the starter hides and the hidden tests that catch each one.
    #[serde(default)]
    pub planted_bugs: Value,
}

/// One template read from the embedded files.
pub struct Template {
    pub manifest: TaskManifest,
    pub description: String,
    pub starter: String,
    pub visible_tests: String,
    pub hidden_tests: String,
    pub reference: String,
    /// Workspace files (path relative to the workspace, content).
    pub sample_files: BTreeMap<String, String>,
}

fn read(slug: &str, file: &str) -> anyhow::Result<String> {
    let path = format!("{slug}/{file}");
    let data = SeedFiles::get(&path).with_context(|| format!("seed file {path} is missing"))?;
    String::from_utf8(data.data.into_owned()).with_context(|| format!("{path} is not UTF-8"))
}

pub fn templates() -> anyhow::Result<Vec<Template>> {
    let mut slugs: Vec<String> = SeedFiles::iter()
        .filter_map(|path| path.strip_suffix("/task.json").map(str::to_string))
        .filter(|slug| !slug.contains('/'))
        .collect();
    slugs.sort();
    slugs
        .into_iter()
        .map(|slug| {
            let manifest: TaskManifest = serde_json::from_str(&read(&slug, "task.json")?)
                .with_context(|| format!("{slug}/task.json is invalid"))?;
            if manifest.slug != slug {
                bail!("{slug}/task.json names slug {:?}", manifest.slug);
            }
            let mut sample_files = BTreeMap::new();
            for file in &manifest.sample_files {
                sample_files.insert(file.clone(), read(&slug, &format!("workspace/{file}"))?);
            }
            Ok(Template {
                description: read(&slug, "description.md")?,
                starter: read(&slug, "starter.py")?,
                visible_tests: read(&slug, "test_visible.py")?,
                hidden_tests: read(&slug, "test_hidden.py")?,
                reference: read(&slug, "reference.py")?,
                sample_files,
                manifest,
            })
        })
        .collect()
}

/// Inserts new templates and updates existing ones by slug. Returns (created, updated).
pub async fn run(db: &DatabaseConnection) -> anyhow::Result<(usize, usize)> {
    let (mut created, mut updated) = (0, 0);
    for template in templates()? {
        let slug = template.manifest.slug.clone();
        let existing = task::Entity::find()
            .filter(task::Column::Slug.eq(&slug))
            .one(db)
            .await?;
        let now = Utc::now();
        let mut row = match existing {
            Some(model) => {
                updated += 1;
                model.into_active_model()
            }
            None => {
                created += 1;
                task::ActiveModel {
                    created_at: Set(now),
                    ..Default::default()
                }
            }
        };
        apply(&mut row, template)?;
        row.updated_at = Set(now);
        row.save(db).await?;
    }
    Ok((created, updated))
}

fn apply(row: &mut task::ActiveModel, t: Template) -> anyhow::Result<()> {
    let m = t.manifest;
    let task_type = vocabulary::task_type(&m.task_type)
        .with_context(|| format!("{}: unknown task_type {:?}", m.slug, m.task_type))?;
    let difficulty = vocabulary::difficulty(&m.difficulty)
        .with_context(|| format!("{}: unknown difficulty {:?}", m.slug, m.difficulty))?;
    // The manifest weighs exactly the hidden tests (scripts/check_tasks.py checks it).
    let hidden_test_names: Vec<String> =
        m.test_weights.keys().map(|f| hidden_test_name(f)).collect();
    row.organization_id = Set(None);
    row.slug = Set(Some(m.slug));
    row.name = Set(m.name);
    row.description = Set(t.description);
    row.task_type = Set(task_type.into());
    row.difficulty = Set(difficulty.into());
    row.duration_minutes = Set(m.duration_minutes);
    row.starter_code = Set(t.starter);
    row.test_code = Set(t.visible_tests);
    row.hidden_test_code = Set(Some(t.hidden_tests));
    row.reference_solution = Set(Some(t.reference));
    row.hidden_test_names = Set(Some(json!(hidden_test_names)));
    row.sample_data = Set(Some(json!({ "files": t.sample_files })));
    row.dependencies = Set(Some(json!(m.dependencies)));
    row.success_criteria = Set(Some(m.success_criteria));
    row.test_weights = Set(Some(json!(m.test_weights)));
    row.rubric = Set(Some(m.rubric));
    row.scoring_config = Set(Some(json!({
        "reference_fix_lines": m.reference_fix_lines,
        "token_budget": m.token_budget,
        "planted_bugs": m.planted_bugs,
    })));
    // The template tasks ask the understanding check (issue 18); an organization's own tasks choose.
    row.understanding_check = Set(true);
    row.is_template = Set(true);
    row.is_active = Set(true);
    Ok(())
}
