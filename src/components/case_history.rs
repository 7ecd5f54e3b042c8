//! The parts every case page shares: the open deadlines with their rule and time left,
//! and the timeline of every event in plain words, with who, role, device and when.

use chrono::Utc;
use estate_core::deadline::{Deadline, DeadlineStatus};
use estate_core::desk::{event_time, NotInEffect};
use std::collections::BTreeMap;

use estate_core::{Change, Desk, Event, EventId, Policy};
use leptos::prelude::*;

use crate::components::command_outcome::RuleReference;
use crate::i18n::renovation::{deadline_label, office_time, time_left_text};
use crate::i18n::{feedback, fill, renovation, role_text, I18n, Lang, Text};
use crate::services::Services;

/// What an event did, in plain words; `None` for events a case page does not list.
fn event_words(change: &Change, lang: Lang, policy: &Policy) -> Option<String> {
    match change {
        Change::Renovation(change) => Some(renovation::change_text(change, lang, policy)),
        Change::Feedback(change) => Some(feedback::change_text(change, lang, policy)),
        _ => None,
    }
}

/// The open deadlines of a case, with their rule, due time and time left.
#[component]
pub fn DeadlineList(deadlines: Vec<Deadline>, policy: Policy) -> impl IntoView {
    let i18n = I18n::expect();
    (!deadlines.is_empty()).then(|| {
        view! {
            <div class="deadlines">
                <h2>{move || i18n.t(Text::DeadlinesTitle)}</h2>
                <ul>
                    {deadlines
                        .into_iter()
                        .map(|deadline| {
                            let rule = deadline.rule;
                            let due = office_time(deadline.due, &policy);
                            let overdue = deadline.status == DeadlineStatus::Overdue;
                            view! {
                                <li class="deadline" class:deadline--overdue=overdue>
                                    <strong>{
                                        let deadline = deadline.clone();
                                        move || deadline_label(&deadline, i18n.lang())
                                    }</strong>
                                    " · " {move || i18n.t(Text::DueAt)} " " <time>{due.clone()}</time>
                                    " · " {move || time_left_text(deadline.time_left(Utc::now()), i18n.lang())}
                                    " " <RuleReference rule=rule />
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </div>
        }
    })
}

/// The name of each enrolled device, so a timeline names devices as people know them.
pub fn device_names(desk: &Desk) -> BTreeMap<String, String> {
    desk.devices
        .iter()
        .map(|(id, device)| (id.0.clone(), device.name.clone()))
        .collect()
}

/// How many of a case's latest timeline entries show before "show all".
const TIMELINE_SHOWN: usize = 5;

/// Every event of a case in plain words, with who, role, device and when.
#[component]
pub fn CaseTimeline(
    events: Vec<Event>,
    policy: Policy,
    /// Enrolled devices by id ([`device_names`]); others show as not enrolled.
    devices: BTreeMap<String, String>,
) -> impl IntoView {
    let i18n = I18n::expect();
    // Held and set-aside steps stay in the log, but are not history: they are marked so.
    let not_in_effect: BTreeMap<EventId, NotInEffect> =
        Services::expect().desk().with_desk(|desk| {
            events
                .iter()
                .filter_map(|event| Some((event.id.clone(), desk.not_in_effect(&event.id)?)))
                .collect()
        });
    let events: Vec<Event> = events
        .into_iter()
        .filter(|event| matches!(event.change, Change::Renovation(_) | Change::Feedback(_)))
        .collect();
    // Issue #22: the page shows the last few entries; the rest open on request.
    let total = events.len();
    let show_all = RwSignal::new(total <= TIMELINE_SHOWN);
    let first_shown = move || {
        if show_all.get() {
            0
        } else {
            total.saturating_sub(TIMELINE_SHOWN)
        }
    };
    view! {
        <section class="case-section" aria-labelledby="timeline-title">
            <h2 id="timeline-title">{move || i18n.t(Text::TimelineTitle)}</h2>
            <Show when=move || !show_all.get()>
                <button type="button" class="button" aria-controls="case-timeline" on:click=move |_| show_all.set(true)>
                    {move || fill(i18n.t(Text::ShowWholeTimeline), &[("count", &total)])}
                </button>
            </Show>
            <ol class="timeline" id="case-timeline">
                {events
                    .into_iter()
                    .enumerate()
                    .map(|(index, event)| {
                        let at = office_time(event_time(&event), &policy);
                        let policy = policy.clone();
                        let actor = event.actor;
                        let change = event.change;
                        let device = devices.get(&actor.device.0).cloned();
                        let mark = not_in_effect.get(&event.id).map(|mark| match mark {
                            NotInEffect::Held => Text::TimelineHeld,
                            NotInEffect::SetAside { .. } => Text::TimelineSetAside,
                        });
                        view! {
                            <li class:timeline__not-in-effect=mark.is_some() hidden=move || index < first_shown()>
                                <time>{at}</time>
                                <span class="timeline__what">
                                    {move || event_words(&change, i18n.lang(), &policy).unwrap_or_default()}
                                </span>
                                {mark.map(|mark| view! { <strong class="timeline__mark">{move || i18n.t(mark)}</strong> })}
                                <span class="timeline__who">
                                    {move || {
                                        let device = device.clone().unwrap_or_else(|| i18n.t(Text::UnenrolledDevice).to_owned());
                                        format!("{} · {} · {device}", actor.name, i18n.t(role_text(actor.role)))
                                    }}
                                </span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </section>
    }
}
