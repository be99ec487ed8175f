//! The reference system's own web client (the seed's `frontend/`) works against this API unchanged. These tests
//! send exactly what that client sends (form login, trailing slashes, `task_id` as a string from an HTML select,
//! `is_active` on task creation) and pin every field it reads, so a refactor cannot break it again. Our own
//! fields stay beside theirs.

use crate::common::{PASSWORD, TestApp};
use reqwest::Method;
use serde_json::{Value, json};
use tali_ai::mock::AnthropicMock;

/// Asserts that `value` has each field with a JSON value of the given kind (`string`, `number`, `bool`, `array`,
/// `object`, `null`; `a|b` for either).
fn assert_shape(value: &Value, shape: &[(&str, &str)], what: &str) {
    for (field, kinds) in shape {
        let found = value
            .get(*field)
            .unwrap_or_else(|| panic!("{what}: no `{field}` in {value}"));
        let kind = match found {
            Value::Null => "null",
            Value::Bool(_) => "bool",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
        };
        assert!(
            kinds.split('|').any(|k| k == kind),
            "{what}: `{field}` is {kind} ({found}), the reference client needs {kinds}"
        );
    }
}

struct Reference {
    app: TestApp,
    token: String,
    _ai: tali_ai::mock::MockServer,
}

impl Reference {
    /// Registers and logs in the way the reference client does: JSON register, form login.
    async fn new() -> Self {
        let ai = AnthropicMock::start().await.unwrap();
        let base = ai.base_url().to_string();
        let app = TestApp::spawn_with(&[
            ("ANTHROPIC_API_KEY", "sk-ant-test"),
            ("ANTHROPIC_BASE_URL", base.as_str()),
        ])
        .await;
        app.seed().await;
        let registered = app
            .post_json(
                "/api/v1/auth/register",
                &json!({"email": "ref@example.com", "password": PASSWORD, "full_name": "Ref Client"}),
            )
            .await;
        assert_eq!(registered.status(), 201);
        let login: Value = app
            .client
            .post(app.url("/api/v1/auth/login"))
            .form(&[("username", "ref@example.com"), ("password", PASSWORD)])
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_shape(
            &login,
            &[("access_token", "string"), ("token_type", "string")],
            "login",
        );
        let token = login["access_token"].as_str().unwrap().to_string();
        Self {
            app,
            token,
            _ai: ai,
        }
    }

    async fn get(&self, path: &str) -> Value {
        self.app
            .json_ok(Method::GET, path, &self.token, None, 200)
            .await
    }

    async fn candidate(&self, id: &Value, token: &str, action: &str, body: Value) -> Value {
        let response = self
            .app
            .client
            .post(self.app.url(&format!("/api/v1/assessments/{id}/{action}")))
            .header("x-assessment-token", token)
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = response.status();
        let answer: Value = response.json().await.unwrap();
        assert_eq!(status, 200, "{action}: {answer}");
        answer
    }
}

const TASK_FIELDS: &[(&str, &str)] = &[
    ("id", "number"),
    ("name", "string"),
    ("description", "string"),
    ("task_type", "string"),
    ("difficulty", "string"),
    ("duration_minutes", "number"),
    ("starter_code", "string"),
    ("test_code", "string"),
    ("is_template", "bool"),
    ("is_active", "bool"),
    ("created_at", "string"),
];

#[tokio::test]
async fn the_recruiter_side_reads_what_the_reference_client_reads() {
    let r = Reference::new().await;
    let me = r.get("/api/v1/auth/me").await;
    assert_shape(&me, &[("email", "string"), ("full_name", "string")], "me");

    // Tasks: a bare array (the client calls .map on it), the total in a header.
    let response = r
        .app
        .send(Method::GET, "/api/v1/tasks/", &r.token, None)
        .await;
    assert_eq!(response.status(), 200);
    assert!(response.headers().contains_key("x-total-count"));
    let tasks: Value = response.json().await.unwrap();
    let tasks = tasks.as_array().expect("GET /tasks/ answers a JSON array");
    for task in tasks {
        assert_shape(task, TASK_FIELDS, "task");
        assert!(
            ["junior", "mid", "senior", "staff"].contains(&task["difficulty"].as_str().unwrap())
        );
        assert!(
            [
                "debugging",
                "ai_engineering",
                "optimization",
                "build",
                "refactor"
            ]
            .contains(&task["task_type"].as_str().unwrap())
        );
    }

    // The task form sends is_active (unknown to us) and the select's strings.
    let created = r
        .app
        .json_ok(
            Method::POST,
            "/api/v1/tasks/",
            &r.token,
            Some(&json!({
                "name": "Off by one", "description": "Fix the range.", "task_type": "debugging",
                "difficulty": "mid", "duration_minutes": "30", "is_active": true,
                "starter_code": "def first(n):\n    return list(range(1, n))\n",
                "test_code": "from solution import first\n\ndef test_first():\n    assert first(3) == [1, 2, 3]\n"
            })),
            201,
        )
        .await;
    assert_shape(&created, TASK_FIELDS, "created task");
    let task_id = created["id"].clone();
    let updated = r
        .app
        .json_ok(
            Method::PATCH,
            &format!("/api/v1/tasks/{task_id}"),
            &r.token,
            Some(&json!({"name": "Off by one (v2)", "is_active": true})),
            200,
        )
        .await;
    assert_eq!(updated["name"], "Off by one (v2)");

    // The create-assessment modal sends task_id as a string from an HTML select.
    let template_id = tasks[0]["id"].to_string();
    let assessment = r
        .app
        .json_ok(
            Method::POST,
            "/api/v1/assessments/",
            &r.token,
            Some(&json!({"candidate_email": "cand@example.com", "candidate_name": "Cand", "task_id": template_id})),
            201,
        )
        .await;
    assert_shape(
        &assessment,
        &[("id", "number"), ("token", "string")],
        "created assessment",
    );
    let bad = r
        .app
        .send(
            Method::POST,
            "/api/v1/assessments/",
            &r.token,
            Some(&json!({"candidate_email": "x@example.com", "candidate_name": "X", "task_id": "two"})),
        )
        .await;
    assert_eq!(
        bad.status(),
        422,
        "a value that is not a number is still refused"
    );

    let list = r.get("/api/v1/assessments/?limit=10&offset=0").await;
    assert_shape(
        &list,
        &[
            ("items", "array"),
            ("total", "number"),
            ("limit", "number"),
            ("offset", "number"),
        ],
        "assessment list",
    );
    assert_shape(
        &list["items"][0],
        &[
            ("id", "number"),
            ("candidate_name", "string"),
            ("candidate_email", "string"),
            ("task_name", "string"),
            ("status", "string"),
            ("score", "number|null"),
            ("token", "string"),
            ("completed_at", "string|null"),
        ],
        "assessment list item",
    );

    let analytics = r.get("/api/v1/analytics/").await;
    assert_shape(
        &analytics,
        &[
            ("weekly_completion", "array"),
            ("total_assessments", "number"),
            ("completed_count", "number"),
            ("completion_rate", "number"),
            ("top_score", "number|null"),
            ("avg_score", "number|null"),
            ("avg_time_minutes", "number|null"),
        ],
        "analytics",
    );
    let weeks = analytics["weekly_completion"].as_array().unwrap();
    assert_eq!(weeks.len(), 5);
    for week in weeks {
        assert_shape(
            week,
            &[("week", "string"), ("rate", "number"), ("count", "number")],
            "week",
        );
    }

    // Usage lists what was paid for: assessments a candidate started.
    let started = r
        .app
        .client
        .post(r.app.url(&format!(
            "/api/v1/assessments/token/{}/start",
            assessment["token"].as_str().unwrap()
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(started.status(), 200);
    let usage = r.get("/api/v1/billing/usage").await;
    assert_shape(
        &usage,
        &[("usage", "array"), ("total_cost", "number")],
        "billing usage",
    );
    assert_shape(
        &usage["usage"][0],
        &[
            ("date", "string"),
            ("candidate", "string"),
            ("task", "string"),
            ("cost", "string"),
        ],
        "usage line",
    );
    assert_eq!(usage["usage"][0]["cost"], "£25");
    assert_eq!(usage["total_cost"], 25.0);

    let org = r.get("/api/v1/organizations/me").await;
    assert_shape(&org, &[("name", "string")], "organization");
    let generated = r
        .app
        .json_ok(
            Method::POST,
            "/api/v1/tasks/generate/",
            &r.token,
            Some(&json!({"prompt": "A debugging task for a junior engineer"})),
            200,
        )
        .await;
    assert_shape(
        &generated,
        &[
            ("name", "string"),
            ("description", "string"),
            ("task_type", "string"),
            ("difficulty", "string"),
            ("duration_minutes", "number"),
            ("starter_code", "string"),
            ("test_code", "string"),
        ],
        "generated task",
    );
}

#[tokio::test]
async fn the_candidate_session_and_the_detail_read_what_the_reference_client_reads() {
    let r = Reference::new().await;
    let template = r.app.template_named(&r.token, "Debugging Challenge").await;
    let assessment = r
        .app
        .json_ok(
            Method::POST,
            "/api/v1/assessments/",
            &r.token,
            Some(
                &json!({"candidate_email": "cand@example.com", "candidate_name": "Cand",
                "task_id": template.to_string()}),
            ),
            201,
        )
        .await;
    let token = assessment["token"].as_str().unwrap();
    let start = |token: String| {
        let app = &r.app;
        async move {
            let response = app
                .client
                .post(app.url(&format!("/api/v1/assessments/token/{token}/start")))
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 200);
            response.json::<Value>().await.unwrap()
        }
    };
    let started = start(token.to_string()).await;
    assert_shape(
        &started,
        &[
            ("assessment_id", "number"),
            ("token", "string"),
            ("task", "object"),
            ("time_remaining", "number"),
        ],
        "start",
    );
    assert_shape(
        &started["task"],
        &[
            ("name", "string"),
            ("description", "string"),
            ("starter_code", "string"),
            ("duration_minutes", "number"),
        ],
        "start task",
    );
    let id = started["assessment_id"].clone();
    let ran = r
        .candidate(&id, token, "execute", json!({"code": "print('hi')"}))
        .await;
    assert_shape(
        &ran,
        &[("stdout", "string"), ("stderr", "string")],
        "execute",
    );
    let reply = r
        .candidate(
            &id,
            token,
            "claude",
            json!({"message": "Where is the bug?", "conversation_history": []}),
        )
        .await;
    assert_shape(&reply, &[("response", "string")], "claude");

    // On a resume the reference client reads only time_remaining and task.starter_code: both are the session's.
    let edited = "# my work so far\n";
    r.candidate(
        &id,
        token,
        "events",
        json!({"events": [{"id": "snap-1", "type": "snapshot", "data": {"code": edited}}]}),
    )
    .await;
    let resumed = start(token.to_string()).await;
    assert_eq!(resumed["task"]["starter_code"], edited);
    assert!(
        resumed["time_remaining"].as_i64().unwrap() <= started["time_remaining"].as_i64().unwrap()
    );

    let submitted = r
        .candidate(
            &id,
            token,
            "submit",
            json!({"final_code": include_str!("../../seed/tasks/debugging-challenge/reference.py")}),
        )
        .await;
    assert_eq!(submitted["status"], "completed");
    assert_shape(
        &submitted["test_results"],
        &[("tests_passed", "number"), ("tests_total", "number")],
        "submit",
    );

    let detail = r.get(&format!("/api/v1/assessments/{id}")).await;
    assert_shape(
        &detail,
        &[
            ("results", "array"),
            ("prompts_list", "array"),
            ("breakdown", "object"),
            ("timeline", "array"),
            ("candidate_name", "string"),
            ("task_name", "string"),
            ("score", "number"),
            ("completed_at", "string"),
        ],
        "detail",
    );
    for line in detail["results"].as_array().unwrap() {
        assert_shape(
            line,
            &[
                ("title", "string"),
                ("score", "string"),
                ("description", "string"),
            ],
            "result",
        );
    }
    assert_eq!(detail["results"][0]["title"], "Test suite");
    assert_shape(
        &detail["prompts_list"][0],
        &[("text", "string"), ("assessment", "string")],
        "prompt",
    );
    assert_eq!(detail["prompts_list"][0]["text"], "Where is the bug?");
    assert_shape(
        &detail["breakdown"],
        &[
            ("testsPassed", "string"),
            ("codeQuality", "number|null"),
            ("aiUsage", "number|null"),
            ("timeEfficiency", "number|null"),
            ("bugsFixed", "string"),
        ],
        "breakdown",
    );
    assert_eq!(
        detail["breakdown"]["bugsFixed"], "3/3",
        "the reference fixes every planted bug"
    );
    let timeline = detail["timeline"].as_array().unwrap();
    for item in timeline {
        assert_shape(
            item,
            &[("time", "string"), ("event", "string")],
            "timeline item",
        );
    }
    assert_eq!(timeline[0]["time"], "00:00");
    let prompt = timeline
        .iter()
        .find(|t| t.get("prompt").is_some())
        .expect("a prompt in the timeline");
    assert_eq!(prompt["prompt"], "Where is the bug?");
}
