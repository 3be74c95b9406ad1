//! The reporter (举报人): masked for screens, in full only for the roles
//! allowed to read it, every reading audited.

use crate::domain::ids::CaseId;
use rusqlite::OptionalExtension;

use super::audit;
use crate::domain::Reporter;
use crate::domain::auth::UserRole;
use crate::storage::{Result, Storage, StorageError};

/// Roles that may read a reporter's identity (徐水 第六条(十)).
pub const REPORTER_READERS: [UserRole; 2] = [UserRole::Reviewer, UserRole::Admin];

impl Storage {
    /// The reporter's identity, masked (for screens).
    pub fn reporter_masked(&self, case_id: CaseId) -> Result<Option<String>> {
        let name: Option<String> = self
            .conn
            .query_row(
                "SELECT name FROM reporters WHERE case_id = ?1",
                [case_id],
                |r| r.get(0),
            )
            .optional()?;
        Ok(name.filter(|n| !n.is_empty()).map(|n| mask_name(&n)))
    }

    /// The reporter's full identity, for a role allowed to read it. Every
    /// read (and every refused attempt) is audited.
    pub fn reporter(&mut self, case_id: CaseId, role: UserRole) -> Result<Option<Reporter>> {
        if !REPORTER_READERS.contains(&role) {
            // The refused attempt is recorded too.
            self.write(|tx, actor| {
                audit(
                    tx,
                    actor,
                    "拒绝查阅举报人信息",
                    "reporters",
                    Some(case_id.get()),
                    "",
                    &format!("角色：{role}"),
                )
            })?;
            return Err(StorageError::Forbidden(format!(
                "角色“{role}”无权查阅举报人信息（仅审核人、管理员可查阅）"
            )));
        }
        self.write(|tx, actor| {
            audit(
                tx,
                actor,
                "查阅举报人信息",
                "reporters",
                Some(case_id.get()),
                "",
                &format!("角色：{role}"),
            )?;
            Ok(tx
                .query_row(
                    "SELECT name, contact, note FROM reporters WHERE case_id = ?1",
                    [case_id],
                    |r| {
                        Ok(Reporter {
                            name: r.get(0)?,
                            contact: r.get(1)?,
                            note: r.get(2)?,
                        })
                    },
                )
                .optional()?)
        })
    }
}

/// 王建国 → 王**; 欧阳娜娜 → 欧***.
pub fn mask_name(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => format!("{first}{}", "*".repeat(chars.count().max(1))),
        None => String::new(),
    }
}
