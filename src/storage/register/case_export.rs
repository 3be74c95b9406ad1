//! Gathering a case for the rules engine and documents.

use rusqlite::{OptionalExtension, params};

use crate::domain::procedure::{FollowUpKind, SelectionKind};
use crate::export::documents::{DocDetails, DocKind};
use crate::storage::{Result, Storage, StorageError};

/// (case_no, regulation, overlay, received, started, extended, decided, summary)
type CaseRow = (
    String,
    String,
    bool,
    Option<String>,
    Option<String>,
    bool,
    Option<String>,
    String,
);

/// What the register knows about a case, for the rules engine and documents.
#[derive(Debug, Clone)]
pub struct CaseExport {
    pub case: crate::rules::engine::CaseInput,
    pub details: DocDetails,
    pub person_ids: Vec<i64>,
    /// The latest decision's kind (问责 / 不予问责 / 容错免责 / 复查), if any.
    pub outcome: Option<String>,
}

impl Storage {
    /// Gather a case for assessment and export: every respondent (joint
    /// liability applies), the documents' details for the first. For
    /// another respondent see [`Storage::case_export_for`].
    pub fn case_export(&self, case_id: i64) -> Result<CaseExport> {
        self.case_export_for(case_id, None)
    }

    /// The case's own parts and the first respondent's (completed for every
    /// respondent by `case_export_for`).
    pub(super) fn case_export_first(&self, case_id: i64) -> Result<CaseExport> {
        use crate::rules::engine::{CaseInput, RespondentInput};
        let parse = |s: Option<String>| s.and_then(|d| d.parse().ok());
        let (case_no, regulation, overlay, received, started, extended, decided, summary): CaseRow = self
            .conn
            .query_row(
                "SELECT case_no, regulation_id, tolerance_overlay, received_on, investigation_started_on,
                        investigation_extended, decided_on, summary FROM cases WHERE id = ?1",
                [case_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?)),
            )
            .optional()?
            .ok_or_else(|| StorageError::Invalid(format!("没有编号为 {case_id} 的案件")))?;
        let (rid, pid, name, gender, unit, post, rank, role, dissent): (i64, i64, String, String, String, String, String, String, bool) = self
            .conn
            .query_row(
                "SELECT r.id, p.id, p.name, p.gender, r.unit_at_time, r.post_at_time, r.rank_at_time, r.role, r.dissent_recorded
                   FROM respondents r JOIN persons p ON p.id = r.person_id
                  WHERE r.case_id = ?1 AND r.archived = 0 ORDER BY r.id LIMIT 1",
                [case_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?)),
            )
            .optional()?
            .ok_or_else(|| StorageError::Invalid(format!("案件 {case_no} 没有被问责人")))?;
        let mut facts_stmt = self.conn.prepare_cached(
            "SELECT text FROM facts WHERE case_id = ?1 AND archived = 0 ORDER BY seq",
        )?;
        let facts: Vec<String> = facts_stmt
            .query_map([case_id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let selections = self.respondent_selections(rid)?;
        let pick = |k: crate::domain::procedure::SelectionKind| -> Vec<String> {
            selections
                .iter()
                .filter(|(kind, _)| *kind == k)
                .map(|(_, id)| id.clone())
                .collect()
        };
        // The outcome's decision (the latest that is not a 复查), and a 复查.
        let decision: Option<(String, String, String, String, String)> = self
            .conn
            .query_row(
                "SELECT kind, doc_no, methods, measures, decided_on FROM decisions
                  WHERE case_id = ?1 AND kind <> '复查' ORDER BY id DESC LIMIT 1",
                [case_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .optional()?;
        let review: Option<(String, String, String, Option<String>, String)> = self
            .conn
            .query_row(
                "SELECT doc_no, decided_on, basis, applied_on, reasoning FROM decisions
                  WHERE case_id = ?1 AND kind = '复查' ORDER BY id DESC LIMIT 1",
                [case_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .optional()?;
        type Delivery = (
            String,
            String,
            String,
            String,
            String,
            String,
            String,
            String,
            String,
            String,
            Option<String>,
        );
        let delivery: Option<Delivery> = self
            .conn
            .query_row(
                "SELECT delivered_on, method, recipient, agent, witness, note, doc_no, address, served_at,
                        issuer || char(31) || deliverer, made_on
                   FROM deliveries dl WHERE case_id = ?1 AND archived = 0
                    -- The decision's delivery: a 事先告知书's does not start the remedy period.
                    AND NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = dl.document_id AND d.kind = 'notice')
                  ORDER BY id DESC LIMIT 1",
                [case_id],
                |r| {
                    Ok((
                        r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?,
                        r.get(6)?, r.get(7)?, r.get(8)?, r.get(9)?, r.get(10)?,
                    ))
                },
            )
            .optional()?;
        let delivered = delivery.as_ref().map(|d| d.0.clone());
        let issued_doc = |kind: &str| -> Result<Option<(String, Option<String>)>> {
            Ok(self
                .conn
                .query_row(
                    "SELECT doc_no, issued_on FROM doc_numbers WHERE case_id = ?1 AND kind = ?2
                      ORDER BY year DESC, seq DESC LIMIT 1",
                    params![case_id, kind],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?)
        };
        let notice = issued_doc(DocKind::Notice.key())?;
        let correction = issued_doc(DocKind::Correction.key())?;
        let (methods, measures, doc_no): (Vec<String>, Vec<String>, String) = match &decision {
            Some((_, doc_no, m, me, _)) => (
                serde_json::from_str(m).map_err(|e| {
                    StorageError::Invalid(format!("案件 {case_no} 的决定中问责方式记录有误：{e}"))
                })?,
                serde_json::from_str(me).map_err(|e| {
                    StorageError::Invalid(format!("案件 {case_no} 的决定中具体措施记录有误：{e}"))
                })?,
                doc_no.clone(),
            ),
            None => (Vec::new(), Vec::new(), String::new()),
        };
        // The behaviours found are the clerk's selections (the wizard and
        // the demo both record them there), never guessed from `basis`.
        let behaviours = pick(SelectionKind::Behaviour);
        let mut ev_stmt = self.conn.prepare_cached(
            "SELECT title FROM evidence WHERE case_id = ?1 AND archived = 0 ORDER BY seq",
        )?;
        let evidence: Vec<String> = ev_stmt
            .query_map([case_id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let statement: Option<(String, String)> = self
            .conn
            .query_row(
                "SELECT content, adopted FROM statements WHERE case_id = ?1 AND respondent_id = ?2
                  AND archived = 0 ORDER BY id DESC LIMIT 1",
                params![case_id, rid],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let mut fu_stmt = self.conn.prepare_cached(
            "SELECT label FROM follow_ups WHERE case_id = ?1 AND kind = ?2 AND archived = 0 ORDER BY id",
        )?;
        let corrections: Vec<String> = fu_stmt
            .query_map(params![case_id, FollowUpKind::Correction], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        // The 纠错 period the office set: the latest end of its 纠错 follow-ups.
        let correction_due: Option<String> = self.conn.query_row(
            "SELECT MAX(ends_on) FROM follow_ups WHERE case_id = ?1 AND kind = ?2 AND archived = 0",
            params![case_id, FollowUpKind::Correction],
            |r| r.get(0),
        )?;
        let stage: crate::domain::procedure::Stage =
            self.conn
                .query_row("SELECT stage FROM cases WHERE id = ?1", [case_id], |r| {
                    r.get(0)
                })?;
        let office = self
            .setting("office_name")?
            .unwrap_or_else(|| "生态环境局".to_owned());
        let doc_settings = self.doc_settings(&regulation)?;
        let case = CaseInput {
            case_no: case_no.clone(),
            regulation,
            tolerance_overlay: overlay,
            received_on: parse(received),
            investigation_started_on: parse(started),
            investigation_extended: extended,
            decided_on: parse(decided.clone()),
            delivered_on: parse(delivered.clone()),
            tolerance_decided_on: if decision.as_ref().is_some_and(|d| d.0 == "容错免责") {
                parse(decided.clone())
            } else {
                None
            },
            respondents: vec![RespondentInput {
                person_id: pid.to_string(),
                name,
                unit: unit.clone(),
                rank: rank.clone(),
                role,
                behaviours,
                factors: pick(SelectionKind::Factor),
                overlay_factors: pick(SelectionKind::OverlayFactor),
                tolerance_situations: pick(SelectionKind::ToleranceSituation),
                tolerance_conditions: pick(SelectionKind::ToleranceCondition),
                impact: !pick(SelectionKind::Impact).is_empty(),
                severity: pick(SelectionKind::Severity).into_iter().next(),
                dissent_recorded: dissent,
                methods: methods.clone(),
                measures: measures.clone(),
                ..Default::default()
            }],
        };
        let address = delivery.as_ref().map(|d| d.7.clone()).unwrap_or_default();
        let (issuer, deliverer) = delivery
            .as_ref()
            .and_then(|d| {
                d.9.split_once('\u{1f}')
                    .map(|(a, b)| (a.to_owned(), b.to_owned()))
            })
            .unwrap_or_default();
        let details = DocDetails {
            office,
            doc_no,
            issued_on: decision.as_ref().and_then(|d| d.4.parse().ok()),
            outcome: decision.as_ref().map(|d| d.0.clone()).unwrap_or_default(),
            stage: Some(stage),
            methods,
            measures,
            notice_doc_no: notice.as_ref().map(|n| n.0.clone()).unwrap_or_default(),
            notice_issued_on: notice.as_ref().and_then(|n| parse(n.1.clone())),
            cause: summary.trim_end_matches('。').to_owned(),
            gender,
            unit,
            post,
            rank,
            address,
            facts,
            evidence,
            statement: statement.as_ref().map(|s| s.0.clone()).unwrap_or_default(),
            statement_adopted: statement.as_ref().map(|s| s.1.clone()).unwrap_or_default(),
            statement_days: doc_settings.statement_days,
            decider: doc_settings.decider,
            cc: doc_settings.cc,
            remedy_body: doc_settings.remedy_body,
            remedy_period: doc_settings.remedy_period,
            correction_followup: !corrections.is_empty(),
            correction_doc_no: correction.as_ref().map(|n| n.0.clone()).unwrap_or_default(),
            correction_issued_on: correction.as_ref().and_then(|n| parse(n.1.clone())),
            correction_reason: if corrections.is_empty() {
                String::new()
            } else {
                summary.clone()
            },
            correction_items: corrections,
            original_doc_no: if review.is_some() {
                decision.as_ref().map(|d| d.1.clone()).unwrap_or_default()
            } else {
                String::new()
            },
            review_doc_no: review.as_ref().map(|r| r.0.clone()).unwrap_or_default(),
            review_issued_on: review.as_ref().and_then(|r| r.1.parse().ok()),
            review_result: review.as_ref().map(|r| r.2.clone()).unwrap_or_default(),
            review_applied_on: review.as_ref().and_then(|r| parse(r.3.clone())),
            review_reasoning: review.as_ref().map(|r| r.4.clone()).unwrap_or_default(),
            receipt_documents: delivery
                .as_ref()
                .filter(|d| !d.6.is_empty())
                .map(|d| d.6.clone())
                .unwrap_or_default(),
            receipt_made_on: delivery.as_ref().and_then(|d| parse(d.10.clone())),
            receipt_issuer: issuer,
            receipt_deliverer: deliverer,
            delivery_method: delivery.as_ref().map(|d| d.1.clone()).unwrap_or_default(),
            delivered_on: parse(delivered),
            delivered_time: delivery.as_ref().map(|d| d.8.clone()).unwrap_or_default(),
            delivery_agent: delivery.as_ref().map(|d| d.3.clone()).unwrap_or_default(),
            delivery_witness: delivery.as_ref().map(|d| d.4.clone()).unwrap_or_default(),
            delivery_note: delivery.as_ref().map(|d| d.5.clone()).unwrap_or_default(),
            correction_requirement: String::new(),
            correction_months: None,
            correction_due: parse(correction_due),
            draft: false,
            preview: false,
        };
        Ok(CaseExport {
            case,
            details,
            person_ids: vec![pid],
            outcome: decision.map(|d| d.0),
        })
    }
}
