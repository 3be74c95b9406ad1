//! Printing through the system's print service, with a fake CUPS (`lp`,
//! `lpstat`) first on PATH: the real binary hands the stored PDF over with
//! printer and copies, and says clearly (in Chinese) when no printer exists.

use crate::common::TestSignIn;
use std::os::unix::fs::PermissionsExt as _;
use std::path::Path;
use std::process::Command;
use wenze::domain::ids::CaseId;

fn wenze() -> Command {
    Command::new(env!("CARGO_BIN_EXE_wenze"))
}

/// A fake CUPS in `bin`: `lpstat -e` lists `printers`, `lp` records its
/// arguments, the file's mode and a copy of the file.
fn fake_cups(bin: &Path, printers: &[&str], log: &Path) {
    std::fs::create_dir_all(bin).expect("bin");
    let lpstat = format!(
        "#!/bin/sh\ncase \"$1\" in\n  -e) printf '{}' ;;\n  -d) echo 'system default destination: {}' ;;\nesac\n",
        printers
            .iter()
            .map(|p| format!("{p}\\n"))
            .collect::<String>(),
        printers.first().copied().unwrap_or("")
    );
    let lp = format!(
        "#!/bin/sh\nfor last; do :; done\nprintf '%s ' \"$@\" > {log}/args\nstat -c %a \"$last\" > {log}/mode\ncp \"$last\" {log}/printed.pdf\necho 'request id is {p}-17 (1 file(s))'\n",
        log = log.display(),
        p = printers.first().copied().unwrap_or("none")
    );
    for (name, body) in [("lpstat", lpstat), ("lp", lp)] {
        let path = bin.join(name);
        std::fs::write(&path, body).expect("script");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }
}

fn path_with(bin: &Path) -> String {
    format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    )
}

/// A register with one case and its issued decision (a real PDF).
fn register_with_document(dir: &Path) -> (std::path::PathBuf, CaseId, Vec<u8>) {
    let db = dir.join("w.db");
    let pdf_path = dir.join("d.pdf");
    let out = wenze()
        .args(["export", "--json"])
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/docs/examples/case-004.json"
        ))
        .args(["--doc", "decision", "--out"])
        .arg(&pdf_path)
        .output()
        .expect("export");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pdf = std::fs::read(&pdf_path).expect("pdf");
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
    (db, case_id, pdf)
}

#[test]
fn print_hands_the_stored_pdf_to_lp_with_printer_and_copies() {
    let dir = tempfile::tempdir().expect("tmp");
    let (db, case_id, pdf) = register_with_document(dir.path());
    let bin = dir.path().join("bin");
    let log = dir.path().join("log");
    std::fs::create_dir_all(&log).expect("log");
    fake_cups(&bin, &["Office_HP", "Kyocera"], &log);
    let out = wenze()
        .env("PATH", path_with(&bin))
        .arg("--db")
        .arg(&db)
        .args(["print", "--case", &case_id.to_string(), "--doc", "decision"])
        .args(["--printer", "Kyocera", "--copies", "3"])
        .output()
        .expect("print");
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{said} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(said.contains("已发送到打印机“Kyocera”，3 份"), "{said}");
    let args = std::fs::read_to_string(log.join("args")).expect("args");
    assert!(
        args.starts_with("-d Kyocera -n 3 -t 问责决定书 环问〔2026〕9号 -- "),
        "{args}"
    );
    // The temporary copy was owner-only, byte-for-byte the stored PDF, and is gone.
    assert_eq!(
        std::fs::read_to_string(log.join("mode"))
            .expect("mode")
            .trim(),
        "600"
    );
    assert_eq!(std::fs::read(log.join("printed.pdf")).expect("copy"), pdf);
    let tmp = args.trim().rsplit(' ').next().expect("path").to_owned();
    assert!(!Path::new(&tmp).exists(), "{tmp} left behind");

    // Without --printer the default printer is used (no -d).
    let out = wenze()
        .env("PATH", path_with(&bin))
        .arg("--db")
        .arg(&db)
        .args(["print", "--case", &case_id.to_string(), "--doc", "decision"])
        .output()
        .expect("print");
    assert!(out.status.success());
    let args = std::fs::read_to_string(log.join("args")).expect("args");
    assert!(args.starts_with("-n 1 -t "), "{args}");
}

#[test]
fn print_without_a_printer_or_document_says_why_in_chinese() {
    let dir = tempfile::tempdir().expect("tmp");
    let (db, case_id, _) = register_with_document(dir.path());
    let bin = dir.path().join("bin");
    let log = dir.path().join("log");
    std::fs::create_dir_all(&log).expect("log");
    fake_cups(&bin, &[], &log);
    let out = wenze()
        .env("PATH", path_with(&bin))
        .arg("--db")
        .arg(&db)
        .args(["print", "--case", &case_id.to_string(), "--doc", "decision"])
        .output()
        .expect("print");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("系统中没有可用的打印机"), "{err}");
    assert!(!log.join("args").exists(), "nothing was printed");

    let out = wenze()
        .env("PATH", path_with(&bin))
        .arg("--db")
        .arg(&db)
        .args(["print", "--case", &case_id.to_string(), "--doc", "review"])
        .output()
        .expect("print");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("没有“review”文书；已有：“decision”"), "{err}");

    let out = wenze()
        .arg("--db")
        .arg(&db)
        .args([
            "print",
            "--case",
            &case_id.to_string(),
            "--doc",
            "decision",
            "--copies",
            "0",
        ])
        .output()
        .expect("print");
    assert!(!out.status.success());
}
