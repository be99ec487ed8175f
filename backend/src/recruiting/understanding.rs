//! The recruiter's side of the understanding check: the questions, the candidate's answers and their grades for
//! the report, and grading an answer by hand (always possible once answered, except while the AI grades; a
//! recruiter's grade replaces the AI's). Scoped by organization like every other read of an assessment.

use chrono::{DateTime, Utc};
use garde::Validate;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::assessments::find_own;
use crate::db::entities::{assessment, understanding_check};
use crate::domain::Result;
use crate::session::understanding::grading::{self, Grade};
use crate::session::understanding::{TIME_LIMIT, questions};
use crate::state::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct AnsweredQuestion {
    pub question: String,
    /// What it was drawn from: ai, a changed function, a test that failed then passed, or general.
    pub basis: String,
    /// `None` unless answered (an empty string is a blank answer).
    pub answer: Option<String>,
    pub grade: Option<Grade>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UnderstandingView {
    /// Whether this assessment asks the check at all.
    pub enabled: bool,
    /// not_taken, open, answered, skipped or expired.
    pub status: String,
    /// none, pending (the AI is grading), done, failed (the AI gave up: grade by hand) or recruiter (no AI:
    /// grade by hand).
    pub grading: String,
    pub grading_error: Option<String>,
    /// ai or templates.
    pub source: Option<String>,
    pub opened_at: Option<DateTime<Utc>>,
    pub deadline_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub time_limit_seconds: i64,
    pub questions: Vec<AnsweredQuestion>,
    /// The S11 score (mean of the grades) once every answer is graded.
    pub score: Option<f64>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct GradeBody {
    /// 1-based question number.
    #[garde(range(min = 1, max = 3))]
    pub question: usize,
    /// 0 (wrong) to 10 (correct and specific); the report's buttons send 0, 5 and 10.
    #[garde(range(min = 0.0, max = 10.0))]
    pub score: f64,
    #[garde(inner(length(chars, max = 500)))]
    pub reason: Option<String>,
}

pub async fn view(state: &AppState, organization_id: i32, id: i32) -> Result<UnderstandingView> {
    let found = find_own(&state.db, organization_id, id).await?;
    let check = understanding_check::Entity::find()
        .filter(understanding_check::Column::AssessmentId.eq(found.id))
        .one(&state.db)
        .await?;
    Ok(shape(&found, check.as_ref()))
}

pub async fn grade(
    state: &AppState,
    organization_id: i32,
    id: i32,
    body: GradeBody,
) -> Result<UnderstandingView> {
    let found = find_own(&state.db, organization_id, id).await?;
    let check =
        grading::grade_by_recruiter(state, found.id, body.question, body.score, body.reason)
            .await?;
    Ok(shape(&found, Some(&check)))
}

fn shape(
    found: &assessment::Model,
    check: Option<&understanding_check::Model>,
) -> UnderstandingView {
    let Some(check) = check else {
        return UnderstandingView {
            enabled: found.understanding_check,
            status: "not_taken".into(),
            grading: "none".into(),
            grading_error: None,
            source: None,
            opened_at: None,
            deadline_at: None,
            closed_at: None,
            time_limit_seconds: TIME_LIMIT.num_seconds(),
            questions: Vec::new(),
            score: None,
        };
    };
    let answers = grading::stored_answers(check);
    let grades = grading::stored_grades(check);
    let score = match grading::signal(true, Some(check)) {
        Some(tali_scoring::Understanding::Graded(scores)) => {
            Some(scores.iter().sum::<f64>() / scores.len() as f64)
        }
        _ => None,
    };
    UnderstandingView {
        enabled: found.understanding_check,
        status: check.status.clone(),
        grading: check.grading.clone(),
        grading_error: check.grading_error.clone(),
        source: Some(check.source.clone()),
        opened_at: Some(check.opened_at),
        deadline_at: Some(check.deadline_at),
        closed_at: check.closed_at,
        time_limit_seconds: TIME_LIMIT.num_seconds(),
        questions: questions::stored(&check.questions)
            .into_iter()
            .enumerate()
            .map(|(i, q)| AnsweredQuestion {
                question: q.question,
                basis: q.basis,
                answer: answers.get(i).cloned(),
                grade: grades.get(i).cloned(),
            })
            .collect(),
        score,
    }
}
