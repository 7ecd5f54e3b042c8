// Issue #11: the app runs under its Content Security Policy, and an injected inline script is
// blocked. The policy comes both as a <meta> (any static host) and as headers from the build's
// _headers file (which the test server applies, as Netlify or Cloudflare Pages would).
import { expect, test } from '@playwright/test';
import { ROUTES, setUpDevice } from './helpers.mjs';

/** Collects CSP violation reports in window.__violations from the first script on. */
const collectViolations = () => {
  window.__violations = [];
  document.addEventListener('securitypolicyviolation', (event) => {
    window.__violations.push({ directive: event.effectiveDirective, blocked: event.blockedURI });
  });
};

test('the app runs under its policy, which is sent as a meta tag and as headers', async ({ page }) => {
  await page.addInitScript(collectViolations);
  const response = await page.goto('./');
  const header = response.headers()['content-security-policy'];
  expect(header).toContain("script-src 'self' 'wasm-unsafe-eval' 'sha256-");
  expect(header).toContain("frame-ancestors 'none'");
  const meta = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(meta).toContain("default-src 'self'");
  expect(meta).toContain("object-src 'none'");
  expect(meta).toContain("base-uri 'none'");
  expect(meta).toContain("img-src 'self' blob: data:");

  const wasm = await page.request.get((await page.locator('link[rel=preload][as=fetch]').getAttribute('href')) ?? '');
  expect(wasm.headers()['content-type']).toBe('application/wasm');

  // The app starts (the inline loader's hash is allowed) and every page renders.
  await setUpDevice(page);
  const nav = page.getByRole('navigation', { name: '主导航' });
  for (const route of ROUTES) {
    await nav.getByRole('link', { name: route.link }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(route.heading);
  }
  expect(await page.evaluate(() => window.__violations)).toEqual([]);
});

test('an injected inline script is blocked and reported', async ({ page }) => {
  await page.addInitScript(collectViolations);
  await setUpDevice(page);
  const ran = await page.evaluate(async () => {
    const script = document.createElement('script');
    script.textContent = 'window.__injected = true;';
    document.body.append(script);
    const link = document.createElement('a');
    link.href = 'javascript:window.__injected = true';
    document.body.append(link);
    link.click();
    await new Promise((resolve) => setTimeout(resolve, 100));
    return window.__injected === true;
  });
  expect(ran).toBe(false);
  const violations = await page.evaluate(() => window.__violations);
  expect(violations.length).toBeGreaterThanOrEqual(1);
  expect(violations[0]).toMatchObject({ directive: 'script-src-elem', blocked: 'inline' });
});
