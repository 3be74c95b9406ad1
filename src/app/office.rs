//! The office's own data in the register: its regulation files, disabled
//! regulations, holiday table, name and drafts (read when the register
//! opens and after every write), and the automatic backups beside the
//! register (listed when it cannot be opened, rotated on close). A read
//! that fails is said in the status line, never taken for "none".

use std::path::{Path, PathBuf};

use super::error::{AppError, AppResult};
use super::{KEEP_BACKUPS, WenzeApp, session};
use crate::storage::Storage;

/// The folder of automatic backups for a register file.
pub fn backup_dir(db: &Path) -> PathBuf {
    db.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join("backups")
}

/// Backups in `dir`, newest first (none when the folder cannot be read:
/// this list is only offered when the register itself cannot be opened).
pub fn list_backups(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "db"))
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v.reverse();
    v
}

impl WenzeApp {
    /// The office's regulation files, disabled regulations and holiday
    /// table, as stored in the register.
    pub(super) fn load_office_data(&mut self) {
        let Some(s) = &self.shared.storage else {
            return;
        };
        let mut problems = Vec::new();
        match s.regulation_files() {
            Ok(files) => {
                for (id, source) in files {
                    match crate::rules::regulation::load(&source) {
                        Ok(reg) => self.shared.regulations.insert(reg),
                        Err(e) => problems.push(format!(
                            "本机关规定 {id} 无法加载：{}",
                            e.first().map(ToString::to_string).unwrap_or_default()
                        )),
                    }
                }
            }
            Err(e) => problems.push(format!("本机关导入的规定未能读取，仅可使用内置规定：{e}")),
        }
        match s.setting("disabled_regulations") {
            Ok(None) => {}
            Ok(Some(v)) => match serde_json::from_str::<Vec<String>>(&v) {
                Ok(ids) => {
                    for id in ids {
                        self.shared.regulations.set_enabled(&id, false);
                    }
                }
                Err(e) => problems.push(format!(
                    "停用规定的设置无法识别（{}），请管理员重新设置",
                    crate::zh::json(&e)
                )),
            },
            Err(e) => problems.push(format!("停用规定的设置未能读取：{e}")),
        }
        match s.setting("holiday_calendar") {
            Ok(None) => {}
            Ok(Some(source)) => match crate::rules::Calendar::from_toml(&source) {
                Ok(c) => self.shared.calendar = c,
                Err(e) => problems.push(format!("已导入的节假日安排无法加载，使用内置表：{}", e.0)),
            },
            Err(e) => problems.push(format!("已导入的节假日安排未能读取，暂用内置表：{e}")),
        }
        if !problems.is_empty() {
            self.shared.status = problems.join("；");
        }
    }

    /// Counts, drafts and the office name (cheap; after every write).
    pub(super) fn reload_office(&mut self) {
        self.refresh_overview();
        let Some(storage) = &self.shared.storage else {
            return;
        };
        match storage.drafts() {
            Ok(d) => self.shared.drafts = d,
            Err(e) => self.shared.status = format!("草稿列表未能读取：{e}"),
        }
        match storage.office_name() {
            // Unset: previews say 发文机关 is missing; issuing is refused.
            Ok(name) => self.shared.office_name = name.unwrap_or_default(),
            Err(e) => self.shared.status = format!("机关名称未能读取：{e}"),
        }
    }

    /// Called when the window closes: the draft is saved, then a rotating
    /// backup is written beside the register.
    pub fn on_close(&mut self) {
        session::flush(self);
        if let (Some(storage), Some(db)) = (&self.shared.storage, &self.shared.db_path) {
            // The window is closing: nowhere on screen is left to say it, so
            // failures go to standard error (and the desktop's log).
            let dir = match storage.setting("backup_dir") {
                Ok(d) => d
                    .filter(|d| !d.trim().is_empty())
                    .map(PathBuf::from)
                    .unwrap_or_else(|| backup_dir(db)),
                Err(e) => {
                    let dir = backup_dir(db);
                    eprintln!(
                        "错误：备份文件夹设置未能读取（{e}），自动备份写入 {}",
                        dir.display()
                    );
                    dir
                }
            };
            if let Err(e) = storage.rotate_backup(&dir, KEEP_BACKUPS) {
                eprintln!("错误：关闭时未能写入自动备份（{}）：{e}", dir.display());
            }
        }
    }
}

/// The office's name and 文号代字 as the administrator set them (首次使用,
/// 设置): an issued document never carries a default in their place, so
/// issuing is refused, with what to do, until both are set.
pub(crate) fn issuing_office(storage: &Storage) -> AppResult<(String, String)> {
    let set = |key: &str| -> AppResult<Option<String>> {
        Ok(storage
            .setting(key)?
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty()))
    };
    match (storage.office_name()?, set("office_code")?) {
        (Some(name), Some(code)) => Ok((name, code)),
        (None, _) => Err(AppError::refused(
            "尚未设置机关名称：签发的公文不能使用默认名称。请管理员在“设置”中填写机关名称和文号代字后再签发",
        )),
        (_, None) => Err(AppError::refused(
            "尚未设置文号代字：签发的公文不能使用默认文号。请管理员在“设置”中填写后再签发",
        )),
    }
}
