//! 归档: a decided case as one ZIP package for the archives — every issued
//! document of every respondent as stored (PDF and OFD-A, the bytes of the
//! issue, never rendered again), a 卷内文件目录 (DA/T 22-2015's columns) as
//! a document of its own in both formats, the case's audit entries with
//! their chain hashes, and a manifest with every file's SHA-256.
//!
//! Deterministic: nothing in it comes from the clock. The 目录 is dated by
//! the latest document, the ZIP's entries are sorted and carry that date,
//! so the same case archived twice is the same bytes. A case that is not
//! decided, or an issued document whose stored bytes are missing, is
//! refused before anything is written.

use crate::domain::ids::CaseId;
use std::collections::BTreeMap;
use std::io::{Cursor, Write as _};

use jiff::civil::Date;
use serde::Serialize;

use super::WenzeApp;
use super::error::{AppError, AppResult};
use crate::domain::views::{ArchivedDocument, AuditEntry};
use crate::export::{Block, Document};
use crate::rules::engine::cn_date;
use crate::storage::Storage;

/// The 目录's and the manifest's note for a document without a stored OFD.
pub const NO_OFD: &str = "未存 OFD（本版本之前签发）";
/// The manifest's file name inside the package.
pub const MANIFEST: &str = "manifest.json";
/// The audit entries' file name inside the package.
pub const AUDIT: &str = "审计记录.csv";
/// The 目录's file stem inside the package.
pub const CATALOGUE: &str = "00-卷内文件目录";

/// A case's archive package.
#[derive(Debug, Clone)]
pub struct CaseArchive {
    pub bytes: Vec<u8>,
    /// The package's file name (e.g. `案卷-环问〔2026〕1号.zip`).
    pub file_name: String,
    /// Issued documents in it.
    pub documents: usize,
    /// Of those, issued before OFDs were stored (PDF only).
    pub without_ofd: usize,
    /// Office fonts that could not be used for the 目录 (named, bundled
    /// faces used instead).
    pub font_problems: Vec<String>,
}

/// The manifest: the package's files with their SHA-256.
#[derive(Serialize)]
struct Manifest<'a> {
    #[serde(rename = "案号")]
    case_no: &'a str,
    #[serde(rename = "卷内文件数")]
    documents: usize,
    #[serde(rename = "审计链锚点")]
    anchor: &'a str,
    #[serde(rename = "文件")]
    files: Vec<ManifestFile<'a>>,
    #[serde(rename = "说明")]
    notes: Vec<String>,
}

#[derive(Serialize)]
struct ManifestFile<'a> {
    #[serde(rename = "名称")]
    name: &'a str,
    #[serde(rename = "字节")]
    bytes: usize,
    sha256: String,
}

/// Build the archive of case `case_id` from the register. Refused, in
/// Chinese naming what is missing, for a case not every respondent of which
/// is decided, a case without issued documents, or an issued document whose
/// stored bytes are missing or damaged.
pub fn build(storage: &Storage, case_id: CaseId) -> AppResult<CaseArchive> {
    let record = storage.case_record(case_id)?;
    let case_no = record.case_no.clone();
    let undecided: Vec<String> = storage
        .case_respondents(case_id)?
        .into_iter()
        .filter(|r| r.decided.is_none())
        .map(|r| r.name)
        .collect();
    if !undecided.is_empty() {
        return Err(AppError::Refused(format!(
            "案件 {case_no} 尚未决定（{} 未作出决定），不能归档；未写入任何文件",
            undecided.join("、")
        )));
    }
    let docs = storage.archived_documents(case_id)?;
    if docs.is_empty() {
        return Err(AppError::Refused(format!(
            "案件 {case_no} 没有已签发的文书，不能归档；未写入任何文件"
        )));
    }
    let missing: Vec<String> = docs
        .iter()
        .filter_map(|d| {
            d.problem
                .as_ref()
                .map(|p| format!("{} {}：{p}", d.title, d.doc_no).replace("  ", " "))
        })
        .collect();
    if !missing.is_empty() {
        return Err(AppError::Refused(format!(
            "案件 {case_no} 有已签发文书的存档内容缺失或损坏，不能归档（未写入任何文件）：{}。请从备份恢复或联系管理员",
            missing.join("；")
        )));
    }
    let entries = storage.case_audit_entries(case_id)?;
    let anchor = entries
        .last()
        .map(|e| format!("{}:{}", e.id, e.hash))
        .unwrap_or_default();
    let (office, _) = super::office::issuing_office(storage)?;
    let (faces, font_problems) = super::files::office_faces(storage)?;
    // The 目录 and the package are dated by the latest document, never today.
    let mut latest: Option<Date> = None;
    for d in &docs {
        let on = d.date.parse::<Date>().map_err(|_| {
            AppError::Refused(format!(
                "{} {} 的日期“{}”无法读取，不能归档；未写入任何文件",
                d.title, d.doc_no, d.date
            ))
        })?;
        latest = latest.max(Some(on));
    }
    let latest =
        latest.ok_or_else(|| AppError::Refused(format!("案件 {case_no} 的文书日期无法读取")))?;
    let created = latest
        .to_zoned(jiff::tz::TimeZone::UTC)
        .map(|z| z.timestamp().as_second())
        .map_err(|_| AppError::Refused(format!("文书日期 {latest} 超出可记录的范围")))?;

    let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    for (i, d) in docs.iter().enumerate() {
        let stem = clean(&format!(
            "{:02}-{}-{}{}",
            i + 1,
            d.title,
            d.doc_no,
            d.respondent
                .as_deref()
                .map(|n| format!("-{n}"))
                .unwrap_or_default()
        ));
        if let Some(pdf) = &d.pdf {
            files.insert(format!("{stem}.pdf"), pdf.clone());
        }
        if let Some(ofd) = &d.ofd {
            files.insert(format!("{stem}.ofd"), ofd.clone());
        }
    }
    let mut doc = catalogue(&case_no, &office, &docs, latest, &anchor);
    if !anchor.is_empty() {
        doc.subject = format!("审计链锚点 {anchor}");
    }
    let (pdf, ofd) = crate::export::render_issued(&doc, created, &faces)?;
    files.insert(format!("{CATALOGUE}.pdf"), pdf);
    files.insert(format!("{CATALOGUE}.ofd"), ofd);
    files.insert(AUDIT.to_owned(), audit_csv(&entries)?);

    let without_ofd = docs.iter().filter(|d| d.ofd.is_none()).count();
    let mut notes = vec![format!(
        "卷内文件 {} 件，每件含签发时存档的 PDF 与 OFD（OFD-A）原件；{CATALOGUE} 为本卷目录；{AUDIT} 为本案审计记录（含每条的链哈希）",
        docs.len()
    )];
    for (i, d) in docs.iter().enumerate() {
        if d.ofd.is_none() {
            notes.push(format!(
                "第 {} 件 {} {}：{NO_OFD}，仅有 PDF",
                i + 1,
                d.title,
                d.doc_no
            ));
        }
    }
    let manifest = Manifest {
        case_no: &case_no,
        documents: docs.len(),
        anchor: &anchor,
        files: files
            .iter()
            .map(|(name, bytes)| ManifestFile {
                name,
                bytes: bytes.len(),
                sha256: crate::storage::register::sha256_hex(bytes),
            })
            .collect(),
        notes,
    };
    let manifest =
        serde_json::to_vec_pretty(&manifest).map_err(|_| AppError::refused("归档清单无法生成"))?;
    files.insert(MANIFEST.to_owned(), manifest);
    let bytes = package(&files, latest)?;
    Ok(CaseArchive {
        bytes,
        file_name: format!("案卷-{}.zip", clean(&case_no)),
        documents: docs.len(),
        without_ofd,
        font_problems,
    })
}

/// A file name without characters a file system refuses.
fn clean(raw: &str) -> String {
    raw.chars()
        .map(|c| {
            if "/\\:*?\"<>|".contains(c) || c.is_control() || c.is_whitespace() {
                '_'
            } else {
                c
            }
        })
        .collect()
}

/// The 卷内文件目录 (DA/T 22-2015): 序号, 文号, 责任者, 题名, 日期, 页数, one
/// row per document; the documents without a stored OFD said below it.
fn catalogue(
    case_no: &str,
    office: &str,
    docs: &[ArchivedDocument],
    latest: Date,
    anchor: &str,
) -> Document {
    let mut rows = vec![
        ["序号", "文号", "责任者", "题名", "日期", "页数"]
            .map(str::to_owned)
            .to_vec(),
    ];
    for (i, d) in docs.iter().enumerate() {
        let title = match &d.respondent {
            Some(name) => format!("{}（{name}）", d.title),
            None => d.title.clone(),
        };
        let pages = d
            .pdf
            .as_deref()
            .and_then(crate::export::pdf_pages)
            .map_or_else(|| "—".to_owned(), |n| n.to_string());
        rows.push(vec![
            (i + 1).to_string(),
            if d.doc_no.is_empty() {
                "—".to_owned()
            } else {
                d.doc_no.clone()
            },
            office.to_owned(),
            title,
            d.date.replace('-', ""),
            pages,
        ]);
    }
    let mut body = vec![
        Block::Flush(format!("案号：{case_no}")),
        Block::Table {
            cols: vec![3, 8, 4, 6, 4, 3],
            rows,
            min_lines: Vec::new(),
        },
    ];
    for (i, d) in docs.iter().enumerate() {
        if d.ofd.is_none() {
            body.push(Block::Para(format!(
                "第{}件{}：{NO_OFD}，本卷仅收其 PDF。",
                i + 1,
                if d.doc_no.is_empty() {
                    d.title.clone()
                } else {
                    d.doc_no.clone()
                }
            )));
        }
    }
    body.push(Block::Para(format!(
        "本卷另附{AUDIT}（本案审计记录{}）和{MANIFEST}（卷内每个文件的 SHA-256）。",
        if anchor.is_empty() {
            String::new()
        } else {
            format!("，审计链锚点 {anchor}")
        }
    )));
    Document {
        title: "卷内文件目录".to_owned(),
        body,
        signature: office.to_owned(),
        date: cn_date(latest),
        author: office.to_owned(),
        ..Default::default()
    }
}

/// The case's audit entries as CSV (UTF-8 with BOM, as WPS and Excel open
/// it): entry number, time, actor, action, what, its id, content, the hash
/// before and the entry's own.
fn audit_csv(entries: &[AuditEntry]) -> AppResult<Vec<u8>> {
    let failed = |_| AppError::refused("审计记录无法写成 CSV");
    let mut w = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    w.write_record([
        "序号",
        "时间",
        "操作人",
        "操作",
        "对象",
        "对象编号",
        "内容",
        "前一条哈希",
        "本条哈希",
    ])
    .map_err(failed)?;
    for e in entries {
        w.write_record([
            e.id.to_string().as_str(),
            &e.at,
            &e.actor,
            &e.action,
            &e.entity,
            &e.entity_id.map(|i| i.to_string()).unwrap_or_default(),
            &e.detail,
            &e.prev_hash,
            &e.hash,
        ])
        .map_err(failed)?;
    }
    w.into_inner()
        .map_err(|_| AppError::refused("审计记录无法写成 CSV"))
}

/// The ZIP: entries in name order (UTF-8 names, flagged as such by the zip
/// crate), each dated `day` 00:00, owner-only.
fn package(files: &BTreeMap<String, Vec<u8>>, day: Date) -> AppResult<Vec<u8>> {
    use zip::write::SimpleFileOptions;
    let failed = |name: &str| AppError::Refused(format!("归档包打包失败（{name}），请重试"));
    let when = zip::DateTime::from_date_and_time(
        u16::try_from(day.year()).map_err(|_| failed("日期"))?,
        u8::try_from(day.month()).map_err(|_| failed("日期"))?,
        u8::try_from(day.day()).map_err(|_| failed("日期"))?,
        0,
        0,
        0,
    )
    .map_err(|_| failed("日期"))?;
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(when)
        .unix_permissions(0o600);
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in files {
        zip.start_file(name.as_str(), options)
            .map_err(|_| failed(name))?;
        zip.write_all(bytes).map_err(|_| failed(name))?;
    }
    Ok(zip.finish().map_err(|_| failed("目录"))?.into_inner())
}

/// Only a 审核人 or 管理员 archives a case; a refusal is audited.
fn may_archive(app: &mut WenzeApp, case_no: &str) -> AppResult<()> {
    app.shared
        .require(
            crate::domain::auth::Need::Reviewer,
            "拒绝归档案件",
            &format!("归档案件 {case_no}"),
        )
        .map(|_| ())
}

/// 归档 in the case file: the role check, the package built, then the save
/// dialog (or, without one, the default folder).
pub(crate) fn start(app: &mut WenzeApp, case_id: CaseId) -> AppResult<String> {
    let case_no = app
        .case
        .view
        .as_ref()
        .map(|v| v.file.case_no.clone())
        .unwrap_or_default();
    may_archive(app, &case_no)?;
    let storage = app.shared.storage.as_ref().ok_or(AppError::NoRegister)?;
    let archive = build(storage, case_id)?;
    let rx = super::print::save_dialog(&archive.file_name);
    app.case.docs.saving = Some((archive.bytes, archive.file_name, rx));
    let mut said = format!("归档包已生成（卷内文件 {} 件", archive.documents);
    if archive.without_ofd > 0 {
        said.push_str(&format!("，其中 {} 件{NO_OFD}", archive.without_ofd));
    }
    said.push_str("），请选择保存位置…");
    for p in archive.font_problems {
        said.push_str(&format!("；{p}"));
    }
    Ok(said)
}
