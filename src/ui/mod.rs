//! Screens. Each returns [`Command`]s; none touches storage or files.

mod case;
mod case_actions;
mod case_docs;
mod dashboard;
mod import;
mod login;
mod person;
pub(crate) mod preview;
mod print;
mod register;
mod review;
mod settings;
mod statistics;
mod wizard;

use crate::app::{Command, Route, WenzeApp};
use crate::fonts;

/// Install the bundled fonts as egui's only fonts (no system fonts, no
/// egui defaults): the UI chain for both proportional and monospace text.
pub fn install_fonts(ctx: &egui::Context) {
    let mut defs = egui::FontDefinitions::empty();
    let mut names = Vec::new();
    for face in fonts::UI_CHAIN {
        defs.font_data.insert(
            face.key.to_owned(),
            std::sync::Arc::new(egui::FontData::from_blob(
                std::sync::Arc::new(face.bytes),
                face.index,
            )),
        );
        names.push(face.key.to_owned());
    }
    defs.families
        .insert(egui::FontFamily::Proportional, names.clone());
    defs.families.insert(egui::FontFamily::Monospace, names);
    ctx.set_fonts(defs);
    // Office software: a light theme reads like the paper it produces.
    ctx.set_theme(egui::Theme::Light);
    ctx.global_style_mut(|style| {
        style
            .text_styles
            .insert(egui::TextStyle::Body, egui::FontId::proportional(15.0));
        style
            .text_styles
            .insert(egui::TextStyle::Button, egui::FontId::proportional(15.0));
        style
            .text_styles
            .insert(egui::TextStyle::Heading, egui::FontId::proportional(22.0));
        // Article texts and citations are shown small: never below 12 px.
        style
            .text_styles
            .insert(egui::TextStyle::Small, egui::FontId::proportional(12.5));
    });
}

/// Width of egui's glyph atlas, in pixels. egui makes the atlas as wide as
/// the GL driver's largest texture (16,384 under Mesa) and doubles its height
/// as glyphs arrive, so even the first 32 rows of it take 2 MB, twice over:
/// egui's image and the driver's copy. 2,048 wide (egui's own default) holds
/// the same glyphs in less, because the height grows in finer steps: the
/// window's glyphs fit in 2,048 × 128, 1 MB a copy (measured: docs/benchmarks.md,
/// "GUI memory"). The window shows no image but glyphs, so no texture needs
/// to be wider.
pub(crate) const FONT_ATLAS_SIDE: usize = 2048;

/// Before every frame: let egui's textures be at most [`FONT_ATLAS_SIDE`]
/// wide (or the driver's maximum, if that is smaller).
pub fn limit_texture_side(raw_input: &mut egui::RawInput) {
    raw_input.max_texture_side = Some(
        raw_input
            .max_texture_side
            .map_or(FONT_ATLAS_SIDE, |side| side.min(FONT_ATLAS_SIDE)),
    );
}

/// Draw the whole app for one frame, then apply the commands the screens returned.
/// The background work of a frame, in eframe's `App::logic` (before the UI
/// pass, and also while the window is hidden): the query thread's replies,
/// files being opened, the 案卷's and 导入's threads, the wizard session's
/// tick (autosave, the cached assessment), a file dialog's answer; a repaint
/// while any of them is busy. It draws nothing.
pub fn logic(app: &mut WenzeApp, ctx: &egui::Context) {
    let mut commands: Vec<Command> = Vec::new();
    poll(app, ctx, &mut commands);
    for command in commands {
        app.apply(command);
    }
}

/// The UI pass: the bars, the screen, the panels; the commands they return
/// applied after drawing.
pub fn show(app: &mut WenzeApp, ui: &mut egui::Ui) {
    let mut commands: Vec<Command> = Vec::new();
    idle_lock(app, ui, &mut commands);

    // Ctrl+N starts a new case from every screen (the register handles its own).
    let working =
        app.shared.user.is_some() && !app.access.locked && app.access.open_error.is_none();
    if working
        && app.shared.route != Route::Register
        && ui.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, egui::Key::N))
    {
        commands.push(Command::WizardStart(None));
    }
    egui::Panel::top("top_bar").show(ui, |ui| {
        ui.horizontal(|ui| top_bar(app, ui, &mut commands));
    });
    egui::Panel::bottom("status_bar").show(ui, |ui| status_bar(app, ui));
    egui::CentralPanel::default().show(ui, |ui| {
        if let Some(err) = &app.access.open_error {
            open_error(app, ui, err, &mut commands);
            return;
        }
        screen(app, ui, &mut commands);
    });

    print::panel(&mut app.print, ui, &mut commands);
    case_docs::preview_window(&app.case.docs, ui, &mut commands);
    for command in commands {
        app.apply(command);
    }
}

/// Once a frame, before the screens draw (see [`logic`]).
fn poll(app: &mut WenzeApp, ctx: &egui::Context, commands: &mut Vec<Command>) {
    if let Some(w) = &app.shared.worker {
        w.set_context(ctx);
    }
    app.poll_worker();
    app.poll_opening();
    crate::app::casedocs::poll(app);
    crate::app::import::poll(app);
    crate::app::session::tick(app, ctx.input(|i| i.time));
    if let Some(c) = app.poll_dialog() {
        commands.push(c);
    }
    if app.is_busy()
        || app.dialog.is_some()
        || app.opening.is_some()
        || app.import.busy()
        || app.case.docs.saving.is_some()
    {
        // The query thread wakes the window too; this is the safety net.
        ctx.request_repaint_after(std::time::Duration::from_millis(100));
    }
}

/// Idle lock: any input counts as activity.
fn idle_lock(app: &mut WenzeApp, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
    let (now, active) = ui.input(|i| (i.time, !i.events.is_empty() || i.pointer.is_moving()));
    if active || app.access.last_activity == 0.0 {
        app.access.last_activity = now;
    }
    if app.shared.user.is_some() && !app.access.locked {
        if now - app.access.last_activity > app.access.idle_lock_secs {
            commands.push(Command::Lock);
        } else {
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_secs_f64(
                    app.access.idle_lock_secs.max(1.0),
                ));
        }
    }
}

/// The top bar: the user with 锁定 and 退出登录, and the screens.
fn top_bar(app: &WenzeApp, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
    ui.heading(crate::APP_TITLE);
    ui.separator();
    if let Some(u) = &app.shared.user
        && !app.access.locked
    {
        ui.label(format!("{}（{}）", u.display_name, u.role));
        if ui.button("锁定").clicked() {
            commands.push(Command::Lock);
        }
        if ui
            .button("退出登录")
            .on_hover_text("草稿已保存；可换其他用户登录")
            .clicked()
        {
            commands.push(Command::SignOut);
        }
        ui.separator();
    }
    let signed_in =
        app.shared.user.is_some() && !app.access.locked && app.access.open_error.is_none();
    for (route, label) in [
        (Route::Dashboard, "工作台"),
        (Route::Register, "案件台账"),
        (Route::Statistics, "统计分析"),
        (Route::Import, "导入台账"),
        (Route::Settings, "设置"),
    ] {
        if signed_in
            && ui
                .selectable_label(app.shared.route == route, label)
                .clicked()
        {
            commands.push(Command::Navigate(route));
        }
    }
}

/// The status bar: the register's file and the last status message.
fn status_bar(app: &WenzeApp, ui: &mut egui::Ui) {
    ui.horizontal(|ui| {
        match &app.shared.storage {
            Some(s) => ui.label(format!("数据库：{}", s.path().display())),
            None => ui.label("数据库未打开"),
        };
        if !app.shared.status.is_empty() {
            ui.separator();
            ui.colored_label(ui.visuals().warn_fg_color, &app.shared.status);
        }
    });
}

/// The register could not be opened: why, and the backups to restore from.
fn open_error(app: &WenzeApp, ui: &mut egui::Ui, err: &str, commands: &mut Vec<Command>) {
    ui.heading("无法打开数据库");
    ui.add_space(8.0);
    ui.colored_label(ui.visuals().error_fg_color, err);
    ui.add_space(16.0);
    if app.access.backups.is_empty() {
        ui.label("备份文件夹中没有可用的备份。请联系管理员，或用 --db 指定其他数据库文件。");
    } else {
        ui.label("可以从以下备份恢复（恢复前会检查备份的完整性，当前文件改名保留，不会被删除）：");
        for b in app.access.backups.iter().take(10) {
            ui.horizontal(|ui| {
                ui.label(b.display().to_string());
                if ui.button("恢复此备份").clicked() {
                    commands.push(Command::RestoreBackup(b.clone()));
                }
            });
        }
    }
}

/// The screen the route names (or sign-in): each is handed the shared
/// context and its own state, nothing else.
fn screen(app: &mut WenzeApp, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
    let busy = app.is_busy();
    let WenzeApp {
        shared,
        access,
        register,
        dashboard,
        statistics,
        case,
        person,
        settings,
        wizard,
        import,
        ..
    } = app;
    if access.needs_admin || shared.user.is_none() || access.locked {
        login::show(shared, access, ui, commands);
        return;
    }
    match shared.route {
        Route::Dashboard => {
            dashboard::show(shared, dashboard, &mut access.own_password, ui, commands)
        }
        Route::Register => register::show(
            ui,
            register,
            busy,
            register.case_total,
            &shared.drafts,
            &shared.regulations,
            commands,
        ),
        Route::NewCase => wizard::show(shared, wizard, ui, commands),
        Route::Case(_) => case::show(shared, case, ui, commands),
        Route::Person(_) => person::show(shared, person.as_ref(), ui, commands),
        Route::Statistics => statistics::show(shared, statistics, ui, commands),
        Route::Settings => settings::show(shared, settings, ui, commands),
        Route::Import => import::show(shared, import, ui, commands),
    }
}
