//! Passphrase encryption of bundles through WebCrypto: AES-GCM-256 with a key derived by
//! PBKDF2-SHA256 (210,000 iterations), a random salt and a random IV per file. Bundles carry
//! ID-card copies and phone numbers, so the export recommends it.

use base64::Engine as _;
use estate_core::bundle::{EncryptedEnvelope, ENCRYPTED_FORMAT, MIN_PBKDF2_ITERATIONS};
use js_sys::{Array, Object, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{CryptoKey, SubtleCrypto};

use crate::web_crypto::{self, WebCryptoError};

/// Why encryption or decryption failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EncryptionError {
    /// The passphrase is wrong, or the file was changed.
    WrongPassphrase,
    /// The browser offers no WebCrypto (an insecure origin, for example).
    Unavailable(String),
    /// The envelope is not one this app wrote.
    Malformed(String),
}

fn unavailable(error: impl Into<WebCryptoError>) -> EncryptionError {
    EncryptionError::Unavailable(error.into().0)
}

fn subtle() -> Result<SubtleCrypto, EncryptionError> {
    web_crypto::subtle().map_err(unavailable)
}

async fn derive_key(
    passphrase: &str,
    salt: &[u8],
    iterations: u32,
) -> Result<CryptoKey, EncryptionError> {
    let base = web_crypto::pbkdf2_base_key(passphrase, "deriveKey")
        .await
        .map_err(unavailable)?;
    let params = web_crypto::pbkdf2_params(salt, iterations);
    let derived = web_sys::AesDerivedKeyParams::new("AES-GCM", 256);
    let usages = Array::of2(&JsValue::from_str("encrypt"), &JsValue::from_str("decrypt"));
    let key = subtle()?
        .derive_key_with_object_and_object(&params, &base, &derived, false, &usages)
        .map_err(unavailable)?;
    Ok(JsFuture::from(key)
        .await
        .map_err(unavailable)?
        .unchecked_into())
}

fn gcm(iv: &[u8]) -> Object {
    web_sys::AesGcmParams::new("AES-GCM", &Uint8Array::from(iv)).into()
}

/// Encrypts a bundle's text into an envelope's JSON text.
pub async fn encrypt(bundle_text: &str, passphrase: &str) -> Result<String, EncryptionError> {
    let salt = web_crypto::random_bytes(16).map_err(unavailable)?;
    let iv = web_crypto::random_bytes(12).map_err(unavailable)?;
    let key = derive_key(passphrase, &salt, MIN_PBKDF2_ITERATIONS).await?;
    let plaintext = bundle_text.as_bytes().to_vec();
    let sealed = subtle()?
        .encrypt_with_object_and_u8_array(&gcm(&iv), &key, &plaintext)
        .map_err(unavailable)?;
    let ciphertext = Uint8Array::new(&JsFuture::from(sealed).await.map_err(unavailable)?).to_vec();
    let b64 = base64::engine::general_purpose::STANDARD;
    let envelope = EncryptedEnvelope {
        format: ENCRYPTED_FORMAT.into(),
        version: 1,
        kdf: "PBKDF2-SHA256".into(),
        iterations: MIN_PBKDF2_ITERATIONS,
        salt: b64.encode(&salt),
        cipher: "AES-GCM-256".into(),
        iv: b64.encode(&iv),
        ciphertext: b64.encode(ciphertext),
    };
    serde_json::to_string(&envelope).map_err(|error| EncryptionError::Malformed(error.to_string()))
}

/// Decrypts an envelope back to the bundle's text.
pub async fn decrypt(
    envelope: &EncryptedEnvelope,
    passphrase: &str,
) -> Result<String, EncryptionError> {
    let b64 = base64::engine::general_purpose::STANDARD;
    let decode = |text: &str| {
        b64.decode(text)
            .map_err(|_| EncryptionError::Malformed("not base64".into()))
    };
    let (salt, iv, ciphertext) = (
        decode(&envelope.salt)?,
        decode(&envelope.iv)?,
        decode(&envelope.ciphertext)?,
    );
    let key = derive_key(passphrase, &salt, envelope.iterations).await?;
    let opened = subtle()?
        .decrypt_with_object_and_u8_array(&gcm(&iv), &key, &ciphertext)
        .map_err(unavailable)?;
    // AES-GCM authenticates: a wrong key or a changed byte fails here.
    let plaintext = JsFuture::from(opened)
        .await
        .map_err(|_| EncryptionError::WrongPassphrase)?;
    String::from_utf8(Uint8Array::new(&plaintext).to_vec())
        .map_err(|_| EncryptionError::Malformed("not UTF-8".into()))
}
