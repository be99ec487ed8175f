//! One source per figure (issue 22): a session graded end to end, then every view of it read back and compared
//! with the engine's stored report: the Signals panel and the AI Usage tab (the detail API they read), the PDF's
//! own text, the results email, the analytics and the reference client's `breakdown`. The organization reads
//! times in Europe/Berlin, so the PDF and the email show that zone's clock too.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use reqwest::Method;
use serde_json::{Value, json};
use tali_ai::mock::AnthropicMock;
use tali_scoring::{ScoreReport, SignalId, SignalStatus};

use crate::common::TestApp;

const REFERENCE: &str = include_str!("../../seed/tasks/debugging-challenge/reference.py");
const STARTER: &str = include_str!("../../seed/tasks/debugging-challenge/starter.py");

/// How every view shows a score: one decimal, as the engine's tenths.
fn one_decimal(x: f64) -> String {
    format!("{x:.1}")
}

/// The web app's and the PDF's label for a signal's state.
fn shown(status: &SignalStatus) -> String {
    match status {
        SignalStatus::Scored { score } => one_decimal(score.as_f64()),
        SignalStatus::NotApplicable { .. } => "Not applicable".into(),
        _ => "Not enough evidence".into(),
    }
}

#[tokio::test]
async fn every_view_shows_the_engines_figures() {
    let ai = AnthropicMock::start().await.unwrap();
    let base = ai.base_url().to_string();
    let app = TestApp::spawn_with(&[
        ("ANTHROPIC_API_KEY", "sk-ant-test"),
        ("ANTHROPIC_BASE_URL", base.as_str()),
    ])
    .await;
    app.seed().await;
    let recruiter = app.recruiter("figures@example.com").await;
    let zone = app
        .json_ok(
            Method::PATCH,
            "/api/v1/organizations/me",
            &recruiter,
            Some(&json!({"time_zone": "Europe/Berlin"})),
            200,
        )
        .await;
    assert_eq!(zone["time_zone"], "Europe/Berlin");
    let task_id = app.template_named(&recruiter, "Debugging Challenge").await;
    let created = app
        .json_ok(
            Method::POST,
            "/api/v1/assessments",
            &recruiter,
            Some(&json!({"task_id": task_id, "candidate_email": "fig@example.com", "candidate_name": "Fig Ure"})),
            201,
        )
        .await;
    let id = created["id"].as_i64().unwrap();
    app.start_assessment(&created).await;
    let call = |action: &'static str, body: Value| {
        let app = &app;
        let created = &created;
        async move {
            let r = app.candidate_post(created, action, &body).await;
            assert_eq!(r.status(), 200, "{action}");
        }
    };
    call("tests", json!({"code": STARTER})).await;
    call(
        "claude",
        json!({"message": "Why does order_total fail on a missing quantity?"}),
    )
    .await;
    call(
        "claude",
        json!({"message": "Should order_total default quantity to 1 or raise?"}),
    )
    .await;
    call("tests", json!({"code": REFERENCE})).await;
    call("submit", json!({"final_code": REFERENCE})).await;

    // The engine's report, as stored: the one source.
    let detail = app
        .json_ok(
            Method::GET,
            &format!("/api/v1/assessments/{id}"),
            &recruiter,
            None,
            200,
        )
        .await;
    let report: ScoreReport = serde_json::from_value(detail["score_report"].clone()).unwrap();
    let overall = report.overall().expect("graded");
    let signal = |id: SignalId| report.signal(id).unwrap();

    // Signals panel and sub-scores: the detail API's columns are the engine's values.
    assert_eq!(detail["score"].as_f64(), Some(overall));
    assert_eq!(
        detail["code_quality_score"].as_f64(),
        signal(SignalId::CodeQuality).score()
    );
    assert_eq!(
        detail["time_efficiency_score"].as_f64(),
        signal(SignalId::TimeEfficiency).score()
    );
    // AI Usage tab: the AI-collaboration figure and S4, S5, S8 with the engine's states and reasons.
    assert_eq!(detail["ai_usage_score"].as_f64(), report.ai_collaboration());
    for id in SignalId::AI_COLLABORATION {
        let s = detail["score_report"]["signals"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["id"] == id.code())
            .unwrap();
        assert_eq!(
            s["status"],
            serde_json::to_value(&signal(id).status).unwrap()
        );
        assert_eq!(s["title"], signal(id).title);
    }
    // The short session is not enough evidence for the process signals, and says so in every view below.
    assert!(matches!(
        signal(SignalId::Debugging).status,
        SignalStatus::Insufficient { .. }
    ));

    // The reference client's breakdown.
    let breakdown = &detail["breakdown"];
    assert_eq!(
        breakdown["codeQuality"].as_f64(),
        signal(SignalId::CodeQuality).score()
    );
    assert_eq!(
        breakdown["timeEfficiency"].as_f64(),
        signal(SignalId::TimeEfficiency).score()
    );
    assert_eq!(breakdown["aiUsage"].as_f64(), report.ai_collaboration());

    // Analytics: the only completed assessment, so its mean and top score are this overall.
    let analytics = app
        .json_ok(Method::GET, "/api/v1/analytics", &recruiter, None, 200)
        .await;
    for key in ["average_score", "avg_score", "top_score"] {
        assert_eq!(analytics[key].as_f64(), Some(overall), "{key}");
    }

    // The PDF, read back from its own text: each signal's id, then its verdict; the overall; Berlin's clock.
    let pdf = app
        .send(
            Method::GET,
            &format!("/api/v1/assessments/{id}/report.pdf"),
            &recruiter,
            None,
        )
        .await;
    assert_eq!(pdf.status(), 200);
    let runs = tali_report::text_runs(&pdf.bytes().await.unwrap()).unwrap();
    for s in &report.signals {
        let at = runs
            .iter()
            .position(|r| r == s.id.code())
            .unwrap_or_else(|| panic!("{} in the PDF", s.id.code()));
        assert_eq!(runs[at + 1], shown(&s.status), "{} in the PDF", s.id.code());
        assert!(
            runs[at + 2..].iter().take(3).any(|r| r.contains(&s.title)),
            "{} titled {}",
            s.id.code(),
            s.title
        );
    }
    assert!(
        runs.iter().any(|r| r.contains(&one_decimal(overall))),
        "the overall in the PDF"
    );
    let completed: DateTime<Utc> = detail["completed_at"].as_str().unwrap().parse().unwrap();
    let berlin = tali::domain::time_zone::date_time(completed, Tz::Europe__Berlin);
    assert!(
        berlin.ends_with("CET") || berlin.ends_with("CEST"),
        "{berlin}"
    );
    assert!(
        runs.iter().any(|r| r.contains(&berlin)),
        "completed at {berlin} in the PDF: {runs:?}"
    );
    assert!(
        runs.iter()
            .any(|r| r.starts_with("TALI assessment report, ") && r.contains("CE")),
        "dated in Berlin"
    );

    // The results email: the same overall and Berlin's clock.
    let email = app
        .settled_outbox()
        .await
        .into_iter()
        .find(|e| e.kind == "results")
        .expect("a results email");
    assert!(
        email
            .subject
            .ends_with(&format!("{} / 10", one_decimal(overall))),
        "{}",
        email.subject
    );
    assert!(
        email
            .text
            .contains(&format!("Score: {} / 10", one_decimal(overall))),
        "{}",
        email.text
    );
    assert!(
        email.text.contains(&format!("Submitted: {berlin}")),
        "{}",
        email.text
    );
}

#[tokio::test]
async fn the_time_zone_is_an_iana_name_set_by_an_admin() {
    let app = TestApp::spawn().await;
    app.seed().await;
    let owner = app.recruiter("zone@example.com").await;
    let me = app
        .json_ok(Method::GET, "/api/v1/organizations/me", &owner, None, 200)
        .await;
    assert_eq!(me["time_zone"], "UTC", "UTC until someone sets it");
    for bad in [
        json!("Mars/Olympus"),
        json!("+02:00"),
        json!(""),
        json!(7),
        json!("x".repeat(65)),
    ] {
        let r = app
            .send(
                Method::PATCH,
                "/api/v1/organizations/me",
                &owner,
                Some(&json!({"time_zone": bad})),
            )
            .await;
        let status = r.status().as_u16();
        let body: Value = r.json().await.unwrap();
        assert!((400..500).contains(&status), "{bad}: {status}");
        assert!(body["detail"].is_string(), "{bad}: {body}");
    }
    let me = app
        .json_ok(Method::GET, "/api/v1/organizations/me", &owner, None, 200)
        .await;
    assert_eq!(me["time_zone"], "UTC", "a refused zone changes nothing");
    let set = app
        .json_ok(
            Method::PATCH,
            "/api/v1/organizations/me",
            &owner,
            Some(&json!({"time_zone": " Asia/Tokyo "})),
            200,
        )
        .await;
    assert_eq!(set["time_zone"], "Asia/Tokyo");
}
