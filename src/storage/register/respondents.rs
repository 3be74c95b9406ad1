//! A case's respondents: creating a case with all of them (kind, status,
//! recorded dissent, facts and evidence of their own) in one audited
//! transaction, and listing them.

use crate::domain::ids::{CaseId, PersonId, RespondentId};
use rusqlite::params;

use super::{audit, create_case_in};
use crate::domain::procedure::SelectionKind;
use crate::domain::{NewCase, RespondentDetails, RespondentRole};
use crate::storage::{Result, Storage};

/// One respondent of a registered case, as lists name them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseRespondent {
    /// The `respondents` row.
    pub id: RespondentId,
    pub(crate) person_id: PersonId,
    pub(crate) name: String,
    pub role: RespondentRole,
    /// The standing outcome (问责 / 不予问责 / 容错免责; a 复查 that changed
    /// the methods reads 问责, a revoked one 问责（已撤销）), if decided.
    pub decided: Option<String>,
}

impl Storage {
    /// What the clerk selected for a respondent (behaviours, factors,
    /// 容错 items…), in the order chosen.
    pub(crate) fn respondent_selections(
        &self,
        rid: RespondentId,
    ) -> Result<Vec<(SelectionKind, String)>> {
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
    ) -> Result<(CaseId, String, Vec<RespondentId>)> {
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
                    |r| r.get::<_, RespondentId>(0),
                )?);
            }
            for (rid, d) in rids.iter().zip(&details) {
                let kind = if d.kind.is_empty() { "个人" } else { &d.kind };
                let status = if d.status.is_empty() {
                    "在职"
                } else {
                    &d.status
                };
                let (leader, reason) = (d.supervising_leader.trim(), d.tolerance_reason.trim());
                let co_actors = d
                    .co_actors
                    .iter()
                    .map(|s| s.trim())
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join("、");
                tx.execute(
                    "UPDATE respondents SET kind = ?1, status = ?2, dissent_recorded = ?3,
                            supervising_leader = ?4, tolerance_reason = ?5, co_actors = ?6, findings = ?8
                      WHERE id = ?7",
                    params![kind, status, d.dissent_recorded, leader, reason, co_actors, rid, d.findings.to_stored()],
                )?;
                let mut what = format!("{kind}，{status}");
                if d.dissent_recorded {
                    what.push_str("，已表示不同意见（有记录）");
                }
                if !leader.is_empty() {
                    what.push_str(&format!("，分管领导：{leader}"));
                }
                if !reason.is_empty() {
                    what.push_str(&format!("，仍予容错的理由：{reason}"));
                }
                if !co_actors.is_empty() {
                    what.push_str(&format!("，本案以外的共同行为人：{co_actors}"));
                }
                if !d.findings.is_empty() {
                    what.push_str(&format!("，认定：{}", d.findings.describe()));
                }
                audit(
                    tx,
                    actor,
                    "被问责人情况",
                    "respondents",
                    Some(rid.get()),
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
                        audit(tx, actor, action, table, Some(case_id.get()), "", text)?;
                    }
                }
            }
            crate::storage::search::reindex_case(tx, case_id)?;
            Ok((case_id, case_no, rids))
        })
    }

    /// The respondents of a case, in order, with their standing decision.
    pub fn case_respondents(&self, case_id: CaseId) -> Result<Vec<CaseRespondent>> {
        use crate::domain::procedure::{DecisionKind, RemedyOutcome};
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT r.id, p.id, p.name, r.role,
                    (SELECT CASE
                              WHEN d.id IN (SELECT decision_id FROM remedies WHERE outcome = '{revoked}')
                                   OR (d.kind = '{review}' AND d.methods = '[]') THEN '{accountability}（已撤销）'
                              WHEN d.kind = '{review}' THEN '{accountability}'
                              ELSE d.kind END
                       FROM decisions d WHERE d.respondent_id = r.id ORDER BY d.id DESC LIMIT 1)
               FROM respondents r JOIN persons p ON p.id = r.person_id
              WHERE r.case_id = ?1 AND r.archived = 0 ORDER BY r.id",
            revoked = RemedyOutcome::Revoke.label(),
            review = DecisionKind::Review.label(),
            accountability = DecisionKind::Accountability.label(),
        ))?;
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
}
