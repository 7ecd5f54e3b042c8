//! Route `/settings`: the role to work in and the language; the staff list for the office
//! administrator; the office name and rules; the sync server; storage, and erasing the device.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::app_root::AppRoot;
use crate::routes::Route;

use crate::components::device_cards::DeviceCards;
use crate::components::device_setup_form::DeviceSetupForm;
use crate::components::erase_device::EraseDevice;
use crate::components::office_name_form::OfficeNameForm;
use crate::components::office_rules::OfficeRules;
use crate::components::staff_admin::StaffAdmin;
use crate::components::staff_gate::signed_in_administrator;
use crate::components::storage_status::StorageStatus;
use crate::components::sync_server::SyncServer;
use crate::device_settings::DeviceSettings;
use crate::i18n::{I18n, Text};
use crate::services::Services;

/// Route `/settings`: this device, the office's staff and devices, storage and erasing.
#[component]
pub fn SettingsPage() -> impl IntoView {
    let i18n = I18n::expect();
    let root = AppRoot::expect();
    let administers = signed_in_administrator(Services::expect(), DeviceSettings::expect());
    view! {
        <section class="page" aria-labelledby="page-title">
            <h1 id="page-title">{move || i18n.t(Text::NavSettings)}</h1>
            <DeviceSetupForm />
            <StaffAdmin />
            <DeviceCards />
            <OfficeNameForm />
            <OfficeRules />
            <section class="settings-section" aria-labelledby="calendar-title">
                <h2 id="calendar-title">{move || i18n.t(Text::NavCalendar)}</h2>
                <p>{move || i18n.t(Text::CalendarIntro)}</p>
                <A href=Route::Calendar(None).href(&root) attr:class="button">{move || i18n.t(Text::OpenCalendar)}</A>
            </section>
            // Issue #18: only an administrator points the office at a sync server.
            <Show when=administers>
                <SyncServer />
            </Show>
            <StorageStatus />
            // Issue #21: only an administrator may erase the device.
            <Show when=administers>
                <EraseDevice />
            </Show>
        </section>
    }
}
