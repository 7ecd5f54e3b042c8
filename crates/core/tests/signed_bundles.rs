//! Signed bundles from enrolled devices (issue #11), checked as pure functions over bytes:
//! valid, tampered, unknown device, key mismatch, revoked; and who may enrol or revoke.

use std::collections::BTreeMap;

use base64::Engine as _;
use chrono::{DateTime, Duration, Utc};
use estate_core::bundle::{self, Bundle, Scope, Source};
use estate_core::device::{
    check_signature, signing_input, BundleSignature, DeviceCard, DeviceChange, EnrolledDevice,
    SignatureProblem, Signer, DEVICE_CARD_FORMAT, SIGNATURE_ALGORITHM,
};
use estate_core::record::chain_records;
use estate_core::scenario::{test_pin_hash, walk_in_complaint, Scenario};
use estate_core::staff::StaffChange;
use estate_core::{Actor, Change, EntityId, Role};
use p256::ecdsa::signature::Signer as _;
use p256::ecdsa::{Signature, SigningKey, VerifyingKey};

fn at(minutes: i64) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2027-03-01T09:00:00+08:00")
        .unwrap()
        .with_timezone(&Utc)
        + Duration::minutes(minutes)
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// A fixed key, as a device's WebCrypto key pair would be.
fn key(seed: u8) -> SigningKey {
    SigningKey::from_bytes(&[seed; 32].into()).unwrap()
}

fn public_key(key: &SigningKey) -> String {
    b64(VerifyingKey::from(key).to_encoded_point(false).as_bytes())
}

/// The tablet's bundle of one complaint, made at minute `minute`.
fn tablet_bundle(minute: i64) -> Bundle {
    let mut tablet = Scenario::new("tablet-1");
    let inspector = tablet.actor("赵巡", Role::FrontDesk);
    tablet
        .run(&inspector, "fb-1", walk_in_complaint("101"), at(minute))
        .unwrap();
    let source = Source {
        device_id: "tablet-1".into(),
        device_name: "巡视平板".into(),
        person: "赵巡".into(),
    };
    bundle::build(
        &chain_records(tablet.log()),
        Vec::new(),
        source,
        at(minute),
        Scope::Full,
        "0.1.0",
    )
    .unwrap()
}

/// Signs a bundle as the browser does: over the header without its signature.
fn signed(mut bundle: Bundle, key: &SigningKey) -> Bundle {
    let signature: Signature = key.sign(&signing_input(&bundle.header));
    bundle.header.signature = Some(BundleSignature {
        algorithm: SIGNATURE_ALGORITHM.into(),
        public_key: public_key(key),
        value: b64(&signature.to_bytes()),
    });
    bundle
}

fn enrolled(
    key: &SigningKey,
    revoked_at: Option<DateTime<Utc>>,
) -> BTreeMap<EntityId, EnrolledDevice> {
    BTreeMap::from([(
        EntityId("tablet-1".into()),
        EnrolledDevice {
            name: "巡视平板".into(),
            public_key: public_key(key),
            code: Some("B".into()),
            revoked_at,
        },
    )])
}

#[test]
fn x_1_a_bundle_signed_by_an_enrolled_device_names_it() {
    let tablet_key = key(7);
    let bundle = signed(tablet_bundle(0), &tablet_key);
    assert_eq!(
        check_signature(&bundle.header, &enrolled(&tablet_key, None)),
        Ok(Signer::Enrolled {
            name: "巡视平板".into()
        })
    );
    // The signature survives the trip through JSON text, as a file.
    let text = serde_json::to_string(&bundle).unwrap();
    let read: Bundle = serde_json::from_str(&text).unwrap();
    assert!(check_signature(&read.header, &enrolled(&tablet_key, None)).is_ok());
}

#[test]
fn x_1_an_unknown_or_unsigned_bundle_needs_the_administrator() {
    let bundle = signed(tablet_bundle(0), &key(7));
    assert_eq!(
        check_signature(&bundle.header, &BTreeMap::new()),
        Ok(Signer::Unknown {
            claimed_name: "巡视平板".into()
        })
    );
    assert_eq!(
        check_signature(&tablet_bundle(0).header, &BTreeMap::new()),
        Ok(Signer::Unsigned)
    );
}

#[test]
fn x_1_a_tampered_bundle_is_refused() {
    let tablet_key = key(7);
    let devices = enrolled(&tablet_key, None);
    let mut changed_header = signed(tablet_bundle(0), &tablet_key);
    changed_header.header.source.person = "某人".into();
    assert_eq!(
        check_signature(&changed_header.header, &devices),
        Err(SignatureProblem::Invalid)
    );

    // A changed body with its hash recomputed still breaks the signature over the header.
    let mut changed_body = signed(tablet_bundle(0), &tablet_key);
    changed_body.header.body_sha256 = "0".repeat(64);
    assert_eq!(
        check_signature(&changed_body.header, &devices),
        Err(SignatureProblem::Invalid)
    );

    let mut garbage = signed(tablet_bundle(0), &tablet_key);
    garbage.header.signature.as_mut().unwrap().value = "AAAA".into();
    assert_eq!(
        check_signature(&garbage.header, &devices),
        Err(SignatureProblem::Invalid)
    );
}

#[test]
fn x_1_another_key_posing_as_an_enrolled_device_is_refused() {
    let impostor = signed(tablet_bundle(0), &key(9));
    assert_eq!(
        check_signature(&impostor.header, &enrolled(&key(7), None)),
        Err(SignatureProblem::KeyMismatch {
            device: "巡视平板".into()
        })
    );
}

#[test]
fn x_1_a_revoked_device_s_later_bundles_are_refused_and_its_earlier_ones_stay_valid() {
    let tablet_key = key(7);
    let devices = enrolled(&tablet_key, Some(at(60)));
    let before = signed(tablet_bundle(30), &tablet_key);
    assert_eq!(
        check_signature(&before.header, &devices),
        Ok(Signer::Revoked {
            name: "巡视平板".into(),
            at: at(60)
        }),
        "valid, but asks the administrator"
    );
    let after = signed(tablet_bundle(90), &tablet_key);
    assert_eq!(
        check_signature(&after.header, &devices),
        Err(SignatureProblem::Revoked {
            device: "巡视平板".into(),
            at: at(60)
        })
    );
}

#[test]
fn x_1_device_cards_are_checked_when_read() {
    let card = DeviceCard {
        format: DEVICE_CARD_FORMAT.into(),
        version: 1,
        device_id: "tablet-1".into(),
        name: "巡视平板".into(),
        public_key: public_key(&key(7)),
    };
    let text = serde_json::to_string(&card).unwrap();
    assert_eq!(DeviceCard::parse(&text), Ok(card.clone()));
    let bad_key = DeviceCard {
        public_key: b64(&[4; 65]),
        ..card.clone()
    };
    assert!(DeviceCard::parse(&serde_json::to_string(&bad_key).unwrap()).is_err());
    assert!(DeviceCard::parse("{}").is_err());
}

/// The front desk's administrator enrols the tablet and later revokes it; an inspector may do
/// neither, and the tablet's events after the revocation are held, not applied.
#[test]
fn x_1_only_the_administrator_enrols_and_revokes_and_a_revoked_device_s_later_events_are_held() {
    let mut desk_pc = Scenario::new("desk-pc");
    let admin = Actor {
        staff: Some(EntityId("staff-wang".into())),
        ..desk_pc.actor("王芳", Role::FrontDesk)
    };
    desk_pc
        .run(
            &admin,
            "staff-wang",
            Change::Staff(StaffChange::Added {
                name: "王芳".into(),
                roles: vec![Role::FrontDesk],
                department: None,
                administrator: true,
                pin: test_pin_hash(),
            }),
            at(0),
        )
        .unwrap();
    let enrol = Change::Device(DeviceChange::Enrolled {
        name: "巡视平板".into(),
        public_key: public_key(&key(7)),
        code: None,
    });
    let stranger = desk_pc.actor("路人", Role::FrontDesk);
    assert!(desk_pc
        .run(&stranger, "tablet-1", enrol.clone(), at(1))
        .is_err());
    desk_pc.run(&admin, "tablet-1", enrol, at(1)).unwrap();
    desk_pc
        .run(
            &admin,
            "tablet-1",
            Change::Device(DeviceChange::Revoked { at: at(60) }),
            at(61),
        )
        .unwrap();
    assert_eq!(
        desk_pc.desk().devices[&EntityId("tablet-1".into())].revoked_at,
        Some(at(60))
    );

    // The tablet's complaint from before the revocation stands; the one after is held.
    let early = tablet_bundle(30);
    let late = tablet_bundle(90);
    let events = |bundle: &Bundle| {
        bundle
            .body
            .events
            .iter()
            .map(|wire| {
                let mut event = wire.to_event().unwrap();
                // Taken by the office's front desk signed in on the tablet.
                event.actor.staff = Some(EntityId("staff-wang".into()));
                event.id.0 = format!("{}-{}", event.id.0, bundle.header.created_at.timestamp());
                event.entity.0 = format!(
                    "{}-{}",
                    event.entity.0,
                    bundle.header.created_at.timestamp()
                );
                event
            })
            .collect::<Vec<_>>()
    };
    desk_pc.receive(&events(&early));
    desk_pc.receive(&events(&late));
    assert_eq!(
        desk_pc.desk().feedback.len(),
        1,
        "only the early complaint is applied"
    );
    assert_eq!(desk_pc.desk().conflicts.len(), 1);
    let held = &desk_pc.desk().conflicts[0];
    assert!(held.entity.0.ends_with(&at(90).timestamp().to_string()));
}
