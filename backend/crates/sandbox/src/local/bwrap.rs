//! The command line of one sandboxed run: bwrap itself, exec'd directly by the server. The launched process
//! prepares itself between fork and exec (cgroups, rlimits, seccomp descriptor, unprivileged host uid,
//! no_new_privs: see [`super::launch`]) and starts from an empty environment, so no server secret can reach the
//! sandbox.

use std::os::fd::RawFd;
use std::path::{Path, PathBuf};

use tokio::process::Command;

use super::launch::Launch;
use crate::Limits;

pub(crate) const PYTHON_BIN: &str = "/usr/bin/python3.11";
pub(crate) const PYTHON_LIB: &str = "/usr/lib/python3.11";
const SHARED_LIBS: &str = "/usr/lib/x86_64-linux-gnu";
const LIB64: &str = "/usr/lib64";
const TMP_BYTES: u64 = 64 << 20;
const SHM_BYTES: u64 = 16 << 20;

/// Who the payload runs as on the host.
#[derive(Debug, Clone, Copy)]
pub(crate) enum HostUser {
    /// The server is root: drop to this per-sandbox uid (never run bwrap as root).
    Uid(u32),
    /// The server is unprivileged: bwrap runs as the server's own user.
    Current,
}

#[derive(Debug, Clone)]
pub(crate) struct Bwrap {
    pub program: PathBuf,
    pub runtime_dir: PathBuf,
    pub seccomp_file: PathBuf,
    pub limits: Limits,
}

impl Bwrap {
    pub(crate) fn venv(&self) -> PathBuf {
        self.runtime_dir.join("venv")
    }

    /// The run's command, with `launch` installed to run between fork and exec.
    pub(crate) fn command(&self, launch: Launch, workspace: &Path, argv: &[&str]) -> Command {
        let mut cmd = Command::from(self.bare_command(workspace, launch.seccomp_fd(), argv));
        launch.install(&mut cmd);
        cmd
    }

    /// The bwrap command line alone, reading its seccomp program from `seccomp_fd`. Run as it is (for benchmarks),
    /// it has none of the launch's own steps (cgroups, rlimits, uid drop), and the descriptor must be inheritable
    /// and stay open while it runs.
    pub(crate) fn bare_command(
        &self,
        workspace: &Path,
        seccomp_fd: RawFd,
        argv: &[&str],
    ) -> std::process::Command {
        let mut cmd = std::process::Command::new(&self.program);
        cmd.env_clear()
            .current_dir("/")
            .args(self.bwrap_args(workspace, seccomp_fd))
            .arg("--")
            .args(argv);
        cmd
    }

    fn bwrap_args(&self, workspace: &Path, seccomp_fd: RawFd) -> Vec<String> {
        let venv = self.venv().display().to_string();
        let etc = self.runtime_dir.join("etc");
        let mut args: Vec<String> = Vec::new();
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
        push(&["--seccomp", &seccomp_fd.to_string()]);
        args
    }
}
