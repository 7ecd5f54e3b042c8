//! Settings → Devices (issue #11): this device's card (a file and a QR code of its public key)
//! and, for the office administrator, enrolling another device from its card and revoking a
//! lost one. Bundles from enrolled devices import without the administrator's PIN.

use chrono::Utc;
use estate_core::device::{DeviceCard, DeviceChange};
use estate_core::{Change, EntityId};
use leptos::prelude::*;

use crate::commands::command_action;
use crate::components::command_outcome::CommandOutcome;
use crate::components::file_picker::FilePicker;
use crate::components::qr_code::qr_svg;
use crate::components::staff_gate::signed_in_administrator;
use crate::components::step_button::{StepButton, StepLook};
use crate::device_key::DeviceKey;
use crate::device_settings::DeviceSettings;
use crate::download::{download, file_text};
use crate::i18n::renovation::office_time;
use crate::i18n::{card_problem_text, fill, I18n, Text};
use crate::services::Services;
use crate::sync::device_name;

/// This device's card to enrol it elsewhere, and the devices enrolled here (issue #11).
#[component]
pub fn DeviceCards() -> impl IntoView {
    let i18n = I18n::expect();
    let services = Services::expect();
    let settings = DeviceSettings::expect();
    let card_name = Signal::derive(move || {
        let person = settings
            .profile()
            .map(|profile| profile.person_name)
            .unwrap_or_default();
        let desk = services.desk();
        device_name(
            &person,
            desk.with_desk(|state| state.own_device_code(&desk.device())),
        )
    });
    let devices = Memo::new(move |_| {
        services.version();
        services.desk().with_desk(|desk| desk.devices.clone())
    });
    let administers = signed_in_administrator(services, settings);
    let enrol = command_action();
    let reassign = command_action();
    let (card_problem, set_card_problem) = signal(None::<estate_core::device::CardProblem>);
    let read_card = move |file: web_sys::File| {
        leptos::task::spawn_local(async move {
            let text = file_text(&file).await;
            match DeviceCard::parse(&text) {
                Ok(card) => {
                    set_card_problem.set(None);
                    enrol.dispatch((
                        EntityId(card.device_id),
                        vec![Change::Device(DeviceChange::Enrolled {
                            name: card.name,
                            public_key: card.public_key,
                            code: None,
                        })],
                    ));
                }
                Err(problem) => set_card_problem.set(Some(problem)),
            }
        });
    };
    let device_ids = move || devices.with(|devices| devices.keys().cloned().collect::<Vec<_>>());
    view! {
        <section class="settings-section" aria-labelledby="devices-title">
            <h2 id="devices-title">{move || i18n.t(Text::DevicesTitle)}</h2>
            <p>{move || i18n.t(Text::DevicesIntro)}</p>
            <OwnDeviceCard name=card_name />
            <ul class="staff-list" aria-label=move || i18n.t(Text::EnrolledDevicesLabel)>
                <For each=device_ids key=|id| id.clone() let(id)>
                    <li>
                        {
                            let id_for_revoke = id.clone();
                            move || devices.with(|devices| devices.get(&id).cloned()).map(|device| {
                                let revoke_id = id_for_revoke.clone();
                                let code = device.code.clone();
                                let clashing = services.desk().with_desk(|desk| {
                                    desk.device_code_clashes().iter().any(|(_, held)| held.contains(&id))
                                });
                                let reassign_id = id.clone();
                                view! {
                                    <strong>{device.name.clone()}</strong>
                                    {code.map(|code| view! {
                                        <span class="device-code">{fill(i18n.t(Text::DeviceCodeBadge), &[("code", &code)])}</span>
                                    })}
                                    {clashing.then(|| view! {
                                        <span class="badge badge--warning">{i18n.t(Text::DeviceCodeClash)}</span>
                                    })}
                                    <Show when=move || administers() && clashing>
                                        <button
                                            type="button"
                                            class="button"
                                            disabled=move || reassign.pending().get()
                                            on:click={
                                                let reassign_id = reassign_id.clone();
                                                move |_| {
                                                    if let Some(code) = services.desk().with_desk(|desk| desk.free_device_code()) {
                                                        reassign.dispatch((reassign_id.clone(), vec![Change::Device(DeviceChange::CodeAssigned { code })]));
                                                    }
                                                }
                                            }
                                        >
                                            {i18n.t(Text::AssignNewDeviceCode)}
                                        </button>
                                    </Show>
                                    {device.revoked_at.map(|at| {
                                        let at = services.desk().with_desk(|desk| office_time(at, desk.policy_at(Utc::now())));
                                        view! { <span class="badge">{i18n.t(Text::RevokedBadge)}" "{at}</span> }
                                    })}
                                    <Show when=move || administers() && device.revoked_at.is_none()>
                                        <StepButton
                                            label=Text::RevokeDevice
                                            look=StepLook::Danger
                                            aria_label=Signal::derive({
                                                let name = device.name.clone();
                                                move || format!("{} {name}", i18n.t(Text::RevokeDevice))
                                            })
                                            consequence=Signal::derive({
                                                let name = device.name.clone();
                                                move || fill(i18n.t(Text::RevokeConsequence), &[("name", &name)])
                                            })
                                            saved=Text::DeviceRevoked
                                            command={
                                                let revoke_id = revoke_id.clone();
                                                move |()| Ok((revoke_id.clone(), vec![Change::Device(DeviceChange::Revoked { at: Utc::now() })]))
                                            }
                                        />
                                    </Show>
                                }
                            })
                        }
                    </li>
                </For>
            </ul>
            <CommandOutcome outcome=reassign.value().into() saved=Text::Saved />
            <Show when=administers>
                <FilePicker id="enrol-device-card" label=Text::EnrolDeviceCard accept="application/json,.json" on_file=read_card />
                {move || card_problem.get().map(|problem| view! { <p class="refusal" role="alert">{i18n.t(card_problem_text(problem))}</p> })}
                <CommandOutcome outcome=enrol.value().into() saved=Text::DeviceEnrolled />
            </Show>
        </section>
    }
}

/// This device's card (its id and public key) as a QR code and a file, for an administrator
/// to enrol it: in Settings, and on a new device joining an office (issue #22). `name` is how
/// the office will see the device.
#[component]
pub fn OwnDeviceCard(#[prop(into)] name: Signal<String>) -> impl IntoView {
    let i18n = I18n::expect();
    let services = Services::expect();
    let key = LocalResource::new(move || async move { DeviceKey::of(&services.desk()).await.ok() });
    move || {
        let key = key.get().flatten()?;
        let card = key.card(&services.desk().device().0, &name.get());
        let text = serde_json::to_string(&card).unwrap_or_default();
        let file_name = format!(
            "{}-{}.json",
            i18n.t(Text::DeviceCardFileName),
            &card.device_id[..card.device_id.len().min(8)]
        );
        let qr = qr_svg(&text);
        Some(view! {
            <div class="device-card">
                <p>{i18n.t(Text::ThisDeviceCard)}": "<strong>{card.name.clone()}</strong></p>
                <div class="qr__code" role="img" aria-label=i18n.t(Text::ThisDeviceCard) inner_html=qr></div>
                <button type="button" class="button" on:click=move |_| { let _ = download(&file_name, &text, "application/json"); }>
                    {i18n.t(Text::DownloadDeviceCard)}
                </button>
            </div>
        })
    }
}
