//! 类案参考: the register's earlier decisions for the same conduct (same
//! regulation, 问责情形 and 情节 level), ranked by shared factors, with the
//! distribution of methods and the proportion warning.

use crate::common::TestSignIn;
use wenze::domain::ids::CaseId;
use wenze::domain::precedent::Precedent;
use wenze::domain::procedure::SelectionKind;
use wenze::domain::{NewCase, NewDecision, NewPerson, RespondentDetails, RespondentRole};
use wenze::rules::RegulationSet;
use wenze::rules::precedents::{Departure, PrecedentQuery, compare};
use wenze::storage::Storage;

/// One 004 case with one respondent, its selections and a decision.
fn decided(
    s: &mut Storage,
    n: usize,
    selections: &[(SelectionKind, &str)],
    kind: &str,
    methods: &[&str],
) -> CaseId {
    s.sign_in_for_test("测试");
    let pid = s
        .add_person(&NewPerson {
            name: format!("干部{n:02}"),
            gender: "男".into(),
            unit: "执法大队".into(),
            post: "队员".into(),
            rank: "科员及一般工作人员".into(),
            status: "在职".into(),
            ..Default::default()
        })
        .expect("person");
    let (case_id, _, rids) = s
        .create_case_with(
            &NewCase {
                case_no: None,
                regulation_id: "004".into(),
                tolerance_overlay: false,
                clue_source: "其他".into(),
                received_on: "2026-01-05".parse().expect("date"),
                summary: "信访投诉处理不当。".into(),
                respondents: vec![(pid, RespondentRole::Handler)],
                facts: vec!["事实".into()],
                reporter: None,
            },
            &[RespondentDetails::default()],
        )
        .expect("case");
    let sel: Vec<(SelectionKind, String)> = selections
        .iter()
        .map(|(k, v)| (*k, (*v).to_owned()))
        .collect();
    s.add_selections(rids[0], "004", &sel).expect("selections");
    s.record_decision(&NewDecision {
        case_id,
        respondent_id: rids[0],
        kind: wenze::domain::procedure::DecisionKind::from_label(kind).expect("decision kind"),
        methods: methods.iter().map(|m| (*m).to_owned()).collect(),
        measures: vec![],
        basis: "第六条".into(),
        departure_reason: String::new(),
        precedent_reason: String::new(),
        decided_on: format!("2026-02-{:02}", n + 1).parse().expect("date"),
        approved_by: "管理员甲".into(),
        supersedes: None,
    })
    .expect("decision");
    case_id
}

const B: (SelectionKind, &str) = (SelectionKind::Behaviour, "B6-7");
const LIGHT: (SelectionKind, &str) = (SelectionKind::Severity, "较轻");

/// Ten 004 第六条第（七）项 较轻 decisions (one outlier), and decisions that
/// must not count: another level, another behaviour, the case itself.
fn register(dir: &std::path::Path) -> (Storage, CaseId) {
    let mut s = Storage::open(&dir.join("p.db")).expect("open");
    others(&mut s);
    let own = decided(&mut s, 12, &[B, LIGHT], "问责", &["免职"]);
    (s, own)
}

/// The ten similar decisions and two that are not similar.
fn others(s: &mut Storage) {
    let from_light = (SelectionKind::Factor, "F11-1");
    for n in 0..6 {
        decided(s, n, &[B, LIGHT], "问责", &["诫勉谈话"]);
    }
    for n in 6..9 {
        decided(s, n, &[B, LIGHT, from_light], "问责", &["责令作出书面检查"]);
    }
    decided(s, 9, &[B, LIGHT], "问责", &["停职检查"]);
    decided(
        s,
        10,
        &[B, (SelectionKind::Severity, "较重")],
        "问责",
        &["免职"],
    );
    decided(
        s,
        11,
        &[(SelectionKind::Behaviour, "B6-6"), LIGHT],
        "问责",
        &["免职"],
    );
}

#[test]
fn similar_decisions_are_the_same_conduct_and_level_only() {
    let dir = tempfile::tempdir().expect("tmp");
    let (s, own) = register(dir.path());
    let found = s
        .similar_decisions("004", "B6-7", "较轻", Some(own), 100)
        .expect("similar");
    assert_eq!(found.len(), 10, "{found:#?}");
    assert!(
        found
            .iter()
            .all(|p| !p.methods.contains(&"免职".to_owned()))
    );
    // Newest first; the factors come along.
    assert_eq!(found[0].methods, ["停职检查"]);
    assert_eq!(found[1].factors, ["F11-1"]);
    assert!(
        found
            .iter()
            .all(|p| p.role == "承办人" && p.unit == "执法大队")
    );
    // The cap holds.
    assert_eq!(
        s.similar_decisions("004", "B6-7", "较轻", Some(own), 3)
            .expect("capped")
            .len(),
        3
    );
}

fn query(chosen: &[&str], factors: &[&str]) -> PrecedentQuery {
    PrecedentQuery {
        regulation: "004".into(),
        factors: factors.iter().map(|f| (*f).to_owned()).collect(),
        tolerance: false,
        role: "承办人".into(),
        chosen: chosen.iter().map(|m| (*m).to_owned()).collect(),
        year: Some(2026),
    }
}

#[test]
fn distribution_nearest_and_the_proportion_warning() {
    let dir = tempfile::tempdir().expect("tmp");
    let (s, own) = register(dir.path());
    let found: Vec<Precedent> = s
        .similar_decisions("004", "B6-7", "较轻", Some(own), 100)
        .expect("similar");
    let regs = RegulationSet::bundled();

    let report = compare(&regs, &query(&["诫勉谈话"], &["F11-1"]), &found);
    assert_eq!(
        report.summary(),
        "同类 10 件：诫勉谈话 6，责令作出书面检查 3，停职检查 1"
    );
    assert_eq!(report.nearest.len(), 5);
    // The three that share the 从轻 factor come first.
    assert!(
        report.nearest[..3]
            .iter()
            .all(|r| r.precedent.factors == ["F11-1"])
    );
    assert!(report.nearest[0].shared > report.nearest[3].shared);
    assert!(!report.nearest[0].factor_labels.is_empty());
    assert!(report.warning.is_none(), "within the range: no warning");

    // Heavier than every one (免职 is later in 004's [[methods]]).
    let heavy = compare(&regs, &query(&["免职"], &[]), &found);
    let w = heavy.warning.expect("heavier warns");
    assert_eq!(w.departure, Departure::Heavier);
    assert!(
        w.message.contains("重于本单位全部 10 件同类决定"),
        "{}",
        w.message
    );
    assert!(
        w.message.contains("第三条第（三）项“过错与责任相当”"),
        "{}",
        w.message
    );
    assert!(w.message.contains("过错与责任相适应"), "{}", w.message);
    assert!(w.message.contains("定性准确、处理适当"), "{}", w.message);
    assert_eq!(w.citations.len(), 3);
    assert!(!w.message.contains("B6"), "no internal ids: {}", w.message);

    // Lighter than every one: only decisions weighing more than 责令作出书面检查.
    let heavier_only: Vec<Precedent> = found
        .iter()
        .filter(|p| p.methods != ["责令作出书面检查"])
        .cloned()
        .collect();
    let light = compare(&regs, &query(&["责令作出书面检查"], &[]), &heavier_only);
    assert_eq!(
        light.warning.expect("lighter warns").departure,
        Departure::Lighter
    );

    // Fewer than five similar decisions: no warning.
    let few = compare(&regs, &query(&["免职"], &[]), &found[..4]);
    assert!(few.warning.is_none());
    // Nothing chosen yet: no warning; an unknown regulation: nothing.
    assert!(compare(&regs, &query(&[], &[]), &found).warning.is_none());
    let mut unknown = query(&["免职"], &[]);
    unknown.regulation = "999".into();
    assert_eq!(compare(&regs, &unknown, &found).total, 0);
    assert_eq!(
        compare(&regs, &query(&[], &[]), &[]).summary(),
        "暂无同类决定"
    );
}

/// The window: in 处理决定 the 类案参考 panel shows the distribution and the
/// nearest decisions (names for the administrator), and choosing 免职 puts
/// the proportion warning beside the methods.
#[test]
fn the_decision_step_shows_precedents_and_the_warning() {
    use crate::wizard::{click, intake_and_facts};
    use egui_kittest::kittest::Queryable;
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("p.db");
    {
        let mut s = Storage::open(&db).expect("open");
        others(&mut s);
    }
    let mut h = crate::kit::signed_in(wenze::app::WenzeApp::open(&db));
    h.run();
    intake_and_facts(&mut h, "徐水执法过错追究制度", "孙立军");
    h.get_by_label_contains("信访投诉处理不当").click();
    h.run();
    click(&mut h, "下一步");
    assert_eq!(crate::wizard::step(&h), 3);
    crate::kit::settle(&mut h);
    h.get_by_label("同类 10 件：诫勉谈话 6，责令作出书面检查 3，停职检查 1");
    h.get_by_label("最相近的 5 件（按相同情节排序）：");
    h.get_by_label("姓名");
    assert!(h.query_by_label_contains("重于本单位全部").is_none());
    h.get_by_label_contains("免职（").click();
    h.run();
    crate::kit::settle(&mut h);
    let warning = h.get_by_label_contains("重于本单位全部 10 件同类决定");
    let text = format!("{warning:?}");
    assert!(text.contains("过错与责任相当"), "{text}");
    assert!(!text.contains("B6"), "no internal ids: {text}");
    // The reason it needs, beside it.
    h.get_by_label("与类案不一致的理由");
}

/// `wenze case show --json`: each respondent's 类案参考 against the decided
/// methods; names for a reviewer, none for a clerk.
#[test]
fn case_show_json_has_the_precedents() {
    let dir = tempfile::tempdir().expect("tmp");
    let (mut s, own) = register(dir.path());
    let db = s.path().to_owned();
    s.sign_in_for_test("测试");
    for (login, name, role, password) in [
        (
            "zhao",
            "赵录入",
            wenze::domain::auth::UserRole::Clerk,
            "luru2026",
        ),
        (
            "li",
            "李审核",
            wenze::domain::auth::UserRole::Reviewer,
            "shenhe2026",
        ),
    ] {
        let h = wenze::domain::auth::Credentials::new(password).expect("hash");
        s.add_user(login, name, role, &h).expect("user");
    }
    drop(s);
    let show = |user: &str, password: &str| -> serde_json::Value {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_wenze"))
            .args(["case", "show", &own.to_string(), "--json", "--user", user])
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
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).expect("json")
    };
    let v = show("li", "shenhe2026");
    let p = &v["被问责人"][0]["类案参考"];
    assert_eq!(
        p["概况"],
        "同类 10 件：诫勉谈话 6，责令作出书面检查 3，停职检查 1"
    );
    assert_eq!(p["最相近"].as_array().map(Vec::len), Some(5));
    assert!(p["最相近"][0]["姓名"].is_string(), "{p}");
    let warning = p["比例提示"].as_str().expect("免职 is heavier than all");
    assert!(warning.contains("过错与责任相适应"), "{warning}");
    let clerk = show("zhao", "luru2026");
    assert!(clerk["被问责人"][0]["类案参考"]["最相近"][0]["姓名"].is_null());
}

/// A decision changed on 复查 counts as it stands and is marked; one
/// without methods (不予问责) counts under its kind.
#[test]
fn changed_and_unaccountable_decisions_are_counted_as_they_stand() {
    let p = |kind: &str, methods: &[&str], upheld: bool| Precedent {
        doc_no: "环问〔2026〕1号".into(),
        decided_on: "2026-02-01".into(),
        unit: "执法大队".into(),
        name: "干部".into(),
        role: "承办人".into(),
        kind: wenze::domain::procedure::DecisionKind::from_label(kind).expect("decision kind"),
        methods: methods.iter().map(|m| (*m).to_owned()).collect(),
        factors: vec![],
        tolerance: false,
        upheld,
    };
    let found = [
        p("复查", &["诫勉谈话"], false),
        p("问责", &["通报批评"], true),
        p("不予问责", &[], false),
    ];
    let report = compare(&RegulationSet::bundled(), &query(&[], &[]), &found);
    // Equal counts: lightest first (no method weighs least).
    assert_eq!(
        report.summary(),
        "同类 3 件：不予问责 1，诫勉谈话 1，通报批评 1"
    );
    let marks: Vec<&str> = report.nearest.iter().map(|r| r.mark.as_str()).collect();
    assert_eq!(marks, ["复查变更", "复查维持", ""]);
    assert_eq!(report.nearest[2].outcome, "不予问责");
}

/// The case of issue #27's "must show": one 承办人, 第六条第（七）项 较轻,
/// decided 免职 — heavier than every one of the office's ten similar
/// decisions once they are in the register.
fn must_show_form(name: &str, id_number: &str) -> serde_json::Value {
    serde_json::json!({
        "regulation": "004",
        "clue_source": "群众投诉核实",
        "received_on": "2026-10-09",
        "summary": "信访投诉处理不当被反映",
        "facts": "经查，该同志对群众反映的噪声扰民投诉未按规定处理，群众多次越级反映。",
        "evidence": "信访登记簿\n调查笔录",
        "team": "赵录入、孙明",
        "investigation_started_on": "2026-10-10",
        "decided_on": "2026-11-02",
        "respondents": [{
            "new_person": true,
            "np_name": name,
            "np_gender": "男",
            "np_unit": "执法大队",
            "np_post": "执法队员",
            "np_rank": "科员及一般工作人员",
            "np_id_number": id_number,
            "role": "承办人",
            "statement_heard_on": "2026-10-28",
            "statement": "对事实无异议。",
            "statement_adopted": "已听取，事实清楚，不予采纳从轻请求。",
            "behaviours": ["B6-7"],
            "severity": "较轻",
            "outcome": "问责",
            "methods": ["免职"],
            "departure_reason": "群众多次越级反映，影响恶劣，推荐方式不足以警示。"
        }]
    })
}

/// 审批签发 against the proportion warning: the "must show" register (ten
/// 第六条第（七）项 较轻 decisions, one outlier) gives the distribution, the
/// nearest five and the warning; `wenze case issue` (the wizard's own
/// session) is refused naming the articles of proportion until a reason is
/// given, and the reason issued with is in the case file and the audit
/// entry, never in the document.
#[test]
fn issuing_against_the_warning_needs_a_recorded_reason() {
    use crate::walks::{draft_key, ok, record, wenze, write_json};
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("p.db");
    crate::walks::office(&db);
    // Drafted before the office's similar decisions were registered: no
    // warning yet, so the draft passes every step.
    let form = write_json(
        dir.path(),
        "case.json",
        &must_show_form("王磊", "11010519491231002X"),
    );
    let key = draft_key(&ok(
        &db,
        "li",
        &["case", "register", "--file", form.to_str().expect("path")],
    ));
    {
        let mut s = Storage::open(&db).expect("open");
        s.set_actor("测试");
        others(&mut s);
        let found = s
            .similar_decisions("004", "B6-7", "较轻", None, 500)
            .expect("similar");
        let report = compare(&RegulationSet::bundled(), &query(&["免职"], &[]), &found);
        assert_eq!(
            report.summary(),
            "同类 10 件：诫勉谈话 6，责令作出书面检查 3，停职检查 1"
        );
        assert_eq!(report.nearest.len(), 5);
        assert_eq!(
            report.warning.expect("免职 is heavier than all").departure,
            Departure::Heavier
        );
    }

    // 审批签发 refused: the reason is missing; the articles are named.
    let (issued, out, err) = wenze(&db, "li", &["case", "issue", &key]);
    assert!(!issued, "{out}");
    for part in ["须写明理由方可签发", "第三条第（三）项", "第二条", "第五条"]
    {
        assert!(err.contains(part), "{part}: {err}");
    }
    assert!(!err.contains("B6"), "no internal ids: {err}");
    {
        let s = Storage::open(&db).expect("open");
        assert_eq!(
            s.similar_decisions("004", "B6-7", "较轻", None, 500)
                .expect("similar")
                .len(),
            10,
            "nothing issued"
        );
    }
    // A new form with the warning and no reason is refused at once too.
    let other = write_json(
        dir.path(),
        "other.json",
        &must_show_form("李强", "110105199003070017"),
    );
    let (registered, _, err) = wenze(
        &db,
        "li",
        &["case", "register", "--file", other.to_str().expect("path")],
    );
    assert!(!registered);
    assert!(err.contains("须写明理由方可签发"), "{err}");

    // The reason given: issued, and recorded where it belongs.
    let reason =
        "该同志经批评教育后仍拒不处理群众投诉，致群众多次越级上访，情节与以往同类案件不同。";
    let patch = write_json(
        dir.path(),
        "reason.json",
        &serde_json::json!({ "respondents": [{ "precedent_reason": reason }] }),
    );
    ok(
        &db,
        "li",
        &[
            "case",
            "amend",
            &key,
            "--file",
            patch.to_str().expect("path"),
        ],
    );
    let out = ok(&db, "li", &["case", "issue", &key]);
    let case_id: CaseId = out
        .split("案件编号 ")
        .nth(1)
        .and_then(|t| t.split('，').next())
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no case id in {out}"));
    let v = record(&db, case_id.get());
    let decision = &v["被问责人"][0]["决定"][0];
    assert_eq!(decision["问责方式"], serde_json::json!(["免职"]));
    assert_eq!(decision["与类案不一致的理由"], reason);
    let audited = v["审计记录"].as_array().expect("audit").iter().any(|a| {
        a["操作"] == "作出决定"
            && a["内容"]
                .as_str()
                .is_some_and(|t| t.contains(&format!("类案比例说明：{reason}")))
    });
    assert!(audited, "{}", v["审计记录"]);
    // The warning still stands against the decided methods (case show).
    assert!(v["被问责人"][0]["类案参考"]["比例提示"].is_string());
    // Not in the document.
    let s = Storage::open(&db).expect("open");
    let file = s.case_file(case_id).expect("case file");
    let pdf = dir.path().join("decision.pdf");
    std::fs::write(&pdf, s.document_bytes(file.documents[0].id).expect("pdf")).expect("write");
    let text = crate::walks::pdftotext(&pdf);
    assert!(text.contains("免职"), "{text}");
    assert!(!text.contains("越级上访"), "{text}");
}

/// The same year decided the same conduct and level both lighter and
/// heavier, and the chosen methods are two or more steps (004's
/// `[[methods]]` order) from every one of that year's: the spread warns
/// with the same articles; one step from any of them, or another year's
/// decisions, do not.
#[test]
fn a_year_of_very_different_decisions_warns() {
    let p = |decided_on: &str, methods: &[&str]| Precedent {
        doc_no: format!("环问〔{}〕1号", &decided_on[..4]),
        decided_on: decided_on.into(),
        unit: "执法大队".into(),
        name: "干部".into(),
        role: "承办人".into(),
        kind: wenze::domain::procedure::DecisionKind::Accountability,
        methods: methods.iter().map(|m| (*m).to_owned()).collect(),
        factors: vec![],
        tolerance: false,
        upheld: false,
    };
    let found = [
        p("2026-03-01", &["责令作出书面检查"]),
        p("2026-04-01", &["责令作出书面检查"]),
        p("2026-05-01", &["免职"]),
        p("2026-06-01", &["免职"]),
        p("2025-06-01", &["停职检查"]),
        p("2025-07-01", &["调离现岗位"]),
    ];
    let regs = RegulationSet::bundled();
    // 停职检查 (4): four steps above 书面检查 (0), three below 免职 (7).
    let w = compare(&regs, &query(&["停职检查"], &[]), &found)
        .warning
        .expect("the year's spread warns");
    assert_eq!(w.departure, Departure::Spread);
    assert!(
        w.message
            .contains("2026年本单位同类决定 4 件，有 2 件轻于、2 件重于所选问责方式"),
        "{}",
        w.message
    );
    assert!(w.message.contains("过错与责任相当"), "{}", w.message);
    assert!(w.message.contains("定性准确、处理适当"), "{}", w.message);
    assert_eq!(w.citations.len(), 3);
    // 责令辞职 (6) is one step from 免职: not very different.
    assert!(
        compare(&regs, &query(&["责令辞职"], &[]), &found)
            .warning
            .is_none()
    );
    // Another year's decisions are not that year's: 2025 has none lighter.
    let mut earlier = query(&["停职检查"], &[]);
    earlier.year = Some(2025);
    assert!(compare(&regs, &earlier, &found).warning.is_none());
    // Without a decision date there is no year to compare.
    earlier.year = None;
    assert!(compare(&regs, &earlier, &found).warning.is_none());
}

/// 统计分析's 类案一致性: the "must show" register's ten 第六条第（七）项
/// 较轻 decisions form one group (the 较重 one and the other behaviour are
/// alone); its spread, and the outlier (停职检查, three steps from the
/// middle's 诫勉谈话) by its 文号, in the report and the view.
#[test]
fn statistics_name_the_spread_and_the_outliers() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("p.db");
    let mut s = Storage::open(&db).expect("open");
    others(&mut s);
    let outlier = s
        .similar_decisions("004", "B6-7", "较轻", None, 100)
        .expect("similar")
        .into_iter()
        .find(|p| p.methods == ["停职检查"])
        .expect("the outlier")
        .doc_no;
    let regs = RegulationSet::bundled();
    let view = wenze::app::worker::compute_statistics(
        &s,
        &regs,
        "2026-01-01".parse().expect("date"),
        "2027-01-01".parse().expect("date"),
    )
    .expect("statistics");
    assert_eq!(view.consistency.len(), 1, "{:#?}", view.consistency);
    let c = &view.consistency[0];
    assert_eq!(
        (c.behaviour.as_str(), c.level.as_str(), c.total),
        ("B6-7", "较轻", 10)
    );
    assert_eq!(c.distribution[0], ("诫勉谈话".to_owned(), 6));
    assert_eq!(
        c.range,
        ("责令作出书面检查".to_owned(), "停职检查".to_owned())
    );
    assert_eq!(c.outliers, [(outlier.clone(), "停职检查".to_owned())]);
    let doc = wenze::export::statistics::report(
        &view,
        "保定市生态环境局徐水区分局",
        "2026年",
        "2026-12-01".parse().expect("date"),
    );
    let text: Vec<String> = doc
        .body
        .iter()
        .filter_map(|b| match b {
            wenze::export::Block::Para(t) | wenze::export::Block::H2(t) => Some(t.clone()),
            _ => None,
        })
        .collect();
    let text = text.join("\n");
    assert!(text.contains("过错与责任相当"), "{text}");
    assert!(
        text.contains("共10件：诫勉谈话6件，责令作出书面检查3件，停职检查1件"),
        "{text}"
    );
    assert!(
        text.contains(&format!("明显偏离的决定1件：{outlier}（停职检查）")),
        "{text}"
    );
    assert!(!text.contains("B6"), "no internal ids: {text}");
    // The report lays out (PDF and OFD share the layout).
    wenze::export::layout(&doc).expect("lays out");
}

/// `wenze demo`: clusters of one 问责情形 and 情节 decided several ways,
/// and a few outliers two steps or more from their group's middle — the
/// same for the same seed.
#[test]
fn the_demo_register_has_clusters_and_a_few_outliers() {
    let clusters = |seed: u64| {
        let dir = tempfile::tempdir().expect("tmp");
        let mut s = Storage::open(&dir.path().join("d.db")).expect("open");
        wenze::storage::demo::generate(&mut s, 3000, seed).expect("demo");
        wenze::app::worker::compute_statistics(
            &s,
            &RegulationSet::bundled(),
            "2000-01-01".parse().expect("date"),
            "2100-01-01".parse().expect("date"),
        )
        .expect("statistics")
        .consistency
    };
    let found = clusters(5);
    assert!(found.len() >= 5, "{}", found.len());
    assert!(
        found.iter().filter(|c| c.distribution.len() >= 3).count() >= 3,
        "several ways: {found:#?}"
    );
    let outliers: usize = found.iter().map(|c| c.outliers.len()).sum();
    let total: usize = found.iter().map(|c| c.total).sum();
    assert!(outliers > 0, "no outliers");
    assert!(outliers * 10 < total, "a few: {outliers} of {total}");
    assert_eq!(found, clusters(5), "deterministic by seed");
}

/// The date-ordered keys (migration 22) follow the records: a behaviour and
/// level selected after the decision find it, newest first; the case
/// itself is left out though its keys remain.
#[test]
fn similar_decisions_follow_the_records_not_only_the_keys() {
    let dir = tempfile::tempdir().expect("tmp");
    let (mut s, own) = register(dir.path());
    // Decided first, its conduct recorded after.
    let late = decided(&mut s, 13, &[], "问责", &["通报批评"]);
    let rid = s
        .case_respondents(late)
        .expect("respondents")
        .first()
        .map(|r| r.id)
        .expect("respondent");
    s.add_selections(
        rid,
        "004",
        &[
            (SelectionKind::Behaviour, "B6-7".to_owned()),
            (SelectionKind::Severity, "较轻".to_owned()),
        ],
    )
    .expect("selections");
    let found = s
        .similar_decisions("004", "B6-7", "较轻", Some(own), 100)
        .expect("similar");
    assert_eq!(found.len(), 11, "{found:#?}");
    assert_eq!(found[0].methods, ["通报批评"], "newest first");
    // The case itself is left out; without the exclusion it is there.
    assert_eq!(
        s.similar_decisions("004", "B6-7", "较轻", None, 100)
            .expect("similar")
            .len(),
        12
    );
}
