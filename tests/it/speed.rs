//! Issue 17, the lighter and faster part: keyset paging gives exactly the
//! rows the OFFSET walk gives, names sort by pinyin, and the full integrity
//! check (no longer run at open) reaches the clerk in Chinese when it fails.

use crate::common::TestSignIn;
use std::path::Path;
use std::time::Duration;

use egui_kittest::kittest::Queryable;
use wenze::app::WenzeApp;
use wenze::app::worker::{Job, PAGE_ROWS, Reply, Worker};
use wenze::domain::views::{RegisterQuery, SortKey};
use wenze::domain::{NewCase, NewPerson, SearchFilters};
use wenze::rules::{Calendar, RegulationSet};
use wenze::storage::Storage;

use crate::common::d;

fn demo(db: &Path, cases: usize) {
    let st = std::process::Command::new(env!("CARGO_BIN_EXE_wenze"))
        .args(["demo", "--cases", &cases.to_string(), "--db"])
        .arg(db)
        .output()
        .expect("demo");
    assert!(
        st.status.success(),
        "{}",
        String::from_utf8_lossy(&st.stderr)
    );
}

fn queries(s: &Storage) -> Vec<RegisterQuery> {
    let mut out = Vec::new();
    for sort in SortKey::ALL {
        for descending in [false, true] {
            out.push(RegisterQuery {
                sort,
                descending,
                ..Default::default()
            });
        }
    }
    // And under a filter, which the seek must respect too.
    out.push(RegisterQuery {
        sort: SortKey::Decided,
        descending: true,
        filters: SearchFilters {
            year: s.filter_options().expect("options").years.first().copied(),
            unit: s.filter_options().expect("options").units.first().cloned(),
            ..Default::default()
        },
        ..Default::default()
    });
    out
}

#[test]
fn keyset_pages_are_the_offset_pages_for_every_order() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    demo(&db, 700);
    let s = Storage::open(&db).expect("opens");
    // Small pages so that pages straddle equal sort values and the open
    // cases (no 决定日期) at either end of the 决定日期 order.
    for rows in [37usize, 200] {
        for q in queries(&s) {
            let total = s.register_count(&q.filters).expect("count") as usize;
            let keys = s.register_page_keys(&q, rows).expect("keys");
            assert_eq!(keys.len(), total / rows, "{q:?}");
            let mut seen = 0;
            for page in 0..=keys.len() {
                let after = if page == 0 {
                    None
                } else {
                    Some(&keys[page - 1])
                };
                let by_key = s.register_page_after(&q, after, rows).expect("keyset");
                let by_offset = s.register_page(&q, page * rows, rows).expect("offset");
                let ids =
                    |v: &[wenze::domain::CaseListItem]| v.iter().map(|r| r.id).collect::<Vec<_>>();
                assert_eq!(ids(&by_key), ids(&by_offset), "{q:?} page {page} of {rows}");
                seen += by_key.len();
            }
            assert_eq!(seen, total, "{q:?}");
        }
    }
}

#[test]
fn jumping_to_the_last_page_on_the_query_thread_returns_the_last_rows() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    demo(&db, 1_000);
    let s = Storage::open(&db).expect("opens");
    let w = Worker::start(&db, RegulationSet::bundled(), Calendar::bundled()).expect("worker");
    let q = RegisterQuery {
        sort: SortKey::Respondent,
        descending: true,
        ..Default::default()
    };
    let last = (1_000 - 1) / PAGE_ROWS;
    // Straight to the last page: nothing was read before it.
    assert!(w.send(Job::RegisterPage {
        generation: 1,
        query: q.clone(),
        page: last,
    }));
    let rows = loop {
        match w.recv_timeout(Duration::from_secs(60)).expect("reply") {
            Reply::RegisterPage { page, rows, .. } if page == last => break rows.expect("rows"),
            _ => continue,
        }
    };
    let reference = s
        .register_page(&q, last * PAGE_ROWS, PAGE_ROWS)
        .expect("offset");
    assert_eq!(rows.len(), 1_000 - last * PAGE_ROWS);
    assert_eq!(
        rows.iter().map(|r| r.id).collect::<Vec<_>>(),
        reference.iter().map(|r| r.id).collect::<Vec<_>>()
    );
}

#[test]
fn names_sort_by_pinyin_with_surname_readings() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    let mut s = Storage::open(&db).expect("opens");
    s.sign_in_for_test("测试");
    // Deliberately not in pinyin order, nor in code-point order.
    let names = [
        "张伟",
        "曾国强",
        "王芳",
        "单立新",
        "欧阳娜",
        "李娜",
        "安然",
        "李明",
        "黎明",
    ];
    for (i, name) in names.iter().enumerate() {
        let pid = s
            .add_person(&NewPerson {
                name: (*name).into(),
                gender: "男".into(),
                unit: "执法大队".into(),
                post: "科员".into(),
                rank: "科员及一般工作人员".into(),
                status: "在职".into(),
                ..Default::default()
            })
            .expect("person");
        s.create_case(&NewCase {
            case_no: None,
            regulation_id: "004".into(),
            tolerance_overlay: false,
            clue_source: "群众投诉核实".into(),
            received_on: d(&format!("2026-03-{:02}", i + 1)),
            summary: "未按时办结投诉".into(),
            respondents: vec![(pid, wenze::domain::RespondentRole::Handler)],
            facts: vec!["经查属实".into()],
            reporter: None,
        })
        .expect("case");
    }
    let q = RegisterQuery {
        sort: SortKey::Respondent,
        ..Default::default()
    };
    let order: Vec<String> = s
        .register_page_after(&q, None, 50)
        .expect("page")
        .into_iter()
        .map(|r| r.respondents)
        .collect();
    // an1 < li2(黎) < li3 ming2 < li3 na4 < ou1 < shan4(单, the surname)
    // < wang2 < zeng1(曾, the surname) < zhang1
    assert_eq!(
        order,
        [
            "安然",
            "黎明",
            "李明",
            "李娜",
            "欧阳娜",
            "单立新",
            "王芳",
            "曾国强",
            "张伟"
        ],
    );
    // Search hits sorted by 被问责人 follow the same pinyin order.
    let mut hits = s
        .search("未按时办结", &wenze::domain::SearchFilters::default(), 50)
        .expect("search");
    assert_eq!(hits.len(), names.len());
    q.sort_rows(&mut hits);
    let searched: Vec<String> = hits.into_iter().map(|r| r.respondents).collect();
    assert_eq!(searched, order);
    assert!(wenze::storage::search::pinyin_key("王建国").starts_with("wang2 jian4 guo2"));
    // A register written before the pinyin keys existed gets them at the
    // next sign-in.
    drop(s);
    let conn = rusqlite::Connection::open(&db).expect("raw");
    conn.execute("UPDATE cases SET sort_pinyin = ''", [])
        .expect("clear");
    drop(conn);
    let mut s = Storage::open(&db).expect("reopens");
    s.sign_in_for_test("测试");
    let again: Vec<String> = s
        .register_page_after(&q, None, 50)
        .expect("page")
        .into_iter()
        .map(|r| r.respondents)
        .collect();
    assert_eq!(again, order);
}

#[test]
fn a_damaged_page_found_by_the_background_check_is_shown_in_chinese() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    demo(&db, 400);
    // Damage leaf pages of tables that opening never reads (facts and
    // evidence filled while the demo cases were written, neither a root nor
    // a first leaf; found with SQLite's dbstat, not guessed from offsets
    // that move whenever the demo writes another table): opening's cheap
    // checks pass, the full check does not.
    let leaves: Vec<usize> = {
        let conn = rusqlite::Connection::open(&db).expect("raw");
        let mut stmt = conn
            .prepare(
                "SELECT pageno FROM dbstat WHERE name IN ('facts', 'evidence') AND pagetype = 'leaf'
                  ORDER BY pageno",
            )
            .expect("dbstat");
        stmt.query_map([], |r| r.get::<_, i64>(0))
            .expect("pages")
            .map(|p| usize::try_from(p.expect("page")).expect("page number"))
            .collect()
    };
    assert!(leaves.len() > 6, "demo register too small: {leaves:?}");
    let mut bytes = std::fs::read(&db).expect("read");
    let page = 4096;
    let mid = leaves.len() / 2;
    // dbstat numbers pages from 1.
    for p in [
        leaves[mid] - 1,
        leaves[mid + 1] - 1,
        leaves[leaves.len() - 2] - 1,
    ] {
        for b in bytes[p * page..(p + 1) * page].iter_mut() {
            *b = 0x5A;
        }
    }
    std::fs::write(&db, &bytes).expect("write");

    let s = Storage::open(&db).expect("cheap checks at open pass");
    let full = s.quick_check().expect_err("the full check fails");
    assert!(
        full.to_string().contains("损坏") || full.to_string().contains("数据库"),
        "{full}"
    );
    // A backup refuses to copy the damaged register over good backups.
    let e = s
        .backup_to(&dir.path().join("b.db"))
        .expect_err("backup refused");
    assert!(!dir.path().join("b.db").exists(), "{e}");
    drop(s);

    let app = WenzeApp::open(&db);
    let mut h = crate::kit::harness(app);
    let mut shown = false;
    for _ in 0..600 {
        h.step();
        if h.query_by_label_contains("数据库完整性检查发现问题")
            .is_some()
        {
            shown = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        shown,
        "the failed background check never reached the window"
    );
    assert!(
        h.query_by_label_contains("联系管理员用最近的备份恢复")
            .is_some()
    );
}
