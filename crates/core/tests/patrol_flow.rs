//! Patrols (REN-32, REN-33, REN-34) and the tickets list.

use chrono::{DateTime, Utc};
use estate_core::deadline::DeadlineStatus;
use estate_core::party::{Contractor, Occupancy, Resident, UnitRef};
use estate_core::patrol::{
    ChecklistItem, Finding, Outcome, PatrolKind, PatrolRecord, RectificationChange,
    RectificationStatus,
};
use estate_core::renovation::{
    required_documents, DeclaredChange, DrawingReview, Evidence, RenovationChange as R, ReviewPoint,
};
use estate_core::scenario::Scenario;
use estate_core::ticket::{open_tickets, TicketKind};
use estate_core::violation::Violation;
use estate_core::{Change, EntityId, Role, RuleId};

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&Utc)
}

/// A device with case `ren-1` under construction, with hot work declared.
fn under_construction() -> Scenario {
    let mut device = Scenario::new("tablet-1");
    let desk = device.actor("王芳", Role::FrontDesk);
    let supervisor = device.actor("李工", Role::RenovationSupervisor);
    let mut run = |who: &estate_core::Actor, change: R, now: &str| {
        device
            .run(who, "ren-1", Change::Renovation(change), at(now))
            .unwrap_or_else(|v| panic!("{v:?}"));
    };
    run(
        &desk,
        R::Opened {
            unit: UnitRef::new("7", "1", "502"),
            resident: Resident {
                name: "何先生".into(),
                occupancy: Occupancy::Owner,
                phone: "1".into(),
            },
            commercial_unit: false,
            number: None,
        },
        "2026-03-02T09:00:00+08:00",
    );
    run(
        &desk,
        R::ChangesDeclared {
            changes: [DeclaredChange::HotWork].into_iter().collect(),
        },
        "2026-03-02T09:01:00+08:00",
    );
    run(
        &desk,
        R::ContractorSet {
            contractor: Contractor {
                name: "安居装饰".into(),
                phone: "1".into(),
            },
        },
        "2026-03-02T09:02:00+08:00",
    );
    for (document, _) in required_documents(
        &[DeclaredChange::HotWork].into_iter().collect(),
        false,
        &estate_core::Policy::default(),
    ) {
        run(
            &desk,
            R::DocumentReceived {
                document,
                evidence: Evidence {
                    attachments: vec![],
                    paper_copies: document.copies_needed(),
                    stamped: true,
                },
            },
            "2026-03-02T09:03:00+08:00",
        );
    }
    run(&desk, R::Submitted, "2026-03-02T09:10:00+08:00");
    run(
        &desk,
        R::fees_from_policy(&estate_core::Policy::default(), 2, 1),
        "2026-03-02T09:20:00+08:00",
    );
    run(
        &desk,
        R::PermitIssued {
            number: "SG-1".into(),
        },
        "2026-03-02T09:21:00+08:00",
    );
    run(
        &desk,
        R::PassesIssued {
            numbers: vec![1, 2],
        },
        "2026-03-02T09:22:00+08:00",
    );
    run(
        &desk,
        R::HotWorkPermitIssued {
            number: "DH-1".into(),
        },
        "2026-03-02T09:23:00+08:00",
    );
    run(&desk, R::AgreementSigned, "2026-03-02T09:24:00+08:00");
    let pass = || ReviewPoint {
        passed: true,
        remark: String::new(),
    };
    run(
        &supervisor,
        R::DrawingsReviewed {
            review: DrawingReview {
                structure: pass(),
                plumbing_and_gas: pass(),
                power_and_low_voltage: pass(),
                facade: pass(),
            },
        },
        "2026-03-03T10:00:00+08:00",
    );
    run(&desk, R::ConstructionStarted, "2026-03-03T11:00:00+08:00");
    device
}

fn findings(failed: &[(ChecklistItem, &str)]) -> Vec<Finding> {
    ChecklistItem::ALL
        .into_iter()
        .map(|item| match failed.iter().find(|(f, _)| *f == item) {
            Some((_, note)) => Finding {
                item,
                outcome: Outcome::Fail,
                note: (*note).into(),
            },
            None => Finding {
                item,
                outcome: Outcome::Pass,
                note: String::new(),
            },
        })
        .collect()
}

fn patrol(failed: &[(ChecklistItem, &str)]) -> PatrolRecord {
    PatrolRecord {
        case: EntityId("ren-1".into()),
        kind: PatrolKind::Scheduled,
        findings: findings(failed),
        workers_seen: 2,
        photos: vec!["ab".repeat(32)],
    }
}

fn rules(violations: &[Violation]) -> Vec<RuleId> {
    violations.iter().map(|v| v.rule).collect()
}

/// REN-32 + REN-33: a patrol records the checklist; an unposted permit opens a rectification
/// ticket with a deadline from policy; a later patrol verifies the fix and closes it.
#[test]
fn ren_33_violation_opens_a_rectification_ticket_closed_by_a_later_patrol() {
    let mut device = under_construction();
    let inspector = device.actor("赵巡", Role::Inspector);
    device
        .run(
            &inspector,
            "patrol-1",
            Change::Patrol(patrol(&[(
                ChecklistItem::PermitPosted,
                "门外未张贴施工许可证",
            )])),
            at("2026-03-05T10:00:00+08:00"),
        )
        .unwrap();
    assert_eq!(
        device.desk().patrols_of(&EntityId("ren-1".into())).count(),
        1
    );

    let openings = device
        .desk()
        .rectifications_for(&EntityId("patrol-1".into()));
    assert_eq!(openings.len(), 1);
    for (index, opening) in openings.into_iter().enumerate() {
        device
            .run(
                &inspector,
                &format!("rect-{index}"),
                Change::Rectification(opening),
                at("2026-03-05T10:01:00+08:00"),
            )
            .unwrap();
    }
    let ticket = &device.desk().rectifications[&EntityId("rect-0".into())];
    // Three working days from Thursday 5 March 2026: Fri 6, Mon 9, Tue 10.
    assert_eq!(ticket.due, Some(at("2026-03-10T23:59:59+08:00")));

    // Issue #22: the overdue rectification is on the 工作台 of those who answer for it, and
    // not on the front desk's.
    let later = at("2026-03-11T09:00:00+08:00");
    let overdue_for = |role| {
        estate_core::dashboard::agenda(device.desk(), later, role)
            .overdue
            .into_iter()
            .filter(|deadline| deadline.kind == estate_core::deadline::DeadlineKind::Rectification)
            .count()
    };
    assert_eq!(overdue_for(Role::Inspector), 1);
    assert_eq!(overdue_for(Role::RenovationSupervisor), 1);
    assert_eq!(overdue_for(Role::FrontDesk), 0);
    let head_of = |department| {
        estate_core::dashboard::department_agenda(
            device.desk(),
            later,
            Role::DepartmentHead,
            Some(department),
        )
        .overdue
        .len()
    };
    assert_eq!(head_of(estate_core::feedback::Department::Engineering), 1);
    assert_eq!(head_of(estate_core::feedback::Department::Security), 0);
    let tickets = open_tickets(device.desk(), at("2026-03-11T09:00:00+08:00"));
    let rectification = tickets
        .iter()
        .find(|t| t.kind == TicketKind::Rectification)
        .unwrap();
    assert_eq!(
        rectification.deadline.as_ref().map(|d| (d.rule, d.status)),
        Some((RuleId::Ren33, DeadlineStatus::Overdue))
    );
    assert_eq!(rectification.unit, Some(UnitRef::new("7", "1", "502")));

    device
        .run(
            &inspector,
            "rect-0",
            Change::Rectification(RectificationChange::Verified {
                fixed: false,
                note: "仍未张贴".into(),
            }),
            at("2026-03-09T10:00:00+08:00"),
        )
        .unwrap();
    device
        .run(
            &inspector,
            "rect-0",
            Change::Rectification(RectificationChange::Verified {
                fixed: true,
                note: "已张贴".into(),
            }),
            at("2026-03-10T10:00:00+08:00"),
        )
        .unwrap();
    let ticket = &device.desk().rectifications[&EntityId("rect-0".into())];
    assert_eq!(
        (ticket.status, ticket.failed_checks),
        (RectificationStatus::Closed, 1)
    );
    assert!(open_tickets(device.desk(), at("2026-03-11T09:00:00+08:00"))
        .iter()
        .all(|t| t.kind != TicketKind::Rectification));
}

/// REN-33: every checklist item is judged, a failed one says what was wrong, and only an
/// inspector or the supervisor patrols a case under construction.
#[test]
fn ren_33_patrol_record_is_complete_and_by_an_inspector() {
    let mut device = under_construction();
    let desk = device.actor("王芳", Role::FrontDesk);
    let inspector = device.actor("赵巡", Role::Inspector);
    let mut incomplete = patrol(&[(ChecklistItem::WorkingHours, "")]);
    incomplete
        .findings
        .retain(|finding| finding.item != ChecklistItem::WasteAndCleanliness);
    let violations = device
        .run(
            &desk,
            "patrol-1",
            Change::Patrol(incomplete),
            at("2026-03-05T10:00:00+08:00"),
        )
        .unwrap_err();
    assert_eq!(rules(&violations), vec![RuleId::Ren33; 3], "{violations:?}");

    let not_started = Scenario::new("x").desk().check(
        &EntityId("p".into()),
        &Change::Patrol(patrol(&[])),
        &inspector,
        at("2026-03-05T10:00:00+08:00"),
    );
    assert_eq!(rules(&not_started), vec![RuleId::Ren33]);
}

/// REN-32: with hot work declared, the hot-work permit cannot be marked not applicable.
#[test]
fn ren_32_hot_work_permit_is_checked_when_hot_work_is_declared() {
    let mut device = under_construction();
    let inspector = device.actor("赵巡", Role::Inspector);
    let mut record = patrol(&[]);
    for finding in &mut record.findings {
        if finding.item == ChecklistItem::HotWorkPermitPresent {
            finding.outcome = Outcome::NotApplicable;
        }
    }
    let violations = device
        .run(
            &inspector,
            "patrol-1",
            Change::Patrol(record),
            at("2026-03-05T10:00:00+08:00"),
        )
        .unwrap_err();
    assert_eq!(rules(&violations), vec![RuleId::Ren32]);
}

/// REN-34: a pass reported lost on patrol is recorded against the case.
#[test]
fn ren_34_pass_lost_on_patrol_is_recorded_against_the_case() {
    let mut device = under_construction();
    let inspector = device.actor("赵巡", Role::Inspector);
    let policy = device.desk().policies.latest().clone();
    device
        .run(
            &inspector,
            "ren-1",
            Change::Renovation(R::pass_lost(&policy, 2)),
            at("2026-03-05T10:00:00+08:00"),
        )
        .unwrap();
    let case = &device.desk().renovations[&EntityId("ren-1".into())];
    assert_eq!(case.passes[&2], estate_core::renovation::PassState::Lost);
}

/// tickets of every kind in one list, overdue first.
#[test]
fn x_3_tickets_list_overdue_first_and_say_what_is_wrong() {
    let mut device = under_construction();
    let inspector = device.actor("赵巡", Role::Inspector);
    device
        .run(
            &inspector,
            "patrol-1",
            Change::Patrol(patrol(&[(
                ChecklistItem::WasteAndCleanliness,
                "楼道堆放垃圾",
            )])),
            at("2026-03-05T10:00:00+08:00"),
        )
        .unwrap();
    for opening in device
        .desk()
        .rectifications_for(&EntityId("patrol-1".into()))
    {
        device
            .run(
                &inspector,
                "rect-1",
                Change::Rectification(opening),
                at("2026-03-05T10:01:00+08:00"),
            )
            .unwrap();
    }
    let desk = device.actor("王芳", Role::FrontDesk);
    device
        .run(
            &desk,
            "fb-1",
            Change::Feedback(estate_core::feedback::FeedbackChange::Received {
                kind: estate_core::feedback::FeedbackKind::Complaint,
                channel: estate_core::feedback::Channel::Patrol,
                resident: Resident {
                    name: "邻居".into(),
                    occupancy: Occupancy::Owner,
                    phone: "1".into(),
                },
                unit: UnitRef::new("7", "1", "402"),
                what: "噪音".into(),
                happened_at: None,
                acknowledged: true,
                number: None,
            }),
            at("2026-03-05T11:00:00+08:00"),
        )
        .unwrap();
    device
        .run(
            &desk,
            "fb-1",
            Change::Feedback(estate_core::feedback::FeedbackChange::SolvedOnSpot {
                note: "已提醒施工队".into(),
            }),
            at("2026-03-05T11:05:00+08:00"),
        )
        .unwrap();
    let tickets = open_tickets(device.desk(), at("2026-03-11T09:00:00+08:00"));
    let kinds: Vec<_> = tickets.iter().map(|t| t.kind).collect();
    assert_eq!(
        kinds,
        vec![TicketKind::Rectification, TicketKind::FollowUpVisit]
    );
    // Issue #22: each row says what is wrong, in the words recorded.
    assert_eq!(
        (tickets[0].item, tickets[0].what.as_str()),
        (Some(ChecklistItem::WasteAndCleanliness), "楼道堆放垃圾")
    );
    assert_eq!(tickets[1].what, "噪音");
}
