//! Route `/feedback-case?id=…`: one complaint or suggestion from intake to the follow-up visit
//! (FB-01..26). Customer service owns it until the follow-up is done; each section shows only
//! the steps core opens to the signed-in role, in the states where they apply, and stays
//! mounted across saves.

use chrono::Utc;
use estate_core::feedback::FeedbackKind;
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
use crate::i18n::feedback::status_text;
use crate::i18n::{I18n, Text};
use crate::pages::feedback_case::classify::ClassifySection;
use crate::pages::feedback_case::department::DepartmentSection;
use crate::pages::feedback_case::follow_up::FollowUpSection;
use crate::pages::feedback_case::forward::ForwardSection;
use crate::pages::feedback_case::reply::ReplySection;
use crate::pages::feedback_case::serious::SeriousSection;
use crate::pages::feedback_case::suggestion::SuggestionSection;
use crate::pages::feedback_case::summary::FeedbackSummary;
use crate::pages::feedback_case::verify::VerifySection;
use crate::pages::feedback_case::FeedbackView;
use crate::routes::{PrintForm, PrintOf, Route};
use crate::services::Services;

/// The complaint or suggestion named by the link's `id`.
#[component]
pub fn FeedbackCasePage() -> impl IntoView {
    let id = query_id();
    move || match id.get() {
        Some(id) => view! { <FeedbackScreen id=id /> }.into_any(),
        None => view! { <FeedbackNotFound /> }.into_any(),
    }
}

/// "No such complaint or suggestion", with the way back.
#[component]
fn FeedbackNotFound() -> impl IntoView {
    let i18n = I18n::expect();
    let root = AppRoot::expect();
    view! {
        <section class="page">
            <h1>{move || i18n.t(Text::FeedbackCaseNotFound)}</h1>
            <A href=Route::Feedback.href(&root) attr:class="button">{move || i18n.t(Text::BackToFeedback)}</A>
        </section>
    }
}

/// One case, re-read after every save without re-mounting its sections.
#[component]
fn FeedbackScreen(id: EntityId) -> impl IntoView {
    let services = Services::expect();
    let settings = DeviceSettings::expect();
    let found = Memo::new(move |_| {
        services.version();
        let profile = settings.profile()?;
        let desk = services.desk();
        let timeline = desk.events_of(&id);
        desk.with_desk(|desk| {
            FeedbackView::load(
                desk,
                timeline,
                &id,
                (profile.role, profile.person_name.clone()),
                Utc::now(),
            )
        })
    });
    let exists = move || found.with(Option::is_some);
    view! {
        <Show when=exists fallback=|| view! { <FeedbackNotFound /> }>
            <FeedbackBody case=while_found(found) />
        </Show>
    }
}

/// The sections a case shows in its state, for the signed-in role.
#[component]
fn FeedbackBody(case: Memo<FeedbackView>) -> impl IntoView {
    let i18n = I18n::expect();
    let root = AppRoot::expect();
    let can_any = move |steps: &'static [Step]| {
        move || case.with(|view| steps.iter().any(|step| view.can(*step)))
    };
    let title = move || {
        case.with(|view| {
            let kind = if view.case.kind == Some(FeedbackKind::Suggestion) {
                Text::KindSuggestion
            } else {
                Text::KindComplaint
            };
            let unit = view
                .case
                .unit
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default();
            (
                kind,
                unit,
                view.case.status,
                view.case.number.clone().unwrap_or_default(),
            )
        })
    };
    let entity = case.with_untracked(|view| view.id.clone());
    let entity_for_print = entity.clone();
    view! {
        <article class="page case-page" aria-labelledby="page-title">
            <A href=Route::Feedback.href(&root) attr:class="back-link">{move || i18n.t(Text::BackToFeedback)}</A>
            <h1 id="page-title">
                {move || {
                    let (kind, unit, status, number) = title();
                    view! {
                        {i18n.t(kind)} " · " {unit} " · "
                        <span class="case-status">{i18n.t(status_text(status))}</span>
                        " · " <span class="case-number">{number}</span>
                    }
                }}
            </h1>
            <StatusStrip status=Signal::derive(move || case.with(|view| CaseStatus {
                state: status_text(view.case.status),
                next: view.next.clone(),
                role: view.role,
                due: view.deadlines.first().cloned(),
                policy: view.policy.clone(),
            })) />
            <ConflictsNotice entity=Some(entity) />
            <FeedbackSummary case=case />
            <p class="print-links">
                <A href=Route::Print(PrintForm::FeedbackRecord, PrintOf::Case(entity_for_print)).href(&root) attr:class="button">
                    {move || i18n.t(Text::PrintFeedbackRecord)}
                </A>
            </p>
            <Show when=can_any(&[Step::Reply, Step::AgreeReplyTime])>
                <ReplySection case=case />
            </Show>
            <Show when=can_any(&[Step::Verify])>
                <VerifySection case=case />
            </Show>
            <Show when=can_any(&[Step::Classify])>
                <ClassifySection case=case />
            </Show>
            <Show when=can_any(&[Step::Forward])>
                <ForwardSection case=case />
            </Show>
            <Show when=can_any(&[Step::SignHandlingMethod, Step::NoteProgress, Step::MarkHandled])>
                <DepartmentSection case=case />
            </Show>
            <Show when=can_any(&[
                Step::FlagSerious,
                Step::Apologise,
                Step::Escalate,
                Step::RecordManagementRequest,
                Step::AnswerManagementRequest,
                Step::RecordSpecialIncident,
            ])>
                <SeriousSection case=case />
            </Show>
            <Show when=can_any(&[Step::DecideSuggestion])>
                <SuggestionSection case=case />
            </Show>
            <Show when=can_any(&[Step::FollowUpVisit, Step::Reopen, Step::Close])>
                <FollowUpSection case=case />
            </Show>
            <Show when=move || case.with(|view| view.steps.is_empty())>
                <p class="hint" role="note">{move || i18n.t(Text::NoActions)}</p>
            </Show>
            {move || case.with(|view| view! {
                <CaseTimeline events=view.timeline.clone() policy=view.policy.clone() devices=view.devices.clone() />
            })}
        </article>
    }
}
