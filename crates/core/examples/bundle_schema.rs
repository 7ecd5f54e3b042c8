//! Prints the JSON Schema of the bundle wire types.
//!
//!     cargo run -q -p estate-core --example bundle_schema > docs/bundle.schema.json

fn main() {
    println!("{}", estate_core::bundle::json_schema());
}
