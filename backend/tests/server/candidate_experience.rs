//! Issue 23 over HTTP: what the candidate's endpoints send (never a hidden test or the reference solution, never a
//! host path), the syntax check before a submit, the chat limit in the session payload, and the task author's
//! "Validate" (the save's proof, without saving).

use crate::common::TestApp;
use reqwest::Method;
use serde_json::{Value, json};
use tali_ai::mock::AnthropicMock;

const STARTER: &str = "def slugify(text):\n    return text.lower()\n";
// Markers no candidate may ever see: they live only in the hidden tests and in the reference solution.
const REFERENCE: &str =
    "# REFERENCE-MARKER-7f3a\ndef slugify(text):\n    return '-'.join(text.lower().split())\n";
const VISIBLE: &str = "from solution import slugify\n\ndef test_lowercases():\n    assert slugify('Hello') == 'hello'\n\ndef test_spaces():\n    assert slugify('a b') == 'a-b'\n";
const HIDDEN: &str = "# HIDDEN-MARKER-9c2e\nfrom solution import slugify\n\ndef test_lowercases():\n    assert slugify('Hello') == 'hello'\n\ndef test_spaces_become_dashes():\n    assert slugify('Hello World') == 'hello-world'\n\ndef test_runs_of_spaces_collapse():\n    assert slugify('a   b') == 'a-b'\n";
const SECRETS: [&str; 2] = ["HIDDEN-MARKER-9c2e", "REFERENCE-MARKER-7f3a"];

fn task() -> Value {
    json!({
        "name": "Slugify", "description": "Make **URL** slugs.", "task_type": "build", "difficulty": "junior",
        "duration_minutes": 20, "starter_code": STARTER, "test_code": VISIBLE,
        "hidden_test_code": HIDDEN, "reference_solution": REFERENCE
    })
}

/// A candidate session on a task of the recruiter's own, with hidden tests and a reference solution.
struct Candidate {
    app: TestApp,
    token: String,
    id: i64,
}

impl Candidate {
    async fn invited(app: TestApp) -> Self {
        let recruiter = app.recruiter("author@example.com").await;
        let created = app
            .json_ok(
                Method::POST,
                "/api/v1/tasks",
                &recruiter,
                Some(&task()),
                201,
            )
            .await;
        let assessment = app
            .json_ok(
                Method::POST,
                "/api/v1/assessments",
                &recruiter,
                Some(&json!({"task_id": created["id"], "candidate_email": "c@example.com", "candidate_name": "C"})),
                201,
            )
            .await;
        Self {
            token: assessment["token"].as_str().unwrap().to_string(),
            id: assessment["id"].as_i64().unwrap(),
            app,
        }
    }

    /// The raw text of a candidate call, asserting its status.
    async fn text(&self, method: Method, path: &str, body: Option<Value>, status: u16) -> String {
        let mut request = self
            .app
            .client
            .request(method, self.app.url(path))
            .header("x-assessment-token", &self.token);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        let got = response.status().as_u16();
        let text = response.text().await.unwrap();
        assert_eq!(got, status, "{path}: {text}");
        text
    }

    async fn post(&self, action: &str, body: Value) -> String {
        self.text(
            Method::POST,
            &format!("/api/v1/assessments/{}/{action}", self.id),
            Some(body),
            200,
        )
        .await
    }
}

fn assert_no_secret(path: &str, text: &str) {
    for secret in SECRETS {
        assert!(!text.contains(secret), "{path} sent {secret}: {text}");
    }
}

/// Host paths the sandbox could leak: the runtime's directory, the workspace mount, the test's data directory.
fn assert_no_host_path(path: &str, text: &str) {
    let checkout = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    for leak in [
        checkout,
        "sandbox-runtime",
        "site-packages",
        "/workspace",
        "/usr/lib/python",
        "tali-test-data",
    ] {
        assert!(!text.contains(leak), "{path} leaked {leak:?}: {text}");
    }
}

#[tokio::test]
async fn no_candidate_endpoint_sends_the_hidden_tests_or_the_reference_solution() {
    let ai = AnthropicMock::start().await.unwrap();
    let base = ai.base_url().to_string();
    let app = TestApp::spawn_with(&[
        ("ANTHROPIC_API_KEY", "sk-ant-test"),
        ("ANTHROPIC_BASE_URL", base.as_str()),
    ])
    .await;
    let c = Candidate::invited(app).await;
    let token_path = format!("/api/v1/assessments/token/{}", c.token);
    let info = c.text(Method::GET, &token_path, None, 200).await;
    assert_no_secret("token info", &info);
    let start = c
        .text(Method::POST, &format!("{token_path}/start"), None, 200)
        .await;
    assert_no_secret("start", &start);
    let started: Value = serde_json::from_str(&start).unwrap();
    assert_eq!(started["task"]["test_code"], VISIBLE);
    assert_eq!(started["chat_message_max_chars"], 4000);

    // The reference solution as the candidate's own code: whatever comes back is only what they sent.
    let mine = "def slugify(text):\n    return '-'.join(text.lower().split())\n";
    for (action, body) in [
        ("execute", json!({"code": mine})),
        ("tests", json!({"code": mine})),
        ("check", json!({"code": mine})),
        (
            "events",
            json!({"events": [{"id": "e1", "type": "chat_insert", "data": {"chars": 12, "line": 3}}]}),
        ),
        ("claude", json!({"message": "How do I slugify?"})),
        ("submit", json!({"final_code": mine})),
    ] {
        assert_no_secret(action, &c.post(action, body).await);
    }
    // And the link once completed: it says so and nothing more.
    let closed = c.text(Method::GET, &token_path, None, 409).await;
    assert_no_secret("token info after submit", &closed);
    let again = c
        .text(Method::POST, &format!("{token_path}/start"), None, 409)
        .await;
    assert_no_secret("start after submit", &again);
}

#[tokio::test]
async fn runs_and_test_failures_show_workspace_names_error_first() {
    let c = Candidate::invited(TestApp::spawn().await).await;
    c.text(
        Method::POST,
        &format!("/api/v1/assessments/token/{}/start", c.token),
        None,
        200,
    )
    .await;

    // An exception: the traceback names solution.py, not where the workspace lives.
    let ran = c
        .post(
            "execute",
            json!({"code": "import json\n\ndef f():\n    return 1 / 0\n\nf()\n"}),
        )
        .await;
    assert_no_host_path("execute", &ran);
    let ran: Value = serde_json::from_str(&ran).unwrap();
    let stderr = ran["stderr"].as_str().unwrap();
    assert!(
        stderr.contains("File \"solution.py\", line 4, in f"),
        "{stderr}"
    );
    assert!(
        stderr
            .trim_end()
            .ends_with("ZeroDivisionError: division by zero")
    );

    // A failing test and an error inside the candidate's code: pytest's traces, paths cut.
    let failing = "def slugify(text):\n    if ' ' in text:\n        raise ValueError('no spaces yet')\n    return text.lower()\n";
    let tested = c.post("tests", json!({"code": failing})).await;
    assert_no_host_path("tests", &tested);
    let tested: Value = serde_json::from_str(&tested).unwrap();
    assert_eq!(
        (
            tested["tests_passed"].as_u64(),
            tested["tests_total"].as_u64()
        ),
        (Some(1), Some(2))
    );
    let failure = tested["test_details"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["outcome"] != "passed")
        .unwrap();
    let message = failure["message"].as_str().unwrap();
    assert!(
        message.starts_with("ValueError: no spaces yet"),
        "{message}"
    );
    assert!(message.contains("solution.py:3: ValueError"), "{message}");
    assert_eq!(tested["error_summary"], Value::Null);

    // Code that does not import: one line, error first, the full text kept for the folded trace.
    let broken = c
        .post(
            "tests",
            json!({"code": "def slugify(text)\n    return text\n"}),
        )
        .await;
    assert_no_host_path("tests (syntax error)", &broken);
    let broken: Value = serde_json::from_str(&broken).unwrap();
    assert_eq!(broken["tests_total"], 0);
    let summary = broken["error_summary"].as_str().unwrap();
    assert!(
        summary.starts_with("SyntaxError at line 1 of solution.py"),
        "{summary}"
    );
    assert!(
        broken["collection_error"]
            .as_str()
            .unwrap()
            .contains("test_visible.py")
    );
}

#[tokio::test]
async fn the_syntax_check_names_the_line_and_never_runs_the_code() {
    let c = Candidate::invited(TestApp::spawn().await).await;
    // Before the start there is nothing to check against.
    c.text(
        Method::POST,
        &format!("/api/v1/assessments/{}/check", c.id),
        Some(json!({"code": "x = 1"})),
        409,
    )
    .await;
    c.text(
        Method::POST,
        &format!("/api/v1/assessments/token/{}/start", c.token),
        None,
        200,
    )
    .await;
    let ok: Value = serde_json::from_str(
        &c.post(
            "check",
            json!({"code": "import sys\nsys.exit(3)\nprint('never runs')\n"}),
        )
        .await,
    )
    .unwrap();
    assert_eq!(
        ok,
        json!({"ok": true, "line": null, "column": null, "message": null})
    );
    let broken: Value = serde_json::from_str(
        &c.post(
            "check",
            json!({"code": "def slugify(text):\n    return text\n\ndef other(:\n    pass\n"}),
        )
        .await,
    )
    .unwrap();
    assert_eq!(broken["ok"], false);
    assert_eq!(broken["line"], 4);
    assert!(
        broken["message"]
            .as_str()
            .unwrap()
            .starts_with("SyntaxError"),
        "{broken}"
    );
    let indented: Value =
        serde_json::from_str(&c.post("check", json!({"code": "x = 1\n  y = 2\n"})).await).unwrap();
    assert_eq!(indented["line"], 2);
    assert!(
        indented["message"]
            .as_str()
            .unwrap()
            .starts_with("IndentationError"),
        "{indented}"
    );
    // Another assessment's token cannot use this one's sandbox.
    let response = c
        .app
        .client
        .post(c.app.url(&format!("/api/v1/assessments/{}/check", c.id)))
        .header("x-assessment-token", "not-the-token")
        .json(&json!({"code": "x = 1"}))
        .send()
        .await
        .unwrap();
    assert!(matches!(response.status().as_u16(), 401 | 403 | 404));
}

#[tokio::test]
async fn validate_runs_the_saves_proof_without_saving() {
    let app = TestApp::spawn().await;
    let token = app.recruiter("validator@example.com").await;
    let proof = app
        .json_ok(
            Method::POST,
            "/api/v1/tasks/validate",
            &token,
            Some(&task()),
            200,
        )
        .await;
    assert_eq!(
        proof,
        json!({"starter_passed": 1, "reference_passed": 3, "total": 3})
    );
    let (tasks, total) = app.list_tasks(&token, "").await;
    assert_eq!((tasks.len(), total), (0, 0));

    // The same refusals as a save, naming the field.
    let mut broken = task();
    broken["starter_code"] = json!(REFERENCE);
    let refused = app
        .json_ok(
            Method::POST,
            "/api/v1/tasks/validate",
            &token,
            Some(&broken),
            422,
        )
        .await;
    assert!(
        refused["detail"]
            .as_str()
            .unwrap()
            .contains("already passes all 3 tests"),
        "{refused}"
    );
    let mut no_reference = task();
    no_reference["reference_solution"] = json!("def slugify(text):\n    return text\n");
    let refused = app
        .json_ok(
            Method::POST,
            "/api/v1/tasks/validate",
            &token,
            Some(&no_reference),
            422,
        )
        .await;
    assert_eq!(refused["errors"][0]["field"], "reference_solution");
    let mut blank = task();
    blank["name"] = json!("  ");
    app.json_ok(
        Method::POST,
        "/api/v1/tasks/validate",
        &token,
        Some(&blank),
        422,
    )
    .await;

    // Editing: the stored hidden tests and reference stand in for the ones the form leaves out.
    let created = app
        .json_ok(Method::POST, "/api/v1/tasks", &token, Some(&task()), 201)
        .await;
    let mut edited = task();
    edited.as_object_mut().unwrap().remove("hidden_test_code");
    edited.as_object_mut().unwrap().remove("reference_solution");
    let path = format!("/api/v1/tasks/validate?task_id={}", created["id"]);
    let proof = app
        .json_ok(Method::POST, &path, &token, Some(&edited), 200)
        .await;
    assert_eq!(
        proof,
        json!({"starter_passed": 1, "reference_passed": 3, "total": 3})
    );
    // Without the task, the visible tests are the hidden ones and there is no reference.
    let proof = app
        .json_ok(
            Method::POST,
            "/api/v1/tasks/validate",
            &token,
            Some(&edited),
            200,
        )
        .await;
    assert_eq!(
        proof,
        json!({"starter_passed": 1, "reference_passed": null, "total": 2})
    );

    // Another organization's task is not found, and a template cannot be borrowed from.
    let other = app.recruiter("other-org@example.com").await;
    app.json_ok(Method::POST, &path, &other, Some(&edited), 404)
        .await;
    app.seed().await;
    let template = app.template_id(&token).await;
    app.json_ok(
        Method::POST,
        &format!("/api/v1/tasks/validate?task_id={template}"),
        &token,
        Some(&edited),
        403,
    )
    .await;
}
