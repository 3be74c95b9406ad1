//! The query thread's side of the screens: sending register pages,
//! dashboard, overview and statistics queries, and taking their answers.

use super::WenzeApp;
use super::error::AppError;
use super::screens::{KEEP_PAGES, period};
use super::worker::{Job, PAGE_ROWS, Reply, Worker};
use crate::domain::views::RegisterQuery;
use crate::storage::StorageError;

impl WenzeApp {
    /// Is a query still running on the query thread?
    pub fn is_busy(&self) -> bool {
        let r = &self.register;
        r.pending.is_some()
            || r.requested.iter().any(|p| !r.pages.contains_key(p))
            || self.dashboard.pending
            || self.statistics.pending
            || self.register.overview_pending
            || self.wizard.as_ref().is_some_and(|w| w.precedents_pending())
    }

    /// Block until every query sent has been answered (tests, benchmarks).
    pub fn wait_idle(&mut self, timeout: std::time::Duration) -> bool {
        let end = std::time::Instant::now() + timeout;
        while self.is_busy() {
            let left = end.saturating_duration_since(std::time::Instant::now());
            if left.is_zero() {
                return false;
            }
            let Some(reply) = self
                .shared
                .worker
                .as_ref()
                .and_then(|w| w.recv_timeout(left))
            else {
                return !self.is_busy();
            };
            self.on_reply(reply);
        }
        true
    }

    /// Take the query thread's answers (every frame).
    pub(crate) fn poll_worker(&mut self) {
        while let Some(reply) = self.shared.worker.as_ref().and_then(Worker::try_recv) {
            self.on_reply(reply);
        }
    }

    fn on_reply(&mut self, reply: Reply) {
        match reply {
            Reply::IntegrityCheck(Ok(())) => {
                if let Some(s) = &mut self.shared.storage {
                    s.note_checked(None);
                }
            }
            Reply::IntegrityCheck(Err(e)) => {
                if let (Some(s), AppError::Storage(StorageError::Corrupt { detail, .. })) =
                    (&mut self.shared.storage, &e)
                {
                    s.note_checked(Some(detail.clone()));
                }
                self.shared.status = format!(
                    "数据库完整性检查发现问题：{e}。请暂停录入，立即联系管理员用最近的备份恢复（wenze restore）。"
                );
            }
            Reply::Precedents { key, found } => self.on_precedents(key, found),
            Reply::OfficialFonts(found) => {
                self.settings.official_fonts = found;
                self.settings.fonts_scanning = false;
            }
            Reply::RegisterPage {
                generation,
                page,
                total,
                rows,
            } => {
                let r = &mut self.register;
                if let Some((g, q)) = &r.pending
                    && *g == generation
                    && page == 0
                {
                    r.query = q.clone();
                    r.generation = generation;
                    r.pending = None;
                    r.pages.clear();
                    r.requested.clear();
                    r.requested.insert(0);
                    r.selected = None;
                    r.total = total.unwrap_or(0);
                }
                if generation != r.generation {
                    return;
                }
                match rows {
                    Ok(rows) => {
                        if let Some(t) = total {
                            r.total = t;
                        }
                        r.pages.insert(page, rows);
                        r.error.clear();
                        if r.pages.len() > KEEP_PAGES {
                            let mut keys: Vec<usize> = r.pages.keys().copied().collect();
                            keys.sort_by_key(|k| k.abs_diff(page));
                            for k in keys.into_iter().skip(KEEP_PAGES) {
                                r.pages.remove(&k);
                                r.requested.remove(&k);
                            }
                        }
                    }
                    Err(e) => {
                        r.pages.insert(page, Vec::new());
                        r.error = e.to_string();
                    }
                }
            }
            Reply::Dashboard { generation, items } => {
                let d = &mut self.dashboard;
                if generation != d.generation {
                    return;
                }
                d.pending = false;
                d.loaded = true;
                match items {
                    Ok(items) => {
                        d.items = items;
                        d.error.clear();
                    }
                    Err(e) => d.error = e.to_string(),
                }
            }
            Reply::Overview {
                generation,
                overview,
            } => {
                if generation != self.register.overview_generation {
                    return;
                }
                self.register.overview_pending = false;
                match overview {
                    Ok((n, options)) => {
                        self.register.case_total = n;
                        self.register.options = options;
                    }
                    Err(e) => self.shared.status = e.to_string(),
                }
            }
            Reply::Statistics { generation, view } => {
                let s = &mut self.statistics;
                if generation != s.generation {
                    return;
                }
                s.pending = false;
                match view {
                    Ok(v) => {
                        s.view = Some(*v);
                        s.error.clear();
                    }
                    Err(e) => s.error = e.to_string(),
                }
            }
        }
    }

    /// Show this register view (fetched on the query thread).
    pub(super) fn set_register_query(&mut self, query: RegisterQuery) {
        self.register.issued += 1;
        let generation = self.register.issued;
        let sent = self.shared.worker.as_ref().is_some_and(|w| {
            w.send(Job::RegisterPage {
                generation,
                query: query.clone(),
                page: 0,
            })
        });
        self.register.pending = Some((generation, query.clone()));
        if !sent {
            // No query thread (it could not start): answer here.
            let reply = self.answer_locally(generation, &query, 0);
            self.on_reply(reply);
        }
    }

    /// The query thread's answer, computed here (when it could not start).
    fn answer_locally(&self, generation: u64, query: &RegisterQuery, page: usize) -> Reply {
        let (total, rows) = match &self.shared.storage {
            Some(s) => {
                match super::worker::register_page(s, &mut Default::default(), query, page) {
                    Ok((total, rows)) => (total, Ok(rows)),
                    Err(e) => (None, Err(e.into())),
                }
            }
            None => (Some(0), Ok(Vec::new())),
        };
        Reply::RegisterPage {
            generation,
            page,
            total,
            rows,
        }
    }

    /// Fetch the pages holding rows `first..=last` if not already there.
    pub(super) fn need_rows(&mut self, first: usize, last: usize) {
        for page in (first / PAGE_ROWS)..=(last / PAGE_ROWS) {
            if page * PAGE_ROWS >= self.register.total.max(1)
                || self.register.requested.contains(&page)
            {
                continue;
            }
            self.register.requested.insert(page);
            let generation = self.register.generation;
            let query = self.register.query.clone();
            let sent = self.shared.worker.as_ref().is_some_and(|w| {
                w.send(Job::RegisterPage {
                    generation,
                    query: query.clone(),
                    page,
                })
            });
            if !sent {
                let reply = self.answer_locally(generation, &query, page);
                self.on_reply(reply);
            }
        }
    }

    /// Count the cases and list the filter values (on the query thread).
    pub(super) fn refresh_overview(&mut self) {
        self.register.overview_generation += 1;
        let job = Job::Overview {
            generation: self.register.overview_generation,
        };
        self.register.overview_pending = self.shared.worker.as_ref().is_some_and(|w| w.send(job));
        if !self.register.overview_pending
            && let Some(s) = &self.shared.storage
        {
            match s.case_count().and_then(|n| Ok((n, s.filter_options()?))) {
                Ok((n, o)) => {
                    self.register.case_total = n;
                    self.register.options = o;
                }
                Err(e) => self.shared.status = format!("案件总数和筛选项未能读取：{e}"),
            }
        }
    }

    pub(super) fn refresh_dashboard(&mut self) {
        let today = self.today();
        let d = &mut self.dashboard;
        d.generation += 1;
        d.pending = true;
        let job = Job::Dashboard {
            generation: d.generation,
            today,
        };
        if !self.shared.worker.as_ref().is_some_and(|w| w.send(job)) {
            self.dashboard.pending = false;
            self.dashboard.loaded = true;
            self.dashboard.error = "查询线程未运行，无法统计期限".to_owned();
        }
    }

    pub(super) fn refresh_statistics(&mut self) {
        let s = &mut self.statistics;
        let (from, to) = period(s.year, s.half);
        s.generation += 1;
        s.pending = true;
        let job = Job::Statistics {
            generation: s.generation,
            from,
            to,
        };
        if !self.shared.worker.as_ref().is_some_and(|w| w.send(job)) {
            self.statistics.pending = false;
            self.statistics.error = "查询线程未运行，无法统计".to_owned();
        }
    }

    /// Restart the query thread (after the regulations or calendar change).
    pub(super) fn restart_worker(&mut self) {
        if let Some(path) = &self.shared.db_path {
            let first = self.shared.worker.is_none();
            // Without the query thread the app answers on the UI thread
            // (`answer_locally`); say why it is slower.
            self.shared.worker = match Worker::start(
                path,
                self.shared.regulations.clone(),
                self.shared.calendar.clone(),
            ) {
                Ok(w) => Some(w),
                Err(e) => {
                    self.shared.status = format!("{e}（查询将在界面线程中进行，可能较慢）");
                    None
                }
            };
            // Opening checked only the header and schema: the full check
            // runs once per open, in the background.
            if first && let Some(s) = &self.shared.storage {
                // The preview draws in the office's chosen fonts, parsed
                // when a preview first needs them; a setting not read, or a
                // chosen file that is gone, is said now.
                match crate::fonts::FontChoice::try_from_settings(|k| s.setting(k)) {
                    Ok(choice) => {
                        let gone: Vec<String> = crate::fonts::PdfRole::ALL
                            .into_iter()
                            .filter_map(|r| choice.get(r).map(|f| (r, f)))
                            .filter(|(_, f)| !f.is_file())
                            .map(|(r, f)| format!("{}字体文件不存在：{}", r.label(), f.display()))
                            .collect();
                        if !gone.is_empty() {
                            self.shared.status = format!("{}；预览暂用内置字体", gone.join("；"));
                        }
                        crate::fonts::defer_pdf_faces(choice);
                    }
                    Err(e) => {
                        self.shared.status = format!("公文字体设置未能读取，预览暂用内置字体：{e}")
                    }
                }
            }
            if first
                && self.shared.storage.is_some()
                && let Some(w) = &self.shared.worker
                && let Err(e) = w.check_integrity(path)
            {
                self.shared.status = e.to_string();
            }
        }
    }
}
