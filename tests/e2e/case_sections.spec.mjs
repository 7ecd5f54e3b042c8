// Journey (issue #20): the case pages are frames of sections that stay mounted across saves. A
// remark half-typed in one section survives a save in another, and the outcome of an earlier
// step clears once another step is pressed.
import { expect, test } from '@playwright/test';
import { openCase, recordComplaint, setUpDevice } from './helpers.mjs';

async function newApplication(page, room) {
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '二次装修' }).click();
  await page.getByRole('link', { name: '新建装修申请' }).click();
  await page.getByLabel('楼栋').fill('6');
  await page.getByLabel('单元', { exact: true }).fill('2');
  await page.getByLabel('房号').fill(room);
  await page.getByLabel('姓名', { exact: true }).fill('周先生');
  await page.getByRole('button', { name: '创建申请，进入材料清单' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(`6-2-${room}`);
}

test('a half-typed field in one section survives a save in another section', async ({ page }) => {
  await setUpDevice(page, { name: '王芳', role: '前台接待' });
  await newApplication(page, '601');

  // The contractor's name is typed but not saved; the notes are saved in another section.
  await page.getByLabel('施工单位名称').fill('安居装饰（未保存）');
  await page.getByText('联系方式与备注').click();
  await page.getByLabel('备注').fill('业主下午在家');
  await page.getByRole('button', { name: '保存修改' }).click();
  const outcomes = page.locator('main .form-status');
  await expect(outcomes).toHaveText(['已保存。']);
  await expect(page.locator('.facts')).toContainText('业主下午在家');
  await expect(page.getByLabel('施工单位名称')).toHaveValue('安居装饰（未保存）');

  // A paper copy received in the checklist: the counts change, the typed name is still there,
  // and the earlier "saved" beside the notes is gone.
  await page.getByRole('button', { name: '收到纸质件: 身份证复印件' }).click();
  await expect(page.getByRole('row', { name: /身份证复印件/ })).toContainText('1/1 齐全');
  await expect(page.getByLabel('施工单位名称')).toHaveValue('安居装饰（未保存）');
  await expect(outcomes).toHaveCount(1);
  await expect(page.getByRole('row', { name: /身份证复印件/ }).locator('.form-status')).toHaveText('已保存。');

  // The same on a complaint: the reply typed but not sent survives the verification.
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '投诉与建议' }).click();
  await recordComplaint(page, { name: '吴女士', room: '602', what: '电梯按钮失灵' });
  await page.getByRole('region', { name: '投诉与建议记录' }).getByRole('link', { name: /电梯按钮失灵/ }).click();
  await page.getByLabel('解释与答复').fill('已通知电梯维保');
  await page.getByRole('button', { name: '记录核实' }).click();
  await expect(page.getByRole('region', { name: '经过', exact: true })).toContainText('核实');
  await expect(page.getByLabel('解释与答复')).toHaveValue('已通知电梯维保');

  // What was only typed was never saved: the case opened afresh has no contractor.
  await openCase(page, '6-2-601');
  await expect(page.getByLabel('施工单位名称')).toHaveValue('');
});
