//! Route `/conflicts` (optionally `?id=<entity>`): what a merge could not settle alone, with
//! both sides. A manager chooses; the choice is a new event, and both sides stay in
//! the history. Nothing is overwritten silently.

use chrono::Utc;
use estate_core::desk::{event_time, Conflict, ConflictKind, REVIEW_ROLES};
use estate_core::renovation::{CaseField, RenovationChange};
use estate_core::{Change, EntityId, Event, EventId, Policy, Role};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use crate::app_root::AppRoot;
use crate::commands::command_action;
use crate::components::case_history::device_names;
use crate::components::command_outcome::CommandOutcome;
use crate::device_settings::DeviceSettings;
use crate::i18n::renovation::{change_text, office_time};
use crate::i18n::{kind_text, role_text, violation_text, I18n, Lang, Text};
use crate::routes::Route;
use crate::services::Services;

/// One conflict with the events on both sides and what the case shows now.
#[derive(Debug, Clone, PartialEq)]
struct ConflictView {
    conflict: Conflict,
    held: Option<Event>,
    other: Option<Event>,
    /// The unit of the case, to say which case it is.
    unit: String,
    /// Renovation cases have a page to link to.
    is_renovation: bool,
    /// For a field clash on a renovation case: the edit that keeps each side's value.
    choices: Vec<(String, RenovationChange)>,
    policy: Policy,
    /// Enrolled devices by id, to name the device of each side.
    devices: std::collections::BTreeMap<String, String>,
}

fn field_value(event: &Event) -> Option<String> {
    match &event.change {
        Change::Renovation(RenovationChange::FieldSet { value, .. }) => Some(value.clone()),
        _ => None,
    }
}

/// What an event did, in plain words.
fn event_text(event: &Event, lang: Lang, policy: &Policy) -> String {
    match &event.change {
        Change::Renovation(change) => change_text(change, lang, policy),
        other => {
            let kind = estate_core::record::entity_kind(other);
            let label = kind_text(kind).map_or(kind, |text| text.in_lang(lang));
            // The change's own tag, such as `classified`, names the step.
            let step = serde_json::to_value(other)
                .ok()
                .and_then(|value| {
                    value
                        .pointer("/change/type")
                        .and_then(|tag| tag.as_str().map(str::to_owned))
                })
                .unwrap_or_default();
            format!("{label} · {step}")
        }
    }
}

/// Route `/conflicts`: what a merge left for a manager to settle, both sides shown.
#[component]
pub fn ConflictsPage() -> impl IntoView {
    let i18n = I18n::expect();
    let services = Services::expect();
    let query = use_query_map();
    let conflicts = Memo::new(move |_| {
        services.version();
        let only = query.with(|query| query.get("id")).map(EntityId);
        let desk = services.desk();
        let open: Vec<Conflict> = desk.with_desk(|desk| {
            desk.open_conflicts()
                .filter(|conflict| only.as_ref().is_none_or(|id| conflict.entity == *id))
                .cloned()
                .collect()
        });
        open.into_iter()
            .map(|conflict| {
                let held = desk.event(&conflict.event);
                let other = conflict.other_side.as_ref().and_then(|id| desk.event(id));
                desk.with_desk(|desk| {
                    let case = desk.renovations.get(&conflict.entity);
                    let unit = case
                        .and_then(|case| case.unit.as_ref())
                        .or_else(|| {
                            desk.feedback
                                .get(&conflict.entity)
                                .and_then(|case| case.unit.as_ref())
                        })
                        .map(ToString::to_string)
                        .unwrap_or_default();
                    let choices = match (&conflict.kind, case) {
                        (ConflictKind::ConcurrentFieldEdit { field }, Some(case)) => {
                            [&other, &held]
                                .into_iter()
                                .flatten()
                                .filter_map(field_value)
                                .map(|value| (value.clone(), case.edit(*field, &value)))
                                .collect()
                        }
                        _ => Vec::new(),
                    };
                    ConflictView {
                        is_renovation: case.is_some(),
                        conflict,
                        held,
                        other,
                        unit,
                        choices,
                        policy: desk.policy_at(Utc::now()).clone(),
                        devices: device_names(desk),
                    }
                })
            })
            .collect::<Vec<_>>()
    });
    view! {
        <section class="page" aria-labelledby="page-title">
            <h1 id="page-title">{move || i18n.t(Text::ConflictsTitle)}</h1>
            {move || {
                let conflicts = conflicts.get();
                if conflicts.is_empty() {
                    return view! { <p role="status">{i18n.t(Text::NoConflicts)}</p> }.into_any();
                }
                view! {
                    <ul class="conflicts">
                        {conflicts
                            .into_iter()
                            .map(|conflict| view! { <ConflictCard conflict=conflict /> })
                            .collect_view()}
                    </ul>
                }
                .into_any()
            }}
        </section>
    }
}

/// One conflict with both sides and the choices that settle it.
#[component]
fn ConflictCard(conflict: ConflictView) -> impl IntoView {
    let i18n = I18n::expect();
    let root = AppRoot::expect();
    let settings = DeviceSettings::expect();
    let settle = command_action();
    let may_review = move || {
        settings
            .profile()
            .is_some_and(|profile| REVIEW_ROLES.contains(&profile.role))
    };
    let ConflictView {
        conflict,
        held,
        other,
        unit,
        is_renovation,
        choices,
        policy,
        devices,
    } = conflict;
    let entity = conflict.entity.clone();
    let heading = match &conflict.kind {
        ConflictKind::ConcurrentFieldEdit { field } => {
            let field = match field {
                CaseField::ResidentPhone => Text::FieldResidentPhone,
                CaseField::ContractorPhone => Text::ContractorPhone,
                CaseField::Notes => Text::FieldNotes,
            };
            view! { <h2>{move || format!("{} · {}", i18n.t(Text::ConflictFieldEdit), i18n.t(field))}</h2> }.into_any()
        }
        ConflictKind::InvalidInMergedOrder { violations } => {
            let violations = violations.clone();
            view! {
                <h2>{move || i18n.t(Text::ConflictInvalid)}</h2>
                <ul>
                    {move || violations.iter().map(|v| view! { <li>{violation_text(v, i18n.lang())}</li> }).collect_view()}
                </ul>
            }
            .into_any()
        }
    };
    let held_is_applied = matches!(conflict.kind, ConflictKind::ConcurrentFieldEdit { .. });
    let sides = [
        (other, Text::SideOther),
        (
            held.clone(),
            if held_is_applied {
                Text::SideInEffect
            } else {
                Text::SideHeld
            },
        ),
    ];
    let review_of = |note: Text, set_aside: Option<EventId>| Change::ConflictReviewed {
        event: conflict.event.clone(),
        note: note.in_lang(Lang::ZhCn).to_owned(),
        set_aside,
    };
    let keep = (entity.clone(), vec![review_of(Text::ReviewedKept, None)]);
    // Choosing the held side sets aside the step in effect (issue #21): the held step then
    // takes its place in the history, and anything after that depended on it is held in turn.
    let apply = (!held_is_applied)
        .then_some(conflict.other_side.clone())
        .flatten()
        .map(|other| {
            (
                entity.clone(),
                vec![review_of(Text::ReviewedApplied, Some(other))],
            )
        });
    view! {
        <li class="conflict case-section">
            {heading}
            <p>
                {if is_renovation {
                    view! { <A href=Route::Renovation(entity.clone()).href(&root)>{unit.clone()}</A> }.into_any()
                } else {
                    view! { <A href=Route::FeedbackCase(entity.clone()).href(&root)>{unit.clone()}</A> }.into_any()
                }}
            </p>
            <div class="conflict__sides">
                {sides
                    .into_iter()
                    .map(|(event, label)| {
                        let policy = policy.clone();
                        view! {
                            <div class="conflict__side">
                                <h3>{move || i18n.t(label)}</h3>
                                {event.map(|event| {
                                    let at = office_time(event_time(&event), &policy);
                                    let actor = event.actor.clone();
                                    let role: Role = actor.role;
                                    let device = devices.get(&actor.device.0).cloned();
                                    view! {
                                        <p class="conflict__what">{move || event_text(&event, i18n.lang(), &policy)}</p>
                                        <p class="hint">
                                            {move || {
                                                let device = device.clone().unwrap_or_else(|| i18n.t(Text::UnenrolledDevice).to_owned());
                                                format!("{} · {} · {device} · {at}", actor.name, i18n.t(role_text(role)))
                                            }}
                                        </p>
                                    }
                                })}
                            </div>
                        }
                    })
                    .collect_view()}
            </div>
            <Show
                when=may_review
                fallback=move || view! { <p class="hint">{i18n.t(Text::ReviewNotAllowed)}</p> }
            >
                <div class="conflict__choices">
                    {choices
                        .clone()
                        .into_iter()
                        .map(|(value, edit)| {
                            let entity = entity.clone();
                            view! {
                                <button
                                    type="button"
                                    class="button button--primary"
                                    aria-label=move || format!("{}: {value}", i18n.t(Text::KeepValue))
                                    disabled=move || settle.pending().get()
                                    on:click=move |_| {
                                        settle.dispatch((entity.clone(), vec![Change::Renovation(edit.clone())]));
                                    }
                                >
                                    {move || i18n.t(Text::KeepValue)} ": " {value.clone()}
                                </button>
                            }
                        })
                        .collect_view()}
                    {choices.is_empty().then(|| {
                        let keep = keep.clone();
                        view! {
                            <button type="button" class="button" disabled=move || settle.pending().get() on:click=move |_| { settle.dispatch(keep.clone()); }>
                                {move || i18n.t(Text::KeepCase)}
                            </button>
                        }
                    })}
                    {apply.clone().map(|apply| view! {
                        <button type="button" class="button" disabled=move || settle.pending().get() on:click=move |_| { settle.dispatch(apply.clone()); }>
                            {move || i18n.t(Text::ApplyHeld)}
                        </button>
                    })}
                </div>
            </Show>
            <CommandOutcome outcome=Signal::derive(move || settle.value().get()) saved=Text::Saved />
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use estate_core::feedback::{Channel, FeedbackChange, FeedbackKind};
    use estate_core::hlc::{DeviceId, Hlc};
    use estate_core::party::{Occupancy, Resident, UnitRef};
    use estate_core::{Actor, EventId};

    fn event(change: Change) -> Event {
        Event {
            id: EventId("e-1".into()),
            entity: EntityId("c-1".into()),
            hlc: Hlc {
                wall_ms: 0,
                counter: 0,
                device: DeviceId("d".into()),
            },
            actor: Actor {
                name: "王芳".into(),
                role: Role::FrontDesk,
                device: DeviceId("d".into()),
                staff: None,
            },
            change,
        }
    }

    #[test]
    fn x_2_both_sides_of_a_conflict_are_told_in_plain_words() {
        let policy = Policy::default();
        let edit = event(Change::Renovation(RenovationChange::FieldSet {
            field: CaseField::ResidentPhone,
            value: "13911111111".into(),
            supersedes: None,
        }));
        assert_eq!(field_value(&edit).as_deref(), Some("13911111111"));
        assert_eq!(
            event_text(&edit, Lang::ZhCn, &policy),
            "修改信息 · 13911111111"
        );
        let complaint = event(Change::Feedback(FeedbackChange::Received {
            kind: FeedbackKind::Complaint,
            channel: Channel::Visit,
            resident: Resident {
                name: "陈先生".into(),
                occupancy: Occupancy::Owner,
                phone: "1".into(),
            },
            unit: UnitRef::new("1", "1", "101"),
            what: "噪音".into(),
            happened_at: None,
            acknowledged: true,
            number: None,
        }));
        assert_eq!(field_value(&complaint), None);
        assert_eq!(
            event_text(&complaint, Lang::En, &policy),
            "Feedback · received"
        );
    }
}
