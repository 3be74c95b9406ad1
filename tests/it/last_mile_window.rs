//! Issue 25, "The law's last mile", in the window: what the clerk records
//! and sees (the 分管领导, the reason 容错 stands, the co-actors outside the
//! case; the rule of a period before its date exists; remedy lines that fit).
//! Each test quotes the article; the engine scenarios are in `last_mile.rs`.

use crate::common::TestSignIn;
use crate::common::*;

/// The same through the window: the clerk records 许九's 分管领导 in 调查核实,
/// under the article; the register keeps it (tests/it/records.rs) and the
/// engine reads it from there (`app::case_input`).
#[test]
fn the_wizard_records_the_supervising_leader() {
    use crate::wizard::{click, form, intake_and_facts, step, type_into};
    use egui_kittest::kittest::Queryable;
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    let mut h = crate::kit::signed_in(wenze::app::WenzeApp::open(&db));
    h.run();
    intake_and_facts(&mut h, "环保厅行政效能追责制度", "许九");
    click(&mut h, "上一步");
    assert_eq!(step(&h), 1);
    h.get_by_label_contains("连带责任（第八条第（四）项）");
    type_into(&mut h, "本人的分管领导", "吕副厅长");
    assert_eq!(form(&h).cur().supervising_leader, "吕副厅长");
}

/// 004 第十六条: “对过错责任人作出处理决定后，应在七日内将处理决定书面通知本人。” Before
/// the decision step nothing is decided: the wizard shows the rule, not a
/// date counted from today; the date comes once the decision is taken.
#[test]
fn a_period_from_the_decision_shows_its_rule_until_there_is_one() {
    use egui_kittest::kittest::Queryable;
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    let mut h = crate::kit::signed_in(wenze::app::WenzeApp::open(&db));
    h.run();
    crate::wizard::intake_and_facts(&mut h, "徐水执法过错追究制度", "孙立军");
    h.get_by_label_contains("信访投诉处理不当").click();
    h.run();
    let notify = |h: &egui_kittest::Harness<'static, wenze::app::WenzeApp>| {
        wenze::app::session::assessment(h.state())
            .expect("assessment")
            .expect("ok")
            .deadlines
            .iter()
            .find(|d| d.id == "notify")
            .expect("第十六条")
            .due
    };
    assert_eq!(notify(&h), None);
    h.get_by_label_contains("七日内书面通知本人——自作出决定之日起算");
    crate::wizard::click(&mut h, "下一步");
    assert_eq!(crate::wizard::step(&h), 3);
    assert!(notify(&h).is_some(), "a date once the decision is taken");
}

/// 004 第十六条 “……过错责任人对过错的认定或处理决定不服的，可依据规定向有关部门提出申诉” gives
/// no period; 000 九 “……可在收到处理决定之日起15个工作日内，向厅绩效领导小组申请复查” gives one. No “期限自送达之日起算” where the text gives no period, and no
/// remedy line at all on a 不予问责 (it imposes nothing).
#[test]
fn the_remedy_line_says_a_period_only_where_the_text_gives_one() {
    use egui_kittest::kittest::Queryable;
    use wenze::storage::Storage;
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    let mut s = Storage::open(&db).expect("opens");
    s.sign_in_for_test("测试");
    let (silent, rid, _) = crate::remedies::case_of(&mut s, "004", "2026-03-02", None, "B6-6");
    crate::remedies::decide(&mut s, silent, rid, &["通报批评"], "2026-03-20");
    let (with_period, rid, _) = crate::remedies::case_of(&mut s, "000", "2026-03-02", None, "B3-2");
    crate::remedies::decide(&mut s, with_period, rid, &["批评教育"], "2026-03-20");
    let (not_held, rid, _) = crate::remedies::case_of(&mut s, "000", "2026-03-02", None, "B3-2");
    s.record_decision(&wenze::domain::NewDecision {
        case_id: not_held,
        respondent_id: rid,
        kind: wenze::domain::procedure::DecisionKind::NoAccountability,
        methods: Vec::new(),
        measures: Vec::new(),
        basis: "第六条".into(),
        departure_reason: String::new(),
        precedent_reason: String::new(),
        decided_on: d("2026-03-20"),
        approved_by: "李审核".into(),
        supersedes: None,
    })
    .expect("decision");
    drop(s);

    let mut h = crate::remedies::app_on(&db, "2026-03-21");
    crate::remedies::open(&mut h, silent);
    h.get_by_label_contains("（本规定未规定期限）");
    assert_eq!(h.query_all_by_label_contains("自送达之日起算").count(), 0);

    crate::remedies::open(&mut h, with_period);
    h.get_by_label_contains("尚未送达，送达后计算最后一日");

    crate::remedies::open(&mut h, not_held);
    assert_eq!(h.query_all_by_label_contains("救济").count(), 0);
}

/// The same in the window (001 第四条 “在严守党纪国法、保持清正廉洁的前提下”): 金坛
/// 第八条（一） with every 容错 condition ticked is refused until the clerk
/// writes why 容错 still stands.
#[test]
fn the_wizard_refuses_tolerance_for_prohibited_conduct_until_a_reason() {
    use crate::wizard::{choose, click, type_into};
    use egui::accesskit::Role;
    use egui_kittest::kittest::Queryable;
    use wenze::rules::engine::Direction;
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    let mut h = crate::kit::signed_in(wenze::app::WenzeApp::open(&db));
    h.run();
    click(&mut h, "新建案件");
    choose(&mut h, "适用规定", "金坛作风问责办法");
    h.get_by_role_and_label(Role::CheckBox, "容错纠错").click();
    h.run();
    click(&mut h, "新增人员（登记簿中尚无此人）");
    type_into(&mut h, "姓名", "赵晓燕");
    type_into(&mut h, "单位", "审批科");
    type_into(&mut h, "线索摘要", "审批中为亲属企业提供便利");
    click(&mut h, "下一步");
    type_into(&mut h, "查明的事实", "利用审批职权为亲属企业谋取利益。");
    type_into(&mut h, "陈述申辩内容", "系为推进重点项目");
    // 002 第十五条: whether it is adopted, and why.
    type_into(&mut h, "采纳情况", "所称理由不能成立，不予采纳");
    click(&mut h, "下一步");
    assert_eq!(crate::wizard::step(&h), 2);
    h.get_by_label_contains("利用职权谋取个人小团体利益")
        .click_accesskit();
    h.run();
    let behaviours = crate::wizard::form(&h).cur().behaviours.clone();
    assert!(behaviours.contains("B8-1"), "{behaviours:?}");
    h.get_by_role_and_label(
        Role::CheckBox,
        "第十四条第（三）项　重点工作中敢于决策出现失误",
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
    let direction = |h: &egui_kittest::Harness<'static, wenze::app::WenzeApp>| {
        let a = wenze::app::session::assessment(h.state())
            .expect("assessment")
            .expect("ok");
        let r = &a.respondents[0];
        (
            r.direction,
            r.notes.iter().any(|n| n.text.contains("相矛盾")),
        )
    };
    assert_eq!(direction(&h), (direction(&h).0, true));
    assert_ne!(direction(&h).0, Direction::Exempt);
    type_into(
        &mut h,
        "仍予容错的理由",
        "经集体研究，所涉利益系项目单位依规所得",
    );
    assert_eq!(direction(&h), (Direction::Exempt, true));
}

/// 004 第九条 in the window: a lone respondent's recorded dissent asks for the
/// co-actors; once they are recorded (outside this case) the exception holds.
#[test]
fn the_wizard_asks_for_the_co_actors_of_a_lone_dissent() {
    use crate::wizard::{click, intake_and_facts, step, type_into};
    use egui::accesskit::Role;
    use egui_kittest::kittest::Queryable;
    use wenze::rules::engine::Direction;
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    let mut h = crate::kit::signed_in(wenze::app::WenzeApp::open(&db));
    h.run();
    intake_and_facts(&mut h, "徐水执法过错追究制度", "孙立军");
    h.get_by_label_contains("信访投诉处理不当")
        .click_accesskit();
    h.run();
    click(&mut h, "上一步");
    assert_eq!(step(&h), 1);
    h.get_by_role_and_label(
        Role::CheckBox,
        "集体讨论或共同办理中已表示不同意见，且有记录可以证明",
    )
    .click_accesskit();
    h.run();
    let lone = |h: &egui_kittest::Harness<'static, wenze::app::WenzeApp>| {
        let a = wenze::app::session::assessment(h.state())
            .expect("assessment")
            .expect("ok");
        let r = &a.respondents[0];
        (
            r.direction,
            r.notes
                .iter()
                .any(|n| n.text.contains("须先查明并记录共同行为人")),
        )
    };
    let (direction, asked) = lone(&h);
    assert_ne!(direction, Direction::Exempt);
    assert!(asked);
    type_into(&mut h, "本案以外的共同行为人", "赵某、钱某");
    assert_eq!(lone(&h), (Direction::Exempt, false));
}
