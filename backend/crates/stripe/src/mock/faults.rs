//! Failures the mock answers with instead of processing the next `/v1` requests. A fault is not
//! remembered under the request's idempotency key: it stands for a request Stripe never got to
//! execute, so the retry is processed normally.

use std::time::Duration;

use axum::http::HeaderValue;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::Value;

use super::errors::ApiError;

/// As JSON for `POST /test/faults`: `{"fault": "server_error", "count": 2}`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(tag = "fault", rename_all = "snake_case")]
pub enum Fault {
    /// 409 `lock_timeout`, which Stripe's clients retry.
    Conflict,
    /// 500 `api_error`, retried.
    ServerError,
    /// 500 with `Stripe-Should-Retry: false`: the client must not retry.
    ServerErrorDoNotRetry,
    /// 429 `rate_limit`.
    RateLimited,
    /// Waits, then answers 500: longer than the client's timeout, it is a timeout.
    Hang { millis: u64 },
    /// Any status and body, e.g. an answer the mock would not produce by itself.
    Respond { status: u16, body: Value },
}

impl Fault {
    pub(crate) async fn respond(self) -> Response {
        match self {
            Fault::Conflict => ApiError::invalid(
                "This object cannot be accessed right now because another API request or Stripe \
                 process is currently accessing it.",
                None,
            )
            .with("code", "lock_timeout")
            .with_status(409)
            .into_response(),
            Fault::ServerError => server_error().into_response(),
            Fault::ServerErrorDoNotRetry => {
                let mut response = server_error().into_response();
                response
                    .headers_mut()
                    .insert("stripe-should-retry", HeaderValue::from_static("false"));
                response
            }
            Fault::RateLimited => ApiError::invalid(
                "Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.",
                None,
            )
            .with("code", "rate_limit")
            .with_status(429)
            .into_response(),
            Fault::Hang { millis } => {
                tokio::time::sleep(Duration::from_millis(millis)).await;
                server_error().into_response()
            }
            Fault::Respond { status, body } => {
                let status = axum::http::StatusCode::from_u16(status)
                    .unwrap_or(axum::http::StatusCode::INTERNAL_SERVER_ERROR);
                (status, axum::Json(body)).into_response()
            }
        }
    }
}

fn server_error() -> ApiError {
    ApiError::api(
        500,
        "An unknown error occurred (a fault injected by the mock).",
    )
}
