//! The mock's OAuth server: authorize (302 back with a code), token (code exchange, and refresh with rotation: the
//! used refresh token stops working) and revoke.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Json;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use url::Url;

use super::server::{Shared, WorkableMock};
use super::world::{CodeGrant, Grant, IssuedToken, World};
use crate::TokenKind;

/// How long an authorization code can be exchanged.
const CODE_LIFETIME: Duration = Duration::from_secs(600);

/// `GET /oauth/authorize?client_id&redirect_uri&resource&response_type=code&scope&state[&account]`: the
/// recruiter "approves" at once. `account` (a mock extension) picks the subdomain; the seeded one otherwise.
pub(crate) async fn authorize(
    State(shared): State<Arc<Shared>>,
    RawQuery(query): RawQuery,
) -> Response {
    let params = form(query.as_deref().unwrap_or_default().as_bytes());
    let param = |name: &str| params.get(name).map(String::as_str).unwrap_or_default();
    if param("client_id") != WorkableMock::CLIENT_ID {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_client",
            "Unknown client_id",
        );
    }
    if param("response_type") != "code" {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "unsupported_response_type",
            "response_type must be code",
        );
    }
    let Ok(mut redirect) = Url::parse(param("redirect_uri")) else {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "redirect_uri must be a URL",
        );
    };
    let mut world = shared.world();
    let subdomain = match params.get("account") {
        Some(subdomain) => subdomain.clone(),
        None => WorkableMock::SUBDOMAIN.to_owned(),
    };
    if world.account(&subdomain).is_none() {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "Unknown account",
        );
    }
    let code = format!("mock-code-{}", world.next_number());
    world.codes.insert(
        code.clone(),
        CodeGrant {
            grant: Grant {
                subdomain,
                scope: param("scope").to_owned(),
            },
            redirect_uri: redirect.to_string(),
            expires_at: Instant::now() + CODE_LIFETIME,
        },
    );
    redirect
        .query_pairs_mut()
        .append_pair("code", &code)
        .append_pair("state", param("state"));
    (
        StatusCode::FOUND,
        [(header::LOCATION, redirect.to_string())],
    )
        .into_response()
}

/// `POST /oauth/token`, form-encoded, `grant_type` `authorization_code` or `refresh_token`.
pub(crate) async fn token(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let params = form(&body);
    let param = |name: &str| params.get(name).map(String::as_str).unwrap_or_default();
    if !client_authenticated(&params) {
        return oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "Client authentication failed",
        );
    }
    let mut world = shared.world();
    let grant = match param("grant_type") {
        "authorization_code" => {
            // A code works once, whatever the outcome.
            let Some(code) = world.codes.remove(param("code")) else {
                return invalid_grant("The authorization code is invalid or was already used");
            };
            if code.expires_at <= Instant::now() {
                return invalid_grant("The authorization code expired");
            }
            if code.redirect_uri != param("redirect_uri") {
                return invalid_grant("redirect_uri does not match the authorization request");
            }
            code.grant
        }
        "refresh_token" => match world.refresh_tokens.remove(param("refresh_token")) {
            Some(grant) => grant,
            None => return invalid_grant("The refresh token is invalid, revoked or already used"),
        },
        _ => {
            return oauth_error(
                StatusCode::BAD_REQUEST,
                "unsupported_grant_type",
                "grant_type must be authorization_code or refresh_token",
            );
        }
    };
    let ttl = shared.config.access_token_ttl;
    Json(issue(&mut world, grant, ttl)).into_response()
}

/// `POST /oauth/revoke` (RFC 7009): forgets an access or refresh token; unknown tokens are fine.
pub(crate) async fn revoke(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let params = form(&body);
    if !client_authenticated(&params) {
        return oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "Client authentication failed",
        );
    }
    let token = params.get("token").map(String::as_str).unwrap_or_default();
    let mut world = shared.world();
    let is_oauth_token = world
        .tokens
        .get(token)
        .is_some_and(|issued| issued.kind == TokenKind::OAuth);
    if is_oauth_token {
        world.tokens.remove(token);
    }
    world.refresh_tokens.remove(token);
    Json(json!({})).into_response()
}

fn issue(world: &mut World, grant: Grant, ttl: Duration) -> Value {
    let number = world.next_number();
    let access_token = format!("mock-access-{number}");
    let refresh_token = format!("mock-refresh-{number}");
    world.tokens.insert(
        access_token.clone(),
        IssuedToken {
            subdomain: grant.subdomain.clone(),
            kind: TokenKind::OAuth,
            expires_at: Some(Instant::now() + ttl),
        },
    );
    let scope = grant.scope.clone();
    world.refresh_tokens.insert(refresh_token.clone(), grant);
    let created_at = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|since| since.as_secs())
        .unwrap_or_default();
    json!({
        "access_token": access_token,
        "token_type": "Bearer",
        "expires_in": ttl.as_secs() + u64::from(ttl.subsec_nanos() > 0),
        "refresh_token": refresh_token,
        "scope": scope,
        "created_at": created_at,
    })
}

fn client_authenticated(params: &HashMap<String, String>) -> bool {
    params.get("client_id").map(String::as_str) == Some(WorkableMock::CLIENT_ID)
        && params.get("client_secret").map(String::as_str) == Some(WorkableMock::CLIENT_SECRET)
}

fn form(bytes: &[u8]) -> HashMap<String, String> {
    url::form_urlencoded::parse(bytes).into_owned().collect()
}

fn invalid_grant(description: &str) -> Response {
    oauth_error(StatusCode::BAD_REQUEST, "invalid_grant", description)
}

fn oauth_error(status: StatusCode, error: &str, description: &str) -> Response {
    (
        status,
        Json(json!({ "error": error, "error_description": description })),
    )
        .into_response()
}
