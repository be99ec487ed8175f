//! Several `tali serve` replicas behind a round-robin load balancer, on one database and one Redis: a whole
//! candidate session and a recruiter's work give the same results as on one server, whichever replica answers
//! each request; the login rate limit is counted across replicas; and a change made on one replica (a new
//! assessment, a password reset) shows on the others at once, not after their caches expire.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use crate::common::{PASSWORD, TestApp, detail};
use reqwest::Method;
use serde_json::{Value, json};
use tali_ai::mock::{AnthropicMock, MockServer};

const REFERENCE: &str = include_str!("../../seed/tasks/debugging-challenge/reference.py");
const STARTER: &str = include_str!("../../seed/tasks/debugging-challenge/starter.py");

/// Settings every replica of one deployment shares: the same Redis, with a namespace of this test's own (tests
/// run concurrently and share the Redis server), and the same AI provider.
fn deployment_env(ai: &MockServer) -> Vec<(String, String)> {
    let redis =
        std::env::var("TALI_TEST_REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".into());
    vec![
        ("REDIS_URL".into(), redis),
        (
            "JOBS_QUEUE".into(),
            format!("tali-test-{}", uuid::Uuid::new_v4().simple()),
        ),
        ("ANTHROPIC_API_KEY".into(), "sk-ant-test".into()),
        ("ANTHROPIC_BASE_URL".into(), ai.base_url().to_string()),
        ("AUTH_RATE_LIMIT_PER_MINUTE".into(), "5".into()),
    ]
}

/// The replicas of one deployment and a client that sends each request to the next one in turn.
struct Deployment {
    replicas: Vec<TestApp>,
    next: AtomicUsize,
    _ai: MockServer,
}

impl Deployment {
    async fn start(replicas: usize) -> Self {
        let ai = AnthropicMock::start().await.unwrap();
        let env = deployment_env(&ai);
        let pairs: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let first = TestApp::spawn_with(&pairs).await;
        first.seed().await;
        let mut all = vec![first];
        for _ in 1..replicas {
            let replica = all[0].replica(&pairs).await;
            all.push(replica);
        }
        // A replica hears the others' cache announcements once its subscription is up.
        tokio::time::sleep(Duration::from_millis(300)).await;
        Self {
            replicas: all,
            next: AtomicUsize::new(0),
            _ai: ai,
        }
    }

    /// The replica the load balancer picks for the next request.
    fn any(&self) -> &TestApp {
        let turn = self.next.fetch_add(1, Ordering::Relaxed);
        &self.replicas[turn % self.replicas.len()]
    }

    async fn candidate(&self, id: i64, token: &str, action: &str, body: Value) -> Value {
        let app = self.any();
        let response = app
            .client
            .post(app.url(&format!("/api/v1/assessments/{id}/{action}")))
            .header("x-assessment-token", token)
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = response.status();
        let text = response.text().await.unwrap();
        assert_eq!(status, 200, "{action} on {}: {text}", app.base);
        serde_json::from_str(&text).unwrap()
    }
}

async fn start(app: &TestApp, token: &str) -> Value {
    let response = app
        .client
        .post(app.url(&format!("/api/v1/assessments/token/{token}/start")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

/// One recruiter and one candidate through a whole assessment, every request to the next replica. Returns what
/// the recruiter and the candidate saw, without what differs from run to run (ids, times, tokens).
async fn whole_assessment(deployment: &Deployment) -> Value {
    let recruiter = deployment.any().recruiter("lead@example.com").await;
    deployment
        .any()
        .show_candidates_their_score(&recruiter)
        .await;
    let task_id = deployment
        .any()
        .template_named(&recruiter, "Debugging Challenge")
        .await;
    let created = deployment
        .any()
        .json_ok(
            Method::POST,
            "/api/v1/assessments",
            &recruiter,
            Some(
                &json!({"task_id": task_id, "candidate_email": "cand@example.com",
                "candidate_name": "Cand"}),
            ),
            201,
        )
        .await;
    let id = created["id"].as_i64().unwrap();
    let token = created["token"].as_str().unwrap();

    let started = start(deployment.any(), token).await;

    let saved = deployment
        .candidate(
            id,
            token,
            "events",
            json!({"events": [
            {"id": "s1", "type": "snapshot", "data": {"code": STARTER}}]}),
        )
        .await;
    let ran = deployment
        .candidate(
            id,
            token,
            "execute",
            json!({"code": "print(sum(range(5)))"}),
        )
        .await;
    let failing = deployment
        .candidate(id, token, "tests", json!({"code": STARTER}))
        .await;
    let chat = deployment
        .candidate(
            id,
            token,
            "claude",
            json!({"message": "Why does the volume tier test fail?"}),
        )
        .await;
    let autosaved = deployment
        .candidate(
            id,
            token,
            "events",
            json!({"events": [
            {"id": "s2", "type": "snapshot", "data": {"code": REFERENCE}}]}),
        )
        .await;
    // The candidate reloads the page; whichever replica answers opens the autosaved code.
    let resumed = start(deployment.any(), token).await;
    let passing = deployment
        .candidate(id, token, "tests", json!({"code": REFERENCE}))
        .await;
    let submitted = deployment
        .candidate(id, token, "submit", json!({"final_code": REFERENCE}))
        .await;

    let listed = deployment
        .any()
        .json_ok(Method::GET, "/api/v1/assessments", &recruiter, None, 200)
        .await;
    let detail = deployment
        .any()
        .json_ok(
            Method::GET,
            &format!("/api/v1/assessments/{id}"),
            &recruiter,
            None,
            200,
        )
        .await;
    json!({
        "started": started["task"]["starter_code"],
        "saved": [saved, autosaved],
        "resumed": resumed["task"]["starter_code"],
        "ran": [ran["stdout"], ran["exit_code"]],
        "failing": [failing["tests_passed"], failing["tests_total"]],
        "chat": chat["response"],
        "passing": [passing["tests_passed"], passing["tests_total"]],
        "submitted": [submitted["status"], submitted["tests_passed"], submitted["tests_total"]],
        "listed": [listed["total"], listed["items"][0]["status"]],
        "detail": [detail["status"], detail["final_code"], detail["tests_passed"]],
    })
}

#[tokio::test]
async fn a_whole_assessment_across_two_replicas_matches_one_server() {
    let alone = whole_assessment(&Deployment::start(1).await).await;
    let pair = Deployment::start(2).await;
    let spread = whole_assessment(&pair).await;
    assert_eq!(spread, alone);
    let submitted = &alone["submitted"];
    assert_eq!(submitted[0], "completed");
    assert_eq!(
        submitted[1], submitted[2],
        "the reference passes every hidden test"
    );
    assert_eq!(alone["passing"][0], alone["passing"][1]);
    assert!(alone["failing"][0].as_i64() < alone["failing"][1].as_i64());
    assert!(!alone["chat"].as_str().unwrap().is_empty());
    assert_eq!(
        alone["resumed"], REFERENCE,
        "a resume opens the autosaved code"
    );
}

#[tokio::test]
async fn the_login_limit_counts_attempts_on_every_replica() {
    let pair = Deployment::start(2).await;
    pair.any().register("target@example.com").await;
    let attempt = json!({"email": "target@example.com", "password": "not the password"});
    // The limit is 5 a minute for the account: five wrong guesses spread over both replicas use it up.
    for _ in 0..5 {
        let response = pair.any().post_json("/api/v1/auth/login", &attempt).await;
        assert_eq!(response.status(), 401);
    }
    for replica in &pair.replicas {
        let right = json!({"email": "target@example.com", "password": PASSWORD});
        let refused = replica.post_json("/api/v1/auth/login", &right).await;
        assert_eq!(refused.status(), 429);
        assert!(refused.headers().contains_key("retry-after"));
    }
}

/// Polls `check` on `replica` until it holds; the announcement travels through Redis, so it may take a few
/// milliseconds, but never as long as the cache's own expiry (which this stays well under).
async fn eventually(what: &str, mut check: impl AsyncFnMut() -> bool) {
    for _ in 0..40 {
        if check().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{what} was not seen within 2 s");
}

#[tokio::test]
async fn a_change_on_one_replica_shows_on_the_other_before_caches_expire() {
    let pair = Deployment::start(2).await;
    let (a, b) = (&pair.replicas[0], &pair.replicas[1]);
    let token = a.recruiter("lists@example.com").await;

    // B counts (and keeps) the total; A adds an assessment; B's total follows at once.
    let before = b
        .json_ok(Method::GET, "/api/v1/assessments", &token, None, 200)
        .await;
    assert_eq!(before["total"], 0);
    a.create_assessment(&token, "one@example.com").await;
    eventually("the new total on the other replica", async || {
        let now = b
            .json_ok(Method::GET, "/api/v1/assessments", &token, None, 200)
            .await;
        now["total"] == 1
    })
    .await;

    // B knows the session (cached); a password reset on A ends it on B too.
    assert_eq!(b.get_auth("/api/v1/auth/me", &token).await.status(), 200);
    let reset = a
        .post_json(
            "/api/v1/auth/forgot-password",
            &json!({"email": "lists@example.com"}),
        )
        .await;
    assert_eq!(reset.status(), 202);
    let outbox = a.outbox().await;
    let email = outbox.iter().find(|e| e.kind == "password-reset").unwrap();
    let reset_token = email
        .text
        .split("token=")
        .nth(1)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap();
    let changed = a
        .post_json(
            "/api/v1/auth/reset-password",
            &json!({"token": reset_token, "new_password": "another long passphrase"}),
        )
        .await;
    assert_eq!(changed.status(), 200);
    eventually("the old session refused on the other replica", async || {
        b.get_auth("/api/v1/auth/me", &token).await.status() == 401
    })
    .await;
    let old = b.get_auth("/api/v1/auth/me", &token).await;
    assert_eq!(detail(old, 401).await, "Could not validate credentials");
}

/// Whether the candidate's run-in-flight mark is in Redis (`<queue>:run-in-flight:<assessment id>`).
async fn marked_in_flight(app: &TestApp, assessment_id: i64) -> bool {
    let url =
        std::env::var("TALI_TEST_REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".into());
    let key = format!(
        "{}:run-in-flight:{assessment_id}",
        app.state.settings.jobs.queue
    );
    let mut redis = redis::Client::open(url)
        .unwrap()
        .get_multiplexed_async_connection()
        .await
        .unwrap();
    redis::cmd("EXISTS")
        .arg(&key)
        .query_async::<bool>(&mut redis)
        .await
        .unwrap()
}

/// Waits for `check` to hold; the bound only turns a hang into a failure.
async fn until(what: &str, mut check: impl AsyncFnMut() -> bool) {
    let started = std::time::Instant::now();
    while started.elapsed() < Duration::from_secs(60) {
        if check().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{what} did not happen within 60 s");
}

/// One run in flight per candidate across the deployment, not per replica: while a slow run holds the candidate's
/// turn on one replica, a run sent to the other is refused (429 with `Retry-After`), not run beside it; once the
/// slow run ends, the other replica runs the next.
#[tokio::test]
async fn one_run_in_flight_per_candidate_across_replicas() {
    let pair = Deployment::start(2).await;
    let (a, b) = (&pair.replicas[0], &pair.replicas[1]);
    let recruiter = a.recruiter("turns@example.com").await;
    let created = a.create_assessment(&recruiter, "turns@example.com").await;
    a.start_assessment(&created).await;
    let id = created["id"].as_i64().unwrap();

    let slow = {
        let request = a
            .client
            .post(a.url(&format!("/api/v1/assessments/{id}/execute")))
            .header("x-assessment-token", created["token"].as_str().unwrap())
            .json(&json!({"code": "import time\ntime.sleep(8)\nprint('slow')"}));
        tokio::spawn(async move { request.send().await.unwrap().status() })
    };
    until("the slow run's mark in Redis", async || {
        marked_in_flight(a, id).await
    })
    .await;

    let refused = b
        .candidate_post(&created, "execute", &json!({"code": "print(1)"}))
        .await;
    assert_eq!(refused.status(), 429);
    assert!(refused.headers().contains_key("retry-after"));
    let message = detail(refused, 429).await;
    assert!(message.contains("still going"), "{message}");

    assert_eq!(slow.await.unwrap(), 200);
    until("the mark's release", async || {
        !marked_in_flight(a, id).await
    })
    .await;
    let next = b
        .candidate_post(&created, "execute", &json!({"code": "print(2)"}))
        .await;
    assert_eq!(next.status(), 200);
}

/// The runs-per-minute quota counts a candidate's runs on every replica together: spread over two replicas, the
/// run after the quota is refused (429 with `Retry-After`) though each replica saw only half. Redis counts in
/// one-minute windows; a pass that straddles two windows proves nothing and is repeated.
#[tokio::test]
async fn the_run_quota_counts_runs_on_every_replica() {
    let pair = Deployment::start(2).await;
    let recruiter = pair.replicas[0].recruiter("quota@example.com").await;
    let quota = pair.replicas[0].state.settings.session.runs_per_minute;
    let minute = || chrono::Utc::now().timestamp() / 60;
    for attempt in 0..3 {
        let email = format!("quota-{attempt}@example.com");
        let created = pair.replicas[0].create_assessment(&recruiter, &email).await;
        pair.replicas[0].start_assessment(&created).await;
        let window = minute();
        for run in 0..quota {
            let replica = &pair.replicas[run as usize % 2];
            let response = replica
                .candidate_post(&created, "execute", &json!({"code": "pass"}))
                .await;
            assert_eq!(response.status(), 200, "run {run}");
        }
        let refused = pair.replicas[quota as usize % 2]
            .candidate_post(&created, "execute", &json!({"code": "pass"}))
            .await;
        if minute() != window {
            continue;
        }
        assert_eq!(refused.status(), 429);
        assert!(refused.headers().contains_key("retry-after"));
        let message = detail(refused, 429).await;
        assert!(message.contains("in the last minute"), "{message}");
        return;
    }
    panic!("three passes each straddled two minutes");
}
