//! The binary's command line, run as a real process.

use std::process::Command;

fn wenze() -> Command {
    Command::new(env!("CARGO_BIN_EXE_wenze"))
}

fn text(out: &[u8]) -> String {
    String::from_utf8_lossy(out).into_owned()
}

#[test]
fn help_is_chinese_and_lists_options() {
    let out = wenze().arg("--help").output().expect("runs");
    assert!(out.status.success());
    let help = text(&out.stdout);
    assert!(help.contains("用法"), "{help}");
    assert!(help.contains("--db"), "{help}");
    assert!(help.contains("info"), "{help}");
}

#[test]
fn version_prints_package_version() {
    let out = wenze().arg("--version").output().expect("runs");
    assert!(out.status.success());
    assert_eq!(
        text(&out.stdout).trim(),
        format!("wenze {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn db_is_created_on_first_run_and_accepted_before_or_after_subcommand() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("sub/dir/register.db");
    let out = wenze()
        .arg("--db")
        .arg(&db)
        .arg("info")
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(db.is_file());
    let stdout = text(&out.stdout);
    assert!(stdout.contains("案件数\t0"), "{stdout}");

    let out = wenze()
        .arg("info")
        .arg("--db")
        .arg(&db)
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains(&db.display().to_string()));
}

#[test]
fn a_file_that_is_not_a_register_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("notes.db");
    let content = "这不是数据库，只是一段文字。".repeat(20);
    std::fs::write(&db, &content).expect("write");
    let out = wenze()
        .arg("info")
        .arg("--db")
        .arg(&db)
        .output()
        .expect("runs");
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(err.contains("不是问责案件数据库"), "{err}");
    assert_eq!(std::fs::read_to_string(&db).expect("read"), content);
    assert!(!dir.path().join("notes.db-wal").exists());
}

#[test]
fn unknown_renderer_is_rejected() {
    let out = wenze()
        .args(["--renderer", "vulkan", "info"])
        .output()
        .expect("runs");
    assert!(!out.status.success());
}

#[test]
fn command_line_mistakes_are_reported_in_chinese() {
    let out = wenze()
        .args(["deadline", "--from", "2026-01-01"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.starts_with("错误：缺少必需的参数"), "{err}");
    assert!(err.contains("wenze --help"), "{err}");
    let out = wenze().args(["frobnicate"]).output().expect("runs");
    assert!(
        text(&out.stderr).starts_with("错误：不认识的子命令"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn only_an_administrator_adds_users() {
    use std::io::Write as _;
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("w.db");
    {
        let mut s = wenze::storage::Storage::open(&db).expect("opens");
        let h = wenze::domain::auth::Credentials::new("wenze2026").expect("hash");
        s.add_user(
            "admin",
            "管理员甲",
            wenze::domain::auth::UserRole::Admin,
            &h,
        )
        .expect("admin");
    }
    let run = |args: &[&str], stdin: &str| {
        let mut child = wenze()
            .args(args)
            .arg("--db")
            .arg(&db)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("spawn");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(stdin.as_bytes())
            .expect("write");
        child.wait_with_output().expect("output")
    };
    let ok = run(
        &["user-add", "li", "李审核", "审核人", "--admin", "admin"],
        "shenhe2026\nwenze2026\n",
    );
    assert!(ok.status.success(), "{}", text(&ok.stderr));
    let bad = run(
        &["user-add", "zhao", "赵录入", "录入员", "--admin", "li"],
        "luru2026x\nshenhe2026\n",
    );
    assert!(!bad.status.success());
    assert!(
        text(&bad.stderr).contains("只有管理员"),
        "{}",
        text(&bad.stderr)
    );
    let weak = run(
        &["user-add", "wang", "王录入", "录入员", "--admin", "admin"],
        "123\nwenze2026\n",
    );
    assert!(
        text(&weak.stderr).contains("密码至少8位"),
        "{}",
        text(&weak.stderr)
    );
}

/// `export` dates the file with `SOURCE_DATE_EPOCH` when it is set, so that
/// the same case gives the same bytes on every machine and architecture
/// (scripts/linux-cross-smoke.sh compares the ARM64 and LoongArch builds'
/// decision with this one's).
#[test]
fn export_with_source_date_epoch_is_reproducible() {
    let dir = tempfile::tempdir().expect("tempdir");
    let json = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/examples/case-004.json");
    let export = |name: &str| {
        let out = dir.path().join(name);
        let status = wenze()
            .env("SOURCE_DATE_EPOCH", "1790000000")
            .args(["export", "--json"])
            .arg(&json)
            .args(["--doc", "decision", "--out"])
            .arg(&out)
            .output()
            .expect("runs");
        assert!(status.status.success(), "{}", text(&status.stderr));
        std::fs::read(out).expect("written")
    };
    let first = export("a.pdf");
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let second = export("b.pdf");
    assert!(first == second, "two exports a second apart differ");
    let needle = b"CreationDate(D:20260921141320";
    assert!(
        first.windows(needle.len()).any(|w| w == needle),
        "the PDF is not dated 2026-09-21 14:13:20 UTC"
    );
}

/// Every command-line mistake is said wholly in Chinese (issue 24): the
/// argument and the value it concerns, never clap's English sentence.
#[test]
fn command_line_mistakes_carry_no_english_sentence() {
    let cases: &[&[&str]] = &[
        &["deadline", "--from", "2026-01-01"],
        &["frobnicate"],
        &["list", "--limit", "abc"],
        &[
            "print", "--case", "1", "--doc", "decision", "--copies", "500",
        ],
        &[
            "export", "--case", "1", "--json", "a.json", "--doc", "x", "--out", "y",
        ],
        &["case", "deliver", "1", "--date", "2026-01-01"],
        &["-王"],
        &["search"],
    ];
    for args in cases {
        let out = wenze().args(*args).output().expect("runs");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = text(&out.stderr);
        assert!(err.starts_with("错误："), "{args:?}: {err}");
        // Latin letters only in argument names (--days), the values typed
        // and `wenze`: every run of letters is one of those.
        let runs: Vec<String> = err
            .split(|c: char| !(c.is_ascii_alphabetic() || c == '-'))
            .filter(|r| r.chars().any(|c| c.is_ascii_alphabetic()))
            .map(str::to_owned)
            .collect();
        for r in &runs {
            assert!(
                r.starts_with('-')
                    || r == "wenze"
                    || r == "N"
                    || args.iter().any(|a| a.contains(r.as_str())),
                "{args:?}: English “{r}” in {err}"
            );
        }
    }
}

/// Every subcommand's help speaks Chinese (issue 24): no "Usage:",
/// "Options:", "Arguments:", "Commands:", "[default: …]".
#[test]
fn every_help_text_is_chinese() {
    let top = wenze().arg("--help").output().expect("runs");
    let top = text(&top.stdout);
    let subs: Vec<String> = top
        .lines()
        .skip_while(|l| !l.starts_with("子命令"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next().map(str::to_owned))
        .collect();
    assert!(subs.len() > 15, "{top}");
    let mut helps = vec![top];
    for sub in &subs {
        let out = wenze()
            .args([sub.as_str(), "--help"])
            .output()
            .expect("runs");
        helps.push(text(&out.stdout));
    }
    for sub in ["register", "deliver", "answer", "show"] {
        let out = wenze()
            .args(["case", sub, "--help"])
            .output()
            .expect("runs");
        helps.push(text(&out.stdout));
    }
    for h in &helps {
        for english in [
            "Usage:",
            "Options:",
            "Arguments:",
            "Commands:",
            "[default:",
            "[possible values:",
            "Print help",
            "[OPTIONS]",
            "<COMMAND>",
        ] {
            assert!(!h.contains(english), "“{english}” in:\n{h}");
        }
    }
}
