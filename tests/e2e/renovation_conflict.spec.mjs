// Journey (sync, X-1/X-2): a tablet (the renovation supervisor) and the front desk hold the same
// renovation case, work on it offline, and exchange bundles. Both end with the same case; the
// clash on the resident's phone is kept with both values and shown for review; the photo the
// tablet took arrives and the report counts it; the supervisor's choice travels back.
import { expect, test } from '@playwright/test';
import { confirmImport, exportBundle, importBundle, openCase, PHOTO, setUpDevice, waitForOfflineShell } from './helpers.mjs';

async function editResidentPhone(page, phone) {
  await page.getByText('联系方式与备注').click();
  await page.getByLabel('住户电话').fill(phone);
  await page.getByRole('button', { name: '保存修改' }).click();
  await expect(page.locator('.facts .resident')).toContainText(phone);
}

async function importAll(page, path) {
  await importBundle(page, path);
  await confirmImport(page);
  return page.getByRole('status', { name: '导入完成' });
}

test('x_2 two devices edit one case offline; the clash is kept for review and settled', async ({ browser }, testInfo) => {
  const deskContext = await browser.newContext();
  const tabletContext = await browser.newContext();
  const desk = await deskContext.newPage();
  const tablet = await tabletContext.newPage();
  await setUpDevice(desk, { name: '王芳', role: '前台接待' });
  await setUpDevice(tablet, { name: '李工', role: '装修主管' });
  await waitForOfflineShell(desk);
  await waitForOfflineShell(tablet);

  // The front desk opens the case and hands it to the tablet.
  await desk.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '二次装修' }).click();
  await desk.getByRole('link', { name: '新建装修申请' }).click();
  await desk.getByLabel('楼栋').fill('7');
  await desk.getByLabel('单元', { exact: true }).fill('1');
  await desk.getByLabel('房号').fill('701');
  await desk.getByLabel('姓名', { exact: true }).fill('周女士');
  await desk.getByLabel('电话', { exact: true }).fill('13500000000');
  await desk.getByRole('button', { name: '创建申请，进入材料清单' }).click();
  await expect(desk.getByRole('heading', { level: 1 })).toContainText('7-1-701');
  const opened = testInfo.outputPath('opened.json');
  await exportBundle(desk, opened);
  await expect(await importAll(tablet, opened)).toBeVisible();

  // Both go offline and work on the same case.
  await deskContext.setOffline(true);
  await tabletContext.setOffline(true);
  await openCase(tablet, '7-1-701');
  const idCopy = tablet.locator('table.checklist tr', { has: tablet.getByRole('rowheader', { name: '身份证复印件', exact: true }) });
  await idCopy.locator('input[type=file]').setInputFiles({ name: 'id.png', mimeType: 'image/png', buffer: PHOTO });
  await expect(idCopy).toContainText('1/1');
  await editResidentPhone(tablet, '13911111111');
  await openCase(desk, '7-1-701');
  await editResidentPhone(desk, '13722222222');

  // Exchange: tablet → desk, then desk → tablet.
  const fromTablet = testInfo.outputPath('from-tablet.json');
  const fromDesk = testInfo.outputPath('from-desk.json');
  await exportBundle(tablet, fromTablet);
  await exportBundle(desk, fromDesk);
  const preview = await importBundle(desk, fromTablet);
  // New: the photo document and the phone edit; already here: the opening; one clash.
  await expect(preview.getByRole('row', { name: /二次装修/ }).getByRole('cell')).toHaveText(['1', '2', '2', '1']);
  await expect(preview).toContainText('照片：引用 1 · 其中可用 1');
  await confirmImport(desk);
  const deskReport = desk.getByRole('status', { name: '导入完成' });
  await expect(deskReport.getByTestId('conflicts')).toHaveText('1');
  await expect(deskReport.getByTestId('photos')).toHaveText('1 · 其中可用 1 · 新存照片 1');
  await expect(deskReport.getByRole('link', { name: '去复核' })).toBeVisible();
  await expect(await importAll(tablet, fromDesk)).toBeVisible();

  // Both show the same case (the later edit in effect) and that it needs review.
  for (const page of [desk, tablet]) {
    await openCase(page, '7-1-701');
    await expect(page.locator('.facts .resident')).toHaveText('周女士 · 13722222222');
    await expect(page.getByRole('note').filter({ hasText: '项冲突待复核' })).toContainText('1');
    await expect(page.getByRole('button', { name: '收到纸质件: 身份证复印件' })).toBeVisible();
    await expect(page.locator('table.checklist tr', { has: page.getByRole('rowheader', { name: '身份证复印件', exact: true }) })).toContainText('1/1');
  }

  // The front desk sees both values but may not choose.
  await desk.getByRole('link', { name: '去复核' }).click();
  await expect(desk.getByRole('heading', { name: /两台设备同时修改了同一项/ })).toBeVisible();
  await expect(desk.getByText('13911111111')).toBeVisible();
  await expect(desk.getByText('只有装修主管或客户服务部经理可以复核冲突。')).toBeVisible();

  // The supervisor keeps the tablet's number; the choice is a new event.
  await tablet.getByRole('link', { name: '去复核' }).click();
  await tablet.getByRole('button', { name: '采用此值: 13911111111' }).click();
  await expect(tablet.getByText('没有待复核的冲突。')).toBeVisible();
  await openCase(tablet, '7-1-701');
  await expect(tablet.locator('.facts .resident')).toHaveText('周女士 · 13911111111');
  await expect(tablet.getByRole('note').filter({ hasText: '项冲突待复核' })).toHaveCount(0);
  await expect(tablet.getByRole('region', { name: '经过', exact: true })).toContainText('修改信息 · 13722222222');

  // The choice travels back to the desk.
  const settled = testInfo.outputPath('settled.json');
  await exportBundle(tablet, settled);
  await expect(await importAll(desk, settled)).toBeVisible();
  await openCase(desk, '7-1-701');
  await expect(desk.locator('.facts .resident')).toHaveText('周女士 · 13911111111');
  await expect(desk.getByRole('note').filter({ hasText: '项冲突待复核' })).toHaveCount(0);
});
