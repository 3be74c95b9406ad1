//! `wenze assess` JSON: parse a case file with errors wholly in Chinese,
//! naming line and column (docs/case-json.md). Unknown fields are rejected;
//! `history` is checked too, `document` (the export's details) is skipped.

use serde::de::{self, DeserializeSeed, IgnoredAny, IntoDeserializer, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

use super::{CaseInput, HistoryRecord};

/// Parse a case file's JSON into the engine's [`CaseInput`]. Errors are in
/// Chinese with line and column.
pub fn parse_case_json(text: &str) -> Result<CaseInput, String> {
    let mut de = serde_json::Deserializer::from_str(text);
    let case = CaseFile::deserialize(&mut de)
        .and_then(|c| de.end().map(|()| c))
        .map_err(|e| {
            let mut msg = json_error_zh(&e);
            // Name the bad date as typed (jiff's message does not quote it).
            if msg.contains("日期无效")
                && let Some(value) = quoted_before(text, e.line(), e.column())
            {
                msg = msg.replacen("日期无效", &format!("日期“{value}”无效"), 1);
            }
            msg
        })?;
    Ok(case.0)
}

/// The last string literal that ends at or before (line, column) (1-based).
fn quoted_before(text: &str, line: usize, column: usize) -> Option<&str> {
    let l = text.lines().nth(line.checked_sub(1)?)?;
    let head = l.get(..column.min(l.len()))?;
    let end = head.rfind('"')?;
    let start = head[..end].rfind('"')? + 1;
    head.get(start..end)
}

struct CaseFile(CaseInput);

impl<'de> Deserialize<'de> for CaseFile {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(CaseVisitor).map(CaseFile)
    }
}

struct CaseVisitor;

impl<'de> Visitor<'de> for CaseVisitor {
    type Value = CaseInput;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an object")
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<CaseInput, A::Error> {
        CaseInput::deserialize(de::value::MapAccessDeserializer::new(SkipFileKeys(map)))
    }
}

/// Passes every key to `CaseInput` except the file-level `history` (checked
/// as history records) and `document` (the export's, not the engine's).
struct SkipFileKeys<A>(A);

impl<'de, A: MapAccess<'de>> MapAccess<'de> for SkipFileKeys<A> {
    type Error = A::Error;
    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        loop {
            let Some(key) = self.0.next_key::<String>()? else {
                return Ok(None);
            };
            match key.as_str() {
                "history" => {
                    self.0.next_value::<Vec<HistoryRecord>>()?;
                }
                "document" => {
                    self.0.next_value::<IgnoredAny>()?;
                }
                _ => {
                    let k: de::value::StringDeserializer<A::Error> = key.into_deserializer();
                    return seed.deserialize(k).map(Some);
                }
            }
        }
    }
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        self.0.next_value_seed(seed)
    }
}

/// A serde_json error in Chinese: what is wrong, at line and column. The
/// English text of serde and jiff is never shown; names of fields (which the
/// user typed) and quoted values are kept.
pub fn json_error_zh(e: &serde_json::Error) -> String {
    let msg = e.to_string();
    // serde_json appends " at line L column C".
    let msg = msg
        .rsplit_once(" at line ")
        .map_or(msg.as_str(), |(m, _)| m)
        .to_owned();
    let what = describe(&msg, e.classify());
    format!("第 {} 行第 {} 列：{what}", e.line(), e.column())
}

fn between(s: &str, open: char, close: char) -> Option<&str> {
    let start = s.find(open)? + open.len_utf8();
    let end = s[start..].find(close)? + start;
    Some(&s[start..end])
}

fn describe(msg: &str, class: serde_json::error::Category) -> String {
    use serde_json::error::Category;
    let tick = || between(msg, '`', '`').unwrap_or("");
    if msg.starts_with("unknown field") {
        let allowed: Vec<&str> = msg
            .split_once("expected")
            .map(|(_, rest)| rest.split('`').skip(1).step_by(2).collect())
            .unwrap_or_default();
        return format!(
            "未知字段“{}”（可用字段：{}）",
            tick(),
            if allowed.is_empty() {
                "无".to_owned()
            } else {
                allowed.join("、")
            }
        );
    }
    if msg.starts_with("missing field") {
        return format!("缺少必填字段“{}”", tick());
    }
    if msg.starts_with("duplicate field") {
        return format!("字段“{}”重复", tick());
    }
    if msg.starts_with("unknown variant") {
        let allowed: Vec<&str> = msg
            .split_once("expected")
            .map(|(_, rest)| rest.split('`').skip(1).step_by(2).collect())
            .unwrap_or_default();
        return format!("取值“{}”无效（可选：{}）", tick(), allowed.join("、"));
    }
    if msg.starts_with("invalid type") {
        let expected = msg.split_once("expected ").map_or("", |(_, e)| e);
        return format!("类型不对：此处应为{}", expected_zh(expected));
    }
    if msg.contains("civil date")
        || msg.contains("date")
        || msg.contains("day")
        || msg.contains("month")
    {
        return "日期无效：应为存在的公历日期，格式 YYYY-MM-DD（如 2026-03-05）".to_owned();
    }
    if msg.starts_with("invalid value") || msg.starts_with("invalid length") {
        return "取值无效".to_owned();
    }
    match class {
        Category::Eof => "文件意外结束（缺少右括号或引号？）".to_owned(),
        Category::Syntax => {
            if msg.contains("trailing comma") {
                "多余的逗号".to_owned()
            } else if msg.contains("trailing characters") {
                "JSON 结束后还有多余内容".to_owned()
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
            } else {
                "JSON 语法错误".to_owned()
            }
        }
        Category::Data => "内容不符合案件格式".to_owned(),
        Category::Io => "读取失败".to_owned(),
    }
}

fn expected_zh(expected: &str) -> &'static str {
    if expected.contains("boolean") {
        "true 或 false"
    } else if expected.contains("sequence") {
        "数组（[…]）"
    } else if expected.contains("string") || expected.contains("date") {
        "字符串（用双引号）"
    } else if expected.contains("struct") || expected.contains("map") || expected.contains("object")
    {
        "对象（{…}）"
    } else if expected.contains("integer") || expected.contains("u8") || expected.contains("number")
    {
        "数字"
    } else {
        "其他类型"
    }
}
