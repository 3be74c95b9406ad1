//! What the register, case file, person, dashboard and statistics screens
//! show: plain data read from the register (no IO here).

use super::{CaseId, CaseListItem, DecisionId, DocumentId, PersonId, RespondentId, SearchFilters};

/// A column the register can be sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortKey {
    /// 案号 (allocation order: numbers are issued in sequence).
    CaseNo,
    Respondent,
    Unit,
    Regulation,
    Stage,
    /// 受理日期 (the default, newest first).
    #[default]
    Received,
    Decided,
}

impl SortKey {
    pub const ALL: [SortKey; 7] = [
        SortKey::CaseNo,
        SortKey::Respondent,
        SortKey::Unit,
        SortKey::Regulation,
        SortKey::Stage,
        SortKey::Received,
        SortKey::Decided,
    ];

    /// The column heading.
    pub(crate) fn label(self) -> &'static str {
        match self {
            SortKey::CaseNo => "案号",
            SortKey::Respondent => "被问责人",
            SortKey::Unit => "单位",
            SortKey::Regulation => "适用规定",
            SortKey::Stage => "阶段",
            SortKey::Received => "受理日期",
            SortKey::Decided => "决定日期",
        }
    }
}

/// What the register shows: search text, filters and order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegisterQuery {
    pub text: String,
    pub filters: SearchFilters,
    pub sort: SortKey,
    pub descending: bool,
}

impl RegisterQuery {
    /// The default view: every case, newest first.
    pub fn newest() -> Self {
        RegisterQuery {
            descending: true,
            ..Default::default()
        }
    }

    /// The table's default order (newest first): searches keep their
    /// relevance order only in it.
    pub(crate) fn in_default_order(&self) -> bool {
        self.sort == SortKey::Received && self.descending
    }

    pub(crate) fn is_search(&self) -> bool {
        !self.text.trim().is_empty()
    }

    /// Order rows already fetched (search hits) the way the table asks.
    pub fn sort_rows(&self, rows: &mut [CaseListItem]) {
        let key = self.sort;
        rows.sort_by(|a, b| {
            let ord = match key {
                SortKey::CaseNo => a.id.cmp(&b.id),
                // Pinyin, as the register's own 被问责人 order.
                SortKey::Respondent => a
                    .sort_key
                    .cmp(&b.sort_key)
                    .then_with(|| a.respondents.cmp(&b.respondents)),
                SortKey::Unit => a.unit.cmp(&b.unit),
                SortKey::Regulation => a.regulation_id.cmp(&b.regulation_id),
                SortKey::Stage => a.stage.cmp(&b.stage),
                SortKey::Received => a.received_on.cmp(&b.received_on),
                SortKey::Decided => a.decided_on.cmp(&b.decided_on),
            }
            .then(a.id.cmp(&b.id));
            if self.descending { ord.reverse() } else { ord }
        });
    }
}

/// Values the register's filter boxes offer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FilterOptions {
    pub years: Vec<i16>,
    /// The stages cases are in, in procedure order.
    pub stages: Vec<crate::domain::procedure::Stage>,
    pub units: Vec<String>,
}

/// A respondent as the case file shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RespondentRow {
    pub id: RespondentId,
    pub person_id: PersonId,
    pub name: String,
    pub role: crate::domain::RespondentRole,
    pub(crate) unit: String,
    pub(crate) post: String,
    pub(crate) rank: String,
    pub(crate) status: String,
    pub(crate) dissent_recorded: bool,
    /// Where their procedure stands (`RespondentState::derive`).
    pub state: crate::domain::procedure::RespondentState,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct EvidenceRow {
    pub(crate) seq: i64,
    pub(crate) title: String,
    pub(crate) kind: String,
    pub(crate) source: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementRow {
    /// The respondent it belongs to (`respondents.id`): two respondents of
    /// a case may share a name.
    pub(crate) respondent_id: RespondentId,
    pub(crate) respondent: String,
    pub(crate) heard_on: String,
    pub(crate) content: String,
    pub(crate) adopted: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SelectionRow {
    pub(crate) respondent: String,
    pub(crate) regulation_id: String,
    pub(crate) kind: crate::domain::procedure::SelectionKind,
    pub(crate) item_id: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionRow {
    pub id: DecisionId,
    /// Whose decision (`respondents.id`): two respondents of a case may
    /// share a name.
    pub respondent_id: RespondentId,
    pub(crate) respondent: String,
    pub kind: crate::domain::procedure::DecisionKind,
    pub doc_no: String,
    pub methods: Vec<String>,
    pub(crate) measures: Vec<String>,
    pub(crate) basis: String,
    pub(crate) departure_reason: String,
    /// Why it stands against the 类案参考's proportion warning (or empty).
    pub(crate) precedent_reason: String,
    pub(crate) decided_on: String,
    pub approved_by: String,
    pub supersedes: Option<DecisionId>,
    /// Revoked on 复查 or 申诉: kept as issued, no longer counted.
    pub revoked: bool,
}

/// An issued document (the PDF bytes are fetched when opened or saved).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentRow {
    pub id: DocumentId,
    pub kind: String,
    pub doc_no: String,
    pub title: String,
    pub(crate) sha256: String,
    pub(crate) bytes: i64,
    pub(crate) created_at: String,
    /// The OFD-A stored beside the PDF at issue; `None` for a document
    /// issued before OFDs were stored.
    pub(crate) ofd_sha256: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryRow {
    pub(crate) delivered_on: String,
    pub method: String,
    pub(crate) recipient: String,
    pub(crate) agent: String,
    pub(crate) witness: String,
}

/// A follow-up: a ban with its end date, a 纠错 task, another consequence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUpRow {
    pub id: i64,
    pub case_id: CaseId,
    pub case_no: String,
    pub person: String,
    pub kind: crate::domain::procedure::FollowUpKind,
    pub label: String,
    pub starts_on: Option<jiff::civil::Date>,
    pub ends_on: Option<jiff::civil::Date>,
    pub status: String,
    pub cite: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AuditRow {
    pub(crate) id: i64,
    pub(crate) at: String,
    pub(crate) actor: String,
    pub(crate) action: String,
    pub(crate) entity: String,
    pub(crate) detail: String,
}

/// Everything the register holds about one case (案卷).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseFile {
    pub(crate) id: CaseId,
    pub case_no: String,
    pub(crate) regulation_id: String,
    pub(crate) tolerance_overlay: bool,
    pub stage: crate::domain::procedure::Stage,
    pub(crate) clue_source: String,
    pub(crate) received_on: String,
    pub(crate) investigation_started_on: Option<String>,
    pub(crate) investigation_extended: bool,
    pub(crate) extension_reason: String,
    pub(crate) decided_on: Option<String>,
    pub(crate) summary: String,
    pub(crate) archived: bool,
    /// The reporter, masked (王**), if there is one.
    pub(crate) reporter_masked: Option<String>,
    pub respondents: Vec<RespondentRow>,
    pub(crate) facts: Vec<String>,
    pub(crate) evidence: Vec<EvidenceRow>,
    pub(crate) team: Vec<(String, String)>,
    pub statements: Vec<StatementRow>,
    pub(crate) selections: Vec<SelectionRow>,
    pub decisions: Vec<DecisionRow>,
    pub documents: Vec<DocumentRow>,
    pub deliveries: Vec<DeliveryRow>,
    pub follow_ups: Vec<FollowUpRow>,
    pub(crate) audit: Vec<AuditRow>,
}

/// A person's file (人员): every case across years and units.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonFile {
    pub(crate) id: PersonId,
    pub(crate) name: String,
    pub(crate) gender: String,
    /// Masked: 1101**********0015.
    pub(crate) id_number_masked: String,
    pub(crate) unit: String,
    pub(crate) post: String,
    pub(crate) rank: String,
    pub status: String,
    /// Cases, newest first, with the unit the person was in at the time.
    pub cases: Vec<CaseListItem>,
    /// Decisions against the person (superseded ones included, marked).
    pub(crate) decisions: Vec<DecisionRow>,
    pub(crate) follow_ups: Vec<FollowUpRow>,
}

/// An open case the dashboard checks for deadlines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenCase {
    pub id: CaseId,
    pub case_no: String,
    pub respondent: String,
    pub regulation_id: String,
    pub tolerance_overlay: bool,
    pub stage: crate::domain::procedure::Stage,
    pub received_on: Option<jiff::civil::Date>,
    pub investigation_started_on: Option<jiff::civil::Date>,
    pub investigation_extended: bool,
    pub decided_on: Option<jiff::civil::Date>,
    pub delivered_on: Option<jiff::civil::Date>,
    pub outcome: String,
}

/// A respondent served with a 事先告知书 and not yet heard or decided: the
/// 陈述申辩 period runs from `notice_delivered_on` (工作台).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementWait {
    pub case_id: CaseId,
    pub case_no: String,
    pub regulation_id: String,
    pub person: String,
    pub notice_delivered_on: jiff::civil::Date,
}

/// Counts for one half-year (金坛办法 第二十条).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Statistics {
    pub from: String,
    /// Exclusive.
    pub to: String,
    pub cases_received: i64,
    pub decisions: i64,
    pub by_regulation: Vec<(String, i64)>,
    pub by_behaviour: Vec<(String, String, i64)>,
    pub by_method: Vec<(String, i64)>,
    pub(crate) by_outcome: Vec<(String, i64)>,
    pub(crate) by_unit: Vec<(String, i64)>,
    pub(crate) by_rank: Vec<(String, i64)>,
    /// (YYYY-MM, cases received, decisions) for the months of the period.
    pub by_month: Vec<(String, i64, i64)>,
}

/// An issued document as a case's archive takes it: its stored bytes,
/// whose it is and its date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArchivedDocument {
    pub id: DocumentId,
    pub kind: String,
    pub doc_no: String,
    pub title: String,
    /// The respondent it is for; `None` for a document of the whole case.
    pub respondent: Option<String>,
    /// 成文日期 as stored (the 文号's date, else the decision's, else the
    /// day it was stored), `YYYY-MM-DD`.
    pub date: String,
    /// The stored PDF; `None` when it is missing or differs from its SHA-256.
    pub pdf: Option<Vec<u8>>,
    /// The stored OFD-A; `None` for a document issued before OFDs were
    /// stored (or when it differs from its SHA-256: see `problem`).
    pub ofd: Option<Vec<u8>>,
    /// What is missing or damaged, in Chinese; `None` when the bytes are as
    /// issued.
    pub problem: Option<String>,
}

/// One audit entry with its place in the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<i64>,
    pub detail: String,
    pub prev_hash: String,
    pub hash: String,
}

/// An audit entry's text as a clerk reads it: entries written before the
/// digests were worded in Chinese say `sha256=…` / `ofd_sha256=…` (the
/// stored text is signed and never rewritten; only its display is).
pub fn audit_detail_for_reading(detail: &str) -> String {
    detail
        .replace(" ofd_sha256=", "，OFD 摘要（SHA-256）")
        .replace(" sha256=", "，PDF 摘要（SHA-256）")
}
