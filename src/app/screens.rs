//! State and command handling for the register, case file, person,
//! dashboard, statistics and settings screens. Screens read this state and
//! return commands; only this module (and `session` for the wizard) changes it.

use crate::domain::ids::{CaseId, DocumentId, PersonId};
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use jiff::civil::Date;

use super::WenzeApp;
use super::error::AppResult;
use super::worker::{PAGE_ROWS, StatisticsView};
use crate::domain::CaseListItem;
use crate::domain::views::{CaseFile, FilterOptions, PersonFile, RegisterQuery};
use crate::rules::Assessment;
use crate::rules::dashboard::DueItem;

/// Search hits shown at most (the register says when there are more).
pub(crate) use crate::storage::views::SEARCH_LIMIT;

/// Pages of the register kept in memory (the rest are fetched again).
pub(super) const KEEP_PAGES: usize = 10;

/// The register's table: a window onto the query's rows, fetched page by
/// page on the query thread.
#[derive(Debug, Default)]
pub struct RegisterView {
    /// The view shown.
    pub query: RegisterQuery,
    /// The search box (raw text as typed).
    pub(crate) text: String,
    pub(crate) generation: u64,
    /// The newest generation handed out.
    pub(crate) issued: u64,
    /// A newer view being fetched: (generation, query). The old rows stay
    /// on screen until its first page arrives, so nothing flickers.
    pub(crate) pending: Option<(u64, RegisterQuery)>,
    pub(crate) total: usize,
    pub(crate) pages: HashMap<usize, Vec<CaseListItem>>,
    pub(crate) requested: HashSet<usize>,
    pub selected: Option<usize>,
    pub(crate) options: FilterOptions,
    pub(crate) error: String,
    /// Cases in the register (archived ones included), and the newest
    /// request for that count and the filter options (the overview).
    pub(crate) case_total: i64,
    pub(crate) overview_generation: u64,
    pub(crate) overview_pending: bool,
}

impl RegisterView {
    /// The query the screen edits: the one being fetched, else the one shown.
    pub(crate) fn wanted(&self) -> &RegisterQuery {
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
    pub(crate) generation: u64,
    pub(crate) pending: bool,
    pub loaded: bool,
    pub error: String,
    /// Show only this urgency (None = all).
    pub(crate) only_overdue: Option<bool>,
    /// Drafts submitted for review or returned (审核 on the 工作台).
    pub(crate) queue: Vec<crate::domain::procedure::ReviewItem>,
}

#[derive(Debug)]
pub struct StatisticsState {
    pub(crate) year: i16,
    /// 1 = 上半年, 2 = 下半年, 0 = 全年.
    pub(crate) half: u8,
    pub(crate) generation: u64,
    pub(crate) pending: bool,
    pub view: Option<StatisticsView>,
    pub(crate) error: String,
    pub message: String,
}

/// The 案卷 screen's own state: the case shown, its action forms
/// (delivery, 复查/申诉, follow-ups) and its documents per respondent.
#[derive(Debug, Default)]
pub struct CaseScreen {
    pub view: Option<CaseView>,
    pub(crate) actions: super::procedure::CaseActions,
    pub(crate) docs: super::casedocs::CaseDocs,
}

/// The case file (案卷) on screen.
#[derive(Debug)]
pub struct CaseView {
    pub file: CaseFile,
    pub assessment: AppResult<Assessment>,
    pub message: String,
}

/// An office's document settings for one regulation, as typed (see
/// `storage::DocSettings`): what the regulation's text leaves open.
#[derive(Debug, Clone, Default)]
pub struct DocSettingsForm {
    pub regulation: String,
    pub(crate) name: String,
    pub statement_days: String,
    pub(crate) decider: String,
    pub remedy_body: String,
    pub remedy_period: String,
}

/// The settings form (raw values).
#[derive(Debug, Default, Clone)]
pub struct SettingsForm {
    /// Why the stored settings could not be read (the form is blank and
    /// may not be saved over them).
    pub unread: Option<String>,
    pub(crate) office_name: String,
    /// 抄送 printed on every decision.
    pub(crate) cc: String,
    pub documents: Vec<DocSettingsForm>,
    pub(crate) office_code: String,
    pub(crate) idle_lock_minutes: String,
    pub(crate) backup_dir: String,
    pub(crate) new_username: String,
    pub(crate) new_display_name: String,
    pub(crate) new_role: usize,
    pub(crate) new_password: String,
    /// 重置密码: whose, and the new password.
    pub(crate) reset_user: Option<i64>,
    pub(crate) reset_password: String,
    pub message: String,
    pub users: Vec<(i64, String, String, String, bool)>,
    /// The standard 公文 fonts found on this machine, per role (scanned
    /// off the UI thread; empty until the scan answers).
    pub(crate) official_fonts: Vec<(crate::fonts::PdfRole, Option<PathBuf>)>,
    /// The font-folder scan is still running.
    pub(crate) fonts_scanning: bool,
    /// The font file chosen per role for PDFs (raw; empty = bundled).
    pub(crate) pdf_fonts: Vec<(crate::fonts::PdfRole, String)>,
}

/// What a file dialog running on its thread is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DialogPurpose {
    SaveDocument(DocumentId),
    SaveStatistics(crate::export::DocFormat),
    ImportRegulation,
    ImportCalendar,
    ChooseBackupDir,
}

fn today() -> Date {
    jiff::Zoned::now().date()
}

impl WenzeApp {
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
        self.case.view.as_ref()
    }

    pub fn person_view(&self) -> Option<&PersonFile> {
        self.person.as_ref()
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
    pub(crate) fn today(&self) -> Date {
        self.shared.today()
    }

    /// Fix "today" (tests and screenshots).
    pub fn set_today(&mut self, date: Date) {
        self.shared.today = Some(date);
    }

    /// The folder saves go to when no file dialog can be shown (tests and
    /// scripted use; by default the user's documents folder).
    pub fn set_save_dir(&mut self, dir: impl Into<std::path::PathBuf>) {
        self.shared.save_dir = Some(dir.into());
    }

    /// Where saves go without a file dialog.
    pub(crate) fn save_dir(&self) -> std::path::PathBuf {
        self.shared
            .save_dir
            .clone()
            .unwrap_or_else(super::print::default_save_dir)
    }

    /// Apply a screen command of this module.
    pub(super) fn apply_screen(&mut self, command: ScreenCommand) {
        match command {
            ScreenCommand::SetRegisterQuery(q) => {
                self.register.text = q.text.clone();
                self.set_register_query(q);
            }
            ScreenCommand::NeedRows(first, last) => self.need_rows(first, last),
            ScreenCommand::SelectRow(i) => self.register.selected = Some(i),
            ScreenCommand::OpenCase(id) => self.open_case(id),
            ScreenCommand::OpenPerson(id) => self.open_person(id),
            ScreenCommand::OpenDocument(id) => self.open_document(id),
            ScreenCommand::SaveDocument(id) => self.start_dialog(DialogPurpose::SaveDocument(id)),
            ScreenCommand::SaveDocumentTo(id, path) => self.save_document_to(id, path),
            ScreenCommand::RefreshDashboard => self.refresh_dashboard(),
            ScreenCommand::DashboardFilter(f) => self.dashboard.only_overdue = f,
            ScreenCommand::StatisticsPeriod(year, half) => {
                self.statistics.year = year;
                self.statistics.half = half;
                self.refresh_statistics();
            }
            ScreenCommand::ExportStatistics(format) => {
                self.start_dialog(DialogPurpose::SaveStatistics(format));
            }
            ScreenCommand::SaveSettings => self.save_settings(),
            ScreenCommand::AddUser => self.add_user(),
            ScreenCommand::SetUserActive(id, active) => self.set_user_active(id, active),
            ScreenCommand::SetUserRole(id, role) => self.set_user_role(id, &role),
            ScreenCommand::ResetPassword => self.reset_password(),
            ScreenCommand::ChangeOwnPassword => self.change_own_password(),
            ScreenCommand::SetRegulationEnabled(id, enabled) => {
                self.set_regulation_enabled(&id, enabled)
            }
            ScreenCommand::StartDialog(p) => {
                if matches!(
                    p,
                    DialogPurpose::ImportRegulation | DialogPurpose::ImportCalendar
                ) && self.refuse("导入文件")
                {
                    return;
                }
                self.start_dialog(p)
            }
            ScreenCommand::DialogChose(p, path) => self.dialog_chose(p, path),
        }
    }
}

/// The screens' commands (register, case and person files, dashboard,
/// statistics, settings, file dialogs), matched exhaustively.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ScreenCommand {
    SetRegisterQuery(crate::domain::views::RegisterQuery),
    NeedRows(usize, usize),
    SelectRow(usize),
    OpenCase(CaseId),
    OpenPerson(PersonId),
    OpenDocument(DocumentId),
    SaveDocument(DocumentId),
    SaveDocumentTo(DocumentId, std::path::PathBuf),
    RefreshDashboard,
    DashboardFilter(Option<bool>),
    StatisticsPeriod(i16, u8),
    ExportStatistics(crate::export::DocFormat),
    SaveSettings,
    AddUser,
    SetUserActive(i64, bool),
    SetUserRole(i64, String),
    ResetPassword,
    ChangeOwnPassword,
    SetRegulationEnabled(String, bool),
    StartDialog(DialogPurpose),
    DialogChose(DialogPurpose, std::path::PathBuf),
}

/// The dates [from, to) of a period: half 1 = Jan–Jun, 2 = Jul–Dec, 0 = the year.
pub(crate) fn period(year: i16, half: u8) -> (Date, Date) {
    let d = |y: i16, m: i8| Date::new(y, m, 1).unwrap_or(Date::MIN);
    match half {
        1 => (d(year, 1), d(year, 7)),
        2 => (d(year, 7), d(year.saturating_add(1), 1)),
        _ => (d(year, 1), d(year.saturating_add(1), 1)),
    }
}

/// 2026年上半年 / 2026年下半年 / 2026年全年.
pub(crate) fn period_label(year: i16, half: u8) -> String {
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
