//! A new device joins the office through its sync server (issue #18), instead of by bundle:
//! the server, a member's credentials and an administrator's PIN. The whole office is read
//! and checked first; one of the office's own administrators approves it with their PIN, as
//! for a first bundle (issue #22); then it is taken in in one transaction and live sync
//! carries on from there.

use chrono::Utc;
use leptos::prelude::*;

use crate::components::import_panel::admin_pin_refusal;
use crate::components::sync_server::settings_from_form;
use crate::components::text_field::TextField;
use crate::i18n::{fill, I18n, Text};
use crate::services::Services;
use crate::sync::couch::{finish_join, plan_join, SyncError, SyncProgress};
use crate::sync::live::{transport_for, LiveSync};
use crate::sync::{approving_administrators, has_room_for};
use crate::timing::yield_to_page;

/// Shows how much of the office has been read.
struct ReadingProgress(RwSignal<Option<(usize, usize)>>);

impl SyncProgress for ReadingProgress {
    async fn report(&self, done: usize, total: usize) {
        self.0.try_set(Some((done, total)));
        // Let the page paint between batches.
        yield_to_page().await;
    }

    async fn pause(&self) {
        yield_to_page().await;
    }
}

/// The join-through-the-server form of a device with no staff profile.
#[component]
pub fn JoinThroughServer() -> impl IntoView {
    let i18n = I18n::expect();
    let services = Services::expect();
    let live = LiveSync::expect();
    let server = RwSignal::new(String::new());
    let database = RwSignal::new(String::new());
    let user = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let admin_pin = RwSignal::new(String::new());
    let reading = RwSignal::new(None::<(usize, usize)>);
    let failed = move |error: SyncError| match error {
        SyncError::NothingToJoin => i18n.t(Text::JoinNothingOnServer).to_owned(),
        error => fill(
            i18n.t(Text::SyncConnectionFailed),
            &[("reason", &error.to_string())],
        ),
    };
    let join = Action::new_local(move |_: &()| {
        let (server, database, user, typed) = (
            server.get_untracked(),
            database.get_untracked(),
            user.get_untracked(),
            password.get_untracked(),
        );
        let typed_pin = admin_pin.get_untracked();
        admin_pin.set(String::new());
        async move {
            let settings = settings_from_form(services, server, database, user, typed)
                .await
                .map_err(|text| i18n.t(text).to_owned())?;
            let desk = services.desk();
            let transport = transport_for(&desk, &settings).await.map_err(failed)?;
            let target = settings.target();
            let planned = plan_join(
                &*desk,
                &transport,
                &target,
                Utc::now(),
                &ReadingProgress(reading),
            )
            .await;
            reading.set(None);
            let plan = planned.map_err(failed)?;
            let approvers = desk.with_desk(|desk| {
                (
                    approving_administrators(desk, &plan.preview),
                    desk.policy_at(Utc::now()).clone(),
                )
            });
            if let Some(refusal) = admin_pin_refusal(services, approvers, &typed_pin, i18n).await {
                return Err(refusal);
            }
            if !has_room_for(&plan.preview).await {
                return Err(i18n.t(Text::ImportNeedsMoreRoom).to_owned());
            }
            let session_id = uuid::Uuid::now_v7().to_string();
            let joined = finish_join(&*desk, &transport, &target, &plan, &session_id, Utc::now())
                .await
                .map_err(failed)?;
            // Kept only now: a refused join leaves no server and no sealed password behind.
            settings.save();
            live.start(services);
            services.changed();
            Ok(fill(
                i18n.t(Text::JoinedThroughServer),
                &[("count", &joined.events_taken)],
            ))
        }
    });
    view! {
        <section class="join-server" aria-labelledby="join-server-title">
            <h3 id="join-server-title">{move || i18n.t(Text::JoinThroughServerTitle)}</h3>
            <form class="intake" on:submit=move |event: leptos::ev::SubmitEvent| {
                event.prevent_default();
                join.dispatch(());
            }>
                <TextField id="join-server-url" label=Text::SyncServerUrl value=server />
                <p class="hint">{move || i18n.t(Text::SyncServerHttpsOnly)}</p>
                <TextField id="join-server-database" label=Text::SyncServerDatabase value=database />
                <TextField id="join-server-user" label=Text::SyncServerUser value=user />
                <div class="field">
                    <label for="join-server-password">{move || i18n.t(Text::SyncServerPassword)}</label>
                    <input id="join-server-password" type="password" autocomplete="off" bind:value=password />
                </div>
                <div class="field">
                    <label for="join-admin-pin">{move || i18n.t(Text::AdminPinToJoin)}</label>
                    <input id="join-admin-pin" type="password" inputmode="numeric" autocomplete="off" maxlength="8" bind:value=admin_pin />
                </div>
                <div class="actions">
                    <button type="submit" class="button button--primary" disabled=move || join.pending().get()>
                        {move || i18n.t(Text::JoinThroughServer)}
                    </button>
                </div>
                <p class="form-status" role="status">
                    {move || match (reading.get(), join.value().get()) {
                        (Some((done, total)), _) => fill(i18n.t(Text::JoinReading), &[("done", &done), ("total", &total)]),
                        (None, Some(Ok(joined))) => joined,
                        (None, Some(Err(problem))) => problem,
                        (None, None) => String::new(),
                    }}
                </p>
            </form>
        </section>
    }
}
