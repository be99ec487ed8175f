//! Webhook subscriptions: create (with `args` validation and 409 on a duplicate target), list, delete.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use chrono::{SecondsFormat, TimeDelta, Utc};
use serde_json::{Value, json};
use url::Url;

use super::{Caller, Reject, Reply, account, account_mut, json_object, serve};
use crate::TokenKind;
use crate::mock::render;
use crate::mock::server::{Shared, WorkableMock};
use crate::mock::world::{MockAccount, MockSubscription};

/// Subscription ids start where Workable's documented example is.
const FIRST_SUBSCRIPTION_ID: u64 = 103_591;

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
    let client_secret = WorkableMock::CLIENT_SECRET;
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
