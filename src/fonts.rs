//! The bundled fonts (embedded in the binary) and the fallback chains that
//! the UI and the PDF export use. Pure data plus glyph look-ups: no IO.
//!
//! Why these faces: see fonts/README.md.

/// One face of an embedded font file.
#[derive(Debug)]
pub struct Face {
    /// Stable key, used as egui's font name and in error messages.
    pub key: &'static str,
    /// File name under `fonts/`.
    pub file: &'static str,
    /// The whole file, unmodified.
    pub bytes: &'static [u8],
    /// Face index inside a collection (.ttc); 0 for a single-face file.
    pub index: u32,
}

impl PartialEq for Face {
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key
    }
}

/// 仿宋 body face (Fandol, GPL-3 with font exception). GB2312 + ~1,200.
pub static FANDOL_FANG: Face = Face {
    key: "FandolFang-Regular",
    file: "FandolFang-Regular.otf",
    bytes: include_bytes!("../fonts/FandolFang-Regular.otf"),
    index: 0,
};

/// 黑体 face for 一、 headings.
pub static FANDOL_HEI: Face = Face {
    key: "FandolHei-Regular",
    file: "FandolHei-Regular.otf",
    bytes: include_bytes!("../fonts/FandolHei-Regular.otf"),
    index: 0,
};

/// 楷体 face for （一） headings.
pub static FANDOL_KAI: Face = Face {
    key: "FandolKai-Regular",
    file: "FandolKai-Regular.otf",
    bytes: include_bytes!("../fonts/FandolKai-Regular.otf"),
    index: 0,
};

/// Full-coverage serif fallback (Noto Serif CJK SC Regular, face 2 of the .ttc).
pub static NOTO_SERIF_SC: Face = Face {
    key: "NotoSerifCJKsc-Regular",
    file: "NotoSerifCJK-Regular.ttc",
    bytes: include_bytes!("../fonts/NotoSerifCJK-Regular.ttc"),
    index: 2,
};

/// Bold serif for titles (the bundled stand-in for 方正小标宋).
pub static NOTO_SERIF_SC_BOLD: Face = Face {
    key: "NotoSerifCJKsc-Bold",
    file: "NotoSerifCJK-Bold.ttc",
    bytes: include_bytes!("../fonts/NotoSerifCJK-Bold.ttc"),
    index: 2,
};

/// UI sans (WenQuanYi Micro Hei, Apache-2.0).
pub static WQY_MICROHEI: Face = Face {
    key: "WenQuanYiMicroHei",
    file: "wqy-microhei.ttc",
    bytes: include_bytes!("../fonts/wqy-microhei.ttc"),
    index: 0,
};

/// Every embedded face.
pub static ALL_FACES: [&Face; 6] = [
    &FANDOL_FANG,
    &FANDOL_HEI,
    &FANDOL_KAI,
    &NOTO_SERIF_SC,
    &NOTO_SERIF_SC_BOLD,
    &WQY_MICROHEI,
];

/// UI text: sans first, the full-coverage serif for rare name characters.
pub static UI_CHAIN: [&Face; 2] = [&WQY_MICROHEI, &NOTO_SERIF_SC];
/// PDF body text (3号仿宋), with fallback.
pub static PDF_BODY_CHAIN: [&Face; 2] = [&FANDOL_FANG, &NOTO_SERIF_SC];
/// PDF title (2号小标宋-like bold serif).
pub static PDF_TITLE_CHAIN: [&Face; 2] = [&NOTO_SERIF_SC_BOLD, &NOTO_SERIF_SC];
/// PDF 一、 headings (黑体).
/// A character FandolHei lacks falls back to a sans face (matching 黑体),
/// and only then to the serif.
pub static PDF_HEI_CHAIN: [&Face; 3] = [&FANDOL_HEI, &WQY_MICROHEI, &NOTO_SERIF_SC_BOLD];
/// PDF page numbers (宋体-like serif).
pub static PDF_SONG_CHAIN: [&Face; 1] = [&NOTO_SERIF_SC];
/// PDF （一） headings (楷体).
pub static PDF_KAI_CHAIN: [&Face; 2] = [&FANDOL_KAI, &NOTO_SERIF_SC];

/// A font file that could not be read as the face we expect.
#[derive(Debug, thiserror::Error)]
#[error("字体文件 {file}（第 {index} 个字面）无法解析：{reason}")]
pub struct FaceError {
    pub file: &'static str,
    pub index: u32,
    pub reason: String,
}

/// Parsed faces of a chain, for per-character look-ups.
pub struct Chain {
    faces: Vec<(&'static Face, ttf_parser::Face<'static>)>,
}

impl Chain {
    /// Parse every face of `chain` (cheap: tables are read lazily).
    pub fn new(chain: &[&'static Face]) -> Result<Self, FaceError> {
        let mut faces = Vec::with_capacity(chain.len());
        for face in chain {
            let parsed =
                ttf_parser::Face::parse(face.bytes, face.index).map_err(|e| FaceError {
                    file: face.file,
                    index: face.index,
                    reason: e.to_string(),
                })?;
            faces.push((*face, parsed));
        }
        Ok(Self { faces })
    }

    /// The first face of the chain with a real glyph (not .notdef) for `ch`.
    pub fn resolve(&self, ch: char) -> Option<&'static Face> {
        self.faces
            .iter()
            .find(|(_, f)| f.glyph_index(ch).is_some_and(|g| g.0 != 0))
            .map(|(face, _)| *face)
    }

    /// Horizontal advance of `ch` in ems, from the face that draws it.
    pub fn advance(&self, ch: char) -> Option<f32> {
        self.faces.iter().find_map(|(_, f)| {
            let gid = f.glyph_index(ch).filter(|g| g.0 != 0)?;
            let adv = f.glyph_hor_advance(gid)?;
            Some(f32::from(adv) / f32::from(f.units_per_em()))
        })
    }

    /// Characters of `text` that no face of the chain has, in order, once each.
    pub fn missing(&self, text: &str) -> Vec<char> {
        let mut out: Vec<char> = Vec::new();
        for ch in text.chars() {
            if !ch.is_whitespace()
                && !ch.is_control()
                && self.resolve(ch).is_none()
                && !out.contains(&ch)
            {
                out.push(ch);
            }
        }
        out
    }
}
