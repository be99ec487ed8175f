//! Accounts and authentication over HTTP (the spec's test_auth.py, plus every bad input and 401 case).

use crate::common::{PASSWORD, TestApp, detail};
use chrono::Utc;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
use serde_json::{Value, json};
use tali::db::entities::{email_outbox, user};

#[tokio::test]
async fn register_user() {
    let app = TestApp::spawn().await;
    let response = app
        .post_json(
            "/api/v1/auth/register",
            &json!({"email": "Ada@Example.com", "password": PASSWORD, "full_name": "Ada Lovelace",
                    "organization_name": "Analytical Engines"}),
        )
        .await;
    assert_eq!(response.status(), 201);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["email"], "ada@example.com");
    assert_eq!(body["full_name"], "Ada Lovelace");
    assert_eq!(body["organization"]["name"], "Analytical Engines");
    assert_eq!(body["organization"]["slug"], "analytical-engines");
    assert!(body.get("hashed_password").is_none());
    assert!(
        !body.to_string().contains("$2"),
        "no bcrypt hash in the answer"
    );

    let stored = user::Entity::find()
        .filter(user::Column::Email.eq("ada@example.com"))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert!(stored.hashed_password.starts_with("$2"));
    assert_ne!(stored.hashed_password, PASSWORD);
}

#[tokio::test]
async fn register_defaults_the_organization_and_keeps_slugs_unique() {
    let app = TestApp::spawn().await;
    let first = app.register("one@example.com").await;
    let second = app.register("two@example.com").await;
    assert_eq!(
        first["organization"]["name"],
        "Test Recruiter's organization"
    );
    assert_eq!(
        first["organization"]["slug"],
        "test-recruiter-s-organization"
    );
    assert_eq!(
        second["organization"]["slug"],
        "test-recruiter-s-organization-2"
    );
}

#[tokio::test]
async fn register_rejects_duplicate_email_in_any_case() {
    let app = TestApp::spawn().await;
    app.register("dup@example.com").await;
    let response = app
        .post_json(
            "/api/v1/auth/register",
            &json!({"email": " DUP@example.COM ", "password": PASSWORD, "full_name": "Again"}),
        )
        .await;
    assert_eq!(detail(response, 400).await, "Email already registered");
}

#[tokio::test]
async fn register_rejects_bad_input_with_field_errors() {
    let app = TestApp::spawn().await;
    let cases = [
        (
            json!({"email": "not-an-email", "password": PASSWORD, "full_name": "X"}),
            "email",
        ),
        (
            json!({"email": "a@example.com", "password": "short", "full_name": "X"}),
            "password",
        ),
        (
            json!({"email": "a@example.com", "password": PASSWORD, "full_name": "   "}),
            "full_name",
        ),
        (
            json!({"email": "a@example.com", "password": PASSWORD, "full_name": "x".repeat(201)}),
            "full_name",
        ),
        (
            json!({"email": "a@example.com", "password": "x".repeat(73), "full_name": "X"}),
            "password",
        ),
    ];
    for (body, field) in cases {
        let response = app.post_json("/api/v1/auth/register", &body).await;
        assert_eq!(response.status(), 422, "{body}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["errors"][0]["field"], field, "{body}");
    }
    let response = app
        .post_json(
            "/api/v1/auth/register",
            &json!({"email": "a@example.com", "password": "short", "full_name": "X"}),
        )
        .await;
    let message = detail(response, 422).await;
    assert!(message.contains("at least 8 characters"), "{message}");

    // Missing fields, wrong types and malformed JSON are 4xx with a detail, never 500.
    for raw in [
        r#"{"email": "a@example.com"}"#,
        r#"{"email": 5, "password": "x", "full_name": "y"}"#,
        r#"{"email": "a@example.com", "#,
        "[]",
    ] {
        let response = app
            .client
            .post(app.url("/api/v1/auth/register"))
            .header("content-type", "application/json")
            .body(raw)
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        assert!((400..500).contains(&status), "{raw} gave {status}");
        let body: Value = response.json().await.unwrap();
        assert!(
            body["detail"].as_str().is_some_and(|d| !d.is_empty()),
            "{raw}"
        );
    }
}

#[tokio::test]
async fn login_success() {
    let app = TestApp::spawn().await;
    app.register("login@example.com").await;
    let response = app
        .post_json(
            "/api/v1/auth/login",
            &json!({"email": "LOGIN@example.com", "password": PASSWORD}),
        )
        .await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["token_type"], "bearer");
    assert_eq!(body["expires_in"], 1800);
    assert_eq!(body["user"]["email"], "login@example.com");
    let token = body["access_token"].as_str().unwrap();
    let claims = decode_claims(token);
    let lifetime = claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap();
    assert_eq!(lifetime, 30 * 60);
    assert_eq!(claims["org"], body["user"]["organization"]["id"]);
}

#[tokio::test]
async fn login_accepts_the_form_the_web_client_sends() {
    let app = TestApp::spawn().await;
    app.register("form@example.com").await;
    let response = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .form(&[("username", "form@example.com"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert!(body["access_token"].as_str().is_some());
}

#[tokio::test]
async fn login_invalid_credentials() {
    let app = TestApp::spawn().await;
    app.register("who@example.com").await;
    let wrong_password = app
        .post_json(
            "/api/v1/auth/login",
            &json!({"email": "who@example.com", "password": "not the password"}),
        )
        .await;
    let unknown_email = app
        .post_json(
            "/api/v1/auth/login",
            &json!({"email": "nobody@example.com", "password": PASSWORD}),
        )
        .await;
    let a = detail(wrong_password, 401).await;
    let b = detail(unknown_email, 401).await;
    assert_eq!(a, "Incorrect email or password");
    assert_eq!(a, b, "no account enumeration through login");
}

#[tokio::test]
async fn login_of_inactive_user_is_forbidden() {
    let app = TestApp::spawn().await;
    app.register("gone@example.com").await;
    deactivate(&app, "gone@example.com").await;
    let response = app
        .post_json(
            "/api/v1/auth/login",
            &json!({"email": "gone@example.com", "password": PASSWORD}),
        )
        .await;
    assert_eq!(detail(response, 403).await, "Inactive user");
}

#[tokio::test]
async fn get_current_user() {
    let app = TestApp::spawn().await;
    let token = app.recruiter("me@example.com").await;
    let response = app.get_auth("/api/v1/auth/me", &token).await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["email"], "me@example.com");
    assert_eq!(
        body["organization"]["name"],
        "Test Recruiter's organization"
    );
}

#[tokio::test]
async fn current_user_rejects_every_bad_token() {
    let app = TestApp::spawn().await;
    let token = app.recruiter("bad@example.com").await;
    let me = app.url("/api/v1/auth/me");

    let no_header = app.client.get(&me).send().await.unwrap();
    assert_eq!(no_header.status(), 401);
    assert_eq!(no_header.headers()["www-authenticate"], "Bearer");

    let secret = "test-secret-key-that-is-long-enough-0123456789";
    let user_id: i32 = decode_claims(&token)["sub"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let now = Utc::now().timestamp();
    let claims = json!({"sub": user_id.to_string(), "org": 1, "iat": now, "exp": now + 600});
    let expired =
        json!({"sub": user_id.to_string(), "org": 1, "iat": now - 4000, "exp": now - 2000});
    let sign = |claims: &Value, key: &str| {
        jsonwebtoken::encode(
            &Header::new(Algorithm::HS256),
            claims,
            &EncodingKey::from_secret(key.as_bytes()),
        )
        .unwrap()
    };
    let alg_none = {
        use base64::Engine;
        let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        format!(
            "{}.{}.",
            engine.encode(r#"{"alg":"none","typ":"JWT"}"#),
            engine.encode(claims.to_string())
        )
    };
    let bad_headers = [
        format!("Token {token}"),
        "Bearer".to_string(),
        "Bearer not-a-jwt".to_string(),
        format!(
            "Bearer {}",
            sign(&claims, "some-other-secret-that-is-long-enough-xx")
        ),
        format!("Bearer {alg_none}"),
        format!("Bearer {}", sign(&expired, secret)),
        format!("Bearer {}x", token),
    ];
    for header in bad_headers {
        let response = app
            .client
            .get(&me)
            .header("authorization", &header)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 401, "{header}");
    }

    // A valid token stops working once the user is deactivated or deleted.
    assert_eq!(app.get_auth("/api/v1/auth/me", &token).await.status(), 200);
    deactivate(&app, "bad@example.com").await;
    assert_eq!(app.get_auth("/api/v1/auth/me", &token).await.status(), 401);
    user::Entity::delete_many()
        .filter(user::Column::Email.eq("bad@example.com"))
        .exec(&app.state.db)
        .await
        .unwrap();
    assert_eq!(app.get_auth("/api/v1/auth/me", &token).await.status(), 401);
}

#[tokio::test]
async fn password_reset_end_to_end() {
    let app = TestApp::spawn().await;
    app.register("reset@example.com").await;
    // A session signed in before the reset, used (and so cached) until the password changes.
    let before = app.login("reset@example.com").await;
    assert_eq!(app.get_auth("/api/v1/auth/me", &before).await.status(), 200);

    let response = app
        .post_json(
            "/api/v1/auth/forgot-password",
            &json!({"email": "Reset@example.com"}),
        )
        .await;
    assert_eq!(response.status(), 202);
    let unknown = app
        .post_json(
            "/api/v1/auth/forgot-password",
            &json!({"email": "ghost@example.com"}),
        )
        .await;
    assert_eq!(unknown.status(), 202, "same answer for unknown accounts");

    let emails = email_outbox::Entity::find()
        .all(&app.state.db)
        .await
        .unwrap();
    assert_eq!(emails.len(), 1, "only the real account gets an email");
    let email = &emails[0];
    assert_eq!(email.to_email, "reset@example.com");
    assert_eq!(email.kind, "password-reset");
    let token = email
        .text
        .split("token=")
        .nth(1)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_string();
    assert!(
        email
            .html
            .contains(&format!("#/reset-password?token={token}"))
    );

    let weak = app
        .post_json(
            "/api/v1/auth/reset-password",
            &json!({"token": token, "new_password": "short"}),
        )
        .await;
    assert_eq!(weak.status(), 422);

    let new_password = "a brand new passphrase";
    let ok = app
        .post_json(
            "/api/v1/auth/reset-password",
            &json!({"token": token, "new_password": new_password}),
        )
        .await;
    assert_eq!(ok.status(), 200);

    let again = app
        .post_json(
            "/api/v1/auth/reset-password",
            &json!({"token": token, "new_password": "yet another passphrase"}),
        )
        .await;
    assert_eq!(detail(again, 400).await, "Invalid or expired reset token");

    let old = app
        .post_json(
            "/api/v1/auth/login",
            &json!({"email": "reset@example.com", "password": PASSWORD}),
        )
        .await;
    assert_eq!(old.status(), 401);
    let new = app
        .post_json(
            "/api/v1/auth/login",
            &json!({"email": "reset@example.com", "password": new_password}),
        )
        .await;
    assert_eq!(new.status(), 200);
    let after: Value = new.json().await.unwrap();
    let after = after["access_token"].as_str().unwrap();

    // The reset ends every session from before it, at once; the new one works.
    assert_eq!(app.get_auth("/api/v1/auth/me", &before).await.status(), 401);
    assert_eq!(app.get_auth("/api/v1/auth/me", after).await.status(), 200);
}

#[tokio::test]
async fn reset_token_expires() {
    let app = TestApp::spawn().await;
    app.register("late@example.com").await;
    app.post_json(
        "/api/v1/auth/forgot-password",
        &json!({"email": "late@example.com"}),
    )
    .await;
    let email = email_outbox::Entity::find()
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    let token = email
        .text
        .split("token=")
        .nth(1)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap();
    tali::db::entities::password_reset_token::Entity::update_many()
        .col_expr(
            tali::db::entities::password_reset_token::Column::ExpiresAt,
            Expr::value(Utc::now() - chrono::Duration::minutes(1)),
        )
        .exec(&app.state.db)
        .await
        .unwrap();
    let response = app
        .post_json(
            "/api/v1/auth/reset-password",
            &json!({"token": token, "new_password": "a brand new passphrase"}),
        )
        .await;
    assert_eq!(
        detail(response, 400).await,
        "Invalid or expired reset token"
    );
    let garbage = app
        .post_json(
            "/api/v1/auth/reset-password",
            &json!({"token": "nonsense", "new_password": "a brand new passphrase"}),
        )
        .await;
    assert_eq!(garbage.status(), 400);
}

#[tokio::test]
async fn login_is_rate_limited_per_email_and_address() {
    let app = TestApp::spawn_with(&[("AUTH_RATE_LIMIT_PER_MINUTE", "3")]).await;
    app.register("limited@example.com").await;
    let wrong = json!({"email": "limited@example.com", "password": "wrong password"});
    for _ in 0..3 {
        assert_eq!(
            app.post_json("/api/v1/auth/login", &wrong).await.status(),
            401
        );
    }
    let limited = app.post_json("/api/v1/auth/login", &wrong).await;
    assert_eq!(limited.status(), 429);
    let retry_after: u64 = limited.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry_after >= 1);

    // A forged X-Forwarded-For from an untrusted peer does not buy a fresh budget.
    let forged = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .header("x-forwarded-for", "198.51.100.23")
        .json(&json!({"email": "other@example.com", "password": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        forged.status(),
        429,
        "the client address is already out of budget"
    );
}

#[tokio::test]
async fn forgot_password_is_rate_limited() {
    let app = TestApp::spawn_with(&[("AUTH_RATE_LIMIT_PER_MINUTE", "2")]).await;
    for expected in [202, 202, 429] {
        let response = app
            .post_json(
                "/api/v1/auth/forgot-password",
                &json!({"email": "x@example.com"}),
            )
            .await;
        assert_eq!(response.status(), expected);
    }
}

#[tokio::test]
async fn service_endpoints_and_conventions() {
    let app = TestApp::spawn().await;

    let health = app.client.get(app.url("/health")).send().await.unwrap();
    assert_eq!(health.status(), 200);
    assert!(health.headers().contains_key("x-request-id"));
    let body: Value = health.json().await.unwrap();
    assert_eq!(
        body,
        json!({"status": "ok", "database": "ok", "redis": "not configured", "sandbox": "ok"})
    );

    let openapi: Value = app
        .client
        .get(app.url("/api/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(openapi["paths"]["/api/v1/auth/login"].is_object());
    let docs = app.client.get(app.url("/docs/")).send().await.unwrap();
    assert_eq!(docs.status(), 200);
    assert!(docs.text().await.unwrap().contains("swagger"));

    let token = app.recruiter("slash@example.com").await;
    let with_slash = app.get_auth("/api/v1/auth/me/", &token).await;
    assert_eq!(
        with_slash.status(),
        200,
        "trailing slash reaches the same route"
    );

    let unknown = app.get_auth("/api/v1/nope", &token).await;
    assert_eq!(detail(unknown, 404).await, "Not found");

    let huge = "x".repeat(tali::app::MAX_BODY_BYTES + 1);
    let too_large = app
        .post_json(
            "/api/v1/auth/register",
            &json!({"email": huge, "password": "x", "full_name": "y"}),
        )
        .await;
    assert_eq!(detail(too_large, 413).await, "Request body is too large");

    let metrics = app.client.get(app.url("/metrics")).send().await.unwrap();
    assert!(
        metrics
            .text()
            .await
            .unwrap()
            .contains("http_requests_total")
    );
}

#[tokio::test]
async fn health_reports_a_redis_that_is_down() {
    let app = TestApp::spawn_with(&[("REDIS_URL", "redis://127.0.0.1:1")]).await;
    let response = app.client.get(app.url("/health")).send().await.unwrap();
    assert_eq!(response.status(), 503);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["database"], "ok");
    assert!(body["redis"].as_str().unwrap().starts_with("error"));
}

#[tokio::test]
async fn organization_can_be_read_and_renamed() {
    let app = TestApp::spawn().await;
    let token = app.recruiter("org@example.com").await;
    let response = app
        .client
        .patch(app.url("/api/v1/organizations/me"))
        .bearer_auth(&token)
        .json(&json!({"name": "Renamed Ltd"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let org: Value = app
        .get_auth("/api/v1/organizations/me", &token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(org["name"], "Renamed Ltd");
    let blank = app
        .client
        .patch(app.url("/api/v1/organizations/me"))
        .bearer_auth(&token)
        .json(&json!({"name": "  "}))
        .send()
        .await
        .unwrap();
    assert_eq!(blank.status(), 422);
}

fn decode_claims(token: &str) -> Value {
    use base64::Engine;
    let payload = token.split('.').nth(1).unwrap();
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

/// Deactivates the account as any change to an account must: the row, then the cached user.
async fn deactivate(app: &TestApp, email: &str) {
    let found = user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    user::Entity::update_many()
        .col_expr(user::Column::IsActive, Expr::value(false))
        .filter(user::Column::Id.eq(found.id))
        .exec(&app.state.db)
        .await
        .unwrap();
    app.state.caches.users.changed(found.id);
}

#[tokio::test]
async fn migrations_are_idempotent() {
    let app = TestApp::spawn().await;
    // The app migrated on start; a second run must change nothing and fail on nothing.
    tali::db::migrate(&app.state.db).await.unwrap();
    tali::db::migrate(&app.state.db).await.unwrap();
    app.register("again@example.com").await;
}

#[tokio::test]
async fn migrations_roll_back_and_forward() {
    use sea_orm_migration::MigratorTrait;
    let app = TestApp::spawn().await;
    // Every migration's `down` undoes its `up`: all the way down, then up again to a working schema.
    tali::db::migrations::Migrator::down(&app.state.db, None)
        .await
        .unwrap();
    tali::db::migrate(&app.state.db).await.unwrap();
    app.register("rebuilt@example.com").await;
}

/// A conversation stored the old way (`assessments.ai_prompts`, a JSON array) becomes chat rows, in order, and
/// rolling the migration back puts it back.
#[tokio::test]
async fn stored_conversations_move_to_chat_rows() {
    use sea_orm::sea_query::{Alias, ExprTrait, Query};
    use sea_orm::{ConnectionTrait, DbBackend, Statement};
    use sea_orm_migration::MigratorTrait;
    let app = TestApp::spawn().await;
    app.seed().await;
    let token = app.recruiter("chat-migration@example.com").await;
    let created = app.create_assessment(&token, "talker@example.com").await;
    let id = created["id"].as_i64().unwrap() as i32;
    let db = &app.state.db;
    // Down to just before the chat migration, whatever came after it.
    let names: Vec<String> = tali::db::migrations::Migrator::migrations()
        .iter()
        .map(|m| m.name().to_string())
        .collect();
    let chat = names
        .iter()
        .position(|n| n == "m20261204_000008_chat_exchanges")
        .unwrap();
    let back_to_before_chat = (names.len() - chat) as u32;
    tali::db::migrations::Migrator::down(db, Some(back_to_before_chat))
        .await
        .unwrap();
    let conversation = json!([
        {"message": "first", "response": "one", "created_at": "2026-12-01T10:00:00Z",
         "responded_at": "2026-12-01T10:00:02Z", "t_prompt_ms": 1000, "t_reply_ms": 3000, "input_tokens": 10,
         "output_tokens": 20, "latency_ms": 2000, "code_hash": "abc", "quality_score": 7.5},
        {"message": "second", "response": "two", "created_at": "2026-12-01T10:05:00Z",
         "responded_at": "2026-12-01T10:05:01Z", "t_prompt_ms": 301000, "t_reply_ms": 302000, "input_tokens": 5,
         "output_tokens": 6, "latency_ms": 1000, "code_hash": "def"}
    ]);
    let update = Query::update()
        .table(Alias::new("assessments"))
        .value(Alias::new("ai_prompts"), conversation.clone())
        .and_where(Expr::col(Alias::new("id")).eq(id))
        .to_owned();
    db.execute(&update).await.unwrap();

    tali::db::migrate(db).await.unwrap();
    let rows = tali::db::entities::chat_exchange::Entity::find()
        .filter(tali::db::entities::chat_exchange::Column::AssessmentId.eq(id))
        .all(db)
        .await
        .unwrap();
    assert_eq!(
        rows.iter()
            .map(|r| (r.message.as_str(), r.response.as_str()))
            .collect::<Vec<_>>(),
        [("first", "one"), ("second", "two")]
    );
    assert_eq!(
        (rows[0].t_prompt_ms, rows[0].quality_score),
        (1000, Some(7.5))
    );
    assert_eq!((rows[1].output_tokens, rows[1].quality_score), (6, None));
    let exchanges = tali::session::chat::exchanges(db, id).await.unwrap();
    assert_eq!(exchanges[1].code_hash, "def");

    tali::db::migrations::Migrator::down(db, Some(back_to_before_chat))
        .await
        .unwrap();
    let restored = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            format!("SELECT ai_prompts FROM assessments WHERE id = {id}"),
        ))
        .await
        .unwrap()
        .unwrap();
    let restored: Value = match db.get_database_backend() {
        DbBackend::Sqlite => {
            serde_json::from_str(&restored.try_get::<String>("", "ai_prompts").unwrap()).unwrap()
        }
        _ => restored.try_get("", "ai_prompts").unwrap(),
    };
    assert_eq!(restored[0]["message"], "first");
    assert_eq!(restored[1]["t_reply_ms"], 302000);
    tali::db::migrate(db).await.unwrap();
}
