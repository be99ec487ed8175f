//! The application state every handler, job and domain module receives: the database, the settings, and each
//! service built once at start (sandbox, AI assistant, mail transport, job queue, caches).

use std::sync::Arc;

use metrics_exporter_prometheus::PrometheusHandle;
use sea_orm::DatabaseConnection;
use secrecy::ExposeSecret;
use tali_sandbox::{Provider, SandboxService};

use crate::auth::jwt::JwtKeys;
use crate::caches::Caches;
use crate::cluster::Cluster;
use crate::config::Settings;
use crate::jobs::JobQueue;
use crate::quota::{MinuteQuota, SharedCount};
use crate::rate_limit::KeyedLimiter;
use crate::session::fairness::RunLimiter;
use crate::{db, telemetry};

#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub settings: Arc<Settings>,
    pub jwt: Arc<JwtKeys>,
    pub auth_limiter: Arc<KeyedLimiter>,
    /// Each candidate's turn at the sandbox: one run at a time, a few per minute.
    pub run_limiter: Arc<RunLimiter>,
    pub metrics: PrometheusHandle,
    /// Compared against when a login names an unknown email, so both failures cost the same time.
    pub dummy_password_hash: Arc<str>,
    /// `None` when code execution cannot work here; `sandbox_problem` then says why and how to fix it.
    pub sandbox: Option<SandboxService>,
    pub sandbox_problem: Option<Arc<str>>,
    /// `None` when no AI provider is configured: the chat answers 503 and nothing pretends to be an AI.
    pub assistant: Option<Arc<dyn tali_ai::Assistant>>,
    /// Resend or SMTP when configured; otherwise mail stays in the outbox.
    pub mail_transport: Option<Arc<dyn tali_mail::Transport>>,
    /// Background jobs: handlers push here, workers (in this process or `tali worker`) run them.
    pub jobs: JobQueue,
    /// List totals and token users reused for a few seconds; a committed change calls `changed` on them.
    pub caches: Caches,
    /// `Some` when `REDIS_URL` is set: what replicas share (rate limits, cache announcements).
    pub cluster: Option<Cluster>,
    /// `None` when billing is off (no `STRIPE_API_KEY`): sending is unlimited.
    pub stripe: Option<tali_stripe::StripeClient>,
}

impl AppState {
    pub async fn new(settings: Settings) -> anyhow::Result<Self> {
        let db = db::connect(settings.database.url.as_str(), settings.database.pool_size).await?;
        if settings.database.migrate_on_start {
            db::migrate(&db).await?;
        }
        let (sandbox, sandbox_problem) = match SandboxService::new(settings.sandbox.clone()).await {
            Ok(service) if settings.sandbox.provider == Provider::E2b => {
                // E2B's sandboxes come from a template built elsewhere: one without pytest or pyflakes would
                // leave every submission ungraded, so readiness reports it from the start.
                let problem = match service.preflight().await {
                    Ok(found) => {
                        tracing::info!(versions = ?found.versions, "E2B sandbox preflight passed");
                        None
                    }
                    Err(err) => {
                        tracing::error!(error = %err, "E2B sandbox preflight failed");
                        Some(err.to_string().into())
                    }
                };
                (Some(service), problem)
            }
            Ok(service) => (Some(service), None),
            Err(err) => {
                // The rest of the app works without it; candidates get a clear 503, code never runs unsandboxed.
                tracing::error!(error = %err, "code execution is unavailable");
                (None, Some(err.to_string().into()))
            }
        };
        let assistant = tali_ai::build_assistant(&settings.ai)
            .map_err(|e| anyhow::anyhow!("AI provider: {e}"))?;
        if assistant.is_none() {
            tracing::warn!(
                "no AI provider configured (ANTHROPIC_API_KEY or OPENAI_BASE_URL); the candidate chat is off"
            );
        }
        let mail_transport = tali_mail::build_transport(&settings.email)
            .map_err(|e| anyhow::anyhow!("email settings: {e}"))?;
        let jobs = JobQueue::connect(&settings.jobs, &db)
            .await
            .map_err(|e| anyhow::anyhow!("background jobs: {e}"))?;
        let stripe = match &settings.integrations.stripe {
            Some(billing) => {
                let mut config = tali_stripe::StripeConfig::new(billing.api_key.clone());
                if let Some(base) = &billing.api_base {
                    config = config.with_base_url(base.clone());
                }
                Some(
                    tali_stripe::StripeClient::new(config)
                        .map_err(|e| anyhow::anyhow!("Stripe settings: {e}"))?,
                )
            }
            None => None,
        };
        let cluster = match &settings.redis {
            Some(redis) => Some(Cluster::new(redis, &settings.jobs.queue)?),
            None => None,
        };
        Ok(Self {
            stripe,
            jobs,
            caches: Caches::default(),
            mail_transport,
            sandbox,
            sandbox_problem,
            assistant,
            db,
            jwt: Arc::new(
                JwtKeys::new(
                    settings.server.secret_key.expose_secret(),
                    settings
                        .server
                        .secret_key_previous
                        .as_ref()
                        .map(|key| key.expose_secret()),
                )
                .with_lifetime_minutes(settings.server.access_token_minutes),
            ),
            auth_limiter: Arc::new(KeyedLimiter::new(MinuteQuota::new(
                settings.server.auth_rate_limit_per_minute,
                shared_count(cluster.as_ref(), "ratelimit"),
            ))),
            run_limiter: Arc::new(run_limiter(&settings, cluster.as_ref())),
            cluster,
            metrics: telemetry::metrics_handle(),
            dummy_password_hash: crate::auth::password::dummy_hash(settings.server.bcrypt_cost)?
                .into(),
            settings: Arc::new(settings),
        })
    }

    /// With Redis, starts relaying cache changes between this process and the other replicas.
    pub fn spawn_cluster_relay(&self) -> Option<tokio::task::JoinHandle<()>> {
        let cluster = self.cluster.clone()?;
        Some(tokio::spawn(cluster.relay(self.caches.clone())))
    }
}

/// A quota's count in Redis, for every replica, when there is a cluster.
fn shared_count(cluster: Option<&Cluster>, name: &str) -> Option<SharedCount> {
    cluster.map(|cluster| SharedCount {
        redis: cluster.commands(),
        prefix: cluster.key(name),
    })
}

/// Each candidate's turn at the sandbox; with Redis the quota is counted and the run in flight marked there, for
/// every replica. The mark outlives the longest a run can hold it (its wait for a slot, then the slower of a run
/// and a test run), so it only expires on its own when the replica holding it died.
fn run_limiter(settings: &Settings, cluster: Option<&Cluster>) -> RunLimiter {
    let limiter = RunLimiter::new(MinuteQuota::new(
        settings.session.runs_per_minute,
        shared_count(cluster, "run-quota"),
    ));
    let Some(cluster) = cluster else {
        return limiter;
    };
    let limits = &settings.sandbox.limits;
    let ttl = settings.sandbox.queue_wait
        + limits.wall_run.max(limits.wall_tests)
        + std::time::Duration::from_secs(30);
    limiter.with_shared_marks(cluster.commands(), cluster.key("run-in-flight"), ttl)
}
