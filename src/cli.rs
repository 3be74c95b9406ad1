//! Command line: no subcommand opens the window; subcommands work headless.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::domain::auth::UserRole;
use crate::rules;
use crate::storage::{self, Storage};

/// Set once standard output is a closed pipe (`wenze list | head -1`):
/// further output is dropped and the command ends quietly with its own status.
static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);
/// Set when standard output failed otherwise (e.g. a full disk behind `>`).
static STDOUT_FAILED: AtomicBool = AtomicBool::new(false);

/// Write to standard output without ever panicking (println! panics on a
/// closed pipe).
fn out_raw(args: std::fmt::Arguments<'_>) {
    use std::io::Write as _;
    if STDOUT_CLOSED.load(Ordering::Relaxed) {
        return;
    }
    let mut out = std::io::stdout().lock();
    match out.write_fmt(args) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
            STDOUT_CLOSED.store(true, Ordering::Relaxed);
        }
        Err(e) => {
            if !STDOUT_FAILED.swap(true, Ordering::Relaxed) {
                err_raw(format_args!("错误：无法写出结果：{e}\n"));
            }
        }
    }
}

/// Write to standard error without ever panicking.
fn err_raw(args: std::fmt::Arguments<'_>) {
    use std::io::Write as _;
    // Nowhere left to report a failure to write an error message.
    if std::io::stderr().lock().write_fmt(args).is_err() {}
}

macro_rules! outln {
    ($($t:tt)*) => { out_raw(format_args!("{}\n", format_args!($($t)*))) };
}
macro_rules! errln {
    ($($t:tt)*) => { err_raw(format_args!("{}\n", format_args!($($t)*))) };
}

mod sheets;

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
        /// 导出登记簿中的案件文书须审核人或管理员的用户名（密码从标准输入读取一行）
        #[arg(long, value_name = "用户名")]
        user: Option<String>,
        /// 导出供内部审批的送审稿（页首标“送审稿”，不编文号、不署日期）
        #[arg(long = "approval-draft")]
        approval_draft: bool,
        /// 被问责人（序号或姓名）：案件有多位被问责人时必填，各人的文书按各自的决定生成
        #[arg(long, value_name = "序号或姓名", conflicts_with = "json")]
        respondent: Option<String>,
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
        /// 被问责人（序号或姓名）：案件有多位被问责人时必填
        #[arg(long, value_name = "序号或姓名")]
        respondent: Option<String>,
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
        /// 管理员用户名（密码从标准输入读取一行）
        #[arg(long, value_name = "用户名")]
        user: Option<String>,
    },
    /// 从备份恢复：先检查备份（完整性、结构版本），在旁边写好新库后原子替换；原数据库保留并告知文件名
    #[command(help_template = SUB_HELP_TEMPLATE)]
    Restore {
        /// 备份文件路径
        #[arg(value_name = "备份文件")]
        src: PathBuf,
        /// 管理员用户名（密码从标准输入读取一行）
        #[arg(long, value_name = "用户名")]
        user: Option<String>,
    },
    /// 审计日志
    #[command(subcommand, help_template = SUB_HELP_TEMPLATE)]
    Audit(AuditCmd),
    /// 导入原有台账（Excel/WPS .xlsx、.xls、.ods 或 .csv）作为历史问责决定，供重复问责等认定使用；同一文件重复导入不会重复记录
    #[command(help_template = SUB_HELP_TEMPLATE)]
    Import(sheets::ImportArgs),
    /// 导出 .xlsx：案件台账或统计分析表
    #[command(subcommand, help_template = SUB_HELP_TEMPLATE)]
    Xlsx(sheets::XlsxCmd),
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
        #[arg(value_parser = parse_role, value_name = "角色")]
        role: UserRole,
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
        /// 管理员用户名（密码从标准输入读取一行）
        #[arg(long, value_name = "用户名")]
        user: Option<String>,
    },
    /// （测试用，仅调试构建）逐件登记案件，每件提交后打印其编号；用于崩溃测试
    #[cfg(debug_assertions)]
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
    /// 校验审计日志的哈希链，并核对案件、决定、文书、文号和用户是否与最后一次审计一致
    #[command(help_template = SUB_HELP_TEMPLATE)]
    Verify {
        /// 在别处保存的锚点“条号:哈希”（备份、公文元数据和统计报告中打印），用于发现审计日志被截断或重算
        #[arg(long, value_name = "条号:哈希")]
        anchor: Option<String>,
    },
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
    let code = run_main();
    if STDOUT_FAILED.load(Ordering::Relaxed) {
        return ExitCode::FAILURE;
    }
    code
}

fn run_main() -> ExitCode {
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
                        outln!("数据库\t{}", s.path().display());
                        outln!("结构版本\t{v}");
                        outln!("案件数\t{c}");
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
            approval_draft,
            ..
        }) => run_export_json(&json, &doc, &out, approval_draft),
        Some(Cmd::Restore { src, user }) => run_restore(&db, &src, user.as_deref()),
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
                outln!(
                    "已生成 {cases} 件演示案件，用时 {:.1} 秒：{}",
                    t.elapsed().as_secs_f64(),
                    db.display()
                );
            }
            Cmd::List { limit } => {
                for c in s.list_page(limit, 0)? {
                    outln!(
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
                    errln!("没有找到匹配的案件");
                }
                let cap = storage::views::SEARCH_LIMIT;
                if limit > cap && hits.len() >= cap {
                    errln!(
                        "注意：检索结果最多列出 {cap} 件（已截断，--limit {limit} 超过上限）；请加检索词或筛选条件缩小范围"
                    );
                }
                for c in hits {
                    outln!(
                        "{}\t{}\t{}\t{}\t{}\t{}",
                        c.id,
                        c.case_no,
                        c.respondents,
                        c.unit,
                        c.stage,
                        c.received_on
                    );
                }
            }
            Cmd::Print {
                case,
                doc,
                printer,
                copies,
                respondent,
            } => {
                let file = s.case_file(case)?;
                // With several respondents, the chosen one's own document.
                let rid = pick_respondent(&s, case, respondent.as_deref())?;
                let own_no = match rid {
                    Some(rid) if s.case_respondents(case)?.len() > 1 => {
                        Some(s.case_export_for(case, Some(rid))?.details.doc_no)
                    }
                    _ => None,
                };
                let d = file
                    .documents
                    .iter()
                    .rev()
                    .filter(|d| {
                        // Outcome documents are each respondent's own.
                        let outcome_kind = crate::app::wizard::Outcome::ALL.iter().any(|o| {
                            crate::export::documents::DocKind::for_outcome(*o).key() == d.kind
                        });
                        own_no
                            .as_ref()
                            .is_none_or(|n| !outcome_kind || *n == d.doc_no)
                    })
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
                user,
                approval_draft,
                respondent,
                ..
            } => {
                authorize(&mut s, user.as_deref(), Need::Reviewer, "导出案件文书")?;
                let rid = pick_respondent(&s, id, respondent.as_deref())?;
                let mut ex = s.case_export_for(id, rid)?;
                ex.details.draft = approval_draft;
                let history = s.person_history(&ex.person_ids)?;
                let history: Vec<_> = history
                    .into_iter()
                    .filter(|h| Some(h.decided_on) < ex.case.decided_on.or(ex.case.received_on))
                    .collect();
                let anchor = s.audit_anchor_text()?;
                export_to(&ex.case, &history, &ex.details, &doc, &out, &anchor)
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
                // The very first administrator of a register with no users
                // (as the window's first run offers): `--admin` names the new
                // user itself, and only one password line is needed.
                let first_admin = s.user_count()? == 0
                    && role == UserRole::Admin
                    && admin.trim() == username.trim();
                let signed_in = if first_admin {
                    None
                } else {
                    s.login(&admin, &admin_password)?
                };
                match (first_admin, signed_in) {
                    (true, _) => {}
                    (false, Some(u)) if u.is_admin() => {}
                    (false, Some(u)) => {
                        s.audit_refusal(
                            "拒绝新增用户",
                            &format!("{}（{}）无管理员权限", u.display_name, u.role),
                        )?;
                        return Err(storage::StorageError::Forbidden(
                            "只有管理员可以新增用户".to_owned(),
                        ));
                    }
                    (false, None) => {
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
                s.add_user(&username, &display_name, role, &hash)?;
                outln!("已新增用户 {username}（{display_name}，{role}）");
            }
            Cmd::Set { key, value, user } => {
                if value.trim().is_empty() {
                    return Err(storage::StorageError::Invalid(format!("{key} 不能为空")));
                }
                authorize(&mut s, user.as_deref(), Need::Admin, "修改设置")?;
                s.set_setting(&key, value.trim())?;
                outln!("已设置 {key} = {}", value.trim());
            }
            #[cfg(debug_assertions)]
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
            Cmd::Import(args) => sheets::import(&mut s, &args, jiff::Zoned::now().date())?,
            Cmd::Xlsx(cmd) => sheets::xlsx(&s, cmd)?,
            Cmd::Stats { year, half, out } => {
                let (from, to) = crate::app::screens::period(year, half);
                let regs = crate::rules::RegulationSet::bundled();
                let view = crate::app::worker::compute_statistics(&s, &regs, from, to)
                    .map_err(storage::StorageError::Invalid)?;
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
                if let Some(out) = out {
                    let office = s
                        .setting("office_name")?
                        .unwrap_or_else(|| "生态环境局".to_owned());
                    let mut doc = crate::export::statistics::report(
                        &view,
                        &office,
                        &label,
                        jiff::Zoned::now().date(),
                    );
                    doc.subject = s.audit_anchor_text()?;
                    let pdf = crate::export::render(&doc, jiff::Timestamp::now().as_second())
                        .map_err(|e| storage::StorageError::Invalid(e.to_string()))?;
                    storage::lock::write_private(&out, &pdf).map_err(|e| {
                        storage::StorageError::Invalid(format!("无法写入 {}：{e}", out.display()))
                    })?;
                    outln!("已导出：{}", out.display());
                    if let Some((n, h)) = s.audit_head()? {
                        outln!("审计链锚点\t{n}:{h}");
                    }
                }
            }
            Cmd::Backup { dest, user } => {
                authorize(&mut s, user.as_deref(), Need::Admin, "备份数据库")?;
                s.backup_to(&dest)?;
                outln!("已备份到 {}", dest.display());
                if let Some((n, h)) = s.audit_head()? {
                    // Kept outside the register: with the backup's record.
                    let anchor = format!("{n}:{h}");
                    let note = storage::lock::sidecar(&dest, ".anchor.txt");
                    storage::lock::write_private(
                        &note,
                        format!("审计链锚点（wenze audit verify --anchor 用）\n{anchor}\n")
                            .as_bytes(),
                    )
                    .map_err(|e| {
                        storage::StorageError::Invalid(format!("无法写入 {}：{e}", note.display()))
                    })?;
                    outln!("审计链锚点\t{anchor}（已记入 {}）", note.display());
                }
            }
            Cmd::Audit(AuditCmd::Verify { anchor }) => {
                let anchor = match anchor.as_deref().map(parse_anchor) {
                    None => None,
                    Some(Ok(a)) => Some(a),
                    Some(Err(e)) => return Err(storage::StorageError::Invalid(e)),
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

/// Which role a command needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Need {
    /// 审核人 or 管理员
    Reviewer,
    /// 管理员
    Admin,
}

impl Need {
    fn label(self) -> &'static str {
        match self {
            Need::Reviewer => "审核人或管理员",
            Need::Admin => "管理员",
        }
    }
    fn allows(self, u: &crate::domain::auth::User) -> bool {
        match self {
            Need::Reviewer => u.may_issue(),
            Need::Admin => u.is_admin(),
        }
    }
}

/// The password: one line of standard input (without the line end).
fn read_password() -> String {
    let mut line = String::new();
    match std::io::stdin().read_line(&mut line) {
        Ok(_) => line.trim_end_matches(['\r', '\n']).to_owned(),
        Err(_) => String::new(),
    }
}

/// Sign `user` in (password from stdin) and check the role `need`; refusals
/// are audited (a wrong password by `login` itself).
fn authorize(
    s: &mut Storage,
    user: Option<&str>,
    need: Need,
    what: &str,
) -> Result<(), storage::StorageError> {
    let Some(user) = user.filter(|u| !u.trim().is_empty()) else {
        s.audit_refusal(&format!("拒绝{what}"), "命令行未提供用户名")?;
        return Err(storage::StorageError::Forbidden(format!(
            "{what}须由{}执行：请加 --user 用户名，并在标准输入给出密码（一行）。已记录此次拒绝。",
            need.label()
        )));
    };
    let password = read_password();
    match s.login(user, &password)? {
        Some(u) if need.allows(&u) => Ok(()),
        Some(u) => {
            s.audit_refusal(
                &format!("拒绝{what}"),
                &format!("{}（{}）无{}权限", u.display_name, u.role, need.label()),
            )?;
            Err(storage::StorageError::Forbidden(format!(
                "只有{}可以{what}。已记录此次拒绝。",
                need.label()
            )))
        }
        None => Err(storage::StorageError::Forbidden(
            "用户名或密码不正确。已记录此次登录失败。".to_owned(),
        )),
    }
}

/// `wenze restore BACKUP --user ADMIN`: the administrator is checked in the
/// current register (or, when it cannot be opened, in the backup itself).
fn run_restore(db: &std::path::Path, src: &std::path::Path, user: Option<&str>) -> ExitCode {
    if let Err(e) = storage::backup::refuse_same_file(src, db) {
        return fail(&e.to_string());
    }
    let actor = match Storage::open(db) {
        Ok(mut s) => {
            if let Err(e) = authorize(&mut s, user, Need::Admin, "从备份恢复") {
                return fail(&e.to_string());
            }
            s.actor().to_owned()
        }
        Err(open_error) => {
            // The register is unusable (the reason to restore): the backup's
            // own administrators authorise it.
            let Some(user) = user else {
                return fail(&format!(
                    "从备份恢复须由管理员执行：请加 --user 用户名，并在标准输入给出密码（一行）。（当前数据库：{open_error}）"
                ));
            };
            if let Err(e) = storage::backup::check_backup(src) {
                return fail(&e.to_string());
            }
            let password = read_password();
            match Storage::open_reader(src).and_then(|b| b.check_credentials(user, &password)) {
                Ok(Some(u)) if u.is_admin() => format!("{}（{}）", u.display_name, u.role),
                Ok(_) => {
                    return fail(
                        "当前数据库无法打开；恢复须由备份中登记的管理员执行，用户名或密码不正确或不是管理员。",
                    );
                }
                Err(e) => return fail(&e.to_string()),
            }
        }
    };
    match storage::backup::restore_by(src, db, &actor) {
        Ok(r) => {
            outln!(
                "已从 {} 恢复到 {}（{} 件案件）",
                src.display(),
                db.display(),
                r.restored
            );
            if let Some(a) = &r.aside {
                match r.replaced {
                    Some(n) => outln!("原数据库（{n} 件案件）已保留为 {}", a.display()),
                    None => outln!("原数据库（无法读取）已保留为 {}", a.display()),
                }
            }
            ExitCode::SUCCESS
        }
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

/// Why a file could not be read, in Chinese.
fn io_reason(e: &std::io::Error) -> &'static str {
    match e.kind() {
        std::io::ErrorKind::NotFound => "文件不存在",
        std::io::ErrorKind::PermissionDenied => "没有读取权限",
        std::io::ErrorKind::InvalidData => "不是 UTF-8 编码的文本",
        std::io::ErrorKind::IsADirectory => "这是一个目录",
        _ => "读取失败",
    }
}

fn read_case_file(path: &std::path::Path) -> Result<CaseFile, String> {
    let len = std::fs::metadata(path)
        .map_err(|e| format!("无法读取案件文件 {}：{}", path.display(), io_reason(&e)))?
        .len();
    if len > MAX_CASE_FILE_BYTES {
        return Err(format!(
            "案件文件 {} 过大（{len} 字节，上限 1 MB），未处理。请检查是否选错了文件。",
            path.display()
        ));
    }
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("无法读取案件文件 {}：{}", path.display(), io_reason(&e)))?;
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
            rules::engine::json_error_zh(&e)
        )
    })
}

fn run_export_json(
    json: &std::path::Path,
    kind: &str,
    out: &std::path::Path,
    draft: bool,
) -> ExitCode {
    match read_case_file(json).and_then(|mut f| {
        f.document.draft = draft;
        crate::export::documents::complete_from_case(&mut f.document, &f.case);
        export_to(&f.case, &f.history, &f.document, kind, out, "")
    }) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(&e),
    }
}

/// Assess, build the document, lay it out and write the PDF.
/// The respondent a command is about: the only one, or the one chosen by
/// number (1 = first) or name; several and none chosen is an error listing them.
fn pick_respondent(
    s: &Storage,
    case_id: i64,
    choice: Option<&str>,
) -> Result<Option<i64>, storage::StorageError> {
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
            return Err(storage::StorageError::Invalid(format!(
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
    let by_name: Vec<_> = all.iter().filter(|r| r.name == choice).collect();
    if let Some(r) = by_number {
        return Ok(Some(r.id));
    }
    match by_name.as_slice() {
        [r] => Ok(Some(r.id)),
        [] => Err(storage::StorageError::Invalid(format!(
            "案件 {case_id} 没有被问责人“{choice}”；本案被问责人：{}",
            listing()
        ))),
        _ => Err(storage::StorageError::Invalid(format!(
            "案件 {case_id} 有同名的被问责人“{choice}”，请改用序号：{}",
            listing()
        ))),
    }
}

fn export_to(
    case: &rules::CaseInput,
    history: &[rules::HistoryRecord],
    details: &crate::export::documents::DocDetails,
    kind: &str,
    out: &std::path::Path,
    subject: &str,
) -> Result<(), String> {
    use crate::export::documents;
    let kind = documents::DocKind::parse(kind)?;
    // Refuse before assessing: the stage and outcome decide what may print.
    documents::check(kind, details)?;
    let regs = rules::RegulationSet::bundled();
    let calendar = rules::Calendar::bundled();
    let assessment = rules::assess(case, &regs, history, &calendar).map_err(|e| e.to_string())?;
    let templates = documents::templates(documents::TEMPLATES)?;
    let doc = documents::build(
        kind,
        details,
        &assessment,
        &case.case_no,
        &regs,
        &calendar,
        &templates,
    )?;
    let mut doc = doc;
    doc.subject = subject.to_owned();
    let now = jiff::Timestamp::now().as_second();
    let bytes = crate::export::render(&doc, now).map_err(|e| e.to_string())?;
    storage::lock::write_private(out, &bytes)
        .map_err(|e| format!("无法写入 {}：{e}。请检查磁盘空间和写入权限", out.display()))?;
    outln!(
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
                outln!("{json}");
                ExitCode::SUCCESS
            }
            Err(e) => fail(&e.to_string()),
        },
        Err(e) => fail(&e.to_string()),
    }
}

fn run_bench(iterations: usize, db: Option<&std::path::Path>) -> ExitCode {
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

fn run_regulations(cmd: RegulationsCmd) -> ExitCode {
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
                Err(e) => return fail(&format!("无法读取 {}：{e}", file.display())),
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
    errln!("错误：{what}（{detail}）。请用 wenze --help 查看用法。");
    ExitCode::from(2)
}

fn fail(message: &str) -> ExitCode {
    errln!("错误：{message}");
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
            "无法识别的页面“{s}”：可用 dashboard、register、statistics、settings、import、case:编号、person:编号"
        )
    };
    Ok(match s.split_once(':') {
        None => match s {
            "dashboard" => Route::Dashboard,
            "register" => Route::Register,
            "statistics" => Route::Statistics,
            "settings" => Route::Settings,
            "import" => Route::Import,
            _ => return Err(bad()),
        },
        Some(("case", id)) => Route::Case(id.parse().map_err(|_| bad())?),
        Some(("person", id)) => Route::Person(id.parse().map_err(|_| bad())?),
        Some(_) => return Err(bad()),
    })
}

/// `--role`: a role's Chinese label.
fn parse_role(s: &str) -> Result<UserRole, String> {
    UserRole::from_label(s).ok_or_else(|| {
        format!(
            "角色“{s}”无效，可选：{}",
            crate::domain::auth::ROLES.join("、")
        )
    })
}
