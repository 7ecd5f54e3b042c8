// Journeys (issue #17): money on every path and the paper an office hands out. A rejected
// application is withdrawn and refunded, with its receipts and refund slips printed; eleven lost
// passes leave money owed, collected on its own receipt before the case closes; a class-2
// complaint reaches the engineering head, who signs and handles it; and no screen of a filled
// office ever shows an id (UUID) instead of a number people can say.
import { expect, test } from '@playwright/test';
import { ADMIN_PIN, confirmStep, newApplication, openCase, screenshot, setUpDevice, signIn, submitComplete, switchRole } from './helpers.mjs';

const nav = (page, name) => page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name }).click();
const fees = (page) => page.getByRole('region', { name: '收费与证件' });
const refund = (page) => page.getByRole('region', { name: '押金退还' });

/** Collects the intake fees, the contractor paying by WeChat and the owner in cash. */
async function collectFees(page, { passCards = 2 } = {}) {
  await page.getByLabel('施工证张数（每位工人一张）').fill(String(passCards));
  await fees(page).getByLabel('施工单位付款方式').selectOption({ label: '微信' });
  await fees(page).getByLabel('业主付款方式').selectOption({ label: '现金' });
  await fees(page).getByRole('button', { name: '确认收费' }).click();
  await expect(page.getByRole('list', { name: '收据' }).getByRole('listitem')).toHaveCount(2);
}

/** The supervisor's review: every point passes except `failing`, which fails with a remark. */
async function review(page, { failing } = {}) {
  const section = page.getByRole('region', { name: '图纸审核（装修主管）' });
  for (const point of ['对结构的影响', '给排水和燃气的改动', '强弱电系统的改动', '对外立面的影响']) {
    const verdict = point === failing ? '不通过' : '通过';
    await section.getByRole('group', { name: point }).getByRole('radio', { name: verdict, exact: true }).check();
  }
  if (failing) {
    await section.getByLabel(`${failing} · 备注`).fill('拆除承重墙，不予批准');
  }
  await section.getByRole('button', { name: '提交审核结果' }).click();
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** Fails when the page's text or any accessible name or title holds a UUID. */
async function expectNoUuid(page, where) {
  await expect(page.locator('body')).not.toHaveText(UUID);
  const names = await page.evaluate(() =>
    [...document.querySelectorAll('[aria-label], [title], [alt]')].flatMap((element) =>
      ['aria-label', 'title', 'alt'].map((name) => element.getAttribute(name) ?? ''),
    ),
  );
  expect(names.filter((name) => UUID.test(name)), `${where}: accessible names with an id`).toEqual([]);
}

test('ren_41 a rejected application is withdrawn and refunded, with its receipts and refund slip printed', async ({ page }) => {
  await page.clock.install({ time: new Date('2026-11-02T09:00:00+08:00') });
  await setUpDevice(page, { name: '王芳', role: '前台接待', alsoRoles: ['装修主管'] });
  await newApplication(page, { room: '801', name: '陈先生', contractor: '安居装饰' });
  // The case has a number people can say, not an id.
  await expect(page.getByRole('heading', { level: 1 })).toContainText(/ZX2026-[A-Z1-9]\d{4}/);
  const number = (await page.locator('h1 .case-number').textContent()).trim();
  await submitComplete(page);
  await collectFees(page);

  await switchRole(page, '装修主管');
  await openCase(page, '6-1-801');
  await review(page, { failing: '对结构的影响' });
  await expect(page.getByRole('heading', { level: 1 })).toContainText('已退回');

  // The owner gives up: the application is withdrawn, and the deposits are due back on the
  // same REN-41 clocks as after an acceptance.
  await switchRole(page, '前台接待');
  await nav(page, '二次装修');
  // The list filter finds the case by its number, typed in lower case.
  await page.getByLabel('搜索编号、房号、姓名或电话').fill(number.toLowerCase());
  await page.getByRole('list', { name: '装修案件列表' }).getByRole('link', { name: new RegExp(number) }).click();
  await refund(page).getByLabel('结案原因').fill('已办结，押金与费用已结清');
  await refund(page).getByRole('button', { name: '结案' }).click();
  await expect(refund(page).getByRole('alert')).toContainText('REN-41');
  await refund(page).getByRole('button', { name: '撤回申请并退还押金' }).click();
  await expect(refund(page).getByRole('alert')).toContainText('撤回原因');
  await refund(page).getByLabel('撤回原因').fill('业主放弃改动承重墙的方案');
  await refund(page).getByRole('button', { name: '撤回申请并退还押金' }).click();
  await expect(refund(page).getByRole('group', { name: '请确认' })).toContainText('撤回后申请不能恢复');
  await confirmStep(refund(page), '撤回申请并退还押金');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('已撤回');
  await expect(page.locator('.deadline')).toContainText(['退款目标（3个工作日）', '退款期限（7个工作日）']);
  // 1,000 deposit + 2 cards' 20 deposits for the contractor; the owner's 1,000.
  await expect(refund(page).getByRole('row', { name: /施工单位/ })).toContainText('¥1,040.00');
  await refund(page).getByLabel('施工单位退款方式').selectOption({ label: '银行转账' });
  await refund(page).getByRole('button', { name: '记录已退款 · 施工单位 · ¥1,040.00' }).click();
  await refund(page).getByLabel('业主退款方式').selectOption({ label: '现金' });
  await refund(page).getByRole('button', { name: '记录已退款 · 业主 · ¥1,000.00' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('已退款');

  // The contractor's receipt, with its number, method, 大写 and signature lines.
  const receipts = page.getByRole('list', { name: '收据' });
  await receipts.getByRole('link', { name: /^打印收据 SJ2026-/ }).first().click();
  await expect(page.getByRole('heading', { name: '收款收据' })).toBeVisible();
  await expect(page.locator('.paper-number')).toHaveText(/^SJ2026-[A-Z1-9]\d{4}$/);
  await expect(page.locator('.payment-method')).toHaveText('微信');
  await expect(page.locator('.capitals')).toHaveText('壹仟叁佰伍拾元整');
  await expect(page.locator('.signatures')).toContainText('交款人签字：');
  await expect(page.locator('.print-case-number')).toHaveText(number);
  await screenshot(page, 'receipt-print', { print: true });
  await page.getByRole('link', { name: '返回装修列表' }).click();

  // The contractor's refund slip, for the payee to sign.
  await page.getByRole('list', { name: '退款单' }).getByRole('link', { name: /^打印退款单 TK2026-/ }).first().click();
  await expect(page.getByRole('heading', { name: '退款单' })).toBeVisible();
  await expect(page.locator('.capitals')).toHaveText('壹仟零肆拾元整');
  await expect(page.locator('.payment-method')).toHaveText('银行转账');
  await expect(page.locator('.signatures')).toContainText('领款人签字：');
  await screenshot(page, 'refund-slip-print', { print: true });
  await page.getByRole('link', { name: '返回装修列表' }).click();

  await refund(page).getByLabel('结案原因').fill('已办结，押金与费用已结清');
  await refund(page).getByRole('button', { name: '结案' }).click();
  await confirmStep(refund(page), '结案');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('已结案');
  await expectNoUuid(page, 'closed case');
});

test('fee_7 eleven lost passes leave 100 元 owed, collected on its own receipt before the case closes', async ({ page }) => {
  await page.clock.install({ time: new Date('2026-11-02T09:00:00+08:00') });
  await setUpDevice(page, { name: '王芳', role: '前台接待', alsoRoles: ['装修主管'] });
  await newApplication(page, { room: '1102' });
  await submitComplete(page);
  await collectFees(page, { passCards: 11 });
  await page.getByLabel('施工许可证编号').fill('XK-2026-011');
  await page.getByRole('button', { name: '发放施工许可证' }).click();
  await page.getByLabel('发放出入证张数').fill('11');
  await page.getByRole('button', { name: '发放出入证' }).click();
  await page.getByRole('button', { name: '记录已签署装修管理协议' }).click();

  // The agreement prints with the office's own fees and deadlines.
  await page.getByRole('link', { name: '打印装修管理协议' }).click();
  await expect(page.getByRole('heading', { name: '装修管理协议' })).toBeVisible();
  await expect(page.locator('.clauses')).toContainText('¥1,000.00');
  await expect(page.locator('.clauses')).toContainText('3 个工作日内（最迟 7 个工作日）');
  await expect(page.locator('.signatures')).toContainText('丙方（施工单位）签字：');
  await screenshot(page, 'agreement-print', { print: true });
  await page.getByRole('link', { name: '返回装修列表' }).click();

  await switchRole(page, '装修主管');
  await openCase(page, '6-1-1102');
  await review(page);
  await switchRole(page, '前台接待');
  await openCase(page, '6-1-1102');
  await page.getByRole('button', { name: '开始施工' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('施工中');
  for (let pass = 1; pass <= 11; pass += 1) {
    await page.getByRole('button', { name: `出入证 ${pass} 遗失`, exact: true }).click();
    await confirmStep(page, `出入证 ${pass} 遗失`);
    await expect(page.locator('.passes li').nth(pass - 1)).toContainText('已遗失');
  }
  await page.getByRole('button', { name: '申请验收' }).click();
  await page.getByLabel('验收时间').fill('2026-11-04T14:30');
  await page.getByRole('button', { name: '安排验收' }).click();
  await switchRole(page, '装修主管');
  await openCase(page, '6-1-1102');
  await page.getByRole('group', { name: '验收结果' }).getByRole('radio', { name: '验收合格' }).check();
  await page.getByRole('button', { name: '提交验收结果' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('已验收，待退款');
  await page.getByRole('link', { name: '打印验收单' }).click();
  await expect(page.getByRole('heading', { name: '装修验收单' })).toBeVisible();
  await screenshot(page, 'acceptance-print', { print: true });
  await page.getByRole('link', { name: '返回装修列表' }).click();

  // 1,000 − 11 × 100: the contractor owes 100 元 and gets nothing back.
  await switchRole(page, '前台接待');
  await openCase(page, '6-1-1102');
  const contractor = refund(page).getByRole('row', { name: /施工单位/ });
  await expect(contractor).toContainText('¥100.00');
  await refund(page).getByLabel('结案原因').fill('已办结，押金与费用已结清');
  await refund(page).getByRole('button', { name: '结案' }).click();
  await expect(refund(page).getByRole('alert')).toContainText('FEE-7');
  await expect(refund(page).getByRole('alert')).toContainText('施工单位尚未结清');
  await refund(page).getByLabel('施工单位付款方式').selectOption({ label: '支付宝' });
  await refund(page).getByRole('button', { name: '收取欠款并开收据 · 施工单位 · ¥100.00' }).click();
  const owedReceipt = page.getByRole('list', { name: '收据' }).getByRole('listitem').filter({ hasText: '补缴欠款' });
  await expect(owedReceipt).toContainText('支付宝');
  await expect(owedReceipt).toContainText('¥100.00');
  await refund(page).getByLabel('业主退款方式').selectOption({ label: '现金' });
  await refund(page).getByRole('button', { name: '记录已退款 · 业主 · ¥1,000.00' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('已退款');
  await refund(page).getByLabel('结案原因').fill('已办结，押金与费用已结清');
  await refund(page).getByRole('button', { name: '结案' }).click();
  await confirmStep(refund(page), '结案');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('已结案');
});

test('fb_25 a class-2 complaint is seen and handled by the engineering head; no screen shows an id', async ({ page }) => {
  await page.clock.install({ time: new Date('2026-11-02T09:00:00+08:00') });
  await setUpDevice(page, { name: '王芳', role: '前台接待', alsoRoles: ['客户服务部经理'] });
  // The administrator adds the engineering department's head.
  await nav(page, '设置');
  const staff = page.getByRole('region', { name: '员工' });
  await staff.getByLabel('员工姓名').fill('孙工');
  await staff.getByLabel('员工岗位', { exact: true }).selectOption({ label: '部门负责人' });
  await staff.getByLabel('员工所在部门（部门负责人填写）').selectOption({ label: '工程部' });
  await staff.getByLabel('员工 PIN（6–8 位数字）').fill('135791');
  await staff.getByLabel('再次输入员工 PIN').fill('135791');
  await staff.getByRole('button', { name: '添加员工' }).click();
  await expect(staff.getByRole('status')).toHaveText('已添加员工。', { timeout: 15_000 });

  await nav(page, '投诉与建议');
  const intake = page.getByRole('form', { name: '登记投诉或建议' });
  await intake.getByLabel('姓名').fill('刘女士');
  await intake.getByLabel('电话').fill('13900000000');
  await intake.getByLabel('楼栋').fill('5');
  await intake.getByLabel('单元', { exact: true }).fill('1');
  await intake.getByLabel('房号').fill('803');
  await intake.getByLabel('渠道').selectOption({ label: '来访' });
  await intake.getByLabel('事情经过').fill('外墙渗水到卧室');
  await intake.getByRole('button', { name: '登记' }).click();
  await page.getByRole('region', { name: '投诉与建议记录' }).getByRole('link', { name: /外墙渗水到卧室/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(/TS2026-[A-Z1-9]\d{4}/);

  // FB-08: classifying before the verification is refused, naming the step.
  await switchRole(page, '客户服务部经理');
  await nav(page, '投诉与建议');
  await page.getByRole('region', { name: '投诉与建议记录' }).getByRole('link', { name: /外墙渗水到卧室/ }).click();
  await page.getByLabel('类别').selectOption({ label: '2类：开发商或房屋质量' });
  await page.getByLabel('原因').fill('外墙防水失效');
  await page.getByRole('button', { name: '确认分类' }).click();
  await expect(page.getByRole('alert')).toContainText('FB-08');
  await page.getByRole('button', { name: '记录核实' }).click();
  await page.getByRole('button', { name: '确认分类' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('已分类');
  await page.getByLabel('客户诉求').fill('修复外墙并赔偿墙纸');
  await page.getByRole('button', { name: '转出' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('已转部门');

  // The engineering head signs in: the case waits for their signature on the dashboard.
  await page.getByRole('button', { name: '切换用户' }).click();
  await signIn(page, '孙工', '135791');
  await nav(page, '工作台');
  const waiting = page.getByRole('region', { name: /待本部门签认/ });
  await expect(waiting).toContainText('外墙渗水到卧室');
  await waiting.getByRole('link', { name: /外墙渗水到卧室/ }).click();
  await page.getByLabel('处理方法').fill('重做外墙防水，更换墙纸');
  await page.getByLabel('完成期限').fill('2026-11-06T17:00');
  await page.getByLabel('部门负责人签名').fill('孙工');
  await page.getByRole('button', { name: '签署处理单' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('部门处理中');
  await page.getByLabel('处理结果').fill('已修复');
  await page.getByRole('button', { name: '处理完毕，交回客服' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('已处理，待回访');

  // The handling record prints with every step and who took it.
  await page.getByRole('link', { name: '打印处理记录表' }).click();
  await expect(page.getByRole('heading', { name: '客户建议/投诉处理记录表' })).toBeVisible();
  await expect(page.locator('.print-sheet')).toContainText('重做外墙防水，更换墙纸');
  await expect(page.locator('.print-sheet')).toContainText('孙工');
  await screenshot(page, 'feedback-record-print', { print: true });

  // The day's visitor record lists the walk-in.
  await page.getByRole('button', { name: '切换用户' }).click();
  await signIn(page, '王芳', ADMIN_PIN);
  await nav(page, '投诉与建议');
  await page.getByRole('link', { name: '打印来访接待记录表' }).click();
  await expect(page.getByRole('heading', { name: '来访接待记录表' })).toBeVisible();
  await expect(page.locator('.visitor-log')).toContainText('刘女士');
  await expect(page.locator('.visitor-log')).toContainText('王芳');
  await screenshot(page, 'visitor-log-print', { print: true });

  // A filled office: every route, every case page and every printed form speaks in numbers.
  await newApplication(page, { room: '1203' });
  await submitComplete(page);
  await collectFees(page);
  const pages = [];
  for (const name of ['工作台', '二次装修', '投诉与建议', '巡视检查', '工单', '月度报表', '数据同步', '设置']) {
    await nav(page, name);
    await expectNoUuid(page, name);
    pages.push(name);
  }
  await nav(page, '二次装修');
  await page.getByRole('list', { name: '装修案件列表' }).getByRole('link', { name: /6-1-1203/ }).click();
  await expectNoUuid(page, 'renovation case');
  for (const link of ['打印申请表', '打印装修管理协议']) {
    const found = page.getByRole('link', { name: link });
    if ((await found.count()) === 0) continue;
    await found.click();
    await expectNoUuid(page, link);
    await page.goBack();
  }
  await page.getByRole('list', { name: '收据' }).getByRole('link').first().click();
  await expectNoUuid(page, 'receipt');
  await nav(page, '投诉与建议');
  await page.getByRole('region', { name: '投诉与建议记录' }).getByRole('link', { name: /外墙渗水到卧室/ }).click();
  await expectNoUuid(page, 'complaint');
  expect(pages).toHaveLength(8);
});
