//! The complaints and suggestions list: one row per case with every running clock (FB-09,
//! FB-10, FB-22, FB-26), overdue first; the filter; today's suggestions for the
//! department supervisor (FB-04); and the open cases of a unit, so intake sees duplicates.

use chrono::{DateTime, NaiveDate, Utc};

use crate::deadline::{overdue_first, Deadline, DeadlineStatus};
use crate::desk::Desk;
use crate::feedback::{FeedbackCase, FeedbackKind, FeedbackStatus};
use crate::party::UnitRef;
use crate::EntityId;

/// One line of the feedback list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedbackRow {
    pub id: EntityId,
    /// The case number people say (issue #17).
    pub number: String,
    pub kind: FeedbackKind,
    pub unit: UnitRef,
    pub resident_name: String,
    pub resident_phone: String,
    pub what: String,
    pub status: FeedbackStatus,
    /// Every open clock, the most urgent first.
    pub deadlines: Vec<Deadline>,
    pub received_at: DateTime<Utc>,
    pub adopted: Option<bool>,
    pub owner_informed: bool,
    /// FB-04: the suggestion went to the department supervisor.
    pub handed_over: bool,
    pub needs_review: bool,
}

impl FeedbackRow {
    fn of(id: &EntityId, case: &FeedbackCase, desk: &Desk, now: DateTime<Utc>) -> Option<Self> {
        let mut deadlines = case.deadlines(now, desk.rules());
        overdue_first(&mut deadlines);
        let resident = case.resident.as_ref();
        Some(FeedbackRow {
            id: id.clone(),
            number: case.number.clone().unwrap_or_default(),
            kind: case.kind?,
            unit: case.unit.clone()?,
            resident_name: resident.map(|r| r.name.clone()).unwrap_or_default(),
            resident_phone: resident.map(|r| r.phone.clone()).unwrap_or_default(),
            what: case.what.clone(),
            status: case.status,
            deadlines,
            received_at: case.received_at?,
            adopted: case.adopted,
            owner_informed: case.owner_informed,
            handed_over: case.handed_over.is_some(),
            needs_review: desk.open_conflicts_of(id).next().is_some(),
        })
    }

    fn is_overdue(&self) -> bool {
        self.deadlines
            .first()
            .is_some_and(|deadline| deadline.status == DeadlineStatus::Overdue)
    }
}

/// Every complaint and suggestion: the most urgent clock first, then the newest.
pub fn feedback_rows(desk: &Desk, now: DateTime<Utc>) -> Vec<FeedbackRow> {
    let mut rows: Vec<FeedbackRow> = desk
        .feedback
        .iter()
        .filter_map(|(id, case)| FeedbackRow::of(id, case, desk, now))
        .collect();
    crate::sorting::sort_by(&mut rows, |a, b| {
        let urgency = |row: &FeedbackRow| {
            row.deadlines
                .first()
                .map_or((DeadlineStatus::OnTime, 1, None), |d| {
                    (d.status, 0, Some(d.due))
                })
        };
        urgency(a)
            .cmp(&urgency(b))
            .then_with(|| b.received_at.cmp(&a.received_at))
            .then_with(|| a.id.cmp(&b.id))
    });
    rows
}

/// What the desk filters the feedback list by. Empty fields match everything.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FeedbackFilter {
    pub kind: Option<FeedbackKind>,
    pub status: Option<FeedbackStatus>,
    pub overdue_only: bool,
    /// Matched against the unit, the resident's name and phone, and what happened.
    pub search: String,
}

impl FeedbackFilter {
    pub fn matches(&self, row: &FeedbackRow) -> bool {
        let search = self.search.trim();
        self.kind.is_none_or(|kind| row.kind == kind)
            && self.status.is_none_or(|status| row.status == status)
            && (!self.overdue_only || row.is_overdue())
            && (search.is_empty()
                || row.unit.to_string().contains(search)
                || row.number.contains(&search.to_uppercase())
                || row.resident_name.contains(search)
                || row.resident_phone.contains(search)
                || row.what.contains(search))
    }
}

/// FB-04: the suggestions received on `day` (office date), for the department supervisor's
/// list before the end of the shift.
pub fn suggestions_received_on(
    desk: &Desk,
    day: NaiveDate,
    now: DateTime<Utc>,
) -> Vec<FeedbackRow> {
    let offset = desk.policy_at(now).office_offset();
    let mut rows: Vec<FeedbackRow> = feedback_rows(desk, now)
        .into_iter()
        .filter(|row| {
            row.kind == FeedbackKind::Suggestion
                && row.received_at.with_timezone(&offset).date_naive() == day
        })
        .collect();
    crate::sorting::sort_by_key(&mut rows, |row| row.received_at);
    rows
}

/// An open case of a unit, as intake shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitCase {
    pub id: EntityId,
    /// `renovation` or `feedback`, as projections name the kinds.
    pub kind: &'static str,
    pub status: &'static str,
    pub title: String,
}

/// The open renovation and feedback cases of `unit`, so intake sees a duplicate at once.
pub fn open_cases_at(desk: &Desk, unit: &UnitRef) -> Vec<UnitCase> {
    let renovations = desk
        .renovations
        .iter()
        .filter(|(_, case)| case.status.is_open() && case.unit.as_ref() == Some(unit))
        .map(|(id, case)| UnitCase {
            id: id.clone(),
            kind: "renovation",
            status: case.status.name(),
            title: case
                .resident
                .as_ref()
                .map(|r| r.name.clone())
                .unwrap_or_default(),
        });
    let feedback = desk
        .feedback
        .iter()
        .filter(|(_, case)| {
            !matches!(case.status, FeedbackStatus::New | FeedbackStatus::Closed)
                && case.unit.as_ref() == Some(unit)
        })
        .map(|(id, case)| UnitCase {
            id: id.clone(),
            kind: "feedback",
            status: case.status.name(),
            title: case.what.clone(),
        });
    renovations.chain(feedback).collect()
}
