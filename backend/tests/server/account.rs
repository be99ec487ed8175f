//! The signed-in user's own account (`PATCH /auth/me`, `POST /auth/change-password`): validation, a duplicate
//! email, the password change ending every other session, and that only the caller's row ever changes.

use reqwest::Method;
use serde_json::{Value, json};

use crate::common::team::colleague;
use crate::common::{PASSWORD, TestApp, detail};

const NEW_PASSWORD: &str = "a brand new passphrase";

async fn patch_me(app: &TestApp, token: &str, body: Value) -> reqwest::Response {
    app.send(Method::PATCH, "/api/v1/auth/me", token, Some(&body))
        .await
}

async fn change_password(
    app: &TestApp,
    token: &str,
    current: &str,
    new: &str,
) -> reqwest::Response {
    app.send(
        Method::POST,
        "/api/v1/auth/change-password",
        token,
        Some(&json!({"current_password": current, "new_password": new})),
    )
    .await
}

async fn login_status(app: &TestApp, email: &str, password: &str) -> u16 {
    app.post_json(
        "/api/v1/auth/login",
        &json!({"email": email, "password": password}),
    )
    .await
    .status()
    .as_u16()
}

async fn me(app: &TestApp, token: &str) -> Value {
    app.json_ok(Method::GET, "/api/v1/auth/me", token, None, 200)
        .await
}

#[tokio::test]
async fn rename_and_email_change_are_validated_and_answer_the_user() {
    let app = TestApp::spawn().await;
    let token = app.recruiter("self@example.com").await;
    app.register("taken@example.com").await;

    let renamed = app
        .json_ok(
            Method::PATCH,
            "/api/v1/auth/me",
            &token,
            Some(&json!({"full_name": "  Ada Lovelace  "})),
            200,
        )
        .await;
    assert_eq!(renamed["full_name"], "Ada Lovelace");
    assert_eq!(renamed["email"], "self@example.com");
    assert_eq!(
        renamed,
        me(&app, &token).await,
        "the answer is GET /auth/me's shape"
    );

    for bad in [
        json!({"full_name": "   "}),
        json!({"full_name": "x".repeat(201)}),
        json!({"email": "not-an-email"}),
        json!({"email": 7}),
    ] {
        let status = patch_me(&app, &token, bad.clone()).await.status().as_u16();
        assert_eq!(status, 422, "{bad}");
    }

    let taken = detail(
        patch_me(&app, &token, json!({"email": "TAKEN@Example.com"})).await,
        400,
    )
    .await;
    assert_eq!(taken, "Email already registered");

    let moved = app
        .json_ok(
            Method::PATCH,
            "/api/v1/auth/me",
            &token,
            Some(&json!({"email": " New.Self@Example.com "})),
            200,
        )
        .await;
    assert_eq!(moved["email"], "new.self@example.com");
    assert_eq!(moved["full_name"], "Ada Lovelace");
    // Keeping one's own email is not a clash.
    let same = patch_me(&app, &token, json!({"email": "new.self@example.com"})).await;
    assert_eq!(same.status(), 200);
    assert_eq!(login_status(&app, "self@example.com", PASSWORD).await, 401);
    assert_eq!(
        login_status(&app, "new.self@example.com", PASSWORD).await,
        200
    );
}

#[tokio::test]
async fn password_change_needs_the_current_password_and_ends_other_sessions() {
    let app = TestApp::spawn().await;
    let token = app.recruiter("pw@example.com").await;
    let other_device = app.login("pw@example.com").await;

    let wrong = detail(
        change_password(&app, &token, "wrong password", NEW_PASSWORD).await,
        400,
    )
    .await;
    assert_eq!(wrong, "Current password is incorrect");
    // A typo does not sign anyone out.
    me(&app, &token).await;
    me(&app, &other_device).await;
    let short = change_password(&app, &token, PASSWORD, "short").await;
    assert_eq!(short.status(), 422);
    let same = change_password(&app, &token, PASSWORD, PASSWORD).await;
    assert_eq!(same.status(), 400);
    assert_eq!(login_status(&app, "pw@example.com", PASSWORD).await, 200);

    let changed = change_password(&app, &token, PASSWORD, NEW_PASSWORD).await;
    assert_eq!(changed.status(), 200);
    let cookie = changed
        .headers()
        .get(reqwest::header::SET_COOKIE)
        .expect("a new refresh cookie")
        .to_str()
        .unwrap()
        .to_string();
    assert!(cookie.starts_with("tali_refresh="), "{cookie}");
    let body: Value = changed.json().await.unwrap();
    let fresh = body["access_token"].as_str().unwrap();
    assert_eq!(body["user"]["email"], "pw@example.com");

    assert_eq!(me(&app, fresh).await["email"], "pw@example.com");
    let ended = app.get_auth("/api/v1/auth/me", &other_device).await;
    assert_eq!(ended.status(), 401, "other sessions end");
    assert_eq!(login_status(&app, "pw@example.com", PASSWORD).await, 401);
    assert_eq!(
        login_status(&app, "pw@example.com", NEW_PASSWORD).await,
        200
    );
}

#[tokio::test]
async fn changes_only_ever_touch_the_caller() {
    let app = TestApp::spawn().await;
    let owner = app.recruiter("boss@example.com").await;
    let member = colleague(&app, &owner, "member@example.com", "member").await;
    let stranger = app.recruiter("stranger@example.com").await;

    // A member renames and re-passwords themself; the id in the body, if any, is not a way to reach another.
    let renamed = app
        .json_ok(
            Method::PATCH,
            "/api/v1/auth/me",
            &member,
            Some(&json!({"full_name": "Member Renamed", "id": 1})),
            200,
        )
        .await;
    assert_eq!(renamed["email"], "member@example.com");
    let changed = change_password(&app, &member, PASSWORD, NEW_PASSWORD).await;
    assert_eq!(changed.status(), 200);

    assert_eq!(me(&app, &owner).await["full_name"], "Test Recruiter");
    assert_eq!(me(&app, &stranger).await["full_name"], "Test Recruiter");
    assert_eq!(login_status(&app, "boss@example.com", PASSWORD).await, 200);
    assert_eq!(
        login_status(&app, "stranger@example.com", PASSWORD).await,
        200
    );
    assert_eq!(
        login_status(&app, "member@example.com", NEW_PASSWORD).await,
        200
    );

    // An email of another organization is taken too, and is left as it was.
    let taken = patch_me(&app, &stranger, json!({"email": "member@example.com"})).await;
    assert_eq!(taken.status(), 400);
    assert_eq!(
        login_status(&app, "member@example.com", NEW_PASSWORD).await,
        200
    );
    assert_eq!(me(&app, &stranger).await["email"], "stranger@example.com");
}
