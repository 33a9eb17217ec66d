import { SYSTEM_ACTOR } from '@jixiao/db';
import { issueToken } from '@jixiao/db/auth';
import { createUser } from '@jixiao/db/master-data';
import { outbox } from '@jixiao/db/schema';
import { createExecutingItem } from '@jixiao/db/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness } from './helpers.ts';

let api: ApiHarness;
let auditorToken: string;

beforeAll(async () => {
  api = await createApiHarness({ today: '2026-12-20' });
  const auditor = await createUser(api.city.platform, SYSTEM_ACTOR, {
    name: '孙审计',
    orgUnitId: api.city.orgs.finance,
    roles: ['auditor'],
    dingtalkUserId: 'dt-audit',
    dingtalkUnionId: 'union-dt-audit',
  });
  auditorToken = (await issueToken(api.db.db, auditor.id, 'test')).token;
});
afterAll(() => api.close());

/** An item self-evaluated to the end: filled in (all targets met), submitted, confirmed, received. */
async function acceptedSelfEvaluation(name: string, amountFen: number): Promise<number> {
  const item = await createExecutingItem(api.city, { name, approvedAmountFen: amountFen });
  await api.call('POST', `/api/v1/items/${item.id}/payments`, {
    token: api.tokens.officerA,
    body: { paidOn: '2026-06-30', amountFen },
  });
  const se = (
    await api.call('POST', '/api/v1/self-evaluations', {
      token: api.tokens.officerA,
      body: { itemId: item.id, fiscalYear: 2026 },
    })
  ).body;
  await api.call('PUT', `/api/v1/self-evaluations/${se.id}`, {
    token: api.tokens.officerA,
    body: { lines: ['12000平方米', '100%', '3000人', '95%'].map((actual, row) => ({ row, actual })) },
  });
  for (const [step, token] of [
    ['submit', api.tokens.officerA],
    ['confirm', api.tokens.officerA],
    ['accept', api.tokens.admin],
  ] as const) {
    const res = await api.call('POST', `/api/v1/self-evaluations/${se.id}/${step}`, { token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }
  return se.id;
}

describe('spot checks through the API (EV-13)', () => {
  it('draws a reproducible sample, re-scores it, and a distortion tells the department and opens a rectification', async () => {
    await acceptedSelfEvaluation('教学楼维修', 50_000_000);
    await acceptedSelfEvaluation('图书馆扩建', 80_000_000);
    await acceptedSelfEvaluation('操场改造', 120_000_000);

    const refused = await api.call('POST', '/api/v1/spot-checks', {
      token: api.tokens.officerA,
      body: { fiscalYear: 2026 },
    });
    expect(refused.status).toBe(403);
    const none = await api.call('POST', '/api/v1/spot-checks', {
      token: api.tokens.admin,
      body: { fiscalYear: 2025 },
    });
    expect(none.status).toBe(400);
    expect(none.body.message).toContain('fiscalYear');

    const drawn = await api.call('POST', '/api/v1/spot-checks', {
      token: api.tokens.admin,
      body: { fiscalYear: 2026, seed: 20261220 },
    });
    expect(drawn.status).toBe(201);
    expect(drawn.body.seed).toBe(20261220);
    expect(drawn.body.candidateCount).toBe(3);
    // One department, two strata (smaller and larger half): 20% rounded up of each.
    expect(drawn.body.entries).toHaveLength(2);
    expect(drawn.body.entries.every((e: { reasonLabel: string }) => e.reasonLabel === '分层随机抽取')).toBe(
      true,
    );

    const redraw = await api.call('GET', `/api/v1/spot-checks/${drawn.body.id}/redraw`, {
      token: auditorToken,
    });
    expect(redraw.body.same).toBe(true);

    const [first, second] = drawn.body.entries;
    const path = (e: { id: number }) => `/api/v1/spot-checks/${drawn.body.id}/entries/${e.id}/review`;
    const officerReview = await api.call('POST', path(first), {
      token: api.tokens.officerA,
      body: { score: 80, note: '核减' },
    });
    expect(officerReview.status).toBe(403);
    const badScore = await api.call('POST', path(first), {
      token: auditorToken,
      body: { score: 120, note: '—' },
    });
    expect(badScore.status).toBe(400);
    expect(badScore.body.message).toContain('score');

    const distorted = await api.call('POST', path(first), {
      token: auditorToken,
      body: { score: 78, note: '受益学生人数无佐证，按实际核减' },
    });
    expect(distorted.status).toBe(200);
    expect(distorted.body.distorted).toBe(true);
    expect(distorted.body.reviewGrade.label).toBe('中（一般）');
    expect(distorted.body.reasons[0]).toContain('相差22分');
    expect(distorted.body.rectificationTaskId).toEqual(expect.any(Number));
    const task = await api.call('GET', `/api/v1/rectifications/${distorted.body.rectificationTaskId}`, {
      token: api.tokens.officerA,
    });
    expect(task.status).toBe(200);
    expect(task.body.source).toBe('spot_check');
    expect(task.body.requirement).toContain('失真');

    const again = await api.call('POST', path(first), {
      token: auditorToken,
      body: { score: 90, note: '改' },
    });
    expect(again.status).toBe(409);

    const fine = await api.call('POST', path(second), {
      token: api.tokens.admin,
      body: { score: 98, note: '属实' },
    });
    expect(fine.body.distorted).toBe(false);
    expect(fine.body.rectificationTaskId).toBeNull();

    // The distortion counts in the department's assessment.
    const coverage = await api.call('GET', '/api/v1/self-evaluations/coverage?fiscalYear=2026', {
      token: api.tokens.admin,
    });
    const edu = coverage.body.departments.find(
      (d: { department: { name: string } }) => d.department.name === '景德镇市教育局',
    );
    expect(edu.distortions).toBe(1);

    // Both results go to the department as notices to sign for.
    const queued = await api.db.db.select().from(outbox).where(eq(outbox.kind, 'spot_check_result'));
    expect(queued.map((r) => r.payload)).toEqual([
      { entryId: first.id, event: 'result' },
      { entryId: second.id, event: 'result' },
    ]);
  });
});
