//! Helpers shared by the integration tests.

use jiff::civil::Date;
use wenze::rules::engine::{Assessment, CaseInput, HistoryRecord, RespondentInput};
use wenze::rules::{Calendar, RegulationSet, assess};

pub fn d(s: &str) -> Date {
    s.parse().expect("test date")
}

pub fn person(id: &str, name: &str, unit: &str) -> RespondentInput {
    RespondentInput {
        person_id: id.to_owned(),
        name: name.to_owned(),
        unit: unit.to_owned(),
        rank: "科员及一般工作人员".to_owned(),
        role: "承办人".to_owned(),
        ..Default::default()
    }
}

pub fn case(regulation: &str, received: &str, respondents: Vec<RespondentInput>) -> CaseInput {
    CaseInput {
        case_no: "测试〔2026〕1号".to_owned(),
        regulation: regulation.to_owned(),
        received_on: Some(d(received)),
        respondents,
        ..Default::default()
    }
}

pub fn hist(
    person_id: &str,
    unit: &str,
    case_no: &str,
    decided: &str,
    methods: &[&str],
) -> HistoryRecord {
    HistoryRecord {
        person_id: person_id.to_owned(),
        name: format!("人员{person_id}"),
        unit: unit.to_owned(),
        case_no: case_no.to_owned(),
        decided_on: d(decided),
        regulation: String::new(),
        methods: methods.iter().map(|m| (*m).to_owned()).collect(),
        kind: Some(wenze::rules::engine::HistoryKind::Accountability),
        standing: wenze::rules::engine::HistoryStanding::Stands,
        no_accountability: false,
    }
}

pub fn run(case: &CaseInput, history: &[HistoryRecord]) -> Assessment {
    assess(
        case,
        &RegulationSet::bundled(),
        history,
        &Calendar::bundled(),
    )
    .expect("assessable case")
}

pub fn methods(a: &Assessment, i: usize) -> Vec<String> {
    a.respondents[i]
        .recommended_methods
        .iter()
        .map(|m| m.id.clone())
        .collect()
}

pub fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| (*s).to_owned()).collect()
}

/// The defined cells of GB2312 (EUC-CN byte pairs): symbol rows 1–9 as the
/// standard assigns them, and the hanzi rows 16–87 (D7FA–D7FE unassigned).
pub fn gb2312_chars() -> Vec<char> {
    let mut ranges: Vec<(u8, u8, u8)> = vec![
        (0xA1, 0xA1, 0xFE),
        (0xA2, 0xB1, 0xE2),
        (0xA2, 0xE5, 0xEE),
        (0xA2, 0xF1, 0xFC),
        (0xA3, 0xA1, 0xFE),
        (0xA4, 0xA1, 0xF3),
        (0xA5, 0xA1, 0xF6),
        (0xA6, 0xA1, 0xB8),
        (0xA6, 0xC1, 0xD8),
        (0xA7, 0xA1, 0xC1),
        (0xA7, 0xD1, 0xF1),
        (0xA8, 0xA1, 0xBA),
        (0xA8, 0xC5, 0xE9),
        (0xA9, 0xA4, 0xEF),
    ];
    for row in 0xB0..=0xF7u8 {
        let last = if row == 0xD7 { 0xF9 } else { 0xFE };
        ranges.push((row, 0xA1, last));
    }
    let mut out = Vec::new();
    for (row, first, last) in ranges {
        for cell in first..=last {
            let bytes = [row, cell];
            let (text, had_errors) = encoding_rs::GBK.decode_without_bom_handling(&bytes);
            assert!(!had_errors, "GB2312 {row:02X}{cell:02X} does not decode");
            let mut chars = text.chars();
            let ch = chars.next().expect("one character");
            assert!(chars.next().is_none());
            out.push(ch);
        }
    }
    out
}

/// A case file of `docs/examples/` (the `wenze export --json` format), its
/// document details completed from the case as the CLI does.
#[derive(serde::Deserialize)]
pub struct CaseFile {
    #[serde(flatten)]
    pub case: wenze::rules::CaseInput,
    #[serde(default)]
    pub history: Vec<wenze::rules::HistoryRecord>,
    #[serde(default)]
    pub document: wenze::export::documents::DocDetails,
}

pub fn example_named(name: &str) -> CaseFile {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("docs/examples")
        .join(name);
    let mut f: CaseFile =
        serde_json::from_str(&std::fs::read_to_string(path).expect("example")).expect("parses");
    wenze::export::documents::complete_from_case(&mut f.document, &f.case);
    f
}

/// The administrator the window's first run creates in the UI tests
/// (`kit::sign_in`): every write through `Storage` is signed by a signed-in
/// user's key, so tests that write directly sign in as this administrator.
pub const ADMIN: (&str, &str, &str) = ("admin", "管理员甲", "wenze2026");

/// Signing in for tests that write through `Storage` directly.
pub trait TestSignIn {
    /// Sign in as [`ADMIN`] (created as the register's first administrator
    /// when it has no active user), then record `actor` as the actor text.
    fn sign_in_for_test(&mut self, actor: &str);
}

impl TestSignIn for wenze::storage::Storage {
    fn sign_in_for_test(&mut self, actor: &str) {
        let (username, name, password) = ADMIN;
        if self.is_signed_in() {
        } else if self.user_count().expect("users") == 0 {
            let c = wenze::domain::auth::Credentials::new(password).expect("credentials");
            self.add_first_admin(username, name, &c)
                .expect("first administrator");
            // As the window's first run records them (`kit::sign_in`).
            for (key, value) in [("office_name", "生态环境局"), ("office_code", "环问")] {
                if self.setting(key).expect("setting").is_none() {
                    self.set_setting(key, value).expect("office");
                }
            }
        } else {
            self.login(username, password)
                .expect("signs in")
                .expect("the test administrator");
        }
        self.set_actor(actor);
    }
}

/// The real `wenze` binary.
pub fn wenze_bin() -> std::process::Command {
    std::process::Command::new(env!("CARGO_BIN_EXE_wenze"))
}

/// Its output as text.
pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Run `wenze ARGS --db DB` with `stdin` written to it (a command refused
/// before it reads its password closes stdin early: that is no failure).
pub fn run_with(db: &std::path::Path, args: &[&str], stdin: &str) -> std::process::Output {
    use std::io::Write as _;
    use std::process::Stdio;
    let mut child = wenze_bin()
        .args(args)
        .arg("--db")
        .arg(db)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    if let Some(mut input) = child.stdin.take()
        && let Err(e) = input.write_all(stdin.as_bytes())
    {
        assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "{e}");
    }
    child.wait_with_output().expect("output")
}

/// The bytes 保存 PDF… produced in the case file: taken while the save
/// dialog is still open, or read from the default folder where it was saved
/// when no dialog could open (the message names the file; it is removed
/// after). Which of the two happens depends on how fast the dialog thread
/// answers, so a test accepts both.
pub fn saved(h: &mut egui_kittest::Harness<'static, wenze::app::WenzeApp>, title: &str) -> Vec<u8> {
    if let Some((pdf, name, _)) = h.state_mut().case_docs_mut().saving.take() {
        assert!(name.contains(title), "{name}");
        return pdf;
    }
    let m = h.state().case_docs().message.clone();
    let path = m
        .split_once("已保存到默认文件夹：")
        .map(|(_, p)| std::path::PathBuf::from(p.trim()))
        .unwrap_or_else(|| panic!("not saved: {m}"));
    assert!(path.to_string_lossy().contains(title), "{m}");
    let bytes = std::fs::read(&path).expect("saved file");
    std::fs::remove_file(&path).expect("remove");
    bytes
}
