//! Prints a full bundle of the deterministic sample office (see `estate_core::sample`), for the
//! large-list test and the import/export benchmarks.
//!
//!     cargo run -q -p estate-core --example sample_bundle -- --cases 1000 --seed 7 > office.json

use chrono::Duration;
use estate_core::bundle::{self, Scope, Source};
use estate_core::hlc::DeviceId;
use estate_core::local_device::LocalDevice;
use estate_core::record::chain_records;
use estate_core::sample::{office, start};

fn flag(args: &[String], name: &str, default: u64) -> u64 {
    args.iter()
        .position(|arg| arg == name)
        .and_then(|index| args.get(index + 1))
        .map(|value| value.parse().expect("a number"))
        .unwrap_or(default)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let cases = flag(&args, "--cases", 1000) as usize;
    let seed = flag(&args, "--seed", 7);
    let device = office(cases, seed);
    let source = Source {
        device_id: "bench".into(),
        device_name: "样例办公室".into(),
        person: "王芳".into(),
    };
    let created_at = start() + Duration::days(60);
    // Written as Estate Desk's export writes a file (`bundle::write_held`): the body in the
    // canonical form its hash is taken over.
    let holder = LocalDevice::load(
        DeviceId("sample-office".into()),
        &chain_records(device.log()),
    )
    .expect("the sample office loads");
    let written = bundle::write_held(
        holder.held_events(0..u64::MAX),
        Vec::new(),
        source,
        created_at,
        Scope::Full,
        "0.1.0",
    );
    println!("{}", written.hashed().into_text());
}
