//! Entry point of the browser build: everything lives in the library so tests can mount it.

fn main() {
    estate_desk::start();
}
