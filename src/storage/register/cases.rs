//! Cases: registering one (线索登记), its stage, archiving, its facts.

use crate::domain::ids::CaseId;
use rusqlite::{Connection, OptionalExtension, params};

use super::{MAX_TEXT_CHARS, allocate_in, audit, check_size};
use crate::domain::NewCase;
use crate::domain::procedure::Stage;
use crate::storage::{Result, Storage, StorageError, search};

impl Storage {
    /// Register a new case (线索登记) with its respondents, facts and reporter.
    pub fn create_case(&mut self, c: &NewCase) -> Result<(CaseId, String)> {
        let c = c.clone();
        self.write(|tx, actor| create_case_in(tx, actor, &c))
    }

    /// Move an undecided case to a drafting stage (线索登记 … 审批与送达).
    /// A decided stage is never set by hand: it follows from the records
    /// (`Stage::of_case`), and a decided case keeps the one the rule gives.
    pub fn set_stage(&mut self, case_id: CaseId, stage: Stage) -> Result<()> {
        if stage.is_decided() {
            return Err(StorageError::Invalid(format!(
                "“{stage}”由决定、送达和复查/申诉的记录确定，不能直接设置"
            )));
        }
        self.write(|tx, actor| {
            let before: Stage =
                tx.query_row("SELECT stage FROM cases WHERE id = ?1", [case_id], |r| {
                    r.get(0)
                })?;
            tx.execute(
                "UPDATE cases SET stage = ?1 WHERE id = ?2",
                params![stage, case_id],
            )?;
            crate::storage::procedure::settle_stage(tx, case_id)?;
            let after: Stage =
                tx.query_row("SELECT stage FROM cases WHERE id = ?1", [case_id], |r| {
                    r.get(0)
                })?;
            audit(
                tx,
                actor,
                "变更阶段",
                "cases",
                Some(case_id.get()),
                before.label(),
                after.label(),
            )
        })
    }

    pub fn archive_case(&mut self, case_id: CaseId) -> Result<()> {
        self.write(|tx, actor| {
            tx.execute("UPDATE cases SET archived = 1 WHERE id = ?1", [case_id])?;
            audit(tx, actor, "归档", "cases", Some(case_id.get()), "0", "1")
        })
    }
}

pub(in crate::storage) fn create_case_in(
    tx: &Connection,
    actor: &str,
    c: &NewCase,
) -> Result<(CaseId, String)> {
    check_size("线索摘要", &c.summary, MAX_TEXT_CHARS)?;
    for f in &c.facts {
        check_size("事实", f, MAX_TEXT_CHARS)?;
    }
    let code: String = tx
        .query_row(
            "SELECT value FROM settings WHERE key = 'office_code'",
            [],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or_else(|| "环问".to_owned());
    let case_no = match &c.case_no {
        Some(n) => n.clone(),
        None => allocate_in(
            tx,
            actor,
            &format!("{code}案"),
            (c.received_on.year(), None),
            "案号",
            None,
        )?,
    };
    tx.execute(
        "INSERT INTO cases (case_no, regulation_id, stage, clue_source, received_on, summary, tolerance_overlay)
         VALUES (?1, ?2, ?7, ?3, ?4, ?5, ?6)",
        params![case_no, c.regulation_id, c.clue_source, c.received_on.to_string(), c.summary, c.tolerance_overlay, Stage::Clue],
    )
    .map_err(|e| match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::ConstraintViolation) => StorageError::Invalid(format!("案号 {case_no} 已存在")),
        _ => e.into(),
    })?;
    let case_id = CaseId::new(tx.last_insert_rowid());
    for (person_id, role) in &c.respondents {
        let (unit, post, rank): (String, String, String) = tx.query_row(
            "SELECT COALESCE(u.name, ''), p.post, p.rank FROM persons p LEFT JOIN units u ON u.id = p.unit_id WHERE p.id = ?1",
            [person_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        tx.execute(
            "INSERT INTO respondents (case_id, person_id, role, unit_at_time, post_at_time, rank_at_time)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![case_id, person_id, role, unit, post, rank],
        )?;
    }
    crate::storage::search::set_pinyin_key(tx, case_id)?;
    for (i, fact) in c.facts.iter().enumerate() {
        tx.execute(
            "INSERT INTO facts (case_id, seq, text) VALUES (?1, ?2, ?3)",
            params![case_id, i as i64 + 1, fact],
        )?;
    }
    if let Some(r) = &c.reporter {
        tx.execute(
            "INSERT INTO reporters (case_id, name, contact, note) VALUES (?1, ?2, ?3, ?4)",
            params![case_id, r.name, r.contact, r.note],
        )?;
    }
    // The reporter's identity never enters the audit text.
    audit(
        tx,
        actor,
        "登记案件",
        "cases",
        Some(case_id.get()),
        "",
        &format!(
            "{case_no} {} {} {}",
            c.regulation_id, c.received_on, c.summary
        ),
    )?;
    search::reindex_case(tx, case_id)?;
    Ok((case_id, case_no))
}
