//! Domain types: plain data, no IO, no rusqlite, no egui.

pub mod auth;
pub mod ids;
pub use ids::{CaseId, DecisionId, DocumentId, PersonId, RespondentId};
pub(crate) mod id_number;
pub mod precedent;
pub mod procedure;
pub(crate) mod record;
pub mod views;

/// One row of the case register (案件台账), as the list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseListItem {
    pub id: CaseId,
    pub case_no: String,
    pub respondents: String,
    pub unit: String,
    pub regulation_id: String,
    pub stage: crate::domain::procedure::Stage,
    pub(crate) received_on: String,
    pub decided_on: Option<String>,
    /// The first respondent's pinyin sort key (e.g. "wang2 jian4 guo2 王建国"),
    /// so rows fetched by a search sort by 被问责人 as the register does.
    pub(crate) sort_key: String,
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

/// A respondent's role in the matter (joint liability; 徐水 第七、八条 name
/// 承办人员 and 部门负责人). Stored, and serialised in the wizard's drafts,
/// as its Chinese label.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum RespondentRole {
    #[default]
    #[serde(rename = "承办人")]
    Handler,
    #[serde(rename = "部门负责人")]
    DepartmentHead,
    #[serde(rename = "分管领导")]
    LeaderInCharge,
    #[serde(rename = "主要负责人")]
    PrincipalHead,
}

impl RespondentRole {
    pub const ALL: [RespondentRole; 4] = [
        Self::Handler,
        Self::DepartmentHead,
        Self::LeaderInCharge,
        Self::PrincipalHead,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::Handler => "承办人",
            Self::DepartmentHead => "部门负责人",
            Self::LeaderInCharge => "分管领导",
            Self::PrincipalHead => "主要负责人",
        }
    }

    pub fn from_label(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.label() == s)
    }
}

impl std::fmt::Display for RespondentRole {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

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
    pub id: PersonId,
    pub(crate) name: String,
    pub(crate) gender: String,
    pub unit: String,
    pub(crate) post: String,
    pub(crate) rank: String,
    pub(crate) status: String,
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
    pub respondents: Vec<(PersonId, RespondentRole)>,
    pub facts: Vec<String>,
    pub reporter: Option<Reporter>,
}

/// Names as a clerk types them, separated by “、”, “，” or “,”.
pub(crate) fn split_names(s: &str) -> Vec<String> {
    s.split(['、', '，', ','])
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_owned)
        .collect()
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
    /// The respondent's own 分管领导 (000 第八条第（四）项), as recorded.
    pub supervising_leader: String,
    /// Why 容错 stands although the conduct is prohibited (001 第四条).
    pub tolerance_reason: String,
    /// The others of the 共同行为 outside this case (004 第九条).
    pub co_actors: Vec<String>,
    pub facts: Vec<String>,
    pub evidence: Vec<String>,
    /// What else the clerk found (stored as `respondents.findings`).
    pub findings: RespondentFindings,
}

/// What the clerk found about a respondent beyond the regulation's items
/// (issue 29): the facts 000 第八条（四） turns on, 001 第十三条 履职尽责,
/// 001 第十七条's exclusions and the 四种形态. Stored as one JSON object per
/// respondent (`respondents.findings`) and read only through
/// `RespondentFindings::from_stored`, which refuses what it cannot read.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RespondentFindings {
    /// 造成严重影响和后果 (000 第七条第（三）项、第八条第（四）项).
    pub serious_impact: bool,
    /// 在自治区日常考核和年终考评中扣分 (000 第八条第（四）项).
    pub appraisal_deduction: bool,
    /// 被自治区绩效办通报批评 (000 第八条第（四）项).
    pub circulated_criticism: bool,
    /// 履职尽责 situations (001 第十三条), by id (D13-x).
    pub duty_done: Vec<String>,
    /// Circumstances excluding 容错 (001 第十七条), by id (E17-x).
    pub tolerance_exclusions: Vec<String>,
    /// The 形态 of the 四种形态 that would apply (001 第十七条), by its
    /// Chinese name (第一种形态 …), if found.
    pub discipline_form: Option<String>,
    /// 行为发生日期 (which version of a text applies, 终身问责 periods).
    pub conduct_on: Option<jiff::civil::Date>,
    /// The deciding body goes beyond the level (加重) or below it (减轻),
    /// where a chosen factor's text provides it.
    pub aggravate: bool,
    pub mitigate: bool,
    /// 处室（单位）负责人 and 分管领导 named as jointly liable (000
    /// 第八条第（四）项), by name.
    pub liable_heads: Vec<String>,
}

impl RespondentFindings {
    /// Nothing found (what a register before issue 29 holds).
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// In words, for the audit entry and the case file.
    pub fn describe(&self) -> String {
        let mut said = Vec::new();
        if self.serious_impact {
            said.push("造成严重影响和后果".to_owned());
        }
        if self.appraisal_deduction {
            said.push("在自治区日常考核和年终考评中扣分".to_owned());
        }
        if self.circulated_criticism {
            said.push("被自治区绩效办通报批评".to_owned());
        }
        if !self.duty_done.is_empty() {
            said.push(format!("履职尽责情形 {} 项", self.duty_done.len()));
        }
        if !self.tolerance_exclusions.is_empty() {
            said.push(format!(
                "不予容错情形 {} 项",
                self.tolerance_exclusions.len()
            ));
        }
        if let Some(f) = &self.discipline_form {
            said.push(format!("适用{f}"));
        }
        if let Some(d) = self.conduct_on {
            said.push(format!("行为发生于{d}"));
        }
        if self.aggravate {
            said.push("加重处理".to_owned());
        }
        if self.mitigate {
            said.push("减轻处理".to_owned());
        }
        if !self.liable_heads.is_empty() {
            said.push(format!("连带责任人：{}", self.liable_heads.join("、")));
        }
        said.join("、")
    }

    /// As the register stores it.
    pub(crate) fn to_stored(&self) -> String {
        // A struct of plain fields always serialises.
        serde_json::to_string(self).unwrap_or_else(|_| "{}".to_owned())
    }

    /// From the register: bad JSON or an unknown field is an error naming
    /// the respondent, never taken for “nothing found”.
    pub(crate) fn from_stored(raw: &str, whose: &str) -> Result<Self, String> {
        // The JSON library's own detail is English: the clerk is told in
        // Chinese what cannot be read, and where.
        serde_json::from_str(raw).map_err(|_| {
            format!("{whose}的认定情节记录有误（登记簿中的内容无法读取），请从备份恢复或联系管理员")
        })
    }
}

/// A decision to record (immutable once recorded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDecision {
    pub case_id: CaseId,
    pub respondent_id: RespondentId,
    pub kind: crate::domain::procedure::DecisionKind,
    pub methods: Vec<String>,
    pub measures: Vec<String>,
    pub basis: String,
    pub departure_reason: String,
    /// Why the decision stands although the 类案参考 warned (the proportion
    /// articles): recorded in the case file and the audit entry, never
    /// printed in the document; empty when there was no warning.
    pub precedent_reason: String,
    pub decided_on: Date,
    pub approved_by: String,
    pub supersedes: Option<DecisionId>,
}

/// Filters beside the search text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchFilters {
    pub year: Option<i16>,
    pub stage: Option<crate::domain::procedure::Stage>,
    pub regulation: Option<String>,
    pub unit: Option<String>,
    pub person_id: Option<PersonId>,
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
    pub(crate) fn broken(entries: u64, id: i64, message: String) -> Self {
        AuditReport {
            entries,
            ok: false,
            first_bad: Some(id),
            message,
        }
    }
}
