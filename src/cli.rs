//! Command line: no subcommand opens the window; subcommands work headless.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::rules;
use crate::storage::{self, Storage};

const HELP_TEMPLATE: &str = "\
{name} {version} — {about}

用法：{usage}

子命令：
{subcommands}

选项：
{options}
";

const SUB_HELP_TEMPLATE: &str = "\
{about}

用法：{usage}

{all-args}
";

/// 问责案件管理：案件台账、规定适用与公文导出（离线）。
#[derive(Debug, Parser)]
#[command(
    name = "wenze",
    version,
    about = "问责案件管理（离线）。不带子命令时打开主窗口。",
    help_template = HELP_TEMPLATE,
    subcommand_help_heading = "子命令",
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Option<Cmd>,
}

/// Options accepted before or after any subcommand.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// 数据库文件路径（默认在系统数据目录中；首次运行时创建）
    #[arg(long, global = true, value_name = "路径")]
    pub db: Option<PathBuf>,
    /// 图形渲染后端：glow（默认，适合无独立显卡的办公电脑）或 wgpu（需以 --features wgpu 编译）
    #[arg(long, global = true, value_enum, default_value_t = RendererChoice::Glow, value_name = "后端", hide_possible_values = true, hide_default_value = true)]
    pub renderer: RendererChoice,
    /// 启动后直接打开这份未完成的案件草稿（草稿键见台账“继续”按钮的提示）
    #[arg(long, value_name = "草稿键")]
    pub draft: Option<String>,
    /// 启动后（登录后）显示的页面：dashboard、register、statistics、settings、case:案件编号、person:人员编号
    #[arg(long, value_name = "页面")]
    pub screen: Option<String>,
    /// 显示帮助
    #[arg(short = 'h', long, global = true, action = clap::ArgAction::Help)]
    help: Option<bool>,
    /// 显示版本号
    #[arg(short = 'V', long, action = clap::ArgAction::Version)]
    version: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RendererChoice {
    /// OpenGL（glow）
    Glow,
    /// wgpu（需以 --features wgpu 编译）
    Wgpu,
}

#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// 显示数据库位置、结构版本和案件数（文件不存在时创建）
    #[command(help_template = SUB_HELP_TEMPLATE)]
    Info,
    /// 按规定评估案件（输入案件 JSON，输出评估结果 JSON）
    #[command(help_template = SUB_HELP_TEMPLATE)]
    Assess {
        /// 案件 JSON 文件（格式见 docs/case-json.md）
        #[arg(value_name = "案件.json")]
        case: PathBuf,
    },
    /// 计算期限届满日（民法典期间计算规则，含法定节假日与调休）
    #[command(help_template = SUB_HELP_TEMPLATE)]
    Deadline(DeadlineArgs),
    /// 查看或检查规定数据
    #[command(subcommand, help_template = SUB_HELP_TEMPLATE)]
    Regulations(RegulationsCmd),
    /// 导出公文 PDF（GB/T 9704 版式）
    #[command(help_template = SUB_HELP_TEMPLATE)]
    Export {
        /// 登记簿中的案件编号（wenze list 第一列）
        #[arg(
            long,
            value_name = "编号",
            conflicts_with = "json",
            required_unless_present = "json"
        )]
        case: Option<i64>,
        /// 案件 JSON 文件（代替 --case；格式见 docs/case-json.md 与 docs/examples/）
        #[arg(long, value_name = "文件")]
        json: Option<PathBuf>,
        /// 文书种类：notice 告知书、decision 决定书、no-accountability 不予问责、exemption 容错免责、correction 纠错通知、receipt 送达回证、review 复查决定
        #[arg(long, value_name = "种类")]
        doc: String,
        /// 输出 PDF 文件
        #[arg(long, value_name = "文件.pdf")]
        out: PathBuf,
    },
    /// 打印已签发的文书（Linux 经 CUPS 的 lp；Windows 经系统打印）
    #[command(help_template = SUB_HELP_TEMPLATE)]
    Print {
        /// 登记簿中的案件编号（wenze list 第一列）
        #[arg(long, value_name = "编号")]
        case: i64,
        /// 文书种类：decision 决定书、no-accountability 不予问责、exemption 容错免责、review 复查决定
        #[arg(long, value_name = "种类")]
        doc: String,
        /// 打印机名称（默认：系统默认打印机；wenze print 失败时会列出可用打印机）
        #[arg(long, value_name = "名称")]
        printer: Option<String>,
        /// 份数（1–99）
        #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=99))]
        copies: u32,
    },
    /// 生成确定性的演示案件库（用于演示、测试和性能测量）
    #[command(help_template = SUB_HELP_TEMPLATE)]
    Demo {
        /// 案件数
        #[arg(long, value_name = "N")]
        cases: usize,
        /// 随机种子（相同种子生成相同数据）
        #[arg(long, default_value_t = 2026, value_name = "N")]
        seed: u64,
    },
    /// 列出案件，每行一件，制表符分隔，案件编号在前
    #[command(help_template = SUB_HELP_TEMPLATE)]
    List {
        /// 最多列出几件
        #[arg(long, default_value_t = 50, value_name = "N")]
        limit: usize,
    },
    /// 全文检索案件（姓名、单位、案号、文号、案情、事实），最相关的在前
    #[command(help_template = SUB_HELP_TEMPLATE)]
    Search {
        /// 检索词（可用空格分隔多个词）
        #[arg(value_name = "检索词", required = true, num_args = 1..)]
        query: Vec<String>,
        /// 只看某年受理的案件
        #[arg(long, value_name = "年份")]
        year: Option<i16>,
        /// 只看某一阶段
        #[arg(long, value_name = "阶段")]
        stage: Option<String>,
        /// 只看某部规定（编号）
        #[arg(long, value_name = "编号")]
        regulation: Option<String>,
        /// 只看某单位
        #[arg(long, value_name = "单位")]
        unit: Option<String>,
        /// 最多几件
        #[arg(long, default_value_t = 20, value_name = "N")]
        limit: usize,
    },
    /// 校验18位身份证号码（校验位、出生日期、地区代码）；有效退出码0，无效1
    #[command(name = "check-id", help_template = SUB_HELP_TEMPLATE)]
    CheckId {
        /// 身份证号码
        #[arg(value_name = "号码")]
        number: String,
    },
    /// 统计分析：按半年（或全年）统计并导出 GB/T 9704 版式的 PDF 报告
    #[command(help_template = SUB_HELP_TEMPLATE)]
    Stats {
        /// 年度，如 2026
        #[arg(long, value_name = "年")]
        year: i16,
        /// 1 = 上半年，2 = 下半年，0 = 全年
        #[arg(long, value_name = "半年", default_value_t = 0, value_parser = clap::value_parser!(u8).range(0..=2))]
        half: u8,
        /// 输出 PDF 文件路径（不给则只在终端打印统计数字）
        #[arg(long, value_name = "文件")]
        out: Option<PathBuf>,
    },
    /// 备份数据库（SQLite 在线备份，使用中也可备份）
    #[command(help_template = SUB_HELP_TEMPLATE)]
    Backup {
        /// 备份文件路径
        #[arg(value_name = "目标文件")]
        dest: PathBuf,
    },
    /// 从备份恢复：先检查备份完整性，当前文件改名保留
    #[command(help_template = SUB_HELP_TEMPLATE)]
    Restore {
        /// 备份文件路径
        #[arg(value_name = "备份文件")]
        src: PathBuf,
    },
    /// 审计日志
    #[command(subcommand, help_template = SUB_HELP_TEMPLATE)]
    Audit(AuditCmd),
    /// 新增用户（密码从标准输入读取一行）；须提供管理员的用户名和密码
    #[command(name = "user-add", help_template = SUB_HELP_TEMPLATE)]
    UserAdd {
        /// 新用户的用户名
        #[arg(value_name = "用户名")]
        username: String,
        /// 新用户的姓名
        #[arg(value_name = "姓名")]
        display_name: String,
        /// 角色：录入员、审核人或管理员
        #[arg(value_parser = ["录入员", "审核人", "管理员"], value_name = "角色")]
        role: String,
        /// 执行此操作的管理员用户名（其密码为标准输入的第二行）
        #[arg(long, value_name = "管理员")]
        admin: String,
    },
    /// 设置机关名称（office_name，署名及印发机关）或文号机关代字（office_code，如 徐环问）
    #[command(help_template = SUB_HELP_TEMPLATE)]
    Set {
        /// office_name 或 office_code
        #[arg(value_parser = ["office_name", "office_code"], value_name = "项目")]
        key: String,
        /// 值
        #[arg(value_name = "值")]
        value: String,
    },
    /// （测试用）逐件登记案件，每件提交后打印其编号；用于崩溃测试
    #[command(name = "crash-writer", hide = true)]
    CrashWriter {
        #[arg(long, default_value_t = 1_000_000)]
        count: usize,
    },
    /// 性能测量：评估引擎；给出 --db 时另测打开、列表翻页与检索（先用 demo 生成数据）
    #[command(help_template = SUB_HELP_TEMPLATE)]
    Bench {
        /// 每项重复次数
        #[arg(long, default_value_t = 2000, value_name = "N")]
        iterations: usize,
    },
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("period").required(true).multiple(false)))]
pub struct DeadlineArgs {
    /// 起算日（不计入期间），格式 YYYY-MM-DD
    #[arg(long, value_name = "日期")]
    from: String,
    /// 工作日数
    #[arg(long, group = "period", value_name = "N")]
    working_days: Option<u32>,
    /// 日数
    #[arg(long, group = "period", value_name = "N")]
    days: Option<u32>,
    /// 月数
    #[arg(long, group = "period", value_name = "N")]
    months: Option<u32>,
}

#[derive(Debug, Subcommand)]
pub enum AuditCmd {
    /// 校验审计日志的哈希链，发现被改动或删除的记录
    #[command(help_template = SUB_HELP_TEMPLATE)]
    Verify,
}

#[derive(Debug, Subcommand)]
pub enum RegulationsCmd {
    /// 列出内置规定
    #[command(help_template = SUB_HELP_TEMPLATE)]
    List,
    /// 显示一部规定的全文和结构化条目
    #[command(help_template = SUB_HELP_TEMPLATE)]
    Show {
        /// 规定编号，如 004
        id: String,
    },
    /// 检查规定文件，逐条报告问题及行号
    #[command(help_template = SUB_HELP_TEMPLATE)]
    Check {
        /// 规定 TOML 文件
        #[arg(value_name = "文件.toml")]
        file: PathBuf,
    },
}

/// Entry point of the binary.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return clap_error(e),
    };
    let db = cli
        .global
        .db
        .clone()
        .unwrap_or_else(storage::default_db_path);
    match cli.command {
        None => run_gui(
            db,
            cli.global.renderer,
            cli.global.draft.clone(),
            cli.global.screen.clone(),
        ),
        Some(Cmd::Info) => match Storage::open(&db) {
            Ok(s) => {
                let version = s.schema_version();
                let count = s.case_count();
                match (version, count) {
                    (Ok(v), Ok(c)) => {
                        println!("数据库\t{}", s.path().display());
                        println!("结构版本\t{v}");
                        println!("案件数\t{c}");
                        ExitCode::SUCCESS
                    }
                    (Err(e), _) | (_, Err(e)) => fail(&e.to_string()),
                }
            }
            Err(e) => fail(&e.to_string()),
        },
        Some(Cmd::Assess { case }) => run_assess(&case),
        Some(Cmd::Deadline(args)) => run_deadline(&args),
        Some(Cmd::Regulations(cmd)) => run_regulations(cmd),
        Some(Cmd::Bench { iterations }) => run_bench(iterations.max(1), cli.global.db.as_deref()),
        Some(Cmd::CheckId { number }) => run_check_id(&number),
        Some(Cmd::Export {
            case: None,
            json: Some(json),
            doc,
            out,
        }) => run_export_json(&json, &doc, &out),
        Some(Cmd::Restore { src }) => match storage::backup::restore(&src, &db) {
            Ok(aside) => {
                println!("已从 {} 恢复到 {}", src.display(), db.display());
                if let Some(a) = aside {
                    println!("原数据库已保留为 {}", a.display());
                }
                ExitCode::SUCCESS
            }
            Err(e) => fail(&e.to_string()),
        },
        Some(cmd) => with_storage(&db, cmd),
    }
}

fn with_storage(db: &std::path::Path, cmd: Cmd) -> ExitCode {
    let mut s = match Storage::open(db) {
        Ok(s) => s,
        Err(e) => return fail(&e.to_string()),
    };
    s.set_actor("命令行");
    let result: Result<(), storage::StorageError> = (|| {
        match cmd {
            Cmd::Demo { cases, seed } => {
                let t = std::time::Instant::now();
                storage::demo::generate(&mut s, cases, seed)?;
                println!(
                    "已生成 {cases} 件演示案件，用时 {:.1} 秒：{}",
                    t.elapsed().as_secs_f64(),
                    db.display()
                );
            }
            Cmd::List { limit } => {
                for c in s.list_page(limit, 0)? {
                    println!(
                        "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                        c.id,
                        c.case_no,
                        c.respondents,
                        c.unit,
                        c.regulation_id,
                        c.stage,
                        c.received_on,
                        c.decided_on.unwrap_or_default()
                    );
                }
            }
            Cmd::Search {
                query,
                year,
                stage,
                regulation,
                unit,
                limit,
            } => {
                let filters = crate::domain::SearchFilters {
                    year,
                    stage,
                    regulation,
                    unit,
                    person_id: None,
                };
                let hits = s.search(&query.join(" "), &filters, limit)?;
                if hits.is_empty() {
                    eprintln!("没有找到匹配的案件");
                }
                for c in hits {
                    println!(
                        "{}\t{}\t{}\t{}\t{}\t{}",
                        c.id, c.case_no, c.respondents, c.unit, c.stage, c.received_on
                    );
                }
            }
            Cmd::Print {
                case,
                doc,
                printer,
                copies,
            } => {
                let file = s.case_file(case)?;
                let d = file
                    .documents
                    .iter()
                    .rev()
                    .find(|d| d.kind == doc)
                    .ok_or_else(|| {
                        let kinds: Vec<&str> =
                            file.documents.iter().map(|d| d.kind.as_str()).collect();
                        storage::StorageError::Invalid(if kinds.is_empty() {
                            format!("案件 {case} 尚无已签发的文书")
                        } else {
                            format!("案件 {case} 没有 {doc} 文书；已有：{}", kinds.join("、"))
                        })
                    })?;
                let bytes = s.document_bytes(d.id)?;
                if printer.is_none() {
                    // Fails early, with the reason, when there is no printer at all.
                    crate::app::print::printers().map_err(storage::StorageError::Invalid)?;
                }
                let said = crate::app::print::print_pdf(
                    &bytes,
                    &format!("{} {}", d.title, d.doc_no),
                    printer.as_deref(),
                    copies,
                )
                .map_err(storage::StorageError::Invalid)?;
                println!("{said}");
            }
            Cmd::Export {
                case: Some(id),
                doc,
                out,
                ..
            } => {
                let ex = s.case_export(id)?;
                let history = s.person_history(&ex.person_ids)?;
                let history: Vec<_> = history
                    .into_iter()
                    .filter(|h| Some(h.decided_on) < ex.case.decided_on.or(ex.case.received_on))
                    .collect();
                export_to(&ex.case, &history, &ex.details, &doc, &out)
                    .map_err(storage::StorageError::Invalid)?;
            }
            Cmd::UserAdd {
                username,
                display_name,
                role,
                admin,
            } => {
                use std::io::BufRead as _;
                let mut lines = std::io::stdin().lock().lines();
                let password = lines.next().and_then(|l| l.ok()).unwrap_or_default();
                let admin_password = lines.next().and_then(|l| l.ok()).unwrap_or_default();
                match s.login(&admin, &admin_password)? {
                    Some(u) if u.is_admin() => {}
                    Some(u) => {
                        s.audit_refusal(
                            "拒绝新增用户",
                            &format!("{}（{}）无管理员权限", u.display_name, u.role),
                        )?;
                        return Err(storage::StorageError::Forbidden(
                            "只有管理员可以新增用户".to_owned(),
                        ));
                    }
                    None => {
                        return Err(storage::StorageError::Forbidden(
                            "管理员用户名或密码不正确".to_owned(),
                        ));
                    }
                }
                if let Some(p) = crate::domain::auth::password_problem(&password) {
                    return Err(storage::StorageError::Invalid(format!(
                        "新用户的密码不合要求：{p}"
                    )));
                }
                let hash = crate::domain::auth::hash_password(&password)
                    .map_err(storage::StorageError::Invalid)?;
                s.add_user(&username, &display_name, &role, &hash)?;
                println!("已新增用户 {username}（{display_name}，{role}）");
            }
            Cmd::Set { key, value } => {
                if value.trim().is_empty() {
                    return Err(storage::StorageError::Invalid(format!("{key} 不能为空")));
                }
                s.set_setting(&key, value.trim())?;
                println!("已设置 {key} = {}", value.trim());
            }
            Cmd::CrashWriter { count } => {
                use std::io::Write as _;
                let pid = s.add_person(&crate::domain::NewPerson {
                    name: "测试人员".to_owned(),
                    unit: "测试单位".to_owned(),
                    rank: crate::domain::RANKS[0].to_owned(),
                    status: "在职".to_owned(),
                    ..Default::default()
                })?;
                let received = jiff::Zoned::now().date();
                let mut out = std::io::stdout().lock();
                for i in 0..count {
                    let (id, _) = s.create_case(&crate::domain::NewCase {
                        case_no: None,
                        regulation_id: "004".to_owned(),
                        tolerance_overlay: false,
                        clue_source: crate::domain::CLUE_SOURCES[2].to_owned(),
                        received_on: received,
                        summary: format!("崩溃测试第{i}件"),
                        respondents: vec![(pid, "承办人".to_owned())],
                        facts: vec![format!("事实{i}")],
                        reporter: None,
                    })?;
                    // Printed only after the transaction committed.
                    let _ = writeln!(out, "{id}");
                    let _ = out.flush();
                }
            }
            Cmd::Stats { year, half, out } => {
                let (from, to) = crate::app::screens::period(year, half);
                let regs = crate::rules::RegulationSet::bundled();
                let view = crate::app::worker::compute_statistics(&s, &regs, from, to)
                    .map_err(storage::StorageError::Invalid)?;
                let label = crate::app::screens::period_label(year, half);
                let st = &view.stats;
                println!(
                    "{label}：受理 {} 件，决定 {} 件",
                    st.cases_received, st.decisions
                );
                for (k, n) in &st.by_outcome {
                    println!("  {k}\t{n}");
                }
                for t in &view.thresholds {
                    println!(
                        "  {} {} 人次：{}（{}）",
                        t.unit,
                        t.count,
                        t.label,
                        t.citation.short()
                    );
                }
                if let Some(out) = out {
                    let office = s
                        .setting("office_name")?
                        .unwrap_or_else(|| "生态环境局".to_owned());
                    let doc = crate::export::statistics::report(
                        &view,
                        &office,
                        &label,
                        jiff::Zoned::now().date(),
                    );
                    let pdf = crate::export::render(&doc, jiff::Timestamp::now().as_second())
                        .map_err(|e| storage::StorageError::Invalid(e.to_string()))?;
                    std::fs::write(&out, pdf).map_err(|e| {
                        storage::StorageError::Invalid(format!("无法写入 {}：{e}", out.display()))
                    })?;
                    println!("已导出：{}", out.display());
                }
            }
            Cmd::Backup { dest } => {
                s.backup_to(&dest)?;
                println!("已备份到 {}", dest.display());
            }
            Cmd::Audit(AuditCmd::Verify) => {
                let report = s.audit_verify()?;
                println!("{}", report.message);
                if !report.ok {
                    return Err(storage::StorageError::Invalid(
                        "审计日志校验未通过".to_owned(),
                    ));
                }
            }
            _ => {}
        }
        Ok(())
    })();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(&e.to_string()),
    }
}

#[derive(serde::Deserialize)]
struct CaseFile {
    #[serde(flatten)]
    case: rules::CaseInput,
    #[serde(default)]
    history: Vec<rules::HistoryRecord>,
    #[serde(default)]
    document: crate::export::documents::DocDetails,
}

fn read_case_file(path: &std::path::Path) -> Result<CaseFile, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("无法读取案件文件 {}：{e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| {
        format!(
            "案件文件 {} 第 {} 行第 {} 列有误：{e}。格式见 docs/case-json.md",
            path.display(),
            e.line(),
            e.column()
        )
    })
}

fn run_export_json(json: &std::path::Path, kind: &str, out: &std::path::Path) -> ExitCode {
    match read_case_file(json).and_then(|f| export_to(&f.case, &f.history, &f.document, kind, out))
    {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(&e),
    }
}

/// Assess, build the document, lay it out and write the PDF.
fn export_to(
    case: &rules::CaseInput,
    history: &[rules::HistoryRecord],
    details: &crate::export::documents::DocDetails,
    kind: &str,
    out: &std::path::Path,
) -> Result<(), String> {
    use crate::export::documents;
    if !documents::KINDS.iter().any(|(k, _)| *k == kind) {
        let kinds: Vec<&str> = documents::KINDS.iter().map(|(k, _)| *k).collect();
        return Err(format!("未知文书种类“{kind}”，可选：{}", kinds.join("、")));
    }
    let regs = rules::RegulationSet::bundled();
    let calendar = rules::Calendar::bundled();
    let assessment = rules::assess(case, &regs, history, &calendar).map_err(|e| e.to_string())?;
    let templates = documents::templates(documents::TEMPLATES)?;
    let doc = documents::build(
        kind,
        details,
        &assessment,
        &case.case_no,
        case.delivered_on,
        &calendar,
        &templates,
    )?;
    let now = jiff::Timestamp::now().as_second();
    let bytes = crate::export::render(&doc, now).map_err(|e| e.to_string())?;
    std::fs::write(out, &bytes)
        .map_err(|e| format!("无法写入 {}：{e}。请检查磁盘空间和写入权限", out.display()))?;
    println!(
        "已导出 {}（{} 字节）：{}",
        doc.title,
        bytes.len(),
        out.display()
    );
    Ok(())
}

fn run_check_id(number: &str) -> ExitCode {
    let today = jiff::Zoned::now().date();
    match crate::domain::id_number::validate(number, today) {
        Ok(info) => {
            println!(
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
            println!("无效：{e}");
            ExitCode::FAILURE
        }
    }
}

fn run_assess(path: &std::path::Path) -> ExitCode {
    let file = match read_case_file(path) {
        Ok(f) => f,
        Err(e) => return fail(&e),
    };
    let regs = rules::RegulationSet::bundled();
    let calendar = rules::Calendar::bundled();
    match rules::assess(&file.case, &regs, &file.history, &calendar) {
        Ok(a) => match serde_json::to_string_pretty(&a) {
            Ok(json) => {
                println!("{json}");
                ExitCode::SUCCESS
            }
            Err(e) => fail(&e.to_string()),
        },
        Err(e) => fail(&e.to_string()),
    }
}

fn run_bench(iterations: usize, db: Option<&std::path::Path>) -> ExitCode {
    println!(
        "{:<40} {}",
        "load 5 regulations",
        crate::bench::bench_load(iterations.min(200))
    );
    match crate::bench::bench_assess(iterations) {
        Ok(stats) => println!("{:<40} {stats}", "assess (3 respondents, 20 history)"),
        Err(e) => return fail(&e),
    }
    match crate::bench::bench_export(iterations.min(100), 1000) {
        Ok(rows) => {
            for (label, stats) in rows {
                println!("{label:<40} {stats}");
            }
        }
        Err(e) => return fail(&e),
    }
    for (label, stats) in crate::bench::bench_processes(10) {
        println!("{label:<40} {stats}");
    }
    if let Some(db) = db {
        match crate::bench::bench_register(db, iterations.min(500)) {
            Ok(rows) => {
                for (label, stats) in rows {
                    println!("{label:<40} {stats}");
                }
            }
            Err(e) => return fail(&e),
        }
        match crate::bench::bench_frames(db, iterations.min(300)) {
            Ok(rows) => {
                for (label, stats) in rows {
                    println!("{label:<40} {stats}");
                }
            }
            Err(e) => return fail(&e),
        }
    }
    if let Some(mb) = crate::bench::peak_rss_mb() {
        println!("{:<40} {mb:.0} MB", "peak RSS of this benchmark process");
    }
    ExitCode::SUCCESS
}

fn run_deadline(args: &DeadlineArgs) -> ExitCode {
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
    let calendar = rules::Calendar::bundled();
    match rules::calendar::period_end(&calendar, from, count, unit) {
        Ok(end) => {
            println!("起算日\t{from}（不计入）");
            println!("期间\t{count}{unit_label}");
            if end.nominal != end.date {
                let why = calendar
                    .holiday_name(end.nominal)
                    .map(|h| format!("{h}假期"))
                    .unwrap_or_else(|| "休息日".to_owned());
                println!("顺延\t{} 为{why}，顺延至下一个工作日", end.nominal);
            }
            if let Some(note) = end.fallback_note() {
                println!("注意\t{note}");
            }
            println!("{}", end.date);
            ExitCode::SUCCESS
        }
        Err(e) => fail(&e.to_string()),
    }
}

fn run_regulations(cmd: RegulationsCmd) -> ExitCode {
    let regs = rules::RegulationSet::bundled();
    match cmd {
        RegulationsCmd::List => {
            for r in regs.iter() {
                let m = &r.regulation;
                println!(
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
                print!("{}", rules::regulation::describe(r));
                ExitCode::SUCCESS
            }
            None => fail(&format!(
                "没有编号为“{id}”的规定；用 wenze regulations list 查看"
            )),
        },
        RegulationsCmd::Check { file } => {
            let text = match std::fs::read_to_string(&file) {
                Ok(t) => t,
                Err(e) => return fail(&format!("无法读取 {}：{e}", file.display())),
            };
            match rules::regulation::load(&text) {
                Ok(r) => {
                    println!(
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
                        eprintln!("{}：{p}", file.display());
                    }
                    eprintln!("共 {} 个问题", problems.len());
                    ExitCode::FAILURE
                }
            }
        }
    }
}

/// Command-line mistakes in Chinese (help and version print as usual).
fn clap_error(e: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    let what = match e.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        ErrorKind::InvalidValue => "参数值无效",
        ErrorKind::UnknownArgument => "不认识的参数",
        ErrorKind::InvalidSubcommand => "不认识的子命令",
        ErrorKind::MissingRequiredArgument => "缺少必需的参数",
        ErrorKind::ArgumentConflict => "参数不能同时使用",
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues => "参数个数不对",
        ErrorKind::ValueValidation => "参数值不合要求",
        _ => "命令行有误",
    };
    let detail = e.to_string();
    let detail = detail
        .lines()
        .next()
        .unwrap_or("")
        .trim_start_matches("error: ");
    eprintln!("错误：{what}（{detail}）。请用 wenze --help 查看用法。");
    ExitCode::from(2)
}

fn fail(message: &str) -> ExitCode {
    eprintln!("错误：{message}");
    ExitCode::FAILURE
}

fn run_gui(
    db: PathBuf,
    renderer: RendererChoice,
    draft: Option<String>,
    screen: Option<String>,
) -> ExitCode {
    let route = match screen.as_deref().map(parse_screen) {
        Some(Err(e)) => return fail(&e),
        Some(Ok(r)) => Some(r),
        None => None,
    };
    let renderer = match renderer {
        RendererChoice::Glow => eframe::Renderer::Glow,
        #[cfg(feature = "wgpu")]
        RendererChoice::Wgpu => eframe::Renderer::Wgpu,
        #[cfg(not(feature = "wgpu"))]
        RendererChoice::Wgpu => {
            return fail(
                "本程序未包含 wgpu 渲染后端（编译时加 --features wgpu），请改用 --renderer glow。",
            );
        }
    };
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title(crate::APP_TITLE)
            .with_app_id("wenze")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([960.0, 600.0]),
        renderer,
        ..Default::default()
    };
    let result = eframe::run_native(
        crate::APP_TITLE,
        options,
        Box::new(move |cc| {
            crate::ui::install_fonts(&cc.egui_ctx);
            let mut app = crate::app::WenzeApp::open(&db);
            if let Some(key) = draft {
                app.apply(crate::app::Command::WizardStart(Some(key)));
            }
            if let Some(route) = route {
                app.apply(crate::app::Command::Navigate(route));
            }
            Ok(Box::new(app))
        }),
    );
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(&format!("无法打开窗口：{e}")),
    }
}

/// `--screen`: the page to show first.
fn parse_screen(s: &str) -> Result<crate::app::Route, String> {
    use crate::app::Route;
    let bad = || {
        format!(
            "无法识别的页面“{s}”：可用 dashboard、register、statistics、settings、case:编号、person:编号"
        )
    };
    Ok(match s.split_once(':') {
        None => match s {
            "dashboard" => Route::Dashboard,
            "register" => Route::Register,
            "statistics" => Route::Statistics,
            "settings" => Route::Settings,
            _ => return Err(bad()),
        },
        Some(("case", id)) => Route::Case(id.parse().map_err(|_| bad())?),
        Some(("person", id)) => Route::Person(id.parse().map_err(|_| bad())?),
        Some(_) => return Err(bad()),
    })
}
