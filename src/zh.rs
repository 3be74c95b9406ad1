//! The one place where the English of the libraries and the system becomes
//! Chinese: the operating system's file errors ([`io`]), SQLite's
//! ([`sqlite`]), the TOML parser's ([`toml`]), serde_json's ([`json`]),
//! the font parser's ([`font`]), the print service's (CUPS `lp` and
//! `lpstat`, [`lp`]) and the window system's ([`window`]).
//! Every message the clerk sees that carries such an error goes through
//! here; none shows the library's own sentence. Numbers (an error number, a
//! line) stay; English words do not. `zh/syntax.rs` (TOML and serde) is
//! shared with `build.rs`.

mod syntax;

pub use syntax::{Format, is_chinese_message, line_column, serde_message, toml, toml_what};

/// A file or system error in Chinese, by the system's error number where
/// it has one we know, else by its kind; "系统错误（错误号 N）" for the rest.
pub fn io(e: &std::io::Error) -> String {
    // An error this program made with its own Chinese reason (a target
    // that is not a regular file, a folder owned by another user) says it.
    if e.get_ref().is_some() {
        let own = e.to_string();
        if is_chinese_message(&own) {
            return own;
        }
    }
    if let Some(text) = e.raw_os_error().and_then(errno) {
        return text.to_owned();
    }
    if let Some(text) = kind(e.kind()) {
        return text.to_owned();
    }
    match e.raw_os_error() {
        Some(n) => format!("系统错误（错误号 {n}）"),
        None => {
            // An error made by a library or by this program: its own
            // message when that is Chinese, else a generic one.
            let own = e.to_string();
            if is_chinese_message(&own) {
                own
            } else {
                "输入输出错误".to_owned()
            }
        }
    }
}

/// The file or system error behind a library's error (its `source`
/// chain), in Chinese; `None` when there is none (the library's own
/// complaint about the content, which the caller words).
pub fn io_within(e: &(dyn std::error::Error + 'static)) -> Option<String> {
    let mut next = Some(e);
    while let Some(err) = next {
        if let Some(io_error) = err.downcast_ref::<std::io::Error>() {
            return Some(io(io_error));
        }
        next = err.source();
    }
    None
}

/// Why a folder could not be made (`create_dir_all`): as [`io`], except
/// that "already exists" there means a file stands where the folder
/// should be.
pub fn io_making_folder(e: &std::io::Error) -> String {
    if e.kind() == std::io::ErrorKind::AlreadyExists {
        return "同名的文件已存在（不是文件夹）".to_owned();
    }
    io(e)
}

/// Error numbers the kinds do not tell apart (Linux numbering; Windows
/// errors are told by their kind).
fn errno(n: i32) -> Option<&'static str> {
    if !cfg!(target_os = "linux") {
        return None;
    }
    Some(match n {
        1 => "操作不允许（权限不足）",
        2 => "文件或文件夹不存在",
        5 => "输入输出错误（磁盘或设备读写失败）",
        6 => "设备不存在或未就绪",
        9 => "文件已关闭，无法读写",
        12 => "内存不足",
        13 => "权限不足",
        16 => "设备或文件正忙",
        17 => "文件已存在",
        18 => "不能跨磁盘移动文件",
        19 => "设备不支持此操作",
        20 => "路径中有一部分不是文件夹",
        21 => "这是一个文件夹，不是文件",
        22 => "参数无效",
        23 | 24 => "打开的文件过多",
        26 => "程序文件正在运行，不能写入",
        27 => "文件过大",
        28 => "磁盘已满",
        30 => "只读文件系统，不能写入",
        32 => "管道已关闭",
        36 => "文件名过长",
        39 => "文件夹不是空的",
        40 => "符号链接循环过多",
        61 => "没有数据",
        95 => "文件系统不支持此操作",
        110 => "连接超时",
        111 => "连接被拒绝",
        116 => "网络文件句柄已失效",
        122 => "超出磁盘配额",
        _ => return None,
    })
}

fn kind(k: std::io::ErrorKind) -> Option<&'static str> {
    use std::io::ErrorKind as K;
    Some(match k {
        K::NotFound => "文件或文件夹不存在",
        K::PermissionDenied => "权限不足",
        K::AlreadyExists => "文件已存在",
        K::StorageFull => "磁盘已满",
        K::QuotaExceeded => "超出磁盘配额",
        K::ReadOnlyFilesystem => "只读文件系统，不能写入",
        K::IsADirectory => "这是一个文件夹，不是文件",
        K::NotADirectory => "路径中有一部分不是文件夹",
        K::DirectoryNotEmpty => "文件夹不是空的",
        K::ResourceBusy => "设备或文件正忙",
        K::ExecutableFileBusy => "程序文件正在运行，不能写入",
        K::InvalidFilename => "文件名过长或含有不允许的字符",
        K::FileTooLarge => "文件过大",
        K::CrossesDevices => "不能跨磁盘移动文件",
        K::TooManyLinks => "链接过多",
        K::BrokenPipe => "管道已关闭",
        K::WouldBlock => "资源暂时不可用",
        K::TimedOut => "操作超时",
        K::Interrupted => "操作被中断",
        K::InvalidInput => "参数无效",
        K::InvalidData => "数据无效（文件内容或文字编码不对）",
        K::UnexpectedEof => "文件意外结束（文件不完整）",
        K::WriteZero => "未能写入任何数据",
        K::OutOfMemory => "内存不足",
        K::Unsupported => "系统不支持此操作",
        K::NotSeekable => "不能在其中定位",
        K::StaleNetworkFileHandle => "网络文件句柄已失效",
        K::Deadlock => "文件锁死锁",
        K::ArgumentListTooLong => "参数过长",
        K::ConnectionRefused => "连接被拒绝",
        K::ConnectionReset => "连接被重置",
        K::ConnectionAborted => "连接被中止",
        K::NotConnected => "未连接",
        K::HostUnreachable | K::NetworkUnreachable | K::NetworkDown => "网络不可达",
        K::AddrInUse | K::AddrNotAvailable => "网络地址不可用",
        _ => return None,
    })
}

/// A SQLite error in Chinese, by its (extended) result code; the register's
/// own refusals (its triggers' Chinese messages) are kept as they are.
pub fn sqlite(e: &rusqlite::Error) -> String {
    use rusqlite::Error as E;
    match e {
        E::SqliteFailure(code, message) => sqlite_failure(*code, message.as_deref()),
        E::QueryReturnedNoRows => "未找到所需的记录".to_owned(),
        E::QueryReturnedMoreThanOneRow => "找到的记录多于一条".to_owned(),
        E::FromSqlConversionFailure(column, _, inner) => {
            if let Some(json) = inner.downcast_ref::<serde_json::Error>() {
                return format!(
                    "数据库中的数据无法读取（第 {} 列：{}）",
                    column + 1,
                    self::json(json)
                );
            }
            let own = inner.to_string();
            if is_chinese_message(&own) {
                own
            } else {
                format!("数据库中的数据无法读取（第 {} 列格式不对）", column + 1)
            }
        }
        E::IntegralValueOutOfRange(column, value) => {
            format!("数据库中的数值 {value} 超出范围（第 {} 列）", column + 1)
        }
        E::Utf8Error(column, _) => {
            format!("数据库中的文字编码无效（第 {} 列）", column + 1)
        }
        E::InvalidColumnType(_, name, _) => format!("数据列“{name}”的类型不符"),
        E::InvalidColumnName(name) => format!("缺少数据列“{name}”"),
        E::ToSqlConversionFailure(inner) => {
            let own = inner.to_string();
            if is_chinese_message(&own) {
                own
            } else {
                "数据无法写入数据库（格式不对）".to_owned()
            }
        }
        E::InvalidPath(path) => format!("数据库路径无效：{}", path.display()),
        _ => "数据库调用有误（程序缺陷，请报告此问题）".to_owned(),
    }
}

fn sqlite_failure(code: rusqlite::ffi::Error, message: Option<&str>) -> String {
    use rusqlite::ErrorCode as C;
    use rusqlite::ffi;
    let own = message.filter(|m| is_chinese_message(m));
    let text = match code.code {
        C::ReadOnly => match code.extended_code {
            ffi::SQLITE_READONLY_DBMOVED => "数据库文件已被移动或删除，无法写入",
            ffi::SQLITE_READONLY_DIRECTORY => "数据库所在文件夹只读，无法写入",
            _ => "数据库只能读取、不能写入（文件或所在文件夹只读，或在只读介质上）",
        },
        C::SystemIoFailure => match code.extended_code {
            ffi::SQLITE_IOERR_READ | ffi::SQLITE_IOERR_SHORT_READ => {
                "读取数据库文件时磁盘出错（输入输出错误）"
            }
            ffi::SQLITE_IOERR_WRITE | ffi::SQLITE_IOERR_FSYNC | ffi::SQLITE_IOERR_DIR_FSYNC => {
                "写入数据库文件时磁盘出错（输入输出错误）"
            }
            ffi::SQLITE_IOERR_LOCK
            | ffi::SQLITE_IOERR_RDLOCK
            | ffi::SQLITE_IOERR_UNLOCK
            | ffi::SQLITE_IOERR_CHECKRESERVEDLOCK => "无法锁定数据库文件（磁盘或网络文件系统出错）",
            ffi::SQLITE_IOERR_NOMEM => "内存不足",
            _ => "数据库文件读写出错（磁盘输入输出错误）",
        },
        C::DiskFull => "磁盘已满，数据未能写入",
        C::DatabaseCorrupt => "文件中的数据页已损坏",
        C::NotADatabase => "不是数据库文件（或文件已损坏）",
        C::CannotOpen => match code.extended_code {
            ffi::SQLITE_CANTOPEN_ISDIR => "无法打开数据库文件：这是一个文件夹",
            _ => "无法打开数据库文件（文件夹不存在、没有权限或文件只读）",
        },
        C::DatabaseBusy => "数据库正被其他程序占用",
        C::DatabaseLocked => "数据表被锁定，请稍后重试",
        C::PermissionDenied => "没有访问数据库文件的权限",
        C::OutOfMemory => "内存不足",
        C::OperationAborted => "数据库操作被中止",
        C::OperationInterrupted => "数据库操作被中断",
        C::FileLockingProtocolFailed => "无法锁定数据库文件",
        C::SchemaChanged => "数据库结构刚被改动，请重试",
        C::TooBig => "文字或数据过大，无法保存",
        C::ConstraintViolation => {
            if let Some(own) = own {
                return own.to_owned();
            }
            match code.extended_code {
                ffi::SQLITE_CONSTRAINT_UNIQUE | ffi::SQLITE_CONSTRAINT_PRIMARYKEY => {
                    "与已有记录重复"
                }
                ffi::SQLITE_CONSTRAINT_NOTNULL => "缺少必填的内容",
                ffi::SQLITE_CONSTRAINT_FOREIGNKEY => "引用的记录不存在",
                ffi::SQLITE_CONSTRAINT_TRIGGER => "数据库的保护规则拒绝了此操作",
                _ => "数据不符合数据库的约束",
            }
        }
        C::TypeMismatch => "数据类型不符",
        C::NoLargeFileSupport => "系统不支持大文件",
        C::AuthorizationForStatementDenied => "数据库拒绝了此操作",
        C::ApiMisuse | C::ParameterOutOfRange | C::InternalMalfunction | C::NotFound => {
            "数据库调用有误（程序缺陷，请报告此问题）"
        }
        C::Unknown => return sqlite_error(message),
        _ => return format!("数据库错误（错误码 {}）", code.extended_code),
    };
    text.to_owned()
}

/// SQLITE_ERROR: a missing table or column is named; a message of the
/// register's own (Chinese) is kept; anything else is said generically.
fn sqlite_error(message: Option<&str>) -> String {
    let message = message.unwrap_or("");
    if let Some(table) = message.strip_prefix("no such table: ") {
        return format!("数据库缺少数据表“{table}”（文件可能被改动或损坏）");
    }
    if let Some(column) = message.strip_prefix("no such column: ") {
        return format!("数据库缺少数据列“{column}”（文件可能被改动或损坏）");
    }
    if is_chinese_message(message) {
        return message.to_owned();
    }
    "数据库语句执行出错（文件可能被改动或损坏）".to_owned()
}

/// Why the print service (CUPS `lp`, `lpstat`) refused, in Chinese, from
/// what it wrote to standard error (in English: `app::print` runs it in
/// the C locale). `printer` is the printer asked for, if any. A message
/// CUPS itself translated into Chinese is kept.
pub fn lp(said: &str, printer: Option<&str>) -> String {
    let said = said.trim();
    let lower = said.to_ascii_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| lower.contains(w));
    let named = printer.map(|p| format!("“{p}”")).unwrap_or_default();
    if has(&["no default destination", "no system default destination"]) {
        return "未设置默认打印机（请在系统设置中设定默认打印机，或指定打印机）".to_owned();
    }
    if has(&[
        "does not exist",
        "not found",
        "unknown destination",
        "invalid destination",
        "bad printer",
        "no such printer",
    ]) {
        return format!("打印机{named}不存在");
    }
    if has(&[
        "scheduler not running",
        "scheduler is not running",
        "scheduler not responding",
        "unable to connect",
        "connection refused",
        "service unavailable",
        "unable to contact",
    ]) {
        return "系统打印服务未运行（请启动打印服务后重试）".to_owned();
    }
    if has(&["not accepting jobs", "not accepting"]) {
        return format!("打印机{named}暂停接收打印任务");
    }
    if has(&[
        "forbidden",
        "not authorized",
        "unauthorized",
        "permission denied",
    ]) {
        return format!("没有使用打印机{named}的权限");
    }
    if has(&["unable to access", "unable to open", "no such file"]) {
        return "打印服务无法读取要打印的文件".to_owned();
    }
    if has(&["stopped", "disabled", "paused"]) {
        return format!("打印机{named}已停用");
    }
    // CUPS' own Chinese (a translation it has), without the "lp:" in front.
    let own = said
        .lines()
        .map(|l| {
            l.trim()
                .trim_start_matches("lpstat:")
                .trim_start_matches("lp:")
                .trim()
        })
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("；");
    if is_chinese_message(&own) {
        return own;
    }
    if said.is_empty() {
        "打印服务未说明原因".to_owned()
    } else {
        "打印服务拒绝了此次打印（原因无法识别）".to_owned()
    }
}

/// The job id in what `lp` said on success ("request id is 打印机-17 (1
/// file(s))"): a name, kept as it is.
pub fn lp_job(said: &str) -> Option<String> {
    let lower = said.to_ascii_lowercase();
    let at = lower.find("request id is ")? + "request id is ".len();
    let job = said.get(at..)?.split_whitespace().next()?;
    (!job.is_empty()).then(|| job.to_owned())
}

/// Why the window could not open (eframe, winit, the OpenGL context), in
/// Chinese.
pub fn window(e: &eframe::Error) -> String {
    match e {
        eframe::Error::WinitEventLoop(_) => {
            "无法连接图形桌面（本程序的窗口须在图形桌面中打开；不开窗口的用法见“wenze --help”）"
                .to_owned()
        }
        eframe::Error::Winit(_) => "图形桌面拒绝创建窗口".to_owned(),
        eframe::Error::Glutin(_)
        | eframe::Error::NoGlutinConfigs(..)
        | eframe::Error::OpenGL(_) => "显卡驱动或图形库不支持本程序所需的绘图功能".to_owned(),
        eframe::Error::AppCreation(inner) => {
            let own = inner.to_string();
            if is_chinese_message(&own) {
                own
            } else {
                "窗口内容无法初始化".to_owned()
            }
        }
        #[allow(unreachable_patterns)]
        _ => "图形界面出错".to_owned(),
    }
}

/// Why a font file could not be read as a font (ttf-parser), in Chinese.
pub fn font(e: ttf_parser::FaceParsingError) -> &'static str {
    use ttf_parser::FaceParsingError as F;
    match e {
        F::UnknownMagic => "文件开头不是字体文件的标记",
        F::MalformedFont => "字体数据不完整或已损坏",
        F::FaceIndexOutOfBounds => "字体集中没有所需的字面",
        F::NoHeadTable | F::NoHheaTable | F::NoMaxpTable => "字体缺少必需的数据表",
    }
}

/// What `PRAGMA quick_check` or `integrity_check` reported (SQLite's
/// English list of damaged pages), in Chinese: that it failed, and the
/// first page it names.
pub fn sqlite_check(report: &str) -> String {
    let lower = report.to_ascii_lowercase();
    let page = lower.find("page ").and_then(|i| {
        let digits: String = lower[i + 5..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        digits.parse::<u64>().ok()
    });
    match page {
        Some(p) => format!("完整性检查未通过，第 {p} 页起有损坏"),
        None => "完整性检查未通过".to_owned(),
    }
}

/// A serde_json error in Chinese, at line and column: what is wrong; names
/// of fields and quoted values (which the user typed) are kept.
pub fn json(e: &serde_json::Error) -> String {
    let msg = e.to_string();
    // serde_json appends " at line L column C".
    let msg = msg
        .rsplit_once(" at line ")
        .map_or(msg.as_str(), |(m, _)| m)
        .to_owned();
    let what = json_what(&msg, e.classify());
    if e.line() == 0 {
        return what;
    }
    format!("第 {} 行第 {} 列：{what}", e.line(), e.column())
}

fn json_what(msg: &str, class: serde_json::error::Category) -> String {
    use serde_json::error::Category;
    if let Some(zh) = serde_message(msg, Format::Json) {
        return zh;
    }
    match class {
        Category::Eof => "文件意外结束（缺少右括号或引号？）".to_owned(),
        Category::Syntax => {
            if msg.contains("trailing comma") {
                "多余的逗号".to_owned()
            } else if msg.contains("trailing characters") {
                "内容结束后还有多余的字符".to_owned()
            } else if msg.contains("key must be a string") {
                "字段名必须用双引号括起来".to_owned()
            } else if msg.contains("expected `:`") {
                "字段名后缺少冒号".to_owned()
            } else if msg.contains("expected `,` or") {
                "缺少逗号或右括号".to_owned()
            } else if msg.contains("control character") {
                "字符串中有未转义的控制字符（如换行）".to_owned()
            } else if msg.contains("escape") {
                "字符串中有无效的转义".to_owned()
            } else if msg.contains("number") {
                "数字格式不对".to_owned()
            } else if msg.contains("expected value") || msg.contains("expected ident") {
                "此处应为一个值".to_owned()
            } else {
                "语法错误".to_owned()
            }
        }
        Category::Data if is_chinese_message(msg) => msg.to_owned(),
        Category::Data => "内容不符合要求的格式".to_owned(),
        Category::Io => "读取失败".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Latin letters outside “quoted” text (names the user typed).
    fn latin(s: &str) -> bool {
        let mut quoted = false;
        s.chars().any(|c| {
            match c {
                '“' => quoted = true,
                '”' => quoted = false,
                _ => {}
            }
            !quoted && c.is_ascii_alphabetic()
        })
    }

    #[test]
    fn os_errors_by_number() {
        for (n, want) in [
            (28, "磁盘已满"),
            (13, "权限不足"),
            (1, "权限不足"),
            (2, "不存在"),
            (17, "已存在"),
            (30, "只读文件系统"),
            (21, "文件夹"),
            (20, "不是文件夹"),
            (16, "正忙"),
            (36, "文件名过长"),
            (5, "输入输出错误"),
            (32, "管道已关闭"),
            (122, "配额"),
        ] {
            let text = io(&std::io::Error::from_raw_os_error(n));
            assert!(text.contains(want), "{n}: {text}");
            assert!(!latin(&text), "{n}: {text}");
        }
        // An error number nobody named: its number, in Chinese.
        let text = io(&std::io::Error::from_raw_os_error(4095));
        assert_eq!(text, "系统错误（错误号 4095）");
    }

    #[test]
    fn errors_without_a_number_by_kind() {
        use std::io::{Error, ErrorKind};
        for (kind, want) in [
            (ErrorKind::NotFound, "不存在"),
            (ErrorKind::StorageFull, "磁盘已满"),
            (ErrorKind::UnexpectedEof, "意外结束"),
            (ErrorKind::InvalidData, "数据无效"),
        ] {
            let text = io(&Error::new(kind, "some english detail"));
            assert!(text.contains(want), "{kind:?}: {text}");
            assert!(!text.contains("english"), "{text}");
        }
        assert_eq!(io(&Error::other("failed to fill buffer")), "输入输出错误");
        assert_eq!(io(&Error::other("草稿已损坏")), "草稿已损坏");
    }

    #[test]
    fn sqlite_errors_by_code() {
        let failure = |code: i32, msg: Option<&str>| {
            rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(code), msg.map(str::to_owned))
        };
        for (code, want) in [
            (rusqlite::ffi::SQLITE_READONLY, "不能写入"),
            (rusqlite::ffi::SQLITE_IOERR_WRITE, "输入输出错误"),
            (rusqlite::ffi::SQLITE_FULL, "磁盘已满"),
            (rusqlite::ffi::SQLITE_CORRUPT, "损坏"),
            (rusqlite::ffi::SQLITE_NOTADB, "不是数据库文件"),
            (rusqlite::ffi::SQLITE_CANTOPEN, "无法打开"),
            (rusqlite::ffi::SQLITE_BUSY, "占用"),
            (rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE, "重复"),
        ] {
            let text = sqlite(&failure(code, Some("attempt to write a readonly database")));
            assert!(text.contains(want), "{code}: {text}");
            assert!(!latin(&text), "{code}: {text}");
        }
        // The register's own refusal (a trigger's RAISE) is kept.
        let text = sqlite(&failure(
            rusqlite::ffi::SQLITE_CONSTRAINT_TRIGGER,
            Some("审计日志不可修改"),
        ));
        assert_eq!(text, "审计日志不可修改");
        let text = sqlite(&failure(1, Some("no such table: remedies")));
        assert!(text.contains("“remedies”"), "{text}");
        assert!(!latin(&sqlite(&rusqlite::Error::QueryReturnedNoRows)));
        assert!(!latin(&sqlite(&rusqlite::Error::InvalidQuery)));
    }

    #[test]
    fn toml_errors_with_line_and_column() {
        let source = "a = [\"x\" \"y\"]\n";
        let e = ::toml::from_str::<::toml::Table>(source).expect_err("bad");
        let text = toml(&e, source);
        assert_eq!(text, "第 1 行第 10 列：数组元素之间缺少逗号");
        let source = "a = 1\nb = \"x\n";
        let e = ::toml::from_str::<::toml::Table>(source).expect_err("bad");
        let text = toml(&e, source);
        assert!(text.starts_with("第 2 行"), "{text}");
        assert!(!latin(&text), "{text}");
    }

    #[test]
    fn common_toml_mistakes_are_each_named() {
        let mut vague = Vec::new();
        for source in [
            "a = [\"x\" \"y\"]\n",
            "[a\n",
            "[[a]\n",
            "a = \"x\n",
            "a = 'x\n",
            "a = \"\"\"x\n",
            "a =\n",
            "a\n",
            "a = 1\na = 2\n",
            "a = {b = 1 c = 2}\n",
            "a = [1,,2]\n",
            "a = tru\n",
            "a = 1979-13-40\n",
            "a = 01\n",
            "a = 1 b = 2\n",
            "a = \"\\q\"\n",
        ] {
            let e = ::toml::from_str::<::toml::Table>(source).expect_err(source);
            let text = toml(&e, source);
            if !text.starts_with("第 ") || text.ends_with("格式有误") || latin(&text) {
                vague.push(format!("{source:?}: {} → {text}", e.message()));
            }
        }
        assert!(vague.is_empty(), "{vague:#?}");
    }

    #[test]
    fn json_errors_with_line_and_column() {
        let e = serde_json::from_str::<serde_json::Value>("{\n \"a\": 1,\n}").expect_err("bad");
        assert_eq!(json(&e), "第 3 行第 1 列：多余的逗号");
        let e = serde_json::from_str::<Vec<u8>>("[1, \"x\"]").expect_err("bad");
        let text = json(&e);
        assert!(text.contains("数字"), "{text}");
        assert!(!latin(&text), "{text}");
    }
}
