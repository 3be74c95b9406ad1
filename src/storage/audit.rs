//! Row hashes for the audit log: which rows each audit entry wrote, with
//! each row's hash before and after; a check of every audited table against
//! its last audited state and of each row's history; and the register's
//! protective triggers against the expected schema.
//!
//! Which rows an entry covers is noted only by this connection's own TEMP
//! triggers (`install`): nothing stored in the file, and nothing another
//! program does to the file, can add a row to an entry. A row's hash covers
//! every column of its table (read from `PRAGMA table_info`), so a column a
//! later migration adds is covered without a change here.

use rusqlite::{Connection, OptionalExtension, params};
use sha2::{Digest, Sha256};

use super::{Result, StorageError};

mod check;
mod schema;
mod sign;
#[cfg(test)]
mod tests;

pub(super) use check::check_rows;
pub(super) use schema::schema_problems;
pub(crate) use sign::Signer;
pub(super) use sign::{
    baseline_entry, check_signatures, last_entry, sign_new_entries, signing_baseline,
    signing_columns, user_row_problem,
};

/// An audited table: code (stored in `audit_rows.tbl`), table, Chinese
/// label, and the expression (over `x`) that names a row for the clerk.
pub(super) struct Tracked {
    pub(crate) code: i64,
    pub(crate) table: &'static str,
    pub(crate) label: &'static str,
    pub(crate) name: &'static str,
}

const fn tracked(
    code: i64,
    table: &'static str,
    label: &'static str,
    name: &'static str,
) -> Tracked {
    Tracked {
        code,
        table,
        label,
        name,
    }
}

/// Every audited table, in code order (the order of an entry's digest).
/// Codes 1–5 are those of the first row hashes; never renumber.
pub(super) const TRACKED: [Tracked; 18] = [
    tracked(1, "cases", "案件", "x.case_no"),
    tracked(2, "decisions", "决定", "x.doc_no || '（' || x.kind || '）'"),
    tracked(3, "documents", "文书", "x.title || ' ' || x.doc_no"),
    tracked(4, "doc_numbers", "文号", "x.doc_no"),
    tracked(5, "users", "用户", "x.username || '（' || x.role || '）'"),
    tracked(
        6,
        "respondents",
        "被问责人",
        "(SELECT name FROM persons p WHERE p.id = x.person_id) || '，案件 ' || x.case_id",
    ),
    tracked(7, "persons", "人员", "x.name"),
    tracked(
        8,
        "facts",
        "事实",
        "'案件 ' || x.case_id || ' 第 ' || x.seq || ' 项'",
    ),
    tracked(
        9,
        "evidence",
        "证据",
        "'案件 ' || x.case_id || ' ' || x.title",
    ),
    tracked(10, "statements", "陈述申辩", "'案件 ' || x.case_id"),
    tracked(
        11,
        "deliveries",
        "送达",
        "'案件 ' || x.case_id || ' ' || x.recipient",
    ),
    tracked(12, "remedies", "复查/申诉", "'案件 ' || x.case_id"),
    tracked(
        13,
        "follow_ups",
        "后续事项",
        "'案件 ' || x.case_id || ' ' || x.label",
    ),
    tracked(14, "selections", "所选条目", "x.kind || ' ' || x.item_id"),
    tracked(15, "units", "单位", "x.name"),
    tracked(16, "team_members", "调查组成员", "'案件 ' || x.case_id"),
    tracked(17, "reviews", "审核记录", "x.action || ' ' || x.user_name"),
    tracked(
        sign::USER_KEYS,
        "user_keys",
        "签名密钥",
        "(SELECT username FROM users u WHERE u.id = x.user_id)",
    ),
];

/// The columns the first row hashes covered (codes 1–5), kept only to
/// compute each existing row's "before" hash at the upgrade to row hashes
/// over all columns (`baseline`).
const LEGACY_COLUMNS: [&[&str]; 5] = [
    &[
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
    &[
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
    &[
        "case_id",
        "decision_id",
        "kind",
        "doc_no",
        "title",
        "pdf",
        "sha256",
        "created_at",
    ],
    &[
        "code",
        "year",
        "seq",
        "doc_no",
        "case_id",
        "kind",
        "assigned_at",
    ],
    &[
        "username",
        "display_name",
        "role",
        "password_hash",
        "active",
        "created_at",
    ],
];

/// One row written under one audit entry: table code, rowid, its hash
/// before the entry (`None`: not known — rows of the first row hashes and of
/// tables newly audited at the upgrade; empty: inserted by the entry) and
/// after it.
pub(super) struct RowHash {
    pub(crate) code: i64,
    pub(crate) id: i64,
    pub(crate) before: Option<Vec<u8>>,
    pub(crate) hash: Vec<u8>,
}

fn table_exists(conn: &Connection, table: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM main.sqlite_master WHERE type = 'table' AND name = ?1)",
        )?
        .query_row([table], |r| r.get(0))?)
}

/// Whether a column default as `PRAGMA table_info` gives it is a literal
/// (a value the same at every insert), not an expression such as the time.
fn literal_default(d: &str) -> bool {
    let d = d.trim();
    let quoted = |s: &str| s.len() >= 2 && s.starts_with('\'') && s.ends_with('\'');
    let number = |s: &str| {
        let s = s.strip_prefix('-').unwrap_or(s);
        !s.is_empty() && s.chars().all(|c| c.is_ascii_digit() || c == '.')
    };
    quoted(d)
        || number(d)
        || d.eq_ignore_ascii_case("NULL")
        || ((d.starts_with("X'") || d.starts_with("x'")) && quoted(&d[1..]))
}

/// SQL giving a row's content as one text: every column of `table`, by
/// name order, as `name␟quote(value)` (quote() keeps types and NULLs apart;
/// blobs as hex). A column holding its literal default (NULL where it has
/// none) is left out, so a column a later migration adds with a default
/// leaves the hashes of existing rows as they were. `row` is the row's
/// alias (`x`, `OLD`).
pub(super) fn content_sql(conn: &Connection, table: &str, row: &str) -> Result<String> {
    let mut stmt = conn.prepare(&format!("PRAGMA main.table_info(\"{table}\")"))?;
    let mut columns: Vec<(String, Option<String>)> = stmt
        .query_map([], |r| Ok((r.get(1)?, r.get(4)?)))?
        .collect::<rusqlite::Result<_>>()?;
    if columns.is_empty() {
        return Err(StorageError::Sqlite(format!("找不到数据表“{table}”")));
    }
    columns.sort();
    let parts: Vec<String> = columns
        .iter()
        .map(|(name, default)| {
            let value = format!("{row}.\"{name}\"");
            let item = format!("char(30) || '{name}' || char(31) || quote({value})");
            match default.as_deref() {
                None => format!("CASE WHEN {value} IS NULL THEN '' ELSE {item} END"),
                Some(d) if literal_default(d) => {
                    format!("CASE WHEN {value} IS {d} THEN '' ELSE {item} END")
                }
                Some(_) => item,
            }
        })
        .collect();
    Ok(format!("({})", parts.join(" || ")))
}

/// The first 16 bytes of SHA-256 of a row's content.
pub(super) fn row_hash(content: &str) -> Vec<u8> {
    Sha256::digest(content.as_bytes())[..16].to_vec()
}

/// Create this connection's TEMP list of written rows and the TEMP triggers
/// that fill it (once per connection, after the migrations). They note each
/// row an audited table gets or changes, with the row's content before its
/// first change. TEMP objects live in this connection only: no other
/// program writing the file can add to the list.
pub(super) fn install(conn: &Connection) -> Result<()> {
    let present: bool = conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM temp.sqlite_master WHERE name = 'audit_pending')",
        )?
        .query_row([], |r| r.get(0))?;
    if present {
        return Ok(());
    }
    let mut sql = String::from(
        "CREATE TEMP TABLE audit_pending (
             tbl      INTEGER NOT NULL,
             row_id   INTEGER NOT NULL,
             inserted INTEGER NOT NULL,
             before   TEXT,
             PRIMARY KEY (tbl, row_id)
         ) WITHOUT ROWID;",
    );
    for t in &TRACKED {
        if !table_exists(conn, t.table)? {
            continue;
        }
        let old = content_sql(conn, t.table, "OLD")?;
        let (code, table) = (t.code, t.table);
        sql.push_str(&format!(
            "CREATE TEMP TRIGGER audit_insert_{table} AFTER INSERT ON main.{table}
             BEGIN INSERT OR IGNORE INTO audit_pending VALUES ({code}, NEW.rowid, 1, NULL); END;
             CREATE TEMP TRIGGER audit_update_{table} BEFORE UPDATE ON main.{table}
             BEGIN INSERT OR IGNORE INTO audit_pending VALUES ({code}, OLD.rowid, 0, {old}); END;"
        ));
    }
    conn.execute_batch(&sql)?;
    Ok(())
}

fn digest_row(digest: &mut Sha256, row: &RowHash) {
    digest.update(row.code.to_le_bytes());
    digest.update(row.id.to_le_bytes());
    digest.update(&row.hash);
    // Absent for the first row hashes, whose digests stay as they were.
    if let Some(before) = &row.before {
        digest.update(b"B");
        digest.update((before.len() as u64).to_le_bytes());
        digest.update(before);
    }
}

/// The digest of an entry's rows, chained into its hash ("" when none).
pub(super) fn rows_digest(rows: &[RowHash]) -> String {
    if rows.is_empty() {
        return String::new();
    }
    let mut digest = Sha256::new();
    for row in rows {
        digest_row(&mut digest, row);
    }
    digest
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Hash the rows this connection wrote since its last audit entry (before
/// and after) and clear the list.
pub(super) fn take_pending(conn: &Connection) -> Result<Vec<RowHash>> {
    let any: bool = conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM temp.audit_pending)")?
        .query_row([], |r| r.get(0))?;
    if !any {
        return Ok(Vec::new());
    }
    let mut rows = Vec::new();
    for t in &TRACKED {
        let has: bool = conn
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM temp.audit_pending WHERE tbl = ?1)")?
            .query_row([t.code], |r| r.get(0))?;
        if !has {
            continue;
        }
        // One pass per table over its written rows (a demo batch has tens of
        // thousands). Deletes are refused, so every written row exists.
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT p.row_id, p.inserted, p.before, {content}
               FROM temp.audit_pending p JOIN main.{table} x ON x.rowid = p.row_id
              WHERE p.tbl = ?1 ORDER BY p.row_id",
            content = content_sql(conn, t.table, "x")?,
            table = t.table
        ))?;
        let mut q = stmt.query([t.code])?;
        while let Some(r) = q.next()? {
            let inserted: bool = r.get(1)?;
            let before: Option<String> = r.get(2)?;
            let content: String = r.get(3)?;
            rows.push(RowHash {
                code: t.code,
                id: r.get(0)?,
                before: Some(match (inserted, before) {
                    (false, Some(b)) => row_hash(&b),
                    _ => Vec::new(),
                }),
                hash: row_hash(&content),
            });
        }
    }
    conn.execute("DELETE FROM temp.audit_pending", [])?;
    Ok(rows)
}

/// Store the hashed rows under audit entry `audit_id`.
pub(super) fn store_rows(conn: &Connection, audit_id: i64, rows: &[RowHash]) -> Result<()> {
    let mut ins = conn.prepare_cached(
        "INSERT INTO audit_rows (tbl, row_id, audit_id, hash, before_hash) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for row in rows {
        ins.execute(params![row.code, row.id, audit_id, row.hash, row.before])?;
    }
    Ok(())
}

/// The digest of the rows stored under `audit_id` (to check against the
/// chained `rows_hash`).
pub(super) fn stored_digest(conn: &Connection, audit_id: i64) -> Result<String> {
    let before = if has_before_column(conn)? {
        "before_hash"
    } else {
        "NULL"
    };
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT tbl, row_id, hash, {before} FROM audit_rows WHERE audit_id = ?1 ORDER BY tbl, row_id"
    ))?;
    let rows = stmt
        .query_map([audit_id], |r| {
            Ok(RowHash {
                code: r.get(0)?,
                id: r.get(1)?,
                hash: r.get(2)?,
                before: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows_digest(&rows))
}

fn has_before_column(conn: &Connection) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM pragma_table_info('audit_rows') WHERE name = 'before_hash')",
        )?
        .query_row([], |r| r.get(0))?)
}

/// At the upgrade to row hashes over all columns (inside the migration's
/// transaction): every row of every audited table gets a record under one
/// entry — its hash over all columns, and before it the hash its last audit
/// would give it now (the first row hashes' columns), so that a row changed
/// outside the program before the upgrade stays reported. Rows of tables
/// audited only from now on have no "before".
pub(super) fn baseline(tx: &rusqlite::Transaction<'_>) -> Result<()> {
    if !has_before_column(tx)? {
        tx.execute_batch("ALTER TABLE audit_rows ADD COLUMN before_hash BLOB;")?;
    }
    let any_audited: bool =
        tx.query_row("SELECT EXISTS (SELECT 1 FROM audit_rows)", [], |r| r.get(0))?;
    let mut rows = Vec::new();
    for t in &TRACKED {
        if !table_exists(tx, t.table)? {
            continue;
        }
        let legacy = usize::try_from(t.code - 1)
            .ok()
            .and_then(|i| LEGACY_COLUMNS.get(i))
            .map(|cols| {
                cols.iter()
                    .map(|c| format!("quote(x.{c})"))
                    .collect::<Vec<_>>()
                    .join(" || char(31) || ")
            });
        let mut stmt = tx.prepare(&format!(
            "SELECT x.rowid, {content}, {legacy},
                    EXISTS (SELECT 1 FROM audit_rows a WHERE a.tbl = ?1 AND a.row_id = x.rowid),
                    (SELECT hash FROM audit_rows a WHERE a.tbl = ?1 AND a.row_id = x.rowid
                      ORDER BY a.audit_id DESC LIMIT 1)
               FROM main.{table} x ORDER BY x.rowid",
            content = content_sql(tx, t.table, "x")?,
            legacy = legacy.as_deref().unwrap_or("NULL"),
            table = t.table
        ))?;
        let mut q = stmt.query([t.code])?;
        while let Some(r) = q.next()? {
            let old: Option<String> = r.get(2)?;
            let audited: bool = r.get(3)?;
            let content: String = r.get(1)?;
            let hash = row_hash(&content);
            let last: Option<Vec<u8>> = r.get(4)?;
            if last.as_ref() == Some(&hash) {
                // Already recorded over all columns (the migration run again).
                continue;
            }
            rows.push(RowHash {
                code: t.code,
                id: r.get(0)?,
                // A register never row-audited (all rows were waiting for
                // their first baseline): nothing to compare with.
                before: old.filter(|_| audited || any_audited).map(|o| row_hash(&o)),
                hash: row_hash(&content),
            });
        }
    }
    if rows.is_empty() {
        return Ok(());
    }
    let n = rows.len();
    super::register::audit_with_rows(
        tx,
        "系统",
        "审计基线：升级后每一行的哈希覆盖其全部字段（含各行升级前的哈希）",
        "audit_rows",
        None,
        "",
        &format!("{n} 行"),
        rows,
    )
}

/// Whether row `id` of the audited table `code` is as its last audit
/// recorded it (false for a row no entry wrote).
pub(super) fn row_is_as_audited(conn: &Connection, code: i64, id: i64) -> Result<bool> {
    let Some(t) = TRACKED.iter().find(|t| t.code == code) else {
        return Ok(false);
    };
    if !table_exists(conn, "audit_rows")? {
        return Ok(true);
    }
    let row: Option<(String, Option<Vec<u8>>)> = conn
        .prepare_cached(&format!(
            "SELECT {content},
                    (SELECT hash FROM audit_rows a WHERE a.tbl = ?1 AND a.row_id = x.rowid
                      ORDER BY a.audit_id DESC LIMIT 1)
               FROM main.{table} x WHERE x.rowid = ?2",
            content = content_sql(conn, t.table, "x")?,
            table = t.table
        ))?
        .query_row(params![code, id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    Ok(matches!(row, Some((content, Some(h))) if h == row_hash(&content)))
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
