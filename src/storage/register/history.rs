//! Earlier decisions of persons and units, for the rules engine.

use crate::domain::ids::{CaseId, PersonId};
use rusqlite::params;

use crate::domain::procedure::{DecisionKind, RemedyOutcome};
use crate::rules::engine::{HistoryKind, HistoryRecord, HistoryStanding};
use crate::storage::{Result, Storage};

/// The one definition of a decision that stands (`d` is the `decisions`
/// row): not superseded by a later decision (变更, correction), not revoked
/// on 复查 or 申诉 (`remedies.outcome` 撤销), and not a 撤销 that a register
/// before schema 15 stored as a 复查 decision without methods. History,
/// statistics and the unit thresholds all read it; 维持 keeps the original
/// standing from its own date.
pub(in crate::storage) static STANDING: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| {
        format!(
            "d.id NOT IN (SELECT supersedes FROM decisions WHERE supersedes IS NOT NULL)
     AND d.id NOT IN (SELECT decision_id FROM remedies WHERE outcome = '{revoked}')
     AND NOT (d.kind = '{review}' AND d.methods = '[]')",
            revoked = RemedyOutcome::Revoke.label(),
            review = DecisionKind::Review.label(),
        )
    });

/// `d.kind` holds the person accountable (问责, or a 复查 decision that
/// changed one): the SQL form of [`DecisionKind::holds_accountable`].
pub(in crate::storage) static HOLDS_ACCOUNTABLE: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| {
        let kinds: Vec<String> = DecisionKind::ALL
            .into_iter()
            .filter(|k| k.holds_accountable())
            .map(|k| format!("'{}'", k.label()))
            .collect();
        format!("d.kind IN ({})", kinds.join(", "))
    });

/// The columns `history_row` reads, in its order (`d` the decision, `r` its
/// respondent, `p` the person, `c` the case): the last says whether a 复查
/// or 申诉 upheld it (维持).
pub(in crate::storage) const HISTORY_COLUMNS: &str =
    "p.id, p.name, r.unit_at_time, d.doc_no, d.decided_on, c.regulation_id, d.methods, d.kind,
     EXISTS (SELECT 1 FROM remedies WHERE decision_id = d.id AND outcome = '维持')";

impl Storage {
    /// Earlier decisions of these persons (by register person id).
    pub fn person_history(&self, person_ids: &[PersonId]) -> Result<Vec<HistoryRecord>> {
        let mut out = Vec::new();
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {HISTORY_COLUMNS}
               FROM decisions d
               JOIN respondents r ON r.id = d.respondent_id
               JOIN persons p ON p.id = r.person_id
               JOIN cases c ON c.id = d.case_id
              WHERE p.id = ?1
                AND {standing}
              ORDER BY d.decided_on",
            standing = STANDING.as_str()
        ))?;
        for pid in person_ids {
            let rows = stmt.query_map([pid], history_row)?;
            for r in rows {
                if let Some(h) = r? {
                    out.push(h);
                }
            }
        }
        Ok(out)
    }

    /// The history the rules engine needs for a case: every decision (not
    /// superseded) of the case's respondents made in other cases. The
    /// case's own decisions are not its history; which earlier decisions
    /// count (before the decision, within a year …) the engine decides from
    /// the case's own dates. Used by the case file, `wenze export --case`
    /// and the wizard.
    pub fn history_for_case(&self, case_id: CaseId) -> Result<Vec<HistoryRecord>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {HISTORY_COLUMNS}
               FROM decisions d
               JOIN respondents r ON r.id = d.respondent_id
               JOIN persons p ON p.id = r.person_id
               JOIN cases c ON c.id = d.case_id
              WHERE p.id IN (SELECT person_id FROM respondents WHERE case_id = ?1 AND archived = 0)
                AND d.case_id <> ?1
                AND {standing}
              ORDER BY d.decided_on, d.id",
            standing = STANDING.as_str()
        ))?;
        let rows = stmt.query_map([case_id], history_row)?;
        // Rows `history_row` cannot use (None) are skipped; errors are not.
        Ok(rows
            .filter_map(|r| r.transpose())
            .collect::<rusqlite::Result<_>>()?)
    }

    /// Decisions against people of `unit` in calendar `year` (000 第八条(二)).
    pub fn unit_history(&self, unit: &str, year: i16) -> Result<Vec<HistoryRecord>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {HISTORY_COLUMNS}
               FROM decisions d
               JOIN respondents r ON r.id = d.respondent_id
               JOIN persons p ON p.id = r.person_id
               JOIN cases c ON c.id = d.case_id
              WHERE r.unit_at_time = ?1 AND d.decided_on >= ?2 AND d.decided_on < ?3
                AND {standing}",
            standing = STANDING.as_str()
        ))?;
        let rows = stmt.query_map(
            params![
                unit,
                format!("{year:04}-01-01"),
                format!("{:04}-01-01", year + 1)
            ],
            history_row,
        )?;
        // Rows `history_row` cannot use (None) are skipped; errors are not.
        Ok(rows
            .filter_map(|r| r.transpose())
            .collect::<rusqlite::Result<_>>()?)
    }
}

pub(in crate::storage) fn history_row(
    r: &rusqlite::Row<'_>,
) -> rusqlite::Result<Option<HistoryRecord>> {
    let decided: String = r.get(4)?;
    let Ok(decided_on) = decided.parse() else {
        return Ok(None);
    };
    let methods: String = r.get(6)?;
    let kind: DecisionKind = r.get(7)?;
    let upheld: bool = r.get(8)?;
    // A 复查 decision is the original as changed on review; a revoked one
    // never reaches here (`STANDING`).
    let (kind, standing) = match kind {
        DecisionKind::Accountability => (HistoryKind::Accountability, HistoryStanding::Stands),
        DecisionKind::Review => (HistoryKind::Accountability, HistoryStanding::Changed),
        DecisionKind::NoAccountability => (HistoryKind::NoAccountability, HistoryStanding::Stands),
        DecisionKind::Exemption => (HistoryKind::ToleranceExempt, HistoryStanding::Stands),
    };
    let standing = if upheld {
        HistoryStanding::Upheld
    } else {
        standing
    };
    Ok(Some(HistoryRecord {
        person_id: r.get::<_, i64>(0)?.to_string(),
        name: r.get(1)?,
        unit: r.get(2)?,
        case_no: r.get(3)?,
        decided_on,
        regulation: r.get(5)?,
        methods: crate::storage::convert::json_text(&methods).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(6, rusqlite::types::Type::Text, Box::new(e))
        })?,
        kind: Some(kind),
        standing,
        no_accountability: kind != HistoryKind::Accountability,
    }))
}
