use std::path::{Component, Path};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::SandboxError;

/// Directory inside every workspace reserved for the service's own files (test reports, lint input).
pub(crate) const SERVICE_DIR: &str = ".tali";
const MAX_PATH_LEN: usize = 255;
const MAX_PATH_DEPTH: usize = 8;

/// A file placed in the candidate's workspace (initial code, sample data, the latest editor content).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WorkspaceFile {
    /// Relative path inside the workspace, `/`-separated, e.g. `src/app.py`.
    pub path: String,
    pub content: Vec<u8>,
}

impl WorkspaceFile {
    pub fn new(path: impl Into<String>, content: impl Into<Vec<u8>>) -> Self {
        Self {
            path: path.into(),
            content: content.into(),
        }
    }

    /// The path split into its components, after rejecting anything that could leave the workspace or touch the
    /// service's reserved directory.
    pub(crate) fn components(&self) -> Result<Vec<&str>, SandboxError> {
        validated_components(&self.path, false)
    }
}

/// Splits a workspace-relative path. `allow_service_dir` is only set for paths the service itself builds.
pub(crate) fn validated_components(
    path: &str,
    allow_service_dir: bool,
) -> Result<Vec<&str>, SandboxError> {
    let invalid = |why: &str| SandboxError::InvalidInput(format!("file path {path:?} {why}"));
    if path.is_empty() || path.len() > MAX_PATH_LEN {
        return Err(invalid("must have 1 to 255 characters"));
    }
    if path.contains('\0') || path.contains('\\') {
        return Err(invalid("contains a forbidden character"));
    }
    let mut parts = Vec::new();
    for component in Path::new(path).components() {
        match component {
            Component::Normal(part) => {
                parts.push(part.to_str().ok_or_else(|| invalid("is not UTF-8"))?)
            }
            _ => return Err(invalid("must be relative and stay inside the workspace")),
        }
    }
    if parts.len() > MAX_PATH_DEPTH {
        return Err(invalid("is nested too deeply"));
    }
    if !allow_service_dir && parts.first() == Some(&SERVICE_DIR) {
        return Err(invalid("uses a reserved directory"));
    }
    Ok(parts)
}

#[derive(Debug, Clone)]
pub struct CreateSpec {
    pub assessment_id: i64,
    pub organization_id: i64,
    pub lifetime: Duration,
    pub files: Vec<WorkspaceFile>,
}

/// Reference to a live sandbox. Only `sandbox_id` needs storing; `SandboxService::reconnect` rebuilds the rest.
#[derive(Clone, Serialize, Deserialize)]
pub struct SandboxHandle {
    pub sandbox_id: String,
    pub assessment_id: i64,
    /// E2B envd access token; never serialised (reconnect fetches it again).
    #[serde(skip)]
    pub(crate) envd_token: Option<String>,
}

impl std::fmt::Debug for SandboxHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SandboxHandle")
            .field("sandbox_id", &self.sandbox_id)
            .field("assessment_id", &self.assessment_id)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Clone)]
pub struct Reconnected {
    pub handle: SandboxHandle,
    /// The provider had lost the sandbox and a new, empty one was made: the caller restores the latest code.
    pub fresh: bool,
}

/// Outcome of running candidate code. A crash or exception is a normal result with a non-zero `exit_code`.
#[derive(Debug, Clone, Serialize)]
pub struct ExecResult {
    pub stdout: String,
    pub stderr: String,
    /// Process exit status; 128 + signal number when killed by a signal.
    pub exit_code: i32,
    pub execution_time_ms: u64,
    pub timed_out: bool,
    /// An output stream hit its cap and the run was stopped.
    pub truncated: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TestOutcome {
    Passed,
    Failed,
    Error,
    Skipped,
}

#[derive(Debug, Clone, Serialize)]
pub struct TestDetail {
    /// `classname::name` as pytest reports it, e.g. `test_app::test_total`.
    pub name: String,
    pub outcome: TestOutcome,
    pub duration_ms: u64,
    /// Failure or skip message, empty when the test passed.
    pub message: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct TestReport {
    pub tests_passed: u32,
    pub tests_total: u32,
    pub test_details: Vec<TestDetail>,
    /// Why the tests could not be collected or run at all (syntax error, import error, timeout, crash).
    pub collection_error: Option<String>,
    pub timed_out: bool,
    pub stdout: String,
    pub stderr: String,
    /// When the run has no results: why, in one line, error first (e.g. `SyntaxError at line 3 of solution.py:
    /// invalid syntax`); the full text stays in `collection_error`.
    pub error_summary: Option<String>,
}

/// The first reason code does not parse as Python.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyntaxProblem {
    /// 1-based line of `solution.py`, when Python names one.
    pub line: Option<u32>,
    pub column: Option<u32>,
    /// e.g. `SyntaxError: invalid syntax` or `IndentationError: unexpected indent`.
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LintFinding {
    pub line: u32,
    pub message: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct LintReport {
    pub findings: Vec<LintFinding>,
}

#[derive(Debug, Clone, Serialize)]
pub struct InstallReport {
    /// Every requested package as it is installed, e.g. `numpy==2.1.3`.
    pub satisfied: Vec<String>,
}

/// A validated file write handed to a provider.
#[derive(Debug)]
pub(crate) struct FileWrite<'a> {
    pub components: Vec<&'a str>,
    pub content: &'a [u8],
}

/// What a provider returns for one process run; the service turns it into the public result types.
#[derive(Debug)]
pub(crate) struct RawRun {
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    pub exit_code: i32,
    pub elapsed: Duration,
    pub timed_out: bool,
    pub truncated: bool,
}

impl RawRun {
    pub(crate) fn into_exec_result(self) -> ExecResult {
        ExecResult {
            stdout: String::from_utf8_lossy(&self.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&self.stderr).into_owned(),
            exit_code: self.exit_code,
            execution_time_ms: u64::try_from(self.elapsed.as_millis()).unwrap_or(u64::MAX),
            timed_out: self.timed_out,
            truncated: self.truncated,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_nested_relative_paths() {
        let file = WorkspaceFile::new("data/input.csv", "a,b");
        assert_eq!(file.components().unwrap(), ["data", "input.csv"]);
    }

    #[test]
    fn rejects_paths_leaving_the_workspace_or_reserved() {
        for bad in [
            "",
            "/etc/passwd",
            "../x",
            "a/../../x",
            "a\\b",
            ".tali/junit.xml",
            "a\0b",
        ] {
            assert!(
                WorkspaceFile::new(bad, "").components().is_err(),
                "{bad:?} accepted"
            );
        }
        assert!(validated_components(".tali/junit.xml", true).is_ok());
    }
}
