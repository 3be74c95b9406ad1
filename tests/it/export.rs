//! PDF notices: real PDFs checked with poppler (pdftotext, pdffonts, pdfinfo)
//! and qpdf, exactly as a reader would see them.

use crate::common::TestSignIn;
use std::path::{Path, PathBuf};
use std::process::Command;
use wenze::domain::ids::CaseId;

use crate::common::{CaseFile, example_named};
use wenze::export::documents::{self, DocKind};
use wenze::export::{Block, Document, LayoutError, layout, render};
use wenze::rules::{Calendar, RegulationSet, assess};

fn example() -> CaseFile {
    example_named("case-004.json")
}

/// Each kind from an example case it fits (a 不予问责 variant of case-004).
fn build(kind: &str) -> Document {
    let kind = DocKind::parse(kind).expect("kind");
    let mut f = match kind {
        DocKind::Exemption | DocKind::Correction => example_named("case-tolerance.json"),
        DocKind::Review => example_named("case-000-review.json"),
        _ => example(),
    };
    if kind == DocKind::NoAccountability {
        f.document.outcome = "不予问责".to_owned();
        f.document.methods.clear();
    }
    let cal = Calendar::bundled();
    let regs = RegulationSet::bundled();
    let a = assess(&f.case, &regs, &f.history, &cal).expect("assess");
    let t = documents::templates(documents::TEMPLATES).expect("templates");
    documents::build(kind, &f.document, &a, &f.case.case_no, &regs, &cal, &t).expect("build")
}

fn write(dir: &Path, name: &str, doc: &Document) -> PathBuf {
    let bytes = render(doc, 1_790_000_000).expect("render");
    let path = dir.join(format!("{name}.pdf"));
    std::fs::write(&path, bytes).expect("write");
    path
}

fn tool(cmd: &str, args: &[&str], pdf: &Path) -> String {
    let out = Command::new(cmd)
        .args(args)
        .arg(pdf)
        .args(if cmd == "pdftotext" {
            vec!["-"]
        } else {
            vec![]
        })
        .output()
        .unwrap_or_else(|e| {
            panic!("{cmd} not installed ({e}); .ci/run installs poppler-utils and qpdf")
        });
    assert!(
        out.status.success() || cmd == "qpdf",
        "{cmd} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn every_document_kind_renders_with_embedded_subset_fonts_and_exact_text() {
    let dir = tempfile::tempdir().expect("tmp");
    for kind in DocKind::ALL {
        let title = kind.label();
        let kind = kind.key();
        let doc = build(kind);
        assert_eq!(doc.title, title);
        let laid = layout(&doc).expect("layout");
        let pdf = write(dir.path(), kind, &doc);

        let info = tool("pdfinfo", &[], &pdf);
        assert!(info.contains("595.276 x 841.89 pts (A4)"), "{kind}: {info}");
        assert!(
            info.contains(&format!("Title:           {title}")),
            "{kind}: {info}"
        );
        assert!(
            info.contains(&format!("Author:          {}", doc.author)),
            "{kind}: {info}"
        );

        let fonts = tool("pdffonts", &[], &pdf);
        let rows: Vec<&str> = fonts
            .lines()
            .skip(2)
            .filter(|l| !l.trim().is_empty())
            .collect();
        assert!(!rows.is_empty(), "{kind}: no fonts");
        for row in rows {
            let cols: Vec<&str> = row.split_whitespace().collect();
            let n = cols.len();
            assert_eq!(
                &cols[n - 5..n - 2],
                &["yes", "yes", "yes"],
                "{kind}: font not embedded+subset+unicode: {row}"
            );
            assert!(cols[0].contains('+'), "{kind}: subset tag missing: {row}");
        }

        let check = tool("qpdf", &["--check"], &pdf);
        assert!(
            check.contains("No syntax or stream encoding errors"),
            "{kind}: {check}"
        );

        // The text a reader copies is exactly the laid-out lines, in order.
        let text = tool("pdftotext", &["-raw"], &pdf);
        let got: Vec<String> = text
            .lines()
            .map(squash)
            .filter(|l| !l.is_empty() && !l.starts_with('—') && !l.starts_with('\u{c}'))
            .map(|l| l.trim_start_matches('\u{c}').to_owned())
            .filter(|l| !l.is_empty())
            .collect();
        let want: Vec<String> = laid
            .text_lines()
            .iter()
            .map(|l| squash(l))
            .filter(|l| !l.is_empty())
            .collect();
        assert_eq!(got, want, "{kind}: copied text differs from the layout");
    }
}

#[test]
fn body_lines_sit_on_the_28mm_and_184mm_edges() {
    let dir = tempfile::tempdir().expect("tmp");
    let doc = build("decision");
    let pdf = write(dir.path(), "decision", &doc);
    let out = Command::new("pdftotext")
        .args(["-bbox"])
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext");
    let html = String::from_utf8_lossy(&out.stdout);
    // Group words by their baseline (yMax) on the first page.
    let first_page = html.split("</page>").next().unwrap_or("");
    let mut lines: std::collections::BTreeMap<i64, (f64, f64)> = std::collections::BTreeMap::new();
    for w in first_page.split("<word ").skip(1) {
        let attr = |name: &str| -> f64 {
            let k = format!("{name}=\"");
            let i = w.find(&k).map(|i| i + k.len()).unwrap_or(0);
            w[i..]
                .split('"')
                .next()
                .and_then(|v| v.parse().ok())
                .unwrap_or(f64::NAN)
        };
        let (x0, x1, y1) = (attr("xMin"), attr("xMax"), attr("yMax"));
        let e = lines
            .entry((y1 * 10.0).round() as i64)
            .or_insert((f64::MAX, f64::MIN));
        e.0 = e.0.min(x0);
        e.1 = e.1.max(x1);
    }
    let left = 28.0 * 72.0 / 25.4;
    let right = 184.0 * 72.0 / 25.4;
    let mut full = 0;
    for (x0, x1) in lines.values() {
        assert!(*x0 >= left - 1.0, "text left of the 订口 edge: {x0}");
        assert!(*x1 <= right + 1.5, "text right of the 184 mm edge: {x1}");
        let indent = left + 2.0 * (right - left) / 28.0;
        if ((*x0 - left).abs() < 1.0 || (*x0 - indent).abs() < 1.0) && (*x1 - right).abs() < 1.0 {
            full += 1;
        }
    }
    assert!(
        full >= 10,
        "justified body lines should span 28–184 mm; found {full} of {}",
        lines.len()
    );
}

#[test]
fn line_breaking_never_violates_the_gb15834_prohibitions() {
    let para = "经查，该单位于2026年3月5日（星期四）作出《关于××的批复》，未依法履行“一次性告知”义务；群众多次反映——包括电话、信件……均未得到答复。当事人称：“不清楚规定！”但证据表明：其曾参加培训（见附件〔2026〕3号）。".repeat(4);
    let doc = Document {
        title: "测试".into(),
        body: vec![Block::Para(para)],
        ..Default::default()
    };
    let laid = layout(&doc).expect("layout");
    let lines = laid.text_lines();
    assert!(lines.len() > 10);
    for (i, l) in lines.iter().enumerate() {
        let first = l.chars().next().unwrap_or(' ');
        let last = l.chars().last().unwrap_or(' ');
        assert!(
            !"。，、；：？！’”）〕】》〉".contains(first),
            "line {i} starts with {first}: {l}"
        );
        assert!(
            !"‘“（〔【《〈".contains(last),
            "line {i} ends with {last}: {l}"
        );
        assert!(
            !l.ends_with('—') || l.ends_with("——"),
            "line {i} splits ——: {l}"
        );
        assert!(
            !l.ends_with('…') || l.ends_with("……"),
            "line {i} splits ……: {l}"
        );
        assert!(!l.starts_with('—') || l.starts_with("——"));
    }
    // Every body line but a paragraph's last fills the block exactly.
    let g = laid.geometry;
    for line in laid
        .pages
        .iter()
        .flat_map(|p| &p.lines)
        .filter(|l| l.text.chars().count() > 20)
    {
        let end = line.runs.last().map(|r| r.x).unwrap_or(0.0);
        assert!(end < g.left + g.block_w, "{}", line.text);
        assert!(line.runs[0].x >= g.left - 0.01);
    }
}

#[test]
fn a_character_no_font_has_is_an_error_naming_it() {
    let doc = Document {
        title: "决定".into(),
        body: vec![Block::Para("当事人姓名为张\u{10FFFD}。".into())],
        ..Default::default()
    };
    match layout(&doc) {
        Err(LayoutError::MissingGlyph { ch, .. }) => assert_eq!(ch, '\u{10FFFD}'),
        other => panic!("expected a missing-glyph error, got {other:?}"),
    }
    let err = render(&doc, 0).expect_err("no PDF");
    assert!(err.to_string().contains("U+10FFFD"), "{err}");
}

#[test]
fn rare_name_characters_print_through_the_fallback_face() {
    let doc = Document {
        title: "问责决定书".into(),
        body: vec![Block::Para("被问责人：王𬱖，李𫖯，张喆，刘堃。".into())],
        ..Default::default()
    };
    let laid = layout(&doc).expect("layout");
    let runs: Vec<&str> = laid.pages[0]
        .lines
        .iter()
        .flat_map(|l| &l.runs)
        .map(|r| r.face.key)
        .collect();
    assert!(runs.contains(&"NotoSerifCJKsc-Regular"), "{runs:?}");
    let dir = tempfile::tempdir().expect("tmp");
    let pdf = write(dir.path(), "names", &doc);
    let text = tool("pdftotext", &[], &pdf);
    assert!(squash(&text).contains("王𬱖，李𫖯，张喆，刘堃。"), "{text}");
}

#[test]
fn input_is_normalised_but_chinese_punctuation_is_kept() {
    assert_eq!(
        wenze::export::layout::normalize("２０２６年，（一）ＡＢ"),
        "2026年，（一）AB"
    );
    assert_eq!(wenze::export::layout::normalize("\u{F900}"), "\u{8C48}");
}

#[test]
fn page_numbers_alternate_sides() {
    let doc = Document {
        title: "长文".into(),
        body: (0..60)
            .map(|i| Block::Para(format!("第{i}段。{}", "内容".repeat(30))))
            .collect(),
        ..Default::default()
    };
    let laid = layout(&doc).expect("layout");
    assert!(laid.pages.len() >= 3);
    let g = laid.geometry;
    for (i, p) in laid.pages.iter().enumerate() {
        let num = p
            .lines
            .iter()
            .find(|l| l.text.starts_with('—'))
            .expect("page number");
        assert_eq!(num.text, format!("— {} —", i + 1));
        let x = num.runs[0].x;
        if i % 2 == 0 {
            assert!(x > g.left + g.block_w / 2.0, "odd page number on the right");
        } else {
            assert!(
                (x - (g.left + g.small_size)).abs() < 0.5,
                "even page number one character in from the left"
            );
        }
        assert!(
            (num.y - (g.top + g.block_h + 7.0 * 72.0 / 25.4 + g.small_size * 0.8)).abs() < 0.01
        );
    }
}

#[test]
fn cli_exports_from_json_and_from_the_register() {
    let dir = tempfile::tempdir().expect("tmp");
    let json = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/examples/case-004.json");
    let out = dir.path().join("d.pdf");
    let st = Command::new(env!("CARGO_BIN_EXE_wenze"))
        .args(["export", "--doc", "decision", "--json"])
        .arg(&json)
        .arg("--out")
        .arg(&out)
        .output()
        .expect("runs");
    assert!(
        st.status.success(),
        "{}",
        String::from_utf8_lossy(&st.stderr)
    );
    assert!(std::fs::read(&out).expect("pdf").starts_with(b"%PDF"));
    let bad = Command::new(env!("CARGO_BIN_EXE_wenze"))
        .args(["export", "--doc", "letter", "--json"])
        .arg(&json)
        .arg("--out")
        .arg(dir.path().join("x.pdf"))
        .output()
        .expect("runs");
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("未知文书种类"));

    // From a demo register.
    let db = dir.path().join("w.db");
    let st = Command::new(env!("CARGO_BIN_EXE_wenze"))
        .args(["demo", "--cases", "300", "--db"])
        .arg(&db)
        .output()
        .expect("demo");
    assert!(st.status.success());
    {
        let mut s = wenze::storage::Storage::open(&db).expect("opens");
        s.sign_in_for_test("测试");
        let h = wenze::domain::auth::Credentials::new("shenhe2026").expect("hash");
        s.add_user("li", "李审核", wenze::domain::auth::UserRole::Reviewer, &h)
            .expect("reviewer");
    }
    let conn = rusqlite::Connection::open(&db).expect("raw");
    let id: CaseId = conn
        .query_row(
            "SELECT case_id FROM decisions WHERE kind = '问责' ORDER BY id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .expect("a decided case");
    let out = dir.path().join("r.pdf");
    let st = Command::new(env!("CARGO_BIN_EXE_wenze"))
        .args([
            "export",
            "--doc",
            "decision",
            "--case",
            &id.to_string(),
            "--db",
        ])
        .arg(&db)
        .arg("--out")
        .arg(&out)
        .args(["--user", "li"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            use std::io::Write as _;
            c.stdin.take().expect("stdin").write_all(b"shenhe2026\n")?;
            c.wait_with_output()
        })
        .expect("runs");
    assert!(
        st.status.success(),
        "{}",
        String::from_utf8_lossy(&st.stderr)
    );
    let text = tool("pdftotext", &[], &out);
    assert!(text.contains("问责决定书"));

    // Once issued, `--out X.pdf` is the stored PDF, byte for byte; `X.ofd`
    // is made from the register, and says that the original is the PDF.
    let stored = b"%PDF-1.7 the issued bytes".to_vec();
    let mut s = wenze::storage::Storage::open(&db).expect("opens");
    s.sign_in_for_test("测试");
    s.store_document(
        id,
        None,
        "decision",
        "环问〔2026〕9号",
        "问责决定书",
        &stored,
    )
    .expect("store");
    let export = |out: &Path| {
        Command::new(env!("CARGO_BIN_EXE_wenze"))
            .args(["export", "--doc", "decision", "--case", &id.to_string()])
            .arg("--db")
            .arg(&db)
            .arg("--out")
            .arg(out)
            .args(["--user", "li"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .and_then(|mut c| {
                use std::io::Write as _;
                c.stdin.take().expect("stdin").write_all(b"shenhe2026\n")?;
                c.wait_with_output()
            })
            .expect("runs")
    };
    let pdf = dir.path().join("issued.pdf");
    assert!(export(&pdf).status.success());
    assert_eq!(std::fs::read(&pdf).expect("written"), stored);
    let ofd = dir.path().join("issued.ofd");
    let st = export(&ofd);
    assert!(
        st.status.success(),
        "{}",
        String::from_utf8_lossy(&st.stderr)
    );
    let err = String::from_utf8_lossy(&st.stderr);
    assert!(
        err.contains("签发存档的原件是 PDF；OFD 按登记簿的记录生成"),
        "{err}"
    );
    assert!(std::fs::read(&ofd).expect("written").starts_with(b"PK"));
}

#[test]
fn a_long_title_is_split_into_balanced_lines_without_a_lone_character() {
    let title = "关于对生态环境执法支队第二大队多名执法人员行政执法过错问题进行责任追究的决定";
    let doc = Document {
        title: title.into(),
        body: vec![Block::Para("正文。".into())],
        ..Default::default()
    };
    let laid = layout(&doc).expect("layout");
    let lines: Vec<&str> = laid.pages[0]
        .lines
        .iter()
        .filter(|l| l.style == wenze::export::layout::Style::Title)
        .map(|l| l.text.as_str())
        .collect();
    assert!(lines.len() >= 2, "{lines:?}");
    assert_eq!(lines.concat(), title);
    let counts: Vec<usize> = lines.iter().map(|l| l.chars().count()).collect();
    let (min, max) = (
        counts.iter().min().copied().unwrap_or(0),
        counts.iter().max().copied().unwrap_or(0),
    );
    assert!(min >= 2, "no lone character: {lines:?}");
    assert!(max - min <= 4, "balanced: {lines:?}");
    let g = laid.geometry;
    for l in laid.pages[0]
        .lines
        .iter()
        .filter(|l| l.style == wenze::export::layout::Style::Title)
    {
        let x0 = l.runs[0].x;
        assert!(
            x0 >= g.left && x0 < g.left + g.block_w / 2.0,
            "centred: {x0}"
        );
    }
}

/// An issued document is what was issued (issue 23): `wenze export --case`
/// of an issued kind writes the stored bytes, never a new rendering under
/// the same 文号.
#[test]
fn exporting_an_issued_kind_gives_the_stored_bytes() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    let (case_id, stored) = {
        let mut s = wenze::storage::Storage::open(&db).expect("opens");
        s.sign_in_for_test("测试");
        let h = wenze::domain::auth::Credentials::new("shenhe2026").expect("hash");
        s.add_user("li", "李审核", wenze::domain::auth::UserRole::Reviewer, &h)
            .expect("reviewer");
        let pid = s
            .add_person(&wenze::domain::NewPerson {
                name: "王磊".into(),
                unit: "执法支队".into(),
                rank: "科员及一般工作人员".into(),
                status: "在职".into(),
                ..Default::default()
            })
            .expect("person");
        let role = wenze::domain::RespondentRole::from_label("承办人").expect("role");
        let (case_id, _) = s
            .create_case(&wenze::domain::NewCase {
                case_no: None,
                regulation_id: "004".into(),
                tolerance_overlay: false,
                clue_source: "群众举报".into(),
                received_on: "2026-03-02".parse().expect("date"),
                summary: "处罚决定认定事实不清".into(),
                respondents: vec![(pid, role)],
                facts: vec!["经查，处罚决定认定事实不清。".into()],
                reporter: None,
            })
            .expect("case");
        let rid = s.respondent_ids(case_id).expect("ids")[0];
        s.add_selections(
            rid,
            "004",
            &[(
                wenze::domain::procedure::SelectionKind::Behaviour,
                "B6-6".into(),
            )],
        )
        .expect("selections");
        let (decision_id, doc_no) = s
            .record_decision(&wenze::domain::NewDecision {
                case_id,
                respondent_id: rid,
                kind: wenze::domain::procedure::DecisionKind::Accountability,
                methods: vec!["通报批评".into()],
                measures: Vec::new(),
                basis: "第六条".into(),
                departure_reason: String::new(),
                precedent_reason: String::new(),
                decided_on: "2026-03-20".parse().expect("date"),
                approved_by: "李审核".into(),
                supersedes: None,
            })
            .expect("decision");
        // What was issued: bytes no rendering would reproduce.
        let stored = b"%PDF-1.7\n% issued 2026-03-20, not a rendering\n".to_vec();
        s.store_document(
            case_id,
            Some(decision_id),
            "decision",
            &doc_no,
            "问责决定书",
            &stored,
        )
        .expect("document");
        (case_id, stored)
    };
    let export = |extra: &[&str], out: &Path| {
        Command::new(env!("CARGO_BIN_EXE_wenze"))
            .args([
                "export",
                "--doc",
                "decision",
                "--case",
                &case_id.to_string(),
            ])
            .args(extra)
            .arg("--db")
            .arg(&db)
            .arg("--out")
            .arg(out)
            .args(["--user", "li"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .and_then(|mut c| {
                use std::io::Write as _;
                c.stdin.take().expect("stdin").write_all(b"shenhe2026\n")?;
                c.wait_with_output()
            })
            .expect("runs")
    };
    let out = dir.path().join("issued.pdf");
    let st = export(&[], &out);
    assert!(
        st.status.success(),
        "{}",
        String::from_utf8_lossy(&st.stderr)
    );
    assert_eq!(std::fs::read(&out).expect("written"), stored);
    assert!(String::from_utf8_lossy(&st.stdout).contains("与签发时一致"));
}
