// Journey: after the first load the app opens and navigates with no network at all.
import { expect, test } from '@playwright/test';
import { setUpDevice, waitForOfflineShell } from './helpers.mjs';

test('offline reload: the app shell loads and navigates from the service worker', async ({
  page,
  context,
}) => {
  await setUpDevice(page);
  await waitForOfflineShell(page);

  await context.setOffline(true);
  await page.reload();
  const nav = page.getByRole('navigation', { name: '主导航' });
  await expect(nav).toBeVisible();
  await expect(page.getByRole('banner').getByRole('status')).toHaveText('离线');

  await nav.getByRole('link', { name: '巡视检查' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '巡视检查' })).toBeVisible();

  // A deep link typed while offline is served the shell too.
  await page.goto('./tickets');
  await expect(page.getByRole('heading', { level: 1, name: '工单' })).toBeVisible();

  await context.setOffline(false);
  await expect(page.getByRole('banner').getByRole('status')).toHaveCount(0);
});
