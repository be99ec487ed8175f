//! What the launched process does to itself between fork and exec of bwrap: join the run's cgroups, take its
//! rlimits, let only the seccomp program's descriptor cross the exec, drop to the sandbox's host uid and set
//! no_new_privs.
//!
//! Doing this in the forked child replaces three exec'd helpers (a shell shim, `prlimit`, `setpriv`) that used to
//! run before bwrap; each exec cost a few milliseconds per run, and the shim's `cgroup.procs` writes each waited
//! for an RCU grace period (see [`super::cgroup`]). The price is the usual rule for code between fork and exec in
//! a multi-threaded process: the child is a copy of one thread, and a lock held by any other thread at fork time
//! stays locked forever. So [`Launch::apply`] only makes raw system calls (rustix's own, and libc's lock-free
//! `syscall`) on data prepared before the fork: files already open, limits already computed. It does not
//! allocate, lock, format or log; an error is an errno, which std reports to the parent as the spawn's error.
//!
//! Order matters: the cgroup writes come first, while the child is still root (the files are root's); then the
//! rlimits, before the uid change, so that taking the sandbox uid checks its process count against RLIMIT_NPROC
//! and an over-limit uid fails bwrap's exec; then the supplementary groups and the gid, which need the privilege
//! the uid change gives up; no_new_privs last.

use std::io;
use std::os::fd::{AsFd, AsRawFd, OwnedFd, RawFd};
use std::path::{Path, PathBuf};

use rustix::fs::{Mode, OFlags};
use rustix::io::FdFlags;
use rustix::process::{Gid, Resource, Rlimit, Uid};
use tokio::process::Command;

use super::bwrap::HostUser;
use crate::Limits;

const OPEN_FILES: u64 = 256;
const FIRST_AFTER_STDIO: libc::c_uint = 3;
const ADDRESS_SPACE_BYTES: u64 = 2 << 30;

/// Everything the child needs, opened and computed by the parent.
#[derive(Debug)]
pub(crate) struct Launch {
    /// cgroup membership files of the run (v1 `tasks`, v2 `cgroup.procs`); writing "0" moves the writer.
    cgroup_joins: Vec<OwnedFd>,
    /// The seccomp program; bwrap reads it from this descriptor (`--seccomp <fd>`).
    seccomp: OwnedFd,
    rlimits: [(Resource, Rlimit); 6],
    /// The host uid (and equal gid) to drop to; `None` when the server is not root.
    ids: Option<(Uid, Gid)>,
}

impl Launch {
    pub(crate) fn prepare(
        cgroup_joins: &[PathBuf],
        seccomp_file: &Path,
        limits: &Limits,
        user: HostUser,
    ) -> io::Result<Self> {
        let open = |path: &Path, flags: OFlags| -> io::Result<OwnedFd> {
            Ok(rustix::fs::open(
                path,
                flags | OFlags::CLOEXEC,
                Mode::empty(),
            )?)
        };
        let cgroup_joins = cgroup_joins
            .iter()
            .map(|path| open(path, OFlags::WRONLY))
            .collect::<io::Result<_>>()?;
        let cpu = limits.cpu.as_secs().max(1);
        let limit = |soft: u64, hard: u64| Rlimit {
            current: Some(soft),
            maximum: Some(hard),
        };
        Ok(Self {
            cgroup_joins,
            seccomp: open(seccomp_file, OFlags::RDONLY)?,
            rlimits: [
                // The hard CPU limit is the one that kills: the payload is pid 1 and ignores SIGXCPU.
                (Resource::Cpu, limit(cpu, cpu + 1)),
                (
                    Resource::As,
                    limit(ADDRESS_SPACE_BYTES, ADDRESS_SPACE_BYTES),
                ),
                (
                    Resource::Nproc,
                    limit(limits.processes.into(), limits.processes.into()),
                ),
                (
                    Resource::Fsize,
                    limit(limits.file_size_bytes, limits.file_size_bytes),
                ),
                (Resource::Nofile, limit(OPEN_FILES, OPEN_FILES)),
                (Resource::Core, limit(0, 0)),
            ],
            ids: match user {
                HostUser::Uid(uid) => Some((Uid::from_raw(uid), Gid::from_raw(uid))),
                HostUser::Current => None,
            },
        })
    }

    /// The descriptor number bwrap's `--seccomp` must name.
    pub(crate) fn seccomp_fd(&self) -> RawFd {
        self.seccomp.as_raw_fd()
    }

    /// Makes `cmd` run [`Self::apply`] between fork and exec. The command owns the prepared descriptors; they are
    /// close-on-exec, so only the seccomp program (made inheritable in the child) reaches bwrap.
    pub(crate) fn install(self, cmd: &mut Command) {
        // SAFETY: `apply` is async-signal-safe: raw system calls on descriptors and values prepared before the
        // fork, no allocation, no locks (see the module comment).
        unsafe {
            cmd.pre_exec(move || self.apply());
        }
    }

    fn apply(&self) -> io::Result<()> {
        for join in &self.cgroup_joins {
            rustix::io::write(join, b"0")?;
        }
        for (resource, limit) in &self.rlimits {
            rustix::process::setrlimit(*resource, *limit)?;
        }
        // bwrap passes every inheritable descriptor on to the payload, and the server may have inherited some from
        // whoever started it (a supervisor's pipes, a jobserver). Marking them close-on-exec rather than closing
        // them keeps std's exec-error pipe working until the exec.
        // SAFETY: a raw system call without pointers.
        if unsafe {
            libc::syscall(
                libc::SYS_close_range,
                FIRST_AFTER_STDIO,
                libc::c_uint::MAX,
                libc::CLOSE_RANGE_CLOEXEC,
            )
        } != 0
        {
            return Err(io::Error::last_os_error());
        }
        // Opened close-on-exec like the rest, so concurrent spawns never inherit each other's programs; only this
        // child's copy crosses the exec.
        rustix::io::fcntl_setfd(self.seccomp.as_fd(), FdFlags::empty())?;
        if let Some((uid, gid)) = self.ids {
            // The thread variants are the raw system calls (glibc's wrappers would signal every thread); the forked
            // child has a single thread, so they apply to the whole process.
            rustix::thread::set_thread_groups(&[])?;
            rustix::thread::set_thread_res_gid(gid, gid, gid)?;
            rustix::thread::set_thread_res_uid(uid, uid, uid)?;
        }
        rustix::thread::set_no_new_privs(true)?;
        Ok(())
    }
}
