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

use std::collections::BTreeMap;
use std::sync::OnceLock;

use rusqlite::{Connection, OptionalExtension, params};
use sha2::{Digest, Sha256};

use super::{Result, StorageError};

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
pub(super) const TRACKED: [Tracked; 17] = [
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
        return Err(StorageError::Sqlite(format!("找不到数据表 {table}")));
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

/// Problems found, at most `max` of them listed, all counted.
struct Problems {
    list: Vec<String>,
    total: usize,
    max: usize,
}

impl Problems {
    fn listing(&self) -> bool {
        self.list.len() < self.max
    }

    fn note(&mut self, p: impl FnOnce() -> String) {
        self.total += 1;
        if self.listing() {
            self.list.push(p());
        }
    }
}

/// One stored row record: (row, entry, before, hash).
struct Record {
    row_id: i64,
    audit_id: i64,
    before: Option<Vec<u8>>,
    hash: Vec<u8>,
}

fn read_record(rows: &mut rusqlite::Rows<'_>) -> Result<Option<Record>> {
    Ok(match rows.next()? {
        Some(r) => Some(Record {
            row_id: r.get(0)?,
            audit_id: r.get(1)?,
            before: r.get(2)?,
            hash: r.get(3)?,
        }),
        None => None,
    })
}

/// The records of the next row (in row order).
fn next_group(
    rows: &mut rusqlite::Rows<'_>,
    peek: &mut Option<Record>,
) -> Result<Option<(i64, Vec<Record>)>> {
    let Some(first) = peek.take() else {
        return Ok(None);
    };
    let id = first.row_id;
    let mut group = vec![first];
    loop {
        match read_record(rows)? {
            Some(r) if r.row_id == id => group.push(r),
            other => {
                *peek = other;
                return Ok(Some((id, group)));
            }
        }
    }
}

fn next_row(rows: &mut rusqlite::Rows<'_>) -> Result<Option<(i64, String)>> {
    Ok(match rows.next()? {
        Some(r) => Some((r.get(0)?, r.get(1)?)),
        None => None,
    })
}

/// How one row is named in a problem: `案件 第 3 条（…）`.
fn who(conn: &Connection, t: &Tracked, id: i64) -> Result<String> {
    let name: Option<String> = conn
        .prepare_cached(&format!(
            "SELECT COALESCE({name}, '') FROM main.{table} x WHERE x.rowid = ?1",
            name = t.name,
            table = t.table
        ))?
        .query_row([id], |r| r.get(0))
        .optional()?;
    Ok(match name {
        Some(n) if !n.is_empty() => format!("{} 第 {id} 条（{n}）", t.label),
        _ => format!("{} 第 {id} 条", t.label),
    })
}

/// [`who`], only while problems are still listed (a register with a
/// million unaudited rows counts them without a query each).
fn name_if_listed(conn: &Connection, t: &Tracked, id: i64, problems: &Problems) -> Result<String> {
    if problems.listing() {
        who(conn, t, id)
    } else {
        Ok(String::new())
    }
}

/// A row's history: each entry's "before" must be the previous entry's
/// "after"; a row's first entry inserted it.
fn check_history(
    conn: &Connection,
    t: &Tracked,
    id: i64,
    records: &[Record],
    problems: &mut Problems,
) -> Result<()> {
    for (i, r) in records.iter().enumerate() {
        let Some(before) = &r.before else { continue };
        let n = r.audit_id;
        let problem = match i.checked_sub(1).and_then(|j| records.get(j)) {
            None if before.is_empty() => None,
            None => Some(format!(
                "在第 {n} 条审计之前已在本程序之外写入（该条记下的改动前内容没有审计记录）"
            )),
            Some(prev) if before.is_empty() => Some(format!(
                "在第 {} 条审计之后被删除，第 {n} 条又写入了同一行",
                prev.audit_id
            )),
            Some(prev) if *before != prev.hash => Some(format!(
                "在第 {} 条与第 {n} 条审计之间在本程序之外被改动（第 {n} 条记下的改动前内容与第 {} 条审计时不符）",
                prev.audit_id, prev.audit_id
            )),
            Some(_) => None,
        };
        if let Some(p) = problem {
            let name = name_if_listed(conn, t, id, problems)?;
            problems.note(|| format!("{name}{p}"));
        }
    }
    Ok(())
}

/// Compare every row of the audited tables with its last audited hash, and
/// each row's history of entries. Problems are named in Chinese; at most
/// `max` are listed. One pass over each table and its records, both in row
/// order.
pub(super) fn check_rows(conn: &Connection, max: usize) -> Result<(Vec<String>, usize)> {
    let mut problems = Problems {
        list: Vec::new(),
        total: 0,
        max,
    };
    if !table_exists(conn, "audit_rows")? {
        return Ok((problems.list, 0));
    }
    let before = if has_before_column(conn)? {
        "before_hash"
    } else {
        "NULL"
    };
    for t in &TRACKED {
        if !table_exists(conn, t.table)? {
            continue;
        }
        let mut current = conn.prepare(&format!(
            "SELECT x.rowid, {content} FROM main.{table} x ORDER BY x.rowid",
            content = content_sql(conn, t.table, "x")?,
            table = t.table
        ))?;
        let mut records = conn.prepare(&format!(
            "SELECT row_id, audit_id, {before}, hash FROM audit_rows WHERE tbl = ?1 ORDER BY row_id, audit_id"
        ))?;
        let mut rows = current.query([])?;
        let mut recs = records.query([t.code])?;
        let mut peek = read_record(&mut recs)?;
        let mut group = next_group(&mut recs, &mut peek)?;
        let mut row = next_row(&mut rows)?;
        loop {
            let row_id = row.as_ref().map(|r| r.0);
            let group_id = group.as_ref().map(|g| g.0);
            match (row_id, group_id) {
                (None, None) => break,
                (Some(id), Some(gid)) if id == gid => {
                    if let (Some((_, content)), Some((_, recs))) = (&row, &group) {
                        check_history(conn, t, id, recs, &mut problems)?;
                        if let Some(last) = recs.last()
                            && last.hash != row_hash(content)
                        {
                            let name = name_if_listed(conn, t, id, &problems)?;
                            problems.note(|| {
                                format!(
                                    "{name}与最后一次审计（第 {} 条）时的内容不符（在本程序之外被改动）",
                                    last.audit_id
                                )
                            });
                        }
                    }
                    group = next_group(&mut recs, &mut peek)?;
                    row = next_row(&mut rows)?;
                }
                (Some(id), Some(gid)) if gid > id => {
                    let name = name_if_listed(conn, t, id, &problems)?;
                    problems.note(|| format!("{name}没有审计记录（在本程序之外写入）"));
                    row = next_row(&mut rows)?;
                }
                (Some(id), None) => {
                    let name = name_if_listed(conn, t, id, &problems)?;
                    problems.note(|| format!("{name}没有审计记录（在本程序之外写入）"));
                    row = next_row(&mut rows)?;
                }
                (_, Some(gid)) => {
                    if let Some((_, recs)) = &group {
                        check_history(conn, t, gid, recs, &mut problems)?;
                        let last = recs.last().map_or(0, |r| r.audit_id);
                        problems.note(|| {
                            format!(
                                "{} 第 {gid} 条已不存在（最后一次审计为第 {last} 条；记录被删除）",
                                t.label
                            )
                        });
                    }
                    group = next_group(&mut recs, &mut peek)?;
                }
            }
        }
    }
    Ok((problems.list, problems.total))
}

/// The register's schema objects that protect it (triggers), by name: SQL.
type Triggers = BTreeMap<String, String>;

fn triggers(conn: &Connection) -> Result<Triggers> {
    let mut stmt = conn.prepare(
        "SELECT name, COALESCE(sql, '') FROM main.sqlite_master WHERE type = 'trigger' ORDER BY name",
    )?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<Triggers>>()?;
    Ok(rows)
}

/// The triggers a register of this version has: those of a new register
/// built in memory by the same migrations (once per process).
fn expected_triggers() -> Result<&'static Triggers> {
    static EXPECTED: OnceLock<Triggers> = OnceLock::new();
    if let Some(t) = EXPECTED.get() {
        return Ok(t);
    }
    let mut mem = Connection::open_in_memory()?;
    super::migrations::migrate(&mut mem)?;
    let t = triggers(&mem)?;
    Ok(EXPECTED.get_or_init(|| t))
}

/// Triggers dropped, changed (e.g. through `writable_schema`) or added
/// since the program made them, named in Chinese; empty when the schema is
/// as expected.
pub(super) fn schema_problems(conn: &Connection) -> Result<Vec<String>> {
    let expected = expected_triggers()?;
    let actual = triggers(conn)?;
    let mut problems = Vec::new();
    for (name, sql) in expected {
        match actual.get(name) {
            None => problems.push(format!("保护触发器 {name} 被删除")),
            Some(s) if s != sql => {
                problems.push(format!("保护触发器 {name} 被改动（与本程序建立时不同）"))
            }
            Some(_) => {}
        }
    }
    for name in actual.keys().filter(|n| !expected.contains_key(*n)) {
        problems.push(format!("多出了不是本程序建立的触发器 {name}"));
    }
    Ok(problems)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::register::{AuditFields, audit_hash};
    use crate::storage::{Storage, migrations};

    /// A register of the version before this one's row hashes over all
    /// columns, with two cases audited the old way (their hashes over the
    /// old columns, their row records without "before").
    fn old_register(path: &std::path::Path) -> Connection {
        let mut conn = Connection::open(path).expect("open");
        migrations::migrate_to(&mut conn, migrations::SCHEMA_VERSION - 1).expect("old");
        conn.execute_batch(
            "INSERT INTO cases (case_no, regulation_id, received_on, summary)
                 VALUES ('甲〔2026〕1号', '004', '2026-01-01', '原案情一'),
                        ('甲〔2026〕2号', '004', '2026-01-02', '原案情二');",
        )
        .expect("cases");
        let legacy = LEGACY_COLUMNS[0]
            .iter()
            .map(|c| format!("quote({c})"))
            .collect::<Vec<_>>()
            .join(" || char(31) || ");
        let rows: Vec<RowHash> = conn
            .prepare(&format!("SELECT rowid, {legacy} FROM cases ORDER BY rowid"))
            .expect("prepare")
            .query_map([], |r| {
                Ok(RowHash {
                    code: 1,
                    id: r.get(0)?,
                    before: None,
                    hash: row_hash(&r.get::<_, String>(1)?),
                })
            })
            .expect("query")
            .collect::<rusqlite::Result<_>>()
            .expect("rows");
        let rows_hash = rows_digest(&rows);
        let at = "2026-01-02T00:00:00.000Z";
        let hash = audit_hash(
            "",
            &AuditFields {
                at,
                actor: "旧版",
                action: "登记案件",
                entity: "cases",
                entity_id: None,
                before: "",
                after: "",
                rows: &rows_hash,
            },
        );
        conn.execute(
            "INSERT INTO audit_log (at, actor, action, entity, entity_id, before, after, prev_hash, hash, rows_hash)
             VALUES (?1, '旧版', '登记案件', 'cases', NULL, '', '', '', ?2, ?3)",
            params![at, hash, rows_hash],
        )
        .expect("entry");
        for r in &rows {
            conn.execute(
                "INSERT INTO audit_rows (tbl, row_id, audit_id, hash) VALUES (1, ?1, 1, ?2)",
                params![r.id, r.hash],
            )
            .expect("row");
        }
        conn.execute("DELETE FROM audit_pending", [])
            .expect("pending");
        conn
    }

    #[test]
    fn every_column_of_every_audited_table_is_in_the_row_content() {
        let mut conn = Connection::open_in_memory().expect("open");
        migrations::migrate(&mut conn).expect("migrate");
        for t in &TRACKED {
            let sql = content_sql(&conn, t.table, "x").expect("content");
            let columns: Vec<String> = conn
                .prepare(&format!(
                    "SELECT name FROM pragma_table_info('{}')",
                    t.table
                ))
                .expect("prepare")
                .query_map([], |r| r.get(0))
                .expect("query")
                .collect::<rusqlite::Result<_>>()
                .expect("columns");
            assert!(!columns.is_empty(), "{}", t.table);
            for c in columns {
                assert!(sql.contains(&format!("x.\"{c}\"")), "{}.{c}", t.table);
            }
        }
        // Every table with a no-delete trigger (the register's records) is audited.
        let protected: Vec<String> = conn
            .prepare(
                "SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%_no_delete'",
            )
            .expect("prepare")
            .query_map([], |r| r.get(0))
            .expect("query")
            .collect::<rusqlite::Result<_>>()
            .expect("tables");
        for table in protected {
            let kept_apart = [
                "audit_log",
                "audit_rows",
                "imported_rows",
                "regulation_files",
            ];
            assert!(
                kept_apart.contains(&table.as_str()) || TRACKED.iter().any(|t| t.table == table),
                "{table} is not audited"
            );
        }
    }

    #[test]
    fn a_column_added_later_with_a_default_keeps_existing_hashes() {
        let conn = Connection::open_in_memory().expect("open");
        conn.execute_batch(
            "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT NOT NULL, b INTEGER);
             INSERT INTO t (a, b) VALUES ('甲', NULL), ('乙', 3);",
        )
        .expect("table");
        let hashes = |conn: &Connection| -> Vec<Vec<u8>> {
            let sql = content_sql(conn, "t", "x").expect("content");
            conn.prepare(&format!("SELECT {sql} FROM t x ORDER BY rowid"))
                .expect("prepare")
                .query_map([], |r| Ok(row_hash(&r.get::<_, String>(0)?)))
                .expect("query")
                .collect::<rusqlite::Result<_>>()
                .expect("hashes")
        };
        let before = hashes(&conn);
        conn.execute_batch(
            "ALTER TABLE t ADD COLUMN c TEXT NOT NULL DEFAULT '';
             ALTER TABLE t ADD COLUMN d INTEGER;
             ALTER TABLE t ADD COLUMN e INTEGER NOT NULL DEFAULT 0;",
        )
        .expect("alter");
        assert_eq!(hashes(&conn), before);
        conn.execute("UPDATE t SET c = '新' WHERE id = 1", [])
            .expect("update");
        let after = hashes(&conn);
        assert_ne!(after[0], before[0]);
        assert_eq!(after[1], before[1]);
        // Back at its default, the row hashes as before.
        conn.execute_batch("UPDATE t SET c = '' WHERE id = 1;")
            .expect("reset");
        assert_eq!(hashes(&conn), before);
    }

    #[test]
    fn an_upgraded_register_verifies_and_keeps_reporting_a_change_made_before_the_upgrade() {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("w.db");
        drop(old_register(&path));
        let s = Storage::open(&path).expect("upgrades");
        let report = s.audit_verify().expect("verify");
        assert!(report.ok, "{}", report.message);
        drop(s);

        let path2 = dir.path().join("w2.db");
        let conn = old_register(&path2);
        // Changed outside, then marked as the old pending list allowed.
        conn.execute_batch(
            "UPDATE cases SET summary = '改过的案情' WHERE id = 2;
             INSERT OR IGNORE INTO audit_pending VALUES (1, 2);
             INSERT INTO settings (key, value) VALUES ('audit_baseline', '升级');",
        )
        .expect("tamper");
        drop(conn);
        let mut s = Storage::open(&path2).expect("upgrades");
        s.set_setting("office_code", "徐环问").expect("write");
        let report = s.audit_verify().expect("verify");
        assert!(!report.ok);
        assert!(
            report
                .message
                .lines()
                .any(|l| l.contains("案件 第 2 条") && l.contains("被改动")),
            "{}",
            report.message
        );
        assert!(
            !report.message.contains("案件 第 1 条"),
            "{}",
            report.message
        );
    }
}
