//! Settings → Staff, for the office administrator (issue #11): everyone who may sign in on the
//! office's devices, and a form to add someone with their roles and PIN.

use leptos::prelude::*;

use crate::commands::Recorder;
use crate::components::staff_edit::{profile_label, StaffEdit};
use crate::components::staff_form::{
    new_staff, StaffDraft, StaffFields, StaffLabels, StaffOutcome, StaffOutcomeView,
};
use crate::components::staff_gate::{signed_in_administrator, staff_memo};
use crate::device_settings::DeviceSettings;
use crate::i18n::feedback::department_text;
use crate::i18n::{fill, role_text, I18n, Text};
use crate::services::Services;

/// The staff list and adding a person, for the office administrator.
#[component]
pub fn StaffAdmin() -> impl IntoView {
    let i18n = I18n::expect();
    let services = Services::expect();
    let settings = DeviceSettings::expect();
    let recorder = Recorder::expect();
    let staff = staff_memo(services);
    let administers = signed_in_administrator(services, settings);
    let staff_ids = move || staff.with(|staff| staff.keys().cloned().collect::<Vec<_>>());
    let draft = StaffDraft::new(false);
    let add = Action::new_local(move |_: &()| async move {
        let added = new_staff(draft).await?;
        let recorded = recorder.record(added.id, vec![added.change]).await;
        if recorded.is_ok() {
            // A fresh form for the next person: nothing carries over (issue #22).
            draft.name.set(String::new());
            draft.role.set(estate_core::Role::FrontDesk);
            draft.other_roles.set(Vec::new());
            draft.department.set(None);
            draft.administrator.set(false);
        }
        Ok(recorded)
    });
    let outcome: Signal<StaffOutcome> = add.value().into();
    let labels = StaffLabels {
        id_prefix: "staff",
        name: Text::StaffNameLabel,
        role: Text::StaffRoleLabel,
        department: Text::StaffDepartmentLabel,
        pin: Text::StaffPinLabel,
        pin_again: Text::StaffPinAgainLabel,
    };
    view! {
        <Show when=administers>
            <section class="settings-section" aria-labelledby="staff-title">
                <h2 id="staff-title">{move || i18n.t(Text::StaffTitle)}</h2>
                <p>{move || i18n.t(Text::StaffIntro)}</p>
                <ul class="staff-list" aria-label=move || i18n.t(Text::StaffListLabel)>
                    <For each=staff_ids key=|id| id.clone() let(id)>
                        <li>
                            {move || staff.with(|staff| {
                                let member = staff.get(&id)?.clone();
                                let merged_into = member
                                    .merged_into
                                    .as_ref()
                                    .and_then(|kept| staff.get(kept))
                                    .map(|kept| fill(i18n.t(Text::MergedIntoBadge), &[("profile", &profile_label(kept, i18n))]));
                                let namesakes: Vec<_> = staff
                                    .iter()
                                    .filter(|(other, namesake)| **other != id && !namesake.removed && namesake.name.trim() == member.name.trim())
                                    .map(|(other, namesake)| (other.clone(), namesake.clone()))
                                    .collect();
                                let editable = !member.removed;
                                Some(view! {
                                    <strong>{member.name.clone()}</strong>
                                    " · "
                                    {member.roles.iter().map(|role| i18n.t(role_text(*role))).collect::<Vec<_>>().join("、")}
                                    {member.department.map(|department| format!(" · {}", i18n.t(department_text(department))))}
                                    {member.administrator.then(|| view! { <span class="badge">{i18n.t(Text::AdministratorBadge)}</span> })}
                                    {match merged_into {
                                        Some(merged) => view! { <span class="badge">{merged}</span> }.into_any(),
                                        None => member.removed.then(|| view! { <span class="badge">{i18n.t(Text::RemovedBadge)}</span> }).into_any(),
                                    }}
                                    {(!namesakes.is_empty() && editable).then(|| view! { <span class="badge badge--warning">{i18n.t(Text::PossibleDuplicate)}</span> })}
                                    {editable.then(|| view! { <StaffEdit id=id.clone() member=member.clone() namesakes=namesakes /> })}
                                })
                            })}
                        </li>
                    </For>
                </ul>
                <form
                    class="device-setup"
                    novalidate=true
                    on:submit=move |event| {
                        event.prevent_default();
                        add.dispatch(());
                    }
                >
                    <StaffFields draft=draft labels=labels />
                    <div class="choice">
                        <input id="staff-administrator" type="checkbox" bind:checked=draft.administrator />
                        <label for="staff-administrator">{move || i18n.t(Text::StaffAdministrator)}</label>
                    </div>
                    <button type="submit" class="button button--primary" disabled=move || add.pending().get()>
                        {move || i18n.t(Text::AddStaff)}
                    </button>
                    <StaffOutcomeView outcome=outcome saved=Text::StaffAdded />
                </form>
            </section>
        </Show>
    }
}
