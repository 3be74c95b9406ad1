//! Backups with SQLite's online backup API, rotating automatic backups, and
//! restore (integrity-checked first; the current file is kept aside).

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use super::{Result, Storage, StorageError};

impl Storage {
    /// Copy the open register to `dest` (consistent even while in use).
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        if let Some(dir) = dest.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| StorageError::CreateDir {
                path: dir.to_path_buf(),
                source,
            })?;
        }
        let tmp = dest.with_extension("db.part");
        let _ = std::fs::remove_file(&tmp);
        self.conn.backup(
            rusqlite::MAIN_DB,
            &tmp,
            None::<fn(rusqlite::backup::Progress)>,
        )?;
        std::fs::rename(&tmp, dest).map_err(|e| {
            StorageError::Sqlite(format!("无法写入备份文件 {}：{e}", dest.display()))
        })?;
        Ok(())
    }

    /// A timestamped backup in `dir`, keeping the newest `keep`.
    pub fn rotate_backup(&self, dir: &Path, keep: usize) -> Result<PathBuf> {
        let stamp = jiff::Zoned::now().strftime("%Y%m%d-%H%M%S").to_string();
        let dest = dir.join(format!("wenze-{stamp}.db"));
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
            let _ = std::fs::remove_file(old);
        }
        Ok(dest)
    }
}

/// Check that `src` is a sound Wenze register (read-only).
pub fn check_backup(src: &Path) -> Result<()> {
    let conn = Connection::open_with_flags(src, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(|e| {
        StorageError::Corrupt {
            path: src.to_path_buf(),
            detail: e.to_string(),
        }
    })?;
    let app_id: i32 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .map_err(|e| StorageError::Corrupt {
            path: src.to_path_buf(),
            detail: e.to_string(),
        })?;
    if app_id != super::APPLICATION_ID {
        return Err(StorageError::NotWenze {
            path: src.to_path_buf(),
        });
    }
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .map_err(|e| StorageError::Corrupt {
            path: src.to_path_buf(),
            detail: e.to_string(),
        })?;
    if check != "ok" {
        return Err(StorageError::Corrupt {
            path: src.to_path_buf(),
            detail: check,
        });
    }
    Ok(())
}

/// Restore `src` over `target`: `src` is integrity-checked first, the current
/// `target` is moved aside (returned), then `src` is copied in with the backup API.
pub fn restore(src: &Path, target: &Path) -> Result<Option<PathBuf>> {
    check_backup(src)?;
    let mut aside = None;
    if target.exists() {
        let stamp = jiff::Zoned::now().strftime("%Y%m%d-%H%M%S").to_string();
        let moved = target.with_extension(format!("db.before-restore-{stamp}"));
        std::fs::rename(target, &moved).map_err(|e| {
            StorageError::Sqlite(format!("无法移开当前数据库 {}：{e}", target.display()))
        })?;
        for ext in ["db-wal", "db-shm"] {
            let side = target.with_extension(ext);
            if side.exists() {
                let _ = std::fs::rename(
                    &side,
                    moved.with_extension(format!("{ext}.before-restore-{stamp}")),
                );
            }
        }
        aside = Some(moved);
    }
    let mut dst = Connection::open(target)?;
    dst.restore(
        rusqlite::MAIN_DB,
        src,
        None::<fn(rusqlite::backup::Progress)>,
    )?;
    Ok(aside)
}
