//! The application shell: contexts, the device-setup gate, navigation and routes.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::app_root::AppRoot;
use crate::components::app_header::AppHeader;
use crate::components::main_nav::MainNav;
use crate::components::staff_gate::StaffGate;
use crate::components::storage_gate::StorageGate;
use crate::components::sync_status::SyncStatus;
use crate::device_settings::DeviceSettings;
use crate::i18n::{I18n, Text};
use crate::pages::{
    conflicts_page::ConflictsPage, dashboard_page::DashboardPage,
    feedback_case_page::FeedbackCasePage, feedback_page::FeedbackPage,
    new_renovation_page::NewRenovationPage, not_found_page::NotFoundPage, patrol_page::PatrolPage,
    patrols_page::PatrolsPage, print_page::PrintPage, renovation_case_page::RenovationCasePage,
    renovations_page::RenovationsPage, reports_page::ReportsPage, settings_page::SettingsPage,
    sync_page::SyncPage, tickets_page::TicketsPage,
};
use crate::pwa::AppShellStatus;

/// The whole app. Until this device is set up, only the setup form is shown: every record
/// made later carries the person and role chosen there.
#[component]
pub fn App() -> impl IntoView {
    let i18n = I18n::provide();
    DeviceSettings::provide();
    let root = AppRoot::provide();
    AppShellStatus::provide();

    // `<html lang>` is outside the Leptos tree: keeping it in sync is an effect's job.
    Effect::new(move |_| {
        let tag = i18n.lang().tag();
        if let Some(html) = document().document_element() {
            let _ = html.set_attribute("lang", tag);
        }
        document().set_title(i18n.t(Text::AppName));
    });

    view! {
        <Router base=root.base().to_owned()>
            <a class="skip-link" href="#main">
                {move || i18n.t(Text::SkipToContent)}
            </a>
            <AppHeader />
            <StorageGate>
                <StaffGate>
                <div class="shell">
                    <MainNav />
                    <main id="main" class="main">
                        <SyncStatus />
                        <Routes fallback=NotFoundPage>
                            <Route path=path!("/") view=DashboardPage />
                            <Route path=path!("/renovations") view=RenovationsPage />
                            <Route path=path!("/new-renovation") view=NewRenovationPage />
                            <Route path=path!("/renovation") view=RenovationCasePage />
                            <Route path=path!("/print") view=PrintPage />
                            <Route path=path!("/conflicts") view=ConflictsPage />
                            <Route path=path!("/feedback") view=FeedbackPage />
                            <Route path=path!("/feedback-case") view=FeedbackCasePage />
                            <Route path=path!("/patrols") view=PatrolsPage />
                            <Route path=path!("/patrol") view=PatrolPage />
                            <Route path=path!("/tickets") view=TicketsPage />
                            <Route path=path!("/reports") view=ReportsPage />
                            <Route path=path!("/sync") view=SyncPage />
                            <Route path=path!("/settings") view=SettingsPage />
                        </Routes>
                    </main>
                </div>
                </StaffGate>
            </StorageGate>
        </Router>
    }
}
