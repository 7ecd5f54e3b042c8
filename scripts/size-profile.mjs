// Where the shipped wasm's bytes go (issue #19): `twiggy top` over the app's wasm before
// wasm-bindgen and wasm-opt (it still has function names), grouped by the crate each function
// belongs to, and `twiggy monos` for the generic functions copied most. Prints markdown tables
// for docs/benchmarks.md. Run after scripts/build: node scripts/size-profile.mjs
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const REPO = new URL('..', import.meta.url).pathname;
const TARGET = process.env.CARGO_TARGET_DIR ?? join(REPO, 'target');
const WASM = join(TARGET, 'wasm32-unknown-unknown/release/estate-desk.wasm');
const TWIGGY = join(homedir(), '.cargo/bin/twiggy');

if (!existsSync(TWIGGY)) {
  execFileSync('cargo', ['install', '--locked', 'twiggy@0.8.0'], { stdio: 'inherit' });
}
const twiggy = (...args) =>
  JSON.parse(execFileSync(TWIGGY, [...args, '--format', 'json', WASM], { maxBuffer: 1 << 30, encoding: 'utf8' }));

/** The crate a function belongs to: the first path of its name, or of the type it is for. */
function crateOf(name) {
  if (/^(data segment|custom section|"function names"|type\[|import |export |elem\[|table\[|memory\[|global\[)/.test(name)) {
    return name.startsWith('data segment') ? '(string and table data)' : '(wasm sections and glue)';
  }
  // `<T as tachys::view::Render>::build` belongs to the trait's crate: T is a view type.
  const generic = name.match(/^<(?:&|&mut |dyn )?[A-Z]\w{0,2} as ([a-z_][a-z0-9_]*)/);
  if (generic) return generic[1];
  const path = name.replace(/^<+/, '').replace(/^(&|&mut |dyn |\[|\()+/, '');
  const crate = path.split('::')[0].split(/[<>,\s[]/)[0];
  return crate || '(other)';
}

const items = twiggy('top', '-n', '1000000');
// Function names, wasm-bindgen's description section and its `__wbindgen_describe` exports are
// gone from the shipped file; the rest is what wasm-opt then shrinks.
const counted = items.filter((item) => !/^"function names" subsection|^custom section|^export "__wbindgen_describe/.test(item.name) && !/__wbindgen_describe/.test(item.name));
const total = counted.reduce((sum, item) => sum + item.shallow_size, 0);
const byCrate = new Map();
for (const item of counted) {
  const crate = crateOf(item.name);
  byCrate.set(crate, (byCrate.get(crate) ?? 0) + item.shallow_size);
}
const groups = [
  ['Leptos view and reactivity (tachys, reactive_graph, leptos, leptos_router, either_of)', ['tachys', 'reactive_graph', 'leptos', 'leptos_router', 'either_of', 'leptos_dom', 'leptos_macro', 'send_wrapper', 'any_spawner', 'throw_error', 'or_poisoned']],
  ['Estate Desk app (estate_desk)', ['estate_desk']],
  ['Estate Desk core (estate_core)', ['estate_core']],
  ['serde, serde_json, serde_wasm_bindgen', ['serde', 'serde_core', 'serde_json', 'serde_wasm_bindgen']],
  ['std, core, alloc', ['core', 'alloc', 'std', 'dlmalloc', 'compiler_builtins', 'hashbrown']],
  ['chrono', ['chrono']],
  ['crypto (sha2, p256, elliptic_curve, ecdsa, crypto_bigint, primeorder)', ['sha2', 'p256', 'elliptic_curve', 'ecdsa', 'crypto_bigint', 'primeorder', 'digest', 'rfc6979', 'hmac', 'signature', 'subtle', 'base16ct', 'sec1', 'ff', 'group', 'generic_array', 'block_buffer', 'cpufeatures']],
  ['web-sys, js-sys, wasm-bindgen glue', ['web_sys', 'js_sys', 'wasm_bindgen', 'wasm_bindgen_futures', 'gloo_storage', 'gloo_utils', 'rexie', 'idb']],
  ['qrcode', ['qrcode']],
];
const rows = groups.map(([label, crates]) => [label, crates.reduce((sum, crate) => sum + (byCrate.get(crate) ?? 0), 0)]);
const grouped = new Set(groups.flatMap(([, crates]) => crates));
const rest = [...byCrate].filter(([crate]) => !grouped.has(crate)).reduce((sum, [, bytes]) => sum + bytes, 0);
rows.push(['everything else (data, sections, other crates)', rest]);
const kb = (bytes) => `${(bytes / 1000).toFixed(0)} kB`;
console.log(`Code and data of ${WASM.replace(REPO, '')} before wasm-opt: ${kb(total)} (function names and wasm-bindgen's section left out).\n`);
console.log('| share | bytes | what |\n|---:|---:|---|');
for (const [label, bytes] of rows.sort((a, b) => b[1] - a[1])) {
  console.log(`| ${((100 * bytes) / total).toFixed(1)}% | ${kb(bytes)} | ${label} |`);
}
const monos = twiggy('monos', '-n', '12', '-m', '100000');
console.log('\nThe generic functions copied most (`twiggy monos`):\n');
console.log('| bloat | function |\n|---:|---|');
for (const mono of monos.slice(0, 12)) {
  const name = mono.generic.replace(/\|/g, '\\|');
  console.log(`| ${kb(mono.approximate_monomorphization_bloat_bytes ?? mono.bloat ?? 0)} | \`${name}\` |`);
}
