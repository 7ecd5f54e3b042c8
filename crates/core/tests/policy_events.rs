//! Policy and calendar changes are events, so every device computes the same deadlines.

use chrono::{DateTime, NaiveDate, Utc};
use estate_core::calendar::{DayKind, DayRule};
use estate_core::scenario::Scenario;
use estate_core::{Change, Policy, Role, RuleId};

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&Utc)
}

/// REN-31 and REN-30: a calendar correction and a policy change made on one device reach the
/// other through sync, and both then agree on the review deadline.
#[test]
fn ren_31_calendar_and_policy_changes_travel_as_events() {
    let mut desk_pc = Scenario::new("desk-pc");
    let mut tablet = Scenario::new("tablet-1");
    let manager = desk_pc.actor("周经理", Role::CsManager);
    let policy = Policy {
        drawing_review_working_days: 7,
        ..Policy::default()
    };
    desk_pc
        .run(
            &manager,
            "policy",
            Change::Policy(Box::new(policy)),
            at("2027-01-04T09:00:00+08:00"),
        )
        .unwrap();
    let typhoon = DayRule {
        date: NaiveDate::from_ymd_opt(2027, 1, 6).unwrap(),
        kind: Some(DayKind::Holiday),
    };
    desk_pc
        .run(
            &manager,
            "calendar",
            Change::Calendar(typhoon),
            at("2027-01-04T09:01:00+08:00"),
        )
        .unwrap();
    tablet.receive(desk_pc.log());
    assert_eq!(tablet.desk().policy.drawing_review_working_days, 7);
    assert!(!tablet
        .desk()
        .calendar
        .is_working_day(NaiveDate::from_ymd_opt(2027, 1, 6).unwrap()));
    assert_eq!(tablet.desk().policy, desk_pc.desk().policy);
    assert_eq!(tablet.desk().calendar, desk_pc.desk().calendar);
}

/// a front-desk user cannot change the policy, and the refusal names a rule.
#[test]
fn x_2_policy_changes_are_refused_for_front_desk() {
    let mut device = Scenario::new("desk-pc");
    let desk = device.actor("王芳", Role::FrontDesk);
    let refused = device
        .run(
            &desk,
            "policy",
            Change::Policy(Box::default()),
            at("2027-01-04T09:00:00+08:00"),
        )
        .unwrap_err();
    assert_eq!(refused[0].rule, RuleId::X2);
    assert!(device.log().is_empty(), "nothing is recorded");
}
