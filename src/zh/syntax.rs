//! TOML and serde messages in Chinese. The parsers' English is never shown:
//! each known message becomes a Chinese sentence, anything else a Chinese
//! generic one. Names the file's author typed (keys, values) are kept,
//! quoted “…”. This file names no other module of the crate: `build.rs`
//! compiles it too, for the regulation files' checks.

/// Whether `s` is a message written in Chinese (ours, or a translation),
/// not a library's English sentence that merely quotes Chinese input: it
/// begins with a Chinese character or Chinese punctuation.
pub fn is_chinese_message(s: &str) -> bool {
    s.trim_start().chars().next().is_some_and(|c| {
        ('\u{4e00}'..='\u{9fff}').contains(&c)
            || ('\u{3000}'..='\u{303f}').contains(&c)
            || ('\u{ff00}'..='\u{ffef}').contains(&c)
            || "“‘《".contains(c)
    })
}

/// 1-based line and column (in characters) of byte `offset` in `source`.
pub fn line_column(source: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(source.len());
    while !source.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[start..].chars().count() + 1)
}

/// A TOML error in Chinese with its place in `source`: "第 L 行第 C 列：…".
pub fn toml(e: &::toml::de::Error, source: &str) -> String {
    let what = toml_what(e);
    match e.span() {
        Some(span) => {
            let (line, column) = line_column(source, span.start);
            format!("第 {line} 行第 {column} 列：{what}")
        }
        None => what,
    }
}

/// What is wrong in a TOML file, in Chinese, without its place.
pub fn toml_what(e: &::toml::de::Error) -> String {
    let msg = e.message().trim();
    if let Some(zh) = serde_message(msg, Format::Toml) {
        return zh;
    }
    let (what, _expected) = msg.split_once(", expected ").unwrap_or((msg, ""));
    if let Some(zh) = toml_syntax(what) {
        return zh.to_owned();
    }
    if is_chinese_message(msg) {
        // Our own readers' messages (e.g. an unknown 案件阶段).
        return msg.to_owned();
    }
    "格式有误".to_owned()
}

/// The TOML parser's descriptions (toml_parser, toml), in Chinese.
fn toml_syntax(what: &str) -> Option<&'static str> {
    const TABLE: &[(&str, &str)] = &[
        (
            "missing comma between array elements",
            "数组元素之间缺少逗号",
        ),
        (
            "missing comma between key-value pairs",
            "键值对之间缺少逗号",
        ),
        ("extra comma in array", "数组中多了逗号"),
        ("extra comma in inline table", "内联表中多了逗号"),
        ("unexpected `=` in array", "数组中不应有等号"),
        ("extra `=`", "多了等号"),
        (
            "extra assignment between key-value pairs",
            "键值对之间多了等号",
        ),
        (
            "missing assignment between key-value pairs",
            "键值对之间缺少等号",
        ),
        ("missing key for inline table element", "内联表的元素缺少键"),
        ("invalid inline table element", "内联表的元素有误"),
        ("missing inline table opening", "缺少内联表的左花括号"),
        ("missing array opening", "缺少数组的左方括号"),
        ("missing table open", "缺少表头的左方括号"),
        ("unclosed array table", "表数组的表头缺少右方括号"),
        ("unclosed array", "数组缺少右方括号"),
        ("unclosed inline table", "内联表缺少右花括号"),
        ("unclosed table", "表头缺少右方括号"),
        ("key with no value", "键后面缺少等号和值"),
        ("missing value for key", "键后面缺少值"),
        ("missing value", "缺少值"),
        ("invalid key-value pair", "键值对有误"),
        ("invalid unquoted key", "键名含有不允许的字符（可加引号）"),
        ("unquoted keys cannot be empty", "键名不能为空"),
        ("keys cannot be multi-line", "键名不能是多行字符串"),
        ("string values must be quoted", "文字值须用双引号括起"),
        ("missing opening quote", "缺少左引号"),
        (
            "invalid string",
            "字符串有误（缺少右引号，或含有无效的转义）",
        ),
        (
            "invalid basic string",
            "字符串有误（缺少右引号，或含有无效的转义）",
        ),
        ("invalid literal string", "单引号字符串有误（缺少右引号）"),
        (
            "invalid multi-line basic string",
            "多行字符串有误（缺少结尾的三个引号）",
        ),
        (
            "invalid multi-line literal string",
            "多行字符串有误（缺少结尾的三个单引号）",
        ),
        ("could not allocate", "内存不足"),
        ("missing escaped value", "反斜杠后缺少转义的字符"),
        ("too few unicode value digits", "转义的字符编码位数不足"),
        (
            "carriage return must be followed by newline",
            "回车符后须是换行符",
        ),
        ("invalid comment character", "注释中有不允许的字符"),
        ("missing comment start", "缺少注释符号“#”"),
        (
            "unexpected content between comment and newline",
            "注释后有多余内容",
        ),
        ("unexpected key or value", "一行中只能有一个键值对"),
        ("unexpected content", "有多余的内容"),
        ("invalid boolean", "布尔值只能是“true”或“false”"),
        ("invalid date-time", "日期时间有误"),
        ("invalid float", "小数有误"),
        ("invalid integer number", "整数有误"),
        ("invalid hexadecimal number", "十六进制数有误"),
        ("invalid octal number", "八进制数有误"),
        ("invalid binary number", "二进制数有误"),
        ("integer number overflowed", "整数超出范围"),
        ("floating-point number overflowed", "小数超出范围"),
        ("`_` may only go between digits", "下划线只能写在数字之间"),
        (
            "integers with a radix cannot be signed",
            "带进制前缀的整数不能有正负号",
        ),
        ("radix must be lowercase", "进制前缀须为小写"),
        ("redundant integer number prefix", "整数前缀重复"),
        ("redundant numeric sign", "正负号重复"),
        ("unexpected leading zero", "数字不能以零开头"),
        ("unexpected sign", "不应有正负号"),
        ("invalid value", "值有误"),
        ("duplicate key", "键重复"),
        ("cannot extend value of type", "不能用带点的键扩展已有的值"),
        ("cannot recurse further", "嵌套层数过多"),
        ("recursion limit", "嵌套层数过多"),
        ("expected empty array", "此处应为空数组"),
        ("expected empty table", "此处应为空表"),
        ("expected table key", "表的键不符"),
        ("wanted string or table", "此处应为文字或表"),
        ("value is missing a span", "值的位置无法确定"),
    ];
    TABLE
        .iter()
        .find(|(en, _)| what.starts_with(en))
        .map(|(_, zh)| *zh)
}

/// Which file format a serde message comes from (what a table is called).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Toml,
    Json,
}

fn between(s: &str, open: char, close: char) -> Option<&str> {
    let start = s.find(open)? + open.len_utf8();
    let end = s[start..].find(close)? + start;
    Some(&s[start..end])
}

/// The names serde lists after "expected": `a`, `b` → “a”、“b”.
fn listed(msg: &str) -> String {
    let names: Vec<String> = msg
        .split_once("expected")
        .map(|(_, rest)| {
            rest.split('`')
                .skip(1)
                .step_by(2)
                .map(|n| format!("“{n}”"))
                .collect()
        })
        .unwrap_or_default();
    if names.is_empty() {
        "无".to_owned()
    } else {
        names.join("、")
    }
}

/// serde's own messages (a field unknown, missing or repeated, a value of
/// the wrong type) and date readers' messages, in Chinese; `None` for a
/// message that is none of them.
pub fn serde_message(msg: &str, format: Format) -> Option<String> {
    let tick = || between(msg, '`', '`').unwrap_or("");
    let (field, fields) = match format {
        Format::Toml => ("键", "可用的键"),
        Format::Json => ("字段", "可用字段"),
    };
    if msg.starts_with("unknown field") {
        return Some(format!(
            "未知{field}“{}”（{fields}：{}）",
            tick(),
            listed(msg)
        ));
    }
    if msg.starts_with("missing field") {
        return Some(format!("缺少必填{field}“{}”", tick()));
    }
    if msg.starts_with("duplicate field") {
        return Some(format!("{field}“{}”重复", tick()));
    }
    if msg.starts_with("unknown variant") {
        return Some(format!("取值“{}”无效（可选：{}）", tick(), listed(msg)));
    }
    if msg.starts_with("invalid type") {
        let expected = msg.split_once("expected ").map_or("", |(_, e)| e);
        return Some(format!(
            "类型不对：此处应为{}",
            expected_zh(expected, format)
        ));
    }
    if msg.contains("civil date")
        || msg.contains("date")
        || msg.contains("day")
        || msg.contains("month")
    {
        return Some("日期无效：应为存在的公历日期，格式“YYYY-MM-DD”（如 2026-03-05）".to_owned());
    }
    if msg.starts_with("invalid value") {
        return Some("取值无效".to_owned());
    }
    if msg.starts_with("invalid length") {
        return Some("元素个数不对".to_owned());
    }
    None
}

fn expected_zh(expected: &str, format: Format) -> &'static str {
    if expected.contains("boolean") {
        "“true”或“false”"
    } else if expected.contains("sequence") || expected.contains("array") {
        "数组（[…]）"
    } else if expected.contains("string") || expected.contains("date") {
        "文字（用双引号括起）"
    } else if expected.contains("struct")
        || expected.contains("map")
        || expected.contains("object")
        || expected.contains("table")
    {
        match format {
            Format::Toml => "表",
            Format::Json => "对象（{…}）",
        }
    } else if expected.contains("integer")
        || expected.contains("u8")
        || expected.contains("u16")
        || expected.contains("u32")
        || expected.contains("u64")
        || expected.contains("i8")
        || expected.contains("i16")
        || expected.contains("i32")
        || expected.contains("i64")
        || expected.contains("number")
        || expected.contains("float")
        || expected.contains("f64")
    {
        "数字"
    } else {
        "其他类型"
    }
}
