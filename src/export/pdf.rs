//! Writes a [`Layout`] as a PDF with printpdf: embedded, subset fonts; every
//! line positioned exactly where the layout put it. The only printpdf user.

use std::collections::HashMap;
use std::sync::OnceLock;

use printpdf::{
    Color, FontId, Line as PdfLine, LinePoint, Mm, Op, ParsedFont, PdfDocument, PdfFontHandle,
    PdfPage, PdfSaveOptions, Point, Pt, Rgb, TextItem,
};

use super::layout::Layout;
use crate::fonts::{self, Face};

/// Parsed fonts, each loaded once per process and only when first used
/// (parsing copies the file: the 26 MB collections are the slow part of a
/// first export, so a document that needs no bold face never pays for it).
fn parsed(face: &'static Face) -> Option<&'static ParsedFont> {
    static CACHE: [OnceLock<Option<ParsedFont>>; 6] = [const { OnceLock::new() }; 6];
    let i = fonts::ALL_FACES.iter().position(|f| f.key == face.key)?;
    CACHE[i]
        .get_or_init(|| {
            let mut warnings = Vec::new();
            ParsedFont::from_bytes(face.bytes, face.index as usize, &mut warnings)
        })
        .as_ref()
}

/// Load and parse the bundled fonts now (the first export otherwise pays for it).
pub fn preload_fonts() {
    for f in fonts::ALL_FACES {
        let _ = parsed(f);
    }
}

/// Options for writing.
#[derive(Debug, Clone)]
pub struct PdfOptions {
    /// Creation date, seconds since the Unix epoch (UTC).
    pub created_unix: i64,
}

/// Write the layout as PDF bytes.
pub fn write(layout: &Layout, opts: &PdfOptions) -> Result<Vec<u8>, String> {
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

    // One add_font per face actually used.
    let mut ids: HashMap<&'static str, FontId> = HashMap::new();
    for page in &layout.pages {
        for line in &page.lines {
            for run in &line.runs {
                if !ids.contains_key(run.face.key) {
                    let font = parsed(run.face)
                        .ok_or_else(|| format!("字体 {} 无法解析", run.face.file))?;
                    ids.insert(run.face.key, doc.add_font(font));
                }
            }
        }
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
    Ok(doc.with_pages(pages).save(&options, &mut warnings))
}
