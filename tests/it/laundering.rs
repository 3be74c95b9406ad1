//! The audit chain cannot be laundered (issue 24): a row changed outside the
//! program stays reported by `audit verify` after any later audited write,
//! with and without an anchor taken before the change; every column of
//! every audited table is in its row hash; dropped or changed protective
//! triggers are noticed at open and by verify.

use crate::common::TestSignIn;
use std::path::{Path, PathBuf};
use std::process::Output;
use wenze::domain::ids::{CaseId, RespondentId};

use rusqlite::OptionalExtension as _;
use wenze::domain::auth::{Credentials, UserRole};
use wenze::storage::{Storage, StorageError};

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Run `wenze ARGS --db DB` with `stdin` written to it.
fn run(db: &Path, args: &[&str], stdin: &str) -> Output {
    crate::common::run_with(db, args, stdin)
}

/// A register with an administrator (admin / wenze2026), a clerk (zhao,
/// user 2), one case and its 问责 decision (decision 1).
fn register(dir: &Path) -> PathBuf {
    let db = dir.join("w.db");
    let mut s = Storage::open(&db).expect("opens");
    let h = Credentials::new("wenze2026").expect("hash");
    s.add_user("admin", "管理员甲", UserRole::Admin, &h)
        .expect("admin");
    let h = Credentials::new("luru2026").expect("hash");
    s.add_user("zhao", "赵录入", UserRole::Clerk, &h)
        .expect("clerk");
    let pid = s
        .add_person(&wenze::domain::NewPerson {
            name: "孙丽华".to_owned(),
            unit: "水生态环境处".to_owned(),
            rank: wenze::domain::RANKS[0].to_owned(),
            status: "在职".to_owned(),
            ..Default::default()
        })
        .expect("person");
    let (case_id, _) = s
        .create_case(&wenze::domain::NewCase {
            case_no: None,
            regulation_id: "004".to_owned(),
            tolerance_overlay: false,
            clue_source: wenze::domain::CLUE_SOURCES[2].to_owned(),
            received_on: "2026-03-02".parse().expect("date"),
            summary: "未按时限公开环境信息".to_owned(),
            respondents: vec![(pid, wenze::domain::RespondentRole::Handler)],
            facts: vec!["逾期未公开".to_owned()],
            reporter: None,
        })
        .expect("case");
    let rid: RespondentId = raw(&db)
        .query_row(
            "SELECT id FROM respondents WHERE case_id = ?1",
            [case_id],
            |r| r.get(0),
        )
        .expect("respondent");
    s.record_decision(&wenze::domain::NewDecision {
        case_id,
        respondent_id: rid,
        kind: wenze::domain::procedure::DecisionKind::Accountability,
        methods: vec!["诫勉".to_owned()],
        measures: Vec::new(),
        basis: "第六条".to_owned(),
        departure_reason: String::new(),
        precedent_reason: String::new(),
        decided_on: "2026-04-01".parse().expect("date"),
        approved_by: "李审核".to_owned(),
        supersedes: None,
    })
    .expect("decision");
    let report = s.audit_verify().expect("verify");
    assert!(report.ok, "{}", report.message);
    db
}

fn raw(db: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open(db).expect("raw")
}

fn anchor(db: &Path) -> String {
    let (n, h) = Storage::open(db)
        .expect("opens")
        .audit_head()
        .expect("head")
        .expect("entries");
    format!("{n}:{h}")
}

/// `audit verify` (with the anchor when given): fails, and a line names `row`.
fn assert_verify_names(db: &Path, anchor: Option<&str>, row: &str) {
    let mut args = vec!["audit", "verify"];
    if let Some(a) = anchor {
        args.extend(["--anchor", a]);
    }
    let out = run(db, &args, "");
    let stdout = text(&out.stdout);
    assert!(!out.status.success(), "verify passed: {stdout}");
    assert!(
        stdout.lines().any(|l| l.contains(row)),
        "no line names {row}: {stdout}{}",
        text(&out.stderr)
    );
}

/// Ordinary audited writes after the change: a failed sign-in, a settings
/// change through the library, a settings change on the command line.
fn ordinary_writes(db: &Path) {
    let failed = run(
        db,
        &["set", "office_name", "某某局", "--user", "admin"],
        "wrong-password\n",
    );
    assert!(!failed.status.success());
    assert!(
        text(&failed.stderr).contains("登录失败"),
        "{}",
        text(&failed.stderr)
    );
    let mut s = Storage::open(db).expect("opens");
    s.set_setting("office_code", "徐环问").expect("setting");
    drop(s);
    let set = run(
        db,
        &["set", "office_name", "徐州市生态环境局", "--user", "admin"],
        "wenze2026\n",
    );
    assert!(set.status.success(), "{}", text(&set.stderr));
    // The writes were audited as ever.
    let n: i64 = raw(db)
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action LIKE '%设置%'",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert!(n >= 2, "{n}");
}

/// One laundering mode: `tamper` on a register, ordinary writes, then
/// verify names `row` with and without an anchor taken before the tamper.
fn laundering(tamper: impl Fn(&rusqlite::Connection), row: &str) {
    let dir = tempfile::tempdir().expect("tmp");
    let db = register(dir.path());
    let before = anchor(&db);
    tamper(&raw(&db));
    assert_verify_names(&db, None, row);
    ordinary_writes(&db);
    assert_verify_names(&db, None, row);
    assert_verify_names(&db, Some(&before), row);
    // And again after more writes and opens.
    ordinary_writes(&db);
    assert_verify_names(&db, Some(&before), row);
    assert_verify_names(&db, Some(&anchor(&db)), row);
}

/// `INSERT INTO audit_pending`, as the old pending list allowed; the list
/// is no longer in the file.
fn insert_pending(conn: &rusqlite::Connection, tbl: i64, row: i64) {
    match conn.execute("INSERT INTO audit_pending VALUES (?1, ?2)", [tbl, row]) {
        Ok(_) => {}
        Err(e) => assert!(e.to_string().contains("no such table"), "{e}"),
    }
}

#[test]
fn a_role_raised_through_the_allowance_table_stays_reported() {
    laundering(
        |c| {
            c.execute_batch(
                "INSERT INTO users_change_allowed (id) VALUES (2);
                 UPDATE users SET role = '管理员' WHERE id = 2;
                 DELETE FROM users_change_allowed;",
            )
            .expect("tamper");
        },
        "用户 第 2 条",
    );
}

#[test]
fn a_raised_role_is_not_absorbed_by_a_failed_sign_in_and_signs_no_one_in() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = register(dir.path());
    raw(&db)
        .execute_batch(
            "INSERT INTO users_change_allowed (id) VALUES (2);
             UPDATE users SET role = '管理员' WHERE id = 2;
             DELETE FROM users_change_allowed;",
        )
        .expect("tamper");
    let out = run(
        &db,
        &["set", "office_name", "某某局", "--user", "zhao"],
        "wrong\n",
    );
    assert!(!out.status.success());
    assert_verify_names(&db, None, "用户 第 2 条");
    // With the right password the raised role signs no one in either.
    let out = run(
        &db,
        &["set", "office_name", "某某局", "--user", "zhao"],
        "luru2026\n",
    );
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("在本程序之外被改动"),
        "{}",
        text(&out.stderr)
    );
    let office: Option<String> = raw(&db)
        .query_row(
            "SELECT value FROM settings WHERE key = 'office_name'",
            [],
            |r| r.get(0),
        )
        .optional()
        .expect("read");
    assert_ne!(office.as_deref(), Some("某某局"));
    assert_verify_names(&db, None, "用户 第 2 条");
}

#[test]
fn a_decision_changed_behind_a_dropped_trigger_and_marked_pending_stays_reported() {
    // The trigger put back as it was, so only the row tells.
    laundering(
        |c| {
            let sql: String = c
                .query_row(
                    "SELECT sql FROM sqlite_master WHERE name = 'decisions_no_update'",
                    [],
                    |r| r.get(0),
                )
                .expect("trigger");
            c.execute_batch(
                "DROP TRIGGER decisions_no_update;
                 UPDATE decisions SET methods = '[\"免予问责\"]', reasoning = '伪造的理由' WHERE id = 1;",
            )
            .expect("tamper");
            c.execute_batch(&sql).expect("trigger back");
            insert_pending(c, 2, 1);
        },
        "决定 第 1 条",
    );
}

#[test]
fn a_decision_changed_behind_a_trigger_left_dropped_is_reported_and_nothing_is_written() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = register(dir.path());
    let before = anchor(&db);
    let c = raw(&db);
    c.execute_batch(
        "DROP TRIGGER decisions_no_update;
         UPDATE decisions SET kind = '不予问责' WHERE id = 1;",
    )
    .expect("tamper");
    insert_pending(&c, 2, 1);
    drop(c);
    let mut s = Storage::open(&db).expect("opens for reading");
    assert!(
        s.schema_tampered()
            .is_some_and(|p| p.contains("decisions_no_update")),
        "{:?}",
        s.schema_tampered()
    );
    let err = s.set_setting("office_code", "徐环问").expect_err("refused");
    assert!(matches!(err, StorageError::Forbidden(_)), "{err}");
    assert!(err.to_string().contains("保护"), "{err}");
    drop(s);
    let failed = run(
        &db,
        &["set", "office_name", "某某局", "--user", "admin"],
        "wrong-password\n",
    );
    assert!(!failed.status.success());
    assert!(
        text(&failed.stderr).contains("保护结构"),
        "{}",
        text(&failed.stderr)
    );
    assert_verify_names(&db, None, "决定 第 1 条");
    assert_verify_names(&db, Some(&before), "决定 第 1 条");
    assert_verify_names(&db, Some(&before), "decisions_no_update");
}

#[test]
fn an_audit_baseline_setting_does_not_absorb_a_change() {
    laundering(
        |c| {
            c.execute_batch(
                "UPDATE cases SET summary = '改过的案情' WHERE id = 1;
                 INSERT INTO settings (key, value) VALUES ('audit_baseline', '升级');",
            )
            .expect("tamper");
            insert_pending(c, 1, 1);
        },
        "案件 第 1 条",
    );
}

#[test]
fn a_row_inserted_outside_and_marked_pending_stays_reported() {
    laundering(
        |c| {
            c.execute_batch(
                "INSERT INTO cases (case_no, regulation_id, received_on) VALUES ('伪造〔2026〕1号', '004', '2026-01-01');",
            )
            .expect("tamper");
            insert_pending(c, 1, 2);
        },
        "案件 第 2 条",
    );
}

#[test]
fn a_program_write_over_a_row_changed_outside_keeps_it_reported() {
    // The case's summary is changed outside; then the program itself
    // rewrites that case (its stage): the entry records the row's state
    // before its write, which is not the audited one.
    let dir = tempfile::tempdir().expect("tmp");
    let db = register(dir.path());
    let before = anchor(&db);
    raw(&db)
        .execute("UPDATE cases SET summary = '改过的案情' WHERE id = 1", [])
        .expect("tamper");
    let mut s = Storage::open(&db).expect("opens");
    s.sign_in_for_test("测试");
    s.set_stage(
        CaseId::new(1),
        wenze::domain::procedure::Stage::Investigation,
    )
    .expect("stage");
    drop(s);
    let out = run(&db, &["audit", "verify", "--anchor", &before], "");
    let stdout = text(&out.stdout);
    assert!(!out.status.success(), "{stdout}");
    assert!(
        stdout
            .lines()
            .any(|l| l.contains("案件 第 1 条") && l.contains("之间在本程序之外被改动")),
        "{stdout}"
    );
}

/// The audited tables and their labels as verify names them.
const TABLES: [(&str, &str); 17] = [
    ("cases", "案件"),
    ("decisions", "决定"),
    ("documents", "文书"),
    ("doc_numbers", "文号"),
    ("users", "用户"),
    ("respondents", "被问责人"),
    ("persons", "人员"),
    ("facts", "事实"),
    ("evidence", "证据"),
    ("statements", "陈述申辩"),
    ("deliveries", "送达"),
    ("remedies", "复查/申诉"),
    ("follow_ups", "后续事项"),
    ("selections", "所选条目"),
    ("units", "单位"),
    ("team_members", "调查组成员"),
    ("reviews", "审核记录"),
];

/// A demo register (every kind of row) with users.
fn full_register(dir: &Path) -> PathBuf {
    let db = dir.join("full.db");
    let out = run(&db, &["demo", "--cases", "40"], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let mut s = Storage::open(&db).expect("opens");
    let h = Credentials::new("wenze2026").expect("hash");
    let admin = s
        .add_user("admin", "管理员甲", UserRole::Admin, &h)
        .expect("admin");
    // What the demo leaves out: an issued document (a 事先告知书) and a review.
    let (case_id, rid): (CaseId, RespondentId) = raw(&db)
        .query_row(
            "SELECT r.case_id, r.id FROM respondents r
              WHERE NOT EXISTS (SELECT 1 FROM decisions d WHERE d.respondent_id = r.id)
              ORDER BY r.id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("undecided respondent");
    s.issue_notice(case_id, rid, "2026-03-02".parse().expect("date"), |no| {
        Ok((format!("问责事先告知书 {no}"), b"%PDF-1.7\n".to_vec()))
    })
    .expect("notice");
    let form = serde_json::json!({"step": 5, "regulation": "004", "summary": "案情"});
    s.save_draft("d-1", None, 5, &form.to_string())
        .expect("draft");
    s.review_step(
        "d-1",
        wenze::domain::procedure::ReviewAction::Submit,
        Some(admin),
        "管理员甲",
        "",
    )
    .expect("submit");
    let report = s.audit_verify().expect("verify");
    assert!(report.ok, "{}", report.message);
    db
}

/// A different value for `column` of row `rowid`, of the column's type.
fn change(conn: &rusqlite::Connection, table: &str, column: &str, rowid: i64) {
    let triggers: Vec<String> = conn
        .prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?1")
        .expect("prepare")
        .query_map([table], |r| r.get(0))
        .expect("query")
        .collect::<rusqlite::Result<_>>()
        .expect("triggers");
    let names: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?1")
        .expect("prepare")
        .query_map([table], |r| r.get(0))
        .expect("query")
        .collect::<rusqlite::Result<_>>()
        .expect("names");
    let declared: String = conn
        .query_row(
            &format!("SELECT type FROM pragma_table_info('{table}') WHERE name = ?1"),
            [column],
            |r| r.get(0),
        )
        .expect("type");
    let null_value = match declared.as_str() {
        "INTEGER" => "1",
        "REAL" => "1.5",
        "BLOB" => "X'00'",
        _ => "'2026-01-01'",
    };
    conn.execute_batch("PRAGMA foreign_keys = OFF; PRAGMA ignore_check_constraints = ON;")
        .expect("pragma");
    let tx = conn.unchecked_transaction().expect("tx");
    for n in &names {
        tx.execute_batch(&format!("DROP TRIGGER \"{n}\";"))
            .expect("drop");
    }
    tx.execute(
        &format!(
            "UPDATE \"{table}\" SET \"{column}\" = CASE typeof(\"{column}\")
                 WHEN 'integer' THEN \"{column}\" + 7 WHEN 'real' THEN \"{column}\" + 7
                 WHEN 'text' THEN \"{column}\" || '改' WHEN 'blob' THEN CAST(CAST(\"{column}\" AS TEXT) || 'x' AS BLOB)
                 ELSE {null_value} END
              WHERE rowid = ?1"
        ),
        [rowid],
    )
    .unwrap_or_else(|e| panic!("{table}.{column}: {e}"));
    for sql in &triggers {
        tx.execute_batch(sql).expect("trigger back");
    }
    tx.commit().expect("commit");
}

#[test]
fn every_column_of_every_audited_table_is_in_its_row_hash() {
    let dir = tempfile::tempdir().expect("tmp");
    let full = full_register(dir.path());
    let conn = raw(&full);
    let mut edited = 0;
    for (table, label) in TABLES {
        let rowid: Option<i64> = conn
            .query_row(&format!("SELECT max(rowid) FROM \"{table}\""), [], |r| {
                r.get(0)
            })
            .expect("row");
        let Some(rowid) = rowid else {
            // Tables the demo leaves empty get a row from the program.
            assert!(
                ["team_members", "remedies"].contains(&table),
                "no {table} rows in the demo register"
            );
            continue;
        };
        let columns: Vec<String> = conn
            .prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))
            .expect("prepare")
            .query_map([], |r| r.get(0))
            .expect("query")
            .collect::<rusqlite::Result<_>>()
            .expect("columns");
        for column in columns {
            if column == "id" || (table == "reporters" && column == "case_id") {
                // The rowid itself: the row moves (reported as gone and new).
                continue;
            }
            let copy = dir.path().join("copy.db");
            std::fs::copy(&full, &copy).expect("copy");
            change(&raw(&copy), table, &column, rowid);
            let report = Storage::open(&copy)
                .expect("opens")
                .audit_verify()
                .expect("verify");
            let row = format!("{label} 第 {rowid} 条");
            assert!(
                !report.ok && report.message.lines().any(|l| l.contains(&row)),
                "{table}.{column} changed, verify: {}",
                report.message
            );
            edited += 1;
        }
    }
    assert!(edited > 80, "{edited} columns edited");
}

#[test]
fn each_dropped_trigger_is_noticed_at_open_and_by_verify() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = register(dir.path());
    let names: Vec<String> = raw(&db)
        .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name")
        .expect("prepare")
        .query_map([], |r| r.get(0))
        .expect("query")
        .collect::<rusqlite::Result<_>>()
        .expect("names");
    for required in [
        "decisions_no_update",
        "audit_no_update",
        "audit_no_delete",
        "users_guard",
        "cases_no_delete",
        "audit_rows_no_update",
        "audit_rows_no_delete",
    ] {
        assert!(names.iter().any(|n| n == required), "{required}");
    }
    for name in &names {
        let copy = dir.path().join("copy.db");
        std::fs::copy(&db, &copy).expect("copy");
        raw(&copy)
            .execute_batch(&format!("DROP TRIGGER \"{name}\";"))
            .expect("drop");
        let s = Storage::open(&copy).expect("opens for reading");
        let at_open = s.schema_tampered().unwrap_or_default().to_owned();
        assert!(at_open.contains(name.as_str()), "{name}: {at_open}");
        let report = s.audit_verify().expect("verify");
        assert!(!report.ok, "{name}");
        assert!(
            report
                .message
                .lines()
                .any(|l| l.contains(name.as_str()) && l.contains("删除")),
            "{name}: {}",
            report.message
        );
    }
}

#[test]
fn a_trigger_neutralised_through_writable_schema_or_an_added_one_is_noticed() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = register(dir.path());
    let copy = dir.path().join("copy.db");
    std::fs::copy(&db, &copy).expect("copy");
    raw(&copy)
        .execute_batch(
            "PRAGMA writable_schema = ON;
             UPDATE sqlite_master SET sql = replace(sql, 'BEGIN', 'WHEN 0 BEGIN')
              WHERE name = 'decisions_no_update';
             PRAGMA writable_schema = OFF;",
        )
        .expect("neutralise");
    // The neutralised trigger no longer refuses.
    raw(&copy)
        .execute("UPDATE decisions SET basis = '改' WHERE id = 1", [])
        .expect("edit");
    let s = Storage::open(&copy).expect("opens");
    assert!(
        s.schema_tampered()
            .is_some_and(|p| p.contains("decisions_no_update") && p.contains("改动")),
        "{:?}",
        s.schema_tampered()
    );
    let report = s.audit_verify().expect("verify");
    assert!(!report.ok);
    assert!(
        report.message.contains("决定 第 1 条"),
        "{}",
        report.message
    );
    drop(s);

    std::fs::copy(&db, &copy).expect("copy");
    raw(&copy)
        .execute_batch("CREATE TRIGGER sneak AFTER INSERT ON audit_log BEGIN SELECT 1; END;")
        .expect("add");
    let s = Storage::open(&copy).expect("opens");
    assert!(
        s.schema_tampered().is_some_and(|p| p.contains("sneak")),
        "{:?}",
        s.schema_tampered()
    );
    assert!(!s.audit_verify().expect("verify").ok);
}
