// Journey: a tablet and the front desk, each with its own storage, work offline, then exchange
// bundles through files; both end with the same records, a second import changes nothing, and a
// tampered file is refused without changing anything.
import { expect, test } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import { confirmImport, exportBundle, importBundle, recordComplaint, setUpDevice, waitForOfflineShell } from './helpers.mjs';

test('tablet and front desk exchange bundles offline and converge', async ({ browser }, testInfo) => {
  const tabletContext = await browser.newContext();
  const deskContext = await browser.newContext();
  const tablet = await tabletContext.newPage();
  const desk = await deskContext.newPage();
  for (const [page, name, role] of [[tablet, '赵巡', '巡视员'], [desk, '王芳', '前台接待']]) {
    await setUpDevice(page, { name, role });
    await waitForOfflineShell(page);
  }
  await tabletContext.setOffline(true);
  await deskContext.setOffline(true);

  await tablet.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '投诉与建议' }).click();
  await recordComplaint(tablet, { name: '邻居甲', room: '601', what: '巡视时住户反映噪音' });
  await desk.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '投诉与建议' }).click();
  await recordComplaint(desk, { name: '业主乙', room: '602', what: '前台来访反映漏水' });

  // The complaint, and what setup made: the inspector's staff profile and the tablet's enrolment.
  await expect(tablet.getByTestId('sync-status')).toHaveText('3 项更改尚未导出 · 从未导出');
  const fromTablet = testInfo.outputPath('from-tablet.json');
  const fromDesk = testInfo.outputPath('from-desk.json');
  await exportBundle(tablet, fromTablet);
  await exportBundle(desk, fromDesk);
  await expect(tablet.getByTestId('sync-status')).toHaveText('所有更改均已导出 · 上次导出: 刚刚');

  const preview = await importBundle(desk, fromTablet);
  await expect(preview.getByRole('row', { name: /投诉与建议/ })).toContainText('1');
  await expect(preview.getByRole('row', { name: /员工档案/ })).toContainText('1');
  await confirmImport(desk);
  const report = desk.getByRole('status', { name: '导入完成' });
  await expect(report.getByTestId('imported')).toHaveText('3');
  await expect(report.getByTestId('skipped')).toHaveText('0');
  // The exports' and the import's bodies were hashed by the worker, which the service worker
  // serves offline, not on the page (issue #19).
  for (const page of [tablet, desk]) {
    const [waited, onPage] = await page.evaluate(() =>
      ['body_hash.wait', 'body_hash.on_page'].map((name) => performance.getEntriesByName(name).length),
    );
    expect(waited).toBeGreaterThan(0);
    expect(onPage).toBe(0);
  }
  // What arrived exists on the tablet too: only changes made here count as not exported.
  await expect(desk.getByTestId('sync-status')).toHaveText('所有更改均已导出 · 上次导出: 刚刚');

  await importBundle(tablet, fromDesk);
  await confirmImport(tablet);
  await expect(tablet.getByRole('status', { name: '导入完成' }).getByTestId('imported')).toHaveText('3');

  for (const page of [tablet, desk]) {
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '投诉与建议' }).click();
    const list = page.getByRole('region', { name: '投诉与建议记录' });
    await expect(list.getByRole('listitem')).toHaveCount(2);
    await expect(list).toContainText('巡视时住户反映噪音');
    await expect(list).toContainText('前台来访反映漏水');
  }

  // The same bundle again, dropped on the import panel: everything is already here.
  await desk.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '数据同步' }).click();
  const dropped = await desk.evaluateHandle((text) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([text], 'from-tablet.json', { type: 'application/json' }));
    return transfer;
  }, readFileSync(fromTablet, 'utf8'));
  await desk.getByRole('region', { name: '导入数据包' }).dispatchEvent('drop', { dataTransfer: dropped });
  await confirmImport(desk);
  const again = desk.getByRole('status', { name: '导入完成' });
  await expect(again.getByTestId('imported')).toHaveText('0');
  await expect(again.getByTestId('skipped')).toHaveText('3');

  // Exports for a named peer carry only what is new for that peer.
  await tablet.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '数据同步' }).click();
  await tablet.getByLabel('导出给').fill('前台');
  await Promise.all([tablet.waitForEvent('download'), tablet.getByRole('button', { name: '导出全部数据' }).click()]);
  await tablet.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '投诉与建议' }).click();
  await recordComplaint(tablet, { name: '邻居丙', room: '603', what: '第二次巡视的新投诉' });
  await tablet.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '数据同步' }).click();
  await tablet.getByLabel('导出给').fill('前台');
  const [incremental] = await Promise.all([tablet.waitForEvent('download'), tablet.getByRole('button', { name: '导出全部数据' }).click()]);
  const incrementalPath = testInfo.outputPath('incremental.json');
  await incremental.saveAs(incrementalPath);
  expect(JSON.parse(readFileSync(incrementalPath, 'utf8')).body.events).toHaveLength(1);
  await importBundle(desk, incrementalPath);
  await confirmImport(desk);
  await expect(desk.getByRole('status', { name: '导入完成' }).getByTestId('imported')).toHaveText('1');

  // A tampered file is refused and nothing changes.
  const tampered = testInfo.outputPath('tampered.json');
  writeFileSync(tampered, readFileSync(fromTablet, 'utf8').replace('巡视时住户反映噪音', '被改过的内容'));
  await desk.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '数据同步' }).click();
  await desk.getByLabel('选择数据包文件').setInputFiles(tampered);
  const refusal = desk.getByRole('alert');
  await expect(refusal).toContainText('数据库没有任何改动');
  await expect(refusal).toContainText('校验值不符');
  await desk.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '投诉与建议' }).click();
  await expect(desk.getByRole('region', { name: '投诉与建议记录' }).getByRole('listitem')).toHaveCount(3);

  await tabletContext.close();
  await deskContext.close();
});
