//! Host-side access to a workspace the candidate controls. Every component is opened with O_NOFOLLOW relative to
//! its parent directory, so a candidate-made symlink (or a directory swapped for one) can never redirect a write
//! or read of the root-run server outside the workspace (the Judge0 CVE-2024-28185 class). O_NONBLOCK plus a
//! regular-file check stops a planted FIFO from stalling the server.

use std::fs::File;
use std::io::{self, Read, Write};
use std::os::fd::OwnedFd;
use std::path::Path;

use rustix::fs::{AtFlags, FileType, Mode, OFlags, fchown, fstat, mkdirat, openat, unlinkat};
use rustix::io::Errno;
use rustix::process::{Gid, Uid};

const DIR_FLAGS: OFlags = OFlags::RDONLY
    .union(OFlags::DIRECTORY)
    .union(OFlags::NOFOLLOW)
    .union(OFlags::CLOEXEC);

/// Who owns what the server creates: the sandbox's host uid, or nobody to change (unprivileged server).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Owner(pub Option<u32>);

impl Owner {
    fn apply(self, fd: &OwnedFd) -> io::Result<()> {
        if let Some(uid) = self.0 {
            fchown(fd, Some(Uid::from_raw(uid)), Some(Gid::from_raw(uid)))?;
        }
        Ok(())
    }
}

fn open_root(root: &Path) -> io::Result<OwnedFd> {
    Ok(openat(rustix::fs::CWD, root, DIR_FLAGS, Mode::empty())?)
}

/// Opens the directory holding the last component, creating missing directories when `owner` is given.
fn open_parent(root: &Path, dirs: &[&str], create: Option<Owner>) -> io::Result<OwnedFd> {
    let mut dir = open_root(root)?;
    for name in dirs {
        if let Some(owner) = create {
            match mkdirat(&dir, *name, Mode::from_raw_mode(0o755)) {
                Ok(()) => {
                    let created = openat(&dir, *name, DIR_FLAGS, Mode::empty())?;
                    owner.apply(&created)?;
                    dir = created;
                    continue;
                }
                Err(Errno::EXIST) => {}
                Err(err) => return Err(err.into()),
            }
        }
        dir = openat(&dir, *name, DIR_FLAGS, Mode::empty()).map_err(not_a_directory)?;
    }
    Ok(dir)
}

fn not_a_directory(err: Errno) -> io::Error {
    match err {
        Errno::LOOP | Errno::NOTDIR => io::Error::new(
            io::ErrorKind::InvalidInput,
            "a path component is not a directory",
        ),
        other => other.into(),
    }
}

fn ensure_regular(fd: &OwnedFd) -> io::Result<()> {
    let stat = fstat(fd)?;
    if FileType::from_raw_mode(stat.st_mode) != FileType::RegularFile {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "not a regular file",
        ));
    }
    Ok(())
}

fn split<'a>(components: &'a [&'a str]) -> io::Result<(&'a [&'a str], &'a str)> {
    match components.split_last() {
        Some((name, dirs)) => Ok((dirs, name)),
        None => Err(io::Error::new(io::ErrorKind::InvalidInput, "empty path")),
    }
}

pub(crate) fn write_file(
    root: &Path,
    components: &[&str],
    content: &[u8],
    owner: Owner,
) -> io::Result<()> {
    let (dirs, name) = split(components)?;
    let dir = open_parent(root, dirs, Some(owner))?;
    let flags =
        OFlags::WRONLY | OFlags::CREATE | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC;
    let fd = openat(&dir, name, flags, Mode::from_raw_mode(0o644)).map_err(|err| match err {
        Errno::LOOP | Errno::NXIO => {
            io::Error::new(io::ErrorKind::InvalidInput, "not a regular file")
        }
        other => other.into(),
    })?;
    ensure_regular(&fd)?;
    owner.apply(&fd)?;
    let mut file = File::from(fd);
    file.set_len(0)?;
    file.write_all(content)
}

/// Reads at most `max_bytes`; `Ok(None)` when the file does not exist.
pub(crate) fn read_file(
    root: &Path,
    components: &[&str],
    max_bytes: u64,
) -> io::Result<Option<Vec<u8>>> {
    let (dirs, name) = split(components)?;
    let opened = open_parent(root, dirs, None).and_then(|dir| {
        let flags = OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC;
        Ok(openat(&dir, name, flags, Mode::empty())?)
    });
    let fd = match opened {
        Ok(fd) => fd,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(err) => return Err(err),
    };
    ensure_regular(&fd)?;
    let mut content = Vec::new();
    File::from(fd)
        .take(max_bytes + 1)
        .read_to_end(&mut content)?;
    if content.len() as u64 > max_bytes {
        return Err(io::Error::new(io::ErrorKind::InvalidData, "file too large"));
    }
    Ok(Some(content))
}

/// Removes a file if present (unlinkat never follows the last component).
pub(crate) fn remove_file(root: &Path, components: &[&str]) -> io::Result<()> {
    let (dirs, name) = split(components)?;
    let dir = match open_parent(root, dirs, None) {
        Ok(dir) => dir,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(err) => return Err(err),
    };
    match unlinkat(&dir, name, AtFlags::empty()) {
        Ok(()) | Err(Errno::NOENT) => Ok(()),
        Err(err) => Err(err.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch() -> std::path::PathBuf {
        let dir =
            std::env::temp_dir().join(format!("tali-hostile-fs-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn writes_reads_and_removes_nested_files() {
        let root = scratch();
        write_file(&root, &["a", "b.txt"], b"hello", Owner(None)).unwrap();
        write_file(&root, &["a", "b.txt"], b"hi", Owner(None)).unwrap();
        assert_eq!(
            read_file(&root, &["a", "b.txt"], 10).unwrap().unwrap(),
            b"hi"
        );
        assert!(read_file(&root, &["a", "b.txt"], 1).is_err());
        remove_file(&root, &["a", "b.txt"]).unwrap();
        assert_eq!(read_file(&root, &["a", "b.txt"], 10).unwrap(), None);
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn never_follows_symlinks() {
        let root = scratch();
        let outside = scratch();
        std::fs::write(outside.join("secret"), "s3cret").unwrap();
        std::os::unix::fs::symlink(outside.join("secret"), root.join("link")).unwrap();
        std::os::unix::fs::symlink(&outside, root.join("dir")).unwrap();
        assert!(read_file(&root, &["link"], 100).is_err());
        assert!(write_file(&root, &["link"], b"x", Owner(None)).is_err());
        assert!(write_file(&root, &["dir", "secret"], b"x", Owner(None)).is_err());
        assert!(read_file(&root, &["dir", "secret"], 100).is_err());
        assert_eq!(
            std::fs::read_to_string(outside.join("secret")).unwrap(),
            "s3cret"
        );
        std::fs::remove_dir_all(&root).unwrap();
        std::fs::remove_dir_all(&outside).unwrap();
    }
}
