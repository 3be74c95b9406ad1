//! What the regulations say: the regulation data, the Chinese working-day
//! calendar, and the assessment engine. No IO here: data comes in as text or
//! values, results go out as values.

pub mod calendar;
pub mod dashboard;
pub mod engine;
pub mod precedents;
pub mod regulation;
mod selection;

pub use calendar::Calendar;
pub use engine::{Assessment, CaseInput, HistoryRecord, assess, parse_case_json};
pub(crate) use regulation::Regulation;

/// The five bundled regulations (checked at compile time by build.rs).
pub const BUNDLED: [(&str, &str); 5] = [
    (
        "000.toml",
        include_str!("../../assets/regulations/000.toml"),
    ),
    (
        "001.toml",
        include_str!("../../assets/regulations/001.toml"),
    ),
    (
        "002.toml",
        include_str!("../../assets/regulations/002.toml"),
    ),
    (
        "003.toml",
        include_str!("../../assets/regulations/003.toml"),
    ),
    (
        "004.toml",
        include_str!("../../assets/regulations/004.toml"),
    ),
];

/// The regulations an office has enabled.
#[derive(Debug, Clone, Default)]
pub struct RegulationSet {
    regulations: Vec<Regulation>,
    /// Ids the office switched off (kept for existing cases, not offered for new ones).
    disabled: std::collections::BTreeSet<String>,
}

impl RegulationSet {
    /// The bundled five. A bundled file that fails to load is left out (build.rs
    /// and the tests make sure none does).
    pub fn bundled() -> Self {
        let mut set = Self::default();
        for (_, source) in BUNDLED {
            if let Ok(reg) = regulation::load(source) {
                set.regulations.push(reg);
            }
        }
        set
    }

    /// Add (or replace) a regulation.
    pub fn insert(&mut self, reg: Regulation) {
        self.regulations.retain(|r| r.id() != reg.id());
        self.regulations.push(reg);
    }

    pub fn get(&self, id: &str) -> Option<&Regulation> {
        self.regulations.iter().find(|r| r.id() == id)
    }

    /// The 容错纠错 overlay (the first regulation marked `overlay`).
    pub fn overlay(&self) -> Option<&Regulation> {
        self.regulations.iter().find(|r| r.regulation.overlay)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Regulation> {
        self.regulations.iter()
    }

    /// Regulations offered for new cases.
    pub(crate) fn enabled(&self) -> impl Iterator<Item = &Regulation> {
        self.regulations
            .iter()
            .filter(|r| !self.disabled.contains(r.id()))
    }

    pub(crate) fn is_enabled(&self, id: &str) -> bool {
        !self.disabled.contains(id)
    }

    /// Switch a regulation off for new cases (or back on).
    pub(crate) fn set_enabled(&mut self, id: &str, enabled: bool) {
        if enabled {
            self.disabled.remove(id);
        } else {
            self.disabled.insert(id.to_owned());
        }
    }

    /// The ids switched off.
    pub(crate) fn disabled(&self) -> impl Iterator<Item = &str> {
        self.disabled.iter().map(String::as_str)
    }
}
