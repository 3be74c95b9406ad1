//! The case as the engine reads it (also the `wenze assess` JSON).

use super::*;

/// A case as the engine sees it (also the `wenze assess` JSON, docs/case-json.md).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseInput {
    /// 案号, for naming this case in messages (optional).
    #[serde(default)]
    pub case_no: String,
    /// The local regulation applied (id, e.g. "004").
    pub regulation: String,
    /// Apply the 容错纠错 overlay (001) as well.
    #[serde(default)]
    pub tolerance_overlay: bool,
    pub received_on: Option<Date>,
    #[serde(default)]
    pub investigation_started_on: Option<Date>,
    /// The investigation limit was extended (004 第十五条).
    #[serde(default)]
    pub investigation_extended: bool,
    #[serde(default)]
    pub decided_on: Option<Date>,
    #[serde(default)]
    pub delivered_on: Option<Date>,
    #[serde(default)]
    pub tolerance_decided_on: Option<Date>,
    pub respondents: Vec<RespondentInput>,
}

/// One respondent (被问责人) of a case and what the clerk found about them.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RespondentInput {
    /// Stable key used to match the register's history.
    pub person_id: String,
    pub name: String,
    #[serde(default)]
    pub unit: String,
    /// 职级类别, e.g. 科员及一般工作人员 / 科级领导干部.
    #[serde(default)]
    pub rank: String,
    /// 承办人 / 部门负责人 / 分管领导 / 主要负责人.
    #[serde(default)]
    pub role: String,
    /// Behaviour ids of the regulation (问责情形).
    #[serde(default)]
    pub behaviours: Vec<String>,
    /// Factor ids of the regulation chosen by the clerk.
    #[serde(default)]
    pub factors: Vec<String>,
    /// Factor ids of the overlay regulation (001) chosen by the clerk.
    #[serde(default)]
    pub overlay_factors: Vec<String>,
    /// 容错 situations (001 第十四条第一款) found.
    #[serde(default)]
    pub tolerance_situations: Vec<String>,
    /// 容错 conditions (001 第十四条第二款) found to hold.
    #[serde(default)]
    pub tolerance_conditions: Vec<String>,
    /// 造成（不良/严重）影响和后果.
    #[serde(default)]
    pub impact: bool,
    /// The clerk's 情节 level id (e.g. 较重), if set.
    #[serde(default)]
    pub severity: Option<String>,
    /// Recorded dissent (joint liability, 004 第九条).
    #[serde(default)]
    pub dissent_recorded: bool,
    /// The others of the 共同行为 who are not respondents of this case
    /// (004 第九条: the dissent exempts only from a joint act).
    #[serde(default)]
    pub co_actors: Vec<String>,
    /// Methods decided (empty before the decision: the recommendation is used).
    #[serde(default)]
    pub methods: Vec<String>,
    /// Concrete measures within a broad method (e.g. 降职 under 组织调整或者组织处理).
    #[serde(default)]
    pub measures: Vec<String>,
    /// 个人 (default) / 单位 / 领导班子 (003 第十二、十三条).
    #[serde(default)]
    pub kind: RespondentKind,
    /// 在职 (default) / 调离 / 退休 / 借调 / 聘用.
    #[serde(default)]
    pub status: RespondentStatus,
    /// 行为发生日期: when the conduct happened.
    #[serde(default)]
    pub conduct_on: Option<Date>,
    /// 造成严重影响和后果 (000 第七条第（三）项、第八条第（四）项).
    #[serde(default)]
    pub serious_impact: bool,
    /// 在日常考核和年终考评中扣分 (000 第八条第（四）项).
    #[serde(default)]
    pub appraisal_deduction: bool,
    /// 被通报批评 (000 第八条第（四）项: 被自治区绩效办通报批评).
    #[serde(default)]
    pub circulated_criticism: bool,
    /// The deciding body goes beyond the level (加重), where a chosen factor's
    /// text provides 加重 (000 第五条第（六）项, 002 第十一条).
    #[serde(default)]
    pub aggravate: bool,
    /// The deciding body goes below the level (减轻), where a chosen factor's
    /// text offers 减轻 besides 从轻 (002 第十条, 001 第十五条, 004 第十一条).
    #[serde(default)]
    pub mitigate: bool,
    /// 处室（单位）负责人 and 分管领导 named as jointly liable (000 第八条第（四）项).
    #[serde(default)]
    pub liable_heads: Vec<String>,
    /// The respondent's own 分管领导 (name or `person_id`), as recorded: a
    /// 分管领导 is a 厅领导, never in the 处室, so 000 第八条第（四）项 finds
    /// them by this record, not by unit.
    #[serde(default)]
    pub supervising_leader: String,
    /// 履职尽责 situations found (001 第十三条).
    #[serde(default)]
    pub duty_done: Vec<String>,
    /// Circumstances that exclude 容错 (001 第十七条).
    #[serde(default)]
    pub tolerance_exclusions: Vec<String>,
    /// Why 容错 stands although a finding is conduct the regulation marks as
    /// prohibited (001 第四条、第十四条第二款第（一）项): without it, or a
    /// 第十七条 exclusion, such a 容错 is refused.
    #[serde(default)]
    pub tolerance_reason: String,
    /// The 形态 of 监督执纪“四种形态” that would apply (001 第十七条).
    #[serde(default)]
    pub discipline_form: Option<DisciplineForm>,
}

/// 监督执纪“四种形态” (001 第十七条).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum DisciplineForm {
    #[serde(rename = "第一种形态")]
    First,
    #[serde(rename = "第二种形态")]
    Second,
    #[serde(rename = "第三种形态")]
    Third,
    #[serde(rename = "第四种形态")]
    Fourth,
}

impl DisciplineForm {
    pub const ALL: [DisciplineForm; 4] = [Self::First, Self::Second, Self::Third, Self::Fourth];

    /// Its Chinese name (as the case JSON writes it).
    pub fn label(self) -> &'static str {
        match self {
            Self::First => "第一种形态",
            Self::Second => "第二种形态",
            Self::Third => "第三种形态",
            Self::Fourth => "第四种形态",
        }
    }

    pub fn from_label(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.label() == s.trim())
    }
}

/// Who is held accountable: a person, a unit, or a 领导班子 (003 第十二、十三条).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum RespondentKind {
    #[default]
    #[serde(rename = "个人")]
    Person,
    #[serde(rename = "单位")]
    Unit,
    #[serde(rename = "领导班子")]
    Leadership,
}

impl RespondentKind {
    pub const ALL: [RespondentKind; 3] = [Self::Person, Self::Unit, Self::Leadership];
    pub(crate) fn label(self) -> &'static str {
        match self {
            Self::Person => "个人",
            Self::Unit => "单位",
            Self::Leadership => "领导班子",
        }
    }
}

/// The respondent's status when the case is handled.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum RespondentStatus {
    #[default]
    #[serde(rename = "在职")]
    Serving,
    #[serde(rename = "调离")]
    Transferred,
    #[serde(rename = "退休")]
    Retired,
    #[serde(rename = "借调")]
    Seconded,
    #[serde(rename = "聘用")]
    Contracted,
}

impl RespondentStatus {
    pub const ALL: [RespondentStatus; 5] = [
        Self::Serving,
        Self::Transferred,
        Self::Retired,
        Self::Seconded,
        Self::Contracted,
    ];
    pub(crate) fn label(self) -> &'static str {
        match self {
            Self::Serving => "在职",
            Self::Transferred => "调离",
            Self::Retired => "退休",
            Self::Seconded => "借调",
            Self::Contracted => "聘用",
        }
    }
}

/// An earlier decision the register knows about.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HistoryRecord {
    pub person_id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub unit: String,
    pub case_no: String,
    pub decided_on: Date,
    #[serde(default)]
    pub regulation: String,
    #[serde(default)]
    pub methods: Vec<String>,
    /// What the earlier decision was: 问责 / 不予问责 / 容错免责. Absent (older
    /// case files): 不予问责 when `no_accountability`, 问责 when methods are
    /// recorded, and otherwise unknown — which does not count.
    #[serde(default)]
    pub kind: Option<HistoryKind>,
    /// Where it stands after 复查/申诉: 有效 (none), 维持, 变更, 撤销.
    #[serde(default)]
    pub standing: HistoryStanding,
    /// 不予问责 / 免责: not a sanction (older case files; `kind` says it now).
    #[serde(default)]
    pub no_accountability: bool,
}

/// The kind of an earlier decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum HistoryKind {
    #[serde(rename = "问责")]
    Accountability,
    #[serde(rename = "不予问责")]
    NoAccountability,
    #[serde(rename = "容错免责")]
    ToleranceExempt,
}

/// Where an earlier decision stands after 复查 or 申诉.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum HistoryStanding {
    /// Not reviewed.
    #[default]
    #[serde(rename = "有效")]
    Stands,
    #[serde(rename = "维持")]
    Upheld,
    /// Changed on review: the decision as changed stands.
    #[serde(rename = "变更")]
    Changed,
    #[serde(rename = "撤销")]
    Revoked,
}

impl HistoryRecord {
    /// The decision's kind, from `kind`, else from the older fields. A
    /// record marked `no_accountability` is never taken for a 问责, whatever
    /// its `kind` says (a doubtful record must not make a sanction heavier).
    pub(crate) fn kind(&self) -> Option<HistoryKind> {
        match self.kind {
            _ if self.no_accountability => Some(HistoryKind::NoAccountability),
            Some(k) => Some(k),
            None if !self.methods.is_empty() => Some(HistoryKind::Accountability),
            None => None,
        }
    }

    /// A standing 问责 decision: the only kind that counts as 受到问责
    /// (002 第十一条第（五）项), 被追究 (004 第十二条第（七）项) and toward a
    /// unit's count (000 第八条第（二）项). 不予问责, 容错免责, a revoked
    /// decision and a record of unknown kind do not.
    pub(crate) fn counts(&self) -> bool {
        self.kind() == Some(HistoryKind::Accountability)
            && self.standing != HistoryStanding::Revoked
    }
}
