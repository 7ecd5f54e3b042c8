//! Core benchmarks: replaying 100k events, and the deadlines/overdue list over 10k cases.
//! Run with `cargo bench -p estate-core`; they are measurements, not tests.

use chrono::Duration;
use criterion::{criterion_group, criterion_main, Criterion};
use estate_core::Event;
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
