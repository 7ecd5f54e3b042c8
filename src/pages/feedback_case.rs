//! The sections of the complaint and suggestion page (FB-01..26), one file each. Like the
//! renovation case page, every section reads the case through one memo and stays mounted
//! across saves.

pub mod classify;
pub mod department;
pub mod follow_up;
pub mod forward;
pub mod reply;
pub mod serious;
pub mod suggestion;
pub mod summary;
pub mod verify;

use std::collections::BTreeMap;

use crate::components::case_history::device_names;
use chrono::{DateTime, Utc};
use estate_core::dashboard::who_acts_next;
use estate_core::deadline::{overdue_first, Deadline};
use estate_core::feedback::{FeedbackCase, FeedbackChange, FeedbackKind};
use estate_core::step::{next_actors, Step};
use estate_core::{Change, Desk, EntityId, Event, Policy, Role};

use crate::commands::Command;

/// Everything a section reads: the case as folded now, and who is looking.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedbackView {
    pub id: EntityId,
    pub case: FeedbackCase,
    /// The signed-in person, who signs a department's handling method by default.
    pub person: String,
    pub policy: Policy,
    /// The steps core opens to the signed-in role now (`FeedbackCase::open_steps`).
    pub steps: Vec<Step>,
    /// The roles with a step open now: who acts next (issue #22).
    pub next: Vec<Role>,
    /// The signed-in role the case is seen in.
    pub role: Role,
    pub deadlines: Vec<Deadline>,
    pub timeline: Vec<Event>,
    /// Enrolled devices by id, to name the device of each timeline entry.
    pub devices: BTreeMap<String, String>,
}

impl FeedbackView {
    /// The case `id` of `desk` as `role` sees it at `now`; `None` when there is no such case.
    pub fn load(
        desk: &Desk,
        timeline: Vec<Event>,
        id: &EntityId,
        (role, person): (estate_core::Role, String),
        now: DateTime<Utc>,
    ) -> Option<FeedbackView> {
        let case = FeedbackCase::clone(desk.feedback.get(id)?);
        let mut deadlines = case.deadlines(now, desk.rules());
        overdue_first(&mut deadlines);
        Some(FeedbackView {
            id: id.clone(),
            steps: case.open_steps(role),
            next: who_acts_next(
                next_actors(|anyone| case.open_steps(anyone)),
                deadlines.first(),
            ),
            role,
            case,
            person,
            policy: desk.policy_at(now).clone(),
            deadlines,
            timeline,
            devices: device_names(desk),
        })
    }

    /// Whether the role can take `step` now.
    pub fn can(&self, step: Step) -> bool {
        self.steps.contains(&step)
    }

    pub fn is_complaint(&self) -> bool {
        self.case.kind == Some(FeedbackKind::Complaint)
    }

    /// The command that records `change` on this case.
    pub fn command(&self, change: FeedbackChange) -> Command {
        (self.id.clone(), vec![Change::Feedback(change)])
    }
}
