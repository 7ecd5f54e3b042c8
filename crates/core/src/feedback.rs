//! Complaints and suggestions (建议/投诉), FB-01..26.
//!
//! Received (FB-01/02/20) → solved on the spot (FB-21), or classified 1/2/3 (FB-23) → forwarded
//! with the content and the demand (FB-24; engineering told for class 2, FB-25) → the department
//! fills the method and deadline and its head signs (FB-26) → handled → follow-up visit within a
//! week (FB-10) → closed. Beside the flow: the 24-hour feedback (FB-22), an agreed reply time
//! (FB-09), serious complaints (FB-06), escalation (FB-05), special incidents (FB-07),
//! verification (FB-08) and suggestion adoption (FB-04).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::calendar::WorkingCalendar;
use crate::deadline::{due_at, Deadline, DeadlineKind, Span};
use crate::event::EntityId;
use crate::party::{Resident, UnitRef};
use crate::policy::Policy;
use crate::role::Role;
use crate::rule::RuleId;
use crate::violation::{Checks, Problem, Violation};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FeedbackKind {
    Complaint,
    Suggestion,
}

/// How the feedback came in (FB-01).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Phone,
    Visit,
    OtherDepartment,
    Patrol,
}

/// FB-23's classes.
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
pub enum ComplaintClass {
    /// Class 1: property-management service fell short.
    Service,
    /// Class 2: a developer or building-quality problem.
    BuildingQuality,
    /// Class 3: external environment or public facilities outside the office's jurisdiction.
    External,
}

/// The departments feedback is forwarded to.
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
pub enum Department {
    CustomerService,
    Engineering,
    Security,
    Environment,
    Administration,
}

/// How the apology of a serious complaint was made (FB-06).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ApologyMeans {
    HomeVisit,
    Phone,
}

/// A change to a feedback case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum FeedbackChange {
    Received {
        kind: FeedbackKind,
        channel: Channel,
        resident: Resident,
        unit: UnitRef,
        what: String,
        happened_at: Option<DateTime<Utc>>,
        /// FB-02: apologised (complaint) or thanked (suggestion).
        acknowledged: bool,
    },
    Verified {
        course_of_events: String,
    },
    SolvedOnSpot {
        note: String,
    },
    Classified {
        class: ComplaintClass,
        cause: String,
    },
    Forwarded {
        department: Department,
        content: String,
        demand: String,
    },
    EngineeringNotified,
    DepartmentAccepted {
        method: String,
        complete_by: DateTime<Utc>,
        signed_by: String,
    },
    /// FB-26: the department head gives the work to a person of the department.
    Assigned {
        to: String,
    },
    ProgressNoted {
        note: String,
    },
    Handled {
        result: String,
    },
    ReplyGiven {
        explanation: String,
    },
    ReplyTimeAgreed {
        reply_by: DateTime<Utc>,
        resident_agreed: bool,
    },
    FlaggedSerious,
    ApologyMade {
        means: ApologyMeans,
    },
    Escalated {
        to: String,
    },
    SpecialIncident {
        containment: String,
        reported_to: String,
    },
    SuggestionDecided {
        adopted: bool,
        owner_informed: bool,
        explanation: String,
    },
    FollowUpVisited {
        satisfied: bool,
        opinion: String,
    },
    /// FB-10: the resident was not satisfied at the follow-up visit; the case goes back to the
    /// department (a suggestion back to reception) to be handled again.
    Reopened {
        reason: String,
    },
    Closed,
}

impl FeedbackChange {
    /// The changes a forward produces: FB-25 tells engineering at once for class 2, or when
    /// engineering is the responsible department.
    pub fn forward(
        class: Option<ComplaintClass>,
        department: Department,
        content: String,
        demand: String,
    ) -> Vec<FeedbackChange> {
        let mut changes = vec![FeedbackChange::Forwarded {
            department,
            content,
            demand,
        }];
        if class == Some(ComplaintClass::BuildingQuality) || department == Department::Engineering {
            changes.push(FeedbackChange::EngineeringNotified);
        }
        changes
    }

    fn step(&self) -> &'static str {
        match self {
            FeedbackChange::Received { .. } => "receive feedback",
            FeedbackChange::Verified { .. } => "verify",
            FeedbackChange::SolvedOnSpot { .. } => "solve on the spot",
            FeedbackChange::Classified { .. } => "classify",
            FeedbackChange::Forwarded { .. } => "forward",
            FeedbackChange::EngineeringNotified => "notify engineering",
            FeedbackChange::DepartmentAccepted { .. } => "sign the handling method",
            FeedbackChange::Assigned { .. } => "assign",
            FeedbackChange::ProgressNoted { .. } => "note progress",
            FeedbackChange::Handled { .. } => "mark handled",
            FeedbackChange::ReplyGiven { .. } => "reply to the resident",
            FeedbackChange::ReplyTimeAgreed { .. } => "agree a reply time",
            FeedbackChange::FlaggedSerious => "flag as serious",
            FeedbackChange::ApologyMade { .. } => "record the apology",
            FeedbackChange::Escalated { .. } => "escalate",
            FeedbackChange::SpecialIncident { .. } => "record a special incident",
            FeedbackChange::SuggestionDecided { .. } => "decide on the suggestion",
            FeedbackChange::FollowUpVisited { .. } => "record the follow-up visit",
            FeedbackChange::Reopened { .. } => "reopen",
            FeedbackChange::Closed => "close",
        }
    }
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum FeedbackStatus {
    #[default]
    New,
    Received,
    Classified,
    Forwarded,
    InDepartment,
    Handled,
    FollowedUp,
    Closed,
}

impl FeedbackStatus {
    pub fn name(self) -> &'static str {
        match self {
            FeedbackStatus::New => "new",
            FeedbackStatus::Received => "received",
            FeedbackStatus::Classified => "classified",
            FeedbackStatus::Forwarded => "forwarded",
            FeedbackStatus::InDepartment => "in_department",
            FeedbackStatus::Handled => "handled",
            FeedbackStatus::FollowedUp => "followed_up",
            FeedbackStatus::Closed => "closed",
        }
    }
}

/// A complaint or suggestion: the fold of its events.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
pub struct FeedbackCase {
    pub id: Option<EntityId>,
    pub status: FeedbackStatus,
    pub kind: Option<FeedbackKind>,
    pub channel: Option<Channel>,
    pub resident: Option<Resident>,
    pub unit: Option<UnitRef>,
    pub what: String,
    pub received_at: Option<DateTime<Utc>>,
    pub acknowledged: bool,
    pub verified: bool,
    pub solved_on_spot: bool,
    pub class: Option<ComplaintClass>,
    pub cause: String,
    pub department: Option<Department>,
    pub content: String,
    pub demand: String,
    pub engineering_notified: bool,
    pub method: String,
    pub complete_by: Option<DateTime<Utc>>,
    pub signed_by: Option<(String, DateTime<Utc>)>,
    pub assignee: Option<String>,
    pub handled_at: Option<DateTime<Utc>>,
    pub first_reply_at: Option<DateTime<Utc>>,
    pub agreed_reply_by: Option<DateTime<Utc>>,
    pub serious: bool,
    pub apology: Option<ApologyMeans>,
    pub escalated_to: Option<String>,
    pub special_incident: bool,
    pub adopted: Option<bool>,
    pub owner_informed: bool,
    pub follow_up: Option<(bool, String, DateTime<Utc>)>,
}

const CS: &[Role] = &[Role::CsManager, Role::FrontDesk];
const CS_MANAGER: &[Role] = &[Role::CsManager];
const DEPARTMENT: &[Role] = &[Role::DepartmentHead];
const ANYONE: &[Role] = &Role::ALL;

impl FeedbackCase {
    /// Every rule `change` by `role` at `now` would break; empty when allowed.
    pub fn check(&self, change: &FeedbackChange, role: Role, now: DateTime<Utc>) -> Vec<Violation> {
        use FeedbackChange as C;
        use FeedbackStatus as S;
        let mut checks = Checks::new();
        let status = self.status;
        let in_state = |allowed: &[FeedbackStatus], rule: RuleId, checks: &mut Checks| {
            checks.require(allowed.contains(&status), rule, || Problem::WrongState {
                state: status.name().into(),
                step: change.step().into(),
            });
        };
        let open = [
            S::Received,
            S::Classified,
            S::Forwarded,
            S::InDepartment,
            S::Handled,
            S::FollowedUp,
        ];
        let nonblank = |text: &str| !text.trim().is_empty();
        match change {
            C::Received {
                resident,
                unit,
                what,
                acknowledged,
                ..
            } => {
                in_state(&[S::New], RuleId::X1, &mut checks);
                checks.require_role(role, ANYONE, RuleId::Fb20);
                for (present, item) in [
                    (nonblank(&resident.name), "name"),
                    (nonblank(&unit.building) && nonblank(&unit.room), "unit"),
                    (nonblank(&resident.phone), "phone"),
                    (nonblank(what), "what happened"),
                ] {
                    checks.require(present, RuleId::Fb01, || Problem::Missing {
                        item: item.into(),
                    });
                }
                checks.require(*acknowledged, RuleId::Fb02, || Problem::StepPending {
                    step: "apologise for a complaint or thank for a suggestion".into(),
                });
            }
            C::Verified { course_of_events } => {
                in_state(&open, RuleId::Fb08, &mut checks);
                checks.require_role(role, CS, RuleId::Fb08);
                checks.require(nonblank(course_of_events), RuleId::Fb08, || {
                    Problem::Missing {
                        item: "course of events".into(),
                    }
                });
            }
            C::SolvedOnSpot { note } => {
                in_state(&[S::Received], RuleId::Fb21, &mut checks);
                checks.require_role(role, ANYONE, RuleId::Fb21);
                checks.require(nonblank(note), RuleId::Fb21, || Problem::Missing {
                    item: "how it was solved".into(),
                });
            }
            C::Classified { cause, .. } => {
                in_state(&[S::Received, S::Classified], RuleId::Fb23, &mut checks);
                checks.require_role(role, CS_MANAGER, RuleId::Fb23);
                checks.require(
                    self.kind == Some(FeedbackKind::Complaint),
                    RuleId::Fb23,
                    || Problem::Invalid {
                        detail: "only complaints are classified".into(),
                    },
                );
                checks.require(nonblank(cause), RuleId::Fb11, || Problem::Missing {
                    item: "cause".into(),
                });
            }
            C::Forwarded {
                content, demand, ..
            } => {
                let allowed: &[S] = match self.kind {
                    Some(FeedbackKind::Suggestion) => &[S::Received],
                    _ => &[S::Classified],
                };
                in_state(allowed, RuleId::Fb24, &mut checks);
                checks.require_role(role, CS_MANAGER, RuleId::Fb24);
                checks.require(nonblank(content), RuleId::Fb24, || Problem::Missing {
                    item: "complaint content".into(),
                });
                checks.require(nonblank(demand), RuleId::Fb24, || Problem::Missing {
                    item: "customer's demand".into(),
                });
            }
            C::EngineeringNotified => {
                in_state(&[S::Forwarded, S::InDepartment], RuleId::Fb25, &mut checks);
                checks.require_role(role, CS, RuleId::Fb25);
            }
            C::DepartmentAccepted {
                method,
                complete_by,
                signed_by,
            } => {
                in_state(&[S::Forwarded], RuleId::Fb26, &mut checks);
                checks.require_role(role, DEPARTMENT, RuleId::Fb26);
                checks.require(nonblank(method), RuleId::Fb26, || Problem::Missing {
                    item: "handling method".into(),
                });
                checks.require(nonblank(signed_by), RuleId::Fb26, || Problem::Missing {
                    item: "signature".into(),
                });
                checks.require(*complete_by > now, RuleId::Fb26, || Problem::Invalid {
                    detail: "the completion deadline is in the past".into(),
                });
            }
            C::Assigned { to } => {
                in_state(&[S::Forwarded, S::InDepartment], RuleId::Fb26, &mut checks);
                checks.require_role(role, DEPARTMENT, RuleId::Fb26);
                checks.require(nonblank(to), RuleId::Fb26, || Problem::Missing {
                    item: "assignee".into(),
                });
            }
            C::ProgressNoted { note } => {
                in_state(&[S::InDepartment], RuleId::Fb26, &mut checks);
                checks.require_role(role, DEPARTMENT, RuleId::Fb26);
                checks.require(nonblank(note), RuleId::Fb26, || Problem::Missing {
                    item: "progress".into(),
                });
            }
            C::Handled { result } => {
                in_state(&[S::InDepartment], RuleId::Fb26, &mut checks);
                checks.require_role(role, &[Role::DepartmentHead, Role::CsManager], RuleId::Fb26);
                checks.require(nonblank(result), RuleId::Fb26, || Problem::Missing {
                    item: "result".into(),
                });
            }
            C::ReplyGiven { explanation } => {
                in_state(&open, RuleId::Fb22, &mut checks);
                checks.require_role(role, CS, RuleId::Fb22);
                checks.require(nonblank(explanation), RuleId::Fb03, || Problem::Missing {
                    item: "explanation".into(),
                });
            }
            C::ReplyTimeAgreed {
                reply_by,
                resident_agreed,
            } => {
                in_state(&open, RuleId::Fb09, &mut checks);
                checks.require_role(role, CS, RuleId::Fb09);
                checks.require(*resident_agreed, RuleId::Fb09, || Problem::Missing {
                    item: "the resident's agreement".into(),
                });
                checks.require(*reply_by > now, RuleId::Fb09, || Problem::Invalid {
                    detail: "the reply time is in the past".into(),
                });
            }
            C::FlaggedSerious => {
                in_state(&open, RuleId::Fb06, &mut checks);
                checks.require_role(role, CS, RuleId::Fb06);
                checks.require(
                    self.kind == Some(FeedbackKind::Complaint),
                    RuleId::Fb06,
                    || Problem::Invalid {
                        detail: "only a complaint can be serious".into(),
                    },
                );
            }
            C::ApologyMade { .. } => {
                in_state(&open, RuleId::Fb06, &mut checks);
                checks.require_role(role, CS, RuleId::Fb06);
                checks.require(self.serious, RuleId::Fb06, || Problem::StepPending {
                    step: "flag as serious".into(),
                });
            }
            C::Escalated { to } => {
                in_state(&open, RuleId::Fb05, &mut checks);
                checks.require_role(role, CS, RuleId::Fb05);
                checks.require(nonblank(to), RuleId::Fb05, || Problem::Missing {
                    item: "superior".into(),
                });
            }
            C::SpecialIncident {
                containment,
                reported_to,
            } => {
                in_state(&open, RuleId::Fb07, &mut checks);
                checks.require_role(role, ANYONE, RuleId::Fb07);
                checks.require(nonblank(containment), RuleId::Fb07, || Problem::Missing {
                    item: "containment".into(),
                });
                checks.require(nonblank(reported_to), RuleId::Fb07, || Problem::Missing {
                    item: "units reported to".into(),
                });
            }
            C::SuggestionDecided {
                owner_informed,
                explanation,
                adopted,
            } => {
                in_state(&open, RuleId::Fb04, &mut checks);
                checks.require_role(role, CS, RuleId::Fb04);
                checks.require(
                    self.kind == Some(FeedbackKind::Suggestion),
                    RuleId::Fb04,
                    || Problem::Invalid {
                        detail: "only suggestions are adopted".into(),
                    },
                );
                checks.require(*owner_informed, RuleId::Fb04, || Problem::StepPending {
                    step: "inform the owner".into(),
                });
                checks.require(*adopted || nonblank(explanation), RuleId::Fb04, || {
                    Problem::Missing {
                        item: "explanation for the owner".into(),
                    }
                });
            }
            C::FollowUpVisited { opinion, .. } => {
                in_state(&[S::Handled], RuleId::Fb10, &mut checks);
                checks.require_role(role, CS, RuleId::Fb10);
                checks.require(nonblank(opinion), RuleId::Fb10, || Problem::Missing {
                    item: "the owner's opinion".into(),
                });
            }
            C::Reopened { reason } => {
                in_state(&[S::FollowedUp], RuleId::Fb10, &mut checks);
                checks.require_role(role, CS, RuleId::Fb10);
                checks.require(
                    self.follow_up
                        .as_ref()
                        .is_some_and(|(satisfied, _, _)| !satisfied),
                    RuleId::Fb10,
                    || Problem::Invalid {
                        detail: "the resident was satisfied".into(),
                    },
                );
                checks.require(nonblank(reason), RuleId::Fb10, || Problem::Missing {
                    item: "reason".into(),
                });
            }
            C::Closed => {
                in_state(&[S::FollowedUp], RuleId::Fb10, &mut checks);
                checks.require_role(role, CS, RuleId::Fb10);
                checks.require(
                    !self.serious || self.apology.is_some(),
                    RuleId::Fb06,
                    || Problem::StepPending {
                        step: "apology by home visit or phone".into(),
                    },
                );
                checks.require(
                    self.kind != Some(FeedbackKind::Suggestion) || self.owner_informed,
                    RuleId::Fb04,
                    || Problem::StepPending {
                        step: "inform the owner".into(),
                    },
                );
            }
        }
        checks.finish(|| ()).err().unwrap_or_default()
    }

    /// Folds one event into the state.
    pub fn apply(&mut self, entity: &EntityId, at: DateTime<Utc>, change: &FeedbackChange) {
        use FeedbackChange as C;
        use FeedbackStatus as S;
        match change {
            C::Received {
                kind,
                channel,
                resident,
                unit,
                what,
                acknowledged,
                ..
            } => {
                self.id = Some(entity.clone());
                self.status = S::Received;
                self.kind = Some(*kind);
                self.channel = Some(*channel);
                self.resident = Some(resident.clone());
                self.unit = Some(unit.clone());
                self.what = what.clone();
                self.received_at = Some(at);
                self.acknowledged = *acknowledged;
            }
            C::Verified { .. } => self.verified = true,
            C::SolvedOnSpot { .. } => {
                self.solved_on_spot = true;
                self.status = S::Handled;
                self.handled_at = Some(at);
                self.first_reply_at.get_or_insert(at);
            }
            C::Classified { class, cause } => {
                self.class = Some(*class);
                self.cause = cause.clone();
                self.status = S::Classified;
            }
            C::Forwarded {
                department,
                content,
                demand,
            } => {
                self.department = Some(*department);
                self.content = content.clone();
                self.demand = demand.clone();
                self.status = S::Forwarded;
            }
            C::EngineeringNotified => self.engineering_notified = true,
            C::DepartmentAccepted {
                method,
                complete_by,
                signed_by,
            } => {
                self.method = method.clone();
                self.complete_by = Some(*complete_by);
                self.signed_by = Some((signed_by.clone(), at));
                self.status = S::InDepartment;
            }
            C::Assigned { to } => self.assignee = Some(to.trim().to_owned()),
            C::ProgressNoted { .. } => {}
            C::Handled { .. } => {
                self.status = S::Handled;
                self.handled_at = Some(at);
            }
            C::ReplyGiven { .. } => {
                self.first_reply_at.get_or_insert(at);
                self.agreed_reply_by = None;
            }
            C::ReplyTimeAgreed { reply_by, .. } => self.agreed_reply_by = Some(*reply_by),
            C::FlaggedSerious => self.serious = true,
            C::ApologyMade { means } => self.apology = Some(*means),
            C::Escalated { to } => self.escalated_to = Some(to.clone()),
            C::SpecialIncident { .. } => self.special_incident = true,
            C::SuggestionDecided {
                adopted,
                owner_informed,
                ..
            } => {
                self.adopted = Some(*adopted);
                self.owner_informed = *owner_informed;
            }
            C::FollowUpVisited { satisfied, opinion } => {
                self.follow_up = Some((*satisfied, opinion.clone(), at));
                self.status = S::FollowedUp;
            }
            C::Reopened { .. } => {
                self.status = match self.kind {
                    Some(FeedbackKind::Suggestion) => S::Received,
                    _ => S::Forwarded,
                };
                self.handled_at = None;
                self.follow_up = None;
            }
            C::Closed => self.status = S::Closed,
        }
    }

    /// Whether `role` may take `change` in this state, whatever else is still missing: the
    /// case page offers a step only then.
    pub fn offers(&self, change: &FeedbackChange, role: Role, now: DateTime<Utc>) -> bool {
        crate::violation::step_is_open(&self.check(change, role, now))
    }

    /// The open deadlines at `now`: FB-22 (or the FB-09 agreed time), FB-26, FB-10.
    pub fn deadlines(
        &self,
        now: DateTime<Utc>,
        calendar: &WorkingCalendar,
        policy: &Policy,
    ) -> Vec<Deadline> {
        let (Some(id), Some(received)) = (&self.id, self.received_at) else {
            return Vec::new();
        };
        let mut deadlines = Vec::new();
        let mut push =
            |kind, rule, due| deadlines.push(Deadline::new(&id.0, kind, rule, due, now, policy));
        if self.status != FeedbackStatus::Closed {
            if let Some(agreed) = self.agreed_reply_by {
                push(DeadlineKind::AgreedReply, RuleId::Fb09, agreed);
            } else if self.first_reply_at.is_none() {
                let due = due_at(
                    received,
                    Span::Hours(policy.feedback_reply_hours),
                    calendar,
                    policy,
                );
                push(DeadlineKind::FeedbackReply, RuleId::Fb22, due);
            }
        }
        if let (FeedbackStatus::InDepartment, Some(complete_by)) = (self.status, self.complete_by) {
            push(
                DeadlineKind::DepartmentCompletion,
                RuleId::Fb26,
                complete_by,
            );
        }
        if let (FeedbackStatus::Handled, Some(handled)) = (self.status, self.handled_at) {
            let due = due_at(
                handled,
                Span::CalendarDays(policy.follow_up_visit_days),
                calendar,
                policy,
            );
            push(DeadlineKind::FollowUpVisit, RuleId::Fb10, due);
        }
        deadlines
    }
}
