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
/// 10k-case bundle (issue #19). They are copied and decoded a piece at a time, the page getting
/// a turn between pieces: at once, they were one task of over 200 ms on a slow machine.
pub async fn file_text(file: &web_sys::File) -> String {
    let Ok(buffer) = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await else {
        return String::new();
    };
    let bytes = js_sys::Uint8Array::new(&buffer);
    let length = bytes.length();
    let mut text = Utf8Pieces::with_capacity(length as usize);
    let mut piece = Vec::new();
    let mut start = 0;
    while start < length {
        let end = start.saturating_add(FILE_PIECE_BYTES).min(length);
        piece.resize((end - start) as usize, 0);
        bytes.subarray(start, end).copy_to(&mut piece);
        text.push(&piece);
        start = end;
        if start < length {
            crate::timing::yield_to_page().await;
        }
    }
    text.finish()
}

/// How much of a picked file is copied and decoded between two turns of the page.
const FILE_PIECE_BYTES: u32 = 4 * 1024 * 1024;

/// Bytes read as UTF-8 a piece at a time, giving what [`utf8_text`] gives for all of them: a
/// character cut between two pieces waits for the next one.
struct Utf8Pieces {
    text: String,
    /// The start of a character the last piece cut off.
    cut_off: Vec<u8>,
    /// Nothing decoded yet: a byte-order mark would come next.
    first: bool,
}

impl Utf8Pieces {
    fn with_capacity(bytes: usize) -> Utf8Pieces {
        Utf8Pieces {
            text: String::with_capacity(bytes),
            cut_off: Vec::new(),
            first: true,
        }
    }

    fn push(&mut self, piece: &[u8]) {
        let joined;
        let mut bytes = piece;
        if !self.cut_off.is_empty() {
            self.cut_off.extend_from_slice(piece);
            joined = std::mem::take(&mut self.cut_off);
            bytes = &joined;
        }
        let (whole, cut_off) = bytes.split_at(whole_characters(bytes));
        let decoded = match std::str::from_utf8(whole) {
            Ok(valid) => std::borrow::Cow::Borrowed(valid),
            // A damaged file: each bad sequence becomes U+FFFD, as the browser reads it.
            Err(_) => String::from_utf8_lossy(whole),
        };
        let mut decoded = decoded.as_ref();
        if self.first && !decoded.is_empty() {
            self.first = false;
            decoded = decoded.strip_prefix('\u{feff}').unwrap_or(decoded);
        }
        self.text.push_str(decoded);
        self.cut_off = cut_off.to_vec();
    }

    fn finish(mut self) -> String {
        if !self.cut_off.is_empty() {
            self.text.push_str(&String::from_utf8_lossy(&self.cut_off));
        }
        self.text
    }
}

/// How many of `bytes` end before a character the end of `bytes` cuts off: all of them,
/// unless one of the last three starts a sequence longer than what follows it.
fn whole_characters(bytes: &[u8]) -> usize {
    for back in 1..=bytes.len().min(3) {
        let at = bytes.len() - back;
        let lead = bytes[at];
        if lead & 0b1100_0000 == 0b1000_0000 {
            continue; // a continuation byte: its lead is further back
        }
        let needs = match lead {
            0xc2..=0xdf => 2,
            0xe0..=0xef => 3,
            0xf0..=0xf4 => 4,
            _ => 1,
        };
        return if needs > back { at } else { bytes.len() };
    }
    bytes.len()
}

/// `bytes` read as `Blob.text()` reads them: UTF-8, a leading byte-order mark dropped, and
/// each bad sequence replaced by U+FFFD.
#[cfg(test)]
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
    use super::{utf8_text, Utf8Pieces};

    #[test]
    fn picked_files_read_as_the_browser_reads_text() {
        assert_eq!(utf8_text("数据包 ok".as_bytes().to_vec()), "数据包 ok");
        assert_eq!(utf8_text(b"\xef\xbb\xbf{}".to_vec()), "{}");
        assert_eq!(utf8_text(b"a\xffb\xe6\x95".to_vec()), "a\u{fffd}b\u{fffd}");
    }

    /// A file read a piece at a time is the text read at once, wherever the pieces are cut:
    /// inside a character, a byte-order mark or a bad sequence.
    #[test]
    fn picked_files_read_in_pieces_are_the_text_read_at_once() {
        let files: [&[u8]; 6] = [
            "数据包 ok，装修押金 ¥2000 😀".as_bytes(),
            b"\xef\xbb\xbf{\"\xe6\x95\xb0\":1}",
            b"a\xffb\xe6\x95c\xf0\x9f\x98d\x80\x80e",
            b"\xe6\x95",
            b"\xef\xbb",
            b"\xf0\x9f\x98\x80\xed\xa0\x80\xc0\xaf\xf5\x80",
        ];
        for file in files {
            let at_once = utf8_text(file.to_vec());
            for size in 1..=file.len() {
                let mut pieces = Utf8Pieces::with_capacity(file.len());
                file.chunks(size).for_each(|piece| pieces.push(piece));
                assert_eq!(pieces.finish(), at_once, "{file:?} in pieces of {size}");
            }
        }
    }
}
