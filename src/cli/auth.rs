//! Who may run a command: signing in from the command line (password on
//! standard input), role checks with audited refusals, and `restore`.

use std::path::Path;
use std::process::ExitCode;

use super::{fail, out_raw};
use crate::storage::{self, Storage};

pub(super) use crate::domain::auth::Need;

/// The password: one line of standard input (without the line end).
fn read_password() -> String {
    let mut line = String::new();
    match std::io::stdin().read_line(&mut line) {
        Ok(_) => line.trim_end_matches(['\r', '\n']).to_owned(),
        Err(_) => String::new(),
    }
}

/// Sign `user` in (password from stdin) and check the role `need`; refusals
/// are audited (a wrong password by `login` itself).
pub(super) fn authorize(
    s: &mut Storage,
    user: Option<&str>,
    need: Need,
    what: &str,
) -> Result<crate::domain::auth::User, storage::StorageError> {
    let Some(user) = user.filter(|u| !u.trim().is_empty()) else {
        s.audit_refusal(&format!("拒绝{what}"), "命令行未提供用户名")?;
        return Err(storage::StorageError::Forbidden(format!(
            "{what}须由{}执行：请加 --user 用户名，并在标准输入给出密码（一行）。已记录此次拒绝。",
            need.label()
        )));
    };
    let password = read_password();
    match s.login(user, &password)? {
        Some(u) => {
            s.require_role(Some(&u), need, &format!("拒绝{what}"), what)?;
            Ok(u)
        }
        None => Err(storage::StorageError::Forbidden(
            "用户名或密码不正确。已记录此次登录失败。".to_owned(),
        )),
    }
}

/// `wenze restore BACKUP --user ADMIN`: the administrator is checked in the
/// current register (or, when it cannot be opened, in the backup itself).
pub(super) fn run_restore(db: &Path, src: &Path, user: Option<&str>) -> ExitCode {
    if let Err(e) = storage::backup::refuse_same_file(src, db) {
        return fail(&e.to_string());
    }
    let actor = match Storage::open(db) {
        Ok(mut s) => {
            if let Err(e) = authorize(&mut s, user, Need::Admin, "从备份恢复") {
                return fail(&e.to_string());
            }
            s.actor().to_owned()
        }
        Err(open_error) => {
            // The register is unusable (the reason to restore): the backup's
            // own administrators authorise it.
            let Some(user) = user else {
                return fail(&format!(
                    "从备份恢复须由管理员执行：请加 --user 用户名，并在标准输入给出密码（一行）。（当前数据库：{open_error}）"
                ));
            };
            if let Err(e) = storage::backup::check_backup(src) {
                return fail(&e.to_string());
            }
            let password = read_password();
            match Storage::open_reader(src).and_then(|b| b.check_credentials(user, &password)) {
                Ok(Some(u)) if u.is_admin() => format!("{}（{}）", u.display_name, u.role),
                Ok(_) => {
                    return fail(
                        "当前数据库无法打开；恢复须由备份中登记的管理员执行，用户名或密码不正确或不是管理员。",
                    );
                }
                Err(e) => return fail(&e.to_string()),
            }
        }
    };
    match storage::backup::restore_by(src, db, &actor) {
        Ok(r) => {
            outln!(
                "已从 {} 恢复到 {}（{} 件案件）",
                src.display(),
                db.display(),
                r.restored
            );
            if let Some(a) = &r.aside {
                match r.replaced {
                    Some(n) => outln!("原数据库（{n} 件案件）已保留为 {}", a.display()),
                    None => outln!("原数据库（无法读取）已保留为 {}", a.display()),
                }
            }
            ExitCode::SUCCESS
        }
        Err(e) => fail(&e.to_string()),
    }
}
