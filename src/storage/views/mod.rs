//! Reads for the screens, one file per view: `register` (pages in any
//! column order with filters and counts), `case_file`, `person`, `dashboard`
//! (open cases, follow-ups), `statistics`, `users`, `regulation_files`.
//! The row conversions they share live here.

use rusqlite::OpenFlags;

use super::{Result, Storage};
use crate::domain::views::{DecisionRow, FollowUpRow};

mod archive;
mod case_file;
mod dashboard;
mod person;
mod register;
mod regulation_files;
mod statistics;
mod users;

pub use register::PageKey;

/// Search hits shown at most (the register says when there are more).
pub(crate) const SEARCH_LIMIT: usize = crate::storage::register::RANK_LIMIT;

impl Storage {
    /// A second, read-only connection to an already opened register, for the
    /// background query thread (WAL lets it read while the UI writes).
    pub(crate) fn open_reader(path: &std::path::Path) -> Result<Self> {
        let conn = rusqlite::Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        // The page cache: 512 KiB instead of SQLite's 2,000 KiB. This
        // connection reads the whole register (statistics, dashboard,
        // searches) and kept its cache full for the session: 2.1 MB of the
        // window's heap (heaptrack, docs/benchmarks.md "GUI memory"). The
        // pages it drops are in the OS page cache, a read away; the B-tree
        // interior pages the queries share still fit (measured: the
        // benchmarks' register queries within noise).
        conn.execute_batch("PRAGMA query_only = ON; PRAGMA cache_size = -512;")?;
        Ok(Storage::over(conn, path, super::Soundness::Unchecked))
    }

    /// Changes when another connection commits (SQLite `PRAGMA data_version`):
    /// lets the query thread reuse a count until the register changes.
    pub(crate) fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    /// The rows `sql` (with `?1` = `id`) yields, converted by `f`.
    fn rows<T>(
        &self,
        sql: &str,
        id: impl rusqlite::ToSql,
        f: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let rows = stmt.query_map([id], f)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }
}

static DECISION_SELECT: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    format!(
        "SELECT d.id, p.name, d.kind, d.doc_no, d.methods, d.measures, d.basis,
        d.departure_reason, d.decided_on, d.approved_by, d.supersedes, d.respondent_id,
        d.id IN (SELECT decision_id FROM remedies WHERE outcome = '{revoked}')
          OR (d.kind = '{review}' AND d.methods = '[]'),
        d.precedent_reason
   FROM decisions d JOIN respondents r ON r.id = d.respondent_id JOIN persons p ON p.id = r.person_id",
        revoked = crate::domain::procedure::RemedyOutcome::Revoke.label(),
        review = crate::domain::procedure::DecisionKind::Review.label(),
    )
});

fn decision_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<DecisionRow> {
    Ok(DecisionRow {
        id: r.get(0)?,
        respondent_id: r.get(11)?,
        respondent: r.get(1)?,
        kind: r.get(2)?,
        doc_no: r.get(3)?,
        methods: crate::storage::convert::json_column(r, 4)?,
        measures: crate::storage::convert::json_column(r, 5)?,
        basis: r.get(6)?,
        departure_reason: r.get(7)?,
        precedent_reason: r.get(13)?,
        decided_on: r.get(8)?,
        approved_by: r.get(9)?,
        supersedes: r.get(10)?,
        revoked: r.get(12)?,
    })
}

const FOLLOW_UP_SELECT: &str =
    "SELECT f.id, f.case_id, c.case_no, COALESCE(p.name, ''), f.kind, f.label,
        f.starts_on, f.ends_on, f.status, f.cite
   FROM follow_ups f JOIN cases c ON c.id = f.case_id
   LEFT JOIN respondents r ON r.id = f.respondent_id LEFT JOIN persons p ON p.id = r.person_id";

fn follow_up_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<FollowUpRow> {
    Ok(FollowUpRow {
        id: r.get(0)?,
        case_id: r.get(1)?,
        case_no: r.get(2)?,
        person: r.get(3)?,
        kind: r.get(4)?,
        label: r.get(5)?,
        starts_on: crate::storage::convert::date(r.get::<_, Option<String>>(6)?.as_deref())?,
        ends_on: crate::storage::convert::date(r.get::<_, Option<String>>(7)?.as_deref())?,
        status: r.get(8)?,
        cite: r.get(9)?,
    })
}
