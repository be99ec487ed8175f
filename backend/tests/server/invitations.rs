//! Invitations managed from the app: link validity chosen at sending, re-inviting an expired candidate, an
//! existing email never renaming its candidate, cancelled invitations leaving the list, the archived view, and
//! whether email is set up (the Emails page's banner, the preview's link).

use chrono::{DateTime, Duration, Utc};
use reqwest::Method;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
use serde_json::{Value, json};
use tali::db::entities::assessment;

use crate::common::{TestApp, detail};

async fn expire(app: &TestApp, id: i64) {
    assessment::Entity::update_many()
        .col_expr(
            assessment::Column::ExpiresAt,
            Expr::value(Utc::now() - Duration::hours(1)),
        )
        .filter(assessment::Column::Id.eq(id as i32))
        .exec(&app.state.db)
        .await
        .unwrap();
}

fn expiry(item: &Value) -> DateTime<Utc> {
    item["expires_at"].as_str().unwrap().parse().unwrap()
}

#[tokio::test]
async fn links_last_as_chosen_and_expired_candidates_are_invited_again() {
    let app = TestApp::spawn().await;
    app.seed().await;
    let token = app.recruiter("reinvite@example.com").await;
    let task_id = app.template_id(&token).await;
    let sent = app
        .json_ok(
            Method::POST,
            "/api/v1/assessments",
            &token,
            Some(
                &json!({"task_id": task_id, "candidate_email": "late@example.com",
                "candidate_name": "Late Comer", "link_valid_days": 2, "duration_minutes": 45}),
            ),
            201,
        )
        .await;
    let hours = (expiry(&sent) - Utc::now()).num_hours();
    assert!((47..=48).contains(&hours), "{hours}");
    assert_eq!(sent["duration_minutes"], 45);
    for bad in [0, 31] {
        let refused = app
            .send(
                Method::POST,
                "/api/v1/assessments",
                &token,
                Some(
                    &json!({"task_id": task_id, "candidate_email": "x@example.com",
                    "candidate_name": "X", "link_valid_days": bad}),
                ),
            )
            .await;
        assert_eq!(refused.status(), 422, "{bad}");
    }

    let id = sent["id"].as_i64().unwrap();
    let path = format!("/api/v1/assessments/{id}/reinvite");
    // Only an expired invitation is re-invited; a pending one is re-sent.
    let early = app
        .send(Method::POST, &path, &token, Some(&json!({"days": 3})))
        .await;
    assert!(detail(early, 409).await.contains("re-sent"));

    expire(&app, id).await;
    let resend = app
        .send(
            Method::POST,
            &format!("/api/v1/assessments/{id}/resend"),
            &token,
            None,
        )
        .await;
    assert!(detail(resend, 409).await.contains("expired"));
    let before = app.outbox().await.len();
    let again = app
        .json_ok(Method::POST, &path, &token, Some(&json!({"days": 3})), 202)
        .await;
    assert_eq!(again["status"], "pending");
    let hours = (expiry(&again) - Utc::now()).num_hours();
    assert!((71..=72).contains(&hours), "{hours}");
    let outbox = app.outbox().await;
    assert_eq!(outbox.len(), before + 1, "the invitation goes out again");
    assert_eq!(outbox.last().unwrap().to_email, "late@example.com");

    // Another organization cannot touch it.
    let other = app.recruiter("reinvite-other@example.com").await;
    expire(&app, id).await;
    let foreign = app
        .send(Method::POST, &path, &other, Some(&json!({"days": 3})))
        .await;
    assert_eq!(foreign.status(), 404);
    let bad_days = app
        .send(Method::POST, &path, &token, Some(&json!({"days": 0})))
        .await;
    assert_eq!(bad_days.status(), 422);
}

/// Makes every write to the outbox fail (a trigger), or lifts that again.
async fn outbox_down(app: &TestApp, down: bool) {
    use sea_orm::{ConnectionTrait, DatabaseBackend};
    let db = &app.state.db;
    let statements: &[&str] = match (db.get_database_backend(), down) {
        (DatabaseBackend::Postgres, true) => &[
            "CREATE FUNCTION outbox_down() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'outbox down'; END $$ LANGUAGE plpgsql",
            "CREATE TRIGGER outbox_down BEFORE INSERT ON email_outbox FOR EACH ROW EXECUTE FUNCTION outbox_down()",
        ],
        (DatabaseBackend::Postgres, false) => &[
            "DROP TRIGGER outbox_down ON email_outbox",
            "DROP FUNCTION outbox_down()",
        ],
        (_, true) => &[
            "CREATE TRIGGER outbox_down BEFORE INSERT ON email_outbox BEGIN SELECT RAISE(ABORT, 'outbox down'); END",
        ],
        (_, false) => &["DROP TRIGGER outbox_down"],
    };
    for sql in statements {
        db.execute_unprepared(sql).await.unwrap();
    }
}

/// Re-inviting is one transaction: when the invitation cannot be written, the link is not extended either.
#[tokio::test]
async fn a_reinvite_whose_email_cannot_be_written_changes_nothing() {
    let app = TestApp::spawn().await;
    app.seed().await;
    let token = app.recruiter("atomic@example.com").await;
    let sent = app
        .create_assessment(&token, "atomic-cand@example.com")
        .await;
    let id = sent["id"].as_i64().unwrap();
    expire(&app, id).await;
    let path = format!("/api/v1/assessments/{id}/reinvite");
    let expired_at = |app: &TestApp| {
        let db = app.state.db.clone();
        async move {
            assessment::Entity::find_by_id(id as i32)
                .one(&db)
                .await
                .unwrap()
                .unwrap()
                .expires_at
        }
    };
    let before = expired_at(&app).await;

    outbox_down(&app, true).await;
    let failed = app
        .send(Method::POST, &path, &token, Some(&json!({"days": 3})))
        .await;
    assert_eq!(failed.status(), 500);
    outbox_down(&app, false).await;
    assert_eq!(
        expired_at(&app).await,
        before,
        "not extended without its email"
    );
    let item = app
        .json_ok(
            Method::GET,
            &format!("/api/v1/assessments/{id}"),
            &token,
            None,
            200,
        )
        .await;
    assert_eq!(item["status"], "expired");

    // With the outbox back, the same call extends and writes the email stating the new expiry.
    let again = app
        .json_ok(Method::POST, &path, &token, Some(&json!({"days": 3})), 202)
        .await;
    assert_eq!(again["status"], "pending");
    let email = app.outbox().await.into_iter().last().unwrap();
    assert_eq!(email.to_email, "atomic-cand@example.com");
    let day = expiry(&again).format("%-d %B %Y").to_string();
    assert!(email.text.contains(&day), "{day} in {}", email.text);
}

#[tokio::test]
async fn an_existing_email_keeps_its_candidate_and_name() {
    let app = TestApp::spawn().await;
    app.seed().await;
    let token = app.recruiter("rename@example.com").await;
    let first = app.create_assessment(&token, "kept@example.com").await;
    let task_id = app.template_id(&token).await;
    let second = app
        .json_ok(
            Method::POST,
            "/api/v1/assessments",
            &token,
            Some(
                &json!({"task_id": task_id, "candidate_email": "KEPT@example.com",
                "candidate_name": "Someone Else", "position": "Platform"}),
            ),
            201,
        )
        .await;
    assert_eq!(second["candidate_id"], first["candidate_id"]);
    assert_eq!(second["candidate_name"], "Cand Idate");
    assert_eq!(second["candidate_position"], "Platform");
    let candidate = app
        .json_ok(
            Method::GET,
            &format!("/api/v1/candidates/{}", first["candidate_id"]),
            &token,
            None,
            200,
        )
        .await;
    assert_eq!(candidate["full_name"], "Cand Idate");
    assert_eq!(candidate["position"], "Platform");
}

#[tokio::test]
async fn cancelled_invitations_leave_the_list_and_archived_ones_have_a_view() {
    let app = TestApp::spawn().await;
    app.seed().await;
    let token = app.recruiter("views@example.com").await;
    let created = app.create_assessments(&token, "view", 3).await;
    let total = |path: String| {
        let (app, token) = (&app, &token);
        async move {
            app.json_ok(Method::GET, &path, token, None, 200).await["total"]
                .as_i64()
                .unwrap()
        }
    };
    let cancel = format!("/api/v1/assessments/{}", created[0]["id"]);
    assert_eq!(
        app.send(Method::DELETE, &cancel, &token, None)
            .await
            .status(),
        204
    );
    assert_eq!(total("/api/v1/assessments".into()).await, 2);
    assert_eq!(total("/api/v1/assessments?status=revoked".into()).await, 1);
    assert_eq!(
        total("/api/v1/assessments?include_archived=true".into()).await,
        3
    );
    // A second delete archives the cancelled one; the archived view lists only archived rows.
    assert_eq!(
        app.send(Method::DELETE, &cancel, &token, None)
            .await
            .status(),
        204
    );
    let archived = app
        .json_ok(
            Method::GET,
            "/api/v1/assessments?archived_only=true",
            &token,
            None,
            200,
        )
        .await;
    assert_eq!(archived["total"], 1);
    assert_eq!(archived["items"][0]["id"], created[0]["id"]);
    assert_eq!(archived["items"][0]["archived"], true);
}

#[tokio::test]
async fn the_app_knows_whether_email_is_set_up() {
    let app = TestApp::spawn().await;
    app.seed().await;
    let token = app.recruiter("mailless@example.com").await;
    let status = app
        .json_ok(Method::GET, "/api/v1/emails/status", &token, None, 200)
        .await;
    assert_eq!(status, json!({"configured": false, "transport": null}));
    assert_eq!(
        app.get_auth("/api/v1/emails/status", "nope").await.status(),
        401
    );

    let sent = app.create_assessment(&token, "link@example.com").await;
    let emails = app
        .json_ok(Method::GET, "/api/v1/emails", &token, None, 200)
        .await;
    let email_id = emails["items"][0]["id"].as_i64().unwrap();
    let email = app
        .json_ok(
            Method::GET,
            &format!("/api/v1/emails/{email_id}"),
            &token,
            None,
            200,
        )
        .await;
    assert_eq!(email["assessment_id"], sent["id"]);
    assert_eq!(email["assessment_token"], sent["token"]);
}

#[tokio::test]
async fn candidates_see_their_score_only_when_the_organization_says_so() {
    let app = TestApp::spawn().await;
    app.seed().await;
    let token = app.recruiter("scores@example.com").await;
    let me = app
        .json_ok(Method::GET, "/api/v1/organizations/me", &token, None, 200)
        .await;
    assert_eq!(me["show_candidates_their_score"], false);
    let submit = |assessment: Value| {
        let app = &app;
        async move {
            app.start_assessment(&assessment).await;
            let response = app
                .client
                .post(app.url(&format!("/api/v1/assessments/{}/submit", assessment["id"])))
                .header("X-Assessment-Token", assessment["token"].as_str().unwrap())
                .json(&json!({"final_code": "print('done')"}))
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 200);
            response.json::<Value>().await.unwrap()
        }
    };
    let hidden = submit(app.create_assessment(&token, "quiet@example.com").await).await;
    assert_eq!(hidden["status"], "completed");
    for key in ["score", "score_report"] {
        assert!(hidden[key].is_null(), "{key}: {hidden}");
    }
    // The hidden tests' counts stay: the reference client reads them.
    assert!(
        hidden["test_results"]["tests_total"].is_number(),
        "{hidden}"
    );
    // The recruiter still sees everything.
    let detail = app
        .json_ok(
            Method::GET,
            &format!("/api/v1/assessments/{}", hidden["assessment_id"]),
            &token,
            None,
            200,
        )
        .await;
    assert!(detail["score"].is_number());

    let changed = app
        .json_ok(
            Method::PATCH,
            "/api/v1/organizations/me",
            &token,
            Some(&json!({"show_candidates_their_score": true})),
            200,
        )
        .await;
    assert_eq!(changed["show_candidates_their_score"], true);
    assert!(
        !changed["name"].as_str().unwrap().is_empty(),
        "the name is kept"
    );
    let shown = submit(app.create_assessment(&token, "told@example.com").await).await;
    assert!(shown["score"].is_number(), "{shown}");
    assert!(shown["tests_total"].is_number(), "{shown}");
}
