//! Chinese working days and 民法典 periods: worked examples and properties.

use crate::common::d;
use jiff::ToSpan;
use jiff::civil::Date;
use proptest::prelude::*;
use wenze::domain::ids::CaseId;
use wenze::rules::Calendar;
use wenze::rules::calendar::{period_end, working_days_between};
use wenze::rules::regulation::PeriodUnit;

#[test]
fn bundled_table_covers_2016_to_2026() {
    let cal = Calendar::bundled();
    assert_eq!(
        cal.years().collect::<Vec<_>>(),
        (2016..=2026).collect::<Vec<i16>>()
    );
    assert_eq!(cal.holiday_name(d("2026-02-17")), Some("春节"));
    assert!(!cal.is_working_day(d("2026-10-05")));
    assert!(cal.is_working_day(d("2026-10-10")), "Saturday 调休");
    assert!(cal.is_working_day(d("2026-02-28")), "Saturday 调休");
    assert!(!cal.is_working_day(d("2026-02-21")), "Saturday in 春节");
    assert!(cal.is_working_day(d("2020-01-19")), "Sunday 调休 2020");
    assert!(!cal.is_working_day(d("2020-02-02")), "extended 2020 春节");
}

#[test]
fn a_bad_table_is_rejected() {
    let bad = "[[year]]\nyear = 2030\nholidays = []\nworkdays = [2030-01-02]\n";
    assert!(
        Calendar::from_toml(bad).is_err(),
        "a Wednesday can't be a 调休 day"
    );
}

#[test]
fn days_across_the_spring_festival() {
    let cal = Calendar::bundled();
    // 2026-02-13 + 3 days = 2/16, inside 春节 (2/15–2/23): ends 2/24.
    let end = period_end(&cal, d("2026-02-13"), 3, PeriodUnit::Days).expect("end");
    assert_eq!(end.nominal, d("2026-02-16"));
    assert_eq!(end.date, d("2026-02-24"));
    // 7 days from 2026-02-10 → 2/17 → 2/24.
    assert_eq!(
        period_end(&cal, d("2026-02-10"), 7, PeriodUnit::Days)
            .expect("end")
            .date,
        d("2026-02-24")
    );
    // 5 working days from 2/12: 2/13, 2/14 (调休 Saturday), then 2/24, 2/25, 2/26.
    assert_eq!(
        period_end(&cal, d("2026-02-12"), 5, PeriodUnit::WorkingDays)
            .expect("end")
            .date,
        d("2026-02-26")
    );
    // 2/14 is a 调休 Saturday: 1 working day from 2/13 is 2/14.
    assert_eq!(
        period_end(&cal, d("2026-02-13"), 1, PeriodUnit::WorkingDays)
            .expect("end")
            .date,
        d("2026-02-14")
    );
}

#[test]
fn days_and_months_across_national_day() {
    let cal = Calendar::bundled();
    assert_eq!(
        period_end(&cal, d("2026-09-24"), 7, PeriodUnit::Days)
            .expect("end")
            .date,
        d("2026-10-08")
    );
    assert_eq!(
        period_end(&cal, d("2026-07-01"), 3, PeriodUnit::Months)
            .expect("end")
            .date,
        d("2026-10-08")
    );
    assert_eq!(
        period_end(&cal, d("2026-09-28"), 15, PeriodUnit::WorkingDays)
            .expect("end")
            .date,
        d("2026-10-23")
    );
    // 2025: 10/1–10/8 off, 10/11 (Sat) a working day.
    assert_eq!(
        period_end(&cal, d("2025-09-30"), 1, PeriodUnit::WorkingDays)
            .expect("end")
            .date,
        d("2025-10-09")
    );
    assert_eq!(
        period_end(&cal, d("2025-09-30"), 3, PeriodUnit::WorkingDays)
            .expect("end")
            .date,
        d("2025-10-11")
    );
}

#[test]
fn months_end_on_the_corresponding_day_or_the_month_end() {
    let cal = Calendar::bundled();
    let end = period_end(&cal, d("2026-01-31"), 1, PeriodUnit::Months).expect("end");
    assert_eq!(end.nominal, d("2026-02-28"));
    let end = period_end(&cal, d("2024-01-31"), 1, PeriodUnit::Months).expect("end");
    assert_eq!(end.nominal, d("2024-02-29"));
    // 2024-02-29 is a Thursday: no roll.
    assert_eq!(end.date, d("2024-02-29"));
    let end = period_end(&cal, d("2026-03-05"), 6, PeriodUnit::Months).expect("end");
    assert_eq!(end.nominal, d("2026-09-05"));
    assert_eq!(end.date, d("2026-09-07"), "9/5 is a Saturday");
}

#[test]
fn a_period_outside_the_table_says_so() {
    let cal = Calendar::bundled();
    let end = period_end(&cal, d("2027-09-28"), 5, PeriodUnit::WorkingDays).expect("end");
    assert!(end.fallback_note().is_some_and(|n| n.contains("2027年")));
    let inside = period_end(&cal, d("2026-03-02"), 5, PeriodUnit::WorkingDays).expect("end");
    assert!(inside.fallback_note().is_none());
}

#[test]
fn cli_prints_the_end_date_on_its_last_line() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_wenze"))
        .args(["deadline", "--from", "2026-09-28", "--working-days", "15"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(stdout.lines().last(), Some("2026-10-23"));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_wenze"))
        .args(["deadline", "--from", "2026-02-30", "--days", "3"])
        .output()
        .expect("runs");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("不是有效日期"));
}

fn any_date() -> impl Strategy<Value = Date> {
    (2015i16..2029, 1i8..=12, 1i8..=31).prop_map(|(y, m, day)| {
        let first = Date::new(y, m, 1).expect("valid");
        let last = first.last_of_month().day();
        Date::new(y, m, day.min(last)).expect("valid")
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn day_periods_end_on_the_first_working_day_at_or_after_the_nominal_end(start in any_date(), n in 1u32..120) {
        let cal = Calendar::bundled();
        let end = period_end(&cal, start, n, PeriodUnit::Days).expect("end");
        prop_assert_eq!(end.nominal, start.checked_add((n as i64).days()).expect("in range"));
        prop_assert!(cal.is_working_day(end.date));
        let mut x = end.nominal;
        while x < end.date {
            prop_assert!(!cal.is_working_day(x));
            x = x.tomorrow().expect("in range");
        }
    }

    #[test]
    fn working_day_periods_count_exactly_n_working_days(start in any_date(), n in 1u32..60) {
        let cal = Calendar::bundled();
        let end = period_end(&cal, start, n, PeriodUnit::WorkingDays).expect("end");
        prop_assert!(cal.is_working_day(end.date));
        prop_assert_eq!(working_days_between(&cal, start, end.date), n);
    }

    #[test]
    fn month_periods_keep_the_day_or_clamp_to_month_end(start in any_date(), n in 1u32..36) {
        let cal = Calendar::bundled();
        let end = period_end(&cal, start, n, PeriodUnit::Months).expect("end");
        let nominal = end.nominal;
        let months = (nominal.year() as i32 - start.year() as i32) * 12 + (nominal.month() as i32 - start.month() as i32);
        prop_assert_eq!(months, n as i32);
        let last = nominal.last_of_month().day();
        prop_assert_eq!(nominal.day(), start.day().min(last));
        prop_assert!(end.date >= nominal && cal.is_working_day(end.date));
    }

    #[test]
    fn longer_periods_never_end_earlier(start in any_date(), n in 1u32..90) {
        let cal = Calendar::bundled();
        for unit in [PeriodUnit::Days, PeriodUnit::WorkingDays] {
            let a = period_end(&cal, start, n, unit).expect("end").date;
            let b = period_end(&cal, start, n + 1, unit).expect("end").date;
            prop_assert!(b >= a);
        }
    }
}

/// The 工作台 carries the holiday table's note with a 陈述申辩 period that
/// runs past the years it covers (the date is reckoned Monday to Friday and
/// marked), and none with one inside them.
#[test]
fn the_dashboard_keeps_the_note_of_a_period_outside_the_holiday_table() {
    let regs = wenze::rules::RegulationSet::bundled();
    let calendar = wenze::rules::Calendar::bundled();
    let wait = |on: &str| wenze::domain::views::StatementWait {
        case_id: CaseId::new(1),
        case_no: "徐环问案〔2026〕1号".to_owned(),
        regulation_id: "002".to_owned(),
        person: "王磊".to_owned(),
        notice_delivered_on: on.parse().expect("date"),
    };
    let days = |_: &str| Some(5);
    let inside = wenze::rules::dashboard::statement_items(
        &[wait("2026-11-02")],
        &days,
        &regs,
        &calendar,
        "2026-11-04".parse().expect("date"),
    );
    assert_eq!(inside.len(), 1);
    assert_eq!(inside[0].estimated, None);
    let outside = wenze::rules::dashboard::statement_items(
        &[wait("2026-12-29")],
        &days,
        &regs,
        &calendar,
        "2026-12-30".parse().expect("date"),
    );
    assert_eq!(outside.len(), 1);
    let note = outside[0]
        .estimated
        .as_deref()
        .expect("the calendar's note");
    assert!(note.contains("节假日表未收录2027年"), "{note}");
}
