//! The complaint and suggestion words of the catalogue: classes, departments, statuses and the
//! timeline, each domain value mapped to its [`Text`].

use estate_core::feedback::{
    ApologyMeans, ComplaintClass, Department, FeedbackChange, FeedbackStatus,
};
use estate_core::Policy;

use super::renovation::office_time;
use super::{Lang, Text};

/// The classes of FB-23, in the manual's order.
pub const CLASSES: [(ComplaintClass, &str, Text); 3] = [
    (ComplaintClass::Service, "service", Text::ClassService),
    (
        ComplaintClass::BuildingQuality,
        "building_quality",
        Text::ClassBuildingQuality,
    ),
    (ComplaintClass::External, "external", Text::ClassExternal),
];

/// The departments a case can be forwarded to (FB-24).
pub const DEPARTMENTS: [(Department, &str, Text); 5] = [
    (
        Department::Engineering,
        "engineering",
        Text::DeptEngineering,
    ),
    (
        Department::CustomerService,
        "customer_service",
        Text::DeptCustomerService,
    ),
    (Department::Security, "security", Text::DeptSecurity),
    (
        Department::Environment,
        "environment",
        Text::DeptEnvironment,
    ),
    (
        Department::Administration,
        "administration",
        Text::DeptAdministration,
    ),
];

pub fn class_text(class: ComplaintClass) -> Text {
    CLASSES
        .iter()
        .find(|(option, _, _)| *option == class)
        .map_or(Text::ClassService, |(_, _, text)| *text)
}

pub fn department_text(department: Department) -> Text {
    DEPARTMENTS
        .iter()
        .find(|(option, _, _)| *option == department)
        .map_or(Text::DeptCustomerService, |(_, _, text)| *text)
}

pub fn status_text(status: FeedbackStatus) -> Text {
    use FeedbackStatus as S;
    match status {
        S::New | S::Received => Text::FeedbackReceived,
        S::Classified => Text::FeedbackClassified,
        S::Forwarded => Text::FeedbackForwarded,
        S::InDepartment => Text::FeedbackInDepartment,
        S::Handled => Text::FeedbackHandled,
        S::FollowedUp => Text::FeedbackFollowedUp,
        S::Closed => Text::FeedbackClosed,
    }
}

/// One timeline line of a complaint or suggestion, with its particulars.
pub fn change_text(change: &FeedbackChange, lang: Lang, policy: &Policy) -> String {
    use FeedbackChange as C;
    let t = |text: Text| text.in_lang(lang).to_owned();
    let with = |text: Text, detail: &str| format!("{} · {detail}", t(text));
    match change {
        C::Received {
            what,
            number: Some(number),
            ..
        } => format!("{} · {what} · {number}", t(Text::FbReceived)),
        C::Received { what, .. } => with(Text::FbReceived, what),
        C::Verified { course_of_events } => with(Text::FbVerified, course_of_events),
        C::SolvedOnSpot { note } => with(Text::FbSolvedOnSpot, note),
        C::Classified { class, cause } => {
            format!(
                "{} · {} · {cause}",
                t(Text::FbClassified),
                t(class_text(*class))
            )
        }
        C::Forwarded {
            department,
            content,
            demand,
        } => format!(
            "{} · {} · {content} · {demand}",
            t(Text::FbForwarded),
            t(department_text(*department))
        ),
        C::EngineeringNotified => t(Text::FbEngineeringNotified),
        C::DepartmentAccepted {
            method,
            complete_by,
            signed_by,
        } => format!(
            "{} · {method} · {} · {signed_by}",
            t(Text::FbDepartmentAccepted),
            office_time(*complete_by, policy)
        ),
        C::Assigned { to } => with(Text::FbAssigned, to),
        C::ProgressNoted { note } => with(Text::FbProgressNoted, note),
        C::Handled { result } => with(Text::FbHandled, result),
        C::ReplyGiven { explanation } => with(Text::FbReplyGiven, explanation),
        C::ReplyTimeAgreed { reply_by, .. } => {
            with(Text::FbReplyTimeAgreed, &office_time(*reply_by, policy))
        }
        C::FlaggedSerious => t(Text::FbFlaggedSerious),
        C::ApologyMade { means } => with(
            Text::FbApologyMade,
            &t(match means {
                ApologyMeans::HomeVisit => Text::ApologyHomeVisit,
                ApologyMeans::Phone => Text::ApologyPhone,
            }),
        ),
        C::Escalated { to } => with(Text::FbEscalated, to),
        C::ManagementRequested { request } => with(Text::FbManagementRequested, request),
        C::ManagementAnswered { by, outcome } => {
            format!("{} · {by} · {outcome}", t(Text::FbManagementAnswered))
        }
        C::HandedOver { to } => with(Text::FbHandedOver, to),
        C::SpecialIncident {
            containment,
            reported_to,
        } => format!(
            "{} · {containment} · {reported_to}",
            t(Text::FbSpecialIncident)
        ),
        C::SuggestionDecided {
            adopted,
            explanation,
            ..
        } => format!(
            "{} · {} · {explanation}",
            t(Text::FbSuggestionDecided),
            t(if *adopted {
                Text::AdoptedState
            } else {
                Text::NotAdoptedState
            })
        ),
        C::FollowUpVisited { satisfied, opinion } => format!(
            "{} · {} · {opinion}",
            t(Text::FbFollowUpVisited),
            t(if *satisfied {
                Text::SatisfiedChoice
            } else {
                Text::NotSatisfiedChoice
            })
        ),
        C::Reopened { reason } => with(Text::FbReopened, reason),
        C::Closed => t(Text::FbClosed),
        C::ClosedBecause { reason } => with(Text::FbClosed, reason),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fb_23_every_class_and_department_has_its_label() {
        for (class, _, text) in CLASSES {
            assert_eq!(class_text(class), text);
        }
        for (department, _, text) in DEPARTMENTS {
            assert_eq!(department_text(department), text);
        }
        let forwarded = FeedbackChange::Forwarded {
            department: Department::Engineering,
            content: "外墙渗水".into(),
            demand: "维修".into(),
        };
        assert_eq!(
            change_text(&forwarded, Lang::ZhCn, &Policy::default()),
            "转部门 · 工程部 · 外墙渗水 · 维修"
        );
    }
}
