// Journey: switch the language and see the labels change, and stay changed after a reload.
import { expect, test } from '@playwright/test';
import { setUpDevice } from './helpers.mjs';

test('switching to English and back relabels the app', async ({ page }) => {
  await setUpDevice(page);
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');

  await page.getByRole('button', { name: 'English' }).click();
  const nav = page.getByRole('navigation', { name: 'Main navigation' });
  await expect(nav.getByRole('link', { name: 'Renovations' })).toBeVisible();
  await expect(nav.getByRole('link', { name: '二次装修' })).toHaveCount(0);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('banner')).toContainText('Front desk');

  await page.reload();
  await expect(nav.getByRole('link', { name: 'Feedback' })).toBeVisible();

  await nav.getByRole('link', { name: 'Settings' }).click();
  await page.getByLabel('Language').selectOption('zh-CN');
  await expect(
    page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '投诉与建议' }),
  ).toBeVisible();
});

test('the setup form itself can be read in English before setup', async ({ page }) => {
  await page.goto('./');
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { name: 'Set up this device' })).toBeVisible();
  await expect(page.getByLabel('Name of the person using this device')).toBeVisible();
});
