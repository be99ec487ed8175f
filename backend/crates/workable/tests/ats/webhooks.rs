//! Webhooks end to end: a subscription made through the client, a candidate moved inside the mock, and a signed
//! delivery that `verify_signature` and `parse_candidate_event` accept; plus the mock's retries and the HTTP hooks.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use secrecy::SecretString;
use serde_json::{Value, json};
use tali_workable::mock::{MockConfig, WorkableMock};
use tali_workable::webhook::{SIGNATURE_HEADER, parse_candidate_event, verify_signature};
use tali_workable::{Credentials, NewSubscription, WebhookEvent, WorkableClient};
use tokio::net::TcpListener;

use crate::common::{account_client, api_settings, approve, oauth_client, query_param};

/// What our webhook endpoint received: (signature header, raw body).
type Received = Arc<Mutex<Vec<(String, Vec<u8>)>>>;

/// A webhook endpoint answering the scripted statuses in turn, then 200.
async fn receiver(statuses: &[u16]) -> (String, Received) {
    let received: Received = Arc::default();
    let script = Arc::new(Mutex::new(
        statuses.iter().copied().collect::<VecDeque<_>>(),
    ));
    let log = Arc::clone(&received);
    let app = Router::new().route(
        "/webhooks/workable",
        post(move |headers: HeaderMap, body: Bytes| {
            let log = Arc::clone(&log);
            let script = Arc::clone(&script);
            async move {
                let signature = headers
                    .get(SIGNATURE_HEADER)
                    .and_then(|value| value.to_str().ok())
                    .unwrap_or_default()
                    .to_owned();
                log.lock().unwrap().push((signature, body.to_vec()));
                let status = script.lock().unwrap().pop_front().unwrap_or(200);
                StatusCode::from_u16(status).unwrap()
            }
        }),
    );
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{address}/webhooks/workable"), received)
}

fn moved_into_assessment(target: &str) -> NewSubscription {
    NewSubscription {
        target: target.to_owned(),
        event: WebhookEvent::CandidateMoved,
        job_shortcode: String::new(),
        stage_slug: "assessment".into(),
    }
}

#[tokio::test]
async fn a_move_in_workable_is_delivered_signed_with_the_account_token() {
    let mock = WorkableMock::start().await.unwrap();
    let (target, received) = receiver(&[]).await;
    account_client(&mock)
        .create_subscription(&moved_into_assessment(&target))
        .await
        .unwrap();

    // A move to another stage does not match the subscription.
    assert!(
        mock.move_candidate("ce4da98", "phone-screen")
            .await
            .unwrap()
            .is_empty()
    );
    let attempts = mock.move_candidate("ce4da98", "assessment").await.unwrap();
    assert_eq!(attempts.len(), 1);
    assert_eq!(attempts[0].status, Some(200));

    let (signature, body) = received.lock().unwrap()[0].clone();
    let account_token = SecretString::from(WorkableMock::ACCOUNT_TOKEN);
    assert!(verify_signature(&body, &signature, &account_token));
    assert!(
        signature
            .chars()
            .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
    );
    assert!(!verify_signature(
        &body,
        &signature,
        &SecretString::from(WorkableMock::CLIENT_SECRET)
    ));

    let event = parse_candidate_event(&body).unwrap();
    assert_eq!(event.candidate_id, "ce4da98");
    assert_eq!(event.job_shortcode.as_deref(), Some("ACME001"));
    assert_eq!(event.stage.as_deref(), Some("Assessment"));
}

#[tokio::test]
async fn an_oauth_subscription_is_signed_with_the_client_secret() {
    let mock = WorkableMock::start().await.unwrap();
    let (target, received) = receiver(&[]).await;
    let oauth = oauth_client(&mock);
    let code = query_param(&approve(&oauth.authorize_url("s")).await, "code").unwrap();
    let tokens = oauth.exchange_code(&code).await.unwrap();
    let client = WorkableClient::new(
        &api_settings(&mock),
        WorkableMock::SUBDOMAIN,
        Credentials::oauth(tokens.access_token),
    )
    .unwrap();
    client
        .create_subscription(&moved_into_assessment(&target))
        .await
        .unwrap();

    // Grace is already in the assessment stage: an explicit delivery of her current state.
    let attempts = mock.deliver("ce4da99", "candidate_moved").await.unwrap();
    assert_eq!(attempts.len(), 1);
    let (signature, body) = received.lock().unwrap()[0].clone();
    assert!(verify_signature(
        &body,
        &signature,
        &SecretString::from(WorkableMock::CLIENT_SECRET)
    ));
}

#[tokio::test]
async fn deliveries_are_retried_until_the_target_answers_200() {
    let mock = WorkableMock::start_with(MockConfig {
        delivery_retry_delay: std::time::Duration::from_millis(10),
        ..MockConfig::default()
    })
    .await
    .unwrap();
    // 201 is not 200: Workable counts it as a failure too.
    let (target, received) = receiver(&[500, 201]).await;
    account_client(&mock)
        .create_subscription(&moved_into_assessment(&target))
        .await
        .unwrap();

    let attempts = mock.move_candidate("ce4da98", "assessment").await.unwrap();
    let statuses: Vec<_> = attempts.iter().map(|attempt| attempt.status).collect();
    assert_eq!(statuses, [Some(500), Some(201), Some(200)]);
    assert_eq!(received.lock().unwrap().len(), 3);
    assert_eq!(mock.deliveries().len(), 3);
}

#[tokio::test]
async fn a_move_through_the_api_also_notifies() {
    let mock = WorkableMock::start().await.unwrap();
    let (target, received) = receiver(&[]).await;
    let client = account_client(&mock);
    client
        .create_subscription(&moved_into_assessment(&target))
        .await
        .unwrap();
    client
        .move_candidate("ce4da98", WorkableMock::MEMBER_ID, "assessment")
        .await
        .unwrap();
    // The API answers first and delivers after, as Workable does.
    for _ in 0..100 {
        if !received.lock().unwrap().is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(received.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn http_hooks_drive_the_mock_for_browser_tests() {
    // A short rate window, so that the forced 429 below is over soon.
    let mock = WorkableMock::start_with(MockConfig {
        rate_window: std::time::Duration::from_secs(1),
        ..MockConfig::default()
    })
    .await
    .unwrap();
    let (target, received) = receiver(&[]).await;
    account_client(&mock)
        .create_subscription(&NewSubscription {
            job_shortcode: "ACME002".into(),
            ..moved_into_assessment(&target)
        })
        .await
        .unwrap();
    let http = reqwest::Client::new();
    let hook = |path: &str| format!("{}/test/{path}", mock.url());

    let added: Value = http
        .post(hook("candidates"))
        .json(&json!({
            "firstname": "Linus", "lastname": "Torvalds", "email": "linus@example.com",
            "job_shortcode": "ACME002", "stage_slug": "applied"
        }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = added["candidate"]["id"].as_str().unwrap().to_owned();
    assert_eq!(added["candidate"]["stage"], "Applied");

    let moved: Value = http
        .post(hook(&format!("candidates/{id}/move")))
        .json(&json!({"stage_slug": "assessment"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(moved["deliveries"][0]["status"], 200);
    assert_eq!(received.lock().unwrap().len(), 1);

    let delivered: Value = http
        .post(hook("deliver"))
        .json(&json!({"candidate_id": id}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(delivered["deliveries"].as_array().unwrap().len(), 1);

    let unknown_stage = http
        .post(hook(&format!("candidates/{id}/move")))
        .json(&json!({"stage_slug": "nope"}))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown_stage.status(), 422);

    let burst = http
        .post(hook("rate-limit/burst"))
        .json(&json!({"count": 1}))
        .send()
        .await
        .unwrap();
    assert_eq!(burst.status(), 200);
    assert!(
        account_client(&mock).list_members().await.is_ok(),
        "a forced 429 is sat out"
    );

    let log: Value = http
        .get(hook("requests"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let statuses: Vec<_> = log["requests"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|request| request["path"] == "/spi/v3/members")
        .map(|request| request["status"].as_u64().unwrap())
        .collect();
    assert_eq!(statuses, [429, 200]);

    let expired: Value = http
        .post(hook("tokens/expire"))
        .json(&json!({"token": WorkableMock::ACCOUNT_TOKEN}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(expired["expired"], 1);
    assert!(
        account_client(&mock)
            .list_members()
            .await
            .unwrap_err()
            .is_unauthorized()
    );
}
