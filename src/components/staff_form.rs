//! The fields of a staff profile (issue #11): name, roles, department and PIN. Used twice: by
//! the first person setting up a device (who becomes the office administrator), and by the
//! administrator adding staff in Settings.

use estate_core::feedback::Department;
use estate_core::staff::{pin_problem, PinProblem, StaffChange};
use estate_core::{Change, EntityId, Role};
use leptos::prelude::*;

use crate::commands::{new_entity_id, CommandResult};
use crate::components::command_outcome::CommandOutcome;
use crate::device_settings::DeviceProfile;
use crate::i18n::feedback::DEPARTMENTS;
use crate::i18n::{role_text, I18n, Text};
use crate::pin::hash_new_pin;

/// The labels of one use of the fields, so two forms on a page never share a label.
#[derive(Debug, Clone, Copy)]
pub struct StaffLabels {
    pub id_prefix: &'static str,
    pub name: Text,
    pub role: Text,
    pub department: Text,
    pub pin: Text,
    pub pin_again: Text,
}

/// What is being typed into a staff form.
#[derive(Debug, Clone, Copy)]
pub struct StaffDraft {
    pub name: RwSignal<String>,
    pub role: RwSignal<Role>,
    pub other_roles: RwSignal<Vec<Role>>,
    pub department: RwSignal<Option<Department>>,
    pub administrator: RwSignal<bool>,
    pub pin: RwSignal<String>,
    pub pin_again: RwSignal<String>,
}

impl StaffDraft {
    pub fn new(administrator: bool) -> StaffDraft {
        StaffDraft {
            name: RwSignal::new(String::new()),
            role: RwSignal::new(Role::FrontDesk),
            other_roles: RwSignal::new(Vec::new()),
            department: RwSignal::new(None),
            administrator: RwSignal::new(administrator),
            pin: RwSignal::new(String::new()),
            pin_again: RwSignal::new(String::new()),
        }
    }

    /// The roles, the main one first.
    fn roles(&self) -> Vec<Role> {
        let main = self.role.get_untracked();
        let mut roles = vec![main];
        roles.extend(
            self.other_roles
                .get_untracked()
                .into_iter()
                .filter(|role| *role != main),
        );
        roles
    }

    /// The PIN, once it is 6–8 digits typed the same twice.
    fn checked_pin(&self) -> Result<String, Text> {
        let pin = self.pin.get_untracked();
        match pin_problem(&pin) {
            Some(PinProblem::NotDigits) => Err(Text::PinNotDigits),
            Some(PinProblem::TooShort) => Err(Text::PinTooShort),
            Some(PinProblem::TooLong) => Err(Text::PinTooLong),
            None if pin != self.pin_again.get_untracked() => Err(Text::PinMismatch),
            None => Ok(pin),
        }
    }

    fn clear_pins(&self) {
        self.pin.set(String::new());
        self.pin_again.set(String::new());
    }
}

/// Why a staff form saved nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StaffSaveError {
    /// The form itself is incomplete (a PIN problem, a missing name).
    Form(Text),
    /// The PIN could not be hashed.
    Unavailable,
}

/// A profile to add: its id, the change, and the device profile of that person.
pub struct NewStaff {
    pub id: EntityId,
    pub change: Change,
    pub profile: DeviceProfile,
}

/// Checks the form, hashes the PIN through WebCrypto, and builds the `Added` change.
pub async fn new_staff(draft: StaffDraft) -> Result<NewStaff, StaffSaveError> {
    let name = draft.name.get_untracked().trim().to_owned();
    if name.is_empty() {
        return Err(StaffSaveError::Form(Text::PersonNameRequired));
    }
    let pin = draft.checked_pin().map_err(StaffSaveError::Form)?;
    let hashed = hash_new_pin(&pin)
        .await
        .map_err(|_| StaffSaveError::Unavailable)?;
    draft.clear_pins();
    let id = new_entity_id();
    let roles = draft.roles();
    let department = draft.department.get_untracked();
    Ok(NewStaff {
        profile: DeviceProfile {
            person_name: name.clone(),
            role: roles[0],
            department,
            staff: Some(id.0.clone()),
        },
        change: Change::Staff(StaffChange::Added {
            name,
            roles,
            department,
            administrator: draft.administrator.get_untracked(),
            pin: hashed,
        }),
        id,
    })
}

/// What a staff form shows under itself after a save.
pub type StaffOutcome = Option<Result<CommandResult, StaffSaveError>>;

/// The fields of a staff profile: name, roles, department and PIN twice.
#[component]
pub fn StaffFields(draft: StaffDraft, labels: StaffLabels) -> impl IntoView {
    let i18n = I18n::expect();
    let id = move |field: &str| format!("{}-{field}", labels.id_prefix);
    view! {
        <div class="field">
            <label for=id("name")>{move || i18n.t(labels.name)}</label>
            <input id=id("name") type="text" autocomplete="off" required=true bind:value=draft.name />
        </div>
        <div class="field">
            <label for=id("role")>{move || i18n.t(labels.role)}</label>
            <select
                id=id("role")
                on:change=move |event| {
                    if let Some(chosen) = Role::from_wire_name(&event_target_value(&event)) {
                        draft.role.set(chosen);
                    }
                }
            >
                {Role::ALL
                    .into_iter()
                    .map(|option| view! {
                        <option value=option.wire_name() selected=move || draft.role.get() == option>
                            {move || i18n.t(role_text(option))}
                        </option>
                    })
                    .collect_view()}
            </select>
        </div>
        <fieldset class="field choice-group">
            <legend>{move || i18n.t(Text::OtherRoles)}</legend>
            {Role::ALL
                .into_iter()
                .map(|option| {
                    let checkbox = format!("{}-also-{}", labels.id_prefix, option.wire_name());
                    view! {
                        <div class="choice">
                            <input
                                id=checkbox.clone()
                                type="checkbox"
                                prop:checked=move || draft.other_roles.with(|roles| roles.contains(&option))
                                on:change=move |event| {
                                    let checked = event_target_checked(&event);
                                    draft.other_roles.update(|roles| {
                                        roles.retain(|role| *role != option);
                                        if checked {
                                            roles.push(option);
                                        }
                                    });
                                }
                            />
                            <label for=checkbox>{move || i18n.t(role_text(option))}</label>
                        </div>
                    }
                })
                .collect_view()}
        </fieldset>
        <DepartmentSelect id=id("department") label=labels.department chosen=draft.department />
        <div class="field">
            <label for=id("pin")>{move || i18n.t(labels.pin)}</label>
            <input id=id("pin") type="password" inputmode="numeric" autocomplete="new-password" maxlength="8" bind:value=draft.pin />
        </div>
        <div class="field">
            <label for=id("pin-again")>{move || i18n.t(labels.pin_again)}</label>
            <input id=id("pin-again") type="password" inputmode="numeric" autocomplete="new-password" maxlength="8" bind:value=draft.pin_again />
        </div>
    }
}

/// The department a profile belongs to, or none: department heads need one (FB-25).
#[component]
pub fn DepartmentSelect(
    id: String,
    label: Text,
    chosen: RwSignal<Option<Department>>,
) -> impl IntoView {
    let i18n = I18n::expect();
    view! {
        <div class="field">
            <label for=id.clone()>{move || i18n.t(label)}</label>
            <select
                id=id
                on:change=move |event| {
                    let value = event_target_value(&event);
                    chosen.set(DEPARTMENTS.iter().find(|(_, wire, _)| *wire == value).map(|(d, _, _)| *d));
                }
            >
                <option value="" selected=move || chosen.get().is_none()>{move || i18n.t(Text::NoDepartmentChosen)}</option>
                {DEPARTMENTS
                    .into_iter()
                    .map(|(option, wire, label)| view! {
                        <option value=wire selected=move || chosen.get() == Some(option)>{move || i18n.t(label)}</option>
                    })
                    .collect_view()}
            </select>
        </div>
    }
}

/// The outcome of a staff form: a form problem, a PIN that could not be hashed, or the
/// command's own outcome.
#[component]
pub fn StaffOutcomeView(outcome: Signal<StaffOutcome>, saved: Text) -> impl IntoView {
    let i18n = I18n::expect();
    let command = Signal::derive(move || match outcome.get() {
        Some(Ok(result)) => Some(result),
        _ => None,
    });
    view! {
        {move || match outcome.get() {
            Some(Err(StaffSaveError::Form(problem))) => {
                view! { <p class="refusal" role="alert">{i18n.t(problem)}</p> }.into_any()
            }
            Some(Err(StaffSaveError::Unavailable)) => {
                view! { <p class="refusal" role="alert">{i18n.t(Text::PinHashUnavailable)}</p> }.into_any()
            }
            _ => ().into_any(),
        }}
        <CommandOutcome outcome=command saved=saved />
    }
}
