//! Tests of the row hashes: every column covered, columns added later,
//! an upgraded register.

use super::*;
use crate::storage::register::{AuditFields, audit_hash};
use crate::storage::{Storage, migrations};

/// A register of the version before this one's row hashes over all
/// columns, with two cases audited the old way (their hashes over the
/// old columns, their row records without "before").
fn old_register(path: &std::path::Path) -> Connection {
    let mut conn = Connection::open(path).expect("open");
    migrations::migrate_to(&mut conn, migrations::audit_all_columns_version() - 1).expect("old");
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
            "audit_signatures",
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
