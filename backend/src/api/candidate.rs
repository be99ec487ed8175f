//! The candidate's endpoints. They authenticate with the assessment token (`X-Assessment-Token`), never a
//! recruiter JWT, and act only on that token's assessment while it is in progress.

use std::convert::Infallible;

use axum::Json;
use axum::extract::{FromRequestParts, State};
use axum::http::header::ACCEPT;
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Duration, Utc};
use futures_util::StreamExt;
use garde::Validate;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter,
};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use tali_ai::{ChatMessage, StreamEvent};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::app::AppState;
use crate::db::entities::{assessment, assessment_session, candidate, organization, task};
use crate::domain::status::{self, Status};
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, ApiPath, ValidJson};
use crate::session::{self, Results, SUBMIT_GRACE, evidence};

const TOKEN_HEADER: &str = "x-assessment-token";
const MAX_CODE_BYTES: usize = 200 * 1024;
const MAX_MESSAGE_CHARS: usize = 4000;
const MAX_PROMPTS: usize = 60;
const MAX_AI_TOKENS: u64 = 300_000;
const MAX_EVENTS_PER_BATCH: usize = 500;
const ACTIVITY_LOG_LIMIT: usize = 2000;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(token_info))
        .routes(routes!(start))
        .routes(routes!(execute))
        .routes(routes!(run_visible_tests))
        .routes(routes!(ask_assistant))
        .routes(routes!(record_events))
        .routes(routes!(submit))
}

fn header_token(headers: &HeaderMap) -> ApiResult<String> {
    headers
        .get(TOKEN_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .ok_or_else(|| ApiError::Unauthorized("Missing X-Assessment-Token header".into()))
}

async fn by_token(state: &AppState, token: &str) -> ApiResult<Option<assessment::Model>> {
    Ok(assessment::Entity::find()
        .filter(assessment::Column::Token.eq(token))
        .one(&state.db)
        .await?)
}

/// The assessment named in the path, proven by its token in the header.
pub struct CandidateAccess(pub assessment::Model);

impl FromRequestParts<AppState> for CandidateAccess {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> ApiResult<Self> {
        let token = header_token(&parts.headers)?;
        let ApiPath(id) = ApiPath::<i32>::from_request_parts(parts, state).await?;
        let found = by_token(state, &token)
            .await?
            .ok_or_else(|| ApiError::Unauthorized("Invalid assessment token".into()))?;
        if found.id != id {
            return Err(ApiError::Forbidden(
                "This token does not belong to this assessment".into(),
            ));
        }
        Ok(Self(found))
    }
}

/// Work is accepted only while the assessment runs and before its deadline (plus `grace`).
fn require_running(a: &assessment::Model, now: DateTime<Utc>, grace: Duration) -> ApiResult<()> {
    match status::effective(a, now) {
        Status::InProgress => {}
        Status::Completed => {
            return Err(ApiError::Conflict(
                "This assessment has already been submitted".into(),
            ));
        }
        Status::Revoked => return Err(ApiError::not_found("Assessment")),
        Status::Pending | Status::Expired => {
            return Err(ApiError::Conflict(
                "This assessment has not been started".into(),
            ));
        }
    }
    if a.deadline_at.is_some_and(|d| now > d + grace) {
        return Err(ApiError::Gone("Time is up for this assessment".into()));
    }
    Ok(())
}

async fn task_of(state: &AppState, a: &assessment::Model) -> ApiResult<task::Model> {
    task::Entity::find_by_id(a.task_id)
        .one(&state.db)
        .await?
        .ok_or_else(|| ApiError::not_found("Task"))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TaskSummary {
    pub name: String,
    pub task_type: String,
    pub difficulty: String,
    pub duration_minutes: i32,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TokenInfo {
    pub status: String,
    pub candidate_name: String,
    pub organization_name: String,
    pub expires_at: DateTime<Utc>,
    pub task: TaskSummary,
}

/// A pending assessment link, found (404), expired (410) or already completed (409).
fn check_link(a: Option<assessment::Model>, now: DateTime<Utc>) -> ApiResult<assessment::Model> {
    let a = a.ok_or_else(|| ApiError::NotFound("This assessment link is not valid".into()))?;
    match status::effective(&a, now) {
        Status::Revoked => Err(ApiError::NotFound(
            "This assessment link has been revoked".into(),
        )),
        Status::Expired => Err(ApiError::Gone("This assessment link has expired".into())),
        Status::Completed => Err(ApiError::Conflict(
            "This assessment has already been submitted; the hiring team has your results".into(),
        )),
        Status::Pending | Status::InProgress => Ok(a),
    }
}

/// What the welcome page shows before the timer starts.
#[utoipa::path(get, path = "/assessments/token/{token}", tag = "candidate",
    responses((status = 200, body = TokenInfo), (status = 404), (status = 409), (status = 410)))]
async fn token_info(
    State(state): State<AppState>,
    ApiPath(token): ApiPath<String>,
) -> ApiResult<Json<TokenInfo>> {
    let a = check_link(by_token(&state, &token).await?, Utc::now())?;
    let task = task_of(&state, &a).await?;
    let candidate_name = candidate::Entity::find_by_id(a.candidate_id)
        .one(&state.db)
        .await?
        .map(|c| c.full_name)
        .unwrap_or_default();
    let organization_name = organization::Entity::find_by_id(a.organization_id)
        .one(&state.db)
        .await?
        .map(|o| o.name)
        .unwrap_or_default();
    Ok(Json(TokenInfo {
        status: status::effective(&a, Utc::now()).as_str().into(),
        candidate_name,
        organization_name,
        expires_at: a.expires_at,
        task: TaskSummary {
            name: task.name,
            task_type: task.task_type,
            difficulty: task.difficulty,
            duration_minutes: a.duration_minutes,
        },
    }))
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
}

/// Start the timed session, or resume it: same deadline, latest saved code, chat history.
#[utoipa::path(post, path = "/assessments/token/{token}/start", tag = "candidate",
    responses((status = 200, body = StartOut), (status = 404), (status = 409), (status = 410), (status = 503)))]
async fn start(
    State(state): State<AppState>,
    ApiPath(token): ApiPath<String>,
) -> ApiResult<Json<StartOut>> {
    let now = Utc::now();
    let a = check_link(by_token(&state, &token).await?, now)?;
    let task = task_of(&state, &a).await?;
    let a = if a.status == Status::Pending.as_str() {
        begin(&state, a, &task, now).await?
    } else {
        a
    };
    let deadline = a
        .deadline_at
        .unwrap_or(now + Duration::minutes(a.duration_minutes as i64));
    if now > deadline + SUBMIT_GRACE {
        return Err(ApiError::Gone("Time is up for this assessment".into()));
    }
    let code = session::latest_code(&state.db, &a, &task).await?;
    let chat_history = session::exchanges(&a)
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
    Ok(Json(StartOut {
        assessment_id: a.id,
        token: a.token.clone(),
        status: status::effective(&a, now).as_str().into(),
        task: SessionTask {
            name: task.name,
            description: task.description,
            starter_code: code.clone(),
            test_code: task.test_code,
            duration_minutes: a.duration_minutes,
        },
        started_at: a.started_at.unwrap_or(now),
        deadline,
        time_remaining_seconds: time_remaining,
        time_remaining,
        code,
        chat_history,
        ai_configured: state.assistant.is_some(),
    }))
}

/// Moves a pending assessment to in progress (once, even under concurrent starts) and creates its sandbox.
async fn begin(
    state: &AppState,
    a: assessment::Model,
    task: &task::Model,
    now: DateTime<Utc>,
) -> ApiResult<assessment::Model> {
    session::sandbox(state)?;
    let deadline = now + Duration::minutes(a.duration_minutes as i64);
    let claimed = assessment::Entity::update_many()
        .col_expr(
            assessment::Column::Status,
            Expr::value(Status::InProgress.as_str()),
        )
        .col_expr(assessment::Column::StartedAt, Expr::value(now))
        .col_expr(assessment::Column::DeadlineAt, Expr::value(deadline))
        .col_expr(assessment::Column::UpdatedAt, Expr::value(now))
        .filter(assessment::Column::Id.eq(a.id))
        .filter(assessment::Column::Status.eq(Status::Pending.as_str()))
        .exec(&state.db)
        .await?;
    let current = assessment::Entity::find_by_id(a.id)
        .one(&state.db)
        .await?
        .ok_or_else(|| ApiError::not_found("Assessment"))?;
    if claimed.rows_affected != 1 {
        // Another request started it a moment ago: resume that session.
        return Ok(current);
    }
    state.list_totals.changed(current.organization_id);
    if let Err(err) = session::create_sandbox(state, &current, task).await {
        // Without a sandbox the session cannot run; give the candidate their untouched link back.
        assessment::Entity::update_many()
            .col_expr(
                assessment::Column::Status,
                Expr::value(Status::Pending.as_str()),
            )
            .col_expr(
                assessment::Column::StartedAt,
                Expr::value(Option::<DateTime<Utc>>::None),
            )
            .col_expr(
                assessment::Column::DeadlineAt,
                Expr::value(Option::<DateTime<Utc>>::None),
            )
            .filter(assessment::Column::Id.eq(a.id))
            .exec(&state.db)
            .await?;
        state.list_totals.changed(current.organization_id);
        return Err(err);
    }
    assessment_session::ActiveModel {
        assessment_id: Set(a.id),
        session_start: Set(now),
        keystrokes: Set(0),
        code_executions: Set(0),
        ai_requests: Set(0),
        activity_log: Set(Some(Value::Array(Vec::new()))),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&state.db)
    .await?;
    tracing::info!(assessment_id = a.id, "assessment started");
    Ok(assessment::Entity::find_by_id(a.id)
        .one(&state.db)
        .await?
        .unwrap_or(current))
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct CodeBody {
    #[garde(length(max = MAX_CODE_BYTES))]
    pub code: String,
}

/// Run the candidate's code in their sandbox.
#[utoipa::path(post, path = "/assessments/{id}/execute", tag = "candidate", request_body = CodeBody,
    responses((status = 200, description = "stdout, stderr, exit_code, execution_time_ms, timed_out, truncated"),
        (status = 401), (status = 403), (status = 409), (status = 410), (status = 503)))]
async fn execute(
    State(state): State<AppState>,
    CandidateAccess(a): CandidateAccess,
    ValidJson(body): ValidJson<CodeBody>,
) -> ApiResult<Json<tali_sandbox::ExecResult>> {
    let now = Utc::now();
    require_running(&a, now, Duration::zero())?;
    let task = task_of(&state, &a).await?;
    let handle = session::sandbox_handle(&state, &a, &task).await?;
    let hash = session::record_code_state(&state.db, &a, &body.code, now).await?;
    let result = session::sandbox(&state)?
        .execute_code(&handle, &body.code)
        .await
        .map_err(session::sandbox_error)?;
    let excerpt: String = format!("{}{}", result.stdout, result.stderr)
        .chars()
        .rev()
        .take(2000)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    session::record_event(
        &state.db,
        &a,
        &format!("server-run-{}", uuid::Uuid::new_v4()),
        "run",
        json!({"hash": hash, "exit_code": result.exit_code, "timed_out": result.timed_out,
            "duration_ms": result.execution_time_ms, "output_excerpt": excerpt}),
        Utc::now(),
    )
    .await?;
    session::bump_counter(&state.db, a.id, assessment_session::Column::CodeExecutions).await?;
    Ok(Json(result))
}

/// Run the task's visible tests against the candidate's code (hidden tests run only at submit).
#[utoipa::path(post, path = "/assessments/{id}/tests", tag = "candidate", request_body = CodeBody,
    responses((status = 200, description = "tests_passed, tests_total, test_details"),
        (status = 401), (status = 403), (status = 409), (status = 410), (status = 503)))]
async fn run_visible_tests(
    State(state): State<AppState>,
    CandidateAccess(a): CandidateAccess,
    ValidJson(body): ValidJson<CodeBody>,
) -> ApiResult<Json<Value>> {
    let now = Utc::now();
    require_running(&a, now, Duration::zero())?;
    let task = task_of(&state, &a).await?;
    let handle = session::sandbox_handle(&state, &a, &task).await?;
    let hash = session::record_code_state(&state.db, &a, &body.code, now).await?;
    let report = session::sandbox(&state)?
        .run_tests(
            &handle,
            session::VISIBLE_TESTS_FILE,
            &task.test_code,
            &body.code,
        )
        .await
        .map_err(session::sandbox_error)?;
    session::record_event(
        &state.db,
        &a,
        &format!("server-tests-{}", uuid::Uuid::new_v4()),
        "test_run",
        session::visible_test_event(&hash, &report),
        Utc::now(),
    )
    .await?;
    session::bump_counter(&state.db, a.id, assessment_session::Column::CodeExecutions).await?;
    Ok(Json(json!({
        "tests_passed": report.tests_passed,
        "tests_total": report.tests_total,
        "test_details": report.test_details,
        "collection_error": report.collection_error,
        "timed_out": report.timed_out,
        "stdout": report.stdout,
        "stderr": report.stderr,
    })))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct HistoryTurn {
    pub role: String,
    pub content: String,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ChatBody {
    pub message: String,
    /// Accepted for compatibility; the server uses the conversation it stored, which the candidate cannot
    /// rewrite.
    #[serde(default)]
    pub conversation_history: Vec<HistoryTurn>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ChatOut {
    pub response: String,
    #[schema(value_type = Object)]
    pub usage: tali_ai::Usage,
}

fn system_prompt(task: &task::Model, code: &str) -> String {
    format!(
        "You are the AI assistant inside TALI, a coding assessment. A candidate is working on the task below \
         and may ask you anything, as they would ask an AI assistant at work. Help them the way a good senior \
         colleague would: explain, suggest, write code when asked. You do not know the hidden tests.\n\n\
         <task>\n{}\n</task>\n\n<candidate_code file=\"solution.py\">\n{}\n</candidate_code>",
        task.description, code
    )
}

/// Ask the AI assistant. With `Accept: text/event-stream` the reply streams as server-sent events.
#[utoipa::path(post, path = "/assessments/{id}/claude", tag = "candidate", request_body = ChatBody,
    responses((status = 200, body = ChatOut), (status = 429), (status = 502), (status = 503)))]
async fn ask_assistant(
    State(state): State<AppState>,
    headers: HeaderMap,
    CandidateAccess(a): CandidateAccess,
    ApiJson(body): ApiJson<ChatBody>,
) -> ApiResult<Response> {
    let now = Utc::now();
    require_running(&a, now, Duration::zero())?;
    let assistant = state
        .assistant
        .clone()
        .ok_or_else(|| ApiError::unavailable("AI assistant is not configured"))?;
    let message = body.message.trim().to_string();
    if message.is_empty() {
        return Err(ApiError::field("message", "must not be empty"));
    }
    if message.chars().count() > MAX_MESSAGE_CHARS {
        return Err(ApiError::field(
            "message",
            format!("must be at most {MAX_MESSAGE_CHARS} characters"),
        ));
    }
    let history = session::exchanges(&a);
    if history.len() >= MAX_PROMPTS {
        return Err(ApiError::RateLimited {
            detail: format!("You have used all {MAX_PROMPTS} AI messages of this assessment"),
            retry_after_secs: 3600,
        });
    }
    let used: u64 = history
        .iter()
        .map(|e| e.input_tokens + e.output_tokens)
        .sum();
    if used >= MAX_AI_TOKENS {
        return Err(ApiError::RateLimited {
            detail: "The AI budget of this assessment is used up".into(),
            retry_after_secs: 3600,
        });
    }
    let task = task_of(&state, &a).await?;
    let code = session::latest_code(&state.db, &a, &task).await?;
    let mut messages: Vec<ChatMessage> = history
        .iter()
        .flat_map(|e| {
            [
                ChatMessage::user(e.message.clone()),
                ChatMessage::assistant(e.response.clone()),
            ]
        })
        .collect();
    messages.push(ChatMessage::user(message.clone()));
    let system = system_prompt(&task, &code);
    let pending = PendingExchange {
        assessment_id: a.id,
        message,
        created_at: now,
        t_prompt_ms: session::elapsed_ms(&a, now),
        code_hash: evidence::code_hash(&code),
    };
    let wants_stream = headers
        .get(ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/event-stream"));
    if !wants_stream {
        let reply = assistant
            .chat(&messages, &system, tali_ai::DEFAULT_MAX_TOKENS)
            .await
            .map_err(ai_error)?;
        pending.store(&state, &reply.text, &reply.usage).await?;
        return Ok(Json(ChatOut {
            response: reply.text,
            usage: reply.usage,
        })
        .into_response());
    }
    let mut upstream = assistant
        .chat_stream(&messages, &system, tali_ai::DEFAULT_MAX_TOKENS)
        .await
        .map_err(ai_error)?;
    let (tx, rx) = tokio::sync::mpsc::channel::<SseEvent>(64);
    // The exchange is stored even if the candidate's connection drops mid-reply.
    tokio::spawn(async move {
        while let Some(item) = upstream.next().await {
            match item {
                Ok(StreamEvent::Delta(text)) => {
                    let _ = tx
                        .send(
                            SseEvent::default()
                                .event("delta")
                                .json_data(json!({"text": text}))
                                .unwrap_or_default(),
                        )
                        .await;
                }
                Ok(StreamEvent::Done(reply)) => {
                    let stored = pending.store(&state, &reply.text, &reply.usage).await;
                    let event = match stored {
                        Ok(()) => SseEvent::default()
                            .event("done")
                            .json_data(json!({"response": reply.text, "usage": reply.usage})),
                        Err(_) => SseEvent::default()
                            .event("error")
                            .json_data(json!({"detail": "The reply could not be saved"})),
                    };
                    let _ = tx.send(event.unwrap_or_default()).await;
                    return;
                }
                Err(err) => {
                    let _ = tx
                        .send(
                            SseEvent::default()
                                .event("error")
                                .json_data(json!({"detail": err.to_string()}))
                                .unwrap_or_default(),
                        )
                        .await;
                    return;
                }
            }
        }
    });
    let stream = futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv()
            .await
            .map(|event| (Ok::<_, Infallible>(event), rx))
    });
    Ok(Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response())
}

fn ai_error(err: tali_ai::AiError) -> ApiError {
    crate::domain::Error::from(err).into()
}

struct PendingExchange {
    assessment_id: i32,
    message: String,
    created_at: DateTime<Utc>,
    t_prompt_ms: u64,
    code_hash: String,
}

impl PendingExchange {
    /// Appends the exchange to `ai_prompts` (re-reading the row, so concurrent requests do not lose one).
    async fn store(self, state: &AppState, reply: &str, usage: &tali_ai::Usage) -> ApiResult<()> {
        let now = Utc::now();
        let a = assessment::Entity::find_by_id(self.assessment_id)
            .one(&state.db)
            .await?
            .ok_or_else(|| ApiError::not_found("Assessment"))?;
        let mut exchanges = session::exchanges(&a);
        exchanges.push(evidence::Exchange {
            message: self.message,
            response: reply.to_string(),
            created_at: self.created_at,
            responded_at: now,
            t_prompt_ms: self.t_prompt_ms,
            t_reply_ms: session::elapsed_ms(&a, now),
            input_tokens: usage.input_tokens,
            output_tokens: usage.output_tokens,
            latency_ms: (now - self.created_at).num_milliseconds().max(0) as u64,
            code_hash: self.code_hash,
            quality_score: None,
        });
        let mut row = a.into_active_model();
        row.ai_prompts = Set(Some(
            serde_json::to_value(exchanges).map_err(anyhow::Error::from)?,
        ));
        row.updated_at = Set(now);
        row.update(&state.db).await?;
        session::bump_counter(
            &state.db,
            self.assessment_id,
            assessment_session::Column::AiRequests,
        )
        .await
    }
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ClientEvent {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub at: Option<String>,
    #[serde(default)]
    pub data: Value,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct EventBatch {
    pub events: Vec<ClientEvent>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EventsOut {
    pub accepted: usize,
    pub duplicates: usize,
}

const EVENT_KINDS: [&str; 7] = [
    "snapshot",
    "paste",
    "focus_lost",
    "focus_gained",
    "run_click",
    "test_click",
    "chat_insert",
];

/// Batched telemetry from the IDE; idempotent by client event id.
#[utoipa::path(post, path = "/assessments/{id}/events", tag = "candidate", request_body = EventBatch,
    responses((status = 200, body = EventsOut), (status = 401), (status = 403), (status = 409), (status = 422)))]
async fn record_events(
    State(state): State<AppState>,
    CandidateAccess(a): CandidateAccess,
    ApiJson(batch): ApiJson<EventBatch>,
) -> ApiResult<Json<EventsOut>> {
    let now = Utc::now();
    // Telemetry sent at the last moment (tab closing at 0:00) is still evidence.
    require_running(&a, now, SUBMIT_GRACE)?;
    if batch.events.len() > MAX_EVENTS_PER_BATCH {
        return Err(ApiError::field(
            "events",
            format!("at most {MAX_EVENTS_PER_BATCH} events per request"),
        ));
    }
    for (i, event) in batch.events.iter().enumerate() {
        if event.id.is_empty() || event.id.len() > 100 {
            return Err(ApiError::field(
                &format!("events[{i}].id"),
                "must have 1 to 100 characters",
            ));
        }
        if !EVENT_KINDS.contains(&event.kind.as_str()) {
            return Err(ApiError::field(
                &format!("events[{i}].type"),
                format!("must be one of: {}", EVENT_KINDS.join(", ")),
            ));
        }
    }
    let (mut accepted, mut duplicates) = (0, 0);
    let mut activity = Vec::new();
    for event in batch.events {
        let data = match event.kind.as_str() {
            "snapshot" => {
                let code = event
                    .data
                    .get("code")
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                if code.len() > MAX_CODE_BYTES {
                    return Err(ApiError::field("code", "is too large"));
                }
                json!({"code": code, "hash": evidence::code_hash(code)})
            }
            "paste" => {
                let text: String = event
                    .data
                    .get("text")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .chars()
                    .take(20_000)
                    .collect();
                json!({"chars": event.data.get("chars").and_then(Value::as_u64).unwrap_or(text.chars().count() as u64),
                    "text": text, "line": event.data.get("line")})
            }
            "chat_insert" => {
                json!({"chars": event.data.get("chars").and_then(Value::as_u64).unwrap_or(0)})
            }
            _ => json!({}),
        };
        if session::record_event(&state.db, &a, &event.id, &event.kind, data, now).await? {
            accepted += 1;
            if event.kind != "snapshot" {
                activity.push(json!({"type": event.kind, "at": now, "client_at": event.at}));
            }
        } else {
            duplicates += 1;
        }
    }
    if !activity.is_empty() {
        append_activity(&state, a.id, activity).await?;
    }
    Ok(Json(EventsOut {
        accepted,
        duplicates,
    }))
}

async fn append_activity(
    state: &AppState,
    assessment_id: i32,
    entries: Vec<Value>,
) -> ApiResult<()> {
    let Some(row) = assessment_session::Entity::find()
        .filter(assessment_session::Column::AssessmentId.eq(assessment_id))
        .one(&state.db)
        .await?
    else {
        return Ok(());
    };
    let mut log = row
        .activity_log
        .clone()
        .and_then(|v| v.as_array().cloned())
        .unwrap_or_default();
    log.extend(entries);
    let overflow = log.len().saturating_sub(ACTIVITY_LOG_LIMIT);
    log.drain(..overflow);
    let mut row = row.into_active_model();
    row.activity_log = Set(Some(Value::Array(log)));
    row.updated_at = Set(Utc::now());
    row.update(&state.db).await?;
    Ok(())
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct SubmitBody {
    #[garde(length(max = MAX_CODE_BYTES))]
    pub final_code: String,
}

/// Submit: run the hidden tests, score, complete. A second submit returns the same results.
#[utoipa::path(post, path = "/assessments/{id}/submit", tag = "candidate", request_body = SubmitBody,
    responses((status = 200, body = Results), (status = 401), (status = 403), (status = 409)))]
async fn submit(
    State(state): State<AppState>,
    CandidateAccess(a): CandidateAccess,
    ValidJson(body): ValidJson<SubmitBody>,
) -> ApiResult<Response> {
    let now = Utc::now();
    match status::effective(&a, now) {
        Status::Completed => return Ok(Json(Results::for_candidate(&a)).into_response()),
        Status::InProgress => {}
        _ => {
            return Err(ApiError::Conflict(
                "This assessment has not been started".into(),
            ));
        }
    }
    let late = a.deadline_at.is_some_and(|d| now > d + SUBMIT_GRACE);
    let task = task_of(&state, &a).await?;
    if late {
        // Past the grace period the latest saved work counts, not what arrives now.
        let completed = auto_submit_one(&state, a, &task).await?;
        return Ok((
            StatusCode::CONFLICT,
            Json(json!({"detail": "Time was up; your last saved work was submitted", "results": Results::for_candidate(&completed)})),
        )
            .into_response());
    }
    if !session::claim_for_submit(&state.db, a.id).await? {
        return Err(ApiError::Conflict(
            "This assessment is already being submitted".into(),
        ));
    }
    match session::finalize(&state, a.clone(), &task, body.final_code, false).await {
        Ok(completed) => Ok(Json(Results::for_candidate(&completed)).into_response()),
        Err(err) => {
            session::release_claim(&state.db, a.id).await?;
            Err(err)
        }
    }
}

async fn auto_submit_one(
    state: &AppState,
    a: assessment::Model,
    task: &task::Model,
) -> ApiResult<assessment::Model> {
    if !session::claim_for_submit(&state.db, a.id).await? {
        return assessment::Entity::find_by_id(a.id)
            .one(&state.db)
            .await?
            .ok_or_else(|| ApiError::not_found("Assessment"));
    }
    let code = session::latest_code(&state.db, &a, task).await?;
    match session::finalize(state, a.clone(), task, code, true).await {
        Ok(done) => Ok(done),
        Err(err) => {
            session::release_claim(&state.db, a.id).await?;
            Err(err)
        }
    }
}
