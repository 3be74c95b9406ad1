//! What the dashboard checks: open cases and follow-ups ending.

use rusqlite::params;

use super::{FOLLOW_UP_SELECT, follow_up_row};
use crate::domain::views::{FollowUpRow, OpenCase};
use crate::storage::convert::date;
use crate::storage::{Result, Storage};

impl Storage {
    /// since `decided_since` (notices, 复查/申诉 windows, completion).
    pub fn open_cases(&self, decided_since: &str) -> Result<Vec<OpenCase>> {
        let sql = "SELECT c.id, c.case_no, c.sort_respondent, c.regulation_id, c.tolerance_overlay,
                          c.stage, c.received_on, c.investigation_started_on, c.investigation_extended,
                          c.decided_on,
                          (SELECT max(delivered_on) FROM deliveries dl WHERE dl.case_id = c.id AND dl.archived = 0
                             AND NOT EXISTS (SELECT 1 FROM documents d
                                              WHERE d.id = dl.document_id AND d.kind = 'notice')),
                          c.outcome
                     FROM cases c
                    WHERE c.archived = 0 AND (c.decided_on IS NULL OR c.decided_on >= ?1)";
        let mut stmt = self.conn.prepare_cached(sql)?;
        let rows = stmt.query_map([decided_since], |r| {
            Ok(OpenCase {
                id: r.get(0)?,
                case_no: r.get(1)?,
                respondent: r.get(2)?,
                regulation_id: r.get(3)?,
                tolerance_overlay: r.get(4)?,
                stage: r.get(5)?,
                received_on: date(r.get::<_, Option<String>>(6)?.as_deref())?,
                investigation_started_on: date(r.get::<_, Option<String>>(7)?.as_deref())?,
                investigation_extended: r.get(8)?,
                decided_on: date(r.get::<_, Option<String>>(9)?.as_deref())?,
                delivered_on: date(r.get::<_, Option<String>>(10)?.as_deref())?,
                outcome: r.get(11)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Follow-ups still running whose end date is before `until` (bans
    /// ending soon, 纠错 tasks due or overdue), earliest first.
    pub(crate) fn follow_ups_ending(&self, until: &str, limit: usize) -> Result<Vec<FollowUpRow>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "{FOLLOW_UP_SELECT} WHERE f.archived = 0 AND f.status = '进行中'
                AND f.ends_on IS NOT NULL AND f.ends_on < ?1
              ORDER BY f.ends_on DESC LIMIT ?2"
        ))?;
        let rows = stmt.query_map(params![until, limit as i64], follow_up_row)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Respondents served with a 事先告知书 who are neither heard since nor
    /// decided: their 陈述申辩 period is on the 工作台.
    pub(crate) fn statement_waits(&self) -> Result<Vec<crate::domain::views::StatementWait>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT c.id, c.case_no, c.regulation_id, p.name, MAX(dl.delivered_on)
               FROM deliveries dl
               JOIN documents d ON d.id = dl.document_id AND d.kind = 'notice'
               JOIN respondents r ON r.id = d.respondent_id AND r.archived = 0
               JOIN persons p ON p.id = r.person_id
               JOIN cases c ON c.id = dl.case_id AND c.archived = 0
              WHERE dl.archived = 0
                AND NOT EXISTS (SELECT 1 FROM decisions x WHERE x.respondent_id = r.id)
                AND NOT EXISTS (SELECT 1 FROM statements s
                                 WHERE s.respondent_id = r.id AND s.archived = 0
                                   AND s.heard_on >= dl.delivered_on)
              GROUP BY r.id
              ORDER BY c.id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(crate::domain::views::StatementWait {
                case_id: r.get(0)?,
                case_no: r.get(1)?,
                regulation_id: r.get(2)?,
                person: r.get(3)?,
                // A stored date that cannot be read is an error, not a
                // period quietly left off the 工作台.
                notice_delivered_on: crate::storage::convert::date(
                    r.get::<_, Option<String>>(4)?.as_deref(),
                )?
                .ok_or(rusqlite::Error::InvalidColumnType(
                    4,
                    "delivered_on".to_owned(),
                    rusqlite::types::Type::Null,
                ))?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }
}
