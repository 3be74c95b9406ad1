//! Pages: the composed slots cut into pages of 22 lines (room left for the
//! 版记 on an even last page), and the page numbers.

use crate::fonts::PdfFaces;

use super::composer::Composer;
use super::{Geometry, Line, PT_PER_MM, Page, Style};

/// The composed slots on pages of 22 lines; the 版记 takes the last
/// `colophon_slots` slots of the last page (filled by `colophon::place`).
pub(super) fn paginate(c: Composer<'_>, colophon_slots: usize) -> Vec<Page> {
    let g = c.g;
    let per_page = g.lines;
    let mut pages: Vec<Page> = Vec::new();
    let mut total = c.slots.len();
    if colophon_slots > 0 {
        let used_last = total % per_page;
        if used_last == 0 && total > 0 || used_last + colophon_slots + 1 > per_page {
            // Not enough room: the colophon goes to the foot of a new page.
            total = total.div_ceil(per_page) * per_page;
        }
    }
    let mut n_pages = (total + colophon_slots).div_ceil(per_page).max(1);
    if colophon_slots > 0 && n_pages % 2 == 1 {
        // The 版记 sits on the last, even-numbered page (7.4).
        n_pages += 1;
    }
    for _ in 0..n_pages {
        pages.push(Page::default());
    }
    for (i, lines) in c.slots.into_iter().enumerate() {
        let (p, s) = (i / per_page, i % per_page);
        for mut line in lines {
            line.y = g.baseline(s);
            pages[p].lines.push(line);
        }
    }
    for (slot, mut rule) in c.rules {
        let (p, s) = (slot / per_page, slot % per_page);
        let y0 = g.top + s as f32 * g.pitch();
        rule.y1 = y0 + rule.y1 * g.pitch();
        rule.y2 = y0 + rule.y2 * g.pitch();
        if let Some(page) = pages.get_mut(p.min(n_pages - 1)) {
            page.rules.push(rule);
        }
    }
    pages
}

/// Page numbers "— N —": 4号, 7 mm below the text block; odd pages right,
/// even pages left, one character in.
pub(super) fn number(pages: &mut [Page], g: Geometry, m: &PdfFaces, has_colophon: bool) {
    let nc = Composer::new(g, m);
    // 版记页前有空白页的，空白页和版记页均不编排页码 (GB/T 9704 7.5).
    let count = pages.len();
    let blank_before_colophon = has_colophon
        && count >= 2
        && pages[count - 2].lines.is_empty()
        && pages[count - 2].rules.is_empty();
    for (i, page) in pages.iter_mut().enumerate() {
        let n = i + 1;
        if blank_before_colophon && n >= count - 1 {
            continue;
        }
        let text = format!("— {n} —");
        let size = g.small_size;
        let w = nc.natural(Style::Song, size, &text, 0.0);
        let x0 = if n % 2 == 1 {
            g.left + g.block_w - size - w
        } else {
            g.left + size
        };
        let runs = nc.runs(Style::Song, size, 0.0, x0, &text);
        page.lines.push(Line {
            y: g.top + g.block_h + 7.0 * PT_PER_MM + size * 0.8,
            size,
            spacing: 0.0,
            runs,
            text,
            style: Style::Song,
        });
    }
}
