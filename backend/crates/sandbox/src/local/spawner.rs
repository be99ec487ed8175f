//! Starts sandbox commands from one thread that lives as long as the process.
//!
//! bwrap's `--die-with-parent` is `PR_SET_PDEATHSIG`, which fires when the *thread* that forked bwrap exits, not
//! only when the server does. Commands used to be spawned on tokio's blocking pool, whose idle threads retire after
//! ten seconds: every run still going ten seconds after its launch was killed (exit 137), whatever its own limits.
//! Forking from a thread that never retires keeps the protection (the server's death still takes every sandbox
//! down) without that. Launches are milliseconds each, so one thread serves them all in order.

use std::io;
use std::sync::{OnceLock, mpsc};

use tokio::process::{Child, Command};
use tokio::runtime::Handle;
use tokio::sync::oneshot;

struct Launch {
    command: Command,
    /// The caller's runtime: the child's pipes and its reaping belong to it.
    runtime: Handle,
    reply: oneshot::Sender<io::Result<Child>>,
}

/// Spawns `command` from the launcher thread. A caller that gives up before the answer drops the child, which
/// `kill_on_drop` then kills.
pub(crate) async fn spawn(command: Command) -> io::Result<Child> {
    let gone = || io::Error::other("the sandbox launcher thread is not running");
    let sender = launcher().as_ref().ok_or_else(gone)?;
    let (reply, answer) = oneshot::channel();
    sender
        .send(Launch {
            command,
            runtime: Handle::current(),
            reply,
        })
        .map_err(|_| gone())?;
    answer.await.map_err(|_| gone())?
}

fn launcher() -> &'static Option<mpsc::Sender<Launch>> {
    static LAUNCHER: OnceLock<Option<mpsc::Sender<Launch>>> = OnceLock::new();
    LAUNCHER.get_or_init(|| {
        let (sender, launches) = mpsc::channel::<Launch>();
        let started = std::thread::Builder::new()
            .name("sandbox-launcher".into())
            .spawn(move || {
                for mut launch in launches {
                    let _runtime = launch.runtime.enter();
                    let _ = launch.reply.send(launch.command.spawn());
                }
            });
        match started {
            Ok(_) => Some(sender),
            Err(err) => {
                tracing::error!(error = %err, "cannot start the sandbox launcher thread");
                None
            }
        }
    })
}
