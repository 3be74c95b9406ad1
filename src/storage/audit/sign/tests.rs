//! Signed entries on an upgraded register and against a forged baseline.

use rusqlite::{Connection, params};

use super::SIGNING_BASELINE;
use crate::domain::auth::{Credentials, UserRole, hash_password};
use crate::storage::register::{AuditFields, audit, audit_hash};
use crate::storage::{Storage, migrations};

/// A register of version 20 (before signed entries): a user (zhao,
/// luru2026) and a case, each written with its unsigned audit entry as
/// that version wrote them.
fn register_before_signing(path: &std::path::Path) {
    let mut conn = Connection::open(path).expect("open");
    migrations::migrate_to(&mut conn, 20).expect("version 20");
    crate::storage::audit::install(&conn).expect("triggers");
    let hash = hash_password("luru2026").expect("hash");
    conn.execute(
        "INSERT INTO users (username, display_name, role, password_hash) VALUES ('zhao', '赵录入', ?1, ?2)",
        params![UserRole::Clerk, hash],
    )
    .expect("user");
    audit(&conn, "旧版", "新增用户", "users", Some(1), "", "zhao").expect("entry");
    conn.execute(
        "INSERT INTO cases (case_no, regulation_id, received_on) VALUES ('甲〔2026〕1号', '004', '2026-01-01')",
        [],
    )
    .expect("case");
    audit(&conn, "旧版", "登记案件", "cases", Some(1), "", "").expect("entry");
}

fn add_person(s: &mut Storage) {
    s.add_person(&crate::domain::NewPerson {
        name: "孙丽华".to_owned(),
        unit: "水生态环境处".to_owned(),
        rank: crate::domain::RANKS[0].to_owned(),
        status: "在职".to_owned(),
        ..Default::default()
    })
    .expect("person");
}

#[test]
fn entries_before_the_baseline_stay_unsigned_and_an_old_user_gets_a_key_at_sign_in() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("w.db");
    register_before_signing(&path);
    let mut s = Storage::open(&path).expect("upgrades");
    let baseline: i64 = s
        .conn
        .query_row(
            "SELECT id FROM audit_log WHERE action = ?1",
            [SIGNING_BASELINE],
            |r| r.get(0),
        )
        .expect("the baseline entry");
    assert_eq!(baseline, 3);
    let report = s.audit_verify().expect("verify");
    assert!(report.ok, "{}", report.message);
    // Nothing that writes rows before someone signs in.
    s.set_actor("测试");
    assert!(matches!(
        s.set_user_role(1, UserRole::Reviewer),
        Err(crate::storage::StorageError::Forbidden(_))
    ));
    // The old user's first sign-in records their key, signed with it.
    s.login("zhao", "luru2026")
        .expect("signs in")
        .expect("zhao");
    let keys: i64 = s
        .conn
        .query_row(
            "SELECT count(*) FROM user_keys WHERE user_id = 1",
            [],
            |r| r.get(0),
        )
        .expect("keys");
    assert_eq!(keys, 1);
    add_person(&mut s);
    let report = s.audit_verify().expect("verify");
    assert!(report.ok, "{}", report.message);
    // Signed in again: the recorded key, no second one.
    s.login("zhao", "luru2026")
        .expect("signs in")
        .expect("zhao");
    let keys: i64 = s
        .conn
        .query_row(
            "SELECT count(*) FROM user_keys WHERE user_id = 1",
            [],
            |r| r.get(0),
        )
        .expect("keys");
    assert_eq!(keys, 1);
}

#[test]
fn a_baseline_appended_after_signed_entries_is_named() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("w.db");
    let mut s = Storage::open(&path).expect("opens");
    let c = Credentials::new("wenze2026").expect("credentials");
    s.add_first_admin("admin", "管理员甲", &c).expect("admin");
    add_person(&mut s);
    drop(s);
    // Appended outside: a well-formed baseline entry, so that everything
    // before it would pass unsigned.
    let conn = Connection::open(&path).expect("raw");
    let prev: String = conn
        .query_row(
            "SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .expect("head");
    let at = "2026-12-01T00:00:00.000Z";
    let hash = audit_hash(
        &prev,
        &AuditFields {
            at,
            actor: "系统",
            action: SIGNING_BASELINE,
            entity: "audit_log",
            entity_id: None,
            before: "",
            after: "",
            rows: "",
        },
    );
    conn.execute(
        "INSERT INTO audit_log (at, actor, action, entity, entity_id, before, after, prev_hash, hash, rows_hash)
         VALUES (?1, '系统', ?2, 'audit_log', NULL, '', '', ?3, ?4, '')",
        params![at, SIGNING_BASELINE, prev, hash],
    )
    .expect("forged baseline");
    drop(conn);
    let report = Storage::open(&path)
        .expect("opens")
        .audit_verify()
        .expect("verify");
    assert!(!report.ok, "{}", report.message);
    assert!(
        report.message.contains("签名起点可能是伪造的"),
        "{}",
        report.message
    );
}
