//! Every message the clerk sees is wholly Chinese (issue 24). The real
//! binary is run through every error path a test can reach — the command
//! line (clap), SQLite, the file system, TOML and JSON files, the print
//! service (a fake CUPS first on PATH), a damaged or foreign register, no
//! graphical desktop — and each message is checked to carry no Latin
//! letter outside what the clerk typed or named: quoted “…” text, the
//! paths and file names the test gave, the command line's own syntax
//! (`wenze` and its subcommands, `--options` with their `<值>`), and the
//! two document formats the program names (PDF, OFD).
//!
//! Faults the file system has to produce (a read-only folder or file, a
//! full disk) run in a private mount namespace (`unshare -m`) on a small
//! tmpfs or a read-only bind mount; where that is not allowed (not root,
//! no `unshare`) those cases say so and are skipped.

use std::os::unix::fs::PermissionsExt as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use wenze::domain::ids::CaseId;

use crate::common::TestSignIn;

fn wenze() -> Command {
    Command::new(env!("CARGO_BIN_EXE_wenze"))
}

/// Standard error, then standard output.
fn said(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&out.stdout)
    )
}

/// Run `cmd`, expect it to fail, and return what it said.
fn fails(cmd: &mut Command) -> String {
    let out = cmd.stdin(Stdio::null()).output().expect("runs");
    let text = said(&out);
    assert!(!out.status.success(), "should fail: {text}");
    assert!(!text.trim().is_empty(), "a failure says why");
    text
}

/// Documents the program names by their format (“保存 PDF”, an OFD file).
const FORMATS: [&str; 2] = ["PDF", "OFD"];

fn cjk_punctuation(c: char) -> bool {
    ('\u{3000}'..='\u{303f}').contains(&c) || ('\u{ff00}'..='\u{ffef}').contains(&c)
}

/// `text` without what may be Latin: each of `names` (a path also takes
/// the rest of its path with it, e.g. `dir` covers `dir/w.db.lock`),
/// “quoted” text, `wenze` with its subcommands, `--options` with a `<值>`
/// after them, and [`FORMATS`].
fn strip(text: &str, names: &[&str]) -> String {
    let mut names: Vec<&str> = names.iter().copied().filter(|n| !n.is_empty()).collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    let mut rest = text.to_owned();
    for name in names {
        let mut out = String::new();
        let mut tail = rest.as_str();
        while let Some(at) = tail.find(name) {
            out.push_str(&tail[..at]);
            out.push('□');
            tail = &tail[at + name.len()..];
            // The rest of a path: up to a space or Chinese punctuation.
            let end = tail
                .char_indices()
                .find(|(_, c)| c.is_whitespace() || cjk_punctuation(*c))
                .map_or(tail.len(), |(i, _)| i);
            if name.contains('/') {
                tail = &tail[end..];
            }
        }
        out.push_str(tail);
        rest = out;
    }
    // “quoted”
    let mut out = String::new();
    let mut depth = 0;
    for c in rest.chars() {
        match c {
            '“' => depth += 1,
            '”' if depth > 0 => depth -= 1,
            _ if depth > 0 => {}
            _ => out.push(c),
        }
    }
    // The command line's own words: `wenze` and the lowercase words after
    // it, `--option` and a `<值>` after it.
    let chars: Vec<char> = out.chars().collect();
    let word_end = |from: usize| {
        (from..chars.len())
            .find(|&i| !(chars[i].is_ascii_lowercase() || chars[i] == '-'))
            .unwrap_or(chars.len())
    };
    let mut kept = String::new();
    let mut i = 0;
    while i < chars.len() {
        let starts = |w: &str| {
            chars[i..]
                .iter()
                .take(w.chars().count())
                .copied()
                .eq(w.chars())
        };
        if starts("wenze") {
            i += "wenze".len();
            while i + 1 < chars.len() && chars[i] == ' ' && chars[i + 1].is_ascii_lowercase() {
                i = word_end(i + 1);
            }
            continue;
        }
        if starts("--") && chars.get(i + 2).is_some_and(char::is_ascii_lowercase) {
            i = word_end(i);
            if chars.get(i) == Some(&' ') && chars.get(i + 1) == Some(&'<') {
                i = (i..chars.len())
                    .find(|&j| chars[j] == '>')
                    .map_or(chars.len(), |j| j + 1);
            }
            continue;
        }
        kept.push(chars[i]);
        i += 1;
    }
    let mut out = kept;
    for format in FORMATS {
        out = out.replace(format, "□");
    }
    out
}

/// No Latin letter in `text` outside `names` and the command line's own
/// words (see [`strip`]); and there is Chinese in it.
#[track_caller]
fn assert_chinese(text: &str, names: &[&str]) {
    // `WENZE_SHOW_MESSAGES=1 cargo test --test it chinese -- --nocapture`
    // prints every message checked, for reading them.
    if std::env::var_os("WENZE_SHOW_MESSAGES").is_some() {
        eprintln!("{}", text.trim_end());
    }
    let rest = strip(text, names);
    assert!(
        !rest.chars().any(|c| c.is_ascii_alphabetic()),
        "Latin letters in a message:\n{text}\n(left after removing names and quotes: {rest})"
    );
    assert!(
        text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "no Chinese in: {text}"
    );
}

fn shown(p: &Path) -> String {
    p.display().to_string()
}

const EXAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/examples/case-004.json");

#[test]
fn the_checker_itself_finds_latin_and_spares_names() {
    assert_chinese(
        "错误：缺少必需的参数：--out <文件.pdf|文件.ofd>。请用 wenze --help 查看用法。",
        &[],
    );
    assert_chinese(
        "错误：无法读取 /tmp/x/a.toml：文件或文件夹不存在",
        &["/tmp/x"],
    );
    assert_chinese("打印机“Office_HP”不存在。可用的打印机：“A”", &[]);
    assert_chinese("请用 wenze regulations list 查看", &[]);
    let english = "错误：无法读取 /tmp/x/a.toml：No such file or directory (os error 2)";
    assert!(strip(english, &["/tmp/x"]).contains("No such file"));
    assert!(strip("attempt to write a readonly database", &[]).contains("readonly"));
}

#[test]
fn command_line_mistakes_are_chinese_and_name_the_argument() {
    let text = fails(wenze().args(["export", "--doc", "decision"]));
    assert!(text.contains("--out"), "{text}");
    assert_chinese(&text, &[]);
    let text = fails(wenze().args(["frobnicate"]));
    assert_chinese(&text, &["frobnicate"]);
    let text = fails(wenze().args(["list", "--frob"]));
    assert!(text.contains("--frob"), "{text}");
    assert_chinese(&text, &[]);
    let text = fails(wenze().args(["print", "--case", "1", "--doc", "decision", "--copies", "0"]));
    assert!(text.contains("--copies"), "{text}");
    assert_chinese(&text, &[]);
    let text = fails(wenze().args(["stats", "--year", "x"]));
    assert_chinese(&text, &[]);
    let text = fails(wenze().args(["--renderer", "vulkan", "info"]));
    assert_chinese(&text, &["vulkan"]);
    let text = fails(wenze().args(["user-add", "a", "b", "书记", "--admin", "x"]));
    assert_chinese(&text, &[]);
}

#[test]
fn file_errors_are_chinese() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = shown(dir.path());
    let a_file = dir.path().join("plain");
    std::fs::write(&a_file, "x").expect("file");
    let sub = dir.path().join("sub");
    std::fs::create_dir(&sub).expect("dir");

    // Reading: a file that is not there, a folder, a path through a file.
    for path in [
        dir.path().join("nothere.toml"),
        sub.clone(),
        a_file.join("x.toml"),
    ] {
        let text = fails(wenze().args(["regulations", "check"]).arg(&path));
        assert_chinese(&text, &[&d]);
    }
    let text = fails(wenze().arg("assess").arg(dir.path().join("nothere.json")));
    assert!(text.contains("不存在"), "{text}");
    assert_chinese(&text, &[&d]);
    let text = fails(wenze().arg("assess").arg(&sub));
    assert_chinese(&text, &[&d]);

    // Writing: into a missing folder, over a folder, through a file.
    for out in [
        dir.path().join("missing/d.pdf"),
        sub.clone(),
        a_file.join("d.pdf"),
    ] {
        let text = fails(
            wenze()
                .args(["export", "--json", EXAMPLE, "--doc", "decision", "--out"])
                .arg(&out),
        );
        assert_chinese(&text, &[&d]);
    }
    // The register's folder where a file is.
    let text = fails(wenze().arg("--db").arg(a_file.join("w.db")).arg("info"));
    assert!(text.contains("同名的文件已存在"), "{text}");
    assert_chinese(&text, &[&d]);

    // Standard output on a full disk.
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full");
    let out = wenze()
        .args(["regulations", "list"])
        .stdout(full)
        .output()
        .expect("runs");
    assert!(!out.status.success());
    let text = said(&out);
    assert!(text.contains("磁盘已满"), "{text}");
    assert_chinese(&text, &[]);
}

/// A register with a few demo cases.
fn demo_register(dir: &Path) -> PathBuf {
    let db = dir.join("w.db");
    let mut s = wenze::storage::Storage::open(&db).expect("opens");
    s.sign_in_for_test("测试");
    wenze::storage::demo::generate(&mut s, 12, 7).expect("demo");
    db
}

#[test]
fn damaged_and_foreign_registers_are_said_in_chinese() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = shown(dir.path());

    // Not a register at all; an SQLite header over garbage.
    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, b"these are not the pages you are looking for").expect("junk");
    let text = fails(wenze().arg("--db").arg(&junk).arg("list"));
    assert_chinese(&text, &[&d]);
    let mut fake = b"SQLite format 3\0".to_vec();
    fake.extend(std::iter::repeat_n(0xA5u8, 8192));
    let fake_db = dir.path().join("fake.db");
    std::fs::write(&fake_db, &fake).expect("fake");
    let text = fails(wenze().arg("--db").arg(&fake_db).arg("list"));
    assert_chinese(&text, &[&d]);

    // Another program's SQLite database.
    let other = dir.path().join("other.db");
    rusqlite::Connection::open(&other)
        .and_then(|c| c.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);"))
        .expect("other");
    let text = fails(wenze().arg("--db").arg(&other).arg("list"));
    assert_chinese(&text, &[&d]);

    // A register with its pages overwritten past the first.
    let db = demo_register(dir.path());
    let mut bytes = std::fs::read(&db).expect("read");
    let page = 4096;
    for b in bytes.iter_mut().skip(page).take(page * 8) {
        *b = 0x5A;
    }
    let damaged = dir.path().join("damaged.db");
    std::fs::write(&damaged, &bytes).expect("damaged");
    let text = fails(wenze().arg("--db").arg(&damaged).arg("list"));
    assert_chinese(&text, &[&d]);

    // Truncated.
    let short = dir.path().join("short.db");
    std::fs::write(&short, &bytes[..bytes.len() / 2]).expect("short");
    let text = fails(wenze().arg("--db").arg(&short).arg("list"));
    assert_chinese(&text, &[&d]);

    // A table renamed away under the program (SQLite's "no such table").
    let db2 = dir.path().join("renamed.db");
    std::fs::copy(&db, &db2).expect("copy");
    rusqlite::Connection::open(&db2)
        .and_then(|c| c.execute_batch("ALTER TABLE cases RENAME TO cases_away"))
        .expect("rename");
    let out = wenze()
        .arg("--db")
        .arg(&db2)
        .arg("list")
        .output()
        .expect("runs");
    assert_chinese(&said(&out), &[&d, "cases", "cases_away"]);
}

/// Bundled regulation `file` (000–004) with `from` replaced by `to`
/// (`from` must be there: every case really breaks the file).
fn broken(file: usize, from: &str, to: &str) -> String {
    let (_, source) = wenze::rules::BUNDLED[file];
    assert!(source.contains(from), "{file}: {from}");
    source.replacen(from, to, 1)
}

/// Broken regulation files: the TOML parser's complaints, then every check
/// after it (the last seven had no line number before).
fn broken_regulations() -> Vec<(&'static str, String)> {
    vec![
        (
            "missing comma",
            broken(4, "remedy = \"申诉\"", "remedy = [\"复查\" \"申诉\"]"),
        ),
        ("unclosed table", broken(4, "[regulation]", "[regulation")),
        (
            "unclosed string",
            broken(
                4,
                "short_name = \"徐水执法过错追究制度\"",
                "short_name = \"徐水执法过错追究制度",
            ),
        ),
        (
            "duplicate key",
            broken(4, "[regulation]\n", "[regulation]\nid = \"x\"\n"),
        ),
        ("unknown key", broken(4, "short_name", "shortname")),
        ("wrong type", broken(4, "no = 1\n", "no = \"一\"\n")),
        (
            "missing field",
            broken(4, "issuer = \"保定市生态环境局徐水区分局\"\n", ""),
        ),
        ("no articles", "[regulation]\nid = \"x\"\n".to_owned()),
        ("empty file", String::new()),
        (
            "empty name",
            broken(
                4,
                "short_name = \"徐水执法过错追究制度\"",
                "short_name = \" \"",
            ),
        ),
        (
            "bad date",
            broken(
                4,
                "effective = \"2020-09-01\"",
                "effective = \"2020-13-40\"",
            ),
        ),
        (
            "bad remedy",
            broken(4, "remedy = \"申诉\"", "remedy = \"上诉\""),
        ),
        (
            "bad cite",
            broken(4, "remedy_cite = \"16\"", "remedy_cite = \"99\""),
        ),
        ("bad order", broken(4, "order = 2", "order = 1")),
        (
            "bad kinds",
            broken(
                3,
                "respondent_kinds = [\"单位\", \"领导班子\"]",
                "respondent_kinds = [\"个体户\"]",
            ),
        ),
        (
            "bad remedy deadline",
            broken(
                4,
                "remedy_deadline = \"\"",
                "remedy_deadline = \"无此期限\"",
            ),
        ),
        (
            "bad routing",
            broken(0, "statuses = [\"聘用\"]", "statuses = [\"临时工\"]"),
        ),
        (
            "tolerance outside an overlay",
            broken(1, "overlay = true", "overlay = false"),
        ),
        (
            "tolerance condition",
            broken(
                1,
                "unprohibited_condition = \"K14-2-1\"",
                "unprohibited_condition = \"无此条件\"",
            ),
        ),
        (
            "notify deadline",
            broken(
                1,
                "notify_deadline = \"notify\"",
                "notify_deadline = \"无此期限\"",
            ),
        ),
    ]
}

#[test]
fn regulation_files_are_rejected_in_chinese_each_with_its_line() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = shown(dir.path());
    for (what, text) in broken_regulations() {
        let path = dir.path().join("office.toml");
        std::fs::write(&path, &text).expect("write");
        let out = wenze()
            .args(["regulations", "check"])
            .arg(&path)
            .output()
            .expect("runs");
        let said = said(&out);
        assert!(!out.status.success(), "{what}: passed the check");
        let problems: Vec<&str> = said.lines().filter(|l| !l.starts_with("共 ")).collect();
        assert!(!problems.is_empty(), "{what}: {said}");
        for p in problems {
            let after = p.split_once("office.toml：").map_or(p, |(_, r)| r);
            assert!(
                after.starts_with("第 ") && after.contains(" 行："),
                "{what}: a rejection without its line: {p}"
            );
            assert!(
                !p.ends_with("格式错误：格式有误"),
                "{what}: said only generically: {p}"
            );
            assert_chinese(p, &[&d]);
        }
    }
}

#[test]
fn every_rejection_names_a_line_of_the_file() {
    for (what, text) in broken_regulations() {
        let problems = wenze::rules::regulation::load(&text).expect_err(what);
        for p in problems {
            let line = p.line.unwrap_or_else(|| panic!("{what}: no line: {p}"));
            assert!(
                line >= 1 && line <= text.lines().count().max(1),
                "{what}: {p}"
            );
            assert!(p.to_string().starts_with(&format!("第 {line} 行")), "{p}");
        }
    }
    // Said where the fault is: the key's own line.
    let text = broken(
        3,
        "respondent_kinds = [\"单位\", \"领导班子\"]",
        "respondent_kinds = [\"个体户\"]",
    );
    let problems = wenze::rules::regulation::load(&text).expect_err("kinds");
    let p = problems
        .iter()
        .find(|p| p.message.contains("个体户"))
        .expect("kinds");
    let line = p.line.expect("line");
    assert!(
        text.lines().nth(line - 1).expect("line").contains("个体户"),
        "{p}"
    );
    let text = broken(0, "statuses = [\"聘用\"]", "statuses = [\"临时工\"]");
    let problems = wenze::rules::regulation::load(&text).expect_err("routing");
    let p = problems
        .iter()
        .find(|p| p.message.contains("临时工"))
        .expect("routing");
    let line = p.line.expect("line");
    assert!(
        text.lines().nth(line - 1).expect("line").contains("临时工"),
        "{p}"
    );
}

#[test]
fn json_files_are_rejected_in_chinese() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = shown(dir.path());
    for (name, text) in [
        ("comma.json", "{\"regulation\": \"004\",}"),
        ("type.json", "{\"regulation\": 4, \"respondents\": []}"),
        (
            "field.json",
            "{\"regulation\": \"004\", \"colour\": 1, \"respondents\": []}",
        ),
        ("cut.json", "{\"regulation\": "),
        ("text.json", "这不是 JSON"),
        (
            "date.json",
            "{\"regulation\": \"004\", \"received_on\": \"2026-02-30\", \"respondents\": []}",
        ),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, text).expect("write");
        let said = fails(wenze().arg("assess").arg(&path));
        assert!(said.contains("第 1 行第"), "{said}");
        assert_chinese(&said, &[&d, "docs/case-json.md"]);
        let out = dir.path().join("x.pdf");
        let said = fails(
            wenze()
                .args(["export", "--doc", "decision", "--json"])
                .arg(&path)
                .arg("--out")
                .arg(&out),
        );
        assert_chinese(&said, &[&d, "docs/case-json.md"]);
    }
}

#[test]
fn library_readers_used_in_the_window_answer_in_chinese() {
    // The holiday table an administrator imports (设置 → 节假日).
    for bad in [
        "[[year]]\nyear = 2027\nholidays = [{ name = \"元旦\", from = 2027-01-01 to = 2027-01-01 }]\n",
        "[[year]]\nyear = \"二〇二七\"\n",
        "[[year]]\nyear = 2027\nholidays = [{ name = \"元旦\", from = \"2027-02-30\", to = \"2027-03-01\" }]\n",
        "[[yaer]]\n",
    ] {
        let e = wenze::rules::Calendar::from_toml(bad)
            .expect_err("refused")
            .to_string();
        assert_chinese(&e, &[]);
    }
    // A spreadsheet that is not one (导入台账).
    let dir = tempfile::tempdir().expect("tmp");
    let d = shown(dir.path());
    let fake = dir.path().join("台账.xlsx");
    std::fs::write(&fake, "not a workbook").expect("write");
    let db = dir.path().join("w.db");
    let text = fails(wenze().arg("--db").arg(&db).arg("import").arg(&fake).args([
        "--regulation",
        "004",
        "--check",
    ]));
    assert_chinese(&text, &[&d]);
    let text = fails(
        wenze()
            .arg("--db")
            .arg(&db)
            .arg("import")
            .arg(dir.path().join("无此文件.csv"))
            .args(["--regulation", "004", "--check"]),
    );
    assert_chinese(&text, &[&d]);
    // An office font that is not a font (设置 → 公文字体).
    let notfont = dir.path().join("FZXBSJW.TTF");
    std::fs::write(&notfont, "not a font").expect("write");
    let e = wenze::fonts::load_office_face(&notfont)
        .expect_err("refused")
        .to_string();
    assert_chinese(&e, &[&d]);
}

/// A shell script `name` in `bin` printing `out` to standard output and
/// `err` to standard error, exiting with `code`.
fn script(bin: &Path, name: &str, body: &str) {
    std::fs::create_dir_all(bin).expect("bin");
    let path = bin.join(name);
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).expect("script");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
}

/// A register with one case and its issued decision; the case id.
fn register_with_decision(dir: &Path) -> (PathBuf, CaseId) {
    let pdf_path = dir.join("d.pdf");
    let out = wenze()
        .args(["export", "--json", EXAMPLE, "--doc", "decision", "--out"])
        .arg(&pdf_path)
        .output()
        .expect("export");
    assert!(out.status.success(), "{}", said(&out));
    let pdf = std::fs::read(&pdf_path).expect("pdf");
    let db = dir.join("w.db");
    let mut s = wenze::storage::Storage::open(&db).expect("opens");
    s.sign_in_for_test("测试");
    wenze::storage::demo::generate(&mut s, 3, 7).expect("demo");
    let case_id = s.list_cases(1).expect("cases")[0].id;
    s.store_document(
        case_id,
        None,
        "decision",
        "环问〔2026〕9号",
        "问责决定书",
        &pdf,
    )
    .expect("store");
    (db, case_id)
}

#[test]
fn printing_failures_are_chinese_and_list_the_printers() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = shown(dir.path());
    let (db, case_id) = register_with_decision(dir.path());
    let case = case_id.to_string();
    let print = |bin: &Path, extra: &[&str]| {
        let mut cmd = wenze();
        cmd.env("PATH", format!("{}:/usr/bin:/bin", bin.display()))
            .arg("--db")
            .arg(&db)
            .args(["print", "--case", &case, "--doc", "decision"])
            .args(extra);
        cmd
    };
    let printers = "case \"$1\" in -e) printf 'Office_HP\\nKyocera\\n' ;; -d) echo 'no system default destination' ;; esac";

    // No default printer.
    let bin = dir.path().join("bin1");
    script(&bin, "lpstat", printers);
    script(
        &bin,
        "lp",
        "echo 'lp: Error - No default destination.' >&2; exit 1",
    );
    let text = fails(&mut print(&bin, &[]));
    assert!(text.contains("未设置默认打印机"), "{text}");
    assert!(text.contains("“Office_HP”、“Kyocera”"), "{text}");
    assert_chinese(&text, &[&d]);

    // A printer that does not exist.
    let bin = dir.path().join("bin2");
    script(&bin, "lpstat", printers);
    script(
        &bin,
        "lp",
        "echo 'lp: The printer or class does not exist.' >&2; exit 1",
    );
    let text = fails(&mut print(&bin, &["--printer", "Nope"]));
    assert!(text.contains("打印机“Nope”不存在"), "{text}");
    assert!(text.contains("可用的打印机"), "{text}");
    assert_chinese(&text, &[&d]);

    // CUPS not running: neither lists nor prints.
    let bin = dir.path().join("bin3");
    script(
        &bin,
        "lpstat",
        "echo 'lpstat: Scheduler is not running.' >&2; exit 1",
    );
    script(
        &bin,
        "lp",
        "echo 'lp: Error - Scheduler Not Responding.' >&2; exit 1",
    );
    let text = fails(&mut print(&bin, &[]));
    assert!(text.contains("打印服务未运行"), "{text}");
    assert_chinese(&text, &[&d]);
    let text = fails(&mut print(&bin, &["--printer", "Kyocera"]));
    assert!(text.contains("打印服务未运行"), "{text}");
    assert_chinese(&text, &[&d]);

    // Something CUPS says that nobody foresaw.
    let bin = dir.path().join("bin4");
    script(&bin, "lpstat", printers);
    script(
        &bin,
        "lp",
        "echo 'lp: Unsupported document-format \"application/pdf\".' >&2; exit 1",
    );
    let text = fails(&mut print(&bin, &["--printer", "Kyocera"]));
    assert!(text.contains("可用的打印机"), "{text}");
    assert_chinese(&text, &[&d]);

    // No print service at all: no lpstat, no lp.
    let bin = dir.path().join("bin5");
    std::fs::create_dir_all(&bin).expect("bin");
    let mut cmd = print(&bin, &[]);
    cmd.env("PATH", bin.display().to_string());
    let text = fails(&mut cmd);
    assert_chinese(&text, &[&d]);
    // lpstat but no lp.
    script(&bin, "lpstat", printers);
    let mut cmd = print(&bin, &["--printer", "Kyocera"]);
    cmd.env("PATH", bin.display().to_string());
    let text = fails(&mut cmd);
    assert!(text.contains("未找到打印命令"), "{text}");
    assert_chinese(&text, &[&d]);

    // Success: the job id kept (a name), the rest Chinese.
    let bin = dir.path().join("bin6");
    script(&bin, "lpstat", printers);
    script(&bin, "lp", "echo 'request id is Kyocera-17 (1 file(s))'");
    let out = print(&bin, &["--printer", "Kyocera"])
        .output()
        .expect("runs");
    let text = said(&out);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("作业号 Kyocera-17"), "{text}");
    assert_chinese(&text, &["Kyocera-17"]);
}

#[test]
fn no_graphical_desktop_is_said_in_chinese() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut child = wenze()
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .arg("--db")
        .arg(dir.path().join("w.db"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    let start = std::time::Instant::now();
    while child.try_wait().expect("waits").is_none() {
        if start.elapsed() > std::time::Duration::from_secs(60) {
            child.kill().expect("kill");
            panic!("the window opened without a desktop");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let out = child.wait_with_output().expect("output");
    assert!(!out.status.success());
    assert_chinese(&said(&out), &[&shown(dir.path())]);
}

#[test]
fn control_characters_in_case_text_are_escaped_by_list_and_search() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    let mut s = wenze::storage::Storage::open(&db).expect("opens");
    s.sign_in_for_test("测试");
    let pid = s
        .add_person(&wenze::domain::NewPerson {
            name: "王\u{1b}[31m红".into(),
            unit: "监测站\u{1b}]0;标题\u{7}\t二科\u{202e}".into(),
            rank: "科员".into(),
            status: "在职".into(),
            ..Default::default()
        })
        .expect("person");
    let (case_id, _) = s
        .create_case(&wenze::domain::NewCase {
            case_no: Some("环案〔2026〕\u{1b}[2J7号".into()),
            regulation_id: "004".into(),
            tolerance_overlay: false,
            clue_source: "群众举报".into(),
            received_on: "2026-02-16".parse().expect("date"),
            summary: "监测数据\u{1b}[8m报送不及时".into(),
            respondents: vec![(pid, wenze::domain::RespondentRole::Handler)],
            facts: vec!["未按期报送。".into()],
            reporter: None,
        })
        .expect("case");
    drop(s);
    for args in [vec!["list"], vec!["search", "监测"]] {
        let out = wenze()
            .arg("--db")
            .arg(&db)
            .args(&args)
            .output()
            .expect("runs");
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(out.status.success(), "{args:?}: {}", said(&out));
        let line = text
            .lines()
            .find(|l| l.starts_with(&format!("{case_id}\t")))
            .unwrap_or_else(|| panic!("{args:?}: the case is listed: {text}"));
        assert!(
            !line.chars().any(|c| c.is_control() && c != '\t'),
            "{line:?}"
        );
        assert!(!line.contains('\u{202e}'), "{line:?}");
        assert!(line.contains("王␛[31m红"), "{line:?}");
        assert!(line.contains("环案〔2026〕␛[2J7号"), "{line:?}");
        // A tab inside a field is shown, never a column break.
        assert!(line.contains("␛]0;标题␇␉二科\\u{202e}"), "{line:?}");
    }
}

/// `script` run by `sh` in a private mount namespace, with `W` the binary
/// and `D` the folder; `None` when this machine does not allow one.
fn in_namespace(dir: &Path, script: &str) -> Option<Output> {
    let probe = Command::new("unshare")
        .args(["-m", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs \"$D\""])
        .env("D", dir)
        .output()
        .ok()?;
    if !probe.status.success() {
        eprintln!(
            "（跳过：不能在私有挂载空间中挂载：{}）",
            String::from_utf8_lossy(&probe.stderr).trim()
        );
        return None;
    }
    Command::new("unshare")
        .args(["-m", "sh", "-c", script])
        .env("W", env!("CARGO_BIN_EXE_wenze"))
        .env("D", dir)
        .env("EXAMPLE", EXAMPLE)
        .output()
        .ok()
}

#[test]
fn a_read_only_register_or_folder_is_said_in_chinese() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = shown(dir.path());
    // An empty register: `demo` writes to it at once.
    drop(wenze::storage::Storage::open(&dir.path().join("w.db")).expect("opens"));
    std::fs::create_dir(dir.path().join("ro")).expect("ro");
    // The register file itself read-only (its folder writable): SQLite
    // opens it for reading only and refuses the write.
    let Some(out) = in_namespace(
        dir.path(),
        "mount --bind \"$D/w.db\" \"$D/w.db\" && mount -o remount,ro,bind \"$D/w.db\" && \
         \"$W\" --db \"$D/w.db\" demo --cases 2",
    ) else {
        return;
    };
    let text = said(&out);
    assert!(!out.status.success(), "{text}");
    assert!(text.contains("不能写入") || text.contains("只读"), "{text}");
    assert_chinese(&text, &[&d]);
    // A read-only folder: the register cannot be made, a document not written.
    let out = in_namespace(
        dir.path(),
        "mount --bind \"$D/ro\" \"$D/ro\" && mount -o remount,ro,bind \"$D/ro\" && \
         \"$W\" --db \"$D/ro/new.db\" info; \
         \"$W\" export --json \"$EXAMPLE\" --doc decision --out \"$D/ro/d.pdf\"",
    )
    .expect("namespace");
    let text = said(&out);
    assert!(!out.status.success(), "{text}");
    assert_eq!(text.matches("只读文件系统").count(), 2, "{text}");
    for line in text.lines() {
        assert_chinese(line, &[&d, EXAMPLE]);
    }
}

#[test]
fn a_full_disk_is_said_in_chinese() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = shown(dir.path());
    // The register grows until the disk is full.
    let Some(out) = in_namespace(
        dir.path(),
        "mount -t tmpfs -o size=1m tmpfs \"$D\" && \"$W\" --db \"$D/w.db\" demo --cases 4000",
    ) else {
        return;
    };
    let text = said(&out);
    assert!(!out.status.success(), "{text}");
    assert!(text.contains("磁盘已满"), "{text}");
    assert_chinese(&text, &[&d]);
    // A document on a disk already full.
    let out = in_namespace(
        dir.path(),
        "mount -t tmpfs -o size=64k tmpfs \"$D\" && head -c 65536 /dev/zero > \"$D/fill\" 2>/dev/null; \
         \"$W\" export --json \"$EXAMPLE\" --doc decision --out \"$D/d.pdf\"",
    )
    .expect("namespace");
    let text = said(&out);
    assert!(!out.status.success(), "{text}");
    assert!(text.contains("磁盘已满"), "{text}");
    assert_chinese(&text, &[&d, EXAMPLE]);
}

#[test]
fn outputs_that_cannot_be_written_are_said_in_chinese() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = shown(dir.path());
    let db = demo_register(dir.path());
    let (admin, _, password) = crate::common::ADMIN;
    let a_file = dir.path().join("plain");
    std::fs::write(&a_file, "x").expect("file");
    let with_password = |args: &[&str], out: &Path| {
        let mut child = wenze()
            .arg("--db")
            .arg(&db)
            .args(args)
            .arg(out)
            .args(["--user", admin])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("runs");
        {
            use std::io::Write as _;
            let mut stdin = child.stdin.take().expect("stdin");
            writeln!(stdin, "{password}").expect("password");
        }
        let out = child.wait_with_output().expect("output");
        assert!(!out.status.success(), "{}", said(&out));
        said(&out)
    };
    // A backup where a file stands in place of its folder (a missing
    // folder is made).
    let text = with_password(&["backup"], &a_file.join("x.db"));
    assert_chinese(&text, &[&d]);
    for out in [dir.path().join("missing/x"), a_file.join("x")] {
        // An archive, a statistics report and tables, the register's table.
        let text = with_password(
            &["archive", "--case", "1", "--out"],
            &out.with_extension("zip"),
        );
        assert_chinese(&text, &[&d]);
        for args in [
            vec!["stats", "--year", "2026", "--out"],
            vec!["xlsx", "stats", "--year", "2026", "--out"],
            vec!["xlsx", "register", "--out"],
        ] {
            let text = fails(wenze().arg("--db").arg(&db).args(&args).arg(&out));
            assert_chinese(&text, &[&d]);
        }
    }
    // Restoring from something that is not a backup.
    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, "not a backup").expect("junk");
    let text = with_password(&["restore"], &junk);
    assert_chinese(&text, &[&d]);
    let text = with_password(&["restore"], &dir.path().join("无此备份.db"));
    assert_chinese(&text, &[&d]);
}
