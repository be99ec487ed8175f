//! Building a team over HTTP: invite a colleague, read the link from the outbox, accept it, log in.

use reqwest::Method;
use serde_json::{Value, json};

use super::{PASSWORD, TestApp};

/// The token of the newest team invitation emailed to `email`, read from the link in the outbox.
pub async fn invitation_token(app: &TestApp, email: &str) -> String {
    let row = app
        .outbox()
        .await
        .into_iter()
        .rev()
        .find(|row| row.kind == "team-invitation" && row.to_email == email)
        .unwrap_or_else(|| panic!("a team invitation to {email}"));
    let (_, rest) = row
        .text
        .split_once("#/accept-invitation?token=")
        .expect("the accept link");
    rest.chars().take_while(char::is_ascii_hexdigit).collect()
}

/// `inviter` invites `email` as `role`; answers the invitation.
pub async fn invite(app: &TestApp, inviter: &str, email: &str, role: &str) -> Value {
    app.json_ok(
        Method::POST,
        "/api/v1/organizations/invitations",
        inviter,
        Some(&json!({"email": email, "role": role})),
        201,
    )
    .await
}

/// Accepts the invitation sent to `email` as a new account named "New Colleague" with the test password.
pub async fn accept_as_new(app: &TestApp, email: &str) -> reqwest::Response {
    let token = invitation_token(app, email).await;
    app.post_json(
        "/api/v1/auth/accept-invitation",
        &json!({"token": token, "full_name": "New Colleague", "password": PASSWORD}),
    )
    .await
}

/// A new colleague of `inviter`'s organization with `role`, signed in: their access token.
pub async fn colleague(app: &TestApp, inviter: &str, email: &str, role: &str) -> String {
    invite(app, inviter, email, role).await;
    let response = accept_as_new(app, email).await;
    assert_eq!(response.status(), 200, "accept {email}");
    app.login(email).await
}

/// The id of the user behind `token`.
pub async fn user_id(app: &TestApp, token: &str) -> i64 {
    app.json_ok(Method::GET, "/api/v1/auth/me", token, None, 200)
        .await["id"]
        .as_i64()
        .unwrap()
}

/// `GET /auth/invitations/{token}`, unauthenticated.
pub async fn preview(app: &TestApp, token: &str) -> reqwest::Response {
    app.client
        .get(app.url(&format!("/api/v1/auth/invitations/{token}")))
        .send()
        .await
        .unwrap()
}

/// `POST /auth/accept-invitation`.
pub async fn accept(app: &TestApp, body: Value) -> reqwest::Response {
    app.post_json("/api/v1/auth/accept-invitation", &body).await
}
