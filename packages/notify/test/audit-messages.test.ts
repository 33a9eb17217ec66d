import { SYSTEM_ACTOR } from '@jixiao/db';
import { checkpointAuditChain, queueAuditAlert } from '@jixiao/db/audit';
import { createUser } from '@jixiao/db/master-data';
import { outbox } from '@jixiao/db/schema';
import { createTestAuditAnchor } from '@jixiao/db/testing';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './harness.ts';

let h: Harness;
let auditorId: number;

beforeAll(async () => {
  h = await createHarness();
  h.platform.auditAnchor = createTestAuditAnchor();
  auditorId = (
    await createUser(h.platform, SYSTEM_ACTOR, {
      name: '孙审计',
      orgUnitId: h.city.orgs.finance,
      roles: ['auditor'],
      dingtalkUserId: 'dt-auditor',
      dingtalkUnionId: 'union-dt-auditor',
    })
  ).id;
});
afterAll(async () => {
  await h?.close();
});

function deliveredTo(userId: number) {
  return [...h.fake.delivered.values()].filter((d) => d.userId === userId);
}

describe('the audit bureau hears about the audit chain', () => {
  it('gets every signed checkpoint in DingTalk, with the hash and signature to keep', async () => {
    await h.flaggedItem();
    const outcome = await checkpointAuditChain(h.platform);
    if (outcome?.status !== 'written') throw new Error(`no checkpoint: ${JSON.stringify(outcome)}`);
    const c = outcome.checkpoint;
    await h.worker().drain();
    const [message] = deliveredTo(auditorId);
    expect(message?.reply.title).toBe('【审计链检查点】#1');
    expect(message?.reply.markdown).toContain(`截至第 ${c.lastEntryId} 条，共 ${c.count} 条记录`);
    expect(message?.reply.fields).toEqual(
      expect.arrayContaining([
        { label: '链头哈希', value: c.lastHash },
        { label: '签名（Ed25519）', value: c.signature },
      ]),
    );
    // Only the auditors: checkpoints are no news for anyone else.
    expect([...h.fake.delivered.values()].map((d) => d.userId)).toEqual([auditorId]);
  });

  it('never passes on a checkpoint altered while it waited in the outbox', async () => {
    await h.flaggedItem();
    await checkpointAuditChain(h.platform);
    await h.db.db.execute(
      sql`update outbox set payload = jsonb_set(payload, '{count}', '1') where kind = 'audit_checkpoint' and status = 'pending'`,
    );
    const before = deliveredTo(auditorId).length;
    const done = await h.worker().drain();
    expect(done.failed).toBe(1);
    expect(deliveredTo(auditorId)).toHaveLength(before);
    const [row] = await h.db.db.select().from(outbox).where(eq(outbox.status, 'failed')).limit(1);
    expect(row?.lastError).toContain('签名无效');
  });

  it('alerts the auditors and the finance admins when the chain fails verification', async () => {
    await queueAuditAlert(
      h.db.db,
      {
        source: 'daily_verification',
        reason: '第 7 条的内容与其哈希不符（记录被篡改）',
        entryId: 7,
        problems: 2,
      },
      h.clock.now(),
    );
    await h.worker().drain();
    const alerted = [...h.fake.delivered.values()].filter((d) =>
      d.reply.title.startsWith('【审计链校验未通过】'),
    );
    expect(alerted.map((d) => d.userId).sort()).toEqual(
      [auditorId, h.city.actors.admin.userId, h.city.actors.countyAdmin.userId].sort(),
    );
    expect(alerted[0]?.reply.markdown).toContain('第 7 条的内容与其哈希不符（记录被篡改）');
    expect(alerted[0]?.reply.fields).toEqual(
      expect.arrayContaining([{ label: '涉及记录', value: '第 7 条' }]),
    );
  });
});
