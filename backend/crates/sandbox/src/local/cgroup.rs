//! Per-run cgroups: memory, process count and CPU share for the whole run. Pure v2 hosts get one group with
//! everything, and `cgroup.kill` as a last resort; v1 and hybrid hosts (v1 controllers + a v2 mount without them)
//! get v1 groups. Without usable cgroups the rlimits still bound each process. What makes sure nothing outlives a
//! run is the pid namespace: the payload is its pid 1, and when pid 1 dies the kernel kills the rest.
//!
//! The launched process joins by writing "0" (itself) into each group's membership file before exec. Moving a
//! whole process takes the kernel's global cgroup_threadgroup_rwsem for writing, which waits for an RCU grace
//! period: measured 5 to 15 ms per write on a loaded 2-vCPU host. Moving only the calling thread does not, and the
//! forked child has only one thread, so v1 groups are joined through `tasks`. v2 allows thread moves only inside a
//! threaded subtree, so its group is joined through `cgroup.procs` and costs one grace period per run, unless the
//! cgroup2 hierarchy is mounted with `favordynmods` (then 0.1 ms here). That is why hybrid hosts get no v2 group
//! just for `cgroup.kill`: with it, concurrent runs on two cores reached 73–75% of the ideal; without, 82%.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use crate::Limits;

const ROOT: &str = "/sys/fs/cgroup";
const PARENT: &str = "tali-sandbox";
const CPU_PERIOD_US: u64 = 100_000;
const V1_DEFAULT_SHARES: u64 = 1024;
const V2_DEFAULT_WEIGHT: u64 = 100;
const V2_MAX_WEIGHT: u64 = 10_000;
/// Membership files written to join a group (see the module comment).
const V1_JOIN: &str = "tasks";
const V2_JOIN: &str = "cgroup.procs";

#[derive(Debug, Clone)]
pub(crate) enum CgroupLayout {
    /// Not root, or no usable controllers: rlimits only.
    Unavailable,
    V2 {
        parent: PathBuf,
    },
    /// v1 controllers, on a pure v1 or a hybrid host.
    V1 {
        memory: PathBuf,
        pids: PathBuf,
        cpu: PathBuf,
        memsw: bool,
    },
}

impl CgroupLayout {
    /// Finds the host's cgroup layout and creates the service's parent groups, weighted so that `runs` concurrent
    /// runs get the CPU share of `runs` ordinary processes.
    pub(crate) fn detect(runs: usize) -> Self {
        match Self::try_detect(runs.max(1) as u64) {
            Ok(layout) => layout,
            Err(err) => {
                tracing::warn!(error = %err, "no usable cgroups: runs are bounded by rlimits only");
                Self::Unavailable
            }
        }
    }

    // With the default weight, the parent group competes with every other process of the host as one task: on a
    // loaded host all concurrent runs together got the CPU time of a single compiler process (4 runs/s instead of
    // 6 with two slots at load 7). Weighted by the slot count, a full pool weighs what its runs would weigh as
    // ordinary processes; fewer runs share the same weight, each still capped at one CPU by its quota.
    fn try_detect(runs: u64) -> io::Result<Self> {
        let root = Path::new(ROOT);
        if let Ok(controllers) = fs::read_to_string(root.join("cgroup.controllers")) {
            let needed = ["memory", "pids", "cpu"];
            if !needed
                .iter()
                .all(|c| controllers.split_whitespace().any(|have| have == *c))
            {
                return Err(io::Error::other(
                    "cgroup v2 lacks the memory, pids or cpu controller",
                ));
            }
            let parent = root.join(PARENT);
            fs::write(root.join("cgroup.subtree_control"), "+memory +pids +cpu")?;
            ensure_dir(&parent)?;
            fs::write(parent.join("cgroup.subtree_control"), "+memory +pids +cpu")?;
            fs::write(
                parent.join("cpu.weight"),
                (runs * V2_DEFAULT_WEIGHT).min(V2_MAX_WEIGHT).to_string(),
            )?;
            return Ok(Self::V2 { parent });
        }
        let v1 = |controller: &str| -> io::Result<PathBuf> {
            let dir = root.join(controller).join(PARENT);
            ensure_dir(&dir)?;
            Ok(dir)
        };
        let memory = v1("memory")?;
        let pids = v1("pids")?;
        let cpu = v1("cpu")?;
        fs::write(
            cpu.join("cpu.shares"),
            (runs * V1_DEFAULT_SHARES).to_string(),
        )?;
        let memsw = memory.join("memory.memsw.limit_in_bytes").exists();
        Ok(Self::V1 {
            memory,
            pids,
            cpu,
            memsw,
        })
    }

    pub(crate) fn is_available(&self) -> bool {
        !matches!(self, Self::Unavailable)
    }

    /// Creates the groups of one run with the limits applied; `None` when cgroups are unavailable.
    pub(crate) fn create_run(&self, limits: &Limits) -> io::Result<Option<RunCgroup>> {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let name = format!(
            "sbx-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        let mut run = RunCgroup {
            dirs: Vec::new(),
            joins: Vec::new(),
            kill_file: None,
        };
        let result = self.populate(&mut run, &name, limits);
        match result {
            Ok(true) => Ok(Some(run)),
            Ok(false) => Ok(None),
            Err(err) => {
                run.remove_dirs();
                Err(err)
            }
        }
    }

    fn populate(&self, run: &mut RunCgroup, name: &str, limits: &Limits) -> io::Result<bool> {
        let memory = limits.memory_bytes.to_string();
        let pids = limits.processes.to_string();
        match self {
            Self::Unavailable => return Ok(false),
            Self::V2 { parent } => {
                let dir = run.make(parent, name, V2_JOIN)?;
                fs::write(dir.join("memory.max"), &memory)?;
                fs::write(dir.join("memory.swap.max"), "0")?;
                fs::write(dir.join("pids.max"), &pids)?;
                fs::write(
                    dir.join("cpu.max"),
                    format!("{CPU_PERIOD_US} {CPU_PERIOD_US}"),
                )?;
                run.kill_file = Some(dir.join("cgroup.kill"));
            }
            Self::V1 {
                memory: mem_parent,
                pids: pids_parent,
                cpu: cpu_parent,
                memsw,
            } => {
                let dir = run.make(mem_parent, name, V1_JOIN)?;
                fs::write(dir.join("memory.limit_in_bytes"), &memory)?;
                if *memsw {
                    // Memory + swap equal to memory: the run cannot swap.
                    fs::write(dir.join("memory.memsw.limit_in_bytes"), &memory)?;
                }
                let dir = run.make(pids_parent, name, V1_JOIN)?;
                fs::write(dir.join("pids.max"), &pids)?;
                let dir = run.make(cpu_parent, name, V1_JOIN)?;
                fs::write(dir.join("cpu.cfs_period_us"), CPU_PERIOD_US.to_string())?;
                fs::write(dir.join("cpu.cfs_quota_us"), CPU_PERIOD_US.to_string())?;
            }
        }
        Ok(true)
    }
}

fn ensure_dir(dir: &Path) -> io::Result<()> {
    match fs::create_dir(dir) {
        Err(err) if err.kind() != io::ErrorKind::AlreadyExists => Err(err),
        _ => Ok(()),
    }
}

/// The groups of one run, removed by `teardown`.
#[derive(Debug)]
pub(crate) struct RunCgroup {
    dirs: Vec<PathBuf>,
    joins: Vec<PathBuf>,
    kill_file: Option<PathBuf>,
}

impl RunCgroup {
    fn make(&mut self, parent: &Path, name: &str, join: &str) -> io::Result<PathBuf> {
        let dir = parent.join(name);
        fs::create_dir(&dir)?;
        self.dirs.push(dir.clone());
        self.joins.push(dir.join(join));
        Ok(dir)
    }

    /// The files the launched process writes "0" into, before exec, to join every group of the run.
    pub(crate) fn join_files(&self) -> &[PathBuf] {
        &self.joins
    }

    /// SIGKILLs every process of the run.
    pub(crate) fn kill(&self) {
        if let Some(kill_file) = &self.kill_file
            && let Err(err) = fs::write(kill_file, "1")
        {
            tracing::warn!(error = %err, "cgroup.kill failed");
        }
    }

    /// Kills what is left and removes the groups, retrying while exiting processes still hold them.
    pub(crate) async fn teardown(mut self) {
        for _ in 0..50 {
            self.kill();
            self.remove_dirs();
            if self.dirs.is_empty() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        tracing::error!(groups = ?self.dirs, "sandbox cgroups still busy after teardown");
    }

    fn remove_dirs(&mut self) {
        self.dirs.retain(|dir| match fs::remove_dir(dir) {
            Ok(()) => false,
            Err(err) => err.kind() != io::ErrorKind::NotFound,
        });
    }
}
