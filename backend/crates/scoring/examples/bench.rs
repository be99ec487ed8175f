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

fn median_ms(mut work: impl FnMut()) -> f64 {
    let mut samples: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let started = Instant::now();
            work();
            started.elapsed()
        })
        .collect();
    samples.sort();
    samples[RUNS / 2].as_secs_f64() * 1000.0
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
        let ours = median_ms(|| {
            black_box(score(black_box(&rec), None, &cfg).expect("synthetic session scores"));
        });
        let limit = median_ms(|| lex_every_snapshot(black_box(&rec)));
        println!("{} ({})", shape.label, shape.slug);
        println!(
            "  input: {} snapshots, {lines} snapshot lines, {:.1} MB, final file {} lines",
            rec.snapshots.len(),
            bytes as f64 / 1e6,
            rec.final_code.lines().count()
        );
        println!(
            "  score() median {ours:8.1} ms   lex-every-snapshot limit median {limit:6.1} ms   ratio {:.1}x",
            ours / limit
        );
    }
}
