//! The register, case file, person, dashboard, statistics and settings
//! screens, driven headless through the real UI (egui_kittest) over real
//! register files filled by `wenze demo`.

use crate::common::TestSignIn;
use crate::kit::{fill, settle, signed_in};
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;
use wenze::app::{Command, Route, WenzeApp};
use wenze::domain::ids::{CaseId, PersonId};
use wenze::domain::views::SortKey;
use wenze::rules::dashboard::Urgency;
use wenze::storage::Storage;

/// A register with `n` demo cases (deterministic), and the app over it with
/// "today" fixed so deadlines don't depend on the day the tests run.
fn demo(n: usize) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("w.db");
    let mut s = Storage::open(&path).expect("opens");
    wenze::storage::demo::generate(&mut s, n, 7).expect("demo");
    (dir, path)
}

fn app(path: &std::path::Path) -> WenzeApp {
    let mut app = WenzeApp::open(path);
    app.set_today(crate::common::d("2026-11-22"));
    app
}

#[test]
fn a_filter_narrows_the_register_and_a_column_sorts_it() {
    let (_dir, path) = demo(600);
    let mut h = signed_in(app(&path));
    settle(&mut h);
    assert_eq!(h.state().register_total(), 600);

    // 适用规定 → 004.
    let name = {
        let regs = wenze::rules::RegulationSet::bundled();
        let r = regs.get("004").expect("004");
        r.regulation.short_name.clone()
    };
    h.get_by_role_and_label(Role::ComboBox, "适用规定").click();
    h.run();
    // The rows show the same short name as labels: the option is not a label.
    h.query_all_by_label(&name)
        .find(|n| {
            use egui_kittest::kittest::NodeT as _;
            n.accesskit_node().role() != Role::Label
        })
        .expect("option")
        .click();
    settle(&mut h);
    let total = h.state().register_total();
    assert!(total > 0 && total < 600, "{total}");
    let rows = h.state().register_rows();
    assert!(rows.iter().all(|r| r.regulation_id == "004"));
    assert_eq!(
        h.state().register().query.filters.regulation.as_deref(),
        Some("004")
    );

    // Sort by 被问责人 (ascending), then again (descending).
    h.get_by_label("被问责人").click();
    settle(&mut h);
    assert_eq!(h.state().register().query.sort, SortKey::Respondent);
    let names: Vec<String> = h
        .state()
        .register_rows()
        .iter()
        .map(|r| r.respondents.clone())
        .collect();
    // By pinyin of the first respondent's name (issue 17), not by code point.
    let key = |n: &str| {
        wenze::storage::search::pinyin_key(n.split(['、', ',', '，']).next().unwrap_or(n))
    };
    assert!(
        names.windows(2).all(|w| key(&w[0]) <= key(&w[1])),
        "{names:?}"
    );
    assert!(
        h.state()
            .register_rows()
            .iter()
            .all(|r| r.regulation_id == "004")
    );
    h.get_by_label("被问责人 ▲").click();
    settle(&mut h);
    assert!(h.state().register().query.descending);
    let first = &h.state().register_rows()[0].respondents;
    assert!(names.iter().all(|n| key(n) <= key(first)));

    // Clearing the filter brings every case back.
    h.get_by_label("清除筛选").click();
    settle(&mut h);
    assert_eq!(h.state().register_total(), 600);
}

#[test]
fn the_whole_register_scrolls_page_by_page() {
    let (_dir, path) = demo(1000);
    let mut app = app(&path);
    assert!(app.wait_idle(std::time::Duration::from_secs(10)));
    assert_eq!(app.register_total(), 1000);
    assert!(
        app.register().row(999).is_none(),
        "only the first page is loaded"
    );
    app.apply(Command::NeedRows(990, 999));
    assert!(app.wait_idle(std::time::Duration::from_secs(10)));
    let last = app.register().row(999).expect("last row loaded").clone();
    let s = Storage::open(&path).expect("opens");
    let oldest = s.list_page(1, 999).expect("page");
    assert_eq!(last.case_no, oldest[0].case_no);
}

#[test]
fn keyboard_ctrl_f_searches_arrows_select_and_enter_opens_the_case() {
    let (_dir, path) = demo(300);
    let mut h = signed_in(app(&path));
    settle(&mut h);
    let target = h.state().register_rows()[3].clone();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::F);
    h.run();
    h.get_by_role(Role::TextInput).type_text(&target.case_no);
    settle(&mut h);
    assert_eq!(h.state().register_total(), 1);
    h.key_press(egui::Key::ArrowDown);
    h.run();
    assert_eq!(h.state().register().selected, Some(0));
    h.key_press(egui::Key::Enter);
    h.run();
    assert_eq!(h.state().route(), Route::Case(target.id));
    // Ctrl+N starts a new case from the register.
    h.get_by_label("返回台账").click();
    settle(&mut h);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::N);
    h.run();
    assert_eq!(h.state().route(), Route::NewCase);
}

#[test]
fn opening_a_case_shows_its_file_and_its_person_across_units() {
    let (_dir, path) = demo(300);
    let mut h = signed_in(app(&path));
    settle(&mut h);
    let row = h
        .state()
        .register_rows()
        .iter()
        .find(|r| r.decided_on.is_some())
        .expect("a decided case")
        .clone();
    h.get_by_label(&row.case_no).click();
    h.run();
    assert_eq!(h.state().route(), Route::Case(row.id));
    let file = &h.state().case_view().expect("case file").file;
    assert_eq!(file.case_no, row.case_no);
    assert!(!file.decisions.is_empty());
    let person = file.respondents[0].clone();
    h.get_by_label(&format!("案卷　{}", row.case_no));
    h.get_by_label("依规评估");
    h.get_by_label("决定（1）");
    assert!(h.state().case_view().expect("view").assessment.is_ok());

    // The respondent's name opens the person's file with every case.
    h.get_by_label(&person.name).click();
    h.run();
    assert_eq!(h.state().route(), Route::Person(person.person_id));
    let p = h.state().person_view().expect("person");
    assert!(p.cases.iter().any(|c| c.id == row.id));
    h.get_by_label(&format!("人员　{}", person.name));
    h.get_by_label(&format!("全部案件（{}）", p.cases.len()));
}

#[test]
fn a_transferred_person_keeps_the_record_lifelong() {
    let (_dir, path) = demo(600);
    let file = Storage::open(&path)
        .expect("opens")
        .person_file(PersonId::new(1))
        .expect("person 1");
    // Demo person 1 was transferred (调离).
    assert_eq!(file.status, "调离");
    let mut h = signed_in(app(&path));
    h.state_mut().apply(Command::OpenPerson(PersonId::new(1)));
    h.run();
    h.get_by_label("终身问责：调离或退休后，问责记录仍然保留并可查询。");
    assert_eq!(
        h.state().person_view().expect("p").cases.len(),
        file.cases.len()
    );
}

#[test]
fn the_dashboard_lists_an_overdue_deadline_from_demo_data_and_opens_its_case() {
    let (_dir, path) = demo(2000);
    let mut h = signed_in(app(&path));
    h.get_by_label("工作台").click();
    settle(&mut h);
    let d = h.state().dashboard();
    assert!(d.loaded && d.error.is_empty(), "{}", d.error);
    // 004 第十五条: three months from the start of the investigation.
    let overdue = d
        .items
        .iter()
        .find(|i| i.urgency == Urgency::Overdue && i.kind == "办理期限")
        .expect("an overdue investigation in the demo register")
        .clone();
    assert!(overdue.days_left < 0);
    let cite = overdue.citation.clone().expect("cited");
    assert_eq!(cite.regulation, "004");
    assert_eq!(cite.article, "第十五条");
    assert!(!cite.text.is_empty());
    // Show only what is overdue; the first row is on screen.
    h.get_by_label(&format!(
        "已逾期 {}",
        d.items
            .iter()
            .filter(|i| i.urgency == Urgency::Overdue)
            .count()
    ))
    .click();
    h.run();
    let first = h
        .state()
        .dashboard()
        .items
        .iter()
        .find(|i| i.urgency == Urgency::Overdue)
        .expect("overdue")
        .clone();
    // Several overdue items may share a day count; the first must show.
    assert!(
        h.get_all_by_label(&format!("逾期 {} 天", -first.days_left))
            .next()
            .is_some()
    );
    h.get_all_by_label(&first.case_no)
        .next()
        .expect("case link")
        .click();
    h.run();
    assert_eq!(h.state().route(), Route::Case(first.case_id));
}

#[test]
fn statistics_count_the_half_year_and_export_a_gbt9704_report() {
    // 金坛办法 第二十条: 每半年分析一次问责工作情况.
    let (dir, path) = demo(2000);
    let mut h = signed_in(app(&path));
    h.get_by_label("统计分析").click();
    settle(&mut h);
    h.state_mut().apply(Command::StatisticsPeriod(2025, 1));
    settle(&mut h);
    let view = h.state().statistics().view.clone().expect("statistics");
    let st = &view.stats;
    assert_eq!(st.from, "2025-01-01");
    assert_eq!(st.to, "2025-07-01");
    assert!(st.cases_received > 50, "{}", st.cases_received);
    assert_eq!(
        st.by_regulation.iter().map(|(_, n)| n).sum::<i64>(),
        st.cases_received
    );
    assert_eq!(st.by_month.len(), 6);
    h.get_by_label("受理线索");
    assert!(
        h.get_all_by_label(&st.cases_received.to_string())
            .next()
            .is_some()
    );

    let out = dir.path().join("report.pdf");
    h.state_mut().export_statistics_to(out.clone());
    assert!(
        h.state().statistics().message.starts_with("已导出"),
        "{}",
        h.state().statistics().message
    );
    let text = std::process::Command::new("pdftotext")
        .args(["-layout"])
        .arg(&out)
        .arg("-")
        .output()
        .expect("pdftotext");
    // Lines are broken on the grid: compare without the layout's whitespace.
    let text: String = String::from_utf8_lossy(&text.stdout)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    for needle in [
        "2025年上半年问责工作统计分析报告",
        "一、总体情况",
        &format!("共受理问责线索{}件", st.cases_received),
        "（一）按适用规定",
        "三、月度趋势",
        "第二十条关于“每半年分析一次问责工作情况”的规定",
    ] {
        assert!(text.contains(needle), "{needle} not in:\n{text}");
    }
}

#[test]
fn an_issued_document_is_saved_again_byte_identical_from_the_case_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("w.db");
    let (case_id, doc_id, pdf) = {
        let mut s = Storage::open(&path).expect("opens");
        s.sign_in_for_test("测试");
        let pid = s
            .add_person(&wenze::domain::NewPerson {
                name: "王建国".into(),
                unit: "执法支队".into(),
                rank: "科员及一般工作人员".into(),
                status: "在职".into(),
                ..Default::default()
            })
            .expect("person");
        let (case_id, _) = s
            .create_case(&wenze::domain::NewCase {
                case_no: None,
                regulation_id: "004".into(),
                tolerance_overlay: false,
                clue_source: "群众投诉核实".into(),
                received_on: crate::common::d("2026-03-02"),
                summary: "超期未办结投诉".into(),
                respondents: vec![(pid, wenze::domain::RespondentRole::Handler)],
                facts: vec!["经查，超期未办结投诉。".into()],
                reporter: None,
            })
            .expect("case");
        let pdf = wenze::export::render(
            &wenze::export::Document {
                title: "问责决定书".into(),
                body: vec![wenze::export::Block::Para("测试正文。".into())],
                signature: "生态环境局".into(),
                date: "2026年3月20日".into(),
                ..Default::default()
            },
            1_774_000_000,
        )
        .expect("pdf");
        let (doc_id, _) = s
            .store_document(
                case_id,
                None,
                "decision",
                "环问〔2026〕1号",
                "问责决定书",
                &pdf,
            )
            .expect("stored");
        (case_id, doc_id, pdf)
    };
    let mut h = signed_in(app(&path));
    h.state_mut().apply(Command::OpenCase(case_id));
    h.run();
    h.get_by_label("文书（1）");
    h.get_by_label("另存为…");
    h.get_by_label("打开");
    let out = dir.path().join("again.pdf");
    h.state_mut()
        .apply(Command::SaveDocumentTo(doc_id, out.clone()));
    h.run();
    assert_eq!(std::fs::read(&out).expect("saved"), pdf);
    let msg = h.state().case_view().expect("view").message.clone();
    assert!(msg.contains("逐字节一致"), "{msg}");
    // A folder that does not exist: a clear message, nothing lost.
    h.state_mut().apply(Command::SaveDocumentTo(
        doc_id,
        dir.path().join("no/such/folder/x.pdf"),
    ));
    let msg = h.state().case_view().expect("view").message.clone();
    assert!(msg.starts_with("无法保存到"), "{msg}");
}

#[test]
fn settings_are_for_the_administrator_and_a_clerk_is_refused() {
    let (_dir, path) = demo(50);
    let mut h = signed_in(app(&path));
    h.get_by_label("设置").click();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "机关名称").focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_role_and_label(Role::TextInput, "机关名称")
        .type_text("徐水区生态环境分局");
    h.run();
    h.get_by_label("保存设置").click();
    h.run();
    assert_eq!(h.state().settings_state().message, "设置已保存");
    {
        let s = Storage::open(&path).expect("opens");
        assert_eq!(
            s.setting("office_name").expect("setting").as_deref(),
            Some("徐水区生态环境分局")
        );
    }
    // The administrator adds a clerk.
    for (label, text) in [
        ("新用户名", "clerk"),
        ("新用户姓名", "录入员乙"),
        ("新用户密码", "clerk2026x"),
    ] {
        let role = if label.contains("密码") {
            Role::PasswordInput
        } else {
            Role::TextInput
        };
        h.get_by_role_and_label(role, label).focus();
        h.run();
        h.get_by_role_and_label(role, label).type_text(text);
        h.run();
    }
    // Below the fold: press it the way a screen reader would.
    h.get_by_role_and_label(Role::Button, "新增用户")
        .click_accesskit();
    h.run();
    assert!(
        h.state()
            .settings_state()
            .message
            .contains("已新增用户 clerk"),
        "{}",
        h.state().settings_state().message
    );

    // The clerk becomes 审核人 and back; the last administrator keeps the role.
    let users = h.state().settings_state().users.clone();
    let clerk = users.iter().find(|u| u.1 == "clerk").expect("clerk").0;
    let admin = users.iter().find(|u| u.1 == "admin").expect("admin").0;
    h.state_mut()
        .apply(Command::SetUserRole(clerk, "审核人".into()));
    assert!(
        h.state()
            .settings_state()
            .users
            .iter()
            .any(|u| u.0 == clerk && u.3 == "审核人")
    );
    h.state_mut()
        .apply(Command::SetUserRole(clerk, "录入员".into()));
    h.state_mut()
        .apply(Command::SetUserRole(admin, "录入员".into()));
    assert_eq!(
        h.state().settings_state().message,
        "不能取消最后一个管理员的管理员角色"
    );
    h.run();

    // The clerk signs in: settings are read-only, and a change is refused and audited.
    let mut h = crate::kit::harness(app(&path));
    h.run();
    fill(&mut h, "用户名", "clerk");
    fill(&mut h, "密码", "clerk2026x");
    h.get_by_role_and_label(Role::Button, "登录").click();
    h.run();
    assert_eq!(h.state().user().map(|u| u.role.label()), Some("录入员"));
    h.get_by_label("设置").click();
    h.run();
    h.get_by_label("只有管理员可以修改设置");
    h.state_mut().apply(Command::SaveSettings);
    let m = h.state().settings_state().message.clone();
    assert!(
        m.contains("无权") && m.contains("只有管理员可以办理") && m.contains("已记录此次拒绝"),
        "{m}"
    );
    let s = Storage::open(&path).expect("opens");
    assert!(s.audit_verify().expect("verify").ok);
    assert_eq!(
        s.setting("office_name").expect("setting").as_deref(),
        Some("徐水区生态环境分局"),
        "the refused change did not happen"
    );
}

#[test]
fn an_office_regulation_file_is_validated_imported_and_kept() {
    let (dir, path) = demo(20);
    let source = wenze::rules::BUNDLED[0]
        .1
        .replacen("id = \"000\"", "id = \"900\"", 1)
        .replacen(
            "name = \"自治区环保厅行政效能责任追究制度\"",
            "name = \"本局行政效能责任追究细则\"",
            1,
        );
    let good = dir.path().join("900.toml");
    std::fs::write(&good, &source).expect("write");
    let broken = dir.path().join("bad.toml");
    std::fs::write(&broken, source.replacen("[regulation]", "[regulation\n", 1)).expect("write");

    let mut h = signed_in(app(&path));
    h.state_mut().import_regulation(&broken);
    let msg = h.state().settings_state().message.clone();
    assert!(
        msg.starts_with("规定文件有误，未导入") && msg.contains("行"),
        "{msg}"
    );
    h.state_mut().import_regulation(&good);
    let msg = h.state().settings_state().message.clone();
    assert!(msg.contains("已导入《本局行政效能责任追究细则》"), "{msg}");
    drop(h);
    // Reopened: the office's regulation is there, offered for new cases.
    let mut h = signed_in(app(&path));
    h.get_by_label("设置").click();
    h.run();
    h.get_by_label("900《本局行政效能责任追究细则》");
    // Switching a regulation off keeps it for existing cases.
    h.get_by_label("003《自治州环境问题（事件）责任追究办法（试行）》")
        .click();
    h.run();
    let s = Storage::open(&path).expect("opens");
    assert_eq!(
        s.setting("disabled_regulations").expect("s").as_deref(),
        Some("[\"003\"]")
    );
}

#[test]
fn dashboard_rules_pick_what_is_due_and_cite_it() {
    use wenze::domain::views::{FollowUpRow, OpenCase};
    let regs = wenze::rules::RegulationSet::bundled();
    let cal = wenze::rules::Calendar::bundled();
    let today = crate::common::d("2026-05-01");
    let case = |id: i64, decided: Option<&str>, delivered: Option<&str>| OpenCase {
        id: CaseId::new(id),
        case_no: format!("案{id}"),
        respondent: "王建国".into(),
        regulation_id: "004".into(),
        tolerance_overlay: false,
        stage: wenze::domain::procedure::Stage::Investigation,
        received_on: Some(crate::common::d("2026-01-02")),
        investigation_started_on: Some(crate::common::d("2026-01-05")),
        investigation_extended: false,
        decided_on: decided.map(crate::common::d),
        delivered_on: delivered.map(crate::common::d),
        outcome: if decided.is_some() {
            "问责".into()
        } else {
            String::new()
        },
    };
    let ban = |id: i64, ends: &str| FollowUpRow {
        id,
        case_id: CaseId::new(id),
        case_no: format!("案{id}"),
        person: "李娜".into(),
        kind: wenze::domain::procedure::FollowUpKind::Ban,
        label: "六个月内不得提拔或者重用".into(),
        starts_on: Some(crate::common::d("2025-11-10")),
        ends_on: Some(crate::common::d(ends)),
        status: "进行中".into(),
        cite: "002:19:2".into(),
    };
    let items = wenze::rules::dashboard::due_items(
        &[
            case(1, None, None),                             // undecided past 3 months
            case(2, Some("2026-04-20"), None),               // notice not delivered
            case(3, Some("2026-04-20"), Some("2026-04-22")), // delivered: window open
        ],
        &[ban(4, "2026-05-10"), ban(5, "2026-03-01")],
        &regs,
        &cal,
        today,
    );
    let of = |id: i64| items.iter().filter(move |i| i.case_id == CaseId::new(id));
    let handle = of(1).next().expect("case 1");
    assert_eq!(handle.urgency, Urgency::Overdue);
    assert_eq!(handle.kind, "办理期限");
    assert!(handle.due < today);
    let notice = of(2).find(|i| i.kind == "书面告知").expect("notice");
    assert_eq!(notice.urgency, Urgency::Overdue);
    assert_eq!(
        notice.citation.as_ref().map(|c| c.article.as_str()),
        Some("第十六条")
    );
    assert!(
        of(3).all(|i| i.kind != "书面告知"),
        "delivered: no notice reminder"
    );
    let b = of(4).next().expect("ban ending soon");
    assert_eq!(b.urgency, Urgency::DueSoon);
    assert_eq!(b.days_left, 9);
    assert!(
        b.citation.as_ref().is_some_and(|c| c.text.contains("提拔")),
        "{:?}",
        b.citation
    );
    assert_eq!(of(5).count(), 0, "a ban that has ended is not a task");
}

#[test]
fn sorting_scrolls_the_register_to_the_top() {
    let (_dir, path) = demo(600);
    let mut h = signed_in(app(&path));
    settle(&mut h);
    // Move the selection far down: the table scrolls with it.
    for _ in 0..80 {
        h.key_press(egui::Key::ArrowDown);
        h.step();
    }
    settle(&mut h);
    let first = h.state().register().row(0).map(|r| r.case_no.clone());
    let first = first.expect("row 0");
    assert!(h.query_by_label(&first).is_none(), "still at the top");
    h.get_by_label("被问责人").click();
    settle(&mut h);
    let first = h
        .state()
        .register()
        .row(0)
        .map(|r| r.case_no.clone())
        .expect("row 0");
    assert!(
        h.query_by_label(&first).is_some(),
        "the first row of the new order is shown"
    );
}

/// A status message belongs to the page and the user that caused it (issue
/// 23): it is gone on another page and after signing out.
#[test]
fn a_status_message_stays_with_its_page_and_its_user() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    let mut h = crate::kit::signed_in(wenze::app::WenzeApp::open(&db));
    h.run();
    h.state_mut()
        .apply(wenze::app::Command::Navigate(wenze::app::Route::Case(
            CaseId::new(424242),
        )));
    h.run();
    let said = h.state().status().to_owned();
    assert!(
        !said.is_empty(),
        "opening a case that does not exist says so"
    );
    h.state_mut()
        .apply(wenze::app::Command::Navigate(wenze::app::Route::Register));
    h.run();
    assert_eq!(h.state().status(), "", "{said} followed to another page");
    h.state_mut()
        .apply(wenze::app::Command::Navigate(wenze::app::Route::Case(
            CaseId::new(424242),
        )));
    h.run();
    assert!(!h.state().status().is_empty());
    h.state_mut().apply(wenze::app::Command::SignOut);
    h.run();
    assert_eq!(h.state().status(), "", "a message left for the next user");
}

/// Every text on screen is Chinese: no internal codes ("mitigate",
/// "B6-6"), no English words, no JSON. Shown: the register, twenty decided
/// case files with every section open and their assessments, their
/// persons, the 工作台, 统计分析 and 设置. Allowed: the format names and keys
/// a clerk reads as such (PDF, OFD, ZIP, Ctrl), 文号 and file paths.
#[test]
fn no_screen_shows_english_or_internal_codes() {
    let (dir, path) = demo(300);
    // And the 004 walk's case (a 从轻 adopted, a recorded dissent, an
    // exemption under 第九条), registered and issued through `wenze case`.
    crate::walks::office(&path);
    let form = crate::walks::write_json(dir.path(), "case.json", &crate::walks::walk_004_form());
    let out = crate::walks::ok(
        &path,
        "zhao",
        &["case", "register", "--file", form.to_str().expect("utf-8")],
    );
    let key = crate::walks::draft_key(&out);
    crate::walks::ok(&path, "zhao", &["case", "submit", &key]);
    let walk = crate::walks::case_id_in(&crate::walks::ok(&path, "li", &["case", "issue", &key]));
    let mut h = signed_in(app(&path));
    settle(&mut h);
    // Names read as such: formats, keys, the standard and its font names
    // (仿宋_GB2312), Windows, sizes (KB). "Resize panel": egui's own screen-reader name of a panel's drag
    // handle, never drawn.
    let allowed = [
        "PDF",
        "OFD",
        "ZIP",
        "Ctrl",
        "GB/T",
        "GB2312",
        "SHA-256",
        "Windows",
        "KB",
        "MB",
        "Resize panel",
    ];
    // File paths (the register, the backup folder) are names, not words.
    let strip_paths = |t: &str| -> String {
        let mut out = String::new();
        let mut in_path = false;
        for c in t.chars() {
            if c == '/' {
                in_path = true;
            } else if in_path && (c.is_whitespace() || !c.is_ascii()) {
                in_path = false;
            }
            if !in_path {
                out.push(c);
            }
        }
        out
    };
    let mut seen = 0;
    let mut check = |h: &mut egui_kittest::Harness<'static, WenzeApp>, place: &str| {
        for node in h.query_all(egui_kittest::kittest::by().predicate(|_| true)) {
            let n = egui_kittest::kittest::NodeT::accesskit_node(&node);
            for text in [n.label(), n.value()].into_iter().flatten() {
                seen += 1;
                // User names are what the administrator typed.
                let mut t = strip_paths(&text);
                for user in [crate::common::ADMIN.0, "zhao", "li"] {
                    t = t.replace(user, "");
                }
                for a in allowed {
                    t = t.replace(a, "");
                }
                // A SHA-256 digest (64 hex digits) is a number.
                let t = without_digests(&t);
                // A masked 身份证号 may end in its check letter X.
                let t = if t
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == '*' || c == 'X')
                {
                    String::new()
                } else {
                    t
                };
                assert!(
                    !t.chars().any(|c| c.is_ascii_alphabetic()),
                    "{place}: “{text}”"
                );
            }
        }
    };
    check(&mut h, "案件台账");
    let mut decided: Vec<(CaseId, String)> = vec![(CaseId::new(walk), "004 的案件".to_owned())];
    decided.extend(
        h.state()
            .register_rows()
            .iter()
            .filter(|r| r.decided_on.is_some() && r.id != CaseId::new(walk))
            .take(20)
            .map(|r| (r.id, r.case_no.clone())),
    );
    assert!(decided.len() >= 10, "{}", decided.len());
    for (id, no) in &decided {
        h.state_mut().apply(Command::OpenCase(*id));
        h.run();
        // Open the sections closed by default (their content is drawn only
        // when open); egui keeps them open for the following cases.
        if id == &decided[0].0 {
            for title in [
                "证据（",
                "陈述申辩（",
                "情节认定（",
                "各被问责人的文书",
                "审计记录",
            ] {
                if h.query_all_by_label_contains(title).next().is_some() {
                    h.get_by_label_contains(title).click_accesskit();
                    h.run();
                }
            }
        }
        check(&mut h, no);
        let person = h.state().case_view().expect("case").file.respondents[0].person_id;
        h.state_mut().apply(Command::OpenPerson(person));
        h.run();
        check(&mut h, &format!("{no} 的人员"));
    }
    for route in [Route::Dashboard, Route::Statistics, Route::Settings] {
        h.state_mut().apply(Command::Navigate(route));
        settle(&mut h);
        check(&mut h, &format!("{route:?}"));
    }
    assert!(seen > 1000, "only {seen} texts looked at");
}

/// `text` without its SHA-256 digests (runs of exactly 64 hex digits).
fn without_digests(text: &str) -> String {
    let mut out = String::new();
    let mut run = String::new();
    for c in text.chars().chain(std::iter::once('\u{0}')) {
        if c.is_ascii_hexdigit() {
            run.push(c);
            continue;
        }
        if run.len() != 64 {
            out.push_str(&run);
        }
        run.clear();
        if c != '\u{0}' {
            out.push(c);
        }
    }
    out
}

/// The register sorted by 阶段 goes in procedure order (线索登记 before 已决定
/// before 复查中 …), page after page, as search hits are sorted: one order in
/// SQL and in the program.
#[test]
fn the_register_sorts_by_stage_in_procedure_order() {
    let (_dir, path) = demo(400);
    let s = Storage::open(&path).expect("opens");
    let q = wenze::domain::views::RegisterQuery {
        sort: SortKey::Stage,
        ..wenze::domain::views::RegisterQuery::newest()
    };
    let q = wenze::domain::views::RegisterQuery {
        descending: false,
        ..q
    };
    let mut rows = Vec::new();
    let mut after = None;
    loop {
        let page = s.register_page_after(&q, after.as_ref(), 37).expect("page");
        if page.is_empty() {
            break;
        }
        rows.extend(page);
        let keys = s.register_page_keys(&q, rows.len()).expect("keys");
        after = keys.into_iter().next();
    }
    assert_eq!(
        rows.len(),
        s.register_count(&q.filters).expect("count") as usize
    );
    let stages: Vec<_> = rows.iter().map(|r| r.stage).collect();
    assert!(stages.windows(2).all(|w| w[0] <= w[1]), "{stages:?}");
    let distinct: std::collections::BTreeSet<_> = stages.iter().collect();
    assert!(distinct.len() >= 3, "{distinct:?}");
    // The program's own sort of the same rows agrees.
    let mut sorted = rows.clone();
    q.sort_rows(&mut sorted);
    assert_eq!(
        sorted.iter().map(|r| r.id).collect::<Vec<_>>(),
        rows.iter().map(|r| r.id).collect::<Vec<_>>()
    );
}
