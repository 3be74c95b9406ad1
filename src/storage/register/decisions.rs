//! Decisions, issued documents and their 文号, and the office's document
//! settings per regulation.

use crate::domain::ids::{CaseId, DecisionId, DocumentId, RespondentId};
use rusqlite::{Connection, params};

use super::{allocate_in, audit, sha256_hex};
pub use crate::domain::record::DocSettings;

use crate::domain::NewDecision;
use crate::domain::procedure::DecisionKind;
use crate::export::documents::DocKind;
use crate::storage::{Result, Storage, StorageError, search};

impl Storage {
    /// Record a decision: allocates its 文号, stores it immutably, moves the
    /// case to 已决定 once every respondent is decided. Returns (decision id, 文号).
    pub fn record_decision(&mut self, d: &NewDecision) -> Result<(DecisionId, String)> {
        let d = d.clone();
        let code = self.office_code()?;
        self.write(|tx, actor| {
            let doc_no = allocate_in(
                tx,
                actor,
                &code,
                (d.decided_on.year(), Some(d.decided_on)),
                d.kind.label(),
                Some(d.case_id),
            )?;
            let methods = crate::storage::convert::json_of(&d.methods)?;
            let measures = crate::storage::convert::json_of(&d.measures)?;
            tx.execute(
                "INSERT INTO decisions (case_id, respondent_id, kind, doc_no, methods, measures, basis,
                                        departure_reason, decided_on, approved_by, supersedes,
                                        precedent_reason)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                params![
                    d.case_id,
                    d.respondent_id,
                    d.kind,
                    doc_no,
                    methods,
                    measures,
                    d.basis,
                    d.departure_reason,
                    d.decided_on.to_string(),
                    d.approved_by,
                    d.supersedes,
                    d.precedent_reason
                ],
            )?;
            let id = tx.last_insert_rowid();
            // A case with several respondents is decided when each of them
            // is: until then its decision date stays (a 复查 or a correction,
            // which supersedes a decision, moves it as before). Its stage is
            // the one rule's (`settle_stage`).
            let first_decisions = d.kind != DecisionKind::Review && d.supersedes.is_none();
            tx.execute(
                "UPDATE cases SET decided_on = ?1, outcome = ?2 WHERE id = ?3
                   AND (?4 = 0 OR NOT EXISTS (
                        SELECT 1 FROM respondents r WHERE r.case_id = ?3 AND r.archived = 0
                           AND NOT EXISTS (SELECT 1 FROM decisions x
                                            WHERE x.respondent_id = r.id AND x.kind <> ?5)))",
                params![
                    d.decided_on.to_string(),
                    d.kind,
                    d.case_id,
                    first_decisions,
                    DecisionKind::Review
                ],
            )?;
            crate::storage::procedure::settle_stage(tx, d.case_id)?;
            audit(
                tx,
                actor,
                "作出决定",
                "decisions",
                Some(id),
                "",
                &decision_audit_text(&doc_no, &d),
            )?;
            search::reindex_case(tx, d.case_id)?;
            Ok((DecisionId::new(id), doc_no))
        })
    }

    /// Store an issued document's exact PDF bytes (no OFD: as a document
    /// issued before OFDs were stored). Returns (id, sha256).
    pub fn store_document(
        &mut self,
        case_id: CaseId,
        decision_id: Option<DecisionId>,
        kind: &str,
        doc_no: &str,
        title: &str,
        pdf: &[u8],
    ) -> Result<(DocumentId, String)> {
        let files = IssuedFiles {
            title: title.to_owned(),
            pdf: pdf.to_vec(),
            ofd: None,
        };
        self.store_issued(case_id, decision_id, kind, doc_no, &files)
    }

    /// Store an issued document's exact bytes, its PDF and OFD, in one
    /// audited transaction. Returns (id, the PDF's sha256).
    pub fn store_issued(
        &mut self,
        case_id: CaseId,
        decision_id: Option<DecisionId>,
        kind: &str,
        doc_no: &str,
        files: &IssuedFiles,
    ) -> Result<(DocumentId, String)> {
        let sha = sha256_hex(&files.pdf);
        self.write(|tx, actor| {
            let id = insert_document(tx, actor, (case_id, decision_id, None), kind, doc_no, files)?;
            Ok((id, sha.clone()))
        })
    }

    /// A stored document's bytes, checked against its SHA-256.
    pub fn document_bytes(&self, id: DocumentId) -> Result<Vec<u8>> {
        let (pdf, sha): (Vec<u8>, String) = self.conn.query_row(
            "SELECT pdf, sha256 FROM documents WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        if sha256_hex(&pdf) != sha {
            return Err(StorageError::Corrupt {
                path: self.path.clone(),
                detail: format!("文书 {id} 的内容与其 SHA-256 不符"),
            });
        }
        Ok(pdf)
    }

    /// A stored document's OFD, checked against its SHA-256; `None` for a
    /// document issued before OFDs were stored.
    pub fn document_ofd(&self, id: DocumentId) -> Result<Option<Vec<u8>>> {
        let (ofd, sha): (Option<Vec<u8>>, Option<String>) = self.conn.query_row(
            "SELECT ofd, ofd_sha256 FROM documents WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        match (ofd, sha) {
            (None, None) => Ok(None),
            (Some(ofd), Some(sha)) if sha256_hex(&ofd) == sha => Ok(Some(ofd)),
            _ => Err(StorageError::Corrupt {
                path: self.path.clone(),
                detail: format!("文书 {id} 的 OFD 与其 SHA-256 不符"),
            }),
        }
    }
}

/// What an issue stores of one document: its title, the PDF and the OFD
/// (OFD-A) written from the same layout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuedFiles {
    pub title: String,
    pub pdf: Vec<u8>,
    /// `None` only where a caller has no OFD to store (as before OFDs were
    /// stored); every issue in the program stores one.
    pub ofd: Option<Vec<u8>>,
}

impl From<(String, Vec<u8>)> for IssuedFiles {
    /// A title and a PDF, without an OFD.
    fn from((title, pdf): (String, Vec<u8>)) -> Self {
        Self {
            title,
            pdf,
            ofd: None,
        }
    }
}

/// Setting keys per regulation.
pub fn doc_setting_key(what: &str, regulation: &str) -> String {
    format!("{what}.{regulation}")
}

impl Storage {
    /// The document settings for `regulation` (see [`DocSettings`]).
    pub fn doc_settings(&self, regulation: &str) -> Result<DocSettings> {
        let get = |what: &str| -> Result<String> {
            Ok(self
                .setting(&doc_setting_key(what, regulation))?
                .unwrap_or_default()
                .trim()
                .to_owned())
        };
        let days = get("statement_days")?;
        let statement_days =
            if days.is_empty() {
                None
            } else {
                Some(days.parse::<u32>().ok().filter(|n| (1..=90).contains(n)).ok_or_else(|| {
                StorageError::Invalid(format!(
                    "设置中规定 {regulation} 的陈述申辩期限“{days}”不是 1–90 之间的工作日数"
                ))
            })?)
            };
        Ok(DocSettings {
            statement_days,
            decider: get("decider")?,
            remedy_body: get("remedy_body")?,
            remedy_period: get("remedy_period")?,
            cc: self.setting("cc")?.unwrap_or_default().trim().to_owned(),
        })
    }

    /// Give a document of a case its own 文号 and 成文日期 (a 告知书 or 纠错通知书),
    /// audited in the same transaction.
    pub fn issue_doc_no(
        &mut self,
        case_id: CaseId,
        kind: DocKind,
        issued_on: jiff::civil::Date,
    ) -> Result<String> {
        let code = self.office_code()?;
        self.write(|tx, actor| {
            allocate_in(
                tx,
                actor,
                &code,
                (issued_on.year(), Some(issued_on)),
                kind.key(),
                Some(case_id),
            )
        })
    }
}

/// Insert an issued document's exact bytes (PDF and, where given, OFD, each
/// with its SHA-256) with its audit entry (in the caller's transaction).
/// `owner` is (case, decision, respondent). Returns the document id.
pub(in crate::storage) fn insert_document(
    tx: &Connection,
    actor: &str,
    owner: (CaseId, Option<DecisionId>, Option<RespondentId>),
    kind: &str,
    doc_no: &str,
    files: &IssuedFiles,
) -> Result<DocumentId> {
    let (case_id, decision_id, respondent_id) = owner;
    let sha = sha256_hex(&files.pdf);
    let ofd_sha = files.ofd.as_deref().map(sha256_hex);
    tx.execute(
        "INSERT INTO documents (case_id, decision_id, kind, doc_no, title, pdf, sha256, respondent_id,
                                ofd, ofd_sha256)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            case_id,
            decision_id,
            kind,
            doc_no,
            files.title,
            files.pdf,
            sha,
            respondent_id,
            files.ofd,
            ofd_sha
        ],
    )?;
    let id = tx.last_insert_rowid();
    let ofd_said = ofd_sha
        .map(|s| format!("，OFD 摘要（SHA-256）{s}"))
        .unwrap_or_default();
    audit(
        tx,
        actor,
        "签发文书",
        "documents",
        Some(id),
        "",
        &format!(
            "{} {doc_no}，PDF 摘要（SHA-256）{sha}{ofd_said}",
            files.title
        ),
    )?;
    Ok(DocumentId::new(id))
}

/// The decision's audit text: 文号, kind and methods, and the reason it
/// stands against its similar decisions where one was recorded.
fn decision_audit_text(doc_no: &str, d: &NewDecision) -> String {
    let mut text = if d.methods.is_empty() {
        format!("{doc_no} {}", d.kind)
    } else {
        format!("{doc_no} {}：{}", d.kind, d.methods.join("、"))
    };
    if !d.precedent_reason.trim().is_empty() {
        text.push_str(&format!("；类案比例说明：{}", d.precedent_reason.trim()));
    }
    text
}
