//! The root `.env.example` lists exactly the settings the binary reads, so an operator never misses one.

use std::path::Path;

/// The setting names the config module reads: every string literal of its sources shaped like one.
fn settings_read_by_config() -> std::collections::BTreeSet<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/config");
    let mut names = std::collections::BTreeSet::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        // The tests (`tests/`, `*tests.rs`) name settings to set, not settings the binary reads.
        if path.is_dir() || path.to_string_lossy().ends_with("tests.rs") {
            continue;
        }
        let source = std::fs::read_to_string(&path).unwrap();
        // Split on quotes, every second piece is inside a string literal.
        for literal in source.split('"').skip(1).step_by(2) {
            if is_setting_name(literal) {
                names.insert(literal.to_string());
            }
        }
    }
    names
}

fn is_setting_name(s: &str) -> bool {
    s.contains('_')
        && s.starts_with(|c: char| c.is_ascii_uppercase())
        && s.chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

/// The names `.env.example` at the repository root sets or shows commented out (`# NAME=`).
fn settings_in_env_example() -> std::collections::BTreeSet<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../.env.example");
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter_map(|line| line.trim_start_matches(['#', ' ']).split_once('='))
        .map(|(name, _)| name.trim().to_string())
        .filter(|name| is_setting_name(name))
        .collect()
}

#[test]
fn env_example_lists_exactly_the_settings_the_binary_reads() {
    let read = settings_read_by_config();
    let listed = settings_in_env_example();
    assert!(read.len() > 40, "the scan found too few settings: {read:?}");
    let missing: Vec<_> = read.difference(&listed).collect();
    let unknown: Vec<_> = listed.difference(&read).collect();
    assert!(
        missing.is_empty() && unknown.is_empty(),
        "root .env.example is out of step with src/config: missing {missing:?}, read by nothing {unknown:?}"
    );
}
