//! Tickets: the work the office owes, as one list. Department work orders (FB-26), follow-up
//! visits (FB-10) and deposit refunds (REN-41) follow from their cases' states; rectifications
//! (REN-33) are entities of their own. Each carries its deadline.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::deadline::{Deadline, DeadlineKind};
use crate::desk::Desk;
use crate::event::EntityId;
use crate::feedback::{Department, FeedbackStatus};
use crate::party::UnitRef;
use crate::patrol::ChecklistItem;

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum TicketKind {
    DepartmentWorkOrder,
    Rectification,
    FollowUpVisit,
    DepositRefund,
}

/// One open ticket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Ticket {
    pub kind: TicketKind,
    /// The entity the work is recorded on.
    pub entity: EntityId,
    pub unit: Option<UnitRef>,
    /// The department it is assigned to, for department heads' queues.
    pub department: Option<Department>,
    pub deadline: Option<Deadline>,
    /// The person of the department who has the work, once assigned.
    pub assignee: Option<String>,
    /// FB-25: engineering was notified, so the ticket is in its queue too.
    pub engineering_notified: bool,
    /// What is wrong, in the words recorded (issue #22): the complaint as the resident put it,
    /// or the inspector's note on a failed item.
    pub what: String,
    /// The failed checklist item a rectification is for.
    pub item: Option<ChecklistItem>,
}

impl Ticket {
    /// Whether the ticket is in `department`'s queue.
    pub fn concerns(&self, department: Department) -> bool {
        crate::feedback::department_concerned(
            self.department,
            self.engineering_notified,
            department,
        )
    }
}

/// Every open ticket at `now`, overdue first.
pub fn open_tickets(desk: &Desk, now: DateTime<Utc>) -> Vec<Ticket> {
    let mut tickets = Vec::new();
    let deadline_of = |deadlines: Vec<Deadline>, kind: DeadlineKind| {
        deadlines.into_iter().find(|d| d.kind == kind)
    };
    for (id, case) in &desk.feedback {
        let kind = match case.status {
            FeedbackStatus::Forwarded | FeedbackStatus::InDepartment => {
                TicketKind::DepartmentWorkOrder
            }
            FeedbackStatus::Handled => TicketKind::FollowUpVisit,
            _ => continue,
        };
        let wanted = match kind {
            TicketKind::FollowUpVisit => DeadlineKind::FollowUpVisit,
            _ => DeadlineKind::DepartmentCompletion,
        };
        tickets.push(Ticket {
            kind,
            entity: id.clone(),
            unit: case.unit.clone(),
            department: case.department,
            deadline: deadline_of(case.deadlines(now, desk.rules()), wanted),
            assignee: case.assignee.clone(),
            engineering_notified: case.engineering_notified,
            what: case.what.clone(),
            item: None,
        });
    }
    for (id, case) in &desk.renovations {
        let refunding = matches!(
            case.status,
            crate::renovation::RenovationStatus::Accepted
                | crate::renovation::RenovationStatus::Withdrawn
        );
        if refunding {
            tickets.push(Ticket {
                kind: TicketKind::DepositRefund,
                entity: id.clone(),
                unit: case.unit.clone(),
                department: Some(Department::CustomerService),
                deadline: deadline_of(case.deadlines(now, desk.rules()), DeadlineKind::RefundLimit),
                assignee: None,
                engineering_notified: false,
                what: String::new(),
                item: None,
            });
        }
    }
    for (id, ticket) in &desk.rectifications {
        let unit = ticket
            .case
            .as_ref()
            .and_then(|case| desk.renovations.get(case))
            .and_then(|case| case.unit.clone());
        let Some(deadline) = ticket.deadlines(now, desk.rules()).into_iter().next() else {
            continue;
        };
        tickets.push(Ticket {
            kind: TicketKind::Rectification,
            entity: id.clone(),
            unit,
            department: Some(Department::Engineering),
            deadline: Some(deadline),
            assignee: ticket.assignee.clone(),
            engineering_notified: false,
            what: ticket.note.clone(),
            item: ticket.item,
        });
    }
    crate::sorting::sort_by(&mut tickets, |a, b| {
        let key = |t: &Ticket| {
            (
                t.deadline.as_ref().map(|d| (d.status, d.due)),
                t.entity.clone(),
            )
        };
        match (&a.deadline, &b.deadline) {
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            _ => key(a).cmp(&key(b)),
        }
    });
    tickets
}
