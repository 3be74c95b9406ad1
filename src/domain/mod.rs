//! Domain types: plain data, no IO, no rusqlite, no egui.

/// One row of the case register (案件台账), as the list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseListItem {
    pub id: i64,
    pub case_no: String,
    pub respondents: String,
    pub unit: String,
    pub regulation_id: String,
    pub stage: String,
    pub received_on: String,
    pub decided_on: Option<String>,
}
