//! A regulation as data (`assets/regulations/*.toml`, format in
//! docs/regulation-format.md): the verbatim articles and the structured items
//! that point back into them.
//!
//! This module depends only on `serde` and `toml`, so that `build.rs` can
//! include it to reject a broken bundled file at compile time. (Its files
//! are named with `#[path]` so that they resolve the same from there.)
//!
//! Here: the file's types. `cite.rs`: citations. `text.rs`: looking items
//! and article text up. `check.rs`: loading and checking a file.
//! `describe.rs`: the plain-text description.

use std::fmt;

use serde::Deserialize;
use toml::Spanned;

#[path = "regulation/check.rs"]
mod check;
#[path = "regulation/cite.rs"]
mod cite;
#[path = "regulation/describe.rs"]
mod describe;
#[path = "regulation/text.rs"]
mod text;

pub use check::{KINDS, Problem, STATUSES, check, load};
use cite::empty_spanned;
pub use cite::{Cite, CiteRef, chinese_number};
pub(crate) use describe::describe;

// ------------------------------------------------------------------ types

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Regulation {
    pub regulation: Meta,
    #[serde(default)]
    pub articles: Vec<Article>,
    #[serde(default)]
    pub behaviours: Vec<Behaviour>,
    #[serde(default)]
    pub methods: Vec<Method>,
    #[serde(default)]
    pub factors: Vec<Factor>,
    #[serde(default)]
    pub severity_levels: Vec<SeverityLevel>,
    #[serde(default)]
    pub(crate) consequences: Vec<Consequence>,
    #[serde(default)]
    pub(crate) deadlines: Vec<Deadline>,
    #[serde(default)]
    pub(crate) unit_rules: Vec<UnitRule>,
    #[serde(default)]
    pub(crate) routing: Vec<Routing>,
    #[serde(default)]
    pub(crate) joint: Option<Joint>,
    #[serde(default)]
    pub tolerance: Option<Tolerance>,
    /// What the text says for a respondent of a given status (借调、聘用、调离…).
    #[serde(default)]
    pub(crate) status_rules: Vec<StatusRule>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    pub(crate) id: String,
    pub(crate) name: String,
    pub short_name: String,
    pub(crate) issuer: String,
    #[serde(default)]
    pub(crate) doc_number: String,
    #[serde(default)]
    pub(crate) issued: Option<String>,
    #[serde(default)]
    pub(crate) effective: Option<String>,
    #[serde(default)]
    pub(crate) effective_text: String,
    /// The article that sets the effective date (flags conduct before it).
    #[serde(default)]
    pub(crate) effective_cite: CiteRef,
    /// Kinds of respondent the text allows besides 个人 ("单位", "领导班子").
    #[serde(default)]
    pub(crate) respondent_kinds: Vec<String>,
    /// The article that allows them.
    #[serde(default)]
    pub(crate) respondent_kinds_cite: CiteRef,
    pub(crate) numbering: Numbering,
    #[serde(default)]
    pub(crate) overlay: bool,
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    #[expect(
        dead_code,
        reason = "verbatim text before the first article, kept with the regulation's text; not printed"
    )]
    pub(crate) preamble: String,
    /// "复查", "申诉" or "".
    #[serde(default)]
    pub(crate) remedy: String,
    #[serde(default)]
    pub(crate) remedy_body: String,
    #[serde(default)]
    pub(crate) remedy_cite: CiteRef,
    #[serde(default)]
    pub(crate) remedy_deadline: String,
    #[serde(default)]
    pub(crate) hearing_cite: CiteRef,
    #[serde(default)]
    /// The body the text names as deciding (000 厅党组会, 001 单位党组); the
    /// documents print it unless the office's setting says otherwise.
    #[allow(
        dead_code,
        reason = "read by the documents' wording; build.rs compiles this file without it"
    )]
    pub(crate) decider: String,
    #[serde(default)]
    pub(crate) decider_cite: CiteRef,
    /// The article requiring the periodic report on accountability work
    /// (002 第二十条: 每半年分析一次问责工作情况); the 统计分析 report cites it.
    #[serde(default)]
    pub(crate) report_cite: CiteRef,
    /// Methods too light to count toward the `[[unit_rules]]` (000 第八条(二)
    /// counts people "受通报批评以上处理": these are the ones below 通报批评,
    /// including other regulations' names for them, since a unit's year spans
    /// decisions under every regulation).
    #[serde(default)]
    pub unit_count_below: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Numbering {
    /// 第一条、第二条…
    Article,
    /// 一、二、…
    Ordinal,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Article {
    pub no: Spanned<u32>,
    #[serde(default)]
    pub(crate) chapter: Option<String>,
    #[serde(default)]
    pub paragraphs: Vec<Paragraph>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Paragraph {
    pub text: String,
    #[serde(default)]
    pub items: Vec<Item>,
}

/// An item (项), possibly with sub-items (目).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Item {
    Plain(String),
    Nested {
        text: String,
        #[serde(default)]
        subitems: Vec<String>,
    },
}

impl Item {
    pub fn text(&self) -> &str {
        match self {
            Item::Plain(t) | Item::Nested { text: t, .. } => t,
        }
    }
    pub fn subitems(&self) -> &[String] {
        match self {
            Item::Plain(_) => &[],
            Item::Nested { subitems, .. } => subitems,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Behaviour {
    pub id: Spanned<String>,
    pub(crate) cite: CiteRef,
    pub(crate) label: String,
    #[serde(default)]
    pub(crate) roles: Vec<String>,
    /// The conduct is itself prohibited by 党纪国法 (e.g. 收受礼品或贿赂):
    /// 容错 cannot hold for it (001 第四条、第十四条第二款第（一）项).
    #[serde(default)]
    pub(crate) prohibited: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Method {
    pub id: Spanned<String>,
    pub(crate) group: String,
    pub(crate) cite: CiteRef,
    pub(crate) weight: u32,
    #[serde(default)]
    pub(crate) light: bool,
    #[serde(default = "yes")]
    pub combinable: bool,
    /// The article that says the method stands alone (004 第十条第二款).
    #[serde(default)]
    pub combinable_cite: CiteRef,
    /// Respondent kinds this method applies to ("个人", "单位", "领导班子");
    /// empty = 个人 only.
    #[serde(default)]
    pub(crate) kinds: Vec<String>,
    /// Respondent statuses this method is limited to (e.g. 聘用); empty = any.
    #[serde(default)]
    pub(crate) statuses: Vec<String>,
}

impl Method {
    /// Whether the method applies to a respondent of this kind ("个人" …).
    pub(crate) fn for_kind(&self, kind: &str) -> bool {
        if self.kinds.is_empty() {
            kind == "个人"
        } else {
            self.kinds.iter().any(|k| k == kind)
        }
    }
}

fn yes() -> bool {
    true
}

/// What a factor does to the outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
pub(crate) enum Effect {
    #[serde(rename = "从重")]
    Heavier,
    #[serde(rename = "加重")]
    Aggravate,
    #[serde(rename = "从严")]
    Strict,
    #[serde(rename = "从轻")]
    Lighter,
    #[serde(rename = "减轻")]
    Mitigate,
    #[serde(rename = "免责")]
    Exempt,
}

impl Effect {
    pub(crate) fn label(self) -> &'static str {
        match self {
            Effect::Heavier => "从重",
            Effect::Aggravate => "加重",
            Effect::Strict => "从严",
            Effect::Lighter => "从轻",
            Effect::Mitigate => "减轻",
            Effect::Exempt => "免责",
        }
    }
}

/// Register-driven factors the engine finds by itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AutoRule {
    /// A decision against the respondent within 12 months before this case.
    RepeatWithinYear,
    /// At least one earlier decision in the same calendar year (this makes two).
    #[serde(rename = "count_in_year_2")]
    CountInYear2,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Factor {
    pub id: Spanned<String>,
    pub(crate) cite: CiteRef,
    pub(crate) effects: Vec<Effect>,
    pub(crate) mandatory: bool,
    pub(crate) label: String,
    #[serde(default)]
    pub auto: Option<AutoRule>,
    /// The factor is itself conduct prohibited by 党纪国法 (索贿、以权谋私 …).
    #[serde(default)]
    pub(crate) prohibited: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeverityLevel {
    pub id: Spanned<String>,
    pub(crate) order: u32,
    pub(crate) cite: CiteRef,
    pub(crate) methods: Vec<Spanned<String>>,
    #[serde(default)]
    pub(crate) methods_if_impact: Vec<Spanned<String>>,
    #[serde(default)]
    pub(crate) consequences: Vec<Spanned<String>>,
    /// Consequences that follow only when the level's impact clause holds
    /// (000 第七条第（二）项: 造成不良影响和后果的 … 一年内不得晋升职务).
    #[serde(default)]
    pub(crate) consequences_if_impact: Vec<Spanned<String>>,
    /// Wenze's reading of the level's text (shown as an editorial note).
    #[serde(default)]
    pub(crate) note: String,
    /// The same when the level's impact clause holds.
    #[serde(default)]
    pub(crate) note_if_impact: String,
    #[serde(default)]
    pub(crate) editorial: bool,
    /// What a decision at this level must contain (000 第七条第（二）、（三）项).
    #[serde(default)]
    pub(crate) requires: Vec<Requirement>,
}

/// A part a decision at a level must contain: one of `methods`, or, where
/// the text names a group but no method, any method of `group`
/// (docs/regulation-format.md).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Requirement {
    pub(crate) cite: CiteRef,
    /// The text's words for the part (e.g. 并实施经济处罚).
    pub(crate) label: String,
    /// Any one of these methods meets it.
    #[serde(default)]
    pub(crate) methods: Vec<Spanned<String>>,
    /// Any method of this group meets it (when `methods` is empty).
    #[serde(default)]
    pub(crate) group: String,
    /// Only when the level's impact clause holds (造成不良影响和后果的……).
    #[serde(default)]
    pub(crate) if_impact: bool,
}

impl Requirement {
    /// The methods that meet it: the listed ones, else the group's.
    pub(crate) fn candidates<'a>(&'a self, reg: &'a Regulation) -> Vec<&'a String> {
        if self.methods.is_empty() {
            reg.methods
                .iter()
                .filter(|m| m.group == self.group)
                .map(|m| m.id.get_ref())
                .collect()
        } else {
            self.methods.iter().map(|m| m.get_ref()).collect()
        }
    }
}

/// A fact of the case a consequence can hang on (000 第八条第（四）项).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Fact {
    /// 造成严重影响和后果.
    SeriousImpact,
    /// 在日常考核和年终考评中扣分.
    AppraisalDeduction,
    /// 被（自治区绩效办）通报批评.
    CirculatedCriticism,
}

/// What the text says about a respondent of a status (000 第八条第（一）项,
/// 002 第九条第三款, 003 第十四条第（二）项).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct StatusRule {
    /// Statuses it applies to (在职 / 调离 / 退休 / 借调 / 聘用).
    pub(crate) statuses: Vec<String>,
    pub(crate) cite: CiteRef,
    /// The statement, paraphrasing the cited text.
    pub(crate) label: String,
    /// Only at these 情节 levels (empty = any).
    #[serde(default)]
    pub(crate) levels: Vec<String>,
    /// Methods the text gives for this case (replacing the level's).
    #[serde(default)]
    pub(crate) methods: Vec<Spanned<String>>,
}

/// One step of 纠错 (001 第十八至二十条).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CorrectionStep {
    pub(crate) cite: CiteRef,
    /// Who acts.
    pub(crate) by: String,
    pub(crate) label: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum ConsequenceKind {
    NoPromotion,
    NoAwards,
    BonusDeduction,
    Appraisal,
    NoLeadership,
    UnitNoAwards,
    Other,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Consequence {
    pub(crate) id: Spanned<String>,
    pub(crate) cite: CiteRef,
    pub(crate) kind: ConsequenceKind,
    #[serde(default)]
    pub(crate) months: u32,
    #[serde(default)]
    pub(crate) percent: u32,
    #[serde(default)]
    pub(crate) methods: Vec<Spanned<String>>,
    #[serde(default)]
    pub(crate) any_decision: bool,
    pub(crate) label: String,
    /// The concrete measure within a broad method (002: 组织调整或者组织处理 → 降职).
    #[serde(default)]
    pub(crate) measure: Option<String>,
    /// Facts of the case that trigger it (any of them).
    #[serde(default)]
    pub(crate) when: Vec<Fact>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum DeadlineFrom {
    Received,
    InvestigationStart,
    Decision,
    Delivery,
    ToleranceDecision,
}

impl DeadlineFrom {
    /// The event a period counts from, as documents and screens name it.
    pub(crate) fn label(self) -> &'static str {
        match self {
            DeadlineFrom::Received => "受理之日",
            DeadlineFrom::InvestigationStart => "调查之日",
            DeadlineFrom::Decision => "作出决定之日",
            DeadlineFrom::Delivery => "收到决定之日",
            DeadlineFrom::ToleranceDecision => "容错决定作出之日",
        }
    }
}

impl fmt::Display for DeadlineFrom {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// The `[[deadlines]]` id of the 容错 overlay's notification period
/// (001 第十六条第二款: 容错决定作出后，应当于7日内告知).
pub(crate) const TOLERANCE_NOTIFY: &str = "notify";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodUnit {
    Days,
    WorkingDays,
    Months,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deadline {
    pub(crate) id: Spanned<String>,
    pub(crate) cite: CiteRef,
    pub(crate) label: String,
    pub(crate) from: DeadlineFrom,
    pub(crate) unit: PeriodUnit,
    pub(crate) count: u32,
    #[serde(default)]
    pub(crate) extend_count: u32,
    /// "" when there is no extension.
    #[serde(default = "empty_spanned")]
    pub(crate) extend_unit: Spanned<String>,
    #[serde(default)]
    pub(crate) extend_cite: CiteRef,
}

impl Deadline {
    /// The extension's unit, when the deadline can be extended.
    pub(crate) fn extension_unit(&self) -> Option<PeriodUnit> {
        match self.extend_unit.get_ref().as_str() {
            "days" => Some(PeriodUnit::Days),
            "working_days" => Some(PeriodUnit::WorkingDays),
            "months" => Some(PeriodUnit::Months),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct UnitRule {
    pub(crate) cite: CiteRef,
    pub(crate) min_count: u32,
    pub(crate) label: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Routing {
    #[serde(default)]
    pub(crate) ranks: Vec<String>,
    /// Only for respondents of these statuses (e.g. 聘用); empty = any.
    #[serde(default)]
    pub(crate) statuses: Vec<String>,
    #[serde(default)]
    pub(crate) approve_start: String,
    pub(crate) investigator: String,
    pub(crate) decider: String,
    #[serde(default)]
    pub(crate) cites: Vec<CiteRef>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Joint {
    pub(crate) cite: CiteRef,
    #[serde(default)]
    pub(crate) dissent_exempt: bool,
    #[serde(default)]
    pub(crate) by_fault: bool,
    #[serde(default)]
    pub(crate) heads_cite: CiteRef,
    /// The methods a jointly liable head is given (000 第八条第（四）项
    /// “参照予以相应经济处罚”: the economic penalties), by id.
    #[serde(default)]
    #[allow(
        dead_code,
        reason = "read by the engine; build.rs compiles this file without it"
    )]
    pub(crate) heads_methods: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Labeled {
    pub id: Spanned<String>,
    pub(crate) cite: CiteRef,
    pub(crate) label: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tolerance {
    pub(crate) cite: CiteRef,
    #[expect(
        dead_code,
        reason = "the file states the 容错 effects (format checked by deny_unknown_fields); the engine applies 免责 from the exemption itself"
    )]
    pub(crate) effects: Vec<Effect>,
    pub(crate) exempt_cite: CiteRef,
    #[serde(default)]
    pub(crate) notify_deadline: String,
    #[serde(default)]
    pub(crate) correction_cite: CiteRef,
    #[serde(default)]
    pub(crate) excluded_cite: CiteRef,
    /// The premise of 容错 (001 第四条: 在严守党纪国法、保持清正廉洁的前提下).
    #[serde(default)]
    pub(crate) premise_cite: CiteRef,
    /// The condition that the conduct is not prohibited (001 第十四条第二款第（一）项).
    #[serde(default)]
    pub(crate) unprohibited_condition: String,
    #[serde(default)]
    pub situations: Vec<Labeled>,
    #[serde(default)]
    pub conditions: Vec<Labeled>,
    #[serde(default)]
    pub(crate) duty_done: Vec<Labeled>,
    /// Cases excluded from 容错 (001 第十七条).
    #[serde(default)]
    pub(crate) exclusions: Vec<Labeled>,
    /// 纠错 steps after a 容错免责 / 尽职免责 outcome (001 第十八至二十条).
    #[serde(default)]
    pub(crate) correction: Vec<CorrectionStep>,
}
