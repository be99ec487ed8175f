//! The exec chain of one sandboxed run:
//! `sh shim` (joins the cgroups, opens the seccomp program as fd 3) → `prlimit` → `setpriv` (unprivileged host
//! uid) → `bwrap`. Everything is set up by exec'd tools, never by code between fork and exec in this threaded
//! server, and the chain starts from an empty environment so no server secret can reach the sandbox.

use std::path::{Path, PathBuf};

use tokio::process::Command;

use crate::Limits;

pub(crate) const PYTHON_BIN: &str = "/usr/bin/python3.11";
pub(crate) const PYTHON_LIB: &str = "/usr/lib/python3.11";
const SHARED_LIBS: &str = "/usr/lib/x86_64-linux-gnu";
const LIB64: &str = "/usr/lib64";
const SECCOMP_FD: &str = "3";
const OPEN_FILES: u32 = 256;
const ADDRESS_SPACE_BYTES: u64 = 2 << 30;
const TMP_BYTES: u64 = 64 << 20;
const SHM_BYTES: u64 = 16 << 20;

/// Exit status the shim uses when it cannot prepare the run; `LAUNCH_FAILED` is printed to stderr with it.
pub(crate) const LAUNCH_FAILED_EXIT: i32 = 125;
pub(crate) const LAUNCH_FAILED: &str = "tali-sandbox: launch failed";

const SHIM: &str = r#"for f in $SBX_CG; do echo $$ > "$f" || { echo "$SBX_FAIL: cgroup" >&2; exit 125; }; done
exec 3< "$SBX_BPF" || { echo "$SBX_FAIL: seccomp" >&2; exit 125; }
unset SBX_CG SBX_BPF SBX_FAIL
exec "$@""#;

/// Who the payload runs as on the host.
#[derive(Debug, Clone, Copy)]
pub(crate) enum HostUser {
    /// The server is root: drop to this per-sandbox uid (never run bwrap as root).
    Uid(u32),
    /// The server is unprivileged: bwrap runs as the server's own user.
    Current,
}

/// Absolute paths of the launcher tools (the chain starts without PATH).
#[derive(Debug, Clone)]
pub(crate) struct Tools {
    pub prlimit: PathBuf,
    pub setpriv: PathBuf,
    pub bwrap: PathBuf,
}

#[derive(Debug, Clone)]
pub(crate) struct Chain {
    pub tools: Tools,
    pub runtime_dir: PathBuf,
    pub seccomp_file: PathBuf,
    pub limits: Limits,
}

impl Chain {
    pub(crate) fn venv(&self) -> PathBuf {
        self.runtime_dir.join("venv")
    }

    pub(crate) fn command(
        &self,
        user: HostUser,
        workspace: &Path,
        cgroup_procs: &[PathBuf],
        argv: &[&str],
    ) -> Command {
        let cpu = self.limits.cpu.as_secs().max(1);
        let cgroups: Vec<String> = cgroup_procs
            .iter()
            .map(|p| p.display().to_string())
            .collect();
        let mut cmd = Command::new("/bin/sh");
        cmd.env_clear()
            .env("SBX_CG", cgroups.join(" "))
            .env("SBX_BPF", &self.seccomp_file)
            .env("SBX_FAIL", LAUNCH_FAILED)
            .current_dir("/")
            .args(["-c", SHIM, "shim"])
            .arg(&self.tools.prlimit)
            // The hard CPU limit is the one that kills: the payload is pid 1 and ignores SIGXCPU.
            .arg(format!("--cpu={cpu}:{}", cpu + 1))
            .arg(format!("--as={ADDRESS_SPACE_BYTES}"))
            .arg(format!("--nproc={}", self.limits.processes))
            .arg(format!("--fsize={}", self.limits.file_size_bytes))
            .arg(format!("--nofile={OPEN_FILES}"))
            .args(["--core=0", "--"]);
        if let HostUser::Uid(uid) = user {
            cmd.arg(&self.tools.setpriv)
                .args([&format!("--reuid={uid}"), &format!("--regid={uid}")])
                .args(["--clear-groups", "--no-new-privs", "--"]);
        }
        cmd.args(self.bwrap_args(workspace)).arg("--").args(argv);
        cmd
    }

    fn bwrap_args(&self, workspace: &Path) -> Vec<String> {
        let venv = self.venv().display().to_string();
        let etc = self.runtime_dir.join("etc");
        let mut args: Vec<String> = vec![self.tools.bwrap.display().to_string()];
        args.extend(
            [
                "--unshare-all",
                "--unshare-user",
                "--uid",
                "1000",
                "--gid",
                "1000",
                "--disable-userns",
                "--hostname",
                "sandbox",
                "--die-with-parent",
                "--new-session",
                "--clearenv",
                "--as-pid-1",
                "--cap-drop",
                "ALL",
            ]
            .map(String::from),
        );
        let mut push = |parts: &[&str]| args.extend(parts.iter().map(|s| s.to_string()));
        // Order matters: the tmpfs goes first so it cannot hide a runtime directory that lives under /tmp.
        push(&[
            "--size",
            &TMP_BYTES.to_string(),
            "--tmpfs",
            "/tmp",
            "--proc",
            "/proc",
            "--dev",
            "/dev",
        ]);
        push(&["--size", &SHM_BYTES.to_string(), "--tmpfs", "/dev/shm"]);
        push(&[
            "--ro-bind",
            PYTHON_BIN,
            PYTHON_BIN,
            "--symlink",
            "python3.11",
            "/usr/bin/python3",
        ]);
        push(&[
            "--ro-bind",
            PYTHON_LIB,
            PYTHON_LIB,
            "--ro-bind",
            SHARED_LIBS,
            SHARED_LIBS,
        ]);
        push(&[
            "--ro-bind",
            LIB64,
            LIB64,
            "--symlink",
            "usr/lib",
            "/lib",
            "--symlink",
            "usr/lib64",
            "/lib64",
        ]);
        push(&["--ro-bind", &venv, &venv]);
        for file in ["passwd", "group"] {
            let host = etc.join(file).display().to_string();
            push(&["--ro-bind", &host, &format!("/etc/{file}")]);
        }
        push(&[
            "--bind",
            &workspace.display().to_string(),
            "/workspace",
            "--chdir",
            "/workspace",
        ]);
        push(&[
            "--setenv",
            "PATH",
            &format!("{venv}/bin:/usr/bin"),
            "--setenv",
            "HOME",
            "/workspace",
        ]);
        push(&[
            "--setenv",
            "LANG",
            "C.UTF-8",
            "--setenv",
            "PYTHONDONTWRITEBYTECODE",
            "1",
        ]);
        push(&[
            "--setenv",
            "PYTHONUNBUFFERED",
            "1",
            "--setenv",
            "MALLOC_ARENA_MAX",
            "2",
        ]);
        // BLAS thread pools reserve address space per thread; one thread keeps numpy under the 2 GiB AS limit.
        push(&[
            "--setenv",
            "OPENBLAS_NUM_THREADS",
            "1",
            "--setenv",
            "OMP_NUM_THREADS",
            "1",
        ]);
        push(&["--seccomp", SECCOMP_FD]);
        args
    }
}
