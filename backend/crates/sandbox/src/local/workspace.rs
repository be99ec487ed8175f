//! Per-sandbox workspaces on the host: `<dir>/<id>/` (bound to /workspace), backed when the server is root by
//! `<dir>/<id>.img`, a sparse ext4 image loop-mounted `nosymfollow,nosuid,nodev,noexec`, so total disk and inodes
//! are capped and no host read follows a candidate symlink. `<dir>/<id>.json` records the owner; its mtime is
//! the last use.

use std::fs;
use std::io;
use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde::{Deserialize, Serialize};
use tokio::process::Command;

const INODES: &str = "4096";
const ID_PREFIX: &str = "sbx-";

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Meta {
    pub assessment_id: i64,
    pub organization_id: Option<i64>,
    /// Host uid the sandbox runs as (root server only).
    pub uid: Option<u32>,
    pub expires_at_unix: i64,
}

pub(crate) fn new_id() -> String {
    format!("{ID_PREFIX}{}", uuid::Uuid::new_v4().simple())
}

/// Ids come back from clients: only our own format may become part of a host path.
pub(crate) fn is_valid_id(id: &str) -> bool {
    id.strip_prefix(ID_PREFIX).is_some_and(|rest| {
        rest.len() == 32
            && rest
                .bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
    })
}

#[derive(Debug, Clone)]
pub(crate) struct Workspaces {
    pub dir: PathBuf,
    pub quota_bytes: u64,
    /// Root server: loop-mounted images; otherwise plain directories without a disk quota.
    pub use_images: bool,
}

impl Workspaces {
    pub(crate) fn root(&self, id: &str) -> PathBuf {
        self.dir.join(id)
    }

    fn image(&self, id: &str) -> PathBuf {
        self.dir.join(format!("{id}.img"))
    }

    fn meta_path(&self, id: &str) -> PathBuf {
        self.dir.join(format!("{id}.json"))
    }

    pub(crate) fn prepare_dir(&self) -> io::Result<()> {
        fs::DirBuilder::new()
            .recursive(true)
            .mode(0o711)
            .create(&self.dir)?;
        // Sandbox uids must traverse it to reach their own workspace, and nothing more.
        fs::set_permissions(&self.dir, fs::Permissions::from_mode(0o711))
    }

    pub(crate) async fn create(&self, id: &str, meta: &Meta) -> io::Result<()> {
        let root = self.root(id);
        fs::DirBuilder::new().mode(0o755).create(&root)?;
        self.save_meta(id, meta)?;
        if !self.use_images {
            return Ok(());
        }
        let image = self.image(id);
        let file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&image)?;
        file.set_len(self.quota_bytes)?;
        drop(file);
        let owner = meta.uid.unwrap_or(0);
        let mut mkfs = Command::new("mkfs.ext4");
        mkfs.args([
            "-q",
            "-F",
            "-m",
            "0",
            "-N",
            INODES,
            "-E",
            &format!("root_owner={owner}:{owner}"),
        ])
        .arg(&image);
        run_tool(mkfs).await?;
        self.mount(id).await
    }

    async fn mount(&self, id: &str) -> io::Result<()> {
        let root = self.root(id);
        let mut mount = Command::new("mount");
        mount
            .args(["-o", "loop,nosymfollow,nosuid,nodev,noexec"])
            .arg(self.image(id))
            .arg(&root);
        run_tool(mount).await?;
        match fs::remove_dir(root.join("lost+found")) {
            Err(err) if err.kind() != io::ErrorKind::NotFound => Err(err),
            _ => Ok(()),
        }
    }

    /// Mounts the image again after a server restart; `Ok(false)` when the workspace no longer exists.
    pub(crate) async fn ensure_ready(&self, id: &str) -> io::Result<bool> {
        if !self.meta_path(id).exists() || !self.root(id).is_dir() {
            return Ok(false);
        }
        if self.use_images && !is_mount_point(&self.root(id))? {
            if !self.image(id).exists() {
                return Ok(false);
            }
            self.mount(id).await?;
        }
        Ok(true)
    }

    pub(crate) async fn destroy(&self, id: &str) -> io::Result<()> {
        let root = self.root(id);
        if self.use_images && is_mount_point(&root)? {
            // Lazy: a run still holding the mount finishes against the detached filesystem.
            let mut umount = Command::new("umount");
            umount.arg("-l").arg(&root);
            run_tool(umount).await?;
        }
        if self.use_images {
            remove_if_present(fs::remove_dir(&root))?;
            remove_if_present(fs::remove_file(self.image(id)))?;
        } else {
            remove_if_present(fs::remove_dir_all(&root))?;
        }
        remove_if_present(fs::remove_file(self.meta_path(id)))
    }

    fn save_meta(&self, id: &str, meta: &Meta) -> io::Result<()> {
        fs::write(self.meta_path(id), serde_json::to_vec(meta)?)
    }

    pub(crate) fn load_meta(&self, id: &str) -> io::Result<Option<Meta>> {
        match fs::read(self.meta_path(id)) {
            Ok(bytes) => Ok(Some(serde_json::from_slice(&bytes)?)),
            Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(err) => Err(err),
        }
    }

    pub(crate) fn touch(&self, id: &str) -> io::Result<()> {
        fs::File::options()
            .write(true)
            .open(self.meta_path(id))?
            .set_modified(SystemTime::now())
    }

    /// Every workspace with its metadata and last use.
    pub(crate) fn list(&self) -> io::Result<Vec<(String, Meta, SystemTime)>> {
        let mut found = Vec::new();
        for entry in fs::read_dir(&self.dir)? {
            let entry = entry?;
            let name = entry.file_name();
            let Some(id) = name
                .to_str()
                .and_then(|n| n.strip_suffix(".json"))
                .filter(|id| is_valid_id(id))
            else {
                continue;
            };
            if let Some(meta) = self.load_meta(id)? {
                found.push((id.to_string(), meta, entry.metadata()?.modified()?));
            }
        }
        Ok(found)
    }
}

fn remove_if_present(result: io::Result<()>) -> io::Result<()> {
    match result {
        Err(err) if err.kind() != io::ErrorKind::NotFound => Err(err),
        _ => Ok(()),
    }
}

async fn run_tool(mut cmd: Command) -> io::Result<()> {
    let output = cmd
        .env_clear()
        .env("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")
        .output()
        .await?;
    if output.status.success() {
        return Ok(());
    }
    let program = cmd.as_std().get_program().to_string_lossy().into_owned();
    Err(io::Error::other(format!(
        "{program} failed: {}",
        String::from_utf8_lossy(&output.stderr).trim()
    )))
}

/// Whether `path` is a mount point, from /proc/self/mountinfo (field 5, with spaces etc. octal-escaped).
fn is_mount_point(path: &Path) -> io::Result<bool> {
    let wanted = path
        .display()
        .to_string()
        .replace('\\', "\\134")
        .replace(' ', "\\040")
        .replace('\t', "\\011");
    let wanted = wanted.replace('\n', "\\012");
    let mountinfo = fs::read_to_string("/proc/self/mountinfo")?;
    Ok(mountinfo
        .lines()
        .any(|line| line.split(' ').nth(4) == Some(wanted.as_str())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_checked_before_use_in_paths() {
        assert!(is_valid_id(&new_id()));
        for bad in [
            "",
            "sbx-",
            "sbx-../../etc",
            "other-0123456789abcdef0123456789abcdef",
            "sbx-0123456789ABCDEF0123456789abcdef",
        ] {
            assert!(!is_valid_id(bad), "{bad:?} accepted");
        }
    }
}
