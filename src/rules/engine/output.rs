//! What `assess` says: every item with its citation.

use super::*;

/// Where a statement comes from: regulation, article, item, and its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Citation {
    pub regulation: String,
    pub(crate) regulation_name: String,
    /// Chinese form, e.g. 第十二条第（七）项.
    pub article: String,
    /// The file's form, e.g. 12(7).
    pub(crate) cite: String,
    /// The quoted text.
    pub text: String,
}

impl Citation {
    pub(super) fn of(reg: &Regulation, cite: &CiteRef) -> Citation {
        let parsed: Option<Cite> = cite.parse().ok();
        Citation {
            regulation: reg.id().to_owned(),
            regulation_name: reg.regulation.name.clone(),
            article: parsed.map(|c| c.to_string()).unwrap_or_default(),
            cite: cite.raw().to_owned(),
            text: parsed.and_then(|c| reg.cite_text(&c)).unwrap_or_default(),
        }
    }

    /// The citation for `cite` (e.g. "19:2") of regulation `reg_id`, with its
    /// quoted text; None when the regulation or the article is unknown.
    pub(crate) fn lookup(
        regulations: &RegulationSet,
        reg_id: &str,
        cite: &str,
    ) -> Option<Citation> {
        let reg = regulations.get(reg_id)?;
        let parsed = Cite::parse(cite).ok()?;
        let text = reg.cite_text(&parsed)?;
        Some(Citation {
            regulation: reg.id().to_owned(),
            regulation_name: reg.regulation.name.clone(),
            article: parsed.to_string(),
            cite: cite.to_owned(),
            text,
        })
    }

    /// The citation a follow-up stores as "002:19:2" (regulation:cite).
    pub(crate) fn lookup_stored(regulations: &RegulationSet, stored: &str) -> Option<Citation> {
        let (reg, cite) = stored.split_once(':')?;
        Self::lookup(regulations, reg, cite)
    }

    /// 《…》第十二条第（七）项.
    pub(crate) fn short(&self) -> String {
        format!("《{}》{}", self.regulation_name, self.article)
    }
}

/// A statement of the text about the case, with its citation. `editorial`
/// marks Wenze's reading of an ambiguous text (docs/interpretations.md).
#[derive(Debug, Clone, Serialize)]
pub struct CitedNote {
    pub text: String,
    pub editorial: bool,
    pub citation: Citation,
}

/// One 纠错 step (001 第十八至二十条): who does what.
#[derive(Debug, Clone, Serialize)]
pub struct CorrectionItem {
    pub by: String,
    pub label: String,
    pub citation: Citation,
}

#[derive(Debug, Clone, Serialize)]
pub struct CitedItem {
    pub id: String,
    pub(crate) label: String,
    pub citation: Citation,
}

/// Why a factor applies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FactorSource {
    /// Chosen by the clerk.
    Chosen,
    /// Found in the register: the earlier case(s) that triggered it.
    Register {
        cases: Vec<String>,
        explanation: String,
    },
    /// Follows from the joint-liability rule.
    Joint,
    /// The 容错 rule of the overlay regulation.
    Tolerance,
}

#[derive(Debug, Clone, Serialize)]
pub struct AppliedFactor {
    pub id: String,
    pub(crate) label: String,
    pub(crate) effects: Vec<&'static str>,
    pub(crate) mandatory: bool,
    pub source: FactorSource,
    pub citation: Citation,
}

/// The net direction of the factors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Direction {
    #[serde(rename = "无")]
    None,
    #[serde(rename = "从重")]
    Heavier,
    #[serde(rename = "从轻")]
    Lighter,
    #[serde(rename = "减轻")]
    Mitigate,
    #[serde(rename = "免责")]
    Exempt,
    /// 履职尽责 (001 第十三条): not held accountable.
    #[serde(rename = "不予问责")]
    NoAccountability,
    /// 加重: beyond the level found, where the text provides it.
    #[serde(rename = "加重")]
    Aggravate,
}

impl Direction {
    pub(crate) fn label(self) -> &'static str {
        match self {
            Direction::None => "无从重从轻情节",
            Direction::Heavier => "从重",
            Direction::Lighter => "从轻",
            Direction::Mitigate => "减轻",
            Direction::Exempt => "免责",
            Direction::NoAccountability => "不予问责",
            Direction::Aggravate => "加重",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct MethodItem {
    pub id: String,
    pub(crate) group: String,
    pub citation: Citation,
}

#[derive(Debug, Clone, Serialize)]
pub struct SeverityItem {
    pub id: String,
    /// Wenze's own mapping (the regulation has no levels): shown as such.
    pub editorial: bool,
    pub explanation: String,
    pub citation: Citation,
}

#[derive(Debug, Clone, Serialize)]
pub struct ConsequenceItem {
    pub id: String,
    pub label: String,
    pub kind: &'static str,
    /// Last day of a ban, when it has a length and the decision date is known.
    pub until: Option<Date>,
    pub(crate) months: u32,
    pub percent: u32,
    pub citation: Citation,
}

impl ConsequenceItem {
    /// An economic penalty (扣除绩效奖励 …), not a ban.
    pub(crate) fn is_deduction(&self) -> bool {
        self.kind
            == super::factors::kind_label(crate::rules::regulation::ConsequenceKind::BonusDeduction)
    }

    /// A consequence for the respondent's unit (所在部门不得评为先进), not
    /// for the person.
    pub(crate) fn is_unit(&self) -> bool {
        self.kind
            == super::factors::kind_label(crate::rules::regulation::ConsequenceKind::UnitNoAwards)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ToleranceResult {
    pub(crate) situations: Vec<CitedItem>,
    pub(crate) conditions_met: Vec<CitedItem>,
    pub conditions_unmet: Vec<CitedItem>,
    /// One situation AND all conditions: may be exempted (001 第十四条第二款).
    pub exempt: bool,
    pub explanation: String,
    pub citation: Citation,
}

#[derive(Debug, Clone, Serialize)]
pub struct RoutingItem {
    pub(crate) approve_start: String,
    pub investigator: String,
    pub decider: String,
    pub simplified_methods: Vec<String>,
    pub(crate) citations: Vec<Citation>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RespondentAssessment {
    pub(crate) person_id: String,
    pub(crate) name: String,
    pub behaviours: Vec<CitedItem>,
    pub factors: Vec<AppliedFactor>,
    pub direction: Direction,
    /// How the factors combine; explains any conflict.
    pub direction_explanation: String,
    pub severity: Option<SeverityItem>,
    pub recommended_methods: Vec<MethodItem>,
    pub tolerance: Option<ToleranceResult>,
    pub consequences: Vec<ConsequenceItem>,
    pub routing: Option<RoutingItem>,
    pub warnings: Vec<String>,
    pub(crate) kind: RespondentKind,
    pub(crate) status: RespondentStatus,
    /// 履职尽责 situations found (001 第十三条).
    pub duty_done: Vec<CitedItem>,
    /// 纠错 steps for a 容错免责 or 尽职免责 outcome (001 第十八至二十条).
    pub correction: Vec<CorrectionItem>,
    /// Cited statements about this respondent (status, joint liability, dates…).
    pub notes: Vec<CitedNote>,
    /// What the decided methods lack that the text requires at the level
    /// (000 第七条第（二）、（三）项), each quoting the article.
    pub errors: Vec<CitedNote>,
    /// 000 第八条第（四）项: the respondents whose penalty this head answers
    /// for jointly (处室负责人, 分管领导), each with the article — the ground
    /// of a head's decision who has no 问责情形 of their own.
    pub joint_liability: Vec<CitedNote>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DeadlineItem {
    pub id: String,
    pub(crate) label: String,
    /// What the period counts from (serialised as its Chinese label).
    pub(crate) from: DeadlineFrom,
    pub(crate) start: Option<Date>,
    pub due: Option<Date>,
    pub extended: bool,
    /// Set when the holiday table did not cover the dates (Mon–Fri used).
    pub calendar_note: Option<String>,
    pub citation: Citation,
}

#[derive(Debug, Clone, Serialize)]
pub struct UnitConsequence {
    pub unit: String,
    pub(crate) year: i16,
    /// Distinct people of the unit sanctioned (通报批评 or heavier) that year.
    pub count: u32,
    pub(crate) people: Vec<String>,
    pub label: String,
    pub citation: Citation,
}

#[derive(Debug, Clone, Serialize)]
pub struct Assessment {
    pub(crate) regulation: String,
    pub(crate) regulation_name: String,
    pub respondents: Vec<RespondentAssessment>,
    pub deadlines: Vec<DeadlineItem>,
    pub unit_consequences: Vec<UnitConsequence>,
    pub remedy: Option<RemedyItem>,
    /// Visible notes (calendar fallback, missing dates …).
    pub notes: Vec<String>,
    /// Cited statements about the case: 陈述申辩, late decision, effective
    /// date, and editorial readings of ambiguous texts.
    pub findings: Vec<CitedNote>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RemedyItem {
    /// 复查 / 申诉 (serialised as its Chinese label).
    pub kind: crate::domain::procedure::RemedyKind,
    pub body: String,
    pub last_day: Option<Date>,
    /// The period in the text's words (e.g. 复查申请期限) where the text gives
    /// one; none where it is silent — then no period is ever shown.
    pub period: Option<String>,
    pub citation: Citation,
}

/// A case that can't be assessed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AssessError {
    #[error("未找到规定“{0}”，请在设置中启用或导入该规定")]
    UnknownRegulation(String),
    #[error("被问责人“{name}”：规定中没有编号为“{id}”的{what}")]
    UnknownItem {
        name: String,
        what: &'static str,
        id: String,
    },
    #[error("案件没有被问责人")]
    NoRespondent,
    #[error("{later}（{later_date}）早于{earlier}（{earlier_date}），日期顺序有误")]
    DateOrder {
        earlier: &'static str,
        earlier_date: String,
        later: &'static str,
        later_date: String,
    },
    #[error("被问责对象“{name}”为{kind}：《{regulation}》未规定对{kind}问责")]
    KindNotAllowed {
        name: String,
        kind: &'static str,
        regulation: String,
    },
    #[error("被问责人“{name}”：{message}（{article}：“{text}”）")]
    Invalid {
        name: String,
        message: String,
        article: String,
        text: String,
    },
}

impl Serialize for DeadlineFrom {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.label())
    }
}

impl Serialize for crate::domain::procedure::RemedyKind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.label())
    }
}
