//! A case's respondents: creating a case with all of them (kind, status,
//! recorded dissent, facts and evidence of their own) in one audited
//! transaction, listing them, and gathering the case for the rules engine
//! and one respondent's documents.

use rusqlite::{OptionalExtension, params};

use super::{CaseExport, audit, create_case_in};
use crate::domain::procedure::SelectionKind;
use crate::domain::{NewCase, RespondentDetails};
use crate::export::documents::DocDetails;
use crate::rules::engine::{CaseInput, RespondentInput, RespondentKind, RespondentStatus};
use crate::storage::{Result, Storage, StorageError};

/// One respondent of a registered case, as lists name them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseRespondent {
    /// The `respondents` row.
    pub id: i64,
    pub person_id: i64,
    pub name: String,
    pub role: String,
    /// The standing decision's kind (问责 / 不予问责 / 容错免责), if decided.
    pub decided: Option<String>,
}

fn kind_of(label: &str) -> RespondentKind {
    RespondentKind::ALL
        .into_iter()
        .find(|k| k.label() == label)
        .unwrap_or_default()
}

fn status_of(label: &str) -> RespondentStatus {
    RespondentStatus::ALL
        .into_iter()
        .find(|k| k.label() == label)
        .unwrap_or_default()
}

impl Storage {
    /// What the clerk selected for a respondent (behaviours, factors,
    /// 容错 items…), in the order chosen.
    pub(crate) fn respondent_selections(
        &self,
        rid: i64,
    ) -> Result<Vec<(crate::domain::procedure::SelectionKind, String)>> {
        let mut sel = self.conn.prepare_cached(
            "SELECT kind, item_id FROM selections WHERE respondent_id = ?1 AND archived = 0 ORDER BY id",
        )?;
        let rows = sel
            .query_map([rid], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Register a new case with its respondents; `details[i]` is what the
    /// register keeps about respondent i beyond (person, role). One
    /// transaction with its audit entries. Returns (case id, 案号, respondent
    /// row ids in the order of `c.respondents`).
    pub fn create_case_with(
        &mut self,
        c: &NewCase,
        details: &[RespondentDetails],
    ) -> Result<(i64, String, Vec<i64>)> {
        for d in details {
            for t in d.facts.iter().chain(&d.evidence) {
                super::check_size("事实或证据", t, super::MAX_TEXT_CHARS)?;
            }
        }
        let (c, details) = (c.clone(), details.to_vec());
        self.write_public(|tx, actor| {
            let (case_id, case_no) = create_case_in(tx, actor, &c)?;
            let mut rids = Vec::with_capacity(c.respondents.len());
            for (person_id, _) in &c.respondents {
                rids.push(tx.query_row(
                    "SELECT id FROM respondents WHERE case_id = ?1 AND person_id = ?2",
                    params![case_id, person_id],
                    |r| r.get::<_, i64>(0),
                )?);
            }
            for (rid, d) in rids.iter().zip(&details) {
                let kind = if d.kind.is_empty() { "个人" } else { &d.kind };
                let status = if d.status.is_empty() {
                    "在职"
                } else {
                    &d.status
                };
                tx.execute(
                    "UPDATE respondents SET kind = ?1, status = ?2, dissent_recorded = ?3 WHERE id = ?4",
                    params![kind, status, d.dissent_recorded, rid],
                )?;
                let mut what = format!("{kind}，{status}");
                if d.dissent_recorded {
                    what.push_str("，已表示不同意见（有记录）");
                }
                audit(
                    tx,
                    actor,
                    "被问责人情况",
                    "respondents",
                    Some(*rid),
                    "",
                    &what,
                )?;
                for (table, items) in [("facts", &d.facts), ("evidence", &d.evidence)] {
                    for text in items {
                        let seq: i64 = tx.query_row(
                            &format!(
                                "SELECT COALESCE(MAX(seq), 0) + 1 FROM {table} WHERE case_id = ?1"
                            ),
                            [case_id],
                            |r| r.get(0),
                        )?;
                        let col = if table == "facts" { "text" } else { "title" };
                        tx.execute(
                            &format!(
                                "INSERT INTO {table} (case_id, seq, {col}, respondent_id) VALUES (?1, ?2, ?3, ?4)"
                            ),
                            params![case_id, seq, text, rid],
                        )?;
                        let action = if table == "facts" {
                            "添加事实"
                        } else {
                            "添加证据"
                        };
                        audit(tx, actor, action, table, Some(case_id), "", text)?;
                    }
                }
            }
            crate::storage::search::reindex_case(tx, case_id)?;
            Ok((case_id, case_no, rids))
        })
    }

    /// The respondents of a case, in order, with their standing decision.
    pub fn case_respondents(&self, case_id: i64) -> Result<Vec<CaseRespondent>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT r.id, p.id, p.name, r.role,
                    (SELECT d.kind FROM decisions d WHERE d.respondent_id = r.id AND d.kind <> '复查'
                      AND NOT EXISTS (SELECT 1 FROM decisions s WHERE s.supersedes = d.id)
                      ORDER BY d.id DESC LIMIT 1)
               FROM respondents r JOIN persons p ON p.id = r.person_id
              WHERE r.case_id = ?1 AND r.archived = 0 ORDER BY r.id",
        )?;
        let rows = stmt
            .query_map([case_id], |r| {
                Ok(CaseRespondent {
                    id: r.get(0)?,
                    person_id: r.get(1)?,
                    name: r.get(2)?,
                    role: r.get(3)?,
                    decided: r.get(4)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// One respondent as the rules engine sees them, from the register.
    fn respondent_input(&self, case_id: i64, rid: i64) -> Result<RespondentInput> {
        type Row = (i64, String, String, String, String, bool, String, String);
        let (pid, name, unit, rank, role, dissent, kind, status): Row = self.conn.query_row(
            "SELECT p.id, p.name, r.unit_at_time, r.rank_at_time, r.role, r.dissent_recorded, r.kind, r.status
               FROM respondents r JOIN persons p ON p.id = r.person_id WHERE r.id = ?1",
            [rid],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                ))
            },
        )?;
        let selections = self.respondent_selections(rid)?;
        let pick = |k: crate::domain::procedure::SelectionKind| -> Vec<String> {
            selections
                .iter()
                .filter(|(kind, _)| *kind == k)
                .map(|(_, id)| id.clone())
                .collect()
        };
        let decision = self.respondent_decision(case_id, rid)?;
        let (methods, measures) = match &decision {
            Some(d) => (d.methods.clone(), d.measures.clone()),
            None => (Vec::new(), Vec::new()),
        };
        // The behaviours found are the clerk's selections (the wizard and
        // the demo both record them there), never guessed from `basis`.
        let behaviours = pick(SelectionKind::Behaviour);
        Ok(RespondentInput {
            person_id: pid.to_string(),
            name,
            unit,
            rank,
            role,
            behaviours,
            factors: pick(SelectionKind::Factor),
            overlay_factors: pick(SelectionKind::OverlayFactor),
            tolerance_situations: pick(SelectionKind::ToleranceSituation),
            tolerance_conditions: pick(SelectionKind::ToleranceCondition),
            impact: !pick(SelectionKind::Impact).is_empty(),
            severity: pick(SelectionKind::Severity).into_iter().next(),
            dissent_recorded: dissent,
            methods,
            measures,
            kind: kind_of(&kind),
            status: status_of(&status),
            ..Default::default()
        })
    }

    /// A respondent's outcome decision (the latest that is not a 复查).
    fn respondent_decision(&self, case_id: i64, rid: i64) -> Result<Option<Decided>> {
        let row: Option<(String, String, String, String, String)> = self
            .conn
            .query_row(
                "SELECT kind, doc_no, methods, measures, decided_on FROM decisions
                  WHERE case_id = ?1 AND respondent_id = ?2 AND kind <> '复查' ORDER BY id DESC LIMIT 1",
                params![case_id, rid],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .optional()?;
        let Some((kind, doc_no, m, me, decided_on)) = row else {
            return Ok(None);
        };
        let list = |raw: &str, what: &str| -> Result<Vec<String>> {
            serde_json::from_str(raw).map_err(|e| {
                StorageError::Invalid(format!("文号 {doc_no} 的决定中{what}记录有误：{e}"))
            })
        };
        Ok(Some(Decided {
            methods: list(&m, "问责方式")?,
            measures: list(&me, "具体措施")?,
            kind,
            doc_no,
            decided_on,
        }))
    }

    /// Gather a case for assessment and export: every respondent (so joint
    /// liability applies), with `respondent` (a `respondents` row id; None:
    /// the first) placed first, and the documents' details for that
    /// respondent — their own decision, 文号, facts, evidence and statement.
    /// Documents print the assessment's first respondent.
    pub fn case_export_for(&self, case_id: i64, respondent: Option<i64>) -> Result<CaseExport> {
        let mut ex = self.case_export_first(case_id)?;
        let all = self.case_respondents(case_id)?;
        let chosen = match respondent {
            None => all.first().map(|r| r.id),
            Some(id) => Some(id),
        }
        .ok_or_else(|| StorageError::Invalid(format!("案件 {} 没有被问责人", ex.case.case_no)))?;
        if !all.iter().any(|r| r.id == chosen) {
            return Err(StorageError::Invalid(format!(
                "案件 {} 没有编号为 {chosen} 的被问责人",
                ex.case.case_no
            )));
        }
        let mut order: Vec<&CaseRespondent> = all.iter().filter(|r| r.id == chosen).collect();
        order.extend(all.iter().filter(|r| r.id != chosen));
        let mut inputs = Vec::with_capacity(order.len());
        for r in &order {
            inputs.push(self.respondent_input(case_id, r.id)?);
        }
        ex.case.respondents = inputs;
        ex.person_ids = order.iter().map(|r| r.person_id).collect();
        self.details_for(
            case_id,
            chosen,
            &mut ex.case,
            &mut ex.details,
            &mut ex.outcome,
        )?;
        Ok(ex)
    }

    /// Replace the first respondent's part of `details` with `rid`'s.
    fn details_for(
        &self,
        case_id: i64,
        rid: i64,
        case: &mut CaseInput,
        details: &mut DocDetails,
        outcome: &mut Option<String>,
    ) -> Result<()> {
        let (gender, unit, post, rank): (String, String, String, String) = self.conn.query_row(
            "SELECT p.gender, r.unit_at_time, r.post_at_time, r.rank_at_time
               FROM respondents r JOIN persons p ON p.id = r.person_id WHERE r.id = ?1",
            [rid],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )?;
        details.gender = gender;
        details.unit = unit;
        details.post = post;
        details.rank = rank;
        let texts = |sql: &str| -> Result<Vec<String>> {
            let mut stmt = self.conn.prepare_cached(sql)?;
            let v = stmt
                .query_map(params![case_id, rid], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            Ok(v)
        };
        details.facts = texts(
            "SELECT text FROM facts WHERE case_id = ?1 AND archived = 0
               AND (respondent_id IS NULL OR respondent_id = ?2) ORDER BY seq",
        )?;
        details.evidence = texts(
            "SELECT title FROM evidence WHERE case_id = ?1 AND archived = 0
               AND (respondent_id IS NULL OR respondent_id = ?2) ORDER BY seq",
        )?;
        let statement: Option<(String, String)> = self
            .conn
            .query_row(
                "SELECT content, adopted FROM statements WHERE case_id = ?1 AND respondent_id = ?2
                  AND archived = 0 ORDER BY id DESC LIMIT 1",
                params![case_id, rid],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        details.statement = statement.as_ref().map(|s| s.0.clone()).unwrap_or_default();
        details.statement_adopted = statement.map(|s| s.1).unwrap_or_default();
        let decision = self.respondent_decision(case_id, rid)?;
        details.doc_no = decision
            .as_ref()
            .map(|d| d.doc_no.clone())
            .unwrap_or_default();
        details.issued_on = decision.as_ref().and_then(|d| d.decided_on.parse().ok());
        details.outcome = decision
            .as_ref()
            .map(|d| d.kind.clone())
            .unwrap_or_default();
        details.methods = decision
            .as_ref()
            .map(|d| d.methods.clone())
            .unwrap_or_default();
        details.measures = decision
            .as_ref()
            .map(|d| d.measures.clone())
            .unwrap_or_default();
        // Delivered: this respondent's decision documents (or the case's
        // own), not another's, and never a 事先告知书 (which starts the
        // 陈述申辩 period, not the remedy period).
        let delivered: Option<String> = self
            .conn
            .query_row(
                "SELECT delivered_on FROM deliveries dl
                  WHERE dl.case_id = ?1 AND dl.archived = 0
                    AND (dl.document_id IS NULL OR dl.document_id IN (
                         SELECT id FROM documents WHERE kind <> 'notice'
                            AND ((decision_id IS NULL AND respondent_id IS NULL) OR decision_id IN (
                                SELECT id FROM decisions WHERE respondent_id = ?2))))
                  ORDER BY dl.id DESC LIMIT 1",
                params![case_id, rid],
                |r| r.get(0),
            )
            .optional()?;
        if delivered.is_none() {
            details.delivered_on = None;
            details.receipt_documents.clear();
            case.delivered_on = None;
        } else {
            // This respondent's remedy period runs from their own delivery.
            let on = delivered.as_deref().and_then(|d| d.parse().ok());
            details.delivered_on = on;
            case.delivered_on = on;
        }
        case.tolerance_decided_on = if decision.as_ref().is_some_and(|d| d.kind == "容错免责") {
            decision.as_ref().and_then(|d| d.decided_on.parse().ok())
        } else {
            None
        };
        if !details.original_doc_no.is_empty() {
            // The 复查 reviews this respondent's decision.
            details.original_doc_no = details.doc_no.clone();
        }
        *outcome = decision.map(|d| d.kind);
        Ok(())
    }
}

/// A respondent's recorded outcome decision.
struct Decided {
    kind: String,
    doc_no: String,
    methods: Vec<String>,
    measures: Vec<String>,
    decided_on: String,
}
