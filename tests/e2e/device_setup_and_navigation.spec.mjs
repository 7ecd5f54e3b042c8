// Journey: a first visit sets up the device, then every route is reached by its link.
import { expect, test } from '@playwright/test';
import { ROUTES, setUpDevice } from './helpers.mjs';

test('first visit: device setup, then every route by its link', async ({ page }) => {
  await setUpDevice(page, { name: '王芳', role: '巡视员' });
  await expect(page.getByRole('banner')).toContainText('王芳');
  await expect(page.getByRole('banner')).toContainText('巡视员');

  const nav = page.getByRole('navigation', { name: '主导航' });
  for (const route of ROUTES) {
    await nav.getByRole('link', { name: route.link, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/estate-desk/${route.path}$`));
    await expect(page.getByRole('heading', { level: 1, name: route.heading })).toBeVisible();
    await expect(nav.getByRole('link', { name: route.link, exact: true })).toHaveAttribute(
      'aria-current',
      'page',
    );
  }
});

test('x_1 setup is remembered after a reload, and Settings switches only between the roles of the profile', async ({ page }) => {
  await setUpDevice(page, { name: '李伟', role: '装修主管', alsoRoles: ['客户服务部经理'] });
  await page.reload();
  await expect(page.getByRole('banner')).toContainText('李伟');
  await expect(page.getByRole('heading', { name: '设置本设备' })).toHaveCount(0);

  await page.getByRole('link', { name: '设置', exact: true }).click();
  const role = page.getByLabel('岗位', { exact: true });
  await expect(role.getByRole('option')).toHaveText(['装修主管', '客户服务部经理']);
  await role.selectOption({ label: '客户服务部经理' });
  await expect(page.getByRole('status').filter({ hasText: '已保存。' })).toBeVisible();
  await expect(page.getByRole('banner')).toContainText('客户服务部经理');
  await page.reload();
  await expect(page.getByRole('banner')).toContainText('李伟 · 客户服务部经理');
});
