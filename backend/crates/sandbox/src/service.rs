use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde::Deserialize;

use crate::backend::Backend;
use crate::e2b::E2bProvider;
use crate::local::LocalProvider;
use crate::turns::{FairSlots, Slot};
use crate::types::{FileWrite, RawRun, SERVICE_DIR, validated_components};
use crate::{
    CreateSpec, ExecResult, InstallReport, Limits, LintFinding, LintReport, Provider, Reconnected,
    SandboxError, SandboxHandle, SandboxSettings, SyntaxProblem, TestReport, WorkspaceFile, paths,
    report::test_report, scripts,
};

const SOLUTION_FILE: &str = "solution.py";
const MAX_CODE_BYTES: usize = 1 << 20;
const MAX_REPORT_BYTES: u64 = 8 << 20;
const MAX_PACKAGES: usize = 50;
/// The preflight's sandbox closes itself after this, should the preflight die before closing it.
const PREFLIGHT_LIFETIME: Duration = Duration::from_secs(120);

/// What the preflight found: the provider, and the versions of python, pytest and pyflakes in its sandboxes.
#[derive(Debug, Clone)]
pub struct RuntimeVersions {
    pub provider: &'static str,
    pub versions: BTreeMap<String, String>,
}

/// Runs candidate code in isolated sandboxes. Cheap to clone; all clones share one pool of run slots, served to
/// the candidates in turn (`crate::turns`).
#[derive(Clone)]
pub struct SandboxService {
    inner: Arc<Inner>,
}

struct Inner {
    backend: Backend,
    limits: Limits,
    slots: FairSlots,
    queue_wait: Duration,
    default_lifetime: Duration,
}

impl SandboxService {
    /// Checks the provider (for `Local`: bubblewrap, user namespaces, the runtime, one real sandboxed run) and
    /// fails with a message naming the fix. There is no unsandboxed fallback.
    pub async fn new(settings: SandboxSettings) -> Result<Self, SandboxError> {
        let backend = match settings.provider {
            Provider::Local => Backend::Local(LocalProvider::new(&settings).await?),
            Provider::E2b => Backend::E2b(E2bProvider::new(&settings)?),
        };
        Ok(Self {
            inner: Arc::new(Inner {
                backend,
                limits: settings.limits,
                slots: FairSlots::new(settings.max_concurrent_runs.max(1)),
                queue_wait: settings.queue_wait,
                default_lifetime: settings.default_lifetime,
            }),
        })
    }

    pub async fn create_sandbox(&self, spec: CreateSpec) -> Result<SandboxHandle, SandboxError> {
        let files = validate_files(&spec.files)?;
        let handle = self.inner.backend.create(&spec).await?;
        if !files.is_empty()
            && let Err(err) = self.inner.backend.write_files(&handle, &files).await
        {
            let _ = self.inner.backend.close(&handle).await;
            return Err(err);
        }
        tracing::info!(
            sandbox_id = %handle.sandbox_id,
            assessment_id = spec.assessment_id,
            organization_id = spec.organization_id,
            created_at = %chrono::Utc::now().to_rfc3339(),
            "sandbox created"
        );
        Ok(handle)
    }

    pub async fn write_files(
        &self,
        handle: &SandboxHandle,
        files: &[WorkspaceFile],
    ) -> Result<(), SandboxError> {
        let files = validate_files(files)?;
        self.inner.backend.write_files(handle, &files).await
    }

    /// For benchmarks: the command line the local provider execs to run `argv` in this sandbox, to be timed bare,
    /// without the service around it or the launch's own steps (cgroups, rlimits, uid drop); `None` for E2B. The
    /// descriptor is the seccomp program the command names: keep it open while the command runs.
    #[doc(hidden)]
    pub fn bare_local_command(
        &self,
        handle: &SandboxHandle,
        argv: &[&str],
    ) -> Option<Result<(std::process::Command, std::os::fd::OwnedFd), SandboxError>> {
        match &self.inner.backend {
            Backend::Local(p) => Some(p.bare_command(handle, argv)),
            Backend::E2b(_) => None,
        }
    }

    /// Writes `code` as `solution.py` and runs `python3 solution.py`.
    pub async fn execute_code(
        &self,
        handle: &SandboxHandle,
        code: &str,
    ) -> Result<ExecResult, SandboxError> {
        check_code(code)?;
        let solution = FileWrite {
            components: vec![SOLUTION_FILE],
            content: code.as_bytes(),
        };
        let run = self
            .run(
                handle,
                &[solution],
                &["python3", SOLUTION_FILE],
                self.inner.limits.wall_run,
            )
            .await?;
        let mut result = run.into_exec_result();
        result.stdout = paths::candidate_view(&result.stdout);
        result.stderr = paths::candidate_view(&result.stderr);
        Ok(result)
    }

    /// Whether `code` parses as Python (compiled, never run): the first syntax error, or `None`.
    pub async fn check_syntax(
        &self,
        handle: &SandboxHandle,
        code: &str,
    ) -> Result<Option<SyntaxProblem>, SandboxError> {
        check_code(code)?;
        self.helper(handle, scripts::SYNTAX, "syntax", ".py", code.as_bytes())
            .await
    }

    /// Writes the candidate code as `solution.py` and the tests as `test_file_name`, then runs pytest.
    pub async fn run_tests(
        &self,
        handle: &SandboxHandle,
        test_file_name: &str,
        test_code: &str,
        code: &str,
    ) -> Result<TestReport, SandboxError> {
        check_code(code)?;
        check_code(test_code)?;
        let test_path = WorkspaceFile::new(test_file_name, Vec::new());
        let test_components = test_path.components()?;
        if !test_file_name.ends_with(".py") || test_file_name == SOLUTION_FILE {
            return Err(SandboxError::InvalidInput(
                "the test file must be a .py file other than solution.py".into(),
            ));
        }
        // One provider call for both files: one metadata check and, locally, one hop to the blocking pool.
        let files = [
            FileWrite {
                components: vec![SOLUTION_FILE],
                content: code.as_bytes(),
            },
            FileWrite {
                components: test_components,
                content: test_code.as_bytes(),
            },
        ];
        let report_name = format!("junit-{}.xml", uuid::Uuid::new_v4().simple());
        let report_arg = format!("--junitxml={SERVICE_DIR}/{report_name}");
        let report_path = [SERVICE_DIR, report_name.as_str()];
        let argv = [
            "python3",
            "-m",
            "pytest",
            "-q",
            "--color=no",
            "-p",
            "no:cacheprovider",
            &report_arg,
            test_file_name,
        ];
        let run = self
            .run(handle, &files, &argv, self.inner.limits.wall_tests)
            .await?;
        let report = self
            .inner
            .backend
            .read_file(handle, &report_path, MAX_REPORT_BYTES)
            .await;
        self.inner.backend.remove_file(handle, &report_path).await?;
        let report = match report {
            Ok(report) => report,
            // The candidate can tamper with the report (e.g. replace it with a directory): no report, then.
            Err(SandboxError::InvalidInput(_)) => None,
            Err(err) => return Err(err),
        };
        Ok(test_report(run, report, self.inner.limits.wall_tests))
    }

    /// pyflakes findings for `code`, run inside the sandbox.
    pub async fn lint(
        &self,
        handle: &SandboxHandle,
        code: &str,
    ) -> Result<LintReport, SandboxError> {
        check_code(code)?;
        let findings: Vec<LintFinding> = self
            .helper(handle, scripts::LINT, "lint", ".py", code.as_bytes())
            .await?;
        Ok(LintReport { findings })
    }

    /// Checks requested packages against the pinned runtime without any network access. Installs nothing: every
    /// allowed package is pre-installed, so this either confirms them or names each one that is unavailable.
    pub async fn install_dependencies(
        &self,
        handle: &SandboxHandle,
        packages: &[String],
    ) -> Result<InstallReport, SandboxError> {
        if packages.is_empty()
            || packages.len() > MAX_PACKAGES
            || packages.iter().any(|p| p.len() > 200)
        {
            return Err(SandboxError::InvalidInput(format!(
                "give 1 to {MAX_PACKAGES} package requirements"
            )));
        }
        #[derive(Deserialize)]
        struct Checked {
            satisfied: Vec<String>,
            problems: Vec<String>,
        }
        let input =
            serde_json::to_vec(packages).map_err(|e| SandboxError::InvalidInput(e.to_string()))?;
        let checked: Checked = self
            .helper(
                handle,
                scripts::CHECK_REQUIREMENTS,
                "requirements",
                ".json",
                &input,
            )
            .await?;
        if checked.problems.is_empty() {
            return Ok(InstallReport {
                satisfied: checked.satisfied,
            });
        }
        let available: Vec<String> = self
            .available_packages()
            .await
            .into_iter()
            .map(|(name, version)| format!("{name}=={version}"))
            .collect();
        Err(SandboxError::InvalidInput(format!(
            "cannot install packages offline: {}. Available: {}. Ask the assessment author to add it to the runtime lock file.",
            checked.problems.join("; "),
            available.join(", ")
        )))
    }

    /// (name, version) of every package in the sandbox runtime.
    /// Starts one sandbox, asks its Python for its own version and those of pytest and pyflakes (which grading
    /// and linting need), and closes it. Fails naming what is missing and how to provide it.
    pub async fn preflight(&self) -> Result<RuntimeVersions, SandboxError> {
        #[derive(Deserialize)]
        struct Checked {
            versions: BTreeMap<String, String>,
            missing: Vec<String>,
        }
        let handle = self
            .create_sandbox(CreateSpec {
                // No assessment has id 0: the preflight's sandbox is never mistaken for a candidate's.
                assessment_id: 0,
                organization_id: 0,
                lifetime: PREFLIGHT_LIFETIME,
                files: Vec::new(),
            })
            .await?;
        let checked = self
            .helper::<Checked>(&handle, scripts::PREFLIGHT, "preflight", ".json", b"{}")
            .await;
        if let Err(err) = self.close_sandbox(&handle).await {
            tracing::warn!(error = %err, "could not close the preflight's sandbox");
        }
        let checked = checked?;
        if !checked.missing.is_empty() {
            return Err(SandboxError::NotConfigured(format!(
                "the sandbox's Python lacks {}: {}",
                checked.missing.join(" and "),
                self.inner.backend.runtime_fix()
            )));
        }
        Ok(RuntimeVersions {
            provider: self.inner.backend.name(),
            versions: checked.versions,
        })
    }

    pub async fn available_packages(&self) -> Vec<(String, String)> {
        self.inner.backend.available_packages()
    }

    /// Destroys the sandbox and its workspace; closing one that is already gone succeeds.
    pub async fn close_sandbox(&self, handle: &SandboxHandle) -> Result<(), SandboxError> {
        match self.inner.backend.close(handle).await {
            Ok(()) | Err(SandboxError::NotFound) => {}
            Err(err) => return Err(err),
        }
        tracing::info!(sandbox_id = %handle.sandbox_id, assessment_id = handle.assessment_id, "sandbox closed");
        Ok(())
    }

    /// The same sandbox again, or a fresh one (`fresh: true`) if the provider lost it; the caller then restores
    /// the latest code with `write_files`.
    pub async fn reconnect(
        &self,
        sandbox_id: &str,
        assessment_id: i64,
    ) -> Result<Reconnected, SandboxError> {
        let reconnected = self
            .inner
            .backend
            .reconnect(sandbox_id, assessment_id, self.inner.default_lifetime)
            .await?;
        if reconnected.fresh {
            tracing::info!(old_sandbox_id = %sandbox_id, sandbox_id = %reconnected.handle.sandbox_id, assessment_id,
                created_at = %chrono::Utc::now().to_rfc3339(), "sandbox lost; created a fresh one");
        }
        Ok(reconnected)
    }

    /// Every sandbox this service has open (local: on this host), each with the assessment it serves (0 for the
    /// sandboxes that prove a task), so the caller can close those whose session can no longer run code.
    pub async fn open_sandboxes(&self) -> Result<Vec<SandboxHandle>, SandboxError> {
        self.inner.backend.open_sandboxes().await
    }

    /// Closes sandboxes unused (local) or running (E2B) for longer than `older_than`; returns how many.
    pub async fn sweep_idle(&self, older_than: Duration) -> Result<usize, SandboxError> {
        self.inner.backend.sweep_idle(older_than).await
    }

    /// A run in one of the pool's slots, counted with its wait for the slot and its duration. Its `files` are
    /// written once the slot is held, so a run still waiting for its turn cannot change the code of the run in
    /// progress in the same sandbox.
    async fn run(
        &self,
        handle: &SandboxHandle,
        files: &[FileWrite<'_>],
        argv: &[&str],
        wall: Duration,
    ) -> Result<RawRun, SandboxError> {
        let provider = self.inner.backend.name();
        let queued = Instant::now();
        let slot = self.slot(handle.assessment_id).await;
        metrics::histogram!("sandbox_queue_wait_seconds", "provider" => provider)
            .record(queued.elapsed().as_secs_f64());
        let outcome = |name: &'static str| {
            metrics::counter!("sandbox_runs_total", "provider" => provider, "outcome" => name)
                .increment(1);
        };
        let _slot = match slot {
            Ok(slot) => slot,
            Err(busy) => {
                outcome("busy");
                return Err(busy);
            }
        };
        let started = Instant::now();
        let result = match self.inner.backend.write_files(handle, files).await {
            Ok(()) => self.inner.backend.run(handle, argv, wall).await,
            Err(err) => Err(err),
        };
        metrics::histogram!("sandbox_run_duration_seconds", "provider" => provider)
            .record(started.elapsed().as_secs_f64());
        outcome(if result.is_ok() { "completed" } else { "error" });
        result
    }

    /// A slot for the assessment's run when its turn comes, or `Busy` after the configured wait.
    async fn slot(&self, assessment_id: i64) -> Result<Slot, SandboxError> {
        tokio::time::timeout(
            self.inner.queue_wait,
            self.inner.slots.acquire(assessment_id),
        )
        .await
        .map_err(|_| SandboxError::Busy {
            retry_after_secs: self.inner.queue_wait.as_secs().max(1),
        })
    }

    /// Runs waiting for a slot right now, all candidates together.
    pub fn runs_waiting(&self) -> usize {
        self.inner.slots.waiting()
    }

    /// Runs one of `scripts` on `input` and decodes the JSON it prints.
    async fn helper<T: for<'de> Deserialize<'de>>(
        &self,
        handle: &SandboxHandle,
        script: &str,
        name: &str,
        extension: &str,
        input: &[u8],
    ) -> Result<T, SandboxError> {
        let input_name = format!("{name}-{}{extension}", uuid::Uuid::new_v4().simple());
        let input_path = [SERVICE_DIR, input_name.as_str()];
        validated_components(&input_path.join("/"), true)?;
        let input_file = FileWrite {
            components: input_path.to_vec(),
            content: input,
        };
        let input_arg = input_path.join("/");
        let run = self
            .run(
                handle,
                &[input_file],
                &["python3", "-I", "-c", script, &input_arg],
                self.inner.limits.wall_run,
            )
            .await;
        self.inner.backend.remove_file(handle, &input_path).await?;
        let run = run?;
        let stdout = String::from_utf8_lossy(&run.stdout);
        serde_json::from_str(stdout.trim()).map_err(|_| {
            tracing::error!(helper = name, exit_code = run.exit_code, stderr = %String::from_utf8_lossy(&run.stderr), "sandbox helper failed");
            SandboxError::Unavailable(format!("the sandbox {name} helper failed (exit code {})", run.exit_code))
        })
    }
}

fn validate_files(files: &[WorkspaceFile]) -> Result<Vec<FileWrite<'_>>, SandboxError> {
    files
        .iter()
        .map(|f| {
            Ok(FileWrite {
                components: f.components()?,
                content: &f.content,
            })
        })
        .collect()
}

fn check_code(code: &str) -> Result<(), SandboxError> {
    if code.len() > MAX_CODE_BYTES {
        return Err(SandboxError::InvalidInput(format!(
            "code is larger than {MAX_CODE_BYTES} bytes"
        )));
    }
    Ok(())
}
