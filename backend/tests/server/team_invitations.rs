//! Team invitations: the link from the email works once, for seven days; a resend replaces it, a cancel voids it;
//! accepting creates the account or moves an existing account that holds nothing of its own.

use chrono::{Duration, Utc};
use reqwest::Method;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait, IntoActiveModel};
use serde_json::{Value, json};
use tali::db::entities::team_invitation;

use crate::common::team::{accept, invitation_token, invite, preview};
use crate::common::{PASSWORD, TestApp, detail};

#[tokio::test]
async fn an_invited_colleague_joins_and_shares_the_pipeline() {
    let app = TestApp::spawn().await;
    app.seed().await;
    let owner = app.recruiter("owner@team.test").await;
    let sent = app.create_assessment(&owner, "cand@team.test").await;
    let invitation = invite(&app, &owner, "Grace@Team.test ", "member").await;
    assert_eq!(invitation["email"], "grace@team.test");
    assert_eq!(invitation["status"], "pending");
    assert_eq!(invitation["invited_by"], "Test Recruiter");
    let expires: chrono::DateTime<Utc> =
        invitation["expires_at"].as_str().unwrap().parse().unwrap();
    assert!(
        (expires - Utc::now() - Duration::days(7))
            .num_seconds()
            .abs()
            < 60
    );

    let token = invitation_token(&app, "grace@team.test").await;
    let shown: Value = preview(&app, &token).await.json().await.unwrap();
    assert_eq!(shown["email"], "grace@team.test");
    assert_eq!(shown["role"], "member");
    assert_eq!(shown["needs_password"], true);
    assert_eq!(shown["invited_by"], "Test Recruiter");
    assert!(
        shown["organization_name"]
            .as_str()
            .unwrap()
            .contains("organization")
    );

    // A new account needs a name and a password.
    let missing = accept(&app, json!({"token": token})).await;
    assert_eq!(missing.status(), 422);
    let short = accept(
        &app,
        json!({"token": token, "full_name": "Grace", "password": "short"}),
    )
    .await;
    assert_eq!(short.status(), 422);
    let accepted = accept(
        &app,
        json!({"token": token, "full_name": "Grace Hopper", "password": PASSWORD}),
    )
    .await;
    assert_eq!(accepted.status(), 200);

    let grace = app.login("grace@team.test").await;
    let me = app
        .json_ok(Method::GET, "/api/v1/auth/me", &grace, None, 200)
        .await;
    assert_eq!(me["role"], "member");
    assert_eq!(me["full_name"], "Grace Hopper");
    let owners_me = app
        .json_ok(Method::GET, "/api/v1/auth/me", &owner, None, 200)
        .await;
    assert_eq!(owners_me["role"], "owner");
    assert_eq!(me["organization"]["id"], owners_me["organization"]["id"]);
    let pipeline = app
        .json_ok(Method::GET, "/api/v1/assessments", &grace, None, 200)
        .await;
    assert_eq!(pipeline["total"], 1);
    assert_eq!(pipeline["items"][0]["id"], sent["id"]);

    let members = app
        .json_ok(
            Method::GET,
            "/api/v1/organizations/members",
            &grace,
            None,
            200,
        )
        .await;
    let roles: Vec<(&str, &str)> = members
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["email"].as_str().unwrap(), m["role"].as_str().unwrap()))
        .collect();
    assert_eq!(
        roles,
        [("owner@team.test", "owner"), ("grace@team.test", "member")]
    );
    // Accepted invitations leave the list.
    let open = app
        .json_ok(
            Method::GET,
            "/api/v1/organizations/invitations",
            &owner,
            None,
            200,
        )
        .await;
    assert_eq!(open, json!([]));

    // The link works once.
    assert_eq!(preview(&app, &token).await.status(), 410);
    let again = accept(
        &app,
        json!({"token": token, "full_name": "Mallory", "password": PASSWORD}),
    )
    .await;
    assert_eq!(
        detail(again, 410).await,
        "This invitation was already accepted: log in instead"
    );
}

#[tokio::test]
async fn expired_cancelled_replaced_and_unknown_links_are_refused() {
    let app = TestApp::spawn().await;
    let owner = app.recruiter("owner@links.test").await;
    assert_eq!(preview(&app, "not-a-token").await.status(), 404);

    let late = invite(&app, &owner, "late@links.test", "member").await;
    let late_token = invitation_token(&app, "late@links.test").await;
    let row = team_invitation::Entity::find_by_id(late["id"].as_i64().unwrap() as i32)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    let mut row = row.into_active_model();
    row.expires_at = Set(Utc::now() - Duration::minutes(1));
    row.update(&app.state.db).await.unwrap();
    assert_eq!(
        detail(preview(&app, &late_token).await, 410).await,
        "This invitation has expired: ask for a new one"
    );
    let refused = accept(
        &app,
        json!({"token": late_token, "full_name": "Late", "password": PASSWORD}),
    )
    .await;
    assert_eq!(refused.status(), 410);
    let listed = app
        .json_ok(
            Method::GET,
            "/api/v1/organizations/invitations",
            &owner,
            None,
            200,
        )
        .await;
    assert_eq!(listed[0]["status"], "expired");

    // Resending issues a new link valid for seven more days; the old one stops working.
    let id = late["id"].as_i64().unwrap();
    let resent = app
        .json_ok(
            Method::POST,
            &format!("/api/v1/organizations/invitations/{id}/resend"),
            &owner,
            None,
            200,
        )
        .await;
    assert_eq!(resent["status"], "pending");
    let new_token = invitation_token(&app, "late@links.test").await;
    assert_ne!(new_token, late_token);
    assert_eq!(preview(&app, &late_token).await.status(), 404);
    assert_eq!(preview(&app, &new_token).await.status(), 200);

    // A cancelled invitation's link is dead, and the invitation leaves the list.
    app.json_ok(
        Method::DELETE,
        &format!("/api/v1/organizations/invitations/{id}"),
        &owner,
        None,
        204,
    )
    .await;
    assert_eq!(
        detail(preview(&app, &new_token).await, 410).await,
        "This invitation was cancelled"
    );
    let gone = accept(
        &app,
        json!({"token": new_token, "full_name": "Late", "password": PASSWORD}),
    )
    .await;
    assert_eq!(gone.status(), 410);
    let listed = app
        .json_ok(
            Method::GET,
            "/api/v1/organizations/invitations",
            &owner,
            None,
            200,
        )
        .await;
    assert_eq!(listed, json!([]));
    let twice = app
        .send(
            Method::DELETE,
            &format!("/api/v1/organizations/invitations/{id}"),
            &owner,
            None,
        )
        .await;
    assert_eq!(twice.status(), 409);
    // The address may be invited afresh.
    invite(&app, &owner, "late@links.test", "member").await;
}

#[tokio::test]
async fn inviting_twice_or_a_member_is_a_conflict_and_input_is_checked() {
    let app = TestApp::spawn().await;
    let owner = app.recruiter("owner@dupes.test").await;
    invite(&app, &owner, "dup@dupes.test", "admin").await;
    let again = app
        .send(
            Method::POST,
            "/api/v1/organizations/invitations",
            &owner,
            Some(&json!({"email": "DUP@dupes.test", "role": "member"})),
        )
        .await;
    assert!(detail(again, 409).await.contains("already invited"));
    let member = app
        .send(
            Method::POST,
            "/api/v1/organizations/invitations",
            &owner,
            Some(&json!({"email": "owner@dupes.test", "role": "member"})),
        )
        .await;
    assert_eq!(
        detail(member, 409).await,
        "owner@dupes.test is already a member of the team"
    );
    for body in [
        json!({"email": "not-an-email", "role": "member"}),
        json!({"email": "x@dupes.test", "role": "boss"}),
        json!({"email": "x@dupes.test"}),
    ] {
        let response = app
            .send(
                Method::POST,
                "/api/v1/organizations/invitations",
                &owner,
                Some(&body),
            )
            .await;
        assert_eq!(response.status(), 422, "{body}");
    }
}

#[tokio::test]
async fn an_existing_account_without_data_joins_and_one_with_data_does_not() {
    let app = TestApp::spawn().await;
    app.seed().await;
    let owner = app.recruiter("owner@join.test").await;
    let loner = app.recruiter("loner@join.test").await;
    let busy = app.recruiter("busy@join.test").await;
    app.create_assessment(&busy, "cand@join.test").await;

    invite(&app, &owner, "loner@join.test", "admin").await;
    let token = invitation_token(&app, "loner@join.test").await;
    let shown: Value = preview(&app, &token).await.json().await.unwrap();
    assert_eq!(shown["needs_password"], false);
    let with_password = accept(
        &app,
        json!({"token": token, "password": "another password"}),
    )
    .await;
    assert_eq!(with_password.status(), 400);
    let joined = accept(&app, json!({"token": token})).await;
    assert_eq!(joined.status(), 200);
    // The session signed in to the old organization ends; a new login lands in the team with the invited role.
    assert_eq!(app.get_auth("/api/v1/auth/me", &loner).await.status(), 401);
    let loner = app.login("loner@join.test").await;
    let me = app
        .json_ok(Method::GET, "/api/v1/auth/me", &loner, None, 200)
        .await;
    let owners = app
        .json_ok(Method::GET, "/api/v1/auth/me", &owner, None, 200)
        .await;
    assert_eq!(me["organization"]["id"], owners["organization"]["id"]);
    assert_eq!(me["role"], "admin");

    invite(&app, &owner, "busy@join.test", "member").await;
    let token = invitation_token(&app, "busy@join.test").await;
    let refused = accept(&app, json!({"token": token})).await;
    assert!(
        detail(refused, 409)
            .await
            .contains("its own tasks, candidates or assessments")
    );
    // The refusal used nothing up: the account still has its own organization and the link still works.
    let busy_me = app
        .json_ok(Method::GET, "/api/v1/auth/me", &busy, None, 200)
        .await;
    assert_ne!(busy_me["organization"]["id"], owners["organization"]["id"]);
    assert_eq!(preview(&app, &token).await.status(), 200);
}
