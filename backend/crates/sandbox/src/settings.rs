use std::path::PathBuf;
use std::time::Duration;

use secrecy::SecretString;

/// Where candidate code runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Provider {
    /// bubblewrap on this host (see docs/reference/local-sandbox.md).
    Local,
    /// E2B cloud microVMs.
    E2b,
}

/// Per-run resource limits. CPU and memory are per run, disk is per sandbox workspace.
#[derive(Debug, Clone)]
pub struct Limits {
    pub cpu: Duration,
    pub wall_run: Duration,
    pub wall_tests: Duration,
    pub memory_bytes: u64,
    pub processes: u32,
    pub file_size_bytes: u64,
    pub workspace_quota_bytes: u64,
    /// Cap per output stream (stdout and stderr each).
    pub output_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            cpu: Duration::from_secs(10),
            wall_run: Duration::from_secs(20),
            wall_tests: Duration::from_secs(60),
            memory_bytes: 512 << 20,
            processes: 64,
            file_size_bytes: 64 << 20,
            workspace_quota_bytes: 256 << 20,
            output_bytes: 1 << 20,
        }
    }
}

#[derive(Debug, Clone)]
pub struct E2bSettings {
    /// Empty when E2B is not configured.
    pub api_key: SecretString,
    /// Control-plane base URL; empty means `https://api.<domain>`.
    pub api_url: String,
    pub domain: String,
    pub template: String,
    /// envd base URL with a `{sandbox_id}` placeholder; empty means `https://49983-{sandbox_id}.<domain>`.
    /// Tests point it at the mock on 127.0.0.1.
    pub envd_url: String,
    pub request_timeout: Duration,
}

impl Default for E2bSettings {
    fn default() -> Self {
        Self {
            api_key: SecretString::default(),
            api_url: String::new(),
            domain: "e2b.app".into(),
            template: "tali-python".into(),
            envd_url: String::new(),
            request_timeout: Duration::from_secs(30),
        }
    }
}

#[derive(Debug, Clone)]
pub struct SandboxSettings {
    pub provider: Provider,
    /// Output of `scripts/sandbox-runtime/setup.sh` (venv, etc/).
    pub runtime_dir: PathBuf,
    /// Per-sandbox workspace images and mount points.
    pub workspaces_dir: PathBuf,
    pub limits: Limits,
    pub max_concurrent_runs: usize,
    /// How long a run waits for a free slot before `SandboxError::Busy`.
    pub queue_wait: Duration,
    /// Lifetime of a sandbox recreated by `reconnect` after the provider lost the original.
    pub default_lifetime: Duration,
    pub e2b: E2bSettings,
}

impl Default for SandboxSettings {
    fn default() -> Self {
        // Development default: <repo>/data/..., found from this crate's location (backend/crates/sandbox).
        let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../..");
        Self {
            provider: Provider::Local,
            runtime_dir: repo.join("data/sandbox-runtime"),
            workspaces_dir: repo.join("data/sandbox-workspaces"),
            limits: Limits::default(),
            max_concurrent_runs: std::thread::available_parallelism().map_or(2, |n| n.get()),
            queue_wait: Duration::from_secs(5),
            default_lifetime: Duration::from_secs(3 * 3600),
            e2b: E2bSettings::default(),
        }
    }
}
