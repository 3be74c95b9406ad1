//! Application state. Screens never change state directly: they return
//! [`Command`]s, which [`WenzeApp::apply`] carries out at the end of a frame.

use crate::domain::CaseListItem;
use crate::storage::Storage;

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
}

/// The whole application; `ui::show` draws it.
pub struct WenzeApp {
    pub(crate) storage: Option<Storage>,
    /// A problem opening the register, shown instead of the screens.
    pub(crate) open_error: Option<String>,
    pub(crate) route: Route,
    /// Cached register rows: queried on change, never per frame.
    pub(crate) register_rows: Vec<CaseListItem>,
    pub(crate) status: String,
}

/// How many rows the register loads at once.
const REGISTER_PAGE: usize = 500;

impl WenzeApp {
    /// An app over an opened register, or showing why it could not be opened.
    pub fn new(storage: Result<Storage, crate::storage::StorageError>) -> Self {
        let (storage, open_error) = match storage {
            Ok(s) => (Some(s), None),
            Err(e) => (None, Some(e.to_string())),
        };
        let mut app = Self {
            storage,
            open_error,
            route: Route::Register,
            register_rows: Vec::new(),
            status: String::new(),
        };
        app.apply(Command::ReloadRegister);
        app
    }

    /// The screen currently shown.
    pub fn route(&self) -> Route {
        self.route
    }

    /// Carry out one command.
    pub fn apply(&mut self, command: Command) {
        match command {
            Command::Navigate(route) => self.route = route,
            Command::ReloadRegister => {
                if let Some(storage) = &self.storage {
                    match storage.list_cases(REGISTER_PAGE) {
                        Ok(rows) => self.register_rows = rows,
                        Err(e) => self.status = e.to_string(),
                    }
                }
            }
        }
    }
}

impl eframe::App for WenzeApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        crate::ui::show(self, ui);
    }
}
