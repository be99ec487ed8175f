//! Checks made once at startup. A host that cannot sandbox is a configuration error naming the fix; the service
//! never falls back to running candidate code unsandboxed.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::bwrap::{Bwrap, HostUser, PYTHON_BIN, PYTHON_LIB};
use super::cgroup::CgroupLayout;
use super::workspace::Workspaces;
use super::{PREFLIGHT_UID, run_in, seccomp};
use crate::{SandboxError, SandboxSettings};

const FIX: &str = "or set SANDBOX_PROVIDER=e2b";
const SMOKE_TEST: &str = "import pytest, pyflakes, requests, numpy; print('ok')";

pub(super) struct Checked {
    pub bwrap: Bwrap,
    pub cgroups: CgroupLayout,
    pub workspaces: Workspaces,
    pub is_root: bool,
    pub packages: Vec<(String, String)>,
}

fn not_configured(problem: impl std::fmt::Display) -> SandboxError {
    SandboxError::NotConfigured(format!("{problem}; {FIX}"))
}

fn find_tool(name: &str, package: &str) -> Result<PathBuf, SandboxError> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain(["/usr/bin", "/usr/sbin", "/bin", "/sbin"].map(PathBuf::from))
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
        .ok_or_else(|| {
            not_configured(format!(
                "`{name}` is not installed: run `apt-get install {package}`"
            ))
        })
}

fn check_user_namespaces() -> Result<(), SandboxError> {
    let read = |path: &str| fs::read_to_string(path).ok().map(|v| v.trim().to_string());
    if read("/proc/sys/user/max_user_namespaces").as_deref() == Some("0") {
        return Err(not_configured(
            "user namespaces are disabled (sysctl user.max_user_namespaces=0)",
        ));
    }
    if read("/proc/sys/kernel/unprivileged_userns_clone").as_deref() == Some("0") {
        return Err(not_configured(
            "unprivileged user namespaces are disabled (sysctl kernel.unprivileged_userns_clone=1)",
        ));
    }
    if read("/proc/sys/kernel/apparmor_restrict_unprivileged_userns").as_deref() == Some("1") {
        return Err(not_configured(
            "AppArmor restricts unprivileged user namespaces: add an AppArmor profile for bwrap allowing userns",
        ));
    }
    Ok(())
}

fn runtime_missing(runtime: &Path) -> SandboxError {
    not_configured(format!(
        "the sandbox Python runtime is missing at {}: run `scripts/sandbox-runtime/setup.sh {}`",
        runtime.display(),
        runtime.display()
    ))
}

/// (name, version) of every distribution in the venv, from its `<name>-<version>.dist-info` directories.
fn installed_packages(venv: &Path) -> Result<Vec<(String, String)>, SandboxError> {
    let site = venv.join("lib/python3.11/site-packages");
    let entries = fs::read_dir(&site).map_err(|_| runtime_missing(venv))?;
    let mut packages: Vec<(String, String)> = entries
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter_map(|name| {
            let stem = name.strip_suffix(".dist-info")?;
            let (package, version) = stem.rsplit_once('-')?;
            Some((
                package.replace('_', "-").to_lowercase(),
                version.to_string(),
            ))
        })
        .collect();
    packages.sort();
    Ok(packages)
}

pub(super) async fn check(settings: &SandboxSettings) -> Result<Checked, SandboxError> {
    let program = find_tool("bwrap", "bubblewrap")?;
    check_user_namespaces()?;
    let runtime_dir = fs::canonicalize(&settings.runtime_dir)
        .map_err(|_| runtime_missing(&settings.runtime_dir))?;
    for required in [
        runtime_dir.join("venv/bin/python3"),
        runtime_dir.join("etc/passwd"),
        runtime_dir.join("etc/group"),
    ] {
        if !required.exists() {
            return Err(runtime_missing(&runtime_dir));
        }
    }
    for required in [PYTHON_BIN, PYTHON_LIB] {
        if !Path::new(required).exists() {
            return Err(not_configured(format!(
                "{required} is missing: run `apt-get install python3`"
            )));
        }
    }
    let packages = installed_packages(&runtime_dir.join("venv"))?;

    let is_root = rustix::process::geteuid().is_root();
    let unusable = |err: std::io::Error| {
        not_configured(format!(
            "the sandbox workspaces directory is unusable ({err})"
        ))
    };
    let mut workspaces = Workspaces {
        dir: settings.workspaces_dir.clone(),
        quota_bytes: settings.limits.workspace_quota_bytes,
        use_images: is_root,
    };
    workspaces.prepare_dir().map_err(unusable)?;
    workspaces.dir = fs::canonicalize(&workspaces.dir).map_err(unusable)?;
    if !is_root {
        tracing::warn!(
            "sandbox server is not root: no per-sandbox uid, cgroups or workspace disk quota"
        );
    }

    // Rewritten at every start so it always matches this build; opened by the server for bwrap, never by sandboxes.
    // Replaced atomically: another server sharing the directory may be launching runs with it.
    let seccomp_file = workspaces.dir.join(".seccomp.bpf");
    let staging = workspaces
        .dir
        .join(format!(".seccomp-{}.tmp", uuid::Uuid::new_v4().simple()));
    fs::write(&staging, seccomp::deny_list_program()).map_err(unusable)?;
    fs::rename(&staging, &seccomp_file).map_err(unusable)?;

    if is_root {
        // Sandboxes run as unprivileged uids, which must be able to walk down to the runtime and the workspaces.
        reachable_by_others(&runtime_dir, "runtime")?;
        reachable_by_others(&workspaces.dir, "workspaces")?;
    }
    let cgroups = if is_root {
        CgroupLayout::detect(settings.max_concurrent_runs)
    } else {
        CgroupLayout::Unavailable
    };
    let bwrap = Bwrap {
        program,
        runtime_dir,
        seccomp_file,
        limits: settings.limits.clone(),
    };
    smoke_test(&bwrap, &cgroups, &workspaces, is_root).await?;
    tracing::info!(
        cgroups = cgroups.is_available(),
        disk_quota = is_root,
        "local sandbox ready"
    );
    Ok(Checked {
        bwrap,
        cgroups,
        workspaces,
        is_root,
        packages,
    })
}

/// Names the first folder on the way to `dir` that other users cannot enter (say, a home directory of mode
/// 0700): without this, every sandbox fails at start with nothing but "the smoke test failed".
fn reachable_by_others(dir: &Path, what: &str) -> Result<(), SandboxError> {
    use std::os::unix::fs::PermissionsExt;
    for ancestor in dir.ancestors() {
        let Ok(meta) = fs::metadata(ancestor) else {
            continue;
        };
        let mode = meta.permissions().mode() & 0o7777;
        if mode & 0o001 == 0 {
            return Err(not_configured(format!(
                "the sandbox {what} folder {} is inside {} (mode {mode:04o}), which the sandbox's unprivileged \
                 user cannot enter: `chmod o+x {}`, or move TALI_DATA_DIR (or SANDBOX_RUNTIME_DIR and \
                 SANDBOX_WORKSPACES_DIR) elsewhere",
                dir.display(),
                ancestor.display(),
                ancestor.display()
            )));
        }
    }
    Ok(())
}

/// Runs a real sandbox once in a scratch workspace, so a host that cannot sandbox fails at startup.
async fn smoke_test(
    bwrap: &Bwrap,
    cgroups: &CgroupLayout,
    workspaces: &Workspaces,
    is_root: bool,
) -> Result<(), SandboxError> {
    let scratch = workspaces
        .dir
        .join(format!(".preflight-{}", uuid::Uuid::new_v4().simple()));
    fs::create_dir(&scratch)
        .map_err(|e| not_configured(format!("cannot create {} ({e})", scratch.display())))?;
    let user = if is_root {
        std::os::unix::fs::chown(&scratch, Some(PREFLIGHT_UID), Some(PREFLIGHT_UID))
            .map_err(|e| not_configured(format!("cannot chown the preflight workspace ({e})")))?;
        HostUser::Uid(PREFLIGHT_UID)
    } else {
        HostUser::Current
    };
    let argv = ["python3", "-c", SMOKE_TEST].map(String::from);
    let run = run_in(
        bwrap,
        cgroups,
        user,
        &scratch,
        &argv,
        Duration::from_secs(30),
        64 * 1024,
    )
    .await;
    let _ = fs::remove_dir_all(&scratch);
    let run = run.map_err(|err| {
        not_configured(format!(
            "bubblewrap cannot start a sandbox on this host ({err})"
        ))
    })?;
    if run.exit_code != 0 || run.stdout != b"ok\n" {
        tracing::error!(exit_code = run.exit_code, stderr = %String::from_utf8_lossy(&run.stderr), "sandbox smoke test failed");
        return Err(not_configured(
            "the sandbox smoke test failed (is the runtime complete? re-run scripts/sandbox-runtime/setup.sh)",
        ));
    }
    Ok(())
}
