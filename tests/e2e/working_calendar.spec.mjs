// Journeys (issue #16, REN-31): the working-day calendar. A deadline counted into 2027 before
// its holidays are entered says so; a 2027 holiday marked in the calendar moves it; once 2027
// is entered the flag and the dashboard's banner go. A bad calendar file changes nothing.
import { expect, test } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { newApplication, openCase, screenshot, setUpDevice, submitComplete } from './helpers.mjs';

const nav = (page, link) => page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: link }).click();

test('ren_31 a 2027 holiday moves an open deadline, and entering 2027 removes the flag and the banner', async ({ page }) => {
  // Monday 28 December 2026: five working days run into 2027.
  await page.clock.install({ time: new Date('2026-12-28T10:00:00+08:00') });
  await setUpDevice(page, { name: '王芳', role: '前台接待', alsoRoles: ['客户服务部经理'] });

  // From 1 December the administrator is asked for next year's holidays.
  const banner = page.getByRole('note', { name: '工作日历' });
  await expect(banner).toContainText('2027 年的节假日还没有录入');

  await newApplication(page, { room: '201' });
  await submitComplete(page);
  // 29, 30, 31 December, then 1 January counted as a working day: due 4 January, flagged.
  const deadline = page.locator('.deadline');
  await expect(deadline).toContainText('到期 2027-01-04 23:59');
  await expect(deadline).toContainText('2027 年节假日未载入，按周末推算');

  // New Year's Day 2027 marked in the calendar moves the deadline a day.
  await nav(page, '工作台');
  await banner.getByRole('link', { name: '打开工作日历' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('工作日历 · 2027');
  await expect(page.getByRole('note').filter({ hasText: '2027 年节假日未载入' })).toBeVisible();
  await page.getByRole('gridcell', { name: /^2027-01-01 / }).click();
  await page.getByLabel('节日名称（可选）').fill('元旦');
  await page.getByRole('button', { name: '设为休息日' }).click();
  await expect(page.getByRole('gridcell', { name: '2027-01-01 休息日 元旦 · 本办公室标记' })).toBeVisible();
  await openCase(page, '6-1-201');
  await expect(deadline).toContainText('到期 2027-01-05 23:59');
  await expect(deadline).toContainText('2027 年节假日未载入');

  // The office confirms 2027 is entered: the flag and the banner go.
  await page.goto('./calendar?year=2027');
  await page.getByRole('button', { name: '确认 2027 年节假日已全部录入' }).click();
  await expect(page.getByRole('note').filter({ hasText: '2027 年节假日已载入' })).toBeVisible();
  await screenshot(page, 'working-calendar');
  await openCase(page, '6-1-201');
  await expect(deadline).toContainText('到期 2027-01-05 23:59');
  await expect(deadline).not.toContainText('未载入');
  await nav(page, '工作台');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('工作台');
  await expect(banner).toHaveCount(0);
});

test('ren_31 a bad calendar file is refused with every problem named, and nothing changes', async ({ page }, testInfo) => {
  await page.clock.install({ time: new Date('2026-12-02T10:00:00+08:00') });
  await setUpDevice(page, { name: '王芳', role: '客户服务部经理' });
  await page.goto('./calendar?year=2027');
  const bad = testInfo.outputPath('bad-calendar.json');
  writeFileSync(bad, JSON.stringify({
    format: 'estate-desk-calendar',
    version: 1,
    years: [2027],
    days: [
      { date: '2027-01-01', kind: 'holiday', name: '元旦' },
      { date: '2027-02-30', kind: 'holiday' },
      { date: '2027-01-04', kind: 'make_up_workday' },
      { date: '2026-10-01', kind: 'holiday' },
    ],
  }));
  await page.getByLabel('导入日历文件').setInputFiles(bad);
  const refusal = page.getByRole('alert');
  await expect(refusal).toContainText('日历文件未导入，日历没有任何改动');
  await expect(refusal).toContainText('第 2 项的日期“2027-02-30”无效');
  await expect(refusal).toContainText('2027-01-04 是工作日，不能设为调休上班');
  await expect(refusal).toContainText('2026-10-01 不在文件写明的年份内');
  await expect(page.getByRole('button', { name: '确认导入日历' })).toHaveCount(0);
  await expect(page.getByRole('gridcell', { name: /^2027-01-01 工作日/ })).toBeVisible();

  // A good file of the same year imports, and the year counts as entered.
  const good = testInfo.outputPath('calendar-2027.json');
  writeFileSync(good, JSON.stringify({
    format: 'estate-desk-calendar',
    version: 1,
    years: [2027],
    days: [
      { date: '2027-01-01', kind: 'holiday', name: '元旦' },
      { date: '2027-02-06', kind: 'make_up_workday', name: '春节调休' },
    ],
  }));
  await page.getByLabel('导入日历文件').setInputFiles(good);
  await expect(page.getByRole('status').filter({ hasText: '文件包含 2027 年，共 2 天。' })).toBeVisible();
  await page.getByRole('button', { name: '确认导入日历' }).click();
  await expect(page.getByRole('gridcell', { name: /^2027-01-01 休息日 元旦/ })).toBeVisible();
  await expect(page.getByRole('gridcell', { name: /^2027-02-06 工作日 春节调休/ })).toBeVisible();
  await expect(page.getByRole('note').filter({ hasText: '2027 年节假日已载入' })).toBeVisible();
});
