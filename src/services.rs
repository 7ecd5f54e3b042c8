//! The desk service in context, and the data version that every read depends on. A commit in
//! this tab or another (told through a BroadcastChannel) bumps the version, so views re-read.

use std::rc::Rc;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use crate::desk_service::DeskService;
use crate::store::indexed_db::IndexedDbStore;
use crate::store::StoreError;

/// The channel other tabs of this origin listen on.
const CHANNEL: &str = "estate-desk-changes";

/// The desk of this device, in context once the database is open.
#[derive(Clone, Copy)]
pub struct Services {
    desk: StoredValue<Rc<DeskService<IndexedDbStore>>, LocalStorage>,
    version: RwSignal<u64>,
    channel: StoredValue<Option<web_sys::BroadcastChannel>, LocalStorage>,
}

/// Opens the database and loads the desk.
pub async fn open() -> Result<Rc<DeskService<IndexedDbStore>>, StoreError> {
    let store = IndexedDbStore::open_default().await?;
    let service = DeskService::load(store, Box::new(|| uuid::Uuid::now_v7().to_string())).await?;
    Ok(Rc::new(service))
}

impl Services {
    /// Provides `desk` to the tree and listens for other tabs' commits.
    pub fn provide(desk: Rc<DeskService<IndexedDbStore>>) -> Services {
        let version = RwSignal::new(0u64);
        let channel = web_sys::BroadcastChannel::new(CHANNEL).ok();
        if let Some(channel) = &channel {
            let on_message = Closure::<dyn Fn()>::new(move || {
                version.try_update(|version| *version += 1);
            });
            channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
            on_message.forget();
        }
        let services = Services {
            desk: StoredValue::new_local(desk),
            version,
            channel: StoredValue::new_local(channel.clone()),
        };
        on_cleanup(move || {
            if let Some(channel) = channel {
                channel.close();
            }
        });
        provide_context(services);
        services
    }

    pub fn expect() -> Services {
        expect_context::<Services>()
    }

    /// The desk service.
    pub fn desk(self) -> Rc<DeskService<IndexedDbStore>> {
        self.desk.get_value()
    }

    /// The data version, tracked: read it in every resource that reads the store.
    pub fn version(self) -> u64 {
        self.version.get()
    }

    /// Tells this tab and the others that data changed.
    pub fn changed(self) {
        self.version.update(|version| *version += 1);
        self.channel.with_value(|channel| {
            if let Some(channel) = channel {
                let _ = channel.post_message(&JsValue::from_str("changed"));
            }
        });
    }
}
