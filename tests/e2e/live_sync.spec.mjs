// Issue #18: live sync through a server that speaks CouchDB's protocol (tests/couchdb/server.mjs,
// started by the Playwright config). Two devices of one office converge with no file; a
// document edited on the server is refused, reported and never applied; the server's guard
// refuses to change an event.
import { expect, test } from '@playwright/test';
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ADMIN_PIN, PHOTO, confirmImport, importBundle, newApplication, openCase, recordComplaint, setUpDevice, signIn, storedEventCounts, writeSampleOffice } from './helpers.mjs';
import { COUCH_ADMIN, COUCH_URL } from './playwright.config.mjs';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
// Two or three devices, each set up, enrolled and syncing: longer than one journey.
test.describe.configure({ timeout: 180_000 });
const admin = `Basic ${Buffer.from(COUCH_ADMIN).toString('base64')}`;

/** A new office database on the test server, with two members. */
function newOfficeDatabase(name, server = COUCH_URL) {
  execFileSync('scripts/couchdb-setup', [
    '--server', server, '--admin', COUCH_ADMIN, '--db', name,
    '--member', 'frontdesk:desk-pass', '--member', 'tablet:tablet-pass',
  ], { cwd: REPO });
}

async function couch(method, path, body) {
  const response = await fetch(`${COUCH_URL}/${path}`, {
    method,
    headers: { Authorization: admin, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

async function openSettings(page) {
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '设置' }).click();
}

/** Downloads the device's card, for the other device to enrol. */
async function cardOf(page, path) {
  await openSettings(page);
  const devices = page.getByRole('region', { name: '设备' });
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    devices.getByRole('button', { name: '下载本设备卡片' }).click(),
  ]);
  await download.saveAs(path);
  return JSON.parse(readFileSync(path, 'utf8'));
}

async function enrol(page, cardPath) {
  await openSettings(page);
  const devices = page.getByRole('region', { name: '设备' });
  await devices.getByLabel('导入设备卡片以登记设备').setInputFiles(cardPath);
  await expect(devices.getByRole('status')).toHaveText('已登记设备。');
}

/** Settings → 同步服务器: the server, the database and a member's credentials, then start. */
async function startSync(page, database, user, password, { server = COUCH_URL, connected = true } = {}) {
  await openSettings(page);
  const section = page.getByRole('region', { name: '同步服务器' });
  await section.getByLabel('服务器地址').fill(server);
  await section.getByLabel('数据库（每个管理处一个）').fill(database);
  await section.getByLabel('CouchDB 用户名').fill(user);
  await section.getByLabel('密码').fill(password);
  await section.getByRole('button', { name: '测试连接' }).click();
  await expect(section.getByRole('status').first()).toContainText('连接成功');
  await section.getByRole('button', { name: '开始同步' }).click();
  if (connected) {
    await expect(page.getByTestId('live-sync-status')).toContainText('已连接同步服务器', { timeout: 60_000 });
  }
}

/** Two devices set up apart that enrolled each other's cards: one office's devices. */
async function twoEnrolledDevices(browser, testInfo, { tabletPerson = { name: '赵巡', role: '巡视员' } } = {}) {
  const deskContext = await browser.newContext();
  const tabletContext = await browser.newContext();
  const desk = await deskContext.newPage();
  const tablet = await tabletContext.newPage();
  await setUpDevice(desk, { name: '王芳', role: '前台接待' });
  await setUpDevice(tablet, tabletPerson);
  const deskCard = testInfo.outputPath('desk-card.json');
  const tabletCard = testInfo.outputPath('tablet-card.json');
  await cardOf(desk, deskCard);
  await cardOf(tablet, tabletCard);
  await enrol(desk, tabletCard);
  await enrol(tablet, deskCard);
  return { desk, tablet, deskContext, tabletContext };
}

async function feedbackList(page) {
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '投诉与建议' }).click();
  return page.getByRole('region', { name: '投诉与建议记录' });
}

test('x_1 two devices sync through the CouchDB server with no file, and the password is kept sealed', async ({ browser }, testInfo) => {
  const database = `office-${testInfo.workerIndex}-${Date.now()}`;
  newOfficeDatabase(database);
  const { desk, tablet } = await twoEnrolledDevices(browser, testInfo);
  await startSync(desk, database, 'frontdesk', 'desk-pass');
  await startSync(tablet, database, 'tablet', 'tablet-pass');

  const stored = await desk.evaluate(() => localStorage.getItem('estate-desk.sync-server'));
  expect(stored).toContain(database);
  expect(stored).not.toContain('desk-pass');

  await feedbackList(tablet);
  await recordComplaint(tablet, { name: '邻居甲', room: '601', what: '巡视时住户反映噪音' });
  await expect(await feedbackList(desk)).toContainText('巡视时住户反映噪音', { timeout: 15_000 });
  await recordComplaint(desk, { name: '业主乙', room: '602', what: '前台来访反映漏水' });
  await expect(await feedbackList(tablet)).toContainText('前台来访反映漏水', { timeout: 15_000 });

  // What the server confirmed is not "not yet exported" any more.
  await expect(desk.getByTestId('sync-status')).toContainText('所有更改均已导出', { timeout: 15_000 });

  // Each event is one document on the server, keyed by its id, with its chain hash and signature.
  const all = await couch('GET', `${database}/_all_docs?include_docs=true`);
  const events = all.body.rows.filter((row) => row.doc.type === 'estate-desk-event');
  expect(events.length).toBeGreaterThanOrEqual(6);
  for (const { doc } of events) {
    expect(doc._id).toBe(doc.event.id);
    expect(doc._rev).toBe(`1-${doc.event.hash.slice(0, 32)}`);
    expect(doc.signed_by.algorithm).toBe('ECDSA-P256-SHA256');
  }

  // The guard: an event on the server cannot be changed or deleted, even by a member.
  const { doc } = events[0];
  const member = `Basic ${Buffer.from('frontdesk:desk-pass').toString('base64')}`;
  const changed = await fetch(`${COUCH_URL}/${database}/${encodeURIComponent(doc._id)}`, {
    method: 'PUT',
    headers: { Authorization: member, 'Content-Type': 'application/json' },
    body: JSON.stringify({ ...doc, event: { ...doc.event, actor: { ...doc.event.actor, name: '冒名' } } }),
  });
  expect(changed.status).toBe(403);
  expect((await changed.json()).reason).toContain('immutable');
});

async function editResidentPhone(page, phone) {
  await page.getByText('联系方式与备注').click();
  await page.getByLabel('住户电话').fill(phone);
  await page.getByRole('button', { name: '保存修改' }).click();
  await expect(page.locator('.facts .resident')).toContainText(phone);
}

test('x_2 both devices edit the same field offline, reconnect, converge, and both list the conflict for review', async ({ browser }, testInfo) => {
  const database = `office-${testInfo.workerIndex}-${Date.now()}`;
  newOfficeDatabase(database);
  const { desk, tablet, deskContext, tabletContext } = await twoEnrolledDevices(browser, testInfo, {
    tabletPerson: { name: '李工', role: '装修主管' },
  });
  await startSync(desk, database, 'frontdesk', 'desk-pass');
  await startSync(tablet, database, 'tablet', 'tablet-pass');

  await newApplication(desk, { room: '701', name: '周女士' });
  await expect(async () => openCase(tablet, '6-1-701')).toPass({ timeout: 20_000 });

  // Both lose the network and change the resident's phone; the tablet also takes a photo.
  await deskContext.setOffline(true);
  await tabletContext.setOffline(true);
  const idCopy = tablet.locator('table.checklist tr', { has: tablet.getByRole('rowheader', { name: '身份证复印件', exact: true }) });
  await idCopy.locator('input[type=file]').setInputFiles({ name: 'id.png', mimeType: 'image/png', buffer: PHOTO });
  await expect(idCopy).toContainText('1/1');
  await editResidentPhone(tablet, '13911111111');
  await openCase(desk, '6-1-701');
  await editResidentPhone(desk, '13722222222');
  await expect(desk.getByTestId('live-sync-status')).toContainText('离线', { timeout: 20_000 });

  await deskContext.setOffline(false);
  await tabletContext.setOffline(false);
  for (const page of [desk, tablet]) {
    await expect(async () => {
      await openCase(page, '6-1-701');
      await expect(page.getByRole('note').filter({ hasText: '项冲突待复核' })).toContainText('1', { timeout: 1_000 });
    }).toPass({ timeout: 30_000 });
  }
  // Both show the same phone, and the photo arrived at the front desk.
  await expect(async () => {
    const phones = await Promise.all([desk, tablet].map(async (page) => {
      await openCase(page, '6-1-701');
      return page.locator('.facts .resident').innerText();
    }));
    expect(phones[0]).toBe(phones[1]);
  }).toPass({ timeout: 20_000 });
  const deskIdCopy = desk.locator('table.checklist tr', { has: desk.getByRole('rowheader', { name: '身份证复印件', exact: true }) });
  await expect(deskIdCopy).toContainText('1/1');
});

test('x_1 a document edited directly on the server is refused, reported, and the desk is unchanged', async ({ browser }, testInfo) => {
  const database = `office-${testInfo.workerIndex}-${Date.now()}`;
  newOfficeDatabase(database);
  const { desk, tablet } = await twoEnrolledDevices(browser, testInfo);
  await startSync(tablet, database, 'tablet', 'tablet-pass');
  await feedbackList(tablet);
  await recordComplaint(tablet, { name: '邻居甲', room: '601', what: '原始记录' });
  // Wait until the server holds the complaint.
  let target;
  await expect.poll(async () => {
    const all = await couch('GET', `${database}/_all_docs?include_docs=true`);
    target = all.body.rows.find((row) => row.doc.type === 'estate-desk-event' && JSON.stringify(row.doc.event.change).includes('原始记录'));
    return Boolean(target);
  }, { timeout: 15_000 }).toBe(true);

  // Someone with the server's admin rights removes the guard and rewrites the document.
  const guard = await couch('GET', `${database}/_design/estate-desk-guard`);
  expect((await couch('DELETE', `${database}/_design/estate-desk-guard?rev=${guard.body._rev}`)).status).toBe(200);
  const edited = JSON.parse(JSON.stringify(target.doc).replace('原始记录', '篡改记录'));
  expect((await couch('PUT', `${database}/${encodeURIComponent(edited._id)}`, edited)).status).toBe(201);

  await startSync(desk, database, 'frontdesk', 'desk-pass');
  await openSettings(desk);
  const refused = desk.getByRole('list', { name: '同步拒收的文档' });
  await expect(refused).toContainText(target.doc._id, { timeout: 15_000 });
  await expect(refused).toContainText('edited on the server');
  const list = await feedbackList(desk);
  await expect(list).not.toContainText('篡改记录');
  await expect(list).not.toContainText('原始记录');
});

test('x_1 PouchDB replicates the office database byte for byte, and a third device pulling from the copy converges', async ({ browser }, testInfo) => {
  const database = `office-${testInfo.workerIndex}-${Date.now()}`;
  const copy = `${database}-copy`;
  newOfficeDatabase(database);
  newOfficeDatabase(copy);
  const { desk, tablet } = await twoEnrolledDevices(browser, testInfo);
  await startSync(desk, database, 'frontdesk', 'desk-pass');
  await startSync(tablet, database, 'tablet', 'tablet-pass');
  await feedbackList(tablet);
  await recordComplaint(tablet, { name: '邻居甲', room: '601', what: '巡视时住户反映噪音' });
  await feedbackList(desk);
  await recordComplaint(desk, { name: '业主乙', room: '602', what: '前台来访反映漏水' });
  await expect(await feedbackList(desk)).toContainText('巡视时住户反映噪音', { timeout: 15_000 });
  await expect(await feedbackList(tablet)).toContainText('前台来访反映漏水', { timeout: 15_000 });

  // PouchDB's own replicator, as any CouchDB-ecosystem tool would copy the database.
  const { createRequire } = await import('node:module');
  const require = createRequire(import.meta.url);
  const PouchDB = require('pouchdb-core').plugin(require('pouchdb-adapter-http')).plugin(require('pouchdb-replication'));
  const auth = { username: COUCH_ADMIN.split(':')[0], password: COUCH_ADMIN.split(':')[1] };
  const source = new PouchDB(`${COUCH_URL}/${database}`, { auth });
  const target = new PouchDB(`${COUCH_URL}/${copy}`, { auth });
  const replicated = await PouchDB.replicate(source, target);
  expect(replicated.ok).toBe(true);
  const eventsOf = async (db) => (await db.allDocs({ include_docs: true, attachments: true })).rows
    .filter((row) => row.doc.type === 'estate-desk-event' || row.doc.type === 'estate-desk-photo')
    .map((row) => JSON.stringify(row.doc));
  const original = await eventsOf(source);
  expect(original.length).toBeGreaterThanOrEqual(6);
  expect(await eventsOf(target)).toEqual(original);

  // A third device of the office, pointed at the copy, ends with the same cases.
  const thirdContext = await browser.newContext();
  const third = await thirdContext.newPage();
  await setUpDevice(third, { name: '李伟', role: '前台接待' });
  await enrol(third, testInfo.outputPath('desk-card.json'));
  await enrol(third, testInfo.outputPath('tablet-card.json'));
  await startSync(third, copy, 'frontdesk', 'desk-pass');
  const list = await feedbackList(third);
  await expect(list).toContainText('巡视时住户反映噪音', { timeout: 15_000 });
  await expect(list).toContainText('前台来访反映漏水');
});

/** A test server of its own, which this test kills and restarts. */
async function ownServer(port) {
  const child = spawn('node', ['tests/couchdb/server.mjs', '--port', String(port), '--admin', COUCH_ADMIN], { cwd: REPO, stdio: 'ignore' });
  await expect.poll(async () => fetch(`http://127.0.0.1:${port}/`).then((r) => r.ok, () => false), { timeout: 15_000 }).toBe(true);
  return child;
}

/** How many records of `store` (events, attachments) this device keeps in its IndexedDB. */
async function storedCount(page, store) {
  return page.evaluate((store) => new Promise((resolve, reject) => {
    const opening = indexedDB.open('estate-desk');
    opening.onerror = () => reject(opening.error);
    opening.onsuccess = () => {
      const counting = opening.result.transaction(store).objectStore(store).count();
      counting.onsuccess = () => { resolve(counting.result); opening.result.close(); };
      counting.onerror = () => reject(counting.error);
    };
  }), store);
}

test('x_1 the server killed in the middle of a push, then restarted empty: sync resumes and the counts match exactly', async ({ browser }, testInfo) => {
  const port = Number(process.env.E2E_COUCH_PORT ?? 5984) + 2;
  const server = `http://127.0.0.1:${port}`;
  const database = 'office-restart';
  let child = await ownServer(port);
  try {
    newOfficeDatabase(database, server);
    const office = testInfo.outputPath('office.json');
    writeSampleOffice(office, 150);
    const context = await browser.newContext();
    const desk = await context.newPage();
    await setUpDevice(desk, { name: '王芳', role: '前台接待' });
    await importBundle(desk, office);
    await confirmImport(desk);
    await expect(desk.getByRole('status', { name: '导入完成' })).toBeVisible({ timeout: 60_000 });
    const { summed: events, entry } = await storedEventCounts(desk);
    expect(entry).toBe(events);
    const photos = await storedCount(desk, 'attachments');
    expect(events).toBeGreaterThan(1000);

    await startSync(desk, database, 'frontdesk', 'desk-pass', { server, connected: false });
    const docCount = async () => {
      const info = await fetch(`${server}/${database}`, { headers: { Authorization: admin } }).then((r) => r.json(), () => ({}));
      return info.doc_count ?? 0;
    };
    // Kill the server as soon as the push has begun.
    await expect.poll(docCount, { timeout: 30_000, intervals: [50] }).toBeGreaterThan(0);
    child.kill('SIGKILL');
    await expect(desk.getByTestId('live-sync-status')).toContainText('同步服务器离线', { timeout: 30_000 });

    // The server comes back with nothing (it kept its data in memory), as after a wipe.
    child = await ownServer(port);
    newOfficeDatabase(database, server);
    await expect(desk.getByTestId('live-sync-status')).toContainText('已连接同步服务器', { timeout: 90_000 });
    // Every event and photo is on the server exactly once (and the guard, a design document).
    await expect.poll(docCount, { timeout: 30_000 }).toBe(events + photos + 1);
    expect(await storedEventCounts(desk)).toEqual({ summed: events, entry: events });
  } finally {
    child.kill('SIGKILL');
  }
});

test('x_1 a fresh device joins the office through the server on an administrator PIN, then syncs both ways', async ({ browser }, testInfo) => {
  const database = `office-${testInfo.workerIndex}-${Date.now()}`;
  newOfficeDatabase(database);
  const desk = await (await browser.newContext()).newPage();
  await setUpDevice(desk, { name: '王芳', role: '前台接待' });
  await feedbackList(desk);
  await recordComplaint(desk, { name: '业主乙', room: '602', what: '前台来访反映漏水' });
  await startSync(desk, database, 'frontdesk', 'desk-pass');

  // A new tablet: no profile, no enrolment, no bundle. The administrator enrols its card first.
  const tablet = await (await browser.newContext()).newPage();
  await tablet.goto('./');
  await expect(tablet.getByRole('heading', { name: '设置本设备' })).toBeVisible();
  const cardPath = testInfo.outputPath('tablet-card.json');
  const [card] = await Promise.all([
    tablet.waitForEvent('download'),
    tablet.getByRole('button', { name: '下载本设备卡片' }).click(),
  ]);
  await card.saveAs(cardPath);
  await enrol(desk, cardPath);

  const join = tablet.getByRole('region', { name: '从同步服务器加入' });
  await join.getByLabel('服务器地址').fill(COUCH_URL);
  await join.getByLabel('数据库（每个管理处一个）').fill(database);
  await join.getByLabel('CouchDB 用户名').fill('tablet');
  await join.getByLabel('密码').fill('tablet-pass');
  // A wrong PIN takes nothing in.
  await join.getByLabel('管理员 PIN（确认本设备加入管理处）').fill('999999');
  await join.getByRole('button', { name: '从服务器加入' }).click();
  await expect(join.getByRole('status')).toHaveText('管理员 PIN 不正确，未导入任何数据。', { timeout: 30_000 });
  expect(await tablet.evaluate(() => new Promise((resolve) => {
    const opening = indexedDB.open('estate-desk');
    opening.onsuccess = () => {
      const counting = opening.result.transaction('entities').objectStore('entities').count();
      counting.onsuccess = () => resolve(counting.result);
    };
  }))).toBe(0);
  // Nor does it keep the server or the sealed password: the device has not joined.
  expect(await tablet.evaluate(() => localStorage.getItem('estate-desk.sync-server'))).toBeNull();

  await join.getByLabel('管理员 PIN（确认本设备加入管理处）').fill(ADMIN_PIN);
  await join.getByRole('button', { name: '从服务器加入' }).click();
  // Joined: the office's people sign in here, and live sync runs on.
  await expect(tablet.getByLabel('使用人', { exact: true })).toBeVisible({ timeout: 30_000 });
  await signIn(tablet, '王芳', ADMIN_PIN);
  await expect(tablet.getByTestId('live-sync-status')).toContainText('已连接同步服务器', { timeout: 30_000 });
  await expect(await feedbackList(tablet)).toContainText('前台来访反映漏水');

  // Both ways from here: the tablet's complaint reaches the desk, signed by an enrolled device.
  await recordComplaint(tablet, { name: '邻居甲', room: '601', what: '巡视时住户反映噪音' });
  await expect(await feedbackList(desk)).toContainText('巡视时住户反映噪音', { timeout: 20_000 });
  await openSettings(desk);
  await expect(desk.getByRole('region', { name: '同步服务器' })).toContainText('没有被拒收的文档。');
});
