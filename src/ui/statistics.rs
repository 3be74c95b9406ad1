//! 统计分析: the half-yearly analysis (金坛办法 第二十条) — counts by
//! regulation, behaviour, method, unit and rank, the monthly trend, units
//! over 000 第八条(二)'s thresholds; charts, and a GB/T 9704 PDF report.

use egui_plot::{Bar, BarChart, Legend, Plot};

use crate::app::screens::{StatisticsState, period_label};
use crate::app::{Command, Shared};
use crate::domain::views::Statistics;
use crate::export::DocFormat;
use crate::export::statistics::StatisticsView;

pub(super) fn show(
    shared: &Shared,
    s: &StatisticsState,
    ui: &mut egui::Ui,
    commands: &mut Vec<Command>,
) {
    let this_year = shared.today().year();
    ui.horizontal(|ui| period(ui, s, this_year, commands));
    if !s.message.is_empty() {
        ui.label(&s.message);
    }
    if !s.error.is_empty() {
        ui.colored_label(ui.visuals().error_fg_color, &s.error);
    }
    if let Some(c) = s.view.as_ref().and_then(|v| v.basis.as_ref()) {
        ui.small(format!("依据{}", c.short()))
            .on_hover_text(&c.text);
    }
    ui.separator();
    let Some(view) = &s.view else {
        // Ask once; after an error the clerk picks a period again.
        if !s.pending && s.error.is_empty() {
            commands.push(Command::StatisticsPeriod(s.year, s.half));
        }
        return;
    };
    let st = &view.stats;
    ui.horizontal(|ui| totals(ui, st));
    ui.label(format!("统计期间：{}", period_label(s.year, s.half)));

    egui::ScrollArea::vertical()
        .id_salt("stats_scroll")
        .show(ui, |ui| {
            months(ui, st);
            ui.add_space(8.0);
            categories(ui, view);
            ui.add_space(8.0);
            behaviours(ui, view);
            ui.add_space(8.0);
            thresholds(ui, view, s.year);
            ui.add_space(8.0);
            consistency(ui, view);
        });
}

/// 类案一致性: each 问责情形 and 情节 level with five or more decisions in
/// the period, the spread of its methods and the decisions far from its
/// middle (案号 and what they got).
fn consistency(ui: &mut egui::Ui, view: &StatisticsView) {
    let heading = ui.strong("类案一致性（同一问责情形、同一情节，五件以上）");
    if !view.proportion.is_empty() {
        let cited: Vec<String> = view.proportion.iter().map(|c| c.short()).collect();
        heading.on_hover_text(format!("依据{}", cited.join("、")));
    }
    if view.consistency.is_empty() {
        ui.label("本期没有达到五件的同类决定。");
        return;
    }
    egui::Grid::new("stats_consistency")
        .striped(true)
        .show(ui, |ui| {
            for h in [
                "问责情形",
                "情节",
                "件数",
                "问责方式分布",
                "明显偏离（案号：问责方式）",
            ] {
                ui.strong(h);
            }
            ui.end_row();
            for c in &view.consistency {
                ui.label(&c.behaviour_label);
                ui.label(&c.level);
                ui.label(c.total.to_string());
                let parts: Vec<String> = c
                    .distribution
                    .iter()
                    .map(|(m, n)| format!("{m} {n}"))
                    .collect();
                ui.label(parts.join("，"));
                if c.outliers.is_empty() {
                    ui.label("无");
                } else {
                    let named: Vec<String> = c
                        .outliers
                        .iter()
                        .map(|(no, got)| format!("{no}：{got}"))
                        .collect();
                    ui.colored_label(ui.visuals().warn_fg_color, named.join("\n"));
                }
                ui.end_row();
            }
        });
}

/// The period (year, half) and 导出 PDF/OFD 报告.
fn period(ui: &mut egui::Ui, s: &StatisticsState, this_year: i16, commands: &mut Vec<Command>) {
    ui.heading("统计分析");
    ui.add_space(12.0);
    let mut year = s.year;
    let l = ui.label("年度");
    egui::ComboBox::from_id_salt("stats_year")
        .selected_text(format!("{year}年"))
        .show_ui(ui, |ui| {
            for y in (2016..=this_year).rev() {
                ui.selectable_value(&mut year, y, format!("{y}年"));
            }
        })
        .response
        .labelled_by(l.id);
    let mut half = s.half;
    for (h, label) in [(1u8, "上半年"), (2, "下半年"), (0, "全年")] {
        ui.radio_value(&mut half, h, label);
    }
    if year != s.year || half != s.half {
        commands.push(Command::StatisticsPeriod(year, half));
    }
    ui.add_space(12.0);
    for format in [DocFormat::Pdf, DocFormat::Ofd] {
        if ui
            .add_enabled(
                s.view.is_some() && !s.pending,
                egui::Button::new(format!("导出 {} 报告…", format.label())),
            )
            .clicked()
        {
            commands.push(Command::ExportStatistics(format));
        }
    }
    if s.pending {
        ui.spinner();
        ui.label("正在统计…");
    }
}

/// The period's totals, one box each.
fn totals(ui: &mut egui::Ui, st: &Statistics) {
    let outcome = |k: &str| {
        st.by_outcome
            .iter()
            .find(|(o, _)| o == k)
            .map_or(0, |x| x.1)
    };
    // A decision changed on 复查 counts as the 问责 it now is (the one it
    // replaced no longer stands): there is no separate 复查 figure.
    use crate::domain::procedure::DecisionKind as K;
    for (label, n) in [
        ("受理线索", st.cases_received),
        ("作出决定", st.decisions),
        (
            K::Accountability.label(),
            outcome(K::Accountability.label()),
        ),
        (
            K::NoAccountability.label(),
            outcome(K::NoAccountability.label()),
        ),
        (K::Exemption.label(), outcome(K::Exemption.label())),
    ] {
        ui.group(|ui| {
            ui.vertical(|ui| {
                ui.small(label);
                ui.heading(n.to_string());
            });
        });
    }
}

/// 月度趋势: received and decided per month.
fn months(ui: &mut egui::Ui, st: &Statistics) {
    ui.strong("月度趋势");
    let received: Vec<Bar> = st
        .by_month
        .iter()
        .enumerate()
        .map(|(i, (m, r, _))| Bar::new(i as f64 - 0.2, *r as f64).width(0.4).name(m))
        .collect();
    let decided: Vec<Bar> = st
        .by_month
        .iter()
        .enumerate()
        .map(|(i, (m, _, d))| Bar::new(i as f64 + 0.2, *d as f64).width(0.4).name(m))
        .collect();
    let months: Vec<String> = st.by_month.iter().map(|(m, _, _)| m.clone()).collect();
    category_plot("stats_months", 220.0, months)
        .legend(Legend::default())
        .show(ui, |plot| {
            plot.bar_chart(BarChart::new("受理", received));
            plot.bar_chart(BarChart::new("决定", decided));
        });
}

/// By regulation (its short name, never its id), method, unit and rank,
/// two to a row.
fn categories(ui: &mut egui::Ui, view: &StatisticsView) {
    let st = &view.stats;
    let by_name: Vec<(String, i64)> = st
        .by_regulation
        .iter()
        .enumerate()
        .map(|(i, (_, n))| {
            let name = view.regulation_names.get(i).cloned();
            (name.unwrap_or_else(|| "其他规定".to_owned()), *n)
        })
        .collect();
    ui.columns(2, |cols| {
        bar_list(
            &mut cols[0],
            "按适用规定（受理件数）",
            "stats_reg",
            &by_name,
        );
        counts(
            &mut cols[1],
            "按问责方式（问责人次）",
            "stats_method",
            &st.by_method,
        );
    });
    ui.add_space(8.0);
    ui.columns(2, |cols| {
        counts(
            &mut cols[0],
            "按单位（受理件数）",
            "stats_unit",
            &st.by_unit,
        );
        counts(
            &mut cols[1],
            "按职级（问责人次）",
            "stats_rank",
            &st.by_rank,
        );
    });
}

/// 按问责情形: the behaviours found most among the people held accountable,
/// in the regulation's words (never its internal ids).
fn behaviours(ui: &mut egui::Ui, view: &StatisticsView) {
    ui.strong("按问责情形（问责人次）");
    egui::Grid::new("stats_behaviour")
        .striped(true)
        .show(ui, |ui| {
            let labels = view.behaviour_labels.iter();
            let sources = view.behaviour_sources.iter();
            for (((_, item, n), label), source) in view
                .stats
                .by_behaviour
                .iter()
                .zip(labels)
                .zip(sources)
                .take(20)
            {
                ui.label(if label.is_empty() { item } else { label });
                ui.label(source);
                ui.label(n.to_string());
                ui.end_row();
            }
        });
}

/// Units over the thresholds of the office's own regulation (000 第八条(二))
/// in `year`; said so when none sets any.
fn thresholds(ui: &mut egui::Ui, view: &StatisticsView, year: i16) {
    match &view.unit_basis {
        Some(c) => {
            ui.strong(format!("单位问责人次（{year}年，{}）", c.short()))
                .on_hover_text(&c.text);
            if view.thresholds.is_empty() {
                ui.label("本年度没有处室（单位）达到规定的人次。");
            }
        }
        None => {
            ui.strong(format!("单位问责人次（{year}年）"));
            ui.label("本单位适用的规定未规定处室（单位）问责人次的数量标准。");
        }
    }
    for t in &view.thresholds {
        ui.horizontal_wrapped(|ui| {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                format!("{}：{} 人次（{}）", t.unit, t.count, t.people.join("、")),
            );
            ui.label(&t.label);
            ui.small(t.citation.short()).on_hover_text(&t.citation.text);
        });
    }
}

fn bar_list(ui: &mut egui::Ui, title: &str, id: &str, rows: &[(String, i64)]) {
    ui.strong(title);
    let names: Vec<String> = rows.iter().map(|(k, _)| k.clone()).collect();
    let bars: Vec<Bar> = rows
        .iter()
        .enumerate()
        .map(|(i, (k, n))| Bar::new(i as f64, *n as f64).width(0.6).name(k))
        .collect();
    category_plot(id, 180.0, names).show(ui, |plot| plot.bar_chart(BarChart::new(title, bars)));
}

/// Counts as labelled horizontal bars (long Chinese names stay readable).
fn counts(ui: &mut egui::Ui, title: &str, id: &str, rows: &[(String, i64)]) {
    ui.strong(title);
    let max = rows.iter().map(|(_, n)| *n).max().unwrap_or(1).max(1) as f32;
    egui::Grid::new(id).striped(true).show(ui, |ui| {
        for (k, n) in rows {
            ui.label(if k.is_empty() { "（未填）" } else { k });
            ui.add(
                egui::ProgressBar::new(*n as f32 / max)
                    .desired_width(180.0)
                    .text(n.to_string()),
            );
            ui.end_row();
        }
    });
}

/// A fixed (no zoom or drag) bar plot whose x axis names categories 0, 1, 2 ….
fn category_plot(id: &str, height: f32, names: Vec<String>) -> Plot<'static> {
    Plot::new(id.to_owned())
        .height(height)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .x_axis_formatter(move |mark, _| {
            let i = mark.value.round();
            if (mark.value - i).abs() < 1e-6 && i >= 0.0 {
                names.get(i as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        })
}
