//! An office's existing 台账 as historical decisions: header recognition,
//! column mapping and row validation. Pure: the grid, the regulation and
//! "today" come in as arguments; every problem is a Chinese message naming
//! the row as the clerk sees it in Excel/WPS (1-based).

use jiff::civil::Date;
use sha2::{Digest, Sha256};

use super::sheet::{Cell, Grid, excel_serial_date};
use crate::domain::id_number;
use crate::rules::Regulation;

mod conduct;
use conduct::{behaviours_cited, level_of};

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Seq,
    Name,
    IdNumber,
    Gender,
    Unit,
    Post,
    Matter,
    Methods,
    DecidedOn,
    DocNo,
    Basis,
    /// 情节轻重 as the regulation file names its levels (较轻 …); optional.
    Severity,
}

impl Field {
    pub(crate) const ALL: [Field; 12] = [
        Field::Seq,
        Field::Name,
        Field::IdNumber,
        Field::Gender,
        Field::Unit,
        Field::Post,
        Field::Matter,
        Field::Methods,
        Field::DecidedOn,
        Field::DocNo,
        Field::Basis,
        Field::Severity,
    ];

    /// The field's name on screen and in `--map 列名=字段`.
    pub(crate) fn label(self) -> &'static str {
        match self {
            Field::Seq => "序号",
            Field::Name => "姓名",
            Field::IdNumber => "身份证号",
            Field::Gender => "性别",
            Field::Unit => "单位",
            Field::Post => "职务职级",
            Field::Matter => "问题事由",
            Field::Methods => "问责方式",
            Field::DecidedOn => "决定日期",
            Field::DocNo => "文号",
            Field::Basis => "依据",
            Field::Severity => "情节轻重",
        }
    }

    /// Headers offices use for this field (compared after removing spaces,
    /// line breaks and brackets).
    fn headers(self) -> &'static [&'static str] {
        match self {
            Field::Seq => &["序号", "编号", "序"],
            Field::Name => &[
                "姓名",
                "被问责人",
                "被问责人姓名",
                "责任人",
                "当事人",
                "人员姓名",
            ],
            Field::IdNumber => &["身份证号", "身份证号码", "公民身份号码", "身份证"],
            Field::Gender => &["性别"],
            Field::Unit => &[
                "单位",
                "工作单位",
                "所在单位",
                "部门",
                "科室",
                "单位部门",
                "所在部门",
            ],
            Field::Post => &["职务", "职级", "职务职级", "职务级别", "现任职务", "岗位"],
            Field::Matter => &[
                "问题",
                "事由",
                "问题事由",
                "主要问题",
                "问责事由",
                "违纪事实",
                "问题描述",
                "案由",
            ],
            Field::Methods => &[
                "处理结果",
                "问责方式",
                "处理方式",
                "处理情况",
                "问责结果",
                "处分结果",
                "处理意见",
            ],
            Field::DecidedOn => &[
                "处理时间",
                "决定日期",
                "处理日期",
                "问责时间",
                "决定时间",
                "问责日期",
                "日期",
            ],
            Field::DocNo => &["文号", "决定文号", "处理文号", "文件编号"],
            Field::Basis => &["依据", "问责依据", "处理依据", "适用规定"],
            Field::Severity => &["情节轻重", "情节", "情节程度", "轻重程度"],
        }
    }

    /// The field a `--map` value or a header names, if any.
    pub(crate) fn from_label(text: &str) -> Option<Field> {
        let t = squash(text);
        Field::ALL
            .into_iter()
            .find(|f| f.label() == t || f.headers().contains(&t.as_str()))
    }
}

/// Header text without spaces, line breaks and brackets: "问责方式\n（处理结果）"
/// → "问责方式处理结果".
fn squash(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && !"（）()【】[]/／、:：*".contains(*c))
        .collect()
}

fn recognise(header: &str) -> Option<Field> {
    let h = squash(header);
    if h.is_empty() {
        return None;
    }
    if let Some(f) = Field::from_label(&h) {
        return Some(f);
    }
    // "处理结果（问责方式）", "身份证号码（18位）": a known header at the start.
    Field::ALL.into_iter().find(|f| {
        f.headers()
            .iter()
            .any(|known| known.chars().count() >= 2 && h.starts_with(known))
    })
}

/// Which row holds the headers and which field each column holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mapping {
    /// 0-based index into the grid.
    pub(crate) header_row: usize,
    /// The header text of each column, as in the file.
    pub(crate) headers: Vec<String>,
    pub(crate) columns: Vec<Option<Field>>,
}

impl Mapping {
    pub(crate) fn column(&self, field: Field) -> Option<usize> {
        self.columns.iter().position(|c| *c == Some(field))
    }

    /// Map the column headed `header` to `field` (a clerk's choice), or
    /// leave it out with `None`.
    pub(crate) fn set(&mut self, header: &str, field: Option<Field>) -> Result<(), String> {
        let want = squash(header);
        let i = self
            .headers
            .iter()
            .position(|h| squash(h) == want)
            .ok_or_else(|| format!("表头中没有“{header}”这一列"))?;
        if let Some(f) = field {
            for c in &mut self.columns {
                if *c == Some(f) {
                    *c = None;
                }
            }
        }
        self.columns[i] = field;
        Ok(())
    }
}

/// Find the header row among the first rows (a merged title row above it is
/// skipped) and recognise its columns.
pub(crate) fn detect(grid: &Grid) -> Result<Mapping, String> {
    let mut best: Option<(usize, usize)> = None;
    for (i, row) in grid.rows.iter().take(20).enumerate() {
        let n = row
            .iter()
            .filter_map(|c| recognise(&c.text()))
            .collect::<std::collections::HashSet<_>>()
            .len();
        if n >= 2 && best.is_none_or(|(_, m)| n > m) {
            best = Some((i, n));
        }
    }
    let (header_row, _) = best.ok_or_else(|| {
        "前 20 行中找不到表头（至少应有“姓名”“处理结果/问责方式”“处理时间/决定日期”等两列）"
            .to_owned()
    })?;
    let headers: Vec<String> = grid.rows[header_row].iter().map(Cell::text).collect();
    let mut columns: Vec<Option<Field>> = Vec::with_capacity(headers.len());
    for h in &headers {
        let f = recognise(h).filter(|f| !columns.contains(&Some(*f)));
        columns.push(f);
    }
    Ok(Mapping {
        header_row,
        headers,
        columns,
    })
}

/// A row that passed every check: one historical decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoricRow {
    /// The row number in the sheet (1-based, as Excel/WPS shows it).
    pub(crate) line: usize,
    pub(crate) name: String,
    pub(crate) id_number: Option<String>,
    pub(crate) gender: String,
    pub(crate) unit: String,
    pub(crate) post: String,
    pub(crate) matter: String,
    /// Method ids of the regulation (e.g. 通报批评).
    pub(crate) methods: Vec<String>,
    pub(crate) decided_on: Date,
    pub(crate) doc_no: String,
    pub(crate) basis: String,
    /// The behaviours (问责情形) the 依据 cites by article, in the
    /// regulation's ids (empty when it cites none).
    pub(crate) behaviours: Vec<String>,
    /// The 情节 level given, as the regulation file's id (none when the
    /// ledger has no such column or the cell is empty).
    pub(crate) level: Option<String>,
    pub(crate) regulation_id: String,
    /// Identifies the row's content: re-importing it adds nothing.
    pub(crate) key: String,
}

/// A row that did not pass, with every problem found in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub(crate) line: usize,
    pub(crate) problems: Vec<String>,
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "第 {} 行：{}", self.line, self.problems.join("；"))
    }
}

/// Every data row below the header, checked.
#[derive(Debug, Clone, Default)]
pub struct Preview {
    pub rows: Vec<HistoricRow>,
    pub errors: Vec<RowError>,
}

/// Check every row below the header against the mapping and the regulation.
pub(crate) fn parse(grid: &Grid, mapping: &Mapping, reg: &Regulation, today: Date) -> Preview {
    let mut out = Preview::default();
    let missing: Vec<&str> = [Field::Name, Field::Methods, Field::DecidedOn]
        .into_iter()
        .filter(|f| mapping.column(*f).is_none())
        .map(Field::label)
        .collect();
    if !missing.is_empty() {
        out.errors.push(RowError {
            line: mapping.header_row + 1,
            problems: vec![format!(
                "缺少必需的列：{}（可用 列名=字段 指定）",
                missing.join("、")
            )],
        });
        return out;
    }
    for (i, row) in grid.rows.iter().enumerate().skip(mapping.header_row + 1) {
        let get = |f: Field| -> Cell {
            mapping
                .column(f)
                .and_then(|c| row.get(c))
                .cloned()
                .unwrap_or(Cell::Empty)
        };
        let meaningful = Field::ALL
            .into_iter()
            .filter(|f| *f != Field::Seq)
            .any(|f| !get(f).is_empty());
        if !meaningful {
            continue;
        }
        match parse_row(i + 1, &get, reg, today) {
            Ok(r) => out.rows.push(r),
            Err(e) => out.errors.push(e),
        }
    }
    out
}

const MAX_FIELD_CHARS: usize = 2_000;

fn parse_row(
    line: usize,
    get: &dyn Fn(Field) -> Cell,
    reg: &Regulation,
    today: Date,
) -> Result<HistoricRow, RowError> {
    let mut problems = Vec::new();
    let text = |f: Field, problems: &mut Vec<String>| -> String {
        let t = get(f).text();
        if t.chars().count() > MAX_FIELD_CHARS {
            problems.push(format!("“{}”超过 {MAX_FIELD_CHARS} 字", f.label()));
            return String::new();
        }
        t
    };
    let name = text(Field::Name, &mut problems);
    if name.is_empty() {
        problems.push("姓名为空".to_owned());
    }
    let id_raw = text(Field::IdNumber, &mut problems);
    let id_number = if id_raw.is_empty() {
        None
    } else {
        match id_number::validate(&id_raw, today) {
            Ok(_) => Some(id_raw.trim().to_uppercase()),
            Err(e) => {
                problems.push(format!("身份证号“{id_raw}”有误：{e}"));
                None
            }
        }
    };
    let decided_on = match date_of(&get(Field::DecidedOn)) {
        Ok(d) if d > today => {
            problems.push(format!("决定日期 {d} 晚于今天"));
            None
        }
        Ok(d) => Some(d),
        Err(e) => {
            problems.push(e);
            None
        }
    };
    let methods_text = text(Field::Methods, &mut problems);
    let methods = match methods_of(&methods_text, reg) {
        Ok(m) => m,
        Err(e) => {
            problems.push(e);
            Vec::new()
        }
    };
    let row = HistoricRow {
        line,
        name,
        id_number,
        gender: text(Field::Gender, &mut problems),
        unit: text(Field::Unit, &mut problems),
        post: text(Field::Post, &mut problems),
        matter: text(Field::Matter, &mut problems),
        methods,
        decided_on: decided_on.unwrap_or_default(),
        doc_no: text(Field::DocNo, &mut problems),
        basis: text(Field::Basis, &mut problems),
        behaviours: Vec::new(),
        level: match level_of(&text(Field::Severity, &mut problems), reg) {
            Ok(l) => l,
            Err(e) => {
                problems.push(e);
                None
            }
        },
        regulation_id: reg.id().to_owned(),
        key: String::new(),
    };
    if !problems.is_empty() {
        return Err(RowError { line, problems });
    }
    Ok(HistoricRow {
        key: row_key(&row),
        behaviours: behaviours_cited(&row.basis, reg),
        ..row
    })
}

/// A row's identity: who, when, which 文号 and what was decided.
fn row_key(r: &HistoricRow) -> String {
    let mut h = Sha256::new();
    for part in [
        r.name.as_str(),
        r.id_number.as_deref().unwrap_or(""),
        r.unit.as_str(),
        &r.decided_on.to_string(),
        r.doc_no.as_str(),
        &r.methods.join("、"),
        r.regulation_id.as_str(),
    ] {
        h.update(part.as_bytes());
        h.update([0x1f]);
    }
    h.finalize()
        .iter()
        .take(16)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A date cell: an Excel date, a serial number, or text such as
/// 2024-03-05, 2024/3/5, 2024.3.5, 2024年3月5日, 20240305.
pub(crate) fn date_of(cell: &Cell) -> Result<Date, String> {
    match cell {
        Cell::Date(d) => Ok(*d),
        Cell::Empty => Err("决定日期为空".to_owned()),
        Cell::Number(n) => {
            let t = cell.text();
            if t.len() == 8
                && n.fract() == 0.0
                && let Some(d) = compact_date(&t)
            {
                return Ok(d);
            }
            excel_serial_date(*n).ok_or_else(|| format!("决定日期“{t}”不是有效日期"))
        }
        Cell::Text(s) => text_date(s.trim()).ok_or_else(|| {
            format!(
                "决定日期“{}”不是有效日期（例如 2024-03-05 或 2024年3月5日）",
                s.trim()
            )
        }),
    }
}

fn compact_date(t: &str) -> Option<Date> {
    if t.len() != 8 || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let y = t[..4].parse().ok()?;
    let m = t[4..6].parse().ok()?;
    let d = t[6..].parse().ok()?;
    Date::new(y, m, d).ok()
}

fn text_date(s: &str) -> Option<Date> {
    if let Some(d) = compact_date(s) {
        return Some(d);
    }
    let parts: Vec<&str> = s
        .split(|c: char| "-/.年月日 ".contains(c))
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() != 3 {
        return None;
    }
    let y: i16 = parts[0].parse().ok()?;
    let m: i8 = parts[1].parse().ok()?;
    let d: i8 = parts[2].parse().ok()?;
    if !(1900..=2999).contains(&y) {
        return None;
    }
    Date::new(y, m, d).ok()
}

/// Words of a 处理结果 cell matched to the regulation's methods: exactly, or
/// ignoring 责令/予以/给予/作出/现 ("书面检查" = 责令作出书面检查, "调离岗位" =
/// 调离现岗位), or as the one method the word begins or is begun by
/// ("诫勉" = 诫勉谈话; "通报批评" = 002's 通报). A method whose name holds a
/// separator (002's "纪律、政务处分") is matched whole before splitting.
fn one<'a>(found: Vec<&&'a str>) -> Option<&'a str> {
    (found.len() == 1).then(|| *found[0])
}

pub(crate) fn methods_of(text: &str, reg: &Regulation) -> Result<Vec<String>, String> {
    const SEPARATORS: &str = "、，,；;/／ \n";
    let ids: Vec<&str> = reg
        .methods
        .iter()
        .map(|m| m.id.get_ref().as_str())
        .collect();
    // Protect names with separators: each becomes one private-use character.
    let mut protected = text.to_owned();
    let mut tokens: Vec<(char, &str)> = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        if id.chars().any(|c| SEPARATORS.contains(c)) {
            let token = char::from_u32(0xE000 + i as u32).unwrap_or('\u{E000}');
            protected = protected.replace(id, &token.to_string());
            tokens.push((token, id));
        }
    }
    let words: Vec<String> = protected
        .split(|c: char| SEPARATORS.contains(c))
        .map(|w| {
            let mut w = w.trim().trim_end_matches(['。', '.']).to_owned();
            for (t, id) in &tokens {
                w = w.replace(*t, id);
            }
            w
        })
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() {
        return Err("处理结果/问责方式为空".to_owned());
    }
    let core = |s: &str| -> String {
        ["责令", "予以", "给予", "作出", "现"]
            .iter()
            .fold(s.to_owned(), |acc, x| acc.replace(x, ""))
    };
    let mut out: Vec<String> = Vec::new();
    let mut unknown = Vec::new();
    for w in &words {
        let cw = core(w);
        let found = ids
            .iter()
            .find(|id| **id == w.as_str())
            .copied()
            .or_else(|| one(ids.iter().filter(|id| core(id) == cw).collect()))
            .or_else(|| {
                one(ids
                    .iter()
                    .filter(|id| cw.chars().count() >= 2 && core(id).starts_with(&cw))
                    .collect())
            })
            .or_else(|| {
                one(ids
                    .iter()
                    .filter(|id| id.chars().count() >= 2 && cw.starts_with(&core(id)))
                    .collect())
            });
        match found {
            Some(id) if !out.iter().any(|m| m == id) => out.push(id.to_owned()),
            Some(_) => {}
            None => unknown.push(w.clone()),
        }
    }
    if !unknown.is_empty() {
        return Err(format!(
            "问责方式“{}”不是《{}》规定的问责方式（可用：{}）",
            unknown.join("、"),
            reg.regulation.short_name,
            ids.join("、")
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reg(id: &str) -> Regulation {
        crate::rules::RegulationSet::bundled()
            .get(id)
            .cloned()
            .expect("bundled")
    }

    #[test]
    fn method_words_match_the_regulations_names() {
        let xs = reg("004");
        assert_eq!(
            methods_of("书面检查、诫勉", &xs).expect("ok"),
            vec!["责令作出书面检查", "诫勉谈话"]
        );
        assert_eq!(methods_of("调离岗位", &xs).expect("ok"), vec!["调离现岗位"]);
        let jt = reg("002");
        assert_eq!(
            methods_of("通报批评；纪律、政务处分", &jt).expect("ok"),
            vec!["通报", "纪律、政务处分"]
        );
        let e = methods_of("罚款", &xs).expect_err("unknown");
        assert!(e.contains("罚款") && e.contains("可用"), "{e}");
    }

    #[test]
    fn dates_in_the_forms_ledgers_use() {
        let d = jiff::civil::date(2024, 3, 5);
        for t in [
            "2024-03-05",
            "2024/3/5",
            "2024.3.5",
            "2024年3月5日",
            "20240305",
        ] {
            assert_eq!(date_of(&Cell::Text(t.into())), Ok(d), "{t}");
        }
        assert_eq!(date_of(&Cell::Number(45356.0)), Ok(d));
        assert!(date_of(&Cell::Text("2024-02-30".into())).is_err());
        assert!(date_of(&Cell::Empty).is_err());
    }
}
