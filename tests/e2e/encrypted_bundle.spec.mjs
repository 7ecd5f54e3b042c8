// Journey: a bundle exported with a passphrase cannot be read without it; the wrong passphrase
// is named as such; the right one imports.
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { confirmImport, setUpDevice } from './helpers.mjs';

test('an encrypted bundle imports only with its passphrase', async ({ browser }, testInfo) => {
  const tabletContext = await browser.newContext();
  const deskContext = await browser.newContext();
  const tablet = await tabletContext.newPage();
  const desk = await deskContext.newPage();
  await setUpDevice(tablet, { name: '赵巡', role: '巡视员' });
  await setUpDevice(desk, { name: '王芳', role: '前台接待' });

  await tablet.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '投诉与建议' }).click();
  const form = tablet.getByRole('form', { name: '登记投诉或建议' });
  await form.getByLabel('姓名').fill('身份证号 110101199001011234 的业主');
  await form.getByLabel('电话').fill('13912345678');
  await form.getByLabel('楼栋').fill('9');
  await form.getByLabel('单元').fill('1');
  await form.getByLabel('房号').fill('901');
  await form.getByLabel('事情经过').fill('加密导出的投诉');
  await form.getByRole('button', { name: '登记' }).click();
  await expect(form.getByRole('status')).toHaveText('已登记。');

  await tablet.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '数据同步' }).click();
  await tablet.getByLabel('加密口令').fill('短');
  await tablet.getByRole('button', { name: '导出全部数据' }).click();
  await expect(tablet.getByRole('region', { name: '导出数据包' }).getByRole('status')).toHaveText('口令至少需要 8 个字符。');
  await tablet.getByLabel('加密口令').fill('物业 前台 2026');
  const [download] = await Promise.all([tablet.waitForEvent('download'), tablet.getByRole('button', { name: '导出全部数据' }).click()]);
  const path = testInfo.outputPath('encrypted.json');
  await download.saveAs(path);
  const file = readFileSync(path, 'utf8');
  expect(file).toContain('estate-desk-encrypted-bundle');
  expect(file).not.toContain('13912345678');

  await desk.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '数据同步' }).click();
  await desk.getByLabel('选择数据包文件').setInputFiles(path);
  await desk.getByLabel('此数据包已加密，请输入口令').fill('错误的口令');
  await desk.getByRole('button', { name: '解密并预览' }).click();
  await expect(desk.getByRole('alert')).toHaveText('口令不正确，或文件已被改动。');
  await desk.getByLabel('此数据包已加密，请输入口令').fill('物业 前台 2026');
  await desk.getByRole('button', { name: '解密并预览' }).click();
  await confirmImport(desk);
  await expect(desk.getByRole('status', { name: '导入完成' }).getByTestId('imported')).toHaveText('3'); // the complaint, the tablet's staff profile and its device enrolment
  await desk.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '投诉与建议' }).click();
  await expect(desk.getByRole('region', { name: '投诉与建议记录' })).toContainText('加密导出的投诉');

  await tabletContext.close();
  await deskContext.close();
});
