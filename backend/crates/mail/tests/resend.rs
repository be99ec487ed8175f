use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tali_mail::mock::{ResendMock, ScriptedFailure};
use tali_mail::{Email, MailError, ResendTransport, RetryPolicy, Tag, Transport};

const FROM: &str = "TALI <no-reply@tali.test>";

/// Fast backoff so retry tests take milliseconds unless the server asks for longer.
fn transport(mock: &ResendMock) -> ResendTransport {
    ResendTransport::new(ResendMock::API_KEY, &mock.url(), FROM)
        .unwrap()
        .with_retry_policy(RetryPolicy {
            max_attempts: 3,
            base_delay: Duration::from_millis(10),
            max_wait: Duration::from_secs(5),
        })
}

fn email() -> Email {
    Email {
        to: "ada@example.com".into(),
        subject: "Your assessment".into(),
        html: "<p>Hello</p>".into(),
        text: "Hello".into(),
        idempotency_key: Some("assessment-invite/42".into()),
        tags: vec![Tag::new("kind", "invitation").unwrap()],
    }
}

fn status(error: &MailError) -> Option<u16> {
    match error {
        MailError::Permanent(failure) | MailError::Transient(failure) => failure.status,
        MailError::Config(_) => None,
    }
}

#[tokio::test]
async fn sends_the_documented_request() {
    let mock = ResendMock::start().await.unwrap();
    let receipt = transport(&mock).send(&email()).await.unwrap();

    let emails = mock.emails();
    assert_eq!(emails.len(), 1);
    assert_eq!(receipt.provider_id.as_deref(), Some(emails[0].id.as_str()));
    assert_eq!(
        emails[0].idempotency_key.as_deref(),
        Some("assessment-invite/42")
    );
    assert_eq!(
        emails[0].payload,
        json!({
            "from": FROM,
            "to": ["ada@example.com"],
            "subject": "Your assessment",
            "html": "<p>Hello</p>",
            "text": "Hello",
            "tags": [{"name": "kind", "value": "invitation"}],
        })
    );
    let request = &mock.requests()[0];
    assert_eq!(request.header("authorization"), Some("Bearer re_mock_key"));
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(
        request.header("idempotency-key"),
        Some("assessment-invite/42")
    );
    assert!(
        request
            .header("user-agent")
            .is_some_and(|ua| ua.starts_with("tali-mail/"))
    );
}

#[tokio::test]
async fn without_a_key_no_idempotency_header_is_sent() {
    let mock = ResendMock::start().await.unwrap();
    let email = Email {
        idempotency_key: None,
        tags: Vec::new(),
        ..email()
    };
    transport(&mock).send(&email).await.unwrap();
    let request = &mock.requests()[0];
    assert_eq!(request.header("idempotency-key"), None);
    let body: Value = serde_json::from_str(&request.body).unwrap();
    assert!(body.get("tags").is_none());
}

#[tokio::test]
async fn idempotent_replay_returns_the_first_id_and_a_changed_payload_is_refused() {
    let mock = ResendMock::start().await.unwrap();
    let transport = transport(&mock);
    let first = transport.send(&email()).await.unwrap();
    let replay = transport.send(&email()).await.unwrap();
    assert_eq!(first, replay);
    assert_eq!(mock.emails().len(), 1);

    let changed = Email {
        subject: "Another subject".into(),
        ..email()
    };
    let error = transport.send(&changed).await.unwrap_err();
    assert!(matches!(error, MailError::Permanent(_)), "{error}");
    assert_eq!(status(&error), Some(409));
    assert!(error.to_string().contains("invalid_idempotent_request"));
    assert_eq!(
        mock.requests().len(),
        3,
        "a 409 for a different payload is not retried"
    );
}

#[tokio::test]
async fn rate_limit_is_retried_after_the_servers_delay() {
    let mock = ResendMock::start().await.unwrap();
    mock.fail_next(
        1,
        ScriptedFailure::RateLimited {
            retry_after_secs: 1,
        },
    );
    let started = Instant::now();
    let receipt = transport(&mock).send(&email()).await.unwrap();

    assert!(receipt.provider_id.is_some());
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "retry-after was not honoured"
    );
    let statuses: Vec<u16> = mock.requests().iter().map(|r| r.status).collect();
    assert_eq!(statuses, [429, 200]);
    assert_eq!(mock.emails().len(), 1);
}

#[tokio::test]
async fn gives_up_after_three_attempts_with_a_transient_error() {
    let mock = ResendMock::start().await.unwrap();
    mock.fail_next(
        5,
        ScriptedFailure::RateLimited {
            retry_after_secs: 0,
        },
    );
    let error = transport(&mock).send(&email()).await.unwrap_err();
    assert!(error.is_transient(), "{error}");
    assert_eq!(status(&error), Some(429));
    assert_eq!(mock.requests().len(), 3);
}

#[tokio::test]
async fn a_wait_longer_than_allowed_ends_the_call_at_once() {
    let mock = ResendMock::start().await.unwrap();
    mock.fail_next(
        1,
        ScriptedFailure::RateLimited {
            retry_after_secs: 60,
        },
    );
    let started = Instant::now();
    let error = transport(&mock).send(&email()).await.unwrap_err();
    assert!(error.is_transient());
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(mock.requests().len(), 1);
}

#[tokio::test]
async fn server_errors_are_retried_with_backoff() {
    let mock = ResendMock::start().await.unwrap();
    mock.fail_next(1, ScriptedFailure::ServerError);
    mock.fail_next(1, ScriptedFailure::BadGateway);
    transport(&mock).send(&email()).await.unwrap();
    let statuses: Vec<u16> = mock.requests().iter().map(|r| r.status).collect();
    assert_eq!(statuses, [500, 502, 200]);
}

#[tokio::test]
async fn a_non_json_error_body_is_reported_by_status() {
    let mock = ResendMock::start().await.unwrap();
    mock.fail_next(3, ScriptedFailure::BadGateway);
    let error = transport(&mock).send(&email()).await.unwrap_err();
    assert!(error.is_transient());
    assert_eq!(status(&error), Some(502));
    assert!(
        error.to_string().contains("non-JSON body: <html>"),
        "{error}"
    );
}

#[tokio::test]
async fn validation_errors_are_permanent_and_not_retried() {
    let mock = ResendMock::start().await.unwrap();
    let no_subject = Email {
        subject: String::new(),
        ..email()
    };
    let error = transport(&mock).send(&no_subject).await.unwrap_err();
    assert!(matches!(error, MailError::Permanent(_)), "{error}");
    assert_eq!(status(&error), Some(422));
    assert!(error.to_string().contains("missing_required_field"));
    assert!(error.to_string().contains("not retried"));
    assert_eq!(mock.requests().len(), 1);
    assert!(mock.emails().is_empty());
}

#[tokio::test]
async fn a_wrong_api_key_is_permanent() {
    let mock = ResendMock::start().await.unwrap();
    let transport = ResendTransport::new("re_wrong", &mock.url(), FROM).unwrap();
    let error = transport.send(&email()).await.unwrap_err();
    assert!(matches!(error, MailError::Permanent(_)));
    assert_eq!(status(&error), Some(403));
    assert!(error.to_string().contains("invalid_api_key"));
    assert_eq!(mock.requests().len(), 1);
}

#[tokio::test]
async fn mock_requires_a_bearer_key() {
    let mock = ResendMock::start().await.unwrap();
    let response = reqwest::Client::new()
        .post(format!("{}/emails", mock.url()))
        .json(&json!({"from": FROM, "to": "a@b.c", "subject": "s", "text": "t"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["name"], "missing_api_key");
    assert_eq!(body["statusCode"], 401);
}

#[tokio::test]
async fn an_unreachable_server_is_transient() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let transport = ResendTransport::new("re_x", &format!("http://127.0.0.1:{port}"), FROM)
        .unwrap()
        .with_retry_policy(RetryPolicy {
            base_delay: Duration::from_millis(1),
            ..RetryPolicy::default()
        });
    let error = transport.send(&email()).await.unwrap_err();
    assert!(error.is_transient(), "{error}");
    assert!(error.to_string().contains("cannot connect"), "{error}");
}
