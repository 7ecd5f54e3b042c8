//! The feedback list: every clock, overdue first, the filter, today's suggestions (FB-04)
//! and a unit's open cases at intake.

use chrono::{DateTime, Utc};
use estate_core::feedback::{Channel, FeedbackChange as F, FeedbackKind, FeedbackStatus};
use estate_core::feedback_list::{
    feedback_rows, open_cases_at, suggestions_received_on, FeedbackFilter,
};
use estate_core::party::{Occupancy, Resident, UnitRef};
use estate_core::renovation::RenovationChange as R;
use estate_core::scenario::Scenario;
use estate_core::{Change, Role};

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&Utc)
}

fn receive(
    device: &mut Scenario,
    id: &str,
    kind: FeedbackKind,
    room: &str,
    what: &str,
    when: &str,
) {
    let desk = device.actor("王芳", Role::FrontDesk);
    let change = F::Received {
        kind,
        channel: Channel::Phone,
        resident: Resident {
            name: format!("{room}住户"),
            occupancy: Occupancy::Owner,
            phone: format!("138{room}"),
        },
        unit: UnitRef::new("2", "1", room),
        what: what.into(),
        happened_at: None,
        acknowledged: true,
        number: None,
    };
    device
        .run(&desk, id, Change::Feedback(change), at(when))
        .unwrap();
}

fn office() -> Scenario {
    let mut device = Scenario::new("desk-pc");
    receive(
        &mut device,
        "old",
        FeedbackKind::Complaint,
        "101",
        "电梯停运",
        "2026-03-02T09:00:00+08:00",
    );
    receive(
        &mut device,
        "new",
        FeedbackKind::Complaint,
        "102",
        "楼道灯坏",
        "2026-03-03T08:00:00+08:00",
    );
    receive(
        &mut device,
        "idea",
        FeedbackKind::Suggestion,
        "103",
        "增设快递柜",
        "2026-03-03T10:00:00+08:00",
    );
    device
}

#[test]
fn fb_22_a_complaint_past_24_hours_comes_first_and_is_overdue() {
    let device = office();
    let now = at("2026-03-03T12:00:00+08:00");
    let rows = feedback_rows(device.desk(), now);
    let ids: Vec<&str> = rows.iter().map(|row| row.id.0.as_str()).collect();
    assert_eq!(
        ids,
        ["old", "new", "idea"],
        "overdue, then the earliest clock"
    );
    let overdue = FeedbackFilter {
        overdue_only: true,
        ..FeedbackFilter::default()
    };
    let matching: Vec<_> = rows.iter().filter(|row| overdue.matches(row)).collect();
    assert_eq!(matching.len(), 1);
    assert_eq!(matching[0].id.0, "old");
}

#[test]
fn fb_01_the_filter_searches_number_unit_name_phone_and_what_happened() {
    let device = office();
    let rows = feedback_rows(device.desk(), at("2026-03-03T12:00:00+08:00"));
    let count = |filter: FeedbackFilter| rows.iter().filter(|row| filter.matches(row)).count();
    let number = rows
        .iter()
        .find(|row| row.unit.room == "102")
        .map(|row| row.number.clone())
        .unwrap();
    assert!(
        number.starts_with("TS") || number.starts_with("JY"),
        "{number}"
    );
    for search in ["2-1-102", "102住户", "138102", "楼道灯", number.as_str()] {
        assert_eq!(
            count(FeedbackFilter {
                search: search.into(),
                ..FeedbackFilter::default()
            }),
            1,
            "{search}"
        );
    }
    assert_eq!(
        count(FeedbackFilter {
            kind: Some(FeedbackKind::Suggestion),
            ..FeedbackFilter::default()
        }),
        1
    );
    assert_eq!(
        count(FeedbackFilter {
            status: Some(FeedbackStatus::Closed),
            ..FeedbackFilter::default()
        }),
        0
    );
}

#[test]
fn fb_04_todays_suggestions_are_listed_for_the_supervisor() {
    let device = office();
    let now = at("2026-03-03T17:00:00+08:00");
    let today = suggestions_received_on(device.desk(), now.date_naive(), now);
    assert_eq!(today.len(), 1);
    assert_eq!(today[0].what, "增设快递柜");
    let yesterday = at("2026-03-02T17:00:00+08:00").date_naive();
    assert!(suggestions_received_on(device.desk(), yesterday, now).is_empty());
}

#[test]
fn fb_01_intake_sees_the_open_cases_of_the_unit() {
    let mut device = office();
    let desk = device.actor("王芳", Role::FrontDesk);
    device
        .run(
            &desk,
            "ren-1",
            Change::Renovation(R::Opened {
                unit: UnitRef::new("2", "1", "101"),
                resident: Resident {
                    name: "101住户".into(),
                    occupancy: Occupancy::Owner,
                    phone: "1".into(),
                },
                commercial_unit: false,
                number: None,
            }),
            at("2026-03-03T09:00:00+08:00"),
        )
        .unwrap();
    let cases = open_cases_at(device.desk(), &UnitRef::new("2", "1", "101"));
    let kinds: Vec<&str> = cases.iter().map(|case| case.kind).collect();
    assert_eq!(kinds, ["renovation", "feedback"]);
    assert!(open_cases_at(device.desk(), &UnitRef::new("2", "1", "999")).is_empty());
}
