//! The case wizard driven through the real UI (egui_kittest): a full case
//! for every seed regulation from intake to issued decision, going back and
//! forth, validation messages, IME input, and resuming after a crash.

use crate::common::TestSignIn;
use crate::kit::{fill, harness, signed_in};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use wenze::app::{Route, WenzeApp};

/// The single- or multi-line text field labelled `label`.
pub(crate) fn input<'a>(
    h: &'a Harness<'static, WenzeApp>,
    label: &'a str,
) -> egui_kittest::Node<'a> {
    h.query_by_role_and_label(Role::TextInput, label)
        .or_else(|| h.query_by_role_and_label(Role::MultilineTextInput, label))
        .unwrap_or_else(|| panic!("no text field labelled {label}"))
}

pub(crate) fn type_into(h: &mut Harness<'static, WenzeApp>, label: &str, text: &str) {
    input(h, label).focus();
    h.run();
    input(h, label).type_text(text);
    h.run();
}

pub(crate) fn click(h: &mut Harness<'static, WenzeApp>, label: &str) {
    h.get_by_label(label).click();
    h.run();
}

pub(crate) fn choose(h: &mut Harness<'static, WenzeApp>, combo: &str, option: &str) {
    h.get_by_role_and_label(Role::ComboBox, combo).click();
    h.run();
    let opts = h.get_all_by_label_contains(option).collect::<Vec<_>>();
    opts.last().expect("option shown").click();
    h.run();
}

/// Choose the first recommended (★) method: the ★ methods are alternatives.
pub(crate) fn pick_recommended(h: &mut Harness<'static, WenzeApp>) {
    h.query_all(
        egui_kittest::kittest::by()
            .role(Role::CheckBox)
            .label_contains("★ "),
    )
    .next()
    .expect("a recommended method")
    .click();
    h.run();
}

/// 审批签发, then 确认签发 in the confirmation.
pub(crate) fn approve_and_confirm(h: &mut Harness<'static, WenzeApp>) {
    click(h, "审批签发");
    assert!(
        h.state().wizard().is_some_and(|w| w.confirm_issue),
        "{:?}",
        h.state().wizard().map(|w| (&w.message, &w.errors))
    );
    click(h, "确认签发");
}

pub(crate) fn form(h: &Harness<'static, WenzeApp>) -> wenze::app::wizard::WizardForm {
    h.state().wizard().expect("wizard open").form.clone()
}

/// The wizard's step, counted from 0.
pub(crate) fn step(h: &Harness<'static, WenzeApp>) -> usize {
    form(h).step.index()
}

/// Intake with a new person, up to the factors step.
pub(crate) fn intake_and_facts(
    h: &mut Harness<'static, WenzeApp>,
    regulation_option: &str,
    name: &str,
) {
    intake_and_facts_with_id(h, regulation_option, name, "11010519491231002X");
}

/// Intake with a new person with this ID number, up to the factors step.
pub(crate) fn intake_and_facts_with_id(
    h: &mut Harness<'static, WenzeApp>,
    regulation_option: &str,
    name: &str,
    id_number: &str,
) {
    click(h, "新建案件");
    assert_eq!(h.state().route(), Route::NewCase);
    choose(h, "适用规定", regulation_option);
    click(h, "新增人员（登记簿中尚无此人）");
    type_into(h, "姓名", name);
    type_into(h, "单位", "执法大队");
    type_into(h, "职务", "执法队员");
    type_into(h, "身份证号码", id_number);
    type_into(h, "线索摘要", "群众反映对信访投诉处理不当");
    click(h, "下一步");
    assert_eq!(
        crate::wizard::step(h),
        1,
        "{:?}",
        h.state().wizard().map(|w| w.errors.clone())
    );
    type_into(
        h,
        "查明的事实",
        "经查，当事人对群众信访投诉未到现场核查即办结。",
    );
    type_into(h, "证据", "信访转办单");
    type_into(h, "陈述申辩内容", "对事实无异议");
    type_into(h, "采纳情况", "对事实无异议，无需采纳的请求");
    click(h, "下一步");
    assert_eq!(
        crate::wizard::step(h),
        2,
        "{:?}",
        h.state().wizard().map(|w| w.errors.clone())
    );
}

/// Decision with the recommended methods, review, approve and issue.
fn decide_and_issue(h: &mut Harness<'static, WenzeApp>) -> String {
    if crate::wizard::step(h) == 2 {
        click(h, "下一步");
    }
    assert_eq!(
        crate::wizard::step(h),
        3,
        "{:?}",
        h.state().wizard().map(|w| w.errors.clone())
    );
    if form(h).cur().outcome == wenze::app::wizard::Outcome::Accountability {
        if form(h).cur().methods.is_empty() {
            pick_recommended(h);
        }
        assert_eq!(form(h).cur().methods.len(), 1);
        if form(h).cur().methods.contains("其他问责方式") {
            // The decision prints the measure in the clerk's words.
            type_into(h, "具体措施", "责令参加执法规范化培训");
        }
    }
    click(h, "下一步");
    assert_eq!(
        crate::wizard::step(h),
        4,
        "{:?}",
        h.state().wizard().map(|w| w.errors.clone())
    );
    click(h, "下一步");
    assert_eq!(crate::wizard::step(h), 5);
    let today = jiff::Zoned::now().date().to_string();
    type_into(h, "送达日期", &today);
    approve_and_confirm(h);
    let w = h.state().wizard().expect("wizard");
    let issued = w
        .issued
        .as_ref()
        .unwrap_or_else(|| panic!("not issued: {} {:?}", w.message, w.errors));
    assert!(issued.docs[0].pdf.starts_with(b"%PDF"));
    issued.docs[0].doc_no.clone()
}

fn full_case(
    regulation_option: &str,
    behaviour: &str,
    extra: impl FnOnce(&mut Harness<'static, WenzeApp>),
) {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    let mut h = signed_in(WenzeApp::open(&db));
    h.run();
    intake_and_facts(&mut h, regulation_option, "孙立军");
    h.get_by_label_contains(behaviour).click();
    h.run();
    extra(&mut h);
    let doc_no = decide_and_issue(&mut h);
    assert!(doc_no.contains("〔") && doc_no.ends_with('号'), "{doc_no}");
    h.get_by_label(&format!("文号：{doc_no}"));
    drop(h);
    // The register now holds the case, its locked decision and the PDF.
    let conn = rusqlite::Connection::open(&db).expect("raw");
    let n: i64 = conn
        .query_row(
            "SELECT count(*) FROM decisions WHERE doc_no = ?1",
            [&doc_no],
            |r| r.get(0),
        )
        .expect("n");
    assert_eq!(n, 1);
    let docs: i64 = conn
        .query_row("SELECT count(*) FROM documents", [], |r| r.get(0))
        .expect("n");
    assert_eq!(docs, 1);
    let stage: String = conn
        .query_row("SELECT stage FROM cases", [], |r| r.get(0))
        .expect("stage");
    assert_eq!(stage, "已送达");
    assert!(
        conn.execute("UPDATE decisions SET methods = '[]'", [])
            .is_err(),
        "decision locked"
    );
    let s = wenze::storage::Storage::open(&db).expect("opens");
    assert!(s.audit_verify().expect("verify").ok);
}

#[test]
fn full_case_000_efficiency() {
    full_case("环保厅行政效能追责制度", "未按时限完成交办事项", |_| {});
}

#[test]
fn full_case_002_jintan() {
    full_case("金坛作风问责办法", "无正当理由未按时办结", |_| {});
}

#[test]
fn full_case_003_changji() {
    full_case("昌吉州环境问题追责办法", "严重失职渎职或处置不当", |_| {});
}

#[test]
fn full_case_004_xushui() {
    full_case("徐水执法过错追究制度", "信访投诉处理不当", |_| {});
}

#[test]
fn full_case_001_tolerance_exemption() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    let mut h = signed_in(WenzeApp::open(&db));
    h.run();
    click(&mut h, "新建案件");
    choose(&mut h, "适用规定", "金坛作风问责办法");
    h.get_by_role_and_label(Role::CheckBox, "容错纠错").click();
    h.run();
    assert!(form(&h).overlay);
    h.get_by_label("上一步"); // present, disabled on the first step
    click(&mut h, "新增人员（登记簿中尚无此人）");
    type_into(&mut h, "姓名", "赵晓燕");
    type_into(&mut h, "单位", "审批科");
    type_into(&mut h, "线索摘要", "容缺受理后许可超期办结");
    click(&mut h, "下一步");
    type_into(
        &mut h,
        "查明的事实",
        "为服务重点项目实行容缺受理，企业逾期补正导致超期。",
    );
    type_into(&mut h, "陈述申辩内容", "系为提高效率");
    // 002 第十五条: whether it is adopted, and why.
    type_into(&mut h, "采纳情况", "经核实属实，予以采纳");
    click(&mut h, "下一步");
    assert_eq!(crate::wizard::step(&h), 2);
    // Under the overlay the clerk can record 001 第十七条 (and 第十三条
    // 履职尽责): ticked, the form holds it; unticked again, it is gone.
    let exclusion = "严重违纪涉嫌违法、应当适用“第四种形态”";
    h.get_by_role_and_label(Role::CheckBox, &format!("第十七条　{exclusion}"))
        .click_accesskit();
    h.run();
    assert_eq!(
        form(&h).respondents[0].findings.tolerance_exclusions,
        vec!["E17-1".to_owned()]
    );
    h.get_by_role_and_label(Role::CheckBox, &format!("第十七条　{exclusion}"))
        .click_accesskit();
    h.run();
    assert!(
        form(&h).respondents[0]
            .findings
            .tolerance_exclusions
            .is_empty()
    );
    assert!(h.query_all_by_label_contains("已履行监督检查职责").count() >= 1);
    // When the conduct happened (the case JSON's conduct_on) is entered here
    // and stored with the respondent.
    type_into(&mut h, "行为发生日期", "2026-07-15");
    h.get_by_label_contains("无正当理由未按时办结").click();
    h.run();
    // Far down the list: clicked through accessibility actions.
    h.get_by_role_and_label(
        Role::CheckBox,
        "第十四条第（四）项　容缺受理审核等服务创新出现失误",
    )
    .click_accesskit();
    h.run();
    for (n, c) in [
        "党章党规、法律法规没有明令禁止",
        "严格执行决策程序并充分评估",
        "未造成重大损失和严重不良影响",
        "积极消除不良影响、挽回损失",
    ]
    .iter()
    .enumerate()
    {
        let label = format!("第十四条第二款第（{}）项　{c}", ["一", "二", "三", "四"][n]);
        h.get_by_role_and_label(Role::CheckBox, &label)
            .click_accesskit();
        h.run();
    }
    let a = wenze::app::session::assessment(h.state())
        .expect("assessment")
        .expect("ok");
    assert_eq!(
        a.respondents[0].direction,
        wenze::rules::engine::Direction::Exempt,
        "{:?}",
        a.respondents[0].tolerance
    );
    click(&mut h, "下一步");
    h.get_by_label("容错免责").click();
    h.run();
    assert_eq!(
        form(&h).cur().outcome,
        wenze::app::wizard::Outcome::Exemption
    );
    // 容错免责 opens its 纠错 (第十八、十九条): refused without the items and
    // the period the office sets (the text names none).
    click(&mut h, "下一步");
    assert_eq!(crate::wizard::step(&h), 3);
    h.get_by_label_contains("请填写纠错事项");
    h.get_by_label_contains("期限须由本单位确定");
    type_into(&mut h, "纠错事项", "限期补齐许可档案并报告整改情况");
    type_into(&mut h, "纠错期限", "2099-06-30");
    let doc_no = decide_and_issue(&mut h);
    let w = h.state().wizard().expect("wizard");
    assert_eq!(
        w.issued.as_ref().map(|i| i.docs[0].title.as_str()),
        Some("容错免责认定书")
    );
    assert!(!doc_no.is_empty());
    // The 纠错 item is a follow-up with that period, its article cited.
    let conn = rusqlite::Connection::open(&db).expect("raw");
    let (label, ends, cite): (String, String, String) = conn
        .query_row(
            "SELECT label, ends_on, cite FROM follow_ups WHERE kind = '纠错'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .expect("a 纠错 follow-up");
    assert_eq!(label, "限期补齐许可档案并报告整改情况");
    assert_eq!(ends, "2099-06-30");
    assert_eq!(cite, "001:19");
    let findings: String = conn
        .query_row("SELECT findings FROM respondents", [], |r| r.get(0))
        .expect("findings");
    assert!(
        findings.contains("\"conduct_on\":\"2026-07-15\""),
        "{findings}"
    );
    // The 纠错通知书 is issued from the case file: its own 文号, the item and
    // the period recorded.
    let case_id = w.issued.as_ref().map(|i| i.case_id).expect("issued");
    h.state_mut().apply(wenze::app::Command::OpenCase(case_id));
    h.run();
    // The respondents' documents (folded once everyone is decided).
    h.get_by_label("各被问责人的文书").click_accesskit();
    h.run();
    h.get_by_label("签发纠错通知书").click_accesskit();
    h.run();
    let m = h.state().case_docs().message.clone();
    assert!(m.contains("已签发纠错通知书"), "{m}");
    let (no, pdf): (String, Vec<u8>) = conn
        .query_row(
            "SELECT doc_no, pdf FROM documents WHERE kind = 'correction'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("纠错通知书 stored");
    assert!(m.contains(&no), "{m}");
    let path = dir.path().join("correction.pdf");
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
    assert!(text.contains("限期补齐许可档案并报告整改情况"), "{text}");
    assert!(text.contains("2099年6月30日"), "{text}");
    // Once issued, not again.
    assert!(h.query_by_label("签发纠错通知书").is_none());
}

#[test]
fn validation_messages_and_going_back_and_forth_lose_nothing() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut h = signed_in(WenzeApp::open(&dir.path().join("w.db")));
    h.run();
    click(&mut h, "新建案件");
    type_into(&mut h, "线索摘要", "反映审批超时");
    click(&mut h, "下一步");
    // Not moved on: the first invalid field is named beside it.
    assert_eq!(crate::wizard::step(&h), 0);
    h.get_by_label_contains("请选择被问责人");
    click(&mut h, "新增人员（登记簿中尚无此人）");
    type_into(&mut h, "姓名", "王建国");
    type_into(&mut h, "单位", "办公室");
    type_into(&mut h, "身份证号码", "110105194912310021");
    click(&mut h, "下一步");
    assert_eq!(crate::wizard::step(&h), 0);
    h.get_by_label_contains("校验位不符");
    assert!(
        h.get_by_role_and_label(Role::TextInput, "身份证号码")
            .is_focused(),
        "focus goes to the first invalid field"
    );
    // Fix the check digit: delete the last character and type X.
    h.key_press(egui::Key::Backspace);
    h.run();
    type_into(&mut h, "身份证号码", "X");
    click(&mut h, "下一步");
    assert_eq!(crate::wizard::step(&h), 1);
    type_into(&mut h, "查明的事实", "超时三天");
    click(&mut h, "上一步");
    assert_eq!(crate::wizard::step(&h), 0);
    assert_eq!(
        input(&h, "线索摘要").value().as_deref(),
        Some("反映审批超时")
    );
    click(&mut h, "下一步");
    assert_eq!(input(&h, "查明的事实").value().as_deref(), Some("超时三天"));
    // An impossible date is refused with a message.
    click(&mut h, "上一步");
    h.get_by_role_and_label(Role::TextInput, "受理日期").focus();
    h.run();
    for _ in 0..10 {
        h.key_press(egui::Key::Backspace);
    }
    h.run();
    type_into(&mut h, "受理日期", "2026-02-30");
    click(&mut h, "下一步");
    h.get_by_label_contains("不是有效日期");
    // Esc never discards.
    h.key_press(egui::Key::Escape);
    h.run();
    assert_eq!(form(&h).cur().np_name, "王建国");
}

#[test]
fn ime_commit_enters_chinese_text() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut h = signed_in(WenzeApp::open(&dir.path().join("w.db")));
    h.run();
    click(&mut h, "新建案件");
    click(&mut h, "新增人员（登记簿中尚无此人）");
    h.get_by_role_and_label(Role::TextInput, "姓名").focus();
    h.run();
    h.event(egui::Event::Ime(egui::ImeEvent::Preedit {
        text: "wang".into(),
        active_range_chars: None,
    }));
    h.run();
    h.event(egui::Event::Ime(egui::ImeEvent::Commit("王𬱖".into())));
    h.run();
    assert_eq!(form(&h).cur().np_name, "王𬱖");
}

#[test]
fn a_crash_loses_nothing_typed_and_the_draft_resumes() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    {
        let mut h = signed_in(WenzeApp::open(&db));
        h.run();
        click(&mut h, "新建案件");
        click(&mut h, "新增人员（登记簿中尚无此人）");
        type_into(&mut h, "姓名", "欧阳娜娜");
        type_into(&mut h, "单位", "信访办公室");
        type_into(&mut h, "线索摘要", "泄露举报人信息");
        click(&mut h, "下一步");
        type_into(&mut h, "查明的事实", "将举报材料转给被举报企业");
        // Typing pauses; the draft is saved.
        h.run_steps(4);
        // The process dies here: no close, no save.
        std::mem::forget(h);
    }
    let mut h = signed_in(WenzeApp::open(&db));
    // The register (with its drafts) arrives from the query thread.
    crate::kit::settle(&mut h);
    let resume = h.get_by_label_contains("继续（第2步");
    resume.click();
    h.run();
    let f = form(&h);
    assert_eq!(f.step.index(), 1);
    assert_eq!(f.cur().np_name, "欧阳娜娜");
    assert_eq!(f.summary, "泄露举报人信息");
    assert_eq!(f.facts, "将举报材料转给被举报企业");
    assert_eq!(
        input(&h, "查明的事实").value().as_deref(),
        Some("将举报材料转给被举报企业")
    );
}

#[test]
fn existing_person_routing_and_edited_paragraphs_reach_the_issued_pdf() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    {
        let mut s = wenze::storage::Storage::open(&db).expect("opens");
        s.sign_in_for_test("测试");
        wenze::storage::demo::generate(&mut s, 200, 5).expect("demo");
        let pid = s
            .add_person(&wenze::domain::NewPerson {
                name: "欧阳建华".into(),
                gender: "男".into(),
                unit: "审批科".into(),
                post: "科长".into(),
                rank: "科级领导干部".into(),
                status: "在职".into(),
                ..Default::default()
            })
            .expect("person");
        assert!(pid.get() > 0);
    }
    let mut h = signed_in(WenzeApp::open(&db));
    h.run();
    click(&mut h, "新建案件");
    choose(&mut h, "适用规定", "金坛作风问责办法");
    type_into(&mut h, "查找人员", "欧阳建");
    h.run();
    h.get_by_label_contains("欧阳建华（审批科").click();
    h.run();
    assert_eq!(form(&h).cur().person_rank, "科级领导干部");
    let a = wenze::app::session::assessment(h.state())
        .expect("a")
        .expect("ok");
    assert!(a.respondents[0].routing.is_some(), "{:?}", a.respondents[0]);
    // 金坛办法 第十三、十四条: a section chief is investigated jointly and decided by the standing committee.
    h.get_by_label_contains("区委常委会");
    h.get_by_label_contains("联合实施");
    type_into(&mut h, "线索摘要", "对企业诉求推诿扯皮");
    click(&mut h, "下一步");
    type_into(&mut h, "查明的事实", "企业三次来访均被推诿。");
    type_into(&mut h, "陈述申辩内容", "承认推诿");
    // Refused without its 采纳情况 (002 第十五条), then given.
    click(&mut h, "下一步");
    assert_eq!(crate::wizard::step(&h), 1, "the step waits for 采纳情况");
    h.get_by_label_contains("请填写是否采纳及理由");
    type_into(&mut h, "采纳情况", "本人承认事实，无须采纳的请求");
    click(&mut h, "下一步");
    // Below the fold at 1280×800: clicked through accessibility actions.
    h.get_by_label_contains("推诿扯皮").click_accesskit();
    h.run();
    click(&mut h, "下一步");
    pick_recommended(&mut h);
    click(&mut h, "编辑正文");
    let paras = form(&h).cur().custom_body.clone();
    assert!(paras.len() >= 3, "{paras:?}");
    // The clerk adds a sentence to the last paragraph.
    if let Some(w) = h.state_mut().wizard_mut() {
        let body = &mut w.form.cur_mut().custom_body;
        let last = body.len() - 1;
        body[last].push_str("特此决定。");
    }
    h.run();
    let doc_no = decide_and_issue(&mut h);
    drop(h);
    let conn = rusqlite::Connection::open(&db).expect("raw");
    let pdf: Vec<u8> = conn
        .query_row(
            "SELECT pdf FROM documents WHERE doc_no = ?1",
            [&doc_no],
            |r| r.get(0),
        )
        .expect("stored pdf");
    let path = dir.path().join("issued.pdf");
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
    assert!(text.contains("特此决定。"), "{text}");
    assert!(text.contains("欧阳建华"), "{text}");
    assert!(text.contains("科级领导干部"), "{text}");
}

#[test]
fn a_clerk_cannot_issue_and_the_attempt_is_audited() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    {
        let mut s = wenze::storage::Storage::open(&db).expect("opens");
        let h1 = wenze::domain::auth::Credentials::new("wenze2026").expect("hash");
        s.add_user(
            "admin",
            "管理员甲",
            wenze::domain::auth::UserRole::Admin,
            &h1,
        )
        .expect("admin");
        let h2 = wenze::domain::auth::Credentials::new("clerk2026").expect("hash");
        s.add_user(
            "clerk",
            "录入员乙",
            wenze::domain::auth::UserRole::Clerk,
            &h2,
        )
        .expect("clerk");
    }
    let mut h = harness(WenzeApp::open(&db));
    h.run();
    fill(&mut h, "用户名", "clerk");
    fill(&mut h, "密码", "clerk2026");
    h.get_by_role_and_label(Role::Button, "登录").click();
    h.run();
    assert_eq!(h.state().user().map(|u| u.role.label()), Some("录入员"));
    intake_and_facts(&mut h, "徐水执法过错追究制度", "孙立军");
    h.get_by_label_contains("信访投诉处理不当").click();
    h.run();
    click(&mut h, "下一步");
    pick_recommended(&mut h);
    if form(&h).cur().methods.contains("其他问责方式") {
        type_into(&mut h, "具体措施", "责令参加执法规范化培训");
    }
    click(&mut h, "下一步");
    click(&mut h, "下一步");
    // A clerk is offered 提交审核, not 审批签发 …
    assert!(h.query_by_label("审批签发").is_none());
    h.get_by_label("提交审核");
    // … and the application layer refuses the issue all the same.
    h.state_mut().apply(wenze::app::Command::WizardIssue);
    h.run();
    let w = h.state().wizard().expect("wizard");
    assert!(w.issued.is_none());
    assert!(w.message.contains("无权签发"), "{}", w.message);
    drop(h);
    let conn = rusqlite::Connection::open(&db).expect("raw");
    let decisions: i64 = conn
        .query_row("SELECT count(*) FROM decisions", [], |r| r.get(0))
        .expect("n");
    assert_eq!(decisions, 0);
    let refused: i64 = conn
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action = '拒绝签发' AND after LIKE '%录入员乙%'",
            [],
            |r| r.get(0),
        )
        .expect("n");
    assert_eq!(refused, 1);
    let hashes: Vec<String> = conn
        .prepare("SELECT password_hash FROM users")
        .expect("stmt")
        .query_map([], |r| r.get(0))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("hashes");
    assert!(
        hashes.iter().all(|h| h.starts_with("$argon2id$")),
        "{hashes:?}"
    );
}
