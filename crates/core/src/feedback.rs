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

use crate::deadline::{Deadline, DeadlineKind, Rules, Span};
use crate::event::EntityId;
use crate::numbering::NumberKind;
use crate::party::{Resident, UnitRef};
use crate::policy::EngineeringNotice;
use crate::role::Role;
use crate::rule::RuleId;
use crate::step::Step;
use crate::violation::{Checks, Gate, Item, Reason, State, Violation};

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
        /// The case number (`TS2026-A0003`, `JY…`), drawn when it is received (issue #17).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        number: Option<String>,
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
    /// FB-05: the resident asked to speak to management.
    ManagementRequested {
        request: String,
    },
    /// FB-05: who from management met the resident (or answered), and what came of it.
    ManagementAnswered {
        by: String,
        outcome: String,
    },
    /// FB-04: the day's suggestions handed to the department supervisor before end of shift.
    HandedOver {
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
    /// Closed before issue #22 asked why; kept so stored cases replay. New closes say why.
    Closed,
    /// The case is closed, with the reason the person closing it gave (issue #22).
    ClosedBecause {
        reason: String,
    },
}

impl FeedbackChange {
    /// The changes a forward produces: FB-25 tells engineering at once for class 2, or when
    /// engineering is the responsible department.
    pub fn forward(
        class: Option<ComplaintClass>,
        department: Department,
        (content, demand): (String, String),
        notice: EngineeringNotice,
    ) -> Vec<FeedbackChange> {
        let mut changes = vec![FeedbackChange::Forwarded {
            department,
            content,
            demand,
        }];
        let to_engineering = department == Department::Engineering;
        let tell = match notice {
            EngineeringNotice::ClassTwoOrEngineering => {
                class == Some(ComplaintClass::BuildingQuality) || to_engineering
            }
            EngineeringNotice::EngineeringOnly => to_engineering,
            EngineeringNotice::EveryForward => true,
        };
        if tell {
            changes.push(FeedbackChange::EngineeringNotified);
        }
        changes
    }

    /// The step this change takes.
    pub fn step(&self) -> Step {
        match self {
            FeedbackChange::Received { .. } => Step::ReceiveFeedback,
            FeedbackChange::Verified { .. } => Step::Verify,
            FeedbackChange::SolvedOnSpot { .. } => Step::SolveOnSpot,
            FeedbackChange::Classified { .. } => Step::Classify,
            FeedbackChange::Forwarded { .. } => Step::Forward,
            FeedbackChange::EngineeringNotified => Step::NotifyEngineering,
            FeedbackChange::DepartmentAccepted { .. } => Step::SignHandlingMethod,
            FeedbackChange::Assigned { .. } => Step::Assign,
            FeedbackChange::ProgressNoted { .. } => Step::NoteProgress,
            FeedbackChange::Handled { .. } => Step::MarkHandled,
            FeedbackChange::ReplyGiven { .. } => Step::Reply,
            FeedbackChange::ReplyTimeAgreed { .. } => Step::AgreeReplyTime,
            FeedbackChange::FlaggedSerious => Step::FlagSerious,
            FeedbackChange::ApologyMade { .. } => Step::Apologise,
            FeedbackChange::Escalated { .. } => Step::Escalate,
            FeedbackChange::ManagementRequested { .. } => Step::RecordManagementRequest,
            FeedbackChange::ManagementAnswered { .. } => Step::AnswerManagementRequest,
            FeedbackChange::HandedOver { .. } => Step::HandOverSuggestions,
            FeedbackChange::SpecialIncident { .. } => Step::RecordSpecialIncident,
            FeedbackChange::SuggestionDecided { .. } => Step::DecideSuggestion,
            FeedbackChange::FollowUpVisited { .. } => Step::FollowUpVisit,
            FeedbackChange::Reopened { .. } => Step::Reopen,
            FeedbackChange::Closed | FeedbackChange::ClosedBecause { .. } => Step::Close,
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
    /// The number people say (`TS2026-A0003`); records from before numbers get one at fold.
    pub number: Option<String>,
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
    /// FB-05: a request to speak to management, and its answer once given.
    pub management_request: Option<String>,
    pub management_answer: Option<(String, String)>,
    /// FB-04: to whom and when the suggestion was handed over.
    pub handed_over: Option<(String, DateTime<Utc>)>,
    pub special_incident: bool,
    pub adopted: Option<bool>,
    pub owner_informed: bool,
    pub follow_up: Option<(bool, String, DateTime<Utc>)>,
}

/// FB-25: `department`'s queue holds a case forwarded to it and, for engineering, a case it
/// was notified of whichever department handles it.
pub fn department_concerned(
    forwarded_to: Option<Department>,
    engineering_notified: bool,
    department: Department,
) -> bool {
    forwarded_to == Some(department)
        || (department == Department::Engineering && engineering_notified)
}

const NOBODY: &[Role] = &[];
const CS: &[Role] = &[Role::CsManager, Role::FrontDesk];
const CS_MANAGER: &[Role] = &[Role::CsManager];
const DEPARTMENT: &[Role] = &[Role::DepartmentHead];
const ANYONE: &[Role] = &Role::ALL;
const HANDLERS: &[Role] = &[Role::DepartmentHead, Role::CsManager];

impl FeedbackCase {
    /// Who may take `step`, in which states, and the rules that say so.
    fn gate(&self, step: Step) -> Gate {
        use FeedbackStatus as S;
        let status = self.status;
        let within = |states: &[FeedbackStatus]| states.contains(&status);
        let open = within(&[
            S::Received,
            S::Classified,
            S::Forwarded,
            S::InDepartment,
            S::Handled,
            S::FollowedUp,
        ]);
        let (open, state_rule, roles, role_rule) = match step {
            Step::ReceiveFeedback => (within(&[S::New]), RuleId::X1, ANYONE, RuleId::Fb20),
            Step::Verify => (open, RuleId::Fb08, CS, RuleId::Fb08),
            Step::SolveOnSpot => (within(&[S::Received]), RuleId::Fb21, ANYONE, RuleId::Fb21),
            Step::Classify => (
                within(&[S::Received, S::Classified]),
                RuleId::Fb23,
                CS_MANAGER,
                RuleId::Fb23,
            ),
            Step::Forward => {
                let ready = match self.kind {
                    Some(FeedbackKind::Suggestion) => S::Received,
                    _ => S::Classified,
                };
                (status == ready, RuleId::Fb24, CS_MANAGER, RuleId::Fb24)
            }
            Step::NotifyEngineering => (
                within(&[S::Forwarded, S::InDepartment]),
                RuleId::Fb25,
                CS,
                RuleId::Fb25,
            ),
            Step::SignHandlingMethod => (
                within(&[S::Forwarded]),
                RuleId::Fb26,
                DEPARTMENT,
                RuleId::Fb26,
            ),
            Step::Assign => (
                within(&[S::Forwarded, S::InDepartment]),
                RuleId::Fb26,
                DEPARTMENT,
                RuleId::Fb26,
            ),
            Step::NoteProgress => (
                within(&[S::InDepartment]),
                RuleId::Fb26,
                DEPARTMENT,
                RuleId::Fb26,
            ),
            Step::MarkHandled => (
                within(&[S::InDepartment]),
                RuleId::Fb26,
                HANDLERS,
                RuleId::Fb26,
            ),
            Step::Reply => (open, RuleId::Fb22, CS, RuleId::Fb22),
            Step::AgreeReplyTime => (open, RuleId::Fb09, CS, RuleId::Fb09),
            Step::FlagSerious | Step::Apologise => (open, RuleId::Fb06, CS, RuleId::Fb06),
            Step::Escalate | Step::RecordManagementRequest | Step::AnswerManagementRequest => {
                (open, RuleId::Fb05, CS, RuleId::Fb05)
            }
            Step::HandOverSuggestions => (open, RuleId::Fb04, CS, RuleId::Fb04),
            Step::RecordSpecialIncident => (open, RuleId::Fb07, ANYONE, RuleId::Fb07),
            Step::DecideSuggestion => (open, RuleId::Fb04, CS, RuleId::Fb04),
            Step::FollowUpVisit => (within(&[S::Handled]), RuleId::Fb10, CS, RuleId::Fb10),
            Step::Reopen => (within(&[S::FollowedUp]), RuleId::Fb10, CS, RuleId::Fb10),
            // FB-04: a suggestion ends once the owner was told the decision (issue #22: it
            // used to stay 已登记 for ever); a complaint after its follow-up visit (FB-10).
            Step::Close if self.kind == Some(FeedbackKind::Suggestion) => (
                (within(&[S::Received]) && self.owner_informed) || within(&[S::FollowedUp]),
                RuleId::Fb04,
                CS,
                RuleId::Fb04,
            ),
            Step::Close => (within(&[S::FollowedUp]), RuleId::Fb10, CS, RuleId::Fb10),
            _ => (false, RuleId::X2, NOBODY, RuleId::X2),
        };
        Gate {
            open,
            state_rule,
            roles,
            role_rule,
        }
    }

    fn gate_violations(&self, step: Step, role: Role) -> Vec<Violation> {
        self.gate(step)
            .violations(State::Feedback(self.status), step, role)
    }

    /// Whether `step` fits this kind of case: only complaints are classified or flagged
    /// serious, only suggestions are decided, only an unhappy follow-up reopens.
    fn has_work(&self, step: Step) -> bool {
        let complaint = self.kind == Some(FeedbackKind::Complaint);
        match step {
            Step::Classify
            | Step::Escalate
            | Step::RecordSpecialIncident
            | Step::RecordManagementRequest => complaint,
            Step::AnswerManagementRequest => self.awaits_management(),
            Step::HandOverSuggestions => {
                self.kind == Some(FeedbackKind::Suggestion) && self.handed_over.is_none()
            }
            Step::FlagSerious => complaint && !self.serious,
            Step::Apologise => self.serious,
            Step::DecideSuggestion => self.kind == Some(FeedbackKind::Suggestion),
            Step::Reopen => self
                .follow_up
                .as_ref()
                .is_some_and(|(satisfied, _, _)| !satisfied),
            _ => true,
        }
    }

    /// The steps `role` can take on this case now, in the manual's order. The case page shows
    /// exactly these; pressing one names anything it still lacks.
    pub fn open_steps(&self, role: Role) -> Vec<Step> {
        Step::FEEDBACK
            .iter()
            .copied()
            .filter(|step| self.gate_violations(*step, role).is_empty() && self.has_work(*step))
            .collect()
    }

    /// Every rule `change` by `role` at `now` would break; empty when allowed.
    pub fn check(&self, change: &FeedbackChange, role: Role, now: DateTime<Utc>) -> Vec<Violation> {
        use FeedbackChange as C;
        let mut checks = Checks::new();
        for violation in self.gate_violations(change.step(), role) {
            checks.push(violation);
        }
        let nonblank = |text: &str| !text.trim().is_empty();
        match change {
            C::Received {
                resident,
                unit,
                what,
                acknowledged,
                ..
            } => {
                for (present, item) in [
                    (nonblank(&resident.name), Item::ResidentName),
                    (nonblank(&unit.building) && nonblank(&unit.room), Item::Unit),
                    (nonblank(&resident.phone), Item::Phone),
                    (nonblank(what), Item::WhatHappened),
                ] {
                    checks.require_item(present, RuleId::Fb01, item);
                }
                checks.require_done(*acknowledged, RuleId::Fb02, Step::Acknowledge);
            }
            C::Verified { course_of_events } => {
                checks.require_item(
                    nonblank(course_of_events),
                    RuleId::Fb08,
                    Item::CourseOfEvents,
                );
            }
            C::SolvedOnSpot { note } => {
                checks.require_item(nonblank(note), RuleId::Fb21, Item::HowSolved);
            }
            C::Classified { cause, .. } => {
                checks.require_valid(
                    self.kind == Some(FeedbackKind::Complaint),
                    RuleId::Fb23,
                    || Reason::OnlyComplaintsAreClassified,
                );
                checks.require_item(nonblank(cause), RuleId::Fb11, Item::Cause);
            }
            C::Forwarded {
                content, demand, ..
            } => {
                checks.require_item(nonblank(content), RuleId::Fb24, Item::ComplaintContent);
                checks.require_item(nonblank(demand), RuleId::Fb24, Item::CustomerDemand);
            }
            C::EngineeringNotified | C::FlaggedSerious | C::Closed | C::ClosedBecause { .. } => {}
            C::DepartmentAccepted {
                method,
                complete_by,
                signed_by,
            } => {
                checks.require_item(nonblank(method), RuleId::Fb26, Item::HandlingMethod);
                checks.require_item(nonblank(signed_by), RuleId::Fb26, Item::Signature);
                checks.require_valid(*complete_by > now, RuleId::Fb26, || {
                    Reason::CompletionDeadlineInThePast
                });
            }
            C::Assigned { to } => checks.require_item(nonblank(to), RuleId::Fb26, Item::Assignee),
            C::ProgressNoted { note } => {
                checks.require_item(nonblank(note), RuleId::Fb26, Item::Progress);
            }
            C::Handled { result } => {
                checks.require_item(nonblank(result), RuleId::Fb26, Item::HandlingResult);
            }
            C::ReplyGiven { explanation } => {
                checks.require_item(nonblank(explanation), RuleId::Fb03, Item::Explanation);
            }
            C::ReplyTimeAgreed {
                reply_by,
                resident_agreed,
            } => {
                checks.require_item(*resident_agreed, RuleId::Fb09, Item::ResidentAgreement);
                checks.require_valid(*reply_by > now, RuleId::Fb09, || Reason::ReplyTimeInThePast);
            }
            C::ApologyMade { .. } => {
                checks.require_done(self.serious, RuleId::Fb06, Step::FlagSerious);
            }
            C::Escalated { to } => checks.require_item(nonblank(to), RuleId::Fb05, Item::Superior),
            C::ManagementRequested { request } => {
                checks.require_item(nonblank(request), RuleId::Fb05, Item::ManagementRequest);
            }
            C::ManagementAnswered { by, outcome } => {
                checks.require_valid(self.awaits_management(), RuleId::Fb05, || {
                    Reason::NoManagementRequest
                });
                checks.require_item(
                    nonblank(by) && nonblank(outcome),
                    RuleId::Fb05,
                    Item::ManagementAnswer,
                );
            }
            C::HandedOver { to } => {
                checks.require_valid(self.handed_over.is_none(), RuleId::Fb04, || {
                    Reason::AlreadyHandedOver
                });
                checks.require_item(nonblank(to), RuleId::Fb04, Item::Supervisor);
            }
            C::SpecialIncident {
                containment,
                reported_to,
            } => {
                checks.require_item(nonblank(containment), RuleId::Fb07, Item::Containment);
                checks.require_item(nonblank(reported_to), RuleId::Fb07, Item::UnitsReportedTo);
            }
            C::SuggestionDecided {
                owner_informed,
                explanation,
                adopted,
            } => {
                checks.require_valid(
                    self.kind == Some(FeedbackKind::Suggestion),
                    RuleId::Fb04,
                    || Reason::OnlySuggestionsAreDecided,
                );
                checks.require_done(*owner_informed, RuleId::Fb04, Step::InformOwner);
                checks.require_item(
                    *adopted || nonblank(explanation),
                    RuleId::Fb04,
                    Item::ExplanationForOwner,
                );
            }
            C::FollowUpVisited { opinion, .. } => {
                checks.require_item(nonblank(opinion), RuleId::Fb10, Item::OwnerOpinion);
            }
            C::Reopened { reason } => {
                checks.require_valid(
                    self.follow_up
                        .as_ref()
                        .is_some_and(|(satisfied, _, _)| !satisfied),
                    RuleId::Fb10,
                    || Reason::ResidentWasSatisfied,
                );
                checks.require_item(nonblank(reason), RuleId::Fb10, Item::Reason);
            }
        }
        if let C::Closed | C::ClosedBecause { .. } = change {
            checks.require_done(
                !self.serious || self.apology.is_some(),
                RuleId::Fb06,
                Step::Apologise,
            );
            checks.require_done(
                self.kind != Some(FeedbackKind::Suggestion) || self.owner_informed,
                RuleId::Fb04,
                Step::InformOwner,
            );
        }
        if let C::FlaggedSerious = change {
            checks.require_valid(
                self.kind == Some(FeedbackKind::Complaint),
                RuleId::Fb06,
                || Reason::OnlyComplaintsAreSerious,
            );
        }
        checks.into_violations()
    }

    /// FB-05: a request to speak to management waits for its answer.
    /// Whether the case is `department`'s work: forwarded to it, or, for engineering, a case
    /// it was notified of under FB-25 whichever department handles it.
    pub fn concerns_department(&self, department: Department) -> bool {
        department_concerned(self.department, self.engineering_notified, department)
    }

    pub fn awaits_management(&self) -> bool {
        self.management_request.is_some() && self.management_answer.is_none()
    }

    /// What a step taken now must also hold, beyond [`FeedbackCase::check`]: FB-04, FB-05 and
    /// FB-08 as issue #17 made them strict. They are checked when a step is decided, never on
    /// replay, so cases handled before stay as they were.
    pub fn check_new_step(&self, change: &FeedbackChange) -> Vec<Violation> {
        use FeedbackChange as C;
        let mut checks = Checks::new();
        let complaint = self.kind == Some(FeedbackKind::Complaint);
        match change {
            C::Classified { .. } => {
                checks.require_done(self.verified, RuleId::Fb08, Step::Verify);
            }
            C::Escalated { .. } => {
                checks.require_done(self.verified, RuleId::Fb08, Step::Verify);
                checks.require_valid(
                    self.class
                        .is_none_or(|class| class == ComplaintClass::Service),
                    RuleId::Fb05,
                    || Reason::EscalationNeedsVerifiedServiceComplaint,
                );
                checks.require_done(self.class.is_some(), RuleId::Fb05, Step::Classify);
            }
            C::SuggestionDecided { .. } => {
                checks.require_done(
                    self.handed_over.is_some(),
                    RuleId::Fb04,
                    Step::HandOverSuggestions,
                );
            }
            C::Closed | C::ClosedBecause { .. } => {
                // Issue #22: a case is closed for good, so the person closing it says why.
                let reason = match change {
                    C::ClosedBecause { reason } => reason.as_str(),
                    _ => "",
                };
                checks.require_item(!reason.trim().is_empty(), RuleId::X1, Item::Reason);
                checks.require_done(!complaint || self.verified, RuleId::Fb08, Step::Verify);
                checks.require_done(
                    !self.awaits_management(),
                    RuleId::Fb05,
                    Step::AnswerManagementRequest,
                );
            }
            _ => {}
        }
        checks.into_violations()
    }

    /// Folds one event into the state. A record from before numbers existed gets its number
    /// from `draw_legacy`.
    pub fn apply(
        &mut self,
        entity: &EntityId,
        at: DateTime<Utc>,
        change: &FeedbackChange,
        draw_legacy: &mut dyn FnMut(NumberKind) -> String,
    ) {
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
                number,
                ..
            } => {
                self.id = Some(entity.clone());
                self.number = Some(number.clone().unwrap_or_else(|| {
                    draw_legacy(match kind {
                        FeedbackKind::Complaint => NumberKind::Complaint,
                        FeedbackKind::Suggestion => NumberKind::Suggestion,
                    })
                }));
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
            C::ManagementRequested { request } => {
                self.management_request = Some(request.clone());
                self.management_answer = None;
            }
            C::ManagementAnswered { by, outcome } => {
                self.management_answer = Some((by.clone(), outcome.clone()));
            }
            C::HandedOver { to } => self.handed_over = Some((to.clone(), at)),
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
            C::Closed | C::ClosedBecause { .. } => self.status = S::Closed,
        }
    }

    /// Whether `role` may take `change` in this state, whatever else is still missing: the
    /// case page offers a step only then.
    pub fn offers(&self, change: &FeedbackChange, role: Role, now: DateTime<Utc>) -> bool {
        crate::violation::step_is_open(&self.check(change, role, now))
    }

    /// The open deadlines at `now`: FB-22 (or the FB-09 agreed time), FB-26, FB-10.
    /// Each counted length is the one the policy gave when its clock started.
    pub fn deadlines(&self, now: DateTime<Utc>, rules: Rules) -> Vec<Deadline> {
        let (Some(id), Some(received)) = (&self.id, self.received_at) else {
            return Vec::new();
        };
        let policy_now = rules.policy_at(now);
        let mut deadlines = Vec::new();
        if self.status != FeedbackStatus::Closed {
            if let Some(agreed) = self.agreed_reply_by {
                deadlines.push(Deadline::new(
                    &id.0,
                    DeadlineKind::AgreedReply,
                    RuleId::Fb09,
                    agreed,
                    now,
                    policy_now,
                ));
            } else if self.first_reply_at.is_none() {
                let hours = rules.policy_at(received).feedback_reply_hours;
                deadlines.push(rules.counted(
                    &id.0,
                    (DeadlineKind::FeedbackReply, RuleId::Fb22),
                    received,
                    Span::Hours(hours),
                    now,
                ));
            }
        }
        if let (FeedbackStatus::InDepartment, Some(complete_by)) = (self.status, self.complete_by) {
            deadlines.push(Deadline::new(
                &id.0,
                DeadlineKind::DepartmentCompletion,
                RuleId::Fb26,
                complete_by,
                now,
                policy_now,
            ));
        }
        if let (FeedbackStatus::Handled, Some(handled)) = (self.status, self.handled_at) {
            let days = rules.policy_at(handled).follow_up_visit_days;
            deadlines.push(rules.counted(
                &id.0,
                (DeadlineKind::FollowUpVisit, RuleId::Fb10),
                handled,
                Span::CalendarDays(days),
                now,
            ));
        }
        deadlines
    }
}
