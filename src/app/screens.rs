//! State and command handling for the register, case file, person,
//! dashboard, statistics and settings screens. Screens read this state and
//! return commands; only this module (and `session` for the wizard) changes it.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use jiff::civil::Date;

use super::worker::{Job, PAGE_ROWS, Reply, StatisticsView, Worker};
use super::{Command, Route, WenzeApp};
use crate::domain::CaseListItem;
use crate::domain::views::{CaseFile, FilterOptions, PersonFile, RegisterQuery};
use crate::rules::Assessment;
use crate::rules::dashboard::DueItem;

/// Search hits shown at most (the register says when there are more).
pub use crate::storage::views::SEARCH_LIMIT;

/// Pages of the register kept in memory (the rest are fetched again).
const KEEP_PAGES: usize = 40;

/// The register's table: a window onto the query's rows, fetched page by
/// page on the query thread.
#[derive(Debug, Default)]
pub struct RegisterView {
    /// The view shown.
    pub query: RegisterQuery,
    /// The search box (raw text as typed).
    pub text: String,
    pub generation: u64,
    /// The newest generation handed out.
    pub issued: u64,
    /// A newer view being fetched: (generation, query). The old rows stay
    /// on screen until its first page arrives, so nothing flickers.
    pub pending: Option<(u64, RegisterQuery)>,
    pub total: usize,
    pub pages: HashMap<usize, Vec<CaseListItem>>,
    pub requested: HashSet<usize>,
    pub selected: Option<usize>,
    pub options: FilterOptions,
    pub error: String,
}

impl RegisterView {
    /// The query the screen edits: the one being fetched, else the one shown.
    pub fn wanted(&self) -> &RegisterQuery {
        self.pending.as_ref().map_or(&self.query, |(_, q)| q)
    }

    /// The row at `index`, if its page is loaded.
    pub fn row(&self, index: usize) -> Option<&CaseListItem> {
        self.pages
            .get(&(index / PAGE_ROWS))
            .and_then(|p| p.get(index % PAGE_ROWS))
    }
}

#[derive(Debug, Default)]
pub struct DashboardView {
    pub items: Vec<DueItem>,
    pub generation: u64,
    pub pending: bool,
    pub loaded: bool,
    pub error: String,
    /// Show only this urgency (None = all).
    pub only_overdue: Option<bool>,
}

#[derive(Debug)]
pub struct StatisticsState {
    pub year: i16,
    /// 1 = 上半年, 2 = 下半年, 0 = 全年.
    pub half: u8,
    pub generation: u64,
    pub pending: bool,
    pub view: Option<StatisticsView>,
    pub error: String,
    pub message: String,
}

/// The case file (案卷) on screen.
#[derive(Debug)]
pub struct CaseView {
    pub file: CaseFile,
    pub assessment: Result<Assessment, String>,
    pub message: String,
}

/// An office's document settings for one regulation, as typed (see
/// `storage::DocSettings`): what the regulation's text leaves open.
#[derive(Debug, Clone, Default)]
pub struct DocSettingsForm {
    pub regulation: String,
    pub name: String,
    pub statement_days: String,
    pub decider: String,
    pub remedy_body: String,
    pub remedy_period: String,
}

/// The settings form (raw values).
#[derive(Debug, Default, Clone)]
pub struct SettingsForm {
    pub office_name: String,
    /// 抄送 printed on every decision.
    pub cc: String,
    pub documents: Vec<DocSettingsForm>,
    pub office_code: String,
    pub idle_lock_minutes: String,
    pub backup_dir: String,
    pub new_username: String,
    pub new_display_name: String,
    pub new_role: usize,
    pub new_password: String,
    pub message: String,
    pub users: Vec<(i64, String, String, String, bool)>,
    /// The standard 公文 fonts found on this machine, per role (scanned
    /// off the UI thread; empty until the scan answers).
    pub official_fonts: Vec<(crate::fonts::PdfRole, Option<PathBuf>)>,
    /// The font-folder scan is still running.
    pub fonts_scanning: bool,
    /// The font file chosen per role for PDFs (raw; empty = bundled).
    pub pdf_fonts: Vec<(crate::fonts::PdfRole, String)>,
}

/// What a file dialog running on its thread is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DialogPurpose {
    SaveDocument(i64),
    SaveStatistics,
    ImportRegulation,
    ImportCalendar,
    ChooseBackupDir,
}

fn today() -> Date {
    jiff::Zoned::now().date()
}

impl WenzeApp {
    /// Is a query still running on the query thread?
    pub fn is_busy(&self) -> bool {
        let r = &self.register;
        r.pending.is_some()
            || r.requested.iter().any(|p| !r.pages.contains_key(p))
            || self.dashboard.pending
            || self.statistics.pending
            || self.overview_pending
    }

    /// Block until every query sent has been answered (tests, benchmarks).
    pub fn wait_idle(&mut self, timeout: std::time::Duration) -> bool {
        let end = std::time::Instant::now() + timeout;
        while self.is_busy() {
            let left = end.saturating_duration_since(std::time::Instant::now());
            if left.is_zero() {
                return false;
            }
            let Some(reply) = self.worker.as_ref().and_then(|w| w.recv_timeout(left)) else {
                return !self.is_busy();
            };
            self.on_reply(reply);
        }
        true
    }

    /// Take the query thread's answers (every frame).
    pub fn poll_worker(&mut self) {
        while let Some(reply) = self.worker.as_ref().and_then(Worker::try_recv) {
            self.on_reply(reply);
        }
    }

    /// The register view (for screens and tests).
    pub fn register(&self) -> &RegisterView {
        &self.register
    }

    /// Rows of the first page of the register as shown.
    pub fn register_rows(&self) -> &[CaseListItem] {
        self.register
            .pages
            .get(&0)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// How many rows the register's current view has.
    pub fn register_total(&self) -> usize {
        self.register.total
    }

    pub fn dashboard(&self) -> &DashboardView {
        &self.dashboard
    }

    pub fn case_view(&self) -> Option<&CaseView> {
        self.case_view.as_ref()
    }

    pub fn person_view(&self) -> Option<&PersonFile> {
        self.person_view.as_ref()
    }

    pub fn statistics(&self) -> &StatisticsState {
        &self.statistics
    }

    pub fn settings_state(&self) -> &SettingsForm {
        &self.settings
    }

    pub fn settings_form(&mut self) -> &mut SettingsForm {
        &mut self.settings
    }

    /// The date the dashboard measures deadlines against.
    pub fn today(&self) -> Date {
        self.today.unwrap_or_else(today)
    }

    /// Fix "today" (tests and screenshots).
    pub fn set_today(&mut self, date: Date) {
        self.today = Some(date);
    }

    fn on_reply(&mut self, reply: Reply) {
        match reply {
            Reply::IntegrityCheck(Ok(())) => {}
            Reply::IntegrityCheck(Err(e)) => {
                self.status = format!(
                    "数据库完整性检查发现问题：{e}。请暂停录入，立即联系管理员用最近的备份恢复（wenze restore）。"
                );
            }
            Reply::OfficialFonts(found) => {
                self.settings.official_fonts = found;
                self.settings.fonts_scanning = false;
            }
            Reply::RegisterPage {
                generation,
                page,
                total,
                rows,
            } => {
                let r = &mut self.register;
                if let Some((g, q)) = &r.pending
                    && *g == generation
                    && page == 0
                {
                    r.query = q.clone();
                    r.generation = generation;
                    r.pending = None;
                    r.pages.clear();
                    r.requested.clear();
                    r.requested.insert(0);
                    r.selected = None;
                    r.total = total.unwrap_or(0);
                }
                if generation != r.generation {
                    return;
                }
                match rows {
                    Ok(rows) => {
                        if let Some(t) = total {
                            r.total = t;
                        }
                        r.pages.insert(page, rows);
                        r.error.clear();
                        if r.pages.len() > KEEP_PAGES {
                            let mut keys: Vec<usize> = r.pages.keys().copied().collect();
                            keys.sort_by_key(|k| k.abs_diff(page));
                            for k in keys.into_iter().skip(KEEP_PAGES) {
                                r.pages.remove(&k);
                                r.requested.remove(&k);
                            }
                        }
                    }
                    Err(e) => {
                        r.pages.insert(page, Vec::new());
                        r.error = e;
                    }
                }
            }
            Reply::Dashboard { generation, items } => {
                let d = &mut self.dashboard;
                if generation != d.generation {
                    return;
                }
                d.pending = false;
                d.loaded = true;
                match items {
                    Ok(items) => {
                        d.items = items;
                        d.error.clear();
                    }
                    Err(e) => d.error = e,
                }
            }
            Reply::Overview {
                generation,
                overview,
            } => {
                if generation != self.overview_generation {
                    return;
                }
                self.overview_pending = false;
                match overview {
                    Ok((n, options)) => {
                        self.case_total = n;
                        self.register.options = options;
                    }
                    Err(e) => self.status = e,
                }
            }
            Reply::Statistics { generation, view } => {
                let s = &mut self.statistics;
                if generation != s.generation {
                    return;
                }
                s.pending = false;
                match view {
                    Ok(v) => {
                        s.view = Some(*v);
                        s.error.clear();
                    }
                    Err(e) => s.error = e,
                }
            }
        }
    }

    /// Show this register view (fetched on the query thread).
    pub(super) fn set_register_query(&mut self, query: RegisterQuery) {
        self.register.issued += 1;
        let generation = self.register.issued;
        let sent = self.worker.as_ref().is_some_and(|w| {
            w.send(Job::RegisterPage {
                generation,
                query: query.clone(),
                page: 0,
            })
        });
        self.register.pending = Some((generation, query.clone()));
        if !sent {
            // No query thread (it could not start): answer here.
            let reply = self.answer_locally(generation, &query, 0);
            self.on_reply(reply);
        }
    }

    /// The query thread's answer, computed here (when it could not start).
    fn answer_locally(&self, generation: u64, query: &RegisterQuery, page: usize) -> Reply {
        let (total, rows) = match &self.storage {
            Some(s) => {
                match super::worker::register_page(s, &mut Default::default(), query, page) {
                    Ok((total, rows)) => (total, Ok(rows)),
                    Err(e) => (None, Err(e.to_string())),
                }
            }
            None => (Some(0), Ok(Vec::new())),
        };
        Reply::RegisterPage {
            generation,
            page,
            total,
            rows,
        }
    }

    /// Fetch the pages holding rows `first..=last` if not already there.
    pub(super) fn need_rows(&mut self, first: usize, last: usize) {
        for page in (first / PAGE_ROWS)..=(last / PAGE_ROWS) {
            if page * PAGE_ROWS >= self.register.total.max(1)
                || self.register.requested.contains(&page)
            {
                continue;
            }
            self.register.requested.insert(page);
            let generation = self.register.generation;
            let query = self.register.query.clone();
            let sent = self.worker.as_ref().is_some_and(|w| {
                w.send(Job::RegisterPage {
                    generation,
                    query: query.clone(),
                    page,
                })
            });
            if !sent {
                let reply = self.answer_locally(generation, &query, page);
                self.on_reply(reply);
            }
        }
    }

    /// Count the cases and list the filter values (on the query thread).
    pub(super) fn refresh_overview(&mut self) {
        self.overview_generation += 1;
        let job = Job::Overview {
            generation: self.overview_generation,
        };
        self.overview_pending = self.worker.as_ref().is_some_and(|w| w.send(job));
        if !self.overview_pending
            && let Some(s) = &self.storage
        {
            self.case_total = s.case_count().unwrap_or(0);
            if let Ok(o) = s.filter_options() {
                self.register.options = o;
            }
        }
    }

    pub(super) fn refresh_dashboard(&mut self) {
        let today = self.today();
        let d = &mut self.dashboard;
        d.generation += 1;
        d.pending = true;
        let job = Job::Dashboard {
            generation: d.generation,
            today,
        };
        if !self.worker.as_ref().is_some_and(|w| w.send(job)) {
            self.dashboard.pending = false;
            self.dashboard.loaded = true;
            self.dashboard.error = "查询线程未运行，无法统计期限".to_owned();
        }
    }

    pub(super) fn refresh_statistics(&mut self) {
        let s = &mut self.statistics;
        let (from, to) = period(s.year, s.half);
        s.generation += 1;
        s.pending = true;
        let job = Job::Statistics {
            generation: s.generation,
            from,
            to,
        };
        if !self.worker.as_ref().is_some_and(|w| w.send(job)) {
            self.statistics.pending = false;
            self.statistics.error = "查询线程未运行，无法统计".to_owned();
        }
    }

    /// Open a case file: read it and assess it (a few queries, once).
    pub(super) fn open_case(&mut self, case_id: i64) {
        let Some(storage) = &self.storage else { return };
        match storage.case_file(case_id) {
            Ok(file) => {
                let assessment = storage
                    .case_export(case_id)
                    .map_err(|e| e.to_string())
                    .and_then(|export| {
                        let own: Vec<&str> =
                            file.decisions.iter().map(|d| d.doc_no.as_str()).collect();
                        let history: Vec<_> = storage
                            .person_history(&export.person_ids)
                            .map_err(|e| e.to_string())?
                            .into_iter()
                            .filter(|h| !own.contains(&h.case_no.as_str()))
                            .collect();
                        crate::rules::assess(
                            &export.case,
                            &self.regulations,
                            &history,
                            &self.calendar,
                        )
                        .map_err(|e| e.to_string())
                    });
                self.case_view = Some(CaseView {
                    file,
                    assessment,
                    message: String::new(),
                });
                self.route = Route::Case(case_id);
                super::procedure::load(self, case_id);
            }
            Err(e) => self.status = e.to_string(),
        }
    }

    pub(super) fn open_person(&mut self, person_id: i64) {
        let Some(storage) = &self.storage else { return };
        match storage.person_file(person_id) {
            Ok(p) => {
                self.person_view = Some(p);
                self.route = Route::Person(person_id);
            }
            Err(e) => self.status = e.to_string(),
        }
    }

    /// The verified bytes of an issued document.
    fn document(&self, id: i64) -> Result<Vec<u8>, String> {
        let storage = self.storage.as_ref().ok_or("数据库未打开")?;
        storage.document_bytes(id).map_err(|e| e.to_string())
    }

    fn case_message(&mut self, message: String) {
        match self.case_view.as_mut() {
            Some(v) => v.message = message,
            None => self.status = message,
        }
    }

    pub(super) fn open_document(&mut self, id: i64) {
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
            Err(e) => self.case_message(e),
        }
    }

    pub(super) fn save_document_to(&mut self, id: i64, path: PathBuf) {
        let message = match self.document(id) {
            Ok(bytes) => match crate::storage::lock::write_private(&path, &bytes) {
                Ok(()) => format!(
                    "已保存：{}（与签发时逐字节一致，SHA-256 {}）",
                    path.display(),
                    crate::storage::register::sha256_hex(&bytes)
                ),
                Err(e) => format!(
                    "无法保存到 {}：{e}。请检查磁盘空间和写入权限后重试。",
                    path.display()
                ),
            },
            Err(e) => e,
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
                    DialogPurpose::SaveStatistics => d
                        .set_title("导出统计分析报告")
                        .set_file_name("问责工作统计分析.pdf")
                        .add_filter("PDF 文件", &["pdf"])
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
                let _ = tx.send(path);
            });
        match spawned {
            Ok(_) => self.dialog = Some((purpose, rx)),
            Err(e) => self.status = format!("无法打开文件对话框：{e}"),
        }
    }

    /// The dialog's answer, as the command it asks for.
    pub fn poll_dialog(&mut self) -> Option<Command> {
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
            DialogPurpose::SaveStatistics => self.export_statistics_to(path),
            DialogPurpose::ImportRegulation => self.import_regulation(&path),
            DialogPurpose::ImportCalendar => self.import_calendar(&path),
            DialogPurpose::ChooseBackupDir => {
                self.settings.backup_dir = path.display().to_string();
            }
        }
    }

    /// Write the statistics report (GB/T 9704 layout) to `path`.
    pub fn export_statistics_to(&mut self, path: PathBuf) {
        let Some(view) = &self.statistics.view else {
            self.statistics.message = "统计尚未完成，请稍候再导出".to_owned();
            return;
        };
        let mut doc = crate::export::statistics::report(
            view,
            &self.office_name,
            &period_label(self.statistics.year, self.statistics.half),
            self.today(),
        );
        if let Some(storage) = &self.storage {
            doc.subject = storage.audit_anchor_text().unwrap_or_default();
        }
        let now = jiff::Timestamp::now().as_second();
        let choice = match &self.storage {
            Some(s) => crate::fonts::FontChoice::from_settings(|k| s.setting(k).ok().flatten()),
            None => crate::fonts::FontChoice::default(),
        };
        let (faces, font_problems) = crate::fonts::PdfFaces::load(&choice);
        self.statistics.message = match crate::export::render_with(&doc, now, &faces) {
            Ok(bytes) => match crate::storage::lock::write_private(&path, &bytes) {
                Ok(()) => format!("已导出：{}", path.display()),
                Err(e) => format!(
                    "无法保存到 {}：{e}。请检查磁盘空间和写入权限后重试。",
                    path.display()
                ),
            },
            Err(e) => e.to_string(),
        };
        for p in font_problems {
            self.statistics.message.push_str(&format!("\n{p}"));
        }
    }

    fn is_admin(&self) -> bool {
        self.user.as_ref().is_some_and(|u| u.is_admin())
    }

    /// Refuse a settings change for lack of the administrator role (audited).
    fn refuse(&mut self, action: &str) -> bool {
        if self.is_admin() {
            return false;
        }
        let recorded = match self.storage.as_mut() {
            Some(s) => s.audit_refusal("拒绝：非管理员修改设置", action),
            None => Ok(()),
        };
        self.settings.message = match recorded {
            Ok(()) => "只有管理员可以修改设置".to_owned(),
            Err(e) => format!("只有管理员可以修改设置。此次拒绝未能写入审计日志：{e}"),
        };
        true
    }

    /// Fill the settings form from the register.
    pub(super) fn load_settings(&mut self) {
        let Some(s) = &self.storage else { return };
        let get = |k: &str| s.setting(k).ok().flatten().unwrap_or_default();
        let mut f = SettingsForm {
            office_name: self.office_name.clone(),
            office_code: s.office_code().unwrap_or_default(),
            idle_lock_minutes: format!("{}", (self.idle_lock_secs / 60.0).round() as i64),
            backup_dir: {
                let b = get("backup_dir");
                if b.is_empty() {
                    self.db_path
                        .as_deref()
                        .map(|p| super::backup_dir(p).display().to_string())
                        .unwrap_or_default()
                } else {
                    b
                }
            },
            users: s.users().unwrap_or_default(),
            fonts_scanning: true,
            pdf_fonts: crate::fonts::PdfRole::ALL
                .iter()
                .map(|r| (*r, get(r.setting_key())))
                .collect(),
            cc: get("cc"),
            documents: self
                .regulations
                .iter()
                .filter(|r| !r.regulation.overlay)
                .map(|r| {
                    let key = |w: &str| get(&crate::storage::register::doc_setting_key(w, r.id()));
                    DocSettingsForm {
                        regulation: r.id().to_owned(),
                        name: r.regulation.short_name.clone(),
                        statement_days: key("statement_days"),
                        decider: key("decider"),
                        remedy_body: key("remedy_body"),
                        remedy_period: key("remedy_period"),
                    }
                })
                .collect(),
            ..Default::default()
        };
        f.message = std::mem::take(&mut self.settings.message);
        // Keep an earlier scan's answer; scan (again) off the UI thread.
        f.official_fonts = std::mem::take(&mut self.settings.official_fonts);
        f.fonts_scanning = match &self.worker {
            Some(w) => w
                .spawn_side("wenze-fonts", || {
                    super::worker::Reply::OfficialFonts(crate::fonts::find_official_fonts())
                })
                .is_ok(),
            None => false,
        };
        self.settings = f;
    }

    pub(super) fn save_settings(&mut self) {
        if self.refuse("机关名称、文号代字、锁定时间、备份文件夹") {
            return;
        }
        let f = self.settings.clone();
        let name = f.office_name.trim().to_owned();
        let code = f.office_code.trim().to_owned();
        let minutes: Result<u32, _> = f.idle_lock_minutes.trim().parse();
        let problem = if name.is_empty() {
            Some("请填写机关名称".to_owned())
        } else if code.is_empty() || code.chars().count() > 8 {
            Some("文号代字应为 1 至 8 个字（如“徐环问”）".to_owned())
        } else if !matches!(minutes, Ok(1..=240)) {
            Some("锁定时间应为 1 至 240 分钟的整数".to_owned())
        } else {
            let dir = PathBuf::from(f.backup_dir.trim());
            match std::fs::create_dir_all(&dir) {
                Ok(()) => None,
                Err(e) => Some(format!("备份文件夹 {} 无法使用：{e}", dir.display())),
            }
        };
        // A chosen font file must be readable and usable before it is stored.
        let problem = problem.or_else(|| {
            f.pdf_fonts.iter().find_map(|(role, path)| {
                let path = path.trim();
                (!path.is_empty())
                    .then(|| crate::fonts::load_office_face(std::path::Path::new(path)).err())
                    .flatten()
                    .map(|e| format!("{}：{e}", role.label()))
            })
        });
        let problem = problem.or_else(|| {
            f.documents.iter().find_map(|d| {
                let days = d.statement_days.trim();
                let period = d.remedy_period.trim();
                if !days.is_empty() && !matches!(days.parse::<u32>(), Ok(1..=90)) {
                    Some(format!("{}：陈述申辩期限应为 1 至 90 的工作日数", d.name))
                } else if !period.is_empty()
                    && crate::export::documents::parse_period(period).is_none()
                {
                    Some(format!(
                        "{}：申诉（复查）期限“{period}”无法识别，应写作“30日”或“15个工作日”",
                        d.name
                    ))
                } else {
                    None
                }
            })
        });
        if let Some(p) = problem {
            self.settings.message = p;
            return;
        }
        let minutes = minutes.unwrap_or(15);
        let Some(s) = self.storage.as_mut() else {
            return;
        };
        let result = (|| {
            let mut pairs: Vec<(String, String)> = vec![
                ("office_name".to_owned(), name.clone()),
                ("office_code".to_owned(), code.clone()),
                ("idle_lock_seconds".to_owned(), (minutes * 60).to_string()),
                ("backup_dir".to_owned(), f.backup_dir.trim().to_owned()),
                ("cc".to_owned(), f.cc.trim().to_owned()),
            ];
            for (role, path) in &f.pdf_fonts {
                pairs.push((role.setting_key().to_owned(), path.trim().to_owned()));
            }
            for d in &f.documents {
                for (what, v) in [
                    ("statement_days", &d.statement_days),
                    ("decider", &d.decider),
                    ("remedy_body", &d.remedy_body),
                    ("remedy_period", &d.remedy_period),
                ] {
                    pairs.push((
                        crate::storage::register::doc_setting_key(what, &d.regulation),
                        v.trim().to_owned(),
                    ));
                }
            }
            for (k, v) in pairs {
                let before = s.setting(&k)?.unwrap_or_default();
                if before != v {
                    s.set_setting(&k, &v)?;
                }
            }
            Ok::<(), crate::storage::StorageError>(())
        })();
        match result {
            Ok(()) => {
                self.office_name = name;
                self.idle_lock_secs = f64::from(minutes * 60);
                self.load_settings();
                // The preview follows the new font choice at once.
                if let Some(s) = &self.storage {
                    crate::fonts::PdfFaces::load(&crate::fonts::FontChoice::from_settings(|k| {
                        s.setting(k).ok().flatten()
                    }));
                }
                self.settings.message = "设置已保存".to_owned();
            }
            Err(e) => self.settings.message = e.to_string(),
        }
    }

    pub(super) fn add_user(&mut self) {
        if self.refuse("新增用户") {
            return;
        }
        let f = self.settings.clone();
        let role = crate::domain::auth::ROLES
            .get(f.new_role)
            .copied()
            .unwrap_or("录入员");
        let problem = if f.new_username.trim().is_empty() || f.new_display_name.trim().is_empty() {
            Some("请填写用户名和姓名")
        } else {
            crate::domain::auth::password_problem(&f.new_password)
        };
        if let Some(p) = problem {
            self.settings.message = p.to_owned();
            return;
        }
        let Some(s) = self.storage.as_mut() else {
            return;
        };
        let result = crate::domain::auth::hash_password(&f.new_password).and_then(|h| {
            s.add_user(&f.new_username, &f.new_display_name, role, &h)
                .map_err(|e| e.to_string())
        });
        match result {
            Ok(_) => {
                self.load_settings();
                self.settings.message = format!("已新增用户 {}（{role}）", f.new_username.trim());
            }
            Err(e) => self.settings.message = e,
        }
    }

    pub(super) fn set_user_active(&mut self, id: i64, active: bool) {
        if self.refuse("启用/停用用户") {
            return;
        }
        if self.user.as_ref().is_some_and(|u| u.id == id) && !active {
            self.settings.message = "不能停用正在使用的账户".to_owned();
            return;
        }
        let Some(s) = self.storage.as_mut() else {
            return;
        };
        match s.set_user_active(id, active) {
            Ok(()) => {
                self.load_settings();
                self.settings.message = if active { "已启用" } else { "已停用" }.to_owned();
            }
            Err(e) => self.settings.message = e.to_string(),
        }
    }

    pub(super) fn set_user_role(&mut self, id: i64, role: &str) {
        if self.refuse("更改用户角色") {
            return;
        }
        let Some(s) = self.storage.as_mut() else {
            return;
        };
        match s.set_user_role(id, role) {
            Ok(()) => {
                self.load_settings();
                self.settings.message = format!("角色已改为{role}（下次登录时生效）");
            }
            Err(e) => self.settings.message = e.to_string(),
        }
    }

    pub(super) fn set_regulation_enabled(&mut self, id: &str, enabled: bool) {
        if self.refuse("启用/停用规定") {
            return;
        }
        let mut regs = self.regulations.clone();
        regs.set_enabled(id, enabled);
        if !regs.enabled().any(|r| !r.regulation.overlay) {
            self.settings.message = "至少要保留一个适用规定".to_owned();
            return;
        }
        let disabled: Vec<&str> = regs.disabled().collect();
        let value = serde_json::to_string(&disabled).unwrap_or_else(|_| "[]".to_owned());
        let Some(s) = self.storage.as_mut() else {
            return;
        };
        match s.set_setting("disabled_regulations", &value) {
            Ok(()) => {
                self.regulations = regs;
                self.settings.message = format!(
                    "规定 {id} 已{}",
                    if enabled {
                        "启用"
                    } else {
                        "停用（已有案件不受影响）"
                    }
                );
            }
            Err(e) => self.settings.message = e.to_string(),
        }
    }

    /// Validate and store an office regulation file.
    pub fn import_regulation(&mut self, path: &std::path::Path) {
        if self.refuse("导入规定文件") {
            return;
        }
        let source = match std::fs::read(path) {
            Ok(b) => match String::from_utf8(b) {
                Ok(s) => s,
                Err(_) => {
                    self.settings.message =
                        "规定文件不是 UTF-8 编码的文本，请用 UTF-8 保存后再导入".to_owned();
                    return;
                }
            },
            Err(e) => {
                self.settings.message = format!("无法读取 {}：{e}", path.display());
                return;
            }
        };
        let reg = match crate::rules::regulation::load(&source) {
            Ok(r) => r,
            Err(e) => {
                self.settings.message = format!(
                    "规定文件有误，未导入：\n{}",
                    e.iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join("\n")
                );
                return;
            }
        };
        let id = reg.id().to_owned();
        if crate::rules::RegulationSet::bundled().get(&id).is_some() {
            self.settings.message = format!("规定编号“{id}”与内置规定重复，请在文件中改用其他编号");
            return;
        }
        let name = reg.regulation.name.clone();
        let Some(s) = self.storage.as_mut() else {
            return;
        };
        match s.add_regulation_file(&id, &name, &source) {
            Ok(_) => {
                self.regulations.insert(reg);
                self.restart_worker();
                self.settings.message = format!("已导入《{name}》（编号 {id}），新建案件时可选用");
            }
            Err(e) => self.settings.message = e.to_string(),
        }
    }

    /// Validate and store a holiday calendar (replacing the bundled table).
    pub fn import_calendar(&mut self, path: &std::path::Path) {
        if self.refuse("导入节假日安排") {
            return;
        }
        let source = match std::fs::read_to_string(path) {
            Ok(s) => s,
            Err(e) => {
                self.settings.message = format!("无法读取 {}：{e}", path.display());
                return;
            }
        };
        let calendar = match crate::rules::Calendar::from_toml(&source) {
            Ok(c) => c,
            Err(e) => {
                self.settings.message = format!("节假日文件有误，未导入：{}", e.0);
                return;
            }
        };
        let Some(s) = self.storage.as_mut() else {
            return;
        };
        match s.set_setting("holiday_calendar", &source) {
            Ok(()) => {
                let years: Vec<String> = calendar.years().map(|y| y.to_string()).collect();
                self.calendar = calendar;
                self.restart_worker();
                self.settings.message = format!("已导入节假日安排：{} 年", years.join("、"));
            }
            Err(e) => self.settings.message = e.to_string(),
        }
    }

    /// Restart the query thread (after the regulations or calendar change).
    pub(super) fn restart_worker(&mut self) {
        if let Some(path) = &self.db_path {
            let first = self.worker.is_none();
            self.worker = Worker::start(path, self.regulations.clone(), self.calendar.clone()).ok();
            // Opening checked only the header and schema: the full check
            // runs once per open, in the background.
            if first && let Some(s) = &self.storage {
                // The preview draws in the office's chosen fonts.
                crate::fonts::PdfFaces::load(&crate::fonts::FontChoice::from_settings(|k| {
                    s.setting(k).ok().flatten()
                }));
            }
            if first
                && self.storage.is_some()
                && let Some(w) = &self.worker
                && let Err(e) = w.check_integrity(path)
            {
                self.status = e;
            }
        }
    }

    /// Apply a screen command of this module.
    pub(super) fn apply_screen(&mut self, command: Command) {
        match command {
            Command::SetRegisterQuery(q) => {
                self.register.text = q.text.clone();
                self.set_register_query(q);
            }
            Command::NeedRows(first, last) => self.need_rows(first, last),
            Command::SelectRow(i) => self.register.selected = Some(i),
            Command::OpenCase(id) => self.open_case(id),
            Command::OpenPerson(id) => self.open_person(id),
            Command::OpenDocument(id) => self.open_document(id),
            Command::SaveDocument(id) => self.start_dialog(DialogPurpose::SaveDocument(id)),
            Command::SaveDocumentTo(id, path) => self.save_document_to(id, path),
            Command::RefreshDashboard => self.refresh_dashboard(),
            Command::DashboardFilter(f) => self.dashboard.only_overdue = f,
            Command::StatisticsPeriod(year, half) => {
                self.statistics.year = year;
                self.statistics.half = half;
                self.refresh_statistics();
            }
            Command::ExportStatistics => self.start_dialog(DialogPurpose::SaveStatistics),
            Command::SaveSettings => self.save_settings(),
            Command::AddUser => self.add_user(),
            Command::SetUserActive(id, active) => self.set_user_active(id, active),
            Command::SetUserRole(id, role) => self.set_user_role(id, &role),
            Command::SetRegulationEnabled(id, enabled) => self.set_regulation_enabled(&id, enabled),
            Command::StartDialog(p) => {
                if matches!(
                    p,
                    DialogPurpose::ImportRegulation | DialogPurpose::ImportCalendar
                ) && self.refuse("导入文件")
                {
                    return;
                }
                self.start_dialog(p)
            }
            Command::DialogChose(p, path) => self.dialog_chose(p, path),
            _ => {}
        }
    }
}

/// The dates [from, to) of a period: half 1 = Jan–Jun, 2 = Jul–Dec, 0 = the year.
pub fn period(year: i16, half: u8) -> (Date, Date) {
    let d = |y: i16, m: i8| Date::new(y, m, 1).unwrap_or(Date::MIN);
    match half {
        1 => (d(year, 1), d(year, 7)),
        2 => (d(year, 7), d(year.saturating_add(1), 1)),
        _ => (d(year, 1), d(year.saturating_add(1), 1)),
    }
}

/// 2026年上半年 / 2026年下半年 / 2026年全年.
pub fn period_label(year: i16, half: u8) -> String {
    match half {
        1 => format!("{year}年上半年"),
        2 => format!("{year}年下半年"),
        _ => format!("{year}年全年"),
    }
}

impl Default for StatisticsState {
    fn default() -> Self {
        let t = today();
        StatisticsState {
            year: t.year(),
            half: if t.month() <= 6 { 1 } else { 2 },
            generation: 0,
            pending: false,
            view: None,
            error: String::new(),
            message: String::new(),
        }
    }
}
