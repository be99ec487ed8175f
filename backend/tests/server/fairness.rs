//! Fair use of the sandbox: one candidate's runs in a loop neither hold up another candidate's run nor go
//! beyond one in flight and the quota per minute; refusals are 429 with `Retry-After` and a sentence to show.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use reqwest::Response;
use serde_json::{Value, json};

use crate::common::TestApp;

const SLOW_RUN: &str = "import time\ntime.sleep(3)\nprint('slow')";

struct Candidate {
    id: i64,
    token: String,
}

async fn candidates(app: &TestApp, count: usize) -> Vec<Candidate> {
    app.seed().await;
    let recruiter = app.recruiter("recruiter@example.com").await;
    let mut out = Vec::new();
    for assessment in app.create_assessments(&recruiter, "cand", count).await {
        app.start_assessment(&assessment).await;
        out.push(Candidate {
            id: assessment["id"].as_i64().unwrap(),
            token: assessment["token"].as_str().unwrap().to_string(),
        });
    }
    out
}

async fn run(app: &TestApp, candidate: &Candidate, action: &str, code: &str) -> Response {
    app.client
        .post(app.url(&format!("/api/v1/assessments/{}/{action}", candidate.id)))
        .header("x-assessment-token", &candidate.token)
        .json(&json!({ "code": code }))
        .send()
        .await
        .unwrap()
}

/// The refusal's `Retry-After` seconds and its message.
async fn refusal(response: Response) -> (u64, String) {
    assert_eq!(response.status(), 429);
    let retry_after = response.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    let body: Value = response.json().await.unwrap();
    (retry_after, body["detail"].as_str().unwrap().to_string())
}

#[tokio::test]
async fn a_candidate_spamming_runs_does_not_hold_up_another() {
    // Two slots: without the limit, the spammer's runs would take both and the other candidate would queue.
    let app = TestApp::spawn_with(&[("SANDBOX_MAX_CONCURRENT", "2")]).await;
    let [spammer, other] = <[Candidate; 2]>::try_from(candidates(&app, 2).await)
        .ok()
        .unwrap();
    let app = Arc::new(app);
    let spammer = Arc::new(spammer);
    let finished = Arc::new(AtomicUsize::new(0));

    let spam: Vec<_> = (0..6)
        .map(|_| {
            let (app, spammer, finished) = (app.clone(), spammer.clone(), finished.clone());
            tokio::spawn(async move {
                let response = run(&app, &spammer, "execute", SLOW_RUN).await;
                let status = response.status().as_u16();
                let order = finished.fetch_add(1, Ordering::SeqCst);
                if status == 429 {
                    let (retry_after, detail) = refusal(response).await;
                    assert!(retry_after >= 1);
                    assert!(detail.contains("still going"), "{detail}");
                }
                (status, order)
            })
        })
        .collect();
    // The five refusals come back while the one admitted run sleeps.
    while finished.load(Ordering::SeqCst) < 5 {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }

    let response = run(&app, &other, "execute", "print('my turn')").await;
    let other_order = finished.fetch_add(1, Ordering::SeqCst);
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["stdout"], "my turn\n");

    let mut outcomes = Vec::new();
    for task in spam {
        outcomes.push(task.await.unwrap());
    }
    let admitted: Vec<usize> = outcomes
        .iter()
        .filter(|(status, _)| *status == 200)
        .map(|(_, order)| *order)
        .collect();
    let refused = outcomes.iter().filter(|(status, _)| *status == 429).count();
    assert_eq!((admitted.len(), refused), (1, 5), "{outcomes:?}");
    assert!(
        other_order < admitted[0],
        "the other candidate's run answered before the spammer's one run ended: {outcomes:?}, other {other_order}"
    );

    // The turn is free again once the run has ended.
    assert_eq!(
        run(&app, &spammer, "execute", "print(1)").await.status(),
        200
    );
}

#[tokio::test]
async fn runs_and_test_runs_share_a_quota_per_minute_per_candidate() {
    let app = TestApp::spawn_with(&[("CANDIDATE_RUNS_PER_MINUTE", "3")]).await;
    let [busy, other] = <[Candidate; 2]>::try_from(candidates(&app, 2).await)
        .ok()
        .unwrap();
    for action in ["execute", "tests", "execute"] {
        let response = run(&app, &busy, action, "print(1)").await;
        assert_eq!(response.status(), 200, "{action}");
    }
    for action in ["execute", "tests"] {
        let (retry_after, detail) = refusal(run(&app, &busy, action, "print(1)").await).await;
        assert!((1..=60).contains(&retry_after), "{retry_after}");
        assert!(detail.contains("3 times in the last minute"), "{detail}");
    }
    // Another candidate has a quota of their own.
    assert_eq!(run(&app, &other, "execute", "print(1)").await.status(), 200);
}
