//! The composer: lines of text placed on grid slots, in runs of one face
//! each, with the checks that every character has a glyph.

use crate::fonts::PdfFaces;

use super::{Geometry, LayoutError, Line, Rule, Run, Style};

/// Lays out lines of text onto grid slots.
pub(super) struct Composer<'m> {
    pub(super) g: Geometry,
    pub(super) m: &'m PdfFaces,
    /// Lines placed so far, by slot: (slot index over the whole document, line).
    pub(super) slots: Vec<Vec<Line>>,
    pub(super) rules: Vec<(usize, Rule)>,
}

impl<'m> Composer<'m> {
    /// An empty composer on `g` in `faces`.
    pub(super) fn new(g: Geometry, m: &'m PdfFaces) -> Self {
        Composer {
            g,
            m,
            slots: Vec::new(),
            rules: Vec::new(),
        }
    }

    pub(super) fn advance(&self, style: Style, size: f32, c: char) -> f32 {
        let chain = style.chain(self.m);
        chain.advance(c).map(|em| em * size).unwrap_or(size)
    }

    pub(super) fn check(&self, style: Style, text: &str) -> Result<(), LayoutError> {
        if let Some(ch) = style.chain(self.m).missing(text).first() {
            return Err(LayoutError::MissingGlyph {
                ch: *ch,
                code: *ch as u32,
                context: text.chars().take(40).collect(),
            });
        }
        Ok(())
    }

    /// Runs of consecutive characters that resolve to the same face.
    pub(super) fn runs(
        &self,
        style: Style,
        size: f32,
        spacing: f32,
        x0: f32,
        text: &str,
    ) -> Vec<Run> {
        let chain = style.chain(self.m);
        let mut runs: Vec<Run> = Vec::new();
        let mut x = x0;
        for c in text.chars() {
            // `check` has made sure every printing character resolves.
            let Some(face) = chain.resolve(c).or_else(|| chain.first()) else {
                continue;
            };
            match runs.last_mut() {
                Some(r) if std::ptr::eq(r.face, face) => r.text.push(c),
                _ => runs.push(Run {
                    face,
                    x,
                    text: c.to_string(),
                }),
            }
            x += self.advance(style, size, c) + spacing;
        }
        runs
    }

    /// A heading that ended up on a page's last line moves to the next page,
    /// with the text it introduces.
    pub(super) fn keep_heading_with_next(&mut self) {
        let per = self.g.lines;
        let n = self.slots.len();
        if n < 2 || !n.is_multiple_of(per) {
            return;
        }
        let heading = self
            .slots
            .last()
            .is_some_and(|l| l.iter().any(|x| matches!(x.style, Style::Hei | Style::Kai)));
        let covers_rule = self.rules.iter().any(|(slot, _)| *slot >= n - 1);
        if heading
            && !covers_rule
            && let Some(h) = self.slots.pop()
        {
            self.blank();
            self.slots.push(h);
        }
    }

    /// Like [`Composer::runs`], but the second character of ……/—— starts
    /// its own run right after the first, `gap` apart (not `spacing`).
    pub(super) fn runs_tied(
        &self,
        style: Style,
        size: f32,
        spacing: f32,
        gap: f32,
        x0: f32,
        text: &str,
    ) -> Vec<Run> {
        let chain = style.chain(self.m);
        let mut runs: Vec<Run> = Vec::new();
        let mut x = x0;
        let mut prev: Option<char> = None;
        let mut second = false;
        for c in text.chars() {
            let Some(face) = chain.resolve(c).or_else(|| chain.first()) else {
                continue;
            };
            // The second half of a mark (counted as in `tied_pairs`).
            let tied = !second && prev.is_some_and(|p| p == c && is_tied(c));
            if tied {
                x -= spacing - gap;
            }
            match runs.last_mut() {
                Some(r) if std::ptr::eq(r.face, face) && !tied => r.text.push(c),
                _ => runs.push(Run {
                    face,
                    x,
                    text: c.to_string(),
                }),
            }
            x += self.advance(style, size, c) + spacing;
            second = tied;
            prev = Some(c);
        }
        runs
    }

    pub(super) fn natural(&self, style: Style, size: f32, text: &str, gap: f32) -> f32 {
        let n = text.chars().count();
        text.chars()
            .map(|c| self.advance(style, size, c))
            .sum::<f32>()
            + gap * n.saturating_sub(1) as f32
    }

    pub(super) fn push_line(&mut self, line: Line) {
        self.slots.push(vec![line]);
    }

    pub(super) fn blank(&mut self) {
        self.slots.push(Vec::new());
    }
}

/// …… and —— are one mark written with two characters.
fn is_tied(c: char) -> bool {
    matches!(c, '…' | '—')
}

/// How many character gaps on a line sit inside a ……/—— mark.
pub(super) fn tied_pairs(s: &str) -> usize {
    let chars: Vec<char> = s.chars().collect();
    let mut n = 0;
    let mut k = 1;
    while k < chars.len() {
        if chars[k] == chars[k - 1] && is_tied(chars[k]) {
            n += 1;
            k += 2;
        } else {
            k += 1;
        }
    }
    n
}
