// Issue #11: every bundle is signed by the device that exported it. A front desk that enrolled
// the tablet (from its device card) imports the tablet's bundle cleanly; a front desk without
// the enrolment gets a warning and needs its administrator's PIN; a changed file and a bundle
// signed after the tablet was revoked are refused, and nothing changes.
import { expect, test } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import { ADMIN_PIN, confirmStep, exportBundle, importBundle, setUpDevice } from './helpers.mjs';

async function openSettings(page) {
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '设置' }).click();
  return page.getByRole('region', { name: '设备' });
}

async function staffNames(page) {
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '设置' }).click();
  return page.getByRole('region', { name: '员工' }).getByRole('list', { name: '员工名单' });
}

test('x_1 a signed bundle imports cleanly where its device is enrolled, and needs the admin PIN where it is not', async ({ browser }, testInfo) => {
  const [tabletContext, enrolledContext, strangerContext] = await Promise.all([
    browser.newContext(),
    browser.newContext(),
    browser.newContext(),
  ]);
  const tablet = await tabletContext.newPage();
  const enrolledDesk = await enrolledContext.newPage();
  const strangerDesk = await strangerContext.newPage();
  await strangerDesk.clock.install();
  await setUpDevice(tablet, { name: '赵巡', role: '巡视员' });
  await setUpDevice(enrolledDesk, { name: '王芳', role: '前台接待' });
  await setUpDevice(strangerDesk, { name: '李伟', role: '前台接待' });

  // The tablet's card, as a file (its QR code shows the same).
  const tabletDevices = await openSettings(tablet);
  await expect(tabletDevices.getByRole('img', { name: '本设备卡片' })).toBeVisible();
  const [cardDownload] = await Promise.all([
    tablet.waitForEvent('download'),
    tabletDevices.getByRole('button', { name: '下载本设备卡片' }).click(),
  ]);
  const cardPath = testInfo.outputPath('tablet-card.json');
  await cardDownload.saveAs(cardPath);
  const card = JSON.parse(readFileSync(cardPath, 'utf8'));
  expect(card.format).toBe('estate-desk-device-card');

  const fromTablet = testInfo.outputPath('from-tablet.json');
  await exportBundle(tablet, fromTablet);
  const bundle = JSON.parse(readFileSync(fromTablet, 'utf8'));
  expect(bundle.header.signature.algorithm).toBe('ECDSA-P256-SHA256');
  expect(bundle.header.signature.public_key).toBe(card.public_key);

  // The front desk enrols the tablet from its card, then imports without any PIN.
  const devices = await openSettings(enrolledDesk);
  await devices.getByLabel('导入设备卡片以登记设备').setInputFiles(cardPath);
  await expect(devices.getByRole('status')).toHaveText('已登记设备。');
  await expect(devices.getByRole('list', { name: '已登记的设备' })).toContainText(card.name);
  const preview = await importBundle(enrolledDesk, fromTablet);
  await expect(preview.getByTestId('signer')).toHaveText(`签名有效，来自已登记的设备：${card.name}`);
  await expect(enrolledDesk.getByLabel('管理员 PIN（导入未登记设备的数据包需要）')).toHaveCount(0);
  await enrolledDesk.getByRole('button', { name: '确认导入' }).click();
  await expect(enrolledDesk.getByRole('status', { name: '导入完成' })).toBeVisible();
  await expect(await staffNames(enrolledDesk)).toContainText('赵巡');

  // A front desk that never enrolled the tablet is warned; a wrong PIN imports nothing.
  const unknown = await importBundle(strangerDesk, fromTablet);
  await expect(unknown.getByRole('alert')).toContainText('此数据包来自一台尚未在本设备登记的设备');
  await expect(unknown.getByRole('alert')).toContainText(card.name);
  // The tablet was set up on its own, so it brings an administrator this office lacks (#22).
  await expect(unknown.getByTestId('newcomer-administrators')).toContainText('赵巡');
  await strangerDesk.getByLabel('管理员 PIN（导入未登记设备的数据包需要）').fill('000000');
  await strangerDesk.getByRole('button', { name: '确认导入' }).click();
  await expect(strangerDesk.getByRole('alert').filter({ hasText: '管理员 PIN 不正确' })).toBeVisible({ timeout: 15_000 });
  await expect(await staffNames(strangerDesk)).not.toContainText('赵巡');

  // The import screen is no way around the PIN lockout: five wrong PINs lock it too.
  const adminPin = strangerDesk.getByLabel('管理员 PIN（导入未登记设备的数据包需要）');
  const confirm = strangerDesk.getByRole('button', { name: '确认导入' });
  const tryAdminPin = async (pin) => {
    await importBundle(strangerDesk, fromTablet);
    await adminPin.fill(pin);
    await confirm.click();
    await expect(confirm).toHaveCount(0, { timeout: 15_000 });
  };
  for (let attempt = 2; attempt <= 5; attempt += 1) {
    await tryAdminPin('000000');
  }
  await expect(strangerDesk.getByRole('alert').filter({ hasText: '已被锁定' })).toBeVisible();
  await tryAdminPin(ADMIN_PIN);
  await expect(strangerDesk.getByRole('alert').filter({ hasText: '已被锁定' })).toBeVisible();
  await expect(await staffNames(strangerDesk)).not.toContainText('赵巡');
  await strangerDesk.clock.fastForward('00:31');

  await importBundle(strangerDesk, fromTablet);
  await strangerDesk.getByLabel('管理员 PIN（导入未登记设备的数据包需要）').fill(ADMIN_PIN);
  await strangerDesk.getByRole('button', { name: '确认导入' }).click();
  await expect(strangerDesk.getByRole('status', { name: '导入完成' })).toBeVisible({ timeout: 15_000 });
  await expect(await staffNames(strangerDesk)).toContainText('赵巡');

  // A file changed after signing is refused, naming the signature.
  const tampered = testInfo.outputPath('tampered.json');
  writeFileSync(tampered, JSON.stringify({ ...bundle, header: { ...bundle.header, source: { ...bundle.header.source, person: '某人' } } }));
  await importBundle(enrolledDesk, tampered);
  await expect(enrolledDesk.getByRole('alert')).toContainText('签名不符');
  await expect(enrolledDesk.getByRole('button', { name: '确认导入' })).toHaveCount(0);

  // The tablet is lost: once revoked, what it signs afterwards is refused.
  const enrolledDevices = await openSettings(enrolledDesk);
  await enrolledDevices.getByRole('button', { name: `吊销 ${card.name}` }).click();
  // Revoking cannot be undone, so it asks first and says what it does (issue #22).
  await expect(enrolledDevices.getByRole('group', { name: '请确认' })).toContainText('吊销不能撤销');
  await confirmStep(enrolledDevices, `吊销 ${card.name}`);
  await expect(enrolledDevices.getByRole('list', { name: '已登记的设备' })).toContainText('已吊销');
  // What it signed before the revocation is still valid, but asks for the administrator.
  const earlier = await importBundle(enrolledDesk, fromTablet);
  await expect(earlier.getByRole('alert')).toContainText('已吊销的设备');
  await expect(enrolledDesk.getByLabel('管理员 PIN（导入未登记设备的数据包需要）')).toBeVisible();
  const afterRevocation = testInfo.outputPath('after-revocation.json');
  await tablet.waitForTimeout(50);
  await exportBundle(tablet, afterRevocation);
  await importBundle(enrolledDesk, afterRevocation);
  await expect(enrolledDesk.getByRole('alert')).toContainText('已于');
  await expect(enrolledDesk.getByRole('alert')).toContainText('吊销');
  await expect(enrolledDesk.getByRole('button', { name: '确认导入' })).toHaveCount(0);

  await Promise.all([tabletContext.close(), enrolledContext.close(), strangerContext.close()]);
});
