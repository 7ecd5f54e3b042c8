//! Route `/patrol?case=…`: the patrol form of one unit (REN-32..34). Every tap is saved in a
//! draft on the device; photos are stored as they are taken. Finishing records the patrol, a
//! rectification ticket for every failed item (deadline from Policy), the verdict on earlier
//! tickets, and a lost pass found on site, all in one commit.

use chrono::Utc;
use estate_core::patrol::{
    Outcome, PatrolKind, Rectification, RectificationChange, RectificationStatus,
};
use estate_core::patrol_route::patrol_route;
use estate_core::renovation::{DeclaredChange, RenovationChange};
use estate_core::{Change, EntityId};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::app_root::AppRoot;
use crate::commands::{new_entity_id, Recorder};
use crate::components::command_outcome::CommandOutcome;
use crate::components::file_picker::{FilePicker, PickerLook};
use crate::components::photo_thumb::PhotoThumb;
use crate::i18n::patrol::{CHECKLIST, OUTCOMES};
use crate::i18n::{I18n, Text};
use crate::patrol_draft::PatrolDraft;
use crate::photo::store_photo;
use crate::routes::Route;
use crate::services::Services;

/// What the form shows about the unit.
#[derive(Debug, Clone, PartialEq)]
struct PatrolTarget {
    case: EntityId,
    unit: String,
    contractor: String,
    hot_work: bool,
    due: bool,
    open_tickets: Vec<(EntityId, String)>,
}

/// Route `/patrol?case=…`: patrol mode on one unit (REN-32..34).
#[component]
pub fn PatrolPage() -> impl IntoView {
    let i18n = I18n::expect();
    let services = Services::expect();
    let root = AppRoot::expect();
    let query = use_query_map();
    let target = Memo::new(move |_| {
        let case = EntityId(query.with(|query| query.get("case"))?);
        services.desk().with_desk(|desk| {
            let renovation = desk.renovations.get(&case)?;
            let due = patrol_route(desk, Utc::now())
                .iter()
                .any(|stop| stop.case == case && stop.is_due());
            let open_tickets = desk
                .rectifications
                .iter()
                .filter(|(_, ticket)| {
                    ticket.case.as_ref() == Some(&case)
                        && ticket.status == RectificationStatus::Open
                })
                .map(|(id, ticket)| (id.clone(), ticket.note.clone()))
                .collect();
            Some(PatrolTarget {
                unit: renovation
                    .unit
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default(),
                contractor: renovation
                    .contractor
                    .as_ref()
                    .map(|c| format!("{} · {}", c.name, c.phone))
                    .unwrap_or_default(),
                hot_work: renovation.declared.contains(&DeclaredChange::HotWork),
                due,
                open_tickets,
                case,
            })
        })
    });
    move || {
        match target.get() {
        Some(target) => view! { <PatrolForm target=target /> }.into_any(),
        None => view! {
            <section class="page">
                <h1>{i18n.t(Text::CodeNotFound)}</h1>
                <A href=Route::Patrols.href(&root) attr:class="button">{i18n.t(Text::NavPatrols)}</A>
            </section>
        }
        .into_any(),
    }
    }
}

/// The patrol checklist of one unit, saved as a draft on every change.
#[component]
fn PatrolForm(target: PatrolTarget) -> impl IntoView {
    let i18n = I18n::expect();
    let services = Services::expect();
    let recorder = Recorder::expect();
    let navigate = use_navigate();
    let case = target.case.clone();
    let kind = if target.due {
        PatrolKind::Scheduled
    } else {
        PatrolKind::Random
    };
    let draft = RwSignal::new(
        PatrolDraft::load(&case).unwrap_or_else(|| PatrolDraft::new(kind, target.hot_work)),
    );
    // Autosave: every change of the draft is written to the device at once.
    let saved = RwSignal::new(true);
    let case_for_save = case.clone();
    Effect::new(move |_| {
        let ok = draft.with(|draft| draft.save(&case_for_save));
        saved.set(ok);
    });
    let take_photo = Action::new_local(move |photo: &web_sys::File| {
        let photo = photo.clone();
        let desk = services.desk();
        async move {
            let sha256 = store_photo(&desk, &photo).await?;
            draft.update(|draft| draft.photos.push(sha256));
            Ok::<(), crate::desk_service::CommandError>(())
        }
    });
    let case_for_finish = case.clone();
    let finish = Action::new_local(move |_: &()| {
        let case = case_for_finish.clone();
        let draft = draft.get_untracked();
        let desk = services.desk();
        async move {
            let now = Utc::now();
            let patrol = new_entity_id();
            let record = draft.record(&case);
            let mut steps = vec![(patrol.clone(), Change::Patrol(record.clone()))];
            // REN-33: every failed item becomes a ticket with its deadline from Policy.
            let openings: Vec<_> = desk.with_desk(|desk| {
                record
                    .violations()
                    .map(|finding| Rectification::open(&case, &patrol, finding, now, desk.rules()))
                    .collect()
            });
            for opened in openings {
                steps.push((new_entity_id(), Change::Rectification(opened)));
            }
            for (ticket, fixed) in &draft.fixes {
                let verified = RectificationChange::Verified {
                    fixed: *fixed,
                    note: String::new(),
                };
                steps.push((EntityId(ticket.clone()), Change::Rectification(verified)));
            }
            // REN-34: a lost pass found on patrol is recorded against the case.
            if let Some(number) = draft.lost_pass_number() {
                let lost =
                    desk.with_desk(|desk| RenovationChange::pass_lost(desk.policy_at(now), number));
                steps.push((case.clone(), Change::Renovation(lost)));
            }
            let recorded = recorder.record_batch(steps).await;
            if recorded.is_ok() {
                PatrolDraft::clear(&case);
            }
            recorded
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = finish.value().get() {
            navigate(&Route::Patrols.target(), Default::default());
        }
    });

    let kind_choice = move |option: PatrolKind, label: Text| {
        view! {
            <label class="choice choice--big">
                <input
                    type="radio"
                    name="patrol-kind"
                    prop:checked=move || draft.with(|d| d.kind == option)
                    on:change=move |_| draft.update(|d| d.kind = option)
                />
                {move || i18n.t(label)}
            </label>
        }
    };
    view! {
        <section class="page patrol-mode" aria-labelledby="page-title">
            <h1 id="page-title">{move || i18n.t(Text::PatrolTitle)} " · " {target.unit.clone()}</h1>
            <p class="hint">{move || i18n.t(Text::ContractorToNotify)} ": " {target.contractor.clone()}</p>
            <div class="choice-row" role="radiogroup" aria-label=move || i18n.t(Text::PatrolKindLabel)>
                {kind_choice(PatrolKind::Scheduled, Text::PatrolKindScheduled)}
                {kind_choice(PatrolKind::Random, Text::PatrolKindRandom)}
            </div>
            {CHECKLIST
                .into_iter()
                .map(|(item, wire, label)| {
                    let note_id = format!("note-{wire}");
                    view! {
                        <fieldset class="check-item">
                            <legend>{move || i18n.t(label)}</legend>
                            <div class="choice-row" role="radiogroup" aria-label=move || i18n.t(label)>
                                {OUTCOMES
                                    .into_iter()
                                    .map(|(outcome, outcome_wire, outcome_label)| {
                                        view! {
                                            <label class="choice choice--big" class:choice--fail=outcome == Outcome::Fail>
                                                <input
                                                    type="radio"
                                                    name=format!("{wire}-outcome")
                                                    value=outcome_wire
                                                    prop:checked=move || draft.with(|d| d.outcomes.get(&item) == Some(&outcome))
                                                    on:change=move |_| draft.update(|d| { d.outcomes.insert(item, outcome); })
                                                />
                                                {move || i18n.t(outcome_label)}
                                            </label>
                                        }
                                    })
                                    .collect_view()}
                            </div>
                            <div class="field">
                                <label for=note_id.clone()>{move || format!("{} · {}", i18n.t(label), i18n.t(Text::FindingNote))}</label>
                                <input
                                    id=note_id.clone()
                                    type="text"
                                    prop:value=move || draft.with(|d| d.notes.get(&item).cloned().unwrap_or_default())
                                    on:input=move |event| {
                                        let note = event_target_value(&event);
                                        draft.update(|d| { d.notes.insert(item, note); });
                                    }
                                />
                            </div>
                        </fieldset>
                    }
                })
                .collect_view()}
            <div class="field">
                <label for="workers-seen">{move || i18n.t(Text::WorkersSeen)}</label>
                <input
                    id="workers-seen"
                    type="number"
                    min="0"
                    inputmode="numeric"
                    prop:value=move || draft.with(|d| d.workers_seen.clone())
                    on:input=move |event| {
                        let count = event_target_value(&event);
                        draft.update(|d| d.workers_seen = count);
                    }
                />
            </div>
            <div class="photos">
                <FilePicker
                    id="patrol-photo"
                    label=Text::TakePhoto
                    accept="image/*"
                    capture="environment"
                    look=PickerLook::BigButton
                    on_file=move |file| { take_photo.dispatch(file); }
                />
                <p data-testid="photo-count">{move || format!("{}: {}", i18n.t(Text::PhotosTaken), draft.with(|d| d.photos.len()))}</p>
                <div class="photo-strip">
                    <For each=move || draft.with(|d| d.photos.clone()) key=|sha| sha.clone() let:sha>
                        <PhotoThumb sha256=sha alt=i18n.t(Text::PhotosTaken).to_owned() />
                    </For>
                </div>
                <CommandOutcome outcome=Signal::derive(move || take_photo.value().get()) saved=Text::Saved />
            </div>
            {(!target.open_tickets.is_empty()).then(|| view! {
                <fieldset class="check-item">
                    <legend>{move || i18n.t(Text::CheckFixes)}</legend>
                    {target.open_tickets.iter().map(|(ticket, note)| {
                        let ticket = ticket.0.clone();
                        let choice = move |fixed: bool, label: Text| {
                            let ticket = ticket.clone();
                            let checked_ticket = ticket.clone();
                            view! {
                                <label class="choice choice--big">
                                    <input
                                        type="radio"
                                        name=format!("fix-{ticket}")
                                        prop:checked=move || draft.with(|d| d.fixes.get(&checked_ticket) == Some(&fixed))
                                        on:change=move |_| draft.update(|d| { d.fixes.insert(ticket.clone(), fixed); })
                                    />
                                    {move || i18n.t(label)}
                                </label>
                            }
                        };
                        view! {
                            <div class="choice-row" role="radiogroup" aria-label=note.clone()>
                                <span>{note.clone()}</span>
                                {choice(true, Text::FixedChoice)}
                                {choice(false, Text::NotFixedChoice)}
                            </div>
                        }
                    }).collect_view()}
                </fieldset>
            })}
            <div class="field">
                <label for="lost-pass">{move || i18n.t(Text::LostPassFound)}</label>
                <input
                    id="lost-pass"
                    type="number"
                    min="1"
                    inputmode="numeric"
                    prop:value=move || draft.with(|d| d.lost_pass.clone())
                    on:input=move |event| {
                        let number = event_target_value(&event);
                        draft.update(|d| d.lost_pass = number);
                    }
                />
            </div>
            <p class="hint" role="status">{move || if saved.get() { i18n.t(Text::DraftSaved) } else { i18n.t(Text::StorageUnavailable) }}</p>
            <button
                type="button"
                class="button button--primary button--big"
                disabled=move || finish.pending().get()
                on:click=move |_| { finish.dispatch(()); }
            >
                {move || i18n.t(Text::FinishPatrol)}
            </button>
            <CommandOutcome outcome=Signal::derive(move || finish.value().get()) saved=Text::PatrolRecorded />
        </section>
    }
}
