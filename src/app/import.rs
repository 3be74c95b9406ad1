//! The 导入 screen's state and commands: an office's earlier 台账
//! (.xlsx/.xls/.ods/.csv) read on its own thread, its columns recognised
//! (`interchange::ledger::detect`) and changed by the clerk, every row
//! checked with a Chinese message, and the rows imported as historical
//! decisions in one audited transaction (`Storage::import_history`) — the
//! same steps as `wenze import`. Importing needs a 审核人 or 管理员 (the
//! history drives repeat-offence findings); a refusal is audited.

use super::error::{AppError, AppResult};
use std::path::PathBuf;
use std::sync::mpsc::Receiver;

use super::WenzeApp;
use crate::interchange::ledger::{self, Field, Mapping, Preview};
use crate::interchange::sheet::{self, Grid};

const PICK_REGULATION: &str = "。请选择这些决定适用的规定";

/// Commands of the 导入 screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportCommand {
    /// 选择文件…: the native dialog (on its own thread).
    ChooseFile,
    /// Read this file (on its own thread).
    Load(PathBuf),
    /// The regulation the ledger's decisions were made under.
    SetRegulation(String),
    /// The clerk's mapping of column `i` (None = 不导入).
    MapColumn(usize, Option<Field>),
    /// 导入: write the checked rows.
    Import,
}

/// The screen's state.
#[derive(Debug, Default)]
pub struct ImportState {
    /// The file (as typed or chosen).
    pub(crate) path: String,
    /// The regulation id.
    pub(crate) regulation: String,
    pub(crate) grid: Option<Grid>,
    pub mapping: Option<Mapping>,
    pub preview: Option<Preview>,
    /// The file being read.
    pub(crate) loading: Option<Receiver<AppResult<Grid>>>,
    pub(crate) dialog: Option<Receiver<Option<PathBuf>>>,
    pub message: String,
    /// The clerk's column choices (header text → field), kept when the
    /// corrected file is read again.
    pub(crate) overrides: Vec<(String, Option<Field>)>,
    /// The file the overrides were made for.
    pub(crate) overrides_for: String,
    /// The last import: (new, already imported) and what they were.
    pub(crate) imported: Option<(usize, usize)>,
    pub(crate) imported_rows: Vec<String>,
}

impl ImportState {
    /// Reading the file or waiting for the dialog?
    pub fn busy(&self) -> bool {
        self.loading.is_some() || self.dialog.is_some()
    }
}

impl WenzeApp {
    /// The 导入 screen's state (tests and scripted use).
    pub fn import_state(&self) -> &ImportState {
        &self.import
    }
}

pub(crate) fn apply(app: &mut WenzeApp, command: ImportCommand) {
    match command {
        ImportCommand::ChooseFile => {
            let (tx, rx) = std::sync::mpsc::channel();
            let spawned = std::thread::Builder::new()
                .name("wenze-import-dialog".to_owned())
                .spawn(move || {
                    let path = rfd::FileDialog::new()
                        .set_title("选择台账文件")
                        .add_filter(
                            "台账（Excel、WPS、CSV）",
                            &["xlsx", "xlsm", "xls", "ods", "csv"],
                        )
                        .pick_file();
                    let _receiver_may_be_gone = tx.send(path);
                });
            match spawned {
                Ok(_) => app.import.dialog = Some(rx),
                Err(e) => {
                    app.import.message = format!(
                        "无法打开文件对话框：{}；请直接填写文件路径",
                        crate::zh::io(&e)
                    )
                }
            }
        }
        ImportCommand::Load(path) => load(app, path),
        ImportCommand::SetRegulation(id) => {
            app.import.regulation = id;
            if let Some(m) = app.import.message.strip_suffix(PICK_REGULATION) {
                app.import.message = m.to_owned();
            }
            check(app);
        }
        ImportCommand::MapColumn(i, field) => {
            let Some(m) = app.import.mapping.as_mut() else {
                return;
            };
            let Some(header) = m.headers.get(i).cloned() else {
                return;
            };
            if i >= m.columns.len() {
                return;
            }
            // A field belongs to one column: taking it frees the other.
            if let Some(f) = field {
                for c in &mut m.columns {
                    if *c == Some(f) {
                        *c = None;
                    }
                }
            }
            m.columns[i] = field;
            let o = &mut app.import.overrides;
            o.retain(|(h, f)| *h != header && (field.is_none() || *f != field));
            o.push((header, field));
            check(app);
        }
        ImportCommand::Import => import(app),
    }
}

fn load(app: &mut WenzeApp, path: PathBuf) {
    if path.as_os_str().is_empty() {
        app.import.message = "请选择或填写台账文件".to_owned();
        return;
    }
    app.import.path = path.display().to_string();
    if app.import.overrides_for != app.import.path {
        app.import.overrides.clear();
        app.import.overrides_for = app.import.path.clone();
    }
    app.import.grid = None;
    app.import.mapping = None;
    app.import.preview = None;
    app.import.imported = None;
    app.import.imported_rows.clear();
    app.import.message = format!("正在读取 {}…", path.display());
    let (tx, rx) = std::sync::mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name("wenze-import-read".to_owned())
        .spawn(move || {
            let _receiver_may_be_gone = tx.send(sheet::read(&path).map_err(AppError::from));
        });
    match spawned {
        Ok(_) => app.import.loading = Some(rx),
        Err(e) => app.import.message = format!("无法读取文件：{}", crate::zh::io(&e)),
    }
}

/// The file's answer and the dialog's (polled every frame while pending).
pub(crate) fn poll(app: &mut WenzeApp) {
    if let Some(rx) = &app.import.dialog {
        match rx.try_recv() {
            Ok(Some(path)) => {
                app.import.dialog = None;
                load(app, path);
            }
            Ok(None) | Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                app.import.dialog = None;
                app.import.message =
                    "未选择文件（若没有出现文件对话框，请直接填写文件路径后按“读取”）".to_owned();
            }
            Err(std::sync::mpsc::TryRecvError::Empty) => {}
        }
    }
    let Some(rx) = &app.import.loading else {
        return;
    };
    let read = match rx.try_recv() {
        Ok(r) => r,
        Err(std::sync::mpsc::TryRecvError::Empty) => return,
        Err(std::sync::mpsc::TryRecvError::Disconnected) => Err(AppError::Ended("读取文件的线程")),
    };
    app.import.loading = None;
    let detected = read.and_then(|grid| {
        ledger::detect(&grid)
            .map(|m| (grid, m))
            .map_err(AppError::Refused)
    });
    match detected {
        Ok((grid, mut mapping)) => {
            // The clerk's earlier choices for this file still hold.
            let mut gone = Vec::new();
            for (header, field) in &app.import.overrides {
                if mapping.set(header, *field).is_err() {
                    gone.push(format!("“{header}”"));
                }
            }
            let sheet = if grid.sheet.trim().is_empty() {
                String::new()
            } else {
                format!("工作表“{}”，", grid.sheet)
            };
            app.import.message = format!(
                "已读取{sheet}共 {} 行；表头在第 {} 行",
                grid.rows.len(),
                mapping.header_row + 1
            );
            if !gone.is_empty() {
                app.import.message.push_str(&format!(
                    "；先前指定含义的列{}已不在表头中",
                    gone.join("、")
                ));
            }
            app.import.grid = Some(grid);
            app.import.mapping = Some(mapping);
            if app.import.regulation.is_empty() {
                app.import.message.push_str(PICK_REGULATION);
            }
            check(app);
        }
        Err(e) => app.import.message = e.to_string(),
    }
}

/// Check every row against the mapping and the regulation (pure; after
/// each change, never per frame).
fn check(app: &mut WenzeApp) {
    let today = app.today();
    let s = &mut app.import;
    s.preview = None;
    let (Some(grid), Some(mapping)) = (&s.grid, &s.mapping) else {
        return;
    };
    let Some(reg) = app.shared.regulations.get(&s.regulation) else {
        return;
    };
    s.preview = Some(ledger::parse(grid, mapping, reg, today));
}

fn import(app: &mut WenzeApp) {
    // Imported history drives repeat-offence findings: a reviewer's act.
    let user = match app.shared.require(
        crate::domain::auth::Need::Reviewer,
        "拒绝导入台账",
        "导入台账",
    ) {
        Ok(u) => u,
        Err(e) => {
            app.import.message = e.to_string();
            return;
        }
    };
    let Some(preview) = &app.import.preview else {
        app.import.message = "请先读取台账文件并选择适用的规定".to_owned();
        return;
    };
    if !preview.errors.is_empty() {
        app.import.message = format!(
            "台账中有 {} 行需要更正（见下），未导入任何记录",
            preview.errors.len()
        );
        return;
    }
    if preview.rows.is_empty() {
        app.import.message = "台账中没有可导入的行".to_owned();
        return;
    }
    let rows = preview.rows.clone();
    let source = PathBuf::from(&app.import.path)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let Some(storage) = app.shared.storage.as_mut() else {
        app.import.message = "数据库未打开".to_owned();
        return;
    };
    storage.set_actor(&format!("{}（{}）", user.display_name, user.role));
    match storage.import_history(&rows, &source) {
        Ok(out) => {
            app.import.imported = Some((out.imported, out.already));
            app.import.imported_rows = rows
                .iter()
                .map(|r| {
                    format!(
                        "第 {} 行　{}　{}　{}　{}",
                        r.line,
                        r.name,
                        r.decided_on,
                        r.methods.join("、"),
                        r.doc_no
                    )
                })
                .collect();
            app.import.message = format!(
                "已导入 {} 条历史决定；{} 条此前已导入，未重复。已写入审计记录。",
                out.imported, out.already
            );
            app.apply(super::Command::ReloadRegister);
        }
        Err(e) => app.import.message = format!("导入失败，未写入任何记录：{e}"),
    }
}
