//! The query thread: register pages, searches, the dashboard and statistics
//! run here on their own read-only connection, so the UI thread never waits
//! for SQLite. Jobs carry a generation; a newer job of the same kind makes
//! older queued ones moot, so fast typing runs only the latest search.

use crate::domain::ids::CaseId;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};

use jiff::civil::Date;

use super::error::AppError;
use crate::domain::CaseListItem;
use crate::domain::views::{RegisterQuery, SortKey};
use crate::rules::dashboard::{DueItem, due_items};
use crate::rules::engine::unit_thresholds;
use crate::rules::{Calendar, RegulationSet};
use crate::storage::Storage;

/// Rows per register page.
pub const PAGE_ROWS: usize = 200;

#[derive(Debug, Clone)]
pub enum Job {
    /// A page of the register; page 0 also counts the rows.
    RegisterPage {
        generation: u64,
        query: RegisterQuery,
        page: usize,
    },
    Dashboard {
        generation: u64,
        today: Date,
    },
    Statistics {
        generation: u64,
        from: Date,
        to: Date,
    },
    /// The case count and the filter boxes' values.
    Overview {
        generation: u64,
    },
    /// One respondent's similar decisions (类案参考); never superseded by
    /// another's, so every respondent's read runs.
    Precedents {
        key: super::session::precedents::PrecedentKey,
    },
}

impl Job {
    fn kind(&self) -> u8 {
        match self {
            Job::RegisterPage { .. } => 0,
            Job::Dashboard { .. } => 1,
            Job::Statistics { .. } => 2,
            Job::Overview { .. } => 3,
            Job::Precedents { .. } => 4,
        }
    }
    fn generation(&self) -> u64 {
        match self {
            Job::RegisterPage { generation, .. }
            | Job::Dashboard { generation, .. }
            | Job::Statistics { generation, .. }
            | Job::Overview { generation } => *generation,
            Job::Precedents { .. } => 0,
        }
    }
}

pub use crate::export::statistics::StatisticsView;

#[derive(Debug)]
pub enum Reply {
    RegisterPage {
        generation: u64,
        page: usize,
        /// Row count of the whole view (page 0 only).
        total: Option<usize>,
        rows: Result<Vec<CaseListItem>, AppError>,
    },
    Dashboard {
        generation: u64,
        items: Result<Vec<DueItem>, AppError>,
    },
    Statistics {
        generation: u64,
        view: Result<Box<StatisticsView>, AppError>,
    },
    Overview {
        generation: u64,
        overview: Result<(i64, crate::domain::views::FilterOptions), AppError>,
    },
    /// One respondent's similar decisions (an error as its Chinese message).
    Precedents {
        key: super::session::precedents::PrecedentKey,
        found: Result<Vec<crate::domain::precedent::Precedent>, String>,
    },
    /// The full `PRAGMA quick_check` run in the background after opening
    /// (opening itself only checks the header and schema).
    IntegrityCheck(Result<(), AppError>),
    /// The standard 公文 fonts found installed (scanned off the UI thread).
    OfficialFonts(Vec<(crate::fonts::PdfRole, Option<std::path::PathBuf>)>),
}

/// The handle the app keeps.
pub struct Worker {
    jobs: Sender<Job>,
    replies: Receiver<Reply>,
    /// For one-off jobs on their own threads (`spawn_side`).
    reply_tx: Sender<Reply>,
    /// Set on the first frame so the thread can wake the UI.
    ctx: Arc<Mutex<Option<egui::Context>>>,
}

impl Worker {
    /// Start the thread over a read-only connection to `path`.
    pub fn start(
        path: &std::path::Path,
        regulations: RegulationSet,
        calendar: Calendar,
    ) -> Result<Worker, AppError> {
        let storage = Storage::open_reader(path)?;
        let (jobs, job_rx) = channel::<Job>();
        let (reply_tx, replies) = channel::<Reply>();
        let ctx: Arc<Mutex<Option<egui::Context>>> = Arc::new(Mutex::new(None));
        let wake = ctx.clone();
        let side_tx = reply_tx.clone();
        std::thread::Builder::new()
            .name("wenze-queries".to_owned())
            .spawn(move || run(storage, regulations, calendar, job_rx, reply_tx, wake))
            .map_err(|source| AppError::Thread {
                what: "查询线程",
                source,
            })?;
        Ok(Worker {
            jobs,
            replies,
            reply_tx: side_tx,
            ctx,
        })
    }

    /// Run a long one-off job (a full integrity check, a font-folder scan)
    /// on its own thread, so register queries are not held up behind it;
    /// its reply arrives like the query thread's.
    pub(crate) fn spawn_side(
        &self,
        name: &str,
        job: impl FnOnce() -> Reply + Send + 'static,
    ) -> Result<(), AppError> {
        let tx = self.reply_tx.clone();
        let wake = self.ctx.clone();
        std::thread::Builder::new()
            .name(name.to_owned())
            .spawn(move || {
                if tx.send(job()).is_ok()
                    && let Ok(c) = wake.lock()
                    && let Some(ctx) = c.as_ref()
                {
                    ctx.request_repaint();
                }
            })
            .map(|_| ())
            .map_err(|source| AppError::Thread {
                what: "后台线程",
                source,
            })
    }

    /// The full integrity check of the register at `path`, in the background.
    pub(crate) fn check_integrity(&self, path: &std::path::Path) -> Result<(), AppError> {
        let path = path.to_path_buf();
        self.spawn_side("wenze-check", move || {
            Reply::IntegrityCheck(
                Storage::open_reader(&path)
                    .and_then(|s| s.quick_check())
                    .map_err(AppError::from),
            )
        })
    }

    pub fn send(&self, job: Job) -> bool {
        self.jobs.send(job).is_ok()
    }

    /// Let the thread repaint the window when a reply is ready.
    pub(crate) fn set_context(&self, ctx: &egui::Context) {
        if let Ok(mut c) = self.ctx.lock()
            && c.is_none()
        {
            *c = Some(ctx.clone());
        }
    }

    pub(crate) fn try_recv(&self) -> Option<Reply> {
        self.replies.try_recv().ok()
    }

    /// Wait for a reply (tests, benchmarks, command-line use).
    pub fn recv_timeout(&self, wait: std::time::Duration) -> Option<Reply> {
        self.replies.recv_timeout(wait).ok()
    }
}

/// What the query thread remembers between jobs.
#[derive(Default)]
pub(crate) struct Cache {
    /// The hit ids of the last search (query, data_version), in display order.
    search: Option<(RegisterQuery, i64, Vec<CaseId>)>,
    /// The last count: (filters, data_version, rows).
    count: Option<(crate::domain::SearchFilters, i64, usize)>,
    /// Keyset paging: the key ending each page of the last query, and the
    /// data_version it was read at (a change re-reads it).
    keys: Option<(RegisterQuery, i64, Vec<crate::storage::views::PageKey>)>,
    /// Page keys worth reading while the thread is idle (after a first page).
    want_keys: Option<RegisterQuery>,
}

fn run(
    storage: Storage,
    regulations: RegulationSet,
    calendar: Calendar,
    jobs: Receiver<Job>,
    replies: Sender<Reply>,
    wake: Arc<Mutex<Option<egui::Context>>>,
) {
    let mut cache = Cache::default();
    while let Ok(first) = jobs.recv() {
        // Take everything queued; of each kind only the newest generation counts.
        let mut batch = vec![first];
        while let Ok(more) = jobs.try_recv() {
            batch.push(more);
        }
        let newest = |kind: u8| {
            batch
                .iter()
                .filter(|j| j.kind() == kind)
                .map(Job::generation)
                .max()
                .unwrap_or(0)
        };
        let keep: Vec<Job> = batch
            .iter()
            .filter(|j| j.generation() == newest(j.kind()))
            .cloned()
            .collect();
        for job in keep {
            let reply = answer(&storage, &regulations, &calendar, &mut cache, job);
            if replies.send(reply).is_err() {
                return;
            }
            if let Ok(c) = wake.lock()
                && let Some(ctx) = c.as_ref()
            {
                ctx.request_repaint();
            }
        }
        // Idle: read the page keys of the query just shown, so that a jump
        // (the scrollbar dragged anywhere) is one index seek, not a walk.
        if let Some(q) = cache.want_keys.take()
            && let Err(e) = page_keys(&storage, &mut cache, &q)
        {
            // Jumps then read the keys on demand (and report failure there).
            eprintln!("注意：读取分页键失败：{e}");
        }
    }
}

fn answer(
    storage: &Storage,
    regulations: &RegulationSet,
    calendar: &Calendar,
    cache: &mut Cache,
    job: Job,
) -> Reply {
    match job {
        Job::RegisterPage {
            generation,
            query,
            page,
        } => {
            let (total, rows) = match register_page(storage, cache, &query, page) {
                Ok((total, rows)) => (total, Ok(rows)),
                Err(e) => (None, Err(e.into())),
            };
            Reply::RegisterPage {
                generation,
                page,
                total,
                rows,
            }
        }
        Job::Overview { generation } => Reply::Overview {
            generation,
            overview: storage
                .case_count()
                .and_then(|n| Ok((n, storage.filter_options()?)))
                .map_err(AppError::from),
        },
        Job::Dashboard { generation, today } => {
            let items = dashboard(storage, regulations, calendar, today);
            Reply::Dashboard { generation, items }
        }
        Job::Statistics {
            generation,
            from,
            to,
        } => {
            let view = compute_statistics(storage, regulations, from, to).map(Box::new);
            Reply::Statistics { generation, view }
        }
        Job::Precedents { key } => {
            let found = super::session::precedents::read(storage, &key);
            Reply::Precedents { key, found }
        }
    }
}

/// Look-back for decided cases: notices, completion and 复查/申诉 windows
/// all fall within a few months of the decision.
const DECIDED_LOOKBACK_DAYS: i64 = 120;

fn dashboard(
    storage: &Storage,
    regulations: &RegulationSet,
    calendar: &Calendar,
    today: Date,
) -> Result<Vec<DueItem>, AppError> {
    let since = today
        .checked_sub(jiff::Span::new().days(DECIDED_LOOKBACK_DAYS))
        .unwrap_or(today);
    let until = today
        .checked_add(jiff::Span::new().days(crate::rules::dashboard::SOON_DAYS + 1))
        .unwrap_or(today);
    let cases = storage.open_cases(&since.to_string())?;
    let follow_ups = storage.follow_ups_ending(&until.to_string(), 20_000)?;
    let mut items = due_items(&cases, &follow_ups, regulations, calendar, today);
    // The 陈述申辩 periods running, with the office's number of days for
    // each regulation (a setting that cannot be read is said, not skipped).
    let waits = storage.statement_waits()?;
    let mut days = std::collections::BTreeMap::new();
    for w in &waits {
        if !days.contains_key(&w.regulation_id) {
            let n = storage.doc_settings(&w.regulation_id)?.statement_days;
            days.insert(w.regulation_id.clone(), n);
        }
    }
    items.extend(crate::rules::dashboard::statement_items(
        &waits,
        &|reg| days.get(reg).copied().flatten(),
        regulations,
        calendar,
        today,
    ));
    crate::rules::dashboard::sort_items(&mut items);
    Ok(items)
}

/// Counts and unit thresholds for [from, to) (also `wenze stats`).
pub fn compute_statistics(
    storage: &Storage,
    regulations: &RegulationSet,
    from: Date,
    to: Date,
) -> Result<StatisticsView, AppError> {
    let stats = storage.statistics(&from.to_string(), &to.to_string())?;
    let mut thresholds = Vec::new();
    for reg in regulations.iter().filter(|r| !r.unit_rules.is_empty()) {
        // The calendar year up to the end of the period (当年, so far).
        let history = storage.decisions_in_year(reg.id(), from.year(), &to.to_string())?;
        thresholds.extend(unit_thresholds(reg, from.year(), &history));
    }
    let behaviour_labels = stats
        .by_behaviour
        .iter()
        .map(|(reg, item, _)| {
            regulations
                .get(reg)
                .and_then(|r| {
                    r.item_label(crate::domain::procedure::SelectionKind::Behaviour, item)
                })
                .unwrap_or_default()
        })
        .collect();
    // Which regulation each behaviour is of, by its short name.
    let behaviour_sources = stats
        .by_behaviour
        .iter()
        .map(|(reg, _, _)| match regulations.get(reg) {
            Some(r) => r.regulation.short_name.clone(),
            None => reg.clone(),
        })
        .collect();
    // Names, never ids (an unknown regulation is 其他规定).
    let regulation_names = stats
        .by_regulation
        .iter()
        .map(|(id, _)| match regulations.get(id) {
            Some(r) => r.regulation.short_name.clone(),
            None => "其他规定".to_owned(),
        })
        .collect();
    // The office's own law: the regulations its cases of the period were
    // handled under (all it has enabled when the period has none).
    let applied: Vec<&crate::rules::Regulation> = {
        let used: Vec<_> = stats
            .by_regulation
            .iter()
            .filter_map(|(id, _)| regulations.get(id))
            .collect();
        if used.is_empty() {
            regulations.iter().collect()
        } else {
            used
        }
    };
    let cite = |r: &crate::rules::Regulation, c: &crate::rules::regulation::CiteRef| {
        crate::rules::engine::Citation::lookup(regulations, r.id(), c.raw())
    };
    let consistency = crate::rules::precedents::consistency(
        regulations,
        &storage.cluster_decisions(&from.to_string(), &to.to_string())?,
    );
    Ok(StatisticsView {
        consistency,
        proportion: crate::rules::precedents::proportion_citations(regulations),
        stats,
        thresholds,
        behaviour_labels,
        behaviour_sources,
        regulation_names,
        // The article requiring the half-yearly report (002 第二十条), only
        // from a regulation the office applies; none: the report says so.
        basis: applied
            .iter()
            .find(|r| !r.regulation.report_cite.is_empty())
            .and_then(|r| cite(r, &r.regulation.report_cite)),
        // The unit-count article (000 第八条(二)), likewise.
        unit_basis: applied
            .iter()
            .find_map(|r| r.unit_rules.first().map(|u| (r, u)))
            .and_then(|(r, u)| cite(r, &u.cite)),
    })
}

/// One page of the register view; page 0 also gives the row count.
pub(crate) fn register_page(
    storage: &Storage,
    cache: &mut Cache,
    query: &RegisterQuery,
    page: usize,
) -> Result<(Option<usize>, Vec<CaseListItem>), crate::storage::StorageError> {
    if query.is_search() {
        // The hits' ids once per query; rows page by page.
        let version = storage.data_version()?;
        let ids = match &cache.search {
            Some((q, v, ids)) if q == query && *v == version => ids.clone(),
            _ => {
                let ids = if query.in_default_order() {
                    // Default order: by relevance (or newest first when broad).
                    storage.search_ids(&query.text, &query.filters)?
                } else {
                    let rows = storage.register_search(query)?;
                    rows.iter().map(|r| r.id).collect()
                };
                cache.search = Some((query.clone(), version, ids.clone()));
                ids
            }
        };
        let from = (page * PAGE_ROWS).min(ids.len());
        let to = (from + PAGE_ROWS).min(ids.len());
        let rows = storage.cases_by_ids(&ids[from..to])?;
        return Ok(((page == 0).then_some(ids.len()), rows));
    }
    let total = if page == 0 {
        let version = storage.data_version()?;
        match &cache.count {
            Some((f, v, n)) if *f == query.filters && *v == version => Some(*n),
            _ => {
                let n = storage.register_count(&query.filters)?.max(0) as usize;
                cache.count = Some((query.filters.clone(), version, n));
                Some(n)
            }
        }
    } else {
        None
    };
    if page == 0 {
        // Read the page keys once the thread is idle, where a covering
        // index makes that walk cheap (受理日期, 被问责人; 0.1–0.2 s on
        // 200,000 cases): a later jump is a seek. Other orders read them
        // at the first jump.
        if matches!(query.sort, SortKey::Received | SortKey::Respondent) {
            cache.want_keys = Some(query.clone());
        }
        let rows = storage.register_page_after(query, None, PAGE_ROWS)?;
        return Ok((total, rows));
    }
    let keys = page_keys(storage, cache, query)?;
    let rows = match keys.get(page - 1) {
        Some(key) => storage.register_page_after(query, Some(key), PAGE_ROWS)?,
        // Past the end (the register shrank under a filter): nothing.
        None => Vec::new(),
    };
    Ok((total, rows))
}

/// The keys ending each page of `query`: read once per query and register
/// version (one walk over the sort index), then every page is one seek.
pub(crate) fn page_keys<'c>(
    storage: &Storage,
    cache: &'c mut Cache,
    query: &RegisterQuery,
) -> Result<&'c [crate::storage::views::PageKey], crate::storage::StorageError> {
    let version = storage.data_version()?;
    let fresh = matches!(&cache.keys, Some((q, v, _)) if q == query && *v == version);
    if !fresh {
        let keys = storage.register_page_keys(query, PAGE_ROWS)?;
        cache.keys = Some((query.clone(), version, keys));
    }
    Ok(cache
        .keys
        .as_ref()
        .map(|(_, _, k)| k.as_slice())
        .unwrap_or(&[]))
}
