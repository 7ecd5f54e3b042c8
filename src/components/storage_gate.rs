//! Opens the database before the pages that need it, and says so clearly when it cannot.

use leptos::prelude::*;

use crate::desk_service::OpeningProgress;
use crate::i18n::{I18n, Text};
use crate::services::{self, Services};

/// Opens the local database before anything else shows, and says so when it cannot.
#[component]
pub fn StorageGate(children: ChildrenFn) -> impl IntoView {
    let i18n = I18n::expect();
    // How far the load has come: a large office takes seconds to open (issue #19).
    let progress = RwSignal::new(None::<OpeningProgress>);
    let opened = LocalResource::new(move || {
        services::open(move |now| {
            progress.try_set(Some(now));
        })
    });
    let children = StoredValue::new(children);
    view! {
        {move || match opened.get() {
            None => {
                view! {
                    <main id="main" class="main">
                        <p class="loading" role="status">
                            {move || match progress.get() {
                                Some(now) if now.total > 0 => format!(
                                    "{} {}%",
                                    i18n.t(Text::LoadingRecords),
                                    now.done * 100 / now.total,
                                ),
                                _ => i18n.t(Text::OpeningDatabase).to_owned(),
                            }}
                        </p>
                        <progress
                            max=move || progress.get().map_or(1, |now| now.total.max(1))
                            value=move || progress.get().map_or(0, |now| now.done)
                            aria-label=move || i18n.t(Text::OpeningProgressLabel)
                        ></progress>
                    </main>
                }
                    .into_any()
            }
            Some(Ok(desk)) => {
                let services = Services::provide(desk);
                crate::sync::live::LiveSync::provide(services);
                view! {
                    <Show when=move || services.is_reload_needed()>
                        <div class="update-banner" role="alert">
                            {move || i18n.t(Text::StoreClosedByAnotherTab)}
                            <button type="button" class="button" on:click=|_| {
                                if let Some(window) = web_sys::window() {
                                    let _ = window.location().reload();
                                }
                            }>
                                {move || i18n.t(Text::Reload)}
                            </button>
                        </div>
                    </Show>
                    {children.with_value(|children| children())}
                }
                    .into_any()
            }
            Some(Err(error)) => {
                let detail = error.detail().to_owned();
                view! {
                    <main id="main" class="main">
                        <section class="error-panel" role="alert">
                            <h1>{move || i18n.t(error.text())}</h1>
                            <p class="error-detail">{detail}</p>
                        </section>
                    </main>
                }
                    .into_any()
            }
        }}
    }
}
