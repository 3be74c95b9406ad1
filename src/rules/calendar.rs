//! Chinese working days and legal periods (民法典 第二百零一至二百零三条).
//!
//! Pure: the holiday table comes in as data (`assets/calendar/`), and every
//! answer says whether it had to fall back to plain Monday–Friday because a
//! date lies outside the table — never silently.

use std::collections::{BTreeMap, BTreeSet};

use jiff::civil::{Date, Weekday};
use serde::Deserialize;

use super::regulation::PeriodUnit;

/// The bundled table: State Council notices 2016–2026.
pub(crate) const BUNDLED_HOLIDAYS: &str = include_str!("../../assets/calendar/cn-holidays.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    year: Vec<YearNotice>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct YearNotice {
    year: i16,
    #[serde(default)]
    notice: String,
    holidays: Vec<HolidayRange>,
    #[serde(default)]
    workdays: Vec<Date>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct HolidayRange {
    name: String,
    from: Date,
    to: Date,
}

/// Statutory holidays and make-up working days.
#[derive(Debug, Clone, Default)]
pub struct Calendar {
    /// Day off → holiday name.
    holidays: BTreeMap<Date, String>,
    /// Weekend days that are working days (调休).
    workdays: BTreeSet<Date>,
    /// Years whose notice is in the table.
    years: BTreeSet<i16>,
}

/// A calendar file that can't be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("节假日表有误：{0}")]
pub struct CalendarError(pub String);

impl Calendar {
    /// The bundled table.
    pub fn bundled() -> Self {
        // The bundled file is checked by build.rs and tests; an empty calendar
        // (every date a fallback, flagged as such) is the safe reading if not.
        Self::from_toml(BUNDLED_HOLIDAYS).unwrap_or_default()
    }

    /// Parse a table in the bundled format.
    pub fn from_toml(source: &str) -> Result<Self, CalendarError> {
        let file: File =
            toml::from_str(source).map_err(|e| CalendarError(crate::zh::toml(&e, source)))?;
        let mut cal = Calendar::default();
        for notice in file.year {
            if !cal.years.insert(notice.year) {
                return Err(CalendarError(format!("{} 年重复", notice.year)));
            }
            let _ = &notice.notice;
            for h in notice.holidays {
                if h.to < h.from {
                    return Err(CalendarError(format!("{}：结束日期早于开始日期", h.name)));
                }
                let mut d = h.from;
                while d <= h.to {
                    cal.holidays.insert(d, h.name.clone());
                    d = d
                        .tomorrow()
                        .map_err(|_| CalendarError(format!("{}：日期超出范围", h.name)))?;
                }
            }
            for w in notice.workdays {
                if !matches!(w.weekday(), Weekday::Saturday | Weekday::Sunday) {
                    return Err(CalendarError(format!("调休上班日 {w} 不是周末")));
                }
                cal.workdays.insert(w);
            }
        }
        if let Some(d) = cal.workdays.iter().find(|d| cal.holidays.contains_key(d)) {
            return Err(CalendarError(format!("{d} 既是假日又是调休上班日")));
        }
        Ok(cal)
    }

    /// Years the table covers.
    pub fn years(&self) -> impl Iterator<Item = i16> + '_ {
        self.years.iter().copied()
    }

    /// Is `date`'s year in the table?
    pub(crate) fn covers(&self, date: Date) -> bool {
        self.years.contains(&date.year())
    }

    /// The holiday `date` falls in, if any.
    pub fn holiday_name(&self, date: Date) -> Option<&str> {
        self.holidays.get(&date).map(String::as_str)
    }

    /// Is `date` a working day? Outside the table: Monday–Friday.
    pub fn is_working_day(&self, date: Date) -> bool {
        if self.holidays.contains_key(&date) {
            return false;
        }
        if self.workdays.contains(&date) {
            return true;
        }
        !matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday)
    }
}

/// The end of a period, and how it was reached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodEnd {
    pub date: Date,
    /// The nominal end before moving off a day that is not a working day.
    pub nominal: Date,
    /// Dates examined that lie outside the holiday table (Monday–Friday used).
    pub(crate) fallback_years: BTreeSet<i16>,
}

impl PeriodEnd {
    /// A visible note when the holiday table did not cover the period.
    pub fn fallback_note(&self) -> Option<String> {
        if self.fallback_years.is_empty() {
            return None;
        }
        let years: Vec<String> = self
            .fallback_years
            .iter()
            .map(|y| format!("{y}年"))
            .collect();
        Some(format!(
            "节假日表未收录{}，按周一至周五为工作日推算，请在国务院公布节假日安排后核对",
            years.join("、")
        ))
    }
}

/// A period could not be computed (beyond the supported date range).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("日期超出可计算范围")]
pub struct PeriodError;

/// The last day of a period of `count` `unit`s starting from `start`.
///
/// 民法典: the starting day is not counted (第二百零一条); a period in months
/// ends on the corresponding day of the last month, or its last day when it has
/// none (第二百零二条); if the last day is a statutory holiday or rest day, the
/// day after the holiday ends it (第二百零三条). N working days end on the N-th
/// working day after `start`.
pub fn period_end(
    cal: &Calendar,
    start: Date,
    count: u32,
    unit: PeriodUnit,
) -> Result<PeriodEnd, PeriodError> {
    let mut fallback_years = BTreeSet::new();
    let mut note = |d: Date| {
        if !cal.covers(d) {
            fallback_years.insert(d.year());
        }
    };
    let nominal = match unit {
        PeriodUnit::Days => start
            .checked_add(
                jiff::Span::new()
                    .try_days(i64::from(count))
                    .map_err(|_| PeriodError)?,
            )
            .map_err(|_| PeriodError)?,
        // jiff clamps to the month's last day when the day does not exist.
        PeriodUnit::Months => start
            .checked_add(
                jiff::Span::new()
                    .try_months(i64::from(count))
                    .map_err(|_| PeriodError)?,
            )
            .map_err(|_| PeriodError)?,
        PeriodUnit::WorkingDays => {
            let mut d = start;
            let mut left = count;
            while left > 0 {
                d = d.tomorrow().map_err(|_| PeriodError)?;
                note(d);
                if cal.is_working_day(d) {
                    left -= 1;
                }
            }
            return Ok(PeriodEnd {
                date: d,
                nominal: d,
                fallback_years,
            });
        }
    };
    let mut date = nominal;
    note(date);
    while !cal.is_working_day(date) {
        date = date.tomorrow().map_err(|_| PeriodError)?;
        note(date);
    }
    Ok(PeriodEnd {
        date,
        nominal,
        fallback_years,
    })
}

/// Working days strictly after `from` up to and including `to` (0 if `to <= from`).
pub fn working_days_between(cal: &Calendar, from: Date, to: Date) -> u32 {
    let mut n = 0;
    let mut d = from;
    while d < to {
        match d.tomorrow() {
            Ok(next) => d = next,
            Err(_) => break,
        }
        if cal.is_working_day(d) {
            n += 1;
        }
    }
    n
}
