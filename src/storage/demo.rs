//! `wenze demo --cases N`: a deterministic, realistic register for demos,
//! tests and benchmarks — Chinese names (rare name characters included),
//! an environmental bureau's units, every stage, all five regulations, repeat
//! offenders, issued decisions, 不予问责, 容错免责, 纠错 and 复查 outcomes.

use rusqlite::params;

use super::register::audit;
use super::search::{push_grams, push_name};
use super::{Result, Storage, StorageError};
use crate::domain::procedure::{SelectionKind, Stage};

const UNITS: [&str; 18] = [
    "办公室",
    "法规与标准处",
    "环境影响评价处",
    "大气环境处",
    "水生态环境处",
    "土壤生态环境处",
    "固体废物与化学品处",
    "自然生态保护处",
    "核与辐射安全处",
    "生态环境执法支队",
    "生态环境监测中心",
    "信访办公室",
    "宣传教育中心",
    "人事处",
    "财务处",
    "徐水分局",
    "金坛分局",
    "昌吉分局",
];

const SURNAMES: [&str; 40] = [
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林",
    "何", "郭", "马", "罗", "梁", "宋", "郑", "谢", "韩", "唐", "冯", "于", "董", "萧", "程", "曹",
    "袁", "邓", "许", "傅", "沈", "曾", "彭", "欧阳",
];

const GIVEN: [&str; 48] = [
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "秀英", "华", "慧", "建国", "建华", "晓燕", "志强", "海燕", "红梅", "立新", "文博",
    "子涵", "雨桐", "浩然", "思远", "镕", "喆", "堃", "赟", "玥", "珺", "祎", "德胜", "国庆",
    "卫东", "丽华", "春生", "秋菊", "嘉怡", "俊杰", "婷婷",
];

const POSTS: [&str; 6] = ["科员", "主任科员", "副科长", "科长", "副处长", "执法队员"];

/// (regulation, behaviour id, summary phrase)
const BEHAVIOURS: [(&str, &str, &str); 16] = [
    ("000", "B3-1", "对手续齐全的排污许可申请超时未办理"),
    ("000", "B3-2", "未在规定时限完成领导交办的督查事项"),
    ("000", "B3-4", "接待企业咨询时态度生硬、推诿，被投诉属实"),
    ("000", "B3-6", "多次无故迟到早退、擅离工作岗位"),
    ("000", "B3-12", "未按规定时限公开建设项目环评信息"),
    ("002", "B7-1", "对群众反映的噪声扰民问题超期未办结"),
    ("002", "B6-2", "对辖区企业监管不力、长期失察，造成不良影响"),
    ("002", "B7-3", "对企业正当诉求推诿扯皮"),
    ("002", "B8-3", "违反政务公开规定，搞暗箱操作"),
    (
        "003",
        "B6-3",
        "对已发生的环境敏感问题应对处置不当，导致事件恶化",
    ),
    ("003", "B6-2", "辖区发生较大环境污染事件"),
    (
        "004",
        "B6-7",
        "对群众环境污染信访投诉处理不当，引发向纪检监察机关反映",
    ),
    ("004", "B6-3", "违反法定程序实施现场检查和查封扣押"),
    ("004", "B6-6", "作出事实不清、主要证据不足的行政处罚"),
    ("004", "B6-10", "泄露投诉举报人身份"),
    ("004", "B7-4", "违反法定程序办案导致执法过错"),
];

/// 陈述申辩 heard before some decisions, with whether it was adopted.
const STATEMENTS: [(&str, &str); 3] = [
    (
        "对调查认定的事实无异议，认识到工作不细致，请求从轻处理",
        "经研究，其已主动整改、认错态度较好，但不具有规定的从轻处理情节，从轻处理的请求不予采纳",
    ),
    (
        "对事实无异议，系初次发生，请求从轻处理",
        "经研究，其请求符合规定的从轻情形，予以采纳，在该情节档次内从轻确定问责方式",
    ),
    (
        "提出当时工作任务繁重，但对事实无异议",
        "经研究，所提情况不影响对事实的认定，不予采纳",
    ),
];

const EVIDENCE: [&str; 6] = [
    "调查笔录",
    "询问笔录",
    "工作台账",
    "信访转办单",
    "现场检查笔录",
    "相关书证",
];

/// Clerks and deliverers printed on 送达回证.
const CLERKS: [&str; 4] = ["李秋菊", "王建国", "赵晓燕", "周文博"];

const DEMO_SETTINGS: [(&str, &str); 9] = [
    ("statement_days.000", "5"),
    ("statement_days.002", "5"),
    ("statement_days.003", "5"),
    ("statement_days.004", "5"),
    ("remedy_body.002", "区作风建设领导小组办公室"),
    ("remedy_period.002", "30日"),
    ("remedy_body.004", "保定市生态环境局"),
    ("remedy_period.004", "30日"),
    ("cc", "驻局纪检监察组，组织人事处"),
];

const STAGES_OPEN: [Stage; 4] = [
    Stage::Clue,
    Stage::Investigation,
    Stage::Factors,
    Stage::Decision,
];

/// Generate `cases` cases into an empty register. Deterministic for a given
/// `cases` and `seed`.
pub fn generate(storage: &mut Storage, cases: usize, seed: u64) -> Result<()> {
    let existing: i64 = storage
        .conn
        .query_row("SELECT count(*) FROM cases", [], |r| r.get(0))?;
    if existing > 0 {
        return Err(StorageError::Invalid(format!(
            "数据库中已有 {existing} 件案件；演示数据只能生成到空数据库中，请用 --db 指定新文件"
        )));
    }
    // A demo interrupted after its persons were written (each batch is one
    // transaction with its audit entry, so nothing half-written remains):
    // refuse clearly instead of failing on a UNIQUE constraint.
    let (units, persons_there): (i64, i64) = storage.conn.query_row(
        "SELECT (SELECT count(*) FROM units), (SELECT count(*) FROM persons)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    if units > 0 || persons_there > 0 {
        return Err(StorageError::Invalid(format!(
            "数据库中已有 {units} 个单位、{persons_there} 名人员（可能是中断的演示数据生成，或正在使用的登记簿）；演示数据只能生成到新文件中，请用 --db 指定新文件"
        )));
    }
    let mut rng = fastrand::Rng::with_seed(seed);
    let code = storage.office_code()?;
    let regulations = crate::rules::RegulationSet::bundled();
    let actor = storage.actor.clone();
    let conn = &mut storage.conn;
    conn.execute_batch("PRAGMA synchronous = NORMAL;")?;

    // Units and persons.
    let persons_n = (cases / 3).clamp(40, 400_000);
    let mut persons: Vec<(i64, String, usize)> = Vec::with_capacity(persons_n);
    {
        let tx = conn.transaction()?;
        for u in UNITS {
            tx.execute("INSERT INTO units (name) VALUES (?1)", [u])?;
        }
        {
            let mut ins = tx.prepare(
                "INSERT INTO persons (name, gender, unit_id, post, rank, party_member, status)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?;
            for i in 0..persons_n {
                let name = format!(
                    "{}{}",
                    SURNAMES[rng.usize(..SURNAMES.len())],
                    GIVEN[rng.usize(..GIVEN.len())]
                );
                let unit = rng.usize(..UNITS.len());
                let post = POSTS[rng.usize(..POSTS.len())];
                let rank = if post.contains('长') {
                    "科级领导干部"
                } else {
                    "科员及一般工作人员"
                };
                let status = match i % 29 {
                    0 => "调离",
                    1 => "退休",
                    _ => "在职",
                };
                ins.execute(params![
                    name,
                    if rng.bool() { "男" } else { "女" },
                    unit as i64 + 1,
                    post,
                    rank,
                    rng.u8(..10) < 7,
                    status
                ])?;
                persons.push((tx.last_insert_rowid(), name, unit));
            }
        }
        audit(
            &tx,
            &actor,
            "生成演示数据",
            "persons",
            None,
            "",
            &format!("{} 个单位、{persons_n} 名人员（种子 {seed}）", UNITS.len()),
        )?;
        tx.commit()?;
    }

    // Cases, in received-date order, in batches.
    let start_day: i64 = 16_801; // 2016-01-01 as days since 1970-01-01
    let end_day: i64 = 20_774; // 2026-11-16
    let epoch = jiff::civil::date(1970, 1, 1);
    let mut per_year_case: std::collections::HashMap<i16, i64> = std::collections::HashMap::new();
    let mut per_year_doc: std::collections::HashMap<i16, i64> = std::collections::HashMap::new();
    let batch = 20_000;
    let mut done = 0;
    while done < cases {
        let tx = conn.transaction()?;
        {
            let mut ins_case = tx.prepare_cached(
                "INSERT INTO cases (case_no, regulation_id, stage, clue_source, received_on, summary, decided_on,
                                    tolerance_overlay, investigation_started_on, outcome)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?;
            let mut ins_no = tx.prepare_cached(
                "INSERT INTO doc_numbers (code, year, seq, doc_no, case_id, kind) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            let mut ins_resp = tx.prepare_cached(
                "INSERT INTO respondents (case_id, person_id, role, unit_at_time, post_at_time, rank_at_time)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            let mut ins_fact =
                tx.prepare_cached("INSERT INTO facts (case_id, seq, text) VALUES (?1, ?2, ?3)")?;
            let mut ins_dec = tx.prepare_cached(
                "INSERT INTO decisions (case_id, respondent_id, kind, doc_no, methods, measures, basis, decided_on, approved_by, supersedes)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?;
            let mut ins_follow = tx.prepare_cached(
                "INSERT INTO follow_ups (case_id, respondent_id, kind, label, starts_on, ends_on, status, cite)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?;
            let mut ins_rep = tx.prepare_cached(
                "INSERT INTO reporters (case_id, name, contact) VALUES (?1, ?2, ?3)",
            )?;
            let mut ins_fts =
                tx.prepare_cached("INSERT INTO case_search (rowid, grams) VALUES (?1, ?2)")?;
            let mut ins_sel = tx.prepare_cached(
                "INSERT INTO selections (respondent_id, regulation_id, kind, item_id) VALUES (?1, ?2, ?3, ?4)",
            )?;
            let mut ins_no_dated = tx.prepare_cached(
                "INSERT INTO doc_numbers (code, year, seq, doc_no, case_id, kind, issued_on) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?;
            let mut ins_ev = tx
                .prepare_cached("INSERT INTO evidence (case_id, seq, title) VALUES (?1, ?2, ?3)")?;
            let mut ins_stmt = tx.prepare_cached(
                "INSERT INTO statements (case_id, respondent_id, heard_on, content, adopted) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            let mut ins_del = tx.prepare_cached(
                "INSERT INTO deliveries (case_id, delivered_on, method, recipient, agent, witness, note,
                                         doc_no, address, served_at, issuer, deliverer, made_on)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, '', ?7, ?8, ?9, ?10, ?11, ?12)",
            )?;
            let mut ins_review = tx.prepare_cached(
                "INSERT INTO decisions (case_id, respondent_id, kind, doc_no, methods, basis, decided_on, approved_by, supersedes, applied_on, reasoning)
                 VALUES (?1, ?2, '复查', ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?;

            for i in done..(done + batch).min(cases) {
                let day = start_day + (end_day - start_day) * i as i64 / cases.max(1) as i64;
                let received = epoch
                    .checked_add(jiff::Span::new().days(day))
                    .unwrap_or(epoch);
                let year = received.year();
                let (reg, beh_id, phrase) = BEHAVIOURS[rng.usize(..BEHAVIOURS.len())];
                let seq = per_year_case.entry(year).or_insert(0);
                *seq += 1;
                let case_no = format!("{code}案〔{year}〕{seq}号");
                let (pid, pname, punit) = persons[rng.usize(..persons.len())].clone();
                let unit = UNITS[punit];
                let age_days = end_day - day;
                let overlay = rng.u8(..10) == 0;
                let stage = if age_days < 60 || rng.u8(..100) < 3 {
                    STAGES_OPEN[rng.usize(..STAGES_OPEN.len())]
                } else if age_days < 120 && rng.u8(..4) == 0 {
                    Stage::Investigation
                } else {
                    Stage::Decided
                };
                let source =
                    crate::domain::CLUE_SOURCES[rng.usize(..crate::domain::CLUE_SOURCES.len())];
                let summary = format!("{unit}{pname}{phrase}。");
                let fact = format!(
                    "{}年{}月{}日，{pname}{phrase}，{}。",
                    received.year(),
                    received.month(),
                    received.day(),
                    [
                        "造成一定不良影响",
                        "当事人对事实无异议",
                        "已责令限期整改",
                        "服务对象多次投诉"
                    ][rng.usize(..4)]
                );
                let last_day = epoch
                    .checked_add(jiff::Span::new().days(end_day))
                    .unwrap_or(epoch);
                // Never a decision after the demo's last day.
                let decided = (stage == Stage::Decided).then(|| {
                    received
                        .checked_add(jiff::Span::new().days(20 + rng.i64(0..60)))
                        .unwrap_or(received)
                        .min(last_day)
                });
                let outcome_roll = rng.u8(..100);
                let outcome = match (decided, outcome_roll) {
                    (None, _) => "",
                    (Some(_), 0..=7) => "不予问责",
                    (Some(_), 8..=11) if overlay => "容错免责",
                    _ => "问责",
                };
                ins_case.execute(params![
                    case_no,
                    reg,
                    stage,
                    source,
                    received.to_string(),
                    summary,
                    decided.map(|d| d.to_string()),
                    overlay,
                    received
                        .checked_add(jiff::Span::new().days(3))
                        .ok()
                        .map(|d| d.to_string()),
                    outcome
                ])?;
                let case_id = tx.last_insert_rowid();
                ins_no.execute(params![
                    format!("{code}案"),
                    year,
                    *seq,
                    case_no,
                    case_id,
                    "案号"
                ])?;
                let person =
                    tx.query_row("SELECT post, rank FROM persons WHERE id = ?1", [pid], |r| {
                        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
                    });
                let (post, rank) = person?;
                ins_resp.execute(params![case_id, pid, "承办人", unit, post, rank])?;
                super::search::set_pinyin_key(&tx, case_id)?;
                let resp_id = tx.last_insert_rowid();
                ins_fact.execute(params![case_id, 1, fact])?;
                // What the clerk established: the behaviour and, once
                // investigated, the 情节 level and evidence.
                ins_sel.execute(params![resp_id, reg, SelectionKind::Behaviour, beh_id])?;
                let reg_data = regulations.get(reg);
                let level_roll = rng.u8(..100);
                let level = reg_data.and_then(|r| {
                    let n = r.severity_levels.len();
                    let i = match level_roll {
                        0..=69 => 0,
                        70..=94 => 1,
                        _ => 2,
                    };
                    r.severity_levels.get(i.min(n.saturating_sub(1)))
                });
                if outcome == "容错免责"
                    && let Some(t) = regulations.overlay().and_then(|o| o.tolerance.as_ref())
                {
                    // A 容错 situation and every condition, as the 认定书 cites them.
                    if !t.situations.is_empty() {
                        let sit = &t.situations[rng.usize(..t.situations.len())];
                        ins_sel.execute(params![
                            resp_id,
                            "001",
                            SelectionKind::ToleranceSituation,
                            sit.id.get_ref()
                        ])?;
                    }
                    for c in &t.conditions {
                        ins_sel.execute(params![
                            resp_id,
                            "001",
                            SelectionKind::ToleranceCondition,
                            c.id.get_ref()
                        ])?;
                    }
                }
                let investigated = !stage.is_early();
                if investigated {
                    if let Some(l) = level {
                        ins_sel.execute(params![
                            resp_id,
                            reg,
                            SelectionKind::Severity,
                            l.id.get_ref()
                        ])?;
                    }
                    for (k, e) in EVIDENCE.iter().skip(rng.usize(..3)).take(3).enumerate() {
                        ins_ev.execute(params![case_id, k as i64 + 1, e])?;
                    }
                }
                if source == "群众投诉核实" {
                    ins_rep.execute(params![
                        case_id,
                        format!("{}某", SURNAMES[rng.usize(..SURNAMES.len())]),
                        "138****0000"
                    ])?;
                }
                let mut grams = String::with_capacity(512);
                push_grams(&mut grams, &case_no);
                push_grams(&mut grams, &summary);
                push_name(&mut grams, &pname);
                push_grams(&mut grams, unit);
                push_grams(&mut grams, &fact);
                if let Some(decided) = decided {
                    let mut next_no = |year: i16| {
                        let seq = per_year_doc.entry(year).or_insert(0);
                        *seq += 1;
                        (*seq, format!("{code}〔{year}〕{seq}号"))
                    };
                    // 问责: the notice first (its own 文号, dated before the
                    // decision), the 陈述申辩 heard, then the decision.
                    let notice_on = decided
                        .checked_sub(jiff::Span::new().days(12))
                        .unwrap_or(decided)
                        .max(received);
                    if outcome == "问责" && notice_on < decided {
                        let (nseq, notice_no) = next_no(notice_on.year());
                        ins_no_dated.execute(params![
                            code,
                            notice_on.year(),
                            nseq,
                            notice_no,
                            case_id,
                            crate::export::documents::DocKind::Notice.key(),
                            notice_on.to_string()
                        ])?;
                        push_grams(&mut grams, &notice_no);
                        if rng.u8(..3) == 0 {
                            let (content, adopted) = STATEMENTS[rng.usize(..STATEMENTS.len())];
                            let heard = notice_on
                                .checked_add(jiff::Span::new().days(4))
                                .unwrap_or(notice_on)
                                .min(decided);
                            ins_stmt.execute(params![
                                case_id,
                                resp_id,
                                heard.to_string(),
                                content,
                                adopted
                            ])?;
                        }
                    }
                    let dyear = decided.year();
                    let (dseq, doc_no) = next_no(dyear);
                    ins_no.execute(params![code, dyear, dseq, doc_no, case_id, outcome])?;
                    // Decided: one method of the level's recommendation,
                    // occasionally two; 其他问责方式 with the clerk's measure.
                    let level_methods: Vec<&str> = level
                        .map(|l| l.methods.iter().map(|m| m.get_ref().as_str()).collect())
                        .unwrap_or_default();
                    let mut chosen: Vec<&str> = Vec::new();
                    if outcome == "问责" && !level_methods.is_empty() {
                        let first = rng.usize(..level_methods.len());
                        chosen.push(level_methods[first]);
                        if level_methods.len() > 1 && rng.u8(..8) == 0 {
                            let second = (first + 1) % level_methods.len();
                            chosen.push(level_methods[second]);
                        }
                    }
                    let measures: Vec<&str> = if chosen.contains(&"其他问责方式") {
                        vec!["责令参加执法规范化培训并作出书面整改报告"]
                    } else {
                        Vec::new()
                    };
                    let methods = serde_json::to_string(&chosen)
                        .map_err(|e| StorageError::Invalid(e.to_string()))?;
                    let measures = serde_json::to_string(&measures)
                        .map_err(|e| StorageError::Invalid(e.to_string()))?;
                    ins_dec.execute(params![
                        case_id,
                        resp_id,
                        outcome,
                        doc_no,
                        methods,
                        measures,
                        beh_id,
                        decided.to_string(),
                        "审核人",
                        Option::<i64>::None
                    ])?;
                    let dec_id = tx.last_insert_rowid();
                    push_grams(&mut grams, &doc_no);
                    // Delivery of the outcome's document, with its 送达回证.
                    let delivered = decided
                        .checked_add(jiff::Span::new().days(1 + rng.i64(0..3)))
                        .unwrap_or(decided)
                        .min(last_day);
                    let title = crate::export::documents::Outcome::parse(outcome)
                        .map(|o| crate::export::documents::DocKind::for_outcome(o).label())
                        .unwrap_or("决定书");
                    let witness_case = rng.u8(..20) == 0;
                    ins_del.execute(params![
                        case_id,
                        delivered.to_string(),
                        if witness_case {
                            "留置送达"
                        } else {
                            "直接送达"
                        },
                        pname,
                        "",
                        if witness_case {
                            "本单位工作人员周文博"
                        } else {
                            ""
                        },
                        format!("{title}（{doc_no}）一份"),
                        format!("本局{unit}办公室"),
                        format!("{}时{:02}分", 9 + rng.u8(..8), rng.u8(..4) * 15),
                        CLERKS[rng.usize(..2)],
                        format!("{}、{}", CLERKS[2], CLERKS[3]),
                        decided.to_string()
                    ])?;
                    if outcome == "问责" && methods.contains("诫勉") {
                        let ends = decided
                            .checked_add(jiff::Span::new().months(6))
                            .unwrap_or(decided);
                        ins_follow.execute(params![
                            case_id,
                            resp_id,
                            crate::domain::procedure::FollowUpKind::Ban,
                            "六个月内不得提拔或者重用",
                            decided.to_string(),
                            ends.to_string(),
                            "进行中",
                            "002:19:2"
                        ])?;
                    }
                    if outcome == "容错免责" {
                        let ends = decided
                            .checked_add(jiff::Span::new().months(1))
                            .unwrap_or(decided);
                        ins_follow.execute(params![
                            case_id,
                            resp_id,
                            crate::domain::procedure::FollowUpKind::Correction,
                            "限期纠正工作失误并报告整改情况",
                            decided.to_string(),
                            ends.to_string(),
                            "进行中",
                            "001:19"
                        ])?;
                        // 纠错通知书: its own 文号, on the day of the 认定 (第十八条).
                        let (cseq, cno) = next_no(dyear);
                        ins_no_dated.execute(params![
                            code,
                            dyear,
                            cseq,
                            cno,
                            case_id,
                            crate::export::documents::DocKind::Correction.key(),
                            decided.to_string()
                        ])?;
                        push_grams(&mut grams, &cno);
                    }
                    // Some 000 decisions are reviewed (复查) and upheld by a new decision.
                    if outcome == "问责" && reg == "000" && rng.u8(..20) == 0 {
                        let applied = delivered
                            .checked_add(jiff::Span::new().days(7))
                            .unwrap_or(delivered)
                            .min(last_day);
                        let rdate = decided
                            .checked_add(jiff::Span::new().days(25))
                            .unwrap_or(decided)
                            .min(last_day)
                            .max(applied);
                        let ryear = rdate.year();
                        let (rseq, rdoc) = next_no(ryear);
                        ins_no.execute(params![code, ryear, rseq, rdoc, case_id, "复查"])?;
                        ins_review.execute(params![
                            case_id,
                            resp_id,
                            rdoc,
                            methods,
                            "维持原问责决定",
                            rdate.to_string(),
                            "审核人",
                            dec_id,
                            applied.to_string(),
                            "原决定认定事实清楚，证据确实充分，适用依据正确，程序合法，处理适当。申请人提出的理由不能成立。"
                        ])?;
                        push_grams(&mut grams, &rdoc);
                    }
                }
                ins_fts.execute(params![super::search::search_rowid(case_id), grams])?;
            }
        }
        let end = (done + batch).min(cases);
        // Each batch carries its own audit entry: a killed demo leaves only
        // whole, audited batches.
        audit(
            &tx,
            &actor,
            "生成演示数据",
            "cases",
            None,
            "",
            &format!("第 {}–{end} 件（种子 {seed}）", done + 1),
        )?;
        done = end;
        tx.commit()?;
    }
    let tx = conn.transaction()?;
    // The demo office's own document settings where the regulations are
    // silent (an office's choice, shown in 设置; never a program default).
    for (key, value) in DEMO_SETTINGS {
        tx.execute(
            "INSERT OR IGNORE INTO settings (key, value) VALUES (?1, ?2)",
            params![key, value],
        )?;
    }
    audit(
        &tx,
        &actor,
        "生成演示数据",
        "cases",
        None,
        "",
        "演示机关的文书设置（陈述申辩期限、决定机关、救济途径、抄送）",
    )?;
    tx.commit()?;
    conn.execute_batch("PRAGMA synchronous = FULL; PRAGMA optimize;")?;
    conn.execute(
        "INSERT INTO case_search(case_search) VALUES ('optimize')",
        [],
    )?;
    Ok(())
}
