// Journey: a new build is deployed while the app is open. The user sees "new version
// available", reloads into it, and the old build's cache is dropped.
import { expect, test } from '@playwright/test';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setUpDevice, waitForOfflineShell } from './helpers.mjs';

const PORT = 4175;
const repo = resolve(import.meta.dirname, '../..');
let site;
let server;

test.beforeAll(async () => {
  // A deploy of our own, so the test can publish a "new build" into it.
  site = mkdtempSync(join(tmpdir(), 'estate-desk-update-'));
  cpSync(join(repo, 'dist'), site, { recursive: true });
  server = spawn(
    'node',
    [join(repo, 'scripts/static-server.mjs'), '--dir', site, '--port', String(PORT), '--base', '/estate-desk/'],
    { stdio: 'ignore' },
  );
  for (let attempt = 0; attempt < 100; attempt += 1) {
    try {
      if ((await fetch(`http://127.0.0.1:${PORT}/estate-desk/`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error('the update-test server did not start');
});

test.afterAll(() => {
  server?.kill();
  if (site) rmSync(site, { recursive: true, force: true });
});

test('a waiting new build is announced and taken on reload', async ({ page }) => {
  await page.goto(`http://127.0.0.1:${PORT}/estate-desk/`);
  await setUpDevice(page);
  await waitForOfflineShell(page);
  const cachesBefore = await page.evaluate(() => caches.keys());
  expect(cachesBefore).toHaveLength(1);
  await expect(page.getByText('有新版本可用')).toHaveCount(0);

  // Publish a new build: the worker's build id changes, as every real build does.
  const workerPath = join(site, 'sw.js');
  const worker = readFileSync(workerPath, 'utf8');
  const oldId = /const BUILD_ID = '([0-9a-f]+)'/.exec(worker)[1];
  writeFileSync(workerPath, worker.replace(`'${oldId}'`, `'${'f'.repeat(oldId.length)}'`));
  await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());

  const banner = page.getByRole('status').filter({ hasText: '有新版本可用' });
  await expect(banner).toBeVisible();
  await Promise.all([
    page.waitForEvent('load'),
    banner.getByRole('button', { name: '重新加载' }).click(),
  ]);

  await expect(page.getByRole('navigation', { name: '主导航' })).toBeVisible();
  await expect(page.getByText('有新版本可用')).toHaveCount(0);
  await expect
    .poll(() => page.evaluate(() => caches.keys()))
    .toEqual([`estate-desk-shell-${'f'.repeat(oldId.length)}`]);
});
