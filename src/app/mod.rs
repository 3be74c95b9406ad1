//! Application state. Screens never change state directly: they return
//! [`Command`]s, which [`WenzeApp::apply`] carries out at the end of a frame.
//! (The wizard's form fields are the exception: widgets edit the raw form
//! values in place — they are raw input, validated only when the clerk moves
//! on — and every change is saved as a draft.)

pub mod session;
pub mod wizard;

use std::path::{Path, PathBuf};

pub use session::WizardSession;

use crate::domain::{CaseListItem, SearchFilters};
use crate::storage::{Storage, StorageError};

/// What the main area shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// 案件台账
    Register,
    /// 新建案件 (the case wizard)
    NewCase,
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
    WizardGoto(usize),
    /// Save the draft now (Ctrl+S).
    WizardSave,
    /// The form changed (the draft is saved once typing pauses).
    WizardChanged,
    WizardFindPersons(String),
    WizardPickPerson(i64, String),
    /// Approve: assign the 文号, lock the decision, store the PDF.
    WizardIssue,
    /// Ask where to save the issued PDF (native dialog on a worker thread).
    WizardSavePdf,
    /// Save the issued PDF to this path.
    WizardSavePdfTo(PathBuf),
    /// First run: create the administrator and sign in.
    CreateAdmin,
    /// Sign in (or unlock after the idle lock) with the login form.
    Login,
    /// Lock the window (idle or by hand); the work stays.
    Lock,
}

/// The sign-in form (raw values).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoginForm {
    pub username: String,
    pub display_name: String,
    pub password: String,
    pub confirm: String,
    pub message: String,
}

/// How many backups the app keeps when it closes.
pub const KEEP_BACKUPS: usize = 10;

/// The whole application; `ui::show` draws it.
pub struct WenzeApp {
    pub(crate) storage: Option<Storage>,
    pub(crate) db_path: Option<PathBuf>,
    /// A problem opening the register, shown instead of the screens.
    pub(crate) open_error: Option<String>,
    /// Backups offered for restore when the register could not be opened.
    pub(crate) backups: Vec<PathBuf>,
    pub(crate) route: Route,
    /// Cached register rows: queried on change, never per frame.
    pub(crate) register_rows: Vec<CaseListItem>,
    pub(crate) register_query: String,
    pub(crate) case_total: i64,
    pub(crate) status: String,
    pub(crate) wizard: Option<WizardSession>,
    pub(crate) drafts: Vec<(String, u32, String)>,
    pub(crate) regulations: crate::rules::RegulationSet,
    /// 机关名称 for documents (setting `office_name`).
    pub(crate) office_name: String,
    /// The signed-in user (None = the sign-in screen is shown).
    pub(crate) user: Option<crate::domain::auth::User>,
    /// Locked after inactivity: the user must enter the password again.
    pub(crate) locked: bool,
    pub(crate) login: LoginForm,
    /// First run: no user exists yet.
    pub(crate) needs_admin: bool,
    /// Seconds of inactivity before the lock (setting `idle_lock_seconds`, default 900).
    pub(crate) idle_lock_secs: f64,
    pub(crate) last_activity: f64,
    pub(crate) calendar: crate::rules::Calendar,
}

/// How many rows the register loads at once.
const REGISTER_PAGE: usize = 500;

/// The folder of automatic backups for a register file.
pub fn backup_dir(db: &Path) -> PathBuf {
    db.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join("backups")
}

impl WenzeApp {
    /// Open the register at `path` (created if absent).
    pub fn open(path: &Path) -> Self {
        let mut app = Self::new(Storage::open(path));
        app.db_path = Some(path.to_path_buf());
        if app.open_error.is_some() {
            app.backups = list_backups(&backup_dir(path));
        }
        app
    }

    /// An app over an opened register, or showing why it could not be opened.
    pub fn new(storage: Result<Storage, StorageError>) -> Self {
        let (storage, open_error) = match storage {
            Ok(s) => (Some(s), None),
            Err(e) => (None, Some(e.to_string())),
        };
        let db_path = storage.as_ref().map(|s| s.path().to_path_buf());
        let mut app = Self {
            storage,
            db_path,
            open_error,
            backups: Vec::new(),
            route: Route::Register,
            register_rows: Vec::new(),
            register_query: String::new(),
            case_total: 0,
            status: String::new(),
            wizard: None,
            drafts: Vec::new(),
            regulations: crate::rules::RegulationSet::bundled(),
            office_name: String::new(),
            user: None,
            locked: false,
            login: LoginForm::default(),
            needs_admin: false,
            idle_lock_secs: 900.0,
            last_activity: 0.0,
            calendar: crate::rules::Calendar::bundled(),
        };
        app.apply(Command::ReloadRegister);
        if let Some(s) = &app.storage {
            app.needs_admin = s.user_count().unwrap_or(0) == 0;
            app.idle_lock_secs = s
                .setting("idle_lock_seconds")
                .ok()
                .flatten()
                .and_then(|v| v.parse().ok())
                .unwrap_or(900.0);
        }
        app
    }

    /// The signed-in user, if any.
    pub fn user(&self) -> Option<&crate::domain::auth::User> {
        self.user.as_ref()
    }

    /// Is the window locked (signed out or idle)?
    pub fn is_locked(&self) -> bool {
        self.user.is_none() || self.locked
    }

    /// The screen currently shown.
    pub fn route(&self) -> Route {
        self.route
    }

    /// The rows the register shows.
    pub fn register_rows(&self) -> &[CaseListItem] {
        &self.register_rows
    }

    /// Carry out one command.
    pub fn apply(&mut self, command: Command) {
        match command {
            Command::Navigate(route) => self.route = route,
            Command::ReloadRegister => {
                let query = self.register_query.clone();
                self.apply(Command::Search(query));
            }
            Command::Search(query) => {
                self.register_query = query;
                let Some(storage) = &self.storage else { return };
                let result = if self.register_query.trim().is_empty() {
                    storage.list_page(REGISTER_PAGE, 0)
                } else {
                    storage.search(
                        &self.register_query,
                        &SearchFilters::default(),
                        REGISTER_PAGE,
                    )
                };
                match result {
                    Ok(rows) => {
                        self.register_rows = rows;
                        self.status.clear();
                    }
                    Err(e) => self.status = e.to_string(),
                }
                self.case_total = storage.case_count().unwrap_or(0);
                self.drafts = storage.drafts().unwrap_or_default();
                self.office_name = storage
                    .setting("office_name")
                    .ok()
                    .flatten()
                    .unwrap_or_else(|| "生态环境局".to_owned());
            }
            Command::WizardStart(_)
            | Command::WizardNext
            | Command::WizardBack
            | Command::WizardGoto(_)
            | Command::WizardSave
            | Command::WizardChanged
            | Command::WizardFindPersons(_)
            | Command::WizardPickPerson(..)
            | Command::WizardIssue
            | Command::WizardSavePdf
            | Command::WizardSavePdfTo(_) => session::apply(self, command),
            Command::CreateAdmin => self.create_admin(),
            Command::Login => self.sign_in(),
            Command::Lock => {
                session::flush(self);
                self.locked = true;
                self.login.password.clear();
            }
            Command::RestoreBackup(src) => {
                let Some(db) = self.db_path.clone() else {
                    return;
                };
                match crate::storage::backup::restore(&src, &db) {
                    Ok(aside) => {
                        *self = Self::open(&db);
                        self.status = match aside {
                            Some(a) => format!("已从备份恢复；原文件保留为 {}", a.display()),
                            None => "已从备份恢复".to_owned(),
                        };
                    }
                    Err(e) => self.status = format!("恢复失败：{e}"),
                }
            }
        }
    }

    fn create_admin(&mut self) {
        use crate::domain::auth;
        let f = self.login.clone();
        let problem = if f.username.trim().is_empty() || f.display_name.trim().is_empty() {
            Some("请填写用户名和姓名")
        } else if f.password != f.confirm {
            Some("两次输入的密码不一致")
        } else {
            auth::password_problem(&f.password)
        };
        if let Some(p) = problem {
            self.login.message = p.to_owned();
            return;
        }
        let Some(storage) = self.storage.as_mut() else {
            return;
        };
        let result = auth::hash_password(&f.password).and_then(|h| {
            storage
                .add_user(&f.username, &f.display_name, "管理员", &h)
                .map_err(|e| e.to_string())
        });
        match result {
            Ok(_) => {
                self.needs_admin = false;
                self.sign_in();
            }
            Err(e) => self.login.message = e,
        }
    }

    fn sign_in(&mut self) {
        let Some(storage) = self.storage.as_mut() else {
            return;
        };
        let username = match (&self.user, self.locked) {
            (Some(u), true) => u.username.clone(),
            _ => self.login.username.clone(),
        };
        match storage.login(&username, &self.login.password) {
            Ok(Some(user)) => {
                self.user = Some(user);
                self.locked = false;
                self.login = LoginForm::default();
            }
            Ok(None) => {
                self.login.message = "用户名或密码不正确".to_owned();
                self.login.password.clear();
            }
            Err(e) => self.login.message = e.to_string(),
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

    /// Called when the window closes: the draft is saved, then a rotating
    /// backup is written beside the register.
    pub fn on_close(&mut self) {
        session::flush(self);
        if let (Some(storage), Some(db)) = (&self.storage, &self.db_path) {
            let _ = storage.rotate_backup(&backup_dir(db), KEEP_BACKUPS);
        }
    }
}

/// Backups in `dir`, newest first.
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

impl eframe::App for WenzeApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        crate::ui::show(self, ui);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.on_close();
    }
}
