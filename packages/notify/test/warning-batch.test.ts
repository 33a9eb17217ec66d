import { defaultPolicyConfig } from '@jixiao/core';
import { budgetItems, outbox, resolveWarning, warnings } from '@jixiao/db';
import { eq, inArray } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './harness.ts';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

describe('预警汇总', () => {
  it('sends an officer with many new warnings one summary, naming the most severe still open', async () => {
    h = await createHarness();
    h.platform.config = defaultPolicyConfig; // at most 5 warnings pushed one by one
    for (let i = 0; i < 4; i++) await h.flaggedItem();
    await h.sweep();
    expect(await h.rowsOf('warning')).toEqual([]);
    const [batch, ...others] = await h.rowsOf('warning_batch');
    expect(others).toEqual([]);
    expect(batch?.recipientUserId).toBe(h.city.actors.officerA.userId);
    const payload = batch?.payload as { created: number; red: number; warningIds: number[] };
    expect(payload.created).toBeGreaterThan(5);

    // One of the named warnings is dealt with before the message goes out: it is not named.
    const [gone, ...named] = payload.warningIds;
    await resolveWarning(h.platform, h.city.actors.admin, gone as number, '已核实，支出计划已调整');
    await h.worker().drain();

    expect(h.fake.delivered.size).toBe(1);
    const [sent] = [...h.fake.delivered.values()];
    expect(sent?.reply.title).toBe(`【预警汇总】新增预警 ${payload.created} 条`);
    expect(sent?.reply.markdown).toContain(`红色 ${payload.red} 条`);
    // Each named warning is one line: its severity, item code and message (items differ only by code).
    const listed = await h.db.db
      .select({ id: warnings.id, code: budgetItems.code, message: warnings.message })
      .from(warnings)
      .innerJoin(budgetItems, eq(budgetItems.id, warnings.itemId))
      .where(inArray(warnings.id, payload.warningIds));
    const lineOf = (id: number) => {
      const w = listed.find((l) => l.id === id);
      return `（${w?.code}）：${w?.message}`;
    };
    for (const id of named) expect(sent?.reply.markdown).toContain(lineOf(id));
    expect(sent?.reply.markdown).not.toContain(lineOf(gone as number));
    expect(sent?.reply.buttons).toEqual([{ label: '查看预警', kind: 'command', text: '我的预警' }]);
    expect((await h.rows()).map((r) => r.status)).toEqual(['sent']);
  });

  it('keeps each named warning to one short line', async () => {
    h = await createHarness();
    h.platform.config = defaultPolicyConfig;
    for (let i = 0; i < 4; i++) await h.flaggedItem();
    await h.sweep();
    const [batch] = await h.rowsOf('warning_batch');
    const [first] = (batch?.payload.warningIds ?? []) as number[];
    const long = `${'资金支付进度明显滞后'.repeat(30)}😀`; // 301 characters
    await h.db.db
      .update(warnings)
      .set({ message: long })
      .where(eq(warnings.id, first as number));
    await h.worker().drain();
    const [sent] = [...h.fake.delivered.values()];
    expect(sent?.reply.markdown).toContain(`${[...long].slice(0, 120).join('')}…`);
    expect(sent?.reply.markdown).not.toContain(long.slice(0, 121));
  });

  it('fails a summary whose content is incomplete instead of sending it', async () => {
    h = await createHarness();
    await h.db.db.insert(outbox).values({
      kind: 'warning_batch',
      dedupeKey: 'warning_batch:bad',
      recipientUserId: h.city.actors.officerA.userId as number,
      payload: { runId: 1, created: 7 },
      nextAttemptAt: h.clock.now(),
    });
    await h.worker().drain();
    expect(h.fake.delivered.size).toBe(0);
    const [row] = await h.rows();
    expect(row?.status).toBe('failed');
    expect(row?.lastError).toContain('warningIds');
  });
});
