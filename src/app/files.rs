//! Opening case and person files and issued documents, native file
//! dialogs, and saving documents and the statistics report to disk.

use crate::domain::ids::{CaseId, DocumentId, PersonId};
use std::path::PathBuf;

use super::case_input::CaseExports;
use super::error::{AppError, AppResult};
use super::screens::{CaseView, DialogPurpose, period_label};
use super::{Command, Route, WenzeApp};

impl WenzeApp {
    /// Open a case file: read it and assess it (a few queries, once).
    pub(super) fn open_case(&mut self, case_id: CaseId) {
        let Some(storage) = &self.shared.storage else {
            return;
        };
        match storage.case_file(case_id) {
            Ok(file) => {
                let assessment = storage
                    .case_export(case_id)
                    .map_err(AppError::from)
                    .and_then(|export| {
                        let history = storage.history_for_case(case_id)?;
                        Ok(crate::rules::assess(
                            &export.case,
                            &self.shared.regulations,
                            &history,
                            &self.shared.calendar,
                        )?)
                    });
                self.case.view = Some(CaseView {
                    file,
                    assessment,
                    message: String::new(),
                });
                self.shared.route = Route::Case(case_id);
                super::procedure::load(self, case_id);
            }
            Err(e) => self.shared.status = e.to_string(),
        }
    }

    pub(super) fn open_person(&mut self, person_id: PersonId) {
        let Some(storage) = &self.shared.storage else {
            return;
        };
        match storage.person_file(person_id) {
            Ok(p) => {
                self.person = Some(p);
                self.shared.route = Route::Person(person_id);
            }
            Err(e) => self.shared.status = e.to_string(),
        }
    }

    /// The verified bytes of an issued document.
    fn document(&self, id: DocumentId) -> AppResult<Vec<u8>> {
        let storage = self.shared.storage.as_ref().ok_or(AppError::NoRegister)?;
        Ok(storage.document_bytes(id)?)
    }

    fn case_message(&mut self, message: String) {
        match self.case.view.as_mut() {
            Some(v) => v.message = message,
            None => self.shared.status = message,
        }
    }

    pub(super) fn open_document(&mut self, id: DocumentId) {
        // An owner-only copy for the viewer; whether the viewer started is
        // reported when it answers (`poll_opening`).
        match self
            .document(id)
            .and_then(|bytes| super::print::viewer_copy(&bytes, &format!("document-{id}")))
        {
            Ok(path) => {
                self.opening = Some(super::print::open_in_viewer(path));
                self.case_message("正在打开…".to_owned());
            }
            Err(e) => self.case_message(e.to_string()),
        }
    }

    pub(super) fn save_document_to(&mut self, id: DocumentId, path: PathBuf) {
        let message = match self.document(id) {
            Ok(bytes) => match crate::storage::lock::write_private(&path, &bytes) {
                Ok(()) => format!(
                    "已保存：{}（与签发时逐字节一致，SHA-256 {}）",
                    path.display(),
                    crate::storage::register::sha256_hex(&bytes)
                ),
                Err(e) => format!(
                    "无法保存到 {}：{}。请检查磁盘空间和写入权限后重试。",
                    path.display(),
                    crate::zh::io(&e)
                ),
            },
            Err(e) => e.to_string(),
        };
        self.case_message(message);
    }

    /// Run a native file dialog on its own thread (a blocking dialog on the
    /// UI thread would freeze the window).
    pub(super) fn start_dialog(&mut self, purpose: DialogPurpose) {
        let (tx, rx) = std::sync::mpsc::channel();
        let p = purpose.clone();
        let spawned = std::thread::Builder::new()
            .name("wenze-dialog".to_owned())
            .spawn(move || {
                let d = rfd::FileDialog::new();
                let path = match p {
                    DialogPurpose::SaveDocument(_) => d
                        .set_title("另存公文 PDF")
                        .add_filter("PDF 文件", &["pdf"])
                        .save_file(),
                    DialogPurpose::SaveStatistics(format) => d
                        .set_title("导出统计分析报告")
                        .set_file_name(format!("问责工作统计分析.{}", format.extension()))
                        .add_filter(format!("{} 文件", format.label()), &[format.extension()])
                        .save_file(),
                    DialogPurpose::ImportRegulation => d
                        .set_title("导入本机关的规定文件")
                        .add_filter("规定文件 (TOML)", &["toml"])
                        .pick_file(),
                    DialogPurpose::ImportCalendar => d
                        .set_title("导入节假日安排")
                        .add_filter("节假日文件 (TOML)", &["toml"])
                        .pick_file(),
                    DialogPurpose::ChooseBackupDir => d.set_title("选择备份文件夹").pick_folder(),
                };
                // The app may have closed the dialog's channel (a new dialog).
                let _receiver_may_be_gone = tx.send(path);
            });
        match spawned {
            Ok(_) => self.dialog = Some((purpose, rx)),
            Err(e) => self.shared.status = format!("无法打开文件对话框：{}", crate::zh::io(&e)),
        }
    }

    /// The dialog's answer, as the command it asks for.
    pub(crate) fn poll_dialog(&mut self) -> Option<Command> {
        let (purpose, rx) = self.dialog.as_ref()?;
        match rx.try_recv() {
            Ok(Some(path)) => {
                let purpose = purpose.clone();
                self.dialog = None;
                Some(Command::DialogChose(purpose, path))
            }
            Ok(None) | Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                self.dialog = None;
                None
            }
            Err(std::sync::mpsc::TryRecvError::Empty) => None,
        }
    }

    pub(super) fn dialog_chose(&mut self, purpose: DialogPurpose, path: PathBuf) {
        match purpose {
            DialogPurpose::SaveDocument(id) => self.save_document_to(id, path),
            DialogPurpose::SaveStatistics(format) => self.export_statistics_as(path, format),
            DialogPurpose::ImportRegulation => self.import_regulation(&path),
            DialogPurpose::ImportCalendar => self.import_calendar(&path),
            DialogPurpose::ChooseBackupDir => {
                self.settings.backup_dir = path.display().to_string();
            }
        }
    }

    /// Write the statistics report (GB/T 9704 layout) to `path`, as OFD
    /// when it ends in `.ofd`, else as PDF.
    pub fn export_statistics_to(&mut self, path: PathBuf) {
        let format = crate::export::DocFormat::from_path(&path);
        self.export_statistics_as(path, format);
    }

    /// Write the statistics report (GB/T 9704 layout) to `path` in `format`.
    pub fn export_statistics_as(&mut self, path: PathBuf, format: crate::export::DocFormat) {
        let Some(view) = &self.statistics.view else {
            self.statistics.message = "统计尚未完成，请稍候再导出".to_owned();
            return;
        };
        if self.shared.office_name.is_empty() {
            self.statistics.message =
                "尚未设置机关名称：报告不能使用默认名称。请管理员在“设置”中填写后再导出".to_owned();
            return;
        }
        let mut doc = crate::export::statistics::report(
            view,
            &self.shared.office_name,
            &period_label(self.statistics.year, self.statistics.half),
            self.today(),
        );
        if let Some(storage) = &self.shared.storage {
            // The report carries the audit chain's anchor: without it, no report.
            match storage.audit_anchor_text() {
                Ok(anchor) => doc.subject = anchor,
                Err(e) => {
                    self.statistics.message = format!("统计分析报告未导出：{e}");
                    return;
                }
            }
        }
        let now = jiff::Timestamp::now().as_second();
        let loaded = match &self.shared.storage {
            Some(s) => office_faces(s),
            None => Ok(crate::fonts::PdfFaces::load(
                &crate::fonts::FontChoice::default(),
            )),
        };
        let (faces, font_problems) = match loaded {
            Ok(f) => f,
            Err(e) => {
                self.statistics.message = format!("统计分析报告未导出：{e}");
                return;
            }
        };
        self.statistics.message = match crate::export::render_as(&doc, now, &faces, format) {
            Ok(bytes) => match crate::storage::lock::write_private(&path, &bytes) {
                Ok(()) => format!("已导出：{}", path.display()),
                Err(e) => format!(
                    "无法保存到 {}：{}。请检查磁盘空间和写入权限后重试。",
                    path.display(),
                    crate::zh::io(&e)
                ),
            },
            Err(e) => e.to_string(),
        };
        for p in font_problems {
            self.statistics.message.push_str(&format!("\n{p}"));
        }
    }
}

/// The office's chosen 公文 faces (each falling back to the bundled face,
/// with the reason in the returned problems). A setting that cannot be
/// read is an error, never silently "no office font".
pub(crate) fn office_faces(
    storage: &crate::storage::Storage,
) -> AppResult<(std::sync::Arc<crate::fonts::PdfFaces>, Vec<String>)> {
    let choice = crate::fonts::FontChoice::try_from_settings(|k| storage.setting(k))?;
    Ok(crate::fonts::PdfFaces::load(&choice))
}
