//! The procedure around a decision, through the real UI (egui_kittest) over
//! real register files: a clerk submits, a reviewer returns then approves
//! (with confirmation); the recommended methods are alternatives; delivery
//! recorded from the case file shows the remedy deadline and closes the
//! dashboard reminder; a 复查 that 变更 the decision supersedes it; a
//! follow-up marked done leaves the dashboard.

use crate::common::TestSignIn;
use crate::kit::{fill, harness, settle, signed_in};
use crate::wizard::{
    approve_and_confirm, click, form, input, intake_and_facts, intake_and_facts_with_id,
    pick_recommended, type_into,
};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable};
use wenze::app::case_input::CaseExports;
use wenze::app::{Command, Route, WenzeApp};
use wenze::domain::ids::CaseId;

fn users(db: &std::path::Path) {
    users_of(db);
    // The office's name and 文号代字, as the first start asks for them.
    let mut s = wenze::storage::Storage::open(db).expect("opens");
    s.set_setting("office_name", "生态环境局").expect("setting");
    s.set_setting("office_code", "环问").expect("setting");
}

/// The three users only (an office that has not set its name).
fn users_of(db: &std::path::Path) {
    let mut s = wenze::storage::Storage::open(db).expect("opens");
    for (u, n, r, p) in [
        ("admin", "管理员甲", "管理员", "wenze2026"),
        ("clerk", "录入员乙", "录入员", "clerk2026"),
        ("li", "李审核", "审核人", "review2026"),
    ] {
        let h = wenze::domain::auth::Credentials::new(p).expect("hash");
        let r = wenze::domain::auth::UserRole::from_label(r).expect("role");
        s.add_user(u, n, r, &h).expect("user");
    }
}

fn log_in(h: &mut Harness<'static, WenzeApp>, user: &str, password: &str) {
    fill(h, "用户名", user);
    fill(h, "密码", password);
    h.get_by_role_and_label(Role::Button, "登录").click();
    settle(h);
    assert_eq!(
        h.state().user().map(|u| u.username.as_str()),
        Some(user),
        "{:?}",
        h.state().user()
    );
}

/// A screen from the top bar (the first node so labelled).
fn nav(h: &mut Harness<'static, WenzeApp>, label: &str) {
    h.query_all_by_label(label).next().expect("top bar").click();
    h.step();
}

/// Press a button that may be scrolled out of view (the accesskit action).
fn press(h: &mut Harness<'static, WenzeApp>, label: &str) {
    h.get_by_label(label).click_accesskit();
    h.run();
}

fn sign_out(h: &mut Harness<'static, WenzeApp>) {
    click(h, "退出登录");
    assert!(h.state().is_locked());
    assert!(h.state().wizard().is_none());
}

/// A 004 case up to the last step, one ★ method chosen.
fn case_to_last_step(h: &mut Harness<'static, WenzeApp>, name: &str) {
    case_of(h, "徐水执法过错追究制度", "信访投诉处理不当", name);
}

fn case_of(h: &mut Harness<'static, WenzeApp>, reg: &str, behaviour: &str, name: &str) {
    // Two people, two ID numbers (both valid GB 11643 check digits).
    let id = if name == "吴芳" {
        "110105199003070017"
    } else {
        "11010519491231002X"
    };
    intake_and_facts_with_id(h, reg, name, id);
    h.get_by_label_contains(behaviour).click();
    h.run();
    click(h, "下一步");
    pick_recommended(h);
    click(h, "下一步");
    click(h, "下一步");
    assert_eq!(
        crate::wizard::step(h),
        5,
        "{:?}",
        h.state().wizard().map(|w| &w.errors)
    );
}

#[test]
fn a_clerk_submits_a_reviewer_returns_then_approves() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    users(&db);
    let mut h = harness(WenzeApp::open(&db));
    h.run();
    h.run();
    // The first field of the sign-in screen has the focus.
    assert!(
        h.get_by_role_and_label(Role::TextInput, "用户名")
            .is_focused()
    );
    log_in(&mut h, "clerk", "clerk2026");
    case_to_last_step(&mut h, "孙立军");
    assert!(h.query_by_label("审批签发").is_none());
    click(&mut h, "提交审核");
    let w = h.state().wizard().expect("wizard");
    assert!(w.message.contains("已提交审核"), "{}", w.message);
    // Under review: no second 提交审核, the form read-only, the case in
    // the clerk's 工作台 (not vanished).
    assert!(
        h.query_all_by_label_contains("正在等待审核人处理，不能重复提交")
            .count()
            >= 1
    );
    h.get_by_label_contains("审核期间不可修改");
    click(&mut h, "2. 调查核实");
    let before = crate::wizard::form(&h);
    crate::wizard::input(&h, "查明的事实").focus();
    h.run();
    crate::wizard::input(&h, "查明的事实").type_text("审核期间的改动");
    h.run();
    assert_eq!(crate::wizard::form(&h).respondents, before.respondents);
    assert_eq!(crate::wizard::form(&h).facts, before.facts);
    nav(&mut h, "工作台");
    settle(&mut h);
    h.get_by_label("已提交、待审核 1 件（审核期间不可修改）");
    h.get_by_label_contains("查看：孙立军");
    sign_out(&mut h);

    // A wrong password keeps the focus on the password field.
    fill(&mut h, "用户名", "li");
    fill(&mut h, "密码", "wrong-1234");
    h.get_by_role_and_label(Role::Button, "登录").click();
    h.run();
    h.run();
    assert!(h.state().is_locked());
    assert!(
        h.get_by_role_and_label(Role::PasswordInput, "密码")
            .is_focused()
    );
    h.get_by_role_and_label(Role::PasswordInput, "密码")
        .type_text("review2026");
    h.run();
    h.get_by_role_and_label(Role::Button, "登录").click();
    settle(&mut h);
    assert_eq!(h.state().user().map(|u| u.role.label()), Some("审核人"));

    // The submitted case waits in the reviewer's 工作台.
    nav(&mut h, "工作台");
    settle(&mut h);
    h.get_by_label("待审核 1 件");
    h.get_by_label_contains("审核：孙立军").click();
    h.run();
    assert_eq!(h.state().route(), Route::NewCase);
    assert_eq!(crate::wizard::step(&h), 5);
    h.get_by_label_contains("录入员乙　提交审核");
    type_into(&mut h, "退回意见", "事实部分请补充到场核查时间");
    click(&mut h, "退回修改");
    let w = h.state().wizard().expect("wizard");
    assert!(w.message.contains("已退回"), "{}", w.message);
    sign_out(&mut h);

    // The clerk sees it returned, with the comment, corrects and resubmits.
    log_in(&mut h, "clerk", "clerk2026");
    nav(&mut h, "工作台");
    settle(&mut h);
    h.get_by_label("退回修改 1 件");
    h.get_by_label_contains("事实部分请补充到场核查时间");
    h.get_by_label_contains("修改：孙立军").click();
    h.run();
    click(&mut h, "2. 调查核实");
    type_into(&mut h, "查明的事实", "\n2026年3月2日到场核查。");
    click(&mut h, "6. 审批与送达");
    assert_eq!(crate::wizard::step(&h), 5);
    click(&mut h, "提交审核");
    sign_out(&mut h);

    // The reviewer approves: 审批签发 asks for confirmation first.
    log_in(&mut h, "li", "review2026");
    nav(&mut h, "工作台");
    settle(&mut h);
    h.get_by_label_contains("审核：孙立军").click();
    h.run();
    click(&mut h, "审批签发");
    assert!(h.state().wizard().is_some_and(|w| w.confirm_issue));
    click(&mut h, "取消");
    assert!(
        h.state()
            .wizard()
            .is_some_and(|w| w.issued.is_none() && !w.confirm_issue)
    );
    approve_and_confirm(&mut h);
    let doc_no = h
        .state()
        .wizard()
        .and_then(|w| w.issued.as_ref())
        .map(|i| i.docs[0].doc_no.clone())
        .expect("issued");
    nav(&mut h, "工作台");
    settle(&mut h);
    h.get_by_label("待审核 0 件");
    drop(h);

    let conn = rusqlite::Connection::open(&db).expect("raw");
    let steps: Vec<(String, String, String)> = conn
        .prepare("SELECT action, user_name, comment FROM reviews ORDER BY id")
        .expect("stmt")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("steps");
    let actions: Vec<&str> = steps.iter().map(|s| s.0.as_str()).collect();
    assert_eq!(actions, ["提交审核", "退回", "提交审核", "批准"]);
    assert_eq!(steps[1].1, "李审核");
    assert_eq!(steps[1].2, "事实部分请补充到场核查时间");
    let approved_by: String = conn
        .query_row(
            "SELECT approved_by FROM decisions WHERE doc_no = ?1",
            [&doc_no],
            |r| r.get(0),
        )
        .expect("decision");
    assert_eq!(approved_by, "李审核");
    let audited: i64 = conn
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action = '退回' AND after = '事实部分请补充到场核查时间'",
            [],
            |r| r.get(0),
        )
        .expect("audit");
    assert_eq!(audited, 1);
    let facts: String = conn
        .query_row("SELECT group_concat(text, '|') FROM facts", [], |r| {
            r.get(0)
        })
        .expect("facts");
    assert!(facts.contains("到场核查"), "{facts}");
}

/// An issued document never prints a default office name or 文号代字 (issue
/// 23): until the administrator has set them, 审批签发 is refused with what to
/// do, and nothing is written.
#[test]
fn issuing_without_the_offices_name_is_refused_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    users_of(&db);
    let mut h = harness(WenzeApp::open(&db));
    h.run();
    log_in(&mut h, "li", "review2026");
    case_to_last_step(&mut h, "孙立军");
    approve_and_confirm(&mut h);
    let w = h.state().wizard().expect("wizard");
    assert!(w.issued.is_none());
    assert!(w.message.contains("尚未设置机关名称"), "{}", w.message);
    let conn = rusqlite::Connection::open(&db).expect("raw");
    let (cases, numbers): (i64, i64) = conn
        .query_row(
            "SELECT (SELECT count(*) FROM cases), (SELECT count(*) FROM doc_numbers)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("counts");
    assert_eq!((cases, numbers), (0, 0));
}

#[test]
fn recommended_methods_are_alternatives_and_the_preview_waits_for_a_choice() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    let mut h = signed_in(WenzeApp::open(&db));
    h.run();
    intake_and_facts(&mut h, "徐水执法过错追究制度", "孙立军");
    h.get_by_label_contains("信访投诉处理不当").click();
    h.run();
    // With impact the level recommends several methods.
    click(&mut h, "造成（不良、严重）影响和后果");
    click(&mut h, "下一步");
    assert_eq!(crate::wizard::step(&h), 3);
    let stars = h
        .query_all(
            egui_kittest::kittest::by()
                .role(Role::CheckBox)
                .label_contains("★ "),
        )
        .count();
    assert!(stars >= 2, "{stars} recommended methods");
    // Nothing is ticked, and the document says the method is still open.
    assert!(form(&h).cur().methods.is_empty());
    let a = wenze::app::session::assessment(h.state())
        .expect("a")
        .expect("ok");
    let regs = wenze::rules::RegulationSet::bundled();
    let decided = wenze::app::decision::decided_assessment(&a, form(&h).cur(), regs.get("004"));
    let mut details = wenze::app::decision::doc_details(&form(&h), 0, "某局", "", None);
    details.draft = true;
    details.preview = true;
    let t = wenze::export::documents::templates(wenze::export::documents::TEMPLATES)
        .expect("templates");
    let doc = wenze::export::documents::build(
        wenze::export::documents::DocKind::Decision,
        &details,
        &decided,
        "",
        &regs,
        &wenze::rules::Calendar::bundled(),
        &t,
    )
    .expect("doc");
    let body = wenze::app::decision::body_texts(&doc).join("\n");
    assert!(body.contains("（待定）"), "{body}");
    for m in &a.respondents[0].recommended_methods {
        assert!(
            !body.contains(&m.id),
            "{} printed before it was chosen",
            m.id
        );
    }

    // One ★ method: no departure reason asked for.
    pick_recommended(&mut h);
    assert_eq!(form(&h).cur().methods.len(), 1);
    assert!(h.query_by_label("不同于推荐的理由").is_none());
    click(&mut h, "下一步");
    assert_eq!(
        crate::wizard::step(&h),
        4,
        "{:?}",
        h.state().wizard().map(|w| &w.errors)
    );
    click(&mut h, "上一步");
    // A method outside the ★ ones needs the reason.
    h.query_all(egui_kittest::kittest::by().role(Role::CheckBox))
        .find(|n| {
            n.accesskit_node()
                .label()
                .is_some_and(|l| l.starts_with("　 ") && l.contains("（"))
        })
        .expect("a method outside the recommendation")
        .click();
    h.run();
    click(&mut h, "下一步");
    assert_eq!(crate::wizard::step(&h), 3);
    assert!(
        h.state()
            .wizard()
            .is_some_and(|w| w.error("departure_reason").is_some())
    );
    let _ = input(&h, "不同于推荐的理由");
}

/// Issue a case without a delivery date; returns the case id.
fn issue_without_delivery(
    h: &mut Harness<'static, WenzeApp>,
    reg: &str,
    behaviour: &str,
    name: &str,
) -> CaseId {
    case_of(h, reg, behaviour, name);
    approve_and_confirm(h);
    let w = h.state().wizard().expect("wizard");
    let issued = w.issued.as_ref().unwrap_or_else(|| panic!("{}", w.message));
    issued.case_id
}

#[test]
fn delivery_shows_the_remedy_deadline_closes_the_notice_and_a_review_supersedes() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    let mut h = signed_in(WenzeApp::open(&db));
    h.run();
    // 徐水 (004) requires a written notice; its remedy (申诉) has no time limit.
    let case_id =
        issue_without_delivery(&mut h, "徐水执法过错追究制度", "信访投诉处理不当", "周明");

    // The dashboard reminds of the written notice (书面告知).
    nav(&mut h, "工作台");
    settle(&mut h);
    let notices = |h: &Harness<'static, WenzeApp>| {
        h.state()
            .dashboard()
            .items
            .iter()
            .filter(|i| i.case_id == case_id && i.kind == "书面告知")
            .count()
    };
    assert_eq!(notices(&h), 1, "{:?}", h.state().dashboard().items);

    h.state_mut().apply(Command::OpenCase(case_id));
    h.run();
    // No period in the text: none is announced, delivered or not (issue 25).
    h.get_by_label_contains("（本规定未规定期限）");
    assert_eq!(h.query_all_by_label_contains("自送达之日起算").count(), 0);
    let today = jiff::Zoned::now().date();
    type_into(&mut h, "受送达人", "周明");
    type_into(&mut h, "送达地点", "本局执法处办公室");
    type_into(&mut h, "送达人", "周文博、吴敏");
    h.get_by_role_and_label(Role::ComboBox, "送达方式")
        .click_accesskit();
    h.run();
    h.get_by_label("邮寄送达").click();
    h.run();
    press(&mut h, "记录送达");
    // Without the receipt nothing is written and the clerk is told.
    assert!(
        h.state()
            .case_view()
            .is_some_and(|v| v.file.deliveries.is_empty())
    );
    let msg = h.state_mut().case_actions_mut().message.clone();
    assert!(msg.contains("请填写送达回证"), "{msg}");
    h.get_by_label_contains("请填写送达回证");
    type_into(&mut h, "送达回证", "EMS 回执 1234，周明签收");
    press(&mut h, "记录送达");
    let v = h.state().case_view().expect("case");
    assert_eq!(v.file.deliveries.len(), 1);
    assert_eq!(v.file.deliveries[0].method, "邮寄送达");
    // The 送达回证 of a delivery recorded in the window may be printed: the
    // register holds the delivered document's 文号 and the day it was made.
    {
        let s = wenze::storage::Storage::open(&db).expect("reader");
        let ex = s.case_export(case_id).expect("export");
        wenze::export::documents::check(wenze::export::documents::DocKind::Receipt, &ex.details)
            .expect("a receipt may be printed after the delivery");
        assert!(ex.details.receipt_made_on.is_some());
    }
    h.get_by_label_contains("（本规定未规定期限）");
    nav(&mut h, "工作台");
    settle(&mut h);
    assert_eq!(notices(&h), 0, "{:?}", h.state().dashboard().items);

    // 000: 复查 within a time limit from the delivery.
    nav(&mut h, "案件台账");
    settle(&mut h);
    let case_id = issue_without_delivery(
        &mut h,
        "环保厅行政效能追责制度",
        "未按时限完成交办事项",
        "吴芳",
    );
    h.state_mut().apply(Command::OpenCase(case_id));
    h.run();
    // The text's period, its last day once delivered.
    h.get_by_label_contains("尚未送达，送达后计算最后一日");
    type_into(&mut h, "受送达人", "吴芳");
    type_into(&mut h, "送达地点", "本局执法处办公室");
    type_into(&mut h, "送达人", "周文博、吴敏");
    type_into(&mut h, "送达回证", "回证第 7 号，本人签收");
    press(&mut h, "记录送达");
    let v = h.state().case_view().expect("case");
    assert_eq!(v.file.deliveries.len(), 1);
    // The remedy deadline is computed from the delivery.
    let last = match &v.assessment {
        Ok(a) => a.remedy.as_ref().and_then(|r| r.last_day),
        Err(e) => panic!("{e}"),
    }
    .expect("remedy last day");
    assert!(last > today);
    h.get_by_label_contains(&format!(
        "最后一日为{}",
        wenze::rules::engine::cn_date(last)
    ));

    // 复查: application, then a 变更 decision superseding the original.
    h.state_mut().apply(Command::OpenCase(case_id));
    h.run();
    type_into(&mut h, "申请理由", "认为问责方式过重");
    press(&mut h, "登记申请");
    let original = {
        let v = h.state().case_view().expect("case");
        assert_eq!(v.file.stage.label(), "复查中");
        v.file.decisions[0].clone()
    };
    h.get_by_role_and_label(Role::ComboBox, "复查结果")
        .scroll_to_me();
    h.run();
    h.get_by_role_and_label(Role::ComboBox, "复查结果").click();
    h.run();
    h.get_by_label("变更").click();
    h.run();
    let new_method = wenze::rules::RegulationSet::bundled()
        .get("000")
        .expect("000")
        .methods
        .iter()
        .map(|m| m.id.get_ref().clone())
        .find(|m| !original.methods.contains(m))
        .expect("another method");
    h.get_by_role_and_label(Role::CheckBox, &new_method)
        .click_accesskit();
    h.run();
    type_into(&mut h, "复查查明", "情节较轻，且已主动整改");
    press(&mut h, "作出复查决定");
    let v = h.state().case_view().expect("case");
    assert!(
        h.state().case_view().is_some() && v.file.decisions.len() == 2,
        "{:?}",
        h.state().case_view().map(|v| &v.file.decisions)
    );
    let review = &v.file.decisions[1];
    assert_eq!(review.kind, wenze::domain::procedure::DecisionKind::Review);
    assert_eq!(review.supersedes, Some(original.id));
    assert_eq!(review.methods, vec![new_method.clone()]);
    assert_eq!(
        v.file.decisions[0], original,
        "the original is never edited"
    );
    assert!(
        h.query_all_by_label_contains(&format!("此后以 {} 为准", review.doc_no))
            .count()
            >= 1
    );
    let review_doc = v
        .file
        .documents
        .iter()
        .find(|d| d.doc_no == review.doc_no)
        .expect("复查决定书 stored");
    assert_eq!(review_doc.title, "复查决定书");
    let doc_id = review_doc.id;
    drop(h);

    let conn = rusqlite::Connection::open(&db).expect("raw");
    let rows: Vec<(String, String)> = conn
        .prepare("SELECT method, receipt FROM deliveries ORDER BY id")
        .expect("stmt")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("deliveries");
    assert_eq!(
        rows,
        [
            ("邮寄送达".to_owned(), "EMS 回执 1234，周明签收".to_owned()),
            ("直接送达".to_owned(), "回证第 7 号，本人签收".to_owned())
        ]
    );
    let pdf: Vec<u8> = conn
        .query_row("SELECT pdf FROM documents WHERE id = ?1", [doc_id], |r| {
            r.get(0)
        })
        .expect("pdf");
    let path = dir.path().join("review.pdf");
    std::fs::write(&path, &pdf).expect("write");
    let out = std::process::Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext");
    let text: String = String::from_utf8_lossy(&out.stdout)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    assert!(text.contains(&original.doc_no), "{text}");
    assert!(text.contains(&new_method), "{text}");
    for (action, n_expected) in [
        ("送达", 2),
        ("申请复查", 1),
        ("复查变更决定", 1),
        ("复查结果", 1),
    ] {
        let n: i64 = conn
            .query_row(
                "SELECT count(*) FROM audit_log WHERE action = ?1",
                [action],
                |r| r.get(0),
            )
            .expect("audit");
        assert_eq!(n, n_expected, "{action}");
    }
    // The original decision row is untouched (the trigger forbids it anyway).
    let edit = conn.execute(
        "UPDATE decisions SET methods = '[]' WHERE id = ?1",
        [original.id],
    );
    assert!(edit.is_err());
}

#[test]
fn a_follow_up_marked_done_leaves_the_dashboard() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    {
        let mut s = wenze::storage::Storage::open(&db).expect("opens");
        wenze::storage::demo::generate(&mut s, 200, 7).expect("demo");
    }
    let mut app = WenzeApp::open(&db);
    app.set_today(crate::common::d("2026-11-22"));
    let mut h = signed_in(app);
    nav(&mut h, "工作台");
    settle(&mut h);
    let follow_up = h
        .state()
        .dashboard()
        .items
        .iter()
        .find(|i| i.kind == "纠错期限" || i.kind == "影响期满")
        .cloned();
    let Some(item) = follow_up else {
        // The dashboard lists follow-ups from the demo register: one must be there.
        panic!(
            "no follow-up on the dashboard: {:?}",
            h.state().dashboard().items
        );
    };
    h.state_mut().apply(Command::OpenCase(item.case_id));
    h.run();
    let before = h
        .state()
        .dashboard()
        .items
        .iter()
        .filter(|i| i.case_id == item.case_id && i.kind == item.kind)
        .count();
    assert!(before >= 1);
    let id = h
        .state()
        .case_view()
        .and_then(|v| {
            v.file
                .follow_ups
                .iter()
                .find(|f| f.label == item.label && f.status == "进行中")
        })
        .map(|f| f.id)
        .expect("the follow-up in the case file");
    // An empty date is refused with a message; nothing changes.
    h.state_mut().case_actions_mut().follow_up_done_on.clear();
    h.state_mut().apply(Command::CompleteFollowUp(id));
    h.run();
    h.get_by_label_contains("请填写办结日期");
    h.state_mut().case_actions_mut().follow_up_done_on = "2026-11-20".into();
    h.state_mut().apply(Command::CompleteFollowUp(id));
    h.run();
    h.get_by_label_contains("已办结（2026-11-20）");
    assert!(
        h.state()
            .case_view()
            .and_then(|v| v.file.follow_ups.iter().find(|f| f.id == id))
            .is_some_and(|f| f.status == "已完成")
    );
    nav(&mut h, "工作台");
    settle(&mut h);
    let after = h
        .state()
        .dashboard()
        .items
        .iter()
        .filter(|i| i.case_id == item.case_id && i.kind == item.kind)
        .count();
    assert_eq!(after, before - 1);
}

/// An administrator resets a user's password and every user changes their
/// own (issue 23): both audited, never with the hash; a wrong current
/// password changes nothing and is recorded.
#[test]
fn an_administrator_resets_a_password_and_a_user_changes_their_own() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    let mut h = signed_in(WenzeApp::open(&db));
    h.run();
    {
        let mut s = wenze::storage::Storage::open(&db).expect("opens");
        s.sign_in_for_test("测试");
        let hash = wenze::domain::auth::Credentials::new("luru2026").expect("hash");
        s.add_user(
            "zhao",
            "赵录入",
            wenze::domain::auth::UserRole::Clerk,
            &hash,
        )
        .expect("clerk");
    }
    nav(&mut h, "设置");
    settle(&mut h);
    h.get_by_role_and_label(Role::ComboBox, "用户")
        .click_accesskit();
    h.run();
    h.get_by_label("zhao（赵录入）").click_accesskit();
    h.run();
    crate::kit::fill(&mut h, "新密码", "xinmima2026");
    h.get_by_role_and_label(Role::Button, "重置密码")
        .click_accesskit();
    h.run();
    let mut s = wenze::storage::Storage::open(&db).expect("reader");
    assert!(s.login("zhao", "xinmima2026").expect("login").is_some());
    assert!(s.login("zhao", "luru2026").expect("login").is_none());
    drop(s);

    // The administrator's own password, from the 工作台.
    nav(&mut h, "工作台");
    settle(&mut h);
    h.get_by_label("修改本人密码").click_accesskit();
    h.run();
    crate::kit::fill(&mut h, "当前密码", "wrong-2026");
    crate::kit::fill(&mut h, "新密码", "wenze2027");
    crate::kit::fill(&mut h, "确认新密码", "wenze2027");
    press(&mut h, "修改密码");
    h.get_by_label_contains("当前密码不正确");
    crate::kit::fill(&mut h, "当前密码", "wenze2026");
    crate::kit::fill(&mut h, "新密码", "wenze2027");
    crate::kit::fill(&mut h, "确认新密码", "wenze2027");
    press(&mut h, "修改密码");
    h.get_by_label_contains("已修改本人密码");
    let mut s = wenze::storage::Storage::open(&db).expect("reader");
    assert!(s.login("admin", "wenze2027").expect("login").is_some());
    let conn = rusqlite::Connection::open(&db).expect("raw");
    for action in ["重置密码", "修改本人密码", "拒绝修改密码"] {
        let n: i64 = conn
            .query_row(
                "SELECT count(*) FROM audit_log WHERE action = ?1",
                [action],
                |r| r.get(0),
            )
            .expect("audit");
        assert_eq!(n, 1, "{action}");
    }
    let leaked: i64 = conn
        .query_row(
            "SELECT count(*) FROM audit_log WHERE after LIKE '%argon2%' OR before LIKE '%argon2%'",
            [],
            |r| r.get(0),
        )
        .expect("audit");
    assert_eq!(leaked, 0, "no hash in the audit text");
    assert!(s.audit_verify().expect("verify").ok);
}
