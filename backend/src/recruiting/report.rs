//! The assessment report as a PDF, for recruiters to download and share: every figure of the detail page, laid
//! out by `tali_report`.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde_json::Value;
use tali_report::{
    Prompt, ReportData, Signal, SignalStatus, TestDetail, TimelineEvent, Understanding,
    UnderstandingItem,
};
use tali_scoring as scoring;

use super::assessments::{self, AssessmentDetail};
use super::understanding::UnderstandingView;
use crate::accounts::organizations;
use crate::domain::{Error, Result, time_zone};
use crate::state::AppState;

/// The PDF of the organization's assessment `id`.
pub async fn pdf(state: &AppState, organization_id: i32, id: i32) -> Result<Vec<u8>> {
    if assessments::find_own(&state.db, organization_id, id)
        .await?
        .erased_at
        .is_some()
    {
        return Err(Error::Gone(
            "The candidate's data was erased; the report is no longer available".into(),
        ));
    }
    let detail = assessments::detail(state, organization_id, id).await?;
    let organization = organizations::load(&state.db, organization_id).await?;
    let tz = time_zone::stored(&organization.time_zone);
    let mut data = report_data(&organization.name, &detail, Utc::now(), tz);
    let check = super::understanding::view(state, organization_id, id).await?;
    data.understanding = understanding(&check);
    let similarity = super::similarity::similarity(state, organization_id, id).await?;
    data.similarity_review = similarity.reason.filter(|_| similarity.needs_review);
    Ok(tali_report::render(&data).map_err(|e| anyhow::anyhow!("PDF rendering failed: {e}"))?)
}

/// The check in the PDF's words; `None` when the assessment does not ask it.
fn understanding(check: &UnderstandingView) -> Option<Understanding> {
    if !check.enabled {
        return None;
    }
    let summary = match (check.status.as_str(), check.grading.as_str()) {
        ("not_taken", _) => "The candidate has not taken the check.".to_string(),
        ("open", _) => "The candidate is answering the check.".to_string(),
        ("skipped", _) => {
            "The candidate skipped the check; it is left out of the overall score.".to_string()
        }
        ("expired", _) => format!(
            "The candidate did not answer within {} minutes; it is left out of the overall score.",
            check.time_limit_seconds / 60
        ),
        (_, "pending") => "Answered; the AI judge is grading the answers.".to_string(),
        _ => match check.score {
            Some(score) => format!("Answered; the mean grade is {score:.1}/10."),
            None => "Answered; the answers await the recruiter's grades.".to_string(),
        },
    };
    let items = check
        .questions
        .iter()
        .map(|q| UnderstandingItem {
            question: q.question.clone(),
            answer: q.answer.clone(),
            grade: q.grade.as_ref().and_then(|g| {
                let score = g.score?;
                let by = match g.by.as_deref() {
                    Some("ai") => "by the AI judge",
                    Some("recruiter") => "by the recruiter",
                    _ => "(left blank)",
                };
                let reason = g
                    .reason
                    .as_deref()
                    .map(|r| format!(": {r}"))
                    .unwrap_or_default();
                Some(format!("{score}/10 {by}{reason}"))
            }),
        })
        .collect();
    Some(Understanding { summary, items })
}

/// "04:12 in, 10:17 CET" for an event `t_ms` after the start, at the stored instant `at`: the session clock the
/// web app's labels use, then the wall clock in the organization's zone.
pub(super) fn session_time(t_ms: Option<u64>, at: &str, tz: Tz) -> String {
    let clock = DateTime::parse_from_rfc3339(at)
        .ok()
        .map(|at| time_zone::clock(at.with_timezone(&Utc), tz));
    match (t_ms, clock) {
        (Some(t), Some(wall)) => format!("{} in, {wall}", super::reference_view::clock(t)),
        (None, Some(wall)) => wall,
        (_, None) => at.to_string(),
    }
}

/// The engine's link labels as words a reader of paper can follow: `[test run 3]` → "test run #3".
pub(super) fn human_links(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open..].find(']').map(|c| open + c) else {
            break;
        };
        out.push_str(&rest[..open]);
        out.push_str(&human_label(&rest[open + 1..close]));
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

fn human_label(label: &str) -> String {
    let numbered = |prefix: &str, name: &str| {
        label
            .strip_prefix(prefix)
            .filter(|n| n.chars().all(|c| c.is_ascii_digit()) && !n.is_empty())
            .map(|n| format!("({name} #{n})"))
    };
    if label == "snap final" {
        return "(the submitted code)".into();
    }
    numbered("test run ", "test run")
        .or_else(|| numbered("run ", "run"))
        .or_else(|| numbered("prompt ", "prompt"))
        .or_else(|| numbered("paste ", "paste"))
        .or_else(|| numbered("focus ", "absence"))
        .or_else(|| {
            label
                .strip_prefix("snap ")
                .map(|s| format!("(code snapshot {s})"))
        })
        .or_else(|| {
            label
                .strip_prefix("test run ")
                .map(|s| format!("(test run #{s})"))
        })
        .or_else(|| {
            label
                .strip_prefix("test ")
                .map(|t| format!("(hidden test {t})"))
        })
        .unwrap_or_else(|| format!("({label})"))
}

fn text(value: &Value, key: &str) -> String {
    value
        .get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

fn report_data(
    organization_name: &str,
    d: &AssessmentDetail,
    generated: DateTime<Utc>,
    tz: Tz,
) -> ReportData {
    let time = |at: DateTime<Utc>| time_zone::date_time(at, tz);
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
                    explanation: human_links(&s.explanation),
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
                    time: session_time(
                        p.get("t_prompt_ms").and_then(Value::as_u64),
                        &text(p, "created_at"),
                        tz,
                    ),
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
                    time: session_time(e.get("t_ms").and_then(Value::as_u64), &text(e, "at"), tz),
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
        // The Integrity section lists the items with their moments.
        review_items: Vec::new(),
        integrity: super::report_integrity::integrity(d.score_report.as_ref(), &d.timeline, tz),
        generated_unix_s: Some(generated.timestamp()),
        generated_at: Some(time(generated)),
        test_details,
        prompts,
        timeline,
        final_code: d.final_code.clone(),
        understanding: None,
        similarity_review: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_check_reads_as_sentences_with_who_graded_each_answer() {
        use crate::recruiting::understanding::{AnsweredQuestion, UnderstandingView};
        use crate::session::understanding::grading::Grade;
        let view = UnderstandingView {
            enabled: true,
            status: "answered".into(),
            grading: "done".into(),
            grading_error: None,
            source: Some("templates".into()),
            opened_at: None,
            deadline_at: None,
            closed_at: None,
            time_limit_seconds: 300,
            questions: vec![
                AnsweredQuestion {
                    question: "Why?".into(),
                    basis: "general".into(),
                    answer: Some("Because.".into()),
                    grade: Some(Grade {
                        score: Some(10.0),
                        reason: Some("Right.".into()),
                        by: Some("recruiter".into()),
                    }),
                },
                AnsweredQuestion {
                    question: "Empty?".into(),
                    basis: "general".into(),
                    answer: Some(String::new()),
                    grade: Some(Grade {
                        score: Some(0.0),
                        reason: Some("Left blank.".into()),
                        by: Some("rule".into()),
                    }),
                },
            ],
            score: Some(5.0),
        };
        let check = super::understanding(&view).unwrap();
        assert_eq!(check.summary, "Answered; the mean grade is 5.0/10.");
        assert_eq!(
            check.items[0].grade.as_deref(),
            Some("10/10 by the recruiter: Right.")
        );
        assert_eq!(
            check.items[1].grade.as_deref(),
            Some("0/10 (left blank): Left blank.")
        );
        let skipped = UnderstandingView {
            status: "skipped".into(),
            questions: Vec::new(),
            score: None,
            ..view
        };
        assert!(
            super::understanding(&skipped)
                .unwrap()
                .summary
                .contains("skipped")
        );
        let off = UnderstandingView {
            enabled: false,
            ..skipped
        };
        assert!(super::understanding(&off).is_none());
    }

    #[test]
    fn link_labels_read_as_words() {
        assert_eq!(
            human_links(
                "Visible tests: 2/2 [test run 3]. Asked [prompt 1] [snap 1→2] [snap final] [test t::x]."
            ),
            "Visible tests: 2/2 (test run #3). Asked (prompt #1) (code snapshot 1→2) (the submitted code) (hidden test t::x)."
        );
        assert_eq!(human_links("[run 4: no]"), "(run 4: no)");
        assert_eq!(human_links("unclosed [run 2"), "unclosed [run 2");
    }

    #[test]
    fn times_are_the_session_clock_and_the_wall_clock() {
        assert_eq!(
            session_time(Some(252_400), "2026-12-04T09:17:38+00:00", Tz::UTC),
            "04:12 in, 09:17 UTC"
        );
        assert_eq!(
            session_time(Some(252_400), "2026-12-04T09:17:38Z", Tz::America__New_York),
            "04:12 in, 04:17 EST"
        );
        assert_eq!(
            session_time(None, "2026-12-04T09:17:38Z", Tz::UTC),
            "09:17 UTC"
        );
        assert_eq!(session_time(Some(1), "garbage", Tz::UTC), "garbage");
    }
}
