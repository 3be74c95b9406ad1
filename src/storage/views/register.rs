//! The register's pages (keyset paging in any column order), counts,
//! search hits and the filter boxes' values.

use rusqlite::params_from_iter;
use rusqlite::types::Value;

use super::SEARCH_LIMIT;
use crate::domain::views::{FilterOptions, RegisterQuery, SortKey};
use crate::domain::{CaseListItem, SearchFilters};
use crate::storage::register::{LIST_SELECT, filter_clause, list_row};
use crate::storage::{Result, Storage};

/// Where a register page starts: the sort key and id of the row before it
/// (keyset paging). Only storage looks inside.
#[derive(Debug, Clone, PartialEq)]
pub struct PageKey(Vec<Value>);

/// The columns a sort orders by, the case id last (unique, so the order is
/// total and a key names one row).
fn order_columns(sort: SortKey) -> &'static [&'static str] {
    match sort {
        SortKey::CaseNo => &["c.id"],
        // Names by pinyin (migration 'sort_pinyin'), homophones by character.
        SortKey::Respondent => &["c.sort_pinyin", "c.id"],
        SortKey::Unit => &["c.sort_unit", "c.received_on", "c.id"],
        SortKey::Regulation => &["c.regulation_id", "c.received_on", "c.id"],
        SortKey::Stage => STAGE_COLUMNS.as_slice(),
        SortKey::Received => &["c.received_on", "c.id"],
        SortKey::Decided => &["c.decided_on", "c.id"],
    }
}

/// 阶段 in procedure order (`Stage`'s order, as the screens sort search
/// hits), the expression migration 25 indexes.
pub(crate) fn stage_order(column: &str) -> String {
    let arms: Vec<String> = crate::domain::procedure::Stage::ALL
        .iter()
        .enumerate()
        .map(|(i, s)| format!("WHEN '{}' THEN {i}", s.label()))
        .collect();
    format!("(CASE {column} {} END)", arms.join(" "))
}

static STAGE_ORDER: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| stage_order("c.stage"));

static STAGE_COLUMNS: std::sync::LazyLock<[&'static str; 3]> =
    std::sync::LazyLock::new(|| [STAGE_ORDER.as_str(), "c.received_on", "c.id"]);

fn order_by(sort: SortKey, descending: bool) -> String {
    let dir = if descending { "DESC" } else { "ASC" };
    order_columns(sort)
        .iter()
        .map(|c| format!("{c} {dir}"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Storage {
    /// One page of the register in the query's order (no search text), by
    /// OFFSET: walks every row before the page. Kept as the reference the
    /// keyset pages are tested against; the screens use
    /// [`Storage::register_page_after`].
    pub fn register_page(
        &self,
        q: &RegisterQuery,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<CaseListItem>> {
        let mut args: Vec<Value> = Vec::new();
        let filters = filter_clause(&q.filters, &mut args);
        let order = order_by(q.sort, q.descending);
        let sql = format!(
            "{LIST_SELECT} WHERE c.archived = 0{filters} ORDER BY {order} LIMIT {limit} OFFSET {offset}"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(args), list_row)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// The page of at most `limit` rows that follows the row keyed `after`
    /// (the first page for `None`), in the query's order: keyset paging,
    /// an index seek to the key instead of a walk over every earlier row.
    pub fn register_page_after(
        &self,
        q: &RegisterQuery,
        after: Option<&PageKey>,
        limit: usize,
    ) -> Result<Vec<CaseListItem>> {
        if q.sort != SortKey::Decided {
            let seek = after.map(|k| (order_columns(q.sort), k.0.as_slice()));
            return self.page_segment(q, "", order_columns(q.sort), seek, limit);
        }
        // 决定日期 is empty for open cases, which SQLite sorts first going
        // up and last going down: the pages walk two segments, each by seek.
        let null_first = !q.descending;
        let segments: [(&str, &[&str]); 2] = [
            (" AND c.decided_on IS NULL", &["c.id"]),
            (" AND c.decided_on IS NOT NULL", &["c.decided_on", "c.id"]),
        ];
        let order: [usize; 2] = if null_first { [0, 1] } else { [1, 0] };
        let key_segment = after.map(|k| usize::from(k.0.first() != Some(&Value::Null)));
        let mut rows = Vec::new();
        let mut started = key_segment.is_none();
        for i in order {
            let (extra, cols) = segments[i];
            let seek = match (key_segment, after) {
                (Some(ks), Some(k)) if ks == i => {
                    started = true;
                    let vals: &[Value] = if i == 0 { &k.0[1..] } else { &k.0[..] };
                    Some((cols, vals))
                }
                _ if !started => continue,
                _ => None,
            };
            let more = self.page_segment(q, extra, cols, seek, limit - rows.len())?;
            rows.extend(more);
            if rows.len() >= limit {
                break;
            }
        }
        Ok(rows)
    }

    fn page_segment(
        &self,
        q: &RegisterQuery,
        extra: &str,
        cols: &[&str],
        seek: Option<(&[&str], &[Value])>,
        limit: usize,
    ) -> Result<Vec<CaseListItem>> {
        let mut args: Vec<Value> = Vec::new();
        let filters = filter_clause(&q.filters, &mut args);
        let dir = if q.descending { "DESC" } else { "ASC" };
        let mut seek_sql = String::new();
        if let Some((seek_cols, vals)) = seek {
            let marks: Vec<String> = vals
                .iter()
                .map(|v| {
                    args.push(v.clone());
                    format!("?{}", args.len())
                })
                .collect();
            seek_sql = format!(
                " AND ({}) {} ({})",
                seek_cols.join(", "),
                if q.descending { "<" } else { ">" },
                marks.join(", ")
            );
            // The leading column alone as well: SQLite seeks an index on an
            // expression (the 阶段 order) only by a plain comparison, not by
            // the row value.
            if let (Some(first), Some(v)) = (seek_cols.first(), vals.first()) {
                args.push(v.clone());
                seek_sql.push_str(&format!(
                    " AND {first} {} ?{}",
                    if q.descending { "<=" } else { ">=" },
                    args.len()
                ));
            }
        }
        let order: Vec<String> = cols.iter().map(|c| format!("{c} {dir}")).collect();
        let sql = format!(
            "{LIST_SELECT} WHERE c.archived = 0{filters}{extra}{seek_sql} ORDER BY {} LIMIT {limit}",
            order.join(", ")
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(args), list_row)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// The key of the last row of every page of `rows` rows in the query's
    /// order (`keys[p]` starts page `p + 1`): one walk over the sort index,
    /// after which any page is one seek away.
    pub fn register_page_keys(&self, q: &RegisterQuery, rows: usize) -> Result<Vec<PageKey>> {
        let rows = rows.max(1);
        let mut args: Vec<Value> = Vec::new();
        let filters = filter_clause(&q.filters, &mut args);
        let cols = order_columns(q.sort);
        let sql = format!(
            "SELECT {} FROM cases c WHERE c.archived = 0{filters} ORDER BY {}",
            cols.join(", "),
            order_by(q.sort, q.descending)
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut out = Vec::new();
        let mut it = stmt.query(params_from_iter(args))?;
        let mut i = 0usize;
        while let Some(r) = it.next()? {
            i += 1;
            if i.is_multiple_of(rows) {
                let mut key = Vec::with_capacity(cols.len());
                for k in 0..cols.len() {
                    key.push(r.get::<_, Value>(k)?);
                }
                out.push(PageKey(key));
            }
        }
        Ok(out)
    }

    /// How many cases the query's filters leave (no search text).
    pub fn register_count(&self, filters: &SearchFilters) -> Result<i64> {
        let mut args: Vec<Value> = Vec::new();
        let clause = filter_clause(filters, &mut args);
        let sql = format!("SELECT count(*) FROM cases c WHERE c.archived = 0{clause}");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        Ok(stmt.query_row(params_from_iter(args), |r| r.get(0))?)
    }

    /// Search hits (at most [`SEARCH_LIMIT`]) in the query's order: by
    /// relevance when the table is in its default order, else by the column.
    pub(crate) fn register_search(&self, q: &RegisterQuery) -> Result<Vec<CaseListItem>> {
        let mut rows = self.search(&q.text, &q.filters, SEARCH_LIMIT)?;
        if !q.in_default_order() {
            q.sort_rows(&mut rows);
        }
        Ok(rows)
    }

    /// Values for the filter boxes.
    pub fn filter_options(&self) -> Result<FilterOptions> {
        let first_last: (Option<String>, Option<String>) = self.conn.query_row(
            "SELECT min(received_on), max(received_on) FROM cases",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let year = |s: &Option<String>| {
            s.as_deref()
                .and_then(|d| d.get(..4))
                .and_then(|y| y.parse::<i16>().ok())
        };
        let years = match (year(&first_last.0), year(&first_last.1)) {
            (Some(a), Some(b)) if a <= b => (a..=b).rev().collect(),
            _ => Vec::new(),
        };
        let mut stages = self
            .distinct("cases", "stage", 200)?
            .iter()
            .map(|s| crate::storage::convert::from_stored(s))
            .collect::<Result<Vec<crate::domain::procedure::Stage>>>()?;
        stages.sort();
        let mut stmt = self
            .conn
            .prepare_cached("SELECT name FROM units WHERE archived = 0 ORDER BY name")?;
        let mut units: Vec<String> = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        // Units as recorded on cases (a unit may since have been renamed).
        for u in self.distinct("respondents", "unit_at_time", 2000)? {
            if !units.contains(&u) {
                units.push(u);
            }
        }
        units.sort();
        Ok(FilterOptions {
            years,
            stages,
            units,
        })
    }

    /// The distinct non-empty values of an indexed text column, ascending,
    /// at most `limit`: one index seek per value, so a column with a few
    /// values is listed instantly however many rows the table has.
    fn distinct(&self, table: &str, column: &str, limit: usize) -> Result<Vec<String>> {
        let sql = format!("SELECT min({column}) FROM {table} WHERE {column} > ?1");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut out = Vec::new();
        let mut next: Option<String> = stmt.query_row([""], |r| r.get(0))?;
        while let Some(v) = next {
            next = stmt.query_row([&v], |r| r.get(0))?;
            out.push(v);
            if out.len() >= limit {
                break;
            }
        }
        Ok(out)
    }

    // ------------------------------------------------------------ case file
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_indexed_stage_order_is_the_procedure_order() {
        let sql = super::super::super::migrations::sql_of_for_test(25);
        assert!(sql.contains(&super::stage_order("stage")), "{sql}");
    }
}
