//! Route `/renovation?id=…`: one renovation case from application to refund (REN-10..41,
//! FEE-1..7). The page is a frame of sections (`pages/renovation_case/`), each offering only
//! the steps core opens to the signed-in role in the current state; pressing one that still
//! lacks something shows every rule it breaks. The sections stay mounted across saves.

use chrono::Utc;
use estate_core::renovation::RenovationStatus;
use estate_core::step::Step;
use estate_core::EntityId;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::app_root::AppRoot;
use crate::components::case_frame::{query_id, while_found};
use crate::components::case_history::CaseTimeline;
use crate::components::conflicts_notice::ConflictsNotice;
use crate::components::status_strip::{CaseStatus, StatusStrip};
use crate::device_settings::DeviceSettings;
use crate::i18n::renovation::status_text;
use crate::i18n::{I18n, Text};
use crate::pages::renovation_case::acceptance::AcceptanceSection;
use crate::pages::renovation_case::application::{ApplicationSection, DocumentsHeld};
use crate::pages::renovation_case::construction::ConstructionSection;
use crate::pages::renovation_case::details::CaseDetails;
use crate::pages::renovation_case::fees::FeesSection;
use crate::pages::renovation_case::ledger::LedgerSection;
use crate::pages::renovation_case::refund::RefundSection;
use crate::pages::renovation_case::review::ReviewSection;
use crate::pages::renovation_case::summary::CaseSummary;
use crate::pages::renovation_case::CaseView;
use crate::routes::Route;
use crate::services::Services;

/// The case named by the link's `id`; a new id (another case) mounts a new page.
#[component]
pub fn RenovationCasePage() -> impl IntoView {
    let id = query_id();
    move || match id.get() {
        Some(id) => view! { <CaseScreen id=id /> }.into_any(),
        None => view! { <CaseNotFound /> }.into_any(),
    }
}

/// "No such case", with the way back to the list.
#[component]
fn CaseNotFound() -> impl IntoView {
    let i18n = I18n::expect();
    let root = AppRoot::expect();
    view! {
        <section class="page" aria-labelledby="page-title">
            <h1 id="page-title">{move || i18n.t(Text::CaseNotFound)}</h1>
            <A href=Route::Renovations.href(&root) attr:class="button">{move || i18n.t(Text::BackToList)}</A>
        </section>
    }
}

/// One case, re-read after every save without re-mounting its sections.
#[component]
fn CaseScreen(id: EntityId) -> impl IntoView {
    let services = Services::expect();
    let settings = DeviceSettings::expect();
    let found = Memo::new(move |_| {
        services.version();
        let role = settings.profile()?.role;
        let desk = services.desk();
        let timeline = desk.events_of(&id);
        desk.with_desk(|desk| CaseView::load(desk, timeline, &id, role, Utc::now()))
    });
    let exists = move || found.with(Option::is_some);
    view! {
        <Show when=exists fallback=|| view! { <CaseNotFound /> }>
            <CaseBody case=while_found(found) />
        </Show>
    }
}

/// The sections a case shows in its state, for the signed-in role.
#[component]
fn CaseBody(case: Memo<CaseView>) -> impl IntoView {
    let i18n = I18n::expect();
    let root = AppRoot::expect();
    let status = move || case.with(|view| view.case.status);
    let can_any = move |steps: &'static [Step]| {
        move || case.with(|view| steps.iter().any(|step| view.can(*step)))
    };
    let building = move || {
        matches!(
            status(),
            RenovationStatus::UnderConstruction
                | RenovationStatus::AcceptanceRequested
                | RenovationStatus::Accepted
        )
    };
    let accepting = move || {
        case.with(|view| {
            view.can(Step::RequestAcceptance)
                || view.can(Step::ScheduleAcceptance)
                || view.can(Step::RecordAcceptance)
                || view.case.acceptance_scheduled_for.is_some()
                || !view.case.open_defects.is_empty()
        })
    };
    let refunding = move || {
        matches!(
            status(),
            RenovationStatus::Accepted | RenovationStatus::Refunded | RenovationStatus::Withdrawn
        ) || case.with(|view| {
            [
                Step::Close,
                Step::Withdraw,
                Step::CollectOwed,
                Step::WriteOffBalance,
            ]
            .into_iter()
            .any(|step| view.can(step))
        })
    };
    let application_open = can_any(&[Step::SetContractor]);
    let title = move || {
        case.with(|view| {
            view.case
                .unit
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default()
        })
    };
    let entity = case.with_untracked(|view| view.id.clone());
    view! {
        <article class="page case-page" aria-labelledby="page-title">
            <A href=Route::Renovations.href(&root) attr:class="back-link">{move || i18n.t(Text::BackToList)}</A>
            <h1 id="page-title">
                {title}
                " · "
                <span class="case-status">{move || i18n.t(status_text(status()))}</span>
                " · "
                <span class="case-number">{move || case.with(|view| view.case.number.clone().unwrap_or_default())}</span>
            </h1>
            <StatusStrip status=Signal::derive(move || case.with(|view| CaseStatus {
                state: status_text(view.case.status),
                next: view.next.clone(),
                role: view.role,
                due: view.deadlines.first().cloned(),
                policy: view.policy.clone(),
            })) />
            <ConflictsNotice entity=Some(entity) />
            <CaseSummary case=case />
            <Show when=can_any(&[Step::EditCase])>
                <CaseDetails case=case />
            </Show>
            <Show when=move || !case.with(CaseView::can_act)>
                <p class="hint" role="note">{move || i18n.t(Text::NoActions)}</p>
            </Show>
            <Show when=application_open fallback=move || view! { <DocumentsHeld case=case /> }>
                <ApplicationSection case=case />
            </Show>
            <Show when=can_any(&[Step::ReviewDrawings])>
                <ReviewSection case=case />
            </Show>
            <Show when=can_any(&[
                Step::CollectFees,
                Step::IssuePermit,
                Step::IssuePasses,
                Step::IssueHotWorkPermit,
                Step::SignAgreement,
                Step::StartConstruction,
            ])>
                <FeesSection case=case />
            </Show>
            <Show when=building>
                <ConstructionSection case=case />
            </Show>
            <Show when=accepting>
                <AcceptanceSection case=case />
            </Show>
            <Show when=refunding>
                <RefundSection case=case />
            </Show>
            <LedgerSection case=case />
            {move || case.with(|view| view! {
                <CaseTimeline events=view.timeline.clone() policy=view.policy.clone() devices=view.devices.clone() />
            })}
        </article>
    }
}
