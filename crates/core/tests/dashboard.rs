//! The home page's agenda: overdue, today, this week, for the role that answers for it.

use chrono::{DateTime, Duration, Utc};
use estate_core::dashboard::{agenda, concerns};
use estate_core::deadline::DeadlineKind;
use estate_core::feedback::{Channel, FeedbackChange as F, FeedbackKind};
use estate_core::party::{Occupancy, Resident, UnitRef};
use estate_core::scenario::Scenario;
use estate_core::{Change, Role};

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&Utc)
}

fn complaint(device: &mut Scenario, id: &str, when: &str) {
    let desk = device.actor("王芳", Role::FrontDesk);
    let change = F::Received {
        kind: FeedbackKind::Complaint,
        channel: Channel::Phone,
        resident: Resident {
            name: "陈先生".into(),
            occupancy: Occupancy::Owner,
            phone: "138".into(),
        },
        unit: UnitRef::new("1", "1", id),
        what: "漏水".into(),
        happened_at: None,
        acknowledged: true,
        number: None,
    };
    device
        .run(&desk, id, Change::Feedback(change), at(when))
        .unwrap();
}

#[test]
fn x_3_overdue_then_today_then_this_week_for_the_role_that_answers() {
    let mut device = Scenario::new("desk-pc");
    complaint(&mut device, "101", "2026-03-01T09:00:00+08:00");
    complaint(&mut device, "102", "2026-03-02T07:00:00+08:00");
    let now = at("2026-03-02T10:00:00+08:00");
    let desk_agenda = agenda(device.desk(), now, Role::FrontDesk);
    assert_eq!(
        desk_agenda.overdue.len(),
        1,
        "received yesterday 09:00: past 24 h"
    );
    assert_eq!(desk_agenda.overdue[0].entity_id, "101");
    assert_eq!(desk_agenda.today.len(), 0);
    assert_eq!(desk_agenda.this_week.len(), 1, "due tomorrow 07:00");
    assert_eq!(desk_agenda.feedback_counts.get("received"), Some(&2));
    // The inspector's agenda holds patrols and tickets, not replies.
    let inspector = agenda(device.desk(), now, Role::Inspector);
    assert!(inspector.overdue.is_empty() && inspector.this_week.is_empty());
    let later = agenda(device.desk(), now + Duration::hours(20), Role::CsManager);
    assert_eq!(later.overdue.len(), 1);
    assert_eq!(
        later.today.len(),
        1,
        "the second is due at 07:00 tomorrow: today by then"
    );
}

#[test]
fn x_3_every_deadline_kind_has_someone_who_answers_for_it() {
    use DeadlineKind as K;
    for kind in [
        K::DrawingReview,
        K::RefundTarget,
        K::RefundLimit,
        K::FeedbackReply,
        K::AgreedReply,
        K::FollowUpVisit,
        K::DepartmentCompletion,
        K::Rectification,
        K::ScheduledPatrol,
    ] {
        assert!(
            Role::ALL.iter().any(|role| concerns(*role, kind)),
            "{kind:?}"
        );
    }
    assert!(concerns(Role::DepartmentHead, K::DepartmentCompletion));
    assert!(!concerns(Role::DepartmentHead, K::FeedbackReply));
}

/// Issue #22: a case's status strip names who answers for the running deadline, not every
/// role that could take a side step meanwhile; with no deadline, everyone with a step.
#[test]
fn x_3_who_acts_next_is_who_answers_for_the_running_deadline() {
    use estate_core::dashboard::who_acts_next;
    use estate_core::deadline::{Deadline, DeadlineStatus};
    use estate_core::RuleId;
    let review = Deadline {
        entity_id: "case-1".into(),
        kind: DeadlineKind::DrawingReview,
        rule: RuleId::Ren30,
        due: at("2026-03-09T23:59:00+08:00"),
        status: DeadlineStatus::OnTime,
        span: None,
        missing_year: None,
    };
    let actors = vec![Role::FrontDesk, Role::RenovationSupervisor, Role::Inspector];
    assert_eq!(
        who_acts_next(actors.clone(), Some(&review)),
        vec![Role::RenovationSupervisor]
    );
    assert_eq!(who_acts_next(actors.clone(), None), actors);
    // Nobody with a step answers for it: all who can act are named, not nobody.
    assert_eq!(
        who_acts_next(vec![Role::FrontDesk], Some(&review)),
        vec![Role::FrontDesk]
    );
}
