//! Just enough Python structure: where functions are, which names a traceback points at, and
//! which names a session's code and tests define.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use regex::Regex;

/// A function definition and the rows (0-based, inclusive) its body spans.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionSpan {
    pub name: String,
    pub first_row: usize,
    pub last_row: usize,
}

static DEF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\s*)(?:async\s+)?def\s+([A-Za-z_]\w*)\s*\(").expect("valid regex")
});
static CLASS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*class\s+([A-Za-z_]\w*)").expect("valid regex"));
/// `File "x.py", line 12, in func`
static FRAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"File "([^"]+)", line (\d+)(?:, in ([A-Za-z_<>]\w*>?))?"#).expect("valid regex")
});
/// pytest short form `x.py:12: in func` or `x.py:12: AssertionError`
static SHORT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([\w./-]+\.py):(\d+)(?::\s*in\s+([A-Za-z_]\w*))?").expect("valid regex")
});
static PY_FILE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b[\w-]+\.py\b").expect("valid regex"));

/// Every function in a code text with the rows of its body (the def line through the last line
/// indented deeper than it).
pub fn functions(code: &str) -> Vec<FunctionSpan> {
    let lines: Vec<&str> = code.lines().collect();
    let indent = |l: &str| l.len() - l.trim_start().len();
    let mut out = Vec::new();
    for (row, line) in lines.iter().enumerate() {
        // A plain substring test first: most lines are not definitions and captures are costly.
        let Some(caps) = line.contains("def").then(|| DEF.captures(line)).flatten() else {
            continue;
        };
        let def_indent = caps[1].len();
        let mut last = row;
        for (r, l) in lines.iter().enumerate().skip(row + 1) {
            if l.trim().is_empty() {
                continue;
            }
            if indent(l) <= def_indent {
                break;
            }
            last = r;
        }
        out.push(FunctionSpan {
            name: caps[2].to_string(),
            first_row: row,
            last_row: last,
        });
    }
    out
}

/// Function and class names a code text defines.
pub fn defined_names(code: &str) -> BTreeSet<String> {
    code.lines()
        // Plain substring tests first: most lines define nothing and captures are costly.
        .filter(|l| l.contains("def") || l.contains("class"))
        .filter_map(|l| {
            DEF.captures(l)
                .map(|c| c[2].to_string())
                .or_else(|| CLASS.captures(l).map(|c| c[1].to_string()))
        })
        .collect()
}

/// Where a failure output points into the candidate's code.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FailurePointers {
    /// 1-based line numbers in the candidate's file.
    pub lines: BTreeSet<usize>,
    /// Functions named in the traceback that the candidate's code defines.
    pub functions: BTreeSet<String>,
}

/// Frames in test files or installed packages are not the candidate's code.
fn is_candidate_file(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or(path);
    !(file.starts_with("test_")
        || file.ends_with("_test.py")
        || path.contains("site-packages")
        || path.starts_with('<'))
}

/// Reads `file:line` and `in function` pointers from a traceback or pytest output.
pub fn failure_pointers(output: &str, code: &str) -> FailurePointers {
    let defined = defined_names(code);
    let mut p = FailurePointers::default();
    let mut note = |file: &str, line: &str, func: Option<&str>| {
        if !is_candidate_file(file) {
            return;
        }
        if let Ok(n) = line.parse::<usize>() {
            p.lines.insert(n);
        }
        if let Some(f) = func.filter(|f| defined.contains(*f)) {
            p.functions.insert(f.to_string());
        }
    };
    for c in FRAME.captures_iter(output) {
        note(&c[1], &c[2], c.get(3).map(|m| m.as_str()));
    }
    for c in SHORT.captures_iter(output) {
        note(&c[1], &c[2], c.get(3).map(|m| m.as_str()));
    }
    // A test's failure message often names the function under test without a frame for it.
    for name in crate::text::lexer::identifiers(output) {
        if defined.contains(name) {
            p.functions.insert(name.to_string());
        }
    }
    p
}

/// File names (`something.py`) mentioned in a text.
pub fn file_names(text: &str) -> BTreeSet<String> {
    PY_FILE
        .find_iter(text)
        .map(|m| m.as_str().to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const CODE: &str = "import math\n\ndef area(r):\n    if r < 0:\n        raise ValueError\n\n    return math.pi * r * r\n\nclass Shape:\n    def size(self):\n        return 1\nx = area(2)\n";

    #[test]
    fn finds_function_bodies() {
        let f = functions(CODE);
        assert_eq!(
            f[0],
            FunctionSpan {
                name: "area".into(),
                first_row: 2,
                last_row: 6
            }
        );
        assert_eq!(
            f[1],
            FunctionSpan {
                name: "size".into(),
                first_row: 9,
                last_row: 10
            }
        );
        assert_eq!(
            defined_names(CODE),
            BTreeSet::from(["area".to_string(), "Shape".into(), "size".into()])
        );
    }

    #[test]
    fn reads_candidate_frames_and_skips_tests() {
        let out = "Traceback (most recent call last):\n  File \"/work/test_geo.py\", line 9, in test_area\n    assert area(-1)\n  File \"/work/solution.py\", line 5, in area\n    raise ValueError\nValueError";
        let p = failure_pointers(out, CODE);
        assert_eq!(p.lines, BTreeSet::from([5]));
        assert_eq!(p.functions, BTreeSet::from(["area".to_string()]));
        let short = failure_pointers("solution.py:7: in size\nE   AssertionError", CODE);
        assert_eq!(short.lines, BTreeSet::from([7]));
        assert!(short.functions.contains("size"));
    }
}
