//! Excel in and out: an office's earlier 台账, written by another program
//! (rust_xlsxwriter here, as WPS/Excel would: a merged title row, Chinese
//! headers in an unusual order, dates as Excel dates and as text), imported
//! as history that drives a repeat-offence factor; bad rows named in
//! Chinese; re-import adds nothing; the register exported as .xlsx.

use crate::common::TestSignIn;
use std::path::Path;
use std::process::Command;

use calamine::{Data, Reader, open_workbook_auto};
use rust_xlsxwriter::{Format, Workbook};
use wenze::app::case_input::CaseExports;
use wenze::domain::NewCase;
use wenze::rules::engine::FactorSource;
use wenze::rules::{Calendar, RegulationSet, assess};
use wenze::storage::Storage;

/// Run `wenze ARGS --db DB`, answering a password prompt as the reviewer.
fn wenze(db: &Path, args: &[&str]) -> std::process::Output {
    use std::io::Write as _;
    let mut child = Command::new(env!("CARGO_BIN_EXE_wenze"))
        .args(args)
        .arg("--db")
        .arg(db)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("runs");
    if let Some(mut stdin) = child.stdin.take() {
        // A command that reads no password closes its end early.
        if let Err(e) = stdin.write_all(b"shenhe2026\n") {
            assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "{e}");
        }
    }
    child.wait_with_output().expect("output")
}

/// A new register with a reviewer (李审核, user `li`).
fn register(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("w.db");
    let mut s = Storage::open(&db).expect("opens");
    s.sign_in_for_test("测试");
    let h = wenze::domain::auth::Credentials::new("shenhe2026").expect("hash");
    s.add_user("li", "李审核", wenze::domain::auth::UserRole::Reviewer, &h)
        .expect("reviewer");
    db
}

/// 2026 ledger of a 金坛 office: title merged over A1:H1, headers on row 2.
fn ledger(path: &Path, rows: &[[&str; 5]]) {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let title = Format::new().set_bold();
    sheet
        .merge_range(0, 0, 0, 7, "2026年度作风问责情况台账", &title)
        .expect("merge");
    let headers = [
        "处理时间",
        "姓名",
        "决定文号",
        "工作单位",
        "处理结果（问责方式）",
        "身份证号码",
        "主要问题",
        "序号",
    ];
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string(1, c as u16, *h).expect("header");
    }
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (i, [when, name, unit, methods, id]) in rows.iter().enumerate() {
        let r = i as u32 + 2;
        // The first row's date is an Excel date, the others are text.
        if i == 0 {
            let d: jiff::civil::Date = when.parse().expect("date");
            sheet.write_date_with_format(r, 0, d, &date).expect("date");
        } else {
            sheet.write_string(r, 0, *when).expect("text date");
        }
        sheet.write_string(r, 1, *name).expect("name");
        sheet
            .write_string(r, 2, format!("金纪问〔2026〕{}号", i + 1))
            .expect("doc no");
        sheet.write_string(r, 3, *unit).expect("unit");
        sheet.write_string(r, 4, *methods).expect("methods");
        sheet.write_string(r, 5, *id).expect("id");
        sheet
            .write_string(r, 6, "工作作风漂浮，推诿扯皮")
            .expect("matter");
        sheet.write_number(r, 7, (i + 1) as f64).expect("seq");
    }
    book.save(path).expect("save");
}

#[test]
fn an_imported_ledger_is_history_that_drives_a_repeat_offence() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = register(dir.path());
    let file = dir.path().join("台账.xlsx");
    ledger(
        &file,
        &[
            [
                "2026-03-02",
                "张三",
                "执法监督科",
                "通报批评",
                "11010519491231002X",
            ],
            ["2026年4月10日", "李四", "办公室", "诫勉", ""],
        ],
    );
    let out = wenze(
        &db,
        &[
            "import",
            file.to_str().expect("utf8"),
            "--regulation",
            "002",
            "--user",
            "li",
        ],
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("表头在第 2 行"), "{text}");
    assert!(text.contains("已导入 2 条历史决定"), "{text}");
    // Again: nothing new.
    let again = wenze(
        &db,
        &[
            "import",
            file.to_str().expect("utf8"),
            "--regulation",
            "002",
            "--user",
            "li",
        ],
    );
    let text = String::from_utf8_lossy(&again.stdout);
    assert!(
        text.contains("已导入 0 条历史决定；2 条此前已导入"),
        "{text}"
    );

    // A new 金坛 case against 张三 in September: 第十一条（五）
    // “受到问责后一年内再次发生应当问责情形的” — found in the imported history.
    let mut s = Storage::open(&db).expect("opens");
    s.sign_in_for_test("测试");
    assert_eq!(s.case_count().expect("count"), 2);
    let person = s
        .find_persons("张三", 5)
        .expect("persons")
        .into_iter()
        .next()
        .expect("张三 imported");
    assert_eq!(person.unit, "执法监督科");
    let (case_id, _) = s
        .create_case(&NewCase {
            case_no: None,
            regulation_id: "002".into(),
            tolerance_overlay: false,
            clue_source: "群众投诉核实".into(),
            received_on: "2026-09-01".parse().expect("date"),
            summary: "再次推诿扯皮".into(),
            respondents: vec![(person.id, wenze::domain::RespondentRole::Handler)],
            facts: vec![],
            reporter: None,
        })
        .expect("case");
    let ex = s.case_export(case_id).expect("export");
    let history: Vec<_> = s
        .person_history(&ex.person_ids)
        .expect("history")
        .into_iter()
        .filter(|h| Some(h.decided_on) < ex.case.received_on)
        .collect();
    assert_eq!(history.len(), 1, "{history:?}");
    assert_eq!(history[0].methods, vec!["通报".to_owned()]);
    let a = assess(
        &ex.case,
        &RegulationSet::bundled(),
        &history,
        &Calendar::bundled(),
    )
    .expect("assess");
    let repeat = a.respondents[0]
        .factors
        .iter()
        .find(|f| f.id == "F11-5")
        .expect("repeat offence found in the imported ledger");
    assert!(
        matches!(repeat.source, FactorSource::Register { .. }),
        "{:?}",
        repeat.source
    );
}

#[test]
fn bad_rows_are_named_in_chinese_and_nothing_is_imported() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = register(dir.path());
    let file = dir.path().join("台账.xlsx");
    ledger(
        &file,
        &[
            [
                "2026-03-02",
                "张三",
                "执法监督科",
                "通报批评",
                "110105194912310021",
            ],
            ["2026年2月30日", "李四", "办公室", "罚款", ""],
        ],
    );
    let out = wenze(
        &db,
        &[
            "import",
            file.to_str().expect("utf8"),
            "--regulation",
            "002",
            "--user",
            "li",
        ],
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("第 3 行：身份证号"), "{err}");
    assert!(
        err.contains("第 4 行：决定日期“2026年2月30日”不是有效日期"),
        "{err}"
    );
    assert!(err.contains("问责方式“罚款”"), "{err}");
    assert!(err.contains("未导入任何记录"), "{err}");
    let s = Storage::open(&db).expect("opens");
    assert_eq!(s.case_count().expect("count"), 0);
}

#[test]
fn a_gbk_csv_with_a_clerk_mapped_column_imports() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = register(dir.path());
    let file = dir.path().join("ledger.csv");
    let text = "姓名,单位,处分情况,日期\n王五,监察科,书面检查,2025/11/3\n";
    let (gbk, _, _) = encoding_rs::GBK.encode(text);
    std::fs::write(&file, &gbk).expect("write");
    let out = wenze(
        &db,
        &[
            "import",
            file.to_str().expect("utf8"),
            "--regulation",
            "004",
            "--map",
            "处分情况=问责方式",
            "--user",
            "li",
        ],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("处分情况\t→ 问责方式"), "{stdout}");
    assert!(stdout.contains("已导入 1 条"), "{stdout}");
}

#[test]
fn the_register_exports_as_xlsx_with_dates_as_dates() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    let mut s = Storage::open(&db).expect("opens");
    wenze::storage::demo::generate(&mut s, 30, 3).expect("demo");
    s.sign_in_for_test("测试");
    let h = wenze::domain::auth::Credentials::new("shenhe2026").expect("hash");
    s.add_user("wang", "王办理", wenze::domain::auth::UserRole::Clerk, &h)
        .expect("clerk");
    drop(s);
    let out_file = dir.path().join("台账.xlsx");
    // Names, units and facts leave the register only for a signed-in user.
    let refused = wenze(
        &db,
        &[
            "xlsx",
            "register",
            "--out",
            out_file.to_str().expect("utf8"),
        ],
    );
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("请加 --user 用户名"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    assert!(!out_file.exists());
    let out = wenze(
        &db,
        &[
            "xlsx",
            "register",
            "--out",
            out_file.to_str().expect("utf8"),
            "--user",
            "wang",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let conn = rusqlite::Connection::open(&db).expect("reads");
    let exported: i64 = conn
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action = '导出案件台账'
             AND actor LIKE '%王办理%' AND after LIKE '%30 件%'",
            [],
            |r| r.get(0),
        )
        .expect("audit");
    assert_eq!(exported, 1, "the export is in the audit log, by its user");
    drop(conn);
    let mut book = open_workbook_auto(&out_file).expect("xlsx");
    let range = book.worksheet_range("案件台账").expect("sheet");
    let header: Vec<String> = range
        .rows()
        .nth(1)
        .expect("header")
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(&header[..3], ["序号", "案号", "被问责人"]);
    assert_eq!(range.rows().count(), 32, "title + header + 30 cases");
    let received = &range.rows().nth(2).expect("row")[6];
    assert!(matches!(received, Data::DateTime(_)), "{received:?}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&out_file)
            .expect("meta")
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(mode, 0o600);
    }
    let stats = dir.path().join("统计.xlsx");
    let out = wenze(
        &db,
        &[
            "xlsx",
            "stats",
            "--year",
            "2025",
            "--out",
            stats.to_str().expect("utf8"),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut book = open_workbook_auto(&stats).expect("xlsx");
    assert!(book.sheet_names().contains(&"按问责方式".to_owned()));
    assert!(book.worksheet_range("总体").is_ok());
}

/// A ledger that records the conduct takes part in 类案参考: the 问责情形
/// its 依据 cites (brackets or none) and its 情节轻重 become the imported
/// respondent's selections; a row without a level is history, not a
/// similar decision; a level the regulation does not have is named.
#[test]
fn an_imported_ledger_with_basis_and_level_counts_as_similar_decisions() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = register(dir.path());
    let file = dir.path().join("ledger.csv");
    let text = "姓名,单位,问责方式,决定日期,依据,情节轻重\n\
        王一,执法大队,诫勉谈话,2025-03-03,《徐水执法过错追究制度》第六条第（七）项,较轻\n\
        王二,执法大队,诫勉谈话,2025-04-03,第六条第七项,较轻\n\
        王三,执法大队,责令作出书面检查,2025-05-03,第六条第（七）项,较轻\n\
        王四,执法大队,停职检查,2025-06-03,第六条第（七）项,较重\n\
        王五,执法大队,通报批评,2025-07-03,第六条第（七）项,\n\
        王六,执法大队,通报批评,2025-08-03,第六条第（十七）项,较轻\n";
    std::fs::write(&file, text).expect("write");
    let import = |path: &Path| {
        wenze(
            &db,
            &[
                "import",
                path.to_str().expect("utf8"),
                "--regulation",
                "004",
                "--user",
                "li",
            ],
        )
    };
    let out = import(&file);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("已导入 6 条"), "{stdout}");
    let s = Storage::open(&db).expect("opens");
    let light = s
        .similar_decisions("004", "B6-7", "较轻", None, 100)
        .expect("similar");
    let mut methods: Vec<String> = light.iter().flat_map(|p| p.methods.clone()).collect();
    methods.sort();
    assert_eq!(methods, ["诫勉谈话", "诫勉谈话", "责令作出书面检查"]);
    assert_eq!(
        s.similar_decisions("004", "B6-7", "较重", None, 100)
            .expect("similar")
            .len(),
        1
    );
    drop(s);
    // A level the regulation does not have: the row is named, nothing imported.
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "姓名,单位,问责方式,决定日期,依据,情节轻重\n赵一,办公室,诫勉谈话,2025-09-01,第六条第（七）项,很轻\n",
    )
    .expect("write");
    let out = import(&bad);
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!out.status.success(), "{all}");
    assert!(all.contains("情节轻重“很轻”不是本规定的情节"), "{all}");
}
