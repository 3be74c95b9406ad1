//! `audit verify`'s check of the audited rows: each row against its last
//! audited hash, and each row's history of entries.

use rusqlite::{Connection, OptionalExtension};

use super::{TRACKED, Tracked, content_sql, has_before_column, row_hash, table_exists};
use crate::storage::Result;

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
pub(in crate::storage) fn check_rows(
    conn: &Connection,
    max: usize,
) -> Result<(Vec<String>, usize)> {
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
