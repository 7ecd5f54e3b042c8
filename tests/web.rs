//! Browser tests of the app shell, run by wasm-bindgen-test in headless Chromium.

#![cfg(target_arch = "wasm32")]

use estate_desk::panic_panel::{show_panic_panel, PANIC_PANEL_ID};
use estate_desk::store::Store;
use estate_desk::App;
use gloo_storage::{LocalStorage, SessionStorage, Storage};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

fn find(selector: &str) -> Option<Element> {
    document().query_selector(selector).unwrap()
}

fn text_of(selector: &str) -> String {
    find(selector)
        .and_then(|element| element.text_content())
        .unwrap_or_default()
}

/// A fresh container per mount, as each test of a real page load would have.
fn mount_app() -> (
    leptos::mount::UnmountHandle<impl leptos::tachys::view::Mountable>,
    HtmlElement,
) {
    let container: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&container).unwrap();
    let handle = leptos::mount::mount_to(container.clone(), App);
    (handle, container)
}

fn type_into(selector: &str, value: &str) {
    let input: HtmlInputElement = find(selector).unwrap().unchecked_into();
    input.set_value(value);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let event = web_sys::Event::new_with_event_init_dict("input", &init).unwrap();
    input.dispatch_event(&event).unwrap();
}

/// Waits (up to 20 s) until `ready` holds: opening the database and hashing a PIN take time.
async fn wait_until(what: &str, ready: impl Fn() -> bool) {
    for _ in 0..400 {
        if ready() {
            return;
        }
        let pause = js_sys::Promise::new(&mut |resolve, _| {
            web_sys::window()
                .unwrap()
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 50)
                .unwrap();
        });
        wasm_bindgen_futures::JsFuture::from(pause).await.unwrap();
    }
    panic!("timed out waiting for {what}");
}

/// A device as new: no settings, no staff, no events.
async fn fresh_device() {
    LocalStorage::clear();
    SessionStorage::clear();
    estate_desk::store::indexed_db::IndexedDbStore::open_default()
        .await
        .unwrap()
        .erase_everything()
        .await
        .unwrap();
}

fn choose(selector: &str, value: &str) {
    let select: web_sys::HtmlSelectElement = find(selector).unwrap().unchecked_into();
    select.set_value(value);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    select
        .dispatch_event(&web_sys::Event::new_with_event_init_dict("change", &init).unwrap())
        .unwrap();
}

/// Presses the setup form's own button: the join forms above it have theirs.
fn submit() {
    find("form.device-setup button[type=submit]")
        .unwrap()
        .unchecked_into::<HtmlElement>()
        .click();
}

#[wasm_bindgen_test]
async fn x_1_first_setup_makes_the_administrator_who_stays_signed_in_across_a_remount() {
    fresh_device().await;

    let (handle, container) = mount_app();
    wait_until("the setup form", || find("#setup-name").is_some()).await;
    assert!(find("nav.main-nav").is_none(), "navigation waits for setup");
    assert_eq!(
        document()
            .document_element()
            .unwrap()
            .get_attribute("lang")
            .as_deref(),
        Some("zh-CN"),
        "zh-CN is the default language"
    );

    type_into("#setup-name", "王芳");
    choose("#setup-role", "inspector");
    type_into("#setup-pin", "246813");
    type_into("#setup-pin-again", "246813");
    submit();
    wait_until("the signed-in header", || {
        text_of(".current-user__name") == "王芳"
    })
    .await;
    assert_eq!(text_of(".current-user__role"), "巡视员");
    wait_until("the navigation", || find("nav.main-nav").is_some()).await;
    // Issue #21: the stored profile signs no one in; this tab's signed session does.
    let profile = estate_desk::device_settings::load_profile().unwrap();
    assert!(profile.staff.is_none(), "a stored id proves nothing");
    assert!(
        estate_desk::device_settings::last_signed_in().is_some(),
        "who signed in last is offered first"
    );
    assert!(
        estate_desk::session::session_active_ms().is_some(),
        "the PIN check opened this tab's session"
    );

    drop(handle);
    container.remove();
    leptos::task::tick().await;
    assert!(
        find(".current-user__name").is_none(),
        "the first mount is gone"
    );

    let (_handle, _container) = mount_app();
    wait_until("the navigation again", || find("nav.main-nav").is_some()).await;
    assert!(find("#setup-name").is_none(), "setup is not asked again");
    assert_eq!(text_of(".current-user__name"), "王芳");
    assert_eq!(text_of(".current-user__role"), "巡视员");
}

#[wasm_bindgen_test]
async fn setup_refuses_a_blank_name_or_a_short_pin_and_stores_nothing() {
    fresh_device().await;
    let (_handle, _container) = mount_app();
    wait_until("the setup form", || find("#setup-name").is_some()).await;

    type_into("#setup-name", "   ");
    submit();
    wait_until("the refusal", || {
        text_of(".refusal") == "请填写使用人姓名。"
    })
    .await;

    type_into("#setup-name", "王芳");
    type_into("#setup-pin", "12");
    type_into("#setup-pin-again", "12");
    submit();
    wait_until("the PIN refusal", || {
        text_of(".refusal") == "PIN 至少 6 位。"
    })
    .await;
    assert!(find("#setup-name").is_some(), "still on the setup form");
    assert!(estate_desk::device_settings::load_profile().is_none());
}

#[wasm_bindgen_test]
fn panic_panel_shows_the_details_to_copy() {
    LocalStorage::clear();
    show_panic_panel("panicked at src/app.rs:1:1: boom");
    let panel = document()
        .get_element_by_id(PANIC_PANEL_ID)
        .expect("panel is shown");
    assert_eq!(panel.get_attribute("role").as_deref(), Some("alert"));
    let details: web_sys::HtmlTextAreaElement = find("#panic-details").unwrap().unchecked_into();
    assert_eq!(details.value(), "panicked at src/app.rs:1:1: boom");
    assert!(panel.text_content().unwrap().contains("出错了"));

    show_panic_panel("a second panic");
    assert_eq!(
        document()
            .query_selector_all(".panic-panel")
            .unwrap()
            .length(),
        1,
        "a second panic does not stack panels"
    );
    panel.remove();
}

/// a PIN hash made by WebCrypto meets core's parameters, matches its PIN only, and two
/// hashes of the same PIN differ (a fresh salt per person).
#[wasm_bindgen_test]
async fn x_1_pin_hashes_from_webcrypto_meet_core_s_parameters_and_match_only_their_pin() {
    use estate_desk::pin::{hash_new_pin, pin_matches};
    let hashed = hash_new_pin("2468").await.unwrap();
    assert!(hashed.problems().is_empty(), "{:?}", hashed.problems());
    assert!(!hashed.hash.contains("2468"));
    assert!(pin_matches("2468", &hashed).await.unwrap());
    assert!(!pin_matches("2469", &hashed).await.unwrap());
    let again = hash_new_pin("2468").await.unwrap();
    assert_ne!(again.salt, hashed.salt);
    assert_ne!(again.hash, hashed.hash);
}

/// Issue #11: the device's signing key is made by WebCrypto with a private half that cannot be
/// exported, kept across reopening the database, and its signatures verify in core.
#[wasm_bindgen_test]
async fn x_1_device_keys_sign_bundles_that_core_verifies_and_the_private_key_cannot_be_exported() {
    use estate_core::bundle::{self, Scope, Source};
    use estate_core::device::{check_signature, DeviceChange, EnrolledDevice, Signer};
    use estate_desk::device_key::DeviceKey;
    use estate_desk::store::indexed_db::IndexedDbStore;
    use estate_desk::sync::BundleSigner;
    use std::collections::BTreeMap;

    let store = IndexedDbStore::open("device-key-test").await.unwrap();
    store.erase_everything().await.unwrap();
    let key = DeviceKey::load_or_create(&store).await.unwrap();
    let again = DeviceKey::load_or_create(&store).await.unwrap();
    assert_eq!(key.public_key, again.public_key, "one key per device, kept");

    let subtle = web_sys::window().unwrap().crypto().unwrap().subtle();
    let exported = wasm_bindgen_futures::JsFuture::from(
        subtle.export_key("pkcs8", key.private_key()).unwrap(),
    )
    .await;
    assert!(
        exported.is_err(),
        "the private key cannot leave the browser"
    );
    assert!(!key.private_key().extractable());

    let source = Source {
        device_id: "tablet-1".into(),
        device_name: "巡视平板".into(),
        person: "赵巡".into(),
    };
    let mut built = bundle::build(
        &[],
        Vec::new(),
        source,
        chrono::Utc::now(),
        Scope::Full,
        "test",
    )
    .unwrap();
    built.header.signature = key.sign(&built.header).await.unwrap();
    let devices = BTreeMap::from([(
        estate_core::EntityId("tablet-1".into()),
        EnrolledDevice::after(
            None,
            &DeviceChange::Enrolled {
                name: "巡视平板".into(),
                public_key: key.public_key.clone(),
                code: Some("B".into()),
            },
        )
        .unwrap(),
    )]);
    assert_eq!(
        check_signature(&built.header, &devices),
        Ok(Signer::Enrolled {
            name: "巡视平板".into()
        })
    );
    built.header.source.person = "某人".into();
    assert!(
        check_signature(&built.header, &devices).is_err(),
        "a changed header fails"
    );
}
