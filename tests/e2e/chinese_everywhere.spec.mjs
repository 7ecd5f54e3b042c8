// Journey (issue #20): a filled office in zh-CN, every route visited after the refusals of
// every workflow were triggered, and not one visible English word. Refusals are typed in core
// and translated by one exhaustive catalogue, so English cannot leak into the Chinese UI.
import { expect, test } from '@playwright/test';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EVERY_ROLE, ROUTES, confirmImport, importBundle, setUpDevice, switchRole, writeSampleOffice } from './helpers.mjs';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

// What may show in Latin letters on a Chinese screen: the technical words the office uses as
// they are, and "English" as the language switch names its language.
// Names that Chinese screens write in Latin letters too: the sync server's product and the
// protocol words an administrator types (issue #18).
const ALLOWED = new Set(['PIN', 'QR', 'CSV', 'JSON', 'English', 'CouchDB', 'HTTPS', 'localhost']);

/** The Latin words of 3+ letters in `text`, ids, hashes and rule references aside. */
export function latinWords(text) {
  const words = text
    // What a file or a person wrote is quoted “like this” and shown as it is.
    .replace(/“[^”]*”/g, ' ')
    // A rule reference (REN-30, FEE-1, FB-22, X-1) names the manual's article.
    .replace(/\b(?:REN|FEE|FB|X)-\d+\b/g, ' ')
    // Ids are not words: UUIDs, hashes, and the hyphenated ids of devices and events in a
    // refused file (issue #17 replaces the ids a person reads).
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, ' ')
    .replace(/\b[0-9a-f]{16,}\b/gi, ' ')
    .replace(/\b(?=[\w-]*\d)[A-Za-z0-9]+(?:-[A-Za-z0-9]+)+\b/g, ' ')
    .match(/[A-Za-z]{3,}/g) ?? [];
  return words.filter((word) => !ALLOWED.has(word));
}

async function expectChineseOnly(page, where) {
  await page.waitForLoadState('domcontentloaded');
  const text = await page.locator('body').innerText();
  expect(latinWords(text), `English on ${where}: ${text.slice(0, 400)}`).toEqual([]);
}

const nav = (page, link) => page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: link }).click();

test('x_2 every route and every refusal of a filled office speaks Chinese', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  const office = testInfo.outputPath('office.json');
  writeSampleOffice(office, 40);
  await setUpDevice(page, EVERY_ROLE);
  await importBundle(page, office);
  await confirmImport(page);
  await expect(page.getByRole('status', { name: '导入完成' })).toBeVisible();
  await expectChineseOnly(page, 'the import report');

  // Sync: a damaged file is refused, each problem named.
  await page.getByLabel('选择数据包文件').setInputFiles(join(REPO, 'tests/fixtures/bad-bundles/chain_broken--removed-event.json'));
  await expect(page.getByRole('alert')).toContainText('断开');
  await expectChineseOnly(page, 'a refused bundle');
  await page.getByLabel('选择数据包文件').setInputFiles(join(REPO, 'tests/fixtures/bad-bundles/malformed_event--unknown-role.json'));
  await expect(page.getByRole('alert')).toContainText('无法读取');
  for (const fixture of ['schema--unknown-header-field', 'attachment_corrupt--wrong-size', 'wrong_format--other-app']) {
    await page.getByLabel('选择数据包文件').setInputFiles(join(REPO, `tests/fixtures/bad-bundles/${fixture}.json`));
    await expect(page.getByRole('alert')).toContainText(fixture.startsWith('schema') ? '字段' : fixture.startsWith('attachment') ? '字节' : '不是物业客服台');
    await expectChineseOnly(page, fixture);
  }
  await expectChineseOnly(page, 'a bundle with an unreadable event');

  // Renovation: an empty application, then a submission with everything missing.
  await nav(page, '二次装修');
  await page.getByRole('link', { name: '新建装修申请' }).click();
  await page.getByRole('button', { name: '创建申请，进入材料清单' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  await expectChineseOnly(page, 'an empty application');
  await page.getByLabel('楼栋').fill('9');
  await page.getByLabel('单元', { exact: true }).fill('1');
  await page.getByLabel('房号').fill('909');
  await page.getByLabel('姓名', { exact: true }).fill('陈先生');
  await page.getByRole('button', { name: '创建申请，进入材料清单' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('9-1-909');
  await page.getByRole('button', { name: '提交审图' }).click();
  await expect(page.getByRole('alert')).toContainText('缺少');
  await expectChineseOnly(page, 'a submission with documents missing');

  // Feedback: an empty intake; a reply with no explanation; a classification with no cause.
  await nav(page, '投诉与建议');
  const intake = page.getByRole('form', { name: '登记投诉或建议' });
  await intake.getByRole('button', { name: '登记' }).click();
  await expect(intake.getByRole('alert')).toBeVisible();
  await expectChineseOnly(page, 'an empty intake');
  await intake.getByLabel('姓名').fill('刘女士');
  await intake.getByLabel('电话').fill('13800000000');
  await intake.getByLabel('楼栋').fill('9');
  await intake.getByLabel('单元', { exact: true }).fill('1');
  await intake.getByLabel('房号').fill('910');
  await intake.getByLabel('事情经过').fill('楼道灯不亮');
  await intake.getByRole('button', { name: '登记' }).click();
  await page.getByRole('region', { name: '投诉与建议记录' }).getByRole('link', { name: /楼道灯不亮/ }).click();
  await page.getByRole('button', { name: '记录已回复' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  await expectChineseOnly(page, 'a reply with no explanation');
  await switchRole(page, '客户服务部经理');
  await nav(page, '投诉与建议');
  await page.getByRole('region', { name: '投诉与建议记录' }).getByRole('link', { name: /楼道灯不亮/ }).click();
  await page.getByRole('button', { name: '确认分类' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  await expectChineseOnly(page, 'a classification with no cause');

  // Patrol: a patrol saved with nothing judged.
  await switchRole(page, '巡视员');
  await nav(page, '巡视检查');
  await page.getByRole('list', { name: '今日巡视路线' }).getByRole('link').first().click();
  await page.getByRole('button', { name: '完成巡视' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  await expectChineseOnly(page, 'an incomplete patrol');

  // Settings: a staff member with a short PIN.
  await switchRole(page, '前台接待');
  await nav(page, '设置');
  const staff = page.getByRole('region', { name: '员工' });
  await staff.getByLabel('员工姓名').fill('钱多');
  await staff.getByLabel('员工 PIN（6–8 位数字）').fill('12');
  await staff.getByLabel('再次输入员工 PIN').fill('12');
  await staff.getByRole('button', { name: '添加员工' }).click();
  await expect(staff.getByRole('alert')).toBeVisible();
  await expectChineseOnly(page, 'a staff member with a short PIN');

  // Every route of the menu, for each role, and the case pages and printed forms.
  for (const role of ['前台接待', '装修主管', '巡视员', '客户服务部经理', '部门负责人']) {
    await switchRole(page, role);
    for (const route of ROUTES) {
      await nav(page, route.link);
      await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
      await expectChineseOnly(page, `${route.link} as ${role}`);
    }
  }
  await nav(page, '二次装修');
  const cases = page.getByRole('list', { name: '装修案件列表' }).getByRole('link');
  for (const index of [0, 2, 4, 6]) {
    await nav(page, '二次装修');
    await cases.nth(index).click();
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expectChineseOnly(page, `renovation case ${index}`);
    for (const form of ['打印申请表', '打印装修管理协议', /^打印收据 /, /^打印退款单 /, '打印许可证和出入证', '打印验收单']) {
      const link = page.getByRole('link', { name: form }).first();
      if (await link.count()) {
        await link.click();
        await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
        await expectChineseOnly(page, `${form} of case ${index}`);
        await page.goBack();
      }
    }
  }
  await nav(page, '投诉与建议');
  const feedback = page.getByRole('region', { name: '投诉与建议记录' }).getByRole('link');
  for (const index of [0, 2, 4]) {
    await nav(page, '投诉与建议');
    await feedback.nth(index).click();
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expectChineseOnly(page, `feedback case ${index}`);
    await page.getByRole('link', { name: '打印处理记录表' }).click();
    await expect(page.getByRole('heading', { name: '客户建议/投诉处理记录表' })).toBeVisible();
    await expectChineseOnly(page, `the handling record of feedback case ${index}`);
  }
  await nav(page, '投诉与建议');
  await page.getByRole('link', { name: '打印来访接待记录表' }).click();
  await expectChineseOnly(page, 'the visitor record');
  await page.goto('./conflicts');
  await expectChineseOnly(page, 'the conflicts page');
  await page.goto('./no-such-page');
  await expectChineseOnly(page, 'a missing page');
});

test('the Latin-word check finds English and lets ids, rule references and the allow-list pass', () => {
  expect(latinWords('缺少：course of events')).toEqual(['course', 'events']);
  expect(latinWords('案件编号 0193a7c2-5d1e-7c3a-9f00-123456789abc · FB-22 · PIN · English')).toEqual([]);
  expect(latinWords('plumbing_and_gas: 渗漏')).toEqual(['plumbing', 'and', 'gas']);
  expect(latinWords('设备 tablet-1 的记录链在 tablet-1-00000003 之前断开')).toEqual([]);
  expect(latinWords('有本应用无法识别的取值“administrator”')).toEqual([]);
});
