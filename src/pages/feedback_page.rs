//! Route `/feedback`: the one-minute intake of complaints and suggestions (FB-01, FB-02,
//! FB-20, FB-21), today's suggestions for the department supervisor (FB-04), and the list with
//! every clock, overdue first.

use chrono::Utc;
use estate_core::feedback::{Channel, FeedbackChange, FeedbackKind, FeedbackStatus};
use estate_core::feedback_list::{
    feedback_rows, open_cases_at, suggestions_received_on, FeedbackFilter, FeedbackRow,
};
use estate_core::party::{Occupancy, Resident, UnitRef};
use estate_core::{Change, EntityId, Policy};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::app_root::AppRoot;
use crate::commands::{new_entity_id, Recorder};
use crate::components::command_outcome::CommandOutcome;
use crate::components::text_field::TextField;
use crate::i18n::feedback::status_text;
use crate::i18n::renovation::{deadline_label, parse_office_time, time_left_text};
use crate::i18n::{feedback_status_text, fill, kind_text, I18n, Text};
use crate::routes::{PrintForm, PrintOf, Route};
use crate::services::Services;

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
    happened_at: String,
    acknowledged: bool,
    solved_on_spot: bool,
    solved_note: String,
}

impl Intake {
    /// The reception, and where it was solved on the spot, that too (FB-21), in one command.
    fn into_changes(self, policy: &Policy) -> Vec<Change> {
        let mut changes = vec![FeedbackChange::Received {
            kind: self.kind,
            channel: self.channel,
            resident: Resident {
                name: self.name.trim().to_owned(),
                occupancy: Occupancy::Owner,
                phone: self.phone.trim().to_owned(),
            },
            unit: UnitRef::new(&self.building, &self.unit, &self.room),
            what: self.what.trim().to_owned(),
            happened_at: parse_office_time(&self.happened_at, policy),
            acknowledged: self.acknowledged,
            number: None,
        }];
        if self.solved_on_spot {
            changes.push(FeedbackChange::SolvedOnSpot {
                note: self.solved_note.trim().to_owned(),
            });
        }
        changes.into_iter().map(Change::Feedback).collect()
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

const STATUSES: [FeedbackStatus; 7] = [
    FeedbackStatus::Received,
    FeedbackStatus::Classified,
    FeedbackStatus::Forwarded,
    FeedbackStatus::InDepartment,
    FeedbackStatus::Handled,
    FeedbackStatus::FollowedUp,
    FeedbackStatus::Closed,
];

/// Route `/feedback`: recording complaints and suggestions, and the list of them.
#[component]
pub fn FeedbackPage() -> impl IntoView {
    let i18n = I18n::expect();
    view! {
        <section class="page" aria-labelledby="page-title">
            <h1 id="page-title">{move || i18n.t(Text::NavFeedback)}</h1>
            <FeedbackIntakeForm />
            <TodaysSuggestions />
            <FeedbackList />
        </section>
    }
}

/// The visitor record of one complaint or suggestion (FB-01, FB-02).
#[component]
fn FeedbackIntakeForm() -> impl IntoView {
    let i18n = I18n::expect();
    let services = Services::expect();
    let recorder = Recorder::expect();
    let root = AppRoot::expect();
    let kind = RwSignal::new(FeedbackKind::Complaint);
    let channel = RwSignal::new(Channel::Phone);
    let [name, building, unit, room, phone, what, happened_at, solved_note] =
        std::array::from_fn(|_| RwSignal::new(String::new()));
    let acknowledged = RwSignal::new(true);
    let solved_on_spot = RwSignal::new(false);
    // Issue #22: a caller may refuse a phone number. The desk writes that down, as on the
    // paper record, instead of being unable to take the complaint.
    let phone_declined = RwSignal::new(false);

    let record_feedback = Action::new_local(move |changes: &Vec<Change>| {
        let changes = changes.clone();
        async move {
            let recorded = recorder.record(new_entity_id(), changes).await;
            if recorded.is_ok() {
                // Ready for the next caller.
                for field in [
                    name,
                    building,
                    unit,
                    room,
                    phone,
                    what,
                    happened_at,
                    solved_note,
                ] {
                    field.set(String::new());
                }
                solved_on_spot.set(false);
                phone_declined.set(false);
            }
            recorded
        }
    });
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let intake = Intake {
            kind: kind.get_untracked(),
            channel: channel.get_untracked(),
            name: name.get_untracked(),
            building: building.get_untracked(),
            unit: unit.get_untracked(),
            room: room.get_untracked(),
            phone: if phone_declined.get_untracked()
                && phone.with_untracked(|typed| typed.trim().is_empty())
            {
                i18n.t(Text::PhoneDeclined).to_owned()
            } else {
                phone.get_untracked()
            },
            what: what.get_untracked(),
            happened_at: happened_at.get_untracked(),
            acknowledged: acknowledged.get_untracked(),
            solved_on_spot: solved_on_spot.get_untracked(),
            solved_note: solved_note.get_untracked(),
        };
        let policy = services
            .desk()
            .with_desk(|desk| desk.policy_at(Utc::now()).clone());
        record_feedback.dispatch(intake.into_changes(&policy));
    };
    // FB-01: picking a unit shows its open cases, so a duplicate is seen at once.
    let open_cases = Memo::new(move |_| {
        services.version();
        let unit = UnitRef::new(&building.get(), &unit.get(), &room.get());
        if unit.building.is_empty() || unit.room.is_empty() {
            return Vec::new();
        }
        services.desk().with_desk(|desk| open_cases_at(desk, &unit))
    });

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
                            // FB-02: an apology for a complaint, thanks for a suggestion; both are given at intake.
                            acknowledged.set(true);
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
                <TextField id="feedback-name" label=Text::ResidentName value=name required=true />
                <TextField id="feedback-phone" label=Text::Phone value=phone required=true />
                <div class="field field--check">
                    <input id="feedback-phone-declined" type="checkbox" bind:checked=phone_declined />
                    <label for="feedback-phone-declined">{move || i18n.t(Text::PhoneDeclinedLabel)}</label>
                </div>
            </div>
            <div class="field-row">
                <TextField id="feedback-building" label=Text::Building value=building required=true />
                <TextField id="feedback-unit" label=Text::UnitLabel value=unit />
                <TextField id="feedback-room" label=Text::Room value=room required=true />
            </div>
            {move || {
                let cases = open_cases.get();
                (!cases.is_empty()).then(|| view! {
                    <div class="unit-cases" role="note" aria-label=i18n.t(Text::OpenCasesOfUnit)>
                        <strong>{i18n.t(Text::OpenCasesOfUnit)}</strong>
                        <ul>
                            {cases.into_iter().map(|case| {
                                let href = if case.kind == "renovation" { Route::Renovation(case.id.clone()).href(&root) } else { Route::FeedbackCase(case.id.clone()).href(&root) };
                                let kind = kind_text(case.kind).map_or(case.kind, |text| i18n.t(text));
                                view! { <li><A href=href>{format!("{kind} · {}", case.title)}</A></li> }
                            }).collect_view()}
                        </ul>
                    </div>
                })
            }}
            <div class="field field--required">
                <div class="field__label-row">
                    <label for="feedback-what">{move || i18n.t(Text::WhatHappened)}</label>
                    <span class="required-tag" aria-hidden="true">{move || i18n.t(Text::RequiredTag)}</span>
                </div>
                <textarea id="feedback-what" rows="3" required=true aria-required="true" bind:value=what></textarea>
            </div>
            <div class="field">
                <label for="feedback-happened">{move || i18n.t(Text::HappenedAt)}</label>
                <input id="feedback-happened" type="datetime-local" bind:value=happened_at />
            </div>
            <div class="field field--check">
                <input id="feedback-acknowledged" type="checkbox" bind:checked=acknowledged />
                <label for="feedback-acknowledged">{move || i18n.t(Text::Acknowledged)}</label>
            </div>
            <div class="field field--check">
                <input id="feedback-solved" type="checkbox" bind:checked=solved_on_spot />
                <label for="feedback-solved">{move || i18n.t(Text::SolvedOnSpotLabel)}</label>
            </div>
            <Show when=move || solved_on_spot.get()>
                <TextField id="feedback-solved-note" label=Text::SolvedNote value=solved_note />
            </Show>
            <button type="submit" class="button button--primary" disabled=move || record_feedback.pending().get()>
                {move || i18n.t(Text::RecordFeedback)}
            </button>
            <CommandOutcome
                outcome=Signal::derive(move || {
                    // While the next caller's intake is being saved, the last outcome is not shown.
                    if record_feedback.pending().get() { None } else { record_feedback.value().get() }
                })
                saved=Text::FeedbackRecorded
            />
        </form>
    }
}

/// FB-04: the suggestions received today, with what became of each.
#[component]
fn TodaysSuggestions() -> impl IntoView {
    let i18n = I18n::expect();
    let services = Services::expect();
    let root = AppRoot::expect();
    let today = Memo::new(move |_| {
        services.version();
        let now = Utc::now();
        services.desk().with_desk(|desk| {
            let day = now
                .with_timezone(&desk.policy_at(now).office_offset())
                .date_naive();
            suggestions_received_on(desk, day, now)
        })
    });
    // FB-04: before the end of the shift, the day's suggestions not yet handed over go to the
    // department supervisor in one step.
    let recorder = Recorder::expect();
    let supervisor = RwSignal::new(String::new());
    let hand_over = Action::new_local(move |steps: &Vec<(EntityId, Change)>| {
        recorder.record_batch(steps.clone())
    });
    let waiting = move || {
        today.with(|rows| {
            rows.iter()
                .filter(|row| !row.handed_over)
                .map(|row| row.id.clone())
                .collect::<Vec<_>>()
        })
    };
    let press_hand_over = move |_| {
        let to = supervisor.get_untracked().trim().to_owned();
        let steps: Vec<(EntityId, Change)> = waiting()
            .into_iter()
            .map(|id| {
                (
                    id,
                    Change::Feedback(FeedbackChange::HandedOver { to: to.clone() }),
                )
            })
            .collect();
        hand_over.dispatch(steps);
    };
    let day_route = move || {
        let now = Utc::now();
        let day = services.desk().with_desk(|desk| {
            now.with_timezone(&desk.policy_at(now).office_offset())
                .date_naive()
        });
        Route::Print(
            PrintForm::VisitorLog,
            PrintOf::Day(day.format("%Y-%m-%d").to_string()),
        )
    };
    let print_root = root.clone();
    view! {
        <section class="record-list" aria-labelledby="suggestions-title">
            <h2 id="suggestions-title">{move || i18n.t(Text::TodaySuggestions)}</h2>
            <p class="print-links">
                <A href=move || day_route().href(&print_root) attr:class="button">{move || i18n.t(Text::PrintVisitorLog)}</A>
            </p>
            <Show when=move || !waiting().is_empty()>
                <div class="field-row hand-over">
                    <div class="field">
                        <label for="hand-over-to">{move || i18n.t(Text::HandOverToLabel)}</label>
                        <input id="hand-over-to" type="text" bind:value=supervisor />
                    </div>
                    <button type="button" class="button button--primary" disabled=move || hand_over.pending().get() on:click=press_hand_over>
                        {move || fill(i18n.t(Text::HandOverButton), &[("count", &waiting().len())])}
                    </button>
                </div>
            </Show>
            <CommandOutcome outcome=Signal::derive(move || hand_over.value().get()) saved=Text::Saved />
            {move || {
                let rows = today.get();
                if rows.is_empty() {
                    return view! { <p class="hint">{i18n.t(Text::NoSuggestionsToday)}</p> }.into_any();
                }
                view! {
                    <ul class="records">
                        {rows.into_iter().map(|row| {
                            let decision = match row.adopted {
                                None => i18n.t(Text::Undecided).to_owned(),
                                Some(adopted) => {
                                    let state = i18n.t(if adopted { Text::AdoptedState } else { Text::NotAdoptedState });
                                    if row.owner_informed { format!("{state} · {}", i18n.t(Text::OwnerInformedState)) } else { state.to_owned() }
                                }
                            };
                            view! {
                                <li class="record">
                                    <A href=Route::FeedbackCase(row.id.clone()).href(&root)>
                                        <span class="record__unit">{row.unit.to_string()}</span>
                                        " "
                                        <span class="record__title">{row.what.clone()}</span>
                                    </A>
                                    <span class="record__status">{decision}</span>
                                    {row.handed_over.then(|| view! { <span class="badge">{i18n.t(Text::HandedOverState)}</span> })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

/// The complaints and suggestions, overdue first, with today's suggestions (FB-04).
#[component]
fn FeedbackList() -> impl IntoView {
    let i18n = I18n::expect();
    let services = Services::expect();
    let rows = Memo::new(move |_| {
        services.version();
        services
            .desk()
            .with_desk(|desk| feedback_rows(desk, Utc::now()))
    });
    let kind = RwSignal::new(None::<FeedbackKind>);
    let status = RwSignal::new(None::<FeedbackStatus>);
    let overdue_only = RwSignal::new(false);
    let search = RwSignal::new(String::new());
    let shown = Memo::new(move |_| {
        let filter = FeedbackFilter {
            kind: kind.get(),
            status: status.get(),
            overdue_only: overdue_only.get(),
            search: search.get(),
        };
        rows.with(|rows| {
            rows.iter()
                .filter(|row| filter.matches(row))
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    view! {
        <section class="record-list" aria-labelledby="feedback-list-title">
            <h2 id="feedback-list-title">{move || i18n.t(Text::FeedbackListTitle)}</h2>
            <div class="filter-bar" role="search">
                <div class="field">
                    <label for="feedback-search">{move || i18n.t(Text::SearchCases)}</label>
                    <input id="feedback-search" type="search" bind:value=search />
                </div>
                <div class="field">
                    <label for="feedback-filter-kind">{move || i18n.t(Text::KindFilter)}</label>
                    <select id="feedback-filter-kind" on:change=move |event| {
                        kind.set(match event_target_value(&event).as_str() {
                            "complaint" => Some(FeedbackKind::Complaint),
                            "suggestion" => Some(FeedbackKind::Suggestion),
                            _ => None,
                        });
                    }>
                        <option value="">{move || i18n.t(Text::AllKinds)}</option>
                        <option value="complaint">{move || i18n.t(Text::KindComplaint)}</option>
                        <option value="suggestion">{move || i18n.t(Text::KindSuggestion)}</option>
                    </select>
                </div>
                <div class="field">
                    <label for="feedback-filter-status">{move || i18n.t(Text::StatusLabel)}</label>
                    <select id="feedback-filter-status" on:change=move |event| {
                        let chosen = event_target_value(&event);
                        status.set(STATUSES.into_iter().find(|s| s.name() == chosen));
                    }>
                        <option value="">{move || i18n.t(Text::AllStatuses)}</option>
                        {STATUSES.into_iter().map(|option| view! {
                            <option value=option.name()>{move || i18n.t(status_text(option))}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field field--check">
                    <input id="feedback-filter-overdue" type="checkbox" bind:checked=overdue_only />
                    <label for="feedback-filter-overdue">{move || i18n.t(Text::OverdueOnly)}</label>
                </div>
            </div>
            {move || {
                if rows.with(Vec::is_empty) {
                    return view! { <p>{i18n.t(Text::NoFeedbackYet)}</p> }.into_any();
                }
                view! {
                    <ul class="records">
                        <For each=move || shown.get() key=|row| row.id.clone() let:row>
                            <FeedbackRowView row=row />
                        </For>
                    </ul>
                }
                .into_any()
            }}
        </section>
    }
}

/// One complaint or suggestion in the list.
#[component]
fn FeedbackRowView(row: FeedbackRow) -> impl IntoView {
    let i18n = I18n::expect();
    let root = AppRoot::expect();
    let status = row.status.name();
    let overdue = row
        .deadlines
        .first()
        .is_some_and(|d| d.status == estate_core::deadline::DeadlineStatus::Overdue);
    let clocks = row.deadlines.clone();
    view! {
        <li class="record" class:record--overdue=overdue>
            <A href=Route::FeedbackCase(row.id.clone()).href(&root) attr:class="record__link">
                <span class="record__unit">{row.unit.to_string()}</span>
                <span class="case-number">{row.number.clone()}</span>
                <span class="record__title">{row.what.clone()}</span>
            </A>
            <span class="record__status">
                {move || feedback_status_text(status).map_or_else(|| status.to_owned(), |text| i18n.t(text).to_owned())}
            </span>
            {move || clocks.iter().map(|clock| {
                let class = if clock.status == estate_core::deadline::DeadlineStatus::Overdue { "clock clock--overdue" } else { "clock" };
                view! {
                    <span class=class>
                        {format!(
                            "{} · {}",
                            deadline_label(clock, i18n.lang()),
                            time_left_text(clock.time_left(Utc::now()), i18n.lang()),
                        )}
                    </span>
                }
            }).collect_view()}
            <Show when=move || row.needs_review>
                <span class="badge badge--warning">{move || i18n.t(Text::NeedsReview)}</span>
            </Show>
        </li>
    }
}
