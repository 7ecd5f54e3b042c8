// Shared steps of the journeys. Everything is found by role and accessible name.
import { expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Writes the deterministic sample office of `cases` cases (core's `sample_bundle`) to `path`. */
export function writeSampleOffice(path, cases, seed = 7) {
  writeFileSync(path, execFileSync(
    'cargo',
    ['run', '-q', '-p', 'estate-core', '--example', 'sample_bundle', '--', '--cases', String(cases), '--seed', String(seed)],
    { cwd: REPO, maxBuffer: 64 * 1024 * 1024 },
  ));
}

/** Opens the app on a fresh device and completes device setup. */
/** The PIN every test's first person chooses, unless a test says otherwise. */
export const ADMIN_PIN = '246813';

/**
 * First start: the person setting up the device becomes the office administrator (issue #11),
 * with `role` as their main role, `alsoRoles` besides, and `department` for department heads.
 */
export async function setUpDevice(
  page,
  { name = '王芳', role = '前台接待', alsoRoles = [], department, pin = ADMIN_PIN, expectNavigation = true } = {},
) {
  if (page.url() === 'about:blank') {
    await page.goto('./');
  }
  await expect(page.getByRole('heading', { name: '设置本设备' })).toBeVisible();
  await page.getByLabel('使用人姓名').fill(name);
  await page.getByLabel('岗位', { exact: true }).selectOption({ label: role });
  for (const other of alsoRoles) {
    await page.getByRole('group', { name: '兼任岗位' }).getByLabel(other, { exact: true }).check();
  }
  if (department) {
    await page.getByLabel('所在部门（部门负责人填写）').selectOption({ label: department });
  }
  await page.getByLabel('PIN（6–8 位数字）').fill(pin);
  await page.getByLabel('再次输入 PIN').fill(pin);
  await page.getByRole('button', { name: '保存', exact: true }).click();
  if (expectNavigation) {
    await expect(page.getByRole('navigation', { name: '主导航' })).toBeVisible({ timeout: 15_000 });
  }
}

/** A first person who holds every role (an engineering head too), to walk every screen. */
export const EVERY_ROLE = {
  name: '王芳',
  role: '前台接待',
  alsoRoles: ['装修主管', '巡视员', '客户服务部经理', '部门负责人'],
  department: '工程部',
};

/** Switches to another role of the signed-in person's profile, in Settings. */
export async function switchRole(page, role) {
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '设置' }).click();
  await page.getByLabel('岗位', { exact: true }).selectOption({ label: role });
  await expect(page.locator('.current-user__role')).toHaveText(role);
}

/**
 * Confirms the previewed import. A bundle not signed by a device enrolled here needs the
 * administrator's PIN (issue #11), which is typed first when asked for.
 */
export async function confirmImport(page, { adminPin = ADMIN_PIN, tap = false } = {}) {
  const button = page.getByRole('button', { name: '确认导入' });
  await expect(button).toBeVisible();
  const pin = page.getByLabel('管理员 PIN（导入未登记设备的数据包需要）');
  if ((await pin.count()) > 0) {
    await pin.fill(adminPin);
  }
  await (tap ? button.tap() : button.click());
}

/**
 * Confirms a step that cannot be undone (issue #22): pressing it asked once more, saying what
 * it will do; `name` is the step's button name.
 */
export async function confirmStep(scope, name) {
  const confirmation = scope.getByRole('group', { name: '请确认' });
  await expect(confirmation).toBeVisible();
  await confirmation.getByRole('button', { name: `确认${name}`, exact: true }).click();
}

/** Signs `name` in with `pin` on the sign-in or lock screen. */
export async function signIn(page, name, pin) {
  await page.getByLabel('使用人', { exact: true }).selectOption({ label: name });
  await page.getByLabel('PIN 码', { exact: true }).fill(pin);
  await page.getByRole('button', { name: '登录', exact: true }).click();
}

/** Waits until the service worker controls the page, so the next load can be offline. */
export async function waitForOfflineShell(page) {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) =>
        navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }),
      );
    }
  });
}

/** The route labels of the main navigation, with their page headings, in zh-CN. */
export const ROUTES = [
  { link: '工作台', heading: '工作台', path: '' },
  { link: '二次装修', heading: '二次装修', path: 'renovations' },
  { link: '投诉与建议', heading: '投诉与建议', path: 'feedback' },
  { link: '巡视检查', heading: '巡视检查', path: 'patrols' },
  { link: '工单', heading: '工单', path: 'tickets' },
  { link: '月度报表', heading: '月度报表', path: 'reports' },
  { link: '数据同步', heading: '数据同步', path: 'sync' },
  { link: '设置', heading: '设置', path: 'settings' },
];

/** Exports everything from the Sync page and saves the downloaded file at `path`. */
export async function exportBundle(page, path) {
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '数据同步' }).click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: '导出全部数据' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^管理处数据包-[0-9a-f]{8}-\d{8}-\d{4}\.json$/);
  await download.saveAs(path);
  await expect(page.getByRole('region', { name: '导出数据包' }).getByRole('status')).toContainText('已导出');
}

/** Picks the bundle at `path` on the Sync page; returns the preview region. */
export async function importBundle(page, path) {
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '数据同步' }).click();
  await page.getByLabel('选择数据包文件').setInputFiles(path);
  return page.getByRole('region', { name: '导入预览' });
}

/** Opens the renovation case of `unit` from the renovations list. */
export async function openCase(page, unit) {
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '二次装修' }).click();
  await page.getByRole('list', { name: '装修案件列表' }).getByRole('link', { name: new RegExp(unit) }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(unit);
}

// A 2×2 PNG: a photo the browser can decode and downscale.
export const PHOTO = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==',
  'base64',
);

/** Records a complaint through the quick intake on the Feedback page. */
export async function recordComplaint(page, { name, room, what }) {
  const form = page.getByRole('form', { name: '登记投诉或建议' });
  await form.getByLabel('姓名').fill(name);
  await form.getByLabel('电话').fill('13800000000');
  await form.getByLabel('楼栋').fill('8');
  await form.getByLabel('单元').fill('1');
  await form.getByLabel('房号').fill(room);
  await form.getByLabel('事情经过').fill(what);
  await form.getByRole('button', { name: '登记' }).click();
  await expect(form.getByRole('status')).toHaveText('已登记。');
  // The status may still be the previous caller's: wait for this one in the list.
  await expect(page.getByRole('region', { name: '投诉与建议记录' })).toContainText(what);
}

// `scripts/screenshots` sets SCREENSHOTS to the folder the journey's screenshots go to.
export async function screenshot(page, name, { print = false } = {}) {
  if (!process.env.SCREENSHOTS) return;
  if (print) await page.emulateMedia({ media: 'print' });
  await page.screenshot({ path: join(process.env.SCREENSHOTS, `${name}.png`), fullPage: true });
  if (print) await page.emulateMedia({ media: 'screen' });
}

/** The row of `label` in a case's document checklist. */
export function checklistRow(page, label) {
  return page.locator('table.checklist tr', { has: page.getByRole('rowheader', { name: label, exact: true }) });
}

/** Receives `copies` paper copies of the document `label`, sealed where asked. */
export async function receiveOnPaper(page, label, { copies = 1, sealed = false } = {}) {
  const row = checklistRow(page, label);
  for (let copy = 1; copy <= copies; copy += 1) {
    if (sealed) {
      await row.getByLabel('盖有公章').check();
    }
    await row.getByRole('button', { name: `收到纸质件: ${label}` }).click();
    await expect(row).toContainText(`${copy}/${copies}`);
  }
  await expect(row).toContainText('齐全');
}

/** A new application for building 6, unit 1, `room`, opened on its checklist. */
export async function newApplication(page, { room, name = '周先生', contractor = '安居装饰' }) {
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '二次装修' }).click();
  await page.getByRole('link', { name: '新建装修申请' }).click();
  await page.getByLabel('楼栋').fill('6');
  await page.getByLabel('单元', { exact: true }).fill('1');
  await page.getByLabel('房号').fill(room);
  await page.getByLabel('姓名', { exact: true }).fill(name);
  await page.getByLabel('施工单位名称').fill(contractor);
  await page.getByRole('button', { name: '创建申请，进入材料清单' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(`6-1-${room}`);
}

/** Receives every document a plain residential application needs, then submits it. */
export async function submitComplete(page) {
  await receiveOnPaper(page, '住户照片（3张）', { copies: 3 });
  for (const label of ['身份证复印件', '《住户基本资料》', '《装修申请审批表》', '装修平面图', '装修立面图', '消防审批意见书', '消防平面图']) {
    await receiveOnPaper(page, label);
  }
  await receiveOnPaper(page, '营业执照复印件', { sealed: true });
  await receiveOnPaper(page, '资质证书复印件', { sealed: true });
  await page.getByRole('button', { name: '提交审图' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('待审图');
}

/**
 * How many events the device has stored, counted from the objects themselves: a pack holds
 * `count` event records (record version 3, issue #19), an older record one. Its `entry` is the
 * app's own count (the meta entry it keeps in each write), so a test can hold the two equal.
 */
export async function storedEventCounts(page) {
  return page.evaluate(() => new Promise((resolve, reject) => {
    const opening = indexedDB.open('estate-desk');
    opening.onerror = () => reject(opening.error);
    opening.onsuccess = () => {
      const transaction = opening.result.transaction(['events', 'meta']);
      let summed = 0;
      let entry = null;
      const cursor = transaction.objectStore('events').openCursor();
      cursor.onsuccess = () => {
        const at = cursor.result;
        if (!at) return;
        summed += at.value.v === 3 ? at.value.count : 1;
        at.continue();
      };
      const reading = transaction.objectStore('meta').get('event_count');
      reading.onsuccess = () => { entry = reading.result?.value ?? null; };
      transaction.oncomplete = () => { opening.result.close(); resolve({ summed, entry }); };
      transaction.onerror = () => reject(transaction.error);
    };
  }));
}

/** The app's own count of its stored events (one small read, cheap enough to poll). */
export async function storedEventCount(page) {
  return page.evaluate(() => new Promise((resolve, reject) => {
    const opening = indexedDB.open('estate-desk');
    opening.onerror = () => reject(opening.error);
    opening.onsuccess = () => {
      const reading = opening.result.transaction('meta').objectStore('meta').get('event_count');
      reading.onsuccess = () => { resolve(reading.result?.value ?? 0); opening.result.close(); };
      reading.onerror = () => reject(reading.error);
    };
  }));
}
