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
const bySize = (prefix) => Object.entries(parts)
  .filter(([name]) => name.startsWith(prefix))
  .map(([, part]) => part)
  .sort((a, b) => a.cases - b.cases);
const desks = bySize('desk-');
// Issue #18: live sync through the CouchDB test server, in the same run.
const syncs = bySize('sync-');

const native = {
  replay_100k_events_ms: criterionMedianMs('replay_100k_events'),
  merge_100_after_head_ms: criterionMedianMs('merge_100_after_head_into_100k_events'),
  merge_100_interleaved_ms: criterionMedianMs('merge_100_interleaved_into_100k_events'),
  deadlines_10k_cases_ms: criterionMedianMs('deadlines_overdue_first_10k_cases'),
};
const size = { estate_desk: shippedSize('dist'), empty_leptos: shippedSize('bench/empty-leptos/dist') };
const load = parts['cold-load'] ?? null;

// Every measured row of issue #19's table: the figure, the peer where there is one, the ratio,
// the target and the verdict. `atMost` targets are met at or under the bound.
const rows = [];
function row(what, figure, unit, { peer = null, peerFigure = null, ratio = null, target = null, met = null } = {}) {
  rows.push({ what, figure, unit, peer, peer_figure: peerFigure, ratio, target, verdict: met == null ? null : met ? 'met' : 'missed' });
}
for (const desk of desks) {
  const size = `${desk.cases.toLocaleString('en')} cases, ${desk.events.toLocaleString('en')} events`;
  const big = desk.cases >= 10000;
  const imported = desk.import;
  row(`Import, ${size}`, imported.estate_desk_ms, 'ms', { peer: 'raw IndexedDB', peerFigure: imported.raw_indexeddb_ms, ratio: imported.ratio_to_raw, target: '≤ 1.5×', met: imported.ratio_to_raw <= 1.5 });
  row(`Import, ${size}`, imported.estate_desk_ms, 'ms', { peer: 'Dexie bulkPut', peerFigure: imported.dexie_bulkput_ms, ratio: imported.ratio_to_dexie, target: '< 1×', met: imported.ratio_to_dexie < 1 });
  row(`Longest main-thread task during the import, ${size}`, desk.longest_task_ms, 'ms', { target: '≤ 200 ms', met: desk.longest_task_ms <= 200 });
  const again = desk.second_import;
  row(`Second import of the same bundle (${again.records_written} records written), ${size}`, again.estate_desk_ms, 'ms', { peer: 'first import', peerFigure: imported.estate_desk_ms, ratio: again.ratio_to_first, target: '0 records, ≤ 0.3×', met: again.records_written === 0 && again.ratio_to_first <= 0.3 });
  row(`Export, ${size}`, desk.export.estate_desk_ms, 'ms', big ? { target: '≤ 1.5 s', met: desk.export.estate_desk_ms <= 1500 } : {});
  row(`List filter, ${desk.renovation_cases.toLocaleString('en')} renovations of ${size}`, desk.list_filter.median_ms, 'ms', big ? { target: '< 50 ms', met: desk.list_filter.median_ms < 50 } : {});
  if (desk.open) {
    row(`Opening the office: a reload until the main navigation shows, ${size}`, desk.open.estate_desk_ms, 'ms');
    if (desk.open.longest_task_ms != null) {
      // The same bound as the import's: the page stays responsive and its progress shows.
      row(`Longest main-thread task while opening the office, ${size}`, desk.open.longest_task_ms, 'ms', { target: '≤ 200 ms', met: desk.open.longest_task_ms <= 200 });
    }
  }
  const memory = desk.memory;
  row(`Memory with the office open (JS heap ${mb(memory.js_heap_bytes)} + wasm ${mb(memory.wasm_memory_bytes)}), ${size}`, memory.js_heap_bytes + memory.wasm_memory_bytes, 'bytes', { peer: 'its events as JSON', peerFigure: memory.events_json_bytes, ratio: memory.ratio_to_events_json, target: '≤ 3×', met: memory.ratio_to_events_json <= 3 });
}
for (const sync of syncs) {
  const size = `${sync.cases.toLocaleString('en')} cases, ${sync.events.toLocaleString('en')} events`;
  row(`Live sync: a new device pulls the office from the CouchDB test server, ${size}`, sync.pull_ms, 'ms', { peer: 'bundle import', peerFigure: sync.bundle_import_ms, ratio: sync.ratio_to_bundle_import });
  row(`Live sync: the first push of the office to the server, ${size}`, sync.push_ms, 'ms');
  if (sync.pull_longest_task_ms != null) {
    row(`Longest main-thread task during that pull, ${size}`, sync.pull_longest_task_ms, 'ms', { target: '≤ 200 ms', met: sync.pull_longest_task_ms <= 200 });
  }
}
if (load) {
  row('Cold load to interactive (service worker)', load.estate_desk_ms, 'ms', { peer: 'empty Leptos page', peerFigure: load.empty_leptos_ms, ratio: load.ratio_to_empty, target: '≤ 2×', met: load.ratio_to_empty <= 2 });
}
row('Shipped wasm + js, brotli', size.estate_desk.brotli, 'bytes', { peer: 'empty Leptos page', peerFigure: size.empty_leptos.brotli, ratio: size.estate_desk.brotli / size.empty_leptos.brotli, target: '≤ 450 kB', met: size.estate_desk.brotli <= 450_000 });
row('Shipped wasm + js, gzip', size.estate_desk.gzip, 'bytes', { peer: 'empty Leptos page', peerFigure: size.empty_leptos.gzip, ratio: size.estate_desk.gzip / size.empty_leptos.gzip });
row('Native replay of 100k events', native.replay_100k_events_ms, 'ms', { target: '≤ 150 ms', met: native.replay_100k_events_ms != null && native.replay_100k_events_ms <= 150 });
row('Native merge of 100 new events after the head of a 100k-event desk', native.merge_100_after_head_ms, 'ms', { target: '≤ 20 ms', met: native.merge_100_after_head_ms != null && native.merge_100_after_head_ms <= 20 });
row('Native merge of 100 new events among the last 2,000 of a 100k-event desk', native.merge_100_interleaved_ms, 'ms', { target: '≤ 20 ms', met: native.merge_100_interleaved_ms != null && native.merge_100_interleaved_ms <= 20 });
row('Native deadlines over 10k cases', native.deadlines_10k_cases_ms, 'ms');

const results = {
  machine: {
    cpu: `${cpus().length} × ${cpus()[0].model.trim()}`,
    memory_gib: Math.round(totalmem() / 2 ** 30),
    browser: sh('/usr/bin/chromium --version 2>/dev/null || true'),
  },
  date: new Date().toISOString().slice(0, 10),
  commit: sh('git rev-parse --short HEAD') + (sh('git status --porcelain') ? ' (with uncommitted changes)' : ''),
  rows,
  by_size: desks,
  cold_load: load,
  size,
  native,
};
writeFileSync(join(REPO, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);

function mb(bytes) {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}
const shown = (value, unit) => {
  if (value == null) return '—';
  if (unit === 'bytes') return value >= 1e6 ? mb(value) : `${(value / 1000).toFixed(1)} kB`;
  return `${Math.round(value)} ms`;
};
const table = [
  ['what', 'Estate Desk', 'peer', 'ratio', 'target', 'verdict'],
  ['---', '---', '---', '---', '---', '---'],
  ...rows.map((r) => [
    r.what,
    shown(r.figure, r.unit),
    r.peer ? `${r.peer} ${shown(r.peer_figure, r.unit)}` : '—',
    r.ratio == null ? '—' : `${r.ratio.toFixed(2)}×`,
    r.target ?? '—',
    r.verdict == null ? '—' : r.verdict === 'met' ? 'met' : '**missed**',
  ]),
]
  .map((cells) => `| ${cells.join(' | ')} |`)
  .join('\n');
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
