//! Health for load balancers, platform health checks and uptime monitors (`crate::operations::readiness`).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Serialize;
use utoipa::ToSchema;

use crate::operations::readiness;
use crate::state::AppState;

/// A scrape waits this long at most for the job storage's counts.
const QUEUE_DEPTH_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(2);

#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    pub status: &'static str,
    pub database: String,
    pub redis: String,
    /// `ok`, or `degraded: <reason>` when candidate code cannot run here (informational on `/health`).
    pub sandbox: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Live {
    pub status: &'static str,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Ready {
    pub status: &'static str,
    pub database: String,
    pub redis: String,
    pub sandbox: String,
    pub migrations: String,
}

fn status(ok: bool) -> (StatusCode, &'static str) {
    if ok {
        (StatusCode::OK, "ok")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "degraded")
    }
}

/// 200 when the database (and Redis, when configured) answer, 503 naming the one that does not.
#[utoipa::path(get, path = "/health", tag = "service",
    responses((status = 200, body = Health), (status = 503, body = Health)))]
pub async fn health(State(state): State<AppState>) -> (StatusCode, Json<Health>) {
    let deps = readiness::dependencies(&state).await;
    let (code, status) = status(deps.healthy());
    let body = Health {
        status,
        database: deps.database,
        redis: deps.redis,
        sandbox: readiness::sandbox(&state),
    };
    (code, Json(body))
}

/// 200 while the process serves HTTP: restart it when this fails, whatever its dependencies do.
#[utoipa::path(get, path = "/health/live", tag = "service", responses((status = 200, body = Live)))]
pub async fn live() -> Json<Live> {
    Json(Live { status: "ok" })
}

/// 200 when this replica can do all its work: database, Redis when configured, the sandbox provider, and
/// every migration applied; 503 naming what is not.
#[utoipa::path(get, path = "/health/ready", tag = "service",
    responses((status = 200, body = Ready), (status = 503, body = Ready)))]
pub async fn ready(State(state): State<AppState>) -> (StatusCode, Json<Ready>) {
    let check = readiness::readiness(&state).await;
    let (code, status) = status(check.ready());
    let body = Ready {
        status,
        database: check.dependencies.database,
        redis: check.dependencies.redis,
        sandbox: check.sandbox,
        migrations: check.migrations,
    };
    (code, Json(body))
}

/// The same check under `/api`, which the web app's development server proxies to this one.
#[utoipa::path(get, path = "/api/health", tag = "service",
    responses((status = 200, body = Health), (status = 503, body = Health)))]
pub async fn api_health(state: State<AppState>) -> (StatusCode, Json<Health>) {
    health(state).await
}

/// Request, job and sandbox metrics in Prometheus' text format. The counters are this process's own (scrape
/// every replica and worker and sum); the queue's depth is read from the shared storage at each scrape.
#[utoipa::path(get, path = "/metrics", tag = "service",
    responses((status = 200, content_type = "text/plain", body = String)))]
pub async fn metrics(State(state): State<AppState>) -> String {
    match tokio::time::timeout(QUEUE_DEPTH_TIMEOUT, state.jobs.depth()).await {
        Ok(Ok(depth)) => {
            for (job_state, count) in depth {
                metrics::gauge!("jobs_queued", "state" => job_state).set(count);
            }
        }
        // The rest of the metrics still answer when the job storage does not.
        Ok(Err(err)) => tracing::warn!(error = %err, "could not read the job queue's depth"),
        Err(_) => tracing::warn!("reading the job queue's depth timed out"),
    }
    if let Some(sandbox) = &state.sandbox {
        metrics::gauge!("sandbox_runs_waiting").set(sandbox.runs_waiting() as f64);
    }
    state.metrics.render()
}
