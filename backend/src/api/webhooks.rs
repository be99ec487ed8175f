//! Webhooks from payment and ATS providers. They are authenticated by their signature over the raw body, never
//! by a bearer token, so the body is read as bytes and checked before anything parses it.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::billing::webhooks as stripe_webhooks;
use crate::error::ApiResult;
use crate::extract::ApiPath;
use crate::state::AppState;
use crate::workable::triggers;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(stripe))
        .routes(routes!(workable))
}

/// Stripe's events (checkout, payments, invoices, subscriptions). 400 when the `Stripe-Signature` does not match
/// the raw body or is too old; a replayed or unknown event is acknowledged with 200.
#[utoipa::path(post, path = "/webhooks/stripe", tag = "webhooks",
    request_body(content = String, content_type = "application/json", description = "A Stripe event, signed in `Stripe-Signature`"),
    responses((status = 200), (status = 400), (status = 503)))]
async fn stripe(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<StatusCode> {
    let signature = headers
        .get("stripe-signature")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    stripe_webhooks::receive(&state, &body, signature).await?;
    Ok(StatusCode::OK)
}

/// Workable's `candidate_moved` for one organization (the last segment is its unguessable webhook id). 401 when
/// `X-Workable-Signature` is not the HMAC-SHA256 of the raw body; a replayed delivery is acknowledged with 200.
/// The candidate is invited by a job, so Workable gets its 200 at once.
#[utoipa::path(post, path = "/webhooks/workable/{webhook_id}", tag = "webhooks",
    params(("webhook_id" = String, Path, description = "The organization's webhook id")),
    request_body(content = String, content_type = "application/json", description = "A Workable candidate, signed in `X-Workable-Signature`"),
    responses((status = 200), (status = 400), (status = 401), (status = 404)))]
async fn workable(
    State(state): State<AppState>,
    ApiPath(webhook_id): ApiPath<String>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<StatusCode> {
    let signature = headers
        .get(tali_workable::webhook::SIGNATURE_HEADER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    triggers::receive(&state, &webhook_id, &body, signature).await?;
    Ok(StatusCode::OK)
}
