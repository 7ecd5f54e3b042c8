//! Today's route for inspectors (REN-33): every unit under construction, when it was last
//! patrolled, and when its next scheduled patrol is due (every N working days per Policy),
//! overdue first.

use chrono::{DateTime, Utc};

use crate::deadline::{Deadline, DeadlineKind, DeadlineStatus, Span};
use crate::desk::Desk;
use crate::party::UnitRef;
use crate::patrol::RectificationStatus;
use crate::renovation::{DeclaredChange, RenovationStatus};
use crate::rule::RuleId;
use crate::EntityId;

/// One unit on the route.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteStop {
    pub case: EntityId,
    pub unit: UnitRef,
    pub contractor: String,
    pub last_patrolled: Option<DateTime<Utc>>,
    /// When the next scheduled patrol is due, with its status at `now`.
    pub due: Deadline,
    /// Rectification tickets still open on this unit: a later patrol checks the fix.
    pub open_tickets: usize,
    /// Hot work is declared: the hot-work permit must be checked (REN-32).
    pub hot_work: bool,
}

/// Every unit under construction (or waiting for acceptance) with its next scheduled patrol,
/// overdue first, then by due time and unit.
pub fn patrol_route(desk: &Desk, now: DateTime<Utc>) -> Vec<RouteStop> {
    let mut stops: Vec<RouteStop> = desk
        .renovations
        .iter()
        .filter(|(_, case)| {
            matches!(
                case.status,
                RenovationStatus::UnderConstruction | RenovationStatus::AcceptanceRequested
            )
        })
        .filter_map(|(id, case)| {
            let last_patrolled = desk.patrols_of(id).map(|(_, patrol)| patrol.at).last();
            let since = last_patrolled.or(case.construction_started_at)?;
            let interval = desk.policy_at(since).patrol_interval_working_days;
            let due = desk.rules().counted(
                &id.0,
                (DeadlineKind::ScheduledPatrol, RuleId::Ren33),
                since,
                Span::WorkingDays(interval),
                now,
            );
            let open_tickets = desk
                .rectifications
                .values()
                .filter(|ticket| {
                    ticket.case.as_ref() == Some(id) && ticket.status == RectificationStatus::Open
                })
                .count();
            Some(RouteStop {
                case: id.clone(),
                unit: case.unit.clone()?,
                contractor: case
                    .contractor
                    .as_ref()
                    .map(|c| c.name.clone())
                    .unwrap_or_default(),
                last_patrolled,
                due,
                open_tickets,
                hot_work: case.declared.contains(&DeclaredChange::HotWork),
            })
        })
        .collect();
    crate::sorting::sort_by(&mut stops, |a, b| {
        (a.due.status, a.due.due, &a.unit).cmp(&(b.due.status, b.due.due, &b.unit))
    });
    stops
}

/// The case a scanned or typed code names: a case id (from the permit's QR code), or a unit
/// written `building-unit-room` (as printed on the permit).
pub fn find_case_by_code(desk: &Desk, code: &str) -> Option<EntityId> {
    let code = code.trim();
    let by_id = EntityId(code.to_owned());
    if desk.renovations.contains_key(&by_id) {
        return Some(by_id);
    }
    // The case number printed on the permit and in its QR code, typed in any case.
    if let Some(id) = desk
        .case_by_number(&code.to_uppercase())
        .filter(|id| desk.renovations.contains_key(*id))
    {
        return Some(id.clone());
    }
    let mut parts = code.split(['-', ' ', '/']).filter(|part| !part.is_empty());
    let unit = UnitRef::new(parts.next()?, parts.next()?, parts.next()?);
    desk.renovations
        .iter()
        .filter(|(_, case)| case.unit.as_ref() == Some(&unit))
        .max_by_key(|(_, case)| case.status.is_open())
        .map(|(id, _)| id.clone())
}

impl RouteStop {
    /// Whether the scheduled patrol is overdue or due within the due-soon window.
    pub fn is_due(&self) -> bool {
        self.due.status != DeadlineStatus::OnTime
    }
}
