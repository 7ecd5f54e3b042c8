//! Files exchanged with the user: bundles and report CSVs handed out, bundles and device cards
//! picked.

use wasm_bindgen::JsCast;

/// Offers `text` to the user as a file download named `file_name`. The blob is made from the
/// text's UTF-8 bytes: made from a JavaScript string, a 60 MB bundle was decoded into one and
/// encoded back (issue #19).
pub fn download(file_name: &str, text: &str, mime: &str) -> Result<(), String> {
    let document = web_sys::window()
        .and_then(|window| window.document())
        .ok_or("no document")?;
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(text.as_bytes()));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)
        .map_err(|error| format!("{error:?}"))?;
    let url =
        web_sys::Url::create_object_url_with_blob(&blob).map_err(|error| format!("{error:?}"))?;
    let link: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|error| format!("{error:?}"))?
        .unchecked_into();
    link.set_href(&url);
    link.set_download(file_name);
    link.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// The text of a file the user picked; empty if the browser cannot read it, which the caller's
/// parser then names as a bad file. The bytes are copied into the app and read as UTF-8 here:
/// `Blob.text()` gave a JavaScript string that took one long task to convert, 60 MB for a
/// 10k-case bundle (issue #19).
pub async fn file_text(file: &web_sys::File) -> String {
    match wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await {
        Ok(buffer) => utf8_text(js_sys::Uint8Array::new(&buffer).to_vec()),
        Err(_) => String::new(),
    }
}

/// `bytes` read as `Blob.text()` reads them: UTF-8, a leading byte-order mark dropped, and
/// each bad sequence replaced by U+FFFD.
fn utf8_text(bytes: Vec<u8>) -> String {
    let mut text = String::from_utf8(bytes)
        .unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned());
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    text
}

#[cfg(test)]
mod tests {
    use super::utf8_text;

    #[test]
    fn picked_files_read_as_the_browser_reads_text() {
        assert_eq!(utf8_text("数据包 ok".as_bytes().to_vec()), "数据包 ok");
        assert_eq!(utf8_text(b"\xef\xbb\xbf{}".to_vec()), "{}");
        assert_eq!(utf8_text(b"a\xffb\xe6\x95".to_vec()), "a\u{fffd}b\u{fffd}");
    }
}
