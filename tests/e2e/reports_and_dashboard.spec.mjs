// Journeys (REN-21, FB-11, FB-12, X-3): a known office is imported from a bundle; the three
// monthly forms show its known totals, the CSV opens with Chinese text, the dashboard puts the
// most overdue item first, and the tickets list the work owed.
import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { confirmImport, importBundle, screenshot, setUpDevice, switchRole } from './helpers.mjs';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const NOW = new Date('2026-02-10T09:00:00+08:00');

function example(name, args) {
  return execFileSync('cargo', ['run', '-q', '-p', 'estate-core', '--example', name, '--', ...args], {
    cwd: REPO,
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** `¥22,440.00` for 2244000 fen, as the app writes money. */
function yuan(fen) {
  const [whole, cents] = (fen / 100).toFixed(2).split('.');
  return `¥${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${cents}`;
}

test('ren_21_fb_11_fb_12 the monthly forms, their CSV and the dashboard match the known office', async ({ page }, testInfo) => {
  const bundle = testInfo.outputPath('office.json');
  writeFileSync(bundle, example('sample_bundle', ['--cases', '40', '--seed', '7']));
  const known = JSON.parse(example('report_totals', ['--cases', '40', '--seed', '7', '--year', '2026', '--month', '1', '--now-ms', String(NOW.getTime())]));

  await page.clock.install({ time: NOW });
  await setUpDevice(page, { name: '王芳', role: '前台接待', alsoRoles: ['部门负责人'], department: '工程部' });
  await importBundle(page, bundle);
  await confirmImport(page);
  await expect(page.getByRole('status', { name: '导入完成' })).toBeVisible();

  // the dashboard, overdue first, the most overdue line on top.
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '工作台' }).click();
  const overdue = page.getByRole('region', { name: /^已逾期/ });
  await expect(overdue.getByRole('listitem').first()).toContainText(known.first_overdue_front_desk);
  await expect(overdue.getByRole('listitem').first()).toContainText('24小时回复');
  await expect(page.getByRole('region', { name: '各状态数量' })).toContainText('二次装修');

  // The monthly forms for January 2026.
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '月度报表' }).click();
  await page.getByLabel('月份').fill('2026-01');
  const renovation = page.getByRole('region', { name: '每月装修统计表 · 2026-01' });
  const row = (form, label) => form.getByRole('row', { name: new RegExp(`^${label} `) }).getByRole('cell');
  await expect(row(renovation, '装修申请')).toHaveText(String(known.renovation.applications));
  await expect(row(renovation, '审图通过')).toHaveText(String(known.renovation.approvals));
  await expect(row(renovation, '月末施工中')).toHaveText(String(known.renovation.under_construction));
  await expect(row(renovation, '收取费用')).toHaveText(yuan(known.renovation.fees_collected));
  await expect(row(renovation, '收取押金')).toHaveText(yuan(known.renovation.deposits_collected));
  await expect(renovation.getByRole('img', { name: /每月装修统计表/ })).toBeVisible();

  const complaints = page.getByRole('region', { name: '投诉情况月度汇总单 · 2026-01' });
  await expect(row(complaints, '收到投诉')).toHaveText(String(known.complaint.received));
  await expect(row(complaints, '2类：开发商或房屋质量')).toHaveText(String(known.complaint.by_class.building_quality));
  await expect(row(complaints, '未分类')).toHaveText(String(known.complaint.unclassified));
  await expect(row(complaints, '按时答复')).toHaveText(String(known.complaint.answered_on_time));
  await expect(row(complaints, '未答复')).toHaveText(String(known.complaint.unanswered));
  const suggestions = page.getByRole('region', { name: '建议情况月度表 · 2026-01' });
  await expect(row(suggestions, '收到建议')).toHaveText(String(known.suggestion.received));
  await expect(page.getByRole('region', { name: '建议年度汇总 · 2026' })).toBeVisible();

  // The CSV: UTF-8 with a BOM, the form's title and month, one line per row.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: '下载 CSV · 每月装修统计表' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('每月装修统计表-2026-01.csv');
  const csvPath = testInfo.outputPath('renovation.csv');
  await download.saveAs(csvPath);
  const bytes = readFileSync(csvPath);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const lines = bytes.toString('utf8').slice(1).split('\r\n');
  expect(lines[0]).toBe('每月装修统计表,2026-01');
  expect(lines).toContain(`装修申请,${known.renovation.applications}`);
  expect(lines).toContain(`收取费用,${(known.renovation.fees_collected / 100).toFixed(2)}`);

  // The print previews of the three forms.
  await page.emulateMedia({ media: 'print' });
  for (const form of ['renovation', 'complaint', 'suggestion']) {
    await page.evaluate((key) => document.body.setAttribute('data-print', key), form);
    await expect(page.locator(`.report[data-report="${form}"]`)).toBeVisible();
    await screenshot(page, `report-${form}-print`);
  }
  await page.evaluate(() => document.body.removeAttribute('data-print'));
  await page.emulateMedia({ media: 'screen' });

  // The tickets: the engineering head sees the department's work orders, assigns one to a
  // person of the department, notes progress and hands it back as handled (FB-26).
  await switchRole(page, '部门负责人');
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '工单' }).click();
  await expect(page.getByLabel('部门', { exact: true }).or(page.getByLabel('责任部门'))).toHaveValue('engineering');
  const tickets = page.getByRole('list', { name: '未完成的工单' });
  await page.getByLabel('类型').selectOption({ label: '部门处理单' });
  const first = tickets.getByRole('listitem').filter({ has: page.getByRole('button', { name: '处理完毕，交回客服' }) }).first();
  await expect(first).toContainText('工程部');
  await expect(first).toContainText('部门完成');
  const unit = (await first.locator('.record__unit').textContent()).trim();
  const line = tickets.getByRole('listitem').filter({ hasText: unit });
  await line.getByLabel('指派给（部门人员）').fill('李师傅');
  await line.getByRole('button', { name: '指派' }).click();
  await expect(line).toContainText('负责人: 李师傅');
  await line.getByLabel('进展').fill('已到现场查看');
  await line.getByRole('button', { name: '记录进展' }).click();
  await expect(line.getByRole('status')).toHaveText('已保存。');
  await line.getByLabel('处理结果').fill('已修复');
  await line.getByRole('button', { name: '处理完毕，交回客服' }).click();
  await expect(tickets.getByRole('listitem').filter({ hasText: unit })).toHaveCount(0);
  await page.getByLabel('类型').selectOption({ label: '回访' });
  await expect(tickets.getByRole('listitem').filter({ hasText: unit })).toContainText('回访');
});
