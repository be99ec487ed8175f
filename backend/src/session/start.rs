//! Opening a link: what the welcome page shows, then starting the timer (once, even under concurrent starts, with
//! a sandbox made for the session) or resuming it with the same deadline, the latest code and the chat.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{ConnectionTrait, EntityTrait};
use serde::Serialize;
use utoipa::ToSchema;

use super::{SUBMIT_GRACE, access, chat, events, sandbox};
use crate::billing::ledger;
use crate::db::entities::{assessment, candidate, organization, task};
use crate::domain::{Error, Result};
use crate::lifecycle::{self, Status, Transition};
use crate::state::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct TaskSummary {
    pub name: String,
    pub task_type: String,
    pub difficulty: String,
    pub duration_minutes: i32,
}

/// What the welcome page shows before the timer starts.
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenInfo {
    pub status: String,
    pub candidate_name: String,
    pub organization_name: String,
    pub expires_at: DateTime<Utc>,
    pub task: TaskSummary,
    /// The AI policy, shown before the timer starts: off, hints or full.
    pub ai_mode: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SessionTask {
    pub name: String,
    pub description: String,
    /// The code to open in the editor: the task's starter code, or on a resume the latest saved code (the
    /// reference client reads only this field).
    pub starter_code: String,
    pub test_code: String,
    pub duration_minutes: i32,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ChatTurn {
    pub role: &'static str,
    pub content: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct StartOut {
    pub assessment_id: i32,
    pub token: String,
    pub status: String,
    pub task: SessionTask,
    pub started_at: DateTime<Utc>,
    pub deadline: DateTime<Utc>,
    pub time_remaining_seconds: i64,
    /// The same seconds, under the reference client's name.
    pub time_remaining: i64,
    pub code: String,
    pub chat_history: Vec<ChatTurn>,
    pub ai_configured: bool,
    /// off (the IDE shows no assistant), hints or full.
    pub ai_mode: String,
    /// The longest message the assistant accepts, in characters (the chat's counter shows it).
    pub chat_message_max_chars: usize,
}

pub async fn token_info(state: &AppState, token: &str) -> Result<TokenInfo> {
    let now = Utc::now();
    let found = access::check_link(access::by_token(&state.db, token).await?, now)?;
    let task = access::task_of(&state.db, &found).await?;
    let candidate_name = candidate::Entity::find_by_id(found.candidate_id)
        .one(&state.db)
        .await?
        .map(|c| c.full_name)
        .unwrap_or_default();
    let organization_name = organization::Entity::find_by_id(found.organization_id)
        .one(&state.db)
        .await?
        .map(|o| o.name)
        .unwrap_or_default();
    Ok(TokenInfo {
        status: lifecycle::effective(&found, now).visible().as_str().into(),
        candidate_name,
        organization_name,
        expires_at: found.expires_at,
        ai_mode: found.ai_mode.clone(),
        task: TaskSummary {
            name: task.name,
            task_type: task.task_type,
            difficulty: task.difficulty,
            duration_minutes: found.duration_minutes,
        },
    })
}

/// Starts the timed session, or resumes it: same deadline, latest saved code, chat history.
pub async fn start(state: &AppState, token: &str) -> Result<StartOut> {
    let now = Utc::now();
    let found = access::check_link(access::by_token(&state.db, token).await?, now)?;
    let task = access::task_of(&state.db, &found).await?;
    let assessment = if lifecycle::effective(&found, now) == Status::Pending {
        begin(state, found, &task, now).await?
    } else {
        found
    };
    let deadline = assessment
        .deadline_at
        .unwrap_or(now + Duration::minutes(assessment.duration_minutes.into()));
    if now > deadline + SUBMIT_GRACE {
        return Err(Error::Gone("Time is up for this assessment".into()));
    }
    let code = events::latest_code(&state.db, &assessment, &task).await?;
    let chat_history = chat::exchanges(&state.db, assessment.id)
        .await?
        .into_iter()
        .flat_map(|e| {
            [
                ChatTurn {
                    role: "user",
                    content: e.message,
                    created_at: e.created_at,
                },
                ChatTurn {
                    role: "assistant",
                    content: e.response,
                    created_at: e.responded_at,
                },
            ]
        })
        .collect();
    let time_remaining = (deadline - now).num_seconds().max(0);
    Ok(StartOut {
        assessment_id: assessment.id,
        token: assessment.token.clone(),
        status: lifecycle::effective(&assessment, now)
            .visible()
            .as_str()
            .into(),
        task: SessionTask {
            name: task.name,
            description: task.description,
            starter_code: code.clone(),
            test_code: task.test_code,
            duration_minutes: assessment.duration_minutes,
        },
        started_at: assessment.started_at.unwrap_or(now),
        deadline,
        time_remaining_seconds: time_remaining,
        time_remaining,
        code,
        chat_history,
        ai_configured: state.assistant.is_some(),
        ai_mode: assessment.ai_mode.clone(),
        chat_message_max_chars: chat::MAX_MESSAGE_CHARS,
    })
}

/// Moves a pending assessment to in progress and creates its sandbox. When another request started it a moment
/// ago, that session is resumed; when no sandbox can be made, the link goes back to the candidate untouched.
async fn begin(
    state: &AppState,
    found: assessment::Model,
    task: &task::Model,
    now: DateTime<Utc>,
) -> Result<assessment::Model> {
    sandbox::sandbox_service(state)?;
    let begun = lifecycle::apply(
        &state.db,
        found.id,
        None,
        Transition::Begin,
        lifecycle::begin_changes(now, found.duration_minutes),
        now,
    )
    .await;
    let current = reload(&state.db, found.id).await?;
    match begun {
        Ok(()) => {}
        Err(Error::Conflict(_)) => return Ok(current),
        Err(other) => return Err(other),
    }
    state.caches.list_totals.changed(current.organization_id);
    if let Err(err) = sandbox::create(state, &current, task).await {
        lifecycle::apply(
            &state.db,
            found.id,
            None,
            Transition::AbandonBegin,
            lifecycle::abandon_changes(),
            now,
        )
        .await?;
        state.caches.list_totals.changed(current.organization_id);
        return Err(err);
    }
    ledger::use_reservation(&state.db, &current).await?;
    tracing::info!(assessment_id = found.id, "assessment started");
    reload(&state.db, found.id).await
}

async fn reload(db: &impl ConnectionTrait, id: i32) -> Result<assessment::Model> {
    assessment::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| Error::not_found("Assessment"))
}
