//! Drafts of the case wizard, with the reporter kept apart from the form.

use crate::domain::ids::CaseId;
use rusqlite::{OptionalExtension, params};

use super::{audit, now_utc};
use crate::storage::{Result, Storage, StorageError};

/// A draft opened for its author or a reviewer: step, raw form, and the
/// reporter (name, contact) kept apart from it.
pub(crate) type OpenedDraft = (u32, String, Option<(String, String)>);

impl Storage {
    pub fn save_draft(
        &mut self,
        key: &str,
        case_id: Option<CaseId>,
        step: u32,
        data: &str,
    ) -> Result<()> {
        let (key, data) = (key.to_owned(), data.to_owned());
        self.write(|tx, actor| {
            tx.execute(
                "INSERT INTO drafts (key, case_id, step, data, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT(key) DO UPDATE SET case_id = excluded.case_id, step = excluded.step,
                     data = excluded.data, updated_at = excluded.updated_at",
                params![key, case_id, step, data, now_utc()],
            )?;
            audit(tx, actor, "保存草稿", &format!("drafts:{key}"), case_id.map(CaseId::get), "", &format!("第{}步", step + 1))
        })
    }

    /// Save a draft whose reporter (举报人) is kept apart from the raw form
    /// (`data` must not contain it): in `draft_reporters`, never in the
    /// audit text. The draft records its author (the acting user).
    pub(crate) fn save_draft_protected(
        &mut self,
        key: &str,
        step: u32,
        data: &str,
        reporter: Option<(&str, &str)>,
    ) -> Result<()> {
        let (key, data) = (key.to_owned(), data.to_owned());
        let reporter = reporter.map(|(n, c)| (n.to_owned(), c.to_owned()));
        self.write(|tx, actor| {
            tx.execute(
                "INSERT INTO drafts (key, case_id, step, data, updated_at, author) VALUES (?1, NULL, ?2, ?3, ?4, ?5)
                 ON CONFLICT(key) DO UPDATE SET step = excluded.step,
                     data = excluded.data, updated_at = excluded.updated_at",
                params![key, step, data, now_utc(), actor],
            )?;
            match &reporter {
                Some((name, contact)) => tx.execute(
                    "INSERT INTO draft_reporters (key, name, contact) VALUES (?1, ?2, ?3)
                     ON CONFLICT(key) DO UPDATE SET name = excluded.name, contact = excluded.contact",
                    params![key, name, contact],
                )?,
                None => tx.execute("DELETE FROM draft_reporters WHERE key = ?1", [&key])?,
            };
            audit(tx, actor, "保存草稿", &format!("drafts:{key}"), None, "", &format!("第{}步", step + 1))
        })
    }

    /// Open a draft for `user`: its author, a reviewer or an administrator
    /// (others are refused, and the refusal audited). Returns the step, the
    /// raw form and the reporter kept apart (its reading audited).
    pub fn open_draft(
        &mut self,
        key: &str,
        user: &crate::domain::auth::User,
    ) -> Result<Option<OpenedDraft>> {
        let row: Option<(u32, String, String)> = self
            .conn
            .query_row(
                "SELECT step, data, author FROM drafts WHERE key = ?1",
                [key],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let Some((step, data, author)) = row else {
            return Ok(None);
        };
        let me = format!("{}（{}）", user.display_name, user.role);
        if !(author == me || author.is_empty() || user.may_issue()) {
            let key = key.to_owned();
            self.write(|tx, actor| {
                audit(
                    tx,
                    actor,
                    "拒绝打开草稿",
                    &format!("drafts:{key}"),
                    None,
                    "",
                    "非草稿作者，且无审核人或管理员权限",
                )
            })?;
            return Err(StorageError::Forbidden(
                "这份草稿只能由其录入人、审核人或管理员打开。已记录此次拒绝。".to_owned(),
            ));
        }
        let reporter: Option<(String, String)> = self
            .conn
            .query_row(
                "SELECT name, contact FROM draft_reporters WHERE key = ?1",
                [key],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        if reporter.is_some() {
            let key = key.to_owned();
            self.write(|tx, actor| {
                audit(
                    tx,
                    actor,
                    "读取举报人信息（草稿）",
                    &format!("drafts:{key}"),
                    None,
                    "",
                    "",
                )
            })?;
        }
        Ok(Some((step, data, reporter)))
    }

    pub fn load_draft(&self, key: &str) -> Result<Option<(u32, String)>> {
        Ok(self
            .conn
            .query_row("SELECT step, data FROM drafts WHERE key = ?1", [key], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?)
    }

    /// Drafts in progress (key, step, updated).
    pub(crate) fn drafts(&self) -> Result<Vec<(String, u32, String)>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT key, step, updated_at FROM drafts WHERE case_id IS NULL ORDER BY updated_at DESC")?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Mark a draft as finished (it stays, linked to its case).
    pub(crate) fn finish_draft(&mut self, key: &str, case_id: CaseId) -> Result<()> {
        let key = key.to_owned();
        self.write(|tx, actor| {
            tx.execute(
                "UPDATE drafts SET case_id = ?1 WHERE key = ?2",
                params![case_id, key],
            )?;
            audit(
                tx,
                actor,
                "草稿完成",
                &format!("drafts:{key}"),
                Some(case_id.get()),
                "",
                "",
            )
        })
    }
}
