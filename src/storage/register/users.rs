//! Users: adding them, signing in, and refusals audited.

use rusqlite::{Connection, OptionalExtension, params};

use super::audit;
use crate::domain::auth::UserRole;
use crate::storage::{Result, Storage, StorageError};

impl Storage {
    /// How many active users there are (0 = first run: create the admin).
    pub fn user_count(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM users WHERE active = 1", [], |r| {
                r.get(0)
            })?)
    }

    /// Add a user with an Argon2id hash (computed by the caller).
    pub fn add_user(
        &mut self,
        username: &str,
        display_name: &str,
        role: UserRole,
        password_hash: &str,
    ) -> Result<i64> {
        let (u, d, h) = (
            username.trim().to_owned(),
            display_name.trim().to_owned(),
            password_hash.to_owned(),
        );
        self.write(|tx, actor| insert_user_in(tx, actor, &u, &d, role, &h))
    }

    /// The first administrator of a register with no users (first start).
    /// The count is checked inside the creating transaction, so a register
    /// whose users could not be read at start (busy) never gets a second,
    /// unasked-for administrator.
    pub fn add_first_admin(
        &mut self,
        username: &str,
        display_name: &str,
        password_hash: &str,
    ) -> Result<i64> {
        let (u, d, h) = (
            username.trim().to_owned(),
            display_name.trim().to_owned(),
            password_hash.to_owned(),
        );
        self.write(|tx, actor| {
            let users: i64 = tx.query_row("SELECT count(*) FROM users", [], |r| r.get(0))?;
            if users > 0 {
                return Err(StorageError::Invalid(
                    "本数据库已有用户，不能再创建首个管理员；请用已有账号登录".to_owned(),
                ));
            }
            insert_user_in(tx, actor, &u, &d, UserRole::Admin, &h)
        })
    }

    /// Check a login; every attempt is audited. `Ok(None)` = wrong name or password.
    pub fn login(
        &mut self,
        username: &str,
        password: &str,
    ) -> Result<Option<crate::domain::auth::User>> {
        let checked = self.check_credentials(username, password);
        let username = username.trim().to_owned();
        if let Err(StorageError::Forbidden(why)) = &checked {
            let why = why.clone();
            self.write(|tx, _| audit(tx, &username, "登录被拒", "users", None, "", &why))?;
        }
        let user = checked?;
        let ok = user.is_some();
        self.write(|tx, _| {
            audit(
                tx,
                &username,
                if ok { "登录" } else { "登录失败" },
                "users",
                None,
                "",
                "",
            )
        })?;
        if let Some(u) = &user {
            self.actor = format!("{}（{}）", u.display_name, u.role);
        }
        Ok(user)
    }

    /// Check a user's password without writing anything (for a backup read
    /// before it is restored).
    pub(crate) fn check_credentials(
        &self,
        username: &str,
        password: &str,
    ) -> Result<Option<crate::domain::auth::User>> {
        let username = username.trim().to_owned();
        let row: Option<(i64, String, UserRole, String)> = self
            .conn
            .query_row(
                "SELECT id, display_name, role, password_hash FROM users WHERE username = ?1 AND active = 1",
                [&username],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?;
        let Some((id, display_name, role, hash)) = row else {
            return Ok(None);
        };
        if !crate::domain::auth::verify_password(password, &hash) {
            return Ok(None);
        }
        // A role or password set outside the program (its row differs from
        // its last audited state) signs no one in.
        if !crate::storage::audit::row_is_as_audited(&self.conn, USERS, id)? {
            return Err(StorageError::Forbidden(format!(
                "用户“{username}”的记录（角色、密码或启用状态）在本程序之外被改动，不能登录。请管理员运行“wenze audit verify”查看，并从备份恢复。"
            )));
        }
        Ok(Some(crate::domain::auth::User {
            id,
            username,
            display_name,
            role,
        }))
    }

    /// Record an action refused for lack of a role.
    pub(crate) fn audit_refusal(&mut self, action: &str, detail: &str) -> Result<()> {
        let (action, detail) = (action.to_owned(), detail.to_owned());
        self.write(|tx, actor| audit(tx, actor, &action, "permissions", None, "", &detail))
    }
}

/// The users table's code in the audit's row records.
const USERS: i64 = 5;

fn insert_user_in(
    tx: &Connection,
    actor: &str,
    u: &str,
    d: &str,
    r: UserRole,
    h: &str,
) -> Result<i64> {
    tx.execute(
        "INSERT INTO users (username, display_name, role, password_hash) VALUES (?1, ?2, ?3, ?4)",
        params![u, d, r, h],
    )
    .map_err(|e| match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::ConstraintViolation) => {
            StorageError::Invalid(format!("用户名“{u}”已存在"))
        }
        _ => e.into(),
    })?;
    let id = tx.last_insert_rowid();
    audit(
        tx,
        actor,
        "新增用户",
        "users",
        Some(id),
        "",
        &format!("{u} {d} {r}"),
    )?;
    Ok(id)
}
