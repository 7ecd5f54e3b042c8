// Journey: a complaint recorded at the front desk is still there after the page is closed
// and a new one opened, online and offline; a refused intake names its rules and saves nothing.
import { expect, test } from '@playwright/test';
import { ADMIN_PIN, setUpDevice, signIn, waitForOfflineShell } from './helpers.mjs';

async function recordComplaint(page, { name, room, what }) {
  const form = page.getByRole('form', { name: '登记投诉或建议' });
  await form.getByLabel('姓名').fill(name);
  await form.getByLabel('电话').fill('13800000000');
  await form.getByLabel('楼栋').fill('5');
  await form.getByLabel('单元').fill('1');
  await form.getByLabel('房号').fill(room);
  await form.getByLabel('事情经过').fill(what);
  await form.getByRole('button', { name: '登记' }).click();
  await expect(form.getByRole('status')).toHaveText('已登记。');
}

test('a recorded complaint survives closing the page, online and offline', async ({ context, page }) => {
  await setUpDevice(page);
  await waitForOfflineShell(page);
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '投诉与建议' }).click();
  await recordComplaint(page, { name: '刘女士', room: '803', what: '楼上漏水到天花板' });
  const list = page.getByRole('region', { name: '投诉与建议记录' });
  await expect(list.getByRole('listitem').filter({ hasText: '楼上漏水到天花板' })).toContainText('5-1-803');
  await page.close();

  const reopened = await context.newPage();
  await reopened.goto('./feedback');
  // Closing the page ended the session (issue #21): the person signs in again.
  await signIn(reopened, '王芳', ADMIN_PIN);
  const again = reopened.getByRole('region', { name: '投诉与建议记录' });
  await expect(again.getByRole('listitem').filter({ hasText: '楼上漏水到天花板' })).toContainText('已登记');

  await context.setOffline(true);
  await recordComplaint(reopened, { name: '王先生', room: '1201', what: '离线时登记的投诉' });
  await reopened.close();
  const offline = await context.newPage();
  await offline.goto('./feedback');
  await signIn(offline, '王芳', ADMIN_PIN);
  const offlineList = offline.getByRole('region', { name: '投诉与建议记录' });
  await expect(offlineList.getByRole('listitem')).toHaveCount(2);
  await expect(offlineList.getByRole('listitem').filter({ hasText: '离线时登记的投诉' })).toContainText('5-1-1201');
});

test('a refused intake lists every rule and saves nothing; names are shown as text', async ({ page }) => {
  await setUpDevice(page);
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '投诉与建议' }).click();
  const form = page.getByRole('form', { name: '登记投诉或建议' });
  await form.getByLabel('事情经过').fill('没有留下姓名和电话');
  await form.getByLabel('已代表公司致歉').uncheck();
  await form.getByRole('button', { name: '登记' }).click();
  const refusal = form.getByRole('alert');
  await expect(refusal).toContainText('缺少：姓名');
  await expect(refusal).toContainText('缺少：电话');
  await expect(refusal).toContainText('FB-02');
  await expect(page.getByText('还没有记录。')).toBeVisible();

  // Issue #22: a caller who will not give a number is still heard; the record says so.
  await form.getByLabel('已代表公司致歉').check();
  await form.getByLabel('姓名').fill('匿名住户');
  await form.getByLabel('楼栋').fill('3');
  await form.getByLabel('房号').fill('202');
  await form.getByLabel('住户不愿留联系方式').check();
  await form.getByRole('button', { name: '登记' }).click();
  await expect(form.getByRole('status')).toHaveText('已登记。');
  await page.getByRole('region', { name: '投诉与建议记录' }).getByRole('link', { name: /没有留下姓名和电话/ }).click();
  await expect(page.locator('main')).toContainText('住户不愿留联系方式');
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '投诉与建议' }).click();

  // Script in a name field is only ever text.
  let dialogs = 0;
  page.on('dialog', (dialog) => { dialogs += 1; dialog.dismiss(); });
  await form.getByLabel('已代表公司致歉').check();
  await recordComplaint(page, { name: '<img src=x onerror=alert(1)>', room: '101', what: '<script>alert(2)</script>' });
  await expect(page.getByRole('region', { name: '投诉与建议记录' })).toContainText('<script>alert(2)</script>');
  expect(dialogs).toBe(0);
});

test('settings show persistence and usage, and rebuild the lists from events', async ({ page }) => {
  await setUpDevice(page);
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '投诉与建议' }).click();
  await recordComplaint(page, { name: '赵女士', room: '202', what: '电梯异响' });
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '设置' }).click();
  const storage = page.getByRole('region', { name: '本地存储' });
  await expect(storage.getByTestId('storage-persisted')).toHaveText(/^(是|否|浏览器未提供)$/);
  await expect(storage.getByTestId('storage-usage')).toHaveText(/MB \/ .*MB|浏览器未提供/);
  await storage.getByRole('button', { name: '从事件重建列表数据' }).click();
  await expect(storage.getByRole('status')).toHaveText('已重建列表数据，条数： 1');
});
