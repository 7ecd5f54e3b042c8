//! The words of the office's rules: each policy field, its Decisions' options, its problems,
//! and the calendar file's problems, each domain value mapped to its [`Text`].

use estate_core::calendar_file::CalendarFileProblem;
use estate_core::policy::{
    EngineeringNotice, FeeCollectionOrder, FireApprovalScope, PolicyField, PolicyProblem,
    PolicyValue,
};

use super::{fill, Lang, Text};

/// A policy field's label.
pub fn field_text(field: PolicyField) -> Text {
    use PolicyField as F;
    match field {
        F::ContractorDeposit => Text::PolicyContractorDeposit,
        F::OwnerDeposit => Text::PolicyOwnerDeposit,
        F::MaintenanceFee => Text::PolicyMaintenanceFee,
        F::PassCardCost => Text::PolicyPassCardCost,
        F::LostPassDeduction => Text::PolicyLostPassDeduction,
        F::PassCardDeposit => Text::PolicyPassCardDeposit,
        F::PermitCost => Text::PolicyPermitCost,
        F::LostPermitDeduction => Text::PolicyLostPermitDeduction,
        F::DrawingReviewDays => Text::PolicyDrawingReviewDays,
        F::RefundTargetDays => Text::PolicyRefundTargetDays,
        F::RefundLimitDays => Text::PolicyRefundLimitDays,
        F::FeedbackReplyHours => Text::PolicyFeedbackReplyHours,
        F::FollowUpVisitDays => Text::PolicyFollowUpVisitDays,
        F::RectificationDays => Text::PolicyRectificationDays,
        F::PatrolIntervalDays => Text::PolicyPatrolIntervalDays,
        F::DueSoonHours => Text::PolicyDueSoonHours,
        F::IdleLockMinutes => Text::PolicyIdleLockMinutes,
        F::MaxClockLeadHours => Text::PolicyMaxClockLeadHours,
        F::FireApproval => Text::PolicyFireApproval,
        F::FeeCollection => Text::PolicyFeeCollection,
        F::EngineeringNotice => Text::PolicyEngineeringNotice,
    }
}

/// REN-13's options, in the order a select lists them.
pub const FIRE_APPROVAL: [(FireApprovalScope, &str, Text); 2] = [
    (FireApprovalScope::AllUnits, "all_units", Text::FireAllUnits),
    (
        FireApprovalScope::CommercialOnly,
        "commercial_only",
        Text::FireCommercialOnly,
    ),
];

/// REN-20's options.
pub const FEE_COLLECTION: [(FeeCollectionOrder, &str, Text); 2] = [
    (
        FeeCollectionOrder::BeforeReview,
        "before_review",
        Text::FeesBeforeReview,
    ),
    (
        FeeCollectionOrder::AfterApproval,
        "after_approval",
        Text::FeesAfterApproval,
    ),
];

/// FB-25's options.
pub const ENGINEERING_NOTICE: [(EngineeringNotice, &str, Text); 3] = [
    (
        EngineeringNotice::ClassTwoOrEngineering,
        "class_two_or_engineering",
        Text::NoticeClassTwoOrEngineering,
    ),
    (
        EngineeringNotice::EngineeringOnly,
        "engineering_only",
        Text::NoticeEngineeringOnly,
    ),
    (
        EngineeringNotice::EveryForward,
        "every_forward",
        Text::NoticeEveryForward,
    ),
];

fn option_text<T: PartialEq>(options: &[(T, &str, Text)], value: T) -> Text {
    options
        .iter()
        .find(|(option, _, _)| *option == value)
        .map_or(Text::NoticeEveryForward, |(_, _, text)| *text)
}

/// A policy value as a person reads it: money as on a receipt, a count as a number, a
/// Decision as its option.
pub fn value_text(value: PolicyValue, lang: Lang) -> String {
    match value {
        PolicyValue::Money(money) => money.to_string(),
        PolicyValue::Count(count) => count.to_string(),
        PolicyValue::FireApproval(scope) => option_text(&FIRE_APPROVAL, scope).in_lang(lang).into(),
        PolicyValue::FeeCollection(order) => {
            option_text(&FEE_COLLECTION, order).in_lang(lang).into()
        }
        PolicyValue::EngineeringNotice(notice) => option_text(&ENGINEERING_NOTICE, notice)
            .in_lang(lang)
            .into(),
    }
}

/// What is wrong with a policy value.
pub fn problem_text(problem: PolicyProblem) -> Text {
    match problem {
        PolicyProblem::Negative => Text::PolicyNegative,
        PolicyProblem::Zero => Text::PolicyZero,
        PolicyProblem::TargetOverLimit => Text::PolicyTargetOverLimit,
        PolicyProblem::TooLarge => Text::PolicyTooLarge,
    }
}

/// What is wrong with a calendar file, with the place it names.
pub fn calendar_problem_text(problem: &CalendarFileProblem, lang: Lang) -> String {
    use CalendarFileProblem as P;
    let t = |text: Text| text.in_lang(lang);
    let date = |date: &chrono::NaiveDate| date.format("%Y-%m-%d").to_string();
    match problem {
        P::TooLarge => t(Text::CalTooLarge).into(),
        P::NotJson => t(Text::CalNotJson).into(),
        P::WrongFormat => t(Text::CalWrongFormat).into(),
        P::UnsupportedVersion { version } => {
            fill(t(Text::CalUnsupportedVersion), &[("version", version)])
        }
        P::Schema { reason } => fill(
            t(Text::CalSchema),
            &[("detail", &super::decode_problem_text(reason, lang))],
        ),
        P::NoYears => t(Text::CalNoYears).into(),
        P::YearOutOfRange { year } => fill(t(Text::CalYearOutOfRange), &[("year", year)]),
        P::BadDate { index, text } => fill(
            t(Text::CalBadDate),
            &[("index", &(index + 1)), ("text", text)],
        ),
        P::UnknownKind { index, kind } => fill(
            t(Text::CalUnknownKind),
            &[("index", &(index + 1)), ("kind", kind)],
        ),
        P::DayOutsideYears { date: day } => {
            fill(t(Text::CalDayOutsideYears), &[("date", &date(day))])
        }
        P::DuplicateDay { date: day } => fill(t(Text::CalDuplicateDay), &[("date", &date(day))]),
        P::NameTooLong { date: day } => fill(t(Text::CalNameTooLong), &[("date", &date(day))]),
        P::MakeUpOnWeekday { date: day } => {
            fill(t(Text::CalMakeUpOnWeekday), &[("date", &date(day))])
        }
    }
}
