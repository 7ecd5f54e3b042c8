// Journey (issue #22): five roles through their day on three devices that joined one office.
// The front desk founds the office and adds the staff; the inspector's tablet and the back
// office PC join it (no second office, no duplicate profile, no accidental administrator).
// Along the way: no decision arrives pre-made, irreversible steps ask first, hand-offs reach
// the right 工作台, and every refused or incomplete action says why, next to its button.
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import {
  confirmImport,
  confirmStep,
  exportBundle,
  importBundle,
  newApplication,
  screenshot,
  setUpDevice,
  signIn,
  submitComplete,
} from './helpers.mjs';

const STAFF_PIN = '135791';
const nav = (page, link) => page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: link }).click();
const heading = (page) => page.getByRole('heading', { level: 1 });

async function addStaff(page, { name, role, department }) {
  await nav(page, '设置');
  const staff = page.getByRole('region', { name: '员工' });
  await staff.getByLabel('员工姓名').fill(name);
  await staff.getByLabel('员工岗位', { exact: true }).selectOption({ label: role });
  if (department) {
    await staff.getByLabel('员工所在部门（部门负责人填写）').selectOption({ label: department });
  }
  await staff.getByLabel('员工 PIN（6–8 位数字）').fill(STAFF_PIN);
  await staff.getByLabel('再次输入员工 PIN').fill(STAFF_PIN);
  await staff.getByRole('button', { name: '添加员工' }).click();
  await expect(staff.getByRole('status')).toHaveText('已添加员工。', { timeout: 15_000 });
  // The form starts over for the next person: no department carried over.
  await expect(staff.getByLabel('员工所在部门（部门负责人填写）')).toHaveValue('');
  await expect(staff.getByLabel('员工岗位', { exact: true })).toHaveValue('front_desk');
}

/** A fresh device joins the office from `bundle`, on an administrator's PIN, then `name` signs in. */
async function join(page, bundle, name) {
  await page.goto('./');
  await expect(heading(page)).toHaveText('设置本设备');
  const joining = page.getByRole('region', { name: '加入现有管理处' });
  await joining.getByLabel('选择数据包文件').setInputFiles(bundle);
  await expect(joining.getByRole('region', { name: '导入预览' })).toBeVisible();
  await confirmImport(page);
  // Joined: the office's own profiles sign in; nobody set up a profile here.
  await expect(heading(page)).toHaveText('登录');
  await signIn(page, name, STAFF_PIN);
  await expect(page.getByRole('navigation', { name: '主导航' })).toBeVisible();
}

async function staffNames(page) {
  await nav(page, '设置');
  return page.getByRole('region', { name: '员工' }).getByRole('list', { name: '员工名单' }).getByRole('listitem');
}

async function openFeedback(page, what) {
  await nav(page, '投诉与建议');
  await page.getByRole('region', { name: '投诉与建议记录' }).getByRole('link', { name: new RegExp(what) }).click();
  await expect(heading(page)).toBeVisible();
}

test('x_1 x_3 five roles on three devices of one office: joined, handed over, asked before, told why', async ({ browser }, testInfo) => {
  test.setTimeout(300_000);
  const [deskContext, tabletContext, officeContext] = await Promise.all([
    browser.newContext({ viewport: { width: 1366, height: 768 } }),
    browser.newContext({ viewport: { width: 768, height: 1024 } }),
    browser.newContext({ viewport: { width: 1366, height: 768 } }),
  ]);
  const desk = await deskContext.newPage();
  const tablet = await tabletContext.newPage();
  const office = await officeContext.newPage();

  // 08:30 The front desk founds the office and adds the other four.
  await setUpDevice(desk, { name: '王芳', role: '前台接待' });
  await addStaff(desk, { name: '周主管', role: '装修主管' });
  await addStaff(desk, { name: '赵巡', role: '巡视员' });
  await addStaff(desk, { name: '李经理', role: '客户服务部经理' });
  await addStaff(desk, { name: '陈工', role: '部门负责人', department: '工程部' });

  // The tablet offers to join, and shows its card for the administrator to enrol.
  await tablet.goto('./');
  const joining = tablet.getByRole('region', { name: '加入现有管理处' });
  await joining.getByLabel('本设备使用人（显示在设备卡片上）').fill('赵巡');
  await expect(joining.getByRole('img', { name: '本设备卡片' })).toBeVisible();
  await screenshot(tablet, 'join-office');
  const [cardDownload] = await Promise.all([
    tablet.waitForEvent('download'),
    joining.getByRole('button', { name: '下载本设备卡片' }).click(),
  ]);
  expect(cardDownload.suggestedFilename()).toMatch(/^设备卡片-[0-9a-f]{8}\.json$/);
  const cardPath = testInfo.outputPath('tablet-card.json');
  await cardDownload.saveAs(cardPath);
  expect(JSON.parse(readFileSync(cardPath, 'utf8')).name).toBe('赵巡的设备');
  await nav(desk, '设置');
  const devices = desk.getByRole('region', { name: '设备' });
  await devices.getByLabel('导入设备卡片以登记设备').setInputFiles(cardPath);
  await expect(devices.getByRole('list', { name: '已登记的设备' })).toContainText('赵巡的设备');

  const officeBundle = testInfo.outputPath('office.json');
  await exportBundle(desk, officeBundle);
  await join(tablet, officeBundle, '赵巡');
  await expect(tablet.getByRole('banner')).toContainText('赵巡 · 巡视员');
  await join(office, officeBundle, '李经理');

  // The inspector is not offered the application form; the front desk files one.
  await nav(tablet, '二次装修');
  await expect(tablet.getByRole('link', { name: '新建装修申请' })).toHaveCount(0);
  await tablet.goto('./new-renovation');
  await expect(tablet.getByRole('note')).toContainText('当前岗位不能登记');
  await expect(tablet.getByLabel('房号')).toHaveCount(0);

  await newApplication(desk, { room: '1201' });
  // Incomplete: the refusal names every missing item, next to the button.
  await desk.getByRole('button', { name: '提交审图' }).click();
  await expect(desk.getByRole('alert')).toContainText('缺少：身份证复印件');
  await submitComplete(desk);
  const strip = desk.getByRole('region', { name: '案件概况' });
  await expect(strip.getByTestId('state-now')).toHaveText('待审图');
  // Waiting for the drawing review: the supervisor acts next, nobody else is named.
  await expect(strip.getByTestId('acts-next')).toHaveText('装修主管');
  // The timeline shows its last five entries until asked for all.
  const timeline = desk.getByRole('region', { name: '经过', exact: true });
  await expect(timeline.getByRole('listitem')).toHaveCount(5);
  await timeline.getByRole('button', { name: /显示全部 \d+ 条记录/ }).click();
  await expect(timeline.getByRole('listitem')).not.toHaveCount(5);
  await screenshot(desk, 'case-status-strip');

  // A walk-in complaint about a leaking ceiling (class 2, for engineering).
  await nav(desk, '投诉与建议');
  const intake = desk.getByRole('form', { name: '登记投诉或建议' });
  await intake.getByLabel('姓名').fill('陈先生');
  await intake.getByLabel('电话').fill('13800000000');
  await intake.getByLabel('楼栋').fill('2');
  await intake.getByLabel('单元', { exact: true }).fill('1');
  await intake.getByLabel('房号').fill('301');
  await intake.getByLabel('事情经过').fill('卫生间顶棚渗水');
  await intake.getByRole('button', { name: '登记' }).click();
  await expect(intake.getByRole('status')).toHaveText('已登记。');
  await openFeedback(desk, '卫生间顶棚渗水');
  await desk.getByRole('button', { name: '记录核实' }).click();
  await expect(desk.getByRole('region', { name: '案件概况' }).getByTestId('acts-next')).toContainText('客户服务部经理');

  // Desk → back office: the CS manager classifies and forwards to engineering.
  const fromDesk = testInfo.outputPath('from-desk.json');
  await exportBundle(desk, fromDesk);
  await importBundle(office, fromDesk);
  // The desk is enrolled there (its enrolment came with the office), so no PIN is asked.
  await expect(office.getByLabel('管理员 PIN（导入未登记设备的数据包需要）')).toHaveCount(0);
  await office.getByRole('button', { name: '确认导入' }).click();
  await expect(office.getByRole('status', { name: '导入完成' })).toBeVisible();
  await openFeedback(office, '卫生间顶棚渗水');
  await office.getByLabel('类别').selectOption({ label: '2类：开发商或房屋质量' });
  await office.getByLabel('原因').fill('顶板渗漏');
  await office.getByRole('button', { name: '确认分类' }).click();
  await expect(heading(office)).toContainText('已分类');
  await office.getByLabel('客户诉求').fill('尽快维修');
  await office.getByRole('button', { name: '转出' }).click();
  await expect(heading(office)).toContainText('已转部门');

  // The engineering head signs in on the same PC: the hand-off is on their 工作台.
  await office.getByRole('button', { name: '切换用户' }).click();
  await signIn(office, '陈工', STAFF_PIN);
  await nav(office, '工作台');
  await expect(office.locator('main')).toContainText('卫生间顶棚渗水');
  await openFeedback(office, '卫生间顶棚渗水');
  // Signing without a deadline says so, next to the button.
  await office.getByLabel('处理方法').fill('更换防水层');
  await office.getByRole('button', { name: '签署处理单' }).click();
  await expect(office.getByRole('alert')).toContainText('完成期限');

  // The supervisor reviews on the back-office PC: nothing is pre-approved.
  const fromDeskAgain = testInfo.outputPath('from-desk-2.json');
  await exportBundle(desk, fromDeskAgain);
  await office.getByRole('button', { name: '切换用户' }).click();
  await signIn(office, '周主管', STAFF_PIN);
  await importBundle(office, fromDeskAgain);
  await office.getByRole('button', { name: '确认导入' }).click();
  await expect(office.getByRole('status', { name: '导入完成' })).toBeVisible();
  await nav(office, '二次装修');
  await office.getByRole('list', { name: '装修案件列表' }).getByRole('link', { name: /1201/ }).click();
  const review = office.getByRole('region', { name: '图纸审核（装修主管）' });
  await expect(review.getByRole('radio', { checked: true })).toHaveCount(0);
  await review.getByRole('button', { name: '提交审核结果' }).click();
  await expect(review.getByRole('alert')).toContainText('缺少：对结构的影响');

  // The tablet's day comes back to the desk: one 赵巡, no new administrator, no PIN asked.
  const fromTablet = testInfo.outputPath('from-tablet.json');
  await exportBundle(tablet, fromTablet);
  await importBundle(desk, fromTablet);
  await expect(desk.getByLabel('管理员 PIN（导入未登记设备的数据包需要）')).toHaveCount(0);
  await desk.getByRole('button', { name: '确认导入' }).click();
  await expect(desk.getByRole('status', { name: '导入完成' })).toBeVisible();
  const names = await staffNames(desk);
  await expect(names).toHaveCount(5);
  await expect(names.filter({ hasText: '赵巡' })).toHaveCount(1);
  await expect(names.locator('.badge').filter({ hasText: /^管理员$/ })).toHaveCount(1);

  // The last administrator cannot leave: refused beside the button. Saving another form
  // afterwards clears that old refusal.
  const wang = names.filter({ hasText: '王芳' });
  await wang.getByRole('button', { name: '王芳离职' }).click();
  await expect(wang.getByRole('alert')).toContainText('至少要保留一名管理员');
  const zhou = names.filter({ hasText: '周主管' });
  await zhou.getByText('修改周主管的岗位').click();
  await zhou.getByRole('button', { name: '保存岗位' }).click();
  await expect(zhou.getByRole('status')).toHaveText('已保存。');
  await expect(wang.getByRole('alert')).toHaveCount(0);

  // A profile left with no role is refused beside its form; the next step clears that.
  const chen = names.filter({ hasText: '陈工' });
  await chen.getByText('修改陈工的岗位').click();
  await chen.getByRole('group', { name: '岗位（第一个为登录后的默认岗位）' }).getByLabel('部门负责人').uncheck();
  await chen.getByRole('button', { name: '保存岗位' }).click();
  await expect(chen.getByRole('alert')).toContainText('岗位');

  // Retiring someone asks first and says what it means; the profile stays, marked.
  await desk.getByRole('button', { name: '陈工离职' }).click();
  await expect(chen.getByRole('alert')).toHaveCount(0);
  await expect(desk.getByRole('group', { name: '请确认' })).toContainText('以往的记录仍署其姓名');
  await expect(names.filter({ hasText: '陈工' }).locator('.badge')).not.toContainText(['已离职']);
  await confirmStep(desk, '陈工离职');
  await expect(names.filter({ hasText: '陈工' }).locator('.badge')).toContainText(['已离职']);
  await expect(names).toHaveCount(5);
  await screenshot(desk, 'settings-staff');
});
