//! Route `/sync`: export this device's data as a bundle file, and import another device's
//! bundle after a preview. A bad file changes nothing and says why.

use leptos::prelude::*;

use crate::components::export_panel::ExportPanel;
use crate::components::import_panel::ImportPanel;
use crate::i18n::{I18n, Text};

/// Route `/sync`: export a bundle, and import one after a preview.
#[component]
pub fn SyncPage() -> impl IntoView {
    let i18n = I18n::expect();
    view! {
        <section class="page" aria-labelledby="page-title">
            <h1 id="page-title">{move || i18n.t(Text::NavSync)}</h1>
            <ExportPanel />
            <ImportPanel />
        </section>
    }
}
