//! Prints the known numbers of the sample office (see `sample_bundle`) for one month, as JSON:
//! the three monthly forms and the front desk's first overdue item. The reports E2E test
//! compares the screens against them.
//!
//!     cargo run -q -p estate-core --example report_totals -- --cases 40 --seed 7 --year 2026 --month 1

use chrono::{DateTime, Utc};
use estate_core::dashboard::agenda;
use estate_core::report::{complaint_month, renovation_month, suggestion_month, Month};
use estate_core::sample::office;
use estate_core::Role;

fn flag(args: &[String], name: &str, default: i64) -> i64 {
    args.iter()
        .position(|arg| arg == name)
        .and_then(|index| args.get(index + 1))
        .map(|value| value.parse().expect("a number"))
        .unwrap_or(default)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let device = office(
        flag(&args, "--cases", 40) as usize,
        flag(&args, "--seed", 7) as u64,
    );
    let month = Month::new(
        flag(&args, "--year", 2026) as i32,
        flag(&args, "--month", 1) as u32,
    );
    let now: DateTime<Utc> =
        DateTime::from_timestamp_millis(flag(&args, "--now-ms", 1_790_000_000_000))
            .expect("a time");
    let first_overdue = agenda(device.desk(), now, Role::FrontDesk)
        .overdue
        .first()
        .and_then(|deadline| {
            let id = estate_core::EntityId(deadline.entity_id.clone());
            device
                .desk()
                .feedback
                .get(&id)
                .and_then(|case| case.unit.clone())
                .or_else(|| {
                    device
                        .desk()
                        .renovations
                        .get(&id)
                        .and_then(|case| case.unit.clone())
                })
        })
        .map(|unit| unit.to_string());
    let totals = serde_json::json!({
        "renovation": renovation_month(device.log(), device.desk(), month),
        "complaint": complaint_month(device.desk(), month),
        "suggestion": suggestion_month(device.desk(), month),
        "first_overdue_front_desk": first_overdue,
    });
    println!(
        "{}",
        serde_json::to_string_pretty(&totals).expect("serializes")
    );
}
