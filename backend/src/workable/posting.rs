//! Results back to Workable: a comment on the candidate (score, tests passed, the top signals, a link to the
//! report, the report's PDF attached as `tali-report-<id>.pdf`) made as the organization's member, then, for a
//! candidate a stage mapping invited, the move to that mapping's next stage when it has one. It
//! runs as the `post_to_workable` job (on demand, or on completion when the organization asks for it); the
//! assessment records when it landed, or why it did not.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel,
    QueryFilter,
};
use serde::Serialize;
use serde_json::Value;
use tali_workable::{Attachment, CandidatesQuery, NewComment};
use utoipa::ToSchema;

use super::session::{Session, call};
use super::settings::Config;
use crate::accounts::organizations;
use crate::db::entities::{assessment, candidate, task, workable_trigger};
use crate::domain::{Error, Result};
use crate::jobs::Job;
use crate::lifecycle::Status;
use crate::recruiting::{assessments, report};
use crate::state::AppState;

/// How long a post waits for the AI judges before it goes out with the deterministic score.
const JUDGES_WAIT_MINUTES: i64 = 10;
/// The top signals named in the comment.
const TOP_SIGNALS: usize = 3;
/// Larger reports go without the PDF (the comment links to the report): Workable's request bodies are bounded,
/// and base64 grows the file by a third.
const MAX_ATTACHMENT_BYTES: usize = 8 * 1024 * 1024;

#[derive(Debug, Serialize, ToSchema)]
pub struct PostQueued {
    pub queued: bool,
}

/// Queues the post of a completed assessment (the recruiter's "Post to Workable", also a retry after a failure).
pub async fn request(state: &AppState, organization_id: i32, id: i32) -> Result<PostQueued> {
    let found = assessments::find_own(&state.db, organization_id, id).await?;
    let org = organizations::load(&state.db, organization_id).await?;
    if !org.workable_connected {
        return Err(Error::Conflict(
            "Connect Workable in Settings before posting results".into(),
        ));
    }
    if found.status != Status::Completed.as_str() {
        return Err(Error::Conflict(
            "Results can be posted once the assessment is completed".into(),
        ));
    }
    if found.posted_to_workable {
        return Err(Error::Conflict(
            "The results are already in Workable".into(),
        ));
    }
    // A new key per request, so a retry after a failure is a new job.
    queue(
        state,
        id,
        &format!("workable-post/{id}/{}", Utc::now().timestamp_micros()),
    )
    .await?;
    let mut row = found.into_active_model();
    row.workable_post_error = Set(None);
    row.update(&state.db).await?;
    Ok(PostQueued { queued: true })
}

/// Called once an assessment is completed: queues its post when the organization turned automatic posting on.
pub async fn on_completed(state: &AppState, completed: &assessment::Model) -> Result<()> {
    let org = organizations::load(&state.db, completed.organization_id).await?;
    if !org.workable_connected || !Config::of(&org).auto_post {
        return Ok(());
    }
    let key = format!(
        "workable-post/{}/completed/{}",
        completed.id,
        completed.updated_at.timestamp_micros()
    );
    queue(state, completed.id, &key).await
}

async fn queue(state: &AppState, assessment_id: i32, key: &str) -> Result<()> {
    state
        .jobs
        .push(Job::PostToWorkable { assessment_id }, key)
        .await
        .map_err(|err| Error::unavailable(format!("Cannot queue the post to Workable: {err}")))
}

/// The job. Transient failures (rate limits, Workable down, judges still at work) are returned for the queue
/// to retry; every failure is also recorded on the assessment for the detail page.
pub async fn run_job(state: &AppState, assessment_id: i32) -> Result<()> {
    let Some(found) = assessment::Entity::find_by_id(assessment_id)
        .one(&state.db)
        .await?
    else {
        return Ok(());
    };
    if found.posted_to_workable {
        return Ok(());
    }
    if judges_pending(&found, Utc::now()) {
        return Err(Error::unavailable("waiting for the AI judges to settle"));
    }
    let outcome = post(state, &found).await;
    let mut row = found.into_active_model();
    match &outcome {
        Ok(()) => {
            row.posted_to_workable = Set(true);
            row.posted_to_workable_at = Set(Some(Utc::now()));
            row.workable_post_error = Set(None);
        }
        Err(err) => row.workable_post_error = Set(Some(err.to_string())),
    }
    row.update(&state.db).await?;
    outcome
}

async fn post(state: &AppState, found: &assessment::Model) -> Result<()> {
    let org = organizations::load(&state.db, found.organization_id).await?;
    let mut session = Session::open(state, &org)?;
    let member_id = session.member_id.clone().ok_or_else(|| {
        Error::Conflict("Choose the Workable member to post as in Settings".into())
    })?;
    let person = candidate::Entity::find_by_id(found.candidate_id)
        .one(&state.db)
        .await?
        .ok_or_else(|| Error::not_found("Candidate"))?;
    let candidate_id = match found
        .workable_candidate_id
        .clone()
        .or_else(|| person.workable_candidate_id.clone())
    {
        Some(id) => id,
        None => {
            let query = CandidatesQuery {
                email: Some(person.email.clone()),
                limit: Some(1),
                ..CandidatesQuery::default()
            };
            let page = call!(session, state, |client| client.candidates_page(&query))?;
            page.items.into_iter().next().map(|c| c.id).ok_or_else(|| {
                Error::NotFound(format!("{} is not a candidate in Workable", person.email))
            })?
        }
    };
    let task_name = task::Entity::find_by_id(found.task_id)
        .one(&state.db)
        .await?
        .map(|t| t.name)
        .unwrap_or_default();
    // The same PDF as the download on the detail page.
    let pdf = report::pdf(state, found.organization_id, found.id).await?;
    let attachment = (pdf.len() <= MAX_ATTACHMENT_BYTES).then(|| Attachment {
        name: attachment_name(found.id),
        data: pdf,
    });
    let link = format!(
        "{}/#/assessments/{}",
        state.settings.server.frontend_url, found.id
    );
    let comment = NewComment {
        body: comment_body(found, &task_name, &link),
        policy: Vec::new(),
        attachment,
    };
    // A run that died after Workable took the comment but before the assessment recorded it is run again (the
    // job queue hands a dead worker's jobs to another): the comment is written only if the timeline lacks it.
    let timeline = call!(session, state, |client| client
        .candidate_activities(&candidate_id))?;
    if already_commented(&timeline, &report_line(&link)) {
        tracing::info!(
            assessment_id = found.id,
            "the comment is already in Workable"
        );
    } else {
        call!(session, state, |client| client.comment_on_candidate(
            &candidate_id,
            &member_id,
            &comment
        ))?;
    }
    if let Some(target) = mapped_move(&state.db, found).await? {
        call!(session, state, |client| client.move_candidate(
            &candidate_id,
            &member_id,
            &target
        ))?;
    }
    tracing::info!(assessment_id = found.id, "results posted to Workable");
    Ok(())
}

/// Where the mapping that invited this assessment's candidate moves them, read from the trigger row that invited
/// them rather than from the map as it is now: the map may have been edited since (another stage, the mapping
/// removed, a job's own mapping added), and those edits are about candidates still to come. The stage was checked
/// against that job's pipeline when the mapping was saved. Candidates invited by hand never move.
async fn mapped_move(
    db: &impl ConnectionTrait,
    found: &assessment::Model,
) -> Result<Option<String>> {
    Ok(workable_trigger::Entity::find()
        .filter(workable_trigger::Column::OrganizationId.eq(found.organization_id))
        .filter(workable_trigger::Column::AssessmentId.eq(found.id))
        .one(db)
        .await?
        .and_then(|row| row.move_to_stage))
}

/// The job ran out of attempts: the detail page shows why, with its retry button.
pub async fn give_up(
    db: &impl ConnectionTrait,
    assessment_id: i32,
    message: &str,
) -> std::result::Result<(), sea_orm::DbErr> {
    assessment::Entity::update_many()
        .col_expr(
            assessment::Column::WorkablePostError,
            Expr::value(Some(format!("Posting to Workable failed: {message}"))),
        )
        .filter(assessment::Column::Id.eq(assessment_id))
        .filter(assessment::Column::PostedToWorkable.eq(false))
        .exec(db)
        .await?;
    Ok(())
}

fn judges_pending(found: &assessment::Model, now: DateTime<Utc>) -> bool {
    let pending = found
        .score_report
        .as_ref()
        .and_then(|report| report.pointer("/judges/status"))
        .and_then(Value::as_str)
        == Some("pending");
    let recent = found
        .completed_at
        .is_some_and(|at| now - at < chrono::Duration::minutes(JUDGES_WAIT_MINUTES));
    pending && recent
}

/// The comment's last line; it names the assessment, so it tells this assessment's comment from any other.
fn report_line(link: &str) -> String {
    format!("Full report: {link}")
}

fn already_commented(timeline: &[tali_workable::Activity], report_line: &str) -> bool {
    timeline.iter().any(|entry| {
        entry
            .body
            .as_deref()
            .is_some_and(|body| body.lines().any(|line| line == report_line))
    })
}

/// The attached report's file name in Workable.
fn attachment_name(assessment_id: i32) -> String {
    format!("tali-report-{assessment_id}.pdf")
}

/// The comment: plain text, as Workable shows comments.
fn comment_body(found: &assessment::Model, task_name: &str, link: &str) -> String {
    let mut lines = vec![format!("TALI assessment completed: {task_name}")];
    match found.score {
        Some(score) => lines.push(format!("Score: {score:.1}/10")),
        None => lines.push("Score: not graded".into()),
    }
    if let (Some(passed), Some(total)) = (found.tests_passed, found.tests_total) {
        lines.push(format!("Tests passed: {passed}/{total}"));
    }
    let signals = top_signals(found.score_report.as_ref());
    if !signals.is_empty() {
        lines.push(format!("Top signals: {}", signals.join(", ")));
    }
    lines.push(report_line(link));
    lines.join("\n")
}

/// `Title (8.5/10)` for the best-scored signals of the report.
fn top_signals(report: Option<&Value>) -> Vec<String> {
    let Some(signals) = report
        .and_then(|r| r.get("signals"))
        .and_then(Value::as_array)
    else {
        return Vec::new();
    };
    let mut scored: Vec<(f64, &str)> = signals
        .iter()
        .filter_map(|s| {
            let score = s
                .get("judged")
                .and_then(Value::as_f64)
                .or_else(|| s.get("deterministic").and_then(Value::as_f64))?;
            Some((score, s.get("title")?.as_str()?))
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    scored
        .into_iter()
        .take(TOP_SIGNALS)
        .map(|(score, title)| format!("{title} ({score:.1}/10)"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn completed() -> assessment::Model {
        let now = Utc::now();
        assessment::Model {
            id: 12,
            organization_id: 1,
            candidate_id: 1,
            task_id: 1,
            candidate_name: "Ada".into(),
            candidate_position: None,
            created_by: None,
            token: "t".into(),
            status: "completed".into(),
            duration_minutes: 30,
            started_at: Some(now),
            completed_at: Some(now),
            expires_at: now,
            deadline_at: None,
            score: Some(8.24),
            tests_passed: Some(7),
            tests_total: Some(9),
            code_quality_score: None,
            time_efficiency_score: None,
            ai_usage_score: None,
            test_results: None,
            code_snapshots: None,
            timeline: None,
            score_report: Some(json!({
                "judges": {"status": "done"},
                "signals": [
                    {"title": "Correctness", "deterministic": 7.0},
                    {"title": "Design", "deterministic": 6.0, "judged": 9.5},
                    {"title": "Debugging", "deterministic": null},
                    {"title": "Verification", "deterministic": 8.0},
                    {"title": "Prompts", "deterministic": 2.0}
                ]
            })),
            final_code: None,
            e2b_session_id: None,
            workable_candidate_id: None,
            workable_job_id: None,
            posted_to_workable: false,
            posted_to_workable_at: None,
            workable_post_error: None,
            archived_at: None,
            ai_mode: "full".into(),
            similarity_checked_at: None,
            similarity_error: None,
            understanding_check: false,
            reminded_at: None,
            erased_at: None,
            created_at: now,
            updated_at: now,
        }
    }

    #[test]
    fn the_comment_has_score_tests_signals_and_link() {
        let body = comment_body(
            &completed(),
            "Fix the cache",
            "https://app/#/assessments/12",
        );
        assert_eq!(
            body,
            "TALI assessment completed: Fix the cache\nScore: 8.2/10\nTests passed: 7/9\n\
             Top signals: Design (9.5/10), Verification (8.0/10), Correctness (7.0/10)\n\
             Full report: https://app/#/assessments/12"
        );
    }

    #[test]
    fn only_this_assessments_comment_counts_as_posted() {
        let entry = |body: Option<&str>| tali_workable::Activity {
            id: "1".into(),
            action: Some("comment".into()),
            body: body.map(str::to_owned),
            created_at: None,
        };
        let line = report_line("https://app/#/assessments/1");
        let other = comment_body(&completed(), "Task", "https://app/#/assessments/12");
        let ours = comment_body(&completed(), "Task", "https://app/#/assessments/1");
        assert!(!already_commented(
            &[entry(None), entry(Some(&other))],
            &line
        ));
        assert!(already_commented(
            &[entry(Some(&other)), entry(Some(&ours))],
            &line
        ));
    }

    #[test]
    fn posts_wait_for_pending_judges_but_not_forever() {
        let mut found = completed();
        assert!(!judges_pending(&found, Utc::now()));
        found.score_report = Some(json!({"judges": {"status": "pending"}}));
        assert!(judges_pending(&found, Utc::now()));
        assert!(!judges_pending(
            &found,
            Utc::now() + chrono::Duration::minutes(JUDGES_WAIT_MINUTES + 1)
        ));
    }
}
