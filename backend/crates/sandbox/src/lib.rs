//! Isolated execution of candidate Python code for TALI assessments.
//!
//! [`SandboxService`] runs code and pytest suites in per-assessment sandboxes with CPU, memory, process, disk,
//! output and wall-clock limits, no network and no access to the host. Providers: a local bubblewrap sandbox
//! (default; design in docs/reference/local-sandbox.md) and E2B cloud microVMs. With feature `mock`,
//! [`mock::E2bMock`] serves the E2B REST and envd protocols on 127.0.0.1 for tests.

mod backend;
mod e2b;
mod error;
mod failure;
mod junit;
mod local;
mod paths;
mod report;
mod scripts;
mod service;
mod settings;
mod turns;
mod types;

#[cfg(feature = "mock")]
pub mod mock;

pub use e2b::runtime_packages;
pub use error::SandboxError;
pub use failure::RunFailure;
pub use paths::candidate_view;
pub use service::{RuntimeVersions, SandboxService};
pub use settings::{E2bSettings, Limits, Provider, SandboxSettings};
pub use types::{
    CreateSpec, ExecResult, InstallReport, LintFinding, LintReport, Reconnected, SandboxHandle,
    SyntaxProblem, TestDetail, TestOutcome, TestReport, WorkspaceFile,
};
