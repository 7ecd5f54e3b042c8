// Derives the bad-bundle corpus from tests/fixtures/bad-bundles/good.json. Each file is named
// `<problem>--<what>.json`, where <problem> is the error import must report (see
// docs/bundle-format.md). Hashes are recomputed where a variant must fail only on its own
// problem. Run: node scripts/make-bad-bundles.mjs
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';

const dir = 'tests/fixtures/bad-bundles';
const good = JSON.parse(readFileSync(`${dir}/good.json`, 'utf8'));
const clone = () => structuredClone(good);
const sha256 = (text) => createHash('sha256').update(text).digest('hex');

// Canonical JSON: object keys sorted, no whitespace (the body and event hashes use it).
function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
const rehashBody = (bundle) => { bundle.header.body_sha256 = sha256(canonical(bundle.body)); return bundle; };
const rehashEvent = (event) => { const { hash, ...rest } = event; event.hash = sha256(canonical(rest)); return event; };
const relinkChain = (bundle) => {
  let previous = null;
  for (const event of bundle.body.events) { event.prev_hash = previous; rehashEvent(event); previous = event.hash; }
  return rehashBody(bundle);
};

const write = (name, content) => writeFileSync(`${dir}/${name}.json`, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
const text = JSON.stringify(good, null, 2);

write('not_json--garbage', 'hello, this is not a bundle');
write('not_json--html-error-page', '<!DOCTYPE html><html><body>502 Bad Gateway</body></html>');
write('not_json--trailing-garbage', `${text}\n}}}`);
write('not_json--single-quotes', text.replaceAll('"', "'"));
write('truncated--half', text.slice(0, Math.floor(text.length / 2)));
write('truncated--empty', '');
write('truncated--last-brace-missing', text.trimEnd().slice(0, -1));
write('wrong_format--other-app', (() => { const b = clone(); b.header.format = 'acme-sync'; return b; })());
write('wrong_format--no-header', { body: good.body });
write('not_an_object--list-of-bundles', [good]);
write('future_version--v2', (() => { const b = clone(); b.header.version = 2; return b; })());
write('unsupported_version--v0', (() => { const b = clone(); b.header.version = 0; return b; })());
write('schema--missing-body', { header: good.header });
write('schema--unknown-header-field', (() => { const b = clone(); b.header.owner = 'x'; return b; })());
write('schema--events-not-a-list', (() => { const b = clone(); b.body.events = { a: 1 }; return b; })());
write('schema--created-at-not-a-time', (() => { const b = clone(); b.header.created_at = 'yesterday'; return b; })());
write('schema--negative-size', (() => { const b = clone(); b.body.attachments[0].size = -5; return b; })());
write('string_too_long--actor-name', (() => { const b = clone(); b.body.events[0].actor.name = 'x'.repeat(1024 * 1024 + 1); return b; })());
write('body_hash_mismatch--edited-text', (() => { const b = clone(); b.body.events[3].change.change.what = '改过的内容'; return b; })());
write('body_hash_mismatch--zero-hash', (() => { const b = clone(); b.header.body_sha256 = '0'.repeat(64); return b; })());
write('invalid_id--event-id-with-spaces', (() => { const b = clone(); b.body.events[3].id = 'not an id'; rehashEvent(b.body.events[3]); return rehashBody(b); })());
write('invalid_id--entity-with-markup', (() => { const b = clone(); b.body.events[3].entity = '<script>alert(1)</script>'; rehashEvent(b.body.events[3]); return rehashBody(b); })());
write('invalid_id--empty-device', (() => { const b = clone(); b.body.events[3].actor.device = ''; rehashEvent(b.body.events[3]); return rehashBody(b); })());
write('unknown_event_kind--teleport', (() => { const b = clone(); b.body.events[3].change.entity_kind = 'teleport'; rehashEvent(b.body.events[3]); return rehashBody(b); })());
write('malformed_event--unknown-change-type', (() => { const b = clone(); b.body.events[3].change.change.type = 'exploded'; rehashEvent(b.body.events[3]); return rehashBody(b); })());
write('malformed_event--unknown-role', (() => { const b = clone(); b.body.events[3].actor.role = 'administrator'; rehashEvent(b.body.events[3]); return rehashBody(b); })());
write('event_hash_mismatch--edited-event', (() => { const b = clone(); b.body.events[3].change.change.what = '改过的内容'; return rehashBody(b); })());
write('event_hash_mismatch--prev-hash-not-hex', (() => { const b = clone(); b.body.events[0].prev_hash = 'zzz'; return rehashBody(b); })());
write('chain_broken--removed-event', (() => { const b = clone(); b.body.events.splice(1, 1); return rehashBody(b); })());
write('chain_broken--unknown-predecessor', (() => { const b = clone(); b.body.events[0].prev_hash = 'a'.repeat(64); rehashEvent(b.body.events[0]); return rehashBody(b); })());
write('id_collision--same-id-two-contents', (() => {
  const b = clone();
  const twin = structuredClone(b.body.events[3]);
  twin.change.change.what = '同一个编号的另一条记录';
  twin.hlc.counter = 1;
  rehashEvent(twin);
  b.body.events.push(twin);
  return relinkChain(b);
})());
write('attachment_corrupt--not-base64', (() => { const b = clone(); b.body.attachments[0].data_base64 = '%%%not base64%%%'; return rehashBody(b); })());
write('attachment_corrupt--wrong-size', (() => { const b = clone(); b.body.attachments[0].size += 1; return rehashBody(b); })());
write('attachment_corrupt--content-swapped', (() => { const b = clone(); b.body.attachments[0].data_base64 = Buffer.from('not the photo').toString('base64'); b.body.attachments[0].size = 13; return rehashBody(b); })());
write('missing_photo--attachment-dropped', (() => { const b = clone(); b.body.attachments.splice(1, 1); return rehashBody(b); })());
write('counts_mismatch--renovations-overstated', (() => { const b = clone(); b.header.counts.renovation = 5; return b; })());
// Issue #21: a clock stamp no device of this app can have written (the day before 1970).
write('implausible_time--1969', (() => { const b = clone(); b.body.events[0].hlc.wall_ms = -86400000; return relinkChain(b); })());
// Issue #21, finding 1: the i64 time that made every later save fail ("can't be represented as
// a JavaScript number"), above 2^53 however it is rounded.
// 2^62 fits i64 (as i64::MAX did) and is written the same by JavaScript and Rust, so the
// hashes agree and only the time is wrong.
write('implausible_time--beyond-javascript-integers', (() => { const b = clone(); b.body.events[0].hlc.wall_ms = 2 ** 62; return relinkChain(b); })());
// Issue #21: any number beyond JavaScript's safe integers, wherever it is.
write('unsafe_integer--paper-copies-beyond-javascript', (() => { const b = clone(); const received = b.body.events.find((event) => event.change.change.type === 'document_received'); received.change.change.evidence.paper_copies = 2 ** 62; relinkChain(b); return b; })());
// Issue #21: an HTML page carried as a "photo", with its size and hash made right.
write('attachment_corrupt--html-as-photo', (() => { const b = clone(); const page = Buffer.from('<html><script>alert(1)</script></html>'); b.body.attachments[0].mime = 'text/html'; b.body.attachments[0].data_base64 = page.toString('base64'); b.body.attachments[0].size = page.length; return rehashBody(b); })());
// Issue #21: refusals that say what is really wrong.
write('not_an_object--list', '[]');
write('not_an_object--null', 'null');
write('not_an_object--number', '42');
write('wrong_format--excalidraw', { format: 'excalidraw', elements: [] });
write('schema--version-as-text', (() => { const b = clone(); b.header.version = '1'; return b; })());
write('too_deeply_nested--brackets', '['.repeat(200) + ']'.repeat(200));
console.log('bad bundles written');
