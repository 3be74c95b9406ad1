//! Subcommands that need no register: ID numbers, deadlines, the bundled
//! regulations, benchmarks.

use std::process::ExitCode;

use super::args::{DeadlineArgs, RegulationsCmd};
use super::{err_raw, fail, out_raw};
use crate::rules;

pub(super) fn run_check_id(number: &str) -> ExitCode {
    let today = jiff::Zoned::now().date();
    match crate::domain::id_number::validate(number, today) {
        Ok(info) => {
            outln!(
                "有效：{}，出生日期 {}年{}月{}日，性别{}",
                info.province,
                info.birth.year(),
                info.birth.month(),
                info.birth.day(),
                info.gender
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            outln!("无效：{e}");
            ExitCode::FAILURE
        }
    }
}

pub(super) fn run_bench(iterations: usize, db: Option<&std::path::Path>) -> ExitCode {
    outln!(
        "{:<40} {}",
        "load 5 regulations",
        crate::bench::bench_load(iterations.min(200))
    );
    match crate::bench::bench_assess(iterations) {
        Ok(stats) => outln!("{:<40} {stats}", "assess (3 respondents, 20 history)"),
        Err(e) => return fail(&e),
    }
    match crate::bench::bench_export(iterations.min(100), 1000) {
        Ok(rows) => {
            for (label, stats) in rows {
                outln!("{label:<40} {stats}");
            }
        }
        Err(e) => return fail(&e),
    }
    match crate::bench::bench_archive(iterations.min(20)) {
        Ok(rows) => {
            for (label, stats) in rows {
                outln!("{label:<40} {stats}");
            }
        }
        Err(e) => return fail(&e),
    }
    for (label, stats) in crate::bench::bench_processes(10) {
        outln!("{label:<40} {stats}");
    }
    if let Some(db) = db {
        match crate::bench::bench_register(db, iterations.min(500)) {
            Ok(rows) => {
                for (label, stats) in rows {
                    outln!("{label:<40} {stats}");
                }
            }
            Err(e) => return fail(&e),
        }
        match crate::bench::bench_frames(db, iterations.min(300)) {
            Ok(rows) => {
                for (label, stats) in rows {
                    outln!("{label:<40} {stats}");
                }
            }
            Err(e) => return fail(&e),
        }
    }
    if let Some(mb) = crate::bench::peak_rss_mb() {
        outln!("{:<40} {mb:.0} MB", "peak RSS of this benchmark process");
    }
    ExitCode::SUCCESS
}

pub(super) fn run_deadline(args: &DeadlineArgs) -> ExitCode {
    use rules::regulation::PeriodUnit;
    let from: jiff::civil::Date = match args.from.parse() {
        Ok(d) => d,
        Err(_) => {
            return fail(&format!(
                "起算日“{}”不是有效日期，应为 YYYY-MM-DD",
                args.from
            ));
        }
    };
    let (count, unit, unit_label) = match (args.working_days, args.days, args.months) {
        (Some(n), _, _) => (n, PeriodUnit::WorkingDays, "个工作日"),
        (_, Some(n), _) => (n, PeriodUnit::Days, "日"),
        (_, _, Some(n)) => (n, PeriodUnit::Months, "个月"),
        _ => return fail("请给出 --working-days、--days 或 --months 之一"),
    };
    // Periods in the regulations are days to months; a century is far
    // beyond any of them and keeps every result inside the calendar.
    let max = match unit {
        PeriodUnit::WorkingDays => 25_000,
        PeriodUnit::Days => 36_500,
        PeriodUnit::Months => 1_200,
    };
    if count > max {
        return fail(&format!(
            "期间过长：{count}{unit_label}超出可计算范围（最多 {max}{unit_label}，约一百年）"
        ));
    }
    let calendar = rules::Calendar::bundled();
    match rules::calendar::period_end(&calendar, from, count, unit) {
        Ok(end) => {
            outln!("起算日\t{from}（不计入）");
            outln!("期间\t{count}{unit_label}");
            if end.nominal != end.date {
                let why = calendar
                    .holiday_name(end.nominal)
                    .map(|h| format!("{h}假期"))
                    .unwrap_or_else(|| "休息日".to_owned());
                outln!("顺延\t{} 为{why}，顺延至下一个工作日", end.nominal);
            }
            if let Some(note) = end.fallback_note() {
                outln!("注意\t{note}");
            }
            outln!("{}", end.date);
            ExitCode::SUCCESS
        }
        Err(e) => fail(&e.to_string()),
    }
}

pub(super) fn run_regulations(cmd: RegulationsCmd) -> ExitCode {
    let regs = rules::RegulationSet::bundled();
    match cmd {
        RegulationsCmd::List => {
            for r in regs.iter() {
                let m = &r.regulation;
                outln!(
                    "{}\t{}\t{}\t{}{}",
                    m.id,
                    m.name,
                    m.issuer,
                    if m.doc_number.is_empty() {
                        "—"
                    } else {
                        &m.doc_number
                    },
                    if m.overlay {
                        "\t（容错纠错，可叠加适用）"
                    } else {
                        ""
                    }
                );
            }
            ExitCode::SUCCESS
        }
        RegulationsCmd::Show { id } => match regs.get(&id) {
            Some(r) => {
                out_raw(format_args!("{}", rules::regulation::describe(r)));
                ExitCode::SUCCESS
            }
            None => fail(&format!(
                "没有编号为“{id}”的规定；用 wenze regulations list 查看"
            )),
        },
        RegulationsCmd::Check { file } => {
            let text = match std::fs::read_to_string(&file) {
                Ok(t) => t,
                Err(e) => {
                    return fail(&format!(
                        "无法读取 {}：{}",
                        file.display(),
                        crate::zh::io(&e)
                    ));
                }
            };
            match rules::regulation::load(&text) {
                Ok(r) => {
                    outln!(
                        "{}：通过检查（{} 条条文，{} 项情形，{} 种问责方式，{} 项情节）",
                        file.display(),
                        r.articles.len(),
                        r.behaviours.len(),
                        r.methods.len(),
                        r.factors.len()
                    );
                    ExitCode::SUCCESS
                }
                Err(problems) => {
                    for p in &problems {
                        errln!("{}：{p}", file.display());
                    }
                    errln!("共 {} 个问题", problems.len());
                    ExitCode::FAILURE
                }
            }
        }
    }
}
