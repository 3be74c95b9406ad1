//! The procedure's documents: which kinds exist ([`DocKind`], with their
//! Chinese titles in one place), what each needs ([`DocDetails`]), when each
//! may be printed ([`check`]) and their wording ([`build`], from
//! `assets/templates/documents.toml`). Pure: no IO.

mod build;
mod receipt;
mod wording;

use std::collections::BTreeMap;

use crate::domain::procedure::Stage;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

pub use build::build;
pub(crate) use wording::parse_period;

/// The bundled wording.
pub const TEMPLATES: &str = include_str!("../../../assets/templates/documents.toml");

/// The documents of the procedure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DocKind {
    /// 问责事先告知书 — before the decision.
    Notice,
    /// 问责决定书.
    Decision,
    /// 不予问责决定书.
    NoAccountability,
    /// 容错免责认定书.
    Exemption,
    /// 纠错通知书.
    Correction,
    /// 送达回证.
    Receipt,
    /// 复查决定书.
    Review,
}

impl DocKind {
    pub const ALL: [DocKind; 7] = [
        DocKind::Notice,
        DocKind::Decision,
        DocKind::NoAccountability,
        DocKind::Exemption,
        DocKind::Correction,
        DocKind::Receipt,
        DocKind::Review,
    ];

    /// The key used on the command line (`--doc`) and in the templates file.
    pub fn key(self) -> &'static str {
        match self {
            DocKind::Notice => "notice",
            DocKind::Decision => "decision",
            DocKind::NoAccountability => "no-accountability",
            DocKind::Exemption => "exemption",
            DocKind::Correction => "correction",
            DocKind::Receipt => "receipt",
            DocKind::Review => "review",
        }
    }

    /// The document's title.
    pub fn label(self) -> &'static str {
        match self {
            DocKind::Notice => "问责事先告知书",
            DocKind::Decision => "问责决定书",
            DocKind::NoAccountability => "不予问责决定书",
            DocKind::Exemption => "容错免责认定书",
            DocKind::Correction => "纠错通知书",
            DocKind::Receipt => "送达回证",
            DocKind::Review => "复查决定书",
        }
    }

    /// From a `--doc` key or a Chinese title.
    pub fn parse(s: &str) -> Result<DocKind, String> {
        let s = s.trim();
        DocKind::ALL
            .into_iter()
            .find(|k| k.key() == s || k.label() == s)
            .ok_or_else(|| {
                let kinds: Vec<String> = DocKind::ALL
                    .iter()
                    .map(|k| format!("“{}”（{}）", k.key(), k.label()))
                    .collect();
                format!("未知文书种类“{s}”，可选：{}", kinds.join("、"))
            })
    }

    /// The document that carries the case's outcome.
    pub(crate) fn for_outcome(outcome: Outcome) -> DocKind {
        match outcome {
            Outcome::Accountability => DocKind::Decision,
            Outcome::NoAccountability => DocKind::NoAccountability,
            Outcome::Exemption => DocKind::Exemption,
        }
    }
}

/// The recorded outcome of a case (serialised as its Chinese label, e.g. in
/// the wizard's drafts).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Outcome {
    #[default]
    #[serde(rename = "问责")]
    Accountability,
    #[serde(rename = "不予问责")]
    NoAccountability,
    #[serde(rename = "容错免责")]
    Exemption,
}

impl From<Outcome> for crate::domain::procedure::DecisionKind {
    fn from(o: Outcome) -> Self {
        match o {
            Outcome::Accountability => Self::Accountability,
            Outcome::NoAccountability => Self::NoAccountability,
            Outcome::Exemption => Self::Exemption,
        }
    }
}

impl Outcome {
    pub(crate) const ALL: [Outcome; 3] = [
        Outcome::Accountability,
        Outcome::NoAccountability,
        Outcome::Exemption,
    ];
    pub(crate) fn label(self) -> &'static str {
        match self {
            Outcome::Accountability => "问责",
            Outcome::NoAccountability => "不予问责",
            Outcome::Exemption => "容错免责",
        }
    }
    /// From the register's wording; None for anything else (e.g. "").
    pub(crate) fn parse(s: &str) -> Option<Outcome> {
        [
            Outcome::Accountability,
            Outcome::NoAccountability,
            Outcome::Exemption,
        ]
        .into_iter()
        .find(|o| o.label() == s.trim())
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    pub(crate) title: String,
    #[serde(default)]
    pub(crate) recipient: String,
    pub(crate) paragraphs: Vec<String>,
}

/// Parse a templates file (kind → template).
pub fn templates(source: &str) -> Result<BTreeMap<String, Template>, String> {
    toml::from_str(source).map_err(|e| format!("文书模板有误：{}", crate::zh::toml(&e, source)))
}

/// What a document needs beyond the assessment: the register's record of
/// the case (or the `document` object of a case JSON file).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DocDetails {
    /// Issuing body (署名, 印发机关).
    pub office: String,
    /// 文号 of the outcome's document (问责决定书 / 不予问责决定书 / 容错免责认定书).
    pub doc_no: String,
    /// 成文日期 of the outcome's document (the decision's date).
    pub issued_on: Option<Date>,
    /// The recorded outcome: 问责 / 不予问责 / 容错免责 ("" = not decided).
    pub outcome: String,
    /// The case's stage in the register (none when unknown, e.g. a JSON file).
    #[serde(deserialize_with = "stage_label")]
    pub stage: Option<Stage>,
    /// Methods decided (or, before the decision, proposed in the notice), as
    /// the regulation's method ids. Never the engine's recommendation.
    pub methods: Vec<String>,
    /// The clerk's wording of the measure (required for 其他问责方式).
    pub measures: Vec<String>,
    /// 问责事先告知书: its own 文号 and 成文日期.
    pub notice_doc_no: String,
    pub notice_issued_on: Option<Date>,
    /// 案由.
    pub(crate) cause: String,
    pub(crate) gender: String,
    pub(crate) unit: String,
    pub(crate) post: String,
    pub(crate) rank: String,
    /// 送达地点.
    pub(crate) address: String,
    pub facts: Vec<String>,
    pub(crate) evidence: Vec<String>,
    /// The respondent's 陈述申辩, as recorded.
    pub(crate) statement: String,
    /// Whether its requests were adopted, and why (采纳情况).
    pub statement_adopted: String,
    /// Working days to submit 陈述申辩 after receiving the notice, where the
    /// regulation is silent (office setting per regulation).
    pub statement_days: Option<u32>,
    /// Who studied and decided for this respondent (e.g. 局党组会议).
    pub decider: String,
    /// 抄送.
    pub(crate) cc: String,
    /// Office setting per regulation: who receives 申诉/复查 …
    pub remedy_body: String,
    /// … and within what period, e.g. "30日" or "15个工作日".
    pub remedy_period: String,
    /// A 纠错 follow-up is recorded for the case.
    pub correction_followup: bool,
    pub correction_doc_no: String,
    pub correction_issued_on: Option<Date>,
    pub(crate) correction_reason: String,
    pub(crate) correction_items: Vec<String>,
    pub(crate) correction_requirement: String,
    /// 纠错期限 in months from the notice's date, as the office sets it
    /// (001 第十九条 names no period; there is no default).
    pub correction_months: Option<u32>,
    /// 纠错期限 as a date: the end of the recorded 纠错 follow-up (wins over
    /// `correction_months`).
    pub correction_due: Option<Date>,
    /// 复查决定书: its own 文号 and date; the original decision's 文号.
    pub review_doc_no: String,
    pub review_issued_on: Option<Date>,
    pub original_doc_no: String,
    pub review_applied_on: Option<Date>,
    /// The 复查's own findings and reasons.
    pub(crate) review_reasoning: String,
    pub(crate) review_result: String,
    /// The applicant's grounds, printed as the applicant's.
    pub(crate) review_grounds: String,
    /// What follows from a 撤销 / 变更 for the consequences recorded
    /// (e.g. 原决定所涉……同时终止).
    pub(crate) review_follows: String,
    /// 送达文书名称及件数 (default: the outcome's document with its 文号).
    pub receipt_documents: String,
    /// 送达回证's own date (the day it is made).
    pub receipt_made_on: Option<Date>,
    pub(crate) receipt_issuer: String,
    pub(crate) receipt_deliverer: String,
    /// 送达方式 (直接送达 / 留置送达 / 委托送达 / 邮寄送达 …), when served.
    pub(crate) delivery_method: String,
    pub delivered_on: Option<Date>,
    /// Time of service, e.g. "10时30分".
    pub(crate) delivered_time: String,
    /// 代收人 and the reason.
    pub(crate) delivery_agent: String,
    /// 留置送达's witness.
    pub(crate) delivery_witness: String,
    pub(crate) delivery_note: String,
    /// Print a 送审稿 for internal approval: marked in the header, no 文号.
    pub draft: bool,
    /// The wizard's on-screen preview (always also a 送审稿): before a
    /// method is chosen the decision shows “（待定）”. Never set for a file
    /// or a printout, which refuse a decision without a decided method.
    pub preview: bool,
}

impl DocDetails {
    pub(crate) fn outcome(&self) -> Option<Outcome> {
        Outcome::parse(&self.outcome)
    }
}

/// A case JSON file: the decided methods and measures come from the case's
/// first respondent, the outcome from its methods when not given.
pub fn complete_from_case(d: &mut DocDetails, case: &crate::rules::engine::CaseInput) {
    if let Some(r) = case.respondents.first() {
        if d.methods.is_empty() {
            d.methods = r.methods.clone();
        }
        if d.measures.is_empty() {
            d.measures = r.measures.clone();
        }
    }
    if d.issued_on.is_none() {
        d.issued_on = case.decided_on;
    }
    if d.outcome.trim().is_empty() && case.decided_on.is_some() && !d.methods.is_empty() {
        d.outcome = Outcome::Accountability.label().to_owned();
    }
    if d.delivered_on.is_none() {
        d.delivered_on = case.delivered_on;
    }
}

/// A stage in a case JSON file: its label, or "" for none.
fn stage_label<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Stage>, D::Error> {
    let s = String::deserialize(d)?;
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    Stage::from_label(s).map(Some).ok_or_else(|| {
        let known: Vec<&str> = Stage::ALL.iter().map(|x| x.label()).collect();
        serde::de::Error::custom(format!("未知的案件阶段“{s}”（可选：{}）", known.join("、")))
    })
}

fn need(ok: bool, kind: DocKind, what: &str) -> Result<(), String> {
    if ok {
        Ok(())
    } else {
        Err(format!("不能导出{}：{what}", kind.label()))
    }
}

/// Whether `kind` may be printed for this case now; the error names what is
/// missing. A 送审稿 (`details.draft`) needs no 文号 or 成文日期.
pub fn check(kind: DocKind, d: &DocDetails) -> Result<(), String> {
    let outcome = d.outcome();
    match kind {
        DocKind::Notice => check_notice(d),
        DocKind::Decision => {
            outcome_doc(kind, d, Outcome::Accountability)?;
            need(
                !d.methods.is_empty() || (d.preview && d.draft),
                kind,
                "未记录决定的问责方式（决定书只打印已决定的方式，不打印建议）",
            )?;
            issued(kind, d, &d.doc_no, d.issued_on, "问责决定")?;
            if let (Some(n), Some(dec)) = (d.notice_issued_on, d.issued_on) {
                need(n < dec, kind, "问责事先告知书的日期不早于决定日期")?;
            }
            Ok(())
        }
        DocKind::NoAccountability => {
            outcome_doc(kind, d, Outcome::NoAccountability)?;
            issued(kind, d, &d.doc_no, d.issued_on, "不予问责决定")
        }
        DocKind::Exemption => {
            outcome_doc(kind, d, Outcome::Exemption)?;
            issued(kind, d, &d.doc_no, d.issued_on, "容错免责认定")
        }
        DocKind::Correction => {
            need(
                outcome == Some(Outcome::Exemption) || d.correction_followup,
                kind,
                "案件没有容错免责认定或纠错事项记录",
            )?;
            issued(
                kind,
                d,
                &d.correction_doc_no,
                d.correction_issued_on,
                "纠错通知书",
            )
        }
        DocKind::Receipt => check_receipt(d),
        DocKind::Review => {
            need(
                !d.original_doc_no.trim().is_empty(),
                kind,
                "没有登记复查申请（原决定文号未知）",
            )?;
            need(
                d.review_applied_on.is_some(),
                kind,
                "没有登记复查申请的日期",
            )?;
            issued(kind, d, &d.review_doc_no, d.review_issued_on, "复查决定")
        }
    }
}

/// An issued document needs its 文号 `no` and 成文日期 `date`; a 送审稿 neither.
fn issued(
    kind: DocKind,
    d: &DocDetails,
    no: &str,
    date: Option<Date>,
    what: &str,
) -> Result<(), String> {
    if d.draft {
        return Ok(());
    }
    need(
        !no.trim().is_empty(),
        kind,
        &format!("{what}尚未编号（没有文号）；如需送审，请导出送审稿"),
    )?;
    need(
        date.is_some(),
        kind,
        &format!("{what}没有成文日期；如需送审，请导出送审稿"),
    )
}

/// The outcome's own document: the case's recorded outcome must be `want`
/// (a 送审稿 may go before any outcome is recorded).
fn outcome_doc(kind: DocKind, d: &DocDetails, want: Outcome) -> Result<(), String> {
    match d.outcome() {
        Some(o) if o == want => Ok(()),
        Some(o) => need(
            false,
            kind,
            &format!(
                "登记的处理结果是“{}”，不是“{}”（应导出{}）",
                o.label(),
                want.label(),
                DocKind::for_outcome(o).label()
            ),
        ),
        None if d.draft => Ok(()),
        None => need(
            false,
            kind,
            &format!(
                "案件尚未作出处理决定（当前阶段：{}）；如需送审，请导出送审稿",
                d.stage.map_or("未决定", Stage::label)
            ),
        ),
    }
}

/// 事先告知书: the problem established, 问责 intended with its methods,
/// dated before the decision.
fn check_notice(d: &DocDetails) -> Result<(), String> {
    let kind = DocKind::Notice;
    let stage = d.stage;
    need(
        !stage.is_some_and(Stage::is_early),
        kind,
        &format!(
            "案件处于“{}”阶段，问题尚未认定",
            stage.map_or("", Stage::label)
        ),
    )?;
    if let Some(o) = d.outcome()
        && o != Outcome::Accountability
    {
        need(
            false,
            kind,
            &format!("登记的处理结果是“{}”，不作问责处理", o.label()),
        )?;
    }
    need(!d.methods.is_empty(), kind, "未记录拟作出的问责方式")?;
    issued(kind, d, &d.notice_doc_no, d.notice_issued_on, "告知书")?;
    if let (Some(n), Some(dec), false) = (d.notice_issued_on, d.issued_on, d.draft) {
        need(n < dec, kind, "告知书的成文日期应早于处理决定的日期")?;
    }
    Ok(())
}

/// 送达回证: a numbered document to deliver and the date it is made out.
fn check_receipt(d: &DocDetails) -> Result<(), String> {
    let kind = DocKind::Receipt;
    need(
        !d.receipt_documents.trim().is_empty()
            || (d.outcome().is_some() && !d.doc_no.trim().is_empty())
            || !d.notice_doc_no.trim().is_empty(),
        kind,
        "案件还没有已编号、可送达的文书",
    )?;
    if !d.draft {
        need(
            d.receipt_made_on.is_some(),
            kind,
            "未填写送达回证的填发日期",
        )?;
    }
    Ok(())
}
