//! The procedure around a decision: review before issue, delivery with its
//! receipt, follow-ups marked done, 复查/申诉 whose outcome supersedes the
//! original decision. Every write is one IMMEDIATE transaction with its
//! audit entry.

use rusqlite::{OptionalExtension, params};

use super::register::{allocate_in, audit};
use super::{Result, Storage, StorageError};
use crate::domain::procedure::{
    NewDelivery, RemedyDecision, RemedyKind, RemedyOutcome, RemedyRow, ReviewAction, ReviewEntry,
    Stage,
};

fn invalid(msg: &str) -> StorageError {
    StorageError::Invalid(msg.to_owned())
}

fn entry(r: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<ReviewEntry> {
    Ok(ReviewEntry {
        action: r.get(at)?,
        user_name: r.get(at + 1)?,
        comment: r.get(at + 2)?,
        at: r.get(at + 3)?,
    })
}

impl Storage {
    // ------------------------------------------------------------ review

    /// Append a review step for a draft. A return needs a comment; a draft
    /// already issued cannot be submitted or returned.
    pub fn review_step(
        &mut self,
        draft_key: &str,
        action: ReviewAction,
        user_id: Option<i64>,
        user_name: &str,
        comment: &str,
    ) -> Result<()> {
        if action == ReviewAction::Return && comment.trim().is_empty() {
            return Err(invalid("退回须写明意见"));
        }
        let (key, name, comment) = (
            draft_key.to_owned(),
            user_name.to_owned(),
            comment.trim().to_owned(),
        );
        self.write_public(|tx, actor| {
            let case_id: Option<Option<i64>> = tx
                .query_row("SELECT case_id FROM drafts WHERE key = ?1", [&key], |r| {
                    r.get(0)
                })
                .optional()?;
            match case_id {
                None => return Err(invalid("草稿不存在，请先保存草稿")),
                Some(Some(_)) if action != ReviewAction::Approve => {
                    return Err(invalid("此案件已签发，不能再提交或退回"));
                }
                _ => {}
            }
            tx.execute(
                "INSERT INTO reviews (draft_key, action, user_id, user_name, comment)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![key, action.label(), user_id, name, comment],
            )?;
            let id = tx.last_insert_rowid();
            audit(
                tx,
                actor,
                action.label(),
                &format!("drafts:{key}"),
                Some(id),
                "",
                &comment,
            )
        })
    }

    /// A draft's review history, oldest first.
    pub fn review_history(&self, draft_key: &str) -> Result<Vec<ReviewEntry>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT action, user_name, comment, at FROM reviews WHERE draft_key = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([draft_key], |r| entry(r, 0))?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Unissued drafts whose last review step is a submission or a return:
    /// (draft key, draft JSON, last step), newest first.
    pub(crate) fn review_queue(&self) -> Result<Vec<(String, String, ReviewEntry)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT d.key, d.data, r.action, r.user_name, r.comment, r.at
               FROM drafts d
               JOIN reviews r ON r.id = (SELECT max(id) FROM reviews WHERE draft_key = d.key)
              WHERE d.case_id IS NULL AND r.action IN ('提交审核', '退回')
              ORDER BY r.id DESC",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, entry(r, 2)?)))?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    // ------------------------------------------------------------ delivery

    /// Record a delivery (送达) with its method and 送达回证.
    pub fn record_delivery(&mut self, d: &NewDelivery) -> Result<i64> {
        if d.recipient.trim().is_empty() {
            return Err(invalid("请填写受送达人"));
        }
        let d = d.clone();
        self.write_public(|tx, actor| {
            tx.execute(
                // What the 送达回证 prints from the register: the delivered
                // document's 文号, 填发人 (who records it) and the day it is
                // made (today, not the decision's date).
                "INSERT INTO deliveries (case_id, document_id, delivered_on, method, recipient, witness, receipt,
                                         doc_no, issuer, made_on)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,
                         COALESCE((SELECT doc_no FROM documents WHERE id = ?2), ''), ?8, date('now', 'localtime'))",
                params![
                    d.case_id,
                    d.document_id,
                    d.delivered_on.to_string(),
                    d.method.label(),
                    d.recipient.trim(),
                    d.witness.trim(),
                    d.receipt.trim(),
                    actor
                ],
            )?;
            let id = tx.last_insert_rowid();
            // Serving the decision moves the case on; serving a 事先告知书
            // (recorded late) does not.
            tx.execute(
                "UPDATE cases SET stage = ?3 WHERE id = ?1 AND stage = ?4
                   AND NOT EXISTS (SELECT 1 FROM documents WHERE id = ?2 AND kind = 'notice')",
                params![d.case_id, d.document_id, Stage::Delivered, Stage::Decided],
            )?;
            audit(
                tx,
                actor,
                "送达",
                "deliveries",
                Some(d.case_id),
                "",
                &format!(
                    "{} {} {} 回证：{}",
                    d.delivered_on,
                    d.method.label(),
                    d.recipient.trim(),
                    d.receipt.trim()
                ),
            )?;
            Ok(id)
        })
    }

    /// The 送达回证 of a case's deliveries, in order (id, receipt).
    pub(crate) fn delivery_receipts(&self, case_id: i64) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT receipt FROM deliveries WHERE case_id = ?1 AND archived = 0 ORDER BY id",
        )?;
        let rows = stmt.query_map([case_id], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    // ------------------------------------------------------------ notice

    /// A 问责事先告知书 for one respondent, before the decision: its own 文号
    /// (dated `issued_on`) and the PDF `make` builds for that 文号, stored in
    /// one audited transaction (a 文号 is never allocated without its
    /// document). Refused once the respondent is decided.
    pub fn issue_notice(
        &mut self,
        case_id: i64,
        respondent_id: i64,
        issued_on: jiff::civil::Date,
        make: impl FnOnce(&str) -> std::result::Result<(String, Vec<u8>), String>,
    ) -> Result<(i64, String)> {
        let code = self.office_code()?;
        self.write_public(|tx, actor| {
            let of_case: Option<i64> = tx
                .query_row(
                    "SELECT case_id FROM respondents WHERE id = ?1 AND archived = 0",
                    [respondent_id],
                    |r| r.get(0),
                )
                .optional()?;
            if of_case != Some(case_id) {
                return Err(invalid("此被问责人不属于本案"));
            }
            let decided: Option<String> = tx
                .query_row(
                    "SELECT doc_no FROM decisions WHERE respondent_id = ?1 ORDER BY id LIMIT 1",
                    [respondent_id],
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(no) = decided {
                return Err(StorageError::Invalid(format!(
                    "已作出决定 {no}；事先告知须在作出决定之前"
                )));
            }
            let year = issued_on.year();
            let seq: i64 = tx.query_row(
                "SELECT COALESCE(MAX(seq), 0) + 1 FROM doc_numbers WHERE code = ?1 AND year = ?2",
                params![code, year],
                |r| r.get(0),
            )?;
            let doc_no = format!("{code}〔{year}〕{seq}号");
            let kind = crate::export::documents::DocKind::Notice;
            tx.execute(
                "INSERT INTO doc_numbers (code, year, seq, doc_no, case_id, kind, issued_on)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    code,
                    year,
                    seq,
                    doc_no,
                    case_id,
                    kind.key(),
                    issued_on.to_string()
                ],
            )?;
            audit(
                tx,
                actor,
                "分配文号",
                "doc_numbers",
                Some(case_id),
                "",
                &format!("{doc_no}（{}，{issued_on}）", kind.label()),
            )?;
            let (title, pdf) = make(&doc_no).map_err(StorageError::Invalid)?;
            let sha = super::register::sha256_hex(&pdf);
            let id = super::register::insert_document(
                tx,
                actor,
                (case_id, None, Some(respondent_id)),
                kind.key(),
                &doc_no,
                &title,
                &pdf,
                &sha,
            )?;
            Ok((id, doc_no))
        })
    }

    /// Whose each document of a case is: (document id, respondent id) — the
    /// decision's respondent, or the one a 事先告知书 names; None for a
    /// document of the whole case.
    pub(crate) fn document_respondents(&self, case_id: i64) -> Result<Vec<(i64, Option<i64>)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT d.id, COALESCE(d.respondent_id, dec.respondent_id)
               FROM documents d LEFT JOIN decisions dec ON dec.id = d.decision_id
              WHERE d.case_id = ?1 ORDER BY d.id",
        )?;
        let rows = stmt.query_map([case_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// The respondents of a case who have a decision.
    pub(crate) fn decided_respondents(&self, case_id: i64) -> Result<Vec<i64>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT DISTINCT respondent_id FROM decisions WHERE case_id = ?1 ORDER BY respondent_id",
        )?;
        let rows = stmt.query_map([case_id], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// The respondents of a case who have a 事先告知书.
    pub(crate) fn notified_respondents(&self, case_id: i64) -> Result<Vec<i64>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT DISTINCT respondent_id FROM documents
              WHERE case_id = ?1 AND kind = 'notice' AND respondent_id IS NOT NULL
              ORDER BY respondent_id",
        )?;
        let rows = stmt.query_map([case_id], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Deliveries of a case's 事先告知书: (respondent id, date delivered), in order.
    pub(crate) fn notice_deliveries(&self, case_id: i64) -> Result<Vec<(Option<i64>, String)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT d.respondent_id, dl.delivered_on
               FROM deliveries dl JOIN documents d ON d.id = dl.document_id
              WHERE dl.case_id = ?1 AND dl.archived = 0 AND d.kind = 'notice' ORDER BY dl.id",
        )?;
        let rows = stmt.query_map([case_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    // ------------------------------------------------------------ follow-ups

    /// Mark a follow-up (纠错 task, ban) done on `done_on`; the dashboard
    /// stops listing it.
    pub(crate) fn complete_follow_up(&mut self, id: i64, done_on: jiff::civil::Date) -> Result<()> {
        self.write_public(|tx, actor| {
            let (case_id, status): (i64, String) = tx
                .query_row(
                    "SELECT case_id, status FROM follow_ups WHERE id = ?1",
                    [id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?
                .ok_or_else(|| invalid("没有这项后续事项"))?;
            if status != "进行中" {
                return Err(invalid("这项后续事项已办结"));
            }
            tx.execute(
                "UPDATE follow_ups SET status = '已完成', done_on = ?1 WHERE id = ?2",
                params![done_on.to_string(), id],
            )?;
            audit(
                tx,
                actor,
                "后续事项办结",
                "follow_ups",
                Some(case_id),
                &status,
                &format!("已完成 {done_on}（事项 {id}）"),
            )
        })
    }

    /// When each follow-up of a case was done (id, date).
    pub(crate) fn follow_ups_done(&self, case_id: i64) -> Result<Vec<(i64, String)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, done_on FROM follow_ups WHERE case_id = ?1 AND done_on IS NOT NULL",
        )?;
        let rows = stmt.query_map([case_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    // ------------------------------------------------------------ 复查 / 申诉

    /// Record a 复查/申诉 application against a decision.
    pub(crate) fn record_remedy(
        &mut self,
        decision_id: i64,
        kind: RemedyKind,
        applied_on: jiff::civil::Date,
        grounds: &str,
    ) -> Result<i64> {
        if grounds.trim().is_empty() {
            return Err(invalid("请填写申请理由"));
        }
        let grounds = grounds.trim().to_owned();
        self.write_public(|tx, actor| {
            let case_id: i64 = tx
                .query_row(
                    "SELECT case_id FROM decisions WHERE id = ?1",
                    [decision_id],
                    |r| r.get(0),
                )
                .optional()?
                .ok_or_else(|| invalid("没有这项决定"))?;
            let superseded: i64 = tx.query_row(
                "SELECT count(*) FROM decisions WHERE supersedes = ?1",
                [decision_id],
                |r| r.get(0),
            )?;
            if superseded > 0 {
                return Err(invalid("这项决定已被后来的决定取代，请针对现行决定申请"));
            }
            tx.execute(
                "INSERT INTO remedies (case_id, decision_id, kind, applied_on, grounds)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    case_id,
                    decision_id,
                    kind.label(),
                    applied_on.to_string(),
                    grounds
                ],
            )?;
            let id = tx.last_insert_rowid();
            tx.execute(
                "UPDATE cases SET stage = ?1 WHERE id = ?2",
                params![Stage::remedy_pending(kind), case_id],
            )?;
            audit(
                tx,
                actor,
                &format!("申请{}", kind.label()),
                "cases",
                Some(case_id),
                "",
                &format!("{applied_on} {grounds}"),
            )?;
            Ok(id)
        })
    }

    /// Decide a 复查/申诉: a new decision (kind 复查) that supersedes the
    /// original, which is never edited. Returns (decision id, 文号).
    pub(crate) fn decide_remedy(&mut self, d: &RemedyDecision) -> Result<(i64, String)> {
        if d.outcome == RemedyOutcome::Change && d.methods.is_empty() {
            return Err(invalid("变更原决定须选择变更后的问责方式"));
        }
        if d.outcome != RemedyOutcome::Uphold && d.reason.trim().is_empty() {
            return Err(invalid("变更或撤销原决定须写明理由"));
        }
        let d = d.clone();
        let code = self.office_code()?;
        self.write_public(|tx, actor| {
            let (case_id, original, kind, outcome): (i64, i64, RemedyKind, Option<String>) = tx
                .query_row(
                    "SELECT case_id, decision_id, kind, outcome FROM remedies WHERE id = ?1",
                    [d.remedy_id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                )
                .optional()?
                .ok_or_else(|| invalid("没有这项复查/申诉"))?;
            if outcome.is_some() {
                return Err(invalid("这项复查/申诉已有结果"));
            }
            let (respondent_id, methods, measures, basis): (i64, String, String, String) = tx
                .query_row(
                    "SELECT respondent_id, methods, measures, basis FROM decisions WHERE id = ?1",
                    [original],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                )?;
            let methods = match d.outcome {
                RemedyOutcome::Uphold => methods,
                RemedyOutcome::Change => {
                    serde_json::to_string(&d.methods).unwrap_or_else(|_| "[]".to_owned())
                }
                RemedyOutcome::Revoke => "[]".to_owned(),
            };
            let doc_no = allocate_in(tx, actor, &code, d.decided_on.year(), "复查", Some(case_id))?;
            tx.execute(
                "INSERT INTO decisions (case_id, respondent_id, kind, doc_no, methods, measures, basis,
                                        departure_reason, decided_on, approved_by, supersedes)
                 VALUES (?1, ?2, '复查', ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                params![
                    case_id,
                    respondent_id,
                    doc_no,
                    methods,
                    measures,
                    basis,
                    format!("{}{}：{}", kind, d.outcome.label(), d.reason.trim()),
                    d.decided_on.to_string(),
                    d.approved_by,
                    original
                ],
            )?;
            let id = tx.last_insert_rowid();
            tx.execute(
                "UPDATE remedies SET outcome = ?1, result_decision_id = ?2 WHERE id = ?3",
                params![d.outcome.label(), id, d.remedy_id],
            )?;
            tx.execute(
                "UPDATE cases SET stage = ?1 WHERE id = ?2",
                params![Stage::remedy_decided(kind), case_id],
            )?;
            audit(
                tx,
                actor,
                &format!("{kind}决定"),
                "decisions",
                Some(id),
                &original.to_string(),
                &format!("{doc_no} {} {methods} {}", d.outcome.label(), d.reason.trim()),
            )?;
            super::search::reindex_case(tx, case_id)?;
            Ok((id, doc_no))
        })
    }

    /// A case's 复查/申诉, in order.
    pub(crate) fn remedies(&self, case_id: i64) -> Result<Vec<RemedyRow>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT m.id, m.decision_id, o.doc_no, m.kind, m.applied_on, m.grounds, m.outcome, n.doc_no
               FROM remedies m JOIN decisions o ON o.id = m.decision_id
               LEFT JOIN decisions n ON n.id = m.result_decision_id
              WHERE m.case_id = ?1 AND m.archived = 0 ORDER BY m.id",
        )?;
        let rows = stmt.query_map([case_id], |r| {
            Ok(RemedyRow {
                id: r.get(0)?,
                decision_id: r.get(1)?,
                original_doc_no: r.get(2)?,
                kind: r.get(3)?,
                applied_on: r.get(4)?,
                grounds: r.get(5)?,
                outcome: r.get(6)?,
                result_doc_no: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }
}
