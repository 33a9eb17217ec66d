import { issueToken } from '@jixiao/db/auth';
import { auditEntries, outbox } from '@jixiao/db/schema';
import { createExecutingItem } from '@jixiao/db/testing';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness } from './helpers.ts';

let h: ApiHarness;
let checkId: number;
let entries: Array<{ id: number; selfEvaluationId: number; orgUnit: { name: string } }>;
const experts: Record<string, { id: number; token: string }> = {};

async function user(name: string, orgUnitId: number, roles: string[]) {
  const res = await h.call('POST', '/api/v1/users', { body: { name, orgUnitId, roles } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { id: res.body.id as number, token: (await issueToken(h.db.db, res.body.id, 'test')).token };
}

async function acceptedSelfEvaluation(name: string, amountFen: number): Promise<number> {
  const item = await createExecutingItem(h.city, { name, approvedAmountFen: amountFen });
  await h.call('POST', `/api/v1/items/${item.id}/payments`, {
    token: h.tokens.officerA,
    body: { paidOn: '2026-06-30', amountFen },
  });
  const se = (
    await h.call('POST', '/api/v1/self-evaluations', {
      token: h.tokens.officerA,
      body: { itemId: item.id, fiscalYear: 2026 },
    })
  ).body;
  await h.call('PUT', `/api/v1/self-evaluations/${se.id}`, {
    token: h.tokens.officerA,
    body: { lines: ['12000平方米', '100%', '3000人', '95%'].map((actual, row) => ({ row, actual })) },
  });
  for (const [step, token] of [
    ['submit', h.tokens.officerA],
    ['confirm', h.tokens.officerA],
    ['accept', h.tokens.admin],
  ] as const) {
    const res = await h.call('POST', `/api/v1/self-evaluations/${se.id}/${step}`, { token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }
  return se.id;
}

beforeAll(async () => {
  h = await createApiHarness({ today: '2026-12-20' });
  await acceptedSelfEvaluation('教学楼维修', 50_000_000);
  await acceptedSelfEvaluation('图书馆扩建', 80_000_000);
  await acceptedSelfEvaluation('操场改造', 120_000_000);
  const drawn = await h.call('POST', '/api/v1/spot-checks', { body: { fiscalYear: 2026, seed: 20261220 } });
  expect(drawn.status).toBe(201);
  checkId = drawn.body.id;
  entries = drawn.body.entries;
  const org = await h.call('POST', '/api/v1/org-units', {
    body: { code: 'TP-PZ', name: '鹏志评估咨询', kind: 'third_party', regionId: h.city.regionId },
  });
  const people = [
    // Works for a school under the education bureau: the evaluated department.
    ['郑校长', { employer: '景德镇市第一中学', employerOrgUnitId: h.city.orgs.unitA1 }],
    // Audited the bureau's canteen last year: recent work for it.
    ['冯审计', { employer: '鹏志评估咨询' }],
    ['陈教授', { employer: '景德镇陶瓷大学' }],
    ['卫工程师', { employer: '鹏志评估咨询' }],
  ] as const;
  for (const [name, extra] of people) {
    const u = await user(name, org.body.id, ['evaluator']);
    const e = await h.call('POST', '/api/v1/experts', {
      body: { name, fields: ['教育'], title: '高级职称', userId: u.id, ...extra },
    });
    expect(e.status, JSON.stringify(e.body)).toBe(201);
    experts[name] = { id: e.body.id, token: u.token };
  }
  await h.call('POST', `/api/v1/experts/${experts.冯审计?.id}/work`, {
    body: { orgUnitId: h.city.orgs.unitA1, description: '一中食堂改造跟踪审计', endedOn: '2025-12-31' },
  });
});
afterAll(() => h.close());

const entryPath = (id: number, tail: string) => `/api/v1/spot-checks/${checkId}/entries/${id}/${tail}`;
const expert = (name: string) => experts[name] as { id: number; token: string };

describe('spot-check reviewing by library experts (EV-13)', () => {
  it('assigns an expert only by the bureau and never one with a conflict of interest', async () => {
    const [first] = entries as [(typeof entries)[number]];
    const byOfficer = await h.call('POST', entryPath(first.id, 'reviewer'), {
      token: h.tokens.officerA,
      body: { expertId: expert('陈教授').id },
    });
    expect(byOfficer.status).toBe(403);
    const employee = await h.call('POST', entryPath(first.id, 'reviewer'), {
      body: { expertId: expert('郑校长').id },
    });
    expect(employee.status).toBe(409);
    expect(employee.body.message).toBe(
      '专家“郑校长”与被评价单位存在利益冲突，不能复核：本人任职于被评价单位或其主管部门（景德镇市教育局）',
    );
    const recent = await h.call('POST', entryPath(first.id, 'reviewer'), {
      body: { expertId: expert('冯审计').id },
    });
    expect(recent.status).toBe(409);
    expect(recent.body.message).toContain('近3年曾为被评价单位或其主管部门提供服务');
    const missing = await h.call('POST', entryPath(first.id, 'reviewer'), { body: { expertId: 99999 } });
    expect(missing.status).toBe(400);
    expect(missing.body.message).toContain('expertId');
    const none = await h.db.db.select().from(outbox).where(eq(outbox.kind, 'spot_check_assignment'));
    expect(none).toEqual([]);

    const ok = await h.call('POST', entryPath(first.id, 'reviewer'), {
      body: { expertId: expert('陈教授').id },
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.reviewer).toMatchObject({ expertId: expert('陈教授').id, name: '陈教授' });
    const queued = await h.db.db.select().from(outbox).where(eq(outbox.kind, 'spot_check_assignment'));
    expect(queued.map((r) => r.payload)).toEqual([{ entryId: first.id, expertId: expert('陈教授').id }]);
    const audited = await h.db.db
      .select()
      .from(auditEntries)
      .where(
        and(
          eq(auditEntries.action, 'spot_check.assign_reviewer'),
          eq(auditEntries.entityId, String(first.id)),
        ),
      );
    expect(audited).toHaveLength(1);
  });

  it('lets only the assigned expert re-score, with the same distortion judgement, then rates the review', async () => {
    const [first, second] = entries as [(typeof entries)[number], (typeof entries)[number]];
    const other = await h.call('POST', entryPath(first.id, 'expert-review'), {
      token: expert('卫工程师').token,
      body: { score: 70, note: '—' },
    });
    expect(other.status).toBe(404);
    const notAssigned = await h.call('POST', entryPath(second.id, 'expert-review'), {
      token: expert('陈教授').token,
      body: { score: 70, note: '—' },
    });
    expect(notAssigned.status).toBe(404);
    const bad = await h.call('POST', entryPath(first.id, 'expert-review'), {
      token: expert('陈教授').token,
      body: { score: 101, note: '—' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('score');
    const officerTries = await h.call('POST', entryPath(first.id, 'expert-review'), {
      token: h.tokens.officerA,
      body: { score: 70, note: '—' },
    });
    expect(officerTries.status).toBe(403);

    // The assigned expert reads the entry; another expert does not.
    const read = await h.call('GET', `/api/v1/spot-checks/${checkId}/entries/${first.id}`, {
      token: expert('陈教授').token,
    });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: first.id, reviewScore: null, reviewer: { name: '陈教授' } });
    const unread = await h.call('GET', `/api/v1/spot-checks/${checkId}/entries/${first.id}`, {
      token: expert('卫工程师').token,
    });
    expect(unread.status).toBe(404);
    const reviewed = await h.call('POST', entryPath(first.id, 'expert-review'), {
      token: expert('陈教授').token,
      body: { score: 78, note: '受益学生人数无佐证' },
    });
    expect(reviewed.status, JSON.stringify(reviewed.body)).toBe(200);
    expect(reviewed.body.distorted).toBe(true);
    expect(reviewed.body.reviewedBy.name).toBe('陈教授');
    expect(reviewed.body.rectificationTaskId).toEqual(expect.any(Number));
    const told = await h.db.db.select().from(outbox).where(eq(outbox.kind, 'spot_check_result'));
    expect(told.map((r) => r.payload)).toContainEqual({ entryId: first.id, event: 'result' });
    const late = await h.call('POST', entryPath(first.id, 'reviewer'), {
      body: { expertId: expert('卫工程师').id },
    });
    expect(late.status).toBe(409);

    // The review is the expert's work for the department (a conflict for later jobs) and is rated like other jobs.
    const record = await h.call('GET', `/api/v1/experts/${expert('陈教授').id}`);
    expect(record.body.reviewRatingDue).toEqual([first.id]);
    expect(record.body.work[0], JSON.stringify(record.body.work)).toMatchObject({
      spotCheckEntryId: first.id,
      orgUnit: { name: '景德镇市教育局' },
    });
    const marks = { basis: 20, indicators: 20, data: 15, conclusion: 20, recommendations: 10, timeliness: 5 };
    const wrong = await h.call('POST', `/api/v1/experts/${expert('卫工程师').id}/ratings`, {
      body: { spotCheckEntryId: first.id, marks },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.message).toContain('spotCheckEntryId');
    const rated = await h.call('POST', `/api/v1/experts/${expert('陈教授').id}/ratings`, {
      body: { spotCheckEntryId: first.id, marks },
    });
    expect(rated.status, JSON.stringify(rated.body)).toBe(201);
    expect(rated.body).toMatchObject({ spotCheckEntryId: first.id, total: 90, outcome: 'keep' });
    expect((await h.call('GET', `/api/v1/experts/${expert('陈教授').id}`)).body.reviewRatingDue).toEqual([]);
    const second2 = await h.call('POST', entryPath(second.id, 'reviewer'), {
      body: { expertId: expert('陈教授').id },
    });
    expect(second2.status).toBe(409);
    expect(second2.body.message).toContain('近3年曾为被评价单位或其主管部门提供服务');
  });

  it('shows who still has to sign for the assignment', async () => {
    const res = await h.call('GET', `/api/v1/notices?subject=spot_check_review:${entries[0]?.id}`);
    expect(res.status).toBe(200);
    expect(res.body.notices).toEqual([]);
  });
});
