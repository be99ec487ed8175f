//! The API v3 client of one Workable account: where requests go, how they authenticate, and how answers and
//! listings are read. The typed calls live in the submodules, one per resource.

mod account;
mod candidates;
mod jobs;
mod subscriptions;

use std::sync::Arc;

use reqwest::{Client, Method, RequestBuilder, Url};
use secrecy::{ExposeSecret, SecretString};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

pub use account::list_accounts;
pub use candidates::CandidatesQuery;
pub use jobs::JobsQuery;

use crate::WorkableError;
use crate::oauth::parse_base;
use crate::rate_limit::{RateLimiter, TokenKind, shared_limiter};
use crate::resources::Page;
use crate::settings::ApiSettings;
use crate::transport::{Answer, Replay, Transport};

/// Names the account when [`ApiSettings::base_url`] overrides the per-account host: a mock or a staging proxy
/// serves every account at one address and reads the subdomain from this header. Not sent to Workable itself,
/// where the host already names the account.
pub const SUBDOMAIN_HEADER: &str = "X-Workable-Subdomain";

/// A listing never follows more pages than this, so a server that keeps answering with a `paging.next` cannot
/// keep a call going forever.
const MAX_PAGES: usize = 1000;

/// The bearer token of one account and its kind (which sets the rate limit).
#[derive(Debug, Clone)]
pub struct Credentials {
    pub token: SecretString,
    pub kind: TokenKind,
}

impl Credentials {
    /// An account (admin) token from Workable's Settings → Integrations.
    pub fn account_token(token: impl Into<SecretString>) -> Self {
        Self {
            token: token.into(),
            kind: TokenKind::Account,
        }
    }

    /// An OAuth access token, e.g. [`TokenSet::access_token`](crate::TokenSet::access_token).
    pub fn oauth(access_token: impl Into<SecretString>) -> Self {
        Self {
            token: access_token.into(),
            kind: TokenKind::OAuth,
        }
    }
}

/// Calls Workable's API v3 for one account. Cheap to clone; every clone, and every other client of the same
/// account in this process, shares one rate limiter.
#[derive(Debug, Clone)]
pub struct WorkableClient {
    transport: Transport,
    /// `https://{subdomain}.workable.com/spi/v3`, or `{base}/spi/v3` with an override.
    api_root: Url,
    subdomain: String,
    /// Whether the subdomain travels in [`SUBDOMAIN_HEADER`] (base URL override) rather than in the host.
    subdomain_in_header: bool,
    token: SecretString,
    limiter: Arc<RateLimiter>,
}

impl WorkableClient {
    pub fn new(
        settings: &ApiSettings,
        subdomain: &str,
        credentials: Credentials,
    ) -> Result<Self, WorkableError> {
        let subdomain = checked_subdomain(subdomain)?;
        let api_root =
            match &settings.base_url {
                Some(base) => with_path(&parse_base(base)?, &["spi", "v3"]),
                None => Url::parse(&format!("https://{subdomain}.workable.com/spi/v3")).map_err(
                    |err| WorkableError::Config(format!("bad subdomain {subdomain:?}: {err}")),
                )?,
            };
        let transport = Transport::new(
            settings.connect_timeout,
            settings.request_timeout,
            settings.retry.clone(),
        )?;
        let limiter = shared_limiter(
            api_root.as_str(),
            &subdomain,
            credentials.kind,
            settings.rate_window,
        );
        Ok(Self {
            transport,
            api_root,
            subdomain,
            subdomain_in_header: settings.base_url.is_some(),
            token: credentials.token,
            limiter,
        })
    }

    pub fn subdomain(&self) -> &str {
        &self.subdomain
    }

    /// The same client with a refreshed OAuth access token (after a 401 or ahead of the expiry).
    pub fn with_access_token(&self, token: SecretString) -> Self {
        Self {
            token,
            ..self.clone()
        }
    }

    /// `{api_root}/{segments...}`, each segment percent-encoded (ids come from webhooks, i.e. from outside).
    fn url(&self, segments: &[&str]) -> Url {
        with_path(&self.api_root, segments)
    }

    fn request(&self, http: &Client, method: Method, url: Url) -> RequestBuilder {
        let request = http
            .request(method, url)
            .bearer_auth(self.token.expose_secret())
            .header(reqwest::header::ACCEPT, "application/json");
        if self.subdomain_in_header {
            request.header(SUBDOMAIN_HEADER, &self.subdomain)
        } else {
            request
        }
    }

    async fn send(
        &self,
        method: Method,
        url: Url,
        body: Option<&Value>,
        replay: Replay,
    ) -> Result<Answer, WorkableError> {
        let answer = self
            .transport
            .send(
                |http| {
                    let request = self.request(http, method.clone(), url.clone());
                    match body {
                        Some(body) => request.json(body),
                        None => request,
                    }
                },
                Some(&self.limiter),
                replay,
            )
            .await?;
        if answer.status.is_success() {
            Ok(answer)
        } else {
            Err(WorkableError::from_api_answer(
                answer.status.as_u16(),
                &answer.body,
            ))
        }
    }

    async fn get<T: DeserializeOwned>(&self, url: Url) -> Result<T, WorkableError> {
        let answer = self.send(Method::GET, url, None, Replay::Safe).await?;
        decode(&answer.body)
    }

    /// Posts a JSON body; the answer's body is returned for the calls that read it.
    async fn post(
        &self,
        url: Url,
        body: &impl Serialize,
        replay: Replay,
    ) -> Result<Vec<u8>, WorkableError> {
        let body = serde_json::to_value(body)
            .map_err(|err| WorkableError::Config(format!("cannot encode the request: {err}")))?;
        let answer = self.send(Method::POST, url, Some(&body), replay).await?;
        Ok(answer.body)
    }

    async fn delete(&self, url: Url) -> Result<(), WorkableError> {
        self.send(Method::DELETE, url, None, Replay::Safe).await?;
        Ok(())
    }

    /// One page of a listing whose items sit under `key`, with Workable's `paging.next`.
    async fn page<T: DeserializeOwned>(
        &self,
        url: Url,
        key: &str,
    ) -> Result<Page<T>, WorkableError> {
        let mut listing: Value = self.get(url).await?;
        let items = match listing.get_mut(key).map(Value::take) {
            Some(items) => decode_value(items)?,
            None => {
                return Err(WorkableError::invalid_response(format!(
                    "the listing has no {key:?} field"
                )));
            }
        };
        let next = listing
            .pointer("/paging/next")
            .and_then(Value::as_str)
            .filter(|next| !next.is_empty())
            .map(str::to_owned);
        Ok(Page { items, next })
    }

    /// The page at a `paging.next` URL.
    async fn next_page<T: DeserializeOwned>(
        &self,
        next: &str,
        key: &str,
    ) -> Result<Page<T>, WorkableError> {
        let url = self.checked_next(next)?;
        self.page(url, key).await
    }

    /// Every page of a listing, starting at `first`.
    async fn all_pages<T: DeserializeOwned>(
        &self,
        first: Url,
        key: &str,
    ) -> Result<Vec<T>, WorkableError> {
        let mut page = self.page(first, key).await?;
        let mut items = std::mem::take(&mut page.items);
        for _ in 1..MAX_PAGES {
            let Some(next) = page.next.take() else {
                return Ok(items);
            };
            page = self.next_page(&next, key).await?;
            items.append(&mut page.items);
        }
        Err(WorkableError::invalid_response(format!(
            "the listing did not end within {MAX_PAGES} pages"
        )))
    }

    /// `paging.next` is followed verbatim, but only on the host the client talks to: the request carries the
    /// account's token, which must not go wherever an answer points.
    fn checked_next(&self, next: &str) -> Result<Url, WorkableError> {
        let url = Url::parse(next).map_err(|err| {
            WorkableError::invalid_response(format!("paging.next is not a URL: {err}"))
        })?;
        if url.origin() != self.api_root.origin() {
            return Err(WorkableError::invalid_response(format!(
                "paging.next points to another host ({})",
                url.origin().ascii_serialization()
            )));
        }
        Ok(url)
    }
}

/// Workable subdomains are DNS labels; anything else could redirect the token to another host.
fn checked_subdomain(subdomain: &str) -> Result<String, WorkableError> {
    let subdomain = subdomain.trim().to_ascii_lowercase();
    let valid = !subdomain.is_empty()
        && subdomain.len() <= 63
        && !subdomain.starts_with('-')
        && !subdomain.ends_with('-')
        && subdomain
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-');
    if valid {
        Ok(subdomain)
    } else {
        Err(WorkableError::Config(format!(
            "{subdomain:?} is not a Workable subdomain"
        )))
    }
}

fn with_path(base: &Url, segments: &[&str]) -> Url {
    let mut url = base.clone();
    // A base that can be a base (checked by `parse_base` or built from a host) always has path segments.
    if let Ok(mut path) = url.path_segments_mut() {
        path.pop_if_empty().extend(segments);
    }
    url
}

fn decode<T: DeserializeOwned>(body: &[u8]) -> Result<T, WorkableError> {
    serde_json::from_slice(body).map_err(|err| {
        WorkableError::invalid_response(format!("unexpected JSON from Workable: {err}"))
    })
}

fn decode_value<T: DeserializeOwned>(value: Value) -> Result<T, WorkableError> {
    serde_json::from_value(value).map_err(|err| {
        WorkableError::invalid_response(format!("unexpected JSON from Workable: {err}"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client(base_url: Option<&str>) -> WorkableClient {
        let settings = ApiSettings {
            base_url: base_url.map(str::to_owned),
            ..ApiSettings::default()
        };
        WorkableClient::new(&settings, "Acme", Credentials::account_token("t")).unwrap()
    }

    #[test]
    fn production_reaches_the_account_host() {
        let client = client(None);
        assert_eq!(
            client.url(&["candidates", "ce4/da98"]).as_str(),
            "https://acme.workable.com/spi/v3/candidates/ce4%2Fda98"
        );
        assert!(!client.subdomain_in_header);
    }

    #[test]
    fn an_override_keeps_the_subdomain_in_a_header() {
        let client = client(Some("http://127.0.0.1:4020/"));
        assert_eq!(
            client.url(&["jobs"]).as_str(),
            "http://127.0.0.1:4020/spi/v3/jobs"
        );
        assert!(client.subdomain_in_header);
        assert_eq!(client.subdomain(), "acme");
    }

    #[test]
    fn subdomains_are_dns_labels() {
        for bad in ["", "evil.com/x", "a b", "-acme", "acme.evil"] {
            assert!(checked_subdomain(bad).is_err(), "{bad}");
        }
        assert_eq!(checked_subdomain(" groove-tech ").unwrap(), "groove-tech");
    }

    #[test]
    fn next_pages_stay_on_the_api_host() {
        let client = client(None);
        assert!(
            client
                .checked_next("https://acme.workable.com/spi/v3/jobs?limit=2&since_id=abc")
                .is_ok()
        );
        assert!(
            client
                .checked_next("https://evil.test/spi/v3/jobs")
                .is_err()
        );
        assert!(client.checked_next("/spi/v3/jobs").is_err());
    }
}
