//! Dispatch to the configured provider. Both expose the same small set of primitives (files in a workspace,
//! a process run with limits); everything built on them lives in `service`.

use std::time::Duration;

use crate::e2b::E2bProvider;
use crate::local::LocalProvider;
use crate::types::{FileWrite, RawRun};
use crate::{CreateSpec, Reconnected, SandboxError, SandboxHandle};

pub(crate) enum Backend {
    Local(LocalProvider),
    E2b(E2bProvider),
}

impl Backend {
    /// How to give this provider's sandboxes the runtime the lock file pins.
    pub(crate) fn runtime_fix(&self) -> String {
        match self {
            Self::Local(_) => "rebuild the runtime with scripts/sandbox-runtime/setup.sh".into(),
            Self::E2b(p) => format!(
                "the E2B template {:?} was not built from sandbox/e2b (build it with `e2b template build` there \
                 and set E2B_TEMPLATE to its name)",
                p.template()
            ),
        }
    }

    /// The provider's name, as metrics label it.
    pub(crate) fn name(&self) -> &'static str {
        match self {
            Self::Local(_) => "local",
            Self::E2b(_) => "e2b",
        }
    }

    pub(crate) async fn create(&self, spec: &CreateSpec) -> Result<SandboxHandle, SandboxError> {
        match self {
            Self::Local(p) => p.create(spec).await,
            Self::E2b(p) => p.create(spec).await,
        }
    }

    pub(crate) async fn write_files(
        &self,
        h: &SandboxHandle,
        files: &[FileWrite<'_>],
    ) -> Result<(), SandboxError> {
        match self {
            Self::Local(p) => p.write_files(h, files).await,
            Self::E2b(p) => p.write_files(h, files).await,
        }
    }

    pub(crate) async fn read_file(
        &self,
        h: &SandboxHandle,
        path: &[&str],
        max: u64,
    ) -> Result<Option<Vec<u8>>, SandboxError> {
        match self {
            Self::Local(p) => p.read_file(h, path, max).await,
            Self::E2b(p) => p.read_file(h, path, max).await,
        }
    }

    pub(crate) async fn remove_file(
        &self,
        h: &SandboxHandle,
        path: &[&str],
    ) -> Result<(), SandboxError> {
        match self {
            Self::Local(p) => p.remove_file(h, path).await,
            Self::E2b(p) => p.remove_file(h, path).await,
        }
    }

    pub(crate) async fn run(
        &self,
        h: &SandboxHandle,
        argv: &[&str],
        wall: Duration,
    ) -> Result<RawRun, SandboxError> {
        match self {
            Self::Local(p) => p.run(h, argv, wall).await,
            Self::E2b(p) => p.run(h, argv, wall).await,
        }
    }

    pub(crate) async fn close(&self, h: &SandboxHandle) -> Result<(), SandboxError> {
        match self {
            Self::Local(p) => p.close(h).await,
            Self::E2b(p) => p.close(h).await,
        }
    }

    pub(crate) async fn reconnect(
        &self,
        id: &str,
        assessment_id: i64,
        lifetime: Duration,
    ) -> Result<Reconnected, SandboxError> {
        match self {
            Self::Local(p) => p.reconnect(id, assessment_id, lifetime).await,
            Self::E2b(p) => p.reconnect(id, assessment_id, lifetime).await,
        }
    }

    pub(crate) async fn sweep_idle(&self, older_than: Duration) -> Result<usize, SandboxError> {
        match self {
            Self::Local(p) => p.sweep_idle(older_than).await,
            Self::E2b(p) => p.sweep_idle(older_than).await,
        }
    }

    pub(crate) async fn open_sandboxes(&self) -> Result<Vec<SandboxHandle>, SandboxError> {
        match self {
            Self::Local(p) => p.open_sandboxes(),
            Self::E2b(p) => p.open_sandboxes().await,
        }
    }

    pub(crate) fn available_packages(&self) -> Vec<(String, String)> {
        match self {
            Self::Local(p) => p.available_packages(),
            Self::E2b(p) => p.available_packages(),
        }
    }
}
