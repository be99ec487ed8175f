//! The process-wide rate limiter against the mock's buckets: a storm of 429s is sat out, and no window of the
//! mock's log ever holds more requests than the account token's budget.

use std::time::Duration;

use tali_workable::mock::{MockConfig, RecordedRequest, WorkableMock};
use tali_workable::{ApiSettings, Credentials, TokenKind, WorkableClient};

use crate::common::fast_retry;

/// Short windows keep the test fast; client and mock agree on the length, as with Workable's 10 s.
const WINDOW: Duration = Duration::from_secs(1);

fn client(mock: &WorkableMock) -> WorkableClient {
    let settings = ApiSettings {
        base_url: Some(mock.url()),
        retry: fast_retry(),
        rate_window: WINDOW,
        ..ApiSettings::default()
    };
    WorkableClient::new(
        &settings,
        WorkableMock::SUBDOMAIN,
        Credentials::account_token(WorkableMock::ACCOUNT_TOKEN),
    )
    .unwrap()
}

/// The most requests that arrived within any span of `window`.
fn busiest_window(requests: &[RecordedRequest], window: Duration) -> usize {
    requests
        .iter()
        .map(|first| {
            requests
                .iter()
                .filter(|other| {
                    other.received_at >= first.received_at
                        && other.received_at.duration_since(first.received_at) < window
                })
                .count()
        })
        .max()
        .unwrap_or(0)
}

#[tokio::test]
async fn a_429_storm_is_sat_out_without_exceeding_the_budget() {
    let mock = WorkableMock::start_with(MockConfig {
        rate_window: WINDOW,
        ..MockConfig::default()
    })
    .await
    .unwrap();
    mock.force_rate_limited(4);

    // Two clients of the same account share one limiter, as two request handlers of the app would.
    let clients = [client(&mock), client(&mock)];
    let mut calls = Vec::new();
    for worker in 0..4 {
        let client = clients[worker % 2].clone();
        calls.push(tokio::spawn(async move {
            for _ in 0..6 {
                client.list_members().await?;
            }
            Ok::<_, tali_workable::WorkableError>(())
        }));
    }
    for call in calls {
        call.await.unwrap().expect("every call succeeds in the end");
    }

    let requests: Vec<_> = mock
        .api_requests()
        .into_iter()
        .filter(|request| request.bearer() == Some(WorkableMock::ACCOUNT_TOKEN))
        .collect();
    let refused = requests
        .iter()
        .filter(|request| request.status == 429)
        .count();
    assert_eq!(
        refused, 4,
        "only the forced 429s: the client never ran into the real limit"
    );
    assert_eq!(requests.len(), 24 + 4);
    let budget = TokenKind::Account.requests_per_window() as usize;
    let busiest = busiest_window(&requests, WINDOW);
    assert!(busiest <= budget, "{busiest} requests within one window");
}

#[tokio::test]
async fn every_answer_carries_the_rate_limit_headers() {
    let mock = WorkableMock::start().await.unwrap();
    let response = reqwest::Client::new()
        .get(format!("{}/spi/v3/members", mock.url()))
        .bearer_auth(WorkableMock::ACCOUNT_TOKEN)
        .header(tali_workable::SUBDOMAIN_HEADER, WorkableMock::SUBDOMAIN)
        .send()
        .await
        .unwrap();
    let header = |name: &str| response.headers()[name].to_str().unwrap().to_owned();
    assert_eq!(header("x-rate-limit-limit"), "10");
    assert_eq!(header("x-rate-limit-remaining"), "9");
    let reset: u64 = header("x-rate-limit-reset").parse().unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    assert!(reset > now && reset <= now + 11, "{reset} vs {now}");
}

#[tokio::test]
async fn a_429_beyond_the_patience_of_one_call_is_a_rate_limited_error() {
    let mock = WorkableMock::start().await.unwrap();
    mock.force_rate_limited(1);
    let settings = ApiSettings {
        base_url: Some(mock.url()),
        retry: tali_workable::RetryPolicy {
            max_rate_limit_wait: Duration::from_millis(100),
            ..fast_retry()
        },
        ..ApiSettings::default()
    };
    let client = WorkableClient::new(
        &settings,
        WorkableMock::OTHER_SUBDOMAIN,
        Credentials::account_token(WorkableMock::OTHER_ACCOUNT_TOKEN),
    )
    .unwrap();
    let error = client.list_members().await.unwrap_err();
    assert!(
        matches!(
            error,
            tali_workable::WorkableError::RateLimited {
                retry_after: Some(_)
            }
        ),
        "{error:?}"
    );
    assert!(error.is_transient());
}
