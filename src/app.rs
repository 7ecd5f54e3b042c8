//! The application shell: contexts, the device-setup gate, navigation and routes.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::app_root::AppRoot;
use crate::commands::CommandCounter;
use crate::components::app_header::AppHeader;
use crate::components::main_nav::MainNav;
use crate::components::staff_gate::StaffGate;
use crate::components::storage_gate::StorageGate;
use crate::components::sync_status::SyncStatus;
use crate::device_settings::{load_language, DeviceSettings};
use crate::i18n::{I18n, Text};
use crate::pages::{
    calendar_page::CalendarPage, conflicts_page::ConflictsPage, dashboard_page::DashboardPage,
    feedback_case_page::FeedbackCasePage, feedback_page::FeedbackPage,
    new_renovation_page::NewRenovationPage, not_found_page::NotFoundPage, patrol_page::PatrolPage,
    patrols_page::PatrolsPage, print_page::PrintPage, renovation_case_page::RenovationCasePage,
    renovations_page::RenovationsPage, reports_page::ReportsPage, settings_page::SettingsPage,
    sync_page::SyncPage, tickets_page::TicketsPage,
};
use crate::pwa::AppShellStatus;
use crate::routes::Route as Screen;

/// The whole app. Until this device is set up, only the setup form is shown: every record
/// made later carries the person and role chosen there.
#[component]
pub fn App() -> impl IntoView {
    let i18n = I18n::provide(load_language());
    CommandCounter::provide();
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
                        <crate::components::sync_server::LiveSyncStatus />
                        <Routes fallback=NotFoundPage>
                            <Route path=path!("/") view=DashboardPage />
                            <Route path=Screen::Renovations.segment() view=RenovationsPage />
                            <Route path=Screen::NewRenovation.segment() view=NewRenovationPage />
                            <Route path=Screen::RENOVATION.segment() view=RenovationCasePage />
                            <Route path=Screen::PRINT.segment() view=PrintPage />
                            <Route path=Screen::CONFLICTS.segment() view=ConflictsPage />
                            <Route path=Screen::Feedback.segment() view=FeedbackPage />
                            <Route path=Screen::FEEDBACK_CASE.segment() view=FeedbackCasePage />
                            <Route path=Screen::Patrols.segment() view=PatrolsPage />
                            <Route path=Screen::PATROL.segment() view=PatrolPage />
                            <Route path=Screen::Tickets.segment() view=TicketsPage />
                            <Route path=Screen::Reports.segment() view=ReportsPage />
                            <Route path=Screen::Sync.segment() view=SyncPage />
                            <Route path=Screen::Settings.segment() view=SettingsPage />
                            <Route path=Screen::CALENDAR.segment() view=CalendarPage />
                        </Routes>
                    </main>
                </div>
                </StaffGate>
            </StorageGate>
        </Router>
    }
}
