//! Settings → Staff, one person's row for the administrator (issue #22): change their roles,
//! retire them, or merge a duplicate profile into the one kept. A profile is never deleted:
//! every step it signed stays under its name.

use estate_core::staff::{StaffChange, StaffMember};
use estate_core::{Change, EntityId, Role};
use leptos::prelude::*;

use crate::commands::command_action;
use crate::components::command_outcome::CommandOutcome;
use crate::components::staff_form::DepartmentSelect;
use crate::components::step_button::{StepButton, StepLook};
use crate::i18n::{fill, role_text, I18n, Text};

/// The roles of `member` after ticking `role` on or off: the ones kept stay in their order
/// (the first is where the person starts after signing in), a new one comes last.
fn roles_after(roles: &[Role], role: Role, held: bool) -> Vec<Role> {
    let mut roles: Vec<Role> = roles.iter().copied().filter(|kept| *kept != role).collect();
    if held {
        roles.push(role);
    }
    roles
}

/// How a profile is told apart from a namesake: its name and roles.
pub fn profile_label(member: &StaffMember, i18n: I18n) -> String {
    let roles: Vec<&str> = member
        .roles
        .iter()
        .map(|role| i18n.t(role_text(*role)))
        .collect();
    format!("{} · {}", member.name, roles.join("、"))
}

/// What the administrator may do to a current profile: edit, retire, merge into a namesake.
#[component]
pub fn StaffEdit(
    id: EntityId,
    member: StaffMember,
    /// The other current profiles with the same name: duplicates to merge into.
    namesakes: Vec<(EntityId, StaffMember)>,
) -> impl IntoView {
    let i18n = I18n::expect();
    let roles = RwSignal::new(member.roles.clone());
    let department = RwSignal::new(member.department);
    let administrator = RwSignal::new(member.administrator);
    let save = command_action();
    let prefix = format!("edit-{}", &id.0[id.0.len().saturating_sub(8)..]);
    let edited_id = id.clone();
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        save.dispatch((
            edited_id.clone(),
            vec![Change::Staff(StaffChange::RolesChanged {
                roles: roles.get_untracked(),
                department: department.get_untracked(),
                administrator: administrator.get_untracked(),
            })],
        ));
    };
    let role_boxes = Role::ALL
        .into_iter()
        .map(|role| {
            let checkbox = format!("{prefix}-{}", role.wire_name());
            view! {
                <div class="choice">
                    <input
                        id=checkbox.clone()
                        type="checkbox"
                        prop:checked=move || roles.with(|roles| roles.contains(&role))
                        on:change=move |event| {
                            let held = event_target_checked(&event);
                            roles.update(|roles| *roles = roles_after(roles, role, held));
                        }
                    />
                    <label for=checkbox>{move || i18n.t(role_text(role))}</label>
                </div>
            }
        })
        .collect_view();
    let administrator_id = format!("{prefix}-administrator");
    let retire_id = id.clone();
    let retire_label = fill(i18n.t(Text::RetireStaffNamed), &[("name", &member.name)]);
    let retire_consequence = fill(
        i18n.t(Text::RetireStaffConsequence),
        &[("name", &member.name)],
    );
    let merges = namesakes
        .into_iter()
        .map(|(kept_id, kept)| {
            let merged_id = id.clone();
            let kept_label = profile_label(&kept, i18n);
            let aria = fill(i18n.t(Text::MergeIntoNamed), &[("profile", &kept_label)]);
            let consequence =
                fill(i18n.t(Text::MergeConsequence), &[("profile", &kept_label)]);
            view! {
                <StepButton
                    label=Text::MergeDuplicate
                    look=StepLook::Danger
                    aria_label=Signal::derive(move || aria.clone())
                    consequence=Signal::derive(move || consequence.clone())
                    command=move |()| Ok((merged_id.clone(), vec![Change::Staff(StaffChange::MergedInto { into: kept_id.clone() })]))
                />
            }
        })
        .collect_view();
    view! {
        <details class="staff-edit">
            <summary>{fill(i18n.t(Text::EditStaffNamed), &[("name", &member.name)])}</summary>
            <form class="device-setup" novalidate=true on:submit=on_submit>
                <fieldset class="field choice-group">
                    <legend>{move || i18n.t(Text::StaffRolesLegend)}</legend>
                    {role_boxes}
                </fieldset>
                <DepartmentSelect id=format!("{prefix}-department") label=Text::EditStaffDepartment chosen=department />
                <div class="choice">
                    <input id=administrator_id.clone() type="checkbox" bind:checked=administrator />
                    <label for=administrator_id>{move || i18n.t(Text::StaffAdministrator)}</label>
                </div>
                <button type="submit" class="button button--primary" disabled=move || save.pending().get()>
                    {move || i18n.t(Text::SaveStaffChanges)}
                </button>
                <CommandOutcome outcome=save.value().into() saved=Text::Saved />
            </form>
        </details>
        <div class="step-row">
            <StepButton
                label=Text::RetireStaff
                look=StepLook::Danger
                aria_label=Signal::derive(move || retire_label.clone())
                consequence=Signal::derive(move || retire_consequence.clone())
                command=move |()| Ok((retire_id.clone(), vec![Change::Staff(StaffChange::Removed)]))
            />
            {merges}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::roles_after;
    use estate_core::Role;

    #[test]
    fn x_1_editing_roles_keeps_the_main_role_first_and_adds_new_ones_last() {
        let roles = [Role::Inspector, Role::FrontDesk];
        assert_eq!(
            roles_after(&roles, Role::CsManager, true),
            [Role::Inspector, Role::FrontDesk, Role::CsManager]
        );
        assert_eq!(
            roles_after(&roles, Role::Inspector, false),
            [Role::FrontDesk]
        );
        assert_eq!(
            roles_after(&roles, Role::FrontDesk, true),
            [Role::Inspector, Role::FrontDesk]
        );
    }
}
