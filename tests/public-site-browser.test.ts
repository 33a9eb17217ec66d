import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM } from './helpers.ts';
import { eventually, startTestServer } from './system.ts';

const hasChromium = existsSync(CHROMIUM);

let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;
beforeAll(async () => {
  if (!hasChromium) return;
  server = await startTestServer();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-sync',
    ],
  });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const shot = (name: string) => join(tmpdir(), `jixiao-public-${name}.png`);

/** A page that records console errors and script errors. */
async function open(errors: string[], viewport = { width: 1280, height: 900 }): Promise<Page> {
  const page = await browser.newPage({ viewport, deviceScaleFactor: viewport.width < 500 ? 2 : 1 });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  return page;
}

describe.skipIf(!hasChromium)('the public site in a real browser (DI-4, DI-5)', () => {
  it("shows the demo city's published year with charts, search, and a phone-sized item page with the survey", async () => {
    const errors: string[] = [];
    const page = await open(errors);
    await page.goto(`${server.server.url}/public/`);
    await expect.poll(() => page.locator('h1').textContent()).toBe('预算绩效信息公开');
    await page.locator('main a', { hasText: '预算草案重点绩效信息' }).first().click();
    await expect
      .poll(() => page.locator('h1').textContent())
      .toMatch(/^景德镇市\d{4}年预算草案重点绩效信息$/);
    const chart = page.locator('figure svg[role="img"]').first();
    expect(await chart.getAttribute('aria-label')).toMatch(/^各部门重点项目预算执行率：/);
    expect((await chart.boundingBox())?.width ?? 0).toBeGreaterThan(300);
    expect(await page.locator('text=补充公开各部门整体绩效目标').count()).toBe(1);
    await page.screenshot({ path: shot('year'), fullPage: true });

    // Search for an item of the published year by a word of its name.
    const firstItem =
      (await page.locator('section:has(h2:text("重大政策和项目")) li a').first().textContent()) ?? '';
    const word = firstItem.replace(/^\d{4}年/, '').slice(0, 4);
    await page.fill('#q', word);
    await page.click('form.search button');
    await expect.poll(() => page.locator('h1').textContent()).toBe('搜索结果');
    expect(await page.locator('main li a', { hasText: firstItem }).count()).toBeGreaterThan(0);
    await page.screenshot({ path: shot('search'), fullPage: true });
    const itemHref = (await page
      .locator('main li a', { hasText: firstItem })
      .first()
      .getAttribute('href')) as string;
    await page.close();

    // The item on a phone: readable without sideways scrolling, and the survey with its proof of work.
    const phone = await open(errors, { width: 390, height: 844 });
    await phone.goto(`${server.server.url}${itemHref}`);
    await expect.poll(() => phone.locator('h1').textContent()).toBe(firstItem);
    const overflow = Number(await phone.evaluate('document.documentElement.scrollWidth - window.innerWidth'));
    expect(overflow).toBeLessThanOrEqual(0);
    await phone.check('input[name="satisfaction"][value="5"]');
    await phone.fill('#comment', '项目实施效果很好，希望继续公开进度');
    await phone.click('#feedback-submit');
    await expect
      .poll(() => phone.locator('.notice[role="status"]').textContent(), { timeout: 30_000 })
      .toContain('感谢您的参与');
    await expect.poll(() => phone.locator('text=已有 1 人参与满意度评价').count()).toBe(1);
    await phone.screenshot({ path: shot('item-phone'), fullPage: true });
    // The comment reaches the department's performance officers in DingTalk, as a notice to sign for.
    const sim = server.server.messaging?.sim;
    const pushed = await eventually(() => sim?.outbox().find((p) => p.title?.includes('【公众留言】')));
    expect(pushed.userIds.length).toBeGreaterThan(0);

    expect(errors).toEqual([]);

    // A flood from the same browser: after the hourly allowance every answer is refused.
    let refused = '';
    for (let i = 0; i < 8 && !refused; i++) {
      await phone.goto(`${server.server.url}${itemHref}`);
      await phone.check('input[name="satisfaction"][value="1"]');
      await phone.click('#feedback-submit');
      await phone.waitForLoadState('load');
      await expect.poll(() => phone.locator('.notice[role="status"]').count(), { timeout: 30_000 }).toBe(1);
      const said = (await phone.locator('.notice[role="status"]').textContent()) ?? '';
      if (said.includes('提交过于频繁')) refused = said;
    }
    expect(refused).toContain('提交过于频繁');
    await phone.screenshot({ path: shot('flood-refused'), fullPage: true });
    await phone.close();
    // The refusals are answered 429, which the browser reports; nothing else went wrong.
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.filter((e) => !e.includes('status of 429'))).toEqual([]);
  });
});
