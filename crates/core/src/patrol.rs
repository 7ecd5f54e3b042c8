//! Patrols of units under renovation (REN-32, REN-33) and the rectification tickets their
//! violations open. A patrol is recorded once, complete: time (the event's), inspector (the
//! actor), the checklist, the workers seen and the photos.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::deadline::{due_at, Deadline, DeadlineKind, Rules, Span};
use crate::event::EntityId;
use crate::renovation::{DeclaredChange, RenovationCase, RenovationStatus};
use crate::role::Role;
use crate::rule::RuleId;
use crate::step::Step;
use crate::violation::{Checks, Item, Problem, Reason, State, Violation};

/// Scheduled by policy, or picked at random (REN-33).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PatrolKind {
    Scheduled,
    Random,
}

/// An item of the patrol checklist.
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
pub enum ChecklistItem {
    /// REN-32: the permit is posted outside the door.
    PermitPosted,
    /// REN-32: every worker wears a pass.
    PassesWorn,
    /// REN-20/32: a hot-work permit is present when there is welding or cutting.
    HotWorkPermitPresent,
    /// REN-32: no structural or facade change beyond the approval.
    WithinApproval,
    /// REN-32: waste handled, public areas clean.
    WasteAndCleanliness,
    /// REN-32: working hours respected.
    WorkingHours,
}

impl ChecklistItem {
    /// The checklist every patrol goes through, in order.
    pub const ALL: [ChecklistItem; 6] = [
        ChecklistItem::PermitPosted,
        ChecklistItem::PassesWorn,
        ChecklistItem::HotWorkPermitPresent,
        ChecklistItem::WithinApproval,
        ChecklistItem::WasteAndCleanliness,
        ChecklistItem::WorkingHours,
    ];
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Pass,
    Fail,
    NotApplicable,
}

/// One judged checklist item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Finding {
    pub item: ChecklistItem,
    pub outcome: Outcome,
    pub note: String,
}

/// A completed patrol of one renovation case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PatrolRecord {
    pub case: EntityId,
    pub kind: PatrolKind,
    pub findings: Vec<Finding>,
    pub workers_seen: u32,
    /// SHA-256 of each photo.
    pub photos: Vec<String>,
}

impl PatrolRecord {
    /// The failed items: each opens a rectification ticket (REN-33).
    pub fn violations(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(|finding| finding.outcome == Outcome::Fail)
    }
}

/// Every rule a patrol record would break for `case`.
pub fn check_patrol(
    record: &PatrolRecord,
    case: Option<&RenovationCase>,
    role: Role,
) -> Vec<Violation> {
    let mut checks = Checks::new();
    checks.require_role(
        role,
        &[Role::Inspector, Role::RenovationSupervisor],
        RuleId::Ren33,
    );
    let status = case.map_or(RenovationStatus::New, |case| case.status);
    checks.require(
        matches!(
            status,
            RenovationStatus::UnderConstruction | RenovationStatus::AcceptanceRequested
        ),
        RuleId::Ren33,
        || Problem::WrongState {
            state: State::Renovation(status),
            step: Step::RecordPatrol,
        },
    );
    for item in ChecklistItem::ALL {
        let judged = record
            .findings
            .iter()
            .filter(|finding| finding.item == item)
            .count();
        checks.require_item(
            judged == 1,
            RuleId::Ren33,
            Item::ChecklistItem { checklist: item },
        );
    }
    for finding in record.violations() {
        checks.require_item(
            !finding.note.trim().is_empty(),
            RuleId::Ren33,
            Item::WhatWasWrong {
                checklist: finding.item,
            },
        );
    }
    let hot_work = case.is_some_and(|case| case.declared.contains(&DeclaredChange::HotWork));
    let hot_work_na = record.findings.iter().any(|finding| {
        finding.item == ChecklistItem::HotWorkPermitPresent
            && finding.outcome == Outcome::NotApplicable
    });
    checks.require_valid(!(hot_work && hot_work_na), RuleId::Ren32, || {
        Reason::HotWorkPermitMustBeChecked
    });
    checks.finish(|| ()).err().unwrap_or_default()
}

/// A change to a rectification ticket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum RectificationChange {
    /// Opened from a patrol's failed item, with its deadline and the contractor to notify.
    Opened {
        case: EntityId,
        patrol: EntityId,
        item: ChecklistItem,
        note: String,
        due: DateTime<Utc>,
    },
    ContractorNotified,
    /// REN-33: the person who follows the ticket up.
    Assigned {
        to: String,
    },
    /// A later patrol checked the fix.
    Verified {
        fixed: bool,
        note: String,
    },
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum RectificationStatus {
    #[default]
    New,
    Open,
    Closed,
}

impl RectificationStatus {
    /// The wire name, as projections store it.
    pub fn name(self) -> &'static str {
        match self {
            RectificationStatus::New => "new",
            RectificationStatus::Open => "open",
            RectificationStatus::Closed => "closed",
        }
    }
}

/// Who follows rectification tickets up (REN-33).
const RECTIFIERS: &[Role] = &[Role::Inspector, Role::RenovationSupervisor, Role::FrontDesk];

/// A rectification ticket (整改): the fold of its events.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Rectification {
    pub id: Option<EntityId>,
    pub status: RectificationStatus,
    pub case: Option<EntityId>,
    pub patrol: Option<EntityId>,
    pub item: Option<ChecklistItem>,
    pub note: String,
    pub due: Option<DateTime<Utc>>,
    /// When the ticket was opened: its deadline is counted from here.
    pub opened_at: Option<DateTime<Utc>>,
    pub contractor_notified: bool,
    pub assignee: Option<String>,
    pub failed_checks: u32,
    pub closed_at: Option<DateTime<Utc>>,
}

impl Rectification {
    /// The opening change for a failed `finding` of `patrol` at `now` (deadline from policy).
    pub fn open(
        case: &EntityId,
        patrol: &EntityId,
        finding: &Finding,
        now: DateTime<Utc>,
        rules: Rules,
    ) -> RectificationChange {
        let policy = rules.policy_at(now);
        RectificationChange::Opened {
            case: case.clone(),
            patrol: patrol.clone(),
            item: finding.item,
            note: finding.note.clone(),
            due: due_at(
                now,
                Span::WorkingDays(policy.rectification_working_days),
                rules.calendar,
                policy,
            ),
        }
    }

    /// The steps `role` can take on this ticket now: while it is open, whoever follows
    /// rectifications up assigns it, tells the contractor, and checks the fix.
    pub fn open_steps(&self, role: Role) -> Vec<Step> {
        if self.status == RectificationStatus::Open && RECTIFIERS.contains(&role) {
            vec![
                Step::Assign,
                Step::NotifyContractor,
                Step::VerifyRectification,
            ]
        } else {
            Vec::new()
        }
    }

    /// Every rule `change` by `role` would break; empty when allowed.
    pub fn check(&self, change: &RectificationChange, role: Role) -> Vec<Violation> {
        let mut checks = Checks::new();
        let expected = match change {
            RectificationChange::Opened { .. } => RectificationStatus::New,
            _ => RectificationStatus::Open,
        };
        let step = match change {
            RectificationChange::Opened { .. } => Step::OpenRectification,
            RectificationChange::ContractorNotified => Step::NotifyContractor,
            RectificationChange::Assigned { .. } => Step::Assign,
            RectificationChange::Verified { .. } => Step::VerifyRectification,
        };
        checks.require(self.status == expected, RuleId::Ren33, || {
            Problem::WrongState {
                state: State::Rectification(self.status),
                step,
            }
        });
        checks.require_role(role, RECTIFIERS, RuleId::Ren33);
        if let RectificationChange::Assigned { to } = change {
            checks.require_item(!to.trim().is_empty(), RuleId::Ren33, Item::Assignee);
        }
        checks.finish(|| ()).err().unwrap_or_default()
    }

    pub fn apply(&mut self, entity: &EntityId, at: DateTime<Utc>, change: &RectificationChange) {
        match change {
            RectificationChange::Opened {
                case,
                patrol,
                item,
                note,
                due,
            } => {
                self.id = Some(entity.clone());
                self.status = RectificationStatus::Open;
                self.case = Some(case.clone());
                self.patrol = Some(patrol.clone());
                self.item = Some(*item);
                self.note = note.clone();
                self.due = Some(*due);
                self.opened_at = Some(at);
            }
            RectificationChange::ContractorNotified => self.contractor_notified = true,
            RectificationChange::Assigned { to } => self.assignee = Some(to.trim().to_owned()),
            RectificationChange::Verified { fixed, .. } => {
                if *fixed {
                    self.status = RectificationStatus::Closed;
                    self.closed_at = Some(at);
                } else {
                    self.failed_checks += 1;
                }
            }
        }
    }

    /// REN-33's rectification deadline while the ticket is open: counted from the
    /// opening on the current calendar, so a holiday entered later moves it.
    pub fn deadlines(&self, now: DateTime<Utc>, rules: Rules) -> Vec<Deadline> {
        match (&self.id, self.status, self.opened_at) {
            (Some(id), RectificationStatus::Open, Some(opened)) => {
                let days = rules.policy_at(opened).rectification_working_days;
                vec![rules.counted(
                    &id.0,
                    (DeadlineKind::Rectification, RuleId::Ren33),
                    opened,
                    Span::WorkingDays(days),
                    now,
                )]
            }
            _ => Vec::new(),
        }
    }
}
