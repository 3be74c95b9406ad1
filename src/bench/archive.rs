//! `wenze bench`: the archive of a two-respondent case (issue 26's ≤ 1 s
//! target), on a register of its own in a temporary folder: a 004 case with
//! two respondents, each decided and issued (PDF and OFD-A stored, as at
//! 审批签发), then `app::archive::build` timed.

use std::time::Instant;

use super::{Stats, sample_decision};
use crate::storage::Storage;
use crate::storage::register::IssuedFiles;

/// Build the register, then time the archive `iterations` times.
pub(crate) fn bench_archive(iterations: usize) -> Result<Vec<(String, Stats)>, String> {
    let dir = std::env::temp_dir().join(format!("wenze-bench-archive-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| format!("无法创建临时文件夹：{e}"))?;
    let result = run(&dir.join("bench.db"), iterations);
    std::fs::remove_dir_all(&dir).map_err(|e| format!("无法删除临时文件夹：{e}"))?;
    result
}

fn run(db: &std::path::Path, iterations: usize) -> Result<Vec<(String, Stats)>, String> {
    let text = |e: crate::storage::StorageError| e.to_string();
    let mut s = Storage::open(db).map_err(text)?;
    s.set_actor("基准测试");
    // The temporary register's own administrator signs its entries.
    let admin = crate::domain::auth::Credentials::new("bench2026")?;
    s.add_first_admin("bench", "基准测试", &admin)
        .map_err(text)?;
    s.set_setting("office_name", "保定市生态环境局徐水区分局")
        .map_err(text)?;
    s.set_setting("office_code", "徐环问").map_err(text)?;
    let mut respondents = Vec::new();
    for name in ["孙立军", "周海涛"] {
        let pid = s
            .add_person(&crate::domain::NewPerson {
                name: name.to_owned(),
                unit: "执法大队".to_owned(),
                rank: "科员及一般工作人员".to_owned(),
                status: "在职".to_owned(),
                ..Default::default()
            })
            .map_err(text)?;
        respondents.push((pid, crate::domain::RespondentRole::Handler));
    }
    let received = jiff::civil::Date::new(2026, 5, 20).map_err(|e| e.to_string())?;
    let decided = jiff::civil::Date::new(2026, 6, 10).map_err(|e| e.to_string())?;
    let (case_id, _) = s
        .create_case(&crate::domain::NewCase {
            case_no: None,
            regulation_id: "004".to_owned(),
            tolerance_overlay: false,
            clue_source: "群众举报".to_owned(),
            received_on: received,
            summary: "信访投诉处理不当".to_owned(),
            respondents,
            facts: vec!["经查，承办人未到现场核查即办结投诉。".to_owned()],
            reporter: None,
        })
        .map_err(text)?;
    for (rid, name) in s
        .respondent_ids(case_id)
        .map_err(text)?
        .into_iter()
        .zip(["孙立军", "周海涛"])
    {
        let (decision_id, doc_no) = s
            .record_decision(&crate::domain::NewDecision {
                case_id,
                respondent_id: rid,
                kind: crate::domain::procedure::DecisionKind::Accountability,
                methods: vec!["通报批评".to_owned()],
                measures: Vec::new(),
                basis: "第六条".to_owned(),
                departure_reason: String::new(),
                precedent_reason: String::new(),
                decided_on: decided,
                approved_by: "李审核".to_owned(),
                supersedes: None,
            })
            .map_err(text)?;
        let doc = sample_decision(name, &doc_no)?;
        let faces = crate::fonts::PdfFaces::bundled().map_err(|e| e.to_string())?;
        let (pdf, ofd) = crate::export::render_issued(&doc, 0, faces).map_err(|e| e.to_string())?;
        let files = IssuedFiles {
            title: doc.title.clone(),
            pdf,
            ofd: Some(ofd),
        };
        s.store_issued(case_id, Some(decision_id), "decision", &doc_no, &files)
            .map_err(text)?;
    }
    let t0 = Instant::now();
    let first = crate::app::archive::build(&s, case_id).map_err(|e| e.to_string())?;
    let cold = t0.elapsed();
    let mut out = vec![(
        format!(
            "first archive of the process (2 respondents, {} KB)",
            first.bytes.len() / 1024
        ),
        Stats::of(vec![cold]),
    )];
    let mut samples = Vec::with_capacity(iterations);
    for _ in 0..iterations {
        let t = Instant::now();
        let again = crate::app::archive::build(&s, case_id).map_err(|e| e.to_string())?;
        samples.push(t.elapsed());
        if again.bytes != first.bytes {
            return Err("同一案件两次归档的内容不同".to_owned());
        }
    }
    out.push((
        "archive, 2 respondents (PDF+OFD, 目录, audit, manifest)".to_owned(),
        Stats::of(samples),
    ));
    Ok(out)
}
