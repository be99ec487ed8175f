//! The candidate session over HTTP with the real local sandbox and the mock AI (the spec's
//! test_assessments.py, plus resume, expiry, token misuse, double and late submit, AI limits and failures,
//! telemetry idempotency).

use crate::common::{TestApp, detail};
use reqwest::Method;
use sea_orm::ActiveValue::Set;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
use serde_json::{Value, json};
use tali::db::entities::{assessment, assessment_event, chat_exchange};
use tali_ai::mock::{AnthropicMock, Scripted};

const REFERENCE: &str = include_str!("../../seed/tasks/debugging-challenge/reference.py");
const STARTER: &str = include_str!("../../seed/tasks/debugging-challenge/starter.py");

struct Session {
    app: TestApp,
    recruiter: String,
    token: String,
    id: i64,
    ai: Option<tali_ai::mock::MockServer>,
}

impl Session {
    async fn new() -> Self {
        let ai = AnthropicMock::start().await.unwrap();
        let base = ai.base_url().to_string();
        let app = TestApp::spawn_with(&[
            ("ANTHROPIC_API_KEY", "sk-ant-test"),
            ("ANTHROPIC_BASE_URL", base.as_str()),
        ])
        .await;
        Self::with(app, Some(ai)).await
    }

    async fn without_ai() -> Self {
        Self::with(TestApp::spawn().await, None).await
    }

    async fn with(app: TestApp, ai: Option<tali_ai::mock::MockServer>) -> Self {
        app.seed().await;
        let recruiter = app.recruiter("recruiter@example.com").await;
        // These tests read the candidate's results in full.
        app.show_candidates_their_score(&recruiter).await;
        let task_id = app.template_named(&recruiter, "Debugging Challenge").await;
        let created = app
            .json_ok(
                Method::POST,
                "/api/v1/assessments",
                &recruiter,
                Some(&json!({"task_id": task_id, "candidate_email": "cand@example.com", "candidate_name": "Cand"})),
                201,
            )
            .await;
        Self {
            token: created["token"].as_str().unwrap().to_string(),
            id: created["id"].as_i64().unwrap(),
            app,
            recruiter,
            ai,
        }
    }

    async fn start(&self) -> reqwest::Response {
        self.app
            .client
            .post(
                self.app
                    .url(&format!("/api/v1/assessments/token/{}/start", self.token)),
            )
            .send()
            .await
            .unwrap()
    }

    async fn call(&self, action: &str, body: &Value) -> reqwest::Response {
        self.app
            .client
            .post(
                self.app
                    .url(&format!("/api/v1/assessments/{}/{action}", self.id)),
            )
            .header("x-assessment-token", &self.token)
            .json(body)
            .send()
            .await
            .unwrap()
    }

    async fn call_ok(&self, action: &str, body: &Value) -> Value {
        let response = self.call(action, body).await;
        let status = response.status();
        let text = response.text().await.unwrap();
        assert_eq!(status, 200, "{action}: {text}");
        serde_json::from_str(&text).unwrap()
    }

    async fn row(&self) -> assessment::Model {
        assessment::Entity::find_by_id(self.id as i32)
            .one(&self.app.state.db)
            .await
            .unwrap()
            .unwrap()
    }

    async fn exchanges(&self) -> Vec<tali::session::evidence::Exchange> {
        tali::session::chat::exchanges(&self.app.state.db, self.id as i32)
            .await
            .unwrap()
    }

    async fn set(&self, column: assessment::Column, value: sea_orm::Value) {
        assessment::Entity::update_many()
            .col_expr(column, Expr::value(value))
            .filter(assessment::Column::Id.eq(self.id as i32))
            .exec(&self.app.state.db)
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn start_assessment() {
    let s = Session::new().await;
    let info = s
        .app
        .client
        .get(s.app.url(&format!("/api/v1/assessments/token/{}", s.token)))
        .send()
        .await
        .unwrap();
    assert_eq!(info.status(), 200);
    let info: Value = info.json().await.unwrap();
    assert_eq!(info["status"], "pending");
    assert_eq!(info["task"]["name"], "Debugging Challenge");

    let response = s.start().await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["assessment_id"], s.id);
    assert_eq!(body["status"], "in_progress");
    assert_eq!(body["task"]["name"], "Debugging Challenge");
    assert_eq!(body["code"], STARTER);
    assert!(body["task"]["description"].as_str().unwrap().len() > 50);
    assert!(body["task"].get("hidden_test_code").is_none());
    let fix_line = REFERENCE
        .lines()
        .find(|l| l.trim().len() > 12 && !STARTER.contains(l))
        .expect("the reference differs from the starter");
    assert!(
        !body.to_string().contains(fix_line),
        "no reference solution leaks: {fix_line}"
    );
    let remaining = body["time_remaining_seconds"].as_i64().unwrap();
    assert!((29 * 60..=30 * 60).contains(&remaining), "{remaining}");
    assert_eq!(body["ai_configured"], true);

    let row = s.row().await;
    assert_eq!(row.status, "in_progress");
    assert!(row.started_at.is_some());
    assert!(row.e2b_session_id.is_some(), "the sandbox id is stored");
}

#[tokio::test]
async fn resume_keeps_deadline_code_and_chat() {
    let s = Session::new().await;
    let first: Value = s.start().await.json().await.unwrap();
    s.call_ok(
        "events",
        &json!({"events": [{"id": "e1", "type": "snapshot", "data": {"code": "x = 1\n"}}]}),
    )
    .await;
    s.call_ok(
        "claude",
        &json!({"message": "What does apply_discount do?", "conversation_history": []}),
    )
    .await;
    let sandbox_id = s.row().await.e2b_session_id;
    let again: Value = s.start().await.json().await.unwrap();
    assert_eq!(again["deadline"], first["deadline"], "no timer reset");
    assert_eq!(again["code"], "x = 1\n");
    assert_eq!(again["chat_history"].as_array().unwrap().len(), 2);
    assert_eq!(
        again["chat_history"][0]["content"],
        "What does apply_discount do?"
    );
    assert_eq!(
        s.row().await.e2b_session_id,
        sandbox_id,
        "no second sandbox"
    );
}

#[tokio::test]
async fn execute_code() {
    let s = Session::new().await;
    s.start().await;
    let result = s.call_ok("execute", &json!({"code": "print('hello from the sandbox')\nimport sys\nprint('oops', file=sys.stderr)\nsys.exit(3)"})).await;
    assert_eq!(result["stdout"], "hello from the sandbox\n");
    assert_eq!(result["stderr"], "oops\n");
    assert_eq!(result["exit_code"], 3);
    assert_eq!(result["timed_out"], false);
    let crash = s.call_ok("execute", &json!({"code": "def f(:\n"})).await;
    assert_ne!(crash["exit_code"], 0);
    assert!(crash["stderr"].as_str().unwrap().contains("SyntaxError"));

    let tests = s.call_ok("tests", &json!({"code": STARTER})).await;
    let total = tests["tests_total"].as_u64().unwrap();
    assert!(total >= 3);
    assert!(
        tests["tests_passed"].as_u64().unwrap() < total,
        "the starter has bugs"
    );
    let fixed = s.call_ok("tests", &json!({"code": REFERENCE})).await;
    assert_eq!(fixed["tests_passed"], fixed["tests_total"]);
}

#[tokio::test]
async fn submit_assessment() {
    let s = Session::new().await;
    s.start().await;
    s.call_ok("tests", &json!({"code": STARTER})).await;
    s.call_ok(
        "claude",
        &json!({"message": "The test for volume tiers fails, why would >= matter?"}),
    )
    .await;
    s.call_ok("tests", &json!({"code": REFERENCE})).await;
    let results = s.call_ok("submit", &json!({"final_code": REFERENCE})).await;
    assert_eq!(results["status"], "completed");
    assert_eq!(results["tests_passed"], results["tests_total"]);
    assert!(
        results["tests_total"].as_i64().unwrap() >= 10,
        "hidden tests ran"
    );
    let score = results["score"].as_f64().unwrap();
    assert!((0.0..=10.0).contains(&score));
    assert!(results["score_report"]["signals"].as_array().unwrap().len() >= 9);
    // The candidate learns the hidden tests' counts, never their names or messages.
    assert_eq!(
        results["test_results"],
        json!({"tests_passed": results["tests_passed"], "tests_total": results["tests_total"],
            "error_summary": null})
    );
    let hidden_name = include_str!("../../seed/tasks/debugging-challenge/test_hidden.py")
        .lines()
        .filter_map(|l| l.strip_prefix("def "))
        .map(|l| l.split('(').next().unwrap())
        .find(|name| {
            !include_str!("../../seed/tasks/debugging-challenge/test_visible.py").contains(name)
        })
        .expect("a hidden-only test");
    assert!(
        !results.to_string().contains(hidden_name),
        "{hidden_name} leaked"
    );

    // The recruiter reads everything the detail page needs.
    let detail = s
        .app
        .json_ok(
            Method::GET,
            &format!("/api/v1/assessments/{}", s.id),
            &s.recruiter,
            None,
            200,
        )
        .await;
    assert_eq!(detail["status"], "completed");
    assert_eq!(detail["final_code"], REFERENCE);
    assert_eq!(detail["ai_prompts"].as_array().unwrap().len(), 1);
    let kinds: Vec<&str> = detail["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["type"].as_str().unwrap())
        .collect();
    for expected in [
        "started",
        "test_run",
        "ai_prompt",
        "tests_passed",
        "submitted",
    ] {
        assert!(kinds.contains(&expected), "{expected} in {kinds:?}");
    }
    assert!(
        detail["test_results"]["test_details"]
            .as_array()
            .unwrap()
            .len()
            >= 10
    );
    assert!(detail["code_quality_score"].is_number() || detail["code_quality_score"].is_null());

    // The judges run after submit and update the report (the mock AI answers with valid judge JSON).
    let mut judged = Value::Null;
    // A generous deadline: on a loaded two-core machine the worker may take a while to pick the job up.
    for _ in 0..300 {
        judged = s
            .app
            .json_ok(
                Method::GET,
                &format!("/api/v1/assessments/{}", s.id),
                &s.recruiter,
                None,
                200,
            )
            .await;
        if judged["score_report"]["judges"]["status"] == "done" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(
        judged["score_report"]["judges"]["status"], "done",
        "{}",
        judged["score_report"]["judges"]
    );
    assert!(
        judged["ai_prompts"][0]["quality_score"].is_number(),
        "{}",
        judged["ai_prompts"]
    );
    assert!(judged["score_report"]["judges"]["code_quality"]["readability"].is_number());

    // The PDF report renders the completed assessment.
    let pdf = s
        .app
        .send(
            Method::GET,
            &format!("/api/v1/assessments/{}/report.pdf", s.id),
            &s.recruiter,
            None,
        )
        .await;
    assert_eq!(pdf.status(), 200);
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    let bytes = pdf.bytes().await.unwrap();
    assert!(bytes.starts_with(b"%PDF"), "a PDF");
    assert!(bytes.len() > 2000);

    // Submitting again returns the same results and runs nothing.
    let again = s
        .call_ok("submit", &json!({"final_code": "print('changed my mind')"}))
        .await;
    assert_eq!(
        again["score"], judged["score"],
        "the stored results, not a new run"
    );
    assert_eq!(s.row().await.final_code.as_deref(), Some(REFERENCE));
    // Work after submit is refused.
    assert_eq!(
        s.call("execute", &json!({"code": "print(1)"}))
            .await
            .status(),
        409
    );

    let emails = s
        .app
        .json_ok(Method::GET, "/api/v1/emails", &s.recruiter, None, 200)
        .await;
    let kinds: Vec<&str> = emails["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"results"), "{kinds:?}");
}

/// The judges are a durable job: a submit on a server without a worker leaves them pending, and the next server
/// to start with a worker judges the assessment.
#[tokio::test]
async fn judges_run_after_a_restart() {
    let ai = AnthropicMock::start().await.unwrap();
    let base = ai.base_url().to_string();
    let settings = [
        ("ANTHROPIC_API_KEY", "sk-ant-test"),
        ("ANTHROPIC_BASE_URL", base.as_str()),
    ];
    let app = TestApp::spawn_with(&[settings.as_slice(), &[("TALI_WORKER", "off")]].concat()).await;
    let mut s = Session::with(app, Some(ai)).await;
    s.start().await;
    s.call_ok("claude", &json!({"message": "Where is the bug?"}))
        .await;
    s.call_ok("submit", &json!({"final_code": REFERENCE})).await;
    let pending = s.row().await.score_report.unwrap();
    assert_eq!(pending["judges"]["status"], "pending");

    s.app.restart_with(&settings).await;
    wait_for_judges(&s).await;
    assert!(s.exchanges().await[0].quality_score.is_some());
}

/// Waits until the judges are no longer pending; they must have finished.
async fn wait_for_judges(s: &Session) {
    let mut report = Value::Null;
    for _ in 0..200 {
        report = s.row().await.score_report.unwrap();
        if report["judges"]["status"] != "pending" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(report["judges"]["status"], "done", "{}", report["judges"]);
}

/// A submit whose judging job never reached the queue (it was down) is judged by the relay's slower pass.
#[tokio::test]
async fn overlooked_judges_are_enqueued_again() {
    let ai = AnthropicMock::start().await.unwrap();
    let base = ai.base_url().to_string();
    let settings = [
        ("ANTHROPIC_API_KEY", "sk-ant-test"),
        ("ANTHROPIC_BASE_URL", base.as_str()),
    ];
    let app = TestApp::spawn_with(
        &[
            settings.as_slice(),
            &[("TALI_WORKER", "off"), ("JOBS_QUEUE", "lost")],
        ]
        .concat(),
    )
    .await;
    let mut s = Session::with(app, Some(ai)).await;
    s.start().await;
    s.call_ok("submit", &json!({"final_code": REFERENCE})).await;
    // The job went to a queue no worker reads, as if the push had failed; the submit was two minutes ago.
    assessment_event::Entity::update_many()
        .col_expr(
            assessment_event::Column::At,
            Expr::value(chrono::Utc::now() - chrono::Duration::minutes(2)),
        )
        .filter(assessment_event::Column::Kind.eq("judge_input"))
        .exec(&s.app.state.db)
        .await
        .unwrap();

    s.app.restart_with(&settings).await;
    wait_for_judges(&s).await;
}

#[tokio::test]
async fn the_verifier_outscores_the_paster() {
    let verifier = Session::new().await;
    verifier.start().await;
    verifier.call_ok("tests", &json!({"code": STARTER})).await;
    verifier.call_ok("execute", &json!({"code": STARTER})).await;
    verifier.call_ok("tests", &json!({"code": REFERENCE})).await;
    let good = verifier
        .call_ok("submit", &json!({"final_code": REFERENCE}))
        .await;

    let paster = Session::new().await;
    paster.start().await;
    paster
        .call_ok("events", &json!({"events": [{"id": "p1", "type": "paste", "data": {"chars": REFERENCE.len(), "text": REFERENCE}},
            {"id": "s1", "type": "snapshot", "data": {"code": REFERENCE}}]}))
        .await;
    let bad = paster
        .call_ok("submit", &json!({"final_code": REFERENCE}))
        .await;
    assert!(
        good["score"].as_f64() > bad["score"].as_f64(),
        "{} vs {}",
        good["score"],
        bad["score"]
    );
}

#[tokio::test]
async fn expired_revoked_and_completed_links() {
    let s = Session::without_ai().await;
    s.set(
        assessment::Column::ExpiresAt,
        (chrono::Utc::now() - chrono::Duration::hours(1)).into(),
    )
    .await;
    assert!(detail(s.start().await, 410).await.contains("expired"));

    let s = Session::without_ai().await;
    s.app
        .send(
            Method::DELETE,
            &format!("/api/v1/assessments/{}", s.id),
            &s.recruiter,
            None,
        )
        .await;
    assert!(detail(s.start().await, 404).await.contains("revoked"));

    let s = Session::without_ai().await;
    let unknown = s
        .app
        .client
        .post(s.app.url("/api/v1/assessments/token/not-a-token/start"))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 404);
    s.start().await;
    s.call_ok("submit", &json!({"final_code": STARTER})).await;
    assert_eq!(s.start().await.status(), 409);
}

#[tokio::test]
async fn tokens_are_checked_per_assessment() {
    let s = Session::without_ai().await;
    s.start().await;
    let other = s
        .app
        .create_assessment(&s.recruiter, "other@example.com")
        .await;
    let path = format!("/api/v1/assessments/{}/execute", s.id);
    let body = json!({"code": "print(1)"});
    let wrong = s
        .app
        .client
        .post(s.app.url(&path))
        .header("x-assessment-token", other["token"].as_str().unwrap())
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 403);
    let none = s
        .app
        .client
        .post(s.app.url(&path))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(none.status(), 401);
    let recruiter_jwt = s
        .app
        .client
        .post(s.app.url(&path))
        .bearer_auth(&s.recruiter)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(
        recruiter_jwt.status(),
        401,
        "a recruiter token is not an assessment token"
    );
    let garbage = s
        .app
        .client
        .post(s.app.url(&path))
        .header("x-assessment-token", "nope")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(garbage.status(), 401);
    // Not started yet: the other assessment's own token cannot run code either.
    let other_id = other["id"].as_i64().unwrap();
    let not_started = s
        .app
        .client
        .post(
            s.app
                .url(&format!("/api/v1/assessments/{other_id}/execute")),
        )
        .header("x-assessment-token", other["token"].as_str().unwrap())
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(not_started.status(), 409);
}

#[tokio::test]
async fn late_submit_takes_the_last_saved_work() {
    let s = Session::without_ai().await;
    s.start().await;
    s.call_ok(
        "events",
        &json!({"events": [{"id": "snap-1", "type": "snapshot", "data": {"code": REFERENCE}}]}),
    )
    .await;
    s.set(
        assessment::Column::DeadlineAt,
        (chrono::Utc::now() - chrono::Duration::minutes(10)).into(),
    )
    .await;
    assert_eq!(
        s.call("execute", &json!({"code": "print(1)"}))
            .await
            .status(),
        410
    );
    let late = s
        .call("submit", &json!({"final_code": "print('too late')"}))
        .await;
    assert_eq!(late.status(), 409);
    let body: Value = late.json().await.unwrap();
    assert_eq!(body["results"]["status"], "completed");
    assert_eq!(s.row().await.final_code.as_deref(), Some(REFERENCE));
}

#[tokio::test]
async fn overdue_sessions_are_submitted_automatically() {
    let s = Session::without_ai().await;
    s.start().await;
    s.call_ok(
        "events",
        &json!({"events": [{"id": "snap-1", "type": "snapshot", "data": {"code": REFERENCE}}]}),
    )
    .await;
    assert_eq!(
        tali::session::auto_submit_expired(&s.app.state)
            .await
            .unwrap(),
        0,
        "not yet due"
    );
    s.set(
        assessment::Column::DeadlineAt,
        (chrono::Utc::now() - chrono::Duration::minutes(3)).into(),
    )
    .await;
    assert_eq!(
        tali::session::auto_submit_expired(&s.app.state)
            .await
            .unwrap(),
        1
    );
    let row = s.row().await;
    assert_eq!(row.status, "completed");
    assert_eq!(row.final_code.as_deref(), Some(REFERENCE));
    assert_eq!(row.tests_passed, row.tests_total);
    let timeline = row.timeline.unwrap().to_string();
    assert!(timeline.contains("automatically"));
}

#[tokio::test]
async fn telemetry_is_idempotent_and_validated() {
    let s = Session::without_ai().await;
    s.start().await;
    let batch = json!({"events": [
        {"id": "a", "type": "snapshot", "data": {"code": "x = 1"}},
        {"id": "b", "type": "paste", "data": {"chars": 5, "text": "x = 1"}},
        {"id": "c", "type": "focus_lost"},
        {"id": "d", "type": "focus_gained"}
    ]});
    let first = s.call_ok("events", &batch).await;
    assert_eq!(first, json!({"accepted": 4, "duplicates": 0}));
    let again = s.call_ok("events", &batch).await;
    assert_eq!(again, json!({"accepted": 0, "duplicates": 4}));
    let bad_kind = s
        .call(
            "events",
            &json!({"events": [{"id": "z", "type": "keylogger"}]}),
        )
        .await;
    assert_eq!(bad_kind.status(), 422);
    let too_many: Vec<Value> = (0..501)
        .map(|i| json!({"id": format!("n{i}"), "type": "focus_lost"}))
        .collect();
    assert_eq!(
        s.call("events", &json!({"events": too_many}))
            .await
            .status(),
        422
    );
    assert_eq!(s.call("events", &json!({"nope": 1})).await.status(), 422);
}

#[tokio::test]
async fn chat_is_recorded_streams_and_is_limited() {
    let s = Session::new().await;
    s.start().await;
    let reply = s
        .call_ok(
            "claude",
            &json!({"message": "How should I round money in Python?"}),
        )
        .await;
    assert!(reply["response"].as_str().unwrap().len() > 10);
    assert!(reply["usage"]["output_tokens"].as_u64().is_some());
    let ai = s.ai.as_ref().unwrap();
    let sent = &ai.requests()[0];
    let system = sent.body["system"].to_string();
    assert!(system.contains("Debugging Challenge") || system.contains("solution.py"));
    let hidden_test_line = include_str!("../../seed/tasks/debugging-challenge/test_hidden.py")
        .lines()
        .find(|l| l.starts_with("def test_"))
        .unwrap();
    assert!(
        !system.contains(hidden_test_line),
        "the assistant never sees the hidden tests"
    );

    let streamed = s
        .app
        .client
        .post(s.app.url(&format!("/api/v1/assessments/{}/claude", s.id)))
        .header("x-assessment-token", &s.token)
        .header("accept", "text/event-stream")
        .header("accept-encoding", "br, gzip")
        .json(&json!({"message": "Show me a fix for the tax calculation"}))
        .send()
        .await
        .unwrap();
    assert_eq!(streamed.status(), 200);
    assert!(
        !streamed.headers().contains_key("content-encoding"),
        "a compressed stream would hold tokens back until a block fills"
    );
    assert!(
        streamed.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/event-stream")
    );
    let text = streamed.text().await.unwrap();
    assert!(text.contains("event: delta"), "{text}");
    assert!(text.contains("event: done"), "{text}");
    assert_eq!(s.exchanges().await.len(), 2);

    assert_eq!(
        s.call("claude", &json!({"message": ""})).await.status(),
        422
    );
    assert_eq!(
        s.call("claude", &json!({"message": "x".repeat(5000)}))
            .await
            .status(),
        422
    );

    ai.push(Scripted::server_error());
    ai.push(Scripted::server_error());
    ai.push(Scripted::server_error());
    let down = s
        .call("claude", &json!({"message": "Are you there?"}))
        .await;
    assert!(
        matches!(down.status().as_u16(), 502 | 503),
        "{}",
        down.status()
    );
    // The candidate's work is unaffected by the provider failure.
    assert_eq!(
        s.call("execute", &json!({"code": "print(2)"}))
            .await
            .status(),
        200
    );

    let used = s.exchanges().await.len();
    let rows = (used..60).map(|i| chat_exchange::ActiveModel {
        assessment_id: Set(s.id as i32),
        message: Set(format!("q{i}")),
        response: Set("a".into()),
        created_at: Set(chrono::Utc::now()),
        responded_at: Set(chrono::Utc::now()),
        t_prompt_ms: Set(0),
        t_reply_ms: Set(0),
        input_tokens: Set(1),
        output_tokens: Set(1),
        latency_ms: Set(1),
        code_hash: Set(String::new()),
        quality_score: Set(None),
        ..Default::default()
    });
    chat_exchange::Entity::insert_many(rows)
        .exec(&s.app.state.db)
        .await
        .unwrap();
    let limited = s.call("claude", &json!({"message": "one more"})).await;
    assert_eq!(limited.status(), 429);
}

/// Overlapping chat requests each store their exchange: none is lost to another's write, and they read in the
/// order they were asked.
#[tokio::test]
async fn overlapping_chat_requests_store_every_exchange() {
    let s = Session::new().await;
    s.start().await;
    let ai = s.ai.as_ref().unwrap();
    for _ in 0..20 {
        // Every reply takes a moment, so all twenty requests are in flight together.
        ai.push(Scripted::default_reply().delayed(std::time::Duration::from_millis(300)));
    }
    let s = &s;
    let asks = (0..20).map(|i| async move {
        tokio::time::sleep(std::time::Duration::from_millis(5 * i)).await;
        let response = s
            .call("claude", &json!({"message": format!("question {i}")}))
            .await;
        assert_eq!(response.status(), 200, "question {i}");
    });
    futures_util::future::join_all(asks).await;
    let stored = s.exchanges().await;
    assert_eq!(stored.len(), 20);
    let mut asked: Vec<&str> = stored.iter().map(|e| e.message.as_str()).collect();
    assert!(
        stored
            .windows(2)
            .all(|w| w[0].created_at <= w[1].created_at),
        "in the order asked"
    );
    asked.sort_by_key(|m| m.trim_start_matches("question ").parse::<u32>().unwrap());
    assert_eq!(
        asked,
        (0..20).map(|i| format!("question {i}")).collect::<Vec<_>>()
    );
}

#[tokio::test]
async fn chat_without_a_provider_says_so() {
    let s = Session::without_ai().await;
    let started: Value = s.start().await.json().await.unwrap();
    assert_eq!(started["ai_configured"], false);
    let response = s.call("claude", &json!({"message": "hello"})).await;
    assert_eq!(
        detail(response, 503).await,
        "AI assistant is not configured"
    );
}
