//! Asking the browser to keep our data (persistent storage) and reporting usage against quota.
//! Headless and some browsers refuse or report a nominal quota: both are shown as they are.

use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

/// What the browser says about our storage.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StorageReport {
    pub persisted: Option<bool>,
    pub usage_bytes: Option<f64>,
    pub quota_bytes: Option<f64>,
}

fn storage_manager() -> Option<web_sys::StorageManager> {
    let navigator = web_sys::window()?.navigator();
    js_sys::Reflect::has(&navigator, &JsValue::from_str("storage"))
        .ok()?
        .then(|| navigator.storage())
}

/// Asks for persistent storage; `None` when the browser has no storage manager.
pub async fn request_persistence() -> Option<bool> {
    let promise = storage_manager()?.persist().ok()?;
    JsFuture::from(promise).await.ok()?.as_bool()
}

/// Persistence and usage, as far as the browser tells.
pub async fn report() -> StorageReport {
    let Some(manager) = storage_manager() else {
        return StorageReport {
            persisted: None,
            usage_bytes: None,
            quota_bytes: None,
        };
    };
    let persisted = match manager.persisted() {
        Ok(promise) => JsFuture::from(promise)
            .await
            .ok()
            .and_then(|value| value.as_bool()),
        Err(_) => None,
    };
    let estimate = match manager.estimate() {
        Ok(promise) => JsFuture::from(promise).await.ok(),
        Err(_) => None,
    };
    let number = |name: &str| {
        estimate
            .as_ref()
            .and_then(|estimate| js_sys::Reflect::get(estimate, &JsValue::from_str(name)).ok())
            .and_then(|value| value.as_f64())
    };
    StorageReport {
        persisted,
        usage_bytes: number("usage"),
        quota_bytes: number("quota"),
    }
}

/// `12.3 MB` for the settings page.
pub fn megabytes(bytes: f64) -> String {
    format!("{:.1} MB", bytes / 1_000_000.0)
}

#[cfg(test)]
mod tests {
    #[test]
    fn megabytes_are_decimal_with_one_place() {
        assert_eq!(super::megabytes(12_345_678.0), "12.3 MB");
        assert_eq!(super::megabytes(0.0), "0.0 MB");
    }
}
