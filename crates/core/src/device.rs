//! Enrolled devices and signed bundles (issue #11). Each device has an ECDSA P-256 key pair
//! made by the browser (the private key never leaves it); the office enrols a device by its
//! public key, and every bundle is signed by the device that exported it. Checking a bundle's
//! signature is a pure function of its bytes and the enrolled devices, so it is tested here.

use std::collections::BTreeMap;

use base64::Engine as _;
use chrono::{DateTime, Utc};
use p256::ecdsa::signature::Verifier as _;
use p256::ecdsa::{Signature, VerifyingKey};
use serde::{Deserialize, Serialize};

use crate::bundle::Header;
use crate::event::EntityId;

/// The only signature algorithm: ECDSA over P-256 with SHA-256, as WebCrypto makes it.
pub const SIGNATURE_ALGORITHM: &str = "ECDSA-P256-SHA256";
/// The `format` of a device card file.
pub const DEVICE_CARD_FORMAT: &str = "estate-desk-device-card";

/// A bundle's signature: who signed, with which public key, and the signature itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BundleSignature {
    /// Always `ECDSA-P256-SHA256`.
    pub algorithm: String,
    /// The signing device's public key: the uncompressed SEC1 point (65 bytes), base64.
    pub public_key: String,
    /// The signature over [`signing_input`]: `r || s` (64 bytes), base64.
    pub value: String,
}

/// A device's "card": what the front desk imports to enrol it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DeviceCard {
    /// Always `estate-desk-device-card`.
    pub format: String,
    pub version: u32,
    pub device_id: String,
    pub name: String,
    /// The uncompressed SEC1 point (65 bytes), base64.
    pub public_key: String,
}

/// What is wrong with a file offered as a device card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CardProblem {
    /// Not JSON, or not shaped like a card.
    NotACard,
    /// A card of another format or version.
    UnknownVersion,
    /// The public key is not a P-256 point in base64.
    InvalidKey,
}

impl DeviceCard {
    /// Reads a card file, naming what is wrong with it.
    pub fn parse(text: &str) -> Result<DeviceCard, CardProblem> {
        let card: DeviceCard = serde_json::from_str(text).map_err(|_| CardProblem::NotACard)?;
        if card.format != DEVICE_CARD_FORMAT || card.version != 1 {
            return Err(CardProblem::UnknownVersion);
        }
        verifying_key(&card.public_key).map_err(|_| CardProblem::InvalidKey)?;
        Ok(card)
    }
}

/// A change to the enrolled devices. The entity is the device (its id).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum DeviceChange {
    /// The device and its public key belong to the office, with the one-character code its
    /// numbers carry (issue #17), given when the enrolment is decided.
    Enrolled {
        name: String,
        public_key: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        code: Option<String>,
    },
    /// The administrator gave the device a new code: two devices had enrolled with the same.
    CodeAssigned { code: String },
    /// The device was lost or handed back: bundles it signs after `at` are refused; what it
    /// signed before stays valid.
    Revoked { at: DateTime<Utc> },
}

/// An enrolled device as the events leave it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnrolledDevice {
    pub name: String,
    pub public_key: String,
    /// The code its numbers carry; `None` for a device enrolled before numbers existed.
    pub code: Option<String>,
    pub revoked_at: Option<DateTime<Utc>>,
}

impl EnrolledDevice {
    /// The device after `change`; `None` for a revocation of a device never enrolled.
    pub fn after(
        current: Option<&EnrolledDevice>,
        change: &DeviceChange,
    ) -> Option<EnrolledDevice> {
        match (current, change) {
            (
                _,
                DeviceChange::Enrolled {
                    name,
                    public_key,
                    code,
                },
            ) => Some(EnrolledDevice {
                name: name.clone(),
                public_key: public_key.clone(),
                code: code
                    .clone()
                    .or_else(|| current.and_then(|device| device.code.clone())),
                revoked_at: None,
            }),
            (Some(device), DeviceChange::CodeAssigned { code }) => Some(EnrolledDevice {
                code: Some(code.clone()),
                ..device.clone()
            }),
            (None, DeviceChange::CodeAssigned { .. }) => None,
            (Some(device), DeviceChange::Revoked { at }) => Some(EnrolledDevice {
                revoked_at: Some(*at),
                ..device.clone()
            }),
            (None, DeviceChange::Revoked { .. }) => None,
        }
    }
}

/// The public key of a base64 SEC1 point, or why it is not one.
pub fn verifying_key(public_key: &str) -> Result<VerifyingKey, CardProblem> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(public_key)
        .map_err(|_| CardProblem::InvalidKey)?;
    VerifyingKey::from_sec1_bytes(&bytes).map_err(|_| CardProblem::InvalidKey)
}

/// The bytes a bundle's signature covers: its header without the signature, as JSON. The
/// header holds the body's SHA-256, so the signature covers every event and photo too.
pub fn signing_input(header: &Header) -> Vec<u8> {
    let unsigned = Header {
        signature: None,
        ..header.clone()
    };
    serde_json::to_vec(&unsigned).expect("a header always serializes")
}

/// Who a bundle comes from, as far as this device can tell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Signer {
    /// Signed by an enrolled device that was not revoked when it signed.
    Enrolled { name: String },
    /// Signed correctly, but by a key no enrolled device has: import only with the
    /// administrator's PIN.
    Unknown { claimed_name: String },
    /// Not signed at all (an older app): import only with the administrator's PIN.
    Unsigned,
    /// Signed by a device before it was revoked: its records are valid, but a lost device is
    /// worth a second look, so import only with the administrator's PIN.
    Revoked { name: String, at: DateTime<Utc> },
}

impl Signer {
    /// Whether the administrator's PIN is needed to take the bundle in (issue #11): only a
    /// device enrolled here, and not revoked, vouches for its own bundles.
    pub fn needs_administrator_pin(&self) -> bool {
        !matches!(self, Signer::Enrolled { .. })
    }
}

/// Why a signed bundle is refused outright.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignatureProblem {
    /// The signature does not match the bundle: it was changed after signing, or forged.
    Invalid,
    /// The signature is well formed but of an algorithm this app does not accept.
    UnknownAlgorithm(String),
    /// The device id is enrolled with another key: someone is posing as that device.
    KeyMismatch { device: String },
    /// Signed by a device after it was revoked.
    Revoked { device: String, at: DateTime<Utc> },
}

/// Checks a bundle header's signature against the devices enrolled here.
pub fn check_signature(
    header: &Header,
    devices: &BTreeMap<EntityId, EnrolledDevice>,
) -> Result<Signer, SignatureProblem> {
    let Some(signature) = &header.signature else {
        return Ok(Signer::Unsigned);
    };
    if signature.algorithm != SIGNATURE_ALGORITHM {
        return Err(SignatureProblem::UnknownAlgorithm(
            signature.algorithm.clone(),
        ));
    }
    let key = verifying_key(&signature.public_key).map_err(|_| SignatureProblem::Invalid)?;
    let value = base64::engine::general_purpose::STANDARD
        .decode(&signature.value)
        .ok()
        .and_then(|bytes| Signature::from_slice(&bytes).ok())
        .ok_or(SignatureProblem::Invalid)?;
    key.verify(&signing_input(header), &value)
        .map_err(|_| SignatureProblem::Invalid)?;
    let device_id = &header.source.device_id;
    match devices.get(&EntityId(device_id.clone())) {
        None => Ok(Signer::Unknown {
            claimed_name: header.source.device_name.clone(),
        }),
        Some(device) if device.public_key != signature.public_key => {
            Err(SignatureProblem::KeyMismatch {
                device: device.name.clone(),
            })
        }
        Some(device) => match device.revoked_at {
            Some(at) if header.created_at > at => Err(SignatureProblem::Revoked {
                device: device.name.clone(),
                at,
            }),
            Some(at) => Ok(Signer::Revoked {
                name: device.name.clone(),
                at,
            }),
            None => Ok(Signer::Enrolled {
                name: device.name.clone(),
            }),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::Signer;

    /// Issue #11: an unknown, unsigned or revoked device's bundle waits for the administrator.
    #[test]
    fn x_1_only_an_enrolled_devices_bundle_skips_the_administrators_pin() {
        assert!(!Signer::Enrolled {
            name: "前台".into()
        }
        .needs_administrator_pin());
        for signer in [
            Signer::Unsigned,
            Signer::Unknown {
                claimed_name: "平板".into(),
            },
            Signer::Revoked {
                name: "旧平板".into(),
                at: chrono::DateTime::default(),
            },
        ] {
            assert!(signer.needs_administrator_pin(), "{signer:?}");
        }
    }
}
