//! The understanding check after submit: three questions about the candidate's own submission, answered within
//! five minutes by the server's clock. With the mock AI the model writes the questions and the judge grades the
//! answers (as a job); without AI the templates ask and the recruiter grades. A late answer is refused, a check
//! left open is closed by the sweep, a skip is recorded and never lowers the score, and no organization sees or
//! grades another's check.

use reqwest::Method;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
use serde_json::{Value, json};
use tali::db::entities::{assessment, understanding_check};
use tali_ai::mock::AnthropicMock;

use crate::common::{TestApp, detail};

const STARTER: &str = include_str!("../../seed/tasks/debugging-challenge/starter.py");
const REFERENCE: &str = include_str!("../../seed/tasks/debugging-challenge/reference.py");

/// A Debugging Challenge (a template task: the check is on) submitted with the reference fix.
async fn submitted(app: &TestApp, recruiter: &str, email: &str) -> Value {
    let task_id = app.template_named(recruiter, "Debugging Challenge").await;
    let assessment = app
        .json_ok(
            Method::POST,
            "/api/v1/assessments",
            recruiter,
            Some(&json!({"task_id": task_id, "candidate_email": email, "candidate_name": "Cand Idate"})),
            201,
        )
        .await;
    app.start_assessment(&assessment).await;
    // Before the submit there is nothing to ask about.
    let early = app
        .candidate_post(&assessment, "understanding/start", &json!({}))
        .await;
    assert_eq!(
        detail(early, 409).await,
        "The understanding check opens once the work is submitted"
    );
    let response = app
        .candidate_post(&assessment, "submit", &json!({"final_code": REFERENCE}))
        .await;
    assert_eq!(response.status(), 200);
    let results: Value = response.json().await.unwrap();
    assert_eq!(results["understanding_check"], true, "{results}");
    assessment
}

async fn open(app: &TestApp, assessment: &Value) -> Value {
    let response = app
        .candidate_post(assessment, "understanding/start", &json!({}))
        .await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

async fn view(app: &TestApp, recruiter: &str, assessment: &Value) -> Value {
    let path = format!("/api/v1/assessments/{}/understanding", assessment["id"]);
    app.json_ok(Method::GET, &path, recruiter, None, 200).await
}

async fn report(app: &TestApp, recruiter: &str, assessment: &Value) -> Value {
    let path = format!("/api/v1/assessments/{}", assessment["id"]);
    app.json_ok(Method::GET, &path, recruiter, None, 200).await
}

fn s11(detail: &Value) -> Value {
    detail["score_report"]["signals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "S11")
        .cloned()
        .unwrap_or_else(|| panic!("no S11 in {}", detail["score_report"]))
}

async fn grade(
    app: &TestApp,
    recruiter: &str,
    assessment: &Value,
    body: Value,
) -> reqwest::Response {
    let path = format!(
        "/api/v1/assessments/{}/understanding/grades",
        assessment["id"]
    );
    app.send(Method::POST, &path, recruiter, Some(&body)).await
}

/// Moves the check's deadline into the past, as five minutes going by would.
async fn time_passes(app: &TestApp, assessment: &Value) {
    understanding_check::Entity::update_many()
        .col_expr(
            understanding_check::Column::DeadlineAt,
            Expr::value(chrono::Utc::now() - chrono::Duration::minutes(1)),
        )
        .filter(
            understanding_check::Column::AssessmentId.eq(assessment["id"].as_i64().unwrap() as i32),
        )
        .exec(&app.state.db)
        .await
        .unwrap();
}

#[tokio::test]
async fn with_the_mock_ai_the_model_asks_and_the_judge_grades_as_a_job() {
    let ai = AnthropicMock::start().await.unwrap();
    let app = TestApp::spawn_with(&[
        ("ANTHROPIC_API_KEY", "sk-ant-test"),
        ("ANTHROPIC_BASE_URL", ai.base_url()),
    ])
    .await;
    app.seed().await;
    let recruiter = app.recruiter("ai-check@example.com").await;
    let assessment = submitted(&app, &recruiter, "cand@example.com").await;

    let check = open(&app, &assessment).await;
    assert_eq!(check["status"], "open");
    let questions = check["questions"].as_array().unwrap();
    assert_eq!(questions.len(), 3);
    assert!(
        questions
            .iter()
            .all(|q| q.as_str().unwrap().starts_with("[mock]")),
        "{check}"
    );
    let left = check["seconds_left"].as_i64().unwrap();
    assert!((280..=300).contains(&left), "{check}");
    assert_eq!(check["time_limit_seconds"], 300);
    // The model saw the candidate's code and the starter.
    let asked = ai
        .requests()
        .into_iter()
        .find(|r| r.body.to_string().contains("exactly 3 short questions"))
        .expect("a question request");
    assert!(asked.body.to_string().contains("Submitted code"));
    // Opening again (a reload) gives the same questions and deadline.
    let again = open(&app, &assessment).await;
    assert_eq!(
        (&again["questions"], &again["deadline_at"]),
        (&check["questions"], &check["deadline_at"])
    );
    assert_eq!(
        s11(&report(&app, &recruiter, &assessment).await)["status"]["status"],
        "insufficient"
    );

    let answered = app
        .candidate_post(
            &assessment,
            "understanding/answers",
            &json!({"answers": ["The sort ran before the filter.", "It returns an empty list.", "  "]}),
        )
        .await;
    assert_eq!(answered.status(), 200);
    let answered: Value = answered.json().await.unwrap();
    assert_eq!(
        (
            answered["status"].as_str(),
            answered["seconds_left"].as_i64()
        ),
        (Some("answered"), Some(0))
    );
    let twice = app
        .candidate_post(
            &assessment,
            "understanding/answers",
            &json!({"answers": ["a", "b", "c"]}),
        )
        .await;
    assert_eq!(
        detail(twice, 409).await,
        "The understanding check is already closed"
    );

    // The grading job runs on the queue; the judges' job rewrites the report too, and S11 survives it.
    let mut graded = Value::Null;
    let mut last = String::new();
    for _ in 0..600 {
        let seen = view(&app, &recruiter, &assessment).await;
        let detail = report(&app, &recruiter, &assessment).await;
        last = format!(
            "{seen} {} {}",
            detail["score_report"]["judges"],
            s11(&detail)
        );
        if seen["grading"] == "done"
            && detail["score_report"]["judges"]["status"] == "done"
            && s11(&detail)["status"]["status"] == "scored"
        {
            graded = seen;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(graded["source"], "ai", "the check was never graded: {last}");
    let grades: Vec<(f64, &str)> = graded["questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| {
            (
                q["grade"]["score"].as_f64().unwrap(),
                q["grade"]["by"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(grades, [(8.0, "ai"), (6.0, "ai"), (0.0, "rule")]);
    assert_eq!(graded["questions"][2]["answer"], "");
    let detail = report(&app, &recruiter, &assessment).await;
    let signal = s11(&detail);
    assert_eq!(signal["status"]["score"], 4.7);
    assert_eq!(signal["title"], "Understanding");
    // The overall is the weighted mean with S11 in it: its share is 0.10 of the weights with evidence.
    let shares: f64 = detail["score_report"]["signals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["weight_used"].as_f64().unwrap())
        .sum();
    assert!((shares - 1.0).abs() < 1e-6);
    assert_eq!(detail["score"], detail["score_report"]["overall"]);
}

#[tokio::test]
async fn without_ai_the_templates_ask_and_the_recruiter_grades() {
    let app = TestApp::spawn().await;
    app.seed().await;
    let recruiter = app.recruiter("manual-check@example.com").await;
    let assessment = submitted(&app, &recruiter, "cand@example.com").await;
    let before = report(&app, &recruiter, &assessment).await;
    assert_eq!(
        s11(&before)["status"]["reason"],
        "the candidate has not taken the understanding check"
    );

    let check = open(&app, &assessment).await;
    let questions: Vec<&str> = check["questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q.as_str().unwrap())
        .collect();
    assert_eq!(questions.len(), 3);
    // The reference fix changes functions of the starter; the templates name one of them.
    assert!(questions.iter().any(|q| q.contains('`')), "{questions:?}");
    assert!(!STARTER.is_empty());

    let answered = app
        .candidate_post(
            &assessment,
            "understanding/answers",
            &json!({"answers": ["One", "Two", "Three"]}),
        )
        .await;
    assert_eq!(answered.status(), 200);
    let seen = view(&app, &recruiter, &assessment).await;
    assert_eq!(
        (seen["source"].as_str(), seen["grading"].as_str()),
        (Some("templates"), Some("recruiter"))
    );
    assert_eq!(seen["questions"][1]["answer"], "Two");
    assert_eq!(
        s11(&report(&app, &recruiter, &assessment).await)["status"]["reason"],
        "the answers await the recruiter's grades"
    );

    // Out-of-range grades are refused with the field named.
    assert_eq!(
        grade(
            &app,
            &recruiter,
            &assessment,
            json!({"question": 4, "score": 5})
        )
        .await
        .status(),
        422
    );
    assert_eq!(
        grade(
            &app,
            &recruiter,
            &assessment,
            json!({"question": 1, "score": 11})
        )
        .await
        .status(),
        422
    );
    for (question, score) in [(1, 10), (2, 5)] {
        let response = grade(
            &app,
            &recruiter,
            &assessment,
            json!({"question": question, "score": score}),
        )
        .await;
        assert_eq!(response.status(), 200);
    }
    assert_eq!(
        s11(&report(&app, &recruiter, &assessment).await)["status"]["status"],
        "insufficient"
    );
    let response = grade(
        &app,
        &recruiter,
        &assessment,
        json!({"question": 3, "score": 0, "reason": "Unrelated."}),
    )
    .await;
    let seen: Value = response.json().await.unwrap();
    assert_eq!(
        (seen["grading"].as_str(), seen["score"].as_f64()),
        (Some("done"), Some(5.0))
    );
    assert_eq!(
        seen["questions"][2]["grade"],
        json!({"score": 0.0, "reason": "Unrelated.", "by": "recruiter"})
    );
    let after = report(&app, &recruiter, &assessment).await;
    assert_eq!(s11(&after)["status"]["score"], 5.0);
    assert_eq!(after["score"], after["score_report"]["overall"]);
    assert_ne!(
        after["score_report"]["overall"],
        before["score_report"]["overall"]
    );
    // The stored column follows too (the list and the PDF read it).
    let row = assessment::Entity::find_by_id(assessment["id"].as_i64().unwrap() as i32)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.score, after["score"].as_f64());
    // The PDF carries the check (rendering it must not fail).
    let pdf = app
        .send(
            Method::GET,
            &format!("/api/v1/assessments/{}/report.pdf", assessment["id"]),
            &recruiter,
            None,
        )
        .await;
    assert_eq!(pdf.status(), 200);
    assert!(pdf.bytes().await.unwrap().starts_with(b"%PDF"));
}

#[tokio::test]
async fn the_time_limit_is_enforced_by_the_server_and_a_skip_is_recorded() {
    let app = TestApp::spawn().await;
    app.seed().await;
    let recruiter = app.recruiter("late-check@example.com").await;

    // Answers after the deadline are refused, and the check reads expired.
    let late = submitted(&app, &recruiter, "late@example.com").await;
    open(&app, &late).await;
    time_passes(&app, &late).await;
    let response = app
        .candidate_post(
            &late,
            "understanding/answers",
            &json!({"answers": ["a", "b", "c"]}),
        )
        .await;
    assert_eq!(
        detail(response, 410).await,
        "Time is up for the questions; your submitted work is what counts"
    );
    assert_eq!(view(&app, &recruiter, &late).await["status"], "expired");
    assert_eq!(
        s11(&report(&app, &recruiter, &late).await)["status"]["reason"],
        "the candidate did not answer the understanding check within 5 minutes"
    );

    // A check left open (the candidate closed the tab) is closed by the periodic sweep.
    let gone = submitted(&app, &recruiter, "gone@example.com").await;
    open(&app, &gone).await;
    assert_eq!(
        tali::session::understanding::close_expired(&app.state)
            .await
            .unwrap(),
        0
    );
    time_passes(&app, &gone).await;
    assert_eq!(
        tali::session::understanding::close_expired(&app.state)
            .await
            .unwrap(),
        1
    );
    let seen = view(&app, &recruiter, &gone).await;
    assert_eq!(seen["status"], "expired");
    assert!(seen["closed_at"].is_string());

    // A skip is recorded, leaves the overall as the nine signals make it, and closes the check.
    let skipper = submitted(&app, &recruiter, "skip@example.com").await;
    let before = report(&app, &recruiter, &skipper).await;
    open(&app, &skipper).await;
    let skipped = app
        .candidate_post(&skipper, "understanding/skip", &json!({}))
        .await;
    assert_eq!(skipped.status(), 200);
    let after = report(&app, &recruiter, &skipper).await;
    assert_eq!(after["score"], before["score"]);
    assert!(
        after["score_report"]["left_out"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["signal"] == "S11"
                && l["reason"] == "the candidate skipped the understanding check"),
        "{}",
        after["score_report"]["left_out"]
    );
    let response = app
        .candidate_post(
            &skipper,
            "understanding/answers",
            &json!({"answers": ["a", "b", "c"]}),
        )
        .await;
    assert_eq!(response.status(), 409);
    // Nothing to grade after a skip.
    let response = grade(
        &app,
        &recruiter,
        &skipper,
        json!({"question": 1, "score": 10}),
    )
    .await;
    assert_eq!(
        detail(response, 409).await,
        "There are no answers to grade: the check is skipped"
    );
    // A wrong number of answers is a clear 400.
    let other = submitted(&app, &recruiter, "count@example.com").await;
    open(&app, &other).await;
    let response = app
        .candidate_post(
            &other,
            "understanding/answers",
            &json!({"answers": ["only one"]}),
        )
        .await;
    assert_eq!(
        detail(response, 400).await,
        "Send one answer per question (3); an answer may be blank"
    );
}

#[tokio::test]
async fn a_check_belongs_to_its_organization_and_its_candidate() {
    let app = TestApp::spawn().await;
    app.seed().await;
    let acme = app.recruiter("acme-check@example.com").await;
    let globex = app.recruiter("globex-check@example.com").await;
    let assessment = submitted(&app, &acme, "cand@example.com").await;
    open(&app, &assessment).await;
    app.candidate_post(
        &assessment,
        "understanding/answers",
        &json!({"answers": ["a", "b", "c"]}),
    )
    .await;
    let path = format!("/api/v1/assessments/{}/understanding", assessment["id"]);
    assert_eq!(app.get_auth(&path, &globex).await.status(), 404);
    assert_eq!(
        grade(
            &app,
            &globex,
            &assessment,
            json!({"question": 1, "score": 10})
        )
        .await
        .status(),
        404
    );
    assert_eq!(
        view(&app, &acme, &assessment).await["questions"][0]["grade"]["score"],
        Value::Null
    );
    // Another assessment's token cannot open this one's check.
    let mine = submitted(&app, &acme, "other@example.com").await;
    let mut forged = mine.clone();
    forged["id"] = assessment["id"].clone();
    let response = app
        .candidate_post(&forged, "understanding/start", &json!({}))
        .await;
    assert_eq!(response.status(), 403);

    // An assessment sent without the check has none.
    assessment::Entity::update_many()
        .col_expr(assessment::Column::UnderstandingCheck, Expr::value(false))
        .filter(assessment::Column::Id.eq(mine["id"].as_i64().unwrap() as i32))
        .exec(&app.state.db)
        .await
        .unwrap();
    let response = app
        .candidate_post(&mine, "understanding/start", &json!({}))
        .await;
    assert_eq!(
        detail(response, 404).await,
        "This assessment has no understanding check"
    );
}
