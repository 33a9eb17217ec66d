import type { TargetInput } from '@jixiao/core';
import { asc, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../src/audit/index.ts';
import { createLibraryIndicator } from '../src/indicator-library/index.ts';
import { createItem, getItem, type ItemRow } from '../src/items/index.ts';
import { auditEntries, lifecycleEvents, outbox, targetVersions } from '../src/schema/index.ts';
import { reviewTarget, submitTarget, submitTargets } from '../src/target-reviews/index.ts';
import { setTarget } from '../src/targets/index.ts';
import {
  completeTarget,
  createTestDatabase,
  seedTestCity,
  type TestCity,
  type TestDatabase,
} from '../src/testing/index.ts';

let db: TestDatabase;
let city: TestCity;
let libraryId: number;

beforeAll(async () => {
  db = await createTestDatabase();
  city = await seedTestCity(db);
  libraryId = (
    await createLibraryIndicator(city.platform, city.actors.admin, {
      name: '受益学生人数（批量测试）',
      level1: 'benefit',
      level2: 'social',
      operator: 'gte',
      unit: '人',
      standard: 'plan',
      fundTypeId: null,
      sector: null,
      referenceValue: null,
      referenceMin: 100,
      referenceMax: 1000,
      source: '测试',
    })
  ).id;
});
afterAll(() => db.dispose());

function newItem(code: string): Promise<ItemRow> {
  return createItem(city.platform, city.actors.officerA, {
    code,
    name: `校舍改造${code}`,
    kind: 'project',
    fundTypeId: 'test-fund',
    orgUnitId: city.orgs.deptA,
    fiscalYearStart: 2026,
    fiscalYearEnd: 2026,
    approvedAmountFen: 2_000_000_00,
    responsiblePerson: '李',
    isNewMajor: false,
    isSpecialTransfer: false,
    attributes: {},
  });
}

/** Three situations: a first target (with a library-range flag), a saved draft, a returned target. */
async function prepare(prefix: string): Promise<Array<{ item: ItemRow; input: TargetInput }>> {
  const fresh = await newItem(`${prefix}-1`);
  const flagged = completeTarget(2026);
  flagged.indicators = flagged.indicators.map((l, i) =>
    i === 2 ? { ...l, libraryIndicatorId: libraryId } : l,
  );

  const drafted = await newItem(`${prefix}-2`);
  await setTarget(city.platform, city.actors.officerA, drafted.id, completeTarget(2026));
  const redrafted = { ...completeTarget(2026), overallGoal: '完成校舍改造并通过验收' };

  const returned = await newItem(`${prefix}-3`);
  await setTarget(city.platform, city.actors.officerA, returned.id, completeTarget(2026));
  const v1 = await submitTarget(city.platform, city.actors.officerA, returned.id, { fiscalYear: 2026 });
  await reviewTarget(city.platform, city.actors.admin, v1.id, 'return', {
    criteria: {},
    comments: [{ indicator: '受益学生人数', comment: '请说明口径' }],
    opinion: '受益人数偏低',
  });
  const fixed = completeTarget(2026);
  fixed.indicators = fixed.indicators.map((l, i) => (i === 2 ? { ...l, targetValue: 3500 } : l));
  return [
    { item: fresh, input: flagged },
    { item: drafted, input: redrafted },
    { item: returned, input: fixed },
  ];
}

/** What a user sees of a write: ids replaced by their kind, the twin's code prefix by "P". */
function plain(v: unknown): unknown {
  return JSON.parse(JSON.stringify(v).replace(/(ONE|BULK)-/g, 'P-'), (k, x) =>
    ['id', 'indicatorId', 'targetId', 'itemId', 'versionId'].includes(k) ? typeof x : x,
  );
}

async function written(itemId: number) {
  const versions = await db.db
    .select()
    .from(targetVersions)
    .where(eq(targetVersions.itemId, itemId))
    .orderBy(asc(targetVersions.version));
  const events = await db.db
    .select()
    .from(lifecycleEvents)
    .where(eq(lifecycleEvents.itemId, itemId))
    .orderBy(asc(lifecycleEvents.id));
  const audit = await db.db
    .select()
    .from(auditEntries)
    .where(eq(auditEntries.itemId, itemId))
    .orderBy(asc(auditEntries.id));
  const todos = await db.db
    .select({ key: outbox.dedupeKey })
    .from(outbox)
    .where(like(outbox.dedupeKey, 'todo:target:%'));
  const versionIds = new Set(versions.map((v) => String(v.id)));
  return {
    state: (await getItem(db.db, city.actors.officerA, itemId)).state,
    versions: versions.map((v) =>
      plain({
        version: v.version,
        kind: v.kind,
        status: v.status,
        content: v.content,
        changes: v.changes,
        quality: v.quality,
        reason: v.reason,
      }),
    ),
    events: events.map((e) => [e.action, e.fromState, e.toState]),
    audit: audit.map((a) =>
      plain({ action: a.action, entityType: a.entityType, before: a.before, after: a.after }),
    ),
    todos: todos
      .map((t) => t.key.split(':'))
      .filter(([, , id]) => versionIds.has(id as string))
      .map(([, , , op]) => op),
  };
}

describe('bulk submission (workbook import)', () => {
  it('writes the same versions, quality findings, transitions, to-dos and audit entries as one by one', async () => {
    const single = await prepare('ONE');
    const bulk = await prepare('BULK');
    for (const { item, input } of single) {
      await submitTarget(city.platform, city.actors.officerA, item.id, { ...input, note: '导入报送' });
    }
    const ids = await submitTargets(
      city.platform,
      city.actors.officerA,
      bulk.map(({ item, input }) => ({
        itemId: item.id,
        label: `工作表“${item.code}”`,
        input: { ...input, note: '导入报送' },
      })),
    );
    expect(ids).toHaveLength(3);
    for (const [i, one] of single.entries()) {
      const a = await written(one.item.id);
      const b = await written((bulk[i] as (typeof bulk)[number]).item.id);
      expect(b).toEqual(a);
    }
    // The flag, the resubmission's diff and the completed to-do are really there.
    const [first, , third] = await Promise.all(bulk.map((b) => written(b.item.id)));
    expect(JSON.stringify(first?.versions)).toContain('library-range');
    expect(third?.versions).toHaveLength(2);
    expect(third?.todos).toContain('complete');
    expect(first?.state).toBe('targets_submitted');
    expect((await verifyAuditChain(db.db)).ok).toBe(true);
  });

  it('refuses the whole set on one failing target, naming it, and writes nothing', async () => {
    const [a, b] = await prepare('NONE');
    const bad = { ...completeTarget(2026) };
    bad.indicators = bad.indicators.map((l, i) => (i === 1 ? { ...l, unit: '' } : l));
    const before = await db.db.select({ id: auditEntries.id }).from(auditEntries);
    await expect(
      submitTargets(city.platform, city.actors.officerA, [
        { itemId: (a as { item: ItemRow }).item.id, label: '工作表“甲”', input: completeTarget(2026) },
        { itemId: (b as { item: ItemRow }).item.id, label: '工作表“乙”', input: bad },
      ]),
    ).rejects.toMatchObject({ message: expect.stringMatching(/^工作表“乙”：绩效目标未通过质量检查/) });
    expect(await db.db.select({ id: auditEntries.id }).from(auditEntries)).toHaveLength(before.length);
    expect(
      await db.db
        .select()
        .from(targetVersions)
        .where(eq(targetVersions.itemId, (a as { item: ItemRow }).item.id)),
    ).toEqual([]);
  });
});
