//! E2B provider: sandboxes are Firecracker microVMs driven through the control-plane REST API and the envd
//! daemon inside each VM (docs/reference/integrations.md §1).

pub(crate) mod connect;
pub(crate) mod protocol;
mod run;

use std::collections::HashMap;
use std::time::Duration;

use reqwest::{Method, RequestBuilder, Response, StatusCode};
use secrecy::ExposeSecret;

use self::protocol::{
    ListedSandbox, NewSandbox, OWNER_KEY, OWNER_VALUE, RemoveRequest, Sandbox, Timeout, WORKSPACE,
};
use crate::types::{FileWrite, RawRun};
use crate::{
    CreateSpec, E2bSettings, Limits, Reconnected, SandboxError, SandboxHandle, SandboxSettings,
};

const RETRIES: u32 = 3;
const FIRST_BACKOFF: Duration = Duration::from_millis(200);
const MAX_RETRY_AFTER: Duration = Duration::from_secs(5);
const ENVD_PORT: &str = "49983";
/// The pinned runtime both providers are built from: the local venv and the E2B template (sandbox/e2b).
const RUNTIME_LOCK: &str = include_str!("../../../../../scripts/sandbox-runtime/requirements.lock");

/// (name, version) of every package the runtime lock pins, names normalised (lower case, `-`), sorted.
pub fn runtime_packages() -> Vec<(String, String)> {
    let mut packages: Vec<(String, String)> = RUNTIME_LOCK
        .lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| line.split_whitespace().next()?.split_once("=="))
        .map(|(name, version)| (name.replace('_', "-").to_lowercase(), version.to_string()))
        .collect();
    packages.sort();
    packages
}

pub(crate) struct E2bProvider {
    http: reqwest::Client,
    api_url: String,
    envd_url: String,
    settings: E2bSettings,
    limits: Limits,
}

/// Whether a failed call may be sent again.
#[derive(Clone, Copy, PartialEq)]
enum Retry {
    /// Safe to repeat: retry on 429, 5xx and connection errors.
    Idempotent,
    /// Might have taken effect: retry only on 429 (rejected before doing anything).
    RateLimitOnly,
}

fn e2b_error(context: &str, detail: impl std::fmt::Display) -> SandboxError {
    tracing::warn!(%detail, "E2B: {context}");
    SandboxError::Unavailable(format!("E2B: {context}"))
}

impl E2bProvider {
    pub(crate) fn new(settings: &SandboxSettings) -> Result<Self, SandboxError> {
        let e2b = &settings.e2b;
        if e2b.api_key.expose_secret().is_empty() {
            return Err(SandboxError::NotConfigured(
                "SANDBOX_PROVIDER=e2b needs an E2B API key (E2B_API_KEY)".into(),
            ));
        }
        let api_url = if e2b.api_url.is_empty() {
            format!("https://api.{}", e2b.domain)
        } else {
            e2b.api_url.clone()
        };
        let envd_url = if e2b.envd_url.is_empty() {
            format!("https://{ENVD_PORT}-{{sandbox_id}}.{}", e2b.domain)
        } else {
            e2b.envd_url.clone()
        };
        if !envd_url.contains("{sandbox_id}") {
            return Err(SandboxError::NotConfigured(
                "the E2B envd URL must contain {sandbox_id}".into(),
            ));
        }
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(10))
            .build()
            .map_err(|e| {
                SandboxError::NotConfigured(format!("cannot build the HTTP client: {e}"))
            })?;
        Ok(Self {
            http,
            api_url: api_url.trim_end_matches('/').to_string(),
            envd_url: envd_url.trim_end_matches('/').to_string(),
            settings: e2b.clone(),
            limits: settings.limits.clone(),
        })
    }

    pub(crate) fn template(&self) -> &str {
        &self.settings.template
    }

    pub(crate) fn available_packages(&self) -> Vec<(String, String)> {
        runtime_packages()
    }

    fn api(&self, method: Method, path: &str) -> RequestBuilder {
        self.http
            .request(method, format!("{}{path}", self.api_url))
            .header("X-API-Key", self.settings.api_key.expose_secret())
            .timeout(self.settings.request_timeout)
    }

    fn envd(&self, handle: &SandboxHandle, method: Method, path: &str) -> RequestBuilder {
        let base = self.envd_url.replace("{sandbox_id}", &handle.sandbox_id);
        let mut request = self
            .http
            .request(method, format!("{base}{path}"))
            .header("E2b-Sandbox-Id", &handle.sandbox_id)
            .header("E2b-Sandbox-Port", ENVD_PORT)
            .timeout(self.settings.request_timeout);
        if let Some(token) = &handle.envd_token {
            request = request.header("X-Access-Token", token);
        }
        request
    }

    /// Sends with exponential backoff, honouring Retry-After (bounded) on 429.
    async fn send(
        &self,
        retry: Retry,
        make: impl Fn() -> RequestBuilder,
    ) -> Result<Response, SandboxError> {
        let mut backoff = FIRST_BACKOFF;
        let mut attempt = 0;
        loop {
            let retries_left = attempt < RETRIES;
            attempt += 1;
            let wait = match make().send().await {
                Ok(response) => {
                    let status = response.status();
                    // 502 from envd's edge means the sandbox is gone: not worth repeating.
                    let retryable = status == StatusCode::TOO_MANY_REQUESTS
                        || (retry == Retry::Idempotent
                            && status.is_server_error()
                            && status != StatusCode::BAD_GATEWAY);
                    if !retryable || !retries_left {
                        return Ok(response);
                    }
                    retry_after(&response).unwrap_or(backoff)
                }
                Err(err)
                    if retry == Retry::Idempotent
                        && retries_left
                        && (err.is_connect() || err.is_timeout()) =>
                {
                    backoff
                }
                Err(err) => return Err(e2b_error("request failed", err)),
            };
            tracing::debug!(attempt, "E2B call throttled or failed; retrying");
            tokio::time::sleep(wait).await;
            backoff *= 2;
        }
    }

    pub(crate) async fn create(&self, spec: &CreateSpec) -> Result<SandboxHandle, SandboxError> {
        self.create_with(
            spec.assessment_id,
            Some(spec.organization_id),
            spec.lifetime,
        )
        .await
    }

    async fn create_with(
        &self,
        assessment_id: i64,
        organization_id: Option<i64>,
        lifetime: Duration,
    ) -> Result<SandboxHandle, SandboxError> {
        let mut metadata = HashMap::from([
            (OWNER_KEY.to_string(), OWNER_VALUE.to_string()),
            ("assessment_id".to_string(), assessment_id.to_string()),
        ]);
        if let Some(organization_id) = organization_id {
            metadata.insert("organization_id".into(), organization_id.to_string());
        }
        let body = NewSandbox {
            template_id: self.settings.template.clone(),
            timeout: lifetime.as_secs().max(1),
            secure: true,
            allow_internet_access: false,
            metadata,
        };
        // A retried create after a 5xx could leave a second sandbox behind: only 429 (nothing made) is retried,
        // and sweep_idle reaps strays by their metadata.
        let response = self
            .send(Retry::RateLimitOnly, || {
                self.api(Method::POST, "/sandboxes").json(&body)
            })
            .await?;
        let sandbox: Sandbox = expect_json(response, StatusCode::CREATED, "create sandbox").await?;
        Ok(SandboxHandle {
            sandbox_id: sandbox.sandbox_id,
            assessment_id,
            envd_token: sandbox.envd_access_token,
        })
    }

    pub(crate) async fn write_files(
        &self,
        handle: &SandboxHandle,
        files: &[FileWrite<'_>],
    ) -> Result<(), SandboxError> {
        for file in files {
            let path = workspace_path(&file.components);
            let send = || {
                let part =
                    reqwest::multipart::Part::bytes(file.content.to_vec()).file_name(path.clone());
                let form = reqwest::multipart::Form::new().part("file", part);
                self.envd(handle, Method::POST, "/files")
                    .query(&[("path", path.as_str()), ("username", "user")])
                    .multipart(form)
            };
            let response = self.send(Retry::Idempotent, send).await?;
            match response.status() {
                StatusCode::OK => {}
                StatusCode::INSUFFICIENT_STORAGE => {
                    return Err(SandboxError::InvalidInput(format!(
                        "{}: the workspace is full",
                        file.components.join("/")
                    )));
                }
                status => return Err(envd_status_error(status, "write file")),
            }
        }
        Ok(())
    }

    pub(crate) async fn read_file(
        &self,
        handle: &SandboxHandle,
        components: &[&str],
        max_bytes: u64,
    ) -> Result<Option<Vec<u8>>, SandboxError> {
        let path = workspace_path(components);
        let send = || {
            self.envd(handle, Method::GET, "/files")
                .query(&[("path", path.as_str()), ("username", "user")])
        };
        let response = self.send(Retry::Idempotent, send).await?;
        match response.status() {
            StatusCode::OK => {}
            StatusCode::NOT_FOUND => return Ok(None),
            status => return Err(envd_status_error(status, "read file")),
        }
        if response.content_length().is_some_and(|len| len > max_bytes) {
            return Err(SandboxError::InvalidInput(format!(
                "{}: file too large",
                components.join("/")
            )));
        }
        let body = response
            .bytes()
            .await
            .map_err(|e| e2b_error("read file", e))?;
        if body.len() as u64 > max_bytes {
            return Err(SandboxError::InvalidInput(format!(
                "{}: file too large",
                components.join("/")
            )));
        }
        Ok(Some(body.to_vec()))
    }

    pub(crate) async fn remove_file(
        &self,
        handle: &SandboxHandle,
        components: &[&str],
    ) -> Result<(), SandboxError> {
        let body = RemoveRequest {
            path: workspace_path(components),
        };
        let send = || {
            self.envd(handle, Method::POST, "/filesystem.Filesystem/Remove")
                .json(&body)
        };
        let response = self.send(Retry::Idempotent, send).await?;
        match response.status() {
            StatusCode::OK | StatusCode::NOT_FOUND => Ok(()),
            status => Err(envd_status_error(status, "remove file")),
        }
    }

    pub(crate) async fn run(
        &self,
        handle: &SandboxHandle,
        argv: &[&str],
        wall: Duration,
    ) -> Result<RawRun, SandboxError> {
        run::run(self, handle, argv, wall).await
    }

    pub(crate) async fn close(&self, handle: &SandboxHandle) -> Result<(), SandboxError> {
        let path = format!("/sandboxes/{}", handle.sandbox_id);
        let response = self
            .send(Retry::Idempotent, || self.api(Method::DELETE, &path))
            .await?;
        match response.status() {
            StatusCode::NO_CONTENT | StatusCode::OK => Ok(()),
            StatusCode::NOT_FOUND => Err(SandboxError::NotFound),
            status => Err(e2b_error("kill sandbox", status)),
        }
    }

    pub(crate) async fn reconnect(
        &self,
        sandbox_id: &str,
        assessment_id: i64,
        lifetime: Duration,
    ) -> Result<Reconnected, SandboxError> {
        let path = format!("/sandboxes/{sandbox_id}/connect");
        let body = Timeout {
            timeout: lifetime.as_secs().max(1),
        };
        let response = self
            .send(Retry::Idempotent, || {
                self.api(Method::POST, &path).json(&body)
            })
            .await?;
        let status = response.status();
        if status == StatusCode::NOT_FOUND {
            let handle = self.create_with(assessment_id, None, lifetime).await?;
            return Ok(Reconnected {
                handle,
                fresh: true,
            });
        }
        if status != StatusCode::OK && status != StatusCode::CREATED {
            return Err(e2b_error("connect to sandbox", status));
        }
        let sandbox: Sandbox = response
            .json()
            .await
            .map_err(|e| e2b_error("connect to sandbox", e))?;
        let handle = SandboxHandle {
            sandbox_id: sandbox.sandbox_id,
            assessment_id,
            envd_token: sandbox.envd_access_token,
        };
        Ok(Reconnected {
            handle,
            fresh: false,
        })
    }

    /// This service's running sandboxes, found by their metadata.
    async fn list_own(&self) -> Result<Vec<ListedSandbox>, SandboxError> {
        let filter = format!("{OWNER_KEY}={OWNER_VALUE}");
        let send = || {
            self.api(Method::GET, "/v2/sandboxes")
                .query(&[("metadata", filter.as_str()), ("state", "running")])
        };
        let response = self.send(Retry::Idempotent, send).await?;
        expect_json(response, StatusCode::OK, "list sandboxes").await
    }

    /// This service's running sandboxes, each with the assessment its metadata names (0 when none).
    pub(crate) async fn open_sandboxes(&self) -> Result<Vec<SandboxHandle>, SandboxError> {
        Ok(self
            .list_own()
            .await?
            .into_iter()
            .map(|sandbox| SandboxHandle {
                assessment_id: assessment_of(&sandbox),
                sandbox_id: sandbox.sandbox_id,
                envd_token: None,
            })
            .collect())
    }

    /// Kills this service's sandboxes (found by metadata) that started more than `older_than` ago.
    pub(crate) async fn sweep_idle(&self, older_than: Duration) -> Result<usize, SandboxError> {
        let listed = self.list_own().await?;
        let cutoff = chrono::Utc::now()
            - chrono::Duration::from_std(older_than).unwrap_or(chrono::Duration::MAX);
        let mut closed = 0;
        for sandbox in listed {
            let started = chrono::DateTime::parse_from_rfc3339(&sandbox.started_at)
                .map_err(|e| e2b_error("list sandboxes", e))?;
            if started > cutoff {
                continue;
            }
            let assessment_id = assessment_of(&sandbox);
            let handle = SandboxHandle {
                sandbox_id: sandbox.sandbox_id,
                assessment_id,
                envd_token: None,
            };
            match self.close(&handle).await {
                Ok(()) => closed += 1,
                Err(SandboxError::NotFound) => {}
                Err(err) => return Err(err),
            }
            tracing::info!(sandbox_id = %handle.sandbox_id, "closed idle E2B sandbox");
        }
        Ok(closed)
    }
}

fn assessment_of(sandbox: &ListedSandbox) -> i64 {
    sandbox
        .metadata
        .get("assessment_id")
        .and_then(|id| id.parse().ok())
        .unwrap_or_default()
}

fn workspace_path(components: &[&str]) -> String {
    format!("{WORKSPACE}/{}", components.join("/"))
}

fn retry_after(response: &Response) -> Option<Duration> {
    let seconds: u64 = response
        .headers()
        .get("retry-after")?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()?;
    Some(Duration::from_secs(seconds).min(MAX_RETRY_AFTER))
}

/// envd answers 502 at the edge when the sandbox has expired or was killed.
fn envd_status_error(status: StatusCode, context: &str) -> SandboxError {
    match status {
        StatusCode::NOT_FOUND | StatusCode::BAD_GATEWAY => SandboxError::NotFound,
        StatusCode::TOO_MANY_REQUESTS => SandboxError::Busy {
            retry_after_secs: 1,
        },
        _ => e2b_error(context, status),
    }
}

async fn expect_json<T: serde::de::DeserializeOwned>(
    response: Response,
    expected: StatusCode,
    context: &str,
) -> Result<T, SandboxError> {
    let status = response.status();
    if status == StatusCode::TOO_MANY_REQUESTS {
        return Err(SandboxError::Busy {
            retry_after_secs: 1,
        });
    }
    if status != expected {
        let body = response.text().await.unwrap_or_default();
        return Err(e2b_error(context, format!("{status}: {body}")));
    }
    response.json().await.map_err(|e| e2b_error(context, e))
}
