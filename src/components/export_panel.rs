//! Exporting this device's data as a bundle file: on the Sync page, and in patrol mode so an
//! inspector hands the day's patrols over before leaving. Every bundle is signed with this
//! device's key; a passphrase encrypts it.

use chrono::Utc;
use leptos::prelude::*;

use crate::device_key::DeviceKey;
use crate::device_settings::DeviceSettings;
use crate::download::download;
use crate::i18n::{I18n, Text};
use crate::services::Services;
use crate::sync::encryption::encrypt;
use crate::sync::{export_with_progress, file_name, ExportProgress, ExportStep, ExportTarget};
use crate::timing::Span;

/// Shows each export step on the page, and lets the page paint at most every 100 ms so a long
/// export shows progress without slowing down.
struct PageProgress {
    step: RwSignal<Option<ExportStep>>,
    last_paint: std::cell::Cell<f64>,
}

impl ExportProgress for PageProgress {
    async fn report(&self, step: ExportStep) {
        self.step.set(Some(step));
        let now = js_sys::Date::now();
        if now - self.last_paint.get() >= 100.0 {
            self.last_paint.set(now);
            crate::timing::yield_to_page().await;
        }
    }
}

/// How far along the bar is at `step`, out of 100; photos take most of a large export.
fn progress_percent(step: ExportStep) -> u32 {
    match step {
        ExportStep::ReadingRecords => 5,
        ExportStep::ReadingPhotos { done, total } => 10 + (75 * done / total.max(1)) as u32,
        ExportStep::Packing { .. } => 88,
        ExportStep::Saving => 96,
    }
}

fn progress_text(step: ExportStep, i18n: I18n) -> String {
    match step {
        ExportStep::ReadingRecords => i18n.t(Text::ExportReadingRecords).to_owned(),
        ExportStep::ReadingPhotos { done, total } => {
            format!("{} {done}/{total}", i18n.t(Text::ExportReadingPhotos))
        }
        ExportStep::Packing { events } => format!("{} {events}", i18n.t(Text::ExportPacking)),
        ExportStep::Saving => i18n.t(Text::ExportSaving).to_owned(),
    }
}

/// The export form: for whom, the passphrase, and the progress of a long export.
#[component]
pub fn ExportPanel() -> impl IntoView {
    let i18n = I18n::expect();
    let services = Services::expect();
    let settings = DeviceSettings::expect();
    let passphrase = RwSignal::new(String::new());
    let peer = RwSignal::new(String::new());
    let step = RwSignal::new(None::<ExportStep>);
    let export_bundle = Action::new_local(move |_: &()| {
        let desk = services.desk();
        let person = settings
            .profile()
            .map(|profile| profile.person_name)
            .unwrap_or_default();
        let passphrase = passphrase.get_untracked();
        let target = match peer.get_untracked().trim() {
            "" => ExportTarget::Everything,
            name => ExportTarget::Peer(name.to_owned()),
        };
        async move {
            let _exporting = Span::start("export.total");
            if !passphrase.is_empty() && passphrase.chars().count() < 8 {
                return Err(i18n.t(Text::PassphraseTooShort).to_owned());
            }
            let progress = PageProgress {
                step,
                last_paint: std::cell::Cell::new(0.0),
            };
            // Every bundle is signed by this device's own key (issue #11).
            let key = DeviceKey::of(&desk)
                .await
                .map_err(|_| i18n.t(Text::SigningUnavailable).to_owned())?;
            let exported =
                export_with_progress(&desk, &person, target, Utc::now(), &progress, &key)
                    .await
                    .map_err(|error| i18n.t(error.text()).to_owned())?;
            let text = if passphrase.is_empty() {
                exported.text
            } else {
                encrypt(&exported.text, &passphrase)
                    .await
                    .map_err(|_| i18n.t(Text::EncryptionUnavailable).to_owned())?
            };
            let name = file_name(
                i18n.t(Text::BundleFileName),
                &exported.device_id,
                exported.exported_at,
            );
            download(&name, &text, "application/json")?;
            services.changed();
            Ok::<(usize, bool), String>((exported.events, !passphrase.is_empty()))
        }
    });
    view! {
        <section class="sync-panel" aria-labelledby="export-title">
            <h2 id="export-title">{move || i18n.t(Text::ExportTitle)}</h2>
            <p>{move || i18n.t(Text::ExportIntro)}</p>
            <div class="field">
                <label for="export-peer">{move || i18n.t(Text::ExportPeer)}</label>
                <input id="export-peer" type="text" bind:value=peer />
            </div>
            <div class="field">
                <label for="export-passphrase">{move || i18n.t(Text::ExportPassphrase)}</label>
                <input id="export-passphrase" type="password" autocomplete="new-password" aria-describedby="export-passphrase-hint" bind:value=passphrase />
                <p id="export-passphrase-hint" class="hint">{move || i18n.t(Text::ExportPassphraseHint)}</p>
            </div>
            <button type="button" class="button button--primary" on:click=move |_| { export_bundle.dispatch(()); } disabled=move || export_bundle.pending().get()>
                {move || i18n.t(Text::ExportFull)}
            </button>
            <Show when=move || export_bundle.pending().get()>
                <progress
                    max="100"
                    value=move || step.get().map_or(0, progress_percent)
                    aria-label=move || i18n.t(Text::ExportProgressLabel)
                ></progress>
            </Show>
            <p class="form-status" role="status">
                {move || {
                    if export_bundle.pending().get() {
                        return step.get().map(|current| progress_text(current, i18n)).unwrap_or_default();
                    }
                    match export_bundle.value().get() {
                    Some(Ok((events, true))) => format!("{} {events}", i18n.t(Text::ExportDone)),
                    Some(Ok((events, false))) => format!(
                        "{} {events}。{}",
                        i18n.t(Text::ExportDone),
                        i18n.t(Text::ExportedUnencrypted)
                    ),
                    Some(Err(message)) => message,
                    None => String::new(),
                    }
                }}
            </p>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_export_bar_only_moves_forward() {
        let steps = [
            ExportStep::ReadingRecords,
            ExportStep::ReadingPhotos { done: 0, total: 3 },
            ExportStep::ReadingPhotos { done: 2, total: 3 },
            ExportStep::Packing { events: 10 },
            ExportStep::Saving,
        ];
        let percents: Vec<u32> = steps.into_iter().map(progress_percent).collect();
        assert!(
            percents.windows(2).all(|pair| pair[0] < pair[1]),
            "{percents:?}"
        );
        assert!(percents.iter().all(|percent| *percent <= 100));
        assert_eq!(
            progress_percent(ExportStep::ReadingPhotos { done: 0, total: 0 }),
            10
        );
    }
}
