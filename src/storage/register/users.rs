//! Users: adding them, signing in, and refusals audited.

use rusqlite::{Connection, OptionalExtension, params};

use super::audit;
use crate::domain::auth::{Credentials, UserRole};
use crate::storage::audit::Signer;
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

    /// Add a user with the Argon2id hash and the signing key of their
    /// first password (`Credentials`, computed by the caller), signed by
    /// the user signed in. With no one signed in, the only user that can be
    /// added is a register's first administrator (`add_first_admin`).
    pub fn add_user(
        &mut self,
        username: &str,
        display_name: &str,
        role: UserRole,
        credentials: &Credentials,
    ) -> Result<i64> {
        if self.signer.is_none() && role == UserRole::Admin {
            return self.add_first_admin(username, display_name, credentials);
        }
        let (u, d) = (username.trim().to_owned(), display_name.trim().to_owned());
        self.write(|tx, actor| insert_user_in(tx, actor, &u, &d, role, credentials))
    }

    /// The first administrator of a register with no users (first start).
    /// The count is checked inside the creating transaction, so a register
    /// whose users could not be read at start (busy) never gets a second,
    /// unasked-for administrator. (A demo register's own user is never
    /// active, so the first administrator of a demo register is this one.)
    /// The entry is signed by the new administrator's own key, which then
    /// signs this storage's writes until someone signs in.
    pub fn add_first_admin(
        &mut self,
        username: &str,
        display_name: &str,
        credentials: &Credentials,
    ) -> Result<i64> {
        let (u, d) = (username.trim().to_owned(), display_name.trim().to_owned());
        let key = credentials.key.key.clone();
        self.write_signing(
            |tx, actor| {
                let users: i64 =
                    tx.query_row("SELECT count(*) FROM users WHERE active = 1", [], |r| {
                        r.get(0)
                    })?;
                if users > 0 {
                    return Err(StorageError::Invalid(
                        "本数据库已有用户，不能再创建首个管理员；请用已有账号登录".to_owned(),
                    ));
                }
                insert_user_in(tx, actor, &u, &d, UserRole::Admin, credentials)
            },
            |id| Some(Signer { user_id: *id, key }),
        )
    }

    /// Check a login; every attempt is audited. `Ok(None)` = wrong name or
    /// password. A successful sign-in derives the user's signing key from
    /// the password, which then signs every entry this storage writes; a
    /// user without a key yet (from before signed entries) gets one here,
    /// recorded in an entry signed with it.
    pub fn login(
        &mut self,
        username: &str,
        password: &str,
    ) -> Result<Option<crate::domain::auth::User>> {
        // A new sign-in replaces the previous one, whatever its outcome.
        self.signer = None;
        let checked = self
            .check_credentials(username, password)
            .and_then(|u| match u {
                Some(u) => Ok(Some((self.user_key(&u, password)?, u))),
                None => Ok(None),
            });
        let username = username.trim().to_owned();
        if let Err(StorageError::Forbidden(why)) = &checked {
            let why = why.clone();
            self.write(|tx, _| audit(tx, &username, "登录被拒", "users", None, "", &why))?;
        }
        let Some((key, user)) = checked? else {
            self.write(|tx, _| audit(tx, &username, "登录失败", "users", None, "", ""))?;
            return Ok(None);
        };
        self.actor = format!("{}（{}）", user.display_name, user.role);
        let id = user.id;
        match key {
            UserKey::Recorded(key) => self.signer = Some(Signer { user_id: id, key }),
            UserKey::New(new) => {
                self.signer = Some(Signer {
                    user_id: id,
                    key: new.key.clone(),
                });
                self.write(|tx, _| {
                    set_key_in(tx, id, &new)?;
                    audit(
                        tx,
                        &username,
                        "登记签名密钥",
                        "users",
                        Some(id),
                        "",
                        "首次登录时由本人密码生成",
                    )
                })?;
            }
        }
        self.write(|tx, _| audit(tx, &username, "登录", "users", None, "", ""))?;
        crate::storage::search::pinyin_keys_if_missing(self)?;
        Ok(Some(user))
    }

    /// The signing key `password` gives `user` (whose password it is): the
    /// recorded one, or a new one for a user who has none yet.
    fn user_key(&self, user: &crate::domain::auth::User, password: &str) -> Result<UserKey> {
        let (public, salt): (Option<Vec<u8>>, Option<Vec<u8>>) = self.conn.query_row(
            "SELECT public_key, key_salt FROM users WHERE id = ?1",
            [user.id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let (Some(public), Some(salt)) = (public, salt) else {
            return Ok(UserKey::New(
                crate::domain::auth::UserKey::new(password).map_err(StorageError::Invalid)?,
            ));
        };
        let key =
            crate::domain::auth::signing_key(password, &salt).map_err(StorageError::Invalid)?;
        if key.verifying_key().to_bytes().as_slice() != public.as_slice() {
            return Err(StorageError::Forbidden(format!(
                "用户“{}”的密码与其登记的签名密钥不符（签名密钥或盐值在本程序之外被改动），不能登录。请管理员运行“wenze audit verify”查看，并从备份恢复。",
                user.username
            )));
        }
        Ok(UserKey::Recorded(key))
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
        // Nor does one whose last entry is not signed by a recorded key (an
        // entry appended outside the program to launder such a change).
        if let Some(problem) = crate::storage::audit::user_row_problem(&self.conn, id)? {
            return Err(StorageError::Forbidden(format!(
                "用户“{username}”的记录最后一次写入时的审计签名不能核实（{problem}），不能登录。请管理员运行“wenze audit verify”查看，并从备份恢复。"
            )));
        }
        Ok(Some(crate::domain::auth::User {
            id,
            username,
            display_name,
            role,
        }))
    }

    /// Who signs a demo register's entries: the user signed in, or, on a
    /// register without active users, none yet (`insert_demo_user`).
    pub(in crate::storage) fn demo_signer(&mut self) -> Result<Option<Signer>> {
        if let Some(s) = &self.signer {
            return Ok(Some(Signer {
                user_id: s.user_id,
                key: s.key.clone(),
            }));
        }
        if self.user_count()? > 0 {
            return Err(StorageError::Forbidden(
                "本数据库已有用户：请由已登录的用户生成演示数据，或用 --db 指定新文件".to_owned(),
            ));
        }
        Ok(None)
    }

    /// The one role check with its audited refusal (the window, `wenze
    /// case` and the command line): Ok when `user` may do `act`; otherwise
    /// `refusal` ("拒绝…") is written to the audit log with who tried, and
    /// the refusal comes back in Chinese (saying so if it could not be
    /// recorded).
    pub fn require_role(
        &mut self,
        user: Option<&crate::domain::auth::User>,
        need: crate::domain::auth::Need,
        refusal: &str,
        act: &str,
    ) -> Result<()> {
        if user.is_some_and(|u| need.allows(u)) {
            return Ok(());
        }
        let who = user
            .map(|u| format!("{}（{}）", u.display_name, u.role))
            .unwrap_or_else(|| "未登录用户".to_owned());
        let said = format!("{who}无权{act}：只有{}可以办理", need.label());
        match self.audit_refusal(refusal, &format!("{who} 试图{act}")) {
            Ok(()) => Err(StorageError::Forbidden(format!("{said}。已记录此次拒绝。"))),
            Err(e) => Err(StorageError::Forbidden(format!(
                "{said}。此次拒绝未能写入审计日志：{e}"
            ))),
        }
    }

    /// Record an act that wrote no register row but must be known (personal
    /// data exported out of the register), by the signed-in user.
    pub(crate) fn audit_note(&mut self, action: &str, detail: &str) -> Result<()> {
        let (action, detail) = (action.to_owned(), detail.to_owned());
        self.write(|tx, actor| audit(tx, actor, &action, "exports", None, "", &detail))
    }

    /// Record an action refused for lack of a role.
    pub(crate) fn audit_refusal(&mut self, action: &str, detail: &str) -> Result<()> {
        let (action, detail) = (action.to_owned(), detail.to_owned());
        self.write(|tx, actor| audit(tx, actor, &action, "permissions", None, "", &detail))
    }
}

/// The demo register's own user (never active).
const DEMO_USER: &str = "演示数据";

/// The users table's code in the audit's row records.
const USERS: i64 = 5;

/// The demo register's own user, inside the demo's first transaction:
/// never active (it can never sign in), with a random password that is
/// never kept; its key signs the demo's entries, its own creation first.
pub(in crate::storage) fn insert_demo_user(tx: &Connection, actor: &str) -> Result<Signer> {
    let mut secret = [0u8; 32];
    argon2::password_hash::rand_core::RngCore::try_fill_bytes(
        &mut argon2::password_hash::rand_core::OsRng,
        &mut secret,
    )
    .map_err(|_| {
        StorageError::Invalid("无法生成演示数据用户的密码（系统随机数不可用）".to_owned())
    })?;
    let password: String = secret.iter().map(|b| format!("{b:02x}")).collect();
    let c = Credentials::new(&password).map_err(StorageError::Invalid)?;
    let id = insert_user_in(
        tx,
        actor,
        DEMO_USER,
        "演示数据生成程序",
        UserRole::Clerk,
        &c,
    )?;
    crate::storage::audit::allow_user_change(tx, id)?;
    tx.execute("UPDATE users SET active = 0 WHERE id = ?1", [id])?;
    crate::storage::audit::end_user_change(tx, id)?;
    audit(tx, actor, "停用用户", "users", Some(id), "", DEMO_USER)?;
    Ok(Signer {
        user_id: id,
        key: c.key.key.clone(),
    })
}

/// A signed-in user's key: as recorded, or new (none was recorded).
enum UserKey {
    Recorded(ed25519_dalek::SigningKey),
    New(crate::domain::auth::UserKey),
}

/// Record `key` as user `id`'s (its salt with it) and in the history of
/// keys, inside an audited write (the users guard opened for it).
pub(in crate::storage) fn set_key_in(
    tx: &Connection,
    id: i64,
    key: &crate::domain::auth::UserKey,
) -> Result<()> {
    let public = key.public_key().to_vec();
    crate::storage::audit::allow_user_change(tx, id)?;
    tx.execute(
        "UPDATE users SET public_key = ?1, key_salt = ?2 WHERE id = ?3",
        params![public, key.salt, id],
    )?;
    crate::storage::audit::end_user_change(tx, id)?;
    tx.execute(
        "INSERT INTO user_keys (user_id, public_key) VALUES (?1, ?2)",
        params![id, public],
    )?;
    Ok(())
}

fn insert_user_in(
    tx: &Connection,
    actor: &str,
    u: &str,
    d: &str,
    r: UserRole,
    c: &Credentials,
) -> Result<i64> {
    tx.execute(
        "INSERT INTO users (username, display_name, role, password_hash, public_key, key_salt)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![u, d, r, c.hash, c.key.public_key().to_vec(), c.key.salt],
    )
    .map_err(|e| match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::ConstraintViolation) => {
            StorageError::Invalid(format!("用户名“{u}”已存在"))
        }
        _ => e.into(),
    })?;
    let id = tx.last_insert_rowid();
    tx.execute(
        "INSERT INTO user_keys (user_id, public_key) VALUES (?1, ?2)",
        params![id, c.key.public_key().to_vec()],
    )?;
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
