import { publicTexts } from '@jixiao/core';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadActor } from '../src/actor.ts';
import { verifyAuditChain } from '../src/audit/index.ts';
import { recordPayment } from '../src/execution/index.ts';
import { type Actor, SYSTEM_ACTOR } from '../src/index.ts';
import type { ItemRow } from '../src/items/index.ts';
import { createUser } from '../src/master-data/index.ts';
import {
  actOnPublication,
  createPublication,
  getPublication,
  listPublications,
  publishedSets,
  reselectPublication,
} from '../src/publications/index.ts';
import { createTask } from '../src/rectification/index.ts';
import { publications } from '../src/schema/index.ts';
import {
  createExecutingItem,
  createTestDatabase,
  seedTestCity,
  type TestCity,
  type TestDatabase,
} from '../src/testing/index.ts';

let db: TestDatabase;
let city: TestCity;
let reviewer: Actor;
let published: ItemRow;
let unpublished: ItemRow;

beforeAll(async () => {
  db = await createTestDatabase();
  city = await seedTestCity(db);
  const u = await createUser(city.platform, SYSTEM_ACTOR, {
    name: '孙审核',
    orgUnitId: city.orgs.finance,
    roles: ['finance_admin'],
  });
  reviewer = (await loadActor(db.db, u.id)) as Actor;
  published = await createExecutingItem(city, { name: '城区学校校舍改造', responsiblePerson: '张建国' });
  unpublished = await createExecutingItem(city, {
    name: '内部调研经费（不公开）',
    responsiblePerson: '王秘密',
  });
  await recordPayment(city.platform, city.actors.officerA, published.id, {
    paidOn: '2026-06-30',
    amountFen: 400_000_00,
    source: 'report',
  });
  await createTask(city.platform, city.actors.admin, {
    itemId: published.id,
    assigneeUserId: city.actors.officerA.userId as number,
    deadline: '2026-10-31',
    requirement: '补充校舍改造验收资料（李教育负责）',
  });
});
afterAll(() => db.dispose());

describe('publication workflow (DI-4)', () => {
  it('selects, projects without names or internal fields, reviews by another person, publishes on its date', async () => {
    const draft = await createPublication(city.platform, city.actors.admin, {
      fiscalYear: 2026,
      draft: 'budget',
      itemIds: [published.id],
      departmentIds: [],
    });
    expect(draft.status).toBe('draft');
    const texts = publicTexts(draft.public).join('\n');
    expect(texts).toContain('城区学校校舍改造');
    expect(texts).toContain('补充校舍改造验收资料');
    for (const hidden of [
      '张建国',
      '李教育',
      '王财政',
      '内部调研经费',
      '审核意见',
      '偏差说明',
      '整改责任人',
    ]) {
      expect(texts).not.toContain(hidden);
    }
    const execution = draft.public.subjects[0]?.blocks.find((b) => b.section === 'execution');
    expect(execution?.metrics).toMatchObject({ budgetFen: 1_000_000_00, paidFen: 400_000_00 });

    // Nothing is public before approval, and not before the date.
    expect(await publishedSets(db.db, '2026-12-31')).toEqual([]);
    await actOnPublication(city.platform, city.actors.admin, draft.id, 'submit');
    await expect(
      actOnPublication(city.platform, city.actors.admin, draft.id, 'approve', { publishOn: '2026-09-01' }),
    ).rejects.toThrow(/不能审核自己报送/);
    await expect(
      actOnPublication(city.platform, city.actors.officerA, draft.id, 'approve', { publishOn: '2026-09-01' }),
    ).rejects.toThrow();
    const approved = await actOnPublication(city.platform, reviewer, draft.id, 'approve', {
      publishOn: '2026-09-01',
    });
    expect(approved.status).toBe('approved');
    expect(await publishedSets(db.db, '2026-08-31')).toEqual([]);
    const sets = await publishedSets(db.db, '2026-09-01');
    expect(sets.map((s) => [s.slug, s.current.version, s.current.publishOn])).toEqual([
      ['360200-2026-budget', 1, '2026-09-01'],
    ]);
  });

  it('keeps an approved version immutable; a correction is a new version with a note', async () => {
    const [v1] = await listPublications(db.db, city.actors.admin, { fiscalYear: 2026, limit: 10 });
    const id = v1?.id as number;
    await expect(
      reselectPublication(city.platform, city.actors.admin, id, {
        itemIds: [unpublished.id],
        departmentIds: [],
      }),
    ).rejects.toThrow(/更正版本/);
    await expect(
      db.db.update(publications).set({ note: 'x' }).where(eq(publications.id, id)),
    ).rejects.toThrow();
    await expect(
      createPublication(city.platform, city.actors.admin, {
        fiscalYear: 2026,
        draft: 'budget',
        itemIds: [published.id],
        departmentIds: [],
      }),
    ).rejects.toThrow(/更正说明/);
    const v2 = await createPublication(city.platform, city.actors.admin, {
      fiscalYear: 2026,
      draft: 'budget',
      itemIds: [published.id],
      departmentIds: [],
      sections: ['item_targets', 'execution'],
      note: '更正：整改情况待验收后另行公开',
    });
    expect(v2.version).toBe(2);
    await actOnPublication(city.platform, city.actors.admin, v2.id, 'submit');
    await expect(actOnPublication(city.platform, reviewer, v2.id, 'return', {})).rejects.toThrow(
      /退回须说明理由/,
    );
    await actOnPublication(city.platform, reviewer, v2.id, 'approve', { publishOn: '2026-09-02' });
    const [set] = await publishedSets(db.db, '2026-09-02');
    expect(set?.versions.map((v) => [v.version, v.publishOn, v.note])).toEqual([
      [1, '2026-09-01', null],
      [2, '2026-09-02', '更正：整改情况待验收后另行公开'],
    ]);
    expect(set?.current.snapshot.subjects[0]?.blocks.map((b) => b.section)).toEqual([
      'item_targets',
      'execution',
    ]);
    expect((await getPublication(db.db, city.actors.admin, id)).status).toBe('approved');
    expect((await verifyAuditChain(db.db)).ok).toBe(true);
  });
});
