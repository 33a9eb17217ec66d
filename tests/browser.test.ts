import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SYSTEM_ACTOR } from '@jixiao/db';
import { listRectificationAssignees } from '@jixiao/db/rectification';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM } from './helpers.ts';
import { eventually, type System, startSystem } from './system.ts';

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
  it('opens the link of a rectification to-do on a phone as a readable page', async () => {
    const admin = { authorization: `Bearer ${sys.server.adminToken}`, 'content-type': 'application/json' };
    const { warnings } = (await (
      await fetch(`${sys.server.url}/api/v1/warnings?severity=red&limit=1`, { headers: admin })
    ).json()) as { warnings: Array<{ id: number; item: { id: number; name: string } }> };
    const warning = warnings[0] as (typeof warnings)[number];
    const assignees = await listRectificationAssignees(sys.server.handle.db, SYSTEM_ACTOR, warning.item.id);
    const created = await fetch(`${sys.server.url}/api/v1/rectifications`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({
        warningId: warning.id,
        assigneeUserId: assignees[0]?.userId,
        deadline: '2026-12-31',
        requirement: '说明支出滞后原因，提交加快支出的计划',
      }),
    });
    const task = (await created.json()) as { id: number };
    const todo = await eventually(() => sys.sim.todos().find((t) => t.sourceId === `rect-${task.id}`));
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
    try {
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      const res = await page.goto(todo.detailUrl.appUrl as string);
      expect(res?.status()).toBe(200);
      await expect.poll(() => page.locator('h1').textContent()).toContain(`整改任务 #${task.id}`);
      expect(await page.locator('main').textContent()).toContain('说明支出滞后原因');
      // Nothing wider than the phone: no sideways scrolling.
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
      await page.screenshot({ path: join(tmpdir(), 'jixiao-task-page.png'), fullPage: true });
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

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
