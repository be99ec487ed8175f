//! The running mock: configuration, shared state, routes, the request log, and the handle tests drive it with.

use std::io;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{delete, get, post};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

use super::world::{DeliveryAttempt, RecordedComment, RecordedRequest, World};
use super::{api, hooks, oauth, seed};

/// Request bodies above this are not recorded (attachments are small in tests).
const MAX_RECORDED_BODY: usize = 8 * 1024 * 1024;

#[derive(Debug, Clone)]
pub struct MockConfig {
    /// Length of the rate-limit interval: 10 s like Workable; shorten it together with the client's
    /// `ApiSettings::rate_window` to keep rate-limit tests fast.
    pub rate_window: Duration,
    /// Lifetime of OAuth access tokens (`expires_in`, rounded up to whole seconds on the wire).
    pub access_token_ttl: Duration,
    /// Tries per webhook delivery while the target does not answer 200.
    pub delivery_attempts: u32,
    pub delivery_retry_delay: Duration,
}

impl Default for MockConfig {
    fn default() -> Self {
        Self {
            rate_window: Duration::from_secs(10),
            access_token_ttl: Duration::from_secs(300),
            delivery_attempts: 3,
            delivery_retry_delay: Duration::from_millis(200),
        }
    }
}

pub(crate) struct Shared {
    pub config: MockConfig,
    world: Mutex<World>,
    pub deliverer: reqwest::Client,
    pub started: Instant,
}

impl Shared {
    /// A test that panicked while holding the lock must not hide the recorded traffic from the next assertion.
    pub fn world(&self) -> MutexGuard<'_, World> {
        self.world.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// A local Workable on 127.0.0.1; it stops when dropped. Point both `ApiSettings::base_url` and
/// `OAuthSettings::base_url` at [`WorkableMock::url`].
pub struct WorkableMock {
    address: SocketAddr,
    shared: Arc<Shared>,
    server: JoinHandle<()>,
}

impl WorkableMock {
    /// The seeded account, reachable with [`Self::ACCOUNT_TOKEN`] or an OAuth token.
    pub const SUBDOMAIN: &'static str = seed::SUBDOMAIN;
    pub const ACCOUNT_TOKEN: &'static str = seed::ACCOUNT_TOKEN;
    /// A second account, to check that tokens stay within their own.
    pub const OTHER_SUBDOMAIN: &'static str = seed::OTHER_SUBDOMAIN;
    pub const OTHER_ACCOUNT_TOKEN: &'static str = seed::OTHER_ACCOUNT_TOKEN;
    /// The OAuth app the mock knows.
    pub const CLIENT_ID: &'static str = "tali-mock-client";
    pub const CLIENT_SECRET: &'static str = "tali-mock-client-secret";
    /// An admin of the seeded account, for `member_id`.
    pub const MEMBER_ID: &'static str = seed::MEMBER_ID;

    pub async fn start() -> io::Result<Self> {
        Self::start_with(MockConfig::default()).await
    }

    pub async fn start_with(config: MockConfig) -> io::Result<Self> {
        Self::start_on(SocketAddr::from(([127, 0, 0, 1], 0)), config).await
    }

    pub async fn start_on(address: SocketAddr, config: MockConfig) -> io::Result<Self> {
        let listener = TcpListener::bind(address).await?;
        let address = listener.local_addr()?;
        let deliverer = reqwest::Client::builder()
            .timeout(Duration::from_secs(5))
            .build()
            .map_err(io::Error::other)?;
        let shared = Arc::new(Shared {
            config,
            world: Mutex::new(seed::world()),
            deliverer,
            started: Instant::now(),
        });
        let app = routes()
            .layer(middleware::from_fn_with_state(
                Arc::clone(&shared),
                record_request,
            ))
            .with_state(Arc::clone(&shared));
        let server = tokio::spawn(async move {
            if let Err(err) = axum::serve(listener, app).await {
                tracing::error!(%err, "Workable mock stopped");
            }
        });
        Ok(Self {
            address,
            shared,
            server,
        })
    }

    /// `http://127.0.0.1:{port}`: the OAuth base and the API base (`/spi/v3` is appended by the client).
    pub fn url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// Adds a candidate to a job and stage of an account (`None`: the seeded one) and returns its id. Like an
    /// import, it notifies no webhook.
    pub fn add_candidate(&self, candidate: hooks::NewCandidate) -> Result<String, String> {
        hooks::add_candidate(&mut self.shared.world(), candidate)
    }

    /// Moves a candidate as a recruiter would in Workable's UI, then delivers `candidate_moved` to the matching
    /// subscriptions; returns every delivery attempt once done.
    pub async fn move_candidate(
        &self,
        candidate_id: &str,
        stage_slug: &str,
    ) -> Result<Vec<DeliveryAttempt>, String> {
        hooks::move_candidate(&self.shared, candidate_id, stage_slug).await
    }

    /// Delivers `event` (e.g. `candidate_moved`) for a candidate as it is now to every matching subscription.
    pub async fn deliver(
        &self,
        candidate_id: &str,
        event: &str,
    ) -> Result<Vec<DeliveryAttempt>, String> {
        hooks::deliver(&self.shared, candidate_id, event).await
    }

    /// Answers the next `count` API requests with 429 (a rate-limit storm caused elsewhere).
    pub fn force_rate_limited(&self, count: u32) {
        self.shared.world().forced_rate_limits += count;
    }

    /// Expires every OAuth access token now, so the next API call with one answers 401.
    pub fn expire_access_tokens(&self) -> usize {
        hooks::expire_tokens(&mut self.shared.world(), None)
    }

    /// The stage slug a candidate is in.
    pub fn candidate_stage(&self, candidate_id: &str) -> Option<String> {
        let world = self.shared.world();
        let (account, candidate) = world.find_candidate(candidate_id)?;
        Some(
            world.accounts[account].candidates[candidate]
                .stage_slug
                .clone(),
        )
    }

    /// Every request received, in order of arrival (`/test/*` hooks excluded).
    pub fn requests(&self) -> Vec<RecordedRequest> {
        let mut requests = self.shared.world().requests.clone();
        requests.sort_by_key(|request| request.received_at);
        requests
    }

    /// The requests to the API v3 (`/spi/v3/...`).
    pub fn api_requests(&self) -> Vec<RecordedRequest> {
        self.requests()
            .into_iter()
            .filter(|request| request.path.starts_with("/spi/v3/"))
            .collect()
    }

    pub fn comments(&self) -> Vec<RecordedComment> {
        self.shared.world().comments.clone()
    }

    pub fn deliveries(&self) -> Vec<DeliveryAttempt> {
        self.shared.world().deliveries.clone()
    }
}

impl Drop for WorkableMock {
    fn drop(&mut self) {
        self.server.abort();
    }
}

fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/oauth/authorize", get(oauth::authorize))
        .route("/oauth/token", post(oauth::token))
        .route("/oauth/revoke", post(oauth::revoke))
        .route("/spi/v3/accounts", get(api::list_accounts))
        .route("/spi/v3/members", get(api::list_members))
        .route("/spi/v3/stages", get(api::list_stages))
        .route("/spi/v3/jobs", get(api::list_jobs))
        .route("/spi/v3/jobs/{shortcode}/stages", get(api::list_job_stages))
        .route("/spi/v3/candidates", get(api::list_candidates))
        .route("/spi/v3/candidates/{id}", get(api::get_candidate))
        .route("/spi/v3/candidates/{id}/comments", post(api::comment))
        .route(
            "/spi/v3/candidates/{id}/activities",
            get(api::candidate_activities),
        )
        .route("/spi/v3/candidates/{id}/move", post(api::move_candidate))
        .route(
            "/spi/v3/subscriptions",
            get(api::list_subscriptions).post(api::create_subscription),
        )
        .route(
            "/spi/v3/subscriptions/{id}",
            delete(api::delete_subscription),
        )
        .route("/test/candidates", post(hooks::http_add_candidate))
        .route(
            "/test/candidates/{id}/move",
            post(hooks::http_move_candidate),
        )
        .route("/test/deliver", post(hooks::http_deliver))
        .route(
            "/test/rate-limit/burst",
            post(hooks::http_force_rate_limited),
        )
        .route("/test/tokens/expire", post(hooks::http_expire_tokens))
        .route("/test/requests", get(hooks::http_requests))
        .route("/test/comments", get(hooks::http_comments))
        .route("/test/deliveries", get(hooks::http_deliveries))
}

/// Records every request but the test hooks, with the time it arrived and the status it got.
async fn record_request(
    State(shared): State<Arc<Shared>>,
    request: Request,
    next: Next,
) -> Response {
    let received_at = Instant::now();
    let (parts, body) = request.into_parts();
    let body = to_bytes(body, MAX_RECORDED_BODY).await.unwrap_or_default();
    let path = parts.uri.path().to_owned();
    let mut recorded = RecordedRequest {
        method: parts.method.to_string(),
        path: path.clone(),
        query: parts.uri.query().map(str::to_owned),
        headers: parts
            .headers
            .iter()
            .filter_map(|(name, value)| Some((name.to_string(), value.to_str().ok()?.to_owned())))
            .collect(),
        body: String::from_utf8_lossy(&body).into_owned(),
        status: 0,
        received_at,
    };
    let response = next.run(Request::from_parts(parts, Body::from(body))).await;
    if !path.starts_with("/test/") {
        recorded.status = response.status().as_u16();
        shared.world().requests.push(recorded);
    }
    response
}
