//! Font coverage: every GB2312 character and the rare name characters resolve
//! to a real glyph in the UI chain (asked of egui itself) and in each PDF chain.

use crate::common::gb2312_chars;
use wenze::fonts::{self, Chain};

/// Name characters outside GB2312 that clerks meet in real names.
const NAME_CHARS: [char; 9] = ['镕', '喆', '堃', '赟', '玥', '珺', '祎', '𬱖', '𫖯'];

#[test]
fn gb2312_enumeration_is_complete() {
    let chars = gb2312_chars();
    // 682 symbols + 6,763 hanzi.
    assert_eq!(chars.len(), 7445);
    let hanzi = chars
        .iter()
        .filter(|c| ('\u{4E00}'..='\u{9FFF}').contains(*c))
        .count();
    assert_eq!(hanzi, 6763);
}

fn assert_chain_covers(name: &str, chain: &[&'static fonts::Face]) {
    let chain = Chain::new(chain).expect("bundled fonts parse");
    let mut missing: Vec<char> = gb2312_chars()
        .into_iter()
        .filter(|c| chain.resolve(*c).is_none())
        .collect();
    missing.extend(NAME_CHARS.iter().filter(|c| chain.resolve(**c).is_none()));
    assert!(
        missing.is_empty(),
        "{name} lacks {} characters: {:?}",
        missing.len(),
        missing
    );
}

#[test]
fn pdf_chains_cover_gb2312_and_names() {
    assert_chain_covers("PDF body", &fonts::PDF_BODY_CHAIN);
    assert_chain_covers("PDF title", &fonts::PDF_TITLE_CHAIN);
    assert_chain_covers("PDF 黑体", &fonts::PDF_HEI_CHAIN);
    assert_chain_covers("PDF 楷体", &fonts::PDF_KAI_CHAIN);
}

#[test]
fn body_face_is_fangsong_for_common_text() {
    let chain = Chain::new(&fonts::PDF_BODY_CHAIN).expect("fonts parse");
    // Common text comes from the 仿宋 face, not the fallback.
    for ch in "问责决定书经调查核实".chars() {
        assert_eq!(chain.resolve(ch).map(|f| f.key), Some("FandolFang-Regular"));
    }
    // A rare name character falls back to the full-coverage serif.
    assert_eq!(
        chain.resolve('𬱖').map(|f| f.key),
        Some("NotoSerifCJKsc-Regular")
    );
    // A character no bundled font has is reported, not drawn as a box.
    assert_eq!(chain.missing("张三\u{10FFFD}"), vec!['\u{10FFFD}']);
}

#[test]
fn ui_chain_covers_gb2312_and_names_in_egui() {
    let ctx = egui::Context::default();
    wenze::ui::install_fonts(&ctx);
    // Fonts are loaded at the start of a pass.
    let mut out = ctx.run_ui(egui::RawInput::default(), |_ui| {});
    // No renderer in this test: drop the font atlas upload on purpose.
    out.textures_delta.clear();
    let font = egui::FontId::proportional(15.0);
    let mut missing = Vec::new();
    ctx.fonts_mut(|f| {
        for ch in gb2312_chars().into_iter().chain(NAME_CHARS) {
            if !f.has_glyph(&font, ch) {
                missing.push(ch);
            }
        }
    });
    assert!(
        missing.is_empty(),
        "UI lacks {} characters: {:?}",
        missing.len(),
        missing
    );
    // And through ttf-parser on the same chain.
    assert_chain_covers("UI", &fonts::UI_CHAIN);
}
