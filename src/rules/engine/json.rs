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
            let mut msg = crate::zh::json(&e);
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
