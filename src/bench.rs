//! `wenze bench`: performance figures measured in-process (never in tests).

use std::time::{Duration, Instant};

use jiff::civil::Date;

use crate::rules::engine::{
    CaseInput, HistoryKind, HistoryRecord, HistoryStanding, RespondentInput,
};
use crate::rules::{Calendar, RegulationSet, assess};

mod archive;
mod frames;
pub(crate) use archive::bench_archive;
pub(crate) use frames::bench_frames;

/// Percentiles of a set of timings.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Stats {
    pub(crate) runs: usize,
    pub(crate) mean: Duration,
    pub(crate) p50: Duration,
    pub(crate) p95: Duration,
    pub(crate) max: Duration,
}

impl Stats {
    pub(crate) fn of(mut samples: Vec<Duration>) -> Stats {
        samples.sort();
        let n = samples.len().max(1);
        let at = |q: f64| {
            samples
                .get(((n as f64 - 1.0) * q).round() as usize)
                .copied()
                .unwrap_or_default()
        };
        Stats {
            runs: samples.len(),
            mean: samples.iter().sum::<Duration>() / n as u32,
            p50: at(0.5),
            p95: at(0.95),
            max: samples.last().copied().unwrap_or_default(),
        }
    }
}

impl std::fmt::Display for Stats {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "runs {}  mean {:.3} ms  p50 {:.3} ms  p95 {:.3} ms  max {:.3} ms",
            self.runs,
            self.mean.as_secs_f64() * 1e3,
            self.p50.as_secs_f64() * 1e3,
            self.p95.as_secs_f64() * 1e3,
            self.max.as_secs_f64() * 1e3
        )
    }
}

fn date(y: i16, m: i8, d: i8) -> Date {
    Date::new(y, m, d).unwrap_or_default()
}

/// The benchmark case: 金坛 (002) with the 容错 overlay, 3 respondents, and
/// 20 history records (repeat offences among them).
pub(crate) fn sample_case() -> (CaseInput, Vec<HistoryRecord>) {
    let respondent = |i: usize| RespondentInput {
        person_id: format!("p{i}"),
        name: ["赵晓燕", "钱卫东", "孙丽华"][i % 3].to_owned(),
        unit: ["审批科", "执法大队", "办公室"][i % 3].to_owned(),
        rank: if i == 0 {
            "科级领导干部"
        } else {
            "科员及一般工作人员"
        }
        .to_owned(),
        role: "承办人".to_owned(),
        behaviours: vec!["B7-1".to_owned(), "B6-2".to_owned()],
        factors: vec!["F10-2".to_owned(), "F11-3".to_owned()],
        overlay_factors: vec!["F15-1".to_owned()],
        tolerance_situations: vec!["T14-3".to_owned()],
        tolerance_conditions: vec!["K14-2-1".to_owned(), "K14-2-2".to_owned()],
        impact: i == 1,
        severity: Some("较重".to_owned()),
        methods: vec!["诫勉".to_owned()],
        ..Default::default()
    };
    let case = CaseInput {
        case_no: "坛作问〔2026〕15号".to_owned(),
        regulation: "002".to_owned(),
        tolerance_overlay: true,
        received_on: Some(date(2026, 6, 1)),
        investigation_started_on: Some(date(2026, 6, 3)),
        decided_on: Some(date(2026, 9, 24)),
        delivered_on: Some(date(2026, 9, 28)),
        tolerance_decided_on: Some(date(2026, 9, 28)),
        respondents: (0..3).map(respondent).collect(),
        ..Default::default()
    };
    let history = (0..20)
        .map(|i| HistoryRecord {
            person_id: format!("p{}", i % 5),
            name: format!("人员{i}"),
            unit: ["审批科", "执法大队"][i % 2].to_owned(),
            case_no: format!("坛作问〔2025〕{}号", i + 1),
            decided_on: date(2025, (i % 12 + 1) as i8, 10),
            regulation: "002".to_owned(),
            methods: vec!["通报".to_owned()],
            kind: Some(HistoryKind::Accountability),
            standing: HistoryStanding::Stands,
            no_accountability: i % 7 == 0,
        })
        .collect();
    (case, history)
}

/// Time `assess` on the sample case.
pub(crate) fn bench_assess(iterations: usize) -> Result<Stats, String> {
    let regs = RegulationSet::bundled();
    let cal = Calendar::bundled();
    let (case, history) = sample_case();
    // Warm up and check it works.
    assess(&case, &regs, &history, &cal).map_err(|e| e.to_string())?;
    let mut samples = Vec::with_capacity(iterations);
    for _ in 0..iterations {
        let t = Instant::now();
        let a = assess(&case, &regs, &history, &cal);
        samples.push(t.elapsed());
        std::hint::black_box(a.map_err(|e| e.to_string())?);
    }
    Ok(Stats::of(samples))
}

/// Time loading the five bundled regulations (done once at start-up).
pub(crate) fn bench_load(iterations: usize) -> Stats {
    let mut samples = Vec::with_capacity(iterations);
    for _ in 0..iterations {
        let t = Instant::now();
        std::hint::black_box(RegulationSet::bundled());
        samples.push(t.elapsed());
    }
    Stats::of(samples)
}

/// Register figures on an existing (demo) database: open time, list pages,
/// search p95 for a name, a 案号, a two-character phrase and single characters.
pub(crate) fn bench_register(
    db: &std::path::Path,
    iterations: usize,
) -> Result<Vec<(String, Stats)>, String> {
    use crate::storage::Storage;
    let mut out = Vec::new();
    let mut opens = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        let s = Storage::open(db).map_err(|e| e.to_string())?;
        opens.push(t.elapsed());
        drop(s);
    }
    out.push((
        "open (examine + migrate check)".to_owned(),
        Stats::of(opens),
    ));
    let s = Storage::open(db).map_err(|e| e.to_string())?;
    let count = s.case_count().map_err(|e| e.to_string())?;
    if count == 0 {
        return Err("数据库中没有案件：先运行 wenze demo --cases N".to_owned());
    }
    // The full check no longer run at open (background / before backups).
    let t = Instant::now();
    s.quick_check().map_err(|e| e.to_string())?;
    out.push((
        "quick_check (background; before backup)".to_owned(),
        Stats::of(vec![t.elapsed()]),
    ));
    bench_paging(&s, &mut out)?;
    bench_queries(&s, count, iterations, &mut out)?;
    Ok(out)
}

/// Jumps anywhere: the OFFSET walk against keyset paging (page keys read
/// once per order, as the query thread does when idle).
fn bench_paging(s: &crate::storage::Storage, out: &mut Vec<(String, Stats)>) -> Result<(), String> {
    use crate::domain::views::{RegisterQuery, SortKey};
    let rows = crate::app::worker::PAGE_ROWS;
    for (sort, descending) in [(SortKey::Received, true), (SortKey::Respondent, false)] {
        let q = RegisterQuery {
            sort,
            descending,
            ..Default::default()
        };
        let t = Instant::now();
        let keys = s.register_page_keys(&q, rows).map_err(|e| e.to_string())?;
        out.push((
            format!("page keys read once ({sort:?}, {} pages)", keys.len() + 1),
            Stats::of(vec![t.elapsed()]),
        ));
        let (mut by_offset, mut by_key) = (Vec::new(), Vec::new());
        for k in 1..=10usize {
            let page = keys.len() * k / 10;
            let t = Instant::now();
            std::hint::black_box(
                s.register_page(&q, page * rows, rows)
                    .map_err(|e| e.to_string())?,
            );
            by_offset.push(t.elapsed());
            let t = Instant::now();
            let after = page.checked_sub(1).and_then(|p| keys.get(p));
            std::hint::black_box(
                s.register_page_after(&q, after, rows)
                    .map_err(|e| e.to_string())?,
            );
            by_key.push(t.elapsed());
        }
        out.push((
            format!("jump anywhere, OFFSET ({sort:?})"),
            Stats::of(by_offset),
        ));
        out.push((
            format!("jump anywhere, keyset ({sort:?})"),
            Stats::of(by_key),
        ));
    }
    Ok(())
}

/// List pages and searches (a name, a 文号, a phrase, a surname), each
/// `iterations` times.
fn bench_queries(
    s: &crate::storage::Storage,
    count: i64,
    iterations: usize,
    out: &mut Vec<(String, Stats)>,
) -> Result<(), String> {
    use crate::domain::SearchFilters;
    let sample = s
        .list_page(200, (count as usize) / 2)
        .map_err(|e| e.to_string())?;
    let mut time =
        |label: &str, f: &mut dyn FnMut(usize) -> Result<usize, String>| -> Result<(), String> {
            let mut samples = Vec::with_capacity(iterations);
            let mut hits = 0;
            for i in 0..iterations {
                let t = Instant::now();
                hits += f(i)?;
                samples.push(t.elapsed());
            }
            out.push((
                format!("{label} (avg {} rows)", hits / iterations.max(1)),
                Stats::of(samples),
            ));
            Ok(())
        };
    time("list page 50, first page", &mut |_| {
        Ok(s.list_page(50, 0).map_err(|e| e.to_string())?.len())
    })?;
    time("list page 50, offset 10,000", &mut |i| {
        Ok(s.list_page(50, 10_000 + i % 100)
            .map_err(|e| e.to_string())?
            .len())
    })?;
    let none = SearchFilters::default();
    let names: Vec<String> = sample
        .iter()
        .map(|c| c.respondents.clone())
        .filter(|n| !n.is_empty())
        .collect();
    let case_nos: Vec<String> = sample.iter().map(|c| c.case_no.clone()).collect();
    time("search a name", &mut |i| {
        Ok(s.search(&names[i % names.len()], &none, 50)
            .map_err(|e| e.to_string())?
            .len())
    })?;
    time("search a case number", &mut |i| {
        Ok(s.search(&case_nos[i % case_nos.len()], &none, 50)
            .map_err(|e| e.to_string())?
            .len())
    })?;
    let phrases = ["超时", "推诿", "迟到", "信访", "暗箱", "噪声"];
    time("search a two-character phrase", &mut |i| {
        Ok(s.search(phrases[i % phrases.len()], &none, 50)
            .map_err(|e| e.to_string())?
            .len())
    })?;
    time("search a surname (1 char)", &mut |i| {
        Ok(s.search(["王", "欧", "萧", "傅"][i % 4], &none, 50)
            .map_err(|e| e.to_string())?
            .len())
    })?;
    time("search a single character, not a name (1 char)", &mut |i| {
        Ok(s.search(["处", "违", "查", "报"][i % 4], &none, 50)
            .map_err(|e| e.to_string())?
            .len())
    })?;
    let kinds = [
        ("004", "B6-6", "较轻"),
        ("002", "B6-2", "较重"),
        ("000", "B3-6", "严重"),
    ];
    time(
        "similar decisions of one respondent (类案参考)",
        &mut |i| {
            let (reg, behaviour, level) = kinds[i % kinds.len()];
            Ok(s.similar_decisions(
                reg,
                behaviour,
                level,
                None,
                crate::storage::register::PRECEDENT_LIMIT,
            )
            .map_err(|e| e.to_string())?
            .len())
        },
    )?;
    Ok(())
}

/// PDF export figures: the example decision (docs/examples/case-004.json
/// wording) rendered in-process with fonts already loaded, and a batch.
pub(crate) fn bench_export(
    iterations: usize,
    batch: usize,
) -> Result<Vec<(String, Stats)>, String> {
    use crate::export::documents;
    let (case, history) = sample_case();
    let regs = RegulationSet::bundled();
    let cal = Calendar::bundled();
    let mut case = case;
    case.regulation = "004".to_owned();
    case.tolerance_overlay = false;
    for r in &mut case.respondents {
        r.behaviours = vec!["B6-7".to_owned()];
        r.factors = vec!["F11-1".to_owned()];
        r.overlay_factors.clear();
        r.tolerance_situations.clear();
        r.tolerance_conditions.clear();
        r.methods = vec!["通报批评".to_owned()];
        r.severity = Some("较轻".to_owned());
    }
    let a = assess(&case, &regs, &history, &cal).map_err(|e| e.to_string())?;
    let t = documents::templates(documents::TEMPLATES)?;
    let details = documents::DocDetails {
        office: "保定市生态环境局徐水区分局".to_owned(),
        doc_no: "徐环问〔2026〕3号".to_owned(),
        gender: "男".to_owned(),
        unit: "执法大队".to_owned(),
        post: "执法队员".to_owned(),
        rank: "科员及一般工作人员".to_owned(),
        facts: vec![
            "2026年5月12日，徐水区某小区居民来电投诉附近一家家具厂夜间喷漆、异味扰民。承办人接到转办件后，未在规定时间内到现场核查，仅电话询问企业负责人即以“未发现问题”办结。".to_owned(),
            "2026年5月20日，投诉人就同一问题向区纪委监委反映。经执法大队复查，该厂存在未批先建喷漆工序、废气未经处理直排等问题，已依法立案查处。".to_owned(),
        ],
        evidence: vec!["信访转办单".to_owned(), "现场检查笔录".to_owned(), "询问笔录".to_owned()],
        issued_on: case.decided_on,
        cc: "区纪委监委驻区生态环境局纪检监察组".to_owned(),
        outcome: "问责".to_owned(),
        methods: vec!["通报批评".to_owned()],
        ..Default::default()
    };
    let doc = documents::build(
        documents::DocKind::Decision,
        &details,
        &a,
        &case.case_no,
        &regs,
        &cal,
        &t,
    )?;
    export_rows(&doc, iterations, batch)
}

/// The decision of [`bench_export`] (004, 通报批评), for `name` with 文号
/// `doc_no`: the document the archive benchmark issues.
pub(crate) fn sample_decision(name: &str, doc_no: &str) -> Result<crate::export::Document, String> {
    use crate::export::documents;
    let (mut case, history) = sample_case();
    case.regulation = "004".to_owned();
    case.tolerance_overlay = false;
    case.respondents.truncate(1);
    for r in &mut case.respondents {
        r.name = name.to_owned();
        r.behaviours = vec!["B6-7".to_owned()];
        r.factors = vec!["F11-1".to_owned()];
        r.overlay_factors.clear();
        r.tolerance_situations.clear();
        r.tolerance_conditions.clear();
        r.methods = vec!["通报批评".to_owned()];
        r.severity = Some("较轻".to_owned());
    }
    let (regs, cal) = (RegulationSet::bundled(), Calendar::bundled());
    let a = assess(&case, &regs, &history, &cal).map_err(|e| e.to_string())?;
    let t = documents::templates(documents::TEMPLATES)?;
    let details = documents::DocDetails {
        office: "保定市生态环境局徐水区分局".to_owned(),
        doc_no: doc_no.to_owned(),
        unit: "执法大队".to_owned(),
        post: "执法队员".to_owned(),
        rank: "科员及一般工作人员".to_owned(),
        facts: vec!["经查，该同志接到转办件后未到现场核查即以“未发现问题”办结。".to_owned()],
        evidence: vec!["信访转办单".to_owned(), "询问笔录".to_owned()],
        issued_on: case.decided_on,
        outcome: "问责".to_owned(),
        methods: vec!["通报批评".to_owned()],
        ..Default::default()
    };
    documents::build(
        documents::DocKind::Decision,
        &details,
        &a,
        &case.case_no,
        &regs,
        &cal,
        &t,
    )
}

/// The PDF timings of [`bench_export`].
fn export_rows(
    doc: &crate::export::Document,
    iterations: usize,
    batch: usize,
) -> Result<Vec<(String, Stats)>, String> {
    use crate::export;
    let doc = doc.clone();
    let t0 = Instant::now();
    let first = export::render(&doc, 0).map_err(|e| e.to_string())?;
    let cold = t0.elapsed();
    let pages = export::layout(&doc).map_err(|e| e.to_string())?.pages.len();
    let mut out = vec![(
        format!(
            "first PDF of the process, faces parsed lazily ({} pages, {} KB)",
            pages,
            first.len() / 1024
        ),
        Stats::of(vec![cold]),
    )];
    let mut samples = Vec::with_capacity(iterations);
    for _ in 0..iterations {
        let t = Instant::now();
        std::hint::black_box(export::render(&doc, 0).map_err(|e| e.to_string())?);
        samples.push(t.elapsed());
    }
    out.push((
        format!("decision PDF in-process ({pages} pages)"),
        Stats::of(samples),
    ));
    let t = Instant::now();
    for _ in 0..batch {
        std::hint::black_box(export::render(&doc, 0).map_err(|e| e.to_string())?);
    }
    out.push((
        format!("batch of {batch} decisions (total)"),
        Stats::of(vec![t.elapsed()]),
    ));
    Ok(out)
}

/// Peak resident memory of this process (Linux), in MB.
pub(crate) fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// Whole `wenze export` processes, and LibreOffice on the same text when installed.
pub(crate) fn bench_processes(runs: usize) -> Vec<(String, Stats)> {
    let mut out = Vec::new();
    let Ok(exe) = std::env::current_exe() else {
        return out;
    };
    let dir = std::env::temp_dir().join(format!("wenze-bench-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let json = dir.join("case.json");
    if std::fs::write(&json, include_str!("../docs/examples/case-004.json")).is_err() {
        return out;
    }
    let pdf = dir.join("d.pdf");
    let mut samples = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        let ok = std::process::Command::new(&exe)
            .args(["export", "--doc", "decision", "--json"])
            .arg(&json)
            .arg("--out")
            .arg(&pdf)
            .stdout(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if ok {
            samples.push(t.elapsed());
        }
    }
    if !samples.is_empty() {
        out.push((
            "whole `wenze export` process (decision)".to_owned(),
            Stats::of(samples),
        ));
    }
    // LibreOffice converting the same text, where it is installed.
    let txt = dir.join("decision.txt");
    let text = std::process::Command::new("pdftotext")
        .arg(&pdf)
        .arg(&txt)
        .status();
    let soffice = ["soffice", "libreoffice"].into_iter().find(|b| {
        std::process::Command::new(b)
            .arg("--version")
            .stdout(std::process::Stdio::null())
            .status()
            .is_ok()
    });
    if let (Ok(_), Some(soffice)) = (text, soffice) {
        let mut lo = Vec::new();
        for _ in 0..3 {
            let t = Instant::now();
            let ok = std::process::Command::new(soffice)
                .args(["--headless", "--convert-to", "pdf", "--outdir"])
                .arg(&dir)
                .arg(&txt)
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .status()
                .is_ok_and(|s| s.success());
            if ok {
                lo.push(t.elapsed());
            }
        }
        if !lo.is_empty() {
            out.push((
                "LibreOffice --convert-to pdf, same text".to_owned(),
                Stats::of(lo),
            ));
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    out
}
