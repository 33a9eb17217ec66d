import { defaultPolicyConfig, ownerReminderPeriod } from '@jixiao/core';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  handOverProject,
  openCase,
  ownerRectifications,
  queueOwnerReminders,
} from '../src/accountability/index.ts';
import { createTask } from '../src/rectification/index.ts';
import { budgetItems, outbox, rectificationTasks } from '../src/schema/index.ts';
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
  city = await seedTestCity(db, { today: '2026-11-30' });
});
afterAll(() => db.dispose());

const task = (itemId: number, deadline = '2026-12-20') =>
  createTask(city.platform, city.actors.admin, {
    itemId,
    source: 'evaluation',
    assigneeUserId: city.actors.officerA.userId as number,
    deadline,
    requirement: '补齐验收资料',
  });

describe('整改与问责提醒: the owner’s open rectifications with their accountability status (§十五)', () => {
  it('finds the owner by the register, says what is overdue, open to accountability or owned for life, once per period', async () => {
    // A major project handed over to 李教育 (with the user named), one owned by name, one by nobody here.
    const major = await createExecutingItem(city, { name: '城区污水管网改造' });
    // Marked major after its approval (a new major one would first need its ex-ante assessment).
    await db.db.update(budgetItems).set({ isNewMajor: true }).where(eq(budgetItems.id, major.id));
    await handOverProject(city.platform, city.actors.admin, major.id, {
      toName: '李教育',
      toUserId: city.actors.officerA.userId,
      effectiveOn: '2026-11-01',
      reason: '工作调整',
    });
    const owned = await createExecutingItem(city, { name: '校舍维修', responsiblePerson: '李教育' });
    const stranger = await createExecutingItem(city, { name: '图书采购', responsiblePerson: '不在册' });
    const late = await task(major.id);
    await db.db
      .update(rectificationTasks)
      .set({ deadline: '2026-11-20' })
      .where(eq(rectificationTasks.id, late.id));
    const soon = await task(owned.id);
    await task(stranger.id);
    const done = await task(owned.id);
    await db.db
      .update(rectificationTasks)
      .set({ status: 'accepted' })
      .where(eq(rectificationTasks.id, done.id));
    const c = await openCase(city.platform, city.actors.admin, {
      itemId: owned.id,
      source: 'unrectified',
      finding: '整改不到位',
      failureOn: '2026-11-15',
    });

    const mine = await ownerRectifications(db.db, city.actors.officerA, '2026-11-30');
    expect(
      mine.map((r) => [r.taskId, r.item.name, r.overdueDays, r.lifetime, r.openCases.map((x) => x.id)]),
    ).toEqual([
      [late.id, '城区污水管网改造', 10, true, []],
      [soon.id, '校舍维修', 0, false, [c.id]],
    ]);
    // Another department's officer owns none of them; nor does the bureau by scope alone.
    expect(await ownerRectifications(db.db, city.actors.officerB, '2026-11-30')).toEqual([]);
    expect(await ownerRectifications(db.db, city.actors.admin, '2026-11-30')).toEqual([]);

    const period = ownerReminderPeriod('2026-11-30', defaultPolicyConfig.resultApplication.ownerReminders);
    const now = city.platform.now();
    expect(await queueOwnerReminders(db.db, { period, now })).toBe(1);
    expect(await queueOwnerReminders(db.db, { period, now })).toBe(0);
    const rows = (await db.db.select().from(outbox)).filter((r) => r.kind === 'owner_rectifications');
    expect(rows.map((r) => [r.recipientUserId, r.payload])).toEqual([
      [city.actors.officerA.userId, { period: '2026-11-30' }],
    ]);
    // The next period reminds again.
    expect(await queueOwnerReminders(db.db, { period: '2026-12-07', now })).toBe(1);
  });
});
