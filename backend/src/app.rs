//! The router with its middleware, and the server lifecycle.

use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{HeaderName, HeaderValue, Method, header};
use tokio::net::TcpListener;
use tower::{Layer, ServiceBuilder};
use tower_http::CompressionLevel;
use tower_http::compression::CompressionLayer;
use tower_http::compression::predicate::{DefaultPredicate, Predicate, SizeAbove};
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::sensitive_headers::SetSensitiveRequestHeadersLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;
use utoipa_swagger_ui::SwaggerUi;

use crate::config::Settings;
use crate::jobs;
use crate::state::AppState;
use crate::{api, openapi, security_headers, spa, telemetry};

/// Largest request body accepted; candidate code and telemetry batches stay well below it.
pub const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;
const REQUEST_TIMEOUT: Duration = Duration::from_secs(120);
const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");
/// Smaller answers gain less from compression than it costs.
const COMPRESS_ABOVE_BYTES: u64 = 1024;

pub fn router(state: AppState) -> Router {
    let (api_router, document) = api::router().split_for_parts();
    let document = openapi::complete(document);
    let cors = cors_layer(&state.settings);
    let request_id = ServiceBuilder::new()
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
        .layer(SetSensitiveRequestHeadersLayer::new([
            header::AUTHORIZATION,
            header::COOKIE,
            HeaderName::from_static("x-assessment-token"),
        ]))
        .layer(
            TraceLayer::new_for_http().make_span_with(|request: &Request| {
                let id = request
                    .headers()
                    .get(REQUEST_ID)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("-");
                tracing::info_span!("request", request_id = %id, method = %request.method(), path = %request.uri().path())
            }),
        )
        .layer(PropagateRequestIdLayer::new(REQUEST_ID));

    Router::new()
        .merge(api_router)
        .merge(SwaggerUi::new("/docs").url("/api/openapi.json", document))
        .fallback(spa::serve)
        .layer(api_compression())
        .layer(axum::middleware::from_fn(telemetry::record_http_metrics))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .layer(cors)
        .layer(security_headers::layer(&state.settings.server))
        .layer(request_id)
        .with_state(state)
}

/// JSON and text answers compressed on the fly (fastest level: a list page shrinks several times over at little
/// CPU). Event streams are left alone so chat tokens arrive as they are written, and the web app's files are
/// already compressed at build time (a response with a `Content-Encoding` passes through).
fn api_compression() -> CompressionLayer<impl Predicate> {
    CompressionLayer::new()
        .quality(CompressionLevel::Fastest)
        .compress_when(DefaultPredicate::new().and(SizeAbove::new(COMPRESS_ABOVE_BYTES)))
}

/// The API is same-origin when the server hosts the web app; a separately deployed front end (Vercel)
/// is allowed through `FRONTEND_URL`.
fn cors_layer(settings: &Settings) -> CorsLayer {
    let origins: Vec<HeaderValue> = [&settings.server.frontend_url, &settings.server.public_url]
        .into_iter()
        .filter_map(|url| HeaderValue::from_str(url).ok())
        .collect();
    CorsLayer::new()
        .allow_origin(AllowOrigin::list(origins))
        .allow_methods([
            Method::GET,
            Method::POST,
            Method::PATCH,
            Method::PUT,
            Method::DELETE,
            Method::OPTIONS,
        ])
        .allow_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            header::ACCEPT,
            HeaderName::from_static("x-assessment-token"),
        ])
        // The web app on FRONTEND_URL may be another origin than the API: its refresh cookie must travel.
        .allow_credentials(true)
        .expose_headers([
            REQUEST_ID,
            header::RETRY_AFTER,
            HeaderName::from_static(crate::pagination::TOTAL_COUNT),
        ])
        .max_age(Duration::from_secs(600))
}

/// What a `tali worker` process serves, so its own job, sandbox, AI and email counts can be scraped like a
/// replica's: `/metrics` and `/health/live`, nothing else.
pub fn worker_router(state: AppState) -> Router {
    Router::new()
        .route("/metrics", axum::routing::get(api::health::metrics))
        .route("/health/live", axum::routing::get(api::health::live))
        .with_state(state)
}

/// Clients call `/api/v1/assessments/` as well as `/api/v1/assessments`; both reach the same route.
/// Only API paths are rewritten: the docs UI relies on its trailing slash.
fn trim_api_trailing_slash(mut request: Request) -> Request {
    let path = request.uri().path();
    if path.starts_with("/api/") && path.len() > 5 && path.ends_with('/') {
        let trimmed = path.trim_end_matches('/').to_string();
        let new_uri = match request.uri().query() {
            Some(q) => format!("{trimmed}?{q}"),
            None => trimmed,
        };
        if let Ok(uri) = new_uri.parse() {
            *request.uri_mut() = uri;
        }
    }
    request
}

/// A bound, ready-to-run server. Tests bind port 0 and read the port back.
pub struct Application {
    listener: TcpListener,
    router: Router,
    state: AppState,
}

impl Application {
    pub async fn build(settings: Settings) -> anyhow::Result<Self> {
        let address = SocketAddr::new(settings.server.host, settings.server.port);
        let state = AppState::new(settings).await?;
        let listener = TcpListener::bind(address)
            .await
            .map_err(|e| anyhow::anyhow!("cannot listen on {address}: {e}"))?;
        Ok(Self {
            router: router(state.clone()),
            listener,
            state,
        })
    }

    pub fn port(&self) -> u16 {
        self.listener.local_addr().map(|a| a.port()).unwrap_or(0)
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until `shutdown` resolves, then lets in-flight requests finish.
    pub async fn run_until(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let (limiter, run_limiter) = (
            self.state.auth_limiter.clone(),
            self.state.run_limiter.clone(),
        );
        let pruner = tokio::spawn(async move {
            let mut every = tokio::time::interval(Duration::from_secs(60));
            loop {
                every.tick().await;
                limiter.prune();
                run_limiter.prune();
            }
        });
        let upkeep = crate::telemetry::spawn_upkeep();
        // Emails are committed to the outbox by requests; the relay hands them to the job queue.
        let relay = tokio::spawn(jobs::relay::run(self.state.clone()));
        let cluster = self.state.spawn_cluster_relay();
        let (stop_workers, workers_stopping) = tokio::sync::watch::channel(false);
        let workers = self.state.settings.jobs.run_worker.then(|| {
            tokio::spawn(jobs::run_workers(
                self.state.clone(),
                stop_requested(workers_stopping),
            ))
        });
        let service = tower::util::MapRequestLayer::new(trim_api_trailing_slash).layer(self.router);
        let result = axum::serve(
            self.listener,
            axum::ServiceExt::<Request>::into_make_service_with_connect_info::<SocketAddr>(service),
        )
        .with_graceful_shutdown(shutdown)
        .await;
        let _ = stop_workers.send(true);
        if let Some(workers) = workers
            && let Err(err) = workers.await
        {
            tracing::error!(error = %err, "the job worker panicked");
        }
        pruner.abort();
        upkeep.abort();
        relay.abort();
        if let Some(cluster) = cluster {
            cluster.abort();
        }
        Ok(result?)
    }
}

async fn stop_requested(mut stop: tokio::sync::watch::Receiver<bool>) {
    let _ = stop.wait_for(|stop| *stop).await;
}

/// Resolves on SIGINT or SIGTERM (containers and process managers send the latter).
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutdown requested; finishing in-flight requests");
}
