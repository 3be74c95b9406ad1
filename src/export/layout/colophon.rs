//! The 版记 (GB/T 9704 7.4): 抄送 lines, 印发机关 and 印发日期 between
//! separator rules at the foot of the last page.

use crate::fonts::PdfFaces;

use super::composer::Composer;
use super::{Colophon, Document, Geometry, LayoutError, Line, Page, Rule, Style, normalize};

/// The 抄送 line broken into the lines it takes (none without a 抄送).
pub(super) fn cc_lines(c: &Composer<'_>, doc: &Document) -> Result<Vec<String>, LayoutError> {
    let g = c.g;
    let size = g.small_size;
    Ok(match &doc.colophon {
        Some(col) if !col.cc.trim().is_empty() => {
            let text = normalize(&format!("抄送：{}。", col.cc.trim().trim_end_matches('。')));
            c.check(Style::Body, &text)?;
            // Within the 版心 less one character each side; continuation
            // lines align with the first character after 抄送： (7.4.2).
            let width = g.block_w - 2.0 * size;
            let hang = c.natural(Style::Body, size, "抄送：", 0.0);
            wrap_cc(c, &text, size, width, hang)
        }
        _ => Vec::new(),
    })
}

/// Break the 抄送 line into lines of at most `width` points (the first line
/// full width, the rest `hang` narrower), never starting a line with closing
/// punctuation.
fn wrap_cc(c: &Composer<'_>, text: &str, size: f32, width: f32, hang: f32) -> Vec<String> {
    const NO_START: &str = "，。、；：！？）》」』”’";
    let chars: Vec<char> = text.chars().collect();
    let mut lines = Vec::new();
    let mut start = 0;
    while start < chars.len() {
        let avail = if lines.is_empty() {
            width
        } else {
            width - hang
        };
        let mut w = 0.0;
        let mut end = start;
        while end < chars.len() {
            let cw = c.advance(Style::Body, size, chars[end]);
            if w + cw > avail + 0.01 {
                break;
            }
            w += cw;
            end += 1;
        }
        if end < chars.len() {
            // Pull a character down rather than start a line with 、 or 。.
            while end > start + 1 && NO_START.contains(chars[end]) {
                end -= 1;
            }
        }
        let end = end.max(start + 1);
        lines.push(chars[start..end].iter().collect());
        start = end;
    }
    lines
}

/// The 版记 in the last `colophon_slots` slots of the last page.
pub(super) fn place(
    pages: &mut [Page],
    g: Geometry,
    m: &PdfFaces,
    col: &Colophon,
    cc_lines: &[String],
    colophon_slots: usize,
) -> Result<(), LayoutError> {
    let per_page = g.lines;
    let size = g.small_size;
    let first_slot = per_page - colophon_slots;
    let mc = Composer::new(g, m);
    let gap = 0.0;
    let mut lines = Vec::new();
    let hang = mc.natural(Style::Body, size, "抄送：", 0.0);
    for (k, text) in cc_lines.iter().enumerate() {
        let x0 = g.left + size + if k == 0 { 0.0 } else { hang };
        let runs = mc.runs(Style::Body, size, gap, x0, text);
        lines.push(Line {
            y: 0.0,
            size,
            spacing: gap,
            runs,
            text: text.clone(),
            style: Style::Body,
        });
    }
    let printer = normalize(&col.printer);
    let date = normalize(&format!("{}印发", col.date));
    mc.check(Style::Body, &printer)?;
    mc.check(Style::Body, &date)?;
    let w = mc.natural(Style::Body, size, &date, gap);
    let mut runs = mc.runs(Style::Body, size, gap, g.left + size, &printer);
    runs.extend(mc.runs(Style::Body, size, gap, g.left + g.block_w - size - w, &date));
    lines.push(Line {
        y: 0.0,
        size,
        spacing: gap,
        runs,
        text: format!("{printer} {date}"),
        style: Style::Body,
    });
    let Some(page) = pages.last_mut() else {
        return Ok(());
    };
    for (k, mut line) in lines.into_iter().enumerate() {
        line.y = g.baseline(first_slot + k);
        page.lines.push(line);
    }
    // Separator lines: thick above and below, thin between.
    let y = |s: usize| g.top + s as f32 * g.pitch();
    page.rules.push(Rule {
        x1: g.left,
        y1: y(first_slot),
        x2: g.left + g.block_w,
        y2: y(first_slot),
        width: 1.0,
    });
    if colophon_slots >= 2 {
        page.rules.push(Rule {
            x1: g.left,
            y1: y(first_slot + cc_lines.len()),
            x2: g.left + g.block_w,
            y2: y(first_slot + cc_lines.len()),
            width: 0.7,
        });
    }
    page.rules.push(Rule {
        x1: g.left,
        y1: y(per_page),
        x2: g.left + g.block_w,
        y2: y(per_page),
        width: 1.0,
    });
    Ok(())
}
