//! Verifying the audit log: its hash chain, an outside anchor, and the
//! audited rows.

use rusqlite::OptionalExtension;

use super::{AuditFields, audit_hash};
use crate::domain::AuditReport;
use crate::storage::{Result, Storage};

impl Storage {
    /// Recompute the chain; report the first entry that does not match;
    /// then compare every row of the audited tables with its last audited
    /// state and its history; and the protective triggers with the
    /// expected ones.
    pub fn audit_verify(&self) -> Result<AuditReport> {
        self.audit_verify_anchor(None)
    }

    /// The chain head as printed in documents' metadata and reports:
    /// `审计链锚点 N:HASH` ("" on a register without entries).
    pub(crate) fn audit_anchor_text(&self) -> Result<String> {
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
    pub(crate) fn audit_verify_anchor(
        &self,
        anchor: Option<&(i64, String)>,
    ) -> Result<AuditReport> {
        let mut report = self.verify_chain_and_rows(anchor)?;
        let schema = crate::storage::audit::schema_problems(&self.conn)?;
        if !schema.is_empty() {
            report.ok = false;
            report.message.push_str("\n数据库的保护触发器与本程序建立的不符（在本程序之外被改动，受其保护的数据可能已被改写）：");
            for p in &schema {
                report.message.push_str("\n  ");
                report.message.push_str(p);
            }
        }
        Ok(report)
    }

    fn verify_chain_and_rows(&self, anchor: Option<&(i64, String)>) -> Result<AuditReport> {
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
            let entry = Entry::read(r)?;
            let id = entry.id;
            if let Some(problem) = self.entry_problem(&entry, &prev, expected_id)? {
                return Ok(AuditReport::broken(count, id, problem));
            }
            if let Some((n, h)) = anchor
                && *n == id
            {
                anchor_seen = true;
                if *h != entry.hash {
                    return Ok(AuditReport::broken(
                        count,
                        id,
                        format!("第 {id} 条的哈希与锚点不符：审计日志被改写或重算"),
                    ));
                }
            }
            prev = entry.hash;
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
        self.audited_rows_report(count)
    }

    /// What is wrong with one entry of the chain (after `prev`, expected
    /// to be number `expected_id`), if anything.
    fn entry_problem(
        &self,
        e: &Entry,
        prev: &str,
        expected_id: Option<i64>,
    ) -> Result<Option<String>> {
        let id = e.id;
        if let Some(x) = expected_id
            && id != x
        {
            return Ok(Some(format!("第 {x} 条记录缺失（下一条为第 {id} 条）")));
        }
        if e.prev_hash != prev {
            return Ok(Some(format!(
                "第 {id} 条的前序哈希与上一条不符（记录被删除或改动）"
            )));
        }
        let computed = audit_hash(
            prev,
            &AuditFields {
                at: &e.at,
                actor: &e.actor,
                action: &e.action,
                entity: &e.entity,
                entity_id: e.entity_id,
                before: &e.before,
                after: &e.after,
                rows: &e.rows_hash,
            },
        );
        if computed != e.hash {
            return Ok(Some(format!("第 {id} 条内容与其哈希不符（记录被改动）")));
        }
        if crate::storage::audit::stored_digest(&self.conn, id)? != e.rows_hash {
            return Ok(Some(format!("第 {id} 条所记的行哈希被改动或删除")));
        }
        Ok(None)
    }

    /// The chain is whole (`count` entries): check each entry's signature
    /// against its signer's key at that entry, and compare the audited
    /// tables' rows with their last audited state.
    fn audited_rows_report(&self, count: u64) -> Result<AuditReport> {
        let (signatures, signature_total) =
            crate::storage::audit::check_signatures(&self.conn, 50)?;
        let (problems, total) = crate::storage::audit::check_rows(&self.conn, 50)?;
        if total > 0 || signature_total > 0 {
            let mut message = format!("审计日志哈希链完整（共 {count} 条）");
            if signature_total > 0 {
                message.push_str(&format!("，但有 {signature_total} 条记录的签名不能核实："));
                list(&mut message, &signatures, signature_total);
                if total > 0 {
                    message.push_str(&format!("\n另有 {total} 行数据与审计记录不符："));
                }
            } else {
                message.push_str(&format!("，但有 {total} 行数据与审计记录不符："));
            }
            if total > 0 {
                list(&mut message, &problems, total);
            }
            return Ok(AuditReport {
                entries: count,
                ok: false,
                first_bad: None,
                message,
            });
        }
        let baseline = crate::storage::audit::baseline_entry(&self.conn)?;
        let signed = if baseline > 0 {
            format!("第 {baseline} 条（签名起点，升级前的记录未签名）之后每条写入数据的记录")
        } else {
            "每条写入数据的记录".to_owned()
        };
        Ok(AuditReport {
            entries: count,
            ok: true,
            first_bad: None,
            message: format!(
                "审计日志完整，共 {count} 条；{signed}均有操作用户的有效签名；案件、被问责人、人员、事实、证据、决定、文书、文号、送达、复查/申诉、后续事项和用户等各表的每一行均与最后一次审计一致"
            ),
        })
    }
}

/// Append the problems listed (of `total`) to a report's message.
fn list(message: &mut String, problems: &[String], total: usize) {
    for p in problems {
        message.push_str("\n  ");
        message.push_str(p);
    }
    if total > problems.len() {
        message.push_str(&format!("\n  ……另有 {} 处", total - problems.len()));
    }
}

/// One audit entry as stored.
struct Entry {
    id: i64,
    at: String,
    actor: String,
    action: String,
    entity: String,
    entity_id: Option<i64>,
    before: String,
    after: String,
    prev_hash: String,
    hash: String,
    rows_hash: String,
}

impl Entry {
    fn read(r: &rusqlite::Row<'_>) -> rusqlite::Result<Self> {
        Ok(Entry {
            id: r.get(0)?,
            at: r.get(1)?,
            actor: r.get(2)?,
            action: r.get(3)?,
            entity: r.get(4)?,
            entity_id: r.get(5)?,
            before: r.get(6)?,
            after: r.get(7)?,
            prev_hash: r.get(8)?,
            hash: r.get(9)?,
            rows_hash: r.get(10)?,
        })
    }
}
