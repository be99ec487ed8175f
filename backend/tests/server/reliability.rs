//! What the soak found under load, each held by a test: a database too busy to answer is a 503 with
//! `Retry-After` (never a 500), and a session that can no longer run code loses its sandbox at the next sweep.

use chrono::{Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};
use tali::db::entities::assessment;

use crate::common::TestApp;

fn on_postgres() -> bool {
    std::env::var("TALI_TEST_DATABASE").as_deref() == Ok("postgres")
}

/// Another connection holds SQLite's write lock past the server's busy timeout (5 s): the create that waited for
/// it answers 503 with `Retry-After`, and succeeds once the lock is gone. PostgreSQL has no file lock; its pool
/// timeout takes the same path (`db::is_busy`'s unit tests).
#[tokio::test]
async fn a_locked_database_answers_503_with_retry_after() {
    if on_postgres() {
        return;
    }
    let app = TestApp::spawn_with(&[("TALI_WORKER", "off")]).await;
    app.seed().await;
    let token = app.recruiter("busy@example.com").await;
    let task_id = app.template_id(&token).await;
    let create = |email: &str| {
        app.client
            .post(app.url("/api/v1/assessments"))
            .bearer_auth(&token)
            .json(&json!({"task_id": task_id, "candidate_email": email, "candidate_name": "Busy"}))
            .send()
    };

    let holder = sea_orm::Database::connect(app.database_url())
        .await
        .unwrap();
    let lock = tali::db::write_transaction(&holder).await.unwrap();
    lock.execute_unprepared("UPDATE users SET full_name = full_name")
        .await
        .unwrap();
    let refused = create("first@example.com").await.unwrap();
    assert_eq!(refused.status(), 503);
    let retry_after: u64 = refused.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry_after >= 1);
    let body: Value = refused.json().await.unwrap();
    assert!(
        body["detail"].as_str().unwrap().contains("try again"),
        "{body}"
    );

    lock.rollback().await.unwrap();
    assert_eq!(create("first@example.com").await.unwrap().status(), 201);
}

async fn open_sandboxes(app: &TestApp) -> Vec<i64> {
    let service = app.state.sandbox.as_ref().expect("a sandbox service");
    let mut ids: Vec<i64> = service
        .open_sandboxes()
        .await
        .unwrap()
        .into_iter()
        .map(|handle| handle.assessment_id)
        .collect();
    ids.sort();
    ids
}

/// A session past its deadline (and the auto-submitter's margin) loses its sandbox at the next sweep, without
/// waiting hours for it to count as idle; a session still running keeps its own. No worker runs here: the
/// auto-submitter would otherwise grade the overdue session and close its sandbox itself.
#[tokio::test]
async fn an_expired_sessions_sandbox_is_gone_after_one_sweep() {
    let app = TestApp::spawn_with(&[("TALI_WORKER", "off")]).await;
    app.seed().await;
    let token = app.recruiter("sweep@example.com").await;
    let created = app.create_assessments(&token, "sweep", 2).await;
    for assessment in &created {
        app.start_assessment(assessment).await;
    }
    let [expired, live] = [0, 1].map(|i| created[i]["id"].as_i64().unwrap());
    assert_eq!(open_sandboxes(&app).await, vec![expired, live]);

    assessment::Entity::update_many()
        .col_expr(
            assessment::Column::DeadlineAt,
            Expr::value(Utc::now() - Duration::hours(1)),
        )
        .filter(assessment::Column::Id.eq(expired as i32))
        .exec(&app.state.db)
        .await
        .unwrap();
    let closed = tali::session::reclaim_sandboxes(&app.state, Utc::now())
        .await
        .unwrap();
    assert_eq!(closed, 1);
    assert_eq!(open_sandboxes(&app).await, vec![live]);
    // Nothing else to do: a second sweep closes nothing more.
    let again = tali::session::reclaim_sandboxes(&app.state, Utc::now())
        .await
        .unwrap();
    assert_eq!(again, 0);
}

/// A submitted session whose close after grading was lost (the process stopped first) loses its sandbox at the
/// next sweep: the sandbox is opened again after the submit, as a replica rebuilding it would.
#[tokio::test]
async fn a_submitted_sessions_leftover_sandbox_is_gone_after_one_sweep() {
    let app = TestApp::spawn_with(&[("TALI_WORKER", "off")]).await;
    app.seed().await;
    let token = app.recruiter("submitted@example.com").await;
    let created = app.create_assessment(&token, "submitted@example.com").await;
    app.start_assessment(&created).await;
    let response = app
        .candidate_post(&created, "submit", &json!({"final_code": "print(1)"}))
        .await;
    assert_eq!(response.status(), 200);
    let id = created["id"].as_i64().unwrap();
    let service = app.state.sandbox.as_ref().unwrap();
    let leftover = service
        .create_sandbox(tali_sandbox::CreateSpec {
            assessment_id: id,
            organization_id: 1,
            lifetime: std::time::Duration::from_secs(3600),
            files: Vec::new(),
        })
        .await
        .unwrap();
    assert!(open_sandboxes(&app).await.contains(&leftover.assessment_id));
    let closed = tali::session::reclaim_sandboxes(&app.state, Utc::now())
        .await
        .unwrap();
    assert!(closed >= 1, "{closed}");
    assert!(!open_sandboxes(&app).await.contains(&id));
}
