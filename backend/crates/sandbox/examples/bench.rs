//! Cost of the local sandbox: `cargo run --release --example bench` (as root, after setup.sh).
//! Compares `print(1)` and a 5-test pytest run through the service with bare bwrap and bare python, and measures
//! concurrent 100 ms CPU tasks per second against the ideal for this machine's cores.

use std::process::Command;
use std::time::{Duration, Instant};

use tali_sandbox::{CreateSpec, SandboxService, SandboxSettings};

const RUNS: usize = 20;
const PYTEST_FIVE: &str = "def test_1(): pass\ndef test_2(): pass\ndef test_3(): pass\ndef test_4(): pass\ndef test_5(): pass\n";
const CPU_TASK: &str =
    "import time\nend = time.process_time() + 0.1\nwhile time.process_time() < end:\n    pass\n";

/// Minimum and median of `RUNS` timings, in milliseconds.
fn stats(mut samples: Vec<Duration>) -> (f64, f64) {
    samples.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    (ms(samples[0]), ms(samples[samples.len() / 2]))
}

fn time_command(program: &str, args: &[&str], dir: &std::path::Path) -> (f64, f64) {
    time_runs(|| {
        let mut cmd = Command::new(program);
        cmd.args(args).current_dir(dir);
        (cmd, ())
    })
}

/// Times `RUNS` runs of the command `make` builds, each of which must succeed; what `make` returns beside the
/// command (an open descriptor the command names) is kept until its run ends.
fn time_runs<G>(mut make: impl FnMut() -> (Command, G)) -> (f64, f64) {
    let samples = (0..RUNS)
        .map(|_| {
            let (mut cmd, _kept) = make();
            let started = Instant::now();
            let output = cmd.output().expect("spawn");
            assert!(output.status.success(), "{cmd:?} failed: {output:?}");
            started.elapsed()
        })
        .collect();
    stats(samples)
}

/// One timing line, with its minimum as a ratio of each baseline's minimum.
fn report(label: &str, (min, median): (f64, f64), baselines: &[(&str, (f64, f64))]) {
    let ratios: Vec<String> = baselines
        .iter()
        .map(|(name, (base_min, _))| format!("{:.2}x {name}", min / base_min))
        .collect();
    println!(
        "{label:<34} min {min:7.1} ms  median {median:7.1} ms  {}",
        ratios.join(", ")
    );
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let settings = SandboxSettings::default();
    let venv_python = settings
        .runtime_dir
        .join("venv/bin/python3")
        .display()
        .to_string();
    let service = SandboxService::new(settings.clone()).await?;
    let spec = || CreateSpec {
        assessment_id: 1,
        organization_id: 1,
        lifetime: Duration::from_secs(600),
        files: vec![],
    };
    let handle = service.create_sandbox(spec()).await?;

    let scratch = std::env::temp_dir().join("tali-sandbox-bench");
    std::fs::create_dir_all(&scratch)?;
    std::fs::write(scratch.join("test_five.py"), PYTEST_FIVE)?;

    let bare = time_command(&venv_python, &["-c", "print(1)"], &scratch);
    report("print(1): bare python", bare, &[]);
    let bwrap_args = [
        "--unshare-all",
        "--die-with-parent",
        "--ro-bind",
        "/",
        "/",
        "--",
        &venv_python,
        "-c",
        "print(1)",
    ];
    let bwrap = time_command("bwrap", &bwrap_args, &scratch);
    report("print(1): bare bwrap", bwrap, &[("bare python", bare)]);
    // The service's own bwrap command line, with all its isolation, run bare: what the service adds around it is
    // the workspace write, the run's cgroups, the launch's limits and uid drop, and the output handling.
    let isolated = time_runs(|| {
        service
            .bare_local_command(&handle, &["python3", "-c", "print(1)"])
            .expect("the bench uses the local provider")
            .expect("the sandbox exists")
    });
    report(
        "print(1): bwrap, service's flags",
        isolated,
        &[("bare python", bare), ("minimal bare bwrap", bwrap)],
    );
    let mut samples = Vec::new();
    for _ in 0..RUNS {
        let started = Instant::now();
        service.execute_code(&handle, "print(1)").await?;
        samples.push(started.elapsed());
    }
    report(
        "print(1): service",
        stats(samples),
        &[
            ("bare python", bare),
            ("minimal bare bwrap", bwrap),
            (
                "bare bwrap with the service's flags (target <= 1.25x)",
                isolated,
            ),
        ],
    );

    let bare = time_command(
        &venv_python,
        &[
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "test_five.py",
        ],
        &scratch,
    );
    report("pytest 5 tests: bare python", bare, &[]);
    let mut samples = Vec::new();
    for _ in 0..RUNS {
        let started = Instant::now();
        let tests = service
            .run_tests(&handle, "test_five.py", PYTEST_FIVE, "")
            .await?;
        assert_eq!(tests.tests_passed, 5);
        samples.push(started.elapsed());
    }
    report(
        "pytest 5 tests: service",
        stats(samples),
        &[("bare python", bare)],
    );

    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let mut handles = Vec::new();
    for _ in 0..cores * 2 {
        handles.push(service.create_sandbox(spec()).await?);
    }
    let window = Duration::from_secs(10);
    let started = Instant::now();
    let workers = handles.iter().map(|h| {
        let service = service.clone();
        async move {
            let (mut done, mut failed) = (0u32, 0u32);
            while started.elapsed() < window {
                // A busy queue, a timeout or a crash is a failed run; the bench counts them rather than stopping.
                match service.execute_code(h, CPU_TASK).await {
                    Ok(run) if run.exit_code == 0 && !run.timed_out => done += 1,
                    _ => failed += 1,
                }
            }
            (done, failed)
        }
    });
    let (total, failed) = futures_util::future::join_all(workers)
        .await
        .into_iter()
        .fold((0u32, 0u32), |(d, f), (done, failed)| {
            (d + done, f + failed)
        });
    let rate = f64::from(total) / started.elapsed().as_secs_f64();
    let ideal = cores as f64 / 0.1;
    println!(
        "concurrent 100 ms CPU tasks: {rate:.1}/s vs {ideal:.0}/s ideal on {cores} cores ({:.0}%, target >= 80%), \
         {failed} failed runs",
        100.0 * rate / ideal
    );

    for h in handles.iter().chain([&handle]) {
        service.close_sandbox(h).await?;
    }
    std::fs::remove_dir_all(&scratch)?;
    Ok(())
}
