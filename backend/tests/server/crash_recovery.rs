//! A server that dies between a submit's claim and its grade (killed, or the request cut off by the server's
//! timeout) leaves the session `submitting` with the code it was grading. Nothing else would finish it: the
//! candidate's retry is refused and the auto-submitter looks only at sessions in progress. The worker's sweep
//! grades such a claim once it is old enough to have no process behind it: exactly once, with the submitted
//! code, one results email, however many sweeps race for it.

use chrono::Utc;
use reqwest::Method;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use serde_json::{Value, json};
use tali::db::entities::{assessment, email_outbox};
use tali::session::recovery::recover_lost_claims;

use crate::common::TestApp;

/// What the database holds after a kill during grading: the claim, with the code it was grading.
async fn leave_claimed(app: &TestApp, id: i64, code: &str, claimed_ago: chrono::Duration) {
    let row = assessment::Entity::find_by_id(id as i32)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    let mut claimed: assessment::ActiveModel = row.into();
    claimed.status = Set("submitting".into());
    claimed.final_code = Set(Some(code.to_owned()));
    claimed.updated_at = Set(Utc::now() - claimed_ago);
    claimed.update(&app.state.db).await.unwrap();
}

async fn row(app: &TestApp, id: i64) -> assessment::Model {
    assessment::Entity::find_by_id(id as i32)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap()
}

/// The row once graded (at once, unless the server's own sweep took the claim and is still grading it).
async fn graded(app: &TestApp, id: i64) -> assessment::Model {
    for _ in 0..600 {
        let found = row(app, id).await;
        if found.status != "submitting" {
            return found;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("assessment {id} was never graded");
}

async fn submit(app: &TestApp, assessment: &Value, code: &str) -> reqwest::Response {
    let id = assessment["id"].as_i64().unwrap();
    app.client
        .post(app.url(&format!("/api/v1/assessments/{id}/submit")))
        .header("X-Assessment-Token", assessment["token"].as_str().unwrap())
        .json(&json!({"final_code": code}))
        .send()
        .await
        .unwrap()
}

async fn results_emails(app: &TestApp) -> usize {
    email_outbox::Entity::find()
        .filter(email_outbox::Column::Kind.eq("results"))
        .all(&app.state.db)
        .await
        .unwrap()
        .len()
}

#[tokio::test]
async fn a_submit_lost_with_its_server_is_graded_once() {
    // The server's own periodic sweep would race the test's: once an hour, so only its first, at start-up, runs.
    let app = TestApp::spawn_with(&[("JOBS_SWEEP_EVERY_SECONDS", "3600")]).await;
    app.seed().await;
    let token = app.recruiter("lost@example.com").await;
    // So the candidate's answer carries the score to compare.
    app.show_candidates_their_score(&token).await;
    let lost = app
        .create_assessment(&token, "lost.candidate@example.com")
        .await;
    let fresh = app
        .create_assessment(&token, "fresh.candidate@example.com")
        .await;
    app.start_assessment(&lost).await;
    app.start_assessment(&fresh).await;
    let lost_id = lost["id"].as_i64().unwrap();
    let fresh_id = fresh["id"].as_i64().unwrap();
    let submitted = "# what the candidate submitted\nVERSION = 1\n";
    // The default SUBMIT_CLAIM_LOST_AFTER_SECONDS, five minutes.
    let lost_after =
        chrono::Duration::from_std(app.state.settings.session.claim_lost_after).unwrap();
    assert_eq!(lost_after, chrono::Duration::minutes(5));
    leave_claimed(
        &app,
        lost_id,
        submitted,
        lost_after + chrono::Duration::minutes(1),
    )
    .await;
    // A claim younger than that may still be grading in another process: left alone.
    leave_claimed(&app, fresh_id, submitted, chrono::Duration::seconds(30)).await;

    // The candidate's retry meanwhile is refused, as any second submit during grading is.
    assert_eq!(submit(&app, &lost, "print('retry')").await.status(), 409);

    // Two workers sweep at once: one of them grades it. The server's start-up sweep, late on a loaded machine, may
    // be a third sweeper and win (the full PostgreSQL run once saw 0 + 0): never more than one grade in all.
    let (a, b) = tokio::join!(
        recover_lost_claims(&app.state),
        recover_lost_claims(&app.state)
    );
    assert!(a.unwrap() + b.unwrap() <= 1);
    let graded = graded(&app, lost_id).await;
    assert_eq!(graded.status, "completed");
    assert_eq!(graded.final_code.as_deref(), Some(submitted));
    assert!(graded.score.is_some() && graded.tests_total.is_some_and(|t| t > 0));
    assert_eq!(row(&app, fresh_id).await.status, "submitting");

    // Later sweeps find nothing; the candidate's retry now answers with the one grade.
    assert_eq!(recover_lost_claims(&app.state).await.unwrap(), 0);
    let again = submit(&app, &lost, "print('retry')").await;
    assert_eq!(again.status(), 200);
    let results: Value = again.json().await.unwrap();
    assert_eq!(results["score"].as_f64(), graded.score);
    assert_eq!(results_emails(&app).await, 1);
    let detail = app
        .json_ok(
            Method::GET,
            &format!("/api/v1/assessments/{lost_id}"),
            &token,
            None,
            200,
        )
        .await;
    assert_eq!(detail["status"], "completed");
}
