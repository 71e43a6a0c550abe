import { test, expect, type Page } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { startApp } from './app-fixture.ts';
import { checkScreen } from './ui-steps.ts';
import { dayScreensIn, openNavIn, pseudoTexts, refusedReportIn, signInToSimulatorIn } from './language-steps.ts';

// The renderer built against the pseudo-locale (npm run build:renderer:pseudo): English
// accented, 40% longer and in ⟦ ⟧, as long as a translation may run. Every screen must still
// show all of every text: nothing may be cut off or push the page sideways. The screenshots
// (test-results/e2e-screens/pseudo-*.png) are for a person to look at as well.

const PSEUDO_RENDERER = fileURLToPath(new URL('../../dist/renderer-pseudo/', import.meta.url));

/**
 * Elements whose text does not fit: wider than their box with the overflow hidden, or running
 * out of the panel (or notice, dialog, header, status bar) they sit in; apart
 * from the log's cells, which end in "…" on purpose (the whole text is in the row's details),
 * and text meant for screen readers only.
 * Runs in the page (a string: the tests are type-checked for Node, without the DOM's types).
 */
const CUT_OFF_IN_PAGE = `(() => {
  const found = [];
  if (document.documentElement.scrollWidth > window.innerWidth + 1) found.push('the page scrolls sideways (' + document.documentElement.scrollWidth + 'px)');
  for (const el of document.querySelectorAll('body *')) {
    if (!el.offsetParent || !el.textContent.trim()) continue;
    const style = getComputedStyle(el);
    if (style.textOverflow === 'ellipsis' || el.closest('[role="cell"], .visually-hidden')) continue;
    const scrolls = ['auto', 'scroll'].includes(style.overflowX) || ['auto', 'scroll'].includes(style.overflowY);
    const clipsX = style.overflowX !== 'visible' && el.scrollWidth > el.clientWidth + 1;
    const clipsY = (style.overflowY === 'hidden' || style.overflowY === 'clip') && el.scrollHeight > el.clientHeight + 1;
    if ((clipsX || clipsY) && !scrolls) found.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + ': ' + el.textContent.trim().slice(0, 60));
    // Text that runs out of its box (a panel, a notice, a dialog, the header, the status bar).
    const box = el.parentElement && el.parentElement.closest('.panel, .notice, dialog, header, footer, [role="table"]');
    if (box && !el.closest('[role="cell"]')) {
      const inner = el.getBoundingClientRect();
      const outer = box.getBoundingClientRect();
      if (inner.right > outer.right + 1 || inner.left < outer.left - 1) found.push('out of its box: ' + el.tagName.toLowerCase() + ': ' + el.textContent.trim().slice(0, 60));
    }
  }
  return found;
})()`;

async function cutOff(page: Page): Promise<string[]> {
  return (await page.evaluate(CUT_OFF_IN_PAGE)) as string[];
}

test.use({ locale: 'en-GB' });

test('the pseudo-locale: every screen shows its texts whole', async ({ page }) => {
  const started = await startApp({ rendererDir: PSEUDO_RENDERER });
  try {
    const { app } = started;
    const t = pseudoTexts();
    await page.goto(app.url);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('⟦');
    expect(await cutOff(page)).toEqual([]);
    await checkScreen(page, 'pseudo-1-first-run');

    await signInToSimulatorIn(page, app, t);
    await page.getByRole('button', { name: t('form_submit') }).click(); // empty: every problem beside its field
    await expect(page.getByText(t('problem_required')).first()).toBeVisible();
    await page.setViewportSize({ width: 1280, height: 1500 });
    expect(await cutOff(page)).toEqual([]);
    await checkScreen(page, 'pseudo-2-report-form');
    await page.setViewportSize({ width: 1280, height: 800 });

    await refusedReportIn(page, app, t, 'PSEUDO-400');
    expect(await cutOff(page)).toEqual([]);
    await checkScreen(page, 'pseudo-3-outbox-refused');

    await dayScreensIn(page, app, t, async (name) => {
      expect(await cutOff(page), name).toEqual([]);
      await checkScreen(page, `pseudo-day-${name}`);
    });

    await openNavIn(page, t, 'app_nav_settings');
    expect(await cutOff(page)).toEqual([]);
    await checkScreen(page, 'pseudo-4-settings');

    // The narrowest window the app allows (electron/platform/window.ts: 900 × 600).
    await page.setViewportSize({ width: 900, height: 700 });
    expect(await cutOff(page)).toEqual([]);
    await checkScreen(page, 'pseudo-5-settings-narrow');
    await openNavIn(page, t, 'app_nav_report');
    expect(await cutOff(page)).toEqual([]);
    await checkScreen(page, 'pseudo-6-report-narrow');
  } finally {
    await started.stop();
  }
});
