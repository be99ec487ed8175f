//! HTTP sending with the retry policy both providers share.

use std::time::{Duration, SystemTime};

use rand::Rng;
use reqwest::header::HeaderMap;
use reqwest::{Client, RequestBuilder, Response, StatusCode};

use crate::error::AiError;
use crate::settings::{ClientSettings, RetryPolicy};

/// Longest provider error text kept for the logs.
const MAX_ERROR_MESSAGE_CHARS: usize = 300;

pub(crate) struct Transport {
    client: Client,
    retry: RetryPolicy,
    /// Provider name for log lines.
    provider: &'static str,
}

impl Transport {
    pub(crate) fn new(settings: &ClientSettings, provider: &'static str) -> Result<Self, AiError> {
        let client = Client::builder()
            .connect_timeout(settings.connect_timeout)
            .timeout(settings.request_timeout)
            .build()
            .map_err(|err| AiError::Unavailable(format!("cannot build HTTP client: {err}")))?;
        Ok(Self {
            client,
            retry: settings.retry.clone(),
            provider,
        })
    }

    /// Sends the request built by `build` until it succeeds or the policy gives up. `build` is called
    /// once per attempt because a `RequestBuilder` cannot be reused.
    pub(crate) async fn send(
        &self,
        build: impl Fn(&Client) -> RequestBuilder,
    ) -> Result<Response, AiError> {
        let attempts = self.retry.max_attempts.max(1);
        let mut attempt = 0;
        loop {
            attempt += 1;
            let retries_left = attempt < attempts;
            let failure = match build(&self.client).send().await {
                Ok(response) if response.status().is_success() => {
                    tracing::debug!(
                        provider = self.provider,
                        request_id = request_id(response.headers()),
                        attempt,
                        "AI provider answered"
                    );
                    return Ok(response);
                }
                Ok(response) => self.status_failure(response).await,
                Err(err) => transport_failure(&err),
            };
            if !(retries_left && failure.retryable) {
                return Err(failure.error);
            }
            let delay = self.delay(attempt - 1, failure.advised_delay);
            tracing::warn!(
                provider = self.provider,
                attempt,
                delay_ms = delay.as_millis() as u64,
                error = %failure.error,
                detail = ?failure.error,
                "AI provider call failed; retrying"
            );
            tokio::time::sleep(delay).await;
        }
    }

    async fn status_failure(&self, response: Response) -> Failure {
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.text().await.unwrap_or_default();
        let message = error_message(&body);
        tracing::warn!(
            provider = self.provider,
            status = status.as_u16(),
            request_id = request_id(&headers),
            message,
            "AI provider returned an error status"
        );
        let retryable = match header_str(&headers, "x-should-retry") {
            Some("true") => true,
            Some("false") => false,
            _ => is_retryable_status(status),
        };
        let advised_delay = advised_delay(&headers);
        let error = match status.as_u16() {
            429 => AiError::RateLimited {
                retry_after: advised_delay,
            },
            503 | 529 => AiError::Unavailable(message),
            code => AiError::Upstream {
                status: code,
                message,
            },
        };
        Failure {
            error,
            retryable,
            advised_delay,
        }
    }

    /// Exponential backoff with jitter, unless the server advised a delay within our bound.
    fn delay(&self, retry_number: u32, advised: Option<Duration>) -> Duration {
        if let Some(advised) =
            advised.filter(|d| !d.is_zero() && *d <= self.retry.max_advised_delay)
        {
            return advised;
        }
        let exponential = self
            .retry
            .initial_delay
            .saturating_mul(2u32.saturating_pow(retry_number));
        let capped = exponential.min(self.retry.max_delay);
        capped.mul_f64(rand::rng().random_range(0.75..=1.0))
    }
}

struct Failure {
    error: AiError,
    retryable: bool,
    advised_delay: Option<Duration>,
}

fn transport_failure(err: &reqwest::Error) -> Failure {
    // Connection errors and timeouts are retried like the SDK does; a request we could not even
    // build would fail the same way again.
    let retryable = !err.is_builder();
    Failure {
        error: map_reqwest_error(err),
        retryable,
        advised_delay: None,
    }
}

pub(crate) fn map_reqwest_error(err: &reqwest::Error) -> AiError {
    if err.is_timeout() {
        AiError::Timeout
    } else {
        AiError::Unavailable(format!("cannot reach the AI provider: {err}"))
    }
}

fn is_retryable_status(status: StatusCode) -> bool {
    // 5xx includes Anthropic's 529 "overloaded".
    matches!(status.as_u16(), 408 | 409 | 429) || status.is_server_error()
}

/// `retry-after-ms` (milliseconds), else `retry-after` (seconds or an HTTP date).
fn advised_delay(headers: &HeaderMap) -> Option<Duration> {
    if let Some(ms) =
        header_str(headers, "retry-after-ms").and_then(|v| v.trim().parse::<f64>().ok())
    {
        return Duration::try_from_secs_f64(ms / 1000.0).ok();
    }
    let raw = header_str(headers, "retry-after")?.trim();
    if let Ok(seconds) = raw.parse::<f64>() {
        return Duration::try_from_secs_f64(seconds).ok();
    }
    let at = httpdate::parse_http_date(raw).ok()?;
    at.duration_since(SystemTime::now()).ok()
}

fn header_str<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|value| value.to_str().ok())
}

pub(crate) fn request_id(headers: &HeaderMap) -> &str {
    header_str(headers, "request-id")
        .or_else(|| header_str(headers, "x-request-id"))
        .unwrap_or("-")
}

/// Both providers put the reason in `error.message` (with `error.type` on Anthropic); anything
/// else, such as a proxy's HTML page, is kept as a short excerpt.
pub(crate) fn error_message(body: &str) -> String {
    if let Ok(json) = serde_json::from_str::<serde_json::Value>(body) {
        let error = &json["error"];
        let message = error["message"].as_str().or_else(|| error.as_str());
        if let Some(message) = message {
            return match error["type"].as_str() {
                Some(kind) => format!("{kind}: {message}"),
                None => message.to_owned(),
            };
        }
    }
    body.chars().take(MAX_ERROR_MESSAGE_CHARS).collect()
}
