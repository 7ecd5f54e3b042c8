//! The monthly forms: REN-21, FB-11 and FB-12, on a small known data set.

use chrono::{DateTime, Utc};
use estate_core::feedback::{
    Channel, ComplaintClass, Department, FeedbackChange as F, FeedbackKind,
};
use estate_core::party::{Contractor, Occupancy, Resident, UnitRef};
use estate_core::renovation::{
    required_documents, DrawingReview, Evidence, RenovationChange as R, ReviewPoint,
};
use estate_core::report::{
    complaint_month, renovation_month, suggestion_month, suggestion_year, Month,
};
use estate_core::scenario::Scenario;
use estate_core::{Actor, Change, Money, Role};

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&Utc)
}

fn run(device: &mut Scenario, who: &Actor, entity: &str, change: Change, now: &str) {
    device
        .run(who, entity, change, at(now))
        .unwrap_or_else(|v| panic!("{entity}: {v:?}"));
}

fn review(approve: bool) -> DrawingReview {
    let point = |passed: bool| ReviewPoint {
        passed,
        remark: if passed {
            String::new()
        } else {
            "承重墙".into()
        },
    };
    DrawingReview {
        structure: point(approve),
        plumbing_and_gas: point(true),
        power_and_low_voltage: point(true),
        facade: point(true),
    }
}

fn submitted_case(device: &mut Scenario, desk: &Actor, id: &str, room: &str, day: &str) {
    let ren = |change| Change::Renovation(change);
    run(
        device,
        desk,
        id,
        ren(R::Opened {
            unit: UnitRef::new("1", "1", room),
            resident: Resident {
                name: "业主".into(),
                occupancy: Occupancy::Owner,
                phone: "1".into(),
            },
            commercial_unit: false,
            number: None,
        }),
        day,
    );
    run(
        device,
        desk,
        id,
        ren(R::ContractorSet {
            contractor: Contractor {
                name: "施工队".into(),
                phone: "1".into(),
            },
        }),
        day,
    );
    for (document, _) in
        required_documents(&Default::default(), false, &estate_core::Policy::default())
    {
        run(
            device,
            desk,
            id,
            ren(R::DocumentReceived {
                document,
                evidence: Evidence {
                    attachments: vec![],
                    paper_copies: document.copies_needed(),
                    stamped: true,
                },
            }),
            day,
        );
    }
    run(device, desk, id, ren(R::Submitted), day);
}

/// REN-21: the September and October 2025 renovation statistics.
#[test]
fn ren_21_monthly_renovation_statistics() {
    let mut device = Scenario::new("desk-pc");
    let desk = device.actor("王芳", Role::FrontDesk);
    let supervisor = device.actor("李工", Role::RenovationSupervisor);
    let ren = Change::Renovation;
    submitted_case(
        &mut device,
        &desk,
        "ren-a",
        "101",
        "2025-09-10T09:00:00+08:00",
    );
    submitted_case(
        &mut device,
        &desk,
        "ren-b",
        "102",
        "2025-09-11T09:00:00+08:00",
    );
    run(
        &mut device,
        &desk,
        "ren-a",
        ren(R::fees_from_policy(&estate_core::Policy::default(), 3, 1)),
        "2025-09-12T09:00:00+08:00",
    );
    run(
        &mut device,
        &supervisor,
        "ren-a",
        ren(R::DrawingsReviewed {
            review: review(true),
        }),
        "2025-09-15T09:00:00+08:00",
    );
    run(
        &mut device,
        &supervisor,
        "ren-b",
        ren(R::DrawingsReviewed {
            review: review(false),
        }),
        "2025-09-15T10:00:00+08:00",
    );
    for change in [
        R::PermitIssued {
            number: "SG-1".into(),
        },
        R::PassesIssued {
            numbers: vec![1, 2, 3],
        },
        R::AgreementSigned,
    ] {
        run(
            &mut device,
            &desk,
            "ren-a",
            ren(change),
            "2025-09-16T09:00:00+08:00",
        );
    }
    // Construction starts on the last evening of September, office time (UTC is still the 30th).
    run(
        &mut device,
        &desk,
        "ren-a",
        ren(R::ConstructionStarted),
        "2025-09-30T20:00:00+08:00",
    );
    run(
        &mut device,
        &desk,
        "ren-a",
        ren(R::pass_lost(&estate_core::Policy::default(), 2)),
        "2025-10-13T09:00:00+08:00",
    );

    let september = renovation_month(device.log(), device.desk(), Month::new(2025, 9));
    assert_eq!(
        (
            september.applications,
            september.approvals,
            september.rejections
        ),
        (2, 1, 1)
    );
    assert_eq!(september.under_construction, 1);
    // FEE-2 300 + FEE-3 3×5 + FEE-5 20 are fees; FEE-1 2×1000 + FEE-4 3×20 are deposits.
    assert_eq!(september.fees_collected, Money::yuan(335));
    assert_eq!(september.deposits_collected, Money::yuan(2060));
    assert_eq!(september.deductions, Money::ZERO);

    let october = renovation_month(device.log(), device.desk(), Month::new(2025, 10));
    assert_eq!((october.applications, october.under_construction), (0, 1));
    assert_eq!(october.deductions, Money::yuan(100));
    assert_eq!(Month::new(2025, 10).previous(), Month::new(2025, 9));
    assert_eq!(Month::new(2025, 1).previous(), Month::new(2024, 12));
}

fn received(kind: FeedbackKind, room: &str) -> Change {
    Change::Feedback(F::Received {
        kind,
        channel: Channel::Visit,
        resident: Resident {
            name: "住户".into(),
            occupancy: Occupancy::Tenant,
            phone: "1".into(),
        },
        unit: UnitRef::new("2", "1", room),
        what: "反映问题".into(),
        happened_at: None,
        acknowledged: true,
        number: None,
    })
}

/// FB-11: complaints by class and cause, answered on time or late, follow-up satisfaction and
/// the measures taken.
#[test]
fn fb_11_monthly_complaint_summary() {
    let mut device = Scenario::new("desk-pc");
    let desk = device.actor("王芳", Role::FrontDesk);
    let manager = device.actor("周经理", Role::CsManager);
    let head = device.actor("孙工", Role::DepartmentHead);
    let fb = Change::Feedback;
    run(
        &mut device,
        &desk,
        "c1",
        received(FeedbackKind::Complaint, "301"),
        "2025-06-02T09:00:00+08:00",
    );
    run(
        &mut device,
        &desk,
        "c1",
        fb(F::Verified {
            course_of_events: "核实属实".into(),
        }),
        "2025-06-02T10:00:00+08:00",
    );
    run(
        &mut device,
        &manager,
        "c1",
        fb(F::Classified {
            class: ComplaintClass::Service,
            cause: "服务态度".into(),
        }),
        "2025-06-02T10:00:00+08:00",
    );
    run(
        &mut device,
        &desk,
        "c1",
        fb(F::ReplyGiven {
            explanation: "已道歉".into(),
        }),
        "2025-06-02T12:00:00+08:00",
    );
    run(
        &mut device,
        &desk,
        "c2",
        received(FeedbackKind::Complaint, "302"),
        "2025-06-03T09:00:00+08:00",
    );
    run(
        &mut device,
        &desk,
        "c2",
        fb(F::Verified {
            course_of_events: "核实属实".into(),
        }),
        "2025-06-03T10:00:00+08:00",
    );
    run(
        &mut device,
        &manager,
        "c2",
        fb(F::Classified {
            class: ComplaintClass::BuildingQuality,
            cause: "渗漏".into(),
        }),
        "2025-06-03T10:00:00+08:00",
    );
    run(
        &mut device,
        &manager,
        "c2",
        fb(F::Forwarded {
            department: Department::Engineering,
            content: "渗漏".into(),
            demand: "维修".into(),
        }),
        "2025-06-03T10:30:00+08:00",
    );
    run(
        &mut device,
        &head,
        "c2",
        fb(F::DepartmentAccepted {
            method: "重做防水".into(),
            complete_by: at("2025-06-10T18:00:00+08:00"),
            signed_by: "孙工".into(),
        }),
        "2025-06-03T11:00:00+08:00",
    );
    run(
        &mut device,
        &desk,
        "c2",
        fb(F::ReplyGiven {
            explanation: "工程部处理中".into(),
        }),
        "2025-06-05T09:00:00+08:00",
    );
    run(
        &mut device,
        &head,
        "c2",
        fb(F::Handled {
            result: "完成".into(),
        }),
        "2025-06-06T09:00:00+08:00",
    );
    run(
        &mut device,
        &desk,
        "c2",
        fb(F::FollowUpVisited {
            satisfied: false,
            opinion: "仍有水渍".into(),
        }),
        "2025-06-08T09:00:00+08:00",
    );
    run(
        &mut device,
        &desk,
        "c3",
        received(FeedbackKind::Complaint, "303"),
        "2025-06-30T23:00:00+08:00",
    );
    run(
        &mut device,
        &desk,
        "c4",
        received(FeedbackKind::Complaint, "304"),
        "2025-07-01T08:00:00+08:00",
    );
    run(
        &mut device,
        &desk,
        "s1",
        received(FeedbackKind::Suggestion, "305"),
        "2025-06-04T08:00:00+08:00",
    );

    let june = complaint_month(device.desk(), Month::new(2025, 6));
    assert_eq!(june.received, 3);
    assert_eq!(june.by_class.get(&ComplaintClass::Service), Some(&1));
    assert_eq!(
        june.by_class.get(&ComplaintClass::BuildingQuality),
        Some(&1)
    );
    assert_eq!(june.unclassified, 1);
    assert_eq!(june.by_cause.get("渗漏"), Some(&1));
    assert_eq!(
        (june.answered_on_time, june.answered_late, june.unanswered),
        (1, 1, 1)
    );
    assert_eq!(
        (june.follow_up_satisfied, june.follow_up_unsatisfied),
        (0, 1)
    );
    assert_eq!(june.measures, vec!["重做防水".to_string()]);
    assert_eq!(
        complaint_month(device.desk(), Month::new(2025, 7)).received,
        1
    );
}

/// FB-12 (and FB-04): suggestions adopted or not, the owner informed; the year-end summary.
#[test]
fn fb_12_monthly_suggestion_table_and_year_end_summary() {
    let mut device = Scenario::new("desk-pc");
    let desk = device.actor("王芳", Role::FrontDesk);
    let fb = Change::Feedback;
    run(
        &mut device,
        &desk,
        "s1",
        received(FeedbackKind::Suggestion, "401"),
        "2025-06-02T09:00:00+08:00",
    );
    run(
        &mut device,
        &desk,
        "s1",
        fb(F::HandedOver {
            to: "行政部主管".into(),
        }),
        "2025-06-02T17:00:00+08:00",
    );
    run(
        &mut device,
        &desk,
        "s1",
        fb(F::SuggestionDecided {
            adopted: true,
            owner_informed: true,
            explanation: String::new(),
        }),
        "2025-06-02T17:00:00+08:00",
    );
    run(
        &mut device,
        &desk,
        "s2",
        received(FeedbackKind::Suggestion, "402"),
        "2025-06-09T09:00:00+08:00",
    );
    run(
        &mut device,
        &desk,
        "s2",
        fb(F::HandedOver {
            to: "行政部主管".into(),
        }),
        "2025-06-09T17:00:00+08:00",
    );
    run(
        &mut device,
        &desk,
        "s2",
        fb(F::SuggestionDecided {
            adopted: false,
            owner_informed: true,
            explanation: "预算不足".into(),
        }),
        "2025-06-09T17:00:00+08:00",
    );
    run(
        &mut device,
        &desk,
        "s3",
        received(FeedbackKind::Suggestion, "403"),
        "2025-11-09T09:00:00+08:00",
    );

    let june = suggestion_month(device.desk(), Month::new(2025, 6));
    assert_eq!(
        (
            june.received,
            june.adopted,
            june.not_adopted,
            june.undecided,
            june.owner_informed
        ),
        (2, 1, 1, 0, 2)
    );
    let (months, total) = suggestion_year(device.desk(), 2025);
    assert_eq!(months.len(), 12);
    assert_eq!(months[10].received, 1);
    assert_eq!((total.received, total.adopted, total.undecided), (3, 1, 1));
}

/// FB-01, REN-10: the day's 来访接待记录表 lists who came to the desk that office day, in the
/// order they came, with the case number and who received them; a phone call is not a visit.
#[test]
fn fb_01_the_visitor_log_lists_the_days_walk_ins() {
    use estate_core::feedback::Channel;
    use estate_core::report::{visitor_log, Purpose};
    let mut device = Scenario::new("desk-pc");
    let desk = device.actor("王芳", Role::FrontDesk);
    submitted_case(
        &mut device,
        &desk,
        "ren-a",
        "101",
        "2025-09-10T09:00:00+08:00",
    );
    run(
        &mut device,
        &desk,
        "v1",
        received(FeedbackKind::Complaint, "301"),
        "2025-09-10T10:00:00+08:00",
    );
    let mut phoned = received(FeedbackKind::Suggestion, "302");
    if let Change::Feedback(F::Received { channel, .. }) = &mut phoned {
        *channel = Channel::Phone;
    }
    run(
        &mut device,
        &desk,
        "p1",
        phoned,
        "2025-09-10T11:00:00+08:00",
    );
    // Late in the evening is still the 10th; 08:00 the next morning (00:00 UTC) is not.
    run(
        &mut device,
        &desk,
        "v2",
        received(FeedbackKind::Suggestion, "303"),
        "2025-09-10T23:30:00+08:00",
    );
    run(
        &mut device,
        &desk,
        "v3",
        received(FeedbackKind::Complaint, "304"),
        "2025-09-11T08:00:00+08:00",
    );
    let day = chrono::NaiveDate::from_ymd_opt(2025, 9, 10).unwrap();
    let visits = visitor_log(device.log(), device.desk(), day);
    let seen: Vec<(&str, &Purpose, &str)> = visits
        .iter()
        .map(|visit| {
            (
                visit.unit.as_str(),
                &visit.purpose,
                visit.received_by.as_str(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        vec![
            ("1-1-101", &Purpose::RenovationApplication, "王芳"),
            ("2-1-301", &Purpose::Complaint("反映问题".into()), "王芳"),
            ("2-1-303", &Purpose::Suggestion("反映问题".into()), "王芳"),
        ]
    );
    assert!(visits[0].number.starts_with("ZX2025-"));
    assert!(visits[1].number.starts_with("TS2025-"));
    assert!(visits[2].number.starts_with("JY2025-"));
}

/// REN-21, FEE-6: extras and amounts owed count as collected; a voided receipt is taken back
/// in the month it is voided.
#[test]
fn ren_21_extras_count_and_a_voided_receipt_is_taken_back() {
    use estate_core::ledger::PaymentMethod;
    let mut device = Scenario::new("desk-pc");
    let desk = device.actor("王芳", Role::FrontDesk);
    let supervisor = device.actor("李工", Role::RenovationSupervisor);
    let policy = estate_core::Policy::default();
    submitted_case(
        &mut device,
        &desk,
        "ren-a",
        "101",
        "2025-09-10T09:00:00+08:00",
    );
    run(
        &mut device,
        &desk,
        "ren-a",
        Change::Renovation(R::fees_from_policy(&policy, 1, 1)),
        "2025-09-10T09:30:00+08:00",
    );
    run(
        &mut device,
        &supervisor,
        "ren-a",
        Change::Renovation(R::DrawingsReviewed {
            review: review(true),
        }),
        "2025-09-11T09:00:00+08:00",
    );
    run(
        &mut device,
        &desk,
        "ren-a",
        Change::Renovation(R::extras_from_policy(&policy, 2, 0, PaymentMethod::Cash)),
        "2025-09-12T09:00:00+08:00",
    );
    let extras = device.desk().renovations[&estate_core::EntityId("ren-a".into())]
        .receipts
        .last()
        .unwrap()
        .number
        .clone();
    let september = renovation_month(device.log(), device.desk(), Month::new(2025, 9));
    // FEE-2 300 + FEE-3 5 + FEE-5 20, then FEE-3 2 × 5 in extras.
    assert_eq!(september.fees_collected, Money::yuan(335));
    assert_eq!(september.deposits_collected, Money::yuan(2060));
    run(
        &mut device,
        &desk,
        "ren-a",
        Change::Renovation(R::ReceiptVoided {
            receipt: extras,
            reason: "重复收费".into(),
        }),
        "2025-10-08T09:00:00+08:00",
    );
    let october = renovation_month(device.log(), device.desk(), Month::new(2025, 10));
    assert_eq!(october.fees_collected, Money::yuan(-10));
    assert_eq!(october.deposits_collected, Money::yuan(-40));
}
