//! Core benchmarks: replaying 100k events, and the deadlines/overdue list over 10k cases.
//! Run with `cargo bench -p estate-core`; they are measurements, not tests.

use chrono::{DateTime, Duration, Utc};
use criterion::{criterion_group, criterion_main, Criterion};
use estate_core::feedback::{
    Channel, ComplaintClass, Department, FeedbackChange as F, FeedbackKind,
};
use estate_core::party::{Contractor, Occupancy, Resident, UnitRef};
use estate_core::renovation::{
    required_documents, DeclaredChange, DrawingReview, Evidence, RenovationChange as R, ReviewPoint,
};
use estate_core::scenario::Scenario;
use estate_core::{Change, Event, Role};
use std::hint::black_box;

fn start() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-01-05T09:00:00+08:00")
        .unwrap()
        .with_timezone(&Utc)
}

/// A deterministic office: `cases` cases, half renovations and half complaints, taken through
/// realistic flows with about ten events each. The seed picks how far each case got.
fn office(cases: usize, seed: u64) -> Scenario {
    let mut device = Scenario::new("bench");
    let desk = device.actor("王芳", Role::FrontDesk);
    let supervisor = device.actor("李工", Role::RenovationSupervisor);
    let manager = device.actor("周经理", Role::CsManager);
    let head = device.actor("孙工", Role::DepartmentHead);
    let mut state = seed | 1;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let resident = Resident {
        name: "业主".into(),
        occupancy: Occupancy::Owner,
        phone: "13800000000".into(),
    };
    let pass = || ReviewPoint {
        passed: true,
        remark: String::new(),
    };
    for index in 0..cases {
        let now = start() + Duration::minutes(index as i64 * 3);
        let id = format!("case-{index:06}");
        let mut run = |who: &estate_core::Actor, change: Change, minutes: i64| {
            let _ = device.run(who, &id, change, now + Duration::minutes(minutes));
        };
        let depth = next() % 4;
        if index % 2 == 0 {
            let unit = UnitRef::new(
                &format!("{}", index / 2000 + 1),
                &format!("{}", index % 4 + 1),
                &format!("{}", 100 + index % 2000),
            );
            let declared: std::collections::BTreeSet<_> =
                [DeclaredChange::Wiring].into_iter().collect();
            run(
                &desk,
                Change::Renovation(R::Opened {
                    unit,
                    resident: resident.clone(),
                    commercial_unit: false,
                }),
                0,
            );
            run(
                &desk,
                Change::Renovation(R::ChangesDeclared {
                    changes: declared.clone(),
                }),
                1,
            );
            run(
                &desk,
                Change::Renovation(R::ContractorSet {
                    contractor: Contractor {
                        name: "施工队".into(),
                        phone: "1".into(),
                    },
                }),
                2,
            );
            for (document, _) in
                required_documents(&declared, false, &estate_core::Policy::default())
            {
                run(
                    &desk,
                    Change::Renovation(R::DocumentReceived {
                        document,
                        evidence: Evidence {
                            attachments: vec![],
                            paper_copies: document.copies_needed(),
                            stamped: true,
                        },
                    }),
                    3,
                );
            }
            run(&desk, Change::Renovation(R::Submitted), 4);
            if depth > 0 {
                run(
                    &supervisor,
                    Change::Renovation(R::DrawingsReviewed {
                        review: DrawingReview {
                            structure: pass(),
                            plumbing_and_gas: pass(),
                            power_and_low_voltage: pass(),
                            facade: pass(),
                        },
                    }),
                    5,
                );
            }
        } else {
            run(
                &desk,
                Change::Feedback(F::Received {
                    kind: FeedbackKind::Complaint,
                    channel: Channel::Phone,
                    resident: resident.clone(),
                    unit: UnitRef::new("9", "1", &format!("{index}")),
                    what: "漏水".into(),
                    happened_at: None,
                    acknowledged: true,
                }),
                0,
            );
            if depth > 0 {
                run(
                    &manager,
                    Change::Feedback(F::Classified {
                        class: ComplaintClass::BuildingQuality,
                        cause: "渗漏".into(),
                    }),
                    1,
                );
                run(
                    &manager,
                    Change::Feedback(F::Forwarded {
                        department: Department::Engineering,
                        content: "渗漏".into(),
                        demand: "维修".into(),
                    }),
                    2,
                );
                run(
                    &head,
                    Change::Feedback(F::DepartmentAccepted {
                        method: "维修".into(),
                        complete_by: now + Duration::days(3),
                        signed_by: "孙工".into(),
                    }),
                    3,
                );
            }
            if depth > 1 {
                run(
                    &desk,
                    Change::Feedback(F::ReplyGiven {
                        explanation: "处理中".into(),
                    }),
                    4,
                );
                run(
                    &head,
                    Change::Feedback(F::Handled {
                        result: "完成".into(),
                    }),
                    5,
                );
            }
        }
    }
    device
}

/// Events for roughly `target` events, from as many cases as it takes.
fn log_of_about(target: usize) -> Vec<Event> {
    let probe = office(200, 7);
    let per_case = probe.log.len() as f64 / 200.0;
    office((target as f64 / per_case) as usize, 7).log
}

fn benches(c: &mut Criterion) {
    let log = log_of_about(100_000);
    eprintln!("replay benchmark: {} events", log.len());
    let fresh = Scenario::new("bench").fresh_desk();
    c.bench_function("replay_100k_events", |b| {
        b.iter(|| black_box(fresh.clone().replay(black_box(&log))))
    });

    let desk = office(10_000, 11).desk;
    let now = start() + Duration::days(30);
    c.bench_function("deadlines_overdue_first_10k_cases", |b| {
        b.iter(|| black_box(desk.deadlines(black_box(now))))
    });
}

criterion_group! {
    name = core;
    config = Criterion::default().sample_size(10);
    targets = benches
}
criterion_main!(core);
