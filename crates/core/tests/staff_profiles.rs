//! Staff profiles (issue #11, X-1): the role of every command comes from the signed-in profile,
//! and only an office administrator changes who may do what. Profiles are events, so they
//! travel in bundles and every device agrees.

use chrono::{DateTime, Utc};
use estate_core::feedback::Department;
use estate_core::scenario::{test_pin_hash, walk_in_complaint, Scenario};
use estate_core::staff::{PinHash, StaffChange};
use estate_core::violation::Problem;
use estate_core::{Actor, Change, EntityId, Role, RuleId};

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&Utc)
}

fn now() -> DateTime<Utc> {
    at("2027-03-01T09:00:00+08:00")
}

fn signed_in(device: &Scenario, profile: &str, name: &str, role: Role) -> Actor {
    Actor {
        staff: Some(EntityId(profile.into())),
        ..device.actor(name, role)
    }
}

fn added(name: &str, roles: &[Role], administrator: bool) -> Change {
    Change::Staff(StaffChange::Added {
        name: name.into(),
        roles: roles.to_vec(),
        department: None,
        administrator,
        pin: test_pin_hash(),
    })
}

/// The device's first person sets up as administrator, adds an inspector, and each then acts
/// only in the roles of their own profile.
fn office() -> (Scenario, Actor, Actor) {
    let mut desk_pc = Scenario::new("desk-pc");
    let admin = signed_in(&desk_pc, "staff-wang", "王芳", Role::FrontDesk);
    desk_pc
        .run(
            &admin,
            "staff-wang",
            added("王芳", &[Role::FrontDesk, Role::CsManager], true),
            now(),
        )
        .unwrap();
    desk_pc
        .run(
            &admin,
            "staff-zhao",
            added("赵巡", &[Role::Inspector], false),
            now(),
        )
        .unwrap();
    let inspector = signed_in(&desk_pc, "staff-zhao", "赵巡", Role::Inspector);
    (desk_pc, admin, inspector)
}

fn rules(violations: &[estate_core::violation::Violation]) -> Vec<RuleId> {
    violations.iter().map(|violation| violation.rule).collect()
}

#[test]
fn x_1_nobody_becomes_supervisor_by_picking_the_role() {
    let (mut desk_pc, _, inspector) = office();
    let as_supervisor = Actor {
        role: Role::RenovationSupervisor,
        ..inspector.clone()
    };
    let refused = desk_pc
        .run(&as_supervisor, "fb-1", walk_in_complaint("101"), now())
        .unwrap_err();
    assert!(refused.iter().any(|violation| violation.rule == RuleId::X1
        && violation.problem
            == Problem::WrongRole {
                allowed: vec![Role::Inspector]
            }));

    let anonymous = desk_pc.actor("路人", Role::FrontDesk);
    let refused = desk_pc
        .run(&anonymous, "fb-1", walk_in_complaint("101"), now())
        .unwrap_err();
    assert_eq!(rules(&refused), vec![RuleId::X1], "sign in first");

    let admin_as_front_desk = signed_in(&desk_pc, "staff-wang", "王芳", Role::FrontDesk);
    desk_pc
        .run(
            &admin_as_front_desk,
            "fb-1",
            walk_in_complaint("101"),
            now(),
        )
        .unwrap();
}

#[test]
fn x_1_only_an_administrator_adds_staff_or_changes_roles() {
    let (mut desk_pc, admin, inspector) = office();
    let refused = desk_pc
        .run(
            &inspector,
            "staff-li",
            added("李四", &[Role::RenovationSupervisor], true),
            now(),
        )
        .unwrap_err();
    assert_eq!(rules(&refused), vec![RuleId::X1]);
    let promote = Change::Staff(StaffChange::RolesChanged {
        roles: vec![Role::Inspector, Role::RenovationSupervisor],
        department: None,
        administrator: false,
    });
    assert!(desk_pc
        .run(&inspector, "staff-zhao", promote.clone(), now())
        .is_err());
    desk_pc.run(&admin, "staff-zhao", promote, now()).unwrap();
    let supervising = Actor {
        role: Role::RenovationSupervisor,
        ..inspector
    };
    assert!(desk_pc.desk().staff[&EntityId("staff-zhao".into())].may_act_as(supervising.role));
}

#[test]
fn x_1_a_profile_needs_a_name_a_role_a_department_head_s_department_and_a_strong_pin_hash() {
    let (mut desk_pc, admin, _) = office();
    let weak = PinHash {
        iterations: 1000,
        ..test_pin_hash()
    };
    let refused = desk_pc
        .run(
            &admin,
            "staff-x",
            Change::Staff(StaffChange::Added {
                name: " ".into(),
                roles: vec![Role::DepartmentHead],
                department: None,
                administrator: false,
                pin: weak,
            }),
            now(),
        )
        .unwrap_err();
    assert_eq!(
        refused.len(),
        3,
        "name, department and PIN hash: {refused:?}"
    );
    desk_pc
        .run(
            &admin,
            "staff-x",
            Change::Staff(StaffChange::Added {
                name: "钱工".into(),
                roles: vec![Role::DepartmentHead],
                department: Some(Department::Engineering),
                administrator: false,
                pin: test_pin_hash(),
            }),
            now(),
        )
        .unwrap();
}

#[test]
fn x_1_the_office_keeps_an_administrator_and_a_removed_person_cannot_act() {
    let (mut desk_pc, admin, inspector) = office();
    let refused = desk_pc
        .run(
            &admin,
            "staff-wang",
            Change::Staff(StaffChange::Removed),
            now(),
        )
        .unwrap_err();
    assert_eq!(rules(&refused), vec![RuleId::X1]);
    desk_pc
        .run(
            &admin,
            "staff-zhao",
            Change::Staff(StaffChange::Removed),
            now(),
        )
        .unwrap();
    let as_front_desk = Actor {
        role: Role::Inspector,
        ..inspector
    };
    assert!(desk_pc
        .run(&as_front_desk, "fb-2", walk_in_complaint("101"), now())
        .is_err());
}

#[test]
fn x_1_a_second_self_made_administrator_on_the_same_device_is_refused() {
    let (mut desk_pc, _, _) = office();
    let stranger = signed_in(&desk_pc, "staff-evil", "某人", Role::RenovationSupervisor);
    let refused = desk_pc
        .run(
            &stranger,
            "staff-evil",
            added("某人", &[Role::RenovationSupervisor], true),
            now(),
        )
        .unwrap_err();
    assert!(!refused.is_empty());
    assert!(
        rules(&refused).iter().all(|rule| *rule == RuleId::X1),
        "{refused:?}"
    );
    assert!(!desk_pc
        .desk()
        .staff
        .contains_key(&EntityId("staff-evil".into())));
}

/// Each device's first person is its administrator; after an exchange both lists agree and
/// both people's events stand (none is held as a conflict).
#[test]
fn x_1_staff_lists_travel_and_merge_between_devices() {
    let (mut desk_pc, admin, _) = office();
    let mut tablet = Scenario::new("tablet-1");
    let tablet_admin = signed_in(&tablet, "staff-zhou", "周主管", Role::RenovationSupervisor);
    tablet
        .run(
            &tablet_admin,
            "staff-zhou",
            added("周主管", &[Role::RenovationSupervisor], true),
            now(),
        )
        .unwrap();
    let tablet_front_desk = Actor {
        role: Role::FrontDesk,
        ..tablet_admin.clone()
    };
    assert!(
        tablet
            .run(&tablet_front_desk, "fb-t", walk_in_complaint("101"), now())
            .is_err(),
        "not a role of theirs"
    );
    desk_pc
        .run(&admin, "fb-d", walk_in_complaint("101"), now())
        .unwrap();

    let from_tablet = tablet.log().to_vec();
    let from_desk = desk_pc.log().to_vec();
    desk_pc.receive(&from_tablet);
    tablet.receive(&from_desk);
    assert_eq!(desk_pc.desk().staff, tablet.desk().staff);
    assert_eq!(desk_pc.desk().staff.len(), 3);
    assert!(
        desk_pc.desk().conflicts.is_empty(),
        "{:?}",
        desk_pc.desk().conflicts
    );
    assert!(tablet.desk().conflicts.is_empty());
}

/// Issue #21, finding 3: a device with no staff profiles of its own records a complaint and
/// classifies it as a made-up CS manager. Once merged into an office that has profiles, both
/// steps name no profile holding their role, so both are held for review, not applied.
#[test]
fn x_1_a_step_naming_no_staff_profile_is_held_once_the_office_has_profiles() {
    use estate_core::feedback::{ComplaintClass, FeedbackChange};
    let (mut desk_pc, _, _) = office();
    let mut forger = Scenario::new("forger");
    let front_desk = forger.actor("某人", Role::FrontDesk);
    let fake_manager = forger.actor("假经理", Role::CsManager);
    let later = at("2027-03-01T10:00:00+08:00");
    forger
        .run(&front_desk, "fb-forged", walk_in_complaint("101"), later)
        .unwrap();
    forger
        .run(
            &fake_manager,
            "fb-forged",
            Change::Feedback(FeedbackChange::Verified {
                course_of_events: "无".into(),
            }),
            later,
        )
        .unwrap();
    forger
        .run(
            &fake_manager,
            "fb-forged",
            Change::Feedback(FeedbackChange::Classified {
                class: ComplaintClass::Service,
                cause: "伪造".into(),
            }),
            later,
        )
        .unwrap();

    desk_pc.receive(forger.log());
    let forged = EntityId("fb-forged".into());
    assert!(!desk_pc.desk().feedback.contains_key(&forged));
    let held: Vec<_> = desk_pc
        .desk()
        .conflicts
        .iter()
        .filter(|conflict| conflict.entity == forged)
        .collect();
    assert_eq!(held.len(), 3, "every forged step is held");
    for conflict in held {
        let estate_core::desk::ConflictKind::InvalidInMergedOrder { violations } = &conflict.kind
        else {
            panic!("held for X-1, not {:?}", conflict.kind);
        };
        assert!(rules(violations).contains(&RuleId::X1), "{violations:?}");
    }
}

/// The two named exemptions of X-1, and nothing else: history from before the office had
/// profiles, and a device's first person adding themselves as its administrator.
#[test]
fn x_1_only_pre_profile_history_and_a_device_bootstrap_are_exempt() {
    use estate_core::desk::X1Exemption;
    let legacy = Scenario::new("legacy-pc");
    let anonymous = legacy.actor("老前台", Role::FrontDesk);
    let complaint = walk_in_complaint("101");
    let fb = EntityId("fb-1".into());
    assert_eq!(
        legacy.desk().x1_exemption(&fb, &complaint, &anonymous),
        Some(X1Exemption::BeforeStaffProfiles)
    );
    let first = signed_in(&legacy, "staff-li", "李", Role::FrontDesk);
    let bootstrap = added("李", &[Role::FrontDesk], true);
    let staff_li = EntityId("staff-li".into());
    assert_eq!(
        legacy.desk().x1_exemption(&staff_li, &bootstrap, &first),
        Some(X1Exemption::DeviceBootstrap)
    );

    let (desk_pc, admin, inspector) = office();
    let desk = desk_pc.desk();
    let anonymous = desk_pc.actor("路人", Role::FrontDesk);
    assert_eq!(desk.x1_exemption(&fb, &complaint, &anonymous), None);
    assert_eq!(desk.x1_exemption(&fb, &complaint, &admin), None);
    assert_eq!(desk.x1_exemption(&fb, &complaint, &inspector), None);
    assert_eq!(
        desk.x1_exemption(&staff_li, &bootstrap, &admin),
        None,
        "this device already has its administrator"
    );
}

/// Issue #22: a tablet set up apart made 赵巡 a second time. After the exchange the
/// administrator merges the tablet's profile into the office's: it is retired and names the
/// one kept, its earlier events stand as signed, and its later steps are refused. A profile
/// is never merged into itself or into a retired one.
#[test]
fn x_1_a_duplicate_profile_is_merged_into_the_one_kept_and_its_history_stays() {
    let (mut desk_pc, admin, _) = office();
    let mut tablet = Scenario::new("tablet-1");
    let twin = signed_in(&tablet, "staff-zhao-2", "赵巡", Role::Inspector);
    tablet
        .run(
            &twin,
            "staff-zhao-2",
            added("赵巡", &[Role::Inspector], true),
            now(),
        )
        .unwrap();
    let twin_front_desk = Actor {
        role: Role::Inspector,
        ..twin.clone()
    };
    desk_pc.receive(tablet.log());
    assert_eq!(desk_pc.desk().staff.len(), 3, "赵巡 twice");

    let merge = |into: &str| {
        Change::Staff(StaffChange::MergedInto {
            into: EntityId(into.into()),
        })
    };
    let refused = desk_pc
        .run(&admin, "staff-zhao-2", merge("staff-zhao-2"), now())
        .unwrap_err();
    assert_eq!(rules(&refused), vec![RuleId::X1], "not into itself");
    let refused = desk_pc
        .run(&admin, "staff-zhao-2", merge("staff-nobody"), now())
        .unwrap_err();
    assert_eq!(
        rules(&refused),
        vec![RuleId::X1],
        "not into a missing profile"
    );

    desk_pc
        .run(&admin, "staff-zhao-2", merge("staff-zhao"), now())
        .unwrap();
    let merged = &desk_pc.desk().staff[&EntityId("staff-zhao-2".into())];
    assert!(merged.removed);
    assert!(!merged.administers(), "no accidental administrator");
    assert_eq!(merged.merged_into, Some(EntityId("staff-zhao".into())));
    assert!(
        desk_pc.desk().conflicts.is_empty(),
        "the twin's own earlier step stands"
    );
    assert!(desk_pc
        .run(&twin_front_desk, "fb-9", walk_in_complaint("101"), now())
        .is_err());
}
