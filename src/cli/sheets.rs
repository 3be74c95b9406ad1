//! `wenze import` (an office's earlier 台账 as history) and `wenze xlsx`
//! (register and 统计分析 tables as .xlsx).

use std::path::Path;

use clap::{Args, Subcommand};

use super::{err_raw, out_raw};
use crate::app::error::{AppError, AppResult};
use crate::interchange::{ledger, sheet, xlsx};
use crate::rules::RegulationSet;
use crate::storage::Storage;

#[derive(Debug, Args)]
pub(crate) struct ImportArgs {
    /// 台账文件（.xlsx、.xls、.ods 或 .csv）
    #[arg(value_name = "文件")]
    pub(crate) file: std::path::PathBuf,
    /// 这些决定适用的规定（编号，如 004）
    #[arg(long, value_name = "编号")]
    pub(crate) regulation: String,
    /// 指定某列的含义，如 --map "处分情况=问责方式"；字段：序号 姓名 身份证号 性别 单位 职务职级 问题事由 问责方式 决定日期 文号 依据 忽略
    #[arg(long = "map", value_name = "列名=字段")]
    pub(crate) map: Vec<String>,
    /// 只检查并预览，不写入
    #[arg(long)]
    pub(crate) check: bool,
    /// 执行导入的审核人或管理员（密码从标准输入读取一行）；--check 不需要
    #[arg(long, value_name = "用户名")]
    pub(crate) user: Option<String>,
}

#[derive(Debug, Subcommand)]
pub(crate) enum XlsxCmd {
    /// 案件台账（可按年份、阶段、规定、单位、检索词筛选）导出为 .xlsx
    Register {
        #[arg(long, value_name = "文件")]
        out: std::path::PathBuf,
        #[arg(long, value_name = "年份")]
        year: Option<i16>,
        #[arg(long, value_name = "阶段", value_parser = super::args::parse_stage)]
        stage: Option<crate::domain::procedure::Stage>,
        #[arg(long, value_name = "编号")]
        regulation: Option<String>,
        #[arg(long, value_name = "单位")]
        unit: Option<String>,
        /// 检索词（同“search”）
        #[arg(long, value_name = "检索词")]
        query: Option<String>,
        /// 导出人的用户名（任何角色；密码从标准输入读一行）：台账含人员姓名、单位和事实，导出须登录并记入审计记录
        #[arg(long, value_name = "用户名")]
        user: Option<String>,
    },
    /// 统计分析表（按半年或全年）导出为 .xlsx
    Stats {
        #[arg(long, value_name = "年")]
        year: i16,
        /// 1 = 上半年，2 = 下半年，0 = 全年
        #[arg(long, value_name = "半年", default_value_t = 0, value_parser = clap::value_parser!(u8).range(0..=2))]
        half: u8,
        #[arg(long, value_name = "文件")]
        out: std::path::PathBuf,
    },
}

fn invalid(message: impl Into<String>) -> AppError {
    AppError::Refused(message.into())
}

/// Check the file, print the preview with every row's problems, and (unless
/// `--check`) import the good rows in one audited transaction. Any bad row
/// stops the import: the clerk corrects the file (or maps a column) first.
pub(crate) fn import(s: &mut Storage, a: &ImportArgs, today: jiff::civil::Date) -> AppResult<()> {
    let regs = RegulationSet::bundled();
    let reg = regs.get(&a.regulation).ok_or_else(|| {
        invalid(format!(
            "未找到规定“{}”（可用 wenze regulations list 查看）",
            a.regulation
        ))
    })?;
    let grid = sheet::read(&a.file)?;
    let mut mapping = ledger::detect(&grid).map_err(invalid)?;
    for m in &a.map {
        let (header, field) = m
            .split_once('=')
            .ok_or_else(|| invalid(format!("--map “{m}” 应写成 列名=字段")))?;
        let field = match field.trim() {
            "忽略" => None,
            f => Some(
                ledger::Field::from_label(f)
                    .ok_or_else(|| invalid(format!("--map “{m}”：不认识字段“{f}”")))?,
            ),
        };
        mapping.set(header.trim(), field).map_err(invalid)?;
    }
    outln!("表头在第 {} 行；各列：", mapping.header_row + 1);
    for (h, f) in mapping.headers.iter().zip(&mapping.columns) {
        if h.is_empty() {
            continue;
        }
        outln!("  {h}\t→ {}", f.map_or("（不导入）", ledger::Field::label));
    }
    let preview = ledger::parse(&grid, &mapping, reg, today);
    for e in &preview.errors {
        errln!("{e}");
    }
    outln!(
        "可导入 {} 行，有问题 {} 行",
        preview.rows.len(),
        preview.errors.len()
    );
    if !preview.errors.is_empty() {
        return Err(invalid("台账中有需要更正的行（见上），未导入任何记录"));
    }
    if a.check {
        outln!("（仅检查，未写入）");
        return Ok(());
    }
    // Imported history drives repeat-offence findings: only a reviewer or an
    // administrator may add it (a refusal is audited).
    super::authorize(s, a.user.as_deref(), super::Need::Reviewer, "导入台账")?;
    let source = a
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let outcome = s.import_history(&preview.rows, &source)?;
    outln!(
        "已导入 {} 条历史决定；{} 条此前已导入，未重复",
        outcome.imported,
        outcome.already
    );
    Ok(())
}

/// Write the workbook owner-only and atomically (exclusive temporary file
/// beside `out`, fsync, rename), as every document is written.
fn write_file(out: &Path, bytes: &[u8]) -> AppResult<()> {
    crate::storage::lock::write_private(out, bytes).map_err(|e| AppError::write(out, e))
}

pub(crate) fn xlsx(s: &mut Storage, cmd: XlsxCmd) -> AppResult<()> {
    let regs = RegulationSet::bundled();
    let name = |id: &str| {
        regs.get(id)
            .map(|r| r.regulation.name.clone())
            .unwrap_or_else(|| id.to_owned())
    };
    match cmd {
        XlsxCmd::Register {
            out,
            year,
            stage,
            regulation,
            unit,
            query,
            user,
        } => {
            super::authorize(s, user.as_deref(), super::Need::Anyone, "导出案件台账")?;
            let filters = crate::domain::SearchFilters {
                year,
                stage,
                regulation,
                unit,
                person_id: None,
            };
            let q = crate::domain::views::RegisterQuery {
                text: query.unwrap_or_default(),
                filters,
                ..crate::domain::views::RegisterQuery::newest()
            };
            let rows = if q.text.trim().is_empty() {
                let n = s.register_count(&q.filters)?;
                s.register_page(&q, 0, n.max(0) as usize)?
            } else {
                s.register_search(&q)?
            };
            let table = xlsx::register_table("案件台账", &rows, &name);
            let bytes = xlsx::workbook(&[table]).map_err(invalid)?;
            write_file(&out, &bytes)?;
            s.audit_note(
                "导出案件台账",
                &format!("{} 件，写入 {}", rows.len(), out.display()),
            )?;
            outln!("已导出 {} 件：{}", rows.len(), out.display());
        }
        XlsxCmd::Stats { year, half, out } => {
            let (from, to) = crate::app::screens::period(year, half);
            let view = crate::app::worker::compute_statistics(s, &regs, from, to)?;
            let label = crate::app::screens::period_label(year, half);
            let bytes = xlsx::workbook(&xlsx::statistics_tables(&view, &label)).map_err(invalid)?;
            write_file(&out, &bytes)?;
            outln!("已导出：{}", out.display());
        }
    }
    Ok(())
}
