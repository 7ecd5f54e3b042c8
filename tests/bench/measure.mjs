// Shared pieces of the benchmark specs (scripts/bench): medians, the sample bundle, and where
// each spec leaves its part of the results for scripts/bench-report.mjs to put together.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const RUNS = Math.max(5, Number(process.env.BENCH_RUNS ?? 5));
export const SIZES = (process.env.BENCH_SIZES ?? '1000,10000').split(',').map(Number);
const PARTS = join(REPO, 'target', 'bench-parts');

export const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** The deterministic sample office of `cases` cases (seed 7), written to `path`. */
export function writeSampleBundle(cases, path) {
  const text = execFileSync(
    'cargo',
    ['run', '-q', '--release', '-p', 'estate-core', '--example', 'sample_bundle', '--', '--cases', String(cases), '--seed', '7'],
    { cwd: REPO, maxBuffer: 512 * 1024 * 1024 },
  );
  writeFileSync(path, text);
  return JSON.parse(text).body.events.length;
}

/**
 * The page's clock, as milliseconds since the epoch (comparable with `Date.now()` here), at the
 * first animation frame in which `shown` (run in the page with `arg`) holds: `shown` gives
 * `performance.timeOrigin + performance.now()` then, else false. Playwright's assertions poll at growing intervals, up
 * to a second apart, which added up to a second to what an import or an opening was measured
 * to take (issue #19); a frame is 16 ms.
 */
export async function shownAt(page, shown, arg) {
  const at = await page.waitForFunction(shown, arg, { polling: 'raf', timeout: 600_000 });
  return at.jsonValue();
}

/** Keeps one measure's result for the report. */
export function savePart(name, result) {
  mkdirSync(PARTS, { recursive: true });
  writeFileSync(join(PARTS, `${name}.json`), `${JSON.stringify(result, null, 2)}\n`);
  console.log(name, JSON.stringify(result));
}

/** The durations of the app's named spans (src/timing.rs) with this prefix (or any of these), by name. */
export async function spans(page, prefix) {
  return page.evaluate((prefixes) => {
    const found = {};
    for (const entry of performance.getEntriesByType('measure')) {
      if (prefixes.some((prefix) => entry.name.startsWith(prefix))) found[entry.name] = entry.duration;
    }
    performance.clearMeasures();
    return found;
  }, [prefix].flat());
}

/** The median of each span over runs (a list of {name: ms} objects). */
export function medianSpans(runs) {
  const names = [...new Set(runs.flatMap((run) => Object.keys(run)))].sort();
  return Object.fromEntries(names.map((name) => [name, median(runs.map((run) => run[name] ?? 0))]));
}
