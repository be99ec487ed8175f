//! In-process E2B stand-in for tests: the control-plane REST API and envd (files, `process.Process/Start` over
//! Connect streaming with base64 output and end-of-stream trailers) on 127.0.0.1. It executes nothing: each
//! command gets the scripted output registered for it. Failures can be injected per endpoint.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::json;

use crate::E2bSettings;
use crate::e2b::connect::{self, Decoder, FLAG_END_STREAM};
use crate::e2b::protocol::{
    ConnectError, DataEvent, EndEvent, EndStream, NewSandbox, ProcessEvent, RemoveRequest,
    StartEvent, StartRequest, StartResponse, Timeout, WORKSPACE,
};

const API_KEY: &str = "e2b_0123456789abcdef";
/// envd sends output in chunks of at most 32 KiB.
const DATA_CHUNK: usize = 32 * 1024;

/// Endpoints that can be made to fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endpoint {
    Create,
    Connect,
    Files,
    Start,
}

/// What the mock answers for a command.
#[derive(Debug, Clone, Default)]
pub struct ScriptedRun {
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    pub exit_code: i32,
    /// A JUnit XML report written where the command's `--junitxml=` option points, as pytest would.
    pub junit_report: Option<String>,
    /// Instead of an end event, fail the RPC with this Connect error code in the end-of-stream trailer.
    pub rpc_error: Option<String>,
    /// Never finish: the mock kills the process at `Connect-Timeout-Ms` and reports `deadline_exceeded`.
    pub hang: bool,
}

#[derive(Debug)]
struct MockSandbox {
    token: String,
    metadata: HashMap<String, String>,
    started_at: chrono::DateTime<chrono::Utc>,
    files: HashMap<String, Vec<u8>>,
}

#[derive(Default)]
struct MockState {
    sandboxes: HashMap<String, MockSandbox>,
    scripts: Vec<(String, ScriptedRun)>,
    failures: Vec<(Endpoint, StatusCode)>,
    commands: Vec<String>,
    kills: Vec<u32>,
    next_id: u64,
}

type Shared = Arc<Mutex<MockState>>;

fn lock(state: &Shared) -> MutexGuard<'_, MockState> {
    state.lock().unwrap_or_else(|e| e.into_inner())
}

pub struct E2bMock {
    addr: SocketAddr,
    state: Shared,
    server: tokio::task::JoinHandle<()>,
}

impl Drop for E2bMock {
    fn drop(&mut self) {
        self.server.abort();
    }
}

impl E2bMock {
    /// Serves on an ephemeral 127.0.0.1 port until dropped.
    pub async fn start() -> std::io::Result<Self> {
        let state = Shared::default();
        let app = Router::new()
            .route("/sandboxes", post(create))
            .route("/sandboxes/{id}/connect", post(connect_sandbox))
            .route("/sandboxes/{id}/timeout", post(set_timeout))
            .route("/sandboxes/{id}", delete(kill))
            .route("/v2/sandboxes", get(list))
            .route(
                "/envd/{id}/health",
                get(|| async { StatusCode::NO_CONTENT }),
            )
            .route("/envd/{id}/files", get(read_file).post(write_file))
            .route("/envd/{id}/process.Process/Start", post(start_process))
            .route("/envd/{id}/process.Process/SendSignal", post(send_signal))
            .route("/envd/{id}/filesystem.Filesystem/Remove", post(remove_file))
            .with_state(state.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let server = tokio::spawn(async move {
            if let Err(err) = axum::serve(listener, app).await {
                tracing::error!(error = %err, "E2B mock stopped");
            }
        });
        Ok(Self {
            addr,
            state,
            server,
        })
    }

    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Settings pointing a client at this mock.
    pub fn settings(&self) -> E2bSettings {
        E2bSettings {
            api_key: API_KEY.into(),
            api_url: self.base_url(),
            envd_url: format!("{}/envd/{{sandbox_id}}", self.base_url()),
            template: "tali-python".into(),
            request_timeout: Duration::from_secs(5),
            ..E2bSettings::default()
        }
    }

    /// Commands whose bash line contains `needle` get `run`; later scripts win over earlier ones.
    pub fn script(&self, needle: &str, run: ScriptedRun) {
        lock(&self.state).scripts.push((needle.into(), run));
    }

    /// The next call to `endpoint` answers `status` (with E2B's error body) instead of being served.
    pub fn fail_next(&self, endpoint: Endpoint, status: u16) {
        let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        lock(&self.state).failures.push((endpoint, status));
    }

    /// Forgets a sandbox, as E2B does when one times out.
    pub fn expire(&self, sandbox_id: &str) {
        lock(&self.state).sandboxes.remove(sandbox_id);
    }

    pub fn sandbox_ids(&self) -> Vec<String> {
        lock(&self.state).sandboxes.keys().cloned().collect()
    }

    /// Content of a workspace file (path relative to the workspace).
    pub fn file(&self, sandbox_id: &str, path: &str) -> Option<Vec<u8>> {
        let state = lock(&self.state);
        state
            .sandboxes
            .get(sandbox_id)?
            .files
            .get(&format!("{WORKSPACE}/{path}"))
            .cloned()
    }

    /// Workspace-relative paths of every file in the sandbox.
    pub fn file_paths(&self, sandbox_id: &str) -> Vec<String> {
        let state = lock(&self.state);
        let prefix = format!("{WORKSPACE}/");
        let mut paths: Vec<String> = state
            .sandboxes
            .get(sandbox_id)
            .into_iter()
            .flat_map(|s| s.files.keys())
            .filter_map(|p| p.strip_prefix(&prefix).map(String::from))
            .collect();
        paths.sort();
        paths
    }

    /// The bash command lines started so far.
    pub fn commands(&self) -> Vec<String> {
        lock(&self.state).commands.clone()
    }

    /// Pids that received SIGKILL through `SendSignal`.
    pub fn kills(&self) -> Vec<u32> {
        lock(&self.state).kills.clone()
    }

    /// Makes a sandbox look `age` older (for sweeps).
    pub fn age(&self, sandbox_id: &str, age: Duration) {
        if let Some(sandbox) = lock(&self.state).sandboxes.get_mut(sandbox_id) {
            sandbox.started_at -= chrono::Duration::from_std(age).unwrap_or_default();
        }
    }
}

fn error(status: StatusCode, message: &str) -> Response {
    let body = json!({"code": status.as_u16(), "message": message, "error_code": "mock_injected"});
    (status, axum::Json(body)).into_response()
}

fn injected(state: &Shared, endpoint: Endpoint) -> Option<Response> {
    let mut state = lock(state);
    let index = state.failures.iter().position(|(e, _)| *e == endpoint)?;
    let (_, status) = state.failures.remove(index);
    Some(error(status, "injected failure"))
}

fn authorized(headers: &HeaderMap) -> bool {
    headers.get("x-api-key").and_then(|v| v.to_str().ok()) == Some(API_KEY)
}

fn sandbox_json(id: &str, token: &str) -> serde_json::Value {
    json!({"templateID": "tali-python", "sandboxID": id, "clientID": "6532622b", "envdVersion": "0.4.2",
        "envdAccessToken": token, "trafficAccessToken": null, "domain": null})
}

async fn create(
    State(state): State<Shared>,
    headers: HeaderMap,
    axum::Json(body): axum::Json<NewSandbox>,
) -> Response {
    if !authorized(&headers) {
        return error(StatusCode::UNAUTHORIZED, "missing or invalid X-API-Key");
    }
    if let Some(response) = injected(&state, Endpoint::Create) {
        return response;
    }
    let mut state = lock(&state);
    state.next_id += 1;
    let id = format!("mock{:016x}", state.next_id);
    let token = format!("token-{id}");
    let sandbox = MockSandbox {
        token: token.clone(),
        metadata: body.metadata,
        started_at: chrono::Utc::now(),
        files: HashMap::new(),
    };
    state.sandboxes.insert(id.clone(), sandbox);
    (StatusCode::CREATED, axum::Json(sandbox_json(&id, &token))).into_response()
}

async fn connect_sandbox(
    State(state): State<Shared>,
    Path(id): Path<String>,
    headers: HeaderMap,
    axum::Json(_): axum::Json<Timeout>,
) -> Response {
    if !authorized(&headers) {
        return error(StatusCode::UNAUTHORIZED, "missing or invalid X-API-Key");
    }
    if let Some(response) = injected(&state, Endpoint::Connect) {
        return response;
    }
    match lock(&state).sandboxes.get(&id) {
        Some(sandbox) => (
            StatusCode::OK,
            axum::Json(sandbox_json(&id, &sandbox.token)),
        )
            .into_response(),
        None => error(StatusCode::NOT_FOUND, "sandbox not found"),
    }
}

async fn set_timeout(
    State(state): State<Shared>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    if !authorized(&headers) {
        return error(StatusCode::UNAUTHORIZED, "missing or invalid X-API-Key");
    }
    match lock(&state).sandboxes.contains_key(&id) {
        true => StatusCode::NO_CONTENT.into_response(),
        false => error(StatusCode::NOT_FOUND, "sandbox not found"),
    }
}

async fn kill(State(state): State<Shared>, Path(id): Path<String>, headers: HeaderMap) -> Response {
    if !authorized(&headers) {
        return error(StatusCode::UNAUTHORIZED, "missing or invalid X-API-Key");
    }
    match lock(&state).sandboxes.remove(&id) {
        Some(_) => StatusCode::NO_CONTENT.into_response(),
        None => error(StatusCode::NOT_FOUND, "sandbox not found"),
    }
}

async fn list(
    State(state): State<Shared>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    if !authorized(&headers) {
        return error(StatusCode::UNAUTHORIZED, "missing or invalid X-API-Key");
    }
    let wanted: Vec<(&str, &str)> = query
        .get("metadata")
        .map(|m| {
            m.split('&')
                .filter_map(|pair| pair.split_once('='))
                .collect()
        })
        .unwrap_or_default();
    let state = lock(&state);
    let listed: Vec<_> = state
        .sandboxes
        .iter()
        .filter(|(_, s)| wanted.iter().all(|(k, v)| s.metadata.get(*k).map(String::as_str) == Some(*v)))
        .map(|(id, s)| json!({"sandboxID": id, "templateID": "tali-python", "startedAt": s.started_at.to_rfc3339(),
            "metadata": s.metadata, "state": "running"}))
        .collect();
    axum::Json(listed).into_response()
}

/// envd's checks, giving the failure response if any: the sandbox must exist (the edge answers 502 otherwise) and the access token must match.
fn envd_rejects(state: &Shared, id: &str, headers: &HeaderMap) -> Option<Response> {
    let state = lock(state);
    let Some(sandbox) = state.sandboxes.get(id) else {
        return Some(error(
            StatusCode::BAD_GATEWAY,
            "sandbox not found or timed out",
        ));
    };
    if headers.get("x-access-token").and_then(|v| v.to_str().ok()) != Some(sandbox.token.as_str()) {
        return Some(error(StatusCode::UNAUTHORIZED, "invalid access token"));
    }
    None
}

async fn write_file(
    State(state): State<Shared>,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
    mut form: Multipart,
) -> Response {
    if let Some(response) = envd_rejects(&state, &id, &headers) {
        return response;
    }
    if let Some(response) = injected(&state, Endpoint::Files) {
        return response;
    }
    let Some(path) = query.get("path").cloned() else {
        return error(StatusCode::BAD_REQUEST, "path is required");
    };
    let content = loop {
        match form.next_field().await {
            Ok(Some(field)) if field.name() == Some("file") => match field.bytes().await {
                Ok(bytes) => break bytes.to_vec(),
                Err(err) => return error(StatusCode::BAD_REQUEST, &err.to_string()),
            },
            Ok(Some(_)) => continue,
            Ok(None) => return error(StatusCode::BAD_REQUEST, "multipart part `file` is missing"),
            Err(err) => return error(StatusCode::BAD_REQUEST, &err.to_string()),
        }
    };
    if let Some(sandbox) = lock(&state).sandboxes.get_mut(&id) {
        sandbox.files.insert(path.clone(), content);
    }
    let name = path.rsplit('/').next().unwrap_or_default().to_string();
    axum::Json(json!([{"path": path, "name": name, "type": "file"}])).into_response()
}

async fn read_file(
    State(state): State<Shared>,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    if let Some(response) = envd_rejects(&state, &id, &headers) {
        return response;
    }
    let path = query.get("path").cloned().unwrap_or_default();
    let state = lock(&state);
    match state.sandboxes.get(&id).and_then(|s| s.files.get(&path)) {
        Some(content) => (StatusCode::OK, content.clone()).into_response(),
        None => error(StatusCode::NOT_FOUND, "file not found"),
    }
}

async fn remove_file(
    State(state): State<Shared>,
    Path(id): Path<String>,
    headers: HeaderMap,
    axum::Json(body): axum::Json<RemoveRequest>,
) -> Response {
    if let Some(response) = envd_rejects(&state, &id, &headers) {
        return response;
    }
    let removed = lock(&state)
        .sandboxes
        .get_mut(&id)
        .and_then(|s| s.files.remove(&body.path));
    match removed {
        Some(_) => axum::Json(json!({})).into_response(),
        None => (
            StatusCode::NOT_FOUND,
            axum::Json(json!({"code": "not_found", "message": "no such file"})),
        )
            .into_response(),
    }
}

async fn send_signal(
    State(state): State<Shared>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Some(response) = envd_rejects(&state, &id, &headers) {
        return response;
    }
    let pid = serde_json::from_slice::<serde_json::Value>(&body)
        .ok()
        .and_then(|v| v["process"]["pid"].as_u64());
    match pid {
        Some(pid) => {
            lock(&state).kills.push(pid as u32);
            axum::Json(json!({})).into_response()
        }
        None => error(StatusCode::BAD_REQUEST, "process.pid is required"),
    }
}

fn event(event: ProcessEvent) -> Vec<u8> {
    let message = serde_json::to_vec(&StartResponse { event }).unwrap_or_default();
    connect::encode(0, &message)
}

fn end_stream(error: Option<&str>) -> Vec<u8> {
    let error = error.map(|code| ConnectError {
        code: code.into(),
        message: format!("mock {code}"),
    });
    connect::encode(
        FLAG_END_STREAM,
        &serde_json::to_vec(&EndStream { error }).unwrap_or_default(),
    )
}

fn data_events(stdout: bool, bytes: &[u8]) -> Vec<Vec<u8>> {
    bytes
        .chunks(DATA_CHUNK)
        .map(|chunk| {
            let text = Some(STANDARD.encode(chunk));
            let data = if stdout {
                DataEvent {
                    stdout: text,
                    stderr: None,
                }
            } else {
                DataEvent {
                    stdout: None,
                    stderr: text,
                }
            };
            event(ProcessEvent {
                data: Some(data),
                ..Default::default()
            })
        })
        .collect()
}

async fn start_process(
    State(state): State<Shared>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Some(response) = envd_rejects(&state, &id, &headers) {
        return response;
    }
    let content_type = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if !content_type.starts_with("application/connect+") {
        return error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "expected application/connect+json",
        );
    }
    if let Some(response) = injected(&state, Endpoint::Start) {
        return response;
    }
    let mut decoder = Decoder::default();
    decoder.push(&body);
    let request: Option<StartRequest> = match decoder.next() {
        Ok(Some((0, message))) if decoder.is_empty() => serde_json::from_slice(&message).ok(),
        _ => None,
    };
    let Some(request) = request else {
        return error(
            StatusCode::BAD_REQUEST,
            "body must be one JSON envelope with a StartRequest",
        );
    };
    let line = request.process.args.last().cloned().unwrap_or_default();
    let timeout_ms: Option<u64> = headers
        .get("connect-timeout-ms")
        .and_then(|v| v.to_str().ok()?.parse().ok());

    let run = {
        let mut state = lock(&state);
        state.commands.push(line.clone());
        let run = state
            .scripts
            .iter()
            .rev()
            .find(|(needle, _)| line.contains(needle.as_str()))
            .map(|(_, run)| run.clone());
        let run = run.unwrap_or_else(|| ScriptedRun {
            stderr: format!("mock: no scripted output for {line}\n").into_bytes(),
            exit_code: 127,
            ..ScriptedRun::default()
        });
        if let (Some(xml), Some(path)) = (&run.junit_report, junit_path(&line))
            && let Some(sandbox) = state.sandboxes.get_mut(&id)
        {
            sandbox
                .files
                .insert(format!("{WORKSPACE}/{path}"), xml.clone().into_bytes());
        }
        run
    };

    let mut frames = vec![event(ProcessEvent {
        start: Some(StartEvent { pid: 4242 }),
        ..Default::default()
    })];
    frames.extend(data_events(true, &run.stdout));
    frames.push(event(ProcessEvent {
        keepalive: Some(json!({})),
        ..Default::default()
    }));
    frames.extend(data_events(false, &run.stderr));
    let delay = if run.hang {
        Duration::from_millis(timeout_ms.unwrap_or(60_000))
    } else {
        Duration::ZERO
    };
    if run.hang {
        frames.push(event(ProcessEvent {
            end: Some(EndEvent {
                exit_code: -1,
                exited: false,
                status: "signal: killed".into(),
                error: Some("signal: killed".into()),
            }),
            ..Default::default()
        }));
        frames.push(end_stream(Some("deadline_exceeded")));
    } else if let Some(code) = &run.rpc_error {
        frames.push(end_stream(Some(code)));
    } else {
        let status = format!("exit status {}", run.exit_code);
        let error = (run.exit_code != 0).then(|| status.clone());
        frames.push(event(ProcessEvent {
            end: Some(EndEvent {
                exit_code: run.exit_code,
                exited: true,
                status,
                error,
            }),
            ..Default::default()
        }));
        frames.push(end_stream(None));
    }
    // The last frames (end event and trailer) arrive only after the process "ran" for `delay`.
    let tail = frames.split_off(frames.len() - 2);
    let head = futures_util::stream::iter(frames.into_iter().map(Ok::<_, std::io::Error>));
    let tail = futures_util::stream::once(async move {
        tokio::time::sleep(delay).await;
        Ok::<_, std::io::Error>(tail.concat())
    });
    let body = Body::from_stream(futures_util::StreamExt::chain(head, tail));
    Response::builder()
        .status(StatusCode::OK)
        .header("content-type", "application/connect+json")
        .body(body)
        .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}

/// The path given to pytest's `--junitxml=` in a quoted bash line.
fn junit_path(line: &str) -> Option<String> {
    let start = line.find("--junitxml=")? + "--junitxml=".len();
    Some(
        line[start..]
            .chars()
            .take_while(|c| *c != '\'' && *c != ' ')
            .collect(),
    )
}
