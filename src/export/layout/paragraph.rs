//! Text on the grid: justified paragraphs, lines flush right or centred,
//! and the title in balanced lines.

use super::composer::{Composer, tied_pairs};
use super::{LayoutError, Line, Style, linebreak, normalize};

impl Composer<'_> {
    /// A justified paragraph on the grid; `indent` in cells.
    pub(super) fn paragraph(
        &mut self,
        style: Style,
        text: &str,
        indent: usize,
    ) -> Result<(), LayoutError> {
        let text = normalize(text);
        self.check(style, &text)?;
        let g = self.g;
        let size = g.body_size;
        let gap = g.cell() - size;
        let first = g.block_w - indent as f32 * g.cell();
        let spans = {
            let adv = |c: char| self.advance(style, size, c);
            linebreak::fill(&text, first, g.block_w, gap, g.cell(), &adv)
        };
        for (i, span) in spans.iter().enumerate() {
            let s = &text[span.start..span.end];
            let x0 = g.left
                + if i == 0 {
                    indent as f32 * g.cell()
                } else {
                    0.0
                };
            let avail = if i == 0 { first } else { g.block_w };
            let n = s.chars().count();
            // Justified lines spread the slack between characters, but never
            // inside ……/—— (one mark of two characters); a line left short
            // by an unbreakable token after it (a long number, a 文号) is set
            // naturally rather than spread thin.
            let pairs = tied_pairs(s);
            let short = avail - span.natural > 2.0 * g.cell();
            let spacing = if span.last || n < 2 + pairs || short {
                gap
            } else {
                let glyphs: f32 = s.chars().map(|c| self.advance(style, size, c)).sum();
                (avail - glyphs - gap * pairs as f32) / (n - 1 - pairs) as f32
            };
            let runs = if spacing > gap && pairs > 0 {
                self.runs_tied(style, size, spacing, gap, x0, s)
            } else {
                self.runs(style, size, spacing, x0, s)
            };
            self.push_line(Line {
                y: 0.0,
                size,
                spacing,
                runs,
                text: s.to_owned(),
                style,
            });
        }
        if spans.is_empty() {
            self.blank();
        }
        Ok(())
    }

    /// A single line aligned right, `inset` cells from the right edge.
    pub(super) fn right(
        &mut self,
        style: Style,
        text: &str,
        inset: f32,
    ) -> Result<f32, LayoutError> {
        let text = normalize(text);
        self.check(style, &text)?;
        let g = self.g;
        let size = g.body_size;
        let gap = g.cell() - size;
        let w = self.natural(style, size, &text, gap);
        let x0 = g.left + g.block_w - inset * g.cell() - w;
        let runs = self.runs(style, size, gap, x0, &text);
        self.push_line(Line {
            y: 0.0,
            size,
            spacing: gap,
            runs,
            text,
            style,
        });
        Ok(x0 + w / 2.0)
    }

    /// A single line centred on `centre`.
    pub(super) fn centred(
        &mut self,
        style: Style,
        size: f32,
        text: &str,
        centre: f32,
    ) -> Result<(), LayoutError> {
        let text = normalize(text);
        self.check(style, &text)?;
        let gap = if style == Style::Title {
            0.0
        } else {
            self.g.cell() - size
        };
        let w = self.natural(style, size, &text, gap);
        let x0 = (centre - w / 2.0).max(self.g.left);
        let runs = self.runs(style, size, gap, x0, &text);
        self.push_line(Line {
            y: 0.0,
            size,
            spacing: gap,
            runs,
            text,
            style,
        });
        Ok(())
    }

    /// The title, split into balanced lines that never leave one character alone.
    pub(super) fn title(&mut self, title: &str) -> Result<(), LayoutError> {
        let title = normalize(title);
        self.check(Style::Title, &title)?;
        let g = self.g;
        let size = g.title_size;
        let per_line = (g.block_w / size).floor().max(2.0) as usize;
        let chars: Vec<char> = title.chars().collect();
        let n_lines = chars.len().div_ceil(per_line).max(1);
        let centre = g.left + g.block_w / 2.0;
        if n_lines == 1 {
            return self.centred(Style::Title, size, &title, centre);
        }
        // Balanced split at break opportunities nearest to equal shares.
        let breaks = linebreak::break_points(&title);
        let mut start = 0usize; // char index
        for k in 1..=n_lines {
            let end = if k == n_lines {
                chars.len()
            } else {
                let target = chars.len() * k / n_lines;
                let byte_target = title
                    .char_indices()
                    .nth(target)
                    .map(|(i, _)| i)
                    .unwrap_or(title.len());
                let best = breaks
                    .iter()
                    .copied()
                    .filter(|b| *b > 0 && *b < title.len())
                    .min_by_key(|b| b.abs_diff(byte_target))
                    .unwrap_or(byte_target);
                title[..best]
                    .chars()
                    .count()
                    .clamp(start + 2, chars.len().saturating_sub(2))
            };
            let line: String = chars[start..end].iter().collect();
            self.centred(Style::Title, size, &line, centre)?;
            start = end;
        }
        Ok(())
    }
}
