//! Settings: whether the browser keeps our data, how much space it uses, and the repair tool
//! that rebuilds the lists from the event log.

use chrono::Utc;
use leptos::prelude::*;

use crate::durability::{megabytes, report};
use crate::i18n::{I18n, Text};
use crate::services::Services;

/// Whether storage is persistent and how much is used, as the browser reports it.
#[component]
pub fn StorageStatus() -> impl IntoView {
    let i18n = I18n::expect();
    let services = Services::expect();
    let storage = LocalResource::new(move || {
        services.version();
        report()
    });
    let rebuild_projections = Action::new_local(move |_: &()| {
        let desk = services.desk();
        async move {
            let rebuilt = desk.rebuild_projections(Utc::now()).await;
            if rebuilt.is_ok() {
                services.changed();
            }
            rebuilt
        }
    });
    let yes_no = move |value: Option<bool>| match value {
        Some(true) => i18n.t(Text::Yes),
        Some(false) => i18n.t(Text::No),
        None => i18n.t(Text::StorageUnknown),
    };
    view! {
        <section class="storage-status" aria-labelledby="storage-title">
            <h2 id="storage-title">{move || i18n.t(Text::StorageTitle)}</h2>
            <dl>
                <dt>{move || i18n.t(Text::StoragePersisted)}</dt>
                <dd data-testid="storage-persisted">{move || yes_no(storage.get().and_then(|report| report.persisted))}</dd>
                <dt>{move || i18n.t(Text::StorageUsage)}</dt>
                <dd data-testid="storage-usage">
                    {move || match storage.get().map(|report| (report.usage_bytes, report.quota_bytes)) {
                        Some((Some(usage), Some(quota))) => format!("{} / {}", megabytes(usage), megabytes(quota)),
                        _ => i18n.t(Text::StorageUnknown).to_owned(),
                    }}
                </dd>
            </dl>
            <button type="button" class="button" on:click=move |_| { rebuild_projections.dispatch(()); } disabled=move || rebuild_projections.pending().get()>
                {move || i18n.t(Text::RebuildProjections)}
            </button>
            <p class="form-status" role="status">
                {move || match rebuild_projections.value().get() {
                    Some(Ok(count)) => format!("{} {count}", i18n.t(Text::RebuildDone)),
                    Some(Err(error)) => i18n.t(error.text()).to_owned(),
                    None => String::new(),
                }}
            </p>
        </section>
    }
}
