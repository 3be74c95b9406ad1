//! Scenario tests, each derived from a regulation's own text: what `assess`
//! must say, with the article it relies on.

use crate::common::*;
use wenze::rules::engine::{Direction, FactorSource};

fn factor_ids(a: &wenze::rules::Assessment, i: usize) -> Vec<String> {
    a.respondents[i]
        .factors
        .iter()
        .map(|f| f.id.clone())
        .collect()
}

fn consequence<'a>(
    a: &'a wenze::rules::Assessment,
    i: usize,
    id: &str,
) -> Option<&'a wenze::rules::engine::ConsequenceItem> {
    a.respondents[i].consequences.iter().find(|c| c.id == id)
}

// ---------------------------------------------------------------- 000 自治区环保厅

mod efficiency_000 {
    use super::*;

    fn one(severity: &str) -> wenze::rules::engine::RespondentInput {
        let mut p = person("p1", "王建国", "法规处");
        p.behaviours = strings(&["B3-2"]);
        p.severity = Some(severity.to_owned());
        p
    }

    #[test]
    fn light_case_gets_criticism_and_admonition_per_article_7_1() {
        let a = run(&case("000", "2026-03-02", vec![one("较轻")]), &[]);
        assert_eq!(methods(&a, 0), strings(&["批评教育", "训诫谈话"]));
        let sev = a.respondents[0].severity.as_ref().expect("severity");
        assert_eq!(sev.citation.article, "第七条第（一）项");
        assert!(
            sev.citation
                .text
                .contains("情节较轻，予以批评教育、训诫谈话")
        );
        assert!(!sev.editorial);
        assert_eq!(
            a.respondents[0].behaviours[0].citation.article,
            "第三条第（二）项"
        );
    }

    #[test]
    fn light_case_with_impact_adds_self_criticism_and_circular() {
        let mut p = one("较轻");
        p.impact = true;
        let a = run(&case("000", "2026-03-02", vec![p]), &[]);
        assert_eq!(
            methods(&a, 0),
            strings(&["批评教育", "训诫谈话", "责令检查", "通报批评"])
        );
    }

    #[test]
    fn obstructing_the_investigation_is_heavier_within_the_level() {
        // 第五条: 有下列情形之一的，应从重处理。（二）干扰、阻挠责任追究调查……
        // 从重 stays within the level found: the heavier methods first.
        let mut p = one("较轻");
        p.factors = strings(&["F5-2"]);
        let a = run(&case("000", "2026-03-02", vec![p]), &[]);
        let r = &a.respondents[0];
        assert_eq!(r.direction, Direction::Heavier);
        assert_eq!(r.severity.as_ref().expect("level").id, "较轻");
        assert_eq!(methods(&a, 0), strings(&["训诫谈话", "批评教育"]));
        assert_eq!(r.factors[0].citation.article, "第五条第（二）项");
        assert!(consequence(&a, 0, "C7-2-award").is_none());
    }

    #[test]
    fn aggravation_at_the_top_level_stays_there_and_explains() {
        let mut p = one("严重");
        p.factors = strings(&["F5-4"]);
        let a = run(&case("000", "2026-03-02", vec![p]), &[]);
        let sev = a.respondents[0].severity.as_ref().expect("level");
        assert_eq!(sev.id, "严重");
        assert!(sev.explanation.contains("幅度内从重"));
        // 降职 and the whole bonus need 造成严重影响和后果 (第七条第（三）项).
        assert!(!methods(&a, 0).contains(&"降职".to_owned()));
        assert!(consequence(&a, 0, "C8-4-100").is_none());
    }

    #[test]
    fn self_correction_is_lighter_and_mentions_exemption() {
        let mut p = one("较轻");
        p.factors = strings(&["F6-4"]);
        let a = run(&case("000", "2026-03-02", vec![p]), &[]);
        let r = &a.respondents[0];
        assert_eq!(r.direction, Direction::Lighter);
        assert_eq!(methods(&a, 0), strings(&["批评教育"]));
        assert!(r.direction_explanation.contains("免于处理"));
        assert_eq!(r.factors[0].citation.article, "第六条第（四）项");
    }

    #[test]
    fn conflicting_mandatory_factors_cancel_and_are_explained() {
        let mut p = one("较重");
        p.factors = strings(&["F5-2", "F6-4"]);
        let a = run(&case("000", "2026-03-02", vec![p]), &[]);
        let r = &a.respondents[0];
        assert_eq!(r.direction, Direction::None);
        assert!(
            r.direction_explanation.contains("情节冲突"),
            "{}",
            r.direction_explanation
        );
        assert_eq!(r.severity.as_ref().expect("level").id, "较重");
    }

    #[test]
    fn review_deadline_is_15_working_days_across_national_day() {
        let mut c = case("000", "2026-08-03", vec![one("较轻")]);
        c.decided_on = Some(d("2026-09-25"));
        c.delivered_on = Some(d("2026-09-28"));
        let a = run(&c, &[]);
        let remedy = a.remedy.as_ref().expect("remedy");
        assert_eq!(remedy.kind.label(), "复查");
        assert_eq!(remedy.body, "厅绩效领导小组");
        // 9/29, 9/30, then 10/8, 10/9, 10/10 (调休), 10/12 … 10/23.
        assert_eq!(remedy.last_day, Some(d("2026-10-23")));
        assert_eq!(remedy.citation.article, "第九条");
        assert!(remedy.citation.text.contains("15个工作日内"));
        assert!(a.notes.is_empty());
    }

    #[test]
    fn unit_with_three_sanctioned_people_reaches_the_third_threshold() {
        let history = vec![
            hist(
                "p2",
                "法规处",
                "自治区环保厅〔2026〕1号",
                "2026-02-10",
                &["通报批评"],
            ),
            hist(
                "p3",
                "法规处",
                "自治区环保厅〔2026〕2号",
                "2026-04-10",
                &["调离岗位"],
            ),
            hist(
                "p4",
                "法规处",
                "自治区环保厅〔2026〕3号",
                "2026-04-11",
                &["批评教育"],
            ),
            hist(
                "p5",
                "法规处",
                "自治区环保厅〔2025〕9号",
                "2025-12-30",
                &["通报批评"],
            ),
        ];
        let mut c = case("000", "2026-05-06", vec![one("较重")]);
        c.decided_on = Some(d("2026-06-01"));
        let a = run(&c, &history);
        let u = a.unit_consequences.first().expect("unit rule");
        // p2, p3 and this respondent; p4 (批评教育 only) and p5 (2025) do not count.
        assert_eq!(u.count, 3);
        assert_eq!(u.unit, "法规处");
        assert!(u.label.contains("不能评定为称职"), "{}", u.label);
        assert_eq!(u.citation.article, "第八条第（二）项");
    }

    #[test]
    fn dates_beyond_the_holiday_table_are_flagged() {
        let mut c = case("000", "2027-11-01", vec![one("较轻")]);
        c.delivered_on = Some(d("2027-12-20"));
        let a = run(&c, &[]);
        let review = a
            .deadlines
            .iter()
            .find(|x| x.id == "review")
            .expect("review");
        assert!(
            review
                .calendar_note
                .as_deref()
                .is_some_and(|n| n.contains("2027年"))
        );
        assert!(a.notes.iter().any(|n| n.contains("按周一至周五")));
    }
}

// ---------------------------------------------------------------- 001 容错纠错 (overlay)

mod tolerance_001 {
    use super::*;

    fn with_tolerance(situations: &[&str], conditions: &[&str]) -> wenze::rules::engine::CaseInput {
        let mut p = person("p1", "李明", "执法支队");
        p.behaviours = strings(&["B6-3"]);
        p.severity = Some("较重".to_owned());
        p.tolerance_situations = strings(situations);
        p.tolerance_conditions = strings(conditions);
        let mut c = case("004", "2026-05-11", vec![p]);
        c.tolerance_overlay = true;
        c
    }

    #[test]
    fn one_situation_and_all_four_conditions_exempt() {
        let a = run(
            &with_tolerance(&["T14-3"], &["K14-2-1", "K14-2-2", "K14-2-3", "K14-2-4"]),
            &[],
        );
        let r = &a.respondents[0];
        assert_eq!(r.direction, Direction::Exempt);
        assert!(r.recommended_methods.is_empty());
        assert!(r.consequences.is_empty());
        let t = r.tolerance.as_ref().expect("tolerance");
        assert!(t.exempt);
        assert_eq!(t.citation.article, "第十四条第二款");
        assert_eq!(t.citation.regulation, "001");
    }

    #[test]
    fn a_missing_condition_blocks_exemption_and_is_named() {
        let a = run(
            &with_tolerance(&["T14-3"], &["K14-2-1", "K14-2-2", "K14-2-3"]),
            &[],
        );
        let r = &a.respondents[0];
        let t = r.tolerance.as_ref().expect("tolerance");
        assert!(!t.exempt);
        assert_eq!(t.conditions_unmet.len(), 1);
        assert_eq!(t.conditions_unmet[0].id, "K14-2-4");
        assert_eq!(
            t.conditions_unmet[0].citation.article,
            "第十四条第二款第（四）项"
        );
        assert!(t.explanation.contains("1项条件未满足"));
        // 第十四条: “应当从轻、减轻处理或者予以免责”: 从轻 within 较重 by default …
        assert_eq!(r.direction, Direction::Lighter);
        assert_eq!(r.severity.as_ref().expect("level").id, "较重");
        // … 减轻 from 较重 to 较轻 when the deciding body decides it.
        let mut c = with_tolerance(&["T14-3"], &["K14-2-1", "K14-2-2", "K14-2-3"]);
        c.respondents[0].mitigate = true;
        let a = run(&c, &[]);
        assert_eq!(a.respondents[0].direction, Direction::Mitigate);
        assert_eq!(
            a.respondents[0].severity.as_ref().expect("level").id,
            "较轻"
        );
    }

    #[test]
    fn conditions_without_a_situation_are_not_tolerance() {
        let a = run(
            &with_tolerance(&[], &["K14-2-1", "K14-2-2", "K14-2-3", "K14-2-4"]),
            &[],
        );
        let r = &a.respondents[0];
        assert!(!r.tolerance.as_ref().expect("evaluated").exempt);
        assert_ne!(r.direction, Direction::Exempt);
    }

    #[test]
    fn tolerance_notice_is_due_within_seven_days_rolling_past_the_holiday() {
        let mut c = with_tolerance(&["T14-3"], &["K14-2-1", "K14-2-2", "K14-2-3", "K14-2-4"]);
        c.tolerance_decided_on = Some(d("2026-09-28"));
        let a = run(&c, &[]);
        let n = a
            .deadlines
            .iter()
            .find(|x| x.citation.regulation == "001")
            .expect("notify");
        // 9/28 + 7 = 10/5, inside 国庆节; next working day 10/8.
        assert_eq!(n.due, Some(d("2026-10-08")));
        assert_eq!(n.citation.article, "第十六条第二款");
    }

    #[test]
    fn cooperating_with_the_investigation_is_an_overlay_mitigation() {
        let mut c = with_tolerance(&[], &[]);
        c.respondents[0].overlay_factors = strings(&["F15-2"]);
        let a = run(&c, &[]);
        let r = &a.respondents[0];
        // 第十五条: “可以从轻或者减轻责任”: 从轻 unless 减轻 is decided.
        assert_eq!(r.direction, Direction::Lighter);
        assert_eq!(r.factors[0].citation.regulation, "001");
        assert_eq!(r.factors[0].citation.article, "第十五条第（二）项");
    }

    #[test]
    fn overlay_choices_without_the_overlay_enabled_are_flagged() {
        let mut c = with_tolerance(&["T14-1"], &[]);
        c.tolerance_overlay = false;
        let a = run(&c, &[]);
        assert!(a.respondents[0].tolerance.is_none());
        assert!(
            a.respondents[0]
                .warnings
                .iter()
                .any(|w| w.contains("未启用容错纠错"))
        );
    }

    #[test]
    fn full_tolerance_prevails_over_aggravation_and_says_so() {
        let mut c = with_tolerance(&["T14-6"], &["K14-2-1", "K14-2-2", "K14-2-3", "K14-2-4"]);
        c.respondents[0].factors = strings(&["F12-6"]);
        let a = run(&c, &[]);
        let r = &a.respondents[0];
        assert_eq!(r.direction, Direction::Exempt);
        assert!(
            r.direction_explanation.contains("从重情节1项"),
            "{}",
            r.direction_explanation
        );
    }

    #[test]
    fn unknown_tolerance_ids_are_rejected() {
        let c = with_tolerance(&["T99"], &[]);
        let err = wenze::rules::assess(
            &c,
            &wenze::rules::RegulationSet::bundled(),
            &[],
            &wenze::rules::Calendar::bundled(),
        )
        .expect_err("unknown id");
        assert!(err.to_string().contains("T99"));
    }
}

// ---------------------------------------------------------------- 002 金坛作风问责

mod jintan_002 {
    use super::*;

    fn clerk() -> wenze::rules::engine::RespondentInput {
        let mut p = person("p1", "赵晓燕", "审批科");
        p.behaviours = strings(&["B7-1"]);
        p.severity = Some("较轻".to_owned());
        p
    }

    #[test]
    fn repeat_within_one_year_is_found_in_the_register() {
        let history = vec![hist(
            "p1",
            "审批科",
            "坛作问〔2025〕7号",
            "2025-08-20",
            &["诫勉"],
        )];
        let a = run(&case("002", "2026-06-01", vec![clerk()]), &history);
        let r = &a.respondents[0];
        let f = r
            .factors
            .iter()
            .find(|f| f.id == "F11-5")
            .expect("repeat factor");
        match &f.source {
            FactorSource::Register { cases, explanation } => {
                assert_eq!(cases, &strings(&["坛作问〔2025〕7号"]));
                assert!(explanation.contains("2025年8月20日"), "{explanation}");
            }
            other => panic!("not from the register: {other:?}"),
        }
        assert_eq!(f.citation.article, "第十一条第（五）项");
        assert_eq!(r.direction, Direction::Heavier);
        assert_eq!(r.severity.as_ref().expect("level").id, "较轻");
    }

    #[test]
    fn an_earlier_decision_more_than_a_year_ago_is_not_a_repeat() {
        let history = vec![hist(
            "p1",
            "审批科",
            "坛作问〔2025〕1号",
            "2025-05-31",
            &["诫勉"],
        )];
        let a = run(&case("002", "2026-06-01", vec![clerk()]), &history);
        assert!(!factor_ids(&a, 0).contains(&"F11-5".to_owned()));
        assert_eq!(a.respondents[0].direction, Direction::None);
    }

    #[test]
    fn an_earlier_no_accountability_outcome_is_not_a_repeat() {
        let mut h = hist("p1", "审批科", "坛作问〔2026〕2号", "2026-02-01", &[]);
        h.no_accountability = true;
        let a = run(&case("002", "2026-06-01", vec![clerk()]), &[h]);
        assert!(!factor_ids(&a, 0).contains(&"F11-5".to_owned()));
    }

    #[test]
    fn admonition_bars_promotion_for_six_months_and_awards_this_year() {
        let mut p = clerk();
        p.methods = strings(&["诫勉"]);
        let mut c = case("002", "2026-01-10", vec![p]);
        c.decided_on = Some(d("2026-03-05"));
        let a = run(&c, &[]);
        let ban = consequence(&a, 0, "C19-jm").expect("诫勉 ban");
        assert_eq!(ban.until, Some(d("2026-09-05")));
        assert_eq!(ban.citation.article, "第十九条第二款");
        assert!(ban.citation.text.contains("六个月内不得提拔或者重用"));
        assert_eq!(
            consequence(&a, 0, "C19-award").expect("awards").until,
            Some(d("2026-12-31"))
        );
    }

    #[test]
    fn demotion_bars_promotion_for_two_years() {
        let mut p = clerk();
        p.methods = strings(&["组织调整或者组织处理"]);
        p.measures = strings(&["降职"]);
        let mut c = case("002", "2026-01-10", vec![p]);
        c.decided_on = Some(d("2026-03-05"));
        let a = run(&c, &[]);
        assert_eq!(
            consequence(&a, 0, "C19-jz").expect("降职").until,
            Some(d("2028-03-05"))
        );
        assert!(consequence(&a, 0, "C19-yjcz").is_none(), "not 引咎辞职");
    }

    #[test]
    fn section_chief_is_investigated_jointly_and_decided_by_the_standing_committee() {
        let mut p = clerk();
        p.rank = "科级领导干部".to_owned();
        let a = run(&case("002", "2026-06-01", vec![p, clerk()]), &[]);
        let lead = a.respondents[0].routing.as_ref().expect("routing");
        assert!(lead.decider.contains("区委常委会"));
        assert!(lead.investigator.contains("联合实施"));
        let staff = a.respondents[1].routing.as_ref().expect("routing");
        assert!(staff.investigator.contains("主管部门"));
        assert!(staff.simplified_methods.contains(&"诫勉".to_owned()));
        assert!(
            !staff
                .simplified_methods
                .contains(&"组织调整或者组织处理".to_owned())
        );
    }

    #[test]
    fn one_month_completion_respects_a_make_up_working_day() {
        let mut c = case("002", "2026-01-05", vec![clerk()]);
        c.decided_on = Some(d("2026-01-31"));
        let a = run(&c, &[]);
        let done = a
            .deadlines
            .iter()
            .find(|x| x.id == "complete")
            .expect("complete");
        // 2026-02-28 is a Saturday but a 调休 working day.
        assert_eq!(done.due, Some(d("2026-02-28")));
        assert_eq!(done.citation.article, "第十九条第一款");
    }

    #[test]
    fn mandatory_aggravation_prevails_over_optional_mitigation() {
        let mut p = clerk();
        p.factors = strings(&["F10-1", "F11-2"]);
        let a = run(&case("002", "2026-06-01", vec![p]), &[]);
        let r = &a.respondents[0];
        assert_eq!(r.direction, Direction::Heavier);
        assert!(r.direction_explanation.contains("“应当”优先于“可以”"));
    }

    #[test]
    fn editorial_levels_are_marked_as_such() {
        let a = run(&case("002", "2026-06-01", vec![clerk()]), &[]);
        let sev = a.respondents[0].severity.as_ref().expect("level");
        assert!(sev.editorial);
        assert!(sev.explanation.contains("本规定未划分情节等级"));
    }
}

// ---------------------------------------------------------------- 003 昌吉环境问题

mod changji_003 {
    use super::*;

    fn leader(severity: &str) -> wenze::rules::engine::RespondentInput {
        let mut p = person("p9", "马志强", "县环保局");
        p.rank = "科级领导干部".to_owned();
        p.role = "分管领导".to_owned();
        p.behaviours = strings(&["B6-3"]);
        p.severity = Some(severity.to_owned());
        p
    }

    #[test]
    fn strict_accountability_stays_within_the_level() {
        let mut p = leader("较轻");
        p.factors = strings(&["F14-1-6"]);
        let a = run(&case("003", "2026-04-01", vec![p]), &[]);
        let r = &a.respondents[0];
        assert_eq!(r.direction, Direction::Heavier);
        assert_eq!(r.factors[0].citation.article, "第十四条第（一）项第6目");
        assert!(
            r.factors[0]
                .citation
                .text
                .contains("阻碍和干扰环境问题（事件）问责调查的")
        );
        assert_eq!(r.severity.as_ref().expect("level").id, "较轻");
        assert!(r.direction_explanation.starts_with("从严"));
    }

    #[test]
    fn recorded_objection_mitigates() {
        let mut p = leader("严重");
        p.factors = strings(&["F14-3-2"]);
        let a = run(&case("003", "2026-04-01", vec![p]), &[]);
        let r = &a.respondents[0];
        assert_eq!(r.direction, Direction::Mitigate);
        assert_eq!(r.severity.as_ref().expect("level").id, "较重");
    }

    #[test]
    fn light_level_recommends_the_lightest_measures() {
        let a = run(&case("003", "2026-04-01", vec![leader("较轻")]), &[]);
        assert_eq!(methods(&a, 0), strings(&["通报", "约谈", "责令整改"]));
        assert_eq!(
            a.respondents[0].recommended_methods[0].citation.article,
            "第十三条第（一）项"
        );
    }

    #[test]
    fn any_decision_bars_promotion_and_awards() {
        let a = run(&case("003", "2026-04-01", vec![leader("较重")]), &[]);
        assert!(consequence(&a, 0, "C12-promo").is_some());
        assert!(consequence(&a, 0, "C12-award").is_some());
        assert_eq!(
            consequence(&a, 0, "C12-promo")
                .expect("ban")
                .citation
                .article,
            "第十二条第一款"
        );
    }

    #[test]
    fn an_investigation_team_investigates() {
        let a = run(&case("003", "2026-04-01", vec![leader("较重")]), &[]);
        let routing = a.respondents[0].routing.as_ref().expect("routing");
        assert!(
            routing.investigator.contains("调查组"),
            "{}",
            routing.investigator
        );
    }

    #[test]
    fn the_text_sets_no_time_limits() {
        let a = run(&case("003", "2026-04-01", vec![leader("较重")]), &[]);
        assert!(a.deadlines.is_empty());
        assert!(a.remedy.is_none());
    }

    #[test]
    fn mandatory_strictness_prevails_over_discretionary_exemption() {
        let mut p = leader("较重");
        p.factors = strings(&["F14-1-1", "F14-3-3"]);
        let a = run(&case("003", "2026-04-01", vec![p]), &[]);
        assert_eq!(a.respondents[0].direction, Direction::Heavier);
    }

    #[test]
    fn lifelong_accountability_reaches_a_transferred_official() {
        // 第十四条第（二）项: earlier decisions stay attached to the person
        // whatever unit they are in now; history is matched by person, not unit.
        let history = vec![hist(
            "p9",
            "州环保局",
            "昌环问〔2017〕3号",
            "2017-06-01",
            &["诫勉谈话"],
        )];
        let a = run(&case("003", "2026-04-01", vec![leader("较重")]), &history);
        let text = &a.respondents[0].behaviours[0].citation.text;
        assert!(text.contains("环境保护监督管理中严重失职渎职"));
        // No repeat rule in 003: the old case does not aggravate.
        assert_eq!(a.respondents[0].direction, Direction::None);
    }
}

// ---------------------------------------------------------------- 004 徐水执法过错

mod xushui_004 {
    use super::*;

    fn officer() -> wenze::rules::engine::RespondentInput {
        let mut p = person("p7", "孙立军", "执法大队");
        p.behaviours = strings(&["B6-7"]);
        p.severity = Some("较轻".to_owned());
        p
    }

    #[test]
    fn second_case_in_the_same_year_is_aggravated() {
        let history = vec![hist(
            "p7",
            "执法大队",
            "徐环问〔2026〕2号",
            "2026-02-01",
            &["通报批评"],
        )];
        let a = run(&case("004", "2026-06-01", vec![officer()]), &history);
        let r = &a.respondents[0];
        let f = r
            .factors
            .iter()
            .find(|f| f.id == "F12-7")
            .expect("count rule");
        assert_eq!(f.citation.article, "第十二条第（七）项");
        match &f.source {
            FactorSource::Register { explanation, .. } => {
                assert!(explanation.contains("累计2次"), "{explanation}")
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(r.direction, Direction::Heavier);
    }

    #[test]
    fn a_case_in_the_previous_calendar_year_does_not_count() {
        let history = vec![hist(
            "p7",
            "执法大队",
            "徐环问〔2025〕9号",
            "2025-12-20",
            &["通报批评"],
        )];
        let a = run(&case("004", "2026-01-10", vec![officer()]), &history);
        assert!(!factor_ids(&a, 0).contains(&"F12-7".to_owned()));
    }

    #[test]
    fn a_member_who_recorded_dissent_is_exempt() {
        let mut dissenter = officer();
        dissenter.dissent_recorded = true;
        let a = run(&case("004", "2026-06-01", vec![officer(), dissenter]), &[]);
        assert_ne!(a.respondents[0].direction, Direction::Exempt);
        let r = &a.respondents[1];
        assert_eq!(r.direction, Direction::Exempt);
        assert!(r.recommended_methods.is_empty());
        assert_eq!(r.factors.last().expect("joint").citation.article, "第九条");
    }

    #[test]
    fn three_month_limit_rolls_past_national_day_and_extends_by_one_month() {
        let mut c = case("004", "2026-06-20", vec![officer()]);
        c.investigation_started_on = Some(d("2026-07-01"));
        let a = run(&c, &[]);
        let h = a
            .deadlines
            .iter()
            .find(|x| x.id == "handle")
            .expect("handle");
        assert_eq!(h.due, Some(d("2026-10-08")));
        c.investigation_extended = true;
        let a = run(&c, &[]);
        let h = a
            .deadlines
            .iter()
            .find(|x| x.id == "handle")
            .expect("handle");
        assert!(h.extended);
        // 2026-11-01 is a Sunday.
        assert_eq!(h.due, Some(d("2026-11-02")));
    }

    #[test]
    fn written_notice_within_seven_days() {
        let mut c = case("004", "2026-06-20", vec![officer()]);
        c.decided_on = Some(d("2026-09-24"));
        let a = run(&c, &[]);
        let n = a
            .deadlines
            .iter()
            .find(|x| x.id == "notify")
            .expect("notify");
        assert_eq!(n.due, Some(d("2026-10-08")));
        assert_eq!(n.citation.article, "第十六条");
    }

    #[test]
    fn remedy_is_an_appeal_without_a_fixed_time_limit() {
        let a = run(&case("004", "2026-06-01", vec![officer()]), &[]);
        let remedy = a.remedy.as_ref().expect("remedy");
        assert_eq!(remedy.kind.label(), "申诉");
        assert_eq!(remedy.body, "有关部门");
        assert_eq!(remedy.last_day, None);
    }

    #[test]
    fn a_department_head_behaviour_on_a_case_officer_is_flagged() {
        let mut p = officer();
        p.behaviours = strings(&["B8-1"]);
        let a = run(&case("004", "2026-06-01", vec![p]), &[]);
        assert!(
            a.respondents[0]
                .warnings
                .iter()
                .any(|w| w.contains("部门负责人"))
        );
    }

    #[test]
    fn any_decision_cancels_this_years_awards() {
        let mut c = case("004", "2026-06-01", vec![officer()]);
        c.decided_on = Some(d("2026-07-15"));
        let a = run(&c, &[]);
        let award = consequence(&a, 0, "C13-1").expect("第十三条");
        assert_eq!(award.until, Some(d("2026-12-31")));
        assert!(award.citation.text.contains("取消当年先进个人评选资格"));
    }

    #[test]
    fn a_clearly_minor_fault_may_be_mitigated_one_level() {
        let mut p = officer();
        p.severity = Some("较重".to_owned());
        p.factors = strings(&["F11-2"]);
        let a = run(&case("004", "2026-06-01", vec![p.clone()]), &[]);
        assert_eq!(a.respondents[0].direction, Direction::Lighter);
        p.mitigate = true;
        let a = run(&case("004", "2026-06-01", vec![p]), &[]);
        assert_eq!(a.respondents[0].direction, Direction::Mitigate);
        assert_eq!(
            a.respondents[0].severity.as_ref().expect("level").id,
            "较轻"
        );
    }

    #[test]
    fn unknown_ids_are_a_clear_error() {
        let mut p = officer();
        p.behaviours = strings(&["B99"]);
        let err = wenze::rules::assess(
            &case("004", "2026-06-01", vec![p]),
            &wenze::rules::RegulationSet::bundled(),
            &[],
            &wenze::rules::Calendar::bundled(),
        )
        .expect_err("unknown");
        assert_eq!(
            err.to_string(),
            "被问责人“孙立军”：规定中没有编号为“B99”的问责情形"
        );
    }
}
