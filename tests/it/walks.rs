//! Whole cases from 线索登记 to the end of their remedy, each walked twice:
//! in the window (egui_kittest, as a clerk and a reviewer press it) and
//! through `wenze case` (the same transitions headless). Each walk asserts
//! the records and the printed text, and both walks of a case must leave the
//! same record (`wenze case show --json`, without ids, hashes and times).

use crate::common::TestSignIn;
use std::path::Path;
use wenze::domain::ids::CaseId;

use serde_json::{Value, json};

/// The office and its users: 录入员 赵录入 (zhao), 审核人 李审核 (li).
pub(crate) fn office(db: &Path) {
    let mut s = wenze::storage::Storage::open(db).expect("opens");
    s.sign_in_for_test("测试");
    for (u, n, r, p) in [
        ("zhao", "赵录入", "录入员", "luru2026"),
        ("li", "李审核", "审核人", "shenhe2026"),
    ] {
        let h = wenze::domain::auth::Credentials::new(p).expect("hash");
        let r = wenze::domain::auth::UserRole::from_label(r).expect("role");
        s.add_user(u, n, r, &h).expect("user");
    }
    s.set_setting("office_name", "保定市生态环境局徐水区分局")
        .expect("setting");
    s.set_setting("office_code", "徐环问").expect("setting");
}

pub(crate) fn password(user: &str) -> &'static str {
    match user {
        "zhao" => "luru2026",
        "li" => "shenhe2026",
        _ => "wenze2026",
    }
}

/// `wenze ARGS --db DB --user USER` with the user's password on stdin:
/// (success, stdout, stderr).
pub(crate) fn wenze(db: &Path, user: &str, args: &[&str]) -> (bool, String, String) {
    use std::io::Write as _;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_wenze"))
        .args(args)
        .arg("--db")
        .arg(db)
        .arg("--user")
        .arg(user)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("runs");
    // A command refused before it asks for the password may have exited
    // already: a closed pipe is its answer, not a failure of the test.
    match child
        .stdin
        .take()
        .expect("stdin")
        .write_all(format!("{}\n", password(user)).as_bytes())
    {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => panic!("password: {e}"),
        _ => {}
    }
    let out = child.wait_with_output().expect("ends");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// As [`wenze`], failing the test with its stderr when it fails.
pub(crate) fn ok(db: &Path, user: &str, args: &[&str]) -> String {
    let (success, out, err) = wenze(db, user, args);
    assert!(success, "wenze {args:?} failed: {err}{out}");
    out
}

/// The case id `wenze case issue` / `notice` printed.
pub(crate) fn case_id_in(out: &str) -> i64 {
    out.lines()
        .find_map(|l| l.strip_prefix("案件编号 "))
        .and_then(|l| l.split('，').next())
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no case id in {out}"))
}

/// The draft key `wenze case register` printed.
pub(crate) fn draft_key(out: &str) -> String {
    out.split(|c: char| c.is_whitespace() || c == '（')
        .find(|w| w.starts_with("draft-"))
        .map(str::to_owned)
        .unwrap_or_else(|| panic!("no draft key in {out}"))
}

pub(crate) fn write_json(dir: &Path, name: &str, v: &Value) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, serde_json::to_vec_pretty(v).expect("json")).expect("write");
    p
}

/// The record of case `id` as `wenze case show --json` gives it.
pub(crate) fn record(db: &Path, id: i64) -> Value {
    let out = ok(db, "li", &["case", "show", &id.to_string(), "--json"]);
    // Whatever step the walk is at, the stored stage is the one rule's.
    let (stored, derived) = wenze::storage::Storage::open(db)
        .expect("opens")
        .stage_stored_and_derived(CaseId::new(id))
        .expect("stage");
    assert_eq!(
        stored, derived,
        "case {id}: stored stage is not the derived one"
    );
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"))
}

/// What two walks of one case must agree on: the record without the
/// register's ids, hashes, times and the audit list (its actors are
/// asserted by each walk).
pub(crate) fn comparable(v: &Value) -> Value {
    fn strip(v: &Value) -> Value {
        match v {
            Value::Object(m) => Value::Object(
                m.iter()
                    .filter(|(k, _)| {
                        !matches!(
                            k.as_str(),
                            "编号"
                                | "案件编号"
                                | "sha256"
                                | "ofd_sha256"
                                | "审计记录"
                                | "类案参考"
                                | "时间"
                        )
                    })
                    .map(|(k, v)| (k.clone(), strip(v)))
                    .collect(),
            ),
            Value::Array(a) => Value::Array(a.iter().map(strip).collect()),
            other => other.clone(),
        }
    }
    strip(v)
}

pub(crate) fn pdftotext(path: &Path) -> String {
    let out = std::process::Command::new("pdftotext")
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    String::from_utf8_lossy(&out.stdout).replace([' ', '\n'], "")
}

/// The 004 walk's case as the wizard's form: 王磊 (承办人) and 周建华
/// (部门负责人, dissent recorded), both 第六条第（六）项; 王磊 asked for
/// 从轻 and got 通报批评, not the ★ recommendation.
pub(crate) fn walk_004_form() -> Value {
    json!({
        "regulation": "004",
        "clue_source": "群众投诉核实",
        "received_on": "2026-10-09",
        "summary": "对某家具厂的行政处罚认定事实不清、证据不足",
        "facts": "经查，2026年9月对某家具厂作出的行政处罚，认定的违法事实不清、证据不足，已被复议机关撤销。",
        "evidence": "行政处罚案卷\n复议决定书",
        "team": "赵录入、孙明",
        "investigation_started_on": "2026-10-10",
        "decided_on": "2026-11-02",
        "respondents": [
            {
                "new_person": true,
                "np_name": "王磊",
                "np_gender": "男",
                "np_unit": "执法大队",
                "np_post": "执法队员",
                "np_rank": "科员及一般工作人员",
                "np_id_number": "11010519491231002X",
                "role": "承办人",
                "statement_heard_on": "2026-10-28",
                "statement": "对事实无异议，已主动承认过错并配合纠正，请求从轻处理。",
                "statement_adopted": "部分采纳：其主动承认过错并及时纠正，依第十一条第（一）项从轻；但处罚已被复议撤销、造成一定影响，仍予通报批评。",
                "behaviours": ["B6-6"],
                "factors": ["F11-1"],
                "severity": "较轻",
                "outcome": "问责",
                "methods": ["通报批评"],
                "departure_reason": "复议撤销已造成一定影响，书面检查不足以警示，选择通报批评。"
            },
            {
                "new_person": true,
                "np_name": "周建华",
                "np_gender": "男",
                "np_unit": "执法大队",
                "np_post": "大队长",
                "np_rank": "科级领导干部",
                "np_id_number": "110105199003070017",
                "role": "部门负责人",
                "facts": "案件集体讨论时，周建华提出证据不足、不同意处罚，记录在案。",
                "statement_heard_on": "2026-10-28",
                "statement": "集体讨论时已提出不同意见。",
                "statement_adopted": "采纳：讨论记录证明其已表示不同意见。",
                "dissent_recorded": true,
                "behaviours": ["B6-6"],
                "severity": "较轻",
                "outcome": "不予问责"
            }
        ]
    })
}

/// The facts after 退回: the clerk adds the date asked for.
pub(crate) fn amended_facts() -> Value {
    let facts = walk_004_form()["facts"]
        .as_str()
        .map(|f| format!("{f}{}", window::ADDED))
        .expect("facts");
    json!({ "facts": facts })
}

fn respondent<'a>(v: &'a Value, name: &str) -> &'a Value {
    v["被问责人"]
        .as_array()
        .expect("respondents")
        .iter()
        .find(|r| r["姓名"] == name)
        .unwrap_or_else(|| panic!("no {name} in {v}"))
}

/// What the 004 walk must leave, whichever way it was walked.
pub(crate) fn assert_walk_004(db: &Path, case_id: i64, dir: &Path) -> Value {
    let v = record(db, case_id);
    let wang = respondent(&v, "王磊");
    let zhou = respondent(&v, "周建华");
    // One 问责 and one 不予问责, both current; no 复查 decision.
    assert_eq!(wang["决定"].as_array().map(Vec::len), Some(1), "{wang}");
    assert_eq!(wang["决定"][0]["结论"], "问责");
    assert_eq!(wang["决定"][0]["问责方式"], json!(["通报批评"]));
    assert_eq!(wang["决定"][0]["已被取代"], false);
    assert_eq!(wang["决定"][0]["已撤销"], false);
    assert_eq!(zhou["决定"].as_array().map(Vec::len), Some(1), "{zhou}");
    assert_eq!(zhou["决定"][0]["结论"], "不予问责");
    assert_eq!(wang["状态"], "救济已决", "{wang}");
    assert_eq!(zhou["状态"], "已送达", "{zhou}");
    // The 申诉 answered by 有关部门: no 文号 of ours.
    let remedy = &wang["复查申诉"][0];
    assert_eq!(remedy["类别"], "申诉");
    assert_eq!(remedy["结果"], "维持");
    assert_eq!(remedy["作出机关"], "保定市徐水区人民政府");
    assert!(
        !remedy["结果文号"]
            .as_str()
            .unwrap_or_default()
            .contains("徐环问")
    );
    // Delivery with every field of the 送达回证.
    assert_eq!(wang["送达"]["送达方式"], "直接送达");
    assert_eq!(zhou["送达"]["送达方式"], "留置送达");
    assert_eq!(zhou["送达"]["见证人"], "刘洋（执法大队副大队长）");
    // 第十三条: 取消当年先进个人评选资格 until the year's end, a record of
    // 王磊's; none for 周建华.
    let follow_ups = v["后续事项"].as_array().expect("follow-ups");
    assert!(
        follow_ups.iter().any(|c| c["人员"] == "王磊"
            && c["事项"]
                .as_str()
                .is_some_and(|l| l.contains("取消当年先进个人评选资格"))
            && c["止"] == "2026-12-31"),
        "{follow_ups:?}"
    );
    assert!(
        !follow_ups.iter().any(|c| c["人员"] == "周建华"),
        "{follow_ups:?}"
    );
    assert!(
        wang["未届满的后果"]
            .as_array()
            .is_some_and(|a| !a.is_empty()),
        "{wang}"
    );
    // Statistics: one 问责 in the year (周建华's 不予问责 is not one).
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_wenze"))
        .args(["stats", "--year", "2026", "--db"])
        .arg(db)
        .output()
        .expect("stats");
    let out = String::from_utf8_lossy(&out.stdout);
    assert!(out.contains("问责\t1"), "{out}");
    std::fs::write(dir.join("stats.txt"), out.as_bytes()).expect("stats");
    // The audit list names the clerk for the clerk's acts, the reviewer
    // for the reviewer's, with their time.
    let audit = v["审计记录"].as_array().expect("audit");
    let actors = |action: &str| -> Vec<String> {
        audit
            .iter()
            .filter(|a| a["操作"] == action)
            .map(|a| a["操作人"].as_str().unwrap_or_default().to_owned())
            .collect()
    };
    for a in actors("提交审核") {
        assert!(a.starts_with("赵录入"), "{audit:?}");
    }
    assert_eq!(actors("提交审核").len(), 2, "{audit:?}");
    assert_eq!(actors("退回").len(), 1, "{audit:?}");
    assert!(actors("退回")[0].starts_with("李审核"), "{audit:?}");
    assert!(
        actors("送达").iter().all(|a| a.starts_with("赵录入")),
        "{audit:?}"
    );
    assert!(
        actors("申诉结果").iter().all(|a| a.starts_with("李审核")),
        "{audit:?}"
    );
    assert!(
        audit
            .iter()
            .all(|a| a["时间"].as_str().is_some_and(|t| t.starts_with("20")))
    );
    v
}

/// The 004 walk through `wenze case`: register, submit, return with a
/// comment, amend, resubmit, issue, serve both (直接送达; 留置送达 with a
/// witness), print both 送达回证, 王磊's 申诉 answered 维持 by 有关部门.
#[test]
fn the_004_walk_through_wenze_case() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    office(&db);
    let form = write_json(dir.path(), "case.json", &walk_004_form());
    let f = form.to_str().expect("utf-8");

    // A misspelt field is refused, naming it; nothing registered.
    let mut bad = walk_004_form();
    bad["respondents"][0]["behavior"] = json!(["B6-6"]);
    let badf = write_json(dir.path(), "bad.json", &bad);
    let (success, _, err) = wenze(
        &db,
        "zhao",
        &["case", "register", "--file", badf.to_str().expect("utf-8")],
    );
    assert!(!success);
    assert!(err.contains("respondents.1.behavior"), "{err}");

    let out = ok(&db, "zhao", &["case", "register", "--file", f]);
    let key = draft_key(&out);
    ok(&db, "zhao", &["case", "submit", &key]);
    // Not twice.
    let (success, _, err) = wenze(&db, "zhao", &["case", "submit", &key]);
    assert!(!success);
    assert!(
        err.contains("不能重复提交") || err.contains("等待审核"),
        "{err}"
    );
    // A clerk neither returns nor issues.
    let (success, _, err) = wenze(&db, "zhao", &["case", "issue", &key]);
    assert!(!success);
    assert!(err.contains("无权"), "{err}");
    ok(
        &db,
        "li",
        &["case", "return", &key, "--comment", "请补充复议决定的日期"],
    );
    // After 退回 nobody signs until the clerk resubmits.
    let (success, _, err) = wenze(&db, "li", &["case", "issue", &key]);
    assert!(!success, "issued after 退回");
    assert!(err.contains("退回"), "{err}");
    let amend = write_json(dir.path(), "amend.json", &amended_facts());
    ok(
        &db,
        "zhao",
        &[
            "case",
            "amend",
            &key,
            "--file",
            amend.to_str().expect("utf-8"),
        ],
    );
    ok(&db, "zhao", &["case", "submit", &key]);
    let out = ok(&db, "li", &["case", "issue", &key]);
    assert!(out.contains("王磊：问责"), "{out}");
    assert!(out.contains("周建华：不予问责"), "{out}");
    let case_id = case_id_in(&out);
    let id = case_id.to_string();

    // Both 送达回证 before service (the deliverer takes them).
    for (who, doc) in [("王磊", "receipt"), ("周建华", "receipt")] {
        let pdf = dir.path().join(format!("回证-{who}.pdf"));
        ok(
            &db,
            "li",
            &[
                "export",
                "--case",
                &id,
                "--doc",
                doc,
                "--respondent",
                who,
                "--address",
                "执法大队办公室",
                "--deliverer",
                "孙明、赵录入",
                "--out",
                pdf.to_str().expect("utf-8"),
            ],
        );
        let t = pdftotext(&pdf);
        assert!(t.contains("送达回证") && t.contains(who), "{t}");
        assert!(t.contains("执法大队办公室") && t.contains("李审核"), "{t}");
    }
    serve_004(&db, &id);
    for who in ["王磊", "周建华"] {
        let pdf = dir.path().join(format!("回证后-{who}.pdf"));
        ok(
            &db,
            "li",
            &[
                "export",
                "--case",
                &id,
                "--doc",
                "receipt",
                "--respondent",
                who,
                "--out",
                pdf.to_str().expect("utf-8"),
            ],
        );
        let t = pdftotext(&pdf);
        assert!(t.contains(who), "{t}");
        if who == "周建华" {
            assert!(t.contains("留置送达") && t.contains("刘洋"), "{t}");
        } else {
            assert!(t.contains("执法大队办公室"), "{t}");
        }
    }
    appeal_004(&db, &id);
    assert_walk_004(&db, case_id, dir.path());
}

/// 直接送达 to 王磊; 留置送达 to 周建华 with a witness.
pub(crate) fn serve_004(db: &Path, id: &str) {
    ok(
        db,
        "zhao",
        &[
            "case",
            "deliver",
            id,
            "--respondent",
            "王磊",
            "--date",
            "2026-11-04",
            "--method",
            "直接送达",
            "--recipient",
            "王磊",
            "--address",
            "执法大队办公室",
            "--deliverer",
            "孙明、赵录入",
            "--receipt",
            "本人签收",
            "--time",
            "9时30分",
        ],
    );
    // One of two decided respondents served: the case is not yet 已送达.
    let v = record(db, id.parse().expect("id"));
    assert_eq!(v["阶段"], "已决定", "served one of two");
    ok(
        db,
        "zhao",
        &[
            "case",
            "deliver",
            id,
            "--respondent",
            "周建华",
            "--date",
            "2026-11-04",
            "--method",
            "留置送达",
            "--recipient",
            "周建华",
            "--address",
            "执法大队大队长办公室",
            "--deliverer",
            "孙明、赵录入",
            "--receipt",
            "拒绝签收，留置于其办公室",
            "--witness",
            "刘洋（执法大队副大队长）",
            "--time",
            "10时",
        ],
    );
}

/// 王磊's 申诉 (004 第十六条), answered 维持 by 有关部门.
pub(crate) fn appeal_004(db: &Path, id: &str) {
    ok(
        db,
        "zhao",
        &[
            "case",
            "remedy",
            id,
            "--respondent",
            "王磊",
            "--date",
            "2026-11-10",
            "--grounds",
            "认为处理过重",
        ],
    );
    let v = record(db, id.parse().expect("id"));
    let remedy = respondent(&v, "王磊")["复查申诉"][0]["编号"]
        .as_i64()
        .expect("remedy id")
        .to_string();
    ok(
        db,
        "li",
        &[
            "case",
            "answer",
            id,
            "--remedy",
            &remedy,
            "--outcome",
            "维持",
            "--date",
            "2026-11-30",
            "--body",
            "保定市徐水区人民政府",
            "--number",
            "徐政申〔2026〕7号",
        ],
    );
}

mod window {
    //! The same walk pressed in the window.

    use egui::accesskit::Role;
    use egui_kittest::Harness;
    use egui_kittest::kittest::{NodeT as _, Queryable};
    use wenze::app::casedocs::{DocAction, DocCommand};
    use wenze::app::wizard::WizardStep;
    use wenze::app::{Command, Route, WenzeApp};
    use wenze::export::documents::{DocKind, Outcome};

    use crate::kit::{fill, harness, settle};
    use crate::wizard::{approve_and_confirm, choose, click, form, type_into};

    fn today(h: &mut Harness<'static, WenzeApp>, d: &str) {
        h.state_mut().set_today(d.parse().expect("date"));
    }

    fn log_in(h: &mut Harness<'static, WenzeApp>, user: &str) {
        fill(h, "用户名", user);
        fill(h, "密码", super::password(user));
        h.get_by_role_and_label(Role::Button, "登录").click();
        settle(h);
        assert_eq!(h.state().user().map(|u| u.username.as_str()), Some(user));
    }

    fn sign_out(h: &mut Harness<'static, WenzeApp>) {
        click(h, "退出登录");
        assert!(h.state().is_locked());
    }

    fn nav(h: &mut Harness<'static, WenzeApp>, label: &str) {
        h.query_all_by_label(label).next().expect("top bar").click();
        h.step();
        settle(h);
    }

    /// A checkbox or a button that may be below the fold.
    fn tick(h: &mut Harness<'static, WenzeApp>, label: &str) {
        h.get_by_role_and_label(Role::CheckBox, label)
            .click_accesskit();
        h.run();
    }

    fn press(h: &mut Harness<'static, WenzeApp>, label: &str) {
        h.get_by_label(label).click_accesskit();
        h.run();
    }

    fn show_respondent(h: &mut Harness<'static, WenzeApp>, label: &str) {
        h.get_by_label_contains(label).click();
        h.run();
    }

    fn new_person(h: &mut Harness<'static, WenzeApp>, name: &str, post: &str, id: &str) {
        new_person_of(h, name, "执法大队", post, id);
    }

    fn new_person_of(
        h: &mut Harness<'static, WenzeApp>,
        name: &str,
        unit: &str,
        post: &str,
        id: &str,
    ) {
        click(h, "新增人员（登记簿中尚无此人）");
        type_into(h, "姓名", name);
        type_into(h, "单位", unit);
        type_into(h, "职务", post);
        type_into(h, "身份证号码", id);
    }

    /// The fact the clerk adds after 退回.
    pub(super) const ADDED: &str = "\n复议机关于2026年9月30日作出撤销决定。";

    /// A text field's content replaced (the cursor is at its end on focus).
    fn replace(h: &mut Harness<'static, WenzeApp>, label: &str, text: &str) {
        h.get_by_role_and_label(Role::TextInput, label).focus();
        h.run();
        h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
        h.key_press(egui::Key::Delete);
        h.run();
        h.get_by_role_and_label(Role::TextInput, label)
            .type_text(text);
        h.run();
        assert_eq!(
            h.get_by_role_and_label(Role::TextInput, label)
                .value()
                .unwrap_or_default(),
            text,
            "{label}"
        );
    }

    /// A combo box's option, both reached through accessibility (the case
    /// file's forms may be below the fold).
    fn pick(h: &mut Harness<'static, WenzeApp>, combo: &str, option: &str) {
        for _ in 0..2 {
            h.get_by_role_and_label(Role::ComboBox, combo)
                .click_accesskit();
            h.run();
            let found = h
                .query_all(
                    egui_kittest::kittest::by()
                        .role(Role::Button)
                        .label_contains(option),
                )
                .last();
            if let Some(o) = found {
                o.click_accesskit();
                h.run();
                return;
            }
        }
        panic!("{combo}: no option {option}");
    }

    fn errors(h: &Harness<'static, WenzeApp>) -> String {
        h.state()
            .wizard()
            .map(|w| format!("{} {:?}", w.message, w.errors))
            .unwrap_or_default()
    }

    /// The clerk enters the case and submits it.
    fn clerk_enters(h: &mut Harness<'static, WenzeApp>) {
        click(h, "新建案件");
        assert_eq!(h.state().route(), Route::NewCase);
        choose(h, "适用规定", "徐水执法过错追究制度");
        new_person(h, "王磊", "执法队员", "11010519491231002X");
        click(h, "＋ 添加被问责人");
        new_person(h, "周建华", "大队长", "110105199003070017");
        choose(h, "角色", "部门负责人");
        type_into(h, "线索摘要", "对某家具厂的行政处罚认定事实不清、证据不足");
        click(h, "下一步");
        assert_eq!(form(h).step, WizardStep::Investigation, "{}", errors(h));
        type_into(
            h,
            "查明的事实",
            "经查，2026年9月对某家具厂作出的行政处罚，认定的违法事实不清、证据不足，已被复议机关撤销。",
        );
        type_into(h, "证据", "行政处罚案卷\n复议决定书");
        show_respondent(h, "2. 周建华（部门负责人）");
        type_into(
            h,
            "本人的事实",
            "案件集体讨论时，周建华提出证据不足、不同意处罚，记录在案。",
        );
        type_into(h, "陈述申辩内容", "集体讨论时已提出不同意见。");
        type_into(h, "采纳情况", "采纳：讨论记录证明其已表示不同意见。");
        tick(h, "集体讨论或共同办理中已表示不同意见，且有记录可以证明");
        show_respondent(h, "1. 王磊（承办人）");
        type_into(
            h,
            "陈述申辩内容",
            "对事实无异议，已主动承认过错并配合纠正，请求从轻处理。",
        );
        type_into(
            h,
            "采纳情况",
            "部分采纳：其主动承认过错并及时纠正，依第十一条第（一）项从轻；但处罚已被复议撤销、造成一定影响，仍予通报批评。",
        );
        click(h, "下一步");
        assert_eq!(form(h).step, WizardStep::Factors, "{}", errors(h));
        tick(h, "第六条第（六）项　事实不清证据不足的处罚");
        tick(
            h,
            "第十一条第（一）项　主动承认过错并及时纠正（可以从轻/减轻/免责）",
        );
        show_respondent(h, "2. 周建华（部门负责人）");
        tick(h, "第六条第（六）项　事实不清证据不足的处罚");
        click(h, "下一步");
        assert_eq!(form(h).step, WizardStep::Decision, "{}", errors(h));
        // 周建华 (shown): 不予问责 under 第九条. 王磊: 通报批评, which is not
        // the ★ recommendation, with the reason the form then asks for.
        h.get_by_role_and_label(Role::RadioButton, "不予问责")
            .click();
        h.run();
        assert_eq!(form(h).respondents[1].outcome, Outcome::NoAccountability);
        show_respondent(h, "1. 王磊（承办人）");
        let method = h
            .query_all(
                egui_kittest::kittest::by()
                    .role(Role::CheckBox)
                    .label_contains("通报批评（"),
            )
            .next()
            .expect("通报批评 offered");
        assert!(
            !method
                .accesskit_node()
                .label()
                .unwrap_or_default()
                .starts_with('★'),
            "通报批评 is not the recommendation here"
        );
        method.click_accesskit();
        h.run();
        click(h, "下一步");
        assert_eq!(
            form(h).step,
            WizardStep::Decision,
            "the reason is asked for"
        );
        type_into(
            h,
            "不同于推荐的理由",
            "复议撤销已造成一定影响，书面检查不足以警示，选择通报批评。",
        );
        click(h, "下一步");
        assert_eq!(form(h).step, WizardStep::Review, "{}", errors(h));
        click(h, "下一步");
        assert_eq!(form(h).step, WizardStep::Issue, "{}", errors(h));
        click(h, "提交审核");
        assert!(
            h.state()
                .wizard()
                .is_some_and(|w| w.message.contains("已提交审核")),
            "{}",
            errors(h)
        );
    }

    #[test]
    fn the_004_walk_in_the_window_leaves_the_same_records_as_wenze_case() {
        let dir = tempfile::tempdir().expect("tmp");
        let db = dir.path().join("w.db");
        super::office(&db);
        let mut app = WenzeApp::open(&db);
        app.set_today("2026-11-02".parse().expect("date"));
        app.set_save_dir(dir.path().join("问责文书"));
        let mut h = harness(app);
        h.run();
        log_in(&mut h, "zhao");
        clerk_enters(&mut h);
        sign_out(&mut h);

        // The reviewer returns it with a comment; 审批签发 is gone after it.
        log_in(&mut h, "li");
        nav(&mut h, "工作台");
        h.get_by_label_contains("审核：王磊").click();
        h.run();
        type_into(&mut h, "退回意见", "请补充复议决定的日期");
        click(&mut h, "退回修改");
        assert!(
            h.get_by_role_and_label(Role::Button, "审批签发")
                .accesskit_node()
                .is_disabled(),
            "审批签发 after 退回"
        );
        h.get_by_label_contains("须由录入员重新提交审核后方可签发");
        sign_out(&mut h);

        // The clerk corrects the facts and resubmits.
        log_in(&mut h, "zhao");
        nav(&mut h, "工作台");
        h.get_by_label_contains("请补充复议决定的日期");
        h.get_by_label_contains("修改：王磊").click();
        h.run();
        click(&mut h, "2. 调查核实");
        type_into(&mut h, "查明的事实", ADDED);
        click(&mut h, "6. 审批与送达");
        click(&mut h, "提交审核");
        sign_out(&mut h);

        // The reviewer issues both decisions at once.
        log_in(&mut h, "li");
        nav(&mut h, "工作台");
        h.get_by_label_contains("审核：王磊").click();
        h.run();
        approve_and_confirm(&mut h);
        let issued = h
            .state()
            .wizard()
            .and_then(|w| w.issued.clone())
            .unwrap_or_else(|| panic!("not issued: {}", errors(&h)));
        let case_id = issued.case_id;
        assert_eq!(issued.docs.len(), 2);

        // The clerk's case file: both 送达回证 before service, then service.
        sign_out(&mut h);
        today(&mut h, "2026-11-30");
        log_in(&mut h, "zhao");
        h.state_mut().apply(Command::OpenCase(case_id));
        h.run();
        // In the window: each 送达回证 says what it needs, then offers its
        // buttons once the delivery form has 送达地点 and 送达人.
        // (Closed once everyone is decided; clicked through accesskit, as
        // it may lie below the visible part of the file.)
        if h.query_all_by_label_contains("送达前可打印")
            .next()
            .is_none()
        {
            h.get_by_label_contains("各被问责人的文书")
                .click_accesskit();
            h.run();
        }
        let hint = "请先在下方“登记送达”中填写送达地点和送达人";
        assert_eq!(
            h.query_all_by_label_contains(hint).count(),
            2,
            "{}",
            errors(&h)
        );
        let previews = h.query_all_by_label("预览").count();
        replace(&mut h, "送达地点", "执法大队办公室");
        replace(&mut h, "送达人", "孙明、赵录入");
        h.run();
        assert_eq!(h.query_all_by_label_contains(hint).count(), 0);
        assert_eq!(h.query_all_by_label("送达前可打印").count(), 2);
        // Each 送达回证 now offers its buttons.
        assert_eq!(h.query_all_by_label("预览").count(), previews + 2);
        let file = h.state().case_view().expect("case").file.clone();
        for r in &file.respondents {
            h.state_mut()
                .apply(Command::CaseDocument(DocCommand::Produce {
                    respondent: r.id,
                    kind: DocKind::Receipt,
                    action: DocAction::Save,
                }));
            h.run();
            let path = dir.path().join(format!("{}.pdf", r.name));
            std::fs::write(
                &path,
                crate::common::saved(&mut h, &format!("送达回证-{}", r.name)),
            )
            .expect("write");
            let t = super::pdftotext(&path);
            assert!(
                t.contains(&r.name) && t.contains("执法大队办公室") && t.contains("赵录入"),
                "{t}"
            );
        }
        let doc_of = |name: &str| {
            let r = file.respondents.iter().find(|r| r.name == name).expect("r");
            let d = file
                .decisions
                .iter()
                .find(|d| d.respondent_id == r.id)
                .expect("decision");
            d.doc_no.clone()
        };
        // 直接送达 to 王磊.
        pick(&mut h, "送达文书", &doc_of("王磊"));
        replace(&mut h, "送达日期", "2026-11-04");
        replace(&mut h, "受送达人", "王磊");
        replace(&mut h, "送达时间", "9时30分");
        replace(&mut h, "送达回证", "本人签收");
        press(&mut h, "记录送达");
        let m = h.state_mut().case_actions_mut().message.clone();
        assert!(m.contains("已记录送达"), "{m}");
        // 留置送达 to 周建华: refused without a witness, then with one.
        pick(&mut h, "送达文书", &doc_of("周建华"));
        replace(&mut h, "送达日期", "2026-11-04");
        replace(&mut h, "送达地点", "执法大队大队长办公室");
        replace(&mut h, "送达人", "孙明、赵录入");
        replace(&mut h, "受送达人", "周建华");
        replace(&mut h, "送达时间", "10时");
        replace(&mut h, "送达回证", "拒绝签收，留置于其办公室");
        pick(&mut h, "送达方式", "留置送达");
        press(&mut h, "记录送达");
        let m = h.state_mut().case_actions_mut().message.clone();
        assert!(m.contains("见证人"), "{m}");
        replace(&mut h, "见证人", "刘洋（执法大队副大队长）");
        press(&mut h, "记录送达");
        let m = h.state_mut().case_actions_mut().message.clone();
        assert!(m.contains("已记录送达"), "{m}");

        // 王磊's 申诉, to 有关部门: never called 复查 on this case file.
        assert_eq!(h.query_all_by_label_contains("复查").count(), 0);
        pick(&mut h, "申请人", "王磊（承办人）");
        replace(&mut h, "申请日期", "2026-11-10");
        replace(&mut h, "申请理由", "认为处理过重");
        press(&mut h, "登记申请");
        let m = h.state_mut().case_actions_mut().message.clone();
        assert!(m.contains("申诉"), "{m}");
        sign_out(&mut h);

        // The reviewer records 有关部门's answer: 维持, their number.
        log_in(&mut h, "li");
        h.state_mut().apply(Command::OpenCase(case_id));
        h.run();
        assert_eq!(h.query_all_by_label_contains("复查").count(), 0);
        replace(&mut h, "受理机关", "保定市徐水区人民政府");
        replace(&mut h, "对方文号", "徐政申〔2026〕7号");
        replace(&mut h, "决定日期", "2026-11-30");
        press(&mut h, "登记申诉结果");
        let m = h.state_mut().case_actions_mut().message.clone();
        assert!(m.contains("维持原决定"), "{m}");
        drop(h);

        let window = super::assert_walk_004(&db, case_id.get(), dir.path());

        // The same case through `wenze case` leaves the same records.
        let db2 = dir.path().join("cli.db");
        super::office(&db2);
        let form = super::write_json(dir.path(), "case.json", &super::walk_004_form());
        let out = super::ok(
            &db2,
            "zhao",
            &["case", "register", "--file", form.to_str().expect("utf-8")],
        );
        let key = super::draft_key(&out);
        super::ok(&db2, "zhao", &["case", "submit", &key]);
        super::ok(
            &db2,
            "li",
            &["case", "return", &key, "--comment", "请补充复议决定的日期"],
        );
        let amend = super::write_json(dir.path(), "amend.json", &super::amended_facts());
        super::ok(
            &db2,
            "zhao",
            &[
                "case",
                "amend",
                &key,
                "--file",
                amend.to_str().expect("utf-8"),
            ],
        );
        super::ok(&db2, "zhao", &["case", "submit", &key]);
        super::ok(&db2, "li", &["case", "issue", &key]);
        super::serve_004(&db2, &case_id.to_string());
        super::appeal_004(&db2, &case_id.to_string());
        let headless = super::assert_walk_004(&db2, case_id.get(), dir.path());
        assert_eq!(
            super::comparable(&window),
            super::comparable(&headless),
            "the window and wenze case left different records"
        );
    }

    /// 002 in the window (issue 29): the clerk marks 先送达事先告知书; the
    /// reviewer issues the notice dated as set; 审批签发 is refused until the
    /// respondent is heard; the notice is served and the 陈述申辩 recorded in
    /// the case file (with its 采纳情况) reaches the decision.
    #[test]
    fn the_statement_walk_in_the_window() {
        let dir = tempfile::tempdir().expect("tmp");
        let db = dir.path().join("w.db");
        super::office(&db);
        {
            let mut s = wenze::storage::Storage::open(&db).expect("opens");
            crate::common::TestSignIn::sign_in_for_test(&mut s, "测试");
            s.set_setting("office_name", "常州市金坛生态环境局")
                .expect("setting");
            s.set_setting("office_code", "坛环问").expect("setting");
            s.set_setting("statement_days.002", "15").expect("setting");
        }
        let mut app = WenzeApp::open(&db);
        app.set_today("2026-10-09".parse().expect("date"));
        let mut h = harness(app);
        h.run();
        log_in(&mut h, "zhao");
        click(&mut h, "新建案件");
        choose(&mut h, "适用规定", "金坛作风问责办法");
        new_person_of(&mut h, "周敏", "监察科", "科员", "11010519491231002X");
        type_into(&mut h, "线索摘要", "对群众反映的噪声扰民问题推诿扯皮");
        click(&mut h, "下一步");
        assert_eq!(form(&h).step, WizardStep::Investigation, "{}", errors(&h));
        type_into(
            &mut h,
            "查明的事实",
            "经查，2026年8月群众多次反映某工地夜间施工噪声扰民，周敏以不属本科室职责为由推诿，未转办也未答复。",
        );
        type_into(&mut h, "证据", "信访登记表");
        // Not yet heard: the notice comes first.
        tick(
            &mut h,
            "先送达事先告知书（尚未听取；在“审批与送达”一步登记并签发，期满或听取后方可签发决定）",
        );
        click(&mut h, "下一步");
        assert_eq!(form(&h).step, WizardStep::Factors, "{}", errors(&h));
        tick(&mut h, "第七条第（三）项　对正当诉求推诿扯皮");
        pick(&mut h, "情节轻重", "较重");
        click(&mut h, "下一步");
        assert_eq!(form(&h).step, WizardStep::Decision, "{}", errors(&h));
        h.query_all(
            egui_kittest::kittest::by()
                .role(Role::CheckBox)
                .label_contains("★ 诫勉（"),
        )
        .next()
        .expect("★ 诫勉")
        .click_accesskit();
        h.run();
        click(&mut h, "下一步");
        click(&mut h, "下一步");
        assert_eq!(form(&h).step, WizardStep::Issue, "{}", errors(&h));
        click(&mut h, "提交审核");
        sign_out(&mut h);

        // The reviewer: 审批签发 refused (not heard), the notice issued.
        today(&mut h, "2026-10-12");
        log_in(&mut h, "li");
        nav(&mut h, "工作台");
        h.get_by_label_contains("审核：周敏").click();
        h.run();
        click(&mut h, "审批签发");
        let m = h
            .state()
            .wizard()
            .map(|w| w.message.clone())
            .unwrap_or_default();
        assert!(m.contains("不能签发") && m.contains("陈述"), "{m}");
        assert!(!h.state().wizard().is_some_and(|w| w.confirm_issue));
        replace(&mut h, "告知书日期", "2026-10-12");
        press(&mut h, "登记并签发事先告知书");
        let w = h.state().wizard().expect("wizard");
        let case_id = w
            .form
            .registered
            .as_ref()
            .map(|r| r.case_id)
            .unwrap_or_else(|| panic!("not registered: {}", w.message));
        sign_out(&mut h);

        // The clerk serves the notice and records the statement.
        today(&mut h, "2026-10-16");
        log_in(&mut h, "zhao");
        h.state_mut().apply(Command::OpenCase(case_id));
        h.run();
        replace(&mut h, "送达日期", "2026-10-13");
        replace(&mut h, "受送达人", "周敏");
        replace(&mut h, "送达地点", "监察科办公室");
        replace(&mut h, "送达人", "赵录入、孙明");
        replace(&mut h, "送达回证", "本人签收");
        press(&mut h, "记录送达");
        let m = h.state_mut().case_actions_mut().message.clone();
        assert!(m.contains("已记录送达"), "{m}");
        press(&mut h, "补录陈述申辩、证据");
        replace(&mut h, "陈述申辩日期", "2026-10-16");
        replace(
            &mut h,
            "陈述申辩内容",
            "当时误以为不属本科室职责，请求从轻处理。",
        );
        replace(&mut h, "采纳情况", "不予采纳：职责分工明确，推诿情节属实。");
        press(&mut h, "补录陈述申辩");
        let m = h.state_mut().case_actions_mut().message.clone();
        assert!(m.contains("陈述申辩"), "{m}");
        sign_out(&mut h);

        // The reviewer issues: the statement and its adoption are printed.
        today(&mut h, "2026-10-30");
        log_in(&mut h, "li");
        nav(&mut h, "工作台");
        h.get_by_label_contains("审核：周敏").click();
        h.run();
        // The decision's date is the day it is taken.
        click(&mut h, "4. 处理决定");
        replace(&mut h, "决定日期", "2026-10-30");
        click(&mut h, "6. 审批与送达");
        approve_and_confirm(&mut h);
        let issued = h
            .state()
            .wizard()
            .and_then(|w| w.issued.clone())
            .unwrap_or_else(|| panic!("not issued: {}", errors(&h)));
        assert_eq!(issued.case_id, case_id, "the registered case continued");
        let path = dir.path().join("decision.pdf");
        std::fs::write(&path, &issued.docs[0].pdf).expect("write");
        let t = super::pdftotext(&path);
        assert!(t.contains("当时误以为不属本科室职责"), "{t}");
        assert!(t.contains("不予采纳"), "{t}");
        assert!(t.contains("诫勉"), "{t}");
        drop(h);
        let v = super::record(&db, case_id.get());
        let r = super::respondent(&v, "周敏");
        let kinds: Vec<&str> = r["文书"]
            .as_array()
            .expect("docs")
            .iter()
            .map(|d| d["种类"].as_str().unwrap_or(""))
            .collect();
        assert_eq!(kinds, ["问责事先告知书", "问责决定书"]);
        assert_eq!(r["决定"][0]["结论"], "问责");
    }

    /// 001 第十七条 in the window (issue 29): facts of 收受财物、涉嫌严重违纪
    /// 违法 ticked as the exclusion; 容错免责 is then refused beside 结论 with
    /// the article, though the 容错 situation and every condition are ticked.
    #[test]
    fn tolerance_is_refused_in_the_window_under_article_17() {
        let dir = tempfile::tempdir().expect("tmp");
        let db = dir.path().join("w.db");
        super::office(&db);
        let mut app = WenzeApp::open(&db);
        app.set_today("2026-10-20".parse().expect("date"));
        let mut h = harness(app);
        h.run();
        log_in(&mut h, "zhao");
        click(&mut h, "新建案件");
        choose(&mut h, "适用规定", "徐水执法过错追究制度");
        h.get_by_role_and_label(Role::CheckBox, "容错纠错").click();
        h.run();
        new_person_of(&mut h, "钱文", "审批科", "科员", "11010519491231002X");
        type_into(&mut h, "线索摘要", "收受企业财物后违规容缺受理");
        click(&mut h, "下一步");
        type_into(
            &mut h,
            "查明的事实",
            "经查，钱文收受企业财物后违规容缺受理，涉嫌严重违纪违法。",
        );
        type_into(&mut h, "证据", "询问笔录");
        type_into(&mut h, "陈述申辩内容", "请求容错");
        type_into(&mut h, "采纳情况", "不予采纳");
        click(&mut h, "下一步");
        assert_eq!(form(&h).step, WizardStep::Factors, "{}", errors(&h));
        tick(&mut h, "第十七条　严重违纪涉嫌违法、应当适用“第四种形态”");
        tick(&mut h, "第六条第（十一）项　其他应承担过错责任的行为");
        tick(&mut h, "第十四条第（四）项　容缺受理审核等服务创新出现失误");
        for label in [
            "第十四条第二款第（一）项　党章党规、法律法规没有明令禁止",
            "第十四条第二款第（二）项　严格执行决策程序并充分评估",
            "第十四条第二款第（三）项　未造成重大损失和严重不良影响",
            "第十四条第二款第（四）项　积极消除不良影响、挽回损失",
        ] {
            tick(&mut h, label);
        }
        click(&mut h, "下一步");
        assert_eq!(form(&h).step, WizardStep::Decision, "{}", errors(&h));
        h.get_by_role_and_label(Role::RadioButton, "容错免责")
            .click();
        h.run();
        type_into(&mut h, "纠错事项", "退还财物");
        type_into(&mut h, "纠错期限", "2026-12-31");
        click(&mut h, "下一步");
        assert_eq!(
            form(&h).step,
            WizardStep::Decision,
            "容错免责 accepted under 第十七条"
        );
        // Beside 结论, with the article.
        assert!(h.query_all_by_label_contains("不能认定容错免责").count() >= 1);
        let shown = h
            .state()
            .wizard()
            .and_then(|w| w.error("outcome").map(str::to_owned))
            .unwrap_or_default();
        assert!(shown.contains("第十七条"), "{shown}");
        assert!(shown.contains("不适用容错"), "{shown}");
    }

    /// The 000 walk pressed in the window (issue 29): the two respondents of
    /// one 处 entered, issued, served; her 复查 upheld, his revoked, her late
    /// second application flagged and not accepted — the same record as the
    /// walk through `wenze case`.
    #[test]
    fn the_000_review_walk_in_the_window_leaves_the_same_records() {
        let dir = tempfile::tempdir().expect("tmp");
        let db = dir.path().join("w.db");
        super::office_000(&db);
        let mut app = WenzeApp::open(&db);
        app.set_today("2026-10-20".parse().expect("date"));
        let mut h = harness(app);
        h.run();
        log_in(&mut h, "zhao");
        click(&mut h, "新建案件");
        choose(&mut h, "适用规定", "环保厅行政效能追责制度");
        new_person_of(&mut h, "阿依古丽", "规划处", "科员", "11010519491231002X");
        click(&mut h, "＋ 添加被问责人");
        new_person_of(&mut h, "王建军", "规划处", "处长", "110105199003070017");
        choose(&mut h, "角色", "部门负责人");
        type_into(&mut h, "线索摘要", "规划处未按时限完成交办的规划环评审查");
        click(&mut h, "下一步");
        assert_eq!(form(&h).step, WizardStep::Investigation, "{}", errors(&h));
        type_into(
            &mut h,
            "查明的事实",
            "经查，2026年8月厅交办的某园区规划环评审查，规划处未在规定时限内完成，在自治区年终考评中被扣分。",
        );
        type_into(&mut h, "证据", "交办单");
        click(&mut h, "下一步");
        assert_eq!(form(&h).step, WizardStep::Factors, "{}", errors(&h));
        show_respondent(&mut h, "1. 阿依古丽（承办人）");
        tick(&mut h, "第三条第（二）项　未按时限完成交办事项");
        tick(
            &mut h,
            "在自治区日常考核和年终考评中扣分（扣除当事人 20% 绩效奖励）",
        );
        click(&mut h, "下一步");
        assert_eq!(form(&h).step, WizardStep::Decision, "{}", errors(&h));
        show_respondent(&mut h, "1. 阿依古丽（承办人）");
        h.query_all(
            egui_kittest::kittest::by()
                .role(Role::CheckBox)
                .label_contains("批评教育（"),
        )
        .next()
        .expect("批评教育")
        .click_accesskit();
        h.run();
        show_respondent(&mut h, "2. 王建军（部门负责人）");
        h.query_all(
            egui_kittest::kittest::by()
                .role(Role::CheckBox)
                .label_contains("★ 扣除绩效奖励（"),
        )
        .next()
        .expect("★ 扣除绩效奖励 for the head")
        .click_accesskit();
        h.run();
        click(&mut h, "下一步");
        click(&mut h, "下一步");
        assert_eq!(form(&h).step, WizardStep::Issue, "{}", errors(&h));
        click(&mut h, "提交审核");
        sign_out(&mut h);
        log_in(&mut h, "li");
        nav(&mut h, "工作台");
        h.get_by_label_contains("审核：阿依古丽").click();
        h.run();
        approve_and_confirm(&mut h);
        let case_id = h
            .state()
            .wizard()
            .and_then(|w| w.issued.as_ref().map(|i| i.case_id))
            .unwrap_or_else(|| panic!("not issued: {}", errors(&h)));
        sign_out(&mut h);

        // Served on 10-22; the 复查 applications.
        today(&mut h, "2026-12-03");
        log_in(&mut h, "zhao");
        h.state_mut().apply(Command::OpenCase(case_id));
        h.run();
        let file = h.state().case_view().expect("case").file.clone();
        for r in &file.respondents {
            let d = file
                .decisions
                .iter()
                .find(|d| d.respondent_id == r.id)
                .expect("decision");
            pick(&mut h, "送达文书", &d.doc_no);
            replace(&mut h, "送达日期", "2026-10-22");
            replace(&mut h, "受送达人", &r.name);
            replace(&mut h, "送达地点", "规划处办公室");
            replace(&mut h, "送达人", "赵录入、孙明");
            replace(&mut h, "送达回证", "本人签收");
            press(&mut h, "记录送达");
            let m = h.state_mut().case_actions_mut().message.clone();
            assert!(m.contains("已记录送达"), "{m}");
        }
        let apply = |h: &mut Harness<'static, WenzeApp>, who: &str, on: &str, grounds: &str| {
            pick(h, "申请人", who);
            replace(h, "申请日期", on);
            replace(h, "申请理由", grounds);
            press(h, "登记申请");
            h.state_mut().case_actions_mut().message.clone()
        };
        apply(
            &mut h,
            "阿依古丽（承办人）",
            "2026-10-28",
            "认为扣分系材料不全所致",
        );
        apply(
            &mut h,
            "王建军（部门负责人）",
            "2026-10-29",
            "本人已督促，延误非本人所致",
        );
        sign_out(&mut h);

        // The bureau's 复查决定: hers upheld, his revoked.
        log_in(&mut h, "li");
        h.state_mut().apply(Command::OpenCase(case_id));
        h.run();
        let answer = |h: &mut Harness<'static, WenzeApp>, outcome: &str, on: &str, why: &str| {
            let open = h
                .state_mut()
                .case_actions_mut()
                .remedies
                .iter()
                .filter(|r| r.outcome.is_none())
                .count();
            assert!(open > 0);
            pick(h, "复查结果", outcome);
            replace(h, "复查查明", why);
            replace(h, "决定日期", on);
            press(h, "作出复查决定");
            h.state_mut().case_actions_mut().message.clone()
        };
        let m = answer(
            &mut h,
            "维持",
            "2026-11-05",
            "经复查，交办时限明确，材料不全未及时报告，延误事实清楚。",
        );
        assert!(m.contains("维持"), "{m}");
        let m = answer(
            &mut h,
            "撤销",
            "2026-11-06",
            "经复查，王建军已两次书面督办，对延误不负连带责任。",
        );
        assert!(m.contains("撤销"), "{m}");
        sign_out(&mut h);

        // Her second application, after the last day: flagged, 不予受理.
        log_in(&mut h, "zhao");
        h.state_mut().apply(Command::OpenCase(case_id));
        h.run();
        let m = apply(&mut h, "阿依古丽（承办人）", "2026-12-01", "再次申请复查");
        assert!(m.contains("第九条") && m.contains("2026年11月12日"), "{m}");
        sign_out(&mut h);
        log_in(&mut h, "li");
        h.state_mut().apply(Command::OpenCase(case_id));
        h.run();
        assert!(h.query_all_by_label_contains("已超过规定的期限").count() >= 1);
        let m = answer(
            &mut h,
            "不予受理",
            "2026-12-03",
            "申请超过第九条规定的十五个工作日，不予受理。",
        );
        assert!(m.contains("不予受理"), "{m}");
        drop(h);

        let v = super::record(&db, case_id.get());
        let ayi = super::respondent(&v, "阿依古丽");
        let wang = super::respondent(&v, "王建军");
        assert_eq!(ayi["决定"][0]["已撤销"], false, "{ayi}");
        assert_eq!(wang["决定"][0]["已撤销"], true, "{wang}");
        let t = super::export_text(&db, dir.path(), case_id.get(), "review", "王建军");
        assert!(t.contains("申请人：王建军"), "{t}");
        assert!(!t.contains("申请人：阿依古丽"), "{t}");
    }

    /// 编辑正文 (issue 23): an edited body is marked as edited; when the facts
    /// change after the edit, the preview says so, and so does the 审批签发
    /// confirmation, before anyone signs.
    #[test]
    fn an_edited_body_is_marked_and_a_later_change_of_facts_is_said_before_signing() {
        let dir = tempfile::tempdir().expect("tmp");
        let db = dir.path().join("w.db");
        super::office(&db);
        let mut h = harness(WenzeApp::open(&db));
        h.run();
        log_in(&mut h, "li");
        crate::wizard::intake_and_facts(&mut h, "徐水执法过错追究制度", "孙立军");
        h.get_by_label_contains("信访投诉处理不当").click();
        h.run();
        click(&mut h, "下一步");
        crate::wizard::pick_recommended(&mut h);
        assert_eq!(form(&h).step, WizardStep::Decision, "{}", errors(&h));
        assert_eq!(h.query_all_by_label_contains("正文已人工编辑").count(), 0);
        press(&mut h, "编辑正文");
        h.get_by_label_contains("正文已人工编辑");
        assert_eq!(
            h.query_all_by_label_contains("编辑后的正文不会随之更新")
                .count(),
            0,
            "not stale yet"
        );
        // The facts change after the edit.
        click(&mut h, "2. 调查核实");
        type_into(&mut h, "查明的事实", "\n另查明，当事人事后未向投诉人反馈。");
        click(&mut h, "4. 处理决定");
        h.run();
        assert!(
            h.query_all_by_label_contains("编辑后的正文不会随之更新")
                .count()
                >= 1,
            "the preview does not say the edit is stale"
        );
        click(&mut h, "6. 审批与送达");
        click(&mut h, "审批签发");
        let w = h.state().wizard().expect("wizard");
        assert!(w.confirm_issue, "{}", errors(&h));
        assert!(
            w.issue_notes
                .iter()
                .any(|n| n.starts_with("孙立军：") && n.contains("编辑正文后")),
            "{:?}",
            w.issue_notes
        );
        // 恢复模板文字 ends the edit and the warning.
        click(&mut h, "取消");
        click(&mut h, "4. 处理决定");
        press(&mut h, "恢复模板文字");
        assert_eq!(
            h.query_all_by_label_contains("编辑后的正文不会随之更新")
                .count(),
            0
        );
    }
}

/// The office of an autonomous-region bureau (000's own 复查 body).
fn office_000(db: &Path) {
    office(db);
    let mut s = wenze::storage::Storage::open(db).expect("opens");
    s.sign_in_for_test("测试");
    s.set_setting("office_name", "自治区环境保护厅")
        .expect("setting");
    s.set_setting("office_code", "新环效").expect("setting");
}

/// Register, submit and issue `form` through `wenze case`: the case id.
fn register_and_issue(db: &Path, dir: &Path, form: &Value) -> i64 {
    let f = write_json(dir, "form.json", form);
    let out = ok(
        db,
        "zhao",
        &["case", "register", "--file", f.to_str().expect("utf-8")],
    );
    let key = draft_key(&out);
    ok(db, "zhao", &["case", "submit", &key]);
    case_id_in(&ok(db, "li", &["case", "issue", &key]))
}

fn serve(db: &Path, id: i64, who: &str, on: &str) {
    ok(
        db,
        "zhao",
        &[
            "case",
            "deliver",
            &id.to_string(),
            "--respondent",
            who,
            "--date",
            on,
            "--recipient",
            who,
            "--address",
            "规划处办公室",
            "--deliverer",
            "赵录入、孙明",
            "--receipt",
            "本人签收",
        ],
    );
}

/// Apply for the regulation's remedy; its id.
fn apply_remedy(db: &Path, id: i64, who: &str, on: &str, grounds: &str) -> (String, String) {
    let said = ok(
        db,
        "zhao",
        &[
            "case",
            "remedy",
            &id.to_string(),
            "--respondent",
            who,
            "--date",
            on,
            "--grounds",
            grounds,
        ],
    );
    let v = record(db, id);
    respondent(&v, who)["复查申诉"]
        .as_array()
        .and_then(|a| a.iter().rev().find(|r| r["结果"].is_null()))
        .and_then(|r| r["编号"].as_i64())
        .map(|n| (n.to_string(), said))
        .expect("open remedy")
}

fn export_text(db: &Path, dir: &Path, id: i64, kind: &str, who: &str) -> String {
    let pdf = dir.join(format!("{kind}-{who}.pdf"));
    ok(
        db,
        "li",
        &[
            "export",
            "--case",
            &id.to_string(),
            "--doc",
            kind,
            "--respondent",
            who,
            "--out",
            pdf.to_str().expect("utf-8"),
        ],
    );
    pdftotext(&pdf)
}

/// 000 (issue 29): two respondents of one 处 — 阿依古丽 (科员, 第三条第（二）
/// 项, 考评扣分) and 王建军 (处长, liable only jointly under 第八条第（四）
/// 项). A 复查 of each: hers upheld, his revoked; a second application of
/// hers after the 15 working days is flagged and not accepted. Each 复查
/// 决定书 is its applicant's; 维持 keeps the original counted; 撤销 takes
/// his out of the statistics.
#[test]
fn the_000_review_walk_through_wenze_case() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    office_000(&db);
    let form = json!({
        "regulation": "000",
        "clue_source": "巡视巡察、专项督查、明察暗访发现",
        "received_on": "2026-09-01",
        "summary": "规划处未按时限完成交办的规划环评审查",
        "facts": "经查，2026年8月厅交办的某园区规划环评审查，规划处未在规定时限内完成，在自治区年终考评中被扣分。",
        "evidence": "交办单\n考评扣分通知",
        "team": "赵录入、孙明",
        "investigation_started_on": "2026-09-02",
        "decided_on": "2026-10-20",
        "respondents": [
            {
                "new_person": true,
                "np_name": "阿依古丽",
                "np_gender": "女",
                "np_unit": "规划处",
                "np_post": "科员",
                "np_rank": "科员及一般工作人员",
                "np_id_number": "11010519491231002X",
                "role": "承办人",
                "statement_heard_on": "2026-10-10",
                "statement": "承认延误，系材料不全所致。",
                "statement_adopted": "未采纳：材料不全应及时报告。",
                "behaviours": ["B3-2"],
                "severity": "较轻",
                "findings": { "appraisal_deduction": true },
                "outcome": "问责",
                "methods": ["批评教育"]
            },
            {
                "new_person": true,
                "np_name": "王建军",
                "np_gender": "男",
                "np_unit": "规划处",
                "np_post": "处长",
                "np_rank": "处级及以上领导干部",
                "np_id_number": "110105199003070017",
                "role": "部门负责人",
                "outcome": "问责",
                "methods": ["扣除绩效奖励"]
            }
        ]
    });
    let id = register_and_issue(&db, dir.path(), &form);
    // Who decides, as 000 says: the decision names 厅党组会.
    let t = export_text(&db, dir.path(), id, "decision", "王建军");
    assert!(t.contains("王建军作为阿依古丽的部门负责人"), "{t}");
    assert!(t.contains("第八条第（四）项"), "{t}");
    assert!(t.contains("厅党组会"), "{t}");
    assert!(!t.contains("领导班子集体研究"), "{t}");
    serve(&db, id, "阿依古丽", "2026-10-22");
    serve(&db, id, "王建军", "2026-10-22");

    // Hers: upheld.
    let (r, _) = apply_remedy(&db, id, "阿依古丽", "2026-10-28", "认为扣分系材料不全所致");
    ok(
        &db,
        "li",
        &[
            "case",
            "answer",
            &id.to_string(),
            "--remedy",
            &r,
            "--outcome",
            "维持",
            "--date",
            "2026-11-05",
            "--reason",
            "经复查，交办时限明确，材料不全未及时报告，延误事实清楚。",
        ],
    );
    // His: revoked.
    let (r, _) = apply_remedy(
        &db,
        id,
        "王建军",
        "2026-10-29",
        "本人已督促，延误非本人所致",
    );
    ok(
        &db,
        "li",
        &[
            "case",
            "answer",
            &id.to_string(),
            "--remedy",
            &r,
            "--outcome",
            "撤销",
            "--date",
            "2026-11-06",
            "--reason",
            "经复查，王建军已两次书面督办，对延误不负连带责任。",
        ],
    );
    // Hers again, after the last day (15 working days from 10-22): flagged
    // with the article, answered 不予受理.
    let (r, said) = apply_remedy(&db, id, "阿依古丽", "2026-12-01", "再次申请复查");
    assert!(
        said.contains("第九条") && said.contains("2026年11月12日"),
        "{said}"
    );
    let v = record(&db, id);
    let late = respondent(&v, "阿依古丽")["复查申诉"]
        .as_array()
        .and_then(|a| a.last())
        .cloned()
        .expect("late application");
    assert_eq!(late["申请日期"], "2026-12-01");
    ok(
        &db,
        "li",
        &[
            "case",
            "answer",
            &id.to_string(),
            "--remedy",
            &r,
            "--outcome",
            "不予受理",
            "--date",
            "2026-12-03",
            "--reason",
            "申请超过第九条规定的十五个工作日，不予受理。",
        ],
    );

    let v = record(&db, id);
    let ayi = respondent(&v, "阿依古丽");
    let wang = respondent(&v, "王建军");
    assert_eq!(ayi["决定"][0]["已撤销"], false, "{ayi}");
    assert_eq!(ayi["决定"][0]["已被取代"], false, "{ayi}");
    assert_eq!(wang["决定"][0]["已撤销"], true, "{wang}");
    let outcomes: Vec<&str> = ayi["复查申诉"]
        .as_array()
        .expect("remedies")
        .iter()
        .map(|r| r["结果"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(outcomes, ["维持", "不予受理"]);
    // Every 复查决定 is the bureau's, with its own 文号.
    for r in ayi["复查申诉"].as_array().into_iter().flatten() {
        assert_eq!(r["类别"], "复查");
        assert!(
            r["结果文号"]
                .as_str()
                .is_some_and(|n| n.starts_with("新环效")),
            "{r}"
        );
    }
    // His 复查决定书 is his: applicant, findings, what is revoked, what follows.
    let t = export_text(&db, dir.path(), id, "review", "王建军");
    assert!(t.contains("申请人：王建军"), "{t}");
    assert!(!t.contains("申请人：阿依古丽"), "{t}");
    assert!(t.contains("王建军已两次书面督办"), "{t}");
    assert!(t.contains("《问责决定书》"), "{t}");
    assert!(t.contains("撤销"), "{t}");
    // Hers (the last: 不予受理) names her.
    let t = export_text(&db, dir.path(), id, "review", "阿依古丽");
    assert!(t.contains("申请人：阿依古丽"), "{t}");
    assert!(t.contains("不予受理"), "{t}");
    // The statistics count her 问责, not his revoked one.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_wenze"))
        .args(["stats", "--year", "2026", "--db"])
        .arg(&db)
        .output()
        .expect("stats");
    let out = String::from_utf8_lossy(&out.stdout);
    assert!(out.contains("问责\t1"), "{out}");
}

/// 004 under the 001 容错纠错 overlay (issue 29): 容错免责 with its 纠错 — the
/// period the office sets (001 第十九条 names none) is required, the 纠错通知书
/// states it, the 纠错 is a follow-up until marked done; a second case whose
/// facts fall under 第十七条 (严重违纪涉嫌违法, 第四种形态) is never offered 容错.
#[test]
fn the_tolerance_and_correction_walk_through_wenze_case() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    office(&db);
    let mut form = json!({
        "regulation": "004",
        "overlay": true,
        "clue_source": "群众投诉核实",
        "received_on": "2026-09-01",
        "summary": "容缺受理某企业排污许可申请后未按期补正材料",
        "facts": "经查，孙立军在服务企业复工中对某企业排污许可申请容缺受理，企业未按承诺期限补齐材料，许可档案不全。",
        "evidence": "容缺受理承诺书\n许可档案",
        "team": "赵录入、孙明",
        "investigation_started_on": "2026-09-02",
        "decided_on": "2026-10-20",
        "respondents": [{
            "new_person": true,
            "np_name": "孙立军",
            "np_gender": "男",
            "np_unit": "审批科",
            "np_post": "科员",
            "np_rank": "科员及一般工作人员",
            "np_id_number": "11010519491231002X",
            "role": "承办人",
            "statement_heard_on": "2026-10-10",
            "statement": "容缺受理系为企业复工，已督促企业补正。",
            "statement_adopted": "采纳：符合容错情形和条件。",
            "behaviours": ["B6-11"],
            "severity": "较轻",
            "tolerance_situations": ["T14-4"],
            "tolerance_conditions": ["K14-2-1", "K14-2-2", "K14-2-3", "K14-2-4"],
            "outcome": "容错免责",
            "correction_items": "督促企业限期补齐排污许可申请材料\n完善容缺受理台账并报告整改情况"
        }]
    });
    // Without the period the office must set, refused with the article.
    let f = write_json(dir.path(), "no-period.json", &form);
    let (success, _, err) = wenze(
        &db,
        "zhao",
        &["case", "register", "--file", f.to_str().expect("utf-8")],
    );
    assert!(!success);
    assert!(err.contains("纠错期限"), "{err}");
    form["respondents"][0]["correction_due"] = json!("2026-12-31");
    let id = register_and_issue(&db, dir.path(), &form);
    let t = export_text(&db, dir.path(), id, "exemption", "孙立军");
    assert!(t.contains("容错免责"), "{t}");
    let out = ok(&db, "li", &["case", "correct", &id.to_string()]);
    assert!(out.contains("纠错通知书"), "{out}");
    let t = export_text(&db, dir.path(), id, "correction", "孙立军");
    assert!(t.contains("督促企业限期补齐排污许可申请材料"), "{t}");
    assert!(t.contains("2026年12月31日"), "{t}");
    assert!(t.contains("第十九条") || t.contains("第十八条"), "{t}");
    let v = record(&db, id);
    let item = v["后续事项"]
        .as_array()
        .and_then(|a| a.iter().find(|x| x["类别"] == "纠错"))
        .cloned()
        .unwrap_or_else(|| panic!("no 纠错 follow-up: {v}"));
    assert_eq!(item["止"], "2026-12-31");
    assert_eq!(item["状态"], "进行中", "{item}");
    let fid = item["编号"].as_i64().expect("id").to_string();
    ok(
        &db,
        "zhao",
        &[
            "case",
            "done",
            &id.to_string(),
            "--follow-up",
            &fid,
            "--date",
            "2026-12-05",
        ],
    );
    let v = record(&db, id);
    let item = v["后续事项"]
        .as_array()
        .and_then(|a| {
            a.iter()
                .find(|x| x["编号"].as_i64().map(|n| n.to_string()) == Some(fid.clone()))
        })
        .cloned()
        .expect("item");
    assert_ne!(item["状态"], "进行中", "{item}");
    // Statistics: an exempted person is not counted as 问责.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_wenze"))
        .args(["stats", "--year", "2026", "--db"])
        .arg(&db)
        .output()
        .expect("stats");
    let out = String::from_utf8_lossy(&out.stdout);
    assert!(!out.contains("问责\t1"), "{out}");

    // 收受财物、涉嫌严重违纪违法: 第十七条 excludes 容错; the form is refused.
    let mut second = form.clone();
    second["summary"] = json!("收受企业财物后违规容缺受理");
    second["facts"] = json!("经查，孙立军收受企业财物后违规容缺受理，涉嫌严重违纪违法。");
    second["respondents"][0]["np_id_number"] = json!("110105199003070017");
    second["respondents"][0]["np_name"] = json!("钱文");
    second["respondents"][0]["findings"] =
        json!({ "tolerance_exclusions": ["E17-1"], "discipline_form": "第四种形态" });
    let f = write_json(dir.path(), "excluded.json", &second);
    let (success, _, err) = wenze(
        &db,
        "zhao",
        &["case", "register", "--file", f.to_str().expect("utf-8")],
    );
    assert!(!success, "容错 offered under 第十七条");
    assert!(err.contains("第十七条"), "{err}");
}

/// 002 (issue 29): 第十五条 gives the right to be heard before the decision.
/// The 事先告知书 is issued first (its 成文日期 as the clerk set it) and
/// served; 审批签发 is refused while the respondent has not been heard; the
/// statement, entered after 退回, reaches the decision with its 采纳情况.
#[test]
fn the_statement_walk_through_wenze_case() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    office(&db);
    {
        let mut s = wenze::storage::Storage::open(&db).expect("opens");
        s.sign_in_for_test("测试");
        s.set_setting("office_name", "常州市金坛生态环境局")
            .expect("setting");
        s.set_setting("office_code", "坛环问").expect("setting");
        // 第十五条 names the right, not a period: the office sets it.
        s.set_setting("statement_days.002", "15").expect("setting");
    }
    let form = json!({
        "regulation": "002",
        "clue_source": "群众投诉核实",
        "received_on": "2026-09-01",
        "summary": "对群众反映的噪声扰民问题推诿扯皮",
        "facts": "经查，2026年8月群众多次反映某工地夜间施工噪声扰民，周敏以不属本科室职责为由推诿，未转办也未答复。",
        "evidence": "信访登记表\n询问笔录",
        "team": "赵录入、孙明",
        "investigation_started_on": "2026-09-02",
        "decided_on": "2026-10-30",
        "notice_first": true,
        "notice_on": "2026-10-12",
        "respondents": [{
            "new_person": true,
            "np_name": "周敏",
            "np_gender": "女",
            "np_unit": "监察科",
            "np_post": "科员",
            "np_rank": "科员及一般工作人员",
            "np_id_number": "11010519491231002X",
            "role": "承办人",
            "behaviours": ["B7-3"],
            "severity": "较重",
            "outcome": "问责",
            "methods": ["诫勉"]
        }]
    });
    let f = write_json(dir.path(), "form.json", &form);
    let out = ok(
        &db,
        "zhao",
        &["case", "register", "--file", f.to_str().expect("utf-8")],
    );
    let key = draft_key(&out);
    ok(&db, "zhao", &["case", "submit", &key]);
    // Not heard, no notice: 审批签发 refused with 第十五条.
    let (success, _, err) = wenze(&db, "li", &["case", "issue", &key]);
    assert!(!success);
    assert!(err.contains("陈述") || err.contains("申辩"), "{err}");
    // The notice, dated as set, served the next day.
    let out = ok(&db, "li", &["case", "notice", &key]);
    let id = case_id_in(&out);
    let t = export_text(&db, dir.path(), id, "notice", "周敏");
    assert!(t.contains("事先告知书") && t.contains("周敏"), "{t}");
    assert!(t.contains("2026年10月12日"), "{t}");
    assert!(t.contains("诫勉"), "the proposed method: {t}");
    // A delivery before the notice existed is refused.
    let deliver = |on: &str| {
        wenze(
            &db,
            "zhao",
            &[
                "case",
                "deliver",
                &id.to_string(),
                "--date",
                on,
                "--recipient",
                "周敏",
                "--address",
                "监察科办公室",
                "--deliverer",
                "赵录入、孙明",
                "--receipt",
                "本人签收",
            ],
        )
    };
    let (success, _, err) = deliver("2026-10-10");
    assert!(!success);
    assert!(err.contains("早于"), "{err}");
    let (success, _, err) = deliver("2026-10-13");
    assert!(success, "{err}");
    // Still not heard: refused.
    let (success, _, err) = wenze(&db, "li", &["case", "issue", &key]);
    assert!(!success);
    assert!(err.contains("陈述") || err.contains("申辩"), "{err}");
    // The statement came in: returned to the clerk, who enters it — first
    // without 采纳情况 (refused), then with it.
    ok(
        &db,
        "li",
        &[
            "case",
            "return",
            &key,
            "--comment",
            "已收到陈述申辩，请录入并写明采纳情况",
        ],
    );
    let amend = write_json(
        dir.path(),
        "statement.json",
        &json!({ "respondents": [{
            "statement_heard_on": "2026-10-16",
            "statement": "当时误以为不属本科室职责，请求从轻处理。"
        }]}),
    );
    let (success, _, err) = wenze(
        &db,
        "zhao",
        &[
            "case",
            "amend",
            &key,
            "--file",
            amend.to_str().expect("utf-8"),
        ],
    );
    assert!(!success);
    assert!(err.contains("采纳"), "{err}");
    let amend = write_json(
        dir.path(),
        "adopted.json",
        &json!({ "respondents": [{
            "statement_adopted": "不予采纳：职责分工明确，推诿情节属实。"
        }]}),
    );
    ok(
        &db,
        "zhao",
        &[
            "case",
            "amend",
            &key,
            "--file",
            amend.to_str().expect("utf-8"),
        ],
    );
    ok(&db, "zhao", &["case", "submit", &key]);
    let out = ok(&db, "li", &["case", "issue", &key]);
    assert!(out.contains("周敏：问责"), "{out}");
    let t = export_text(&db, dir.path(), id, "decision", "周敏");
    assert!(t.contains("当时误以为不属本科室职责"), "{t}");
    assert!(t.contains("不予采纳"), "{t}");
    // One case, its notice and decision each with its own 文号.
    let v = record(&db, id);
    let docs: Vec<String> = respondent(&v, "周敏")["文书"]
        .as_array()
        .expect("docs")
        .iter()
        .map(|d| {
            format!(
                "{}{}",
                d["种类"].as_str().unwrap_or(""),
                d["文号"].as_str().unwrap_or("")
            )
        })
        .collect();
    assert_eq!(docs.len(), 2, "{docs:?}");
    assert!(docs[0].starts_with("问责事先告知书坛环问"), "{docs:?}");
    assert!(docs[1].starts_with("问责决定书坛环问"), "{docs:?}");
}

/// 000 第八条第（四）项 (issue 23, "consequences are records"): the deduction
/// of the year's 绩效奖励 is recorded at issue as an economic penalty until
/// the year's end; a 复查 that revokes the decision ends it, and the 复查决定书
/// says it is refunded.
#[test]
fn a_deduction_of_the_years_bonus_is_recorded_and_refunded_on_revocation() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    office_000(&db);
    let form = json!({
        "regulation": "000",
        "received_on": "2026-09-01",
        "summary": "未按时限完成交办事项",
        "facts": "经查，阿依古丽未在规定时限内完成交办的审查，在年终考评中被扣分。",
        "evidence": "交办单",
        "investigation_started_on": "2026-09-02",
        "decided_on": "2026-10-20",
        "respondents": [{
            "new_person": true,
            "np_name": "阿依古丽",
            "np_gender": "女",
            "np_unit": "规划处",
            "np_post": "科员",
            "np_rank": "科员及一般工作人员",
            "np_id_number": "11010519491231002X",
            "statement_heard_on": "2026-10-10",
            "statement": "承认延误。",
            "statement_adopted": "无从轻请求。",
            "behaviours": ["B3-2"],
            "severity": "较轻",
            "findings": { "appraisal_deduction": true },
            "outcome": "问责",
            "methods": ["批评教育"]
        }]
    });
    let id = register_and_issue(&db, dir.path(), &form);
    let v = record(&db, id);
    let item = v["后续事项"]
        .as_array()
        .and_then(|a| a.iter().find(|x| x["类别"] == "经济处罚"))
        .cloned()
        .unwrap_or_else(|| panic!("no economic penalty recorded: {v}"));
    assert_eq!(item["止"], "2026-12-31");
    assert_eq!(item["状态"], "进行中");
    assert!(
        item["事项"]
            .as_str()
            .is_some_and(|l| l.contains("扣全年绩效奖励20%")),
        "{item}"
    );
    serve(&db, id, "阿依古丽", "2026-10-22");
    let (r, _) = apply_remedy(&db, id, "阿依古丽", "2026-10-28", "所涉事项已按期办结");
    ok(
        &db,
        "li",
        &[
            "case",
            "answer",
            &id.to_string(),
            "--remedy",
            &r,
            "--outcome",
            "撤销",
            "--date",
            "2026-11-05",
            "--reason",
            "经复查，该事项已于期限内办结，原认定的事实不能成立。",
        ],
    );
    let t = export_text(&db, dir.path(), id, "review", "阿依古丽");
    assert!(t.contains("扣全年绩效奖励20%，予以退还"), "{t}");
    // A stored date that is not a date is said, never read as "none" (a
    // consequence would silently drop off the 工作台).
    let copy = dir.path().join("bad.db");
    std::fs::copy(&db, &copy).expect("copy");
    rusqlite::Connection::open(&copy)
        .expect("raw")
        .execute("UPDATE follow_ups SET ends_on = '2026-13-45'", [])
        .expect("edited outside the program");
    let (success, _, err) = wenze(&copy, "li", &["case", "show", &id.to_string()]);
    assert!(!success, "a bad stored date read as none");
    assert!(err.contains("日期“2026-13-45”"), "{err}");
    let v = record(&db, id);
    let item = v["后续事项"]
        .as_array()
        .and_then(|a| a.iter().find(|x| x["类别"] == "经济处罚"))
        .cloned()
        .expect("item");
    assert_ne!(item["状态"], "进行中", "{item}");
}
