//! The case file (案卷): the case's record and everything attached to it,
//! one read each.

use crate::domain::ids::CaseId;
use rusqlite::OptionalExtension;

use super::{DECISION_SELECT, FOLLOW_UP_SELECT, decision_row, follow_up_row};
use crate::domain::procedure::Stage;
use crate::domain::views::{
    AuditRow, CaseFile, DeliveryRow, DocumentRow, EvidenceRow, RespondentRow, SelectionRow,
    StatementRow,
};
use crate::storage::{Result, Storage, StorageError};

/// The audit entries of one case (`?1`): its own rows, the draft that
/// became it (提交审核, 退回, 批准), and the rows of its facts, decisions,
/// documents and selections. Shared by the case file and the archive.
pub(super) const CASE_AUDIT_WHERE: &str =
    "(entity_id = ?1 AND entity IN ('cases', 'reporters', 'team_members', 'evidence',
                                         'statements', 'deliveries', 'doc_numbers', 'follow_ups'))
       OR entity IN (SELECT 'drafts:' || key FROM drafts WHERE case_id = ?1)
       OR (entity = 'facts' AND entity_id IN (SELECT id FROM facts WHERE case_id = ?1))
       OR (entity = 'decisions' AND entity_id IN (SELECT id FROM decisions WHERE case_id = ?1))
       OR (entity = 'documents' AND entity_id IN (SELECT id FROM documents WHERE case_id = ?1))
       OR (entity = 'selections' AND entity_id IN (SELECT id FROM respondents WHERE case_id = ?1))";

/// The `cases` row's columns the case file shows.
type Head = (
    String,
    String,
    bool,
    Stage,
    String,
    String,
    Option<String>,
    bool,
    String,
    Option<String>,
    String,
    bool,
);

impl Storage {
    /// Everything about one case (案卷).
    pub fn case_file(&self, case_id: CaseId) -> Result<CaseFile> {
        let head = self.case_head(case_id)?;
        let mut respondents = self.case_respondent_rows(case_id)?;
        let states = self.respondent_states(case_id)?;
        for r in &mut respondents {
            if let Some((_, state)) = states.iter().find(|(id, _)| *id == r.id) {
                r.state = *state;
            }
        }
        let facts = self.rows(
            "SELECT text FROM facts WHERE case_id = ?1 AND archived = 0 ORDER BY seq",
            case_id,
            |r| r.get(0),
        )?;
        let evidence = self.case_evidence_rows(case_id)?;
        let team = self.rows(
            "SELECT name, duty FROM team_members WHERE case_id = ?1 AND archived = 0 ORDER BY id",
            case_id,
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let statements = self.case_statement_rows(case_id)?;
        let selections = self.case_selection_rows(case_id)?;
        let decisions = self.rows(
            &format!("{} WHERE d.case_id = ?1 ORDER BY d.id", *DECISION_SELECT),
            case_id,
            decision_row,
        )?;
        let documents = self.case_document_rows(case_id)?;
        let deliveries = self.case_delivery_rows(case_id)?;
        let follow_ups = self.rows(
            &format!("{FOLLOW_UP_SELECT} WHERE f.case_id = ?1 AND f.archived = 0 ORDER BY f.id"),
            case_id,
            follow_up_row,
        )?;
        let audit = self.case_audit_rows(case_id)?;
        let (
            case_no,
            regulation_id,
            tolerance_overlay,
            stage,
            clue_source,
            received_on,
            investigation_started_on,
            investigation_extended,
            extension_reason,
            decided_on,
            summary,
            archived,
        ) = head;
        Ok(CaseFile {
            id: case_id,
            case_no,
            regulation_id,
            tolerance_overlay,
            stage,
            clue_source,
            received_on,
            investigation_started_on,
            investigation_extended,
            extension_reason,
            decided_on,
            summary,
            archived,
            reporter_masked: self.reporter_masked(case_id)?,
            respondents,
            facts,
            evidence,
            team,
            statements,
            selections,
            decisions,
            documents,
            deliveries,
            follow_ups,
            audit,
        })
    }

    /// The case's own row; a Chinese refusal for an unknown id.
    fn case_head(&self, case_id: CaseId) -> Result<Head> {
        self.conn
            .query_row(
                "SELECT case_no, regulation_id, tolerance_overlay, stage, clue_source, received_on,
                        investigation_started_on, investigation_extended, extension_reason,
                        decided_on, summary, archived
                   FROM cases WHERE id = ?1",
                [case_id],
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
                        r.get(8)?,
                        r.get(9)?,
                        r.get(10)?,
                        r.get(11)?,
                    ))
                },
            )
            .optional()?
            .ok_or_else(|| StorageError::Invalid(format!("没有编号为 {case_id} 的案件")))
    }

    fn case_respondent_rows(&self, case_id: CaseId) -> Result<Vec<RespondentRow>> {
        self.rows(
            "SELECT r.id, p.id, p.name, r.role, r.unit_at_time, r.post_at_time, r.rank_at_time,
                    p.status, r.dissent_recorded
               FROM respondents r JOIN persons p ON p.id = r.person_id
              WHERE r.case_id = ?1 AND r.archived = 0 ORDER BY r.id",
            case_id,
            |r| {
                Ok(RespondentRow {
                    id: r.get(0)?,
                    person_id: r.get(1)?,
                    name: r.get(2)?,
                    role: r.get(3)?,
                    unit: r.get(4)?,
                    post: r.get(5)?,
                    rank: r.get(6)?,
                    status: r.get(7)?,
                    dissent_recorded: r.get(8)?,
                    state: crate::domain::procedure::RespondentState::Clue,
                })
            },
        )
    }

    fn case_evidence_rows(&self, case_id: CaseId) -> Result<Vec<EvidenceRow>> {
        self.rows(
            "SELECT seq, title, kind, source FROM evidence WHERE case_id = ?1 AND archived = 0 ORDER BY seq",
            case_id,
            |r| {
                Ok(EvidenceRow {
                    seq: r.get(0)?,
                    title: r.get(1)?,
                    kind: r.get(2)?,
                    source: r.get(3)?,
                })
            },
        )
    }

    fn case_statement_rows(&self, case_id: CaseId) -> Result<Vec<StatementRow>> {
        self.rows(
            "SELECT p.name, s.heard_on, s.content, s.adopted, s.respondent_id
               FROM statements s JOIN respondents r ON r.id = s.respondent_id
               JOIN persons p ON p.id = r.person_id
              WHERE s.case_id = ?1 AND s.archived = 0 ORDER BY s.id",
            case_id,
            |r| {
                Ok(StatementRow {
                    respondent_id: r.get(4)?,
                    respondent: r.get(0)?,
                    heard_on: r.get(1)?,
                    content: r.get(2)?,
                    adopted: r.get(3)?,
                })
            },
        )
    }

    fn case_selection_rows(&self, case_id: CaseId) -> Result<Vec<SelectionRow>> {
        self.rows(
            "SELECT p.name, s.regulation_id, s.kind, s.item_id
               FROM selections s JOIN respondents r ON r.id = s.respondent_id
               JOIN persons p ON p.id = r.person_id
              WHERE r.case_id = ?1 AND s.archived = 0 ORDER BY s.id",
            case_id,
            |r| {
                Ok(SelectionRow {
                    respondent: r.get(0)?,
                    regulation_id: r.get(1)?,
                    kind: r.get(2)?,
                    item_id: r.get(3)?,
                })
            },
        )
    }

    fn case_document_rows(&self, case_id: CaseId) -> Result<Vec<DocumentRow>> {
        self.rows(
            "SELECT id, kind, doc_no, title, sha256, length(pdf), created_at, ofd_sha256
               FROM documents WHERE case_id = ?1 ORDER BY id",
            case_id,
            |r| {
                Ok(DocumentRow {
                    id: r.get(0)?,
                    kind: r.get(1)?,
                    doc_no: r.get(2)?,
                    title: r.get(3)?,
                    sha256: r.get(4)?,
                    bytes: r.get(5)?,
                    created_at: r.get(6)?,
                    ofd_sha256: r.get(7)?,
                })
            },
        )
    }

    fn case_delivery_rows(&self, case_id: CaseId) -> Result<Vec<DeliveryRow>> {
        self.rows(
            "SELECT delivered_on, method, recipient, agent, witness
               FROM deliveries WHERE case_id = ?1 AND archived = 0 ORDER BY id",
            case_id,
            |r| {
                Ok(DeliveryRow {
                    delivered_on: r.get(0)?,
                    method: r.get(1)?,
                    recipient: r.get(2)?,
                    agent: r.get(3)?,
                    witness: r.get(4)?,
                })
            },
        )
    }

    /// The audit entries about the case and its records.
    fn case_audit_rows(&self, case_id: CaseId) -> Result<Vec<AuditRow>> {
        self.rows(
            &format!(
                "SELECT id, at, actor, action, entity, after FROM audit_log
                  WHERE {CASE_AUDIT_WHERE} ORDER BY id"
            ),
            case_id,
            |r| {
                Ok(AuditRow {
                    id: r.get(0)?,
                    at: r.get(1)?,
                    actor: r.get(2)?,
                    action: r.get(3)?,
                    entity: r.get(4)?,
                    detail: r.get(5)?,
                })
            },
        )
    }
}
