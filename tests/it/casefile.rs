//! The case file after and before the decision, through the real UI
//! (egui_kittest) over real register files: the 事先告知书 issued from the
//! case file and its delivery recorded, which starts the 陈述申辩 period
//! (and says when a decision may be made); every document kind offered per
//! respondent or refused with the reason; the 导入 screen reading a ledger
//! with a bad row, the clerk's column mapping, the audited import.

use crate::common::TestSignIn;
use crate::kit::{settle, signed_in};
use crate::wizard::type_into;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use wenze::app::case_input::CaseExports;
use wenze::app::casedocs::{DocAction, DocCommand, StatementPeriod};
use wenze::app::{Command, Route, WenzeApp};
use wenze::domain::ids::{CaseId, DecisionId, RespondentId};
use wenze::export::documents::DocKind;
use wenze::storage::Storage;

fn date(s: &str) -> jiff::civil::Date {
    s.parse().expect("date")
}

/// A 002 case found (处理决定), not yet decided: one respondent with a
/// behaviour, the office's 陈述申辩 period set to 5 working days.
fn undecided_002(db: &std::path::Path) -> (CaseId, RespondentId) {
    let (case_id, rids) = undecided_002_of(db, &[("赵立新", "科员及一般工作人员", "承办人")]);
    (case_id, rids[0])
}

/// The same case with these respondents (name, rank, role).
fn undecided_002_of(
    db: &std::path::Path,
    people: &[(&str, &str, &str)],
) -> (CaseId, Vec<RespondentId>) {
    let mut s = Storage::open(db).expect("opens");
    s.sign_in_for_test("测试");
    s.set_setting("statement_days.002", "5").expect("setting");
    // 002 names no remedy: its decisions print a 申诉, to the body the
    // office set (as the demo's).
    s.set_setting("remedy_body.002", "区作风建设领导小组办公室")
        .expect("setting");
    let mut respondents = Vec::new();
    for (name, rank, role) in people {
        let pid = s
            .add_person(&wenze::domain::NewPerson {
                name: (*name).into(),
                unit: "监测站".into(),
                rank: (*rank).into(),
                status: "在职".into(),
                ..Default::default()
            })
            .expect("person");
        let role = wenze::domain::RespondentRole::from_label(role).expect("a role");
        respondents.push((pid, role));
    }
    let (case_id, _) = s
        .create_case(&wenze::domain::NewCase {
            case_no: None,
            regulation_id: "002".into(),
            tolerance_overlay: false,
            clue_source: "群众举报".into(),
            received_on: date("2026-02-16"),
            summary: "监测数据报送不及时".into(),
            respondents,
            facts: vec!["经查，该同志未按期报送监测数据。".into()],
            reporter: None,
        })
        .expect("case");
    let rids = s.respondent_ids(case_id).expect("ids");
    for rid in &rids {
        s.add_selections(
            *rid,
            "002",
            &[(
                wenze::domain::procedure::SelectionKind::Behaviour,
                "B5-1".into(),
            )],
        )
        .expect("selections");
    }
    s.add_evidence(case_id, "询问笔录").expect("evidence");
    s.set_stage(case_id, wenze::domain::procedure::Stage::Decision)
        .expect("stage");
    (case_id, rids)
}

/// Each respondent's 问责 decision (批评教育, 2026-03-20): (decision id, 文号).
fn decide_each(
    s: &mut Storage,
    case_id: CaseId,
    rids: &[RespondentId],
) -> Vec<(DecisionId, String)> {
    rids.iter()
        .map(|rid| {
            s.record_decision(&wenze::domain::NewDecision {
                case_id,
                respondent_id: *rid,
                kind: wenze::domain::procedure::DecisionKind::Accountability,
                methods: vec!["批评教育".into()],
                measures: Vec::new(),
                basis: "第十五条".into(),
                departure_reason: String::new(),
                precedent_reason: String::new(),
                decided_on: date("2026-03-20"),
                approved_by: "李审核".into(),
                supersedes: None,
            })
            .expect("decision")
        })
        .collect()
}

fn app_on(db: &std::path::Path, today: &str) -> Harness<'static, WenzeApp> {
    let mut app = WenzeApp::open(db);
    app.set_today(date(today));
    signed_in(app)
}

fn open(h: &mut Harness<'static, WenzeApp>, case_id: CaseId) {
    h.state_mut().apply(Command::OpenCase(case_id));
    h.run();
}

fn docs_message(h: &Harness<'static, WenzeApp>) -> String {
    h.state().case_docs().message.clone()
}

/// Press a button that may be scrolled out of view (the accesskit action).
fn press(h: &mut Harness<'static, WenzeApp>, label: &str) {
    h.get_by_label(label).click_accesskit();
    h.run();
}

/// Open the case file's 补录陈述申辩、证据 section (collapsed at first).
fn show_later_forms(h: &mut Harness<'static, WenzeApp>) {
    if h.query_by_role_and_label(Role::TextInput, "陈述申辩内容")
        .is_none()
    {
        h.get_by_label("补录陈述申辩、证据").click_accesskit();
        h.run();
    }
}

fn pdftotext(pdf: &[u8], dir: &std::path::Path) -> String {
    let path = dir.join("read.pdf");
    std::fs::write(&path, pdf).expect("write");
    let out = std::process::Command::new("pdftotext")
        .args(["-layout"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    String::from_utf8_lossy(&out.stdout).replace([' ', '\n'], "")
}

#[test]
fn the_notice_is_issued_and_delivered_from_the_case_file_and_starts_the_statement_period() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    let (case_id, rid) = undecided_002(&db);
    let mut h = app_on(&db, "2026-03-09");
    open(&mut h, case_id);

    // Every kind the regulation has is listed for the respondent; those the
    // case does not allow yet say why. 002 gives no 复查 (its decisions
    // print a 申诉): no 复查决定书 is offered.
    h.get_by_label("各被问责人的文书");
    h.get_by_label_contains("赵立新（承办人）");
    for kind in DocKind::ALL {
        assert_eq!(
            h.query_all_by_label(kind.label()).next().is_some(),
            kind != DocKind::Review,
            "{} offered or not",
            kind.label()
        );
    }
    h.get_by_label_contains("不能导出问责决定书：案件尚未作出处理决定");
    // 002 第十五条: hearing before the decision, no notice yet.
    h.get_by_label_contains("作出问责决定前须听取陈述、申辩；尚未送达问责事先告知书");

    // Without a proposed method nothing is numbered.
    press(&mut h, "签发事先告知书");
    assert!(
        docs_message(&h).contains("请选择拟作出的问责方式"),
        "{}",
        docs_message(&h)
    );
    assert!(
        h.state()
            .case_view()
            .expect("case")
            .file
            .documents
            .is_empty()
    );

    // A recommended (★) method, the notice's date, 签发.
    h.query_all(
        egui_kittest::kittest::by()
            .role(Role::CheckBox)
            .label_contains("★ "),
    )
    .next()
    .expect("a recommended method")
    .click_accesskit();
    h.run();
    press(&mut h, "签发事先告知书");
    let m = docs_message(&h);
    assert!(m.contains("已签发问责事先告知书"), "{m}");
    let file = &h.state().case_view().expect("case").file;
    assert_eq!(file.documents.len(), 1, "{m}");
    let notice = file.documents[0].clone();
    assert_eq!(notice.kind, "notice");
    assert!(notice.doc_no.contains("〔2026〕"), "{}", notice.doc_no);
    h.get_by_label(&format!("已签发　{}", notice.doc_no));

    // The stored notice: its own 文号, the period from the office setting,
    // the article that grants the hearing.
    let pdf = Storage::open(&db)
        .expect("reader")
        .document_bytes(notice.id)
        .expect("bytes");
    let text = pdftotext(&pdf, dir.path());
    assert!(text.contains("问责事先告知书"), "{text}");
    assert!(text.contains(&notice.doc_no), "{text}");
    assert!(text.contains("5个工作日"), "{text}");
    assert!(text.contains("第十五条"), "{text}");
    assert!(text.contains("赵立新"), "{text}");

    // Its delivery is recorded from the case file (the notice is the document served).
    type_into(&mut h, "受送达人", "赵立新");
    type_into(&mut h, "送达地点", "本局执法处办公室");
    type_into(&mut h, "送达人", "周文博、吴敏");
    type_into(&mut h, "送达回证", "本人签收，回证第 3 号");
    press(&mut h, "记录送达");
    let v = h.state().case_view().expect("case");
    assert_eq!(
        v.file.deliveries.len(),
        1,
        "{}",
        h.state().case_docs().message
    );
    // 2026-03-09 (Monday) + 5 working days = 2026-03-16.
    h.get_by_label_contains("事先告知书已于2026年3月9日送达；陈述申辩期限：自收到之日起5个工作日，最后一日为2026年3月16日");
    h.get_by_label_contains(
        "陈述申辩期限至2026年3月16日届满，期满前（或听取陈述申辩前）不得作出问责决定",
    );
    let period = h
        .state()
        .case_docs()
        .respondent(rid)
        .expect("r")
        .statement
        .clone();
    assert!(period.may_decide(date("2026-03-16")).is_err());
    assert!(period.may_decide(date("2026-03-17")).is_ok());
    drop(h);

    // After the period, the case file says a decision may now be made.
    let mut h = app_on(&db, "2026-03-17");
    open(&mut h, case_id);
    h.get_by_label_contains("已听取陈述申辩或陈述申辩期限已届满，可以作出决定");
    // The notice cannot be issued twice over a decided respondent, nor a
    // second time by a clerk without the right (checked in the app layer).
    assert!(
        Storage::open(&db)
            .expect("r")
            .audit_verify()
            .expect("verify")
            .ok
    );
}

#[test]
fn a_statement_heard_before_the_period_ends_allows_the_decision() {
    let p = StatementPeriod {
        required: Some(("《某规定》第十五条".into(), "……".into())),
        notice_delivered_on: Some(date("2026-03-09")),
        days: Some(5),
        last_day: Some(date("2026-03-16")),
        heard_on: None,
        fallback_note: None,
    };
    let err = p
        .may_decide(date("2026-03-12"))
        .expect_err("too early")
        .to_string();
    assert!(err.contains("《某规定》第十五条"), "{err}");
    let heard = StatementPeriod {
        heard_on: Some("2026-03-11".into()),
        ..p.clone()
    };
    assert!(heard.may_decide(date("2026-03-12")).is_ok());
    // A regulation that requires no hearing never blocks.
    let free = StatementPeriod::default();
    assert!(free.may_decide(date("2026-03-01")).is_ok());
    // No period set: the reason says where to set it.
    let unset = StatementPeriod {
        days: None,
        last_day: None,
        ..p
    };
    let err = unset
        .may_decide(date("2026-04-30"))
        .expect_err("unknown")
        .to_string();
    assert!(err.contains("设置"), "{err}");
}

#[test]
fn every_kind_a_decided_case_allows_is_produced_and_the_others_say_why() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    // A demo register: decided 问责 cases with their notice, decision and
    // delivery recorded, but no stored PDFs.
    let case_id = {
        let mut s = Storage::open(&db).expect("opens");
        wenze::storage::demo::generate(&mut s, 60, 11).expect("demo");
        let ids: Vec<CaseId> = s
            .list_cases(60)
            .expect("cases")
            .iter()
            .map(|c| c.id)
            .collect();
        *ids.iter()
            .find(|id| {
                s.case_export(**id).is_ok_and(|ex| {
                    ex.details.outcome == "问责"
                        && ex.details.delivered_on.is_some()
                        && !ex.details.notice_doc_no.is_empty()
                })
            })
            .expect("a decided, delivered 问责 case")
    };
    let mut h = app_on(&db, "2026-11-20");
    open(&mut h, case_id);
    // Decided: the section starts closed (the issued documents are listed above it).
    assert!(h.query_by_label("预览").is_none());
    press(&mut h, "各被问责人的文书");
    let r = h.state().case_docs().respondents[0].clone();
    let allowed: Vec<DocKind> = r
        .offers
        .iter()
        .filter(|o| o.refusal.is_none())
        .map(|o| o.kind)
        .collect();
    for k in [DocKind::Notice, DocKind::Decision, DocKind::Receipt] {
        assert!(allowed.contains(&k), "{k:?} not offered: {:?}", r.offers);
    }
    // One that may not print says why, in Chinese.
    let no = r
        .offers
        .iter()
        .find(|o| o.kind == DocKind::NoAccountability)
        .and_then(|o| o.refusal.clone())
        .expect("refused");
    assert!(no.contains("登记的处理结果是“问责”"), "{no}");
    h.get_by_label_contains(&no);

    // 预览 the decision: the same layout as the PDF, in a window.
    let previews = h.query_all_by_label("预览").count();
    assert!(previews >= 3, "{previews}");
    // 保存 OFD… beside each 保存 PDF….
    assert_eq!(
        h.query_all_by_label("保存 OFD…").count(),
        h.query_all_by_label("保存 PDF…").count()
    );
    assert!(h.query_all_by_label("保存 OFD…").count() >= 3);
    h.state_mut()
        .apply(Command::CaseDocument(DocCommand::Produce {
            respondent: r.id,
            kind: DocKind::Decision,
            action: DocAction::Preview,
        }));
    h.run();
    h.get_by_label("文书预览");
    h.get_by_label_contains("第 1 页，共");
    let pv = h
        .state()
        .case_docs()
        .preview
        .as_ref()
        .expect("preview")
        .title
        .clone();
    assert!(pv.starts_with("问责决定书"), "{pv}");
    let print = |h: &mut Harness<'static, WenzeApp>, kind| {
        h.state_mut()
            .apply(Command::CaseDocument(DocCommand::Produce {
                respondent: r.id,
                kind,
                action: DocAction::Print,
            }));
        h.run();
    };
    print(&mut h, DocKind::Decision);
    // 打印 opens the print panel with the produced PDF.
    assert!(h.state().printing());
    let pdf = h
        .state_mut()
        .print_form_mut()
        .bytes
        .clone()
        .expect("produced bytes");
    assert!(pdf.starts_with(b"%PDF"));
    let text = pdftotext(&pdf, dir.path());
    assert!(text.contains("问责决定书"), "{text}");
    h.state_mut().apply(Command::PrintCancel);
    h.run();

    // The 送达回证 too, from the recorded delivery.
    h.state_mut()
        .apply(Command::CaseDocument(DocCommand::Produce {
            respondent: r.id,
            kind: DocKind::Receipt,
            action: DocAction::Print,
        }));
    h.run();
    let pdf = h
        .state_mut()
        .print_form_mut()
        .bytes
        .clone()
        .expect("receipt");
    assert!(pdftotext(&pdf, dir.path()).contains("送达回证"));
    h.state_mut().apply(Command::PrintCancel);
    // 保存 OFD…: the decision as OFD, offered to the save dialog.
    h.state_mut()
        .apply(Command::CaseDocument(DocCommand::Produce {
            respondent: r.id,
            kind: DocKind::Decision,
            action: DocAction::SaveOfd,
        }));
    let (ofd, name, _) = h
        .state_mut()
        .case_docs_mut()
        .saving
        .take()
        .expect("the OFD to save");
    assert!(
        name.starts_with("问责决定书") && name.ends_with(".ofd"),
        "{name}"
    );
    let read = crate::ofd::read(&ofd).expect("an OFD");
    assert!(
        read.pages[0]
            .iter()
            .any(|t| t.chars.iter().any(|c| c.0 == '责'))
    );
    // A refused kind produces nothing and says why.
    h.state_mut()
        .apply(Command::CaseDocument(DocCommand::Produce {
            respondent: r.id,
            kind: DocKind::Exemption,
            action: DocAction::Print,
        }));
    h.run();
    assert!(!h.state().printing());
    assert!(
        h.state()
            .case_docs()
            .message
            .contains("不能导出容错免责认定书"),
        "{}",
        h.state().case_docs().message
    );
}

#[test]
fn the_import_screen_reads_a_ledger_shows_row_errors_takes_a_mapping_and_imports() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    drop(Storage::open(&db).expect("opens"));
    let file = dir.path().join("台账.csv");
    // "处分情况" is no header Wenze knows; row 3 has a wrong ID check digit.
    let bad = "序号,姓名,身份证号,单位,处分情况,处理时间,文号\n\
               1,钱多多,11010519491231002X,监察科,书面检查,2025/11/3,环问〔2025〕31号\n\
               2,孙小美,110105199003070018,法规科,通报批评,2025-12-01,环问〔2025〕40号\n";
    std::fs::write(&file, bad).expect("write");
    let mut h = app_on(&db, "2026-03-09");
    h.query_all_by_label("导入台账")
        .next()
        .expect("top bar")
        .click();
    h.run();
    assert_eq!(h.state().route(), Route::Import);
    type_into(&mut h, "台账文件", file.to_str().expect("utf8"));
    h.get_by_label("读取").click_accesskit();
    wait_read(&mut h);
    assert!(
        h.state().import_state().mapping.is_some(),
        "{}",
        h.state().import_state().message
    );
    // The regulation.
    h.get_by_role_and_label(Role::ComboBox, "适用规定").click();
    h.run();
    h.get_all_by_label_contains("徐水")
        .last()
        .expect("004")
        .click();
    h.run();
    // The unknown column leaves 问责方式 missing: said in Chinese.
    h.get_by_label_contains("缺少必需的列：问责方式");
    // The clerk maps 处分情况 → 问责方式.
    h.get_by_role_and_label(Role::ComboBox, "处分情况").click();
    h.run();
    h.query_all(
        egui_kittest::kittest::by()
            .role(Role::Button)
            .label("问责方式"),
    )
    .last()
    .expect("the field in the list")
    .click();
    h.run();
    let p = h.state().import_state().preview.clone().expect("preview");
    assert_eq!(p.rows.len(), 1, "{:?}", p.errors);
    assert_eq!(p.errors.len(), 1);
    let row_error = p.errors[0].to_string();
    assert!(row_error.starts_with("第 3 行："), "{row_error}");
    assert!(row_error.contains("身份证"), "{row_error}");
    h.get_by_label(&row_error);
    // Nothing is imported while a row is wrong.
    h.state_mut()
        .apply(Command::Import(wenze::app::import::ImportCommand::Import));
    h.run();
    assert!(h.state().import_state().message.contains("未导入任何记录"));
    assert_eq!(Storage::open(&db).expect("r").case_count().expect("n"), 0);

    // The clerk corrects the file and reads it again: the mapping holds.
    std::fs::write(
        &file,
        bad.replace("110105199003070018", "110105199003070017"),
    )
    .expect("fix");
    h.get_by_label("读取").click_accesskit();
    wait_read(&mut h);
    let p = h.state().import_state().preview.clone().expect("preview");
    assert!(p.errors.is_empty(), "{:?}", p.errors);
    assert_eq!(p.rows.len(), 2);
    press(&mut h, "导入");
    let m = h.state().import_state().message.clone();
    assert!(m.contains("已导入 2 条历史决定"), "{m}");
    h.get_by_label_contains("第 3 行　孙小美　2025-12-01");

    // The register shows the imported decisions; the import is audited.
    h.query_all_by_label("案件台账")
        .next()
        .expect("top bar")
        .click();
    settle(&mut h);
    h.get_by_label_contains("孙小美");
    h.get_by_label_contains("钱多多");
    let s = Storage::open(&db).expect("r");
    assert_eq!(s.case_count().expect("n"), 2);
    assert!(s.audit_verify().expect("verify").ok);
    // Importing again adds nothing.
    drop(s);
    press_again(&mut h);
}

fn press_again(h: &mut Harness<'static, WenzeApp>) {
    h.query_all_by_label("导入台账")
        .next()
        .expect("top bar")
        .click();
    h.run();
    press(h, "导入");
    let m = h.state().import_state().message.clone();
    assert!(m.contains("已导入 0 条历史决定；2 条此前已导入"), "{m}");
}

fn wait_read(h: &mut Harness<'static, WenzeApp>) {
    for _ in 0..300 {
        h.step();
        if !h.state().import_state().busy() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    assert!(!h.state().import_state().busy(), "the file was not read");
    h.run();
}

/// Not a check: builds the register the screenshots in `docs/screenshots/`
/// are taken from (`WENZE_SHOT_DIR=/tmp/shots cargo test --test it
/// casefile::screenshot_register -- --ignored`): a demo register, a clerk
/// and a reviewer, two drafts submitted for review, an undecided 002 case
/// whose 事先告知书 was issued and delivered, and a ledger with a bad row.
#[test]
#[ignore = "tool: builds the register for docs/screenshots"]
fn screenshot_register() {
    let Ok(dir) = std::env::var("WENZE_SHOT_DIR") else {
        return;
    };
    let dir = std::path::PathBuf::from(dir);
    std::fs::create_dir_all(&dir).expect("dir");
    let db = dir.join("w.db");
    {
        let mut s = Storage::open(&db).expect("opens");
        wenze::storage::demo::generate(&mut s, 400, 5).expect("demo");
        for (u, n, r, p) in [
            ("admin", "管理员甲", "管理员", "wenze2026"),
            ("clerk", "录入员乙", "录入员", "clerk2026"),
        ] {
            let h = wenze::domain::auth::Credentials::new(p).expect("hash");
            let r = wenze::domain::auth::UserRole::from_label(r).expect("role");
            s.add_user(u, n, r, &h).expect("user");
        }
        let clerk = s
            .login("clerk", "clerk2026")
            .expect("login")
            .expect("clerk");
        s.set_actor("录入员乙（录入员）");
        for (key, name, summary) in [
            ("shot-1", "周明", "执法检查记录不完整"),
            ("shot-2", "孙立军", "群众反映对信访投诉处理不当"),
        ] {
            let form = serde_json::json!({
                "step": 5, "regulation": "004", "new_person": true,
                "np_name": name, "summary": summary,
            });
            s.save_draft(key, None, 5, &form.to_string())
                .expect("draft");
            s.review_step(
                key,
                wenze::domain::procedure::ReviewAction::Submit,
                Some(clerk.id),
                "录入员乙",
                "",
            )
            .expect("submit");
        }
    }
    let (case_id, _) = undecided_002(&db);
    let mut h = app_on(&db, &jiff::Zoned::now().date().to_string());
    open(&mut h, case_id);
    h.query_all(
        egui_kittest::kittest::by()
            .role(Role::CheckBox)
            .label_contains("★ "),
    )
    .next()
    .expect("a recommended method")
    .click_accesskit();
    h.run();
    press(&mut h, "签发事先告知书");
    type_into(&mut h, "受送达人", "赵立新");
    type_into(&mut h, "送达地点", "本局执法处办公室");
    type_into(&mut h, "送达人", "周文博、吴敏");
    type_into(&mut h, "送达回证", "本人签收，回证第 3 号");
    press(&mut h, "记录送达");
    assert_eq!(
        h.state().case_view().expect("case").file.deliveries.len(),
        1
    );
    println!("case {case_id}");
    drop(h);
    let (before, _) = undecided_002(&db);
    println!("case before the notice {before}");
    std::fs::write(
        dir.join("台账.csv"),
        "序号,姓名,身份证号,单位,处分情况,处理时间,文号\n\
         1,钱多多,11010519491231002X,监察科,书面检查,2025/11/3,环问〔2025〕31号\n\
         2,孙小美,110105199003070018,法规科,通报批评,2025-12-01,环问〔2025〕40号\n\
         3,李大鹏,110105199003070017,综合科,诫勉,2025-13-01,环问〔2025〕41号\n",
    )
    .expect("ledger");
}

#[test]
fn with_two_respondents_each_has_their_own_documents_and_notice() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    let (case_id, rids) = undecided_002_of(
        &db,
        &[
            ("赵立新", "科员及一般工作人员", "承办人"),
            ("钱明远", "科级领导干部", "部门负责人"),
        ],
    );
    let (first, second) = (rids[0], rids[1]);
    let mut h = app_on(&db, "2026-03-09");
    open(&mut h, case_id);
    h.get_by_label_contains("赵立新（承办人）");
    h.get_by_label_contains("钱明远（部门负责人）");
    let docs = h.state().case_docs().respondents.clone();
    assert_eq!(docs.len(), 2);
    // Every kind but the 复查决定书 (002 gives no 复查).
    assert!(
        docs.iter()
            .all(|r| r.offers.len() == DocKind::ALL.len() - 1)
    );

    // The second respondent's notice: proposed method, 签发.
    h.state_mut()
        .case_docs_mut()
        .proposed
        .entry(second)
        .or_default()
        .insert("批评教育".to_owned());
    h.state_mut()
        .apply(Command::CaseDocument(DocCommand::IssueNotice {
            respondent: second,
        }));
    h.run();
    let m = h.state().case_docs().message.clone();
    assert!(m.contains("已签发问责事先告知书"), "{m}");
    let c = h.state().case_docs();
    let notice_of = |rid: RespondentId| {
        c.respondent(rid)
            .and_then(|r| r.offers.iter().find(|o| o.kind == DocKind::Notice))
            .cloned()
            .expect("notice offer")
    };
    assert_eq!(notice_of(second).stored.len(), 1);
    assert!(notice_of(first).stored.is_empty());
    assert!(notice_of(first).notice_form, "the first still has the form");
    let id = notice_of(second).stored[0].0;
    let pdf = Storage::open(&db)
        .expect("r")
        .document_bytes(id)
        .expect("bytes");
    let text = pdftotext(&pdf, dir.path());
    assert!(text.contains("钱明远"), "{text}");
    assert!(!text.contains("赵立新"), "{text}");
    assert!(text.contains("批评教育"), "{text}");
}

#[test]
fn a_clerk_may_not_number_a_notice_or_import_a_ledger_and_the_refusals_are_audited() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    let (case_id, rid) = undecided_002(&db);
    {
        let mut s = Storage::open(&db).expect("opens");
        s.sign_in_for_test("测试");
        let h = wenze::domain::auth::Credentials::new("clerk2026").expect("hash");
        s.add_user(
            "clerk",
            "录入员乙",
            wenze::domain::auth::UserRole::Clerk,
            &h,
        )
        .expect("user");
    }
    let mut app = WenzeApp::open(&db);
    app.set_today(date("2026-03-09"));
    let mut h = crate::kit::harness(app);
    h.run();
    crate::kit::fill(&mut h, "用户名", "clerk");
    crate::kit::fill(&mut h, "密码", "clerk2026");
    h.get_by_role_and_label(Role::Button, "登录").click();
    h.run();
    assert!(!h.state().is_locked());
    open(&mut h, case_id);
    h.state_mut()
        .case_docs_mut()
        .proposed
        .entry(rid)
        .or_default()
        .insert("批评教育".to_owned());
    h.state_mut()
        .apply(Command::CaseDocument(DocCommand::IssueNotice {
            respondent: rid,
        }));
    h.run();
    let m = h.state().case_docs().message.clone();
    assert!(m.contains("无权签发问责事先告知书"), "{m}");
    assert!(
        h.state()
            .case_view()
            .expect("case")
            .file
            .documents
            .is_empty()
    );

    let file = dir.path().join("ledger.csv");
    std::fs::write(&file, "姓名,问责方式,决定日期\n王五,书面检查,2025-11-03\n").expect("write");
    h.state_mut().apply(Command::Import(
        wenze::app::import::ImportCommand::SetRegulation("004".into()),
    ));
    h.state_mut()
        .apply(Command::Import(wenze::app::import::ImportCommand::Load(
            file,
        )));
    wait_read(&mut h);
    assert_eq!(
        h.state()
            .import_state()
            .preview
            .as_ref()
            .map(|p| p.rows.len()),
        Some(1),
        "{}",
        h.state().import_state().message
    );
    h.state_mut()
        .apply(Command::Import(wenze::app::import::ImportCommand::Import));
    h.run();
    let m = h.state().import_state().message.clone();
    assert!(m.contains("无权导入台账"), "{m}");
    drop(h);
    let conn = rusqlite::Connection::open(&db).expect("raw");
    let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).expect("n") };
    assert_eq!(count("SELECT count(*) FROM imported_rows"), 0);
    assert_eq!(
        count(
            "SELECT count(*) FROM audit_log WHERE action = '拒绝签发告知书' AND after LIKE '%录入员乙%'"
        ),
        1
    );
    assert_eq!(
        count(
            "SELECT count(*) FROM audit_log WHERE action = '拒绝导入台账' AND after LIKE '%录入员乙%'"
        ),
        1
    );
}

/// The wizard (where a decision is issued) already refuses to go on without
/// the hearing where the regulation requires it (002 第十五条), and not
/// where it does not (004).
#[test]
fn the_wizard_does_not_reach_the_decision_without_the_hearing_002_requires() {
    use crate::wizard::{choose, click, step};
    for (reg, required) in [("金坛", true), ("徐水", false)] {
        let dir = tempfile::tempdir().expect("tmp");
        let db = dir.path().join("w.db");
        let mut h = signed_in(WenzeApp::open(&db));
        click(&mut h, "新建案件");
        choose(&mut h, "适用规定", reg);
        click(&mut h, "新增人员（登记簿中尚无此人）");
        type_into(&mut h, "姓名", "周明");
        type_into(&mut h, "单位", "执法大队");
        type_into(&mut h, "职务", "执法队员");
        type_into(&mut h, "身份证号码", "11010519491231002X");
        type_into(&mut h, "线索摘要", "群众反映对信访投诉处理不当");
        click(&mut h, "下一步");
        assert_eq!(step(&h), 1);
        type_into(&mut h, "查明的事实", "经查，未到现场核查即办结。");
        click(&mut h, "下一步");
        let errors = h.state().wizard().expect("wizard").errors.clone();
        if required {
            assert_eq!(step(&h), 1, "{errors:?}");
            assert!(
                errors
                    .iter()
                    .any(|e| e.message.contains("作出决定前听取被问责人的陈述、申辩")),
                "{errors:?}"
            );
            h.get_by_label_contains("作出决定前听取被问责人的陈述、申辩");
        } else {
            assert_eq!(step(&h), 2, "{errors:?}");
        }
    }
}

/// Issue #14 item 1: a 事先告知书's delivery is not the decision's. Before
/// the decision is served, the notice's delivery (recorded, even late)
/// neither starts the remedy period in the case export nor closes the
/// dashboard's 书面告知 reminder; once the decision is served, a notice
/// delivery recorded after it does not move the remedy period.
#[test]
fn a_notice_delivery_does_not_count_as_the_decision_delivery() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    let (case_id, rid) = undecided_002(&db);
    let mut s = Storage::open(&db).expect("opens");
    s.sign_in_for_test("测试");
    let (notice_id, _) = s
        .issue_notice(case_id, rid, date("2026-03-02"), |no| {
            Ok((format!("问责事先告知书 {no}"), b"%PDF-1.7\n".to_vec()))
        })
        .expect("notice");
    s.record_decision(&wenze::domain::NewDecision {
        case_id,
        respondent_id: rid,
        kind: wenze::domain::procedure::DecisionKind::Accountability,
        methods: vec!["批评教育".into()],
        measures: Vec::new(),
        basis: "第十五条".into(),
        departure_reason: String::new(),
        precedent_reason: String::new(),
        decided_on: date("2026-03-20"),
        approved_by: "李审核".into(),
        supersedes: None,
    })
    .expect("decision");
    let notice_delivery = |s: &mut Storage, on: &str| {
        s.record_delivery(&wenze::domain::procedure::NewDelivery {
            case_id,
            document_id: Some(notice_id),
            delivered_on: date(on),
            method: Default::default(),
            recipient: "赵立新".into(),
            receipt: "本人签收".into(),
            witness: String::new(),
            address: "本局执法处办公室".into(),
            served_at: String::new(),
            deliverer: "周文博".into(),
            agent: String::new(),
            note: String::new(),
        })
        .expect("notice delivery");
    };
    notice_delivery(&mut s, "2026-03-03");
    let delivered = |s: &Storage| {
        let ex = s.case_export(case_id).expect("export");
        let open = s
            .open_cases("2026-01-01")
            .expect("open")
            .into_iter()
            .find(|c| c.id == case_id)
            .expect("listed");
        (ex.case.delivered_on, open.delivered_on)
    };
    assert_eq!(
        delivered(&s),
        (None, None),
        "the decision is not served yet"
    );

    // The decision served on 2026-03-23, then the notice's delivery of
    // 2026-03-03 recorded late (a later row).
    s.record_delivery(&wenze::domain::procedure::NewDelivery {
        case_id,
        document_id: None,
        delivered_on: date("2026-03-23"),
        method: Default::default(),
        recipient: "赵立新".into(),
        receipt: "回证第 9 号".into(),
        witness: String::new(),
        address: "本局执法处办公室".into(),
        served_at: String::new(),
        deliverer: "周文博".into(),
        agent: String::new(),
        note: String::new(),
    })
    .expect("decision delivery");
    notice_delivery(&mut s, "2026-03-03");
    assert_eq!(
        delivered(&s),
        (Some(date("2026-03-23")), Some(date("2026-03-23")))
    );
}

/// Issue #14 item 4: the refusal "如需送审，请导出送审稿" has its action. An
/// undecided case's 不予问责决定书 cannot be produced, but its 送审稿 (marked,
/// no 文号) can, from the case file; where a draft does not help (a 问责决定书
/// without decided methods, a 复查决定书 without an application) no 送审稿 is
/// offered.
#[test]
fn an_undecided_case_offers_its_approval_draft_from_the_case_file() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    let (case_id, rid) = undecided_002(&db);
    let mut h = app_on(&db, "2026-03-09");
    open(&mut h, case_id);
    let offer = |h: &Harness<'static, WenzeApp>, kind: DocKind| {
        h.state()
            .case_docs()
            .respondent(rid)
            .and_then(|r| r.offers.iter().find(|o| o.kind == kind).cloned())
            .expect("offer")
    };
    let no = offer(&h, DocKind::NoAccountability);
    let why = no.refusal.clone().expect("refused");
    assert!(why.contains("如需送审，请导出送审稿"), "{why}");
    assert!(no.draftable, "{no:?}");
    assert!(!offer(&h, DocKind::Decision).draftable);
    assert!(
        h.state()
            .case_docs()
            .respondent(rid)
            .is_some_and(|r| r.offers.iter().all(|o| o.kind != DocKind::Review)),
        "002 gives no 复查"
    );
    // A 送审稿 button (the 问责决定书 has none) for the 不予问责决定书; its
    // command applied directly and the result taken before a frame runs: a
    // frame polls the save dialog, which without a dialog service answers
    // at once and saves to the default folder instead.
    assert!(h.query_all_by_label("送审稿").next().is_some());
    h.state_mut()
        .apply(Command::CaseDocument(DocCommand::Produce {
            respondent: rid,
            kind: DocKind::NoAccountability,
            action: DocAction::Draft,
        }));
    let (pdf, name, _) = h
        .state_mut()
        .case_docs_mut()
        .saving
        .take()
        .unwrap_or_else(|| panic!("{}", docs_message(&h)));
    assert!(
        name.contains("不予问责") && name.contains("送审稿"),
        "{name}"
    );
    let text = pdftotext(&pdf, dir.path());
    assert!(text.contains("送审稿"), "{text}");
    assert!(text.contains("赵立新"), "{text}");
    // Only the case number; no 文号 on a draft.
    assert_eq!(text.matches("〔2026〕").count(), 1, "{text}");
    assert!(text.contains("环问案〔2026〕1号"), "{text}");
    // 送审稿 OFD…: the same draft as OFD, taken before a frame runs (a frame
    // polls the save dialog, which without a dialog service answers at once
    // and saves to the default folder instead).
    assert!(h.query_all_by_label("送审稿 OFD…").next().is_some());
    h.state_mut()
        .apply(Command::CaseDocument(DocCommand::Produce {
            respondent: rid,
            kind: DocKind::NoAccountability,
            action: DocAction::DraftOfd,
        }));
    let (ofd, name, _) = h
        .state_mut()
        .case_docs_mut()
        .saving
        .take()
        .unwrap_or_else(|| panic!("{}", docs_message(&h)));
    assert!(name.ends_with("（送审稿）.ofd"), "{name}");
    let read = crate::ofd::read(&ofd).expect("an OFD");
    let drawn: String = read
        .pages
        .iter()
        .flatten()
        .flat_map(|t| t.chars.iter().map(|c| c.0))
        .collect();
    assert!(
        drawn.contains("送审稿") && drawn.contains("赵立新"),
        "{drawn}"
    );
    // Nothing was numbered or stored.
    assert!(
        h.state()
            .case_view()
            .expect("case")
            .file
            .documents
            .is_empty()
    );
}

/// Issue #14 item 2, end to end under the real UI: a 金坛 (002) case, whose
/// 第十五条 requires hearing before the decision. The wizard registers the
/// case and issues the 事先告知书 (登记并签发事先告知书); the app is closed
/// and reopened; the notice's delivery is recorded in the case file; 审批签发
/// is refused within the 陈述申辩 period (citing the article); the statement
/// is recorded and the decision issued — on the same case, the only one in
/// the register.
#[test]
fn the_wizard_serves_the_notice_first_and_issues_on_the_same_case_after_a_restart() {
    use crate::wizard::{approve_and_confirm, choose, click, pick_recommended, step};
    use wenze::app::wizard::WizardStep;
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    {
        let mut s = Storage::open(&db).expect("opens");
        s.sign_in_for_test("测试");
        s.set_setting("statement_days.002", "5").expect("setting");
        // 002 names no remedy: the office's setting offers one (as the demo's).
        s.set_setting("remedy_body.002", "区作风建设领导小组办公室")
            .expect("setting");
    }
    let mut h = signed_in(WenzeApp::open(&db));
    click(&mut h, "新建案件");
    choose(&mut h, "适用规定", "金坛");
    click(&mut h, "新增人员（登记簿中尚无此人）");
    type_into(&mut h, "姓名", "周明");
    type_into(&mut h, "单位", "监测站");
    type_into(&mut h, "职务", "科员");
    type_into(&mut h, "身份证号码", "11010519491231002X");
    type_into(&mut h, "线索摘要", "监测数据报送不及时");
    click(&mut h, "下一步");
    assert_eq!(step(&h), 1);
    type_into(&mut h, "查明的事实", "经查，该同志未按期报送监测数据。");
    type_into(&mut h, "证据", "询问笔录");
    // Not heard yet: without the notice route the step refuses.
    click(&mut h, "下一步");
    assert_eq!(step(&h), 1);
    h.get_by_label_contains("先送达事先告知书（尚未听取")
        .click();
    h.run();
    click(&mut h, "下一步");
    assert_eq!(
        step(&h),
        2,
        "{:?}",
        h.state().wizard().map(|w| w.errors.clone())
    );
    h.get_by_label_contains("贯彻决策部署不力致政令不畅")
        .click();
    h.run();
    click(&mut h, "下一步");
    pick_recommended(&mut h);
    click(&mut h, "下一步");
    click(&mut h, "下一步");
    assert_eq!(step(&h), WizardStep::Issue.index());

    // 登记并签发事先告知书 with its own 成文日期 (not forced to today): the
    // case is registered, the notice issued and dated as set.
    let yesterday = jiff::Zoned::now()
        .date()
        .checked_sub(jiff::Span::new().days(1))
        .expect("yesterday");
    type_into(&mut h, "告知书日期", &yesterday.to_string());
    press(&mut h, "登记并签发事先告知书");
    let w = h.state().wizard().expect("wizard");
    assert!(w.message.contains("已签发问责事先告知书"), "{}", w.message);
    let key = w.key.clone();
    let reg = w.form.registered.clone().expect("registered");
    let case_id = reg.case_id;
    let dated: String = rusqlite::Connection::open(&db)
        .expect("raw")
        .query_row(
            "SELECT issued_on FROM doc_numbers WHERE kind = 'notice'",
            [],
            |r| r.get(0),
        )
        .expect("the notice's 文号");
    assert_eq!(dated, yesterday.to_string());
    // Pressed again: nothing registered or numbered twice.
    press(&mut h, "登记并签发事先告知书");
    assert!(
        h.state()
            .wizard()
            .is_some_and(|w| w.message.contains("此前已签发")),
        "{:?}",
        h.state().wizard().map(|w| &w.message)
    );
    drop(h);

    // Restart a week later; the notice served, recorded from the case file.
    let later = jiff::Zoned::now()
        .date()
        .checked_add(jiff::Span::new().days(7))
        .expect("a week later");
    let mut app = WenzeApp::open(&db);
    app.set_today(later);
    let mut h = signed_in(app);
    open(&mut h, case_id);
    let notices: Vec<_> = h
        .state()
        .case_view()
        .expect("case")
        .file
        .documents
        .iter()
        .filter(|d| d.kind == "notice")
        .cloned()
        .collect();
    assert_eq!(notices.len(), 1);
    type_into(&mut h, "受送达人", "周明");
    type_into(&mut h, "送达地点", "本局执法处办公室");
    type_into(&mut h, "送达人", "周文博、吴敏");
    type_into(&mut h, "送达回证", "本人签收，回证第 1 号");
    press(&mut h, "记录送达");
    assert_eq!(
        h.state().case_view().expect("case").file.deliveries.len(),
        1,
        "{}",
        h.state().case_docs().message
    );

    // The draft continues the registered case; within the period 审批签发
    // is refused with the article.
    h.state_mut().apply(Command::WizardStart(Some(key.clone())));
    h.run();
    // Decided after the notice (the same day is refused, as the export does).
    h.state_mut().wizard_mut().expect("wizard").form.decided_on = later.to_string();
    assert_eq!(
        h.state().wizard().and_then(|w| w.form.registered.clone()),
        Some(reg.clone())
    );
    h.state_mut().apply(Command::WizardGoto(WizardStep::Issue));
    h.run();
    // Refused with the article before the permanent-lock confirmation is
    // even asked for.
    h.get_by_label("审批签发").click();
    h.run();
    let w = h.state().wizard().expect("wizard");
    assert!(w.issued.is_none() && !w.confirm_issue);
    assert!(
        w.message.contains("第十五条") && w.message.contains("陈述申辩期限至"),
        "{}",
        w.message
    );

    // The statement heard and recorded in the case file (补录陈述申辩)
    // without its 采纳情况: 审批签发 is refused (002 第十五条 “对其合理意见，
    // 应当予以采纳”); with it, the decision states both.
    open(&mut h, case_id);
    show_later_forms(&mut h);
    type_into(&mut h, "陈述申辩内容", "对事实无异议，请求从轻处理");
    press(&mut h, "补录陈述申辩");
    let m = h.state_mut().case_actions_mut().message.clone();
    assert!(m.contains("须填写采纳情况"), "{m}");
    h.state_mut().apply(Command::WizardStart(Some(key.clone())));
    h.run();
    // Decided after the notice (the same day is refused, as the export does).
    h.state_mut().wizard_mut().expect("wizard").form.decided_on = later.to_string();
    h.state_mut().apply(Command::WizardGoto(WizardStep::Issue));
    h.run();
    approve_and_confirm(&mut h);
    let w = h.state().wizard().expect("wizard");
    assert!(w.issued.is_none());
    assert!(w.message.contains("采纳情况"), "{}", w.message);
    open(&mut h, case_id);
    show_later_forms(&mut h);
    type_into(&mut h, "陈述申辩内容", "对事实无异议，请求从轻处理");
    type_into(&mut h, "采纳情况", "经研究，其已主动整改，予以采纳");
    press(&mut h, "补录陈述申辩");
    h.state_mut().apply(Command::WizardStart(Some(key)));
    h.run();
    h.state_mut().wizard_mut().expect("wizard").form.decided_on = later.to_string();
    h.state_mut().apply(Command::WizardGoto(WizardStep::Issue));
    h.run();
    approve_and_confirm(&mut h);
    let w = h.state().wizard().expect("wizard");
    let issued = w.issued.as_ref().unwrap_or_else(|| panic!("{}", w.message));
    assert_eq!(issued.case_id, case_id);
    let text = pdftotext(&issued.docs[0].pdf, dir.path());
    assert!(text.contains("对事实无异议，请求从轻处理"), "{text}");
    assert!(text.contains("经研究，其已主动整改，予以采纳"), "{text}");
    drop(h);

    let s = Storage::open(&db).expect("reader");
    let file = s.case_file(case_id).expect("file");
    let kinds: Vec<&str> = file.documents.iter().map(|d| d.kind.as_str()).collect();
    assert!(
        kinds.contains(&"notice") && kinds.contains(&"decision"),
        "{kinds:?}"
    );
    // Both records kept (the first without its adoption); none duplicated.
    assert_eq!(file.statements.len(), 2, "{:?}", file.statements);
    let conn = rusqlite::Connection::open(&db).expect("sqlite");
    let cases: i64 = conn
        .query_row("SELECT count(*) FROM cases", [], |r| r.get(0))
        .expect("count");
    assert_eq!(cases, 1, "exactly one case in the register");
    assert!(s.audit_verify().expect("verify").ok);
}

/// Issue #14 item 3: with two respondents, deliveries and 复查/申诉 are each
/// respondent's. Only the first one's decision is served: their remedy
/// line runs from that delivery, the second's still waits for theirs; a
/// 复查 application names its applicant and is recorded against that
/// respondent's decision.
#[test]
fn deliveries_and_remedies_are_per_respondent() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    let (case_id, rids) = undecided_002_of(
        &db,
        &[
            ("赵立新", "科员及一般工作人员", "承办人"),
            ("钱二", "科员及一般工作人员", "部门负责人"),
        ],
    );
    let mut s = Storage::open(&db).expect("opens");
    s.sign_in_for_test("测试");
    let mut docs = Vec::new();
    for (decision_id, doc_no) in decide_each(&mut s, case_id, &rids) {
        let (doc_id, _) = s
            .store_document(
                case_id,
                Some(decision_id),
                "decision",
                &doc_no,
                "问责决定书",
                b"%PDF-1.7\n",
            )
            .expect("document");
        docs.push((doc_id, doc_no));
    }
    s.record_delivery(&wenze::domain::procedure::NewDelivery {
        case_id,
        document_id: Some(docs[0].0),
        delivered_on: date("2026-03-23"),
        method: Default::default(),
        recipient: "赵立新".into(),
        receipt: "回证第 9 号".into(),
        witness: String::new(),
        address: "本局执法处办公室".into(),
        served_at: String::new(),
        deliverer: "周文博".into(),
        agent: String::new(),
        note: String::new(),
    })
    .expect("delivery");
    drop(s);

    let mut h = app_on(&db, "2026-03-25");
    open(&mut h, case_id);
    let delivered: Vec<(String, bool)> = h
        .state_mut()
        .case_actions_mut()
        .remedy_by_respondent
        .iter()
        .map(|l| (l.0.clone(), l.2))
        .collect();
    assert_eq!(
        delivered,
        vec![("赵立新".to_owned(), true), ("钱二".to_owned(), false)]
    );
    h.get_by_label("钱二：");
    // What the remedy period runs from (002 itself names no remedy; the
    // date is each respondent's own).
    let reader = Storage::open(&db).expect("reader");
    let from = |rid: RespondentId| {
        reader
            .case_export_for(case_id, Some(rid))
            .expect("export")
            .case
            .delivered_on
    };
    assert_eq!(from(rids[0]), Some(date("2026-03-23")));
    assert_eq!(from(rids[1]), None);

    // 复查 for the second respondent: the applicant is chosen first.
    type_into(&mut h, "申请理由", "认为问责方式过重");
    press(&mut h, "登记申请");
    let m = h.state_mut().case_actions_mut().message.clone();
    assert!(m.contains("请选择申诉申请人"), "{m}");
    h.get_by_role_and_label(Role::ComboBox, "申请人")
        .click_accesskit();
    h.run();
    h.get_by_label("钱二（部门负责人）").click_accesskit();
    h.run();
    assert_eq!(
        h.state_mut().case_actions_mut().remedy_respondent,
        Some(rids[1])
    );
    press(&mut h, "登记申请");
    let remedies = h.state_mut().case_actions_mut().remedies.clone();
    assert_eq!(
        remedies.len(),
        1,
        "{}",
        h.state_mut().case_actions_mut().message
    );
    assert_eq!(remedies[0].original_doc_no, docs[1].1);
}

/// The office's chosen 公文 font (issue 17) reaches what the case file makes,
/// as it reaches the wizard's: the 事先告知书 issued there and a 送审稿.
/// (The preview takes the register's choice as the wizard's preview
/// does, from the process-wide faces, which parallel tests would race on.)
#[test]
fn the_case_files_documents_use_the_offices_chosen_font() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    let (case_id, rid) = undecided_002(&db);
    // The office's 仿宋 (body): a real TrueType CJK face under its file name.
    let fang = dir.path().join("simfang.ttf");
    std::fs::copy(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts/wqy-microhei.ttc"),
        &fang,
    )
    .expect("copy font");
    Storage::open(&db)
        .expect("opens")
        .set_setting("pdf_font_body", &fang.display().to_string())
        .expect("setting");
    let fonts_of = |pdf: &[u8]| {
        let path = dir.path().join("fonts.pdf");
        std::fs::write(&path, pdf).expect("write");
        let out = std::process::Command::new("pdffonts")
            .arg(&path)
            .output()
            .expect("pdffonts (poppler-utils)");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let mut h = app_on(&db, "2026-03-09");
    open(&mut h, case_id);

    // 送审稿 of the 不予问责决定书.
    h.state_mut()
        .apply(Command::CaseDocument(DocCommand::Produce {
            respondent: rid,
            kind: DocKind::NoAccountability,
            action: DocAction::Draft,
        }));
    // Taken before a frame can poll the save dialog (see above).
    let (pdf, _, _) = h
        .state_mut()
        .case_docs_mut()
        .saving
        .take()
        .unwrap_or_else(|| panic!("{}", docs_message(&h)));
    let list = fonts_of(&pdf);
    assert!(
        list.contains("WenQuanYi"),
        "送审稿 not in the office font:\n{list}"
    );

    // The 事先告知书 issued from the case file: stored in the office font.
    h.state_mut()
        .case_docs_mut()
        .proposed
        .entry(rid)
        .or_default()
        .insert("批评教育".to_owned());
    h.state_mut()
        .apply(Command::CaseDocument(DocCommand::IssueNotice {
            respondent: rid,
        }));
    h.run();
    let m = docs_message(&h);
    assert!(m.contains("已签发问责事先告知书"), "{m}");
    let id = h
        .state()
        .case_docs()
        .respondent(rid)
        .and_then(|r| r.offers.iter().find(|o| o.kind == DocKind::Notice))
        .map(|o| o.stored[0].0)
        .expect("stored notice");
    let stored = Storage::open(&db)
        .expect("r")
        .document_bytes(id)
        .expect("bytes");
    let list = fonts_of(&stored);
    assert!(
        list.contains("WenQuanYi"),
        "notice not in the office font:\n{list}"
    );
}

/// Two respondents of one case may share a name (two 张伟 in two posts): a
/// 复查 application is recorded against the chosen one's decision, found by
/// the respondent, not by the name.
#[test]
fn a_remedy_finds_the_chosen_respondents_decision_when_two_share_a_name() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    let (case_id, rids) = undecided_002_of(
        &db,
        &[
            ("张伟", "科员及一般工作人员", "承办人"),
            ("张伟", "科级领导干部", "部门负责人"),
        ],
    );
    let mut s = Storage::open(&db).expect("opens");
    s.sign_in_for_test("测试");
    let doc_nos: Vec<String> = decide_each(&mut s, case_id, &rids)
        .into_iter()
        .map(|(_, doc_no)| doc_no)
        .collect();
    drop(s);
    let mut h = app_on(&db, "2026-03-25");
    open(&mut h, case_id);
    // The first 张伟 (承办人) applies; the newer decision is the other's.
    h.get_by_role_and_label(Role::ComboBox, "申请人")
        .click_accesskit();
    h.run();
    h.get_by_label("张伟（承办人）").click_accesskit();
    h.run();
    assert_eq!(
        h.state_mut().case_actions_mut().remedy_respondent,
        Some(rids[0])
    );
    type_into(&mut h, "申请理由", "认为问责方式过重");
    press(&mut h, "登记申请");
    let remedies = h.state_mut().case_actions_mut().remedies.clone();
    assert_eq!(
        remedies.len(),
        1,
        "{}",
        h.state_mut().case_actions_mut().message
    );
    assert_eq!(remedies[0].original_doc_no, doc_nos[0]);
}
