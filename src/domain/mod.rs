//! Domain types: plain data, no IO, no rusqlite, no egui.

pub mod auth;
pub mod id_number;
pub mod procedure;
pub mod views;

/// One row of the case register (案件台账), as the list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseListItem {
    pub id: i64,
    pub case_no: String,
    pub respondents: String,
    pub unit: String,
    pub regulation_id: String,
    pub stage: crate::domain::procedure::Stage,
    pub received_on: String,
    pub decided_on: Option<String>,
    /// The first respondent's pinyin sort key (e.g. "wang2 jian4 guo2 王建国"),
    /// so rows fetched by a search sort by 被问责人 as the register does.
    pub sort_key: String,
}

use jiff::civil::Date;

/// The six clue sources of 金坛办法 第十二条, and 其他.
pub const CLUE_SOURCES: [&str; 7] = [
    "纪委监委、组织、信访等部门移交",
    "巡视巡察、专项督查、明察暗访发现",
    "群众投诉核实",
    "新闻媒体曝光核实",
    "上级部门和区委区政府主要领导交办",
    "其他经核实的线索资料",
    "其他",
];

/// 职级类别 (routing per 金坛办法 第十三、十四条).
pub const RANKS: [&str; 4] = [
    "科员及一般工作人员",
    "科级领导干部",
    "处级及以上领导干部",
    "聘用人员",
];

/// Respondent roles (joint liability).
pub const ROLES: [&str; 4] = ["承办人", "部门负责人", "分管领导", "主要负责人"];

/// A person to add to the register (validated).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewPerson {
    pub name: String,
    pub gender: String,
    pub id_number: Option<String>,
    pub unit: String,
    pub post: String,
    pub rank: String,
    pub party_member: bool,
    /// 在职 / 调离 / 退休 / 其他
    pub status: String,
}

/// A person as lists show them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonRow {
    pub id: i64,
    pub name: String,
    pub gender: String,
    pub unit: String,
    pub post: String,
    pub rank: String,
    pub status: String,
}

/// A reporter's identity (protected: never printed, masked on screen).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reporter {
    pub name: String,
    pub contact: String,
    pub note: String,
}

/// A case to register (线索登记).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCase {
    /// Given by the office, or allocated (`{代字}案〔年〕N号`) when `None`.
    pub case_no: Option<String>,
    pub regulation_id: String,
    pub tolerance_overlay: bool,
    pub clue_source: String,
    pub received_on: Date,
    pub summary: String,
    /// (person id, role)
    pub respondents: Vec<(i64, String)>,
    pub facts: Vec<String>,
    pub reporter: Option<Reporter>,
}

/// What the register keeps about one respondent beyond (person, role):
/// their kind (个人/单位/领导班子) and status when the case is handled, a
/// recorded dissent (徐水 第九条), and the facts and evidence that concern
/// them alone (the case's own facts and evidence are shared).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RespondentDetails {
    pub kind: String,
    pub status: String,
    pub dissent_recorded: bool,
    pub facts: Vec<String>,
    pub evidence: Vec<String>,
}

/// A decision to record (immutable once recorded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDecision {
    pub case_id: i64,
    pub respondent_id: i64,
    /// 问责 / 不予问责 / 容错免责 / 复查
    pub kind: String,
    pub methods: Vec<String>,
    pub measures: Vec<String>,
    pub basis: String,
    pub departure_reason: String,
    pub decided_on: Date,
    pub approved_by: String,
    pub supersedes: Option<i64>,
}

/// Filters beside the search text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchFilters {
    pub year: Option<i16>,
    pub stage: Option<String>,
    pub regulation: Option<String>,
    pub unit: Option<String>,
    pub person_id: Option<i64>,
}

/// The result of checking the audit chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditReport {
    pub entries: u64,
    pub ok: bool,
    pub first_bad: Option<i64>,
    pub message: String,
}

impl AuditReport {
    pub fn broken(entries: u64, id: i64, message: String) -> Self {
        AuditReport {
            entries,
            ok: false,
            first_bad: Some(id),
            message,
        }
    }
}
