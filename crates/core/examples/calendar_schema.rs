//! Prints the JSON Schema of the calendar file: `docs/calendar.schema.json`.

fn main() {
    println!("{}", estate_core::calendar_file::json_schema());
}
