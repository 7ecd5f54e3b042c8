//! The SHA-256 of a bundle's body, taken off the page (issue #19).
//!
//! A 10k-case office is a 60 MB body. SHA-256 compiled to wasm took a third of a second of an
//! import's turns, and `crypto.subtle.digest` on the page is one task of 130-185 ms on a slow
//! machine, longer than the page may stay unresponsive. A Web Worker (`public/body-hash-worker.js`)
//! runs the browser's SHA-256 on a copy of the body while the page goes on: an import starts it
//! as soon as the file is cut into its parts and checks the events meanwhile; an export starts
//! it when the body is written. Where no worker answers (the native tests, a worker that fails
//! to load), the body is hashed here, a piece at a time with the page getting its turns.

use crate::timing::Span;

/// A body's SHA-256 being taken.
pub struct BodyHashing<'t> {
    body: &'t str,
    #[cfg(target_arch = "wasm32")]
    worker: Option<worker::WorkerHashing>,
}

/// Starts a worker for the next body to hash, so that its start does not wait on an import's
/// busy page (the Sync page calls it when it opens). Natively, nothing.
pub fn warm_up() {
    #[cfg(target_arch = "wasm32")]
    worker::warm_up();
}

impl<'t> BodyHashing<'t> {
    /// Starts hashing `body` in a worker, where the browser has one.
    pub fn start(body: &'t str) -> BodyHashing<'t> {
        BodyHashing {
            body,
            #[cfg(target_arch = "wasm32")]
            worker: worker::WorkerHashing::start(body).ok(),
        }
    }

    /// The body's SHA-256 as lowercase hex: the worker's, or taken here when it gave none.
    /// The spans show how long the page waited for the worker (`body_hash.wait`) and whether
    /// it hashed the body itself (`body_hash.on_page`).
    pub async fn finish(self) -> String {
        #[cfg(target_arch = "wasm32")]
        if let Some(worker) = self.worker {
            let waiting = Span::start("body_hash.wait");
            let answer = worker.finish().await;
            drop(waiting);
            if let Ok(hash) = answer {
                return hash;
            }
        }
        let _hashing = Span::start("body_hash.on_page");
        sha256_in_turns(self.body).await
    }
}

/// How much of a body is hashed here between two turns of the page: about 20 ms in wasm on a
/// slow machine.
const HASH_PIECE_BYTES: usize = 4 * 1024 * 1024;

/// SHA-256 of `text` as lowercase hex, a piece at a time, the page getting a turn between
/// pieces.
async fn sha256_in_turns(text: &str) -> String {
    use sha2::Digest;
    let mut hashing = sha2::Sha256::new();
    for piece in text.as_bytes().chunks(HASH_PIECE_BYTES) {
        hashing.update(piece);
        if piece.len() == HASH_PIECE_BYTES {
            crate::timing::yield_to_page().await;
        }
    }
    estate_core::chain::lowercase_hex(&hashing.finalize())
}

#[cfg(target_arch = "wasm32")]
mod worker {
    use std::cell::RefCell;

    use js_sys::{Array, Promise, Reflect, Uint8Array};
    use wasm_bindgen::prelude::*;
    use wasm_bindgen_futures::JsFuture;
    use web_sys::{MessageEvent, Worker};

    /// The worker's file, beside `index.html` (copied there by trunk and precached by the
    /// service worker, so that it runs offline too).
    const WORKER_FILE: &str = "body-hash-worker.js";

    thread_local! {
        /// A worker started and waiting. A worker's start needs the page's own turns: started
        /// while an import kept the page busy, it answered ~0.1 s after the check was done,
        /// where a worker already running hashes 60 MB in ~0.1 s beside the check.
        static IDLE: RefCell<Option<Worker>> = const { RefCell::new(None) };
    }

    /// Starts a worker for the next body, unless one is waiting already.
    pub(super) fn warm_up() {
        if IDLE.with(|idle| idle.borrow().is_none()) {
            if let Ok(worker) = spawn() {
                IDLE.with(|idle| *idle.borrow_mut() = Some(worker));
            }
        }
    }

    fn spawn() -> Result<Worker, JsValue> {
        Worker::new(&format!(
            "{}/{WORKER_FILE}",
            crate::app_root::current_root()
        ))
    }

    /// A worker hashing a copy of a body. Once it has answered it waits for the next body;
    /// dropped before that, it is stopped.
    pub(super) struct WorkerHashing {
        worker: Option<Worker>,
        answer: JsFuture,
        _on_message: Closure<dyn FnMut(MessageEvent)>,
        _on_error: Closure<dyn FnMut(web_sys::Event)>,
    }

    impl WorkerHashing {
        /// Hands the waiting worker (or a new one) a copy of `body`'s bytes: one copy into
        /// JavaScript's memory, then transferred, not copied again.
        pub(super) fn start(body: &str) -> Result<WorkerHashing, JsValue> {
            let worker = match IDLE.with(|idle| idle.borrow_mut().take()) {
                Some(worker) => worker,
                None => spawn()?,
            };
            let mut settle = None;
            let answer = Promise::new(&mut |resolve, reject| settle = Some((resolve, reject)));
            let (resolve, reject) = settle.expect("a promise's executor runs at once");
            let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
                let _ = resolve.call1(&JsValue::UNDEFINED, &event.data());
            });
            // The worker's file missing or refused: the hash is taken on the page instead.
            let on_error =
                Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
                    let _ = reject.call1(&JsValue::UNDEFINED, &event);
                });
            worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
            worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
            let hashing = WorkerHashing {
                worker: Some(worker),
                answer: JsFuture::from(answer),
                _on_message: on_message,
                _on_error: on_error,
            };
            let length = u32::try_from(body.len()).map_err(|_| JsValue::from_str("too large"))?;
            let bytes = Uint8Array::new_with_length(length);
            bytes.copy_from(body.as_bytes());
            let buffer = bytes.buffer();
            if let Some(worker) = &hashing.worker {
                worker.post_message_with_transfer(&buffer, &Array::of1(&buffer))?;
            }
            Ok(hashing)
        }

        /// The worker's answer: the digest as lowercase hex, or why it has none. A worker
        /// that answered with a digest waits for the next body.
        pub(super) async fn finish(mut self) -> Result<String, JsValue> {
            let answer = (&mut self.answer).await?;
            let hash = Reflect::get(&answer, &JsValue::from_str("sha256"))?
                .as_string()
                .filter(|hash| estate_core::bundle::is_hex_hash(hash))
                .ok_or(answer)?;
            if let Some(worker) = self.worker.take() {
                worker.set_onmessage(None);
                worker.set_onerror(None);
                IDLE.with(|idle| {
                    if idle.borrow().is_none() {
                        *idle.borrow_mut() = Some(worker);
                    } else {
                        worker.terminate();
                    }
                });
            }
            Ok(hash)
        }
    }

    impl Drop for WorkerHashing {
        fn drop(&mut self) {
            if let Some(worker) = self.worker.take() {
                worker.terminate();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hash taken here, a piece at a time, is the body's SHA-256, across piece boundaries.
    #[test]
    fn x_2_a_body_hashed_in_pieces_is_its_sha256() {
        let body = "装修押金 ¥2000;".repeat(HASH_PIECE_BYTES / 8);
        assert!(body.len() > 2 * HASH_PIECE_BYTES);
        let one_piece = "a".repeat(HASH_PIECE_BYTES);
        for text in ["", one_piece.as_str(), body.as_str()] {
            let hashing = BodyHashing::start(text);
            assert_eq!(
                futures::executor::block_on(hashing.finish()),
                estate_core::chain::sha256_hex(text.as_bytes())
            );
        }
    }
}
