// Issue #21, tried as a hostile tester would: what a stored value, a second tab, a bad clock or
// a full disk can no longer do. Each test reproduces one finding of the issue.
import { expect, test } from '@playwright/test';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ADMIN_PIN, confirmImport, exportBundle, importBundle, recordComplaint, setUpDevice, signIn,
  writeSampleOffice,
} from './helpers.mjs';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const PROFILE_KEY = 'estate-desk.device-profile';
const INSPECTOR_PIN = '135791';

async function addInspector(page) {
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '设置' }).click();
  const staff = page.getByRole('region', { name: '员工' });
  await staff.getByLabel('员工姓名').fill('赵巡');
  await staff.getByLabel('员工岗位', { exact: true }).selectOption({ label: '巡视员' });
  await staff.getByLabel('员工 PIN（6–8 位数字）').fill(INSPECTOR_PIN);
  await staff.getByLabel('再次输入员工 PIN').fill(INSPECTOR_PIN);
  await staff.getByRole('button', { name: '添加员工' }).click();
  await expect(staff.getByRole('status')).toHaveText('已添加员工。', { timeout: 15_000 });
}

/** Rewrites the stored device key entry with `edit`, as someone with the browser's tools could. */
async function editDeviceKeyEntry(page, edit) {
  await page.evaluate((source) => new Promise((resolve, reject) => {
    const editEntry = new Function('entry', source);
    const open = indexedDB.open('estate-desk');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const transaction = db.transaction('meta', 'readwrite');
      const meta = transaction.objectStore('meta');
      const read = meta.get('device_key');
      read.onsuccess = () => {
        editEntry(read.result);
        meta.put(read.result);
      };
      transaction.oncomplete = () => { db.close(); resolve(); };
      transaction.onerror = () => reject(transaction.error);
    };
  }), edit);
}

test('x_1 a staff id or a name written into localStorage signs no one in and names no one', async ({ context, page }) => {
  await setUpDevice(page, { name: '王芳', role: '前台接待' });
  const administrator = await page.evaluate((key) => JSON.parse(localStorage.getItem(key)).staff, PROFILE_KEY);
  expect(administrator).toBeTruthy();
  await addInspector(page);
  await page.getByRole('button', { name: '切换用户' }).click();
  await signIn(page, '赵巡', INSPECTOR_PIN);
  const banner = page.getByRole('banner');
  await expect(banner).toContainText('赵巡 · 巡视员');

  // Finding 4: the administrator's id and a made-up name written into the device profile.
  await page.evaluate(([key, id]) => {
    const profile = JSON.parse(localStorage.getItem(key));
    localStorage.setItem(key, JSON.stringify({ ...profile, staff: id, person_name: '冒名者', role: 'front_desk' }));
  }, [PROFILE_KEY, administrator]);
  await page.reload();
  await expect(banner).toContainText('赵巡 · 巡视员');
  await expect(banner).not.toContainText('王芳');
  await expect(banner).not.toContainText('冒名者');

  // What the inspector records carries the name of their staff profile.
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '投诉与建议' }).click();
  await recordComplaint(page, { name: '钱女士', room: '1201', what: '走廊灯不亮' });
  await page.getByRole('region', { name: '投诉与建议记录' }).getByRole('link', { name: /走廊灯不亮/ }).click();
  const timeline = page.getByRole('region', { name: '经过', exact: true });
  await expect(timeline).toContainText('赵巡 · 巡视员');
  await expect(timeline).not.toContainText('冒名者');

  // A tab with the tampered profile but no session of its own asks for a PIN.
  const second = await context.newPage();
  await second.goto('./');
  await expect(second.getByRole('button', { name: '登录', exact: true })).toBeVisible();
  await expect(second.getByRole('navigation', { name: '主导航' })).toHaveCount(0);

  // Locking ends the session: a reload then asks for the PIN too.
  await page.getByRole('button', { name: '切换用户' }).click();
  await page.evaluate(() => localStorage.removeItem('estate-desk.locked'));
  await page.reload();
  await expect(page.getByRole('button', { name: '登录', exact: true })).toBeVisible();
  await expect(page.getByRole('navigation', { name: '主导航' })).toHaveCount(0);
});

test('x_1 a PIN lockout survives deleting or editing what records it', async ({ page }) => {
  await page.clock.install();
  await setUpDevice(page, { name: '王芳', role: '前台接待' });
  await page.getByRole('button', { name: '切换用户' }).click();
  for (let attempt = 1; attempt <= 5; attempt += 1) {
    await signIn(page, '王芳', '000000');
    await expect(page.getByRole('alert')).toContainText(attempt < 5 ? 'PIN 不正确' : '该使用人已被锁定', { timeout: 15_000 });
  }

  // Deleting the key an older version kept the counts under does nothing now.
  await page.evaluate(() => localStorage.removeItem('estate-desk.pin-lockouts'));
  await page.reload();
  await signIn(page, '王芳', ADMIN_PIN);
  await expect(page.getByRole('alert')).toContainText('该使用人已被锁定');

  // Editing the signed counts beside the device key locks for longer, not shorter.
  await editDeviceKeyEntry(page, "entry.lockouts = JSON.stringify({ lockouts: {} });");
  await page.reload();
  await signIn(page, '王芳', ADMIN_PIN);
  await expect(page.getByRole('alert')).toContainText('该使用人已被锁定');
  await page.clock.fastForward('01:00');
  await signIn(page, '王芳', ADMIN_PIN);
  await expect(page.getByRole('alert')).toContainText('该使用人已被锁定');
  await expect(page.getByRole('navigation', { name: '主导航' })).toHaveCount(0);

  // The tampered lock ends like any other: then the right PIN signs in.
  await page.clock.fastForward('17:00');
  await signIn(page, '王芳', ADMIN_PIN);
  await expect(page.getByRole('navigation', { name: '主导航' })).toBeVisible({ timeout: 15_000 });
});

test('x_1 two tabs recording in the same instant keep one unbroken chain', async ({ browser }, testInfo) => {
  const context = await browser.newContext();
  const first = await context.newPage();
  await setUpDevice(first, { name: '王芳', role: '前台接待' });
  const second = await context.newPage();
  await second.goto('./');
  await signIn(second, '王芳', ADMIN_PIN);
  await expect(second.getByRole('navigation', { name: '主导航' })).toBeVisible({ timeout: 15_000 });

  const forms = [];
  for (const [tab, room, what] of [[first, '301', '第一个标签页'], [second, '302', '第二个标签页']]) {
    await tab.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '投诉与建议' }).click();
    const form = tab.getByRole('form', { name: '登记投诉或建议' });
    await form.getByLabel('姓名').fill('孙先生');
    await form.getByLabel('电话').fill('13800000000');
    await form.getByLabel('楼栋').fill('3');
    await form.getByLabel('单元').fill('1');
    await form.getByLabel('房号').fill(room);
    await form.getByLabel('事情经过').fill(what);
    forms.push(form);
  }
  // Finding 5: both submit at once.
  await Promise.all(forms.map((form) => form.evaluate((element) => element.requestSubmit())));
  for (const form of forms) {
    await expect(form.getByRole('status')).toHaveText('已登记。', { timeout: 15_000 });
  }

  // Another device takes in this device's export: the chain is whole, both records arrive.
  const bundle = testInfo.outputPath('two-tabs.json');
  await exportBundle(first, bundle);
  const otherContext = await browser.newContext();
  const other = await otherContext.newPage();
  await setUpDevice(other, { name: '李伟', role: '前台接待' });
  const preview = await importBundle(other, bundle);
  await expect(preview).toBeVisible();
  await confirmImport(other);
  await expect(other.getByRole('status', { name: '导入完成' })).toBeVisible({ timeout: 15_000 });
  await other.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '投诉与建议' }).click();
  const list = other.getByRole('region', { name: '投诉与建议记录' });
  await expect(list).toContainText('第一个标签页');
  await expect(list).toContainText('第二个标签页');
  await otherContext.close();
  await context.close();
});

test('x_2 a bundle stamped beyond JavaScript numbers is refused, and saving still works', async ({ page }) => {
  await setUpDevice(page, { name: '王芳', role: '前台接待' });
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '数据同步' }).click();
  await page.getByLabel('选择数据包文件').setInputFiles(join(REPO, 'tests/fixtures/bad-bundles/implausible_time--beyond-javascript-integers.json'));
  await expect(page.getByRole('alert')).toContainText('时间不可能');
  await expect(page.getByRole('button', { name: '确认导入' })).toHaveCount(0);

  // Finding 1: every later save failed. Now they work, also after a reload.
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '投诉与建议' }).click();
  await recordComplaint(page, { name: '周先生', room: '501', what: '导入被拒之后' });
  await page.reload();
  await recordComplaint(page, { name: '周先生', room: '502', what: '刷新之后再登记' });
});

test('x_2 a tablet whose clock runs a year fast cannot drag the front desk into next year', async ({ browser }, testInfo) => {
  const tabletContext = await browser.newContext();
  const tablet = await tabletContext.newPage();
  await tablet.clock.install({ time: new Date(Date.now() + 365 * 24 * 3600 * 1000) });
  await setUpDevice(tablet, { name: '赵巡', role: '巡视员' });
  await tablet.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '投诉与建议' }).click();
  await recordComplaint(tablet, { name: '吴女士', room: '801', what: '时钟快了一年' });
  const bundle = testInfo.outputPath('skewed.json');
  await exportBundle(tablet, bundle);

  const deskContext = await browser.newContext();
  const desk = await deskContext.newPage();
  await setUpDevice(desk, { name: '王芳', role: '前台接待' });
  await importBundle(desk, bundle);
  const refusal = desk.getByRole('alert');
  await expect(refusal).toContainText('比本机快');
  await expect(refusal).toContainText('赵巡');
  await expect(desk.getByRole('button', { name: '确认导入' })).toHaveCount(0);
  await desk.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '投诉与建议' }).click();
  await expect(desk.getByRole('region', { name: '投诉与建议记录' })).not.toContainText('时钟快了一年');
  await tabletContext.close();
  await deskContext.close();
});

// Chromium fixes an origin's quota once its storage is in use, so it is set before the app's
// first write: room for the app shell and a small office, not for a 2,000-case import.
test('x_2 an import refused for a full disk leaves nothing behind, and the next save works', async ({ context, page }, testInfo) => {
  test.setTimeout(120_000);
  const office = testInfo.outputPath('office.json');
  writeSampleOffice(office, 2000);
  const cdp = await context.newCDPSession(page);
  await page.goto('./manifest.webmanifest');
  await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(page.url()).origin, quotaSize: 8 * 1024 * 1024 });
  await page.goto('./');
  await setUpDevice(page, { name: '王芳', role: '前台接待' });

  await importBundle(page, office);
  await confirmImport(page);
  await expect(page.getByRole('alert')).toContainText('设备存储空间已满', { timeout: 60_000 });

  // Finding 6: nothing of the refused import is kept, and saving works, also after a reload.
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '二次装修' }).click();
  await expect(page.getByRole('list', { name: '装修案件列表' }).getByRole('listitem')).toHaveCount(0);
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '投诉与建议' }).click();
  await recordComplaint(page, { name: '郑先生', room: '601', what: '磁盘满之后登记' });
  await page.reload();
  await recordComplaint(page, { name: '郑先生', room: '602', what: '刷新后再登记' });
});
