//! Line breaking for the GB/T 9704 grid: UAX #14 break opportunities
//! (unicode-linebreak) tightened with the GB/T 15834-2011 §5.1 prohibitions,
//! then a greedy fill that squeezes a trailing punctuation mark or carries a
//! character rather than overflow the line.

use unicode_linebreak::{BreakOpportunity, linebreaks};

/// May not start a line (GB/T 15834 §5.1.1).
pub(crate) const NO_START: &str = "。，、；：？！’”）〕】》〉」』）…—·.,;:?!)]}%";
/// May not end a line.
pub(crate) const NO_END: &str = "‘“（〔【《〈「『([{";

fn no_start(c: char) -> bool {
    NO_START.contains(c)
}

fn no_end(c: char) -> bool {
    NO_END.contains(c)
}

fn is_ideograph(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

/// A number stays on one line with its unit (2026年, 15个工作日, 3号), a
/// 文号's number with its year (〔2026〕3号) and 第 with its number (第3条)
/// (GB/T 15835 §5.1.4: a number written in Arabic digits is not split).
/// A date may break between its parts (2026年⏎7月15日): each part is a
/// number with its unit, and a line that would otherwise end several cells
/// short before a date (“询问笔录、⏎2026年7月15日……”) reads as a new paragraph.
fn inside_token(prev: char, next: char) -> bool {
    (prev.is_ascii_digit() && "年月日号时分秒个次件条款项%".contains(next))
        || ("〕第".contains(prev) && next.is_ascii_digit())
}

/// Byte offsets in `text` where a line may end (the end of `text` included).
pub(crate) fn break_points(text: &str) -> Vec<usize> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let char_at = |byte: usize| chars.iter().position(|(i, _)| *i == byte);
    let mut out = Vec::new();
    for (pos, op) in linebreaks(text) {
        if pos == text.len() {
            out.push(pos);
            continue;
        }
        let Some(k) = char_at(pos) else { continue };
        if k == 0 {
            continue;
        }
        let (prev, next) = (chars[k - 1].1, chars[k].1);
        let allowed = match op {
            BreakOpportunity::Mandatory => true,
            BreakOpportunity::Allowed => {
                !no_start(next) && !no_end(prev) && !inside_token(prev, next)
            }
        };
        if allowed {
            out.push(pos);
        }
    }
    // UAX #14 forbids breaks on both sides of quotation marks; Chinese text
    // allows a break before an opening quote and after a closing one.
    for k in 1..chars.len() {
        let (prev, next) = (chars[k - 1].1, chars[k].1);
        let ok = (matches!(next, '“' | '‘')
            && (is_ideograph(prev) || "。，、；：？！”’）".contains(prev)))
            || (matches!(prev, '”' | '’') && is_ideograph(next));
        if ok && !no_start(next) && !out.contains(&chars[k].0) {
            out.push(chars[k].0);
        }
    }
    out.sort_unstable();
    out
}

/// One line produced by [`fill`]: a byte range of the paragraph, and how its
/// width relates to the available width.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LineSpan {
    pub(crate) start: usize,
    pub(crate) end: usize,
    /// Natural width (glyph advances plus the grid spacing).
    pub(crate) natural: f32,
    /// The last line of the paragraph (not justified).
    pub(crate) last: bool,
}

/// Break `text` into lines of at most `first_width` (first line) and `width`
/// (others), measuring each character with `advance`. `grid_gap` is the
/// spacing added between characters on the grid. A line may exceed its width
/// by at most `squeeze` when that keeps a closing punctuation mark off the
/// start of the next line (the punctuation is then compressed).
pub(crate) fn fill(
    text: &str,
    first_width: f32,
    width: f32,
    grid_gap: f32,
    squeeze: f32,
    advance: &dyn Fn(char) -> f32,
) -> Vec<LineSpan> {
    let breaks = break_points(text);
    let seg_width = |from: usize, to: usize| -> (f32, usize) {
        let s = &text[from..to];
        (s.chars().map(advance).sum(), s.chars().count())
    };
    let mut lines = Vec::new();
    let mut start = 0;
    let mut avail = first_width;
    while start < text.len() {
        // Widest run of whole segments that fits.
        let mut end = start;
        let mut fitted = None;
        for &b in breaks.iter().filter(|b| **b > start) {
            let (w, n) = seg_width(start, b);
            let natural = w + grid_gap * n.saturating_sub(1) as f32;
            if natural <= avail + 0.01 {
                end = b;
                fitted = Some(natural);
                continue;
            }
            // Squeeze: the overflow is a trailing closing punctuation mark.
            let tail = text[end..b].chars().count();
            let last = text[..b].chars().last().is_some_and(no_start);
            if fitted.is_some() && last && tail <= 2 && natural <= avail + squeeze {
                end = b;
                fitted = Some(natural);
            }
            break;
        }
        if fitted.is_none() {
            // One segment longer than the line: cut it by characters (never
            // before a no-start character).
            let mut w = 0.0;
            end = start;
            for (n, (i, c)) in text[start..].char_indices().enumerate() {
                let next = w + advance(c) + if n > 0 { grid_gap } else { 0.0 };
                if next > avail + 0.01 && n > 0 && !no_start(c) {
                    break;
                }
                w = next;
                end = start + i + c.len_utf8();
            }
            fitted = Some(w);
        }
        let natural = fitted.unwrap_or(0.0);
        lines.push(LineSpan {
            start,
            end,
            natural,
            last: end >= text.len(),
        });
        start = end;
        avail = width;
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str, cells: usize) -> Vec<String> {
        let adv = |c: char| if c.is_ascii() { 0.5 } else { 1.0 };
        fill(text, cells as f32, cells as f32, 0.0, 1.0, &adv)
            .iter()
            .map(|l| text[l.start..l.end].to_owned())
            .collect()
    }

    #[test]
    fn closing_punctuation_never_starts_a_line() {
        for text in [
            "一二三四五。六七八",
            "一二三四五，六七八",
            "一二三四五”六七八",
            "一二三四五）六七八",
        ] {
            for l in lines(text, 5) {
                assert!(
                    !l.starts_with(|c: char| NO_START.contains(c)),
                    "{text}: {l}"
                );
            }
        }
    }

    #[test]
    fn opening_brackets_never_end_a_line() {
        for l in lines("一二三四（五六七八", 5) {
            assert!(!l.ends_with('（'), "{l}");
        }
        for l in lines("一二三四《五六七八", 5) {
            assert!(!l.ends_with('《'), "{l}");
        }
    }

    #[test]
    fn dashes_and_ellipses_are_not_split() {
        for text in ["一二三四——五六七", "一二三四……五六七"] {
            let ls = lines(text, 5);
            assert!(
                ls.iter().any(|l| l.contains("——") || l.contains("……")),
                "{text}: {ls:?}"
            );
        }
    }

    #[test]
    fn numbers_stay_together() {
        let ls = lines("身份证号码11010519491231002X已核实", 12);
        assert!(
            ls.iter().any(|l| l.contains("11010519491231002X")),
            "{ls:?}"
        );
        let ls = lines("于二〇二六年即2026年3月5日作出", 6);
        assert!(ls.iter().any(|l| l.contains("2026")), "{ls:?}");
    }

    #[test]
    fn dates_split_only_between_their_parts_and_document_numbers_not_at_all() {
        let text = "决定至2026年12月31日止，文号为徐环问〔2026〕3号。";
        for width in 12..24 {
            let ls = lines(text, width);
            for pair in ls.windows(2) {
                let (a, b) = (
                    pair[0].chars().last().unwrap_or(' '),
                    pair[1].chars().next().unwrap_or(' '),
                );
                assert!(!inside_token(a, b), "width {width}: {ls:?}");
            }
        }
    }

    #[test]
    fn punctuation_is_squeezed_rather_than_carried_when_it_fits() {
        // Five cells, six characters with a trailing full stop: squeezed.
        assert_eq!(lines("一二三四五。", 5), vec!["一二三四五。"]);
    }
}
