//! Several respondents in one case, through the real window (egui_kittest),
//! the register and the real binary: a 徐水 (004) case with a 承办人 and a
//! 部门负责人 under 第七至九条 with a recorded dissent, issued as two
//! decisions with their own 文号 and PDFs; a two-respondent draft across a
//! restart; an old single-person draft; a case not closed while one
//! respondent is undecided.

use crate::common::TestSignIn;
use std::path::Path;
use std::process::Command;
use wenze::domain::ids::{CaseId, RespondentId};

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use wenze::app::case_input::CaseExports;
use wenze::app::wizard::{Outcome, WizardStep};
use wenze::app::{Route, WenzeApp};
use wenze::domain::{NewCase, NewDecision, NewPerson, RespondentDetails};

use crate::kit::signed_in;
use crate::wizard::{approve_and_confirm, choose, click, form, type_into};

/// pdftotext of `pdf`, whitespace removed.
fn pdf_text(dir: &Path, name: &str, pdf: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, pdf).expect("write pdf");
    let out = Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// A checkbox by its label, clicked through accessibility (it may be
/// below the fold).
pub(crate) fn tick(h: &mut Harness<'static, WenzeApp>, label: &str) {
    h.get_by_role_and_label(Role::CheckBox, label)
        .click_accesskit();
    h.run();
}

/// The tab (or list entry) of respondent `label` ("1. 孙立军（承办人）").
pub(crate) fn show_respondent(h: &mut Harness<'static, WenzeApp>, label: &str) {
    h.get_by_label_contains(label).click();
    h.run();
}

fn new_person(h: &mut Harness<'static, WenzeApp>, name: &str, post: &str) {
    click(h, "新增人员（登记簿中尚无此人）");
    type_into(h, "姓名", name);
    type_into(h, "单位", "执法大队");
    type_into(h, "职务", post);
}

/// Intake of the two respondents: 孙立军 (承办人) and 周海涛 (部门负责人).
pub(crate) fn intake_two(h: &mut Harness<'static, WenzeApp>) {
    click(h, "新建案件");
    assert_eq!(h.state().route(), Route::NewCase);
    choose(h, "适用规定", "徐水执法过错追究制度");
    new_person(h, "孙立军", "执法队员");
    click(h, "＋ 添加被问责人");
    assert_eq!(form(h).respondents.len(), 2);
    assert_eq!(form(h).current, 1);
    new_person(h, "周海涛", "大队长");
    choose(h, "角色", "部门负责人");
    type_into(h, "线索摘要", "对某企业的行政处罚认定事实不清、证据不足");
    let f = form(h);
    assert_eq!(f.respondents[0].np_name, "孙立军");
    assert_eq!(
        f.respondents[0].role,
        wenze::domain::RespondentRole::Handler
    );
    assert_eq!(f.respondents[1].np_name, "周海涛");
    assert_eq!(
        f.respondents[1].role,
        wenze::domain::RespondentRole::DepartmentHead
    );
}

#[test]
fn two_respondents_004_joint_liability_and_dissent_through_issue() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    let mut h = signed_in(WenzeApp::open(&db));
    h.run();
    intake_two(&mut h);
    click(&mut h, "下一步");
    assert_eq!(form(&h).step, WizardStep::Investigation);

    // Shared facts and evidence; one fact and the dissent are 周海涛's own.
    type_into(
        &mut h,
        "查明的事实",
        "经查，2026年3月对某企业作出的行政处罚认定事实不清、证据不足。",
    );
    type_into(&mut h, "证据", "行政处罚案卷");
    show_respondent(&mut h, "2. 周海涛（部门负责人）");
    type_into(
        &mut h,
        "本人的事实",
        "案件集体讨论时，周海涛提出证据不足、不同意处罚，记录在案。",
    );
    type_into(&mut h, "陈述申辩内容", "讨论时已提出不同意见");
    tick(
        &mut h,
        "集体讨论或共同办理中已表示不同意见，且有记录可以证明",
    );
    show_respondent(&mut h, "1. 孙立军（承办人）");
    type_into(&mut h, "陈述申辩内容", "对事实无异议");
    assert!(form(&h).respondents[1].dissent_recorded);
    assert!(!form(&h).respondents[0].dissent_recorded);
    click(&mut h, "下一步");
    assert_eq!(
        form(&h).step,
        WizardStep::Factors,
        "{:?}",
        h.state().wizard().map(|w| &w.errors)
    );

    // The joint act (第六条第（六）项) for both; 第七条第（四）项 for the 承办人.
    tick(&mut h, "第六条第（六）项　事实不清证据不足的处罚");
    tick(&mut h, "第七条第（四）项　违反法定程序办案致错案");
    show_respondent(&mut h, "2. 周海涛（部门负责人）");
    tick(&mut h, "第六条第（六）项　事实不清证据不足的处罚");

    // 第九条 applies from the window: the dissenting member is exempt, the
    // other is told he answers by his own fault.
    let a = wenze::app::session::assessment(h.state())
        .expect("assessment")
        .expect("ok");
    assert_eq!(a.respondents.len(), 2);
    assert_eq!(
        a.respondents[1].direction,
        wenze::rules::engine::Direction::Exempt,
        "{:?}",
        a.respondents[1].factors
    );
    let dissent = a.respondents[1]
        .factors
        .iter()
        .find(|f| f.id == "joint-dissent")
        .expect("dissent factor");
    assert_eq!(dissent.citation.article, "第九条");
    assert!(dissent.citation.text.contains("已经表示不同意见的成员除外"));
    assert_ne!(
        a.respondents[0].direction,
        wenze::rules::engine::Direction::Exempt
    );
    let by_fault = a.respondents[0]
        .notes
        .iter()
        .find(|n| n.text.contains("依其过错的大小"))
        .expect("by-fault note");
    assert!(
        by_fault
            .text
            .contains("周海涛（部门负责人）能够证明已经表示不同意见"),
        "{}",
        by_fault.text
    );
    assert!(by_fault.citation.text.contains("两人以上的共同行为"));
    assert!(
        !a.respondents[1]
            .notes
            .iter()
            .any(|n| n.text.contains("依其过错的大小")),
        "the dissenting member shares no liability"
    );
    // The assessment panel shows both.
    assert!(
        h.query_all_by_label_contains("已表示不同意见，不承担共同责任")
            .next()
            .is_some()
    );

    click(&mut h, "下一步");
    assert_eq!(
        form(&h).step,
        WizardStep::Decision,
        "{:?}",
        h.state().wizard().map(|w| &w.errors)
    );
    // 周海涛 (shown): 不予问责. 孙立军: 责令作出书面检查 (a ★ alternative).
    h.get_by_role_and_label(Role::RadioButton, "不予问责")
        .click();
    h.run();
    assert_eq!(form(&h).respondents[1].outcome, Outcome::NoAccountability);
    show_respondent(&mut h, "1. 孙立军（承办人）");
    h.query_all(
        egui_kittest::kittest::by()
            .role(Role::CheckBox)
            .label_contains("★ 责令作出书面检查（"),
    )
    .next()
    .expect("a recommended ★ method")
    .click_accesskit();
    h.run();
    assert_eq!(
        form(&h).respondents[0].methods.iter().collect::<Vec<_>>(),
        ["责令作出书面检查"]
    );
    // The preview is this respondent's decision.
    let preview = h
        .state()
        .wizard()
        .and_then(|w| w.preview.as_ref())
        .expect("preview");
    assert_eq!(preview.respondent, 0);
    assert!(
        preview.layout.is_ok(),
        "{:?}",
        preview.layout.as_ref().err()
    );

    click(&mut h, "下一步");
    assert_eq!(
        form(&h).step,
        WizardStep::Review,
        "{:?}",
        h.state().wizard().map(|w| &w.errors)
    );
    h.get_by_label_contains(
        "1. 孙立军（承办人；男，执法大队执法队员，科员及一般工作人员；个人，在职）",
    );
    h.get_by_label_contains("已表示不同意见（有记录）");
    click(&mut h, "下一步");
    assert_eq!(form(&h).step, WizardStep::Issue);
    approve_and_confirm(&mut h);
    let w = h.state().wizard().expect("wizard");
    let issued = w
        .issued
        .clone()
        .unwrap_or_else(|| panic!("not issued: {} {:?}", w.message, w.errors));
    assert_eq!(issued.docs.len(), 2);
    let (sun, zhou) = (&issued.docs[0], &issued.docs[1]);
    assert_ne!(sun.doc_no, zhou.doc_no, "each decision has its own 文号");
    h.get_by_label(&format!("文号：{}", sun.doc_no));
    h.get_by_label(&format!("文号：{}", zhou.doc_no));
    assert_eq!(sun.title, "问责决定书");
    assert_eq!(zhou.title, "不予问责决定书");

    // Each PDF names its own person and its own decided outcome.
    let t1 = pdf_text(dir.path(), "sun.pdf", &sun.pdf);
    assert!(t1.contains("孙立军"), "{t1}");
    assert!(t1.contains("责令作出书面检查"), "{t1}");
    assert!(t1.contains(&sun.doc_no), "{t1}");
    assert!(
        !t1.contains("周海涛提出证据不足"),
        "another's own fact: {t1}"
    );
    let t2 = pdf_text(dir.path(), "zhou.pdf", &zhou.pdf);
    assert!(t2.contains("周海涛"), "{t2}");
    assert!(t2.contains("不予问责"), "{t2}");
    assert!(!t2.contains("责令作出书面检查"), "{t2}");
    assert!(t2.contains("周海涛提出证据不足"), "own fact: {t2}");
    assert!(t2.contains("认定事实不清、证据不足"), "shared fact: {t2}");
    drop(h);

    // The register: one case, two respondents with their roles, the dissent,
    // two locked decisions, the case decided.
    let conn = rusqlite::Connection::open(&db).expect("raw");
    let rows: Vec<(String, String, bool, String, String)> = conn
        .prepare(
            "SELECT p.name, r.role, r.dissent_recorded, d.kind, d.doc_no
               FROM respondents r JOIN persons p ON p.id = r.person_id
               JOIN decisions d ON d.respondent_id = r.id ORDER BY r.id",
        )
        .expect("stmt")
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("rows");
    assert_eq!(
        rows,
        vec![
            (
                "孙立军".to_owned(),
                "承办人".to_owned(),
                false,
                "问责".to_owned(),
                sun.doc_no.clone()
            ),
            (
                "周海涛".to_owned(),
                "部门负责人".to_owned(),
                true,
                "不予问责".to_owned(),
                zhou.doc_no.clone()
            ),
        ]
    );
    let (cases, stage): (i64, String) = conn
        .query_row("SELECT count(*), max(stage) FROM cases", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .expect("case");
    assert_eq!((cases, stage.as_str()), (1, "已决定"));
    let own: String = conn
        .query_row(
            "SELECT p.name FROM facts f JOIN respondents r ON r.id = f.respondent_id
               JOIN persons p ON p.id = r.person_id",
            [],
            |r| r.get(0),
        )
        .expect("own fact");
    assert_eq!(own, "周海涛");
    let s = wenze::storage::Storage::open(&db).expect("opens");
    assert!(s.audit_verify().expect("verify").ok);

    // The register gathers both respondents; each one's documents use
    // their own decision.
    let case_id: CaseId = conn
        .query_row("SELECT id FROM cases", [], |r| r.get(0))
        .expect("id");
    let all = s.case_respondents(case_id).expect("respondents");
    assert_eq!(all.len(), 2);
    let ex = s.case_export_for(case_id, Some(all[1].id)).expect("export");
    assert_eq!(ex.case.respondents.len(), 2);
    assert_eq!(ex.case.respondents[0].name, "周海涛");
    assert!(ex.case.respondents[0].dissent_recorded);
    assert_eq!(ex.details.doc_no, zhou.doc_no);
    assert_eq!(ex.outcome.as_deref(), Some("不予问责"));
    let ex = s.case_export(case_id).expect("export");
    assert_eq!(ex.case.respondents[0].name, "孙立军");
    assert_eq!(ex.details.doc_no, sun.doc_no);
    assert_eq!(ex.details.methods, ["责令作出书面检查"]);
    drop(s);

    // The command line: ambiguous without --respondent (in Chinese, listing
    // both); with it, respondent N's own decision.
    let out = wenze_cli(
        &db,
        &[
            "export",
            "--case",
            &case_id.to_string(),
            "--doc",
            "decision",
            "--out",
            dir.path().join("x.pdf").to_str().expect("utf-8"),
            "--user",
            "admin",
        ],
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--respondent"), "{err}");
    assert!(err.contains("1. 孙立军（承办人，已决定：问责）"), "{err}");
    assert!(
        err.contains("2. 周海涛（部门负责人，已决定：不予问责）"),
        "{err}"
    );
    let pdf = dir.path().join("zhou-cli.pdf");
    let out = wenze_cli(
        &db,
        &[
            "export",
            "--case",
            &case_id.to_string(),
            "--doc",
            "no-accountability",
            "--respondent",
            "周海涛",
            "--out",
            pdf.to_str().expect("utf-8"),
            "--user",
            "admin",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let t = pdf_text(
        dir.path(),
        "zhou-cli-copy.pdf",
        &std::fs::read(&pdf).expect("pdf"),
    );
    assert!(t.contains("周海涛") && t.contains(&zhou.doc_no), "{t}");
    // Printing asks which respondent too, before looking for a printer.
    let out = wenze_cli(
        &db,
        &["print", "--case", &case_id.to_string(), "--doc", "decision"],
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("有 2 位被问责人"), "{err}");
    let out = wenze_cli(
        &db,
        &[
            "print",
            "--case",
            &case_id.to_string(),
            "--doc",
            "decision",
            "--respondent",
            "王五",
        ],
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("没有被问责人“王五”"), "{err}");
}

/// The real binary, with the administrator's password on stdin.
fn wenze_cli(db: &Path, args: &[&str]) -> std::process::Output {
    crate::common::run_with(db, args, "wenze2026\n")
}

#[test]
fn a_two_respondent_draft_survives_a_restart() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    {
        let mut h = signed_in(WenzeApp::open(&db));
        h.run();
        intake_two(&mut h);
        click(&mut h, "下一步");
        type_into(&mut h, "本人的事实", "周海涛签批了处罚决定");
        // Typing pauses; the draft is saved. Then the process dies.
        h.run_steps(4);
        std::mem::forget(h);
    }
    // The register reopened in a new app.
    let mut h = signed_in(WenzeApp::open(&db));
    h.run();
    h.get_by_label_contains("继续（第2步").click();
    h.run();
    let f = form(&h);
    assert_eq!(f.step, WizardStep::Investigation);
    assert_eq!(f.respondents.len(), 2);
    assert_eq!(f.respondents[0].np_name, "孙立军");
    assert_eq!(
        f.respondents[0].role,
        wenze::domain::RespondentRole::Handler
    );
    assert_eq!(f.respondents[1].np_name, "周海涛");
    assert_eq!(
        f.respondents[1].role,
        wenze::domain::RespondentRole::DepartmentHead
    );
    assert_eq!(f.respondents[1].facts, "周海涛签批了处罚决定");
    assert_eq!(f.summary, "对某企业的行政处罚认定事实不清、证据不足");
    // Both are in the window: the tabs, and the shown one's own fact.
    h.get_by_label_contains("1. 孙立军（承办人）");
    h.get_by_label_contains("2. 周海涛（部门负责人）");
    // A respondent can be removed before issue, and that is saved too.
    click(&mut h, "上一步");
    click(&mut h, "移除第1位");
    let f = form(&h);
    assert_eq!(f.respondents.len(), 1);
    assert_eq!(f.respondents[0].np_name, "周海涛");
}

#[test]
fn an_old_single_person_draft_opens_without_loss() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    let old = r#"{"step":2,"clue_source":2,"received_on":"2026-03-02","regulation":"004",
        "overlay":false,"summary":"执法过错","person_query":"","person_id":null,"person_label":"",
        "new_person":true,"np_name":"欧阳娜娜","np_gender":1,"np_unit":"信访办公室","np_post":"科员",
        "np_rank":0,"np_id_number":"","role":1,"facts":"将举报材料转给被举报企业","evidence":"转办单",
        "team":"甲、乙","investigation_started_on":"2026-03-03","extended":false,"extension_reason":"",
        "statement_heard_on":"","statement":"承认","statement_adopted":"","behaviours":["B6-10"],
        "factors":[],"overlay_factors":[],"tolerance_situations":[],"tolerance_conditions":[],
        "severity":"较重","impact":true,"outcome":1,"methods":[],"departure_reason":"",
        "measures":"","decided_on":"2026-03-10","custom_body":["第一段"],"approver":"","delivered_on":""}"#;
    {
        let mut s = wenze::storage::Storage::open(&db).expect("opens");
        s.save_draft("draft-old", None, 2, old).expect("draft");
    }
    let mut h = signed_in(WenzeApp::open(&db));
    h.run();
    h.state_mut()
        .apply(wenze::app::Command::WizardStart(Some("draft-old".into())));
    h.run();
    let f = form(&h);
    assert_eq!(f.step, WizardStep::Factors);
    assert_eq!(f.summary, "执法过错");
    assert_eq!(f.facts, "将举报材料转给被举报企业");
    assert_eq!(f.respondents.len(), 1);
    let r = &f.respondents[0];
    assert!(r.new_person);
    assert_eq!(r.np_name, "欧阳娜娜");
    assert_eq!(r.np_gender, 1);
    assert_eq!(r.role, wenze::domain::RespondentRole::DepartmentHead);
    assert_eq!(r.statement, "承认");
    assert_eq!(r.severity, "较重");
    assert!(r.impact);
    assert!(r.behaviours.contains("B6-10"));
    assert_eq!(r.outcome, Outcome::NoAccountability);
    assert_eq!(r.custom_body, ["第一段"]);
}

#[test]
fn a_case_is_not_closed_while_one_respondent_is_undecided() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    let mut s = wenze::storage::Storage::open(&db).expect("opens");
    s.sign_in_for_test("测试");
    let person = |name: &str| NewPerson {
        name: name.into(),
        gender: "男".into(),
        unit: "执法大队".into(),
        post: "队员".into(),
        rank: "科员及一般工作人员".into(),
        status: "在职".into(),
        ..Default::default()
    };
    let a = s.add_person(&person("孙立军")).expect("a");
    let b = s.add_person(&person("周海涛")).expect("b");
    let received = "2026-03-02".parse().expect("date");
    let (case_id, _, rids) = s
        .create_case_with(
            &NewCase {
                case_no: None,
                regulation_id: "004".into(),
                tolerance_overlay: false,
                clue_source: "其他".into(),
                received_on: received,
                summary: "执法过错".into(),
                respondents: vec![
                    (a, wenze::domain::RespondentRole::Handler),
                    (b, wenze::domain::RespondentRole::DepartmentHead),
                ],
                facts: vec!["共同的事实".into()],
                reporter: None,
            },
            &[
                RespondentDetails::default(),
                RespondentDetails {
                    status: "调离".into(),
                    dissent_recorded: true,
                    ..Default::default()
                },
            ],
        )
        .expect("case");
    assert_eq!(rids.len(), 2);
    let decide = |s: &mut wenze::storage::Storage, rid: RespondentId| {
        s.record_decision(&NewDecision {
            case_id,
            respondent_id: rid,
            kind: wenze::domain::procedure::DecisionKind::Accountability,
            methods: vec!["诫勉谈话".into()],
            measures: vec![],
            basis: "B6-6".into(),
            departure_reason: String::new(),
            precedent_reason: String::new(),
            decided_on: "2026-03-20".parse().expect("date"),
            approved_by: "管理员甲".into(),
            supersedes: None,
        })
        .expect("decision")
    };
    let stage = |s: &wenze::storage::Storage| s.case_file(case_id).expect("file").stage;
    let before = stage(&s);
    decide(&mut s, rids[0]);
    assert_eq!(stage(&s), before, "one respondent still undecided");
    let listed = s.case_respondents(case_id).expect("list");
    assert_eq!(listed[0].decided.as_deref(), Some("问责"));
    assert_eq!(listed[1].decided, None);
    // The second respondent's status and dissent are recorded and gathered.
    let ex = s.case_export_for(case_id, Some(rids[1])).expect("export");
    assert_eq!(
        ex.case.respondents[0].status,
        wenze::rules::engine::RespondentStatus::Transferred
    );
    assert!(ex.case.respondents[0].dissent_recorded);
    assert!(ex.details.doc_no.is_empty(), "undecided: no 文号 yet");
    decide(&mut s, rids[1]);
    assert_eq!(stage(&s), wenze::domain::procedure::Stage::Decided);
    assert!(s.audit_verify().expect("verify").ok);
}

/// 审批签发 is one act: made to fail at each of its writes (a real SQLite
/// error raised by a trigger on each table it writes, the last decision's
/// insert among them), it leaves the register exactly as it was — no case,
/// no 文号, no half-issued respondent — and the retry issues the case once.
#[test]
fn an_issue_that_fails_at_any_write_leaves_nothing_and_the_retry_issues_the_case_once() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    let mut h = signed_in(WenzeApp::open(&db));
    h.run();
    intake_two(&mut h);
    click(&mut h, "下一步");
    type_into(&mut h, "查明的事实", "处罚决定认定事实不清。");
    click(&mut h, "下一步");
    assert_eq!(
        form(&h).step,
        WizardStep::Factors,
        "{:?}",
        h.state().wizard().map(|w| &w.errors)
    );
    for who in ["1. 孙立军（承办人）", "2. 周海涛（部门负责人）"] {
        show_respondent(&mut h, who);
        tick(&mut h, "第六条第（六）项　事实不清证据不足的处罚");
    }
    click(&mut h, "下一步");
    for who in ["1. 孙立军（承办人）", "2. 周海涛（部门负责人）"] {
        show_respondent(&mut h, who);
        h.query_all(
            egui_kittest::kittest::by()
                .role(Role::CheckBox)
                .label_contains("★ "),
        )
        .next()
        .expect("a ★ method")
        .click_accesskit();
        h.run();
    }
    click(&mut h, "下一步");
    click(&mut h, "下一步");
    assert_eq!(
        form(&h).step,
        WizardStep::Issue,
        "{:?}",
        h.state().wizard().map(|w| &w.errors)
    );
    let raw = rusqlite::Connection::open(&db).expect("raw");
    let counts = |raw: &rusqlite::Connection| -> Vec<i64> {
        [
            "cases",
            "respondents",
            "persons",
            "selections",
            "facts",
            "evidence",
            "decisions",
            "doc_numbers",
            "documents",
            "follow_ups",
            "deliveries",
            "reviews",
            // the audit log, but for the draft saved as the clerk types
            "audit_log WHERE action <> '保存草稿'",
        ]
        .iter()
        .map(|t| {
            raw.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))
                .expect("count")
        })
        .collect()
    };
    let before = counts(&raw);
    let drafts_before: Vec<(String, Option<i64>)> = raw
        .prepare("SELECT key, case_id FROM drafts ORDER BY key")
        .expect("stmt")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("drafts");
    // Each write of the act refused in turn: the second decision (after
    // the first respondent is fully issued), its document, the approval
    // record, the draft's finish, the audit entry of the last step.
    for (table, when) in [
        ("persons", "1"),
        ("cases", "1"),
        ("selections", "1"),
        ("decisions", "(SELECT count(*) FROM decisions) >= 1"),
        ("documents", "(SELECT count(*) FROM documents) >= 1"),
        ("doc_numbers", "(SELECT count(*) FROM doc_numbers) >= 2"),
        ("reviews", "NEW.action = '批准'"),
    ] {
        raw.execute_batch(&format!(
            "CREATE TRIGGER test_refuse BEFORE INSERT ON {table} WHEN {when}
             BEGIN SELECT RAISE(ABORT, '测试：磁盘已满'); END;"
        ))
        .expect("trigger");
        approve_and_confirm(&mut h);
        let w = h.state().wizard().expect("wizard");
        assert!(w.issued.is_none(), "{table}");
        assert!(w.message.contains("签发未完成"), "{table}: {}", w.message);
        assert!(
            w.message.contains("未写入任何记录"),
            "{table}: {}",
            w.message
        );
        assert_eq!(
            counts(&raw),
            before,
            "{table}: the act left something behind"
        );
        raw.execute_batch("DROP TRIGGER test_refuse").expect("drop");
    }
    // The draft is not finished either (still open for the retry).
    let drafts_after: Vec<(String, Option<i64>)> = raw
        .prepare("SELECT key, case_id FROM drafts ORDER BY key")
        .expect("stmt")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("drafts");
    assert_eq!(drafts_after, drafts_before);
    // The problem is gone; 审批签发 again issues the case, once.
    approve_and_confirm(&mut h);
    let w = h.state().wizard().expect("wizard");
    let issued = w
        .issued
        .clone()
        .unwrap_or_else(|| panic!("not issued: {}", w.message));
    assert_eq!(issued.docs.len(), 2);
    let (cases, decisions, documents, stage): (i64, i64, i64, String) = raw
        .query_row(
            "SELECT (SELECT count(*) FROM cases), (SELECT count(*) FROM decisions),
                    (SELECT count(*) FROM documents), (SELECT stage FROM cases)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .expect("counts");
    assert_eq!((cases, decisions, documents), (1, 2, 2));
    assert_eq!(stage, "已决定");
    // 004 第十三条's consequences are records of each person, running to the
    // year's end, issued in the same act.
    let mut stmt = raw
        .prepare(
            "SELECT p.name, f.label, f.ends_on, f.cite FROM follow_ups f
               JOIN respondents r ON r.id = f.respondent_id JOIN persons p ON p.id = r.person_id
              WHERE f.label = '取消当年先进个人评选资格' ORDER BY p.name",
        )
        .expect("stmt");
    let running: Vec<(String, String, String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("follow-ups");
    assert_eq!(running.len(), 2, "{running:?}");
    for (_, _, ends, cite) in &running {
        assert!(ends.ends_with("-12-31"), "{ends}");
        assert_eq!(cite, "004:13");
    }
    let s = wenze::storage::Storage::open(&db).expect("reader");
    assert!(s.audit_verify().expect("verify").ok);
}

/// A document that cannot be produced (here: a 陈述申辩 asking for 从轻
/// without 采纳情况) refuses the issue before anything is written — no case,
/// no numbered decision without its document.
#[test]
fn a_document_that_cannot_be_built_refuses_the_issue_before_anything_is_written() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    let mut h = signed_in(WenzeApp::open(&db));
    h.run();
    intake_two(&mut h);
    click(&mut h, "下一步");
    type_into(&mut h, "查明的事实", "处罚决定认定事实不清。");
    show_respondent(&mut h, "1. 孙立军（承办人）");
    type_into(&mut h, "陈述申辩内容", "请求从轻处理");
    click(&mut h, "下一步");
    for who in ["1. 孙立军（承办人）", "2. 周海涛（部门负责人）"] {
        show_respondent(&mut h, who);
        tick(&mut h, "第六条第（六）项　事实不清证据不足的处罚");
    }
    click(&mut h, "下一步");
    for who in ["1. 孙立军（承办人）", "2. 周海涛（部门负责人）"] {
        show_respondent(&mut h, who);
        h.query_all(
            egui_kittest::kittest::by()
                .role(Role::CheckBox)
                .label_contains("★ "),
        )
        .next()
        .expect("a ★ method")
        .click_accesskit();
        h.run();
    }
    click(&mut h, "下一步");
    click(&mut h, "下一步");
    if form(&h).step != WizardStep::Issue {
        // The wizard itself may already ask for the 采纳情况: then nothing
        // can be written either.
        let w = h.state().wizard().expect("wizard");
        assert!(
            format!("{:?}{}", w.errors, w.message).contains("采纳"),
            "{:?} {}",
            w.errors,
            w.message
        );
    } else {
        approve_and_confirm(&mut h);
        let w = h.state().wizard().expect("wizard");
        assert!(w.issued.is_none());
        assert!(w.message.contains("采纳情况"), "{}", w.message);
    }
    let raw = rusqlite::Connection::open(&db).expect("raw");
    let (cases, decisions, numbers): (i64, i64, i64) = raw
        .query_row(
            "SELECT (SELECT count(*) FROM cases), (SELECT count(*) FROM decisions),
                    (SELECT count(*) FROM doc_numbers)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .expect("counts");
    assert_eq!((cases, decisions, numbers), (0, 0, 0));
}
