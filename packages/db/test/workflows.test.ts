import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../src/audit/index.ts';
import { recordPayment } from '../src/execution/index.ts';
import { acknowledgeWarning, listWarnings, resolveWarning, runSweep } from '../src/monitoring/index.ts';
import {
  createTask,
  isRectificationAssignee,
  listRectificationAssignees,
  reviewTask,
  submitTask,
} from '../src/rectification/index.ts';
import { auditEntries, users, warnings } from '../src/schema/index.ts';
import {
  createExecutingItem,
  createTestDatabase,
  seedTestCity,
  type TestCity,
  type TestDatabase,
} from '../src/testing/index.ts';

let db: TestDatabase;
let city: TestCity;
beforeAll(async () => {
  db = await createTestDatabase();
  city = await seedTestCity(db, { today: '2026-08-31' });
});
afterAll(async () => {
  await db?.dispose();
});

/** An item of 第一中学 that has paid nothing, and its execution-lag warning. */
async function laggingWarning() {
  const item = await createExecutingItem(city, { orgUnitId: city.orgs.unitA1 }, city.actors.unitA1);
  await runSweep(city.platform, { trigger: 'test' });
  const [w] = await listWarnings(db.db, city.actors.admin, {
    itemId: item.id,
    ruleId: 'core:execution-lag',
    limit: 1,
  });
  return { item, warningId: w?.id as number };
}

describe('who may be made responsible for rectifying an item', () => {
  it('is one rule: the list of candidates and the check on a new task accept exactly the same people', async () => {
    const { item, warningId } = await laggingWarning();
    const everyone = await db.db.select({ id: users.id }).from(users);
    const listed = (await listRectificationAssignees(db.db, city.actors.admin, item.id)).map((c) => c.userId);
    // The unit's officer first, then its department's.
    expect(listed).toEqual([city.actors.unitA1.userId, city.actors.officerA.userId]);
    for (const u of everyone) {
      expect(await isRectificationAssignee(db.db, city.actors.admin, item.id, u.id)).toBe(
        listed.includes(u.id),
      );
    }
    await expect(
      createTask(city.platform, city.actors.admin, {
        warningId,
        assigneeUserId: city.actors.officerB.userId as number,
        deadline: '2026-09-30',
        requirement: '说明原因',
      }),
    ).rejects.toMatchObject({
      code: 'invalid_input',
      message: '字段 assigneeUserId：整改责任人须为项目所属单位或其主管部门的绩效专员',
    });
  });
});

describe('the rectification workflow, persisted', () => {
  it('accepting a task resolves its warning, each change with its own audit entry on the chain', async () => {
    const { warningId } = await laggingWarning();
    const { admin, unitA1 } = city.actors;
    const task = await createTask(city.platform, admin, {
      warningId,
      assigneeUserId: unitA1.userId as number,
      deadline: '2026-09-30',
      requirement: '加快支出',
    });
    await expect(
      reviewTask(city.platform, admin, task.id, { decision: 'accept', comment: '提前验收' }),
    ).rejects.toMatchObject({ code: 'conflict', message: '整改任务当前为“待整改”，只能验收已提交的整改' });
    await submitTask(city.platform, unitA1, task.id, { submission: '已拨付' });
    const accepted = await reviewTask(city.platform, admin, task.id, {
      decision: 'accept',
      comment: '整改到位',
    });
    expect(accepted).toMatchObject({ status: 'accepted', round: 1 });
    const [w] = await db.db.select().from(warnings).where(eq(warnings.id, warningId));
    expect(w).toMatchObject({ status: 'resolved', resolution: `整改已验收（任务 #${task.id}）：整改到位` });
    const entries = await db.db
      .select()
      .from(auditEntries)
      .where(and(eq(auditEntries.entityType, 'warning'), eq(auditEntries.entityId, String(warningId))));
    expect(entries.map((e) => e.action)).toEqual(['warning.new', 'warning.resolve_by_rectification']);
    expect(entries[1]).toMatchObject({ before: { status: 'open' }, after: { status: 'resolved' } });
    expect(await verifyAuditChain(db.db)).toMatchObject({ ok: true });
  });
});

describe('the warning workflow, persisted', () => {
  it('refuses to act on a warning the sweep closed, naming the China date it closed', async () => {
    const { item, warningId } = await laggingWarning();
    await recordPayment(city.platform, city.actors.unitA1, item.id, {
      paidOn: '2026-08-20',
      amountFen: 90_000_000,
      source: 'treasury',
    });
    await runSweep(city.platform, { trigger: 'test' });
    await db.db
      .update(warnings)
      .set({ closedAt: new Date('2026-08-31T16:30:00Z') }) // 00:30 on 1 September in China
      .where(eq(warnings.id, warningId));
    const [w] = await db.db.select().from(warnings).where(eq(warnings.id, warningId));
    expect(w?.status).toBe('closed');
    await expect(resolveWarning(city.platform, city.actors.admin, warningId, '办结')).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/^预警已于 2026-09-01 自动关闭：预警条件已消除/),
    });
    await expect(
      acknowledgeWarning(city.platform, city.actors.leader, warningId, '说明'),
    ).rejects.toMatchObject({
      code: 'not_allowed',
      message: '您的角色无权签收预警',
    });
  });
});
