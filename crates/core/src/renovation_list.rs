//! The renovations list of the front desk: one row per case with what a glance needs (status,
//! the next deadline, money owed or refundable), and the filter the desk types into.
//!
//! Rows are built from the folded [`Desk`] in memory, so filtering thousands of cases is a scan
//! of plain values, with no database read per keystroke.

use chrono::{DateTime, Utc};

use crate::deadline::{overdue_first, Deadline, DeadlineStatus};
use crate::desk::Desk;
use crate::ledger::Payer;
use crate::money::Money;
use crate::party::UnitRef;
use crate::renovation::{RenovationCase, RenovationStatus};
use crate::EntityId;

/// One line of the renovations list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenovationRow {
    pub id: EntityId,
    /// The case number people say (issue #17).
    pub number: String,
    pub unit: UnitRef,
    pub resident_name: String,
    pub resident_phone: String,
    pub contractor_name: String,
    pub status: RenovationStatus,
    /// The most urgent open deadline, if any.
    pub next_deadline: Option<Deadline>,
    /// What the payers still owe beyond their deposits (FEE-7).
    pub owed: Money,
    /// What is due back to the payers now (REN-41).
    pub refundable: Money,
    /// A merge left a conflict on this case for review.
    pub needs_review: bool,
}

impl RenovationRow {
    fn of(
        id: &EntityId,
        case: &RenovationCase,
        desk: &Desk,
        now: DateTime<Utc>,
    ) -> Option<RenovationRow> {
        let unit = case.unit.clone()?;
        let mut deadlines = case.deadlines(now, desk.rules());
        overdue_first(&mut deadlines);
        let (owed, refundable) = [Payer::Contractor, Payer::Owner].into_iter().fold(
            (Money::ZERO, Money::ZERO),
            |(owed, refundable), payer| {
                let balance = case.balance(payer);
                (owed + balance.still_owed, refundable + balance.refundable)
            },
        );
        let resident = case.resident.as_ref();
        Some(RenovationRow {
            id: id.clone(),
            number: case.number.clone().unwrap_or_default(),
            unit,
            resident_name: resident.map(|r| r.name.clone()).unwrap_or_default(),
            resident_phone: resident.map(|r| r.phone.clone()).unwrap_or_default(),
            contractor_name: case
                .contractor
                .as_ref()
                .map(|c| c.name.clone())
                .unwrap_or_default(),
            status: case.status,
            next_deadline: deadlines.into_iter().next(),
            owed,
            refundable,
            needs_review: desk.open_conflicts().any(|c| c.entity == *id),
        })
    }

    fn is_overdue(&self) -> bool {
        self.next_deadline
            .as_ref()
            .is_some_and(|deadline| deadline.status == DeadlineStatus::Overdue)
    }
}

/// Every renovation case as a row: overdue and due-soon cases first, then open cases by
/// unit, then closed ones.
pub fn renovation_rows(desk: &Desk, now: DateTime<Utc>) -> Vec<RenovationRow> {
    let mut rows: Vec<RenovationRow> = desk
        .renovations
        .iter()
        .filter_map(|(id, case)| RenovationRow::of(id, case, desk, now))
        .collect();
    crate::sorting::sort_by(&mut rows, |a, b| {
        let urgency = |row: &RenovationRow| {
            (
                row.next_deadline
                    .as_ref()
                    .map_or((DeadlineStatus::OnTime, 1), |d| (d.status, 0)),
                row.next_deadline.as_ref().map(|d| d.due),
                !row.status.is_open(),
            )
        };
        urgency(a)
            .cmp(&urgency(b))
            .then_with(|| a.unit.cmp(&b.unit))
            .then_with(|| a.id.cmp(&b.id))
    });
    rows
}

/// What the front desk filters the list by. Empty fields match everything.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RenovationFilter {
    pub status: Option<RenovationStatus>,
    pub building: String,
    pub contractor: String,
    pub overdue_only: bool,
    /// Matched against the unit (`1-2-301`), the resident's name and phone.
    pub search: String,
}

impl RenovationFilter {
    /// Whether `row` passes every part of the filter.
    pub fn matches(&self, row: &RenovationRow) -> bool {
        let search = self.search.trim();
        self.status.is_none_or(|status| row.status == status)
            && (self.building.is_empty() || row.unit.building == self.building)
            && (self.contractor.is_empty() || row.contractor_name == self.contractor)
            && (!self.overdue_only || row.is_overdue())
            && (search.is_empty()
                || row.unit.to_string().contains(search)
                || row.number.contains(&search.to_uppercase())
                || row.resident_name.contains(search)
                || row.resident_phone.contains(search))
    }

    /// The positions in `rows` that pass, in list order.
    pub fn positions(&self, rows: &[RenovationRow]) -> Vec<usize> {
        rows.iter()
            .enumerate()
            .filter(|(_, row)| self.matches(row))
            .map(|(index, _)| index)
            .collect()
    }
}

/// The distinct buildings and contractors in `rows`, sorted, for the filter's pickers.
pub fn filter_choices(rows: &[RenovationRow]) -> (Vec<String>, Vec<String>) {
    let mut buildings: Vec<String> = rows.iter().map(|r| r.unit.building.clone()).collect();
    let mut contractors: Vec<String> = rows
        .iter()
        .map(|r| r.contractor_name.clone())
        .filter(|name| !name.is_empty())
        .collect();
    for list in [&mut buildings, &mut contractors] {
        crate::sorting::sort(list);
        list.dedup();
    }
    (buildings, contractors)
}
