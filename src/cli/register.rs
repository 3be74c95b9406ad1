//! The subcommands that work on the register: each opens it, does one
//! thing, and reports an [`AppError`] in Chinese.

use crate::domain::ids::{CaseId, DocumentId, RespondentId};
use std::path::Path;
use std::process::ExitCode;

use super::args::{AuditCmd, Cmd};
use super::auth::{Need, authorize};
use super::{case_file, err_raw, fail, out_raw, sheets};
use crate::app::case_input::CaseExports;
use crate::app::error::{AppError, AppResult};
use crate::domain::auth::UserRole;
use crate::export::DocFormat;
use crate::storage::{self, Storage};

pub(super) fn with_storage(db: &Path, cmd: Cmd) -> ExitCode {
    let mut s = match Storage::open(db) {
        Ok(s) => s,
        Err(e) => return fail(&e.to_string()),
    };
    if let Some(problem) = s.schema_tampered() {
        errln!("{}", crate::app::tamper_warning(problem));
    }
    s.set_actor("命令行");
    let s = &mut s;
    let result: AppResult<()> = match cmd {
        Cmd::Demo { cases, seed } => demo(s, db, cases, seed),
        Cmd::List { limit } => list(s, limit),
        Cmd::Search {
            query,
            year,
            stage,
            regulation,
            unit,
            limit,
        } => search(
            s,
            &query.join(" "),
            crate::domain::SearchFilters {
                year,
                stage,
                regulation,
                unit,
                person_id: None,
            },
            limit,
        ),
        Cmd::Print {
            case,
            doc,
            printer,
            copies,
            respondent,
        } => print(
            s,
            CaseId::new(case),
            &doc,
            printer.as_deref(),
            copies,
            respondent.as_deref(),
        ),
        Cmd::Export {
            case: Some(id),
            doc,
            out,
            format,
            user,
            approval_draft,
            respondent,
            address,
            deliverer,
            ..
        } => export_case(
            s,
            CaseId::new(id),
            &doc,
            (&out, case_file::out_format(&out, format)),
            (user.as_deref(), respondent.as_deref()),
            approval_draft,
            (address.as_deref(), deliverer.as_deref()),
        ),
        Cmd::UserAdd {
            username,
            display_name,
            role,
            admin,
        } => user_add(s, &username, &display_name, role, &admin),
        Cmd::Set { key, value, user } => set(s, &key, &value, user.as_deref()),
        #[cfg(debug_assertions)]
        Cmd::CrashWriter {
            count,
            user,
            password,
        } => crash_writer(s, count, (&user, &password)),
        Cmd::Import(args) => sheets::import(s, &args, jiff::Zoned::now().date()),
        Cmd::Xlsx(cmd) => sheets::xlsx(s, cmd),
        Cmd::Stats {
            year,
            half,
            out,
            format,
        } => stats(
            s,
            year,
            half,
            out.as_deref()
                .map(|o| (o, case_file::out_format(o, format))),
        ),
        Cmd::Backup { dest, user } => backup(s, &dest, user.as_deref()),
        Cmd::Archive { case, out, user } => archive(s, CaseId::new(case), &out, user.as_deref()),
        Cmd::Audit(AuditCmd::Verify { anchor }) => audit_verify(s, anchor.as_deref()),
        // Run by `cli::main` before a register is opened; reaching here is a
        // routing mistake, said and never taken for success.
        Cmd::Assess { .. }
        | Cmd::Deadline(_)
        | Cmd::Regulations(_)
        | Cmd::Bench { .. }
        | Cmd::CheckId { .. }
        | Cmd::Restore { .. }
        | Cmd::Case(_)
        | Cmd::Fonts
        | Cmd::Info
        | Cmd::Export { case: None, .. } => Err(AppError::refused(
            "内部错误：此子命令未被执行（请报告此问题）",
        )),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(&e.to_string()),
    }
}

fn demo(s: &mut Storage, db: &Path, cases: usize, seed: u64) -> AppResult<()> {
    let t = std::time::Instant::now();
    storage::demo::generate(s, cases, seed)?;
    outln!(
        "已生成 {cases} 件演示案件，用时 {:.1} 秒：{}",
        t.elapsed().as_secs_f64(),
        db.display()
    );
    Ok(())
}

/// One line per case; the case's text with its control characters escaped
/// (`super::terminal_safe`).
fn list(s: &Storage, limit: usize) -> AppResult<()> {
    use super::terminal_safe as safe;
    for c in s.list_page(limit, 0)? {
        outln!(
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            c.id,
            safe(&c.case_no),
            safe(&c.respondents),
            safe(&c.unit),
            safe(&c.regulation_id),
            c.stage,
            safe(&c.received_on),
            safe(&c.decided_on.unwrap_or_default())
        );
    }
    Ok(())
}

fn search(
    s: &Storage,
    query: &str,
    filters: crate::domain::SearchFilters,
    limit: usize,
) -> AppResult<()> {
    let hits = s.search(query, &filters, limit)?;
    if hits.is_empty() {
        errln!("没有找到匹配的案件");
    }
    let cap = storage::views::SEARCH_LIMIT;
    if limit > cap && hits.len() >= cap {
        errln!(
            "注意：检索结果最多列出 {cap} 件（已截断，--limit {limit} 超过上限）；请加检索词或筛选条件缩小范围"
        );
    }
    for c in hits {
        use super::terminal_safe as safe;
        outln!(
            "{}\t{}\t{}\t{}\t{}\t{}",
            c.id,
            safe(&c.case_no),
            safe(&c.respondents),
            safe(&c.unit),
            c.stage,
            safe(&c.received_on)
        );
    }
    Ok(())
}

fn print(
    s: &Storage,
    case: CaseId,
    doc: &str,
    printer: Option<&str>,
    copies: u32,
    respondent: Option<&str>,
) -> AppResult<()> {
    let rid = pick_respondent(s, case, respondent)?;
    let Some(d) = issued_document(s, case, rid, doc)? else {
        let kinds: Vec<String> = s
            .case_file(case)?
            .documents
            .iter()
            .map(|d| format!("“{}”", d.kind))
            .collect();
        return Err(AppError::Refused(if kinds.is_empty() {
            format!("案件 {case} 尚无已签发的文书")
        } else {
            format!("案件 {case} 没有“{doc}”文书；已有：{}", kinds.join("、"))
        }));
    };
    let bytes = s.document_bytes(d.id)?;
    if printer.is_none() {
        // Fails early, with the reason, when there is no printer at all.
        crate::app::print::printers()?;
    }
    let said = crate::app::print::print_pdf(
        &bytes,
        &format!("{} {}", d.title, d.doc_no),
        printer,
        copies,
    )?;
    outln!("{said}");
    Ok(())
}

/// The issued document of kind `doc` of the chosen respondent (the only
/// one, when `rid` is None): the newest of theirs, or of the whole case.
fn issued_document(
    s: &Storage,
    case: CaseId,
    rid: Option<RespondentId>,
    doc: &str,
) -> AppResult<Option<crate::domain::views::DocumentRow>> {
    let file = s.case_file(case)?;
    let owners: std::collections::BTreeMap<DocumentId, Option<RespondentId>> =
        s.document_respondents(case)?.into_iter().collect();
    let several = file.respondents.len() > 1;
    Ok(file
        .documents
        .into_iter()
        .rev()
        .filter(|d| d.kind == doc)
        .find(|d| match (owners.get(&d.id).copied().flatten(), rid) {
            (Some(owner), Some(rid)) => owner == rid,
            (Some(_), None) => !several,
            (None, _) => true,
        }))
}

fn export_case(
    s: &mut Storage,
    id: CaseId,
    doc: &str,
    out: (&Path, DocFormat),
    (user, respondent): (Option<&str>, Option<&str>),
    approval_draft: bool,
    before_service: (Option<&str>, Option<&str>),
) -> AppResult<()> {
    let signed = authorize(s, user, Need::Reviewer, "导出案件文书")?;
    let rid = pick_respondent(s, id, respondent)?;
    // An issued kind is what was issued: its stored bytes (the PDF, or the
    // OFD-A stored beside it), never a new rendering under the same 文号. A
    // document issued before OFDs were stored has only its PDF: as OFD it
    // is made from the register, as the case file's 保存 OFD… does, and
    // said so.
    if !approval_draft && let Some(d) = issued_document(s, id, rid, doc)? {
        let (path, format) = out;
        let stored = match format {
            DocFormat::Pdf => Some(s.document_bytes(d.id)?),
            DocFormat::Ofd | DocFormat::OfdA => s.document_ofd(d.id)?,
        };
        if let Some(bytes) = stored {
            crate::storage::lock::write_private(path, &bytes)
                .map_err(|e| AppError::write(path, e))?;
            outln!(
                "已导出已签发的 {} {}（{}，{} 字节，与签发时一致）：{}",
                d.title,
                d.doc_no,
                format.label(),
                bytes.len(),
                path.display()
            );
            return Ok(());
        }
        errln!(
            "注意：{} {} 未存 OFD（本版本之前签发），签发存档的原件是 PDF；OFD 按登记簿的记录生成",
            d.title,
            d.doc_no
        );
    }
    let mut ex = s.case_export_for(id, rid)?;
    ex.details.draft = approval_draft;
    if doc == crate::export::documents::DocKind::Receipt.key() && ex.details.delivered_on.is_none()
    {
        receipt_before_service(&mut ex.details, &signed, before_service)?;
    }
    let history = s.history_for_case(id)?;
    let anchor = s.audit_anchor_text()?;
    let faces = case_file::office_faces(s)?;
    case_file::export_to(&ex.case, &history, &ex.details, doc, out, &anchor, &faces)?;
    Ok(())
}

/// The 送达回证 before service, as the deliverer takes it: 送达地点 and
/// 送达人 as given, 填发人 the signed-in user, 填发日期 today — as the case
/// file's form fills it.
fn receipt_before_service(
    d: &mut crate::export::documents::DocDetails,
    user: &crate::domain::auth::User,
    (address, deliverer): (Option<&str>, Option<&str>),
) -> AppResult<()> {
    let address = address.map(str::trim).unwrap_or_default();
    if address.is_empty() {
        return Err(AppError::refused(
            "尚未登记送达：送达前导出送达回证须用 --address 给出送达地点（送达人可用 --deliverer 给出）",
        ));
    }
    d.address = address.to_owned();
    d.receipt_deliverer = deliverer.map(str::trim).unwrap_or_default().to_owned();
    d.receipt_issuer = user.display_name.clone();
    d.receipt_made_on = Some(jiff::Zoned::now().date());
    d.delivery_method.clear();
    Ok(())
}

/// `wenze archive --case N --out FILE.zip --user U`: the case's archive
/// package, written owner-only and atomically (nothing when refused).
fn archive(s: &mut Storage, case: CaseId, out: &Path, user: Option<&str>) -> AppResult<()> {
    authorize(s, user, Need::Reviewer, "归档案件")?;
    let archive = crate::app::archive::build(s, case)?;
    for p in &archive.font_problems {
        errln!("注意：{p}");
    }
    crate::storage::lock::write_private(out, &archive.bytes)
        .map_err(|e| AppError::write(out, e))?;
    let mut said = format!(
        "已归档案件 {case}：卷内文件 {} 件（PDF 与 OFD 原件）、卷内文件目录、审计记录和文件清单，共 {} 字节",
        archive.documents,
        archive.bytes.len()
    );
    if archive.without_ofd > 0 {
        said.push_str(&format!(
            "；其中 {} 件{}，仅有 PDF",
            archive.without_ofd,
            crate::app::archive::NO_OFD
        ));
    }
    outln!("{said}：{}", out.display());
    Ok(())
}

/// The respondent a command is about: the only one, or the one chosen by
/// number (1 = first) or name; several and none chosen is refused with a
/// list of them.
fn pick_respondent(
    s: &Storage,
    case_id: CaseId,
    choice: Option<&str>,
) -> AppResult<Option<RespondentId>> {
    let all = s.case_respondents(case_id)?;
    let listing = || {
        all.iter()
            .enumerate()
            .map(|(i, r)| {
                let state = match &r.decided {
                    Some(k) => format!("已决定：{k}"),
                    None => "未决定".to_owned(),
                };
                format!("{}. {}（{}，{state}）", i + 1, r.name, r.role)
            })
            .collect::<Vec<_>>()
            .join("；")
    };
    let Some(choice) = choice.map(str::trim) else {
        if all.len() > 1 {
            return Err(AppError::Refused(format!(
                "案件 {case_id} 有 {} 位被问责人，请用 --respondent 指定序号或姓名：{}",
                all.len(),
                listing()
            )));
        }
        return Ok(all.first().map(|r| r.id));
    };
    let by_number = choice
        .parse::<usize>()
        .ok()
        .and_then(|n| n.checked_sub(1))
        .and_then(|i| all.get(i));
    if let Some(r) = by_number {
        return Ok(Some(r.id));
    }
    let by_name: Vec<_> = all.iter().filter(|r| r.name == choice).collect();
    match by_name.as_slice() {
        [r] => Ok(Some(r.id)),
        [] => Err(AppError::Refused(format!(
            "案件 {case_id} 没有被问责人“{choice}”；本案被问责人：{}",
            listing()
        ))),
        _ => Err(AppError::Refused(format!(
            "案件 {case_id} 有同名的被问责人“{choice}”，请改用序号：{}",
            listing()
        ))),
    }
}

fn user_add(
    s: &mut Storage,
    username: &str,
    display_name: &str,
    role: UserRole,
    admin: &str,
) -> AppResult<()> {
    use std::io::BufRead as _;
    let mut lines = std::io::stdin().lock().lines();
    // A line that cannot be read is said, not taken for an empty password.
    let mut line = || -> AppResult<String> {
        Ok(lines
            .next()
            .transpose()
            .map_err(|e| AppError::io("从标准输入读取密码", e))?
            .unwrap_or_default())
    };
    let password = line()?;
    let admin_password = line()?;
    // The very first administrator of a register with no users
    // (as the window's first run offers): `--admin` names the new
    // user itself, and only one password line is needed.
    let first_admin =
        s.user_count()? == 0 && role == UserRole::Admin && admin.trim() == username.trim();
    let signed_in = if first_admin {
        None
    } else {
        s.login(admin, &admin_password)?
    };
    match (first_admin, signed_in) {
        (true, _) => {}
        (false, Some(u)) if u.is_admin() => {}
        (false, Some(u)) => {
            s.audit_refusal(
                "拒绝新增用户",
                &format!("{}（{}）无管理员权限", u.display_name, u.role),
            )?;
            return Err(AppError::from(storage::StorageError::Forbidden(
                "只有管理员可以新增用户".to_owned(),
            )));
        }
        (false, None) => {
            return Err(AppError::from(storage::StorageError::Forbidden(
                "管理员用户名或密码不正确".to_owned(),
            )));
        }
    }
    if let Some(p) = crate::domain::auth::password_problem(&password) {
        return Err(AppError::Refused(format!("新用户的密码不合要求：{p}")));
    }
    let credentials =
        crate::domain::auth::Credentials::new(&password).map_err(AppError::Refused)?;
    if first_admin {
        s.add_first_admin(username, display_name, &credentials)?;
    } else {
        s.add_user(username, display_name, role, &credentials)?;
    }
    outln!("已新增用户 {username}（{display_name}，{role}）");
    Ok(())
}

fn set(s: &mut Storage, key: &str, value: &str, user: Option<&str>) -> AppResult<()> {
    if value.trim().is_empty() {
        return Err(AppError::Refused(format!("{key} 不能为空")));
    }
    authorize(s, user, Need::Admin, "修改设置")?;
    let mut value = value.trim().to_owned();
    if key.starts_with("pdf_font_") {
        if value == "内置" {
            value.clear();
        } else {
            // Refused before anything is stored.
            crate::fonts::load_office_face(Path::new(&value))?;
        }
    }
    s.set_setting(key, &value)?;
    outln!(
        "已设置 {key} = {}",
        if value.is_empty() { "内置" } else { &value }
    );
    Ok(())
}

#[cfg(debug_assertions)]
fn crash_writer(s: &mut Storage, count: usize, (user, password): (&str, &str)) -> AppResult<()> {
    use std::io::Write as _;
    // A user signs what it writes (created on a new register).
    if s.user_count()? == 0 {
        let c = crate::domain::auth::Credentials::new(password).map_err(AppError::Refused)?;
        s.add_first_admin(user, "崩溃测试", &c)?;
    } else if s.login(user, password)?.is_none() {
        return Err(AppError::refused("崩溃测试用户无法登录"));
    }
    let pid = s.add_person(&crate::domain::NewPerson {
        name: "测试人员".to_owned(),
        unit: "测试单位".to_owned(),
        rank: crate::domain::RANKS[0].to_owned(),
        status: "在职".to_owned(),
        ..Default::default()
    })?;
    let received = jiff::Zoned::now().date();
    let mut out = std::io::stdout().lock();
    // Signed in and ready: the harness times its kill from here.
    let _closed_pipe_is_fine = writeln!(out, "已登录").and_then(|()| out.flush());
    for i in 0..count {
        let (id, _) = s.create_case(&crate::domain::NewCase {
            case_no: None,
            regulation_id: "004".to_owned(),
            tolerance_overlay: false,
            clue_source: crate::domain::CLUE_SOURCES[2].to_owned(),
            received_on: received,
            summary: format!("崩溃测试第{i}件"),
            respondents: vec![(pid, crate::domain::RespondentRole::Handler)],
            facts: vec![format!("事实{i}")],
            reporter: None,
        })?;
        // Printed only after the transaction committed.
        // The harness reading these ids may be killed at any moment: a
        // closed pipe must not stop the writes it is testing.
        let _closed_pipe_is_fine = writeln!(out, "{id}").and_then(|()| out.flush());
    }
    Ok(())
}

fn stats(s: &Storage, year: i16, half: u8, out: Option<(&Path, DocFormat)>) -> AppResult<()> {
    let (from, to) = crate::app::screens::period(year, half);
    let regs = crate::rules::RegulationSet::bundled();
    let view = crate::app::worker::compute_statistics(s, &regs, from, to)?;
    let label = crate::app::screens::period_label(year, half);
    let st = &view.stats;
    outln!(
        "{label}：受理 {} 件，决定 {} 件",
        st.cases_received,
        st.decisions
    );
    for (k, n) in &st.by_outcome {
        outln!("  {k}\t{n}");
    }
    for t in &view.thresholds {
        outln!(
            "  {} {} 人次：{}（{}）",
            t.unit,
            t.count,
            t.label,
            t.citation.short()
        );
    }
    if let Some((out, format)) = out {
        let office = s.office_name()?.ok_or_else(|| {
            AppError::refused(
                "尚未设置机关名称：报告不能使用默认名称。请管理员先设置（wenze set office_name 机关名称 --user 管理员）",
            )
        })?;
        let mut doc =
            crate::export::statistics::report(&view, &office, &label, jiff::Zoned::now().date());
        doc.subject = s.audit_anchor_text()?;
        let faces = case_file::office_faces(s)?;
        let bytes =
            crate::export::render_as(&doc, jiff::Timestamp::now().as_second(), &faces, format)?;
        storage::lock::write_private(out, &bytes).map_err(|e| AppError::write(out, e))?;
        outln!("已导出：{}", out.display());
        if let Some((n, h)) = s.audit_head()? {
            outln!("审计链锚点\t{n}:{h}");
        }
    }
    Ok(())
}

fn backup(s: &mut Storage, dest: &Path, user: Option<&str>) -> AppResult<()> {
    authorize(s, user, Need::Admin, "备份数据库")?;
    // Kept outside the register, with the backup: written when the backup
    // is complete at its temporary name, before it takes its own name, so a
    // backup never appears without its anchor. Entries written meanwhile
    // only extend the chain past the anchor, which still verifies.
    let anchor = s.audit_head()?.map(|(n, h)| format!("{n}:{h}"));
    let note = storage::lock::sidecar(dest, ".anchor.txt");
    let text = anchor
        .as_ref()
        .map(|a| format!("审计链锚点（wenze audit verify --anchor 用）\n{a}\n"));
    s.backup_noting(dest, text.as_ref().map(|t| (note.as_path(), t.as_bytes())))?;
    outln!("已备份到 {}", dest.display());
    if let Some(anchor) = anchor {
        outln!("审计链锚点\t{anchor}（已记入 {}）", note.display());
    }
    Ok(())
}

fn audit_verify(s: &Storage, anchor: Option<&str>) -> AppResult<()> {
    let anchor = match anchor.map(parse_anchor) {
        None => None,
        Some(Ok(a)) => Some(a),
        Some(Err(e)) => return Err(AppError::Refused(e)),
    };
    let report = s.audit_verify_anchor(anchor.as_ref())?;
    outln!("{}", report.message);
    if report.ok
        && let Some((n, _)) = &anchor
    {
        outln!("锚点第 {n} 条与审计日志一致");
    }
    if let Some((n, h)) = s.audit_head()? {
        outln!("当前链头（锚点）\t{n}:{h}");
    }
    if !report.ok {
        return Err(AppError::refused("审计日志校验未通过"));
    }
    Ok(())
}

/// `N:HASH` (an audit entry number and its hash).
fn parse_anchor(text: &str) -> Result<(i64, String), String> {
    let bad = || format!("锚点“{text}”格式不对，应为 条号:哈希（如 128:3fa4…）");
    let (n, h) = text.trim().split_once(':').ok_or_else(bad)?;
    let n: i64 = n.trim().parse().map_err(|_| bad())?;
    let h = h.trim().to_ascii_lowercase();
    if n < 1 || h.len() != 64 || !h.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(bad());
    }
    Ok((n, h))
}
