//! Typed reads and writes of the register. Every write runs in one
//! transaction together with its audit-log entry.

use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};
use sha2::{Digest, Sha256};

use super::search;
use super::{Result, Storage, StorageError};
use crate::domain::{
    AuditReport, CaseListItem, NewCase, NewDecision, NewPerson, PersonRow, Reporter, SearchFilters,
};
use crate::export::documents::{DocDetails, DocKind};
use crate::rules::engine::HistoryRecord;

/// Above this many matches a search is ordered newest first instead of by relevance.
pub const RANK_LIMIT: usize = 1000;

/// Roles that may read a reporter's identity (徐水 第六条(十)).
pub const REPORTER_READERS: [&str; 2] = ["审核人", "管理员"];

fn now_utc() -> String {
    jiff::Timestamp::now()
        .strftime("%Y-%m-%dT%H:%M:%S%.3fZ")
        .to_string()
}

/// The fields of one audit entry that its hash covers.
pub(super) struct AuditFields<'a> {
    pub at: &'a str,
    pub actor: &'a str,
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: Option<i64>,
    pub before: &'a str,
    pub after: &'a str,
    /// Digest of the rows the entry wrote (`audit.rs`); "" for none, and for
    /// entries written before row hashes existed (their hash is unchanged).
    pub rows: &'a str,
}

/// SHA-256 of the audit fields, chained to the previous entry's hash. Each
/// field is length-prefixed so that no two entries hash alike.
pub(super) fn audit_hash(prev: &str, f: &AuditFields<'_>) -> String {
    let mut h = Sha256::new();
    let id = f.entity_id.map(|i| i.to_string()).unwrap_or_default();
    for part in [
        prev, f.at, f.actor, f.action, f.entity, &id, f.before, f.after,
    ] {
        h.update((part.len() as u64).to_le_bytes());
        h.update(part.as_bytes());
    }
    if !f.rows.is_empty() {
        h.update((f.rows.len() as u64).to_le_bytes());
        h.update(f.rows.as_bytes());
    }
    hex(&h.finalize())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// SHA-256 of a document's bytes, hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Append one audit entry inside `tx`.
pub(super) fn audit(
    tx: &Transaction<'_>,
    actor: &str,
    action: &str,
    entity: &str,
    entity_id: Option<i64>,
    before: &str,
    after: &str,
) -> Result<()> {
    let prev: String = tx
        .query_row(
            "SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or_default();
    let at = now_utc();
    // The rows this transaction wrote so far, hashed into this entry.
    let (rows, rows_hash) = super::audit::take_pending(tx)?;
    let hash = audit_hash(
        &prev,
        &AuditFields {
            at: &at,
            actor,
            action,
            entity,
            entity_id,
            before,
            after,
            rows: &rows_hash,
        },
    );
    tx.execute(
        "INSERT INTO audit_log (at, actor, action, entity, entity_id, before, after, prev_hash, hash, rows_hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![at, actor, action, entity, entity_id, before, after, prev, hash, rows_hash],
    )?;
    if !rows.is_empty() {
        super::audit::store_rows(tx, tx.last_insert_rowid(), &rows)?;
    }
    Ok(())
}

/// Audit rows written after the transaction's last audit entry, so that no
/// write of a tracked row leaves the transaction unaudited.
fn audit_rest(tx: &Transaction<'_>, actor: &str) -> Result<()> {
    let pending: i64 = tx.query_row("SELECT count(*) FROM audit_pending", [], |r| r.get(0))?;
    if pending > 0 {
        audit(
            tx,
            actor,
            "同一操作的其余写入",
            "audit_rows",
            None,
            "",
            &format!("{pending} 行"),
        )?;
    }
    Ok(())
}

impl Storage {
    /// Who is acting (recorded in the audit log).
    pub fn set_actor(&mut self, actor: &str) {
        self.actor = actor.to_owned();
    }

    pub fn actor(&self) -> &str {
        &self.actor
    }

    /// For the sibling read/write modules of `storage`.
    pub(super) fn write_public<T>(
        &mut self,
        f: impl FnOnce(&Transaction<'_>, &str) -> Result<T>,
    ) -> Result<T> {
        self.write(f)
    }

    fn write<T>(&mut self, f: impl FnOnce(&Transaction<'_>, &str) -> Result<T>) -> Result<T> {
        let actor = self.actor.clone();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = f(&tx, &actor)?;
        audit_rest(&tx, &actor)?;
        tx.commit()?;
        Ok(out)
    }

    // ------------------------------------------------------------ settings

    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?)
    }

    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<()> {
        let key = key.to_owned();
        let value = value.to_owned();
        self.write(|tx, actor| {
            let before: Option<String> = tx
                .query_row("SELECT value FROM settings WHERE key = ?1", [&key], |r| {
                    r.get(0)
                })
                .optional()?;
            tx.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                params![key, value],
            )?;
            audit(
                tx,
                actor,
                "设置",
                &format!("settings:{key}"),
                None,
                &before.unwrap_or_default(),
                &value,
            )
        })
    }

    /// The office's 机关代字 for 文号 (e.g. 徐环问); default 环问.
    pub fn office_code(&self) -> Result<String> {
        Ok(self
            .setting("office_code")?
            .unwrap_or_else(|| "环问".to_owned()))
    }

    // ------------------------------------------------------------ numbers

    /// Allocate the next number `code〔year〕N号` of `kind`. Sequential per
    /// code and year, never reused; safe across processes (IMMEDIATE
    /// transaction + UNIQUE constraint).
    pub fn allocate_number(
        &mut self,
        code: &str,
        year: i16,
        kind: &str,
        case_id: Option<i64>,
    ) -> Result<String> {
        let code = code.to_owned();
        let kind = kind.to_owned();
        self.write(|tx, actor| allocate_in(tx, actor, &code, year, &kind, case_id))
    }

    // ------------------------------------------------------------ units and persons

    pub fn unit_id(&mut self, name: &str) -> Result<i64> {
        let name = name.trim().to_owned();
        self.write(|tx, actor| unit_in(tx, actor, &name))
    }

    pub fn add_person(&mut self, p: &NewPerson) -> Result<i64> {
        let p = p.clone();
        self.write(|tx, actor| person_in(tx, actor, &p))
    }

    /// Persons whose name starts with `prefix` (search as you type).
    pub fn find_persons(&self, prefix: &str, limit: usize) -> Result<Vec<PersonRow>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT p.id, p.name, p.gender, COALESCE(u.name, ''), p.post, p.rank, p.status
               FROM persons p LEFT JOIN units u ON u.id = p.unit_id
              WHERE p.archived = 0 AND p.name >= ?1 AND p.name < ?1 || char(1114111)
              ORDER BY p.name, p.id LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![prefix.trim(), limit as i64], |r| {
            Ok(PersonRow {
                id: r.get(0)?,
                name: r.get(1)?,
                gender: r.get(2)?,
                unit: r.get(3)?,
                post: r.get(4)?,
                rank: r.get(5)?,
                status: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    // ------------------------------------------------------------ cases

    /// Register a new case (线索登记) with its respondents, facts and reporter.
    pub fn create_case(&mut self, c: &NewCase) -> Result<(i64, String)> {
        let c = c.clone();
        self.write(|tx, actor| create_case_in(tx, actor, &c))
    }

    pub fn set_stage(&mut self, case_id: i64, stage: &str) -> Result<()> {
        let stage = stage.to_owned();
        self.write(|tx, actor| {
            let before: String =
                tx.query_row("SELECT stage FROM cases WHERE id = ?1", [case_id], |r| {
                    r.get(0)
                })?;
            tx.execute(
                "UPDATE cases SET stage = ?1 WHERE id = ?2",
                params![stage, case_id],
            )?;
            audit(
                tx,
                actor,
                "变更阶段",
                "cases",
                Some(case_id),
                &before,
                &stage,
            )
        })
    }

    pub fn archive_case(&mut self, case_id: i64) -> Result<()> {
        self.write(|tx, actor| {
            tx.execute("UPDATE cases SET archived = 1 WHERE id = ?1", [case_id])?;
            audit(tx, actor, "归档", "cases", Some(case_id), "0", "1")
        })
    }

    pub fn add_fact(&mut self, case_id: i64, text: &str) -> Result<i64> {
        let text = text.to_owned();
        self.write(|tx, actor| {
            let seq = next_seq(tx, "facts", case_id)?;
            tx.execute(
                "INSERT INTO facts (case_id, seq, text) VALUES (?1, ?2, ?3)",
                params![case_id, seq, text],
            )?;
            let id = tx.last_insert_rowid();
            audit(tx, actor, "添加事实", "facts", Some(id), "", &text)?;
            search::reindex_case(tx, case_id)?;
            Ok(id)
        })
    }

    /// Record a decision: allocates its 文号, stores it immutably, moves the
    /// case to 已决定. Returns (decision id, 文号).
    pub fn record_decision(&mut self, d: &NewDecision) -> Result<(i64, String)> {
        let d = d.clone();
        let code = self.office_code()?;
        self.write(|tx, actor| {
            let doc_no = allocate_in(tx, actor, &code, d.decided_on.year(), &d.kind, Some(d.case_id))?;
            let methods = serde_json::to_string(&d.methods).unwrap_or_else(|_| "[]".to_owned());
            let measures = serde_json::to_string(&d.measures).unwrap_or_else(|_| "[]".to_owned());
            tx.execute(
                "INSERT INTO decisions (case_id, respondent_id, kind, doc_no, methods, measures, basis,
                                        departure_reason, decided_on, approved_by, supersedes)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
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
                    d.supersedes
                ],
            )?;
            let id = tx.last_insert_rowid();
            tx.execute(
                "UPDATE cases SET decided_on = ?1, stage = '已决定', outcome = ?2 WHERE id = ?3",
                params![d.decided_on.to_string(), d.kind, d.case_id],
            )?;
            audit(
                tx,
                actor,
                "作出决定",
                "decisions",
                Some(id),
                "",
                &format!("{} {} {}", doc_no, d.kind, methods),
            )?;
            search::reindex_case(tx, d.case_id)?;
            Ok((id, doc_no))
        })
    }

    /// Store an issued document's exact bytes. Returns (id, sha256).
    pub fn store_document(
        &mut self,
        case_id: i64,
        decision_id: Option<i64>,
        kind: &str,
        doc_no: &str,
        title: &str,
        pdf: &[u8],
    ) -> Result<(i64, String)> {
        let sha = sha256_hex(pdf);
        let (kind, doc_no, title, pdf) = (
            kind.to_owned(),
            doc_no.to_owned(),
            title.to_owned(),
            pdf.to_vec(),
        );
        self.write(|tx, actor| {
            tx.execute(
                "INSERT INTO documents (case_id, decision_id, kind, doc_no, title, pdf, sha256)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![case_id, decision_id, kind, doc_no, title, pdf, sha],
            )?;
            let id = tx.last_insert_rowid();
            audit(
                tx,
                actor,
                "签发文书",
                "documents",
                Some(id),
                "",
                &format!("{title} {doc_no} sha256={sha}"),
            )?;
            Ok((id, sha.clone()))
        })
    }

    /// A stored document's bytes, checked against its SHA-256.
    pub fn document_bytes(&self, id: i64) -> Result<Vec<u8>> {
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

    // ------------------------------------------------------------ reporter

    /// The reporter's identity, masked (for screens).
    pub fn reporter_masked(&self, case_id: i64) -> Result<Option<String>> {
        let name: Option<String> = self
            .conn
            .query_row(
                "SELECT name FROM reporters WHERE case_id = ?1",
                [case_id],
                |r| r.get(0),
            )
            .optional()?;
        Ok(name.filter(|n| !n.is_empty()).map(|n| mask_name(&n)))
    }

    /// The reporter's full identity, for a role allowed to read it. Every
    /// read (and every refused attempt) is audited.
    pub fn reporter(&mut self, case_id: i64, role: &str) -> Result<Option<Reporter>> {
        let role = role.to_owned();
        if !REPORTER_READERS.contains(&role.as_str()) {
            // The refused attempt is recorded too.
            self.write(|tx, actor| {
                audit(
                    tx,
                    actor,
                    "拒绝查阅举报人信息",
                    "reporters",
                    Some(case_id),
                    "",
                    &format!("角色：{role}"),
                )
            })?;
            return Err(StorageError::Forbidden(format!(
                "角色“{role}”无权查阅举报人信息（仅审核人、管理员可查阅）"
            )));
        }
        self.write(|tx, actor| {
            audit(
                tx,
                actor,
                "查阅举报人信息",
                "reporters",
                Some(case_id),
                "",
                &format!("角色：{role}"),
            )?;
            Ok(tx
                .query_row(
                    "SELECT name, contact, note FROM reporters WHERE case_id = ?1",
                    [case_id],
                    |r| {
                        Ok(Reporter {
                            name: r.get(0)?,
                            contact: r.get(1)?,
                            note: r.get(2)?,
                        })
                    },
                )
                .optional()?)
        })
    }

    // ------------------------------------------------------------ history for the rules engine

    /// Earlier decisions of these persons (by register person id).
    pub fn person_history(&self, person_ids: &[i64]) -> Result<Vec<HistoryRecord>> {
        let mut out = Vec::new();
        let mut stmt = self.conn.prepare_cached(
            "SELECT p.id, p.name, r.unit_at_time, d.doc_no, d.decided_on, c.regulation_id, d.methods, d.kind
               FROM decisions d
               JOIN respondents r ON r.id = d.respondent_id
               JOIN persons p ON p.id = r.person_id
               JOIN cases c ON c.id = d.case_id
              WHERE p.id = ?1
                AND d.id NOT IN (SELECT supersedes FROM decisions WHERE supersedes IS NOT NULL)
              ORDER BY d.decided_on",
        )?;
        for pid in person_ids {
            let rows = stmt.query_map([pid], history_row)?;
            for r in rows {
                if let Some(h) = r? {
                    out.push(h);
                }
            }
        }
        Ok(out)
    }

    /// Decisions against people of `unit` in calendar `year` (000 第八条(二)).
    pub fn unit_history(&self, unit: &str, year: i16) -> Result<Vec<HistoryRecord>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT p.id, p.name, r.unit_at_time, d.doc_no, d.decided_on, c.regulation_id, d.methods, d.kind
               FROM decisions d
               JOIN respondents r ON r.id = d.respondent_id
               JOIN persons p ON p.id = r.person_id
               JOIN cases c ON c.id = d.case_id
              WHERE r.unit_at_time = ?1 AND d.decided_on >= ?2 AND d.decided_on < ?3
                AND d.id NOT IN (SELECT supersedes FROM decisions WHERE supersedes IS NOT NULL)",
        )?;
        let rows = stmt.query_map(
            params![
                unit,
                format!("{year:04}-01-01"),
                format!("{:04}-01-01", year + 1)
            ],
            history_row,
        )?;
        let mut out = Vec::new();
        for r in rows {
            if let Some(h) = r? {
                out.push(h);
            }
        }
        Ok(out)
    }

    // ------------------------------------------------------------ listing and search

    /// One page of the register, newest first.
    pub fn list_page(&self, limit: usize, offset: usize) -> Result<Vec<CaseListItem>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "{LIST_SELECT} WHERE c.archived = 0 ORDER BY c.received_on DESC, c.id DESC LIMIT ?1 OFFSET ?2"
        ))?;
        let rows = stmt.query_map(params![limit as i64, offset as i64], list_row)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Full-text search with filters. Selective queries (fewer than
    /// [`RANK_LIMIT`] matches after filtering) come back best first (FTS5
    /// bm25); broader ones (a common surname, a frequent phrase) newest first,
    /// which keeps every query an index walk that stops early.
    pub fn search(
        &self,
        query: &str,
        filters: &SearchFilters,
        limit: usize,
    ) -> Result<Vec<CaseListItem>> {
        let ids = self.search_ids(query, filters)?;
        self.cases_by_ids(&ids[..ids.len().min(limit)])
    }

    /// The ids of the cases matching `query` and `filters` (at most
    /// [`RANK_LIMIT`]), in the order [`Storage::search`] lists them.
    pub fn search_ids(&self, query: &str, filters: &SearchFilters) -> Result<Vec<i64>> {
        let Some(fts) = search::fts_query(query) else {
            return Ok(Vec::new());
        };
        let mut sql = String::from(
            "SELECT -case_search.rowid, case_search.rank FROM case_search CROSS JOIN cases c ON c.id = -case_search.rowid
              WHERE case_search MATCH ?1 AND c.archived = 0",
        );
        let mut args: Vec<rusqlite::types::Value> = vec![fts.clone().into()];
        sql.push_str(&filter_clause(filters, &mut args));
        // FTS rowids are negated case ids (see search.rs): ascending = newest first.
        sql.push_str(&format!(" ORDER BY case_search.rowid LIMIT {RANK_LIMIT}"));
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut hits: Vec<(i64, f64)> = stmt
            .query_map(rusqlite::params_from_iter(args), |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        if hits.len() < RANK_LIMIT {
            // bm25: lower is better; ties stay newest first (stable sort).
            hits.sort_by(|a, b| a.1.total_cmp(&b.1));
        }
        Ok(hits.into_iter().map(|(id, _)| id).collect())
    }

    /// List rows for these case ids, in the given order.
    pub fn cases_by_ids(&self, ids: &[i64]) -> Result<Vec<CaseListItem>> {
        let list = serde_json::to_string(ids).unwrap_or_else(|_| "[]".to_owned());
        let mut stmt = self.conn.prepare_cached(&format!(
            "{LIST_SELECT} WHERE c.id IN (SELECT value FROM json_each(?1))"
        ))?;
        let mut rows: Vec<CaseListItem> = stmt
            .query_map([list], list_row)?
            .collect::<rusqlite::Result<_>>()?;
        rows.sort_by_key(|r| ids.iter().position(|i| *i == r.id).unwrap_or(usize::MAX));
        Ok(rows)
    }

    // ------------------------------------------------------------ drafts

    pub fn save_draft(
        &mut self,
        key: &str,
        case_id: Option<i64>,
        step: u32,
        data: &str,
    ) -> Result<()> {
        let (key, data) = (key.to_owned(), data.to_owned());
        self.write(|tx, actor| {
            tx.execute(
                "INSERT INTO drafts (key, case_id, step, data, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT(key) DO UPDATE SET case_id = excluded.case_id, step = excluded.step,
                     data = excluded.data, updated_at = excluded.updated_at",
                params![key, case_id, step, data, now_utc()],
            )?;
            audit(tx, actor, "保存草稿", &format!("drafts:{key}"), case_id, "", &format!("第{}步", step + 1))
        })
    }

    /// Save a draft whose reporter (举报人) is kept apart from the raw form
    /// (`data` must not contain it): in `draft_reporters`, never in the
    /// audit text. The draft records its author (the acting user).
    pub fn save_draft_protected(
        &mut self,
        key: &str,
        step: u32,
        data: &str,
        reporter: Option<(&str, &str)>,
    ) -> Result<()> {
        let (key, data) = (key.to_owned(), data.to_owned());
        let reporter = reporter.map(|(n, c)| (n.to_owned(), c.to_owned()));
        self.write(|tx, actor| {
            tx.execute(
                "INSERT INTO drafts (key, case_id, step, data, updated_at, author) VALUES (?1, NULL, ?2, ?3, ?4, ?5)
                 ON CONFLICT(key) DO UPDATE SET step = excluded.step,
                     data = excluded.data, updated_at = excluded.updated_at",
                params![key, step, data, now_utc(), actor],
            )?;
            match &reporter {
                Some((name, contact)) => tx.execute(
                    "INSERT INTO draft_reporters (key, name, contact) VALUES (?1, ?2, ?3)
                     ON CONFLICT(key) DO UPDATE SET name = excluded.name, contact = excluded.contact",
                    params![key, name, contact],
                )?,
                None => tx.execute("DELETE FROM draft_reporters WHERE key = ?1", [&key])?,
            };
            audit(tx, actor, "保存草稿", &format!("drafts:{key}"), None, "", &format!("第{}步", step + 1))
        })
    }

    /// Open a draft for `user`: its author, a reviewer or an administrator
    /// (others are refused, and the refusal audited). Returns the step, the
    /// raw form and the reporter kept apart (its reading audited).
    pub fn open_draft(
        &mut self,
        key: &str,
        user: &crate::domain::auth::User,
    ) -> Result<Option<OpenedDraft>> {
        let row: Option<(u32, String, String)> = self
            .conn
            .query_row(
                "SELECT step, data, author FROM drafts WHERE key = ?1",
                [key],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let Some((step, data, author)) = row else {
            return Ok(None);
        };
        let me = format!("{}（{}）", user.display_name, user.role);
        if !(author == me || author.is_empty() || user.may_issue()) {
            let key = key.to_owned();
            self.write(|tx, actor| {
                audit(
                    tx,
                    actor,
                    "拒绝打开草稿",
                    &format!("drafts:{key}"),
                    None,
                    "",
                    "非草稿作者，且无审核人或管理员权限",
                )
            })?;
            return Err(StorageError::Forbidden(
                "这份草稿只能由其录入人、审核人或管理员打开。已记录此次拒绝。".to_owned(),
            ));
        }
        let reporter: Option<(String, String)> = self
            .conn
            .query_row(
                "SELECT name, contact FROM draft_reporters WHERE key = ?1",
                [key],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        if reporter.is_some() {
            let key = key.to_owned();
            self.write(|tx, actor| {
                audit(
                    tx,
                    actor,
                    "读取举报人信息（草稿）",
                    &format!("drafts:{key}"),
                    None,
                    "",
                    "",
                )
            })?;
        }
        Ok(Some((step, data, reporter)))
    }

    pub fn load_draft(&self, key: &str) -> Result<Option<(u32, String)>> {
        Ok(self
            .conn
            .query_row("SELECT step, data FROM drafts WHERE key = ?1", [key], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?)
    }

    // ------------------------------------------------------------ audit

    /// Recompute the chain; report the first entry that does not match;
    /// then compare decisions, documents, 文号, users and cases with their
    /// last audited state.
    pub fn audit_verify(&self) -> Result<AuditReport> {
        self.audit_verify_anchor(None)
    }

    /// The chain head as printed in documents' metadata and reports:
    /// `审计链锚点 N:HASH` ("" on a register without entries).
    pub fn audit_anchor_text(&self) -> Result<String> {
        Ok(self
            .audit_head()?
            .map(|(n, h)| format!("审计链锚点 {n}:{h}"))
            .unwrap_or_default())
    }

    /// The chain head: (entry number, hash) of the last audit entry.
    pub fn audit_head(&self) -> Result<Option<(i64, String)>> {
        Ok(self
            .conn
            .query_row(
                "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }

    /// [`Self::audit_verify`] against an anchor kept outside the register
    /// (printed in documents, reports and at each backup): entry `N` must
    /// still exist with hash `HASH`, which detects a truncated log and a
    /// recomputed chain.
    pub fn audit_verify_anchor(&self, anchor: Option<&(i64, String)>) -> Result<AuditReport> {
        let mut anchor_seen = false;
        let mut stmt = self.conn.prepare(
            "SELECT id, at, actor, action, entity, entity_id, before, after, prev_hash, hash, rows_hash
               FROM audit_log ORDER BY id",
        )?;
        let mut rows = stmt.query([])?;
        let mut prev = String::new();
        let mut expected_id = None::<i64>;
        let mut count = 0u64;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            let fields: (
                String,
                String,
                String,
                String,
                Option<i64>,
                String,
                String,
                String,
                String,
            ) = (
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
                r.get(8)?,
                r.get(9)?,
            );
            let (at, actor, action, entity, entity_id, before, after, prev_hash, hash) = fields;
            let rows_hash: String = r.get(10)?;
            if let Some(e) = expected_id
                && id != e
            {
                return Ok(AuditReport::broken(
                    count,
                    id,
                    format!("第 {e} 条记录缺失（下一条为第 {id} 条）"),
                ));
            }
            if prev_hash != prev {
                return Ok(AuditReport::broken(
                    count,
                    id,
                    format!("第 {id} 条的前序哈希与上一条不符（记录被删除或改动）"),
                ));
            }
            let computed = audit_hash(
                &prev,
                &AuditFields {
                    at: &at,
                    actor: &actor,
                    action: &action,
                    entity: &entity,
                    entity_id,
                    before: &before,
                    after: &after,
                    rows: &rows_hash,
                },
            );
            if computed != hash {
                return Ok(AuditReport::broken(
                    count,
                    id,
                    format!("第 {id} 条内容与其哈希不符（记录被改动）"),
                ));
            }
            if super::audit::stored_digest(&self.conn, id)? != rows_hash {
                return Ok(AuditReport::broken(
                    count,
                    id,
                    format!("第 {id} 条所记的行哈希被改动或删除"),
                ));
            }
            if let Some((n, h)) = anchor
                && *n == id
            {
                anchor_seen = true;
                if *h != hash {
                    return Ok(AuditReport::broken(
                        count,
                        id,
                        format!("第 {id} 条的哈希与锚点不符：审计日志被改写或重算"),
                    ));
                }
            }
            prev = hash;
            expected_id = Some(id + 1);
            count += 1;
        }
        if let Some((n, _)) = anchor
            && !anchor_seen
        {
            return Ok(AuditReport::broken(
                count,
                *n,
                format!("锚点所指的第 {n} 条审计记录已不存在：审计日志被截断（现有 {count} 条）"),
            ));
        }
        let (problems, total) = super::audit::check_rows(&self.conn, 50)?;
        if total > 0 {
            let mut message =
                format!("审计日志哈希链完整（共 {count} 条），但有 {total} 行数据与审计记录不符：");
            for p in &problems {
                message.push_str("\n  ");
                message.push_str(p);
            }
            if total > problems.len() {
                message.push_str(&format!("\n  ……另有 {} 处", total - problems.len()));
            }
            return Ok(AuditReport {
                entries: count,
                ok: false,
                first_bad: None,
                message,
            });
        }
        Ok(AuditReport {
            entries: count,
            ok: true,
            first_bad: None,
            message: format!(
                "审计日志完整，共 {count} 条；案件、决定、文书、文号和用户均与最后一次审计一致"
            ),
        })
    }
}

pub(super) const LIST_SELECT: &str = "SELECT c.id, c.case_no, c.regulation_id, c.stage, c.received_on, c.decided_on,
        COALESCE((SELECT group_concat(p.name, '、') FROM respondents r JOIN persons p ON p.id = r.person_id
                   WHERE r.case_id = c.id AND r.archived = 0), ''),
        COALESCE((SELECT r.unit_at_time FROM respondents r WHERE r.case_id = c.id ORDER BY r.id LIMIT 1), '')
   FROM cases c";

pub(super) fn list_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<CaseListItem> {
    Ok(CaseListItem {
        id: r.get(0)?,
        case_no: r.get(1)?,
        regulation_id: r.get(2)?,
        stage: r.get(3)?,
        received_on: r.get(4)?,
        decided_on: r.get(5)?,
        respondents: r.get(6)?,
        unit: r.get(7)?,
    })
}

pub(super) fn history_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Option<HistoryRecord>> {
    let decided: String = r.get(4)?;
    let Ok(decided_on) = decided.parse() else {
        return Ok(None);
    };
    let methods: String = r.get(6)?;
    let kind: String = r.get(7)?;
    Ok(Some(HistoryRecord {
        person_id: r.get::<_, i64>(0)?.to_string(),
        name: r.get(1)?,
        unit: r.get(2)?,
        case_no: r.get(3)?,
        decided_on,
        regulation: r.get(5)?,
        methods: serde_json::from_str(&methods).unwrap_or_default(),
        no_accountability: kind != "问责" && kind != "复查",
    }))
}

/// 王建国 → 王**; 欧阳娜娜 → 欧***.
pub fn mask_name(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => format!("{first}{}", "*".repeat(chars.count().max(1))),
        None => String::new(),
    }
}

/// The next sequence number of a case's facts or evidence.
fn next_seq(tx: &Transaction<'_>, table: &str, case_id: i64) -> Result<i64> {
    Ok(tx.query_row(
        &format!("SELECT COALESCE(MAX(seq), 0) + 1 FROM {table} WHERE case_id = ?1"),
        [case_id],
        |r| r.get(0),
    )?)
}

pub(super) fn allocate_in(
    tx: &Transaction<'_>,
    actor: &str,
    code: &str,
    year: i16,
    kind: &str,
    case_id: Option<i64>,
) -> Result<String> {
    let seq: i64 = tx.query_row(
        "SELECT COALESCE(MAX(seq), 0) + 1 FROM doc_numbers WHERE code = ?1 AND year = ?2",
        params![code, year],
        |r| r.get(0),
    )?;
    let doc_no = format!("{code}〔{year}〕{seq}号");
    tx.execute(
        "INSERT INTO doc_numbers (code, year, seq, doc_no, case_id, kind) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![code, year, seq, doc_no, case_id, kind],
    )?;
    audit(
        tx,
        actor,
        "分配文号",
        "doc_numbers",
        case_id,
        "",
        &format!("{doc_no}（{kind}）"),
    )?;
    Ok(doc_no)
}

pub(super) fn unit_in(tx: &Transaction<'_>, actor: &str, name: &str) -> Result<i64> {
    if let Some(id) = tx
        .query_row("SELECT id FROM units WHERE name = ?1", [name], |r| r.get(0))
        .optional()?
    {
        return Ok(id);
    }
    tx.execute("INSERT INTO units (name) VALUES (?1)", [name])?;
    let id = tx.last_insert_rowid();
    audit(tx, actor, "新增单位", "units", Some(id), "", name)?;
    Ok(id)
}

/// A draft opened for its author or a reviewer: step, raw form, and the
/// reporter (name, contact) kept apart from it.
pub type OpenedDraft = (u32, String, Option<(String, String)>);

/// Longest name, unit or post a register row takes (characters).
pub const MAX_NAME_CHARS: usize = 100;
/// Longest summary or fact (characters): far beyond any real one, small
/// enough that searching and laying it out stay quick.
pub const MAX_TEXT_CHARS: usize = 20_000;

/// Refuse oversized input quickly, before any work, in Chinese.
pub fn check_size(what: &str, text: &str, max: usize) -> Result<()> {
    // Counting stops at max + 1: a 10 MB paste is refused in microseconds.
    if text.chars().take(max + 1).count() > max {
        return Err(StorageError::Invalid(format!(
            "{what}过长（超过 {max} 字），未保存。请检查是否误粘贴了大段内容。"
        )));
    }
    Ok(())
}

pub(super) fn person_in(tx: &Transaction<'_>, actor: &str, p: &NewPerson) -> Result<i64> {
    check_size("姓名", &p.name, MAX_NAME_CHARS)?;
    check_size("单位", &p.unit, MAX_NAME_CHARS)?;
    check_size("职务", &p.post, MAX_NAME_CHARS)?;
    let unit_id = if p.unit.trim().is_empty() {
        None
    } else {
        Some(unit_in(tx, actor, p.unit.trim())?)
    };
    tx.execute(
        "INSERT INTO persons (name, gender, id_number, unit_id, post, rank, party_member, status)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            p.name,
            p.gender,
            p.id_number,
            unit_id,
            p.post,
            p.rank,
            p.party_member,
            p.status
        ],
    )
    .map_err(|e| match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::ConstraintViolation) => StorageError::Invalid(format!(
            "身份证号码 {} 已登记在其他人员名下",
            p.id_number.as_deref().unwrap_or("")
        )),
        _ => e.into(),
    })?;
    let id = tx.last_insert_rowid();
    audit(
        tx,
        actor,
        "新增人员",
        "persons",
        Some(id),
        "",
        &format!("{} {} {}", p.name, p.unit, p.post),
    )?;
    Ok(id)
}

fn insert_user_in(
    tx: &Transaction<'_>,
    actor: &str,
    u: &str,
    d: &str,
    r: &str,
    h: &str,
) -> Result<i64> {
    tx.execute(
        "INSERT INTO users (username, display_name, role, password_hash) VALUES (?1, ?2, ?3, ?4)",
        params![u, d, r, h],
    )
    .map_err(|e| match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::ConstraintViolation) => {
            StorageError::Invalid(format!("用户名“{u}”已存在或角色无效"))
        }
        _ => e.into(),
    })?;
    let id = tx.last_insert_rowid();
    audit(
        tx,
        actor,
        "新增用户",
        "users",
        Some(id),
        "",
        &format!("{u} {d} {r}"),
    )?;
    Ok(id)
}

pub(super) fn create_case_in(
    tx: &Transaction<'_>,
    actor: &str,
    c: &NewCase,
) -> Result<(i64, String)> {
    check_size("线索摘要", &c.summary, MAX_TEXT_CHARS)?;
    for f in &c.facts {
        check_size("事实", f, MAX_TEXT_CHARS)?;
    }
    let code: String = tx
        .query_row(
            "SELECT value FROM settings WHERE key = 'office_code'",
            [],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or_else(|| "环问".to_owned());
    let case_no = match &c.case_no {
        Some(n) => n.clone(),
        None => allocate_in(
            tx,
            actor,
            &format!("{code}案"),
            c.received_on.year(),
            "案号",
            None,
        )?,
    };
    tx.execute(
        "INSERT INTO cases (case_no, regulation_id, stage, clue_source, received_on, summary, tolerance_overlay)
         VALUES (?1, ?2, '线索登记', ?3, ?4, ?5, ?6)",
        params![case_no, c.regulation_id, c.clue_source, c.received_on.to_string(), c.summary, c.tolerance_overlay],
    )
    .map_err(|e| match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::ConstraintViolation) => StorageError::Invalid(format!("案号 {case_no} 已存在")),
        _ => e.into(),
    })?;
    let case_id = tx.last_insert_rowid();
    for (person_id, role) in &c.respondents {
        let (unit, post, rank): (String, String, String) = tx.query_row(
            "SELECT COALESCE(u.name, ''), p.post, p.rank FROM persons p LEFT JOIN units u ON u.id = p.unit_id WHERE p.id = ?1",
            [person_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        tx.execute(
            "INSERT INTO respondents (case_id, person_id, role, unit_at_time, post_at_time, rank_at_time)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![case_id, person_id, role, unit, post, rank],
        )?;
    }
    super::search::set_pinyin_key(tx, case_id)?;
    for (i, fact) in c.facts.iter().enumerate() {
        tx.execute(
            "INSERT INTO facts (case_id, seq, text) VALUES (?1, ?2, ?3)",
            params![case_id, i as i64 + 1, fact],
        )?;
    }
    if let Some(r) = &c.reporter {
        tx.execute(
            "INSERT INTO reporters (case_id, name, contact, note) VALUES (?1, ?2, ?3, ?4)",
            params![case_id, r.name, r.contact, r.note],
        )?;
    }
    // The reporter's identity never enters the audit text.
    audit(
        tx,
        actor,
        "登记案件",
        "cases",
        Some(case_id),
        "",
        &format!(
            "{case_no} {} {} {}",
            c.regulation_id, c.received_on, c.summary
        ),
    )?;
    search::reindex_case(tx, case_id)?;
    Ok((case_id, case_no))
}

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

/// The office's own document settings for one regulation (where the text
/// leaves them open): 陈述申辩 period, deciding body, 申诉/复查 body and
/// period; and the office's 抄送 line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocSettings {
    pub statement_days: Option<u32>,
    pub decider: String,
    pub remedy_body: String,
    pub remedy_period: String,
    pub cc: String,
}

/// A 送达 as its 送达回证 records it.
#[derive(Debug, Clone)]
pub struct DeliveryRecord {
    pub document_id: Option<i64>,
    pub delivered_on: jiff::civil::Date,
    /// 直接送达 / 留置送达 / 委托送达 / 邮寄送达 …
    pub method: String,
    pub recipient: String,
    /// 代收人 and the reason.
    pub agent: String,
    /// 留置送达's witness.
    pub witness: String,
    pub note: String,
    /// 送达文书名称及文号, e.g. 问责决定书（徐环问〔2026〕3号）一份.
    pub documents: String,
    pub address: String,
    /// e.g. 10时30分.
    pub served_at: String,
    pub issuer: String,
    pub deliverer: String,
    /// The day the 送达回证 was made (填发).
    pub made_on: Option<jiff::civil::Date>,
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
        case_id: i64,
        kind: DocKind,
        issued_on: jiff::civil::Date,
    ) -> Result<String> {
        let code = self.office_code()?;
        self.write(|tx, actor| {
            let year = issued_on.year();
            let seq: i64 = tx.query_row(
                "SELECT COALESCE(MAX(seq), 0) + 1 FROM doc_numbers WHERE code = ?1 AND year = ?2",
                params![code, year],
                |r| r.get(0),
            )?;
            let doc_no = format!("{code}〔{year}〕{seq}号");
            tx.execute(
                "INSERT INTO doc_numbers (code, year, seq, doc_no, case_id, kind, issued_on) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![code, year, seq, doc_no, case_id, kind.key(), issued_on.to_string()],
            )?;
            audit(
                tx,
                actor,
                "分配文号",
                "doc_numbers",
                Some(case_id),
                "",
                &format!("{doc_no}（{}，{}）", kind.label(), issued_on),
            )?;
            Ok(doc_no)
        })
    }
}

impl Storage {
    /// Gather a case (first respondent) for assessment and export.
    pub fn case_export(&self, case_id: i64) -> Result<CaseExport> {
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
        let mut sel = self.conn.prepare_cached(
            "SELECT kind, item_id FROM selections WHERE respondent_id = ?1 AND archived = 0 ORDER BY id",
        )?;
        let selections: Vec<(String, String)> = sel
            .query_map([rid], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let pick = |k: &str| -> Vec<String> {
            selections
                .iter()
                .filter(|(kind, _)| kind == k)
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
                   FROM deliveries WHERE case_id = ?1 AND archived = 0 ORDER BY id DESC LIMIT 1",
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
        let mut behaviours = pick("behaviour");
        if behaviours.is_empty()
            && let Some((_, _, _, _, _)) = &decision
        {
            // Demo decisions record the behaviour in `basis`.
            let basis: Option<String> = self
                .conn
                .query_row(
                    "SELECT basis FROM decisions WHERE case_id = ?1 ORDER BY id LIMIT 1",
                    [case_id],
                    |r| r.get(0),
                )
                .optional()?;
            behaviours.extend(basis.filter(|b| b.starts_with('B')));
        }
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
            "SELECT label FROM follow_ups WHERE case_id = ?1 AND kind = '纠错' AND archived = 0 ORDER BY id",
        )?;
        let corrections: Vec<String> = fu_stmt
            .query_map([case_id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let stage: String =
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
                factors: pick("factor"),
                overlay_factors: pick("overlay_factor"),
                tolerance_situations: pick("tolerance_situation"),
                tolerance_conditions: pick("tolerance_condition"),
                impact: !pick("impact").is_empty(),
                severity: pick("severity").into_iter().next(),
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
            stage,
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

impl Storage {
    /// The respondent rows of a case, in order.
    pub fn respondent_ids(&self, case_id: i64) -> Result<Vec<i64>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id FROM respondents WHERE case_id = ?1 ORDER BY id")?;
        let ids = stmt
            .query_map([case_id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(ids)
    }

    /// Record what the clerk selected for a respondent (behaviours, factors,
    /// 容错 items, severity, impact): `(kind, item id)` pairs.
    pub fn add_selections(
        &mut self,
        respondent_id: i64,
        regulation: &str,
        items: &[(String, String)],
    ) -> Result<()> {
        let (regulation, items) = (regulation.to_owned(), items.to_vec());
        self.write(|tx, actor| {
            for (kind, item) in &items {
                tx.execute(
                    "INSERT INTO selections (respondent_id, regulation_id, kind, item_id) VALUES (?1, ?2, ?3, ?4)",
                    params![respondent_id, regulation, kind, item],
                )?;
            }
            let list: Vec<String> = items.iter().map(|(k, i)| format!("{k}:{i}")).collect();
            audit(tx, actor, "认定情节", "selections", Some(respondent_id), "", &list.join(" "))
        })
    }

    /// Add an evidence item, a team member or a 陈述申辩 record.
    pub fn add_evidence(&mut self, case_id: i64, title: &str) -> Result<()> {
        let title = title.to_owned();
        self.write(|tx, actor| {
            let seq = next_seq(tx, "evidence", case_id)?;
            tx.execute(
                "INSERT INTO evidence (case_id, seq, title) VALUES (?1, ?2, ?3)",
                params![case_id, seq, title],
            )?;
            audit(tx, actor, "添加证据", "evidence", Some(case_id), "", &title)
        })
    }

    pub fn add_team_member(&mut self, case_id: i64, name: &str) -> Result<()> {
        let name = name.to_owned();
        self.write(|tx, actor| {
            tx.execute(
                "INSERT INTO team_members (case_id, name) VALUES (?1, ?2)",
                params![case_id, name],
            )?;
            audit(
                tx,
                actor,
                "添加调查组成员",
                "team_members",
                Some(case_id),
                "",
                &name,
            )
        })
    }

    pub fn add_statement(
        &mut self,
        case_id: i64,
        respondent_id: i64,
        heard_on: &str,
        content: &str,
    ) -> Result<()> {
        self.add_statement_adopted(case_id, respondent_id, heard_on, content, "")
    }

    /// A 陈述申辩 record with whether its requests were adopted and why.
    pub fn add_statement_adopted(
        &mut self,
        case_id: i64,
        respondent_id: i64,
        heard_on: &str,
        content: &str,
        adopted: &str,
    ) -> Result<()> {
        let (heard_on, content, adopted) =
            (heard_on.to_owned(), content.to_owned(), adopted.to_owned());
        self.write(|tx, actor| {
            tx.execute(
                "INSERT INTO statements (case_id, respondent_id, heard_on, content, adopted) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![case_id, respondent_id, heard_on, content, adopted],
            )?;
            audit(tx, actor, "记录陈述申辩", "statements", Some(case_id), "", &content)
        })
    }

    /// Investigation start, extension and its reason.
    pub fn set_investigation(
        &mut self,
        case_id: i64,
        started_on: &str,
        extended: bool,
        reason: &str,
    ) -> Result<()> {
        let (started_on, reason) = (started_on.to_owned(), reason.to_owned());
        self.write(|tx, actor| {
            tx.execute(
                "UPDATE cases SET investigation_started_on = ?1, investigation_extended = ?2, extension_reason = ?3 WHERE id = ?4",
                params![started_on, extended, reason, case_id],
            )?;
            audit(tx, actor, "调查期限", "cases", Some(case_id), "", &format!("{started_on} 延长:{extended} {reason}"))
        })
    }

    /// Record a delivery (送达).
    /// Record a 送达 with what its 送达回证 prints (送达文书及文号, 地点, 方式,
    /// 时间, 代收人, 见证人, 填发人, 送达人, 填发日期), audited.
    pub fn add_delivery_record(&mut self, case_id: i64, d: &DeliveryRecord) -> Result<()> {
        let d = d.clone();
        if d.recipient.trim().is_empty() {
            return Err(StorageError::Invalid("送达记录缺少受送达人".to_owned()));
        }
        self.write(|tx, actor| {
            tx.execute(
                "INSERT INTO deliveries (case_id, document_id, delivered_on, method, recipient, agent, witness, note,
                                         doc_no, address, served_at, issuer, deliverer, made_on)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
                params![
                    case_id,
                    d.document_id,
                    d.delivered_on.to_string(),
                    d.method,
                    d.recipient,
                    d.agent,
                    d.witness,
                    d.note,
                    d.documents,
                    d.address,
                    d.served_at,
                    d.issuer,
                    d.deliverer,
                    d.made_on.map(|x| x.to_string())
                ],
            )?;
            tx.execute("UPDATE cases SET stage = '已送达' WHERE id = ?1", [case_id])?;
            audit(
                tx,
                actor,
                "送达",
                "deliveries",
                Some(case_id),
                "",
                &format!("{} {} {} {}", d.delivered_on, d.method, d.recipient, d.documents),
            )
        })
    }

    pub fn add_delivery(
        &mut self,
        case_id: i64,
        document_id: Option<i64>,
        delivered_on: &str,
        recipient: &str,
    ) -> Result<()> {
        let (delivered_on, recipient) = (delivered_on.to_owned(), recipient.to_owned());
        self.write(|tx, actor| {
            tx.execute(
                "INSERT INTO deliveries (case_id, document_id, delivered_on, recipient) VALUES (?1, ?2, ?3, ?4)",
                params![case_id, document_id, delivered_on, recipient],
            )?;
            tx.execute("UPDATE cases SET stage = '已送达' WHERE id = ?1", [case_id])?;
            audit(tx, actor, "送达", "deliveries", Some(case_id), "", &format!("{delivered_on} {recipient}"))
        })
    }

    /// Drafts in progress (key, step, updated).
    pub fn drafts(&self) -> Result<Vec<(String, u32, String)>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT key, step, updated_at FROM drafts WHERE case_id IS NULL ORDER BY updated_at DESC")?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Mark a draft as finished (it stays, linked to its case).
    pub fn finish_draft(&mut self, key: &str, case_id: i64) -> Result<()> {
        let key = key.to_owned();
        self.write(|tx, actor| {
            tx.execute(
                "UPDATE drafts SET case_id = ?1 WHERE key = ?2",
                params![case_id, key],
            )?;
            audit(
                tx,
                actor,
                "草稿完成",
                &format!("drafts:{key}"),
                Some(case_id),
                "",
                "",
            )
        })
    }
}

impl Storage {
    /// How many active users there are (0 = first run: create the admin).
    pub fn user_count(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM users WHERE active = 1", [], |r| {
                r.get(0)
            })?)
    }

    /// Add a user with an Argon2id hash (computed by the caller).
    pub fn add_user(
        &mut self,
        username: &str,
        display_name: &str,
        role: &str,
        password_hash: &str,
    ) -> Result<i64> {
        let (u, d, r, h) = (
            username.trim().to_owned(),
            display_name.trim().to_owned(),
            role.to_owned(),
            password_hash.to_owned(),
        );
        self.write(|tx, actor| insert_user_in(tx, actor, &u, &d, &r, &h))
    }

    /// The first administrator of a register with no users (first start).
    /// The count is checked inside the creating transaction, so a register
    /// whose users could not be read at start (busy) never gets a second,
    /// unasked-for administrator.
    pub fn add_first_admin(
        &mut self,
        username: &str,
        display_name: &str,
        password_hash: &str,
    ) -> Result<i64> {
        let (u, d, h) = (
            username.trim().to_owned(),
            display_name.trim().to_owned(),
            password_hash.to_owned(),
        );
        self.write(|tx, actor| {
            let users: i64 = tx.query_row("SELECT count(*) FROM users", [], |r| r.get(0))?;
            if users > 0 {
                return Err(StorageError::Invalid(
                    "本数据库已有用户，不能再创建首个管理员；请用已有账号登录".to_owned(),
                ));
            }
            insert_user_in(tx, actor, &u, &d, "管理员", &h)
        })
    }

    /// Check a login; every attempt is audited. `Ok(None)` = wrong name or password.
    pub fn login(
        &mut self,
        username: &str,
        password: &str,
    ) -> Result<Option<crate::domain::auth::User>> {
        let user = self.check_credentials(username, password)?;
        let username = username.trim().to_owned();
        let ok = user.is_some();
        self.write(|tx, _| {
            audit(
                tx,
                &username,
                if ok { "登录" } else { "登录失败" },
                "users",
                None,
                "",
                "",
            )
        })?;
        if let Some(u) = &user {
            self.actor = format!("{}（{}）", u.display_name, u.role);
        }
        Ok(user)
    }

    /// Check a user's password without writing anything (for a backup read
    /// before it is restored).
    pub fn check_credentials(
        &self,
        username: &str,
        password: &str,
    ) -> Result<Option<crate::domain::auth::User>> {
        let username = username.trim().to_owned();
        let row: Option<(i64, String, String, String)> = self
            .conn
            .query_row(
                "SELECT id, display_name, role, password_hash FROM users WHERE username = ?1 AND active = 1",
                [&username],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?;
        Ok(row.and_then(|(id, display_name, role, hash)| {
            crate::domain::auth::verify_password(password, &hash).then(|| {
                crate::domain::auth::User {
                    id,
                    username: username.clone(),
                    display_name,
                    role,
                }
            })
        }))
    }

    /// Record an action refused for lack of a role.
    pub fn audit_refusal(&mut self, action: &str, detail: &str) -> Result<()> {
        let (action, detail) = (action.to_owned(), detail.to_owned());
        self.write(|tx, actor| audit(tx, actor, &action, "permissions", None, "", &detail))
    }
}

/// `AND …` conditions for the register's filters, appending their values to
/// `args` (numbered after those already there).
pub(super) fn filter_clause(
    filters: &SearchFilters,
    args: &mut Vec<rusqlite::types::Value>,
) -> String {
    let mut sql = String::new();
    if let Some(y) = filters.year {
        sql.push_str(&format!(
            " AND c.received_on >= ?{} AND c.received_on < ?{}",
            args.len() + 1,
            args.len() + 2
        ));
        args.push(format!("{y:04}-01-01").into());
        args.push(format!("{:04}-01-01", y + 1).into());
    }
    for (col, value) in [
        ("c.stage", &filters.stage),
        ("c.regulation_id", &filters.regulation),
    ] {
        if let Some(v) = value {
            sql.push_str(&format!(" AND {col} = ?{}", args.len() + 1));
            args.push(v.clone().into());
        }
    }
    if let Some(unit) = &filters.unit {
        sql.push_str(&format!(
            " AND c.id IN (SELECT r2.case_id FROM respondents r2 WHERE r2.unit_at_time = ?{})",
            args.len() + 1
        ));
        args.push(unit.clone().into());
    }
    if let Some(pid) = filters.person_id {
        sql.push_str(&format!(
            " AND c.id IN (SELECT r3.case_id FROM respondents r3 WHERE r3.person_id = ?{})",
            args.len() + 1
        ));
        args.push(pid.into());
    }
    sql
}
