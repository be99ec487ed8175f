//! "Generate with AI" against the mock Anthropic server and the real local sandbox: a good draft comes back
//! proven; broken JSON is a 502; a draft whose reference fails is repaired with the failure fed back; a draft that
//! never passes is a 422 with the reason; without a provider, 503. Nothing is saved.

use crate::common::{TestApp, detail};
use reqwest::Method;
use serde_json::{Value, json};
use tali_ai::mock::{AnthropicMock, MockServer, Scripted};
use tali_ai::sample_drafts;

async fn app_with_ai() -> (TestApp, MockServer, String) {
    let ai = AnthropicMock::start().await.unwrap();
    let base = ai.base_url().to_string();
    let app = TestApp::spawn_with(&[
        ("ANTHROPIC_API_KEY", "sk-ant-test"),
        ("ANTHROPIC_BASE_URL", base.as_str()),
    ])
    .await;
    let token = app.recruiter("generator@example.com").await;
    (app, ai, token)
}

fn draft_json(draft: &tali_ai::task_draft::TaskDraft) -> String {
    serde_json::to_string(draft).unwrap()
}

/// The texts of the user turns the model was sent, per drafting request.
fn drafting_requests(ai: &MockServer) -> Vec<Vec<String>> {
    ai.requests_to("/v1/messages")
        .into_iter()
        .map(|r| {
            r.body["messages"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|m| m["role"] == "user")
                .map(|m| match &m["content"] {
                    Value::String(text) => text.clone(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

#[tokio::test]
async fn a_good_draft_comes_back_proven_and_unsaved() {
    let (app, ai, token) = app_with_ai().await;
    let draft = app
        .json_ok(
            Method::POST,
            "/api/v1/tasks/generate/",
            &token,
            Some(
                &json!({"prompt": "A short debugging task about medians", "difficulty": "junior",
                "duration_minutes": "25"}),
            ),
            200,
        )
        .await;
    assert_eq!(draft["name"], "Median of a list");
    assert_eq!(
        (
            draft["difficulty"].as_str(),
            draft["duration_minutes"].as_i64()
        ),
        (Some("junior"), Some(25))
    );
    assert_eq!(
        draft["validation"],
        json!({"starter_passed": 2, "reference_passed": 4, "total": 4})
    );
    assert_eq!(draft["attempts"], 1);
    for field in [
        "description",
        "task_type",
        "starter_code",
        "test_code",
        "hidden_test_code",
        "reference_solution",
    ] {
        assert!(
            draft[field].as_str().is_some_and(|v| !v.is_empty()),
            "{field}"
        );
    }
    let asked = drafting_requests(&ai);
    assert_eq!(asked.len(), 1);
    assert!(asked[0][0].contains("medians") && asked[0][0].contains("Difficulty: junior"));
    let (tasks, _) = app.list_tasks(&token, "").await;
    assert!(tasks.is_empty(), "a draft is not saved");

    // Saving the reviewed draft proves it again and keeps the hidden tests and reference on the server.
    let mut body = draft.clone();
    body.as_object_mut().unwrap().remove("validation");
    let saved = app
        .json_ok(Method::POST, "/api/v1/tasks", &token, Some(&body), 201)
        .await;
    assert_eq!(saved["validation"]["total"], 4);
}

#[tokio::test]
async fn broken_json_is_a_bad_gateway() {
    let (app, ai, token) = app_with_ai().await;
    ai.push(Scripted::text(
        "Sure! Here is a great task: {\"name\": \"Oops\"",
    ));
    let response = app
        .send(
            Method::POST,
            "/api/v1/tasks/generate",
            &token,
            Some(&json!({"prompt": "Anything"})),
        )
        .await;
    let message = detail(response, 502).await;
    assert!(message.contains("not a valid task"), "{message}");
}

#[tokio::test]
async fn a_failing_reference_is_fed_back_and_repaired() {
    let (app, ai, token) = app_with_ai().await;
    ai.push(Scripted::text(draft_json(
        &sample_drafts::with_failing_reference(),
    )));
    ai.push(Scripted::text(draft_json(&sample_drafts::sound())));
    let draft = app
        .json_ok(
            Method::POST,
            "/api/v1/tasks/generate",
            &token,
            Some(&json!({"prompt": "Medians"})),
            200,
        )
        .await;
    assert_eq!(draft["attempts"], 2);
    assert_eq!(draft["validation"]["reference_passed"], 4);
    let asked = drafting_requests(&ai);
    assert_eq!(asked.len(), 2);
    let repair = asked[1].last().unwrap();
    assert!(
        repair.contains("failed its check") && repair.contains("reference solution fails"),
        "{repair}"
    );
}

#[tokio::test]
async fn a_draft_that_never_passes_is_refused_with_the_reason() {
    let (app, ai, token) = app_with_ai().await;
    for _ in 0..3 {
        ai.push(Scripted::text(draft_json(
            &sample_drafts::with_failing_reference(),
        )));
    }
    let response = app
        .send(
            Method::POST,
            "/api/v1/tasks/generate",
            &token,
            Some(&json!({"prompt": "Medians"})),
        )
        .await;
    let message = detail(response, 422).await;
    assert!(
        message.contains("3 attempts") && message.contains("reference solution fails"),
        "{message}"
    );
    assert_eq!(drafting_requests(&ai).len(), 3, "two repairs, no more");
}

#[tokio::test]
async fn generation_needs_a_provider_and_a_prompt() {
    let app = TestApp::spawn().await;
    let token = app.recruiter("no-ai@example.com").await;
    let response = app
        .send(
            Method::POST,
            "/api/v1/tasks/generate",
            &token,
            Some(&json!({"prompt": "Medians"})),
        )
        .await;
    assert!(detail(response, 503).await.contains("ANTHROPIC_API_KEY"));
    let (app, _ai, token) = app_with_ai().await;
    for body in [
        json!({}),
        json!({"prompt": "  "}),
        json!({"prompt": "x", "difficulty": "godlike"}),
    ] {
        let response = app
            .send(Method::POST, "/api/v1/tasks/generate", &token, Some(&body))
            .await;
        assert_eq!(response.status(), 422, "{body}");
    }
}
