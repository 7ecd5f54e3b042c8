//! The home page's agenda: every deadline across renovations, feedback, rectification
//! tickets, scheduled patrols and refunds, bucketed into overdue, due today and due this week,
//! filtered to the deadlines a role answers for; and the counts per status.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};

use crate::deadline::{overdue_first, Deadline, DeadlineKind, DeadlineStatus};
use crate::desk::Desk;
use crate::event::EntityId;
use crate::feedback::{Department, FeedbackStatus};
use crate::patrol_route::patrol_route;
use crate::role::Role;

/// The deadline kinds a role answers for: the front desk's queue is replies, follow-ups and
/// refunds; a department head's is the department work orders; and so on.
pub fn concerns(role: Role, kind: DeadlineKind) -> bool {
    use DeadlineKind as K;
    match role {
        Role::FrontDesk => matches!(
            kind,
            K::FeedbackReply | K::AgreedReply | K::FollowUpVisit | K::RefundTarget | K::RefundLimit
        ),
        Role::RenovationSupervisor => matches!(
            kind,
            K::DrawingReview
                | K::RefundTarget
                | K::RefundLimit
                | K::Rectification
                | K::ScheduledPatrol
        ),
        Role::Inspector => matches!(kind, K::ScheduledPatrol | K::Rectification),
        Role::CsManager => matches!(
            kind,
            K::FeedbackReply
                | K::AgreedReply
                | K::FollowUpVisit
                | K::DepartmentCompletion
                | K::RefundLimit
        ),
        Role::DepartmentHead => matches!(kind, K::DepartmentCompletion | K::Rectification),
    }
}

/// Who acts next on a case (issue #22): of the roles with a step open (`actors`, from
/// [`crate::step::next_actors`]), those who answer for the deadline now running, if any do;
/// a case waiting for its drawing review names the supervisor, not everyone who could edit
/// a phone number meanwhile.
pub fn who_acts_next(actors: Vec<Role>, due: Option<&Deadline>) -> Vec<Role> {
    let Some(due) = due else {
        return actors;
    };
    let answering: Vec<Role> = actors
        .iter()
        .copied()
        .filter(|role| concerns(*role, due.kind))
        .collect();
    if answering.is_empty() {
        actors
    } else {
        answering
    }
}

/// The agenda of one role at one moment.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Agenda {
    pub overdue: Vec<Deadline>,
    pub today: Vec<Deadline>,
    pub this_week: Vec<Deadline>,
    /// Renovation cases per status name, then feedback cases per status name.
    pub renovation_counts: BTreeMap<&'static str, usize>,
    pub feedback_counts: BTreeMap<&'static str, usize>,
    /// FB-25/26: cases forwarded to the department (or, for engineering, notified to it) that
    /// no head has signed for yet: they have no deadline until signed, so they are listed.
    pub awaiting_signature: Vec<EntityId>,
}

/// The deadlines `role` answers for, overdue first, then due today (office date), then due in
/// the next seven days; later ones are left for their pages.
pub fn agenda(desk: &Desk, now: DateTime<Utc>, role: Role) -> Agenda {
    department_agenda(desk, now, role, None)
}

/// The agenda of `role` in `department`: a department head's work orders are those of their
/// own department, and engineering's also the class-2 cases it was notified of (FB-25).
pub fn department_agenda(
    desk: &Desk,
    now: DateTime<Utc>,
    role: Role,
    department: Option<Department>,
) -> Agenda {
    let mut deadlines = desk.deadlines(now);
    deadlines.extend(patrol_route(desk, now).into_iter().map(|stop| stop.due));
    deadlines.retain(|deadline| concerns(role, deadline.kind));
    let head_of = department.filter(|_| role == Role::DepartmentHead);
    if let Some(department) = head_of {
        // Rectifications are engineering's (REN-33 tickets go to 工程部, as on the 工单 page).
        deadlines.retain(|deadline| {
            deadline.kind != DeadlineKind::Rectification || department == Department::Engineering
        });
        deadlines.retain(|deadline| {
            deadline.kind != DeadlineKind::DepartmentCompletion
                || desk
                    .feedback
                    .get(&EntityId(deadline.entity_id.clone()))
                    .is_some_and(|case| case.concerns_department(department))
        });
    }
    overdue_first(&mut deadlines);
    let offset = desk.policy_at(now).office_offset();
    let today = now.with_timezone(&offset).date_naive();
    let week_end = now + Duration::days(7);
    let mut agenda = Agenda::default();
    for deadline in deadlines {
        if deadline.status == DeadlineStatus::Overdue {
            agenda.overdue.push(deadline);
        } else if deadline.due.with_timezone(&offset).date_naive() == today {
            agenda.today.push(deadline);
        } else if deadline.due <= week_end {
            agenda.this_week.push(deadline);
        }
    }
    for case in desk.renovations.values() {
        *agenda
            .renovation_counts
            .entry(case.status.name())
            .or_default() += 1;
    }
    for case in desk.feedback.values() {
        *agenda
            .feedback_counts
            .entry(case.status.name())
            .or_default() += 1;
    }
    if let Some(department) = head_of {
        agenda.awaiting_signature = desk
            .feedback
            .iter()
            .filter(|(_, case)| {
                case.status == FeedbackStatus::Forwarded && case.concerns_department(department)
            })
            .map(|(id, _)| id.clone())
            .collect();
    }
    agenda
}
