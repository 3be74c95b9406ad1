//! Listing and full-text search of the register.

use crate::domain::ids::CaseId;
use rusqlite::params;

use crate::domain::{CaseListItem, SearchFilters};
use crate::storage::{Result, Storage, search};

/// Above this many matches a search is ordered newest first instead of by relevance.
pub const RANK_LIMIT: usize = 1000;

impl Storage {
    /// One page of the register, newest first.
    pub fn list_page(&self, limit: usize, offset: usize) -> Result<Vec<CaseListItem>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "{LIST_SELECT} WHERE c.archived = 0 ORDER BY c.received_on DESC, c.id DESC LIMIT ?1 OFFSET ?2"
        ))?;
        let rows = stmt.query_map(params![limit as i64, offset as i64], list_row)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Full-text search with filters. Selective queries (fewer than
    /// [`RANK_LIMIT`] matches after filtering) come back best first (FTS5
    /// bm25); broader ones (a common surname, a frequent phrase) newest first,
    /// which keeps every query an index walk that stops early.
    pub fn search(
        &self,
        query: &str,
        filters: &SearchFilters,
        limit: usize,
    ) -> Result<Vec<CaseListItem>> {
        let ids = self.search_ids(query, filters)?;
        self.cases_by_ids(&ids[..ids.len().min(limit)])
    }

    /// The ids of the cases matching `query` and `filters` (at most
    /// [`RANK_LIMIT`]), in the order [`Storage::search`] lists them.
    pub(crate) fn search_ids(&self, query: &str, filters: &SearchFilters) -> Result<Vec<CaseId>> {
        let Some(fts) = search::fts_query(query) else {
            return Ok(Vec::new());
        };
        let mut sql = String::from(
            "SELECT -case_search.rowid, case_search.rank FROM case_search CROSS JOIN cases c ON c.id = -case_search.rowid
              WHERE case_search MATCH ?1 AND c.archived = 0",
        );
        let mut args: Vec<rusqlite::types::Value> = vec![fts.clone().into()];
        sql.push_str(&filter_clause(filters, &mut args));
        // FTS rowids are negated case ids (see search.rs): ascending = newest first.
        sql.push_str(&format!(" ORDER BY case_search.rowid LIMIT {RANK_LIMIT}"));
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut hits: Vec<(CaseId, f64)> = stmt
            .query_map(rusqlite::params_from_iter(args), |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        if hits.len() < RANK_LIMIT {
            // bm25: lower is better; ties stay newest first (stable sort).
            hits.sort_by(|a, b| a.1.total_cmp(&b.1));
        }
        Ok(hits.into_iter().map(|(id, _)| id).collect())
    }

    /// List rows for these case ids, in the given order.
    pub(crate) fn cases_by_ids(&self, ids: &[CaseId]) -> Result<Vec<CaseListItem>> {
        let list = crate::storage::convert::json_of(&ids)?;
        let mut stmt = self.conn.prepare_cached(&format!(
            "{LIST_SELECT} WHERE c.id IN (SELECT value FROM json_each(?1))"
        ))?;
        let mut rows: Vec<CaseListItem> = stmt
            .query_map([list], list_row)?
            .collect::<rusqlite::Result<_>>()?;
        rows.sort_by_key(|r| ids.iter().position(|i| *i == r.id).unwrap_or(usize::MAX));
        Ok(rows)
    }
}

pub(in crate::storage) const LIST_SELECT: &str = "SELECT c.id, c.case_no, c.regulation_id, c.stage, c.received_on, c.decided_on,
        COALESCE((SELECT group_concat(p.name, '、') FROM respondents r JOIN persons p ON p.id = r.person_id
                   WHERE r.case_id = c.id AND r.archived = 0), ''),
        COALESCE((SELECT r.unit_at_time FROM respondents r WHERE r.case_id = c.id ORDER BY r.id LIMIT 1), ''),
        c.sort_pinyin
   FROM cases c";

pub(in crate::storage) fn list_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<CaseListItem> {
    Ok(CaseListItem {
        id: r.get(0)?,
        case_no: r.get(1)?,
        regulation_id: r.get(2)?,
        stage: r.get(3)?,
        received_on: r.get(4)?,
        decided_on: r.get(5)?,
        respondents: r.get(6)?,
        unit: r.get(7)?,
        sort_key: r.get(8)?,
    })
}

/// `AND …` conditions for the register's filters, appending their values to
/// `args` (numbered after those already there).
pub(in crate::storage) fn filter_clause(
    filters: &SearchFilters,
    args: &mut Vec<rusqlite::types::Value>,
) -> String {
    let mut sql = String::new();
    if let Some(y) = filters.year {
        sql.push_str(&format!(
            " AND c.received_on >= ?{} AND c.received_on < ?{}",
            args.len() + 1,
            args.len() + 2
        ));
        args.push(format!("{y:04}-01-01").into());
        args.push(format!("{:04}-01-01", y + 1).into());
    }
    if let Some(stage) = filters.stage {
        sql.push_str(&format!(" AND c.stage = ?{}", args.len() + 1));
        args.push(
            crate::storage::convert::StoredAs::stored(stage)
                .to_owned()
                .into(),
        );
    }
    if let Some(regulation) = &filters.regulation {
        sql.push_str(&format!(" AND c.regulation_id = ?{}", args.len() + 1));
        args.push(regulation.clone().into());
    }
    if let Some(unit) = &filters.unit {
        sql.push_str(&format!(
            " AND c.id IN (SELECT r2.case_id FROM respondents r2 WHERE r2.unit_at_time = ?{})",
            args.len() + 1
        ));
        args.push(unit.clone().into());
    }
    if let Some(pid) = filters.person_id {
        sql.push_str(&format!(
            " AND c.id IN (SELECT r3.case_id FROM respondents r3 WHERE r3.person_id = ?{})",
            args.len() + 1
        ));
        args.push(pid.get().into());
    }
    sql
}
