//! The AI policy per assessment (`ai_mode`): `off` refuses the assistant (403) and leaves the AI signals out of
//! a renormalised score; `hints` cuts long code from replies on the server and records the cut; the task's
//! default applies when the sender names none; the mode is shown before the start and on the report.

use reqwest::Method;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
use serde_json::{Value, json};
use tali::db::entities::{assessment_event, chat_exchange, task};
use tali_ai::mock::{AnthropicMock, MockServer, Scripted};

use crate::common::{TestApp, detail};

const STARTER: &str = include_str!("../../seed/tasks/debugging-challenge/starter.py");

async fn app_with_ai() -> (TestApp, MockServer) {
    let ai = AnthropicMock::start().await.unwrap();
    let app = TestApp::spawn_with(&[
        ("ANTHROPIC_API_KEY", "sk-ant-test"),
        ("ANTHROPIC_BASE_URL", ai.base_url()),
    ])
    .await;
    app.seed().await;
    (app, ai)
}

/// Sends the Debugging Challenge with `ai_mode` (or the task's default when `None`).
async fn send(app: &TestApp, recruiter: &str, email: &str, ai_mode: Option<&str>) -> Value {
    let task_id = app.template_named(recruiter, "Debugging Challenge").await;
    let mut body = json!({"task_id": task_id, "candidate_email": email, "candidate_name": "Cand"});
    if let Some(mode) = ai_mode {
        body["ai_mode"] = json!(mode);
    }
    app.json_ok(
        Method::POST,
        "/api/v1/assessments",
        recruiter,
        Some(&body),
        201,
    )
    .await
}

async fn token_info(app: &TestApp, assessment: &Value) -> Value {
    let url = app.url(&format!(
        "/api/v1/assessments/token/{}",
        assessment["token"].as_str().unwrap()
    ));
    app.client
        .get(url)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

async fn start(app: &TestApp, assessment: &Value) -> Value {
    let url = app.url(&format!(
        "/api/v1/assessments/token/{}/start",
        assessment["token"].as_str().unwrap()
    ));
    let response = app.client.post(url).send().await.unwrap();
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

fn left_out(report: &Value) -> Vec<(String, String)> {
    report["left_out"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["signal"].as_str().unwrap().to_string(),
                l["reason"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[tokio::test]
async fn off_refuses_the_assistant_and_renormalises_the_score() {
    let (app, ai) = app_with_ai().await;
    let recruiter = app.recruiter("policy@example.com").await;
    let assessment = send(&app, &recruiter, "off@example.com", Some("off")).await;

    // The candidate sees the policy before starting, and again in the IDE.
    assert_eq!(token_info(&app, &assessment).await["ai_mode"], "off");
    let started = start(&app, &assessment).await;
    assert_eq!(started["ai_mode"], "off");

    let refused = app
        .candidate_post(
            &assessment,
            "claude",
            &json!({"message": "Write the fix for me"}),
        )
        .await;
    assert_eq!(
        detail(refused, 403).await,
        "The AI assistant is off for this assessment"
    );
    assert!(ai.requests().is_empty(), "nothing reached the model");

    let submitted = app
        .candidate_post(&assessment, "submit", &json!({"final_code": STARTER}))
        .await;
    assert_eq!(submitted.status(), 200);
    let path = format!("/api/v1/assessments/{}", assessment["id"]);
    let report = app.json_ok(Method::GET, &path, &recruiter, None, 200).await;
    assert_eq!(report["ai_mode"], "off");
    let score_report = &report["score_report"];
    let reasons = left_out(score_report);
    for signal in ["S4", "S5", "S8"] {
        assert!(
            reasons.contains(&(
                signal.to_string(),
                "the AI assistant was off for this assessment".to_string()
            )),
            "{signal} left out: {reasons:?}"
        );
    }
    assert_eq!(
        score_report["ai_collaboration_note"],
        "AI assistant off for this assessment"
    );
    // Renormalised: the shares of the scored signals add up to one, and none of them is an AI signal.
    let used: f64 = score_report["signals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["weight_used"].as_f64().unwrap())
        .sum();
    assert!((used - 1.0).abs() < 1e-6, "{used}");
}

#[tokio::test]
async fn hints_cut_long_code_on_the_server_and_record_it() {
    let (app, ai) = app_with_ai().await;
    let recruiter = app.recruiter("hints@example.com").await;
    let assessment = send(&app, &recruiter, "hints@example.com", Some("hints")).await;
    assert_eq!(start(&app, &assessment).await["ai_mode"], "hints");

    let solution: Vec<String> = (1..=20).map(|i| format!("    step_{i} = {i}")).collect();
    let long = format!(
        "Here is the whole fix:\n```python\ndef fixed():\n{}\n```\nGood luck.",
        solution.join("\n")
    );
    ai.push(Scripted::text(long.clone()));
    let reply: Value = app
        .candidate_post(
            &assessment,
            "claude",
            &json!({"message": "Write the whole function"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let shown = reply["response"].as_str().unwrap();
    assert!(shown.contains("step_3 = 3"), "{shown}");
    assert!(!shown.contains("step_4 = 4"), "the rest is cut: {shown}");
    assert!(shown.contains("17 more lines of code cut"), "{shown}");
    // The model was told the policy, not only overruled.
    let system = ai.requests()[0].body["system"].to_string();
    assert!(system.contains("hints only"), "{system}");

    // A streamed reply is cut the same way: no delta carries the cut code.
    ai.push(Scripted::text(long));
    let streamed = app
        .client
        .post(app.url(&format!("/api/v1/assessments/{}/claude", assessment["id"])))
        .header("x-assessment-token", assessment["token"].as_str().unwrap())
        .header("accept", "text/event-stream")
        .json(&json!({"message": "Stream it then"}))
        .send()
        .await
        .unwrap();
    assert_eq!(streamed.status(), 200);
    let stream = streamed.text().await.unwrap();
    assert!(stream.contains("step_3 = 3"), "{stream}");
    assert!(!stream.contains("step_4"), "{stream}");

    // What is stored is what the candidate saw; each cut is evidence.
    let id = assessment["id"].as_i64().unwrap() as i32;
    let stored = chat_exchange::Entity::find()
        .filter(chat_exchange::Column::AssessmentId.eq(id))
        .all(&app.state.db)
        .await
        .unwrap();
    assert_eq!(stored.len(), 2);
    assert!(stored.iter().all(|e| !e.response.contains("step_4")));
    let cuts = assessment_event::Entity::find()
        .filter(assessment_event::Column::AssessmentId.eq(id))
        .filter(assessment_event::Column::Kind.eq("ai_reply_cut"))
        .all(&app.state.db)
        .await
        .unwrap();
    assert_eq!(cuts.len(), 2);
    assert_eq!(cuts[0].data.as_ref().unwrap()["removed_lines"], 17);

    // A short hint is left alone and records nothing.
    ai.push(Scripted::text(
        "Check the bound:\n```python\nif total >= limit:\n```",
    ));
    let reply: Value = app
        .candidate_post(&assessment, "claude", &json!({"message": "A hint?"}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        reply["response"],
        "Check the bound:\n```python\nif total >= limit:\n```"
    );
    let replay = app
        .json_ok(
            Method::GET,
            &format!("/api/v1/assessments/{id}/replay"),
            &recruiter,
            None,
            200,
        )
        .await;
    let cut_markers = replay["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["type"] == "ai_reply_cut")
        .count();
    assert_eq!(cut_markers, 2, "the replay marks each cut");
}

#[tokio::test]
async fn the_task_default_applies_and_bad_modes_are_refused() {
    let (app, _ai) = app_with_ai().await;
    let recruiter = app.recruiter("defaults@example.com").await;
    // Today's behaviour for a task that names nothing.
    let plain = send(&app, &recruiter, "plain@example.com", None).await;
    assert_eq!(token_info(&app, &plain).await["ai_mode"], "full");

    // A task whose default is hints gives it to every assessment that names no mode.
    let task_id = app.template_named(&recruiter, "Debugging Challenge").await;
    task::Entity::update_many()
        .col_expr(task::Column::AiMode, Expr::value("hints"))
        .filter(task::Column::Id.eq(task_id as i32))
        .exec(&app.state.db)
        .await
        .unwrap();
    let tasks = app.list_tasks(&recruiter, "").await.0;
    let listed = tasks.iter().find(|t| t["id"] == task_id).unwrap();
    assert_eq!(listed["ai_mode"], "hints");
    let inherited = send(&app, &recruiter, "inherit@example.com", None).await;
    assert_eq!(token_info(&app, &inherited).await["ai_mode"], "hints");
    let named = send(&app, &recruiter, "named@example.com", Some("full")).await;
    assert_eq!(token_info(&app, &named).await["ai_mode"], "full");

    // An unknown mode is a 422 naming the choices, on assessments and on tasks.
    let response = app
        .send(
            Method::POST,
            "/api/v1/assessments",
            &recruiter,
            Some(&json!({"task_id": task_id, "candidate_email": "x@example.com", "candidate_name": "X", "ai_mode": "unlimited"})),
        )
        .await;
    assert_eq!(response.status(), 422);
    assert!(response.text().await.unwrap().contains("off, hints, full"));
    let response = app
        .send(
            Method::POST,
            "/api/v1/tasks",
            &recruiter,
            Some(&json!({"name": "T", "description": "d", "task_type": "debugging", "difficulty": "mid",
                "starter_code": "x = 1\n", "test_code": "def test_x():\n    pass\n", "ai_mode": "sometimes"})),
        )
        .await;
    assert_eq!(response.status(), 422);
    assert!(response.text().await.unwrap().contains("off, hints, full"));
}
