//! `wenze demo --cases N`: a deterministic, realistic register for demos,
//! tests and benchmarks — Chinese names (rare name characters included),
//! an environmental bureau's units, every stage, all five regulations, repeat
//! offenders, issued decisions, 不予问责, 容错免责, 纠错 and 复查 outcomes.

use rusqlite::params;

use super::register::audit;
use super::search::{push_grams, push_name};
use super::{Result, Storage, StorageError};

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

const METHODS: [(&str, [&str; 3]); 4] = [
    ("000", ["批评教育", "通报批评", "调离岗位"]),
    ("002", ["批评教育", "诫勉", "组织调整或者组织处理"]),
    ("003", ["约谈", "诫勉谈话", "调整岗位"]),
    ("004", ["责令作出书面检查", "通报批评", "停职检查"]),
];

const STAGES_OPEN: [&str; 4] = ["线索登记", "调查核实", "情节认定", "处理决定"];

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
                "INSERT INTO decisions (case_id, respondent_id, kind, doc_no, methods, basis, decided_on, approved_by, supersedes)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
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
                    "调查核实"
                } else {
                    "已决定"
                };
                let source =
                    crate::domain::CLUE_SOURCES[rng.usize(..crate::domain::CLUE_SOURCES.len())];
                let summary = format!("{unit}{pname}{phrase}。");
                let fact = format!(
                    "经调查核实，{}年{}月{}日，{pname}{phrase}，{}。",
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
                let decided = (stage == "已决定").then(|| {
                    received
                        .checked_add(jiff::Span::new().days(20 + rng.i64(0..60)))
                        .unwrap_or(received)
                        .min(last_day)
                });
                let outcome_roll = rng.u8(..100);
                let outcome = match (decided, outcome_roll) {
                    (None, _) => "",
                    (Some(_), 0..=7) => "不予问责",
                    (Some(_), 8..=11) if overlay || reg == "004" => "容错免责",
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
                let resp_id = tx.last_insert_rowid();
                ins_fact.execute(params![case_id, 1, fact])?;
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
                    let dyear = decided.year();
                    let dseq = per_year_doc.entry(dyear).or_insert(0);
                    *dseq += 1;
                    let doc_no = format!("{code}〔{dyear}〕{dseq}号");
                    ins_no.execute(params![code, dyear, *dseq, doc_no, case_id, outcome])?;
                    let methods_for = METHODS
                        .iter()
                        .find(|(r, _)| *r == reg)
                        .map(|(_, m)| m)
                        .unwrap_or(&METHODS[0].1);
                    let methods = if outcome == "问责" {
                        format!("[\"{}\"]", methods_for[rng.usize(..3)])
                    } else {
                        "[]".to_owned()
                    };
                    ins_dec.execute(params![
                        case_id,
                        resp_id,
                        outcome,
                        doc_no,
                        methods,
                        beh_id,
                        decided.to_string(),
                        "审核人",
                        Option::<i64>::None
                    ])?;
                    let dec_id = tx.last_insert_rowid();
                    push_grams(&mut grams, &doc_no);
                    if outcome == "问责" && methods.contains("诫勉") {
                        let ends = decided
                            .checked_add(jiff::Span::new().months(6))
                            .unwrap_or(decided);
                        ins_follow.execute(params![
                            case_id,
                            resp_id,
                            "ban",
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
                            "纠错",
                            "限期纠正工作失误并报告整改情况",
                            decided.to_string(),
                            ends.to_string(),
                            "进行中",
                            "001:19"
                        ])?;
                    }
                    // Some decisions are reviewed (复查) and upheld by a new decision.
                    if outcome == "问责" && reg == "000" && rng.u8(..20) == 0 {
                        let rdate = decided
                            .checked_add(jiff::Span::new().days(25))
                            .unwrap_or(decided)
                            .min(last_day);
                        let ryear = rdate.year();
                        let rseq = per_year_doc.entry(ryear).or_insert(0);
                        *rseq += 1;
                        let rdoc = format!("{code}〔{ryear}〕{rseq}号");
                        ins_no.execute(params![code, ryear, *rseq, rdoc, case_id, "复查"])?;
                        ins_dec.execute(params![
                            case_id,
                            resp_id,
                            "复查",
                            rdoc,
                            methods,
                            "维持原决定",
                            rdate.to_string(),
                            "审核人",
                            dec_id
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
    conn.execute_batch("PRAGMA synchronous = FULL; PRAGMA optimize;")?;
    conn.execute(
        "INSERT INTO case_search(case_search) VALUES ('optimize')",
        [],
    )?;
    Ok(())
}
