//! Reads for the screens: the register's pages and counts, the case file,
//! the person file, the dashboard's open cases and follow-ups, statistics,
//! users and office regulation files. Row conversions live here too.

use rusqlite::types::Value;
use rusqlite::{OpenFlags, OptionalExtension, params, params_from_iter};

use super::register::{LIST_SELECT, audit, filter_clause, history_row, list_row};
use super::{Result, Storage, StorageError};
use crate::domain::auth::UserRole;
use crate::domain::views::{
    AuditRow, CaseFile, DecisionRow, DeliveryRow, DocumentRow, EvidenceRow, FilterOptions,
    FollowUpRow, OpenCase, PersonFile, RegisterQuery, RespondentRow, SelectionRow, SortKey,
    StatementRow, Statistics,
};
use crate::domain::{CaseListItem, SearchFilters};
use crate::rules::engine::HistoryRecord;

/// A user as the settings list it: (id, username, display name, role, active).
pub type UserRow = (i64, String, String, String, bool);

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
        SortKey::Stage => &["c.stage", "c.received_on", "c.id"],
        SortKey::Received => &["c.received_on", "c.id"],
        SortKey::Decided => &["c.decided_on", "c.id"],
    }
}

fn order_by(sort: SortKey, descending: bool) -> String {
    let dir = if descending { "DESC" } else { "ASC" };
    order_columns(sort)
        .iter()
        .map(|c| format!("{c} {dir}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Search hits shown at most (the register says when there are more).
pub const SEARCH_LIMIT: usize = super::register::RANK_LIMIT;

impl Storage {
    /// A second, read-only connection to an already opened register, for the
    /// background query thread (WAL lets it read while the UI writes).
    pub fn open_reader(path: &std::path::Path) -> Result<Self> {
        let conn = rusqlite::Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.execute_batch("PRAGMA query_only = ON;")?;
        Ok(Storage {
            conn,
            path: path.to_path_buf(),
            actor: "系统".to_owned(),
            lock: None,
        })
    }

    // ------------------------------------------------------------ register

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
    pub fn register_search(&self, q: &RegisterQuery) -> Result<Vec<CaseListItem>> {
        let mut rows = self.search(&q.text, &q.filters, SEARCH_LIMIT)?;
        if !q.in_default_order() {
            q.sort_rows(&mut rows);
        }
        Ok(rows)
    }

    /// Changes when another connection commits (SQLite `PRAGMA data_version`):
    /// lets the query thread reuse a count until the register changes.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?)
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

    /// Everything about one case (案卷).
    pub fn case_file(&self, case_id: i64) -> Result<CaseFile> {
        type Head = (
            String,
            String,
            bool,
            crate::domain::procedure::Stage,
            String,
            String,
            Option<String>,
            bool,
            String,
            Option<String>,
            String,
            bool,
        );
        let head: Head = self
            .conn
            .query_row(
                "SELECT case_no, regulation_id, tolerance_overlay, stage, clue_source, received_on,
                        investigation_started_on, investigation_extended, extension_reason,
                        decided_on, summary, archived
                   FROM cases WHERE id = ?1",
                [case_id],
                |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                        r.get(6)?,
                        r.get(7)?,
                        r.get(8)?,
                        r.get(9)?,
                        r.get(10)?,
                        r.get(11)?,
                    ))
                },
            )
            .optional()?
            .ok_or_else(|| StorageError::Invalid(format!("没有编号为 {case_id} 的案件")))?;
        let respondents = self.rows(
            "SELECT r.id, p.id, p.name, r.role, r.unit_at_time, r.post_at_time, r.rank_at_time,
                    p.status, r.dissent_recorded
               FROM respondents r JOIN persons p ON p.id = r.person_id
              WHERE r.case_id = ?1 AND r.archived = 0 ORDER BY r.id",
            case_id,
            |r| {
                Ok(RespondentRow {
                    id: r.get(0)?,
                    person_id: r.get(1)?,
                    name: r.get(2)?,
                    role: r.get(3)?,
                    unit: r.get(4)?,
                    post: r.get(5)?,
                    rank: r.get(6)?,
                    status: r.get(7)?,
                    dissent_recorded: r.get(8)?,
                })
            },
        )?;
        let facts = self.rows(
            "SELECT text FROM facts WHERE case_id = ?1 AND archived = 0 ORDER BY seq",
            case_id,
            |r| r.get(0),
        )?;
        let evidence = self.rows(
            "SELECT seq, title, kind, source FROM evidence WHERE case_id = ?1 AND archived = 0 ORDER BY seq",
            case_id,
            |r| {
                Ok(EvidenceRow {
                    seq: r.get(0)?,
                    title: r.get(1)?,
                    kind: r.get(2)?,
                    source: r.get(3)?,
                })
            },
        )?;
        let team = self.rows(
            "SELECT name, duty FROM team_members WHERE case_id = ?1 AND archived = 0 ORDER BY id",
            case_id,
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let statements = self.rows(
            "SELECT p.name, s.heard_on, s.content, s.adopted
               FROM statements s JOIN respondents r ON r.id = s.respondent_id
               JOIN persons p ON p.id = r.person_id
              WHERE s.case_id = ?1 AND s.archived = 0 ORDER BY s.id",
            case_id,
            |r| {
                Ok(StatementRow {
                    respondent: r.get(0)?,
                    heard_on: r.get(1)?,
                    content: r.get(2)?,
                    adopted: r.get(3)?,
                })
            },
        )?;
        let selections = self.rows(
            "SELECT p.name, s.regulation_id, s.kind, s.item_id
               FROM selections s JOIN respondents r ON r.id = s.respondent_id
               JOIN persons p ON p.id = r.person_id
              WHERE r.case_id = ?1 AND s.archived = 0 ORDER BY s.id",
            case_id,
            |r| {
                Ok(SelectionRow {
                    respondent: r.get(0)?,
                    regulation_id: r.get(1)?,
                    kind: r.get(2)?,
                    item_id: r.get(3)?,
                })
            },
        )?;
        let decisions = self.rows(
            &format!("{DECISION_SELECT} WHERE d.case_id = ?1 ORDER BY d.id"),
            case_id,
            decision_row,
        )?;
        let documents = self.rows(
            "SELECT id, kind, doc_no, title, sha256, length(pdf), created_at
               FROM documents WHERE case_id = ?1 ORDER BY id",
            case_id,
            |r| {
                Ok(DocumentRow {
                    id: r.get(0)?,
                    kind: r.get(1)?,
                    doc_no: r.get(2)?,
                    title: r.get(3)?,
                    sha256: r.get(4)?,
                    bytes: r.get(5)?,
                    created_at: r.get(6)?,
                })
            },
        )?;
        let deliveries = self.rows(
            "SELECT delivered_on, method, recipient, agent, witness
               FROM deliveries WHERE case_id = ?1 AND archived = 0 ORDER BY id",
            case_id,
            |r| {
                Ok(DeliveryRow {
                    delivered_on: r.get(0)?,
                    method: r.get(1)?,
                    recipient: r.get(2)?,
                    agent: r.get(3)?,
                    witness: r.get(4)?,
                })
            },
        )?;
        let follow_ups = self.rows(
            &format!("{FOLLOW_UP_SELECT} WHERE f.case_id = ?1 AND f.archived = 0 ORDER BY f.id"),
            case_id,
            follow_up_row,
        )?;
        let audit = self.rows(
            "SELECT id, at, actor, action, entity, after FROM audit_log
              WHERE (entity_id = ?1 AND (entity IN ('cases', 'reporters', 'team_members', 'evidence',
                                                    'statements', 'deliveries')
                                         OR entity LIKE 'drafts:%'))
                 OR (entity = 'facts' AND entity_id IN (SELECT id FROM facts WHERE case_id = ?1))
                 OR (entity = 'decisions' AND entity_id IN (SELECT id FROM decisions WHERE case_id = ?1))
                 OR (entity = 'documents' AND entity_id IN (SELECT id FROM documents WHERE case_id = ?1))
                 OR (entity = 'selections' AND entity_id IN (SELECT id FROM respondents WHERE case_id = ?1))
              ORDER BY id",
            case_id,
            |r| {
                Ok(AuditRow {
                    id: r.get(0)?,
                    at: r.get(1)?,
                    actor: r.get(2)?,
                    action: r.get(3)?,
                    entity: r.get(4)?,
                    detail: r.get(5)?,
                })
            },
        )?;
        let (
            case_no,
            regulation_id,
            tolerance_overlay,
            stage,
            clue_source,
            received_on,
            investigation_started_on,
            investigation_extended,
            extension_reason,
            decided_on,
            summary,
            archived,
        ) = head;
        Ok(CaseFile {
            id: case_id,
            case_no,
            regulation_id,
            tolerance_overlay,
            stage,
            clue_source,
            received_on,
            investigation_started_on,
            investigation_extended,
            extension_reason,
            decided_on,
            summary,
            archived,
            reporter_masked: self.reporter_masked(case_id)?,
            respondents,
            facts,
            evidence,
            team,
            statements,
            selections,
            decisions,
            documents,
            deliveries,
            follow_ups,
            audit,
        })
    }

    fn rows<T>(
        &self,
        sql: &str,
        id: i64,
        f: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let rows = stmt.query_map([id], f)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    // ------------------------------------------------------------ person file

    /// A person's file: every case across years and units, decisions, bans.
    pub fn person_file(&self, person_id: i64) -> Result<PersonFile> {
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
                "{DECISION_SELECT} WHERE r.person_id = ?1 ORDER BY d.decided_on DESC, d.id DESC"
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

    /// Cases the dashboard checks: every undecided case, and cases decided
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
                received_on: r.get(6)?,
                investigation_started_on: r.get(7)?,
                investigation_extended: r.get(8)?,
                decided_on: r.get(9)?,
                delivered_on: r.get(10)?,
                outcome: r.get(11)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Follow-ups still running whose end date is before `until` (bans
    /// ending soon, 纠错 tasks due or overdue), earliest first.
    pub fn follow_ups_ending(&self, until: &str, limit: usize) -> Result<Vec<FollowUpRow>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "{FOLLOW_UP_SELECT} WHERE f.archived = 0 AND f.status = '进行中'
                AND f.ends_on IS NOT NULL AND f.ends_on < ?1
              ORDER BY f.ends_on DESC LIMIT ?2"
        ))?;
        let rows = stmt.query_map(params![until, limit as i64], follow_up_row)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    // ------------------------------------------------------------ statistics

    /// Counts for the period [from, to) (dates as YYYY-MM-DD).
    pub fn statistics(&self, from: &str, to: &str) -> Result<Statistics> {
        let count =
            |sql: &str| -> Result<i64> { Ok(self.conn.query_row(sql, [from, to], |r| r.get(0))?) };
        let groups = |sql: &str| -> Result<Vec<(String, i64)>> {
            let mut stmt = self.conn.prepare_cached(sql)?;
            let rows = stmt.query_map([from, to], |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        };
        // Decisions that stand (a superseding decision replaces its predecessor).
        const STANDING: &str =
            "d.id NOT IN (SELECT supersedes FROM decisions WHERE supersedes IS NOT NULL)";
        let cases_received = count(
            "SELECT count(*) FROM cases WHERE archived = 0 AND received_on >= ?1 AND received_on < ?2",
        )?;
        let decisions = count(&format!(
            "SELECT count(*) FROM decisions d WHERE d.decided_on >= ?1 AND d.decided_on < ?2 AND {STANDING}"
        ))?;
        let by_regulation = groups(
            "SELECT regulation_id, count(*) FROM cases
              WHERE archived = 0 AND received_on >= ?1 AND received_on < ?2
              GROUP BY regulation_id ORDER BY regulation_id",
        )?;
        let by_outcome = groups(&format!(
            "SELECT d.kind, count(*) FROM decisions d
              WHERE d.decided_on >= ?1 AND d.decided_on < ?2 AND {STANDING}
              GROUP BY d.kind ORDER BY count(*) DESC"
        ))?;
        let by_method = groups(&format!(
            "SELECT j.value, count(*) FROM decisions d, json_each(d.methods) j
              WHERE d.decided_on >= ?1 AND d.decided_on < ?2 AND d.kind = '问责' AND {STANDING}
              GROUP BY j.value ORDER BY count(*) DESC"
        ))?;
        let by_unit = groups(
            "SELECT r.unit_at_time, count(DISTINCT r.case_id) FROM cases c JOIN respondents r ON r.case_id = c.id
              WHERE c.archived = 0 AND c.received_on >= ?1 AND c.received_on < ?2
              GROUP BY r.unit_at_time ORDER BY count(DISTINCT r.case_id) DESC",
        )?;
        let by_rank = groups(
            "SELECT r.rank_at_time, count(*) FROM cases c JOIN respondents r ON r.case_id = c.id
              WHERE c.archived = 0 AND c.received_on >= ?1 AND c.received_on < ?2
              GROUP BY r.rank_at_time ORDER BY count(*) DESC",
        )?;
        // Behaviours: the clerk's selections (the wizard and the demo both
        // record them), over the period's cases.
        let mut stmt = self.conn.prepare_cached(
            "SELECT c.regulation_id, s.item_id, count(*) FROM cases c
               JOIN respondents r ON r.case_id = c.id
               JOIN selections s ON s.respondent_id = r.id
              WHERE c.archived = 0 AND c.received_on >= ?1 AND c.received_on < ?2
                AND s.kind = ?3 AND s.archived = 0
              GROUP BY c.regulation_id, s.item_id
              ORDER BY count(*) DESC, c.regulation_id, s.item_id",
        )?;
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
                  WHERE d.decided_on >= ?1 AND d.decided_on < ?2 AND {STANDING}
             ) GROUP BY m ORDER BY m"
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

    /// Every standing decision of calendar `year` under `regulation` decided
    /// before `before` (for the unit thresholds of 000 第八条(二)).
    pub fn decisions_in_year(
        &self,
        regulation: &str,
        year: i16,
        before: &str,
    ) -> Result<Vec<HistoryRecord>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT p.id, p.name, r.unit_at_time, d.doc_no, d.decided_on, c.regulation_id, d.methods, d.kind
               FROM decisions d
               JOIN respondents r ON r.id = d.respondent_id
               JOIN persons p ON p.id = r.person_id
               JOIN cases c ON c.id = d.case_id
              WHERE c.regulation_id = ?1 AND d.decided_on >= ?2 AND d.decided_on < ?3
                AND d.decided_on < ?4
                AND d.id NOT IN (SELECT supersedes FROM decisions WHERE supersedes IS NOT NULL)",
        )?;
        let rows = stmt.query_map(
            params![
                regulation,
                format!("{year:04}-01-01"),
                format!("{:04}-01-01", year + 1),
                before
            ],
            history_row,
        )?;
        let mut out = Vec::new();
        for r in rows {
            if let Some(h) = r? {
                out.push(h);
            }
        }
        Ok(out)
    }

    // ------------------------------------------------------------ users

    /// All users: (id, username, display name, role, active).
    pub fn users(&self) -> Result<Vec<UserRow>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, username, display_name, role, active FROM users ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Enable or disable a user (users are never deleted). The last active
    /// administrator cannot be disabled.
    pub fn set_user_active(&mut self, id: i64, active: bool) -> Result<()> {
        self.write_public(|tx, actor| {
            let (name, role): (String, UserRole) = tx.query_row(
                "SELECT username, role FROM users WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            if !active && role == UserRole::Admin {
                keep_an_administrator(tx, id, "不能停用最后一个管理员账户")?;
            }
            super::audit::allow_user_change(tx, id)?;
            tx.execute(
                "UPDATE users SET active = ?1 WHERE id = ?2",
                params![active, id],
            )?;
            super::audit::end_user_change(tx, id)?;
            audit(
                tx,
                actor,
                if active {
                    "启用用户"
                } else {
                    "停用用户"
                },
                "users",
                Some(id),
                "",
                &name,
            )
        })
    }

    /// Change a user's role. The last active administrator keeps the role.
    pub fn set_user_role(&mut self, id: i64, role: UserRole) -> Result<()> {
        self.write_public(|tx, actor| {
            let (name, before): (String, UserRole) = tx.query_row(
                "SELECT username, role FROM users WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            if before == UserRole::Admin && role != UserRole::Admin {
                keep_an_administrator(tx, id, "不能取消最后一个管理员的管理员角色")?;
            }
            super::audit::allow_user_change(tx, id)?;
            tx.execute(
                "UPDATE users SET role = ?1 WHERE id = ?2",
                params![role, id],
            )
            .map_err(|e| match e.sqlite_error_code() {
                Some(rusqlite::ErrorCode::ConstraintViolation) => {
                    StorageError::Invalid(format!("角色“{role}”无效"))
                }
                _ => e.into(),
            })?;
            super::audit::end_user_change(tx, id)?;
            audit(
                tx,
                actor,
                "更改角色",
                "users",
                Some(id),
                before.label(),
                &format!("{name} {role}"),
            )
        })
    }

    // ------------------------------------------------------------ regulation files

    /// Store an office's own regulation file (already validated by the caller).
    pub fn add_regulation_file(&mut self, reg_id: &str, name: &str, source: &str) -> Result<i64> {
        let (reg_id, name, source) = (reg_id.to_owned(), name.to_owned(), source.to_owned());
        let sha = super::register::sha256_hex(source.as_bytes());
        self.write_public(|tx, actor| {
            tx.execute(
                "INSERT INTO regulation_files (reg_id, name, source, sha256, added_by) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![reg_id, name, source, sha, actor],
            )?;
            let id = tx.last_insert_rowid();
            audit(
                tx,
                actor,
                "导入规定文件",
                "regulation_files",
                Some(id),
                "",
                &format!("{reg_id} {name} sha256:{sha}"),
            )?;
            Ok(id)
        })
    }

    /// The newest stored file of each office regulation: (reg id, source).
    pub fn regulation_files(&self) -> Result<Vec<(String, String)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT reg_id, source FROM regulation_files f
              WHERE id = (SELECT max(id) FROM regulation_files g WHERE g.reg_id = f.reg_id)
              ORDER BY reg_id",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }
}

/// Refuse (with `message`) a change that would leave no active
/// administrator besides user `id`.
fn keep_an_administrator(tx: &rusqlite::Transaction<'_>, id: i64, message: &str) -> Result<()> {
    let others: i64 = tx.query_row(
        "SELECT count(*) FROM users WHERE role = '管理员' AND active = 1 AND id <> ?1",
        [id],
        |r| r.get(0),
    )?;
    if others == 0 {
        return Err(StorageError::Invalid(message.to_owned()));
    }
    Ok(())
}

const DECISION_SELECT: &str = "SELECT d.id, p.name, d.kind, d.doc_no, d.methods, d.measures, d.basis,
        d.departure_reason, d.decided_on, d.approved_by, d.supersedes
   FROM decisions d JOIN respondents r ON r.id = d.respondent_id JOIN persons p ON p.id = r.person_id";

fn decision_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<DecisionRow> {
    let methods: String = r.get(4)?;
    let measures: String = r.get(5)?;
    Ok(DecisionRow {
        id: r.get(0)?,
        respondent: r.get(1)?,
        kind: r.get(2)?,
        doc_no: r.get(3)?,
        methods: serde_json::from_str(&methods).unwrap_or_default(),
        measures: serde_json::from_str(&measures).unwrap_or_default(),
        basis: r.get(6)?,
        departure_reason: r.get(7)?,
        decided_on: r.get(8)?,
        approved_by: r.get(9)?,
        supersedes: r.get(10)?,
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
        starts_on: r.get(6)?,
        ends_on: r.get(7)?,
        status: r.get(8)?,
        cite: r.get(9)?,
    })
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
