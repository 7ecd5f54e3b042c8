// The benchmark run (scripts/bench): the release build served as in production, headless
// Chromium, one worker so runs do not compete. Not part of scripts/test.
import { defineConfig } from '@playwright/test';

const port = Number(process.env.BENCH_PORT ?? 4181);

export default defineConfig({
  testDir: '.',
  testMatch: '*.bench.mjs',
  workers: 1,
  retries: 0,
  timeout: 3_600_000,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}/estate-desk/`,
    locale: 'zh-CN',
    viewport: { width: 1280, height: 800 },
    serviceWorkers: 'allow',
    // The peers (Dexie) are injected into the app's page, which its CSP would refuse.
    bypassCSP: true,
    launchOptions: {
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    },
  },
  webServer: [
    {
      command: `node scripts/static-server.mjs --dir dist --port ${port} --base /estate-desk/`,
      cwd: '../..',
      url: `http://127.0.0.1:${port}/estate-desk/`,
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      // The cold-load baseline (bench/empty-leptos), on the next port.
      command: `node scripts/static-server.mjs --dir bench/empty-leptos/dist --port ${port + 1} --base /empty/`,
      cwd: '../..',
      url: `http://127.0.0.1:${port + 1}/empty/`,
      reuseExistingServer: false,
      timeout: 30_000,
    },
  ],
});
