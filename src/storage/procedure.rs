//! The procedure around a decision: review before issue, delivery with its
//! receipt, follow-ups marked done, 复查/申诉 whose outcome supersedes the
//! original decision. Every write is one IMMEDIATE transaction with its
//! audit entry.

use crate::domain::ids::{CaseId, DecisionId, DocumentId, RespondentId};
use rusqlite::{OptionalExtension, params};

use super::register::{allocate_in, audit};
use super::{Result, Storage, StorageError};
use crate::domain::procedure::{
    NewDelivery, RemedyDecision, RemedyKind, RemedyRow, RespondentState, ReviewAction, ReviewEntry,
    Stage, StateFacts,
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
            let case_id = match case_id {
                None => return Err(invalid("草稿不存在，请先保存草稿")),
                Some(Some(_)) if action != ReviewAction::Approve => {
                    return Err(invalid("此案件已签发，不能再提交或退回"));
                }
                Some(c) => c,
            };
            let last: Option<ReviewAction> = tx
                .query_row(
                    "SELECT action FROM reviews WHERE draft_key = ?1 ORDER BY id DESC LIMIT 1",
                    [&key],
                    |r| r.get(0),
                )
                .optional()?;
            action.may_follow(last).map_err(invalid)?;
            tx.execute(
                "INSERT INTO reviews (draft_key, action, user_id, user_name, comment)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![key, action.label(), user_id, name, comment],
            )?;
            // The entry is the draft's (and its case's, once it has one):
            // never the review row's id taken for a case id.
            audit(
                tx,
                actor,
                action.label(),
                &format!("drafts:{key}"),
                case_id,
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

    /// Record a delivery (送达) with its method and 送达回证. A delivery
    /// cannot predate the document it serves.
    pub fn record_delivery(&mut self, d: &NewDelivery) -> Result<i64> {
        if d.recipient.trim().is_empty() {
            return Err(invalid("请填写受送达人"));
        }
        if d.address.trim().is_empty() {
            return Err(invalid("请填写送达地点"));
        }
        if d.deliverer.trim().is_empty() {
            return Err(invalid("请填写送达人"));
        }
        let d = d.clone();
        self.write_public(|tx, actor| {
            if let Some(doc) = d.document_id {
                // The served document's own date: its 文号's date, else
                // its decision's.
                let dated: Option<(String, Option<String>)> = tx
                    .query_row(
                        "SELECT doc.doc_no,
                                COALESCE((SELECT n.issued_on FROM doc_numbers n WHERE n.doc_no = doc.doc_no),
                                         (SELECT x.decided_on FROM decisions x WHERE x.id = doc.decision_id))
                           FROM documents doc WHERE doc.id = ?1 AND doc.case_id = ?2",
                        params![doc, d.case_id],
                        |r| Ok((r.get(0)?, r.get(1)?)),
                    )
                    .optional()?;
                let Some((doc_no, issued)) = dated else {
                    return Err(invalid("所选文书不属于本案"));
                };
                if let Some(issued) = issued
                    && d.delivered_on.to_string() < issued
                {
                    return Err(StorageError::Invalid(format!(
                        "送达日期（{}）早于所送达文书 {doc_no} 的成文日期（{issued}），请核对",
                        d.delivered_on
                    )));
                }
            }
            tx.execute(
                // What the 送达回证 prints from the register: the delivered
                // document's 文号, 填发人 (who records it) and the day it is
                // made (today, not the decision's date).
                "INSERT INTO deliveries (case_id, document_id, delivered_on, method, recipient, witness, receipt,
                                         doc_no, issuer, made_on, address, served_at, deliverer, agent, note)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,
                         COALESCE((SELECT doc_no FROM documents WHERE id = ?2), ''), ?8, date('now', 'localtime'),
                         ?9, ?10, ?11, ?12, ?13)",
                params![
                    d.case_id,
                    d.document_id,
                    d.delivered_on.to_string(),
                    d.method.label(),
                    d.recipient.trim(),
                    d.witness.trim(),
                    d.receipt.trim(),
                    actor,
                    d.address.trim(),
                    d.served_at.trim(),
                    d.deliverer.trim(),
                    d.agent.trim(),
                    d.note.trim(),
                ],
            )?;
            let id = tx.last_insert_rowid();
            settle_stage(tx, d.case_id)?;
            audit(
                tx,
                actor,
                "送达",
                "deliveries",
                Some(d.case_id.get()),
                "",
                &format!(
                    "{} {} {} 地点：{} 送达人：{} 回证：{}",
                    d.delivered_on,
                    d.method.label(),
                    d.recipient.trim(),
                    d.address.trim(),
                    d.deliverer.trim(),
                    d.receipt.trim()
                ),
            )?;
            Ok(id)
        })
    }

    /// The 送达回证 of a case's deliveries, in order (id, receipt).
    pub(crate) fn delivery_receipts(&self, case_id: CaseId) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT receipt FROM deliveries WHERE case_id = ?1 AND archived = 0 ORDER BY id",
        )?;
        let rows = stmt.query_map([case_id], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    // ------------------------------------------------------------ notice

    /// A 问责事先告知书 for one respondent, before the decision: its own 文号
    /// (dated `issued_on`) and the PDF and OFD `make` builds for that 文号, stored in
    /// one audited transaction (a 文号 is never allocated without its
    /// document). Refused once the respondent is decided.
    pub fn issue_notice<F>(
        &mut self,
        case_id: CaseId,
        respondent_id: RespondentId,
        issued_on: jiff::civil::Date,
        make: impl FnOnce(&str) -> std::result::Result<F, String>,
    ) -> Result<(DocumentId, String)>
    where
        F: Into<super::register::IssuedFiles>,
    {
        self.issue_numbered(
            (case_id, respondent_id),
            crate::export::documents::DocKind::Notice,
            issued_on,
            make,
        )
    }

    /// A numbered document of one respondent made in the case file — the
    /// 事先告知书 before the decision, the 纠错通知书 after a decision that
    /// opened 纠错 (001 第十八、十九条) — with its 文号, PDF and OFD in one
    /// audited transaction; one of each kind per respondent.
    pub(crate) fn issue_numbered<F: Into<super::register::IssuedFiles>>(
        &mut self,
        (case_id, respondent_id): (CaseId, RespondentId),
        kind: crate::export::documents::DocKind,
        issued_on: jiff::civil::Date,
        make: impl FnOnce(&str) -> std::result::Result<F, String>,
    ) -> Result<(DocumentId, String)> {
        use crate::export::documents::DocKind;
        let code = self.office_code()?;
        self.write_public(|tx, actor| {
            let of_case: Option<CaseId> = tx
                .query_row(
                    "SELECT case_id FROM respondents WHERE id = ?1 AND archived = 0",
                    [respondent_id],
                    |r| r.get(0),
                )
                .optional()?;
            if of_case != Some(case_id) {
                return Err(invalid("此被问责人不属于本案"));
            }
            let decided: Option<(String, String)> = tx
                .query_row(
                    "SELECT doc_no, decided_on FROM decisions WHERE respondent_id = ?1 ORDER BY id LIMIT 1",
                    [respondent_id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            match (kind, decided) {
                (DocKind::Notice, Some((no, _))) => {
                    return Err(StorageError::Invalid(format!(
                        "已作出决定 {no}；事先告知须在作出决定之前"
                    )));
                }
                (DocKind::Correction, None) => {
                    return Err(invalid("尚未作出决定，没有可通知的纠错事项"));
                }
                (DocKind::Correction, Some((_, on))) if issued_on.to_string() < on => {
                    return Err(StorageError::Invalid(format!(
                        "纠错通知书的日期（{issued_on}）不能早于决定日期（{on}）"
                    )));
                }
                _ => {}
            }
            if kind == DocKind::Correction {
                let items: i64 = tx.query_row(
                    "SELECT count(*) FROM follow_ups WHERE respondent_id = ?1 AND kind = ?2 AND archived = 0",
                    params![respondent_id, crate::domain::procedure::FollowUpKind::Correction],
                    |r| r.get(0),
                )?;
                if items == 0 {
                    return Err(invalid("该被问责人没有纠错事项，不能签发纠错通知书"));
                }
            }
            let already: Option<String> = tx
                .query_row(
                    "SELECT doc_no FROM documents WHERE respondent_id = ?1 AND kind = ?2",
                    params![respondent_id, kind.key()],
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(no) = already {
                return Err(StorageError::Invalid(format!(
                    "已签发{} {no}，不再另行签发",
                    kind.label()
                )));
            }
            let doc_no = allocate_in(
                tx,
                actor,
                &code,
                (issued_on.year(), Some(issued_on)),
                kind.key(),
                Some(case_id),
            )?;
            let files = make(&doc_no).map_err(StorageError::Invalid)?.into();
            let id = super::register::insert_document(
                tx,
                actor,
                (case_id, None, Some(respondent_id)),
                kind.key(),
                &doc_no,
                &files,
            )?;
            Ok((id, doc_no))
        })
    }

    /// Whose each document of a case is: (document id, respondent id) — the
    /// decision's respondent, or the one a 事先告知书 names; None for a
    /// document of the whole case.
    pub(crate) fn document_respondents(
        &self,
        case_id: CaseId,
    ) -> Result<Vec<(DocumentId, Option<RespondentId>)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT d.id, COALESCE(d.respondent_id, dec.respondent_id)
               FROM documents d LEFT JOIN decisions dec ON dec.id = d.decision_id
              WHERE d.case_id = ?1 ORDER BY d.id",
        )?;
        let rows = stmt.query_map([case_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Each respondent's procedure state (not archived, in order), as
    /// `RespondentState::derive` reads the register's records.
    pub fn respondent_states(
        &self,
        case_id: CaseId,
    ) -> Result<Vec<(RespondentId, RespondentState)>> {
        Ok(state_facts(&self.conn, case_id)?
            .into_iter()
            .map(|(id, f)| (id, RespondentState::derive(f)))
            .collect())
    }

    /// The case's stage as stored and as the one rule derives it from the
    /// records (`Stage::of_case`); they agree unless the file was edited
    /// outside the program.
    pub fn stage_stored_and_derived(&self, case_id: CaseId) -> Result<(Stage, Stage)> {
        derived_stage(&self.conn, case_id)
    }

    /// The respondents of a case who have a decision.
    pub(crate) fn decided_respondents(&self, case_id: CaseId) -> Result<Vec<RespondentId>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT DISTINCT respondent_id FROM decisions WHERE case_id = ?1 ORDER BY respondent_id",
        )?;
        let rows = stmt.query_map([case_id], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// The respondents of a case who have a 事先告知书.
    pub(crate) fn notified_respondents(&self, case_id: CaseId) -> Result<Vec<RespondentId>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT DISTINCT respondent_id FROM documents
              WHERE case_id = ?1 AND kind = 'notice' AND respondent_id IS NOT NULL
              ORDER BY respondent_id",
        )?;
        let rows = stmt.query_map([case_id], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Deliveries of a case's 事先告知书: (respondent id, date delivered), in order.
    pub(crate) fn notice_deliveries(
        &self,
        case_id: CaseId,
    ) -> Result<Vec<(Option<RespondentId>, Option<jiff::civil::Date>)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT d.respondent_id, dl.delivered_on
               FROM deliveries dl JOIN documents d ON d.id = dl.document_id
              WHERE dl.case_id = ?1 AND dl.archived = 0 AND d.kind = 'notice' ORDER BY dl.id",
        )?;
        let rows = stmt.query_map([case_id], |r| {
            Ok((
                r.get(0)?,
                crate::storage::convert::date(r.get::<_, Option<String>>(1)?.as_deref())?,
            ))
        })?;
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
    pub(crate) fn follow_ups_done(&self, case_id: CaseId) -> Result<Vec<(i64, String)>> {
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
        decision_id: DecisionId,
        kind: RemedyKind,
        applied_on: jiff::civil::Date,
        grounds: &str,
    ) -> Result<i64> {
        if grounds.trim().is_empty() {
            return Err(invalid("请填写申请理由"));
        }
        let grounds = grounds.trim().to_owned();
        self.write_public(|tx, actor| {
            let case_id: CaseId = tx
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
            let (open, revoked): (i64, i64) = tx.query_row(
                "SELECT count(*) FILTER (WHERE outcome IS NULL), count(*) FILTER (WHERE outcome = '撤销')
                   FROM remedies WHERE decision_id = ?1 AND archived = 0",
                [decision_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            if revoked > 0 {
                return Err(invalid("这项决定已被撤销，不能再申请"));
            }
            if open > 0 {
                return Err(invalid("这项决定已有尚未作出结果的复查/申诉申请"));
            }
            tx.execute(
                "INSERT INTO remedies (case_id, decision_id, kind, applied_on, grounds, respondent_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, (SELECT respondent_id FROM decisions WHERE id = ?2))",
                params![
                    case_id,
                    decision_id,
                    kind.label(),
                    applied_on.to_string(),
                    grounds
                ],
            )?;
            let id = tx.last_insert_rowid();
            settle_stage(tx, case_id)?;
            audit(
                tx,
                actor,
                &format!("申请{}", kind.label()),
                "cases",
                Some(case_id.get()),
                "",
                &format!("{applied_on} {grounds}"),
            )?;
            Ok(id)
        })
    }

    /// Record the answer to a 复查/申诉 as `RemedyDecision::plan` says, in
    /// one audited transaction: for a 复查 the bureau's 文号 and the
    /// 复查决定书 `make` builds for it (never a 文号 without its document);
    /// for a 申诉 the other body's answer, no 文号 of ours. 维持 leaves the
    /// original in force; 变更 adds a decision superseding it; 撤销 takes it
    /// out of what counts. Either of the last two ends the respondent's
    /// running consequences. Returns the answer's 文号 (ours or theirs).
    pub(crate) fn decide_remedy(
        &mut self,
        d: &RemedyDecision,
        make: impl FnOnce(&str) -> std::result::Result<super::register::IssuedFiles, String>,
    ) -> Result<String> {
        let d = d.clone();
        let code = self.office_code()?;
        self.write_public(|tx, actor| {
            let (case_id, original, kind, outcome, applied_on): (
                CaseId,
                DecisionId,
                RemedyKind,
                Option<String>,
                String,
            ) = tx
                .query_row(
                    "SELECT case_id, decision_id, kind, outcome, applied_on FROM remedies WHERE id = ?1",
                    [d.remedy_id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
                )
                .optional()?
                .ok_or_else(|| invalid("没有这项复查/申诉"))?;
            if outcome.is_some() {
                return Err(invalid("这项复查/申诉已有结果"));
            }
            let applied_on: jiff::civil::Date = applied_on.parse().map_err(|_| {
                StorageError::Invalid(format!("复查/申诉的申请日期“{applied_on}”记录有误"))
            })?;
            let effect = d.plan(kind, applied_on).map_err(StorageError::Invalid)?;
            let (respondent_id, measures, basis): (RespondentId, String, String) = tx.query_row(
                "SELECT respondent_id, measures, basis FROM decisions WHERE id = ?1",
                [original],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?;
            let answer_no = if effect.our_document {
                allocate_in(
                    tx,
                    actor,
                    &code,
                    (d.decided_on.year(), Some(d.decided_on)),
                    kind.label(),
                    Some(case_id),
                )?
            } else {
                d.answer_doc_no.trim().to_owned()
            };
            let body = if effect.our_document {
                String::new()
            } else {
                d.body.trim().to_owned()
            };
            let new_decision = if effect.new_decision {
                let taken: i64 = tx.query_row(
                    "SELECT count(*) FROM decisions WHERE doc_no = ?1",
                    [&answer_no],
                    |r| r.get(0),
                )?;
                if taken > 0 {
                    return Err(StorageError::Invalid(format!(
                        "文号“{answer_no}”已登记为另一项决定，请核对"
                    )));
                }
                // 复查: the bureau's 复查决定; 申诉: the other body's decision,
                // a 问责 with the changed methods.
                let new_kind = match kind {
                    RemedyKind::Review => crate::domain::procedure::DecisionKind::Review,
                    RemedyKind::Appeal => crate::domain::procedure::DecisionKind::Accountability,
                };
                let methods = crate::storage::convert::json_of(&d.methods)?;
                tx.execute(
                    "INSERT INTO decisions (case_id, respondent_id, kind, doc_no, methods, measures, basis,
                                            departure_reason, decided_on, approved_by, supersedes,
                                            applied_on, reasoning)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                    params![
                        case_id,
                        respondent_id,
                        new_kind,
                        answer_no,
                        methods,
                        measures,
                        basis,
                        format!("{}{}：{}", kind, d.outcome.label(), d.reason.trim()),
                        d.decided_on.to_string(),
                        if body.is_empty() { &d.approved_by } else { &body },
                        original,
                        applied_on.to_string(),
                        d.reason.trim(),
                    ],
                )?;
                let id = tx.last_insert_rowid();
                audit(
                    tx,
                    actor,
                    &format!("{kind}变更决定"),
                    "decisions",
                    Some(id),
                    &original.to_string(),
                    &format!("{answer_no} {}", d.methods.join("、")),
                )?;
                Some(DecisionId::new(id))
            } else {
                None
            };
            if effect.our_document {
                let files = make(&answer_no).map_err(StorageError::Invalid)?;
                super::register::insert_document(
                    tx,
                    actor,
                    (case_id, Some(new_decision.unwrap_or(original)), Some(respondent_id)),
                    crate::export::documents::DocKind::Review.key(),
                    &answer_no,
                    &files,
                )?;
            }
            tx.execute(
                "UPDATE remedies SET outcome = ?1, result_decision_id = ?2, body = ?3, decided_on = ?4,
                                     reason = ?5, answer_doc_no = ?6
                  WHERE id = ?7",
                params![
                    d.outcome.label(),
                    new_decision,
                    body,
                    d.decided_on.to_string(),
                    d.reason.trim(),
                    answer_no,
                    d.remedy_id
                ],
            )?;
            let ended = if effect.revokes || effect.new_decision {
                tx.execute(
                    "UPDATE follow_ups SET status = ?1, done_on = ?2
                      WHERE respondent_id = ?3 AND kind IN (?4, ?5) AND status = '进行中' AND archived = 0",
                    params![
                        format!("因{kind}{}而终止", d.outcome.label()),
                        d.decided_on.to_string(),
                        respondent_id,
                        crate::domain::procedure::FollowUpKind::Ban,
                        crate::domain::procedure::FollowUpKind::Deduction
                    ],
                )?
            } else {
                0
            };
            settle_stage(tx, case_id)?;
            let mut said = vec![if body.is_empty() {
                d.outcome.label().to_owned()
            } else {
                format!("{}（{body}）", d.outcome.label())
            }];
            said.push(d.decided_on.to_string());
            said.extend([answer_no.clone(), d.reason.trim().to_owned()]);
            said.retain(|x| !x.is_empty());
            if ended > 0 {
                said.push(format!("终止后续事项 {ended} 项"));
            }
            audit(
                tx,
                actor,
                &format!("{kind}结果"),
                "cases",
                Some(case_id.get()),
                &original.to_string(),
                &said.join("；"),
            )?;
            super::search::reindex_case(tx, case_id)?;
            Ok(answer_no)
        })
    }

    /// Record a respondent's follow-ups (consequences running until a date,
    /// 纠错 tasks), audited.
    pub fn add_follow_ups(
        &mut self,
        case_id: CaseId,
        respondent_id: RespondentId,
        items: &[crate::domain::procedure::NewFollowUp],
    ) -> Result<()> {
        if items.is_empty() {
            return Ok(());
        }
        let items = items.to_vec();
        self.write_public(|tx, actor| {
            let mut stmt = tx.prepare_cached(
                "INSERT INTO follow_ups (case_id, respondent_id, kind, label, starts_on, ends_on, status, cite)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, '进行中', ?7)",
            )?;
            for f in &items {
                stmt.execute(params![
                    case_id,
                    respondent_id,
                    f.kind,
                    f.label,
                    f.starts_on.to_string(),
                    f.ends_on.to_string(),
                    f.cite
                ])?;
            }
            let list: Vec<String> = items
                .iter()
                .map(|f| format!("{}（{}至{}）", f.label, f.starts_on, f.ends_on))
                .collect();
            audit(
                tx,
                actor,
                "记录后续事项",
                "follow_ups",
                Some(case_id.get()),
                "",
                &list.join("；"),
            )
        })
    }

    /// The labels of a respondent's consequences still running (影响期,
    /// bans), which a 撤销 or 变更 ends.
    pub(crate) fn running_bans(&self, respondent_id: RespondentId) -> Result<Vec<String>> {
        self.running_of(respondent_id, crate::domain::procedure::FollowUpKind::Ban)
    }

    /// The respondent's economic penalties of the year not yet ended.
    pub(crate) fn running_deductions(&self, respondent_id: RespondentId) -> Result<Vec<String>> {
        self.running_of(
            respondent_id,
            crate::domain::procedure::FollowUpKind::Deduction,
        )
    }

    fn running_of(
        &self,
        respondent_id: RespondentId,
        kind: crate::domain::procedure::FollowUpKind,
    ) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT label FROM follow_ups WHERE respondent_id = ?1 AND kind = ?2
                AND status = '进行中' AND archived = 0 ORDER BY id",
        )?;
        let rows = stmt.query_map(params![respondent_id, kind], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<Vec<String>>>()?)
    }

    /// A case's 复查/申诉, in order.
    pub(crate) fn remedies(&self, case_id: CaseId) -> Result<Vec<RemedyRow>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT m.id, m.decision_id, o.doc_no, m.kind, m.applied_on, m.grounds, m.outcome, n.doc_no,
                    COALESCE(m.respondent_id, o.respondent_id), m.body, m.decided_on, m.reason, m.answer_doc_no
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
                respondent_id: r.get(8)?,
                body: r.get(9)?,
                decided_on: r.get(10)?,
                reason: r.get(11)?,
                answer_doc_no: r.get(12)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }
}

/// What each respondent's state rests on, read in one query (respondents
/// not archived, in order). A respondent is served when a document of their
/// decision has been delivered (a 事先告知书 does not count; a delivery
/// recorded at issue names its document).
pub(in crate::storage) fn state_facts(
    conn: &rusqlite::Connection,
    case_id: CaseId,
) -> crate::storage::Result<Vec<(RespondentId, StateFacts)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT r.id,
                c.stage,
                EXISTS (SELECT 1 FROM documents n WHERE n.case_id = c.id AND n.kind = ?2 AND n.respondent_id = r.id),
                EXISTS (SELECT 1 FROM decisions x WHERE x.respondent_id = r.id),
                EXISTS (SELECT 1 FROM decisions x WHERE x.respondent_id = r.id)
                  AND EXISTS (SELECT 1 FROM deliveries v JOIN documents doc ON doc.id = v.document_id
                               LEFT JOIN decisions dd ON dd.id = doc.decision_id
                              WHERE v.case_id = c.id AND v.archived = 0 AND doc.kind <> ?2
                                AND (dd.respondent_id = r.id OR doc.respondent_id = r.id)),
                EXISTS (SELECT 1 FROM remedies m WHERE m.case_id = c.id AND m.archived = 0 AND m.outcome IS NULL
                           AND m.respondent_id = r.id),
                EXISTS (SELECT 1 FROM remedies m WHERE m.case_id = c.id AND m.archived = 0 AND m.outcome IS NOT NULL
                           AND m.respondent_id = r.id),
                EXISTS (SELECT 1 FROM follow_ups f WHERE f.respondent_id = r.id AND f.archived = 0),
                EXISTS (SELECT 1 FROM follow_ups f WHERE f.respondent_id = r.id AND f.archived = 0
                           AND f.status = '进行中')
           FROM respondents r JOIN cases c ON c.id = r.case_id
          WHERE r.case_id = ?1 AND r.archived = 0
          ORDER BY r.id",
    )?;
    let rows = stmt.query_map(
        params![case_id, crate::export::documents::DocKind::Notice],
        |r| {
            let stage: Stage = r.get(1)?;
            Ok((
                r.get(0)?,
                StateFacts {
                    investigated: !stage.is_early(),
                    notified: r.get(2)?,
                    decided: r.get(3)?,
                    served: r.get(4)?,
                    remedy_pending: r.get(5)?,
                    remedy_answered: r.get(6)?,
                    follow_ups: r.get(7)?,
                    follow_ups_running: r.get(8)?,
                },
            ))
        },
    )?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// The case's stage as `Stage::of_case` derives it from what the register
/// holds now (the kind of its open 复查/申诉, else of its latest answered one).
pub(in crate::storage) fn derived_stage(
    conn: &rusqlite::Connection,
    case_id: CaseId,
) -> crate::storage::Result<(Stage, Stage)> {
    let stored: Stage =
        conn.query_row("SELECT stage FROM cases WHERE id = ?1", [case_id], |r| {
            r.get(0)
        })?;
    let facts: Vec<StateFacts> = state_facts(conn, case_id)?
        .into_iter()
        .map(|(_, f)| f)
        .collect();
    let remedy: Option<RemedyKind> = conn
        .query_row(
            "SELECT kind FROM remedies WHERE case_id = ?1 AND archived = 0
              ORDER BY (outcome IS NULL) DESC, id DESC LIMIT 1",
            [case_id],
            |r| r.get(0),
        )
        .optional()?;
    Ok((stored, Stage::of_case(stored, &facts, remedy)))
}

/// The one rule for a decided case's stage: every transition that changes
/// what the stage rests on (a decision, a delivery, a 复查/申诉 and its
/// answer) calls this in its own transaction, before its audit entry, so the
/// stored stage (which the register filters and sorts on) is never other
/// than `Stage::of_case` of the records.
pub(in crate::storage) fn settle_stage(
    tx: &rusqlite::Connection,
    case_id: CaseId,
) -> crate::storage::Result<()> {
    let (stored, derived) = derived_stage(tx, case_id)?;
    if stored != derived {
        tx.execute(
            "UPDATE cases SET stage = ?1 WHERE id = ?2",
            params![derived, case_id],
        )?;
    }
    Ok(())
}
