//! Helpers shared by the integration tests: clients pointed at the mock with fast retries.

// Each test binary uses a different subset of these helpers.
#![allow(dead_code)]

use std::time::Duration;

use reqwest::redirect::Policy;
use tali_workable::mock::WorkableMock;
use tali_workable::{
    ApiSettings, Credentials, OAuthClient, OAuthSettings, RetryPolicy, WorkableClient,
};
use url::Url;

pub const REDIRECT_URI: &str = "https://app.tali.test/integrations/workable/callback";

/// The real policy's shape with millisecond backoffs; 429 waits stay as long as the mock's reset says.
pub fn fast_retry() -> RetryPolicy {
    RetryPolicy {
        max_attempts: 3,
        initial_delay: Duration::from_millis(10),
        max_delay: Duration::from_millis(40),
        max_rate_limited_waits: 5,
        max_rate_limit_wait: Duration::from_secs(10),
    }
}

pub fn api_settings(mock: &WorkableMock) -> ApiSettings {
    ApiSettings {
        base_url: Some(mock.url()),
        retry: fast_retry(),
        ..ApiSettings::default()
    }
}

/// A client of the seeded account with its account token.
pub fn account_client(mock: &WorkableMock) -> WorkableClient {
    WorkableClient::new(
        &api_settings(mock),
        WorkableMock::SUBDOMAIN,
        Credentials::account_token(WorkableMock::ACCOUNT_TOKEN),
    )
    .expect("client builds")
}

pub fn oauth_settings(mock: &WorkableMock) -> OAuthSettings {
    let mut settings = OAuthSettings::new(
        WorkableMock::CLIENT_ID,
        WorkableMock::CLIENT_SECRET,
        REDIRECT_URI,
    );
    settings.base_url = mock.url();
    settings.retry = fast_retry();
    settings
}

pub fn oauth_client(mock: &WorkableMock) -> OAuthClient {
    OAuthClient::new(oauth_settings(mock)).expect("OAuth client builds")
}

/// Follows the authorize URL like a browser whose user approves, and returns the redirect it lands on.
pub async fn approve(authorize_url: &Url) -> Url {
    let browser = reqwest::Client::builder()
        .redirect(Policy::none())
        .build()
        .unwrap();
    let response = browser.get(authorize_url.clone()).send().await.unwrap();
    assert_eq!(response.status(), 302, "authorize redirects back");
    let location = response.headers()["location"].to_str().unwrap();
    Url::parse(location).unwrap()
}

pub fn query_param(url: &Url, name: &str) -> Option<String> {
    url.query_pairs()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.into_owned())
}
