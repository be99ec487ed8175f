//! Golden outputs: the full serialized report of the five persona fixtures and the benchmark's
//! synthetic sessions must stay byte-identical, so a speed-up cannot change any result unnoticed.
//! After an intended change of behaviour, regenerate the files with
//! `TALI_BLESS=1 cargo test -p tali-scoring --test golden` and review the diff.

#[path = "support/synthetic.rs"]
mod synthetic;

use std::path::PathBuf;

use tali_scoring::{EngineConfig, SessionRecord, score};

/// The persona sessions and the regression fixtures of bug reports.
const PERSONAS: [&str; 8] = [
    "a_verifier",
    "b_paster",
    "c_flailer",
    "d_no_ai_expert",
    "e_outside_copy",
    "f_targeted_prompter",
    "g_undoer",
    "issue22_undone_insert",
];

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn report_json(rec: &SessionRecord) -> String {
    let report = score(rec, None, &EngineConfig::default()).expect("session scores");
    serde_json::to_string_pretty(&report).expect("report serializes") + "\n"
}

fn check(name: &str, rec: &SessionRecord) {
    let path = fixtures().join("expected").join(format!("{name}.json"));
    let got = report_json(rec);
    if std::env::var_os("TALI_BLESS").is_some() {
        std::fs::write(&path, &got).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        return;
    }
    let want = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(
        got == want,
        "{name}: the report differs from {}; rerun with TALI_BLESS=1 and diff it if the change is intended",
        path.display()
    );
}

#[test]
fn persona_reports_are_unchanged() {
    for name in PERSONAS {
        let path = fixtures().join(format!("{name}.json"));
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let rec: SessionRecord = serde_json::from_str(&text).expect("valid fixture");
        check(name, &rec);
    }
}

#[test]
fn synthetic_reports_are_unchanged() {
    for shape in &synthetic::SHAPES {
        let rec = synthetic::session(shape);
        assert!(!rec.snapshots.is_empty(), "{}: no snapshots", shape.label);
        check(shape.slug, &rec);
    }
}
