//! Today's route (REN-33): units under construction, scheduled every N working days, overdue
//! first; and scanning or typing a code to open a case.

use chrono::{DateTime, Duration, Utc};
use estate_core::deadline::DeadlineStatus;
use estate_core::patrol::{ChecklistItem, Finding, Outcome, PatrolKind, PatrolRecord};
use estate_core::patrol_route::{find_case_by_code, patrol_route};
use estate_core::renovation::RenovationStatus;
use estate_core::sample::{office, start};
use estate_core::{Change, Role};

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&Utc)
}

#[test]
fn ren_33_every_unit_under_construction_is_on_the_route_overdue_first() {
    let device = office(40, 7);
    let building: Vec<_> = device
        .desk()
        .renovations
        .iter()
        .filter(|(_, case)| case.status == RenovationStatus::UnderConstruction)
        .map(|(id, _)| id.clone())
        .collect();
    assert!(
        !building.is_empty(),
        "the sample has units under construction"
    );
    let now = start() + Duration::days(30);
    let route = patrol_route(device.desk(), now);
    assert_eq!(route.len(), building.len());
    assert!(route
        .iter()
        .all(|stop| stop.due.status == DeadlineStatus::Overdue));
    assert!(route
        .windows(2)
        .all(|pair| pair[0].due.due <= pair[1].due.due));
    // Right after construction starts, nothing is due yet.
    let early = patrol_route(device.desk(), start());
    assert!(early.iter().all(|stop| !stop.is_due()));
}

#[test]
fn ren_33_a_patrol_moves_the_next_one_out_by_the_policy_interval() {
    let mut device = office(40, 7);
    let stop = patrol_route(device.desk(), start()).remove(0);
    let inspector = device.actor("赵巡", Role::Inspector);
    let findings = ChecklistItem::ALL
        .into_iter()
        .map(|item| Finding {
            item,
            outcome: if item == ChecklistItem::HotWorkPermitPresent {
                Outcome::NotApplicable
            } else {
                Outcome::Pass
            },
            note: String::new(),
        })
        .collect();
    let patrolled = at("2026-03-04T10:00:00+08:00");
    device
        .run(
            &inspector,
            "patrol-1",
            Change::Patrol(PatrolRecord {
                case: stop.case.clone(),
                kind: PatrolKind::Scheduled,
                findings,
                workers_seen: 2,
                photos: Vec::new(),
            }),
            patrolled,
        )
        .unwrap();
    let after = patrol_route(device.desk(), patrolled);
    let same = after.iter().find(|s| s.case == stop.case).unwrap();
    assert_eq!(same.last_patrolled, Some(patrolled));
    // Wednesday 4 March + 2 working days = Friday 6 March, end of day, office time.
    assert_eq!(same.due.due, at("2026-03-06T23:59:59+08:00"));
}

#[test]
fn ren_32_a_typed_unit_or_a_scanned_case_number_opens_the_case() {
    let device = office(40, 7);
    let stop = patrol_route(device.desk(), start()).remove(0);
    assert_eq!(
        find_case_by_code(device.desk(), &stop.case.0),
        Some(stop.case.clone())
    );
    let typed = stop.unit.to_string();
    assert_eq!(
        find_case_by_code(device.desk(), &typed),
        Some(stop.case.clone())
    );
    // The number printed on the permit and in its QR code, as scanned or typed in lower case.
    let number = device.desk().renovations[&stop.case]
        .number
        .clone()
        .unwrap();
    assert_eq!(
        find_case_by_code(device.desk(), &number),
        Some(stop.case.clone())
    );
    assert_eq!(
        find_case_by_code(device.desk(), &number.to_lowercase()),
        Some(stop.case.clone())
    );
    assert_eq!(find_case_by_code(device.desk(), " 99-9-9 "), None);
    assert_eq!(find_case_by_code(device.desk(), "nonsense"), None);
}
