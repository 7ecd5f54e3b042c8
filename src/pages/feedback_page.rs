//! Route `/feedback`: the quick intake of complaints and suggestions (FB-01, FB-02, FB-20) and
//! the list of what was recorded. The full flow (classification to follow-up visit) follows.

use chrono::Utc;
use estate_core::feedback::{Channel, FeedbackChange, FeedbackKind};
use estate_core::party::{Occupancy, Resident, UnitRef};
use estate_core::{Actor, Change, EntityId};
use leptos::prelude::*;

use crate::components::command_outcome::CommandOutcome;
use crate::components::text_field::TextField;
use crate::device_settings::DeviceSettings;
use crate::i18n::{feedback_status_text, I18n, Text};
use crate::services::Services;
use crate::store::Store;

/// What the intake form holds when submitted.
#[derive(Debug, Clone)]
struct Intake {
    kind: FeedbackKind,
    channel: Channel,
    name: String,
    building: String,
    unit: String,
    room: String,
    phone: String,
    what: String,
    acknowledged: bool,
}

impl Intake {
    fn into_change(self) -> Change {
        Change::Feedback(FeedbackChange::Received {
            kind: self.kind,
            channel: self.channel,
            resident: Resident {
                name: self.name.trim().to_owned(),
                occupancy: Occupancy::Owner,
                phone: self.phone.trim().to_owned(),
            },
            unit: UnitRef::new(&self.building, &self.unit, &self.room),
            what: self.what.trim().to_owned(),
            happened_at: None,
            acknowledged: self.acknowledged,
        })
    }
}

const CHANNELS: [(Channel, &str, Text); 4] = [
    (Channel::Phone, "phone", Text::ChannelPhone),
    (Channel::Visit, "visit", Text::ChannelVisit),
    (
        Channel::OtherDepartment,
        "other_department",
        Text::ChannelOtherDepartment,
    ),
    (Channel::Patrol, "patrol", Text::ChannelPatrol),
];

#[component]
pub fn FeedbackPage() -> impl IntoView {
    let i18n = I18n::expect();
    view! {
        <section class="page" aria-labelledby="page-title">
            <h1 id="page-title">{move || i18n.t(Text::NavFeedback)}</h1>
            <FeedbackIntakeForm />
            <FeedbackList />
        </section>
    }
}

#[component]
fn FeedbackIntakeForm() -> impl IntoView {
    let i18n = I18n::expect();
    let services = Services::expect();
    let settings = DeviceSettings::expect();
    let kind = RwSignal::new(FeedbackKind::Complaint);
    let channel = RwSignal::new(Channel::Phone);
    let [name, building, unit, room, phone, what] =
        std::array::from_fn(|_| RwSignal::new(String::new()));
    let acknowledged = RwSignal::new(true);

    let record_feedback = Action::new_local(move |intake: &Intake| {
        let intake = intake.clone();
        let desk = services.desk();
        let profile = settings.profile();
        async move {
            let profile = profile.expect("the device is set up before pages show");
            let actor = Actor {
                name: profile.person_name,
                role: profile.role,
                device: desk.device().clone(),
            };
            let entity = EntityId(uuid::Uuid::now_v7().to_string());
            let recorded = desk
                .execute(&actor, &entity, intake.into_change(), Utc::now())
                .await
                .map(|_| ());
            if recorded.is_ok() {
                // Ready for the next caller; every list re-reads.
                for field in [name, building, unit, room, phone, what] {
                    field.set(String::new());
                }
                services.changed();
            }
            recorded
        }
    });
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        record_feedback.dispatch(Intake {
            kind: kind.get_untracked(),
            channel: channel.get_untracked(),
            name: name.get_untracked(),
            building: building.get_untracked(),
            unit: unit.get_untracked(),
            room: room.get_untracked(),
            phone: phone.get_untracked(),
            what: what.get_untracked(),
            acknowledged: acknowledged.get_untracked(),
        });
    };

    view! {
        <form class="intake" on:submit=on_submit novalidate=true aria-labelledby="intake-title">
            <h2 id="intake-title">{move || i18n.t(Text::FeedbackIntakeTitle)}</h2>
            <div class="field-row">
                <div class="field">
                    <label for="feedback-kind">{move || i18n.t(Text::FeedbackKindLabel)}</label>
                    <select
                        id="feedback-kind"
                        on:change=move |event| {
                            let chosen = if event_target_value(&event) == "suggestion" { FeedbackKind::Suggestion } else { FeedbackKind::Complaint };
                            kind.set(chosen);
                        }
                    >
                        <option value="complaint" selected=move || kind.get() == FeedbackKind::Complaint>
                            {move || i18n.t(Text::KindComplaint)}
                        </option>
                        <option value="suggestion" selected=move || kind.get() == FeedbackKind::Suggestion>
                            {move || i18n.t(Text::KindSuggestion)}
                        </option>
                    </select>
                </div>
                <div class="field">
                    <label for="feedback-channel">{move || i18n.t(Text::ChannelLabel)}</label>
                    <select
                        id="feedback-channel"
                        on:change=move |event| {
                            let value = event_target_value(&event);
                            if let Some((chosen, _, _)) = CHANNELS.iter().find(|(_, wire, _)| *wire == value) {
                                channel.set(*chosen);
                            }
                        }
                    >
                        {CHANNELS
                            .into_iter()
                            .map(|(option, wire, label)| {
                                view! {
                                    <option value=wire selected=move || channel.get() == option>
                                        {move || i18n.t(label)}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </div>
            </div>
            <div class="field-row">
                <TextField id="feedback-name" label=Text::ResidentName value=name />
                <TextField id="feedback-phone" label=Text::Phone value=phone />
            </div>
            <div class="field-row">
                <TextField id="feedback-building" label=Text::Building value=building />
                <TextField id="feedback-unit" label=Text::UnitLabel value=unit />
                <TextField id="feedback-room" label=Text::Room value=room />
            </div>
            <div class="field">
                <label for="feedback-what">{move || i18n.t(Text::WhatHappened)}</label>
                <textarea id="feedback-what" rows="3" bind:value=what></textarea>
            </div>
            <div class="field field--check">
                <input id="feedback-acknowledged" type="checkbox" bind:checked=acknowledged />
                <label for="feedback-acknowledged">{move || i18n.t(Text::Acknowledged)}</label>
            </div>
            <button type="submit" class="button button--primary" disabled=move || record_feedback.pending().get()>
                {move || i18n.t(Text::RecordFeedback)}
            </button>
            <CommandOutcome outcome=Signal::derive(move || record_feedback.value().get()) saved=Text::FeedbackRecorded />
        </form>
    }
}

#[component]
fn FeedbackList() -> impl IntoView {
    let i18n = I18n::expect();
    let services = Services::expect();
    let feedback = LocalResource::new(move || {
        services.version();
        let desk = services.desk();
        async move {
            let mut records = desk.store().entities().await.unwrap_or_default();
            records.retain(|record| record.kind == "feedback");
            // Open deadlines first, the earliest on top; then the rest, newest first.
            records.sort_by(|a, b| match (a.next_deadline, b.next_deadline) {
                (Some(x), Some(y)) => x.cmp(&y),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => b.id.cmp(&a.id),
            });
            records
        }
    });
    view! {
        <section class="record-list" aria-labelledby="feedback-list-title">
            <h2 id="feedback-list-title">{move || i18n.t(Text::FeedbackListTitle)}</h2>
            {move || {
                let records = feedback.get().unwrap_or_default();
                if records.is_empty() {
                    return view! { <p>{i18n.t(Text::NoFeedbackYet)}</p> }.into_any();
                }
                view! {
                    <ul class="records">
                        <For each=move || records.clone() key=|record| record.id.clone() let:record>
                            <li class="record">
                                <span class="record__unit">{record.unit.clone()}</span>
                                <span class="record__title">{record.title.clone()}</span>
                                <span class="record__status">
                                    {
                                        let status = record.status.clone();
                                        move || feedback_status_text(&status).map_or_else(|| status.clone(), |text| i18n.t(text).to_owned())
                                    }
                                </span>
                                <Show when=move || record.needs_review>
                                    <span class="badge badge--warning">{move || i18n.t(Text::NeedsReview)}</span>
                                </Show>
                            </li>
                        </For>
                    </ul>
                }
                .into_any()
            }}
        </section>
    }
}
