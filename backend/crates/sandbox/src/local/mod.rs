//! Local provider: bubblewrap sandboxes on this host, following docs/reference/local-sandbox.md, except that the
//! launched process prepares itself between fork and exec instead of through exec'd helpers (see `launch`).

mod bwrap;
mod cgroup;
mod hostile_fs;
mod launch;
mod preflight;
mod runner;
mod seccomp;
mod spawner;
mod workspace;

use std::collections::BTreeSet;
use std::os::fd::{AsRawFd, OwnedFd};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

use self::bwrap::{Bwrap, HostUser};
use self::cgroup::{CgroupLayout, RunCgroup};
use self::hostile_fs::Owner;
use self::launch::Launch;
use self::workspace::{Meta, Workspaces};
use crate::types::{FileWrite, RawRun};
use crate::{CreateSpec, Reconnected, SandboxError, SandboxHandle, SandboxSettings};

#[cfg(not(target_arch = "x86_64"))]
compile_error!("the local sandbox (seccomp filter, library binds) is written for x86_64 Linux");

/// Host uids of sandboxes when the server is root: one per sandbox, so RLIMIT_NPROC and file ownership never
/// mix two candidates. 61000 is the preflight's.
const PREFLIGHT_UID: u32 = 61000;
const SANDBOX_UIDS: std::ops::RangeInclusive<u32> = 61001..=61999;

pub(crate) struct LocalProvider {
    bwrap: Bwrap,
    cgroups: CgroupLayout,
    workspaces: Workspaces,
    is_root: bool,
    uids_in_use: Mutex<BTreeSet<u32>>,
    packages: Vec<(String, String)>,
}

fn io_error(context: &str) -> impl FnOnce(std::io::Error) -> SandboxError + '_ {
    move |err| {
        tracing::error!(error = %err, "{context}");
        SandboxError::Unavailable(context.to_string())
    }
}

impl LocalProvider {
    pub(crate) async fn new(settings: &SandboxSettings) -> Result<Self, SandboxError> {
        let checked = preflight::check(settings).await?;
        let uids_in_use = checked
            .workspaces
            .list()
            .map_err(io_error("cannot list sandbox workspaces"))?;
        let uids_in_use = uids_in_use
            .into_iter()
            .filter_map(|(_, meta, _)| meta.uid)
            .collect();
        Ok(Self {
            bwrap: checked.bwrap,
            cgroups: checked.cgroups,
            workspaces: checked.workspaces,
            is_root: checked.is_root,
            uids_in_use: Mutex::new(uids_in_use),
            packages: checked.packages,
        })
    }

    pub(crate) fn available_packages(&self) -> Vec<(String, String)> {
        self.packages.clone()
    }

    fn allocate_uid(&self) -> Result<Option<u32>, SandboxError> {
        if !self.is_root {
            return Ok(None);
        }
        let mut in_use = self.uids_in_use.lock().unwrap_or_else(|e| e.into_inner());
        let uid = SANDBOX_UIDS.clone().find(|uid| !in_use.contains(uid));
        let uid =
            uid.ok_or_else(|| SandboxError::Unavailable("too many open local sandboxes".into()))?;
        in_use.insert(uid);
        Ok(Some(uid))
    }

    fn release_uid(&self, uid: Option<u32>) {
        if let Some(uid) = uid {
            self.uids_in_use
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .remove(&uid);
        }
    }

    pub(crate) async fn create(&self, spec: &CreateSpec) -> Result<SandboxHandle, SandboxError> {
        self.create_with(
            spec.assessment_id,
            Some(spec.organization_id),
            spec.lifetime,
        )
        .await
    }

    async fn create_with(
        &self,
        assessment_id: i64,
        organization_id: Option<i64>,
        lifetime: Duration,
    ) -> Result<SandboxHandle, SandboxError> {
        let id = workspace::new_id();
        let uid = self.allocate_uid()?;
        let expires = chrono::Utc::now()
            + chrono::Duration::from_std(lifetime).unwrap_or(chrono::Duration::MAX);
        let meta = Meta {
            assessment_id,
            organization_id,
            uid,
            expires_at_unix: expires.timestamp(),
        };
        if let Err(err) = self.workspaces.create(&id, &meta).await {
            let _ = self.workspaces.destroy(&id).await;
            self.release_uid(uid);
            return Err(io_error("cannot create the sandbox workspace")(err));
        }
        Ok(SandboxHandle {
            sandbox_id: id,
            assessment_id,
            envd_token: None,
        })
    }

    /// The workspace and its metadata, after checking the id belongs to the given assessment.
    fn open(&self, handle: &SandboxHandle) -> Result<(PathBuf, Meta), SandboxError> {
        if !workspace::is_valid_id(&handle.sandbox_id) {
            return Err(SandboxError::NotFound);
        }
        let meta = self
            .workspaces
            .load_meta(&handle.sandbox_id)
            .map_err(io_error("cannot read sandbox metadata"))?;
        match meta {
            Some(meta) if meta.assessment_id == handle.assessment_id => {
                Ok((self.workspaces.root(&handle.sandbox_id), meta))
            }
            _ => Err(SandboxError::NotFound),
        }
    }

    pub(crate) async fn write_files(
        &self,
        handle: &SandboxHandle,
        files: &[FileWrite<'_>],
    ) -> Result<(), SandboxError> {
        let (root, meta) = self.open(handle)?;
        let owned: Vec<(Vec<String>, Vec<u8>)> = files
            .iter()
            .map(|f| {
                (
                    f.components.iter().map(|c| c.to_string()).collect(),
                    f.content.to_vec(),
                )
            })
            .collect();
        blocking(move || {
            for (components, content) in &owned {
                let components: Vec<&str> = components.iter().map(String::as_str).collect();
                hostile_fs::write_file(&root, &components, content, Owner(meta.uid))
                    .map_err(|err| file_error(&components, err))?;
            }
            Ok(())
        })
        .await
    }

    pub(crate) async fn read_file(
        &self,
        handle: &SandboxHandle,
        components: &[&str],
        max_bytes: u64,
    ) -> Result<Option<Vec<u8>>, SandboxError> {
        let (root, _) = self.open(handle)?;
        let components: Vec<String> = components.iter().map(|c| c.to_string()).collect();
        blocking(move || {
            let components: Vec<&str> = components.iter().map(String::as_str).collect();
            hostile_fs::read_file(&root, &components, max_bytes)
                .map_err(|err| file_error(&components, err))
        })
        .await
    }

    pub(crate) async fn remove_file(
        &self,
        handle: &SandboxHandle,
        components: &[&str],
    ) -> Result<(), SandboxError> {
        let (root, _) = self.open(handle)?;
        let components: Vec<String> = components.iter().map(|c| c.to_string()).collect();
        blocking(move || {
            let components: Vec<&str> = components.iter().map(String::as_str).collect();
            hostile_fs::remove_file(&root, &components).map_err(|err| file_error(&components, err))
        })
        .await
    }

    /// The command line a run of `argv` in this sandbox execs, to be run bare (see [`Bwrap::bare_command`]),
    /// with the seccomp program's descriptor it names.
    pub(crate) fn bare_command(
        &self,
        handle: &SandboxHandle,
        argv: &[&str],
    ) -> Result<(std::process::Command, OwnedFd), SandboxError> {
        let (root, _) = self.open(handle)?;
        let seccomp = rustix::fs::open(
            &self.bwrap.seccomp_file,
            rustix::fs::OFlags::RDONLY,
            rustix::fs::Mode::empty(),
        )
        .map_err(|e| io_error("cannot open the seccomp program")(e.into()))?;
        let cmd = self.bwrap.bare_command(&root, seccomp.as_raw_fd(), argv);
        Ok((cmd, seccomp))
    }

    pub(crate) async fn run(
        &self,
        handle: &SandboxHandle,
        argv: &[&str],
        wall: Duration,
    ) -> Result<RawRun, SandboxError> {
        let (root, meta) = self.open(handle)?;
        if !self
            .workspaces
            .ensure_ready(&handle.sandbox_id)
            .await
            .map_err(io_error("cannot mount the sandbox workspace"))?
        {
            return Err(SandboxError::NotFound);
        }
        if let Err(err) = self.workspaces.touch(&handle.sandbox_id) {
            tracing::warn!(error = %err, sandbox_id = %handle.sandbox_id, "cannot record sandbox use");
        }
        let user = meta.uid.map_or(HostUser::Current, HostUser::Uid);
        let argv: Vec<String> = argv.iter().map(|a| a.to_string()).collect();
        // Its own task: if the caller goes away mid-run, the run is still killed and its cgroups removed.
        let (bwrap, cgroups, cap) = (
            self.bwrap.clone(),
            self.cgroups.clone(),
            self.bwrap.limits.output_bytes,
        );
        tokio::spawn(async move { run_in(&bwrap, &cgroups, user, &root, &argv, wall, cap).await })
            .await
            .map_err(|e| SandboxError::unavailable("sandbox run aborted", e))?
    }

    pub(crate) async fn close(&self, handle: &SandboxHandle) -> Result<(), SandboxError> {
        let (_, meta) = self.open(handle)?;
        self.destroy(&handle.sandbox_id, meta.uid).await
    }

    async fn destroy(&self, id: &str, uid: Option<u32>) -> Result<(), SandboxError> {
        self.workspaces
            .destroy(id)
            .await
            .map_err(io_error("cannot remove the sandbox workspace"))?;
        self.release_uid(uid);
        Ok(())
    }

    pub(crate) async fn reconnect(
        &self,
        sandbox_id: &str,
        assessment_id: i64,
        lifetime: Duration,
    ) -> Result<Reconnected, SandboxError> {
        let handle = SandboxHandle {
            sandbox_id: sandbox_id.to_string(),
            assessment_id,
            envd_token: None,
        };
        let ready = match self.open(&handle) {
            Ok(_) => self
                .workspaces
                .ensure_ready(sandbox_id)
                .await
                .map_err(io_error("cannot mount the sandbox workspace"))?,
            Err(SandboxError::NotFound) => false,
            Err(err) => return Err(err),
        };
        if ready {
            return Ok(Reconnected {
                handle,
                fresh: false,
            });
        }
        let handle = self.create_with(assessment_id, None, lifetime).await?;
        Ok(Reconnected {
            handle,
            fresh: true,
        })
    }

    /// The workspaces on this host, each with the assessment it was created for.
    pub(crate) fn open_sandboxes(&self) -> Result<Vec<SandboxHandle>, SandboxError> {
        Ok(self
            .workspaces
            .list()
            .map_err(io_error("cannot list sandbox workspaces"))?
            .into_iter()
            .map(|(id, meta, _)| SandboxHandle {
                sandbox_id: id,
                assessment_id: meta.assessment_id,
                envd_token: None,
            })
            .collect())
    }

    /// Closes workspaces unused for `older_than` or past their lifetime; returns how many.
    pub(crate) async fn sweep_idle(&self, older_than: Duration) -> Result<usize, SandboxError> {
        let now = SystemTime::now();
        let now_unix = chrono::Utc::now().timestamp();
        let mut closed = 0;
        for (id, meta, last_used) in self
            .workspaces
            .list()
            .map_err(io_error("cannot list sandbox workspaces"))?
        {
            let idle = now.duration_since(last_used).unwrap_or_default();
            if idle >= older_than || meta.expires_at_unix <= now_unix {
                self.destroy(&id, meta.uid).await?;
                tracing::info!(sandbox_id = %id, idle_secs = idle.as_secs(), "closed idle sandbox");
                closed += 1;
            }
        }
        Ok(closed)
    }
}

async fn run_in(
    bwrap: &Bwrap,
    cgroups: &CgroupLayout,
    user: HostUser,
    workspace: &Path,
    argv: &[String],
    wall: Duration,
    output_cap: usize,
) -> Result<RawRun, SandboxError> {
    let cgroup = cgroups
        .create_run(&bwrap.limits)
        .map_err(io_error("cannot create the run's cgroups"))?;
    let result = async {
        let joins = cgroup.as_ref().map_or(&[][..], RunCgroup::join_files);
        let launch = Launch::prepare(joins, &bwrap.seccomp_file, &bwrap.limits, user)
            .map_err(io_error("cannot prepare the sandbox launch"))?;
        let argv: Vec<&str> = argv.iter().map(String::as_str).collect();
        let cmd = bwrap.command(launch, workspace, &argv);
        runner::run(cmd, wall, output_cap, cgroup.as_ref()).await
    }
    .await;
    if let Some(cgroup) = cgroup {
        cgroup.teardown().await;
    }
    let run = result?;
    launch_failure(&run)?;
    Ok(run)
}

/// bwrap reports its own setup failures on stderr before any candidate code runs.
fn launch_failure(run: &RawRun) -> Result<(), SandboxError> {
    let stderr = String::from_utf8_lossy(&run.stderr);
    if run.exit_code != 0 && run.stdout.is_empty() && stderr.starts_with("bwrap: ") {
        tracing::error!(stderr = %stderr.trim(), "local sandbox failed to start");
        return Err(SandboxError::Unavailable(
            "the local sandbox failed to start (see server logs)".into(),
        ));
    }
    Ok(())
}

fn file_error(components: &[&str], err: std::io::Error) -> SandboxError {
    let path = components.join("/");
    match err.kind() {
        std::io::ErrorKind::InvalidInput | std::io::ErrorKind::InvalidData => {
            SandboxError::InvalidInput(format!("{path}: {err}"))
        }
        std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded => {
            SandboxError::InvalidInput(format!("{path}: the workspace is full"))
        }
        _ => io_error("workspace file access failed")(err),
    }
}

async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, SandboxError> + Send + 'static,
) -> Result<T, SandboxError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| SandboxError::unavailable("workspace task failed", e))?
}
