//! 案件台账: the case register — every case in a virtualised table, sorted
//! by any column, searched as the clerk types and filtered by year, stage,
//! regulation and unit. Rows come page by page from the query thread.

use egui_extras::{Column, TableBuilder, TableRow};

use crate::app::Command;
use crate::app::screens::RegisterView;
use crate::domain::SearchFilters;
use crate::domain::views::{RegisterQuery, SortKey};
use crate::rules::RegulationSet;

pub(super) fn show(
    ui: &mut egui::Ui,
    view: &RegisterView,
    busy: bool,
    total_cases: i64,
    drafts: &[(String, u32, String)],
    regulations: &RegulationSet,
    commands: &mut Vec<Command>,
) {
    let current: RegisterQuery = view.wanted().clone();
    let mut query = current.clone();

    toolbar(ui, view, &current, busy, total_cases, commands);
    // Filters.
    ui.horizontal(|ui| filters(ui, view, &mut query.filters, regulations));
    if !view.error.is_empty() {
        ui.colored_label(ui.visuals().error_fg_color, &view.error);
    }
    if !drafts.is_empty() {
        ui.horizontal_wrapped(|ui| draft_buttons(ui, drafts, commands));
    }
    ui.separator();
    let total = view.total;
    if total == 0 && !busy {
        ui.add_space(24.0);
        ui.vertical_centered(|ui| {
            if current.is_search() || current.filters != Default::default() {
                ui.label("没有找到匹配的案件。");
            } else {
                ui.label("暂无案件。点击“新建案件”登记第一条问责线索。");
            }
        });
        ui.add_space(12.0);
    }

    // A new order or filter starts at the top (flag set the frame it changed).
    let top_id = egui::Id::unique("wenze_register_scroll_top");
    let (selected, scroll_to) = keyboard(ui, view, top_id, commands);
    table(
        ui,
        view,
        &mut query,
        selected,
        scroll_to,
        regulations,
        commands,
    );
    if query != current {
        ui.data_mut(|d| d.insert_temp(top_id, true));
        commands.push(Command::SetRegisterQuery(query));
    }
}

/// The heading line: 新建案件 (Ctrl+N), the search box (Ctrl+F) and how
/// many cases the query finds.
fn toolbar(
    ui: &mut egui::Ui,
    view: &RegisterView,
    current: &RegisterQuery,
    busy: bool,
    total_cases: i64,
    commands: &mut Vec<Command>,
) {
    let (ctrl_n, ctrl_f) = ui.input_mut(|i| {
        (
            i.consume_key(egui::Modifiers::COMMAND, egui::Key::N),
            i.consume_key(egui::Modifiers::COMMAND, egui::Key::F),
        )
    });
    ui.horizontal(|ui| {
        ui.heading("案件台账");
        ui.add_space(16.0);
        if ui.button("新建案件").on_hover_text("Ctrl+N").clicked() || ctrl_n {
            commands.push(Command::WizardStart(None));
        }
        ui.add_space(16.0);
        let mut text = view.text.clone();
        let label = ui.label("搜索");
        let edit = ui
            .add(
                egui::TextEdit::singleline(&mut text)
                    .id_salt("register_search")
                    .hint_text("姓名、单位、案号、文号、案情（Ctrl+F）")
                    .desired_width(300.0),
            )
            .labelled_by(label.id);
        if ctrl_f {
            edit.request_focus();
        }
        if edit.changed() {
            commands.push(Command::Search(text));
        }
        if busy {
            ui.spinner();
            ui.label("正在查询…");
        } else if current.is_search() {
            if view.total >= crate::app::screens::SEARCH_LIMIT {
                ui.label(format!(
                    "找到 {} 件以上，显示最新的 {} 件；请输入更多关键词",
                    view.total, view.total
                ));
            } else {
                ui.label(format!("找到 {} 件", view.total));
            }
        } else if current.filters == Default::default() {
            ui.label(format!("共 {total_cases} 件"));
        } else {
            ui.label(format!("筛选出 {} 件（共 {total_cases} 件）", view.total));
        }
    });
}

/// The filter boxes: year, stage, regulation, unit; 清除筛选.
fn filters(
    ui: &mut egui::Ui,
    view: &RegisterView,
    f: &mut SearchFilters,
    regulations: &RegulationSet,
) {
    let years: Vec<String> = view
        .options
        .years
        .iter()
        .map(|y| format!("{y}年"))
        .collect();
    choose(ui, "年度", &mut f.year, &view.options.years, &years);
    let stages: Vec<String> = view
        .options
        .stages
        .iter()
        .map(|s| s.label().to_owned())
        .collect();
    choose(ui, "阶段", &mut f.stage, &view.options.stages, &stages);
    let ids: Vec<String> = regulations.iter().map(|r| r.id().to_owned()).collect();
    let names: Vec<String> = regulations
        .iter()
        .map(|r| r.regulation.short_name.clone())
        .collect();
    choose(ui, "适用规定", &mut f.regulation, &ids, &names);
    let units = view.options.units.clone();
    choose(ui, "单位", &mut f.unit, &units, &units);
    if *f != Default::default() && ui.button("清除筛选").clicked() {
        *f = Default::default();
    }
}

/// 继续 buttons for the newest unfinished drafts.
fn draft_buttons(ui: &mut egui::Ui, drafts: &[(String, u32, String)], commands: &mut Vec<Command>) {
    ui.label(format!("未完成的草稿 {} 件：", drafts.len()));
    for (key, step, updated) in drafts.iter().take(5) {
        let when = updated.get(..16).unwrap_or(updated).replace('T', " ");
        if ui
            .button(format!("继续（第{}步，{when}）", step + 1))
            .on_hover_text(key)
            .clicked()
        {
            commands.push(Command::WizardStart(Some(key.clone())));
        }
    }
}

/// Keyboard: ↑/↓ move the selection, Enter opens it. Returns the selected
/// row and the row to scroll to (the top after a new order or filter).
fn keyboard(
    ui: &mut egui::Ui,
    view: &RegisterView,
    top_id: egui::Id,
    commands: &mut Vec<Command>,
) -> (Option<usize>, Option<usize>) {
    let total = view.total;
    let (up, down, enter) = ui.input(|i| {
        (
            i.key_pressed(egui::Key::ArrowUp),
            i.key_pressed(egui::Key::ArrowDown),
            i.key_pressed(egui::Key::Enter),
        )
    });
    let mut selected = view.selected;
    let mut scroll_to = ui
        .data_mut(|d| d.remove_temp::<bool>(top_id))
        .unwrap_or(false)
        .then_some(0);
    if total > 0 && (up || down) {
        let s = match (selected, down) {
            (None, _) => 0,
            (Some(s), true) => (s + 1).min(total - 1),
            (Some(s), false) => s.saturating_sub(1),
        };
        selected = Some(s);
        scroll_to = Some(s);
        commands.push(Command::SelectRow(s));
    }
    // Enter opens the selected row (or the only match of a search).
    let target = selected.or((total == 1).then_some(0));
    if enter && let Some(item) = target.and_then(|s| view.row(s)) {
        commands.push(Command::OpenCase(item.id));
    }
    (selected, scroll_to)
}

/// The virtualised table: a header that sorts (into `query`), one line per
/// row; rows not yet loaded are asked for.
fn table(
    ui: &mut egui::Ui,
    view: &RegisterView,
    query: &mut RegisterQuery,
    selected: Option<usize>,
    scroll_to: Option<usize>,
    regulations: &RegulationSet,
    commands: &mut Vec<Command>,
) {
    let total = view.total;
    // One line per row: long texts are cut with … (full text on hover).
    ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
    let row_height = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
    let mut visible: Option<(usize, usize)> = None;
    let mut table = TableBuilder::new(ui)
        .striped(true)
        .resizable(true)
        .sense(egui::Sense::click())
        .column(Column::initial(170.0).at_least(80.0))
        .column(Column::initial(120.0).at_least(60.0))
        .column(Column::initial(150.0).at_least(60.0))
        .column(Column::initial(90.0).at_least(60.0))
        .column(Column::initial(90.0).at_least(60.0))
        .column(Column::initial(100.0).at_least(60.0))
        .column(Column::remainder().at_least(80.0));
    if let Some(r) = scroll_to {
        table = table.scroll_to_row(r, (r == 0).then_some(egui::Align::TOP));
    }
    table
        .header(row_height, |mut header| {
            for key in SortKey::ALL {
                header.col(|ui| sort_button(ui, query, key));
            }
        })
        .body(|body| {
            body.rows(row_height, total, |mut row| {
                let index = row.index();
                visible = Some(match visible {
                    None => (index, index),
                    Some((a, b)) => (a.min(index), b.max(index)),
                });
                row.set_selected(selected == Some(index));
                case_row(&mut row, view, index, regulations, commands);
            });
        });
    if let Some((first, last)) = visible
        && (first..=last).any(|i| view.row(i).is_none())
    {
        commands.push(Command::NeedRows(first, last));
    }
}

/// A column header: click to sort by it, again to reverse.
fn sort_button(ui: &mut egui::Ui, query: &mut RegisterQuery, key: SortKey) {
    let active = query.sort == key;
    let text = match (active, query.descending) {
        (true, true) => format!("{} ▼", key.label()),
        (true, false) => format!("{} ▲", key.label()),
        _ => key.label().to_owned(),
    };
    if ui
        .add(egui::Button::selectable(
            active,
            egui::RichText::new(text).strong(),
        ))
        .on_hover_text("点击按此列排序，再点一次反向")
        .clicked()
    {
        if active {
            query.descending = !query.descending;
        } else {
            query.sort = key;
            // Dates newest first; names and numbers ascending.
            query.descending = matches!(key, SortKey::Received | SortKey::Decided);
        }
    }
}

/// Row `index`: the case (案号 a link), or … until its page arrives.
fn case_row(
    row: &mut TableRow<'_, '_>,
    view: &RegisterView,
    index: usize,
    regulations: &RegulationSet,
    commands: &mut Vec<Command>,
) {
    let Some(item) = view.row(index) else {
        row.col(|ui| {
            ui.weak("…");
        });
        for _ in 1..SortKey::ALL.len() {
            row.col(|_| {});
        }
        return;
    };
    row.col(|ui| {
        if ui.link(&item.case_no).on_hover_text("打开案卷").clicked() {
            commands.push(Command::OpenCase(item.id));
        }
    });
    let reg_name = regulations
        .get(&item.regulation_id)
        .map(|r| r.regulation.short_name.as_str())
        .unwrap_or(item.regulation_id.as_str());
    for text in [
        item.respondents.as_str(),
        item.unit.as_str(),
        reg_name,
        item.stage.label(),
        item.received_on.as_str(),
        item.decided_on.as_deref().unwrap_or(""),
    ] {
        row.col(|ui| {
            ui.label(text);
        });
    }
    let response = row.response();
    if response.double_clicked() {
        commands.push(Command::OpenCase(item.id));
    } else if response.clicked() {
        commands.push(Command::SelectRow(index));
    }
}

/// A filter box: "全部" or one of `values` (shown as `names`).
fn choose<T: Clone + PartialEq>(
    ui: &mut egui::Ui,
    label: &str,
    value: &mut Option<T>,
    values: &[T],
    names: &[String],
) {
    let shown = value
        .as_ref()
        .and_then(|v| values.iter().position(|x| x == v))
        .and_then(|i| names.get(i))
        .map_or("全部", String::as_str)
        .to_owned();
    let l = ui.label(label);
    egui::ComboBox::from_id_salt(("register_filter", label))
        .selected_text(shown)
        .height(360.0)
        .show_ui(ui, |ui| {
            if ui.selectable_label(value.is_none(), "全部").clicked() {
                *value = None;
            }
            for (v, name) in values.iter().zip(names) {
                if ui
                    .selectable_label(value.as_ref() == Some(v), name)
                    .clicked()
                {
                    *value = Some(v.clone());
                }
            }
        })
        .response
        .labelled_by(l.id);
    ui.add_space(8.0);
}
