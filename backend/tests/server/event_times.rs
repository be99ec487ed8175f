//! Telemetry is dated by when it happened, not when its batch arrived: the client's time, corrected by its
//! clock's skew (`sent_at`) and bounded by the session's start and the receipt, so the timeline and the
//! provenance see a paste before the run it preceded, and no client can date an event outside the window.

use chrono::{DateTime, Duration, SecondsFormat, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};
use tali::db::entities::{assessment, assessment_event};

use crate::common::TestApp;

fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

async fn started_at(app: &TestApp, id: i64) -> DateTime<Utc> {
    assessment::Entity::find_by_id(id as i32)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap()
        .started_at
        .expect("started")
}

/// The stored `t_ms` of the event the client sent with this id.
async fn t_ms(app: &TestApp, id: i64, client_id: &str) -> i64 {
    assessment_event::Entity::find()
        .filter(assessment_event::Column::AssessmentId.eq(id as i32))
        .filter(assessment_event::Column::ClientId.eq(client_id))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("{client_id} stored"))
        .t_ms
}

async fn send(app: &TestApp, assessment: &Value, body: Value) -> (u16, Value) {
    let r = app.candidate_post(assessment, "events", &body).await;
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn pastes_keep_the_clients_time_within_the_session_window() {
    let app = TestApp::spawn().await;
    app.seed().await;
    let recruiter = app.recruiter("times@example.com").await;
    let a = app.create_assessment(&recruiter, "cand@example.com").await;
    let id = a["id"].as_i64().unwrap();
    app.start_assessment(&a).await;
    let start = started_at(&app, id).await;
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;

    // A snapshot sent now without a time is dated on receipt, at least 400 ms in.
    let (status, _) = send(
        &app,
        &a,
        json!({"events": [{"id": "snap", "type": "snapshot", "data": {"code": "x = 1\n"}}]}),
    )
    .await;
    assert_eq!(status, 200);
    let received = t_ms(&app, id, "snap").await;
    assert!(received >= 400, "{received}");

    // A paste made 50 ms in and uploaded later keeps its own time, before the snapshot.
    let paste = |cid: &str, at: DateTime<Utc>| json!({"id": cid, "type": "paste", "at": rfc3339(at), "data": {"text": "y = 2", "chars": 5}});
    let (status, _) = send(
        &app,
        &a,
        json!({"events": [paste("early", start + Duration::milliseconds(50))]}),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(t_ms(&app, id, "early").await, 50);

    // A clock an hour behind is corrected by the batch's send time (plus at most the request's transit).
    let behind = Duration::hours(1);
    let body = json!({
        "events": [paste("skewed", start + Duration::milliseconds(100) - behind)],
        "sent_at": rfc3339(Utc::now() - behind),
    });
    assert_eq!(send(&app, &a, body).await.0, 200);
    let skewed = t_ms(&app, id, "skewed").await;
    assert!((100..5_000).contains(&skewed), "{skewed}");

    // No date before the start, none after receipt.
    let forged = json!({"events": [
        paste("past", start - Duration::days(3)),
        paste("future", Utc::now() + Duration::days(3)),
    ]});
    assert_eq!(send(&app, &a, forged).await.0, 200);
    assert_eq!(t_ms(&app, id, "past").await, 0);
    let future = t_ms(&app, id, "future").await;
    let now_ms = (Utc::now() - start).num_milliseconds();
    assert!(
        future >= received && future <= now_ms,
        "{future} vs {now_ms}"
    );

    // The replay puts the early paste before the snapshot it preceded, at its own time.
    let replay = app
        .json_ok(
            reqwest::Method::GET,
            &format!("/api/v1/assessments/{id}/replay"),
            &recruiter,
            None,
            200,
        )
        .await;
    let first_paste = replay["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["type"] == "paste")
        .unwrap();
    assert_eq!(
        first_paste["at"], 0,
        "the paste dated before the start comes first, at the start"
    );
    let paste_times: Vec<u64> = replay["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["type"] == "paste")
        .map(|e| e["at"].as_u64().unwrap())
        .collect();
    assert!(
        paste_times.windows(2).all(|w| w[0] <= w[1]),
        "{paste_times:?}"
    );
    assert!(paste_times.contains(&50));
    assert!(replay["snapshots"][0]["at"].as_i64().unwrap() >= received);

    // A time that is not RFC 3339 is a clear 4xx, and nothing of the batch is stored.
    for body in [
        json!({"events": [{"id": "bad", "type": "paste", "at": "yesterday", "data": {}}]}),
        json!({"events": [{"id": "bad", "type": "paste", "data": {}}], "sent_at": "soon"}),
    ] {
        let (status, err) = send(&app, &a, body).await;
        assert_eq!(status, 422, "{err}");
        assert!(err["detail"].to_string().contains("RFC 3339"), "{err}");
    }
    assert!(
        assessment_event::Entity::find()
            .filter(assessment_event::Column::ClientId.eq("bad"))
            .one(&app.state.db)
            .await
            .unwrap()
            .is_none()
    );
}
