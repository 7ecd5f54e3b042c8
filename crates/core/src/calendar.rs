//! The working-day calendar (REN-31): weekends and public holidays are off, make-up working days
//! (调休) are on. It is data: the official mainland-China schedule ships for 2025 and 2026, and an
//! office adds years or corrections as [`DayRule`]s (which travel as events, so devices agree).

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// The official schedules (国务院办公厅 notices on public holidays), one line per rule:
/// `off FROM[..TO]` is a holiday, `work DATE` a make-up working day.
const CHINA_OFFICIAL: &str = "
year 2025
off 2025-01-01
off 2025-01-28..2025-02-04
work 2025-01-26
work 2025-02-08
off 2025-04-04..2025-04-06
off 2025-05-01..2025-05-05
work 2025-04-27
off 2025-05-31..2025-06-02
off 2025-10-01..2025-10-08
work 2025-09-28
work 2025-10-11
year 2026
off 2026-01-01..2026-01-03
work 2026-01-04
off 2026-02-15..2026-02-23
work 2026-02-14
work 2026-02-28
off 2026-04-04..2026-04-06
off 2026-05-01..2026-05-05
work 2026-05-09
off 2026-06-19..2026-06-21
off 2026-09-25..2026-09-27
off 2026-10-01..2026-10-07
work 2026-09-20
work 2026-10-10
";

/// What a date is, when it differs from the weekday default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DayKind {
    /// A public holiday: off even on a weekday.
    Holiday,
    /// A make-up working day (调休): on even at the weekend.
    MakeUpWorkday,
}

/// One correction of the calendar: set `date` to `kind`, or back to the weekday default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct DayRule {
    pub date: NaiveDate,
    pub kind: Option<DayKind>,
}

/// Working days per REN-31.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WorkingCalendar {
    special_days: BTreeMap<NaiveDate, DayKind>,
    official_years: BTreeSet<i32>,
}

impl WorkingCalendar {
    /// Weekends only, no holidays: the base an office builds on.
    pub fn weekends_only() -> WorkingCalendar {
        WorkingCalendar::default()
    }

    /// The official mainland-China calendar for the years shipped (2025 and 2026).
    pub fn china_official() -> WorkingCalendar {
        let mut calendar = WorkingCalendar::default();
        for line in CHINA_OFFICIAL
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
        {
            let (word, rest) = line
                .split_once(' ')
                .expect("calendar line has a word and a date");
            if word == "year" {
                calendar
                    .official_years
                    .insert(rest.parse().expect("calendar year"));
                continue;
            }
            let kind = match word {
                "off" => DayKind::Holiday,
                "work" => DayKind::MakeUpWorkday,
                other => panic!("unknown calendar word {other}"),
            };
            let (from, to) = rest.split_once("..").unwrap_or((rest, rest));
            let parse = |text: &str| NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("date");
            let (from, to) = (parse(from), parse(to));
            for date in from.iter_days().take_while(|date| *date <= to) {
                calendar.special_days.insert(date, kind);
            }
        }
        calendar
    }

    /// Applies an office's correction or addition.
    pub fn apply(&mut self, rule: &DayRule) {
        match rule.kind {
            Some(kind) => self.special_days.insert(rule.date, kind),
            None => self.special_days.remove(&rule.date),
        };
    }

    /// Whether the official schedule for `year` is loaded; without it only weekends are off,
    /// and the UI should say so.
    pub fn has_official_year(&self, year: i32) -> bool {
        self.official_years.contains(&year)
    }

    /// REN-31: weekends and holidays are off, make-up working days are on.
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        match self.special_days.get(&date) {
            Some(DayKind::Holiday) => false,
            Some(DayKind::MakeUpWorkday) => true,
            None => !matches!(date.weekday(), Weekday::Sat | Weekday::Sun),
        }
    }

    /// The `count`-th working day after `date` (`date` itself never counts).
    pub fn add_working_days(&self, date: NaiveDate, count: u32) -> NaiveDate {
        let mut current = date;
        let mut remaining = count;
        while remaining > 0 {
            current = current + Days::new(1);
            if self.is_working_day(current) {
                remaining -= 1;
            }
        }
        current
    }

    /// How many working days lie after `from` up to and including `to`.
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> u32 {
        crate::count(
            from.iter_days()
                .skip(1)
                .take_while(|date| *date <= to)
                .filter(|date| self.is_working_day(*date))
                .count(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn ren_31_weekends_are_off_and_weekdays_on() {
        let calendar = WorkingCalendar::weekends_only();
        assert!(calendar.is_working_day(date("2027-03-05"))); // Friday
        assert!(!calendar.is_working_day(date("2027-03-06"))); // Saturday
        assert!(!calendar.is_working_day(date("2027-03-07"))); // Sunday
    }

    #[test]
    fn ren_31_public_holidays_are_off_and_make_up_days_on() {
        let calendar = WorkingCalendar::china_official();
        assert!(!calendar.is_working_day(date("2025-10-01")), "National Day");
        assert!(
            !calendar.is_working_day(date("2025-10-08")),
            "last day of the golden week"
        );
        assert!(calendar.is_working_day(date("2025-09-28")), "调休 Sunday");
        assert!(calendar.is_working_day(date("2025-10-11")), "调休 Saturday");
        assert!(
            !calendar.is_working_day(date("2026-02-16")),
            "Spring Festival 2026"
        );
        assert!(
            calendar.is_working_day(date("2026-02-14")),
            "调休 Saturday 2026"
        );
        assert!(calendar.has_official_year(2025) && calendar.has_official_year(2026));
        assert!(!calendar.has_official_year(2027));
    }

    /// REN-30 with REN-31: five working days from the Friday before National Day 2025 run
    /// through the 调休 Sunday and past the golden week.
    #[test]
    fn ren_31_five_working_days_from_the_friday_before_national_day() {
        let calendar = WorkingCalendar::china_official();
        // Sun 28 (调休), Mon 29, Tue 30, then Thu 9 and Fri 10 October.
        assert_eq!(
            calendar.add_working_days(date("2025-09-26"), 5),
            date("2025-10-10")
        );
        // From Thu 9 October: Fri 10, Sat 11 (调休), Mon 13, Tue 14, Wed 15.
        assert_eq!(
            calendar.add_working_days(date("2025-10-09"), 5),
            date("2025-10-15")
        );
        assert_eq!(
            calendar.working_days_between(date("2025-09-26"), date("2025-10-10")),
            5
        );
    }

    #[test]
    fn ren_31_an_office_can_correct_the_calendar() {
        let mut calendar = WorkingCalendar::china_official();
        let typhoon_day = date("2026-08-04");
        assert!(calendar.is_working_day(typhoon_day));
        calendar.apply(&DayRule {
            date: typhoon_day,
            kind: Some(DayKind::Holiday),
        });
        assert!(!calendar.is_working_day(typhoon_day));
        calendar.apply(&DayRule {
            date: typhoon_day,
            kind: None,
        });
        assert!(calendar.is_working_day(typhoon_day));
    }
}
