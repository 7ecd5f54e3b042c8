// Journey: a full disk refuses the intake with a clear message and loses nothing; a second tab
// sees a new record without reloading.
import { expect, test } from '@playwright/test';
import { ADMIN_PIN, setUpDevice, signIn } from './helpers.mjs';

async function fillComplaint(form, { name, room, what }) {
  await form.getByLabel('姓名').fill(name);
  await form.getByLabel('电话').fill('13800000000');
  await form.getByLabel('楼栋').fill('6');
  await form.getByLabel('单元').fill('2');
  await form.getByLabel('房号').fill(room);
  await form.getByLabel('事情经过').fill(what);
  await form.getByRole('button', { name: '登记' }).click();
}

// Chromium fixes an origin's quota once its storage is in use, so the override comes first,
// from a page of the same origin that is not the app: the app's very first write (the
// device's id) meets a full disk. That the failed commit leaves nothing behind is proven on
// both stores by the contract suite (quota_error_writes_nothing).
test('a full disk is reported in plain words, naming what to do', async ({ context, page }) => {
  const cdp = await context.newCDPSession(page);
  await page.goto('./manifest.webmanifest');
  await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(page.url()).origin, quotaSize: 1 });
  await page.goto('./');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('设备存储空间已满');
  await expect(alert).toContainText('请先导出数据包');
});

test('a record made in one tab appears in the other without a reload', async ({ context, page }) => {
  await setUpDevice(page);
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '投诉与建议' }).click();
  const second = await context.newPage();
  await second.goto('./feedback');
  // A new tab has no session of its own (issue #21): the person signs in there too.
  await signIn(second, '王芳', ADMIN_PIN);
  const secondList = second.getByRole('region', { name: '投诉与建议记录' });
  await expect(secondList.getByText('还没有记录。')).toBeVisible();

  await fillComplaint(page.getByRole('form', { name: '登记投诉或建议' }), { name: '丙', room: '303', what: '另一个标签页应看到' });
  await expect(secondList.getByRole('listitem').filter({ hasText: '另一个标签页应看到' })).toBeVisible();
});
