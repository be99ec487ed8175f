//! Logging (JSON lines in production, readable text locally), error reporting to Sentry when `SENTRY_DSN` is set,
//! and Prometheus metrics.

use std::sync::OnceLock;
use std::time::Instant;

use axum::extract::{MatchedPath, Request};
use axum::middleware::Next;
use axum::response::Response;
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use sentry::integrations::tracing::{BreadcrumbLayer, ErrorLayer};
use tracing::Level;
use tracing_subscriber::EnvFilter;
use tracing_subscriber::filter::{LevelFilter, filter_fn};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{Layer, fmt};

use crate::config::{Environment, LogFormat, Settings};

/// Starts the Sentry client when `SENTRY_DSN` is set. Keep the guard for the process's lifetime: dropping it
/// flushes the reports still queued. Panics are reported from here on; errors once logging is initialised with
/// `report_errors`.
pub fn init_error_reporting(settings: &Settings) -> Option<sentry::ClientInitGuard> {
    let dsn = settings.integrations.sentry.as_ref()?.dsn.clone();
    let mut options = sentry::ClientOptions::new()
        .maybe_release(sentry::release_name!())
        .environment(match settings.server.environment {
            Environment::Production => "production",
            Environment::Development => "development",
        });
    options.dsn = Some(dsn);
    // No IP addresses, cookies or request bodies: candidates' data stays here.
    options.send_default_pii = false;
    let guard = sentry::init(options);
    guard.is_enabled().then_some(guard)
}

/// `report_errors`: ERROR events also go to Sentry, with the WARN and INFO events before them as breadcrumbs.
pub fn init_logging(format: LogFormat, filter: &str, report_errors: bool) {
    let filter = EnvFilter::new(filter);
    let output = match format {
        LogFormat::Json => fmt::layer()
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .boxed(),
        LogFormat::Pretty => fmt::layer().compact().boxed(),
    };
    let result = tracing_subscriber::registry()
        .with(filter)
        .with(output)
        .with(report_errors.then(|| {
            BreadcrumbLayer::new().with_filter(filter_fn(|m| {
                matches!(*m.level(), Level::WARN | Level::INFO)
            }))
        }))
        .with(report_errors.then(|| ErrorLayer::new().with_filter(LevelFilter::ERROR)))
        .try_init();
    // A second init (tests start several apps in one process) keeps the first subscriber.
    let _ = result;
}

/// From a fast API answer to a long test run or AI reply.
const LATENCY_BUCKETS_SECONDS: &[f64] = &[
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0,
];

/// The process-wide metrics recorder, installed once.
pub fn metrics_handle() -> PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            // Buckets make latencies histograms (aggregatable across replicas) rather than per-process summaries.
            let recorder = PrometheusBuilder::new()
                .set_buckets(LATENCY_BUCKETS_SECONDS)
                .expect("the buckets are not empty")
                .build_recorder();
            let handle = recorder.handle();
            // Fails only if another recorder is installed, and then that one records.
            let _ = metrics::set_global_recorder(recorder);
            handle
        })
        .clone()
}

/// glibc's allocator gives every thread that contends for it an arena of its own (up to eight per core) and hands
/// little of a freed arena back to the system: with the runtime's threads and one thread per SQLite connection, the
/// soak (docs/performance.md) saw the server's resident memory climb by 10 MiB a minute while the live heap
/// (heaptrack) stayed under 27 MiB. Two arenas, set before any thread starts, and `trim_malloc` below keep it
/// flat. `MALLOC_ARENA_MAX` in the environment still wins.
pub fn limit_malloc_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    if std::env::var_os("MALLOC_ARENA_MAX").is_none() {
        // SAFETY: mallopt only sets an allocator parameter; called before the process starts a thread.
        unsafe {
            libc::mallopt(libc::M_ARENA_MAX, 2);
        }
    }
}

/// Returns the allocator's free pages to the system (glibc keeps them otherwise).
fn trim_malloc() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases memory the allocator holds free; safe at any time.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Every 10 s: folds the latencies recorded since the last time into the histograms' buckets (the recorder keeps
/// every sample until then, or until a scrape of /metrics, so a process nobody scrapes would hold one per request
/// for ever), and trims the allocator.
pub fn spawn_upkeep() -> tokio::task::JoinHandle<()> {
    let handle = metrics_handle();
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(10));
        loop {
            every.tick().await;
            handle.run_upkeep();
            trim_malloc();
        }
    })
}

/// Counts requests and their latency per route template (never per raw path, which would explode labels).
pub async fn record_http_metrics(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| "unmatched".into());
    let method = request.method().to_string();
    let response = next.run(request).await;
    let status = response.status().as_u16().to_string();
    let labels = [("method", method), ("route", route), ("status", status)];
    metrics::counter!("http_requests_total", &labels).increment(1);
    metrics::histogram!("http_request_duration_seconds", &labels)
        .record(started.elapsed().as_secs_f64());
    response
}
