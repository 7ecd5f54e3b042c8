//! Refusals. A command is checked against every rule that applies, and all the violations are
//! returned together, each naming its rule, so the user fixes everything at once.
//!
//! Every part of a refusal is typed: the missing [`Item`], the [`Step`] refused or pending, the
//! [`State`] the case is in and the [`Reason`] a value is not acceptable. Core holds no
//! user-facing sentence; the app's catalogue matches on each variant, so a refusal that has no
//! translation does not compile.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::event::EntityId;
use crate::feedback::{Department, FeedbackStatus};
use crate::ledger::Payer;
use crate::money::Money;
use crate::patrol::{ChecklistItem, RectificationStatus};
use crate::policy::{PolicyField, PolicyProblem};
use crate::renovation::{Document, RenovationStatus};
use crate::role::Role;
use crate::rule::RuleId;
use crate::staff::PinHashProblem;
pub use crate::step::Step;

/// Why a command was refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case", tag = "problem")]
pub enum Problem {
    /// A required document or value is missing (REN-10..16, FB-01, …).
    Missing { item: Item },
    /// The actor's role may not perform this step.
    WrongRole { allowed: Vec<Role> },
    /// The entity is not in a state where this step applies.
    WrongState { state: State, step: Step },
    /// A value is out of range or inconsistent.
    Invalid { reason: Reason },
    /// A step that must come first has not been done.
    StepPending { step: Step },
}

/// Where an entity stands, for "not possible in this state".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case", tag = "entity", content = "status")]
pub enum State {
    Renovation(RenovationStatus),
    Feedback(FeedbackStatus),
    Rectification(RectificationStatus),
}

/// What is missing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case", tag = "item")]
pub enum Item {
    /// A document of the application file, with the copies held and needed (REN-10..15).
    Document {
        document: Document,
        held: u32,
        needed: u32,
    },
    /// REN-12: the company seal on a contractor's paper.
    CompanySeal {
        document: Document,
    },
    Contractor,
    Unit,
    ResidentName,
    Phone,
    WhatHappened,
    CourseOfEvents,
    HowSolved,
    Cause,
    ComplaintContent,
    CustomerDemand,
    HandlingMethod,
    Signature,
    Assignee,
    Progress,
    HandlingResult,
    Explanation,
    ResidentAgreement,
    Superior,
    Containment,
    UnitsReportedTo,
    ExplanationForOwner,
    OwnerOpinion,
    Reason,
    AcceptanceDefects,
    DeviceName,
    Department,
    StaffName,
    /// REN-33: a checklist item not judged exactly once.
    ChecklistItem {
        checklist: ChecklistItem,
    },
    /// REN-33: a failed checklist item with no note of what was wrong.
    WhatWasWrong {
        checklist: ChecklistItem,
    },
    /// How `payer` paid: a receipt names it (issue #17).
    PaymentMethod {
        payer: Payer,
    },
    /// REN-20: the number written on the permit.
    PermitNumber,
    /// FB-05: what the resident asked of management.
    ManagementRequest,
    /// FB-05: who from management met the resident, and what they said.
    ManagementAnswer,
    /// FB-04: the supervisor the suggestions were handed to.
    Supervisor,
}

/// Why a value or a request is not acceptable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case", tag = "reason")]
pub enum Reason {
    /// The actor's device was revoked before this step (issue #11).
    DeviceRevoked {
        at: DateTime<Utc>,
    },
    /// The actor names no current staff profile.
    NoStaffProfile,
    /// Someone must sign in with a staff profile first.
    SignInFirst,
    OnlyAdministratorEnrolsDevices,
    OnlyAdministratorRevokesDevices,
    OnlyAdministratorChangesStaff,
    NoDeviceToRevoke,
    /// The device's public key is not a P-256 point in base64.
    InvalidPublicKey,
    StaffNeedsARole,
    StaffProfileExists,
    KeepOneAdministrator,
    /// A duplicate profile is merged into another current profile, never into itself.
    MergeIntoCurrentProfile,
    /// A PIN hash made with weak or malformed parameters.
    WeakPinHash {
        problem: PinHashProblem,
    },
    /// REN-10: one open renovation per unit.
    UnitHasOpenCase {
        case: EntityId,
        /// The open case's number, as people say it.
        #[serde(default)]
        number: String,
    },
    PatrolRecordedOnce,
    NoSuchFailedPatrolItem,
    /// Issue #22: the document is already complete; another copy would count past the need.
    DocumentAlreadyComplete,
    /// Issue #22: no paper copy of the document is marked received, so none can be taken off.
    NoPaperCopyToUnmark,
    NoOpenConflict,
    OnlyComplaintsAreClassified,
    OnlyComplaintsAreSerious,
    OnlySuggestionsAreDecided,
    CompletionDeadlineInThePast,
    ReplyTimeInThePast,
    ResidentWasSatisfied,
    FeesAlreadyCollected,
    NegativeCharge,
    PassNumbersNotNew,
    TooManyPasses {
        passes: u32,
        paid: u32,
    },
    NoHotWorkDeclared,
    FailedReviewPointNeedsReason,
    PassNotOut {
        number: u32,
    },
    NoPermitOut,
    DeductionNotPositive,
    RefundTooLarge {
        amount: Money,
        refundable: Money,
    },
    /// REN-32: with hot work declared, the hot-work permit is checked on every patrol.
    HotWorkPermitMustBeChecked,
    /// Only an administrator or the CS manager sets the office's rules and calendar.
    OnlyAdministratorOrManagerSetsRules,
    /// A policy value is not acceptable.
    PolicyValue {
        field: PolicyField,
        problem: PolicyProblem,
    },
    /// A policy change cannot take effect before it is made: decisions already taken stand.
    EffectiveInThePast,
    /// A calendar year outside 2000–2100.
    CalendarYearOutOfRange {
        year: i32,
    },
    /// A holiday's name longer than a calendar cell can show.
    DayNameTooLong,
    /// FEE-7: a case closes only when nothing is refundable or owed, or it was written off.
    BalanceNotSettled {
        payer: Payer,
        refundable: Money,
        owed: Money,
    },
    /// FEE-7: more paid in than is owed.
    OwedPaymentTooLarge {
        amount: Money,
        owed: Money,
    },
    NoSuchReceipt,
    ReceiptAlreadyVoided,
    /// A write-off settles the payer's whole balance, as it stands.
    WriteOffMustMatchBalance {
        balance: Money,
    },
    /// Extra passes or a permit: at least one of them.
    NothingToCollect,
    /// REN-34: the owner's refund was paid; a lost permit can no longer be deducted.
    RefundAlreadyPaid,
    /// REN-20: a permit is out and valid, or a replacement was not paid for (FEE-5).
    PermitNotNeeded,
    /// REN-33: the deduction names a rectification ticket of another case.
    TicketNotOfThisCase,
    /// FB-26: only the head of the case's department signs and handles it.
    NotHeadOfCaseDepartment {
        department: Department,
    },
    /// FB-05: escalation follows a verified service (class 1) complaint.
    EscalationNeedsVerifiedServiceComplaint,
    /// FB-04: the suggestion was already handed over.
    AlreadyHandedOver,
    /// FB-05: no request to speak to management is waiting.
    NoManagementRequest,
    /// Every device code is given: an office of more devices than codes (issue #17).
    NoDeviceCodeLeft,
    /// The device code is not one a device may have, or another device holds it.
    DeviceCodeTaken {
        code: String,
    },
}

impl State {
    /// The status's wire name, for logs and test messages.
    pub fn name(self) -> &'static str {
        match self {
            State::Renovation(status) => status.name(),
            State::Feedback(status) => status.name(),
            State::Rectification(status) => status.name(),
        }
    }
}

impl std::fmt::Display for Item {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Item::Document {
                document,
                held,
                needed,
            } if *needed > 1 => write!(f, "{} ({held} of {needed})", document.name()),
            Item::Document { document, .. } => f.write_str(document.name()),
            Item::CompanySeal { document } => write!(f, "{} company stamp", document.name()),
            Item::ChecklistItem { checklist } => write!(f, "checklist {checklist:?}"),
            Item::WhatWasWrong { checklist } => write!(f, "what was wrong with {checklist:?}"),
            other => write!(f, "{}", snake_name(other)),
        }
    }
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Reason::DeviceRevoked { at } => write!(f, "the device was revoked at {at}"),
            Reason::WeakPinHash { problem } => write!(f, "weak PIN hash: {problem:?}"),
            Reason::UnitHasOpenCase { number, .. } => {
                write!(f, "the unit already has an open renovation case {number}")
            }
            Reason::TooManyPasses { passes, paid } => {
                write!(f, "{passes} passes but {paid} card fees and deposits paid")
            }
            Reason::PassNotOut { number } => write!(f, "pass {number} is not out"),
            Reason::RefundTooLarge { amount, refundable } => {
                write!(f, "refund {amount} but {refundable} is refundable")
            }
            other => write!(f, "{}", snake_name(other)),
        }
    }
}

/// The serde name of a unit variant (`"course_of_events"`), for English messages.
fn snake_name(value: &impl Serialize) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::Object(map)) => map
            .values()
            .next()
            .and_then(|tag| tag.as_str().map(str::to_owned))
            .unwrap_or_default(),
        _ => String::new(),
    }
}

/// Whether a step is open to the role in the current state, whatever else it still lacks:
/// none of `violations` is about the state or the role. Screens offer a step only then, and a
/// press names what is missing.
pub fn step_is_open(violations: &[Violation]) -> bool {
    violations.iter().all(|violation| {
        !matches!(
            violation.problem,
            Problem::WrongState { .. } | Problem::WrongRole { .. }
        )
    })
}

/// One broken rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Violation {
    pub rule: RuleId,
    #[serde(flatten)]
    pub problem: Problem,
}

impl Violation {
    pub fn new(rule: RuleId, problem: Problem) -> Violation {
        Violation { rule, problem }
    }

    /// A missing `item`.
    pub fn missing(rule: RuleId, item: Item) -> Violation {
        Violation::new(rule, Problem::Missing { item })
    }

    /// A value not acceptable for `reason`.
    pub fn invalid(rule: RuleId, reason: Reason) -> Violation {
        Violation::new(rule, Problem::Invalid { reason })
    }
}

/// English, for logs and test messages; the UI translates the typed parts instead.
impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.problem {
            Problem::Missing { item } => write!(f, "{}: missing {item}", self.rule),
            Problem::WrongRole { allowed } => {
                let names: Vec<_> = allowed.iter().map(|role| role.wire_name()).collect();
                write!(f, "{}: only {} may do this", self.rule, names.join(" or "))
            }
            Problem::WrongState { state, step } => {
                write!(f, "{}: cannot {step} while {}", self.rule, state.name())
            }
            Problem::Invalid { reason } => write!(f, "{}: {reason}", self.rule),
            Problem::StepPending { step } => write!(f, "{}: {step} must come first", self.rule),
        }
    }
}

/// Who may take a step and in which states, with the rules that say so: the part of a check
/// that decides whether a screen offers the step at all.
pub(crate) struct Gate {
    pub open: bool,
    pub state_rule: RuleId,
    pub roles: &'static [Role],
    pub role_rule: RuleId,
}

impl Gate {
    /// The state and role violations of taking `step` in `state` as `role`.
    pub fn violations(&self, state: State, step: Step, role: Role) -> Vec<Violation> {
        let mut violations = Vec::new();
        if !self.open {
            violations.push(Violation::new(
                self.state_rule,
                Problem::WrongState { state, step },
            ));
        }
        if !self.roles.contains(&role) {
            violations.push(Violation::new(
                self.role_rule,
                Problem::WrongRole {
                    allowed: self.roles.to_vec(),
                },
            ));
        }
        violations
    }
}

/// Collects violations while a command is checked, so none is lost to an early return.
#[derive(Debug, Default)]
pub struct Checks {
    violations: Vec<Violation>,
}

impl Checks {
    pub fn new() -> Checks {
        Checks::default()
    }

    /// Records a violation of `rule` unless `holds`.
    pub fn require(&mut self, holds: bool, rule: RuleId, problem: impl FnOnce() -> Problem) {
        if !holds {
            self.violations.push(Violation::new(rule, problem()));
        }
    }

    /// Records `item` as missing from `rule` unless `present`.
    pub fn require_item(&mut self, present: bool, rule: RuleId, item: Item) {
        self.require(present, rule, || Problem::Missing { item });
    }

    /// Records `reason` against `rule` unless `holds`.
    pub fn require_valid(&mut self, holds: bool, rule: RuleId, reason: impl FnOnce() -> Reason) {
        self.require(holds, rule, || Problem::Invalid { reason: reason() });
    }

    /// Records `step` as pending under `rule` unless `done`.
    pub fn require_done(&mut self, done: bool, rule: RuleId, step: Step) {
        self.require(done, rule, || Problem::StepPending { step });
    }

    /// Records a wrong-role violation unless `role` is one of `allowed`.
    pub fn require_role(&mut self, role: Role, allowed: &[Role], rule: RuleId) {
        self.require(allowed.contains(&role), rule, || Problem::WrongRole {
            allowed: allowed.to_vec(),
        });
    }

    pub fn push(&mut self, violation: Violation) {
        self.violations.push(violation);
    }

    /// Every violation recorded so far.
    pub fn into_violations(self) -> Vec<Violation> {
        self.violations
    }

    /// `Ok(value)` when nothing was violated, else every violation.
    pub fn finish<T>(self, value: impl FnOnce() -> T) -> Result<T, Vec<Violation>> {
        if self.violations.is_empty() {
            Ok(value())
        } else {
            Err(self.violations)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// every broken rule is reported, and each message names its rule.
    #[test]
    fn x_2_all_violations_are_returned_and_name_their_rule() {
        let mut checks = Checks::new();
        checks.require_item(
            false,
            RuleId::Ren10,
            Item::Document {
                document: Document::IdCopy,
                held: 0,
                needed: 1,
            },
        );
        checks.require(true, RuleId::Ren11, || unreachable!());
        checks.require_role(
            Role::FrontDesk,
            &[Role::RenovationSupervisor],
            RuleId::Ren30,
        );
        let violations = checks.finish(|| ()).unwrap_err();
        assert_eq!(violations.len(), 2);
        assert_eq!(violations[0].to_string(), "REN-10: missing id_copy");
        assert_eq!(
            violations[1].to_string(),
            "REN-30: only renovation_supervisor may do this"
        );
    }

    #[test]
    fn english_messages_name_unit_variants_by_their_wire_name() {
        assert_eq!(Item::CourseOfEvents.to_string(), "course_of_events");
        assert_eq!(Reason::NoPermitOut.to_string(), "no_permit_out");
        assert_eq!(
            Item::Document {
                document: Document::ResidentPhotos,
                held: 1,
                needed: 3
            }
            .to_string(),
            "resident_photos (1 of 3)"
        );
    }
}
