//! The pool's slots served in turn, with real sandboxed runs: with one slot, a candidate who has five runs queued
//! behind the one in flight does not hold up another candidate, whose run is served as soon as the run in flight
//! ends (its own execution time plus one slot), not after the five. Asserts the order runs end in, not timings.
//! Skipped (with the reason printed) only when bubblewrap cannot run on this host.

use std::process::Command;
use std::time::Duration;

use tali_sandbox::{CreateSpec, Limits, SandboxHandle, SandboxService, SandboxSettings};
use tokio::sync::mpsc;

const RUN: &str = "import time\ntime.sleep(0.3)\nprint('done')\n";
/// The first run holds the one slot while the others queue (milliseconds: a queued run writes its code only once it
/// holds a slot): if it ended first, a queued run would take the slot and the count of waiting runs the test steps
/// through would never be reached.
const HOLD: &str = "import time\ntime.sleep(3)\nprint('done')\n";

fn bwrap_unusable() -> Option<String> {
    match Command::new("bwrap")
        .args(["--unshare-all", "--ro-bind", "/", "/", "true"])
        .output()
    {
        Err(err) => Some(format!("bwrap is not installed ({err})")),
        Ok(out) if !out.status.success() => Some(String::from_utf8_lossy(&out.stderr).into()),
        Ok(_) => None,
    }
}

async fn sandbox(service: &SandboxService, assessment_id: i64) -> SandboxHandle {
    service
        .create_sandbox(CreateSpec {
            assessment_id,
            organization_id: 1,
            lifetime: Duration::from_secs(600),
            files: Vec::new(),
        })
        .await
        .expect("create sandbox")
}

fn run(
    service: &SandboxService,
    handle: &SandboxHandle,
    label: &'static str,
    ended: &mpsc::UnboundedSender<&'static str>,
) {
    run_code(service, handle, RUN, label, ended)
}

fn run_code(
    service: &SandboxService,
    handle: &SandboxHandle,
    code: &'static str,
    label: &'static str,
    ended: &mpsc::UnboundedSender<&'static str>,
) {
    let (service, handle, ended) = (service.clone(), handle.clone(), ended.clone());
    tokio::spawn(async move {
        let result = service.execute_code(&handle, code).await.expect("run");
        assert_eq!(result.stdout, "done\n", "{result:?}");
        ended.send(label).unwrap();
    });
}

/// Waits until `n` runs queue; a generous bound turns a lost race into a failure instead of a hang.
async fn until_waiting(service: &SandboxService, n: usize) {
    let waited = tokio::time::timeout(Duration::from_secs(60), async {
        while service.runs_waiting() != n {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    })
    .await;
    assert!(
        waited.is_ok(),
        "{} runs waiting, never {n}",
        service.runs_waiting()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_spamming_candidate_does_not_starve_another() {
    if let Some(reason) = bwrap_unusable() {
        eprintln!("SKIPPED: {reason}");
        return;
    }
    let settings = SandboxSettings {
        workspaces_dir: std::env::temp_dir().join("tali-sandbox-turns-workspaces"),
        max_concurrent_runs: 1,
        // Long enough that no queued run gives up on a loaded machine: the test is about order, not time.
        queue_wait: Duration::from_secs(120),
        limits: Limits {
            wall_run: Duration::from_secs(30),
            ..Limits::default()
        },
        ..SandboxSettings::default()
    };
    let service = SandboxService::new(settings)
        .await
        .expect("sandbox preflight");
    let spammer = sandbox(&service, 1).await;
    let other = sandbox(&service, 2).await;
    let (ended, mut order) = mpsc::unbounded_channel();

    // The spammer: one run takes the slot, five more queue behind it.
    run_code(&service, &spammer, HOLD, "spam", &ended);
    run(&service, &spammer, "spam", &ended);
    until_waiting(&service, 1).await;
    for queued in 2..=5 {
        run(&service, &spammer, "spam", &ended);
        until_waiting(&service, queued).await;
    }
    // The other candidate clicks Run once.
    run(&service, &other, "other", &ended);
    until_waiting(&service, 6).await;

    // A run that fails panics in its task and never reports: bounded, so that is a failure rather than a hang.
    let mut ends = Vec::new();
    for _ in 0..7 {
        match tokio::time::timeout(Duration::from_secs(120), order.recv()).await {
            Ok(Some(label)) => ends.push(label),
            _ => panic!("a run never ended (it failed in its task); ended so far: {ends:?}"),
        }
    }
    // First come, first served would end it seventh, after every queued run of the spammer.
    assert_eq!(
        ends,
        ["spam", "other", "spam", "spam", "spam", "spam", "spam"]
    );
    for handle in [&spammer, &other] {
        service.close_sandbox(handle).await.unwrap();
    }
}
