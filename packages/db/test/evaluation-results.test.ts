import { InputError } from '@jixiao/core';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getEvaluationResult, recordEvaluationResult } from '../src/evaluation-results/index.ts';
import { evaluationResults, rectificationTasks } from '../src/schema/index.ts';
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
  city = await seedTestCity(db, { today: '2026-12-01' });
});
afterAll(() => db.dispose());

describe('recordEvaluationResult, as the evaluation workflows call it', () => {
  it('records a department-wide result in the caller’s transaction; its finding on an item opens a task', async () => {
    const item = await createExecutingItem(city, { name: '学前教育发展资金' });
    const id = await db.db.transaction((tx) =>
      recordEvaluationResult(tx, city.actors.admin, city.platform, {
        source: 'department_evaluation',
        fiscalYear: 2026,
        orgUnitId: city.orgs.deptA,
        score: 72,
        grade: 'fair',
        findings: [{ finding: '资金拨付不及时', requiredAction: '建立按月拨付台账', itemId: item.id }],
      }),
    );
    const r = await getEvaluationResult(db.db, city.actors.officerA, id);
    expect(r).toMatchObject({
      subject: { name: '景德镇市教育局' },
      gradeLabel: '中（一般）',
      rectificationComplete: false,
    });
    expect(r.findings[0]?.task?.status).toBe('assigned');
  });

  it('writes nothing when a finding with an action names no item', async () => {
    const before = (await db.db.select().from(evaluationResults)).length;
    const tasksBefore = (await db.db.select().from(rectificationTasks)).length;
    const attempt = db.db.transaction((tx) =>
      recordEvaluationResult(tx, city.actors.admin, city.platform, {
        source: 'department_evaluation',
        fiscalYear: 2025,
        orgUnitId: city.orgs.deptB,
        score: 50,
        grade: 'poor',
        findings: [{ finding: '目标不明确', requiredAction: '重新编制部门整体绩效目标' }],
      }),
    );
    await expect(attempt).rejects.toThrow(InputError);
    await expect(attempt).rejects.toThrow('findings.0.itemId');
    expect((await db.db.select().from(evaluationResults)).length).toBe(before);
    expect((await db.db.select().from(rectificationTasks)).length).toBe(tasksBefore);
    expect(
      await db.db.select().from(evaluationResults).where(eq(evaluationResults.orgUnitId, city.orgs.deptB)),
    ).toEqual([]);
  });

  it('refuses a department officer recording its own result', async () => {
    await expect(
      db.db.transaction((tx) =>
        recordEvaluationResult(tx, city.actors.officerA, city.platform, {
          source: 'self_evaluation',
          fiscalYear: 2026,
          itemId: 1,
          score: 99,
          grade: 'excellent',
        }),
      ),
    ).rejects.toThrow(/权限|无权/);
  });
});
