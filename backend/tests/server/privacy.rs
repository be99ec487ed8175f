//! Candidate privacy: the JSON export and the erasure of one candidate (owner or admin, typed confirmation,
//! tenant-scoped), checked row by row in every table that holds candidate data, with the aggregates kept and the
//! erasure logged without personal data; and the retention setting with the daily job, which erases through the
//! same function. Runs on SQLite and on PostgreSQL.

use chrono::{DateTime, Duration, Utc};
use reqwest::Method;
use sea_orm::{ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, sea_query::Expr};
use serde_json::{Value, json};
use tali::db::entities::{
    assessment, assessment_event, candidate, chat_exchange, email_outbox, erasure,
    similarity_match, submission_fingerprint,
};
use tali::recruiting::privacy::erase::candidate_hash;
use tali::recruiting::privacy::retention::erase_due;
use tali_ai::mock::{AnthropicMock, MockServer, Scripted};

use crate::common::{TestApp, detail, team};
// Both candidates submit the starter plus the same helper, so their submissions match each other.
use crate::similarity::{HELPER, STARTER};

fn code() -> String {
    format!("{STARTER}{HELPER}")
}

/// Sends the Debugging Challenge to `email`, starts it, asks the assistant once and submits `code()`.
async fn complete_with_chat(
    app: &TestApp,
    ai: &MockServer,
    recruiter: &str,
    name: &str,
    email: &str,
) -> Value {
    let task_id = app.template_named(recruiter, "Debugging Challenge").await;
    let assessment = app
        .json_ok(
            Method::POST,
            "/api/v1/assessments",
            recruiter,
            Some(&json!({"task_id": task_id, "candidate_email": email, "candidate_name": name})),
            201,
        )
        .await;
    app.start_assessment(&assessment).await;
    ai.push(Scripted::text("Sum the amounts in a loop."));
    let chat = app
        .candidate_post(
            &assessment,
            "claude",
            &json!({"message": "How do I total the orders of alice?"}),
        )
        .await;
    assert_eq!(chat.status(), 200);
    let submitted = app
        .candidate_post(&assessment, "submit", &json!({"final_code": code()}))
        .await;
    assert_eq!(
        submitted.status(),
        200,
        "{}",
        submitted.text().await.unwrap()
    );
    // The understanding check after submit: their answers are personal data too.
    for (step, body) in [
        ("understanding/start", json!({})),
        (
            "understanding/answers",
            json!({"answers": [format!("{name} would sort first."), "An empty list.", "No idea."]}),
        ),
    ] {
        let response = app.candidate_post(&assessment, step, &body).await;
        assert_eq!(response.status(), 200, "{step}");
    }
    assessment
}

async fn count_for(app: &TestApp, id: i32) -> (u64, u64, u64) {
    let db = &app.state.db;
    let events = assessment_event::Entity::find()
        .filter(assessment_event::Column::AssessmentId.eq(id))
        .count(db)
        .await
        .unwrap();
    let chats = chat_exchange::Entity::find()
        .filter(chat_exchange::Column::AssessmentId.eq(id))
        .count(db)
        .await
        .unwrap();
    let matches = similarity_match::Entity::find()
        .filter(
            Condition::any()
                .add(similarity_match::Column::AssessmentId.eq(id))
                .add(similarity_match::Column::OtherAssessmentId.eq(id)),
        )
        .count(db)
        .await
        .unwrap();
    (events, chats, matches)
}

/// The similarity job runs after submit; waits until it has compared `id`.
async fn similarity_checked(app: &TestApp, id: i32) {
    for _ in 0..600 {
        let row = assessment::Entity::find_by_id(id)
            .one(&app.state.db)
            .await
            .unwrap()
            .unwrap();
        if row.similarity_checked_at.is_some() {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the similarity check of {id} never ran");
}

async fn erase(app: &TestApp, token: &str, id: i64, confirm: &str) -> reqwest::Response {
    app.send(
        Method::POST,
        &format!("/api/v1/candidates/{id}/erase"),
        token,
        Some(&json!({"confirm": confirm})),
    )
    .await
}

#[tokio::test]
async fn export_then_erase_removes_every_personal_row_and_keeps_the_aggregates() {
    let ai = AnthropicMock::start().await.unwrap();
    let app = TestApp::spawn_with(&[
        ("ANTHROPIC_API_KEY", "sk-ant-test"),
        ("ANTHROPIC_BASE_URL", ai.base_url()),
    ])
    .await;
    app.seed().await;
    let owner = app.recruiter("owner@privacy.test").await;
    let owner_id = team::user_id(&app, &owner).await;
    let member = team::colleague(&app, &owner, "member@privacy.test", "member").await;
    let stranger = app.recruiter("stranger@elsewhere.test").await;

    let alice = complete_with_chat(&app, &ai, &owner, "Alice Private", "alice@private.test").await;
    let bob = complete_with_chat(&app, &ai, &owner, "Bob Other", "bob@private.test").await;
    let (alice_id, bob_id) = (
        alice["id"].as_i64().unwrap() as i32,
        bob["id"].as_i64().unwrap() as i32,
    );
    let candidate_id = alice["candidate_id"].as_i64().unwrap();
    similarity_checked(&app, alice_id).await;
    similarity_checked(&app, bob_id).await;
    let (events, chats, matches) = count_for(&app, alice_id).await;
    assert!(
        events > 0 && chats == 1 && matches > 0,
        "{events} {chats} {matches}"
    );
    let bob_before = count_for(&app, bob_id).await;
    let analytics_before = app
        .json_ok(Method::GET, "/api/v1/analytics", &owner, None, 200)
        .await;

    // The export: a download with everything held about Alice, to owners and admins of her organization only.
    let export_path = format!("/api/v1/candidates/{candidate_id}/export");
    assert_eq!(app.get_auth(&export_path, &member).await.status(), 403);
    assert_eq!(app.get_auth(&export_path, &stranger).await.status(), 404);
    let response = app.get_auth(&export_path, &owner).await;
    assert_eq!(response.status(), 200);
    let disposition = response.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_string();
    assert_eq!(
        disposition,
        format!("attachment; filename=\"tali-candidate-{candidate_id}.json\"")
    );
    let archive: Value = response.json().await.unwrap();
    assert_eq!(archive["candidate"]["email"], "alice@private.test");
    let exported = &archive["assessments"][0];
    assert_eq!(archive["assessments"].as_array().unwrap().len(), 1);
    assert_eq!(exported["final_code"], code());
    assert_eq!(exported["status"], "completed");
    assert_eq!(
        exported["chat"][0]["message"],
        "How do I total the orders of alice?"
    );
    assert_eq!(exported["events"].as_array().unwrap().len() as u64, events);
    assert_eq!(
        exported["understanding_check"]["answers"][0],
        "Alice Private would sort first."
    );
    let kinds: Vec<&str> = archive["emails"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"invitation"), "{kinds:?}");
    assert!(
        !archive.to_string().contains("bob@private.test"),
        "only Alice's data"
    );

    // The erasure: members and other organizations are refused; the confirmation must be her email.
    assert_eq!(
        erase(&app, &member, candidate_id, "alice@private.test")
            .await
            .status(),
        403
    );
    assert_eq!(
        erase(&app, &stranger, candidate_id, "alice@private.test")
            .await
            .status(),
        404
    );
    let wrong = erase(&app, &owner, candidate_id, "bob@private.test").await;
    assert!(detail(wrong, 422).await.contains("confirm"));
    let blank = erase(&app, &owner, candidate_id, " ").await;
    assert_eq!(blank.status(), 422);
    assert_eq!(
        count_for(&app, alice_id).await,
        (events, chats, matches),
        "nothing erased yet"
    );

    let erased = erase(&app, &owner, candidate_id, "ALICE@private.test").await;
    assert_eq!(erased.status(), 200);
    let erased: Value = erased.json().await.unwrap();
    assert_eq!(erased["removed"]["assessment_events"], events);
    assert_eq!(erased["removed"]["chat_exchanges"], chats);
    assert_eq!(erased["removed"]["understanding_checks"], 1);
    assert_eq!(erased["removed"]["submission_fingerprints"], 1);
    assert_eq!(erased["removed"]["assessments"], 1);
    assert_eq!(erased["removed"]["candidates"], 1);

    // Every table: nothing of Alice's is left.
    let db = &app.state.db;
    assert_eq!(count_for(&app, alice_id).await, (0, 0, 0));
    let mails_about_alice = email_outbox::Entity::find()
        .filter(
            Condition::any()
                .add(email_outbox::Column::ToEmail.eq("alice@private.test"))
                .add(
                    email_outbox::Column::IdempotencyKey.like(format!("assessment-%/{alice_id}%")),
                ),
        )
        .count(db)
        .await
        .unwrap();
    assert_eq!(mails_about_alice, 0);
    for mail in app.outbox().await {
        assert!(
            !mail.text.contains("Alice Private") && !mail.html.contains("Alice Private"),
            "{}",
            mail.subject
        );
    }
    let row = assessment::Entity::find_by_id(alice_id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.candidate_name, "Erased candidate");
    assert!(row.final_code.is_none() && row.code_snapshots.is_none() && row.timeline.is_none());
    assert!(row.test_results.is_none() && row.score_report.is_none() && row.erased_at.is_some());
    assert_ne!(row.token, alice["token"].as_str().unwrap());
    assert!(
        row.score.is_some() && row.tests_total.is_some(),
        "the aggregates stay"
    );
    let person = candidate::Entity::find_by_id(candidate_id as i32)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(person.full_name, "Erased candidate");
    assert!(!person.email.contains("alice"));
    assert!(person.erased_at.is_some() && person.deleted_at.is_some());
    // The log: who and when and how much, and a hash for the candidate; no name, email or content.
    let logged = erasure::Entity::find().all(db).await.unwrap();
    assert_eq!(logged.len(), 1);
    let org = row.organization_id;
    assert_eq!(
        logged[0].candidate_hash,
        candidate_hash(org, candidate_id as i32)
    );
    assert_eq!(logged[0].reason, "request");
    assert_eq!(logged[0].erased_by, Some(owner_id as i32));
    let text = format!("{:?}", logged[0]);
    assert!(!text.to_lowercase().contains("alice") && !text.contains(HELPER));

    // Bob is untouched but for his matches with Alice's code, which named her submission.
    let bob_after = count_for(&app, bob_id).await;
    assert_eq!((bob_after.0, bob_after.1), (bob_before.0, bob_before.1));
    let fingerprinted: Vec<i32> = submission_fingerprint::Entity::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|row| row.assessment_id)
        .collect();
    assert_eq!(fingerprinted, [bob_id]);
    let bob_row = assessment::Entity::find_by_id(bob_id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(bob_row.final_code.as_deref(), Some(code().as_str()));
    assert!(
        app.outbox()
            .await
            .iter()
            .any(|m| m.to_email == "bob@private.test")
    );

    // The analytics still count her assessment.
    let analytics_after = app
        .json_ok(Method::GET, "/api/v1/analytics", &owner, None, 200)
        .await;
    for key in [
        "total_assessments",
        "completed_assessments",
        "completed_count",
    ] {
        assert_eq!(analytics_after[key], analytics_before[key], "{key}");
    }
    // She is gone from the recruiter's views, her link is dead, the PDF is gone, and a second erase is a 404.
    assert_eq!(
        app.get_auth(&format!("/api/v1/candidates/{candidate_id}"), &owner)
            .await
            .status(),
        404
    );
    assert_eq!(app.get_auth(&export_path, &owner).await.status(), 404);
    assert_eq!(
        erase(&app, &owner, candidate_id, "alice@private.test")
            .await
            .status(),
        404
    );
    let pdf = app
        .get_auth(
            &format!("/api/v1/assessments/{alice_id}/report.pdf"),
            &owner,
        )
        .await;
    assert!(detail(pdf, 410).await.contains("erased"));
    let link = app
        .client
        .get(app.url(&format!(
            "/api/v1/assessments/token/{}",
            alice["token"].as_str().unwrap()
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(link.status(), 404);
    let listed = app
        .json_ok(Method::GET, "/api/v1/candidates?q=alice", &owner, None, 200)
        .await;
    assert_eq!(listed["total"], 0);
}

#[tokio::test]
async fn a_candidate_mid_session_is_not_erased() {
    let app = TestApp::spawn().await;
    app.seed().await;
    let admin_owner = app.recruiter("owner@busy.test").await;
    let admin = team::colleague(&app, &admin_owner, "admin@busy.test", "admin").await;
    let pending = app
        .create_assessment(&admin_owner, "busy@private.test")
        .await;
    let id = pending["candidate_id"].as_i64().unwrap();
    // Pending (the link still works) and in progress are both refused, and nothing is erased.
    let refused = erase(&app, &admin, id, "busy@private.test").await;
    assert!(
        detail(refused, 409)
            .await
            .contains("pending or in progress")
    );
    app.start_assessment(&pending).await;
    assert_eq!(
        erase(&app, &admin, id, "busy@private.test").await.status(),
        409
    );
    let person = candidate::Entity::find_by_id(id as i32)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(person.email, "busy@private.test");
    assert!(
        erasure::Entity::find()
            .all(&app.state.db)
            .await
            .unwrap()
            .is_empty()
    );
}

/// Moves an assessment and its candidate back in time, finished `ended` ago.
async fn finished_at(app: &TestApp, assessment: &Value, ended: DateTime<Utc>, completed: bool) {
    let db = &app.state.db;
    let id = assessment["id"].as_i64().unwrap() as i32;
    let mut update = assessment::Entity::update_many()
        .col_expr(
            assessment::Column::CreatedAt,
            Expr::value(ended - Duration::days(2)),
        )
        .col_expr(
            assessment::Column::ExpiresAt,
            Expr::value(ended - Duration::days(1)),
        );
    if completed {
        update = update
            .col_expr(assessment::Column::Status, Expr::value("completed"))
            .col_expr(
                assessment::Column::StartedAt,
                Expr::value(ended - Duration::hours(1)),
            )
            .col_expr(assessment::Column::DeadlineAt, Expr::value(ended))
            .col_expr(assessment::Column::CompletedAt, Expr::value(ended))
            .col_expr(assessment::Column::Score, Expr::value(7.5));
    }
    update
        .filter(assessment::Column::Id.eq(id))
        .exec(db)
        .await
        .unwrap();
    candidate::Entity::update_many()
        .col_expr(
            candidate::Column::CreatedAt,
            Expr::value(ended - Duration::days(2)),
        )
        .filter(candidate::Column::Id.eq(assessment["candidate_id"].as_i64().unwrap() as i32))
        .exec(db)
        .await
        .unwrap();
}

async fn erased(app: &TestApp, assessment: &Value) -> bool {
    candidate::Entity::find_by_id(assessment["candidate_id"].as_i64().unwrap() as i32)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap()
        .erased_at
        .is_some()
}

#[tokio::test]
async fn the_retention_job_erases_only_candidates_past_their_organizations_period() {
    let app = TestApp::spawn().await;
    app.seed().await;
    let owner = app.recruiter("owner@keep.test").await;
    let other = app.recruiter("owner@other.test").await;

    // The setting: 12 months by default, 1 to 120, owners and admins only.
    let me = app
        .json_ok(Method::GET, "/api/v1/organizations/me", &owner, None, 200)
        .await;
    assert_eq!(me["retention_months"], 12);
    for bad in [json!(0), json!(121), json!("a year")] {
        let response = app
            .send(
                Method::PATCH,
                "/api/v1/organizations/me",
                &owner,
                Some(&json!({"retention_months": bad})),
            )
            .await;
        let status = response.status().as_u16();
        assert!((400..500).contains(&status), "{bad}: {status}");
        assert!(detail(response, status).await.contains("retention_months"));
    }
    let member = team::colleague(&app, &owner, "member@keep.test", "member").await;
    let refused = app
        .send(
            Method::PATCH,
            "/api/v1/organizations/me",
            &member,
            Some(&json!({"retention_months": 1})),
        )
        .await;
    assert_eq!(refused.status(), 403);
    let set = app
        .json_ok(
            Method::PATCH,
            "/api/v1/organizations/me",
            &owner,
            Some(&json!({"retention_months": 6})),
            200,
        )
        .await;
    assert_eq!(set["retention_months"], 6);

    let now = Utc::now();
    let seven_months = now - Duration::days(7 * 31);
    // Past six months: a completed assessment, and an invitation that expired unstarted.
    let old_done = app.create_assessment(&owner, "old-done@keep.test").await;
    finished_at(&app, &old_done, seven_months, true).await;
    let old_unstarted = app
        .create_assessment(&owner, "old-unstarted@keep.test")
        .await;
    finished_at(&app, &old_unstarted, seven_months, false).await;
    // Kept: completed last month; and an old candidate invited again recently.
    let recent = app.create_assessment(&owner, "recent@keep.test").await;
    finished_at(&app, &recent, now - Duration::days(30), true).await;
    let returning = app.create_assessment(&owner, "returning@keep.test").await;
    finished_at(&app, &returning, seven_months, true).await;
    app.create_assessment(&owner, "returning@keep.test").await;
    // Kept: the other organization keeps data for the default 12 months.
    let elsewhere = app.create_assessment(&other, "old-done@other.test").await;
    finished_at(&app, &elsewhere, seven_months, true).await;

    // The daily job, through the queue as the worker schedules it.
    app.state
        .jobs
        .push(
            tali::jobs::Job::EraseExpiredCandidates,
            "erase-expired/test",
        )
        .await
        .unwrap();
    for _ in 0..600 {
        if erased(&app, &old_done).await && erased(&app, &old_unstarted).await {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(erased(&app, &old_done).await && erased(&app, &old_unstarted).await);
    for kept in [&recent, &returning, &elsewhere] {
        assert!(!erased(&app, kept).await, "{kept}");
    }
    let row = assessment::Entity::find_by_id(old_done["id"].as_i64().unwrap() as i32)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (row.candidate_name.as_str(), row.score),
        ("Erased candidate", Some(7.5))
    );
    let logged = erasure::Entity::find().all(&app.state.db).await.unwrap();
    assert_eq!(logged.len(), 2);
    assert!(
        logged
            .iter()
            .all(|e| e.reason == "retention" && e.erased_by.is_none())
    );
    // Run again (another worker, the next day): nothing more is due.
    assert_eq!(erase_due(&app.state, Utc::now()).await.unwrap(), 0);
    // A shorter period catches the recent one too.
    app.json_ok(
        Method::PATCH,
        "/api/v1/organizations/me",
        &owner,
        Some(&json!({"retention_months": 1})),
        200,
    )
    .await;
    assert_eq!(erase_due(&app.state, Utc::now()).await.unwrap(), 1);
    assert!(erased(&app, &recent).await && !erased(&app, &returning).await);
}
