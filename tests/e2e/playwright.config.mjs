// End-to-end journeys against the release build in dist/, served under a sub-path to prove
// that the app works on a shared static host. Uses Debian's Chromium: no browser download.
import { defineConfig } from '@playwright/test';

const port = Number(process.env.E2E_PORT ?? 4173);
export const BASE_PATH = '/estate-desk/';
// The CouchDB-protocol test server of the live-sync journeys (issue #18), in memory.
const couchPort = Number(process.env.E2E_COUCH_PORT ?? 5984);
export const COUCH_URL = `http://127.0.0.1:${couchPort}`;
export const COUCH_ADMIN = 'admin:e2e-admin-secret';

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.mjs',
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}${BASE_PATH}`,
    locale: 'zh-CN',
    viewport: { width: 768, height: 1024 },
    serviceWorkers: 'allow',
    trace: 'off',
    launchOptions: {
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  // Playwright starts both servers and stops them when the run ends: nothing is left running.
  webServer: [
    {
      command: `node scripts/static-server.mjs --dir dist --port ${port} --base ${BASE_PATH}`,
      cwd: '../..',
      url: `http://127.0.0.1:${port}${BASE_PATH}`,
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      command: `node tests/couchdb/server.mjs --port ${couchPort} --admin ${COUCH_ADMIN}`,
      cwd: '../..',
      url: `${COUCH_URL}/`,
      reuseExistingServer: false,
      timeout: 30_000,
    },
  ],
});
