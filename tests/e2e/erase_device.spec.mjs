// Journey: handing a device over. Erasing is the only action that drops local data, so it
// warns with the changes that exist nowhere else, waits for an explicit "I understand", and
// then leaves an empty device that asks who uses it.
import { expect, test } from '@playwright/test';
import { recordComplaint, setUpDevice } from './helpers.mjs';

test('erasing the device warns about unexported changes, then leaves nothing', async ({ page }) => {
  await setUpDevice(page, { name: '王芳', role: '前台接待' });
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '投诉与建议' }).click();
  await recordComplaint(page, { name: '业主甲', room: '901', what: '走廊灯不亮' });

  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '设置' }).click();
  const erase = page.getByRole('region', { name: '清除本设备数据' });
  await erase.getByRole('button', { name: '清除本设备数据…' }).click();
  await expect(erase.getByRole('alert')).toContainText('3 项更改尚未导出'); // the complaint, the staff profile, the device enrolment
  await expect(erase.getByRole('alert')).toContainText('找不回来');
  const confirm = erase.getByRole('button', { name: '永久清除' });
  await expect(confirm).toBeDisabled();

  // Cancelling changes nothing.
  await erase.getByRole('button', { name: '取消' }).click();
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '投诉与建议' }).click();
  await expect(page.getByText('走廊灯不亮')).toBeVisible();

  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '设置' }).click();
  await erase.getByRole('button', { name: '清除本设备数据…' }).click();
  await erase.getByLabel('我明白：本设备上的数据清除后无法恢复').check();
  await confirm.click();

  await setUpDevice(page, { name: '李伟', role: '前台接待' });
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '投诉与建议' }).click();
  await expect(page.getByText('还没有记录。')).toBeVisible();
  await expect(page.getByText('走廊灯不亮')).toHaveCount(0);
  // Only what setup made: the new person's staff profile and the device's enrolment.
  await expect(page.getByTestId('sync-status')).toHaveText('2 项更改尚未导出 · 从未导出');
});
