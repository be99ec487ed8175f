//! The mock's API v3. Every call goes through [`serve`]: bearer token (401), account from the
//! `X-Workable-Subdomain` header (400/404) that the token must belong to (403), the rate limit (429, and
//! `X-Rate-Limit-*` on every answer), then the handler with Workable's validation and error bodies.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use chrono::{SecondsFormat, TimeDelta, Utc};
use serde_json::{Value, json};
use url::Url;

use super::deliver::{PlannedDelivery, deliver_all, plan};
use super::render;
use super::server::Shared;
use super::world::{IssuedToken, MockAccount, MockSubscription, RecordedComment, World};
use crate::{SUBDOMAIN_HEADER, TokenKind};

/// Page size when a listing names none, and the most a page may hold.
const DEFAULT_LIMIT: usize = 50;
const MAX_LIMIT: usize = 100;
/// Subscription ids start where Workable's documented example is.
const FIRST_SUBSCRIPTION_ID: u64 = 103_591;

/// Who is calling: the account named by the request and reached by its token.
pub(crate) struct Caller {
    subdomain: String,
    kind: TokenKind,
    /// `http://{Host}`, for the absolute `paging.next`.
    origin: String,
}

/// A successful answer, and the webhooks it causes (sent after the answer).
pub(crate) struct Reply {
    status: StatusCode,
    body: Option<Value>,
    deliveries: Vec<PlannedDelivery>,
}

impl Reply {
    fn ok(body: Value) -> Self {
        Self {
            status: StatusCode::OK,
            body: Some(body),
            deliveries: Vec::new(),
        }
    }

    fn created(body: Value) -> Self {
        Self {
            status: StatusCode::CREATED,
            ..Self::ok(body)
        }
    }

    fn no_content() -> Self {
        Self {
            status: StatusCode::NO_CONTENT,
            body: None,
            deliveries: Vec::new(),
        }
    }
}

/// An error answer with Workable's body.
pub(crate) struct Reject {
    status: StatusCode,
    body: Value,
}

impl Reject {
    fn new(status: StatusCode, message: &str) -> Self {
        Self {
            status,
            body: render::error(message),
        }
    }

    pub(crate) fn not_found(what: &str) -> Self {
        Self::new(StatusCode::NOT_FOUND, &format!("{what} not found"))
    }

    pub(crate) fn invalid(field: &str, reason: &str) -> Self {
        Self {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            body: render::validation_error(field, reason),
        }
    }

    fn malformed() -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "The request body is not a JSON object",
        )
    }

    pub(crate) fn message(&self) -> String {
        self.body.to_string()
    }
}

impl IntoResponse for Reject {
    fn into_response(self) -> Response {
        (self.status, Json(self.body)).into_response()
    }
}

/// Authenticates, rate-limits and runs `handle` with the world locked; sends the deliveries it planned after.
fn serve(
    shared: &Arc<Shared>,
    headers: &HeaderMap,
    handle: impl FnOnce(&mut World, &Caller) -> Result<Reply, Reject>,
) -> Response {
    let (response, deliveries) = {
        let mut world = shared.world();
        let (token, issued) = match authenticate(&world, headers) {
            Ok(found) => found,
            Err(reject) => return reject.into_response(),
        };
        let caller = match caller(&world, headers, &issued) {
            Ok(caller) => caller,
            Err(reject) => return reject.into_response(),
        };
        let forced = world.forced_rate_limits > 0;
        if forced {
            world.forced_rate_limits -= 1;
        }
        let verdict = world
            .buckets
            .take(&token, caller.kind, shared.config.rate_window, forced);
        if !verdict.allowed {
            let mut response = Reject::new(
                StatusCode::TOO_MANY_REQUESTS,
                "Rate limit exceeded, retry after X-Rate-Limit-Reset",
            )
            .into_response();
            verdict.apply(&mut response);
            return response;
        }
        let (mut response, deliveries) = match handle(&mut world, &caller) {
            Ok(reply) => {
                let response = match reply.body {
                    Some(body) => (reply.status, Json(body)).into_response(),
                    None => reply.status.into_response(),
                };
                (response, reply.deliveries)
            }
            Err(reject) => (reject.into_response(), Vec::new()),
        };
        verdict.apply(&mut response);
        (response, deliveries)
    };
    if !deliveries.is_empty() {
        let shared = Arc::clone(shared);
        tokio::spawn(async move {
            deliver_all(&shared, deliveries).await;
        });
    }
    response
}

fn authenticate(world: &World, headers: &HeaderMap) -> Result<(String, IssuedToken), Reject> {
    let unauthorized = |message: &str| Reject::new(StatusCode::UNAUTHORIZED, message);
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .ok_or_else(|| unauthorized("Not authorized: a bearer token is required"))?;
    let issued = world
        .tokens
        .get(token)
        .ok_or_else(|| unauthorized("Not authorized: the token is invalid or was revoked"))?;
    if issued
        .expires_at
        .is_some_and(|expires_at| expires_at <= Instant::now())
    {
        return Err(unauthorized("Not authorized: the access token expired"));
    }
    Ok((token.to_owned(), issued.clone()))
}

fn caller(world: &World, headers: &HeaderMap, issued: &IssuedToken) -> Result<Caller, Reject> {
    let subdomain = headers
        .get(SUBDOMAIN_HEADER)
        .and_then(|value| value.to_str().ok())
        .ok_or_else(|| {
            Reject::new(
                StatusCode::BAD_REQUEST,
                "The mock serves every account at one address: name it in the X-Workable-Subdomain header",
            )
        })?;
    if world.account(subdomain).is_none() {
        return Err(Reject::not_found("Account"));
    }
    if issued.subdomain != subdomain {
        return Err(Reject::new(
            StatusCode::FORBIDDEN,
            &format!("The token has no access to the account {subdomain}"),
        ));
    }
    let host = headers
        .get(header::HOST)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("127.0.0.1");
    Ok(Caller {
        subdomain: subdomain.to_owned(),
        kind: issued.kind,
        origin: format!("http://{host}"),
    })
}

fn account<'a>(world: &'a World, caller: &Caller) -> Result<&'a MockAccount, Reject> {
    world
        .account(&caller.subdomain)
        .ok_or_else(|| Reject::not_found("Account"))
}

fn account_mut<'a>(world: &'a mut World, caller: &Caller) -> Result<&'a mut MockAccount, Reject> {
    world
        .account_mut(&caller.subdomain)
        .ok_or_else(|| Reject::not_found("Account"))
}

fn query(raw: Option<String>) -> HashMap<String, String> {
    url::form_urlencoded::parse(raw.unwrap_or_default().as_bytes())
        .into_owned()
        .collect()
}

fn json_object(body: &[u8]) -> Result<Value, Reject> {
    match serde_json::from_slice(body) {
        Ok(value @ Value::Object(_)) => Ok(value),
        _ => Err(Reject::malformed()),
    }
}

fn now() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// A page of `items` from `since_id` (inclusive, as Workable documents it) with an absolute `paging.next` that
/// repeats the other filters.
fn paged(
    items: Vec<(String, Value)>,
    params: &HashMap<String, String>,
    caller: &Caller,
    path: &str,
    key: &str,
) -> Result<Value, Reject> {
    let limit = match params.get("limit") {
        None => DEFAULT_LIMIT,
        Some(limit) => match limit.parse::<usize>() {
            Ok(limit) if (1..=MAX_LIMIT).contains(&limit) => limit,
            _ => return Err(Reject::invalid("limit", "must be between 1 and 100")),
        },
    };
    let start = match params.get("since_id") {
        None => 0,
        Some(since) => items
            .iter()
            .position(|(id, _)| id == since)
            .unwrap_or(items.len()),
    };
    let rest = &items[start.min(items.len())..];
    let page: Vec<Value> = rest
        .iter()
        .take(limit)
        .map(|(_, item)| item.clone())
        .collect();
    let next = rest.get(limit).map(|(next_id, _)| {
        let mut url = Url::parse(&format!("{}{path}", caller.origin))
            .unwrap_or_else(|_| Url::parse("http://127.0.0.1/").expect("a valid URL"));
        {
            let mut pairs = url.query_pairs_mut();
            let mut kept: Vec<_> = params
                .iter()
                .filter(|(name, _)| !matches!(name.as_str(), "limit" | "since_id"))
                .collect();
            kept.sort();
            for (name, value) in kept {
                pairs.append_pair(name, value);
            }
            pairs
                .append_pair("limit", &limit.to_string())
                .append_pair("since_id", next_id);
        }
        url.to_string()
    });
    let mut body = json!({ key: page });
    if let Some(next) = next {
        body["paging"] = json!({ "next": next });
    }
    Ok(body)
}

/// `GET https://www.workable.com/spi/v3/accounts`: not about one account, so no subdomain header or rate limit.
pub(crate) async fn list_accounts(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
) -> Response {
    let world = shared.world();
    match authenticate(&world, &headers) {
        Ok((_, issued)) => {
            let accounts: Vec<Value> = world
                .account(&issued.subdomain)
                .map(render::account)
                .into_iter()
                .collect();
            Json(json!({ "accounts": accounts })).into_response()
        }
        Err(reject) => reject.into_response(),
    }
}

pub(crate) async fn list_members(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
) -> Response {
    serve(&shared, &headers, |world, caller| {
        let members: Vec<Value> = account(world, caller)?
            .members
            .iter()
            .map(render::member)
            .collect();
        Ok(Reply::ok(json!({ "members": members })))
    })
}

pub(crate) async fn list_stages(State(shared): State<Arc<Shared>>, headers: HeaderMap) -> Response {
    serve(&shared, &headers, |world, caller| {
        Ok(Reply::ok(render::stages(&account(world, caller)?.stages)))
    })
}

pub(crate) async fn list_job_stages(
    State(shared): State<Arc<Shared>>,
    Path(shortcode): Path<String>,
    headers: HeaderMap,
) -> Response {
    serve(&shared, &headers, |world, caller| {
        let account = account(world, caller)?;
        let job = account
            .job(&shortcode)
            .ok_or_else(|| Reject::not_found("Job"))?;
        Ok(Reply::ok(render::stages(account.job_stages(job))))
    })
}

pub(crate) async fn list_jobs(
    State(shared): State<Arc<Shared>>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Response {
    let params = query(raw);
    serve(&shared, &headers, |world, caller| {
        let account = account(world, caller)?;
        let jobs = account
            .jobs
            .iter()
            .filter(|job| params.get("state").is_none_or(|state| *state == job.state))
            .map(|job| (job.id.clone(), render::job(account, job)))
            .collect();
        paged(jobs, &params, caller, "/spi/v3/jobs", "jobs").map(Reply::ok)
    })
}

pub(crate) async fn list_candidates(
    State(shared): State<Arc<Shared>>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Response {
    let params = query(raw);
    serve(&shared, &headers, |world, caller| {
        let account = account(world, caller)?;
        let matches =
            |filter: &str, value: &str| params.get(filter).is_none_or(|wanted| wanted == value);
        let candidates = account
            .candidates
            .iter()
            .filter(|candidate| {
                matches("shortcode", &candidate.job_shortcode)
                    && matches("stage", &candidate.stage_slug)
                    && matches("email", &candidate.email)
            })
            .map(|candidate| (candidate.id.clone(), render::candidate(account, candidate)))
            .collect();
        paged(
            candidates,
            &params,
            caller,
            "/spi/v3/candidates",
            "candidates",
        )
        .map(Reply::ok)
    })
}

pub(crate) async fn get_candidate(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    serve(&shared, &headers, |world, caller| {
        let account = account(world, caller)?;
        let candidate = account
            .candidates
            .iter()
            .find(|candidate| candidate.id == id)
            .ok_or_else(|| Reject::not_found("Candidate"))?;
        Ok(Reply::ok(
            json!({ "candidate": render::candidate(account, candidate) }),
        ))
    })
}

/// `POST /candidates/{id}/comments` `{member_id, comment: {body, policy?, attachment?: {name, data}}}`.
pub(crate) async fn comment(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    serve(&shared, &headers, |world, caller| {
        let account = account(world, caller)?;
        if !account
            .candidates
            .iter()
            .any(|candidate| candidate.id == id)
        {
            return Err(Reject::not_found("Candidate"));
        }
        let request = json_object(&body)?;
        let member_id = acting_member(account, &request)?;
        let comment = &request["comment"];
        let text = comment["body"]
            .as_str()
            .filter(|text| !text.trim().is_empty())
            .ok_or_else(|| Reject::invalid("comment.body", "can't be blank"))?;
        let policy = match &comment["policy"] {
            Value::Null => Vec::new(),
            Value::Array(items) => items
                .iter()
                .map(|item| item.as_str().map(str::to_owned))
                .collect::<Option<Vec<_>>>()
                .ok_or_else(|| Reject::invalid("comment.policy", "must be a list of roles"))?,
            _ => return Err(Reject::invalid("comment.policy", "must be a list of roles")),
        };
        let (attachment_name, attachment_data) = match &comment["attachment"] {
            Value::Null => (None, None),
            attachment => {
                let name = attachment["name"]
                    .as_str()
                    .filter(|name| !name.is_empty())
                    .ok_or_else(|| Reject::invalid("comment.attachment.name", "can't be blank"))?;
                let data = attachment["data"]
                    .as_str()
                    .and_then(|data| BASE64.decode(data).ok())
                    .ok_or_else(|| Reject::invalid("comment.attachment.data", "must be base64"))?;
                (Some(name.to_owned()), Some(data))
            }
        };
        let recorded = RecordedComment {
            subdomain: caller.subdomain.clone(),
            candidate_id: id.clone(),
            member_id,
            body: text.to_owned(),
            policy,
            attachment_name,
            attachment_data,
        };
        world.comments.push(recorded);
        let comment_id = format!("comment-{}", world.next_number());
        Ok(Reply::created(json!({ "id": comment_id })))
    })
}

/// `POST /candidates/{id}/move` `{member_id, target_stage}`; notifies `candidate_moved` subscriptions.
pub(crate) async fn move_candidate(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    serve(&shared, &headers, |world, caller| {
        let account = account(world, caller)?;
        if !account
            .candidates
            .iter()
            .any(|candidate| candidate.id == id)
        {
            return Err(Reject::not_found("Candidate"));
        }
        let request = json_object(&body)?;
        acting_member(account, &request)?;
        let target = request["target_stage"]
            .as_str()
            .filter(|slug| !slug.is_empty())
            .ok_or_else(|| Reject::invalid("target_stage", "can't be blank"))?;
        let deliveries = move_to_stage(world, &id, target)?;
        Ok(Reply {
            deliveries,
            ..Reply::ok(json!({}))
        })
    })
}

/// Moves a candidate to a stage of its job's pipeline and plans the `candidate_moved` deliveries.
pub(crate) fn move_to_stage(
    world: &mut World,
    candidate_id: &str,
    stage_slug: &str,
) -> Result<Vec<PlannedDelivery>, Reject> {
    let (account_index, candidate_index) = world
        .find_candidate(candidate_id)
        .ok_or_else(|| Reject::not_found("Candidate"))?;
    let account = &mut world.accounts[account_index];
    let job_shortcode = account.candidates[candidate_index].job_shortcode.clone();
    let in_pipeline = account
        .job(&job_shortcode)
        .is_some_and(|job| job.stage_slugs.iter().any(|slug| slug == stage_slug));
    if !in_pipeline {
        return Err(Reject::invalid(
            "target_stage",
            &format!("'{stage_slug}' is not a stage of job {job_shortcode}"),
        ));
    }
    let candidate = &mut account.candidates[candidate_index];
    candidate.stage_slug = stage_slug.to_owned();
    candidate.updated_at = now();
    Ok(plan(world, candidate_id, "candidate_moved"))
}

/// Workable's examples always name the acting member; the mock requires it and checks it is on the team.
fn acting_member(account: &MockAccount, request: &Value) -> Result<String, Reject> {
    let member_id = request["member_id"]
        .as_str()
        .filter(|id| !id.is_empty())
        .ok_or_else(|| Reject::invalid("member_id", "is required"))?;
    if !account.members.iter().any(|member| member.id == member_id) {
        return Err(Reject::invalid(
            "member_id",
            "is not a member of this account",
        ));
    }
    Ok(member_id.to_owned())
}

pub(crate) async fn list_subscriptions(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
) -> Response {
    serve(&shared, &headers, |world, caller| {
        let subscriptions: Vec<Value> = account(world, caller)?
            .subscriptions
            .iter()
            .map(render::subscription)
            .collect();
        Ok(Reply::ok(json!({ "subscriptions": subscriptions })))
    })
}

/// `POST /subscriptions` `{target, event, args?: {account_id, job_shortcode, stage_slug}}` → `{id}`.
pub(crate) async fn create_subscription(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let client_secret = super::server::WorkableMock::CLIENT_SECRET;
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .unwrap_or_default()
        .to_owned();
    serve(&shared, &headers, |world, caller| {
        let request = json_object(&body)?;
        let account = account(world, caller)?;
        let target = request["target"]
            .as_str()
            .filter(|target| {
                Url::parse(target).is_ok_and(|url| matches!(url.scheme(), "http" | "https"))
            })
            .ok_or_else(|| Reject::invalid("target", "must be an http(s) URL"))?;
        let event = request["event"]
            .as_str()
            .filter(|event| matches!(*event, "candidate_created" | "candidate_moved"))
            .ok_or_else(|| {
                Reject::invalid("event", "must be candidate_created or candidate_moved")
            })?;
        let (job_shortcode, stage_slug) = subscription_filters(account, caller, &request["args"])?;
        if account
            .subscriptions
            .iter()
            .any(|existing| existing.target == target)
        {
            return Err(Reject::new(
                StatusCode::CONFLICT,
                "A subscription for this target already exists",
            ));
        }
        // Deliveries are signed with what created the subscription: the account token, or the OAuth app's secret.
        let signing_key = match caller.kind {
            TokenKind::Account => bearer.clone(),
            TokenKind::OAuth => client_secret.to_owned(),
        };
        let subscription = MockSubscription {
            id: FIRST_SUBSCRIPTION_ID + world.next_number(),
            event: event.to_owned(),
            target: target.to_owned(),
            job_shortcode,
            stage_slug,
            valid_until: (Utc::now() + TimeDelta::days(30))
                .to_rfc3339_opts(SecondsFormat::Secs, true),
            signing_key,
        };
        let id = subscription.id;
        account_mut(world, caller)?.subscriptions.push(subscription);
        Ok(Reply::created(json!({ "id": id })))
    })
}

/// With `args`, both `job_shortcode` and `stage_slug` are required (`""` = any) and must exist.
fn subscription_filters(
    account: &MockAccount,
    caller: &Caller,
    args: &Value,
) -> Result<(String, String), Reject> {
    if args.is_null() {
        return Ok((String::new(), String::new()));
    }
    if !args.is_object() {
        return Err(Reject::invalid("args", "must be an object"));
    }
    if let Some(account_id) = args.get("account_id")
        && account_id.as_str() != Some(caller.subdomain.as_str())
    {
        return Err(Reject::invalid(
            "args.account_id",
            "does not match the account",
        ));
    }
    let required = |field: &str| {
        args[field]
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| Reject::invalid(&format!("args.{field}"), "is required"))
    };
    let job_shortcode = required("job_shortcode")?;
    let stage_slug = required("stage_slug")?;
    if !job_shortcode.is_empty() && account.job(&job_shortcode).is_none() {
        return Err(Reject::invalid(
            "args.job_shortcode",
            "is not a job of this account",
        ));
    }
    if !stage_slug.is_empty() && account.stage(&stage_slug).is_none() {
        return Err(Reject::invalid(
            "args.stage_slug",
            "is not a stage of this account",
        ));
    }
    Ok((job_shortcode, stage_slug))
}

pub(crate) async fn delete_subscription(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    serve(&shared, &headers, |world, caller| {
        let subscriptions = &mut account_mut(world, caller)?.subscriptions;
        let before = subscriptions.len();
        subscriptions.retain(|subscription| subscription.id.to_string() != id);
        if subscriptions.len() == before {
            return Err(Reject::not_found("Subscription"));
        }
        Ok(Reply::no_content())
    })
}
