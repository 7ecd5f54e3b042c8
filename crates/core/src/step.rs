//! The steps of every workflow, as one typed list. A refusal names the step it refused and the
//! steps still pending by these values, and a case page asks its case which steps are open to
//! the signed-in role ([`crate::renovation::RenovationCase::open_steps`],
//! [`crate::feedback::FeedbackCase::open_steps`]) instead of probing with made-up changes. The
//! app's catalogue matches on every variant, so a step without a translation does not compile.

use crate::role::Role;
use serde::{Deserialize, Serialize};

/// One step a person can take, or one that must come first.
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
pub enum Step {
    // Renovation (REN-10..41).
    OpenCase,
    SetContractor,
    DeclareChanges,
    ReceiveDocument,
    SubmitForReview,
    CollectFees,
    IssuePermit,
    IssuePasses,
    IssueHotWorkPermit,
    SignAgreement,
    ReviewDrawings,
    StartConstruction,
    RecordLostPass,
    RecordLostPermit,
    RecordReturnedPass,
    DeductForViolation,
    RequestAcceptance,
    ScheduleAcceptance,
    RecordAcceptance,
    PayRefund,
    EditCase,
    /// An application ended before construction: rejected for good or withdrawn (REN-41).
    Withdraw,
    /// FEE-3/4/5: passes for new workers, replacement cards or a replacement permit.
    CollectExtras,
    /// FEE-7: an amount still owed, paid in with its own receipt.
    CollectOwed,
    /// A wrong receipt voided by a reversal, never edited (FEE-6).
    VoidReceipt,
    /// The CS manager settles a balance nobody will pay or collect, with a reason.
    WriteOffBalance,
    // Feedback (FB-01..26).
    ReceiveFeedback,
    /// FB-02: apologise for a complaint, thank for a suggestion.
    Acknowledge,
    Verify,
    SolveOnSpot,
    Classify,
    Forward,
    NotifyEngineering,
    SignHandlingMethod,
    Assign,
    NoteProgress,
    MarkHandled,
    Reply,
    AgreeReplyTime,
    FlagSerious,
    Apologise,
    Escalate,
    RecordSpecialIncident,
    DecideSuggestion,
    /// FB-04: the owner is told of the decision on a suggestion.
    InformOwner,
    /// FB-04: the day's suggestions handed to the department supervisor.
    HandOverSuggestions,
    /// FB-05: a resident asked to speak to management.
    RecordManagementRequest,
    /// FB-05: management met the resident (or answered why not).
    AnswerManagementRequest,
    FollowUpVisit,
    Reopen,
    /// Closing a renovation or a feedback case.
    Close,
    // Patrols and rectification tickets (REN-33).
    RecordPatrol,
    OpenRectification,
    NotifyContractor,
    VerifyRectification,
}

impl Step {
    /// The steps of a renovation case, in the order of the manual's flow.
    pub const RENOVATION: &'static [Step] = &[
        Step::OpenCase,
        Step::SetContractor,
        Step::DeclareChanges,
        Step::ReceiveDocument,
        Step::SubmitForReview,
        Step::CollectFees,
        Step::IssuePermit,
        Step::IssuePasses,
        Step::IssueHotWorkPermit,
        Step::SignAgreement,
        Step::ReviewDrawings,
        Step::StartConstruction,
        Step::Withdraw,
        Step::CollectExtras,
        Step::RecordLostPass,
        Step::RecordLostPermit,
        Step::RecordReturnedPass,
        Step::DeductForViolation,
        Step::RequestAcceptance,
        Step::ScheduleAcceptance,
        Step::RecordAcceptance,
        Step::CollectOwed,
        Step::PayRefund,
        Step::WriteOffBalance,
        Step::VoidReceipt,
        Step::Close,
        Step::EditCase,
    ];

    /// The steps of a complaint or suggestion, in the order of the manual's flow.
    pub const FEEDBACK: &'static [Step] = &[
        Step::ReceiveFeedback,
        Step::Verify,
        Step::SolveOnSpot,
        Step::Classify,
        Step::Forward,
        Step::NotifyEngineering,
        Step::SignHandlingMethod,
        Step::Assign,
        Step::NoteProgress,
        Step::MarkHandled,
        Step::Reply,
        Step::AgreeReplyTime,
        Step::FlagSerious,
        Step::Apologise,
        Step::Escalate,
        Step::RecordManagementRequest,
        Step::AnswerManagementRequest,
        Step::RecordSpecialIncident,
        Step::HandOverSuggestions,
        Step::DecideSuggestion,
        Step::FollowUpVisit,
        Step::Reopen,
        Step::Close,
    ];

    /// The English name, for logs and test messages (the UI translates the variant).
    pub fn name(self) -> &'static str {
        match self {
            Step::OpenCase => "open the case",
            Step::SetContractor => "set the contractor",
            Step::DeclareChanges => "declare the changes",
            Step::ReceiveDocument => "receive a document",
            Step::SubmitForReview => "submit for review",
            Step::CollectFees => "collect fees",
            Step::IssuePermit => "issue the permit",
            Step::IssuePasses => "issue passes",
            Step::IssueHotWorkPermit => "issue the hot-work permit",
            Step::SignAgreement => "sign the agreement",
            Step::ReviewDrawings => "review the drawings",
            Step::StartConstruction => "start construction",
            Step::RecordLostPass => "record a lost pass",
            Step::RecordLostPermit => "record a lost permit",
            Step::RecordReturnedPass => "record a returned pass",
            Step::DeductForViolation => "deduct for a violation",
            Step::RequestAcceptance => "request acceptance",
            Step::ScheduleAcceptance => "schedule the acceptance",
            Step::RecordAcceptance => "record the acceptance",
            Step::PayRefund => "pay a refund",
            Step::EditCase => "edit the case",
            Step::Withdraw => "end the application",
            Step::CollectExtras => "collect for extra passes or a permit",
            Step::CollectOwed => "collect the amount owed",
            Step::VoidReceipt => "void a receipt",
            Step::WriteOffBalance => "write off the balance",
            Step::ReceiveFeedback => "receive feedback",
            Step::Acknowledge => "apologise for a complaint or thank for a suggestion",
            Step::Verify => "verify",
            Step::SolveOnSpot => "solve on the spot",
            Step::Classify => "classify",
            Step::Forward => "forward",
            Step::NotifyEngineering => "notify engineering",
            Step::SignHandlingMethod => "sign the handling method",
            Step::Assign => "assign",
            Step::NoteProgress => "note progress",
            Step::MarkHandled => "mark handled",
            Step::Reply => "reply to the resident",
            Step::AgreeReplyTime => "agree a reply time",
            Step::FlagSerious => "flag as serious",
            Step::Apologise => "apologise by home visit or phone",
            Step::Escalate => "escalate",
            Step::RecordSpecialIncident => "record a special incident",
            Step::DecideSuggestion => "decide on the suggestion",
            Step::InformOwner => "inform the owner",
            Step::HandOverSuggestions => "hand the day's suggestions to the supervisor",
            Step::RecordManagementRequest => "record a request to speak to management",
            Step::AnswerManagementRequest => "answer the request to speak to management",
            Step::FollowUpVisit => "record the follow-up visit",
            Step::Reopen => "reopen",
            Step::Close => "close the case",
            Step::RecordPatrol => "patrol",
            Step::OpenRectification => "open a rectification ticket",
            Step::NotifyContractor => "notify the contractor",
            Step::VerifyRectification => "verify the rectification",
        }
    }
}

impl std::fmt::Display for Step {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Who acts next on a case (issue #22): the roles that have a step open now, leaving out the
/// steps every role has (editing a phone number, recording a special incident), which move
/// nothing forward. `open_steps` is the case's own `open_steps` for one role.
pub fn next_actors(open_steps: impl Fn(Role) -> Vec<Step>) -> Vec<Role> {
    let by_role: Vec<(Role, Vec<Step>)> = Role::ALL
        .into_iter()
        .map(|role| (role, open_steps(role)))
        .collect();
    let everyones = |step: &Step| by_role.iter().all(|(_, steps)| steps.contains(step));
    by_role
        .iter()
        .filter(|(_, steps)| steps.iter().any(|step| !everyones(step)))
        .map(|(role, _)| *role)
        .collect()
}

#[cfg(test)]
mod next_actor_tests {
    use super::{next_actors, Step};
    use crate::role::Role;

    #[test]
    fn x_3_who_acts_next_leaves_out_what_everyone_may_do() {
        let open = |role: Role| match role {
            Role::RenovationSupervisor => vec![Step::EditCase, Step::ReviewDrawings],
            _ => vec![Step::EditCase],
        };
        assert_eq!(next_actors(open), vec![Role::RenovationSupervisor]);
        assert_eq!(next_actors(|_| vec![Step::EditCase]), Vec::<Role>::new());
    }
}
