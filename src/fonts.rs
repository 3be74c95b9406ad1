//! The bundled fonts (embedded in the binary) and the fallback chains that
//! the UI and the PDF export use; the office's own 公文 fonts (方正小标宋简体,
//! 仿宋_GB2312, 楷体_GB2312, 黑体) when it chooses them for PDFs.
//!
//! The bundled part is pure data plus glyph look-ups. Reading an office font
//! file ([`load_office_face`]) and looking for installed ones
//! ([`find_official_fonts`]) are the only IO here; the app calls them on the
//! query thread or when a document is made, never per frame.
//!
//! Why these faces: see fonts/README.md.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

/// One face of an embedded font file.
#[derive(Debug)]
pub struct Face {
    /// Stable key, used as egui's font name and in error messages.
    pub key: &'static str,
    /// File name under `fonts/`.
    pub file: &'static str,
    /// The whole file, unmodified.
    pub(crate) bytes: &'static [u8],
    /// Face index inside a collection (.ttc); 0 for a single-face file.
    pub(crate) index: u32,
}

impl PartialEq for Face {
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key
    }
}

/// 仿宋 body face (Fandol, GPL-3 with font exception). GB2312 + ~1,200.
pub(crate) static FANDOL_FANG: Face = Face {
    key: "FandolFang-Regular",
    file: "FandolFang-Regular.otf",
    bytes: include_bytes!("../fonts/FandolFang-Regular.otf"),
    index: 0,
};

/// 黑体 face for 一、 headings.
pub(crate) static FANDOL_HEI: Face = Face {
    key: "FandolHei-Regular",
    file: "FandolHei-Regular.otf",
    bytes: include_bytes!("../fonts/FandolHei-Regular.otf"),
    index: 0,
};

/// 楷体 face for （一） headings.
pub(crate) static FANDOL_KAI: Face = Face {
    key: "FandolKai-Regular",
    file: "FandolKai-Regular.otf",
    bytes: include_bytes!("../fonts/FandolKai-Regular.otf"),
    index: 0,
};

/// Full-coverage serif fallback (Noto Serif CJK SC Regular, face 2 of the .ttc).
pub(crate) static NOTO_SERIF_SC: Face = Face {
    key: "NotoSerifCJKsc-Regular",
    file: "NotoSerifCJK-Regular.ttc",
    bytes: include_bytes!("../fonts/NotoSerifCJK-Regular.ttc"),
    index: 2,
};

/// Bold serif for titles (the bundled stand-in for 方正小标宋).
pub(crate) static NOTO_SERIF_SC_BOLD: Face = Face {
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
pub(crate) static PDF_SONG_CHAIN: [&Face; 1] = [&NOTO_SERIF_SC];
/// PDF （一） headings (楷体).
pub static PDF_KAI_CHAIN: [&Face; 2] = [&FANDOL_KAI, &NOTO_SERIF_SC];

/// A font file that could not be read as the face we expect.
#[derive(Debug, thiserror::Error)]
#[error("字体文件 {file}（第 {index} 个字面）无法解析：{reason}")]
pub struct FaceError {
    pub(crate) file: &'static str,
    pub(crate) index: u32,
    pub(crate) reason: String,
}

/// Parsed faces of a chain, for per-character look-ups.
pub struct Chain {
    faces: Vec<(&'static Face, ttf_parser::Face<'static>)>,
}

impl Chain {
    /// The chain's first face (used when no face has a character).
    pub(crate) fn first(&self) -> Option<&'static Face> {
        self.faces.first().map(|(f, _)| *f)
    }

    /// Parse every face of `chain` (cheap: tables are read lazily).
    pub fn new(chain: &[&'static Face]) -> Result<Self, FaceError> {
        let mut faces = Vec::with_capacity(chain.len());
        for face in chain {
            let parsed =
                ttf_parser::Face::parse(face.bytes, face.index).map_err(|e| FaceError {
                    file: face.file,
                    index: face.index,
                    reason: crate::zh::font(e).to_owned(),
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
    pub(crate) fn advance(&self, ch: char) -> Option<f32> {
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

/// What an office font fills in a 公文 (GB/T 9704: 标题 2号小标宋, 正文 3号仿宋,
/// 一级标题 黑体, 二级标题 楷体). The one place their Chinese labels live.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PdfRole {
    Title,
    Body,
    Hei,
    Kai,
}

impl PdfRole {
    pub(crate) const ALL: [PdfRole; 4] =
        [PdfRole::Title, PdfRole::Body, PdfRole::Hei, PdfRole::Kai];

    /// Where the face is used.
    pub(crate) fn label(self) -> &'static str {
        match self {
            PdfRole::Title => "标题",
            PdfRole::Body => "正文",
            PdfRole::Hei => "一级标题",
            PdfRole::Kai => "二级标题",
        }
    }

    /// The font GB/T 9704 names for it.
    pub(crate) fn standard(self) -> &'static str {
        match self {
            PdfRole::Title => "方正小标宋简体",
            PdfRole::Body => "仿宋_GB2312",
            PdfRole::Hei => "黑体",
            PdfRole::Kai => "楷体_GB2312",
        }
    }

    /// The bundled face used when the office chose none (or its file fails).
    pub(crate) fn bundled(self) -> &'static Face {
        match self {
            PdfRole::Title => &NOTO_SERIF_SC_BOLD,
            PdfRole::Body => &FANDOL_FANG,
            PdfRole::Hei => &FANDOL_HEI,
            PdfRole::Kai => &FANDOL_KAI,
        }
    }

    /// Key in the register's settings holding the chosen file's path.
    pub(crate) fn setting_key(self) -> &'static str {
        match self {
            PdfRole::Title => "pdf_font_title",
            PdfRole::Body => "pdf_font_body",
            PdfRole::Hei => "pdf_font_hei",
            PdfRole::Kai => "pdf_font_kai",
        }
    }

    /// Lower-case pieces of the usual file names of the standard font.
    fn file_patterns(self) -> &'static [&'static str] {
        match self {
            PdfRole::Title => &["fzxbsjw", "方正小标宋"],
            PdfRole::Body => &["fangsong_gb2312", "simfang", "仿宋"],
            PdfRole::Hei => &["simhei", "黑体"],
            PdfRole::Kai => &["kaiti_gb2312", "simkai", "楷体"],
        }
    }

    fn index(self) -> usize {
        match self {
            PdfRole::Title => 0,
            PdfRole::Body => 1,
            PdfRole::Hei => 2,
            PdfRole::Kai => 3,
        }
    }
}

/// The office's choice of font files per role (`None`: the bundled face).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct FontChoice {
    files: [Option<PathBuf>; 4],
}

impl FontChoice {
    /// The choice stored in settings; `get` reads one setting (empty =
    /// none). The first setting that cannot be read is the error (a busy
    /// register must not silently mean the bundled faces in an issued
    /// document).
    pub(crate) fn try_from_settings<E>(
        mut get: impl FnMut(&str) -> Result<Option<String>, E>,
    ) -> Result<Self, E> {
        let mut c = FontChoice::default();
        for role in PdfRole::ALL {
            if let Some(v) = get(role.setting_key())?.filter(|v| !v.trim().is_empty()) {
                c.set(role, Some(PathBuf::from(v.trim())));
            }
        }
        Ok(c)
    }

    pub(crate) fn get(&self, role: PdfRole) -> Option<&Path> {
        self.files[role.index()].as_deref()
    }

    pub fn set(&mut self, role: PdfRole, file: Option<PathBuf>) {
        self.files[role.index()] = file;
    }
}

/// Office font files larger than this are refused (the largest CJK fonts
/// offices use are ~25 MB; a bigger file is not a font we should read whole).
pub(crate) const OFFICE_FONT_MAX_BYTES: u64 = 64 * 1024 * 1024;

/// Why an office font file cannot be used for 公文, in Chinese.
#[derive(Debug, thiserror::Error)]
pub enum OfficeFontError {
    #[error("字体文件 {} 无法读取：{}", path.display(), crate::zh::io(source))]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("字体文件 {} 不是文件", path.display())]
    NotAFile { path: PathBuf },
    #[error("字体文件 {} 过大（{mb} MB），不像是字体文件", path.display())]
    TooLarge { path: PathBuf, mb: u64 },
    #[error("字体文件 {} 不能用于公文：{why}", path.display())]
    Unfit { path: PathBuf, why: Unfit },
}

/// What makes a readable file unusable in a 公文 PDF.
#[derive(Debug, thiserror::Error)]
pub enum Unfit {
    #[error("不是可识别的字体文件（{0}）")]
    NotAFont(&'static str),
    #[error("字体中没有汉字“问”，不是中文字体")]
    NoHanzi,
    #[error("字体的授权标记禁止嵌入文件")]
    NoEmbedding,
    #[error("字体的授权标记禁止嵌入子集")]
    NoSubsetting,
}

/// Read and check one office font file. Loaded once per file per process
/// (kept for the process's life, like the bundled faces); a file that
/// fails is not remembered, so fixing it takes effect at the next export.
pub fn load_office_face(path: &Path) -> Result<&'static Face, OfficeFontError> {
    static LOADED: Mutex<Vec<(PathBuf, &'static Face)>> = Mutex::new(Vec::new());
    // A poisoned cache only means another thread panicked while adding to
    // it: the entries are still whole, so the list is used as it is.
    if let Some((_, f)) = LOADED
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .iter()
        .find(|(p, _)| p == path)
    {
        return Ok(f);
    }
    let read = |source| OfficeFontError::Read {
        path: path.to_path_buf(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(read)?;
    if !meta.is_file() {
        return Err(OfficeFontError::NotAFile {
            path: path.to_path_buf(),
        });
    }
    if meta.len() > OFFICE_FONT_MAX_BYTES {
        return Err(OfficeFontError::TooLarge {
            path: path.to_path_buf(),
            mb: meta.len() / (1024 * 1024),
        });
    }
    let bytes = std::fs::read(path).map_err(read)?;
    check_office_font(&bytes).map_err(|why| OfficeFontError::Unfit {
        path: path.to_path_buf(),
        why,
    })?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    // Kept for the process's life, as `&'static` like the bundled faces.
    let face: &'static Face = Box::leak(Box::new(Face {
        key: Box::leak(format!("office:{}", path.display()).into_boxed_str()),
        file: Box::leak(name.into_boxed_str()),
        bytes: Box::leak(bytes.into_boxed_slice()),
        index: 0,
    }));
    LOADED
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .push((path.to_path_buf(), face));
    Ok(face)
}

/// Why `bytes` cannot be embedded in a 公文 PDF.
fn check_office_font(bytes: &[u8]) -> Result<(), Unfit> {
    let face =
        ttf_parser::Face::parse(bytes, 0).map_err(|e| Unfit::NotAFont(crate::zh::font(e)))?;
    if face.glyph_index('问').is_none_or(|g| g.0 == 0) {
        return Err(Unfit::NoHanzi);
    }
    if face.permissions() == Some(ttf_parser::Permissions::Restricted) {
        return Err(Unfit::NoEmbedding);
    }
    if !face.is_subsetting_allowed() {
        return Err(Unfit::NoSubsetting);
    }
    Ok(())
}

/// The face chains of a PDF (title, body, headings, page numbers), parsed
/// for look-ups: the office's chosen faces first, each falling back per
/// character to the bundled chain.
pub struct PdfFaces {
    pub(crate) title: Chain,
    pub(crate) body: Chain,
    pub(crate) hei: Chain,
    pub(crate) kai: Chain,
    pub(crate) song: Chain,
    /// The office faces in use, by role (for the preview and settings).
    pub office: Vec<(PdfRole, &'static Face)>,
}

impl std::fmt::Debug for PdfFaces {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PdfFaces")
            .field("office", &self.office)
            .finish()
    }
}

impl PdfFaces {
    fn build(office: Vec<(PdfRole, &'static Face)>) -> Result<Self, FaceError> {
        let chain = |role: PdfRole, bundled: &[&'static Face]| {
            let mut v: Vec<&'static Face> = office
                .iter()
                .filter(|(r, _)| *r == role)
                .map(|(_, f)| *f)
                .collect();
            v.extend_from_slice(bundled);
            Chain::new(&v)
        };
        Ok(PdfFaces {
            title: chain(PdfRole::Title, &PDF_TITLE_CHAIN)?,
            body: chain(PdfRole::Body, &PDF_BODY_CHAIN)?,
            hei: chain(PdfRole::Hei, &PDF_HEI_CHAIN)?,
            kai: chain(PdfRole::Kai, &PDF_KAI_CHAIN)?,
            song: Chain::new(&PDF_SONG_CHAIN)?,
            office,
        })
    }

    /// The bundled faces only, parsed once per process.
    pub(crate) fn bundled() -> Result<&'static PdfFaces, FaceError> {
        static BUNDLED: OnceLock<Result<PdfFaces, FaceError>> = OnceLock::new();
        BUNDLED
            .get_or_init(|| PdfFaces::build(Vec::new()))
            .as_ref()
            .map_err(|e| FaceError {
                file: e.file,
                index: e.index,
                reason: e.reason.clone(),
            })
    }

    /// The office's choice: each chosen file that cannot be used is left
    /// out (its bundled face takes its place) and explained in Chinese in
    /// the returned messages. The result also becomes [`current_pdf_faces`].
    pub fn load(choice: &FontChoice) -> (Arc<PdfFaces>, Vec<String>) {
        let (faces, problems) = Self::load_uncached(choice);
        if let Ok(mut current) = CURRENT.lock() {
            *current = Some(faces.clone());
        }
        // A choice just loaded supersedes one deferred earlier.
        if let Ok(mut pending) = PENDING.lock() {
            *pending = None;
        }
        (faces, problems)
    }

    fn load_uncached(choice: &FontChoice) -> (Arc<PdfFaces>, Vec<String>) {
        let mut office = Vec::new();
        let mut problems = Vec::new();
        for role in PdfRole::ALL {
            let Some(path) = choice.get(role) else {
                continue;
            };
            match load_office_face(path) {
                Ok(face) => office.push((role, face)),
                Err(e) => problems.push(format!(
                    "{}字体未采用，改用内置的 {}：{e}",
                    role.label(),
                    role.bundled().key
                )),
            }
        }
        match PdfFaces::build(office) {
            Ok(f) => (Arc::new(f), problems),
            Err(e) => {
                problems.push(format!("字体无法加载，改用内置字体：{e}"));
                match PdfFaces::build(Vec::new()) {
                    Ok(f) => (Arc::new(f), problems),
                    // The bundled faces are checked by build.rs; should they
                    // fail anyway, layout reports it as a layout error.
                    Err(_) => (
                        Arc::new(PdfFaces {
                            title: Chain { faces: Vec::new() },
                            body: Chain { faces: Vec::new() },
                            hei: Chain { faces: Vec::new() },
                            kai: Chain { faces: Vec::new() },
                            song: Chain { faces: Vec::new() },
                            office: Vec::new(),
                        }),
                        problems,
                    ),
                }
            }
        }
    }

    /// One line naming the faces a document uses, e.g. for the preview:
    /// 标题 方正小标宋简体（FZXBSJW.TTF）… or the bundled ones.
    pub fn describe(&self) -> String {
        PdfRole::ALL
            .iter()
            .map(|role| match self.office.iter().find(|(r, _)| r == role) {
                Some((_, f)) => format!("{} {}（本机 {}）", role.label(), role.standard(), f.file),
                None => format!("{} {}（内置）", role.label(), role.bundled().key),
            })
            .collect::<Vec<_>>()
            .join("；")
    }
}

static CURRENT: Mutex<Option<Arc<PdfFaces>>> = Mutex::new(None);

/// The open register's choice, not parsed yet (see [`defer_pdf_faces`]).
static PENDING: Mutex<Option<FontChoice>> = Mutex::new(None);

/// Remember the open register's choice and parse it only when
/// [`current_pdf_faces`] is first asked (a preview): parsing reads the
/// tables of every face of the five chains, spread over ~80 MB of embedded
/// fonts, which kept ~4 MB of the binary resident in a window that showed no
/// preview (docs/benchmarks.md, GUI row).
pub(crate) fn defer_pdf_faces(choice: FontChoice) {
    if let Ok(mut current) = CURRENT.lock() {
        *current = None;
    }
    if let Ok(mut pending) = PENDING.lock() {
        *pending = Some(choice);
    }
}

/// The faces last loaded by [`PdfFaces::load`] (the open register's choice),
/// for drawing the on-screen preview without reading settings each frame; a
/// choice deferred with [`defer_pdf_faces`] is loaded by the first call.
/// `None` before any were chosen (then the preview uses the bundled faces).
pub fn current_pdf_faces() -> Option<Arc<PdfFaces>> {
    if let Some(faces) = CURRENT.lock().ok().and_then(|c| c.clone()) {
        return Some(faces);
    }
    let choice = PENDING.lock().ok().and_then(|mut p| p.take())?;
    Some(PdfFaces::load(&choice).0)
}

/// The standard 公文 fonts installed on this machine: per role, the first
/// file whose name looks like it. Scans the usual font folders (at most
/// 20,000 files, four levels deep): call it off the UI thread.
pub(crate) fn find_official_fonts() -> Vec<(PdfRole, Option<PathBuf>)> {
    let mut dirs: Vec<PathBuf> = vec![
        PathBuf::from("/usr/share/fonts"),
        PathBuf::from("/usr/local/share/fonts"),
        PathBuf::from("C:\\Windows\\Fonts"),
    ];
    if let Some(windir) = std::env::var_os("WINDIR") {
        dirs.push(PathBuf::from(windir).join("Fonts"));
    }
    if let Some(home) = std::env::var_os("HOME") {
        dirs.push(PathBuf::from(&home).join(".fonts"));
        dirs.push(PathBuf::from(home).join(".local/share/fonts"));
    }
    if let Some(extra) = std::env::var_os("WENZE_FONT_DIR") {
        dirs.push(PathBuf::from(extra));
    }
    let mut files = Vec::new();
    for d in dirs {
        collect_files(&d, 4, &mut files);
    }
    PdfRole::ALL
        .iter()
        .map(|role| {
            let found = files.iter().find(|f| {
                let name = f
                    .file_name()
                    .map(|n| n.to_string_lossy().to_lowercase())
                    .unwrap_or_default();
                role.file_patterns().iter().any(|p| name.contains(p))
            });
            (*role, found.cloned())
        })
        .collect()
}

fn collect_files(dir: &Path, depth: u8, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        if out.len() >= 20_000 {
            return;
        }
        let p = e.path();
        if p.is_dir() {
            if depth > 0 {
                collect_files(&p, depth - 1, out);
            }
        } else {
            out.push(p);
        }
    }
}
