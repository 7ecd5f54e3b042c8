// Journey (issue #22): every screen of a filled office, for every role, on the tablet
// (768×1024). axe-core finds no serious or critical violation, and every control a finger
// must hit is at least 44 px tall and wide.
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { ADMIN_PIN, EVERY_ROLE, ROUTES, confirmImport, importBundle, setUpDevice, signIn, switchRole, writeSampleOffice } from './helpers.mjs';

const MIN_TARGET_PX = 44;

/** The serious and critical axe-core violations on the page, as readable lines. */
async function seriousViolations(page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).slice(0, 5).join(', ')}`);
}

/**
 * The visible controls smaller than 44 px. A checkbox or radio is hit through its label, so
 * the label wrapping it is what is measured; a link inside running text is a word, not a
 * control, and is exempt as WCAG 2.5.5 says.
 */
async function smallTargets(page) {
  return page.evaluate((min) => {
    const controls = document.querySelectorAll(
      'a[href], button, input, select, textarea, summary, [role="button"], [role="tab"], [tabindex]:not([tabindex="-1"])',
    );
    const small = [];
    for (const control of controls) {
      let target = control;
      if (control.matches('input[type="checkbox"], input[type="radio"], input[type="file"]')) {
        // Hit through its label (a file input hides behind its styled label button).
        target = control.closest('label') ?? document.querySelector(`label[for="${control.id}"]`) ?? control;
      }
      if (control.matches('a[href]') && control.closest('p, li.prose, .hint, td')?.matches('p, .hint')) {
        continue;
      }
      const box = target.getBoundingClientRect();
      const style = getComputedStyle(target);
      if (box.width === 0 || box.height === 0 || style.visibility === 'hidden') {
        continue;
      }
      if (box.height < min - 0.5 || box.width < min - 0.5) {
        const name = (target.getAttribute('aria-label') || target.innerText || target.id || target.tagName).trim().slice(0, 40);
        small.push(`${target.tagName.toLowerCase()} “${name}” ${Math.round(box.width)}×${Math.round(box.height)}`);
      }
    }
    return small;
  }, MIN_TARGET_PX);
}

async function expectAccessible(page, where) {
  await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
  expect.soft(await seriousViolations(page), `axe on ${where}`).toEqual([]);
  expect.soft(await smallTargets(page), `targets under 44 px on ${where}`).toEqual([]);
}

const nav = (page, link) => page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: link }).click();

test('x_2 every route passes axe-core and has 44 px targets on the tablet, for every role', async ({ page }, testInfo) => {
  test.setTimeout(240_000);
  await page.goto('./');
  await expectAccessible(page, 'first setup');
  const office = testInfo.outputPath('office.json');
  writeSampleOffice(office, 4);
  await setUpDevice(page, EVERY_ROLE);
  await importBundle(page, office);
  await expectAccessible(page, 'the import preview');
  await confirmImport(page);
  await expect(page.getByRole('status', { name: '导入完成' })).toBeVisible();

  // Every route as the front desk (an administrator, so Settings shows everything), and each
  // role's own 工作台.
  for (const route of ROUTES) {
    await nav(page, route.link);
    await expectAccessible(page, `${route.link} as 前台接待`);
  }
  for (const role of ['装修主管', '巡视员', '客户服务部经理', '部门负责人', '前台接待']) {
    await switchRole(page, role);
    await nav(page, '工作台');
    await expectAccessible(page, `工作台 as ${role}`);
  }
  await nav(page, '二次装修');
  await page.getByRole('link', { name: '新建装修申请' }).click();
  await expectAccessible(page, 'the new application form');
  await nav(page, '二次装修');
  await page.getByRole('list', { name: '装修案件列表' }).getByRole('link').first().click();
  await expectAccessible(page, 'a renovation case');
  await nav(page, '投诉与建议');
  await page.getByRole('region', { name: '投诉与建议记录' }).getByRole('link').first().click();
  await expectAccessible(page, 'a feedback case');
  await switchRole(page, '巡视员');
  await nav(page, '巡视检查');
  await page.getByRole('list', { name: '今日巡视路线' }).getByRole('link').first().click();
  await expectAccessible(page, 'a patrol');
  // The lock screen: its PIN field is a 44 px control too.
  await page.getByRole('button', { name: '切换用户' }).click();
  await expectAccessible(page, 'the lock screen');
  await signIn(page, '王芳', ADMIN_PIN);
  await page.goto('./calendar');
  await expectAccessible(page, 'the working calendar');
  await page.goto('./no-such-page');
  await expectAccessible(page, 'not found');
});
