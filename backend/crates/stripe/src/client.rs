//! The HTTP side of every call: authentication, the pinned version, form bodies, the
//! idempotency key, timeouts and retries. The operations live in one module per Stripe resource.

use std::fmt;

use reqwest::header::HeaderMap;
use reqwest::{Method, Url};
use secrecy::{ExposeSecret, SecretString};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::StripeError;
use crate::api_error::classify;
use crate::config::{STRIPE_VERSION, StripeConfig};
use crate::form;
use crate::idempotency::IdempotencyKey;
use crate::retry::{RetryPolicy, Verdict, verdict_for_status};

/// A Stripe API client. Cheap to clone; clones share the connection pool.
#[derive(Clone)]
pub struct StripeClient {
    http: reqwest::Client,
    base_url: Url,
    api_key: SecretString,
    retry: RetryPolicy,
}

// Written out so that nothing added to the struct later can print the key by accident.
impl fmt::Debug for StripeClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StripeClient")
            .field("base_url", &self.base_url.as_str())
            .field("api_key", &"[REDACTED]")
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

/// One logical request; rebuilt into a `reqwest::Request` for each attempt.
struct Call<'a> {
    method: Method,
    url: Url,
    form_body: Option<String>,
    idempotency_key: Option<&'a IdempotencyKey>,
}

/// A failed attempt: the error to return if we stop here, and whether to go on.
struct Failure {
    error: StripeError,
    verdict: Verdict,
}

impl StripeClient {
    pub fn new(config: StripeConfig) -> Result<Self, StripeError> {
        let key = config.api_key.expose_secret();
        if key.trim().is_empty() || key.chars().any(char::is_whitespace) {
            return Err(StripeError::Config(
                "the Stripe API key is empty or contains whitespace".to_owned(),
            ));
        }
        let base_url = parse_base_url(&config.base_url)?;
        let http = reqwest::Client::builder()
            .connect_timeout(config.connect_timeout)
            .timeout(config.request_timeout)
            .user_agent(concat!("tali-stripe/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|err| StripeError::Config(format!("cannot build the HTTP client: {err}")))?;
        Ok(Self {
            http,
            base_url,
            api_key: config.api_key,
            retry: config.retry,
        })
    }

    /// `POST /v1/{path}` with a form body. The key goes on every attempt of this call.
    pub(crate) async fn post<T: DeserializeOwned>(
        &self,
        path: &[&str],
        params: &impl Serialize,
        idempotency_key: &IdempotencyKey,
    ) -> Result<T, StripeError> {
        let body = form::encode(&form::to_pairs(params)?);
        self.execute(Call {
            method: Method::POST,
            url: self.url(path),
            form_body: Some(body),
            idempotency_key: Some(idempotency_key),
        })
        .await
    }

    /// `GET /v1/{path}?{query}`.
    pub(crate) async fn get<T: DeserializeOwned>(
        &self,
        path: &[&str],
        query: &[(&str, &str)],
    ) -> Result<T, StripeError> {
        let mut url = self.url(path);
        if !query.is_empty() {
            url.query_pairs_mut().extend_pairs(query);
        }
        self.execute(Call {
            method: Method::GET,
            url,
            form_body: None,
            idempotency_key: None,
        })
        .await
    }

    /// `DELETE /v1/{path}`. Stripe ignores idempotency keys on DELETE: it is idempotent already.
    pub(crate) async fn delete<T: DeserializeOwned>(
        &self,
        path: &[&str],
    ) -> Result<T, StripeError> {
        self.execute(Call {
            method: Method::DELETE,
            url: self.url(path),
            form_body: None,
            idempotency_key: None,
        })
        .await
    }

    /// Each id becomes one percent-encoded path segment, so an id can never change the route.
    fn url(&self, path: &[&str]) -> Url {
        let mut url = self.base_url.clone();
        if let Ok(mut segments) = url.path_segments_mut() {
            segments.pop_if_empty().push("v1").extend(path);
        }
        url
    }

    async fn execute<T: DeserializeOwned>(&self, call: Call<'_>) -> Result<T, StripeError> {
        let mut retries = 0;
        let mut rate_limit_retries = 0;
        loop {
            let failure = match self.attempt(&call).await {
                Ok(value) => return Ok(value),
                Err(failure) => failure,
            };
            let may_retry = match failure.verdict {
                Verdict::Retry => retries < self.retry.max_retries,
                Verdict::RetryRateLimited => rate_limit_retries < self.retry.max_rate_limit_retries,
                Verdict::GiveUp => false,
            };
            if !may_retry {
                return Err(failure.error);
            }
            match failure.verdict {
                Verdict::RetryRateLimited => rate_limit_retries += 1,
                _ => retries += 1,
            }
            let delay = self.retry.delay(retries + rate_limit_retries);
            tracing::warn!(
                method = %call.method,
                path = call.url.path(),
                retry = retries + rate_limit_retries,
                delay_ms = delay.as_millis() as u64,
                error = ?failure.error,
                "Stripe call failed; retrying with the same idempotency key"
            );
            tokio::time::sleep(delay).await;
        }
    }

    async fn attempt<T: DeserializeOwned>(&self, call: &Call<'_>) -> Result<T, Failure> {
        let mut request = self
            .http
            .request(call.method.clone(), call.url.clone())
            .bearer_auth(self.api_key.expose_secret())
            .header("Stripe-Version", STRIPE_VERSION);
        if let Some(key) = call.idempotency_key {
            request = request.header("Idempotency-Key", key.as_str());
        }
        if let Some(body) = &call.form_body {
            request = request
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body(body.clone());
        }
        let response = request.send().await.map_err(transport_failure)?;
        let status = response.status().as_u16();
        let request_id = header(response.headers(), "request-id").map(str::to_owned);
        let should_retry = match header(response.headers(), "stripe-should-retry") {
            Some("true") => Some(true),
            Some("false") => Some(false),
            _ => None,
        };
        // A body cut off mid-way is a broken connection: retrying with the key is safe.
        let body = response.bytes().await.map_err(transport_failure)?;

        if (200..300).contains(&status) {
            tracing::debug!(method = %call.method, path = call.url.path(), request_id, "Stripe answered");
            return serde_json::from_slice(&body).map_err(|err| Failure {
                error: StripeError::InvalidResponse(format!(
                    "{} {} (request {}): {err}",
                    call.method,
                    call.url.path(),
                    request_id.as_deref().unwrap_or("-")
                )),
                verdict: Verdict::GiveUp,
            });
        }
        Err(Failure {
            error: classify(status, &body, request_id),
            verdict: verdict_for_status(status, should_retry),
        })
    }
}

fn transport_failure(err: reqwest::Error) -> Failure {
    let error = if err.is_timeout() {
        StripeError::Timeout
    } else {
        StripeError::Network(err.to_string())
    };
    // Every POST carries an idempotency key, so even a request that may have reached Stripe is
    // safe to send again; only a request we could not build would fail the same way.
    let verdict = if err.is_builder() {
        Verdict::GiveUp
    } else {
        Verdict::Retry
    };
    Failure { error, verdict }
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|value| value.to_str().ok())
}

fn parse_base_url(base_url: &str) -> Result<Url, StripeError> {
    let invalid = |why: String| StripeError::Config(format!("Stripe base URL {base_url:?} {why}"));
    let url = Url::parse(base_url.trim()).map_err(|err| invalid(format!("is not a URL: {err}")))?;
    if !matches!(url.scheme(), "http" | "https") || url.cannot_be_a_base() {
        return Err(invalid("must be an http(s) URL".to_owned()));
    }
    if url.query().is_some() {
        return Err(invalid("must not have a query".to_owned()));
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client(base_url: &str) -> StripeClient {
        let config =
            StripeConfig::new(SecretString::from("sk_test_secret123")).with_base_url(base_url);
        StripeClient::new(config).unwrap()
    }

    #[test]
    fn urls_add_v1_and_encode_ids() {
        let client = client("https://api.stripe.com");
        assert_eq!(
            client.url(&["customers", "cus_1"]).as_str(),
            "https://api.stripe.com/v1/customers/cus_1"
        );
        assert_eq!(
            client.url(&["customers", "cus_1/../x?y"]).as_str(),
            "https://api.stripe.com/v1/customers/cus_1%2F..%2Fx%3Fy"
        );
        let under_a_path = self::client("http://127.0.0.1:9/stripe/");
        assert_eq!(
            under_a_path.url(&["checkout", "sessions"]).as_str(),
            "http://127.0.0.1:9/stripe/v1/checkout/sessions"
        );
    }

    #[test]
    fn bad_settings_are_refused() {
        let bad_url = StripeConfig::new(SecretString::from("sk_test_1")).with_base_url("ftp://x");
        assert!(matches!(
            StripeClient::new(bad_url),
            Err(StripeError::Config(_))
        ));
        let empty_key = StripeConfig::new(SecretString::from(" "));
        assert!(matches!(
            StripeClient::new(empty_key),
            Err(StripeError::Config(_))
        ));
    }

    #[test]
    fn debug_never_shows_the_key() {
        let printed = format!("{:?}", client("https://api.stripe.com"));
        assert!(!printed.contains("secret123"), "{printed}");
        assert!(printed.contains("[REDACTED]"));
    }
}
