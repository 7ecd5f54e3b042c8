// Import benchmark (issue #10, measure 1): the same sample-office bundle written to IndexedDB by
// Estate Desk (validate, merge, write, from the file picked to the report), by raw IndexedDB
// puts in one transaction (the physical limit) and by Dexie bulkPut, in the same browser and
// run. The median of RUNS runs of each is written to bench/results.json with the ratios.
import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setUpDevice } from '../e2e/helpers.mjs';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const CASES = Number(process.env.BENCH_CASES ?? 1000);

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

test(`import of ${CASES} cases: Estate Desk against raw IndexedDB and Dexie`, async ({ browser }, testInfo) => {
  const bundlePath = testInfo.outputPath('office.json');
  const text = execFileSync(
    'cargo',
    ['run', '-q', '--release', '-p', 'estate-core', '--example', 'sample_bundle', '--', '--cases', String(CASES), '--seed', '7'],
    { cwd: REPO, maxBuffer: 256 * 1024 * 1024 },
  );
  writeFileSync(bundlePath, text);
  const events = JSON.parse(text).body.events;
  const dexie = readFileSync(join(REPO, 'node_modules/dexie/dist/dexie.js'), 'utf8');

  const ours = [];
  const raw = [];
  const viaDexie = [];
  for (let run = 0; run < RUNS; run += 1) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await setUpDevice(page, { name: '基准', role: '前台接待' });
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '数据同步' }).click();
    const started = Date.now();
    await page.getByLabel('选择数据包文件').setInputFiles(bundlePath);
    await page.getByRole('button', { name: '确认导入' }).click();
    await expect(page.getByRole('status', { name: '导入完成' })).toBeVisible({ timeout: 300_000 });
    ours.push(Date.now() - started);

    // The peers, in the same page, writing the same records to their own databases.
    await page.addScriptTag({ content: dexie });
    const [rawMs, dexieMs] = await page.evaluate(async (records) => {
      const rawStart = performance.now();
      await new Promise((resolve, reject) => {
        const open = indexedDB.open(`bench-raw-${Math.random()}`, 1);
        open.onupgradeneeded = () => open.result.createObjectStore('events', { keyPath: 'id' });
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('events', 'readwrite');
          const store = tx.objectStore('events');
          for (const record of records) store.put(record);
          tx.oncomplete = resolve;
          tx.onerror = () => reject(tx.error);
        };
      });
      const rawDone = performance.now() - rawStart;
      const db = new window.Dexie(`bench-dexie-${Math.random()}`);
      db.version(1).stores({ events: 'id' });
      const dexieStart = performance.now();
      await db.events.bulkPut(records);
      return [rawDone, performance.now() - dexieStart];
    }, events);
    raw.push(rawMs);
    viaDexie.push(dexieMs);
    await context.close();
  }

  const result = {
    measure: 'import',
    cases: CASES,
    events: events.length,
    runs: RUNS,
    estate_desk_ms: median(ours),
    raw_indexeddb_ms: median(raw),
    dexie_bulkput_ms: median(viaDexie),
  };
  result.ratio_to_raw = result.estate_desk_ms / result.raw_indexeddb_ms;
  result.ratio_to_dexie = result.estate_desk_ms / result.dexie_bulkput_ms;
  mkdirSync(join(REPO, 'bench'), { recursive: true });
  writeFileSync(join(REPO, 'bench', 'results.json'), `${JSON.stringify({ import: result }, null, 2)}\n`);
  console.log(JSON.stringify(result, null, 2));
});
