//! Email delivery from the outbox: kept in the outbox without a service, sent through Resend or SMTP when one
//! is configured. Retries and failures of the delivery job are in tests/jobs.rs.

use crate::common::TestApp;
use reqwest::Method;
use tali_mail::mock::{ResendMock, SmtpMock};

#[tokio::test]
async fn without_a_service_mail_stays_in_the_outbox() {
    let app = TestApp::spawn().await;
    app.seed().await;
    let token = app.recruiter("outbox@example.com").await;
    app.create_assessment(&token, "cand@example.com").await;
    let rows = app.settled_outbox().await;
    assert_eq!(rows[0].status, "stored");
    assert_eq!(rows[0].transport, "outbox");
    let listed = app
        .json_ok(Method::GET, "/api/v1/emails", &token, None, 200)
        .await;
    assert_eq!(listed["items"][0]["status"], "stored");
}

#[tokio::test]
async fn invitations_go_out_through_resend_once() {
    let resend = ResendMock::start().await.unwrap();
    let url = resend.url();
    let app = TestApp::spawn_with(&[
        ("RESEND_API_KEY", ResendMock::API_KEY),
        ("RESEND_API_URL", url.as_str()),
    ])
    .await;
    app.seed().await;
    let token = app.recruiter("resend@example.com").await;
    let created = app.create_assessment(&token, "cand@example.com").await;
    let rows = app.settled_outbox().await;
    assert_eq!(rows[0].status, "sent", "{:?}", rows[0].last_error);
    assert_eq!(rows[0].transport, "resend");
    assert!(rows[0].provider_id.is_some());

    let emails = resend.emails();
    assert_eq!(emails.len(), 1);
    assert_eq!(emails[0].payload["to"][0], "cand@example.com");
    let link = format!("#/assess/{}", created["token"].as_str().unwrap());
    assert!(emails[0].payload["html"].as_str().unwrap().contains(&link));
    assert!(emails[0].payload["text"].as_str().unwrap().contains(&link));
    assert_eq!(
        emails[0].idempotency_key.as_deref(),
        Some(rows[0].idempotency_key.as_str()),
        "the outbox key makes a retried send idempotent"
    );
}

#[tokio::test]
async fn smtp_delivers_both_parts() {
    let smtp = SmtpMock::start().await.unwrap();
    let url = smtp.url();
    let app = TestApp::spawn_with(&[("SMTP_URL", url.as_str())]).await;
    app.register("smtp@example.com").await;
    app.post_json(
        "/api/v1/auth/forgot-password",
        &serde_json::json!({"email": "smtp@example.com"}),
    )
    .await;
    let rows = app.settled_outbox().await;
    assert_eq!(rows[0].status, "sent", "{:?}", rows[0].last_error);
    assert_eq!(rows[0].transport, "smtp");
    let messages = smtp.messages();
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0].recipients, ["smtp@example.com"]);
    assert!(messages[0].data.contains("text/plain"));
    assert!(messages[0].data.contains("text/html"));
}
