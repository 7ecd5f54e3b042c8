//! Sync in headless Chromium: encryption through WebCrypto, and a bad import that leaves the
//! IndexedDB database unchanged.

#![cfg(target_arch = "wasm32")]

use estate_core::bundle::EncryptedEnvelope;
use estate_desk::desk_service::DeskService;
use estate_desk::store::indexed_db::IndexedDbStore;
use estate_desk::store::{contract, Store};
use estate_desk::sync::encryption::{decrypt, encrypt, EncryptionError};
use estate_desk::sync::{commit_import, export_full, preview_import, ImportReport, PreviewError};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

async fn device(test: &str) -> DeskService<IndexedDbStore> {
    let store = IndexedDbStore::open(&format!("estate-desk-test-{test}-{}", uuid::Uuid::now_v7()))
        .await
        .unwrap();
    DeskService::load(store, Box::new(|| uuid::Uuid::now_v7().to_string()))
        .await
        .unwrap()
}

fn bundle_text() -> String {
    std::str::from_utf8(include_bytes!("fixtures/bad-bundles/good.json"))
        .unwrap()
        .to_owned()
}

/// Previews and commits `text` on `desk`.
async fn import(desk: &DeskService<IndexedDbStore>, text: &str) -> ImportReport {
    let preview = preview_import(desk, text, chrono::Utc::now())
        .await
        .unwrap();
    commit_import(desk, &preview, chrono::Utc::now())
        .await
        .unwrap()
}

#[wasm_bindgen_test]
async fn encryption_round_trip_with_the_right_passphrase() {
    let text = bundle_text();
    let sealed = encrypt(&text, "前台 口令 2026").await.unwrap();
    assert!(
        !sealed.contains("陈先生"),
        "nothing readable leaks into the file"
    );
    let envelope = EncryptedEnvelope::parse(&sealed)
        .expect("an envelope")
        .unwrap();
    assert!(envelope.iterations >= 210_000);
    assert_eq!(decrypt(&envelope, "前台 口令 2026").await.unwrap(), text);
    let again = EncryptedEnvelope::parse(&encrypt(&text, "前台 口令 2026").await.unwrap())
        .unwrap()
        .unwrap();
    assert_ne!(
        (again.salt, again.iv),
        (envelope.salt, envelope.iv),
        "a fresh salt and IV per file"
    );
}

#[wasm_bindgen_test]
async fn a_wrong_passphrase_is_named_as_such() {
    let sealed = encrypt(&bundle_text(), "correct horse").await.unwrap();
    let envelope = EncryptedEnvelope::parse(&sealed).unwrap().unwrap();
    assert_eq!(
        decrypt(&envelope, "wrong horse").await,
        Err(EncryptionError::WrongPassphrase)
    );
}

/// The last event of the file is broken: validation refuses the whole file and the database
/// keeps exactly what it had.
#[wasm_bindgen_test]
async fn an_import_failing_at_the_last_record_leaves_the_database_unchanged() {
    let desk_pc = device("import-fails").await;
    let (_, batch) = contract::sample_batch();
    desk_pc.store().commit(&batch).await.unwrap();
    let before = desk_pc.store().events().await.unwrap();

    let mut bundle: serde_json::Value = serde_json::from_str(&bundle_text()).unwrap();
    let events = bundle["body"]["events"].as_array_mut().unwrap();
    let last = events.last_mut().unwrap();
    last["change"]["change"]["what"] = serde_json::json!("改过的最后一条");
    let text = serde_json::to_string(&bundle).unwrap();
    let refused = preview_import(&desk_pc, &text, chrono::Utc::now()).await;
    assert!(
        matches!(refused, Err(PreviewError::Invalid(_))),
        "{refused:?}"
    );
    assert_eq!(desk_pc.store().events().await.unwrap(), before);
    assert!(desk_pc.store().attachment_keys().await.unwrap().is_empty());

    // The untouched file imports, photos and all.
    let report = import(&desk_pc, &bundle_text()).await;
    assert_eq!((report.photos_expected, report.photos_stored), (2, 2));
    assert_eq!(
        desk_pc.store().events().await.unwrap().len(),
        before.len() + 4
    );
    let exported = export_full(&desk_pc, "王芳", chrono::Utc::now())
        .await
        .unwrap();
    assert_eq!(
        exported.attachments, 2,
        "photos travel on in the next export"
    );

    // Its body hashed by WebCrypto (issue #19), the export passes another device's checks.
    let tablet = device("import-fails-tablet").await;
    let taken = preview_import(&tablet, &exported.text, chrono::Utc::now())
        .await
        .expect("the export is a valid bundle");
    assert_eq!(taken.plan.new_records().len(), exported.events);
}

/// Issue #19: in IndexedDB, an import's events are written with its projections marked
/// pending; a tab closed before the second transaction leaves them so, and opening the
/// database again writes them and clears the mark.
#[wasm_bindgen_test]
async fn an_imports_projections_are_written_on_opening_when_the_tab_closed_before_them() {
    let name = format!("estate-desk-test-projections-{}", uuid::Uuid::now_v7());
    let new_id = || Box::new(|| uuid::Uuid::now_v7().to_string());
    let desk_pc = DeskService::load(IndexedDbStore::open(&name).await.unwrap(), new_id())
        .await
        .unwrap();
    import(&desk_pc, &bundle_text()).await;
    let pending = estate_desk::desk_service::PROJECTIONS_PENDING_KEY;
    let store = desk_pc.store();
    assert_eq!(store.events().await.unwrap().len(), 4);
    assert!(
        store.entities().await.unwrap().is_empty(),
        "not written yet"
    );
    assert_eq!(
        store.meta(pending).await.unwrap(),
        Some(serde_json::Value::Bool(true))
    );
    drop(desk_pc);

    let reopened = DeskService::load(IndexedDbStore::open(&name).await.unwrap(), new_id())
        .await
        .unwrap();
    let projected = reopened.store().entities().await.unwrap();
    assert!(!projected.is_empty());
    assert_eq!(
        reopened.store().meta(pending).await.unwrap(),
        Some(serde_json::Value::Bool(false))
    );
    // The same records the second transaction writes.
    let written_later = device("projections-later").await;
    import(&written_later, &bundle_text()).await;
    written_later.write_pending_projections().await.unwrap();
    let ids = |records: Vec<estate_core::record::EntityRecord>| {
        let mut ids: Vec<String> = records.into_iter().map(|record| record.id).collect();
        estate_core::sorting::sort(&mut ids);
        ids
    };
    assert_eq!(
        ids(written_later.store().entities().await.unwrap()),
        ids(projected)
    );
}
