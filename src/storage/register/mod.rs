//! Typed reads and writes of the register. Every write runs in one
//! transaction together with its audit-log entry. This file holds the
//! shared parts (the audit entry, the write transaction, settings, 文号
//! allocation, input size limits); each submodule owns one kind of record.

mod case_record;
mod cases;
mod decisions;
mod drafts;
mod history;
mod persons;
mod precedents;
mod queries;
mod reporter;
mod respondents;
mod statements;
mod users;
mod verify;

pub(in crate::storage) use cases::create_case_in;
pub(in crate::storage) use decisions::insert_document;
pub use decisions::{DocSettings, IssuedFiles, doc_setting_key};
pub(in crate::storage) use history::{HISTORY_COLUMNS, HOLDS_ACCOUNTABLE, STANDING, history_row};
pub(in crate::storage) use persons::person_in;
pub use precedents::PRECEDENT_LIMIT;
pub use queries::RANK_LIMIT;
pub(in crate::storage) use queries::{LIST_SELECT, filter_clause, list_row};
pub use reporter::{REPORTER_READERS, mask_name};
pub use respondents::CaseRespondent;
pub use statements::DeliveryRecord;
pub(in crate::storage) use users::{insert_demo_user, set_key_in};

use crate::domain::ids::CaseId;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use sha2::{Digest, Sha256};

use super::{Result, Storage, StorageError};
use crate::storage::audit::Signer;

fn now_utc() -> String {
    jiff::Timestamp::now()
        .strftime("%Y-%m-%dT%H:%M:%S%.3fZ")
        .to_string()
}

/// The fields of one audit entry that its hash covers.
pub(super) struct AuditFields<'a> {
    pub(crate) at: &'a str,
    pub(crate) actor: &'a str,
    pub(crate) action: &'a str,
    pub(crate) entity: &'a str,
    pub(crate) entity_id: Option<i64>,
    pub(crate) before: &'a str,
    pub(crate) after: &'a str,
    /// Digest of the rows the entry wrote (`audit.rs`); "" for none, and for
    /// entries written before row hashes existed (their hash is unchanged).
    pub(crate) rows: &'a str,
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

/// Append one audit entry inside `tx`, covering the rows this connection
/// wrote since its last entry (and only those).
pub(super) fn audit(
    tx: &Connection,
    actor: &str,
    action: &str,
    entity: &str,
    entity_id: Option<i64>,
    before: &str,
    after: &str,
) -> Result<()> {
    let rows = crate::storage::audit::take_pending(tx)?;
    audit_with_rows(tx, actor, action, entity, entity_id, before, after, rows)
}

/// Append one audit entry covering `rows` (hashed by `storage::audit`).
#[allow(clippy::too_many_arguments)]
pub(in crate::storage) fn audit_with_rows(
    tx: &Connection,
    actor: &str,
    action: &str,
    entity: &str,
    entity_id: Option<i64>,
    before: &str,
    after: &str,
    rows: Vec<crate::storage::audit::RowHash>,
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
    let rows_hash = crate::storage::audit::rows_digest(&rows);
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
        crate::storage::audit::store_rows(tx, tx.last_insert_rowid(), &rows)?;
    }
    Ok(())
}

/// Audit rows written after the transaction's last audit entry, so that no
/// write of an audited row leaves the transaction unaudited.
fn audit_rest(tx: &Connection, actor: &str) -> Result<()> {
    let pending: i64 = tx.query_row("SELECT count(*) FROM temp.audit_pending", [], |r| r.get(0))?;
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

/// Rolls an act back unless it committed (an error, a failed commit, a
/// panic inside the act).
struct ActGuard<'a>(&'a mut Storage);

impl Drop for ActGuard<'_> {
    fn drop(&mut self) {
        self.0.in_act = false;
        if !self.0.conn.is_autocommit() {
            // Nothing to report to: the act's own error is already on its
            // way to the caller, and a failed rollback leaves SQLite to
            // roll the transaction back when the connection closes.
            if let Err(e) = self.0.conn.execute_batch("ROLLBACK") {
                eprintln!("登记簿操作未能回滚：{}", crate::zh::sqlite(&e));
            }
        }
    }
}

impl Storage {
    /// Who is acting: the name recorded in the audit log. It signs nothing:
    /// a write of rows needs a signed-in user's key (`login`).
    pub fn set_actor(&mut self, actor: &str) {
        self.actor = actor.to_owned();
    }

    pub(crate) fn actor(&self) -> &str {
        &self.actor
    }

    /// Whether someone is signed in (their key signs what is written).
    pub fn is_signed_in(&self) -> bool {
        self.signer.is_some()
    }

    /// Sign out: nothing more is signed until someone signs in again.
    pub(crate) fn sign_out(&mut self) {
        self.actor.clear();
        self.signer = None;
    }

    /// For the sibling read/write modules of `storage`.
    pub(super) fn write_public<T>(
        &mut self,
        f: impl FnOnce(&Connection, &str) -> Result<T>,
    ) -> Result<T> {
        self.write(f)
    }

    /// One audited write: its own IMMEDIATE transaction, or, inside an act
    /// (`act`), a part of the act's transaction. Its entries are signed by
    /// the signed-in user before it commits (an act's, when the act
    /// commits); without one, a write of data rows is refused.
    fn write<T>(&mut self, f: impl FnOnce(&Connection, &str) -> Result<T>) -> Result<T> {
        self.write_signing(f, |_| None)
    }

    /// [`Self::write`], where what `f` wrote may name who signs it
    /// (`then`: the first administrator signs their own creation).
    pub(in crate::storage) fn write_signing<T>(
        &mut self,
        f: impl FnOnce(&Connection, &str) -> Result<T>,
        then: impl FnOnce(&T) -> Option<Signer>,
    ) -> Result<T> {
        if !self.in_act {
            self.ensure_sound()?;
        }
        if let Some(problem) = &self.tampered {
            return Err(StorageError::Forbidden(format!(
                "数据库的保护结构在本程序之外被改动（{problem}），本程序不再向其中写入。请运行“wenze audit verify”查看详情，并由管理员从备份恢复。"
            )));
        }
        crate::storage::audit::install(&self.conn)?;
        let actor = self.actor.clone();
        if self.in_act {
            let out = f(&self.conn, &actor)?;
            audit_rest(&self.conn, &actor)?;
            if let Some(signer) = then(&out) {
                self.signer = Some(signer);
            }
            return Ok(out);
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let since = crate::storage::audit::last_entry(&tx)?;
        let out = f(&tx, &actor)?;
        audit_rest(&tx, &actor)?;
        if let Some(signer) = then(&out) {
            self.signer = Some(signer);
        }
        crate::storage::audit::sign_new_entries(&tx, self.signer.as_ref(), since)?;
        tx.commit()?;
        Ok(out)
    }

    /// One act of the procedure (审批签发 of a whole case, …) as one
    /// IMMEDIATE transaction: every write `f` makes through this storage
    /// joins it, with its audit entry, and the act is committed whole or
    /// rolled back whole — an error from `f`, a failed commit or a panic
    /// leaves the register as it was. Acts do not nest.
    pub fn act<T, E: From<StorageError>>(
        &mut self,
        f: impl FnOnce(&mut Storage) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        if self.in_act {
            return Err(StorageError::Invalid("内部错误：登记簿操作不能嵌套".to_owned()).into());
        }
        self.ensure_sound()?;
        self.conn
            .execute_batch("BEGIN IMMEDIATE")
            .map_err(StorageError::from)?;
        let guard = ActGuard(self);
        let since = crate::storage::audit::last_entry(&guard.0.conn)?;
        guard.0.in_act = true;
        let out = f(guard.0);
        guard.0.in_act = false;
        match out {
            Ok(v) => {
                crate::storage::audit::sign_new_entries(
                    &guard.0.conn,
                    guard.0.signer.as_ref(),
                    since,
                )?;
                guard
                    .0
                    .conn
                    .execute_batch("COMMIT")
                    .map_err(StorageError::from)?;
                std::mem::forget(guard);
                Ok(v)
            }
            // The guard rolls the act back.
            Err(e) => Err(e),
        }
    }

    // ------------------------------------------------------------ settings

    /// 机关名称 as the administrator set it (首次使用, 设置), trimmed; None
    /// while unset. The one reading of it: documents, reports and previews
    /// never print a default in its place.
    pub fn office_name(&self) -> Result<Option<String>> {
        Ok(self
            .setting("office_name")?
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty()))
    }

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
    pub(crate) fn office_code(&self) -> Result<String> {
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
        case_id: Option<CaseId>,
    ) -> Result<String> {
        let code = code.to_owned();
        let kind = kind.to_owned();
        self.write(|tx, actor| allocate_in(tx, actor, &code, (year, None), &kind, case_id))
    }
}

/// The next sequence number of a case's facts or evidence.
fn next_seq(tx: &Connection, table: &str, case_id: CaseId) -> Result<i64> {
    Ok(tx.query_row(
        &format!("SELECT COALESCE(MAX(seq), 0) + 1 FROM {table} WHERE case_id = ?1"),
        [case_id],
        |r| r.get(0),
    )?)
}

/// Allocate the next 文号 of `code` in `year` (dated `issued_on` when the
/// document's date is known) inside the caller's transaction, audited: the
/// one place a 文号 is made.
pub(in crate::storage) fn allocate_in(
    tx: &Connection,
    actor: &str,
    code: &str,
    (year, issued_on): (i16, Option<jiff::civil::Date>),
    kind: &str,
    case_id: Option<CaseId>,
) -> Result<String> {
    let seq: i64 = tx.query_row(
        "SELECT COALESCE(MAX(seq), 0) + 1 FROM doc_numbers WHERE code = ?1 AND year = ?2",
        params![code, year],
        |r| r.get(0),
    )?;
    let doc_no = format!("{code}〔{year}〕{seq}号");
    tx.execute(
        "INSERT INTO doc_numbers (code, year, seq, doc_no, case_id, kind, issued_on)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            code,
            year,
            seq,
            doc_no,
            case_id,
            kind,
            issued_on.map(|d| d.to_string())
        ],
    )?;
    let dated = issued_on.map(|d| format!("，{d}")).unwrap_or_default();
    // The audit text says what the number is for in words (a document
    // kind's key is stored, its title shown).
    let what = crate::export::documents::DocKind::parse(kind)
        .map(|k| k.label().to_owned())
        .unwrap_or_else(|_| kind.to_owned());
    audit(
        tx,
        actor,
        "分配文号",
        "doc_numbers",
        case_id.map(CaseId::get),
        "",
        &format!("{doc_no}（{what}{dated}）"),
    )?;
    Ok(doc_no)
}

/// Longest name, unit or post a register row takes (characters).
pub(crate) const MAX_NAME_CHARS: usize = 100;
/// Longest summary or fact (characters): far beyond any real one, small
/// enough that searching and laying it out stay quick.
pub(crate) const MAX_TEXT_CHARS: usize = 20_000;

/// Refuse oversized input quickly, before any work, in Chinese.
pub(crate) fn check_size(what: &str, text: &str, max: usize) -> Result<()> {
    // Counting stops at max + 1: a 10 MB paste is refused in microseconds.
    if text.chars().take(max + 1).count() > max {
        return Err(StorageError::Invalid(format!(
            "{what}过长（超过 {max} 字），未保存。请检查是否误粘贴了大段内容。"
        )));
    }
    Ok(())
}
