//! The person file: every case across years and units, decisions, bans.

use crate::domain::ids::PersonId;
use rusqlite::OptionalExtension;

use super::{DECISION_SELECT, FOLLOW_UP_SELECT, decision_row, follow_up_row};
use crate::domain::views::PersonFile;
use crate::storage::register::list_row;
use crate::storage::{Result, Storage, StorageError};

impl Storage {
    /// A person's file: every case across years and units, decisions, bans.
    pub fn person_file(&self, person_id: PersonId) -> Result<PersonFile> {
        let head: (String, String, Option<String>, String, String, String, String) = self
            .conn
            .query_row(
                "SELECT p.name, p.gender, p.id_number, COALESCE(u.name, ''), p.post, p.rank, p.status
                   FROM persons p LEFT JOIN units u ON u.id = p.unit_id WHERE p.id = ?1",
                [person_id],
                |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                        r.get(6)?,
                    ))
                },
            )
            .optional()?
            .ok_or_else(|| StorageError::Invalid(format!("没有编号为 {person_id} 的人员")))?;
        let cases = self.rows(
            "SELECT c.id, c.case_no, c.regulation_id, c.stage, c.received_on, c.decided_on,
                    p.name, r.unit_at_time, c.sort_pinyin
               FROM respondents r JOIN cases c ON c.id = r.case_id JOIN persons p ON p.id = r.person_id
              WHERE r.person_id = ?1 AND c.archived = 0
              ORDER BY c.received_on DESC, c.id DESC",
            person_id,
            list_row,
        )?;
        let decisions = self.rows(
            &format!(
                "{} WHERE r.person_id = ?1 ORDER BY d.decided_on DESC, d.id DESC",
                *DECISION_SELECT
            ),
            person_id,
            decision_row,
        )?;
        let follow_ups = self.rows(
            &format!(
                "{FOLLOW_UP_SELECT} WHERE r.person_id = ?1 AND f.archived = 0
                 ORDER BY f.ends_on DESC, f.id DESC"
            ),
            person_id,
            follow_up_row,
        )?;
        let (name, gender, id_number, unit, post, rank, status) = head;
        Ok(PersonFile {
            id: person_id,
            name,
            gender,
            id_number_masked: id_number.as_deref().map(mask_id).unwrap_or_default(),
            unit,
            post,
            rank,
            status,
            cases,
            decisions,
            follow_ups,
        })
    }

    // ------------------------------------------------------------ dashboard
}

/// 110101199003070015 → 1101**********0015.
fn mask_id(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    if chars.len() <= 8 {
        return "*".repeat(chars.len());
    }
    let head: String = chars[..4].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}{}{tail}", "*".repeat(chars.len() - 8))
}
