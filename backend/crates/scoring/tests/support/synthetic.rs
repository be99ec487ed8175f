//! Deterministic synthetic sessions for the benchmark (`examples/bench.rs`) and the golden-output
//! test (`tests/golden.rs`): a 3-hour worst case and a typical 45-minute session. A small LCG seeds
//! every choice, so every build generates byte-identical records.
//!
//! The session imitates a candidate growing a Python file: a few typed lines per 15-s snapshot,
//! small edits to earlier lines, AI replies adopted verbatim, retyped with edits or only read,
//! pastes of AI text, of their own code and of outside text, runs and visible-test runs that fail
//! with tracebacks into real functions until late in the session, and focus losses.

use tali_scoring::{
    CodeRun, Exchange, FocusInterval, HiddenResults, LintFinding, LintReport, Paste, RunOutcome,
    SessionRecord, Snapshot, TaskSpec, TestOutcome, TestResult, TestRun,
};

/// The size of one synthetic session.
pub struct Shape {
    /// File stem of its expected report under `tests/fixtures/expected/`.
    pub slug: &'static str,
    pub label: &'static str,
    limit_ms: u64,
    snapshots: usize,
    final_lines: usize,
    exchanges: usize,
    pastes: usize,
    runs: usize,
    focus: usize,
    seed: u64,
}

pub const SHAPES: [Shape; 2] = [
    Shape {
        slug: "synthetic_worst_case",
        label: "worst case: 3 h, 720 snapshots, 400 lines",
        limit_ms: 3 * 3_600_000,
        snapshots: 720,
        final_lines: 400,
        exchanges: 60,
        pastes: 40,
        runs: 150,
        focus: 24,
        seed: 7,
    },
    Shape {
        slug: "synthetic_typical",
        label: "typical: 45 min, 180 snapshots, 150 lines",
        limit_ms: 45 * 60_000,
        snapshots: 180,
        final_lines: 150,
        exchanges: 15,
        pastes: 10,
        runs: 40,
        focus: 6,
        seed: 11,
    },
];

const SNAPSHOT_EVERY_MS: u64 = 15_000;
const STARTER_FUNCTIONS: usize = 4;
const STARTER_BODY_LINES: usize = 5;
/// A function this long gets no more lines; the candidate starts a new one.
const MAX_BODY_LINES: usize = 24;
const VISIBLE_TESTS: usize = 6;
const HIDDEN_TESTS: usize = 8;
/// Share of the session during which runs still fail.
const FAILING_SHARE: f64 = 0.7;
/// One interval in which the candidate "types" far more than a person can (a burst flag).
const BURST_LINES: usize = 30;

/// Knuth's MMIX LCG; the high bits are good enough for picking lines and constants.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % n.max(1) as u64) as usize
    }
}

struct Function {
    name: String,
    body: Vec<String>,
}

/// The candidate's file as functions of body lines; rendering gives the code and line numbers.
struct Program {
    functions: Vec<Function>,
    /// Counter that keeps every typed line distinct.
    typed: usize,
}

impl Program {
    fn starter(rng: &mut Lcg) -> Self {
        let mut p = Program {
            functions: Vec::new(),
            typed: 0,
        };
        for _ in 0..STARTER_FUNCTIONS {
            p.new_function();
            for _ in 0..STARTER_BODY_LINES {
                let line = p.typed_line(rng);
                p.functions.last_mut().expect("just added").body.push(line);
            }
        }
        p
    }

    fn new_function(&mut self) {
        let name = format!("step_{}", self.functions.len());
        self.functions.push(Function {
            name,
            body: Vec::new(),
        });
    }

    fn typed_line(&mut self, rng: &mut Lcg) -> String {
        self.typed += 1;
        format!(
            "v{} = a * {} + b - {}",
            self.typed,
            rng.below(90) + 2,
            rng.below(50)
        )
    }

    /// Inserts lines at a random place of a random function with room, or of a new function.
    fn insert(&mut self, rng: &mut Lcg, lines: Vec<String>) {
        let mut f = rng.below(self.functions.len());
        if self.functions[f].body.len() >= MAX_BODY_LINES {
            self.new_function();
            f = self.functions.len() - 1;
        }
        let body = &mut self.functions[f].body;
        let at = rng.below(body.len() + 1);
        body.splice(at..at, lines);
    }

    /// Replaces one existing line with a fresh typed one (a small edit).
    fn edit(&mut self, rng: &mut Lcg) {
        let f = rng.below(self.functions.len());
        if self.functions[f].body.is_empty() {
            return;
        }
        let row = rng.below(self.functions[f].body.len());
        let line = self.typed_line(rng);
        self.functions[f].body[row] = line;
    }

    fn line_count(&self) -> usize {
        2 + self
            .functions
            .iter()
            .map(|f| f.body.len() + 4)
            .sum::<usize>()
    }

    fn render(&self) -> String {
        let mut out = String::from("import math\n\n");
        for f in &self.functions {
            out.push_str(&format!("def {}(a, b):\n", f.name));
            for line in &f.body {
                out.push_str(&format!("    {line}\n"));
            }
            out.push_str("    return a + b  # result\n\n\n");
        }
        out
    }

    /// 1-based line number of a function's `def`.
    fn def_line(&self, f: usize) -> usize {
        3 + self.functions[..f]
            .iter()
            .map(|f| f.body.len() + 4)
            .sum::<usize>()
    }

    /// Three consecutive existing lines, for pasting one's own code elsewhere.
    fn some_lines(&self, rng: &mut Lcg) -> Vec<String> {
        let f = &self.functions[rng.below(self.functions.len())];
        let start = rng.below(f.body.len().saturating_sub(2).max(1));
        f.body.iter().skip(start).take(3).cloned().collect()
    }
}

/// FNV-1a as the snapshot hash; any stable hash of the code would do.
fn hash(code: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in code.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// Evenly spreads `n` events over `steps` snapshot steps.
fn spread(n: usize, steps: usize) -> impl Iterator<Item = usize> {
    (0..n).map(move |i| i * steps / n.max(1))
}

/// A reply's code block: 4 to 16 lines, like a helper or a rewritten function.
fn ai_block(e: usize, rng: &mut Lcg) -> Vec<String> {
    let lines = 4 + rng.below(13);
    (0..lines)
        .map(|j| format!("w{e}_{j} = math.floor(a / {}) + b", rng.below(40) + 2))
        .collect()
}

fn prompt(e: usize, function: &str) -> String {
    match e % 5 {
        0 => format!(
            "I think {function} fails because the KeyError comes from a missing key; first check the input, then fix {function}."
        ),
        1 => format!("Why does {function} return the wrong total when the list is empty?"),
        2 => "fix it".to_string(),
        3 => format!("Can you write a helper for {function} that handles None input?"),
        _ => format!(
            "Expected {function} to give 3 but got 4 instead; I tried swapping the arguments."
        ),
    }
}

/// What the candidate does with an AI reply's block.
#[derive(Clone, Copy)]
enum Uptake {
    Verbatim,
    /// Retyped with a small change to every line.
    Edited,
    /// Read only.
    Ignored,
}

fn uptake(e: usize) -> Uptake {
    match e % 8 {
        0 => Uptake::Verbatim,
        4 => Uptake::Edited,
        _ => Uptake::Ignored,
    }
}

/// The session of one shape; the same shape always gives the same bytes.
pub fn session(shape: &Shape) -> SessionRecord {
    let mut rng = Lcg(shape.seed);
    let mut program = Program::starter(&mut rng);
    let starter_code = program.render();
    let starter_lines = program.line_count();
    let steps = shape.snapshots;
    let exchange_steps: Vec<usize> = spread(shape.exchanges, steps).collect();
    let paste_steps: Vec<usize> = spread(shape.pastes, steps).map(|s| s + 1).collect();
    let mut run_steps: Vec<usize> = spread(shape.runs, steps).map(|s| s + 2).collect();
    // Every tenth run repeats the one before it on unchanged code.
    for r in (9..run_steps.len()).step_by(10) {
        run_steps[r] = run_steps[r - 1];
    }
    let focus_steps: Vec<usize> = spread(shape.focus, steps).map(|s| s + 3).collect();
    let burst_step = steps / 2 + 1;

    let mut rec = SessionRecord {
        task: TaskSpec {
            description: "Extend the step functions so the totals come out right.".into(),
            time_limit_ms: shape.limit_ms,
            test_weights: Default::default(),
            signal_weights: None,
            ai_required: false,
            ai_disabled: false,
            reference_fix_lines: 40,
            token_budget: None,
        },
        starter_code,
        snapshots: Vec::new(),
        pastes: Vec::new(),
        focus: Vec::new(),
        runs: Vec::new(),
        test_runs: Vec::new(),
        exchanges: Vec::new(),
        final_code: String::new(),
        submitted_ms: 0,
        hidden: HiddenResults::Graded {
            results: (0..HIDDEN_TESTS)
                .map(|i| TestResult {
                    name: format!("test_hidden_{i}"),
                    outcome: if i == 0 {
                        TestOutcome::Failed
                    } else {
                        TestOutcome::Passed
                    },
                    message: String::new(),
                })
                .collect(),
            run_error: None,
        },
        lint: None,
        heartbeats: Vec::new(),
    };
    // AI blocks waiting to be taken into the code at the next snapshot.
    let mut pending: Vec<(usize, Vec<String>)> = Vec::new();
    let mut blocks: Vec<Vec<String>> = Vec::new();
    let mut code = rec.starter_code.clone();
    let mut snap_hash = String::new();

    for step in 0..steps {
        let t = (step as u64 + 1) * SNAPSHOT_EVERY_MS;
        for (e, block) in pending.drain(..) {
            let lines = match uptake(e) {
                Uptake::Verbatim => block,
                Uptake::Edited => block.iter().map(|l| format!("{l} + 1")).collect(),
                Uptake::Ignored => continue,
            };
            program.insert(&mut rng, lines);
        }
        if paste_steps.contains(&step) {
            let i = rec.pastes.len();
            let lines = match i % 3 {
                0 if !blocks.is_empty() => blocks[rng.below(blocks.len())]
                    .iter()
                    .take(3)
                    .cloned()
                    .collect(),
                1 => program.some_lines(&mut rng),
                _ => (0..6)
                    .map(|j| {
                        format!(
                            "x{i}_{j} = fetch_remote(a, \"{:08x}\") * {j}",
                            rng.below(1 << 30)
                        )
                    })
                    .collect(),
            };
            let text = lines.join("\n");
            rec.pastes.push(Paste {
                t_ms: t - 4_000,
                chars: text.len() as u64,
                text,
            });
            program.insert(&mut rng, lines);
        }
        if step == burst_step {
            let lines = (0..BURST_LINES)
                .map(|_| program.typed_line(&mut rng))
                .collect();
            program.insert(&mut rng, lines);
        }
        let wanted = starter_lines + (shape.final_lines - starter_lines) * (step + 1) / steps;
        while program.line_count() < wanted {
            let line = program.typed_line(&mut rng);
            program.insert(&mut rng, vec![line]);
        }
        // Every 20th snapshot repeats the code (the candidate paused).
        if step % 20 != 19 && rng.below(10) < 7 {
            program.edit(&mut rng);
        }
        if step % 20 != 19 {
            code = program.render();
            snap_hash = hash(&code);
        }
        rec.snapshots.push(Snapshot {
            seq: step as u64 + 1,
            t_ms: t,
            hash: snap_hash.clone(),
            code: code.clone(),
        });

        if let Some(e) = exchange_steps.iter().position(|s| *s == step) {
            let f = rng.below(program.functions.len());
            let name = program.functions[f].name.clone();
            let block = ai_block(e, &mut rng);
            let t_prompt = t + 2_000;
            rec.exchanges.push(Exchange {
                id: e as u64 + 1,
                prompt: prompt(e, &name),
                reply: format!(
                    "Here is a version of {name}:\n```python\n{}\n```\nThis keeps {name} small.",
                    block.join("\n")
                ),
                t_prompt_ms: t_prompt,
                t_reply_ms: t_prompt + 8_000,
                tokens_in: 800,
                tokens_out: 400,
                code_hash: snap_hash.clone(),
            });
            blocks.push(block.clone());
            pending.push((e, block));
        }
        for (r, _) in run_steps.iter().enumerate().filter(|(_, s)| **s == step) {
            add_run(&mut rec, &program, &mut rng, r, shape, t, &snap_hash);
        }
        if focus_steps.contains(&step) {
            let i = rec.focus.len();
            let away_ms = [3_000, 8_000, 15_000, 70_000, 4_000, 200_000][i % 6];
            rec.focus.push(FocusInterval {
                lost_ms: t + 1_000,
                regained_ms: t + 1_000 + away_ms,
            });
        }
    }

    rec.final_code = code;
    rec.submitted_ms = steps as u64 * SNAPSHOT_EVERY_MS + 5_000;
    let lines = rec.final_code.lines().count() as u32;
    rec.lint = Some(LintReport {
        parses: true,
        findings: [lines / 3, lines / 2, lines - 5]
            .map(|line| LintFinding {
                code: "F841".into(),
                line,
                message: "local variable is assigned to but never used".into(),
            })
            .into(),
    });
    rec
}

/// Run `r`: code and test runs alternate; they fail with a traceback into a real function until
/// late in the session.
fn add_run(
    rec: &mut SessionRecord,
    program: &Program,
    rng: &mut Lcg,
    r: usize,
    shape: &Shape,
    t: u64,
    snap_hash: &str,
) {
    let id = r as u64 + 1;
    let t_ms = t + 3_000 + if r % 10 == 9 { 1_000 } else { 0 };
    let progress = r as f64 / shape.runs as f64;
    let failing = progress < FAILING_SHARE;
    let f = rng.below(program.functions.len());
    let name = &program.functions[f].name;
    if r.is_multiple_of(2) {
        let output_excerpt = if failing {
            format!(
                "Traceback (most recent call last):\n  File \"solution.py\", line {}, in {name}\n    v = a * b\nKeyError: 'total'",
                program.def_line(f) + 2
            )
        } else {
            "3\n".into()
        };
        rec.runs.push(CodeRun {
            id,
            t_ms,
            hash: snap_hash.to_string(),
            outcome: if failing {
                RunOutcome::Error
            } else {
                RunOutcome::Ok
            },
            duration_ms: 120,
            output_excerpt,
        });
    } else {
        let passing = if failing {
            1 + (progress / FAILING_SHARE * (VISIBLE_TESTS - 2) as f64) as usize
        } else {
            VISIBLE_TESTS
        };
        rec.test_runs.push(TestRun {
            id,
            t_ms,
            hash: snap_hash.to_string(),
            results: (0..VISIBLE_TESTS)
                .map(|i| {
                    let passed = i < passing;
                    TestResult {
                        name: format!("test_case_{i}"),
                        outcome: if passed {
                            TestOutcome::Passed
                        } else {
                            TestOutcome::Failed
                        },
                        message: if passed {
                            String::new()
                        } else {
                            format!("AssertionError: {name} returned 4, expected 3")
                        },
                    }
                })
                .collect(),
        });
    }
}
