//! Draws a page of the export layout model (the same lines and page breaks
//! as the PDF) with egui's painter.

use crate::export::Layout;
use crate::fonts::Chain;

/// Paint page `index` of `layout`, `width` points wide on screen.
pub(crate) fn page(ui: &mut egui::Ui, layout: &Layout, index: usize, width: f32) {
    let g = layout.geometry;
    let scale = width / g.page_w;
    let (rect, _) =
        ui.allocate_exact_size(egui::vec2(width, g.page_h * scale), egui::Sense::hover());
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 0.0, egui::Color32::WHITE);
    painter.rect_stroke(
        rect,
        0.0,
        egui::Stroke::new(1.0, egui::Color32::GRAY),
        egui::StrokeKind::Inside,
    );
    let Some(page) = layout.pages.get(index) else {
        return;
    };
    let to_screen = |x: f32, y: f32| rect.min + egui::vec2(x * scale, y * scale);
    let chain = Chain::new(&crate::fonts::UI_CHAIN).ok();
    for line in &page.lines {
        let font = egui::FontId::proportional((line.size * scale).max(4.0));
        for run in &line.runs {
            // Place each character where the PDF does (advance + spacing).
            let run_chain = Chain::new(&[run.face]).ok();
            let mut x = run.x;
            for c in run.text.chars() {
                painter.text(
                    to_screen(x, line.y),
                    egui::Align2::LEFT_BOTTOM,
                    c,
                    font.clone(),
                    egui::Color32::BLACK,
                );
                let adv = run_chain
                    .as_ref()
                    .and_then(|ch| ch.advance(c))
                    .or_else(|| chain.as_ref().and_then(|ch| ch.advance(c)))
                    .unwrap_or(1.0);
                x += adv * line.size + line.spacing;
            }
        }
    }
    for r in &page.rules {
        painter.line_segment(
            [to_screen(r.x1, r.y1), to_screen(r.x2, r.y2)],
            egui::Stroke::new((r.width * scale).max(0.5), egui::Color32::BLACK),
        );
    }
}
