//! Core benchmarks: replaying 100k events, merging 100 new events into a 100k-event desk, and
//! the deadlines/overdue list over 10k cases.
//! Run with `cargo bench -p estate-core`; they are measurements, not tests.

use chrono::Duration;
use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use estate_core::hlc::DeviceId;
use estate_core::local_device::{FoldedFrom, LocalDevice};
use estate_core::record::chain_records;
use estate_core::Event;
use std::collections::BTreeSet;
use std::hint::black_box;

/// Events for roughly `target` events, from as many cases as it takes.
fn log_of_about(target: usize) -> Vec<Event> {
    let probe = office(200, 7);
    let per_case = probe.log().len() as f64 / 200.0;
    office((target as f64 / per_case) as usize, 7)
        .log()
        .to_vec()
}

use estate_core::sample::{office, start};

fn benches(c: &mut Criterion) {
    let log = log_of_about(100_000);
    eprintln!("replay benchmark: {} events", log.len());
    let fresh = estate_core::local_device::fresh_desk();
    c.bench_function("replay_100k_events", |b| {
        b.iter(|| black_box(fresh.clone().replay(black_box(&log))));
    });

    // Issue #19: 100 new events into a 100k-event desk, planned and confirmed as an import
    // does. First when they all sort after the head (a day's events that arrive after the
    // desk's own), then when they interleave with its last 2,000 (from a snapshot).
    let after_head: BTreeSet<usize> = (log.len() - 100..log.len()).collect();
    let interleaved: BTreeSet<usize> = (log.len() - 2_000..log.len()).step_by(20).collect();
    for (name, positions, expected) in [
        ("merge_100_after_head_into_100k_events", after_head, "head"),
        (
            "merge_100_interleaved_into_100k_events",
            interleaved,
            "snapshot",
        ),
    ] {
        let (mut held, mut incoming) = (Vec::new(), Vec::new());
        for (position, event) in log.iter().enumerate() {
            let side = if positions.contains(&position) {
                &mut incoming
            } else {
                &mut held
            };
            side.push(event.clone());
        }
        let device = LocalDevice::load(DeviceId("bench-pc".into()), &chain_records(&held))
            .expect("sample records load");
        let records = chain_records(&incoming);
        let now = estate_core::desk::event_time(incoming.last().expect("events"));
        let folded_from = device
            .plan_absorb(records.clone(), incoming.clone(), now)
            .folded_from();
        let incremental = match folded_from {
            FoldedFrom::Head => "head",
            FoldedFrom::Snapshot { .. } => "snapshot",
            FoldedFrom::Replay => "replay",
        };
        assert_eq!(incremental, expected, "{name} folds from the {expected}");
        c.bench_function(name, |b| {
            b.iter_batched(
                || (device.clone(), records.clone(), incoming.clone()),
                |(mut device, records, incoming)| {
                    let plan = device.plan_absorb(records, incoming, now);
                    device.confirm_absorb(plan);
                    device
                },
                BatchSize::LargeInput,
            );
        });
    }

    let desk = office(10_000, 11).desk().clone();
    let now = start() + Duration::days(30);
    c.bench_function("deadlines_overdue_first_10k_cases", |b| {
        b.iter(|| black_box(desk.deadlines(black_box(now))));
    });
}

criterion_group! {
    name = core;
    config = Criterion::default().sample_size(10);
    targets = benches
}
criterion_main!(core);
