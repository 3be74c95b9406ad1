//! Tables as `.xlsx` (rust_xlsxwriter): Chinese headers, dates as Excel
//! dates, column widths set, the header row frozen.

use jiff::civil::Date;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use crate::domain::CaseListItem;
use crate::export::statistics::StatisticsView;

/// One value of a cell.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Text(String),
    Count(i64),
    Date(Date),
    Empty,
}

/// A sheet: name, headers with column widths (in characters), rows.
#[derive(Debug, Clone)]
pub(crate) struct Table {
    pub(crate) name: String,
    pub(crate) title: String,
    pub(crate) columns: Vec<(&'static str, f64)>,
    pub(crate) rows: Vec<Vec<Value>>,
}

fn xlsx_error(e: XlsxError) -> String {
    let why = crate::zh::io_within(&e).unwrap_or_else(|| "表格内容超出文件格式的限制".to_owned());
    format!("无法生成电子表格文件：{why}")
}

/// The workbook's bytes (written to disk by the caller, atomically).
pub(crate) fn workbook(tables: &[Table]) -> Result<Vec<u8>, String> {
    let mut book = Workbook::new();
    let title = Format::new().set_bold().set_font_size(14);
    let head = Format::new()
        .set_bold()
        .set_align(FormatAlign::Center)
        .set_border(FormatBorder::Thin)
        .set_background_color("#D9E1F2");
    let date = Format::new().set_num_format("yyyy\"年\"m\"月\"d\"日\"");
    for t in tables {
        let sheet: &mut Worksheet = book.add_worksheet();
        sheet.set_name(&t.name).map_err(xlsx_error)?;
        sheet
            .write_string_with_format(0, 0, &t.title, &title)
            .map_err(xlsx_error)?;
        for (c, (h, width)) in t.columns.iter().enumerate() {
            let c = c as u16;
            sheet
                .write_string_with_format(1, c, *h, &head)
                .map_err(xlsx_error)?;
            sheet.set_column_width(c, *width).map_err(xlsx_error)?;
        }
        for (r, row) in t.rows.iter().enumerate() {
            let r = r as u32 + 2;
            for (c, v) in row.iter().enumerate() {
                let c = c as u16;
                match v {
                    Value::Text(s) => sheet.write_string(r, c, s).map(|_| ()),
                    Value::Count(n) => sheet.write_number(r, c, *n as f64).map(|_| ()),
                    Value::Date(d) => sheet.write_date_with_format(r, c, d, &date).map(|_| ()),
                    Value::Empty => Ok(()),
                }
                .map_err(xlsx_error)?;
            }
        }
        // The title and header rows stay in view while scrolling.
        sheet.set_freeze_panes(2, 0).map_err(xlsx_error)?;
    }
    book.save_to_buffer().map_err(xlsx_error)
}

fn date_value(s: Option<&str>) -> Value {
    match s
        .and_then(|s| s.get(..10))
        .and_then(|s| s.parse::<Date>().ok())
    {
        Some(d) => Value::Date(d),
        None => Value::Empty,
    }
}

/// The register (the rows of the current filter) as one sheet.
pub(crate) fn register_table(
    title: &str,
    rows: &[CaseListItem],
    regulation_name: &dyn Fn(&str) -> String,
) -> Table {
    Table {
        name: "案件台账".to_owned(),
        title: title.to_owned(),
        columns: vec![
            ("序号", 6.0),
            ("案号", 24.0),
            ("被问责人", 18.0),
            ("单位", 22.0),
            ("适用规定", 30.0),
            ("阶段", 10.0),
            ("受理日期", 16.0),
            ("决定日期", 16.0),
        ],
        rows: rows
            .iter()
            .enumerate()
            .map(|(i, c)| {
                vec![
                    Value::Count(i as i64 + 1),
                    Value::Text(c.case_no.clone()),
                    Value::Text(c.respondents.clone()),
                    Value::Text(c.unit.clone()),
                    Value::Text(regulation_name(&c.regulation_id)),
                    Value::Text(c.stage.label().to_owned()),
                    date_value(Some(&c.received_on)),
                    date_value(c.decided_on.as_deref()),
                ]
            })
            .collect(),
    }
}

fn counts(name: &str, title: &str, head: &'static str, rows: Vec<(String, i64)>) -> Table {
    Table {
        name: name.to_owned(),
        title: title.to_owned(),
        columns: vec![(head, 36.0), ("件数", 10.0)],
        rows: rows
            .into_iter()
            .map(|(k, n)| vec![Value::Text(k), Value::Count(n)])
            .collect(),
    }
}

/// The 统计分析 tables of a period, one sheet each.
pub(crate) fn statistics_tables(view: &StatisticsView, period: &str) -> Vec<Table> {
    let s = &view.stats;
    let t = |what: &str| format!("{period}问责工作统计：{what}");
    let mut out = vec![Table {
        name: "总体".to_owned(),
        title: t("总体"),
        columns: vec![("项目", 24.0), ("件数", 10.0)],
        rows: std::iter::once(("受理案件".to_owned(), s.cases_received))
            .chain(std::iter::once(("作出决定".to_owned(), s.decisions)))
            .chain(s.by_outcome.iter().cloned())
            .map(|(k, n)| vec![Value::Text(k), Value::Count(n)])
            .collect(),
    }];
    let reg_rows = s
        .by_regulation
        .iter()
        .enumerate()
        .map(|(i, (id, n))| {
            (
                view.regulation_names
                    .get(i)
                    .cloned()
                    .unwrap_or_else(|| id.clone()),
                *n,
            )
        })
        .collect();
    out.push(counts("按规定", &t("按适用规定"), "适用规定", reg_rows));
    let behaviour_rows = s
        .by_behaviour
        .iter()
        .enumerate()
        .map(|(i, (_, id, n))| {
            (
                view.behaviour_labels
                    .get(i)
                    .cloned()
                    .unwrap_or_else(|| id.clone()),
                *n,
            )
        })
        .collect();
    out.push(counts(
        "按行为",
        &t("按问责情形"),
        "问责情形",
        behaviour_rows,
    ));
    out.push(counts(
        "按问责方式",
        &t("按问责方式"),
        "问责方式",
        s.by_method.clone(),
    ));
    out.push(counts("按单位", &t("按单位"), "单位", s.by_unit.clone()));
    out.push(counts("按职级", &t("按职级"), "职级", s.by_rank.clone()));
    out.push(Table {
        name: "按月".to_owned(),
        title: t("按月"),
        columns: vec![("月份", 14.0), ("受理", 10.0), ("决定", 10.0)],
        rows: s
            .by_month
            .iter()
            .map(|(m, a, b)| {
                let label = m
                    .split_once('-')
                    .and_then(|(y, mo)| Some(format!("{y}年{}月", mo.parse::<u8>().ok()?)))
                    .unwrap_or_else(|| m.clone());
                vec![Value::Text(label), Value::Count(*a), Value::Count(*b)]
            })
            .collect(),
    });
    out
}
