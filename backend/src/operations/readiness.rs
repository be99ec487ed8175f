//! The state of each dependency, for load balancers, platform health checks and uptime monitors.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::db;
use crate::state::AppState;

const CHECK_TIMEOUT: Duration = Duration::from_secs(2);
pub const OK: &str = "ok";
pub const NOT_CONFIGURED: &str = "not configured";

/// The database and Redis: what `/health` has always reported.
pub struct Dependencies {
    pub database: String,
    pub redis: String,
}

impl Dependencies {
    pub fn healthy(&self) -> bool {
        self.database == OK && (self.redis == OK || self.redis == NOT_CONFIGURED)
    }
}

/// Everything a replica needs before it takes traffic.
pub struct Readiness {
    pub dependencies: Dependencies,
    /// `ok`, or `degraded: <why code execution cannot work here>`.
    pub sandbox: String,
    /// `ok`, or what is not applied yet.
    pub migrations: String,
}

impl Readiness {
    pub fn ready(&self) -> bool {
        self.dependencies.healthy() && self.sandbox == OK && self.migrations == OK
    }
}

pub async fn dependencies(state: &AppState) -> Dependencies {
    let database = outcome(state.db.ping()).await;
    let redis = match &state.settings.redis {
        None => NOT_CONFIGURED.to_string(),
        Some(redis) => outcome(ping_redis(redis.url.as_str())).await,
    };
    Dependencies { database, redis }
}

pub async fn readiness(state: &AppState) -> Readiness {
    let (dependencies, migrations) =
        tokio::join!(dependencies(state), outcome(migrations_applied(state)));
    Readiness {
        dependencies,
        sandbox: sandbox(state),
        migrations,
    }
}

/// The sandbox as the start-up preflight left it.
pub fn sandbox(state: &AppState) -> String {
    match &state.sandbox_problem {
        None => OK.to_string(),
        Some(problem) => format!("degraded: {problem}"),
    }
}

async fn migrations_applied(state: &AppState) -> anyhow::Result<()> {
    let pending = db::pending_migrations(&state.db).await?;
    anyhow::ensure!(
        pending.is_empty(),
        "{} pending ({}): run `tali migrate`",
        pending.len(),
        pending.join(", ")
    );
    Ok(())
}

async fn outcome<E: std::fmt::Display>(check: impl Future<Output = Result<(), E>>) -> String {
    match tokio::time::timeout(CHECK_TIMEOUT, check).await {
        Ok(Ok(())) => OK.to_string(),
        Ok(Err(err)) => format!("error: {err}"),
        Err(_) => "error: timed out".to_string(),
    }
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
