//! Refusals in the user's language. Core types every part of a refusal (the item, step, state
//! and reason); each is matched here exhaustively, so a new refusal that has no words in the
//! catalogue does not compile, and no English leaks into the Chinese UI.

use estate_core::patrol::RectificationStatus;
use estate_core::staff::PinHashProblem;
use estate_core::violation::{Item, Problem, Reason, State, Step, Violation};
use estate_core::Role;

use super::renovation::{document_text, office_time};
use super::{fill, patrol, role_text, Lang, Text};

/// A refusal in the user's language as one line: the words, then the rule ID as a reference
/// for places that show text only (a conflict's reasons in a list).
pub fn violation_text(violation: &Violation, lang: Lang) -> String {
    let (words, rule) = (violation_words(violation, lang), violation.rule.code());
    match lang {
        Lang::ZhCn => format!("{words}（{rule}）"),
        Lang::En => format!("{words} ({rule})"),
    }
}

/// What a refusal says, in plain words (issue #22); the rule ID is shown beside it as a small
/// reference that opens the rule's text.
pub fn violation_words(violation: &Violation, lang: Lang) -> String {
    let t = |text: Text| text.in_lang(lang);
    match &violation.problem {
        Problem::Missing { item } => fill(
            t(Text::ViolationMissing),
            &[("item", &item_text(item, lang))],
        ),
        Problem::WrongRole { allowed } => wrong_role_text(allowed, lang),
        Problem::WrongState { state, step } => fill(
            t(Text::RefusalWrongState),
            &[
                ("state", &t(state_text(*state))),
                ("step", &t(step_text(*step))),
            ],
        ),
        Problem::Invalid { reason } => reason_text(reason, lang),
        Problem::StepPending { step } => fill(
            t(Text::ViolationStepPending),
            &[("step", &t(step_text(*step)))],
        ),
    }
}

/// "Your role may not do this; it is for the CS manager or the front desk."
fn wrong_role_text(allowed: &[Role], lang: Lang) -> String {
    let roles: Vec<&str> = allowed
        .iter()
        .map(|role| role_text(*role).in_lang(lang))
        .collect();
    fill(
        Text::RefusalWrongRole.in_lang(lang),
        &[("roles", &roles.join(Text::RolesJoiner.in_lang(lang)))],
    )
}

/// What is missing, in the user's language.
pub fn item_text(item: &Item, lang: Lang) -> String {
    let t = |text: Text| text.in_lang(lang).to_owned();
    match item {
        Item::Document {
            document,
            held,
            needed,
        } if *needed > 1 => format!("{} {held}/{needed}", t(document_text(*document))),
        Item::Document { document, .. } => t(document_text(*document)),
        Item::CompanySeal { document } => format!(
            "{}（{}）",
            t(document_text(*document)),
            t(Text::CompanySeal)
        ),
        Item::ChecklistItem { checklist } => t(patrol::item_label(*checklist)),
        Item::WhatWasWrong { checklist } => format!(
            "{}: {}",
            t(Text::FindingNote),
            t(patrol::item_label(*checklist))
        ),
        Item::Contractor => t(Text::ContractorLabel),
        Item::Unit => t(Text::MissingUnit),
        Item::ResidentName => t(Text::ResidentName),
        Item::Phone => t(Text::Phone),
        Item::WhatHappened => t(Text::WhatHappened),
        Item::CourseOfEvents => t(Text::MissingCourseOfEvents),
        Item::HowSolved => t(Text::MissingHowSolved),
        Item::Cause => t(Text::MissingCause),
        Item::ComplaintContent => t(Text::MissingComplaintContent),
        Item::CustomerDemand => t(Text::MissingCustomerDemand),
        Item::HandlingMethod => t(Text::MissingHandlingMethod),
        Item::Signature => t(Text::MissingSignature),
        Item::Assignee => t(Text::MissingAssignee),
        Item::Progress => t(Text::MissingProgress),
        Item::HandlingResult => t(Text::MissingHandlingResult),
        Item::Explanation => t(Text::MissingExplanation),
        Item::ResidentAgreement => t(Text::MissingResidentAgreement),
        Item::Superior => t(Text::MissingSuperior),
        Item::Containment => t(Text::MissingContainment),
        Item::UnitsReportedTo => t(Text::MissingUnitsReportedTo),
        Item::ExplanationForOwner => t(Text::MissingExplanationForOwner),
        Item::OwnerOpinion => t(Text::MissingOwnerOpinion),
        Item::Reason => t(Text::MissingReason),
        Item::AcceptanceDefects => t(Text::MissingAcceptanceDefects),
        Item::DeviceName => t(Text::MissingDeviceName),
        Item::Department => t(Text::DepartmentLabel),
        Item::StaffName => t(Text::MissingStaffName),
        Item::PaymentMethod { payer } => fill(
            &t(Text::MissingPaymentMethod),
            &[("payer", &t(super::renovation::payer_text(*payer)))],
        ),
        Item::PermitNumber => t(Text::MissingPermitNumber),
        Item::ManagementRequest => t(Text::MissingManagementRequest),
        Item::ManagementAnswer => t(Text::MissingManagementAnswer),
        Item::Supervisor => t(Text::MissingSupervisor),
    }
}

/// A step, as a refusal names it ("need first: collect the fees").
pub fn step_text(step: Step) -> Text {
    match step {
        Step::OpenCase => Text::StepOpenCase,
        Step::SetContractor => Text::StepSetContractor,
        Step::DeclareChanges => Text::StepDeclareChanges,
        Step::ReceiveDocument => Text::StepReceiveDocument,
        Step::SubmitForReview => Text::StepSubmitForReview,
        Step::CollectFees => Text::StepCollectFees,
        Step::IssuePermit => Text::StepIssuePermit,
        Step::IssuePasses => Text::StepIssuePasses,
        Step::IssueHotWorkPermit => Text::StepIssueHotWorkPermit,
        Step::SignAgreement => Text::StepSignAgreement,
        Step::ReviewDrawings => Text::StepReviewDrawings,
        Step::StartConstruction => Text::StepStartConstruction,
        Step::RecordLostPass => Text::StepRecordLostPass,
        Step::RecordLostPermit => Text::StepRecordLostPermit,
        Step::RecordReturnedPass => Text::StepRecordReturnedPass,
        Step::DeductForViolation => Text::StepDeductForViolation,
        Step::RequestAcceptance => Text::StepRequestAcceptance,
        Step::ScheduleAcceptance => Text::StepScheduleAcceptance,
        Step::RecordAcceptance => Text::StepRecordAcceptance,
        Step::PayRefund => Text::StepPayRefund,
        Step::EditCase => Text::StepEditCase,
        Step::ReceiveFeedback => Text::StepReceiveFeedback,
        Step::Acknowledge => Text::StepAcknowledge,
        Step::Verify => Text::StepVerify,
        Step::SolveOnSpot => Text::StepSolveOnSpot,
        Step::Classify => Text::StepClassify,
        Step::Forward => Text::StepForward,
        Step::NotifyEngineering => Text::StepNotifyEngineering,
        Step::SignHandlingMethod => Text::StepSignHandlingMethod,
        Step::Assign => Text::StepAssign,
        Step::NoteProgress => Text::StepNoteProgress,
        Step::MarkHandled => Text::StepMarkHandled,
        Step::Reply => Text::StepReply,
        Step::AgreeReplyTime => Text::StepAgreeReplyTime,
        Step::FlagSerious => Text::StepFlagSerious,
        Step::Apologise => Text::StepApologise,
        Step::Escalate => Text::StepEscalate,
        Step::RecordSpecialIncident => Text::StepRecordSpecialIncident,
        Step::DecideSuggestion => Text::StepDecideSuggestion,
        Step::InformOwner => Text::StepInformOwner,
        Step::FollowUpVisit => Text::StepFollowUpVisit,
        Step::Reopen => Text::StepReopen,
        Step::Close => Text::StepClose,
        Step::RecordPatrol => Text::StepRecordPatrol,
        Step::OpenRectification => Text::StepOpenRectification,
        Step::NotifyContractor => Text::StepNotifyContractor,
        Step::VerifyRectification => Text::StepVerifyRectification,
        Step::Withdraw => Text::StepWithdraw,
        Step::CollectExtras => Text::StepCollectExtras,
        Step::CollectOwed => Text::StepCollectOwed,
        Step::VoidReceipt => Text::StepVoidReceipt,
        Step::WriteOffBalance => Text::StepWriteOffBalance,
        Step::HandOverSuggestions => Text::StepHandOverSuggestions,
        Step::RecordManagementRequest => Text::StepRecordManagementRequest,
        Step::AnswerManagementRequest => Text::StepAnswerManagementRequest,
    }
}

/// The state a case is in, as its page's status line names it.
pub fn state_text(state: State) -> Text {
    match state {
        State::Renovation(status) => super::renovation::status_text(status),
        State::Feedback(status) => super::feedback::status_text(status),
        State::Rectification(status) => match status {
            RectificationStatus::New => Text::RectStatusNew,
            RectificationStatus::Open => Text::RectStatusOpen,
            RectificationStatus::Closed => Text::RectStatusClosed,
        },
    }
}

/// Why a value or a request is not acceptable, in the user's language.
pub fn reason_text(reason: &Reason, lang: Lang) -> String {
    let t = |text: Text| text.in_lang(lang).to_owned();
    match reason {
        Reason::DeviceRevoked { at } => fill(
            &t(Text::ReasonDeviceRevoked),
            &[("at", &office_time(*at, &estate_core::Policy::default()))],
        ),
        Reason::NoStaffProfile => t(Text::ReasonNoStaffProfile),
        Reason::SignInFirst => t(Text::ReasonSignInFirst),
        Reason::OnlyAdministratorEnrolsDevices => t(Text::ReasonOnlyAdministratorEnrolsDevices),
        Reason::OnlyAdministratorRevokesDevices => t(Text::ReasonOnlyAdministratorRevokesDevices),
        Reason::OnlyAdministratorChangesStaff => t(Text::ReasonOnlyAdministratorChangesStaff),
        Reason::NoDeviceToRevoke => t(Text::ReasonNoDeviceToRevoke),
        Reason::InvalidPublicKey => t(Text::ReasonInvalidPublicKey),
        Reason::StaffNeedsARole => t(Text::ReasonStaffNeedsARole),
        Reason::StaffProfileExists => t(Text::ReasonStaffProfileExists),
        Reason::KeepOneAdministrator => t(Text::ReasonKeepOneAdministrator),
        Reason::MergeIntoCurrentProfile => t(Text::ReasonMergeIntoCurrentProfile),
        Reason::WeakPinHash { problem } => {
            let problem = match problem {
                PinHashProblem::WrongAlgorithm => Text::PinHashWrongAlgorithm,
                PinHashProblem::TooFewIterations => Text::PinHashTooFewIterations,
                PinHashProblem::ShortSalt => Text::PinHashShortSalt,
                PinHashProblem::WrongHashLength => Text::PinHashWrongLength,
            };
            fill(&t(Text::ReasonWeakPinHash), &[("problem", &t(problem))])
        }
        Reason::UnitHasOpenCase { number, .. } if !number.is_empty() => fill(
            &t(Text::ReasonUnitHasOpenCaseNumbered),
            &[("number", number)],
        ),
        Reason::UnitHasOpenCase { .. } => t(Text::ReasonUnitHasOpenCase),
        Reason::PatrolRecordedOnce => t(Text::ReasonPatrolRecordedOnce),
        Reason::NoSuchFailedPatrolItem => t(Text::ReasonNoSuchFailedPatrolItem),
        Reason::DocumentAlreadyComplete => t(Text::ReasonDocumentAlreadyComplete),
        Reason::NoPaperCopyToUnmark => t(Text::ReasonNoPaperCopyToUnmark),
        Reason::NoOpenConflict => t(Text::ReasonNoOpenConflict),
        Reason::OnlyComplaintsAreClassified => t(Text::ReasonOnlyComplaintsAreClassified),
        Reason::OnlyComplaintsAreSerious => t(Text::ReasonOnlyComplaintsAreSerious),
        Reason::OnlySuggestionsAreDecided => t(Text::ReasonOnlySuggestionsAreDecided),
        Reason::CompletionDeadlineInThePast => t(Text::ReasonCompletionDeadlineInThePast),
        Reason::ReplyTimeInThePast => t(Text::ReasonReplyTimeInThePast),
        Reason::ResidentWasSatisfied => t(Text::ReasonResidentWasSatisfied),
        Reason::FeesAlreadyCollected => t(Text::ReasonFeesAlreadyCollected),
        Reason::NegativeCharge => t(Text::ReasonNegativeCharge),
        Reason::PassNumbersNotNew => t(Text::ReasonPassNumbersNotNew),
        Reason::TooManyPasses { passes, paid } => fill(
            &t(Text::ReasonTooManyPasses),
            &[("passes", passes), ("paid", paid)],
        ),
        Reason::NoHotWorkDeclared => t(Text::ReasonNoHotWorkDeclared),
        Reason::FailedReviewPointNeedsReason => t(Text::ReasonFailedReviewPointNeedsReason),
        Reason::PassNotOut { number } => fill(&t(Text::ReasonPassNotOut), &[("number", number)]),
        Reason::NoPermitOut => t(Text::ReasonNoPermitOut),
        Reason::DeductionNotPositive => t(Text::ReasonDeductionNotPositive),
        Reason::RefundTooLarge { amount, refundable } => fill(
            &t(Text::ReasonRefundTooLarge),
            &[("amount", amount), ("refundable", refundable)],
        ),
        Reason::HotWorkPermitMustBeChecked => t(Text::ReasonHotWorkPermitMustBeChecked),
        Reason::OnlyAdministratorOrManagerSetsRules => {
            t(Text::ReasonOnlyAdministratorOrManagerSetsRules)
        }
        Reason::PolicyValue { field, problem } => fill(
            &t(Text::ReasonPolicyValue),
            &[
                ("field", &t(super::policy::field_text(*field))),
                ("problem", &t(super::policy::problem_text(*problem))),
            ],
        ),
        Reason::EffectiveInThePast => t(Text::ReasonEffectiveInThePast),
        Reason::CalendarYearOutOfRange { year } => {
            fill(&t(Text::ReasonCalendarYearOutOfRange), &[("year", year)])
        }
        Reason::DayNameTooLong => t(Text::ReasonDayNameTooLong),
        Reason::BalanceNotSettled {
            payer,
            refundable,
            owed,
        } => fill(
            &t(Text::ReasonBalanceNotSettled),
            &[
                ("payer", &t(super::renovation::payer_text(*payer))),
                ("refundable", refundable),
                ("owed", owed),
            ],
        ),
        Reason::OwedPaymentTooLarge { amount, owed } => fill(
            &t(Text::ReasonOwedPaymentTooLarge),
            &[("amount", amount), ("owed", owed)],
        ),
        Reason::NoSuchReceipt => t(Text::ReasonNoSuchReceipt),
        Reason::ReceiptAlreadyVoided => t(Text::ReasonReceiptAlreadyVoided),
        Reason::WriteOffMustMatchBalance { balance } => fill(
            &t(Text::ReasonWriteOffMustMatchBalance),
            &[("balance", balance)],
        ),
        Reason::NothingToCollect => t(Text::ReasonNothingToCollect),
        Reason::RefundAlreadyPaid => t(Text::ReasonRefundAlreadyPaid),
        Reason::PermitNotNeeded => t(Text::ReasonPermitNotNeeded),
        Reason::TicketNotOfThisCase => t(Text::ReasonTicketNotOfThisCase),
        Reason::NotHeadOfCaseDepartment { department } => fill(
            &t(Text::ReasonNotHeadOfCaseDepartment),
            &[(
                "department",
                &t(super::feedback::department_text(*department)),
            )],
        ),
        Reason::EscalationNeedsVerifiedServiceComplaint => {
            t(Text::ReasonEscalationNeedsVerifiedServiceComplaint)
        }
        Reason::AlreadyHandedOver => t(Text::ReasonAlreadyHandedOver),
        Reason::NoManagementRequest => t(Text::ReasonNoManagementRequest),
        Reason::NoDeviceCodeLeft => t(Text::ReasonNoDeviceCodeLeft),
        Reason::DeviceCodeTaken { code } => {
            fill(&t(Text::ReasonDeviceCodeTaken), &[("code", code)])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use estate_core::renovation::Document;
    use estate_core::RuleId;

    #[test]
    fn ren_16_missing_documents_are_named_in_the_users_language() {
        let missing = |document, held, needed| {
            Violation::missing(
                RuleId::Ren10,
                Item::Document {
                    document,
                    held,
                    needed,
                },
            )
        };
        assert_eq!(
            violation_text(&missing(Document::IdCopy, 0, 1), Lang::ZhCn),
            "缺少：身份证复印件（REN-10）"
        );
        assert_eq!(
            violation_text(&missing(Document::ResidentPhotos, 1, 3), Lang::ZhCn),
            "缺少：住户照片（3张） 1/3（REN-10）"
        );
        assert_eq!(
            item_text(
                &Item::CompanySeal {
                    document: Document::ContractorLicence
                },
                Lang::En
            ),
            "Business licence copy（Company seal）"
        );
    }

    #[test]
    fn x_2_wrong_role_and_state_name_who_may_and_where_the_case_stands() {
        let wrong_role = Violation::new(
            RuleId::Ren30,
            Problem::WrongRole {
                allowed: vec![Role::RenovationSupervisor, Role::CsManager],
            },
        );
        assert_eq!(
            violation_text(&wrong_role, Lang::ZhCn),
            "当前岗位无权办理，需由装修主管或客户服务部经理办理（REN-30）"
        );
        let wrong_state = Violation::new(
            RuleId::Ren40,
            Problem::WrongState {
                state: State::Renovation(estate_core::renovation::RenovationStatus::Draft),
                step: Step::RequestAcceptance,
            },
        );
        assert_eq!(
            violation_text(&wrong_state, Lang::ZhCn),
            "案件当前为“申请中”，不能申请验收（REN-40）"
        );
    }

    #[test]
    fn x_2_reasons_with_values_fill_them_in() {
        let reason = Reason::TooManyPasses { passes: 3, paid: 2 };
        assert_eq!(
            reason_text(&reason, Lang::ZhCn),
            "共 3 张出入证，但只收了 2 张的工本费和押金"
        );
        assert_eq!(
            reason_text(&reason, Lang::En),
            "3 passes, but only 2 cards are paid for"
        );
    }
}
