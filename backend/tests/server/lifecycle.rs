//! Every (status, transition) pair of the assessment lifecycle, on a real database: a transition allowed from a
//! status moves the row to its target; one that is not allowed is refused with 409 and leaves the row untouched.
//! Runs on SQLite and on PostgreSQL (`TALI_TEST_DATABASE=postgres`).

use crate::common::TestApp;
use chrono::{Duration, Utc};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
use tali::db::entities::assessment;
use tali::domain::Error;
use tali::lifecycle::{self, Status, Transition};

/// Puts assessment `id` in `status` (expired: pending with its link in the past).
async fn put_in(app: &TestApp, id: i32, status: Status) {
    let now = Utc::now();
    let (stored, expires_at) = match status {
        Status::Expired => (Status::Pending, now - Duration::hours(1)),
        other => (other, now + Duration::days(7)),
    };
    let started = !matches!(status, Status::Pending | Status::Expired | Status::Revoked);
    assessment::Entity::update_many()
        .col_expr(assessment::Column::Status, Expr::value(stored.as_str()))
        .col_expr(assessment::Column::ExpiresAt, Expr::value(expires_at))
        .col_expr(
            assessment::Column::StartedAt,
            Expr::value(started.then_some(now - Duration::minutes(5))),
        )
        .col_expr(
            assessment::Column::ArchivedAt,
            Expr::value(Option::<chrono::DateTime<Utc>>::None),
        )
        .filter(assessment::Column::Id.eq(id))
        .exec(&app.state.db)
        .await
        .unwrap();
}

async fn row(app: &TestApp, id: i32) -> assessment::Model {
    assessment::Entity::find_by_id(id)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap()
}

#[tokio::test]
async fn every_transition_from_every_status() {
    let app = TestApp::spawn().await;
    app.seed().await;
    let token = app.recruiter("lifecycle@example.com").await;
    let created = app.create_assessment(&token, "lc@example.com").await;
    let id = created["id"].as_i64().unwrap() as i32;
    let organization_id = row(&app, id).await.organization_id;

    let mut checked = 0;
    for from in Status::ALL {
        for transition in Transition::ALL {
            put_in(&app, id, from).await;
            let before = row(&app, id).await;
            let mut changes = assessment::ActiveModel {
                final_code: Set(Some(format!("{transition:?} from {from:?}"))),
                ..Default::default()
            };
            if transition == Transition::Extend {
                changes.expires_at = Set(Utc::now() + Duration::days(1));
            }
            let result = lifecycle::apply(
                &app.state.db,
                id,
                Some(organization_id),
                transition,
                changes,
                Utc::now(),
            )
            .await;
            let after = row(&app, id).await;
            let case = format!("{transition:?} from {from:?}");
            if transition.from().contains(&from) {
                assert!(result.is_ok(), "{case}: {:?}", result.err());
                let expected = transition.to().unwrap_or(from);
                assert_eq!(lifecycle::effective(&after, Utc::now()), expected, "{case}");
                assert_eq!(
                    after.final_code.as_deref(),
                    Some(case.as_str()),
                    "{case}: changes written"
                );
                assert_eq!(
                    after.archived_at.is_some(),
                    transition == Transition::Archive,
                    "{case}"
                );
            } else {
                match result {
                    Err(Error::Conflict(detail)) => assert!(!detail.is_empty(), "{case}"),
                    other => panic!("{case}: expected a conflict, got {other:?}"),
                }
                assert_eq!(after, before, "{case}: a refused transition writes nothing");
            }
            checked += 1;
        }
    }
    assert_eq!(checked, Status::ALL.len() * Transition::ALL.len());

    // Another organization, or no such assessment: not found, whatever the transition.
    for transition in Transition::ALL {
        let other = lifecycle::apply(
            &app.state.db,
            id,
            Some(organization_id + 1000),
            transition,
            Default::default(),
            Utc::now(),
        )
        .await;
        assert!(matches!(other, Err(Error::NotFound(_))), "{transition:?}");
    }
}

/// Two submits racing for one session: exactly one claims it.
#[tokio::test]
async fn a_session_is_claimed_for_submit_once() {
    let app = TestApp::spawn().await;
    app.seed().await;
    let token = app.recruiter("claims@example.com").await;
    let created = app.create_assessment(&token, "claim@example.com").await;
    let id = created["id"].as_i64().unwrap() as i32;
    put_in(&app, id, Status::InProgress).await;
    let claim = || {
        lifecycle::apply(
            &app.state.db,
            id,
            None,
            Transition::ClaimSubmit,
            Default::default(),
            Utc::now(),
        )
    };
    let results = futures_util::future::join_all((0..8).map(|_| claim())).await;
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 1);
    assert_eq!(row(&app, id).await.status, "submitting");
}
