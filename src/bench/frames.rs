//! `wenze bench`'s UI figures: the app drawn headless, frame by frame, on
//! a register (first frame, screens open, typing a search, the query
//! thread's answers).

use std::time::Instant;

use super::Stats;
use crate::app::{Command, Route, WenzeApp};

/// UI figures on a register: the first frame after launch, the CPU time of
/// frames with each screen open and while a search is typed (queries run on
/// the query thread), and how long the query thread takes to answer.
pub(crate) fn bench_frames(
    db: &std::path::Path,
    frames: usize,
) -> Result<Vec<(String, Stats)>, String> {
    let t0 = Instant::now();
    let ctx = egui::Context::default();
    crate::ui::install_fonts(&ctx);
    let mut app = WenzeApp::open(db);
    if let Some(e) = &app.access.open_error {
        return Err(e.clone());
    }
    // Benchmark as a signed-in user (sign-in itself is not timed).
    app.shared.user = Some(crate::domain::auth::User {
        id: 0,
        username: "bench".to_owned(),
        display_name: "基准测试".to_owned(),
        role: crate::domain::auth::UserRole::Admin,
    });
    let mut b = FrameBench {
        ctx,
        app,
        frames,
        wait: std::time::Duration::from_secs(120),
    };
    b.frame(Vec::new());
    let first = t0.elapsed();
    let mut out = vec![(
        "first frame after launch (open + fonts + layout)".to_owned(),
        Stats::of(vec![first]),
    )];
    // Until the first page of rows is on screen.
    while b.app.is_busy() && t0.elapsed() < b.wait {
        b.app.poll_worker();
        std::thread::sleep(std::time::Duration::from_micros(200));
    }
    b.frame(Vec::new());
    out.push((
        "launch until the first rows are drawn".to_owned(),
        Stats::of(vec![t0.elapsed()]),
    ));
    out.push((
        "frame, register open (pointer moving)".to_owned(),
        b.still_frames(),
    ));
    b.typing(&mut out);
    b.scrolling(&mut out);
    b.screens(&mut out);
    Ok(out)
}

/// The app drawn headless, frame by frame, for [`bench_frames`].
struct FrameBench {
    ctx: egui::Context,
    app: WenzeApp,
    /// Frames timed per screen.
    frames: usize,
    /// The longest wait for the query thread.
    wait: std::time::Duration,
}

/// A 1280×800 frame's input with `events`.
fn raw(events: Vec<egui::Event>) -> egui::RawInput {
    egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1280.0, 800.0),
        )),
        events,
        ..Default::default()
    }
}

/// The pointer moving over the screen, frame `i`.
fn moving(i: usize) -> Vec<egui::Event> {
    vec![egui::Event::PointerMoved(egui::pos2(
        400.0 + (i % 50) as f32,
        300.0 + (i % 7) as f32,
    ))]
}

impl FrameBench {
    /// One frame: drawn and tessellated.
    fn frame(&mut self, events: Vec<egui::Event>) {
        let app = &mut self.app;
        let mut out = self.ctx.run_ui(raw(events), |ui| {
            crate::ui::logic(app, ui.ctx());
            crate::ui::show(app, ui)
        });
        // No renderer here: the texture updates are dropped on purpose.
        out.textures_delta.clear();
        let prims = self.ctx.tessellate(out.shapes, out.pixels_per_point);
        std::hint::black_box(prims);
    }

    /// `frames` frames with the pointer moving over the screen shown.
    fn still_frames(&mut self) -> Stats {
        Stats::of(
            (0..self.frames)
                .map(|i| {
                    let t = Instant::now();
                    self.frame(moving(i));
                    t.elapsed()
                })
                .collect(),
        )
    }

    /// Type a search one character per frame, as the search box sends it;
    /// the UI thread only hands each query to the query thread.
    fn typing(&mut self, out: &mut Vec<(String, Stats)>) {
        let query = "王建国 超时 推诿";
        let mut typing = Vec::new();
        let mut answered = Vec::new();
        let mut typed = String::new();
        for (i, c) in query.chars().cycle().take(self.frames.min(240)).enumerate() {
            if i % 12 == 0 {
                typed.clear();
            }
            typed.push(c);
            let t = Instant::now();
            self.app.apply(Command::Search(typed.clone()));
            self.frame(moving(i));
            typing.push(t.elapsed());
            if i % 12 == 11 {
                // The clerk stops typing: time until the results are there.
                let t = Instant::now();
                self.app.wait_idle(self.wait);
                self.frame(Vec::new());
                answered.push(t.elapsed());
            }
        }
        out.push((
            "frame while typing a search (UI thread)".to_owned(),
            Stats::of(typing),
        ));
        out.push((
            "pause in typing → results drawn (query thread)".to_owned(),
            Stats::of(answered),
        ));
    }

    /// Scroll far down the whole register (the page fetched on the query
    /// thread), and sort it by each column.
    fn scrolling(&mut self, out: &mut Vec<(String, Stats)>) {
        let (app, wait) = (&mut self.app, self.wait);
        app.apply(Command::Search(String::new()));
        app.wait_idle(wait);
        let total = app.register_total();
        let mut pages = Vec::new();
        for k in 1..=10usize {
            let row = total.saturating_sub(1) * k / 10;
            let t = Instant::now();
            app.apply(Command::NeedRows(row, row + 30));
            app.wait_idle(wait);
            pages.push(t.elapsed());
        }
        out.push((
            format!("jump to a row anywhere in {total} rows → page loaded"),
            Stats::of(pages),
        ));
        // Sort by another column.
        let mut sorts = Vec::new();
        for key in crate::domain::views::SortKey::ALL {
            let mut q = app.register().query.clone();
            q.sort = key;
            q.descending = false;
            let t = Instant::now();
            app.apply(Command::SetRegisterQuery(q));
            app.wait_idle(wait);
            sorts.push(t.elapsed());
        }
        out.push((
            "sort the whole register by a column → first page".to_owned(),
            Stats::of(sorts),
        ));
    }

    /// Dashboard and statistics: computed on the query thread, then drawn.
    fn screens(&mut self, out: &mut Vec<(String, Stats)>) {
        let wait = self.wait;
        let t = Instant::now();
        self.app.apply(Command::Navigate(Route::Dashboard));
        self.app.wait_idle(wait);
        out.push((
            format!(
                "dashboard computed ({} items due or overdue)",
                self.app.dashboard().items.len()
            ),
            Stats::of(vec![t.elapsed()]),
        ));
        out.push(("frame, dashboard open".to_owned(), self.still_frames()));
        let t = Instant::now();
        let year = self.app.today().year() - 1;
        self.app.apply(Command::Navigate(Route::Statistics));
        self.app.apply(Command::StatisticsPeriod(year, 1));
        self.app.wait_idle(wait);
        out.push((
            format!("statistics for {year} H1 computed"),
            Stats::of(vec![t.elapsed()]),
        ));
        out.push((
            "frame, statistics open (charts)".to_owned(),
            self.still_frames(),
        ));
    }
}
