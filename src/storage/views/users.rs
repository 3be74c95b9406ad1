//! The settings screen's users: the list, enabling and disabling, roles;
//! the last active administrator always stays.

use rusqlite::{OptionalExtension, params};

use crate::domain::auth::{Credentials, UserRole};
use crate::storage::register::audit;
use crate::storage::{Result, Storage, StorageError};

/// A user as the settings list it: (id, username, display name, role, active).
pub(crate) type UserRow = (i64, String, String, String, bool);

impl Storage {
    /// All users: (id, username, display name, role, active).
    pub(crate) fn users(&self) -> Result<Vec<UserRow>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, username, display_name, role, active FROM users ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Enable or disable a user (users are never deleted). The last active
    /// administrator cannot be disabled.
    pub fn set_user_active(&mut self, id: i64, active: bool) -> Result<()> {
        self.write_public(|tx, actor| {
            let (name, role): (String, UserRole) = tx.query_row(
                "SELECT username, role FROM users WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            if !active && role == UserRole::Admin {
                keep_an_administrator(tx, id, "不能停用最后一个管理员账户")?;
            }
            crate::storage::audit::allow_user_change(tx, id)?;
            tx.execute(
                "UPDATE users SET active = ?1 WHERE id = ?2",
                params![active, id],
            )?;
            crate::storage::audit::end_user_change(tx, id)?;
            audit(
                tx,
                actor,
                if active {
                    "启用用户"
                } else {
                    "停用用户"
                },
                "users",
                Some(id),
                "",
                &name,
            )
        })
    }

    /// Set a user's password (its Argon2id hash and the signing key it
    /// gives, `Credentials`): an administrator's reset (重置密码) or the
    /// user's own change (修改密码, `own`), audited with who did it — never
    /// with the hash. The user's key rotates in the same entry, which the
    /// signed-in user signs (the old key, for one's own change); a user
    /// changing their own password signs with the new key from then on. An
    /// administrator's reset records the key of the password the
    /// administrator sets, so every entry stays verifiable.
    pub fn set_user_password(
        &mut self,
        id: i64,
        credentials: &Credentials,
        own: bool,
    ) -> Result<()> {
        self.write_public(|tx, actor| {
            let name: String = tx
                .query_row("SELECT username FROM users WHERE id = ?1", [id], |r| {
                    r.get(0)
                })
                .optional()?
                .ok_or_else(|| StorageError::Invalid("没有这个用户".to_owned()))?;
            crate::storage::audit::allow_user_change(tx, id)?;
            tx.execute(
                "UPDATE users SET password_hash = ?1 WHERE id = ?2",
                params![credentials.hash, id],
            )?;
            crate::storage::audit::end_user_change(tx, id)?;
            crate::storage::register::set_key_in(tx, id, &credentials.key)?;
            audit(
                tx,
                actor,
                if own {
                    "修改本人密码"
                } else {
                    "重置密码"
                },
                "users",
                Some(id),
                "",
                &name,
            )
        })?;
        if let Some(signer) = self.signer.as_mut()
            && signer.user_id == id
        {
            signer.key = credentials.key.key.clone();
        }
        Ok(())
    }

    /// Change a user's role. The last active administrator keeps the role.
    pub fn set_user_role(&mut self, id: i64, role: UserRole) -> Result<()> {
        self.write_public(|tx, actor| {
            let (name, before): (String, UserRole) = tx.query_row(
                "SELECT username, role FROM users WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            if before == UserRole::Admin && role != UserRole::Admin {
                keep_an_administrator(tx, id, "不能取消最后一个管理员的管理员角色")?;
            }
            crate::storage::audit::allow_user_change(tx, id)?;
            tx.execute(
                "UPDATE users SET role = ?1 WHERE id = ?2",
                params![role, id],
            )
            .map_err(|e| match e.sqlite_error_code() {
                Some(rusqlite::ErrorCode::ConstraintViolation) => {
                    StorageError::Invalid(format!("角色“{role}”无效"))
                }
                _ => e.into(),
            })?;
            crate::storage::audit::end_user_change(tx, id)?;
            audit(
                tx,
                actor,
                "更改角色",
                "users",
                Some(id),
                before.label(),
                &format!("{name} {role}"),
            )
        })
    }
}

/// Refuse (with `message`) a change that would leave no active
/// administrator besides user `id`.
fn keep_an_administrator(tx: &rusqlite::Connection, id: i64, message: &str) -> Result<()> {
    let others: i64 = tx.query_row(
        "SELECT count(*) FROM users WHERE role = '管理员' AND active = 1 AND id <> ?1",
        [id],
        |r| r.get(0),
    )?;
    if others == 0 {
        return Err(StorageError::Invalid(message.to_owned()));
    }
    Ok(())
}
