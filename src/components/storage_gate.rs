//! Opens the database before the pages that need it, and says so clearly when it cannot.

use leptos::prelude::*;

use crate::i18n::{I18n, Text};
use crate::services::{self, Services};

/// Opens the local database before anything else shows, and says so when it cannot.
#[component]
pub fn StorageGate(children: ChildrenFn) -> impl IntoView {
    let i18n = I18n::expect();
    let opened = LocalResource::new(services::open);
    let children = StoredValue::new(children);
    view! {
        {move || match opened.get() {
            None => {
                view! {
                    <main id="main" class="main">
                        <p class="loading" role="status">
                            {move || i18n.t(Text::OpeningDatabase)}
                        </p>
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
