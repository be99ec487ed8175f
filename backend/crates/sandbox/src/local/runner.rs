//! Runs one prepared sandbox command: captures output up to a cap, enforces the wall clock, kills the whole run on a
//! limit.

use std::process::{ExitStatus, Stdio};
use std::time::{Duration, Instant};

use rustix::process::{Pid, Signal, kill_process_group};
use tokio::io::{AsyncRead, AsyncReadExt};
use tokio::process::Command;

use super::cgroup::RunCgroup;
use super::spawner;
use crate::SandboxError;
use crate::types::RawRun;

/// After a kill, how long to wait for the outer bwrap to be reaped before giving up on it.
const REAP_GRACE: Duration = Duration::from_secs(5);

struct Killer<'a> {
    process_group: Option<Pid>,
    cgroup: Option<&'a RunCgroup>,
}

impl Killer<'_> {
    /// Kills the outer bwrap's process group; --die-with-parent and the pid namespace take the payload down, and
    /// on cgroup v2 hosts `cgroup.kill` catches anything that escaped both.
    fn kill(&self) {
        if let Some(group) = self.process_group {
            // ESRCH only means the run already ended.
            let _ = kill_process_group(group, Signal::KILL);
        }
        if let Some(cgroup) = self.cgroup {
            cgroup.kill();
        }
    }
}

/// Reads a stream into `buf` until EOF or until `cap` bytes; returns whether the cap was hit.
async fn read_capped(
    mut stream: impl AsyncRead + Unpin,
    buf: &mut Vec<u8>,
    cap: usize,
    killer: &Killer<'_>,
) -> bool {
    let mut chunk = vec![0u8; 64 * 1024];
    loop {
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return false,
            Ok(n) => {
                let room = cap - buf.len();
                buf.extend_from_slice(&chunk[..n.min(room)]);
                if n >= room {
                    killer.kill();
                    return true;
                }
            }
        }
    }
}

pub(crate) async fn run(
    mut cmd: Command,
    wall: Duration,
    output_cap: usize,
    cgroup: Option<&RunCgroup>,
) -> Result<RawRun, SandboxError> {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0)
        .kill_on_drop(true);
    let started = Instant::now();
    // `spawn` blocks until bwrap is exec'd, and the launch preparation before that exec waits for an RCU grace period
    // when it joins a v2 cgroup (see `cgroup`): milliseconds that must not stall an async worker, so the launcher
    // thread forks (`spawner`, which also says why it must not be a pool thread).
    let spawned = spawner::spawn(cmd).await;
    // A failure of the launch preparation between fork and exec (cgroup join, rlimits, uid drop) arrives here.
    let mut child = spawned.map_err(|err| {
        tracing::error!(error = %err, "cannot start the sandbox");
        SandboxError::unavailable("cannot start the sandbox", err)
    })?;
    let killer = Killer {
        process_group: child.id().and_then(|id| Pid::from_raw(id as i32)),
        cgroup,
    };
    let (stdout, stderr) = (child.stdout.take(), child.stderr.take());
    let (Some(stdout), Some(stderr)) = (stdout, stderr) else {
        killer.kill();
        return Err(SandboxError::Unavailable(
            "sandbox output pipes missing".into(),
        ));
    };

    let (mut out, mut err) = (Vec::new(), Vec::new());
    let capture = async {
        let (a, b) = tokio::join!(
            read_capped(stdout, &mut out, output_cap, &killer),
            read_capped(stderr, &mut err, output_cap, &killer)
        );
        a || b
    };
    // The payload may close its output and keep running, so the deadline covers the wait as well.
    let deadline = tokio::time::Instant::now() + wall;
    let mut timed_out = false;
    let truncated = match tokio::time::timeout_at(deadline, capture).await {
        Ok(truncated) => truncated,
        Err(_) => {
            timed_out = true;
            false
        }
    };
    let status = match tokio::time::timeout_at(deadline, child.wait()).await {
        Ok(status) => status,
        Err(_) => {
            timed_out = true;
            killer.kill();
            match tokio::time::timeout(REAP_GRACE, child.wait()).await {
                Ok(status) => status,
                Err(_) => {
                    return Err(SandboxError::Unavailable(
                        "the sandbox did not stop after being killed".into(),
                    ));
                }
            }
        }
    }
    .map_err(|e| SandboxError::unavailable("waiting for the sandbox failed", e))?;
    Ok(RawRun {
        stdout: out,
        stderr: err,
        exit_code: exit_code(status),
        elapsed: started.elapsed(),
        timed_out,
        truncated,
    })
}

fn exit_code(status: ExitStatus) -> i32 {
    use std::os::unix::process::ExitStatusExt;
    status
        .code()
        .or_else(|| status.signal().map(|signal| 128 + signal))
        .unwrap_or(-1)
}
