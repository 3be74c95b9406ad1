//! 案卷 documents: every kind of document, per respondent. A kind already
//! issued is offered as its stored bytes (打开 / 另存为… / 打印); any other
//! kind is produced from the register (预览 / 保存 PDF… / 打印) when
//! `documents::check` allows it, and otherwise the check's Chinese refusal
//! is shown in its place. The 问责事先告知书 is issued here before the
//! decision (its own 文号, stored with its respondent, one audited
//! transaction); its delivery starts the 陈述申辩 period, and the case file
//! shows when a decision may be made.

use crate::domain::ids::{CaseId, DocumentId, RespondentId};
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::mpsc::Receiver;

mod notice;
mod period;

pub use notice::{issue_correction, issue_notice};
pub use period::StatementPeriod;
pub(crate) use period::{hearing, statement_period};

use super::WenzeApp;
use super::case_input::{CaseExport, CaseExports};
use super::error::{AppError, AppResult, build_document};
use crate::export::DocFormat;
use crate::export::documents::{self, DocDetails, DocKind};

/// What to do with a document produced from the register.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocAction {
    Preview,
    Save,
    /// 保存 OFD…: the document as OFD (GB/T 33190), from the same layout
    /// as its PDF. For an issued document, the OFD-A stored at its issue;
    /// one issued before OFDs were stored has none, so it is made from the
    /// register (the stored original is the PDF), and said so.
    SaveOfd,
    Print,
    /// 送审稿: the approval draft (`DocDetails.draft`: no 文号 or 成文日期
    /// needed), saved as a PDF for the reviewer; never numbered or stored.
    Draft,
    /// The 送审稿 as OFD.
    DraftOfd,
}

impl DocAction {
    fn is_draft(self) -> bool {
        matches!(self, DocAction::Draft | DocAction::DraftOfd)
    }
}

/// Commands of the case file's documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocCommand {
    /// Produce `kind` for the respondent (row id) from the register.
    Produce {
        respondent: RespondentId,
        kind: DocKind,
        action: DocAction,
    },
    /// 生成事先告知书: allocate its 文号 and store it (from the notice form).
    IssueNotice {
        respondent: RespondentId,
    },
    /// 签发纠错通知书 (after a decision that opened 纠错).
    IssueCorrection {
        respondent: RespondentId,
    },
    /// 归档: the case's archive package, then the save dialog.
    Archive,
    /// The preview's page.
    PreviewPage(usize),
    ClosePreview,
}

/// One kind of document for one respondent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocOffer {
    pub kind: DocKind,
    /// Issued documents of this kind: (document id, title, 文号).
    pub stored: Vec<(DocumentId, String, String)>,
    /// Why it cannot be produced now, when nothing is stored.
    pub refusal: Option<String>,
    /// Not yet issued, and the respondent is undecided: the notice form.
    pub notice_form: bool,
    /// Not issued, and a 送审稿 (approval draft) of it can be produced.
    pub draftable: bool,
    /// 送达回证 before service: its 送达地点 and 送达人 come from the
    /// 登记送达 form (the deliverer takes the receipt along).
    pub before_service: bool,
}

/// One respondent's documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RespondentDocs {
    pub id: RespondentId,
    pub(crate) name: String,
    pub(crate) role: crate::domain::RespondentRole,
    pub(crate) decided: bool,
    pub offers: Vec<DocOffer>,
    pub statement: StatementPeriod,
}

/// A document laid out for the preview window.
#[derive(Debug, Clone)]
pub struct DocPreview {
    pub(crate) respondent: RespondentId,
    pub(crate) kind: DocKind,
    pub title: String,
    pub(crate) layout: crate::export::Layout,
    pub(crate) page: usize,
}

/// The case file's documents and the notice form (raw values).
#[derive(Debug, Default)]
pub struct CaseDocs {
    pub(crate) case_id: Option<CaseId>,
    pub respondents: Vec<RespondentDocs>,
    /// Documents of the case that name no respondent: (id, title, 文号).
    pub(crate) unassigned: Vec<(DocumentId, String, String)>,
    /// 事先告知书: its date, as typed.
    pub(crate) notice_on: String,
    /// 拟作出的问责方式 per respondent (method ids of the regulation).
    pub proposed: BTreeMap<RespondentId, BTreeSet<String>>,
    pub preview: Option<DocPreview>,
    /// A produced PDF (or the case's archive package) waiting for the save
    /// dialog: (bytes, file name, answer).
    pub saving: Option<(Vec<u8>, String, Receiver<Option<PathBuf>>)>,
    pub message: String,
    /// What became of 归档 (shown under the case's issued documents).
    pub archive_message: String,
}

impl WenzeApp {
    /// The 案卷's documents per respondent (tests and scripted use).
    pub fn case_docs(&self) -> &CaseDocs {
        &self.case.docs
    }

    /// The notice form's raw values (tests and scripted use).
    pub fn case_docs_mut(&mut self) -> &mut CaseDocs {
        &mut self.case.docs
    }
}

impl CaseDocs {
    pub fn respondent(&self, id: RespondentId) -> Option<&RespondentDocs> {
        self.respondents.iter().find(|r| r.id == id)
    }
}

/// Read what the documents section shows (after `open_case`).
pub fn load(app: &mut WenzeApp, case_id: CaseId) {
    if app.case.docs.case_id != Some(case_id) {
        app.case.docs = CaseDocs {
            case_id: Some(case_id),
            notice_on: app.today().to_string(),
            ..Default::default()
        };
    }
    app.case.docs.preview = None;
    match offers(app, case_id) {
        Ok((respondents, unassigned)) => {
            app.case.docs.respondents = respondents;
            app.case.docs.unassigned = unassigned;
        }
        Err(e) => {
            app.case.docs.respondents.clear();
            app.case.docs.message = format!("无法读取本案文书：{e}");
        }
    }
}

type Offers = (Vec<RespondentDocs>, Vec<(DocumentId, String, String)>);

fn offers(app: &WenzeApp, case_id: CaseId) -> AppResult<Offers> {
    let view = app
        .case
        .view
        .as_ref()
        .ok_or_else(|| AppError::refused("未选择案件"))?;
    let file = &view.file;
    let storage = app.shared.storage.as_ref().ok_or(AppError::NoRegister)?;
    let owners: BTreeMap<DocumentId, Option<RespondentId>> =
        storage.document_respondents(case_id)?.into_iter().collect();
    let decided = storage.decided_respondents(case_id)?;
    let notices = storage.notice_deliveries(case_id)?;
    let settings = storage.doc_settings(&file.regulation_id)?;
    let required = hearing(app, &file.regulation_id);
    let several = file.respondents.len() > 1;
    let mut unassigned = Vec::new();
    let mut out = Vec::new();
    for r in &file.respondents {
        let is_decided = decided.contains(&r.id);
        // The register's record as this respondent's documents print it.
        // A failed read is this respondent's refusal, shown in each offer.
        let details: Result<DocDetails, String> = storage
            .case_export_for(case_id, Some(r.id))
            .map(|ex| own_notice(ex.details, several))
            .map_err(|e| e.to_string());
        let served = details.as_ref().is_ok_and(|d| d.receipt_made_on.is_some());
        let mut offers = Vec::new();
        for kind in DocKind::ALL {
            let stored: Vec<(DocumentId, String, String)> = file
                .documents
                .iter()
                .filter(|d| d.kind == kind.key())
                .filter(|d| match owners.get(&d.id).copied().flatten() {
                    Some(owner) => owner == r.id,
                    // A document of the whole case: with its only respondent.
                    None => !several,
                })
                .map(|d| (d.id, d.title.clone(), d.doc_no.clone()))
                .collect();
            // A 复查决定书 only where the bureau decides a 复查 (000 第九条):
            // under a regulation that gives a 申诉 (004) it is never offered.
            if kind == DocKind::Review
                && stored.is_empty()
                && !app
                    .case
                    .actions
                    .remedy_kinds
                    .contains(&crate::domain::procedure::RemedyKind::Review)
            {
                continue;
            }
            let mut refusal = None;
            let mut notice_form = false;
            let mut draftable = false;
            let before_service = kind == DocKind::Receipt && !served;
            if stored.is_empty() {
                let details = match &details {
                    Ok(d) if before_service => Ok(receipt_before_service(app, d.clone())),
                    d => d.clone(),
                };
                let allowed = details.clone().and_then(|d| documents::check(kind, &d));
                draftable = details.clone().is_ok_and(|mut d| {
                    d.draft = true;
                    documents::check(kind, &d).is_ok()
                });
                if kind == DocKind::Notice
                    && !is_decided
                    && details
                        .as_ref()
                        .is_ok_and(|d| d.notice_doc_no.trim().is_empty())
                {
                    notice_form = true;
                }
                refusal = allowed.err();
            }
            offers.push(DocOffer {
                kind,
                stored,
                refusal,
                notice_form,
                draftable,
                before_service,
            });
        }
        let days = settings.statement_days.filter(|n| *n > 0);
        let mut statement =
            period::of_respondent(&app.shared.calendar, &notices, &file.statements, r.id, days)?;
        statement.required = required.clone();
        out.push(RespondentDocs {
            id: r.id,
            name: r.name.clone(),
            role: r.role,
            decided: is_decided,
            offers,
            statement,
        });
    }
    for d in &file.documents {
        if several && owners.get(&d.id).copied().flatten().is_none() {
            unassigned.push((d.id, d.title.clone(), d.doc_no.clone()));
        }
    }
    Ok((out, unassigned))
}

pub(crate) fn apply(app: &mut WenzeApp, command: DocCommand) {
    let Some(case_id) = app.case.view.as_ref().map(|v| v.file.id) else {
        return;
    };
    match command {
        DocCommand::Produce {
            respondent,
            kind,
            action,
        } => {
            let message = match produce(app, case_id, respondent, kind, action) {
                Ok(m) => m,
                Err(e) => e.to_string(),
            };
            app.case.docs.message = message;
        }
        DocCommand::IssueNotice { respondent } => {
            if let Some(u) = app.shared.user.clone()
                && let Some(s) = app.shared.storage.as_mut()
            {
                s.set_actor(&format!("{}（{}）", u.display_name, u.role));
            }
            match issue_notice(app, case_id, respondent) {
                Ok(m) => {
                    app.open_case(case_id);
                    app.refresh_dashboard();
                    app.case.docs.message = m;
                }
                Err(e) => app.case.docs.message = e.to_string(),
            }
        }
        DocCommand::IssueCorrection { respondent } => {
            if let Some(u) = app.shared.user.clone()
                && let Some(s) = app.shared.storage.as_mut()
            {
                s.set_actor(&format!("{}（{}）", u.display_name, u.role));
            }
            match issue_correction(app, case_id, respondent) {
                Ok(m) => {
                    app.open_case(case_id);
                    app.refresh_dashboard();
                    app.case.docs.message = m;
                }
                Err(e) => app.case.docs.message = e.to_string(),
            }
        }
        DocCommand::Archive => {
            app.case.docs.archive_message = match super::archive::start(app, case_id) {
                Ok(m) => m,
                Err(e) => e.to_string(),
            };
        }
        DocCommand::PreviewPage(p) => {
            if let Some(pv) = app.case.docs.preview.as_mut() {
                pv.page = p.min(pv.layout.pages.len().saturating_sub(1));
            }
        }
        DocCommand::ClosePreview => app.case.docs.preview = None,
    }
}

/// The register's record for one respondent's documents, with the history
/// the assessment needs (decisions before this case).
pub(crate) fn gather(
    app: &WenzeApp,
    case_id: CaseId,
    respondent: RespondentId,
) -> AppResult<(CaseExport, crate::rules::Assessment)> {
    let storage = app.shared.storage.as_ref().ok_or(AppError::NoRegister)?;
    let several = storage.respondent_ids(case_id)?.len() > 1;
    let mut ex = storage.case_export_for(case_id, Some(respondent))?;
    ex.details = own_notice(ex.details, several);
    let assessment = assess_as_decided(app, &ex)?;
    Ok((ex, assessment))
}

/// The assessment of an exported case with the history it was decided on
/// (the persons' decisions before this case).
pub(crate) fn assess_as_decided(
    app: &WenzeApp,
    ex: &CaseExport,
) -> AppResult<crate::rules::Assessment> {
    let storage = app.shared.storage.as_ref().ok_or(AppError::NoRegister)?;
    let history: Vec<_> = storage
        .person_history(&ex.person_ids)?
        .into_iter()
        .filter(|h| Some(h.decided_on) < ex.case.decided_on.or(ex.case.received_on))
        .collect();
    Ok(crate::rules::assess(
        &ex.case,
        &app.shared.regulations,
        &history,
        &app.shared.calendar,
    )?)
}

/// Before service the 送达回证 goes with the deliverer: what is known is
/// printed — the 送达地点 and 送达人 typed in the 登记送达 form, the signed-in
/// user as 填发人, today as its date — and the rest (signature, manner and
/// time of service) stays boxes to fill in at service.
fn receipt_before_service(app: &WenzeApp, mut d: DocDetails) -> DocDetails {
    let a = &app.case.actions;
    d.address = a.address.trim().to_owned();
    d.receipt_deliverer = a.deliverer.trim().to_owned();
    d.receipt_issuer = app
        .shared
        .user
        .as_ref()
        .map(|u| u.display_name.clone())
        .unwrap_or_default();
    d.receipt_made_on = Some(app.today());
    d.delivery_method.clear();
    d.delivered_on = None;
    d
}

/// With several respondents each has their own 事先告知书 (stored with its
/// respondent and offered as such): the case's latest notice number is not
/// this respondent's.
fn own_notice(mut d: DocDetails, several: bool) -> DocDetails {
    if several {
        d.notice_doc_no.clear();
        d.notice_issued_on = None;
    }
    d
}

fn build(
    app: &WenzeApp,
    kind: DocKind,
    details: &DocDetails,
    assessment: &crate::rules::Assessment,
    case_no: &str,
) -> AppResult<crate::export::Document> {
    documents::check(kind, details).map_err(AppError::Document)?;
    build_document(
        kind,
        details,
        assessment,
        case_no,
        &app.shared.regulations,
        &app.shared.calendar,
    )
}

fn produce(
    app: &mut WenzeApp,
    case_id: CaseId,
    respondent: RespondentId,
    kind: DocKind,
    action: DocAction,
) -> AppResult<String> {
    let offer = app
        .case
        .docs
        .respondent(respondent)
        .and_then(|r| r.offers.iter().find(|o| o.kind == kind))
        .cloned()
        .ok_or_else(|| AppError::refused("没有这份文书"))?;
    let issued = !offer.stored.is_empty();
    // 保存 OFD… of an issued document: the OFD-A stored at its issue.
    if let Some((id, title, doc_no)) = offer.stored.last().cloned()
        && action == DocAction::SaveOfd
    {
        let storage = app.shared.storage.as_ref().ok_or(AppError::NoRegister)?;
        if let Some(ofd) = storage.document_ofd(id)? {
            let name = super::print::file_name(&title, &doc_no, DocFormat::Ofd);
            let rx = super::print::save_dialog(&name);
            app.case.docs.saving = Some((ofd, name, rx));
            return Ok("签发时存档的 OFD 原件（与签发时一致），请选择保存位置…".to_owned());
        }
    }
    if let Some((id, title, doc_no)) = offer.stored.last().cloned()
        && action != DocAction::SaveOfd
    {
        // Issued: the stored bytes, never a new rendering.
        return match action {
            DocAction::Print => {
                app.start_print(id, format!("{title} {doc_no}"));
                Ok(String::new())
            }
            DocAction::Save => {
                app.apply(super::Command::SaveDocument(id));
                Ok("请选择保存位置…".to_owned())
            }
            DocAction::Preview => {
                app.apply(super::Command::OpenDocument(id));
                Ok(String::new())
            }
            DocAction::Draft | DocAction::DraftOfd => Err(AppError::Refused(format!(
                "{title} 已签发（{doc_no}），不再出送审稿"
            ))),
            DocAction::SaveOfd => Ok(String::new()),
        };
    }
    let (ex, assessment) = if action.is_draft() {
        if !offer.draftable {
            return Err(AppError::Document(
                offer
                    .refusal
                    .unwrap_or_else(|| "这份文书不能出送审稿".to_owned()),
            ));
        }
        let (mut ex, assessment) = gather(app, case_id, respondent)?;
        ex.details.draft = true;
        (ex, assessment)
    } else if offer.before_service {
        // The form as typed now (the offer was read when the case opened).
        let (mut ex, assessment) = gather(app, case_id, respondent)?;
        ex.details = receipt_before_service(app, ex.details);
        if ex.details.address.is_empty() || ex.details.receipt_deliverer.is_empty() {
            return Err(AppError::refused(
                "送达前打印送达回证：请先在“登记送达”中填写送达地点和送达人",
            ));
        }
        (ex, assessment)
    } else {
        if let Some(why) = offer.refusal {
            return Err(AppError::Document(why));
        }
        gather(app, case_id, respondent)?
    };
    let mut doc = build(app, kind, &ex.details, &assessment, &ex.case.case_no)?;
    let storage = app.shared.storage.as_ref().ok_or(AppError::NoRegister)?;
    doc.subject = storage.audit_anchor_text()?;
    let title = doc.title.clone();
    let doc_no = match kind {
        DocKind::Notice => ex.details.notice_doc_no.clone(),
        DocKind::Correction => ex.details.correction_doc_no.clone(),
        DocKind::Review => ex.details.review_doc_no.clone(),
        DocKind::Receipt => String::new(),
        _ => ex.details.doc_no.clone(),
    };
    match action {
        DocAction::Preview => {
            // In the office's chosen fonts, as the wizard's preview and the
            // PDF: they decide the line breaks.
            let layout = match crate::fonts::current_pdf_faces() {
                Some(faces) => crate::export::layout_with(&doc, &faces)?,
                None => crate::export::layout(&doc)?,
            };
            app.case.docs.preview = Some(DocPreview {
                respondent,
                kind,
                title: format!("{title} {doc_no}").trim().to_owned(),
                layout,
                page: 0,
            });
            Ok(String::new())
        }
        DocAction::Save
        | DocAction::SaveOfd
        | DocAction::Print
        | DocAction::Draft
        | DocAction::DraftOfd => {
            // The office's chosen fonts; a chosen file that cannot be used
            // falls back to the bundled face and says so.
            let (faces, font_problems) = super::files::office_faces(storage)?;
            let format = if matches!(action, DocAction::SaveOfd | DocAction::DraftOfd) {
                DocFormat::Ofd
            } else {
                DocFormat::Pdf
            };
            let pdf =
                crate::export::render_as(&doc, jiff::Timestamp::now().as_second(), &faces, format)?;
            let mut said = font_problems;
            if issued {
                said.push(
                    "此件未存 OFD（本版本之前签发）：OFD 按登记簿的记录生成，签发存档的原件是 PDF"
                        .to_owned(),
                );
            }
            let fonts_said = said.join("；");
            if action == DocAction::Print {
                app.start_print_bytes(pdf, format!("{title} {doc_no}").trim().to_owned());
                return Ok(fonts_said);
            }
            // A document without a 文号 (a 送达回证, a draft) is named by
            // its respondent too: two saved receipts are told apart.
            let who = app
                .case
                .docs
                .respondent(respondent)
                .map(|r| r.name.clone())
                .unwrap_or_default();
            let named = if doc_no.is_empty() && !who.is_empty() {
                format!("{title}-{who}")
            } else {
                title.clone()
            };
            let name = if action.is_draft() {
                super::print::file_name(&format!("{named}（送审稿）"), "", format)
            } else {
                super::print::file_name(&named, &doc_no, format)
            };
            let rx = super::print::save_dialog(&name);
            app.case.docs.saving = Some((pdf, name, rx));
            Ok(if fonts_said.is_empty() {
                "请选择保存位置…".to_owned()
            } else {
                format!("请选择保存位置…（{fonts_said}）")
            })
        }
    }
}

/// The save dialog's answer (polled every frame while it is open).
pub(crate) fn poll(app: &mut WenzeApp) {
    let Some((_, _, rx)) = &app.case.docs.saving else {
        return;
    };
    let answer = match rx.try_recv() {
        Ok(a) => a,
        Err(std::sync::mpsc::TryRecvError::Empty) => return,
        Err(std::sync::mpsc::TryRecvError::Disconnected) => Some(PathBuf::new()),
    };
    let Some((pdf, name, _)) = app.case.docs.saving.take() else {
        return;
    };
    let said = match answer {
        None => "未选择保存位置，未保存".to_owned(),
        Some(p) if p.as_os_str().is_empty() => {
            match super::print::save_into(&app.save_dir(), &pdf, &name) {
                Ok(p) => format!(
                    "系统未能显示保存对话框（未找到文件对话框服务），已保存到默认文件夹：{}",
                    p.display()
                ),
                Err(e) => format!("系统未能显示保存对话框，保存到默认文件夹也失败：{e}"),
            }
        }
        Some(p) => save_to(&pdf, &p),
    };
    if name.ends_with(".zip") {
        app.case.docs.archive_message = said;
    } else {
        app.case.docs.message = said;
    }
}

/// Write a produced PDF or OFD (owner-only, atomically).
pub(crate) fn save_to(pdf: &[u8], path: &std::path::Path) -> String {
    match crate::storage::lock::write_private(path, pdf) {
        Ok(()) => format!("已保存：{}", path.display()),
        Err(e) => format!(
            "无法保存到 {}：{}。请检查磁盘空间和写入权限后重试。",
            path.display(),
            crate::zh::io(&e)
        ),
    }
}
