//! The pipeline tools: the list's server-side sort (every key, both ways, stable paging by offset and cursor),
//! the CSV export (filters, formula cells neutralised, 10,000 rows streamed a page at a time), bulk invitations
//! (the preview's checks, per-row results) and the candidate's name as invited.

use chrono::{Duration, Utc};
use futures_util::StreamExt;
use reqwest::Method;
use sea_orm::{ActiveValue::Set, EntityTrait};
use serde_json::{Value, json};
use tali::db::entities::assessment;
use tali::recruiting::export;
use tali::recruiting::list_order::Sort;
use tali::recruiting::listing::ListFilter;

use crate::common::{TestApp, detail};

/// An organization with one assessment sent through the API: (token, the assessment's row).
async fn organization(app: &TestApp, email: &str) -> (String, assessment::Model) {
    app.seed().await;
    let token = app.recruiter(email).await;
    let sent = app
        .create_assessment(&token, &format!("first-{email}"))
        .await;
    let row = assessment::Entity::find_by_id(sent["id"].as_i64().unwrap() as i32)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    (token, row)
}

/// A row like `like` (same organization, candidate and task) with the given name, status and results.
fn row_like(like: &assessment::Model, name: &str) -> assessment::ActiveModel {
    let now = Utc::now();
    assessment::ActiveModel {
        organization_id: Set(like.organization_id),
        candidate_id: Set(like.candidate_id),
        task_id: Set(like.task_id),
        candidate_name: Set(name.to_string()),
        token: Set(uuid::Uuid::new_v4().to_string()),
        status: Set("pending".into()),
        duration_minutes: Set(30),
        expires_at: Set(now + Duration::days(7)),
        posted_to_workable: Set(false),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
}

async fn insert(app: &TestApp, rows: Vec<assessment::ActiveModel>) {
    for batch in rows.chunks(500) {
        assessment::Entity::insert_many(batch.to_vec())
            .exec(&app.state.db)
            .await
            .unwrap();
    }
}

/// Every row of the list in `sort` order, read page by page with `extra` paging (`offset` or `cursor`).
async fn walk(app: &TestApp, token: &str, sort: &str, by_cursor: bool) -> Vec<Value> {
    let mut rows = Vec::new();
    let mut path = format!("/api/v1/assessments?sort={sort}&limit=4");
    loop {
        let page = app.json_ok(Method::GET, &path, token, None, 200).await;
        let items = page["items"].as_array().unwrap();
        rows.extend(items.iter().cloned());
        // The cancelled (revoked) row is not in the default list.
        assert_eq!(page["total"].as_u64().unwrap(), 12, "{sort}");
        if by_cursor {
            match page["next_cursor"].as_str() {
                Some(cursor) => {
                    path = format!("/api/v1/assessments?sort={sort}&limit=4&cursor={cursor}")
                }
                None => break,
            }
        } else if items.len() < 4 {
            break;
        } else {
            path = format!(
                "/api/v1/assessments?sort={sort}&limit=4&offset={}",
                rows.len()
            );
        }
    }
    rows
}

fn status_rank(status: &str) -> i64 {
    ["pending", "expired", "in_progress", "completed", "revoked"]
        .iter()
        .position(|s| *s == status)
        .unwrap() as i64
}

/// The order the API must answer, computed here from the rows: the key, empty values last, then the id.
fn expected(mut rows: Vec<Value>, field: &str, descending: bool) -> Vec<i64> {
    let key = |r: &Value| -> (bool, Value) {
        let v = match field {
            "status" => json!(status_rank(r["status"].as_str().unwrap())),
            "candidate_name" => json!(r["candidate_name"].as_str().unwrap().to_lowercase()),
            other => r[other].clone(),
        };
        (v.is_null(), v)
    };
    let cmp_values = |a: &Value, b: &Value| match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64().unwrap().total_cmp(&y.as_f64().unwrap()),
        (Value::String(x), Value::String(y)) if field.ends_with("_at") => x
            .parse::<chrono::DateTime<Utc>>()
            .unwrap()
            .cmp(&y.parse::<chrono::DateTime<Utc>>().unwrap()),
        (Value::String(x), Value::String(y)) => x.cmp(y),
        _ => std::cmp::Ordering::Equal,
    };
    rows.sort_by(|a, b| {
        let (a_null, a_key) = key(a);
        let (b_null, b_key) = key(b);
        let ordering = cmp_values(&a_key, &b_key)
            .then(a["id"].as_i64().unwrap().cmp(&b["id"].as_i64().unwrap()));
        a_null.cmp(&b_null).then(if descending {
            ordering.reverse()
        } else {
            ordering
        })
    });
    rows.iter().map(|r| r["id"].as_i64().unwrap()).collect()
}

/// (name, status, score, completed minutes before the tie, created hours ago).
type Spec = (&'static str, &'static str, Option<f64>, Option<i64>, i64);

#[tokio::test]
async fn the_list_sorts_by_every_key_with_stable_paging() {
    let app = TestApp::spawn().await;
    let (token, first) = organization(&app, "sorter@example.com").await;
    let now = Utc::now();
    let tie = now - Duration::hours(5);
    // Ties on every key (three 80s, two names alike but for case, equal times) and empty values.
    let specs: [Spec; 12] = [
        ("bea", "completed", Some(80.0), Some(60), 1),
        ("Bea", "completed", Some(80.0), Some(60), 1),
        ("carl", "completed", Some(80.0), Some(30), 2),
        ("dora", "completed", Some(55.5), Some(90), 3),
        ("eli", "completed", Some(97.0), Some(60), 3),
        ("fay", "in_progress", None, None, 4),
        ("gus", "pending", None, None, 4),
        ("hal", "expired", None, None, 5),
        ("ida", "revoked", None, None, 6),
        ("Abe", "submitting", None, None, 7),
        ("zed", "completed", Some(12.0), Some(10), 8),
        ("amy", "completed", Some(80.0), Some(30), 8),
    ];
    let rows = specs
        .iter()
        .map(|(name, status, score, completed_ago, created_ago)| {
            let mut row = row_like(&first, name);
            let stored = if *status == "expired" {
                "pending"
            } else {
                status
            };
            row.status = Set(stored.to_string());
            if *status == "expired" {
                row.expires_at = Set(now - Duration::hours(1));
            }
            row.score = Set(*score);
            row.completed_at = Set(completed_ago.map(|m| tie - Duration::minutes(m)));
            row.created_at = Set(now - Duration::hours(*created_ago));
            row
        })
        .collect();
    insert(&app, rows).await;

    for field in [
        "score",
        "completed_at",
        "status",
        "candidate_name",
        "created_at",
    ] {
        for descending in [false, true] {
            let sort = if descending {
                format!("-{field}")
            } else {
                field.to_string()
            };
            let by_offset = walk(&app, &token, &sort, false).await;
            let by_cursor = walk(&app, &token, &sort, true).await;
            let ids = |rows: &[Value]| {
                rows.iter()
                    .map(|r| r["id"].as_i64().unwrap())
                    .collect::<Vec<_>>()
            };
            assert_eq!(ids(&by_offset), ids(&by_cursor), "{sort}");
            assert_eq!(
                ids(&by_offset),
                expected(by_offset.clone(), field, descending),
                "{sort}"
            );
        }
    }
    // Highest score first, the unscored last.
    let ranked = walk(&app, &token, "-score", true).await;
    assert_eq!(ranked[0]["candidate_name"], "eli");
    assert!(ranked.last().unwrap()["score"].is_null());

    for bad in ["?sort=token", "?sort=--score"] {
        let response = app
            .send(
                Method::GET,
                &format!("/api/v1/assessments{bad}"),
                &token,
                None,
            )
            .await;
        assert!(
            detail(response, 422).await.contains("candidate_name"),
            "{bad}"
        );
    }
    // A cursor of one order does not continue another.
    let page = app
        .json_ok(
            Method::GET,
            "/api/v1/assessments?sort=score&limit=2",
            &token,
            None,
            200,
        )
        .await;
    let cursor = page["next_cursor"].as_str().unwrap();
    let other = app
        .send(
            Method::GET,
            &format!("/api/v1/assessments?sort=-score&cursor={cursor}"),
            &token,
            None,
        )
        .await;
    assert!(detail(other, 422).await.contains("another sort order"));
}

async fn export_text(app: &TestApp, token: &str, query: &str) -> String {
    let response = app
        .get_auth(&format!("/api/v1/assessments/export.csv{query}"), token)
        .await;
    assert_eq!(response.status(), 200, "{query}");
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    response.text().await.unwrap()
}

#[tokio::test]
async fn the_export_follows_the_filters_and_neutralises_formulas() {
    let app = TestApp::spawn().await;
    let (token, first) = organization(&app, "exporter@example.com").await;
    let mut evil = row_like(&first, "=HYPERLINK(\"http://evil.example\",\"win\")");
    evil.status = Set("completed".into());
    evil.score = Set(91.0.into());
    let mut minus = row_like(&first, "-2+3");
    minus.status = Set("completed".into());
    minus.score = Set(40.0.into());
    insert(&app, vec![evil, minus, row_like(&first, "@pending")]).await;

    let all = export_text(&app, &token, "").await;
    let lines: Vec<&str> = all.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), 5, "{all}");
    assert!(lines[0].starts_with("id,candidate_name,candidate_email,position,task,status,score"));
    assert!(
        all.contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"win\"\")\""),
        "{all}"
    );
    assert!(
        all.contains(",'-2+3,") && all.contains(",'@pending,"),
        "{all}"
    );
    assert!(!all.contains(",=") && !all.contains(",@p"), "{all}");

    // Same filter and order as the list.
    let completed = export_text(&app, &token, "?status=completed&sort=-score").await;
    let lines: Vec<&str> = completed.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), 3, "{completed}");
    assert!(
        lines[1].contains("HYPERLINK") && lines[1].contains(",91,"),
        "{completed}"
    );
    assert!(lines[2].contains("'-2+3"), "{completed}");
    let list = app
        .json_ok(
            Method::GET,
            "/api/v1/assessments?status=completed&sort=-score",
            &token,
            None,
            200,
        )
        .await;
    let listed: Vec<String> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].to_string())
        .collect();
    let exported: Vec<String> = lines[1..]
        .iter()
        .map(|l| l.split(',').next().unwrap().to_string())
        .collect();
    assert_eq!(listed, exported);

    let bad = app
        .get_auth("/api/v1/assessments/export.csv?sort=nope", &token)
        .await;
    assert_eq!(bad.status(), 422);
    // Another organization exports only its own rows.
    let other = app.recruiter("someone-else@example.com").await;
    let theirs = export_text(&app, &other, "").await;
    assert_eq!(theirs.split("\r\n").filter(|l| !l.is_empty()).count(), 1);
    assert_eq!(
        app.get_auth("/api/v1/assessments/export.csv", "not-a-token")
            .await
            .status(),
        401
    );
}

#[tokio::test]
async fn ten_thousand_rows_export_a_page_at_a_time() {
    let app = TestApp::spawn().await;
    let (token, first) = organization(&app, "bulk-export@example.com").await;
    let rows = (0..9_999)
        .map(|i| {
            let mut row = row_like(&first, &format!("candidate {i:05}"));
            row.score = Set(Some(f64::from(i % 100)));
            row
        })
        .collect();
    insert(&app, rows).await;

    // The domain's stream: one chunk for the header, then one per page of rows, never the whole file at once.
    let stream = export::csv(
        &app.state,
        first.organization_id,
        &ListFilter::default(),
        Sort::parse(Some("-score")).unwrap(),
    )
    .await
    .unwrap();
    let chunks: Vec<String> = stream.map(|c| c.unwrap()).collect().await;
    let total: usize = chunks.iter().map(String::len).sum();
    let largest = chunks.iter().map(String::len).max().unwrap();
    let lines: usize = chunks.iter().map(|c| c.matches("\r\n").count()).sum();
    assert_eq!(lines, 10_001);
    assert_eq!(chunks.len(), 1 + 10_000 / export::PAGE_ROWS as usize);
    assert!(largest * 15 < total, "largest chunk {largest} of {total}");

    // Over HTTP: chunked, with no length known up front, and every row there once.
    let response = app.get_auth("/api/v1/assessments/export.csv", &token).await;
    assert_eq!(response.status(), 200);
    assert!(response.headers().get("content-length").is_none());
    let text = response.text().await.unwrap();
    let ids: std::collections::HashSet<&str> = text
        .split("\r\n")
        .skip(1)
        .filter(|l| !l.is_empty())
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(ids.len(), 10_000);
}

#[tokio::test]
async fn bulk_invitations_are_checked_then_sent_row_by_row() {
    let app = TestApp::spawn().await;
    let (token, first) = organization(&app, "bulk@example.com").await;
    let task_id = first.task_id;
    let rows = json!([
        {"name": "Ada Lovelace", "email": "ada@example.com", "position": "Backend"},
        {"name": "", "email": "nameless@example.com"},
        {"name": "Bob", "email": "not-an-email"},
        {"name": "Ada Again", "email": " ADA@example.com "},
        {"name": "Cand Idate", "email": "first-bulk@example.com", "position": "Data"},
        {"name": "Cy", "email": "cy@example.com"}
    ]);
    let before = app.outbox().await.len();
    let preview = app
        .json_ok(
            Method::POST,
            "/api/v1/assessments/bulk",
            &token,
            Some(&json!({"task_id": task_id, "rows": rows, "dry_run": true})),
            200,
        )
        .await;
    let statuses: Vec<&str> = preview["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["status"].as_str().unwrap())
        .collect();
    assert_eq!(
        statuses,
        ["ready", "invalid", "invalid", "duplicate", "ready", "ready"]
    );
    assert_eq!(
        (preview["ready"].as_u64(), preview["skipped"].as_u64()),
        (Some(3), Some(3))
    );
    assert!(
        preview["rows"][1]["problems"][0]
            .as_str()
            .unwrap()
            .starts_with("name")
    );
    assert!(
        preview["rows"][2]["problems"][0]
            .as_str()
            .unwrap()
            .starts_with("email")
    );
    assert_eq!(preview["rows"][3]["problems"][0], "the same email as row 1");
    let notes = preview["rows"][4]["notes"].to_string();
    assert!(
        notes.contains("existing candidate")
            && notes.contains("already has an assessment of this task"),
        "{notes}"
    );
    assert_eq!(app.outbox().await.len(), before, "a preview sends nothing");

    let sent = app
        .json_ok(
            Method::POST,
            "/api/v1/assessments/bulk",
            &token,
            Some(&json!({"task_id": task_id, "rows": rows})),
            200,
        )
        .await;
    let statuses: Vec<&str> = sent["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["status"].as_str().unwrap())
        .collect();
    assert_eq!(
        statuses,
        ["sent", "invalid", "invalid", "duplicate", "sent", "sent"]
    );
    assert_eq!(sent["sent"], 3);
    assert_eq!(app.outbox().await.len(), before + 3);
    let ada = sent["rows"][0]["assessment_id"].as_i64().unwrap();
    let item = app
        .json_ok(
            Method::GET,
            &format!("/api/v1/assessments/{ada}"),
            &token,
            None,
            200,
        )
        .await;
    assert_eq!(item["candidate_name"], "Ada Lovelace");
    assert_eq!(item["candidate_position"], "Backend");

    // Bad uploads as a whole: no rows, another organization's task.
    let empty = app
        .send(
            Method::POST,
            "/api/v1/assessments/bulk",
            &token,
            Some(&json!({"task_id": task_id, "rows": []})),
        )
        .await;
    assert_eq!(empty.status(), 422);
    let unknown = app
        .send(
            Method::POST,
            "/api/v1/assessments/bulk",
            &token,
            Some(&json!({"task_id": 999_999, "rows": [{"name": "X", "email": "x@example.com"}]})),
        )
        .await;
    assert_eq!(unknown.status(), 404);
}

#[tokio::test]
async fn an_assessment_keeps_the_name_it_was_sent_under() {
    let app = TestApp::spawn().await;
    let (token, first) = organization(&app, "snapshot@example.com").await;
    let candidate = first.candidate_id;
    app.json_ok(
        Method::PATCH,
        &format!("/api/v1/candidates/{candidate}"),
        &token,
        Some(&json!({"full_name": "Renamed Later", "position": "Lead"})),
        200,
    )
    .await;
    let item = app
        .json_ok(
            Method::GET,
            &format!("/api/v1/assessments/{}", first.id),
            &token,
            None,
            200,
        )
        .await;
    assert_eq!(item["candidate_name"], "Cand Idate");
    assert_eq!(item["candidate"]["full_name"], "Renamed Later");
    // A position given for an existing candidate is saved on them and on the new assessment.
    let again = app
        .json_ok(
            Method::POST,
            "/api/v1/assessments",
            &token,
            Some(
                &json!({"task_id": first.task_id, "candidate_id": candidate, "position": "Staff"}),
            ),
            201,
        )
        .await;
    assert_eq!(again["candidate_name"], "Renamed Later");
    assert_eq!(again["candidate_position"], "Staff");
    let saved = app
        .json_ok(
            Method::GET,
            &format!("/api/v1/candidates/{candidate}"),
            &token,
            None,
            200,
        )
        .await;
    assert_eq!(saved["position"], "Staff");
}
