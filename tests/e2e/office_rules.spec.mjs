// Journeys (issue #16): the office sets its own rules in Settings. A new owner's deposit
// charges new cases and leaves older ones as charged; a wrong value is named beside its field;
// the rules travel to a second device in a bundle.
import { expect, test } from '@playwright/test';
import { confirmImport, exportBundle, importBundle, newApplication, openCase, screenshot, setUpDevice, submitComplete } from './helpers.mjs';

const settings = (page) => page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '设置' }).click();
const rules = (page) => page.getByRole('region', { name: '办公规则' });

async function collectFees(page) {
  const fees = page.getByRole('region', { name: '收费与证件' });
  await fees.getByLabel('施工单位付款方式').selectOption({ label: '微信' });
  await fees.getByLabel('业主付款方式').selectOption({ label: '现金' });
  await fees.getByRole('button', { name: '确认收费' }).click();
  await expect(page.getByRole('region', { name: '费用台账' })).toContainText('装修保证金');
}

test('fee_1 the owner deposit set to 2,000 charges new cases; an older case keeps 1,000', async ({ page }) => {
  await page.clock.install({ time: new Date('2026-11-10T09:00:00+08:00') });
  await setUpDevice(page, { name: '王芳', role: '前台接待', alsoRoles: ['客户服务部经理'] });
  await newApplication(page, { room: '101' });
  await submitComplete(page);
  await collectFees(page);
  await expect(page.getByRole('region', { name: '费用台账' })).toContainText('¥1,000.00');

  // Every problem shows beside its field at once, and nothing is saved while one remains.
  await settings(page);
  const form = rules(page);
  await form.getByLabel('装修保证金（业主）（元）').fill('-5');
  await form.getByLabel('审图期限（工作日）').fill('0');
  await form.getByLabel('退款目标（工作日）').fill('9');
  await expect(form.locator('#policy-owner-deposit-problem')).toHaveText('金额不能为负数');
  await expect(form.locator('#policy-drawing-review-days-problem')).toHaveText('不能为零');
  await expect(form.locator('#policy-refund-target-days-problem')).toHaveText('退款目标不能晚于退款期限');
  await form.getByRole('button', { name: '保存办公规则' }).click();
  await expect(form.getByRole('alert').last()).toContainText('审图期限（工作日）：不能为零');
  await expect(form.getByRole('list', { name: '修改记录' })).toContainText('还没有修改过。');

  await form.getByLabel('装修保证金（业主）（元）').fill('2,000.00');
  await form.getByLabel('审图期限（工作日）').fill('5');
  await form.getByLabel('退款目标（工作日）').fill('3');
  await form.getByRole('button', { name: '保存办公规则' }).click();
  await expect(form.locator('.form-status')).toHaveText('已保存。');
  await expect(form.getByRole('list', { name: '修改记录' })).toContainText('王芳');
  await expect(form.getByRole('list', { name: '修改记录' })).toContainText('装修保证金（业主） ¥1,000.00 → ¥2,000.00');
  await screenshot(page, 'settings-office-rules');

  // A new case charges 2,000; the older one still shows the 1,000 it was charged.
  await newApplication(page, { room: '102' });
  await submitComplete(page);
  await expect(page.getByRole('region', { name: '收费与证件' }).locator('tbody')).toContainText('¥2,000.00');
  await collectFees(page);
  await expect(page.getByRole('region', { name: '费用台账' })).toContainText('¥2,000.00');
  await openCase(page, '6-1-101');
  await expect(page.getByRole('region', { name: '费用台账' })).toContainText('¥1,000.00');
  await expect(page.getByRole('region', { name: '费用台账' })).not.toContainText('¥2,000.00');
});

test('fee_1 the office rules travel to a second device in a bundle', async ({ browser }, testInfo) => {
  const deskContext = await browser.newContext();
  const desk = await deskContext.newPage();
  await setUpDevice(desk, { name: '王芳', role: '客户服务部经理' });
  await settings(desk);
  await rules(desk).getByLabel('维护费（施工单位）（元）').fill('450');
  await rules(desk).getByLabel('退款期限（工作日）').fill('10');
  await rules(desk).getByLabel('立即通知工程部的事项').selectOption({ label: '所有转出的事项' });
  await rules(desk).getByRole('button', { name: '保存办公规则' }).click();
  await expect(rules(desk).locator('.form-status')).toHaveText('已保存。');
  const bundle = testInfo.outputPath('rules.json');
  await exportBundle(desk, bundle);

  const tabletContext = await browser.newContext();
  const tablet = await tabletContext.newPage();
  await setUpDevice(tablet, { name: '李工', role: '客户服务部经理' });
  await importBundle(tablet, bundle);
  await confirmImport(tablet);
  await expect(tablet.getByRole('status', { name: '导入完成' })).toBeVisible();
  await settings(tablet);
  await expect(rules(tablet).getByLabel('维护费（施工单位）（元）')).toHaveValue('450.00');
  await expect(rules(tablet).getByLabel('退款期限（工作日）')).toHaveValue('10');
  await expect(rules(tablet).getByLabel('立即通知工程部的事项')).toHaveValue('every_forward');
  await expect(rules(tablet).getByRole('list', { name: '修改记录' })).toContainText('退款期限（工作日） 7 → 10');
  await deskContext.close();
  await tabletContext.close();
});
