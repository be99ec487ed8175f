//! Liveness with the state of each dependency, for load balancers and uptime monitors.

use std::time::Duration;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Serialize;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use utoipa::ToSchema;

use crate::state::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    pub status: &'static str,
    pub database: String,
    pub redis: String,
}

const CHECK_TIMEOUT: Duration = Duration::from_secs(2);

/// 200 when every configured dependency answers, 503 naming the one that does not.
#[utoipa::path(get, path = "/health", tag = "service",
    responses((status = 200, body = Health), (status = 503, body = Health)))]
pub async fn health(State(state): State<AppState>) -> (StatusCode, Json<Health>) {
    let database = match tokio::time::timeout(CHECK_TIMEOUT, state.db.ping()).await {
        Ok(Ok(())) => "ok".to_string(),
        Ok(Err(err)) => format!("error: {err}"),
        Err(_) => "error: timed out".to_string(),
    };
    let redis = match &state.settings.redis {
        None => "not configured".to_string(),
        Some(redis) => {
            match tokio::time::timeout(CHECK_TIMEOUT, ping_redis(redis.url.as_str())).await {
                Ok(Ok(())) => "ok".to_string(),
                Ok(Err(err)) => format!("error: {err}"),
                Err(_) => "error: timed out".to_string(),
            }
        }
    };
    let healthy = database == "ok" && (redis == "ok" || redis == "not configured");
    let status = if healthy {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    let body = Health {
        status: if healthy { "ok" } else { "degraded" },
        database,
        redis,
    };
    (status, Json(body))
}

/// The same check under `/api`, which the web app's development server proxies to this one.
#[utoipa::path(get, path = "/api/health", tag = "service",
    responses((status = 200, body = Health), (status = 503, body = Health)))]
pub async fn api_health(state: State<AppState>) -> (StatusCode, Json<Health>) {
    health(state).await
}

/// Request, job and sandbox metrics in Prometheus' text format.
#[utoipa::path(get, path = "/metrics", tag = "service",
    responses((status = 200, content_type = "text/plain", body = String)))]
pub async fn metrics(State(state): State<AppState>) -> String {
    state.metrics.render()
}

/// One RESP `PING` over TCP: enough to know Redis is up without holding a client for it.
async fn ping_redis(url: &str) -> anyhow::Result<()> {
    let parsed = url::Url::parse(url)?;
    let host = parsed.host_str().unwrap_or("127.0.0.1");
    let port = parsed.port().unwrap_or(6379);
    let mut stream = tokio::net::TcpStream::connect((host, port)).await?;
    if !parsed.password().unwrap_or_default().is_empty() {
        let password = parsed.password().unwrap_or_default();
        let user = if parsed.username().is_empty() {
            "default"
        } else {
            parsed.username()
        };
        let auth = format!(
            "*3\r\n$4\r\nAUTH\r\n${}\r\n{user}\r\n${}\r\n{password}\r\n",
            user.len(),
            password.len()
        );
        stream.write_all(auth.as_bytes()).await?;
        let mut reply = [0u8; 64];
        let n = stream.read(&mut reply).await?;
        anyhow::ensure!(reply[..n].starts_with(b"+OK"), "authentication failed");
    }
    stream.write_all(b"*1\r\n$4\r\nPING\r\n").await?;
    let mut reply = [0u8; 16];
    let n = stream.read(&mut reply).await?;
    anyhow::ensure!(reply[..n].starts_with(b"+PONG"), "unexpected reply");
    Ok(())
}
