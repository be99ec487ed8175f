//! Retries against a scripted server: 5xx is retried for reads and moves but not for comments, a refused
//! connection is retried, and every retry is bounded.

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::http::StatusCode;
use axum::routing::any;
use tali_workable::{ApiSettings, Credentials, NewComment, WorkableClient, WorkableError};
use tokio::net::TcpListener;

use crate::common::fast_retry;

/// Answers with the scripted statuses in turn, then 200 `{"members": []}`; counts the requests.
struct Scripted {
    address: SocketAddr,
    hits: Arc<Mutex<usize>>,
}

async fn scripted(statuses: &[u16]) -> Scripted {
    let script = Arc::new(Mutex::new(
        statuses.iter().copied().collect::<VecDeque<_>>(),
    ));
    let hits = Arc::new(Mutex::new(0));
    let counter = Arc::clone(&hits);
    let app = Router::new().fallback(any(move || {
        let script = Arc::clone(&script);
        let counter = Arc::clone(&counter);
        async move {
            *counter.lock().unwrap() += 1;
            match script.lock().unwrap().pop_front() {
                Some(status) => (
                    StatusCode::from_u16(status).unwrap(),
                    r#"{"error":"scripted"}"#,
                ),
                None => (StatusCode::OK, r#"{"members":[]}"#),
            }
        }
    }));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    Scripted { address, hits }
}

fn client(base_url: String) -> WorkableClient {
    let settings = ApiSettings {
        base_url: Some(base_url),
        retry: fast_retry(),
        ..ApiSettings::default()
    };
    WorkableClient::new(&settings, "acme", Credentials::account_token("t")).unwrap()
}

#[tokio::test]
async fn reads_are_retried_through_server_errors() {
    let server = scripted(&[503, 502]).await;
    let members = client(format!("http://{}", server.address))
        .list_members()
        .await
        .unwrap();
    assert!(members.is_empty());
    assert_eq!(*server.hits.lock().unwrap(), 3);
}

#[tokio::test]
async fn retries_are_bounded() {
    let server = scripted(&[500, 500, 500, 500]).await;
    let error = client(format!("http://{}", server.address))
        .list_members()
        .await
        .unwrap_err();
    assert!(
        matches!(&error, WorkableError::Upstream { status: 500, message } if message == "scripted"),
        "{error:?}"
    );
    assert!(error.is_transient());
    assert_eq!(*server.hits.lock().unwrap(), 3);
}

#[tokio::test]
async fn a_comment_is_not_repeated_after_a_server_error() {
    let server = scripted(&[503]).await;
    let comment = NewComment {
        body: "Scored 82/100".into(),
        ..NewComment::default()
    };
    let error = client(format!("http://{}", server.address))
        .comment_on_candidate("ce4da98", "13e0eb0e", &comment)
        .await
        .unwrap_err();
    assert!(
        matches!(error, WorkableError::Upstream { status: 503, .. }),
        "{error:?}"
    );
    assert_eq!(
        *server.hits.lock().unwrap(),
        1,
        "the comment may exist already"
    );
}

#[tokio::test]
async fn a_refused_connection_is_retried_then_reported_as_unavailable() {
    // Bind and drop to find a port nobody listens on.
    let port = TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let error = client(format!("http://127.0.0.1:{port}"))
        .comment_on_candidate("c", "m", &NewComment::default())
        .await
        .unwrap_err();
    assert!(
        matches!(error, WorkableError::Unavailable { .. }),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "Workable could not be reached; please try again shortly"
    );
}
