//! A visible "something went wrong" panel instead of a dead page.
//!
//! After a panic the wasm instance cannot be trusted to run again, so the panel is built with
//! plain DOM calls, holds no Rust callbacks, and reloads through an ordinary link.

use wasm_bindgen::JsCast;

use crate::device_settings::load_language;
use crate::i18n::Text;

/// The id of the panel, so a second panic does not stack another one.
pub const PANIC_PANEL_ID: &str = "panic-panel";

/// Logs panics to the console and shows them in the page.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|panic_info| {
        console_error_panic_hook::hook(panic_info);
        show_panic_panel(&panic_info.to_string());
    }));
}

/// Shows the panel with `details` to copy. Does nothing outside a browser page.
pub fn show_panic_panel(details: &str) {
    let Some(document) = web_sys::window().and_then(|window| window.document()) else {
        return;
    };
    if document.get_element_by_id(PANIC_PANEL_ID).is_some() {
        return;
    }
    let lang = load_language();
    let build = || -> Option<web_sys::Element> {
        let panel = document.create_element("section").ok()?;
        panel.set_id(PANIC_PANEL_ID);
        panel.set_class_name("panic-panel");
        panel.set_attribute("role", "alert").ok()?;
        panel.set_attribute("aria-labelledby", "panic-title").ok()?;

        let title = document.create_element("h2").ok()?;
        title.set_id("panic-title");
        title.set_text_content(Some(Text::PanicTitle.in_lang(lang)));
        let body = document.create_element("p").ok()?;
        body.set_text_content(Some(Text::PanicBody.in_lang(lang)));

        let label = document.create_element("label").ok()?;
        label.set_attribute("for", "panic-details").ok()?;
        label.set_text_content(Some(Text::PanicDetails.in_lang(lang)));
        let details_box: web_sys::HtmlTextAreaElement =
            document.create_element("textarea").ok()?.dyn_into().ok()?;
        details_box.set_id("panic-details");
        details_box.set_read_only(true);
        details_box.set_rows(6);
        details_box.set_value(details);

        let reload = document.create_element("a").ok()?;
        reload.set_class_name("button");
        reload.set_attribute("href", "").ok()?;
        reload.set_text_content(Some(Text::Reload.in_lang(lang)));

        for child in [&title, &body, &label, details_box.as_ref(), &reload] {
            panel.append_child(child).ok()?;
        }
        Some(panel)
    };
    if let (Some(panel), Some(body)) = (build(), document.body()) {
        let _ = body.prepend_with_node_1(&panel);
    }
}
