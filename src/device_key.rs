//! This device's identity for signed bundles (issue #11): an ECDSA P-256 key pair made by
//! WebCrypto. The private key is created non-extractable, so no script (ours included) can
//! read it out; it lives in IndexedDB as a `CryptoKey` and can only sign.

use base64::Engine as _;
use estate_core::bundle::Header;
use estate_core::device::{
    signing_input, BundleSignature, DeviceCard, DEVICE_CARD_FORMAT, SIGNATURE_ALGORITHM,
};
use js_sys::{Array, ArrayBuffer, Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::CryptoKey;

use crate::desk_service::DeskService;
use crate::store::indexed_db::IndexedDbStore;
use crate::store::StoreError;
use crate::sync::BundleSigner;
use crate::web_crypto::{self, WebCryptoError};

/// The signing half of this device's key pair and the public half as a base64 SEC1 point.
#[derive(Debug, Clone)]
pub struct DeviceKey {
    private: CryptoKey,
    pub public_key: String,
}

fn object(entries: &[(&str, JsValue)]) -> Result<Object, WebCryptoError> {
    let object = Object::new();
    for (name, value) in entries {
        Reflect::set(&object, &JsValue::from_str(name), value)?;
    }
    Ok(object)
}

fn ecdsa_params() -> Result<Object, WebCryptoError> {
    object(&[
        ("name", "ECDSA".into()),
        ("namedCurve", "P-256".into()),
        ("hash", "SHA-256".into()),
    ])
}

/// Makes a new key pair; the private key cannot be exported.
pub async fn generate() -> Result<DeviceKey, WebCryptoError> {
    let subtle = web_crypto::subtle()?;
    let usages = Array::of2(&"sign".into(), &"verify".into());
    let pair =
        JsFuture::from(subtle.generate_key_with_object(&ecdsa_params()?, false, &usages)?).await?;
    let private: CryptoKey = Reflect::get(&pair, &"privateKey".into())?.unchecked_into();
    let public: CryptoKey = Reflect::get(&pair, &"publicKey".into())?.unchecked_into();
    let raw: ArrayBuffer = JsFuture::from(subtle.export_key("raw", &public)?)
        .await?
        .unchecked_into();
    Ok(DeviceKey {
        private,
        public_key: base64::engine::general_purpose::STANDARD
            .encode(Uint8Array::new(&raw).to_vec()),
    })
}

impl DeviceKey {
    /// The key of the device `desk` runs on, made and stored on first use.
    pub async fn of(desk: &DeskService<IndexedDbStore>) -> Result<DeviceKey, WebCryptoError> {
        DeviceKey::load_or_create(desk.store()).await
    }

    /// This device's key, made and stored on first use.
    pub async fn load_or_create(store: &IndexedDbStore) -> Result<DeviceKey, WebCryptoError> {
        let stored = store
            .device_key_entry()
            .await
            .map_err(|error| WebCryptoError(error.detail().to_owned()))?;
        if let Some(entry) = stored {
            let private = Reflect::get(&entry, &"private".into())?;
            let public_key = Reflect::get(&entry, &"public_key".into())?.as_string();
            if let (Ok(private), Some(public_key)) = (private.dyn_into::<CryptoKey>(), public_key) {
                return Ok(DeviceKey {
                    private,
                    public_key,
                });
            }
        }
        let key = generate().await?;
        let entry = object(&[
            ("private", key.private.clone().into()),
            ("public_key", key.public_key.clone().into()),
        ])?;
        store
            .put_device_key_entry(&entry)
            .await
            .map_err(|error| WebCryptoError(error.detail().to_owned()))?;
        Ok(key)
    }

    /// The private key, for tests that check it cannot be exported.
    pub fn private_key(&self) -> &CryptoKey {
        &self.private
    }

    /// An ECDSA P-256 / SHA-256 signature of `bytes`: `r || s`, 64 bytes.
    pub async fn sign_bytes(&self, bytes: &[u8]) -> Result<Vec<u8>, WebCryptoError> {
        let signed = web_crypto::subtle()?.sign_with_object_and_u8_array(
            &ecdsa_params()?,
            &self.private,
            bytes,
        )?;
        let buffer: ArrayBuffer = JsFuture::from(signed).await?.unchecked_into();
        Ok(Uint8Array::new(&buffer).to_vec())
    }

    /// The card another device imports to enrol this one.
    pub fn card(&self, device_id: &str, name: &str) -> DeviceCard {
        DeviceCard {
            format: DEVICE_CARD_FORMAT.into(),
            version: 1,
            device_id: device_id.to_owned(),
            name: name.to_owned(),
            public_key: self.public_key.clone(),
        }
    }
}

impl BundleSigner for DeviceKey {
    async fn sign(&self, header: &Header) -> Result<Option<BundleSignature>, StoreError> {
        let value = self
            .sign_bytes(&signing_input(header))
            .await
            .map_err(|error| StoreError::Failed(error.0))?;
        Ok(Some(BundleSignature {
            algorithm: SIGNATURE_ALGORITHM.into(),
            public_key: self.public_key.clone(),
            value: base64::engine::general_purpose::STANDARD.encode(value),
        }))
    }
}
