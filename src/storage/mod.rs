//! The register: one SQLite file. All SQL of the application lives in this
//! module, behind typed methods; nothing outside it imports rusqlite.

mod audit;
pub mod backup;
pub mod convert;
pub mod demo;
mod import;
mod leftovers;
pub mod lock;
mod migrations;
pub(crate) mod procedure;
pub mod register;
pub mod search;
pub(crate) mod views;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

pub use migrations::SCHEMA_VERSION;

/// `PRAGMA application_id` of a Wenze register ("WENZ").
pub const APPLICATION_ID: i32 = 0x5745_4E5A;

/// What can go wrong with the register file. Messages are for the clerk.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error(
        "无法创建数据目录 {path}：{}。请检查磁盘空间和写入权限，或用 --db 指定其他位置。",
        crate::zh::io_making_folder(source)
    )]
    CreateDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "无法创建数据库文件 {}：{}。请检查磁盘空间和该文件夹的写入权限，或用 --db 指定其他位置。",
        path.display(),
        crate::zh::io(source)
    )]
    CreateFile {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "无法创建或打开锁文件 {path}：{}。请检查数据库所在文件夹的写入权限（本程序用它协调多个窗口和命令）。",
        crate::zh::io(source)
    )]
    Lock {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("无法读取文件 {path}：{}。请检查文件权限。", crate::zh::io(source))]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "文件 {path} 不是问责案件数据库（文件头不符）。文件未作任何改动；请选择正确的数据库文件，或从备份恢复。"
    )]
    NotWenze { path: PathBuf },
    #[error("数据库文件 {path} 已损坏或不完整（{detail}）。文件未作任何改动；请从备份恢复。")]
    Corrupt { path: PathBuf, detail: String },
    #[error(
        "数据库文件 {path} 由更新版本的本软件创建（结构版本 {found}，本程序支持 {supported}）。文件未作任何改动；请升级本软件。"
    )]
    NewerSchema {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    #[error("数据库正被其他程序占用，等待超时。请关闭其他正在使用该文件的窗口后重试。")]
    Busy,
    #[error("磁盘已满，数据未能写入。请清理磁盘空间后重试；已保存的数据完好。")]
    DiskFull,
    /// Reading the file failed in the operating system (a disk removed or
    /// failing), not because the register is damaged.
    #[error(
        "读写数据库文件 {path} 时磁盘出错（磁盘可能已拔出、已满或有故障）。文件未作任何改动；请检查磁盘后重试。"
    )]
    DiskIo { path: PathBuf },
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    Invalid(String),
    /// A stored value outside its closed set (`convert.rs`).
    #[error("{0}")]
    UnknownValue(String),
    #[error("数据库操作失败：{0}")]
    Sqlite(String),
}

impl From<rusqlite::Error> for StorageError {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode;
        match e.sqlite_error_code() {
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StorageError::Busy,
            Some(ErrorCode::DiskFull) => StorageError::DiskFull,
            _ => match convert::unknown_value(&e) {
                Some(message) => StorageError::UnknownValue(message),
                None => StorageError::Sqlite(crate::zh::sqlite(&e)),
            },
        }
    }
}

pub(crate) type Result<T> = std::result::Result<T, StorageError>;

/// An open register.
pub struct Storage {
    pub(crate) conn: Connection,
    pub(crate) path: PathBuf,
    /// Who is acting, for the audit log.
    pub(crate) actor: String,
    /// Shared lock on the register held while it is open (none for the
    /// query thread's second connection, which lives inside a process that
    /// already holds one).
    pub(crate) lock: Option<lock::RegisterLock>,
    /// Inside one act (`Storage::act`): every write joins its transaction.
    pub(crate) in_act: bool,
    /// The signed-in user whose key signs every entry written (none before
    /// sign-in: then nothing that writes data rows is written).
    pub(crate) signer: Option<audit::Signer>,
    /// What is wrong with the register's protective triggers, found at
    /// open (`audit::schema_problems`); while set, nothing is written.
    pub(crate) tampered: Option<String>,
    /// Whether the full page check (`quick_check`) has passed on this
    /// connection: it runs before the first write, so nothing is ever
    /// written into a register known to be damaged.
    pub(crate) soundness: Soundness,
}

/// What the full page check found ([`Storage::quick_check`]).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) enum Soundness {
    /// Not yet checked on this connection.
    #[default]
    Unchecked,
    /// Checked: every page sound.
    Sound,
    /// Damaged (SQLite's words on the damage); nothing is written.
    Damaged(String),
    /// Opened for reading on a full disk; nothing can be written.
    DiskFull,
}

impl Drop for Storage {
    /// Fold the WAL back into the main file, so that the `.db` alone is the
    /// complete register once no process has it open (a clerk copying
    /// `wenze.db` to a USB stick gets everything).
    fn drop(&mut self) {
        if self.lock.is_some() {
            self.checkpoint();
        }
    }
}

impl std::fmt::Debug for Storage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Storage").field("path", &self.path).finish()
    }
}

const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// The largest register whose full page check runs before a process's
/// first write (about 0.7 s at 52 MB, 3–6 s at 310 MB): larger ones are
/// checked by the window in the background and before every backup.
const CHECK_BEFORE_WRITE_MAX: u64 = 256 << 20;

/// How long an ordinary write waits for another process's transaction.
const BUSY_WAIT: Duration = Duration::from_secs(5);

impl Storage {
    /// A storage over `conn` (the one place its fields are set): acting as
    /// 系统 until someone signs in, no lock (the caller adds the one it
    /// holds), nothing checked yet unless `soundness` says otherwise.
    pub(crate) fn over(conn: Connection, path: &Path, soundness: Soundness) -> Self {
        Storage {
            conn,
            path: path.to_path_buf(),
            actor: "系统".to_owned(),
            lock: None,
            in_act: false,
            signer: None,
            tampered: None,
            soundness,
        }
    }

    /// Open the register at `path`, creating it (and its folder) when absent.
    ///
    /// An existing file is first examined read-only: a file that is not a
    /// Wenze register, is corrupt, or has a newer schema is reported and left
    /// byte-for-byte untouched.
    pub fn open(path: &Path) -> Result<Self> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            lock::create_private_dir(dir).map_err(|source| StorageError::CreateDir {
                path: dir.to_path_buf(),
                source,
            })?;
        }
        // A restore in another process may swap the file between the
        // examination and the lock: then examine the new file again.
        for _ in 0..20 {
            let before = lock::file_identity(path);
            if before.is_some() {
                // Before any lock file is created: a refused file gets nothing beside it.
                match Self::examine_settled(path) {
                    // A full disk: the register is still read (and said to be
                    // full at the first write).
                    Err(StorageError::DiskFull) => return Self::open_when_full(path),
                    other => other?,
                }
            }
            let held = lock::RegisterLock::shared(path, lock::OPEN_WAIT)?;
            if before.is_some() && lock::file_identity(path) != before {
                continue;
            }
            if before.is_none() {
                // A new register is built beside its place and renamed into
                // it complete: a first start killed at any moment leaves no
                // half-made register (only a temporary file, cleaned at the
                // next open).
                drop(held);
                let excl = lock::RegisterLock::exclusive(
                    path,
                    lock::OPEN_WAIT,
                    "数据库正被另一个 Wenze 窗口或命令创建，等待超时。请稍后重试。",
                )?;
                if lock::file_identity(path).is_none() {
                    leftovers::clean(path);
                    create_beside(path)?;
                }
                drop(excl);
                continue;
            }
            let conn = Self::connect(path)?;
            // While the register is being created or upgraded by another
            // process (every first open of a new file at once, say), its
            // SQLite locks are waited for as long as the file lock is.
            conn.busy_timeout(lock::OPEN_WAIT)?;
            let opened = lock::file_identity(path);
            let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
            let mut storage = Storage::over(conn, path, Soundness::Unchecked);
            if version >= SCHEMA_VERSION {
                storage.lock = Some(held);
                // Leftovers of our own killed creations and restores.
                leftovers::clean(path);
                // A register migrated elsewhere (e.g. by a restore) may still
                // ask for its search index to be rebuilt.
                storage.after_migrations()?;
                storage.conn.busy_timeout(BUSY_WAIT)?;
                return Ok(storage);
            }
            // Migrations run under the exclusive lock (and re-check the
            // version inside their transaction): two processes opening a new
            // file at once create the schema once.
            drop(held);
            let excl = lock::RegisterLock::exclusive(
                path,
                lock::OPEN_WAIT,
                "数据库正被另一个 Wenze 窗口或命令升级或恢复，等待超时。请稍后重试。",
            )?;
            if lock::file_identity(path) != opened {
                continue;
            }
            migrations::migrate(&mut storage.conn)?;
            storage.after_migrations()?;
            let id = lock::file_identity(path);
            let shared = excl.downgrade(path, lock::OPEN_WAIT)?;
            if lock::file_identity(path) != id {
                continue;
            }
            storage.lock = Some(shared);
            storage.conn.busy_timeout(BUSY_WAIT)?;
            return Ok(storage);
        }
        Err(StorageError::Busy)
    }

    /// The register on a full disk, for reading: SQLite cannot create its
    /// shared-memory file there, so the file is read immutable when its WAL
    /// is folded in (as Wenze leaves it on close) or with the WAL index in
    /// memory (exclusive locking) when not. Every write is refused with
    /// 磁盘已满 ([`Soundness::DiskFull`]).
    fn open_when_full(path: &Path) -> Result<Self> {
        let wal = std::fs::metadata(lock::sidecar(path, "-wal")).is_ok_and(|m| m.len() > 0);
        let conn = if wal {
            let conn = Connection::open_with_flags(
                path,
                OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )
            .map_err(|e| unreadable(path, e))?;
            conn.execute_batch("PRAGMA locking_mode = EXCLUSIVE;")
                .map_err(|e| unreadable(path, e))?;
            conn
        } else {
            Connection::open_with_flags(
                immutable_uri(path),
                OpenFlags::SQLITE_OPEN_READ_ONLY
                    | OpenFlags::SQLITE_OPEN_URI
                    | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )
            .map_err(|e| unreadable(path, e))?
        };
        conn.execute_batch("PRAGMA temp_store = MEMORY;")
            .map_err(|e| unreadable(path, e))?;
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| unreadable(path, e))?;
        if version < SCHEMA_VERSION {
            // An upgrade needs room to write.
            return Err(StorageError::DiskFull);
        }
        // No lock file can be made on a full disk; nothing is written.
        Ok(Storage::over(conn, path, Soundness::DiskFull))
    }

    /// Once the schema is current: compare the protective triggers with
    /// the expected ones (a register whose triggers were dropped or changed
    /// outside the program is opened for reading and verifying only), then
    /// the upkeep a migration may have asked for.
    fn after_migrations(&mut self) -> Result<()> {
        let problems = audit::schema_problems(&self.conn)?;
        if !problems.is_empty() {
            self.tampered = Some(problems.join("；"));
            return Ok(());
        }
        audit::install(&self.conn)?;
        search::reindex_all_if_asked(self)
    }

    /// What is wrong with the register's protective triggers, as found at
    /// open (none: they are as the program made them).
    pub fn schema_tampered(&self) -> Option<&str> {
        self.tampered.as_deref()
    }

    fn connect(path: &Path) -> Result<Connection> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(BUSY_WAIT)?;
        conn.execute_batch(
            "PRAGMA journal_mode = WAL;
             PRAGMA synchronous = FULL;
             PRAGMA foreign_keys = ON;
             PRAGMA secure_delete = FAST;",
        )?;
        Ok(conn)
    }

    /// `PRAGMA wal_checkpoint(TRUNCATE)`: everything committed moves into the
    /// main file and the `-wal` is emptied (best effort when another
    /// connection is reading; it never loses data, only postpones the fold).
    pub(crate) fn checkpoint(&self) {
        let _ = self.conn.busy_timeout(Duration::from_millis(500));
        let _ = self
            .conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
                r.get::<_, i64>(0)
            });
        let _ = self.conn.busy_timeout(Duration::from_secs(5));
    }

    /// [`Self::examine`], and when the file is refused, remove the empty
    /// `-wal`/`-shm` that SQLite's read-only open of a WAL-mode file creates,
    /// so a refused file is left exactly as it was found.
    /// Examine an existing file; one that another Wenze process is creating
    /// this instant (small, modified within the last seconds, its first page
    /// not yet written or not yet a register) is examined again a few times
    /// before it is refused, so processes opening a new register at once
    /// all succeed. A file that is not a register is refused as before.
    fn examine_settled(path: &Path) -> Result<()> {
        let young = || {
            std::fs::metadata(path).is_ok_and(|m| {
                m.len() < (1 << 20)
                    && m.modified()
                        .ok()
                        .and_then(|t| t.elapsed().ok())
                        .is_some_and(|age| age < Duration::from_secs(10))
            })
        };
        let mut tries = 0;
        loop {
            match Self::examine_leaving_nothing(path) {
                Err(StorageError::NotWenze { .. } | StorageError::Corrupt { .. })
                    if tries < 20 && young() =>
                {
                    tries += 1;
                    std::thread::sleep(Duration::from_millis(50));
                }
                other => return other,
            }
        }
    }

    fn examine_leaving_nothing(path: &Path) -> Result<()> {
        let sides = [lock::sidecar(path, "-wal"), lock::sidecar(path, "-shm")];
        let existed: Vec<bool> = sides.iter().map(|p| p.exists()).collect();
        let result = Self::examine(path);
        if result.is_err() {
            for (side, existed) in sides.iter().zip(existed) {
                let empty_wal = side.to_string_lossy().ends_with("-shm")
                    || std::fs::metadata(side).is_ok_and(|m| m.len() == 0);
                if !existed && empty_wal && side.exists() {
                    // Ours, just created and holding nothing.
                    if let Err(e) = std::fs::remove_file(side) {
                        eprintln!("注意：无法删除 {}：{}", side.display(), crate::zh::io(&e));
                    }
                }
            }
        }
        result
    }

    /// Read-only checks of an existing file; never writes to it.
    ///
    /// The header (SQLite magic, page size), truncation (the header's page
    /// count against the file size), application id, schema version, a
    /// readable schema and every table's root page. The full scan
    /// ([`Storage::quick_check`]) is not run here: it took ~60 ms of an 80 ms
    /// command on a 34 MB register and 9 s on 1.4 GB.
    pub(super) fn examine(path: &Path) -> Result<()> {
        use std::io::Read as _;
        let corrupt = |detail: String| StorageError::Corrupt {
            path: path.to_path_buf(),
            detail,
        };
        let read_err = |source| StorageError::Read {
            path: path.to_path_buf(),
            source,
        };
        let mut file = std::fs::File::open(path).map_err(read_err)?;
        let len = file.metadata().map_err(read_err)?.len();
        if len == 0 {
            // An empty file (e.g. touched by hand) is a fresh register.
            return Ok(());
        }
        let mut header = [0u8; 100];
        if len < 100 || file.read_exact(&mut header).is_err() || &header[..16] != SQLITE_HEADER {
            return Err(StorageError::NotWenze {
                path: path.to_path_buf(),
            });
        }
        let page_size = match u16::from_be_bytes([header[16], header[17]]) {
            1 => 65_536u64,
            n => u64::from(n),
        };
        let pages = u64::from(u32::from_be_bytes([
            header[28], header[29], header[30], header[31],
        ]));
        let valid_for = u32::from_be_bytes([header[92], header[93], header[94], header[95]]);
        let change = u32::from_be_bytes([header[24], header[25], header[26], header[27]]);
        // A crash during a WAL checkpoint can leave the header ahead of the
        // file; SQLite restores the pages from the -wal file on open, so the
        // size check only applies when there is no WAL to replay.
        let mut wal = path.as_os_str().to_owned();
        wal.push("-wal");
        let wal_len = std::fs::metadata(PathBuf::from(wal))
            .map(|m| m.len())
            .unwrap_or(0);
        if wal_len == 0 && valid_for == change && pages > 0 && pages * page_size > len {
            return Err(corrupt(format!(
                "文件被截断：应有 {} 字节，实际 {len} 字节",
                pages * page_size
            )));
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| unreadable(path, e))?;
        let app_id: i32 = conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .map_err(|e| unreadable(path, e))?;
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| unreadable(path, e))?;
        let tables: i64 = conn
            .query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))
            .map_err(|e| unreadable(path, e))?;
        if app_id != APPLICATION_ID && !(app_id == 0 && tables == 0) {
            return Err(StorageError::NotWenze {
                path: path.to_path_buf(),
            });
        }
        if version > SCHEMA_VERSION {
            return Err(StorageError::NewerSchema {
                path: path.to_path_buf(),
                found: version,
                supported: SCHEMA_VERSION,
            });
        }
        // Touch every table's root page (one page each, well under a
        // millisecond) so a damaged schema or root fails here; the full
        // scan is `quick_check`, run in the background by the window and
        // before every backup.
        let tables: Vec<String> = {
            let mut stmt = conn
                .prepare(
                    "SELECT name FROM sqlite_schema WHERE type = 'table'
                     AND sql NOT LIKE 'CREATE VIRTUAL%'",
                )
                .map_err(|e| unreadable(path, e))?;
            let rows = stmt
                .query_map([], |r| r.get::<_, String>(0))
                .map_err(|e| unreadable(path, e))?;
            rows.collect::<rusqlite::Result<_>>()
                .map_err(|e| unreadable(path, e))?
        };
        for table in tables {
            conn.query_row(
                &format!(
                    "SELECT count(*) FROM (SELECT 1 FROM \"{}\" LIMIT 1)",
                    table.replace('"', "\"\"")
                ),
                [],
                |r| r.get::<_, i64>(0),
            )
            .map_err(|e| unreadable(path, e))?;
        }
        Ok(())
    }

    /// The full `PRAGMA quick_check` of the register (every page; about 9 s
    /// for a 1.4 GB file). Not run at open: the window runs it in the
    /// background after opening, and every process before its first write
    /// (`ensure_sound`).
    pub fn quick_check(&self) -> Result<()> {
        self.check_pages("PRAGMA quick_check")
    }

    /// SQLite's `integrity_check` (every page, and every index against its
    /// table: the damage `quick_check` cannot see). Run before every backup,
    /// so a backup never carries damage that a restore would refuse.
    pub fn integrity_check(&self) -> Result<()> {
        self.check_pages("PRAGMA integrity_check(20)")
    }

    /// Run one of SQLite's checks; anything but "ok" is damage, in Chinese.
    fn check_pages(&self, pragma: &str) -> Result<()> {
        let check: String = self
            .conn
            .query_row(pragma, [], |r| r.get(0))
            .map_err(|e| unreadable(&self.path, e))?;
        if check != "ok" {
            return Err(StorageError::Corrupt {
                path: self.path.clone(),
                detail: crate::zh::sqlite_check(&check),
            });
        }
        Ok(())
    }

    /// Before the first write on this connection: the full page check, so
    /// nothing is written into a damaged register (a damaged one stays
    /// readable; every write is refused with what to do). Registers over
    /// [`CHECK_BEFORE_WRITE_MAX`] rely on the window's background check and
    /// the check before every backup instead.
    pub(crate) fn ensure_sound(&mut self) -> Result<()> {
        let large = std::fs::metadata(&self.path).is_ok_and(|m| m.len() > CHECK_BEFORE_WRITE_MAX);
        if self.soundness == Soundness::Unchecked && !large {
            self.soundness = match self.quick_check() {
                Ok(()) => Soundness::Sound,
                Err(StorageError::Corrupt { detail, .. }) => Soundness::Damaged(detail),
                Err(other) => return Err(other),
            };
        }
        match &self.soundness {
            Soundness::Damaged(detail) => Err(StorageError::Forbidden(format!(
                "数据库文件 {} 已损坏（{detail}），本程序不再向其中写入，以免损坏扩大；查阅不受影响。请由管理员从最近的备份恢复（wenze restore）。",
                self.path.display()
            ))),
            Soundness::DiskFull => Err(StorageError::DiskFull),
            _ => Ok(()),
        }
    }

    /// What the window's background check of this register found (it runs
    /// on a second connection): a sound result spares the first write its
    /// own check; damage stops every write.
    pub(crate) fn note_checked(&mut self, damage: Option<String>) {
        self.soundness = match damage {
            None => Soundness::Sound,
            Some(detail) => Soundness::Damaged(detail),
        };
    }

    /// How long a write waits for another process holding the file.
    pub fn set_busy_timeout(&self, wait: Duration) -> Result<()> {
        Ok(self.conn.busy_timeout(wait)?)
    }

    /// Cap the file at `pages` pages, so that growth fails with SQLITE_FULL
    /// exactly as on a full disk (fault-injection for tests).
    pub fn limit_pages_for_test(&self, pages: i64) {
        let _ = self
            .conn
            .query_row(&format!("PRAGMA max_page_count = {pages}"), [], |r| {
                r.get::<_, i64>(0)
            });
    }

    /// Where the file is.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version the file is at.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// Number of cases in the register (archived ones included).
    pub fn case_count(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM cases", [], |r| r.get(0))?)
    }
}

/// Build a new, complete register at a temporary name beside `path`
/// (owner-only), every migration applied and the WAL folded in, then rename
/// it into place. Called under the register's exclusive lock with `path`
/// absent.
fn create_beside(path: &Path) -> Result<()> {
    let tmp = lock::temp_beside(path);
    let built = (|| -> Result<()> {
        lock::private_options()
            .open(&tmp)
            .map_err(|source| StorageError::CreateFile {
                path: path.to_path_buf(),
                source,
            })?;
        let mut conn = Storage::connect(&tmp)?;
        migrations::migrate(&mut conn)?;
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
            r.get::<_, i64>(0)
        })?;
        conn.close().map_err(|(_, e)| StorageError::from(e))?;
        lock::sync_file(&tmp)
            .and_then(|()| std::fs::rename(&tmp, path))
            .map_err(|source| StorageError::CreateFile {
                path: path.to_path_buf(),
                source,
            })
    })();
    if built.is_err() {
        leftovers::remove_temp(&tmp);
    }
    built?;
    lock::sync_dir(path);
    Ok(())
}

/// A SQLite error met while examining or checking the file at `path`: a
/// full disk or a failing disk is said as such, only real damage as 已损坏.
pub(crate) fn unreadable(path: &Path, e: rusqlite::Error) -> StorageError {
    use rusqlite::ErrorCode;
    match e.sqlite_error_code() {
        Some(ErrorCode::DiskFull) => StorageError::DiskFull,
        Some(ErrorCode::SystemIoFailure | ErrorCode::CannotOpen) if disk_full(path) => {
            StorageError::DiskFull
        }
        Some(ErrorCode::SystemIoFailure) => StorageError::DiskIo {
            path: path.to_path_buf(),
        },
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StorageError::Busy,
        Some(ErrorCode::NotADatabase) => StorageError::NotWenze {
            path: path.to_path_buf(),
        },
        _ => StorageError::Corrupt {
            path: path.to_path_buf(),
            detail: crate::zh::sqlite(&e),
        },
    }
}

/// Whether the file system holding `path` has no room left for a writer.
pub(crate) fn disk_full(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt as _;
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let Ok(c) = std::ffi::CString::new(dir.as_os_str().as_bytes()) else {
            return false;
        };
        // SAFETY: statvfs writes only into the zeroed struct we own.
        let mut st: libc::statvfs = unsafe { std::mem::zeroed() };
        if unsafe { libc::statvfs(c.as_ptr(), &mut st) } != 0 {
            return false;
        }
        // A few blocks left are as good as none for SQLite's shared-memory
        // file and journal.
        // (The field types differ between targets: u64 on 64-bit Linux.)
        #[allow(clippy::useless_conversion)]
        let free = u64::from(st.f_bavail) * u64::from(st.f_frsize);
        free < 64 * 1024
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        false
    }
}

/// `file:…?immutable=1` for `path`, every byte outside the URI's unreserved
/// set percent-encoded (Chinese folder names, spaces, `?`, `#`, `%`).
pub(crate) fn immutable_uri(path: &Path) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let text = absolute.to_string_lossy().into_owned();
    #[cfg(windows)]
    let text = text.replace('\\', "/");
    let mut uri = String::from("file:");
    if !text.starts_with('/') {
        // A Windows drive path: file:///C:/…
        uri.push_str("///");
    }
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'/' | b'-' | b'_' | b'.' | b'~' | b':') {
            uri.push(char::from(b));
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri.push_str("?immutable=1");
    uri
}

/// The default register path: the platform data directory.
pub(crate) fn default_db_path() -> PathBuf {
    directories::ProjectDirs::from("cn", "Wenze", "wenze")
        .map(|d| d.data_dir().join("wenze.db"))
        .unwrap_or_else(|| PathBuf::from("wenze.db"))
}

impl Storage {
    /// The newest cases first, at most `limit`.
    pub fn list_cases(&self, limit: usize) -> Result<Vec<crate::domain::CaseListItem>> {
        self.list_page(limit, 0)
    }
}
