//! Files that hold register data: an advisory lock beside the register that
//! every Wenze process respects, and owner-only (0600) atomic writes.
//!
//! The lock lives in `<register>.lock` (never deleted: deleting a lock file
//! races with the next process taking it). Every open register holds a shared
//! lock for its lifetime; restore takes it exclusively, so it never swaps the
//! file under a running writer, and a process that opens while a restore runs
//! waits for it. Opening runs migrations under the exclusive lock, so two
//! processes opening a new file at once never both create the schema.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::{Result, StorageError};

/// How long an open waits for a restore (or a migration) in another process.
pub(crate) const OPEN_WAIT: Duration = Duration::from_secs(30);
/// How long a restore waits for other Wenze processes to close the register.
pub(crate) const RESTORE_WAIT: Duration = Duration::from_secs(5);

/// `path` with `suffix` appended to the file name (`w.db` → `w.db-wal`).
pub(crate) fn sidecar(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// A held lock on a register (released when dropped).
#[derive(Debug)]
pub struct RegisterLock {
    file: File,
    exclusive: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Shared,
    Exclusive,
}

fn open_lock_file(db: &Path) -> Result<File> {
    let path = sidecar(db, ".lock");
    let mut options = OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    options.open(&path).map_err(|source| StorageError::Lock {
        path: path.clone(),
        source,
    })
}

fn take(file: &File, mode: Mode, wait: Duration) -> std::result::Result<bool, std::io::Error> {
    let start = Instant::now();
    loop {
        let r = match mode {
            Mode::Shared => file.try_lock_shared(),
            Mode::Exclusive => file.try_lock(),
        };
        match r {
            Ok(()) => return Ok(true),
            Err(TryLockError::WouldBlock) => {
                if start.elapsed() >= wait {
                    return Ok(false);
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            Err(TryLockError::Error(e)) => return Err(e),
        }
    }
}

impl RegisterLock {
    /// Exclusive lock for opening (examine, create, migrate) or restoring.
    pub fn exclusive(db: &Path, wait: Duration, busy_message: &str) -> Result<Self> {
        let file = open_lock_file(db)?;
        match take(&file, Mode::Exclusive, wait) {
            Ok(true) => Ok(RegisterLock {
                file,
                exclusive: true,
            }),
            Ok(false) => Err(StorageError::Forbidden(busy_message.to_owned())),
            // A file system without locks (some network shares): carry on
            // unlocked rather than refusing to work at all.
            Err(_) => Ok(RegisterLock {
                file,
                exclusive: true,
            }),
        }
    }

    /// Shared lock held while the register is open.
    pub(crate) fn shared(db: &Path, wait: Duration) -> Result<Self> {
        let file = open_lock_file(db)?;
        match take(&file, Mode::Shared, wait) {
            Ok(true) | Err(_) => Ok(RegisterLock {
                file,
                exclusive: false,
            }),
            Ok(false) => Err(StorageError::Forbidden(
                "数据库正在由另一个 Wenze 窗口或命令恢复或升级，等待超时。请稍后重试。".to_owned(),
            )),
        }
    }

    /// From exclusive to shared. Not atomic on every platform (flock drops
    /// and retakes), so callers re-check that the file is still the same one.
    pub(crate) fn downgrade(self, db: &Path, wait: Duration) -> Result<Self> {
        if !self.exclusive {
            return Ok(self);
        }
        let _ = self.file.unlock();
        drop(self);
        Self::shared(db, wait)
    }
}

/// Identity of a file (device + inode on Unix; size + mtime elsewhere), to
/// notice a register swapped by a restore between two steps.
pub(crate) fn file_identity(path: &Path) -> Option<(u64, u64)> {
    let m = std::fs::metadata(path).ok()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        Some((m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        let t = m
            .created()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0);
        Some((t, 0))
    }
}

/// Options for a new owner-only file (0600 on Unix).
pub(crate) fn private_options() -> OpenOptions {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    options
}

/// A unique temporary name beside `dest` (same directory, so rename is atomic).
pub(crate) fn temp_beside(dest: &Path) -> PathBuf {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "wenze".to_owned());
    let tmp = format!(".{name}.{}-{n}.tmp", std::process::id());
    match dest.parent().filter(|d| !d.as_os_str().is_empty()) {
        Some(dir) => dir.join(tmp),
        None => PathBuf::from(tmp),
    }
}

/// Flush a file SQLite has written and closed to disk. Opened for writing:
/// Windows refuses to flush a handle opened only for reading.
pub(crate) fn sync_file(path: &Path) -> std::io::Result<()> {
    OpenOptions::new().write(true).open(path)?.sync_all()
}

/// Flush a directory entry change (rename) to disk where the OS allows it
/// (on Windows a rename is made durable by the file system itself).
#[cfg_attr(not(unix), allow(unused_variables))]
pub(crate) fn sync_dir(path: &Path) {
    #[cfg(unix)]
    if let Some(dir) = path.parent() {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        if let Ok(d) = File::open(dir) {
            // Best effort: some file systems refuse fsync on directories.
            let _ = d.sync_all();
        }
    }
}

/// Write `bytes` to `dest` owner-only (0600) and atomically: a temporary file
/// beside it, fsync, rename. A full disk leaves any existing `dest` untouched
/// and no temporary file behind.
/// The folder must exist (a mistyped folder is an error, not created).
/// An existing `dest` that is not a regular file (a device node, a folder,
/// a pipe, a symbolic link) is refused, never replaced.
pub(crate) fn write_private(dest: &Path, bytes: &[u8]) -> std::io::Result<()> {
    refuse_non_regular(dest)?;
    let tmp = temp_beside(dest);
    let result = (|| {
        let mut f = private_options().open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        std::fs::rename(&tmp, dest)
    })();
    match result {
        Ok(()) => {
            sync_dir(dest);
            Ok(())
        }
        Err(e) => {
            // The temporary file is ours and incomplete: remove it.
            let _ = std::fs::remove_file(&tmp);
            Err(e)
        }
    }
}

/// Refuse a target that exists and is not a regular file: `--out /dev/full`
/// must not replace the device with a file, a folder or a link must not be
/// swapped for a document.
pub(crate) fn refuse_non_regular(dest: &Path) -> std::io::Result<()> {
    match std::fs::symlink_metadata(dest) {
        Ok(m) if !m.file_type().is_file() => Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            NotRegular(if m.file_type().is_dir() {
                "文件夹"
            } else if m.file_type().is_symlink() {
                "符号链接"
            } else {
                "设备或特殊文件"
            }),
        )),
        _ => Ok(()),
    }
}

/// The Chinese reason a target path is refused ([`refuse_non_regular`]).
#[derive(Debug)]
pub(crate) struct NotRegular(&'static str);

impl std::fmt::Display for NotRegular {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "目标已存在且是{}，不是普通文件，未写入也未替换它",
            self.0
        )
    }
}

impl std::error::Error for NotRegular {}

/// Create `dir` and any missing parents owner-only (0700 on Unix, whatever
/// the umask: a folder created under umask 000 is not world-writable).
/// Folders that already exist are left as they are.
pub(crate) fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt as _;
        builder.mode(0o700);
    }
    builder.create(dir)
}

/// A folder only we may use (the viewer/print folder in the shared temporary
/// directory): created 0700; an existing one must be a real folder (not a
/// link) owned by this user, and is narrowed to 0700 if it was wider. One
/// owned by another user is refused.
pub(crate) fn own_private_dir(dir: &Path) -> std::io::Result<()> {
    create_private_dir(dir)?;
    let m = std::fs::symlink_metadata(dir)?;
    if !m.file_type().is_dir() {
        return Err(std::io::Error::other(ForeignDir(
            "不是文件夹（可能是链接）",
        )));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::{MetadataExt as _, PermissionsExt as _};
        // SAFETY: geteuid has no preconditions and cannot fail.
        let me = unsafe { libc::geteuid() };
        if m.uid() != me {
            return Err(std::io::Error::other(ForeignDir("属于其他用户")));
        }
        if m.mode() & 0o077 != 0 {
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
        }
    }
    Ok(())
}

/// Why a shared-temporary folder was not used ([`own_private_dir`]).
#[derive(Debug)]
pub(crate) struct ForeignDir(&'static str);

impl std::fmt::Display for ForeignDir {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "该文件夹{}，为保护案件数据未使用它", self.0)
    }
}

impl std::error::Error for ForeignDir {}

/// Make an existing file owner-only (0600).
pub(crate) fn make_private(path: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}
