//! Writes a [`Layout`] as a PDF with printpdf: embedded, subset fonts; every
//! line positioned exactly where the layout put it. The only printpdf user.

use std::collections::{BTreeSet, HashMap};

use allsorts::binary::read::ReadScope;
use allsorts::font_data::FontData;
use allsorts::subset::{CmapTarget, SubsetProfile};
use printpdf::{
    Color, FontId, Line as PdfLine, LinePoint, Mm, Op, ParsedFont, PdfDocument, PdfFontHandle,
    PdfPage, PdfSaveOptions, Point, Pt, Rgb, TextItem,
};

use super::layout::Layout;
use crate::fonts::Face;

/// The glyphs of `chars` cut out of `face` as a small standalone font with
/// a Unicode cmap, read straight from the borrowed file bytes (nothing is
/// copied but the glyphs used; the 26 MB collections are never parsed
/// whole). The PDF and the OFD writer embed the same subset.
pub(crate) fn subset_bytes(face: &Face, chars: &BTreeSet<char>) -> Result<Vec<u8>, String> {
    let failed = |why: &str| format!("字体 {} 无法取子集：{why}", face.file);
    let parsed =
        ttf_parser::Face::parse(face.bytes, face.index).map_err(|e| failed(crate::zh::font(e)))?;
    // .notdef first, then each used glyph once (allsorts' requirements).
    let used: BTreeSet<u16> = chars
        .iter()
        .filter_map(|c| parsed.glyph_index(*c))
        .map(|g| g.0)
        .filter(|g| *g != 0)
        .collect();
    let ids: Vec<u16> = std::iter::once(0).chain(used).collect();
    let file = ReadScope::new(face.bytes)
        .read::<FontData<'_>>()
        .map_err(|_| failed("字体数据有误"))?;
    let provider = file
        .table_provider(face.index as usize)
        .map_err(|_| failed("字体数据有误"))?;
    // Minimal keeps a Unicode cmap, OS/2 and the metrics printpdf reads.
    allsorts::subset::subset(
        &provider,
        &ids,
        &SubsetProfile::Minimal,
        CmapTarget::Unicode,
    )
    .map_err(|_| failed("字体数据有误"))
}

/// [`subset_bytes`] handed to printpdf, which embeds it (as a subset again,
/// now of a few hundred glyphs).
fn subset_face(face: &Face, chars: &BTreeSet<char>) -> Result<ParsedFont, String> {
    let bytes = subset_bytes(face, chars)?;
    let mut warnings = Vec::new();
    ParsedFont::from_bytes(&bytes, 0, &mut warnings)
        .ok_or_else(|| format!("字体 {} 无法取子集：子集字体无法解析", face.file))
}

/// The faces a layout draws with, each with the characters it draws, in
/// the order they first appear.
pub(crate) fn faces_used(layout: &Layout) -> Vec<(&'static Face, BTreeSet<char>)> {
    let mut used: Vec<(&'static Face, BTreeSet<char>)> = Vec::new();
    for page in &layout.pages {
        for line in &page.lines {
            for run in &line.runs {
                let i = match used.iter().position(|(f, _)| f.key == run.face.key) {
                    Some(i) => i,
                    None => {
                        used.push((run.face, BTreeSet::new()));
                        used.len() - 1
                    }
                };
                used[i].1.extend(run.text.chars());
            }
        }
    }
    used
}

/// Options for writing.
#[derive(Debug, Clone)]
pub(crate) struct PdfOptions {
    /// Creation date, seconds since the Unix epoch (UTC).
    pub(crate) created_unix: i64,
}

/// Write the layout as PDF bytes.
pub(crate) fn write(layout: &Layout, opts: &PdfOptions) -> Result<Vec<u8>, String> {
    let g = layout.geometry;
    let mut doc = PdfDocument::new(&layout.title);
    doc.metadata.info.document_title = layout.title.clone();
    doc.metadata.info.author = layout.author.clone();
    doc.metadata.info.subject = layout.subject.clone();
    doc.metadata.info.creator = "Wenze 问责案件管理".to_owned();
    doc.metadata.info.producer = "Wenze (printpdf)".to_owned();
    if let Ok(date) = printpdf::DateTime::from_unix_timestamp(opts.created_unix) {
        doc.metadata.info.creation_date = date;
        doc.metadata.info.modification_date = date;
        doc.metadata.info.metadata_date = date;
    }

    // One add_font per face actually used, with only the characters it draws.
    let used = faces_used(layout);
    let mut ids: HashMap<&'static str, FontId> = HashMap::new();
    for (i, (face, chars)) in used.iter().enumerate() {
        let font = subset_face(face, chars)?;
        // Named in order (`add_font` would name it at random): the same
        // layout written at the same time is the same bytes. printpdf takes
        // the first six characters as the subset tag (six capitals, one per
        // subset: ISO 32000 9.6.4).
        let id = FontId(subset_tag(i));
        doc.resources
            .fonts
            .map
            .insert(id.clone(), printpdf::PdfFont::new(font));
        ids.insert(face.key, id);
    }

    let mut pages = Vec::with_capacity(layout.pages.len());
    for page in &layout.pages {
        let mut ops = Vec::new();
        for line in &page.lines {
            for run in &line.runs {
                let Some(id) = ids.get(run.face.key) else {
                    continue;
                };
                ops.push(Op::StartTextSection);
                ops.push(Op::SetFont {
                    font: PdfFontHandle::External(id.clone()),
                    size: Pt(line.size),
                });
                ops.push(Op::SetCharacterSpacing {
                    multiplier: line.spacing,
                });
                ops.push(Op::SetTextCursor {
                    pos: Point {
                        x: Pt(run.x),
                        y: Pt(g.page_h - line.y),
                    },
                });
                ops.push(Op::ShowText {
                    items: vec![TextItem::Text(run.text.clone())],
                });
                ops.push(Op::EndTextSection);
            }
        }
        if !page.rules.is_empty() {
            ops.push(Op::SetOutlineColor {
                col: Color::Rgb(Rgb {
                    r: 0.0,
                    g: 0.0,
                    b: 0.0,
                    icc_profile: None,
                }),
            });
        }
        for rule in &page.rules {
            ops.push(Op::SetOutlineThickness { pt: Pt(rule.width) });
            ops.push(Op::DrawLine {
                line: PdfLine {
                    points: vec![
                        LinePoint {
                            p: Point {
                                x: Pt(rule.x1),
                                y: Pt(g.page_h - rule.y1),
                            },
                            bezier: false,
                        },
                        LinePoint {
                            p: Point {
                                x: Pt(rule.x2),
                                y: Pt(g.page_h - rule.y2),
                            },
                            bezier: false,
                        },
                    ],
                    is_closed: false,
                },
            });
        }
        pages.push(PdfPage::new(Mm(210.0), Mm(297.0), ops));
    }

    let options = PdfSaveOptions {
        subset_fonts: true,
        ..Default::default()
    };
    let mut warnings = Vec::new();
    let mut bytes = doc.with_pages(pages).save(&options, &mut warnings);
    fixed_id(&mut bytes);
    Ok(bytes)
}

/// The `i`th font's subset tag: six capitals, `WZAAAA`, `WZAAAB`, …
fn subset_tag(i: usize) -> String {
    let mut tag = *b"WZAAAA";
    let mut n = i;
    for c in tag[2..].iter_mut().rev() {
        *c = b'A' + (n % 26) as u8;
        n /= 26;
    }
    tag.iter().map(|&b| char::from(b)).collect()
}

/// printpdf gives the trailer's `/ID` two strings of 32 random capitals:
/// replaced in place (same length, so no offset moves) by the first 32 hex
/// digits of the file's SHA-256 with them blanked, so that the same
/// document written twice is the same bytes (an archive built twice is).
fn fixed_id(bytes: &mut [u8]) {
    use sha2::Digest as _;
    const KEY: &[u8] = b"/ID[(";
    let Some(at) = bytes
        .windows(KEY.len())
        .rposition(|w| w == KEY)
        .map(|p| p + KEY.len())
    else {
        return;
    };
    // (32 chars)(32 chars)
    let (first, second) = (at, at + 34);
    let fits = bytes.len() >= second + 33
        && bytes[first + 32] == b')'
        && bytes[first + 33] == b'('
        && bytes[second + 32] == b')';
    if !fits {
        return;
    }
    for i in 0..32 {
        bytes[first + i] = b'0';
        bytes[second + i] = b'0';
    }
    let digest = sha2::Sha256::digest(&*bytes);
    let hex: Vec<u8> = digest[..16]
        .iter()
        .flat_map(|b| format!("{b:02X}").into_bytes())
        .collect();
    bytes[first..first + 32].copy_from_slice(&hex);
    bytes[second..second + 32].copy_from_slice(&hex);
}

/// How many pages a PDF this program wrote has (its page objects are
/// written uncompressed: `/Type/Page`); `None` when none is found.
pub(crate) fn page_count(pdf: &[u8]) -> Option<usize> {
    const KEY: &[u8] = b"/Type/Page";
    let n = pdf
        .windows(KEY.len() + 1)
        .filter(|w| w.starts_with(KEY) && !w[KEY.len()].is_ascii_alphanumeric())
        .count();
    (n > 0).then_some(n)
}

#[cfg(test)]
mod tests {
    use super::{page_count, subset_tag};

    #[test]
    fn subset_tags_are_six_capitals_one_per_font() {
        assert_eq!(subset_tag(0), "WZAAAA");
        assert_eq!(subset_tag(1), "WZAAAB");
        assert_eq!(subset_tag(27), "WZAABB");
        assert!(subset_tag(5).chars().all(|c| c.is_ascii_uppercase()));
    }

    #[test]
    fn pages_are_counted_from_the_page_objects_not_the_page_tree() {
        let pdf = b"<</Type/Pages/Count 2>> <</Type/Page/Parent 2 0 R>> <</Type/Page>>";
        assert_eq!(page_count(pdf), Some(2));
        assert_eq!(page_count(b"%PDF-1.7"), None);
    }

    #[test]
    fn the_same_layout_written_twice_is_the_same_bytes() {
        let doc = crate::export::Document {
            title: "问责决定书".into(),
            body: vec![crate::export::Block::Para(
                "经查，该同志未按期报送。".into(),
            )],
            ..Default::default()
        };
        let a = crate::export::render(&doc, 1_700_000_000).expect("pdf");
        let b = crate::export::render(&doc, 1_700_000_000).expect("pdf");
        assert_eq!(a, b);
    }
}
