//! The candidate's endpoints. They authenticate with the assessment token (`X-Assessment-Token`), never a
//! recruiter JWT, and act only on that token's assessment (`crate::session` does the work).

use std::convert::Infallible;

use axum::Json;
use axum::extract::{FromRequestParts, State};
use axum::http::header::ACCEPT;
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use serde_json::json;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::db::entities::assessment;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, ApiPath, ValidJson};
use crate::session::chat::{ChatBody, ChatEvent, ChatOut};
use crate::session::runs::{CodeBody, SyntaxCheck};
use crate::session::start::{StartOut, TokenInfo};
use crate::session::submit::{Results, SubmitBody, Submitted};
use crate::session::telemetry::{EventBatch, EventsOut};
use crate::session::understanding::{self, AnswersBody, CheckOut};
use crate::session::{access, chat, runs, start, submit, telemetry};
use crate::state::AppState;

const TOKEN_HEADER: &str = "x-assessment-token";

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(token_info))
        .routes(routes!(start_session))
        .routes(routes!(execute))
        .routes(routes!(run_visible_tests))
        .routes(routes!(check_syntax))
        .routes(routes!(ask_assistant))
        .routes(routes!(record_events))
        .routes(routes!(submit_session))
        .routes(routes!(open_understanding))
        .routes(routes!(answer_understanding))
        .routes(routes!(skip_understanding))
}

/// The assessment named in the path, proven by its token in the header.
pub struct CandidateAccess(pub assessment::Model);

impl FromRequestParts<AppState> for CandidateAccess {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> ApiResult<Self> {
        let token = parts
            .headers
            .get(TOKEN_HEADER)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or_else(|| ApiError::Unauthorized("Missing X-Assessment-Token header".into()))?
            .to_string();
        let ApiPath(id) = ApiPath::<i32>::from_request_parts(parts, state).await?;
        Ok(Self(access::authorize(&state.db, &token, id).await?))
    }
}

/// What the welcome page shows before the timer starts.
#[utoipa::path(get, path = "/assessments/token/{token}", tag = "candidate",
    responses((status = 200, body = TokenInfo), (status = 404), (status = 409), (status = 410)))]
async fn token_info(
    State(state): State<AppState>,
    ApiPath(token): ApiPath<String>,
) -> ApiResult<Json<TokenInfo>> {
    Ok(Json(start::token_info(&state, &token).await?))
}

/// Start the timed session, or resume it: same deadline, latest saved code, chat history.
#[utoipa::path(post, path = "/assessments/token/{token}/start", tag = "candidate",
    responses((status = 200, body = StartOut), (status = 404), (status = 409), (status = 410), (status = 503)))]
async fn start_session(
    State(state): State<AppState>,
    ApiPath(token): ApiPath<String>,
) -> ApiResult<Json<StartOut>> {
    Ok(Json(start::start(&state, &token).await?))
}

/// Run the candidate's code in their sandbox.
#[utoipa::path(post, path = "/assessments/{id}/execute", tag = "candidate", request_body = CodeBody,
    responses((status = 200, description = "stdout, stderr, exit_code, execution_time_ms, timed_out, truncated"),
        (status = 401), (status = 403), (status = 409), (status = 410),
        (status = 429, description = "A run is still in flight, or too many runs this minute (see Retry-After)"),
        (status = 503)))]
async fn execute(
    State(state): State<AppState>,
    CandidateAccess(assessment): CandidateAccess,
    ValidJson(body): ValidJson<CodeBody>,
) -> ApiResult<Json<tali_sandbox::ExecResult>> {
    Ok(Json(runs::execute(&state, &assessment, &body.code).await?))
}

/// Run the task's visible tests against the candidate's code (hidden tests run only at submit).
#[utoipa::path(post, path = "/assessments/{id}/tests", tag = "candidate", request_body = CodeBody,
    responses((status = 200, description = "tests_passed, tests_total, test_details, collection_error, timed_out, stdout, stderr"),
        (status = 401), (status = 403), (status = 409), (status = 410),
        (status = 429, description = "A run is still in flight, or too many runs this minute (see Retry-After)"),
        (status = 503)))]
async fn run_visible_tests(
    State(state): State<AppState>,
    CandidateAccess(assessment): CandidateAccess,
    ValidJson(body): ValidJson<CodeBody>,
) -> ApiResult<Json<tali_sandbox::TestReport>> {
    Ok(Json(
        runs::visible_tests(&state, &assessment, &body.code).await?,
    ))
}

/// Check that the code parses as Python (compiled in the sandbox, not run), so the IDE can warn before a
/// submit; a failed check never blocks the submit itself.
#[utoipa::path(post, path = "/assessments/{id}/check", tag = "candidate", request_body = CodeBody,
    responses((status = 200, body = SyntaxCheck), (status = 401), (status = 403), (status = 409), (status = 410),
        (status = 429, description = "A run is still in flight, or too many runs this minute (see Retry-After)"),
        (status = 503)))]
async fn check_syntax(
    State(state): State<AppState>,
    CandidateAccess(assessment): CandidateAccess,
    ValidJson(body): ValidJson<CodeBody>,
) -> ApiResult<Json<SyntaxCheck>> {
    Ok(Json(
        runs::check_syntax(&state, &assessment, &body.code).await?,
    ))
}

/// Ask the AI assistant. With `Accept: text/event-stream` the reply streams as server-sent events: `delta`
/// `{text}` repeated, then `done` `{response, usage}` or `error` `{detail}`.
#[utoipa::path(post, path = "/assessments/{id}/claude", tag = "candidate", request_body = ChatBody,
    responses((status = 200, body = ChatOut), (status = 429), (status = 502), (status = 503)))]
async fn ask_assistant(
    State(state): State<AppState>,
    headers: HeaderMap,
    CandidateAccess(assessment): CandidateAccess,
    ApiJson(body): ApiJson<ChatBody>,
) -> ApiResult<Response> {
    let question = chat::ask(&state, &assessment, body).await?;
    let wants_stream = headers
        .get(ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/event-stream"));
    if !wants_stream {
        return Ok(Json(question.reply(&state).await?).into_response());
    }
    let events = question.stream(&state).await?;
    let stream = futures_util::stream::unfold(events, |mut events| async move {
        let event = match events.recv().await? {
            ChatEvent::Delta(text) => Event::default()
                .event("delta")
                .json_data(json!({"text": text})),
            ChatEvent::Done(out) => Event::default().event("done").json_data(out),
            ChatEvent::Failed(detail) => Event::default()
                .event("error")
                .json_data(json!({"detail": detail})),
        };
        Some((Ok::<_, Infallible>(event.unwrap_or_default()), events))
    });
    Ok(Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response())
}

/// Batched telemetry from the IDE; idempotent by client event id.
#[utoipa::path(post, path = "/assessments/{id}/events", tag = "candidate", request_body = EventBatch,
    responses((status = 200, body = EventsOut), (status = 401), (status = 403), (status = 409), (status = 422)))]
async fn record_events(
    State(state): State<AppState>,
    CandidateAccess(assessment): CandidateAccess,
    ApiJson(batch): ApiJson<EventBatch>,
) -> ApiResult<Json<EventsOut>> {
    Ok(Json(telemetry::record(&state, &assessment, batch).await?))
}

/// Submit the final code: the hidden tests run and the session is scored, exactly once. Past the grace period
/// the last saved work is submitted instead (409 with the results).
#[utoipa::path(post, path = "/assessments/{id}/submit", tag = "candidate", request_body = SubmitBody,
    responses((status = 200, body = Results), (status = 409), (status = 503)))]
async fn submit_session(
    State(state): State<AppState>,
    CandidateAccess(assessment): CandidateAccess,
    ValidJson(body): ValidJson<SubmitBody>,
) -> ApiResult<Response> {
    Ok(match submit::submit(&state, assessment, body.final_code).await? {
        Submitted::Graded(results) => Json(results).into_response(),
        Submitted::TooLate(results) => (
            StatusCode::CONFLICT,
            Json(json!({"detail": "Time was up; your last saved work was submitted", "results": results})),
        )
            .into_response(),
    })
}

/// After submit: open the understanding check (three questions about the submission, five minutes by the
/// server's clock from the first opening), or get it back as it stands.
#[utoipa::path(post, path = "/assessments/{id}/understanding/start", tag = "candidate",
    responses((status = 200, body = CheckOut), (status = 401), (status = 403),
        (status = 404, description = "This assessment has no understanding check"),
        (status = 409, description = "Not submitted yet"), (status = 410, description = "Offered right after submit only")))]
async fn open_understanding(
    State(state): State<AppState>,
    CandidateAccess(assessment): CandidateAccess,
) -> ApiResult<Json<CheckOut>> {
    Ok(Json(understanding::open(&state, &assessment).await?))
}

/// Answer the understanding check, one answer per question (blank allowed); refused with 410 after the deadline.
#[utoipa::path(post, path = "/assessments/{id}/understanding/answers", tag = "candidate",
    request_body = AnswersBody,
    responses((status = 200, body = CheckOut), (status = 400), (status = 401), (status = 403), (status = 404),
        (status = 409, description = "Already answered or skipped"), (status = 410, description = "Time is up"),
        (status = 422)))]
async fn answer_understanding(
    State(state): State<AppState>,
    CandidateAccess(assessment): CandidateAccess,
    ValidJson(body): ValidJson<AnswersBody>,
) -> ApiResult<Json<CheckOut>> {
    Ok(Json(
        understanding::answer(&state, &assessment, body).await?,
    ))
}

/// Skip the understanding check; the report records it, and it never lowers the score.
#[utoipa::path(post, path = "/assessments/{id}/understanding/skip", tag = "candidate",
    responses((status = 200, body = CheckOut), (status = 401), (status = 403), (status = 404),
        (status = 409, description = "Already answered or skipped"), (status = 410, description = "Time is up")))]
async fn skip_understanding(
    State(state): State<AppState>,
    CandidateAccess(assessment): CandidateAccess,
) -> ApiResult<Json<CheckOut>> {
    Ok(Json(understanding::skip(&state, &assessment).await?))
}
