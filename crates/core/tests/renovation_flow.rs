//! The renovation case as the manual describes it (REN-10..41, FEE-1..7), driven through the
//! desk exactly as the app drives it.

use chrono::{DateTime, Utc};
use estate_core::deadline::{DeadlineKind, DeadlineStatus};
use estate_core::ledger::{EntryKind, Payer, PaymentMethod};
use estate_core::party::{Contractor, Occupancy, Resident, UnitRef};
use estate_core::policy::{FeeCollectionOrder, FireApprovalScope, PolicyChange};
use estate_core::renovation::{
    DeclaredChange, Document, DrawingReview, Evidence, RenovationChange as R, RenovationStatus,
    ReviewPoint, ReviewPointKind,
};
use estate_core::scenario::Scenario;
use estate_core::step::Step;
use estate_core::violation::{Problem, Reason, Violation};
use estate_core::{Actor, Change, EntityId, EventId, Money, Role, RuleId};

const CASE: &str = "ren-1";

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&Utc)
}

struct Office {
    device: Scenario,
    desk: Actor,
    supervisor: Actor,
    inspector: Actor,
}

impl Office {
    fn new() -> Office {
        let device = Scenario::new("desk-pc");
        let desk = device.actor("王芳", Role::FrontDesk);
        let supervisor = device.actor("李工", Role::RenovationSupervisor);
        let inspector = device.actor("赵巡", Role::Inspector);
        Office {
            device,
            desk,
            supervisor,
            inspector,
        }
    }

    fn run(&mut self, who: &Actor, change: R, now: &str) -> Result<(), Vec<Violation>> {
        let who = who.clone();
        self.device
            .run(&who, CASE, Change::Renovation(change), at(now))
            .map(|_| ())
    }

    fn ok(&mut self, who: &Actor, change: R, now: &str) {
        let who = who.clone();
        if let Err(violations) = self.run(&who, change.clone(), now) {
            panic!("{change:?} refused: {violations:?}");
        }
    }

    fn refused(&mut self, who: &Actor, change: R, now: &str) -> Vec<Violation> {
        let who = who.clone();
        self.run(&who, change, now)
            .expect_err("the step should be refused")
    }

    fn case(&self) -> &estate_core::renovation::RenovationCase {
        &self.device.desk().renovations[&EntityId(CASE.into())]
    }

    fn open(&mut self, changes: &[DeclaredChange]) {
        let desk = self.desk.clone();
        self.ok(
            &desk,
            R::Opened {
                unit: UnitRef::new("3", "2", "1201"),
                resident: Resident {
                    name: "陈先生".into(),
                    occupancy: Occupancy::Owner,
                    phone: "13800000000".into(),
                },
                commercial_unit: false,
                number: None,
            },
            "2025-09-22T09:00:00+08:00",
        );
        self.ok(
            &desk,
            R::ChangesDeclared {
                changes: changes.iter().copied().collect(),
            },
            "2025-09-22T09:01:00+08:00",
        );
    }

    fn receive(&mut self, document: Document, copies: u32, stamped: bool) {
        let desk = self.desk.clone();
        self.ok(
            &desk,
            R::DocumentReceived {
                document,
                evidence: Evidence {
                    attachments: Vec::new(),
                    paper_copies: copies,
                    stamped,
                },
            },
            "2025-09-22T09:05:00+08:00",
        );
    }

    /// Everything REN-10..15 asks of a case with `changes`, on a residential unit.
    fn complete_file(&mut self) {
        let desk = self.desk.clone();
        self.ok(
            &desk,
            R::ContractorSet {
                contractor: Contractor {
                    name: "安居装饰".into(),
                    phone: "021-1234".into(),
                },
            },
            "2025-09-22T09:02:00+08:00",
        );
        let declared = self.case().declared.clone();
        let policy = self.device.desk().policies.latest().clone();
        for (document, _) in estate_core::renovation::required_documents(&declared, false, &policy)
        {
            self.receive(
                document,
                document.copies_needed(),
                document.needs_company_stamp(),
            );
        }
    }

    fn submit_complete(&mut self, now: &str) {
        self.complete_file();
        let desk = self.desk.clone();
        self.ok(&desk, R::Submitted, now);
    }

    fn front_desk_steps(&mut self, hot_work: bool) {
        let desk = self.desk.clone();
        let fees = R::fees_from_policy(self.device.desk().policies.latest(), 3, 1);
        self.ok(&desk, fees, "2025-09-26T16:30:00+08:00");
        self.ok(
            &desk,
            R::PermitIssued {
                number: "SG-2025-0107".into(),
            },
            "2025-09-26T16:31:00+08:00",
        );
        self.ok(
            &desk,
            R::PassesIssued {
                numbers: vec![1, 2, 3],
            },
            "2025-09-26T16:32:00+08:00",
        );
        if hot_work {
            self.ok(
                &desk,
                R::HotWorkPermitIssued {
                    number: "DH-0031".into(),
                },
                "2025-09-26T16:33:00+08:00",
            );
        }
        self.ok(&desk, R::AgreementSigned, "2025-09-26T16:34:00+08:00");
    }

    /// A plain case through intake, review and the start of construction (September 2025).
    fn under_construction(&mut self) {
        let desk = self.desk.clone();
        self.open(&[]);
        self.submit_complete("2025-09-26T16:00:00+08:00");
        self.front_desk_steps(false);
        self.approve("2025-09-29T10:00:00+08:00");
        self.ok(&desk, R::ConstructionStarted, "2025-09-29T11:00:00+08:00");
    }

    /// The acceptance asked for on 20 November 2025 and passed on the 21st.
    fn accepted(&mut self) {
        let (desk, supervisor) = (self.desk.clone(), self.supervisor.clone());
        self.ok(&desk, R::AcceptanceRequested, "2025-11-20T10:00:00+08:00");
        self.ok(
            &supervisor,
            R::AcceptanceRecorded {
                passed: true,
                defects: vec![],
            },
            "2025-11-21T10:00:00+08:00",
        );
    }

    fn approve(&mut self, now: &str) {
        let supervisor = self.supervisor.clone();
        self.ok(
            &supervisor,
            R::DrawingsReviewed {
                review: passing_review(),
            },
            now,
        );
    }
}

fn passing_review() -> DrawingReview {
    let pass = || ReviewPoint {
        passed: true,
        remark: String::new(),
    };
    DrawingReview {
        structure: pass(),
        plumbing_and_gas: pass(),
        power_and_low_voltage: pass(),
        facade: pass(),
    }
}

fn rules(violations: &[Violation]) -> Vec<RuleId> {
    violations.iter().map(|violation| violation.rule).collect()
}

fn missing_items(violations: &[Violation]) -> Vec<String> {
    violations
        .iter()
        .filter_map(|violation| match &violation.problem {
            Problem::Missing { item } => Some(item.to_string()),
            _ => None,
        })
        .collect()
}

/// The whole case, from application to closing, on the Friday before National Day 2025.
#[test]
fn ren_walk_through_application_to_refund_with_the_national_day_calendar() {
    let mut office = Office::new();
    let (desk, supervisor, inspector) = (
        office.desk.clone(),
        office.supervisor.clone(),
        office.inspector.clone(),
    );
    office.open(&[DeclaredChange::Wiring, DeclaredChange::HotWork]);
    office.submit_complete("2025-09-26T16:00:00+08:00");
    assert_eq!(office.case().status, RenovationStatus::Submitted);

    // REN-30 + REN-31: due at the end of Friday 10 October, through the 调休 Sunday.
    let deadlines = office
        .device
        .desk()
        .deadlines(at("2025-09-29T09:00:00+08:00"));
    assert_eq!(deadlines.len(), 1);
    assert_eq!(
        (deadlines[0].kind, deadlines[0].rule),
        (DeadlineKind::DrawingReview, RuleId::Ren30)
    );
    assert_eq!(deadlines[0].due, at("2025-10-10T23:59:59+08:00"));
    assert_eq!(deadlines[0].status, DeadlineStatus::OnTime);

    office.front_desk_steps(true);
    office.approve("2025-10-09T10:00:00+08:00");
    office.ok(&desk, R::ConstructionStarted, "2025-10-09T11:00:00+08:00");

    // REN-34 / FEE-3: pass 2 lost on patrol; passes 1 and 3 come back at the end.
    office.ok(
        &inspector,
        R::pass_lost(&office.device.desk().policies.latest().clone(), 2),
        "2025-10-20T10:00:00+08:00",
    );
    office.ok(&desk, R::AcceptanceRequested, "2025-11-20T10:00:00+08:00");
    // REN-40: a failed acceptance lists defects and goes back to construction.
    office.ok(
        &supervisor,
        R::AcceptanceRecorded {
            passed: false,
            defects: vec!["卫生间闭水试验渗漏".into()],
        },
        "2025-11-21T10:00:00+08:00",
    );
    assert_eq!(office.case().status, RenovationStatus::UnderConstruction);
    assert_eq!(office.case().open_defects.len(), 1);
    office.ok(&desk, R::AcceptanceRequested, "2025-11-24T10:00:00+08:00");
    office.ok(
        &supervisor,
        R::AcceptanceRecorded {
            passed: true,
            defects: vec![],
        },
        "2025-11-25T10:00:00+08:00",
    );
    office.ok(
        &desk,
        R::PassReturned { number: 1 },
        "2025-11-25T11:00:00+08:00",
    );
    office.ok(
        &desk,
        R::PassReturned { number: 3 },
        "2025-11-25T11:01:00+08:00",
    );

    // REN-41: the target (3 working days) and the hard limit (7) are both shown.
    let deadlines = office
        .device
        .desk()
        .deadlines(at("2025-11-26T09:00:00+08:00"));
    let kinds: Vec<_> = deadlines.iter().map(|d| (d.kind, d.rule, d.due)).collect();
    assert_eq!(
        kinds,
        vec![
            (
                DeadlineKind::RefundTarget,
                RuleId::Ren41,
                at("2025-11-28T23:59:59+08:00")
            ),
            (
                DeadlineKind::RefundLimit,
                RuleId::Ren41,
                at("2025-12-04T23:59:59+08:00")
            ),
        ]
    );

    // FEE-1/3/4: contractor gets 1000 - 100 (lost card) + 2 × 20 (returned cards).
    let contractor = office.case().balance(Payer::Contractor);
    assert_eq!(contractor.refundable, Money::yuan(940));
    // FEE-2 and FEE-5 costs are not refunded: the owner gets the deposit only.
    assert_eq!(
        office.case().balance(Payer::Owner).refundable,
        Money::yuan(1000)
    );

    // FEE-7: more than is refundable is refused.
    let refused = office.refused(
        &desk,
        R::RefundPaid {
            payer: Payer::Contractor,
            amount: Money::yuan(941),
            method: Some(PaymentMethod::Cash),
            slip: None,
        },
        "2025-11-27T10:00:00+08:00",
    );
    assert_eq!(rules(&refused), vec![RuleId::Fee7]);
    office.ok(
        &desk,
        R::RefundPaid {
            payer: Payer::Contractor,
            amount: Money::yuan(940),
            method: Some(PaymentMethod::Cash),
            slip: None,
        },
        "2025-11-27T10:00:00+08:00",
    );
    office.ok(
        &desk,
        R::RefundPaid {
            payer: Payer::Owner,
            amount: Money::yuan(1000),
            method: Some(PaymentMethod::Cash),
            slip: None,
        },
        "2025-11-27T10:05:00+08:00",
    );
    assert_eq!(office.case().status, RenovationStatus::Refunded);
    assert!(office
        .device
        .desk()
        .deadlines(at("2025-11-27T11:00:00+08:00"))
        .is_empty());
    office.ok(
        &desk,
        R::ClosedBecause {
            reason: "押金已退清".into(),
        },
        "2025-11-27T11:00:00+08:00",
    );
    assert_eq!(office.case().status, RenovationStatus::Closed);

    // every step is in the log with its actor, role and device.
    assert!(office
        .device
        .log()
        .iter()
        .all(|event| !event.actor.name.is_empty() && event.actor.device.0 == "desk-pc"));
    assert!(office
        .device
        .log()
        .iter()
        .any(|event| event.actor.role == Role::Inspector));
}

/// REN-16: submission is refused with every missing item at once, each naming its rule.
#[test]
fn ren_16_submit_is_refused_with_every_missing_item() {
    let mut office = Office::new();
    let desk = office.desk.clone();
    office.open(&[
        DeclaredChange::Wiring,
        DeclaredChange::Plumbing,
        DeclaredChange::GasPipes,
        DeclaredChange::Emissions,
        DeclaredChange::GasUseNeedingApproval,
    ]);
    let violations = office.refused(&desk, R::Submitted, "2025-09-22T10:00:00+08:00");
    let items = missing_items(&violations);
    for expected in [
        "contractor",
        "resident_photos (0 of 3)",
        "id_copy",
        "resident_form",
        "application_form",
        "floor_plan",
        "elevation_plan",
        "electrical_plan",
        "system_diagram",
        "plumbing_plan",
        "gas_pipe_plan",
        "contractor_licence",
        "contractor_qualification",
        "fire_approval",
        "fire_plan",
        "environmental_approval",
        "gas_use_approval",
    ] {
        assert!(
            items.iter().any(|item| item == expected),
            "{expected} not reported in {items:?}"
        );
    }
    assert_eq!(items.len(), 17);
    assert_eq!(
        office.case().status,
        RenovationStatus::Draft,
        "nothing was submitted"
    );
}

/// REN-10: three photos, the ID copy and the resident form; two photos are not enough.
#[test]
fn ren_10_resident_file_needs_three_photos_id_copy_and_form() {
    let mut short = Office::new();
    short.open(&[]);
    let desk = short.desk.clone();
    short.ok(
        &desk,
        R::ContractorSet {
            contractor: Contractor {
                name: "A".into(),
                phone: "1".into(),
            },
        },
        "2025-09-22T09:02:00+08:00",
    );
    for document in [
        Document::ApplicationForm,
        Document::FloorPlan,
        Document::ElevationPlan,
        Document::FireApproval,
        Document::FirePlan,
    ] {
        short.receive(document, 1, false);
    }
    short.receive(Document::ContractorLicence, 1, true);
    short.receive(Document::ContractorQualification, 1, true);
    short.receive(Document::ResidentPhotos, 2, false);
    let violations = short.refused(&desk, R::Submitted, "2025-09-22T10:00:00+08:00");
    assert_eq!(
        rules(&violations),
        vec![RuleId::Ren10, RuleId::Ren10, RuleId::Ren10]
    );
    assert_eq!(
        missing_items(&violations),
        vec!["resident_photos (2 of 3)", "id_copy", "resident_form"]
    );
    short.receive(Document::ResidentPhotos, 1, false);
    short.receive(Document::IdCopy, 1, false);
    short.receive(Document::ResidentForm, 1, false);
    short.ok(&desk, R::Submitted, "2025-09-22T10:01:00+08:00");
}

/// REN-11: the required drawings follow from the declared changes.
#[test]
fn ren_11_required_drawings_follow_the_declared_changes() {
    use estate_core::renovation::required_documents;
    let policy = estate_core::Policy::default();
    let docs = |changes: &[DeclaredChange]| -> Vec<Document> {
        required_documents(&changes.iter().copied().collect(), false, &policy)
            .into_iter()
            .map(|(d, _)| d)
            .collect()
    };
    let plain = docs(&[]);
    assert!(plain.contains(&Document::FloorPlan) && plain.contains(&Document::ElevationPlan));
    assert!(
        !plain.contains(&Document::ElectricalPlan)
            && !plain.contains(&Document::PlumbingPlan)
            && !plain.contains(&Document::GasPipePlan)
    );
    let wiring = docs(&[DeclaredChange::Wiring]);
    assert!(
        wiring.contains(&Document::ElectricalPlan) && wiring.contains(&Document::SystemDiagram)
    );
    assert!(docs(&[DeclaredChange::Plumbing]).contains(&Document::PlumbingPlan));
    assert!(docs(&[DeclaredChange::GasPipes]).contains(&Document::GasPipePlan));
}

/// REN-12: the contractor's licence and qualification count only when stamped.
#[test]
fn ren_12_contractor_papers_must_bear_the_company_stamp() {
    let mut office = Office::new();
    let desk = office.desk.clone();
    office.open(&[]);
    office.complete_file();
    let mut unstamped = Office::new();
    unstamped.open(&[]);
    let desk2 = unstamped.desk.clone();
    unstamped.ok(
        &desk2,
        R::ContractorSet {
            contractor: Contractor {
                name: "A".into(),
                phone: "1".into(),
            },
        },
        "2025-09-22T09:02:00+08:00",
    );
    for (document, _) in estate_core::renovation::required_documents(
        &Default::default(),
        false,
        &estate_core::Policy::default(),
    ) {
        unstamped.receive(document, document.copies_needed(), false);
    }
    let violations = unstamped.refused(&desk2, R::Submitted, "2025-09-22T10:00:00+08:00");
    assert_eq!(rules(&violations), vec![RuleId::Ren12, RuleId::Ren12]);
    assert_eq!(
        missing_items(&violations),
        vec![
            "contractor_licence company stamp",
            "contractor_qualification company stamp"
        ]
    );
    office.ok(&desk, R::Submitted, "2025-09-22T10:00:00+08:00");
}

/// REN-13: the fire approval is required by default; a policy limits it to commercial units.
#[test]
fn ren_13_fire_approval_by_default_or_commercial_only() {
    use estate_core::renovation::required_documents;
    let mut policy = estate_core::Policy::default();
    let has_fire = |commercial: bool, policy: &estate_core::Policy| {
        required_documents(&Default::default(), commercial, policy)
            .iter()
            .any(|(d, rule)| *d == Document::FireApproval && *rule == RuleId::Ren13)
    };
    assert!(has_fire(false, &policy));
    policy.fire_approval = FireApprovalScope::CommercialOnly;
    assert!(!has_fire(false, &policy));
    assert!(has_fire(true, &policy));
}

/// REN-14 and REN-15: emissions and gas use needing approval add their approvals.
#[test]
fn ren_14_and_ren_15_approvals_for_emissions_and_gas_use() {
    use estate_core::renovation::required_documents;
    let policy = estate_core::Policy::default();
    let required = required_documents(
        &[
            DeclaredChange::Emissions,
            DeclaredChange::GasUseNeedingApproval,
        ]
        .into_iter()
        .collect(),
        false,
        &policy,
    );
    assert!(required.contains(&(Document::EnvironmentalApproval, RuleId::Ren14)));
    assert!(required.contains(&(Document::GasUseApproval, RuleId::Ren15)));
    let without = required_documents(&Default::default(), false, &policy);
    assert!(!without
        .iter()
        .any(|(_, rule)| matches!(rule, RuleId::Ren14 | RuleId::Ren15)));
}

/// REN-20: construction may not start before fees, permit, passes, hot-work permit and the
/// agreement; every pending step is listed.
#[test]
fn ren_20_construction_waits_for_fees_permits_passes_and_agreement() {
    let mut office = Office::new();
    let desk = office.desk.clone();
    office.open(&[DeclaredChange::HotWork]);
    office.submit_complete("2025-09-26T16:00:00+08:00");
    office.approve("2025-09-29T10:00:00+08:00");
    let violations = office.refused(&desk, R::ConstructionStarted, "2025-09-29T11:00:00+08:00");
    let pending: Vec<_> = violations
        .iter()
        .filter_map(|v| match &v.problem {
            Problem::StepPending { step } => Some(*step),
            _ => None,
        })
        .collect();
    assert_eq!(
        pending,
        [
            Step::CollectFees,
            Step::IssuePermit,
            Step::IssuePasses,
            Step::IssueHotWorkPermit,
            Step::SignAgreement
        ]
    );
    assert!(rules(&violations).iter().all(|rule| *rule == RuleId::Ren20));

    // Permits wait for the fees.
    let early = office.refused(
        &desk,
        R::PermitIssued {
            number: "SG-1".into(),
        },
        "2025-09-29T11:01:00+08:00",
    );
    assert_eq!(rules(&early), vec![RuleId::Ren20]);
    office.front_desk_steps(true);
    office.ok(&desk, R::ConstructionStarted, "2025-09-29T11:05:00+08:00");
    assert_eq!(office.case().status, RenovationStatus::UnderConstruction);
}

/// REN-20: a hot-work permit is only issued when hot work is declared; passes need their fees.
#[test]
fn ren_20_hot_work_permit_only_with_hot_work_and_fee_4_passes_need_paid_cards() {
    let mut office = Office::new();
    let desk = office.desk.clone();
    office.open(&[]);
    office.submit_complete("2025-09-26T16:00:00+08:00");
    let fees = R::fees_from_policy(&office.device.desk().policies.latest().clone(), 2, 1);
    office.ok(&desk, fees, "2025-09-26T16:30:00+08:00");
    let hot = office.refused(
        &desk,
        R::HotWorkPermitIssued {
            number: "DH-1".into(),
        },
        "2025-09-26T16:31:00+08:00",
    );
    assert_eq!(rules(&hot), vec![RuleId::Ren20]);
    let too_many = office.refused(
        &desk,
        R::PassesIssued {
            numbers: vec![1, 2, 3],
        },
        "2025-09-26T16:32:00+08:00",
    );
    assert_eq!(rules(&too_many), vec![RuleId::Fee4]);
    office.ok(
        &desk,
        R::PassesIssued {
            numbers: vec![1, 2],
        },
        "2025-09-26T16:33:00+08:00",
    );
}

/// REN-20 Decision: a policy flag moves fee collection after the drawing approval.
#[test]
fn ren_20_policy_can_move_fee_collection_after_approval() {
    let mut office = Office::new();
    let mut policy = office.device.desk().policies.latest().clone();
    policy.fee_collection = FeeCollectionOrder::AfterApproval;
    let manager = office.device.actor("孙经理", Role::CsManager);
    office
        .device
        .run(
            &manager,
            "policy",
            Change::Policy(Box::new(PolicyChange::at_once(policy))),
            at("2025-09-22T08:00:00+08:00"),
        )
        .unwrap();
    let desk = office.desk.clone();
    office.open(&[]);
    office.submit_complete("2025-09-26T16:00:00+08:00");
    let fees = R::fees_from_policy(&office.device.desk().policies.latest().clone(), 1, 1);
    let refused = office.refused(&desk, fees.clone(), "2025-09-26T16:30:00+08:00");
    assert_eq!(rules(&refused), vec![RuleId::Ren20]);
    office.approve("2025-09-29T10:00:00+08:00");
    office.ok(&desk, fees, "2025-09-29T10:30:00+08:00");
}

/// REN-30: only the supervisor reviews; a failed point needs a reason, rejects the case, and
/// the resident may resubmit.
#[test]
fn ren_30_only_the_supervisor_reviews_and_a_reject_goes_back_for_resubmission() {
    let mut office = Office::new();
    let (desk, supervisor) = (office.desk.clone(), office.supervisor.clone());
    office.open(&[]);
    office.submit_complete("2025-09-26T16:00:00+08:00");
    let wrong_role = office.refused(
        &desk,
        R::DrawingsReviewed {
            review: passing_review(),
        },
        "2025-09-29T10:00:00+08:00",
    );
    assert_eq!(rules(&wrong_role), vec![RuleId::Ren30]);
    assert!(matches!(wrong_role[0].problem, Problem::WrongRole { .. }));

    let mut failing = passing_review();
    failing.facade = ReviewPoint {
        passed: false,
        remark: String::new(),
    };
    let no_reason = office.refused(
        &supervisor,
        R::DrawingsReviewed {
            review: failing.clone(),
        },
        "2025-09-29T10:00:00+08:00",
    );
    assert_eq!(rules(&no_reason), vec![RuleId::Ren30]);
    failing.facade.remark = "阳台外立面改动".into();
    office.ok(
        &supervisor,
        R::DrawingsReviewed { review: failing },
        "2025-09-29T10:05:00+08:00",
    );
    assert_eq!(office.case().status, RenovationStatus::Rejected);
    assert_eq!(
        office
            .case()
            .last_review
            .as_ref()
            .unwrap()
            .rejection_reasons(),
        vec![(ReviewPointKind::Facade, "阳台外立面改动".to_owned())]
    );

    office.receive(Document::ElevationPlan, 1, false);
    office.ok(&desk, R::Submitted, "2025-09-30T10:00:00+08:00");
    office.approve("2025-10-09T10:00:00+08:00");
    assert_eq!(office.case().status, RenovationStatus::Approved);
}

/// REN-30 / X-3: a review not done in five working days is overdue.
#[test]
fn ren_30_review_overdue_after_five_working_days() {
    let mut office = Office::new();
    office.open(&[]);
    office.submit_complete("2025-09-26T16:00:00+08:00");
    let deadlines = office
        .device
        .desk()
        .deadlines(at("2025-10-11T08:00:00+08:00"));
    assert_eq!(deadlines[0].status, DeadlineStatus::Overdue);
    let due_soon = office
        .device
        .desk()
        .deadlines(at("2025-10-10T08:00:00+08:00"));
    assert_eq!(due_soon[0].status, DeadlineStatus::DueSoon);
}

/// REN-33: a violation deduction under the agreement comes out of the deposit (FEE-6 ledger).
#[test]
fn ren_33_violation_deduction_comes_out_of_the_deposit() {
    use estate_core::patrol::{ChecklistItem, Finding, Outcome, PatrolKind, PatrolRecord};
    let mut office = Office::new();
    let (desk, inspector) = (office.desk.clone(), office.inspector.clone());
    office.under_construction();
    // A patrol finds noise at noon and opens a rectification ticket on this case.
    let findings = ChecklistItem::ALL
        .into_iter()
        .map(|item| Finding {
            item,
            outcome: if item == ChecklistItem::WorkingHours {
                Outcome::Fail
            } else {
                Outcome::Pass
            },
            note: if item == ChecklistItem::WorkingHours {
                "中午施工噪音".into()
            } else {
                String::new()
            },
        })
        .collect();
    office
        .device
        .run(
            &inspector,
            "patrol-1",
            Change::Patrol(PatrolRecord {
                case: EntityId(CASE.into()),
                kind: PatrolKind::Scheduled,
                findings,
                workers_seen: 3,
                photos: vec!["ab".repeat(32)],
            }),
            at("2025-10-13T12:30:00+08:00"),
        )
        .unwrap();
    for opening in office
        .device
        .desk()
        .rectifications_for(&EntityId("patrol-1".into()))
    {
        office
            .device
            .run(
                &inspector,
                "rect-1",
                Change::Rectification(opening),
                at("2025-10-13T12:31:00+08:00"),
            )
            .unwrap();
    }
    let deduct = |ticket: &str, amount| R::ViolationDeducted {
        payer: Payer::Contractor,
        amount,
        ticket: EntityId(ticket.into()),
        note: "中午施工噪音".into(),
    };
    // A ticket that is not this case's is refused, naming the rule.
    let stray = office.refused(
        &desk,
        deduct("ticket-9", Money::yuan(200)),
        "2025-10-13T12:40:00+08:00",
    );
    assert_eq!(rules(&stray), vec![RuleId::Ren33]);
    office.ok(
        &desk,
        deduct("rect-1", Money::yuan(200)),
        "2025-10-13T12:40:00+08:00",
    );
    let contractor = office.case().balance(Payer::Contractor);
    assert_eq!(contractor.deductions, Money::yuan(200));
    assert_eq!(contractor.refundable, Money::yuan(800));
    let zero = office.refused(
        &desk,
        R::ViolationDeducted {
            payer: Payer::Owner,
            amount: Money::ZERO,
            ticket: EntityId("rect-1".into()),
            note: String::new(),
        },
        "2025-10-13T12:41:00+08:00",
    );
    assert_eq!(rules(&zero), vec![RuleId::Fee6]);
}

/// REN-34: lost passes and permits are recorded and deducted (FEE-3, FEE-5); a pass cannot be
/// lost twice.
#[test]
fn ren_34_lost_pass_and_permit_are_deducted_once() {
    let mut office = Office::new();
    let policy = office.device.desk().policies.latest().clone();
    let (desk, inspector) = (office.desk.clone(), office.inspector.clone());
    office.under_construction();
    office.ok(
        &inspector,
        R::pass_lost(&policy, 1),
        "2025-10-13T10:00:00+08:00",
    );
    let twice = office.refused(
        &inspector,
        R::pass_lost(&policy, 1),
        "2025-10-13T10:01:00+08:00",
    );
    assert_eq!(rules(&twice), vec![RuleId::Ren34]);
    office.ok(&desk, R::permit_lost(&policy), "2025-10-14T10:00:00+08:00");
    assert_eq!(
        office.case().balance(Payer::Contractor).deductions,
        Money::yuan(100)
    );
    assert_eq!(
        office.case().balance(Payer::Owner).deductions,
        Money::yuan(100)
    );
}

/// REN-40: acceptance only after it is requested; a failed one must list defects.
#[test]
fn ren_40_acceptance_is_scheduled_after_the_request_and_a_fail_needs_defects() {
    let mut office = Office::new();
    let (desk, supervisor) = (office.desk.clone(), office.supervisor.clone());
    office.under_construction();
    let early = office.refused(
        &supervisor,
        R::AcceptanceRecorded {
            passed: true,
            defects: vec![],
        },
        "2025-10-20T10:00:00+08:00",
    );
    assert_eq!(rules(&early), vec![RuleId::Ren40]);
    let meeting = at("2025-10-22T14:00:00+08:00");
    let unrequested = office.refused(
        &desk,
        R::AcceptanceScheduled { at: meeting },
        "2025-10-20T09:00:00+08:00",
    );
    assert_eq!(rules(&unrequested), vec![RuleId::Ren40]);
    office.ok(&desk, R::AcceptanceRequested, "2025-10-20T10:00:00+08:00");
    office.ok(
        &desk,
        R::AcceptanceScheduled { at: meeting },
        "2025-10-20T10:05:00+08:00",
    );
    assert_eq!(office.case().acceptance_scheduled_for, Some(meeting));
    let no_defects = office.refused(
        &supervisor,
        R::AcceptanceRecorded {
            passed: false,
            defects: vec![],
        },
        "2025-10-21T10:00:00+08:00",
    );
    assert_eq!(rules(&no_defects), vec![RuleId::Ren40]);
    let by_desk = office.refused(
        &desk,
        R::AcceptanceRecorded {
            passed: true,
            defects: vec![],
        },
        "2025-10-21T10:00:00+08:00",
    );
    assert!(matches!(by_desk[0].problem, Problem::WrongRole { .. }));
}

/// REN-41: a refund not paid within the 7-working-day limit is overdue; within 3 it is on
/// target.
#[test]
fn ren_41_refund_target_and_hard_limit_are_flagged_when_overdue() {
    let mut office = Office::new();
    let desk = office.desk.clone();
    office.under_construction();
    office.accepted();
    // Target: Wed 26 November; limit: Tue 2 December.
    let late = office
        .device
        .desk()
        .deadlines(at("2025-12-02T09:00:00+08:00"));
    let statuses: Vec<_> = late.iter().map(|d| (d.kind, d.status)).collect();
    assert_eq!(
        statuses,
        vec![
            (DeadlineKind::RefundTarget, DeadlineStatus::Overdue),
            (DeadlineKind::RefundLimit, DeadlineStatus::DueSoon)
        ]
    );
    let past_limit = office
        .device
        .desk()
        .deadlines(at("2025-12-03T09:00:00+08:00"));
    assert!(past_limit
        .iter()
        .all(|d| d.status == DeadlineStatus::Overdue));
    // Both deposits still wait to be returned, so the case cannot close.
    let closing = office.refused(
        &desk,
        R::ClosedBecause {
            reason: "押金已退清".into(),
        },
        "2025-12-03T09:00:00+08:00",
    );
    assert_eq!(rules(&closing), vec![RuleId::Ren41, RuleId::Ren41]);
    assert!(matches!(
        closing[0].problem,
        Problem::Invalid {
            reason: Reason::BalanceNotSettled { refundable, .. }
        } if refundable == Money::yuan(1000)
    ));
}

/// One open renovation per unit; a closed case frees the unit.
#[test]
fn ren_10_one_open_renovation_per_unit() {
    let mut office = Office::new();
    let desk = office.desk.clone();
    office.open(&[]);
    let second = office.device.run(
        &desk,
        "ren-2",
        Change::Renovation(R::Opened {
            unit: UnitRef::new("3", "2", "1201"),
            resident: Resident {
                name: "陈太太".into(),
                occupancy: Occupancy::Owner,
                phone: "1".into(),
            },
            commercial_unit: false,
            number: None,
        }),
        at("2025-09-23T09:00:00+08:00"),
    );
    let violations = second.expect_err("the unit already has an open case");
    assert_eq!(rules(&violations), vec![RuleId::Ren10]);
    office.ok(
        &desk,
        R::ClosedBecause {
            reason: "押金已退清".into(),
        },
        "2025-09-23T10:00:00+08:00",
    );
    office
        .device
        .run(
            &desk,
            "ren-2",
            Change::Renovation(R::Opened {
                unit: UnitRef::new("3", "2", "1201"),
                resident: Resident {
                    name: "陈太太".into(),
                    occupancy: Occupancy::Owner,
                    phone: "1".into(),
                },
                commercial_unit: false,
                number: None,
            }),
            at("2025-09-23T11:00:00+08:00"),
        )
        .expect("a withdrawn case frees the unit");
}

/// X-2, REN-20, REN-30: a case page shows exactly the steps core opens to the role in the
/// current state; a step with nothing to act on (fees already collected) is not offered.
#[test]
fn ren_20_open_steps_follow_the_state_the_role_and_what_is_left_to_do() {
    let mut office = Office::new();
    let policy = office.device.desk().policies.latest().clone();
    office.open(&[]);
    let steps = |office: &Office, role| office.case().open_steps(role, &policy);
    assert_eq!(
        steps(&office, Role::FrontDesk),
        [
            Step::SetContractor,
            Step::DeclareChanges,
            Step::ReceiveDocument,
            Step::SubmitForReview,
            Step::Close,
            Step::EditCase
        ]
    );
    assert_eq!(steps(&office, Role::Inspector), [Step::EditCase]);
    office.submit_complete("2025-09-26T16:00:00+08:00");
    assert!(steps(&office, Role::RenovationSupervisor).contains(&Step::ReviewDrawings));
    assert!(!steps(&office, Role::FrontDesk).contains(&Step::ReviewDrawings));
    assert!(steps(&office, Role::FrontDesk).contains(&Step::CollectFees));
    assert!(
        !steps(&office, Role::FrontDesk).contains(&Step::IssueHotWorkPermit),
        "no hot work is declared"
    );
    office.front_desk_steps(false);
    let front_desk = steps(&office, Role::FrontDesk);
    for done in [
        Step::CollectFees,
        Step::IssuePermit,
        Step::IssuePasses,
        Step::SignAgreement,
    ] {
        assert!(!front_desk.contains(&done), "{done:?} is done");
    }
    office.approve("2025-09-29T10:00:00+08:00");
    assert!(steps(&office, Role::FrontDesk).contains(&Step::StartConstruction));
    let desk = office.desk.clone();
    office.ok(&desk, R::ConstructionStarted, "2025-09-29T11:00:00+08:00");
    let on_site = steps(&office, Role::Inspector);
    assert!(on_site.contains(&Step::RecordLostPass) && on_site.contains(&Step::RecordLostPermit));
    assert!(!on_site.contains(&Step::RequestAcceptance));
    assert!(!steps(&office, Role::FrontDesk).contains(&Step::PayRefund));
}

fn receipts_of(office: &Office, payer: Payer) -> Vec<estate_core::ledger::Receipt> {
    office
        .case()
        .receipts
        .iter()
        .filter(|receipt| receipt.payer == payer)
        .cloned()
        .collect()
}

/// FEE-6: one numbered receipt per payer per collection, each naming how that payer paid; a
/// payer left without a method is named, and nothing is collected.
#[test]
fn fee_6_each_payer_gets_a_numbered_receipt_naming_the_payment_method() {
    let mut office = Office::new();
    let desk = office.desk.clone();
    office.open(&[]);
    office.submit_complete("2025-09-26T16:00:00+08:00");
    let policy = office.device.desk().policies.latest().clone();
    let mut half_paid = R::fees_from_policy(&policy, 2, 1);
    if let R::FeesCharged { payments, .. } = &mut half_paid {
        payments.retain(|payment| payment.payer == Payer::Contractor);
    }
    let refused = office.refused(&desk, half_paid, "2025-09-26T16:30:00+08:00");
    assert_eq!(
        refused
            .iter()
            .map(|violation| violation.problem.clone())
            .collect::<Vec<_>>(),
        vec![Problem::Missing {
            item: estate_core::violation::Item::PaymentMethod {
                payer: Payer::Owner
            }
        }]
    );
    assert!(office.case().receipts.is_empty());

    let mut fees = R::fees_from_policy(&policy, 2, 1);
    if let R::FeesCharged { payments, .. } = &mut fees {
        *payments = vec![
            estate_core::ledger::Payment::by(Payer::Contractor, PaymentMethod::WeChat),
            estate_core::ledger::Payment::by(Payer::Owner, PaymentMethod::BankTransfer),
        ];
    }
    office.ok(&desk, fees, "2025-09-26T16:30:00+08:00");
    let contractor = receipts_of(&office, Payer::Contractor);
    let owner = receipts_of(&office, Payer::Owner);
    assert_eq!((contractor.len(), owner.len()), (1, 1));
    assert_eq!(contractor[0].method, Some(PaymentMethod::WeChat));
    assert_eq!(owner[0].method, Some(PaymentMethod::BankTransfer));
    assert_ne!(contractor[0].number, owner[0].number);
    for receipt in [&contractor[0], &owner[0]] {
        assert!(receipt.number.starts_with("SJ2025-"), "{}", receipt.number);
        assert!(receipt.number.chars().count() <= 12);
        assert_eq!(receipt.collected_by, "王芳");
    }
    // 1000 deposit + 300 maintenance + 2 × (5 + 20) for the contractor; 1000 + 20 for the owner.
    assert_eq!(contractor[0].total(), Money::yuan(1350));
    assert_eq!(owner[0].total(), Money::yuan(1020));
    assert!(office
        .case()
        .number
        .as_deref()
        .is_some_and(|number| number.starts_with("ZX2025-")));
}

/// FEE-6: a wrong receipt is voided with a reason by a reversal entry, never edited; a receipt
/// is voided once, and the collection can then be taken again.
#[test]
fn fee_6_a_wrong_receipt_is_voided_by_a_reversal_never_edited() {
    let mut office = Office::new();
    let desk = office.desk.clone();
    office.open(&[]);
    office.submit_complete("2025-09-26T16:00:00+08:00");
    office.front_desk_steps(false);
    let wrong = receipts_of(&office, Payer::Owner)[0].clone();
    let collected_before = office.case().ledger.charged(Payer::Owner);
    office.ok(
        &desk,
        R::ReceiptVoided {
            receipt: wrong.number.clone(),
            reason: "付款方式记错".into(),
        },
        "2025-09-26T17:00:00+08:00",
    );
    let voided = office.case().receipt(&wrong.number).unwrap().clone();
    assert_eq!(
        voided.lines, wrong.lines,
        "the receipt itself is not edited"
    );
    assert_eq!(voided.voided.as_ref().unwrap().reason, "付款方式记错");
    let reversals: Vec<_> = office
        .case()
        .ledger
        .entries
        .iter()
        .filter(|entry| entry.kind == EntryKind::Reversal)
        .cloned()
        .collect();
    assert_eq!(reversals.len(), wrong.lines.len());
    assert!(reversals
        .iter()
        .all(|entry| entry.document.as_deref() == Some(wrong.number.as_str())));
    assert_eq!(
        office.case().ledger.charged(Payer::Owner),
        collected_before - wrong.total()
    );
    let again = office.refused(
        &desk,
        R::ReceiptVoided {
            receipt: wrong.number.clone(),
            reason: "再次作废".into(),
        },
        "2025-09-26T17:01:00+08:00",
    );
    assert_eq!(rules(&again), vec![RuleId::Fee6]);
    let unknown = office.refused(
        &desk,
        R::ReceiptVoided {
            receipt: "SJ2025-Z9999".into(),
            reason: String::new(),
        },
        "2025-09-26T17:01:00+08:00",
    );
    assert_eq!(rules(&unknown), vec![RuleId::Fee6, RuleId::Fee6]);
}

/// REN-41, FEE-7: an application rejected for good is withdrawn; its deposits come back on the
/// same target and limit clocks as after an acceptance, each with a numbered refund slip, and
/// it closes only once nothing is left to refund.
#[test]
fn ren_41_rejected_application_is_withdrawn_and_its_deposits_refunded() {
    let mut office = Office::new();
    let (desk, supervisor) = (office.desk.clone(), office.supervisor.clone());
    office.open(&[]);
    office.submit_complete("2025-11-03T09:00:00+08:00");
    let fees = R::fees_from_policy(office.device.desk().policies.latest(), 2, 1);
    office.ok(&desk, fees, "2025-11-03T09:30:00+08:00");
    let mut review = passing_review();
    review.structure = ReviewPoint {
        passed: false,
        remark: "拆除承重墙".into(),
    };
    office.ok(
        &supervisor,
        R::DrawingsReviewed { review },
        "2025-11-04T10:00:00+08:00",
    );
    assert_eq!(office.case().status, RenovationStatus::Rejected);
    // Closing with 2,390 元 in hand is refused, naming each payer's balance.
    let closing = office.refused(
        &desk,
        R::ClosedBecause {
            reason: "押金已退清".into(),
        },
        "2025-11-04T11:00:00+08:00",
    );
    assert_eq!(rules(&closing), vec![RuleId::Ren41, RuleId::Ren41]);
    let no_reason = office.refused(
        &desk,
        R::Withdrawn { reason: " ".into() },
        "2025-11-05T09:00:00+08:00",
    );
    assert_eq!(rules(&no_reason), vec![RuleId::Ren41]);
    office.ok(
        &desk,
        R::Withdrawn {
            reason: "业主放弃改动承重墙的方案".into(),
        },
        "2025-11-05T09:00:00+08:00",
    );
    assert_eq!(office.case().status, RenovationStatus::Withdrawn);
    // Withdrawn on Wednesday 5 November: target Mon 10th (3 working days), limit Fri 14th.
    let clocks: Vec<_> = office
        .device
        .desk()
        .deadlines(at("2025-11-05T10:00:00+08:00"))
        .into_iter()
        .map(|deadline| (deadline.kind, deadline.due))
        .collect();
    assert_eq!(
        clocks,
        vec![
            (DeadlineKind::RefundTarget, at("2025-11-10T23:59:59+08:00")),
            (DeadlineKind::RefundLimit, at("2025-11-14T23:59:59+08:00")),
        ]
    );
    let contractor = office.case().balance(Payer::Contractor);
    // The deposit and both unissued cards' deposits; the maintenance fee and card costs stay.
    assert_eq!(contractor.refundable, Money::yuan(1040));
    assert_eq!(
        office.case().balance(Payer::Owner).refundable,
        Money::yuan(1000)
    );
    for (payer, amount, method) in [
        (Payer::Contractor, 1040, PaymentMethod::BankTransfer),
        (Payer::Owner, 1000, PaymentMethod::Cash),
    ] {
        office.ok(
            &desk,
            R::RefundPaid {
                payer,
                amount: Money::yuan(amount),
                method: Some(method),
                slip: None,
            },
            "2025-11-07T10:00:00+08:00",
        );
    }
    let slips = &office.case().refund_slips;
    assert_eq!(slips.len(), 2);
    assert!(slips.iter().all(|slip| slip.number.starts_with("TK2025-")));
    assert_eq!(slips[0].amount, Money::yuan(1040));
    assert_eq!(office.case().status, RenovationStatus::Refunded);
    office.ok(
        &desk,
        R::ClosedBecause {
            reason: "押金已退清".into(),
        },
        "2025-11-07T11:00:00+08:00",
    );
}

/// REN-41: an application withdrawn while waiting for review refunds what was collected.
#[test]
fn ren_41_withdrawn_before_review_refunds_the_deposits() {
    let mut office = Office::new();
    let desk = office.desk.clone();
    office.open(&[]);
    office.submit_complete("2025-11-03T09:00:00+08:00");
    let fees = R::fees_from_policy(office.device.desk().policies.latest(), 1, 1);
    office.ok(&desk, fees, "2025-11-03T09:30:00+08:00");
    office.ok(
        &desk,
        R::Withdrawn {
            reason: "业主出售房屋".into(),
        },
        "2025-11-03T15:00:00+08:00",
    );
    assert!(office
        .case()
        .open_steps(Role::FrontDesk, &Default::default())
        .contains(&Step::PayRefund));
    assert_eq!(
        office.case().balance(Payer::Contractor).refundable,
        Money::yuan(1020)
    );
}

/// FEE-7: eleven lost passes cost 1,100 元 against a 1,000 元 deposit. The contractor's card
/// deposits are netted first; what is still owed is collected with its own receipt before the
/// case closes, and nothing is refunded to a payer who owes.
#[test]
fn fee_7_eleven_lost_passes_leave_money_owed_collected_before_closing() {
    let mut office = Office::new();
    let (desk, inspector) = (office.desk.clone(), office.inspector.clone());
    let policy = office.device.desk().policies.latest().clone();
    office.open(&[]);
    office.submit_complete("2025-09-26T16:00:00+08:00");
    office.ok(
        &desk,
        R::fees_from_policy(&policy, 11, 1),
        "2025-09-26T16:30:00+08:00",
    );
    office.ok(
        &desk,
        R::PermitIssued {
            number: "SG-11".into(),
        },
        "2025-09-26T16:31:00+08:00",
    );
    office.ok(
        &desk,
        R::PassesIssued {
            numbers: (1..=11).collect(),
        },
        "2025-09-26T16:32:00+08:00",
    );
    office.ok(&desk, R::AgreementSigned, "2025-09-26T16:33:00+08:00");
    office.approve("2025-09-29T10:00:00+08:00");
    office.ok(&desk, R::ConstructionStarted, "2025-09-29T11:00:00+08:00");
    for number in 1..=11 {
        office.ok(
            &inspector,
            R::pass_lost(&policy, number),
            "2025-10-20T10:00:00+08:00",
        );
    }
    office.accepted();
    let contractor = office.case().balance(Payer::Contractor);
    // 1,000 deposit − 11 × 100 lost; no card came back, so no card deposit nets it.
    assert_eq!(contractor.refundable, Money::ZERO);
    assert_eq!(contractor.still_owed, Money::yuan(100));
    let closing = office.refused(
        &desk,
        R::ClosedBecause {
            reason: "押金已退清".into(),
        },
        "2025-11-21T11:00:00+08:00",
    );
    assert!(rules(&closing).contains(&RuleId::Fee7));
    let too_much = office.refused(
        &desk,
        R::OwedCollected {
            payer: Payer::Contractor,
            amount: Money::yuan(101),
            payment: estate_core::ledger::Payment::by(Payer::Contractor, PaymentMethod::Cash),
        },
        "2025-11-21T11:00:00+08:00",
    );
    assert_eq!(rules(&too_much), vec![RuleId::Fee7]);
    office.ok(
        &desk,
        R::OwedCollected {
            payer: Payer::Contractor,
            amount: Money::yuan(100),
            payment: estate_core::ledger::Payment::by(Payer::Contractor, PaymentMethod::WeChat),
        },
        "2025-11-21T11:00:00+08:00",
    );
    let owed_receipt = receipts_of(&office, Payer::Contractor)
        .into_iter()
        .find(|receipt| receipt.kind == estate_core::ledger::CollectionKind::Owed)
        .expect("the amount owed has its own receipt");
    assert_eq!(owed_receipt.total(), Money::yuan(100));
    assert!(office.case().balance(Payer::Contractor).is_settled());
    office.ok(
        &desk,
        R::RefundPaid {
            payer: Payer::Owner,
            amount: Money::yuan(1000),
            method: Some(PaymentMethod::Cash),
            slip: None,
        },
        "2025-11-21T11:30:00+08:00",
    );
    assert_eq!(office.case().status, RenovationStatus::Refunded);
    office.ok(
        &desk,
        R::ClosedBecause {
            reason: "押金已退清".into(),
        },
        "2025-11-21T12:00:00+08:00",
    );
}

/// FEE-7: pass deposits are netted against what is owed: with one card back, 8 lost passes
/// leave 1,000 − 800 + 20 = 220 to refund, never a refund of the card deposit alone.
#[test]
fn fee_7_returned_card_deposits_are_netted_against_deductions() {
    let mut office = Office::new();
    let (desk, inspector) = (office.desk.clone(), office.inspector.clone());
    let policy = office.device.desk().policies.latest().clone();
    office.open(&[]);
    office.submit_complete("2025-09-26T16:00:00+08:00");
    office.ok(
        &desk,
        R::fees_from_policy(&policy, 9, 1),
        "2025-09-26T16:30:00+08:00",
    );
    office.ok(
        &desk,
        R::PassesIssued {
            numbers: (1..=9).collect(),
        },
        "2025-09-26T16:32:00+08:00",
    );
    office.approve("2025-09-29T10:00:00+08:00");
    for number in 1..=8 {
        office.ok(
            &inspector,
            R::pass_lost(&policy, number),
            "2025-10-20T10:00:00+08:00",
        );
    }
    office.ok(
        &inspector,
        R::PassReturned { number: 9 },
        "2025-10-21T10:00:00+08:00",
    );
    let contractor = office.case().balance(Payer::Contractor);
    assert_eq!(contractor.refundable, Money::yuan(220));
    assert_eq!(contractor.still_owed, Money::ZERO);
}

/// FEE-7: only the CS manager writes a balance off, for exactly what it is, with a reason;
/// the case then settles and closes.
#[test]
fn fee_7_only_the_cs_manager_writes_off_a_balance_with_a_reason() {
    let mut office = Office::new();
    let desk = office.desk.clone();
    let manager = office.device.actor("周经理", Role::CsManager);
    office.under_construction();
    office.accepted();
    office.ok(
        &desk,
        R::RefundPaid {
            payer: Payer::Contractor,
            amount: office.case().balance(Payer::Contractor).refundable,
            method: Some(PaymentMethod::BankTransfer),
            slip: None,
        },
        "2025-11-22T10:00:00+08:00",
    );
    // The owner never comes for the 1,000 元.
    let write_off = |net: i64, reason: &str| R::BalanceWrittenOff {
        payer: Payer::Owner,
        net: Money::yuan(net),
        reason: reason.into(),
    };
    let by_desk = office.refused(
        &desk,
        write_off(1000, "业主联系不上"),
        "2026-01-10T10:00:00+08:00",
    );
    assert!(matches!(by_desk[0].problem, Problem::WrongRole { .. }));
    let wrong = office.refused(&manager, write_off(900, ""), "2026-01-10T10:00:00+08:00");
    assert_eq!(rules(&wrong), vec![RuleId::Fee7, RuleId::Fee7]);
    office.ok(
        &manager,
        write_off(1000, "业主三次联系不上，转入未领退款"),
        "2026-01-10T10:00:00+08:00",
    );
    assert!(office.case().is_settled());
    assert_eq!(office.case().status, RenovationStatus::Refunded);
    office.ok(
        &desk,
        R::ClosedBecause {
            reason: "押金已退清".into(),
        },
        "2026-01-10T11:00:00+08:00",
    );
}

/// FEE-3, FEE-4, REN-20: during construction a new worker gets an extra pass and a lost card
/// is replaced, each paid for with its own receipt before the pass is issued.
#[test]
fn fee_4_extra_and_replacement_passes_during_construction_are_paid_first() {
    let mut office = Office::new();
    let (desk, inspector) = (office.desk.clone(), office.inspector.clone());
    let policy = office.device.desk().policies.latest().clone();
    office.under_construction();
    office.ok(
        &inspector,
        R::pass_lost(&policy, 2),
        "2025-10-10T10:00:00+08:00",
    );
    // Three passes are out or lost, three were paid for: a fourth is refused until paid.
    let unpaid = office.refused(
        &desk,
        R::PassesIssued { numbers: vec![4] },
        "2025-10-10T11:00:00+08:00",
    );
    assert_eq!(rules(&unpaid), vec![RuleId::Fee4]);
    let nothing = office.refused(
        &desk,
        R::extras_from_policy(&policy, 0, 0, PaymentMethod::Cash),
        "2025-10-10T11:00:00+08:00",
    );
    assert_eq!(rules(&nothing), vec![RuleId::Fee4]);
    office.ok(
        &desk,
        R::extras_from_policy(&policy, 2, 0, PaymentMethod::WeChat),
        "2025-10-10T11:00:00+08:00",
    );
    let extras = receipts_of(&office, Payer::Contractor)
        .into_iter()
        .find(|receipt| receipt.kind == estate_core::ledger::CollectionKind::Extras)
        .unwrap();
    assert_eq!(extras.total(), Money::yuan(2 * (5 + 20)));
    office.ok(
        &desk,
        R::PassesIssued {
            numbers: vec![4, 5],
        },
        "2025-10-10T11:05:00+08:00",
    );
    assert_eq!(office.case().passes.len(), 5);
}

/// REN-34, FEE-5: a permit lost after the acceptance is still deducted, until the owner's
/// refund is paid; a replacement permit is paid for before it is issued.
#[test]
fn ren_34_a_permit_lost_after_acceptance_is_deducted_before_the_owner_refund() {
    let mut office = Office::new();
    let desk = office.desk.clone();
    let policy = office.device.desk().policies.latest().clone();
    office.under_construction();
    office.accepted();
    office.ok(&desk, R::permit_lost(&policy), "2025-11-24T10:00:00+08:00");
    assert_eq!(
        office.case().balance(Payer::Owner).refundable,
        Money::yuan(900)
    );
    office.ok(
        &desk,
        R::RefundPaid {
            payer: Payer::Owner,
            amount: Money::yuan(900),
            method: Some(PaymentMethod::Cash),
            slip: None,
        },
        "2025-11-24T11:00:00+08:00",
    );
    assert!(!office
        .case()
        .open_steps(Role::FrontDesk, &policy)
        .contains(&Step::RecordLostPermit));
}

/// Issue #21, finding 7: the front desk withdraws an application while a tablet, offline,
/// collects its fees. After the merge the collection is held: it is not in the ledger, but
/// the money taken is shown apart for the manager. The supervisor then chooses the held side:
/// the withdrawal is set aside (kept in the log, shown as set aside) and the collection takes
/// effect, on every device alike.
#[test]
fn x_2_a_reviewer_may_choose_the_held_collection_over_the_step_in_effect() {
    let mut office = Office::new();
    let desk = office.desk.clone();
    office.open(&[]);
    office.submit_complete("2025-11-03T09:00:00+08:00");
    let mut tablet = Scenario::new("tablet-1");
    tablet.receive(office.device.log());
    office.ok(
        &desk,
        R::Withdrawn {
            reason: "业主来电撤回".into(),
        },
        "2025-11-03T10:00:00+08:00",
    );
    let withdrawal = office.device.log().last().unwrap().id.clone();
    let fees = R::fees_from_policy(office.device.desk().policies.latest(), 1, 1);
    let taken = fees.money_collected();
    assert!(taken > Money::ZERO);
    let tablet_desk = tablet.actor("李伟", Role::FrontDesk);
    let collected = tablet
        .run(
            &tablet_desk,
            CASE,
            Change::Renovation(fees),
            at("2025-11-03T10:05:00+08:00"),
        )
        .unwrap();
    office.device.receive(tablet.log());

    let case = EntityId(CASE.into());
    let held = &collected[0].id;
    let conflict = office
        .device
        .desk()
        .open_conflicts()
        .find(|conflict| conflict.event == *held)
        .cloned()
        .expect("the collection is held");
    assert_eq!(conflict.other_side.as_ref(), Some(&withdrawal));
    assert_eq!(office.case().ledger.charged(Payer::Contractor), Money::ZERO);
    let held_money = office.device.desk().held_money(&case);
    assert_eq!(held_money.len(), 1);
    assert_eq!(held_money[0].collected, taken);
    assert_eq!(held_money[0].by, "李伟");
    assert_eq!(
        office.device.desk().not_in_effect(held),
        Some(estate_core::desk::NotInEffect::Held)
    );

    // Choosing the held side: only a reviewer, naming the step in effect.
    let choose = |set_aside: EventId| Change::ConflictReviewed {
        event: held.clone(),
        note: "已收费，撤回作废".into(),
        set_aside: Some(set_aside),
    };
    let wrong_side = office.device.log()[0].id.clone();
    assert!(office
        .device
        .run(
            &office.supervisor.clone(),
            CASE,
            choose(wrong_side),
            at("2025-11-03T11:00:00+08:00"),
        )
        .is_err());
    assert!(office
        .device
        .run(
            &desk,
            CASE,
            choose(withdrawal.clone()),
            at("2025-11-03T11:00:00+08:00")
        )
        .is_err());
    let review = office
        .device
        .run(
            &office.supervisor.clone(),
            CASE,
            choose(withdrawal.clone()),
            at("2025-11-03T11:00:00+08:00"),
        )
        .unwrap();
    let settled = office.device.desk();
    assert_eq!(settled.open_conflicts().count(), 0);
    assert!(settled.held_money(&case).is_empty());
    assert_eq!(settled.not_in_effect(held), None);
    assert_eq!(
        settled.not_in_effect(&withdrawal),
        Some(estate_core::desk::NotInEffect::SetAside {
            review: review[0].id.clone()
        })
    );
    assert!(office.case().ledger.charged(Payer::Contractor) > Money::ZERO);
    assert!(
        !office
            .case()
            .open_steps(Role::FrontDesk, &Default::default())
            .contains(&Step::PayRefund),
        "the withdrawal is not in effect"
    );
    assert_eq!(office.device.log().len(), tablet.log().len() + 2);

    tablet.receive(office.device.log());
    assert_eq!(tablet.desk(), office.device.desk(), "every device agrees");
}

/// Issue #22 (REN-10, REN-12): a paper copy marked by mistake is taken off again by an event,
/// never by rewriting history; a complete document takes no further copy, except a sealed
/// copy of one still missing its seal.
#[test]
fn ren_10_a_paper_copy_marked_by_mistake_is_undone_and_counts_never_pass_the_need() {
    use estate_core::renovation::{Document, Evidence};
    let mut office = Office::new();
    let desk = office.desk.clone();
    office.open(&[]);
    let paper = |stamped: bool| Evidence {
        attachments: Vec::new(),
        paper_copies: 1,
        stamped,
    };
    let id_copy = Document::IdCopy;
    office.ok(
        &desk,
        R::DocumentReceived {
            document: id_copy,
            evidence: paper(false),
        },
        "2025-09-22T09:00:00+08:00",
    );
    let again = office.refused(
        &desk,
        R::DocumentReceived {
            document: id_copy,
            evidence: paper(false),
        },
        "2025-09-22T09:01:00+08:00",
    );
    assert!(
        again.iter().any(|violation| violation.rule == RuleId::Ren10
            && violation.problem
                == Problem::Invalid {
                    reason: Reason::DocumentAlreadyComplete
                }),
        "{again:?}"
    );
    office.ok(
        &desk,
        R::PaperUnmarked { document: id_copy },
        "2025-09-22T09:02:00+08:00",
    );
    assert_eq!(office.case().documents[&id_copy].paper_copies, 0);
    let nothing_left = office.refused(
        &desk,
        R::PaperUnmarked { document: id_copy },
        "2025-09-22T09:03:00+08:00",
    );
    assert!(nothing_left.iter().any(|violation| violation.problem
        == Problem::Invalid {
            reason: Reason::NoPaperCopyToUnmark
        }));

    // REN-12: an unsealed licence counts but lacks its seal; a sealed copy may still come.
    let licence = Document::ContractorLicence;
    office.ok(
        &desk,
        R::DocumentReceived {
            document: licence,
            evidence: paper(false),
        },
        "2025-09-22T09:04:00+08:00",
    );
    let unsealed_again = office.refused(
        &desk,
        R::DocumentReceived {
            document: licence,
            evidence: paper(false),
        },
        "2025-09-22T09:05:00+08:00",
    );
    assert_eq!(
        missing_items(&unsealed_again),
        vec!["contractor_licence company stamp"]
    );
    office.ok(
        &desk,
        R::DocumentReceived {
            document: licence,
            evidence: paper(true),
        },
        "2025-09-22T09:06:00+08:00",
    );
    assert!(office.case().documents[&licence].stamped);
    // Both events stay in the log: the mark and its undoing.
    let unmarked = office
        .device
        .log()
        .iter()
        .filter(|event| matches!(event.change, Change::Renovation(R::PaperUnmarked { .. })))
        .count();
    assert_eq!(unmarked, 1);
}

/// REN-10, issue #22: the application form is offered only to the roles that may file it, and
/// that is the same gate core checks when it is filed.
#[test]
fn ren_10_only_the_roles_that_may_file_an_application_are_offered_the_form() {
    use estate_core::renovation::RenovationCase;
    let offered: Vec<Role> = Role::ALL
        .into_iter()
        .filter(|role| RenovationCase::may_open(*role))
        .collect();
    assert_eq!(offered, vec![Role::FrontDesk, Role::RenovationSupervisor]);
    assert!(!RenovationCase::may_open(Role::Inspector));
}
