//! Backups with SQLite's online backup API, rotating automatic backups, and
//! restore.
//!
//! Restore never leaves a moment without a complete register at the target
//! path: the backup is copied into a temporary file beside the register,
//! checked (integrity, ours, schema not newer), brought up to this version,
//! given its audit entry, and renamed over the register while an exclusive
//! lock keeps every other Wenze process out. The previous register is first
//! checkpointed (so the `.db` alone is complete) and kept under a unique name,
//! hard-linked before the swap.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use super::lock::{self, RegisterLock};
use super::{Result, SCHEMA_VERSION, Storage, StorageError};

impl Storage {
    /// Copy the open register to `dest` (consistent even while in use):
    /// written owner-only (0600) to a temporary file beside `dest`, then
    /// renamed into place, so a full disk never damages an existing backup
    /// and leaves nothing behind. The register is checkpointed afterwards.
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        self.backup_noting(dest, None)
    }

    /// [`Self::backup_to`], writing `note` (a file and its bytes: the audit
    /// anchor) once the backup is complete at its temporary name and before
    /// it is renamed into place: a backup never appears without its note.
    pub(crate) fn backup_noting(&self, dest: &Path, note: Option<(&Path, &[u8])>) -> Result<()> {
        // A damaged register is never copied over good backups: the full
        // check, indexes included (not run at open), runs before every
        // backup — a backup that restore would refuse is never made.
        self.integrity_check()?;
        if let Some(dir) = dest.parent().filter(|d| !d.as_os_str().is_empty()) {
            lock::create_private_dir(dir).map_err(|source| StorageError::CreateDir {
                path: dir.to_path_buf(),
                source,
            })?;
            // Temporary files of earlier backups that were killed.
            super::leftovers::clean_temps_in(dir);
        }
        let tmp = lock::temp_beside(dest);
        let written = (|| -> Result<()> {
            lock::private_options()
                .open(&tmp)
                .map_err(|e| write_error(dest, &e))?;
            self.conn.backup(
                rusqlite::MAIN_DB,
                &tmp,
                None::<fn(rusqlite::backup::Progress)>,
            )?;
            lock::sync_file(&tmp).map_err(|e| write_error(dest, &e))?;
            if let Some((note, bytes)) = note {
                lock::write_private(note, bytes).map_err(|e| write_error(note, &e))?;
            }
            std::fs::rename(&tmp, dest).map_err(|e| write_error(dest, &e))?;
            Ok(())
        })();
        if let Err(e) = written {
            remove_quietly(&tmp);
            remove_quietly(&lock::sidecar(&tmp, "-journal"));
            return Err(e);
        }
        lock::sync_dir(dest);
        self.checkpoint();
        Ok(())
    }

    /// A timestamped backup in `dir`, keeping the newest `keep`.
    pub fn rotate_backup(&self, dir: &Path, keep: usize) -> Result<PathBuf> {
        let stamp = jiff::Zoned::now().strftime("%Y%m%d-%H%M%S").to_string();
        let mut dest = dir.join(format!("wenze-{stamp}.db"));
        let mut n = 1;
        while dest.exists() {
            n += 1;
            dest = dir.join(format!("wenze-{stamp}-{n}.db"));
        }
        self.backup_to(&dest)?;
        let mut existing: Vec<PathBuf> = std::fs::read_dir(dir)
            .map(|rd| {
                rd.filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| {
                        p.file_name()
                            .and_then(|n| n.to_str())
                            .is_some_and(|n| n.starts_with("wenze-") && n.ends_with(".db"))
                    })
                    .collect()
            })
            .unwrap_or_default();
        existing.sort();
        while existing.len() > keep.max(1) {
            let old = existing.remove(0);
            // Rotation is housekeeping: an old backup that cannot be removed
            // stays, which loses nothing.
            remove_quietly(&old);
        }
        Ok(dest)
    }
}

fn write_error(dest: &Path, e: &std::io::Error) -> StorageError {
    if e.raw_os_error() == Some(28) {
        return StorageError::DiskFull;
    }
    StorageError::Sqlite(format!("无法写入 {}：{}", dest.display(), crate::zh::io(e)))
}

fn remove_quietly(path: &Path) {
    if let Err(e) = std::fs::remove_file(path)
        && e.kind() != std::io::ErrorKind::NotFound
    {
        eprintln!(
            "注意：无法删除临时文件 {}：{}",
            path.display(),
            crate::zh::io(&e)
        );
    }
}

fn corrupt(path: &Path, e: rusqlite::Error) -> StorageError {
    StorageError::Corrupt {
        path: path.to_path_buf(),
        detail: crate::zh::sqlite(&e),
    }
}

/// Check that `src` is a sound Wenze register this build can open
/// (read-only): ours, schema not newer, `integrity_check` ok.
pub(crate) fn check_backup(src: &Path) -> Result<()> {
    if !src.is_file() {
        return Err(StorageError::Invalid(format!(
            "备份文件 {} 不存在或不是文件",
            src.display()
        )));
    }
    let conn = open_source(src)?;
    check_conn(&conn, src)
}

/// Open a restore source read-only and, where it has no WAL of its own,
/// immutable: SQLite then creates nothing beside it (no `-wal`, no `-shm`),
/// so a refused or restored backup is left exactly as it was. A source with
/// a non-empty `-wal` beside it (a register copied while open) is opened
/// read-only with its WAL, which is then part of its content.
fn open_source(src: &Path) -> Result<Connection> {
    let wal = std::fs::metadata(lock::sidecar(src, "-wal")).is_ok_and(|m| m.len() > 0);
    let conn = if wal {
        Connection::open_with_flags(src, OpenFlags::SQLITE_OPEN_READ_ONLY)
    } else {
        Connection::open_with_flags(
            super::immutable_uri(src),
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI,
        )
    };
    conn.map_err(|e| corrupt(src, e))
}

fn check_conn(conn: &Connection, path: &Path) -> Result<()> {
    let app_id: i32 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .map_err(|e| match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::NotADatabase) => StorageError::NotWenze {
                path: path.to_path_buf(),
            },
            _ => corrupt(path, e),
        })?;
    if app_id != super::APPLICATION_ID {
        return Err(StorageError::NotWenze {
            path: path.to_path_buf(),
        });
    }
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|e| corrupt(path, e))?;
    if version > SCHEMA_VERSION {
        return Err(StorageError::NewerSchema {
            path: path.to_path_buf(),
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .map_err(|e| corrupt(path, e))?;
    if check != "ok" {
        return Err(StorageError::Corrupt {
            path: path.to_path_buf(),
            detail: crate::zh::sqlite_check(&check),
        });
    }
    Ok(())
}

/// Refuse to restore a file onto itself (which would leave nothing).
pub(crate) fn refuse_same_file(src: &Path, target: &Path) -> Result<()> {
    let same = match (lock::file_identity(src), lock::file_identity(target)) {
        (Some(a), Some(b)) => a == b,
        _ => false,
    } || std::fs::canonicalize(src)
        .ok()
        .zip(std::fs::canonicalize(target).ok())
        .is_some_and(|(a, b)| a == b);
    if same {
        return Err(StorageError::Invalid(format!(
            "备份文件 {} 就是当前数据库本身，不能恢复到自身。未作任何改动。",
            src.display()
        )));
    }
    Ok(())
}

/// What a restore did.
#[derive(Debug, Clone)]
pub(crate) struct Restored {
    /// Where the previous register is kept (None when there was none).
    pub(crate) aside: Option<PathBuf>,
    /// Cases in the previous register (replaced).
    pub(crate) replaced: Option<i64>,
    /// Cases in the restored register.
    pub(crate) restored: i64,
}

/// Restore `src` over `target` (see the module documentation); the previous
/// register's kept copy is returned.
pub fn restore(src: &Path, target: &Path) -> Result<Option<PathBuf>> {
    restore_by(src, target, "系统").map(|r| r.aside)
}

/// Restore `src` over `target`, `actor` recorded in the restored register's
/// audit log ("恢复自备份 X，当前记录 N 条被替换，原文件保留为 Y").
pub(crate) fn restore_by(src: &Path, target: &Path, actor: &str) -> Result<Restored> {
    refuse_same_file(src, target)?;
    // Refused before anything changes: not ours, corrupt, newer schema.
    check_backup(src)?;
    if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
        lock::create_private_dir(dir).map_err(|source| StorageError::CreateDir {
            path: dir.to_path_buf(),
            source,
        })?;
    }
    let _lock = RegisterLock::exclusive(
        target,
        lock::RESTORE_WAIT,
        "其他 Wenze 窗口或命令正在使用该数据库，不能恢复。请关闭它们后重试；未作任何改动。",
    )?;

    // The previous register: counted and checkpointed (when sound), so the
    // kept copy is one self-contained file.
    let exists = target.exists();
    let mut replaced = None;
    if exists && Storage::examine(target).is_ok() {
        let conn = Connection::open_with_flags(
            target,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        replaced = conn
            .query_row("SELECT count(*) FROM cases", [], |r| r.get::<_, i64>(0))
            .ok();
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
            r.get::<_, i64>(0)
        })?;
        drop(conn);
    }

    // Keep the previous register under a unique name (a hard link: the
    // register stays in place until the final rename).
    let aside = if exists {
        Some(keep_aside(target)?)
    } else {
        None
    };
    let undo_aside = || {
        if let Some(a) = &aside {
            remove_quietly(a);
            remove_quietly(&lock::sidecar(a, "-wal"));
        }
    };

    let tmp = lock::temp_beside(target);
    let built = build_restored(src, &tmp, actor, aside.as_deref(), replaced);
    let restored = match built {
        Ok(n) => n,
        Err(e) => {
            for side in ["", "-wal", "-shm", "-journal"] {
                remove_quietly(&lock::sidecar(&tmp, side));
            }
            undo_aside();
            return Err(match e {
                // Already says what is wrong with the backup itself.
                StorageError::NotWenze { .. }
                | StorageError::Corrupt { .. }
                | StorageError::NewerSchema { .. } => e,
                other => StorageError::Invalid(format!(
                    "恢复未完成，当前数据库未被改动：写入新数据库时出错（{other}）。请检查磁盘空间和写入权限后重试。"
                )),
            });
        }
    };

    // The old -wal must not pair with the new file: move it beside the kept
    // copy (the name SQLite pairs with it), drop the old -shm, then swap.
    let wal = lock::sidecar(target, "-wal");
    if let Some(a) = &aside
        && wal.exists()
    {
        let len = std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0);
        if len > 0 {
            std::fs::rename(&wal, lock::sidecar(a, "-wal")).map_err(|e| {
                StorageError::Sqlite(format!("无法移开 {}：{}", wal.display(), crate::zh::io(&e)))
            })?;
        } else {
            remove_quietly(&wal);
        }
    }
    remove_quietly(&lock::sidecar(target, "-shm"));
    if let Err(e) = std::fs::rename(&tmp, target) {
        remove_quietly(&tmp);
        return Err(StorageError::Sqlite(format!(
            "无法把恢复的数据库换入 {}：{}。当前数据库未被替换。",
            target.display(),
            crate::zh::io(&e)
        )));
    }
    lock::sync_dir(target);
    Ok(Restored {
        aside,
        replaced,
        restored,
    })
}

/// Hard-link (or, where links are impossible, copy) `target` to a new unique
/// `…before-restore-时间[-n]` name; never overwrites an existing file.
fn keep_aside(target: &Path) -> Result<PathBuf> {
    let stamp = jiff::Zoned::now().strftime("%Y%m%d-%H%M%S").to_string();
    for n in 1..1000 {
        let suffix = if n == 1 {
            format!(".before-restore-{stamp}")
        } else {
            format!(".before-restore-{stamp}-{n}")
        };
        let aside = lock::sidecar(target, &suffix);
        if lock::sidecar(&aside, "-wal").exists() {
            continue;
        }
        match std::fs::hard_link(target, &aside) {
            Ok(()) => {
                lock::make_private(&aside).map_err(|e| write_error(&aside, &e))?;
                return Ok(aside);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(_) => {
                // No hard links here (e.g. FAT): an owner-only copy.
                let copied = (|| -> std::io::Result<()> {
                    let mut out = lock::private_options().open(&aside)?;
                    let mut input = std::fs::File::open(target)?;
                    std::io::copy(&mut input, &mut out)?;
                    out.sync_all()
                })();
                match copied {
                    Ok(()) => return Ok(aside),
                    Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                    Err(e) => {
                        remove_quietly(&aside);
                        return Err(write_error(&aside, &e));
                    }
                }
            }
        }
    }
    Err(StorageError::Invalid(
        "同一秒内恢复次数过多，请稍后重试".to_owned(),
    ))
}

/// Copy `src` into `tmp` (0600), check it, migrate it, write the restore's
/// audit entry into it and fold its WAL in. Returns its case count.
fn build_restored(
    src: &Path,
    tmp: &Path,
    actor: &str,
    aside: Option<&Path>,
    replaced: Option<i64>,
) -> Result<i64> {
    lock::private_options()
        .open(tmp)
        .map_err(|e| write_error(tmp, &e))?;
    {
        // The source is read through its own read-only, immutable connection
        // (nothing is created beside the backup).
        let from = open_source(src)?;
        let mut dst = Connection::open(tmp)?;
        rusqlite::backup::Backup::new(&from, &mut dst)?.run_to_completion(
            1024,
            std::time::Duration::ZERO,
            None,
        )?;
        check_conn(&dst, src)?;
    }
    let conn = Storage::connect(tmp)?;
    let mut storage = Storage::over(conn, tmp, super::Soundness::Unchecked);
    storage.actor = actor.to_owned();
    super::migrations::migrate(&mut storage.conn)?;
    let problems = super::audit::schema_problems(&storage.conn)?;
    if !problems.is_empty() {
        return Err(StorageError::Invalid(format!(
            "备份 {} 的保护结构在本程序之外被改动（{}），不能用它恢复。请选择其他备份。",
            src.display(),
            problems.join("；")
        )));
    }
    let count = storage.case_count()?;
    let text = match (aside, replaced) {
        (Some(a), Some(n)) => format!(
            "恢复自备份 {}，当前记录 {n} 条被替换，原文件保留为 {}",
            src.display(),
            a.display()
        ),
        (Some(a), None) => format!(
            "恢复自备份 {}，当前文件无法读取，原文件保留为 {}",
            src.display(),
            a.display()
        ),
        (None, _) => format!("恢复自备份 {}（此前没有数据库）", src.display()),
    };
    let restored_text = format!("{count} 件案件");
    storage.write_public(|tx, actor| {
        super::register::audit(tx, actor, &text, "restore", None, "", &restored_text)
    })?;
    storage.checkpoint();
    drop(storage);
    lock::sync_file(tmp).map_err(|e| write_error(tmp, &e))?;
    Ok(count)
}
