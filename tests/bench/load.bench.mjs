// Measure 4 of issue #10: cold load to interactive, served by the service worker, of Estate Desk
// (a set-up device) and of an empty Leptos CSR page built with the same profile, wasm-opt and
// service worker (bench/empty-leptos). Runs alternate between the two, each in a new tab of a
// browser context whose worker is already installed. "Interactive" is the moment the first
// control the user would press is in the DOM: on a set-up device a new tab opens on the PIN
// sign-in (staff_gate), so its PIN field, or the main navigation where no sign-in is asked;
// on the empty page, its button.
import { expect, test } from '@playwright/test';
import { setUpDevice, waitForOfflineShell } from '../e2e/helpers.mjs';
import { RUNS, median, medianSpans, savePart, spans } from './measure.mjs';

const EMPTY_PAGE = `http://127.0.0.1:${Number(process.env.BENCH_PORT ?? 4181) + 1}/empty/`;

/** Records in window.__interactiveAt when `selector` first matches, from navigation start. */
const watchFor = (selector) => {
  const seen = () => {
    if (window.__interactiveAt === undefined && document.querySelector(selector)) {
      window.__interactiveAt = performance.now();
    }
  };
  new MutationObserver(seen).observe(document, { childList: true, subtree: true });
};

async function loadOnce(context, url, selector) {
  const page = await context.newPage();
  await page.addInitScript(watchFor, selector);
  await page.goto(url);
  await page.waitForFunction(() => window.__interactiveAt !== undefined);
  const [interactiveAt, controlled, wasmStartedAt] = await page.evaluate(() => [
    window.__interactiveAt,
    navigator.serviceWorker.controller !== null,
    // The start of the app's first render: when its wasm started running.
    performance.getEntriesByName('startup.mount')[0]?.startTime,
  ]);
  // Where the app's time went: how long each startup step took (src/timing.rs).
  const startup = await spans(page, 'startup.');
  if (wasmStartedAt !== undefined) startup['startup.wasm_started_at'] = wasmStartedAt;
  expect(controlled, `${url} was served by its service worker`).toBe(true);
  await page.close();
  return [interactiveAt, startup];
}

test('cold load from the service worker: Estate Desk against an empty Leptos page', async ({ browser, baseURL }) => {
  const ours = await browser.newContext();
  const setup = await ours.newPage();
  await setUpDevice(setup, { name: '基准', role: '前台接待' });
  await waitForOfflineShell(setup);
  await setup.close();

  const empty = await browser.newContext();
  const install = await empty.newPage();
  await install.goto(EMPTY_PAGE);
  await install.evaluate(async () => {
    await navigator.serviceWorker.register('sw.js');
    await navigator.serviceWorker.ready;
  });
  await install.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await install.close();

  const times = { ours: [], empty: [], startup: [] };
  for (let run = 0; run < RUNS; run += 1) {
    const [oursMs, startup] = await loadOnce(ours, baseURL, '#sign-in-pin, nav[aria-label="主导航"] a');
    times.ours.push(oursMs);
    times.startup.push(startup);
    times.empty.push((await loadOnce(empty, EMPTY_PAGE, 'main button'))[0]);
  }
  await ours.close();
  await empty.close();
  savePart('cold-load', {
    runs: RUNS,
    estate_desk_ms: median(times.ours),
    empty_leptos_ms: median(times.empty),
    ratio_to_empty: median(times.ours) / median(times.empty),
    startup_spans_ms: medianSpans(times.startup),
  });
});
