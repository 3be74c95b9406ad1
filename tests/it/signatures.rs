//! A forged entry needs a password (issue 24): every audit entry that writes
//! rows is signed by the signed-in user's key, and `audit verify` names an
//! entry appended outside the program unsigned, signed by another user's
//! key, or with a made-up signature (and the role it raised signs no one
//! in); a password change rotates the key and every entry still verifies
//! with the key its signer had then.

use std::path::{Path, PathBuf};

use wenze::domain::auth::{Credentials, UserRole};
use wenze::storage::Storage;

/// A register with an administrator (admin, user 1) and a clerk (zhao,
/// user 2).
fn register(dir: &Path) -> PathBuf {
    let db = dir.join("w.db");
    let mut s = Storage::open(&db).expect("opens");
    let h = Credentials::new("wenze2026").expect("hash");
    s.add_user("admin", "管理员甲", UserRole::Admin, &h)
        .expect("admin");
    let h = Credentials::new("luru2026").expect("hash");
    s.add_user("zhao", "赵录入", UserRole::Clerk, &h)
        .expect("clerk");
    db
}

fn verify(db: &Path) -> wenze::domain::AuditReport {
    Storage::open(db)
        .expect("opens")
        .audit_verify()
        .expect("verify")
}

/// How the forged entry is signed.
enum Forged {
    Unsigned,
    /// Signed with the clerk's own key but claimed as the administrator's.
    OtherUsersKey,
    /// 64 bytes that are no one's signature, claimed as the administrator's.
    MadeUp,
}

/// The clerk raises their own role with sqlite3 and appends a well-formed
/// entry for it: made with the program on a copy of the register (the
/// clerk signed in with their own password), then copied over with the
/// signature as `how` says.
fn forge(how: Forged) -> String {
    let dir = tempfile::tempdir().expect("tmp");
    let db = register(dir.path());
    let copy = dir.path().join("copy.db");
    std::fs::copy(&db, &copy).expect("copy");
    {
        let mut s = Storage::open(&copy).expect("opens");
        s.login("zhao", "luru2026")
            .expect("signs in")
            .expect("zhao");
        s.set_user_role(2, UserRole::Admin).expect("role");
    }
    let conn = rusqlite::Connection::open(&db).expect("raw");
    let last: i64 = conn
        .query_row("SELECT max(id) FROM audit_log", [], |r| r.get(0))
        .expect("last");
    let copy_text = copy.to_str().expect("utf8").replace('\'', "''");
    conn.execute_batch(&format!(
        "ATTACH '{copy_text}' AS b;
         INSERT INTO users_change_allowed (id) VALUES (2);
         UPDATE users SET role = '管理员' WHERE id = 2;
         DELETE FROM users_change_allowed WHERE id = 2;
         INSERT INTO audit_log SELECT * FROM b.audit_log WHERE id > {last};
         INSERT INTO audit_rows SELECT * FROM b.audit_rows WHERE audit_id > {last};
         INSERT INTO audit_signatures SELECT * FROM b.audit_signatures
             WHERE audit_id > {last} AND audit_id < (SELECT max(id) FROM b.audit_log);"
    ))
    .expect("forged");
    let forged: i64 = conn
        .query_row("SELECT max(id) FROM audit_log", [], |r| r.get(0))
        .expect("forged entry");
    match how {
        Forged::Unsigned => {}
        Forged::OtherUsersKey => {
            conn.execute(
                "INSERT INTO audit_signatures
                 SELECT audit_id, 1, signature FROM b.audit_signatures WHERE audit_id = ?1",
                [forged],
            )
            .expect("signature");
        }
        Forged::MadeUp => {
            conn.execute(
                "INSERT INTO audit_signatures VALUES (?1, 1, zeroblob(64))",
                [forged],
            )
            .expect("signature");
        }
    }
    drop(conn);
    let report = verify(&db);
    assert!(!report.ok, "{}", report.message);
    assert!(
        report.message.contains(&format!("第 {forged} 条")),
        "{}",
        report.message
    );
    // The raised role signs no one in: its last entry cannot be verified.
    let refused = Storage::open(&db).expect("opens").login("zhao", "luru2026");
    assert!(
        matches!(&refused, Err(wenze::storage::StorageError::Forbidden(m)) if m.contains("审计签名不能核实")),
        "{refused:?}"
    );
    report.message
}

#[test]
fn an_unsigned_entry_appended_outside_is_named() {
    let message = forge(Forged::Unsigned);
    assert!(message.contains("没有签名"), "{message}");
}

#[test]
fn an_entry_signed_with_another_users_key_is_named() {
    let message = forge(Forged::OtherUsersKey);
    assert!(message.contains("签名与签名者用户“admin”"), "{message}");
}

#[test]
fn a_made_up_signature_is_named() {
    let message = forge(Forged::MadeUp);
    assert!(message.contains("签名与签名者用户“admin”"), "{message}");
}

#[test]
fn no_write_of_rows_without_a_signed_in_user() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = register(dir.path());
    let mut s = Storage::open(&db).expect("opens");
    s.set_actor("测试");
    let refused = s.set_user_role(2, UserRole::Reviewer);
    assert!(
        matches!(&refused, Err(wenze::storage::StorageError::Forbidden(m)) if m.contains("签名")),
        "{refused:?}"
    );
    // A failed sign-in is recorded unsigned, and writes no rows.
    assert!(s.login("zhao", "wrong1234").expect("audited").is_none());
    assert!(verify(&db).ok);
}

#[test]
fn a_password_change_rotates_the_key_and_every_entry_still_verifies() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = register(dir.path());
    let mut s = Storage::open(&db).expect("opens");
    s.login("zhao", "luru2026")
        .expect("signs in")
        .expect("zhao");
    s.set_setting("office_name", "生态环境局").expect("old key");
    // Own change: signed with the old key, later entries with the new.
    let new = Credentials::new("xinmima2026").expect("hash");
    s.set_user_password(2, &new, true).expect("changed");
    s.add_person(&wenze::domain::NewPerson {
        name: "孙丽华".to_owned(),
        unit: "水生态环境处".to_owned(),
        rank: wenze::domain::RANKS[0].to_owned(),
        status: "在职".to_owned(),
        ..Default::default()
    })
    .expect("new key");
    // An administrator's reset: the key of the password the administrator sets.
    s.login("admin", "wenze2026")
        .expect("signs in")
        .expect("admin");
    let reset = Credentials::new("chongzhi2026").expect("hash");
    s.set_user_password(2, &reset, false).expect("reset");
    assert!(s.login("zhao", "xinmima2026").expect("audited").is_none());
    s.login("zhao", "chongzhi2026")
        .expect("signs in")
        .expect("zhao");
    s.set_setting("office_code", "环问").expect("reset key");
    drop(s);
    let report = verify(&db);
    assert!(report.ok, "{}", report.message);
    let conn = rusqlite::Connection::open(&db).expect("raw");
    let keys: i64 = conn
        .query_row(
            "SELECT count(*) FROM user_keys WHERE user_id = 2",
            [],
            |r| r.get(0),
        )
        .expect("keys");
    assert_eq!(keys, 3, "the first key, the changed one, the reset one");
}
