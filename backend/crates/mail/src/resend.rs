//! Resend's REST API: `POST {base}/emails` with a bearer key, answered by `200 {"id"}` or
//! `{"statusCode", "message", "name"}`.

use std::time::Duration;

use async_trait::async_trait;
use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::{Client, StatusCode, Url};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

use crate::email::{RedactedAddress, Tag, parse_sender};
use crate::{Email, MailError, SendReceipt, Transport};

const REQUEST_TIMEOUT: Duration = Duration::from_secs(20);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// How hard one `send` call tries before handing a transient failure back to the caller's own retry (job queue).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in total, the first included.
    pub max_attempts: u32,
    /// Wait before the second attempt when the server gives no hint; doubled for each further attempt.
    pub base_delay: Duration,
    /// Longest wait honoured inside one call. A server asking for more (e.g. a long `retry-after`) ends the call with
    /// a transient error instead of holding a worker.
    pub max_wait: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 3,
            base_delay: Duration::from_millis(500),
            max_wait: Duration::from_secs(10),
        }
    }
}

impl RetryPolicy {
    fn backoff(&self, failed_attempts: u32) -> Duration {
        self.base_delay
            .saturating_mul(2u32.saturating_pow(failed_attempts.saturating_sub(1)))
    }
}

/// Sends through Resend (`RESEND_API_KEY`, `RESEND_API_URL`).
#[derive(Debug, Clone)]
pub struct ResendTransport {
    client: Client,
    endpoint: Url,
    api_key: SecretString,
    from: String,
    retry: RetryPolicy,
}

impl ResendTransport {
    /// `base_url` is `https://api.resend.com` in production and a mock's address in tests.
    pub fn new(api_key: &str, base_url: &str, from: &str) -> Result<Self, MailError> {
        let api_key = api_key.trim();
        if api_key.is_empty() {
            return Err(MailError::Config("the Resend API key is empty".into()));
        }
        let endpoint = emails_endpoint(base_url)?;
        let from = parse_sender(from)?.to_string();
        let client = Client::builder()
            .timeout(REQUEST_TIMEOUT)
            .connect_timeout(CONNECT_TIMEOUT)
            .user_agent(concat!("tali-mail/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|err| MailError::Config(format!("cannot build the HTTP client: {err}")))?;
        Ok(Self {
            client,
            endpoint,
            api_key: SecretString::from(api_key),
            from,
            retry: RetryPolicy::default(),
        })
    }

    pub fn with_retry_policy(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    async fn attempt(&self, body: &SendBody<'_>, email: &Email) -> Result<SendReceipt, Rejection> {
        let mut request = self
            .client
            .post(self.endpoint.clone())
            .bearer_auth(self.api_key.expose_secret())
            .json(body);
        if let Some(key) = &email.idempotency_key {
            request = request.header("Idempotency-Key", key);
        }
        let response = request
            .send()
            .await
            .map_err(|err| network_rejection(&err, email.idempotency_key.is_some()))?;

        let status = response.status();
        let hint = retry_hint(response.headers());
        let bytes = response.bytes().await.map_err(|err| {
            // The status line arrived, so Resend saw the request; only a keyed retry is safe.
            network_rejection(&err, email.idempotency_key.is_some())
        })?;

        if status.is_success() {
            let provider_id = serde_json::from_slice::<SentBody>(&bytes)
                .ok()
                .map(|sent| sent.id);
            if provider_id.is_none() {
                tracing::warn!(%status, "Resend accepted the email but its answer had no id");
            }
            return Ok(SendReceipt { provider_id });
        }
        Err(classify(status, &bytes, hint))
    }
}

#[async_trait]
impl Transport for ResendTransport {
    async fn send(&self, email: &Email) -> Result<SendReceipt, MailError> {
        let body = SendBody::new(&self.from, email);
        let mut attempt = 1;
        loop {
            let rejection = match self.attempt(&body, email).await {
                Ok(receipt) => {
                    tracing::info!(
                        to = %RedactedAddress(&email.to),
                        provider_id = receipt.provider_id.as_deref().unwrap_or("-"),
                        attempt,
                        "email sent through Resend"
                    );
                    return Ok(receipt);
                }
                Err(rejection) => rejection,
            };
            let delay = match rejection.retry {
                Retry::No => None,
                Retry::Backoff => Some(self.retry.backoff(attempt)),
                Retry::After(wait) => Some(wait),
            };
            let Some(delay) = delay
                .filter(|wait| attempt < self.retry.max_attempts && *wait <= self.retry.max_wait)
            else {
                return Err(rejection.error);
            };
            tracing::warn!(attempt, ?delay, error = %rejection.error, "Resend send failed; retrying");
            tokio::time::sleep(delay).await;
            attempt += 1;
        }
    }

    fn name(&self) -> &'static str {
        "resend"
    }
}

fn emails_endpoint(base_url: &str) -> Result<Url, MailError> {
    let invalid = |why: &str| MailError::Config(format!("RESEND_API_URL {base_url:?} {why}"));
    let base =
        Url::parse(base_url.trim()).map_err(|err| invalid(&format!("is not a URL: {err}")))?;
    if !matches!(base.scheme(), "http" | "https") {
        return Err(invalid("must be an http(s) URL"));
    }
    let joined = format!("{}/emails", base.as_str().trim_end_matches('/'));
    Url::parse(&joined).map_err(|err| invalid(&format!("cannot be extended with /emails: {err}")))
}

/// The JSON body of `POST /emails`.
#[derive(Debug, Serialize)]
struct SendBody<'a> {
    from: &'a str,
    to: [&'a str; 1],
    subject: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    html: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    text: &'a str,
    #[serde(skip_serializing_if = "<[Tag]>::is_empty")]
    tags: &'a [Tag],
}

impl<'a> SendBody<'a> {
    fn new(from: &'a str, email: &'a Email) -> Self {
        Self {
            from,
            to: [email.to.as_str()],
            subject: &email.subject,
            html: &email.html,
            text: &email.text,
            tags: &email.tags,
        }
    }
}

#[derive(Deserialize)]
struct SentBody {
    id: String,
}

#[derive(Deserialize)]
struct ErrorBody {
    name: Option<String>,
    message: Option<String>,
}

/// A failed attempt and whether the same call should try again.
struct Rejection {
    error: MailError,
    retry: Retry,
}

enum Retry {
    No,
    Backoff,
    After(Duration),
}

fn network_rejection(err: &reqwest::Error, idempotent: bool) -> Rejection {
    let what = if err.is_timeout() {
        "Resend did not answer in time"
    } else if err.is_connect() {
        "cannot connect to Resend"
    } else {
        "the request to Resend failed"
    };
    // A refused connection never reached Resend; anything later may have been delivered, and resending without an
    // idempotency key could deliver it twice.
    let retry = if err.is_connect() || idempotent {
        Retry::Backoff
    } else {
        Retry::No
    };
    Rejection {
        error: MailError::transient(None, format!("{what}: {err}")),
        retry,
    }
}

fn classify(status: StatusCode, body: &[u8], hint: Option<Duration>) -> Rejection {
    let (name, description) = describe_error(body);
    let code = Some(status.as_u16());
    let error_for_later = || MailError::transient(code, description.clone());
    let retry_soon = || hint.map_or(Retry::Backoff, Retry::After);
    match (status.as_u16(), name.as_deref()) {
        // Quotas reset daily or monthly: worth a later job retry, not an immediate one.
        (429, Some("daily_quota_exceeded" | "monthly_quota_exceeded")) => Rejection {
            error: error_for_later(),
            retry: Retry::No,
        },
        (429, _) => Rejection {
            error: error_for_later(),
            retry: retry_soon(),
        },
        (409, Some("concurrent_idempotent_requests")) => Rejection {
            error: error_for_later(),
            retry: Retry::Backoff,
        },
        (500.., _) => Rejection {
            error: error_for_later(),
            retry: retry_soon(),
        },
        _ => Rejection {
            error: MailError::permanent(code, description),
            retry: Retry::No,
        },
    }
}

/// Resend's `name` and a readable description; a proxy in front of Resend may answer with HTML instead of JSON.
fn describe_error(body: &[u8]) -> (Option<String>, String) {
    match serde_json::from_slice::<ErrorBody>(body) {
        Ok(ErrorBody { name, message }) => {
            let description = match (&name, message) {
                (Some(name), Some(message)) => format!("Resend {name}: {message}"),
                (Some(name), None) => format!("Resend {name}"),
                (None, Some(message)) => format!("Resend: {message}"),
                (None, None) => "Resend error without details".to_owned(),
            };
            (name, description)
        }
        Err(_) => (
            None,
            format!("Resend answered with a non-JSON body: {}", snippet(body)),
        ),
    }
}

fn snippet(body: &[u8]) -> String {
    const MAX_CHARS: usize = 120;
    let text = String::from_utf8_lossy(body);
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.is_empty() {
        return "(empty)".to_owned();
    }
    match collapsed.char_indices().nth(MAX_CHARS) {
        Some((cut, _)) => format!("{}...", &collapsed[..cut]),
        None => collapsed,
    }
}

/// Seconds to wait from `retry-after`, else from `ratelimit-reset` (both plain integers at Resend).
fn retry_hint(headers: &HeaderMap) -> Option<Duration> {
    [RETRY_AFTER.as_str(), "ratelimit-reset"]
        .into_iter()
        .find_map(|name| headers.get(name)?.to_str().ok()?.trim().parse::<u64>().ok())
        .map(Duration::from_secs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoint_appends_emails_to_the_base() {
        for base in ["https://api.resend.com", "https://api.resend.com/"] {
            assert_eq!(
                emails_endpoint(base).unwrap().as_str(),
                "https://api.resend.com/emails"
            );
        }
        assert!(matches!(
            emails_endpoint("ftp://x"),
            Err(MailError::Config(_))
        ));
        assert!(matches!(
            emails_endpoint("not a url"),
            Err(MailError::Config(_))
        ));
    }

    #[test]
    fn backoff_doubles() {
        let policy = RetryPolicy::default();
        assert_eq!(policy.backoff(1), Duration::from_millis(500));
        assert_eq!(policy.backoff(2), Duration::from_millis(1000));
        // Saturates instead of overflowing; max_wait then ends the call.
        assert!(policy.backoff(40) > Duration::from_secs(3600));
    }

    #[test]
    fn retry_hint_prefers_retry_after() {
        let mut headers = HeaderMap::new();
        headers.insert("ratelimit-reset", "7".parse().unwrap());
        assert_eq!(retry_hint(&headers), Some(Duration::from_secs(7)));
        headers.insert(RETRY_AFTER, "2".parse().unwrap());
        assert_eq!(retry_hint(&headers), Some(Duration::from_secs(2)));
    }

    #[test]
    fn classification() {
        let body = |name: &str| format!(r#"{{"statusCode":0,"message":"m","name":"{name}"}}"#);
        let quota = classify(
            StatusCode::TOO_MANY_REQUESTS,
            body("daily_quota_exceeded").as_bytes(),
            None,
        );
        assert!(quota.error.is_transient() && matches!(quota.retry, Retry::No));

        let limited = classify(
            StatusCode::TOO_MANY_REQUESTS,
            body("rate_limit_exceeded").as_bytes(),
            None,
        );
        assert!(limited.error.is_transient() && matches!(limited.retry, Retry::Backoff));

        let busy = classify(
            StatusCode::CONFLICT,
            body("concurrent_idempotent_requests").as_bytes(),
            None,
        );
        assert!(busy.error.is_transient());

        let reused = classify(
            StatusCode::CONFLICT,
            body("invalid_idempotent_request").as_bytes(),
            None,
        );
        assert!(matches!(reused.error, MailError::Permanent(_)));

        let html = classify(
            StatusCode::BAD_GATEWAY,
            b"<html>\n  <h1>Bad gateway</h1></html>",
            None,
        );
        assert!(html.error.is_transient());
        assert!(
            html.error
                .to_string()
                .contains("non-JSON body: <html> <h1>Bad gateway</h1></html>")
        );
    }
}
