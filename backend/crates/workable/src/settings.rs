//! Configuration, built once by the app from its environment; this crate reads no environment variables itself.

use std::time::Duration;

use secrecy::SecretString;

/// Workable's OAuth server (authorize, token, revoke) and the host of `GET /spi/v3/accounts`.
pub const DEFAULT_OAUTH_BASE_URL: &str = "https://www.workable.com";

/// What TALI asks for: read jobs and candidates, comment on and move candidates.
pub const DEFAULT_SCOPES: &[&str] = &["r_jobs", "r_candidates", "w_candidates"];

/// Where and how the API v3 client talks to Workable.
#[derive(Debug, Clone)]
pub struct ApiSettings {
    /// `None` in production: each account is reached at `https://{subdomain}.workable.com/spi/v3`.
    ///
    /// `Some(base)` (a mock, staging) sends every call to `{base}/spi/v3/...` instead and names the account in
    /// the [`SUBDOMAIN_HEADER`](crate::SUBDOMAIN_HEADER) header, because one local server cannot be every
    /// `{subdomain}.workable.com`.
    pub base_url: Option<String>,
    pub connect_timeout: Duration,
    pub request_timeout: Duration,
    pub retry: RetryPolicy,
    /// Length of Workable's rate-limit interval (10 s). Tests shorten it, on both sides, to stay fast.
    pub rate_window: Duration,
}

impl Default for ApiSettings {
    fn default() -> Self {
        Self {
            base_url: None,
            connect_timeout: Duration::from_secs(5),
            request_timeout: Duration::from_secs(30),
            retry: RetryPolicy::default(),
            rate_window: Duration::from_secs(10),
        }
    }
}

/// How hard one call tries before it hands an error back.
#[derive(Debug, Clone)]
pub struct RetryPolicy {
    /// Attempts in total for 5xx answers and network failures, the first included.
    pub max_attempts: u32,
    /// Wait before the second attempt; doubled for each further one, up to `max_delay`.
    pub initial_delay: Duration,
    pub max_delay: Duration,
    /// How many 429 answers one call sits out (waiting until `X-Rate-Limit-Reset`) before giving up.
    pub max_rate_limited_waits: u32,
    /// Longest 429 pause one call accepts; a longer `X-Rate-Limit-Reset` ends the call with `RateLimited`
    /// rather than holding a request handler or a worker.
    pub max_rate_limit_wait: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 3,
            initial_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(8),
            max_rate_limited_waits: 5,
            // Workable's interval is 10 s, so a reset is never further away than that plus clock skew.
            max_rate_limit_wait: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// The pause after the `failed_attempts`-th failure (1-based).
    pub(crate) fn backoff(&self, failed_attempts: u32) -> Duration {
        self.initial_delay
            .saturating_mul(2u32.saturating_pow(failed_attempts.saturating_sub(1)))
            .min(self.max_delay)
    }
}

/// The OAuth app Workable issued to TALI as an official partner.
#[derive(Debug, Clone)]
pub struct OAuthSettings {
    /// `https://www.workable.com` unless a mock or the sandbox (`https://www.workablesandbox.com`) is used.
    pub base_url: String,
    pub client_id: String,
    pub client_secret: SecretString,
    /// Must match the redirect URI registered with Workable, on authorize and on the code exchange.
    pub redirect_uri: String,
    pub scopes: Vec<String>,
    pub connect_timeout: Duration,
    pub request_timeout: Duration,
    pub retry: RetryPolicy,
}

impl OAuthSettings {
    pub fn new(
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
        redirect_uri: impl Into<String>,
    ) -> Self {
        Self {
            base_url: DEFAULT_OAUTH_BASE_URL.to_owned(),
            client_id: client_id.into(),
            client_secret: SecretString::from(client_secret.into()),
            redirect_uri: redirect_uri.into(),
            scopes: DEFAULT_SCOPES
                .iter()
                .map(|scope| (*scope).to_owned())
                .collect(),
            connect_timeout: Duration::from_secs(5),
            request_timeout: Duration::from_secs(30),
            retry: RetryPolicy::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_the_cap() {
        let policy = RetryPolicy::default();
        assert_eq!(policy.backoff(1), Duration::from_millis(500));
        assert_eq!(policy.backoff(2), Duration::from_secs(1));
        assert_eq!(policy.backoff(40), Duration::from_secs(8));
    }

    #[test]
    fn the_client_secret_never_reaches_debug_output() {
        let settings = OAuthSettings::new("client", "very-secret", "https://tali.test/cb");
        let printed = format!("{settings:?}");
        assert!(!printed.contains("very-secret"), "{printed}");
        assert_eq!(settings.scopes, ["r_jobs", "r_candidates", "w_candidates"]);
    }
}
