//! Reads: accounts, members, stages, jobs and candidates, with Workable's paging.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use url::Url;

use super::{Caller, Reject, Reply, account, authenticate, query, serve};
use crate::mock::render;
use crate::mock::server::Shared;

/// Page size when a listing names none, and the most a page may hold.
const DEFAULT_LIMIT: usize = 50;
const MAX_LIMIT: usize = 100;

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

/// `GET /candidates/{id}/activities`: the comments made on the candidate, the newest first.
pub(crate) async fn candidate_activities(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    headers: HeaderMap,
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
        let activities: Vec<Value> = world
            .comments
            .iter()
            .enumerate()
            .filter(|(_, c)| c.subdomain == caller.subdomain && c.candidate_id == id)
            .rev()
            .map(|(index, comment)| render::comment_activity(index, comment))
            .collect();
        Ok(Reply::ok(json!({ "activities": activities })))
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
