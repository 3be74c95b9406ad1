//! Ruled tables on the grid: each row as tall as its tallest cell, rows never
//! split across a page, the header row kept with the first data row.

use super::composer::Composer;
use super::{Geometry, LayoutError, Line, Rule, Style, linebreak, normalize};

/// Cell padding, points.
const PAD: f32 = 3.0;

/// A row's cell texts broken into lines, and the row's height in lines.
type PreparedRow = (Vec<Vec<String>>, usize);

/// A horizontal rule across the text block, `y` lines below its slot's top.
fn across(g: Geometry, y: f32) -> Rule {
    Rule {
        x1: g.left,
        y1: y,
        x2: g.left + g.block_w,
        y2: y,
        width: 0.75,
    }
}

/// A vertical rule at `x`, `height` lines down from its slot's top.
fn down(x: f32, height: f32) -> Rule {
    Rule {
        x1: x,
        y1: 0.0,
        x2: x,
        y2: height,
        width: 0.75,
    }
}

impl Composer<'_> {
    /// A ruled table; each row's height is its tallest cell (at least `min_lines`).
    pub(super) fn table(
        &mut self,
        cols: &[usize],
        rows: &[Vec<String>],
        min_lines: &[usize],
    ) -> Result<(), LayoutError> {
        let g = self.g;
        let total: usize = cols.iter().sum::<usize>().max(1);
        let unit = g.block_w / total as f32;
        // Each row's cell lines and height, first: rows never split across
        // a page, and the header row never stays at a page foot without the
        // first data row (nor a heading above the table without the table).
        let prepared = self.prepare_rows(cols, rows, min_lines, unit)?;
        let per = g.lines;
        let mut slot = self.slots.len();
        for (r, (cell_lines, height)) in prepared.iter().enumerate() {
            let height = *height;
            let need = if r == 0 {
                height + prepared.get(1).map_or(0, |x| x.1)
            } else {
                height
            };
            slot = self.start_row(r, need, slot);
            self.row_lines(cols, unit, cell_lines, height);
            // Rules: top of the row, and vertical separators.
            let (y_top, y_bottom) = (slot, slot + height);
            self.rules.push((y_top, across(g, 0.0)));
            let mut x = g.left;
            for w in cols {
                self.rules.push((y_top, down(x, (y_bottom - y_top) as f32)));
                x += *w as f32 * unit;
            }
            self.rules.push((y_top, down(x, (y_bottom - y_top) as f32)));
            slot = y_bottom;
        }
        // The bottom rule: at a page foot it belongs to that page, not to
        // the top of the next.
        let (at, y) = if slot > 0 && slot.is_multiple_of(per) {
            (slot - 1, 1.0)
        } else {
            (slot, 0.0)
        };
        self.rules.push((at, across(g, y)));
        Ok(())
    }

    /// Each row's cell texts broken into lines within their column, and the
    /// row's height (its tallest cell, at least `min_lines`).
    fn prepare_rows(
        &self,
        cols: &[usize],
        rows: &[Vec<String>],
        min_lines: &[usize],
        unit: f32,
    ) -> Result<Vec<PreparedRow>, LayoutError> {
        let size = self.g.small_size;
        let gap = 0.0;
        let mut prepared: Vec<PreparedRow> = Vec::new();
        for (r, row) in rows.iter().enumerate() {
            let mut cell_lines: Vec<Vec<String>> = Vec::new();
            for (c, text) in row.iter().enumerate() {
                let text = normalize(text);
                self.check(Style::Body, &text)?;
                let w = cols.get(c).copied().unwrap_or(1) as f32 * unit - 2.0 * PAD;
                let adv = |ch: char| self.advance(Style::Body, size, ch);
                let spans = linebreak::fill(&text, w, w, gap, size * 0.5, &adv);
                cell_lines.push(
                    spans
                        .iter()
                        .map(|s| text[s.start..s.end].to_owned())
                        .collect(),
                );
            }
            let height = cell_lines
                .iter()
                .map(Vec::len)
                .max()
                .unwrap_or(1)
                .max(min_lines.get(r).copied().unwrap_or(1))
                .max(1);
            prepared.push((cell_lines, height));
        }
        Ok(prepared)
    }

    /// Before row `r` (needing `need` lines) at `slot`: close the table at a
    /// page foot and move the row, with a heading right above the table, to
    /// the next page when it does not fit. Returns the row's slot.
    fn start_row(&mut self, r: usize, need: usize, mut slot: usize) -> usize {
        let g = self.g;
        let per = g.lines;
        let used = slot % per;
        if r > 0 && used == 0 && slot > 0 {
            // The previous row ended at a page foot: close the table there.
            self.rules.push((slot - 1, across(g, 1.0)));
        }
        let heading_last = r == 0
            && self
                .slots
                .last()
                .is_some_and(|l| l.iter().any(|x| matches!(x.style, Style::Hei | Style::Kai)));
        // A heading on the last line of the page above the table's top.
        let heading_orphan = heading_last && used == 0 && slot > 0;
        if heading_orphan || used > 0 && used + need > per && need <= per {
            if r > 0 {
                // Close the table at this page's foot.
                self.rules.push((slot - 1, across(g, 1.0)));
            }
            // A heading right above the table moves with it.
            let heading = if heading_last && (used > 1 || heading_orphan) {
                self.slots.pop()
            } else {
                None
            };
            while !self.slots.len().is_multiple_of(per) {
                self.blank();
            }
            if let Some(h) = heading {
                self.slots.push(h);
            }
            slot = self.slots.len();
        }
        slot
    }

    /// A row's `height` lines, each the cells' lines side by side.
    fn row_lines(&mut self, cols: &[usize], unit: f32, cell_lines: &[Vec<String>], height: usize) {
        let g = self.g;
        let size = g.small_size;
        let gap = 0.0;
        for l in 0..height {
            let mut line_runs = Vec::new();
            let mut text_all = String::new();
            let mut x = g.left;
            for (c, lines) in cell_lines.iter().enumerate() {
                if let Some(t) = lines.get(l) {
                    line_runs.extend(self.runs(Style::Body, size, gap, x + PAD, t));
                    if !text_all.is_empty() {
                        text_all.push(' ');
                    }
                    text_all.push_str(t);
                }
                x += cols.get(c).copied().unwrap_or(1) as f32 * unit;
            }
            if line_runs.is_empty() {
                self.blank();
            } else {
                self.push_line(Line {
                    y: 0.0,
                    size,
                    spacing: gap,
                    runs: line_runs,
                    text: text_all,
                    style: Style::Body,
                });
            }
        }
    }
}
