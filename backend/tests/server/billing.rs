//! Billing's rules of sending, with billing on (a Stripe key set): trial credits, a credit reserved per invitation,
//! used when the candidate starts, given back when the invitation is revoked or expires unstarted, exactly as many
//! concurrent sends as credits, the monthly plan's allowance and grace period, and billing off (no limit).
//! Runs on SQLite and on PostgreSQL.

use crate::common::{TestApp, detail};
use chrono::{Duration, Utc};
use reqwest::Method;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
use serde_json::{Value, json};
use tali::db::entities::{assessment, organization};

const BILLING_ON: [(&str, &str); 1] = [("STRIPE_API_KEY", "sk_test_billing")];

async fn billed(extra: &[(&str, &str)]) -> (TestApp, String) {
    let settings: Vec<(&str, &str)> = BILLING_ON
        .iter()
        .copied()
        .chain(extra.iter().copied())
        .collect();
    let app = TestApp::spawn_with(&settings).await;
    app.seed().await;
    let token = app.recruiter("payer@example.com").await;
    (app, token)
}

async fn usage(app: &TestApp, token: &str) -> Value {
    app.json_ok(Method::GET, "/api/v1/billing/usage", token, None, 200)
        .await
}

async fn send(app: &TestApp, token: &str, email: &str) -> reqwest::Response {
    let task_id = app.template_id(token).await;
    app.send(
        Method::POST,
        "/api/v1/assessments",
        token,
        Some(&json!({"task_id": task_id, "candidate_email": email, "candidate_name": "Cand"})),
    )
    .await
}

async fn ledger_kinds(app: &TestApp, token: &str) -> Vec<(String, i64)> {
    let page = app
        .json_ok(
            Method::GET,
            "/api/v1/billing/ledger?limit=100",
            token,
            None,
            200,
        )
        .await;
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .map(|e| {
            (
                e["kind"].as_str().unwrap().to_string(),
                e["delta"].as_i64().unwrap(),
            )
        })
        .collect()
}

#[tokio::test]
async fn credits_are_reserved_used_and_given_back() {
    let (app, token) = billed(&[]).await;
    let start = usage(&app, &token).await;
    assert_eq!(start["billing_enabled"], true);
    assert_eq!(
        start["credits_remaining"], 3,
        "a new organization's trial credits"
    );

    let mut sent = Vec::new();
    for i in 0..3 {
        let response = send(&app, &token, &format!("c{i}@example.com")).await;
        assert_eq!(response.status(), 201);
        sent.push(response.json::<Value>().await.unwrap());
    }
    assert_eq!(usage(&app, &token).await["credits_remaining"], 0);
    let refused = send(&app, &token, "c3@example.com").await;
    assert_eq!(
        detail(refused, 402).await,
        "No assessment credits left: buy credits in Settings → Billing"
    );

    // The first candidate starts: the credit is used and the assessment is billed.
    let first_token = sent[0]["token"].as_str().unwrap();
    let started = app
        .client
        .post(app.url(&format!("/api/v1/assessments/token/{first_token}/start")))
        .send()
        .await
        .unwrap();
    assert_eq!(started.status(), 200);
    // The second is revoked: its credit goes back, and a second delete (archive) changes nothing more.
    let second = format!("/api/v1/assessments/{}", sent[1]["id"]);
    assert_eq!(
        app.send(Method::DELETE, &second, &token, None)
            .await
            .status(),
        204
    );
    assert_eq!(
        app.send(Method::DELETE, &second, &token, None)
            .await
            .status(),
        204
    );
    assert_eq!(usage(&app, &token).await["credits_remaining"], 1);

    // The third expires unstarted: the sweep gives its credit back, once.
    assessment::Entity::update_many()
        .col_expr(
            assessment::Column::ExpiresAt,
            Expr::value(Utc::now() - Duration::hours(1)),
        )
        .filter(assessment::Column::Id.eq(sent[2]["id"].as_i64().unwrap() as i32))
        .exec(&app.state.db)
        .await
        .unwrap();
    let released = tali::billing::ledger::release_expired(&app.state.db, Utc::now())
        .await
        .unwrap();
    assert_eq!(released, 1);
    assert_eq!(
        tali::billing::ledger::release_expired(&app.state.db, Utc::now())
            .await
            .unwrap(),
        0
    );
    assert_eq!(usage(&app, &token).await["credits_remaining"], 2);

    // Extending the expired link takes a credit again.
    app.json_ok(
        Method::POST,
        &format!("/api/v1/assessments/{}/extend", sent[2]["id"]),
        &token,
        Some(&json!({"days": 2})),
        200,
    )
    .await;
    let after = usage(&app, &token).await;
    assert_eq!(after["credits_remaining"], 1);
    assert_eq!(after["total"], 1, "only the started assessment is billed");
    assert_eq!(after["total_cost_pence"], 2500);

    assert_eq!(
        ledger_kinds(&app, &token).await,
        [
            ("trial".to_string(), 3),
            ("reserve".to_string(), -1),
            ("reserve".to_string(), -1),
            ("reserve".to_string(), -1),
            ("use".to_string(), 0),
            ("release".to_string(), 1),
            ("release".to_string(), 1),
            ("reserve".to_string(), -1),
        ]
    );
}

#[tokio::test]
async fn concurrent_sends_take_exactly_the_credits_there_are() {
    let (app, token) = billed(&[("BILLING_TRIAL_CREDITS", "5")]).await;
    let task_id = app.template_id(&token).await;
    let sends =
        (0..20).map(|i| {
            let (app, token) = (&app, &token);
            async move {
                app.send(
                Method::POST,
                "/api/v1/assessments",
                token,
                Some(&json!({"task_id": task_id, "candidate_email": format!("race{i}@example.com"),
                    "candidate_name": "Racer"})),
            )
            .await
            .status()
            .as_u16()
            }
        });
    let statuses = futures_util::future::join_all(sends).await;
    assert_eq!(
        statuses.iter().filter(|s| **s == 201).count(),
        5,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 402).count(),
        15,
        "{statuses:?}"
    );
    assert_eq!(usage(&app, &token).await["credits_remaining"], 0);
    let kinds = ledger_kinds(&app, &token).await;
    let mut running = 0;
    for (_, delta) in &kinds {
        running += delta;
        assert!(running >= 0, "the balance went negative: {kinds:?}");
    }
}

#[tokio::test]
async fn the_monthly_plan_has_an_allowance_and_a_grace_period() {
    let (app, token) = billed(&[("BILLING_MONTHLY_LIMIT", "2"), ("BILLING_GRACE_DAYS", "7")]).await;
    organization::Entity::update_many()
        .col_expr(organization::Column::Plan, Expr::value("monthly"))
        .col_expr(
            organization::Column::SubscriptionStatus,
            Expr::value("active"),
        )
        .col_expr(
            organization::Column::CurrentPeriodEnd,
            Expr::value(Utc::now() + Duration::days(20)),
        )
        .exec(&app.state.db)
        .await
        .unwrap();
    for i in 0..2 {
        assert_eq!(
            send(&app, &token, &format!("m{i}@example.com"))
                .await
                .status(),
            201
        );
    }
    let over = send(&app, &token, "m2@example.com").await;
    assert!(
        detail(over, 402)
            .await
            .contains("includes 2 assessments a month")
    );
    assert_eq!(
        usage(&app, &token).await["credits_remaining"],
        3,
        "credits stay untouched"
    );

    // A payment failed three days ago: still within the grace period (the allowance is raised for the check).
    let set_past_due = |days: i64| {
        organization::Entity::update_many()
            .col_expr(
                organization::Column::PastDueSince,
                Expr::value(Utc::now() - Duration::days(days)),
            )
            .col_expr(
                organization::Column::CurrentPeriodEnd,
                Expr::value(Utc::now() + Duration::days(40)),
            )
            .exec(&app.state.db)
    };
    set_past_due(3).await.unwrap();
    let state = usage(&app, &token).await;
    assert_eq!(state["past_due"], true);
    set_past_due(10).await.unwrap();
    let refused = send(&app, &token, "late@example.com").await;
    assert!(
        detail(refused, 402)
            .await
            .contains("monthly payment failed")
    );
}

#[tokio::test]
async fn without_billing_sending_is_unlimited() {
    let app = TestApp::spawn().await;
    app.seed().await;
    let token = app.recruiter("free@example.com").await;
    for i in 0..5 {
        assert_eq!(
            send(&app, &token, &format!("f{i}@example.com"))
                .await
                .status(),
            201
        );
    }
    let state = usage(&app, &token).await;
    assert_eq!(state["billing_enabled"], false);
    assert_eq!(state["credits_remaining"], Value::Null);
    assert!(ledger_kinds(&app, &token).await.is_empty());
}
