//! The dashboard's numbers for one organization: one query for its assessments, then pure arithmetic.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Datelike, Duration, TimeZone, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use serde::Serialize;
use utoipa::ToSchema;

use crate::db::entities::{assessment, task};
use crate::domain::Result;
use crate::domain::pricing::PRICE_PER_ASSESSMENT_PENCE;

/// Weeks the completion chart covers, the newest last.
const CHART_WEEKS: i64 = 5;

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

/// One week of the completion chart: of the assessments started that week, the share completed that week.
#[derive(Debug, PartialEq, Serialize, ToSchema)]
pub struct WeekCompletion {
    /// `Week 1` (the oldest) to `Week 5` (the one ending now).
    pub week: String,
    /// Percent, whole.
    pub rate: u32,
    /// Completed that week.
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
    /// Assessments whose candidate started this month: what is paid for.
    pub started_this_month: u64,
    /// The assessments started this month, at the pay-per-use price.
    pub cost_this_month_pence: u64,
    pub per_task: Vec<TaskStats>,
    pub score_distribution: Vec<Bucket>,
    /// The last five weeks, for the reference client's chart.
    pub weekly_completion: Vec<WeekCompletion>,
    /// The same count as `completed_assessments`, under the reference client's name.
    pub completed_count: u64,
    pub top_score: Option<f64>,
    /// The same mean as `average_score`, under the reference client's name.
    pub avg_score: Option<f64>,
    /// Mean minutes from start to submit of the completed assessments, whole.
    pub avg_time_minutes: Option<u64>,
}

/// What the figures are computed from, one per assessment.
#[derive(Debug, Clone)]
struct Row {
    task_id: i32,
    status: String,
    score: Option<f64>,
    created_at: DateTime<Utc>,
    started_at: Option<DateTime<Utc>>,
    completed_at: Option<DateTime<Utc>>,
}

/// The organization's figures as of `now`.
pub async fn of_organization(
    db: &impl ConnectionTrait,
    organization_id: i32,
    now: DateTime<Utc>,
) -> Result<Analytics> {
    type Tuple = (
        i32,
        String,
        Option<f64>,
        DateTime<Utc>,
        Option<DateTime<Utc>>,
        Option<DateTime<Utc>>,
    );
    let rows: Vec<Row> = assessment::Entity::find()
        .select_only()
        .column(assessment::Column::TaskId)
        .column(assessment::Column::Status)
        .column(assessment::Column::Score)
        .column(assessment::Column::CreatedAt)
        .column(assessment::Column::StartedAt)
        .column(assessment::Column::CompletedAt)
        .filter(assessment::Column::OrganizationId.eq(organization_id))
        .into_tuple::<Tuple>()
        .all(db)
        .await?
        .into_iter()
        .map(
            |(task_id, status, score, created_at, started_at, completed_at)| Row {
                task_id,
                status,
                score,
                created_at,
                started_at,
                completed_at,
            },
        )
        .collect();
    // Distinct ids: one bound parameter per assessment would break past the databases' parameter limits.
    let task_ids: BTreeSet<i32> = rows.iter().map(|r| r.task_id).collect();
    let names: BTreeMap<i32, String> = task::Entity::find()
        .select_only()
        .column(task::Column::Id)
        .column(task::Column::Name)
        .filter(task::Column::Id.is_in(task_ids))
        .into_tuple::<(i32, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    Ok(summarize(&rows, &names, now))
}

fn summarize(rows: &[Row], names: &BTreeMap<i32, String>, now: DateTime<Utc>) -> Analytics {
    let month_start = Utc
        .with_ymd_and_hms(now.year(), now.month(), 1, 0, 0, 0)
        .single()
        .unwrap_or(now);
    let total = rows.len() as u64;
    let active = rows.iter().filter(|r| r.status == "in_progress").count() as u64;
    let completed: Vec<&Row> = rows.iter().filter(|r| r.status == "completed").collect();
    let scores: Vec<f64> = completed.iter().filter_map(|r| r.score).collect();
    let this_month = rows.iter().filter(|r| r.created_at >= month_start).count() as u64;
    // Only a started assessment costs anything: an invitation ignored, revoked or expired is free.
    let started_this_month = rows
        .iter()
        .filter(|r| r.started_at.is_some_and(|t| t >= month_start))
        .count() as u64;
    let minutes: Vec<f64> = completed
        .iter()
        .filter_map(|r| Some((r.completed_at? - r.started_at?).num_seconds() as f64 / 60.0))
        .collect();

    let mut per_task: BTreeMap<i32, (u64, u64, Vec<f64>)> = BTreeMap::new();
    for row in rows {
        let entry = per_task.entry(row.task_id).or_default();
        entry.0 += 1;
        if row.status == "completed" {
            entry.1 += 1;
            entry.2.extend(row.score);
        }
    }
    let mut distribution = [0u64; 10];
    for score in &scores {
        let index = (score.floor().clamp(0.0, 9.0)) as usize;
        distribution[index] += 1;
    }
    let average_score = mean(&scores);
    Analytics {
        total_assessments: total,
        active_assessments: active,
        completed_assessments: completed.len() as u64,
        completion_rate: if total == 0 {
            0.0
        } else {
            round1(completed.len() as f64 * 100.0 / total as f64)
        },
        average_score,
        assessments_this_month: this_month,
        started_this_month,
        cost_this_month_pence: started_this_month * PRICE_PER_ASSESSMENT_PENCE,
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
        weekly_completion: weekly_completion(rows, now),
        completed_count: completed.len() as u64,
        top_score: scores.iter().copied().reduce(f64::max),
        avg_score: average_score,
        avg_time_minutes: (!minutes.is_empty())
            .then(|| (minutes.iter().sum::<f64>() / minutes.len() as f64).round() as u64),
    }
}

/// The last five seven-day weeks ending at `now`, oldest first.
fn weekly_completion(rows: &[Row], now: DateTime<Utc>) -> Vec<WeekCompletion> {
    (0..CHART_WEEKS)
        .map(|i| {
            let end = now - Duration::weeks(CHART_WEEKS - 1 - i);
            let start = end - Duration::weeks(1);
            let within = |t: Option<DateTime<Utc>>| t.is_some_and(|t| start <= t && t < end);
            let started = rows.iter().filter(|r| within(r.started_at)).count() as u64;
            let done = rows
                .iter()
                .filter(|r| {
                    r.status == "completed" && within(r.started_at) && within(r.completed_at)
                })
                .count() as u64;
            WeekCompletion {
                week: format!("Week {}", i + 1),
                rate: if started == 0 {
                    0
                } else {
                    (done as f64 * 100.0 / started as f64).round() as u32
                },
                count: done,
            }
        })
        .collect()
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

    fn row(task_id: i32, status: &str, score: Option<f64>, created_at: DateTime<Utc>) -> Row {
        Row {
            task_id,
            status: status.to_string(),
            score,
            created_at,
            started_at: None,
            completed_at: None,
        }
    }

    #[test]
    fn summary_counts_rates_and_buckets() {
        let now = Utc.with_ymd_and_hms(2026, 11, 20, 0, 0, 0).unwrap();
        let old = Utc.with_ymd_and_hms(2026, 10, 20, 0, 0, 0).unwrap();
        let mut rows = vec![
            row(1, "completed", Some(8.5), now),
            row(1, "completed", Some(10.0), now),
            row(1, "in_progress", None, now),
            row(2, "pending", None, old),
        ];
        rows[0].started_at = Some(now - Duration::minutes(40));
        rows[0].completed_at = Some(now - Duration::minutes(10));
        rows[1].started_at = Some(now - Duration::minutes(30));
        rows[1].completed_at = Some(now - Duration::minutes(10));
        rows[2].started_at = Some(now - Duration::days(8));
        let names = BTreeMap::from([(1, "Debugging".to_string()), (2, "RAG".to_string())]);
        let s = summarize(&rows, &names, now);
        assert_eq!(s.total_assessments, 4);
        assert_eq!(s.active_assessments, 1);
        assert_eq!(s.completion_rate, 50.0);
        assert_eq!((s.average_score, s.avg_score), (Some(9.3), Some(9.3)));
        assert_eq!((s.completed_count, s.top_score), (2, Some(10.0)));
        assert_eq!(s.avg_time_minutes, Some(25));
        assert_eq!(s.assessments_this_month, 3);
        assert_eq!(
            s.cost_this_month_pence, 7500,
            "the three started this month"
        );
        assert_eq!(s.score_distribution[8].count, 1);
        assert_eq!(
            s.score_distribution[9].count, 1,
            "10/10 lands in the top bucket"
        );
        assert_eq!(s.per_task[0].average_score, Some(9.3));
        assert_eq!(s.per_task[1].completed, 0);
        assert_eq!(
            s.weekly_completion
                .iter()
                .map(|w| (w.rate, w.count))
                .collect::<Vec<_>>(),
            [(0, 0), (0, 0), (0, 0), (0, 0), (100, 2)]
        );
        assert_eq!(s.weekly_completion[4].week, "Week 5");
    }

    #[test]
    fn a_week_counts_what_started_in_it() {
        let now = Utc.with_ymd_and_hms(2026, 11, 20, 0, 0, 0).unwrap();
        let mut started_only = row(1, "in_progress", None, now);
        started_only.started_at = Some(now - Duration::days(9));
        let mut done = row(1, "completed", Some(5.0), now);
        done.started_at = Some(now - Duration::days(10));
        done.completed_at = Some(now - Duration::days(10) + Duration::hours(1));
        let weeks = weekly_completion(&[started_only, done], now);
        assert_eq!((weeks[3].rate, weeks[3].count), (50, 1));
    }
}
