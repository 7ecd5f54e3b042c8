//! The sections of the renovation case page (REN-10..41, FEE-1..7), one file each. Every
//! section reads the case through one memo, so a save in one section re-renders what changed
//! and leaves the others mounted, with whatever is half-typed in them.

pub mod acceptance;
pub mod application;
pub mod construction;
pub mod details;
pub mod fees;
pub mod ledger;
pub mod refund;
pub mod review;
pub mod summary;

use std::collections::BTreeMap;

use crate::components::case_history::device_names;
use chrono::{DateTime, Utc};
use estate_core::dashboard::who_acts_next;
use estate_core::deadline::{overdue_first, Deadline};
use estate_core::desk::{HeldMoney, Patrol};
use estate_core::patrol::{Rectification, RectificationStatus};
use estate_core::renovation::{RenovationCase, RenovationChange};
use estate_core::step::{next_actors, Step};
use estate_core::{Change, Desk, EntityId, Event, Policy, Role};

/// Everything a section reads: the case as folded now, and what the signed-in role may do.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseView {
    pub id: EntityId,
    pub case: RenovationCase,
    pub role: Role,
    pub policy: Policy,
    /// The steps core opens to the role now (`RenovationCase::open_steps`).
    pub steps: Vec<Step>,
    /// The roles with a step open now: who acts next (issue #22).
    pub next: Vec<Role>,
    pub deadlines: Vec<Deadline>,
    pub patrols: Vec<(EntityId, Patrol)>,
    /// Open rectification tickets with the photos of the patrol that opened each.
    pub open_tickets: Vec<(EntityId, Rectification, Vec<String>)>,
    pub timeline: Vec<Event>,
    /// Enrolled devices by id, to name the device of each timeline entry.
    pub devices: BTreeMap<String, String>,
    /// Money taken or paid by steps held for review: not in the ledger (issue #21).
    pub held_money: Vec<HeldMoney>,
}

impl CaseView {
    /// The case `id` of `desk` as `role` sees it at `now`; `None` when there is no such case.
    pub fn load(
        desk: &Desk,
        timeline: Vec<Event>,
        id: &EntityId,
        role: Role,
        now: DateTime<Utc>,
    ) -> Option<CaseView> {
        let case = RenovationCase::clone(desk.renovations.get(id)?);
        let mut deadlines = case.deadlines(now, desk.rules());
        overdue_first(&mut deadlines);
        let patrols = desk
            .patrols_of(id)
            .map(|(patrol_id, patrol)| (patrol_id.clone(), patrol.clone()))
            .collect();
        let open_tickets = desk
            .rectifications
            .iter()
            .filter(|(_, ticket)| {
                ticket.case.as_ref() == Some(id) && ticket.status == RectificationStatus::Open
            })
            .map(|(ticket_id, ticket)| {
                let photos = ticket
                    .patrol
                    .as_ref()
                    .and_then(|patrol| desk.patrols.get(patrol))
                    .map(|patrol| patrol.record.photos.clone())
                    .unwrap_or_default();
                (ticket_id.clone(), ticket.clone(), photos)
            })
            .collect();
        let policy = desk.policy_at(now);
        Some(CaseView {
            id: id.clone(),
            steps: case.open_steps(role, policy),
            next: who_acts_next(
                next_actors(|anyone| case.open_steps(anyone, policy)),
                deadlines.first(),
            ),
            case,
            role,
            policy: desk.policy_at(now).clone(),
            deadlines,
            patrols,
            open_tickets,
            timeline,
            devices: device_names(desk),
            held_money: desk.held_money(id),
        })
    }

    /// Whether the role can take `step` now.
    pub fn can(&self, step: Step) -> bool {
        self.steps.contains(&step)
    }

    /// Whether the role can take any step but editing contacts.
    pub fn can_act(&self) -> bool {
        self.steps.iter().any(|step| *step != Step::EditCase)
    }
}

/// The changes of a renovation step, as a command carries them.
pub fn renovation(changes: impl IntoIterator<Item = RenovationChange>) -> Vec<Change> {
    changes.into_iter().map(Change::Renovation).collect()
}
