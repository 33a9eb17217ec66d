import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM } from './helpers.ts';
import { type System, startSystem } from './system.ts';

const hasChromium = existsSync(CHROMIUM);

let sys: System;
beforeAll(async () => {
  if (hasChromium) sys = await startSystem();
});
afterAll(async () => {
  await sys?.close();
});

describe.skipIf(!hasChromium)('the chat page at /sim in a real browser', () => {
  it('picks a department officer, sends “我的预警” and shows the bot’s answer', async () => {
    const browser = await chromium.launch({
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
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${sys.server.url}/sim`);
      await expect.poll(() => page.locator('#user-select option').count()).toBeGreaterThan(10);
      const officer = await page
        .locator('#user-select option', { hasText: '景德镇市教育局' })
        .first()
        .getAttribute('value');
      await page.selectOption('#user-select', officer as string);
      await page.fill('#message-input', '我的预警');
      await page.click('#send-button');
      const answer = page.locator('#messages .bot-message').last();
      await answer.waitFor({ timeout: 15_000 });
      await expect.poll(() => answer.textContent(), { timeout: 15_000 }).toMatch(/预警/);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
