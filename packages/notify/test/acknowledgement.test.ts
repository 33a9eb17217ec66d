import { today } from '@jixiao/db';
import { acknowledgeWarning } from '@jixiao/db/monitoring';
import { acknowledgeNotice, listNotices } from '@jixiao/db/notices';
import { createTask, submitTask } from '@jixiao/db/rectification';
import { notices, outbox, warnings } from '@jixiao/db/schema';
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { notifyJobs } from '../src/index.ts';
import { createHarness, type Harness } from './harness.ts';

const DAY = 86_400_000;
let h: Harness;
afterEach(async () => {
  await h?.close();
});

function followUps(h: Harness) {
  const job = notifyJobs(h.platform, { acknowledgement: { resendAfterMs: DAY, maxResends: 2 } }).find(
    (j) => j.name === 'notify-notice-follow-ups',
  );
  if (!job) throw new Error('no follow-up job');
  return job.run as () => Promise<{ resent: number; escalated: number; closed: number; noHead: number[] }>;
}

async function oneWarning(h: Harness) {
  const item = await h.flaggedItem();
  await h.sweep();
  const rows = await h.db.db.select().from(warnings).where(eq(warnings.itemId, item.id));
  expect(rows.length).toBeGreaterThan(0);
  return rows;
}

describe('acknowledgement: notices, re-sends and escalation', () => {
  it('records a notice on delivery, re-sends it twice a day apart, then escalates once to the head', async () => {
    h = await createHarness();
    const ws = await oneWarning(h);
    const w = ws[0] as (typeof ws)[number];
    const subject = `warning:${w.id}`;
    const officer = h.city.actors.officerA.userId as number;
    const worker = h.worker();
    const sentAt = h.clock.now();
    await worker.drain();

    let [n] = await listNotices(h.db.db, subject);
    expect(n).toMatchObject({ event: 'new', recipient: { id: officer, name: '李教育' }, resendCount: 0 });
    expect(n?.firstSentAt?.getTime()).toBe(sentAt.getTime());
    const [raw] = await h.db.db.select().from(notices).where(eq(notices.subject, subject));
    expect(raw?.nextResendAt?.getTime()).toBe(sentAt.getTime() + DAY);

    const run = followUps(h);
    h.clock.advance(DAY - 60_000);
    expect((await run()).resent).toBe(0); // not yet
    h.clock.advance(60_000);
    expect((await run()).resent).toBe(ws.length);
    expect((await run()).resent).toBe(0); // already queued
    await worker.drain();
    const toOfficer = () =>
      [...h.fake.delivered.values()].filter(
        (d) =>
          d.userId === officer &&
          d.reply.buttons?.some((b) => b.kind === 'callback' && b.payload.subject === subject),
      );
    expect(toOfficer()).toHaveLength(2);
    expect(toOfficer()[1]?.reply.markdown).toContain('现第 1 次提醒');
    [n] = await listNotices(h.db.db, subject);
    expect(n?.resendCount).toBe(1);
    expect(n?.lastSentAt?.getTime()).toBe(h.clock.t);

    h.clock.advance(DAY);
    expect((await run()).resent).toBe(ws.length);
    await worker.drain();
    expect(toOfficer()).toHaveLength(3);

    h.clock.advance(DAY);
    const esc = await run();
    expect(esc).toMatchObject({ resent: 0, escalated: ws.length });
    await worker.drain();
    const toHead = [...h.fake.delivered.values()].filter((d) => d.userId === h.headA.userId);
    expect(toHead).toHaveLength(ws.length);
    expect(toHead[0]?.reply.title).toBe('【未签收督办】李教育未签收通知');
    expect(toHead[0]?.reply.markdown).toContain('已再次提醒 2 次，至今未签收');
    [n] = await listNotices(h.db.db, subject);
    expect(n?.escalatedAt?.getTime()).toBe(h.clock.t);

    // Escalated once: nothing more, ever.
    h.clock.advance(3 * DAY);
    expect(await run()).toMatchObject({ resent: 0, escalated: 0 });
    const escalationRows = (await h.rowsOf('notice_escalation')).length;
    expect(escalationRows).toBe(ws.length);
  });

  it('re-sends nothing once acknowledged, and cancels a queued re-send acknowledged before it went out', async () => {
    h = await createHarness();
    const ws = await oneWarning(h);
    const officer = h.city.actors.officerA;
    const worker = h.worker();
    await worker.drain();
    const [first, second] = ws;
    if (!first) throw new Error('no warning');

    // Acknowledged by button right away: never re-sent.
    const acked = await acknowledgeNotice(h.platform, officer, {
      subject: `warning:${first.id}`,
      via: 'button',
    });
    expect(acked?.acknowledgedVia).toBe('button');
    h.clock.advance(DAY);
    const run = followUps(h);
    expect((await run()).resent).toBe(ws.length - 1);
    const resendRows = await h.db.db.select().from(outbox).where(eq(outbox.kind, 'warning'));
    expect(
      resendRows.some(
        (r) =>
          (r.payload as { resend?: number }).resend &&
          (r.payload as { warningId: number }).warningId === first.id,
      ),
    ).toBe(false);

    if (second) {
      // Acknowledged ("收到" reply) after the re-send was queued but before it was sent: cancelled.
      await acknowledgeNotice(h.platform, officer, { subject: `warning:${second.id}`, via: 'reply' });
      await worker.drain();
      const queued = (await h.rowsOf('warning')).find(
        (r) =>
          (r.payload as { warningId: number; resend?: number }).warningId === second.id &&
          (r.payload as { resend?: number }).resend,
      );
      expect(queued?.status).toBe('cancelled');
      expect(queued?.lastError).toBe('收件人已签收，无需再次提醒');
    }
    h.clock.advance(5 * DAY);
    expect(await run()).toMatchObject({ escalated: 0 });
    const [n] = await listNotices(h.db.db, `warning:${first.id}`);
    expect(n?.acknowledgedAt).not.toBeNull();
    expect(n?.resendCount).toBe(0);
    expect(n?.escalatedAt).toBeNull();
  });

  it('stops following up when the subject closes, and reports when there is no head to escalate to', async () => {
    h = await createHarness();
    const itemB = await h.flaggedItem(h.city.orgs.deptB); // 卫生健康委: no head set
    const itemA = await h.flaggedItem();
    await h.sweep();
    const worker = h.worker();
    await worker.drain();
    const wsB = await h.db.db.select().from(warnings).where(eq(warnings.itemId, itemB.id));
    const [wA] = await h.db.db.select().from(warnings).where(eq(warnings.itemId, itemA.id)).limit(1);
    if (!wA) throw new Error('no warning in A');
    // 签收并说明 by the recipient: that warning's notice needs no more follow-up.
    await acknowledgeWarning(h.platform, h.city.actors.officerA, wA.id, '已说明采购方式的理由');
    const run = followUps(h);
    h.clock.advance(DAY);
    expect((await run()).closed).toBe(1);
    expect((await listNotices(h.db.db, `warning:${wA.id}`))[0]?.resendCount).toBe(0);
    await worker.drain();
    h.clock.advance(DAY);
    await run();
    await worker.drain();
    h.clock.advance(DAY);
    const r = await run();
    expect(r.noHead).toHaveLength(wsB.length);

    // Task notices stop once the task is no longer open.
    const task = await createTask(h.platform, h.city.actors.admin, {
      warningId: wA.id,
      assigneeUserId: h.city.actors.officerA.userId as number,
      deadline: today(h.platform),
      requirement: '限期整改',
    });
    await worker.drain();
    const [tn] = await listNotices(h.db.db, `task:${task.id}`);
    expect(tn?.event).toBe('assigned');
    await submitTask(h.platform, h.city.actors.officerA, task.id, { submission: '已整改' });
    h.clock.advance(DAY);
    const after = await run();
    expect(after.closed).toBeGreaterThanOrEqual(1);
    const [tn2] = await listNotices(h.db.db, `task:${task.id}`);
    expect(tn2?.resendCount).toBe(0);
  });
});
