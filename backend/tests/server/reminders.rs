//! Reminder emails before a link expires: the organization's setting (owner or admin, 1 to 72 hours, off by
//! default) and the periodic sweep, which reminds each pending assessment once per expiry, never a started,
//! revoked or expired one, and nothing for an organization that did not ask. Runs on SQLite and on PostgreSQL.

use crate::common::{TestApp, detail, team};
use chrono::{DateTime, Duration, Utc};
use reqwest::Method;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
use serde_json::{Value, json};
use tali::db::entities::{assessment, email_outbox};
use tali::recruiting::reminders::send_due;

async fn remind_hours(app: &TestApp, token: &str, hours: Value, status: u16) -> Value {
    app.json_ok(
        Method::PATCH,
        "/api/v1/organizations/me",
        token,
        Some(&json!({"remind_hours_before_expiry": hours})),
        status,
    )
    .await
}

/// Moves an assessment's dates as if it had been invited `created` ago and expired at `expires`.
async fn set_dates(app: &TestApp, row: &Value, created: DateTime<Utc>, expires: DateTime<Utc>) {
    assessment::Entity::update_many()
        .col_expr(assessment::Column::CreatedAt, Expr::value(created))
        .col_expr(assessment::Column::ExpiresAt, Expr::value(expires))
        .filter(assessment::Column::Id.eq(row["id"].as_i64().unwrap() as i32))
        .exec(&app.state.db)
        .await
        .unwrap();
}

async fn reminders(app: &TestApp) -> Vec<email_outbox::Model> {
    email_outbox::Entity::find()
        .filter(email_outbox::Column::Kind.eq("reminder"))
        .all(&app.state.db)
        .await
        .unwrap()
}

async fn sweep(app: &TestApp) -> u64 {
    send_due(&app.state.db, &app.state.settings, Utc::now())
        .await
        .unwrap()
}

#[tokio::test]
async fn the_setting_is_off_by_default_bounded_and_for_owners_and_admins() {
    let app = TestApp::spawn().await;
    app.seed().await;
    let owner = app.recruiter("owner@example.com").await;
    let me = app
        .json_ok(Method::GET, "/api/v1/organizations/me", &owner, None, 200)
        .await;
    assert_eq!(me["remind_hours_before_expiry"], Value::Null);

    assert_eq!(
        remind_hours(&app, &owner, json!(24), 200).await["remind_hours_before_expiry"],
        24
    );
    for bad in [json!(73), json!(-1), json!("soon")] {
        let response = app
            .client
            .patch(app.url("/api/v1/organizations/me"))
            .bearer_auth(&owner)
            .json(&json!({"remind_hours_before_expiry": bad}))
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        assert!((400..500).contains(&status), "{bad}: {status}");
        assert!(
            detail(response, status)
                .await
                .contains("remind_hours_before_expiry")
        );
    }
    // Leaving the field out keeps it; 0 turns reminders off.
    let renamed = app
        .json_ok(
            Method::PATCH,
            "/api/v1/organizations/me",
            &owner,
            Some(&json!({"name": "Acme"})),
            200,
        )
        .await;
    assert_eq!(renamed["remind_hours_before_expiry"], 24);
    assert_eq!(
        remind_hours(&app, &owner, json!(0), 200).await["remind_hours_before_expiry"],
        Value::Null
    );

    let member = team::colleague(&app, &owner, "member@example.com", "member").await;
    let refused = app
        .client
        .patch(app.url("/api/v1/organizations/me"))
        .bearer_auth(&member)
        .json(&json!({"remind_hours_before_expiry": 12}))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 403);
    let admin = team::colleague(&app, &owner, "admin@example.com", "admin").await;
    assert_eq!(
        remind_hours(&app, &admin, json!(12), 200).await["remind_hours_before_expiry"],
        12
    );
}

#[tokio::test]
async fn one_reminder_per_pending_link_and_only_where_asked() {
    // The test runs the sweep itself; the worker's own periodic sweep, started late on a busy machine, would
    // race it for the one reminder.
    let app = TestApp::spawn_with(&[("TALI_WORKER", "off")]).await;
    app.seed().await;
    let asks = app.recruiter("asks@example.com").await;
    let quiet = app.recruiter("quiet@example.com").await;
    remind_hours(&app, &asks, json!(24), 200).await;
    let now = Utc::now();
    let long_ago = now - Duration::days(6);

    let rows = app.create_assessments(&asks, "cand", 6).await;
    let [due, started, revoked, expired, later, fresh] = rows.as_slice() else {
        unreachable!()
    };
    for row in [due, started, revoked] {
        set_dates(&app, row, long_ago, now + Duration::hours(5)).await;
    }
    set_dates(&app, expired, long_ago, now - Duration::minutes(1)).await;
    set_dates(&app, later, long_ago, now + Duration::hours(30)).await;
    // Invited inside the window: the invitation itself gave the short deadline.
    set_dates(
        &app,
        fresh,
        now - Duration::hours(1),
        now + Duration::hours(5),
    )
    .await;
    assessment::Entity::update_many()
        .col_expr(assessment::Column::Status, Expr::value("in_progress"))
        .filter(assessment::Column::Id.eq(started["id"].as_i64().unwrap() as i32))
        .exec(&app.state.db)
        .await
        .unwrap();
    let response = app
        .client
        .delete(app.url(&format!("/api/v1/assessments/{}", revoked["id"])))
        .bearer_auth(&asks)
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success(), "{}", response.status());
    // The organization that did not ask has a row just as due.
    let other = app.create_assessment(&quiet, "other@example.com").await;
    set_dates(&app, &other, long_ago, now + Duration::hours(5)).await;

    // Two workers sweeping at once queue one email.
    let (a, b) = tokio::join!(sweep(&app), sweep(&app));
    assert_eq!(a + b, 1);
    assert_eq!(sweep(&app).await, 0);
    let sent = reminders(&app).await;
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(sent[0].to_email, "cand0@example.com");
    assert!(
        sent[0].subject.contains("expires in about 4 hours")
            || sent[0].subject.contains("expires in about 5 hours")
    );
    assert!(
        sent[0]
            .text
            .contains(&format!("#/assess/{}", due["token"].as_str().unwrap()))
    );
    assert_eq!(
        sent[0].idempotency_key,
        format!(
            "assessment-reminder/{}/{}",
            due["id"],
            (now + Duration::hours(5)).timestamp()
        )
    );

    // Extending the link gives the new deadline its own reminder, when it comes near.
    app.json_ok(
        Method::POST,
        &format!("/api/v1/assessments/{}/extend", due["id"]),
        &asks,
        Some(&json!({"days": 1})),
        200,
    )
    .await;
    assert_eq!(
        sweep(&app).await,
        0,
        "29 hours left is outside the 24-hour window"
    );
    set_dates(&app, due, long_ago, now + Duration::hours(2)).await;
    assert_eq!(sweep(&app).await, 1);
    assert_eq!(reminders(&app).await.len(), 2);

    // Off again: nothing more, even for a row that is due.
    remind_hours(&app, &asks, json!(0), 200).await;
    set_dates(&app, later, long_ago, now + Duration::hours(3)).await;
    assert_eq!(sweep(&app).await, 0);
}
