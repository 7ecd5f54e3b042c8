// Issue #18: live sync through the CouchDB test server (tests/couchdb/server.mjs on 127.0.0.1),
// in the same run as the bundle import of desk.bench.mjs. For each size, a device imports the
// sample office and pushes it to the server; then a second device of the office, fresh each
// run, pulls the whole office: from 开始同步 to every event stored and 已连接 shown. The longest
// main-thread task during that pull is kept too (Long Tasks API): the page must stay usable.
import { expect, test } from '@playwright/test';
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { confirmImport, setUpDevice, storedEventCount } from '../e2e/helpers.mjs';
import { REPO, RUNS, SIZES, median, savePart, writeSampleBundle } from './measure.mjs';

const PORT = Number(process.env.BENCH_PORT ?? 4181) + 3;
const SERVER = `http://127.0.0.1:${PORT}`;
const ADMIN = 'admin:bench-admin';
const PULL_RUNS = Math.min(RUNS, 3);

async function startServer() {
  const child = spawn('node', ['tests/couchdb/server.mjs', '--port', String(PORT), '--admin', ADMIN], { cwd: REPO, stdio: 'ignore' });
  await expect.poll(async () => fetch(`${SERVER}/`).then((r) => r.ok, () => false), { timeout: 15_000 }).toBe(true);
  return child;
}

async function startSync(page, database) {
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '设置' }).click();
  const section = page.getByRole('region', { name: '同步服务器' });
  await section.getByLabel('服务器地址').fill(SERVER);
  await section.getByLabel('数据库（每个管理处一个）').fill(database);
  await section.getByLabel('CouchDB 用户名').fill('bench');
  await section.getByLabel('密码').fill('bench-pass');
  await section.getByRole('button', { name: '开始同步' }).click();
}

for (const cases of SIZES) {
  test(`live sync: push and pull ${cases} cases through the CouchDB test server`, async ({ browser }, testInfo) => {
    const server = await startServer();
    try {
      const database = `bench-${cases}`;
      execFileSync('scripts/couchdb-setup', ['--server', SERVER, '--admin', ADMIN, '--db', database, '--member', 'bench:bench-pass'], { cwd: REPO });
      const bundlePath = testInfo.outputPath('office.json');
      writeSampleBundle(cases, bundlePath);

      const sourceContext = await browser.newContext();
      const source = await sourceContext.newPage();
      await setUpDevice(source, { name: '基准', role: '前台接待' });
      await source.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '设置' }).click();
      const [cardDownload] = await Promise.all([
        source.waitForEvent('download'),
        source.getByRole('region', { name: '设备' }).getByRole('button', { name: '下载本设备卡片' }).click(),
      ]);
      const cardPath = testInfo.outputPath('card.json');
      await cardDownload.saveAs(cardPath);
      await source.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '数据同步' }).click();
      await source.getByLabel('选择数据包文件').setInputFiles(bundlePath);
      await expect(source.getByRole('button', { name: '确认导入' })).toBeVisible({ timeout: 600_000 });
      await confirmImport(source);
      await expect(source.getByRole('status', { name: '导入完成' })).toBeVisible({ timeout: 600_000 });
      const events = await storedEventCount(source);

      let started = Date.now();
      await startSync(source, database);
      await expect(source.getByTestId('live-sync-status')).toContainText('已连接同步服务器', { timeout: 1_800_000 });
      const pushMs = Date.now() - started;

      const pulls = [];
      const longestTasks = [];
      for (let run = 0; run < PULL_RUNS; run += 1) {
        const context = await browser.newContext();
        const page = await context.newPage();
        await page.addInitScript(() => {
          window.__longTasks = [];
          new PerformanceObserver((list) => {
            for (const entry of list.getEntries()) window.__longTasks.push(entry.duration);
          }).observe({ type: 'longtask', buffered: true });
        });
        await setUpDevice(page, { name: '新设备', role: '前台接待' });
        await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '设置' }).click();
        const devices = page.getByRole('region', { name: '设备' });
        await devices.getByLabel('导入设备卡片以登记设备').setInputFiles(cardPath);
        await expect(devices.getByRole('status')).toHaveText('已登记设备。');
        const own = await storedEventCount(page);
        await page.evaluate(() => { window.__longTasks = []; });
        started = Date.now();
        await startSync(page, database);
        await expect.poll(() => storedEventCount(page), { timeout: 1_800_000, intervals: [250] }).toBe(events + own);
        await expect(page.getByTestId('live-sync-status')).toContainText('已连接同步服务器', { timeout: 600_000 });
        pulls.push(Date.now() - started);
        longestTasks.push(await page.evaluate(() => Math.max(0, ...window.__longTasks)));
        await context.close();
      }
      await sourceContext.close();
      const imported = JSON.parse(readFileSync(`${REPO}/target/bench-parts/desk-${cases}.json`, 'utf8'));
      savePart(`sync-${cases}`, {
        cases,
        events,
        runs: PULL_RUNS,
        push_ms: pushMs,
        pull_ms: median(pulls),
        pull_longest_task_ms: median(longestTasks),
        bundle_import_ms: imported.import.estate_desk_ms,
        ratio_to_bundle_import: median(pulls) / imported.import.estate_desk_ms,
      });
    } finally {
      server.kill('SIGKILL');
    }
  });
}
