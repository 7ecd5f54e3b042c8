//! Route `/new-renovation`: the three steps of a new application (REN-10..15): unit and
//! resident, contractor, declared changes. It is recorded as one command, then the case page
//! opens on its document checklist.

use std::collections::BTreeSet;

use estate_core::party::{Contractor, Occupancy, Resident, UnitRef};
use estate_core::renovation::{DeclaredChange, RenovationCase, RenovationChange};
use estate_core::Change;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::commands::{command_action, new_entity_id};
use crate::components::command_outcome::CommandOutcome;
use crate::components::declared_changes_picker::DeclaredChangesPicker;
use crate::components::text_field::TextField;
use crate::device_settings::DeviceSettings;
use crate::i18n::{I18n, Text};
use crate::routes::Route;

/// What the application form holds when it is sent.
#[derive(Debug, Clone, Default)]
struct Application {
    building: String,
    unit: String,
    room: String,
    resident_name: String,
    resident_phone: String,
    tenant: bool,
    commercial_unit: bool,
    contractor_name: String,
    contractor_phone: String,
    declared: BTreeSet<DeclaredChange>,
}

impl Application {
    /// The changes that open the case. A contractor left blank is added later on the case
    /// page; until then submission names it as missing (REN-12).
    fn into_changes(self) -> Vec<Change> {
        let mut changes = vec![RenovationChange::Opened {
            unit: UnitRef::new(&self.building, &self.unit, &self.room),
            resident: Resident {
                name: self.resident_name.trim().to_owned(),
                occupancy: if self.tenant {
                    Occupancy::Tenant
                } else {
                    Occupancy::Owner
                },
                phone: self.resident_phone.trim().to_owned(),
            },
            commercial_unit: self.commercial_unit,
            number: None,
        }];
        if !self.contractor_name.trim().is_empty() {
            changes.push(RenovationChange::ContractorSet {
                contractor: Contractor {
                    name: self.contractor_name.trim().to_owned(),
                    phone: self.contractor_phone.trim().to_owned(),
                },
            });
        }
        changes.push(RenovationChange::ChangesDeclared {
            changes: self.declared,
        });
        changes.into_iter().map(Change::Renovation).collect()
    }
}

/// Route `/new-renovation`: a new application, then its checklist.
#[component]
pub fn NewRenovationPage() -> impl IntoView {
    let i18n = I18n::expect();
    let navigate = use_navigate();
    let [building, unit, room, resident_name, resident_phone, contractor_name, contractor_phone] =
        std::array::from_fn(|_| RwSignal::new(String::new()));
    let tenant = RwSignal::new(false);
    let commercial_unit = RwSignal::new(false);
    let declared = RwSignal::new(BTreeSet::<DeclaredChange>::new());
    let create = command_action();
    let case_id = StoredValue::new(new_entity_id());

    // Once the case is stored, the checklist on its page is the next step.
    Effect::new(move |_| {
        if let Some(Ok(())) = create.value().get() {
            // The router prefixes its base when it navigates, unlike `<A href>`.
            navigate(
                &Route::Renovation(case_id.get_value()).target(),
                Default::default(),
            );
        }
    });

    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let application = Application {
            building: building.get_untracked(),
            unit: unit.get_untracked(),
            room: room.get_untracked(),
            resident_name: resident_name.get_untracked(),
            resident_phone: resident_phone.get_untracked(),
            tenant: tenant.get_untracked(),
            commercial_unit: commercial_unit.get_untracked(),
            contractor_name: contractor_name.get_untracked(),
            contractor_phone: contractor_phone.get_untracked(),
            declared: declared.get_untracked(),
        };
        create.dispatch((case_id.get_value(), application.into_changes()));
    };
    let check = move |id: &'static str, label: Text, value: RwSignal<bool>| {
        view! {
            <div class="field field--check">
                <input id=id type="checkbox" bind:checked=value />
                <label for=id>{move || i18n.t(label)}</label>
            </div>
        }
    };

    // Issue #22: a role that may not file an application is told so, not shown the form.
    let settings = DeviceSettings::expect();
    let may_open = move || {
        settings
            .profile()
            .is_some_and(|profile| RenovationCase::may_open(profile.role))
    };
    view! {
        <section class="page" aria-labelledby="page-title">
            <h1 id="page-title">{move || i18n.t(Text::NewApplicationTitle)}</h1>
            <Show when=may_open fallback=move || view! { <p class="hint" role="note">{move || i18n.t(Text::NewApplicationNotForRole)}</p> }>
            <form class="intake" on:submit=on_submit novalidate=true>
                <fieldset>
                    <legend>{move || i18n.t(Text::StepUnitResident)}</legend>
                    <div class="field-row">
                        <TextField id="renovation-building" label=Text::Building value=building required=true />
                        <TextField id="renovation-unit" label=Text::UnitLabel value=unit />
                        <TextField id="renovation-room" label=Text::Room value=room required=true />
                    </div>
                    <div class="field-row">
                        <TextField id="renovation-resident" label=Text::ResidentName value=resident_name required=true />
                        <TextField id="renovation-phone" label=Text::Phone value=resident_phone />
                    </div>
                    <div class="field-row">
                        {check("renovation-tenant", Text::OccupancyTenant, tenant)}
                        {check("renovation-commercial", Text::CommercialUnit, commercial_unit)}
                    </div>
                </fieldset>
                <fieldset>
                    <legend>{move || i18n.t(Text::StepContractor)}</legend>
                    <div class="field-row">
                        <TextField id="renovation-contractor" label=Text::ContractorName value=contractor_name />
                        <TextField id="renovation-contractor-phone" label=Text::ContractorPhone value=contractor_phone />
                    </div>
                </fieldset>
                <fieldset>
                    <legend>{move || i18n.t(Text::StepDeclaredChanges)}</legend>
                    <DeclaredChangesPicker declared=declared prefix="new" />
                </fieldset>
                <button type="submit" class="button button--primary" disabled=move || create.pending().get()>
                    {move || i18n.t(Text::CreateApplication)}
                </button>
                <CommandOutcome outcome=Signal::derive(move || create.value().get()) saved=Text::Saved />
            </form>
            </Show>
        </section>
    }
}
