//! Issue 25, "The law's last mile": one scenario per item, each quoting the
//! article it tests. Real regulation files, the real engine.

use crate::common::TestSignIn;
use crate::common::*;
use wenze::rules::engine::{
    Assessment, CaseInput, HistoryKind, HistoryRecord, HistoryStanding, RespondentInput,
};

fn one(reg_behaviour: &str, severity: &str) -> RespondentInput {
    let mut p = person("p1", "王建国", "法规处");
    p.behaviours = strings(&[reg_behaviour]);
    p.severity = Some(severity.to_owned());
    p
}

fn errors(a: &Assessment, i: usize) -> Vec<String> {
    a.respondents[i]
        .errors
        .iter()
        .map(|e| e.text.clone())
        .collect()
}

// ------------------------------------------------------------ joint liability

/// 000 第八条（四）末句: “处室（单位）负责人和分管领导承担连带责任，参照当事人的处罚予以相应经济处罚。”
/// The 分管领导 is a 厅领导, never in the 处室: found by being recorded as the
/// 当事人's 分管领导, not by unit; the 处室负责人 by unit.
#[test]
fn supervising_leader_is_found_by_record_not_by_unit() {
    let mut xu = person("p1", "许九", "执法处");
    xu.behaviours = strings(&["B3-2"]);
    xu.severity = Some("严重".to_owned());
    xu.serious_impact = true;
    xu.supervising_leader = "吕副厅长".to_owned();
    let mut lv = person("p2", "吕副厅长", "厅领导");
    lv.role = "分管领导".to_owned();
    lv.behaviours = strings(&["B3-13"]);
    let mut chief = person("p3", "周处长", "执法处");
    chief.role = "部门负责人".to_owned();
    chief.behaviours = strings(&["B3-13"]);
    let mut other_chief = person("p4", "郑处长", "法规处");
    other_chief.role = "部门负责人".to_owned();
    other_chief.behaviours = strings(&["B3-13"]);
    let a = run(
        &case(
            "000",
            "2026-03-02",
            vec![xu.clone(), lv.clone(), chief, other_chief],
        ),
        &[],
    );
    let joint = |i: usize| {
        a.respondents[i]
            .notes
            .iter()
            .find(|n| n.text.contains("连带责任"))
            .cloned()
    };
    let n = joint(0).expect("joint liability on 许九");
    assert!(
        n.text.contains("吕副厅长（分管领导）") && n.text.contains("周处长（部门负责人）"),
        "{}",
        n.text
    );
    assert!(
        !n.text.contains("郑处长"),
        "another 处室's head: {}",
        n.text
    );
    assert_eq!(n.citation.article, "第八条第（四）项");
    assert!(n.citation.text.contains("分管领导承担连带责任"));
    let lv_note = joint(1).expect("吕副厅长 is told");
    assert!(lv_note.text.contains("许九") && lv_note.text.contains("分管领导"));
    assert!(joint(2).is_some(), "the 处室负责人 by unit");
    assert!(joint(3).is_none(), "no joint liability across 处室");

    // Not recorded as 许九's 分管领导: no joint liability guessed, the
    // record asked for.
    xu.supervising_leader.clear();
    let a = run(&case("000", "2026-03-02", vec![xu.clone(), lv]), &[]);
    assert!(
        !a.respondents[1]
            .notes
            .iter()
            .any(|n| n.text.contains("连带责任"))
    );
    let ask = a.respondents[0]
        .notes
        .iter()
        .find(|n| n.text.contains("未记录为许九的分管领导"))
        .expect("the record is asked for");
    assert_eq!(ask.citation.article, "第八条第（四）项");

    // Recorded but not a respondent of this case: still named.
    xu.supervising_leader = "吕副厅长".to_owned();
    let a = run(&case("000", "2026-03-02", vec![xu]), &[]);
    assert!(
        a.respondents[0]
            .notes
            .iter()
            .any(|n| n.text.contains("吕副厅长（分管领导）承担连带责任"))
    );
}

// ------------------------------------------------------------ what a level requires

/// 000 第七条（二）: “情节较重，要给予组织处理，取消当年评优评先资格；造成不良影响和后果的，
/// 调离岗位，一年内不得晋升职务；并实施经济处罚。”
#[test]
fn a_serious_level_requires_its_parts() {
    let mut p = one("B3-2", "较重");
    p.methods = strings(&["取消评优评先资格"]);
    let a = run(&case("000", "2026-03-02", vec![p.clone()]), &[]);
    let e = errors(&a, 0);
    assert_eq!(e.len(), 2, "{e:?}");
    assert!(e.iter().any(|t| t.contains("“要给予组织处理”")), "{e:?}");
    assert!(e.iter().any(|t| t.contains("“并实施经济处罚”")), "{e:?}");
    let err = &a.respondents[0].errors[0];
    assert_eq!(err.citation.article, "第七条第（二）项");
    assert!(err.citation.text.contains("要给予组织处理"));
    assert!(!err.editorial);

    // The group the text names without a method is recommended as
    // alternatives — not the methods 第七条（三） keeps for 严重.
    let m = methods(&a, 0);
    assert!(m.contains(&"调离岗位".to_owned()), "{m:?}");
    assert!(!m.contains(&"免职".to_owned()), "{m:?}");
    assert!(
        a.respondents[0]
            .notes
            .iter()
            .any(|n| n.text.contains("条文未指明具体方式") && n.editorial)
    );

    p.methods = strings(&["取消评优评先资格", "调离岗位", "扣除绩效奖励"]);
    let a = run(&case("000", "2026-03-02", vec![p.clone()]), &[]);
    assert!(errors(&a, 0).is_empty(), "{:?}", errors(&a, 0));

    // Nothing decided yet: nothing to check.
    p.methods.clear();
    let a = run(&case("000", "2026-03-02", vec![p]), &[]);
    assert!(errors(&a, 0).is_empty());
}

/// 000 第七条（三）: “情节严重，结合经济处罚，年度考核定为不称职，予以引咎辞职、责令辞职、免职处理；
/// 造成严重影响和后果的，予以党纪（行政）处分及降职。”
#[test]
fn a_grave_level_requires_its_parts() {
    let mut p = one("B3-2", "严重");
    p.methods = strings(&["扣除绩效奖励"]);
    let a = run(&case("000", "2026-03-02", vec![p.clone()]), &[]);
    let e = errors(&a, 0);
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(e[0].contains("引咎辞职、责令辞职、免职"), "{e:?}");
    assert_eq!(
        a.respondents[0].errors[0].citation.article,
        "第七条第（三）项"
    );

    p.serious_impact = true;
    p.methods = strings(&["扣除绩效奖励", "免职"]);
    let a = run(&case("000", "2026-03-02", vec![p.clone()]), &[]);
    let e = errors(&a, 0);
    assert!(e.iter().any(|t| t.contains("党纪（行政）处分")), "{e:?}");
    assert!(e.iter().any(|t| t.contains("降职")), "{e:?}");
}

/// 001 第十五条: “……符合下列情形之一的,可以从轻或者减轻责任:(一)主动采取措施有效避免损失或者挽回影响的;”
/// A 减轻 the text allows, decided, releases the level's parts.
#[test]
fn a_decided_mitigation_releases_the_level_parts() {
    let mut p = one("B3-2", "较重");
    p.methods = strings(&["取消评优评先资格"]);
    p.overlay_factors = strings(&["F15-1"]);
    p.mitigate = true;
    let mut c = case("000", "2026-03-02", vec![p.clone()]);
    c.tolerance_overlay = true;
    let a = run(&c, &[]);
    assert!(errors(&a, 0).is_empty(), "{:?}", errors(&a, 0));

    // 从轻 stays within the level: the parts still bind.
    p.mitigate = false;
    let mut c: CaseInput = case("000", "2026-03-02", vec![p]);
    c.tolerance_overlay = true;
    let a = run(&c, &[]);
    assert_eq!(errors(&a, 0).len(), 2);
}

// ------------------------------------------------------------ 004 第九条 alone

/// 004 第九条: “因生态环境执法人员的共同行为导致作出错误处罚决定……生态环境执法人员应共同承担
/// 行政执法过错责任；但能够证明自己已经表示不同意见的成员除外。”
/// The exception is about a 共同行为: a lone respondent is not exempted
/// silently; the co-actors are asked for (they may be outside this case).
#[test]
fn a_lone_dissent_asks_for_the_co_actors() {
    let mut p = one("B6-7", "较轻");
    p.dissent_recorded = true;
    let a = run(&case("004", "2026-06-01", vec![p.clone()]), &[]);
    let r = &a.respondents[0];
    assert_ne!(r.direction, wenze::rules::engine::Direction::Exempt);
    assert!(!r.recommended_methods.is_empty());
    let n = r
        .notes
        .iter()
        .find(|n| n.text.contains("共同行为人"))
        .expect("the co-actors are asked for");
    assert!(n.text.contains("不予免责"), "{}", n.text);
    assert_eq!(n.citation.article, "第九条");
    assert!(n.citation.text.contains("表示不同意见的成员除外"));

    // Co-actors recorded outside this case: the exception applies.
    p.co_actors = strings(&["赵某（已调离）"]);
    let a = run(&case("004", "2026-06-01", vec![p]), &[]);
    let r = &a.respondents[0];
    assert_eq!(r.direction, wenze::rules::engine::Direction::Exempt);
    assert!(r.notes.iter().any(|n| n.text.contains("赵某（已调离）")));
}

// ------------------------------------------------------------ 容错 that contradicts itself

fn tolerated(p: RespondentInput, regulation: &str) -> Assessment {
    let mut p = p;
    p.tolerance_situations = strings(&["T14-3"]);
    p.tolerance_conditions = strings(&["K14-2-1", "K14-2-2", "K14-2-3", "K14-2-4"]);
    let mut c = case(regulation, "2026-06-01", vec![p]);
    c.tolerance_overlay = true;
    run(&c, &[])
}

/// 001 第四条: “……在严守党纪国法、保持清正廉洁的前提下,按照有关规定和程序,予以容错……”;
/// 第十四条第二款（一）: “党章党规、法律法规没有明令禁止的”. 004 第十二条（一）:
/// “因索贿、敲诈勒索、以权谋私、徇私枉法等原因而出现执法过错的”.
#[test]
fn tolerance_for_prohibited_conduct_is_refused_until_a_reason() {
    let mut p = one("B6-7", "较轻");
    p.factors = strings(&["F12-1"]);
    let a = tolerated(p.clone(), "004");
    let r = &a.respondents[0];
    assert_ne!(r.direction, wenze::rules::engine::Direction::Exempt);
    let t = r.tolerance.as_ref().expect("tolerance assessed");
    assert!(!t.exempt, "{}", t.explanation);
    let premise = r
        .notes
        .iter()
        .find(|n| n.text.contains("相矛盾"))
        .expect("the contradiction is flagged");
    assert_eq!(premise.citation.article, "第四条");
    assert!(premise.citation.text.contains("严守党纪国法"));
    assert!(premise.text.contains("不予容错"), "{}", premise.text);
    let condition = r
        .notes
        .iter()
        .find(|n| n.text.contains("没有明令禁止"))
        .expect("the condition is flagged");
    assert_eq!(condition.citation.article, "第十四条第二款第（一）项");
    assert!(!r.factors.iter().any(|f| f.id == "tolerance"));

    // A reason recorded: 容错 may stand, flagged and with the reason.
    p.tolerance_reason = "经查索贿系他人所为，本人未获利".to_owned();
    let a = tolerated(p, "004");
    let r = &a.respondents[0];
    assert!(r.tolerance.as_ref().is_some_and(|t| t.exempt));
    assert!(r.notes.iter().any(|n| n.text.contains("本人未获利")));
    assert!(r.notes.iter().any(|n| n.text.contains("相矛盾")));
}

/// 004 第七条（三）: “因收受礼品或贿赂故意袒护违法管理相对人……”; 002 第八条（一）:
/// “……利用职务或职权之便，谋取个人或小团体利益的”. A 第十七条 exclusion
/// (“以及其他有明确规定不能减责、免责的,不纳入容错范畴”) settles it the other way.
#[test]
fn prohibited_behaviours_contradict_tolerance_too() {
    for (reg, behaviour) in [("004", "B7-3"), ("002", "B8-1")] {
        let a = tolerated(one(behaviour, "较重"), reg);
        let r = &a.respondents[0];
        assert!(
            r.tolerance.as_ref().is_some_and(|t| !t.exempt),
            "{reg} {behaviour}"
        );
        assert!(r.notes.iter().any(|n| n.text.contains("相矛盾")), "{reg}");
    }
    let mut p = one("B8-1", "较重");
    p.tolerance_exclusions = strings(&["E17-3"]);
    let a = tolerated(p, "002");
    let r = &a.respondents[0];
    assert!(r.tolerance.as_ref().is_some_and(|t| !t.exempt));
    assert!(!r.notes.iter().any(|n| n.text.contains("相矛盾")));
    // Lawful conduct: 容错 as before.
    let a = tolerated(one("B6-2", "较重"), "002");
    assert!(
        a.respondents[0]
            .tolerance
            .as_ref()
            .is_some_and(|t| t.exempt)
    );
}

// ------------------------------------------------------------ history that distinguishes outcomes

fn earlier(
    kind: Option<HistoryKind>,
    standing: HistoryStanding,
    methods: &[&str],
) -> HistoryRecord {
    let mut h = hist("p1", "法规处", "坛作问〔2026〕2号", "2026-02-01", methods);
    h.kind = kind;
    h.standing = standing;
    h
}

/// 002 第十一条（五）: “受到问责后，一年内再次发生应当予以问责情形的。” Only a 问责
/// decision that stands is 受到问责: not 不予问责, 容错免责, a revoked one, nor a
/// record of unknown kind that merely lacks methods.
#[test]
fn only_a_standing_accountability_decision_is_having_been_held_accountable() {
    use HistoryKind::*;
    use HistoryStanding::*;
    let repeat = |h: HistoryRecord| {
        let a = run(&case("002", "2026-06-01", vec![one("B7-1", "较轻")]), &[h]);
        a.respondents[0].factors.iter().any(|f| f.id == "F11-5")
    };
    assert!(repeat(earlier(Some(Accountability), Stands, &["通报"])));
    assert!(repeat(earlier(Some(Accountability), Upheld, &["通报"])));
    assert!(repeat(earlier(
        Some(Accountability),
        Changed,
        &["批评教育"]
    )));
    // A 问责 whose methods the ledger did not record still counts.
    assert!(repeat(earlier(Some(Accountability), Stands, &[])));
    assert!(!repeat(earlier(Some(Accountability), Revoked, &["通报"])));
    assert!(!repeat(earlier(Some(NoAccountability), Stands, &[])));
    assert!(!repeat(earlier(Some(ToleranceExempt), Stands, &[])));
    // Kind unknown and no methods: nothing says it was a 问责.
    assert!(!repeat(earlier(None, Stands, &[])));
}

/// 004 第十二条（七）: “全年累计被追究二次以上过错责任的”; 000 第八条（二）: “各处室（单位）
/// 一年内有二次被追究责任且受通报批评以上处理的人……” — 容错免责 and revoked
/// decisions are not 被追究.
#[test]
fn exemptions_and_revoked_decisions_are_not_pursued() {
    use HistoryKind::*;
    use HistoryStanding::*;
    let mut p = one("B6-7", "较轻");
    p.person_id = "p1".to_owned();
    for (h, counted) in [
        (earlier(Some(ToleranceExempt), Stands, &[]), false),
        (earlier(Some(Accountability), Revoked, &["通报批评"]), false),
        (earlier(Some(Accountability), Upheld, &["通报批评"]), true),
    ] {
        let a = run(&case("004", "2026-06-01", vec![p.clone()]), &[h]);
        let found = a.respondents[0].factors.iter().any(|f| f.id == "F12-7");
        assert_eq!(found, counted);
    }

    // 000 第八条（二）: two others of 法规处 this year, one of them revoked.
    let mut q = one("B3-2", "较重");
    q.person_id = "p9".to_owned();
    let mut first = hist("p2", "法规处", "厅〔2026〕1号", "2026-02-01", &["通报批评"]);
    first.kind = Some(Accountability);
    let mut second = hist("p3", "法规处", "厅〔2026〕2号", "2026-03-01", &["通报批评"]);
    second.standing = Revoked;
    let mut c = case("000", "2026-05-06", vec![q]);
    c.decided_on = Some(d("2026-06-01"));
    let a = run(&c, &[first.clone(), second.clone()]);
    // p2 and this respondent: two — the revoked p3 does not make three.
    let u = a.unit_consequences.first().expect("unit rule at two");
    assert_eq!(u.count, 2);
    second.standing = Upheld;
    let a = run(&c, &[first, second]);
    assert_eq!(a.unit_consequences.first().expect("three").count, 3);
}

// ------------------------------------------------------------ regulations show

/// `wenze regulations show` lists every id a case file can use: each
/// `id = "…"` of the five bundled files — 履职尽责 (D13-x), 第十七条 exclusions
/// (E17-x), 容错 situations and conditions among them — and each level's
/// mandatory parts with their article.
#[test]
fn regulations_show_lists_every_id_a_case_file_can_use() {
    for id in ["000", "001", "002", "003", "004"] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_wenze"))
            .args(["regulations", "show", id])
            .output()
            .expect("runs");
        assert!(out.status.success(), "{id}");
        let shown = String::from_utf8_lossy(&out.stdout);
        let file = std::fs::read_to_string(format!("assets/regulations/{id}.toml")).expect("file");
        for line in file.lines() {
            if let Some(rest) = line.strip_prefix("id = \"") {
                let item = rest.split('"').next().unwrap_or_default();
                assert!(shown.contains(item), "{id}: {item} not shown");
            }
        }
        if id == "001" {
            for item in ["D13-1", "E17-3", "T14-10", "K14-2-1"] {
                assert!(shown.contains(item), "{item}");
            }
        }
        if id == "000" {
            assert!(
                shown.contains("必备：要给予组织处理（第七条第（二）项）"),
                "{shown}"
            );
        }
    }
}

// ------------------------------------------------------------ statistics in the office's own law

/// 002 第二十条: “实行问责情况定期报告制度。各级党组织应当每半年分析一次问责工作情况……” binds
/// 金坛; a 徐水 office (004, which sets no report and no unit count) is not told
/// it reports under 金坛's article or 000 第八条（二）, and sees no ids.
#[test]
fn the_statistics_of_an_office_speak_its_own_law() {
    use wenze::export::Block;
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    let mut s = wenze::storage::Storage::open(&db).expect("opens");
    s.sign_in_for_test("测试");
    let (case_id, rid, _) = crate::remedies::case_of(&mut s, "004", "2026-03-02", None, "B6-6");
    crate::remedies::decide(&mut s, case_id, rid, &["通报批评"], "2026-03-20");
    let regs = wenze::rules::RegulationSet::bundled();
    let (from, to) = (d("2026-01-01"), d("2026-07-01"));
    let view = wenze::app::worker::compute_statistics(&s, &regs, from, to).expect("stats");
    assert!(view.basis.is_none(), "{:?}", view.basis);
    assert!(view.unit_basis.is_none(), "{:?}", view.unit_basis);
    let doc = wenze::export::statistics::report(&view, "徐水区分局", "2026年上半年", to);
    let text: String = doc
        .body
        .iter()
        .filter_map(|b| match b {
            Block::Para(t) | Block::H1(t) | Block::H2(t) => Some(t.clone()),
            _ => None,
        })
        .collect();
    assert!(
        text.contains("本单位适用的规定未规定定期分析报告问责工作情况"),
        "{text}"
    );
    assert!(
        text.contains("未规定处室（单位）问责人次的数量标准"),
        "{text}"
    );
    assert!(
        !text.contains("第二十条") && !text.contains("第八条"),
        "{text}"
    );
    for id in ["000", "002", "003", "004", "B6-6"] {
        assert!(!text.contains(id), "{id} shown: {text}");
    }

    // A 金坛 case in the period: its own 第二十条 is the basis.
    let (case_id, rid, _) = crate::remedies::case_of(&mut s, "002", "2026-03-02", None, "B7-1");
    crate::remedies::decide(&mut s, case_id, rid, &["通报"], "2026-03-20");
    let view = wenze::app::worker::compute_statistics(&s, &regs, from, to).expect("stats");
    let basis = view.basis.clone().expect("002 第二十条");
    assert_eq!(
        (basis.regulation.as_str(), basis.article.as_str()),
        ("002", "第二十条")
    );
    let doc = wenze::export::statistics::report(&view, "金坛区局", "2026年上半年", to);
    let text: String = doc
        .body
        .iter()
        .filter_map(|b| match b {
            Block::Para(t) => Some(t.clone()),
            _ => None,
        })
        .collect();
    assert!(
        text.contains("第二十条关于“每半年分析一次问责工作情况”的规定"),
        "{text}"
    );
}

// ------------------------------------------------------------ lines that end early before digits

/// GB/T 15835 §5.1.4 keeps a number on one line, not a whole date: a
/// justified line before “2026年7月15日……” is filled up to a date part
/// instead of ending short (which reads as a new paragraph).
#[test]
fn a_line_before_a_date_is_filled_and_numbers_stay_whole() {
    use wenze::export::{Block, Document, layout};
    let doc = Document {
        body: vec![Block::Para(
            "证据有：现场检查笔录、调查询问笔录、询问笔录、2026年7月15日案件集体讨论记录及会议纪要，足以认定。"
                .into(),
        )],
        ..Default::default()
    };
    let l = layout(&doc).expect("layout");
    let lines: Vec<&str> = l.pages[0].lines.iter().map(|x| x.text.as_str()).collect();
    assert!(lines[0].ends_with("2026年"), "{lines:?}");
    for pair in lines.windows(2) {
        let (a, b) = (
            pair[0].chars().last().unwrap_or(' '),
            pair[1].chars().next().unwrap_or(' '),
        );
        assert!(!(a.is_ascii_digit() && b.is_ascii_digit()), "{lines:?}");
        assert!(!(a.is_ascii_digit() && "年月日号".contains(b)), "{lines:?}");
    }
}
