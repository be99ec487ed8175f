//! Code execution: the sandbox crate's own settings, filled from the environment.

use std::path::{Path, PathBuf};

use tali_sandbox::{Provider, SandboxSettings};

use super::env::Env;
use super::{ConfigError, invalid};

pub(super) fn settings(env: &Env, data_dir: &Path) -> Result<SandboxSettings, ConfigError> {
    let provider = env.choice(
        "SANDBOX_PROVIDER",
        Provider::Local,
        &[("local", Provider::Local), ("e2b", Provider::E2b)],
    )?;
    let directory = |name: &str, default: &str| {
        absolute(
            env.get(name)
                .map(PathBuf::from)
                .unwrap_or_else(|| data_dir.join(default)),
        )
    };
    let mut sandbox = SandboxSettings {
        provider,
        runtime_dir: directory("SANDBOX_RUNTIME_DIR", "sandbox-runtime"),
        workspaces_dir: directory("SANDBOX_WORKSPACES_DIR", "sandbox-workspaces"),
        ..SandboxSettings::default()
    };
    if let Some(raw) = env.get("SANDBOX_MAX_CONCURRENT") {
        sandbox.max_concurrent_runs = raw
            .parse::<usize>()
            .ok()
            .filter(|n| *n > 0)
            .ok_or_else(|| invalid("SANDBOX_MAX_CONCURRENT", "must be a positive number"))?;
    }
    sandbox.limits.wall_run =
        env.seconds("SANDBOX_RUN_TIMEOUT_SECONDS", sandbox.limits.wall_run, 600)?;
    sandbox.limits.wall_tests = env.seconds(
        "SANDBOX_TESTS_TIMEOUT_SECONDS",
        sandbox.limits.wall_tests,
        900,
    )?;

    match env.secret("E2B_API_KEY") {
        Some(key) => sandbox.e2b.api_key = key,
        None if provider == Provider::E2b => {
            return Err(invalid(
                "E2B_API_KEY",
                "is required when SANDBOX_PROVIDER=e2b",
            ));
        }
        None => {}
    }
    if let Some(url) = env.http_url("E2B_API_URL")? {
        sandbox.e2b.api_url = url;
    }
    if let Some(url) = env.http_url("E2B_ENVD_URL")? {
        if !url.contains("{sandbox_id}") {
            return Err(invalid("E2B_ENVD_URL", "must contain {sandbox_id}"));
        }
        sandbox.e2b.envd_url = url;
    }
    if let Some(template) = env.get("E2B_TEMPLATE") {
        sandbox.e2b.template = template;
    }
    if let Some(domain) = env.get("E2B_DOMAIN") {
        url::Host::parse(&domain)
            .map_err(|e| invalid("E2B_DOMAIN", format!("{domain:?} is not a host name: {e}")))?;
        sandbox.e2b.domain = domain;
    }
    Ok(sandbox)
}

/// The sandbox binds these paths into its mount namespace, which needs absolute paths.
fn absolute(path: PathBuf) -> PathBuf {
    if path.is_absolute() {
        path
    } else {
        std::env::current_dir()
            .map(|cwd| cwd.join(&path))
            .unwrap_or(path)
    }
}
