//! The understanding check: right after submit the candidate answers three short questions about their own
//! submission within five minutes, or skips them. The time box is the server's: the deadline is stored when the
//! questions are first shown, answers after it (and a grace for the request in flight) are refused with 410, and
//! the periodic sweep closes checks left open (`close_expired`, with the auto-submitter). Answers are graded by
//! the AI judge as a job (`grading`), or by the recruiter without AI; the result is the report's S11 signal.

pub mod grading;
pub mod questions;

use chrono::{DateTime, Duration, Utc};
use garde::Validate;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, SqlErr};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

use super::{access, chat, events};
use crate::db::entities::{assessment, understanding_check};
use crate::domain::{Error, Result};
use crate::lifecycle::{self, Status};
use crate::state::AppState;

pub use questions::Question;

/// The time the candidate has for the three answers.
pub const TIME_LIMIT: Duration = Duration::minutes(5);
/// Answers sent at 0:00 still count: the request takes time on the way.
pub const ANSWER_GRACE: Duration = Duration::seconds(10);
/// The check is offered right after submit; a candidate coming back later finds it closed.
pub const OFFERED_FOR: Duration = Duration::minutes(30);
pub const MAX_ANSWER_CHARS: usize = 2000;

/// What the candidate's screen shows.
#[derive(Debug, Serialize, ToSchema)]
pub struct CheckOut {
    /// open, answered, skipped or expired.
    pub status: String,
    pub questions: Vec<String>,
    pub deadline_at: DateTime<Utc>,
    /// Seconds left by the server's clock (0 once closed).
    pub seconds_left: i64,
    pub time_limit_seconds: i64,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct AnswersBody {
    /// One answer per question, in order; a blank answer is allowed (graded 0).
    #[garde(length(min = 1, max = 3), inner(length(chars, max = MAX_ANSWER_CHARS)))]
    pub answers: Vec<String>,
}

/// Opens the check (writing the questions and the deadline) or returns it as it is.
pub async fn open(state: &AppState, found: &assessment::Model) -> Result<CheckOut> {
    let now = Utc::now();
    if let Some(check) = find(state, found.id).await? {
        let check = expire_if_due(state, check, now).await?;
        return Ok(out(&check, now));
    }
    if !found.understanding_check {
        return Err(Error::NotFound(
            "This assessment has no understanding check".into(),
        ));
    }
    if lifecycle::effective(found, now) != Status::Completed {
        return Err(Error::Conflict(
            "The understanding check opens once the work is submitted".into(),
        ));
    }
    if found
        .completed_at
        .is_some_and(|done| now > done + OFFERED_FOR)
    {
        return Err(Error::Gone(
            "The understanding check was offered right after submitting; it is closed now".into(),
        ));
    }
    let task = access::task_of(&state.db, found).await?;
    let final_code = found.final_code.clone().unwrap_or_default();
    let exchanges = chat::exchanges(&state.db, found.id).await?;
    let events = events::load(&state.db, found.id).await?;
    let (asked, source) = questions::questions(
        state.assistant.as_deref(),
        &format!("{}\n\n{}", task.name, task.description),
        &task.starter_code,
        &final_code,
        &exchanges,
        &events,
    )
    .await;
    // The clock starts once the questions exist: generating them is our time, not the candidate's.
    let opened_at = Utc::now();
    let row = understanding_check::ActiveModel {
        assessment_id: Set(found.id),
        status: Set("open".into()),
        source: Set(source.into()),
        questions: Set(json!(asked)),
        answers: Set(None),
        grades: Set(None),
        grading: Set("none".into()),
        grading_error: Set(None),
        opened_at: Set(opened_at),
        deadline_at: Set(opened_at + TIME_LIMIT),
        closed_at: Set(None),
        ..Default::default()
    };
    let check = match row.insert(&state.db).await {
        Ok(check) => check,
        // Another tab opened it first: theirs are the questions and the deadline.
        Err(err) if matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            find(state, found.id)
                .await?
                .ok_or_else(|| Error::not_found("Understanding check"))?
        }
        Err(err) => return Err(err.into()),
    };
    grading::refresh_signal(state, found.id).await?;
    Ok(out(&check, Utc::now()))
}

/// Stores the answers, if they arrive in time, and has them graded.
pub async fn answer(
    state: &AppState,
    found: &assessment::Model,
    body: AnswersBody,
) -> Result<CheckOut> {
    let now = Utc::now();
    let check = open_check(state, found.id, now).await?;
    let count = questions::stored(&check.questions).len();
    if body.answers.len() != count {
        return Err(Error::Refused(format!(
            "Send one answer per question ({count}); an answer may be blank"
        )));
    }
    let answers: Vec<String> = body.answers.iter().map(|a| a.trim().to_string()).collect();
    let grading = if state.assistant.is_some() {
        "pending"
    } else {
        "recruiter"
    };
    let (grades, grading) = grading::blank_grades(&answers, grading);
    close(
        state,
        &check,
        "answered",
        understanding_check::ActiveModel {
            answers: Set(Some(json!(answers))),
            grades: Set(Some(json!(grades))),
            grading: Set(grading.into()),
            ..Default::default()
        },
        now,
    )
    .await?;
    if grading == "pending" {
        grading::schedule(state, found.id).await;
    }
    grading::refresh_signal(state, found.id).await?;
    closed_out(state, found.id, now).await
}

/// Records that the candidate chose not to answer.
pub async fn skip(state: &AppState, found: &assessment::Model) -> Result<CheckOut> {
    let now = Utc::now();
    let check = open_check(state, found.id, now).await?;
    close(state, &check, "skipped", Default::default(), now).await?;
    grading::refresh_signal(state, found.id).await?;
    closed_out(state, found.id, now).await
}

/// Closes the checks whose time ran out without answers; returns how many.
pub async fn close_expired(state: &AppState) -> Result<usize> {
    let now = Utc::now();
    let due = understanding_check::Entity::find()
        .filter(understanding_check::Column::Status.eq("open"))
        .filter(understanding_check::Column::DeadlineAt.lt(now - ANSWER_GRACE))
        .all(&state.db)
        .await?;
    let mut closed = 0;
    for check in due {
        if expire_if_due(state, check, now).await?.status == "expired" {
            closed += 1;
        }
    }
    Ok(closed)
}

async fn find(state: &AppState, assessment_id: i32) -> Result<Option<understanding_check::Model>> {
    Ok(understanding_check::Entity::find()
        .filter(understanding_check::Column::AssessmentId.eq(assessment_id))
        .one(&state.db)
        .await?)
}

/// The check, still open and in time: else 404 (never opened), 409 (already answered or skipped) or 410.
async fn open_check(
    state: &AppState,
    assessment_id: i32,
    now: DateTime<Utc>,
) -> Result<understanding_check::Model> {
    let check = find(state, assessment_id)
        .await?
        .ok_or_else(|| Error::NotFound("The understanding check has not been opened".into()))?;
    let check = expire_if_due(state, check, now).await?;
    match check.status.as_str() {
        "open" => Ok(check),
        "expired" => Err(Error::Gone(
            "Time is up for the questions; your submitted work is what counts".into(),
        )),
        _ => Err(Error::Conflict(
            "The understanding check is already closed".into(),
        )),
    }
}

/// An open check past its deadline (and the grace) becomes `expired`.
async fn expire_if_due(
    state: &AppState,
    check: understanding_check::Model,
    now: DateTime<Utc>,
) -> Result<understanding_check::Model> {
    if check.status != "open" || now <= check.deadline_at + ANSWER_GRACE {
        return Ok(check);
    }
    // Whoever loses the race (an answer, a skip or another sweep) finds the row already closed.
    if close(state, &check, "expired", Default::default(), now)
        .await
        .is_ok()
    {
        grading::refresh_signal(state, check.assessment_id).await?;
    }
    find(state, check.assessment_id)
        .await?
        .ok_or_else(|| Error::not_found("Understanding check"))
}

/// `open` → `status` with `changes`, conditionally, so exactly one of an answer, a skip and the expiry wins.
async fn close(
    state: &AppState,
    check: &understanding_check::Model,
    status: &str,
    changes: understanding_check::ActiveModel,
    now: DateTime<Utc>,
) -> Result<()> {
    let mut changes = changes;
    changes.status = Set(status.to_string());
    changes.closed_at = Set(Some(now));
    let mut update = understanding_check::Entity::update_many()
        .set(changes)
        .filter(understanding_check::Column::Id.eq(check.id))
        .filter(understanding_check::Column::Status.eq("open"));
    if status != "expired" {
        // The deadline is checked in the same statement, so an answer cannot land after it.
        update = update.filter(understanding_check::Column::DeadlineAt.gte(now - ANSWER_GRACE));
    }
    let updated = update.exec(&state.db).await?;
    if updated.rows_affected == 0 {
        return Err(Error::Conflict(
            "The understanding check is already closed".into(),
        ));
    }
    Ok(())
}

async fn closed_out(state: &AppState, assessment_id: i32, now: DateTime<Utc>) -> Result<CheckOut> {
    let check = find(state, assessment_id)
        .await?
        .ok_or_else(|| Error::not_found("Understanding check"))?;
    Ok(out(&check, now))
}

fn out(check: &understanding_check::Model, now: DateTime<Utc>) -> CheckOut {
    let open = check.status == "open";
    CheckOut {
        status: check.status.clone(),
        questions: questions::stored(&check.questions)
            .into_iter()
            .map(|q| q.question)
            .collect(),
        deadline_at: check.deadline_at,
        seconds_left: if open {
            (check.deadline_at - now).num_seconds().max(0)
        } else {
            0
        },
        time_limit_seconds: TIME_LIMIT.num_seconds(),
    }
}
