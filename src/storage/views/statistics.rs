//! The statistics screen's counts for a period, and a year's decisions
//! under a regulation (unit thresholds).

use rusqlite::params;

use crate::domain::precedent::ClusterDecision;
use crate::domain::views::Statistics;
use crate::rules::engine::HistoryRecord;
use crate::storage::register::{HISTORY_COLUMNS, history_row};
use crate::storage::{Result, Storage};

impl Storage {
    /// Counts for the period [from, to) (dates as YYYY-MM-DD).
    pub fn statistics(&self, from: &str, to: &str) -> Result<Statistics> {
        let count =
            |sql: &str| -> Result<i64> { Ok(self.conn.query_row(sql, [from, to], |r| r.get(0))?) };
        let groups = |sql: &str| -> Result<Vec<(String, i64)>> {
            let mut stmt = self.conn.prepare_cached(sql)?;
            let rows = stmt.query_map([from, to], |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        };
        use crate::domain::procedure::DecisionKind;
        use crate::storage::register::{HOLDS_ACCOUNTABLE, STANDING};
        let cases_received = count(
            "SELECT count(*) FROM cases WHERE archived = 0 AND received_on >= ?1 AND received_on < ?2",
        )?;
        let decisions = count(&format!(
            "SELECT count(*) FROM decisions d WHERE d.decided_on >= ?1 AND d.decided_on < ?2 AND {standing}",
            standing = STANDING.as_str()
        ))?;
        let by_regulation = groups(
            "SELECT regulation_id, count(*) FROM cases
              WHERE archived = 0 AND received_on >= ?1 AND received_on < ?2
              GROUP BY regulation_id ORDER BY regulation_id",
        )?;
        let by_outcome = groups(&format!(
            // A 复查 that changed the methods stands as a 问责.
            "SELECT CASE d.kind WHEN '{review}' THEN '{accountability}' ELSE d.kind END AS k, count(*) FROM decisions d
              WHERE d.decided_on >= ?1 AND d.decided_on < ?2 AND {standing}
              GROUP BY k ORDER BY count(*) DESC",
            standing = STANDING.as_str(), review = DecisionKind::Review.label(), accountability = DecisionKind::Accountability.label()
        ))?;
        let by_method = groups(&format!(
            "SELECT j.value, count(*) FROM decisions d, json_each(d.methods) j
              WHERE d.decided_on >= ?1 AND d.decided_on < ?2 AND {accountable} AND {standing}
              GROUP BY j.value ORDER BY count(*) DESC",
            standing = STANDING.as_str(),
            accountable = HOLDS_ACCOUNTABLE.as_str()
        ))?;
        let by_unit = groups(
            "SELECT r.unit_at_time, count(DISTINCT r.case_id) FROM cases c JOIN respondents r ON r.case_id = c.id
              WHERE c.archived = 0 AND c.received_on >= ?1 AND c.received_on < ?2
              GROUP BY r.unit_at_time ORDER BY count(DISTINCT r.case_id) DESC",
        )?;
        // One basis for the people held accountable (问责人次): the standing
        // 问责 decisions of the period (a 复查 that changed the methods is
        // one; a revoked decision, a 不予问责 and a 容错免责 are not) — the
        // methods, the ranks and the behaviours all count these people.
        let by_rank = groups(&format!(
            "SELECT r.rank_at_time, count(*) FROM decisions d JOIN respondents r ON r.id = d.respondent_id
              WHERE d.decided_on >= ?1 AND d.decided_on < ?2 AND {accountable} AND {standing}
              GROUP BY r.rank_at_time ORDER BY count(*) DESC",
            standing = STANDING.as_str(), accountable = HOLDS_ACCOUNTABLE.as_str()
        ))?;
        // Behaviours: the clerk's selections (the wizard and the demo both
        // record them) of the people held accountable in the period.
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT c.regulation_id, s.item_id, count(*) FROM decisions d
               JOIN respondents r ON r.id = d.respondent_id
               JOIN cases c ON c.id = d.case_id
               JOIN selections s ON s.respondent_id = r.id
              WHERE d.decided_on >= ?1 AND d.decided_on < ?2 AND {accountable} AND {standing}
                AND c.archived = 0 AND s.kind = ?3 AND s.archived = 0
              GROUP BY c.regulation_id, s.item_id
              ORDER BY count(*) DESC, c.regulation_id, s.item_id",
            standing = STANDING.as_str(),
            accountable = HOLDS_ACCOUNTABLE.as_str()
        ))?;
        let by_behaviour: Vec<(String, String, i64)> = stmt
            .query_map(
                rusqlite::params![from, to, crate::domain::procedure::SelectionKind::Behaviour],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?
            .collect::<rusqlite::Result<_>>()?;
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT m, sum(received), sum(decided) FROM (
                 SELECT substr(received_on, 1, 7) AS m, 1 AS received, 0 AS decided FROM cases
                  WHERE archived = 0 AND received_on >= ?1 AND received_on < ?2
                 UNION ALL
                 SELECT substr(d.decided_on, 1, 7), 0, 1 FROM decisions d
                  WHERE d.decided_on >= ?1 AND d.decided_on < ?2 AND {standing}
             ) GROUP BY m ORDER BY m",
            standing = STANDING.as_str()
        ))?;
        let by_month = stmt
            .query_map([from, to], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(Statistics {
            from: from.to_owned(),
            to: to.to_owned(),
            cases_received,
            decisions,
            by_regulation,
            by_behaviour,
            by_method,
            by_outcome,
            by_unit,
            by_rank,
            by_month,
        })
    }

    /// The standing decisions of [from, to) with each 问责情形 and 情节
    /// level their respondent was found to have (one row per behaviour),
    /// for 统计分析's 类案一致性; oldest first.
    pub(crate) fn cluster_decisions(&self, from: &str, to: &str) -> Result<Vec<ClusterDecision>> {
        use crate::domain::procedure::SelectionKind;
        use crate::storage::register::STANDING;
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT c.regulation_id, sb.item_id, sl.item_id, d.doc_no, d.kind, d.methods
               FROM decisions d
               JOIN cases c ON c.id = d.case_id AND c.archived = 0
               JOIN selections sb ON sb.respondent_id = d.respondent_id AND sb.kind = ?3
                AND sb.archived = 0 AND sb.regulation_id = c.regulation_id
               JOIN selections sl ON sl.respondent_id = d.respondent_id AND sl.kind = ?4
                AND sl.archived = 0 AND sl.regulation_id = c.regulation_id
              WHERE d.decided_on >= ?1 AND d.decided_on < ?2 AND {standing}
              ORDER BY d.decided_on, d.id",
            standing = STANDING.as_str()
        ))?;
        let rows = stmt.query_map(
            params![from, to, SelectionKind::Behaviour, SelectionKind::Severity],
            |r| {
                Ok(ClusterDecision {
                    regulation: r.get(0)?,
                    behaviour: r.get(1)?,
                    level: r.get(2)?,
                    doc_no: r.get(3)?,
                    kind: r.get(4)?,
                    methods: crate::storage::convert::json_column(r, 5)?,
                })
            },
        )?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every standing decision of calendar `year` under `regulation` decided
    /// before `before` (for the unit thresholds of 000 第八条(二)).
    pub(crate) fn decisions_in_year(
        &self,
        regulation: &str,
        year: i16,
        before: &str,
    ) -> Result<Vec<HistoryRecord>> {
        use crate::storage::register::STANDING;
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {HISTORY_COLUMNS}
               FROM decisions d
               JOIN respondents r ON r.id = d.respondent_id
               JOIN persons p ON p.id = r.person_id
               JOIN cases c ON c.id = d.case_id
              WHERE c.regulation_id = ?1 AND d.decided_on >= ?2 AND d.decided_on < ?3
                AND d.decided_on < ?4
                AND {standing}",
            standing = STANDING.as_str()
        ))?;
        let rows = stmt.query_map(
            params![
                regulation,
                format!("{year:04}-01-01"),
                format!("{:04}-01-01", year + 1),
                before
            ],
            history_row,
        )?;
        // Rows `history_row` cannot use (None) are skipped; errors are not.
        Ok(rows
            .filter_map(|r| r.transpose())
            .collect::<rusqlite::Result<_>>()?)
    }
}
