//! The register on real SQLite files: migrations, immutability, audit chain,
//! corrupt files, backup/restore, concurrent 文号, search, protected reporters.

use crate::common::TestSignIn;
use crate::common::d;
use wenze::domain::ids::{CaseId, DecisionId, PersonId, RespondentId};
use wenze::domain::{NewCase, NewDecision, NewPerson, Reporter, SearchFilters};
use wenze::storage::{Storage, StorageError};

fn open(dir: &tempfile::TempDir) -> Storage {
    let mut s = Storage::open(&dir.path().join("w.db")).expect("opens");
    s.sign_in_for_test("测试员");
    s
}

fn person(s: &mut Storage, name: &str, unit: &str) -> PersonId {
    s.sign_in_for_test("测试");
    s.add_person(&NewPerson {
        name: name.into(),
        gender: "男".into(),
        unit: unit.into(),
        post: "科员".into(),
        rank: "科员及一般工作人员".into(),
        status: "在职".into(),
        ..Default::default()
    })
    .expect("person")
}

fn new_case(s: &mut Storage, pid: PersonId, summary: &str, received: &str) -> (CaseId, String) {
    s.create_case(&NewCase {
        case_no: None,
        regulation_id: "004".into(),
        tolerance_overlay: false,
        clue_source: "群众投诉核实".into(),
        received_on: d(received),
        summary: summary.into(),
        respondents: vec![(pid, wenze::domain::RespondentRole::Handler)],
        facts: vec![format!("经查，{summary}")],
        reporter: Some(Reporter {
            name: "郑秋菊".into(),
            contact: "13800000000".into(),
            note: String::new(),
        }),
    })
    .expect("case")
}

fn respondent_id(s_path: &std::path::Path, case_id: CaseId) -> RespondentId {
    let conn = rusqlite::Connection::open(s_path).expect("raw");
    conn.query_row(
        "SELECT id FROM respondents WHERE case_id = ?1",
        [case_id],
        |r| r.get(0),
    )
    .expect("respondent")
}

fn decide(
    s: &mut Storage,
    case_id: CaseId,
    rid: RespondentId,
    on: &str,
    methods: &[&str],
) -> (DecisionId, String) {
    s.record_decision(&NewDecision {
        case_id,
        respondent_id: rid,
        kind: wenze::domain::procedure::DecisionKind::Accountability,
        methods: methods.iter().map(|m| (*m).to_owned()).collect(),
        measures: vec![],
        basis: "第六条第（七）项".into(),
        departure_reason: String::new(),
        precedent_reason: String::new(),
        decided_on: d(on),
        approved_by: "审核人甲".into(),
        supersedes: None,
    })
    .expect("decision")
}

#[test]
fn a_new_file_is_migrated_to_the_current_schema() {
    let dir = tempfile::tempdir().expect("tmp");
    let s = open(&dir);
    assert_eq!(
        s.schema_version().expect("version"),
        wenze::storage::SCHEMA_VERSION
    );
    const { assert!(wenze::storage::SCHEMA_VERSION >= 2) };
    drop(s);
    let conn = rusqlite::Connection::open(dir.path().join("w.db")).expect("raw");
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .expect("mode");
    assert_eq!(mode, "wal");
    let app: i32 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .expect("id");
    assert_eq!(app, wenze::storage::APPLICATION_ID);
    // Re-opening is idempotent.
    assert!(Storage::open(&dir.path().join("w.db")).is_ok());
}

#[test]
fn decisions_are_immutable_and_nothing_is_deleted() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut s = open(&dir);
    let pid = person(&mut s, "王建国", "执法大队");
    let (case_id, _) = new_case(&mut s, pid, "对信访投诉处理不当", "2026-03-02");
    let rid = respondent_id(&dir.path().join("w.db"), case_id);
    let (dec, doc_no) = decide(&mut s, case_id, rid, "2026-04-01", &["通报批评"]);
    assert_eq!(doc_no, "环问〔2026〕1号");
    let conn = rusqlite::Connection::open(dir.path().join("w.db")).expect("raw");
    let err = conn
        .execute("UPDATE decisions SET methods = '[]' WHERE id = ?1", [dec])
        .expect_err("immutable");
    assert!(err.to_string().contains("不可修改"), "{err}");
    let err = conn
        .execute("DELETE FROM decisions WHERE id = ?1", [dec])
        .expect_err("immutable");
    assert!(err.to_string().contains("不可删除"));
    let err = conn
        .execute("DELETE FROM cases WHERE id = ?1", [case_id])
        .expect_err("no delete");
    assert!(err.to_string().contains("终身问责"));
    let err = conn
        .execute("DELETE FROM persons WHERE id = ?1", [pid])
        .expect_err("no delete");
    assert!(err.to_string().contains("终身问责"));
    let err = conn
        .execute("DELETE FROM audit_log", [])
        .expect_err("no delete");
    assert!(err.to_string().contains("审计日志"));
    // Archiving is the way to retire a case.
    s.archive_case(case_id).expect("archive");
    assert!(s.list_page(10, 0).expect("list").is_empty());
    assert_eq!(s.case_count().expect("count"), 1);
}

#[test]
fn documents_keep_their_exact_bytes_and_hash() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut s = open(&dir);
    let pid = person(&mut s, "李明", "办公室");
    let (case_id, _) = new_case(&mut s, pid, "超时办理", "2026-03-02");
    let bytes = b"%PDF-1.7 test bytes \x00\x01\x02".to_vec();
    let (id, sha) = s
        .store_document(
            case_id,
            None,
            "decision",
            "环问〔2026〕1号",
            "问责决定书",
            &bytes,
        )
        .expect("store");
    assert_eq!(sha, wenze::storage::register::sha256_hex(&bytes));
    assert_eq!(s.document_bytes(id).expect("bytes"), bytes);
    let conn = rusqlite::Connection::open(dir.path().join("w.db")).expect("raw");
    assert!(
        conn.execute("UPDATE documents SET title = 'x'", [])
            .is_err()
    );
}

#[test]
fn the_audit_chain_detects_an_altered_or_removed_row() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("w.db");
    let mut s = open(&dir);
    let pid = person(&mut s, "张伟", "大气环境处");
    new_case(&mut s, pid, "未按时限公开环境信息", "2026-05-06");
    s.set_setting("office_code", "徐环问").expect("setting");
    let report = s.audit_verify().expect("verify");
    assert!(report.ok, "{}", report.message);
    assert!(report.entries >= 5);
    drop(s);

    // Someone with a SQLite tool drops the trigger and edits a row.
    let conn = rusqlite::Connection::open(&path).expect("raw");
    conn.execute_batch("DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;")
        .expect("drop");
    conn.execute("UPDATE audit_log SET after = '篡改' WHERE id = 2", [])
        .expect("tamper");
    drop(conn);
    let s = Storage::open(&path).expect("opens");
    let report = s.audit_verify().expect("verify");
    assert!(!report.ok);
    assert_eq!(report.first_bad, Some(2));

    let out = std::process::Command::new(env!("CARGO_BIN_EXE_wenze"))
        .args(["audit", "verify", "--db"])
        .arg(&path)
        .output()
        .expect("runs");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("被改动"));

    // A removed row is detected too.
    let dir2 = tempfile::tempdir().expect("tmp");
    let path2 = dir2.path().join("w.db");
    let mut s = Storage::open(&path2).expect("opens");
    person(&mut s, "甲", "办公室");
    person(&mut s, "乙", "办公室");
    drop(s);
    let conn = rusqlite::Connection::open(&path2).expect("raw");
    // (PRAGMA foreign_keys: the entry has row records referring to it.)
    conn.execute_batch("PRAGMA foreign_keys = OFF; DROP TRIGGER audit_no_delete;")
        .expect("drop");
    conn.execute("DELETE FROM audit_log WHERE id = 2", [])
        .expect("remove");
    drop(conn);
    let report = Storage::open(&path2)
        .expect("opens")
        .audit_verify()
        .expect("verify");
    assert!(!report.ok);
    assert!(report.message.contains("缺失"), "{}", report.message);
}

fn assert_refused_untouched(path: &std::path::Path, expect: fn(&StorageError) -> bool) {
    let before = std::fs::read(path).expect("read");
    let err = Storage::open(path).expect_err("refused");
    assert!(expect(&err), "unexpected error: {err}");
    assert_eq!(std::fs::read(path).expect("read"), before, "file changed");
    assert!(
        err.to_string()
            .chars()
            .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    );
}

#[test]
fn corrupt_truncated_foreign_and_newer_files_are_refused_untouched() {
    let dir = tempfile::tempdir().expect("tmp");
    let good = dir.path().join("w.db");
    {
        let mut s = Storage::open(&good).expect("opens");
        let pid = person(&mut s, "赵晓燕", "审批科");
        for i in 0..30 {
            new_case(
                &mut s,
                pid,
                &format!(
                    "第{i}件案情，内容较长以占用多个数据页。{}",
                    "重复内容".repeat(50)
                ),
                "2026-01-05",
            );
        }
    }
    let bytes = std::fs::read(&good).expect("read");

    let truncated = dir.path().join("truncated.db");
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).expect("write");
    assert_refused_untouched(&truncated, |e| matches!(e, StorageError::Corrupt { .. }));

    let scribbled = dir.path().join("scribbled.db");
    let mut b = bytes.clone();
    for x in b.iter_mut().skip(4096 * 2).take(4096 * 3) {
        *x = 0x5A;
    }
    std::fs::write(&scribbled, &b).expect("write");
    assert_refused_untouched(&scribbled, |e| {
        matches!(
            e,
            StorageError::Corrupt { .. } | StorageError::NotWenze { .. }
        )
    });

    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "会议纪要：这不是数据库。".repeat(40)).expect("write");
    assert_refused_untouched(&text, |e| matches!(e, StorageError::NotWenze { .. }));

    let other = dir.path().join("other.db");
    rusqlite::Connection::open(&other)
        .expect("raw")
        .execute_batch("CREATE TABLE t(x);")
        .expect("other");
    assert_refused_untouched(&other, |e| matches!(e, StorageError::NotWenze { .. }));

    let newer = dir.path().join("newer.db");
    std::fs::write(&newer, &bytes).expect("copy");
    let _ = std::fs::copy(
        good.with_extension("db-wal"),
        newer.with_extension("db-wal"),
    );
    {
        let c = rusqlite::Connection::open(&newer).expect("raw");
        c.execute_batch("PRAGMA user_version = 99; PRAGMA wal_checkpoint(TRUNCATE);")
            .expect("bump");
    }
    let _ = std::fs::remove_file(newer.with_extension("db-wal"));
    let _ = std::fs::remove_file(newer.with_extension("db-shm"));
    assert_refused_untouched(&newer, |e| {
        matches!(e, StorageError::NewerSchema { found: 99, .. })
    });
}

#[test]
fn backup_and_restore_round_trip() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("w.db");
    let mut s = open(&dir);
    let pid = person(&mut s, "孙丽华", "水生态环境处");
    new_case(&mut s, pid, "监管不力", "2026-02-03");
    let backup = dir.path().join("backups/b1.db");
    s.backup_to(&backup).expect("backup");
    new_case(&mut s, pid, "备份之后登记的案件", "2026-02-04");
    assert_eq!(s.case_count().expect("count"), 2);
    drop(s);

    let aside = wenze::storage::backup::restore(&backup, &path)
        .expect("restore")
        .expect("kept aside");
    assert!(aside.exists());
    let s = Storage::open(&path).expect("opens");
    assert_eq!(s.case_count().expect("count"), 1);
    assert!(s.audit_verify().expect("verify").ok);
    // The file kept aside still has both cases.
    assert_eq!(
        Storage::open(&aside)
            .expect("aside opens")
            .case_count()
            .expect("count"),
        2
    );

    // A corrupt backup is refused before anything is touched.
    let bad = dir.path().join("bad.db");
    std::fs::write(&bad, b"SQLite format 3\0garbage").expect("write");
    let before = std::fs::read(&path).expect("read");
    assert!(wenze::storage::backup::restore(&bad, &path).is_err());
    assert_eq!(std::fs::read(&path).expect("read"), before);

    // Rotation keeps the newest N.
    let s = Storage::open(&path).expect("opens");
    let rot = dir.path().join("rot");
    std::fs::create_dir_all(&rot).expect("dir");
    for i in 0..4 {
        std::fs::write(rot.join(format!("wenze-2020010{i}-000000.db")), b"old").expect("old");
    }
    s.rotate_backup(&rot, 3).expect("rotate");
    assert_eq!(std::fs::read_dir(&rot).expect("dir").count(), 3);
}

#[test]
fn concurrent_number_allocation_never_duplicates() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("w.db");
    Storage::open(&path)
        .expect("create")
        .sign_in_for_test("测试");
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let path = path.clone();
            std::thread::spawn(move || {
                let mut s = Storage::open(&path).expect("opens");
                s.sign_in_for_test("测试");
                (0..25)
                    .map(|_| {
                        s.allocate_number("徐环问", 2026, "问责", None)
                            .expect("allocates")
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let mut all: Vec<String> = handles
        .into_iter()
        .flat_map(|h| h.join().expect("thread"))
        .collect();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), 100);
    for n in 1..=100 {
        assert!(all.contains(&format!("徐环问〔2026〕{n}号")), "missing {n}");
    }
}

#[test]
fn chinese_search_finds_surnames_phrases_and_numbers() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut s = open(&dir);
    s.set_setting("office_code", "徐环问").expect("code");
    let wang = person(&mut s, "王建国", "执法大队");
    let li = person(&mut s, "李玥", "审批科");
    let (c1, _) = new_case(&mut s, wang, "对群众信访投诉超时未处理", "2025-03-02");
    let (c2, _) = new_case(&mut s, li, "违反法定程序实施行政审批", "2026-04-02");
    let rid = respondent_id(&dir.path().join("w.db"), c2);
    let (_, doc_no) = decide(&mut s, c2, rid, "2026-05-06", &["通报批评"]);
    let none = SearchFilters::default();
    let ids = |v: Vec<wenze::domain::CaseListItem>| v.into_iter().map(|c| c.id).collect::<Vec<_>>();
    assert_eq!(ids(s.search("王", &none, 10).expect("search")), vec![c1]);
    assert_eq!(ids(s.search("李玥", &none, 10).expect("search")), vec![c2]);
    assert_eq!(ids(s.search("超时", &none, 10).expect("search")), vec![c1]);
    assert_eq!(
        ids(s.search("法定程序", &none, 10).expect("search")),
        vec![c2]
    );
    assert_eq!(ids(s.search(&doc_no, &none, 10).expect("search")), vec![c2]);
    assert_eq!(
        ids(s.search("审批科", &none, 10).expect("search")),
        vec![c2]
    );
    // Phrases must be contiguous: 审批 and 程序 both occur in c2, but not as 审批程序.
    assert!(s.search("审批程序", &none, 10).expect("search").is_empty());
    let filters = SearchFilters {
        year: Some(2025),
        ..Default::default()
    };
    assert!(s.search("审批", &filters, 10).expect("search").is_empty());
    let filters = SearchFilters {
        stage: Some(wenze::domain::procedure::Stage::Decided),
        ..Default::default()
    };
    assert_eq!(
        ids(s.search("投诉", &filters, 10).expect("search")),
        Vec::<CaseId>::new()
    );
    assert!(s.search("   ", &none, 10).expect("search").is_empty());
    assert!(s.search("\"*)", &none, 10).expect("search").is_empty());
}

/// The case ids a search lists.
fn hit_ids(s: &Storage, q: &str) -> Vec<CaseId> {
    let mut ids: Vec<CaseId> = s
        .search(q, &SearchFilters::default(), 50)
        .expect("search")
        .into_iter()
        .map(|c| c.id)
        .collect();
    ids.sort_unstable();
    ids
}

/// Queries where a CJK run meets a word (案号, 文号, 2026年度): what each
/// must find, on a register whose index was written by this build.
fn check_run_and_word_queries(s: &Storage, c1: CaseId, c2: CaseId, c1_no: &str, c2_doc: &str) {
    // The whole 案号 / 文号, and their tails: only that case.
    assert_eq!(hit_ids(s, c1_no), vec![c1], "{c1_no}");
    assert_eq!(hit_ids(s, c2_doc), vec![c2], "{c2_doc}");
    // Words are whole tokens: …〔2026〕1号 is c1's 案号 and c2's 文号.
    assert_eq!(hit_ids(s, "〔2026〕1号"), vec![c1, c2]);
    assert_eq!(hit_ids(s, "〔2026〕2号"), vec![c2]);
    // A trailing character after a word still finds the run it begins
    // (2026年 in 2026年度), and the run it is alone in.
    assert_eq!(hit_ids(s, "2026年"), vec![c1, c2]);
    assert_eq!(hit_ids(s, "2026年度"), vec![c1]);
    assert_eq!(hit_ids(s, "2026年第"), vec![c2]);
    assert_eq!(hit_ids(s, "2026年度考核"), vec![c1]);
    // A run after a word must begin there: 年度 is in c1, but after 2026 only
    // as 2026年度, and 度考 is not the start of a run.
    assert!(hit_ids(s, "2026度考").is_empty());
    assert!(hit_ids(s, "2026年考").is_empty());
    // A leading character before a word must end its run there.
    assert_eq!(hit_ids(s, "案〔2026〕1号"), vec![c1]);
    assert_eq!(hit_ids(s, "问〔2026〕1号"), vec![c2]);
    assert!(hit_ids(s, "环〔2026〕1号").is_empty());
    // Inside runs, single characters and phrases, as before.
    assert_eq!(hit_ids(s, "度考核材"), vec![c1]);
    assert_eq!(hit_ids(s, "度"), vec![c1, c2]);
    assert_eq!(hit_ids(s, "考"), vec![c1]);
    assert_eq!(hit_ids(s, "第"), vec![c2]);
    assert_eq!(hit_ids(s, "号"), vec![c1, c2]);
    assert_eq!(hit_ids(s, "。考"), vec![c1]);
    // Words are whole tokens: 026 is not 2026.
    assert!(hit_ids(s, "026年").is_empty());
}

#[test]
fn case_numbers_and_runs_after_words_are_exact_phrases_that_find_the_same_cases() {
    // A 案号 query ends in a run of one character after a word (…1号). Its
    // phrase must end with the exact token 号 — a run's first character is
    // indexed alone — not the prefix 号*, which FTS5 answers by merging the
    // postings of every token starting with 号 (every 案号 ends in 号: p95
    // 60 ms on 1,000,000 cases, docs/benchmarks.md).
    for q in [
        "环问案〔2021〕40145号",
        "〔2026〕1号",
        "2026年",
        "问〔2026〕1号",
        "处。",
    ] {
        let fts = wenze::storage::search::fts_query(q).expect("query");
        assert!(!fts.contains('*'), "{q}: {fts}");
    }
    // A single character open at both ends stays a prefix (处 finds 处理).
    for q in ["处", "。处"] {
        assert_eq!(
            wenze::storage::search::fts_query(q).as_deref(),
            Some("\"处\" *")
        );
    }
    let dir = tempfile::tempdir().expect("tmp");
    let mut s = open(&dir);
    s.set_setting("office_code", "徐环问").expect("code");
    let wang = person(&mut s, "王建国", "执法大队");
    let li = person(&mut s, "李玥", "审批科");
    let (c1, c1_no) = new_case(&mut s, wang, "2026年度考核材料弄虚作假", "2026-03-02");
    let (c2, _) = new_case(&mut s, li, "2026年第三季度核查", "2026-04-02");
    let rid = respondent_id(&dir.path().join("w.db"), c2);
    let (_, c2_doc) = decide(&mut s, c2, rid, "2026-05-06", &["通报批评"]);
    assert!(c1_no.ends_with("〔2026〕1号"), "{c1_no}");
    check_run_and_word_queries(&s, c1, c2, &c1_no, &c2_doc);
}

/// The search tokens of `text` as every Wenze from issue 15 (migration 6)
/// to migration 13 wrote them: a CJK run's bigrams and its last character
/// alone; other words whole, lower-cased.
fn grams_before_migration_14(out: &mut String, text: &str) {
    let cjk = |c: char| matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F);
    let (mut run, mut word) = (Vec::<char>::new(), String::new());
    let flush = |run: &mut Vec<char>, word: &mut String, out: &mut String| {
        for w in run.windows(2) {
            out.extend([w[0], w[1], ' ']);
        }
        if let Some(l) = run.last() {
            out.extend([*l, ' ']);
        }
        run.clear();
        if !word.is_empty() {
            out.push_str(&word.to_lowercase());
            out.push(' ');
            word.clear();
        }
    };
    for c in text.chars() {
        if cjk(c) {
            if !word.is_empty() {
                flush(&mut run, &mut word, out);
            }
            run.push(c);
        } else if c.is_alphanumeric() {
            if !run.is_empty() {
                flush(&mut run, &mut word, out);
            }
            word.push(c);
        } else {
            flush(&mut run, &mut word, out);
        }
    }
    flush(&mut run, &mut word, out);
}

#[test]
fn a_register_indexed_at_migration_13_is_reindexed_and_finds_the_same_cases() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    let mut s = open(&dir);
    s.set_setting("office_code", "徐环问").expect("code");
    let wang = person(&mut s, "王建国", "执法大队");
    let li = person(&mut s, "李玥", "审批科");
    let (c1, c1_no) = new_case(&mut s, wang, "2026年度考核材料弄虚作假", "2026-03-02");
    let (c2, _) = new_case(&mut s, li, "2026年第三季度核查", "2026-04-02");
    let rid = respondent_id(&db, c2);
    let (_, c2_doc) = decide(&mut s, c2, rid, "2026-05-06", &["通报批评"]);
    drop(s);
    // Make it the register a Wenze at migration 13 left: that schema (the
    // same tables; migration 14 only asks for a rebuild) and that index.
    {
        let conn = rusqlite::Connection::open(&db).expect("raw");
        conn.execute_batch("INSERT INTO case_search (case_search) VALUES ('delete-all')")
            .expect("clear");
        let mut texts: Vec<(CaseId, String)> = Vec::new();
        for id in [c1, c2] {
            let mut g = String::new();
            let (no, summary): (String, String) = conn
                .query_row(
                    "SELECT case_no, summary FROM cases WHERE id = ?1",
                    [id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .expect("case");
            grams_before_migration_14(&mut g, &no);
            grams_before_migration_14(&mut g, &summary);
            let (name, unit): (String, String) = conn
                .query_row(
                    "SELECT p.name, r.unit_at_time FROM respondents r JOIN persons p ON p.id = r.person_id WHERE r.case_id = ?1",
                    [id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .expect("respondent");
            for c in name.chars() {
                g.extend([c, ' ']);
            }
            grams_before_migration_14(&mut g, &name);
            grams_before_migration_14(&mut g, &unit);
            let mut facts = conn
                .prepare("SELECT text FROM facts WHERE case_id = ?1 UNION ALL SELECT doc_no FROM decisions WHERE case_id = ?1")
                .expect("facts");
            for t in facts
                .query_map([id], |r| r.get::<_, String>(0))
                .expect("facts")
            {
                grams_before_migration_14(&mut g, &t.expect("text"));
            }
            texts.push((id, g));
        }
        for (id, g) in &texts {
            conn.execute(
                "INSERT INTO case_search (rowid, grams) VALUES (?1, ?2)",
                rusqlite::params![wenze::storage::search::search_rowid(*id), g],
            )
            .expect("old index row");
        }
        // Back to what migration 13 left: migration 15's, 17's, 18's, 20's, 25's,
        // 21's and 22's columns and tables removed too (15 rebuilds remedies
        // from the old columns; 16 runs again safely).
        conn.execute_batch(
            "DROP TRIGGER precedent_keys_decision; DROP TRIGGER precedent_keys_selection;
             DROP TABLE precedent_keys; DROP INDEX remedies_decision; DROP INDEX cases_stage_order;
             ALTER TABLE decisions DROP COLUMN precedent_reason;
             DROP TRIGGER documents_ofd_pair;
             ALTER TABLE documents DROP COLUMN ofd; ALTER TABLE documents DROP COLUMN ofd_sha256;
             ALTER TABLE respondents DROP COLUMN supervising_leader;
             ALTER TABLE respondents DROP COLUMN tolerance_reason;
             ALTER TABLE respondents DROP COLUMN co_actors;
             DROP TRIGGER remedies_answer_once; DROP INDEX remedies_revoked;
             ALTER TABLE remedies DROP COLUMN respondent_id; ALTER TABLE remedies DROP COLUMN body;
             ALTER TABLE remedies DROP COLUMN decided_on; ALTER TABLE remedies DROP COLUMN reason;
             ALTER TABLE remedies DROP COLUMN answer_doc_no;
             ALTER TABLE respondents DROP COLUMN findings;
             PRAGMA user_version = 13",
        )
        .expect("version");
        // On that index this build's query for 2026年度 finds nothing (the
        // lone 年 where the run begins is missing): the rebuild is needed.
        let fts = wenze::storage::search::fts_query("2026年度").expect("query");
        let n: i64 = conn
            .query_row(
                "SELECT count(*) FROM case_search WHERE case_search MATCH ?1",
                [&fts],
                |r| r.get(0),
            )
            .expect("match");
        assert_eq!(n, 0);
    }
    let s = Storage::open(&db).expect("migrates");
    assert_eq!(
        s.schema_version().expect("version"),
        wenze::storage::SCHEMA_VERSION
    );
    check_run_and_word_queries(&s, c1, c2, &c1_no, &c2_doc);
    assert_eq!(hit_ids(&s, "王建国"), vec![c1]);
    assert_eq!(hit_ids(&s, "李"), vec![c2]);
    assert_eq!(hit_ids(&s, "审批科"), vec![c2]);
    drop(s);
    let conn = rusqlite::Connection::open(&db).expect("raw");
    let (flag, audited): (i64, String) = conn
        .query_row(
            "SELECT (SELECT count(*) FROM settings WHERE key = 'search_reindex'),
                    (SELECT after FROM audit_log WHERE action = '重建检索索引' ORDER BY id DESC LIMIT 1)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("audit");
    assert_eq!(flag, 0, "the rebuild clears its flag");
    assert_eq!(audited, "2 件案件（词首单字）");
}

#[test]
fn reporter_identity_is_masked_and_every_read_is_audited() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut s = open(&dir);
    let pid = person(&mut s, "周明", "信访办公室");
    let (case_id, _) = new_case(&mut s, pid, "泄露投诉举报人身份", "2026-06-01");
    assert_eq!(
        s.reporter_masked(case_id).expect("masked").as_deref(),
        Some("郑**")
    );
    let err = s
        .reporter(case_id, wenze::domain::auth::UserRole::Clerk)
        .expect_err("clerk may not read");
    assert!(err.to_string().contains("无权查阅"));
    let r = s
        .reporter(case_id, wenze::domain::auth::UserRole::Reviewer)
        .expect("approver reads")
        .expect("present");
    assert_eq!(r.name, "郑秋菊");
    let conn = rusqlite::Connection::open(dir.path().join("w.db")).expect("raw");
    let reads: i64 = conn
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action LIKE '%查阅举报人信息'",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(reads, 2);
    let leaked: i64 = conn
        .query_row(
            "SELECT count(*) FROM audit_log WHERE after LIKE '%郑秋菊%' OR before LIKE '%郑秋菊%'",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(leaked, 0, "the reporter's name never enters the audit log");
}

#[test]
fn history_for_the_rules_engine() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut s = open(&dir);
    let pid = person(&mut s, "孙立军", "执法大队");
    let other = person(&mut s, "何芳", "执法大队");
    let (c1, _) = new_case(&mut s, pid, "第一次", "2026-01-05");
    let (c2, _) = new_case(&mut s, other, "另一人", "2026-02-05");
    decide(
        &mut s,
        c1,
        respondent_id(&dir.path().join("w.db"), c1),
        "2026-02-01",
        &["通报批评"],
    );
    decide(
        &mut s,
        c2,
        respondent_id(&dir.path().join("w.db"), c2),
        "2026-03-01",
        &["停职检查"],
    );
    let h = s.person_history(&[pid]).expect("history");
    assert_eq!(h.len(), 1);
    assert_eq!(h[0].decided_on, d("2026-02-01"));
    assert_eq!(h[0].methods, vec!["通报批评".to_owned()]);
    let u = s.unit_history("执法大队", 2026).expect("unit");
    assert_eq!(u.len(), 2);
    assert!(s.unit_history("执法大队", 2025).expect("unit").is_empty());
}

#[test]
fn drafts_survive_reopening() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut s = open(&dir);
    s.save_draft("new-1", None, 2, "{\"summary\":\"草稿内容\"}")
        .expect("save");
    s.save_draft("new-1", None, 3, "{\"summary\":\"草稿内容（改）\"}")
        .expect("save");
    drop(s);
    let s = Storage::open(&dir.path().join("w.db")).expect("opens");
    assert_eq!(
        s.load_draft("new-1").expect("load"),
        Some((3, "{\"summary\":\"草稿内容（改）\"}".to_owned()))
    );
}

#[test]
fn demo_register_is_deterministic_and_searchable() {
    let dir = tempfile::tempdir().expect("tmp");
    let a = dir.path().join("a.db");
    let b = dir.path().join("b.db");
    for p in [&a, &b] {
        let mut s = Storage::open(p).expect("opens");
        wenze::storage::demo::generate(&mut s, 600, 7).expect("demo");
    }
    let sa = Storage::open(&a).expect("a");
    let sb = Storage::open(&b).expect("b");
    assert_eq!(sa.case_count().expect("count"), 600);
    assert_eq!(
        sa.list_page(50, 0).expect("a"),
        sb.list_page(50, 0).expect("b")
    );
    let page = sa.list_page(50, 100).expect("page");
    assert_eq!(page.len(), 50);
    assert!(
        page.iter()
            .all(|c| !c.respondents.is_empty() && !c.unit.is_empty())
    );
    assert!(
        !sa.search("王", &SearchFilters::default(), 20)
            .expect("search")
            .is_empty()
    );
    assert!(sa.audit_verify().expect("verify").ok);
    let conn = rusqlite::Connection::open(&a).expect("raw");
    for kind in ["问责", "不予问责", "容错免责"] {
        let n: i64 = conn
            .query_row(
                "SELECT count(*) FROM decisions WHERE kind = ?1",
                [kind],
                |r| r.get(0),
            )
            .expect("n");
        assert!(n > 0, "no {kind} decisions in the demo");
    }
    // Remedies as each regulation gives them: 000 复查 and 004 申诉, each
    // answered 维持 and 撤销; 维持 never supersedes the original.
    for (kind, outcome) in [
        ("复查", "维持"),
        ("复查", "撤销"),
        ("申诉", "维持"),
        ("申诉", "撤销"),
    ] {
        let n: i64 = conn
            .query_row(
                "SELECT count(*) FROM remedies m JOIN cases c ON c.id = m.case_id
                  WHERE m.kind = ?1 AND m.outcome = ?2
                    AND c.regulation_id = CASE ?1 WHEN '复查' THEN '000' ELSE '004' END",
                [kind, outcome],
                |r| r.get(0),
            )
            .expect("n");
        assert!(n > 0, "no {kind} answered {outcome} in the demo");
    }
    let superseded_by_uphold: i64 = conn
        .query_row(
            "SELECT count(*) FROM remedies m JOIN decisions d ON d.supersedes = m.decision_id
              WHERE m.outcome = '维持'",
            [],
            |r| r.get(0),
        )
        .expect("n");
    assert_eq!(superseded_by_uphold, 0);
    let stages: i64 = conn
        .query_row("SELECT count(DISTINCT stage) FROM cases", [], |r| r.get(0))
        .expect("n");
    assert!(stages >= 4);
    let regs: i64 = conn
        .query_row("SELECT count(DISTINCT regulation_id) FROM cases", [], |r| {
            r.get(0)
        })
        .expect("n");
    assert_eq!(regs, 4);
    let overlay: i64 = conn
        .query_row(
            "SELECT count(*) FROM cases WHERE tolerance_overlay = 1",
            [],
            |r| r.get(0),
        )
        .expect("n");
    assert!(overlay > 0, "001 容错纠错 overlay cases");
}

#[test]
fn check_id_validates_gb11643() {
    let run = |n: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_wenze"))
            .args(["check-id", n])
            .output()
            .expect("runs")
    };
    // 11010519491231002X is the standard's own example.
    let ok = run("11010519491231002X");
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stdout)
    );
    assert!(String::from_utf8_lossy(&ok.stdout).contains("北京市"));
    let bad = run("110105194912310021");
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stdout).contains("校验位"));
    let bad_date = run("110105194902300021");
    assert!(String::from_utf8_lossy(&bad_date.stdout).contains("不是真实日期"));
    let bad_area = run("990105194912310021");
    assert!(String::from_utf8_lossy(&bad_area.stdout).contains("地区代码"));
}

#[test]
fn a_second_process_holding_the_file_makes_a_write_wait_then_report_clearly() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("w.db");
    let mut s = Storage::open(&path).expect("opens");
    s.set_busy_timeout(std::time::Duration::from_millis(300))
        .expect("timeout");
    let other = rusqlite::Connection::open(&path).expect("raw");
    other
        .execute_batch("BEGIN IMMEDIATE; INSERT INTO settings VALUES ('lock', 'x');")
        .expect("lock");
    let started = std::time::Instant::now();
    let err = s.set_setting("office_code", "徐环问").expect_err("busy");
    assert!(
        started.elapsed() >= std::time::Duration::from_millis(250),
        "it waited"
    );
    assert!(matches!(err, StorageError::Busy), "{err:?}");
    assert!(err.to_string().contains("正被其他程序占用"));
    other.execute_batch("COMMIT;").expect("release");
    s.set_setting("office_code", "徐环问")
        .expect("then it works");
    assert!(s.audit_verify().expect("verify").ok);
}

#[cfg(unix)]
#[test]
fn a_new_register_is_readable_by_its_owner_only() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("w.db");
    drop(Storage::open(&path).expect("opens"));
    let mode = std::fs::metadata(&path).expect("meta").permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "{mode:o}");
}

#[test]
fn the_first_administrator_is_created_only_on_a_register_without_users() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut s = Storage::open(&dir.path().join("w.db")).expect("opens");
    let h = wenze::domain::auth::Credentials::new("wenze2026").expect("hash");
    s.add_first_admin("admin", "管理员甲", &h).expect("first");
    // A second "first administrator" (a start that could not read the users)
    // is refused inside the creating transaction.
    let err = s
        .add_first_admin("other", "管理员乙", &h)
        .expect_err("a register with users");
    assert!(err.to_string().contains("已有用户"), "{err}");
    assert_eq!(s.user_count().expect("count"), 1);
}
