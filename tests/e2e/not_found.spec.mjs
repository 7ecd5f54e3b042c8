// Journey: an address that is not a route shows a proper not-found page.
import { expect, test } from '@playwright/test';
import { setUpDevice } from './helpers.mjs';

test('an unknown route shows the not-found page with a way back', async ({ page }) => {
  await setUpDevice(page);
  await page.goto('./no-such-page');
  await expect(page.getByRole('heading', { level: 1, name: '找不到该页面' })).toBeVisible();
  await page.getByRole('link', { name: '返回工作台' }).click();
  await expect(page).toHaveURL(/\/estate-desk\/$/);
  await expect(page.getByRole('heading', { level: 1, name: '工作台' })).toBeVisible();
});
