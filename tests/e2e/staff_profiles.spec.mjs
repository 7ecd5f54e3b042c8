// Issue #11: staff profiles with PINs. The first person to set up a device is the office
// administrator; they add an inspector, who then signs in with their own PIN. Five wrong PINs
// lock a profile; the device locks itself after the policy's idle time.
import { expect, test } from '@playwright/test';
import { ADMIN_PIN, setUpDevice, signIn } from './helpers.mjs';

async function addStaff(page, { name, role, pin }) {
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '设置' }).click();
  const staff = page.getByRole('region', { name: '员工' });
  await staff.getByLabel('员工姓名').fill(name);
  await staff.getByLabel('员工岗位', { exact: true }).selectOption({ label: role });
  await staff.getByLabel('员工 PIN（6–8 位数字）').fill(pin);
  await staff.getByLabel('再次输入员工 PIN').fill(pin);
  await staff.getByRole('button', { name: '添加员工' }).click();
  await expect(staff.getByRole('status')).toHaveText('已添加员工。', { timeout: 15_000 });
  await expect(staff.getByRole('list', { name: '员工名单' })).toContainText(name);
}

test('x_1 the administrator adds an inspector, who signs in with their own PIN and acts only as inspector', async ({ page }) => {
  await setUpDevice(page, { name: '王芳', role: '前台接待' });
  await expect(page.getByRole('banner')).toContainText('王芳 · 前台接待');
  await addStaff(page, { name: '赵巡', role: '巡视员', pin: '135791' });

  // A PIN that is not 6–8 digits, or typed differently twice, is refused before anything is saved.
  const staff = page.getByRole('region', { name: '员工' });
  await staff.getByLabel('员工姓名').fill('钱多');
  await staff.getByLabel('员工 PIN（6–8 位数字）').fill('12');
  await staff.getByLabel('再次输入员工 PIN').fill('12');
  await staff.getByRole('button', { name: '添加员工' }).click();
  await expect(staff.getByRole('alert')).toHaveText('PIN 至少 6 位。');
  await expect(staff.getByRole('list', { name: '员工名单' })).not.toContainText('钱多');

  await page.getByRole('button', { name: '切换用户' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('屏幕已锁定');
  await expect(page.getByRole('navigation', { name: '主导航' })).toHaveCount(0);
  await signIn(page, '赵巡', '135791');
  await expect(page.getByRole('banner')).toContainText('赵巡 · 巡视员');

  // Settings offers the inspector only their own role, and no staff list.
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '设置' }).click();
  await expect(page.getByLabel('岗位', { exact: true }).getByRole('option')).toHaveText(['巡视员']);
  await expect(page.getByRole('region', { name: '员工' })).toHaveCount(0);
  // Issue #21: only an administrator may erase the device.
  await expect(page.getByRole('region', { name: '清除本设备数据' })).toHaveCount(0);

  // The sign-in survives a reload; switching back asks for the administrator's PIN.
  await page.reload();
  await expect(page.getByRole('banner')).toContainText('赵巡 · 巡视员');
  await page.getByRole('button', { name: '切换用户' }).click();
  await signIn(page, '王芳', ADMIN_PIN);
  await expect(page.getByRole('banner')).toContainText('王芳 · 前台接待');
});

test('x_1 five wrong PINs lock the profile, and the right PIN does not open it until the lock ends', async ({ page }) => {
  await page.clock.install();
  await setUpDevice(page, { name: '王芳', role: '前台接待' });
  await page.getByRole('button', { name: '切换用户' }).click();
  for (let attempt = 1; attempt <= 4; attempt += 1) {
    await signIn(page, '王芳', '000000');
    await expect(page.getByRole('alert')).toHaveText(`PIN 不正确。锁定前还可尝试次数：${5 - attempt}`, { timeout: 15_000 });
  }
  await signIn(page, '王芳', '000000');
  await expect(page.getByRole('alert')).toContainText('该使用人已被锁定', { timeout: 15_000 });

  // Locked: even the right PIN is refused, also after a reload.
  await page.reload();
  await signIn(page, '王芳', ADMIN_PIN);
  await expect(page.getByRole('alert')).toContainText('该使用人已被锁定');
  await expect(page.getByRole('navigation', { name: '主导航' })).toHaveCount(0);

  // After the 30-second lock, the right PIN signs in.
  await page.clock.fastForward('00:31');
  await signIn(page, '王芳', ADMIN_PIN);
  await expect(page.getByRole('banner')).toContainText('王芳 · 前台接待', { timeout: 15_000 });
  await expect(page.getByRole('navigation', { name: '主导航' })).toBeVisible();
});

test('x_1 ten idle minutes lock the screen; activity keeps it open', async ({ page }) => {
  await page.clock.install();
  await setUpDevice(page, { name: '赵巡', role: '巡视员' });
  const nav = page.getByRole('navigation', { name: '主导航' });

  await page.clock.runFor('08:00');
  await nav.getByRole('link', { name: '巡视检查' }).click();
  await page.clock.runFor('08:00');
  await expect(nav).toBeVisible();

  await page.clock.runFor('02:30');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('屏幕已锁定');
  await expect(nav).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('屏幕已锁定');
  await signIn(page, '赵巡', ADMIN_PIN);
  await expect(nav).toBeVisible({ timeout: 15_000 });
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('巡视检查');
});
