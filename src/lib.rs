//! Estate Desk, the Leptos client-side app.
//!
//! Architecture invariant: the app holds no business rule. Pages send commands to
//! `estate_core`, which validates them and returns events; `store` writes them; views re-read.

pub mod app;
pub mod app_root;
pub mod commands;
pub mod components;
pub mod desk_service;
pub mod device_key;
pub mod device_settings;
pub mod download;
pub mod durability;
pub mod i18n;
pub mod pages;
pub mod panic_panel;
pub mod patrol_draft;
pub mod photo;
pub mod pin;
pub mod pwa;
pub mod reports;
pub mod routes;
pub mod services;
pub mod session;
pub mod store;
pub mod sync;
pub mod timing;
pub mod web_crypto;

pub use app::App;

/// Starts the app in the browser: report panics visibly, then mount.
pub fn start() {
    panic_panel::install_panic_hook();
    let _mounting = timing::Span::start("startup.mount");
    leptos::mount::mount_to_body(App);
}
