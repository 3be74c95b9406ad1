//! What a case's archive (`app::archive`) reads: every issued document with
//! its stored bytes checked against their SHA-256, and the case's audit
//! entries with their chain hashes.

use super::case_file::CASE_AUDIT_WHERE;
use crate::domain::ids::{CaseId, DocumentId};
use crate::domain::views::{ArchivedDocument, AuditEntry};
use crate::storage::register::sha256_hex;
use crate::storage::{Result, Storage};

/// A `documents` row as read: id, kind, 文号, title, respondent, date, PDF,
/// its SHA-256, OFD, its SHA-256.
type DocRow = (
    DocumentId,
    String,
    String,
    String,
    Option<String>,
    String,
    Option<Vec<u8>>,
    String,
    Option<Vec<u8>>,
    Option<String>,
);

impl Storage {
    /// Every issued document of a case in date order (then issue order),
    /// with its stored PDF and OFD; what is missing or does not match its
    /// SHA-256 is named in `problem`.
    pub fn archived_documents(&self, case_id: CaseId) -> Result<Vec<ArchivedDocument>> {
        let rows: Vec<DocRow> = self.rows(
            "SELECT d.id, d.kind, d.doc_no, d.title, p.name,
                    COALESCE(n.issued_on, dec.decided_on, substr(d.created_at, 1, 10)) AS day,
                    d.pdf, d.sha256, d.ofd, d.ofd_sha256
               FROM documents d
               LEFT JOIN decisions dec ON dec.id = d.decision_id
               LEFT JOIN respondents r ON r.id = COALESCE(d.respondent_id, dec.respondent_id)
               LEFT JOIN persons p ON p.id = r.person_id
               LEFT JOIN doc_numbers n ON n.doc_no = d.doc_no AND d.doc_no <> ''
              WHERE d.case_id = ?1
              ORDER BY day, d.id",
            case_id,
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
                ))
            },
        )?;
        Ok(rows.into_iter().map(checked).collect())
    }

    /// The case's audit entries (as the case file lists them), in chain
    /// order, with each entry's hash and the one before it.
    pub fn case_audit_entries(&self, case_id: CaseId) -> Result<Vec<AuditEntry>> {
        self.rows(
            &format!(
                "SELECT id, at, actor, action, entity, entity_id, after, prev_hash, hash
                   FROM audit_log WHERE {CASE_AUDIT_WHERE} ORDER BY id"
            ),
            case_id,
            |r| {
                Ok(AuditEntry {
                    id: r.get(0)?,
                    at: r.get(1)?,
                    actor: r.get(2)?,
                    action: r.get(3)?,
                    entity: r.get(4)?,
                    entity_id: r.get(5)?,
                    detail: r.get(6)?,
                    prev_hash: r.get(7)?,
                    hash: r.get(8)?,
                })
            },
        )
    }
}

/// The row with its bytes checked: a PDF that is empty or differs from its
/// SHA-256 is missing; an OFD that differs from its own is damaged.
fn checked(row: DocRow) -> ArchivedDocument {
    let (id, kind, doc_no, title, respondent, date, pdf, sha, ofd, ofd_sha) = row;
    let mut problems = Vec::new();
    let pdf = match pdf {
        Some(b) if !b.is_empty() && sha256_hex(&b) == sha => Some(b),
        Some(b) if !b.is_empty() => {
            problems.push("存档的 PDF 与签发时记录的 SHA-256 不符");
            None
        }
        _ => {
            problems.push("存档的 PDF 缺失");
            None
        }
    };
    let ofd = match (ofd, ofd_sha) {
        (None, None) => None,
        (Some(b), Some(s)) if sha256_hex(&b) == s => Some(b),
        _ => {
            problems.push("存档的 OFD 与签发时记录的 SHA-256 不符");
            None
        }
    };
    ArchivedDocument {
        id,
        kind,
        doc_no,
        title,
        respondent,
        date,
        pdf,
        ofd,
        problem: (!problems.is_empty()).then(|| problems.join("，")),
    }
}
