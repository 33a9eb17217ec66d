import { defaultPolicyConfig } from '@jixiao/core';
import { resolveWarning } from '@jixiao/db/monitoring';
import { acknowledgeNotice, listNotices } from '@jixiao/db/notices';
import { budgetItems, outbox, warnings } from '@jixiao/db/schema';
import { eq, inArray } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { notifyJobs } from '../src/index.ts';
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
    expect(sent?.reply.buttons).toEqual([
      {
        label: '收到',
        kind: 'callback',
        action: 'ack',
        payload: { subject: `warning_batch:${batch?.payload.runId}` },
      },
      { label: '查看预警', kind: 'command', text: '我的预警' },
    ]);
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

  it('is a notice: re-sent while not signed for, then taken to the department head; 收到 ends it', async () => {
    const DAY = 86_400_000;
    h = await createHarness();
    h.platform.config = defaultPolicyConfig;
    for (let i = 0; i < 4; i++) await h.flaggedItem();
    await h.sweep();
    const [batch] = await h.rowsOf('warning_batch');
    const subject = `warning_batch:${batch?.payload.runId}`;
    const worker = h.worker();
    await worker.drain();
    const [n] = await listNotices(h.db.db, subject);
    expect(n).toMatchObject({ event: 'new', recipient: { name: '李教育' }, resendCount: 0 });

    const job = notifyJobs(h.platform, { acknowledgement: { resendAfterMs: DAY, maxResends: 1 } }).find(
      (j) => j.name === 'notify-notice-follow-ups',
    );
    const followUps = job?.run as () => Promise<{ resent: number; escalated: number }>;
    h.clock.advance(DAY);
    expect(await followUps()).toMatchObject({ resent: 1, escalated: 0 });
    await worker.drain();
    const summaries = [...h.fake.delivered.values()].filter((d) => d.reply.title.startsWith('【预警汇总】'));
    expect(summaries).toHaveLength(2);
    expect(summaries[1]?.reply.markdown).toContain('现第 1 次提醒');
    expect(summaries[1]?.reply.markdown).toContain(`红色 ${batch?.payload.red} 条`);

    h.clock.advance(DAY);
    expect(await followUps()).toMatchObject({ resent: 0, escalated: 1 });
    await worker.drain();
    const [toHead] = [...h.fake.delivered.values()].filter((d) => d.userId === h.headA.userId);
    expect(toHead?.reply.markdown).toContain(
      `收到“第 ${batch?.payload.runId} 次监控扫描的预警汇总”的预警通知`,
    );

    expect(
      await acknowledgeNotice(h.platform, h.city.actors.officerA, { subject, via: 'button' }),
    ).toMatchObject({ subject, acknowledgedVia: 'button' });
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
