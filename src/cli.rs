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
