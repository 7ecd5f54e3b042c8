//! Browser tests of the app shell, run by wasm-bindgen-test in headless Chromium.

#![cfg(target_arch = "wasm32")]

use estate_desk::panic_panel::{show_panic_panel, PANIC_PANEL_ID};
use estate_desk::App;
use gloo_storage::{LocalStorage, Storage};
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

#[wasm_bindgen_test]
async fn app_mounts_and_device_setup_persists_across_a_remount() {
    LocalStorage::clear();

    let (handle, container) = mount_app();
    leptos::task::tick().await;
    assert!(
        find("#device-person-name").is_some(),
        "a fresh device shows the setup form"
    );
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

    type_into("#device-person-name", "王芳");
    find("#device-role")
        .unwrap()
        .unchecked_into::<web_sys::HtmlSelectElement>()
        .set_value("inspector");
    let role_select = find("#device-role").unwrap();
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    role_select
        .dispatch_event(&web_sys::Event::new_with_event_init_dict("change", &init).unwrap())
        .unwrap();
    find("button[type=submit]")
        .unwrap()
        .unchecked_into::<HtmlElement>()
        .click();
    leptos::task::tick().await;

    assert_eq!(text_of(".current-user__name"), "王芳");
    assert_eq!(text_of(".current-user__role"), "巡视员");
    assert!(
        find("nav.main-nav").is_some(),
        "navigation appears after setup"
    );

    drop(handle);
    container.remove();
    leptos::task::tick().await;
    assert!(
        find(".current-user__name").is_none(),
        "the first mount is gone"
    );

    let (_handle, _container) = mount_app();
    leptos::task::tick().await;
    assert!(
        find("#device-person-name").is_none(),
        "setup is not asked again"
    );
    assert_eq!(text_of(".current-user__name"), "王芳");
    assert_eq!(text_of(".current-user__role"), "巡视员");
}

#[wasm_bindgen_test]
async fn setup_refuses_a_blank_name_and_stores_nothing() {
    LocalStorage::clear();
    let (_handle, _container) = mount_app();
    leptos::task::tick().await;

    type_into("#device-person-name", "   ");
    find("button[type=submit]")
        .unwrap()
        .unchecked_into::<HtmlElement>()
        .click();
    leptos::task::tick().await;

    assert_eq!(text_of(".form-status"), "请填写使用人姓名。");
    assert!(
        find("#device-person-name").is_some(),
        "still on the setup form"
    );
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
