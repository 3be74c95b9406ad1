//! The register's protective triggers against those this version creates.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use rusqlite::Connection;

use crate::storage::Result;

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
    crate::storage::migrations::migrate(&mut mem)?;
    let t = triggers(&mem)?;
    Ok(EXPECTED.get_or_init(|| t))
}

/// Triggers dropped, changed (e.g. through `writable_schema`) or added
/// since the program made them, named in Chinese; empty when the schema is
/// as expected.
pub(in crate::storage) fn schema_problems(conn: &Connection) -> Result<Vec<String>> {
    let expected = expected_triggers()?;
    let actual = triggers(conn)?;
    let mut problems = Vec::new();
    for (name, sql) in expected {
        match actual.get(name) {
            None => problems.push(format!("保护触发器“{name}”被删除")),
            Some(s) if s != sql => {
                problems.push(format!("保护触发器“{name}”被改动（与本程序建立时不同）"))
            }
            Some(_) => {}
        }
    }
    for name in actual.keys().filter(|n| !expected.contains_key(*n)) {
        problems.push(format!("多出了不是本程序建立的触发器“{name}”"));
    }
    Ok(problems)
}
