//! A new device joins the office that exists (issue #22), instead of founding a second one:
//! the administrator enrols its card, the device imports the office's bundle on an
//! administrator's PIN, and then its person signs in with their own profile. No profile is
//! made twice, and nobody becomes an administrator by setting up a tablet.

use leptos::prelude::*;

use crate::components::device_cards::OwnDeviceCard;
use crate::components::import_panel::ImportPanel;
use crate::components::join_through_server::JoinThroughServer;
use crate::components::text_field::TextField;
use crate::i18n::{I18n, Text};

/// The join path of a device with no staff profile: its card, then the office's bundle.
#[component]
pub fn JoinOffice() -> impl IntoView {
    let i18n = I18n::expect();
    let person = RwSignal::new(String::new());
    let card_name = Signal::derive(move || {
        let person = person.get();
        let person = person.trim();
        if person.is_empty() {
            i18n.t(Text::NewDeviceName).to_owned()
        } else {
            crate::i18n::fill(i18n.t(Text::PersonsDevice), &[("person", &person)])
        }
    });
    view! {
        <section class="setup-path" aria-labelledby="join-office-title">
            <h2 id="join-office-title">{move || i18n.t(Text::JoinOfficeTitle)}</h2>
            <ol class="join-steps">
                <li>
                    <p>{move || i18n.t(Text::JoinStepCard)}</p>
                    <TextField id="join-person" label=Text::JoinPersonLabel value=person />
                    <OwnDeviceCard name=card_name />
                </li>
                <li>
                    <p>{move || i18n.t(Text::JoinStepBundle)}</p>
                    <ImportPanel />
                    <p>{move || i18n.t(Text::JoinStepServer)}</p>
                    <JoinThroughServer />
                </li>
                <li>
                    <p>{move || i18n.t(Text::JoinStepSignIn)}</p>
                </li>
            </ol>
        </section>
    }
}
