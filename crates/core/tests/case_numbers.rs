//! Case, receipt and refund-slip numbers people can say (issue #17): a device code given at
//! enrolment plus a per-device sequence keeps them unique across devices with no server.

use std::collections::BTreeSet;

use base64::Engine as _;
use chrono::{DateTime, Duration, Utc};
use estate_core::device::DeviceChange;
use estate_core::numbering::CaseNumber;
use estate_core::scenario::{test_pin_hash, walk_in_complaint, Scenario};
use estate_core::staff::StaffChange;
use estate_core::{Actor, Change, EntityId, Role};
use p256::ecdsa::{SigningKey, VerifyingKey};

fn at(minutes: i64) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2027-03-01T09:00:00+08:00")
        .unwrap()
        .with_timezone(&Utc)
        + Duration::minutes(minutes)
}

fn public_key(seed: u8) -> String {
    let key = SigningKey::from_bytes(&[seed; 32].into()).unwrap();
    base64::engine::general_purpose::STANDARD
        .encode(VerifyingKey::from(&key).to_encoded_point(false).as_bytes())
}

/// A device whose first person is an administrator of it, enrolled with its own key.
fn device_with_administrator(device: &str, person: &str, seed: u8) -> (Scenario, Actor) {
    let mut scenario = Scenario::new(device);
    let staff = format!("staff-{device}");
    let admin = Actor {
        staff: Some(EntityId(staff.clone())),
        ..scenario.actor(person, Role::FrontDesk)
    };
    scenario
        .run_batch(
            &admin,
            vec![
                (
                    EntityId(staff),
                    Change::Staff(StaffChange::Added {
                        name: person.into(),
                        roles: vec![Role::FrontDesk, Role::CsManager],
                        department: None,
                        administrator: true,
                        pin: test_pin_hash(),
                    }),
                ),
                (
                    EntityId(device.into()),
                    Change::Device(DeviceChange::Enrolled {
                        name: format!("{person}的电脑"),
                        public_key: public_key(seed),
                        code: None,
                    }),
                ),
            ],
            at(0),
        )
        .unwrap();
    (scenario, admin)
}

fn complaint_numbers(device: &Scenario) -> Vec<String> {
    device
        .desk()
        .feedback
        .values()
        .filter_map(|case| case.number.clone())
        .collect()
}

/// A device that joins the office after taking in its bundle gets the next free code, so the
/// two devices' numbers, drawn offline at the same time, never collide after a merge.
#[test]
fn x_1_case_numbers_stay_unique_across_devices_that_joined_the_office() {
    let (mut desk_pc, desk_admin) = device_with_administrator("desk-pc", "王芳", 3);
    assert_eq!(desk_pc.desk().device_code(&desk_admin.device), 'A');
    // The tablet takes in the office first, then enrols its own key: the next free code.
    let mut tablet = Scenario::new("tablet-1");
    tablet.receive(desk_pc.log());
    let inspector = Actor {
        staff: Some(EntityId("staff-desk-pc".into())),
        ..tablet.actor("王芳", Role::FrontDesk)
    };
    tablet
        .run(
            &inspector,
            "tablet-1",
            Change::Device(DeviceChange::Enrolled {
                name: "巡视平板".into(),
                public_key: public_key(7),
                code: None,
            }),
            at(1),
        )
        .unwrap();
    assert_eq!(tablet.desk().device_code(&inspector.device), 'B');
    // Both devices take ten complaints each, offline, in the same minutes.
    for index in 0..10 {
        desk_pc
            .run(
                &desk_admin,
                &format!("pc-{index}"),
                walk_in_complaint(&format!("10{index}")),
                at(10 + index),
            )
            .unwrap();
        tablet
            .run(
                &inspector,
                &format!("tab-{index}"),
                walk_in_complaint(&format!("20{index}")),
                at(10 + index),
            )
            .unwrap();
    }
    desk_pc.receive(tablet.log());
    tablet.receive(desk_pc.log());
    let numbers = complaint_numbers(&desk_pc);
    assert_eq!(numbers.len(), 20);
    let distinct: BTreeSet<&String> = numbers.iter().collect();
    assert_eq!(distinct.len(), 20, "{numbers:?}");
    for number in &numbers {
        assert!(number.chars().count() <= 12, "{number}");
        let parsed = CaseNumber::parse(number).expect("a number reads back");
        assert_eq!(parsed.to_string(), *number);
        assert!(number.starts_with("TS2027-A") || number.starts_with("TS2027-B"));
        // The list filter and a scanned QR code find the case by its number on both devices.
        assert_eq!(
            desk_pc.desk().case_by_number(number),
            tablet.desk().case_by_number(number)
        );
        assert!(desk_pc.desk().case_by_number(number).is_some());
    }
    assert_eq!(
        complaint_numbers(&desk_pc)
            .into_iter()
            .collect::<BTreeSet<_>>(),
        complaint_numbers(&tablet)
            .into_iter()
            .collect::<BTreeSet<_>>()
    );
    // The sequence continues past the highest number seen, after a replay too.
    let next = desk_pc
        .run(&desk_admin, "pc-next", walk_in_complaint("999"), at(60))
        .unwrap();
    let Change::Feedback(estate_core::feedback::FeedbackChange::Received { number, .. }) =
        &next[0].change
    else {
        panic!("a complaint");
    };
    assert_eq!(number.as_deref(), Some("TS2027-A0011"));
}

/// Two devices that each enrolled offline before ever exchanging hold the same code; the
/// clash is named after the merge, and the administrator gives one a free code.
#[test]
fn x_1_a_device_code_clash_is_found_and_a_new_code_assigned() {
    let (mut desk_pc, desk_admin) = device_with_administrator("desk-pc", "王芳", 3);
    let (tablet, _) = device_with_administrator("tablet-1", "赵巡", 7);
    desk_pc.receive(tablet.log());
    let clashes = desk_pc.desk().device_code_clashes();
    assert_eq!(clashes.len(), 1);
    assert_eq!(clashes[0].0, "A");
    let free = desk_pc.desk().free_device_code().unwrap();
    assert_eq!(free, "B");
    let taken = desk_pc.run(
        &desk_admin,
        "tablet-1",
        Change::Device(DeviceChange::CodeAssigned { code: "A".into() }),
        at(5),
    );
    assert!(taken.is_err());
    desk_pc
        .run(
            &desk_admin,
            "tablet-1",
            Change::Device(DeviceChange::CodeAssigned { code: free }),
            at(5),
        )
        .unwrap();
    assert!(desk_pc.desk().device_code_clashes().is_empty());
}

/// Events recorded before numbers existed get numbers on replay, under the legacy code `0`,
/// the same on every device, so old cases can be found by number too.
#[test]
fn x_1_cases_from_before_numbers_get_legacy_numbers_on_replay() {
    let mut old = Scenario::new("old-pc");
    let desk = old.actor("王芳", Role::FrontDesk);
    old.run(&desk, "fb-1", walk_in_complaint("101"), at(0))
        .unwrap();
    let mut events = old.log().to_vec();
    if let Change::Feedback(estate_core::feedback::FeedbackChange::Received { number, .. }) =
        &mut events[0].change
    {
        *number = None;
    }
    let mut first = Scenario::new("a");
    first.receive(&events);
    let mut second = Scenario::new("b");
    second.receive(&events);
    let numbers = complaint_numbers(&first);
    assert_eq!(numbers, vec!["TS2027-00001".to_owned()]);
    assert_eq!(numbers, complaint_numbers(&second));
}
