//! Cost of scoring: `cargo run --release -p tali-scoring --example bench_scoring`.
//! Scores the synthetic worst-case and typical sessions (`tests/support/synthetic.rs`) and compares
//! the median time of `score()` with the minimal work any scorer must do in the same run: lexing and
//! normalising every line of every snapshot once with the engine's own lexer.

#[path = "../tests/support/synthetic.rs"]
mod synthetic;

use std::hint::black_box;
use std::time::{Duration, Instant};

use tali_scoring::{EngineConfig, SessionRecord, normalise, score};

/// Timed repetitions per measurement; the median is reported.
const RUNS: usize = 11;

/// Median wall time, and median time on a CPU when the OS reports it, in milliseconds.
struct Timing {
    wall_ms: f64,
    cpu_ms: Option<f64>,
}

/// Time this thread has spent running on a CPU (Linux `schedstat`). On a shared machine the wall
/// time includes waiting for a core; this part does not.
fn thread_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns = stat.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(ns))
}

fn median(mut samples: Vec<Duration>) -> f64 {
    samples.sort();
    samples[samples.len() / 2].as_secs_f64() * 1000.0
}

fn measure(mut work: impl FnMut()) -> Timing {
    let (mut wall, mut cpu) = (Vec::new(), Vec::new());
    for _ in 0..RUNS {
        let cpu_before = thread_cpu();
        let started = Instant::now();
        work();
        wall.push(started.elapsed());
        if let (Some(before), Some(after)) = (cpu_before, thread_cpu()) {
            cpu.push(after - before);
        }
    }
    Timing {
        wall_ms: median(wall),
        cpu_ms: (cpu.len() == RUNS).then(|| median(cpu)),
    }
}

/// The lower bound: every snapshot's text through the lexer once, nothing kept.
fn lex_every_snapshot(rec: &SessionRecord) {
    for snap in &rec.snapshots {
        for line in snap.code.lines() {
            black_box(normalise(line));
        }
    }
}

fn main() {
    let cfg = EngineConfig::default();
    for shape in &synthetic::SHAPES {
        let rec = synthetic::session(shape);
        let lines: usize = rec.snapshots.iter().map(|s| s.code.lines().count()).sum();
        let bytes: usize = rec.snapshots.iter().map(|s| s.code.len()).sum();
        let ours = measure(|| {
            black_box(score(black_box(&rec), None, &cfg).expect("synthetic session scores"));
        });
        let limit = measure(|| lex_every_snapshot(black_box(&rec)));
        println!("{} ({})", shape.label, shape.slug);
        println!(
            "  input: {} snapshots, {lines} snapshot lines, {:.1} MB, final file {} lines",
            rec.snapshots.len(),
            bytes as f64 / 1e6,
            rec.final_code.lines().count()
        );
        println!(
            "  wall:   score() median {:7.1} ms   lex-every-snapshot limit median {:6.1} ms   ratio {:.1}x",
            ours.wall_ms,
            limit.wall_ms,
            ours.wall_ms / limit.wall_ms
        );
        if let (Some(ours_cpu), Some(limit_cpu)) = (ours.cpu_ms, limit.cpu_ms) {
            println!(
                "  on CPU: score() median {ours_cpu:7.1} ms   lex-every-snapshot limit median {limit_cpu:6.1} ms   ratio {:.1}x",
                ours_cpu / limit_cpu
            );
        }
    }
}
