//! Sending one HTTP call with bounded retries: 5xx and network failures back off and try again, 429 waits until
//! Workable's `X-Rate-Limit-Reset`. Every attempt of an API call goes through the account's rate limiter.

use std::time::Duration;

use reqwest::{Client, RequestBuilder, StatusCode};
use tokio::time::Instant;

use crate::WorkableError;
use crate::rate_limit::{RateLimitHeaders, RateLimiter};
use crate::settings::RetryPolicy;

/// Whether repeating a request that may have reached Workable is harmless.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Replay {
    /// Reads, moves to a stage, deletes: doing it twice ends in the same state.
    Safe,
    /// Comments and subscriptions: a second copy would be visible (or a 409). Only retried when Workable surely
    /// did not act on the first attempt: the connection was refused, or Workable answered 429.
    OnlyIfNotReceived,
}

/// Workable's final answer to a call, whatever its status; the caller decides what the status means.
#[derive(Debug)]
pub(crate) struct Answer {
    pub status: StatusCode,
    pub body: Vec<u8>,
}

#[derive(Debug, Clone)]
pub(crate) struct Transport {
    http: Client,
    retry: RetryPolicy,
}

impl Transport {
    pub(crate) fn new(
        connect_timeout: Duration,
        request_timeout: Duration,
        retry: RetryPolicy,
    ) -> Result<Self, WorkableError> {
        let http = Client::builder()
            .connect_timeout(connect_timeout)
            .timeout(request_timeout)
            .user_agent(concat!("tali-workable/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|err| WorkableError::Config(format!("cannot build the HTTP client: {err}")))?;
        Ok(Self { http, retry })
    }

    /// Sends the request `build` makes (once per attempt, as a `RequestBuilder` cannot be reused) until Workable
    /// answers with something other than a retryable failure or the policy gives up.
    pub(crate) async fn send(
        &self,
        build: impl Fn(&Client) -> RequestBuilder,
        limiter: Option<&RateLimiter>,
        replay: Replay,
    ) -> Result<Answer, WorkableError> {
        let mut failures = 0;
        let mut rate_limited = 0;
        loop {
            let permit = match limiter {
                Some(limiter) => Some(limiter.acquire().await),
                None => None,
            };
            let outcome = self.attempt(&build, limiter).await;
            drop(permit);

            let retry_after = match outcome {
                Attempt::Answered(answer) if answer.status == StatusCode::TOO_MANY_REQUESTS => {
                    let wait = answer.reset_in.unwrap_or_else(|| {
                        limiter.map_or(self.retry.initial_delay, RateLimiter::window)
                    });
                    if let Some(limiter) = limiter {
                        limiter.pause_until(Instant::now() + wait);
                    }
                    rate_limited += 1;
                    if rate_limited > self.retry.max_rate_limited_waits
                        || wait > self.retry.max_rate_limit_wait
                    {
                        return Err(WorkableError::RateLimited {
                            retry_after: Some(wait),
                        });
                    }
                    tracing::warn!(
                        wait_ms = wait.as_millis() as u64,
                        "Workable answered 429; waiting for the next rate-limit interval"
                    );
                    wait
                }
                Attempt::Answered(answer)
                    if answer.status.is_server_error() && replay == Replay::Safe =>
                {
                    failures += 1;
                    if failures >= self.retry.max_attempts {
                        return Ok(answer.into_answer());
                    }
                    tracing::warn!(
                        status = answer.status.as_u16(),
                        failures,
                        "Workable failed; retrying"
                    );
                    self.retry.backoff(failures)
                }
                Attempt::Answered(answer) => return Ok(answer.into_answer()),
                Attempt::Failed(err) => {
                    failures += 1;
                    let not_received = err.is_connect();
                    if failures >= self.retry.max_attempts
                        || !(not_received || replay == Replay::Safe)
                    {
                        return Err(WorkableError::network(&err));
                    }
                    tracing::warn!(error = %err, failures, "cannot reach Workable; retrying");
                    self.retry.backoff(failures)
                }
            };
            tokio::time::sleep(retry_after).await;
        }
    }

    /// One request, read to the end. The caller still holds the rate-limit permit while this runs.
    async fn attempt(
        &self,
        build: &impl Fn(&Client) -> RequestBuilder,
        limiter: Option<&RateLimiter>,
    ) -> Attempt {
        let response = match build(&self.http).send().await {
            Ok(response) => response,
            Err(err) => return Attempt::Failed(err),
        };
        let status = response.status();
        let rate = RateLimitHeaders::parse(response.headers());
        if let Some(limiter) = limiter {
            limiter.observe(&rate);
        }
        match response.bytes().await {
            Ok(body) => Attempt::Answered(RawAnswer {
                status,
                body: body.to_vec(),
                reset_in: rate.reset_in,
            }),
            Err(err) => Attempt::Failed(err),
        }
    }
}

enum Attempt {
    Answered(RawAnswer),
    Failed(reqwest::Error),
}

struct RawAnswer {
    status: StatusCode,
    body: Vec<u8>,
    reset_in: Option<Duration>,
}

impl RawAnswer {
    fn into_answer(self) -> Answer {
        Answer {
            status: self.status,
            body: self.body,
        }
    }
}
