// Puts the parts of a benchmark run together (scripts/bench): the browser measures left in
// target/bench-parts by tests/bench, the shipped sizes of dist/ and of the empty Leptos page,
// and the native core benches from criterion. Writes bench/results.json, prints the ratio
// table, and replaces the results section of docs/benchmarks.md (between its markers).
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync, constants as zlib } from 'node:zlib';

const REPO = new URL('..', import.meta.url).pathname;
const read = (path) => JSON.parse(readFileSync(join(REPO, path), 'utf8'));
const sh = (command) => execSync(command, { cwd: REPO, encoding: 'utf8' }).trim();

function shippedSize(dir) {
  const files = readdirSync(join(REPO, dir)).filter((name) => /\.(wasm|js)$/.test(name) && name !== 'sw.js');
  const size = { raw: 0, gzip: 0, brotli: 0 };
  for (const name of files) {
    const bytes = readFileSync(join(REPO, dir, name));
    size.raw += bytes.length;
    size.gzip += gzipSync(bytes, { level: 9 }).length;
    size.brotli += brotliCompressSync(bytes, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }).length;
  }
  return size;
}

const TARGET = process.env.CARGO_TARGET_DIR ?? join(REPO, 'target');

function criterionMedianMs(id) {
  const path = join(TARGET, 'criterion', id, 'new', 'estimates.json');
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')).median.point_estimate / 1e6 : null;
}

const parts = Object.fromEntries(
  readdirSync(join(REPO, 'target/bench-parts'))
    .filter((name) => name.endsWith('.json'))
    .map((name) => [name.replace(/\.json$/, ''), read(`target/bench-parts/${name}`)]),
);
const desks = Object.values(parts).filter((part) => part.cases).sort((a, b) => a.cases - b.cases);

const results = {
  machine: {
    cpu: `${cpus().length} × ${cpus()[0].model.trim()}`,
    memory_gib: Math.round(totalmem() / 2 ** 30),
    browser: sh('/usr/bin/chromium --version 2>/dev/null || true'),
  },
  date: new Date().toISOString().slice(0, 10),
  commit: sh('git rev-parse --short HEAD') + (sh('git status --porcelain') ? ' (with uncommitted changes)' : ''),
  by_size: desks,
  cold_load: parts['cold-load'] ?? null,
  size: { estate_desk: shippedSize('dist'), empty_leptos: shippedSize('bench/empty-leptos/dist') },
  native: {
    replay_100k_events_ms: criterionMedianMs('replay_100k_events'),
    deadlines_10k_cases_ms: criterionMedianMs('deadlines_overdue_first_10k_cases'),
  },
};
writeFileSync(join(REPO, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);

const ms = (value) => (value == null ? '—' : `${Math.round(value)} ms`);
const ratio = (value) => (value == null ? '—' : `${value.toFixed(2)}×`);
const kb = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;
const verdict = (ok) => (ok ? 'met' : '**missed**');
const rows = [];
for (const desk of desks) {
  const size = `${desk.cases.toLocaleString('en')} cases, ${desk.events.toLocaleString('en')} events`;
  rows.push(
    [`Import, ${size}`, ms(desk.import.estate_desk_ms), `raw IndexedDB ${ms(desk.import.raw_indexeddb_ms)}`, ratio(desk.import.ratio_to_raw), '≤ 1.5×', verdict(desk.import.ratio_to_raw <= 1.5)],
    [`Import, ${size}`, ms(desk.import.estate_desk_ms), `Dexie bulkPut ${ms(desk.import.dexie_bulkput_ms)}`, ratio(desk.import.ratio_to_dexie), '< 1×', verdict(desk.import.ratio_to_dexie < 1)],
    [`Export, ${size}`, ms(desk.export.estate_desk_ms), '—', '—', desk.cases >= 10000 ? '< 1 s' : '—', desk.cases >= 10000 ? verdict(desk.export.estate_desk_ms < 1000) : '—'],
    [`List filter, ${desk.renovation_cases.toLocaleString('en')} renovations of ${size}`, ms(desk.list_filter.median_ms), '—', '—', desk.cases >= 10000 ? '< 50 ms' : '—', desk.cases >= 10000 ? verdict(desk.list_filter.median_ms < 50) : '—'],
  );
}
const load = results.cold_load;
if (load) {
  rows.push(['Cold load to interactive (service worker)', ms(load.estate_desk_ms), `empty Leptos page ${ms(load.empty_leptos_ms)}`, ratio(load.ratio_to_empty), '≤ 2×', verdict(load.ratio_to_empty <= 2)]);
}
const size = results.size;
rows.push(['Shipped wasm + js, gzip', kb(size.estate_desk.gzip), `empty Leptos page ${kb(size.empty_leptos.gzip)}`, ratio(size.estate_desk.gzip / size.empty_leptos.gzip), '≤ 400 kB', verdict(size.estate_desk.gzip <= 400_000)]);
rows.push(['Shipped wasm + js, brotli', kb(size.estate_desk.brotli), `empty Leptos page ${kb(size.empty_leptos.brotli)}`, ratio(size.estate_desk.brotli / size.empty_leptos.brotli), '—', '—']);
const native = results.native;
rows.push(['Native replay of 100k events', ms(native.replay_100k_events_ms), '—', '—', '< 100 ms', verdict(native.replay_100k_events_ms != null && native.replay_100k_events_ms < 100)]);
rows.push(['Native deadlines over 10k cases', ms(native.deadlines_10k_cases_ms), '—', '—', '—', '—']);

const header = ['what', 'Estate Desk', 'peer', 'ratio', 'target', 'verdict'];
const table = [header, header.map(() => '---'), ...rows].map((row) => `| ${row.join(' | ')} |`).join('\n');
const runs = desks[0]?.runs ?? load?.runs ?? 0;
const section = [
  '<!-- results:start (written by scripts/bench-report.mjs; edit the text outside the markers) -->',
  `Run on ${results.date}, commit ${results.commit}, on ${results.machine.cpu} with ${results.machine.memory_gib} GiB, ${results.machine.browser}, headless. Browser times are medians of ${runs} runs; native times are criterion medians.`,
  '',
  table,
  '<!-- results:end -->',
].join('\n');
const docPath = join(REPO, 'docs/benchmarks.md');
const doc = readFileSync(docPath, 'utf8');
const marked = /<!-- results:start[^]*?<!-- results:end -->/;
writeFileSync(docPath, marked.test(doc) ? doc.replace(marked, section) : `${doc.trimEnd()}\n\n${section}\n`);
console.log(`\n${table}\n\nbench/results.json and docs/benchmarks.md are written.`);
