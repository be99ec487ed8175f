//! The soak's instruments: the server process it starts (and its memory, its leftovers), an HTTP client that
//! times every request by route and tells errors from throttling, and the per-route figures.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, bail, ensure};
use reqwest::Method;
use serde_json::{Value, json};

/// The longest wait a `Retry-After` is honoured for; a longer one would stall a seat past the soak's end.
const LONGEST_WAIT: Duration = Duration::from_secs(10);
/// Time for the server to finish closing the sandboxes of the last submits before they count as leaked.
const SETTLE: Duration = Duration::from_secs(5);

/// `tali serve` on a fresh SQLite database in a temporary data directory, with the local sandbox.
pub struct Server {
    child: tokio::process::Child,
    pid: u32,
    port: u16,
    data: PathBuf,
}

impl Server {
    pub async fn start(tali: &Path, ai_base_url: &str) -> anyhow::Result<Self> {
        let data =
            std::env::temp_dir().join(format!("tali-soak-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&data)?;
        // The sandbox runs candidate code as unprivileged users, who must reach their workspaces below here.
        std::fs::set_permissions(&data, std::os::unix::fs::PermissionsExt::from_mode(0o711))?;
        let port = std::net::TcpListener::bind("127.0.0.1:0")?
            .local_addr()?
            .port();
        let log = std::fs::File::create(data.join("serve.log"))?;
        let runtime = concat!(env!("CARGO_MANIFEST_DIR"), "/../data/sandbox-runtime");
        let child = tokio::process::Command::new(tali)
            .arg("serve")
            .current_dir(&data)
            .env("PORT", port.to_string())
            .env("TALI_DATA_DIR", &data)
            .env(
                "DATABASE_URL",
                format!("sqlite://{}/tali.db?mode=rwc", data.display()),
            )
            .env(
                "SECRET_KEY",
                "soak-secret-key-that-is-long-enough-0123456789",
            )
            .env("BCRYPT_COST", "4")
            .env("SANDBOX_PROVIDER", "local")
            .env("SANDBOX_RUNTIME_DIR", runtime)
            .env("SANDBOX_WORKSPACES_DIR", data.join("workspaces"))
            .env("ANTHROPIC_API_KEY", "sk-ant-soak")
            .env("ANTHROPIC_BASE_URL", ai_base_url)
            .env("RUST_LOG", "warn")
            .stdout(log.try_clone()?)
            .stderr(log)
            .kill_on_drop(true)
            .spawn()
            .with_context(|| format!("cannot start {}", tali.display()))?;
        let pid = child.id().context("the server's pid")?;
        let server = Self {
            child,
            pid,
            port,
            data,
        };
        let client = reqwest::Client::new();
        let began = Instant::now();
        loop {
            if let Ok(answer) = client
                .get(format!("http://127.0.0.1:{port}/health"))
                .send()
                .await
            {
                let health: Value = answer.json().await.unwrap_or_default();
                ensure!(
                    health["status"] == "ok",
                    "the server is not healthy: {health}"
                );
                return Ok(server);
            }
            ensure!(
                began.elapsed() < Duration::from_secs(60),
                "the server did not start: {}",
                server.log()
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    pub fn base(&self) -> String {
        format!("http://127.0.0.1:{}/api/v1", self.port)
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.data.join("serve.log")).unwrap_or_default()
    }

    /// The server's resident memory in KiB.
    pub fn rss_kib(&self) -> anyhow::Result<u64> {
        rss_kib(self.pid)
    }

    pub fn pid(&self) -> u32 {
        self.pid
    }

    /// Once every session has submitted: nothing of theirs may remain. Then stops the server and removes its data.
    pub async fn stop_and_check(mut self) -> anyhow::Result<()> {
        tokio::time::sleep(SETTLE).await;
        let workspaces: Vec<String> = std::fs::read_dir(self.data.join("workspaces"))
            .map(|dir| {
                dir.flatten()
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    // The sandbox's own files (the seccomp filter it compiles at start) are dot files; a
                    // session's workspace is `<id>.img` mounted on `<id>`.
                    .filter(|name| !name.starts_with('.'))
                    .collect()
            })
            .unwrap_or_default();
        let mounts = self.mounts();
        let children = children_of(self.pid);
        println!(
            "soak: after the last submit: {} workspaces, {} mounts, {} processes under the server",
            workspaces.len(),
            mounts.len(),
            children.len()
        );
        // SIGTERM: a graceful stop, as a deploy does.
        let _ = std::process::Command::new("kill")
            .arg(self.pid.to_string())
            .status();
        let _ = tokio::time::timeout(Duration::from_secs(40), self.child.wait()).await;
        let log = self.log();
        ensure!(workspaces.is_empty(), "leaked workspaces: {workspaces:?}");
        ensure!(mounts.is_empty(), "leaked mounts: {mounts:?}");
        ensure!(children.is_empty(), "leaked processes: {children:?}");
        if log.contains("panicked") {
            bail!("the server panicked:\n{log}");
        }
        Ok(())
    }

    fn mounts(&self) -> Vec<String> {
        let prefix = format!("{}/", self.data.display());
        std::fs::read_to_string("/proc/mounts")
            .unwrap_or_default()
            .lines()
            .filter_map(|l| l.split_whitespace().nth(1))
            .filter(|m| m.starts_with(&prefix))
            .map(str::to_owned)
            .collect()
    }
}

fn rss_kib(pid: u32) -> anyhow::Result<u64> {
    status_kib(pid, "VmRSS:")
}

/// A `/proc/<pid>/status` figure in KiB: `VmRSS:`, `RssAnon:` (the heap), `RssFile:` (the binary's pages).
pub fn status_kib(pid: u32, field: &str) -> anyhow::Result<u64> {
    std::fs::read_to_string(format!("/proc/{pid}/status"))?
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .with_context(|| format!("no {field}"))
}

impl Drop for Server {
    /// However the soak ends: no server, no mount and no data directory left behind.
    fn drop(&mut self) {
        let _ = self.child.start_kill();
        for mount in self.mounts().iter().rev() {
            let _ = std::process::Command::new("umount")
                .args(["-l", mount])
                .status();
        }
        let _ = std::fs::remove_dir_all(&self.data);
    }
}

/// Every process descending from `pid`, as "pid command".
fn children_of(pid: u32) -> Vec<String> {
    let mut parents = vec![pid];
    let mut found = Vec::new();
    let all: Vec<(u32, u32, String)> = std::fs::read_dir("/proc")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
        .filter_map(|p| {
            let stat = std::fs::read_to_string(format!("/proc/{p}/stat")).ok()?;
            // `pid (comm) state ppid ...`; comm may hold spaces, so split after its closing parenthesis.
            let (head, rest) = stat.rsplit_once(')')?;
            let ppid = rest.split_whitespace().nth(1)?.parse().ok()?;
            Some((p, ppid, head.split_once('(')?.1.to_string()))
        })
        .collect();
    while let Some(parent) = parents.pop() {
        for (p, ppid, comm) in &all {
            if *ppid == parent {
                parents.push(*p);
                found.push(format!("{p} {comm}"));
            }
        }
    }
    found
}

#[derive(Clone, Copy)]
pub enum Auth<'a> {
    None,
    Recruiter(&'a str),
    Candidate(&'a str),
}

#[derive(Default)]
struct Route {
    latencies: Vec<Duration>,
    throttled: u64,
}

/// Every request's time by route, the throttled answers and the errors.
#[derive(Default)]
pub struct Stats {
    routes: Mutex<BTreeMap<&'static str, Route>>,
    errors: Mutex<Vec<String>>,
}

impl Stats {
    pub fn errors(&self) -> Vec<String> {
        self.errors.lock().unwrap().clone()
    }

    /// Answers 429 or 503 that carried `Retry-After` (those without are errors).
    pub fn throttled(&self) -> u64 {
        self.routes
            .lock()
            .unwrap()
            .values()
            .map(|r| r.throttled)
            .sum()
    }

    pub fn print(&self, elapsed: Duration) {
        let routes = self.routes.lock().unwrap();
        let total: usize = routes.values().map(|r| r.latencies.len()).sum();
        let throttled: u64 = routes.values().map(|r| r.throttled).sum();
        println!(
            "\nsoak: {} s, {total} requests ({:.1}/s), {throttled} answered 429/503 with Retry-After, {} errors",
            elapsed.as_secs(),
            total as f64 / elapsed.as_secs_f64(),
            self.errors.lock().unwrap().len()
        );
        println!(
            "{:<40} {:>7} {:>9} {:>9} {:>9} {:>9}",
            "route", "count", "429/503", "p50 ms", "p99 ms", "max ms"
        );
        for (route, stats) in routes.iter() {
            let mut sorted = stats.latencies.clone();
            sorted.sort();
            let at = |q: f64| {
                sorted[((sorted.len() - 1) as f64 * q).round() as usize].as_secs_f64() * 1000.0
            };
            println!(
                "{route:<40} {:>7} {:>9} {:>9.1} {:>9.1} {:>9.1}",
                sorted.len(),
                stats.throttled,
                at(0.5),
                at(0.99),
                at(1.0)
            );
        }
    }
}

#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base: String,
    stats: Arc<Stats>,
}

impl Client {
    pub fn new(base: String, stats: Arc<Stats>) -> Self {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(120))
            .build()
            .unwrap();
        Self { http, base, stats }
    }

    /// Registers a recruiter (an organization of their own) and signs in.
    pub async fn recruiter(&self, email: &str) -> anyhow::Result<String> {
        let account =
            json!({"email": email, "password": "soak-password-1", "full_name": "Soak Recruiter"});
        self.call(
            "POST /auth/register",
            Method::POST,
            "/auth/register",
            Auth::None,
            Some(account),
            201,
        )
        .await?;
        let login = json!({"email": email, "password": "soak-password-1"});
        let (_, body) = self
            .call(
                "POST /auth/login",
                Method::POST,
                "/auth/login",
                Auth::None,
                Some(login),
                200,
            )
            .await?;
        Ok(body["access_token"]
            .as_str()
            .context("an access token")?
            .to_string())
    }

    /// One request, timed under `route`. A 429 or 503 with `Retry-After` waits as told and tries again; any
    /// other answer than `expected` is an error, recorded and returned.
    pub async fn call(
        &self,
        route: &'static str,
        method: Method,
        path: &str,
        auth: Auth<'_>,
        body: Option<Value>,
        expected: u16,
    ) -> anyhow::Result<(u16, Value)> {
        loop {
            let mut request = self
                .http
                .request(method.clone(), format!("{}{path}", self.base));
            request = match auth {
                Auth::None => request,
                Auth::Recruiter(token) => request.bearer_auth(token),
                Auth::Candidate(token) => request.header("x-assessment-token", token),
            };
            if let Some(body) = &body {
                request = request.json(body);
            }
            let began = Instant::now();
            let sent = request.send().await;
            let answer = match sent {
                Ok(response) => {
                    let status = response.status().as_u16();
                    let retry_after = response
                        .headers()
                        .get("retry-after")
                        .and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
                    let text = response.text().await.unwrap_or_default();
                    Ok((status, retry_after, text))
                }
                Err(err) => Err(err),
            };
            let elapsed = began.elapsed();
            let throttled = matches!(answer, Ok((429 | 503, Some(_), _)));
            {
                let mut routes = self.stats.routes.lock().unwrap();
                let stats = routes.entry(route).or_default();
                stats.latencies.push(elapsed);
                stats.throttled +=
                    u64::from(throttled && !matches!(answer, Ok((s, _, _)) if s == expected));
            }
            match answer {
                Ok((status, _, text)) if status == expected => {
                    return Ok((status, serde_json::from_str(&text).unwrap_or(Value::Null)));
                }
                Ok((429 | 503, Some(seconds), _)) => {
                    tokio::time::sleep(Duration::from_secs(seconds).min(LONGEST_WAIT)).await;
                }
                Ok((status, _, text)) => {
                    let text: String = text.chars().take(300).collect();
                    return Err(self.error(format!("{route}: {status} {text}")));
                }
                Err(err) => return Err(self.error(format!("{route}: {err}"))),
            }
        }
    }

    fn error(&self, message: String) -> anyhow::Error {
        eprintln!("soak error: {message}");
        self.stats.errors.lock().unwrap().push(message.clone());
        anyhow::anyhow!(message)
    }
}
