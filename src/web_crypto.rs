//! The browser's WebCrypto, shared by bundle encryption and PIN hashing: randomness and
//! PBKDF2 keys. Errors are the browser's own words, for the message that names the problem.

use js_sys::{Array, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{CryptoKey, SubtleCrypto};

/// Why WebCrypto could not do what was asked (no secure context, an old browser, …).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebCryptoError(pub String);

impl From<JsValue> for WebCryptoError {
    fn from(error: JsValue) -> WebCryptoError {
        WebCryptoError(format!("{error:?}"))
    }
}

fn crypto() -> Result<web_sys::Crypto, WebCryptoError> {
    Ok(web_sys::window()
        .ok_or_else(|| WebCryptoError("no window".into()))?
        .crypto()?)
}

/// `crypto.subtle`, which exists only in a secure context (https or localhost).
pub fn subtle() -> Result<SubtleCrypto, WebCryptoError> {
    Ok(crypto()?.subtle())
}

/// `length` bytes from the browser's CSPRNG.
pub fn random_bytes(length: usize) -> Result<Vec<u8>, WebCryptoError> {
    let mut bytes = vec![0u8; length];
    crypto()?.get_random_values_with_u8_array(&mut bytes)?;
    Ok(bytes)
}

/// A secret (passphrase or PIN) as a PBKDF2 base key, usable only for `usage`.
pub async fn pbkdf2_base_key(secret: &str, usage: &str) -> Result<CryptoKey, WebCryptoError> {
    let usages = Array::of1(&JsValue::from_str(usage));
    let raw = Uint8Array::from(secret.as_bytes());
    let key = subtle()?.import_key_with_str("raw", &raw, "PBKDF2", false, &usages)?;
    Ok(JsFuture::from(key).await?.unchecked_into())
}

/// PBKDF2-SHA256 parameters for `salt` and `iterations`.
pub fn pbkdf2_params(salt: &[u8], iterations: u32) -> web_sys::Pbkdf2Params {
    web_sys::Pbkdf2Params::new(
        "PBKDF2",
        &JsValue::from_str("SHA-256"),
        iterations,
        &Uint8Array::from(salt),
    )
}
