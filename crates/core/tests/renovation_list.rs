//! The renovations list: rows, their order and the desk's filter.

use chrono::{DateTime, Utc};
use estate_core::party::{Contractor, Occupancy, Resident, UnitRef};
use estate_core::renovation::{RenovationChange as R, RenovationStatus};
use estate_core::renovation_list::{filter_choices, renovation_rows, RenovationFilter};
use estate_core::scenario::Scenario;
use estate_core::{Change, Money, Role};
use proptest::prelude::*;

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&Utc)
}

fn open(device: &mut Scenario, case: &str, building: &str, room: &str, name: &str, phone: &str) {
    let desk = device.actor("王芳", Role::FrontDesk);
    let opened = R::Opened {
        unit: UnitRef::new(building, "1", room),
        resident: Resident {
            name: name.into(),
            occupancy: Occupancy::Owner,
            phone: phone.into(),
        },
        commercial_unit: false,
        number: None,
    };
    device
        .run(
            &desk,
            case,
            Change::Renovation(opened),
            at("2026-03-02T09:00:00+08:00"),
        )
        .unwrap();
}

fn set_contractor(device: &mut Scenario, case: &str, name: &str) {
    let desk = device.actor("王芳", Role::FrontDesk);
    let change = R::ContractorSet {
        contractor: Contractor {
            name: name.into(),
            phone: "02100000000".into(),
        },
    };
    device
        .run(
            &desk,
            case,
            Change::Renovation(change),
            at("2026-03-02T09:05:00+08:00"),
        )
        .unwrap();
}

fn three_cases() -> Scenario {
    let mut device = Scenario::new("desk-pc");
    open(&mut device, "a", "1", "101", "陈先生", "13800000001");
    open(&mut device, "b", "2", "202", "李女士", "13900000002");
    open(&mut device, "c", "1", "303", "张先生", "13700000003");
    set_contractor(&mut device, "a", "安居装饰");
    set_contractor(&mut device, "c", "美家装修");
    device
}

#[test]
fn x_3_every_case_is_a_row_and_filters_combine() {
    let device = three_cases();
    let rows = renovation_rows(device.desk(), at("2026-03-03T09:00:00+08:00"));
    assert_eq!(rows.len(), 3);
    let ids = |filter: &RenovationFilter| -> Vec<String> {
        filter
            .positions(&rows)
            .into_iter()
            .map(|i| rows[i].id.0.clone())
            .collect()
    };
    let building_1 = RenovationFilter {
        building: "1".into(),
        ..RenovationFilter::default()
    };
    assert_eq!(ids(&building_1), ["a", "c"]);
    let by_contractor = RenovationFilter {
        contractor: "美家装修".into(),
        ..building_1.clone()
    };
    assert_eq!(ids(&by_contractor), ["c"]);
    // The case number, as said over the phone in lower case, finds its case too (issue #17).
    let number_of_c = rows
        .iter()
        .find(|row| row.id.0 == "c")
        .map(|row| row.number.to_lowercase())
        .unwrap();
    assert!(number_of_c.starts_with("zx"), "{number_of_c}");
    for (search, expected) in [
        ("李女士", "b"),
        ("13700000003", "c"),
        ("1-1-101", "a"),
        (number_of_c.as_str(), "c"),
    ] {
        let filter = RenovationFilter {
            search: search.into(),
            ..RenovationFilter::default()
        };
        assert_eq!(ids(&filter), [expected], "search {search}");
    }
    let submitted = RenovationFilter {
        status: Some(RenovationStatus::Submitted),
        ..RenovationFilter::default()
    };
    assert!(ids(&submitted).is_empty());
    let (buildings, contractors) = filter_choices(&rows);
    assert_eq!(buildings, ["1", "2"]);
    assert_eq!(contractors, ["安居装饰", "美家装修"]);
}

#[test]
fn ren_30_an_overdue_review_comes_first_and_passes_the_overdue_filter() {
    let mut device = three_cases();
    // Case "b" is submitted (the supervisor's review clock starts), with every document
    // marked received so that REN-16 lets it through.
    let desk = device.actor("王芳", Role::FrontDesk);
    set_contractor(&mut device, "b", "安居装饰");
    let case = &device.desk().renovations[&estate_core::EntityId("b".into())].clone();
    for (document, _) in estate_core::renovation::required_documents(
        &case.declared,
        case.commercial_unit,
        device.desk().policies.latest(),
    ) {
        let change = R::DocumentReceived {
            document,
            evidence: estate_core::renovation::Evidence {
                attachments: Vec::new(),
                paper_copies: document.copies_needed(),
                stamped: true,
            },
        };
        device
            .run(
                &desk,
                "b",
                Change::Renovation(change),
                at("2026-03-02T09:10:00+08:00"),
            )
            .unwrap();
    }
    device
        .run(
            &desk,
            "b",
            Change::Renovation(R::Submitted),
            at("2026-03-02T10:00:00+08:00"),
        )
        .unwrap();
    let later = at("2026-03-20T09:00:00+08:00");
    let rows = renovation_rows(device.desk(), later);
    assert_eq!(rows[0].id.0, "b", "the overdue review is on top");
    let overdue = RenovationFilter {
        overdue_only: true,
        ..RenovationFilter::default()
    };
    assert_eq!(overdue.positions(&rows), [0]);
    assert_eq!(rows[0].owed, Money::ZERO);
}

#[test]
fn ren_16_submit_is_offered_to_the_desk_while_items_are_missing_but_not_to_an_inspector() {
    let device = three_cases();
    let case = &device.desk().renovations[&estate_core::EntityId("a".into())];
    let policy = &device.desk().policies.latest();
    assert!(case.offers(&R::Submitted, Role::FrontDesk, policy));
    assert!(!case
        .check(&R::Submitted, Role::FrontDesk, policy)
        .is_empty());
    assert!(!case.offers(&R::Submitted, Role::Inspector, policy));
    assert!(!case.offers(&R::AcceptanceRequested, Role::FrontDesk, policy));
}

proptest! {
    /// Filtering never invents or reorders rows, and the empty filter keeps them all.
    #[test]
    fn x_3_filter_positions_are_an_ordered_subset(search in "[0-9a-z李张陈-]{0,4}", building in "[0-3]?") {
        let device = three_cases();
        let rows = renovation_rows(device.desk(), at("2026-03-03T09:00:00+08:00"));
        let filter = RenovationFilter { search: search.clone(), building, ..RenovationFilter::default() };
        let positions = filter.positions(&rows);
        prop_assert!(positions.windows(2).all(|pair| pair[0] < pair[1]));
        for (index, row) in rows.iter().enumerate() {
            prop_assert_eq!(positions.contains(&index), filter.matches(row));
        }
        prop_assert_eq!(RenovationFilter::default().positions(&rows).len(), rows.len());
    }
}
