//! Settings → 同步服务器 (issue #18, administrator only): the CouchDB server, database and
//! credentials; test the connection; start, pause and stop continuous sync; the documents
//! the sync refused. The password is sealed with a key of this device before it is kept.

use leptos::prelude::*;

use crate::components::text_field::TextField;
use crate::i18n::{fill, I18n, Text};
use crate::services::Services;
use crate::sync::couch::{is_allowed_server, test_connection};
use crate::sync::live::{seal_password, transport_for, LiveSync, ServerSettings, SyncPhase};

/// Which button was pressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ServerButton {
    Test,
    Start,
}

/// What the last button press said.
#[derive(Debug, Clone, PartialEq)]
enum ServerOutcome {
    Saved,
    Problem(Text),
    Connected(u64),
    Failed(String),
}

/// Saves the form's settings, sealing a newly typed password. Keeps the sealed one when the
/// field is left blank.
pub(crate) async fn save_settings(
    services: Services,
    server: String,
    database: String,
    user: String,
    password: String,
) -> Result<ServerSettings, Text> {
    let settings = settings_from_form(services, server, database, user, password).await?;
    settings.save();
    Ok(settings)
}

/// The form's settings, checked, with a newly typed password sealed, not yet saved: joining an
/// office through the server saves them only once the device has joined.
pub(crate) async fn settings_from_form(
    services: Services,
    server: String,
    database: String,
    user: String,
    password: String,
) -> Result<ServerSettings, Text> {
    if !is_allowed_server(&server) {
        return Err(Text::SyncServerHttpsOnly);
    }
    let previous = ServerSettings::load().unwrap_or_default();
    let sealed_password = if password.is_empty() {
        previous.sealed_password.clone()
    } else {
        Some(
            seal_password(&services.desk(), &password)
                .await
                .map_err(|_| Text::StoreFailed)?,
        )
    };
    if database.trim().is_empty() || user.trim().is_empty() || sealed_password.is_none() {
        return Err(Text::SyncServerIncomplete);
    }
    let settings = ServerSettings {
        server: server.trim().to_owned(),
        database: database.trim().to_owned(),
        user: user.trim().to_owned(),
        sealed_password,
        running: previous.running,
    };
    Ok(settings)
}

/// The sync server section of Settings.
#[component]
pub fn SyncServer() -> impl IntoView {
    let i18n = I18n::expect();
    let services = Services::expect();
    let live = LiveSync::expect();
    let saved = ServerSettings::load().unwrap_or_default();
    let server = RwSignal::new(saved.server.clone());
    let database = RwSignal::new(saved.database.clone());
    let user = RwSignal::new(saved.user.clone());
    let password = RwSignal::new(String::new());
    let form = move || {
        (
            server.get_untracked(),
            database.get_untracked(),
            user.get_untracked(),
            password.get_untracked(),
        )
    };
    // One action for both buttons, so its value is always the last press's answer.
    let press = Action::new_local(move |button: &ServerButton| {
        let button = *button;
        let (server, database, user, typed) = form();
        async move {
            let settings = match save_settings(services, server, database, user, typed).await {
                Ok(settings) => settings,
                Err(text) => return ServerOutcome::Problem(text),
            };
            if button == ServerButton::Start {
                live.start(services);
                return ServerOutcome::Saved;
            }
            let desk = services.desk();
            let transport = match transport_for(&desk, &settings).await {
                Ok(transport) => transport,
                Err(error) => return ServerOutcome::Failed(error.to_string()),
            };
            match test_connection(&transport, &settings.target()).await {
                Ok(count) => ServerOutcome::Connected(count),
                Err(error) => ServerOutcome::Failed(error.to_string()),
            }
        }
    });
    let running = move || {
        !matches!(
            live.phase.get(),
            SyncPhase::Off | SyncPhase::Paused | SyncPhase::SignInAgain
        )
    };
    view! {
        <section class="settings-section" aria-labelledby="sync-server-title">
            <h2 id="sync-server-title">{move || i18n.t(Text::SyncServerTitle)}</h2>
            <p>{move || i18n.t(Text::SyncServerIntro)}</p>
            <form class="intake" on:submit=move |event: leptos::ev::SubmitEvent| {
                event.prevent_default();
                press.dispatch(ServerButton::Test);
            }>
                <TextField id="sync-server-url" label=Text::SyncServerUrl value=server />
                <p class="hint">{move || i18n.t(Text::SyncServerHttpsOnly)}</p>
                <TextField id="sync-server-database" label=Text::SyncServerDatabase value=database />
                <TextField id="sync-server-user" label=Text::SyncServerUser value=user />
                <div class="field">
                    <label for="sync-server-password">{move || i18n.t(Text::SyncServerPassword)}</label>
                    <input
                        id="sync-server-password"
                        type="password"
                        autocomplete="off"
                        aria-describedby="sync-server-password-hint"
                        bind:value=password
                    />
                    <p id="sync-server-password-hint" class="hint">{move || i18n.t(Text::SyncServerPasswordKept)}</p>
                </div>
                <div class="actions">
                    <button type="submit" class="button">{move || i18n.t(Text::SyncTestConnection)}</button>
                    <Show
                        when=running
                        fallback=move || view! {
                            <button type="button" class="button button--primary" on:click=move |_| { press.dispatch(ServerButton::Start); }>
                                {move || i18n.t(Text::SyncStart)}
                            </button>
                        }
                    >
                        <button type="button" class="button" on:click=move |_| live.pause()>
                            {move || i18n.t(Text::SyncPause)}
                        </button>
                        <button type="button" class="button" on:click=move |_| live.stop()>
                            {move || i18n.t(Text::SyncStop)}
                        </button>
                    </Show>
                </div>
                <p class="form-status" role="status">
                    {move || match press.value().get() {
                        Some(ServerOutcome::Saved) => i18n.t(Text::Saved).to_owned(),
                        Some(ServerOutcome::Problem(text)) => i18n.t(text).to_owned(),
                        Some(ServerOutcome::Connected(count)) => fill(i18n.t(Text::SyncConnectionOk), &[("count", &count)]),
                        Some(ServerOutcome::Failed(reason)) => fill(i18n.t(Text::SyncConnectionFailed), &[("reason", &reason)]),
                        None => String::new(),
                    }}
                </p>
            </form>
            <Show when=move || live.started_over.get().is_some()>
                <p class="notice" role="status">{move || i18n.t(Text::SyncStartedOver)}</p>
            </Show>
            <h3 id="sync-refused-title">{move || i18n.t(Text::SyncRefusedTitle)}</h3>
            <Show
                when=move || !live.refused.get().is_empty()
                fallback=move || view! { <p>{move || i18n.t(Text::SyncRefusedNone)}</p> }
            >
                <ul class="sync-refused" aria-labelledby="sync-refused-title">
                    <For
                        each=move || live.refused.get()
                        key=|(id, _)| id.clone()
                        children=move |(id, reason)| view! { <li><code>{id}</code>": "{reason}</li> }
                    />
                </ul>
            </Show>
        </section>
    }
}

/// The live sync line under the header: connected, syncing N, offline or error, and when the
/// last sync was. Nothing while no server is configured.
#[component]
pub fn LiveSyncStatus() -> impl IntoView {
    let i18n = I18n::expect();
    let live = LiveSync::expect();
    let phase_text = move || match live.phase.get() {
        SyncPhase::Off => None,
        SyncPhase::Paused => Some(i18n.t(Text::SyncPhasePaused).to_owned()),
        SyncPhase::Connecting => Some(i18n.t(Text::SyncPhaseConnecting).to_owned()),
        SyncPhase::Syncing { done, total } => Some(fill(
            i18n.t(Text::SyncPhaseSyncing),
            &[("done", &done), ("total", &total)],
        )),
        SyncPhase::Connected => Some(i18n.t(Text::SyncPhaseConnected).to_owned()),
        SyncPhase::Offline => Some(i18n.t(Text::SyncPhaseOffline).to_owned()),
        SyncPhase::SignInAgain => Some(i18n.t(Text::SyncPhaseSignIn).to_owned()),
        SyncPhase::Error(reason) => {
            Some(fill(i18n.t(Text::SyncPhaseError), &[("reason", &reason)]))
        }
    };
    view! {
        <Show when=move || phase_text().is_some()>
            <p class="live-sync-status" role="status" data-testid="live-sync-status">
                {phase_text}
                {move || {
                    live.last_sync
                        .get()
                        .map(|at| {
                            let local = at.with_timezone(&estate_core::Policy::default().office_offset());
                            format!(" · {} {}", i18n.t(Text::SyncLastAt), local.format("%H:%M:%S"))
                        })
                }}
            </p>
        </Show>
    }
}
