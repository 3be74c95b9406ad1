//! Row hashes for the audit log: which rows each audit entry wrote, and a
//! check of the register's decisions, documents, 文号, users and cases
//! against their last audited state (see `schema_audit_rows.sql`).

use rusqlite::{Connection, params};
use sha2::{Digest, Sha256};

use super::Result;

/// A table whose rows are hashed: code, table, Chinese label, audited
/// columns (fixed here, so a later column does not change old hashes), and
/// the expression that names a row for the clerk.
pub(super) struct Tracked {
    pub(crate) code: i64,
    pub(crate) table: &'static str,
    pub(crate) label: &'static str,
    pub(crate) columns: &'static [&'static str],
    pub(crate) name: &'static str,
}

pub(super) const TRACKED: [Tracked; 5] = [
    Tracked {
        code: 1,
        table: "cases",
        label: "案件",
        columns: &[
            "case_no",
            "regulation_id",
            "stage",
            "clue_source",
            "received_on",
            "summary",
            "decided_on",
            "archived",
            "tolerance_overlay",
            "outcome",
        ],
        name: "case_no",
    },
    Tracked {
        code: 2,
        table: "decisions",
        label: "决定",
        columns: &[
            "case_id",
            "respondent_id",
            "kind",
            "doc_no",
            "methods",
            "measures",
            "basis",
            "departure_reason",
            "decided_on",
            "approved_by",
            "supersedes",
            "created_at",
        ],
        name: "doc_no || '（' || kind || '）'",
    },
    Tracked {
        code: 3,
        table: "documents",
        label: "文书",
        columns: &[
            "case_id",
            "decision_id",
            "kind",
            "doc_no",
            "title",
            "pdf",
            "sha256",
            "created_at",
        ],
        name: "title || ' ' || doc_no",
    },
    Tracked {
        code: 4,
        table: "doc_numbers",
        label: "文号",
        columns: &[
            "code",
            "year",
            "seq",
            "doc_no",
            "case_id",
            "kind",
            "assigned_at",
        ],
        name: "doc_no",
    },
    Tracked {
        code: 5,
        table: "users",
        label: "用户",
        columns: &[
            "username",
            "display_name",
            "role",
            "password_hash",
            "active",
            "created_at",
        ],
        name: "username || '（' || role || '）'",
    },
];

/// (table code, rowid, 16-byte hash) of one audited row.
pub(super) type RowHash = (i64, i64, Vec<u8>);

/// SQL giving each row's audited content as one text (quote() keeps types
/// and NULLs apart; blobs as hex).
fn content_sql(t: &Tracked) -> String {
    let cols: Vec<String> = t.columns.iter().map(|c| format!("quote({c})")).collect();
    format!("{} ", cols.join(" || char(31) || "))
}

fn row_hash(content: &str) -> Vec<u8> {
    Sha256::digest(content.as_bytes())[..16].to_vec()
}

/// Hash every pending row, clear the pending list; returns the rows and the
/// digest that goes into the audit entry's chained hash ("" when none).
pub(super) fn take_pending(conn: &Connection) -> Result<(Vec<RowHash>, String)> {
    let any: bool = conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM audit_pending)")?
        .query_row([], |r| r.get(0))?;
    if !any {
        return Ok((Vec::new(), String::new()));
    }
    let mut rows = Vec::new();
    let mut digest = Sha256::new();
    for t in &TRACKED {
        // One pass per table over its pending rows (a demo batch has tens of
        // thousands). A pending row that no longer exists cannot happen
        // (deletes are refused) and is simply not hashed.
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT p.row_id, {content} FROM audit_pending p JOIN {table} x ON x.rowid = p.row_id
              WHERE p.tbl = ?1 ORDER BY p.row_id",
            content = content_sql(t),
            table = t.table
        ))?;
        let mut q = stmt.query([t.code])?;
        while let Some(r) = q.next()? {
            let id: i64 = r.get(0)?;
            let content: String = r.get(1)?;
            let hash = row_hash(&content);
            digest.update(t.code.to_le_bytes());
            digest.update(id.to_le_bytes());
            digest.update(&hash);
            rows.push((t.code, id, hash));
        }
    }
    conn.execute("DELETE FROM audit_pending", [])?;
    if rows.is_empty() {
        return Ok((rows, String::new()));
    }
    let hex: String = digest
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    Ok((rows, hex))
}

/// Store the hashed rows under audit entry `audit_id`.
pub(super) fn store_rows(
    conn: &Connection,
    audit_id: i64,
    rows: &[(i64, i64, Vec<u8>)],
) -> Result<()> {
    let mut ins = conn.prepare_cached(
        "INSERT INTO audit_rows (tbl, row_id, audit_id, hash) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (code, id, hash) in rows {
        ins.execute(params![code, id, audit_id, hash])?;
    }
    Ok(())
}

/// The digest of the rows stored under `audit_id` (to check against the
/// chained `rows_hash`).
pub(super) fn stored_digest(conn: &Connection, audit_id: i64) -> Result<String> {
    let mut stmt = conn.prepare_cached(
        "SELECT tbl, row_id, hash FROM audit_rows WHERE audit_id = ?1 ORDER BY tbl, row_id",
    )?;
    let mut rows = stmt.query([audit_id])?;
    let mut digest = Sha256::new();
    let mut any = false;
    while let Some(r) = rows.next()? {
        any = true;
        let (code, id, hash): (i64, i64, Vec<u8>) = (r.get(0)?, r.get(1)?, r.get(2)?);
        digest.update(code.to_le_bytes());
        digest.update(id.to_le_bytes());
        digest.update(&hash);
    }
    if !any {
        return Ok(String::new());
    }
    Ok(digest
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

/// Compare every row of the tracked tables with its last audited hash.
/// Problems are named in Chinese; at most `max` are listed.
pub(super) fn check_rows(conn: &Connection, max: usize) -> Result<(Vec<String>, usize)> {
    let mut problems = Vec::new();
    let mut total = 0usize;
    let mut note = |p: String, problems: &mut Vec<String>| {
        total += 1;
        if problems.len() < max {
            problems.push(p);
        }
    };
    let has_tables: bool = conn.query_row(
        "SELECT count(*) = 2 FROM sqlite_schema WHERE name IN ('audit_rows', 'audit_pending')",
        [],
        |r| r.get(0),
    )?;
    if !has_tables {
        return Ok((problems, 0));
    }
    for t in &TRACKED {
        // Current rows with their last audited hash (NULL = never audited).
        let sql = format!(
            "SELECT x.rowid, {content}, COALESCE({name}, ''),
                    (SELECT hash FROM audit_rows a WHERE a.tbl = ?1 AND a.row_id = x.rowid ORDER BY a.audit_id DESC LIMIT 1),
                    (SELECT audit_id FROM audit_rows a WHERE a.tbl = ?1 AND a.row_id = x.rowid ORDER BY a.audit_id DESC LIMIT 1),
                    EXISTS (SELECT 1 FROM audit_pending p WHERE p.tbl = ?1 AND p.row_id = x.rowid)
               FROM {table} x ORDER BY x.rowid",
            content = content_sql(t),
            name = t.name,
            table = t.table
        );
        let mut stmt = conn.prepare(&sql)?;
        let mut rows = stmt.query([t.code])?;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            let content: String = r.get(1)?;
            let name: String = r.get(2)?;
            let audited: Option<Vec<u8>> = r.get(3)?;
            let entry: Option<i64> = r.get(4)?;
            let pending: bool = r.get(5)?;
            let who = format!("{} 第 {id} 条（{name}）", t.label);
            match audited {
                None => note(
                    format!("{who}没有审计记录（在本程序之外写入）"),
                    &mut problems,
                ),
                Some(h) if h != row_hash(&content) => note(
                    format!(
                        "{who}与最后一次审计（第 {} 条）时的内容不符（在本程序之外被改动）",
                        entry.unwrap_or(0)
                    ),
                    &mut problems,
                ),
                Some(_) if pending => note(
                    format!("{who}在审计之外被写入（内容与审计相同，但写入未记入审计日志）"),
                    &mut problems,
                ),
                Some(_) => {}
            }
        }
        // Audited rows that are gone.
        let sql = format!(
            "SELECT DISTINCT a.row_id, (SELECT max(audit_id) FROM audit_rows b WHERE b.tbl = a.tbl AND b.row_id = a.row_id)
               FROM audit_rows a WHERE a.tbl = ?1
                AND NOT EXISTS (SELECT 1 FROM {table} x WHERE x.rowid = a.row_id)",
            table = t.table
        );
        let mut stmt = conn.prepare(&sql)?;
        let gone: Vec<(i64, i64)> = stmt
            .query_map([t.code], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (id, entry) in gone {
            note(
                format!(
                    "{} 第 {id} 条已不存在（最后一次审计为第 {entry} 条；记录被删除）",
                    t.label
                ),
                &mut problems,
            );
        }
    }
    Ok((problems, total))
}

/// Open the `users_guard` trigger for one user's role/password/active change
/// inside an audited write (the trigger refuses such changes otherwise).
pub(super) fn allow_user_change(conn: &Connection, id: i64) -> Result<()> {
    conn.execute(
        "INSERT OR IGNORE INTO users_change_allowed (id) VALUES (?1)",
        [id],
    )?;
    Ok(())
}

/// Close it again (same transaction).
pub(super) fn end_user_change(conn: &Connection, id: i64) -> Result<()> {
    conn.execute("DELETE FROM users_change_allowed WHERE id = ?1", [id])?;
    Ok(())
}
