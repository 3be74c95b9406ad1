//! Units and persons: registering them and finding them by name.

use crate::domain::ids::PersonId;
use rusqlite::{Connection, OptionalExtension, params};

use super::{MAX_NAME_CHARS, audit, check_size};
use crate::domain::{NewPerson, PersonRow};
use crate::storage::{Result, Storage, StorageError};

impl Storage {
    pub fn add_person(&mut self, p: &NewPerson) -> Result<PersonId> {
        let p = p.clone();
        self.write(|tx, actor| person_in(tx, actor, &p))
    }

    /// Persons whose name starts with `prefix` (search as you type).
    pub fn find_persons(&self, prefix: &str, limit: usize) -> Result<Vec<PersonRow>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT p.id, p.name, p.gender, COALESCE(u.name, ''), p.post, p.rank, p.status
               FROM persons p LEFT JOIN units u ON u.id = p.unit_id
              WHERE p.archived = 0 AND p.name >= ?1 AND p.name < ?1 || char(1114111)
              ORDER BY p.name, p.id LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![prefix.trim(), limit as i64], |r| {
            Ok(PersonRow {
                id: r.get(0)?,
                name: r.get(1)?,
                gender: r.get(2)?,
                unit: r.get(3)?,
                post: r.get(4)?,
                rank: r.get(5)?,
                status: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }
}

pub(in crate::storage) fn unit_in(tx: &Connection, actor: &str, name: &str) -> Result<i64> {
    if let Some(id) = tx
        .query_row("SELECT id FROM units WHERE name = ?1", [name], |r| r.get(0))
        .optional()?
    {
        return Ok(id);
    }
    tx.execute("INSERT INTO units (name) VALUES (?1)", [name])?;
    let id = tx.last_insert_rowid();
    audit(tx, actor, "新增单位", "units", Some(id), "", name)?;
    Ok(id)
}

pub(in crate::storage) fn person_in(
    tx: &Connection,
    actor: &str,
    p: &NewPerson,
) -> Result<PersonId> {
    check_size("姓名", &p.name, MAX_NAME_CHARS)?;
    check_size("单位", &p.unit, MAX_NAME_CHARS)?;
    check_size("职务", &p.post, MAX_NAME_CHARS)?;
    let unit_id = if p.unit.trim().is_empty() {
        None
    } else {
        Some(unit_in(tx, actor, p.unit.trim())?)
    };
    tx.execute(
        "INSERT INTO persons (name, gender, id_number, unit_id, post, rank, party_member, status)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            p.name,
            p.gender,
            p.id_number,
            unit_id,
            p.post,
            p.rank,
            p.party_member,
            p.status
        ],
    )
    .map_err(|e| match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::ConstraintViolation) => StorageError::Invalid(format!(
            "身份证号码 {} 已登记在其他人员名下",
            p.id_number.as_deref().unwrap_or("")
        )),
        _ => e.into(),
    })?;
    let id = tx.last_insert_rowid();
    audit(
        tx,
        actor,
        "新增人员",
        "persons",
        Some(id),
        "",
        &format!("{} {} {}", p.name, p.unit, p.post),
    )?;
    Ok(PersonId::new(id))
}
