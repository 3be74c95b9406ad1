//! Reading a case as a domain record (`domain::record::CaseRecord`) for the
//! rules engine and the documents; the app builds their inputs from it
//! (`app::case_input`). Behaviours are read from `selections` only, never
//! from `decisions.basis`.

use crate::domain::ids::{CaseId, RespondentId};
use rusqlite::{OptionalExtension, params};

use crate::domain::procedure::{FollowUpKind, RemedyKind, RemedyOutcome};
use crate::domain::record::{
    CaseRecord, DecisionRecord, DeliveryRecord, IssuedNumber, RespondentRecord, ReviewRecord,
};
use crate::export::documents::DocKind;
use crate::storage::convert::date;
use crate::storage::{Result, Storage, StorageError};

/// A decision row as stored: (kind, doc_no, methods, measures, decided_on).
type DecisionRow = (String, String, String, String, String);

/// A stored decision with its method and measure lists read; `whose` names
/// the decision in the message when a list is not what the register writes.
fn decision_record(row: DecisionRow, whose: &str) -> Result<DecisionRecord> {
    let (kind, doc_no, methods, measures, decided_on) = row;
    let list = |raw: &str, what: &str| -> Result<Vec<String>> {
        crate::storage::convert::json_text(raw)
            .map_err(|e| StorageError::Invalid(format!("{whose}的决定中{what}记录有误：{}", e.0)))
    };
    Ok(DecisionRecord {
        methods: list(&methods, "问责方式")?,
        measures: list(&measures, "具体措施")?,
        kind,
        doc_no,
        decided_on: date(Some(decided_on.as_str()))?,
    })
}

impl Storage {
    /// A registered case with its respondents (not archived, in order) and
    /// everything their assessment and documents read.
    pub fn case_record(&self, case_id: CaseId) -> Result<CaseRecord> {
        let mut rec = self.case_row(case_id)?;
        let respondents = self.case_respondents(case_id)?;
        if respondents.is_empty() {
            return Err(StorageError::Invalid(format!(
                "案件 {} 没有被问责人",
                rec.case_no
            )));
        }
        let row: Option<DecisionRow> = self
            .conn
            .query_row(
                "SELECT kind, doc_no, methods, measures, decided_on FROM decisions
                  WHERE case_id = ?1 AND kind <> ?2 ORDER BY id DESC LIMIT 1",
                params![case_id, crate::domain::procedure::DecisionKind::Review],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .optional()?;
        let whose = format!("案件 {} ", rec.case_no);
        rec.latest_decision = row.map(|d| decision_record(d, &whose)).transpose()?;
        rec.notice = self.issued_number(case_id, DocKind::Notice)?;
        rec.correction = self.issued_number(case_id, DocKind::Correction)?;
        let mut fu = self.conn.prepare_cached(
            "SELECT label FROM follow_ups WHERE case_id = ?1 AND kind = ?2 AND archived = 0 ORDER BY id",
        )?;
        rec.corrections = fu
            .query_map(params![case_id, FollowUpKind::Correction], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let due: Option<String> = self.conn.query_row(
            "SELECT MAX(ends_on) FROM follow_ups WHERE case_id = ?1 AND kind = ?2 AND archived = 0",
            params![case_id, FollowUpKind::Correction],
            |r| r.get(0),
        )?;
        rec.correction_due = date(due.as_deref())?;
        // Unset: the documents refuse (发文机关 is required), never a default.
        rec.office = self.office_name()?.unwrap_or_default();
        rec.doc_settings = self.doc_settings(&rec.regulation)?;
        for r in &respondents {
            let one = self.respondent_record(case_id, r.id)?;
            rec.respondents.push(one);
        }
        Ok(rec)
    }

    /// The `cases` row itself (the rest of the record empty).
    fn case_row(&self, case_id: CaseId) -> Result<CaseRecord> {
        self.conn
            .query_row(
                "SELECT case_no, regulation_id, tolerance_overlay, received_on, investigation_started_on,
                        investigation_extended, decided_on, summary, stage FROM cases WHERE id = ?1",
                [case_id],
                |r| {
                    Ok(CaseRecord {
                        id: case_id,
                        case_no: r.get(0)?,
                        regulation: r.get(1)?,
                        tolerance_overlay: r.get(2)?,
                        received_on: date(r.get::<_, Option<String>>(3)?.as_deref())?,
                        investigation_started_on: date(r.get::<_, Option<String>>(4)?.as_deref())?,
                        investigation_extended: r.get(5)?,
                        decided_on: date(r.get::<_, Option<String>>(6)?.as_deref())?,
                        summary: r.get(7)?,
                        stage: r.get(8)?,
                        office: String::new(),
                        doc_settings: Default::default(),
                        latest_decision: None,
                        notice: None,
                        correction: None,
                        corrections: Vec::new(),
                        correction_due: None,
                        respondents: Vec::new(),
                    })
                },
            )
            .optional()?
            .ok_or_else(|| StorageError::Invalid(format!("没有编号为 {case_id} 的案件")))
    }

    /// A respondent's latest answered 复查 (the bureau's 复查决定; a
    /// 申诉 is another body's and never prints here).
    fn review_of(&self, rid: RespondentId) -> Result<Option<ReviewRecord>> {
        let row = self
            .conn
            .query_row(
                "SELECT m.answer_doc_no, m.decided_on, o.doc_no, m.outcome, COALESCE(n.methods, '[]'),
                        m.applied_on, m.grounds, m.reason
                   FROM remedies m JOIN decisions o ON o.id = m.decision_id
                   LEFT JOIN decisions n ON n.id = m.result_decision_id
                  WHERE COALESCE(m.respondent_id, o.respondent_id) = ?1 AND m.kind = ?2
                    AND m.outcome IS NOT NULL AND m.archived = 0
                  ORDER BY m.id DESC LIMIT 1",
                params![rid, RemedyKind::Review],
                |r| {
                    Ok((
                        (
                            r.get::<_, String>(0)?,
                            r.get::<_, Option<String>>(1)?,
                            r.get::<_, String>(2)?,
                            r.get::<_, RemedyOutcome>(3)?,
                        ),
                        (
                            r.get::<_, String>(4)?,
                            r.get::<_, String>(5)?,
                            r.get::<_, String>(6)?,
                            r.get::<_, String>(7)?,
                        ),
                    ))
                },
            )
            .optional()?;
        let Some((
            (doc_no, decided_on, original_doc_no, outcome),
            (methods, applied_on, grounds, reasoning),
        )) = row
        else {
            return Ok(None);
        };
        let methods = crate::storage::convert::json_text(&methods).map_err(|e| {
            StorageError::Invalid(format!("复查决定 {doc_no} 的问责方式记录有误：{}", e.0))
        })?;
        Ok(Some(ReviewRecord {
            doc_no,
            decided_on: date(decided_on.as_deref())?,
            original_doc_no,
            outcome,
            methods,
            applied_on: date(Some(applied_on.as_str()))?,
            grounds,
            reasoning,
        }))
    }

    /// A respondent's latest delivery of their decision documents (or the
    /// case's own), never another's and never a 事先告知书's (which starts
    /// the 陈述申辩 period, not the remedy period).
    fn delivery_of(&self, case_id: CaseId, rid: RespondentId) -> Result<Option<DeliveryRecord>> {
        Ok(self
            .conn
            .query_row(
                "SELECT delivered_on, method, recipient, agent, witness, note, doc_no, address, served_at,
                        issuer || char(31) || deliverer, made_on
                   FROM deliveries dl
                  WHERE dl.case_id = ?1 AND dl.archived = 0
                    AND (dl.document_id IS NULL OR dl.document_id IN (
                         SELECT id FROM documents WHERE kind <> 'notice'
                            AND ((decision_id IS NULL AND respondent_id IS NULL) OR respondent_id = ?2
                                 OR decision_id IN (SELECT id FROM decisions WHERE respondent_id = ?2))))
                  ORDER BY dl.id DESC LIMIT 1",
                params![case_id, rid],
                |r| {
                    let people: String = r.get(9)?;
                    let (issuer, deliverer) = people
                        .split_once('\u{1f}')
                        .map(|(a, b)| (a.to_owned(), b.to_owned()))
                        .unwrap_or_default();
                    Ok(DeliveryRecord {
                        delivered_on: date(Some(r.get::<_, String>(0)?.as_str()))?,
                        method: r.get(1)?,
                        recipient: r.get(2)?,
                        agent: r.get(3)?,
                        witness: r.get(4)?,
                        note: r.get(5)?,
                        documents: r.get(6)?,
                        address: r.get(7)?,
                        served_at: r.get(8)?,
                        issuer,
                        deliverer,
                        made_on: date(r.get::<_, Option<String>>(10)?.as_deref())?,
                    })
                },
            )
            .optional()?)
    }

    /// The latest 文号 issued for a kind of document in the case.
    fn issued_number(&self, case_id: CaseId, kind: DocKind) -> Result<Option<IssuedNumber>> {
        Ok(self
            .conn
            .query_row(
                "SELECT doc_no, issued_on FROM doc_numbers WHERE case_id = ?1 AND kind = ?2
                  ORDER BY year DESC, seq DESC LIMIT 1",
                params![case_id, kind.key()],
                |r| {
                    Ok(IssuedNumber {
                        doc_no: r.get(0)?,
                        issued_on: date(r.get::<_, Option<String>>(1)?.as_deref())?,
                    })
                },
            )
            .optional()?)
    }

    /// One respondent with their selections, the case's and their own facts
    /// and evidence, their statement, decision and delivery.
    fn respondent_record(&self, case_id: CaseId, rid: RespondentId) -> Result<RespondentRecord> {
        let mut rec = self.conn.query_row(
            "SELECT p.id, p.name, p.gender, r.role, r.unit_at_time, r.post_at_time, r.rank_at_time,
                    r.kind, r.status, r.dissent_recorded, r.supervising_leader,
                    r.tolerance_reason, r.co_actors, r.findings
               FROM respondents r JOIN persons p ON p.id = r.person_id WHERE r.id = ?1",
            [rid],
            |r| {
                Ok(RespondentRecord {
                    id: rid,
                    person_id: r.get(0)?,
                    name: r.get(1)?,
                    gender: r.get(2)?,
                    role: r.get(3)?,
                    unit: r.get(4)?,
                    post: r.get(5)?,
                    rank: r.get(6)?,
                    kind: r.get(7)?,
                    status: r.get(8)?,
                    dissent_recorded: r.get(9)?,
                    supervising_leader: r.get(10)?,
                    tolerance_reason: r.get(11)?,
                    co_actors: crate::domain::split_names(&r.get::<_, String>(12)?),
                    selections: Vec::new(),
                    facts: Vec::new(),
                    evidence: Vec::new(),
                    statement: None,
                    decision: None,
                    delivered: false,
                    delivered_on: None,
                    delivery: None,
                    review: None,
                    findings: Default::default(),
                    findings_raw: r.get(13)?,
                })
            },
        )?;
        rec.findings = crate::domain::RespondentFindings::from_stored(&rec.findings_raw, &rec.name)
            .map_err(StorageError::Invalid)?;
        rec.selections = self.respondent_selections(rid)?;
        let texts = |sql: &str| -> Result<Vec<String>> {
            let mut stmt = self.conn.prepare_cached(sql)?;
            let v = stmt
                .query_map(params![case_id, rid], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            Ok(v)
        };
        rec.facts = texts(
            "SELECT text FROM facts WHERE case_id = ?1 AND archived = 0
               AND (respondent_id IS NULL OR respondent_id = ?2) ORDER BY seq",
        )?;
        rec.evidence = texts(
            "SELECT title FROM evidence WHERE case_id = ?1 AND archived = 0
               AND (respondent_id IS NULL OR respondent_id = ?2) ORDER BY seq",
        )?;
        rec.statement = self
            .conn
            .query_row(
                "SELECT content, adopted FROM statements WHERE case_id = ?1 AND respondent_id = ?2
                  AND archived = 0 ORDER BY id DESC LIMIT 1",
                params![case_id, rid],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let row: Option<DecisionRow> = self
            .conn
            .query_row(
                "SELECT kind, doc_no, methods, measures, decided_on FROM decisions
                  WHERE case_id = ?1 AND respondent_id = ?2 AND kind <> ?3 ORDER BY id DESC LIMIT 1",
                params![case_id, rid, crate::domain::procedure::DecisionKind::Review],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .optional()?;
        rec.decision = match row {
            Some(d) => {
                let whose = format!("文号 {} ", d.1);
                Some(decision_record(d, &whose)?)
            }
            None => None,
        };
        rec.delivery = self.delivery_of(case_id, rid)?;
        rec.delivered = rec.delivery.is_some();
        rec.delivered_on = rec.delivery.as_ref().and_then(|d| d.delivered_on);
        rec.review = self.review_of(rid)?;
        Ok(rec)
    }
}
