//! The 署名 and 成文日期: right-aligned under the body, never alone on a
//! page (GB/T 9704 7.3.5).

use super::composer::Composer;
use super::{Document, LayoutError, Line, Style, normalize};

/// How many blank lines to leave above a 署名/日期 block of `block` lines
/// (2 normally, fewer to keep it on the body's page); when even 0 does not
/// keep it there, the last two body lines are carried to the next page so
/// that the block never stands alone.
fn keep_with_body(c: &mut Composer<'_>, block: usize) -> usize {
    let per = c.g.lines;
    let end = c.slots.len();
    if end == 0 || block == 0 {
        return 2;
    }
    let last_page = (end - 1) / per;
    let fits = |blanks: usize| (end + blanks + block - 1) / per == last_page;
    let on_page = end - last_page * per;
    for blanks in [2, 1] {
        if fits(blanks) && (on_page >= 2 || end < 2) {
            return blanks;
        }
    }
    // Carry the last two body lines (unless they are part of a ruled table,
    // whose lines cannot move without their rules).
    if end >= 2 && !c.rules.iter().any(|(slot, _)| *slot >= end - 2) {
        let at = end - 2;
        let pad = per - at % per;
        if pad < per {
            for _ in 0..pad {
                c.slots.insert(at, Vec::new());
            }
        }
    }
    2
}

/// The 署名 and 成文日期, if the document has either.
pub(super) fn place(c: &mut Composer<'_>, doc: &Document) -> Result<(), LayoutError> {
    if doc.signature.is_empty() && doc.date.is_empty() {
        return Ok(());
    }
    let g = c.g;
    // 不加盖印章: 成文日期右空四字，署名以成文日期为准居中 (GB/T 9704 7.3.5.2).
    // The 署名 and 成文日期 never stand alone on a page (7.3.5.1): tighten
    // the space above them, or carry the last two body lines over.
    let block = usize::from(!doc.signature.is_empty()) + usize::from(!doc.date.is_empty());
    let blanks = keep_with_body(c, block);
    for _ in 0..blanks {
        c.blank();
    }
    let sig_slot = c.slots.len();
    if !doc.signature.is_empty() {
        c.blank();
    }
    let centre = if doc.date.is_empty() {
        c.right(Style::Body, &doc.signature, 2.0)?
    } else {
        c.right(Style::Body, &doc.date, 4.0)?
    };
    if !doc.signature.is_empty() && !doc.date.is_empty() {
        // Put the signature in the slot reserved above the date.
        let sig = normalize(&doc.signature);
        c.check(Style::Body, &sig)?;
        let gap = g.cell() - g.body_size;
        let w = c.natural(Style::Body, g.body_size, &sig, gap);
        let runs = c.runs(Style::Body, g.body_size, gap, centre - w / 2.0, &sig);
        c.slots[sig_slot] = vec![Line {
            y: 0.0,
            size: g.body_size,
            spacing: gap,
            runs,
            text: sig,
            style: Style::Body,
        }];
    }
    Ok(())
}
