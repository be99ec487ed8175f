//! With `SENTRY_DSN` set, internal errors (with the log lines before them) and panics reach Sentry: a local
//! server that speaks Sentry's envelope endpoint receives them. Its own test binary, because it installs the
//! process's one tracing subscriber.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::IntoResponse;
use axum::routing::post;
use tali::config::{Env, LogFormat, Settings};
use tali::error::ApiError;
use tali::telemetry;

/// What the mock received: the project id, the `X-Sentry-Auth` header and the envelope.
type Received = Arc<Mutex<Vec<(String, String, String)>>>;

async fn envelope(
    State(received): State<Received>,
    Path(project): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> &'static str {
    let auth = headers
        .get("x-sentry-auth")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let body = String::from_utf8_lossy(&body).into_owned();
    received.lock().unwrap().push((project, auth, body));
    "{}"
}

#[tokio::test(flavor = "multi_thread")]
async fn internal_errors_and_panics_are_reported() {
    let received = Received::default();
    let mock = Router::new()
        .route("/api/{project}/envelope/", post(envelope))
        .with_state(received.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move { axum::serve(listener, mock).await });

    let dsn = format!("http://publickey@127.0.0.1:{port}/42");
    let data_dir =
        std::env::temp_dir().join(format!("tali-reporting-{}", uuid::Uuid::new_v4().simple()));
    let data_dir = data_dir.display().to_string();
    let settings = Settings::from_env(&Env::from_pairs([
        ("SENTRY_DSN", dsn.as_str()),
        ("TALI_DATA_DIR", data_dir.as_str()),
        (
            "SECRET_KEY",
            "test-secret-key-that-is-long-enough-0123456789",
        ),
    ]))
    .unwrap();
    let reporting = telemetry::init_error_reporting(&settings).expect("reporting is on");
    telemetry::init_logging(LogFormat::Pretty, &settings.server.log_filter, true);

    tracing::info!("loading the candidate's report");
    let response = ApiError::Internal(anyhow::anyhow!("the database went away")).into_response();
    assert_eq!(response.status(), 500);
    let panicked = std::panic::catch_unwind(|| panic!("a handler panicked"));
    assert!(panicked.is_err());
    tracing::warn!("not an error: only a breadcrumb for a later event");

    // The transport sends from its own thread; flushing blocks until it has.
    let flushed =
        tokio::task::spawn_blocking(move || reporting.flush(Some(Duration::from_secs(10))))
            .await
            .unwrap();
    assert!(flushed, "the reports were not delivered");

    let received = received.lock().unwrap().clone();
    assert_eq!(received.len(), 2, "one event per failure: {received:#?}");
    for (project, auth, _) in &received {
        assert_eq!(project, "42");
        assert!(auth.contains("sentry_key=publickey"), "{auth}");
    }
    let error = &received
        .iter()
        .find(|(_, _, body)| body.contains("the database went away"))
        .expect("the internal error was reported")
        .2;
    assert!(error.contains("internal error"), "{error}");
    assert!(
        error.contains("loading the candidate's report"),
        "the log line before it is a breadcrumb: {error}"
    );
    assert!(error.contains("\"environment\":\"development\""), "{error}");
    assert!(
        received
            .iter()
            .any(|(_, _, body)| body.contains("a handler panicked")),
        "the panic was reported"
    );
    let _ = std::fs::remove_dir_all(data_dir);
}
