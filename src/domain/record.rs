//! A registered case as the register holds it, for the rules engine and the
//! documents: `Storage::case_record` reads it (dates parsed, closed sets
//! typed), `app::case_input` turns it into the engine's `CaseInput` and the
//! documents' `DocDetails`. Plain data: no IO, no rusqlite.

use jiff::civil::Date;

use super::procedure::{SelectionKind, Stage};
use super::{CaseId, PersonId, RespondentId, RespondentRole};

/// A case with everything its assessment and documents read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseRecord {
    pub(crate) id: CaseId,
    pub(crate) case_no: String,
    /// The local regulation applied (id, e.g. "004").
    pub(crate) regulation: String,
    pub(crate) tolerance_overlay: bool,
    pub(crate) received_on: Option<Date>,
    pub(crate) investigation_started_on: Option<Date>,
    pub(crate) investigation_extended: bool,
    /// The case's decision date (all respondents decided).
    pub(crate) decided_on: Option<Date>,
    /// 案由 as registered.
    pub(crate) summary: String,
    pub(crate) stage: Stage,
    /// Issuing body (the office setting, or 生态环境局).
    pub(crate) office: String,
    /// The office's document settings for this case's regulation.
    pub(crate) doc_settings: DocSettings,
    /// The case's latest outcome decision (any respondent; not a 复查).
    pub(crate) latest_decision: Option<DecisionRecord>,
    /// The latest 文号 issued for the 事先告知书 and the 纠错通知书.
    pub(crate) notice: Option<IssuedNumber>,
    pub(crate) correction: Option<IssuedNumber>,
    /// The labels of the case's 纠错 follow-ups, in order.
    pub(crate) corrections: Vec<String>,
    /// The latest end of those follow-ups (the 纠错 period the office set).
    pub(crate) correction_due: Option<Date>,
    /// The respondents (not archived), in order.
    pub(crate) respondents: Vec<RespondentRecord>,
}

/// One respondent of a case and what concerns them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RespondentRecord {
    /// The `respondents` row.
    pub(crate) id: RespondentId,
    pub(crate) person_id: PersonId,
    pub(crate) name: String,
    pub(crate) gender: String,
    pub(crate) role: RespondentRole,
    /// Unit, post and 职级类别 when the case was registered.
    pub(crate) unit: String,
    pub(crate) post: String,
    pub(crate) rank: String,
    /// 个人 / 单位 / 领导班子 and 在职 / 调离 … as stored.
    pub(crate) kind: String,
    pub(crate) status: String,
    pub(crate) dissent_recorded: bool,
    /// The respondent's own 分管领导 (000 第八条第（四）项), as recorded.
    pub(crate) supervising_leader: String,
    /// Why 容错 stands although the conduct is prohibited (001 第四条).
    pub(crate) tolerance_reason: String,
    /// The others of the 共同行为 outside this case (004 第九条).
    pub(crate) co_actors: Vec<String>,
    /// What the clerk selected, in the order chosen.
    pub(crate) selections: Vec<(SelectionKind, String)>,
    /// The case's facts and evidence shared by all plus this respondent's own.
    pub(crate) facts: Vec<String>,
    pub(crate) evidence: Vec<String>,
    /// Their latest 陈述申辩: (content, whether adopted and why).
    pub(crate) statement: Option<(String, String)>,
    /// Their latest outcome decision (not a 复查).
    pub(crate) decision: Option<DecisionRecord>,
    /// Their decision documents (or the case's own) were delivered — and the
    /// date, when it reads as one. Never a 事先告知书's delivery.
    pub(crate) delivered: bool,
    pub(crate) delivered_on: Option<Date>,
    /// Their latest delivery of a decision document (never a 事先告知书's),
    /// with its 送达回证 particulars.
    pub(crate) delivery: Option<DeliveryRecord>,
    /// Their latest answered 复查 (the bureau's 复查决定).
    pub(crate) review: Option<ReviewRecord>,
    /// What else the clerk found (000 第八条（四）, 001 第十三条、第十七条).
    pub(crate) findings: super::RespondentFindings,
    /// `findings` as stored (read by storage, then parsed).
    pub(crate) findings_raw: String,
}

impl RespondentRecord {
    /// The item ids selected of one kind, in order.
    pub(crate) fn picked(&self, kind: SelectionKind) -> Vec<String> {
        self.selections
            .iter()
            .filter(|(k, _)| *k == kind)
            .map(|(_, id)| id.clone())
            .collect()
    }
}

/// A recorded outcome decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DecisionRecord {
    /// 问责 / 不予问责 / 容错免责.
    pub(crate) kind: String,
    pub(crate) doc_no: String,
    pub(crate) methods: Vec<String>,
    pub(crate) measures: Vec<String>,
    pub(crate) decided_on: Option<Date>,
}

/// A recorded 复查 decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ReviewRecord {
    /// The 复查决定书's own 文号.
    pub(crate) doc_no: String,
    pub(crate) decided_on: Option<Date>,
    /// The decision reviewed.
    pub(crate) original_doc_no: String,
    pub(crate) outcome: super::procedure::RemedyOutcome,
    /// 变更: the methods now decided (the new decision's).
    pub(crate) methods: Vec<String>,
    pub(crate) applied_on: Option<Date>,
    /// The applicant's grounds.
    pub(crate) grounds: String,
    /// The 复查's own findings and reasons.
    pub(crate) reasoning: String,
}

/// A recorded delivery (送达) with its 送达回证 particulars.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeliveryRecord {
    pub(crate) delivered_on: Option<Date>,
    pub(crate) method: String,
    pub(crate) recipient: String,
    pub(crate) agent: String,
    pub(crate) witness: String,
    pub(crate) note: String,
    /// 送达文书名称及件数 as recorded.
    pub(crate) documents: String,
    pub(crate) address: String,
    /// Time of service, e.g. "10时30分".
    pub(crate) served_at: String,
    pub(crate) issuer: String,
    pub(crate) deliverer: String,
    pub(crate) made_on: Option<Date>,
}

/// A 文号 issued for a document, with its date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct IssuedNumber {
    pub(crate) doc_no: String,
    pub(crate) issued_on: Option<Date>,
}

/// The office's own document settings for one regulation (where the text
/// leaves them open): 陈述申辩 period, deciding body, 申诉/复查 body and
/// period; and the office's 抄送 line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocSettings {
    pub statement_days: Option<u32>,
    pub(crate) decider: String,
    pub remedy_body: String,
    pub remedy_period: String,
    pub(crate) cc: String,
}
