//! Verifying the audit log: its hash chain, an outside anchor, and the
//! audited rows.

use rusqlite::OptionalExtension;

use super::{AuditFields, audit_hash};
use crate::domain::AuditReport;
use crate::storage::{Result, Storage};

impl Storage {
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
            if crate::storage::audit::stored_digest(&self.conn, id)? != rows_hash {
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
        let (problems, total) = crate::storage::audit::check_rows(&self.conn, 50)?;
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
