//! A submission the hidden tests cannot run (a syntax error, missing names, an endless loop or an exit at import,
//! a module that deletes itself) still completes, exactly once, graded 0 of the task's hidden tests with the
//! reason kept for the recruiter: by the candidate's submit and by the auto-submit of an overdue session, for
//! every template task. Regression tests for the 500 that left such assessments in progress forever.

use std::collections::BTreeMap;

use crate::common::TestApp;
use reqwest::Method;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
use serde_json::{Value, json};
use tali::db::entities::assessment;

/// (template name, its task.json, its starter code)
const TEMPLATES: [(&str, &str, &str); 4] = [
    (
        "Debugging Challenge",
        include_str!("../../seed/tasks/debugging-challenge/task.json"),
        include_str!("../../seed/tasks/debugging-challenge/starter.py"),
    ),
    (
        "RAG Pipeline",
        include_str!("../../seed/tasks/rag-pipeline/task.json"),
        include_str!("../../seed/tasks/rag-pipeline/starter.py"),
    ),
    (
        "API Rate Limiter",
        include_str!("../../seed/tasks/rate-limiter/task.json"),
        include_str!("../../seed/tasks/rate-limiter/starter.py"),
    ),
    (
        "Sales Export Cleaning",
        include_str!("../../seed/tasks/data-cleaning/task.json"),
        include_str!("../../seed/tasks/data-cleaning/starter.py"),
    ),
];

/// A broken final code and what the recruiter must read about it.
struct Breakage {
    kind: &'static str,
    code: String,
    summary: String,
}

fn breakages(starter: &str) -> Vec<Breakage> {
    let syntax_line = starter.lines().count() + 2;
    vec![
        Breakage {
            kind: "syntax error",
            code: format!("{starter}\ndef broken(:\n    pass\n"),
            summary: format!(
                "the submission did not import: SyntaxError at line {syntax_line} of solution.py"
            ),
        },
        Breakage {
            kind: "missing functions",
            code: "VERSION = 2\n".into(),
            summary: "the submission did not import: ImportError: cannot import name".into(),
        },
        Breakage {
            kind: "endless loop at import",
            code: "while True:\n    pass\n".into(),
            summary: "the hidden tests timed out: the tests did not finish within 3 s".into(),
        },
        Breakage {
            kind: "exit at import",
            code: "import sys\nsys.exit(3)\n".into(),
            summary: "the submission exited while it was imported: SystemExit at line 2 of solution.py: 3"
                .into(),
        },
        Breakage {
            kind: "module deletes itself",
            code: "import os\nos.remove(__file__)\n".into(),
            summary: "the submission did not import: ImportError: cannot import name".into(),
        },
    ]
}

fn hidden_test_count(manifest: &str) -> i64 {
    let manifest: Value = serde_json::from_str(manifest).unwrap();
    let weights: BTreeMap<String, f64> =
        serde_json::from_value(manifest["test_weights"].clone()).unwrap();
    weights.len() as i64
}

struct Bench {
    app: TestApp,
    recruiter: String,
    task_id: i64,
}

impl Bench {
    async fn new(template: &str) -> Self {
        // A short test wall keeps the endless loop from holding the suite for a minute.
        let app = TestApp::spawn_with(&[("SANDBOX_TESTS_TIMEOUT_SECONDS", "3")]).await;
        app.seed().await;
        let recruiter = app.recruiter("failures@example.com").await;
        app.show_candidates_their_score(&recruiter).await;
        let task_id = app.template_named(&recruiter, template).await;
        Self {
            app,
            recruiter,
            task_id,
        }
    }

    /// A started assessment: (id, token).
    async fn started(&self, n: usize) -> (i64, String) {
        let created = self
            .app
            .json_ok(
                Method::POST,
                "/api/v1/assessments",
                &self.recruiter,
                Some(
                    &json!({"task_id": self.task_id, "candidate_email": format!("c{n}@example.com"),
                    "candidate_name": "Nervous Candidate"}),
                ),
                201,
            )
            .await;
        let token = created["token"].as_str().unwrap().to_string();
        let started = self
            .app
            .client
            .post(
                self.app
                    .url(&format!("/api/v1/assessments/token/{token}/start")),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(started.status(), 200);
        (created["id"].as_i64().unwrap(), token)
    }

    async fn candidate_call(
        &self,
        id: i64,
        token: &str,
        action: &str,
        body: Value,
    ) -> reqwest::Response {
        self.app
            .client
            .post(self.app.url(&format!("/api/v1/assessments/{id}/{action}")))
            .header("x-assessment-token", token)
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    async fn row(&self, id: i64) -> assessment::Model {
        assessment::Entity::find_by_id(id as i32)
            .one(&self.app.state.db)
            .await
            .unwrap()
            .unwrap()
    }

    /// The recruiter's view: completed, 0 of `total`, the reason shown.
    async fn assert_graded_zero(&self, id: i64, total: i64, breakage: &Breakage) {
        let detail = self
            .app
            .json_ok(
                Method::GET,
                &format!("/api/v1/assessments/{id}"),
                &self.recruiter,
                None,
                200,
            )
            .await;
        let kind = breakage.kind;
        assert_eq!(detail["status"], "completed", "{kind}");
        assert_eq!(detail["tests_passed"], 0, "{kind}");
        assert_eq!(detail["tests_total"], total, "{kind}");
        let summary = detail["test_results"]["error_summary"]
            .as_str()
            .unwrap_or_default();
        assert!(summary.starts_with(&breakage.summary), "{kind}: {summary}");
        assert!(
            !summary.contains("/tmp/") && !summary.contains("sandbox"),
            "{kind}: host path in {summary}"
        );
        let details = detail["test_results"]["test_details"].as_array().unwrap();
        assert_eq!(details.len() as i64, total, "{kind}");
        assert!(details.iter().all(|t| t["outcome"] == "error"), "{kind}");
        assert!(
            detail["score"].as_f64().is_some(),
            "{kind}: scored from the rest"
        );
        let correctness = detail["score_report"]["signals"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["id"] == "S1")
            .unwrap();
        assert!(
            correctness["explanation"]
                .as_str()
                .unwrap()
                .contains(&breakage.summary),
            "{kind}: {correctness}"
        );
        assert!(
            detail["results"].to_string().contains("Execution error"),
            "{kind}: the reference client's Results tab names the failure"
        );
    }

    async fn submitted_by_the_candidate(&self, n: usize, total: i64, breakage: &Breakage) {
        let (id, token) = self.started(n).await;
        let response = self
            .candidate_call(id, &token, "submit", json!({"final_code": breakage.code}))
            .await;
        let status = response.status();
        let body: Value = response.json().await.unwrap();
        assert_eq!(status, 200, "{}: {body}", breakage.kind);
        assert_eq!(body["status"], "completed");
        assert_eq!(body["test_results"]["tests_passed"], 0);
        assert_eq!(body["test_results"]["tests_total"], total);
        assert!(body["test_results"]["error_summary"].is_string());
        // Exactly once: a second submit returns the same result and changes nothing.
        let again = self
            .candidate_call(
                id,
                &token,
                "submit",
                json!({"final_code": "print('later')"}),
            )
            .await;
        assert_eq!(again.status(), 200);
        assert_eq!(
            self.row(id).await.final_code.as_deref(),
            Some(breakage.code.as_str())
        );
        self.assert_graded_zero(id, total, breakage).await;
    }

    async fn submitted_automatically(&self, n: usize, total: i64, breakage: &Breakage) {
        let (id, token) = self.started(n).await;
        let saved = self
            .candidate_call(
                id,
                &token,
                "events",
                json!({"events": [{"id": "snap-1", "type": "snapshot", "data": {"code": breakage.code}}]}),
            )
            .await;
        assert_eq!(saved.status(), 200);
        assessment::Entity::update_many()
            .col_expr(
                assessment::Column::DeadlineAt,
                Expr::value(chrono::Utc::now() - chrono::Duration::minutes(3)),
            )
            .filter(assessment::Column::Id.eq(id as i32))
            .exec(&self.app.state.db)
            .await
            .unwrap();
        let done = tali::session::auto_submit_expired(&self.app.state)
            .await
            .unwrap();
        assert_eq!(done, 1, "{}: auto-submitted", breakage.kind);
        assert_eq!(
            tali::session::auto_submit_expired(&self.app.state)
                .await
                .unwrap(),
            0,
            "{}: once",
            breakage.kind
        );
        self.assert_graded_zero(id, total, breakage).await;
    }
}

async fn every_breakage_completes(template: usize) {
    let (name, manifest, starter) = TEMPLATES[template];
    let total = hidden_test_count(manifest);
    let bench = Bench::new(name).await;
    for (n, breakage) in breakages(starter).iter().enumerate() {
        bench
            .submitted_by_the_candidate(2 * n, total, breakage)
            .await;
        bench
            .submitted_automatically(2 * n + 1, total, breakage)
            .await;
    }
}

#[tokio::test]
async fn debugging_challenge_submissions_that_do_not_run_are_graded() {
    every_breakage_completes(0).await;
}

#[tokio::test]
async fn rag_pipeline_submissions_that_do_not_run_are_graded() {
    every_breakage_completes(1).await;
}

#[tokio::test]
async fn rate_limiter_submissions_that_do_not_run_are_graded() {
    every_breakage_completes(2).await;
}

#[tokio::test]
async fn data_cleaning_submissions_that_do_not_run_are_graded() {
    every_breakage_completes(3).await;
}

/// A custom task saved before its tests were collected still grades a broken submission 0 of its declared tests.
#[tokio::test]
async fn a_task_without_collected_names_counts_its_declared_tests() {
    let bench = Bench::new("API Rate Limiter").await;
    tali::db::entities::task::Entity::update_many()
        .col_expr(
            tali::db::entities::task::Column::HiddenTestNames,
            Expr::value(Option::<Value>::None),
        )
        .exec(&bench.app.state.db)
        .await
        .unwrap();
    let (_, manifest, starter) = TEMPLATES[2];
    let breakage = &breakages(starter)[0];
    bench
        .submitted_by_the_candidate(0, hidden_test_count(manifest), breakage)
        .await;
}
