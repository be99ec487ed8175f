//! Sessions that last a working day: a rotating refresh token in an HttpOnly cookie beside the short access
//! token; reuse of a rotated token revokes its family; logout, removal from the team and a new password end it.

use chrono::{Duration, Utc};
use reqwest::Method;
use reqwest::header::{COOKIE, SET_COOKIE};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};
use tali::db::entities::refresh_token;

use crate::common::team::{colleague, user_id};
use crate::common::{PASSWORD, TestApp, detail};

/// A login's access token, refresh token and the whole `Set-Cookie` header.
struct Session {
    access: String,
    refresh: String,
    set_cookie: String,
}

fn refresh_of(set_cookie: &str) -> String {
    let (pair, _) = set_cookie.split_once(';').expect("cookie attributes");
    let (name, value) = pair.split_once('=').expect("a cookie pair");
    assert_eq!(name, "tali_refresh");
    value.to_string()
}

fn set_cookie(response: &reqwest::Response) -> String {
    response
        .headers()
        .get(SET_COOKIE)
        .expect("a Set-Cookie header")
        .to_str()
        .unwrap()
        .to_string()
}

async fn log_in(app: &TestApp, email: &str) -> Session {
    let response = app
        .post_json(
            "/api/v1/auth/login",
            &json!({"email": email, "password": PASSWORD}),
        )
        .await;
    assert_eq!(response.status(), 200);
    let set_cookie = set_cookie(&response);
    let body: Value = response.json().await.unwrap();
    Session {
        access: body["access_token"].as_str().unwrap().to_string(),
        refresh: refresh_of(&set_cookie),
        set_cookie,
    }
}

async fn refresh(app: &TestApp, token: &str) -> reqwest::Response {
    app.client
        .post(app.url("/api/v1/auth/refresh"))
        .header(COOKIE, format!("other=1; tali_refresh={token}"))
        .send()
        .await
        .unwrap()
}

/// Refreshes and answers the new access token and refresh token.
async fn rotated(app: &TestApp, token: &str) -> (String, String) {
    let response = refresh(app, token).await;
    assert_eq!(response.status(), 200);
    let next = refresh_of(&set_cookie(&response));
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["token_type"], "bearer");
    assert_eq!(body["expires_in"], 1800);
    (body["access_token"].as_str().unwrap().to_string(), next)
}

#[tokio::test]
async fn login_sets_a_strict_http_only_cookie_beside_the_bearer_token() {
    let app = TestApp::spawn().await;
    app.register("ada@sessions.test").await;
    let session = log_in(&app, "ada@sessions.test").await;
    assert_eq!(session.refresh.len(), 64);
    let attributes: Vec<&str> = session.set_cookie.split("; ").skip(1).collect();
    assert_eq!(
        attributes,
        [
            "Max-Age=1209600",
            "Path=/api/v1/auth",
            "HttpOnly",
            "SameSite=Strict"
        ],
        "{}",
        session.set_cookie
    );
    app.json_ok(Method::GET, "/api/v1/auth/me", &session.access, None, 200)
        .await;
    // Only the hash is stored.
    let rows = refresh_token::Entity::find()
        .all(&app.state.db)
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
    assert_ne!(rows[0].token_hash, session.refresh);

    let tls = TestApp::spawn_with(&[
        ("PUBLIC_URL", "https://app.example.com"),
        ("REFRESH_TOKEN_DAYS", "1"),
    ])
    .await;
    tls.register("ada@sessions.test").await;
    let secure = log_in(&tls, "ada@sessions.test").await;
    assert!(
        secure.set_cookie.contains("; Secure"),
        "{}",
        secure.set_cookie
    );
    assert!(
        secure.set_cookie.contains("Max-Age=86400;"),
        "{}",
        secure.set_cookie
    );
}

#[tokio::test]
async fn refresh_rotates_and_a_reused_token_revokes_the_family() {
    let app = TestApp::spawn().await;
    app.register("ada@rotate.test").await;
    let session = log_in(&app, "ada@rotate.test").await;
    let other_device = log_in(&app, "ada@rotate.test").await;

    let (access, second) = rotated(&app, &session.refresh).await;
    assert_ne!(second, session.refresh);
    assert_ne!(access, session.access);
    let me = app
        .json_ok(Method::GET, "/api/v1/auth/me", &access, None, 200)
        .await;
    assert_eq!(me["email"], "ada@rotate.test");
    let (_, third) = rotated(&app, &second).await;

    // Two tabs refreshing at once: the old token presented again within seconds gets a token of its own.
    let (_, sibling) = rotated(&app, &second).await;
    assert_ne!(sibling, third);

    // Presented again later, a rotated token means two holders: the whole family ends.
    refresh_token::Entity::update_many()
        .col_expr(
            refresh_token::Column::RotatedAt,
            Expr::value(Utc::now() - Duration::minutes(5)),
        )
        .filter(refresh_token::Column::RotatedAt.is_not_null())
        .exec(&app.state.db)
        .await
        .unwrap();
    assert_eq!(
        detail(refresh(&app, &session.refresh).await, 401).await,
        "This session was ended because its refresh token was used twice: log in again"
    );
    for token in [&third, &sibling] {
        assert_eq!(
            refresh(&app, token).await.status(),
            401,
            "the family is revoked"
        );
    }
    // Another login's family is untouched.
    rotated(&app, &other_device.refresh).await;
}

#[tokio::test]
async fn unknown_missing_and_expired_refresh_tokens_are_refused() {
    let app = TestApp::spawn().await;
    app.register("ada@expired.test").await;
    let session = log_in(&app, "ada@expired.test").await;
    let missing = app
        .client
        .post(app.url("/api/v1/auth/refresh"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        detail(missing, 401).await,
        "Your session has ended: log in again"
    );
    assert_eq!(refresh(&app, &"0".repeat(64)).await.status(), 401);
    refresh_token::Entity::update_many()
        .col_expr(
            refresh_token::Column::ExpiresAt,
            Expr::value(Utc::now() - Duration::seconds(1)),
        )
        .exec(&app.state.db)
        .await
        .unwrap();
    let expired = refresh(&app, &session.refresh).await;
    assert_eq!(expired.status(), 401);
    assert!(
        set_cookie(&expired).starts_with("tali_refresh=; Max-Age=0;"),
        "a refused cookie is cleared"
    );
}

#[tokio::test]
async fn logout_removal_and_a_new_password_end_refresh_tokens() {
    let app = TestApp::spawn().await;
    let owner = app.recruiter("owner@ending.test").await;
    let session = log_in(&app, "owner@ending.test").await;
    let logout = app
        .client
        .post(app.url("/api/v1/auth/logout"))
        .header(COOKIE, format!("tali_refresh={}", session.refresh))
        .send()
        .await
        .unwrap();
    assert_eq!(logout.status(), 204);
    assert!(set_cookie(&logout).starts_with("tali_refresh=; Max-Age=0;"));
    assert_eq!(refresh(&app, &session.refresh).await.status(), 401);
    // Logging out without a cookie is harmless.
    let bare = app
        .client
        .post(app.url("/api/v1/auth/logout"))
        .send()
        .await
        .unwrap();
    assert_eq!(bare.status(), 204);

    colleague(&app, &owner, "member@ending.test", "member").await;
    let member = log_in(&app, "member@ending.test").await;
    let member_id = user_id(&app, &member.access).await;
    app.json_ok(
        Method::DELETE,
        &format!("/api/v1/organizations/members/{member_id}"),
        &owner,
        None,
        204,
    )
    .await;
    assert_eq!(
        refresh(&app, &member.refresh).await.status(),
        401,
        "removed from the team"
    );

    let first = log_in(&app, "owner@ending.test").await;
    let second = log_in(&app, "owner@ending.test").await;
    app.post_json(
        "/api/v1/auth/forgot-password",
        &json!({"email": "owner@ending.test"}),
    )
    .await;
    let reset = app
        .outbox()
        .await
        .into_iter()
        .rev()
        .find(|row| row.kind == "password-reset")
        .unwrap();
    let token: String = reset
        .text
        .split_once("reset-password?token=")
        .unwrap()
        .1
        .chars()
        .take_while(char::is_ascii_hexdigit)
        .collect();
    let changed = app
        .post_json(
            "/api/v1/auth/reset-password",
            &json!({"token": token, "new_password": "a brand new password"}),
        )
        .await;
    assert_eq!(changed.status(), 200);
    for session in [first, second] {
        assert_eq!(
            refresh(&app, &session.refresh).await.status(),
            401,
            "a new password ends every session"
        );
    }
}

#[tokio::test]
async fn access_tokens_last_the_configured_minutes() {
    let app = TestApp::spawn_with(&[("ACCESS_TOKEN_MINUTES", "480")]).await;
    app.register("day@example.com").await;
    let response = app
        .post_json(
            "/api/v1/auth/login",
            &json!({"email": "day@example.com", "password": PASSWORD}),
        )
        .await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["expires_in"], 480 * 60);
}
