//! Application state. Screens never change state directly: they return
//! [`Command`]s, which [`WenzeApp::apply`] carries out at the end of a frame.
//! (The wizard's form fields are the exception: widgets edit the raw form
//! values in place — they are raw input, validated only when the clerk moves
//! on — and every change is saved as a draft.)

pub mod archive;
pub mod case_input;
pub mod casedocs;
pub mod decision;
pub mod error;
pub(crate) mod files;
pub mod import;
mod office;
pub mod print;
pub(crate) mod procedure;
pub(crate) mod queries;
pub(crate) mod review;
pub(crate) mod screens;
pub mod session;
pub(crate) mod settings;
pub mod wizard;
pub mod worker;

use crate::domain::ids::{CaseId, DocumentId, PersonId};
use std::path::{Path, PathBuf};

pub use office::{backup_dir, list_backups};
pub use session::WizardSession;

use crate::storage::{Storage, StorageError};

/// What the main area shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// 工作台: what needs action.
    Dashboard,
    /// 案件台账
    Register,
    /// 新建案件 (the case wizard)
    NewCase,
    /// 案卷 of one case.
    Case(CaseId),
    /// 人员: one person's cases and bans.
    Person(PersonId),
    /// 统计分析
    Statistics,
    /// 设置
    Settings,
    /// 导入台账 (an office's earlier ledger as history).
    Import,
}

/// Intents returned by screens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Navigate(Route),
    ReloadRegister,
    /// Search the register (empty = the newest cases).
    Search(String),
    /// Restore this backup over the register that failed to open.
    RestoreBackup(PathBuf),
    /// Start a new case in the wizard, or resume a draft by its key.
    WizardStart(Option<String>),
    WizardNext,
    WizardBack,
    WizardGoto(wizard::WizardStep),
    /// Add a respondent to the case (shown at once).
    WizardAddRespondent,
    /// Remove this respondent before issue.
    WizardRemoveRespondent(usize),
    /// Save the draft now (Ctrl+S).
    WizardSave,
    /// The form changed (the draft is saved once typing pauses).
    WizardChanged,
    WizardFindPersons(String),
    WizardPickPerson(PersonId, String),
    /// Approve: assign the 文号, lock the decision, store the PDF.
    WizardIssue,
    /// 登记并签发事先告知书 (before the decision, where a hearing is required).
    WizardIssueNotice,
    /// 录入员: submit the draft for review (提交审核).
    WizardSubmitReview,
    /// 审核人: return the draft to the clerk with the comment typed.
    WizardReturn,
    /// 审批签发 pressed: check everything, then ask for confirmation.
    WizardAskIssue,
    /// The confirmation was cancelled.
    WizardCancelIssue,
    /// Sign out (switch user) without quitting.
    SignOut,
    /// 案卷: record a delivery from the delivery form.
    RecordDelivery,
    /// 案卷: mark a follow-up (纠错, ban) done on the date in the form.
    CompleteFollowUp(i64),
    /// 案卷: record a 复查/申诉 application from the form.
    RecordRemedy,
    /// 案卷: decide this 复查/申诉 (a new decision superseding the original).
    DecideRemedy(i64),
    /// 案卷: record a later 陈述申辩 or evidence from the form.
    AddLaterStatement,
    AddLaterEvidence,
    /// 案卷: a document of one respondent (produce, preview, the 事先告知书).
    CaseDocument(casedocs::DocCommand),
    /// 导入: the 台账 import screen.
    Import(import::ImportCommand),
    /// 打印: show the print panel for this issued document (id, title).
    PrintDocument(DocumentId, String),
    /// Print with the printer and copies chosen in the panel.
    PrintConfirm,
    PrintCancel,
    /// Ask where to save issued document N (native dialog on a worker thread).
    WizardSavePdf(usize),
    /// Save issued document N to this path (empty: the default folder).
    WizardSavePdfTo(usize, PathBuf),
    /// First run: create the administrator and sign in.
    CreateAdmin,
    /// Sign in (or unlock after the idle lock) with the login form.
    Login,
    /// Lock the window (idle or by hand); the work stays.
    Lock,
    /// Show the register with this search text, filters and order.
    SetRegisterQuery(crate::domain::views::RegisterQuery),
    /// The table shows rows first..=last: fetch their pages.
    NeedRows(usize, usize),
    SelectRow(usize),
    OpenCase(CaseId),
    OpenPerson(PersonId),
    /// Open an issued document in the system's PDF viewer.
    OpenDocument(DocumentId),
    /// Save an issued document again (asks where).
    SaveDocument(DocumentId),
    SaveDocumentTo(DocumentId, PathBuf),
    RefreshDashboard,
    /// Some(true) = overdue only, Some(false) = due soon only, None = all.
    DashboardFilter(Option<bool>),
    /// Statistics for (year, half: 1, 2 or 0 = whole year).
    StatisticsPeriod(i16, u8),
    /// 导出 PDF/OFD 报告…: ask where, then write the report in that format.
    ExportStatistics(crate::export::DocFormat),
    SaveSettings,
    AddUser,
    SetUserActive(i64, bool),
    /// Give a user another role (录入员 / 审核人 / 管理员).
    SetUserRole(i64, String),
    /// 重置密码: an administrator sets the chosen user's password.
    ResetPassword,
    /// 修改本人密码: the signed-in user, with their current password.
    ChangeOwnPassword,
    SetRegulationEnabled(String, bool),
    StartDialog(screens::DialogPurpose),
    DialogChose(screens::DialogPurpose, PathBuf),
}

/// 修改本人密码 (raw values).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct PasswordForm {
    pub(crate) old: String,
    pub(crate) new: String,
    pub(crate) confirm: String,
    pub(crate) message: String,
}

/// The sign-in form (raw values).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct LoginForm {
    pub(crate) username: String,
    pub(crate) display_name: String,
    pub(crate) password: String,
    pub(crate) confirm: String,
    /// 首次使用: the office's name (署名, 印发机关) and 文号代字, asked for
    /// with the first administrator — no document prints a default.
    pub(crate) office_name: String,
    pub(crate) office_code: String,
    pub(crate) message: String,
    /// A failed sign-in: the password field gets the focus again.
    pub(crate) focus_password: bool,
}

/// How many backups the app keeps when it closes.
pub(crate) const KEEP_BACKUPS: usize = 10;

/// What every screen may read and only the command handler changes: the
/// register and its worker, who is signed in, the law and the calendar,
/// today, the page shown and the status line.
pub struct Shared {
    pub(crate) storage: Option<Storage>,
    pub(crate) db_path: Option<PathBuf>,
    pub(crate) worker: Option<worker::Worker>,
    /// The signed-in user (None = the sign-in screen is shown).
    pub(crate) user: Option<crate::domain::auth::User>,
    pub(crate) regulations: crate::rules::RegulationSet,
    pub(crate) calendar: crate::rules::Calendar,
    /// 机关名称 for documents (setting `office_name`).
    pub(crate) office_name: String,
    /// "Today" fixed for tests and screenshots (None = the clock).
    pub(crate) today: Option<jiff::civil::Date>,
    /// The folder a save goes to when no file dialog can be shown (None =
    /// the user's documents folder, `print::default_save_dir`).
    pub(crate) save_dir: Option<PathBuf>,
    pub(crate) route: Route,
    /// The status line: belongs to the page and the user that caused it.
    pub(crate) status: String,
    /// The signed-in user's drafts (key, step, title), on the 工作台 and the
    /// register.
    pub(crate) drafts: Vec<(String, u32, String)>,
}

impl Shared {
    /// Today: the clock's, or the date fixed for tests and screenshots.
    pub(crate) fn today(&self) -> jiff::civil::Date {
        self.today.unwrap_or_else(|| jiff::Zoned::now().date())
    }

    /// The signed-in user, if any.
    pub(crate) fn user(&self) -> Option<&crate::domain::auth::User> {
        self.user.as_ref()
    }

    /// The signed-in user when they may do `act` (`Storage::require_role`:
    /// the one role check, its refusal audited as `refusal`).
    pub(crate) fn require(
        &mut self,
        need: crate::domain::auth::Need,
        refusal: &str,
        act: &str,
    ) -> error::AppResult<crate::domain::auth::User> {
        let storage = self.storage.as_mut().ok_or(error::AppError::NoRegister)?;
        storage.require_role(self.user.as_ref(), need, refusal, act)?;
        self.user.clone().ok_or(error::AppError::NoRegister)
    }
}

/// Who is at the keyboard: the sign-in and first-run forms, the idle lock,
/// and a register that could not be opened.
pub struct Access {
    /// A problem opening the register, shown instead of the screens.
    pub(crate) open_error: Option<String>,
    /// Backups offered for restore when the register could not be opened.
    pub(crate) backups: Vec<PathBuf>,
    /// A draft asked for before anyone signed in (`--draft KEY`): opened
    /// after sign-in, when its author's or role's right to it can be checked.
    pub(crate) pending_draft: Option<String>,
    /// Locked after inactivity: the user must enter the password again.
    pub(crate) locked: bool,
    pub(crate) login: LoginForm,
    /// 修改本人密码 on the 工作台.
    pub(crate) own_password: PasswordForm,
    /// First run: no user exists yet.
    pub(crate) needs_admin: bool,
    /// Seconds of inactivity before the lock (setting `idle_lock_seconds`, default 900).
    pub(crate) idle_lock_secs: f64,
    pub(crate) last_activity: f64,
}

/// The whole application: the shared context, each screen's own state, and
/// the one command handler ([`WenzeApp::apply`]); `ui::show` draws it,
/// handing each screen the context and its own state.
pub struct WenzeApp {
    pub(crate) shared: Shared,
    pub(crate) access: Access,
    /// 案件台账: the table (pages fetched on the query thread).
    pub(crate) register: screens::RegisterView,
    /// 工作台
    pub(crate) dashboard: screens::DashboardView,
    pub(crate) statistics: screens::StatisticsState,
    /// 案卷
    pub(crate) case: screens::CaseScreen,
    /// 人员
    pub(crate) person: Option<crate::domain::views::PersonFile>,
    /// 设置
    pub(crate) settings: screens::SettingsForm,
    /// 新建案件 (the wizard), while a case is being entered.
    pub(crate) wizard: Option<WizardSession>,
    /// 导入台账
    pub(crate) import: import::ImportState,
    /// The print panel (over the 案卷 or the wizard).
    pub(crate) print: print::PrintForm,
    /// A native file dialog running on its thread (what it is for).
    pub(crate) dialog: Option<(
        screens::DialogPurpose,
        std::sync::mpsc::Receiver<Option<PathBuf>>,
    )>,
    /// A document being handed to the system's viewer (its answer comes here).
    pub(crate) opening: Option<std::sync::mpsc::Receiver<String>>,
}

use procedure::CaseAction;
use review::ReviewCommand;
use screens::ScreenCommand;
use session::WizardCommand;

impl WenzeApp {
    /// Open the register at `path` (created if absent).
    pub fn open(path: &Path) -> Self {
        let mut app = Self::new(Storage::open(path));
        app.shared.db_path = Some(path.to_path_buf());
        if app.access.open_error.is_some() {
            app.access.backups = list_backups(&backup_dir(path));
        }
        app
    }

    /// An app over an opened register, or showing why it could not be opened.
    pub(crate) fn new(storage: Result<Storage, StorageError>) -> Self {
        let (storage, open_error) = match storage {
            Ok(s) => (Some(s), None),
            Err(e) => (None, Some(e.to_string())),
        };
        let db_path = storage.as_ref().map(|s| s.path().to_path_buf());
        let status = storage
            .as_ref()
            .and_then(|s| s.schema_tampered())
            .map(tamper_warning)
            .unwrap_or_default();
        let mut app = Self {
            shared: Shared {
                storage,
                db_path,
                worker: None,
                user: None,
                regulations: crate::rules::RegulationSet::bundled(),
                calendar: crate::rules::Calendar::bundled(),
                office_name: String::new(),
                today: None,
                save_dir: None,
                route: Route::Register,
                status,
                drafts: Vec::new(),
            },
            access: Access {
                open_error,
                backups: Vec::new(),
                pending_draft: None,
                locked: false,
                login: LoginForm::default(),
                own_password: PasswordForm::default(),
                needs_admin: false,
                idle_lock_secs: 900.0,
                last_activity: 0.0,
            },
            register: screens::RegisterView::default(),
            dashboard: screens::DashboardView::default(),
            statistics: screens::StatisticsState::default(),
            case: screens::CaseScreen::default(),
            person: None,
            settings: screens::SettingsForm::default(),
            wizard: None,
            import: import::ImportState::default(),
            print: print::PrintForm::default(),
            dialog: None,
            opening: None,
        };
        app.load_office_data();
        app.restart_worker();
        app.register.query = crate::domain::views::RegisterQuery::newest();
        app.apply(Command::ReloadRegister);
        if let Some(s) = &app.shared.storage {
            // Only a register known to have no users asks for the first
            // administrator; one whose users cannot be read (busy) shows the
            // sign-in screen with the reason.
            match s.user_count() {
                Ok(n) => app.access.needs_admin = n == 0,
                Err(e) => {
                    app.access.needs_admin = false;
                    app.access.login.message = format!("暂时无法读取用户（{e}），请稍后重试登录");
                }
            }
            app.access.idle_lock_secs = s
                .setting("idle_lock_seconds")
                .ok()
                .flatten()
                .and_then(|v| v.parse().ok())
                .unwrap_or(900.0);
        }
        app
    }

    /// The 案卷's action forms as they stand.
    pub fn case_actions(&self) -> &procedure::CaseActions {
        &self.case.actions
    }

    /// The register, when one is open.
    pub(crate) fn storage_ref(&self) -> Option<&Storage> {
        self.shared.storage.as_ref()
    }

    /// Why the register could not be opened, if it could not.
    pub(crate) fn open_error_text(&self) -> Option<String> {
        self.access.open_error.clone()
    }

    /// Sign in (headless, `wenze case`): as the login screen does, a failed
    /// sign-in audited by the register.
    pub(crate) fn sign_in_as(&mut self, username: &str, password: &str) -> error::AppResult<()> {
        let storage = self
            .shared
            .storage
            .as_mut()
            .ok_or(error::AppError::NoRegister)?;
        match storage.login(username, password)? {
            Some(user) => {
                self.shared.user = Some(user);
                Ok(())
            }
            None => Err(error::AppError::refused(
                "用户名或密码不正确。已记录此次登录失败。",
            )),
        }
    }

    /// The 案卷's action forms (raw values), for tests and scripted use.
    pub fn case_actions_mut(&mut self) -> &mut procedure::CaseActions {
        &mut self.case.actions
    }

    /// The signed-in user, if any.
    pub fn user(&self) -> Option<&crate::domain::auth::User> {
        self.shared.user.as_ref()
    }

    /// Is the window locked (signed out or idle)?
    pub fn is_locked(&self) -> bool {
        self.shared.user.is_none() || self.access.locked
    }

    /// The screen currently shown.
    pub fn route(&self) -> Route {
        self.shared.route
    }

    /// The status line's message.
    pub fn status(&self) -> &str {
        &self.shared.status
    }

    /// Carry out one command.
    pub fn apply(&mut self, command: Command) {
        match command {
            Command::Navigate(route) => {
                // A status message belongs to the page that caused it.
                if route != self.shared.route {
                    self.shared.status.clear();
                }
                self.shared.route = route;
                match route {
                    Route::Dashboard => {
                        review::load_queue(self);
                        self.refresh_dashboard()
                    }
                    Route::Statistics if self.statistics.view.is_none() => {
                        self.refresh_statistics()
                    }
                    Route::Settings => self.load_settings(),
                    Route::Case(id) => self.open_case(id),
                    Route::Person(id) => self.open_person(id),
                    // Shown from what is already loaded (the register's
                    // pages, the wizard, the import screen, statistics
                    // already computed).
                    Route::Register | Route::NewCase | Route::Import | Route::Statistics => {}
                }
            }
            Command::ReloadRegister => {
                let query = self.register.wanted().clone();
                self.set_register_query(query);
                self.reload_office();
            }
            Command::Search(text) => {
                let mut query = self.register.wanted().clone();
                query.text = text.clone();
                self.register.text = text;
                self.set_register_query(query);
            }
            Command::WizardStart(k) => session::apply(self, WizardCommand::Start(k)),
            Command::WizardNext => session::apply(self, WizardCommand::Next),
            Command::WizardBack => session::apply(self, WizardCommand::Back),
            Command::WizardGoto(step) => session::apply(self, WizardCommand::Goto(step)),
            Command::WizardAddRespondent => session::apply(self, WizardCommand::AddRespondent),
            Command::WizardRemoveRespondent(i) => {
                session::apply(self, WizardCommand::RemoveRespondent(i))
            }
            Command::WizardSave => session::apply(self, WizardCommand::Save),
            Command::WizardChanged => session::apply(self, WizardCommand::Changed),
            Command::WizardFindPersons(q) => session::apply(self, WizardCommand::FindPersons(q)),
            Command::WizardPickPerson(id, label) => {
                session::apply(self, WizardCommand::PickPerson(id, label))
            }
            Command::WizardIssue => session::apply(self, WizardCommand::Issue),
            Command::WizardIssueNotice => session::apply(self, WizardCommand::IssueNotice),
            Command::WizardSavePdf(i) => session::apply(self, WizardCommand::SavePdf(i)),
            Command::WizardSavePdfTo(i, path) => {
                session::apply(self, WizardCommand::SavePdfTo(i, path))
            }
            Command::WizardSubmitReview => review::apply(self, ReviewCommand::Submit),
            Command::WizardReturn => review::apply(self, ReviewCommand::Return),
            Command::WizardAskIssue => review::apply(self, ReviewCommand::AskIssue),
            Command::WizardCancelIssue => review::apply(self, ReviewCommand::CancelIssue),
            Command::SignOut => review::apply(self, ReviewCommand::SignOut),
            Command::RecordDelivery => procedure::apply(self, CaseAction::Deliver),
            Command::CompleteFollowUp(id) => {
                procedure::apply(self, CaseAction::CompleteFollowUp(id))
            }
            Command::RecordRemedy => procedure::apply(self, CaseAction::ApplyForRemedy),
            Command::DecideRemedy(id) => procedure::apply(self, CaseAction::DecideRemedy(id)),
            Command::AddLaterStatement => procedure::apply(self, CaseAction::AddLaterStatement),
            Command::AddLaterEvidence => procedure::apply(self, CaseAction::AddLaterEvidence),
            Command::CaseDocument(c) => casedocs::apply(self, c),
            Command::Import(c) => import::apply(self, c),
            Command::PrintDocument(id, title) => self.start_print(id, title),
            Command::PrintConfirm => self.confirm_print(),
            Command::PrintCancel => self.print = print::PrintForm::default(),
            Command::CreateAdmin => self.create_admin(),
            Command::Login => self.sign_in(),
            Command::Lock => {
                session::flush(self);
                self.access.locked = true;
                self.access.login.password.clear();
            }
            Command::SetRegisterQuery(q) => self.apply_screen(ScreenCommand::SetRegisterQuery(q)),
            Command::NeedRows(a, b) => self.apply_screen(ScreenCommand::NeedRows(a, b)),
            Command::SelectRow(i) => self.apply_screen(ScreenCommand::SelectRow(i)),
            Command::OpenCase(id) => self.apply_screen(ScreenCommand::OpenCase(id)),
            Command::OpenPerson(id) => self.apply_screen(ScreenCommand::OpenPerson(id)),
            Command::OpenDocument(id) => self.apply_screen(ScreenCommand::OpenDocument(id)),
            Command::SaveDocument(id) => self.apply_screen(ScreenCommand::SaveDocument(id)),
            Command::SaveDocumentTo(id, p) => {
                self.apply_screen(ScreenCommand::SaveDocumentTo(id, p))
            }
            Command::RefreshDashboard => self.apply_screen(ScreenCommand::RefreshDashboard),
            Command::DashboardFilter(f) => self.apply_screen(ScreenCommand::DashboardFilter(f)),
            Command::StatisticsPeriod(y, h) => {
                self.apply_screen(ScreenCommand::StatisticsPeriod(y, h))
            }
            Command::ExportStatistics(f) => self.apply_screen(ScreenCommand::ExportStatistics(f)),
            Command::SaveSettings => self.apply_screen(ScreenCommand::SaveSettings),
            Command::AddUser => self.apply_screen(ScreenCommand::AddUser),
            Command::SetUserActive(id, on) => {
                self.apply_screen(ScreenCommand::SetUserActive(id, on))
            }
            Command::SetUserRole(id, role) => {
                self.apply_screen(ScreenCommand::SetUserRole(id, role))
            }
            Command::ResetPassword => self.apply_screen(ScreenCommand::ResetPassword),
            Command::ChangeOwnPassword => self.apply_screen(ScreenCommand::ChangeOwnPassword),
            Command::SetRegulationEnabled(id, on) => {
                self.apply_screen(ScreenCommand::SetRegulationEnabled(id, on))
            }
            Command::StartDialog(p) => self.apply_screen(ScreenCommand::StartDialog(p)),
            Command::DialogChose(p, path) => self.apply_screen(ScreenCommand::DialogChose(p, path)),
            Command::RestoreBackup(src) => {
                let Some(db) = self.shared.db_path.clone() else {
                    return;
                };
                match crate::storage::backup::restore(&src, &db) {
                    Ok(aside) => {
                        *self = Self::open(&db);
                        self.shared.status = match aside {
                            Some(a) => format!("已从备份恢复；原文件保留为 {}", a.display()),
                            None => "已从备份恢复".to_owned(),
                        };
                    }
                    Err(e) => self.shared.status = format!("恢复失败：{e}"),
                }
            }
        }
    }

    fn create_admin(&mut self) {
        use crate::domain::auth;
        let f = self.access.login.clone();
        let problem = if f.office_name.trim().is_empty() {
            Some("请填写机关名称（公文的署名和印发机关，如“保定市生态环境局徐水区分局”）")
        } else if f.office_code.trim().is_empty() || f.office_code.trim().chars().count() > 8 {
            Some("文号代字应为 1 至 8 个字（如“徐环问”，文号即“徐环问〔2026〕3号”）")
        } else if f.username.trim().is_empty() || f.display_name.trim().is_empty() {
            Some("请填写用户名和姓名")
        } else if f.password != f.confirm {
            Some("两次输入的密码不一致")
        } else {
            auth::password_problem(&f.password)
        };
        if let Some(p) = problem {
            self.access.login.message = p.to_owned();
            return;
        }
        let Some(storage) = self.shared.storage.as_mut() else {
            return;
        };
        // One act: the administrator and the office's name and 文号代字.
        let result = auth::Credentials::new(&f.password)
            .map_err(error::AppError::Refused)
            .and_then(|h| {
                storage.act(|s| -> error::AppResult<i64> {
                    let id = s.add_first_admin(&f.username, &f.display_name, &h)?;
                    s.set_setting("office_name", f.office_name.trim())?;
                    s.set_setting("office_code", f.office_code.trim())?;
                    Ok(id)
                })
            });
        match result {
            Ok(_) => {
                self.access.needs_admin = false;
                // The office's name just set is what previews and reports use.
                self.shared.office_name = f.office_name.trim().to_owned();
                self.sign_in();
            }
            Err(e) => {
                // Someone else created the first administrator meanwhile.
                if storage.user_count().is_ok_and(|n| n > 0) {
                    self.access.needs_admin = false;
                }
                self.access.login.message = e.to_string();
            }
        }
    }

    fn sign_in(&mut self) {
        let Some(storage) = self.shared.storage.as_mut() else {
            return;
        };
        let username = match (&self.shared.user, self.access.locked) {
            (Some(u), true) => u.username.clone(),
            _ => self.access.login.username.clone(),
        };
        match storage.login(&username, &self.access.login.password) {
            Ok(Some(user)) => {
                self.shared.user = Some(user);
                self.access.locked = false;
                self.access.login = LoginForm::default();
                review::load_queue(self);
            }
            Ok(None) => {
                self.access.login.message = "用户名或密码不正确".to_owned();
                self.access.login.password.clear();
                self.access.login.focus_password = true;
            }
            Err(e) => self.access.login.message = e.to_string(),
        }
        if self.shared.user.is_some()
            && !self.access.locked
            && let Some(key) = self.access.pending_draft.take()
        {
            self.apply(Command::WizardStart(Some(key)));
        }
    }

    /// The open wizard, if any.
    pub fn wizard(&self) -> Option<&WizardSession> {
        self.wizard.as_ref()
    }

    /// The open wizard's form, for tests and the UI.
    pub fn wizard_mut(&mut self) -> Option<&mut WizardSession> {
        self.wizard.as_mut()
    }
}

impl eframe::App for WenzeApp {
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        crate::ui::logic(self, ctx);
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        crate::ui::show(self, ui);
    }

    fn raw_input_hook(&mut self, _ctx: &egui::Context, raw_input: &mut egui::RawInput) {
        crate::ui::limit_texture_side(raw_input);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.on_close();
    }
}

/// What the window and the commands say when the register's protective
/// triggers were changed outside the program (found at open).
pub(crate) fn tamper_warning(problem: &str) -> String {
    format!(
        "警告：数据库的保护结构在本程序之外被改动（{problem}）。本程序只读取、不再写入；请运行“wenze audit verify”查看详情，并由管理员从备份恢复。"
    )
}
