//! Historical decisions from an office's earlier 台账, written in one
//! audited transaction. Each row becomes a case (案号 allocated, stage
//! 已决定), its respondent (matched by 身份证号, else by name and unit, else
//! added) and a 问责 decision with the ledger's 文号 and date — the history
//! the rules engine reads for repeat offences — with the behaviours its 依据
//! cites and its 情节 level, where recorded, as selections (类案参考).

use crate::domain::ids::{PersonId, RespondentId};
use rusqlite::{Connection, OptionalExtension, params};

use super::register::{audit, create_case_in, person_in};
use super::{Result, Storage, search};
use crate::domain::procedure::SelectionKind;
use crate::domain::{NewCase, NewPerson, RespondentRole};
use crate::interchange::ledger::HistoricRow;

/// What an import did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct ImportOutcome {
    /// Rows written as new historical decisions.
    pub(crate) imported: usize,
    /// Rows already imported earlier (same content): skipped.
    pub(crate) already: usize,
}

impl Storage {
    /// Write `rows` (already checked by `interchange::ledger::parse`) as
    /// historical decisions, all or nothing; `source` names the file in the
    /// audit log and in each decision's 审批 field.
    pub(crate) fn import_history(
        &mut self,
        rows: &[HistoricRow],
        source: &str,
    ) -> Result<ImportOutcome> {
        let source = source.to_owned();
        let rows = rows.to_vec();
        self.write_public(move |tx, actor| {
            let mut out = ImportOutcome::default();
            for row in &rows {
                let seen: Option<i64> = tx
                    .query_row(
                        "SELECT case_id FROM imported_rows WHERE row_key = ?1",
                        [&row.key],
                        |r| r.get(0),
                    )
                    .optional()?;
                if seen.is_some() {
                    out.already += 1;
                    continue;
                }
                import_row(tx, actor, row, &source)?;
                out.imported += 1;
            }
            audit(
                tx,
                actor,
                "导入台账",
                "imported_rows",
                None,
                "",
                &format!(
                    "来源 {source}：新导入 {} 条，已导入过 {} 条",
                    out.imported, out.already
                ),
            )?;
            Ok(out)
        })
    }
}

fn find_person(tx: &Connection, row: &HistoricRow) -> Result<Option<PersonId>> {
    if let Some(id) = &row.id_number {
        let found: Option<PersonId> = tx
            .query_row("SELECT id FROM persons WHERE id_number = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?;
        if found.is_some() {
            return Ok(found);
        }
        // A person recorded without a number is the same person only if the
        // name and unit match; the number is not added to them here.
    }
    Ok(tx
        .query_row(
            "SELECT p.id FROM persons p LEFT JOIN units u ON u.id = p.unit_id
              WHERE p.name = ?1 AND COALESCE(u.name, '') = ?2
                AND (?3 IS NULL OR p.id_number IS NULL OR p.id_number = ?3)
              ORDER BY p.id LIMIT 1",
            params![row.name, row.unit, row.id_number],
            |r| r.get(0),
        )
        .optional()?)
}

fn import_row(tx: &Connection, actor: &str, row: &HistoricRow, source: &str) -> Result<()> {
    let person_id = match find_person(tx, row)? {
        Some(id) => id,
        None => person_in(
            tx,
            actor,
            &NewPerson {
                name: row.name.clone(),
                gender: row.gender.clone(),
                id_number: row.id_number.clone(),
                unit: row.unit.clone(),
                post: row.post.clone(),
                rank: String::new(),
                party_member: false,
                status: "在职".to_owned(),
            },
        )?,
    };
    let summary = if row.matter.is_empty() {
        format!("历史台账导入：{}", row.name)
    } else {
        row.matter.clone()
    };
    let (case_id, case_no) = create_case_in(
        tx,
        actor,
        &NewCase {
            case_no: None,
            regulation_id: row.regulation_id.clone(),
            tolerance_overlay: false,
            clue_source: "历史台账导入".to_owned(),
            received_on: row.decided_on,
            summary,
            respondents: vec![(person_id, RespondentRole::Handler)],
            facts: if row.matter.is_empty() {
                Vec::new()
            } else {
                vec![row.matter.clone()]
            },
            reporter: None,
        },
    )?;
    // The ledger's unit and post at the time, not the person's current ones.
    tx.execute(
        "UPDATE respondents SET unit_at_time = ?1, post_at_time = ?2 WHERE case_id = ?3 AND person_id = ?4",
        params![row.unit, row.post, case_id, person_id],
    )?;
    let respondent_id: RespondentId = tx.query_row(
        "SELECT id FROM respondents WHERE case_id = ?1 AND person_id = ?2",
        params![case_id, person_id],
        |r| r.get(0),
    )?;
    // What the ledger records of the conduct: the behaviours its 依据 cites
    // and the 情节 level where it has one — as the wizard records them, so
    // 类案参考 and the statistics read imported decisions like the rest.
    let found = row
        .behaviours
        .iter()
        .map(|b| (SelectionKind::Behaviour, b))
        .chain(row.level.iter().map(|l| (SelectionKind::Severity, l)));
    for (kind, item) in found {
        tx.execute(
            "INSERT INTO selections (respondent_id, regulation_id, kind, item_id) VALUES (?1, ?2, ?3, ?4)",
            params![respondent_id, row.regulation_id, kind, item],
        )?;
    }
    let doc_no = historic_doc_no(tx, row, &case_no)?;
    let methods = crate::storage::convert::json_of(&row.methods)?;
    tx.execute(
        "INSERT INTO decisions (case_id, respondent_id, kind, doc_no, methods, measures, basis,
                                departure_reason, decided_on, approved_by)
         VALUES (?1, ?2, ?8, ?3, ?4, '[]', ?5, '', ?6, ?7)",
        params![
            case_id,
            respondent_id,
            doc_no,
            methods,
            row.basis,
            row.decided_on.to_string(),
            format!("历史台账导入（{source}）"),
            crate::domain::procedure::DecisionKind::Accountability
        ],
    )?;
    let decision_id = tx.last_insert_rowid();
    tx.execute(
        "UPDATE cases SET decided_on = ?1, outcome = ?3 WHERE id = ?2",
        params![
            row.decided_on.to_string(),
            case_id,
            crate::domain::procedure::DecisionKind::Accountability
        ],
    )?;
    crate::storage::procedure::settle_stage(tx, case_id)?;
    tx.execute(
        "INSERT INTO imported_rows (row_key, case_id, decision_id, source, line) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![row.key, case_id, decision_id, source, row.line as i64],
    )?;
    audit(
        tx,
        actor,
        "导入历史决定",
        "decisions",
        Some(decision_id),
        "",
        &format!(
            "{source} 第{}行 {case_no} {doc_no} {} {}{}",
            row.line,
            row.decided_on,
            row.methods.join("、"),
            match &row.level {
                Some(l) => format!(" 情节{l}"),
                None => String::new(),
            }
        ),
    )?;
    search::reindex_case(tx, case_id)?;
    Ok(())
}

/// The ledger's 文号 when it is free; one 文号 shared by several people in
/// the ledger (one decision naming several respondents) is kept with the
/// person's name; no 文号 → "（台账未载文号）" with the case's 案号.
fn historic_doc_no(tx: &Connection, row: &HistoricRow, case_no: &str) -> Result<String> {
    let taken = |no: &str| -> Result<bool> {
        Ok(tx
            .query_row(
                "SELECT 1 FROM decisions WHERE doc_no = ?1",
                [no],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    };
    if row.doc_no.is_empty() {
        return Ok(format!("{case_no}（台账未载文号）"));
    }
    if !taken(&row.doc_no)? {
        return Ok(row.doc_no.clone());
    }
    let with_name = format!("{}（{}）", row.doc_no, row.name);
    if !taken(&with_name)? {
        return Ok(with_name);
    }
    Ok(format!("{}（{}，{}）", row.doc_no, row.name, case_no))
}
