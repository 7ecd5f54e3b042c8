//! A stored photo shown small, by its SHA-256: read from IndexedDB and shown through an object
//! URL (allowed by the `blob:` image source of the CSP).

use leptos::prelude::*;

use crate::services::Services;

/// An object URL for `bytes` of type `mime`.
fn object_url(bytes: &[u8], mime: &str) -> Option<String> {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes).into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).ok()?;
    web_sys::Url::create_object_url_with_blob(&blob).ok()
}

/// A stored photo as a thumbnail, read from the device by its SHA-256.
#[component]
pub fn PhotoThumb(sha256: String, alt: String) -> impl IntoView {
    let services = Services::expect();
    let key = sha256.clone();
    let url = LocalResource::new(move || {
        let desk = services.desk();
        let key = key.clone();
        async move {
            let photo = desk.attachment(&key).await.ok().flatten()?;
            object_url(&photo.bytes, &photo.mime)
        }
    });
    on_cleanup(move || {
        if let Some(Some(url)) = url.get_untracked() {
            let _ = web_sys::Url::revoke_object_url(&url);
        }
    });
    move || {
        url.get().flatten().map(|src| {
            view! { <img class="photo-thumb" src=src alt=alt.clone() width="96" height="96" /> }
        })
    }
}
