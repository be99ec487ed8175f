//! `GET /assessments/{id}/replay`: every stored code state rebuilt exactly from the diffs, the markers and the
//! chat on the session's clock, the organization's own assessments only, and a three-hour session's answer
//! under a megabyte.

use chrono::Utc;
use reqwest::Method;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};
use tali::db::entities::assessment_event;
use tali::recruiting::replay::{SnapshotDiff, decode};

use crate::common::TestApp;

/// The code of every stored snapshot, in the order the replay sends them.
async fn stored_codes(app: &TestApp, id: i64) -> Vec<String> {
    assessment_event::Entity::find()
        .filter(assessment_event::Column::AssessmentId.eq(id as i32))
        .filter(assessment_event::Column::Kind.eq("snapshot"))
        .order_by_asc(assessment_event::Column::TMs)
        .order_by_asc(assessment_event::Column::Id)
        .all(&app.state.db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.data.unwrap()["code"].as_str().unwrap().to_string())
        .collect()
}

fn rebuilt(replay: &Value) -> Vec<String> {
    let diffs: Vec<SnapshotDiff> = serde_json::from_value(replay["snapshots"].clone()).unwrap();
    decode(&diffs)
}

#[tokio::test]
async fn replay_rebuilds_every_snapshot_with_markers_and_tenant_scope() {
    let app = TestApp::spawn().await;
    app.seed().await;
    let recruiter = app.recruiter("replay@example.com").await;
    let assessment = app.create_assessment(&recruiter, "cand@example.com").await;
    let id = assessment["id"].as_i64().unwrap();
    let path = format!("/api/v1/assessments/{id}/replay");

    // Before the start there is nothing to replay, and that is an answer, not an error.
    let empty = app.json_ok(Method::GET, &path, &recruiter, None, 200).await;
    assert_eq!(empty["snapshots"], json!([]));
    assert_eq!(empty["started_at"], Value::Null);

    app.start_assessment(&assessment).await;
    let codes = [
        "def f(x):\n    return x\n",
        "def f(x):\n    y = x * 2\n    return y\n",
        "def f(x):\n    y = x * 2\n    return y\n\n\ndef g():\n    pass\n",
        "def g():\n    pass\n",
        "",
        "é = '💡'\n",
    ];
    for (i, code) in codes.iter().enumerate() {
        let mut batch =
            vec![json!({"id": format!("snap-{i}"), "type": "snapshot", "data": {"code": code}})];
        if i == 2 {
            batch.push(json!({"id": "paste-1", "type": "paste", "data": {"chars": 22, "text": "\n\ndef g():\n    pass\n", "line": 4}}));
            batch.push(json!({"id": "blur-1", "type": "focus_lost"}));
            batch.push(json!({"id": "focus-1", "type": "focus_gained"}));
            batch.push(json!({"id": "beat-1", "type": "heartbeat"}));
        }
        let response = app
            .candidate_post(&assessment, "events", &json!({"events": batch}))
            .await;
        assert_eq!(response.status(), 200);
    }

    let replay = app.json_ok(Method::GET, &path, &recruiter, None, 200).await;
    let stored = stored_codes(&app, id).await;
    assert_eq!(stored.len(), codes.len());
    assert_eq!(rebuilt(&replay), stored, "every stored state, exactly");
    assert!(replay["started_at"].is_string());
    assert!(replay["starter_code"].as_str().unwrap().len() > 20);

    let kinds: Vec<&str> = replay["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["type"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        ["paste", "focus_lost", "focus_gained"],
        "heartbeats are no markers"
    );
    let paste = &replay["events"][0];
    assert_eq!(paste["data"]["source"], "clipboard");
    assert_eq!(paste["data"]["chars"], 22);
    assert_eq!(paste["data"]["line"], 4);
    // Times are on the session's clock and never before the state they follow.
    let snap_times: Vec<u64> = replay["snapshots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["at"].as_u64().unwrap())
        .collect();
    assert!(snap_times.windows(2).all(|w| w[0] <= w[1]));
    assert!(paste["at"].as_u64().unwrap() >= snap_times[1]);

    // Another organization's recruiter sees nothing of it.
    let other = app.recruiter("other@example.com").await;
    let response = app.get_auth(&path, &other).await;
    assert_eq!(response.status(), 404);
    assert!(!response.text().await.unwrap().contains("def g"));
    // And an unknown or malformed id is a clean 4xx.
    assert_eq!(
        app.get_auth("/api/v1/assessments/999999/replay", &recruiter)
            .await
            .status(),
        404
    );
    assert_eq!(
        app.get_auth("/api/v1/assessments/abc/replay", &recruiter)
            .await
            .status(),
        404
    );
}

/// A three-hour session saved every five seconds: about 2,200 states of a file growing to 400 lines, with
/// pastes, runs and 40 chat exchanges. The answer stays under a megabyte and still rebuilds every state.
#[tokio::test]
async fn a_three_hour_session_replays_under_a_megabyte() {
    let app = TestApp::spawn().await;
    app.seed().await;
    let recruiter = app.recruiter("long@example.com").await;
    let assessment = app
        .create_assessment(&recruiter, "long-cand@example.com")
        .await;
    let id = assessment["id"].as_i64().unwrap() as i32;
    app.start_assessment(&assessment).await;

    let mut lines: Vec<String> = Vec::new();
    let mut rows = Vec::new();
    let now = Utc::now();
    let row = |kind: &str, n: usize, t_ms: i64, data: Value| assessment_event::ActiveModel {
        assessment_id: sea_orm::ActiveValue::Set(id),
        client_id: sea_orm::ActiveValue::Set(format!("{kind}-{n}")),
        kind: sea_orm::ActiveValue::Set(kind.to_string()),
        t_ms: sea_orm::ActiveValue::Set(t_ms),
        at: sea_orm::ActiveValue::Set(now),
        data: sea_orm::ActiveValue::Set(Some(data)),
        ..Default::default()
    };
    let states = 3 * 3600 / 5;
    for n in 0..states {
        // Mostly typing at the end, sometimes editing a line in the middle.
        if n % 7 == 3 && !lines.is_empty() {
            let at = (n * 31) % lines.len();
            lines[at] = format!("    value_{n} = compute(value_{}, {n})  # revised", n / 2);
        } else if lines.len() < 400 {
            lines.push(format!(
                "    result_{n} = transform(result_{}, limit={n})",
                n / 3
            ));
        } else {
            let at = (n * 17) % lines.len();
            lines[at] = format!("    total_{n} = merge(total_{}, step={n})", n / 5);
        }
        let t_ms = n as i64 * 5000;
        rows.push(row(
            "snapshot",
            n,
            t_ms,
            json!({"code": lines.join("\n"), "hash": "x"}),
        ));
        if n % 60 == 10 {
            rows.push(row(
                "paste",
                n,
                t_ms + 1,
                json!({"chars": 400, "text": "p".repeat(400), "line": 3}),
            ));
            rows.push(row(
                "run",
                n,
                t_ms + 2,
                json!({"exit_code": 0, "timed_out": false}),
            ));
        }
    }
    for chunk in rows.chunks(200) {
        assessment_event::Entity::insert_many(chunk.to_vec())
            .exec(&app.state.db)
            .await
            .unwrap();
    }
    for n in 0..40i64 {
        tali::db::entities::chat_exchange::ActiveModel {
            assessment_id: sea_orm::ActiveValue::Set(id),
            message: sea_orm::ActiveValue::Set(format!("How do I handle case {n}? ").repeat(10)),
            response: sea_orm::ActiveValue::Set("Consider this approach. ".repeat(60)),
            created_at: sea_orm::ActiveValue::Set(now),
            responded_at: sea_orm::ActiveValue::Set(now),
            t_prompt_ms: sea_orm::ActiveValue::Set(n * 250_000),
            t_reply_ms: sea_orm::ActiveValue::Set(n * 250_000 + 4000),
            input_tokens: sea_orm::ActiveValue::Set(100),
            output_tokens: sea_orm::ActiveValue::Set(300),
            latency_ms: sea_orm::ActiveValue::Set(4000),
            code_hash: sea_orm::ActiveValue::Set("x".into()),
            quality_score: sea_orm::ActiveValue::Set(None),
            ..Default::default()
        }
        .insert(&app.state.db)
        .await
        .unwrap();
    }

    let response = app
        .get_auth(&format!("/api/v1/assessments/{id}/replay"), &recruiter)
        .await;
    assert_eq!(response.status(), 200);
    let body = response.text().await.unwrap();
    let full_size: usize = stored_codes(&app, id as i64)
        .await
        .iter()
        .map(String::len)
        .sum();
    eprintln!(
        "three-hour replay: {} bytes (the states in full: {full_size} bytes)",
        body.len()
    );
    assert!(body.len() < 1_000_000, "{} bytes", body.len());
    let replay: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(replay["snapshots"].as_array().unwrap().len(), states);
    assert_eq!(replay["chat"].as_array().unwrap().len(), 80);
    assert_eq!(rebuilt(&replay), stored_codes(&app, id as i64).await);
    assert_eq!(
        replay["duration_ms"].as_u64().unwrap(),
        (states as u64 - 1) * 5000
    );
}
