//! What a task looks like on the way in and out: the bodies a recruiter sends (unknown fields ignored, numbers
//! may come as strings, the earlier vocabulary accepted) with their validation, and the task as recruiters see it
//! (never the hidden tests or the reference solution).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use garde::Validate;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tali_sandbox::WorkspaceFile;
use utoipa::ToSchema;

use crate::db::entities::task;
use crate::domain::input::{self, not_blank};
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
    /// The AI policy of its assessments unless one is named at sending: off, hints or full (the default).
    #[serde(default = "default_ai_mode")]
    #[garde(custom(vocabulary::ai_mode_rule))]
    #[schema(default = "full")]
    pub ai_mode: String,
    /// Whether its assessments ask the candidate three questions about their own submission after submit.
    #[serde(default)]
    #[garde(skip)]
    pub understanding_check: bool,
}

fn default_ai_mode() -> String {
    "full".into()
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
    #[garde(inner(custom(vocabulary::ai_mode_rule)))]
    pub ai_mode: Option<String>,
    #[garde(skip)]
    pub understanding_check: Option<bool>,
}

impl TaskChanges {
    /// Whether the change touches what the proof runs.
    pub(super) fn changes_code(&self) -> bool {
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
/// Every requirement a task lists must be met by the sandbox runtime as pinned in its lock file (both providers
/// are built from it): nothing is installed per task, so a missing package would fail every candidate's run.
pub(super) fn check_dependencies(dependencies: Option<&[String]>) -> Result<()> {
    let available = tali_sandbox::runtime_packages();
    for requirement in dependencies.unwrap_or_default() {
        let requirement = requirement.trim();
        let split = requirement
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
            .unwrap_or(requirement.len());
        let (name, spec) = requirement.split_at(split);
        let name = name.to_lowercase().replace(['_', '.'], "-");
        let Some((_, version)) = available.iter().find(|(n, _)| *n == name) else {
            let offered: Vec<String> = available.iter().map(|(n, v)| format!("{n} {v}")).collect();
            return Err(Error::invalid(
                "dependencies",
                format!(
                    "{requirement:?} is not in the sandbox runtime, which has {}",
                    offered.join(", ")
                ),
            ));
        };
        if !version_meets(version, spec.trim()) {
            return Err(Error::invalid(
                "dependencies",
                format!("{requirement:?}: the sandbox runtime has {name} {version}"),
            ));
        }
    }
    Ok(())
}

/// Whether `version` meets a comma-separated specifier such as `>=8,<9` (PEP 440's common operators, release
/// segments compared as numbers); an empty specifier is met by any version.
fn version_meets(version: &str, spec: &str) -> bool {
    let parts = |v: &str| -> Vec<u64> {
        v.trim()
            .split('.')
            .map(|p| {
                p.chars()
                    .take_while(char::is_ascii_digit)
                    .collect::<String>()
            })
            .map(|p| p.parse().unwrap_or(0))
            .collect()
    };
    let have = parts(version);
    spec.split(',')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .all(|clause| {
            let op_len = clause
                .find(|c: char| c.is_ascii_digit())
                .unwrap_or(clause.len());
            let (op, wanted) = clause.split_at(op_len);
            let want = parts(wanted);
            let len = have.len().max(want.len());
            let pad = |v: &[u64]| -> Vec<u64> {
                let mut v = v.to_vec();
                v.resize(len, 0);
                v
            };
            let order = pad(&have).cmp(&pad(&want));
            match op.trim() {
                "==" | "===" => order.is_eq(),
                "!=" => order.is_ne(),
                ">=" => order.is_ge(),
                "<=" => order.is_le(),
                ">" => order.is_gt(),
                "<" => order.is_lt(),
                // Compatible release: at least `wanted`, same leading segments but the last.
                "~=" => {
                    order.is_ge()
                        && have.get(..want.len().saturating_sub(1))
                            == want.get(..want.len().saturating_sub(1))
                }
                _ => false,
            }
        })
}

pub(super) fn check_json_fields(
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
    /// off, hints or full: the AI policy its assessments get by default.
    pub ai_mode: String,
    /// Whether its assessments ask the understanding check after submit.
    pub understanding_check: bool,
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
            ai_mode: t.ai_mode,
            understanding_check: t.understanding_check,
            is_template: t.is_template,
            is_active: t.is_active,
            organization_id: t.organization_id,
            created_at: t.created_at,
            updated_at: t.updated_at,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

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

    #[test]
    fn versions_meet_common_specifiers() {
        assert!(version_meets("2.1.3", ""));
        assert!(version_meets("2.1.3", ">=2,<3"));
        assert!(version_meets("2.1.3", "==2.1.3"));
        assert!(version_meets("2.1.3", "~=2.1"));
        assert!(!version_meets("2.1.3", "~=2.2"));
        assert!(!version_meets("8.3.3", ">=9"));
        assert!(!version_meets("8.3.3", "!=8.3.3"));
        assert!(
            !version_meets("8.3.3", "=>8"),
            "an unknown operator is not met"
        );
    }

    #[test]
    fn dependencies_are_checked_against_the_runtime_lock() {
        let ok = [
            "pytest".to_string(),
            "NumPy>=2,<3".into(),
            "requests == 2.32.3".into(),
        ];
        assert!(check_dependencies(Some(&ok)).is_ok());
        let missing = check_dependencies(Some(&["pandas".to_string()]))
            .unwrap_err()
            .to_string();
        assert!(
            missing.contains("\"pandas\" is not in the sandbox runtime"),
            "{missing}"
        );
        assert!(missing.contains("numpy 2.1.3"), "{missing}");
        let old = check_dependencies(Some(&["pytest>=9".to_string()]))
            .unwrap_err()
            .to_string();
        assert!(
            old.contains("the sandbox runtime has pytest 8.3.3"),
            "{old}"
        );
    }

    #[test]
    fn the_runtime_lock_has_what_every_template_task_needs() {
        let seed = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seed/tasks");
        let mut checked = 0;
        for entry in std::fs::read_dir(seed).unwrap() {
            let path = entry.unwrap().path().join("task.json");
            let task: Value =
                serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            let dependencies: Vec<String> =
                serde_json::from_value(task["dependencies"].clone()).unwrap_or_default();
            assert!(
                check_dependencies(Some(&dependencies)).is_ok(),
                "{}: {dependencies:?}",
                path.display()
            );
            checked += 1;
        }
        assert!(checked >= 4, "found {checked} template tasks");
    }
}
