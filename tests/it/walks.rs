//! Whole cases from 线索登记 to the end of their remedy, each walked twice:
//! in the window (egui_kittest, as a clerk and a reviewer press it) and
//! through `wenze case` (the same transitions headless). Each walk asserts
//! the records and the printed text, and both walks of a case must leave the
//! same record (`wenze case show --json`, without ids, hashes and times).

use std::path::Path;

use serde_json::{Value, json};

/// The office and its users: 录入员 赵录入 (zhao), 审核人 李审核 (li).
pub(crate) fn office(db: &Path) {
    let mut s = wenze::storage::Storage::open(db).expect("opens");
    s.set_actor("测试");
    for (u, n, r, p) in [
        ("admin", "管理员甲", "管理员", "wenze2026"),
        ("zhao", "赵录入", "录入员", "luru2026"),
        ("li", "李审核", "审核人", "shenhe2026"),
    ] {
        let h = wenze::domain::auth::hash_password(p).expect("hash");
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
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(format!("{}\n", password(user)).as_bytes())
        .expect("password");
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

/// The draft key `wenze case register` printed.
fn draft_key(out: &str) -> String {
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
                            "编号" | "案件编号" | "sha256" | "审计记录" | "类案参考" | "时间"
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
                "statement": "对事实无异议，系初次办理此类案件，请求从轻处理。",
                "statement_adopted": "部分采纳：考虑其初次办理此类案件，在较轻档内选择通报批评，不再加处其他方式。",
                "behaviours": ["B6-6"],
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
    let amend = write_json(
        dir.path(),
        "amend.json",
        &json!({ "facts": "经查，2026年9月对某家具厂作出的行政处罚，认定的违法事实不清、证据不足，已于2026年9月30日被复议机关撤销。" }),
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
    assert!(out.contains("王磊：问责"), "{out}");
    assert!(out.contains("周建华：不予问责"), "{out}");
    let case_id: i64 = out
        .lines()
        .find_map(|l| l.strip_prefix("案件编号 "))
        .and_then(|l| l.split('，').next())
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no case id in {out}"));
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
