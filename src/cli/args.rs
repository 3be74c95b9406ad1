//! The command line's arguments (clap), in Chinese.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use super::sheets;
use crate::domain::auth::UserRole;
use crate::domain::procedure::Stage;
use crate::export::DocFormat;

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
pub(crate) struct Cli {
    #[command(flatten)]
    pub(crate) global: GlobalArgs,
    #[command(subcommand)]
    pub(crate) command: Option<Cmd>,
}

/// Options accepted before or after any subcommand.
#[derive(Debug, Args)]
pub(crate) struct GlobalArgs {
    /// 数据库文件路径（默认在系统数据目录中；首次运行时创建）
    #[arg(long, global = true, value_name = "路径")]
    pub(crate) db: Option<PathBuf>,
    /// 图形渲染后端：glow（默认，适合无独立显卡的办公电脑）或 wgpu（需以 --features wgpu 编译）
    #[arg(long, global = true, value_enum, default_value_t = RendererChoice::Glow, value_name = "后端", hide_possible_values = true, hide_default_value = true)]
    pub(crate) renderer: RendererChoice,
    /// 启动后直接打开这份未完成的案件草稿（草稿键见台账“继续”按钮的提示）
    #[arg(long, value_name = "草稿键")]
    pub(crate) draft: Option<String>,
    /// 启动后（登录后）显示的页面：dashboard、register、statistics、settings、case:案件编号、person:人员编号
    #[arg(long, value_name = "页面")]
    pub(crate) screen: Option<String>,
    /// 显示帮助
    #[arg(short = 'h', long, global = true, action = clap::ArgAction::Help)]
    help: Option<bool>,
    /// 显示版本号
    #[arg(short = 'V', long, action = clap::ArgAction::Version)]
    version: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum RendererChoice {
    /// OpenGL（glow）
    Glow,
    /// wgpu（需以 --features wgpu 编译）
    Wgpu,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Cmd {
    /// 显示数据库位置、结构版本和案件数（文件不存在时创建）
    #[command(help_template = SUB_HELP_TEMPLATE)]
    Info,
    /// 查找本机安装的标准公文字体（方正小标宋简体、仿宋_GB2312、黑体、楷体_GB2312）；选用见 wenze set pdf_font_*
    #[command(help_template = SUB_HELP_TEMPLATE)]
    Fonts,
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
    /// 导出公文 PDF 或 OFD（GB/T 9704 版式；OFD 按 GB/T 33190）
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
        /// 输出文件（扩展名为 .ofd 时导出 OFD，否则 PDF）
        #[arg(long, value_name = "文件.pdf|文件.ofd")]
        out: PathBuf,
        /// 文件格式：pdf、ofd 或 ofd-a（归档用 OFD）；不给则按输出文件扩展名（.ofd 为 OFD，其余为 PDF）
        #[arg(long, value_name = "格式", value_parser = DocFormat::parse)]
        format: Option<DocFormat>,
        /// 导出登记簿中的案件文书须审核人或管理员的用户名（密码从标准输入读取一行）
        #[arg(long, value_name = "用户名")]
        user: Option<String>,
        /// 导出供内部审批的送审稿（页首标“送审稿”，不编文号、不署日期）
        #[arg(long = "approval-draft")]
        approval_draft: bool,
        /// 被问责人（序号或姓名）：案件有多位被问责人时必填，各人的文书按各自的决定生成
        #[arg(long, value_name = "序号或姓名", conflicts_with = "json")]
        respondent: Option<String>,
        /// 送达回证（送达前由送达人带去）：送达地点
        #[arg(long, value_name = "地点", conflicts_with = "json")]
        address: Option<String>,
        /// 送达回证（送达前）：送达人
        #[arg(long, value_name = "姓名", conflicts_with = "json")]
        deliverer: Option<String>,
    },
    /// 归档：把已决定案件的全部已签发文书（PDF 与 OFD 原件）、卷内文件目录、审计记录和文件清单打成一个 ZIP 包
    #[command(help_template = SUB_HELP_TEMPLATE)]
    Archive {
        /// 登记簿中的案件编号（wenze list 第一列）
        #[arg(long, value_name = "编号")]
        case: i64,
        /// 输出的归档包（.zip）
        #[arg(long, value_name = "文件.zip")]
        out: PathBuf,
        /// 审核人或管理员的用户名（密码从标准输入读取一行）
        #[arg(long, value_name = "用户名")]
        user: Option<String>,
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
    /// 案件办理步骤（与窗口中的操作相同，须登录）：register 登记草稿、amend 修改、submit 提交审核、return 退回、notice 事先告知、issue 审批签发、correct 纠错通知、show 显示、deliver 送达、remedy 复查/申诉申请、answer 其结果、done 后续事项办结
    #[command(subcommand)]
    Case(CaseCmd),
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
        #[arg(long, value_name = "阶段", value_parser = parse_stage)]
        stage: Option<Stage>,
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
    /// 统计分析：按半年（或全年）统计并导出 GB/T 9704 版式的 PDF 或 OFD 报告
    #[command(help_template = SUB_HELP_TEMPLATE)]
    Stats {
        /// 年度，如 2026
        #[arg(long, value_name = "年")]
        year: i16,
        /// 1 = 上半年，2 = 下半年，0 = 全年
        #[arg(long, value_name = "半年", default_value_t = 0, value_parser = clap::value_parser!(u8).range(0..=2))]
        half: u8,
        /// 输出报告文件路径（扩展名为 .ofd 时导出 OFD，否则 PDF；不给则只在终端打印统计数字）
        #[arg(long, value_name = "文件")]
        out: Option<PathBuf>,
        /// 报告文件格式：pdf、ofd 或 ofd-a；不给则按输出文件扩展名
        #[arg(long, value_name = "格式", value_parser = DocFormat::parse, requires = "out")]
        format: Option<DocFormat>,
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
        /// office_name、office_code，或公文字体 pdf_font_title / pdf_font_body / pdf_font_hei / pdf_font_kai（值为字体文件路径；“内置”恢复内置字体）
        #[arg(value_parser = ["office_name", "office_code", "pdf_font_title", "pdf_font_body", "pdf_font_hei", "pdf_font_kai"], value_name = "项目")]
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
        /// 签名写入的用户（新数据库上创建为首个管理员）
        #[arg(long, default_value = "crash")]
        user: String,
        /// 该用户的密码
        #[arg(long, default_value = "crash2026")]
        password: String,
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
pub(crate) struct DeadlineArgs {
    /// 起算日（不计入期间），格式 YYYY-MM-DD
    #[arg(long, value_name = "日期")]
    pub(super) from: String,
    /// 工作日数
    #[arg(long, group = "period", value_name = "N")]
    pub(super) working_days: Option<u32>,
    /// 日数
    #[arg(long, group = "period", value_name = "N")]
    pub(super) days: Option<u32>,
    /// 月数
    #[arg(long, group = "period", value_name = "N")]
    pub(super) months: Option<u32>,
}

#[derive(Debug, Subcommand)]
pub(crate) enum CaseCmd {
    /// 录入员从案件表（JSON，格式见 docs/case-json.md“登记用案件表”）登记案件草稿，逐步校验，输出草稿编号
    #[command(help_template = SUB_HELP_TEMPLATE)]
    Register {
        /// 案件表文件（与窗口保存的草稿相同的格式）
        #[arg(long, value_name = "文件.json")]
        file: PathBuf,
        /// 用户名（密码在标准输入中给出，一行）
        #[arg(long, value_name = "用户名")]
        user: Option<String>,
    },
    /// 提交审核（录入员）
    #[command(help_template = SUB_HELP_TEMPLATE)]
    Submit {
        /// 草稿编号（wenze case register 的输出，或工作台中的草稿）
        #[arg(value_name = "草稿编号")]
        draft: String,
        /// 用户名（密码在标准输入中给出，一行）
        #[arg(long, value_name = "用户名")]
        user: Option<String>,
    },
    /// 退回录入员修改，写明意见（审核人或管理员）
    #[command(name = "return", help_template = SUB_HELP_TEMPLATE)]
    Return {
        /// 草稿编号
        #[arg(value_name = "草稿编号")]
        draft: String,
        /// 退回意见（记入审核记录）
        #[arg(long, value_name = "意见")]
        comment: String,
        /// 用户名（密码在标准输入中给出，一行）
        #[arg(long, value_name = "用户名")]
        user: Option<String>,
    },
    /// 审批签发：登记案件、各被问责人的决定、文号与文书，一次完成（审核人或管理员）
    #[command(help_template = SUB_HELP_TEMPLATE)]
    Issue {
        /// 草稿编号
        #[arg(value_name = "草稿编号")]
        draft: String,
        /// 用户名（密码在标准输入中给出，一行）
        #[arg(long, value_name = "用户名")]
        user: Option<String>,
    },
    /// 登记案件并签发问责事先告知书（规定要求决定前听取陈述申辩时；审核人或管理员）
    #[command(help_template = SUB_HELP_TEMPLATE)]
    Notice {
        /// 草稿编号
        #[arg(value_name = "草稿编号")]
        draft: String,
        /// 用户名（密码在标准输入中给出，一行）
        #[arg(long, value_name = "用户名")]
        user: Option<String>,
    },
    /// 签发纠错通知书（容错免责或尽职免责的决定登记了纠错事项后；审核人或管理员）
    #[command(help_template = SUB_HELP_TEMPLATE)]
    Correct {
        /// 案件编号
        id: i64,
        /// 被问责人（序号或姓名）：案件有多位被问责人时必填
        #[arg(long, value_name = "序号或姓名")]
        respondent: Option<String>,
        /// 用户名（密码在标准输入中给出，一行）
        #[arg(long, value_name = "用户名")]
        user: Option<String>,
    },
    /// 修改草稿中的字段后再次校验（如退回后按意见修改；录入员），字段同登记用案件表
    #[command(help_template = SUB_HELP_TEMPLATE)]
    Amend {
        /// 草稿编号
        #[arg(value_name = "草稿编号")]
        draft: String,
        /// 只含要修改的字段的 JSON 文件（被问责人按序号：{"respondents":[{…},{…}]}）
        #[arg(long, value_name = "文件.json")]
        file: PathBuf,
        /// 用户名（密码在标准输入中给出，一行）
        #[arg(long, value_name = "用户名")]
        user: Option<String>,
    },
    /// 显示案件的完整记录：各被问责人的状态、决定、文书（sha256）、送达、复查/申诉、后果及审计记录
    #[command(help_template = SUB_HELP_TEMPLATE)]
    Show {
        /// 案件编号（wenze list 第一列）
        id: i64,
        /// 以 JSON 输出
        #[arg(long)]
        json: bool,
        /// 用户名（密码在标准输入中给出，一行）
        #[arg(long, value_name = "用户名")]
        user: Option<String>,
    },
    /// 登记送达（含送达回证所需的各项）
    #[command(help_template = SUB_HELP_TEMPLATE)]
    Deliver(DeliverArgs),
    /// 登记复查或申诉申请（按案件适用的规定）
    #[command(help_template = SUB_HELP_TEMPLATE)]
    Remedy {
        /// 案件编号
        id: i64,
        /// 被问责人（序号或姓名）：案件有多位被问责人时必填
        #[arg(long, value_name = "序号或姓名")]
        respondent: Option<String>,
        /// 申请日期（YYYY-MM-DD）
        #[arg(long, value_name = "日期")]
        date: String,
        /// 申请理由
        #[arg(long, value_name = "理由")]
        grounds: String,
        /// 用户名（密码在标准输入中给出，一行）
        #[arg(long, value_name = "用户名")]
        user: Option<String>,
    },
    /// 登记复查决定（本机关）或申诉结果（有关部门），须审核人或管理员
    #[command(help_template = SUB_HELP_TEMPLATE)]
    Answer(AnswerArgs),
    /// 后续事项办结
    #[command(help_template = SUB_HELP_TEMPLATE)]
    Done {
        /// 案件编号
        id: i64,
        /// 后续事项编号（wenze case show 中“后续事项”的编号）
        #[arg(long, value_name = "编号")]
        follow_up: i64,
        /// 办结日期（YYYY-MM-DD）
        #[arg(long, value_name = "日期")]
        date: String,
        /// 用户名（密码在标准输入中给出，一行）
        #[arg(long, value_name = "用户名")]
        user: Option<String>,
    },
}

#[derive(Debug, Args)]
pub(crate) struct DeliverArgs {
    /// 案件编号
    pub(crate) id: i64,
    /// 被问责人（序号或姓名）：案件有多位被问责人时必填
    #[arg(long, value_name = "序号或姓名")]
    pub(crate) respondent: Option<String>,
    /// 送达日期（YYYY-MM-DD）
    #[arg(long, value_name = "日期")]
    pub(crate) date: String,
    /// 送达方式：直接送达、邮寄送达、留置送达、委托送达、转交送达
    #[arg(long, value_name = "方式", default_value = "直接送达")]
    pub(crate) method: String,
    /// 受送达人
    #[arg(long, value_name = "姓名")]
    pub(crate) recipient: String,
    /// 送达地点
    #[arg(long, value_name = "地点")]
    pub(crate) address: String,
    /// 送达人
    #[arg(long, value_name = "姓名")]
    pub(crate) deliverer: String,
    /// 送达回证（签收情况、编号或存放位置）
    #[arg(long, value_name = "说明")]
    pub(crate) receipt: String,
    /// 留置送达的见证人
    #[arg(long, value_name = "姓名")]
    pub(crate) witness: Option<String>,
    /// 送达时间，如 10时30分
    #[arg(long, value_name = "时间")]
    pub(crate) time: Option<String>,
    /// 代收人及代收理由
    #[arg(long, value_name = "说明")]
    pub(crate) agent: Option<String>,
    /// 备考
    #[arg(long, value_name = "说明")]
    pub(crate) note: Option<String>,
    /// 用户名（密码在标准输入中给出，一行）
    #[arg(long, value_name = "用户名")]
    pub(crate) user: Option<String>,
}

#[derive(Debug, Args)]
pub(crate) struct AnswerArgs {
    /// 案件编号
    pub(crate) id: i64,
    /// 复查/申诉编号（wenze case show 中“复查申诉”的编号）
    #[arg(long, value_name = "编号")]
    pub(crate) remedy: i64,
    /// 结果：维持、变更、撤销、不予受理
    #[arg(long, value_name = "结果")]
    pub(crate) outcome: String,
    /// 决定日期（YYYY-MM-DD）
    #[arg(long, value_name = "日期")]
    pub(crate) date: String,
    /// 申诉：作出决定的机关（默认为规定所称机关）
    #[arg(long, value_name = "机关")]
    pub(crate) body: Option<String>,
    /// 申诉：有关部门决定的文号（变更时必填）
    #[arg(long, value_name = "文号")]
    pub(crate) number: Option<String>,
    /// 复查查明的情况和理由（复查必填），或申诉决定的理由（变更、撤销必填）
    #[arg(long, value_name = "理由")]
    pub(crate) reason: Option<String>,
    /// 变更后的问责方式（可重复）
    #[arg(long, value_name = "方式")]
    pub(crate) method: Vec<String>,
    /// 用户名（密码在标准输入中给出，一行）
    #[arg(long, value_name = "用户名")]
    pub(crate) user: Option<String>,
}

#[derive(Debug, Subcommand)]
pub(crate) enum AuditCmd {
    /// 校验审计日志的哈希链，核对每个受审计数据表的每一行和数据库的保护触发器是否与审计记录一致
    #[command(help_template = SUB_HELP_TEMPLATE)]
    Verify {
        /// 在别处保存的锚点“条号:哈希”（备份、公文元数据和统计报告中打印），用于发现审计日志被截断或重算
        #[arg(long, value_name = "条号:哈希")]
        anchor: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum RegulationsCmd {
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

/// `--role`: a role's Chinese label.
/// A 案件阶段 as typed (its label), for `--stage`.
pub(super) fn parse_stage(s: &str) -> Result<Stage, String> {
    Stage::from_label(s).ok_or_else(|| {
        let all: Vec<&str> = Stage::ALL.iter().map(|s| s.label()).collect();
        format!("阶段“{s}”无效，可选：{}", all.join("、"))
    })
}

fn parse_role(s: &str) -> Result<UserRole, String> {
    UserRole::from_label(s).ok_or_else(|| {
        format!(
            "角色“{s}”无效，可选：{}",
            crate::domain::auth::ROLES.join("、")
        )
    })
}
