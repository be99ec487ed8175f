//! The assessment report as a PDF, for recruiters to download and share: every figure of the detail page, laid
//! out by `tali_report`.

use chrono::{DateTime, Utc};
use serde_json::Value;
use tali_report::{Prompt, ReportData, Signal, SignalStatus, TestDetail, TimelineEvent};
use tali_scoring as scoring;

use super::assessments::{self, AssessmentDetail};
use crate::accounts::organizations;
use crate::domain::Result;
use crate::state::AppState;

/// The PDF of the organization's assessment `id`.
pub async fn pdf(state: &AppState, organization_id: i32, id: i32) -> Result<Vec<u8>> {
    let detail = assessments::detail(state, organization_id, id).await?;
    let organization = organizations::load(&state.db, organization_id).await?;
    let data = report_data(&organization.name, &detail);
    Ok(tali_report::render(&data).map_err(|e| anyhow::anyhow!("PDF rendering failed: {e}"))?)
}

fn time(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M UTC").to_string()
}

fn text(value: &Value, key: &str) -> String {
    value
        .get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

fn report_data(organization_name: &str, d: &AssessmentDetail) -> ReportData {
    let report: Option<scoring::ScoreReport> = d
        .score_report
        .clone()
        .and_then(|v| serde_json::from_value(v).ok());
    let signals = report
        .as_ref()
        .map(|r| {
            r.signals
                .iter()
                .map(|s| Signal {
                    id: s.id.code().to_string(),
                    name: s.title.clone(),
                    status: match s.status {
                        scoring::SignalStatus::Scored { .. } => SignalStatus::Scored,
                        scoring::SignalStatus::NotApplicable { .. } => SignalStatus::NotApplicable,
                        _ => SignalStatus::Insufficient,
                    },
                    score: s.score(),
                    explanation: s.explanation.clone(),
                })
                .collect()
        })
        .unwrap_or_default();
    let review_band = report.as_ref().map(|r| match r.review.band {
        scoring::ReviewBand::None => "No integrity items to verify".to_string(),
        scoring::ReviewBand::Note => format!("Note: {} item(s) to look at", r.review.count),
        scoring::ReviewBand::Review => format!("Review: {} item(s) to verify", r.review.count),
    });
    let test_details = d
        .test_results
        .as_ref()
        .and_then(|t| t.get("test_details"))
        .and_then(Value::as_array)
        .map(|tests| {
            tests
                .iter()
                .map(|t| TestDetail {
                    name: text(t, "name"),
                    outcome: text(t, "outcome"),
                    message: Some(text(t, "message")).filter(|m| !m.is_empty()),
                })
                .collect()
        })
        .unwrap_or_default();
    let prompts = d
        .ai_prompts
        .as_array()
        .map(|prompts| {
            prompts
                .iter()
                .map(|p| Prompt {
                    time: text(p, "created_at"),
                    message: text(p, "message"),
                    response_excerpt: Some(text(p, "response").chars().take(600).collect()),
                })
                .collect()
        })
        .unwrap_or_default();
    let timeline = d
        .timeline
        .as_array()
        .map(|events| {
            events
                .iter()
                .map(|e| TimelineEvent {
                    time: text(e, "at"),
                    description: text(e, "description"),
                })
                .collect()
        })
        .unwrap_or_default();
    let s = &d.summary;
    ReportData {
        organization_name: organization_name.to_string(),
        candidate_name: d.candidate.full_name.clone(),
        candidate_email: d.candidate.email.clone(),
        candidate_position: d.candidate.position.clone(),
        task_name: d.task.name.clone(),
        status: s.status.clone(),
        created_at: time(s.created_at),
        started_at: s.started_at.map(time),
        completed_at: s.completed_at.map(time),
        overall_score: s.score,
        tests_passed: s.tests_passed.unwrap_or(0).max(0) as u32,
        tests_total: s.tests_total.unwrap_or(0).max(0) as u32,
        signals,
        review_band,
        test_details,
        prompts,
        timeline,
        final_code: d.final_code.clone(),
    }
}
