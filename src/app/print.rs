//! Printing and saving that never fail silently. Printing goes through the
//! system's print service: CUPS (`lpstat` to list printers, `lp` to print)
//! on Linux, the shell's "print" verb on Windows. Temporary copies are
//! owner-only (0600) and removed after the job is handed over. When no
//! native save dialog is available, documents are saved into a default
//! folder (`~/文档/问责文书/`) that is shown to the clerk.

use crate::domain::ids::DocumentId;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command as Process;

use super::error::{AppError, AppResult};

/// Printers the system knows, the default first. A clear Chinese message
/// when there is no print service or no printer.
pub(crate) fn printers() -> AppResult<Vec<String>> {
    #[cfg(target_os = "windows")]
    {
        // The print verb uses the default printer; choosing one is Windows' own dialog.
        Ok(vec!["系统默认打印机".to_owned()])
    }
    #[cfg(not(target_os = "windows"))]
    {
        let out = cups("lpstat").arg("-e").output().map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                AppError::Print(
                    "未找到打印服务（查询打印机的“lpstat”命令）。请安装并启用打印服务，或先“保存 PDF”后用其他电脑打印。"
                        .to_owned(),
                )
            } else {
                AppError::Print(format!("无法查询打印机：{}", crate::zh::io(&e)))
            }
        })?;
        let mut names: Vec<String> = String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect();
        if names.is_empty() && !out.status.success() {
            return Err(AppError::Print(format!(
                "无法查询打印机：{}",
                crate::zh::lp(&String::from_utf8_lossy(&out.stderr), None)
            )));
        }
        if names.is_empty() {
            return Err(AppError::Print(
                "系统中没有可用的打印机。请在系统设置中添加打印机，或先“保存 PDF”。".to_owned(),
            ));
        }
        // The default destination first, when CUPS names one (a failed
        // query only leaves the list in CUPS' own order).
        if let Ok(d) = cups("lpstat").arg("-d").output() {
            let text = String::from_utf8_lossy(&d.stdout).to_string();
            if let Some(def) = text.rsplit([':', '：']).next().map(str::trim)
                && let Some(i) = names.iter().position(|n| n == def)
            {
                let n = names.remove(i);
                names.insert(0, n);
            }
        }
        Ok(names)
    }
}

/// A CUPS command that answers in English whatever the desktop's language
/// (`crate::zh::lp` reads it; a locale CUPS has no translation for would
/// otherwise give a mix).
#[cfg(not(target_os = "windows"))]
fn cups(program: &str) -> Process {
    let mut cmd = Process::new(program);
    cmd.env("LC_ALL", "C.UTF-8").env_remove("LANGUAGE");
    cmd
}

/// The printers to choose from, for a message about a failed print: as
/// `wenze print --help` promises, a failure lists them.
#[cfg(not(target_os = "windows"))]
fn available_printers() -> String {
    match printers() {
        Ok(names) => format!(
            "可用的打印机：{}（命令行用 --printer 指定）",
            names
                .iter()
                .map(|n| format!("“{n}”"))
                .collect::<Vec<_>>()
                .join("、")
        ),
        Err(e) => e.to_string(),
    }
}

/// Write `bytes` to a new owner-only temporary file (0600).
fn private_temp(bytes: &[u8], name: &str) -> AppResult<PathBuf> {
    let dir = std::env::temp_dir().join("wenze-print");
    crate::storage::lock::own_private_dir(&dir)
        .map_err(|e| AppError::io(format!("使用临时文件夹 {}", dir.display()), e))?;
    let stamp = jiff::Timestamp::now().as_nanosecond();
    let path = dir.join(format!("{}-{stamp}-{name}.pdf", std::process::id()));
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        opts.mode(0o600);
    }
    let mut f = opts.open(&path).map_err(|e| AppError::write(&path, e))?;
    f.write_all(bytes)
        .and_then(|()| f.sync_all())
        .map_err(|e| AppError::write(&path, e))?;
    Ok(path)
}

/// Print a PDF: `copies` on `printer` (None = the default). Returns what
/// the print service said (the job id).
pub fn print_pdf(
    bytes: &[u8],
    title: &str,
    printer: Option<&str>,
    copies: u32,
) -> AppResult<String> {
    if !(1..=99).contains(&copies) {
        return Err(AppError::refused("份数须在 1 到 99 之间"));
    }
    let path = private_temp(bytes, "document")?;
    let result = print_file(&path, title, printer, copies);
    #[cfg(not(target_os = "windows"))]
    if let Err(e) = std::fs::remove_file(&path) {
        // The job is already handed over; the leftover copy is owner-only.
        return result.map(|m| format!("{m}（临时文件未能删除：{}）", crate::zh::io(&e)));
    }
    result
}

#[cfg(not(target_os = "windows"))]
fn print_file(path: &Path, title: &str, printer: Option<&str>, copies: u32) -> AppResult<String> {
    let mut cmd = cups("lp");
    if let Some(p) = printer {
        cmd.arg("-d").arg(p);
    }
    cmd.arg("-n")
        .arg(copies.to_string())
        .arg("-t")
        .arg(title)
        .arg("--")
        .arg(path);
    let out = cmd.output().map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            AppError::Print(
                "未找到打印命令（打印服务的“lp”命令）。请安装并启用打印服务，或先“保存 PDF”。"
                    .to_owned(),
            )
        } else {
            AppError::Print(format!("无法启动打印：{}", crate::zh::io(&e)))
        }
    })?;
    if out.status.success() {
        // lp reports the job on standard output (some versions on standard error).
        let said = [&out.stdout, &out.stderr]
            .iter()
            .find_map(|bytes| crate::zh::lp_job(&String::from_utf8_lossy(bytes)));
        Ok(format!(
            "已发送到打印机{}，{copies} 份{}",
            printer.map(|p| format!("“{p}”")).unwrap_or_default(),
            said.map(|job| format!("，作业号 {job}"))
                .unwrap_or_default()
        ))
    } else {
        Err(AppError::Print(format!(
            "打印失败：{}。{}",
            crate::zh::lp(&String::from_utf8_lossy(&out.stderr), printer),
            available_printers()
        )))
    }
}

#[cfg(target_os = "windows")]
fn print_file(path: &Path, _title: &str, _printer: Option<&str>, copies: u32) -> AppResult<String> {
    for _ in 0..copies {
        let status = Process::new("powershell")
            .args([
                "-NoProfile",
                "-Command",
                "Start-Process",
                "-Verb",
                "Print",
                "-FilePath",
            ])
            .arg(path)
            .status()
            .map_err(|e| AppError::Print(format!("无法启动打印：{}", crate::zh::io(&e))))?;
        if !status.success() {
            return Err(AppError::Print(
                "打印失败：系统没有可打印 PDF 的程序，或没有默认打印机。".to_owned(),
            ));
        }
    }
    Ok(format!("已发送到系统默认打印机，{copies} 份"))
}

/// Where documents go when no save dialog is available: `~/文档/问责文书/`
/// (the desktop's documents folder when it has one).
pub(crate) fn default_save_dir() -> PathBuf {
    let docs = directories::UserDirs::new()
        .and_then(|u| u.document_dir().map(Path::to_path_buf))
        .or_else(|| directories::BaseDirs::new().map(|b| b.home_dir().join("文档")))
        .unwrap_or_else(|| PathBuf::from("."));
    docs.join("问责文书")
}

/// A file name for a document: its title and 文号, without characters a
/// file system refuses.
pub(crate) fn file_name(title: &str, doc_no: &str, format: crate::export::DocFormat) -> String {
    let raw = if doc_no.is_empty() {
        title.to_owned()
    } else {
        format!("{title}-{doc_no}")
    };
    let clean: String = raw
        .chars()
        .map(|c| {
            if "/\\:*?\"<>|".contains(c) || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    format!("{clean}.{}", format.extension())
}

/// The format a file name asks for (`.ofd`, else PDF).
fn format_of(name: &str) -> crate::export::DocFormat {
    crate::export::DocFormat::from_path(std::path::Path::new(name))
}

/// Save `bytes` into the default folder, never overwriting: returns the path.
/// The file is written to a temporary name, then renamed (atomic).
pub(crate) fn save_to_default(bytes: &[u8], name: &str) -> AppResult<PathBuf> {
    save_into(&default_save_dir(), bytes, name)
}

/// Save `bytes` as `name` in `dir` (made if need be), never overwriting:
/// `名称（2）.zip` beside an existing `名称.zip`. Returns the path.
pub(crate) fn save_into(dir: &Path, bytes: &[u8], name: &str) -> AppResult<PathBuf> {
    crate::storage::lock::create_private_dir(dir)
        .map_err(|e| AppError::io(format!("创建文件夹 {}", dir.display()), e))?;
    let ext = Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("");
    let stem = name.trim_end_matches(&format!(".{ext}"));
    // The name is reserved by creating it exclusively (two saves at once
    // never take the same name, and no existing file is replaced).
    let mut path = dir.join(name);
    let mut n = 2;
    loop {
        match crate::storage::lock::private_options().open(&path) {
            Ok(_) => break,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && n < 10_000 => {
                path = dir.join(format!("{stem}（{n}）.{ext}"));
                n += 1;
            }
            Err(e) => return Err(AppError::write(&path, e)),
        }
    }
    // Owner-only, written to a temporary name and renamed into place; the
    // empty reservation does not stay behind a failed write.
    if let Err(e) = crate::storage::lock::write_private(&path, bytes) {
        if let Err(gone) = std::fs::remove_file(&path) {
            return Err(AppError::write(&path, gone));
        }
        return Err(AppError::write(&path, e));
    }
    Ok(path)
}

/// Ask where to save `name` with the native dialog, on its own thread (a
/// blocking dialog would freeze the window). The answer: a path; `None` when
/// the clerk cancelled; an empty path when no dialog could be shown (no
/// portal, no zenity: it answered at once), which asks for the default folder.
pub(crate) fn save_dialog(name: &str) -> std::sync::mpsc::Receiver<Option<PathBuf>> {
    let (tx, rx) = std::sync::mpsc::channel();
    let name = name.to_owned();
    // A document (PDF or OFD), or a case's archive package.
    let (title, filter, ext) = if name.ends_with(".zip") {
        ("保存归档包".to_owned(), "ZIP 归档包".to_owned(), "zip")
    } else {
        let format = format_of(&name);
        (
            format!("保存公文 {}", format.label()),
            format!("{} 文件", format.label()),
            format.extension(),
        )
    };
    let spawned = std::thread::Builder::new()
        .name("wenze-save".to_owned())
        .spawn(move || {
            let started = std::time::Instant::now();
            let path = rfd::FileDialog::new()
                .set_title(title)
                .set_file_name(name)
                .add_filter(filter, &[ext])
                .save_file();
            let path = path.or_else(|| {
                (started.elapsed() < std::time::Duration::from_millis(400)).then(PathBuf::new)
            });
            let _receiver_may_be_gone = tx.send(path);
        });
    if spawned.is_err() {
        // No thread for the dialog: the default folder.
        let (tx2, rx2) = std::sync::mpsc::channel();
        let _same_thread = tx2.send(Some(PathBuf::new()));
        return rx2;
    }
    rx
}

/// Hand a file to the desktop's viewer and report whether that worked: the
/// answer comes on the channel (the viewer may take a moment to start).
pub(crate) fn open_in_viewer(path: PathBuf) -> std::sync::mpsc::Receiver<String> {
    let (tx, rx) = std::sync::mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name("wenze-open".to_owned())
        .spawn(move || {
            let message = match viewer(&path).spawn() {
                Err(e) => format!(
                    "无法启动 PDF 阅读器（{}）。文书已写出到 {}，请手动打开。",
                    crate::zh::io(&e),
                    path.display()
                ),
                Ok(mut child) => {
                    // xdg-open/start return at once when a viewer took the file;
                    // a non-zero exit means no viewer is set up.
                    let start = std::time::Instant::now();
                    loop {
                        match child.try_wait() {
                            Ok(Some(s)) if s.success() => {
                                break format!("已用系统的 PDF 阅读器打开：{}", path.display());
                            }
                            Ok(Some(s)) => {
                                break format!(
                                    "系统没有可打开 PDF 的程序（{}）。文书已写出到 {}，请手动打开或先安装 PDF 阅读器。",
                                    s.code().map_or_else(
                                        || "打开程序被中止".to_owned(),
                                        |c| format!("打开程序的退出码 {c}")
                                    ),
                                    path.display()
                                );
                            }
                            Ok(None) if start.elapsed().as_secs() >= 5 => {
                                break format!("已交给 PDF 阅读器：{}", path.display());
                            }
                            Ok(None) => std::thread::sleep(std::time::Duration::from_millis(50)),
                            Err(e) => {
                                break format!(
                                    "无法确认 PDF 阅读器是否启动：{}",
                                    crate::zh::io(&e)
                                );
                            }
                        }
                    }
                }
            };
            let _receiver_may_be_gone = tx.send(message);
        });
    if let Err(e) = spawned {
        let (tx2, rx2) = std::sync::mpsc::channel();
        let _same_thread = tx2.send(format!("无法启动 PDF 阅读器：{}", crate::zh::io(&e)));
        return rx2;
    }
    rx
}

/// Write an owner-only copy for the viewer (0600).
pub(crate) fn viewer_copy(bytes: &[u8], name: &str) -> AppResult<PathBuf> {
    private_temp(bytes, name)
}

fn viewer(path: &Path) -> Process {
    #[cfg(target_os = "windows")]
    {
        let mut c = Process::new("cmd");
        c.args(["/C", "start", ""]).arg(path);
        c
    }
    #[cfg(target_os = "macos")]
    {
        let mut c = Process::new("open");
        c.arg(path);
        c
    }
    #[cfg(not(any(target_os = "windows", target_os = "macos")))]
    {
        let mut c = Process::new("xdg-open");
        c.arg(path);
        c
    }
}

/// The print panel: which document, printer and copies (raw input).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PrintForm {
    /// The issued document to print (None = the panel is closed, unless
    /// `bytes` holds a document produced from the register).
    pub(crate) document: Option<DocumentId>,
    /// A document produced from the register (not stored) to print.
    pub bytes: Option<Vec<u8>>,
    pub(crate) title: String,
    pub(crate) printers: Vec<String>,
    pub(crate) printer: usize,
    pub(crate) copies: String,
    /// Why printing is not possible (no print service, no printer).
    pub(crate) problem: String,
}

impl PrintForm {
    /// The panel is shown: a document (or a produced file) awaits printing.
    pub(crate) fn open(&self) -> bool {
        self.document.is_some() || self.bytes.is_some()
    }
}

impl super::WenzeApp {
    /// 打印 pressed: list the printers and show the panel.
    pub(super) fn start_print(&mut self, id: DocumentId, title: String) {
        self.open_print_panel(Some(id), None, title);
    }

    /// 打印 of a document produced from the register (not stored).
    pub(super) fn start_print_bytes(&mut self, bytes: Vec<u8>, title: String) {
        self.open_print_panel(None, Some(bytes), title);
    }

    fn open_print_panel(
        &mut self,
        document: Option<DocumentId>,
        bytes: Option<Vec<u8>>,
        title: String,
    ) {
        let (printers, problem) = match printers() {
            Ok(p) => (p, String::new()),
            Err(e) => (Vec::new(), e.to_string()),
        };
        self.print = PrintForm {
            document,
            title,
            printers,
            printer: 0,
            copies: "1".to_owned(),
            problem,
            bytes,
        };
    }

    /// Is the print panel open?
    pub fn printing(&self) -> bool {
        self.print.open()
    }

    /// 确定打印: send the stored bytes to the chosen printer.
    pub(super) fn confirm_print(&mut self) {
        let id = self.print.document;
        if id.is_none() && self.print.bytes.is_none() {
            return;
        }
        let copies: u32 = match self.print.copies.trim().parse() {
            Ok(n) if (1..=99).contains(&n) => n,
            _ => {
                self.print.problem = "份数须为 1 到 99 之间的整数".to_owned();
                return;
            }
        };
        let printer = self.print.printers.get(self.print.printer).cloned();
        let stored = match (&self.print.bytes, id) {
            (Some(b), _) => Some(Ok(b.clone())),
            (None, Some(id)) => self.shared.storage.as_ref().map(|s| s.document_bytes(id)),
            (None, None) => return,
        };
        let bytes = match stored {
            Some(Ok(b)) => b,
            Some(Err(e)) => {
                self.print.problem = e.to_string();
                return;
            }
            None => {
                self.print.problem = "数据库未打开".to_owned();
                return;
            }
        };
        #[cfg(target_os = "windows")]
        let printer: Option<String> = {
            let _ = &printer;
            None
        };
        match print_pdf(&bytes, &self.print.title, printer.as_deref(), copies) {
            Ok(m) => {
                self.print = PrintForm::default();
                self.document_message(m);
            }
            Err(e) => self.print.problem = e.to_string(),
        }
    }

    /// A message about a document, where the clerk is looking.
    pub(super) fn document_message(&mut self, m: String) {
        if self.shared.route == super::Route::NewCase
            && let Some(w) = self.wizard.as_mut()
        {
            w.message = m;
            return;
        }
        match self.case.view.as_mut() {
            Some(v) => v.message = m,
            None => self.shared.status = m,
        }
    }

    /// The viewer's answer (polled every frame).
    pub(crate) fn poll_opening(&mut self) {
        let Some(rx) = &self.opening else { return };
        match rx.try_recv() {
            Ok(m) => {
                self.opening = None;
                self.document_message(m);
            }
            Err(std::sync::mpsc::TryRecvError::Empty) => {}
            Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                self.opening = None;
            }
        }
    }

    /// The print panel, for tests and scripted use.
    pub fn print_form_mut(&mut self) -> &mut PrintForm {
        &mut self.print
    }
}
