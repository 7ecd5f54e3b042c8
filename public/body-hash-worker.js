// Estate Desk: the SHA-256 of an imported bundle's body, taken off the page (issue #19).
//
// The page posts the body's bytes (an ArrayBuffer, transferred rather than copied) while it goes
// on checking the bundle's events; this worker answers with the digest as lowercase hex, or with
// the browser's words for what went wrong. WebCrypto on the page ran 60 MB as one task of
// 130-185 ms, longer than a page may stay unresponsive; SHA-256 compiled to wasm took a third of
// a second of the check's own turns.
self.onmessage = async (message) => {
  try {
    const digest = await crypto.subtle.digest('SHA-256', message.data);
    const hex = Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0'));
    self.postMessage({ sha256: hex.join('') });
  } catch (error) {
    self.postMessage({ error: String(error) });
  }
};
