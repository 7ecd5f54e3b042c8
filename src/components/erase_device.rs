//! Settings: erase this device before handing it over. The only action that drops local data,
//! so it warns first with the number of changes that exist nowhere else, and asks twice.

use leptos::prelude::*;

use crate::components::sync_status::export_status;
use crate::device_settings::forget_profile;
use crate::i18n::{I18n, Text};
use crate::services::Services;

/// Erasing this device, which warns with the changes not yet exported and asks twice.
#[component]
pub fn EraseDevice() -> impl IntoView {
    let i18n = I18n::expect();
    let services = Services::expect();
    let asked = RwSignal::new(false);
    let understood = RwSignal::new(false);
    let unexported = LocalResource::new(move || {
        services.version();
        export_status(services.desk())
    });
    let erase = Action::new_local(move |_: &()| {
        let desk = services.desk();
        async move {
            desk.erase_everything().await?;
            forget_profile();
            // Every in-memory state is now stale: start again from the empty device.
            let _ = window().location().reload();
            Ok::<(), crate::store::StoreError>(())
        }
    });
    view! {
        <section class="storage-status" aria-labelledby="erase-title">
            <h2 id="erase-title">{move || i18n.t(Text::EraseTitle)}</h2>
            <p>{move || i18n.t(Text::EraseIntro)}</p>
            <Show
                when=move || asked.get()
                fallback=move || view! {
                    <button type="button" class="button button--danger" on:click=move |_| asked.set(true)>
                        {move || i18n.t(Text::EraseStart)}
                    </button>
                }
            >
                <div class="refusal" role="alert">
                    {move || {
                        let pending = unexported.get().map_or(0, |(pending, _)| pending);
                        if pending > 0 {
                            format!("{pending} {} {}", i18n.t(Text::ChangesNotExported), i18n.t(Text::EraseLostWarning))
                        } else {
                            i18n.t(Text::EraseNothingLost).to_owned()
                        }
                    }}
                </div>
                <div class="field field--check">
                    <input id="erase-understood" type="checkbox" bind:checked=understood />
                    <label for="erase-understood">{move || i18n.t(Text::EraseUnderstand)}</label>
                </div>
                <div class="choice-row">
                    <button
                        type="button"
                        class="button button--danger"
                        disabled=move || !understood.get() || erase.pending().get()
                        on:click=move |_| { erase.dispatch(()); }
                    >
                        {move || i18n.t(Text::EraseConfirm)}
                    </button>
                    <button type="button" class="button" on:click=move |_| { asked.set(false); understood.set(false); }>
                        {move || i18n.t(Text::Cancel)}
                    </button>
                </div>
                {move || erase.value().get().and_then(Result::err).map(|error| view! {
                    <p class="refusal" role="alert">{i18n.t(error.text())}</p>
                })}
            </Show>
        </section>
    }
}
