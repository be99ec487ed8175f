//! Reports stored before runs took the timeline's numbering cite a run by its place among all events; the
//! migration renumbers them once, so their links match the timeline, and leaves reports of the new numbering
//! alone.

use chrono::Utc;
use reqwest::Method;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait, IntoActiveModel};
use sea_orm_migration::MigratorTrait;
use serde_json::{Value, json};
use tali::db::entities::{assessment, assessment_event};

use crate::common::TestApp;

const MIGRATION: &str = "m20261209_000003a_report_run_numbers";

async fn store(app: &TestApp, id: i32, report: Value) {
    let db = &app.state.db;
    // The session: a snapshot, test run, paste, run, test run: the old numbers 2, 4, 5, the timeline's 1, 1, 2.
    for (i, kind) in ["snapshot", "test_run", "paste", "run", "test_run"]
        .iter()
        .enumerate()
    {
        assessment_event::ActiveModel {
            assessment_id: Set(id),
            client_id: Set(format!("e{i}")),
            kind: Set(kind.to_string()),
            t_ms: Set(i as i64 * 10_000),
            at: Set(Utc::now()),
            data: Set(Some(json!({}))),
            ..Default::default()
        }
        .insert(db)
        .await
        .unwrap();
    }
    let mut row = assessment::Entity::find_by_id(id)
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .into_active_model();
    row.score_report = Set(Some(report));
    row.update(db).await.unwrap();
}

fn report(explanation: &str, evidence: Value, new_numbering: bool) -> Value {
    let mut r =
        json!({"signals": [{"id": "S3", "explanation": explanation, "evidence": evidence}]});
    if new_numbering {
        r["left_out"] = json!([]);
    }
    r
}

async fn stored(app: &TestApp, id: i32) -> Value {
    assessment::Entity::find_by_id(id)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap()
        .score_report
        .unwrap()
}

#[tokio::test]
async fn old_reports_take_the_timelines_run_numbers() {
    let app = TestApp::spawn().await;
    app.seed().await;
    let recruiter = app.recruiter("numbers@example.com").await;
    let old = app.create_assessment(&recruiter, "old@example.com").await["id"]
        .as_i64()
        .unwrap() as i32;
    let new = app.create_assessment(&recruiter, "new@example.com").await["id"]
        .as_i64()
        .unwrap() as i32;
    let db = &app.state.db;
    let names: Vec<String> = tali::db::migrations::Migrator::migrations()
        .iter()
        .map(|m| m.name().to_string())
        .collect();
    let mine = names.iter().position(|n| n == MIGRATION).unwrap();
    let back = (names.len() - mine) as u32;
    tali::db::migrations::Migrator::down(db, Some(back))
        .await
        .unwrap();

    let old_evidence = json!([{"kind": "test_run", "id": 5}, {"kind": "run", "id": 4}, {"kind": "exchange", "id": 1}]);
    store(
        &app,
        old,
        report(
            "Passed at 00:40 [test run 5] after [run 4] and [test run 2: test_a] [prompt 1].",
            old_evidence,
            false,
        ),
    )
    .await;
    let new_evidence = json!([{"kind": "test_run", "id": 2}, {"kind": "run", "id": 1}]);
    let new_report = report(
        "Passed at 00:40 [test run 2] after [run 1].",
        new_evidence,
        true,
    );
    store(&app, new, new_report.clone()).await;

    tali::db::migrate(db).await.unwrap();
    let renumbered = stored(&app, old).await;
    assert_eq!(
        renumbered["signals"][0]["explanation"],
        "Passed at 00:40 [test run 2] after [run 1] and [test run 1: test_a] [prompt 1]."
    );
    assert_eq!(
        renumbered["signals"][0]["evidence"],
        json!([{"kind": "test_run", "id": 2}, {"kind": "run", "id": 1}, {"kind": "exchange", "id": 1}])
    );
    assert_eq!(
        stored(&app, new).await,
        new_report,
        "a report of the new numbering is left alone"
    );

    // The recruiter reads the renumbered report.
    let detail = app
        .json_ok(
            Method::GET,
            &format!("/api/v1/assessments/{old}"),
            &recruiter,
            None,
            200,
        )
        .await;
    assert_eq!(detail["score_report"]["signals"][0]["evidence"][0]["id"], 2);
}
