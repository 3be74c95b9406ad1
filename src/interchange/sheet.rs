//! Reading a spreadsheet file into a grid of cells.

use std::path::Path;

use calamine::{Data, Reader, open_workbook_auto};
use jiff::civil::Date;

/// One cell, as the ledger parser needs it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell {
    Empty,
    Text(String),
    Number(f64),
    /// A cell Excel/WPS/LibreOffice stores as a date.
    Date(Date),
}

impl Cell {
    /// The cell as a clerk would read it.
    pub(crate) fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.trim().to_owned(),
            Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
            Cell::Number(n) => n.to_string(),
            Cell::Date(d) => d.to_string(),
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }
}

/// The first worksheet of a file (or the CSV), as rows of cells.
#[derive(Debug, Clone, Default)]
pub(crate) struct Grid {
    pub(crate) sheet: String,
    pub(crate) rows: Vec<Vec<Cell>>,
}

/// Why a file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum SheetError {
    #[error("无法识别文件类型“{0}”：请使用 .xlsx、.xls、.ods 或 .csv 文件")]
    Kind(String),
    #[error("无法读取文件 {path}：{message}")]
    Read { path: String, message: String },
    #[error("文件 {0} 中没有工作表")]
    NoSheet(String),
    #[error("文件 {path} 超过 {limit} 行，请分批导入")]
    TooLarge { path: String, limit: usize },
}

/// More rows than any office's ledger has: a guard against a wrong file.
pub(crate) const MAX_ROWS: usize = 100_000;

/// Read the first worksheet of an `.xlsx`/`.xlsm`/`.xls`/`.ods`, or a `.csv`
/// (UTF-8 with or without BOM, or GB18030/GBK as WPS and Excel save it).
pub(crate) fn read(path: &Path) -> Result<Grid, SheetError> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let shown = path.display().to_string();
    let grid = match ext.as_str() {
        "csv" => read_csv(path)?,
        "xlsx" | "xlsm" | "xls" | "ods" | "xlsb" => read_workbook(path)?,
        other => return Err(SheetError::Kind(other.to_owned())),
    };
    if grid.rows.len() > MAX_ROWS {
        return Err(SheetError::TooLarge {
            path: shown,
            limit: MAX_ROWS,
        });
    }
    Ok(grid)
}

fn read_error(path: &Path, message: impl std::fmt::Display) -> SheetError {
    SheetError::Read {
        path: path.display().to_string(),
        message: message.to_string(),
    }
}

fn read_workbook(path: &Path) -> Result<Grid, SheetError> {
    let mut book = open_workbook_auto(path).map_err(|e| {
        read_error(
            path,
            crate::zh::io_within(&e)
                .unwrap_or_else(|| "不是有效的电子表格文件（文件已损坏或格式不对）".to_owned()),
        )
    })?;
    let name = book
        .sheet_names()
        .first()
        .cloned()
        .ok_or_else(|| SheetError::NoSheet(path.display().to_string()))?;
    let range = book.worksheet_range(&name).map_err(|e| {
        let why = crate::zh::io_within(&e).unwrap_or_else(|| "内容已损坏或格式不对".to_owned());
        read_error(path, format!("工作表“{name}”无法读取（{why}）"))
    })?;
    // Keep sheet coordinates: a range starting below row 1 gets empty rows
    // above it, so row numbers in messages match what the clerk sees.
    let (top, left) = range.start().unwrap_or((0, 0));
    let mut rows: Vec<Vec<Cell>> = (0..top).map(|_| Vec::new()).collect();
    for row in range.rows() {
        let mut cells: Vec<Cell> = (0..left).map(|_| Cell::Empty).collect();
        cells.extend(row.iter().map(cell_of));
        rows.push(cells);
    }
    Ok(Grid { sheet: name, rows })
}

fn cell_of(d: &Data) -> Cell {
    match d {
        Data::Empty | Data::Error(_) => Cell::Empty,
        Data::String(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::DateTimeIso(s) => s
            .get(..10)
            .and_then(|d| d.parse::<Date>().ok())
            .map(Cell::Date)
            .unwrap_or_else(|| Cell::Text(s.clone())),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Text(if *b { "是" } else { "否" }.to_owned()),
        Data::DateTime(dt) if dt.is_datetime() => {
            excel_serial_date(dt.as_f64()).map_or(Cell::Number(dt.as_f64()), Cell::Date)
        }
        Data::DateTime(dt) => Cell::Number(dt.as_f64()),
    }
}

/// A date from an Excel serial number (1900 date system: day 1 is
/// 1900-01-01, with Excel's phantom 1900-02-29, so day 61 is 1900-03-01).
pub(crate) fn excel_serial_date(serial: f64) -> Option<Date> {
    if !serial.is_finite() || !(61.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let days = serial.floor() as i64;
    jiff::civil::date(1899, 12, 30)
        .checked_add(jiff::Span::new().days(days))
        .ok()
}

fn read_csv(path: &Path) -> Result<Grid, SheetError> {
    let bytes = std::fs::read(path).map_err(|e| read_error(path, crate::zh::io(&e)))?;
    let text = decode(&bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| {
            let why = crate::zh::io_within(&e).unwrap_or_else(|| "引号或分隔符不对".to_owned());
            read_error(path, format!("第 {} 行格式有误（{why}）", i + 1))
        })?;
        rows.push(
            record
                .iter()
                .map(|s| {
                    if s.trim().is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text(s.to_owned())
                    }
                })
                .collect(),
        );
        if rows.len() > MAX_ROWS {
            break;
        }
    }
    Ok(Grid {
        sheet: String::new(),
        rows,
    })
}

/// UTF-8 (BOM stripped) when the bytes are valid UTF-8, else GB18030 (a
/// superset of GBK and GB2312, which WPS and Excel use for "CSV" on Chinese
/// Windows).
fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        Err(_) => encoding_rs::GB18030.decode(bytes).0.into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_serials_are_civil_dates() {
        assert_eq!(
            excel_serial_date(45292.0),
            Some(jiff::civil::date(2024, 1, 1))
        );
        assert_eq!(excel_serial_date(61.0), Some(jiff::civil::date(1900, 3, 1)));
        assert_eq!(excel_serial_date(f64::NAN), None);
        assert_eq!(excel_serial_date(1e12), None);
    }

    #[test]
    fn gbk_csv_is_decoded() {
        let (gbk, _, _) = encoding_rs::GBK.encode("姓名,单位\n张三,监察科\n");
        assert_eq!(decode(&gbk), "姓名,单位\n张三,监察科\n");
        assert_eq!(decode("\u{feff}姓名".as_bytes()), "姓名");
    }
}
