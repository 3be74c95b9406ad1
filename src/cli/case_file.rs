//! Case files (`wenze assess`, `wenze export --json`): reading one, with
//! size limits and Chinese errors, and turning a case into a PDF or OFD.

use std::path::Path;
use std::process::ExitCode;

use super::{err_raw, fail, out_raw};
use crate::app::error::{AppError, AppResult};
use crate::export::DocFormat;
use crate::rules;
use crate::storage;

#[derive(serde::Deserialize)]
struct CaseFile {
    #[serde(flatten)]
    case: rules::CaseInput,
    #[serde(default)]
    history: Vec<rules::HistoryRecord>,
    #[serde(default)]
    document: crate::export::documents::DocDetails,
}

/// A case file larger than this is not a case (1 MiB).
const MAX_CASE_FILE_BYTES: u64 = 1 << 20;

/// Oversized strings in a case file: names and units beyond
/// `MAX_NAME_CHARS`, any text beyond `MAX_TEXT_CHARS`.
fn oversized(value: &serde_json::Value, key: &str) -> Option<String> {
    use crate::storage::register::{MAX_NAME_CHARS, MAX_TEXT_CHARS, check_size};
    match value {
        serde_json::Value::String(s) => {
            let max = if ["name", "unit", "post", "case_no"].contains(&key) {
                MAX_NAME_CHARS
            } else {
                MAX_TEXT_CHARS
            };
            check_size(&format!("字段“{key}”"), s, max)
                .err()
                .map(|e| e.to_string())
        }
        serde_json::Value::Array(items) => items.iter().find_map(|v| oversized(v, key)),
        serde_json::Value::Object(map) => map.iter().find_map(|(k, v)| oversized(v, k)),
        _ => None,
    }
}

fn read_case_file(path: &std::path::Path) -> Result<CaseFile, String> {
    let len = std::fs::metadata(path)
        .map_err(|e| format!("无法读取案件文件 {}：{}", path.display(), crate::zh::io(&e)))?
        .len();
    if len > MAX_CASE_FILE_BYTES {
        return Err(format!(
            "案件文件 {} 过大（{len} 字节，上限 1 MB），未处理。请检查是否选错了文件。",
            path.display()
        ));
    }
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("无法读取案件文件 {}：{}", path.display(), crate::zh::io(&e)))?;
    if let Ok(value) = serde_json::from_str::<serde_json::Value>(&text)
        && let Some(problem) = oversized(&value, "")
    {
        return Err(format!("案件文件 {}：{problem}", path.display()));
    }
    rules::parse_case_json(&text)
        .map_err(|e| format!("案件文件 {} {e}。格式见 docs/case-json.md", path.display()))?;
    serde_json::from_str(&text).map_err(|e| {
        format!(
            "案件文件 {} {}。格式见 docs/case-json.md",
            path.display(),
            crate::zh::json(&e)
        )
    })
}

/// The format asked for: `--format`, else the out path's extension (`.ofd`).
pub(super) fn out_format(out: &Path, format: Option<DocFormat>) -> DocFormat {
    format.unwrap_or_else(|| DocFormat::from_path(out))
}

pub(super) fn run_export_json(
    json: &Path,
    kind: &str,
    out: (&Path, DocFormat),
    draft: bool,
) -> ExitCode {
    let result = read_case_file(json)
        .map_err(AppError::Refused)
        .and_then(|mut f| {
            f.document.draft = draft;
            crate::export::documents::complete_from_case(&mut f.document, &f.case);
            let faces = crate::fonts::PdfFaces::bundled()?;
            export_to(&f.case, &f.history, &f.document, kind, out, "", faces)
        });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(&e.to_string()),
    }
}

/// The office's chosen PDF fonts (设置 → 公文字体); a chosen file that
/// cannot be used is named on standard error and its bundled face used; a
/// setting that cannot be read stops the export.
pub(super) fn office_faces(
    s: &crate::storage::Storage,
) -> AppResult<std::sync::Arc<crate::fonts::PdfFaces>> {
    let (faces, problems) = crate::app::files::office_faces(s)?;
    for p in problems {
        errln!("注意：{p}");
    }
    Ok(faces)
}

/// The creation date `export` writes into the file: now, or
/// `SOURCE_DATE_EPOCH` (seconds since 1970, the reproducible-builds
/// convention) when it is set, so that the same case exports to the same
/// bytes on every machine — the ARM64 and LoongArch smoke tests
/// (scripts/linux-cross-smoke.sh) compare them with the x86-64 build's.
/// Issued documents are stored by the procedure with the real time; this
/// only dates the copies `export` writes.
fn export_time() -> i64 {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .filter(|&t| t >= 0)
        .unwrap_or_else(|| jiff::Timestamp::now().as_second())
}

/// Assess, build the document, lay it out and write the PDF or OFD.
pub(super) fn export_to(
    case: &rules::CaseInput,
    history: &[rules::HistoryRecord],
    details: &crate::export::documents::DocDetails,
    kind: &str,
    (out, format): (&Path, DocFormat),
    subject: &str,
    faces: &crate::fonts::PdfFaces,
) -> AppResult<()> {
    use crate::export::documents;
    let kind = documents::DocKind::parse(kind).map_err(AppError::Refused)?;
    // Refuse before assessing: the stage and outcome decide what may print.
    documents::check(kind, details).map_err(AppError::Refused)?;
    let regs = rules::RegulationSet::bundled();
    let calendar = rules::Calendar::bundled();
    let assessment = rules::assess(case, &regs, history, &calendar)?;
    let templates = documents::templates(documents::TEMPLATES).map_err(AppError::Refused)?;
    let mut doc = documents::build(
        kind,
        details,
        &assessment,
        &case.case_no,
        &regs,
        &calendar,
        &templates,
    )
    .map_err(AppError::Refused)?;
    doc.subject = subject.to_owned();
    let bytes = crate::export::render_as(&doc, export_time(), faces, format)?;
    storage::lock::write_private(out, &bytes).map_err(|e| AppError::write(out, e))?;
    outln!(
        "已导出 {}（{} 字节）：{}",
        doc.title,
        bytes.len(),
        out.display()
    );
    Ok(())
}

pub(super) fn run_assess(path: &std::path::Path) -> ExitCode {
    let file = match read_case_file(path) {
        Ok(f) => f,
        Err(e) => return fail(&e),
    };
    let regs = rules::RegulationSet::bundled();
    let calendar = rules::Calendar::bundled();
    match rules::assess(&file.case, &regs, &file.history, &calendar) {
        Ok(a) => match serde_json::to_string_pretty(&a) {
            Ok(json) => {
                outln!("{json}");
                ExitCode::SUCCESS
            }
            Err(e) => fail(&format!("评估结果无法输出：{}", crate::zh::json(&e))),
        },
        Err(e) => fail(&e.to_string()),
    }
}
