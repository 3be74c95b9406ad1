//! Issue 12, "The law, faithfully": one scenario per item, each quoting the
//! article it tests. Real regulation files, the real engine, the real binary.

use crate::common::*;
use wenze::rules::engine::{
    AssessError, Assessment, CaseInput, Direction, RespondentInput, RespondentKind,
    RespondentStatus,
};
use wenze::rules::{Calendar, RegulationSet, assess, parse_case_json};

static REGS: std::sync::LazyLock<RegulationSet> = std::sync::LazyLock::new(RegulationSet::bundled);
static CAL: std::sync::LazyLock<Calendar> = std::sync::LazyLock::new(Calendar::bundled);

fn try_run(case: &CaseInput) -> Result<Assessment, AssessError> {
    assess(case, &REGS, &[], &CAL)
}

fn one(reg_behaviour: &str, severity: &str) -> RespondentInput {
    let mut p = person("p1", "王建国", "法规处");
    p.behaviours = strings(&[reg_behaviour]);
    p.severity = Some(severity.to_owned());
    p
}

fn consequence_ids(a: &Assessment, i: usize) -> Vec<String> {
    a.respondents[i]
        .consequences
        .iter()
        .map(|c| c.id.clone())
        .collect()
}

// ------------------------------------------------------------ 从重 vs 加重

/// 000 第五条: “有下列情形之一的，应从重处理。……（二）干扰、阻挠责任追究调查……”
/// 从重 is the heavier end within the level found: the level stays 较重 and
/// the heavier methods come first.
#[test]
fn heavier_stays_within_the_level_and_orders_methods_heavier_first() {
    let mut p = one("B3-2", "较重");
    p.factors = strings(&["F5-2"]);
    let a = run(&case("000", "2026-03-02", vec![p]), &[]);
    let r = &a.respondents[0];
    assert_eq!(r.direction, Direction::Heavier);
    assert_eq!(r.severity.as_ref().expect("level").id, "较重");
    // 调离岗位: the 组织处理 第七条（二） demands without naming one (issue 25).
    assert_eq!(
        methods(&a, 0),
        strings(&["调离岗位", "扣除绩效奖励", "取消评优评先资格"])
    );
}

/// 004 第十二条: “有下列情况之一的，应从重追究过错责任：（一）因索贿、敲诈勒索……”
/// 004 has no levels (Wenze's are editorial): 从重 must not reach 停职检查/调离现岗位.
#[test]
fn heavier_does_not_raise_an_editorial_level() {
    let mut p = one("B6-1", "较轻");
    p.factors = strings(&["F12-1"]);
    let a = run(&case("004", "2026-03-02", vec![p]), &[]);
    let m = methods(&a, 0);
    assert!(!m.contains(&"停职检查".to_owned()), "{m:?}");
    assert!(!m.contains(&"调离现岗位".to_owned()), "{m:?}");
    assert_eq!(
        a.respondents[0].severity.as_ref().expect("level").id,
        "较轻"
    );
}

/// 002 第十一条: “……且具有下列情形之一的，应当从重或加重问责：（二）对职责范围内发生的问题进行掩盖、袒护的”
/// The text provides 加重: with `aggravate` the level is raised; without it,
/// 从重 within the level and an editorial note says so.
#[test]
fn aggravation_needs_a_text_that_provides_it() {
    let mut p = one("B7-1", "较轻");
    p.factors = strings(&["F11-2"]);
    let a = run(&case("002", "2026-03-02", vec![p.clone()]), &[]);
    assert_eq!(a.respondents[0].direction, Direction::Heavier);
    assert_eq!(
        a.respondents[0].severity.as_ref().expect("level").id,
        "较轻"
    );
    assert!(
        a.respondents[0]
            .notes
            .iter()
            .any(|n| n.editorial && n.text.contains("从重或加重"))
    );

    p.aggravate = true;
    let a = run(&case("002", "2026-03-02", vec![p]), &[]);
    assert_eq!(a.respondents[0].direction, Direction::Aggravate);
    assert_eq!(
        a.respondents[0].severity.as_ref().expect("level").id,
        "较重"
    );

    // 000 第五条（二） says only 从重: asking for 加重 is refused with a warning.
    let mut q = one("B3-2", "较轻");
    q.factors = strings(&["F5-2"]);
    q.aggravate = true;
    let a = run(&case("000", "2026-03-02", vec![q]), &[]);
    assert_eq!(a.respondents[0].direction, Direction::Heavier);
    assert_eq!(
        a.respondents[0].severity.as_ref().expect("level").id,
        "较轻"
    );
    assert!(
        a.respondents[0]
            .warnings
            .iter()
            .any(|w| w.contains("未规定“加重”"))
    );
}

/// 002 第十条: “……且具有下列情形之一的，可以从轻或减轻问责：（二）积极配合调查工作，主动承担责任的”
/// The mirror of 从重/加重: 从轻 within the level unless the deciding body decides 减轻.
#[test]
fn mitigation_below_the_level_needs_a_decision() {
    let mut p = one("B7-1", "较重");
    p.factors = strings(&["F10-2"]);
    let a = run(&case("002", "2026-03-02", vec![p.clone()]), &[]);
    let r = &a.respondents[0];
    assert_eq!(r.direction, Direction::Lighter);
    assert_eq!(r.severity.as_ref().expect("level").id, "较重");
    assert!(
        r.notes
            .iter()
            .any(|n| n.editorial && n.text.contains("从轻或减轻"))
    );
    p.mitigate = true;
    let a = run(&case("002", "2026-03-02", vec![p]), &[]);
    assert_eq!(a.respondents[0].direction, Direction::Mitigate);
    assert_eq!(
        a.respondents[0].severity.as_ref().expect("level").id,
        "较轻"
    );
}

// ------------------------------------------------------------ 000 第七条、第八条（四）

/// 000 第七条（二）: “情节较重，要给予组织处理，取消当年评优评先资格；造成不良影响和后果的，
/// 调离岗位，一年内不得晋升职务；并实施经济处罚。”
#[test]
fn transfer_and_promotion_ban_only_with_adverse_impact() {
    let a = run(&case("000", "2026-03-02", vec![one("B3-2", "较重")]), &[]);
    // Without the impact 调离岗位 is not the text's method: only the
    // 组织处理 the text demands without naming one, said so (issue 25).
    assert!(a.respondents[0].notes.iter().any(|n| n.editorial
        && n.text.contains("条文未指明具体方式")
        && n.text.contains("调离岗位")));
    let ids = consequence_ids(&a, 0);
    assert!(ids.contains(&"C7-2-award".to_owned()));
    assert!(!ids.contains(&"C7-2-promo".to_owned()), "{ids:?}");
    assert!(
        !ids.iter().any(|c| c.starts_with("C8-4")),
        "no deduction without a fact: {ids:?}"
    );
    assert!(
        a.respondents[0]
            .notes
            .iter()
            .any(|n| n.editorial && n.text.contains("组织处理"))
    );

    let mut p = one("B3-2", "较重");
    p.impact = true;
    let a = run(&case("000", "2026-03-02", vec![p]), &[]);
    assert!(methods(&a, 0).contains(&"调离岗位".to_owned()));
    let ids = consequence_ids(&a, 0);
    assert!(ids.contains(&"C7-2-promo".to_owned()), "{ids:?}");
    assert!(ids.contains(&"C8-4-50".to_owned()), "{ids:?}");
}

/// 000 第八条（四）: “由于当事人的行为，在自治区日常考核和年终考评扣分的，扣除全年绩效奖励的20%；
/// 造成不良影响和后果的，扣除全年绩效奖励的50%；造成严重影响和后果的、被自治区绩效办通报批评的，
/// 扣除全年绩效奖励、精神文明奖。”
#[test]
fn deductions_hang_on_the_facts_the_text_names() {
    let mut p = one("B3-2", "较轻");
    p.appraisal_deduction = true;
    let a = run(&case("000", "2026-03-02", vec![p.clone()]), &[]);
    let d: Vec<u32> = a.respondents[0]
        .consequences
        .iter()
        .map(|c| c.percent)
        .collect();
    assert_eq!(d, vec![20]);
    assert!(
        a.respondents[0].consequences[0]
            .citation
            .text
            .contains("考评扣分")
    );

    p.circulated_criticism = true;
    let a = run(&case("000", "2026-03-02", vec![p]), &[]);
    let deductions: Vec<&str> = a.respondents[0]
        .consequences
        .iter()
        .filter(|c| c.kind == "扣减奖金")
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(deductions, vec!["C8-4-100"], "the heaviest tier only");
    assert!(
        a.respondents[0]
            .notes
            .iter()
            .any(|n| n.editorial && n.text.contains("择一适用"))
    );

    let mut q = one("B3-2", "严重");
    q.serious_impact = true;
    let a = run(&case("000", "2026-03-02", vec![q]), &[]);
    assert!(consequence_ids(&a, 0).contains(&"C8-4-100".to_owned()));
}

/// 000 第八条（四）: “处室（单位）负责人和分管领导承担连带责任，参照当事人的处罚予以相应经济处罚。”
#[test]
fn unit_head_and_supervising_leader_bear_joint_economic_liability() {
    let mut clerk = one("B3-2", "较轻");
    clerk.appraisal_deduction = true;
    clerk.liable_heads = strings(&["李副厅长（分管领导）"]);
    let mut head = person("p2", "周处长", "法规处");
    head.role = "部门负责人".to_owned();
    head.behaviours = strings(&["B3-13"]);
    let a = run(&case("000", "2026-03-02", vec![clerk, head]), &[]);
    let n = a.respondents[0]
        .notes
        .iter()
        .find(|n| n.text.contains("连带责任"))
        .expect("joint liability on the clerk");
    assert!(
        n.text.contains("李副厅长") && n.text.contains("周处长"),
        "{}",
        n.text
    );
    assert_eq!(n.citation.article, "第八条第（四）项");
    assert!(
        a.respondents[1]
            .notes
            .iter()
            .any(|n| n.text.contains("王建国")),
        "the head is told whose penalty he shares"
    );
}

// ------------------------------------------------------------ no behaviour, no sanction

/// 000 第三条: “工作人员有下列行为之一，造成工作延误或不良后果的，应进行责任追究。”
/// Without a behaviour found there is nothing to sanction.
#[test]
fn no_behaviour_no_sanction() {
    let mut p = person("p1", "王建国", "法规处");
    p.severity = Some("较重".to_owned());
    let a = run(&case("000", "2026-03-02", vec![p]), &[]);
    assert!(a.respondents[0].recommended_methods.is_empty());
    assert!(a.respondents[0].consequences.is_empty());
    assert!(
        a.respondents[0]
            .warnings
            .iter()
            .any(|w| w.contains("未认定问责情形"))
    );
}

// ------------------------------------------------------------ 004 第十条第二款

/// 004 第十条第二款: “上述问责方式除辞退外，既可单独适用，也可合并适用。”
#[test]
fn dismissal_cannot_be_combined() {
    let mut p = one("B6-1", "严重");
    p.methods = strings(&["辞退", "降职"]);
    let err = try_run(&case("004", "2026-03-02", vec![p.clone()])).expect_err("invalid");
    let msg = err.to_string();
    assert!(
        msg.contains("第十条第二款") && msg.contains("除辞退外"),
        "{msg}"
    );
    p.methods = strings(&["辞退"]);
    assert!(try_run(&case("004", "2026-03-02", vec![p.clone()])).is_ok());
    p.methods = strings(&["降职", "通报批评"]);
    assert!(try_run(&case("004", "2026-03-02", vec![p])).is_ok());
    // The recommendation lists 辞退 among alternatives and says it stands alone.
    let a = run(&case("004", "2026-03-02", vec![one("B6-1", "严重")]), &[]);
    assert!(methods(&a, 0).contains(&"辞退".to_owned()));
    assert!(
        a.respondents[0]
            .notes
            .iter()
            .any(|n| n.text.contains("不能与其他问责方式合并")
                && n.citation.article == "第十条第二款")
    );
}

// ------------------------------------------------------------ 003 第十四条（三）

/// 003 第十四条（三）: “……符合下列情形之一的，在责任追究时酌情予以免责或者减轻问责：
/// 2.对与生态环境保护相关的错误决策……进行了抵制……”  减轻, never 从轻.
#[test]
fn changji_says_mitigate_not_lighter() {
    let mut p = one("B6-3", "较重");
    p.factors = strings(&["F14-3-2"]);
    let a = run(&case("003", "2026-04-01", vec![p.clone()]), &[]);
    let r = &a.respondents[0];
    assert_eq!(r.direction, Direction::Mitigate);
    assert!(
        !r.direction_explanation.contains("从轻"),
        "{}",
        r.direction_explanation
    );
    p.factors = strings(&["F14-3-2", "F14-1-6"]);
    let a = run(&case("003", "2026-04-01", vec![p]), &[]);
    let text = &a.respondents[0].direction_explanation;
    assert!(text.contains("减轻") && !text.contains("从轻"), "{text}");
}

// ------------------------------------------------------------ dates and JSON

/// Dates follow the procedure (004 第十五、十六条: 调查 → 处理决定 → 书面通知).
#[test]
fn dates_out_of_order_are_errors_naming_both_fields() {
    let mut c = case("004", "2026-03-02", vec![one("B6-1", "较轻")]);
    c.decided_on = Some(d("2026-03-01"));
    let msg = try_run(&c)
        .expect_err("decided before received")
        .to_string();
    assert!(
        msg.contains("决定日期") && msg.contains("受理日期"),
        "{msg}"
    );

    let mut c = case("004", "2026-03-02", vec![one("B6-1", "较轻")]);
    c.decided_on = Some(d("2026-04-01"));
    c.delivered_on = Some(d("2026-03-20"));
    let msg = try_run(&c)
        .expect_err("delivered before decided")
        .to_string();
    assert!(
        msg.contains("送达日期") && msg.contains("决定日期"),
        "{msg}"
    );

    let mut c = case("004", "2026-03-02", vec![one("B6-1", "较轻")]);
    c.investigation_started_on = Some(d("2026-02-27"));
    let msg = try_run(&c)
        .expect_err("investigation before receipt")
        .to_string();
    assert!(
        msg.contains("调查开始日期") && msg.contains("受理日期"),
        "{msg}"
    );
}

fn has_latin_words(s: &str) -> bool {
    [
        "expected", "invalid", "unknown", "field", "missing", "day", "at line",
    ]
    .iter()
    .any(|w| s.contains(w))
}

#[test]
fn json_errors_are_chinese_with_line_and_column() {
    let text = "{\n  \"regulation\": \"004\",\n  \"colour\": 1,\n  \"respondents\": []\n}";
    let msg = parse_case_json(text).expect_err("unknown field");
    assert!(msg.starts_with("第 3 行第"), "{msg}");
    assert!(msg.contains("未知字段“colour”"), "{msg}");

    let text = "{\"regulation\": \"004\",\n \"received_on\": \"2026-02-30\", \"respondents\": []}";
    let msg = parse_case_json(text).expect_err("no such day");
    assert!(
        msg.contains("第 2 行") && msg.contains("2026-02-30"),
        "{msg}"
    );
    assert!(!has_latin_words(&msg), "{msg}");

    let text = "{\"regulation\": \"004\", \"respondents\": [{\"person_id\": \"a\", \"name\": \"甲\", \"impact\": \"是\"}]}";
    let msg = parse_case_json(text).expect_err("wrong type");
    assert!(!has_latin_words(&msg), "{msg}");
    let msg = parse_case_json("{\"regulation\": ").expect_err("truncated");
    assert!(!has_latin_words(&msg), "{msg}");

    // history and document are the file's, not errors.
    let ok =
        "{\"regulation\": \"004\", \"respondents\": [], \"history\": [], \"document\": {\"x\": 1}}";
    assert!(parse_case_json(ok).is_ok());
}

/// `wenze assess` still takes every file in docs/examples/ unchanged.
#[test]
fn every_example_still_assesses() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/examples");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).expect("examples") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        n += 1;
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_wenze"))
            .arg("assess")
            .arg(&path)
            .output()
            .expect("runs");
        assert!(
            out.status.success(),
            "{}: {}",
            path.display(),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert!(n >= 2);
}

// ------------------------------------------------------------ conduct date, effective date

/// 002 第十一条（五）: “受到问责后，一年内再次发生应当予以问责情形的。”
/// Measured from the earlier decision to this conduct, not to this receipt.
#[test]
fn repeat_within_a_year_is_measured_to_the_conduct() {
    let history = vec![hist(
        "p1",
        "审批科",
        "坛作问〔2025〕7号",
        "2025-08-20",
        &["诫勉"],
    )];
    let mut p = one("B7-1", "较轻");
    let a = run(&case("002", "2026-09-01", vec![p.clone()]), &history);
    assert!(!a.respondents[0].factors.iter().any(|f| f.id == "F11-5"));
    p.conduct_on = Some(d("2026-07-01"));
    let a = run(&case("002", "2026-09-01", vec![p]), &history);
    assert!(a.respondents[0].factors.iter().any(|f| f.id == "F11-5"));
}

/// 002 第二十二条: “……自发布之日起施行。” Conduct before 2019-12-03 is flagged.
#[test]
fn conduct_before_the_effective_date_is_flagged() {
    let mut p = one("B7-1", "较轻");
    p.conduct_on = Some(d("2019-06-01"));
    let a = run(&case("002", "2020-01-10", vec![p]), &[]);
    let n = a.respondents[0]
        .notes
        .iter()
        .find(|n| n.text.contains("早于本规定施行"))
        .expect("flagged");
    assert_eq!(n.citation.article, "第二十二条");
}

// ------------------------------------------------------------ status

/// 003 第十四条（二）: “……不论其是否调离原单位、已提拔重用或者退休，都一并严格问责。”
#[test]
fn lifelong_accountability_is_cited_for_the_retired() {
    let mut p = one("B6-3", "较重");
    p.status = RespondentStatus::Retired;
    let a = run(&case("003", "2026-04-01", vec![p]), &[]);
    let n = a.respondents[0]
        .notes
        .iter()
        .find(|n| n.text.contains("终身问责"))
        .expect("cited");
    assert_eq!(n.citation.article, "第十四条第（二）项");
    assert!(n.citation.text.contains("退休"));
}

/// 000 第八条（一）: “厅机关借调人员，视同机关在职人员实施责任追纠，由组织人事处通知其所在单位……
/// 聘用人员的责任追究由聘用单位或部门根据聘用协议和相关规定，参照本制度执行。”
#[test]
fn seconded_and_contracted_staff_are_routed_as_the_text_says() {
    for (status, word) in [
        (RespondentStatus::Seconded, "组织人事处通知其所在单位"),
        (RespondentStatus::Contracted, "聘用单位或部门"),
    ] {
        let mut p = one("B3-2", "较轻");
        p.status = status;
        let a = run(&case("000", "2026-03-02", vec![p]), &[]);
        assert!(
            a.respondents[0]
                .notes
                .iter()
                .any(|n| n.text.contains(word) && n.citation.article == "第八条第（一）项"),
            "{status:?}"
        );
    }
    let mut p = one("B3-2", "较轻");
    p.status = RespondentStatus::Contracted;
    let a = run(&case("000", "2026-03-02", vec![p]), &[]);
    let route = a.respondents[0].routing.as_ref().expect("routing");
    assert_eq!(route.investigator, "聘用单位或部门");
    let a = run(&case("000", "2026-03-02", vec![one("B3-2", "较轻")]), &[]);
    assert!(
        a.respondents[0]
            .routing
            .as_ref()
            .expect("routing")
            .investigator
            .contains("监察室")
    );
}

/// 002 第九条第三款: “聘用人员在职过程中，有第二章规定情形的，按相关规定或合同约定处理；
/// 情节严重的，予以解聘或辞退。”
#[test]
fn contracted_staff_in_a_serious_case_are_dismissed() {
    let mut p = one("B7-1", "严重");
    p.status = RespondentStatus::Contracted;
    let a = run(&case("002", "2026-03-02", vec![p]), &[]);
    assert_eq!(methods(&a, 0), strings(&["解聘或辞退"]));
    assert_eq!(
        a.respondents[0].recommended_methods[0].citation.article,
        "第九条第三款"
    );
    let mut q = one("B7-1", "严重");
    q.methods = strings(&["解聘或辞退"]);
    let msg = try_run(&case("002", "2026-03-02", vec![q]))
        .expect_err("only for 聘用人员")
        .to_string();
    assert!(msg.contains("聘用"), "{msg}");
}

// ------------------------------------------------------------ 001 in full

fn overlay_case(p: RespondentInput) -> CaseInput {
    let mut c = case("002", "2026-06-01", vec![p]);
    c.tolerance_overlay = true;
    c.decided_on = Some(d("2026-06-20"));
    c.tolerance_decided_on = Some(d("2026-06-20"));
    c
}

/// 001 第十三条: “……符合下列情形的，应当认定为履职尽责：（一）按照法律法规、事权划分规定、
/// 年度监督检查计划、“双随机”抽查要求等，已履行监督检查职责的”
#[test]
fn duty_done_means_no_accountability() {
    let mut p = one("B6-2", "较重");
    p.duty_done = strings(&["D13-1"]);
    let a = run(&overlay_case(p), &[]);
    let r = &a.respondents[0];
    assert_eq!(r.direction, Direction::NoAccountability);
    assert!(r.recommended_methods.is_empty());
    assert_eq!(r.duty_done[0].citation.article, "第十三条第（一）项");
    assert!(
        !r.correction.is_empty(),
        "第十九条: 尽职免责对象 are told what to correct"
    );
    assert!(!a.findings.iter().any(|f| f.text.contains("陈述、申辩")));
}

/// 001 第十七条: “对严重违纪涉嫌违法、应当适用“第四种形态”处理……不纳入容错范畴。”
#[test]
fn an_exclusion_blocks_tolerance() {
    let mut p = one("B6-2", "较重");
    p.tolerance_situations = strings(&["T14-3"]);
    p.tolerance_conditions = strings(&["K14-2-1", "K14-2-2", "K14-2-3", "K14-2-4"]);
    p.tolerance_exclusions = strings(&["E17-1"]);
    let a = run(&overlay_case(p), &[]);
    let r = &a.respondents[0];
    assert_ne!(r.direction, Direction::Exempt);
    let t = r.tolerance.as_ref().expect("evaluated");
    assert!(!t.exempt);
    assert_eq!(t.citation.article, "第十七条");
    assert!(r.correction.is_empty());
}

/// 001 第十八条: “……作出容错免责决定的同时，应当及时启动纠错程序。” 第十九条: “……责成限期纠正……”
/// 第二十条: “……跟踪了解纠错对象的整改情况……” — no deadline where the text gives none.
#[test]
fn tolerance_exemption_carries_the_correction_steps() {
    let mut p = one("B6-2", "较重");
    p.tolerance_situations = strings(&["T14-3"]);
    p.tolerance_conditions = strings(&["K14-2-1", "K14-2-2", "K14-2-3", "K14-2-4"]);
    let a = run(&overlay_case(p), &[]);
    let r = &a.respondents[0];
    assert_eq!(r.direction, Direction::Exempt);
    let articles: Vec<&str> = r
        .correction
        .iter()
        .map(|c| c.citation.article.as_str())
        .collect();
    assert_eq!(
        articles,
        vec!["第十八条", "第十九条", "第十九条", "第二十条第一款"]
    );
    for c in &r.correction {
        assert!(!c.by.is_empty() && !c.citation.text.is_empty());
        assert!(
            !c.label.chars().any(|ch| ch.is_ascii_digit()),
            "no invented deadline: {}",
            c.label
        );
    }
}

// ------------------------------------------------------------ 002 第十五条, 004 第十五条

/// 002 第十五条: “应当问责的，作出问责决定前，要听取被问责人的陈述、申辩，并记录在案。”
#[test]
fn hearing_requirement_is_part_of_the_assessment() {
    let a = run(&case("002", "2026-03-02", vec![one("B7-1", "较轻")]), &[]);
    let f = a
        .findings
        .iter()
        .find(|f| f.text.contains("陈述、申辩"))
        .expect("hearing");
    assert_eq!(f.citation.article, "第十五条");
}

/// 004 第十五条: “……应当自调查之日起三个月内处理完毕，遇特殊情况……可以延长一个月。”
#[test]
fn decision_after_the_investigation_limit_is_flagged() {
    let mut c = case("004", "2026-03-02", vec![one("B6-1", "较轻")]);
    c.investigation_started_on = Some(d("2026-03-03"));
    c.decided_on = Some(d("2026-07-01"));
    let a = run(&c, &[]);
    let f = a
        .findings
        .iter()
        .find(|f| f.text.contains("晚于"))
        .expect("late");
    assert_eq!(f.citation.article, "第十五条");
    c.investigation_extended = true;
    let a = run(&c, &[]);
    assert!(!a.findings.iter().any(|f| f.text.contains("晚于")));
}

// ------------------------------------------------------------ 003 units and 领导班子

/// 003 第十二条: “……认定有关单位以及领导班子负有领导和管理责任的，单位年度不得评为综合性先进单位……”
/// 第十三条: “（一）对领导班子集体或者个人通报、约谈、责令整改……（二）……追回、扣减或者停拨……（三）新建项目实行限批。”
#[test]
fn a_unit_or_a_leadership_team_can_be_the_respondent_under_003() {
    let mut unit = one("B6-1", "较重");
    unit.kind = RespondentKind::Unit;
    unit.name = "某县人民政府".to_owned();
    let mut team = one("B6-1", "较轻");
    team.kind = RespondentKind::Leadership;
    team.person_id = "t1".to_owned();
    team.name = "某局领导班子".to_owned();
    let a = run(&case("003", "2026-04-01", vec![unit.clone(), team]), &[]);
    assert_eq!(
        methods(&a, 0),
        strings(&["追回扣减停拨资金", "新建项目限批"])
    );
    assert_eq!(consequence_ids(&a, 0), strings(&["C12-unit"]));
    assert_eq!(methods(&a, 1), strings(&["通报", "约谈", "责令整改"]));

    // 004 has no such article: an error, not a guess.
    let msg = try_run(&case("004", "2026-04-01", vec![unit]))
        .expect_err("not allowed")
        .to_string();
    assert!(msg.contains("未规定对单位问责"), "{msg}");
}

/// 001 第十七条: “对应当适用“第二种形态”，符合容错规定情形的，可以转化为“第一种形态”……
/// 对严重违纪涉嫌违法、应当适用“第四种形态”处理……不纳入容错范畴。”
#[test]
fn four_forms_convert_or_exclude() {
    use wenze::rules::engine::DisciplineForm;
    let base = || {
        let mut p = one("B6-2", "较重");
        p.tolerance_situations = strings(&["T14-3"]);
        p.tolerance_conditions = strings(&["K14-2-1", "K14-2-2", "K14-2-3", "K14-2-4"]);
        p
    };
    let mut p = base();
    p.discipline_form = Some(DisciplineForm::Second);
    let a = run(&overlay_case(p), &[]);
    let n = a.respondents[0]
        .notes
        .iter()
        .find(|n| n.text.contains("转化为“第一种形态”"))
        .expect("conversion");
    assert_eq!(n.citation.article, "第十七条");

    let mut p = base();
    p.discipline_form = Some(DisciplineForm::Fourth);
    let a = run(&overlay_case(p), &[]);
    assert_ne!(a.respondents[0].direction, Direction::Exempt);
    assert!(
        !a.respondents[0]
            .tolerance
            .as_ref()
            .expect("evaluated")
            .exempt
    );
}

/// Every new statement carries its citation with the quoted text: each
/// regulation × status × kind × fact, with and without the overlay.
#[test]
fn every_new_statement_is_cited() {
    let regs = &*REGS;
    let mut seen = 0;
    for reg_id in ["000", "002", "003", "004"] {
        let reg = regs.get(reg_id).expect("bundled");
        let behaviour = reg.behaviours[0].id.get_ref().clone();
        for level in reg.severity_levels.iter().map(|l| l.id.get_ref().clone()) {
            for status in RespondentStatus::ALL {
                for kind in RespondentKind::ALL {
                    for overlay in [false, true] {
                        let mut p = one(&behaviour, &level);
                        p.status = status;
                        p.kind = kind;
                        p.impact = true;
                        p.appraisal_deduction = true;
                        p.conduct_on = Some(d("2010-01-04"));
                        p.liable_heads = strings(&["某处长"]);
                        if overlay {
                            p.tolerance_situations = strings(&["T14-1"]);
                            p.tolerance_conditions =
                                strings(&["K14-2-1", "K14-2-2", "K14-2-3", "K14-2-4"]);
                        }
                        let mut c = case(reg_id, "2026-03-02", vec![p]);
                        c.tolerance_overlay = overlay;
                        c.investigation_started_on = Some(d("2026-03-02"));
                        c.decided_on = Some(d("2026-09-01"));
                        let Ok(a) = try_run(&c) else {
                            assert_ne!(kind, RespondentKind::Person, "{reg_id} {status:?}");
                            continue;
                        };
                        let r = &a.respondents[0];
                        for n in r.notes.iter().chain(&a.findings) {
                            assert!(!n.citation.text.is_empty(), "{reg_id}: {}", n.text);
                            seen += 1;
                        }
                        for x in &r.correction {
                            assert!(!x.citation.text.is_empty(), "{reg_id}: {}", x.label);
                        }
                        for x in r.consequences.iter() {
                            assert!(!x.citation.text.is_empty(), "{reg_id}: {}", x.label);
                        }
                        for m in &r.recommended_methods {
                            assert!(!m.citation.text.is_empty(), "{reg_id}: {}", m.id);
                        }
                    }
                }
            }
        }
    }
    assert!(seen > 100, "{seen}");
}

/// The real binary: an unknown field and a day that does not exist are
/// refused in Chinese with line and column; nothing in English leaks.
#[test]
fn the_binary_refuses_bad_case_files_in_chinese() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (body, want) in [
        ("{\"regulation\": \"004\",\n \"respondent\": []}", "第 2 行"),
        (
            "{\"regulation\": \"004\", \"received_on\": \"2026-04-31\", \"respondents\": []}",
            "2026-04-31",
        ),
    ] {
        let path = dir.path().join("case.json");
        std::fs::write(&path, body).expect("write");
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_wenze"))
            .arg("assess")
            .arg(&path)
            .output()
            .expect("runs");
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(want), "{err}");
        assert!(!has_latin_words(&err), "{err}");
    }
}
