//! Teams: changing roles within the rules, the last owner, removing a member (their sessions end, their work
//! stays), and who sees which emails of the shared outbox.

use reqwest::Method;
use serde_json::{Value, json};

use crate::common::team::{accept, colleague, invitation_token, invite, user_id};
use crate::common::{PASSWORD, TestApp, detail};

#[tokio::test]
async fn roles_change_within_the_rules_and_the_last_owner_stays() {
    let app = TestApp::spawn().await;
    let owner = app.recruiter("owner@rules.test").await;
    let owner_id = user_id(&app, &owner).await;
    let admin = colleague(&app, &owner, "admin@rules.test", "admin").await;
    let member = colleague(&app, &owner, "member@rules.test", "member").await;
    let member_id = user_id(&app, &member).await;
    let admin_id = user_id(&app, &admin).await;
    let path = |id: i64| format!("/api/v1/organizations/members/{id}");

    // The last owner can be neither demoted nor removed, not even by themselves.
    let demote = app
        .send(
            Method::PATCH,
            &path(owner_id),
            &owner,
            Some(&json!({"role": "admin"})),
        )
        .await;
    assert!(detail(demote, 409).await.contains("last owner"));
    let remove = app
        .send(Method::DELETE, &path(owner_id), &owner, None)
        .await;
    assert!(detail(remove, 409).await.contains("last owner"));

    // An admin manages members and admins, but neither makes nor touches an owner.
    let promoted = app
        .json_ok(
            Method::PATCH,
            &path(member_id),
            &admin,
            Some(&json!({"role": "admin"})),
            200,
        )
        .await;
    assert_eq!(promoted["role"], "admin");
    let to_owner = app
        .send(
            Method::PATCH,
            &path(member_id),
            &admin,
            Some(&json!({"role": "owner"})),
        )
        .await;
    assert_eq!(
        detail(to_owner, 403).await,
        "Only an owner can make a member owner"
    );
    let touch_owner = app
        .send(
            Method::PATCH,
            &path(owner_id),
            &admin,
            Some(&json!({"role": "member"})),
        )
        .await;
    assert_eq!(
        detail(touch_owner, 403).await,
        "Only an owner can change or remove an owner"
    );
    let invite_owner = app
        .send(
            Method::POST,
            "/api/v1/organizations/invitations",
            &admin,
            Some(&json!({"email": "o2@rules.test", "role": "owner"})),
        )
        .await;
    assert_eq!(
        detail(invite_owner, 403).await,
        "Only an owner can invite or manage an invitation as owner"
    );
    // The role takes effect with the next request: the promoted member may now list invitations.
    app.json_ok(
        Method::GET,
        "/api/v1/organizations/invitations",
        &member,
        None,
        200,
    )
    .await;

    // With a second owner, the first may step down.
    app.json_ok(
        Method::PATCH,
        &path(admin_id),
        &owner,
        Some(&json!({"role": "owner"})),
        200,
    )
    .await;
    let stepped = app
        .json_ok(
            Method::PATCH,
            &path(owner_id),
            &owner,
            Some(&json!({"role": "member"})),
            200,
        )
        .await;
    assert_eq!(stepped["role"], "member");
    let refused = app
        .send(
            Method::PATCH,
            "/api/v1/organizations/me",
            &owner,
            Some(&json!({"name": "Mine"})),
        )
        .await;
    assert_eq!(
        detail(refused, 403).await,
        "Only an owner or an admin can change the organization's settings"
    );
    let unknown = app
        .send(
            Method::PATCH,
            &path(999_999),
            &admin,
            Some(&json!({"role": "member"})),
        )
        .await;
    assert_eq!(unknown.status(), 404);
}

#[tokio::test]
async fn a_removed_member_is_signed_out_and_their_work_stays() {
    let app = TestApp::spawn().await;
    app.seed().await;
    let owner = app.recruiter("owner@removal.test").await;
    let member = colleague(&app, &owner, "member@removal.test", "member").await;
    let member_id = user_id(&app, &member).await;
    let theirs = app.create_assessment(&member, "cand@removal.test").await;
    // Another organization's owner cannot remove them.
    let stranger = app.recruiter("stranger@removal.test").await;
    let foreign = app
        .send(
            Method::DELETE,
            &format!("/api/v1/organizations/members/{member_id}"),
            &stranger,
            None,
        )
        .await;
    assert_eq!(foreign.status(), 404);

    app.json_ok(
        Method::DELETE,
        &format!("/api/v1/organizations/members/{member_id}"),
        &owner,
        None,
        204,
    )
    .await;
    assert_eq!(
        app.get_auth("/api/v1/assessments", &member).await.status(),
        401
    );
    let login = app
        .post_json(
            "/api/v1/auth/login",
            &json!({"email": "member@removal.test", "password": PASSWORD}),
        )
        .await;
    assert_eq!(login.status(), 403);
    let kept = app
        .json_ok(
            Method::GET,
            &format!("/api/v1/assessments/{}", theirs["id"]),
            &owner,
            None,
            200,
        )
        .await;
    assert_eq!(kept["status"], "pending");
    let members = app
        .json_ok(
            Method::GET,
            "/api/v1/organizations/members",
            &owner,
            None,
            200,
        )
        .await;
    assert_eq!(members.as_array().unwrap().len(), 1);

    // Invited again, the removed account comes back without a new password.
    invite(&app, &owner, "member@removal.test", "member").await;
    let token = invitation_token(&app, "member@removal.test").await;
    let back = accept(&app, json!({"token": token})).await;
    assert_eq!(back.status(), 200);
    app.login("member@removal.test").await;
}

#[tokio::test]
async fn account_emails_in_the_shared_outbox_are_shown_only_to_whom_they_concern() {
    let app = TestApp::spawn().await;
    let owner = app.recruiter("owner@mail.test").await;
    let member = colleague(&app, &owner, "member@mail.test", "member").await;
    invite(&app, &owner, "pending@mail.test", "admin").await;
    let forgot = app
        .post_json(
            "/api/v1/auth/forgot-password",
            &json!({"email": "owner@mail.test"}),
        )
        .await;
    assert_eq!(forgot.status(), 202);

    let kinds = |list: &Value| -> Vec<(String, String)> {
        let mut kinds: Vec<(String, String)> = list["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["kind"].as_str().unwrap().into(),
                    e["to"].as_str().unwrap().into(),
                )
            })
            .collect();
        kinds.sort();
        kinds
    };
    let owners = app
        .json_ok(Method::GET, "/api/v1/emails", &owner, None, 200)
        .await;
    assert_eq!(
        kinds(&owners),
        [
            ("password-reset".into(), "owner@mail.test".into()),
            ("team-invitation".into(), "member@mail.test".into()),
            ("team-invitation".into(), "pending@mail.test".into()),
        ]
    );
    // A member sees only the invitation sent to them.
    let members = app
        .json_ok(Method::GET, "/api/v1/emails", &member, None, 200)
        .await;
    assert_eq!(
        kinds(&members),
        [("team-invitation".into(), "member@mail.test".into())]
    );
    assert_eq!(members["total"], 1);
    let reset_id = owners["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "password-reset")
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let peek = app
        .get_auth(&format!("/api/v1/emails/{reset_id}"), &member)
        .await;
    assert_eq!(peek.status(), 404);
}
