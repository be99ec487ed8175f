//! Why a test run produced no per-test results, in one line a recruiter or a task author can read: the
//! exception, the line of `solution.py` it points at, and its message, with host paths cut to file names.

use std::fmt;

use crate::types::TestReport;

/// The reason a suite could not run (syntax or import error, an exit at import, a timeout).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunFailure {
    /// The exception's name, e.g. `SyntaxError`, when pytest's output names one.
    pub exception: Option<String>,
    /// The exception's message, host paths removed.
    pub message: String,
    /// The line of `solution.py` the traceback points at.
    pub line: Option<u32>,
    pub timed_out: bool,
}

impl TestReport {
    /// Why this run has no results of its own, or `None` when the tests ran.
    pub fn failure(&self) -> Option<RunFailure> {
        let error = self.collection_error.as_deref()?;
        if self.timed_out {
            return Some(RunFailure {
                exception: None,
                message: error.lines().next().unwrap_or_default().to_string(),
                line: None,
                timed_out: true,
            });
        }
        let last_exception = |text: &str| text.lines().rev().find_map(|l| exception_line(clean(l)));
        let exception = last_exception(error).or_else(|| last_exception(&self.stdout));
        Some(RunFailure {
            line: solution_line(error).or_else(|| solution_line(&self.stdout)),
            message: match &exception {
                Some((_, message)) => without_dirs(message),
                None => without_dirs(error.lines().next().unwrap_or_default()),
            },
            exception: exception.map(|(name, _)| name),
            timed_out: false,
        })
    }
}

impl fmt::Display for RunFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.timed_out {
            return write!(f, "{} (an endless loop or a blocking call?)", self.message);
        }
        let Some(name) = &self.exception else {
            return f.write_str(&self.message);
        };
        write!(f, "{name}")?;
        if let Some(line) = self.line {
            write!(f, " at line {line} of solution.py")?;
        }
        if !self.message.is_empty() {
            write!(f, ": {}", self.message)?;
        }
        Ok(())
    }
}

/// A traceback line without pytest's `E ` and `INTERNALERROR> ` prefixes.
fn clean(line: &str) -> &str {
    let line = line.trim();
    let line = line.strip_prefix("INTERNALERROR>").unwrap_or(line).trim();
    match line.strip_prefix("E ") {
        Some(rest) => rest.trim(),
        None => line,
    }
}

/// `SyntaxError: invalid syntax` → (`SyntaxError`, `invalid syntax`); also a bare `SystemExit`.
fn exception_line(line: &str) -> Option<(String, String)> {
    let (name, message) = match line.split_once(':') {
        Some((name, message)) => (name, message.trim()),
        None => (line, ""),
    };
    let short = name.rsplit('.').next().unwrap_or(name);
    let is_identifier = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.');
    let is_exception = ["Error", "Exception", "Exit", "Interrupt"]
        .iter()
        .any(|suffix| short.ends_with(suffix));
    (is_identifier && is_exception).then(|| (short.to_string(), message.to_string()))
}

/// The last `solution.py", line N` (traceback) or `solution.py:N:` (pytest's short form) in `text`.
fn solution_line(text: &str) -> Option<u32> {
    let mut found = None;
    for (at, _) in text.match_indices("solution.py") {
        let rest = &text[at + "solution.py".len()..];
        let digits = rest
            .strip_prefix("\", line ")
            .or_else(|| rest.strip_prefix(':'))
            .map(|r| {
                r.chars()
                    .take_while(char::is_ascii_digit)
                    .collect::<String>()
            });
        if let Some(line) = digits.and_then(|d| d.parse().ok()) {
            found = Some(line);
        }
    }
    found
}

/// Absolute paths cut to their last component: `(/srv/ws/1/solution.py)` → `(solution.py)`.
fn without_dirs(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut path = String::new();
    let is_path_char = |c: char| c.is_ascii_alphanumeric() || "/._-".contains(c);
    for c in text.chars() {
        if (c == '/' && path.is_empty()) || (!path.is_empty() && is_path_char(c)) {
            path.push(c);
            continue;
        }
        flush_path(&mut out, &mut path);
        out.push(c);
    }
    flush_path(&mut out, &mut path);
    out
}

fn flush_path(out: &mut String, path: &mut String) {
    if !path.is_empty() {
        out.push_str(path.rsplit('/').find(|p| !p.is_empty()).unwrap_or("/"));
        path.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(error: &str, stdout: &str, timed_out: bool) -> TestReport {
        TestReport {
            tests_passed: 0,
            tests_total: 0,
            test_details: Vec::new(),
            collection_error: Some(error.to_string()),
            timed_out,
            stdout: stdout.to_string(),
            stderr: String::new(),
            error_summary: None,
        }
    }

    #[test]
    fn a_syntax_error_names_its_line() {
        let error = "collection failure\n/venv/_pytest/python.py:493: in importtestmodule\n\
            E     File \"/srv/ws/7/solution.py\", line 12\nE       def f(:\nE             ^\n\
            E   SyntaxError: invalid syntax";
        let failure = report(error, "", false).failure().unwrap();
        assert_eq!(failure.exception.as_deref(), Some("SyntaxError"));
        assert_eq!(failure.line, Some(12));
        assert_eq!(
            failure.to_string(),
            "SyntaxError at line 12 of solution.py: invalid syntax"
        );
    }

    #[test]
    fn a_missing_name_keeps_the_message_without_host_paths() {
        let error = "collection failure\nImportError while importing test module '/srv/ws/7/test_hidden.py'.\n\
            test_hidden.py:6: in <module>\n    from solution import PLANS\n\
            E   ImportError: cannot import name 'PLANS' from 'solution' (/srv/ws/7/solution.py)";
        let failure = report(error, "", false).failure().unwrap();
        assert_eq!(
            failure.to_string(),
            "ImportError: cannot import name 'PLANS' from 'solution' (solution.py)"
        );
    }

    #[test]
    fn an_exit_at_import_is_read_from_pytests_internal_error() {
        let stdout = "INTERNALERROR>   File \"/srv/ws/7/solution.py\", line 2, in <module>\n\
            INTERNALERROR>     sys.exit(3)\nINTERNALERROR> SystemExit: 3\nmainloop: caught unexpected SystemExit!";
        let failure = report(
            "internal error\nTraceback (most recent call last):",
            stdout,
            false,
        )
        .failure()
        .unwrap();
        assert_eq!(
            failure.to_string(),
            "SystemExit at line 2 of solution.py: 3"
        );
    }

    #[test]
    fn a_timeout_says_so() {
        let failure = report("the tests did not finish within 60 s", "", true)
            .failure()
            .unwrap();
        assert!(failure.timed_out);
        assert_eq!(
            failure.to_string(),
            "the tests did not finish within 60 s (an endless loop or a blocking call?)"
        );
    }

    #[test]
    fn a_run_with_results_has_no_failure() {
        let mut ok = report("", "", false);
        ok.collection_error = None;
        assert_eq!(ok.failure(), None);
    }
}
