//! Policy and calendar changes are events, so every device computes the same deadlines.

use chrono::{DateTime, NaiveDate, Utc};
use estate_core::calendar::{DayKind, DayRule};
use estate_core::policy::PolicyChange;
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
            Change::Policy(Box::new(PolicyChange::at_once(policy))),
            at("2027-01-04T09:00:00+08:00"),
        )
        .unwrap();
    let typhoon = DayRule {
        date: NaiveDate::from_ymd_opt(2027, 1, 6).unwrap(),
        kind: Some(DayKind::Holiday),
        name: Some("台风停工".into()),
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
    assert_eq!(
        tablet.desk().policies.latest().drawing_review_working_days,
        7
    );
    assert!(!tablet
        .desk()
        .calendar
        .is_working_day(NaiveDate::from_ymd_opt(2027, 1, 6).unwrap()));
    assert_eq!(
        tablet.desk().policies.latest(),
        desk_pc.desk().policies.latest()
    );
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
            Change::Policy(Box::new(PolicyChange::at_once(Policy::default()))),
            at("2027-01-04T09:00:00+08:00"),
        )
        .unwrap_err();
    assert_eq!(refused[0].rule, RuleId::X2);
    assert!(device.log().is_empty(), "nothing is recorded");
}

fn fees_of(
    scenario: &Scenario,
    case: &str,
) -> Vec<(estate_core::ledger::Payer, estate_core::Money)> {
    use estate_core::ledger::LedgerItem;
    scenario.desk().renovations[&estate_core::EntityId(case.into())]
        .ledger
        .entries
        .iter()
        .filter(|entry| entry.item == LedgerItem::RenovationDeposit)
        .map(|entry| (entry.payer, entry.amount))
        .collect()
}

/// FEE-1: the owner's deposit goes up to 2,000 元 from a given time. A case charged before keeps
/// its 1,000; a collection after the change takes effect charges 2,000. The fee change is an
/// event with who, when and its effective time, and a wrong value is refused naming each
/// problem with its field.
#[test]
fn fee_1_a_fee_change_applies_to_collections_after_it_and_open_cases_keep_their_charges() {
    use estate_core::ledger::Payer;
    use estate_core::party::Contractor;
    use estate_core::policy::{PolicyChange, PolicyField, PolicyProblem};
    use estate_core::renovation::{Evidence, RenovationChange as R};
    use estate_core::violation::{Problem, Reason};
    use estate_core::Money;
    let mut office = Scenario::new("desk-pc");
    let desk = office.actor("王芳", Role::FrontDesk);
    let manager = office.actor("周经理", Role::CsManager);
    let submitted_case = |office: &mut Scenario, case: &str, room: &str, now: &str| {
        let mut run = |change: R, minute: i64| {
            office
                .run(
                    &desk,
                    case,
                    Change::Renovation(change),
                    at(now) + chrono::Duration::minutes(minute),
                )
                .unwrap();
        };
        run(estate_core::scenario::renovation_opened(room), 0);
        run(
            R::ContractorSet {
                contractor: Contractor {
                    name: "安居".into(),
                    phone: "2".into(),
                },
            },
            1,
        );
        let policy = Policy::default();
        for (document, _) in
            estate_core::renovation::required_documents(&Default::default(), false, &policy)
        {
            run(
                R::DocumentReceived {
                    document,
                    evidence: Evidence {
                        attachments: vec![],
                        paper_copies: document.copies_needed(),
                        stamped: document.needs_company_stamp(),
                    },
                },
                2,
            );
        }
        run(R::Submitted, 3);
    };
    submitted_case(&mut office, "ren-old", "101", "2026-12-01T09:00:00+08:00");
    let charge =
        |office: &Scenario, now: &str| R::fees_from_policy(office.desk().policy_at(at(now)), 1, 1);
    let fees = charge(&office, "2026-12-01T10:00:00+08:00");
    office
        .run(
            &desk,
            "ren-old",
            Change::Renovation(fees),
            at("2026-12-01T10:00:00+08:00"),
        )
        .unwrap();

    // A wrong policy is refused, every problem named with its field.
    let mut wrong = Policy::default();
    wrong.fees.owner_deposit = Money::from_fen(-100);
    wrong.refund_target_working_days = 9;
    wrong.drawing_review_working_days = 0;
    let refused = office
        .run(
            &manager,
            "policy",
            Change::Policy(Box::new(PolicyChange::at_once(wrong))),
            at("2026-12-01T11:00:00+08:00"),
        )
        .unwrap_err();
    let named: Vec<_> = refused
        .iter()
        .filter_map(|violation| match &violation.problem {
            Problem::Invalid {
                reason: Reason::PolicyValue { field, problem },
            } => Some((*field, *problem)),
            _ => None,
        })
        .collect();
    assert_eq!(
        named,
        [
            (PolicyField::OwnerDeposit, PolicyProblem::Negative),
            (PolicyField::DrawingReviewDays, PolicyProblem::Zero),
            (
                PolicyField::RefundTargetDays,
                PolicyProblem::TargetOverLimit
            ),
        ]
    );
    // Taking effect in the past would rewrite decisions already taken: refused.
    let backdated = PolicyChange {
        policy: Policy::default(),
        effective_from: Some(at("2026-11-01T00:00:00+08:00")),
    };
    let refused = office
        .run(
            &manager,
            "policy",
            Change::Policy(Box::new(backdated)),
            at("2026-12-01T11:00:00+08:00"),
        )
        .unwrap_err();
    assert!(matches!(
        refused[0].problem,
        Problem::Invalid {
            reason: Reason::EffectiveInThePast
        }
    ));

    // 2,000 元 from 2 December on.
    let mut dearer = Policy::default();
    dearer.fees.owner_deposit = Money::yuan(2000);
    office
        .run(
            &manager,
            "policy",
            Change::Policy(Box::new(PolicyChange {
                policy: dearer,
                effective_from: Some(at("2026-12-02T00:00:00+08:00")),
            })),
            at("2026-12-01T12:00:00+08:00"),
        )
        .unwrap();
    let period = office.desk().policies.periods().last().unwrap().clone();
    assert_eq!(period.set_by_name, "周经理");
    assert_eq!(period.set_at, Some(at("2026-12-01T12:00:00+08:00")));
    assert_eq!(
        office
            .desk()
            .policy_at(at("2026-12-01T18:00:00+08:00"))
            .fees
            .owner_deposit,
        Money::yuan(1000),
        "not in force before its time"
    );
    submitted_case(&mut office, "ren-new", "102", "2026-12-02T09:00:00+08:00");
    let fees = charge(&office, "2026-12-02T10:00:00+08:00");
    office
        .run(
            &desk,
            "ren-new",
            Change::Renovation(fees),
            at("2026-12-02T10:00:00+08:00"),
        )
        .unwrap();
    assert!(fees_of(&office, "ren-old").contains(&(Payer::Owner, Money::yuan(1000))));
    assert!(fees_of(&office, "ren-new").contains(&(Payer::Owner, Money::yuan(2000))));
    assert_eq!(
        office.desk().renovations[&estate_core::EntityId("ren-old".into())]
            .balance(Payer::Owner)
            .deposit_paid,
        Money::yuan(1000),
        "the open case keeps what it was charged"
    );
}

/// REN-31: two devices mark the calendar offline; whichever order their bundles arrive in,
/// both end with the same calendar (the later mark of a date wins on both).
#[test]
fn ren_31_calendar_marks_from_two_devices_merge_in_either_order() {
    let date = |day| NaiveDate::from_ymd_opt(2027, 1, day).unwrap();
    let mark = |day, kind, name: &str| {
        Change::Calendar(DayRule {
            date: date(day),
            kind,
            name: Some(name.into()),
        })
    };
    let mut desk_pc = Scenario::new("desk-pc");
    let mut tablet = Scenario::new("tablet-1");
    let a = desk_pc.actor("周经理", Role::CsManager);
    let b = tablet.actor("周经理", Role::CsManager);
    desk_pc
        .run(
            &a,
            "calendar",
            mark(1, Some(DayKind::Holiday), "元旦"),
            at("2026-12-10T09:00:00+08:00"),
        )
        .unwrap();
    desk_pc
        .run(
            &a,
            "calendar",
            mark(4, Some(DayKind::Holiday), "台风"),
            at("2026-12-10T09:01:00+08:00"),
        )
        .unwrap();
    tablet
        .run(
            &b,
            "calendar",
            mark(4, None, ""),
            at("2026-12-10T09:05:00+08:00"),
        )
        .unwrap();
    tablet
        .run(
            &b,
            "calendar",
            mark(2, Some(DayKind::MakeUpWorkday), "元旦调休"),
            at("2026-12-10T09:06:00+08:00"),
        )
        .unwrap();
    let (from_desk, from_tablet) = (desk_pc.log().to_vec(), tablet.log().to_vec());
    let mut first = desk_pc.clone();
    first.receive(&from_tablet);
    let mut second = tablet.clone();
    second.receive(&from_desk);
    assert_eq!(first.desk().calendar, second.desk().calendar);
    let calendar = &first.desk().calendar;
    assert!(!calendar.is_working_day(date(1)), "元旦 from the desk");
    assert!(
        calendar.is_working_day(date(2)),
        "the Saturday worked, from the tablet"
    );
    assert!(
        calendar.is_working_day(date(4)),
        "the tablet's later undo wins over the desk's mark"
    );
}

/// only an administrator or the CS manager sets the office's rules; the supervisor no
/// longer does.
#[test]
fn x_2_only_an_administrator_or_the_cs_manager_sets_the_rules() {
    let mut device = Scenario::new("desk-pc");
    let supervisor = device.actor("李工", Role::RenovationSupervisor);
    let refused = device
        .run(
            &supervisor,
            "calendar",
            Change::CalendarYear(estate_core::calendar::YearEntered {
                year: 2027,
                entered: true,
            }),
            at("2026-12-01T09:00:00+08:00"),
        )
        .unwrap_err();
    assert_eq!(refused[0].rule, RuleId::X2);
}
