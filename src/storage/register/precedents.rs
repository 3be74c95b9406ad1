//! 类案参考: the register's earlier standing decisions for the same conduct.

use crate::domain::ids::CaseId;
use rusqlite::params;

use crate::domain::precedent::Precedent;
use crate::domain::procedure::SelectionKind;
use crate::storage::register::STANDING;
use crate::storage::{Result, Storage};

/// The most similar decisions a respondent is compared with (the newest
/// first); enough for a distribution, small enough for the query thread.
pub const PRECEDENT_LIMIT: usize = 500;

impl Storage {
    /// The standing decisions under `regulation` whose respondent's
    /// selections include `behaviour` and the severity level `level`,
    /// outside case `exclude_case`, newest first, at most `limit`. Each
    /// carries the respondent's factors and whether 容错 was recorded.
    ///
    /// The query walks `precedent_keys` (migration 22: each decision under
    /// the regulation, behaviour and level of its respondent, in date order)
    /// from the newest, `CROSS JOIN` keeping SQLite on that index so the
    /// walk stops at `limit`; each row is checked against the records (the
    /// selections still stand, the decision stands, the case is not
    /// archived), so the derived table only narrows where to look. The
    /// respondent's own selections are checked through
    /// `selections_respondent` (`INDEXED BY`): on a 1,000,000-case register
    /// SQLite otherwise chose `selections_item` and walked every selection
    /// of the behaviour for each row (90 s a query). Figures in
    /// docs/benchmarks.md; it runs on the query thread.
    pub fn similar_decisions(
        &self,
        regulation: &str,
        behaviour: &str,
        level: &str,
        exclude_case: Option<CaseId>,
        limit: usize,
    ) -> Result<Vec<Precedent>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT d.doc_no, d.decided_on, r.unit_at_time, p.name, r.role, d.kind, d.methods,
                    EXISTS (SELECT 1 FROM remedies WHERE decision_id = d.id AND outcome = '维持'),
                    (SELECT json_group_array(json_array(f.kind, f.item_id)) FROM selections f
                      WHERE f.respondent_id = r.id AND f.archived = 0 AND f.kind IN (?8, ?9, ?10))
               FROM precedent_keys k
               CROSS JOIN decisions d ON d.id = k.decision_id
               CROSS JOIN respondents r ON r.id = d.respondent_id AND r.archived = 0
               CROSS JOIN cases c ON c.id = r.case_id AND c.archived = 0 AND c.regulation_id = ?1
               CROSS JOIN persons p ON p.id = r.person_id
              WHERE k.regulation_id = ?1 AND k.behaviour = ?2 AND k.level = ?3
                AND r.case_id IS NOT ?4
                AND EXISTS (SELECT 1 FROM selections sb INDEXED BY selections_respondent
                             WHERE sb.respondent_id = r.id
                             AND sb.kind = ?5 AND sb.item_id = ?2 AND sb.regulation_id = ?1
                             AND sb.archived = 0)
                AND EXISTS (SELECT 1 FROM selections sl INDEXED BY selections_respondent
                             WHERE sl.respondent_id = r.id
                             AND sl.kind = ?6 AND sl.item_id = ?3 AND sl.regulation_id = ?1
                             AND sl.archived = 0)
                AND {standing}
              ORDER BY k.decided_on DESC, k.decision_id DESC
              LIMIT ?7",
            standing = STANDING.as_str()
        ))?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = stmt.query_map(
            params![
                regulation,
                behaviour,
                level,
                exclude_case,
                SelectionKind::Behaviour,
                SelectionKind::Severity,
                limit,
                SelectionKind::Factor,
                SelectionKind::OverlayFactor,
                SelectionKind::ToleranceSituation
            ],
            precedent_row,
        )?;
        let out = rows.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(out)
    }
}

fn precedent_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Precedent> {
    let selections: Vec<(String, String)> = crate::storage::convert::json_column(r, 8)?;
    let mut p = Precedent {
        doc_no: r.get(0)?,
        decided_on: r.get(1)?,
        unit: r.get(2)?,
        name: r.get(3)?,
        role: r.get(4)?,
        kind: r.get(5)?,
        methods: crate::storage::convert::json_column(r, 6)?,
        factors: Vec::new(),
        tolerance: false,
        upheld: r.get(7)?,
    };
    for (kind, id) in selections {
        if kind == SelectionKind::ToleranceSituation.key() {
            p.tolerance = true;
        } else if !p.factors.contains(&id) {
            p.factors.push(id);
        }
    }
    Ok(p)
}
