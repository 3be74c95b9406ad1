//! Command line: no subcommand opens the window; subcommands work headless.

use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};

use clap::Parser;

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
                err_raw(format_args!("错误：无法写出结果：{}\n", crate::zh::io(&e)));
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

mod args;
mod auth;
mod case;
mod case_draft;
mod case_file;
mod gui;
mod register;
mod sheets;
mod tools;

pub(crate) use args::{Cli, Cmd};
use auth::{Need, authorize};
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
        None => gui::run_gui(
            db,
            cli.global.renderer,
            cli.global.draft.clone(),
            cli.global.screen.clone(),
        ),
        Some(Cmd::Fonts) => {
            for (role, found) in crate::fonts::find_official_fonts() {
                match found {
                    Some(p) => outln!("{}\t{}\t{}", role.label(), role.standard(), p.display()),
                    None => outln!("{}\t{}\t未安装", role.label(), role.standard()),
                }
            }
            ExitCode::SUCCESS
        }
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
        Some(Cmd::Assess { case }) => case_file::run_assess(&case),
        Some(Cmd::Deadline(args)) => tools::run_deadline(&args),
        Some(Cmd::Regulations(cmd)) => tools::run_regulations(cmd),
        Some(Cmd::Bench { iterations }) => {
            tools::run_bench(iterations.max(1), cli.global.db.as_deref())
        }
        Some(Cmd::CheckId { number }) => tools::run_check_id(&number),
        Some(Cmd::Export {
            case: None,
            json: Some(json),
            doc,
            out,
            format,
            approval_draft,
            ..
        }) => case_file::run_export_json(
            &json,
            &doc,
            (&out, case_file::out_format(&out, format)),
            approval_draft,
        ),
        Some(Cmd::Restore { src, user }) => auth::run_restore(&db, &src, user.as_deref()),
        Some(Cmd::Case(cmd)) => case::run(&db, cmd),
        Some(cmd) => register::with_storage(&db, cmd),
    }
}

/// Command-line mistakes in Chinese (help and version print as usual): what
/// went wrong, and the argument and value it concerns, taken from clap's
/// context — never clap's English sentence.
fn clap_error(e: clap::Error) -> ExitCode {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    match e.kind() {
        ErrorKind::DisplayVersion => {
            out_raw(format_args!("{}", e.render()));
            return ExitCode::SUCCESS;
        }
        ErrorKind::DisplayHelp | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            // clap's own headings and annotations, in Chinese.
            out_raw(format_args!("{}", help_in_chinese(&e.render().to_string())));
            return if e.kind() == ErrorKind::DisplayHelp {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(2)
            };
        }
        _ => {}
    }
    let text = |kind: ContextKind| -> Option<String> {
        match e.get(kind)? {
            ContextValue::String(s) => Some(s.clone()),
            ContextValue::Strings(v) => Some(v.join("、")),
            ContextValue::StyledStr(s) => Some(s.to_string()),
            ContextValue::StyledStrs(v) => Some(
                v.iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("、"),
            ),
            ContextValue::Number(n) => Some(n.to_string()),
            _ => None,
        }
    };
    // The values an argument takes, each as typed: “glow”、“wgpu”.
    let quoted = |kind: ContextKind| -> Option<String> {
        match e.get(kind)? {
            ContextValue::Strings(v) => Some(
                v.iter()
                    .map(|s| format!("“{s}”"))
                    .collect::<Vec<_>>()
                    .join("、"),
            ),
            _ => text(kind).map(|s| format!("“{s}”")),
        }
    };
    let arg = text(ContextKind::InvalidArg).unwrap_or_default();
    let value = text(ContextKind::InvalidValue).unwrap_or_default();
    let what = match e.kind() {
        ErrorKind::MissingRequiredArgument => format!("缺少必需的参数：{arg}"),
        ErrorKind::UnknownArgument => format!("不认识的参数：{arg}"),
        ErrorKind::InvalidSubcommand => format!(
            "不认识的子命令：{}",
            text(ContextKind::InvalidSubcommand).unwrap_or_default()
        ),
        ErrorKind::MissingSubcommand => "缺少子命令".to_owned(),
        ErrorKind::InvalidValue => match quoted(ContextKind::ValidValue) {
            Some(valid) => format!("参数 {arg} 的值“{value}”无效，可选：{valid}"),
            None => format!("参数 {arg} 缺少值或值“{value}”无效"),
        },
        ErrorKind::ValueValidation => {
            // Our own value parsers say why in Chinese; a library's reason
            // (a number out of range…) is replaced by a Chinese one.
            let why = std::error::Error::source(&e)
                .map(ToString::to_string)
                .filter(|m| m.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)))
                .unwrap_or_else(|| {
                    if value.trim().parse::<i128>().is_ok() {
                        "超出允许的范围".to_owned()
                    } else {
                        "应为数字或格式不对".to_owned()
                    }
                });
            format!("参数 {arg} 的值“{value}”不合要求：{why}")
        }
        ErrorKind::ArgumentConflict => format!(
            "参数 {arg} 不能与 {} 同时使用",
            text(ContextKind::PriorArg).unwrap_or_default()
        ),
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues => {
            format!("参数 {arg} 的值个数不对")
        }
        ErrorKind::NoEquals => format!("参数 {arg} 须写成“参数=值”"),
        ErrorKind::InvalidUtf8 => "参数不是有效的 UTF-8 文本".to_owned(),
        _ => "命令行有误".to_owned(),
    };
    errln!("错误：{what}。请用 wenze --help 查看用法。");
    ExitCode::from(2)
}

/// clap's English headings and annotations in a help text, in Chinese.
fn help_in_chinese(help: &str) -> String {
    let mut out = help
        .replace("Usage: ", "用法：")
        .replace("Usage:", "用法：")
        .replace("[OPTIONS]", "[选项]")
        .replace("<COMMAND>", "<子命令>")
        .replace("[COMMAND]", "[子命令]")
        .replace("Arguments:", "参数：")
        .replace("Options:", "选项：")
        .replace("Commands:", "子命令：")
        .replace("[default: ", "[默认：")
        .replace("[possible values: ", "[可选值：")
        .replace("[aliases: ", "[别名：")
        .replace("[env: ", "[环境变量：");
    // "Print help" and friends clap adds itself.
    for (en, zh) in [
        (
            "Print help (see more with '--help')",
            "显示帮助（--help 显示更多）",
        ),
        (
            "Print help (see a summary with '-h')",
            "显示帮助（-h 显示摘要）",
        ),
        ("Print help", "显示帮助"),
        ("Print version", "显示版本号"),
        (
            "Print this message or the help of the given subcommand(s)",
            "显示本帮助或指定子命令的帮助",
        ),
    ] {
        out = out.replace(en, zh);
    }
    out
}

/// Text from the register as the terminal may show it. Control characters
/// would move the cursor, recolour or clear the screen, or break the
/// tab-separated columns; bidirectional overrides would reorder what
/// follows. They are escaped, visibly and one for one:
///
/// - C0 controls (U+0000–U+001F) and DEL become their Unicode control
///   pictures: ESC is shown as ␛, a tab as ␉, a line feed as ␊, DEL as ␡ —
///   one narrow symbol each, readable beside Chinese text and never taken
///   for a column break;
/// - C1 controls (U+0080–U+009F) and the bidirectional embeddings,
///   overrides and isolates (U+202A–U+202E, U+2066–U+2069), which have no
///   pictures, become `\u{…}` with their code point in hexadecimal
///   (`\u{9b}`, `\u{202e}`).
///
/// Everything else, Chinese included, is printed as stored.
pub(crate) fn terminal_safe(text: &str) -> std::borrow::Cow<'_, str> {
    let escaped = |c: char| {
        c.is_control()
            || ('\u{202a}'..='\u{202e}').contains(&c)
            || ('\u{2066}'..='\u{2069}').contains(&c)
    };
    if !text.chars().any(escaped) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match u32::from(c) {
            n @ 0..=0x1f => out.push(char::from_u32(0x2400 + n).unwrap_or('\u{fffd}')),
            0x7f => out.push('\u{2421}'),
            n if escaped(c) => out.push_str(&format!("\\u{{{n:x}}}")),
            _ => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

fn fail(message: &str) -> ExitCode {
    errln!("错误：{message}");
    ExitCode::FAILURE
}
