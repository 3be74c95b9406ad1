//! Writes a [`Layout`] as OFD (GB/T 33190-2016), from the same runs at the
//! same positions as the PDF (`pdf.rs`): each run a `TextObject` whose
//! `TextCode` carries the Unicode text and the advances the PDF's fonts
//! give (`DeltaX`), each rule a `PathObject`, every face embedded as the
//! same subset the PDF embeds (allsorts, with a Unicode cmap).
//!
//! The package: `OFD.xml` → `Doc_0/Document.xml` → `Doc_0/PublicRes.xml`
//! (fonts) → `Doc_0/Res/font_N.otf|ttf` → `Doc_0/Pages/Page_N/Content.xml`.
//! The XML is written with quick-xml (escaping, well-formedness) and the
//! package with the zip crate, both already in the dependency tree.
//! Nothing refers outside the package, so with `archival` the document
//! says `DocType="OFD-A"` (GB/T 42133: one document, every font embedded).

use std::collections::HashMap;
use std::io::{Cursor, Write};

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};
use sha2::{Digest, Sha256};

use super::layout::{Layout, Line, PT_PER_MM, Page, Rule, Run};
use super::pdf::{faces_used, subset_bytes};
use crate::fonts::Face;

/// The OFD namespace of GB/T 33190-2016.
pub(crate) const NS: &str = "http://www.ofdspec.org/2016";
/// Margin around the ink of a TextObject or the stroke of a PathObject, mm.
const PAD_MM: f64 = 0.2;

/// Options for writing.
#[derive(Debug, Clone)]
pub(crate) struct OfdOptions {
    /// Creation date, seconds since the Unix epoch (UTC).
    pub(crate) created_unix: i64,
    /// `DocType="OFD-A"` (archival) instead of `"OFD"`.
    pub(crate) archival: bool,
}

type Xml = Writer<Vec<u8>>;
type XmlResult = std::io::Result<()>;

/// Points to millimetres, rounded to a thousandth.
fn mm(pt: f64) -> f64 {
    (pt / f64::from(PT_PER_MM) * 1000.0).round() / 1000.0
}

/// A number as OFD writes it: at most three decimals, no trailing zeros.
fn num(v: f64) -> String {
    let s = format!("{:.3}", (v * 1000.0).round() / 1000.0);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_owned()
    } else {
        s.to_owned()
    }
}

/// An embedded font: its resource ID, name, file name in `Res/` and the
/// subset's bytes.
struct FontRes {
    id: u32,
    key: &'static str,
    name: String,
    file: String,
    bytes: Vec<u8>,
}

/// Unit IDs, handed out in order; the last is `MaxUnitID`.
struct Ids(u32);

impl Ids {
    fn next(&mut self) -> u32 {
        self.0 += 1;
        self.0
    }
}

/// One character drawn: where its origin is (points from the page's left
/// edge) and whether its face has a glyph for it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Placed {
    pub(crate) ch: char,
    pub(crate) x: f64,
    pub(crate) glyph: bool,
}

/// The characters of `run` at the positions a PDF viewer draws them: the
/// run starts at its `x`, each character moves on by its advance in the
/// face (`hmtx`, the widths the PDF carries) plus the line's spacing (Tc).
pub(crate) fn place(run: &Run, line: &Line, font: &ttf_parser::Face<'_>) -> Vec<Placed> {
    let scale = f64::from(line.size) / f64::from(font.units_per_em());
    let mut x = f64::from(run.x);
    let mut out = Vec::with_capacity(run.text.len() / 3 + 1);
    for ch in run.text.chars() {
        let gid = font.glyph_index(ch).filter(|g| g.0 != 0);
        let adv = font
            .glyph_hor_advance(gid.unwrap_or(ttf_parser::GlyphId(0)))
            .unwrap_or(0);
        out.push(Placed {
            ch,
            x,
            glyph: gid.is_some(),
        });
        x += f64::from(adv) * scale + f64::from(line.spacing);
    }
    out
}

/// Characters drawn as one TextObject: consecutive characters the face
/// has; a character outside the BMP alone (readers that split text by
/// UTF-16 unit then shift nothing after it); a character without a glyph
/// (a space) not drawn.
fn segments(placed: &[Placed]) -> Vec<&[Placed]> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, p) in placed.iter().enumerate() {
        let alone = u32::from(p.ch) > 0xFFFF;
        if !p.glyph || alone {
            if start < i {
                out.push(&placed[start..i]);
            }
            if p.glyph {
                out.push(&placed[i..=i]);
            }
            start = i + 1;
        }
    }
    if start < placed.len() {
        out.push(&placed[start..]);
    }
    out
}

/// Write the layout as OFD bytes.
pub(crate) fn write(layout: &Layout, opts: &OfdOptions) -> Result<Vec<u8>, String> {
    let mut ids = Ids(0);
    let mut fonts: Vec<FontRes> = Vec::new();
    for (face, chars) in faces_used(layout) {
        let bytes = subset_bytes(face, &chars)?;
        let id = ids.next();
        let name = unique_name(face, id, &fonts);
        let ext = if bytes.starts_with(b"OTTO") {
            "otf"
        } else {
            "ttf"
        };
        fonts.push(FontRes {
            id,
            key: face.key,
            name,
            file: format!("font_{id}.{ext}"),
            bytes,
        });
    }
    let mut parsed: HashMap<&'static str, (u32, ttf_parser::Face<'_>)> = HashMap::new();
    for f in &fonts {
        let face = ttf_parser::Face::parse(&f.bytes, 0)
            .map_err(|_| format!("字体 {} 的子集已损坏，无法读取", f.name))?;
        parsed.insert(f.key, (f.id, face));
    }

    let mut pages: Vec<(u32, Vec<u8>)> = Vec::with_capacity(layout.pages.len());
    for page in &layout.pages {
        let page_id = ids.next();
        let xml = page_xml(page, &parsed, &mut ids).map_err(xml_failed)?;
        pages.push((page_id, xml));
    }
    let max_id = ids.0;

    let ofd = ofd_xml(layout, opts).map_err(xml_failed)?;
    let document = document_xml(&pages, max_id).map_err(xml_failed)?;
    let res = public_res_xml(&fonts).map_err(xml_failed)?;
    package(opts, &ofd, &document, &res, &fonts, &pages)
}

/// The XML goes into memory; should a write fail anyway, the clerk is told
/// in Chinese (the library's English detail stays out of the message).
fn xml_failed(_: std::io::Error) -> String {
    "OFD 的版面文件无法写出，请重试；仍不成功请联系管理员".to_owned()
}

/// The face's PostScript (else full) name, unique in the document; the
/// family name is the same, so no two fonts share (FamilyName, Bold, Italic).
/// A face without a readable name is `Font<ID>`: the name only labels the
/// embedded file (the face itself was read when it was subset).
fn unique_name(face: &Face, id: u32, fonts: &[FontRes]) -> String {
    let from_file = ttf_parser::Face::parse(face.bytes, face.index)
        .ok()
        .and_then(|f| {
            let names = f.names();
            [
                ttf_parser::name_id::POST_SCRIPT_NAME,
                ttf_parser::name_id::FULL_NAME,
            ]
            .iter()
            .find_map(|want| {
                names
                    .into_iter()
                    .filter(|n| n.name_id == *want && n.is_unicode())
                    .find_map(|n| n.to_string())
            })
        })
        .filter(|n| !n.trim().is_empty());
    let base = from_file.unwrap_or_else(|| format!("Font{id}"));
    if fonts.iter().any(|f| f.name == base) {
        format!("{base}-{id}")
    } else {
        base
    }
}

fn start(w: &mut Xml) -> XmlResult {
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))
}

fn text_el(w: &mut Xml, name: &str, text: &str) -> XmlResult {
    w.create_element(name)
        .write_text_content(BytesText::new(text))?;
    Ok(())
}

/// `OFD.xml`: the entry, with the document's metadata.
fn ofd_xml(layout: &Layout, opts: &OfdOptions) -> std::io::Result<Vec<u8>> {
    let date = jiff::Timestamp::from_second(opts.created_unix)
        .map(|t| t.to_zoned(jiff::tz::TimeZone::UTC).date().to_string())
        .unwrap_or_else(|_| "1970-01-01".to_owned());
    // The same layout written at the same time is the same document.
    let mut h = Sha256::new();
    h.update(layout.title.as_bytes());
    h.update(layout.subject.as_bytes());
    h.update(opts.created_unix.to_le_bytes());
    let doc_id: String = h.finalize()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let mut w = Writer::new(Vec::new());
    start(&mut w)?;
    w.create_element("ofd:OFD")
        .with_attribute(("xmlns:ofd", NS))
        .with_attribute(("Version", "1.0"))
        .with_attribute(("DocType", if opts.archival { "OFD-A" } else { "OFD" }))
        .write_inner_content(|w| {
            w.create_element("ofd:DocBody").write_inner_content(|w| {
                w.create_element("ofd:DocInfo")
                    .write_inner_content(|w| doc_info(w, layout, &doc_id, &date))?;
                text_el(w, "ofd:DocRoot", "Doc_0/Document.xml")
            })?;
            Ok(())
        })?;
    Ok(w.into_inner())
}

fn doc_info(w: &mut Xml, layout: &Layout, doc_id: &str, date: &str) -> XmlResult {
    text_el(w, "ofd:DocID", doc_id)?;
    text_el(w, "ofd:Title", &layout.title)?;
    if !layout.author.is_empty() {
        text_el(w, "ofd:Author", &layout.author)?;
    }
    if !layout.subject.is_empty() {
        text_el(w, "ofd:Subject", &layout.subject)?;
    }
    text_el(w, "ofd:CreationDate", date)?;
    text_el(w, "ofd:ModDate", date)?;
    text_el(w, "ofd:Creator", "Wenze 问责案件管理")?;
    text_el(w, "ofd:CreatorVersion", env!("CARGO_PKG_VERSION"))?;
    // The audit chain anchor, as the PDF carries it in its Subject.
    if let Some(anchor) = layout.subject.strip_prefix("审计链锚点 ") {
        w.create_element("ofd:CustomDatas")
            .write_inner_content(|w| {
                w.create_element("ofd:CustomData")
                    .with_attribute(("Name", "审计链锚点"))
                    .write_text_content(BytesText::new(anchor))?;
                Ok(())
            })?;
    }
    Ok(())
}

/// `Doc_0/Document.xml`: page area, fonts, pages.
fn document_xml(pages: &[(u32, Vec<u8>)], max_id: u32) -> std::io::Result<Vec<u8>> {
    let mut w = Writer::new(Vec::new());
    start(&mut w)?;
    w.create_element("ofd:Document")
        .with_attribute(("xmlns:ofd", NS))
        .write_inner_content(|w| {
            w.create_element("ofd:CommonData")
                .write_inner_content(|w| {
                    text_el(w, "ofd:MaxUnitID", &max_id.to_string())?;
                    w.create_element("ofd:PageArea")
                        .write_inner_content(|w| text_el(w, "ofd:PhysicalBox", "0 0 210 297"))?;
                    text_el(w, "ofd:PublicRes", "PublicRes.xml")
                })?;
            w.create_element("ofd:Pages").write_inner_content(|w| {
                for (i, (id, _)) in pages.iter().enumerate() {
                    w.create_element("ofd:Page")
                        .with_attribute(("ID", id.to_string().as_str()))
                        .with_attribute(("BaseLoc", format!("Pages/Page_{i}/Content.xml").as_str()))
                        .write_empty()?;
                }
                Ok(())
            })?;
            Ok(())
        })?;
    Ok(w.into_inner())
}

/// `Doc_0/PublicRes.xml`: the fonts, their files in `Res/`.
fn public_res_xml(fonts: &[FontRes]) -> std::io::Result<Vec<u8>> {
    let mut w = Writer::new(Vec::new());
    start(&mut w)?;
    w.create_element("ofd:Res")
        .with_attribute(("xmlns:ofd", NS))
        .with_attribute(("BaseLoc", "Res"))
        .write_inner_content(|w| {
            w.create_element("ofd:Fonts").write_inner_content(|w| {
                for f in fonts {
                    w.create_element("ofd:Font")
                        .with_attribute(("ID", f.id.to_string().as_str()))
                        .with_attribute(("FontName", f.name.as_str()))
                        .with_attribute(("FamilyName", f.name.as_str()))
                        .write_inner_content(|w| text_el(w, "ofd:FontFile", &f.file))?;
                }
                Ok(())
            })?;
            Ok(())
        })?;
    Ok(w.into_inner())
}

/// One page's `Content.xml`: a layer of text objects, then the rules.
fn page_xml(
    page: &Page,
    fonts: &HashMap<&'static str, (u32, ttf_parser::Face<'_>)>,
    ids: &mut Ids,
) -> std::io::Result<Vec<u8>> {
    let mut w = Writer::new(Vec::new());
    start(&mut w)?;
    let layer = ids.next();
    w.create_element("ofd:Page")
        .with_attribute(("xmlns:ofd", NS))
        .write_inner_content(|w| {
            w.create_element("ofd:Content").write_inner_content(|w| {
                w.create_element("ofd:Layer")
                    .with_attribute(("ID", layer.to_string().as_str()))
                    .write_inner_content(|w| {
                        for line in &page.lines {
                            for run in &line.runs {
                                let Some((font_id, face)) = fonts.get(run.face.key) else {
                                    continue;
                                };
                                let placed = place(run, line, face);
                                for seg in segments(&placed) {
                                    text_object(w, ids.next(), *font_id, face, line, seg)?;
                                }
                            }
                        }
                        for rule in &page.rules {
                            path_object(w, ids.next(), rule)?;
                        }
                        Ok(())
                    })?;
                Ok(())
            })?;
            Ok(())
        })?;
    Ok(w.into_inner())
}

/// A TextObject for `seg`: the Boundary encloses the face's ascent and
/// descent and every glyph's ink; X/Y and DeltaX are relative to it, each
/// advance the difference of rounded positions (no drift along a line).
fn text_object(
    w: &mut Xml,
    id: u32,
    font_id: u32,
    face: &ttf_parser::Face<'_>,
    line: &Line,
    seg: &[Placed],
) -> XmlResult {
    let (Some(first), Some(last)) = (seg.first(), seg.last()) else {
        return Ok(());
    };
    let scale = f64::from(line.size) / f64::from(face.units_per_em());
    let base = f64::from(line.y);
    let mut up = f64::from(face.ascender());
    let mut down = -f64::from(face.descender());
    let mut left = first.x;
    let mut right = last.x;
    for p in seg {
        let Some(gid) = face.glyph_index(p.ch) else {
            continue;
        };
        let adv = f64::from(face.glyph_hor_advance(gid).unwrap_or(0));
        right = right.max(p.x + adv * scale);
        if let Some(b) = face.glyph_bounding_box(gid) {
            up = up.max(f64::from(b.y_max));
            down = down.max(-f64::from(b.y_min));
            left = left.min(p.x + f64::from(b.x_min) * scale);
            right = right.max(p.x + f64::from(b.x_max) * scale);
        }
    }
    let bx = mm(left) - PAD_MM;
    let by = mm(base - up * scale) - PAD_MM;
    let bw = mm(right) - mm(left) + 2.0 * PAD_MM;
    let bh = mm(base + down * scale) - mm(base - up * scale) + 2.0 * PAD_MM;
    let boundary = format!("{} {} {} {}", num(bx), num(by), num(bw), num(bh));
    let xs: Vec<f64> = seg.iter().map(|p| mm(p.x)).collect();
    let delta: Vec<String> = xs.windows(2).map(|d| num(d[1] - d[0])).collect();
    let text: String = seg.iter().map(|p| p.ch).collect();
    w.create_element("ofd:TextObject")
        .with_attribute(("ID", id.to_string().as_str()))
        .with_attribute(("Boundary", boundary.as_str()))
        .with_attribute(("Font", font_id.to_string().as_str()))
        .with_attribute((
            "Size",
            num(f64::from(line.size) / f64::from(PT_PER_MM)).as_str(),
        ))
        .write_inner_content(|w| {
            let x = num(xs[0] - bx);
            let y = num(mm(base) - by);
            let mut el = w
                .create_element("ofd:TextCode")
                .with_attribute(("X", x.as_str()))
                .with_attribute(("Y", y.as_str()));
            let dx = delta.join(" ");
            if !delta.is_empty() {
                el = el.with_attribute(("DeltaX", dx.as_str()));
            }
            el.write_text_content(BytesText::new(&text))?;
            Ok(())
        })?;
    Ok(())
}

/// A rule as a stroked PathObject (black, as the PDF draws it); the
/// Boundary holds the line and half its width on every side.
fn path_object(w: &mut Xml, id: u32, rule: &Rule) -> XmlResult {
    let half = mm(f64::from(rule.width)) / 2.0 + PAD_MM;
    let (x1, y1) = (mm(f64::from(rule.x1)), mm(f64::from(rule.y1)));
    let (x2, y2) = (mm(f64::from(rule.x2)), mm(f64::from(rule.y2)));
    let bx = x1.min(x2) - half;
    let by = y1.min(y2) - half;
    let boundary = format!(
        "{} {} {} {}",
        num(bx),
        num(by),
        num((x1 - x2).abs() + 2.0 * half),
        num((y1 - y2).abs() + 2.0 * half)
    );
    let data = format!(
        "M {} {} L {} {}",
        num(x1 - bx),
        num(y1 - by),
        num(x2 - bx),
        num(y2 - by)
    );
    w.create_element("ofd:PathObject")
        .with_attribute(("ID", id.to_string().as_str()))
        .with_attribute(("Boundary", boundary.as_str()))
        .with_attribute(("LineWidth", num(mm(f64::from(rule.width))).as_str()))
        .write_inner_content(|w| {
            w.create_element("ofd:StrokeColor")
                .with_attribute(("Value", "0 0 0"))
                .write_empty()?;
            text_el(w, "ofd:AbbreviatedData", &data)
        })?;
    Ok(())
}

/// The ZIP package; every entry dated the document's creation day, so the
/// same document written twice is the same bytes.
fn package(
    opts: &OfdOptions,
    ofd: &[u8],
    document: &[u8],
    res: &[u8],
    fonts: &[FontRes],
    pages: &[(u32, Vec<u8>)],
) -> Result<Vec<u8>, String> {
    use zip::write::SimpleFileOptions;
    let failed = |part: &str| format!("OFD 打包失败（{part}），请重试；仍不成功请联系管理员");
    let when = jiff::Timestamp::from_second(opts.created_unix)
        .map(|t| t.to_zoned(jiff::tz::TimeZone::UTC).datetime())
        .ok()
        .and_then(|d| {
            zip::DateTime::from_date_and_time(
                u16::try_from(d.year()).ok()?,
                u8::try_from(d.month()).ok()?,
                u8::try_from(d.day()).ok()?,
                u8::try_from(d.hour()).ok()?,
                u8::try_from(d.minute()).ok()?,
                u8::try_from(d.second()).ok()?,
            )
            .ok()
        })
        .unwrap_or_default();
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(when)
        .unix_permissions(0o600);
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let mut entry = |name: &str, bytes: &[u8]| -> Result<(), String> {
        zip.start_file(name, options).map_err(|_| failed(name))?;
        zip.write_all(bytes).map_err(|_| failed(name))
    };
    entry("OFD.xml", ofd)?;
    entry("Doc_0/Document.xml", document)?;
    entry("Doc_0/PublicRes.xml", res)?;
    for f in fonts {
        entry(&format!("Doc_0/Res/{}", f.file), &f.bytes)?;
    }
    for (i, (_, xml)) in pages.iter().enumerate() {
        entry(&format!("Doc_0/Pages/Page_{i}/Content.xml"), xml)?;
    }
    let out = zip.finish().map_err(|_| failed("目录"))?;
    Ok(out.into_inner())
}

#[cfg(test)]
mod tests {
    use super::{Placed, num, segments};

    #[test]
    fn numbers_have_at_most_three_decimals_and_no_trailing_zeros() {
        assert_eq!(num(5.0), "5");
        assert_eq!(num(5.5714), "5.571");
        assert_eq!(num(5.5716), "5.572");
        assert_eq!(num(0.2), "0.2");
        assert_eq!(num(-0.0001), "0");
        assert_eq!(num(210.0), "210");
    }

    #[test]
    fn a_non_bmp_character_stands_alone_and_a_glyphless_one_is_not_drawn() {
        let p = |ch, glyph| Placed { ch, x: 0.0, glyph };
        let placed = [
            p('王', true),
            p('𬱖', true),
            p('，', true),
            p(' ', false),
            p('李', true),
            p('四', true),
        ];
        let segs: Vec<String> = segments(&placed)
            .iter()
            .map(|s| s.iter().map(|p| p.ch).collect())
            .collect();
        assert_eq!(segs, ["王", "𬱖", "，", "李四"]);
    }
}
