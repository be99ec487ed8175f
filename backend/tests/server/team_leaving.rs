//! Leaving the team and handing over ownership: a member leaves (their sessions end, their work stays), the last
//! owner cannot leave, an owner transfers ownership (becoming an admin) to a colleague of their own organization
//! only.

use reqwest::Method;

use crate::common::team::{colleague, user_id};
use crate::common::{TestApp, detail};

#[tokio::test]
async fn a_member_leaves_and_their_work_stays() {
    let app = TestApp::spawn().await;
    app.seed().await;
    let owner = app.recruiter("owner@leave.test").await;
    let member = colleague(&app, &owner, "member@leave.test", "member").await;
    let member_id = user_id(&app, &member).await;
    let made = app.create_assessment(&member, "cand@leave.test").await;

    // The last owner cannot leave, and says what to do instead.
    let refused = app
        .send(Method::POST, "/api/v1/organizations/leave", &owner, None)
        .await;
    assert!(detail(refused, 409).await.contains("last owner"));

    let left = app
        .send(Method::POST, "/api/v1/organizations/leave", &member, None)
        .await;
    assert_eq!(left.status(), 204);
    // Their session ended at once, and they can no longer sign in.
    assert_eq!(app.get_auth("/api/v1/auth/me", &member).await.status(), 401);
    let login = app
        .post_json(
            "/api/v1/auth/login",
            &serde_json::json!({"email": "member@leave.test", "password": crate::common::PASSWORD}),
        )
        .await;
    assert!(login.status().is_client_error(), "{}", login.status());
    // The team no longer lists them; what they created stays with the organization.
    let members = app
        .json_ok(
            Method::GET,
            "/api/v1/organizations/members",
            &owner,
            None,
            200,
        )
        .await;
    assert!(
        members
            .as_array()
            .unwrap()
            .iter()
            .all(|m| m["id"] != member_id)
    );
    let path = format!("/api/v1/assessments/{}", made["id"]);
    app.json_ok(Method::GET, &path, &owner, None, 200).await;
}

#[tokio::test]
async fn an_owner_transfers_ownership_and_becomes_an_admin() {
    let app = TestApp::spawn().await;
    let owner = app.recruiter("owner@transfer.test").await;
    let owner_id = user_id(&app, &owner).await;
    let admin = colleague(&app, &owner, "admin@transfer.test", "admin").await;
    let admin_id = user_id(&app, &admin).await;
    let stranger = app.recruiter("stranger@transfer.test").await;
    let stranger_id = user_id(&app, &stranger).await;
    let to = |id: i64| format!("/api/v1/organizations/members/{id}/transfer-ownership");

    // An admin cannot take ownership; an owner cannot give it to themselves or to another organization's user.
    let by_admin = app.send(Method::POST, &to(admin_id), &admin, None).await;
    assert_eq!(
        detail(by_admin, 403).await,
        "Only an owner can transfer ownership"
    );
    let to_self = app.send(Method::POST, &to(owner_id), &owner, None).await;
    assert_eq!(to_self.status(), 409);
    let elsewhere = app.send(Method::POST, &to(stranger_id), &owner, None).await;
    assert_eq!(elsewhere.status(), 404);
    let unknown = app.send(Method::POST, &to(999_999), &owner, None).await;
    assert_eq!(unknown.status(), 404);
    let malformed = app
        .send(
            Method::POST,
            "/api/v1/organizations/members/abc/transfer-ownership",
            &owner,
            None,
        )
        .await;
    assert!(malformed.status().is_client_error());

    let team = app
        .json_ok(Method::POST, &to(admin_id), &owner, None, 200)
        .await;
    let role_of = |id: i64| {
        team.as_array()
            .unwrap()
            .iter()
            .find(|m| m["id"] == id)
            .unwrap()["role"]
            .clone()
    };
    assert_eq!(
        (role_of(admin_id), role_of(owner_id)),
        ("owner".into(), "admin".into())
    );
    // The roles hold at once: the former owner is refused an owner's action, the new one may do it.
    assert_eq!(
        app.send(Method::POST, &to(owner_id), &owner, None)
            .await
            .status(),
        403
    );
    // The former owner may now leave; the new owner is the last one and may not.
    let left = app
        .send(Method::POST, "/api/v1/organizations/leave", &owner, None)
        .await;
    assert_eq!(left.status(), 204);
    let last = app
        .send(Method::POST, "/api/v1/organizations/leave", &admin, None)
        .await;
    assert!(detail(last, 409).await.contains("last owner"));
}
