//! The working-day calendar (REN-31): weekends and public holidays are off, make-up working days
//! (调休) are on. It is data: the official mainland-China schedule ships for 2025 and 2026, each
//! day with its holiday's name; the office marks days of its own ([`DayRule`]) and enters each
//! new year's official notice ([`YearEntered`]). Both travel as events, so devices agree, and an
//! office's mark on a date wins over the shipped data until it is undone.
//!
//! A deadline counted into a year the calendar does not hold is counted on weekends alone and
//! says so ([`WorkingCalendar::first_missing_year`]): no deadline is silently wrong.

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// The official schedules (国务院办公厅 notices on public holidays), one line per rule:
/// `off FROM[..TO] NAME` is a holiday, `work DATE NAME` a make-up working day.
const CHINA_OFFICIAL: &str = "
year 2025
off 2025-01-01 元旦
off 2025-01-28..2025-02-04 春节
work 2025-01-26 春节调休
work 2025-02-08 春节调休
off 2025-04-04..2025-04-06 清明节
off 2025-05-01..2025-05-05 劳动节
work 2025-04-27 劳动节调休
off 2025-05-31..2025-06-02 端午节
off 2025-10-01..2025-10-08 国庆节、中秋节
work 2025-09-28 国庆节调休
work 2025-10-11 国庆节调休
year 2026
off 2026-01-01..2026-01-03 元旦
work 2026-01-04 元旦调休
off 2026-02-15..2026-02-23 春节
work 2026-02-14 春节调休
work 2026-02-28 春节调休
off 2026-04-04..2026-04-06 清明节
off 2026-05-01..2026-05-05 劳动节
work 2026-05-09 劳动节调休
off 2026-06-19..2026-06-21 端午节
off 2026-09-25..2026-09-27 中秋节
off 2026-10-01..2026-10-07 国庆节
work 2026-09-20 国庆节调休
work 2026-10-10 国庆节调休
";

/// The years an office may hold in its calendar.
pub const CALENDAR_YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

/// What a date is, when it differs from the weekday default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DayKind {
    /// A public holiday: off even on a weekday.
    Holiday,
    /// A make-up working day (调休): on even at the weekend.
    MakeUpWorkday,
}

/// The office marks `date` as `kind`, with the holiday's name; `kind: None` undoes the
/// office's mark, so the date is again what the official data (or the weekday) makes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct DayRule {
    pub date: NaiveDate,
    pub kind: Option<DayKind>,
    /// The holiday's name (元旦, 春节调休, …). Absent from rules recorded before names existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// The office has entered a year's official holidays (or withdrawn that): deadlines counted
/// into the year no longer say the year is missing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct YearEntered {
    pub year: i32,
    pub entered: bool,
}

/// A special date and where its meaning comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecialDay {
    pub kind: DayKind,
    pub name: String,
}

/// Where a date's meaning comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DaySource {
    /// The weekday: Monday to Friday on, the weekend off.
    Weekday,
    /// The shipped official schedule.
    Official,
    /// The office's own mark.
    Office,
}

/// One date as the calendar reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Day {
    pub date: NaiveDate,
    pub working: bool,
    pub special: Option<SpecialDay>,
    pub source: DaySource,
}

/// Working days per REN-31.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WorkingCalendar {
    official: BTreeMap<NaiveDate, SpecialDay>,
    official_years: BTreeSet<i32>,
    /// The office's marks: a special day, or `None` for a date it made ordinary again.
    office: BTreeMap<NaiveDate, SpecialDay>,
    entered_years: BTreeSet<i32>,
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
            let mut words = line.splitn(3, ' ');
            let (word, dates, name) = (
                words.next().expect("a word"),
                words.next().expect("a date or a year"),
                words.next().unwrap_or_default(),
            );
            if word == "year" {
                calendar
                    .official_years
                    .insert(dates.parse().expect("calendar year"));
                continue;
            }
            let kind = match word {
                "off" => DayKind::Holiday,
                "work" => DayKind::MakeUpWorkday,
                other => panic!("unknown calendar word {other}"),
            };
            let (from, to) = dates.split_once("..").unwrap_or((dates, dates));
            let parse = |text: &str| NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("date");
            let (from, to) = (parse(from), parse(to));
            for date in from.iter_days().take_while(|date| *date <= to) {
                calendar.official.insert(
                    date,
                    SpecialDay {
                        kind,
                        name: name.to_owned(),
                    },
                );
            }
        }
        calendar
    }

    /// Applies an office's mark, or undoes it.
    pub fn apply(&mut self, rule: &DayRule) {
        match rule.kind {
            Some(kind) => {
                self.office.insert(
                    rule.date,
                    SpecialDay {
                        kind,
                        name: rule.name.clone().unwrap_or_default(),
                    },
                );
            }
            None => {
                self.office.remove(&rule.date);
            }
        }
    }

    /// Records that the office entered (or withdrew) a year's official holidays.
    pub fn apply_year(&mut self, year: &YearEntered) {
        if year.entered {
            self.entered_years.insert(year.year);
        } else {
            self.entered_years.remove(&year.year);
        }
    }

    /// Whether `year`'s holidays are held: shipped, or entered by the office. Without them
    /// only weekends are off, and deadlines counted into the year say so.
    pub fn has_year(&self, year: i32) -> bool {
        self.official_years.contains(&year) || self.entered_years.contains(&year)
    }

    /// Whether the official schedule for `year` ships with the app.
    pub fn has_official_year(&self, year: i32) -> bool {
        self.official_years.contains(&year)
    }

    /// The years whose holidays are held, in order.
    pub fn years(&self) -> BTreeSet<i32> {
        self.official_years
            .union(&self.entered_years)
            .copied()
            .collect()
    }

    /// What `date` is, and why.
    pub fn day(&self, date: NaiveDate) -> Day {
        let weekday = !matches!(date.weekday(), Weekday::Sat | Weekday::Sun);
        let (special, source) = match (self.office.get(&date), self.official.get(&date)) {
            (Some(mark), _) => (Some(mark.clone()), DaySource::Office),
            (None, Some(official)) => (Some(official.clone()), DaySource::Official),
            (None, None) => (None, DaySource::Weekday),
        };
        let working = match special.as_ref().map(|day| day.kind) {
            Some(DayKind::Holiday) => false,
            Some(DayKind::MakeUpWorkday) => true,
            None => weekday,
        };
        Day {
            date,
            working,
            special,
            source,
        }
    }

    /// The special days of `year`, official and the office's, as they now read.
    pub fn special_days(&self, year: i32) -> Vec<(NaiveDate, SpecialDay)> {
        let in_year = |date: &&NaiveDate| date.year() == year;
        let dates: BTreeSet<NaiveDate> = self
            .official
            .keys()
            .filter(in_year)
            .chain(self.office.keys().filter(in_year))
            .copied()
            .collect();
        dates
            .into_iter()
            .filter_map(|date| self.day(date).special.map(|special| (date, special)))
            .collect()
    }

    /// REN-31: weekends and holidays are off, make-up working days are on.
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        self.day(date).working
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

    /// The first year after `from` up to `to` whose holidays are not held: counting working
    /// days through it went by weekends alone.
    pub fn first_missing_year(&self, from: NaiveDate, to: NaiveDate) -> Option<i32> {
        let first = from.succ_opt().unwrap_or(from).year();
        (first..=to.year()).find(|year| !self.has_year(*year))
    }

    /// The year whose holidays the office should enter now, if any: the current year when it
    /// is missing, or next year from 1 December on.
    pub fn year_to_enter(&self, today: NaiveDate) -> Option<i32> {
        if !self.has_year(today.year()) {
            return Some(today.year());
        }
        let next = today.year() + 1;
        (today.month() == 12 && !self.has_year(next)).then_some(next)
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
        assert!(calendar.has_year(2025) && calendar.has_year(2026));
        assert!(!calendar.has_year(2027));
        assert_eq!(
            calendar.day(date("2026-02-16")).special.unwrap().name,
            "春节"
        );
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

    /// An office's mark wins over the shipped data, and undoing it brings the shipped data back.
    #[test]
    fn ren_31_an_office_mark_wins_over_the_official_data_and_can_be_undone() {
        let mut calendar = WorkingCalendar::china_official();
        let typhoon_day = date("2026-08-04");
        assert!(calendar.is_working_day(typhoon_day));
        calendar.apply(&DayRule {
            date: typhoon_day,
            kind: Some(DayKind::Holiday),
            name: Some("台风停工".into()),
        });
        assert!(!calendar.is_working_day(typhoon_day));
        assert_eq!(calendar.day(typhoon_day).source, DaySource::Office);
        // The office works on the official New Year's Day, then changes its mind.
        let new_year = date("2026-01-01");
        calendar.apply(&DayRule {
            date: new_year,
            kind: Some(DayKind::MakeUpWorkday),
            name: None,
        });
        assert!(calendar.is_working_day(new_year));
        calendar.apply(&DayRule {
            date: new_year,
            kind: None,
            name: None,
        });
        assert!(
            !calendar.is_working_day(new_year),
            "the official holiday again"
        );
        assert_eq!(calendar.day(new_year).source, DaySource::Official);
    }

    /// Counting into a year the calendar does not hold is named, until the year is entered.
    #[test]
    fn ren_31_counting_past_the_last_held_year_names_the_missing_year() {
        let mut calendar = WorkingCalendar::china_official();
        assert_eq!(
            calendar.first_missing_year(date("2026-12-24"), date("2027-01-05")),
            Some(2027)
        );
        assert_eq!(
            calendar.first_missing_year(date("2026-12-01"), date("2026-12-09")),
            None
        );
        assert_eq!(
            calendar.first_missing_year(date("2026-12-31"), date("2026-12-31")),
            None
        );
        assert_eq!(calendar.year_to_enter(date("2026-11-30")), None);
        assert_eq!(calendar.year_to_enter(date("2026-12-01")), Some(2027));
        assert_eq!(calendar.year_to_enter(date("2027-03-01")), Some(2027));
        calendar.apply_year(&YearEntered {
            year: 2027,
            entered: true,
        });
        assert_eq!(
            calendar.first_missing_year(date("2026-12-24"), date("2027-01-05")),
            None
        );
        assert_eq!(calendar.year_to_enter(date("2026-12-01")), None);
    }
}
