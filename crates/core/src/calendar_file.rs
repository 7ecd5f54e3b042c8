//! The calendar file: a year's official holidays and make-up working days, as an office types
//! them from the government's notice or receives them from another office. `docs/calendar-
//! format.md` describes it and `docs/calendar.schema.json` is generated from the wire types
//! here. Reading a file checks all of it and names every problem; a file with any problem
//! changes nothing.

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate, Weekday};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::bundle::DecodeProblem;
use crate::calendar::{DayKind, DayRule, WorkingCalendar, YearEntered, CALENDAR_YEARS};
use crate::desk::MAX_DAY_NAME;
use crate::event::Change;

/// The `format` of every calendar file.
pub const CALENDAR_FORMAT: &str = "estate-desk-calendar";
/// The calendar file version this build writes and reads.
pub const CALENDAR_VERSION: u32 = 1;
/// Larger files are refused before reading: a year has 366 days.
pub const MAX_CALENDAR_BYTES: usize = 256 * 1024;

/// A calendar file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Estate Desk working-day calendar, version 1")]
pub struct CalendarFile {
    /// Always `"estate-desk-calendar"`.
    pub format: String,
    /// Always `1`.
    pub version: u32,
    /// The years whose holidays the file holds in full; importing it marks them entered.
    pub years: Vec<i32>,
    /// The holidays and make-up working days of those years, in date order.
    pub days: Vec<CalendarFileDay>,
}

/// One special day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CalendarFileDay {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// `holiday` (a day off) or `make_up_workday` (调休, a working weekend day).
    pub kind: String,
    /// The holiday's name, such as `春节`; at most 20 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// What is wrong with a calendar file, with the place it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CalendarFileProblem {
    TooLarge,
    NotJson,
    /// Not a calendar file (another format, or no format at all).
    WrongFormat,
    UnsupportedVersion {
        version: u64,
    },
    /// Not shaped as the format says.
    Schema {
        reason: DecodeProblem,
    },
    NoYears,
    YearOutOfRange {
        year: i32,
    },
    BadDate {
        index: usize,
        text: String,
    },
    UnknownKind {
        index: usize,
        kind: String,
    },
    /// A day outside the years the file declares.
    DayOutsideYears {
        date: NaiveDate,
    },
    DuplicateDay {
        date: NaiveDate,
    },
    NameTooLong {
        date: NaiveDate,
    },
    /// A make-up working day on a weekday, which is a working day anyway.
    MakeUpOnWeekday {
        date: NaiveDate,
    },
}

/// A calendar file read without a problem: the changes that enter it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarImport {
    pub years: BTreeSet<i32>,
    pub days: Vec<DayRule>,
}

impl CalendarImport {
    /// The calendar changes that take this file in: every day marked, every year entered.
    pub fn changes(&self) -> Vec<Change> {
        self.days
            .iter()
            .cloned()
            .map(Change::Calendar)
            .chain(self.years.iter().map(|year| {
                Change::CalendarYear(YearEntered {
                    year: *year,
                    entered: true,
                })
            }))
            .collect()
    }
}

/// Reads `text` as a calendar file, naming every problem.
pub fn read_calendar_file(text: &str) -> Result<CalendarImport, Vec<CalendarFileProblem>> {
    use CalendarFileProblem as P;
    if text.len() > MAX_CALENDAR_BYTES {
        return Err(vec![P::TooLarge]);
    }
    let value: Value = serde_json::from_str(text).map_err(|_| vec![P::NotJson])?;
    if value.get("format").and_then(Value::as_str) != Some(CALENDAR_FORMAT) {
        return Err(vec![P::WrongFormat]);
    }
    match value.get("version").and_then(Value::as_u64) {
        Some(version) if version == u64::from(CALENDAR_VERSION) => {}
        Some(version) => return Err(vec![P::UnsupportedVersion { version }]),
        None => {
            return Err(vec![P::Schema {
                reason: DecodeProblem::MissingField {
                    field: "version".into(),
                },
            }])
        }
    }
    let file: CalendarFile = serde_json::from_value(value).map_err(|error| {
        vec![P::Schema {
            reason: DecodeProblem::of(&error),
        }]
    })?;
    let mut problems = Vec::new();
    if file.years.is_empty() {
        problems.push(P::NoYears);
    }
    for year in &file.years {
        if !CALENDAR_YEARS.contains(year) {
            problems.push(P::YearOutOfRange { year: *year });
        }
    }
    let years: BTreeSet<i32> = file.years.iter().copied().collect();
    let mut seen = BTreeSet::new();
    let mut days = Vec::new();
    for (index, day) in file.days.iter().enumerate() {
        let date = NaiveDate::parse_from_str(&day.date, "%Y-%m-%d");
        let kind = match day.kind.as_str() {
            "holiday" => Some(DayKind::Holiday),
            "make_up_workday" => Some(DayKind::MakeUpWorkday),
            _ => None,
        };
        if kind.is_none() {
            problems.push(P::UnknownKind {
                index,
                kind: day.kind.clone(),
            });
        }
        let Ok(date) = date else {
            problems.push(P::BadDate {
                index,
                text: day.date.clone(),
            });
            continue;
        };
        if !years.contains(&date.year()) {
            problems.push(P::DayOutsideYears { date });
        }
        if !seen.insert(date) {
            problems.push(P::DuplicateDay { date });
        }
        let name = day
            .name
            .as_ref()
            .map(|name| name.trim().to_owned())
            .filter(|name| !name.is_empty());
        if name
            .as_ref()
            .is_some_and(|name| name.chars().count() > MAX_DAY_NAME)
        {
            problems.push(P::NameTooLong { date });
        }
        let weekday = !matches!(date.weekday(), Weekday::Sat | Weekday::Sun);
        if kind == Some(DayKind::MakeUpWorkday) && weekday {
            problems.push(P::MakeUpOnWeekday { date });
        }
        if let Some(kind) = kind {
            days.push(DayRule {
                date,
                kind: Some(kind),
                name,
            });
        }
    }
    if problems.is_empty() {
        Ok(CalendarImport { years, days })
    } else {
        Err(problems)
    }
}

/// The calendar file of `years` as this office's calendar now reads them, official days and
/// the office's own together.
pub fn calendar_file(calendar: &WorkingCalendar, years: &[i32]) -> String {
    let days = years
        .iter()
        .flat_map(|year| calendar.special_days(*year))
        .map(|(date, day)| CalendarFileDay {
            date: date.format("%Y-%m-%d").to_string(),
            kind: match day.kind {
                DayKind::Holiday => "holiday",
                DayKind::MakeUpWorkday => "make_up_workday",
            }
            .to_owned(),
            name: Some(day.name).filter(|name| !name.is_empty()),
        })
        .collect();
    let file = CalendarFile {
        format: CALENDAR_FORMAT.into(),
        version: CALENDAR_VERSION,
        years: years.to_vec(),
        days,
    };
    serde_json::to_string_pretty(&file).expect("calendar files serialize")
}

/// The JSON Schema of a calendar file (`docs/calendar.schema.json`).
pub fn json_schema() -> String {
    serde_json::to_string_pretty(&schemars::schema_for!(CalendarFile)).expect("schemas serialize")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(days: &str) -> String {
        format!(r#"{{"format":"estate-desk-calendar","version":1,"years":[2027],"days":[{days}]}}"#)
    }

    /// REN-31: a file of 2027's holidays reads into marks and the year entered.
    #[test]
    fn ren_31_a_calendar_file_enters_its_days_and_years() {
        let read = read_calendar_file(&file(
            r#"{"date":"2027-01-01","kind":"holiday","name":"元旦"},
               {"date":"2027-02-06","kind":"make_up_workday","name":"春节调休"}"#,
        ))
        .unwrap();
        assert_eq!(read.years, BTreeSet::from([2027]));
        assert_eq!(read.days.len(), 2);
        assert_eq!(read.changes().len(), 3);
        let mut calendar = WorkingCalendar::china_official();
        for change in read.changes() {
            match change {
                Change::Calendar(rule) => calendar.apply(&rule),
                Change::CalendarYear(year) => calendar.apply_year(&year),
                _ => unreachable!(),
            }
        }
        assert!(calendar.has_year(2027));
        assert!(!calendar.is_working_day(NaiveDate::from_ymd_opt(2027, 1, 1).unwrap()));
        // What the office holds exports in the same format, and reads back the same.
        let exported = calendar_file(&calendar, &[2027]);
        assert_eq!(read_calendar_file(&exported).unwrap().days, read.days);
    }

    /// REN-31: every problem of a bad file is named at once.
    #[test]
    fn ren_31_every_problem_of_a_bad_calendar_file_is_named() {
        let problems = read_calendar_file(&file(
            r#"{"date":"2027-13-01","kind":"holiday"},
               {"date":"2026-10-01","kind":"holiday"},
               {"date":"2027-01-01","kind":"day_off"},
               {"date":"2027-01-04","kind":"make_up_workday"},
               {"date":"2027-01-05","kind":"holiday","name":"一二三四五六七八九十一二三四五六七八九十一"},
               {"date":"2027-01-05","kind":"holiday"}"#,
        ))
        .unwrap_err();
        use CalendarFileProblem as P;
        let date = |m, d| NaiveDate::from_ymd_opt(2027, m, d).unwrap();
        assert_eq!(
            problems,
            vec![
                P::BadDate {
                    index: 0,
                    text: "2027-13-01".into()
                },
                P::DayOutsideYears {
                    date: NaiveDate::from_ymd_opt(2026, 10, 1).unwrap()
                },
                P::UnknownKind {
                    index: 2,
                    kind: "day_off".into()
                },
                P::MakeUpOnWeekday { date: date(1, 4) },
                P::NameTooLong { date: date(1, 5) },
                P::DuplicateDay { date: date(1, 5) },
            ]
        );
        assert_eq!(read_calendar_file("[]"), Err(vec![P::WrongFormat]));
        assert_eq!(read_calendar_file("{"), Err(vec![P::NotJson]));
        assert_eq!(
            read_calendar_file(
                r#"{"format":"estate-desk-calendar","version":1,"years":[],"days":[]}"#
            ),
            Err(vec![P::NoYears])
        );
    }

    /// The published schema is the one the wire types generate.
    #[test]
    fn docs_calendar_schema_json_is_up_to_date() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../docs/calendar.schema.json"
        );
        let published = std::fs::read_to_string(path).unwrap_or_default();
        assert_eq!(
            published.trim(),
            json_schema().trim(),
            "docs/calendar.schema.json is stale: cargo run -q -p estate-core --example calendar_schema > docs/calendar.schema.json"
        );
    }
}
