//! Importing a bundle (issue #8, #11, #22): picking the file, its preview, the administrator's
//! PIN where the signer is not enrolled here, and the report. The Sync page uses it, and so
//! does a new device joining an office: there the PIN is that of one of the office's own
//! administrators, who are in the bundle, because the device has none yet.

use std::sync::Arc;

use chrono::Utc;
use estate_core::bundle::{CheckProgress, EncryptedEnvelope, ImportPlan, KindCounts};
use leptos::prelude::*;

use crate::components::conflicts_notice::ConflictsNotice;
use crate::components::file_picker::FilePicker;
use crate::download::file_text;
use crate::i18n::renovation::{office_clock_time, office_time};
use crate::i18n::{bundle_error_text, fill, kind_text, I18n, Text};
use crate::pin::{check_pin, PinCheck};
use crate::services::Services;
use crate::sync::encryption::{decrypt, EncryptionError};
use crate::sync::{
    approving_administrators, commit_import, commit_unseen_import, has_room_for,
    newcomer_administrators, preview_import_reporting, ImportReport, PreviewError,
};
use crate::timing::Span;
use estate_core::device::Signer;
use estate_core::staff::PinHash;
use estate_core::Policy;

/// One kind's row of the preview: the cases it touches first, then the records.
fn counts_row(kind: &str, plan: &ImportPlan, i18n: I18n) -> impl IntoView {
    let count = |counts: &KindCounts| counts.get(kind).copied().unwrap_or(0);
    let (cases, new, present, conflicts) = (
        count(&plan.new_entities_by_kind),
        count(&plan.new_by_kind),
        count(&plan.already_present_by_kind),
        count(&plan.conflicts_by_kind),
    );
    let label = kind_text(kind).map_or_else(|| kind.to_owned(), |text| i18n.t(text).to_owned());
    view! {
        <tr>
            <th scope="row">{label}</th>
            <td>{cases}</td>
            <td>{new}</td>
            <td>{present}</td>
            <td>{conflicts}</td>
        </tr>
    }
}

/// Picking a bundle, its preview, the administrator's PIN where needed, and the report.
#[component]
pub fn ImportPanel() -> impl IntoView {
    let i18n = I18n::expect();
    let services = Services::expect();
    let (report, set_report) = signal(None::<Result<ImportReport, String>>);
    let picked = StoredValue::new_local(None::<web_sys::File>);
    let import_passphrase = RwSignal::new(String::new());
    // How far the check of a large file has come (issue #19: it runs a slice at a time).
    let checked = RwSignal::new(None::<CheckProgress>);
    // The worker that hashes a picked file's body is started with the panel, not with the
    // check, which keeps the page too busy for it to start (issue #19).
    crate::sync::body_hash::warm_up();
    let check_bundle = Action::new_local(move |attempt: &ImportAttempt| {
        let attempt = attempt.clone();
        let desk = services.desk();
        async move {
            set_report.set(None);
            checked.set(None);
            let _checking = Span::start("import.check_file");
            let reading = Span::start("import.read_file");
            let text = file_text(&attempt.file).await;
            drop(reading);
            // The envelope check searches the whole text: in a task of its own, not in the
            // one that decoded the file's last piece (issue #19: the longest task).
            crate::timing::yield_to_page().await;
            let envelope = {
                let _looking = Span::start("import.envelope_check");
                EncryptedEnvelope::parse(&text)
            };
            let text = match envelope {
                None => text,
                Some(Err(problem)) => {
                    return Err(CheckError::Preview(PreviewError::Invalid(vec![problem])))
                }
                Some(Ok(envelope)) => match attempt.passphrase {
                    None => return Err(CheckError::NeedsPassphrase),
                    Some(passphrase) => match decrypt(&envelope, &passphrase).await {
                        Ok(text) => text,
                        Err(EncryptionError::WrongPassphrase) => {
                            return Err(CheckError::WrongPassphrase)
                        }
                        // Damage the envelope check could not see (bytes that are not text).
                        Err(EncryptionError::Malformed(_)) => {
                            return Err(CheckError::Preview(PreviewError::Invalid(vec![
                                estate_core::bundle::BundleError::EnvelopeDamaged {
                                    field: "ciphertext".into(),
                                },
                            ])))
                        }
                        Err(EncryptionError::Unavailable(_)) => {
                            return Err(CheckError::Unavailable)
                        }
                    },
                },
            };
            preview_import_reporting(&desk, &text, Utc::now(), |progress| {
                checked.set(Some(progress));
            })
            .await
            .map(Arc::new)
            .map_err(CheckError::Preview)
        }
    });
    let admin_pin = RwSignal::new(String::new());
    // The preview confirmed is the one on screen: the action takes it from there.
    let import_bundle = Action::new_local(move |_: &()| {
        let desk = services.desk();
        let typed_pin = admin_pin.get_untracked();
        admin_pin.set(String::new());
        let shown = check_bundle
            .value()
            .with_untracked(|checked| checked.clone().and_then(Result::ok));
        async move {
            let Some(preview) = shown else {
                return;
            };
            // A bundle not signed by an enrolled device comes in only on the administrator's
            // word (issue #11): their PIN, checked before anything is written.
            if preview.valid.signer.needs_administrator_pin() {
                let checking_pin = Span::start("import.admin_pin_check");
                let administrators = desk.with_desk(|desk| {
                    (
                        approving_administrators(desk, &preview),
                        desk.policy_at(Utc::now()).clone(),
                    )
                });
                let refusal = admin_pin_refusal(services, administrators, &typed_pin, i18n).await;
                drop(checking_pin);
                if let Some(refusal) = refusal {
                    set_report.set(Some(Err(refusal)));
                    return;
                }
            }
            // A disk without room refuses the import before anything is written: a transaction
            // that fails for quota leaves space taken until the browser compacts, and with it
            // every later save would fail too (issue #21).
            if !has_room_for(&preview).await {
                set_report.set(Some(Err(i18n.t(Text::ImportNeedsMoreRoom).to_owned())));
                return;
            }
            // The preview leaves the screen for the report and moves into the commit: a
            // 10k-case import's merged log and records are not copied (issue #19: copying them
            // was the longest task of the import). A refused or failed import is retried by
            // picking the file again, as before.
            drop(preview);
            let Some(Ok(preview)) = check_bundle.value().try_update(Option::take).flatten() else {
                return;
            };
            let committing = Span::start("import.commit");
            // The file's checked events are freed after the report is drawn (below).
            let (imported, checked_to_free) = match Arc::try_unwrap(preview) {
                Ok(preview) => match commit_unseen_import(&desk, preview, Utc::now()).await {
                    Ok(committed) => (Ok(committed.report.clone()), Some(committed)),
                    Err(error) => (Err(error), None),
                },
                Err(shared) => (commit_import(&desk, &shared, Utc::now()).await, None),
            };
            drop(committing);
            let imported_ok = imported.is_ok();
            if imported_ok {
                services.changed();
            }
            set_report.set(Some(
                // The browser's own words follow, for whoever the office calls for help.
                imported.map_err(|error| match error.detail() {
                    "" => i18n.t(error.text()).to_owned(),
                    detail => format!("{}（{detail}）", i18n.t(error.text())),
                }),
            ));
            if imported_ok {
                // The import's second transaction, after its report and outside this action:
                // the projections it changed (a cache of its events). If it fails they stay
                // pending, and opening the device writes them.
                leptos::task::spawn_local(async move {
                    let _ = desk.write_pending_projections().await;
                });
            }
            if let Some(committed) = checked_to_free {
                committed.release_checked().await;
            }
        }
    });
    let take_file = move |file: web_sys::File| {
        picked.set_value(Some(file.clone()));
        check_bundle.dispatch(ImportAttempt {
            file,
            passphrase: None,
        });
    };
    // A file dropped anywhere on the panel is taken like a picked one.
    let (is_dragging, set_dragging) = signal(false);
    let on_drop = move |event: leptos::ev::DragEvent| {
        event.prevent_default();
        set_dragging.set(false);
        if let Some(file) = event
            .data_transfer()
            .and_then(|data| data.files())
            .and_then(|files| files.get(0))
        {
            take_file(file);
        }
    };
    view! {
        <section
            class="sync-panel"
            class:sync-panel--dragging=is_dragging
            aria-labelledby="import-title"
            on:dragover=move |event: leptos::ev::DragEvent| {
                event.prevent_default();
                set_dragging.set(true);
            }
            on:dragleave=move |_| set_dragging.set(false)
            on:drop=on_drop
        >
            <h2 id="import-title">{move || i18n.t(Text::ImportTitle)}</h2>
            <p class="hint">{move || i18n.t(Text::DropHint)}</p>
            <FilePicker id="bundle-file" label=Text::ChooseBundle accept=".json,application/json" on_file=take_file />
            <Show when=move || check_bundle.pending().get()>
                <progress
                    max=move || checked.get().map_or(1, |progress| progress.total.max(1))
                    value=move || checked.get().map_or(0, |progress| progress.checked)
                    aria-label=move || i18n.t(Text::CheckProgressLabel)
                ></progress>
                <p role="status">
                    {move || match checked.get() {
                        Some(progress) if progress.total > 0 => format!(
                            "{} {}/{}",
                            i18n.t(Text::CheckingRecords),
                            progress.checked,
                            progress.total
                        ),
                        _ => i18n.t(Text::ReadingFile).to_owned(),
                    }}
                </p>
            </Show>
            <Show when=move || import_bundle.pending().get() && check_bundle.value().with(Option::is_none)>
                <p role="status">{move || i18n.t(Text::Importing)}</p>
            </Show>
            // While another file is being checked, the last file's preview (and its confirm
            // button) is not shown: confirming it then imported the old file again (issue #19).
            {move || match (check_bundle.value().get().filter(|_| !check_bundle.pending().get()), report.get()) {
                (_, Some(Ok(done))) => {
                    let conflicts: usize = done.conflicts_by_kind.values().sum();
                    view! {
                        <section class="import-report" role="status" aria-label=i18n.t(Text::ImportDone)>
                            <h3>{i18n.t(Text::ImportDone)}</h3>
                            <dl>
                                <dt>{i18n.t(Text::ImportedCount)}</dt>
                                <dd data-testid="imported">{done.imported_by_kind.values().sum::<usize>()}</dd>
                                <dt>{i18n.t(Text::SkippedCount)}</dt>
                                <dd data-testid="skipped">{done.skipped}</dd>
                                <dt>{i18n.t(Text::ConflictCount)}</dt>
                                <dd data-testid="conflicts">{conflicts}</dd>
                                <dt>{i18n.t(Text::PhotosExpected)}</dt>
                                <dd data-testid="photos">{format!("{} · {} {} · {} {}", done.photos_expected, i18n.t(Text::PhotosPresent), done.photos_present, i18n.t(Text::PhotosStored), done.photos_stored)}</dd>
                            </dl>
                            <ConflictsNotice entity=None />
                        </section>
                    }
                    .into_any()
                }
                (_, Some(Err(message))) => view! { <p class="refusal" role="alert">{message}</p> }.into_any(),
                (Some(Err(CheckError::NeedsPassphrase | CheckError::WrongPassphrase)), None) => {
                    let wrong = matches!(check_bundle.value().get_untracked(), Some(Err(CheckError::WrongPassphrase)));
                    let on_decrypt = move |event: leptos::ev::SubmitEvent| {
                        event.prevent_default();
                        if let Some(file) = picked.get_value() {
                            check_bundle.dispatch(ImportAttempt { file, passphrase: Some(import_passphrase.get_untracked()) });
                        }
                    };
                    view! {
                        <form class="decrypt" on:submit=on_decrypt>
                            <div class="field">
                                <label for="import-passphrase">{i18n.t(Text::ImportPassphrase)}</label>
                                <input id="import-passphrase" type="password" autocomplete="off" bind:value=import_passphrase />
                            </div>
                            <Show when=move || wrong>
                                <p class="refusal" role="alert">{i18n.t(Text::WrongPassphrase)}</p>
                            </Show>
                            <button type="submit" class="button button--primary">{i18n.t(Text::Decrypt)}</button>
                        </form>
                    }
                    .into_any()
                }
                (Some(Err(CheckError::Unavailable)), None) => view! { <p class="refusal" role="alert">{i18n.t(Text::EncryptionUnavailable)}</p> }.into_any(),
                (Some(Err(CheckError::Preview(PreviewError::Invalid(problems)))), None) => {
                    let lang = i18n.lang();
                    view! {
                        <div class="refusal" role="alert">
                            <p>{i18n.t(Text::BundleRefused)}</p>
                            <ul>{problems.iter().take(20).map(|problem| view! { <li>{bundle_error_text(problem, lang)}</li> }).collect_view()}</ul>
                        </div>
                    }
                    .into_any()
                }
                (Some(Err(CheckError::Preview(PreviewError::Store(error)))), None) => view! { <p class="refusal" role="alert">{i18n.t(error.text())}</p> }.into_any(),
                (Some(Ok(preview)), None) => {
                    let plan = &preview.plan;
                    let kinds: std::collections::BTreeSet<String> = plan.new_by_kind.keys().chain(plan.already_present_by_kind.keys()).cloned().collect();
                    let rows = kinds
                        .iter()
                        .map(|kind| counts_row(kind, plan, i18n))
                        .collect_view();
                    let photos = format!("{} {} · {} {}", i18n.t(Text::PhotosExpected), plan.photos_expected, i18n.t(Text::PhotosPresent), plan.photos_present);
                    view! {
                        <section class="import-preview" aria-labelledby="preview-title">
                            <h3 id="preview-title">{i18n.t(Text::ImportPreviewTitle)}</h3>
                            <table>
                                <thead>
                                    <tr>
                                        <th scope="col">{i18n.t(Text::KindColumn)}</th>
                                        <th scope="col">{i18n.t(Text::CasesColumn)}</th>
                                        <th scope="col">{i18n.t(Text::NewColumn)}</th>
                                        <th scope="col">{i18n.t(Text::PresentColumn)}</th>
                                        <th scope="col">{i18n.t(Text::ConflictColumn)}</th>
                                    </tr>
                                </thead>
                                <tbody>{rows}</tbody>
                            </table>
                            <p>{photos}</p>
                            {
                                let newcomers = services.desk().with_desk(|desk| newcomer_administrators(desk, &preview));
                                (!newcomers.is_empty()).then(|| view! {
                                    <p class="warning" role="note" data-testid="newcomer-administrators">
                                        {fill(i18n.t(Text::NewcomerAdministrators), &[("names", &newcomers.join("、"))])}
                                    </p>
                                })
                            }
                            {match signer_notice(&preview.valid.signer, &services.desk().with_desk(|desk| desk.policy_at(Utc::now()).clone()), i18n) {
                                Ok(enrolled) => view! { <p class="signer signer--enrolled" data-testid="signer">{enrolled}</p> }.into_any(),
                                Err(warning) => view! {
                                    <div class="refusal signer" role="alert" data-testid="signer">{warning}</div>
                                    <div class="field">
                                        <label for="import-admin-pin">{i18n.t(Text::AdminPinToImport)}</label>
                                        <input id="import-admin-pin" type="password" inputmode="numeric" autocomplete="off" maxlength="8" bind:value=admin_pin />
                                    </div>
                                }.into_any(),
                            }}
                            <button type="button" class="button button--primary" on:click=move |_| { import_bundle.dispatch(()); } disabled=move || import_bundle.pending().get()>
                                {i18n.t(Text::ConfirmImport)}
                            </button>
                        </section>
                    }
                    .into_any()
                }
                (None, None) => ().into_any(),
            }}
        </section>
    }
}

/// A picked file, with the passphrase once asked for.
#[derive(Clone)]
struct ImportAttempt {
    file: web_sys::File,
    passphrase: Option<String>,
}

/// Why a picked file cannot be previewed yet.
#[derive(Debug, Clone)]
enum CheckError {
    NeedsPassphrase,
    WrongPassphrase,
    Unavailable,
    Preview(PreviewError),
}

/// The wrong-PIN count of the import screen's administrator PIN. It has its own lockout, so
/// the import screen is no way around the sign-in screen's.
const IMPORT_PIN_LOCKOUT: &str = "import-administrator-pin";

/// Why the administrator PIN typed to accept a bundle (or a join through the sync server) was
/// refused; `None` when accepted. Both count wrong PINs under one lockout.
pub(crate) async fn admin_pin_refusal(
    services: Services,
    (administrators, policy): (Vec<PinHash>, Policy),
    pin: &str,
    i18n: I18n,
) -> Option<String> {
    match check_pin(&services.desk(), IMPORT_PIN_LOCKOUT, pin, &administrators).await {
        PinCheck::Accepted => None,
        PinCheck::Wrong { .. } => Some(i18n.t(Text::WrongAdminPin).to_owned()),
        PinCheck::LockedUntil(until) => Some(format!(
            "{}{}",
            i18n.t(Text::ProfileLockedUntil),
            office_clock_time(until, &policy)
        )),
        PinCheck::Unavailable => Some(i18n.t(Text::PinHashUnavailable).to_owned()),
    }
}

/// What the preview says of who signed the bundle: the enrolled device's name, or the warning
/// that makes the administrator's PIN necessary.
fn signer_notice(signer: &Signer, policy: &Policy, i18n: I18n) -> Result<String, String> {
    match signer {
        Signer::Enrolled { name } => Ok(format!("{}{name}", i18n.t(Text::SignedByEnrolled))),
        Signer::Unknown { claimed_name } => {
            Err(format!("{}{claimed_name}", i18n.t(Text::SignedByUnknown)))
        }
        Signer::Revoked { name, at } => Err(format!(
            "{}{name} ({})",
            i18n.t(Text::SignedByRevoked),
            office_time(*at, policy)
        )),
        Signer::Unsigned => Err(i18n.t(Text::UnsignedBundle).to_owned()),
    }
}
