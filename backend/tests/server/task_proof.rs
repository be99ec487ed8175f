//! A task is proved in the sandbox before it is saved (create and update): its tests collect against the starter
//! code, the starter fails at least one of them, and the reference solution passes them all. The author learns
//! the contract (`from solution import ...`) before a candidate does.

use crate::common::{TestApp, detail};
use reqwest::Method;
use serde_json::{Value, json};

const STARTER: &str = "def slugify(text):\n    return text.lower()\n";
const REFERENCE: &str = "def slugify(text):\n    return '-'.join(text.lower().split())\n";
const VISIBLE: &str = "from solution import slugify\n\ndef test_lowercases():\n    assert slugify('Hello') == 'hello'\n";
const HIDDEN: &str = "from solution import slugify\n\ndef test_lowercases():\n    assert slugify('Hello') == 'hello'\n\ndef test_spaces_become_dashes():\n    assert slugify('Hello World') == 'hello-world'\n\ndef test_runs_of_spaces_collapse():\n    assert slugify('a   b') == 'a-b'\n";

fn task() -> Value {
    json!({
        "name": "Slugify", "description": "Make URL slugs.", "task_type": "build", "difficulty": "junior",
        "duration_minutes": 20, "starter_code": STARTER, "test_code": VISIBLE,
        "hidden_test_code": HIDDEN, "reference_solution": REFERENCE
    })
}

async fn rejected(
    app: &TestApp,
    token: &str,
    method: Method,
    path: &str,
    body: &Value,
) -> (String, Value) {
    let response = app.send(method, path, token, Some(body)).await;
    let status = response.status();
    let answer: Value = response.json().await.unwrap();
    assert_eq!(status, 422, "{answer}");
    (
        answer["detail"].as_str().unwrap().to_string(),
        answer["errors"][0]["field"].clone(),
    )
}

#[tokio::test]
async fn a_sound_task_is_saved_with_its_proof() {
    let app = TestApp::spawn().await;
    let token = app.recruiter("author@example.com").await;
    let created = app
        .json_ok(Method::POST, "/api/v1/tasks", &token, Some(&task()), 201)
        .await;
    assert_eq!(
        created["validation"],
        json!({"starter_passed": 1, "reference_passed": 3, "total": 3})
    );
    assert!(
        created.get("reference_solution").is_none() && created.get("hidden_test_code").is_none()
    );
    let id = created["id"].as_i64().unwrap();

    // A rename needs no new proof; a change to the code is proved again.
    let renamed = app
        .json_ok(
            Method::PATCH,
            &format!("/api/v1/tasks/{id}"),
            &token,
            Some(&json!({"name": "Slugs"})),
            200,
        )
        .await;
    assert_eq!(renamed["validation"], Value::Null);
    let changed = app
        .json_ok(
            Method::PATCH,
            &format!("/api/v1/tasks/{id}"),
            &token,
            Some(&json!({"starter_code": "def slugify(text):\n    return text\n"})),
            200,
        )
        .await;
    assert_eq!(changed["validation"]["starter_passed"], 0);

    // The collected names grade a submission that does not import: 0 of 3, not 0 of 0.
    let assessment = app
        .json_ok(
            Method::POST,
            "/api/v1/assessments",
            &token,
            Some(
                &json!({"task_id": id, "candidate_email": "c@example.com", "candidate_name": "C"}),
            ),
            201,
        )
        .await;
    let token_c = assessment["token"].as_str().unwrap();
    app.client
        .post(app.url(&format!("/api/v1/assessments/token/{token_c}/start")))
        .send()
        .await
        .unwrap();
    let submitted: Value = app
        .client
        .post(app.url(&format!("/api/v1/assessments/{}/submit", assessment["id"])))
        .header("x-assessment-token", token_c)
        .json(&json!({"final_code": "def slugify(:\n"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(submitted["tests_passed"], 0);
    assert_eq!(submitted["tests_total"], 3);
}

#[tokio::test]
async fn tests_that_import_another_module_are_refused_naming_solution_py() {
    let app = TestApp::spawn().await;
    let token = app.recruiter("wrong-module@example.com").await;
    let mut body = task();
    body["hidden_test_code"] = json!(HIDDEN.replace("from solution", "from app"));
    let (message, field) = rejected(&app, &token, Method::POST, "/api/v1/tasks", &body).await;
    assert_eq!(field, "hidden_test_code");
    assert!(
        message.contains("`app`") && message.contains("solution.py"),
        "{message}"
    );
    assert!(message.contains("from solution import"), "{message}");

    let mut body = task();
    body["test_code"] = json!("from solution import slugify\n\ndef test_broken(:\n    pass\n");
    let (message, field) = rejected(&app, &token, Method::POST, "/api/v1/tasks", &body).await;
    assert_eq!(field, "test_code");
    assert!(message.contains("SyntaxError"), "{message}");
}

#[tokio::test]
async fn a_starter_that_passes_everything_or_a_failing_reference_is_refused() {
    let app = TestApp::spawn().await;
    let token = app.recruiter("unsound@example.com").await;
    let mut body = task();
    body["starter_code"] = json!(REFERENCE);
    let (message, _) = rejected(&app, &token, Method::POST, "/api/v1/tasks", &body).await;
    assert!(message.contains("already passes all 3 tests"), "{message}");

    let mut body = task();
    body["reference_solution"] = json!(STARTER);
    let (message, field) = rejected(&app, &token, Method::POST, "/api/v1/tasks", &body).await;
    assert_eq!(field, "reference_solution");
    assert!(message.contains("fails 2 of 3 tests"), "{message}");
    assert!(message.contains("test_spaces_become_dashes"), "{message}");

    // A refused update leaves the stored task as it was.
    let created = app
        .json_ok(Method::POST, "/api/v1/tasks", &token, Some(&task()), 201)
        .await;
    let path = format!("/api/v1/tasks/{}", created["id"]);
    rejected(
        &app,
        &token,
        Method::PATCH,
        &path,
        &json!({"starter_code": REFERENCE, "name": "Changed"}),
    )
    .await;
    let stored = app.json_ok(Method::GET, &path, &token, None, 200).await;
    assert_eq!(
        (stored["starter_code"].as_str(), stored["name"].as_str()),
        (Some(STARTER), Some("Slugify"))
    );
}

#[tokio::test]
async fn without_a_sandbox_a_task_cannot_be_proved_and_is_not_saved() {
    let app = TestApp::spawn_with(&[("SANDBOX_RUNTIME_DIR", "/nonexistent/runtime")]).await;
    let token = app.recruiter("no-sandbox@example.com").await;
    let response = app
        .send(Method::POST, "/api/v1/tasks", &token, Some(&task()))
        .await;
    assert!(
        detail(response, 503)
            .await
            .contains("Code execution is not available")
    );
    let (tasks, total) = app.list_tasks(&token, "").await;
    assert_eq!((tasks.len(), total), (0, 0));
}
