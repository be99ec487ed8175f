//! Test hooks: what happens inside Workable without TALI asking (a recruiter adds or moves a candidate, a
//! webhook goes out, someone else spends the rate limit, a token expires), and what tests assert on. Each is a
//! method of [`WorkableMock`](super::WorkableMock) and an HTTP route under `/test/` for browser tests.

use std::sync::Arc;
use std::time::Instant;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};

use super::api::move_to_stage;
use super::deliver::{deliver_all, plan};
use super::render;
use super::seed;
use super::server::{Shared, WorkableMock};
use super::world::{DeliveryAttempt, World};
use crate::TokenKind;

/// A candidate to add (`POST /test/candidates` takes the same fields as JSON).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct NewCandidate {
    /// The account; the seeded one when `None`.
    pub subdomain: Option<String>,
    /// Chosen by the mock when `None`.
    pub id: Option<String>,
    pub firstname: String,
    pub lastname: String,
    pub email: String,
    pub job_shortcode: String,
    pub stage_slug: String,
}

pub(crate) fn add_candidate(world: &mut World, new: NewCandidate) -> Result<String, String> {
    let id = match new.id {
        Some(id) => id,
        None => format!("c{:06x}", world.next_number()),
    };
    if world.find_candidate(&id).is_some() {
        return Err(format!("a candidate {id} already exists"));
    }
    let subdomain = new
        .subdomain
        .unwrap_or_else(|| WorkableMock::SUBDOMAIN.to_owned());
    let account = world
        .account_mut(&subdomain)
        .ok_or_else(|| format!("no account {subdomain}"))?;
    let job = account
        .job(&new.job_shortcode)
        .ok_or_else(|| format!("no job {} in {subdomain}", new.job_shortcode))?;
    if !job.stage_slugs.contains(&new.stage_slug) {
        return Err(format!(
            "job {} has no stage {}",
            new.job_shortcode, new.stage_slug
        ));
    }
    let created_at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    account.candidates.push(seed::candidate(
        &id,
        (&new.firstname, &new.lastname),
        &new.email,
        &new.job_shortcode,
        &new.stage_slug,
        &created_at,
    ));
    Ok(id)
}

pub(crate) async fn move_candidate(
    shared: &Shared,
    candidate_id: &str,
    stage_slug: &str,
) -> Result<Vec<DeliveryAttempt>, String> {
    let planned = move_to_stage(&mut shared.world(), candidate_id, stage_slug)
        .map_err(|reject| reject.message())?;
    Ok(deliver_all(shared, planned).await)
}

pub(crate) async fn deliver(
    shared: &Shared,
    candidate_id: &str,
    event: &str,
) -> Result<Vec<DeliveryAttempt>, String> {
    let planned = {
        let world = shared.world();
        if world.find_candidate(candidate_id).is_none() {
            return Err(format!("no candidate {candidate_id}"));
        }
        plan(&world, candidate_id, event)
    };
    Ok(deliver_all(shared, planned).await)
}

/// Expires one token, or every OAuth access token; returns how many.
pub(crate) fn expire_tokens(world: &mut World, token: Option<&str>) -> usize {
    let now = Instant::now();
    let mut expired = 0;
    for (value, issued) in &mut world.tokens {
        let chosen = match token {
            Some(token) => value == token,
            None => issued.kind == TokenKind::OAuth,
        };
        if chosen {
            issued.expires_at = Some(now);
            expired += 1;
        }
    }
    expired
}

fn refused(message: String) -> Response {
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        Json(render::error(&message)),
    )
        .into_response()
}

/// Hooks whose fields are all optional accept an empty body.
fn body_or_default<T: for<'de> Deserialize<'de> + Default>(body: &[u8]) -> Result<T, String> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(T::default());
    }
    serde_json::from_slice(body).map_err(|err| format!("bad hook body: {err}"))
}

fn delivered(attempts: Vec<DeliveryAttempt>) -> Response {
    Json(json!({ "deliveries": attempts })).into_response()
}

/// `POST /test/candidates` with a [`NewCandidate`] → 201 and the candidate as the API shows it.
pub(crate) async fn http_add_candidate(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let new: NewCandidate = match serde_json::from_slice(&body) {
        Ok(new) => new,
        Err(err) => return refused(format!("bad candidate: {err}")),
    };
    let mut world = shared.world();
    match add_candidate(&mut world, new) {
        Ok(id) => {
            let rendered = world.find_candidate(&id).map(|(account, candidate)| {
                let account = &world.accounts[account];
                render::candidate(account, &account.candidates[candidate])
            });
            (StatusCode::CREATED, Json(json!({ "candidate": rendered }))).into_response()
        }
        Err(message) => refused(message),
    }
}

#[derive(Deserialize)]
pub(crate) struct MoveHook {
    stage_slug: String,
}

/// `POST /test/candidates/{id}/move` `{stage_slug}` → moves and delivers; answers every delivery attempt.
pub(crate) async fn http_move_candidate(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    Json(hook): Json<MoveHook>,
) -> Response {
    match move_candidate(&shared, &id, &hook.stage_slug).await {
        Ok(attempts) => delivered(attempts),
        Err(message) => refused(message),
    }
}

#[derive(Deserialize)]
pub(crate) struct DeliverHook {
    candidate_id: String,
    #[serde(default = "candidate_moved")]
    event: String,
}

fn candidate_moved() -> String {
    "candidate_moved".to_owned()
}

/// `POST /test/deliver` `{candidate_id, event?}` (event defaults to `candidate_moved`).
pub(crate) async fn http_deliver(
    State(shared): State<Arc<Shared>>,
    Json(hook): Json<DeliverHook>,
) -> Response {
    match deliver(&shared, &hook.candidate_id, &hook.event).await {
        Ok(attempts) => delivered(attempts),
        Err(message) => refused(message),
    }
}

#[derive(Deserialize, Default)]
pub(crate) struct BurstHook {
    count: Option<u32>,
}

/// `POST /test/rate-limit/burst` `{count?}` (default 5): the next API requests answer 429.
pub(crate) async fn http_force_rate_limited(
    State(shared): State<Arc<Shared>>,
    body: Bytes,
) -> Response {
    let hook: BurstHook = match body_or_default(&body) {
        Ok(hook) => hook,
        Err(message) => return refused(message),
    };
    let count = hook.count.unwrap_or(5);
    shared.world().forced_rate_limits += count;
    Json(json!({ "forced": count })).into_response()
}

#[derive(Deserialize, Default)]
pub(crate) struct ExpireHook {
    token: Option<String>,
}

/// `POST /test/tokens/expire` `{token?}`: that token, or every OAuth access token, answers 401 from now on.
pub(crate) async fn http_expire_tokens(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let hook: ExpireHook = match body_or_default(&body) {
        Ok(hook) => hook,
        Err(message) => return refused(message),
    };
    let expired = expire_tokens(&mut shared.world(), hook.token.as_deref());
    Json(json!({ "expired": expired })).into_response()
}

/// `GET /test/requests`: the request log, with `received_ms` since the mock started.
pub(crate) async fn http_requests(State(shared): State<Arc<Shared>>) -> Response {
    let world = shared.world();
    let mut requests: Vec<_> = world.requests.iter().collect();
    requests.sort_by_key(|request| request.received_at);
    let listed: Vec<Value> = requests
        .into_iter()
        .map(|request| {
            let mut entry = serde_json::to_value(request).unwrap_or_default();
            entry["received_ms"] = json!(
                request
                    .received_at
                    .duration_since(shared.started)
                    .as_millis() as u64
            );
            entry
        })
        .collect();
    Json(json!({ "requests": listed })).into_response()
}

/// `GET /test/comments`: comments accepted by the API.
pub(crate) async fn http_comments(State(shared): State<Arc<Shared>>) -> Response {
    Json(json!({ "comments": shared.world().comments })).into_response()
}

/// `GET /test/deliveries`: every webhook delivery attempt.
pub(crate) async fn http_deliveries(State(shared): State<Arc<Shared>>) -> Response {
    Json(json!({ "deliveries": shared.world().deliveries })).into_response()
}
