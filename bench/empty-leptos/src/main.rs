//! The cold-load baseline of `scripts/bench`: an empty Leptos CSR page, built by trunk with the
//! same release profile, wasm-opt and service worker as the app, so the ratio measures what
//! Estate Desk adds on top of Leptos itself.

use leptos::prelude::*;

fn main() {
    mount_to_body(|| {
        view! {
            <main>
                <button type="button">"Estate Desk"</button>
            </main>
        }
    });
}
