//! Properties of replay and merge: deterministic replay; merge idempotent, commutative and
//! associative; three devices making random valid commands and syncing in random orders
//! converge to identical states with no event lost (X-1: history is never rewritten).

use chrono::{DateTime, Duration, Utc};
use estate_core::desk::{ConflictKind, Desk};
use estate_core::feedback::{
    Channel, ComplaintClass, Department, FeedbackChange as F, FeedbackKind,
};
use estate_core::hlc::DeviceId;
use estate_core::local_device::{fresh_desk, FoldedFrom, LocalDevice, StoredEvents};
use estate_core::merge::merge;
use estate_core::party::{Contractor, Occupancy, Resident, UnitRef};
use estate_core::renovation::{CaseField, RenovationChange as R};
use estate_core::scenario::Scenario;
use estate_core::{Change, EntityId, Event, Role};
use proptest::prelude::*;
use std::collections::BTreeSet;

const ROLES: [Role; 3] = [Role::FrontDesk, Role::CsManager, Role::DepartmentHead];
const ENTITIES: [&str; 4] = ["ren-a", "ren-b", "fb-a", "fb-b"];

fn start() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-03-02T09:00:00+08:00")
        .unwrap()
        .with_timezone(&Utc)
}

/// A candidate command for `entity`, built from what `desk` currently shows (so field edits
/// name the value they replace, as the app does).
fn candidate(op: u8, entity: &str, desk: &Desk, now: DateTime<Utc>) -> Change {
    // A manager settles an open conflict: half the time choosing the held side, which sets
    // the other side aside and makes the next merges fold again (issue #19).
    if op % 13 == 12 {
        if let Some(conflict) = desk.open_conflicts().find(|c| c.entity.0 == entity) {
            return Change::ConflictReviewed {
                event: conflict.event.clone(),
                note: "已核对".into(),
                set_aside: if op.is_multiple_of(2) {
                    conflict.other_side.clone()
                } else {
                    None
                },
            };
        }
    }
    let resident = Resident {
        name: "业主".into(),
        occupancy: Occupancy::Owner,
        phone: "138".into(),
    };
    if entity.starts_with("ren") {
        let id = EntityId(entity.to_owned());
        let change = match op % 5 {
            // Both renovation cases compete for the same two units.
            0 => R::Opened {
                unit: UnitRef::new("1", "1", if op.is_multiple_of(2) { "101" } else { "102" }),
                resident,
                commercial_unit: false,
                number: None,
            },
            1 | 2 => R::FieldSet {
                field: CaseField::ResidentPhone,
                value: format!("139{op}"),
                supersedes: desk
                    .renovations
                    .get(&id)
                    .and_then(|case| case.fields.get(&CaseField::ResidentPhone))
                    .map(|value| value.set_by.clone()),
            },
            3 => R::ContractorSet {
                contractor: Contractor {
                    name: format!("施工队{op}"),
                    phone: "1".into(),
                },
            },
            _ => R::ClosedBecause {
                reason: "押金已退清".into(),
            },
        };
        return Change::Renovation(change);
    }
    let change = match op % 9 {
        0 => F::Received {
            kind: FeedbackKind::Complaint,
            channel: Channel::Phone,
            resident,
            unit: UnitRef::new("2", "1", "301"),
            what: "噪音".into(),
            happened_at: None,
            acknowledged: true,
            number: None,
        },
        1 => F::Classified {
            class: if op.is_multiple_of(2) {
                ComplaintClass::Service
            } else {
                ComplaintClass::BuildingQuality
            },
            cause: "噪音".into(),
        },
        2 => F::Forwarded {
            department: Department::Engineering,
            content: "噪音".into(),
            demand: "处理".into(),
        },
        3 => F::DepartmentAccepted {
            method: "检查".into(),
            complete_by: now + Duration::days(2),
            signed_by: "孙".into(),
        },
        4 => F::Handled {
            result: "已处理".into(),
        },
        5 => F::ReplyGiven {
            explanation: "已安排".into(),
        },
        6 => F::SolvedOnSpot {
            note: "当场解决".into(),
        },
        7 => F::FollowUpVisited {
            satisfied: true,
            opinion: "满意".into(),
        },
        _ => F::ClosedBecause {
            reason: "处理完毕，业主满意".into(),
        },
    };
    Change::Feedback(change)
}

/// One step of a simulation: a device tries a command, then maybe two devices sync.
#[derive(Debug, Clone)]
struct Step {
    device: usize,
    role: usize,
    entity: usize,
    op: u8,
    skew_minutes: i64,
    sync: Option<(usize, usize)>,
}

fn step() -> impl Strategy<Value = Step> {
    (
        0..3usize,
        0..3usize,
        0..ENTITIES.len(),
        any::<u8>(),
        -30i64..30,
        proptest::option::of((0..3usize, 0..3usize)),
    )
        .prop_map(|(device, role, entity, op, skew_minutes, sync)| Step {
            device,
            role,
            entity,
            op,
            skew_minutes,
            sync,
        })
}

/// Runs `steps` on three devices; returns them and every event any of them created.
fn simulate(steps: &[Step]) -> (Vec<Scenario>, Vec<Event>) {
    simulate_checking(steps, 10_000, |_, _| {}, |_, _| {})
}

/// [`simulate`] on devices that keep a snapshot of their desk every `snapshot_every` events,
/// calling `before_sync` with each device about to take in another's log and that log, and
/// `after_sync` with the device after it and where it folded from.
fn simulate_checking(
    steps: &[Step],
    snapshot_every: usize,
    mut before_sync: impl FnMut(&Scenario, &[Event]),
    mut after_sync: impl FnMut(&Scenario, FoldedFrom),
) -> (Vec<Scenario>, Vec<Event>) {
    let mut devices: Vec<Scenario> = ["desk-pc", "tablet-1", "tablet-2"]
        .into_iter()
        .map(|name| Scenario::with_snapshot_every(name, snapshot_every))
        .collect();
    let mut created = Vec::new();
    for (index, step) in steps.iter().enumerate() {
        let now = start() + Duration::minutes(index as i64 * 7 + step.skew_minutes);
        let device = &mut devices[step.device];
        let actor = device.actor("员工", ROLES[step.role]);
        let entity = ENTITIES[step.entity];
        let change = candidate(step.op, entity, device.desk(), now);
        if let Ok(events) = device.run(&actor, entity, change, now) {
            created.extend(events);
        }
        if let Some((from, to)) = step.sync {
            if from != to {
                let log = devices[from].log().to_vec();
                before_sync(&devices[to], &log);
                let folded_from = devices[to].receive(&log);
                after_sync(&devices[to], folded_from);
            }
        }
    }
    (devices, created)
}

fn ids(events: &[Event]) -> BTreeSet<String> {
    events.iter().map(|event| event.id.0.clone()).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Replay is deterministic: any arrival order gives the same state.
    #[test]
    fn x_1_replay_is_deterministic_in_any_order(steps in proptest::collection::vec(step(), 1..40), seed in any::<u64>()) {
        let (devices, _) = simulate(&steps);
        let log = devices[0].log();
        let mut shuffled = log.to_vec();
        // A deterministic shuffle from the seed (proptest supplies the randomness).
        let mut state = seed | 1;
        for i in (1..shuffled.len()).rev() {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17;
            shuffled.swap(i, (state % (i as u64 + 1)) as usize);
        }
        let in_order = estate_core::local_device::fresh_desk().replay(log);
        let out_of_order = estate_core::local_device::fresh_desk().replay(&shuffled);
        prop_assert_eq!(in_order, out_of_order);
    }

    /// Merge is idempotent, commutative and associative.
    #[test]
    fn x_1_merge_is_idempotent_commutative_and_associative(steps in proptest::collection::vec(step(), 1..40)) {
        let (devices, _) = simulate(&steps);
        let (a, b, c) = (devices[0].log().to_vec(), devices[1].log().to_vec(), devices[2].log().to_vec());
        prop_assert_eq!(merge([a.as_slice(), a.as_slice()]).events, merge([a.as_slice()]).events);
        prop_assert_eq!(merge([a.as_slice(), b.as_slice()]), merge([b.as_slice(), a.as_slice()]));
        let ab = merge([a.as_slice(), b.as_slice()]).events;
        let bc = merge([b.as_slice(), c.as_slice()]).events;
        prop_assert_eq!(merge([ab.as_slice(), c.as_slice()]), merge([a.as_slice(), bc.as_slice()]));
    }

    /// Issue #19: a merge folds on from the head or a snapshot instead of replaying the whole
    /// log. After every sync, with reviews that set events aside among the steps, the desk is
    /// exactly what a full replay of the merged log gives.
    #[test]
    fn x_1_incremental_merge_gives_the_desk_a_full_replay_gives(
        steps in proptest::collection::vec(step(), 1..120),
        snapshot_every in 1..6usize,
    ) {
        let mut mismatches = Vec::new();
        simulate_checking(&steps, snapshot_every, |_, _| {}, |device, folded_from| {
            if *device.desk() != fresh_desk().replay(device.log()) {
                mismatches.push(folded_from);
            }
        });
        prop_assert!(mismatches.is_empty(), "folded differently from a replay: {:?}", mismatches);
    }

    /// Issue #19: an import folds its merged desk a slice at a time, the page getting a turn
    /// between slices. Whatever the slice, and wherever the fold starts (head, snapshot or
    /// start of the log), the plan is the plan made in one go: the same records, desk,
    /// snapshot, chain heads and projections.
    #[test]
    fn x_1_an_absorb_folded_slice_by_slice_is_the_absorb_folded_at_once(
        steps in proptest::collection::vec(step(), 1..120),
        snapshot_every in 1..6usize,
        fold_slice in 1..9usize,
    ) {
        let mut mismatches = Vec::new();
        simulate_checking(&steps, snapshot_every, |device, log| {
            let at_once = device.plan_receiving(log, usize::MAX);
            if device.plan_receiving(log, fold_slice) != at_once {
                mismatches.push(at_once.folded_from());
            }
        }, |_, _| {});
        prop_assert!(mismatches.is_empty(), "sliced folds differed: {:?}", mismatches);
    }

    /// Issue #19: opening folds the stored events a slice at a time, the page getting a turn
    /// between slices. Whatever the slice, each device opens exactly as folded in one go
    /// (desk, snapshots, chain heads, clock), and its desk is what a full replay gives, with
    /// reviews that set events aside among the steps.
    #[test]
    fn x_1_opening_folded_slice_by_slice_is_the_device_folded_at_once(
        steps in proptest::collection::vec(step(), 1..120),
        snapshot_every in 1..6usize,
        fold_slice in 1..9usize,
    ) {
        let (devices, _) = simulate_checking(&steps, snapshot_every, |_, _| {}, |_, _| {});
        for scenario in &devices {
            let records = estate_core::record::chain_records(scenario.log());
            let open = |slice: usize| {
                let mut stored = StoredEvents::default();
                stored.add(&records).unwrap();
                let mut device = LocalDevice::new(DeviceId("pc".into())).with_snapshot_every(snapshot_every);
                let mut fold = device.start_reload(stored);
                let mut steps = 1;
                while !fold.step(slice) {
                    steps += 1;
                }
                device.finish_reload(fold);
                (device, steps)
            };
            let (sliced, steps_taken) = open(fold_slice);
            let (at_once, _) = open(usize::MAX);
            prop_assert!(steps_taken >= records.len() / fold_slice, "folded {} events in {} steps", records.len(), steps_taken);
            prop_assert_eq!(format!("{sliced:?}"), format!("{at_once:?}"));
            prop_assert_eq!(sliced.desk(), &fresh_desk().replay(scenario.log()));
        }
    }

    /// Issue #19: a fold searches each case once, checking the case's own rules on the case it
    /// then changes. Whatever the order the events of three devices are folded in, an event
    /// is held exactly when `Desk::check` refuses it at its place, for the same violations.
    #[test]
    fn x_2_a_fold_holds_exactly_what_check_refuses(
        steps in proptest::collection::vec(step(), 1..80),
        seed in any::<u64>(),
    ) {
        let (_, mut created) = simulate(&steps);
        let mut state = seed | 1;
        for i in (1..created.len()).rev() {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17;
            created.swap(i, (state % (i as u64 + 1)) as usize);
        }
        let mut desk = fresh_desk();
        for event in &created {
            let refused = desk.check(
                &event.entity,
                &event.change,
                &event.actor,
                estate_core::desk::event_time(event),
            );
            let conflicts_before = desk.conflicts.len();
            desk.apply(event);
            let held: Vec<_> = desk.conflicts[conflicts_before..]
                .iter()
                .filter_map(|conflict| match &conflict.kind {
                    ConflictKind::InvalidInMergedOrder { violations } if conflict.event == event.id => {
                        Some(violations.clone())
                    }
                    _ => None,
                })
                .collect();
            let expected: Vec<_> = Some(refused).filter(|refused| !refused.is_empty()).into_iter().collect();
            prop_assert_eq!(held, expected, "event {:?}", event.change);
        }
    }

    /// Three devices converge to identical states once everyone has everything, and no event
    /// is lost: conflicting events are kept and listed, never dropped.
    #[test]
    fn x_1_three_devices_converge_and_lose_no_event(steps in proptest::collection::vec(step(), 1..120)) {
        let (mut devices, created) = simulate(&steps);
        for _round in 0..2 {
            for from in 0..3 {
                for to in 0..3 {
                    if from != to {
                        let log = devices[from].log().to_vec();
                        devices[to].receive(&log);
                    }
                }
            }
        }
        prop_assert_eq!(&devices[0].desk(), &devices[1].desk());
        prop_assert_eq!(&devices[1].desk(), &devices[2].desk());
        prop_assert_eq!(ids(devices[0].log()), ids(&created));
        let applied_or_held = devices[0].log().len();
        prop_assert_eq!(applied_or_held, created.len());
    }
}

/// Two devices open renovation cases on the same unit while apart: after the merge both
/// events are kept, and the later one is held as a conflict naming the earlier.
#[test]
fn x_2_concurrent_opening_of_one_unit_is_kept_as_a_conflict() {
    let mut desk_pc = Scenario::new("desk-pc");
    let mut tablet = Scenario::new("tablet-1");
    let now = start();
    let unit = UnitRef::new("1", "1", "101");
    let opened = |name: &str| {
        Change::Renovation(R::Opened {
            unit: unit.clone(),
            resident: Resident {
                name: name.into(),
                occupancy: Occupancy::Owner,
                phone: "1".into(),
            },
            commercial_unit: false,
            number: None,
        })
    };
    let a = desk_pc.actor("王芳", Role::FrontDesk);
    let b = tablet.actor("李伟", Role::FrontDesk);
    let first = desk_pc.run(&a, "ren-a", opened("甲"), now).unwrap();
    let second = tablet
        .run(&b, "ren-b", opened("乙"), now + Duration::minutes(5))
        .unwrap();
    desk_pc.receive(tablet.log());
    tablet.receive(desk_pc.log());
    assert_eq!(desk_pc.desk(), tablet.desk());
    assert_eq!(desk_pc.log().len(), 2, "both events are kept");
    let conflicts: Vec<_> = desk_pc.desk().open_conflicts().collect();
    assert_eq!(conflicts.len(), 1);
    assert_eq!(conflicts[0].event, second[0].id);
    assert!(
        matches!(&conflicts[0].kind, ConflictKind::InvalidInMergedOrder { violations } if violations[0].rule == estate_core::RuleId::Ren10)
    );
    assert_eq!(
        desk_pc
            .desk()
            .renovations
            .get(&EntityId("ren-a".into()))
            .map(|c| c.status.is_open()),
        Some(true)
    );
    let _ = first;

    // only a manager settles it; the choice is a new event, and both sides stay.
    let held = second[0].id.clone();
    let review = Change::ConflictReviewed {
        set_aside: None,
        event: held.clone(),
        note: "甲先登记，乙的申请作废".into(),
    };
    let refused = desk_pc
        .run(&a, "ren-b", review.clone(), now + Duration::minutes(30))
        .unwrap_err();
    assert!(matches!(
        refused[0].problem,
        estate_core::violation::Problem::WrongRole { .. }
    ));
    let supervisor = desk_pc.actor("李工", Role::RenovationSupervisor);
    desk_pc
        .run(&supervisor, "ren-b", review, now + Duration::minutes(31))
        .unwrap();
    assert_eq!(desk_pc.desk().open_conflicts().count(), 0);
    assert_eq!(
        desk_pc.log().len(),
        3,
        "the held event and the review are both kept"
    );
    tablet.receive(desk_pc.log());
    assert_eq!(
        tablet.desk().open_conflicts().count(),
        0,
        "the review travels"
    );
}

/// Concurrent edits of the same field conflict; of different fields they do not; a later edit
/// made with the winner in view settles the conflict.
#[test]
fn x_1_concurrent_edits_of_one_field_conflict_until_resolved() {
    let mut desk_pc = Scenario::new("desk-pc");
    let mut tablet = Scenario::new("tablet-1");
    let now = start();
    let a = desk_pc.actor("王芳", Role::FrontDesk);
    let b = tablet.actor("李伟", Role::FrontDesk);
    desk_pc
        .run(
            &a,
            "ren-a",
            Change::Renovation(R::Opened {
                unit: UnitRef::new("1", "1", "101"),
                resident: Resident {
                    name: "甲".into(),
                    occupancy: Occupancy::Owner,
                    phone: "1".into(),
                },
                commercial_unit: false,
                number: None,
            }),
            now,
        )
        .unwrap();
    tablet.receive(desk_pc.log());

    let edit = |field, value: &str| {
        Change::Renovation(R::FieldSet {
            field,
            value: value.into(),
            supersedes: None,
        })
    };
    desk_pc
        .run(
            &a,
            "ren-a",
            edit(CaseField::ResidentPhone, "13911111111"),
            now + Duration::minutes(1),
        )
        .unwrap();
    tablet
        .run(
            &b,
            "ren-a",
            edit(CaseField::ResidentPhone, "13922222222"),
            now + Duration::minutes(2),
        )
        .unwrap();
    tablet
        .run(
            &b,
            "ren-a",
            edit(CaseField::Notes, "周末不施工"),
            now + Duration::minutes(3),
        )
        .unwrap();
    desk_pc.receive(tablet.log());
    tablet.receive(desk_pc.log());
    assert_eq!(desk_pc.desk(), tablet.desk());

    let conflicts: Vec<_> = desk_pc.desk().open_conflicts().cloned().collect();
    assert_eq!(conflicts.len(), 1, "only the phone clashed: {conflicts:?}");
    assert_eq!(
        conflicts[0].kind,
        ConflictKind::ConcurrentFieldEdit {
            field: CaseField::ResidentPhone
        }
    );
    let case = &desk_pc.desk().renovations[&EntityId("ren-a".into())];
    assert_eq!(
        case.fields[&CaseField::ResidentPhone].value,
        "13922222222",
        "the later HLC is shown"
    );

    assert_eq!(case.field(CaseField::ResidentPhone), "13922222222");
    // The reviewer keeps the desk's number: an edit made with the current value in view.
    let choice = case.edit(CaseField::ResidentPhone, "13911111111");
    desk_pc
        .run(
            &a,
            "ren-a",
            Change::Renovation(choice),
            now + Duration::minutes(10),
        )
        .unwrap();
    let case = &desk_pc.desk().renovations[&EntityId("ren-a".into())];
    assert_eq!(case.field(CaseField::ResidentPhone), "13911111111");
    assert_eq!(desk_pc.desk().open_conflicts().count(), 0);
    assert_eq!(
        desk_pc.desk().conflicts.len(),
        1,
        "the settled conflict stays in the history"
    );
}

/// Issue #18: a device that joins an office holds its own newest events (its enrolment) and
/// then pulls the office's history, older than them, batch after batch. Each batch folds on
/// from a snapshot that an earlier batch left after its last event, at most `snapshot_every`
/// events back, not from the start of the log: a batch costs the same at 120k events as at
/// 1k. The desk is exactly a full replay's.
#[test]
fn x_1_pulling_history_older_than_own_events_folds_on_from_an_earlier_batch() {
    use estate_core::hlc::DeviceId;
    use estate_core::local_device::LocalDevice;
    use estate_core::record::chain_records;
    let office = estate_core::sample::office(40, 7);
    let records = chain_records(office.log());
    let own = records.len() - 3;
    let every = 120;
    let mut device = LocalDevice::load(DeviceId("tablet-new".into()), &records[own..])
        .expect("the newest events load")
        .with_snapshot_every(every);
    let now = estate_core::desk::event_time(office.log().last().expect("events"));
    let mut folded = Vec::new();
    for start in (0..own).step_by(50) {
        let end = (start + 50).min(own);
        let plan = device.plan_absorb(
            records[start..end].to_vec(),
            office.log()[start..end].to_vec(),
            now,
        );
        folded.push((start, plan.folded_from()));
        device.confirm_absorb(plan);
        assert_eq!(*device.desk(), fresh_desk().replay(device.log()));
    }
    assert_eq!(device.log(), office.log());
    assert!(folded.len() > 6, "the history comes in several batches");
    for (start, from) in &folded {
        match from {
            FoldedFrom::Snapshot { position } => assert!(
                (start.saturating_sub(every)..=*start).contains(position),
                "the batch at {start} folded from {position}"
            ),
            FoldedFrom::Replay => assert!(*start < every, "the batch at {start} replayed"),
            FoldedFrom::Head => panic!("the batch at {start} sorts before the own events"),
        }
    }
}
