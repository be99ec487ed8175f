//! The dashboard's numbers for the caller's organization.

use std::collections::{BTreeMap, BTreeSet};

use axum::Json;
use axum::extract::State;
use chrono::{Datelike, TimeZone, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::app::AppState;
use crate::auth::CurrentUser;
use crate::db::entities::{assessment, task};
use crate::domain::pricing::PRICE_PER_ASSESSMENT_PENCE;
use crate::error::ApiResult;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_analytics))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TaskStats {
    pub task_id: i32,
    pub task_name: String,
    pub total: u64,
    pub completed: u64,
    pub average_score: Option<f64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Bucket {
    pub bucket: String,
    pub count: u64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Analytics {
    pub total_assessments: u64,
    pub active_assessments: u64,
    pub completed_assessments: u64,
    /// Completed as a percentage of all assessments (0-100, one decimal).
    pub completion_rate: f64,
    pub average_score: Option<f64>,
    pub assessments_this_month: u64,
    pub cost_this_month_pence: u64,
    pub per_task: Vec<TaskStats>,
    pub score_distribution: Vec<Bucket>,
}

/// Active (in progress), completion rate, average score, this month's cost, per-task figures and the score
/// distribution.
#[utoipa::path(get, path = "/analytics", tag = "analytics",
    responses((status = 200, body = Analytics)), security(("bearer" = [])))]
async fn get_analytics(
    State(state): State<AppState>,
    current: CurrentUser,
) -> ApiResult<Json<Analytics>> {
    let rows: Vec<(i32, String, Option<f64>, chrono::DateTime<Utc>)> = assessment::Entity::find()
        .select_only()
        .column(assessment::Column::TaskId)
        .column(assessment::Column::Status)
        .column(assessment::Column::Score)
        .column(assessment::Column::CreatedAt)
        .filter(assessment::Column::OrganizationId.eq(current.organization_id()))
        .into_tuple()
        .all(&state.db)
        .await?;
    // Distinct ids: one bound parameter per assessment would break past the databases' parameter limits.
    let task_ids: BTreeSet<i32> = rows.iter().map(|r| r.0).collect();
    let names: BTreeMap<i32, String> = task::Entity::find()
        .select_only()
        .column(task::Column::Id)
        .column(task::Column::Name)
        .filter(task::Column::Id.is_in(task_ids))
        .into_tuple::<(i32, String)>()
        .all(&state.db)
        .await?
        .into_iter()
        .collect();
    let now = Utc::now();
    let month_start = Utc
        .with_ymd_and_hms(now.year(), now.month(), 1, 0, 0, 0)
        .single()
        .unwrap_or(now);
    Ok(Json(summarize(&rows, &names, month_start)))
}

fn summarize(
    rows: &[(i32, String, Option<f64>, chrono::DateTime<Utc>)],
    names: &BTreeMap<i32, String>,
    month_start: chrono::DateTime<Utc>,
) -> Analytics {
    let total = rows.len() as u64;
    let active = rows.iter().filter(|r| r.1 == "in_progress").count() as u64;
    let completed: Vec<&(i32, String, Option<f64>, chrono::DateTime<Utc>)> =
        rows.iter().filter(|r| r.1 == "completed").collect();
    let scores: Vec<f64> = completed.iter().filter_map(|r| r.2).collect();
    let this_month = rows.iter().filter(|r| r.3 >= month_start).count() as u64;

    let mut per_task: BTreeMap<i32, (u64, u64, Vec<f64>)> = BTreeMap::new();
    for (task_id, status, score, _) in rows {
        let entry = per_task.entry(*task_id).or_default();
        entry.0 += 1;
        if status == "completed" {
            entry.1 += 1;
            entry.2.extend(score);
        }
    }
    let mut distribution = [0u64; 10];
    for score in &scores {
        let index = (score.floor().clamp(0.0, 9.0)) as usize;
        distribution[index] += 1;
    }
    Analytics {
        total_assessments: total,
        active_assessments: active,
        completed_assessments: completed.len() as u64,
        completion_rate: if total == 0 {
            0.0
        } else {
            round1(completed.len() as f64 * 100.0 / total as f64)
        },
        average_score: mean(&scores),
        assessments_this_month: this_month,
        cost_this_month_pence: this_month * PRICE_PER_ASSESSMENT_PENCE,
        per_task: per_task
            .into_iter()
            .map(|(task_id, (total, completed, scores))| TaskStats {
                task_id,
                task_name: names.get(&task_id).cloned().unwrap_or_default(),
                total,
                completed,
                average_score: mean(&scores),
            })
            .collect(),
        score_distribution: distribution
            .iter()
            .enumerate()
            .map(|(i, count)| Bucket {
                bucket: format!("{i}-{}", i + 1),
                count: *count,
            })
            .collect(),
    }
}

fn mean(values: &[f64]) -> Option<f64> {
    (!values.is_empty()).then(|| round1(values.iter().sum::<f64>() / values.len() as f64))
}

fn round1(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_counts_rates_and_buckets() {
        let start = Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap();
        let now = Utc.with_ymd_and_hms(2026, 11, 20, 0, 0, 0).unwrap();
        let old = Utc.with_ymd_and_hms(2026, 10, 20, 0, 0, 0).unwrap();
        let rows = vec![
            (1, "completed".to_string(), Some(8.5), now),
            (1, "completed".to_string(), Some(10.0), now),
            (1, "in_progress".to_string(), None, now),
            (2, "pending".to_string(), None, old),
        ];
        let names = BTreeMap::from([(1, "Debugging".to_string()), (2, "RAG".to_string())]);
        let s = summarize(&rows, &names, start);
        assert_eq!(s.total_assessments, 4);
        assert_eq!(s.active_assessments, 1);
        assert_eq!(s.completion_rate, 50.0);
        assert_eq!(s.average_score, Some(9.3));
        assert_eq!(s.assessments_this_month, 3);
        assert_eq!(s.cost_this_month_pence, 7500);
        assert_eq!(s.score_distribution[8].count, 1);
        assert_eq!(
            s.score_distribution[9].count, 1,
            "10/10 lands in the top bucket"
        );
        assert_eq!(s.per_task[0].average_score, Some(9.3));
        assert_eq!(s.per_task[1].completed, 0);
    }
}
