//! After issue (issue 23), through the real case file (egui_kittest) over
//! real register files: the 送达回证 before and after service, and 复查 /
//! 申诉 as each regulation gives them — 000 第九条 gives a 复查
//! that the bureau decides with its own 文号 and 复查决定书; 004 第十六条 gives a
//! 申诉 to 有关部门, whose answer is recorded with no 文号 of ours. 维持 leaves
//! the original in force and counted; 撤销 takes it out of history,
//! statistics and a later case's repeat findings and ends its consequences.

use crate::common::TestSignIn;
use crate::kit::signed_in;
use crate::wizard::type_into;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use wenze::app::{Command, WenzeApp};
use wenze::domain::ids::{CaseId, DecisionId, PersonId, RespondentId};
use wenze::domain::procedure::{RemedyKind, RemedyOutcome, SelectionKind, Stage};
use wenze::storage::Storage;

fn date(s: &str) -> jiff::civil::Date {
    s.parse().expect("date")
}

/// A case under `regulation` received on `received`, one respondent (a new
/// person, or `person` again), the behaviour `behaviour`.
pub(crate) fn case_of(
    s: &mut Storage,
    regulation: &str,
    received: &str,
    person: Option<PersonId>,
    behaviour: &str,
) -> (CaseId, RespondentId, PersonId) {
    let pid = match person {
        Some(p) => p,
        None => s
            .add_person(&wenze::domain::NewPerson {
                name: "王建军".into(),
                unit: "执法处".into(),
                rank: "科员及一般工作人员".into(),
                status: "在职".into(),
                ..Default::default()
            })
            .expect("person"),
    };
    let role = wenze::domain::RespondentRole::from_label("承办人").expect("a role");
    let (case_id, _) = s
        .create_case(&wenze::domain::NewCase {
            case_no: None,
            regulation_id: regulation.into(),
            tolerance_overlay: false,
            clue_source: "群众举报".into(),
            received_on: date(received),
            summary: "未按时限完成交办事项".into(),
            respondents: vec![(pid, role)],
            facts: vec!["经查，该同志未按时限完成交办事项。".into()],
            reporter: None,
        })
        .expect("case");
    let rid = s.respondent_ids(case_id).expect("ids")[0];
    s.add_selections(
        rid,
        regulation,
        &[(SelectionKind::Behaviour, behaviour.into())],
    )
    .expect("selections");
    s.add_evidence(case_id, "询问笔录").expect("evidence");
    (case_id, rid, pid)
}

/// The respondent's 问责 decision (`methods`, on `on`): (decision id, 文号).
pub(crate) fn decide(
    s: &mut Storage,
    case_id: CaseId,
    rid: RespondentId,
    methods: &[&str],
    on: &str,
) -> (DecisionId, String) {
    s.record_decision(&wenze::domain::NewDecision {
        case_id,
        respondent_id: rid,
        kind: wenze::domain::procedure::DecisionKind::Accountability,
        methods: methods.iter().map(|m| (*m).to_owned()).collect(),
        measures: Vec::new(),
        basis: "第三条".into(),
        departure_reason: String::new(),
        precedent_reason: String::new(),
        decided_on: date(on),
        approved_by: "李审核".into(),
        supersedes: None,
    })
    .expect("decision")
}

/// A consequence running for the respondent (as issue records them).
fn running_ban(db: &std::path::Path, case_id: CaseId, rid: RespondentId, label: &str) {
    let mut s = Storage::open(db).expect("opens");
    s.sign_in_for_test("测试");
    s.add_follow_ups(
        case_id,
        rid,
        &[wenze::domain::procedure::NewFollowUp {
            kind: wenze::domain::procedure::FollowUpKind::Ban,
            label: label.to_owned(),
            starts_on: date("2026-03-20"),
            ends_on: date("2026-12-31"),
            cite: "000:8".to_owned(),
        }],
    )
    .expect("follow-up");
}

pub(crate) fn app_on(db: &std::path::Path, today: &str) -> Harness<'static, WenzeApp> {
    let mut app = WenzeApp::open(db);
    app.set_today(date(today));
    let mut h = signed_in(app);
    h.run();
    h
}

pub(crate) fn open(h: &mut Harness<'static, WenzeApp>, case_id: CaseId) {
    h.state_mut().apply(Command::OpenCase(case_id));
    h.run();
}

/// Press a button that may be scrolled out of view (the accesskit action).
fn press(h: &mut Harness<'static, WenzeApp>, label: &str) {
    h.get_by_label(label).click_accesskit();
    h.run();
}

fn choose_outcome(h: &mut Harness<'static, WenzeApp>, combo: &str, outcome: &str) {
    h.get_by_role_and_label(Role::ComboBox, combo)
        .click_accesskit();
    h.run();
    h.get_by_label(outcome).click_accesskit();
    h.run();
}

fn count(db: &std::path::Path, sql: &str) -> i64 {
    rusqlite::Connection::open(db)
        .expect("raw")
        .query_row(sql, [], |r| r.get(0))
        .expect("count")
}

fn pdftotext(pdf: &[u8], dir: &std::path::Path) -> String {
    let path = dir.join("read.pdf");
    std::fs::write(&path, pdf).expect("write");
    let out = std::process::Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    String::from_utf8_lossy(&out.stdout).replace([' ', '\n'], "")
}

/// 000: a 复查 revoking the decision. The bureau's 复查决定书 has its own 文号
/// and is the applicant's; the original stays unchanged but no longer
/// counts — a later case of the same person finds no earlier 问责, the
/// statistics do not count it — and its running consequence ends.
#[test]
fn a_review_that_revokes_takes_the_decision_out_of_history_and_statistics() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    let mut s = Storage::open(&db).expect("opens");
    s.sign_in_for_test("测试");
    let (case_id, rid, pid) = case_of(&mut s, "000", "2026-03-02", None, "B3-2");
    let (_, original) = decide(&mut s, case_id, rid, &["通报批评"], "2026-03-20");
    drop(s);
    running_ban(&db, case_id, rid, "取消当年评优评先资格");
    let mut s = Storage::open(&db).expect("opens");
    s.sign_in_for_test("测试");
    // A later case of the same person: the first decision is history.
    let (later, _, _) = case_of(&mut s, "000", "2026-05-06", Some(pid), "B3-2");
    assert_eq!(s.history_for_case(later).expect("history").len(), 1);
    let stats = s.statistics("2026-01-01", "2027-01-01").expect("stats");
    assert_eq!(stats.decisions, 1);
    drop(s);

    let mut h = app_on(&db, "2026-04-20");
    open(&mut h, case_id);
    // 000 gives a 复查 only: its form says so, nothing says 申诉.
    h.get_by_label("登记复查申请");
    assert_eq!(h.query_all_by_label_contains("申诉").count(), 0);
    type_into(&mut h, "申请理由", "所涉事项已按期办结，有办结记录为证");
    press(&mut h, "登记申请");
    assert_eq!(
        h.state().case_view().expect("case").file.stage,
        Stage::ReviewPending
    );
    // Findings are required: refused without them, nothing written.
    choose_outcome(&mut h, "复查结果", "撤销");
    press(&mut h, "作出复查决定");
    let m = h.state_mut().case_actions_mut().message.clone();
    assert!(m.contains("复查查明"), "{m}");
    assert_eq!(count(&db, "SELECT count(*) FROM documents"), 0);
    type_into(
        &mut h,
        "复查查明",
        "经核查，该事项已于期限内办结，原认定的事实不能成立",
    );
    press(&mut h, "作出复查决定");
    let m = h.state_mut().case_actions_mut().message.clone();
    assert!(m.contains("撤销原决定"), "{m}");
    let remedy = h.state_mut().case_actions_mut().remedies[0].clone();
    assert_eq!(remedy.kind, RemedyKind::Review);
    assert_eq!(remedy.outcome, Some(RemedyOutcome::Revoke));
    assert!(remedy.answer_doc_no.contains('〔'), "{remedy:?}");
    assert_ne!(remedy.answer_doc_no, original);
    // No new decision; the original is untouched.
    assert_eq!(count(&db, "SELECT count(*) FROM decisions"), 1);
    // The 复查决定书: stored with its 文号, the applicant's, the findings as
    // the 复查's and the grounds as the applicant's, what follows.
    let reader = Storage::open(&db).expect("reader");
    let file = reader.case_file(case_id).expect("file");
    let doc = file
        .documents
        .iter()
        .find(|d| d.kind == "review")
        .expect("复查决定书 stored");
    assert_eq!(doc.doc_no, remedy.answer_doc_no);
    let text = pdftotext(&reader.document_bytes(doc.id).expect("bytes"), dir.path());
    assert!(text.contains("申请人：王建军"), "{text}");
    assert!(text.contains("经复查查明：经核查"), "{text}");
    assert!(text.contains("申请人提出：所涉事项已按期办结"), "{text}");
    assert!(
        text.contains(&format!("撤销{original}《问责决定书》")),
        "{text}"
    );
    assert!(text.contains("取消当年评优评先资格同时终止"), "{text}");
    // What counts: nothing of the revoked decision.
    assert!(reader.history_for_case(later).expect("history").is_empty());
    let stats = reader
        .statistics("2026-01-01", "2027-01-01")
        .expect("stats");
    assert_eq!(stats.decisions, 0);
    assert!(stats.by_method.is_empty(), "{:?}", stats.by_method);
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM follow_ups WHERE status = '进行中'"
        ),
        0,
        "the consequence ended"
    );
    let respondents = reader.case_respondents(case_id).expect("respondents");
    assert_eq!(respondents[0].decided.as_deref(), Some("问责（已撤销）"));
    assert!(reader.audit_verify().expect("verify").ok);
}

/// 004: a 申诉 to 有关部门 answered 维持. No 文号 of ours, no 复查 anywhere,
/// the original decision stays current and counted.
#[test]
fn an_appeal_upheld_by_the_other_body_keeps_the_decision_and_allocates_nothing() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    let mut s = Storage::open(&db).expect("opens");
    s.sign_in_for_test("测试");
    let (case_id, rid, _) = case_of(&mut s, "004", "2026-03-02", None, "B6-6");
    let (_, original) = decide(&mut s, case_id, rid, &["通报批评"], "2026-03-20");
    drop(s);
    let numbers = count(&db, "SELECT count(*) FROM doc_numbers");

    let mut h = app_on(&db, "2026-04-20");
    open(&mut h, case_id);
    h.get_by_label("登记申诉申请");
    type_into(&mut h, "申请理由", "认为处理过重");
    press(&mut h, "登记申请");
    assert_eq!(
        h.state().case_view().expect("case").file.stage,
        Stage::AppealPending
    );
    // The 申诉 form: the receiving body, its answer and its own number;
    // never 复查 (nor a 复查决定书 among the documents).
    h.get_by_label("登记申诉结果");
    assert_eq!(
        h.query_all_by_label_contains("复查").count(),
        0,
        "a 004 case file says 复查 somewhere"
    );
    // The answer's date starts as today's (a fresh form).
    let input = |h: &Harness<'static, WenzeApp>| {
        h.get_by_role_and_label(Role::TextInput, "决定日期")
            .value()
            .unwrap_or_default()
    };
    assert_eq!(input(&h), "2026-04-20");
    press(&mut h, "登记申诉结果");
    let m = h.state_mut().case_actions_mut().message.clone();
    assert!(m.contains("维持原决定"), "{m}");
    let remedy = h.state_mut().case_actions_mut().remedies[0].clone();
    assert_eq!(remedy.kind, RemedyKind::Appeal);
    assert_eq!(remedy.outcome, Some(RemedyOutcome::Uphold));
    assert_eq!(remedy.body, "有关部门");
    assert!(h.query_all_by_label_contains("原决定继续有效").count() >= 1);
    assert_eq!(
        count(&db, "SELECT count(*) FROM doc_numbers"),
        numbers,
        "no 文号 of ours for a 申诉"
    );
    assert_eq!(count(&db, "SELECT count(*) FROM decisions"), 1);
    assert_eq!(count(&db, "SELECT count(*) FROM documents"), 0);
    let reader = Storage::open(&db).expect("reader");
    let respondents = reader.case_respondents(case_id).expect("respondents");
    assert_eq!(respondents[0].decided.as_deref(), Some("问责"));
    let stats = reader
        .statistics("2026-01-01", "2027-01-01")
        .expect("stats");
    assert_eq!(stats.decisions, 1);
    assert_eq!(stats.by_method, vec![("通报批评".to_owned(), 1)]);
    let file = reader.case_file(case_id).expect("file");
    assert_eq!(file.decisions[0].doc_no, original);
    // The engine's history says what it was and where it stands (issue 25).
    let pid = file.respondents[0].person_id;
    let history = reader.person_history(&[pid]).expect("history");
    assert_eq!(history.len(), 1);
    assert_eq!(
        history[0].kind,
        Some(wenze::rules::engine::HistoryKind::Accountability)
    );
    assert_eq!(
        history[0].standing,
        wenze::rules::engine::HistoryStanding::Upheld
    );
    assert!(reader.audit_verify().expect("verify").ok);
}

/// 004: a 申诉 changed by the other body needs that body's own number; the
/// changed decision then stands under it, with the new methods.
#[test]
fn an_appeal_changed_by_the_other_body_stands_under_its_own_number() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    let mut s = Storage::open(&db).expect("opens");
    s.sign_in_for_test("测试");
    let (case_id, rid, _) = case_of(&mut s, "004", "2026-03-02", None, "B6-6");
    decide(&mut s, case_id, rid, &["通报批评"], "2026-03-20");
    drop(s);
    let numbers = count(&db, "SELECT count(*) FROM doc_numbers");
    let mut h = app_on(&db, "2026-04-20");
    open(&mut h, case_id);
    type_into(&mut h, "申请理由", "认为处理过重");
    press(&mut h, "登记申请");
    choose_outcome(&mut h, "申诉结果", "变更");
    h.get_by_role_and_label(Role::CheckBox, "责令作出书面检查")
        .click_accesskit();
    h.run();
    type_into(&mut h, "决定理由", "情节较轻");
    press(&mut h, "登记申诉结果");
    let m = h.state_mut().case_actions_mut().message.clone();
    assert!(m.contains("文号"), "refused without their number: {m}");
    assert_eq!(count(&db, "SELECT count(*) FROM decisions"), 1);
    type_into(&mut h, "对方文号", "保环申〔2026〕3号");
    press(&mut h, "登记申诉结果");
    let m = h.state_mut().case_actions_mut().message.clone();
    assert!(m.contains("保环申〔2026〕3号"), "{m}");
    assert_eq!(count(&db, "SELECT count(*) FROM doc_numbers"), numbers);
    let reader = Storage::open(&db).expect("reader");
    let stats = reader
        .statistics("2026-01-01", "2027-01-01")
        .expect("stats");
    assert_eq!(
        stats.decisions, 1,
        "the changed decision replaces the original"
    );
    assert_eq!(stats.by_method, vec![("责令作出书面检查".to_owned(), 1)]);
    let file = reader.case_file(case_id).expect("file");
    let changed = file
        .decisions
        .iter()
        .find(|d| d.doc_no == "保环申〔2026〕3号")
        .expect("their decision recorded");
    assert_eq!(changed.approved_by, "有关部门");
    assert!(reader.audit_verify().expect("verify").ok);
}

/// The 送达回证 goes with the deliverer (issue 23): before service it prints
/// from what is known — the 送达地点 and 送达人 typed in 登记送达, the clerk as
/// 填发人 — and says so until they are typed; after service it prints the
/// recorded delivery. A delivery cannot predate its document.
#[test]
fn the_receipt_prints_before_service_and_a_delivery_never_predates_its_document() {
    use wenze::app::casedocs::{DocAction, DocCommand};
    use wenze::export::documents::DocKind;
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    let mut s = Storage::open(&db).expect("opens");
    s.sign_in_for_test("测试");
    let (case_id, rid, _) = case_of(&mut s, "004", "2026-03-02", None, "B6-6");
    let (decision_id, doc_no) = decide(&mut s, case_id, rid, &["通报批评"], "2026-03-20");
    s.store_document(
        case_id,
        Some(decision_id),
        "decision",
        &doc_no,
        "问责决定书",
        b"%PDF-1.7\n",
    )
    .expect("document");
    drop(s);
    let mut h = app_on(&db, "2026-03-23");
    h.state_mut().set_save_dir(dir.path().join("问责文书"));
    open(&mut h, case_id);
    // The respondent's own state beside their name: decided, not yet served.
    h.get_by_label("【已决定】");
    let offer = h
        .state()
        .case_docs()
        .respondent(rid)
        .and_then(|r| {
            r.offers
                .iter()
                .find(|o| o.kind == DocKind::Receipt)
                .cloned()
        })
        .expect("receipt offered");
    assert!(offer.before_service, "{offer:?}");
    let produce = |h: &mut Harness<'static, WenzeApp>| {
        h.state_mut()
            .apply(Command::CaseDocument(DocCommand::Produce {
                respondent: rid,
                kind: DocKind::Receipt,
                action: DocAction::Save,
            }));
        h.run();
    };
    produce(&mut h);
    let m = h.state().case_docs().message.clone();
    assert!(m.contains("送达地点和送达人"), "{m}");
    assert!(h.state_mut().case_docs_mut().saving.is_none());
    type_into(&mut h, "送达地点", "王家庄村委会办公室");
    type_into(&mut h, "送达人", "周文博、吴敏");
    produce(&mut h);
    let pdf = crate::common::saved(&mut h, "送达回证");
    let text = pdftotext(&pdf, dir.path());
    assert!(text.contains("送达回证"), "{text}");
    assert!(text.contains("王家庄村委会办公室"), "{text}");
    assert!(text.contains("周文博、吴敏"), "{text}");
    assert!(text.contains(&doc_no), "the document served: {text}");
    assert!(
        text.contains("□直接送达"),
        "the manner is a box to tick: {text}"
    );

    // A delivery dated before the decision existed is refused, nothing written.
    type_into(&mut h, "受送达人", "王建军");
    type_into(&mut h, "送达回证", "本人签收");
    let field = |h: &Harness<'static, WenzeApp>| {
        h.get_by_role_and_label(Role::TextInput, "送达日期")
            .value()
            .unwrap_or_default()
    };
    assert_eq!(field(&h), "2026-03-23");
    h.get_by_role_and_label(Role::TextInput, "送达日期").focus();
    h.run();
    for _ in 0..2 {
        h.key_press(egui::Key::Backspace);
    }
    h.run();
    h.get_by_role_and_label(Role::TextInput, "送达日期")
        .type_text("19");
    h.run();
    assert_eq!(field(&h), "2026-03-19");
    press(&mut h, "记录送达");
    let m = h.state_mut().case_actions_mut().message.clone();
    assert!(m.contains("早于所送达文书"), "{m}");
    assert_eq!(count(&db, "SELECT count(*) FROM deliveries"), 0);
}

/// The same steps headless (`wenze case`, issue 23): delivery with its
/// 送达回证 particulars, the 申诉 and the other body's 维持, then `case show
/// --json` gives the whole record — the same records as the window's.
#[test]
fn the_case_commands_take_the_same_steps_as_the_window() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    let mut s = Storage::open(&db).expect("opens");
    s.sign_in_for_test("测试");
    let h = wenze::domain::auth::Credentials::new("luru2026").expect("hash");
    s.add_user("zhao", "赵录入", wenze::domain::auth::UserRole::Clerk, &h)
        .expect("clerk");
    let h = wenze::domain::auth::Credentials::new("shenhe2026").expect("hash");
    s.add_user("li", "李审核", wenze::domain::auth::UserRole::Reviewer, &h)
        .expect("reviewer");
    let (case_id, rid, _) = case_of(&mut s, "004", "2026-03-02", None, "B6-6");
    let (decision_id, doc_no) = decide(&mut s, case_id, rid, &["通报批评"], "2026-03-20");
    s.store_document(
        case_id,
        Some(decision_id),
        "decision",
        &doc_no,
        "问责决定书",
        b"%PDF-1.7\n",
    )
    .expect("document");
    drop(s);
    let numbers = count(&db, "SELECT count(*) FROM doc_numbers");
    let wenze = |args: &[&str], password: &str| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_wenze"))
            .args(args)
            .arg("--db")
            .arg(&db)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .and_then(|mut c| {
                use std::io::Write as _;
                c.stdin
                    .take()
                    .expect("stdin")
                    .write_all(format!("{password}\n").as_bytes())?;
                c.wait_with_output()
            })
            .expect("runs");
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let id = case_id.to_string();
    // Without 送达地点 the window's refusal, in Chinese, nothing written.
    let (ok, _, err) = wenze(
        &[
            "case",
            "deliver",
            &id,
            "--date",
            "2026-03-23",
            "--recipient",
            "王建军",
            "--address",
            "",
            "--deliverer",
            "周文博",
            "--receipt",
            "本人签收",
            "--user",
            "zhao",
        ],
        "luru2026",
    );
    assert!(!ok);
    assert!(err.contains("送达地点"), "{err}");
    let (ok, out, err) = wenze(
        &[
            "case",
            "deliver",
            &id,
            "--date",
            "2026-03-23",
            "--recipient",
            "王建军",
            "--address",
            "执法处办公室",
            "--deliverer",
            "周文博、吴敏",
            "--receipt",
            "本人签收，回证第 3 号",
            "--time",
            "10时30分",
            "--user",
            "zhao",
        ],
        "luru2026",
    );
    assert!(ok, "{err}");
    assert!(out.contains("已记录送达"), "{out}");
    let (ok, _, err) = wenze(
        &[
            "case",
            "remedy",
            &id,
            "--date",
            "2026-03-30",
            "--grounds",
            "认为处理过重",
            "--user",
            "zhao",
        ],
        "luru2026",
    );
    assert!(ok, "{err}");
    // A clerk may not record the answer (audited refusal); a reviewer may.
    let (ok, _, err) = wenze(
        &["case", "show", &id, "--json", "--user", "zhao"],
        "luru2026",
    );
    assert!(ok, "{err}");
    let remedy_id = count(&db, "SELECT max(id) FROM remedies").to_string();
    let answer = |user: &str, password: &str| {
        wenze(
            &[
                "case",
                "answer",
                &id,
                "--remedy",
                &remedy_id,
                "--outcome",
                "维持",
                "--date",
                "2026-04-20",
                "--body",
                "保定市生态环境局",
                "--user",
                user,
            ],
            password,
        )
    };
    let (ok, _, err) = answer("zhao", "luru2026");
    assert!(!ok);
    assert!(err.contains("无权"), "{err}");
    let (ok, out, err) = answer("li", "shenhe2026");
    assert!(ok, "{err}");
    assert!(out.contains("原决定继续有效"), "{out}");
    let (ok, out, err) = wenze(
        &["case", "show", &id, "--json", "--user", "li"],
        "shenhe2026",
    );
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let r = &v["被问责人"][0];
    assert_eq!(r["状态"], "救济已决");
    assert_eq!(r["送达"]["送达地点"], "执法处办公室");
    assert_eq!(r["复查申诉"][0]["类别"], "申诉");
    assert_eq!(r["复查申诉"][0]["结果"], "维持");
    assert_eq!(r["复查申诉"][0]["作出机关"], "保定市生态环境局");
    assert_eq!(r["决定"][0]["文号"], doc_no.as_str());
    assert_eq!(r["决定"][0]["已撤销"], false);
    assert_eq!(r["文书"][0]["sha256"].as_str().map(str::len), Some(64));
    // Who did what: the clerk served and applied, the reviewer answered.
    let audit = v["审计记录"].as_array().expect("audit");
    let actor_of = |action: &str| {
        audit
            .iter()
            .find(|a| a["操作"] == action)
            .map(|a| a["操作人"].as_str().unwrap_or_default().to_owned())
            .unwrap_or_default()
    };
    assert!(actor_of("送达").starts_with("赵录入"), "{audit:?}");
    assert!(actor_of("申请申诉").starts_with("赵录入"), "{audit:?}");
    assert!(actor_of("申诉结果").starts_with("李审核"), "{audit:?}");
    assert_eq!(
        count(&db, "SELECT count(*) FROM doc_numbers"),
        numbers,
        "no 文号 of ours for a 申诉"
    );
    let reader = Storage::open(&db).expect("reader");
    assert!(reader.audit_verify().expect("verify").ok);
}

/// 000 第九条: a 复查 within 15 working days of service. Served 2026-11-02,
/// the last day is 2026-11-23; an application of 12-01 is recorded as made,
/// said to be late with the article, and answered 不予受理 — the bureau's
/// 复查决定书 with its 文号; the original stands and is counted.
#[test]
fn a_late_review_is_flagged_with_its_article_and_not_accepted() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    let mut s = Storage::open(&db).expect("opens");
    s.sign_in_for_test("测试");
    let (case_id, rid, _) = case_of(&mut s, "000", "2026-09-14", None, "B3-2");
    let (decision_id, original) = decide(&mut s, case_id, rid, &["通报批评"], "2026-10-30");
    let (doc_id, _) = s
        .store_document(
            case_id,
            Some(decision_id),
            "decision",
            &original,
            "问责决定书",
            b"%PDF-1.7\n",
        )
        .expect("document");
    s.record_delivery(&wenze::domain::procedure::NewDelivery {
        case_id,
        document_id: Some(doc_id),
        delivered_on: date("2026-11-02"),
        method: Default::default(),
        recipient: "王建军".into(),
        receipt: "本人签收".into(),
        witness: String::new(),
        address: "执法处办公室".into(),
        served_at: String::new(),
        deliverer: "周文博".into(),
        agent: String::new(),
        note: String::new(),
    })
    .expect("delivery");
    drop(s);
    let mut h = app_on(&db, "2026-12-02");
    open(&mut h, case_id);
    h.get_by_label_contains("最后一日为2026年11月23日");
    // Applied on 12-01 (the form's date set as typed in the window).
    h.state_mut().case_actions_mut().remedy_applied_on.clear();
    type_into(&mut h, "申请日期", "2026-12-01");
    type_into(&mut h, "申请理由", "认为处理过重");
    press(&mut h, "登记申请");
    let m = h.state_mut().case_actions_mut().message.clone();
    assert!(m.contains("已超过规定的期限"), "{m}");
    assert!(m.contains("第九条"), "{m}");
    assert!(
        h.query_all_by_label_contains("可作出不予受理的决定")
            .count()
            >= 1,
        "the late application is flagged beside it"
    );
    choose_outcome(&mut h, "复查结果", "不予受理");
    press(&mut h, "作出复查决定");
    let m = h.state_mut().case_actions_mut().message.clone();
    assert!(m.contains("复查查明"), "a reason is required: {m}");
    type_into(
        &mut h,
        "复查查明",
        "申请人于2026年12月1日提出申请，已超过第九条规定的15个工作日",
    );
    press(&mut h, "作出复查决定");
    let m = h.state_mut().case_actions_mut().message.clone();
    assert!(m.contains("不予受理"), "{m}");
    let remedy = h.state_mut().case_actions_mut().remedies[0].clone();
    assert_eq!(remedy.outcome, Some(RemedyOutcome::NotAccepted));
    assert_eq!(count(&db, "SELECT count(*) FROM decisions"), 1);
    let reader = Storage::open(&db).expect("reader");
    let file = reader.case_file(case_id).expect("file");
    let doc = file
        .documents
        .iter()
        .find(|d| d.kind == "review")
        .expect("复查决定书 stored");
    let text = pdftotext(&reader.document_bytes(doc.id).expect("bytes"), dir.path());
    assert!(text.contains("不予受理"), "{text}");
    assert!(text.contains("原决定继续有效"), "{text}");
    assert_eq!(
        reader
            .statistics("2026-01-01", "2027-01-01")
            .expect("stats")
            .decisions,
        1
    );
}

/// What the clerk finds beyond the regulation's items (issue 29) is stored
/// with the respondent and assessed from the register as from a case file:
/// under the 容错纠错 overlay a 容错 with every condition is exempt, until a
/// 第十七条 exclusion (严重违纪涉嫌违法、应当适用“第四种形态”) is recorded — then
/// no 容错免责 is offered, with the article.
#[test]
fn findings_beyond_the_items_are_stored_and_assessed_from_the_register() {
    use wenze::app::case_input::CaseExports;
    use wenze::domain::{RespondentDetails, RespondentFindings};
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    let mut s = Storage::open(&db).expect("opens");
    s.sign_in_for_test("测试");
    let pid = s
        .add_person(&wenze::domain::NewPerson {
            name: "赵晓燕".into(),
            unit: "审批科".into(),
            rank: "科员及一般工作人员".into(),
            status: "在职".into(),
            ..Default::default()
        })
        .expect("person");
    let role = wenze::domain::RespondentRole::from_label("承办人").expect("role");
    let case_with = |s: &mut Storage, findings: RespondentFindings| {
        let (case_id, _, rids) = s
            .create_case_with(
                &wenze::domain::NewCase {
                    case_no: None,
                    regulation_id: "004".into(),
                    tolerance_overlay: true,
                    clue_source: "群众举报".into(),
                    received_on: date("2026-07-20"),
                    summary: "容缺受理后许可超期办结".into(),
                    respondents: vec![(pid, role)],
                    facts: vec!["经查，许可办结超出承诺时限。".into()],
                    reporter: None,
                },
                &[RespondentDetails {
                    findings,
                    ..Default::default()
                }],
            )
            .expect("case");
        let mut items = vec![
            (SelectionKind::Behaviour, "B6-6".to_owned()),
            (SelectionKind::ToleranceSituation, "T14-4".to_owned()),
        ];
        for k in ["K14-2-1", "K14-2-2", "K14-2-3", "K14-2-4"] {
            items.push((SelectionKind::ToleranceCondition, k.to_owned()));
        }
        s.add_selections(rids[0], "004", &items)
            .expect("selections");
        case_id
    };
    let assess = |s: &Storage, case_id: CaseId| {
        let ex = s.case_export(case_id).expect("export");
        wenze::rules::assess(
            &ex.case,
            &wenze::rules::RegulationSet::bundled(),
            &[],
            &wenze::rules::Calendar::bundled(),
        )
        .expect("assess")
    };
    let plain = case_with(&mut s, RespondentFindings::default());
    let a = assess(&s, plain);
    let t = a.respondents[0].tolerance.as_ref().expect("容错 assessed");
    assert!(t.exempt, "{}", t.explanation);

    let excluded = case_with(
        &mut s,
        RespondentFindings {
            tolerance_exclusions: vec!["E17-1".to_owned()],
            discipline_form: Some("第四种形态".to_owned()),
            ..Default::default()
        },
    );
    let ex = s.case_export(excluded).expect("export");
    assert_eq!(ex.case.respondents[0].tolerance_exclusions, vec!["E17-1"]);
    assert_eq!(
        ex.case.respondents[0].discipline_form,
        Some(wenze::rules::engine::DisciplineForm::Fourth)
    );
    let a = assess(&s, excluded);
    let r = &a.respondents[0];
    assert!(
        r.tolerance.as_ref().is_none_or(|t| !t.exempt),
        "{:?}",
        r.tolerance
    );
    let said = serde_json::to_string(r).expect("json");
    assert!(said.contains("第十七条"), "{said}");
    assert!(s.audit_verify().expect("verify").ok);
    // A stored finding the program cannot read is an error, not “none”.
    drop(s);
    let raw = rusqlite::Connection::open(&db).expect("raw");
    raw.execute_batch("DROP TRIGGER IF EXISTS respondents_no_update")
        .expect("no such trigger is fine");
    raw.execute(
        "UPDATE respondents SET findings = '{\"unknown\": 1}' WHERE case_id = ?1",
        [excluded],
    )
    .expect("tamper");
    let s = Storage::open(&db).expect("opens");
    let e = s.case_export(excluded).expect_err("unreadable findings");
    assert!(e.to_string().contains("认定情节记录有误"), "{e}");
}

/// 000 第八条第（四）项: a 处室负责人 liable only jointly. 王建军 (部门负责人)
/// has no 问责情形 of his own; 阿依古丽 of his 处 was deducted for 考评扣分.
/// His assessment recommends the economic penalty the text gives (“参照予以
/// 相应经济处罚”), cited, and his decision rests on that article and names
/// whose penalty his follows.
#[test]
fn a_head_liable_only_jointly_is_recommended_the_economic_penalty_and_says_whose() {
    use crate::common::{case, d, person, run};
    use wenze::export::documents::{self, DocDetails, DocKind};
    let mut head = person("2", "王建军", "规划处");
    head.role = "部门负责人".to_owned();
    let mut clerk = person("1", "阿依古丽", "规划处");
    clerk.behaviours = vec!["B3-2".to_owned()];
    clerk.severity = Some("较轻".to_owned());
    clerk.appraisal_deduction = true;
    clerk.methods = vec!["批评教育".to_owned()];
    let mut c = case("000", "2026-09-01", vec![head, clerk]);
    c.decided_on = Some(d("2026-10-20"));
    let a = run(&c, &[]);
    let h = &a.respondents[0];
    assert!(h.behaviours.is_empty());
    let ids: Vec<&str> = h
        .recommended_methods
        .iter()
        .map(|m| m.id.as_str())
        .collect();
    assert!(ids.contains(&"扣除绩效奖励"), "{ids:?}");
    assert!(
        h.recommended_methods
            .iter()
            .all(|m| m.citation.article == "第八条第（四）项"),
        "{:?}",
        h.recommended_methods
    );
    assert_eq!(h.joint_liability.len(), 1, "{:?}", h.notes);
    // Liable jointly: not also told that nothing is recommended.
    assert!(
        !h.warnings.iter().any(|w| w.contains("未认定问责情形")),
        "{:?}",
        h.warnings
    );
    // His decision: 扣除绩效奖励 on the ground of 第八条第（四）项.
    // What the register records for him (the case JSON's document part).
    let details: DocDetails = serde_json::from_value(serde_json::json!({
        "office": "自治区环保厅",
        "doc_no": "新环效〔2026〕5号",
        "issued_on": "2026-10-20",
        "outcome": "问责",
        "methods": ["扣除绩效奖励"],
        "unit": "规划处",
        "facts": ["阿依古丽在年终考评中被扣分。"],
        "decider": "厅党组会"
    }))
    .expect("details");
    let doc = documents::build(
        DocKind::Decision,
        &details,
        &a,
        &c.case_no,
        &wenze::rules::RegulationSet::bundled(),
        &wenze::rules::Calendar::bundled(),
        &documents::templates(documents::TEMPLATES).expect("templates"),
    )
    .expect("the head's decision builds");
    let text: String = wenze::export::layout(&doc)
        .expect("layout")
        .text_lines()
        .concat()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    assert!(text.contains("王建军作为阿依古丽的部门负责人"), "{text}");
    assert!(text.contains("第八条第（四）项"), "{text}");
    assert!(text.contains("作出如下处理：扣除绩效奖励"), "{text}");
}

/// 000 第八条第（四）项: when the 当事人's decision is revoked on 复查, the
/// head who answers jointly for it is flagged beside the answer, with the
/// article, for the office to review his decision.
#[test]
fn revoking_the_respondents_decision_flags_the_jointly_liable_head() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    let mut s = Storage::open(&db).expect("opens");
    s.sign_in_for_test("测试");
    let person = |s: &mut Storage, name: &str| {
        s.add_person(&wenze::domain::NewPerson {
            name: name.into(),
            unit: "规划处".into(),
            rank: "科员及一般工作人员".into(),
            status: "在职".into(),
            ..Default::default()
        })
        .expect("person")
    };
    let (clerk, head) = (person(&mut s, "阿依古丽"), person(&mut s, "王建军"));
    let role = |l: &str| wenze::domain::RespondentRole::from_label(l).expect("role");
    let (case_id, _) = s
        .create_case(&wenze::domain::NewCase {
            case_no: None,
            regulation_id: "000".into(),
            tolerance_overlay: false,
            clue_source: "群众举报".into(),
            received_on: date("2026-09-01"),
            summary: "未按时限完成交办事项".into(),
            respondents: vec![(clerk, role("承办人")), (head, role("部门负责人"))],
            facts: vec!["经查，未按时限完成交办事项。".into()],
            reporter: None,
        })
        .expect("case");
    let rids = s.respondent_ids(case_id).expect("ids");
    s.add_selections(
        rids[0],
        "000",
        &[(SelectionKind::Behaviour, "B3-2".to_owned())],
    )
    .expect("selections");
    decide(&mut s, case_id, rids[0], &["通报批评"], "2026-10-20");
    decide(&mut s, case_id, rids[1], &["扣除绩效奖励"], "2026-10-20");
    drop(s);
    let mut h = app_on(&db, "2026-11-02");
    open(&mut h, case_id);
    h.get_by_role_and_label(Role::ComboBox, "申请人")
        .click_accesskit();
    h.run();
    h.get_by_label("阿依古丽（承办人）").click_accesskit();
    h.run();
    type_into(&mut h, "申请理由", "所涉事项已按期办结");
    press(&mut h, "登记申请");
    choose_outcome(&mut h, "复查结果", "撤销");
    type_into(&mut h, "复查查明", "经核查，事项已按期办结");
    press(&mut h, "作出复查决定");
    let m = h.state_mut().case_actions_mut().message.clone();
    assert!(m.contains("撤销原决定"), "{m}");
    h.get_by_label_contains("王建军（部门负责人）依第八条第（四）项");
}

/// 002 第十五条: the 陈述申辩 period of a served 事先告知书 is on the 工作台
/// while it runs (the office's 5 working days), with the article; once the
/// respondent is heard it is no longer listed.
#[test]
fn the_statement_period_of_a_served_notice_is_on_the_dashboard() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    let mut s = Storage::open(&db).expect("opens");
    s.sign_in_for_test("测试");
    s.set_setting("statement_days.002", "5").expect("setting");
    let (case_id, rid, _) = case_of(&mut s, "002", "2026-03-02", None, "B5-1");
    let (notice_id, _) = s
        .issue_notice(case_id, rid, date("2026-03-02"), |_| {
            Ok(("问责事先告知书".to_owned(), b"%PDF-1.7\n".to_vec()))
        })
        .expect("notice");
    s.record_delivery(&wenze::domain::procedure::NewDelivery {
        case_id,
        document_id: Some(notice_id),
        delivered_on: date("2026-03-03"),
        method: Default::default(),
        recipient: "王建军".into(),
        receipt: "本人签收".into(),
        witness: String::new(),
        address: "执法处办公室".into(),
        served_at: String::new(),
        deliverer: "周文博".into(),
        agent: String::new(),
        note: String::new(),
    })
    .expect("notice served");
    drop(s);
    let mut h = app_on(&db, "2026-03-05");
    h.state_mut()
        .apply(Command::Navigate(wenze::app::Route::Dashboard));
    crate::kit::settle(&mut h);
    let items = h.state().dashboard().items.clone();
    let item = items
        .iter()
        .find(|i| i.kind == "陈述申辩期限")
        .unwrap_or_else(|| panic!("{items:?}"));
    // 5 working days from 2026-03-03 (a Tuesday): 2026-03-10.
    assert_eq!(item.due, date("2026-03-10"));
    assert!(
        item.citation
            .as_ref()
            .is_some_and(|c| c.article == "第十五条"),
        "{item:?}"
    );
    drop(h);
    // Heard: no longer waiting.
    let mut s = Storage::open(&db).expect("opens");
    s.sign_in_for_test("测试");
    s.add_statement_adopted(case_id, rid, "2026-03-06", "对事实无异议", "予以采纳")
        .expect("heard");
    drop(s);
    let mut h = app_on(&db, "2026-03-06");
    h.state_mut()
        .apply(Command::Navigate(wenze::app::Route::Dashboard));
    crate::kit::settle(&mut h);
    assert!(
        h.state()
            .dashboard()
            .items
            .iter()
            .all(|i| i.kind != "陈述申辩期限")
    );
}
