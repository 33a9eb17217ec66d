import { existsSync } from 'node:fs';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type System, startSystem } from './system.ts';

// Debian's Chromium (`apt-get install chromium`; .ci/run installs it). Never a downloaded browser.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);

let sys: System;
let browser: Browser;
beforeAll(async () => {
  if (!hasChromium) return;
  sys = await startSystem();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});
afterAll(async () => {
  await browser?.close();
  await sys?.close();
});

/** Opens /sim as a department officer of the education bureau; `errors` collects the page's script errors. */
async function openAsOfficer(errors: string[]): Promise<Page> {
  const page = await browser.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${sys.server.url}/sim`);
  await expect.poll(() => page.locator('#user-select option').count()).toBeGreaterThan(10);
  const officer = await page
    .locator('#user-select option', { hasText: '景德镇市教育局' })
    .first()
    .getAttribute('value');
  await page.selectOption('#user-select', officer as string);
  return page;
}

async function say(page: Page, text: string): Promise<void> {
  await page.fill('#message-input', text);
  await page.click('#send-button');
}

async function timesShown(element: Locator, text: string): Promise<number> {
  return ((await element.textContent()) ?? '').split(text).length - 1;
}

describe.skipIf(!hasChromium)('the chat page at /sim in a real browser', () => {
  it('picks a department officer, sends “我的预警” and shows the bot’s answer', async () => {
    const errors: string[] = [];
    const page = await openAsOfficer(errors);
    await say(page, '我的预警');
    const answer = page.locator('#messages .bot-message').last();
    await answer.waitFor({ timeout: 15_000 });
    await expect.poll(() => answer.textContent(), { timeout: 15_000 }).toMatch(/预警/);
    expect(errors).toEqual([]);
  });

  it('shows an action card’s title once, in the chat and in the pushes, and its buttons send their command', async () => {
    const errors: string[] = [];
    const page = await openAsOfficer(errors);
    const title = '绩效通可以帮您';
    await say(page, '帮助');
    const help = page.locator('#messages .bot-message', { hasText: title }).last();
    await help.waitFor({ timeout: 15_000 });
    expect(await timesShown(help, title)).toBe(1);

    // The officer's earlier messages are shown too (the page replays the conversation): count new ones.
    const asked = page.locator('#messages .user-message.mine', { hasText: '我的预警' });
    const askedBefore = await asked.count();
    await help.locator('button', { hasText: '我的预警' }).click();
    await expect.poll(() => asked.count(), { timeout: 15_000 }).toBe(askedBefore + 1);

    // With the session webhook failing, the adapter sends the answer through the robot OpenAPI instead:
    // a proactive action card (sampleActionCard3), which the page lists among the pushes.
    sys.sim.setFaults({ sessionWebhookErrorRate: 1 });
    try {
      await say(page, '帮助');
      const push = page.locator('#pushes .push', { hasText: title }).first();
      await push.waitFor({ timeout: 15_000 });
      expect(await timesShown(push, title)).toBe(1);
    } finally {
      sys.sim.setFaults({});
    }
    expect(errors).toEqual([]);
  });
});
