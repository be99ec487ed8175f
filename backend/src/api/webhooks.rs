//! Webhooks from payment and ATS providers. They are authenticated by their signature over the raw body, never
//! by a bearer token, so the body is read as bytes and checked before anything parses it.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::billing::webhooks as stripe_webhooks;
use crate::error::ApiResult;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(stripe))
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
