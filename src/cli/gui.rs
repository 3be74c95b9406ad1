//! No subcommand: the window.

use std::path::PathBuf;
use std::process::ExitCode;

use super::args::RendererChoice;
use super::fail;

pub(super) fn run_gui(
    db: PathBuf,
    renderer: RendererChoice,
    draft: Option<String>,
    screen: Option<String>,
) -> ExitCode {
    let route = match screen.as_deref().map(parse_screen) {
        Some(Err(e)) => return fail(&e),
        Some(Ok(r)) => Some(r),
        None => None,
    };
    let renderer = match renderer {
        RendererChoice::Glow => eframe::Renderer::Glow,
        #[cfg(feature = "wgpu")]
        RendererChoice::Wgpu => eframe::Renderer::Wgpu,
        #[cfg(not(feature = "wgpu"))]
        RendererChoice::Wgpu => {
            return fail(
                "本程序未包含 wgpu 渲染后端（编译时加 --features wgpu），请改用 --renderer glow。",
            );
        }
    };
    crate::platform::share_one_malloc_arena();
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title(crate::APP_TITLE)
            .with_app_id("wenze")
            .with_icon(window_icon())
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([960.0, 600.0]),
        renderer,
        ..Default::default()
    };
    let result = eframe::run_native(
        crate::APP_TITLE,
        options,
        Box::new(move |cc| {
            crate::ui::install_fonts(&cc.egui_ctx);
            let mut app = crate::app::WenzeApp::open(&db);
            if let Some(key) = draft {
                app.apply(crate::app::Command::WizardStart(Some(key)));
            }
            if let Some(route) = route {
                app.apply(crate::app::Command::Navigate(route));
            }
            Ok(Box::new(app))
        }),
    );
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(&format!("无法打开窗口：{}", crate::zh::window(&e))),
    }
}

/// The window's icon: Wenze's own (the 256 px image the .deb installs).
/// Without one, eframe shows egui's logo, decoded from a 512 px PNG and kept
/// for the whole session (1 MB); this one is 256 KB. An image that cannot be
/// decoded (it is checked in at build time, so never) gives no icon rather
/// than eframe's.
fn window_icon() -> std::sync::Arc<egui::IconData> {
    std::sync::Arc::new(
        eframe::icon_data::from_png_bytes(include_bytes!("../../assets/icons/wenze-256.png"))
            .unwrap_or_default(),
    )
}

/// `--screen`: the page to show first.
fn parse_screen(s: &str) -> Result<crate::app::Route, String> {
    use crate::app::Route;
    let bad = || {
        format!(
            "无法识别的页面“{s}”：可用 dashboard、register、statistics、settings、import、case:编号、person:编号"
        )
    };
    Ok(match s.split_once(':') {
        None => match s {
            "dashboard" => Route::Dashboard,
            "register" => Route::Register,
            "statistics" => Route::Statistics,
            "settings" => Route::Settings,
            "import" => Route::Import,
            _ => return Err(bad()),
        },
        Some(("case", id)) => Route::Case(id.parse().map_err(|_| bad())?),
        Some(("person", id)) => Route::Person(id.parse().map_err(|_| bad())?),
        Some(_) => return Err(bad()),
    })
}
