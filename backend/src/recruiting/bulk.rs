//! Bulk invitations: rows read from a recruiter's CSV (name, email, position) checked as a whole before anything
//! is sent (a row that is not valid, an email twice in the file, a candidate who already has this task), then
//! sent one by one through the single invitation (`sending::send`), each answering for itself: a row that fails
//! (no credit left, say) does not undo the ones before it.

use std::collections::{HashMap, HashSet};

use garde::Validate;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::candidates::NewCandidate;
use super::sending::{self, NewAssessment};
use super::tasks;
use crate::db::entities::{assessment, candidate};
use crate::domain::input::{normalize_email, number, optional_number};
use crate::domain::{Error, Result};
use crate::state::AppState;

/// Rows one upload may hold.
pub const MAX_ROWS: usize = 500;

#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct BulkInvite {
    #[serde(deserialize_with = "number")]
    #[garde(skip)]
    pub task_id: i32,
    /// Defaults to the task's duration.
    #[serde(default, deserialize_with = "optional_number")]
    #[garde(inner(range(min = 5, max = 180)))]
    pub duration_minutes: Option<i32>,
    /// How many days the links stay valid, 1 to 30 (default 7).
    #[serde(default, deserialize_with = "optional_number")]
    #[garde(inner(range(min = 1, max = 30)))]
    pub link_valid_days: Option<i64>,
    /// Each row is checked on its own and answered in `rows`.
    #[garde(length(min = 1, max = MAX_ROWS))]
    pub rows: Vec<BulkRow>,
    /// Check only (the preview); nothing is sent.
    #[serde(default)]
    #[garde(skip)]
    pub dry_run: bool,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct BulkRow {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub position: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BulkRowResult {
    /// 1-based, in the order sent.
    pub row: usize,
    pub name: String,
    pub email: String,
    pub position: Option<String>,
    /// `ready` (preview) or `sent`; `invalid`, `duplicate` (the email is earlier in the file) and `failed` are
    /// not sent.
    pub status: String,
    /// Why the row is not sent.
    pub problems: Vec<String>,
    /// Sent anyway, but worth a look: an existing candidate, or one who already has this task.
    pub notes: Vec<String>,
    pub assessment_id: Option<i32>,
    /// The sent assessment's token and the link built from it.
    pub token: Option<String>,
    pub candidate_link: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BulkOutcome {
    pub rows: Vec<BulkRowResult>,
    /// Rows that can be (or were) sent.
    pub ready: usize,
    pub sent: usize,
    /// Rows not sent: invalid, duplicate or failed.
    pub skipped: usize,
}

/// Checks every row (and sends the good ones unless `dry_run`).
pub async fn invite(
    state: &AppState,
    organization_id: i32,
    sent_by: i32,
    bulk: BulkInvite,
) -> Result<BulkOutcome> {
    let task = tasks::find_visible(&state.db, organization_id, bulk.task_id).await?;
    if !task.is_active {
        return Err(Error::invalid("task_id", "this task is archived"));
    }
    let mut rows = check(&bulk.rows);
    annotate_existing(state, organization_id, task.id, &mut rows).await?;
    if !bulk.dry_run {
        for row in rows.iter_mut().filter(|r| r.status == READY) {
            let new = NewAssessment {
                task_id: task.id,
                candidate_id: None,
                candidate_email: Some(row.email.clone()),
                candidate_name: Some(row.name.clone()),
                position: row.position.clone(),
                duration_minutes: bulk.duration_minutes,
                link_valid_days: bulk.link_valid_days,
                // The task's own AI policy, as for any invitation that names none.
                ai_mode: None,
            };
            match sending::send(state, organization_id, sent_by, new).await {
                Ok(item) => {
                    row.status = "sent".into();
                    row.assessment_id = Some(item.id);
                    row.candidate_link = Some(item.candidate_link);
                    row.token = Some(item.token);
                }
                Err(error @ Error::Internal(_)) => {
                    tracing::error!(%error, row = row.row, "a bulk invitation failed");
                    row.status = "failed".into();
                    row.problems
                        .push("could not be sent; try this row again".into());
                }
                Err(error) => {
                    row.status = "failed".into();
                    row.problems.push(error.to_string());
                }
            }
        }
    }
    let ready = rows
        .iter()
        .filter(|r| r.status == READY || r.status == "sent")
        .count();
    let sent = rows.iter().filter(|r| r.status == "sent").count();
    Ok(BulkOutcome {
        skipped: rows.len() - ready,
        ready,
        sent,
        rows,
    })
}

const READY: &str = "ready";

/// Each row on its own (the single invitation's rules for a candidate) and against the rows before it.
fn check(rows: &[BulkRow]) -> Vec<BulkRowResult> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    rows.iter()
        .enumerate()
        .map(|(i, raw)| {
            let email = normalize_email(&raw.email);
            let name = raw.name.trim().to_string();
            let position = raw
                .position
                .as_deref()
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(String::from);
            let candidate = NewCandidate {
                email: email.clone(),
                full_name: name.clone(),
                position: position.clone(),
            };
            let mut problems: Vec<String> = match candidate.validate() {
                Ok(()) => Vec::new(),
                Err(report) => report
                    .iter()
                    .map(|(path, error)| format!("{}: {}", field_label(&path.to_string()), error))
                    .collect(),
            };
            let mut status = if problems.is_empty() {
                READY
            } else {
                "invalid"
            };
            if !email.is_empty() {
                match seen.get(&email) {
                    Some(first) => {
                        problems.push(format!("the same email as row {first}"));
                        status = "duplicate";
                    }
                    None => {
                        seen.insert(email.clone(), i + 1);
                    }
                }
            }
            BulkRowResult {
                row: i + 1,
                name,
                email,
                position,
                status: status.into(),
                problems,
                notes: Vec::new(),
                assessment_id: None,
                token: None,
                candidate_link: None,
            }
        })
        .collect()
}

fn field_label(path: &str) -> &str {
    match path {
        "full_name" => "name",
        other => other,
    }
}

/// Notes for rows whose email is already a candidate: their saved name when it differs (the invitation goes out
/// under it, as a single one does), and whether they already have an assessment of this task.
async fn annotate_existing(
    state: &AppState,
    organization_id: i32,
    task_id: i32,
    rows: &mut [BulkRowResult],
) -> Result<()> {
    let emails: Vec<String> = rows
        .iter()
        .filter(|r| r.status == READY)
        .map(|r| r.email.clone())
        .collect();
    if emails.is_empty() {
        return Ok(());
    }
    let existing = candidate::Entity::find()
        .filter(candidate::Column::OrganizationId.eq(organization_id))
        .filter(candidate::Column::DeletedAt.is_null())
        .filter(candidate::Column::Email.is_in(emails))
        .all(&state.db)
        .await?;
    let ids: Vec<i32> = existing.iter().map(|c| c.id).collect();
    let with_task: HashSet<i32> = assessment::Entity::find()
        .select_only()
        .column(assessment::Column::CandidateId)
        .filter(assessment::Column::OrganizationId.eq(organization_id))
        .filter(assessment::Column::TaskId.eq(task_id))
        .filter(assessment::Column::CandidateId.is_in(ids))
        .into_tuple::<i32>()
        .all(&state.db)
        .await?
        .into_iter()
        .collect();
    let by_email: HashMap<&str, &candidate::Model> =
        existing.iter().map(|c| (c.email.as_str(), c)).collect();
    for row in rows.iter_mut().filter(|r| r.status == READY) {
        let Some(found) = by_email.get(row.email.as_str()) else {
            continue;
        };
        if found.full_name == row.name {
            row.notes.push("an existing candidate".into());
        } else {
            row.notes.push(format!(
                "an existing candidate, saved as {}",
                found.full_name
            ));
        }
        if with_task.contains(&found.id) {
            row.notes
                .push("already has an assessment of this task".into());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(name: &str, email: &str) -> BulkRow {
        BulkRow {
            name: name.into(),
            email: email.into(),
            position: None,
        }
    }

    #[test]
    fn bad_rows_and_duplicates_are_flagged() {
        let checked = check(&[
            row("Ada", "ada@example.com"),
            row("", "nobody@example.com"),
            row("Bob", "not-an-email"),
            row("Ada again", " ADA@example.com "),
        ]);
        let statuses: Vec<&str> = checked.iter().map(|r| r.status.as_str()).collect();
        assert_eq!(statuses, ["ready", "invalid", "invalid", "duplicate"]);
        assert!(checked[1].problems[0].starts_with("name:"));
        assert!(checked[2].problems[0].starts_with("email:"));
        assert_eq!(checked[3].problems, ["the same email as row 1"]);
        assert_eq!(checked[3].email, "ada@example.com");
    }
}
