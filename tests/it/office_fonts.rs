//! The office's own 公文 fonts in PDFs (issue 17): chosen per role, embedded
//! as subsets, each character the chosen face lacks drawn by the bundled
//! chain; a file that cannot be used is refused or falls back, in Chinese.
//! Real font files in a temporary folder, real PDFs read back with poppler.

use std::path::{Path, PathBuf};
use std::process::Command;

use wenze::export::{Block, Document};
use wenze::fonts::{self, Chain, FontChoice, PdfFaces, PdfRole};

fn poppler(cmd: &str, pdf: &Path) -> String {
    let mut c = Command::new(cmd);
    c.arg(pdf);
    if cmd == "pdftotext" {
        c.arg("-");
    }
    let out = c
        .output()
        .unwrap_or_else(|e| panic!("{cmd} not installed ({e}); .ci/run installs poppler-utils"));
    assert!(
        out.status.success(),
        "{cmd}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A real CJK face under an office font's file name: WenQuanYi Micro Hei
/// (TrueType outlines, unlike the bundled CFF Fandol/Noto PDF faces), as an
/// office would have 黑体 installed as simhei.ttf.
fn office_hei(dir: &Path) -> PathBuf {
    let path = dir.join("simhei.ttf");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts/wqy-microhei.ttc"),
        &path,
    )
    .expect("copy font");
    path
}

/// A CJK character WenQuanYi lacks but the bundled 黑体 chain draws.
fn char_only_the_fallback_has() -> char {
    let wqy = Chain::new(&[&fonts::WQY_MICROHEI]).expect("wqy");
    let bundled = Chain::new(&fonts::PDF_HEI_CHAIN).expect("hei chain");
    (0x3400u32..0x4DB5)
        .chain(0x9FA6..0x9FEF)
        .filter_map(char::from_u32)
        .find(|c| wqy.resolve(*c).is_none() && bundled.resolve(*c).is_some())
        .expect("a character only the bundled faces have")
}

#[test]
fn a_chosen_office_font_is_embedded_as_a_subset_with_per_character_fallback() {
    let dir = tempfile::tempdir().expect("tmp");
    let hei = office_hei(dir.path());
    let mut choice = FontChoice::default();
    choice.set(PdfRole::Hei, Some(hei.clone()));
    let (faces, problems) = PdfFaces::load(&choice);
    assert!(problems.is_empty(), "{problems:?}");
    assert!(
        faces
            .describe()
            .contains("一级标题 黑体（本机 simhei.ttf）"),
        "{}",
        faces.describe()
    );

    let rare = char_only_the_fallback_has();
    let heading = format!("一、问责情形及依据{rare}");
    let doc = Document {
        title: "问责决定书".into(),
        body: vec![
            Block::H1(heading.clone()),
            Block::Para("经调查，现决定如下。".into()),
        ],
        ..Default::default()
    };
    let laid = wenze::export::layout_with(&doc, &faces).expect("layout");
    let runs: Vec<_> = laid.pages[0]
        .lines
        .iter()
        .filter(|l| l.text.contains("问责情形"))
        .flat_map(|l| l.runs.iter())
        .collect();
    assert!(
        runs.iter()
            .any(|r| r.face.file == "simhei.ttf" && r.text.contains("问责情形"))
    );
    // The character the office face lacks comes from the bundled chain.
    let rare_run = runs
        .iter()
        .find(|r| r.text.contains(rare))
        .expect("rare char placed");
    assert_ne!(rare_run.face.file, "simhei.ttf");

    let pdf = wenze::export::render_with(&doc, 0, &faces).expect("pdf");
    let out = dir.path().join("d.pdf");
    std::fs::write(&out, &pdf).expect("write");
    let list = poppler("pdffonts", &out);
    let office_line = list
        .lines()
        .find(|l| l.contains("WenQuanYi"))
        .unwrap_or_else(|| panic!("office face not embedded:\n{list}"));
    // name, type…, emb yes, sub yes; the subset tag ABCDEF+ before the name.
    assert!(
        office_line
            .split_whitespace()
            .next()
            .is_some_and(|n| n.len() > 7 && n.as_bytes()[6] == b'+')
    );
    let cols: Vec<&str> = office_line.split_whitespace().collect();
    assert!(
        cols.windows(2).any(|w| w == ["yes", "yes"]),
        "{office_line}"
    );
    // The bundled faces are still there for the title, the body and the fallback.
    assert!(list.contains("FandolFang"), "{list}");
    let text = poppler("pdftotext", &out);
    assert!(text.contains("问责情形及依据"), "{text}");
    assert!(text.contains(rare), "fallback character lost:\n{text}");
    // A subset, not the whole 5 MB face.
    assert!(pdf.len() < 400_000, "{} bytes", pdf.len());
}

#[test]
fn an_unusable_font_file_is_explained_in_chinese_and_the_bundled_face_used() {
    let dir = tempfile::tempdir().expect("tmp");
    let garbage = dir.path().join("FZXBSJW.TTF");
    std::fs::write(&garbage, b"not a font at all, just bytes").expect("write");
    let latin = Path::new("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
    let missing = dir.path().join("simkai.ttf");

    let e = fonts::load_office_face(&garbage)
        .expect_err("garbage refused")
        .to_string();
    assert!(e.contains("不是可识别的字体文件"), "{e}");
    let e = fonts::load_office_face(&missing)
        .expect_err("missing refused")
        .to_string();
    assert!(e.contains("无法读取"), "{e}");
    if latin.is_file() {
        let e = fonts::load_office_face(latin)
            .expect_err("latin refused")
            .to_string();
        assert!(e.contains("没有汉字"), "{e}");
    }

    let mut choice = FontChoice::default();
    choice.set(PdfRole::Title, Some(garbage));
    choice.set(PdfRole::Kai, Some(missing));
    let (faces, problems) = PdfFaces::load(&choice);
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(
        problems[0].starts_with("标题字体未采用，改用内置的 NotoSerifCJKsc-Bold"),
        "{problems:?}"
    );
    assert!(
        problems[1].starts_with("二级标题字体未采用"),
        "{problems:?}"
    );
    assert!(faces.office.is_empty());
    // And the document is still made, in the bundled faces.
    let doc = Document {
        title: "问责决定书".into(),
        body: vec![Block::H2("（一）基本情况".into())],
        ..Default::default()
    };
    let pdf = wenze::export::render_with(&doc, 0, &faces).expect("pdf");
    let out = dir.path().join("d.pdf");
    std::fs::write(&out, &pdf).expect("write");
    let list = poppler("pdffonts", &out);
    assert!(
        list.contains("NotoSerifCJKsc-Bold") && list.contains("FandolKai"),
        "{list}"
    );
}

fn wenze_with_password(args: &[&str], db: &Path, password: &str) -> std::process::Output {
    crate::common::run_with(db, args, &format!("{password}\n"))
}

#[test]
fn the_command_line_stores_a_checked_choice_and_exports_the_register_in_it() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    let st = Command::new(env!("CARGO_BIN_EXE_wenze"))
        .args(["demo", "--cases", "200", "--db"])
        .arg(&db)
        .output()
        .expect("demo");
    assert!(st.status.success());
    {
        let mut s = wenze::storage::Storage::open(&db).expect("opens");
        let h = wenze::domain::auth::Credentials::new("guanli2026").expect("hash");
        s.add_user("wang", "王管理", wenze::domain::auth::UserRole::Admin, &h)
            .expect("admin");
    }
    // An unusable file is refused and nothing is stored.
    let bad = dir.path().join("simhei.ttf");
    std::fs::write(&bad, b"\0\x01\0\0 truncated").expect("write");
    let out = wenze_with_password(
        &[
            "set",
            "pdf_font_hei",
            &bad.display().to_string(),
            "--user",
            "wang",
        ],
        &db,
        "guanli2026",
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("不能用于公文"), "{err}");
    {
        let s = wenze::storage::Storage::open(&db).expect("opens");
        assert_eq!(s.setting("pdf_font_hei").expect("read"), None);
    }

    // The decision has no 一、 heading: choose the office face for the body.
    let hei = dir.path().join("fonts");
    std::fs::create_dir_all(&hei).expect("dir");
    let hei = office_hei(&hei);
    let out = wenze_with_password(
        &[
            "set",
            "pdf_font_body",
            &hei.display().to_string(),
            "--user",
            "wang",
        ],
        &db,
        "guanli2026",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let conn = rusqlite::Connection::open(&db).expect("raw");
    let id: i64 = conn
        .query_row(
            "SELECT case_id FROM decisions WHERE kind = '问责' ORDER BY id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .expect("a decided case");
    drop(conn);
    let pdf = dir.path().join("r.pdf");
    let out = wenze_with_password(
        &[
            "export",
            "--doc",
            "decision",
            "--case",
            &id.to_string(),
            "--out",
            &pdf.display().to_string(),
            "--user",
            "wang",
        ],
        &db,
        "guanli2026",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let list = poppler("pdffonts", &pdf);
    assert!(
        list.contains("WenQuanYi"),
        "the chosen body face is not embedded:\n{list}"
    );
    assert!(poppler("pdftotext", &pdf).contains("问责决定书"));

    // The file disappears later: the export still works, in the bundled
    // face, and says why on standard error.
    std::fs::remove_file(&hei).expect("rm");
    let out = wenze_with_password(
        &[
            "export",
            "--doc",
            "decision",
            "--case",
            &id.to_string(),
            "--out",
            &pdf.display().to_string(),
            "--user",
            "wang",
        ],
        &db,
        "guanli2026",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("正文字体未采用，改用内置的 FandolFang-Regular"),
        "{err}"
    );
    let list = poppler("pdffonts", &pdf);
    assert!(!list.contains("WenQuanYi"), "{list}");
}

#[test]
fn installed_office_fonts_are_found_by_file_name() {
    let dir = tempfile::tempdir().expect("tmp");
    let sub = dir.path().join("windows/Fonts");
    std::fs::create_dir_all(&sub).expect("dir");
    let hei = office_hei(&sub);
    // WENZE_FONT_DIR is one more folder to look in; a child process keeps
    // the environment change out of the other tests.
    let found = {
        let out = Command::new(env!("CARGO_BIN_EXE_wenze"))
            .args(["fonts"])
            .env("WENZE_FONT_DIR", dir.path())
            .output()
            .expect("runs");
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr)
    };
    assert!(found.contains("一级标题\t黑体\t"), "{found}");
    assert!(found.contains(&hei.display().to_string()), "{found}");
    assert!(found.contains("标题\t方正小标宋简体\t未安装"), "{found}");
}

#[test]
fn the_settings_screen_checks_a_chosen_font_before_storing_it() {
    use egui::accesskit::Role;
    use egui_kittest::kittest::Queryable;

    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    {
        let mut s = wenze::storage::Storage::open(&db).expect("opens");
        wenze::storage::demo::generate(&mut s, 20, 7).expect("demo");
    }
    let bad = dir.path().join("FZXBSJW.TTF");
    std::fs::write(&bad, b"definitely not a font").expect("write");
    let good = office_hei(dir.path());

    let mut h = crate::kit::signed_in(wenze::app::WenzeApp::open(&db));
    h.get_by_label("设置").click();
    h.run();
    let type_into = |h: &mut egui_kittest::Harness<'static, wenze::app::WenzeApp>, text: &str| {
        h.get_by_role_and_label(Role::TextInput, "一级标题").focus();
        h.run();
        h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
        h.get_by_role_and_label(Role::TextInput, "一级标题")
            .type_text(text);
        h.run();
    };
    type_into(&mut h, &bad.display().to_string());
    h.get_by_label("保存设置").click();
    h.run();
    let message = h.state().settings_state().message.clone();
    assert!(message.starts_with("一级标题：字体文件"), "{message}");
    assert!(message.contains("不能用于公文"), "{message}");
    {
        let s = wenze::storage::Storage::open(&db).expect("opens");
        assert_eq!(s.setting("pdf_font_hei").expect("read"), None);
    }
    type_into(&mut h, &good.display().to_string());
    h.get_by_label("保存设置").click();
    h.run();
    assert_eq!(h.state().settings_state().message, "设置已保存");
    let s = wenze::storage::Storage::open(&db).expect("opens");
    assert_eq!(
        s.setting("pdf_font_hei").expect("read"),
        Some(good.display().to_string())
    );
}

/// Opening the window no longer parses the register's PDF faces (that kept
/// ~4 MB of embedded font pages resident in a window showing no preview):
/// the choice is remembered and parsed when a preview first asks, and that
/// preview uses the office's font, not the bundled one.
#[test]
fn the_registers_font_choice_is_parsed_when_a_preview_first_asks() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    // A file name no other test uses: another test loading its own choice
    // at the same moment cannot be mistaken for this one.
    let kai = dir.path().join("lazy-simkai.ttf");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts/wqy-microhei.ttc"),
        &kai,
    )
    .expect("copy font");
    {
        let mut s = wenze::storage::Storage::open(&db).expect("opens");
        s.set_setting("pdf_font_kai", &kai.display().to_string())
            .expect("setting");
    }
    let _app = wenze::app::WenzeApp::open(&db);
    let faces = fonts::current_pdf_faces().expect("the register's faces");
    assert!(
        faces
            .describe()
            .contains("二级标题 楷体_GB2312（本机 lazy-simkai.ttf）"),
        "{}",
        faces.describe()
    );
}

/// The OFD in the office's 黑体 (TrueType outlines): embedded as its own
/// subset beside the bundled faces, every character where the layout puts it.
#[test]
fn the_ofd_embeds_the_office_font_too() {
    use wenze::export::{DocFormat, layout_with, write_as};
    let dir = tempfile::tempdir().expect("tmp");
    let mut choice = FontChoice::default();
    choice.set(PdfRole::Hei, Some(office_hei(dir.path())));
    let (faces, problems) = PdfFaces::load(&choice);
    assert!(problems.is_empty(), "{problems:?}");
    let doc = Document {
        title: "问责决定书".into(),
        body: vec![
            Block::H1(format!(
                "一、问责情形及依据{}",
                char_only_the_fallback_has()
            )),
            Block::Para("经调查，现决定如下。".into()),
        ],
        ..Default::default()
    };
    let laid = layout_with(&doc, &faces).expect("layout");
    let bytes = write_as(&laid, 0, DocFormat::Ofd).expect("ofd");
    let got = crate::ofd::read(&bytes).expect("reads");
    crate::ofd::compare(&laid, &got).expect("as laid out");
    // Title, body, the office 黑体 and the bundled 黑体 for the rare character.
    assert_eq!(got.fonts.len(), 4, "{:?}", got.fonts.keys());
    assert!(
        got.fonts.values().any(|f| f.starts_with(&[0, 1, 0, 0])),
        "the TrueType subset"
    );
    std::fs::write(
        Path::new(env!("CARGO_TARGET_TMPDIR")).join("office-hei.ofd"),
        &bytes,
    )
    .expect("kept for check.sh");
}
