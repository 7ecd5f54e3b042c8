// Shared steps of the journeys. Everything is found by role and accessible name.
import { expect } from '@playwright/test';

/** Opens the app on a fresh device and completes device setup. */
export async function setUpDevice(page, { name = '王芳', role = '前台接待', expectNavigation = true } = {}) {
  if (page.url() === 'about:blank') {
    await page.goto('./');
  }
  await expect(page.getByRole('heading', { name: '设置本设备' })).toBeVisible();
  await page.getByLabel('使用人姓名').fill(name);
  await page.getByLabel('岗位').selectOption({ label: role });
  await page.getByRole('button', { name: '保存', exact: true }).click();
  if (expectNavigation) {
    await expect(page.getByRole('navigation', { name: '主导航' })).toBeVisible();
  }
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
