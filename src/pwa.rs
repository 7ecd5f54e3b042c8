//! The offline app shell: service-worker registration, the "new version available" prompt and
//! the online/offline indicator. The worker itself is `public/sw.js`.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{ServiceWorker, ServiceWorkerRegistration, ServiceWorkerState};

use crate::app_root::{current_root, service_worker_container};

/// What the header shows about the app shell.
#[derive(Debug, Clone, Copy)]
pub struct AppShellStatus {
    is_online: RwSignal<bool>,
    is_update_waiting: RwSignal<bool>,
}

impl AppShellStatus {
    /// Watches connectivity and the service worker, and provides the status to the tree.
    pub fn provide() -> AppShellStatus {
        let navigator_online = web_sys::window()
            .map(|window| window.navigator().on_line())
            .unwrap_or(true);
        let status = AppShellStatus {
            is_online: RwSignal::new(navigator_online),
            is_update_waiting: RwSignal::new(false),
        };
        let is_online = status.is_online;
        // Event listeners are how the outside world tells us about the network.
        let online = window_event_listener(leptos::ev::online, move |_| is_online.set(true));
        let offline = window_event_listener(leptos::ev::offline, move |_| is_online.set(false));
        on_cleanup(move || {
            online.remove();
            offline.remove();
        });
        wasm_bindgen_futures::spawn_local(register_service_worker(status.is_update_waiting));
        provide_context(status);
        status
    }

    /// The status provided by [`AppShellStatus::provide`].
    pub fn expect() -> AppShellStatus {
        expect_context::<AppShellStatus>()
    }

    /// Whether the browser reports a network connection, tracked.
    pub fn is_online(self) -> bool {
        self.is_online.get()
    }

    /// Whether a new build is installed and waits for the user to reload, tracked.
    pub fn is_update_waiting(self) -> bool {
        self.is_update_waiting.get()
    }

    /// Activates the waiting build; the page reloads when it takes control.
    pub fn activate_update(self) {
        wasm_bindgen_futures::spawn_local(async {
            if let Err(error) = activate_waiting_worker().await {
                web_sys::console::warn_2(&"Estate Desk: update failed".into(), &error);
            }
        });
    }
}

async fn register_service_worker(is_update_waiting: RwSignal<bool>) {
    if let Err(error) = try_register_service_worker(is_update_waiting).await {
        web_sys::console::warn_2(
            &"Estate Desk: the offline app shell is unavailable".into(),
            &error,
        );
    }
}

async fn try_register_service_worker(is_update_waiting: RwSignal<bool>) -> Result<(), JsValue> {
    let window = web_sys::window().ok_or("no window")?;
    let Some(container) = service_worker_container(&window) else {
        return Ok(());
    };
    let root = current_root();
    let options = web_sys::RegistrationOptions::new();
    options.set_scope(&format!("{root}/"));
    let registration: ServiceWorkerRegistration =
        JsFuture::from(container.register_with_options(&format!("{root}/sw.js"), &options))
            .await?
            .dyn_into()?;

    // A page without a controller is on its first visit: the first worker simply takes over.
    let has_controller = move || {
        web_sys::window()
            .and_then(|window| service_worker_container(&window))
            .and_then(|container| container.controller())
            .is_some()
    };
    if registration.waiting().is_some() && has_controller() {
        is_update_waiting.set(true);
    }
    let watched = registration.clone();
    let on_update_found = Closure::<dyn Fn()>::new(move || {
        let Some(installing) = watched.installing() else {
            return;
        };
        let worker = installing.clone();
        let on_state_change = Closure::<dyn Fn()>::new(move || {
            if worker.state() == ServiceWorkerState::Installed && has_controller() {
                is_update_waiting.set(true);
            }
        });
        installing.set_onstatechange(Some(on_state_change.as_ref().unchecked_ref()));
        on_state_change.forget();
    });
    registration.set_onupdatefound(Some(on_update_found.as_ref().unchecked_ref()));
    // The registration lives as long as the page, and so does this listener.
    on_update_found.forget();

    let on_controller_change = Closure::<dyn Fn()>::new(move || {
        if is_update_waiting.get_untracked() {
            if let Some(window) = web_sys::window() {
                let _ = window.location().reload();
            }
        }
    });
    container.set_oncontrollerchange(Some(on_controller_change.as_ref().unchecked_ref()));
    on_controller_change.forget();
    Ok(())
}

async fn activate_waiting_worker() -> Result<(), JsValue> {
    let window = web_sys::window().ok_or("no window")?;
    let container = service_worker_container(&window).ok_or("no service worker support")?;
    let registration: ServiceWorkerRegistration = JsFuture::from(container.get_registration())
        .await?
        .dyn_into()?;
    let waiting: ServiceWorker = registration.waiting().ok_or("no waiting worker")?;
    let message = js_sys::Object::new();
    js_sys::Reflect::set(&message, &"type".into(), &"SKIP_WAITING".into())?;
    waiting.post_message(&message)
}
