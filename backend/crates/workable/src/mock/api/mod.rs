//! The mock's API v3, one module per resource. Every call goes through [`serve`]: bearer token (401), account
//! from the `X-Workable-Subdomain` header (400/404) that the token must belong to (403), the rate limit (429, and
//! `X-Rate-Limit-*` on every answer), then the handler with Workable's validation and error bodies.

mod candidates;
mod listings;
mod subscriptions;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

use axum::Json;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{SecondsFormat, Utc};
use serde_json::Value;

pub(crate) use candidates::{comment, move_candidate, move_to_stage};
pub(crate) use listings::{
    candidate_activities, get_candidate, list_accounts, list_candidates, list_job_stages,
    list_jobs, list_members, list_stages,
};
pub(crate) use subscriptions::{create_subscription, delete_subscription, list_subscriptions};

use super::deliver::{PlannedDelivery, deliver_all};
use super::render;
use super::server::Shared;
use super::world::{IssuedToken, MockAccount, World};
use crate::{SUBDOMAIN_HEADER, TokenKind};

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
